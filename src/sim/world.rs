//! What a container does when it starts, decided as the scenario format
//! says ("How a container's behaviour is decided"): a scenario outcome for
//! the container, else its command run for real (the built-in shell, a
//! scenario program, a built-in program), else the image's entrypoint. The
//! result is a [`Plan`]: the lines it prints and when, and how it ends.

use super::shell::{self, Exec, FileInfo, ProgramRun};
use super::trace::Millis;
use super::Cluster;
use crate::manifest::quantity::parse_quantity;
use crate::scenario::{service_key, Outcome, Runs};

/// How a container run ends if nothing stops it first.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanEnd {
    Exit {
        at: Millis,
        code: i32,
        reason: Option<String>,
        message: Option<String>,
    },
    Oom {
        at: Millis,
    },
    /// The runtime could not start the process (exit 128, `StartError`).
    StartError {
        message: String,
    },
    /// Runs until something stops it.
    Never,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// (time, stderr?, text), in time order.
    pub lines: Vec<(Millis, bool, String)>,
    pub end: PlanEnd,
    /// When its liveness probe starts failing.
    pub unhealthy_at: Option<Millis>,
    /// The scenario's outcome decides health (`unhealthyAfter`); otherwise
    /// an `exec` probe is run in the container.
    pub health_from_scenario: bool,
    /// Who is PID 1 from when, and whether it handles SIGTERM: a shell
    /// without a trap does not, but busybox execs the script's last
    /// command, and a program that handles SIGTERM then ends with 143.
    pub pid1: Vec<(Millis, bool)>,
    /// The container's files as its script changed them, each state from
    /// its time on (kept only for a container with an `exec` probe, which
    /// runs in the container and sees them).
    pub files: Vec<(Millis, std::rc::Rc<shell::Files>)>,
}

/// The container a script starts in, for what its shell is given besides
/// the script: the environment and the process list.
#[derive(Clone, Copy)]
struct Given<'a> {
    p: usize,
    spec: &'a crate::api::Container,
    cmd: &'a [&'a str],
}

/// A script parsed once, and the runs replayed of it if it plays the same
/// every time.
#[derive(Debug)]
pub struct ParsedScript {
    script: std::rc::Rc<shell::Script>,
    same_runs: Vec<SameRun>,
}

/// The first run of a script that plays the same every time
/// (`shell::Script::same_every_run`), as from t = 0, with what it was given
/// besides its text: the name it reports errors under, and its limits.
#[derive(Debug, Clone)]
pub struct SameRun {
    arg0: String,
    named: bool,
    memory_limit: Option<u64>,
    max_steps: u32,
    /// From its start to its exit.
    lasts: Millis,
    plan: Plan,
    steps: u64,
    notes: Vec<String>,
}

impl Plan {
    /// The same plan, `by` later.
    fn shifted(&self, by: Millis) -> Plan {
        let mut plan = self.clone();
        for line in &mut plan.lines {
            line.0 += by;
        }
        for p in &mut plan.pid1 {
            p.0 += by;
        }
        if let PlanEnd::Exit { at, .. } | PlanEnd::Oom { at } = &mut plan.end {
            *at += by;
        }
        plan
    }

    /// Does PID 1 handle SIGTERM at `t`? If not, only SIGKILL ends it.
    pub fn handles_sigterm_at(&self, t: Millis) -> bool {
        self.pid1
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .is_some_and(|(_, h)| *h)
    }
}

/// A run without output that ends at once (used for failures to start).
fn start_error(message: String) -> Plan {
    Plan {
        lines: Vec::new(),
        end: PlanEnd::StartError { message },
        unhealthy_at: None,
        health_from_scenario: false,
        pid1: Vec::new(),
        files: Vec::new(),
    }
}

/// A run that prints nothing and exits with `code` after `after` ms.
fn exits(now: Millis, after: Millis, code: i32, handles_sigterm: bool) -> Plan {
    Plan {
        lines: Vec::new(),
        end: PlanEnd::Exit {
            at: now + after,
            code,
            reason: None,
            message: None,
        },
        unhealthy_at: None,
        health_from_scenario: false,
        pid1: vec![(now, handles_sigterm)],
        files: Vec::new(),
    }
}

/// containerd's words when the command cannot be executed.
fn runtime_error(name: &str, why: &str) -> String {
    format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: {}: {why}: unknown", crate::quote::quote(name))
}

