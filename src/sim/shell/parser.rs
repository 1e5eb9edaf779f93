//! Lexer and parser, following busybox ash's recursive-descent parser
//! (shell/ash.c: `list()`, `andor()`, `pipeline()`, `parse_command()`,
//! `simplecmd()`, `readtoken1()`), so that its syntax errors come out with
//! the same wording: `unexpected "fi" (expecting "then")`,
//! `unexpected end of file (expecting "done")`, `unterminated quoted string`,
//! `missing '}'`, `bad for loop variable`, `bad function name`.
//!
//! Like ash, a script is parsed one top-level command line at a time
//! (`parsecmd()` in `evalstring()`): the lines before a syntax error are
//! kept, because ash runs them before it reads the faulty line.

use super::ast::{
    AndOr, Command, Compound, List, ParamExp, ParamOp, Part, Pipeline, Redir, RedirOp, SimpleCmd,
    Word,
};
use std::sync::Arc;

/// How deep constructs may nest (commands inside commands, `$(...)` inside
/// words). ash has no such limit (it recurses until it crashes); we bound
/// it so that no input can exhaust the stack.
const MAX_DEPTH: u32 = 40;

/// A syntax error: the line it was found on and ash's text after
/// `syntax error: `.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseError {
    pub line: u32,
    pub detail: String,
}

type PResult<T> = Result<T, ParseError>;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Eof,
    Newline,
    Semi,
    Amp,
    AndIf,
    OrIf,
    Pipe,
    LParen,
    RParen,
    DSemi,
    /// fd written before the operator, operator, `<<-` (strip tabs).
    Redir(Option<u32>, RedirOp, bool),
    Word(Word),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kw {
    Bang,
    Case,
    Do,
    Done,
    Elif,
    Else,
    Esac,
    Fi,
    For,
    Function,
    If,
    In,
    Then,
    Until,
    While,
    LBrace,
    RBrace,
}

const KEYWORDS: [(&str, Kw); 17] = [
    ("!", Kw::Bang),
    ("case", Kw::Case),
    ("do", Kw::Do),
    ("done", Kw::Done),
    ("elif", Kw::Elif),
    ("else", Kw::Else),
    ("esac", Kw::Esac),
    ("fi", Kw::Fi),
    ("for", Kw::For),
    ("function", Kw::Function),
    ("if", Kw::If),
    ("in", Kw::In),
    ("then", Kw::Then),
    ("until", Kw::Until),
    ("while", Kw::While),
    ("{", Kw::LBrace),
    ("}", Kw::RBrace),
];

/// Whether `s` is one of ash's reserved words (`findkwd()`); xtrace quotes
/// such words.
pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.iter().any(|(k, _)| *k == s)
}

fn kw_name(k: Kw) -> &'static str {
    KEYWORDS
        .iter()
        .find(|(_, kw)| *kw == k)
        .map(|(s, _)| *s)
        .unwrap_or("?")
}

/// The literal text of a word made of one unquoted literal, if it is one.
pub(crate) fn plain_text(w: &Word) -> Option<&str> {
    match w.parts.as_slice() {
        [Part::Lit(s)] => Some(s.as_str()),
        _ => None,
    }
}

fn kw_of(t: &Tok) -> Option<Kw> {
    match t {
        Tok::Word(w) => {
            let s = plain_text(w)?;
            KEYWORDS.iter().find(|(k, _)| *k == s).map(|(_, kw)| *kw)
        }
        _ => None,
    }
}

/// ash's `tokname()`: the first four token kinds unquoted, the rest quoted.
fn tok_name(t: &Tok) -> String {
    if let Some(k) = kw_of(t) {
        return format!("\"{}\"", kw_name(k));
    }
    match t {
        Tok::Eof => "end of file".into(),
        Tok::Newline => "newline".into(),
        Tok::Redir(..) => "redirection".into(),
        Tok::Word(_) => "word".into(),
        Tok::Semi => "\";\"".into(),
        Tok::Amp => "\"&\"".into(),
        Tok::AndIf => "\"&&\"".into(),
        Tok::OrIf => "\"||\"".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::LParen => "\"(\"".into(),
        Tok::RParen => "\")\"".into(),
        Tok::DSemi => "\";;\"".into(),
    }
}

/// ash's `tokendlist`: tokens that end a nested list.
fn ends_list(t: &Tok) -> bool {
    match t {
        Tok::Eof | Tok::RParen | Tok::DSemi => true,
        _ => matches!(
            kw_of(t),
            Some(
                Kw::Do | Kw::Done | Kw::Elif | Kw::Else | Kw::Esac | Kw::Fi | Kw::Then | Kw::RBrace
            )
        ),
    }
}

pub(crate) fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    cs.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Special builtins cannot be function names (ash `simplecmd()`:
/// `IS_BUILTIN_SPECIAL`).
pub(crate) const SPECIAL_BUILTINS: [&str; 17] = [
    ".", ":", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set",
    "shift", "source", "times", "trap", "unset", "local",
];

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// ash `list(1)`: a top-level line, ends at a newline.
    Top,
    /// ash `list(0)`: inside a compound command, newlines are separators.
    Nested,
    /// ash `list(2)`: a case arm, which may be empty.
    CaseBody,
}

#[derive(Default)]
struct PartsBuilder {
    parts: Vec<Part>,
    cur: String,
    cur_quoted: bool,
}

