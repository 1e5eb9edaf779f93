//! The built-in shell: a busybox `sh` (ash) subset that runs container
//! scripts in simulated time.
//!
//! Everything outside the script is known in advance as a function of time
//! (services, files, programs), so the interpreter runs the script eagerly
//! from `start_ms`, keeping its own clock, and returns the whole timeline:
//! every output line with its time, and how the script ended. The engine
//! cuts that timeline where the container is killed; the shell never sees
//! signals.
//!
//! Behaviour follows busybox: shell/ash.c for the language, its messages
//! and `set -e`; coreutils/test.c, coreutils/echo.c, coreutils/printf.c,
//! coreutils/date.c, coreutils/timeout.c, procps/ps.c, networking/nc.c and
//! networking/wget.c for the commands. Where a function is followed, the
//! comment next to the code names it.
//!
//! ```ignore
//! let script = shell::parse_for_run("until nc -z db 5432; do sleep 2; done");
//! let run = shell::run(&script, cfg, &mut world, 0, 600_000);
//! ```

mod applets;
mod arith;
mod ast;
mod builtins;
mod datetime;
mod expand;
mod interp;
mod parser;
mod pattern;
#[cfg(test)]
mod tests;

/// A parsed script.
#[derive(Debug, Clone)]
pub struct Script {
    /// Top-level command lines, parsed one at a time as ash does.
    pub(crate) chunks: Vec<ast::List>,
    /// A syntax error after the last chunk: ash runs the lines before it,
    /// then reports it and exits with status 2.
    pub(crate) error: Option<parser::ParseError>,
    /// The last chunk ends the text (no newline after it). Only then does
    /// `sh -c` run it with `EV_EXIT` and exec its last command in place of
    /// the shell: ash `evalstring()` keeps `EV_EXIT` only when
    /// `parser_eof()`, so a script ending with a newline (a YAML `|` block)
    /// forks every command and the shell stays PID 1.
    pub(crate) last_at_eof: bool,
    /// Every run plays the same, whatever its container (see
    /// `plays_the_same`).
    pub(crate) same_every_run: bool,
}

impl Script {
    /// Whether every run of the script plays the same, whatever its
    /// container and its start (`echo tick`, `echo done; exit 3`): only
    /// the builtins `echo`, `exit`, `true`, `false` and `:`, their words
    /// written out (no expansion: `$x`, `$( )`, backquotes, an unquoted
    /// glob character or a leading `~`), without redirection, assignment,
    /// pipe, `&` or syntax error.
    /// Such a run reads no variable, file, clock, program or service, so
    /// the engine replays its first run, shifted to each start (a year of
    /// a minutely CronJob starts it half a million times).
    pub fn same_every_run(&self) -> bool {
        self.same_every_run
    }
    /// The syntax error the script contains, if any, worded as
    /// `sh -c SCRIPT` reports it.
    pub fn syntax_error(&self) -> Option<SyntaxError> {
        self.error.as_ref().map(|e| SyntaxError {
            line: e.line,
            message: format!("sh: syntax error: {}", e.detail),
        })
    }
}

/// A syntax error as busybox ash reports it. `message` is the whole line
/// printed by `sh -c SCRIPT`, for example `sh: syntax error: unexpected "fi"`.
/// ash shows no line number for `sh -c` (its `commandname` is unset: see
/// `procargs()` and `ash_vmsg()`), so the line is given separately.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: u32,
    pub message: String,
}

/// Parses a script, failing on the first syntax error (for editors and
/// validation).
pub fn parse(script: &str) -> Result<Script, SyntaxError> {
    let s = parse_for_run(script);
    match s.syntax_error() {
        Some(e) => Err(e),
        None => Ok(s),
    }
}

/// Parses a script for running it as a container does: a syntax error does
/// not prevent the lines before it from running (ash parses and runs one
/// top-level line at a time), after which the shell prints the error and
/// exits with status 2.
pub fn parse_for_run(script: &str) -> Script {
    let (chunks, error, last_at_eof) = parser::parse_chunks(script);
    let same_every_run = error.is_none() && chunks.iter().all(plays_the_same);
    Script {
        chunks,
        error,
        last_at_eof,
        same_every_run,
    }
}

/// See [`Script::same_every_run`].
fn plays_the_same(list: &ast::List) -> bool {
    use ast::{Command, Part};
    const PURE: [&str; 5] = ["echo", "exit", "true", "false", ":"];
    /// Text as written: no expansion, and outside quotes no glob
    /// character or leading `~`.
    fn written(parts: &[Part], quoted: bool) -> bool {
        parts.iter().enumerate().all(|(i, p)| match p {
            Part::Lit(t) => {
                quoted || !(t.contains(['*', '?', '[']) || i == 0 && t.starts_with('~'))
            }
            Part::Quoted(_) => true,
            Part::Dq(inner) => !quoted && written(inner, true),
            _ => false,
        })
    }
    let pipeline = |p: &ast::Pipeline| match p.cmds.as_slice() {
        [Command::Simple(c)] => {
            c.assigns.is_empty()
                && c.redirs.is_empty()
                && c.words.iter().all(|w| written(&w.parts, false))
                && c.words
                    .first()
                    .is_some_and(|w| PURE.contains(&parser::literal_text(w).as_str()))
        }
        _ => false,
    };
    list.items
        .iter()
        .all(|a| !a.background && pipeline(&a.first) && a.rest.iter().all(|(_, p)| pipeline(p)))
}

