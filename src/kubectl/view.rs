//! What the API would hold for each object at simulated time `t`, derived
//! from the Trace: container statuses as the kubelet reports them, pod
//! conditions, labels, events as of `t`. The printers read only these.

use crate::api::{Container, PodSpec};
use crate::sim::trace::*;
use crate::sorted::SortedMap;

/// The node every pod runs on, and its address (`status.hostIP`).
pub const NODE_NAME: &str = crate::sim::kubelet::NODE_NAME;
pub const HOST_IP: &str = "172.18.0.2";
pub const NAMESPACE: &str = "default";

/// `kube-apiserver --event-ttl` (1 h): an event disappears one hour after
/// its last update.
pub const EVENT_TTL: Millis = 3_600_000;

/// A container's `state`, as `v1.ContainerState`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CState<'a> {
    Waiting(&'a str),
    Running(Millis),
    Terminated(&'a ContainerRun),
}

/// One `v1.ContainerStatus` at `t`.
#[derive(Debug, Clone)]
pub struct CView<'a> {
    /// Index into `PodRecord::containers` (what `LogLine::container` uses).
    pub index: usize,
    pub rec: &'a ContainerRecord,
    pub spec: Option<&'a Container>,
    pub state: CState<'a>,
    /// `lastState.terminated`.
    pub last: Option<&'a ContainerRun>,
    /// Index of `last` in `rec.runs`.
    pub last_run: Option<usize>,
    /// Index of the run `containerID` names (the current or, while
    /// waiting, the latest one).
    pub current_run: Option<usize>,
    pub restarts: u32,
    pub ready: bool,
    /// `started` (sidecars: the container is running).
    pub started: bool,
}

/// A pod as the API would return it at `t`.
#[derive(Debug, Clone)]
pub struct PodView<'a> {
    pub index: usize,
    pub pod: &'a PodRecord,
    pub job: Option<&'a JobRecord>,
    pub t: Millis,
    pub phase: Phase,
    pub init: Vec<CView<'a>>,
    pub regular: Vec<CView<'a>>,
}

impl<'a> PodView<'a> {
    pub fn new(trace: &'a Trace, index: usize, t: Millis) -> Option<PodView<'a>> {
        let pod = trace.pods.get(index)?;
        let job = trace.jobs.get(pod.job);
        let spec = job.map(|j| &j.spec.template.spec);
        let has_init = pod.containers.iter().any(|c| c.init);
        let mut init = Vec::new();
        let mut regular = Vec::new();
        for (i, rec) in pod.containers.iter().enumerate() {
            let cspec = spec.and_then(|s| container_spec(s, rec));
            let v = container_view(i, rec, cspec, has_init, t);
            if rec.init {
                init.push(v);
            } else {
                regular.push(v);
            }
        }
        Some(PodView {
            index,
            pod,
            job,
            t,
            phase: pod.phase_at(t),
            init,
            regular,
        })
    }

    pub fn spec(&self) -> Option<&'a PodSpec> {
        self.job.map(|j| &j.spec.template.spec)
    }

