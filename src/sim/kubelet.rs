//! The kubelet: pod phases, container states, init containers and native
//! sidecars, in-place restarts with the CrashLoopBackOff back-off, liveness
//! probes, OOM kills, the pod's own deadline, and graceful termination.

use super::trace::*;
use super::world::{Plan, PlanEnd};
use super::{Cluster, Ev};
use crate::api::{Container, PodSpec, Probe, ProbeHandler, ProbeKind};
use std::rc::Rc;

/// `initialCrashLoopBackOff` (pkg/kubelet/kubelet.go).
pub const INITIAL_CRASH_LOOP_BACKOFF: Millis = 10_000;
/// `MaxContainerBackOff` (pkg/kubelet/kubelet.go): 300 s.
pub const MAX_CONTAINER_BACKOFF: Millis = 300_000;
/// `backOffPeriod` (pkg/kubelet/kubelet.go): a pod worker whose sync
/// failed (a container in CrashLoopBackOff fails it) is requeued after
/// `wait.Jitter(backOffPeriod, workerBackOffPeriodJitterFactor = 0.5)`,
/// 10 to 15 s (`podWorkers.completeWork`).
pub const POD_WORKER_BACK_OFF_PERIOD: Millis = 10_000;
/// The node every pod lands on.
pub const NODE_NAME: &str = "node-1";
/// `minimumGracePeriodInSeconds` (kuberuntime_container.go): killContainer
/// always gives a container this long between SIGTERM and SIGKILL, even
/// with a grace period of 0.
pub const MINIMUM_GRACE_PERIOD_SECONDS: i64 = 2;

/// The kubelet's view of one container.
#[derive(Debug, Clone)]
pub struct ContainerLive {
    pub spec: Rc<Container>,
    pub init: bool,
    pub sidecar: bool,
    /// Bumped whenever the container starts or stops, so timed events of an
    /// older run are ignored.
    pub gen: u64,
    /// Boxed: a finished container keeps only the pointer (a year of a
    /// CronJob keeps half a million of them).
    pub running: Option<Box<Plan>>,
    /// Exited 0 (or stopped for good): not restarted.
    pub done: bool,
    /// Waiting out the restart back-off.
    pub backing_off: bool,
    /// SIGTERM sent; SIGKILL follows at the end of the grace period.
    pub terminating: bool,
    /// The running run is being killed for its liveness probe, to be
    /// restarted by the same SyncPod.
    pub liveness_killed: bool,
    /// What its probe workers remember, once it has a probe that ran
    /// (none for most containers: a year of a CronJob keeps half a
    /// million of them).
    pub prober: Option<Box<ProberMemory>>,
    /// The running run has passed its startup probe (or has none):
    /// Started, and Ready while it runs if `ready` too.
    pub startup_ok: bool,
    /// The readiness probe's result for the running run (true without
    /// one): the readiness results manager's entry.
    pub ready: bool,
    /// A sidecar told to stop, waiting for its turn (since when, with what
    /// grace period in seconds).
    pub awaiting_turn: Option<(Millis, i64)>,
    /// `flowcontrol.Backoff` entry: (current back-off, lastUpdate).
    pub backoff: Option<(Millis, Millis)>,
    /// Log lines of the current run not yet in the trace.
    pub logged_upto: usize,
    /// Scenario program calls of the current run, (time, program): the
    /// plan is computed ahead, so calls after a kill are taken back.
    pub calls: Vec<(Millis, String)>,
}

/// The memory of a container's probe workers (pkg/kubelet/prober
/// `worker`), kept across its restarts.
#[derive(Debug, Clone, Default)]
pub struct ProberMemory {
    /// What each failing exec probe of this run printed, by kind
    /// (liveness, readiness, startup), for its `Unhealthy` event.
    pub probe_output: [String; 3],
    /// The exec liveness probe's failures in a row (the prober worker's
    /// `resultRun`: kept across restarts, reset by a success or a kill).
    pub probe_failures: i32,
    /// The same for the startup probe.
    pub startup_failures: i32,
    /// The readiness worker's `lastResult` (true: success) and
    /// `resultRun`, its results in a row, kept across restarts.
    pub readiness_run: (bool, i32),
    /// The readiness worker has yet to see this run: its first doProbe
    /// sets the initial result (not ready), an update whose pod sync
    /// triggers one more run at once if the container is still not ready.
    pub readiness_fresh: bool,
    /// Each exec probe's last answer, by kind (the startup probe keeps
    /// none): which of the run's file states it ran on (`Plan::files`,
    /// 0 = none changed yet), its output if it failed, and how long it
    /// took. The same files give the same answer, unless the probe reads
    /// the clock (then nothing is kept).
    pub seen: [Option<(usize, Option<String>, Millis)>; 3],
}

impl ContainerLive {
    /// Its probe workers' memory, made when first needed.
    pub fn prober(&mut self) -> &mut ProberMemory {
        self.prober.get_or_insert_with(Default::default)
    }

    /// No probe is on its way to changing anything: no liveness failures
    /// in a row short of a kill, no readiness result short of its
    /// threshold while it differs from Ready.
    pub fn probes_settled(&self) -> bool {
        self.prober.as_ref().is_none_or(|m| {
            m.probe_failures == 0
                && (self.running.is_none()
                    || self.spec.readiness_probe.is_none()
                    || m.readiness_run.0 == self.ready)
        })
    }
}

#[derive(Debug, Clone)]
pub struct PodLive {
    pub job: usize,
    pub spec: Rc<PodSpec>,
    pub phase: Phase,
    pub containers: Vec<ContainerLive>,
    /// Index of the next init container to start.
    pub next_init: usize,
    pub main_started: bool,
    pub started: bool,
    pub deleting: bool,
    /// Counted by the Job controller (its finalizer is gone).
    pub counted: bool,
    /// A failed pod whose failure the Job controller has taken into
    /// account (policy, index failure counts, back-off), though with
    /// backoffLimitPerIndex its finalizer may stay a while (`counted`
    /// false) until its index has a replacement.
    pub failure_seen: bool,
    /// The kubelet is stopping every container to fail the pod (its own
    /// deadline, a failed init container): the phase, with this reason
    /// and message if any, turns Failed once the last one has stopped.
    pub failing: Option<Option<(String, String)>>,
}

impl PodLive {
    /// Nothing runs any more and nothing will.
    pub fn is_stopped(&self) -> bool {
        self.phase.is_terminal() && self.containers.iter().all(|c| c.running.is_none())
    }
    fn regular(&self) -> impl Iterator<Item = &ContainerLive> {
        self.containers.iter().filter(|c| !c.init)
    }
}

impl Cluster {
    /// The scheduler placed the pod and the image is present: start it.
    pub(crate) fn pod_startup(&mut self, p: usize) {
        if self.pods[p].deleting || self.pods[p].phase.is_terminal() {
            return;
        }
        self.pods[p].started = true;
        self.trace.pods[p].started_at = Some(self.now);
        if let Some(ads) = self.pods[p].spec.active_deadline_seconds {
            // pkg/kubelet/active_deadline.go: measured from status.startTime,
            // which the status manager keeps in whole seconds
            // (`normalizeStatus`).
            self.schedule(metav1_time(self.now) + ads * 1000, Ev::PodDeadline(p));
        }
        self.advance_pod(p);
    }

