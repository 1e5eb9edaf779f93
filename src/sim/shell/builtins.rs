//! Shell builtins: ash's own (`set`, `export`, `exit`, `trap`, `read`, …,
//! from shell/ash.c) and the applets ash runs in-process (`echo` from
//! coreutils/echo.c, `printf` from coreutils/printf.c, `test`/`[` from
//! coreutils/test.c).

use super::interp::{Ctl, Shell, R};
use super::parser;
use super::pattern::{glob_match, Regex};

/// Builtin names, for `command -v` and `type`.
pub(crate) const BUILTINS: [&str; 38] = [
    ".", ":", "[", "[[", "break", "cd", "command", "continue", "echo", "eval", "exec", "exit",
    "export", "false", "getopts", "hash", "kill", "let", "local", "printf", "pwd", "read",
    "readonly", "return", "set", "shift", "source", "test", "times", "trap", "true", "type",
    "ulimit", "umask", "unset", "wait", "alias", "unalias",
];

/// `number()` in ash: digits only, else `Illegal number`.
fn ash_number(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        s.parse::<i64>()
            .map(|n| n.min(i32::MAX as i64) as i32)
            .unwrap_or(i32::MAX),
    )
}

/// Backslash escapes of `echo -e` and `printf %b` (libbb
/// `bb_process_escape_sequence()`); returns the text and whether `\c` cut it.
pub(crate) fn echo_escapes(s: &str) -> (String, bool) {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '\\' || i + 1 >= c.len() {
            out.push(c[i]);
            i += 1;
            continue;
        }
        let n = c[i + 1];
        i += 2;
        match n {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'e' => out.push('\u{1b}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            'c' => return (out, true),
            'x' => {
                let mut v = 0u32;
                let mut k = 0;
                while k < 2 && i < c.len() && c[i].is_ascii_hexdigit() {
                    v = v * 16 + c[i].to_digit(16).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                if k == 0 {
                    out.push_str("\\x");
                } else {
                    out.push(char::from_u32(v).unwrap_or('?'));
                }
            }
            '0'..='7' => {
                // `\0NNN`, or `\NNN`
                let mut v = 0u32;
                let mut k = 0;
                let max = if n == '0' { 3 } else { 2 };
                if n != '0' {
                    v = n.to_digit(8).unwrap_or(0);
                }
                while k < max && i < c.len() && ('0'..='7').contains(&c[i]) {
                    v = v * 8 + c[i].to_digit(8).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                out.push(char::from_u32(v & 0xff).unwrap_or('?'));
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

impl Shell<'_> {
    /// Runs `argv` if it names a builtin.
    pub(crate) fn builtin(&mut self, argv: &[String], tested: bool) -> Option<R<i32>> {
        let name = argv.first()?.as_str();
        let args = &argv[1..];
        Some(match name {
            ":" | "true" => Ok(0),
            "false" => Ok(1),
            "echo" => Ok(self.echo(args)),
            "printf" => Ok(self.printf(args)),
            "test" | "[" | "[[" => Ok(self.test(name, args)),
            "exit" => self.exit_builtin(args),
            "return" => match args.first() {
                None => Err(Ctl::Return(self.status)),
                Some(a) => match a.parse::<i64>() {
                    Ok(n) => Err(Ctl::Return((n & 0xff) as i32)),
                    Err(_) => self.fatal("return", &format!("Illegal number: {a}")),
                },
            },
            "break" | "continue" => self.break_builtin(name, args),
            "set" => self.set_builtin(args),
            "export" | "readonly" => Ok(self.export(name, args)),
            "local" => self.local(args),
            "unset" => {
                let funcs = args.first().map(String::as_str) == Some("-f");
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    if funcs {
                        self.funcs.remove(a);
                    } else {
                        self.unset_var(a);
                    }
                }
                Ok(0)
            }
            "shift" => {
                let n = match args.first() {
                    None => 1,
                    Some(a) => match ash_number(a) {
                        Some(n) => n as usize,
                        None => return Some(self.fatal("shift", &format!("Illegal number: {a}"))),
                    },
                };
                if n > self.positional.len() {
                    Ok(1)
                } else {
                    self.positional.drain(..n);
                    Ok(0)
                }
            }
            "eval" => self.eval(&args.join(" "), tested),
            "." | "source" => self.dot(name, args, tested),
            "exec" => {
                if args.is_empty() {
                    Ok(0)
                } else {
                    // exec runs a program in place of the shell; busybox's
                    // echo/printf/test are programs too (/bin/echo). In the
                    // shell's own process that program becomes PID 1.
                    let pid1 = self.forks == 0;
                    let r = if matches!(
                        args[0].as_str(),
                        "echo" | "printf" | "test" | "[" | "true" | "false"
                    ) {
                        if pid1 {
                            self.pid1_push(&args[0], false);
                        }
                        self.builtin(args, tested).unwrap_or(Ok(0))
                    } else {
                        self.pid1_exec = pid1;
                        let r = self.run_external(args);
                        self.pid1_exec = false;
                        r
                    };
                    match r {
                        Ok(st) => Err(Ctl::Exit(st)),
                        Err(e) => Err(e),
                    }
                }
            }
            "trap" => Ok(self.trap(args)),
            "times" => {
                self.write(1, "0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n");
                Ok(0)
            }
            "cd" => Ok(self.cd(args)),
            "pwd" => {
                let pwd = self.get_var("PWD").unwrap_or("/").to_string();
                self.write(1, &format!("{pwd}\n"));
                Ok(0)
            }
            "read" => self.read(args),
            "wait" | "hash" | "alias" | "unalias" => Ok(0),
            "umask" => {
                if args.is_empty() {
                    self.write(1, "0022\n");
                }
                Ok(0)
            }
            "ulimit" => {
                self.write(1, "unlimited\n");
                Ok(0)
            }
            "let" => {
                let mut last = 0;
                for a in args {
                    last = match self.arith_str(a) {
                        Ok(v) => v,
                        Err(e) => return Some(Err(e)),
                    };
                }
                Ok((last == 0) as i32)
            }
            "command" => self.command(args, tested),
            "type" => Ok(self.type_builtin(args)),
            "kill" => {
                self.note_once(
                    "kill",
                    "kill does nothing in the simulation: the script cannot signal other processes",
                );
                Ok(0)
            }
            _ => return None,
        })
    }

    /// An error in a special builtin: in a non-interactive shell it ends
    /// the shell with status 2 (ash `ash_msg_and_raise_error()`).
    fn fatal(&mut self, name: &str, msg: &str) -> R<i32> {
        self.builtin_error(name, msg);
        Err(Ctl::Exit(2))
    }

    fn exit_builtin(&mut self, args: &[String]) -> R<i32> {
        match args.first() {
            None => Err(Ctl::Exit(self.status)),
            Some(a) => match ash_number(a) {
                Some(n) => Err(Ctl::Exit(n & 0xff)),
                None => self.fatal("exit", &format!("Illegal number: {a}")),
            },
        }
    }

    fn break_builtin(&mut self, name: &str, args: &[String]) -> R<i32> {
        let n = match args.first() {
            None => 1,
            Some(a) => match ash_number(a) {
                Some(n) if n > 0 => n as u32,
                _ => return self.fatal(name, &format!("Illegal number: {a}")),
            },
        };
        let n = n.min(self.loop_depth);
        if n == 0 {
            return Ok(0);
        }
        Err(if name == "break" {
            Ctl::Break(n)
        } else {
            Ctl::Continue(n)
        })
    }

    fn echo(&mut self, args: &[String]) -> i32 {
        let mut newline = true;
        let mut escapes = false;
        let mut i = 0;
        // coreutils/echo.c: only arguments made of `n`, `e`, `E` are options
        while let Some(a) = args.get(i) {
            let opts = match a.strip_prefix('-') {
                Some(o) if !o.is_empty() && o.chars().all(|c| "neE".contains(c)) => o,
                _ => break,
            };
            for c in opts.chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            i += 1;
        }
        let mut text = args[i..].join(" ");
        if escapes {
            let (t, cut) = echo_escapes(&text);
            text = t;
            if cut {
                newline = false;
            }
        }
        if newline {
            text.push('\n');
        }
        self.write(1, &text);
        0
    }

    fn export(&mut self, name: &str, args: &[String]) -> i32 {
        let mut unexport = false;
        let mut print = args.is_empty();
        let mut names = Vec::new();
        for a in args {
            match a.as_str() {
                "-n" => unexport = true,
                "-p" => print = true,
                _ => names.push(a),
            }
        }
        if print && names.is_empty() {
            let mut list: Vec<(String, String)> = self
                .vars
                .iter()
                .filter(|(_, v)| v.exported || name == "readonly")
                .map(|(k, v)| (k.to_string(), v.value.to_string()))
                .collect();
            crate::sort::sort(&mut list);
            let mut out = String::new();
            for (k, v) in list {
                out.push_str(&format!("{name} {k}={}\n", super::interp::single_quote(&v)));
            }
            self.write(1, &out);
            return 0;
        }
        for a in names {
            let (n, v) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a.as_str(), None),
            };
            if !parser::is_name(n) {
                self.builtin_error(name, &format!("{n}: bad variable name"));
                return 2;
            }
            if let Some(v) = v {
                self.set_var(n, v);
            }
            if name == "export" {
                match self.vars.get_mut(n) {
                    Some(var) => var.exported = !unexport,
                    None if !unexport => {
                        // exported but unset: shows up once it is set
                    }
                    None => {}
                }
            }
        }
        0
    }

    fn local(&mut self, args: &[String]) -> R<i32> {
        if self.locals.is_empty() {
            return self.fatal("local", "not in a function");
        }
        for a in args {
            let (n, v) = match a.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            };
            if !parser::is_name(&n) {
                return self.fatal("local", &format!("{n}: bad variable name"));
            }
            let old = self.vars.get(n.as_str()).cloned();
            if let Some(frame) = self.locals.last_mut() {
                if !frame.iter().any(|(k, _)| *k == n) {
                    frame.push((n.clone(), old));
                }
            }
            if let Some(v) = v {
                self.set_var(&n, v);
            }
        }
        Ok(0)
    }

    fn set_builtin(&mut self, args: &[String]) -> R<i32> {
        if args.is_empty() {
            let mut list: Vec<(String, String)> = self
                .vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.value.to_string()))
                .collect();
            crate::sort::sort(&mut list);
            let mut out = String::new();
            for (k, v) in list {
                out.push_str(&format!("{k}={}\n", super::interp::single_quote(&v)));
            }
            self.write(1, &out);
            return Ok(0);
        }
        let mut i = 0;
        while let Some(a) = args.get(i) {
            let (on, letters) = match a.as_bytes().first() {
                Some(b'-') => (true, &a[1..]),
                Some(b'+') => (false, &a[1..]),
                _ => break,
            };
            i += 1;
            if letters.is_empty() || letters == "-" {
                if letters.is_empty() {
                    // `set -` turns off -x and -v
                    self.opts.xtrace = false;
                    self.opts.verbose = false;
                } else if args.get(i).is_none() {
                    self.positional.clear();
                }
                break;
            }
            for c in letters.chars() {
                if c == 'o' {
                    match args.get(i) {
                        None => {
                            self.print_options(on);
                        }
                        Some(opt) => {
                            i += 1;
                            if !self.set_long_option(opt, on) {
                                // ash `plus_minus_o()`: a message and status 1
                                let sign = if on { '-' } else { '+' };
                                self.builtin_error("set", &format!("illegal option {sign}o {opt}"));
                                return Ok(1);
                            }
                        }
                    }
                    continue;
                }
                if !self.set_letter(c, on) {
                    let sign = if on { '-' } else { '+' };
                    return self.fatal("set", &format!("illegal option {sign}{c}"));
                }
            }
        }
        if i < args.len() || args.last().map(String::as_str) == Some("--") {
            self.positional = args[i..].to_vec();
        }
        Ok(0)
    }

    fn set_letter(&mut self, c: char, on: bool) -> bool {
        let o = &mut self.opts;
        match c {
            'e' => o.errexit = on,
            'x' => o.xtrace = on,
            'u' => o.nounset = on,
            'f' => o.noglob = on,
            'v' => o.verbose = on,
            'a' => o.allexport = on,
            'C' => o.noclobber = on,
            'm' | 'n' | 'b' | 'E' | 'I' => {}
            _ => return false,
        }
        true
    }

    fn set_long_option(&mut self, name: &str, on: bool) -> bool {
        let letter = match name {
            "errexit" => 'e',
            "xtrace" => 'x',
            "nounset" => 'u',
            "noglob" => 'f',
            "verbose" => 'v',
            "allexport" => 'a',
            "noclobber" => 'C',
            "pipefail" => {
                self.opts.pipefail = on;
                return true;
            }
            "monitor" | "noexec" | "notify" | "errtrace" | "vi" | "ignoreeof" => return true,
            _ => return false,
        };
        self.set_letter(letter, on)
    }

    fn print_options(&mut self, on: bool) {
        let o = self.opts;
        let list = [
            ("errexit", o.errexit),
            ("noglob", o.noglob),
            ("ignoreeof", false),
            ("monitor", false),
            ("noexec", false),
            ("xtrace", o.xtrace),
            ("verbose", o.verbose),
            ("noclobber", o.noclobber),
            ("allexport", o.allexport),
            ("notify", false),
            ("nounset", o.nounset),
            ("errtrace", false),
            ("vi", false),
            ("pipefail", o.pipefail),
        ];
        let mut out = String::new();
        for (n, v) in list {
            if on {
                out.push_str(&format!("{n:<16}{}\n", if v { "on" } else { "off" }));
            } else {
                out.push_str(&format!("set {}o {n}\n", if v { '-' } else { '+' }));
            }
        }
        self.write(1, &out);
    }

    fn eval(&mut self, text: &str, tested: bool) -> R<i32> {
        // Parsing costs about as much as running a command per 16 bytes.
        self.tick_by(text.len() as u64 / 16)?;
        match parser::parse_all(text, self.line, 0) {
            Ok(l) => {
                if l.items.is_empty() {
                    return Ok(0);
                }
                // `eval` nests like a function call: it counts towards the
                // nesting cap (a script that evals its own `ps` output
                // would otherwise recurse until the stack overflows).
                self.enter()?;
                let r = self.exec_list(&l, tested);
                self.leave();
                r
            }
            Err(e) => {
                self.sh_error(&format!("syntax error: {}", e.detail));
                Err(Ctl::Exit(2))
            }
        }
    }

    fn dot(&mut self, name: &str, args: &[String], tested: bool) -> R<i32> {
        let Some(file) = args.first() else {
            return Ok(0);
        };
        let path = self.resolve_path(file);
        let Some(content) = self.read_file(&path) else {
            return self.fatal(name, &format!("{file}: not found"));
        };
        let l = match parser::parse_all(&content, 1, 0) {
            Ok(l) => l,
            Err(e) => {
                self.sh_error(&format!("syntax error: {}", e.detail));
                return Err(Ctl::Exit(2));
            }
        };
        let saved = if args.len() > 1 {
            Some(std::mem::replace(&mut self.positional, args[1..].to_vec()))
        } else {
            None
        };
        // A sourced file nests like a function call (a file that sources
        // itself would otherwise recurse until the stack overflows).
        if let Err(e) = self.enter() {
            if let Some(p) = saved {
                self.positional = p;
            }
            return Err(e);
        }
        let r = self.exec_list(&l, tested);
        self.leave();
        if let Some(p) = saved {
            self.positional = p;
        }
        match r {
            Err(Ctl::Return(st)) => Ok(st),
            other => other,
        }
    }

    fn trap(&mut self, args: &[String]) -> i32 {
        // ash `nextopt()` skips `--`
        let args = match args.first() {
            Some(a) if a == "--" => &args[1..],
            _ => args,
        };
        if args.is_empty() {
            if let Some(t) = self.exit_trap.clone() {
                let line = format!("trap -- {} EXIT\n", super::interp::single_quote(&t));
                self.write(1, &line);
            }
            return 0;
        }
        let (action, sigs) = if args.len() == 1 || args[0].chars().all(|c| c.is_ascii_digit()) {
            (None, args)
        } else {
            (Some(args[0].as_str()), &args[1..])
        };
        // ash `trapcmd()`: any action but `''` and `-` sets `may_have_traps`
        let catches = action.is_some_and(|a| !a.is_empty() && a != "-");
        for s in sigs {
            self.may_have_traps |= catches;
            // libbb `get_signum()`: a number, or a name with or without
            // SIG, in any case
            let upper = s.to_ascii_uppercase();
            if matches!(upper.strip_prefix("SIG").unwrap_or(&upper), "TERM" | "15") {
                self.set_term_trap(catches);
            }
            let s = s.trim_start_matches("SIG");
            if s == "EXIT" || s == "0" {
                self.exit_trap = match action {
                    None | Some("-") => None,
                    Some(a) => Some(a.to_string()),
                };
            } else {
                self.note_once(
                    "trap",
                    "trap handlers for signals never run in the simulation: the engine stops the container by cutting its timeline",
                );
            }
        }
        0
    }

    fn cd(&mut self, args: &[String]) -> i32 {
        let target = match args
            .iter()
            .find(|a| !a.starts_with('-') || a.as_str() == "-")
        {
            None => self.get_var("HOME").unwrap_or("/root").to_string(),
            Some(a) if a == "-" => self.get_var("OLDPWD").unwrap_or("/").to_string(),
            Some(a) => a.clone(),
        };
        let path = self.resolve_path(&target);
        if !self.is_dir(&path) {
            self.builtin_error(
                "cd",
                &format!("can't cd to {target}: No such file or directory"),
            );
            return 2;
        }
        let old = self.get_var("PWD").unwrap_or("/").to_string();
        self.set_var("OLDPWD", old);
        self.set_var("PWD", path);
        0
    }

    /// ash `readcmd()` (shell_common.c `shell_builtin_read()`): one line
    /// from standard input, split on IFS over the names. The line arrives
    /// when it was written, so reading waits for it.
    fn read(&mut self, args: &[String]) -> R<i32> {
        let mut raw = false;
        let mut names = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-r" => raw = true,
                "-p" | "-t" | "-n" | "-u" | "-d" => {
                    it.next();
                }
                s if s.starts_with('-') && s.len() > 1 && names.is_empty() => {}
                _ => names.push(a.clone()),
            }
        }
        if names.is_empty() {
            names.push("REPLY".to_string());
        }
        let line = match self.stdin.last_mut().and_then(|q| q.pop_front()) {
            Some((t, l)) => {
                self.advance_to(t)?;
                Some(l)
            }
            None => None,
        };
        let Some(mut text) = line else {
            for n in &names {
                self.set_var(n, String::new());
            }
            return Ok(1);
        };
        if !raw {
            let mut s = String::new();
            let mut esc = false;
            for c in text.chars() {
                if esc {
                    s.push(c);
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else {
                    s.push(c);
                }
            }
            text = s;
        }
        let ifs = self.get_var("IFS").unwrap_or(" \t\n").to_string();
        let is_ws = |c: char| ifs.contains(c) && c.is_whitespace();
        let mut rest = text.trim_start_matches(is_ws).to_string();
        for (i, n) in names.iter().enumerate() {
            if i + 1 == names.len() {
                let v = rest.trim_end_matches(is_ws).to_string();
                self.set_var(n, v);
                break;
            }
            match rest.find(|c: char| ifs.contains(c)) {
                Some(p) => {
                    let (field, tail) = rest.split_at(p);
                    let field = field.to_string();
                    let tail: String = tail.chars().skip(1).collect();
                    self.set_var(n, field);
                    rest = tail.trim_start_matches(is_ws).to_string();
                }
                None => {
                    self.set_var(n, std::mem::take(&mut rest));
                }
            }
        }
        Ok(0)
    }

    fn command(&mut self, args: &[String], tested: bool) -> R<i32> {
        let mut i = 0;
        let mut verbose = None;
        while let Some(a) = args.get(i) {
            match a.as_str() {
                "-v" => verbose = Some(false),
                "-V" => verbose = Some(true),
                "-p" => {}
                _ => break,
            }
            i += 1;
        }
        let rest = &args[i..];
        if let Some(v) = verbose {
            let Some(n) = rest.first() else {
                return Ok(0);
            };
            return Ok(self.describe(n, v));
        }
        if rest.is_empty() {
            return Ok(0);
        }
        // `command NAME`: skips functions; a program in `EV_EXIT` position
        // replaces PID 1 as without `command`
        let pid1 = std::mem::take(&mut self.pid1_exec);
        // `command command … X` recurses once per word: it counts towards
        // the nesting cap so no paste can exhaust the stack.
        self.enter()?;
        let r = match self.builtin(rest, tested) {
            Some(r) => r,
            None => {
                self.pid1_exec = pid1;
                self.run_external(rest)
            }
        };
        self.leave();
        r
    }

    fn type_builtin(&mut self, args: &[String]) -> i32 {
        let mut st = 0;
        for a in args {
            st |= self.describe(a, true);
        }
        st
    }

    /// ash `describe_command()`.
    fn describe(&mut self, name: &str, verbose: bool) -> i32 {
        let text = if parser::is_keyword(name) {
            if verbose {
                format!("{name} is a shell keyword")
            } else {
                name.to_string()
            }
        } else if self.funcs.contains_key(name) {
            if verbose {
                format!("{name} is a function")
            } else {
                name.to_string()
            }
        } else if BUILTINS.contains(&name) {
            if verbose {
                let special = if parser::SPECIAL_BUILTINS.contains(&name) {
                    "special "
                } else {
                    ""
                };
                format!("{name} is a {special}shell builtin")
            } else {
                name.to_string()
            }
        } else if super::applets::APPLETS.contains(&name) {
            let path = format!("/bin/{name}");
            if verbose {
                format!("{name} is {path}")
            } else {
                path
            }
        } else {
            let path = if name.contains('/') {
                self.resolve_path(name)
            } else {
                format!("/usr/local/bin/{name}")
            };
            match self.world.file(&path) {
                Some(_) => {
                    if verbose {
                        format!("{name} is {path}")
                    } else {
                        path
                    }
                }
                None => {
                    if verbose {
                        self.write(1, &format!("{name}: not found\n"));
                    }
                    return 127;
                }
            }
        };
        self.write(1, &format!("{text}\n"));
        0
    }

    // ------------------------------------------------------------- printf

    /// coreutils/printf.c: the format is reused while arguments remain.
    fn printf(&mut self, args: &[String]) -> i32 {
        let Some(fmt) = args.first() else {
            self.write(2, "printf: usage: printf FORMAT [ARGUMENT...]\n");
            return 1;
        };
        let mut rest: &[String] = &args[1..];
        let mut out = String::new();
        let mut status = 0;
        loop {
            let before = rest.len();
            let stop = self.printf_once(fmt, &mut rest, &mut out, &mut status);
            if stop || rest.is_empty() || rest.len() == before || out.len() > super::interp::MAX_STR
            {
                break;
            }
        }
        self.write(1, &out);
        status
    }

    /// One pass over the format; true when `\c` or an error stops output.
    fn printf_once(
        &mut self,
        fmt: &str,
        args: &mut &[String],
        out: &mut String,
        status: &mut i32,
    ) -> bool {
        let f: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        let next = |args: &mut &[String]| -> Option<String> {
            let (a, r) = args.split_first()?;
            *args = r;
            Some(a.clone())
        };
        while i < f.len() {
            let c = f[i];
            if c == '\\' {
                let (s, cut, used) = printf_escape(&f[i..]);
                if cut {
                    return true;
                }
                out.push_str(&s);
                i += used;
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if f.get(i) == Some(&'%') {
                out.push('%');
                i += 1;
                continue;
            }
            let start = i;
            let mut flags = String::new();
            while let Some(&fl) = f.get(i).filter(|c| "-+ #0".contains(**c)) {
                flags.push(fl);
                i += 1;
            }
            let mut width: Option<usize> = None;
            if f.get(i) == Some(&'*') {
                i += 1;
                let a = next(args).unwrap_or_default();
                let w = a.trim().parse::<i64>().unwrap_or(0);
                if w < 0 {
                    flags.push('-');
                }
                width = Some(w.unsigned_abs().min(4096) as usize);
            } else {
                let mut w = String::new();
                while let Some(&d) = f.get(i).filter(|c| c.is_ascii_digit()) {
                    w.push(d);
                    i += 1;
                }
                if !w.is_empty() {
                    width = Some(w.parse::<usize>().unwrap_or(4096).min(4096));
                }
            }
            let mut prec: Option<usize> = None;
            if f.get(i) == Some(&'.') {
                i += 1;
                if f.get(i) == Some(&'*') {
                    i += 1;
                    let a = next(args).unwrap_or_default();
                    prec = Some(a.trim().parse::<i64>().unwrap_or(0).clamp(0, 4096) as usize);
                } else {
                    let mut p = String::new();
                    while let Some(&d) = f.get(i).filter(|c| c.is_ascii_digit()) {
                        p.push(d);
                        i += 1;
                    }
                    prec = Some(p.parse::<usize>().unwrap_or(0).min(4096));
                }
            }
            while f.get(i).is_some_and(|c| "hlLqjzt".contains(*c)) {
                i += 1;
            }
            let Some(&conv) = f.get(i) else {
                let spec: String = f[start - 1..].iter().collect();
                self.write(2, &format!("printf: {spec}: invalid format\n"));
                *status = 1;
                return true;
            };
            i += 1;
            let left = flags.contains('-');
            let zero = flags.contains('0') && !left;
            let piece = match conv {
                's' | 'b' => {
                    let a = next(args).unwrap_or_default();
                    let (mut s, cut) = if conv == 'b' {
                        echo_escapes(&a)
                    } else {
                        (a, false)
                    };
                    if let Some(p) = prec {
                        s = s.chars().take(p).collect();
                    }
                    let s = pad(&s, width, left, false);
                    if cut {
                        out.push_str(&s);
                        return true;
                    }
                    s
                }
                'c' => {
                    let a = next(args).unwrap_or_default();
                    pad(
                        &a.chars().next().map(String::from).unwrap_or_default(),
                        width,
                        left,
                        false,
                    )
                }
                'd' | 'i' | 'o' | 'u' | 'x' | 'X' => {
                    let a = next(args).unwrap_or_default();
                    let v = match printf_int(&a) {
                        Ok(v) => v,
                        Err(v) => {
                            self.write(2, &format!("printf: invalid number '{a}'\n"));
                            *status = 1;
                            v
                        }
                    };
                    let (sign, digits) = match conv {
                        'd' | 'i' => {
                            let sign = if v < 0 {
                                "-"
                            } else if flags.contains('+') {
                                "+"
                            } else if flags.contains(' ') {
                                " "
                            } else {
                                ""
                            };
                            (sign.to_string(), v.unsigned_abs().to_string())
                        }
                        'o' => (
                            if flags.contains('#') { "0" } else { "" }.to_string(),
                            format!("{:o}", v as u64),
                        ),
                        'u' => (String::new(), (v as u64).to_string()),
                        'x' => (
                            if flags.contains('#') && v != 0 {
                                "0x"
                            } else {
                                ""
                            }
                            .to_string(),
                            format!("{:x}", v as u64),
                        ),
                        _ => (
                            if flags.contains('#') && v != 0 {
                                "0X"
                            } else {
                                ""
                            }
                            .to_string(),
                            format!("{:X}", v as u64),
                        ),
                    };
                    let digits = match prec {
                        Some(p) if digits.len() < p => {
                            format!("{}{digits}", "0".repeat(p - digits.len()))
                        }
                        _ => digits,
                    };
                    pad_number(&sign, &digits, width, left, zero && prec.is_none())
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let a = next(args).unwrap_or_default();
                    let v = match a.trim().parse::<f64>() {
                        Ok(v) => v,
                        Err(_) if a.trim().is_empty() => 0.0,
                        Err(_) => match printf_int(&a) {
                            Ok(v) => v as f64,
                            Err(_) => {
                                self.write(2, &format!("printf: invalid number '{a}'\n"));
                                *status = 1;
                                0.0
                            }
                        },
                    };
                    let p = prec.unwrap_or(6);
                    let body = match conv {
                        'f' | 'F' => format!("{:.*}", p, v.abs()),
                        'e' | 'E' => fmt_exp(v.abs(), p, conv == 'E'),
                        _ => fmt_general(v.abs(), p, conv == 'G', flags.contains('#')),
                    };
                    let sign = if v.is_sign_negative() && v != 0.0 {
                        "-"
                    } else if flags.contains('+') {
                        "+"
                    } else if flags.contains(' ') {
                        " "
                    } else {
                        ""
                    };
                    pad_number(sign, &body, width, left, zero)
                }
                other => {
                    let spec: String = f[start - 1..i].iter().collect();
                    let _ = other;
                    self.write(2, &format!("printf: {spec}: invalid format\n"));
                    *status = 1;
                    return true;
                }
            };
            out.push_str(&piece);
            if out.len() > super::interp::MAX_STR {
                return true;
            }
        }
        false
    }

    // --------------------------------------------------------------- test

    /// coreutils/test.c `test_main()`; errors are printed by the applet,
    /// which runs as `sh` inside ash (`sh: missing ]`), with status 2.
    fn test(&mut self, name: &str, args: &[String]) -> i32 {
        let mut args: Vec<String> = args.to_vec();
        if name == "[" || name == "[[" {
            let close = if name == "[" { "]" } else { "]]" };
            if args.last().map(String::as_str) != Some(close) {
                self.write(2, &format!("sh: missing {close}\n"));
                return 2;
            }
            args.pop();
        }
        let mut t = TestEval {
            sh: self,
            args: &args,
            pos: 0,
            dbl: name == "[[",
            depth: 0,
        };
        match t.run() {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(msg) => {
                self.write(2, &format!("sh: {msg}\n"));
                2
            }
        }
    }

    /// `test -e` and friends against the simulated filesystem.
    fn file_test(&self, op: &str, path: &str) -> bool {
        let p = self.resolve_path(path);
        let dir = self.is_dir(&p);
        let content = self.read_file(&p);
        let exists = dir || content.is_some();
        match op {
            "-e" | "-r" | "-w" => exists,
            "-f" => content.is_some() && !dir && p != "/dev/null",
            "-d" => dir,
            "-x" => {
                dir || (!self.fs.files.contains_key(&p)
                    && !self.fs.removed.contains(&p)
                    && self.world.file(&p).is_some_and(|f| f.executable))
                    || super::applets::is_standard_executable(&p)
            }
            "-s" => content.is_some_and(|c| !c.is_empty()) || dir,
            "-c" => p == "/dev/null",
            _ => false,
        }
    }
}