impl PartsBuilder {
    fn flush(&mut self) {
        if !self.cur.is_empty() {
            let s = std::mem::take(&mut self.cur);
            self.parts.push(if self.cur_quoted {
                Part::Quoted(s)
            } else {
                Part::Lit(s)
            });
        }
    }
    fn lit(&mut self, c: char) {
        if self.cur_quoted {
            self.flush();
        }
        self.cur_quoted = false;
        self.cur.push(c);
    }
    fn quoted(&mut self, s: &str) {
        if !self.cur_quoted {
            self.flush();
        }
        self.cur_quoted = true;
        self.cur.push_str(s);
    }
    fn quoted_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.quoted(c.encode_utf8(&mut b));
    }
    fn push(&mut self, p: Part) {
        self.flush();
        self.parts.push(p);
    }
    fn finish(mut self) -> Vec<Part> {
        self.flush();
        self.parts
    }
}

pub(crate) struct Parser {
    src: Vec<char>,
    pos: usize,
    line: u32,
    depth: u32,
    peeked: Option<(Tok, u32)>,
    /// Here-document bodies already read: (start, end, lines) to jump over
    /// when the lexer reaches them.
    skips: Vec<(usize, usize, u32)>,
}

/// Parses a whole script into top-level chunks; on a syntax error, the
/// chunks before the faulty one and the error.
pub(crate) fn parse_program(src: &str) -> (Vec<List>, Option<ParseError>) {
    let (chunks, error, _) = parse_chunks(src);
    (chunks, error)
}

/// [`parse_program`], and whether the last chunk ends the text rather than
/// at a newline (ash `parser_eof()`).
pub(crate) fn parse_chunks(src: &str) -> (Vec<List>, Option<ParseError>, bool) {
    let mut p = Parser::new(src, 1, 0);
    let mut chunks = Vec::new();
    let mut last_at_eof = false;
    loop {
        match p.parse_chunk() {
            Ok(Some(l)) => {
                if !l.items.is_empty() {
                    // a top-level list pushes back the end of file, and
                    // consumes a newline
                    last_at_eof = matches!(p.peeked, Some((Tok::Eof, _)));
                    chunks.push(l)
                }
            }
            Ok(None) => return (chunks, None, last_at_eof),
            Err(e) => return (chunks, Some(e), false),
        }
    }
}

/// Parses a whole string as one list (for `eval`, `.` and backquotes),
/// failing on any syntax error.
pub(crate) fn parse_all(src: &str, line: u32, depth: u32) -> PResult<List> {
    let mut p = Parser::new(src, line, depth);
    let mut items = Vec::new();
    while let Some(l) = p.parse_chunk()? {
        items.extend(l.items);
    }
    Ok(List { items })
}

impl Parser {
    fn new(src: &str, line: u32, depth: u32) -> Self {
        Parser {
            src: src.chars().collect(),
            pos: 0,
            line,
            depth,
            peeked: None,
            skips: Vec::new(),
        }
    }

    fn err<T>(&self, line: u32, detail: impl Into<String>) -> PResult<T> {
        Err(ParseError {
            line,
            detail: detail.into(),
        })
    }