    /// Every container status: init containers first.
    pub fn all(&self) -> impl Iterator<Item = &CView<'a>> {
        self.init.iter().chain(self.regular.iter())
    }

    pub fn find(&self, name: &str) -> Option<&CView<'a>> {
        self.all().find(|c| c.rec.name == name)
    }

    /// `metadata.deletionTimestamp` is set.
    pub fn deleting(&self) -> bool {
        self.pod.deleting_at(self.t)
    }

    /// `status.reason` / `status.message` at `t`.
    pub fn status_reason(&self) -> Option<(&'a str, &'a str)> {
        match &self.pod.reason {
            Some((at, r, m)) if *at <= self.t => Some((r.as_str(), m.as_str())),
            _ => None,
        }
    }

    /// `status.podIP`: set once the sandbox is up, kept afterwards.
    pub fn ip(&self) -> Option<&'a str> {
        self.pod
            .started_at
            .filter(|s| *s <= self.t)
            .map(|_| self.pod.ip.as_str())
    }

    /// `status.startTime`.
    pub fn start_time(&self) -> Option<Millis> {
        self.pod.started_at.filter(|s| *s <= self.t)
    }

    /// The `Initialized` condition (`GeneratePodInitializedCondition`):
    /// every init container done (sidecars: started), or the regular
    /// containers already started.
    pub fn initialized(&self) -> bool {
        let init_done = self.init.iter().all(|c| match c.state {
            CState::Terminated(r) => r.exit_code == Some(0),
            _ => c.rec.sidecar && c.started,
        });
        init_done
            || self
                .regular
                .iter()
                .any(|c| !c.rec.runs_at(self.t).is_empty())
    }

    /// `ContainersReady`: every regular container and every sidecar
    /// ready. `Ready` also wants every readiness gate True, and nothing in
    /// the playground sets one (`gated`).
    pub fn containers_ready(&self) -> bool {
        !self.phase.is_terminal()
            && self.regular.iter().all(|c| c.ready)
            && self.init.iter().filter(|c| c.rec.sidecar).all(|c| c.ready)
    }

    /// The pod has readiness gates (`spec.readinessGates`).
    pub fn gated(&self) -> bool {
        self.spec().is_some_and(|s| !s.readiness_gates.is_empty())
    }

    /// `status.conditions`, in the order a 1.29+ kubelet writes them
    /// (`generateAPIPodStatus`: PodReadyToStartContainers, Initialized,
    /// Ready, ContainersReady, then the ones it does not own: PodScheduled,
    /// DisruptionTarget).
    pub fn conditions(&self) -> Vec<(String, &'static str)> {
        let b = |x: bool| if x { "True" } else { "False" };
        let sandbox = self.start_time().is_some() && !self.phase.is_terminal();
        let ready = self.containers_ready();
        let mut out = vec![
            ("PodReadyToStartContainers".to_string(), b(sandbox)),
            ("Initialized".to_string(), b(self.initialized())),
            ("Ready".to_string(), b(ready && !self.gated())),
            ("ContainersReady".to_string(), b(ready)),
            ("PodScheduled".to_string(), "True"),
        ];
        for c in self.pod.conditions.iter().filter(|c| c.at <= self.t) {
            let status = if c.status == "True" {
                "True"
            } else if c.status == "False" {
                "False"
            } else {
                "Unknown"
            };
            if let Some(o) = out.iter_mut().find(|(ty, _)| *ty == c.type_) {
                o.1 = status;
            } else {
                out.push((c.type_.to_string(), status));
            }
        }
        out
    }

    /// `printPod`'s STATUS, READY and RESTARTS cells (printers.go).
    pub fn print_status(&self) -> PodRow {
        let t = self.t;
        let mut restarts: u32 = 0;
        let mut restartable_restarts: u32 = 0;
        let mut total = self.regular.len();
        let mut ready = 0usize;
        let mut last_restart: Option<Millis> = None;
        let mut last_restartable: Option<Millis> = None;
        let mut reason = match self.status_reason() {
            Some((r, _)) if !r.is_empty() => r.to_string(),
            _ => self.phase.as_str().to_string(),
        };
        total += self.init.iter().filter(|c| c.rec.sidecar).count();
        let later = |a: Option<Millis>, b: Option<Millis>| match (a, b) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, None) => x,
            (None, y) => y,
        };
        let mut initializing = false;
        let n_init = self.init.len();
        for (i, c) in self.init.iter().enumerate() {
            restarts = restarts.saturating_add(c.restarts);
            let finished = c.last.and_then(|r| r.finished_at);
            last_restart = later(last_restart, finished);
            if c.rec.sidecar {
                restartable_restarts = restartable_restarts.saturating_add(c.restarts);
                last_restartable = later(last_restartable, finished);
            }
            match c.state {
                CState::Terminated(r) if r.exit_code == Some(0) => continue,
                _ if c.rec.sidecar && c.started => {
                    if c.ready {
                        ready += 1;
                    }
                    continue;
                }
                CState::Terminated(r) => {
                    reason = match r.reason.as_deref() {
                        Some(x) if !x.is_empty() => format!("Init:{x}"),
                        // The CRI reports no signal, so `Init:Signal:N`
                        // never shows.
                        _ => format!("Init:ExitCode:{}", r.exit_code.unwrap_or(0)),
                    };
                }
                CState::Waiting(w) if !w.is_empty() && w != "PodInitializing" => {
                    reason = format!("Init:{w}")
                }
                _ => reason = format!("Init:{i}/{n_init}"),
            }
            initializing = true;
            break;
        }
        if !initializing || self.initialized() {
            restarts = restartable_restarts;
            last_restart = last_restartable;
            let mut has_running = false;
            for c in self.regular.iter().rev() {
                restarts = restarts.saturating_add(c.restarts);
                last_restart = later(last_restart, c.last.and_then(|r| r.finished_at));
                match c.state {
                    CState::Waiting(w) if !w.is_empty() => reason = w.to_string(),
                    CState::Terminated(r) => {
                        reason = match r.reason.as_deref() {
                            Some(x) if !x.is_empty() => x.to_string(),
                            _ => format!("ExitCode:{}", r.exit_code.unwrap_or(0)),
                        }
                    }
                    CState::Running(_) if c.ready => {
                        has_running = true;
                        ready += 1;
                    }
                    _ => {}
                }
            }
            if reason == "Completed" && has_running {
                reason = if self.containers_ready() {
                    "Running".into()
                } else {
                    "NotReady".into()
                };
            }
        }
        if self.deleting() && !self.phase.is_terminal() {
            reason = "Terminating".into();
        }
        let restarts_cell = match last_restart {
            Some(at) if restarts != 0 => format!("{restarts} ({} ago)", super::age::since(t, at)),
            _ => restarts.to_string(),
        };
        PodRow {
            ready: format!("{ready}/{total}"),
            status: reason,
            restarts: restarts_cell,
        }
    }
}

