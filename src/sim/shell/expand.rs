//! Word expansion, after ash's `expandarg()`/`argstr()`/`evalvar()`:
//! parameters (with `set -u`), command substitution, arithmetic, then
//! field splitting on `$IFS` for what was not quoted. Pathname expansion
//! (globbing) is not done: the simulated filesystem cannot be listed, so
//! patterns stay as written, as ash leaves a pattern that matches nothing.

use super::arith;
use super::ast::{ParamExp, ParamOp, Part, Word};
use super::interp::{Ctl, Shell, Stop, R};
use super::pattern::Glob;

/// Most fields one word may expand to.
const MAX_FIELDS: usize = 100_000;
/// The most bytes one command's expanded words may hold. A recursive
/// function that passes `$@` on, doubled, grows its argument list
/// exponentially; a real shell would eat memory until it is killed.
/// Fields are counted with their bookkeeping (32 bytes each), so 48 nested
/// calls (the nesting cap) hold at most about 48 MiB of arguments; a
/// `for i in $(seq 1 20000)` (740 kB counted so) fits.
pub(crate) const MAX_COMMAND_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone)]
enum Seg {
    /// `split`: subject to field splitting; `quoted`: came from quotes (an
    /// empty quoted string still makes a field; in patterns, its special
    /// characters are literal).
    Text {
        s: String,
        split: bool,
        quoted: bool,
    },
    /// Between the fields of `"$@"`.
    Break,
}

struct ArithVars<'s, 'a> {
    sh: &'s mut Shell<'a>,
}

impl arith::Vars for ArithVars<'_, '_> {
    fn get(&self, name: &str) -> Option<String> {
        self.sh.get_var(name).map(str::to_string)
    }
    fn set(&mut self, name: &str, value: String) {
        self.sh.set_var(name, value);
    }
}