    fn unexpected<T>(&self, t: &Tok, line: u32, expecting: Option<&str>) -> PResult<T> {
        let mut d = format!("unexpected {}", tok_name(t));
        if let Some(e) = expecting {
            d.push_str(&format!(" (expecting {e})"));
        }
        self.err(line, d)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(self.line, "nested too deeply");
        }
        Ok(())
    }

    // ---------------------------------------------------------------- chars

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.pos + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = *self.src.get(self.pos)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            while let Some(i) = self.skips.iter().position(|s| s.0 == self.pos) {
                let (_, end, lines) = self.skips.remove(i);
                self.pos = end;
                self.line += lines;
            }
        }
        Some(c)
    }

    // --------------------------------------------------------------- tokens

    fn tok(&mut self) -> PResult<(Tok, u32)> {
        if let Some(t) = self.peeked.take() {
            return Ok(t);
        }
        self.lex()
    }

    fn tok_skipnl(&mut self) -> PResult<(Tok, u32)> {
        loop {
            let t = self.tok()?;
            if t.0 != Tok::Newline {
                return Ok(t);
            }
        }
    }

    fn push_back(&mut self, t: (Tok, u32)) {
        self.peeked = Some(t);
    }

    fn lex(&mut self) -> PResult<(Tok, u32)> {
        loop {
            match self.peek() {
                Some(' ') | Some('\t') | Some('\r') => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => break,
            }
        }
        let line = self.line;
        let c = match self.peek() {
            None => return Ok((Tok::Eof, line)),
            Some(c) => c,
        };
        let t = match c {
            '\n' => {
                self.bump();
                Tok::Newline
            }
            ';' => {
                self.bump();
                if self.peek() == Some(';') {
                    self.bump();
                    Tok::DSemi
                } else {
                    Tok::Semi
                }
            }
            '&' => {
                self.bump();
                match self.peek() {
                    Some('&') => {
                        self.bump();
                        Tok::AndIf
                    }
                    Some('>') => {
                        self.bump();
                        Tok::Redir(None, RedirOp::OutErr, false)
                    }
                    _ => Tok::Amp,
                }
            }
            '|' => {
                self.bump();
                if self.peek() == Some('|') {
                    self.bump();
                    Tok::OrIf
                } else {
                    Tok::Pipe
                }
            }
            '(' => {
                self.bump();
                Tok::LParen
            }
            ')' => {
                self.bump();
                Tok::RParen
            }
            '<' | '>' => self.redir_op(None),
            d if d.is_ascii_digit() => {
                let mut n = 0;
                while self.peek_at(n).is_some_and(|c| c.is_ascii_digit()) {
                    n += 1;
                }
                if matches!(self.peek_at(n), Some('<') | Some('>')) {
                    let digits: String = self.src[self.pos..self.pos + n].iter().collect();
                    self.pos += n;
                    // ash `fixredir()`/`bb_strtou`: an fd too large to be one
                    // is still parsed; it fails when applied.
                    let fd = digits.parse::<u32>().unwrap_or(u32::MAX);
                    self.redir_op(Some(fd))
                } else {
                    Tok::Word(self.read_word()?)
                }
            }
            _ => Tok::Word(self.read_word()?),
        };
        Ok((t, line))
    }

    fn redir_op(&mut self, fd: Option<u32>) -> Tok {
        let c = self.bump();
        if c == Some('>') {
            match self.peek() {
                Some('>') => {
                    self.bump();
                    Tok::Redir(fd, RedirOp::Append, false)
                }
                Some('&') => {
                    self.bump();
                    Tok::Redir(fd, RedirOp::DupOut, false)
                }
                Some('|') => {
                    self.bump();
                    Tok::Redir(fd, RedirOp::Out, false)
                }
                _ => Tok::Redir(fd, RedirOp::Out, false),
            }
        } else {
            match self.peek() {
                Some('<') => {
                    self.bump();
                    if self.peek() == Some('-') {
                        self.bump();
                        Tok::Redir(fd, RedirOp::Here, true)
                    } else {
                        Tok::Redir(fd, RedirOp::Here, false)
                    }
                }
                Some('&') => {
                    self.bump();
                    Tok::Redir(fd, RedirOp::DupIn, false)
                }
                Some('>') => {
                    self.bump();
                    Tok::Redir(fd, RedirOp::ReadWrite, false)
                }
                _ => Tok::Redir(fd, RedirOp::In, false),
            }
        }
    }

    // ---------------------------------------------------------------- words

    fn read_word(&mut self) -> PResult<Word> {
        let mut b = PartsBuilder::default();
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '\'' => {
                    self.bump();
                    let s = self.read_squote()?;
                    if s.is_empty() {
                        // '' is an empty word, not nothing
                        b.push(Part::Quoted(s));
                    } else {
                        b.quoted(&s);
                    }
                }
                '"' => {
                    self.bump();
                    let parts = self.read_dquote()?;
                    b.push(Part::Dq(parts));
                }
                '\\' => {
                    self.bump();
                    match self.peek() {
                        None => b.lit('\\'),
                        Some('\n') => {
                            self.bump();
                        }
                        Some(c) => {
                            self.bump();
                            b.quoted_char(c);
                        }
                    }
                }
                '$' => {
                    self.bump();
                    self.read_dollar(&mut b, false)?;
                }
                '`' => {
                    self.bump();
                    let l = self.read_backquote(false)?;
                    b.push(Part::CmdSub(Arc::new(l)));
                }
                _ => {
                    self.bump();
                    b.lit(c);
                }
            }
        }
        Ok(Word { parts: b.finish() })
    }

    fn read_squote(&mut self) -> PResult<String> {
        let line = self.line;
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return self.err(line, "unterminated quoted string"),
                Some('\'') => return Ok(s),
                Some(c) => s.push(c),
            }
        }
    }

    fn read_dquote(&mut self) -> PResult<Vec<Part>> {
        let line = self.line;
        let mut b = PartsBuilder::default();
        loop {
            let c = match self.peek() {
                None => return self.err(line, "unterminated quoted string"),
                Some(c) => c,
            };
            self.bump();
            match c {
                '"' => return Ok(b.finish()),
                '\\' => match self.peek() {
                    None => return self.err(line, "unterminated quoted string"),
                    Some('\n') => {
                        self.bump();
                    }
                    Some(n @ ('$' | '`' | '"' | '\\')) => {
                        self.bump();
                        b.quoted_char(n);
                    }
                    Some(_) => b.quoted("\\"),
                },
                '$' => self.read_dollar(&mut b, true)?,
                '`' => {
                    let l = self.read_backquote(true)?;
                    b.push(Part::CmdSub(Arc::new(l)));
                }
                _ => b.quoted_char(c),
            }
        }
    }

    /// Text of a here-document or of `$((...))`: expansions happen, quotes
    /// are ordinary characters, a backslash only escapes `$`, `` ` ``, `\`.
    fn read_template(&mut self) -> PResult<Vec<Part>> {
        let mut b = PartsBuilder::default();
        while let Some(c) = self.bump() {
            match c {
                '\\' => match self.peek() {
                    Some('\n') => {
                        self.bump();
                    }
                    Some(n @ ('$' | '`' | '\\')) => {
                        self.bump();
                        b.quoted_char(n);
                    }
                    _ => b.quoted("\\"),
                },
                '$' => self.read_dollar(&mut b, true)?,
                '`' => {
                    let l = self.read_backquote(false)?;
                    b.push(Part::CmdSub(Arc::new(l)));
                }
                _ => b.quoted_char(c),
            }
        }
        Ok(b.finish())
    }

    fn read_name(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c == '_' || c.is_ascii_alphanumeric() {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    /// After a `$`: ash `parsesub()`.
    fn read_dollar(&mut self, b: &mut PartsBuilder, in_dq: bool) -> PResult<()> {
        self.enter()?;
        let r = self.read_dollar_inner(b, in_dq);
        self.depth -= 1;
        r
    }

    fn read_dollar_inner(&mut self, b: &mut PartsBuilder, in_dq: bool) -> PResult<()> {
        let param = |name: String| {
            Part::Param(Box::new(ParamExp {
                name,
                op: ParamOp::Plain,
            }))
        };
        match self.peek() {
            Some('(') => {
                self.bump();
                if self.peek() == Some('(') {
                    self.bump();
                    let w = self.read_arith()?;
                    b.push(Part::Arith(w));
                } else {
                    let line = self.line;
                    let l = self.list(Mode::Nested)?;
                    let (t, tl) = self.tok()?;
                    if t != Tok::RParen {
                        return self.unexpected(&t, tl.max(line), Some("\")\""));
                    }
                    b.push(Part::CmdSub(Arc::new(l)));
                }
            }
            Some('{') => {
                self.bump();
                let p = self.read_brace_param()?;
                b.push(p);
            }
            Some('\'') if !in_dq => {
                // bash's $'...' (ash: BASH_DOLLAR_SQUOTE)
                self.bump();
                let s = self.read_dollar_squote()?;
                b.quoted(&s);
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let n = self.read_name();
                b.push(param(n));
            }
            Some(c) if c.is_ascii_digit() || "@*#?-$!".contains(c) => {
                self.bump();
                b.push(param(c.to_string()));
            }
            _ => {
                if in_dq {
                    b.quoted("$")
                } else {
                    b.lit('$')
                }
            }
        }
        Ok(())
    }

    fn read_dollar_squote(&mut self) -> PResult<String> {
        let line = self.line;
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return self.err(line, "unterminated quoted string"),
                Some('\'') => return Ok(s),
                Some('\\') => {
                    let c = match self.bump() {
                        None => return self.err(line, "unterminated quoted string"),
                        Some(c) => c,
                    };
                    match c {
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        'a' => s.push('\u{7}'),
                        'b' => s.push('\u{8}'),
                        'e' | 'E' => s.push('\u{1b}'),
                        'f' => s.push('\u{c}'),
                        'v' => s.push('\u{b}'),
                        '\\' | '\'' | '"' => s.push(c),
                        _ => {
                            s.push('\\');
                            s.push(c);
                        }
                    }
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn read_arith(&mut self) -> PResult<Word> {
        let line = self.line;
        let mut depth = 0u32;
        let mut text = String::new();
        loop {
            let c = match self.bump() {
                None => return self.err(line, "missing '))'"),
                Some(c) => c,
            };
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    if self.peek() == Some(')') {
                        self.bump();
                        break;
                    }
                    return self.err(line, "missing '))'");
                }
                ')' => depth -= 1,
                _ => {}
            }
            text.push(c);
        }
        let mut sub = Parser::new(&text, line, self.depth);
        let parts = sub.read_template()?;
        Ok(Word {
            parts: vec![Part::Dq(parts)],
        })
    }

    fn read_backquote(&mut self, in_dq: bool) -> PResult<List> {
        let line = self.line;
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return self.err(line, "EOF in backquote substitution"),
                Some('`') => break,
                Some('\\') => match self.bump() {
                    None => return self.err(line, "EOF in backquote substitution"),
                    Some(c @ ('$' | '`' | '\\')) => text.push(c),
                    Some('"') if in_dq => text.push('"'),
                    Some(c) => {
                        text.push('\\');
                        text.push(c);
                    }
                },
                Some(c) => text.push(c),
            }
        }
        parse_all(&text, line, self.depth + 1)
    }

    /// After `${`.
    fn read_brace_param(&mut self) -> PResult<Part> {
        let line = self.line;
        let mk = |name: String, op: ParamOp| Ok(Part::Param(Box::new(ParamExp { name, op })));
        let mut length = false;
        if self.peek() == Some('#') {
            // `${#}` is $#, `${#name}` a length
            match self.peek_at(1) {
                Some('}') => {}
                Some(c) if c == '_' || c.is_ascii_alphanumeric() || "@*#?-$!".contains(c) => {
                    self.bump();
                    length = true;
                }
                _ => {}
            }
        }
        let name = match self.peek() {
            Some(c) if c == '_' || c.is_ascii_alphabetic() => self.read_name(),
            Some(c) if c.is_ascii_digit() => {
                let mut s = String::new();
                while let Some(c) = self.peek().filter(|c| c.is_ascii_digit()) {
                    s.push(c);
                    self.bump();
                }
                s
            }
            Some(c) if "@*#?-$!".contains(c) => {
                self.bump();
                c.to_string()
            }
            _ => String::new(),
        };
        if name.is_empty() {
            self.skip_to_brace(line)?;
            return mk(name, ParamOp::Bad);
        }
        if length {
            if self.peek() == Some('}') {
                self.bump();
                return mk(name, ParamOp::Length);
            }
            self.skip_to_brace(line)?;
            return mk(name, ParamOp::Bad);
        }
        let c = match self.bump() {
            None => return self.err(line, "missing '}'"),
            Some(c) => c,
        };
        let op = match c {
            '}' => return mk(name, ParamOp::Plain),
            ':' => match self.peek() {
                Some(o @ ('-' | '=' | '+' | '?')) => {
                    self.bump();
                    let word = self.read_param_word(line, &['}'])?.0;
                    colon_op(o, true, word)
                }
                _ => {
                    let (offset, stop) = self.read_param_word(line, &['}', ':'])?;
                    let length = if stop == ':' {
                        Some(self.read_param_word(line, &['}'])?.0)
                    } else {
                        None
                    };
                    ParamOp::Substr { offset, length }
                }
            },
            o @ ('-' | '=' | '+' | '?') => {
                let word = self.read_param_word(line, &['}'])?.0;
                colon_op(o, false, word)
            }
            '#' | '%' => {
                let longest = self.peek() == Some(c);
                if longest {
                    self.bump();
                }
                let word = self.read_param_word(line, &['}'])?.0;
                if c == '#' {
                    ParamOp::TrimPrefix { longest, word }
                } else {
                    ParamOp::TrimSuffix { longest, word }
                }
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.bump();
                }
                let (pattern, stop) = self.read_param_word(line, &['}', '/'])?;
                let with = if stop == '/' {
                    self.read_param_word(line, &['}'])?.0
                } else {
                    Word::default()
                };
                ParamOp::Replace { all, pattern, with }
            }
            _ => {
                if c != '}' {
                    self.skip_to_brace(line)?;
                }
                ParamOp::Bad
            }
        };
        mk(name, op)
    }

    fn skip_to_brace(&mut self, line: u32) -> PResult<()> {
        let mut depth = 0u32;
        loop {
            match self.bump() {
                None => return self.err(line, "missing '}'"),
                Some('{') => depth += 1,
                Some('}') if depth == 0 => return Ok(()),
                Some('}') => depth -= 1,
                Some(_) => {}
            }
        }
    }

    /// The word inside `${...}` after the operator, up to one of `stops`
    /// (unquoted): returns the word and the stop character.
    fn read_param_word(&mut self, line: u32, stops: &[char]) -> PResult<(Word, char)> {
        let mut b = PartsBuilder::default();
        loop {
            let c = match self.peek() {
                None => return self.err(line, "missing '}'"),
                Some(c) => c,
            };
            self.bump();
            if stops.contains(&c) {
                return Ok((Word { parts: b.finish() }, c));
            }
            match c {
                '\'' => {
                    let s = self.read_squote()?;
                    b.quoted(&s);
                }
                '"' => {
                    let parts = self.read_dquote()?;
                    b.push(Part::Dq(parts));
                }
                '\\' => match self.bump() {
                    None => return self.err(line, "missing '}'"),
                    Some('\n') => {}
                    Some(c) => b.quoted_char(c),
                },
                '$' => self.read_dollar(&mut b, false)?,
                '`' => {
                    let l = self.read_backquote(false)?;
                    b.push(Part::CmdSub(Arc::new(l)));
                }
                _ => b.lit(c),
            }
        }
    }

    // -------------------------------------------------------------- grammar

    fn parse_chunk(&mut self) -> PResult<Option<List>> {
        let t = self.tok()?;
        match t.0 {
            Tok::Eof => Ok(None),
            Tok::Newline => Ok(Some(List::default())),
            _ => {
                self.push_back(t);
                self.list(Mode::Top).map(Some)
            }
        }
    }

    /// ash `list()`.
    fn list(&mut self, mode: Mode) -> PResult<List> {
        let skip_nl = mode != Mode::Top;
        let mut check_end = mode == Mode::CaseBody;
        let mut items = Vec::new();
        loop {
            let t = if skip_nl {
                self.tok_skipnl()?
            } else {
                self.tok()?
            };
            match t.0 {
                Tok::Newline => return Ok(List { items }),
                Tok::Eof => {
                    self.push_back(t);
                    return Ok(List { items });
                }
                _ => {}
            }
            let end = ends_list(&t.0);
            self.push_back(t);
            if check_end && end {
                return Ok(List { items });
            }
            if mode == Mode::Nested {
                check_end = true;
            }
            let mut ao = self.andor()?;
            let t = self.tok()?;
            if t.0 == Tok::Amp {
                ao.background = true;
            }
            items.push(ao);
            match t.0 {
                Tok::Eof | Tok::Newline => self.push_back(t),
                Tok::Amp | Tok::Semi => {}
                _ => {
                    if !skip_nl {
                        return self.unexpected(&t.0, t.1, None);
                    }
                    self.push_back(t);
                    return Ok(List { items });
                }
            }
        }
    }

    fn andor(&mut self) -> PResult<AndOr> {
        let first = self.pipeline(false)?;
        let mut rest = Vec::new();
        loop {
            let t = self.tok()?;
            let and = match t.0 {
                Tok::AndIf => true,
                Tok::OrIf => false,
                _ => {
                    self.push_back(t);
                    return Ok(AndOr {
                        first,
                        rest,
                        background: false,
                    });
                }
            };
            rest.push((and, self.pipeline(true)?));
        }
    }

    fn pipeline(&mut self, skip_nl: bool) -> PResult<Pipeline> {
        let t = if skip_nl {
            self.tok_skipnl()?
        } else {
            self.tok()?
        };
        let negate = kw_of(&t.0) == Some(Kw::Bang);
        if !negate {
            self.push_back(t);
        }
        let mut cmds = vec![self.parse_command(false)?];
        loop {
            let t = self.tok()?;
            if t.0 != Tok::Pipe {
                self.push_back(t);
                break;
            }
            cmds.push(self.parse_command(true)?);
        }
        Ok(Pipeline { negate, cmds })
    }

    fn expect(&mut self, k: Kw) -> PResult<()> {
        let t = self.tok()?;
        if kw_of(&t.0) != Some(k) {
            let e = format!("\"{}\"", kw_name(k));
            return self.unexpected(&t.0, t.1, Some(&e));
        }
        Ok(())
    }

    fn parse_command(&mut self, skip_nl: bool) -> PResult<Command> {
        self.enter()?;
        let r = self.parse_command_inner(skip_nl);
        self.depth -= 1;
        r
    }

    fn parse_command_inner(&mut self, skip_nl: bool) -> PResult<Command> {
        let t = if skip_nl {
            self.tok_skipnl()?
        } else {
            self.tok()?
        };
        let line = t.1;
        let compound = match kw_of(&t.0) {
            Some(Kw::If) => {
                let mut branches = Vec::new();
                let cond = self.list(Mode::Nested)?;
                self.expect(Kw::Then)?;
                branches.push((cond, self.list(Mode::Nested)?));
                let mut otherwise = None;
                loop {
                    let t = self.tok()?;
                    match kw_of(&t.0) {
                        Some(Kw::Elif) => {
                            let cond = self.list(Mode::Nested)?;
                            self.expect(Kw::Then)?;
                            branches.push((cond, self.list(Mode::Nested)?));
                        }
                        Some(Kw::Else) => {
                            otherwise = Some(self.list(Mode::Nested)?);
                            break;
                        }
                        _ => {
                            self.push_back(t);
                            break;
                        }
                    }
                }
                self.expect(Kw::Fi)?;
                Compound::If {
                    branches,
                    otherwise,
                }
            }
            Some(k @ (Kw::While | Kw::Until)) => {
                let cond = self.list(Mode::Nested)?;
                self.expect(Kw::Do)?;
                let body = self.list(Mode::Nested)?;
                self.expect(Kw::Done)?;
                Compound::Loop {
                    until: k == Kw::Until,
                    cond,
                    body,
                }
            }
            Some(Kw::For) => self.parse_for()?,
            Some(Kw::Case) => self.parse_case()?,
            Some(Kw::LBrace) => {
                let l = self.list(Mode::Nested)?;
                self.expect(Kw::RBrace)?;
                Compound::Brace(l)
            }
            Some(Kw::Function) => {
                self.push_back(t);
                return self.simple_command();
            }
            Some(_) => return self.unexpected(&t.0, t.1, None),
            None => match t.0 {
                Tok::LParen => {
                    let l = self.list(Mode::Nested)?;
                    let t = self.tok()?;
                    if t.0 != Tok::RParen {
                        return self.unexpected(&t.0, t.1, Some("\")\""));
                    }
                    Compound::Subshell(l)
                }
                Tok::Word(_) | Tok::Redir(..) => {
                    self.push_back(t);
                    return self.simple_command();
                }
                _ => return self.unexpected(&t.0, t.1, None),
            },
        };
        let mut redirs = Vec::new();
        loop {
            let t = self.tok()?;
            match t.0 {
                Tok::Redir(fd, op, strip) => redirs.push(self.redir_target(fd, op, strip)?),
                _ => {
                    self.push_back(t);
                    break;
                }
            }
        }
        Ok(Command::Compound(Box::new(compound), redirs, line))
    }

    fn parse_for(&mut self) -> PResult<Compound> {
        let t = self.tok()?;
        let var = match &t.0 {
            Tok::Word(w) => match plain_text(w) {
                Some(s) if is_name(s) => s.to_string(),
                _ => return self.err(t.1, "bad for loop variable"),
            },
            _ => return self.err(t.1, "bad for loop variable"),
        };
        let t = self.tok_skipnl()?;
        let words = if kw_of(&t.0) == Some(Kw::In) {
            let mut ws = Vec::new();
            loop {
                let t = self.tok()?;
                match t.0 {
                    Tok::Word(w) => ws.push(w),
                    Tok::Newline | Tok::Semi => break,
                    _ => return self.unexpected(&t.0, t.1, None),
                }
            }
            Some(ws)
        } else {
            if t.0 != Tok::Semi {
                self.push_back(t);
            }
            None
        };
        let t = self.tok_skipnl()?;
        if kw_of(&t.0) != Some(Kw::Do) {
            return self.unexpected(&t.0, t.1, Some("\"do\""));
        }
        let body = self.list(Mode::Nested)?;
        self.expect(Kw::Done)?;
        Ok(Compound::For { var, words, body })
    }

    fn parse_case(&mut self) -> PResult<Compound> {
        let t = self.tok()?;
        let word = match t.0 {
            Tok::Word(w) => w,
            other => return self.unexpected(&other, t.1, Some("word")),
        };
        let t = self.tok_skipnl()?;
        if kw_of(&t.0) != Some(Kw::In) {
            return self.unexpected(&t.0, t.1, Some("\"in\""));
        }
        let mut arms = Vec::new();
        loop {
            let mut t = self.tok_skipnl()?;
            if kw_of(&t.0) == Some(Kw::Esac) {
                break;
            }
            if t.0 == Tok::LParen {
                t = self.tok()?;
            }
            let mut patterns = Vec::new();
            let close = loop {
                match t.0 {
                    Tok::Word(w) => patterns.push(w),
                    other => return self.unexpected(&other, t.1, None),
                }
                let n = self.tok()?;
                if n.0 != Tok::Pipe {
                    break n;
                }
                t = self.tok()?;
            };
            if close.0 != Tok::RParen {
                return self.unexpected(&close.0, close.1, Some("\")\""));
            }
            let body = self.list(Mode::CaseBody)?;
            arms.push((patterns, body));
            let t = self.tok_skipnl()?;
            if kw_of(&t.0) == Some(Kw::Esac) {
                break;
            }
            if t.0 != Tok::DSemi {
                return self.unexpected(&t.0, t.1, Some("\";;\""));
            }
        }
        Ok(Compound::Case { word, arms })
    }

    /// ash `simplecmd()`, with function definitions.
    fn simple_command(&mut self) -> PResult<Command> {
        let mut assigns = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirs = Vec::new();
        let mut line = None;
        let mut double_brackets = false;
        loop {
            let t = self.tok()?;
            line.get_or_insert(t.1);
            match t.0 {
                Tok::Word(w) => {
                    if words.is_empty() {
                        if let Some(a) = split_assignment(&w) {
                            assigns.push(a);
                            continue;
                        }
                        if assigns.is_empty()
                            && redirs.is_empty()
                            && plain_text(&w) == Some("function")
                        {
                            return self.function_keyword();
                        }
                    }
                    match plain_text(&w) {
                        Some("[[") => double_brackets = true,
                        Some("]]") => double_brackets = false,
                        _ => {}
                    }
                    words.push(w);
                }
                Tok::AndIf | Tok::OrIf if double_brackets => {
                    let s = if t.0 == Tok::AndIf { "&&" } else { "||" };
                    words.push(Word {
                        parts: vec![Part::Lit(s.into())],
                    });
                }
                Tok::Redir(fd, op, strip) => redirs.push(self.redir_target(fd, op, strip)?),
                Tok::LParen if words.len() == 1 && assigns.is_empty() && redirs.is_empty() => {
                    let name = plain_text(&words[0]).map(str::to_string);
                    let t = self.tok()?;
                    if t.0 != Tok::RParen {
                        return self.unexpected(&t.0, t.1, Some("\")\""));
                    }
                    return self.function_body(name, t.1);
                }
                _ => {
                    self.push_back(t);
                    break;
                }
            }
        }
        Ok(Command::Simple(SimpleCmd {
            assigns,
            words,
            redirs,
            line: line.unwrap_or(self.line),
        }))
    }

    fn function_body(&mut self, name: Option<String>, line: u32) -> PResult<Command> {
        let name = match name {
            Some(n) if is_name(&n) && !SPECIAL_BUILTINS.contains(&n.as_str()) => n,
            _ => return self.err(line, "bad function name"),
        };
        let body = self.parse_command(true)?;
        Ok(Command::FuncDef(name, Arc::new(body)))
    }

    /// bash's `function NAME [()] BODY` (ash: BASH_FUNCTION).
    fn function_keyword(&mut self) -> PResult<Command> {
        let t = self.tok()?;
        let name = match &t.0 {
            Tok::Word(w) => plain_text(w).map(str::to_string),
            other => return self.unexpected(other, t.1, Some("word")),
        };
        let n = self.tok_skipnl()?;
        if n.0 == Tok::LParen {
            let c = self.tok()?;
            if c.0 != Tok::RParen {
                return self.unexpected(&c.0, c.1, Some("\")\""));
            }
            return self.function_body(name, t.1);
        }
        match kw_of(&n.0) {
            Some(Kw::LBrace | Kw::If | Kw::Case | Kw::Until | Kw::While | Kw::For) => {
                self.push_back(n);
                self.function_body(name, t.1)
            }
            _ => self.unexpected(&n.0, n.1, None),
        }
    }

    fn redir_target(&mut self, fd: Option<u32>, op: RedirOp, strip: bool) -> PResult<Redir> {
        let t = self.tok()?;
        let w = match t.0 {
            Tok::Word(w) => w,
            other => return self.unexpected(&other, t.1, None),
        };
        if op != RedirOp::Here {
            return Ok(Redir { fd, op, target: w });
        }
        let quoted = w.parts.iter().any(|p| !matches!(p, Part::Lit(_)));
        let delim = literal_text(&w);
        let body = self.read_heredoc(&delim, strip);
        let target = if quoted {
            Word {
                parts: vec![Part::Quoted(body)],
            }
        } else {
            let mut sub = Parser::new(&body, t.1 + 1, self.depth);
            Word {
                parts: vec![Part::Dq(sub.read_template()?)],
            }
        };
        Ok(Redir { fd, op, target })
    }

    /// Reads the body of a here-document, which starts on the line after
    /// the current one, and arranges for the lexer to jump over it.
    fn read_heredoc(&mut self, delim: &str, strip: bool) -> String {
        let mut start = self.pos;
        while start < self.src.len() && self.src[start] != '\n' {
            start += 1;
        }
        if start >= self.src.len() {
            return String::new();
        }
        start += 1;
        // bodies of earlier here-documents of this line come first
        for _ in 0..self.skips.len() {
            match self.skips.iter().find(|s| s.0 == start && s.1 > s.0) {
                Some(s) => start = s.1,
                None => break,
            }
        }
        let mut body = String::new();
        let mut p = start;
        let mut lines = 0u32;
        while p < self.src.len() {
            let mut e = p;
            while e < self.src.len() && self.src[e] != '\n' {
                e += 1;
            }
            let mut text: String = self.src[p..e].iter().collect();
            if strip {
                text = text.trim_start_matches('\t').to_string();
            }
            lines += 1;
            p = (e + 1).min(self.src.len());
            if text == delim {
                break;
            }
            body.push_str(&text);
            body.push('\n');
        }
        if p > start {
            self.skips.push((start, p, lines));
        }
        body
    }
}

