//! Shell patterns (`case`, `${v#pat}`, `[[ x == pat ]]`) and the regular
//! expressions of `grep` (POSIX basic and extended, as libc `regcomp()`
//! gives busybox grep). Regexes run as a Thompson NFA, so no pattern can
//! make matching slow; shell patterns use the iterative star algorithm with
//! a work budget.

// ------------------------------------------------------------ char classes

#[derive(Debug, Clone, Copy, PartialEq)]
enum Named {
    Alpha,
    Digit,
    Alnum,
    Space,
    Upper,
    Lower,
    Punct,
    Xdigit,
    Blank,
}

impl Named {
    fn from(name: &str) -> Option<Named> {
        Some(match name {
            "alpha" => Named::Alpha,
            "digit" => Named::Digit,
            "alnum" => Named::Alnum,
            "space" => Named::Space,
            "upper" => Named::Upper,
            "lower" => Named::Lower,
            "punct" => Named::Punct,
            "xdigit" => Named::Xdigit,
            "blank" => Named::Blank,
            _ => return None,
        })
    }
    /// The classes as the C locale defines them (busybox's): ASCII only.
    fn has(self, c: char) -> bool {
        match self {
            Named::Alpha => c.is_ascii_alphabetic(),
            Named::Digit => c.is_ascii_digit(),
            Named::Alnum => c.is_ascii_alphanumeric(),
            Named::Space => matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'),
            Named::Upper => c.is_ascii_uppercase(),
            Named::Lower => c.is_ascii_lowercase(),
            Named::Punct => c.is_ascii_punctuation(),
            Named::Xdigit => c.is_ascii_hexdigit(),
            Named::Blank => c == ' ' || c == '\t',
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Range(char, char),
    Named(Named),
}

#[derive(Debug, Clone, PartialEq)]
struct Class {
    negated: bool,
    items: Vec<Item>,
}

impl Class {
    fn has(&self, c: char, icase: bool) -> bool {
        let hit = |c: char| {
            self.items.iter().any(|i| match i {
                Item::Range(a, b) => *a <= c && c <= *b,
                Item::Named(n) => n.has(c),
            })
        };
        let found = hit(c) || (icase && (hit(lower(c)) || hit(upper(c))));
        found != self.negated
    }
}

/// busybox runs in the C locale: case folding is ASCII only.
fn lower(c: char) -> char {
    c.to_ascii_lowercase()
}

fn upper(c: char) -> char {
    c.to_ascii_uppercase()
}

/// Parses a bracket expression; `s[i]` is just after `[`. Returns the class
/// and the index after `]`, or `None` if there is no closing bracket.
fn parse_class(s: &[char], mut i: usize, shell: bool) -> Option<(Class, usize)> {
    let mut negated = false;
    if let Some(&c) = s.get(i) {
        if c == '^' || (shell && c == '!') {
            negated = true;
            i += 1;
        }
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *s.get(i)?;
        if c == ']' && !first {
            return Some((Class { negated, items }, i + 1));
        }
        first = false;
        if c == '[' && s.get(i + 1) == Some(&':') {
            let rest: String = s[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                if let Some(n) = Named::from(&rest[..end]) {
                    items.push(Item::Named(n));
                    i += 2 + rest[..end].chars().count() + 2;
                    continue;
                }
            }
        }
        let mut lo = c;
        if shell && c == '\\' {
            lo = *s.get(i + 1)?;
            i += 1;
        }
        i += 1;
        if s.get(i) == Some(&'-') && s.get(i + 1).is_some_and(|&c| c != ']') {
            let hi = *s.get(i + 1)?;
            items.push(Item::Range(lo, hi));
            i += 2;
        } else {
            items.push(Item::Range(lo, lo));
        }
    }
}

// ---------------------------------------------------------- shell patterns

#[derive(Debug, Clone, PartialEq)]
enum G {
    Lit(char),
    One,
    Star,
    Class(Class),
}

fn glob_tokens(pat: &str) -> Vec<G> {
    let s: Vec<char> = pat.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            '\\' if i + 1 < s.len() => {
                out.push(G::Lit(s[i + 1]));
                i += 2;
            }
            '*' => {
                if out.last() != Some(&G::Star) {
                    out.push(G::Star);
                }
                i += 1;
            }
            '?' => {
                out.push(G::One);
                i += 1;
            }
            '[' => match parse_class(&s, i + 1, true) {
                Some((cl, next)) => {
                    out.push(G::Class(cl));
                    i = next;
                }
                None => {
                    out.push(G::Lit('['));
                    i += 1;
                }
            },
            _ => {
                out.push(G::Lit(c));
                i += 1;
            }
        }
    }
    out
}

