//! Whole runs through the public API, each stating the upstream behaviour
//! it follows (pkg/controller/job, ../shared/design/k8s-semantics.md §2).

mod common;
use common::*;
use job_playground::sim::Options;

/// Never: the Job fails when failed > backoffLimit, so backoffLimit 3
/// gives 4 failed pods (k8s-semantics §2.2); each replacement waits
/// 10 s · 2^(n-1) from the previous pod's finish (backoff_utils.go).
#[test]
fn never_backoff_limit_3_gives_four_pods_and_the_ladder() {
    let t = run(
        &job("echec", "  backoffLimit: 3", "Never", "echo boom\nexit 1"),
        "",
    );
    assert_eq!(t.pods.len(), 4);
    // Pod 0 created at 0, starts at 1 (podStartup), exits at once, Failed;
    // every pod update reaches the Job batched (updatePod →
    // enqueueSyncJobBatched, syncJobBatchPeriod 1 s) and the back-off
    // runs 10 s from its finish time (1) → pod 1 at 11; it fails at 12 →
    // 12 + 20 = 32; fails at 33 → 33 + 40 = 73. The last pod fails at 74
    // and the sync a second later gives the verdict (no back-off first).
    assert_eq!(pod_created(&t), vec![0.0, 11.0, 32.0, 73.0]);
    let conds = conditions(&t);
    assert_eq!(
        conds,
        vec![
            ("FailureTarget".into(), "BackoffLimitExceeded".into(), 75.0),
            ("Failed".into(), "BackoffLimitExceeded".into(), 75.0),
        ]
    );
    let j = &t.jobs[0];
    assert_eq!(j.counts_at(t.end).failed, 4);
    assert_eq!(j.completion_time, None, "only Complete sets completionTime");
}

#[test]
fn never_backoff_limit_0_fails_on_first_pod() {
    let t = run(&job("zero", "  backoffLimit: 0", "Never", "exit 1"), "");
    assert_eq!(t.pods.len(), 1);
    assert_eq!(conditions(&t).last().unwrap().0, "Failed");
}

#[test]
fn default_backoff_limit_is_6_seven_pods() {
    let t = run(&job("defaut", "  parallelism: 1", "Never", "exit 1"), "");
    assert_eq!(t.pods.len(), 7);
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 7);
}

/// A successful pod completes the Job with CompletionsReached on both
/// SuccessCriteriaMet and Complete (k8s-semantics §2.4), in the batched
/// sync a second after the pod finished (enqueueSyncJobBatched).
#[test]
fn success_completes_with_completions_reached() {
    let t = run(
        &job("ok", "  backoffLimit: 1", "Never", "echo hello\nsleep 3"),
        "",
    );
    assert_eq!(
        conditions(&t),
        vec![
            (
                "SuccessCriteriaMet".into(),
                "CompletionsReached".into(),
                5.0
            ),
            ("Complete".into(), "CompletionsReached".into(), 5.0),
        ]
    );
    assert_eq!(t.jobs[0].completion_time, Some(5000));
    assert_eq!(t.logs[0].text, "hello");
}

/// OnFailure: restarts in place; the Job fails when the summed
/// restartCount reaches backoffLimit (pastBackoffLimitOnFailure), the pod
/// is deleted then. Kubelet back-off: immediate, then 10 s, 20 s… reached
/// at the pod worker's first sync after it (every 10 to 15 s).
#[test]
fn on_failure_backoff_limit_3_restarts_in_place() {
    let t = run(
        &job("redemarre", "  backoffLimit: 3", "OnFailure", "exit 1"),
        "",
    );
    assert_eq!(t.pods.len(), 1);
    let c = &t.pods[0].containers[0];
    let starts: Vec<f64> = c.runs.iter().map(|r| secs(r.started_at)).collect();
    // start 1, exit 1 → restart at once (1); exit 1 → back-off 10 s →
    // restart at the first sync after 11; exit → back-off 20 s.
    assert_eq!(starts.len(), 4, "{starts:?}");
    assert_eq!(&starts[..2], &[1.0, 1.0]);
    assert!((11.0..16.0).contains(&starts[2]), "{starts:?}");
    assert!(
        (starts[2] + 20.0..starts[2] + 30.0).contains(&starts[3]),
        "{starts:?}"
    );
    // The third restartCount update reaches the Job batched, 1 s later.
    let conds = conditions(&t);
    assert_eq!(conds[0].0, "FailureTarget");
    assert_eq!(conds[0].1, "BackoffLimitExceeded");
    assert_eq!(conds[0].2, starts[3] + 1.0);
    assert_eq!(conds.last().unwrap().0, "Failed");
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 1);
}

/// activeDeadlineSeconds during a run: pastActiveDeadline at start + ads
/// (the boundary counts); running pods are deleted and counted failed;
/// FailureTarget first, Failed once the pod has terminated. A PID-1 shell
/// ignores SIGTERM, so the pod ends after the 30 s grace period, and its
/// failure reaches the controller one batch period (1 s) later.
#[test]
fn deadline_during_a_run() {
    let t = run(
        &job("lent", "  activeDeadlineSeconds: 10", "Never", "sleep 60"),
        "",
    );
    let c = conditions(&t);
    assert_eq!(
        c[0],
        ("FailureTarget".into(), "DeadlineExceeded".into(), 10.0)
    );
    assert_eq!(c[1], ("Failed".into(), "DeadlineExceeded".into(), 41.0));
    let run = &t.pods[0].containers[0].runs[0];
    assert_eq!((run.exit_code, run.signal), (Some(137), Some(9)));
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 1);
    assert!(t.events.iter().any(|e| e.reason == "DeadlineExceeded"
        && e.message == "Job was active longer than specified deadline"));
}

/// A grace period of 0 still leaves the runtime 2 s between SIGTERM and
/// SIGKILL (killContainer's minimumGracePeriodInSeconds): a PID-1 shell
/// that ignores SIGTERM dies at the deadline + 2 s, with 137.
#[test]
fn deadline_with_zero_grace_period() {
    let m = job("lent", "  activeDeadlineSeconds: 10", "Never", "sleep 60").replace(
        "      restartPolicy: Never",
        "      restartPolicy: Never\n      terminationGracePeriodSeconds: 0",
    );
    let t = run(&m, "");
    let run = &t.pods[0].containers[0].runs[0];
    assert_eq!(
        (secs(run.finished_at.unwrap()), run.exit_code),
        (12.0, Some(137))
    );
    assert_eq!(
        conditions(&t)[1],
        ("Failed".into(), "DeadlineExceeded".into(), 13.0)
    );
}

/// A program that stops on SIGTERM ends at once, yet `Failed` still waits
/// for the next sync: syncJob adds the pods deleteActivePods deleted to
/// terminating (`*jobCtx.terminating += deleted`), so enactJobFinished
/// returns false in the sync that deleted them; the pod's update brings
/// the Job back a batch period (1 s) later, with nothing terminating.
#[test]
fn deadline_with_a_pod_that_stops_at_once() {
    let t = run(
        &job("lent", "  activeDeadlineSeconds: 10", "Never", "sleep 60"),
        "containers:\n  task:\n    default: {runs: forever, ignoresSigterm: false}\n",
    );
    let run = &t.pods[0].containers[0].runs[0];
    assert_eq!(
        (secs(run.finished_at.unwrap()), run.exit_code),
        (10.0, Some(143))
    );
    assert_eq!(
        conditions(&t),
        vec![
            ("FailureTarget".into(), "DeadlineExceeded".into(), 10.0),
            ("Failed".into(), "DeadlineExceeded".into(), 11.0),
        ]
    );
}

/// The same for success: a successPolicy met while other pods run deletes
/// them, and `Complete` (with completionTime) comes a sync later even
/// when they are gone at once.
#[test]
fn success_policy_completes_a_sync_after_deleting_the_rest() {
    let spec = "  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n  successPolicy:\n    rules:\n    - succeededIndexes: \"0\"";
    let scenario = "containers:
  task:
    attempts:
      - {exit: 0, runs: 1s}
    default: {runs: forever, ignoresSigterm: false}
";
    let t = run(&job("succes", spec, "Never", "sleep 100"), scenario);
    let c = conditions(&t);
    assert_eq!(c[0].0, "SuccessCriteriaMet");
    assert_eq!(c[1].0, "Complete");
    assert_eq!(c[1].2, c[0].2 + 1.0, "{c:?}");
    assert_eq!(t.jobs[0].completion_time.map(secs), Some(c[1].2));
}

/// The deadline also ends a back-off wait: no new pod after it.
#[test]
fn deadline_during_a_backoff_wait() {
    let t = run(
        &job(
            "attente",
            "  activeDeadlineSeconds: 25\n  backoffLimit: 6",
            "Never",
            "exit 1",
        ),
        "",
    );
    // Pods at 0 and 11; the next would come at 32, after the deadline.
    assert_eq!(pod_created(&t), vec![0.0, 11.0]);
    let c = conditions(&t);
    assert_eq!(
        c[0],
        ("FailureTarget".into(), "DeadlineExceeded".into(), 25.0)
    );
    assert_eq!(c[1], ("Failed".into(), "DeadlineExceeded".into(), 25.0));
}

const POLICY: &str = "  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: task
        operator: In
        values: [42]
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget";

/// podFailurePolicy FailJob: the first matching rule fails the Job with
/// reason PodFailurePolicy and upstream's message.
#[test]
fn pod_failure_policy_fail_job() {
    let t = run(&job("politique", POLICY, "Never", "exit 42"), "");
    assert_eq!(t.pods.len(), 1);
    let c = &t.jobs[0].conditions;
    assert_eq!(c[0].type_, "FailureTarget");
    assert_eq!(c[0].reason, "PodFailurePolicy");
    assert_eq!(c[0].message, format!("Container task for pod default/{} failed with exit code 42 matching FailJob rule at index 0", t.pods[0].name));
    assert_eq!(c[1].type_, "Failed");
}

/// Count (no rule matches): ordinary backoffLimit counting.
#[test]
fn pod_failure_policy_count() {
    let t = run(
        &job(
            "politique",
            &format!("  backoffLimit: 1\n{POLICY}"),
            "Never",
            "exit 1",
        ),
        "",
    );
    assert_eq!(t.pods.len(), 2);
    assert_eq!(t.jobs[0].conditions[0].reason, "BackoffLimitExceeded");
}

