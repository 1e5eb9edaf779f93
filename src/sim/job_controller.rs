//! The Job controller, shaped like `pkg/controller/job/job_controller.go`:
//! `syncJob` recounts pods, checks the terminal criteria in upstream order,
//! then `manageJob` creates or deletes pods, honouring the pod-failure
//! back-off of `backoff_utils.go`.

use super::kubelet::{ContainerLive, PodLive};
use super::trace::*;
use super::{concat, Cluster, Decimal, Ev};
use crate::api::indexes::format_intervals;
use crate::api::{JobSpec, FAILED};
use crate::sorted::{SortedMap, SortedSet};
use std::rc::Rc;

/// `DefaultJobPodFailureBackOff`.
pub const DEFAULT_JOB_POD_FAILURE_BACKOFF: Millis = 10_000;
/// `MaxJobPodFailureBackOff`: 10 minutes.
pub const MAX_JOB_POD_FAILURE_BACKOFF: Millis = 600_000;
/// `syncJobBatchPeriod`: pod failures are batched this long.
pub const SYNC_JOB_BATCH_PERIOD: Millis = 1_000;
/// `MaxPodCreateDeletePerSync`.
pub const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;

// Reasons and messages (`k8s.io/api/batch/v1/types.go`, job_controller.go).
pub const BACKOFF_LIMIT_EXCEEDED: (&str, &str) = (
    "BackoffLimitExceeded",
    "Job has reached the specified backoff limit",
);
pub const DEADLINE_EXCEEDED: (&str, &str) = (
    "DeadlineExceeded",
    "Job was active longer than specified deadline",
);
pub const FAILED_INDEXES: (&str, &str) = ("FailedIndexes", "Job has failed indexes");
pub const MAX_FAILED_INDEXES_EXCEEDED: (&str, &str) = (
    "MaxFailedIndexesExceeded",
    "Job has exceeded the specified maximal number of failed indexes",
);
pub const COMPLETIONS_REACHED: (&str, &str) = (
    "CompletionsReached",
    "Reached expected number of succeeded pods",
);

/// The controller's memory of one Job.
#[derive(Debug, Clone)]
pub struct JobLive {
    pub spec: Rc<JobSpec>,
    /// The pod template's spec and containers, shared by all its pods.
    pub pod_spec: Rc<crate::api::PodSpec>,
    pub containers: Rc<Vec<(bool, Rc<crate::api::Container>)>>,
    /// When the workqueue will hand this Job to `syncJob` next.
    pub next_sync: Option<Millis>,
    /// `backoffRecord`: failures since the last success, and the finish
    /// time of the latest of them.
    pub failures_after_last_success: i32,
    pub last_failure_time: Option<Millis>,
    pub succeeded: i32,
    pub failed: i32,
    pub completed_indexes: SortedSet<i32>,
    pub failed_indexes: SortedSet<i32>,
    pub ttl_pending: Option<Millis>,
    pub suspended_recorded: bool,
    /// Pods still to look at: not yet counted, or not yet terminated. A
    /// sync reads these, not every pod the Job ever had.
    pub open: Vec<usize>,
    /// Indexed Jobs: failed pods per index (those a pod failure policy
    /// ignored apart, as `getNewIndexFailureCounts` keeps them), and the
    /// last counted one.
    pub failures_by_index: SortedMap<i32, i32>,
    pub ignored_failures_by_index: SortedMap<i32, i32>,
    pub last_failed_by_index: SortedMap<i32, usize>,
    /// Indexed Jobs: every index below this one has succeeded or failed,
    /// so the search for pending indexes starts here.
    pub pending_floor: i32,
    /// Indexed Jobs: the sizes of `completed_indexes` and `failed_indexes`
    /// when `status` last got their text. Both sets only grow, so the text
    /// is written again only when a size changed (with 10 000 indexes it
    /// was a tenth of the run).
    pub indexes_written: Option<(usize, usize)>,
}

/// `names.MaxGeneratedNameLength`: 63, less the 5 random characters.
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// The Job's name, or `<job>-<index>` for an Indexed Job's pod: its
/// generateName without the trailing `-`, and the hostname an Indexed pod
/// gets (`HOSTNAME` in its containers).
pub(crate) fn push_pod_hostname_base(out: &mut String, job: &str, index: Option<i32>) {
    out.push_str(job);
    if let Some(i) = index {
        out.push('-');
        out.push_str(Decimal::new(i64::from(i)).as_str());
    }
}

impl Cluster {
    pub(crate) fn create_job(
        &mut self,
        name: Rc<str>,
        spec: Rc<JobSpec>,
        cron_job: Option<Rc<str>>,
        scheduled_unix: Option<i64>,
        meta: Option<Rc<crate::api::ObjectMeta>>,
    ) -> usize {
        let uid = self.rng.uid();
        self.trace.jobs.push(JobRecord {
            name,
            uid,
            spec: spec.clone(),
            created_at: self.now,
            start_time: None,
            completion_time: None,
            deleted_at: None,
            // Most Jobs end with two conditions (…Target/…CriteriaMet, then
            // Complete/Failed).
            conditions: Vec::with_capacity(2),
            status: Vec::new(),
            pods: Vec::new(),
            cron_job,
            scheduled_unix,
            meta,
        });
        let (pod_spec, containers) = self.template_of(&spec);
        self.jobs.push(JobLive {
            pod_spec,
            containers,
            spec,
            next_sync: None,
            failures_after_last_success: 0,
            last_failure_time: None,
            succeeded: 0,
            failed: 0,
            completed_indexes: SortedSet::new(),
            failed_indexes: SortedSet::new(),
            ttl_pending: None,
            suspended_recorded: false,
            open: Vec::new(),
            failures_by_index: SortedMap::new(),
            ignored_failures_by_index: SortedMap::new(),
            last_failed_by_index: SortedMap::new(),
            indexes_written: None,
            pending_floor: 0,
        });
        let j = self.jobs.len() - 1;
        // addJob → enqueueSyncJobImmediately (and the CronJob
        // controller's addJob enqueues its owner).
        self.enqueue_sync_job_now(j);
        self.enqueue_owner_cron_job(j);
        j
    }