    /// Starts whatever the pod is ready to run next: the next init
    /// container, or all regular containers once init is done.
    fn advance_pod(&mut self, p: usize) {
        loop {
            let pod = &self.pods[p];
            if pod.deleting || pod.phase.is_terminal() {
                return;
            }
            let inits: Vec<usize> = (0..pod.containers.len())
                .filter(|c| pod.containers[*c].init)
                .collect();
            if pod.next_init < inits.len() {
                let c = inits[pod.next_init];
                let cl = &pod.containers[c];
                // A native sidecar has to be started, and to have passed
                // its startup probe if it has one, for the next init
                // container to run (computeInitContainerActions).
                if cl.sidecar && cl.running.is_some() && cl.startup_ok {
                    self.pods[p].next_init += 1;
                    continue;
                }
                if cl.running.is_some() || cl.backing_off {
                    return;
                }
                if cl.sidecar {
                    self.start_container(p, c);
                    continue;
                }
                if cl.done {
                    self.pods[p].next_init += 1;
                    continue;
                }
                self.start_container(p, c);
                return;
            }
            if !pod.main_started {
                self.pods[p].main_started = true;
                for c in 0..self.pods[p].containers.len() {
                    if !self.pods[p].containers[c].init {
                        self.start_container(p, c);
                    }
                }
                // getPhase (pkg/kubelet/kubelet_pods.go) reads the phase off
                // the container statuses: a container that could not start
                // (StartError) under Never has already failed the pod.
                if !self.pods[p].phase.is_terminal() {
                    self.set_phase(p, Phase::Running);
                }
            }
            return;
        }
    }

    pub(crate) fn set_phase(&mut self, p: usize, phase: Phase) {
        if self.pods[p].phase == phase {
            return;
        }
        self.pods[p].phase = phase;
        self.trace.pods[p].phases.push((self.now, phase));
        // updatePod: every pod update reaches the Job controller through
        // enqueueSyncJobBatched (syncJobBatchPeriod, 1 s), so the Job sees
        // a pod finish a second later.
        let job = self.pods[p].job;
        self.enqueue_sync_job_batched(job);
        if phase.is_terminal() {
            for c in 0..self.pods[p].containers.len() {
                self.pods[p].containers[c].backing_off = false;
                if let Some(w) = self.trace.pods[p].containers[c].waits.last_mut() {
                    if w.until.is_none() {
                        w.until = Some(self.now);
                    }
                }
            }
            if self.pods[p].deleting {
                self.trace.pods[p].removed_at = Some(self.now);
            }
        }
    }

    pub(crate) fn start_container(&mut self, p: usize, c: usize) {
        let now = self.now;
        self.plan_calls.clear();
        let plan = self.plan_container(p, c);
        self.pods[p].containers[c].calls = std::mem::take(&mut self.plan_calls);
        // The prober worker's count of failures in a row (resultRun) is
        // the worker's, not the run's: it goes on across a restart unless
        // a liveness kill reset it.
        let cl = &mut self.pods[p].containers[c];
        if let Some(m) = &mut cl.prober {
            m.probe_output = Default::default();
            m.seen = Default::default();
        }
        let spec = self.pods[p].containers[c].spec.clone();
        let (cname, image) = (spec.name.as_str(), spec.image.as_str());
        let first = self.trace.pods[p].containers[c].runs.is_empty();
        // startContainer calls EnsureImageExists on every start, restarts
        // included: the image is present, so "Pulled" each time (the event
        // recorder aggregates the repeats: "(x3 over 40s)").
        self.container_event(
            p,
            c,
            "Normal",
            "Pulled",
            // Go's %q; plain names need no escaping, so no formatter.
            if image
                .bytes()
                .all(|b| b == b' ' || (b.is_ascii_graphic() && b != b'"' && b != b'\\'))
            {
                super::concat(&["Container image \"", image, "\" already present on machine"])
            } else {
                format!(
                    "Container image {} already present on machine",
                    crate::quote::quote(image)
                )
            },
        );
        // Close a back-off wait.
        if let Some(w) = self.trace.pods[p].containers[c].waits.last_mut() {
            if w.until.is_none() {
                w.until = Some(now);
            }
        }
        let cl = &mut self.pods[p].containers[c];
        cl.gen += 1;
        cl.backing_off = false;
        cl.terminating = false;
        cl.logged_upto = 0;
        let gen = cl.gen;
        // startContainer: the container is created ("Created") before the
        // runtime is asked to start it, so a start error follows it.
        self.container_event(
            p,
            c,
            "Normal",
            "Created",
            super::concat(&["Created container: ", cname]),
        );
        if let PlanEnd::StartError { message } = &plan.end {
            // The runtime could not start the process: containerd reports
            // StartError with exit code 128 and a Warning Failed event.
            let message = message.clone();
            self.container_event(p, c, "Warning", "Failed", format!("Error: {message}"));
            self.trace.pods[p].containers[c].runs.push(ContainerRun {
                started_at: now,
                started_probe: None,
                readiness: None,
                finished_at: Some(now),
                exit_code: Some(128),
                reason: Some("StartError".into()),
                signal: None,
                message: Some(message),
            });
            self.after_container_stopped(p, c, 128);
            return;
        }
        self.container_event(
            p,
            c,
            "Normal",
            "Started",
            super::concat(&["Started container ", cname]),
        );
        let startup = self.pods[p].containers[c].spec.startup_probe.clone();
        // A new container starts not ready if it has a readiness probe
        // (the worker's initialValue, results.Failure).
        let readiness = self.pods[p].containers[c].spec.readiness_probe.is_some();
        let cl = &mut self.pods[p].containers[c];
        cl.startup_ok = startup.is_none();
        cl.ready = !readiness;
        // With a startup probe or an initial delay, the worker sees the new
        // run (and its sync's trigger is skipped) before its first probe.
        let fresh = startup.is_none()
            && cl
                .spec
                .readiness_probe
                .as_ref()
                .is_some_and(|r| r.initial_delay_seconds <= 0);
        if fresh {
            cl.prober().readiness_fresh = true;
        }
        self.trace.pods[p].containers[c].runs.push(ContainerRun {
            started_at: now,
            started_probe: startup.is_none().then_some(now),
            readiness: readiness.then(Vec::new),
            finished_at: None,
            exit_code: None,
            reason: None,
            signal: None,
            message: None,
        });
        match plan.end {
            PlanEnd::Exit { at, .. } | PlanEnd::Oom { at } => {
                self.schedule(at, Ev::ContainerEnd { pod: p, c, gen })
            }
            PlanEnd::Never | PlanEnd::StartError { .. } => {}
        }
        self.pods[p].containers[c].running = Some(Box::new(plan));
        // A startup probe holds the liveness probe off until it passes
        // (worker.doProbe skips a container not yet Started).
        match startup {
            Some(probe) => {
                let at = self.next_probe(p, &probe, now, now, now);
                self.schedule(at, Ev::StartupProbe { pod: p, c, gen });
            }
            None => {
                self.start_liveness(p, c, gen, now, now);
                self.start_readiness(p, c, gen, now, now);
            }
        }
        if !first {
            // restartCount changed: the pod is updated (updatePod, batched).
            let job = self.pods[p].job;
            self.enqueue_sync_job_batched(job);
        }
    }

