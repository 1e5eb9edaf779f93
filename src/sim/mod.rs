//! The engine: a deterministic discrete-event simulation of the parts of
//! Kubernetes that decide a Job's fate.
//!
//! - [`job_controller`]: `pkg/controller/job` (syncJob, manageJob, back-off
//!   records, pod failure policy, deadlines, conditions);
//! - [`cronjob_controller`]: `pkg/controller/cronjob` (v2);
//! - [`kubelet`]: pod and container lifecycle, restart back-off
//!   (CrashLoopBackOff), liveness probes, OOM, deadlines, termination;
//! - [`world`]: what containers do, from the scenario and the built-in
//!   [`shell`];
//! - [`trace`]: the record of it all.
//!
//! Time is simulated (integer milliseconds); events are processed in time
//! order, ties in the order they were scheduled. The only randomness is
//! the scenario's seeded generator, so the same inputs give the same Trace,
//! byte for byte, natively and in WebAssembly.

pub mod cron;
pub mod cronjob_controller;
pub mod events;
pub mod hashing;
pub mod job_controller;
pub mod json;
pub mod kubelet;
mod rng;
pub mod shell;
pub mod trace;
pub mod world;

pub use trace::*;

use crate::api::{Object, ProbeKind};
use crate::scenario::{FaultAction, PodSelector, Scenario};
use crate::sorted::{SortedMap, SortedSet};
use job_controller::JobLive;
use kubelet::PodLive;
use rng::Rng;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Safety caps and horizon of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Stop here (`--until`); CronJobs default to one hour.
    pub until: Option<Millis>,
    /// The most events a run may process before it stops with
    /// `stopReason: "limit"`.
    pub max_events: u64,
    /// The latest simulated time a Job run may reach without `until`.
    pub horizon: Millis,
    /// The most shell commands a script may run without letting simulated
    /// time pass (twice that in all) before it is taken to run forever.
    /// The fuzz targets lower it so that each input stays cheap.
    pub shell_max_steps: u32,
}

/// How long a run that would otherwise stop with a never-ending container
/// goes on showing what that container prints.
pub const NEVER_ENDING_TAIL: Millis = 600_000;

/// Shell commands that count as one event in `Simulation::step`'s budget
/// (a command costs about a twentieth of an event).
pub const SHELL_STEPS_PER_EVENT: u64 = 20;

/// One hour: how long a CronJob runs when nobody says (the CLI contract).
pub const DEFAULT_CRON_UNTIL: Millis = 3_600_000;

impl Default for Options {
    fn default() -> Options {
        Options {
            until: None,
            max_events: 1_000_000,
            horizon: 24 * 3_600_000,
            shell_max_steps: 100_000,
        }
    }
}