    /// The pod template of a Job spec, built once per spec: every Job a
    /// CronJob creates shares it, and so do all their pods.
    #[allow(clippy::type_complexity)]
    fn template_of(
        &mut self,
        spec: &Rc<JobSpec>,
    ) -> (
        Rc<crate::api::PodSpec>,
        Rc<Vec<(bool, Rc<crate::api::Container>)>>,
    ) {
        if let Some((_, p, c)) = self.templates.iter().find(|(s, _, _)| Rc::ptr_eq(s, spec)) {
            return (p.clone(), c.clone());
        }
        let pod_spec = Rc::new(spec.template.spec.clone());
        let containers: Rc<Vec<_>> = Rc::new(
            pod_spec
                .init_containers
                .iter()
                .map(|c| (true, Rc::new(c.clone())))
                .chain(
                    pod_spec
                        .containers
                        .iter()
                        .map(|c| (false, Rc::new(c.clone()))),
                )
                .collect(),
        );
        self.templates
            .push((spec.clone(), pod_spec.clone(), containers.clone()));
        (pod_spec, containers)
    }

    /// The workqueue's `AddAfter`: a Job waiting already keeps the earlier
    /// of the two times.
    pub(crate) fn enqueue_sync_job_after(&mut self, j: usize, delay: Millis) {
        let at = self.now + delay.max(0);
        if self.jobs[j].next_sync.is_some_and(|n| n <= at) {
            return;
        }
        self.jobs[j].next_sync = Some(at);
        self.schedule(at, Ev::SyncJob(j));
    }
    pub(crate) fn enqueue_sync_job_now(&mut self, j: usize) {
        self.enqueue_sync_job_after(j, 0);
    }
    pub(crate) fn enqueue_sync_job_batched(&mut self, j: usize) {
        self.enqueue_sync_job_after(j, SYNC_JOB_BATCH_PERIOD);
    }
    /// `enqueueSyncJobWithDelay`: the pod-failure back-off's requeue, never
    /// sooner than the batch period.
    fn enqueue_sync_job_with_delay(&mut self, j: usize, delay: Millis) {
        self.enqueue_sync_job_after(j, delay.max(SYNC_JOB_BATCH_PERIOD));
    }