    /// The liveness probe's beats for the running container, which
    /// started at `started`, from after `after` on.
    fn start_liveness(&mut self, p: usize, c: usize, gen: u64, started: Millis, after: Millis) {
        let Some(probe) = self.pods[p].containers[c].spec.liveness_probe.clone() else {
            return;
        };
        let Some(plan) = self.pods[p].containers[c].running.as_ref() else {
            return;
        };
        let (unhealthy_at, from_scenario) = (plan.unhealthy_at, plan.health_from_scenario);
        if let Some(unhealthy) = unhealthy_at {
            // The scenario says when the probe starts failing: the first
            // tick from then fails, and so does each one after it. The
            // container is killed at the failureThreshold-th failure in a
            // row.
            let period = i64::from(probe.period_seconds.max(1)) * 1000;
            let first_fail = self.next_probe(p, &probe, unhealthy, started, after);
            let kill_at = first_fail + i64::from(probe.failure_threshold.max(1) - 1) * period;
            // Each failed probe is an Unhealthy event when it happens; the
            // last one kills.
            let mut at = first_fail;
            while at < kill_at {
                let ev = Ev::ProbeFailed {
                    pod: p,
                    c,
                    gen,
                    kind: ProbeKind::Liveness,
                };
                self.schedule(at, ev);
                at += period;
            }
            let ev = Ev::LivenessKill {
                pod: p,
                c,
                gen,
                kind: ProbeKind::Liveness,
            };
            self.schedule(kill_at, ev);
        } else if matches!(probe.handler, crate::api::ProbeHandler::Exec(_)) && !from_scenario {
            // An exec probe the scenario does not decide runs in the
            // container at each of the worker's ticks, and sees its files
            // as the script left them then.
            let at = self.next_probe(p, &probe, after, started, after);
            self.schedule(at, Ev::LivenessProbe { pod: p, c, gen });
        }
    }

    /// A beat of the startup probe (worker.doProbe, probeType startup):
    /// an exec probe runs in the container; an HTTP, TCP or gRPC one is
    /// taken to be answered (the scenario plays no server). Its first
    /// success starts the liveness probe; failureThreshold failures in a
    /// row kill the container as a liveness failure does.
    pub(crate) fn startup_probe(&mut self, p: usize, c: usize, gen: u64) {
        let Some(probe) = self.live_probe(p, c, gen, ProbeKind::Startup) else {
            return;
        };
        let now = self.now;
        let from_scenario = self.pods[p].containers[c]
            .running
            .as_ref()
            .is_some_and(|plan| plan.health_from_scenario);
        // The scenario decides a played container's health: its startup
        // probe passes, as an HTTP, TCP or gRPC one does.
        let exec = matches!(probe.handler, crate::api::ProbeHandler::Exec(_));
        let (failed, took) = if exec && !from_scenario {
            let files = self.files_at(p, c, now).1;
            let (failed, _, took) = self.exec_probe(p, c, files, ProbeKind::Startup);
            (failed, took)
        } else {
            (None, 0)
        };
        let period = i64::from(probe.period_seconds.max(1)) * 1000;
        let cl = &mut self.pods[p].containers[c];
        match failed {
            None => {
                if let Some(m) = cl.prober.as_deref_mut() {
                    m.startup_failures = 0;
                }
                cl.startup_ok = true;
                let sidecar = cl.init && cl.sidecar;
                let run = self.trace.pods[p].containers[c].runs.last_mut();
                let started = run.map_or(now, |r| {
                    r.started_probe = Some(now + took);
                    r.started_at
                });
                // The liveness worker's first beat after this answer, and
                // the readiness probe's.
                self.start_liveness(p, c, gen, started, now + took);
                self.start_readiness(p, c, gen, started, now + took);
                // Started and Ready: a pod update, and a sidecar lets the
                // next init container run (computeInitContainerActions).
                let job = self.pods[p].job;
                self.enqueue_sync_job_batched(job);
                if sidecar {
                    self.advance_pod(p);
                }
            }
            Some(output) => {
                if self.probe_failed(p, c, gen, ProbeKind::Startup, output, took) {
                    return;
                }
                let next = (now + period).max(now + took);
                self.schedule(next, Ev::StartupProbe { pod: p, c, gen });
            }
        }
    }

    /// The readiness worker's first run for a container Started at
    /// `after` (its start, or its startup probe's answer), which started
    /// at `started`. UpdatePodStatus finds it Started and not ready and
    /// triggers a run at once (prober_manager.go, `manualTriggerCh`);
    /// doProbe skips it within initialDelaySeconds, and then the worker's
    /// ticks carry on.
    fn start_readiness(&mut self, p: usize, c: usize, gen: u64, started: Millis, after: Millis) {
        let Some(probe) = self.pods[p].containers[c].spec.readiness_probe.clone() else {
            return;
        };
        let delay = i64::from(probe.initial_delay_seconds.max(0)) * 1000;
        let at = if after >= metav1_time(started) + delay {
            after
        } else {
            self.next_probe(p, &probe, after, started, after)
        };
        self.readiness_beat(at, p, c, gen, true);
    }

