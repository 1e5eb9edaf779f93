//! Evaluation, after ash's `evaltree()`: the same `EV_TESTED` rule for
//! `set -e` (conditions of `if`/`while`/`until`, all but the last command
//! of `&&`/`||` lists, and commands under `!` do not exit), the same
//! subshells (pipeline stages, `( )`, `$( )`), the same message formats.
//!
//! Time only passes in `sleep`, programs, network checks and `timeout`;
//! everything else takes no simulated time. Pipeline stages run one after
//! another, each from the pipeline's start time, and their lines keep the
//! times they were written at, so the timeline is as if they ran at once.

use super::ast::{AndOr, Command, Compound, List, Pipeline, Redir, RedirOp, SimpleCmd, Word};
use super::parser::{self, SPECIAL_BUILTINS};
use super::{output_times, Config, End, Exec, Line, Pid1, ProgramRun, Run, Script, World};
use crate::sorted::{SortedMap, SortedSet};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

/// Longest string the shell keeps (variables, captured output): enough for
/// any real script, and it stops `x=$x$x` loops from eating memory.
pub(crate) const MAX_STR: usize = 64 * 1024;
/// Most output kept in the log.
/// What one run may print before its output is cut (a runaway loop must
/// not fill memory).
const MAX_OUTPUT: usize = 1024 * 1024;
/// Nesting of function calls, `eval`, `.` and subshells.
const MAX_NEST: u32 = 48;

#[derive(Debug, Clone)]
pub(crate) struct Var {
    /// The defaults (IFS, PATH, …) are borrowed: a CronJob's every run
    /// starts a shell, and copying them was a tenth of its allocations.
    pub value: Cow<'static, str>,
    pub exported: bool,
}

/// A variable's name: borrowed for the shell's own, owned for the rest.
pub(crate) type VarName = Cow<'static, str>;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Opts {
    pub errexit: bool,
    pub xtrace: bool,
    pub nounset: bool,
    pub pipefail: bool,
    pub noglob: bool,
    pub verbose: bool,
    pub allexport: bool,
    pub noclobber: bool,
}

/// Where a file descriptor writes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sink {
    Log { stderr: bool },
    Null,
    File(String),
    Capture(usize),
}

/// Output captured for `$( )` or a pipe, line by line with times.
#[derive(Debug, Default)]
pub(crate) struct Capture {
    pub lines: Vec<(i64, String)>,
    pub partial: Option<(i64, String)>,
    bytes: usize,
}

impl Capture {
    /// False once the capture is full and `text` is dropped.
    fn write(&mut self, now: i64, text: &str) -> bool {
        if self.bytes > MAX_STR * 16 {
            return false;
        }
        self.bytes += text.len();
        let mut rest = text;
        loop {
            let (piece, nl) = match rest.find('\n') {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            let p = self.partial.get_or_insert_with(|| (now, String::new()));
            p.1.push_str(piece);
            if !nl {
                if p.1.is_empty() {
                    self.partial = None;
                }
                return true;
            }
            if let Some(done) = self.partial.take() {
                self.lines.push(done);
            }
            rest = &rest[piece.len() + 1..];
            if rest.is_empty() {
                return true;
            }
        }
    }

    /// Lines as a reader sees them: a last unterminated line counts.
    pub(crate) fn into_lines(self) -> VecDeque<(i64, String)> {
        let mut v: VecDeque<_> = self.lines.into();
        if let Some(p) = self.partial {
            v.push_back(p);
        }
        v
    }

    pub(crate) fn into_text(self) -> String {
        let mut s = String::new();
        for (_, l) in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        if let Some((_, p)) = &self.partial {
            s.push_str(p);
        }
        s
    }
}

/// Why evaluation stops early.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ctl {
    Break(u32),
    Continue(u32),
    Return(i32),
    Exit(i32),
    /// `timeout` killed the command with this status.
    Killed(i32),
    Stop(Stop),
}

/// Ends of the whole run that no subshell can catch.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stop {
    Oom(i64),
    Horizon,
    Runaway(String),
}

pub(crate) type R<T> = Result<T, Ctl>;

/// The container filesystem as the script changed it.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Fs {
    pub files: SortedMap<String, String>,
    pub removed: SortedSet<String>,
    pub dirs: SortedSet<String>,
    /// When the script last wrote, made or touched each path (simulated
    /// ms); the image's and the scenario's files date from t = 0. A list
    /// sorted by path, not a map: a map of this type would cost the
    /// download 5 kB of code.
    pub mtimes: Vec<(String, i64)>,
}

impl Fs {
    /// Roughly the memory a kept state takes.
    fn weight(&self) -> usize {
        let paths = |set: &SortedSet<String>| set.iter().map(|p| p.len() + 32).sum::<usize>();
        64 + self
            .files
            .iter()
            .map(|(p, c)| p.len() + c.len() + 48)
            .sum::<usize>()
            + paths(&self.removed)
            + paths(&self.dirs)
            + self.mtimes.iter().map(|(p, _)| p.len() + 32).sum::<usize>()
    }
}

/// State restored when a subshell ends.
struct Snapshot {
    vars: SortedMap<VarName, Var>,
    funcs: SortedMap<String, Arc<Command>>,
    positional: Vec<String>,
    opts: Opts,
    exit_trap: Option<String>,
    fd1: Sink,
    fd2: Sink,
    stdin_len: usize,
    locals: Vec<Vec<(String, Option<Var>)>>,
    loop_depth: u32,
    may_have_traps: bool,
}

pub(crate) struct Shell<'a> {
    pub cfg: &'a Config,
    pub world: &'a mut dyn World,
    pub now: i64,
    pub until: i64,
    pub vars: SortedMap<VarName, Var>,
    pub funcs: SortedMap<String, Arc<Command>>,
    pub positional: Vec<String>,
    pub opts: Opts,
    /// `$?`
    pub status: i32,
    pub out: Vec<Line>,
    log_partial: [Option<(i64, String)>; 2],
    output_bytes: usize,
    output_capped: bool,
    /// `cut_note` was said.
    cut_noted: bool,
    pub fs: Fs,
    /// What `Run::files` will hold (with `Config::record_files`), and
    /// their weight.
    files_seen: Vec<(i64, std::rc::Rc<super::Files>)>,
    files_weight: usize,
    /// Changes made to `fs` so far, and as of the last state kept: a
    /// count, so that seeing whether the files changed costs nothing.
    pub fs_changes: u64,
    fs_changes_kept: u64,
    /// The script asked what time it is (`date`, `find -mmin`…).
    pub read_clock: bool,
    pub fd1: Sink,
    pub fd2: Sink,
    pub captures: Vec<Capture>,
    /// Standard input of the running command: lines with the time they
    /// were written.
    pub stdin: Vec<VecDeque<(i64, String)>>,
    steps_since_pause: u64,
    total_steps: u64,
    nest: u32,
    pub loop_depth: u32,
    pub locals: Vec<Vec<(String, Option<Var>)>>,
    pub notes: Vec<String>,
    pub exit_trap: Option<String>,
    /// Status of the last `$( )` of the current command (ash `back_exitstatus`).
    pub cmdsub_status: Option<i32>,
    /// Line of the command being run, for messages.
    pub line: u32,
    /// `timeout`: when the running command is killed, and its status then.
    pub deadline: Option<(i64, i32)>,
    /// Command lines of the pipeline being run, for `ps`.
    pub pipeline_peers: Vec<String>,
    noted: SortedSet<&'static str>,
    /// PID 1 over time (see [`Run::pid1`]).
    pub pid1: Vec<Pid1>,
    /// Subshells entered that fork: 0 while the code runs in PID 1.
    pub forks: u32,
    /// ash `may_have_traps`: a trap other than `''` or `-` was set; the
    /// shell then forks even its last command.
    pub may_have_traps: bool,
    /// The next command started by `run_external()` or an applet's
    /// `exec_prog()` replaces PID 1 (ash `shellexec()` without a fork).
    pub pid1_exec: bool,
}