/// What can happen at a moment of simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Ev {
    /// The Job controller reconciles a Job (`syncJob`).
    SyncJob(usize),
    /// The kubelet has the pod (scheduled, image present) and starts it.
    PodStartup(usize),
    /// The kubelet starts a container (first start, next init container,
    /// or a restart after back-off).
    StartContainer { pod: usize, c: usize, gen: u64 },
    /// The pod worker syncs a pod again after a failed sync (a container
    /// in CrashLoopBackOff): it restarts the container if the back-off is
    /// over, else says `BackOff` again and requeues.
    PodWorkerSync { pod: usize, c: usize, gen: u64 },
    /// A container's process ends by itself (exit or OOM), per its plan.
    ContainerEnd { pod: usize, c: usize, gen: u64 },
    /// An `exec` liveness probe the scenario does not decide: run it in
    /// the container now.
    LivenessProbe { pod: usize, c: usize, gen: u64 },
    /// A probe failed (a liveness or startup one not yet the
    /// failureThreshold-th time): its `Unhealthy` event.
    ProbeFailed {
        pod: usize,
        c: usize,
        gen: u64,
        kind: ProbeKind,
    },
    /// A liveness (or startup) probe reached its failure threshold.
    LivenessKill {
        pod: usize,
        c: usize,
        gen: u64,
        kind: ProbeKind,
    },
    /// A run of a readiness probe: at a tick of its worker (`tick`,
    /// which schedules the next), or triggered once more at once by a pod
    /// sync that found the container not ready.
    ReadinessProbe {
        pod: usize,
        c: usize,
        gen: u64,
        tick: bool,
    },
    /// The readiness probe's result crossed its threshold: the container
    /// is now ready, or no longer.
    ReadinessSet {
        pod: usize,
        c: usize,
        gen: u64,
        ready: bool,
    },
    /// A beat of a startup probe.
    StartupProbe { pod: usize, c: usize, gen: u64 },
    /// The grace period after SIGTERM is over: SIGKILL.
    Sigkill { pod: usize, c: usize, gen: u64 },
    /// The grace period of a pod's stop is over: sidecars still waiting
    /// for their turn are signalled.
    SidecarTurn(usize),
    /// `spec.activeDeadlineSeconds` of the pod itself.
    PodDeadline(usize),
    /// A scenario fault.
    Fault(usize),
    /// `ttlSecondsAfterFinished` ran out.
    TtlExpired(usize),
    /// The CronJob controller reconciles a CronJob.
    SyncCronJob(usize),
}

impl Ev {
    /// A liveness or readiness probe's beat or a failure: nothing changes
    /// for the Job, so these alone do not keep a run going (a startup
    /// probe's beats end with its success or its kill).
    fn is_probe_beat(&self) -> bool {
        matches!(
            self,
            Ev::LivenessProbe { .. }
                | Ev::ReadinessProbe { .. }
                | Ev::StartupProbe { .. }
                | Ev::ProbeFailed { .. }
        )
    }
}

pub(crate) struct Cluster {
    pub now: Millis,
    /// Due events by (time, order scheduled): the sequence number makes
    /// the order total, so the event itself never decides it.
    queue: BinaryHeap<Reverse<(Millis, u64, Ev)>>,
    seq: u64,
    pub rng: Rng,
    /// The kubelet's pod worker jitter, a stream of its own so that drawing
    /// it leaves pod names and UIDs as they were.
    pub kubelet_rng: Rng,
    pub scenario: std::rc::Rc<Scenario>,
    pub trace: Trace,
    pub jobs: Vec<JobLive>,
    pub pods: Vec<PodLive>,
    pub crons: Vec<cronjob_controller::CronLive>,
    /// k-th call of a program across a Job: (job, program) → calls so far.
    pub program_calls: SortedMap<(usize, String), usize>,
    /// k-th start of a container across a Job: (job, the container's
    /// position in the pod template, index).
    pub container_starts: SortedMap<(usize, usize, Option<i32>), usize>,
    pub notes: SortedSet<String>,
    /// Pod templates built so far (see `template_of`).
    #[allow(clippy::type_complexity)]
    pub templates: Vec<(
        std::rc::Rc<crate::api::JobSpec>,
        std::rc::Rc<crate::api::PodSpec>,
        std::rc::Rc<Vec<(bool, std::rc::Rc<crate::api::Container>)>>,
    )>,
    /// Scripts parsed so far, by text, with the runs replayed of those
    /// that play the same every time (see `world.rs`, `run_script`).
    pub scripts: SortedMap<String, world::ParsedScript>,
    /// Program calls made by the plan being built: (time, program).
    pub plan_calls: Vec<(Millis, String)>,
    pub horizon: Millis,
    /// `Options::shell_max_steps`.
    pub shell_max_steps: u32,
    /// What the event recorders remember (client-go's `EventCorrelator`).
    pub correlator: events::EventCorrelator,
    /// Events of a fault on one service: (at, up?, until).
    pub service_overrides: SortedMap<String, Vec<(Millis, bool, Option<Millis>)>>,
    /// Where pod names are written before they become an `Rc<str>`.
    pub name_buf: String,
    /// Shell commands run so far, in all the plans and probes.
    pub shell_steps: u64,
    /// Probe beats in the queue (`Ev::is_probe_beat`), and when the last
    /// other event happened (see `Simulation::step`).
    pub probe_beats: usize,
    pub last_change: Millis,
}