    /// A beat of the readiness probe (worker.doProbe, probeType
    /// readiness). An exec probe runs in the container, as the liveness
    /// probe does; an HTTP, TCP or gRPC one, or a played container's, is
    /// taken to pass. successThreshold results in a row make the
    /// container ready, failureThreshold make it not ready (resultRun);
    /// each failure is an `Unhealthy` event. It restarts nothing. When
    /// the run leaves the container not ready just after a result was set
    /// (the worker's first sight of the run, or ready turning to not
    /// ready), the update's pod sync triggers one more run at once
    /// (kubelet.go handleProbeSync, then UpdatePodStatus). The other
    /// syncs' triggers (the pod worker's resync every 60 to 90 s) are
    /// left out.
    pub(crate) fn readiness_probe(&mut self, p: usize, c: usize, gen: u64, tick: bool) {
        let Some(probe) = self.live_probe(p, c, gen, ProbeKind::Readiness) else {
            return;
        };
        let now = self.now;
        let cl = &self.pods[p].containers[c];
        let played = cl
            .running
            .as_ref()
            .is_some_and(|plan| plan.health_from_scenario);
        let started = self.trace.pods[p].containers[c]
            .runs
            .last()
            .map_or(now, |r| r.started_at);
        let (failed, read_clock, took, last_state) =
            if matches!(probe.handler, ProbeHandler::Exec(_)) && !played {
                self.memo_exec_probe(p, c, ProbeKind::Readiness)
            } else {
                (None, false, 0, true)
            };
        let passed = failed.is_none();
        let cl = &mut self.pods[p].containers[c];
        let ready = cl.ready;
        let m = cl.prober();
        m.readiness_run = match m.readiness_run {
            (last, run) if last == passed => (passed, run.saturating_add(1)),
            _ => (passed, 1),
        };
        let threshold = if passed {
            probe.success_threshold
        } else {
            probe.failure_threshold
        };
        let settled = m.readiness_run.1 >= threshold.max(1);
        let change = settled && ready != passed;
        let fresh = std::mem::take(&mut m.readiness_fresh);
        let unready_after = if change { !passed } else { !ready };
        let triggered = unready_after && (fresh || (change && !passed));
        // prober.probe records the event, then the worker sets the result;
        // both when the probe's command ends. A change lands before the
        // next beat, which is no earlier.
        if let Some(output) = failed {
            m.probe_output[ProbeKind::Readiness as usize] = output;
            let ev = Ev::ProbeFailed {
                pod: p,
                c,
                gen,
                kind: ProbeKind::Readiness,
            };
            self.schedule(now + took, ev);
        }
        if change {
            let ev = Ev::ReadinessSet {
                pod: p,
                c,
                gen,
                ready: passed,
            };
            self.schedule(now + took, ev);
        }
        if triggered {
            self.readiness_beat(now + took, p, c, gen, false);
        }
        if !tick || (passed && settled && last_state && !read_clock) {
            // A triggered run leaves the ticks to the worker's loop; and a
            // ready container, on files that will not change, with an
            // answer that does not depend on the time, stays so.
            return;
        }
        let next = self
            .next_probe(p, &probe, now, started, now)
            .max(now + took);
        self.readiness_beat(next, p, c, gen, true);
    }

    /// A run of the readiness probe at `at`: a tick of its worker, or one
    /// triggered by a pod sync.
    fn readiness_beat(&mut self, at: Millis, p: usize, c: usize, gen: u64, tick: bool) {
        let ev = Ev::ReadinessProbe {
            pod: p,
            c,
            gen,
            tick,
        };
        self.schedule(at, ev);
    }

    /// The readiness result changed: the container is ready or no longer,
    /// and the pod's update reaches the Job controller (updatePod).
    pub(crate) fn readiness_set(&mut self, p: usize, c: usize, gen: u64, ready: bool) {
        if !self.run_is_live(p, c, gen, ProbeKind::Readiness) {
            return;
        }
        self.pods[p].containers[c].ready = ready;
        let now = self.now;
        if let Some(changes) = self.trace.pods[p].containers[c]
            .runs
            .last_mut()
            .and_then(|r| r.readiness.as_mut())
        {
            changes.push((now, ready));
        }
        let job = self.pods[p].job;
        self.enqueue_sync_job_batched(job);
    }

    /// An exec probe failed now, printing `output`, and answers `took`
    /// later: one more failure in a row; at the failureThreshold-th the
    /// kill (true), after which the worker holds until the next run,
    /// counting afresh; else an `Unhealthy` event.
    fn probe_failed(
        &mut self,
        p: usize,
        c: usize,
        gen: u64,
        kind: ProbeKind,
        output: String,
        took: Millis,
    ) -> bool {
        let threshold = self.pods[p].containers[c]
            .spec
            .probe(kind)
            .map_or(3, |probe| probe.failure_threshold.max(1));
        let m = self.pods[p].containers[c].prober();
        m.probe_output[kind as usize] = output;
        let failures = if kind == ProbeKind::Startup {
            &mut m.startup_failures
        } else {
            &mut m.probe_failures
        };
        *failures += 1;
        let kill = *failures >= threshold;
        if kill {
            *failures = 0;
        }
        let (pod, at) = (p, self.now + took);
        self.schedule(
            at,
            if kill {
                Ev::LivenessKill { pod, c, gen, kind }
            } else {
                Ev::ProbeFailed { pod, c, gen, kind }
            },
        );
        kill
    }

    /// Which of the running plan's file states holds at `t` (0: none kept
    /// yet), that state, and whether it is the last one.
    fn files_at(
        &self,
        p: usize,
        c: usize,
        t: Millis,
    ) -> (usize, Option<Rc<super::shell::Files>>, bool) {
        let plan = self.pods[p].containers[c].running.as_ref();
        let states = plan.map_or(&[][..], |plan| &plan.files[..]);
        let state = states.partition_point(|(at, _)| *at <= t);
        let files = state.checked_sub(1).map(|i| states[i].1.clone());
        (state, files, state == states.len())
    }

    pub(crate) fn start_container_event(&mut self, p: usize, c: usize, gen: u64) {
        let cl = &self.pods[p].containers[c];
        if cl.gen != gen
            || !cl.backing_off
            || self.pods[p].deleting
            || self.pods[p].failing.is_some()
            || self.pods[p].phase.is_terminal()
        {
            return;
        }
        self.start_container(p, c);
    }

    /// Moves log lines printed up to `t` from the plan into the trace.
    pub(crate) fn flush_logs(&mut self, p: usize, c: usize, t: Millis) {
        let restart = self.trace.pods[p].containers[c]
            .runs
            .len()
            .saturating_sub(1) as u32;
        let cl = &mut self.pods[p].containers[c];
        let Some(plan) = &mut cl.running else { return };
        let mut i = cl.logged_upto;
        while i < plan.lines.len() && plan.lines[i].0 <= t {
            // The plan never reads a line again once it is logged.
            let (at, stderr) = (plan.lines[i].0, plan.lines[i].1);
            let text = std::mem::take(&mut plan.lines[i].2);
            self.trace.logs.push(LogLine {
                at,
                pod: p,
                container: c,
                restart,
                stderr,
                text,
            });
            i += 1;
        }
        cl.logged_upto = i;
    }

    /// Ends the current run of a container now.
    fn end_run(
        &mut self,
        p: usize,
        c: usize,
        exit_code: i32,
        reason: impl Into<Text>,
        signal: Option<i32>,
        message: Option<String>,
    ) {
        let now = self.now;
        self.flush_logs(p, c, now);
        // Calls the plan made after this moment never happened.
        let job = self.pods[p].job;
        for (at, name) in std::mem::take(&mut self.pods[p].containers[c].calls) {
            if at > now {
                if let Some(k) = self.program_calls.get_mut(&(job, name)) {
                    *k = k.saturating_sub(1);
                }
            }
        }
        let cl = &mut self.pods[p].containers[c];
        cl.running = None;
        cl.terminating = false;
        cl.awaiting_turn = None;
        cl.gen += 1;
        if let Some(run) = self.trace.pods[p].containers[c].runs.last_mut() {
            run.finished_at = Some(now);
            run.exit_code = Some(exit_code);
            run.reason = Some(reason.into());
            run.signal = signal;
            run.message = message;
        }
        self.after_container_stopped(p, c, exit_code);
        if self.pods[p]
            .containers
            .iter()
            .any(|o| o.awaiting_turn.is_some())
        {
            self.sidecar_turns(p);
        }
    }