/// Ignore on DisruptionTarget: an evicted pod is not counted, and is
/// replaced (podReplacementPolicy is Failed with a policy: after it fails).
#[test]
fn pod_failure_policy_ignore_eviction() {
    let t = run(
        &job(
            "politique",
            &format!("  backoffLimit: 0\n{POLICY}"),
            "Never",
            "sleep 40",
        ),
        "faults:\n  - {at: 5s, action: evictPod, pod: 0}\n",
    );
    assert_eq!(t.pods.len(), 2);
    assert!(t.pods[0].has_condition_at("DisruptionTarget", t.end));
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 0);
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
    // The replacement waits until the evicted pod is Failed (35 s: SIGKILL
    // after the grace period) and then the back-off (failures still feed it).
    assert!(t.pods[1].created_at >= 35_000);
}

/// Default podReplacementPolicy TerminatingOrFailed: `kubectl delete pod`
/// counts as a failure as soon as the Job syncs (deletePod, batched: 1 s),
/// and uses up backoffLimit 0.
#[test]
fn deleted_pod_counts_as_failed() {
    let t = run(
        &job("supprime", "  backoffLimit: 0", "Never", "sleep 60"),
        "faults:\n  - {at: 5s, action: deletePod, pod: 0}\n",
    );
    assert_eq!(t.jobs[0].conditions[0].reason, "BackoffLimitExceeded");
    assert_eq!(t.jobs[0].conditions[0].at, 6000);
}

/// killPod: SIGKILL, exit 137; under OnFailure the kubelet restarts in place.
#[test]
fn kill_pod_under_on_failure_restarts() {
    let t = run(
        &job("tue", "  backoffLimit: 2", "OnFailure", "sleep 20"),
        "faults:\n  - {at: 5s, action: killPod, pod: 0}\n",
    );
    let runs = &t.pods[0].containers[0].runs;
    assert_eq!(runs[0].exit_code, Some(137));
    assert_eq!(runs[0].finished_at, Some(5000));
    assert_eq!(runs[1].started_at, 5000, "first restart is immediate");
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
}

const INDEXED: &str = "  completionMode: Indexed
  completions: 4
  parallelism: 4
  backoffLimitPerIndex: 1
  maxFailedIndexes: 1";

/// backoffLimitPerIndex: each index has backoffLimitPerIndex + 1 tries;
/// failed indexes are reported as intervals; more than maxFailedIndexes
/// fails the Job with MaxFailedIndexesExceeded.
#[test]
fn indexed_per_index_limits() {
    let script = "if [ \"$JOB_COMPLETION_INDEX\" = 2 ]; then exit 3; fi\necho ok";
    let t = run(&job("indexe", INDEXED, "Never", script), "");
    let j = &t.jobs[0];
    let counts = j.counts_at(t.end);
    assert_eq!(counts.completed_indexes(), "0-1,3");
    assert_eq!(counts.failed_indexes(), Some("2"));
    assert_eq!(
        t.pods.iter().filter(|p| p.index == Some(2)).count(),
        2,
        "index 2 tried twice"
    );
    assert_eq!(j.conditions.last().unwrap().reason, "FailedIndexes");
    assert!(t
        .pods
        .iter()
        .all(|p| p.name.starts_with(&format!("indexe-{}-", p.index.unwrap()))));

    let script = "if [ \"$JOB_COMPLETION_INDEX\" -ge 2 ]; then exit 3; fi\nsleep 100";
    let t = run(&job("indexe", INDEXED, "Never", script), "");
    assert_eq!(
        t.jobs[0].conditions.last().unwrap().reason,
        "MaxFailedIndexesExceeded"
    );
}

/// The container's HOSTNAME: the pod's name, or `<job>-<index>` for an
/// Indexed Job (the pod's `hostname`), with JOB_COMPLETION_INDEX beside it.
#[test]
fn hostname_and_completion_index_in_the_environment() {
    let script = "echo \"$HOSTNAME $JOB_COMPLETION_INDEX\"";
    let t = run(&job("noms", INDEXED, "Never", script), "");
    for p in 0..t.pods.len() {
        let i = t.pods[p].index.unwrap();
        let line = t.logs.iter().find(|l| l.pod == p).unwrap();
        assert_eq!(line.text, format!("noms-{i} {i}"));
    }
    let t = run(&job("simple", "  completions: 2", "Never", script), "");
    assert_eq!(t.pods.len(), 2);
    for p in 0..t.pods.len() {
        let line = t.logs.iter().find(|l| l.pod == p).unwrap();
        assert_eq!(line.text, format!("{} ", t.pods[p].name));
    }
}

/// Pod names are `<job>-<index>-<suffix>` whatever the Job name's length
/// or characters (the API server would refuse the longest; the engine alone
/// does not), the name cut to 58 bytes at a character's boundary with the
/// index kept whole, and the buffer reused between pods leaves nothing
/// behind.
#[test]
fn long_job_names_give_whole_pod_names() {
    let spec = "  completionMode: Indexed\n  completions: 12\n  parallelism: 12";
    for long in ["a".repeat(88), "é".repeat(46), "b".repeat(120)] {
        // A long name's pods first, then a short one's: the reused buffer
        // must not leave the long name's tail behind.
        let m = format!(
            "{}---\n{}",
            job(&long, spec, "Never", "true"),
            job("s", spec, "Never", "true")
        );
        let read = job_playground::manifest::read(&m);
        let objects: Vec<_> = read.objects.into_iter().map(|(o, _)| o).collect();
        assert_eq!(objects.len(), 2);
        let t = job_playground::sim::simulate(
            &objects,
            &job_playground::scenario::Scenario::default(),
            &job_playground::sim::Options::default(),
        );
        assert_eq!(t.pods.len(), 24);
        for pod in &t.pods {
            let index = format!("-{}-", pod.index.unwrap());
            let job = &t.jobs[pod.job].name;
            let mut keep = job.len().min(58 - index.len());
            while !job.is_char_boundary(keep) {
                keep -= 1;
            }
            let prefix = format!("{}{index}", &job[..keep]);
            assert!(pod.name.starts_with(&prefix), "{}", pod.name);
            assert_eq!(pod.name.len(), prefix.len() + 5, "{}", pod.name);
        }
    }
}

/// successPolicy: SuccessCriteriaMet with "Matched rules at index 0",
/// lingering pods deleted, then Complete.
#[test]
fn success_policy() {
    let spec = "  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n  successPolicy:\n    rules:\n    - succeededIndexes: \"0\"";
    let script = "if [ \"$JOB_COMPLETION_INDEX\" = 0 ]; then exit 0; fi\nsleep 100";
    let t = run(&job("succes", spec, "Never", script), "");
    let c = &t.jobs[0].conditions;
    assert_eq!(
        (&*c[0].type_, &*c[0].reason, &*c[0].message),
        (
            "SuccessCriteriaMet",
            "SuccessPolicy",
            "Matched rules at index 0"
        )
    );
    assert_eq!(c.last().unwrap().type_, "Complete");
    assert!(t
        .pods
        .iter()
        .filter(|p| p.index != Some(0))
        .all(|p| p.deletion_at.is_some()));
}

/// Init containers run in order; a failure under Never fails the pod.
#[test]
fn init_container_failure_never_and_on_failure() {
    let manifest = |policy: &str| {
        format!(
            "apiVersion: batch/v1
kind: Job
metadata: {{name: init}}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: {policy}
      initContainers:
      - name: attendre-db
        image: busybox:1.36
        command: [sh, -c, 'nc -z postgresql 5432']
      containers:
      - name: app
        image: busybox:1.36
        command: [sh, -c, 'echo go']
"
        )
    };
    let t = run(&manifest("Never"), "");
    assert_eq!(t.pods.len(), 2);
    assert!(t
        .pods
        .iter()
        .all(|p| p.container("app").unwrap().runs.is_empty()));
    assert_eq!(
        t.jobs[0].conditions.last().unwrap().reason,
        "BackoffLimitExceeded"
    );

    // OnFailure: the init container restarts in place with back-off until
    // the database is up at 45 s; then the app runs.
    let t = run(
        &manifest("OnFailure").replace("backoffLimit: 1", "backoffLimit: 10"),
        "services:\n  postgresql:5432: {up: [\"45s..\"]}\n",
    );
    assert_eq!(t.pods.len(), 1);
    let init = t.pods[0].container("attendre-db").unwrap();
    assert!(init.runs.len() > 2);
    let app = t.pods[0].container("app").unwrap();
    assert!(app.runs[0].started_at >= 45_000);
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
}

/// The kubelet's restart back-off, to its 300 s cap: immediately, 10, 20,
/// 40, 80, 160, 300, 300 (flowcontrol.Backoff, MaxContainerBackOff). The
/// restart comes at the pod worker's first sync after the back-off: syncs
/// follow each other 10 to 15 s apart (wait.Jitter(backOffPeriod, 0.5)),
/// and each one inside the back-off repeats the BackOff event.
#[test]
fn kubelet_backoff_ladder_caps_at_300s() {
    let t = run(
        &job("boucle", "  backoffLimit: 9", "OnFailure", "exit 1"),
        "",
    );
    let runs = &t.pods[0].containers[0].runs;
    let gaps: Vec<i64> = runs
        .windows(2)
        .map(|w| w[1].started_at - w[0].finished_at.unwrap())
        .collect();
    let delays = [0, 10, 20, 40, 80, 160, 300, 300, 300];
    assert_eq!(gaps.len(), delays.len(), "{gaps:?}");
    for (gap, delay) in gaps.iter().zip(delays) {
        let delay = delay * 1000;
        if delay == 0 {
            assert_eq!(*gap, 0);
        } else {
            assert!(*gap >= delay && *gap < delay + 15_000, "{gaps:?}");
        }
    }
    // The waits never line up exactly with the back-off.
    assert!(gaps.iter().skip(1).any(|g| g % 1000 != 0), "{gaps:?}");
    // One BackOff record, repeated at every sync inside a back-off: at
    // least once per wait, and several times in the long ones.
    let back_off: Vec<_> = t.events.iter().filter(|e| e.reason == "BackOff").collect();
    assert_eq!(back_off.len(), 1);
    assert!(
        back_off[0].count as usize > 2 * (delays.len() - 1),
        "{}",
        back_off[0].count
    );
}

/// The Job's pod-failure back-off, to its 600 s cap: 10, 20, 40, 80, 160,
/// 320, 600 (MaxJobPodFailureBackOff), from each failure's finish time.
#[test]
fn job_backoff_ladder_caps_at_600s() {
    let t = run(&job("echelle", "  backoffLimit: 8", "Never", "exit 1"), "");
    let gaps: Vec<i64> = t
        .pods
        .windows(2)
        .map(|w| (w[1].created_at - w[0].finished_at().unwrap()) / 1000)
        .collect();
    assert_eq!(gaps, vec![10, 20, 40, 80, 160, 320, 600, 600]);
}