/// What running a non-builtin command gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Exec {
    Run(ProgramRun),
    NotFound,
    /// A file without the executable bit: status 126.
    NotExecutable,
}

/// The behaviour of a scenario program.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramRun {
    /// How long it runs; `None` = forever.
    pub runs_ms: Option<i64>,
    pub exit: i32,
    /// Peak memory. Usage is taken to grow linearly from 0 to this over the
    /// run (over 10 s for a program that runs forever).
    pub memory_bytes: Option<u64>,
    /// Stdout lines, spread evenly over the run (see [`output_times`]).
    pub output: Vec<String>,
    /// Whether the program installs a SIGTERM handler, which matters when
    /// it replaces the shell as PID 1 (see [`Run::pid1`]): the kernel does
    /// not deliver a signal with the default action to PID 1. True by
    /// default for scenario programs (false when the scenario says
    /// `ignoresSigterm: true`); the engine fills it.
    pub handles_sigterm: bool,
}

/// A file of the container's filesystem.
#[derive(Debug, Clone, PartialEq)]
pub struct FileInfo {
    pub executable: bool,
    pub content: String,
}

/// The container's files as a script left them at one moment: what it
/// wrote, made and removed, over the image's and the scenario's. An `exec`
/// probe runs in the container and sees them (see [`Run::files`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Files(pub(crate) interp::Fs);

/// How `sh` was called: ash's options (`-e`, `-x`, `-u`, `-o pipefail`,
/// each in its own word or together as `-ec`; `+x` turns one off), whether
/// `-c` was among them, and where the operands start (the script with
/// `-c`, else a script file), after a `--` too.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ShInvocation {
    /// `set` lines that reproduce the options, for the script's head.
    pub sets: String,
    pub command: bool,
    pub operands: usize,
}

pub fn sh_invocation<S: AsRef<str>>(args: &[S]) -> ShInvocation {
    let mut inv = ShInvocation::default();
    let mut i = 0;
    while let Some(a) = args.get(i).map(AsRef::as_ref) {
        i += 1;
        if a == "--" || a == "-" {
            break;
        }
        let (sign, flags) = match a.split_at_checked(1) {
            Some(("-", f)) | Some(("+", f)) if !f.is_empty() => (&a[..1], f),
            _ => {
                i -= 1;
                break;
            }
        };
        for f in flags.chars() {
            match f {
                'c' => inv.command = true,
                'o' => {
                    if let Some(name) = args.get(i).map(AsRef::as_ref) {
                        i += 1;
                        for part in ["set ", sign, "o ", name, "\n"] {
                            inv.sets.push_str(part);
                        }
                    }
                }
                'e' | 'x' | 'u' | 'f' | 'v' | 'C' | 'a' => {
                    inv.sets.push_str("set ");
                    inv.sets.push_str(sign);
                    inv.sets.push(f);
                    inv.sets.push('\n');
                }
                _ => {}
            }
        }
    }
    inv.operands = i;
    inv
}

/// The world outside the script, known as a function of time.
pub trait World {
    /// Whether `host:port` accepts a connection at `at_ms`.
    fn reach(&mut self, host: &str, port: u16, at_ms: i64) -> bool;
    /// A file of the container; `None` = no such file.
    fn file(&self, path: &str) -> Option<FileInfo>;
    /// Runs a command that is not a shell builtin: a scenario program,
    /// `NotFound`, or `NotExecutable` for a file without the x bit.
    fn exec(&mut self, name: &str, args: &[String], at_ms: i64) -> Exec;
    /// Whether `path` is a directory. The default knows the directories of
    /// a busybox image; the engine may add the parents of scenario files.
    fn is_dir(&self, path: &str) -> bool {
        applets::STANDARD_DIRS.contains(&path)
    }
}

/// How the shell is started.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The container's environment (with `HOSTNAME`, and
    /// `JOB_COMPLETION_INDEX` for Indexed Jobs). Moved into the shell's
    /// variables when it starts; names the kubelet sets are borrowed.
    pub env: Vec<(std::borrow::Cow<'static, str>, String)>,
    /// `resources.limits.memory` in bytes.
    pub memory_limit: Option<u64>,
    /// Calendar unix seconds at t = 0, for `date`.
    pub epoch_unix: i64,
    /// Command lines of the container's processes, for `ps` (PIDs 1, 2, …).
    pub processes: Vec<String>,
    /// Commands the script may run without simulated time passing before
    /// it is taken to run forever (`End::Runaway`).
    pub max_steps: u32,
    /// `$0` and the name in messages: `sh`, or `/bin/sh` when the command
    /// was `["/bin/sh", "-c", …]` (busybox prints `/bin/sh: x: not found`).
    pub arg0: String,
    /// `$1`… (`sh -c SCRIPT NAME ARG…` gives NAME as `arg0` and the rest here).
    pub args: Vec<String>,
    /// True for `sh -c SCRIPT NAME …`: ash then names the script in its
    /// messages and adds line numbers (`NAME: line 3: x: not found`).
    pub named: bool,
    /// The files the shell starts with (an `exec` probe starts in the
    /// container as its script left it); `None` = as the image has them.
    pub files: Option<std::rc::Rc<Files>>,
    /// Keep [`Run::files`] for a probe that beats at the first time given
    /// and then every period after it: what the files were from each
    /// moment on, among those a beat sees.
    pub record_files: Option<(i64, i64)>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            env: Vec::new(),
            memory_limit: None,
            epoch_unix: 1_767_225_600, // 2026-01-01T00:00:00Z
            processes: Vec::new(),
            max_steps: 100_000,
            arg0: "sh".into(),
            args: Vec::new(),
            named: false,
            files: None,
            record_files: None,
        }
    }
}

