//! CronJob controller v2 as whole runs (pkg/controller/cronjob,
//! ../shared/design/k8s-semantics.md §5).

mod common;
use common::*;
use job_playground::sim::Options;

fn cron(name: &str, spec: &str, script: &str) -> String {
    format!(
        "apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
{spec}
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 0
          containers:
          - name: task
            image: busybox:1.36
            command: [sh, -c, '{script}']
"
    )
}

const START: &str = "start: \"2026-03-02T00:00:00Z\"\n";

/// Job names are `<cronjob>-<scheduled time in unix minutes>`
/// (getJobName); one Job per due time; history keeps 3 successful Jobs.
#[test]
fn allow_names_and_history() {
    let t = run(
        &cron("rapport", "  schedule: \"*/5 * * * *\"", "echo ok"),
        START,
    );
    // One hour from 00:00: due at 00:05 … 00:55 (the controller wakes 100 ms
    // after each due time, nextScheduleDelta, so 01:00 falls past the hour).
    assert_eq!(t.jobs.len(), 11);
    assert_eq!(
        t.jobs[0].name.to_string(),
        format!("rapport-{}", (1_772_409_600 + 300) / 60)
    );
    assert_eq!(t.jobs[0].created_at, 300_100);
    let kept = t.jobs.iter().filter(|j| j.deleted_at.is_none()).count();
    assert_eq!(kept, 3, "successfulJobsHistoryLimit 3");
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "SawCompletedJob" && e.message.ends_with("condition: Complete")));
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "SuccessfulDelete" && e.kind == "CronJob"));
}

/// Forbid: while a Job runs, nothing starts (JobAlreadyActive); the due
/// time is not marked done, so it starts late when the Job ends.
#[test]
fn forbid_skips_while_active_then_starts_late() {
    let t = run(
        &cron(
            "lent",
            "  schedule: \"* * * * *\"\n  concurrencyPolicy: Forbid",
            "sleep 150",
        ),
        START,
    );
    assert!(t.events.iter().any(|e| e.reason == "JobAlreadyActive"));
    // First Job at 60.1 s, its pod starts at 61.1 s and sleeps 150 s: it
    // ends at 211.1 s and the Job completes in the batched sync at 212.1 s;
    // the due time 180 s is still the latest one and starts late.
    assert_eq!(t.jobs[1].created_at / 1000, 212);
    for w in t.jobs.windows(2) {
        assert!(
            w[1].created_at >= w[0].finished_at(i64::MAX).unwrap().at,
            "never two at once"
        );
    }
}

/// The Job informer's handlers (addJob, updateJob, deleteJob) enqueue the
/// owning CronJob at once: while a due time is blocked by Forbid, every
/// status write of the running Job brings a sync, and with it another
/// JobAlreadyActive, between the scheduled times too.
#[test]
fn forbid_says_job_already_active_at_each_write_of_the_running_job() {
    let manifest = cron(
        "bloque",
        "  schedule: \"* * * * *\"\n  concurrencyPolicy: Forbid",
        "sleep 50; exit 1",
    )
    .replace("backoffLimit: 0", "backoffLimit: 3");
    let t = run_with(
        &manifest,
        START,
        &Options {
            until: Some(300_000),
            ..Options::default()
        },
    );
    let e = t
        .events
        .iter()
        .find(|e| e.reason == "JobAlreadyActive")
        .expect("JobAlreadyActive");
    // The first Job (60.1 s) retries past 120 s: blocked from the 120.1 s
    // sync on. The schedule alone would say it three times by 300 s (120.1,
    // 180.1, 240.1); the Job's writes (new pods, failures, readiness) add
    // the rest. The first pod fails at 111.1 s, but its finishedAt reads
    // 111 s (whole seconds), so the back-off puts the new pods at 121, 192
    // and 283 s, and the last write is the last pod's start, at 284 s.
    assert_eq!(e.first_at, 120_100);
    assert!(e.count > 3, "{e:?}");
    assert_eq!(e.last_at, 284_000);
}

/// Allow: a new Job alongside the running one.
#[test]
fn allow_runs_concurrently() {
    let t = run(
        &cron("lent", "  schedule: \"* * * * *\"", "sleep 150"),
        START,
    );
    assert_eq!(t.jobs[1].created_at, 120_100);
    assert!(t.jobs[0].finished_at(i64::MAX).unwrap().at > 120_100);
}

/// Replace: the running Job is deleted first (SuccessfulDelete "Deleted
/// job …"), then the new one is created.
#[test]
fn replace_deletes_the_active_job() {
    let t = run(
        &cron(
            "remplace",
            "  schedule: \"* * * * *\"\n  concurrencyPolicy: Replace",
            "sleep 150",
        ),
        START,
    );
    assert_eq!(t.jobs[0].deleted_at, Some(120_100));
    assert!(t.events.iter().any(|e| e.reason == "SuccessfulDelete"
        && e.message == format!("Deleted job {}", t.jobs[0].name)));
}