    fn job_finished(&self, j: usize) -> bool {
        self.trace.jobs[j]
            .conditions
            .iter()
            .any(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
    }
    fn has_condition(&self, j: usize, type_: &str) -> Option<Condition> {
        self.trace.jobs[j]
            .conditions
            .iter()
            .find(|c| c.type_ == type_ && c.status == "True")
            .cloned()
    }
    fn add_condition(
        &mut self,
        j: usize,
        type_: &'static str,
        reason: impl Into<Text>,
        message: impl Into<Text>,
    ) {
        let at = self.now;
        self.trace.jobs[j].conditions.push(Condition {
            type_: type_.into(),
            status: "True".into(),
            reason: reason.into(),
            message: message.into(),
            at,
        });
        self.enqueue_owner_cron_job(j);
    }

    /// `isPodFailed`: a Failed pod, or (unless only failed pods are
    /// replaced) a pod being deleted that has not succeeded.
    fn is_pod_failed(&self, p: usize) -> bool {
        let pod = &self.pods[p];
        if pod.phase == Phase::Failed {
            return true;
        }
        let spec = &self.jobs[pod.job].spec;
        let only_failed = spec.pod_failure_policy.is_some()
            || spec.pod_replacement_policy.as_deref() == Some(FAILED);
        !only_failed && pod.deleting && pod.phase != Phase::Succeeded
    }

    /// `getFinishedTime`: the latest finishedAt of the regular containers
    /// once every one is terminated, then of the sidecars once every one
    /// is (`getFinishTimeFromContainers`, whose second pass starts from the
    /// first pass's answer, none if a regular container is not terminated);
    /// else the lastTransitionTime of the pod's Ready=False condition
    /// (`getFinishTimeFromPodReadyFalseCondition`: a pod deleted while not
    /// ready, or failed before its containers ran, failed from then on);
    /// else the deletion time (`deletionTimestamp` less the grace period);
    /// else the creation time.
    fn finished_time(&self, p: usize) -> Millis {
        let rec = &self.trace.pods[p];
        let now = self.now;
        // latestFinishTime: `None` as soon as one is not terminated.
        let latest = |from: Option<Millis>, sidecars: bool| {
            let mut finish = from;
            for c in rec
                .containers
                .iter()
                .filter(|c| if sidecars { c.sidecar } else { !c.init })
            {
                let ContainerState::Terminated(run) = c.state_at(now) else {
                    return None;
                };
                let f = run.finished_at?;
                finish = Some(finish.map_or(f, |t: Millis| t.max(f)));
            }
            finish
        };
        let gated = !self.pods[p].spec.readiness_gates.is_empty();
        let t = latest(latest(None, false), true)
            .or_else(|| rec.not_ready_since(now, gated))
            .or(rec.deletion_at)
            .unwrap_or(rec.created_at);
        // Each of them read back from the pod object: whole seconds.
        metav1_time(t)
    }

    /// `matchPodFailurePolicy`: the first rule that matches a Failed pod,
    /// with the FailJob message.
    fn match_pod_failure_policy(&self, p: usize) -> Option<(String, String)> {
        let spec = &self.jobs[self.pods[p].job].spec;
        let policy = spec.pod_failure_policy.as_ref()?;
        if self.pods[p].phase != Phase::Failed {
            return None;
        }
        let rec = &self.trace.pods[p];
        // Regular containers first, then init containers.
        let order: Vec<&ContainerRecord> = rec
            .containers
            .iter()
            .filter(|c| !c.init)
            .chain(rec.containers.iter().filter(|c| c.init))
            .collect();
        for (i, rule) in policy.rules.iter().enumerate() {
            if let Some(req) = &rule.on_exit_codes {
                for c in &order {
                    if req.container_name.as_ref().is_some_and(|n| *n != c.name) {
                        continue;
                    }
                    let Some(code) = c.runs.last().and_then(|r| r.exit_code) else {
                        continue;
                    };
                    if code == 0 {
                        continue;
                    }
                    let listed = req.values.contains(&code);
                    if (req.operator == "In" && listed) || (req.operator == "NotIn" && !listed) {
                        let msg = format!("Container {} for pod default/{} failed with exit code {code} matching {} rule at index {i}", c.name, rec.name, rule.action);
                        return Some((rule.action.clone(), msg));
                    }
                }
            }
            for pattern in &rule.on_pod_conditions {
                let status = pattern.status.as_deref().unwrap_or("True");
                let has = rec
                    .conditions
                    .iter()
                    .any(|c| c.type_ == pattern.type_ && c.status == status);
                if has {
                    let msg = format!(
                        "Pod default/{} has condition {} matching {} rule at index {i}",
                        rec.name, pattern.type_, rule.action
                    );
                    return Some((rule.action.clone(), msg));
                }
            }
        }
        None
    }

    /// `syncJob`.
    pub(crate) fn sync_job(&mut self, j: usize) {
        if self.jobs[j].next_sync != Some(self.now) {
            return; // a stale queue entry
        }
        self.jobs[j].next_sync = None;
        if self.job_finished(j) || self.trace.jobs[j].deleted_at.is_some() {
            return;
        }
        let now = self.now;
        let spec = self.jobs[j].spec.clone();
        let job_name = self.trace.jobs[j].name.clone();

        // A suspended Job is still synced in full: finished pods are
        // counted, backoffLimit and completion checked; only its deadline
        // stops (pastActiveDeadline) and manageJob deletes its pods instead
        // of creating them.
        let suspended = spec.suspended();
        if !suspended && self.jobs[j].suspended_recorded {
            // Resumed: Suspended=False (JobResumed), and startTime is reset,
            // so activeDeadlineSeconds counts from now.
            self.jobs[j].suspended_recorded = false;
            let at = self.now;
            self.trace.jobs[j].conditions.push(Condition {
                type_: "Suspended".into(),
                status: "False".into(),
                reason: "JobResumed".into(),
                message: "Job resumed".into(),
                at,
            });
            self.enqueue_owner_cron_job(j);
            self.event(
                "Job",
                &job_name,
                "Normal",
                "Resumed",
                "Job resumed".into(),
                "job-controller",
            );
            self.trace.jobs[j].start_time = Some(now);
        }
        if self.trace.jobs[j].start_time.is_none() && !suspended {
            self.trace.jobs[j].start_time = Some(now);
        }
        // pastActiveDeadline reads startTime from the informer's copy of
        // the Job, in whole seconds, but for the sync that sets it, which
        // still holds its own `now`.
        let start = match self.trace.jobs[j].start_time {
            Some(t) if t != now => metav1_time(t),
            _ => now,
        };
        let pods: Vec<usize> = self.jobs[j].open.clone();

        // Newly finished pods (their tracking finalizer is still there).
        let mut new_succeeded = Vec::new();
        let mut new_failed = Vec::new();
        for &p in &pods {
            if self.pods[p].counted || self.pods[p].failure_seen {
                continue;
            }
            if self.pods[p].phase == Phase::Succeeded {
                new_succeeded.push(p);
            } else if self.is_pod_failed(p) {
                new_failed.push(p);
            }
        }
        crate::sort::sort_by_key(&mut new_failed, |p| self.finished_time(*p));
        crate::sort::sort_by_key(&mut new_succeeded, |p| self.finished_time(*p));

        // Pod failure policy, per newly failed pod.
        let mut fail_job_message = None;
        for &p in &new_failed {
            let matched = self.match_pod_failure_policy(p);
            let action = matched.as_ref().map_or("Count", |(a, _)| a.as_str());
            // getNewIndexFailureCounts: the replacement's failure count goes
            // up unless the policy ignored this failure (countFailed false),
            // then its ignored-failure count does.
            if let Some(i) = self.trace.pods[p].index {
                let counts = if action == "Ignore" {
                    &mut self.jobs[j].ignored_failures_by_index
                } else {
                    &mut self.jobs[j].failures_by_index
                };
                *counts.get_or_default(i) += 1;
            }
            match action {
                "FailJob" => {
                    if fail_job_message.is_none() {
                        fail_job_message = matched.map(|(_, m)| m);
                    }
                }
                "Ignore" => {
                    // countFailed false: never in status.failed.
                    self.pods[p].counted = true;
                }
                "FailIndex" => {
                    if let Some(i) = self.trace.pods[p].index {
                        self.jobs[j].failed_indexes.insert(i);
                    }
                }
                _ => {
                    if let (Some(i), Some(limit)) =
                        (self.trace.pods[p].index, spec.backoff_limit_per_index)
                    {
                        // isIndexFailed: this pod was the index's last allowed try.
                        if self.trace.pods[p].index_failure_count >= limit {
                            self.jobs[j].failed_indexes.insert(i);
                        }
                    }
                }
            }
            self.pods[p].failure_seen = true;
            // getPodsWithDelayedDeletionPerIndex keeps each index's last
            // failed pod by isPodFailed, so one being deleted counts too:
            // its index's back-off runs from the deletion.
            if let Some(i) = self.trace.pods[p].index {
                self.jobs[j].last_failed_by_index.insert(i, p);
            }
        }
        // trackJobStatusAndRemoveFinalizers: a failed pod leaves its
        // finalizer, and is counted in status.failed, unless
        // canRemoveFinalizer holds it back (backoffLimitPerIndex).
        let mut counted_failed = 0;
        let active_indexes: SortedSet<i32> = if spec.backoff_limit_per_index.is_some() {
            pods.iter()
                .filter(|&&q| !self.pods[q].phase.is_terminal() && !self.pods[q].deleting)
                .filter_map(|&q| self.trace.pods[q].index)
                .collect()
        } else {
            SortedSet::new()
        };
        for &p in &pods {
            if self.pods[p].failure_seen
                && !self.pods[p].counted
                && !self.finalizer_removal_delayed(j, p, &active_indexes)
            {
                self.pods[p].counted = true;
                counted_failed += 1;
            }
        }
        for &p in &new_succeeded {
            self.pods[p].counted = true;
            match self.trace.pods[p].index {
                Some(i) => {
                    self.jobs[j].completed_indexes.insert(i);
                }
                None => self.jobs[j].succeeded += 1,
            }
        }
        if spec.is_indexed() {
            self.jobs[j].succeeded = self.jobs[j].completed_indexes.len() as i32;
        }
        self.jobs[j].failed += counted_failed;

        // newBackoffRecord: a success resets; failures after it count.
        let times_failed: Vec<Millis> = new_failed.iter().map(|p| self.finished_time(*p)).collect();
        if new_succeeded.is_empty() {
            if let Some(last) = times_failed.last() {
                self.jobs[j].failures_after_last_success += times_failed.len() as i32;
                self.jobs[j].last_failure_time = Some(*last);
            }
        } else {
            let last_success = new_succeeded
                .iter()
                .map(|p| self.finished_time(*p))
                .max()
                .unwrap_or(now);
            let after: Vec<Millis> = times_failed
                .into_iter()
                .filter(|t| *t > last_success)
                .collect();
            self.jobs[j].failures_after_last_success = after.len() as i32;
            self.jobs[j].last_failure_time = after.last().copied();
        }

        let active: Vec<usize> = pods
            .iter()
            .copied()
            .filter(|p| !self.pods[*p].phase.is_terminal() && !self.pods[*p].deleting)
            .collect();

        // Terminal criteria, in syncJob's order.
        let mut failure: Option<(Text, Text)> = None;
        let mut success: Option<(Text, Text)> = None;
        if let Some(c) = self.has_condition(j, "SuccessCriteriaMet") {
            success = Some((c.reason, c.message));
        } else if let Some(c) = self.has_condition(j, "FailureTarget") {
            failure = Some((c.reason, c.message));
        } else if let Some(msg) = fail_job_message {
            failure = Some(("PodFailurePolicy".into(), msg.into()));
        } else if self.failed_for_backoff_limit(j, &pods) > spec.backoff_limit()
            || self.past_backoff_limit_on_failure(j, &pods)
        {
            failure = Some((
                BACKOFF_LIMIT_EXCEEDED.0.into(),
                BACKOFF_LIMIT_EXCEEDED.1.into(),
            ));
        } else if !suspended
            && spec
                .active_deadline_seconds
                .is_some_and(|ads| now - start >= ads * 1000)
        {
            // pastActiveDeadline: reaching the boundary counts.
            failure = Some((DEADLINE_EXCEEDED.0.into(), DEADLINE_EXCEEDED.1.into()));
        } else {
            if let (Some(ads), false) = (spec.active_deadline_seconds, suspended) {
                self.enqueue_sync_job_after(j, start + ads * 1000 - now);
            }
            if spec.is_indexed() && spec.backoff_limit_per_index.is_some() {
                let failed = self.jobs[j].failed_indexes.len() as i32;
                let completions = spec.completions.unwrap_or(0);
                if spec.max_failed_indexes.is_some_and(|m| failed > m) {
                    failure = Some((
                        MAX_FAILED_INDEXES_EXCEEDED.0.into(),
                        MAX_FAILED_INDEXES_EXCEEDED.1.into(),
                    ));
                } else if failed > 0
                    && failed + self.jobs[j].completed_indexes.len() as i32 >= completions
                {
                    failure = Some((FAILED_INDEXES.0.into(), FAILED_INDEXES.1.into()));
                }
            }
            if failure.is_none() {
                if let Some(i) = self.match_success_policy(j) {
                    success = Some((
                        "SuccessPolicy".into(),
                        format!("Matched rules at index {i}").into(),
                    ));
                }
            }
        }

        if let Some((reason, message)) = failure {
            if self.has_condition(j, "FailureTarget").is_none() {
                self.add_condition(j, "FailureTarget", reason.clone(), message.clone());
            }
            self.count_delayed_failures(j);
            // deleteActivePods: every pod not yet terminated counts as failed.
            for &p in &active {
                self.delete_pod_by_controller(j, p);
                if !self.pods[p].counted {
                    self.pods[p].counted = true;
                    self.jobs[j].failed += 1;
                }
            }
            // deleteActivePods adds the pods it deleted to terminating
            // (trackTerminatingPods), whatever the kubelet then does with
            // them, so enactJobFinished (delayTerminalCondition) holds the
            // terminal condition back to a later sync whenever this one
            // deleted a pod: `Failed` comes at the earliest with the
            // batched sync their updates cause, a second later.
            if active.is_empty() && self.terminating_pods(j) == 0 {
                self.add_condition(j, "Failed", reason.clone(), message.clone());
                self.event(
                    "Job",
                    &job_name,
                    "Warning",
                    reason,
                    message.into_owned(),
                    "job-controller",
                );
                self.job_done(j);
            }
        } else if let Some((reason, message)) = success {
            if self.has_condition(j, "SuccessCriteriaMet").is_none() {
                self.add_condition(j, "SuccessCriteriaMet", reason.clone(), message.clone());
            }
            self.count_delayed_failures(j);
            // Lingering pods are removed, not counted.
            self.delete_uncounted(j, &active);
            // As for Failed: pods deleted now are terminating this sync.
            if active.is_empty() {
                self.maybe_complete(j, reason, message);
            }
        } else {
            let active_now = if suspended {
                // manageJob on a suspended Job deletes its active pods.
                self.delete_uncounted(j, &active);
                0
            } else {
                self.manage_job(j, &active)
            };
            let succeeded = self.jobs[j].succeeded;
            let complete = match spec.completions {
                None => succeeded > 0 && active_now == 0,
                Some(c) => succeeded >= c && active_now == 0,
            };
            if complete {
                self.count_delayed_failures(j);
                self.add_condition(
                    j,
                    "SuccessCriteriaMet",
                    COMPLETIONS_REACHED.0,
                    COMPLETIONS_REACHED.1,
                );
                self.maybe_complete(j, COMPLETIONS_REACHED.0, COMPLETIONS_REACHED.1);
            } else if suspended && !self.jobs[j].suspended_recorded {
                // Only a Job that is not complete is marked suspended: the
                // condition and event once.
                self.jobs[j].suspended_recorded = true;
                self.add_condition(j, "Suspended", "JobSuspended", "Job suspended");
                self.event(
                    "Job",
                    &job_name,
                    "Normal",
                    "Suspended",
                    "Job suspended".into(),
                    "job-controller",
                );
            }
        }
        self.record_status(j);
    }

    /// `Complete` follows `SuccessCriteriaMet` once nothing is terminating.
    fn maybe_complete(&mut self, j: usize, reason: impl Into<Text>, message: impl Into<Text>) {
        if self.terminating_pods(j) > 0 {
            return;
        }
        let name = self.trace.jobs[j].name.clone();
        self.add_condition(j, "Complete", reason, message);
        self.trace.jobs[j].completion_time = Some(self.now);
        self.event(
            "Job",
            &name,
            "Normal",
            "Completed",
            "Job completed".into(),
            "job-controller",
        );
        self.job_done(j);
    }

    /// The Job just got Complete or Failed: its TTL starts.
    fn job_done(&mut self, j: usize) {
        if let Some(ttl) = self.jobs[j].spec.ttl_seconds_after_finished {
            // The TTL controller counts from the finished condition's
            // lastTransitionTime (`jobFinishTime`, ttlafterfinished), read
            // back in whole seconds.
            let at = metav1_time(self.now) + i64::from(ttl) * 1000;
            self.jobs[j].ttl_pending = Some(at);
            self.schedule(at, Ev::TtlExpired(j));
        }
    }

    fn terminating_pods(&self, j: usize) -> usize {
        self.terminating(j).count()
    }

    /// The Job's pods being deleted that have not terminated yet.
    fn terminating(&self, j: usize) -> impl Iterator<Item = usize> + '_ {
        self.jobs[j]
            .open
            .iter()
            .copied()
            .filter(|p| self.pods[*p].deleting && !self.pods[*p].phase.is_terminal())
    }