/// A success resets the back-off record (newBackoffRecord).
#[test]
fn success_resets_the_job_backoff() {
    let spec = "  completions: 3\n  parallelism: 1\n  backoffLimit: 6";
    let scenario = "containers:\n  task:\n    attempts:\n      - {exit: 1}\n      - {exit: 1}\n      - {exit: 0}\n      - {exit: 1}\n    default: {exit: 0}\n";
    let t = run(&job("reset", spec, "Never", "true"), scenario);
    let gaps: Vec<i64> = t
        .pods
        .windows(2)
        .map(|w| (w[1].created_at - w[0].finished_at().unwrap()) / 1000)
        .collect();
    // fail, fail (20 s), success (next pod at once), fail → 10 s again.
    assert_eq!(gaps[0], 10);
    assert_eq!(gaps[1], 20);
    assert!(gaps[2] <= 1, "{gaps:?}");
    assert_eq!(gaps[3], 10, "{gaps:?}");
}

/// Liveness probe: failureThreshold × periodSeconds after the container
/// turns unhealthy, Unhealthy and Killing events, restart under OnFailure.
#[test]
fn liveness_probe_kills_and_restarts() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: vivant}
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: OnFailure
      terminationGracePeriodSeconds: 0
      containers:
      - name: task
        image: app:1
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          initialDelaySeconds: 5
          periodSeconds: 10
          failureThreshold: 3
";
    let t = run(m, "containers:\n  task:\n    attempts:\n      - {runs: forever, unhealthyAfter: 30s}\n    default: {exit: 0, runs: 5s}\n");
    let runs = &t.pods[0].containers[0].runs;
    // Started at 1 with the pod; the prober's beat is 1, 11, 21…, the
    // probe at 1 skipped (initialDelaySeconds 5); failing from 31: 31, 41,
    // 51 → killed at 51; the program handles SIGTERM (the scenario does
    // not say ignoresSigterm): 143.
    assert_eq!(runs[0].finished_at, Some(51_000));
    assert_eq!(runs[0].exit_code, Some(143));
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "Unhealthy" && e.count == 3));
    assert!(t.events.iter().any(|e| e.reason == "Killing"
        && e.message == "Container task failed liveness probe, will be restarted"));
    assert_eq!(runs[1].started_at, 51_000);
}

/// An OnFailure Job whose container turns unhealthy 5 s into every run,
/// probed every 10 s with failureThreshold 3, run until `until` ms.
fn unhealthy_after_five_seconds(until: i64) -> job_playground::sim::Trace {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: vivant}
spec:
  backoffLimit: 10
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: task
        image: app:1
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          periodSeconds: 10
          failureThreshold: 3
";
    run_with(
        m,
        "containers:\n  task:\n    default: {runs: forever, unhealthyAfter: 5s}\n",
        &Options {
            until: Some(until),
            ..Options::default()
        },
    )
}

/// Liveness kills are restarted in the SyncPod that kills them, and
/// doBackOff reads the status that pass began with: the exited run it
/// judges by is the one before the killed one. So the 2nd, 3rd and 4th
/// kills restart at once too (30 s apart, more than 10, 20 s), and the
/// back-off only holds the 5th (30 s after the 4th, less than 40 s).
#[test]
fn liveness_kills_restart_at_once_until_the_back_off_outgrows_them() {
    let t = unhealthy_after_five_seconds(160_000);
    let starts: Vec<f64> = t.pods[0].containers[0]
        .runs
        .iter()
        .map(|r| secs(r.started_at))
        .collect();
    assert_eq!(starts, vec![1.0, 31.0, 61.0, 91.0, 121.0], "{starts:?}");
    // (The BackOff events themselves are past the spam filter's 25 by then.)
    let back_off: Vec<f64> = t.pods[0].containers[0]
        .waits
        .iter()
        .filter(|w| w.reason == "CrashLoopBackOff")
        .map(|w| secs(w.from))
        .collect();
    assert_eq!(back_off, vec![151.0]);
}

/// The prober keeps one ticker per container from the pod's start
/// (worker.run), across restarts: a run started off the beat by the
/// back-off is still probed on it, at 1 + 10k s.
#[test]
fn liveness_probes_keep_their_beat_across_restarts() {
    let t = unhealthy_after_five_seconds(240_000);
    let runs = &t.pods[0].containers[0].runs;
    // The 6th run starts after the back-off, between 191 and 206 s.
    let r = &runs[5];
    assert_ne!(r.started_at % 10_000, 1_000, "{r:?}");
    let killed = r.finished_at.expect("killed");
    assert_eq!(killed % 10_000, 1_000, "on the beat: {r:?}");
    assert!(killed - r.started_at >= 25_000, "{r:?}");
}

/// An exec probe's output is in its Unhealthy message ("%s probe failed:
/// %s", the CombinedOutput as it is).
#[test]
fn an_exec_probe_says_what_it_printed() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: sonde}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: app
        image: busybox:1.36
        command: [sh, -c, 'sleep 3600']
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          periodSeconds: 5
          failureThreshold: 2
";
    let t = run(m, "");
    let u = event(&t, "Unhealthy");
    assert_eq!(
        u.message,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"
    );
}

/// An exec probe runs in the container and sees the files its script
/// made and removed, at each tick: the documentation's `liveness-exec`
/// example (touch /tmp/healthy, remove it 30 s later) passes, then fails
/// three times in a row and the container is killed, restarted and
/// healthy again (worker.doProbe, prober.runProbe with ExecSync).
#[test]
fn an_exec_probe_sees_the_files_the_script_changed() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: liveness-exec}
spec:
  backoffLimit: 6
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: liveness
        image: registry.k8s.io/busybox
        args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          initialDelaySeconds: 5
          periodSeconds: 5
";
    let t = run_with(
        m,
        "",
        &Options {
            until: Some(100_000),
            ..Options::default()
        },
    );
    let at = |reason: &str| -> Vec<(i64, u32)> {
        let e = t.events.iter().find(|e| e.reason == reason);
        e.map(|e| {
            std::iter::once((e.first_at, 1))
                .chain(e.patches.iter().map(|p| (p.at, p.count)))
                .collect()
        })
        .unwrap_or_default()
    };
    // The container starts at 1 s; the worker ticks at 6, 11, … s. The
    // file is gone from 31 s: failures at 31, 36 and 41 s, the third kills.
    assert_eq!(
        at("Unhealthy")[..3],
        [(31_000, 1), (36_000, 2), (41_000, 3)]
    );
    let killing = event(&t, "Killing");
    assert_eq!(killing.first_at, 41_000);
    assert_eq!(
        killing.message,
        "Container liveness failed liveness probe, will be restarted"
    );
    // sh as PID 1 ignores SIGTERM: SIGKILL 30 s later, then the restart,
    // which touches the file again and passes its probes.
    let runs = &t.pods[0].containers[0].runs;
    assert_eq!(runs[0].finished_at, Some(71_000));
    assert_eq!(runs[1].started_at, 71_000);
    assert!(at("Unhealthy").iter().all(|(at, _)| *at <= 41_000));
}

/// A heartbeat probe (the file modified less than 2 minutes ago) asks the
/// time, so it runs at every tick even when the files no longer change:
/// the program touches its file every 10 s for 5 minutes, then hangs; the
/// probe notices 2 minutes after the last touch (busybox ACTF(mmin)).
#[test]
fn a_heartbeat_probe_notices_a_hang_two_minutes_later() {
    let m = job(
        "battement",
        "  backoffLimit: 0",
        "Never",
        "for i in $(seq 1 30); do touch /tmp/heartbeat; sleep 10; done; sleep 100000",
    )
    .with_fields("        livenessProbe:\n          exec: {command: [sh, -c, 'find /tmp/heartbeat -mmin -2 | grep -q heartbeat']}\n          initialDelaySeconds: 30\n          periodSeconds: 20\n          failureThreshold: 3\n");
    let t = run(&m, "");
    // Last touch at 291 s, stale from 411 s: ticks (1 s + 20 s × k) at
    // 421, 441 and 461 s fail; the third kills.
    let u = event(&t, "Unhealthy");
    assert_eq!((u.first_at, u.count), (421_000, 3));
    assert_eq!(u.message, "Liveness probe failed: ");
    let k = event(&t, "Killing");
    assert_eq!(
        (k.first_at, k.message.as_str()),
        (461_000, "Stopping container task")
    );
}

/// A probe that asks a service is asked again at every tick: the service
/// goes down at 60 s, the probe fails from the next tick (its answer comes
/// when `nc` gives up, 10 ms later).
#[test]
fn a_probe_that_asks_a_service_follows_it() {
    let m = job("client", "  backoffLimit: 0", "Never", "sleep 3600").with_fields("        livenessProbe:\n          exec: {command: [nc, -z, db, \"5432\"]}\n          periodSeconds: 10\n          failureThreshold: 2\n");
    let t = run(&m, "services:\n  \"db:5432\": {up: [\"..60s\"]}\n");
    let u = event(&t, "Unhealthy");
    assert_eq!(u.first_at, 61_010);
    let k = event(&t, "Killing");
    assert_eq!(k.first_at, 71_010);
}

/// A passing probe that asks the time beats on, but a run with nothing
/// else left still stops ten minutes after its last change, as without a
/// probe: not at the 24 h horizon.
#[test]
fn a_clock_probe_does_not_keep_a_never_ending_run_going() {
    let m = job("sans-fin", "  backoffLimit: 0", "Never", "sleep infinity").with_fields("        livenessProbe:\n          exec: {command: [sh, -c, 'date +%s']}\n          periodSeconds: 10\n");
    let t = run(&m, "");
    assert_eq!(t.stop_reason.as_str(), "limit");
    assert!(t.end <= 1_000 + 600_000 + 10_000, "end {}", t.end);
    assert!(t.notes.iter().any(|n| n.contains("would never finish")));
    assert!(t.events.iter().all(|e| e.reason != "Unhealthy"));
}

/// A clock probe that keeps failing below its threshold (the file is
/// fresh every other beat) does not keep a never-ending run going either.
#[test]
fn a_flapping_probe_does_not_keep_a_never_ending_run_going() {
    let m = job(
        "clignote",
        "  backoffLimit: 0",
        "Never",
        "while true; do touch /tmp/hb; sleep 20; done",
    )
    .with_fields("        livenessProbe:\n          exec: {command: [sh, -c, 'find /tmp/hb -mmin -0 | grep -q hb || test $(( $(date +%s) % 20 )) -lt 10']}\n          periodSeconds: 10\n          failureThreshold: 3\n");
    let t = run(&m, "");
    assert!(t.events.iter().any(|e| e.reason == "Unhealthy"), "it flaps");
    assert!(t.events.iter().all(|e| e.reason != "Killing"));
    assert!(t.end <= 1_000 + 2 * 600_000, "end {}", t.end);
}

