//! Busybox applets and the few other programs container scripts call
//! (`pg_isready`, `curl`), run by the shell when the scenario does not
//! define a program of that name. Messages and statuses are the applets':
//! coreutils/cat.c, coreutils/sleep.c, coreutils/timeout.c,
//! coreutils/date.c, coreutils/head.c, coreutils/tail.c, coreutils/wc.c,
//! findutils/grep.c, procps/ps.c, networking/nc.c, networking/wget.c.
//!
//! Network checks ask the world whether the service is reachable when the
//! request starts, and take 10 ms whatever the answer: in a cluster a
//! connection to a Service without ready endpoints is refused at once
//! (kube-proxy rejects it), it does not hang.

use super::datetime::{strftime, tm_from_unix_ms};
use super::interp::{text_lines, Ctl, Shell, R};
use super::pattern::Regex;
use std::collections::VecDeque;

/// Input lines with the time they were written.
type Lines = VecDeque<(i64, String)>;

/// How long one network request takes.
pub(crate) const NET_MS: i64 = 10;

/// Directories of a busybox image.
pub(crate) const STANDARD_DIRS: [&str; 22] = [
    "/",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local",
    "/usr/local/bin",
    "/var",
    "/var/log",
    "/var/run",
    "/var/tmp",
    "/var/spool",
];

/// Commands this module runs.
pub(crate) const APPLETS: [&str; 38] = [
    "sleep",
    "timeout",
    "cat",
    "grep",
    "egrep",
    "fgrep",
    "wc",
    "head",
    "tail",
    "tee",
    "ps",
    "date",
    "nc",
    "wget",
    "curl",
    "pg_isready",
    "ls",
    "touch",
    "find",
    "stat",
    "mkdir",
    "rm",
    "env",
    "printenv",
    "hostname",
    "whoami",
    "id",
    "uname",
    "seq",
    "basename",
    "dirname",
    "expr",
    "sh",
    "ash",
    "bash",
    "usleep",
    "nslookup",
    "true",
];

/// Whether `path` is one of the image's programs (`test -x /bin/sh`).
pub(crate) fn is_standard_executable(path: &str) -> bool {
    let Some((dir, name)) = path.rsplit_once('/') else {
        return false;
    };
    matches!(dir, "/bin" | "/usr/bin" | "/sbin" | "/usr/sbin")
        && (APPLETS.contains(&name) || name == "busybox" || name == "echo" || name == "false")
}

/// busybox `parse_duration_str()`: a decimal number with an optional
/// s/m/h/d suffix, in milliseconds; `None` = invalid; `inf` = forever.
pub(crate) fn parse_duration(s: &str) -> Option<Option<i64>> {
    let lower = s.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(None);
    }
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1000.0),
        'm' => (&s[..s.len() - 1], 60_000.0),
        'h' => (&s[..s.len() - 1], 3_600_000.0),
        'd' => (&s[..s.len() - 1], 86_400_000.0),
        _ => (s, 1000.0),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    let ms = (v * mult).round();
    if ms > 9.0e15 {
        return Some(None);
    }
    Some(Some(ms as i64))
}

fn signal_number(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let name = s.to_ascii_uppercase();
    let name = name.trim_start_matches("SIG");
    Some(match name {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "KILL" => 9,
        "USR1" => 10,
        "USR2" => 12,
        "ALRM" => 14,
        "TERM" => 15,
        _ => return None,
    })
}

/// `http://host:port/path` -> (host, port).
fn parse_url(url: &str) -> Option<(String, u16)> {
    let (default_port, rest) = if let Some(r) = url.strip_prefix("http://") {
        (80, r)
    } else if let Some(r) = url.strip_prefix("https://") {
        (443, r)
    } else if url.contains("://") {
        return None;
    } else {
        (80, url)
    };
    let hostport = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hostport = hostport.rsplit('@').next().unwrap_or(hostport);
    if hostport.is_empty() {
        return None;
    }
    match hostport.rsplit_once(':') {
        Some((h, p)) => Some((h.to_string(), p.parse().ok()?)),
        None => Some((hostport.to_string(), default_port)),
    }
}

/// Splits `-abc` style flags: returns (flags, operands); options listed in
/// `with_arg` take the next argument.
fn getopt(args: &[String], with_arg: &str) -> (Vec<(char, Option<String>)>, Vec<String>) {
    let mut flags = Vec::new();
    let mut ops = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            ops.extend(args[i..].iter().cloned());
            break;
        }
        if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            let cs: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < cs.len() {
                let c = cs[k];
                k += 1;
                if with_arg.contains(c) {
                    let v = if k < cs.len() {
                        let v: String = cs[k..].iter().collect();
                        k = cs.len();
                        Some(v)
                    } else {
                        let v = args.get(i).cloned();
                        i += 1;
                        v
                    };
                    flags.push((c, v));
                } else {
                    flags.push((c, None));
                }
            }
        } else {
            ops.push(a.clone());
        }
    }
    (flags, ops)
}

/// The unix seconds `touch -d`/`-t` names (UTC, as in a container
/// without a time zone), after busybox `parse_datestr()`: what a form
/// leaves out is taken from `now` (the time of day for a date alone, the
/// century and the year for a short stamp), and then the answer says it
/// asked the clock. Dates past year 9999 are refused, as `mktime` would.
fn touch_date(v: &str, stamp: bool, now: i64) -> Option<(i64, bool)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let num = |s: &str| -> Option<i64> { digits(s).then(|| s.parse().ok())? };
    let tm = tm_from_unix_ms(now.saturating_mul(1000));
    let civil = crate::sim::cron::tz::unix_from_civil;
    let (secs, asked) = if stamp {
        // [[CC]YY]MMDDhhmm[.ss]
        let (main, ss) = v.split_once('.').unwrap_or((v, "0"));
        let n = main.len();
        if !digits(main) || !(8..=12).contains(&n) || n % 2 == 1 {
            return None;
        }
        let f = |k: usize| num(&main[n - k..n - k + 2]);
        let (year, asked) = match n {
            12 => (num(&main[..4])?, false),
            // Two digits: the year within 50 of this one.
            10 => {
                let yy = num(&main[..2])?;
                let mut y = tm.year - tm.year.rem_euclid(100) + yy;
                if y > tm.year + 50 {
                    y -= 100;
                } else if y < tm.year - 50 {
                    y += 100;
                }
                (y, true)
            }
            _ => (tm.year, true),
        };
        (civil(year, f(8)?, f(6)?, f(4)?, f(2)?, num(ss)?), asked)
    } else if let Some(secs) = v.strip_prefix('@') {
        let n = match secs.strip_prefix('-') {
            Some(s) => -num(s)?,
            None => num(secs)?,
        };
        (n, false)
    } else {
        let (date, time) = match v.split_once(' ') {
            Some((d, t)) => (d, Some(t)),
            None => (v, None),
        };
        let d: Vec<&str> = date.split('-').collect();
        if d.len() != 3 {
            return None;
        }
        let (h, m, s, asked) = match time {
            None => (
                i64::from(tm.hour),
                i64::from(tm.min),
                i64::from(tm.sec),
                true,
            ),
            Some(t) => {
                let t: Vec<&str> = t.split(':').collect();
                match t.as_slice() {
                    [h, m] => (num(h)?, num(m)?, i64::from(tm.sec), true),
                    [h, m, s] => (num(h)?, num(m)?, num(s)?, false),
                    _ => return None,
                }
            }
        };
        (civil(num(d[0])?, num(d[1])?, num(d[2])?, h, m, s), asked)
    };
    // Year 10000 starts at 253 402 300 800.
    (secs.unsigned_abs() < 253_402_300_800).then_some((secs, asked))
}