    /// `pastBackoffLimitOnFailure`: with OnFailure, the restarts of running
    /// and pending pods, summed, against backoffLimit. It is given all the
    /// Job's pods, so one being deleted (still Running while it terminates)
    /// still counts.
    fn past_backoff_limit_on_failure(&self, j: usize, pods: &[usize]) -> bool {
        let spec = &self.jobs[j].spec;
        if spec.template.spec.restart_policy() != "OnFailure" {
            return false;
        }
        let mut restarts: i64 = 0;
        for &p in pods {
            if matches!(self.pods[p].phase, Phase::Running | Phase::Pending) {
                for c in &self.trace.pods[p].containers {
                    restarts += i64::from(c.runs.len().saturating_sub(1) as u32);
                }
            }
        }
        let limit = i64::from(spec.backoff_limit());
        if limit == 0 {
            restarts > 0
        } else {
            restarts >= limit
        }
    }

    /// `matchSuccessPolicy`: the first rule whose indexes and count are met.
    fn match_success_policy(&self, j: usize) -> Option<usize> {
        let spec = &self.jobs[j].spec;
        let policy = spec.success_policy.as_ref()?;
        let done = &self.jobs[j].completed_indexes;
        for (i, rule) in policy.rules.iter().enumerate() {
            let wanted = match &rule.succeeded_indexes {
                Some(s) => crate::api::indexes::indexes(s, spec.completions.unwrap_or(0)).ok()?,
                None => (0..spec.completions.unwrap_or(0)).collect(),
            };
            let hit = wanted.iter().filter(|i| done.contains(*i)).count();
            let ok = match (rule.succeeded_indexes.is_some(), rule.succeeded_count) {
                (true, None) => hit == wanted.len(),
                (_, Some(n)) => hit >= n as usize,
                (false, None) => false,
            };
            if ok {
                return Some(i);
            }
        }
        None
    }