struct TestEval<'s, 'a, 'b> {
    sh: &'s mut Shell<'a>,
    args: &'b [String],
    pos: usize,
    dbl: bool,
    depth: u32,
}

const UNARY: [&str; 21] = [
    "-r", "-w", "-x", "-e", "-f", "-d", "-c", "-b", "-p", "-u", "-g", "-k", "-s", "-t", "-z", "-n",
    "-h", "-O", "-G", "-L", "-S",
];
const BINARY: [&str; 14] = [
    "=", "==", "!=", "<", ">", "-eq", "-ne", "-ge", "-gt", "-le", "-lt", "-nt", "-ot", "-ef",
];

/// test.c `getn()`: strtoll, then only white space may follow.
fn test_number(s: &str) -> Result<i64, String> {
    let t = s.trim();
    if t.is_empty() || t.trim_start_matches(['-', '+']).is_empty() {
        return Err(if s.is_empty() {
            "bad number".to_string()
        } else {
            format!("{s}: bad number")
        });
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s}: bad number"));
    }
    t.parse::<i64>().map_err(|_| format!("{s}: out of range"))
}

impl TestEval<'_, '_, '_> {
    fn run(&mut self) -> Result<bool, String> {
        let a = self.args;
        // POSIX special cases by argument count (test.c)
        match a.len() {
            0 => return Ok(false),
            1 => return Ok(!a[0].is_empty()),
            2 if a[0] == "!" => return Ok(a[1].is_empty()),
            2 if UNARY.contains(&a[0].as_str()) => return self.unary(&a[0], &a[1]),
            3 if self.is_binop(&a[1]) => return self.binary(&a[0], &a[1], &a[2]),
            3 if a[0] == "!" => {
                let mut sub = TestEval {
                    sh: &mut *self.sh,
                    args: &a[1..],
                    pos: 0,
                    dbl: self.dbl,
                    depth: 0,
                };
                return sub.run().map(|r| !r);
            }
            4 if a[0] == "!" && self.is_binop(&a[2]) => {
                return self.binary(&a[1], &a[2], &a[3]).map(|r| !r);
            }
            _ => {}
        }
        let r = self.or()?;
        if let Some(extra) = self.args.get(self.pos) {
            return Err(format!("{extra}: unknown operand"));
        }
        Ok(r)
    }

    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn is_binop(&self, op: &str) -> bool {
        BINARY.contains(&op) || (self.dbl && op == "=~")
    }

    fn or(&mut self) -> Result<bool, String> {
        self.depth += 1;
        if self.depth > 100 {
            return Err("expression too complex".into());
        }
        let mut r = self.and()?;
        while matches!(self.peek(), Some("-o") | Some("||")) {
            self.pos += 1;
            let b = self.and()?;
            r = r || b;
        }
        self.depth -= 1;
        Ok(r)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut r = self.not()?;
        while matches!(self.peek(), Some("-a") | Some("&&")) {
            self.pos += 1;
            let b = self.not()?;
            r = r && b;
        }
        Ok(r)
    }

    fn not(&mut self) -> Result<bool, String> {
        let mut neg = false;
        while self.peek() == Some("!") {
            self.pos += 1;
            neg = !neg;
        }
        self.primary().map(|r| r != neg)
    }

    fn primary(&mut self) -> Result<bool, String> {
        let Some(t) = self.peek().map(str::to_string) else {
            return Err("argument expected".into());
        };
        if t == "(" {
            self.pos += 1;
            let r = self.or()?;
            if self.peek() != Some(")") {
                return Err("closing paren expected".into());
            }
            self.pos += 1;
            return Ok(r);
        }
        if UNARY.contains(&t.as_str()) {
            self.pos += 1;
            let Some(arg) = self.peek().map(str::to_string) else {
                return Err(format!("{t}: argument expected"));
            };
            self.pos += 1;
            return self.unary(&t, &arg);
        }
        if let Some(op) = self.args.get(self.pos + 1).filter(|o| self.is_binop(o)) {
            let op = op.clone();
            let Some(rhs) = self.args.get(self.pos + 2).cloned() else {
                return Err(format!("{op}: argument expected"));
            };
            self.pos += 3;
            return self.binary(&t, &op, &rhs);
        }
        self.pos += 1;
        Ok(!t.is_empty())
    }

    fn unary(&mut self, op: &str, arg: &str) -> Result<bool, String> {
        Ok(match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-t" => false, // no terminal in a container log
            _ => self.sh.file_test(op, arg),
        })
    }

    fn binary(&mut self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        Ok(match op {
            "=" | "==" if self.dbl => glob_match(b, a),
            "=~" => regex_match(a, b),
            "!=" if self.dbl => !glob_match(b, a),
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            // test.c binop(): both must exist; st_mtime is in seconds.
            "-nt" | "-ot" | "-ef" => {
                let (pa, pb) = (self.sh.resolve_path(a), self.sh.resolve_path(b));
                match (self.sh.mtime(&pa), self.sh.mtime(&pb)) {
                    (Some(x), Some(y)) => {
                        let (x, y) = (x.div_euclid(1000), y.div_euclid(1000));
                        match op {
                            "-nt" => x > y,
                            "-ot" => x < y,
                            _ => pa == pb,
                        }
                    }
                    _ => false,
                }
            }
            _ => {
                let x = test_number(a)?;
                let y = test_number(b)?;
                match op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-ge" => x >= y,
                    "-gt" => x > y,
                    "-le" => x <= y,
                    _ => x < y,
                }
            }
        })
    }
}

