//! The Trace: the whole history of a run. Every object keeps the list of
//! its state changes with their times, so "the state at time t" is a lookup
//! (binary search), never a re-run. Playback, scrubbing, kubectl and JSON
//! all read it.

use crate::api::{CronJobSpec, JobSpec};
pub use crate::scenario::Millis;

/// What an API object keeps of a time: `metav1.Time` is written in whole
/// seconds, as RFC 3339 in JSON and without its `Nanos` in protobuf
/// (`ProtoTime`, time_proto.go: "our JSON only handled seconds"); the
/// kubelet cuts its own cached pod status the same way (`normalizeStatus`,
/// status_manager.go). So a controller that reads a time back from an
/// object (a container's `finishedAt`, a condition's
/// `lastTransitionTime`, a Job's or a pod's `startTime`) reads it cut to
/// the second, while its own clock (`now`) is not: a pod that failed at
/// 3.3 s is replaced 10 s after 3 s. The run starts on a whole second
/// (`Trace::start_unix`), so cutting its milliseconds is cutting the
/// calendar time.
pub fn metav1_time(t: Millis) -> Millis {
    t.div_euclid(1000) * 1000
}

/// Text of a record: reasons, condition types and most messages are
/// constants, so they are borrowed, not allocated (a year of a CronJob
/// creates millions of them).
pub type Text = std::borrow::Cow<'static, str>;

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub type_: Text,
    pub status: Text,
    pub reason: Text,
    pub message: Text,
    pub at: Millis,
}

/// The Job's `status` counters at some moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobCounts {
    pub active: i32,
    pub ready: i32,
    pub terminating: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// Indexed Jobs only. Shared by the entries of `status` while it does
    /// not change: a Job's history has one entry per change of a counter,
    /// and these texts are long for a big Job.
    pub indexes: Option<std::rc::Rc<IndexTexts>>,
}

/// `status.completedIndexes` and `status.failedIndexes` (the latter only
/// with `backoffLimitPerIndex`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexTexts {
    pub completed: String,
    pub failed: Option<String>,
}