    /// The controller deletes a pod: SuccessfulDelete, then the kubelet
    /// stops it.
    fn delete_pod_by_controller(&mut self, j: usize, p: usize) {
        if self.pods[p].deleting {
            return;
        }
        let job_name = self.trace.jobs[j].name.clone();
        let pod_name = self.trace.pods[p].name.clone();
        self.event(
            "Job",
            &job_name,
            "Normal",
            "SuccessfulDelete",
            concat(&["Deleted pod: ", &pod_name]),
            "job-controller",
        );
        self.delete_pod(p, None);
    }

    /// Remaining pod-failure back-off (`getRemainingTimeForFailuresCount`).
    fn remaining_backoff(&self, failures: i32, last: Option<Millis>) -> Millis {
        let Some(last) = last else { return 0 };
        if failures <= 0 {
            return 0;
        }
        let mut backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF;
        for _ in 1..failures {
            backoff *= 2;
            if backoff >= MAX_JOB_POD_FAILURE_BACKOFF {
                backoff = MAX_JOB_POD_FAILURE_BACKOFF;
                break;
            }
        }
        let elapsed = self.now - last;
        if backoff < elapsed {
            0
        } else {
            backoff - elapsed
        }
    }

    /// `canRemoveFinalizer` with `getPodsWithDelayedDeletionPerIndex`:
    /// with backoffLimitPerIndex, the last failed pod of an index that will
    /// be retried keeps its finalizer (and stays out of status.failed)
    /// until the index has an active replacement, which reads the index's
    /// failure count from it. A finished Job lets every finalizer go.
    fn finalizer_removal_delayed(
        &self,
        j: usize,
        p: usize,
        active_indexes: &SortedSet<i32>,
    ) -> bool {
        let job = &self.jobs[j];
        if job.spec.backoff_limit_per_index.is_none()
            || self.has_condition(j, "FailureTarget").is_some()
            || self.has_condition(j, "SuccessCriteriaMet").is_some()
        {
            return false;
        }
        let Some(i) = self.trace.pods[p].index else {
            return false;
        };
        i < job.spec.completions.unwrap_or(0)
            && !job.completed_indexes.contains(&i)
            && !job.failed_indexes.contains(&i)
            && job.last_failed_by_index.get(&i) == Some(&p)
            && !active_indexes.contains(&i)
    }