impl Cluster {
    pub fn schedule(&mut self, at: Millis, ev: Ev) {
        let at = at.max(self.now);
        if ev.is_probe_beat() {
            self.probe_beats += 1;
        }
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, ev)));
    }

    /// An object's name as created: `metadata.name`, or, when only
    /// `generateName` is given, the API server's (`BeforeCreate` with
    /// `names.SimpleNameGenerator`: 58 characters of the prefix, then 5
    /// random ones, drawn from the scenario's seed).
    fn object_name(&mut self, meta: &crate::api::ObjectMeta) -> String {
        if let Some(name) = meta.name.as_deref().filter(|n| !n.is_empty()) {
            return name.to_string();
        }
        let mut name: String = meta
            .generate_name
            .as_deref()
            .unwrap_or_default()
            .chars()
            .take(58)
            .collect();
        self.rng.push_k8s_suffix(&mut name, 5);
        name
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.insert(note.into());
    }
}

pub use events::EVENT_TTL;

/// Joins `parts` with one allocation. Every pod and event gets a name and
/// a message; `format!` with arguments only starts from an empty buffer
/// and grows it, which cost a tenth of a 10 000-pod Job's run.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// An integer's decimal text on the stack, for `concat`: a name such as
/// `<cronjob>-<minutes>` or a pod IP then costs one allocation, not one
/// per number.
pub(crate) struct Decimal {
    buf: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(n: i64) -> Self {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        let mut m = n.unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if n < 0 {
            start -= 1;
            buf[start] = b'-';
        }
        Decimal { buf, start }
    }
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are ever written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

/// Runs the objects of a manifest in the world of a scenario.
pub fn simulate(objects: &[Object], scenario: &Scenario, opts: &Options) -> Trace {
    let mut run = Simulation::new(objects, std::rc::Rc::new(scenario.clone()), opts);
    while !run.step(u64::MAX) {}
    run.finish()
}

/// A run that can be advanced a slice at a time: the page computes long
/// runs in slices between frames, so typing stays responsive. The result
/// does not depend on how the run was sliced.
pub struct Simulation {
    c: Cluster,
    until: Option<Millis>,
    has_cron: bool,
    max_events: u64,
    stop: Option<StopReason>,
}

impl Simulation {
    pub fn new(objects: &[Object], scenario: std::rc::Rc<Scenario>, opts: &Options) -> Simulation {
        let mut c = Cluster {
            now: 0,
            queue: BinaryHeap::new(),
            seq: 0,
            rng: Rng::new(scenario.seed),
            kubelet_rng: Rng::new(scenario.seed ^ 0x6b75_6265_6c65_7421),
            trace: Trace {
                start_unix: scenario.start_unix,
                end: 0,
                stop_reason: StopReason::Finished,
                notes: Vec::new(),
                jobs: Vec::new(),
                pods: Vec::new(),
                events: Vec::new(),
                logs: Vec::new(),
                cron_jobs: Vec::new(),
                steps: 0,
            },
            scenario: scenario.clone(),
            jobs: Vec::new(),
            pods: Vec::new(),
            crons: Vec::new(),
            program_calls: SortedMap::new(),
            container_starts: SortedMap::new(),
            notes: SortedSet::new(),
            plan_calls: Vec::new(),
            templates: Vec::new(),
            scripts: SortedMap::new(),
            correlator: events::EventCorrelator::default(),
            horizon: opts.until.unwrap_or(opts.horizon),
            shell_max_steps: opts.shell_max_steps,
            service_overrides: SortedMap::new(),
            shell_steps: 0,
            probe_beats: 0,
            last_change: 0,
            name_buf: String::new(),
        };
        let has_cron = objects.iter().any(|o| matches!(o, Object::CronJob(_)));
        let until = opts.until.or(has_cron.then_some(DEFAULT_CRON_UNTIL));
        c.horizon = until.unwrap_or(opts.horizon);

        for (i, f) in scenario.faults.iter().enumerate() {
            match f.action {
                FaultAction::ServiceDown | FaultAction::ServiceUp => {
                    let key = f.service.clone().unwrap_or_default();
                    let up = f.action == FaultAction::ServiceUp;
                    c.service_overrides.get_or_default(key).push((
                        f.at,
                        up,
                        f.for_.map(|d| f.at + d),
                    ));
                }
                _ => c.schedule(f.at, Ev::Fault(i)),
            }
        }
        for o in objects {
            match o {
                Object::Job(job) => {
                    let name = c.object_name(&job.metadata).into();
                    let m = &job.metadata;
                    let meta = (!m.labels.is_empty() || !m.annotations.is_empty())
                        .then(|| std::rc::Rc::new(m.clone()));
                    c.create_job(name, std::rc::Rc::new(job.spec.clone()), None, None, meta);
                }
                Object::CronJob(cj) => {
                    let name = c.object_name(&cj.metadata);
                    c.create_cron_job(cj, name);
                }
            }
        }
        Simulation {
            c,
            until,
            has_cron,
            max_events: opts.max_events,
            stop: None,
        }
    }