impl JobCounts {
    /// `status.completedIndexes` ("" when none, or not Indexed).
    pub fn completed_indexes(&self) -> &str {
        self.indexes.as_ref().map_or("", |i| &i.completed)
    }
    /// `status.failedIndexes`, set with `backoffLimitPerIndex`.
    pub fn failed_indexes(&self) -> Option<&str> {
        self.indexes.as_ref().and_then(|i| i.failed.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    /// Shared with its events and pods' owner references (a name is
    /// copied many times over a run; an `Rc` copy allocates nothing).
    pub name: std::rc::Rc<str>,
    pub uid: String,
    pub spec: std::rc::Rc<JobSpec>,
    pub created_at: Millis,
    pub start_time: Option<Millis>,
    pub completion_time: Option<Millis>,
    pub deleted_at: Option<Millis>,
    pub conditions: Vec<Condition>,
    /// `status` counters, each with the time it took that value.
    pub status: Vec<(Millis, JobCounts)>,
    /// Indices into [`Trace::pods`], in creation order.
    pub pods: Vec<usize>,
    /// The CronJob that created it, and the scheduled time (unix seconds).
    pub cron_job: Option<std::rc::Rc<str>>,
    pub scheduled_unix: Option<i64>,
    /// A manifest Job's own metadata, when it has labels or annotations
    /// (a CronJob's Jobs take theirs from its job template).
    pub meta: Option<std::rc::Rc<crate::api::ObjectMeta>>,
}

impl JobRecord {
    pub fn counts_at(&self, t: Millis) -> JobCounts {
        let i = self.status.partition_point(|(at, _)| *at <= t);
        if i == 0 {
            JobCounts::default()
        } else {
            self.status[i - 1].1.clone()
        }
    }
    /// `status.conditions` as the API server held them at `t`.
    ///
    /// `conditions` is a history: a condition whose status later changes
    /// (only `Suspended`, on resume or a second suspend) gets a second entry
    /// there. The Job controller's `ensureJobConditionStatus` updates the
    /// existing condition in place instead, so the object has one condition
    /// per type, where the first was added, holding the latest status,
    /// reason, message and transition time. That is what this returns.
    pub fn conditions_at(&self, t: Millis) -> impl Iterator<Item = &Condition> {
        let mut state: Vec<&Condition> = Vec::with_capacity(self.conditions.len());
        for c in self.conditions.iter().filter(|c| c.at <= t) {
            match state.iter_mut().find(|s| s.type_ == c.type_) {
                Some(slot) => *slot = c,
                None => state.push(c),
            }
        }
        state.into_iter()
    }
    /// `Complete` or `Failed`, if the Job had finished by `t` (both are
    /// terminal and never updated, so the history answers directly).
    pub fn finished_at(&self, t: Millis) -> Option<&Condition> {
        self.conditions
            .iter()
            .find(|c| c.at <= t && (c.type_ == "Complete" || c.type_ == "Failed"))
    }
    pub fn exists_at(&self, t: Millis) -> bool {
        self.created_at <= t && self.deleted_at.is_none_or(|d| t < d)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
        }
    }
    pub fn is_terminal(self) -> bool {
        matches!(self, Phase::Succeeded | Phase::Failed)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodCondition {
    pub type_: Text,
    pub status: Text,
    pub reason: Text,
    pub message: Text,
    pub at: Millis,
}

/// One run of a container: started, and (unless still running) ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerRun {
    pub started_at: Millis,
    /// When its startup probe passed, making it Started (and Ready); the
    /// start itself without a startup probe; `None` while it has not.
    pub started_probe: Option<Millis>,
    /// With a readiness probe: when its result changed (ready or not),
    /// in time order; not ready before the first. `None` without one:
    /// ready while Started.
    pub readiness: Option<Vec<(Millis, bool)>>,
    pub finished_at: Option<Millis>,
    pub exit_code: Option<i32>,
    /// `Completed`, `Error`, `OOMKilled`, `StartError`, `DeadlineExceeded`.
    pub reason: Option<Text>,
    pub signal: Option<i32>,
    pub message: Option<String>,
}

impl ContainerRun {
    /// Ready at `t` as far as its readiness probe goes.
    pub fn readiness_at(&self, t: Millis) -> bool {
        self.readiness.as_ref().is_none_or(|changes| {
            let seen = changes.partition_point(|(at, _)| *at <= t);
            seen > 0 && changes[seen - 1].1
        })
    }
}

/// A time the container spent `Waiting` (ContainerCreating,
/// PodInitializing, CrashLoopBackOff).
#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    pub from: Millis,
    pub until: Option<Millis>,
    pub reason: String,
    pub message: String,
    /// CrashLoopBackOff: the kubelet's back-off delay; the wait itself
    /// lasts until the pod worker's first sync after it.
    pub delay: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerRecord {
    pub name: String,
    pub image: String,
    pub init: bool,
    pub sidecar: bool,
    pub runs: Vec<ContainerRun>,
    pub waits: Vec<Wait>,
}

/// What a container was doing at some moment, as kubelet reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerState<'a> {
    Waiting { reason: &'a str, message: &'a str },
    Running { started_at: Millis },
    Terminated(&'a ContainerRun),
}

impl ContainerRecord {
    /// Runs started by `t`.
    pub fn runs_at(&self, t: Millis) -> &[ContainerRun] {
        let n = self.runs.partition_point(|r| r.started_at <= t);
        &self.runs[..n]
    }
    pub fn restart_count_at(&self, t: Millis) -> u32 {
        u32::try_from(self.runs_at(t).len().saturating_sub(1)).unwrap_or(u32::MAX)
    }
    pub fn state_at(&self, t: Millis) -> ContainerState<'_> {
        let wait = self
            .waits
            .iter()
            .rev()
            .find(|w| w.from <= t && w.until.is_none_or(|u| t < u));
        let runs = self.runs_at(t);
        if let Some(w) = wait {
            if runs
                .last()
                .is_none_or(|r| r.finished_at.is_some_and(|f| f <= w.from))
            {
                return ContainerState::Waiting {
                    reason: &w.reason,
                    message: &w.message,
                };
            }
        }
        match runs.last() {
            None => ContainerState::Waiting {
                reason: "ContainerCreating",
                message: "",
            },
            Some(r) if r.finished_at.is_some_and(|f| f <= t) => ContainerState::Terminated(r),
            Some(r) => ContainerState::Running {
                started_at: r.started_at,
            },
        }
    }
    /// The run before the current one (kubectl's "Last State").
    pub fn last_state_at(&self, t: Millis) -> Option<&ContainerRun> {
        let runs = self.runs_at(t);
        match self.state_at(t) {
            ContainerState::Running { .. } if runs.len() >= 2 => runs.get(runs.len() - 2),
            ContainerState::Waiting { .. } => runs.last(),
            ContainerState::Terminated(_) if runs.len() >= 2 => runs.get(runs.len() - 2),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodRecord {
    /// Shared with its events, as the Job's.
    pub name: std::rc::Rc<str>,
    pub uid: String,
    pub job: usize,
    pub index: Option<i32>,
    pub ip: String,
    pub created_at: Millis,
    /// `status.startTime`.
    pub started_at: Option<Millis>,
    /// `metadata.deletionTimestamp`, and the grace period it was given.
    pub deletion_at: Option<Millis>,
    pub deletion_grace_seconds: i64,
    /// When the object was gone from the API.
    pub removed_at: Option<Millis>,
    pub phases: Vec<(Millis, Phase)>,
    pub conditions: Vec<PodCondition>,
    /// `status.reason` / `status.message` (e.g. `DeadlineExceeded`).
    pub reason: Option<(Millis, String, String)>,
    pub containers: Vec<ContainerRecord>,
    /// `batch.kubernetes.io/job-index-failure-count`.
    pub index_failure_count: i32,
    /// `batch.kubernetes.io/job-index-ignored-failure-count` (failures a
    /// pod failure policy ignored).
    pub index_ignored_failure_count: i32,
}

impl PodRecord {
    pub fn phase_at(&self, t: Millis) -> Phase {
        let i = self.phases.partition_point(|(at, _)| *at <= t);
        if i == 0 {
            Phase::Pending
        } else {
            self.phases[i - 1].1
        }
    }
    pub fn phase(&self) -> Phase {
        self.phases.last().map_or(Phase::Pending, |p| p.1)
    }
    pub fn exists_at(&self, t: Millis) -> bool {
        self.created_at <= t && self.removed_at.is_none_or(|r| t < r)
    }
    pub fn deleting_at(&self, t: Millis) -> bool {
        self.deletion_at.is_some_and(|d| d <= t)
    }
    /// When the pod reached Succeeded or Failed.
    pub fn finished_at(&self) -> Option<Millis> {
        self.phases
            .iter()
            .find(|(_, p)| p.is_terminal())
            .map(|(t, _)| *t)
    }
    pub fn container(&self, name: &str) -> Option<&ContainerRecord> {
        self.containers.iter().find(|c| c.name == name)
    }

    /// The pod's `ContainersReady` condition at `t`: Running, with every
    /// regular container and every sidecar running, Started (its startup
    /// probe passed, if any) and ready (its readiness probe passed, if
    /// any). `Ready` (`IsPodReady`) is the same unless the pod has
    /// readiness gates, which nothing here sets.
    pub fn containers_ready_at(&self, t: Millis) -> bool {
        self.phase_at(t) == Phase::Running
            && self
                .containers
                .iter()
                .filter(|c| !c.init || c.sidecar)
                .all(|c| {
                    c.runs_at(t).last().is_some_and(|r| {
                        r.finished_at.is_none_or(|f| t < f)
                            && r.started_probe.is_some_and(|s| s <= t)
                            && r.readiness_at(t)
                    })
                })
    }

    /// The `lastTransitionTime` of the pod's `Ready` condition if it is
    /// False at `t`. The kubelet writes the condition from its first status
    /// of the pod (`status.startTime`), False until the pod is ready; it
    /// changes only when a container starts, becomes Started, changes
    /// readiness or ends, or the phase changes, so those are the moments
    /// looked at. A pod with readiness gates (`gated`) is never Ready.
    /// `None` before the kubelet's first status, or while ready.
    pub fn not_ready_since(&self, t: Millis, gated: bool) -> Option<Millis> {
        let first = self.started_at.filter(|s| *s <= t)?;
        if gated {
            return Some(first);
        }
        if self.containers_ready_at(t) {
            return None;
        }
        let mut moments: Vec<Millis> = self.phases.iter().map(|(at, _)| *at).collect();
        for r in self.containers.iter().flat_map(|c| &c.runs) {
            moments.extend(
                [Some(r.started_at), r.started_probe, r.finished_at]
                    .into_iter()
                    .flatten(),
            );
            moments.extend(r.readiness.iter().flatten().map(|(at, _)| *at));
        }
        moments.retain(|m| first < *m && *m <= t);
        crate::sort::sort(&mut moments);
        moments.dedup();
        let mut since = first;
        let mut was_ready = self.containers_ready_at(first);
        for m in moments {
            let ready = self.containers_ready_at(m);
            if was_ready && !ready {
                since = m;
            }
            was_ready = ready;
        }
        Some(since)
    }

    pub fn has_condition_at(&self, type_: &str, t: Millis) -> bool {
        self.conditions
            .iter()
            .any(|c| c.type_ == type_ && c.status == "True" && c.at <= t)
    }
}

/// One Event object of the API, as the recorders wrote it
/// (`sim::events`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    /// `firstTimestamp`: the first time the recorder saw it (also what its
    /// name is made of), which may be before it was written.
    pub first_at: Millis,
    /// `lastTimestamp` and `count` after the last write.
    pub last_at: Millis,
    pub count: u32,
    /// `Job`, `Pod` or `CronJob`.
    pub kind: &'static str,
    pub name: std::rc::Rc<str>,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: Text,
    /// The message it was created with (a combined event's message changes
    /// with its updates).
    pub message: String,
    /// `job-controller`, `kubelet`, `cronjob-controller`, `default-scheduler`.
    pub source: &'static str,
    /// When the API server got it (its creationTimestamp) and the count
    /// the create carried.
    pub created: (Millis, u32),
    /// Every later write (a PATCH): when, the count it set, and the message
    /// when it changed. Read as of any moment. Most events are written
    /// once, so the create is kept apart and this stays unallocated.
    pub patches: Vec<EventUpdate>,
}

/// One write of an event to the API server.
#[derive(Debug, Clone, PartialEq)]
pub struct EventUpdate {
    pub at: Millis,
    pub count: u32,
    pub message: Option<String>,
}

impl EventRecord {
    /// When the API server got it (its creationTimestamp).
    pub fn created_at(&self) -> Millis {
        self.created.0
    }

    /// Every write to the API, the create first.
    pub fn writes(&self) -> impl Iterator<Item = EventUpdate> + '_ {
        let (at, count) = self.created;
        std::iter::once(EventUpdate {
            at,
            count,
            message: None,
        })
        .chain(self.patches.iter().cloned())
    }

    /// Every message it has carried, the first first.
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.message.as_str())
            .chain(self.patches.iter().filter_map(|u| u.message.as_deref()))
    }