pub(crate) fn run(
    script: &Script,
    mut cfg: Config,
    world: &mut dyn World,
    start_ms: i64,
    until_ms: i64,
) -> Run {
    let env = std::mem::take(&mut cfg.env);
    let mut sh = Shell::new(&cfg, env, world, start_ms, until_ms);
    let mut stop = None;
    let mut exited = false;
    let n = script.chunks.len();
    for (i, chunk) in script.chunks.iter().enumerate() {
        // ash `evalstring(minusc, EV_EXIT)`: the last line gets `EV_EXIT`
        // when nothing follows it
        let exit = i + 1 == n && script.last_at_eof && script.error.is_none();
        match sh.eval_list(chunk, false, exit) {
            Ok(_) | Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => {}
            Err(Ctl::Exit(st)) | Err(Ctl::Return(st)) | Err(Ctl::Killed(st)) => {
                sh.status = st;
                exited = true;
                break;
            }
            Err(Ctl::Stop(s)) => {
                stop = Some(s);
                break;
            }
        }
    }
    if stop.is_none() && !exited {
        if let Some(e) = &script.error {
            // ash reports the faulty line once it reaches it, then exits 2
            let msg = format!("syntax error: {}", e.detail);
            sh.line = e.line;
            sh.sh_error(&msg);
            sh.status = 2;
        }
    }
    if stop.is_none() {
        if let Err(Ctl::Stop(s)) = sh.run_exit_trap() {
            stop = Some(s);
        }
    }
    sh.finish(stop)
}

impl<'a> Shell<'a> {
    fn new(
        cfg: &'a Config,
        env: Vec<(VarName, String)>,
        world: &'a mut dyn World,
        start: i64,
        until: i64,
    ) -> Self {
        let mut vars = SortedMap::new();
        for (k, v) in env {
            vars.insert(
                k,
                Var {
                    value: Cow::Owned(v),
                    exported: true,
                },
            );
        }
        for (k, v) in [("IFS", " \t\n"), ("PS4", "+ "), ("PWD", "/")] {
            vars.get_or_insert_with(Cow::Borrowed(k), || Var {
                value: Cow::Borrowed(v),
                exported: k == "PWD",
            });
        }
        vars.get_or_insert_with(Cow::Borrowed("PATH"), || Var {
            value: Cow::Borrowed("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            exported: true,
        });
        Shell {
            cfg,
            world,
            now: start,
            until,
            vars,
            funcs: SortedMap::new(),
            positional: cfg.args.clone(),
            opts: Opts::default(),
            status: 0,
            out: Vec::new(),
            log_partial: [None, None],
            output_bytes: 0,
            output_capped: false,
            cut_noted: false,
            fs: cfg.files.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
            files_seen: Vec::new(),
            files_weight: 0,
            fs_changes: 0,
            fs_changes_kept: 0,
            read_clock: false,
            fd1: Sink::Log { stderr: false },
            fd2: Sink::Log { stderr: true },
            captures: Vec::new(),
            stdin: Vec::new(),
            steps_since_pause: 0,
            total_steps: 0,
            nest: 0,
            loop_depth: 0,
            locals: Vec::new(),
            notes: Vec::new(),
            exit_trap: None,
            cmdsub_status: None,
            line: 1,
            deadline: None,
            pipeline_peers: Vec::new(),
            noted: SortedSet::new(),
            pid1: vec![Pid1 {
                from_ms: start,
                name: shell_name(cfg),
                handles_sigterm: false,
            }],
            forks: 0,
            may_have_traps: false,
            pid1_exec: false,
        }
    }

    /// Keeps the files as they are now, which they stay until `until`
    /// (`None`: for good), if the script changed them since the last state
    /// kept and a probe beat sees them (`Config::record_files`).
    fn keep_files(&mut self, until: Option<i64>) {
        let Some((first, period)) = self.cfg.record_files else {
            return;
        };
        if self.files_weight > super::MAX_FILE_STATES_BYTES {
            return;
        }
        let beat = if self.now <= first {
            first
        } else {
            let k = (self.now - first + period - 1) / period;
            first.saturating_add(k.saturating_mul(period))
        };
        if until.is_some_and(|u| beat >= u) {
            return;
        }
        if self.fs_changes == self.fs_changes_kept {
            return;
        }
        self.fs_changes_kept = self.fs_changes;
        let last = self.files_seen.last();
        // A pipeline's stages each start at the pipeline's start: keep
        // the states in time order.
        let at = last.map_or(self.now, |(t, _)| self.now.max(*t));
        self.files_weight += self.fs.weight();
        self.files_seen
            .push((at, std::rc::Rc::new(super::Files(self.fs.clone()))));
        if self.files_weight > super::MAX_FILE_STATES_BYTES {
            self.notes.push(format!("after {} changes, the simulation stops keeping the script's files; its exec probe sees them as they were then", self.files_seen.len()));
        }
    }

    fn finish(mut self, stop: Option<Stop>) -> Run {
        self.keep_files(None);
        for stderr in [false, true] {
            if let Some((t, text)) = self.log_partial[stderr as usize].take() {
                self.out.push(Line {
                    at_ms: t,
                    stderr,
                    text,
                });
            }
        }
        let (end, cut) = match stop {
            None => (
                End::Exited {
                    code: self.status & 0xff,
                    at_ms: self.now,
                },
                self.now,
            ),
            Some(Stop::Oom(t)) => (End::OomKilled { at_ms: t }, t),
            Some(Stop::Horizon) => (End::Unfinished, self.until),
            Some(Stop::Runaway(note)) => {
                self.notes.push(note);
                (End::Runaway { at_ms: self.now }, self.now)
            }
        };
        let mut output = std::mem::take(&mut self.out);
        output.retain(|l| l.at_ms <= cut);
        crate::sort::sort_by_key(&mut output, |l| l.at_ms);
        Run {
            output,
            end,
            notes: self.notes,
            pid1: self.pid1,
            steps: self.total_steps,
            files: self.files_seen,
            read_clock: self.read_clock,
        }
    }

    /// Records that `name` replaces PID 1 now.
    pub(crate) fn pid1_push(&mut self, name: &str, handles_sigterm: bool) {
        self.pid1.push(Pid1 {
            from_ms: self.now,
            name: name.to_string(),
            handles_sigterm,
        });
    }

    /// The shell, still PID 1, sets or resets its `TERM` trap.
    pub(crate) fn set_term_trap(&mut self, handles_sigterm: bool) {
        if self.forks > 0 {
            return;
        }
        if self.pid1.last().map(|p| p.handles_sigterm) != Some(handles_sigterm) {
            let name = shell_name(self.cfg);
            self.pid1_push(&name, handles_sigterm);
        }
    }

    pub(crate) fn note_once(&mut self, key: &'static str, text: &str) {
        if self.noted.insert(key) {
            self.notes.push(text.to_string());
        }
    }

    // ------------------------------------------------------------- output

    pub(crate) fn write(&mut self, fd: u32, text: &str) {
        let sink = if fd == 2 {
            self.fd2.clone()
        } else {
            self.fd1.clone()
        };
        self.write_sink(&sink, text);
    }

    pub(crate) fn write_sink(&mut self, sink: &Sink, text: &str) {
        match sink {
            Sink::Null => {}
            Sink::Log { stderr } => self.log_write(*stderr, text),
            Sink::File(path) => {
                let f = self.fs.files.get_or_default(path.clone());
                let fits = f.len() + text.len() <= MAX_STR * 16;
                if fits {
                    f.push_str(text);
                }
                self.fs.removed.remove(path);
                self.modified(path);
                if !fits {
                    self.cut_note();
                }
            }
            Sink::Capture(i) => {
                let now = self.now;
                if let Some(c) = self.captures.get_mut(*i) {
                    if !c.write(now, text) {
                        self.cut_note();
                    }
                }
            }
        }
    }

    fn log_write(&mut self, stderr: bool, text: &str) {
        if self.output_bytes > MAX_OUTPUT {
            if !self.output_capped {
                self.output_capped = true;
                self.notes.push(
                    "the script wrote more than 1 MB; the rest of its output is not shown".into(),
                );
            }
            return;
        }
        self.output_bytes += text.len();
        let now = self.now;
        let slot = &mut self.log_partial[stderr as usize];
        let mut rest = text;
        loop {
            let (piece, nl) = match rest.find('\n') {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            let p = slot.get_or_insert_with(|| (now, String::new()));
            p.1.push_str(piece);
            if !nl {
                if p.1.is_empty() {
                    *slot = None;
                }
                return;
            }
            if let Some((t, text)) = slot.take() {
                self.out.push(Line {
                    at_ms: t,
                    stderr,
                    text,
                });
            }
            rest = &rest[piece.len() + 1..];
            if rest.is_empty() {
                return;
            }
        }
    }

    /// ash `ash_vmsg()`: `sh: MSG`, or `NAME: line N: MSG` when the script
    /// was given a name.
    pub(crate) fn sh_error(&mut self, msg: &str) {
        let text = if self.cfg.named {
            format!("{}: line {}: {}\n", self.cfg.arg0, self.line, msg)
        } else {
            format!("{}: {}\n", self.cfg.arg0, msg)
        };
        self.write(2, &text);
    }

    /// A builtin's error: ash sets `commandname` to the builtin while it
    /// runs, so its messages carry the builtin's name and a line number.
    pub(crate) fn builtin_error(&mut self, name: &str, msg: &str) {
        let text = if name == self.cfg.arg0 {
            format!("{}: line {}: {}\n", name, self.line, msg)
        } else {
            format!("{}: {}: line {}: {}\n", self.cfg.arg0, name, self.line, msg)
        };
        self.write(2, &text);
    }

    // --------------------------------------------------------- variables

    pub(crate) fn get_var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|v| &*v.value)
    }