const SHELLS: &[&str] = &[
    "sh",
    "/bin/sh",
    "bash",
    "/bin/bash",
    "ash",
    "/bin/ash",
    "/usr/bin/bash",
    "/usr/bin/sh",
];
const INTERPRETERS: &[&str] = &[
    "python",
    "python3",
    "node",
    "/usr/bin/python",
    "/usr/bin/python3",
    "/usr/local/bin/python",
    "/usr/bin/node",
];
const BUILTIN_PROGRAMS: &[&str] = &[
    "sleep",
    "echo",
    "true",
    "false",
    "date",
    "cat",
    "printf",
    "env",
    "ls",
    "nc",
    "wget",
    "curl",
    "pg_isready",
    "timeout",
    "test",
    "[",
];

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// `image:tag` or `registry/path/image:tag` → `image`.
pub fn image_name(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = basename(no_digest);
    last.split(':').next().unwrap_or(last)
}

/// Quotes a word for the shell.
fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The world as the shell sees it from inside one container.
struct ShellWorld<'c> {
    cluster: &'c mut Cluster,
    job: usize,
}

impl shell::World for ShellWorld<'_> {
    fn reach(&mut self, host: &str, port: u16, at_ms: i64) -> bool {
        let key = service_key(&format!("{host}:{port}"));
        if !self.cluster.service_up(&key, at_ms) {
            return false;
        }
        let rate = self
            .cluster
            .scenario
            .services
            .get(&key)
            .map_or(0.0, |s| s.fail_rate);
        // failRate: each request while up fails with this probability,
        // drawn from the scenario's seed.
        rate <= 0.0 || self.cluster.rng.unit() >= rate
    }
    fn file(&self, path: &str) -> Option<FileInfo> {
        self.cluster.scenario.files.get(path).map(|f| FileInfo {
            executable: f.mode & 0o111 != 0,
            content: f.content.clone(),
        })
    }
    fn exec(&mut self, name: &str, _args: &[String], at_ms: i64) -> Exec {
        if let Some(run) = self.cluster.program_run(self.job, name) {
            // Remembered so that a kill before `at_ms` can take it back.
            self.cluster
                .plan_calls
                .push((at_ms, basename(name).to_string()));
            return Exec::Run(run);
        }
        if let Some(f) = self.cluster.scenario.files.get(name) {
            if f.mode & 0o111 == 0 {
                return Exec::NotExecutable;
            }
            return Exec::Run(ProgramRun {
                runs_ms: Some(1000),
                exit: 0,
                memory_bytes: None,
                output: Vec::new(),
                handles_sigterm: true,
            });
        }
        if INTERPRETERS.contains(&name) {
            self.cluster.note(format!("{} code is not interpreted: it runs 1 s and exits 0 unless the scenario's programs or containers say otherwise.", basename(name)));
            return Exec::Run(ProgramRun {
                runs_ms: Some(1000),
                exit: 0,
                memory_bytes: None,
                output: Vec::new(),
                handles_sigterm: false,
            });
        }
        Exec::NotFound
    }
}

impl Cluster {
    /// The k-th call of a scenario program across the Job.
    pub(crate) fn program_run(&mut self, job: usize, name: &str) -> Option<ProgramRun> {
        let prog = self
            .scenario
            .programs
            .get(name)
            .or_else(|| self.scenario.programs.get(basename(name)))?;
        let key = (job, basename(name).to_string());
        let k = self.program_calls.get_or_default(key);
        let outcome = prog
            .attempts
            .get(*k)
            .map_or_else(|| prog.base.clone(), |a| a.over(&prog.base));
        *k += 1;
        Some(ProgramRun {
            runs_ms: match outcome.runs {
                Some(Runs::Forever) => None,
                Some(Runs::For(ms)) => Some(ms),
                None => Some(1000),
            },
            exit: outcome.exit.unwrap_or(0),
            memory_bytes: outcome.memory.map(|m| m as u64),
            output: outcome.output.unwrap_or_default(),
            handles_sigterm: !outcome.ignores_sigterm.unwrap_or(false),
        })
    }

    /// The scenario's outcome for this container start, if it has one.
    /// `c` is the container's position in the pod template: the same for
    /// every pod of the Job, so it stands for its name in the count.
    fn scenario_outcome(
        &mut self,
        job: usize,
        c: usize,
        name: &str,
        index: Option<i32>,
    ) -> Option<Outcome> {
        let plan = self.scenario.containers.get(name)?;
        let (plan, key_index) = match index.and_then(|i| plan.by_index.get(&i).map(|p| (p, i))) {
            Some((p, i)) => (p, Some(i)),
            None => (plan, None),
        };
        let k = self.container_starts.get_or_default((job, c, key_index));
        let i = *k;
        *k += 1;
        plan.attempts
            .get(i)
            .cloned()
            .or_else(|| plan.default.clone())
    }