impl Shell<'_> {
    /// Expands command words into fields.
    pub(crate) fn expand_words(&mut self, words: &[Word]) -> R<Vec<String>> {
        let mut out = Vec::new();
        for w in words {
            if self.is_lone_dollar_at(w) && self.positional.is_empty() {
                continue; // "$@" with no parameters is no field at all
            }
            if !self.opts.noglob && has_pattern(w) {
                self.note_once(
                    "glob",
                    "patterns such as *.csv are left as written: the simulated filesystem cannot be listed",
                );
            }
            let tilde = self.tilde(w);
            let parts = tilde.as_ref().map(|w| &w.parts).unwrap_or(&w.parts);
            if let [Part::Lit(lit)] = parts.as_slice() {
                // A plain word (most are): one field as written, or none
                // if empty, which is what splitting it would give.
                if !lit.is_empty() {
                    out.push(lit.clone());
                }
            } else {
                let mut segs = Vec::new();
                self.expand_parts(parts, false, &mut segs)?;
                split_fields(segs, self.get_var("IFS").unwrap_or(" \t\n"), &mut out);
            }
            if out.len() > MAX_FIELDS {
                out.truncate(MAX_FIELDS);
                break;
            }
        }
        // Expanding costs like running commands (one per KiB), and a
        // command line past MAX_COMMAND_BYTES ends the run as a runaway.
        let bytes: usize = out.iter().map(|f| f.len() + 32).sum();
        self.tick_by((bytes / 1024) as u64)?;
        if bytes > MAX_COMMAND_BYTES {
            return Err(Ctl::Stop(Stop::Runaway(format!(
                "the script built a command line of more than {} bytes; a real shell would use ever more memory, the simulation treats it as running forever",
                MAX_COMMAND_BYTES
            ))));
        }
        Ok(out)
    }

    fn is_lone_dollar_at(&self, w: &Word) -> bool {
        matches!(w.parts.as_slice(), [Part::Dq(inner)]
            if matches!(inner.as_slice(), [Part::Param(pe)] if pe.name == "@" && pe.op == ParamOp::Plain))
    }

    /// `~` and `~/...` at the start of a word: `$HOME`.
    fn tilde(&self, w: &Word) -> Option<Word> {
        let Some(Part::Lit(s)) = w.parts.first() else {
            return None;
        };
        if s != "~" && !s.starts_with("~/") {
            return None;
        }
        let home = self.get_var("HOME").unwrap_or("/root").to_string();
        let mut parts = w.parts.clone();
        parts[0] = Part::Quoted(format!("{home}{}", &s[1..]));
        Some(Word { parts })
    }

    /// Expands a word to one string, without field splitting (assignments,
    /// redirection targets, `case` subjects, here-documents).
    pub(crate) fn expand_word(&mut self, w: &Word) -> R<String> {
        let mut segs = Vec::new();
        let tilde = self.tilde(w);
        let parts = tilde.as_ref().map(|w| &w.parts).unwrap_or(&w.parts);
        self.expand_parts(parts, false, &mut segs)?;
        let mut s = String::new();
        for seg in segs {
            match seg {
                Seg::Text { s: t, .. } => s.push_str(&t),
                Seg::Break => s.push(' '),
            }
        }
        self.cap(&mut s);
        // A single word pays for its size as a command line does.
        self.tick_by((s.len() / 1024) as u64)?;
        Ok(s)
    }

    /// Expands a word into a shell pattern: what was quoted is escaped.
    pub(crate) fn expand_pattern(&mut self, w: &Word) -> R<String> {
        let mut segs = Vec::new();
        self.expand_parts(&w.parts, false, &mut segs)?;
        let mut s = String::new();
        for seg in segs {
            match seg {
                Seg::Text { s: t, quoted, .. } => {
                    if quoted {
                        for c in t.chars() {
                            if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                                s.push('\\');
                            }
                            s.push(c);
                        }
                    } else {
                        s.push_str(&t);
                    }
                }
                Seg::Break => s.push(' '),
            }
        }
        self.cap(&mut s);
        Ok(s)
    }

    fn push_value(out: &mut Vec<Seg>, s: String, in_dq: bool) {
        out.push(Seg::Text {
            s,
            split: !in_dq,
            quoted: in_dq,
        });
    }

    fn expand_parts(&mut self, parts: &[Part], in_dq: bool, out: &mut Vec<Seg>) -> R<()> {
        for p in parts {
            match p {
                Part::Lit(s) => out.push(Seg::Text {
                    s: s.clone(),
                    split: false,
                    quoted: in_dq,
                }),
                Part::Quoted(s) => out.push(Seg::Text {
                    s: s.clone(),
                    split: false,
                    quoted: true,
                }),
                Part::Dq(inner) => {
                    out.push(Seg::Text {
                        s: String::new(),
                        split: false,
                        quoted: true,
                    });
                    self.expand_parts(inner, true, out)?;
                }
                Part::Param(pe) => self.expand_param(pe, in_dq, out)?,
                Part::CmdSub(l) => {
                    let s = self.command_subst(l)?;
                    Self::push_value(out, s, in_dq);
                }
                Part::Arith(w) => {
                    let v = self.arith(w)?;
                    Self::push_value(out, v.to_string(), in_dq);
                }
            }
        }
        Ok(())
    }

    pub(crate) fn arith(&mut self, w: &Word) -> R<i64> {
        let text = self.expand_word(w)?;
        self.arith_str(&text)
    }

    pub(crate) fn arith_str(&mut self, text: &str) -> R<i64> {
        let r = {
            let mut v = ArithVars { sh: self };
            arith::eval(text, &mut v)
        };
        match r {
            Ok(n) => Ok(n),
            Err(msg) => {
                // ash `ash_arith()`: raised as an error, status 2
                self.sh_error(&msg);
                Err(Ctl::Exit(2))
            }
        }
    }

    /// The value of a parameter; `None` when unset.
    pub(crate) fn param_value(&self, name: &str) -> Option<String> {
        match name {
            "@" | "*" => {
                let sep = if name == "*" {
                    self.get_var("IFS")
                        .map(|s| s.chars().next().map(String::from).unwrap_or_default())
                        .unwrap_or_else(|| " ".into())
                } else {
                    " ".into()
                };
                Some(self.positional.join(&sep))
            }
            "#" => Some(self.positional.len().to_string()),
            "?" => Some(self.status.to_string()),
            // the shell is the container's PID 1
            "$" => Some("1".into()),
            "!" => None,
            "-" => {
                // ash `varvalue()`: `optlist` from its end; `c` is set by `sh -c`
                let o = &self.opts;
                let mut s = String::new();
                for (on, c) in [
                    (o.nounset, 'u'),
                    (o.allexport, 'a'),
                    (o.noclobber, 'C'),
                    (o.verbose, 'v'),
                    (o.xtrace, 'x'),
                    (true, 'c'),
                    (o.noglob, 'f'),
                    (o.errexit, 'e'),
                ] {
                    if on {
                        s.push(c);
                    }
                }
                Some(s)
            }
            "0" => Some(self.cfg.arg0.clone()),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.positional.get(i.checked_sub(1)?).cloned()
            }
            n => self.get_var(n).map(str::to_string),
        }
    }

    /// ash `varunset()`.
    fn unset_error(&mut self, name: &str, msg: &str) -> Ctl {
        self.sh_error(&format!("{name}: {msg}"));
        Ctl::Exit(2)
    }

    fn expand_param(&mut self, pe: &ParamExp, in_dq: bool, out: &mut Vec<Seg>) -> R<()> {
        let name = pe.name.as_str();
        if name == "@" && in_dq && pe.op == ParamOp::Plain {
            for (i, p) in self.positional.clone().into_iter().enumerate() {
                if i > 0 {
                    out.push(Seg::Break);
                }
                Self::push_value(out, p, true);
            }
            return Ok(());
        }
        let val = self.param_value(name);
        let is_set = val.is_some();
        let nonnull = val.as_deref().is_some_and(|v| !v.is_empty());
        let nounset_check = |sh: &mut Self| -> R<()> {
            if !is_set && sh.opts.nounset && name != "@" && name != "*" {
                return Err(sh.unset_error(name, "parameter not set"));
            }
            Ok(())
        };
        match &pe.op {
            ParamOp::Plain => {
                nounset_check(self)?;
                Self::push_value(out, val.unwrap_or_default(), in_dq);
            }
            ParamOp::Length => {
                nounset_check(self)?;
                let n = val.map(|v| v.chars().count()).unwrap_or(0);
                Self::push_value(out, n.to_string(), in_dq);
            }
            ParamOp::Default { colon, word } => {
                if if *colon { nonnull } else { is_set } {
                    Self::push_value(out, val.unwrap_or_default(), in_dq);
                } else {
                    self.expand_parts(&word.parts, in_dq, out)?;
                }
            }
            ParamOp::Assign { colon, word } => {
                if if *colon { nonnull } else { is_set } {
                    Self::push_value(out, val.unwrap_or_default(), in_dq);
                } else {
                    let v = self.expand_word(word)?;
                    if !super::parser::is_name(name) {
                        self.sh_error(&format!("{name}: bad variable name"));
                        return Err(Ctl::Exit(2));
                    }
                    self.set_var(name, v.clone());
                    Self::push_value(out, v, in_dq);
                }
            }
            ParamOp::Alt { colon, word } => {
                if if *colon { nonnull } else { is_set } {
                    self.expand_parts(&word.parts, in_dq, out)?;
                }
            }
            ParamOp::Error { colon, word } => {
                if if *colon { nonnull } else { is_set } {
                    Self::push_value(out, val.unwrap_or_default(), in_dq);
                } else {
                    let msg = self.expand_word(word)?;
                    let msg = if msg.is_empty() {
                        if *colon {
                            "parameter not set or null".to_string()
                        } else {
                            "parameter not set".to_string()
                        }
                    } else {
                        msg
                    };
                    return Err(self.unset_error(name, &msg));
                }
            }
            ParamOp::TrimPrefix { longest, word } | ParamOp::TrimSuffix { longest, word } => {
                nounset_check(self)?;
                let v = val.unwrap_or_default();
                let pat = self.expand_pattern(word)?;
                let prefix = matches!(pe.op, ParamOp::TrimPrefix { .. });
                Self::push_value(out, trim(&v, &pat, prefix, *longest), in_dq);
            }
            ParamOp::Substr { offset, length } => {
                nounset_check(self)?;
                let v: Vec<char> = val.unwrap_or_default().chars().collect();
                let len = v.len() as i64;
                let mut off = self.arith(offset)?;
                if off < 0 {
                    off = (len + off).max(0);
                }
                let off = off.min(len);
                let mut n = match length {
                    Some(l) => self.arith(l)?,
                    None => len - off,
                };
                if n < 0 {
                    n = (len - off + n).max(0);
                }
                let end = off.saturating_add(n).min(len);
                let s: String = v
                    .get(off as usize..end.max(off) as usize)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default();
                Self::push_value(out, s, in_dq);
            }
            ParamOp::Replace { all, pattern, with } => {
                nounset_check(self)?;
                let v = val.unwrap_or_default();
                let pat = self.expand_pattern(pattern)?;
                let rep = self.expand_word(with)?;
                Self::push_value(out, replace(&v, &pat, &rep, *all), in_dq);
            }
            ParamOp::Bad => {
                self.sh_error("syntax error: bad substitution");
                return Err(Ctl::Exit(2));
            }
        }
        Ok(())
    }
}