/// A slow starter and its liveness probe: without a startup probe the
/// liveness probe kills it before it is up, again and again; a startup
/// probe holds liveness off until the program is up (worker.doProbe skips
/// a container not yet Started), and its own failures are `Startup probe
/// failed` events.
#[test]
fn a_startup_probe_holds_liveness_off_until_the_program_is_up() {
    let base = job(
        "lent",
        "  backoffLimit: 2",
        "OnFailure",
        "sleep 45; touch /tmp/up; sleep 120",
    );
    let liveness = "        livenessProbe:\n          exec: {command: [test, -f, /tmp/up]}\n          periodSeconds: 10\n          failureThreshold: 3\n";
    let without = base.with_fields(liveness);
    let t = run(&without, "");
    let k = event(&t, "Killing");
    // Started at 1 s, beats at 11, 21, 31: killed at 31 s, before it is up.
    assert_eq!(k.first_at, 31_000);
    assert_eq!(conditions(&t)[1].1, "BackoffLimitExceeded");

    let startup = "        startupProbe:\n          exec: {command: [test, -f, /tmp/up]}\n          periodSeconds: 10\n          failureThreshold: 12\n";
    let with = base.with_fields(&format!("{liveness}{startup}"));
    let t = run(&with, "");
    let u = event(&t, "Unhealthy");
    // The startup probe fails at 11, 21, 31 and 41 s, passes at 51 s.
    assert_eq!(u.message, "Startup probe failed: ");
    assert_eq!((u.first_at, u.count), (11_000, 4));
    assert!(t.events.iter().all(|e| e.reason != "Killing"));
    assert_eq!(conditions(&t)[1].0, "Complete");
}

/// A sidecar with a startup probe holds the main container back until the
/// probe passes (computeInitContainerActions), and a container in startup
/// is Running but neither started nor ready: `get pods` says 0/1, and the
/// Job's `ready` waits too.
#[test]
fn a_startup_probe_holds_the_pod_back() {
    let m = sidecar_job(
        "attente",
        "sleep 20; touch /tmp/up; sleep 3600",
        "        startupProbe:\n          exec: {command: [test, -f, /tmp/up]}\n          periodSeconds: 5\n          failureThreshold: 10\n",
        "sleep 30",
    );
    let t = run(&m, "");
    let main = t.pods[0].container("main").unwrap();
    // The proxy starts at 1 s and is up at 21 s, when a beat of its probe
    // (6, 11, 16, 21 s) passes.
    assert_eq!(main.runs[0].started_at, 21_000);
    let pods = job_playground::kubectl::run(&t, 10_000, "get pods").unwrap();
    assert!(pods.contains("0/2     Init:0/1"), "{pods}");
    let pods = job_playground::kubectl::run(&t, 40_000, "get pods").unwrap();
    assert!(pods.contains("2/2     Running"), "{pods}");
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
}

/// A container the scenario plays: its exec startup probe passes (the
/// scenario decides health), and `unhealthyAfter` still drives the
/// liveness probe from then on.
#[test]
fn a_played_container_passes_its_startup_probe() {
    let m = job("joue", "  backoffLimit: 0", "Never", "sleep 600").with_fields("        startupProbe:\n          exec: {command: [cat, /tmp/up]}\n          periodSeconds: 10\n        livenessProbe:\n          exec: {command: [cat, /tmp/up]}\n          periodSeconds: 10\n          failureThreshold: 2\n");
    let t = run(
        &m,
        "containers:\n  task:\n    default: {runs: forever, unhealthyAfter: 60s}\n",
    );
    let u = event(&t, "Unhealthy");
    assert!(
        u.message.starts_with("Liveness probe failed"),
        "{}",
        u.message
    );
    assert_eq!(u.first_at, 61_000);
    let k = event(&t, "Killing");
    assert_eq!(k.first_at, 71_000);
}

/// A liveness probe failing slowly towards its threshold (5 minutes a
/// beat) still kills a container that never ends: beats alone stop a run
/// only when no probe is on its way to a kill.
#[test]
fn a_slow_probe_still_kills_a_never_ending_container() {
    let m = job("lent", "  backoffLimit: 0", "Never", "sleep infinity").with_fields("        livenessProbe:\n          exec: {command: [cat, /tmp/up]}\n          periodSeconds: 300\n          failureThreshold: 4\n");
    let t = run(&m, "");
    let k = event(&t, "Killing");
    assert_eq!(k.first_at, 1_000 + 4 * 300_000);
}

/// A startup probe that never passes kills at its failureThreshold, with
/// the startup probe's words (computePodActions).
#[test]
fn a_startup_probe_that_never_passes_kills() {
    let m = job("jamais", "  backoffLimit: 0", "OnFailure", "sleep 600").with_fields("        startupProbe:\n          exec: {command: [cat, /tmp/up]}\n          periodSeconds: 5\n          failureThreshold: 3\n");
    let t = run(&m, "");
    let k = event(&t, "Killing");
    assert_eq!(k.first_at, 16_000);
    assert_eq!(
        k.message,
        "Container task failed startup probe, will be restarted"
    );
    let u = event(&t, "Unhealthy");
    assert_eq!(
        u.message,
        "Startup probe failed: cat: can't open '/tmp/up': No such file or directory\n"
    );
}

/// The failures in a row belong to the prober worker, not to a run
/// (worker.go's resultRun): a container that fails its probe twice and
/// then exits by itself is killed at the first failure of its next run
/// (threshold 3).
#[test]
fn probe_failures_in_a_row_carry_across_a_restart() {
    let m = job("suite", "  backoffLimit: 6", "OnFailure", "sleep 25; exit 1").with_fields(
        "        livenessProbe:\n          exec: {command: [cat, /tmp/none]}\n          periodSeconds: 10\n          failureThreshold: 3\n",
    );
    let t = run(&m, "");
    let runs = &t.pods[0].containers[0].runs;
    // Beats at 11 and 21 s fail; the run exits 1 at 26 s.
    assert_eq!(runs[0].exit_code, Some(1));
    let k = event(&t, "Killing");
    assert!(k.first_at > runs[1].started_at, "{k:?}");
    assert!(
        k.first_at <= runs[1].started_at + 10_000,
        "the next run's first beat kills"
    );
    assert_eq!(
        k.message,
        "Container task failed liveness probe, will be restarted"
    );
}

/// A probe that fails fewer than failureThreshold times in a row and then
/// passes again kills nothing: a success resets the count (worker.doProbe's
/// resultRun).
#[test]
fn an_exec_probe_that_recovers_kills_nothing() {
    let m = job(
        "sonde",
        "  backoffLimit: 0",
        "Never",
        "touch /tmp/ok; sleep 22; rm /tmp/ok; sleep 10; touch /tmp/ok; sleep 60",
    )
    .with_fields("        livenessProbe:\n          exec: {command: [test, -f, /tmp/ok]}\n          periodSeconds: 5\n          failureThreshold: 3\n");
    let t = run(&m, "");
    let unhealthy: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.reason == "Unhealthy")
        .collect();
    assert_eq!(unhealthy.len(), 1, "{:?}", t.events);
    // Gone from 23 to 33 s: the ticks at 26 and 31 s fail.
    assert_eq!((unhealthy[0].first_at, unhealthy[0].count), (26_000, 2));
    assert_eq!(unhealthy[0].message, "Liveness probe failed: ");
    assert!(t.events.iter().all(|e| e.reason != "Killing"));
    assert_eq!(conditions(&t)[0].0, "SuccessCriteriaMet");
}

/// An exec probe that outlives its timeoutSeconds fails with the error
/// remoteRuntimeService.ExecSync makes of the runtime's DeadlineExceeded.
#[test]
fn an_exec_probe_that_times_out_fails() {
    let m = job("lente", "  backoffLimit: 0", "Never", "sleep 3600").with_fields("        livenessProbe:\n          exec: {command: [sh, -c, 'sleep 5']}\n          timeoutSeconds: 2\n          periodSeconds: 10\n          failureThreshold: 1\n");
    let t = run(&m, "");
    let u = event(&t, "Unhealthy");
    assert_eq!(
        u.message,
        "Liveness probe failed: command \"sh -c sleep 5\" timed out"
    );
    // The first beat is at 11 s; the answer comes at its timeout, 13 s.
    assert_eq!(u.first_at, 13_000);
    let k = event(&t, "Killing");
    assert_eq!(k.first_at, 13_000);
}

/// The pod's own activeDeadlineSeconds: the kubelet says DeadlineExceeded
/// and stops the containers, but mergePodStatus holds the Failed phase
/// (and its reason) back while a container could still run: a PID-1 shell
/// ignores SIGTERM, so the pod stays Running through the 30 s grace period
/// and the Job sees the failure only then.
#[test]
fn a_pod_past_its_own_deadline_fails_once_its_containers_stopped() {
    let m = job("delai", "  backoffLimit: 0", "Never", "sleep 3600").replace(
        "      restartPolicy: Never",
        "      restartPolicy: Never\n      activeDeadlineSeconds: 20",
    );
    let t = run(&m, "");
    let pod = &t.pods[0];
    // The pod starts at 1 s (its startTime), so the deadline falls at
    // 21 s; SIGKILL at 51 s.
    let e = t
        .events
        .iter()
        .find(|e| e.reason == "DeadlineExceeded" && e.kind == "Pod")
        .expect("the kubelet's event");
    assert_eq!(e.first_at, 21_000);
    assert_eq!(pod.phase_at(50_000).as_str(), "Running");
    let run = &pod.containers[0].runs[0];
    assert_eq!((run.finished_at, run.exit_code), (Some(51_000), Some(137)));
    assert_eq!(pod.phase_at(51_000).as_str(), "Failed");
    assert_eq!(
        pod.reason.as_ref().map(|(at, r, _)| (*at, r.as_str())),
        Some((51_000, "DeadlineExceeded"))
    );
    // The pod update reaches the Job batched, a second later.
    let c = conditions(&t);
    assert_eq!(
        c[0],
        ("FailureTarget".into(), "BackoffLimitExceeded".into(), 52.0)
    );
}

/// syncJob counts a suspended Job's finished pods and checks backoffLimit
/// and completion as for any other; only manageJob (pods deleted, none
/// created) and the deadline change. A Job suspended just after its pod
/// finished completes (or fails) in that very sync, never Suspended.
#[test]
fn a_suspended_job_still_counts_its_finished_pods() {
    let scenario = "faults:\n  - {at: 5500ms, action: suspend, target: fin}\n  - {at: 60s, action: resume, target: fin}\n";
    let t = run(
        &job("fin", "  backoffLimit: 0", "Never", "sleep 4"),
        scenario,
    );
    assert_eq!(
        conditions(&t),
        vec![
            (
                "SuccessCriteriaMet".into(),
                "CompletionsReached".into(),
                5.5
            ),
            ("Complete".into(), "CompletionsReached".into(), 5.5),
        ]
    );
    let t = run(
        &job("fin", "  backoffLimit: 0", "Never", "sleep 4; exit 1"),
        scenario,
    );
    assert_eq!(
        conditions(&t),
        vec![
            ("FailureTarget".into(), "BackoffLimitExceeded".into(), 5.5),
            ("Failed".into(), "BackoffLimitExceeded".into(), 5.5),
        ]
    );
    assert!(!t.events.iter().any(|e| e.reason == "Suspended"));
}