    /// Deletes pods whose tracking finalizer goes first, so they count
    /// neither as failed nor as succeeded (a suspended Job's pods, the
    /// pods left running when a success policy is met).
    fn delete_uncounted(&mut self, j: usize, pods: &[usize]) {
        for &p in pods {
            self.pods[p].counted = true;
            self.delete_pod_by_controller(j, p);
        }
    }

    /// `jobCtx.failed` against backoffLimit: status.failed plus the failed
    /// pods still holding their finalizer (getNewFinishedPods lists them at
    /// every sync), which with backoffLimitPerIndex are the ones held back
    /// until their index has a replacement.
    fn failed_for_backoff_limit(&self, j: usize, pods: &[usize]) -> i32 {
        let held = pods
            .iter()
            .filter(|&&p| self.pods[p].failure_seen && !self.pods[p].counted)
            .count();
        self.jobs[j].failed + held as i32
    }

    /// Counts the failed pods whose finalizer was held back: the Job is
    /// finishing, so every finalizer goes.
    fn count_delayed_failures(&mut self, j: usize) {
        for k in 0..self.jobs[j].open.len() {
            let p = self.jobs[j].open[k];
            if self.pods[p].failure_seen && !self.pods[p].counted {
                self.pods[p].counted = true;
                self.jobs[j].failed += 1;
            }
        }
    }

    /// `manageJob`: creates or deletes pods to reach the wanted number of
    /// active pods; returns the number of active pods after it.
    fn manage_job(&mut self, j: usize, active: &[usize]) -> i32 {
        let spec = self.jobs[j].spec.clone();
        let mut active_n = active.len() as i32;
        let parallelism = spec.parallelism().max(0);
        let succeeded = self.jobs[j].succeeded;
        let want = match spec.completions {
            // Work queue: once a pod succeeded, no new pods.
            None => {
                if succeeded > 0 {
                    active_n
                } else {
                    parallelism
                }
            }
            Some(c) => {
                let done = if spec.is_indexed() {
                    succeeded + self.jobs[j].failed_indexes.len() as i32
                } else {
                    succeeded
                };
                (c - done).min(parallelism).max(0)
            }
        };
        // With podReplacementPolicy Failed, terminating pods still hold
        // their place until they are Failed.
        let holding = if spec.pod_replacement_policy.as_deref() == Some(FAILED) {
            self.terminating_pods(j) as i32
        } else {
            0
        };
        if active_n > want {
            // Surplus: newest and not-ready first (ActivePods, which reads
            // creationTimestamp in whole seconds); their finalizer is
            // removed first, so they are never counted.
            let mut victims: Vec<usize> = active.to_vec();
            crate::sort::sort_by_key(&mut victims, |p| {
                (
                    self.pods[*p].main_started,
                    std::cmp::Reverse(metav1_time(self.trace.pods[*p].created_at)),
                )
            });
            for p in victims
                .into_iter()
                .take((active_n - want) as usize)
                .take(MAX_POD_CREATE_DELETE_PER_SYNC)
            {
                self.pods[p].counted = true;
                self.delete_pod_by_controller(j, p);
                active_n -= 1;
            }
            return active_n;
        }
        if active_n + holding >= want {
            return active_n;
        }
        let mut diff = (want - active_n - holding) as usize;
        if diff > MAX_POD_CREATE_DELETE_PER_SYNC {
            diff = MAX_POD_CREATE_DELETE_PER_SYNC;
            self.enqueue_sync_job_batched(j);
        }
        if spec.is_indexed() {
            let job = &mut self.jobs[j];
            while job.completed_indexes.contains(&job.pending_floor)
                || job.failed_indexes.contains(&job.pending_floor)
            {
                job.pending_floor += 1;
            }
            let (indexes, wait) = self.first_pending_indexes(j, active, diff);
            if let Some(w) = wait {
                self.enqueue_sync_job_with_delay(j, w);
            }
            for i in indexes {
                self.create_pod(j, Some(i));
                active_n += 1;
            }
            return active_n;
        }
        let remaining = self.remaining_backoff(
            self.jobs[j].failures_after_last_success,
            self.jobs[j].last_failure_time,
        );
        if remaining > 0 {
            self.enqueue_sync_job_with_delay(j, remaining);
            return active_n;
        }
        for _ in 0..diff {
            self.create_pod(j, None);
            active_n += 1;
        }
        active_n
    }