/// The cells `printPod` computes.
#[derive(Debug, Clone, PartialEq)]
pub struct PodRow {
    pub ready: String,
    pub status: String,
    pub restarts: String,
}

fn container_spec<'a>(spec: &'a PodSpec, rec: &ContainerRecord) -> Option<&'a Container> {
    let list = if rec.init {
        &spec.init_containers
    } else {
        &spec.containers
    };
    list.iter().find(|c| c.name == rec.name)
}

/// One container's status at `t` (`convertToAPIContainerStatuses`): a
/// container that has not run yet waits with `ContainerCreating`, or
/// `PodInitializing` when the pod has init containers.
fn container_view<'a>(
    index: usize,
    rec: &'a ContainerRecord,
    spec: Option<&'a Container>,
    has_init: bool,
    t: Millis,
) -> CView<'a> {
    let runs = rec.runs_at(t);
    let state = match rec.state_at(t) {
        ContainerState::Waiting {
            reason: "ContainerCreating",
            ..
        } if runs.is_empty() && has_init => CState::Waiting("PodInitializing"),
        ContainerState::Waiting { reason, .. } => CState::Waiting(reason),
        ContainerState::Running { started_at } => CState::Running(started_at),
        ContainerState::Terminated(r) => CState::Terminated(r),
    };
    let last = rec.last_state_at(t);
    let last_run = last.and_then(|l| runs.iter().position(|r| std::ptr::eq(r, l)));
    let current_run = runs.len().checked_sub(1);
    // The prober manager's UpdatePodStatus: an ordinary init container is
    // ready once it exited 0, never while it runs; sidecars and regular
    // containers are Started once their startup probe passed (at once
    // without one), and ready while started and passing their readiness
    // probe (always, without one).
    let ordinary_init = rec.init && !rec.sidecar;
    let running = match state {
        CState::Running(at) => runs.iter().rev().find(|r| r.started_at == at),
        _ => None,
    };
    let started = running
        .and_then(|r| r.started_probe)
        .is_some_and(|s| s <= t);
    let ready = match state {
        CState::Terminated(r) => ordinary_init && r.exit_code == Some(0),
        CState::Running(_) => {
            !ordinary_init && started && running.is_some_and(|r| r.readiness_at(t))
        }
        CState::Waiting(_) => false,
    };
    CView {
        index,
        rec,
        spec,
        state,
        last,
        last_run,
        current_run,
        restarts: rec.restart_count_at(t),
        ready,
        started,
    }
}

/// The labels the API server puts on a Job's pod template
/// (`generateSelector`, pkg/registry/batch/job/strategy.go), with the
/// template's own.
pub fn template_labels(job: &JobRecord) -> SortedMap<String, String> {
    let mut l = job.spec.template.metadata.labels.clone();
    l.insert("batch.kubernetes.io/controller-uid".into(), job.uid.clone());
    l.insert("batch.kubernetes.io/job-name".into(), job.name.to_string());
    l.insert("controller-uid".into(), job.uid.clone());
    l.insert("job-name".into(), job.name.to_string());
    l
}

