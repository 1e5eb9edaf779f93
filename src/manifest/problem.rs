//! A problem found in a manifest, a scenario or a lesson: where it is
//! (line, column, field path) and what is wrong, worded as the API server
//! words it.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// The field path, as the API server prints it
    /// (`spec.template.spec.containers[0].image`); `yaml` for syntax errors.
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(pos: Pos, path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            line: pos.line,
            col: pos.col,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `LINE:COL: PATH: MESSAGE`; the command line puts the file name first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.col, self.path, self.message
        )
    }
}

/// A position in the source text, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };
}

/// Sorts problems in document order and drops exact duplicates.
pub fn sort(problems: &mut Vec<Problem>) {
    crate::sort::sort_by_key(problems, |p| (p.line, p.col));
    problems.dedup();
}