    /// `firstPendingIndexes`, then, with `backoffLimitPerIndex`,
    /// `getPodCreationInfoForIndependentIndexes`; without it the Job's own
    /// back-off record decides for all indexes.
    fn first_pending_indexes(
        &self,
        j: usize,
        active: &[usize],
        n: usize,
    ) -> (Vec<i32>, Option<Millis>) {
        let spec = &self.jobs[j].spec;
        let completions = spec.completions.unwrap_or(0);
        // Not pending: active pods' indexes and, with podReplacementPolicy
        // Failed (onlyReplaceFailedPods), terminating pods' indexes too;
        // succeeded and failed indexes.
        let mut busy: SortedSet<i32> = active
            .iter()
            .filter_map(|p| self.trace.pods[*p].index)
            .collect();
        if spec.pod_replacement_policy.as_deref() == Some(FAILED) {
            busy.extend(self.terminating(j).filter_map(|p| self.trace.pods[p].index));
        }
        let per_index = spec.backoff_limit_per_index.is_some();
        if !per_index {
            let remaining = self.remaining_backoff(
                self.jobs[j].failures_after_last_success,
                self.jobs[j].last_failure_time,
            );
            if remaining > 0 {
                return (Vec::new(), Some(remaining));
            }
        }
        // firstPendingIndexes: the lowest `n` pending indexes. The three
        // sets are walked in order beside the candidate (not searched for
        // each): thousands of completed indexes can sit above the floor
        // while a failed low index waits for its back-off.
        let job = &self.jobs[j];
        let floor = job.pending_floor;
        let mut taken = [
            busy.range_from(&floor).peekable(),
            job.completed_indexes.range_from(&floor).peekable(),
            job.failed_indexes.range_from(&floor).peekable(),
        ];
        let candidates: Vec<i32> = (floor..completions)
            .filter(|i| {
                let mut pending = true;
                for set in &mut taken {
                    while set.next_if(|t| **t < *i).is_some() {}
                    if set.peek() == Some(&i) {
                        pending = false;
                    }
                }
                pending
            })
            .take(n)
            .collect();
        if !per_index {
            return (candidates, None);
        }
        // getPodCreationInfoForIndependentIndexes: of those candidates, the
        // ones whose own back-off is over start now (the last failed pod of
        // the index sets its clock: getRemainingTimePerIndex, with the
        // absolute failure count, failed plus ignored, + 1). Only when none
        // can start does the Job wait, for the shortest remaining time; a
        // later index never jumps the queue.
        let mut out = Vec::new();
        let mut wait: Option<Millis> = None;
        for i in candidates {
            let remaining = self.jobs[j].last_failed_by_index.get(&i).map_or(0, |&p| {
                let failures = self.trace.pods[p].index_failure_count
                    + self.trace.pods[p].index_ignored_failure_count
                    + 1;
                self.remaining_backoff(failures, Some(self.finished_time(p)))
            });
            if remaining > 0 {
                wait = Some(wait.map_or(remaining, |w| w.min(remaining)));
            } else {
                out.push(i);
            }
        }
        if !out.is_empty() {
            wait = None;
        }
        (out, wait)
    }