/// With backoffLimitPerIndex, an index's back-off runs from its last
/// failed pod as isPodFailed sees it, a deleted one included
/// (getPodsWithDelayedDeletionPerIndex): deleted at 5 s, the index gets a
/// new pod at 15 s, as a non-Indexed Job would.
#[test]
fn a_deleted_pod_starts_its_index_back_off() {
    let spec = "  completions: 1\n  completionMode: Indexed\n  backoffLimitPerIndex: 2";
    let scenario = "containers:
  task:
    attempts:
      - {exit: 0, runs: 100s, ignoresSigterm: true}
    default: {exit: 0, runs: 5s}
faults:
  - {at: 5s, action: deletePod, pod: 0}
";
    let t = run(&job("indice", spec, "Never", "sleep 100"), scenario);
    assert_eq!(pod_created(&t), vec![0.0, 15.0]);
}

/// The global backoffLimit counts every failed pod still holding its
/// finalizer (jobCtx.failed adds getNewFinishedPods' failures), so with
/// backoffLimitPerIndex the ones held back for their index count too:
/// two indexes failing once each exceed backoffLimit 1 at once, before
/// any replacement.
#[test]
fn held_back_failures_count_against_the_global_backoff_limit() {
    let spec = "  completions: 2\n  parallelism: 2\n  completionMode: Indexed\n  backoffLimit: 1\n  backoffLimitPerIndex: 2";
    let scenario = "containers:\n  task:\n    default: {exit: 1, runs: 2s}\n";
    let t = run(&job("global", spec, "Never", "exit 1"), scenario);
    assert_eq!(pod_created(&t), vec![0.0, 0.0]);
    assert_eq!(
        conditions(&t),
        vec![
            ("FailureTarget".into(), "BackoffLimitExceeded".into(), 4.0),
            ("Failed".into(), "BackoffLimitExceeded".into(), 4.0),
        ]
    );
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 2);
}

/// A liveness probe's own terminationGracePeriodSeconds replaces the
/// pod's for the kills it causes (setTerminationGracePeriod): a program
/// that ignores SIGTERM is killed 5 s after the probe's verdict, not 30.
#[test]
fn a_probe_grace_period_shortens_its_kills() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: sonde}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: app
        image: app:1
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          periodSeconds: 10
          failureThreshold: 3
          terminationGracePeriodSeconds: 5
";
    let scenario = "containers:\n  app:\n    default: {runs: forever, unhealthyAfter: 5s, ignoresSigterm: true}\n";
    let t = run(m, scenario);
    let r = &t.pods[0].containers[0].runs[0];
    // Failing from 6 s: probes at 11, 21, 31 → killed at 31, SIGKILL at 36.
    assert_eq!((r.finished_at, r.exit_code), (Some(36_000), Some(137)));
}

/// OOM: a program above the memory limit is killed, reason OOMKilled, 137.
#[test]
fn oom_killed() {
    let m = job("memoire", "  backoffLimit: 0", "Never", "charger-tout").replace("        image: busybox:1.36", "        image: busybox:1.36\n        resources:\n          limits:\n            memory: 128Mi");
    let t = run(
        &m,
        "programs:\n  charger-tout: {runs: 10s, memory: 512Mi}\n",
    );
    let r = &t.pods[0].containers[0].runs[0];
    assert_eq!(
        (r.exit_code, r.reason.as_deref()),
        (Some(137), Some("OOMKilled"))
    );
    // Linear growth to 512Mi over 10 s reaches 128Mi at 2.5 s.
    assert_eq!(r.finished_at, Some(3_500));
}

/// A command that does not exist: StartError, exit 128, containerd's words.
#[test]
fn missing_executable_is_a_start_error() {
    let m = job("absent", "  backoffLimit: 0", "Never", "x").replace(
        "        command:\n        - sh\n        - -c\n        - |\n              x",
        "        command: [\"process-data\"]",
    );
    let t = run(&m, "");
    let r = &t.pods[0].containers[0].runs[0];
    assert_eq!(
        (r.exit_code, r.reason.as_deref()),
        (Some(128), Some("StartError"))
    );
    assert!(r
        .message
        .as_deref()
        .unwrap()
        .contains("exec: \"process-data\": executable file not found in $PATH"));
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "Failed" && e.type_ == "Warning"));
}

/// Native sidecar: started before the main container, stopped after it,
/// its exit does not fail the pod; a regular looping container would.
#[test]
fn native_sidecar_does_not_block_completion() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: side}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: logs
        image: busybox:1.36
        restartPolicy: Always
        command: [sh, -c, 'while true; do echo tick; sleep 5; done']
      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, 'sleep 12']
";
    let t = run(m, "");
    let c = &t.jobs[0].conditions;
    assert_eq!(c.last().unwrap().type_, "Complete");
    let side = t.pods[0].container("logs").unwrap();
    assert_eq!(side.runs[0].started_at, 1000);
    assert!(side.runs[0].finished_at.unwrap() >= 13_000);
    // killContainer records the stop of the sidecar when the pod is done.
    let killing = event(&t, "Killing");
    assert_eq!(killing.message, "Stopping container logs");
    assert_eq!(killing.first_at, 13_000);
}

/// A deleted pod's sidecar stops after its main containers
/// (newTerminationOrdering): the Killing events come at once, but the
/// sidecar only gets its SIGTERM when the app is gone, 30 s later here,
/// with what is left of the grace period (at least 2 s).
#[test]
fn a_sidecar_outlives_the_main_container_when_the_pod_is_deleted() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: side}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: proxy
        image: busybox:1.36
        restartPolicy: Always
        command: [sleep, '3600']
      containers:
      - name: app
        image: busybox:1.36
        command: [sleep, '3600']
";
    let scenario = "containers:
  proxy:
    default: {runs: forever}
  app:
    default: {runs: forever, ignoresSigterm: true}
faults:
  - {at: 10s, action: deletePod, pod: 0}
";
    let t = run(m, scenario);
    let pod = &t.pods[0];
    let end = |name: &str| {
        let r = &pod.container(name).unwrap().runs[0];
        (r.finished_at, r.exit_code)
    };
    assert_eq!(end("app"), (Some(40_000), Some(137)));
    assert_eq!(end("proxy"), (Some(40_000), Some(143)));
    let killing: Vec<(i64, &str)> = t
        .events
        .iter()
        .filter(|e| e.reason == "Killing")
        .map(|e| (e.first_at, e.message.as_str()))
        .collect();
    assert_eq!(
        killing,
        vec![
            (10_000, "Stopping container proxy"),
            (10_000, "Stopping container app")
        ]
    );
}

/// A sidecar that fails its liveness probe is restarted whatever the pod's
/// restartPolicy (computeInitContainerActions), at once like any liveness
/// kill, with "Init container X failed liveness probe".
#[test]
fn a_sidecar_killed_by_its_probe_restarts_under_never() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: slp}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: side
        image: busybox:1.36
        restartPolicy: Always
        command: [sh, -c, \"trap 'exit 0' TERM; while true; do sleep 1; done\"]
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          periodSeconds: 10
          failureThreshold: 1
      containers:
      - name: main
        image: busybox:1.36
        command: [sleep, '200']
";
    let t = run_with(
        m,
        "",
        &Options {
            until: Some(35_000),
            ..Options::default()
        },
    );
    let starts: Vec<f64> = t.pods[0]
        .container("side")
        .unwrap()
        .runs
        .iter()
        .map(|r| secs(r.started_at))
        .collect();
    assert_eq!(starts, vec![1.0, 11.0, 21.0, 31.0]);
    assert!(
        t.events
            .iter()
            .any(|e| e.reason == "Killing"
                && e.message == "Init container side failed liveness probe")
    );
}

/// suspend: true: the Suspended condition and event, no startTime, no pod;
/// resume: Suspended=False (JobResumed), startTime set then, so the
/// deadline counts from the resume (k8s-semantics §2.9).
#[test]
fn suspend_and_resume() {
    let m = job(
        "pause",
        "  suspend: true\n  activeDeadlineSeconds: 30",
        "Never",
        "sleep 10",
    );
    let t = run(
        &m,
        "faults:\n  - {at: 60s, action: resume, target: pause}\n",
    );
    let j = &t.jobs[0];
    assert_eq!(
        (
            &*j.conditions[0].type_,
            &*j.conditions[0].reason,
            j.conditions[0].at
        ),
        ("Suspended", "JobSuspended", 0)
    );
    assert_eq!(
        (
            &*j.conditions[1].status,
            &*j.conditions[1].reason,
            j.conditions[1].at
        ),
        ("False", "JobResumed", 60_000)
    );
    assert_eq!(j.start_time, Some(60_000));
    assert_eq!(t.pods[0].created_at, 60_000);
    assert_eq!(j.conditions.last().unwrap().type_, "Complete");
    assert!(t
        .events
        .iter()
        .any(|e| e.reason == "Resumed" && e.message == "Job resumed"));
    // ensureJobConditionStatus updates the Suspended condition in place:
    // the object holds one, first, now False since the resume; kubectl's
    // printJob then says Running, not Suspended.
    let state: Vec<(&str, &str, &str, i64)> = j
        .conditions_at(t.end)
        .map(|c| (&*c.type_, &*c.status, &*c.reason, c.at))
        .collect();
    assert_eq!(state[0], ("Suspended", "False", "JobResumed", 60_000));
    assert_eq!(state.len(), 3, "{state:?}"); // Suspended, SuccessCriteriaMet, Complete
    let at = |s: i64| job_playground::kubectl::run(&t, s * 1000, "get jobs").unwrap();
    assert!(at(30).contains("Suspended"), "{}", at(30));
    assert!(at(65).contains("Running"), "{}", at(65));

    // Suspending a running Job deletes its pods without counting them.
    let t = run(
        &job("pause", "  backoffLimit: 0", "Never", "sleep 100"),
        "faults:\n  - {at: 5s, action: suspend, target: pause}\n",
    );
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 0);
    assert!(t.pods[0].deletion_at == Some(5000));
    assert_eq!(
        t.stop_reason.as_str(),
        "limit",
        "a Job suspended forever never finishes"
    );
}