    pub(crate) fn set_var(&mut self, name: &str, value: String) {
        let mut value = value;
        self.cap(&mut value);
        let export = self.opts.allexport;
        match self.vars.get_mut(name) {
            Some(v) => {
                v.value = Cow::Owned(value);
                v.exported |= export;
            }
            None => {
                self.vars.insert(
                    Cow::Owned(name.to_string()),
                    Var {
                        value: Cow::Owned(value),
                        exported: export,
                    },
                );
            }
        }
    }

    pub(crate) fn unset_var(&mut self, name: &str) {
        self.vars.remove(name);
    }

    // -------------------------------------------------------------- time

    /// Counts one command; a script that runs too many without letting time
    /// pass is taken to run forever.
    pub(crate) fn tick(&mut self) -> R<()> {
        self.tick_by(1)
    }

    /// Counts `n` commands' worth of work (`eval` pays for parsing its
    /// text this way, so a script that evals ever more text is cut as soon
    /// as one that runs ever more commands).
    pub(crate) fn tick_by(&mut self, n: u64) -> R<()> {
        self.steps_since_pause = self.steps_since_pause.saturating_add(n);
        self.total_steps = self.total_steps.saturating_add(n);
        let max = u64::from(self.cfg.max_steps.max(1));
        if self.steps_since_pause > max {
            return Err(Ctl::Stop(Stop::Runaway(format!(
                "the script ran {max} commands without pausing; the simulation treats it as running forever"
            ))));
        }
        // Twice the pause cap in all: about a tenth of a second of CPU, so
        // a loop that lets a little time pass (a failing wget) cannot hold
        // the page.
        if self.total_steps > max.saturating_mul(2) {
            return Err(Ctl::Stop(Stop::Runaway(format!(
                "the script ran more than {} commands; the simulation stops following it and treats it as running forever",
                max.saturating_mul(2)
            ))));
        }
        Ok(())
    }

    /// Lets simulated time pass until `t`, honouring `timeout` and the
    /// horizon.
    pub(crate) fn advance_to(&mut self, t: i64) -> R<()> {
        if t > self.now {
            self.keep_files(Some(t));
        }
        let (target, killed) = match self.deadline {
            Some((dl, st)) if t > dl => (dl, Some(st)),
            _ => (t, None),
        };
        if target > self.until {
            self.now = self.now.max(self.until);
            return Err(Ctl::Stop(Stop::Horizon));
        }
        if target > self.now {
            self.steps_since_pause = 0;
            self.now = target;
        }
        match killed {
            Some(st) => Err(Ctl::Killed(st)),
            None => Ok(()),
        }
    }

    pub(crate) fn advance_by(&mut self, ms: i64) -> R<()> {
        self.advance_to(self.now.saturating_add(ms.max(0)))
    }

    // --------------------------------------------------------- evaluation

    pub(crate) fn leave(&mut self) {
        self.nest = self.nest.saturating_sub(1);
    }

