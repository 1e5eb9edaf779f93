//! The parse tree. Shapes follow busybox ash's nodes (`NCMD`, `NPIPE`, `NAND`,
//! `NOR`, `NSEMI`, `NIF`, `NWHILE`, `NFOR`, `NCASE`, `NSUBSHELL`, `NDEFUN`) so
//! that evaluation can mirror `evaltree()` closely, `set -e` rules included.

use std::sync::Arc;

/// One word as written: its parts keep their quoting, which decides field
/// splitting and pattern meaning at expansion time.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Word {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    /// Unquoted literal text.
    Lit(String),
    /// Text protected by single quotes or a backslash: never split, never a
    /// pattern character.
    Quoted(String),
    /// A double-quoted run.
    Dq(Vec<Part>),
    Param(Box<ParamExp>),
    /// `$(...)` or backquotes.
    CmdSub(Arc<List>),
    /// `$((...))`: its text is expanded, then evaluated.
    Arith(Word),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParamExp {
    pub name: String,
    pub op: ParamOp,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamOp {
    Plain,
    Length,
    /// `${v-w}` / `${v:-w}`
    Default {
        colon: bool,
        word: Word,
    },
    /// `${v=w}` / `${v:=w}`
    Assign {
        colon: bool,
        word: Word,
    },
    /// `${v+w}` / `${v:+w}`
    Alt {
        colon: bool,
        word: Word,
    },
    /// `${v?w}` / `${v:?w}`
    Error {
        colon: bool,
        word: Word,
    },
    /// `${v#p}` / `${v##p}`
    TrimPrefix {
        longest: bool,
        word: Word,
    },
    /// `${v%p}` / `${v%%p}`
    TrimSuffix {
        longest: bool,
        word: Word,
    },
    /// `${v:off:len}`
    Substr {
        offset: Word,
        length: Option<Word>,
    },
    /// `${v/p/r}` / `${v//p/r}`
    Replace {
        all: bool,
        pattern: Word,
        with: Word,
    },
    /// Something ash cannot expand: "bad substitution" when evaluated.
    Bad,
}

/// A list of and-or lists, separated by `;`, `&` or newlines.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct List {
    pub items: Vec<AndOr>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(bool, Pipeline)>, // true = `&&`, false = `||`
    pub background: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pipeline {
    pub negate: bool,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Command {
    Simple(SimpleCmd),
    Compound(Box<Compound>, Vec<Redir>, u32),
    FuncDef(String, Arc<Command>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimpleCmd {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Compound {
    Brace(List),
    Subshell(List),
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    Loop {
        until: bool,
        cond: List,
        body: List,
    },
    For {
        var: String,
        words: Option<Vec<Word>>,
        body: List,
    },
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, List)>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Redir {
    /// The file descriptor written before the operator (`2>`), if any.
    pub fd: Option<u32>,
    pub op: RedirOp,
    pub target: Word,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RedirOp {
    Out,
    Append,
    In,
    ReadWrite,
    DupOut,
    DupIn,
    /// bash's `&>file` (busybox ash has it with ASH_BASH_COMPAT).
    OutErr,
    /// A here-document; the target word is its body.
    Here,
}