/// A Job's `metadata.labels`: its own, a CronJob's job template labels,
/// else defaulted from the pod template's (`SetDefaults_Job`, which runs
/// again when the stored Job is read, so the generated ones are in).
pub fn job_labels(trace: &Trace, job: &JobRecord) -> SortedMap<String, String> {
    if let Some(m) = job.meta.as_deref().filter(|m| !m.labels.is_empty()) {
        return m.labels.clone();
    }
    if let Some(cj) = job
        .cron_job
        .as_deref()
        .and_then(|n| trace.cron_jobs.iter().find(|c| c.name == n))
    {
        let l = &cj.spec.job_template.metadata.labels;
        if !l.is_empty() {
            return l.clone();
        }
    }
    template_labels(job)
}

/// A Job's `metadata.annotations`: a CronJob's job template annotations
/// plus `batch.kubernetes.io/cronjob-scheduled-timestamp`
/// (`getJobFromTemplate2`, CronJobsScheduledAnnotation).
pub fn job_annotations(trace: &Trace, job: &JobRecord) -> SortedMap<String, String> {
    let mut a = job
        .meta
        .as_deref()
        .map(|m| m.annotations.clone())
        .unwrap_or_default();
    if let Some(cj) = job
        .cron_job
        .as_deref()
        .and_then(|n| trace.cron_jobs.iter().find(|c| c.name == n))
    {
        a = cj.spec.job_template.metadata.annotations.clone();
        if let Some(unix) = job.scheduled_unix {
            let ts = match cj
                .spec
                .time_zone
                .as_deref()
                .and_then(crate::sim::cron::tz::zone)
            {
                Some(z) => crate::sim::cron::tz::format_rfc3339_in(unix, &z),
                None => crate::sim::cron::tz::format_rfc3339(unix),
            };
            a.insert("batch.kubernetes.io/cronjob-scheduled-timestamp".into(), ts);
        }
    }
    a
}

/// A pod's labels: the template's plus, for Indexed Jobs,
/// `batch.kubernetes.io/job-completion-index` (PodIndexLabel).
pub fn pod_labels(job: Option<&JobRecord>, pod: &PodRecord) -> SortedMap<String, String> {
    let mut l = job.map(template_labels).unwrap_or_default();
    if let Some(i) = pod.index {
        l.insert(
            "batch.kubernetes.io/job-completion-index".into(),
            i.to_string(),
        );
    }
    l
}

/// A pod's annotations: the template's, plus the completion index and,
/// with `backoffLimitPerIndex`, the index failure count.
pub fn pod_annotations(job: Option<&JobRecord>, pod: &PodRecord) -> SortedMap<String, String> {
    let mut a = job
        .map(|j| j.spec.template.metadata.annotations.clone())
        .unwrap_or_default();
    if let Some(i) = pod.index {
        a.insert(
            "batch.kubernetes.io/job-completion-index".into(),
            i.to_string(),
        );
        if job.is_some_and(|j| j.spec.backoff_limit_per_index.is_some()) {
            a.insert(
                "batch.kubernetes.io/job-index-failure-count".into(),
                pod.index_failure_count.to_string(),
            );
            // addIndexFailureCountAnnotation: only once some were ignored.
            if pod.index_ignored_failure_count > 0 {
                a.insert(
                    "batch.kubernetes.io/job-index-ignored-failure-count".into(),
                    pod.index_ignored_failure_count.to_string(),
                );
            }
        }
    }
    a
}

/// The Job's status as of `t`.
pub struct JobView<'a> {
    pub job: &'a JobRecord,
    pub counts: JobCounts,
    pub start_time: Option<Millis>,
    pub completion_time: Option<Millis>,
}

impl<'a> JobView<'a> {
    pub fn new(job: &'a JobRecord, t: Millis) -> JobView<'a> {
        JobView {
            job,
            counts: job.counts_at(t),
            start_time: job.start_time.filter(|s| *s <= t),
            completion_time: job.completion_time.filter(|c| *c <= t),
        }
    }

    /// `hasJobCondition`: the first condition of that type is True.
    pub fn has_condition(&self, t: Millis, type_: &str) -> bool {
        self.job
            .conditions_at(t)
            .find(|c| c.type_ == type_)
            .is_some_and(|c| c.status == "True")
    }

    /// `printJob`'s STATUS.
    pub fn status(&self, t: Millis) -> &'static str {
        if self.has_condition(t, "Complete") {
            "Complete"
        } else if self.has_condition(t, "Failed") {
            "Failed"
        } else if self.job.deleted_at.is_some_and(|d| d <= t) {
            "Terminating"
        } else if self.has_condition(t, "Suspended") {
            "Suspended"
        } else if self.has_condition(t, "FailureTarget") {
            "FailureTarget"
        } else {
            "Running"
        }
    }
}

