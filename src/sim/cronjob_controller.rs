//! The CronJob controller v2 (`pkg/controller/cronjob/cronjob_controllerv2.go`,
//! `syncCronJob`): which due time to run (only the most recent, no
//! back-fill), concurrency policies, history limits, and its events. Each
//! Job it creates runs through the same Job controller and kubelet.

use super::cron::{self, Schedule};
use super::trace::*;
use super::{Cluster, Ev};
use crate::api::CronJob;

/// The controller's memory of one CronJob.
#[derive(Debug, Clone)]
pub struct CronLive {
    /// Its name, shared by every Job it creates (`ownerReferences`).
    pub name: std::rc::Rc<str>,
    pub schedule: Option<std::rc::Rc<Schedule>>,
    /// `status.lastScheduleTime` (unix seconds).
    pub last_schedule: Option<i64>,
    /// `status.active`: Jobs (indices into the trace).
    pub active: Vec<usize>,
    pub next_sync: Option<Millis>,
    /// Jobs it created that still exist (history trimming looks only here).
    pub kept: Vec<usize>,
    /// The Job spec every run gets (`jobTemplate.spec`), built once.
    pub job_spec: std::rc::Rc<crate::api::JobSpec>,
    pub pod_spec: std::rc::Rc<crate::api::PodSpec>,
}

impl Cluster {
    fn unix_now(&self) -> i64 {
        self.scenario.start_unix + self.now.div_euclid(1000)
    }
    fn at_of_unix(&self, unix: i64) -> Millis {
        (unix - self.scenario.start_unix) * 1000
    }

    pub(crate) fn create_cron_job(&mut self, cj: &CronJob, name: String) {
        let formatted = cron::format_schedule(&cj.spec.schedule, cj.spec.time_zone.as_deref());
        let schedule = cron::parse_standard(&formatted).ok().map(std::rc::Rc::new);
        self.trace.cron_jobs.push(CronJobRecord {
            name: name.clone(),
            meta: crate::api::ObjectMeta {
                labels: cj.metadata.labels.clone(),
                annotations: cj.metadata.annotations.clone(),
                ..Default::default()
            },
            spec: std::rc::Rc::new(cj.spec.clone()),
            created_at: self.now,
            last_schedule: Vec::new(),
            last_successful: Vec::new(),
            jobs: Vec::new(),
            scheduled: Vec::new(),
        });
        // getJobFromTemplate2: jobTemplate.metadata labels and annotations
        // go on the Job's own metadata (kubectl's job_labels reads them);
        // the Job spec, pod template included, is copied as written, so
        // the pods carry only the pod template's labels.
        let job_spec = cj.spec.job_template.spec.clone();
        self.crons.push(CronLive {
            name: name.into(),
            schedule,
            last_schedule: None,
            active: Vec::new(),
            next_sync: None,
            kept: Vec::new(),
            job_spec: std::rc::Rc::new(job_spec.clone()),
            pod_spec: std::rc::Rc::new(job_spec.template.spec.clone()),
        });
        let i = self.crons.len() - 1;
        self.enqueue_cron(i, 0);
    }

    fn enqueue_cron(&mut self, i: usize, delay: Millis) {
        let at = self.now + delay.max(0);
        if self.crons[i].next_sync.is_some_and(|n| n <= at) {
            return;
        }
        self.crons[i].next_sync = Some(at);
        self.schedule(at, Ev::SyncCronJob(i));
    }

    /// A Job was added, written or deleted: the CronJob controller's Job
    /// informer handlers (addJob, updateJob on a new resourceVersion,
    /// deleteJob) enqueue the CronJob that owns it, at once. So a Forbid
    /// CronJob whose due time is blocked says JobAlreadyActive again at
    /// each status write of the running Job.
    pub(crate) fn enqueue_owner_cron_job(&mut self, j: usize) {
        let Some(owner) = &self.trace.jobs[j].cron_job else {
            return;
        };
        if let Some(i) = self
            .crons
            .iter()
            .position(|c| std::rc::Rc::ptr_eq(&c.name, owner))
        {
            self.enqueue_cron(i, 0);
        }
    }