    pub(crate) fn enter(&mut self) -> R<()> {
        self.nest += 1;
        if self.nest > MAX_NEST {
            return Err(Ctl::Stop(Stop::Runaway(format!(
                "the script nested functions, eval, sourced files, subshells or wrapped commands (env, timeout, command) more than {MAX_NEST} deep; a real shell would keep going until it crashes, the simulation treats it as running forever"
            ))));
        }
        Ok(())
    }

    pub(crate) fn exec_list(&mut self, l: &List, tested: bool) -> R<i32> {
        self.eval_list(l, tested, false)
    }

    /// `exit` is ash's `EV_EXIT` for PID 1: this is the last thing the
    /// shell runs, so an external command in tail position is exec'd in
    /// place of the shell (recorded in `pid1`). Subshells that fork get
    /// `false`: what they exec is not PID 1.
    fn eval_list(&mut self, l: &List, tested: bool, exit: bool) -> R<i32> {
        let mut st = 0;
        let n = l.items.len();
        for (i, ao) in l.items.iter().enumerate() {
            st = self.exec_andor(ao, tested, exit && i + 1 == n)?;
        }
        Ok(st)
    }

    fn exec_andor(&mut self, ao: &AndOr, tested: bool, exit: bool) -> R<i32> {
        if ao.background {
            self.note_once(
                "bg",
                "commands started with & run in the foreground in the simulation",
            );
        }
        // ash `NAND`/`NOR`: only the right-hand side keeps `EV_EXIT`; `&`
        // forks (`NBACKGND`)
        let exit = exit && !ao.background;
        let n = ao.rest.len();
        let mut st = self.exec_pipeline(&ao.first, tested || n > 0, exit && n == 0)?;
        for (i, (and, p)) in ao.rest.iter().enumerate() {
            if *and != (st == 0) {
                continue;
            }
            st = self.exec_pipeline(p, tested || i + 1 < n, exit && i + 1 == n)?;
        }
        if ao.background {
            self.status = 0;
            return Ok(0);
        }
        Ok(st)
    }

    fn exec_pipeline(&mut self, p: &Pipeline, tested: bool, exit: bool) -> R<i32> {
        let inner_tested = tested || p.negate;
        let st = match p.cmds.as_slice() {
            // `!` (`NNOT`) evaluates without `EV_EXIT`; pipelines fork
            [one] => self.eval_command(one, inner_tested, exit && !p.negate)?,
            cmds => self.exec_multi(cmds, inner_tested)?,
        };
        let st = if p.negate { (st == 0) as i32 } else { st };
        self.status = st;
        Ok(st)
    }