/// Whether an unquoted part of a word would be a pathname pattern.
fn has_pattern(w: &Word) -> bool {
    w.parts.iter().any(|p| match p {
        Part::Lit(s) => s.contains(['*', '?']),
        _ => false,
    })
}

/// `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`.
fn trim(v: &str, pat: &str, prefix: bool, longest: bool) -> String {
    let (chars, idx) = chars_and_offsets(v);
    let glob = Glob::new(pat);
    let mut budget: u64 = 5_000_000;
    let cuts: Box<dyn Iterator<Item = usize>> = match (prefix, longest) {
        (true, false) | (false, true) => Box::new(0..idx.len()),
        _ => Box::new((0..idx.len()).rev()),
    };
    for k in cuts {
        let (part, rest) = if prefix {
            (&chars[..k], &v[idx[k]..])
        } else {
            (&chars[k..], &v[..idx[k]])
        };
        if glob.matches(part, &mut budget) {
            return rest.to_string();
        }
        if budget == 0 {
            break;
        }
    }
    v.to_string()
}

/// The characters of `v`, and the byte offset of each (and of the end).
fn chars_and_offsets(v: &str) -> (Vec<char>, Vec<usize>) {
    let (mut idx, chars): (Vec<usize>, Vec<char>) = v.char_indices().unzip();
    idx.push(v.len());
    (chars, idx)
}