/// ttlSecondsAfterFinished: the Job and its pods are deleted that long
/// after it finished.
#[test]
fn ttl_after_finished() {
    let t = run(
        &job(
            "ephemere",
            "  ttlSecondsAfterFinished: 100",
            "Never",
            "echo ok",
        ),
        "",
    );
    let finished = t.jobs[0].finished_at(i64::MAX).unwrap().at;
    assert_eq!(t.jobs[0].deleted_at, Some(finished + 100_000));
    assert_eq!(t.pods[0].removed_at, Some(finished + 100_000));
}

/// Work queue (completions unset): parallelism pods; once one succeeds, no
/// new pods; complete when all have ended.
#[test]
fn work_queue_job() {
    let scenario = "containers:\n  task:\n    attempts:\n      - {exit: 0, runs: 5s}\n      - {exit: 0, runs: 9s}\n      - {exit: 0, runs: 12s}\n";
    let t = run(&job("file", "  parallelism: 3", "Never", "true"), scenario);
    assert_eq!(t.pods.len(), 3);
    let c = t.jobs[0].conditions.last().unwrap();
    // The last pod ends at 13 s; the batched sync completes the Job at 14 s.
    assert_eq!((&*c.type_, c.at), ("Complete", 14_000));
    assert_eq!(t.jobs[0].counts_at(t.end).succeeded, 3);
}

/// podReplacementPolicy: Failed waits until a deleted pod is Failed before
/// replacing it; TerminatingOrFailed replaces it at once.
#[test]
fn pod_replacement_policy() {
    let scenario = "faults:\n  - {at: 5s, action: deletePod, pod: 0}\n";
    let t = run(
        &job("remplace", "  backoffLimit: 6", "Never", "sleep 100"),
        scenario,
    );
    // Counted failed at once; the back-off runs from the deletion.
    assert_eq!(t.pods[1].created_at, 15_000);
    let t = run(
        &job(
            "remplace",
            "  backoffLimit: 6\n  podReplacementPolicy: Failed",
            "Never",
            "sleep 100",
        ),
        scenario,
    );
    // The pod dies at 35 s (grace period), the failure arrives at 36 s,
    // back-off 10 s from its finish time.
    assert_eq!(t.pods[1].created_at, 45_000);
    assert_eq!(
        t.jobs[0].status.iter().map(|(_, c)| c.terminating).max(),
        Some(1)
    );
}

/// Parallel pods: OnFailure restarts add up across pods.
#[test]
fn on_failure_restarts_add_up_across_pods() {
    let t = run(
        &job(
            "paralleles",
            "  parallelism: 2\n  completions: 2\n  backoffLimit: 2",
            "OnFailure",
            "exit 1",
        ),
        "",
    );
    let c = &t.jobs[0].conditions[0];
    // Both pods fail at 1 and restart at once: 2 restarts ≥ 2, seen by the
    // batched sync at 2.
    assert_eq!((&*c.reason, c.at), ("BackoffLimitExceeded", 2_000));
}

/// podFailurePolicy FailIndex: the index fails at once, without using its
/// per-index retries; the Job ends with FailedIndexes once all are done.
#[test]
fn pod_failure_policy_fail_index() {
    let spec = "  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n  backoffLimitPerIndex: 3\n  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [42]}";
    let script = "if [ \"$JOB_COMPLETION_INDEX\" = 1 ]; then exit 42; fi\necho ok";
    let t = run(&job("indexe", spec, "Never", script), "");
    assert_eq!(
        t.pods.iter().filter(|p| p.index == Some(1)).count(),
        1,
        "no retry for a FailIndex match"
    );
    let counts = t.jobs[0].counts_at(t.end);
    assert_eq!(counts.failed_indexes(), Some("1"));
    assert_eq!(counts.completed_indexes(), "0,2");
    assert_eq!(t.jobs[0].conditions.last().unwrap().reason, "FailedIndexes");
}

/// backoffLimitPerIndex with a pod failure policy that ignores exit 42:
/// getNewIndexFailureCounts keeps ignored failures apart
/// (job-index-ignored-failure-count), so they do not use up the index's
/// retries, yet the per-index back-off counts them (getRemainingTimePerIndex
/// takes failed + ignored + 1).
#[test]
fn ignored_failures_do_not_use_up_the_per_index_limit() {
    let spec = "  completionMode: Indexed\n  completions: 1\n  backoffLimitPerIndex: 1\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes: {operator: In, values: [42]}";
    let scenario = "containers:\n  task:\n    attempts:\n      - {exit: 42, runs: 1s}\n      - {exit: 42, runs: 1s}\n      - {exit: 1, runs: 1s}\n      - {exit: 0, runs: 1s}\n";
    let t = run(&job("ignore", spec, "Never", "true"), scenario);
    let counts: Vec<(i32, i32)> = t
        .pods
        .iter()
        .map(|p| (p.index_failure_count, p.index_ignored_failure_count))
        .collect();
    assert_eq!(counts, vec![(0, 0), (0, 1), (0, 2), (1, 2)]);
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
    // Each pod: created, starts 1 s later, runs 1 s; the next one waits
    // 10 · 2^(absolute count − 1) s from that finish: 10, 20, 40.
    let created: Vec<f64> = t.pods.iter().map(|p| secs(p.created_at)).collect();
    assert_eq!(created, vec![0.0, 12.0, 34.0, 76.0]);
    let describe =
        job_playground::kubectl::run(&t, t.end, &format!("describe pod {}", t.pods[3].name))
            .unwrap();
    assert!(
        describe.contains("batch.kubernetes.io/job-index-ignored-failure-count: 2"),
        "{describe}"
    );
}

/// backoffLimitPerIndex with fewer pods than indexes: firstPendingIndexes
/// picks the lowest pending index (0, in back-off after its failure) and
/// getPodCreationInfoForIndependentIndexes makes the Job wait for it; index
/// 1 does not jump the queue.
#[test]
fn per_index_back_off_holds_the_lowest_pending_index() {
    let spec =
        "  completionMode: Indexed\n  completions: 2\n  parallelism: 1\n  backoffLimitPerIndex: 2";
    let scenario = "containers:\n  task:\n    attempts:\n      - {exit: 1, runs: 1s}\n      - {exit: 0, runs: 1s}\n      - {exit: 0, runs: 1s}\n";
    let t = run(&job("file", spec, "Never", "true"), scenario);
    let pods: Vec<(Option<i32>, f64)> = t
        .pods
        .iter()
        .map(|p| (p.index, secs(p.created_at)))
        .collect();
    // Index 0 fails at 2 s; its back-off runs 10 s from that finish, so it
    // comes back at 12 s and succeeds at 14 s. The sync batched from the
    // new pod (addPod, 13 s) already waits when it turns Running (13 s),
    // so the next sync is the one batched from its success: index 1 starts
    // at 15 s.
    assert_eq!(pods, vec![(Some(0), 0.0), (Some(0), 12.0), (Some(1), 15.0)]);
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
}

/// An exec liveness probe runs in the container: `ps` lists its process, so
/// a `ps | grep` probe for the right name passes (even if the program hangs)
/// and one for a wrong name fails and gets the container killed.
#[test]
fn exec_liveness_probe_runs_in_the_shell() {
    let m = |pattern: &str| {
        format!(
            "apiVersion: batch/v1
kind: Job
metadata: {{name: sonde}}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 0
      containers:
      - name: task
        image: app:1
        command: [traitement-long]
        livenessProbe:
          exec: {{command: [sh, -c, 'ps aux | grep -v grep | grep {pattern}']}}
          periodSeconds: 10
          failureThreshold: 3
"
        )
    };
    let scenario = "programs:\n  traitement-long: {runs: 60s}\n";
    let t = run(&m("traitement-long"), scenario);
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
    let t = run(&m("autre-chose"), scenario);
    let r = &t.pods[0].containers[0].runs[0];
    // The prober's first probe (1 s) comes before the container runs;
    // then 11, 21, 31: killed at the third failure.
    assert_eq!(r.finished_at, Some(31_000));
    assert!(
        t.events
            .iter()
            .any(|e| e.reason == "Killing" && e.message == "Stopping container task"),
        "restartPolicy Never, one container: computePodActions kills the whole pod"
    );
    // Each failed probe is recorded when it happens: one Unhealthy event,
    // x3 over 20 s, and x2 as of 25 s.
    let u = event(&t, "Unhealthy");
    assert_eq!((u.first_at, u.last_at, u.count), (11_000, 31_000, 3));
    // prober.probe quotes the exec probe's combined output, newline kept:
    // grep found nothing and printed nothing.
    assert_eq!(u.message, "Liveness probe failed: ");
    let (count, last, _) = u.as_of(25_000).expect("written by then");
    assert_eq!((count, last), (2, 21_000));
}

/// backoffLimitPerIndex: the failed pod of an index that will be retried
/// keeps its finalizer until the replacement is active
/// (getPodsWithDelayedDeletionPerIndex), so status.failed counts it only at
/// the sync after the replacement was created, not when it failed.
#[test]
fn per_index_failure_is_counted_once_the_replacement_exists() {
    let t = run(
        &job(
            "parindex",
            "  completionMode: Indexed\n  completions: 2\n  parallelism: 2\n  backoffLimitPerIndex: 1",
            "Never",
            "true",
        ),
        "containers:\n  task:\n    default: {exit: 0, runs: 30s}\n    byIndex:\n      \"0\": {attempts: [{exit: 1, runs: 2s}], default: {exit: 0, runs: 2s}}\n",
    );
    let failed_pod = t
        .pods
        .iter()
        .find(|p| p.index == Some(0) && p.containers[0].runs[0].exit_code == Some(1))
        .expect("index 0 failed once");
    let failed_at = failed_pod.containers[0].runs[0].finished_at.unwrap();
    let replacement = t
        .pods
        .iter()
        .filter(|p| p.index == Some(0))
        .map(|p| p.created_at)
        .max()
        .unwrap();
    assert!(replacement >= failed_at + 10_000, "per-index back-off");
    let job = &t.jobs[0];
    // Seen by the controller a second after it failed, yet not counted.
    assert_eq!(job.counts_at(failed_at + 1_000).failed, 0);
    assert_eq!(job.counts_at(replacement).failed, 0);
    // The replacement's creation brings a sync a second later: counted.
    assert_eq!(job.counts_at(replacement + 1_000).failed, 1);
    assert_eq!(job.counts_at(t.end).failed, 1);
    assert_eq!(job.conditions.last().unwrap().type_, "Complete");
}