/// A shell pattern for fnmatch(3) without flags: `*`, `?`, `[...]`,
/// backslash escapes. Read once, for matching many texts: `${v//p/r}` tries
/// every substring, and reading the pattern and the text again for each
/// made a 3 000-character variable take seconds.
pub(crate) struct Glob(Vec<G>);

impl Glob {
    pub(crate) fn new(pat: &str) -> Glob {
        Glob(glob_tokens(pat))
    }

    /// The shortest and longest texts it can match: each token but `*`
    /// takes exactly one character, and `*` any number.
    pub(crate) fn lengths(&self) -> (usize, Option<usize>) {
        let fixed = self.0.iter().filter(|g| **g != G::Star).count();
        let open = self.0.contains(&G::Star);
        (fixed, (!open).then_some(fixed))
    }

    /// fnmatch(3) on `t`; each step costs one unit of `budget`, and a
    /// spent budget is no match.
    pub(crate) fn matches(&self, t: &[char], budget: &mut u64) -> bool {
        let p = &self.0;
        let (mut pi, mut ti) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        loop {
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            if ti == t.len() && pi == p.len() {
                return true;
            }
            let step = match (p.get(pi), t.get(ti)) {
                (Some(G::Star), _) => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                (Some(G::Lit(c)), Some(x)) => c == x,
                (Some(G::One), Some(_)) => true,
                (Some(G::Class(cl)), Some(x)) => cl.has(*x, false),
                _ => false,
            };
            if step {
                pi += 1;
                ti += 1;
            } else if let Some((sp, st)) = star {
                if st >= t.len() {
                    return false;
                }
                star = Some((sp, st + 1));
                pi = sp + 1;
                ti = st + 1;
            } else {
                return false;
            }
        }
    }
}

pub(crate) fn glob_match(pat: &str, text: &str) -> bool {
    let mut budget = 1_000_000;
    let t: Vec<char> = text.chars().collect();
    Glob::new(pat).matches(&t, &mut budget)
}

// ----------------------------------------------------------------- regexes

#[derive(Debug, Clone)]
enum Re {
    Char(char),
    Any,
    Class(Class),
    Bol,
    Eol,
    Cat(Vec<Re>),
    Alt(Vec<Re>),
    Rep(Box<Re>, u32, Option<u32>),
}

struct ReParser<'a> {
    s: &'a [char],
    i: usize,
    ere: bool,
    depth: u32,
}