    /// Decides what container `c` of pod `p` does on this start.
    pub(crate) fn plan_container(&mut self, p: usize, c: usize) -> Plan {
        let now = self.now;
        let job = self.pods[p].job;
        let spec = self.pods[p].containers[c].spec.clone();
        let index = self.trace.pods[p].index;
        let memory_limit = spec
            .resources
            .limits
            .get("memory")
            .and_then(|q| parse_quantity(q))
            .map(|b| b as u64);

        if let Some(o) = self.scenario_outcome(job, c, &spec.name, index) {
            return outcome_plan(&o, now, memory_limit);
        }

        // The command line borrows from the container spec (its own `Rc`),
        // so a CronJob's thousandth run copies no words.
        let cmd: Vec<&str> = spec
            .command
            .iter()
            .chain(&spec.args)
            .map(String::as_str)
            .collect();
        if spec.command.is_empty() {
            if let Some(run) = self.program_run(job, image_name(&spec.image)) {
                return program_plan(run, now, memory_limit);
            }
            if cmd.is_empty() {
                // The image's default command (busybox: `sh`, which exits
                // at once with no terminal).
                return exits(now, 1000, 0, true);
            }
        }
        let Some(&first) = cmd.first() else {
            return start_error(runtime_error("", "executable file not found in $PATH"));
        };
        // What the shell is given besides its text: built only when it runs
        // (a replayed run needs none of it).
        let given = Given {
            p,
            spec: &spec,
            cmd: &cmd,
        };
        // An exec probe will look at the files at its beats.
        let exec = |probe: &Option<crate::api::Probe>| {
            probe
                .clone()
                .filter(|probe| matches!(probe.handler, crate::api::ProbeHandler::Exec(_)))
        };
        let record_files = match (
            exec(&spec.liveness_probe),
            exec(&spec.readiness_probe),
            exec(&spec.startup_probe),
        ) {
            // A probe that may outlast its period leaves the beat schedule
            // (see `liveness_probe`), a startup probe's beats are not the
            // liveness probe's, and a readiness probe also runs when the
            // container is Started, off its ticks: keep every state then.
            (Some(probe), None, None) if probe.timeout_seconds < probe.period_seconds => Some((
                self.next_probe(p, &probe, now, now, now),
                i64::from(probe.period_seconds.max(1)) * 1000,
            )),
            (None, None, None) => None,
            _ => Some((now, 1)),
        };

        // `sh [OPTIONS] -c SCRIPT [NAME ARGS…]` (`-ec`, `-e -c`, `-o
        // pipefail`…), or `sh [OPTIONS] FILE ARGS…`.
        if SHELLS.contains(&first) {
            let inv = shell::sh_invocation(&cmd[1..]);
            let at = 1 + inv.operands;
            if inv.command {
                let script_text = cmd.get(at).copied().unwrap_or_default();
                let script = if inv.sets.is_empty() {
                    std::borrow::Cow::Borrowed(script_text)
                } else {
                    std::borrow::Cow::Owned(super::concat(&[&inv.sets, script_text]))
                };
                let named = cmd.len() > at + 1;
                let arg0 = cmd.get(at + 1).copied().unwrap_or(first);
                return self.run_script(
                    job,
                    &script,
                    arg0,
                    &cmd[(at + 2).min(cmd.len())..],
                    named,
                    given,
                    memory_limit,
                    record_files,
                );
            }
            if let Some(&path) = cmd.get(at) {
                // `sh /app/run.sh`: the file's content is the script.
                let content: Option<String> =
                    self.scenario.files.get(path).map(|f| f.content.clone());
                return match content {
                    Some(content) => self.run_script(
                        job,
                        &super::concat(&[&inv.sets, &content]),
                        path,
                        &cmd[at + 1..],
                        true,
                        given,
                        memory_limit,
                        record_files,
                    ),
                    None => Plan {
                        lines: vec![(
                            now,
                            true,
                            format!(
                                "{}: can't open '{path}': No such file or directory",
                                basename(first)
                            ),
                        )],
                        end: PlanEnd::Exit {
                            at: now,
                            code: 2,
                            reason: None,
                            message: None,
                        },
                        unhealthy_at: None,
                        health_from_scenario: false,
                        pid1: vec![(now, false)],
                        files: Vec::new(),
                    },
                };
            }
            // A shell with no script reads an empty stdin and exits 0.
            return exits(now, 0, 0, false);
        }
        if let Some(run) = self.program_run(job, first) {
            return program_plan(run, now, memory_limit);
        }
        if INTERPRETERS.contains(&first) {
            self.note(format!("{} code is not interpreted: it runs 1 s and exits 0 unless the scenario's programs or containers say otherwise.", basename(first)));
            return exits(now, 1000, 0, true);
        }
        if let Some(f) = self.scenario.files.get(first).cloned() {
            if f.mode & 0o111 == 0 {
                return start_error(runtime_error(first, "permission denied"));
            }
            if f.content.starts_with("#!") {
                return self.run_script(
                    job,
                    &f.content,
                    first,
                    &cmd[1..],
                    true,
                    given,
                    memory_limit,
                    record_files,
                );
            }
            return exits(now, 1000, 0, true);
        }
        if BUILTIN_PROGRAMS.contains(&basename(first)) {
            // A busybox applet as the container's command: run it as a
            // one-line script. As PID 1 it ignores SIGTERM.
            let line = std::iter::once(basename(first))
                .chain(cmd.iter().skip(1).copied())
                .map(sh_quote)
                .collect::<Vec<_>>()
                .join(" ");
            return self.run_script(
                job,
                &line,
                "sh",
                &[],
                false,
                given,
                memory_limit,
                record_files,
            );
        }
        start_error(runtime_error(first, "executable file not found in $PATH"))
    }