/// `find`'s expression as busybox keeps it (parse_params): groups joined
/// by `-o`, each a list of tests joined by `-a` (or nothing), each maybe
/// negated by `!`.
type FindExpr = Vec<Vec<(bool, FindTest)>>;

/// One of `find`'s tests (ACTF in findutils/find.c).
#[derive(Debug, PartialEq)]
enum FindTest {
    Print,
    /// `( EXPR )`: a sub-expression (ENABLE_FEATURE_FIND_PAREN).
    Paren(FindExpr),
    Name(String),
    /// `-type`: `d` or `f` (nothing else exists here).
    Type(u8),
    /// `-newer`: modified after these unix seconds.
    Newer(i64),
    /// `-mmin`/`-mtime`: sign (`+`, `-` or `=`), the age in seconds, and
    /// the unit in seconds.
    Age(u8, i64, i64),
}

/// How deep `find`'s ( ) may nest here.
const FIND_MAX_PARENS: usize = 32;

/// Whether the expression prints by itself (busybox's `need_print` is
/// then off: matches are not printed at the end).
fn find_prints(expr: &FindExpr) -> bool {
    expr.iter().flatten().any(|(_, t)| match t {
        FindTest::Print => true,
        FindTest::Paren(sub) => find_prints(sub),
        _ => false,
    })
}

/// exec_actions: the first group whose tests all pass makes the
/// expression true; a test after a failed one is not evaluated, and
/// `-print` prints when it is reached (and is true, false after `!`).
/// An empty group ends the list (busybox keeps none for it): first, it
/// makes the expression true; later, the groups after it are not tried.
fn find_eval(expr: &FindExpr, test: &dyn Fn(&FindTest) -> bool, print: &mut dyn FnMut()) -> bool {
    if expr.first().is_none_or(|g| g.is_empty()) {
        return true;
    }
    expr.iter().take_while(|g| !g.is_empty()).any(|group| {
        group.iter().all(|(neg, t)| {
            let passed = match t {
                FindTest::Print => {
                    print();
                    true
                }
                FindTest::Paren(sub) => find_eval(sub, test, print),
                t => test(t),
            };
            passed != *neg
        })
    })
}