    /// Events processed so far.
    pub fn steps(&self) -> u64 {
        self.c.trace.steps
    }

    /// Processes up to `budget` events, the commands of the scripts they
    /// start counting too ([`SHELL_STEPS_PER_EVENT`]); true once the run
    /// has stopped.
    pub fn step(&mut self, budget: u64) -> bool {
        if self.stop.is_some() {
            return true;
        }
        let (until, has_cron) = (self.until, self.has_cron);
        let c = &mut self.c;
        let mut left = budget;
        let mut stop = StopReason::Finished;
        loop {
            if left == 0 {
                return false;
            }
            let Some(Reverse((at, _, ev))) = c.queue.pop() else {
                break;
            };
            if ev.is_probe_beat() {
                c.probe_beats -= 1;
                // Only probe beats left, long after anything else: a probe
                // that asks the time (or a service) would beat to the
                // horizon. The queue is as good as dry: stop as if it were.
                if c.queue.len() == c.probe_beats
                    && at > c.last_change.saturating_add(NEVER_ENDING_TAIL)
                    && c.pods
                        .iter()
                        .all(|p| p.containers.iter().all(|cl| cl.probes_settled()))
                {
                    // (A probe failing slowly towards its threshold will
                    // still kill, and a readiness probe on its way to its
                    // threshold will still change Ready: not as good as
                    // dry.)
                    break;
                }
            } else {
                c.last_change = at;
            }
            left -= 1;
            if let Some(u) = until {
                if at > u {
                    c.now = u;
                    stop = StopReason::Until;
                    break;
                }
            } else if at > c.horizon {
                c.now = c.horizon;
                stop = StopReason::Limit;
                c.note(format!(
                    "The run stopped at the simulation horizon ({}) with work still pending.",
                    crate::scenario::format_duration(c.horizon)
                ));
                break;
            }
            if c.trace.steps >= self.max_events {
                stop = StopReason::Limit;
                c.note(format!(
                    "The run stopped after {} events, the engine's safety limit, at t = {}: this manifest keeps the cluster busy for a very long time.",
                    self.max_events,
                    crate::scenario::format_duration(c.now)
                ));
                break;
            }
            c.now = at;
            c.trace.steps += 1;
            let shell_before = c.shell_steps;
            c.dispatch(ev);
            // A budget is of work, not only of events: a container start
            // may run a script's 200 000 commands (a `while true` loop
            // computed to the horizon). Counted this way, a slice of the
            // page's run stays a few milliseconds long however many such
            // containers start, and the page paints between slices.
            let work = (c.shell_steps - shell_before) / SHELL_STEPS_PER_EVENT;
            left = left.saturating_sub(work);
            if until.is_none() && !has_cron && c.all_settled() {
                break;
            }
        }
        if stop == StopReason::Finished && !c.all_settled() {
            // The queue ran dry with a Job still unfinished (suspended, or a
            // container that runs forever with no deadline).
            stop = if until.is_some() {
                StopReason::Until
            } else {
                StopReason::Limit
            };
            if let Some(u) = until {
                c.now = u;
            } else {
                // A container that never ends may still be printing (a
                // `while true` loop with a `sleep`): show it doing so for a
                // while rather than stopping at its first line.
                let tail = c.now.saturating_add(NEVER_ENDING_TAIL).min(c.horizon);
                let last_line = c
                    .pods
                    .iter()
                    .flat_map(|p| p.containers.iter())
                    .filter_map(|cl| cl.running.as_ref())
                    .flat_map(|plan| plan.lines.iter().map(|l| l.0))
                    .filter(|at| *at <= tail)
                    .max();
                if let Some(at) = last_line {
                    c.now = c.now.max(at);
                }
            }
            if stop == StopReason::Limit {
                c.note("A Job would never finish (a container that never ends, or a suspended Job): the run stops here, ten minutes after the last change at most.");
            }
        }
        self.stop = Some(stop);
        true
    }