impl ReParser<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn at_alt(&self) -> bool {
        if self.ere {
            self.peek() == Some('|')
        } else {
            self.peek() == Some('\\') && self.s.get(self.i + 1) == Some(&'|')
        }
    }
    fn at_close(&self) -> bool {
        if self.ere {
            self.peek() == Some(')')
        } else {
            self.peek() == Some('\\') && self.s.get(self.i + 1) == Some(&')')
        }
    }
    fn alt(&mut self) -> Option<Re> {
        self.depth += 1;
        if self.depth > 50 {
            return None;
        }
        let mut alts = vec![self.cat()?];
        while self.at_alt() {
            self.i += if self.ere { 1 } else { 2 };
            alts.push(self.cat()?);
        }
        self.depth -= 1;
        Some(if alts.len() == 1 {
            alts.pop()?
        } else {
            Re::Alt(alts)
        })
    }
    fn cat(&mut self) -> Option<Re> {
        let mut items: Vec<Re> = Vec::new();
        let start = self.i;
        while self.peek().is_some() && !self.at_alt() && !self.at_close() {
            let c = self.peek()?;
            // BRE: `^` is an anchor only first, `*` is literal first.
            if c == '^' && (self.ere || self.i == start) {
                self.i += 1;
                items.push(Re::Bol);
                continue;
            }
            if c == '$' {
                let last = self.i + 1 == self.s.len() || {
                    let save = self.i;
                    self.i += 1;
                    let r = self.at_alt() || self.at_close();
                    self.i = save;
                    r
                };
                if self.ere || last {
                    self.i += 1;
                    items.push(Re::Eol);
                    continue;
                }
            }
            if c == '*' && (items.is_empty() || matches!(items.last(), Some(Re::Bol))) {
                self.i += 1;
                items.push(Re::Char('*'));
                continue;
            }
            let atom = self.atom()?;
            let atom = self.quantifiers(atom)?;
            items.push(atom);
        }
        Some(Re::Cat(items))
    }
    fn atom(&mut self) -> Option<Re> {
        let c = self.peek()?;
        self.i += 1;
        Some(match c {
            '.' => Re::Any,
            '[' => match parse_class(self.s, self.i, false) {
                Some((cl, next)) => {
                    self.i = next;
                    Re::Class(cl)
                }
                None => Re::Char('['),
            },
            '(' if self.ere => {
                let r = self.alt()?;
                if self.peek() == Some(')') {
                    self.i += 1;
                }
                r
            }
            '\\' => {
                let n = self.peek()?;
                self.i += 1;
                match n {
                    '(' if !self.ere => {
                        let r = self.alt()?;
                        if self.at_close() {
                            self.i += 2;
                        }
                        r
                    }
                    'w' => Re::Class(Class {
                        negated: false,
                        items: vec![Item::Named(Named::Alnum), Item::Range('_', '_')],
                    }),
                    's' => Re::Class(Class {
                        negated: false,
                        items: vec![Item::Named(Named::Space)],
                    }),
                    _ => Re::Char(n),
                }
            }
            _ => Re::Char(c),
        })
    }
    fn quantifiers(&mut self, mut atom: Re) -> Option<Re> {
        // Stacked quantifiers (`a**`) mean nothing more; refusing long runs
        // keeps the tree shallow.
        for _ in 0..8 {
            let c = match self.peek() {
                Some(c) => c,
                None => return Some(atom),
            };
            let next = self.s.get(self.i + 1).copied();
            let (min, max, len) = match (c, self.ere) {
                ('*', _) => (0, None, 1),
                ('+', true) => (1, None, 1),
                ('?', true) => (0, Some(1), 1),
                ('\\', false) if next == Some('+') => (1, None, 2),
                ('\\', false) if next == Some('?') => (0, Some(1), 2),
                ('{', true) | ('\\', false)
                    if (self.ere || next == Some('{')) && self.interval().is_some() =>
                {
                    let (min, max, len) = self.interval()?;
                    (min, max, len)
                }
                _ => return Some(atom),
            };
            self.i += len;
            atom = Re::Rep(Box::new(atom), min, max);
        }
        None
    }
    /// `{m}`, `{m,}`, `{m,n}` (BRE: `\{m,n\}`): (min, max, chars used).
    fn interval(&self) -> Option<(u32, Option<u32>, usize)> {
        let mut j = self.i + if self.ere { 1 } else { 2 };
        let num = |j: &mut usize| {
            let mut n: Option<u32> = None;
            while let Some(d) = self.s.get(*j).and_then(|c| c.to_digit(10)) {
                n = Some(
                    n.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(d)
                        .min(1000),
                );
                *j += 1;
            }
            n
        };
        let min = num(&mut j)?;
        let max = if self.s.get(j) == Some(&',') {
            j += 1;
            num(&mut j)
        } else {
            Some(min)
        };
        if !self.ere {
            if self.s.get(j) != Some(&'\\') {
                return None;
            }
            j += 1;
        }
        if self.s.get(j) != Some(&'}') {
            return None;
        }
        Some((min, max, j + 1 - self.i))
    }
}

#[derive(Debug, Clone)]
enum St {
    Char(char, usize),
    Any(usize),
    Class(Class, usize),
    Split(usize, usize),
    Bol(usize),
    Eol(usize),
    Match,
}

const MAX_STATES: usize = 20_000;

struct Compiler {
    states: Vec<St>,
}

impl Compiler {
    fn push(&mut self, s: St) -> Option<usize> {
        if self.states.len() >= MAX_STATES {
            return None;
        }
        self.states.push(s);
        Some(self.states.len() - 1)
    }
    /// Compiles `re` so that it continues to `next`; returns its start.
    fn compile(&mut self, re: &Re, next: usize) -> Option<usize> {
        Some(match re {
            Re::Char(c) => self.push(St::Char(*c, next))?,
            Re::Any => self.push(St::Any(next))?,
            Re::Class(c) => self.push(St::Class(c.clone(), next))?,
            Re::Bol => self.push(St::Bol(next))?,
            Re::Eol => self.push(St::Eol(next))?,
            Re::Cat(items) => {
                let mut n = next;
                for r in items.iter().rev() {
                    n = self.compile(r, n)?;
                }
                n
            }
            Re::Alt(alts) => {
                let mut starts = Vec::new();
                for a in alts {
                    starts.push(self.compile(a, next)?);
                }
                let mut s = starts.pop()?;
                while let Some(a) = starts.pop() {
                    s = self.push(St::Split(a, s))?;
                }
                s
            }
            Re::Rep(r, min, max) => {
                let mut n = match max {
                    None => {
                        let split = self.push(St::Split(usize::MAX, next))?;
                        let body = self.compile(r, split)?;
                        self.states[split] = St::Split(body, next);
                        split
                    }
                    Some(max) => {
                        let mut n = next;
                        for _ in *min..(*max).max(*min) {
                            let body = self.compile(r, n)?;
                            n = self.push(St::Split(body, n))?;
                        }
                        n
                    }
                };
                for _ in 0..*min {
                    n = self.compile(r, n)?;
                }
                n
            }
        })
    }
}