/// `${v/p/r}` and `${v//p/r}`: longest match at the leftmost position.
fn replace(v: &str, pat: &str, rep: &str, all: bool) -> String {
    replace_trying(v, pat, rep, all, true)
}

/// [`replace`], trying at each position every end, longest first, or
/// (`possible_lengths`) only the ends the pattern's length allows: one,
/// without `*`. Trying every end cost n² steps and ran out of budget on a
/// few thousand characters; the tests check both give the same answers.
fn replace_trying(v: &str, pat: &str, rep: &str, all: bool, possible_lengths: bool) -> String {
    if pat.is_empty() {
        return v.to_string();
    }
    let (chars, idx) = chars_and_offsets(v);
    let glob = Glob::new(pat);
    let (min, max) = if possible_lengths {
        glob.lengths()
    } else {
        (0, None)
    };
    let mut budget: u64 = 5_000_000;
    let mut out = String::new();
    let mut k = 0;
    let mut replaced = false;
    while k < idx.len() {
        let start = idx[k];
        let mut found = None;
        if !replaced || all {
            let last = idx.len() - 1;
            let hi = max.map_or(last, |m| (k + m).min(last));
            for e in (k + min.max(1)..=hi).rev() {
                if glob.matches(&chars[k..e], &mut budget) {
                    found = Some(e);
                    break;
                }
                if budget == 0 {
                    break;
                }
            }
        }
        match found {
            Some(e) => {
                out.push_str(rep);
                replaced = true;
                k = e;
            }
            None => {
                if k + 1 < idx.len() {
                    out.push_str(&v[start..idx[k + 1]]);
                }
                k += 1;
            }
        }
    }
    out
}