    /// The message after the last write.
    pub fn latest_message(&self) -> &str {
        message_after(&self.message, &self.patches)
    }

    /// `count`, `lastTimestamp` and message as the API held them at `t`;
    /// `None` before it was created.
    pub fn as_of(&self, t: Millis) -> Option<(u32, Millis, &str)> {
        let (at, count) = self.created;
        if t < at {
            return None;
        }
        let n = self.patches.partition_point(|u| u.at <= t);
        Some(match self.patches[..n].last() {
            None => (count, at, self.message.as_str()),
            Some(u) => (
                u.count,
                u.at,
                message_after(&self.message, &self.patches[..n]),
            ),
        })
    }
}

/// The message an Event carries after `updates` (its patches): the last one that changed
/// it, or the one it was created with.
fn message_after<'a>(created: &'a str, updates: &'a [EventUpdate]) -> &'a str {
    updates
        .iter()
        .rev()
        .find_map(|u| u.message.as_deref())
        .unwrap_or(created)
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub at: Millis,
    pub pod: usize,
    pub container: usize,
    /// Which run of the container (0 = first): `logs --previous` reads the
    /// one before the current.
    pub restart: u32,
    pub stderr: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CronJobRecord {
    pub name: String,
    /// Its labels and annotations (the rest of its metadata is not used).
    pub meta: crate::api::ObjectMeta,
    pub spec: std::rc::Rc<CronJobSpec>,
    pub created_at: Millis,
    /// `status.lastScheduleTime` changes: (when, scheduled unix seconds).
    pub last_schedule: Vec<(Millis, i64)>,
    pub last_successful: Vec<(Millis, i64)>,
    /// Jobs it created (indices into [`Trace::jobs`]).
    pub jobs: Vec<usize>,
    /// Every due time it acted on (simulated ms).
    pub scheduled: Vec<Millis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// Every Job reached Complete or Failed.
    Finished,
    /// The `--until` horizon came first.
    Until,
    /// The engine's safety cap (events or horizon).
    Limit,
}

impl StopReason {
    pub fn as_str(self) -> &'static str {
        match self {
            StopReason::Finished => "finished",
            StopReason::Until => "until",
            StopReason::Limit => "limit",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Calendar time (unix seconds) at t = 0.
    pub start_unix: i64,
    pub end: Millis,
    pub stop_reason: StopReason,
    pub notes: Vec<String>,
    pub jobs: Vec<JobRecord>,
    pub pods: Vec<PodRecord>,
    pub events: Vec<EventRecord>,
    pub logs: Vec<LogLine>,
    pub cron_jobs: Vec<CronJobRecord>,
    /// Discrete events the engine processed (for benchmarks and caps).
    pub steps: u64,
}

impl Trace {
    pub fn job_by_name(&self, name: &str) -> Option<(usize, &JobRecord)> {
        self.jobs.iter().enumerate().find(|(_, j)| &*j.name == name)
    }
    pub fn pod_by_name(&self, name: &str) -> Option<(usize, &PodRecord)> {
        self.pods.iter().enumerate().find(|(_, p)| &*p.name == name)
    }
    /// What an `OnFailure` Job's `backoffLimit` is compared with at `t`:
    /// the container restarts of its Pending and Running pods
    /// (`pastBackoffLimitOnFailure`, as the Job controller counts them).
    /// Once the Job is finishing (FailureTarget, SuccessCriteriaMet) or
    /// finished, the count the controller saw as it decided: its pods are
    /// deleted in that same sync (one in back-off goes at once). A Job that
    /// succeeded keeps the restarts its succeeded pods made (the
    /// controller no longer counts them, the limit being moot; a card
    /// falling back to 0 would only puzzle).
    pub fn restarts_toward_backoff_limit(&self, job: &JobRecord, t: Millis) -> u32 {
        let ending = ["FailureTarget", "Failed", "SuccessCriteriaMet", "Complete"];
        let end = job
            .conditions
            .iter()
            .find(|c| c.at <= t && ending.contains(&c.type_.as_ref()));
        let succeeded =
            end.is_some_and(|c| c.type_ == "SuccessCriteriaMet" || c.type_ == "Complete");
        let t = end.map_or(t, |c| c.at - 1);
        job.pods
            .iter()
            .map(|&p| &self.pods[p])
            .filter(|p| {
                p.exists_at(t)
                    && match p.phase_at(t) {
                        Phase::Pending | Phase::Running => true,
                        Phase::Succeeded => succeeded,
                        Phase::Failed => false,
                    }
            })
            .flat_map(|p| p.containers.iter())
            .map(|c| c.restart_count_at(t))
            .sum()
    }
    /// Every moment something changed, sorted, deduplicated: what "step to
    /// the next event" walks through.
    pub fn moments(&self) -> Vec<Millis> {
        let mut out: Vec<Millis> = self.events.iter().map(|e| e.first_at).collect();
        for p in &self.pods {
            out.push(p.created_at);
            out.extend(p.phases.iter().map(|(t, _)| *t));
            for c in &p.containers {
                for r in &c.runs {
                    out.push(r.started_at);
                    out.extend(r.finished_at);
                }
            }
        }
        for j in &self.jobs {
            out.extend(j.conditions.iter().map(|c| c.at));
        }
        out.retain(|t| *t <= self.end);
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }
    /// Log lines of one container run, in order.
    pub fn logs_of(
        &self,
        pod: usize,
        container: usize,
        restart: u32,
        until: Millis,
    ) -> impl Iterator<Item = &LogLine> {
        self.logs.iter().filter(move |l| {
            l.pod == pod && l.container == container && l.restart == restart && l.at <= until
        })
    }
}