    /// The Trace of a stopped run (a run not yet stopped is stopped here,
    /// as if the cap had been reached: callers step until `step` says so).
    pub fn finish(self) -> Trace {
        let stop = self.stop.unwrap_or(StopReason::Limit);
        self.c.finish(stop)
    }
}

impl Cluster {
    fn dispatch(&mut self, ev: Ev) {
        match ev {
            Ev::SyncJob(j) => self.sync_job(j),
            Ev::PodStartup(p) => self.pod_startup(p),
            Ev::StartContainer { pod, c, gen } => self.start_container_event(pod, c, gen),
            Ev::PodWorkerSync { pod, c, gen } => self.pod_worker_sync(pod, c, gen),
            Ev::ContainerEnd { pod, c, gen } => self.container_end_event(pod, c, gen),
            Ev::ProbeFailed { pod, c, gen, kind } => self.probe_failed_event(pod, c, gen, kind),
            Ev::LivenessKill { pod, c, gen, kind } => self.liveness_kill(pod, c, gen, kind),
            Ev::ReadinessProbe { pod, c, gen, tick } => self.readiness_probe(pod, c, gen, tick),
            Ev::ReadinessSet { pod, c, gen, ready } => self.readiness_set(pod, c, gen, ready),
            Ev::StartupProbe { pod, c, gen } => self.startup_probe(pod, c, gen),
            Ev::LivenessProbe { pod, c, gen } => self.liveness_probe(pod, c, gen),
            Ev::Sigkill { pod, c, gen } => self.sigkill(pod, c, gen),
            Ev::SidecarTurn(pod) => self.sidecar_turns(pod),
            Ev::PodDeadline(p) => self.pod_deadline(p),
            Ev::Fault(i) => self.fault(i),
            Ev::TtlExpired(j) => self.ttl_expired(j),
            Ev::SyncCronJob(i) => self.sync_cron_job(i),
        }
    }

    /// Every Job finished and every pod at rest: nothing left to watch.
    fn all_settled(&self) -> bool {
        !self.jobs.is_empty()
            && self.crons.is_empty()
            && self
                .trace
                .jobs
                .iter()
                .all(|j| j.finished_at(Millis::MAX).is_some())
            && self.pods.iter().all(|p| p.is_stopped())
            && self.jobs.iter().all(|j| j.ttl_pending.is_none())
    }