    #[allow(clippy::too_many_arguments)]
    fn run_script(
        &mut self,
        job: usize,
        text: &str,
        arg0: &str,
        args: &[&str],
        named: bool,
        given: Given<'_>,
        memory_limit: Option<u64>,
        record_files: Option<(Millis, Millis)>,
    ) -> Plan {
        let now = self.now;
        // A plan never needs to reach past the Job's deadline (plus the
        // grace period): nothing of that container survives it.
        let mut until = self.horizon.max(now);
        let spec = &self.jobs[job].spec;
        if let (Some(ads), Some(start)) = (
            spec.active_deadline_seconds,
            self.trace.jobs[job].start_time,
        ) {
            let grace = spec.template.spec.grace_period_seconds().max(0);
            until = until.min((start + ads * 1000 + grace * 1000 + 1000).max(now));
        }
        let script = self.parsed_script(text);
        // A script that plays the same every time: its first run with the
        // same name and limits, shifted to now, unless the horizon would
        // have cut this one short.
        let same_every_run = record_files.is_none() && script.same_every_run();
        let max_steps = self.shell_max_steps;
        let same_start = |r: &SameRun| {
            r.arg0 == arg0
                && r.named == named
                && r.memory_limit == memory_limit
                && r.max_steps == max_steps
        };
        if let Some(same) = same_every_run
            .then(|| self.scripts.get(text))
            .flatten()
            .and_then(|parsed| parsed.same_runs.iter().find(|r| same_start(r)))
        {
            if now + same.lasts <= until {
                let (plan, steps, notes) = (same.plan.shifted(now), same.steps, same.notes.clone());
                self.shell_steps = self.shell_steps.saturating_add(steps);
                for n in notes {
                    self.note(n);
                }
                return plan;
            }
        }
        let first_arg0 = same_every_run.then(|| arg0.to_string());
        let cfg = shell::Config {
            env: self.container_env(given.p, given.spec),
            memory_limit,
            epoch_unix: self.scenario.start_unix,
            processes: vec![given.cmd.join(" ")],
            max_steps: self.shell_max_steps,
            arg0: arg0.to_string(),
            args: args.iter().map(|w| w.to_string()).collect(),
            named,
            files: None,
            record_files,
        };
        let mut world = ShellWorld { cluster: self, job };
        let run = shell::run(&script, cfg, &mut world, now, until);
        self.shell_steps = self.shell_steps.saturating_add(run.steps);
        let (steps, notes) = (run.steps, first_arg0.as_ref().map(|_| run.notes.clone()));
        for n in run.notes {
            self.note(n);
        }
        let lines = run
            .output
            .into_iter()
            .map(|l| (l.at_ms, l.stderr, l.text))
            .collect();
        let end = match run.end {
            shell::End::Exited { code, at_ms } => PlanEnd::Exit {
                at: at_ms,
                code,
                reason: None,
                message: None,
            },
            shell::End::OomKilled { at_ms } => PlanEnd::Oom { at: at_ms },
            shell::End::Unfinished | shell::End::Runaway { .. } => PlanEnd::Never,
        };
        // A shell as PID 1 without a trap ignores SIGTERM, as on a real
        // node, until it execs its last command.
        let pid1 = run
            .pid1
            .iter()
            .map(|p| (p.from_ms, p.handles_sigterm))
            .collect();
        let plan = Plan {
            lines,
            end,
            unhealthy_at: None,
            health_from_scenario: false,
            pid1,
            files: run.files,
        };
        if let (Some(arg0), Some(notes), PlanEnd::Exit { at, .. }) = (first_arg0, notes, &plan.end)
        {
            // Kept with the parsed script (if the cache has room for it).
            let runs = self.scripts.get_mut(text).map(|p| &mut p.same_runs);
            // A few names and limits per script at most: any more run as
            // they come.
            if let Some(runs) = runs.filter(|r| plan.files.is_empty() && r.len() < 8) {
                runs.push(SameRun {
                    arg0,
                    named,
                    memory_limit,
                    max_steps,
                    lasts: at - now,
                    plan: plan.shifted(-now),
                    steps,
                    notes,
                });
            }
        }
        plan
    }