    /// `syncCronJob`.
    pub(crate) fn sync_cron_job(&mut self, i: usize) {
        if self.crons[i].next_sync != Some(self.now) {
            return;
        }
        self.crons[i].next_sync = None;
        let name = self.crons[i].name.clone();
        let spec = self.trace.cron_jobs[i].spec.clone();

        // `sync` runs cleanupFinishedJobs before syncCronJob: Jobs trimmed by
        // the history limits leave status.active there (deleteJob's
        // deleteFromActiveList), so they get a SuccessfulDelete and no
        // SawCompletedJob; a completed one still moves lastSuccessfulTime.
        // (Job, true if Complete, false if Failed).
        let finished_active: Vec<(usize, bool)> = self.crons[i]
            .active
            .iter()
            .filter_map(|&j| {
                let c = self.trace.jobs[j].finished_at(self.now)?;
                Some((j, c.type_ == "Complete"))
            })
            .collect();
        self.cleanup_finished_jobs(i);

        // syncCronJob: finished children still in status.active leave it
        // (SawCompletedJob, `condition: <type>` from
        // jobutil.FinishedCondition as in current upstream; releases before
        // it printed `status:`);
        // lastSuccessfulTime follows the latest
        // completionTime (only ever moves forward).
        for (j, complete) in finished_active {
            let type_ = if complete { "Complete" } else { "Failed" };
            if let Some(k) = self.crons[i].active.iter().position(|a| *a == j) {
                self.crons[i].active.remove(k);
                let message = super::concat(&[
                    "Saw completed job: ",
                    &self.trace.jobs[j].name,
                    ", condition: ",
                    type_,
                ]);
                self.event(
                    "CronJob",
                    &name,
                    "Normal",
                    "SawCompletedJob",
                    message,
                    "cronjob-controller",
                );
            }
            if complete {
                let ct = self.trace.jobs[j].completion_time.unwrap_or(self.now);
                let unix = self.scenario.start_unix + ct.div_euclid(1000);
                let last = self.trace.cron_jobs[i].last_successful.last();
                if last.is_none_or(|(_, prev)| unix > *prev) {
                    self.trace.cron_jobs[i]
                        .last_successful
                        .push((self.now, unix));
                }
            }
        }

        if spec.suspend.unwrap_or(false) {
            return;
        }
        let Some(schedule) = self.crons[i].schedule.clone() else {
            return;
        };
        let now_unix = self.unix_now();
        let created_unix =
            self.scenario.start_unix + self.trace.cron_jobs[i].created_at.div_euclid(1000);
        let earliest = self.crons[i].last_schedule.unwrap_or(created_unix);
        let next = match cron::next_schedule_time(
            earliest,
            now_unix,
            &schedule,
            spec.starting_deadline_seconds,
        ) {
            Ok(n) => n,
            Err(err) => {
                // A schedule that parses but never fires: syncCronJob's
                // "invalid schedule: %s : %s" with nextScheduleTime's error.
                self.event(
                    "CronJob",
                    &name,
                    "Warning",
                    "InvalidSchedule",
                    format!("invalid schedule: {} : {err}", spec.schedule),
                    "cronjob-controller",
                );
                return;
            }
        };
        if next.too_many_missed {
            self.event(
                "CronJob",
                &name,
                "Warning",
                "TooManyMissedTimes",
                cron::TOO_MANY_MISSED_MESSAGE.to_string(),
                "cronjob-controller",
            );
        }
        let requeue = |c: &mut Self, earliest_after: i64| {
            if let Some(d) =
                cron::next_schedule_time_duration_ms(earliest_after, c.unix_now(), &schedule)
            {
                let sub = c.now.rem_euclid(1000);
                c.enqueue_cron(i, d - sub);
            }
        };
        let Some(scheduled) = next.time else {
            requeue(self, earliest);
            return;
        };
        // The Job name is `<cronjob>-<scheduled unix minutes>` (getJobName):
        // an active Job of this CronJob has that name exactly when it was
        // scheduled in the same minute.
        let minute = scheduled.div_euclid(60);
        let already = self.crons[i].active.iter().any(|j| {
            self.trace.jobs[*j]
                .scheduled_unix
                .is_some_and(|u| u.div_euclid(60) == minute)
        }) || self.crons[i].last_schedule == Some(scheduled);
        if already {
            requeue(self, scheduled);
            return;
        }
        let policy = spec.concurrency_policy.as_deref().unwrap_or("Allow");
        if policy == "Forbid" && !self.crons[i].active.is_empty() {
            self.event("CronJob", &name, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid".into(), "cronjob-controller");
            requeue(self, scheduled);
            return;
        }
        if policy == "Replace" {
            for j in self.crons[i].active.clone() {
                let jn = self.trace.jobs[j].name.clone();
                self.event(
                    "CronJob",
                    &name,
                    "Normal",
                    "SuccessfulDelete",
                    super::concat(&["Deleted job ", &jn]),
                    "cronjob-controller",
                );
                self.delete_job(j);
                self.crons[i].active.retain(|a| *a != j);
            }
        }
        // Written in the buffer pod names use: the name costs one
        // allocation, its `Rc<str>`.
        let mut buf = std::mem::take(&mut self.name_buf);
        buf.clear();
        buf.push_str(&name);
        buf.push('-');
        buf.push_str(super::Decimal::new(minute).as_str());
        let job_name: std::rc::Rc<str> = buf.as_str().into();
        self.name_buf = buf;
        // CreateJob answers AlreadyExists while a Job of that name is still
        // there (an `@every` under a minute names two runs alike): the
        // controller takes its own Job back into status.active and moves
        // lastScheduleTime, without a SuccessfulCreate ("Job already
        // exists" is only logged). The next sync sees it finished again.
        let existing = self.crons[i].kept.iter().copied().find(|&j| {
            self.trace.jobs[j].deleted_at.is_none() && *self.trace.jobs[j].name == *job_name
        });
        if let Some(j) = existing {
            if !self.crons[i].active.contains(&j) {
                self.crons[i].active.push(j);
            }
            self.crons[i].last_schedule = Some(scheduled);
            self.trace.cron_jobs[i]
                .last_schedule
                .push((self.now, scheduled));
            requeue(self, scheduled);
            return;
        }
        let job_spec = self.crons[i].job_spec.clone();
        let j = self.create_job(
            job_name.clone(),
            job_spec,
            Some(name.clone()),
            Some(scheduled),
            None,
        );
        self.event(
            "CronJob",
            &name,
            "Normal",
            "SuccessfulCreate",
            super::concat(&["Created job ", &job_name]),
            "cronjob-controller",
        );
        self.crons[i].active.push(j);
        self.crons[i].kept.push(j);
        self.crons[i].last_schedule = Some(scheduled);
        let at = self.at_of_unix(scheduled);
        self.trace.cron_jobs[i].jobs.push(j);
        self.trace.cron_jobs[i].scheduled.push(at);
        self.trace.cron_jobs[i]
            .last_schedule
            .push((self.now, scheduled));
        requeue(self, scheduled);
    }

    /// `cleanupFinishedJobs`: keep the newest successful and failed Jobs up
    /// to their history limits; delete the rest, oldest start time first.
    fn cleanup_finished_jobs(&mut self, i: usize) {
        let spec = self.trace.cron_jobs[i].spec.clone();
        let name = self.crons[i].name.clone();
        for (kind, limit) in [
            ("Complete", spec.successful_jobs_history_limit.unwrap_or(3)),
            ("Failed", spec.failed_jobs_history_limit.unwrap_or(1)),
        ] {
            self.crons[i]
                .kept
                .retain(|j| self.trace.jobs[*j].deleted_at.is_none());
            let is_finished = |j: &usize| {
                self.trace.jobs[*j]
                    .finished_at(self.now)
                    .is_some_and(|c| c.type_ == kind)
            };
            // Counted first: most syncs are within the limit and need no
            // list.
            let limit = usize::try_from(limit.max(0)).unwrap_or(0);
            if self.crons[i].kept.iter().filter(|j| is_finished(j)).count() <= limit {
                continue;
            }
            let mut finished: Vec<usize> = self.crons[i]
                .kept
                .iter()
                .copied()
                .filter(is_finished)
                .collect();
            // byJobStartTime: oldest startTime first (as the informer holds
            // it, in whole seconds), the name breaking ties, a Job never
            // started last.
            crate::sort::sort_by_key(&mut finished, |j| {
                let job = &self.trace.jobs[*j];
                (
                    job.start_time.is_none(),
                    job.start_time.map(metav1_time),
                    job.name.clone(),
                )
            });
            let excess = finished.len() - limit;
            for j in finished.into_iter().take(excess) {
                let jn = self.trace.jobs[j].name.clone();
                // deleteJob: the Job (its pods go with it) and its
                // reference in status.active.
                self.delete_job(j);
                self.crons[i].active.retain(|a| *a != j);
                self.event(
                    "CronJob",
                    &name,
                    "Normal",
                    "SuccessfulDelete",
                    super::concat(&["Deleted job ", &jn]),
                    "cronjob-controller",
                );
            }
        }
    }

    /// A `suspend` or `resume` fault on the CronJob; on resume the
    /// controller syncs at once (missed runs: only the latest starts).
    pub(crate) fn set_cron_suspend(&mut self, i: usize, suspend: bool) {
        std::rc::Rc::make_mut(&mut self.trace.cron_jobs[i].spec).suspend = Some(suspend);
        if !suspend {
            self.enqueue_cron(i, 0);
        }
    }

    /// Deletes a Job with background propagation: its pods go too
    /// (running ones are stopped gracefully).
    pub(crate) fn delete_job(&mut self, j: usize) {
        let now = self.now;
        self.trace.jobs[j].deleted_at = Some(now);
        self.jobs[j].next_sync = None;
        self.enqueue_owner_cron_job(j);
        for k in 0..self.trace.jobs[j].pods.len() {
            let p = self.trace.jobs[j].pods[k];
            if self.pods[p].phase.is_terminal() {
                self.trace.pods[p].removed_at.get_or_insert(now);
            } else {
                self.delete_pod(p, None);
            }
        }
    }
}