/// pastBackoffLimitOnFailure sums the restarts of every Running or Pending
/// pod of the Job, one being deleted included (it stays Running while it
/// terminates): pod 0's two restarts and pod 1's one reach backoffLimit 3
/// at pod 1's restart, though pod 0 is terminating then.
#[test]
fn on_failure_restarts_of_a_terminating_pod_still_count() {
    let scenario = "containers:
  task:
    attempts:
      - {exit: 1, runs: 1s}
      - {exit: 1, runs: 1s}
      - {exit: 0, runs: forever, ignoresSigterm: true}
      - {exit: 1, runs: 1s}
    default: {exit: 0, runs: 200s}
faults:
  - {at: 60s, action: deletePod, pod: 0}
";
    let t = run(
        &job("somme", "  backoffLimit: 3", "OnFailure", "sleep 100"),
        scenario,
    );
    // Pod 0 is deleted at 60 s and ignores SIGTERM until 90 s; its
    // replacement (back-off 10 s) starts at 71, fails at 72 and restarts:
    // 2 + 1 = 3 restarts, seen in the batched sync at 73.
    assert_eq!(pod_created(&t), vec![0.0, 70.0]);
    let c = conditions(&t);
    assert_eq!(
        c[0],
        ("FailureTarget".into(), "BackoffLimitExceeded".into(), 73.0)
    );
    assert_eq!(c[1], ("Failed".into(), "BackoffLimitExceeded".into(), 91.0));
}

/// enqueueSyncJobWithDelay never requeues sooner than the batch period
/// (1 s): with 0.5 s of back-off left at a sync, the next pod comes 1 s
/// later, not 0.5 s.
#[test]
fn the_back_off_requeue_waits_at_least_a_batch_period() {
    let manifest = "apiVersion: batch/v1
kind: Job
metadata: {name: plancher}
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: prep
        image: busybox
        command: [sleep, '1']
      containers:
      - name: task
        image: busybox
        command: [sleep, '100']
";
    let scenario = "containers:
  prep:
    attempts:
      - {exit: 0, runs: 0s}
      - {exit: 0, runs: 8500ms}
    default: {exit: 0, runs: 0s}
  task:
    attempts:
      - {exit: 1, runs: 0s}
    default: {exit: 0, runs: 100s}
";
    let t = run(manifest, scenario);
    // Pod 0's task fails at 1 s (back-off until 11 s); pod 1 turns Running
    // at 9.5 s, and its update's batched sync at 10.5 s finds 0.5 s left:
    // requeued for 1 s, the replacement is created at 11.5 s.
    assert_eq!(pod_created(&t), vec![0.0, 0.0, 11.5]);
}

/// Pod names stay within 63 characters: the API server keeps 58 of the
/// generateName (`names.SimpleNameGenerator`), and an Indexed pod's
/// `-<index>-` stays whole (`podGenerateNameWithIndex`).
#[test]
fn pod_names_of_long_job_names_are_cut_as_the_api_server_cuts_them() {
    let long = "a".repeat(63);
    let t = run(&job(&long, "  backoffLimit: 0", "Never", "exit 0"), "");
    let pod = &t.pods[0].name;
    assert_eq!(pod.len(), 63, "{pod}");
    assert!(pod.starts_with(&"a".repeat(58)), "{pod}");
    assert!(!pod[58..].contains('-'), "{pod}");
    // An Indexed Job's name leaves room for `-<index>` in a DNS label.
    let t = run(
        &job(
            &"a".repeat(60),
            "  completionMode: Indexed\n  completions: 8\n  parallelism: 8\n  backoffLimit: 0",
            "Never",
            "exit 0",
        ),
        "",
    );
    let pod = &t.pods.iter().find(|p| p.index == Some(7)).unwrap().name;
    assert_eq!(pod.len(), 63, "{pod}");
    assert_eq!(&pod[..58], format!("{}-7-", "a".repeat(55)), "{pod}");
    // A short name keeps its dash.
    let t = run(&job("court", "  backoffLimit: 0", "Never", "exit 0"), "");
    assert!(t.pods[0].name.starts_with("court-") && t.pods[0].name.len() == 11);
}

/// A readiness probe decides Ready and nothing else (prober_manager.go
/// UpdatePodStatus): the container starts not ready, its probe runs at
/// once (the manual trigger) and at each tick, the first success makes it
/// ready and failureThreshold failures in a row unready again. Each failure
/// is an `Unhealthy` event; nothing is killed, and the Job completes.
#[test]
fn a_readiness_probe_decides_ready_and_restarts_nothing() {
    let m = job(
        "chauffe",
        "  backoffLimit: 0",
        "Never",
        "sleep 20; touch /tmp/ready; sleep 40; rm /tmp/ready; sleep 30",
    )
    .with_fields("        readinessProbe:\n          exec: {command: [cat, /tmp/ready]}\n          periodSeconds: 5\n");
    let t = run(&m, "");
    let u = event(&t, "Unhealthy");
    assert_eq!(
        u.message,
        "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory\n"
    );
    // Started at 1 s: fails at 1, 6, 11, 16; passes at 21 (the touch);
    // fails from 61 (the rm) to 86, unready at the third, 71 s. Twice
    // the pod sync after a result was set (the first sight of the run,
    // ready turning to not ready) found it not ready and ran it once
    // more at once: at 1 s and at 71 s.
    assert_eq!((u.first_at, u.last_at, u.count), (1_000, 86_000, 12));
    let run0 = &t.pods[0].container("task").unwrap().runs[0];
    assert_eq!(run0.readiness, Some(vec![(21_000, true), (71_000, false)]));
    assert!(t.events.iter().all(|e| e.reason != "Killing"));
    assert_eq!(conditions(&t)[1].0, "Complete");
    for (at, ready) in [(12_000, "0/1"), (25_000, "1/1"), (80_000, "0/1")] {
        let pods = job_playground::kubectl::run(&t, at, "get pods").unwrap();
        assert!(pods.contains(&format!("{ready}     Running")), "{pods}");
    }
    // The Job's `ready` follows, one batch period (1 s) later.
    let ready: Vec<(i64, i32)> = t.jobs[0]
        .status
        .iter()
        .map(|(at, c)| (*at, c.ready))
        .collect();
    assert!(ready.contains(&(22_000, 1)), "{ready:?}");
    assert!(ready.contains(&(72_000, 0)), "{ready:?}");
    let describe = job_playground::kubectl::run(&t, 30_000, "describe pod").unwrap();
    assert!(
        describe.contains("Readiness:      exec [cat /tmp/ready] delay=0s timeout=1s period=5s #success=1 #failure=3"),
        "{describe}"
    );
}

/// getFinishedTime: a pod deleted while not ready failed when its Ready
/// condition turned False (getFinishTimeFromPodReadyFalseCondition), so the
/// back-off before its replacement runs from then, not from the deletion;
/// a ready pod deleted failed at the deletion. The shell ignores SIGTERM,
/// so the container still runs when the Job counts the pod.
#[test]
fn a_pod_deleted_while_not_ready_failed_when_it_became_not_ready() {
    let probed = |script: &str| {
        job("pret", "  backoffLimit: 2", "Never", script)
            .with_fields("        readinessProbe:\n          exec: {command: [cat, /tmp/ready]}\n          periodSeconds: 5\n")
    };
    let m = probed("sleep 18; touch /tmp/ready; sleep 300");
    // Deleted at 10 s, never ready: Ready=False since the kubelet's first
    // status, at 1 s. The sync at 11 s finds the 10 s back-off over.
    let t = run(&m, "faults:\n  - {at: 10s, action: deletePod, pod: 0}\n");
    assert_eq!(t.pods[0].not_ready_since(11_000, false), Some(1_000));
    assert_eq!(pod_created(&t)[..2], [0.0, 11.0]);
    // Deleted at 30 s, ready since 21 s (the probe's tick after the touch,
    // at 19 s): failed at 30 s, replaced at 40 s.
    let t = run(&m, "faults:\n  - {at: 30s, action: deletePod, pod: 0}\n");
    assert_eq!(t.pods[0].not_ready_since(31_000, false), None);
    assert_eq!(pod_created(&t)[..2], [0.0, 40.0]);
    // Ready, then not ready: the condition dates from the turn, the third
    // failed tick after the rm at 59 s.
    let m = probed("sleep 18; touch /tmp/ready; sleep 40; rm /tmp/ready; sleep 300");
    let t = run(&m, "faults:\n  - {at: 80s, action: deletePod, pod: 0}\n");
    assert_eq!(t.pods[0].not_ready_since(81_000, false), Some(71_000));
    assert_eq!(pod_created(&t)[..2], [0.0, 81.0]);
}

/// getFinishTimeFromContainers looks at the regular containers (then the
/// sidecars) only, and wants each terminated: a pod whose init container
/// failed under Never has its app container still waiting, so it failed
/// when its Ready condition became False, at the kubelet's first status
/// (1 s), not when the init container ended (6 s). The replacement waits
/// 10 s from 1 s, and the sync after the failure (7 s) finds 4 s left.
#[test]
fn a_pod_failed_by_its_init_container_failed_at_its_first_status() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: init}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: prepare
        image: busybox:1.36
        command: [sh, -c, 'sleep 5; exit 1']
      containers:
      - name: app
        image: busybox:1.36
        command: [sh, -c, 'echo go']
";
    let t = run(m, "");
    let init = &t.pods[0].container("prepare").unwrap().runs[0];
    assert_eq!((init.started_at, init.finished_at), (1_000, Some(6_000)));
    assert_eq!(t.pods[0].not_ready_since(7_000, false), Some(1_000));
    assert_eq!(pod_created(&t), vec![0.0, 11.0]);
}

/// successThreshold results in a row, counted from after
/// initialDelaySeconds (doProbe skips the manual trigger before it); an
/// HTTP probe is taken to be answered.
#[test]
fn a_readiness_probe_waits_its_delay_and_success_threshold() {
    let m = job("lent", "  backoffLimit: 0", "Never", "sleep 60")
        .with_fields("        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          initialDelaySeconds: 3\n          periodSeconds: 5\n          successThreshold: 2\n");
    let t = run(&m, "");
    let run0 = &t.pods[0].container("task").unwrap().runs[0];
    // Started at 1 s; ticks at 6 and 11 s pass: ready at the second.
    assert_eq!(run0.readiness, Some(vec![(11_000, true)]));
    assert!(t.events.iter().all(|e| e.reason != "Unhealthy"));
}