    /// A script parsed once per run: a CronJob starts the same one
    /// thousands of times.
    fn parsed_script(&mut self, text: &str) -> std::rc::Rc<shell::Script> {
        if let Some(p) = self.scripts.get(text) {
            return p.script.clone();
        }
        let script = std::rc::Rc::new(shell::parse_for_run(text));
        if self.scripts.len() < 256 {
            let parsed = ParsedScript {
                script: script.clone(),
                same_runs: Vec::new(),
            };
            self.scripts.insert(text.to_string(), parsed);
        }
        script
    }

    /// Runs the container's `exec` probe of that kind now, as the
    /// kubelet does in the container (`ExecSync`): it sees the container's `files` as
    /// its script left them, and `ps` lists the container's own process
    /// (which is why a `ps | grep` probe never notices a hung program).
    /// `None` if it passed; else its output, which the Unhealthy events
    /// quote. Then whether it read the clock (`date`, `find -mmin`, a
    /// service): if not, the same files give the same answer. And how long
    /// it ran (its timeout at most).
    pub(crate) fn exec_probe(
        &mut self,
        p: usize,
        c: usize,
        files: Option<std::rc::Rc<shell::Files>>,
        kind: crate::api::ProbeKind,
    ) -> (Option<String>, bool, Millis) {
        let spec = self.pods[p].containers[c].spec.clone();
        let Some(crate::api::Probe {
            handler: crate::api::ProbeHandler::Exec(cmd),
            timeout_seconds,
            ..
        }) = spec.probe(kind)
        else {
            return (None, false, 0);
        };
        let text = match cmd.as_slice() {
            [sh, flag, script, ..]
                if SHELLS.contains(&sh.as_str()) && flag.starts_with('-') && flag.contains('c') =>
            {
                script.clone()
            }
            words => words
                .iter()
                .map(|w| sh_quote(w))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let process: String = spec
            .command
            .iter()
            .chain(&spec.args)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let cfg = shell::Config {
            env: self.container_env(p, &spec),
            memory_limit: None,
            epoch_unix: self.scenario.start_unix,
            processes: vec![if process.is_empty() {
                image_name(&spec.image).to_string()
            } else {
                process
            }],
            max_steps: 10_000,
            arg0: "sh".into(),
            args: Vec::new(),
            named: false,
            files,
            record_files: None,
        };
        let job = self.pods[p].job;
        let saved = std::mem::take(&mut self.plan_calls);
        let now = self.now;
        let script = self.parsed_script(&text);
        let mut world = ShellWorld { cluster: self, job };
        // ExecSync's timeout is the probe's timeoutSeconds (1 by default).
        let timeout = i64::from((*timeout_seconds).max(1)) * 1000;
        let run = shell::run(&script, cfg, &mut world, now, now + timeout);
        self.shell_steps = self.shell_steps.saturating_add(run.steps);
        // A probe's calls are not the program's runs: take them back.
        for (_, name) in std::mem::replace(&mut self.plan_calls, saved) {
            if let Some(k) = self.program_calls.get_mut(&(job, name)) {
                *k = k.saturating_sub(1);
            }
        }
        let took = match run.end {
            shell::End::Exited { at_ms, .. } | shell::End::OomKilled { at_ms } => at_ms - now,
            _ => timeout,
        }
        .clamp(0, timeout);
        let failed = match run.end {
            shell::End::Exited { code: 0, .. } => None,
            // remoteRuntimeService.ExecSync: a DeadlineExceeded from the
            // runtime becomes this error, which the exec prober returns as
            // the probe's output.
            shell::End::Unfinished | shell::End::Runaway { .. } => Some(format!(
                "command {} timed out",
                crate::quote::quote(&cmd.join(" "))
            )),
            // The exec prober's CombinedOutput: stdout and stderr, each
            // line with its newline.
            _ => Some(run.output.iter().fold(String::new(), |mut out, l| {
                out.push_str(&l.text);
                out.push('\n');
                out
            })),
        };
        (failed, run.read_clock, took)
    }

    /// The container's environment: its `env`, plus what the kubelet and
    /// the Job controller add.
    pub(crate) fn container_env(
        &self,
        p: usize,
        spec: &crate::api::Container,
    ) -> Vec<(std::borrow::Cow<'static, str>, String)> {
        let pod = &self.trace.pods[p];
        let mut env = Vec::with_capacity(2 + spec.env.len());
        // HOSTNAME is the pod's hostname: its name, or `<job>-<index>` for
        // an Indexed Job (the Job controller sets `hostname` so;
        // addCompletionIndexEnvVariable adds JOB_COMPLETION_INDEX).
        match pod.index {
            Some(i) => {
                let mut hostname = String::new();
                let job = &self.trace.jobs[pod.job].name;
                super::job_controller::push_pod_hostname_base(&mut hostname, job, Some(i));
                env.push(("HOSTNAME".into(), hostname));
                env.push(("JOB_COMPLETION_INDEX".into(), i.to_string()));
            }
            None => env.push(("HOSTNAME".into(), pod.name.to_string())),
        }
        env.extend(
            spec.env
                .iter()
                .map(|e| (e.name.clone().into(), e.value.clone())),
        );
        env
    }
}

/// A scenario outcome as a plan: output spread over `runs`, then the exit.
fn outcome_plan(o: &Outcome, now: Millis, memory_limit: Option<u64>) -> Plan {
    let runs = match o.runs {
        Some(Runs::Forever) => None,
        Some(Runs::For(ms)) => Some(ms),
        None => Some(1000),
    };
    let run = ProgramRun {
        runs_ms: runs,
        exit: o.exit.unwrap_or(0),
        memory_bytes: o.memory.map(|m| m as u64),
        output: o.output.clone().unwrap_or_default(),
        handles_sigterm: !o.ignores_sigterm.unwrap_or(false),
    };
    let mut plan = program_plan(run, now, memory_limit);
    if let Some(reason) = &o.reason {
        if let PlanEnd::Exit { reason: r, .. } = &mut plan.end {
            *r = Some(reason.clone());
        }
    }
    plan.unhealthy_at = o.unhealthy_after.map(|u| now + u);
    plan.health_from_scenario = true;
    plan
}

/// A program run directly as the container's process.
fn program_plan(run: ProgramRun, now: Millis, memory_limit: Option<u64>) -> Plan {
    let handles_sigterm = run.handles_sigterm;
    let times = shell::output_times(now, run.runs_ms, run.output.len());
    let mut lines: Vec<(Millis, bool, String)> = times
        .into_iter()
        .zip(run.output)
        .map(|(t, l)| (t, false, l))
        .collect();
    let mut end = match run.runs_ms {
        Some(ms) => PlanEnd::Exit {
            at: now + ms,
            code: run.exit,
            reason: None,
            message: None,
        },
        None => PlanEnd::Never,
    };
    if let (Some(limit), Some(peak)) = (memory_limit, run.memory_bytes) {
        if peak > limit {
            // Usage grows linearly to the peak over the run (over 10 s for
            // a program that never ends); the limit is reached part way.
            let ramp = run.runs_ms.unwrap_or(10_000).max(1);
            let at = now + ((ramp as u128 * u128::from(limit)) / u128::from(peak)) as Millis;
            end = PlanEnd::Oom { at };
            lines.retain(|(t, _, _)| *t <= at);
        }
    }
    Plan {
        lines,
        end,
        unhealthy_at: None,
        health_from_scenario: false,
        pid1: vec![(now, handles_sigterm)],
        files: Vec::new(),
    }
}