impl Shell<'_> {
    /// Runs an applet; `None` if `argv[0]` is not one.
    pub(crate) fn applet(&mut self, argv: &[String]) -> Option<R<i32>> {
        let full = argv.first()?.as_str();
        let name = match full.rsplit_once('/') {
            Some(("/bin" | "/usr/bin" | "/sbin" | "/usr/sbin", n)) => n,
            Some(_) => return None,
            None => full,
        };
        let args = &argv[1..];
        Some(match name {
            "sleep" => self.sleep(args),
            "usleep" => {
                let us: i64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
                self.advance_by(us / 1000).map(|_| 0)
            }
            "timeout" => self.timeout(args),
            "cat" => self.cat(args),
            "grep" | "egrep" | "fgrep" => self.grep(name, args),
            "wc" => self.wc(args),
            "head" | "tail" => self.head_tail(name, args),
            "tee" => self.tee(args),
            "ps" => Ok(self.ps(argv)),
            "date" => Ok(self.date(args)),
            "nc" => self.nc(args),
            "wget" => self.wget(args),
            "curl" => self.curl(args),
            "pg_isready" => self.pg_isready(args),
            "ls" => Ok(self.ls(args)),
            "touch" => Ok(self.touch(args)),
            "find" => Ok(self.find(args)),
            "stat" => Ok(self.stat(args)),
            "mkdir" => Ok(self.mkdir(args)),
            "rm" => Ok(self.rm(args)),
            "env" | "printenv" => self.env(name, args),
            "hostname" => {
                let h = self.get_var("HOSTNAME").unwrap_or("localhost").to_string();
                self.write(1, &format!("{h}\n"));
                Ok(0)
            }
            "whoami" => {
                self.write(1, "root\n");
                Ok(0)
            }
            "id" => {
                self.write(1, "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
                Ok(0)
            }
            "uname" => {
                let h = self.get_var("HOSTNAME").unwrap_or("localhost").to_string();
                let text = if args.iter().any(|a| a == "-a") {
                    format!("Linux {h} 6.1.0 #1 SMP x86_64 GNU/Linux\n")
                } else {
                    "Linux\n".to_string()
                };
                self.write(1, &text);
                Ok(0)
            }
            "seq" => Ok(self.seq(args)),
            "basename" | "dirname" => Ok(self.path_part(name, args)),
            "expr" => Ok(self.expr(args)),
            "sh" | "ash" | "bash" => self.sh_applet(args),
            "nslookup" => self.nslookup(args),
            _ => return None,
        })
    }

    fn input(&mut self) -> VecDeque<(i64, String)> {
        match self.stdin.last_mut() {
            Some(q) => std::mem::take(q),
            None => VecDeque::new(),
        }
    }

    /// Writes a line that arrived at `t`: the command waits for it.
    fn emit_at(&mut self, t: i64, text: &str) -> R<()> {
        self.advance_to(t)?;
        let mut s = text.to_string();
        s.push('\n');
        self.write(1, &s);
        Ok(())
    }

    fn file_lines(&mut self, applet: &str, file: &str) -> Option<VecDeque<(i64, String)>> {
        if file == "-" {
            return Some(self.input());
        }
        let path = self.resolve_path(file);
        match self.read_file(&path) {
            Some(c) => Some(text_lines(self.now, &c)),
            None => {
                let msg = if self.is_dir(&path) {
                    format!("{applet}: read error: Is a directory\n")
                } else {
                    format!("{applet}: can't open '{file}': No such file or directory\n")
                };
                self.write(2, &msg);
                None
            }
        }
    }

    // ------------------------------------------------------------- time

    fn sleep(&mut self, args: &[String]) -> R<i32> {
        if args.is_empty() {
            self.write(2, "Usage: sleep [N]...\n");
            return Ok(1);
        }
        let mut total: Option<i64> = Some(0);
        for a in args {
            match parse_duration(a) {
                None => {
                    self.write(2, &format!("sleep: invalid number '{a}'\n"));
                    return Ok(1);
                }
                Some(None) => total = None,
                Some(Some(ms)) => total = total.map(|t| t.saturating_add(ms)),
            }
        }
        match total {
            Some(ms) => self.advance_by(ms)?,
            None => self.advance_to(i64::MAX)?,
        }
        Ok(0)
    }

    /// coreutils/timeout.c: busybox `timeout` execs PROG in its own process
    /// and a watcher sends it SIG (TERM) when SECS are over; the shell then
    /// sees the signal's status, 128 + 15 = 143 (not coreutils' 124).
    fn timeout(&mut self, args: &[String]) -> R<i32> {
        let (flags, ops) = {
            // options stop at the first operand ('+' in getopt32)
            let first_op = args
                .iter()
                .enumerate()
                .scan(false, |takes_arg, (i, a)| {
                    let r = if *takes_arg {
                        *takes_arg = false;
                        Some(None)
                    } else if a.starts_with('-') && a.len() > 1 {
                        *takes_arg = matches!(a.as_str(), "-s" | "-k" | "-t");
                        Some(None)
                    } else {
                        Some(Some(i))
                    };
                    r
                })
                .flatten()
                .next()
                .unwrap_or(args.len());
            let (f, _) = getopt(&args[..first_op], "skt");
            (f, args[first_op..].to_vec())
        };
        let mut sig = 15;
        let mut secs: Option<String> = None;
        for (f, v) in &flags {
            match (f, v) {
                ('s', Some(s)) => match signal_number(s) {
                    Some(n) => sig = n,
                    None => {
                        self.write(2, &format!("timeout: unknown signal '{s}'\n"));
                        return Ok(1);
                    }
                },
                ('t', Some(t)) => secs = Some(t.clone()),
                _ => {}
            }
        }
        let mut ops = ops.as_slice();
        if secs.is_none() {
            secs = ops.first().cloned();
            ops = ops.get(1..).unwrap_or(&[]);
        }
        let (Some(secs), false) = (secs, ops.is_empty()) else {
            self.write(2, "Usage: timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS\n");
            return Ok(1);
        };
        let limit = match parse_duration(&secs) {
            Some(l) => l,
            None => {
                self.write(2, &format!("timeout: invalid number '{secs}'\n"));
                return Ok(1);
            }
        };
        let status = 128 + sig;
        let prev = self.deadline;
        let mut binding = false;
        if let Some(ms) = limit {
            let at = self.now.saturating_add(ms);
            if prev.is_none_or(|(p, _)| at < p) {
                self.deadline = Some((at, status));
                binding = true;
            }
        }
        let r = self.exec_prog(ops, "timeout");
        self.deadline = prev;
        match r {
            Err(Ctl::Killed(st)) if binding => Ok(st),
            other => other,
        }
    }

    /// Runs what an applet execs (`timeout PROG`, `env PROG`): programs
    /// and applets, not shell functions or builtins (except the busybox
    /// applets that are builtins in ash).
    /// When `timeout` or `env` is PID 1, what it execs is PID 1 in turn.
    fn exec_prog(&mut self, argv: &[String], who: &str) -> R<i32> {
        // `env env … X` or `timeout 9 timeout 9 … X` recurses once per
        // wrapper: it counts towards the nesting cap so no paste can
        // exhaust the stack.
        self.enter()?;
        let r = self.exec_prog_inner(argv, who);
        self.leave();
        r
    }

    fn exec_prog_inner(&mut self, argv: &[String], who: &str) -> R<i32> {
        let name = argv[0].as_str();
        let pid1 = std::mem::take(&mut self.pid1_exec);
        if matches!(name, "echo" | "printf" | "test" | "[" | "true" | "false") {
            if pid1 {
                self.pid1_push(name, false);
            }
            if let Some(r) = self.builtin(argv, false) {
                return r;
            }
        }
        match self.world.exec(name, &argv[1..], self.now) {
            super::Exec::Run(pr) => {
                if pid1 {
                    self.pid1_push(name, pr.handles_sigterm);
                }
                self.run_program(pr)
            }
            super::Exec::NotExecutable => {
                self.write(
                    2,
                    &format!("{who}: can't execute '{name}': Permission denied\n"),
                );
                Ok(126)
            }
            super::Exec::NotFound => match self.applet_as(pid1, argv) {
                Some(r) => r,
                None => {
                    self.write(
                        2,
                        &format!("{who}: can't execute '{name}': No such file or directory\n"),
                    );
                    Ok(127)
                }
            },
        }
    }

    // ----------------------------------------------------------- filters

    fn cat(&mut self, args: &[String]) -> R<i32> {
        let files: Vec<&String> = args
            .iter()
            .filter(|a| !a.starts_with('-') || *a == "-")
            .collect();
        if files.is_empty() {
            for (t, l) in self.input() {
                self.emit_at(t, &l)?;
            }
            return Ok(0);
        }
        let mut st = 0;
        for f in files {
            if f == "-" {
                for (t, l) in self.input() {
                    self.emit_at(t, &l)?;
                }
                continue;
            }
            let path = self.resolve_path(f);
            match self.read_file(&path) {
                Some(c) => self.write(1, &c),
                None => {
                    let msg = if self.is_dir(&path) {
                        "cat: read error: Is a directory\n".to_string()
                    } else {
                        format!("cat: can't open '{f}': No such file or directory\n")
                    };
                    self.write(2, &msg);
                    st = 1;
                }
            }
        }
        Ok(st)
    }

    fn grep(&mut self, name: &str, args: &[String]) -> R<i32> {
        let (flags, mut ops) = getopt(args, "emA");
        let has = |c: char| flags.iter().any(|(f, _)| *f == c);
        let mut patterns: Vec<String> = flags
            .iter()
            .filter(|(f, _)| *f == 'e')
            .filter_map(|(_, v)| v.clone())
            .collect();
        if patterns.is_empty() {
            if ops.is_empty() {
                self.write(2, "Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n");
                return Ok(2);
            }
            patterns.push(ops.remove(0));
        }
        let ere = has('E') || name == "egrep";
        let fixed = has('F') || name == "fgrep";
        let icase = has('i');
        let (invert, quiet, count, number) = (has('v'), has('q'), has('c'), has('n'));
        let (whole_line, word) = (has('x'), has('w'));
        let silent = has('s');
        let matchers: Vec<Matcher> = patterns
            .iter()
            .map(|p| Matcher::new(p, ere, fixed, icase, whole_line, word))
            .collect();
        let mut sources: Vec<(Option<String>, Lines)> = Vec::new();
        let mut error = false;
        if ops.is_empty() {
            let inp = self.input();
            sources.push((None, inp));
        }
        for f in &ops {
            if f == "-" {
                let inp = self.input();
                sources.push((Some("(standard input)".into()), inp));
                continue;
            }
            let path = self.resolve_path(f);
            match self.read_file(&path) {
                Some(c) => {
                    let lines = text_lines(self.now, &c);
                    sources.push((Some(f.clone()), lines));
                }
                None => {
                    if !silent {
                        self.write(2, &format!("grep: {f}: No such file or directory\n"));
                    }
                    error = true;
                }
            }
        }
        let prefix_names = ops.len() > 1 && !has('h');
        let mut found = false;
        for (fname, lines) in sources {
            let mut n = 0u64;
            for (i, (t, line)) in lines.into_iter().enumerate() {
                let hit = matchers.iter().any(|m| m.is_match(&line)) != invert;
                if !hit {
                    continue;
                }
                found = true;
                n += 1;
                if quiet {
                    // grep -q stops at the first match
                    self.advance_to(t)?;
                    return Ok(0);
                }
                if count {
                    continue;
                }
                let mut out = String::new();
                if prefix_names {
                    out.push_str(fname.as_deref().unwrap_or(""));
                    out.push(':');
                }
                if number {
                    out.push_str(&format!("{}:", i + 1));
                }
                out.push_str(&line);
                self.emit_at(t, &out)?;
            }
            if count {
                let text = match (&fname, prefix_names) {
                    (Some(f), true) => format!("{f}:{n}\n"),
                    _ => format!("{n}\n"),
                };
                self.write(1, &text);
            }
        }
        Ok(if found {
            0
        } else if error {
            2
        } else {
            1
        })
    }

    fn wc(&mut self, args: &[String]) -> R<i32> {
        let (flags, ops) = getopt(args, "");
        let mut want: Vec<char> = flags
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| "lwcm".contains(*f))
            .collect();
        if want.is_empty() {
            want = vec!['l', 'w', 'c'];
        }
        let mut st = 0;
        let mut inputs: Vec<(Option<String>, String)> = Vec::new();
        if ops.is_empty() {
            let mut text = String::new();
            let mut last = self.now;
            for (t, l) in self.input() {
                last = last.max(t);
                text.push_str(&l);
                text.push('\n');
            }
            self.advance_to(last)?;
            inputs.push((None, text));
        }
        for f in &ops {
            let path = self.resolve_path(f);
            match self.read_file(&path) {
                Some(c) => inputs.push((Some(f.clone()), c)),
                None => {
                    self.write(
                        2,
                        &format!("wc: can't open '{f}': No such file or directory\n"),
                    );
                    st = 1;
                }
            }
        }
        let mut out = String::new();
        for (name, text) in inputs {
            let counts: Vec<usize> = want
                .iter()
                .map(|w| match w {
                    'l' => text.matches('\n').count(),
                    'w' => text.split_whitespace().count(),
                    'm' => text.chars().count(),
                    _ => text.len(),
                })
                .collect();
            // busybox wc pads columns, except a single count read from stdin
            let cols: Vec<String> = if counts.len() == 1 && name.is_none() {
                counts.iter().map(|c| c.to_string()).collect()
            } else {
                counts.iter().map(|c| format!("{c:>7}")).collect()
            };
            out.push_str(&cols.join(" "));
            if let Some(n) = name {
                out.push(' ');
                out.push_str(&n);
            }
            out.push('\n');
        }
        self.write(1, &out);
        Ok(st)
    }

    fn head_tail(&mut self, name: &str, args: &[String]) -> R<i32> {
        let mut n: i64 = 10;
        let mut from_start = false;
        let mut follow = false;
        let mut files = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            i += 1;
            if a == "-n" || a == "-c" {
                if let Some(v) = args.get(i) {
                    from_start = v.starts_with('+');
                    n = v.trim_start_matches(['+', '-']).parse().unwrap_or(10);
                }
                i += 1;
            } else if let Some(v) = a.strip_prefix("-n") {
                from_start = v.starts_with('+');
                n = v.trim_start_matches(['+', '-']).parse().unwrap_or(10);
            } else if a == "-f" || a == "-F" {
                follow = true;
            } else if a.len() > 1
                && a.starts_with('-')
                && a[1..].chars().all(|c| c.is_ascii_digit())
            {
                n = a[1..].parse().unwrap_or(10);
            } else if let Some(v) = a.strip_prefix('+').filter(|_| name == "tail") {
                from_start = true;
                n = v.parse().unwrap_or(10);
            } else if a.starts_with('-') && a.len() > 1 {
                // other flags (-q, -s N) are accepted and ignored
            } else {
                files.push(a.clone());
            }
        }
        let mut st = 0;
        let mut sources = Vec::new();
        if files.is_empty() {
            let inp = self.input();
            sources.push(inp);
        }
        for f in &files {
            match self.file_lines(name, f) {
                Some(l) => sources.push(l),
                None => st = 1,
            }
        }
        let n = n.max(0) as usize;
        for lines in sources {
            let end = lines.back().map(|l| l.0).unwrap_or(self.now);
            let chosen: Vec<(i64, String)> = if name == "head" {
                lines.into_iter().take(n).collect()
            } else if from_start {
                lines.into_iter().skip(n.saturating_sub(1)).collect()
            } else {
                let skip = lines.len().saturating_sub(n);
                let rest: Vec<_> = lines.into_iter().skip(skip).collect();
                // tail prints once its input ends
                self.advance_to(end)?;
                rest
            };
            for (t, l) in chosen {
                self.emit_at(t, &l)?;
            }
        }
        if follow && name == "tail" {
            // `tail -f` never exits by itself
            self.advance_to(i64::MAX)?;
        }
        Ok(st)
    }

    fn tee(&mut self, args: &[String]) -> R<i32> {
        let append = args.iter().any(|a| a == "-a");
        let files: Vec<String> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .map(|f| self.resolve_path(f))
            .collect();
        for f in &files {
            if !append || !self.fs.files.contains_key(f) {
                let old = if append {
                    self.read_file(f).unwrap_or_default()
                } else {
                    String::new()
                };
                self.fs.files.insert(f.clone(), old);
                self.modified(f);
            }
        }
        for (t, l) in self.input() {
            self.emit_at(t, &l)?;
            for f in &files {
                let sink = super::interp::Sink::File(f.clone());
                self.write_sink(&sink, &format!("{l}\n"));
            }
        }
        Ok(0)
    }

    // ---------------------------------------------------------- system

    /// procps/ps.c default format (`PID   USER     TIME  COMMAND`); the
    /// container's processes, then the pipeline running `ps` (so a `grep`
    /// sees itself, as in a real container).
    fn ps(&mut self, argv: &[String]) -> i32 {
        let mut procs: Vec<String> = self.cfg.processes.clone();
        if self.pipeline_peers.is_empty() {
            procs.push(argv.join(" "));
        } else {
            procs.extend(self.pipeline_peers.iter().cloned());
        }
        let mut out = String::from("PID   USER     TIME  COMMAND\n");
        for (i, p) in procs.iter().enumerate() {
            out.push_str(&format!("{:>5} {:<8} {:>5} {}\n", i + 1, "root", "0:00", p));
        }
        self.write(1, &out);
        0
    }

    /// coreutils/date.c: default format `%a %b %e %H:%M:%S %Z %Y`, UTC.
    fn date(&mut self, args: &[String]) -> i32 {
        self.read_clock = true;
        let mut ms = self
            .cfg
            .epoch_unix
            .saturating_mul(1000)
            .saturating_add(self.now);
        let mut fmt = "%a %b %e %H:%M:%S %Z %Y".to_string();
        let mut i = 0;
        while let Some(a) = args.get(i) {
            i += 1;
            if let Some(f) = a.strip_prefix('+') {
                fmt = f.to_string();
            } else if a == "-u" || a == "--utc" {
            } else if a == "-R" {
                fmt = "%a, %d %b %Y %H:%M:%S %z".into();
            } else if let Some(spec) = a.strip_prefix("-I") {
                fmt = match spec.trim_start_matches('=') {
                    "" | "date" => "%Y-%m-%d",
                    "hours" => "%Y-%m-%dT%H%z",
                    "minutes" => "%Y-%m-%dT%H:%M%z",
                    _ => "%Y-%m-%dT%H:%M:%S%z",
                }
                .into();
            } else if a == "-d" || a == "-D" {
                let v = args.get(i).cloned().unwrap_or_default();
                i += 1;
                if a == "-d" {
                    match v.strip_prefix('@').and_then(|s| s.parse::<i64>().ok()) {
                        Some(s) => ms = s.saturating_mul(1000),
                        None => {
                            self.write(2, &format!("date: invalid date '{v}'\n"));
                            return 1;
                        }
                    }
                }
            } else {
                self.write(2, &format!("date: invalid date '{a}'\n"));
                return 1;
            }
        }
        let t = tm_from_unix_ms(ms);
        let text = format!("{}\n", strftime(&fmt, &t));
        self.write(1, &text);
        0
    }

    fn env(&mut self, name: &str, args: &[String]) -> R<i32> {
        let mut i = 0;
        let mut assigns = Vec::new();
        while let Some(a) = args.get(i) {
            if a == "-i" || a == "-" {
                i += 1;
                continue;
            }
            match a.split_once('=') {
                Some((k, v)) if name == "env" && super::parser::is_name(k) => {
                    assigns.push((k.to_string(), v.to_string()));
                    i += 1;
                }
                _ => break,
            }
        }
        let rest = &args[i..];
        if name == "printenv" && !rest.is_empty() {
            let mut st = 0;
            for n in rest {
                match self
                    .vars
                    .get(n.as_str())
                    .filter(|v| v.exported)
                    .map(|v| v.value.clone())
                {
                    Some(v) => self.write(1, &format!("{v}\n")),
                    None => st = 1,
                }
            }
            return Ok(st);
        }
        if !rest.is_empty() {
            let saved: Vec<_> = assigns
                .iter()
                .map(|(k, _)| (k.clone(), self.vars.get(k.as_str()).cloned()))
                .collect();
            for (k, v) in assigns {
                self.set_var(&k, v);
            }
            let r = self.exec_prog(rest, "env");
            for (k, old) in saved {
                match old {
                    Some(v) => {
                        self.vars.insert(k.into(), v);
                    }
                    None => self.unset_var(&k),
                }
            }
            return r;
        }
        let mut list: Vec<(String, String)> = self
            .vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.to_string(), v.value.to_string()))
            .collect();
        list.extend(assigns);
        crate::sort::sort(&mut list);
        let mut out = String::new();
        for (k, v) in list {
            out.push_str(&format!("{k}={v}\n"));
        }
        self.write(1, &out);
        Ok(0)
    }

    /// `sh [OPTIONS] -c SCRIPT [NAME ARGS…]` or `sh [OPTIONS] FILE ARGS…`
    /// run from the script: a child shell, which sees only exported
    /// variables.
    fn sh_applet(&mut self, args: &[String]) -> R<i32> {
        let inv = super::sh_invocation(args);
        let at = inv.operands;
        let (body, params) = if inv.command {
            let Some(script) = args.get(at) else {
                self.write(2, "sh: -c requires an argument\n");
                return Ok(2);
            };
            let params: Vec<String> = args.get(at + 2..).map(|a| a.to_vec()).unwrap_or_default();
            (script.clone(), params)
        } else if let Some(path) = args.get(at) {
            // A script file of the scenario (readable is enough).
            let resolved = self.resolve_path(path);
            let Some(f) = self.world.file(&resolved) else {
                self.write(
                    2,
                    &format!("sh: can't open '{path}': No such file or directory\n"),
                );
                return Ok(2);
            };
            (f.content, args[at + 1..].to_vec())
        } else {
            // Nothing to run: an empty stdin.
            return Ok(0);
        };
        let script = crate::sim::concat(&[&inv.sets, &body]);
        let (chunks, err) = super::parser::parse_program(&script);
        self.subshell(move |s| {
            s.vars.retain(|_, v| v.exported);
            s.funcs.clear();
            s.opts = Default::default();
            s.positional = params;
            let mut st = 0;
            for c in &chunks {
                st = s.exec_list(c, false)?;
            }
            if let Some(e) = err {
                s.write(2, &format!("sh: syntax error: {}\n", e.detail));
                return Ok(2);
            }
            Ok(st)
        })
    }

    // -------------------------------------------------------------- files

    fn ls(&mut self, args: &[String]) -> i32 {
        let mut paths: Vec<String> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .cloned()
            .collect();
        if paths.is_empty() {
            paths.push(".".into());
        }
        let mut st = 0;
        let mut out = String::new();
        for p in &paths {
            let path = self.resolve_path(p);
            if self.is_dir(&path) {
                for n in self.dir_entries(&path) {
                    out.push_str(&n);
                    out.push('\n');
                }
            } else if self.read_file(&path).is_some() {
                out.push_str(p);
                out.push('\n');
            } else {
                self.write(2, &format!("ls: {p}: No such file or directory\n"));
                st = 1;
            }
        }
        self.write(1, &out);
        st
    }

    /// busybox `touch` (coreutils/touch.c): `-c` creates nothing; `-d
    /// DATE` (`@SECONDS`, `YYYY-MM-DD[ HH:MM[:SS]]`), `-t
    /// [[CC]YY]MMDDhhmm[.ss]` or `-r FILE` give the time instead of now.
    fn touch(&mut self, args: &[String]) -> i32 {
        let (flags, files) = getopt(args, "rdt");
        let (mut create, mut at) = (true, None);
        for (flag, v) in flags {
            let v = v.unwrap_or_default();
            match flag {
                'c' => create = false,
                'r' => {
                    let path = self.resolve_path(&v);
                    let Some(t) = self.mtime(&path) else {
                        self.write(
                            2,
                            &format!("touch: can't stat '{v}': No such file or directory\n"),
                        );
                        return 1;
                    };
                    at = Some(t);
                }
                'd' | 't' => {
                    let now = self.unix_secs(self.now);
                    let Some((secs, asked)) = touch_date(&v, flag == 't', now) else {
                        self.write(2, &format!("touch: invalid date '{v}'\n"));
                        return 1;
                    };
                    self.read_clock |= asked;
                    at = Some((secs - self.cfg.epoch_unix).saturating_mul(1000));
                }
                _ => {}
            }
        }
        for f in files {
            let path = self.resolve_path(&f);
            if self.read_file(&path).is_none() && !self.is_dir(&path) {
                if !create {
                    continue;
                }
                self.fs.files.insert(path.clone(), String::new());
            }
            self.fs.removed.remove(&path);
            self.modified(&path);
            if let Some(t) = at {
                if let Ok(k) = self
                    .fs
                    .mtimes
                    .binary_search_by(|(p, _)| p.as_str().cmp(&path))
                {
                    self.fs.mtimes[k].1 = t;
                }
            }
        }
        0
    }

    /// Reads `find`'s expression (parse_params); `None` once it said
    /// what is wrong.
    fn find_expr(
        &mut self,
        expr: &[String],
        maxdepth: &mut usize,
        depth: usize,
    ) -> Option<FindExpr> {
        let mut groups: FindExpr = vec![Vec::new()];
        let mut negate = false;
        let mut i = 0;
        while let Some(a) = expr.get(i) {
            i += 1;
            let mut arg = || {
                let v = expr.get(i).cloned();
                i += 1;
                v
            };
            let test = match a.as_str() {
                "!" | "-not" => {
                    negate = !negate;
                    continue;
                }
                "-a" | "-and" => continue,
                "-o" | "-or" => {
                    groups.push(Vec::new());
                    continue;
                }
                "(" => {
                    // The matching `)`, nested ones counted.
                    let mut nested = 1;
                    let Some(len) = expr[i..].iter().position(|a| {
                        match a.as_str() {
                            "(" => nested += 1,
                            ")" => nested -= 1,
                            _ => {}
                        }
                        nested == 0
                    }) else {
                        self.write(2, "find: unpaired '('\n");
                        return None;
                    };
                    // Deeper than any script needs, and than the page's
                    // stack should go.
                    if depth >= FIND_MAX_PARENS {
                        self.write(2, "find: ( ) nested too deep for this simulation\n");
                        return None;
                    }
                    let sub = self.find_expr(&expr[i..i + len], maxdepth, depth + 1)?;
                    i += len + 1;
                    FindTest::Paren(sub)
                }
                "-print" => FindTest::Print,
                "-name" | "-type" | "-mmin" | "-mtime" | "-newer" | "-maxdepth" => {
                    let Some(v) = arg() else {
                        self.write(2, &format!("find: {a} requires an argument\n"));
                        return None;
                    };
                    let number = |v: &str| {
                        let (sign, n) = match v.as_bytes().first() {
                            Some(b'+') | Some(b'-') => (v.as_bytes()[0], &v[1..]),
                            _ => (b'=', v),
                        };
                        n.parse::<i64>().ok().map(|n| (sign, n))
                    };
                    match a.as_str() {
                        "-name" => FindTest::Name(v),
                        // find_type(): any of these; only f and d exist here.
                        "-type" if v.len() == 1 && "bcdpfls".contains(v.as_str()) => {
                            FindTest::Type(v.as_bytes()[0])
                        }
                        "-type" => {
                            self.write(2, &format!("find: invalid argument '{v}' to '-type'\n"));
                            return None;
                        }
                        "-maxdepth" => {
                            let Ok(n) = v.parse() else {
                                self.write(2, &format!("find: invalid number '{v}'\n"));
                                return None;
                            };
                            *maxdepth = n;
                            continue;
                        }
                        "-newer" => {
                            let path = self.resolve_path(&v);
                            match self.mtime(&path) {
                                Some(t) => FindTest::Newer(self.unix_secs(t)),
                                None => {
                                    self.write(
                                        2,
                                        &format!(
                                            "find: can't stat '{v}': No such file or directory\n"
                                        ),
                                    );
                                    return None;
                                }
                            }
                        }
                        unit => {
                            let Some((sign, n)) = number(&v) else {
                                self.write(2, &format!("find: invalid number '{v}'\n"));
                                return None;
                            };
                            self.read_clock = true;
                            let secs = if unit == "-mmin" { 60 } else { 86_400 };
                            FindTest::Age(sign, n.saturating_mul(secs), secs)
                        }
                    }
                }
                _ => {
                    self.write(2, &format!("find: unrecognized: {a}\n"));
                    return None;
                }
            };
            if let Some(g) = groups.last_mut() {
                g.push((std::mem::take(&mut negate), test));
            }
        }
        Some(groups)
    }

    /// busybox `find` (findutils/find.c): paths, then tests joined by
    /// `-a` (or nothing), `-o`, `!` and `( )`: `-name`, `-type f|d`,
    /// `-mmin`, `-mtime`, `-newer`, `-print`, and `-maxdepth`. A directory
    /// lists what the script made in it, as `ls` does.
    fn find(&mut self, args: &[String]) -> i32 {
        let split = args
            .iter()
            .position(|a| a.starts_with('-') || a == "!" || a == "(")
            .unwrap_or(args.len());
        let (paths, expr) = args.split_at(split);
        let mut maxdepth = usize::MAX;
        let Some(groups) = self.find_expr(expr, &mut maxdepth, 0) else {
            return 1;
        };
        let prints = find_prints(&groups);
        let now = self.unix_secs(self.now);
        let mut out = String::new();
        let mut st = 0;
        let dot = [".".to_string()];
        for p in if paths.is_empty() { &dot[..] } else { paths } {
            let path = self.resolve_path(p);
            if self.mtime(&path).is_none() {
                self.write(2, &format!("find: {p}: No such file or directory\n"));
                st = 1;
                continue;
            }
            // Depth first, each directory's entries in name order.
            let mut todo = vec![(p.clone(), path, 0)];
            while let Some((shown, path, depth)) = todo.pop() {
                let dir = self.is_dir(&path);
                let mtime = self.unix_secs(self.mtime(&path).unwrap_or(0));
                let name = shown.rsplit('/').find(|n| !n.is_empty()).unwrap_or(&shown);
                let test = |t: &FindTest| match t {
                    FindTest::Print | FindTest::Paren(_) => true,
                    FindTest::Name(pat) => super::pattern::glob_match(pat, name),
                    FindTest::Type(t) => (*t == b'd' && dir) || (*t == b'f' && !dir),
                    FindTest::Newer(t) => *t < mtime,
                    // ACTF(mmin), ACTF(mtime)
                    FindTest::Age(sign, n, unit) => {
                        let age = now - mtime;
                        match sign {
                            b'+' => age >= n.saturating_add(*unit),
                            b'-' => age < *n,
                            _ => age >= *n && age < n.saturating_add(*unit),
                        }
                    }
                };
                let mut print = || {
                    out.push_str(&shown);
                    out.push('\n');
                };
                if find_eval(&groups, &test, &mut print) && !prints {
                    print();
                }
                if dir && depth < maxdepth {
                    let prefix = format!("{}/", path.trim_end_matches('/'));
                    for n in self.dir_entries(&path).into_iter().rev() {
                        let child = format!("{}/{n}", shown.trim_end_matches('/'));
                        todo.push((child, format!("{prefix}{n}"), depth + 1));
                    }
                }
            }
        }
        self.write(1, &out);
        st
    }

    /// busybox `stat`: `-c FORMAT` (`%n` name, `%s` size, `%Y` and `%y`
    /// modification time, `%F` type), or the name, size and modification
    /// lines of its default output.
    fn stat(&mut self, args: &[String]) -> i32 {
        let mut format = None;
        let mut files = Vec::new();
        let mut i = 0;
        while let Some(a) = args.get(i) {
            i += 1;
            if a == "-c" {
                format = args.get(i).cloned();
                i += 1;
            } else if let Some(f) = a.strip_prefix("--format=") {
                format = Some(f.to_string());
            } else if !a.starts_with('-') {
                files.push(a.clone());
            }
        }
        let mut st = 0;
        for f in files {
            let path = self.resolve_path(&f);
            let Some(mtime) = self.mtime(&path) else {
                self.write(
                    2,
                    &format!("stat: can't stat '{f}': No such file or directory\n"),
                );
                st = 1;
                continue;
            };
            let size = self.read_file(&path).map_or(4096, |c| c.len());
            let kind = if self.is_dir(&path) {
                "directory"
            } else if size == 0 {
                "regular empty file"
            } else {
                "regular file"
            };
            let secs = self.unix_secs(mtime);
            let nanos = mtime.rem_euclid(1000) * 1_000_000;
            let human = format!(
                "{}.{nanos:09} +0000",
                strftime(
                    "%Y-%m-%d %H:%M:%S",
                    &tm_from_unix_ms(secs.saturating_mul(1000))
                )
            );
            let text = match &format {
                Some(fmt) => {
                    let mut out = String::new();
                    let mut chars = fmt.chars();
                    while let Some(c) = chars.next() {
                        if c != '%' {
                            out.push(c);
                            continue;
                        }
                        match chars.next() {
                            Some('n') => out.push_str(&f),
                            Some('s') => out.push_str(&size.to_string()),
                            Some('Y') => out.push_str(&secs.to_string()),
                            Some('y') => out.push_str(&human),
                            Some('F') => out.push_str(kind),
                            Some('%') => out.push('%'),
                            _ => out.push('?'),
                        }
                    }
                    out
                }
                None => format!("  File: {f}\n  Size: {size:<10}\tBlocks: {:<10} IO Block: 4096   {kind}\nModify: {human}", size.div_ceil(4096) * 8),
            };
            self.write(1, &(text + "\n"));
        }
        st
    }

    /// Unix seconds at simulated time `ms`.
    fn unix_secs(&self, ms: i64) -> i64 {
        self.cfg.epoch_unix.saturating_add(ms.div_euclid(1000))
    }

    fn mkdir(&mut self, args: &[String]) -> i32 {
        let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
        let mut st = 0;
        for d in args.iter().filter(|a| !a.starts_with('-')) {
            let path = self.resolve_path(d);
            if self.is_dir(&path) || self.read_file(&path).is_some() {
                if !parents {
                    self.write(
                        2,
                        &format!("mkdir: can't create directory '{d}': File exists\n"),
                    );
                    st = 1;
                }
                continue;
            }
            self.fs.removed.remove(&path);
            self.modified(&path);
            self.fs.dirs.insert(path);
        }
        st
    }

    /// busybox `rm` (remove_file() in libbb): a directory needs `-r`, and
    /// goes with everything in it.
    fn rm(&mut self, args: &[String]) -> i32 {
        let flag = |c: char| {
            args.iter()
                .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c))
        };
        let (force, recursive) = (flag('f'), flag('r') || flag('R'));
        let mut st = 0;
        for f in args.iter().filter(|a| !a.starts_with('-')) {
            let path = self.resolve_path(f);
            let dir = self.is_dir(&path);
            if self.read_file(&path).is_none() && !dir {
                if !force {
                    self.write(
                        2,
                        &format!("rm: can't remove '{f}': No such file or directory\n"),
                    );
                    st = 1;
                }
                continue;
            }
            if dir && !recursive {
                self.write(2, &format!("rm: '{f}' is a directory\n"));
                st = 1;
                continue;
            }
            let inside = format!("{}/", path.trim_end_matches('/'));
            let gone = |p: &String| *p == path || p.starts_with(&inside);
            self.fs.files.retain(|p, _| !gone(p));
            self.fs.dirs.retain(|p| !gone(p));
            self.fs.mtimes.retain(|(p, _)| !gone(p));
            self.fs_changes += 1;
            self.fs.removed.insert(path);
        }
        st
    }

    // ---------------------------------------------------------- network

    fn reach_now(&mut self, host: &str, port: u16) -> R<bool> {
        // A service is up or down by the time: asking it is asking the
        // time.
        self.read_clock = true;
        let at = self.now;
        let ok = self.world.reach(host, port, at);
        self.advance_by(NET_MS)?;
        Ok(ok)
    }

    /// networking/nc.c (nc_bloaty with `-z`).
    fn nc(&mut self, args: &[String]) -> R<i32> {
        let (flags, ops) = getopt(args, "wpsiqe");
        let has = |c: char| flags.iter().any(|(f, _)| *f == c);
        if has('l') {
            // a listener waits for connections forever
            self.advance_to(i64::MAX)?;
            return Ok(0);
        }
        let (Some(host), Some(port)) = (ops.first(), ops.get(1)) else {
            self.write(2, "Usage: nc [OPTIONS] HOST PORT  - connect\n");
            return Ok(1);
        };
        let Some(port_n) = port.split('-').next().and_then(|p| p.parse::<u16>().ok()) else {
            self.write(2, &format!("nc: bad port '{port}'\n"));
            return Ok(1);
        };
        let ok = self.reach_now(host, port_n)?;
        let verbose = has('v');
        if ok {
            if verbose {
                self.write(2, &format!("{host} ({host}:{port_n}) open\n"));
            }
            Ok(0)
        } else {
            if verbose {
                self.write(
                    2,
                    &format!("nc: {host} ({host}:{port_n}): Connection refused\n"),
                );
            }
            Ok(1)
        }
    }

    /// networking/wget.c: the body is not simulated, only whether the
    /// request succeeds.
    fn wget(&mut self, args: &[String]) -> R<i32> {
        let mut quiet = false;
        let mut spider = false;
        let mut out_file: Option<String> = None;
        let mut url = None;
        let mut i = 0;
        while let Some(a) = args.get(i) {
            i += 1;
            match a.as_str() {
                "-q" | "--quiet" => quiet = true,
                "--spider" => spider = true,
                "-O" => {
                    out_file = args.get(i).cloned();
                    i += 1;
                }
                "-T" | "-t" | "-U" | "--header" | "-Y" | "-P" => i += 1,
                s if s.starts_with("-O") => out_file = Some(s[2..].to_string()),
                s if s.starts_with("-q") => {
                    quiet = true;
                    if s.contains('O') {
                        out_file = args.get(i).cloned();
                        i += 1;
                    }
                }
                s if s.starts_with('-') => {}
                s => url = Some(s.to_string()),
            }
        }
        let Some(url) = url else {
            self.write(2, "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header 'STR: STR'] [-Y on/off] [--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n");
            return Ok(1);
        };
        let Some((host, port)) = parse_url(&url) else {
            self.write(2, &format!("wget: not an http or ftp url: {url}\n"));
            return Ok(1);
        };
        if !quiet {
            self.write(2, &format!("Connecting to {host} ({host}:{port})\n"));
        }
        if !self.reach_now(&host, port)? {
            self.write(
                2,
                &format!("wget: can't connect to remote host ({host}): Connection refused\n"),
            );
            return Ok(1);
        }
        if spider {
            if !quiet {
                self.write(2, "remote file exists\n");
            }
            return Ok(0);
        }
        let target = out_file.unwrap_or_else(|| {
            let last = url.rsplit('/').next().unwrap_or("");
            if last.is_empty() || !url.trim_end_matches('/').contains('/') {
                "index.html".into()
            } else {
                last.to_string()
            }
        });
        if target != "-" {
            let path = self.resolve_path(&target);
            self.modified(&path);
            self.fs.files.insert(path, String::new());
            if !quiet {
                self.write(2, &format!("saving to '{target}'\n'{target}' saved\n"));
            }
        }
        Ok(0)
    }

    /// curl: exit 7 when the connection fails (`-f` failures on HTTP
    /// errors are not modelled: a reachable service answers 200).
    fn curl(&mut self, args: &[String]) -> R<i32> {
        let mut silent = false;
        let mut show_error = false;
        let mut out_file = None;
        let mut url = None;
        let mut i = 0;
        while let Some(a) = args.get(i) {
            i += 1;
            match a.as_str() {
                "-o" | "--output" => {
                    out_file = args.get(i).cloned();
                    i += 1;
                }
                "-m" | "--max-time" | "--connect-timeout" | "-X" | "--request" | "-H"
                | "--header" | "-d" | "--data" | "-w" | "--write-out" | "-u" | "--user"
                | "--retry" | "--retry-delay" | "-A" | "-e" => i += 1,
                "--silent" => silent = true,
                "--show-error" => show_error = true,
                s if s.starts_with("--") => {}
                s if s.starts_with('-') => {
                    if s.contains('s') {
                        silent = true;
                    }
                    if s.contains('S') {
                        show_error = true;
                    }
                    if s.ends_with('o') {
                        out_file = args.get(i).cloned();
                        i += 1;
                    }
                }
                s => url = Some(s.to_string()),
            }
        }
        let Some(url) = url else {
            self.write(
                2,
                "curl: try 'curl --help' or 'curl --manual' for more information\n",
            );
            return Ok(2);
        };
        let Some((host, port)) = parse_url(&url) else {
            if !silent || show_error {
                self.write(2, "curl: (3) URL using bad/illegal format or missing URL\n");
            }
            return Ok(3);
        };
        if !self.reach_now(&host, port)? {
            if !silent || show_error {
                self.write(
                    2,
                    &format!(
                        "curl: (7) Failed to connect to {host} port {port} after {NET_MS} ms: Couldn't connect to server\n"
                    ),
                );
            }
            return Ok(7);
        }
        if let Some(f) = out_file {
            let path = self.resolve_path(&f);
            self.modified(&path);
            self.fs.files.insert(path, String::new());
        }
        Ok(0)
    }

    /// PostgreSQL's pg_isready: exit 0 accepting, 2 no response.
    fn pg_isready(&mut self, args: &[String]) -> R<i32> {
        let (flags, _) = getopt(args, "hpUdt");
        let get = |c: char| {
            flags
                .iter()
                .find(|(f, _)| *f == c)
                .and_then(|(_, v)| v.clone())
        };
        let mut host = get('h');
        let mut port = get('p');
        let quiet = flags.iter().any(|(f, _)| *f == 'q');
        for a in args {
            if let Some(h) = a.strip_prefix("--host=") {
                host = Some(h.to_string());
            }
            if let Some(p) = a.strip_prefix("--port=") {
                port = Some(p.to_string());
            }
        }
        let port: u16 = port
            .or_else(|| self.get_var("PGPORT").map(str::to_string))
            .and_then(|p| p.parse().ok())
            .unwrap_or(5432);
        let host = host.or_else(|| self.get_var("PGHOST").map(str::to_string));
        let (shown, target) = match host {
            Some(h) => (h.clone(), h),
            None => ("/var/run/postgresql".to_string(), "localhost".to_string()),
        };
        let ok = self.reach_now(&target, port)?;
        if !quiet {
            let what = if ok {
                "accepting connections"
            } else {
                "no response"
            };
            self.write(1, &format!("{shown}:{port} - {what}\n"));
        }
        Ok(if ok { 0 } else { 2 })
    }

    fn nslookup(&mut self, args: &[String]) -> R<i32> {
        let Some(host) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
            return Ok(1);
        };
        self.advance_by(NET_MS)?;
        self.write(
            1,
            &format!("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t{host}\n"),
        );
        Ok(0)
    }

    // ------------------------------------------------------------- misc

    fn seq(&mut self, args: &[String]) -> i32 {
        let nums: Vec<f64> = args.iter().filter_map(|a| a.parse().ok()).collect();
        if nums.len() != args.len() || nums.is_empty() || nums.len() > 3 {
            self.write(2, "Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n");
            return 1;
        }
        let (first, inc, last) = match nums.as_slice() {
            [l] => (1.0, 1.0, *l),
            [f, l] => (*f, 1.0, *l),
            [f, i, l] => (*f, *i, *l),
            _ => return 1,
        };
        if inc == 0.0 {
            return 1;
        }
        let mut out = String::new();
        let mut v = first;
        let mut n = 0;
        while (inc > 0.0 && v <= last) || (inc < 0.0 && v >= last) {
            if v.fract() == 0.0 {
                out.push_str(&format!("{}\n", v as i64));
            } else {
                out.push_str(&format!("{v}\n"));
            }
            v += inc;
            n += 1;
            // As much as a pipe carries here (`Capture`).
            if n >= 200_000 || out.len() > super::interp::MAX_STR * 16 {
                self.cut_note();
                break;
            }
        }
        self.write(1, &out);
        0
    }

    fn path_part(&mut self, name: &str, args: &[String]) -> i32 {
        let Some(p) = args.first() else {
            self.write(2, &format!("Usage: {name} FILE\n"));
            return 1;
        };
        let trimmed = p.trim_end_matches('/');
        let text = if name == "basename" {
            let mut b = trimmed.rsplit('/').next().unwrap_or("").to_string();
            if b.is_empty() {
                b = if p.starts_with('/') {
                    "/".into()
                } else {
                    String::new()
                };
            }
            if let Some(suffix) = args.get(1) {
                if b != *suffix {
                    if let Some(s) = b.strip_suffix(suffix.as_str()) {
                        b = s.to_string();
                    }
                }
            }
            b
        } else {
            match trimmed.rsplit_once('/') {
                Some(("", _)) => "/".into(),
                Some((d, _)) => d.trim_end_matches('/').to_string(),
                None if p.starts_with('/') => "/".into(),
                None => ".".into(),
            }
        };
        self.write(1, &format!("{text}\n"));
        0
    }

    /// coreutils/expr.c, for integers and comparisons.
    fn expr(&mut self, args: &[String]) -> i32 {
        let r = match args {
            [a] => Some(a.clone()),
            [a, op, b] => {
                let (x, y) = (a.parse::<i64>(), b.parse::<i64>());
                match (op.as_str(), x, y) {
                    ("+", Ok(x), Ok(y)) => Some(x.wrapping_add(y).to_string()),
                    ("-", Ok(x), Ok(y)) => Some(x.wrapping_sub(y).to_string()),
                    ("*", Ok(x), Ok(y)) => Some(x.wrapping_mul(y).to_string()),
                    ("/" | "%", Ok(_), Ok(0)) => {
                        self.write(2, "expr: division by zero\n");
                        return 2;
                    }
                    ("/", Ok(x), Ok(y)) => Some(x.wrapping_div(y).to_string()),
                    ("%", Ok(x), Ok(y)) => Some(x.wrapping_rem(y).to_string()),
                    ("=" | "!=" | "<" | ">" | "<=" | ">=", x, y) => {
                        let ord = match (x, y) {
                            (Ok(x), Ok(y)) => x.cmp(&y),
                            _ => a.cmp(b),
                        };
                        let t = match op.as_str() {
                            "=" => ord.is_eq(),
                            "!=" => ord.is_ne(),
                            "<" => ord.is_lt(),
                            ">" => ord.is_gt(),
                            "<=" => ord.is_le(),
                            _ => ord.is_ge(),
                        };
                        Some((t as i32).to_string())
                    }
                    _ => None,
                }
            }
            [l, s] if l == "length" => Some(s.chars().count().to_string()),
            _ => None,
        };
        match r {
            Some(v) => {
                self.write(1, &format!("{v}\n"));
                (v == "0" || v.is_empty()) as i32
            }
            None => {
                self.write(2, "expr: syntax error\n");
                2
            }
        }
    }
}