/// `[[ a =~ re ]]` (ash BASH_TEST2): an extended regex.
fn regex_match(s: &str, re: &str) -> bool {
    Regex::new(re, true, false).is_some_and(|r| r.is_match(s))
}

/// printf's integer argument: a number, or `'c` for a character's code;
/// `Err` carries the value to use after an "invalid number" message.
fn printf_int(a: &str) -> Result<i64, i64> {
    let t = a.trim_start();
    if t.is_empty() {
        return Ok(0);
    }
    if let Some(rest) = t.strip_prefix(['\'', '"']) {
        return Ok(rest.chars().next().map(|c| c as i64).unwrap_or(0));
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (digits, radix) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (h, 16)
        } else if body.len() > 1 && body.starts_with('0') {
            (&body[1..], 8)
        } else {
            (body, 10)
        };
    let mut v: i64 = 0;
    let mut ok = !digits.is_empty();
    for c in digits.chars() {
        match c.to_digit(radix) {
            Some(d) => v = v.wrapping_mul(radix as i64).wrapping_add(d as i64),
            None => {
                ok = false;
                break;
            }
        }
    }
    let v = if neg { v.wrapping_neg() } else { v };
    if ok {
        Ok(v)
    } else {
        Err(v)
    }
}

/// Escapes in a printf format; (text, `\c` seen, chars used).
fn printf_escape(f: &[char]) -> (String, bool, usize) {
    let Some(&n) = f.get(1) else {
        return ("\\".into(), false, 1);
    };
    let simple = match n {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'e' => Some('\u{1b}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '"' => Some('"'),
        '\'' => Some('\''),
        _ => None,
    };
    if let Some(c) = simple {
        return (c.to_string(), false, 2);
    }
    if n == 'c' {
        return (String::new(), true, 2);
    }
    if ('0'..='7').contains(&n) {
        let mut v = 0u32;
        let mut k = 1;
        while k <= 3 && f.get(k).is_some_and(|c| ('0'..='7').contains(c)) {
            v = v * 8 + f[k].to_digit(8).unwrap_or(0);
            k += 1;
        }
        return (
            char::from_u32(v & 0xff).unwrap_or('?').to_string(),
            false,
            k,
        );
    }
    if n == 'x' {
        let mut v = 0u32;
        let mut k = 2;
        while k < 4 && f.get(k).is_some_and(|c| c.is_ascii_hexdigit()) {
            v = v * 16 + f[k].to_digit(16).unwrap_or(0);
            k += 1;
        }
        if k > 2 {
            return (char::from_u32(v).unwrap_or('?').to_string(), false, k);
        }
    }
    (format!("\\{n}"), false, 2)
}

fn pad(s: &str, width: Option<usize>, left: bool, zero: bool) -> String {
    let len = s.chars().count();
    match width {
        Some(w) if w > len => {
            let fill = if zero { '0' } else { ' ' };
            let p: String = std::iter::repeat_n(fill, w - len).collect();
            if left {
                format!("{s}{p}")
            } else {
                format!("{p}{s}")
            }
        }
        _ => s.to_string(),
    }
}

fn pad_number(sign: &str, digits: &str, width: Option<usize>, left: bool, zero: bool) -> String {
    if zero {
        let w = width.unwrap_or(0).saturating_sub(sign.len());
        format!("{sign}{}", pad(digits, Some(w), false, true))
    } else {
        pad(&format!("{sign}{digits}"), width, left, false)
    }
}

/// C `%e`.
fn fmt_exp(v: f64, p: usize, upper: bool) -> String {
    if !v.is_finite() {
        return if v.is_nan() { "nan" } else { "inf" }.to_string();
    }
    let s = format!("{:.*e}", p, v);
    // Rust gives `1.5e2`; C wants `1.5e+02`
    let (m, e) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let r = format!("{m}e{sign}{:02}", e.abs());
    if upper {
        r.to_ascii_uppercase()
    } else {
        r
    }
}

/// C `%g`.
fn fmt_general(v: f64, p: usize, upper: bool, alt: bool) -> String {
    if !v.is_finite() {
        return if v.is_nan() { "nan" } else { "inf" }.to_string();
    }
    let p = p.max(1);
    let exp = if v == 0.0 {
        0
    } else {
        v.log10().floor() as i32
    };
    let mut s = if exp < -4 || exp >= p as i32 {
        fmt_exp(v, p - 1, upper)
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, v)
    };
    if !alt {
        if let Some(epos) = s.find(['e', 'E']) {
            let (m, e) = s.split_at(epos);
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            s = format!("{m}{e}");
        } else if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(echo_escapes("a\\nb\\tc"), ("a\nb\tc".into(), false));
        assert_eq!(echo_escapes("a\\cb"), ("a".into(), true));
        assert_eq!(echo_escapes("\\0101\\x41"), ("AA".into(), false));
        assert_eq!(echo_escapes("\\q"), ("\\q".into(), false));
    }

    #[test]
    fn number_formats() {
        assert_eq!(printf_int("42"), Ok(42));
        assert_eq!(printf_int("-0x10"), Ok(-16));
        assert_eq!(printf_int("'A"), Ok(65));
        assert_eq!(printf_int("12abc"), Err(12));
        assert_eq!(fmt_exp(1234.5, 2, false), "1.23e+03");
        assert_eq!(fmt_general(0.0001, 6, false, false), "0.0001");
        assert_eq!(fmt_general(1234567.0, 6, false, false), "1.23457e+06");
        assert_eq!(fmt_general(2.5, 6, false, false), "2.5");
        assert_eq!(pad_number("-", "5", Some(4), false, true), "-005");
        assert_eq!(test_number(" 12 "), Ok(12));
        assert_eq!(test_number("abc"), Err("abc: bad number".into()));
        assert_eq!(test_number(""), Err("bad number".into()));
    }
}