    pub(crate) fn container_end_event(&mut self, p: usize, c: usize, gen: u64) {
        let cl = &self.pods[p].containers[c];
        if cl.gen != gen {
            return;
        }
        let Some(plan) = &cl.running else { return };
        match plan.end.clone() {
            PlanEnd::Exit {
                code,
                reason,
                message,
                ..
            } => {
                let reason: Text = match reason {
                    Some(r) => r.into(),
                    None if code == 0 => "Completed".into(),
                    None => "Error".into(),
                };
                self.end_run(p, c, code, reason, None, message);
            }
            PlanEnd::Oom { .. } => self.end_run(p, c, 137, "OOMKilled", None, None),
            _ => {}
        }
    }

    /// SIGTERM a running container (killContainer → the runtime's
    /// StopContainer): a process that handles it ends with 143; one that
    /// ignores it (a PID-1 shell without a trap) is killed with SIGKILL
    /// (137) when the grace period is over, at least
    /// minimumGracePeriodInSeconds later.
    pub(crate) fn sigterm(&mut self, p: usize, c: usize, grace_seconds: i64) {
        let cl = &self.pods[p].containers[c];
        let Some(plan) = &cl.running else { return };
        if cl.terminating {
            return;
        }
        let gen = cl.gen;
        if plan.handles_sigterm_at(self.now) {
            self.end_run(p, c, 143, "Error", Some(15), None);
            return;
        }
        let grace = grace_seconds.max(MINIMUM_GRACE_PERIOD_SECONDS);
        self.pods[p].containers[c].terminating = true;
        let at = self.now.saturating_add(grace.saturating_mul(1000));
        self.schedule(at, Ev::Sigkill { pod: p, c, gen });
    }

    pub(crate) fn sigkill(&mut self, p: usize, c: usize, gen: u64) {
        if self.pods[p].containers[c].gen != gen || self.pods[p].containers[c].running.is_none() {
            return;
        }
        self.end_run(p, c, 137, "Error", Some(9), None);
    }

    /// The first tick of the pod's prober worker after `after`, not before
    /// `from`, for a container that started at `started`. The worker starts
    /// with the pod and probes at once, then every periodSeconds on one
    /// ticker it keeps across restarts (worker.run). doProbe skips a
    /// container not running yet (the first probe comes before the
    /// container has started) and one within initialDelaySeconds of its
    /// start, which it reads from the status manager's copy of the pod
    /// status, in whole seconds (`normalizeStatus`), and compares in whole
    /// seconds (`int32(time.Since(startedAt).Seconds())`): a container
    /// started at 1.5 s with a 5 s delay is probed from 6 s on.
    pub(crate) fn next_probe(
        &self,
        p: usize,
        probe: &crate::api::Probe,
        from: Millis,
        started: Millis,
        after: Millis,
    ) -> Millis {
        let now = after;
        let period = i64::from(probe.period_seconds.max(1)) * 1000;
        let anchor = self.trace.pods[p].started_at.unwrap_or(now).min(now);
        let delay = i64::from(probe.initial_delay_seconds.max(0)) * 1000;
        let from = from.max(metav1_time(started) + delay);
        let mut k = (from - anchor + period - 1).div_euclid(period);
        if anchor + k * period <= now {
            k = (now - anchor).div_euclid(period) + 1;
        }
        anchor + k * period
    }

    /// A tick of an exec liveness probe the scenario does not decide
    /// (worker.doProbe): run it; a success clears the failures in a row, a
    /// failure is an `Unhealthy` event, and the failureThreshold-th in a
    /// row kills the container (`liveness_kill`, after which the worker
    /// waits for the next run: `onHold`).
    pub(crate) fn liveness_probe(&mut self, p: usize, c: usize, gen: u64) {
        let Some(probe) = self.live_probe(p, c, gen, ProbeKind::Liveness) else {
            return;
        };
        let now = self.now;
        let (failed, read_clock, took, last_state) =
            self.memo_exec_probe(p, c, ProbeKind::Liveness);
        // The result comes when the probe's command ends (at most its
        // timeoutSeconds later). The worker's ticker keeps one tick that
        // fell meanwhile (Go's time.Ticker), so a slow probe runs again as
        // soon as it returns.
        let period = i64::from(probe.period_seconds.max(1)) * 1000;
        let next = (now + period).max(now + took);
        let cl = &mut self.pods[p].containers[c];
        match failed {
            None => {
                cl.prober().probe_failures = 0;
                // The files will not change again, and the probe does not
                // ask the time: neither will its answer.
                if last_state && !read_clock {
                    return;
                }
            }
            Some(output) => {
                if self.probe_failed(p, c, gen, ProbeKind::Liveness, output, took) {
                    return;
                }
            }
        }
        self.schedule(next, Ev::LivenessProbe { pod: p, c, gen });
    }

    /// A failed probe (a liveness or startup one before its threshold):
    /// the prober's Warning `Unhealthy` event, at the probe's own time.
    pub(crate) fn probe_failed_event(&mut self, p: usize, c: usize, gen: u64, kind: ProbeKind) {
        if self.run_is_live(p, c, gen, kind) {
            self.unhealthy_event(p, c, kind);
        }
    }

    /// The run a probe event of that kind was scheduled for is still the
    /// running one. Once it is being stopped only its readiness probe goes
    /// on (doProbe skips liveness and startup probes of a pod being
    /// deleted, and a liveness kill holds the worker).
    fn run_is_live(&self, p: usize, c: usize, gen: u64, kind: ProbeKind) -> bool {
        let cl = &self.pods[p].containers[c];
        cl.gen == gen && cl.running.is_some() && (kind == ProbeKind::Readiness || !cl.terminating)
    }

    /// The container's probe of that kind, if the run its event was
    /// scheduled for still runs (`run_is_live`).
    fn live_probe(&self, p: usize, c: usize, gen: u64, kind: ProbeKind) -> Option<Probe> {
        let live = self.run_is_live(p, c, gen, kind);
        live.then(|| self.pods[p].containers[c].spec.probe(kind).cloned())
            .flatten()
    }

    /// An exec probe's answer now, on the container's files as its script
    /// left them: the last answer if it ran on the same file state and did
    /// not read the clock, else a fresh run (`exec_probe`); then whether
    /// that state is the run's last.
    fn memo_exec_probe(
        &mut self,
        p: usize,
        c: usize,
        kind: ProbeKind,
    ) -> (Option<String>, bool, Millis, bool) {
        let (state, files, last_state) = self.files_at(p, c, self.now);
        let prober = self.pods[p].containers[c].prober.as_ref();
        if let Some((_, failed, took)) = prober
            .and_then(|m| m.seen[kind as usize].as_ref())
            .filter(|(seen, ..)| *seen == state)
        {
            return (failed.clone(), false, *took, last_state);
        }
        let (failed, read_clock, took) = self.exec_probe(p, c, files, kind);
        self.pods[p].containers[c].prober().seen[kind as usize] =
            (!read_clock).then(|| (state, failed.clone(), took));
        (failed, read_clock, took, last_state)
    }