    /// Creates a pod from the Job's template
    /// (`RealPodControl.CreatePodsWithGenerateName`).
    fn create_pod(&mut self, j: usize, index: Option<i32>) {
        let job_name = self.trace.jobs[j].name.clone();
        // generateName: `<job>-` or, for Indexed Jobs, `<job>-<index>-`,
        // written in a buffer kept between pods so that the name costs
        // one allocation, its `Rc<str>`.
        let mut buf = std::mem::take(&mut self.name_buf);
        buf.clear();
        push_pod_hostname_base(&mut buf, &job_name, index);
        buf.push('-');
        // The API server's SimpleNameGenerator keeps 58 characters of the
        // base (maxGeneratedNameLength, 63 less the 5 of the suffix); for
        // an Indexed pod, podGenerateNameWithIndex already cut the Job's
        // name so that `-<index>-` stays whole. Names are ASCII.
        if buf.len() > MAX_GENERATED_NAME_LENGTH {
            // Names the API server accepts are ASCII; the engine alone may
            // be given others, cut at a character's boundary.
            let cut = |buf: &mut String, mut at: usize| {
                while !buf.is_char_boundary(at) {
                    at -= 1;
                }
                buf.truncate(at);
            };
            match index {
                Some(i) => {
                    let tail = buf.len() - job_name.len();
                    cut(&mut buf, MAX_GENERATED_NAME_LENGTH.saturating_sub(tail));
                    buf.push('-');
                    buf.push_str(Decimal::new(i64::from(i)).as_str());
                    buf.push('-');
                }
                None => cut(&mut buf, MAX_GENERATED_NAME_LENGTH),
            }
        }
        self.rng.push_k8s_suffix(&mut buf, 5);
        let name: Rc<str> = buf.as_str().into();
        self.name_buf = buf;
        let uid = self.rng.uid();
        let p = self.trace.pods.len();
        let count_of =
            |m: &SortedMap<i32, i32>| index.map_or(0, |i| m.get(&i).copied().unwrap_or(0));
        let index_failure_count = count_of(&self.jobs[j].failures_by_index);
        let index_ignored_failure_count = count_of(&self.jobs[j].ignored_failures_by_index);
        let pod_spec = self.jobs[j].pod_spec.clone();
        let template = self.jobs[j].containers.clone();
        let mut containers = Vec::with_capacity(template.len());
        let mut records = Vec::with_capacity(template.len());
        for (init, c) in template.iter() {
            let (init, c) = (*init, c.clone());
            let sidecar = init && c.is_sidecar();
            containers.push(ContainerLive {
                spec: c.clone(),
                init,
                sidecar,
                gen: 0,
                running: None,
                done: false,
                backing_off: false,
                terminating: false,
                liveness_killed: false,
                prober: None,
                startup_ok: false,
                ready: false,
                awaiting_turn: None,
                backoff: None,
                logged_upto: 0,
                calls: Vec::new(),
            });
            records.push(ContainerRecord {
                name: c.name.clone(),
                image: c.image.clone(),
                init,
                sidecar,
                runs: Vec::with_capacity(1),
                waits: Vec::new(),
            });
        }
        self.trace.pods.push(PodRecord {
            name: name.clone(),
            uid,
            job: j,
            index,
            ip: concat(&[
                "10.244.",
                Decimal::new(1 + (p / 250 % 250) as i64).as_str(),
                ".",
                Decimal::new(2 + (p % 250) as i64).as_str(),
            ]),
            created_at: self.now,
            started_at: None,
            deletion_at: None,
            deletion_grace_seconds: pod_spec.grace_period_seconds(),
            removed_at: None,
            // Pending, Running, then Succeeded or Failed, for most pods.
            phases: {
                let mut phases = Vec::with_capacity(3);
                phases.push((self.now, Phase::Pending));
                phases
            },
            conditions: Vec::new(),
            reason: None,
            containers: records,
            index_failure_count,
            index_ignored_failure_count,
        });
        self.pods.push(PodLive {
            job: j,
            spec: pod_spec,
            phase: Phase::Pending,
            containers,
            next_init: 0,
            main_started: false,
            started: false,
            deleting: false,
            counted: false,
            failure_seen: false,
            failing: None,
        });
        self.trace.jobs[j].pods.push(p);
        self.jobs[j].open.push(p);
        self.event(
            "Job",
            &job_name,
            "Normal",
            "SuccessfulCreate",
            concat(&["Created pod: ", &name]),
            "job-controller",
        );
        self.event(
            "Pod",
            &name,
            "Normal",
            "Scheduled",
            concat(&[
                "Successfully assigned default/",
                &name,
                " to ",
                super::kubelet::NODE_NAME,
            ]),
            "default-scheduler",
        );
        let startup = self.scenario.pod_startup;
        self.schedule(self.now + startup, Ev::PodStartup(p));
        // addPod: the informer sees the new pod and the Job is synced
        // again, batched (enqueueSyncJobBatched).
        self.enqueue_sync_job_batched(j);
    }

    /// Appends the Job's status counters if they changed.
    pub(crate) fn record_status(&mut self, j: usize) {
        // Pods both counted and terminated need no more looking at.
        let pods_live = &self.pods;
        self.jobs[j]
            .open
            .retain(|p| !(pods_live[*p].counted && pods_live[*p].phase.is_terminal()));
        let pods = &self.jobs[j].open;
        let mut counts = JobCounts {
            succeeded: self.jobs[j].succeeded,
            failed: self.jobs[j].failed,
            ..JobCounts::default()
        };
        for &p in pods {
            let live = &self.pods[p];
            if live.phase.is_terminal() {
                continue;
            }
            if live.deleting {
                counts.terminating += 1;
            } else {
                counts.active += 1;
                // countReadyPods: IsPodReady, the pod's Ready condition,
                // which wants every regular container and sidecar ready,
                // and every readiness gate True (nothing sets them here).
                if live.phase == Phase::Running
                    && live.spec.readiness_gates.is_empty()
                    && live
                        .containers
                        .iter()
                        .filter(|c| !c.init || c.sidecar)
                        .all(|c| c.running.is_some() && c.startup_ok && c.ready)
                {
                    counts.ready += 1;
                }
            }
        }
        let job = &mut self.jobs[j];
        if job.spec.is_indexed() {
            let sizes = (job.completed_indexes.len(), job.failed_indexes.len());
            let last = self.trace.jobs[j].status.last().map(|(_, c)| c);
            match last.filter(|_| job.indexes_written == Some(sizes)) {
                Some(c) => counts.indexes = c.indexes.clone(),
                None => {
                    counts.indexes = Some(Rc::new(IndexTexts {
                        completed: format_intervals(&job.completed_indexes),
                        failed: job
                            .spec
                            .backoff_limit_per_index
                            .map(|_| format_intervals(&job.failed_indexes)),
                    }));
                    job.indexes_written = Some(sizes);
                }
            }
        }
        let status = &mut self.trace.jobs[j].status;
        if status.last().is_none_or(|(_, c)| *c != counts) {
            status.push((self.now, counts));
            self.enqueue_owner_cron_job(j);
        }
    }

    /// A `suspend` or `resume` fault: the Job's `spec.suspend` changes and
    /// the controller syncs it (updateJob enqueues it at once).
    pub(crate) fn set_job_suspend(&mut self, j: usize, suspend: bool) {
        Rc::make_mut(&mut self.jobs[j].spec).suspend = Some(suspend);
        Rc::make_mut(&mut self.trace.jobs[j].spec).suspend = Some(suspend);
        self.enqueue_sync_job_now(j);
        self.enqueue_owner_cron_job(j);
    }

    /// `ttlSecondsAfterFinished`: the TTL controller deletes the Job with
    /// foreground propagation (pods first).
    pub(crate) fn ttl_expired(&mut self, j: usize) {
        self.jobs[j].ttl_pending = None;
        let now = self.now;
        for p in self.trace.jobs[j].pods.clone() {
            if self.trace.pods[p].removed_at.is_none() {
                self.trace.pods[p].removed_at = Some(now);
            }
        }
        self.trace.jobs[j].deleted_at = Some(now);
        self.enqueue_owner_cron_job(j);
    }
}