/// `sync` calls cleanupFinishedJobs before syncCronJob: the Job trimmed by
/// the history limit is deleted (and leaves status.active) first, then the
/// Job that just finished is seen.
#[test]
fn history_trim_comes_before_saw_completed_job() {
    let t = run(
        &cron("rapport", "  schedule: \"*/5 * * * *\"", "echo ok"),
        START,
    );
    let pos = |reason: &str, job: usize| {
        t.events
            .iter()
            .position(|e| e.reason == reason && e.message.contains(&*t.jobs[job].name))
            .unwrap_or_else(|| panic!("no {reason} for job {job}"))
    };
    // The 4th completion trims the 1st Job, in the same sync.
    let delete = pos("SuccessfulDelete", 0);
    let seen = pos("SawCompletedJob", 3);
    assert_eq!(t.events[delete].first_at, t.events[seen].first_at);
    assert!(
        delete < seen,
        "SuccessfulDelete must precede SawCompletedJob"
    );
}

/// successfulJobsHistoryLimit 0: each Job is deleted by the sync that sees
/// it complete, so it never gets a SawCompletedJob (it left status.active
/// in deleteJob), yet lastSuccessfulTime still follows its completionTime.
#[test]
fn history_limit_zero_deletes_without_saw_completed_job() {
    let t = run(
        &cron(
            "zero",
            "  schedule: \"*/5 * * * *\"\n  successfulJobsHistoryLimit: 0",
            "echo ok",
        ),
        START,
    );
    assert!(t.jobs.iter().all(|j| j.deleted_at.is_some()));
    assert!(!t.events.iter().any(|e| e.reason == "SawCompletedJob"));
    let last_done = t.jobs.last().unwrap().completion_time.unwrap();
    let (_, unix) = *t.cron_jobs[0].last_successful.last().unwrap();
    assert_eq!(unix, t.start_unix + last_done / 1000);
    assert!(t.cron_jobs[0]
        .last_successful
        .windows(2)
        .all(|w| w[0].1 < w[1].1));
}

/// failedJobsHistoryLimit 1: only the newest failed Job is kept.
#[test]
fn failed_history_limit() {
    let t = run(
        &cron("echoue", "  schedule: \"*/10 * * * *\"", "exit 1"),
        START,
    );
    let failed_kept = t
        .jobs
        .iter()
        .filter(|j| {
            j.deleted_at.is_none() && j.finished_at(i64::MAX).is_some_and(|c| c.type_ == "Failed")
        })
        .count();
    assert_eq!(failed_kept, 1);
    assert_eq!(t.jobs.len(), 5);
}

/// suspend: no Job at all.
#[test]
fn suspended_cron_job_creates_nothing() {
    let t = run(
        &cron(
            "pause",
            "  schedule: \"* * * * *\"\n  suspend: true",
            "true",
        ),
        START,
    );
    assert!(t.jobs.is_empty());
}

/// A schedule that parses but never fires: InvalidSchedule, no Job.
#[test]
fn schedule_that_never_fires() {
    let t = run(
        &cron("jamais", "  schedule: \"59 23 31 2 *\"", "true"),
        START,
    );
    assert!(t.jobs.is_empty());
    // syncCronJob words it "invalid schedule: %s : %s" with the error
    // mostRecentScheduleTime returned.
    let e = t
        .events
        .iter()
        .find(|e| e.reason == "InvalidSchedule" && e.type_ == "Warning")
        .expect("an InvalidSchedule warning");
    assert_eq!(
        e.message,
        "invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second"
    );
}

/// timeZone: `0 2 * * *` in Europe/Paris fires at 01:00Z in winter.
#[test]
fn time_zone() {
    let opts = Options {
        until: Some(26 * 3_600_000),
        ..Options::default()
    };
    let t = run_with(
        &cron(
            "paris",
            "  schedule: \"0 2 * * *\"\n  timeZone: Europe/Paris",
            "true",
        ),
        START,
        &opts,
    );
    assert_eq!(t.jobs[0].created_at, 3_600_100);
    let t = run_with(
        &cron("utc", "  schedule: \"0 2 * * *\"", "true"),
        START,
        &opts,
    );
    assert_eq!(t.jobs[0].created_at, 2 * 3_600_000 + 100);
}

/// startingDeadlineSeconds: a late start outside the window is skipped
/// silently (Forbid + a long Job).
#[test]
fn starting_deadline_skips_late_runs() {
    let t = run(
        &cron(
            "fenetre",
            "  schedule: \"* * * * *\"\n  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 10",
            "sleep 150",
        ),
        START,
    );
    // The Job started at 60.1 s ends at 211.1 s; the 180 s run is 31 s late,
    // beyond the 10 s window: skipped; the next one is at 240 s.
    assert_eq!(t.jobs[1].created_at, 240_100);
}