    /// `Liveness probe failed: …`, recorded by `prober.probe` (prober.go)
    /// with the output `runProbeWithRetries` returned.
    fn unhealthy_event(&mut self, p: usize, c: usize, kind: ProbeKind) {
        let spec = &self.pods[p].containers[c].spec;
        let probe = spec.probe(kind).cloned().unwrap_or_default();
        let detail = match &probe.handler {
            crate::api::ProbeHandler::HttpGet { path, port } => format!(
                "Get \"http://{}:{port}{path}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                self.trace.pods[p].ip
            ),
            crate::api::ProbeHandler::TcpSocket { port } => format!(
                "dial tcp {}:{port}: connect: connection refused",
                self.trace.pods[p].ip
            ),
            crate::api::ProbeHandler::Exec(_) => {
                let prober = self.pods[p].containers[c].prober.as_ref();
                prober.map(|m| m.probe_output[kind as usize].clone()).unwrap_or_default()
            }
            crate::api::ProbeHandler::None | crate::api::ProbeHandler::Grpc { .. } => String::new(),
        };
        // prober.probe: "%s probe failed: %s" with the probe's output as
        // it is (an exec probe's ends with its newline).
        self.container_event(
            p,
            c,
            "Warning",
            "Unhealthy",
            format!("{} probe failed: {detail}", kind.word()),
        );
    }

    /// The liveness (or startup) probe failed `failureThreshold` times in a
    /// row: this last failure, then the kill.
    pub(crate) fn liveness_kill(&mut self, p: usize, c: usize, gen: u64, kind: ProbeKind) {
        if !self.run_is_live(p, c, gen, kind) {
            return;
        }
        let cname = self.pods[p].containers[c].spec.name.clone();
        self.unhealthy_event(p, c, kind);
        let kind_word = if kind == ProbeKind::Startup {
            "startup"
        } else {
            "liveness"
        };
        // computePodActions (kuberuntime_manager.go): the killed container
        // is restarted unless the policy is Never; with nothing left to keep
        // running or start, the whole pod is killed instead (KillPod), and
        // killContainer then words it "Stopping container X". A sidecar is
        // restarted whatever the policy (computeInitContainerActions).
        let sidecar = self.pods[p].containers[c].sidecar;
        let restarts = sidecar || self.pods[p].spec.restart_policy() != "Never";
        let others_keep_running =
            self.pods[p].containers.iter().enumerate().any(|(k, o)| {
                k != c && !o.init && !o.sidecar && o.running.is_some() && !o.terminating
            });
        let msg = if sidecar {
            format!("Init container {cname} failed {kind_word} probe")
        } else if restarts {
            format!("Container {cname} failed {kind_word} probe, will be restarted")
        } else if others_keep_running {
            format!("Container {cname} failed {kind_word} probe")
        } else {
            format!("Stopping container {cname}")
        };
        self.container_event(p, c, "Normal", "Killing", msg);
        // setTerminationGracePeriod: a liveness or startup kill uses the
        // probe's own terminationGracePeriodSeconds when it is set, else
        // the pod's.
        let grace = self.pods[p].containers[c]
            .spec
            .probe(kind)
            .and_then(|probe| probe.termination_grace_period_seconds)
            .unwrap_or_else(|| self.pods[p].spec.grace_period_seconds());
        self.pods[p].containers[c].liveness_killed = restarts;
        self.sigterm(p, c, grace);
    }

    /// The pod's own `activeDeadlineSeconds` (pkg/kubelet/active_deadline.go).
    pub(crate) fn pod_deadline(&mut self, p: usize) {
        if self.pods[p].phase.is_terminal() || self.pods[p].failing.is_some() {
            return;
        }
        let pod_name = self.trace.pods[p].name.clone();
        let msg = "Pod was active on the node longer than the specified deadline".to_string();
        self.event(
            "Pod",
            &pod_name,
            "Normal",
            "DeadlineExceeded",
            msg.clone(),
            "kubelet",
        );
        self.fail_pod(p, Some(("DeadlineExceeded".into(), msg)));
    }

    /// Stops every container and fails the pod once they have stopped:
    /// mergePodStatus (status_manager.go) holds a terminal phase back, its
    /// reason and message too, while containers could still be running, so
    /// the pod stays Running through the grace period.
    fn fail_pod(&mut self, p: usize, reason: Option<(String, String)>) {
        self.pods[p].failing = Some(reason);
        self.stop_all_containers(p);
        self.failed_once_stopped(p);
    }

    /// The pod being failed has no container running any more.
    fn failed_once_stopped(&mut self, p: usize) {
        if self.pods[p].containers.iter().any(|c| c.running.is_some()) {
            return;
        }
        let Some(reason) = self.pods[p].failing.take() else {
            return;
        };
        if let Some((reason, message)) = reason {
            self.trace.pods[p].reason = Some((self.now, reason, message));
        }
        self.set_phase(p, Phase::Failed);
    }

    /// Stops every running container (SIGTERM, then SIGKILL), for the
    /// pod's termination: the pod worker passes a grace period of at least
    /// 1 s (calculateEffectiveGracePeriod: "we always supply a grace period
    /// of 1"), so sidecars wait their turn even with 0.
    pub(crate) fn stop_all_containers(&mut self, p: usize) {
        let grace = self.trace.pods[p].deletion_grace_seconds.max(1);
        self.kill_running_containers(p, grace);
    }

    /// killContainersWithSyncResult: a Killing event for every running
    /// container at once ("Stopping container X"), SIGTERM to all but the
    /// sidecars, which stop in turn (newTerminationOrdering): each waits
    /// until every main container and the sidecar declared after it have
    /// stopped, or the grace period is over, and has only what is left of
    /// the grace period (waitForTurn). With no grace period, nobody waits.
    fn kill_running_containers(&mut self, p: usize, grace: i64) {
        let now = self.now;
        let mut waiting = false;
        for c in 0..self.pods[p].containers.len() {
            let cl = &mut self.pods[p].containers[c];
            cl.backing_off = false;
            if cl.running.is_none() || cl.terminating || cl.awaiting_turn.is_some() {
                continue;
            }
            let (sidecar, cname) = (cl.sidecar, cl.spec.name.clone());
            self.container_event(
                p,
                c,
                "Normal",
                "Killing",
                format!("Stopping container {cname}"),
            );
            if sidecar && grace > 0 {
                self.pods[p].containers[c].awaiting_turn = Some((now, grace));
                waiting = true;
            } else {
                self.sigterm(p, c, grace);
            }
        }
        if waiting {
            self.schedule(
                now.saturating_add(grace.saturating_mul(1000)),
                Ev::SidecarTurn(p),
            );
            self.sidecar_turns(p);
        }
    }