/// Field splitting (ash `ifsbreakup()`): IFS white space collapses and is
/// trimmed, other IFS characters delimit (possibly empty) fields.
fn split_fields(segs: Vec<Seg>, ifs: &str, out: &mut Vec<String>) {
    let mut cur = String::new();
    let mut has = false;
    for seg in segs {
        match seg {
            Seg::Break => {
                out.push(std::mem::take(&mut cur));
                has = false;
            }
            Seg::Text {
                s,
                split: false,
                quoted,
            } => {
                if quoted || !s.is_empty() {
                    has = true;
                }
                cur.push_str(&s);
            }
            Seg::Text { s, split: true, .. } => {
                for c in s.chars() {
                    if ifs.contains(c) {
                        if c == ' ' || c == '\t' || c == '\n' {
                            if has {
                                out.push(std::mem::take(&mut cur));
                                has = false;
                            }
                        } else {
                            out.push(std::mem::take(&mut cur));
                            has = false;
                        }
                    } else {
                        cur.push(c);
                        has = true;
                    }
                }
            }
        }
        if out.len() > MAX_FIELDS {
            return;
        }
    }
    if has {
        out.push(cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_replaces() {
        assert_eq!(trim("a/b/c", "*/", true, false), "b/c");
        assert_eq!(trim("a/b/c", "*/", true, true), "c");
        assert_eq!(trim("file.tar.gz", ".*", false, false), "file.tar");
        assert_eq!(trim("file.tar.gz", ".*", false, true), "file");
        assert_eq!(trim("abc", "x", true, false), "abc");
        assert_eq!(replace("a-b-c", "-", "_", false), "a_b-c");
        assert_eq!(replace("a-b-c", "-", "_", true), "a_b_c");
        assert_eq!(replace("aaa", "a*", "x", false), "x");
    }

    #[test]
    fn splits_fields() {
        let seg = |s: &str, split: bool, quoted: bool| Seg::Text {
            s: s.into(),
            split,
            quoted,
        };
        let mut out = Vec::new();
        split_fields(vec![seg("  a b  ", true, false)], " \t\n", &mut out);
        assert_eq!(out, vec!["a", "b"]);
        let mut out = Vec::new();
        split_fields(vec![seg("", true, false)], " \t\n", &mut out);
        assert!(out.is_empty());
        let mut out = Vec::new();
        split_fields(vec![seg("", false, true)], " \t\n", &mut out);
        assert_eq!(out, vec![""]);
        let mut out = Vec::new();
        split_fields(vec![seg("a:b::c", true, false)], ":", &mut out);
        assert_eq!(out, vec!["a", "b", "", "c"]);
    }
}

#[cfg(test)]
mod replace_tests {
    use super::*;

    /// Trying only the lengths a pattern can match changes no answer.
    #[test]
    fn only_possible_lengths_are_tried() {
        let pieces = ["a", "b", "é", "?", "*", "[ab]", "[!a]", "\\*"];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut pick = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..4000 {
            let pat: String = (0..1 + pick(4))
                .map(|_| pieces[pick(pieces.len())])
                .collect();
            let text: String = (0..pick(12))
                .map(|_| ["a", "b", "é", "*"][pick(4)])
                .collect();
            for all in [false, true] {
                assert_eq!(
                    replace(&text, &pat, "X", all),
                    replace_trying(&text, &pat, "X", all, false),
                    "{text:?} {pat:?} all={all}"
                );
            }
        }
    }
}