/// More than 100 missed runs (here: suspended for 3 h, resumed): a Warning
/// TooManyMissedTimes, and the latest run still starts (v2 controller).
#[test]
fn too_many_missed_times_still_starts_the_latest() {
    let scenario = format!("{START}faults:\n  - {{at: 3h, action: resume, target: rattrapage}}\n");
    let opts = Options {
        until: Some(3 * 3_600_000 + 30_000),
        ..Options::default()
    };
    let t = run_with(
        &cron(
            "rattrapage",
            "  schedule: \"* * * * *\"\n  suspend: true",
            "true",
        ),
        &scenario,
        &opts,
    );
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "TooManyMissedTimes" && e.type_ == "Warning"));
    assert_eq!(t.jobs.len(), 1, "no back-fill");
    assert_eq!(t.jobs[0].created_at, 3 * 3_600_000);
    assert_eq!(t.jobs[0].scheduled_unix, Some(1_772_409_600 + 3 * 3600));
}

/// getJobFromTemplate2 puts jobTemplate.metadata.labels on the Job only;
/// its pods carry the pod template's labels (plus the Job controller's).
#[test]
fn job_template_labels_stay_on_the_job() {
    let m = "apiVersion: batch/v1
kind: CronJob
metadata:
  name: etiquettes
spec:
  schedule: \"*/5 * * * *\"
  jobTemplate:
    metadata:
      labels:
        team: data
    spec:
      template:
        metadata:
          labels:
            app: export
        spec:
          restartPolicy: Never
          containers:
          - name: task
            image: busybox:1.36
            command: [sh, -c, 'sleep 600']
";
    let t = run(m, START);
    let at = 400_000; // the 00:05 Job is running
    let k = |line: &str| job_playground::kubectl::run(&t, at, line).unwrap();
    assert!(k("get jobs -l team=data").contains(&*t.jobs[0].name));
    let pods_team = k("get pods -l team=data");
    assert!(!pods_team.contains(&*t.jobs[0].name), "{pods_team}");
    assert!(k("get pods -l app=export").contains(&*t.jobs[0].name));
}

/// `@every 20s` gives three due times per minute, and a Job's name only
/// has the minute: CreateJob answers AlreadyExists for the second and
/// third, and syncCronJob takes the existing Job back into status.active
/// (it sees it finished again at the next sync) and moves
/// lastScheduleTime, with no second Job and no second SuccessfulCreate.
#[test]
fn a_second_run_in_the_same_minute_finds_its_job_already_there() {
    let t = run_with(
        &cron("ev", "  schedule: \"@every 20s\"", "sleep 5"),
        START,
        &Options {
            until: Some(130_000),
            ..Options::default()
        },
    );
    let names: Vec<&str> = t.jobs.iter().map(|j| &*j.name).collect();
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(names.len(), unique.len(), "{names:?}");
    assert_eq!(names.len(), 3, "{names:?}");
    let created: Vec<&str> = t
        .events
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate" && e.kind == "CronJob")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(created.len(), 3, "{created:?}");
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "SawCompletedJob" && e.count >= 2));
    // lastScheduleTime moved to the third due time of the first minute.
    let last = &t.cron_jobs[0].last_schedule;
    assert!(last.iter().any(|&(_, u)| u % 60 == 40), "{last:?}");
}

/// A script that reads nothing of its container is run once and replayed
/// (`Script::same_every_run`): the runs are those of the same script
/// written so that each run is interpreted.
#[test]
fn a_replayed_script_runs_as_an_interpreted_one() {
    let spec =
        "  schedule: \"* * * * *\"\n  successfulJobsHistoryLimit: 2\n  failedJobsHistoryLimit: 2";
    let opts = Options {
        until: Some(12 * 60_000),
        ..Options::default()
    };
    let replayed = run_with(
        &cron("c", spec, "echo tick; echo \"to  ck\"; false || exit 3"),
        START,
        &opts,
    );
    let interpreted = run_with(
        &cron(
            "c",
            spec,
            "echo ${NOPE:-tick}; echo \"to  ck\"; false || exit ${NOPE:-3}",
        ),
        START,
        &opts,
    );
    assert_eq!(replayed.jobs.len(), 11, "one Job a minute from 1 min");
    let json = |t| job_playground::sim::json::to_json(t).to_string();
    assert_eq!(json(&replayed), json(&interpreted));
    let logs: Vec<_> = replayed
        .logs
        .iter()
        .map(|l| (l.at, l.text.as_str()))
        .collect();
    assert_eq!(logs.len(), 22);
    assert_eq!(logs[20..], [(661_100, "tick"), (661_100, "to  ck")]);
}