    /// Signals the sidecars whose turn has come, the last declared first.
    pub(crate) fn sidecar_turns(&mut self, p: usize) {
        let n = self.pods[p].containers.len();
        for c in (0..n).rev() {
            let Some((since, grace)) = self.pods[p].containers[c].awaiting_turn else {
                continue;
            };
            let pod = &self.pods[p];
            let mains_stopped = pod.containers.iter().all(|o| o.init || o.running.is_none());
            let later_stopped = (c + 1..n)
                .find(|&k| pod.containers[k].sidecar)
                .is_none_or(|k| pod.containers[k].running.is_none());
            let waited = self.now - since;
            if (mains_stopped && later_stopped) || waited >= grace.saturating_mul(1000) {
                self.pods[p].containers[c].awaiting_turn = None;
                // The time waited comes off the grace period, in whole
                // seconds cut down.
                self.sigterm(p, c, grace - waited / 1000);
            }
        }
    }

    /// `killPod` fault: SIGKILL every container now, as the OOM killer or
    /// `kill -9` would; the kubelet then restarts per restartPolicy.
    pub(crate) fn kill_pod_sigkill(&mut self, p: usize) {
        for c in 0..self.pods[p].containers.len() {
            if self.pods[p].containers[c].running.is_some() {
                self.end_run(p, c, 137, "Error", Some(9), None);
            }
        }
    }

    /// Graceful deletion (`kubectl delete pod`, the Job controller, an
    /// eviction): deletionTimestamp now, SIGTERM, SIGKILL after the grace
    /// period, phase Failed unless it had succeeded.
    pub(crate) fn delete_pod(&mut self, p: usize, grace: Option<i64>) {
        if self.pods[p].deleting || self.trace.pods[p].removed_at.is_some() {
            return;
        }
        let grace = grace.unwrap_or_else(|| self.pods[p].spec.grace_period_seconds());
        self.pods[p].deleting = true;
        self.trace.pods[p].deletion_at = Some(self.now);
        self.trace.pods[p].deletion_grace_seconds = grace;
        // The deletionTimestamp update goes through updatePod → deletePod,
        // which enqueues the Job batched.
        let job = self.pods[p].job;
        self.enqueue_sync_job_batched(job);
        if self.pods[p].phase.is_terminal() {
            self.trace.pods[p].removed_at = Some(self.now);
            return;
        }
        if !self.pods[p].started || self.pods[p].containers.iter().all(|c| c.running.is_none()) {
            self.set_phase(p, Phase::Failed);
            self.trace.pods[p].removed_at = Some(self.now);
            return;
        }
        self.stop_all_containers(p);
    }

    /// `evictPod` fault: the eviction API adds DisruptionTarget, then
    /// deletes the pod gracefully.
    pub(crate) fn evict_pod(&mut self, p: usize) {
        if self.pods[p].deleting || self.pods[p].phase.is_terminal() {
            return;
        }
        self.trace.pods[p].conditions.push(PodCondition {
            type_: "DisruptionTarget".into(),
            status: "True".into(),
            reason: "EvictionByEvictionAPI".into(),
            message: "Eviction API: evicting".into(),
            at: self.now,
        });
        self.delete_pod(p, None);
    }

    /// What the kubelet does once a container is no longer running.
    fn after_container_stopped(&mut self, p: usize, c: usize, exit_code: i32) {
        let pod = &self.pods[p];
        if pod.deleting || pod.failing.is_some() || pod.phase.is_terminal() {
            self.pods[p].containers[c].done = true;
            if self.pods[p].containers.iter().all(|c| c.running.is_none()) {
                if self.pods[p].failing.is_some() {
                    self.failed_once_stopped(p);
                } else if !self.pods[p].phase.is_terminal() {
                    let phase = if self.regular_all_succeeded(p) {
                        Phase::Succeeded
                    } else {
                        Phase::Failed
                    };
                    self.set_phase(p, phase);
                }
                if self.pods[p].deleting {
                    self.trace.pods[p].removed_at.get_or_insert(self.now);
                }
            }
            return;
        }
        let (is_init, is_sidecar) = (pod.containers[c].init, pod.containers[c].sidecar);
        let regular_done = pod.regular().all(|r| r.done);
        let on_failure = pod.spec.restart_policy() == "OnFailure";
        if is_sidecar {
            // Sidecars are always restarted while the pod runs.
            if regular_done {
                self.pods[p].containers[c].done = true;
                self.maybe_pod_finished(p);
            } else {
                self.restart_or_back_off(p, c);
            }
            return;
        }
        let restart = exit_code != 0 && on_failure;
        if restart {
            self.restart_or_back_off(p, c);
            return;
        }
        self.pods[p].containers[c].done = true;
        if is_init {
            if exit_code == 0 {
                self.advance_pod(p);
            } else {
                // An init container failed under Never: the pod fails
                // (once any sidecar started before it has stopped).
                self.fail_pod(p, None);
            }
            return;
        }
        self.maybe_pod_finished(p);
    }