fn colon_op(o: char, colon: bool, word: Word) -> ParamOp {
    match o {
        '-' => ParamOp::Default { colon, word },
        '=' => ParamOp::Assign { colon, word },
        '+' => ParamOp::Alt { colon, word },
        _ => ParamOp::Error { colon, word },
    }
}

/// The text of a word with its quotes removed and no expansion (here-doc
/// delimiters, a builtin's name).
pub(crate) fn literal_text(w: &Word) -> String {
    fn walk(parts: &[Part], out: &mut String) {
        for p in parts {
            match p {
                Part::Lit(s) | Part::Quoted(s) => out.push_str(s),
                Part::Dq(inner) => walk(inner, out),
                Part::Param(pe) => {
                    out.push('$');
                    out.push_str(&pe.name);
                }
                Part::CmdSub(_) | Part::Arith(_) => {}
            }
        }
    }
    let mut s = String::new();
    walk(&w.parts, &mut s);
    s
}

/// Whether a word is written `NAME=...` (ash `isassignment()`).
pub(crate) fn is_assignment(w: &Word) -> bool {
    split_assignment(w).is_some()
}

fn split_assignment(w: &Word) -> Option<(String, Word)> {
    let first = match w.parts.first() {
        Some(Part::Lit(s)) => s,
        _ => return None,
    };
    let eq = first.find('=')?;
    let name = &first[..eq];
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::new();
    let rest = &first[eq + 1..];
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(w.parts.iter().skip(1).cloned());
    Some((name.to_string(), Word { parts }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_of(src: &str) -> (u32, String) {
        let (_, e) = parse_program(src);
        let e = e.expect("expected a syntax error");
        (e.line, e.detail)
    }

    fn ok(src: &str) -> Vec<List> {
        let (chunks, e) = parse_program(src);
        assert!(e.is_none(), "unexpected error {e:?} for {src:?}");
        chunks
    }

    #[test]
    fn errors_use_ash_wording() {
        assert_eq!(err_of("fi").1, "unexpected \"fi\"");
        assert_eq!(err_of("echo a\nfi\n"), (2, "unexpected \"fi\"".into()));
        assert_eq!(
            err_of("if true; echo; fi").1,
            "unexpected \"fi\" (expecting \"then\")"
        );
        assert_eq!(
            err_of("while true; do echo\n").1,
            "unexpected end of file (expecting \"done\")"
        );
        assert_eq!(
            err_of("if true; then echo; done").1,
            "unexpected \"done\" (expecting \"fi\")"
        );
        assert_eq!(err_of("echo 'abc").1, "unterminated quoted string");
        assert_eq!(err_of("echo \"abc").1, "unterminated quoted string");
        assert_eq!(err_of("echo ${abc").1, "missing '}'");
        assert_eq!(err_of("for 1 in a; do :; done").1, "bad for loop variable");
        assert_eq!(err_of("exit() { :; }").1, "bad function name");
        assert_eq!(err_of("echo a &&").1, "unexpected end of file");
        assert_eq!(err_of("; echo").1, "unexpected \";\"");
        assert_eq!(err_of("echo a ;;").1, "unexpected \";;\"");
        assert_eq!(err_of("{ }").1, "unexpected \"}\"");
        assert_eq!(err_of("if then fi").1, "unexpected \"then\"");
        assert_eq!(
            err_of("{ echo hi }").1,
            "unexpected end of file (expecting \"}\")"
        );
        assert_eq!(
            err_of("echo $(echo a").1,
            "unexpected end of file (expecting \")\")"
        );
        assert_eq!(err_of("echo $((1+2)").1, "missing '))'");
        assert_eq!(err_of("echo `echo a").1, "EOF in backquote substitution");
        assert_eq!(err_of("echo >").1, "unexpected end of file");
        assert_eq!(err_of("echo > ;").1, "unexpected \";\"");
        assert_eq!(err_of("(echo) foo").1, "unexpected word");
    }

    #[test]
    fn chunks_before_an_error_are_kept() {
        let (chunks, e) = parse_program("echo one\necho two\nif\n");
        assert_eq!(chunks.len(), 2);
        assert_eq!(e.map(|e| e.line), Some(4));
    }

    #[test]
    fn parses_constructs() {
        ok("a=1 b=2 cmd x y >/dev/null 2>&1");
        ok("if a; then b; elif c; then d; else e; fi");
        ok("while :; do :; done; until false; do break; done");
        ok("for i in 1 2 3; do echo $i; done\nfor j do :; done");
        ok("case $x in a|b) echo ab;; (c) ;; *) echo other; esac");
        ok("f() { echo \"$@\"; }\nfunction g { :; }\nfunction h() ( : )");
        ok("! true && false || echo x | grep y");
        ok("echo ${a:-b} ${a#x} ${#a} ${a:1:2} ${a/x/y} $(( 1 + 2 )) `echo hi`");
        ok("cat <<EOF\nhello $USER\nEOF\necho after");
        ok("cat <<-'EOF'\n\tliteral $x\n\tEOF\n");
        ok("[[ a == b && c != d ]]");
        ok("echo a # comment\n# full line\n");
        ok("(echo sub) > /dev/null\n{ echo a; echo b; } 2>&1");
        ok("echo \\\n continued");
    }

    #[test]
    fn heredoc_body_is_skipped_by_the_lexer() {
        let chunks = ok("cat <<EOF\nif fi done\nEOF\necho after\n");
        assert_eq!(chunks.len(), 2);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = "(".repeat(500);
        let (_, e) = parse_program(&src);
        assert!(e.is_some());
        let src = "$(".repeat(500);
        let (_, e) = parse_program(&format!("echo {src}"));
        assert!(e.is_some());
        let src = "${a:-".repeat(500);
        let (_, e) = parse_program(&format!("echo {src}"));
        assert!(e.is_some());
    }
}