    fn exec_multi(&mut self, cmds: &[Command], tested: bool) -> R<i32> {
        let t0 = self.now;
        let peers: Vec<String> = cmds.iter().map(command_text).collect();
        let saved_peers = std::mem::replace(&mut self.pipeline_peers, peers);
        let mut input: Option<VecDeque<(i64, String)>> = None;
        let mut statuses = Vec::new();
        let mut end = t0;
        let mut stop: Option<(i64, Stop)> = None;
        let mut result = Ok(());
        for (i, c) in cmds.iter().enumerate() {
            self.now = t0;
            let last = i + 1 == cmds.len();
            let cap = if last {
                None
            } else {
                self.captures.push(Capture::default());
                Some(self.captures.len() - 1)
            };
            let saved_fd1 = self.fd1.clone();
            if let Some(ci) = cap {
                self.fd1 = Sink::Capture(ci);
            }
            let stdin_len = self.stdin.len();
            if let Some(inp) = input.take() {
                self.stdin.push(inp);
            }
            // ash runs every stage in a subshell (`evalpipe()` forks)
            let r = self.subshell(|s| s.exec_command(c, tested));
            // A stage's files last past its own end (the others run
            // alongside it): keep them whatever the beats.
            self.keep_files(None);
            self.stdin.truncate(stdin_len);
            self.fd1 = saved_fd1;
            if let Some(ci) = cap {
                let captured = if ci + 1 == self.captures.len() {
                    self.captures.pop().unwrap_or_default()
                } else {
                    Capture::default()
                };
                input = Some(captured.into_lines());
            }
            end = end.max(self.now);
            match r {
                Ok(st) => statuses.push(st),
                Err(Ctl::Stop(s)) => {
                    let at = match &s {
                        Stop::Oom(t) => *t,
                        Stop::Horizon => i64::MAX,
                        Stop::Runaway(_) => self.now,
                    };
                    if stop.as_ref().is_none_or(|(t, _)| at < *t) {
                        stop = Some((at, s));
                    }
                    statuses.push(0);
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.pipeline_peers = saved_peers;
        self.now = end;
        result?;
        if let Some((at, s)) = stop {
            if at != i64::MAX {
                self.now = at;
            }
            return Err(Ctl::Stop(s));
        }
        let st = if self.opts.pipefail {
            statuses
                .iter()
                .rev()
                .find(|s| **s != 0)
                .copied()
                .unwrap_or(0)
        } else {
            statuses.last().copied().unwrap_or(0)
        };
        self.check_exit(st, tested)?;
        Ok(st)
    }

    /// ash `evaltree()` end: `set -e` exits on a failure not tested.
    pub(crate) fn check_exit(&mut self, st: i32, tested: bool) -> R<()> {
        if st != 0 && !tested && self.opts.errexit {
            return Err(Ctl::Exit(st));
        }
        Ok(())
    }

    pub(crate) fn exec_command(&mut self, c: &Command, tested: bool) -> R<i32> {
        self.eval_command(c, tested, false)
    }

    fn eval_command(&mut self, c: &Command, tested: bool, exit: bool) -> R<i32> {
        match c {
            Command::Simple(sc) => self.exec_simple(sc, tested, exit),
            Command::FuncDef(name, body) => {
                self.tick()?;
                self.funcs.insert(name.clone(), body.clone());
                Ok(0)
            }
            Command::Compound(comp, redirs, line) => {
                self.line = *line;
                // ash wraps a compound command with redirections in
                // `NREDIR`, which drops `EV_EXIT`; a subshell keeps them
                let exit = exit && (redirs.is_empty() || matches!(**comp, Compound::Subshell(_)));
                self.enter()?;
                let saved = self.save_fds();
                let r = match self.apply_redirs(redirs) {
                    Ok(None) => self.exec_compound(comp, tested, exit),
                    Ok(Some(st)) => Ok(st),
                    Err(e) => Err(e),
                };
                self.restore_fds(saved);
                self.nest -= 1;
                r
            }
        }
    }

    /// ash `evaltree()`: `EV_EXIT` goes to a `{ }` list, the branch `if`
    /// takes and the arm `case` takes, not to loops (`evalloop()` and
    /// `evalfor()` keep only `EV_TESTED`).
    fn exec_compound(&mut self, c: &Compound, tested: bool, exit: bool) -> R<i32> {
        match c {
            Compound::Brace(l) => self.eval_list(l, tested, exit),
            Compound::Subshell(l) => {
                // ash `evalsubshell()`: with `EV_EXIT` and no trap the
                // shell does not fork, it becomes the subshell
                let nofork = exit && !self.may_have_traps;
                let st = self.subshell_as(!nofork, |s| s.eval_list(l, tested, nofork))?;
                self.check_exit(st, tested)?;
                Ok(st)
            }
            Compound::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    if self.exec_list(cond, true)? == 0 {
                        return self.eval_list(body, tested, exit);
                    }
                }
                match otherwise {
                    Some(l) => self.eval_list(l, tested, exit),
                    None => Ok(0),
                }
            }
            Compound::Loop { until, cond, body } => {
                self.loop_depth += 1;
                let r = self.run_loop(*until, cond, body, tested);
                self.loop_depth -= 1;
                r
            }
            Compound::For { var, words, body } => {
                let items = match words {
                    Some(ws) => self.expand_words(ws)?,
                    None => self.positional.clone(),
                };
                self.loop_depth += 1;
                let mut st = 0;
                let mut r = Ok(());
                for it in items {
                    if let Err(e) = self.tick() {
                        r = Err(e);
                        break;
                    }
                    self.set_var(var, it);
                    match self.exec_list(body, tested) {
                        Ok(s) => st = s,
                        Err(e) => match loop_ctl(e) {
                            LoopCtl::Next => st = 0,
                            LoopCtl::Leave => {
                                st = 0;
                                break;
                            }
                            LoopCtl::Raise(e) => {
                                r = Err(e);
                                break;
                            }
                        },
                    }
                }
                self.loop_depth -= 1;
                r.map(|_| st)
            }
            Compound::Case { word, arms } => {
                let subject = self.expand_word(word)?;
                for (patterns, body) in arms {
                    for p in patterns {
                        let pat = self.expand_pattern(p)?;
                        if super::pattern::glob_match(&pat, &subject) {
                            return self.eval_list(body, tested, exit);
                        }
                    }
                }
                Ok(0)
            }
        }
    }

    fn run_loop(&mut self, until: bool, cond: &List, body: &List, tested: bool) -> R<i32> {
        let mut st = 0;
        loop {
            self.tick()?;
            let c = match self.exec_list(cond, true) {
                Ok(c) => c,
                Err(e) => match loop_ctl(e) {
                    LoopCtl::Next => continue,
                    LoopCtl::Leave => return Ok(0),
                    LoopCtl::Raise(e) => return Err(e),
                },
            };
            if (c == 0) == until {
                return Ok(st);
            }
            match self.exec_list(body, tested) {
                Ok(s) => st = s,
                Err(e) => match loop_ctl(e) {
                    LoopCtl::Next => st = 0,
                    LoopCtl::Leave => return Ok(0),
                    LoopCtl::Raise(e) => return Err(e),
                },
            }
        }
    }

    /// Runs `f` in a subshell: changes to variables, functions, options,
    /// traps and file descriptors do not outlive it, and `exit` ends only it.
    pub(crate) fn subshell<F>(&mut self, f: F) -> R<i32>
    where
        F: FnOnce(&mut Self) -> R<i32>,
    {
        self.subshell_as(true, f)
    }

    /// [`Self::subshell`]; `fork` false for the subshell ash runs in the
    /// shell's own process (the script's last command), which stays PID 1.
    fn subshell_as<F>(&mut self, fork: bool, f: F) -> R<i32>
    where
        F: FnOnce(&mut Self) -> R<i32>,
    {
        self.enter()?;
        self.forks += u32::from(fork);
        let snap = Snapshot {
            vars: self.vars.clone(),
            funcs: self.funcs.clone(),
            positional: self.positional.clone(),
            opts: self.opts,
            exit_trap: self.exit_trap.take(),
            fd1: self.fd1.clone(),
            fd2: self.fd2.clone(),
            stdin_len: self.stdin.len(),
            locals: std::mem::take(&mut self.locals),
            loop_depth: self.loop_depth,
            may_have_traps: self.may_have_traps,
        };
        let r = f(self);
        // a subshell's own EXIT trap runs as it ends
        let r = match r {
            Ok(st) | Err(Ctl::Exit(st)) | Err(Ctl::Return(st)) => {
                self.status = st;
                match self.run_exit_trap() {
                    Err(Ctl::Stop(s)) => Err(Ctl::Stop(s)),
                    _ => Ok(self.status),
                }
            }
            Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => Ok(0),
            Err(e) => Err(e),
        };
        self.vars = snap.vars;
        self.funcs = snap.funcs;
        self.positional = snap.positional;
        self.opts = snap.opts;
        self.exit_trap = snap.exit_trap;
        self.fd1 = snap.fd1;
        self.fd2 = snap.fd2;
        self.stdin.truncate(snap.stdin_len);
        self.locals = snap.locals;
        self.loop_depth = snap.loop_depth;
        self.may_have_traps = snap.may_have_traps;
        self.forks -= u32::from(fork);
        self.nest -= 1;
        r
    }

    pub(crate) fn run_exit_trap(&mut self) -> R<()> {
        let Some(t) = self.exit_trap.take() else {
            return Ok(());
        };
        let l = match parser::parse_all(&t, self.line, 0) {
            Ok(l) => l,
            Err(e) => {
                self.sh_error(&format!("syntax error: {}", e.detail));
                return Ok(());
            }
        };
        let saved = self.status;
        match self.exec_list(&l, false) {
            Ok(_) => self.status = saved,
            Err(Ctl::Exit(st)) => self.status = st,
            Err(Ctl::Stop(s)) => return Err(Ctl::Stop(s)),
            Err(_) => self.status = saved,
        }
        Ok(())
    }

    /// `$( )`: the list's standard output, trailing newlines removed.
    pub(crate) fn command_subst(&mut self, l: &List) -> R<String> {
        self.captures.push(Capture::default());
        let ci = self.captures.len() - 1;
        let saved = std::mem::replace(&mut self.fd1, Sink::Capture(ci));
        // ash `evalbackcmd()` clears `eflag` in the child (bash-like)
        let r = self.subshell(|s| {
            s.opts.errexit = false;
            s.exec_list(l, false)
        });
        self.fd1 = saved;
        let cap = if ci + 1 == self.captures.len() {
            self.captures.pop().unwrap_or_default()
        } else {
            Capture::default()
        };
        let st = r?;
        self.cmdsub_status = Some(st);
        let mut text = cap.into_text();
        while text.ends_with('\n') {
            text.pop();
        }
        // As much as a pipe carries: `for i in $(seq 1 20000)` gets its
        // 109 kB. A variable given it is cut at MAX_STR (`set_var`).
        if text.len() > MAX_STR * 16 {
            truncate_to(&mut text, MAX_STR * 16);
            self.cut_note();
        }
        Ok(text)
    }

    // ------------------------------------------------------- redirections

    pub(crate) fn save_fds(&self) -> (Sink, Sink, usize) {
        (self.fd1.clone(), self.fd2.clone(), self.stdin.len())
    }

    pub(crate) fn restore_fds(&mut self, s: (Sink, Sink, usize)) {
        self.fd1 = s.0;
        self.fd2 = s.1;
        self.stdin.truncate(s.2);
    }

    pub(crate) fn resolve_path(&self, p: &str) -> String {
        let joined = if p.starts_with('/') {
            p.to_string()
        } else {
            let pwd = self.get_var("PWD").unwrap_or("/");
            format!("{}/{}", pwd.trim_end_matches('/'), p)
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in joined.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        format!("/{}", parts.join("/"))
    }

    /// Applies redirections; `Ok(Some(status))` when one failed (ash
    /// `redirectsafe()`: the command does not run and its status is 2).
    pub(crate) fn apply_redirs(&mut self, redirs: &[Redir]) -> R<Option<i32>> {
        for r in redirs {
            let fd = r.fd.unwrap_or(match r.op {
                RedirOp::In | RedirOp::DupIn | RedirOp::Here | RedirOp::ReadWrite => 0,
                _ => 1,
            });
            if r.op == RedirOp::Here {
                let body = self.expand_word(&r.target)?;
                if fd == 0 {
                    self.stdin.push(text_lines(self.now, &body));
                }
                continue;
            }
            let target = self.expand_word(&r.target)?;
            // ENAMETOOLONG: a path past PATH_MAX (4096 with its NUL) or with
            // a component past NAME_MAX (255) cannot be opened. Without
            // this bound, a loop that names a file after `ls` output grows
            // its file names without end.
            if target.len() >= 4096 || target.split('/').any(|c| c.len() > 255) {
                let what = if matches!(r.op, RedirOp::In | RedirOp::ReadWrite) {
                    "open"
                } else {
                    "create"
                };
                self.sh_error(&format!("can't {what} {target}: File name too long"));
                return Ok(Some(2));
            }
            match r.op {
                RedirOp::Out | RedirOp::Append | RedirOp::OutErr => {
                    let sink = self.file_sink(&target, r.op == RedirOp::Append);
                    if r.op == RedirOp::OutErr {
                        self.fd1 = sink.clone();
                        self.fd2 = sink;
                    } else {
                        self.set_fd(fd, sink);
                    }
                }
                RedirOp::DupOut => {
                    let sink = match target.as_str() {
                        "1" => self.fd1.clone(),
                        "2" => self.fd2.clone(),
                        "-" => Sink::Null,
                        t if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() => {
                            self.sh_error(&format!("{t}: Bad file descriptor"));
                            return Ok(Some(2));
                        }
                        // bash `>&file` (ash NTO2)
                        t if fd == 1 => {
                            let s = self.file_sink(t, false);
                            self.fd2 = s.clone();
                            s
                        }
                        _ => {
                            self.sh_error("redir error");
                            return Ok(Some(2));
                        }
                    };
                    self.set_fd(fd, sink);
                }
                RedirOp::In | RedirOp::ReadWrite => {
                    let path = self.resolve_path(&target);
                    match self.read_file(&path) {
                        Some(content) => {
                            if fd == 0 {
                                self.stdin.push(text_lines(self.now, &content));
                            }
                        }
                        None if r.op == RedirOp::ReadWrite => {
                            self.modified(&path);
                            self.fs.files.get_or_default(path);
                        }
                        None => {
                            self.sh_error(&format!(
                                "can't open '{target}': No such file or directory"
                            ));
                            return Ok(Some(2));
                        }
                    }
                }
                RedirOp::DupIn | RedirOp::Here => {}
            }
        }
        Ok(None)
    }

    fn set_fd(&mut self, fd: u32, sink: Sink) {
        match fd {
            1 => self.fd1 = sink,
            2 => self.fd2 = sink,
            _ => {}
        }
    }

    fn file_sink(&mut self, target: &str, append: bool) -> Sink {
        match target {
            "/dev/null" => Sink::Null,
            "/dev/stdout" | "/proc/self/fd/1" => self.fd1.clone(),
            "/dev/stderr" | "/proc/self/fd/2" => self.fd2.clone(),
            // the container's own stdout/stderr (PID 1), as `kubectl logs` shows
            "/proc/1/fd/1" => Sink::Log { stderr: false },
            "/proc/1/fd/2" => Sink::Log { stderr: true },
            _ => {
                let path = self.resolve_path(target);
                if !append {
                    self.fs.files.insert(path.clone(), String::new());
                    self.modified(&path);
                } else if !self.fs.files.contains_key(&path) {
                    let old = self.read_file(&path);
                    if old.is_none() {
                        self.modified(&path);
                    }
                    self.fs.files.insert(path.clone(), old.unwrap_or_default());
                }
                self.fs.removed.remove(&path);
                Sink::File(path)
            }
        }
    }

    /// The script wrote, made or touched `path` now.
    pub(crate) fn modified(&mut self, path: &str) {
        self.fs_changes += 1;
        match self
            .fs
            .mtimes
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
        {
            Ok(i) => self.fs.mtimes[i].1 = self.now,
            Err(i) => self.fs.mtimes.insert(i, (path.to_string(), self.now)),
        }
    }

    /// When `path` was last modified (simulated ms), if it exists.
    pub(crate) fn mtime(&self, path: &str) -> Option<i64> {
        if self.read_file(path).is_none() && !self.is_dir(path) {
            return None;
        }
        let i = self
            .fs
            .mtimes
            .binary_search_by(|(p, _)| p.as_str().cmp(path));
        Some(i.map_or(0, |i| self.fs.mtimes[i].1))
    }

    /// A file's content as the script sees it: its own writes first.
    pub(crate) fn read_file(&self, path: &str) -> Option<String> {
        if path == "/dev/null" {
            return Some(String::new());
        }
        if let Some(c) = self.fs.files.get(path) {
            return Some(c.clone());
        }
        if self.fs.removed.contains(path) {
            return None;
        }
        self.world.file(path).map(|f| f.content)
    }

    /// What the script made in directory `path`, by name, sorted (the
    /// image's own files cannot be listed).
    pub(crate) fn dir_entries(&self, path: &str) -> Vec<String> {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let mut names: Vec<String> = self
            .fs
            .files
            .keys()
            .chain(self.fs.dirs.iter())
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|r| r.split('/').next().unwrap_or(r).to_string())
            .filter(|n| !n.is_empty())
            .collect();
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }

    pub(crate) fn is_dir(&self, path: &str) -> bool {
        if self.fs.removed.contains(path) {
            return false;
        }
        if self.fs.dirs.contains(path) || self.world.is_dir(path) {
            return true;
        }
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.fs
            .files
            .keys()
            .chain(self.fs.dirs.iter())
            .any(|k| k.starts_with(&prefix))
    }

    // ---------------------------------------------------- simple commands

    fn exec_simple(&mut self, sc: &SimpleCmd, tested: bool, exit: bool) -> R<i32> {
        self.tick()?;
        self.line = sc.line;
        self.cmdsub_status = None;
        let argv = self.expand_args(&sc.words)?;
        if argv.len() == 1 && argv[0] == "exec" && sc.assigns.is_empty() {
            // `exec` with only redirections changes the shell's own fds
            let st = self.apply_redirs(&sc.redirs)?.unwrap_or(0);
            self.xtrace(&[], &argv);
            self.check_exit(st, tested)?;
            return Ok(st);
        }
        let saved = self.save_fds();
        let r = self.exec_simple_inner(sc, argv, tested, exit);
        self.restore_fds(saved);
        let st = r?;
        self.check_exit(st, tested)?;
        Ok(st)
    }

    /// Command words; after `export`, `readonly` and `local`, words written
    /// as assignments are not split (ash: `BUILTIN_ASSIGN` builtins).
    fn expand_args(&mut self, words: &[Word]) -> R<Vec<String>> {
        let assign_builtin = words
            .first()
            .and_then(parser::plain_text)
            .is_some_and(|w| matches!(w, "export" | "readonly" | "local"));
        if !assign_builtin {
            return self.expand_words(words);
        }
        let mut out = Vec::new();
        for w in words {
            if parser::is_assignment(w) {
                out.push(self.expand_word(w)?);
            } else {
                out.extend(self.expand_words(std::slice::from_ref(w))?);
            }
        }
        Ok(out)
    }

    fn exec_simple_inner(
        &mut self,
        sc: &SimpleCmd,
        argv: Vec<String>,
        tested: bool,
        exit: bool,
    ) -> R<i32> {
        if let Some(st) = self.apply_redirs(&sc.redirs)? {
            return Ok(st);
        }
        let mut assigns = Vec::new();
        for (n, w) in &sc.assigns {
            let v = self.expand_word(w)?;
            assigns.push((n.clone(), v));
        }
        self.xtrace(&assigns, &argv);
        let Some(name) = argv.first().cloned() else {
            for (n, v) in assigns {
                self.set_var(&n, v);
            }
            return Ok(self.cmdsub_status.unwrap_or(0));
        };
        let special = SPECIAL_BUILTINS.contains(&name.as_str());
        // Assignments before special builtins stay; before anything else
        // they last for the command only (ash `mklocal()` / exec env).
        let mut restore = Vec::new();
        for (n, v) in assigns {
            if !special {
                restore.push((n.clone(), self.vars.get(n.as_str()).cloned()));
            }
            self.set_var(&n, v);
            if let Some(var) = self.vars.get_mut(n.as_str()) {
                var.exported |= !special;
            }
        }
        let r = self.dispatch(&argv, tested, special, exit);
        for (n, old) in restore.into_iter().rev() {
            match old {
                Some(v) => {
                    self.vars.insert(n.into(), v);
                }
                None => self.unset_var(&n),
            }
        }
        r
    }

    fn xtrace(&mut self, assigns: &[(String, String)], argv: &[String]) {
        if !self.opts.xtrace {
            return;
        }
        let mut s = self.get_var("PS4").unwrap_or("+ ").to_string();
        let mut pfx = "";
        for (n, v) in assigns {
            s.push_str(pfx);
            s.push_str(n);
            s.push('=');
            s.push_str(&maybe_single_quote(v));
            pfx = " ";
        }
        for a in argv {
            s.push_str(pfx);
            if parser::is_keyword(a) {
                s.push_str(&single_quote(a));
            } else {
                s.push_str(&maybe_single_quote(a));
            }
            pfx = " ";
        }
        s.push('\n');
        self.write(2, &s);
    }

    fn dispatch(&mut self, argv: &[String], tested: bool, special: bool, exit: bool) -> R<i32> {
        let name = argv[0].as_str();
        if special {
            if let Some(r) = self.builtin(argv, tested) {
                return r;
            }
        }
        if let Some(body) = self.funcs.get(name).cloned() {
            // ash `evalfun()` runs the body without `EV_EXIT`
            return self.call_function(body, argv, tested);
        }
        // ash `evalcommand()`: a command found in PATH with `EV_EXIT` is
        // exec'd without a fork unless a trap may be set (`command PROG`
        // too: ash resolves it in `evalcommand()`)
        let replaces = exit && !self.may_have_traps && self.forks == 0;
        self.pid1_exec = replaces && name == "command";
        if let Some(r) = self.builtin(argv, tested) {
            self.pid1_exec = false;
            return r;
        }
        self.pid1_exec = replaces;
        let r = self.run_external(argv);
        self.pid1_exec = false;
        r
    }

    fn call_function(&mut self, body: Arc<Command>, argv: &[String], tested: bool) -> R<i32> {
        self.enter()?;
        let saved_pos = std::mem::replace(&mut self.positional, argv[1..].to_vec());
        let saved_loop = std::mem::replace(&mut self.loop_depth, 0);
        self.locals.push(Vec::new());
        let r = self.exec_command(&body, tested);
        if let Some(frame) = self.locals.pop() {
            for (n, old) in frame.into_iter().rev() {
                match old {
                    Some(v) => {
                        self.vars.insert(n.into(), v);
                    }
                    None => self.unset_var(&n),
                }
            }
        }
        self.positional = saved_pos;
        self.loop_depth = saved_loop;
        self.nest -= 1;
        match r {
            Err(Ctl::Return(st)) => Ok(st),
            other => other,
        }
    }

    /// Anything that is not a builtin or a function: a scenario program, a
    /// busybox applet, a script file, or not found.
    pub(crate) fn run_external(&mut self, argv: &[String]) -> R<i32> {
        let name = argv[0].as_str();
        let pid1 = std::mem::take(&mut self.pid1_exec);
        match self.world.exec(name, &argv[1..], self.now) {
            Exec::Run(pr) => {
                if pid1 {
                    self.pid1_push(name, pr.handles_sigterm);
                }
                self.run_program(pr)
            }
            Exec::NotExecutable => {
                // ash `shellexec()`: EACCES -> 126, strerror text
                self.sh_error(&format!("{name}: Permission denied"));
                Ok(126)
            }
            Exec::NotFound => {
                if let Some(r) = self.applet_as(pid1, argv) {
                    return r;
                }
                if name.contains('/') {
                    let path = self.resolve_path(name);
                    if let Some(f) = self.world.file(&path) {
                        if !f.executable {
                            self.sh_error(&format!("{name}: Permission denied"));
                            return Ok(126);
                        }
                        if pid1 {
                            // a new shell, which ignores SIGTERM too
                            self.pid1_push(name, false);
                        }
                        return self.run_script_file(&f.content, argv);
                    }
                    if self.fs.files.contains_key(&path) {
                        self.sh_error(&format!("{name}: Permission denied"));
                        return Ok(126);
                    }
                }
                self.sh_error(&format!("{name}: not found"));
                Ok(127)
            }
        }
    }

    /// Runs an applet; `pid1`: it replaces PID 1. Busybox applets install no
    /// SIGTERM handler; `timeout` and `env` exec their command in turn.
    pub(crate) fn applet_as(&mut self, pid1: bool, argv: &[String]) -> Option<R<i32>> {
        if !pid1 {
            return self.applet(argv);
        }
        let mark = self.pid1.len();
        self.pid1_push(&argv[0], false);
        let base = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
        self.pid1_exec = matches!(base, "timeout" | "env");
        let r = self.applet(argv);
        self.pid1_exec = false;
        if r.is_none() {
            self.pid1.truncate(mark);
        }
        r
    }

    /// An executable file of the scenario with a script in it: run by a new
    /// shell, which sees only exported variables.
    fn run_script_file(&mut self, content: &str, argv: &[String]) -> R<i32> {
        let (chunks, err) = parser::parse_program(content);
        let args = argv.to_vec();
        self.subshell(move |s| {
            s.vars.retain(|_, v| v.exported);
            s.funcs.clear();
            s.opts = Opts::default();
            s.positional = args[1..].to_vec();
            let mut st = 0;
            for c in &chunks {
                st = s.exec_list(c, false)?;
            }
            if let Some(e) = err {
                let name = args[0].clone();
                s.write(
                    2,
                    &format!("{name}: line {}: syntax error: {}\n", e.line, e.detail),
                );
                return Ok(2);
            }
            Ok(st)
        })
    }

    /// A scenario program: its output lines spread over its run, killed by
    /// `timeout`, OOM-killed when its memory reaches the limit.
    pub(crate) fn run_program(&mut self, pr: ProgramRun) -> R<i32> {
        let start = self.now;
        let times = output_times(start, pr.runs_ms, pr.output.len());
        let oom_at = match (self.cfg.memory_limit, pr.memory_bytes) {
            (Some(limit), Some(mem)) if mem > limit => {
                // usage grows linearly from 0 to `mem` over the run
                let dur = pr.runs_ms.unwrap_or(10_000).max(0) as i128;
                let t = start as i128 + dur * limit as i128 / mem as i128;
                Some(t.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
            }
            _ => None,
        };
        let natural_end = pr.runs_ms.map(|r| start.saturating_add(r.max(0)));
        for (line, t) in pr.output.iter().zip(times) {
            if oom_at.is_some_and(|o| t > o) {
                break;
            }
            self.advance_to(t)?;
            let mut l = line.clone();
            l.push('\n');
            self.write(1, &l);
        }
        if let Some(o) = oom_at {
            if natural_end.is_none_or(|e| o <= e) {
                self.advance_to(o)?;
                return Err(Ctl::Stop(Stop::Oom(o)));
            }
        }
        match natural_end {
            Some(e) => {
                self.advance_to(e)?;
                Ok(pr.exit & 0xff)
            }
            None => {
                self.advance_to(i64::MAX)?;
                Ok(0)
            }
        }
    }
}

enum LoopCtl {
    Next,
    Leave,
    Raise(Ctl),
}

/// What a loop does with a control transfer from its body (ash
/// `skiploop()`): `break N`/`continue N` for outer loops go up one level.
fn loop_ctl(e: Ctl) -> LoopCtl {
    match e {
        Ctl::Break(n) if n > 1 => LoopCtl::Raise(Ctl::Break(n - 1)),
        Ctl::Break(_) => LoopCtl::Leave,
        Ctl::Continue(n) if n > 1 => LoopCtl::Raise(Ctl::Continue(n - 1)),
        Ctl::Continue(_) => LoopCtl::Next,
        other => LoopCtl::Raise(other),
    }
}

impl Shell<'_> {
    /// Cuts a string the script built at [`MAX_STR`], saying so once.
    pub(crate) fn cap(&mut self, s: &mut String) {
        if s.len() > MAX_STR {
            truncate(s);
            self.cut_note();
        }
    }

    /// A memory guard cut what the script made: a real shell would have
    /// kept it all, so the numbers it prints may be wrong. Said once.
    pub(crate) fn cut_note(&mut self) {
        if !self.cut_noted {
            self.cut_noted = true;
            self.notes.push(format!(
                "the script made a string over {} KiB or sent over {} KiB through a pipe, $( ) or file; the simulation keeps only that much, so what it prints from them may be cut",
                MAX_STR / 1024,
                MAX_STR * 16 / 1024
            ));
        }
    }
}

pub(crate) fn truncate(s: &mut String) {
    truncate_to(s, MAX_STR);
}

/// Cuts `s` to at most `max` bytes, at a character's boundary.
fn truncate_to(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// The shell's name as PID 1: how it was started (`sh`, `/bin/sh`); `sh`
/// for `sh -c SCRIPT NAME`, where `arg0` is NAME.
fn shell_name(cfg: &Config) -> String {
    if cfg.named {
        "sh".to_string()
    } else {
        cfg.arg0.clone()
    }
}

/// Text split into input lines, all available at `now`.
pub(crate) fn text_lines(now: i64, text: &str) -> VecDeque<(i64, String)> {
    let mut v: VecDeque<(i64, String)> = text.split('\n').map(|l| (now, l.to_string())).collect();
    if text.ends_with('\n') || text.is_empty() {
        v.pop_back();
    }
    v
}

/// How a pipeline stage shows in `ps`: its words as written.
fn command_text(c: &Command) -> String {
    match c {
        Command::Simple(sc) => sc.words.iter().map(word_text).collect::<Vec<_>>().join(" "),
        _ => "sh".to_string(),
    }
}

fn word_text(w: &Word) -> String {
    use super::ast::Part;
    fn walk(parts: &[Part], out: &mut String) {
        for p in parts {
            match p {
                Part::Lit(s) | Part::Quoted(s) => out.push_str(s),
                Part::Dq(inner) => walk(inner, out),
                Part::Param(pe) => {
                    out.push('$');
                    out.push_str(&pe.name);
                }
                Part::CmdSub(_) | Part::Arith(_) => out.push_str("..."),
            }
        }
    }
    let mut s = String::new();
    walk(&w.parts, &mut s);
    s
}

/// ash `single_quote()`: `'...'`, with runs of `'` as `"'"`.
pub(crate) fn single_quote(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    loop {
        let n = rest.find('\'').unwrap_or(rest.len());
        out.push('\'');
        out.push_str(&rest[..n]);
        out.push('\'');
        rest = &rest[n..];
        if rest.is_empty() {
            break;
        }
        let q = rest.len() - rest.trim_start_matches('\'').len();
        out.push('"');
        out.push_str(&rest[..q]);
        out.push('"');
        rest = &rest[q..];
        if rest.is_empty() {
            break;
        }
    }
    out
}

/// ash `maybe_single_quote()`: quotes a word unless it is made only of
/// `+,-./0-9:@A-Z]^_a-z` (so `=`, spaces, `*` and non-ASCII are quoted).
pub(crate) fn maybe_single_quote(s: &str) -> String {
    let needs = s.bytes().any(|b| {
        b < b'+' || (b';'..=b'?').contains(&b) || b == b'`' || b == b'[' || b == b'\\' || b > b'z'
    });
    if needs {
        single_quote(s)
    } else {
        s.to_string()
    }
}