    fn regular_all_succeeded(&self, p: usize) -> bool {
        let pod = &self.trace.pods[p];
        self.pods[p]
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.init)
            .all(|(i, _)| {
                pod.containers[i]
                    .runs
                    .last()
                    .is_some_and(|r| r.exit_code == Some(0))
            })
    }

    /// All regular containers are done: stop the sidecars (in reverse
    /// order), then the pod's phase is final.
    fn maybe_pod_finished(&mut self, p: usize) {
        if !self.pods[p].regular().all(|c| c.done) {
            return;
        }
        let sidecars_running = self.pods[p]
            .containers
            .iter()
            .any(|c| c.sidecar && c.running.is_some());
        if sidecars_running {
            // computePodActions kills the pod (KillPod): the sidecars stop
            // in turn, the last declared first.
            let grace = self.pods[p].spec.grace_period_seconds();
            self.kill_running_containers(p, grace);
            if self.pods[p].containers.iter().any(|c| c.running.is_some()) {
                return;
            }
        }
        let phase = if self.regular_all_succeeded(p) {
            Phase::Succeeded
        } else {
            Phase::Failed
        };
        self.set_phase(p, phase);
    }

    /// `doBackOff` (pkg/kubelet/kuberuntime/kuberuntime_manager.go) with
    /// `flowcontrol.Backoff`: the first restart is immediate; later ones
    /// wait the current delay from the exited container's finishedAt, and
    /// the delay doubles up to 300 s. An entry older than twice the cap is
    /// forgotten (`hasExpired`), so a container that ran ten minutes
    /// restarts at once again. The scenario's `timing.containerRestart` is
    /// added to every in-place restart.
    ///
    /// Nothing wakes the kubelet when a back-off ends: the failed sync
    /// requeues the pod worker 10 to 15 s later (`completeWork`), and each
    /// sync still inside the back-off says `BackOff` again. The restart
    /// comes at the first sync after the back-off, so a 20 s back-off
    /// restarts after 20 to 30 s, as `kubectl get pods -w` shows.
    fn restart_or_back_off(&mut self, p: usize, c: usize) {
        let mut finished = self.last_finished(p, c);
        if std::mem::take(&mut self.pods[p].containers[c].liveness_killed) {
            // SyncPod kills an unhealthy container and starts it again in
            // one pass, and doBackOff reads the pod status that pass began
            // with, where the killed run was still running: the exited run
            // it finds is the one before. After a first run there is none:
            // no back-off, and Backoff.Next is not called either.
            let runs = &self.trace.pods[p].containers[c].runs;
            match runs.len().checked_sub(2).and_then(|k| runs[k].finished_at) {
                Some(before) => finished = before,
                None => {
                    self.start_after_restart_delay(p, c);
                    return;
                }
            }
        }
        if self.in_back_off_since(p, c, finished) {
            self.back_off_event(p, c);
            let delay = self.pods[p].containers[c].backoff.map_or(0, |(d, _)| d);
            let cl = &self.pods[p].containers[c];
            let (cname, gen) = (cl.spec.name.clone(), cl.gen);
            let pod_name = self.trace.pods[p].name.clone();
            let uid = self.trace.pods[p].uid.clone();
            let shown = go_duration(delay);
            self.trace.pods[p].containers[c].waits.push(Wait {
                from: self.now,
                until: None,
                reason: "CrashLoopBackOff".into(),
                message: format!("back-off {shown} restarting failed container={cname} pod={pod_name}_default({uid})"),
                delay: Some(delay),
            });
            let cl = &mut self.pods[p].containers[c];
            cl.backing_off = true;
            let at = self.now + self.pod_worker_requeue();
            self.schedule(at, Ev::PodWorkerSync { pod: p, c, gen });
            return;
        }
        self.backoff_next(p, c, finished);
        self.start_after_restart_delay(p, c);
    }

    /// A pod worker sync while a container waits in CrashLoopBackOff.
    pub(crate) fn pod_worker_sync(&mut self, p: usize, c: usize, gen: u64) {
        let cl = &self.pods[p].containers[c];
        if cl.gen != gen
            || !cl.backing_off
            || self.pods[p].deleting
            || self.pods[p].phase.is_terminal()
        {
            return;
        }
        let finished = self.last_finished(p, c);
        if self.in_back_off_since(p, c, finished) {
            self.back_off_event(p, c);
            let at = self.now + self.pod_worker_requeue();
            self.schedule(at, Ev::PodWorkerSync { pod: p, c, gen });
            return;
        }
        self.backoff_next(p, c, finished);
        self.start_after_restart_delay(p, c);
    }

    /// Starts a container now, or after the scenario's
    /// `timing.containerRestart`.
    fn start_after_restart_delay(&mut self, p: usize, c: usize) {
        let extra = self.scenario.container_restart;
        if extra > 0 {
            let cl = &mut self.pods[p].containers[c];
            cl.backing_off = true;
            let gen = cl.gen;
            self.schedule(self.now + extra, Ev::StartContainer { pod: p, c, gen });
            return;
        }
        self.start_container(p, c);
    }

    /// `finishedAt` of the container's last run.
    fn last_finished(&self, p: usize, c: usize) -> Millis {
        self.trace.pods[p].containers[c]
            .runs
            .last()
            .and_then(|r| r.finished_at)
            .unwrap_or(self.now)
    }

    /// `Backoff.IsInBackOffSince(key, finishedAt)`.
    fn in_back_off_since(&self, p: usize, c: usize, finished: Millis) -> bool {
        self.pods[p].containers[c]
            .backoff
            .is_some_and(|(delay, last_update)| {
                !backoff_expired(last_update, finished) && self.now - finished < delay
            })
    }

    /// The Warning `BackOff` event `doBackOff` records at each sync inside
    /// the back-off (aggregated: "x3 over 40s").
    fn back_off_event(&mut self, p: usize, c: usize) {
        let pod_name = self.trace.pods[p].name.clone();
        let uid = self.trace.pods[p].uid.clone();
        let cname = self.pods[p].containers[c].spec.name.clone();
        self.container_event(
            p,
            c,
            "Warning",
            "BackOff",
            format!(
                "Back-off restarting failed container {cname} in pod {pod_name}_default({uid})"
            ),
        );
    }

    /// `wait.Jitter(backOffPeriod, 0.5)`: 10 s plus up to half of it.
    fn pod_worker_requeue(&mut self) -> Millis {
        let jitter = self.kubelet_rng.unit() * 0.5 * POD_WORKER_BACK_OFF_PERIOD as f64;
        POD_WORKER_BACK_OFF_PERIOD + jitter as Millis
    }

    /// `Backoff.Next(key, finishedAt)`: a fresh entry starts at 10 s,
    /// otherwise the delay doubles up to the cap; lastUpdate is now.
    fn backoff_next(&mut self, p: usize, c: usize, finished: Millis) {
        let now = self.now;
        let cl = &mut self.pods[p].containers[c];
        cl.backoff = Some(match cl.backoff {
            Some((delay, last_update)) if !backoff_expired(last_update, finished) => {
                ((delay * 2).min(MAX_CONTAINER_BACKOFF), now)
            }
            _ => (INITIAL_CRASH_LOOP_BACKOFF, now),
        });
    }
}

/// `Backoff.hasExpired`: an entry not updated for more than twice the cap
/// is forgotten, and the next crash starts from 10 s again.
fn backoff_expired(last_update: Millis, finished: Millis) -> bool {
    finished - last_update > 2 * MAX_CONTAINER_BACKOFF
}

/// Go's `time.Duration.String()`, which doBackOff's message prints with
/// `%s`: "10s", "1m20s", "5m0s" (the seconds always there past a minute),
/// "1h0m0s", "1.5s", "500ms".
fn go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (secs, frac) = (ms / 1000, ms % 1000);
    let seconds = if frac == 0 {
        (secs % 60).to_string()
    } else {
        let digits = format!("{frac:03}");
        format!("{}.{}", secs % 60, digits.trim_end_matches('0'))
    };
    match (secs / 3600, secs / 60 % 60) {
        (0, 0) => format!("{seconds}s"),
        (0, m) => format!("{m}m{seconds}s"),
        (h, m) => format!("{h}h{m}m{seconds}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::go_duration;

    #[test]
    fn back_off_delays_print_as_go_durations() {
        let shown: Vec<String> = [10, 20, 40, 80, 160, 300]
            .iter()
            .map(|s| go_duration(s * 1000))
            .collect();
        assert_eq!(shown, ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"]);
        assert_eq!(go_duration(3_600_000), "1h0m0s");
        assert_eq!(go_duration(61_500), "1m1.5s");
        assert_eq!(go_duration(1_250), "1.25s");
        assert_eq!(go_duration(500), "500ms");
        assert_eq!(go_duration(0), "0s");
    }
}