/// Readiness waits for the startup probe (doProbe skips a container not
/// yet Started), then runs at once when it passes; a sidecar's readiness
/// counts for the pod's Ready and so for the Job's `ready` (IsPodReady).
#[test]
fn readiness_waits_for_startup_and_a_sidecar_counts() {
    let m = sidecar_job(
        "proxy",
        "sleep 12; touch /tmp/up; sleep 20; touch /tmp/ready; sleep 3600",
        "        startupProbe:\n          exec: {command: [test, -f, /tmp/up]}\n          periodSeconds: 5\n          failureThreshold: 10\n        readinessProbe:\n          exec: {command: [test, -f, /tmp/ready]}\n          periodSeconds: 10\n",
        "sleep 60",
    );
    let t = run(&m, "");
    let proxy = &t.pods[0].container("proxy").unwrap().runs[0];
    // Up at 13 s, seen by the startup beat at 16 s; readiness runs then
    // (fails), at its ticks 21, 31 (fail) and 41 s (passes: the file is
    // there since 33 s).
    assert_eq!(proxy.started_probe, Some(16_000));
    assert_eq!(proxy.readiness, Some(vec![(41_000, true)]));
    let u: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.message.starts_with("Readiness probe failed"))
        .map(|e| (e.first_at, e.count))
        .collect();
    assert_eq!(u, [(16_000, 3)]);
    // main starts at 16 s, running and ready; the pod is Ready once the
    // proxy is, and the Job's ready follows a batch period later.
    let ready: Vec<(i64, i32)> = t.jobs[0]
        .status
        .iter()
        .map(|(at, c)| (*at, c.ready))
        .collect();
    assert!(
        !ready.iter().any(|(at, r)| *r == 1 && *at < 41_000),
        "{ready:?}"
    );
    assert!(ready.contains(&(42_000, 1)), "{ready:?}");
}

/// A restarted container starts not ready again (the worker sets its
/// initial result for the new container), and its readiness probe runs
/// at once and once more after that first sight, in each run; the
/// failures in a row carry on (resultRun).
#[test]
fn a_restarted_container_starts_not_ready_again() {
    let m = job("relance", "  backoffLimit: 1", "OnFailure", "sleep 12; exit 1")
        .with_fields("        readinessProbe:\n          exec: {command: [cat, /tmp/ready]}\n          periodSeconds: 5\n");
    let t = run(&m, "");
    let runs = &t.pods[0].container("task").unwrap().runs;
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.readiness == Some(vec![])), "{runs:?}");
    let starts: Vec<i64> = runs.iter().map(|r| r.started_at).collect();
    let u = event(&t, "Unhealthy");
    // Each run: two at its start, then the ticks (every 5 s from the
    // pod's start at 1 s) while it runs, the second one's grace period
    // included (doProbe goes on with readiness for a pod being deleted).
    let ticks = |from: i64, to: i64| {
        (1..)
            .map(|k| 1_000 + 5_000 * k)
            .skip_while(move |x| *x <= from)
            .take_while(move |x| *x < to)
            .count()
    };
    let ends: Vec<i64> = runs.iter().map(|r| r.finished_at.unwrap()).collect();
    let expected = 2 + ticks(starts[0], ends[0]) + 2 + ticks(starts[1], ends[1]);
    assert_eq!(
        u.count as usize, expected,
        "starts {starts:?} ends {ends:?}"
    );
    assert_eq!(u.first_at, starts[0]);
}

/// The Job controller's view of a pod's ContainersReady condition
/// (`containers_ready_at`, which dates getFinishedTime's Ready=False) and
/// kubectl's (`ContainersReady` in `describe pod`, derived per container)
/// agree at every second of every lesson and
/// of the readiness, startup-probe and sidecar runs above.
#[test]
fn the_pods_containers_ready_reads_the_same_for_the_controller_and_kubectl() {
    use job_playground::kubectl::view::PodView;
    let probes = job("pret", "  backoffLimit: 2", "Never", "sleep 20; touch /tmp/ready; sleep 40; rm /tmp/ready; sleep 30")
        .with_fields("        readinessProbe:\n          exec: {command: [cat, /tmp/ready]}\n          periodSeconds: 5\n        startupProbe:\n          exec: {command: [test, -f, /tmp/ready]}\n          periodSeconds: 5\n          failureThreshold: 10\n");
    let mut runs: Vec<(String, job_playground::sim::Trace)> = job_playground::lesson::bundled()
        .into_iter()
        .filter_map(|l| {
            let r = job_playground::lesson::run(&l.manifest, &l.scenario, &Options::default());
            Some((l.id.clone(), r.trace?))
        })
        .collect();
    runs.push((
        "probes".into(),
        run(
            &probes,
            "faults:\n  - {at: 80s, action: deletePod, pod: 0}\n",
        ),
    ));
    let mut checked = 0;
    for (name, t) in &runs {
        for (i, pod) in t.pods.iter().enumerate() {
            let end = pod
                .removed_at
                .unwrap_or(t.end)
                .min(pod.created_at + 600_000);
            for at in (pod.created_at..end).step_by(1000) {
                let view = PodView::new(t, i, at).unwrap();
                assert_eq!(
                    pod.containers_ready_at(at),
                    view.containers_ready(),
                    "{name}: pod {} at {at} ms",
                    pod.name
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// A readiness gate nothing sets keeps the pod from Ready (IsPodReady wants
/// every gate's condition True) while its containers are ready: the Job's
/// `ready` stays 0, kubectl shows the gate, and a deletion dates the pod's
/// failure from its first status, when Ready was written False.
#[test]
fn a_readiness_gate_nothing_sets_keeps_the_pod_from_ready() {
    let m = job("porte", "  backoffLimit: 2", "Never", "sleep 60").replace(
        "      containers:",
        "      readinessGates:\n      - conditionType: example.com/lb-ready\n      containers:",
    );
    let t = run(&m, "faults:\n  - {at: 10s, action: deletePod, pod: 0}\n");
    assert!(
        t.jobs[0].status.iter().all(|(_, c)| c.ready == 0),
        "{:?}",
        t.jobs[0].status
    );
    assert!(t.jobs[0].status.iter().any(|(_, c)| c.active == 1));
    let describe = job_playground::kubectl::run(&t, 5_000, "describe pod").unwrap();
    assert!(
        describe.contains(
            "Readiness Gates:\n  Type                   Status\n  example.com/lb-ready   <none> \n"
        ),
        "{describe}"
    );
    assert!(
        describe.contains(
            "  Ready                       False \n  ContainersReady             True \n"
        ),
        "{describe}"
    );
    let wide = job_playground::kubectl::run(&t, 5_000, "get pods -o wide").unwrap();
    assert!(
        wide.lines()
            .nth(1)
            .unwrap()
            .trim_end()
            .ends_with("<none>           0/1"),
        "{wide}"
    );
    assert_eq!(t.pods[0].not_ready_since(11_000, true), Some(1_000));
    assert_eq!(pod_created(&t)[..2], [0.0, 11.0]);
}

/// An API object keeps its times in whole seconds (`metav1.Time`, whose
/// protobuf form drops the nanoseconds: `ProtoTime`, time_proto.go), and
/// getFinishedTime reads the failed pod's `finishedAt` from the object:
/// a pod that fails at 3.3 s is replaced 10 s after 3 s.
#[test]
fn the_back_off_counts_from_finished_at_in_whole_seconds() {
    let t = run(
        &job("tronque", "  backoffLimit: 2", "Never", "sleep 2.3\nexit 1"),
        "",
    );
    // Pod 0 starts at 1 s and fails at 3.3 s: finishedAt 3 s, + 10 s.
    // Pod 1 starts at 14 s and fails at 16.3 s: 16 s + 20 s.
    assert_eq!(pod_created(&t), vec![0.0, 13.0, 36.0]);
    // The runs themselves keep their milliseconds.
    let run = &t.pods[0].containers[0].runs[0];
    assert_eq!(run.finished_at, Some(3_300));
}

/// The TTL controller counts ttlSecondsAfterFinished from the finished
/// condition's lastTransitionTime (`jobFinishTime`), in whole seconds.
#[test]
fn the_ttl_counts_from_the_finished_condition_in_whole_seconds() {
    let t = run(
        &job("ttl", "  ttlSecondsAfterFinished: 5", "Never", "sleep 2.3"),
        "",
    );
    let done = t.jobs[0].finished_at(i64::MAX).expect("Complete").at;
    assert_eq!(done % 1000, 300, "the condition is set at the sync's time");
    assert_eq!(t.jobs[0].deleted_at, Some(done - 300 + 5_000));
}

/// After the sync that sets it, the Job controller reads the Job's
/// startTime back from its informer, in whole seconds: a Job resumed at
/// 2.5 s with activeDeadlineSeconds 10 is past it at 12 s (FailureTarget;
/// Failed once its pod is gone).
#[test]
fn the_active_deadline_counts_from_start_time_in_whole_seconds() {
    let m = job(
        "reprise",
        "  activeDeadlineSeconds: 10",
        "Never",
        "sleep 60",
    );
    let t = run(
        &m,
        "faults:\n  - {at: 500ms, action: suspend, target: reprise}\n  - {at: 2500ms, action: resume, target: reprise}\n",
    );
    assert_eq!(t.jobs[0].start_time, Some(2_500));
    let target = conditions(&t)
        .into_iter()
        .find(|c| c.0 == "FailureTarget")
        .expect("FailureTarget");
    assert_eq!((target.1.as_str(), target.2), ("DeadlineExceeded", 12.0));
}

/// The kubelet measures a pod's own activeDeadlineSeconds from its
/// status.startTime, which its status manager keeps in whole seconds
/// (`normalizeStatus`): a pod started at 1.5 s with a 20 s deadline
/// passes it at 21 s.
#[test]
fn a_pods_deadline_counts_from_its_start_time_in_whole_seconds() {
    let m = job("delai", "  backoffLimit: 0", "Never", "sleep 3600").replace(
        "      restartPolicy: Never",
        "      restartPolicy: Never\n      activeDeadlineSeconds: 20",
    );
    let t = run(&m, "timing:\n  podStartup: 1500ms\n");
    assert_eq!(t.pods[0].started_at, Some(1_500));
    let e = t
        .events
        .iter()
        .find(|e| e.reason == "DeadlineExceeded" && e.kind == "Pod")
        .expect("the kubelet's event");
    assert_eq!(e.first_at, 21_000);
}

/// doProbe skips a container within initialDelaySeconds of its start, which
/// it reads from the status manager's copy (whole seconds) and compares in
/// whole seconds: a container started at 1.3 s (after a 0.3 s init
/// container) with a 5 s delay is probed from 6 s, on the pod worker's
/// beat (1, 2, 3… s), and is ready at 6 s, not 7 s.
#[test]
fn initial_delay_counts_from_started_at_in_whole_seconds() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: delai}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: prepare
        image: busybox:1.36
        command: [sh, -c, 'sleep 0.3']
      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, 'sleep 30']
        readinessProbe:
          exec: {command: ['true']}
          initialDelaySeconds: 5
          periodSeconds: 1
";
    let t = run(m, "");
    let run = &t.pods[0].container("main").unwrap().runs[0];
    assert_eq!(run.started_at, 1_300);
    let ready = run.readiness.as_ref().expect("a readiness probe");
    assert_eq!(ready.first(), Some(&(6_000, true)));
}