    fn fault(&mut self, i: usize) {
        let Some(f) = self.scenario.faults.get(i).cloned() else {
            return;
        };
        if matches!(f.action, FaultAction::Suspend | FaultAction::Resume) {
            let suspend = f.action == FaultAction::Suspend;
            let name = f.target.clone().unwrap_or_default();
            let job = (0..self.trace.jobs.len()).rev().find(|j| {
                *self.trace.jobs[*j].name == *name && self.trace.jobs[*j].deleted_at.is_none()
            });
            if let Some(c) = self.trace.cron_jobs.iter().position(|c| c.name == name) {
                self.set_cron_suspend(c, suspend);
            } else if let Some(j) = job {
                self.set_job_suspend(j, suspend);
            } else {
                self.note(format!(
                    "The fault {} at {} found no Job or CronJob named {}.",
                    f.action.name(),
                    crate::scenario::format_duration(f.at),
                    crate::quote::quote(&name)
                ));
            }
            return;
        }
        let live: Vec<usize> = (0..self.trace.pods.len())
            .filter(|p| {
                self.trace.pods[*p].removed_at.is_none() && !self.pods[*p].phase.is_terminal()
            })
            .collect();
        let targets: Vec<usize> = match &f.pod {
            Some(PodSelector::Ordinal(n)) => (*n < self.trace.pods.len())
                .then_some(*n)
                .into_iter()
                .collect(),
            Some(PodSelector::Newest) => live.last().copied().into_iter().collect(),
            Some(PodSelector::Oldest) => live.first().copied().into_iter().collect(),
            Some(PodSelector::All) => live.clone(),
            Some(PodSelector::Name(n)) => self
                .trace
                .pod_by_name(n)
                .map(|(i, _)| i)
                .into_iter()
                .collect(),
            None => Vec::new(),
        };
        if targets.is_empty() {
            self.note(format!(
                "The fault {} at {} found no running pod to act on.",
                f.action.name(),
                crate::scenario::format_duration(f.at)
            ));
        }
        for p in targets {
            match f.action {
                FaultAction::KillPod => self.kill_pod_sigkill(p),
                FaultAction::DeletePod => self.delete_pod(p, None),
                FaultAction::EvictPod => self.evict_pod(p),
                FaultAction::ServiceDown
                | FaultAction::ServiceUp
                | FaultAction::Suspend
                | FaultAction::Resume => {}
            }
        }
    }

    fn finish(mut self, stop: StopReason) -> Trace {
        let end = self.now;
        // Close what is still open: log lines printed so far, waits.
        for p in 0..self.pods.len() {
            for c in 0..self.pods[p].containers.len() {
                self.flush_logs(p, c, end);
            }
        }
        crate::sort::sort_by_key(&mut self.trace.logs, |l| (l.at, l.pod, l.container));
        self.trace.end = end;
        self.trace.stop_reason = stop;
        self.trace.notes = std::mem::take(&mut self.notes).into_iter().collect();
        self.trace
    }

    /// Is the service reachable at `t`, faults included?
    pub fn service_up(&self, key: &str, t: Millis) -> bool {
        let Some(svc) = self.scenario.services.get(key) else {
            return false;
        };
        if let Some(overrides) = self.service_overrides.get(key) {
            if let Some((_, up, _)) = overrides
                .iter()
                .rev()
                .find(|(at, _, until)| *at <= t && until.is_none_or(|u| t < u))
            {
                return *up;
            }
        }
        svc.up_at(t)
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::Decimal;

    #[test]
    fn decimal_is_to_string() {
        for n in [0, 9, 10, -1, -10, 29_456_637, i64::MAX, i64::MIN] {
            assert_eq!(Decimal::new(n).as_str(), n.to_string());
        }
    }
}