/// One grep pattern.
enum Matcher {
    Fixed {
        pat: String,
        icase: bool,
        whole_line: bool,
        word: bool,
    },
    Re(Regex),
}

impl Matcher {
    fn new(p: &str, ere: bool, fixed: bool, icase: bool, whole_line: bool, word: bool) -> Matcher {
        let fixed_m = || Matcher::Fixed {
            pat: if icase {
                p.to_ascii_lowercase()
            } else {
                p.to_string()
            },
            icase,
            whole_line,
            word,
        };
        if fixed {
            return fixed_m();
        }
        let wrapped = match (whole_line, word, ere) {
            (true, _, true) => format!("^({p})$"),
            (true, _, false) => format!("^\\({p}\\)$"),
            (false, true, true) => format!("(^|[^[:alnum:]_])({p})([^[:alnum:]_]|$)"),
            (false, true, false) => {
                format!("\\(^\\|[^[:alnum:]_]\\)\\({p}\\)\\([^[:alnum:]_]\\|$\\)")
            }
            _ => p.to_string(),
        };
        match Regex::new(&wrapped, ere, icase) {
            Some(r) => Matcher::Re(r),
            None => fixed_m(),
        }
    }

    fn is_match(&self, line: &str) -> bool {
        match self {
            Matcher::Re(r) => r.is_match(line),
            Matcher::Fixed {
                pat,
                icase,
                whole_line,
                word,
            } => {
                let l = if *icase {
                    line.to_ascii_lowercase()
                } else {
                    line.to_string()
                };
                if *whole_line {
                    return l == *pat;
                }
                if !*word {
                    return l.contains(pat.as_str());
                }
                let is_w = |c: char| c.is_ascii_alphanumeric() || c == '_';
                l.match_indices(pat.as_str()).any(|(i, m)| {
                    let before = l[..i].chars().next_back().is_none_or(|c| !is_w(c));
                    let after = l[i + m.len()..].chars().next().is_none_or(|c| !is_w(c));
                    before && after
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2"), Some(Some(2000)));
        assert_eq!(parse_duration("0.5"), Some(Some(500)));
        assert_eq!(parse_duration("2m"), Some(Some(120_000)));
        assert_eq!(parse_duration("1h"), Some(Some(3_600_000)));
        assert_eq!(parse_duration("inf"), Some(None));
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("1e400"), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            parse_url("http://api.default.svc.cluster.local/health"),
            Some(("api.default.svc.cluster.local".into(), 80))
        );
        assert_eq!(parse_url("http://db:5432/x"), Some(("db".into(), 5432)));
        assert_eq!(parse_url("https://x"), Some(("x".into(), 443)));
        assert_eq!(parse_url("ftp://x"), None);
    }

    #[test]
    fn options() {
        let a: Vec<String> = ["-zv", "-w", "3", "host", "80"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (f, o) = getopt(&a, "w");
        assert_eq!(f, vec![('z', None), ('v', None), ('w', Some("3".into()))]);
        assert_eq!(o, vec!["host".to_string(), "80".to_string()]);
    }
}