/// The active Jobs of a CronJob at `t` (`status.active`): its Jobs that
/// exist and have not finished.
pub fn cron_active<'a>(trace: &'a Trace, cj: &CronJobRecord, t: Millis) -> Vec<&'a JobRecord> {
    cj.jobs
        .iter()
        .filter_map(|j| trace.jobs.get(*j))
        .filter(|j| j.exists_at(t) && j.finished_at(t).is_none())
        .collect()
}

/// An event as the API holds it at `t`.
#[derive(Debug, Clone)]
pub struct EvView<'a> {
    pub index: usize,
    pub rec: &'a EventRecord,
    pub count: u32,
    pub last: Millis,
    /// The message as of `t` (a combined event's changes).
    pub message: &'a str,
    /// `metadata.name`: `<object>.<hex of the creation UnixNano>`
    /// (client-go's `makeEvent`).
    pub name: String,
}

/// The events that exist at `t`, in the order the API lists them (by
/// name, i.e. per object, then by creation time).
pub fn events_at(trace: &Trace, t: Millis) -> Vec<EvView<'_>> {
    let mut out: Vec<EvView<'_>> = trace
        .events
        .iter()
        .enumerate()
        .filter_map(|(index, rec)| {
            let (count, last, message) = rec.as_of(t)?;
            if t.saturating_sub(last) >= EVENT_TTL {
                return None;
            }
            let nanos = (trace
                .start_unix
                .saturating_mul(1000)
                .saturating_add(rec.first_at))
            .saturating_mul(1_000_000);
            let name = format!("{}.{:x}", rec.name, nanos.max(0));
            Some(EvView {
                index,
                rec,
                count,
                last,
                message,
                name,
            })
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        a.name.cmp(&b.name).then(a.index.cmp(&b.index))
    });
    out
}

/// A stable pseudo-random hex string (FNV-1a, then splitmix64), for
/// container and image IDs that look real and never change between runs.
pub fn fake_hex(seed: &str, len: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(len + 16);
    while out.len() < len {
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = h;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        out.push_str(&format!("{z:016x}"));
    }
    out.truncate(len);
    out
}

/// `status.containerID` of one run.
pub fn container_id(pod: &PodRecord, container: &str, run: usize) -> String {
    format!(
        "containerd://{}",
        fake_hex(&format!("{}/{container}/{run}", pod.uid), 64)
    )
}

/// `status.imageID`: the image's repository digest as containerd reports
/// it (`docker.io/library/busybox@sha256:…`).
pub fn image_id(image: &str) -> String {
    // Drop the tag or digest, then qualify the name as Docker does.
    let without_digest = image.split('@').next().unwrap_or(image);
    let repo = match without_digest.rfind(':') {
        Some(i) if !without_digest[i..].contains('/') => &without_digest[..i],
        _ => without_digest,
    };
    let first = repo.split('/').next().unwrap_or("");
    let qualified = if !repo.contains('/') {
        format!("docker.io/library/{repo}")
    } else if first.contains('.') || first.contains(':') || first == "localhost" {
        repo.to_string()
    } else {
        format!("docker.io/{repo}")
    };
    format!("{qualified}@sha256:{}", fake_hex(image, 64))
}

/// The `kube-api-access-xxxxx` volume the ServiceAccount admission plugin
/// adds to every pod (5 characters from `utilrand.String`'s alphabet).
pub fn api_access_volume(pod: &PodRecord) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let hex = fake_hex(&pod.uid, 16);
    let n = u64::from_str_radix(&hex, 16).unwrap_or(0);
    let suffix: String = (0..5)
        .map(|i| ALPHANUMS[((n >> (i * 8)) % ALPHANUMS.len() as u64) as usize] as char)
        .collect();
    format!("kube-api-access-{suffix}")
}