/// A compiled grep pattern.
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    states: Vec<St>,
    start: usize,
    icase: bool,
}

impl Regex {
    /// Compiles a POSIX basic (or, with `ere`, extended) regex; `None` if
    /// it is too large or malformed.
    pub(crate) fn new(pat: &str, ere: bool, icase: bool) -> Option<Regex> {
        let s: Vec<char> = pat
            .chars()
            .map(|c| if icase { lower(c) } else { c })
            .collect();
        let mut p = ReParser {
            s: &s,
            i: 0,
            ere,
            depth: 0,
        };
        let re = p.alt()?;
        if p.i < s.len() {
            return None;
        }
        let mut c = Compiler { states: Vec::new() };
        let m = c.push(St::Match)?;
        let start = c.compile(&re, m)?;
        Some(Regex {
            states: c.states,
            start,
            icase,
        })
    }

    fn add(
        &self,
        set: &mut Vec<usize>,
        seen: &mut [u32],
        gen: u32,
        s: usize,
        pos: usize,
        len: usize,
    ) {
        let mut stack = vec![s];
        while let Some(s) = stack.pop() {
            if seen.get(s).copied() == Some(gen) {
                continue;
            }
            if let Some(x) = seen.get_mut(s) {
                *x = gen;
            }
            match self.states.get(s) {
                Some(St::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(St::Bol(n)) if pos == 0 => stack.push(*n),
                Some(St::Eol(n)) if pos == len => stack.push(*n),
                Some(St::Bol(_)) | Some(St::Eol(_)) | None => {}
                Some(_) => set.push(s),
            }
        }
    }

    /// Whether the regex matches somewhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let t: Vec<char> = text
            .chars()
            .map(|c| if self.icase { lower(c) } else { c })
            .collect();
        let mut seen = vec![0u32; self.states.len()];
        let mut gen = 1u32;
        let mut cur = Vec::new();
        // a bound on the work for one line: past it, no match
        let mut budget: usize = 20_000_000;
        for pos in 0..=t.len() {
            budget = match budget.checked_sub(cur.len() + 1) {
                Some(b) => b,
                None => return false,
            };
            // unanchored search: a match may start at every position
            self.add(&mut cur, &mut seen, gen, self.start, pos, t.len());
            if cur
                .iter()
                .any(|&s| matches!(self.states.get(s), Some(St::Match)))
            {
                return true;
            }
            let c = match t.get(pos) {
                Some(&c) => c,
                None => break,
            };
            gen += 1;
            let mut next = Vec::new();
            for &s in &cur {
                let to = match self.states.get(s) {
                    Some(St::Char(x, n)) if *x == c => Some(*n),
                    Some(St::Any(n)) => Some(*n),
                    Some(St::Class(cl, n)) if cl.has(c, self.icase) => Some(*n),
                    _ => None,
                };
                if let Some(n) = to {
                    self.add(&mut next, &mut seen, gen, n, pos + 1, t.len());
                }
            }
            cur = next;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*", ""));
        assert!(glob_match("a*c", "abbbc"));
        assert!(!glob_match("a*c", "abbb"));
        assert!(glob_match("?b", "ab"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(glob_match("[!a-c]x", "dx"));
        assert!(!glob_match("\\*", "a"));
        assert!(glob_match("\\*", "*"));
        assert!(glob_match("*.log", "error.log"));
        assert!(glob_match("[", "["));
    }

    fn m(p: &str, ere: bool, t: &str) -> bool {
        Regex::new(p, ere, false).map(|r| r.is_match(t)) == Some(true)
    }

    #[test]
    fn regexes() {
        assert!(m("app", false, "long-app-1"));
        assert!(m("^ERR", false, "ERROR disk"));
        assert!(!m("^ERR", false, "an ERROR"));
        assert!(m("full$", false, "disk full"));
        assert!(m("a.c", false, "abc"));
        assert!(m("ab*c", false, "ac"));
        assert!(m("*a", false, "*a"));
        assert!(m("a\\|b", false, "b"));
        assert!(m("a|b", true, "b"));
        assert!(!m("a|b", false, "b"));
        assert!(m("(ab)+c", true, "ababc"));
        assert!(m("x{2,3}", true, "axxb"));
        assert!(!m("^x{2}$", true, "xxx"));
        assert!(m("[[:digit:]]+", true, "v12"));
        assert!(Regex::new("ERROR", false, true)
            .map(|r| r.is_match("error"))
            .unwrap_or(false));
        // pathological patterns stay bounded
        assert!(Regex::new("(a{1000}){1000}", true, false).is_none());
        let evil = Regex::new("(a*)*b", true, false).map(|r| r.is_match(&"a".repeat(5000)));
        assert_eq!(evil, Some(false));
    }
}