/// The timeline of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Log lines in time order.
    pub output: Vec<Line>,
    pub end: End,
    /// Explanations for the learner (runaway scripts, unsupported features).
    pub notes: Vec<String>,
    /// The container's PID 1 over time, in time order: the entry in force at
    /// T is the last one with `from_ms <= T`. The first is the shell at the
    /// start (it ignores SIGTERM: PID 1 without a handler). Then:
    /// - the shell itself once the script sets or resets a `TERM` trap
    ///   (`handles_sigterm` true while a trap other than `''` is set);
    /// - the program `exec` runs, or the one ash execs in place of the shell
    ///   for the last command of `sh -c` (ash `evaltree()` with `EV_EXIT`:
    ///   the script's last simple command, also in the taken branch of a
    ///   final `if`/`case`, a final `{ }` or `( )` without redirections, or
    ///   after `&&`/`||`; not in loops, pipelines, `$( )`, functions, after
    ///   `!` or `&`, once any trap was set, nor when the script ends with a
    ///   newline). A scenario program handles SIGTERM as
    ///   [`ProgramRun::handles_sigterm`] says; busybox applets (`sleep`,
    ///   `nc`, …) and scripts do not. `timeout` and `env` exec their
    ///   command in turn (busybox `timeout` watches from a grandchild), so
    ///   that command follows at the same time.
    pub pid1: Vec<Pid1>,
    /// Commands run (the work it took; see `Simulation::step`).
    pub steps: u64,
    /// With [`Config::record_files`]: the files as the script changed
    /// them, each state with the time it holds from, in time order (none
    /// before the first change). Kept when simulated time moves on, and
    /// only if a beat falls before the next change (so a state made and
    /// undone at one instant, or between two beats, is not kept); about
    /// [`MAX_FILE_STATES_BYTES`] of them (as `Fs::weight` counts), after
    /// which the last one kept stays (and a note says so).
    pub files: Vec<(i64, std::rc::Rc<Files>)>,
    /// The script asked the time (`date`, `find -mmin`) or a service
    /// (which is up or down by the time): run again later on the same
    /// files, it may answer otherwise.
    pub read_clock: bool,
}

/// About how much memory a run's file states may take: a script touching
/// one heartbeat file every second makes a state a second, some 200 bytes
/// each, so a day of them.
pub const MAX_FILE_STATES_BYTES: usize = 16 << 20;

/// PID 1 of the container from `from_ms` on.
#[derive(Debug, Clone, PartialEq)]
pub struct Pid1 {
    pub from_ms: i64,
    /// The shell (`sh`, or the `arg0` it was started as) or the command
    /// as the script wrote it (`sleep`, `/app/server`).
    pub name: String,
    /// Whether SIGTERM reaches a handler (else PID 1 ignores it).
    pub handles_sigterm: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub at_ms: i64,
    pub stderr: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum End {
    Exited {
        code: i32,
        at_ms: i64,
    },
    /// A program went over the memory limit at this time.
    OomKilled {
        at_ms: i64,
    },
    /// Still running at `until_ms`.
    Unfinished,
    /// The script looped without letting simulated time pass (or nested too
    /// deeply); take it as running forever from then. A note explains.
    Runaway {
        at_ms: i64,
    },
}

/// Runs a parsed script from `start_ms`, until it ends or `until_ms`.
pub fn run(
    script: &Script,
    cfg: Config,
    world: &mut dyn World,
    start_ms: i64,
    until_ms: i64,
) -> Run {
    interp::run(script, cfg, world, start_ms, until_ms)
}

/// When the output lines of a program that starts at `start_ms` appear:
/// line i of n at `start + runs * (i + 1) / n`, so the last line comes as
/// the program exits; one a second for a program that runs forever.
pub fn output_times(start_ms: i64, runs_ms: Option<i64>, n: usize) -> Vec<i64> {
    let n64 = n.max(1) as i128;
    (0..n)
        .map(|i| {
            let k = i as i128 + 1;
            let off = match runs_ms {
                Some(r) => (r.max(0) as i128) * k / n64,
                None => k * 1000,
            };
            let t = start_ms as i128 + off;
            t.clamp(i64::MIN as i128, i64::MAX as i128) as i64
        })
        .collect()
}
