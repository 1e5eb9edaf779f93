//! Hand-built Traces and the exact text kubectl would print for them.

use super::*;
use crate::api::{Container, JobSpec, PodSpec, PodTemplateSpec};
use crate::sim::trace::*;
use std::rc::Rc;

/// Mon, 02 Jun 2025 10:00:00 UTC.
const START: i64 = 1_748_858_400;
const UID: &str = "4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d";

fn s(x: i64) -> Millis {
    x * 1000
}

fn spec(policy: &str, backoff: i32) -> JobSpec {
    JobSpec {
        parallelism: Some(1),
        completions: Some(1),
        backoff_limit: Some(backoff),
        completion_mode: Some("NonIndexed".into()),
        suspend: Some(false),
        template: PodTemplateSpec {
            spec: PodSpec {
                containers: vec![Container {
                    name: "task".into(),
                    image: "busybox:1.36".into(),
                    command: vec!["sh".into(), "-c".into(), "echo boom; exit 1".into()],
                    ..Container::default()
                }],
                restart_policy: Some(policy.into()),
                termination_grace_period_seconds: Some(30),
                ..PodSpec::default()
            },
            ..PodTemplateSpec::default()
        },
        ..JobSpec::default()
    }
}

fn job(name: &str, spec: JobSpec) -> JobRecord {
    JobRecord {
        name: name.into(),
        uid: UID.into(),
        spec: spec.into(),
        created_at: 0,
        start_time: Some(0),
        completion_time: None,
        deleted_at: None,
        conditions: Vec::new(),
        status: Vec::new(),
        pods: Vec::new(),
        cron_job: None,
        scheduled_unix: None,
        meta: None,
    }
}

fn crun(from: i64, to: Option<i64>, exit: i32, reason: &str) -> ContainerRun {
    ContainerRun {
        started_at: s(from),
        started_probe: Some(s(from)),
        readiness: None,
        finished_at: to.map(s),
        exit_code: to.map(|_| exit),
        reason: to.map(|_| reason.to_string().into()),
        signal: None,
        message: None,
    }
}

fn container(name: &str, init: bool, runs: Vec<ContainerRun>) -> ContainerRecord {
    ContainerRecord {
        name: name.into(),
        image: "busybox:1.36".into(),
        init,
        sidecar: false,
        runs,
        waits: Vec::new(),
    }
}

fn pod(
    name: &str,
    created: i64,
    containers: Vec<ContainerRecord>,
    phases: Vec<(i64, Phase)>,
) -> PodRecord {
    PodRecord {
        name: name.into(),
        uid: format!("uid-{name}"),
        job: 0,
        index: None,
        ip: "10.244.1.5".into(),
        created_at: s(created),
        started_at: Some(s(created)),
        deletion_at: None,
        deletion_grace_seconds: 30,
        removed_at: None,
        phases: phases.into_iter().map(|(t, p)| (s(t), p)).collect(),
        conditions: Vec::new(),
        reason: None,
        containers,
        index_failure_count: 0,
        index_ignored_failure_count: 0,
    }
}

fn event(
    at: i64,
    kind: &'static str,
    name: &str,
    type_: &'static str,
    reason: &str,
    message: &str,
    source: &'static str,
) -> EventRecord {
    EventRecord {
        first_at: s(at),
        last_at: s(at),
        count: 1,
        kind,
        name: name.into(),
        type_,
        reason: reason.to_string().into(),
        message: message.into(),
        source,
        created: (s(at), 1),
        patches: Vec::new(),
    }
}

fn trace(jobs: Vec<JobRecord>, pods: Vec<PodRecord>, events: Vec<EventRecord>) -> Trace {
    let mut jobs = jobs;
    if let Some(j) = jobs.first_mut() {
        j.pods = (0..pods.len()).collect();
    }
    Trace {
        start_unix: START,
        end: s(600),
        stop_reason: StopReason::Finished,
        notes: Vec::new(),
        jobs,
        pods,
        events,
        logs: Vec::new(),
        cron_jobs: Vec::new(),
        steps: 0,
    }
}

/// The failed Job of the notes: restartPolicy Never, backoffLimit 2,
/// three pods that exit 1.
fn failed_job() -> Trace {
    let mut j = job("fail-job", spec("Never", 2));
    let fail = Condition {
        type_: "FailureTarget".into(),
        status: "True".into(),
        reason: "BackoffLimitExceeded".into(),
        message: "Job has reached the specified backoff limit".into(),
        at: s(60),
    };
    j.conditions = vec![
        fail.clone(),
        Condition {
            type_: "Failed".into(),
            ..fail
        },
    ];
    j.status = vec![
        (
            0,
            JobCounts {
                active: 1,
                ..JobCounts::default()
            },
        ),
        (
            s(60),
            JobCounts {
                failed: 3,
                ..JobCounts::default()
            },
        ),
    ];
    let pods = vec![
        pod(
            "fail-job-7xk2p",
            0,
            vec![container("task", false, vec![crun(1, Some(1), 1, "Error")])],
            vec![(0, Phase::Pending), (1, Phase::Failed)],
        ),
        pod(
            "fail-job-q9d4m",
            10,
            vec![container(
                "task",
                false,
                vec![crun(11, Some(12), 1, "Error")],
            )],
            vec![(10, Phase::Pending), (12, Phase::Failed)],
        ),
        pod(
            "fail-job-zt5rb",
            32,
            vec![container(
                "task",
                false,
                vec![crun(33, Some(34), 1, "Error")],
            )],
            vec![(32, Phase::Pending), (34, Phase::Failed)],
        ),
    ];
    let events = vec![
        event(
            0,
            "Job",
            "fail-job",
            "Normal",
            "SuccessfulCreate",
            "Created pod: fail-job-7xk2p",
            "job-controller",
        ),
        event(
            0,
            "Pod",
            "fail-job-7xk2p",
            "Normal",
            "Scheduled",
            "Successfully assigned default/fail-job-7xk2p to node-1",
            "default-scheduler",
        ),
        event(
            1,
            "Pod",
            "fail-job-7xk2p",
            "Normal",
            "Pulled",
            "Container image \"busybox:1.36\" already present on machine",
            "kubelet",
        ),
        event(
            1,
            "Pod",
            "fail-job-7xk2p",
            "Normal",
            "Created",
            "Created container: task",
            "kubelet",
        ),
        event(
            1,
            "Pod",
            "fail-job-7xk2p",
            "Normal",
            "Started",
            "Started container task",
            "kubelet",
        ),
        event(
            10,
            "Job",
            "fail-job",
            "Normal",
            "SuccessfulCreate",
            "Created pod: fail-job-q9d4m",
            "job-controller",
        ),
        event(
            32,
            "Job",
            "fail-job",
            "Normal",
            "SuccessfulCreate",
            "Created pod: fail-job-zt5rb",
            "job-controller",
        ),
        event(
            60,
            "Job",
            "fail-job",
            "Warning",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
            "job-controller",
        ),
    ];
    trace(vec![j], pods, events)
}

#[test]
fn describe_job_matches_the_notes() {
    let tr = failed_job();
    let want = "\
Name:             fail-job
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
Labels:           batch.kubernetes.io/controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
                  batch.kubernetes.io/job-name=fail-job
                  controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
                  job-name=fail-job
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    2
Start Time:       Mon, 02 Jun 2025 10:00:00 +0000
Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 3 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
           batch.kubernetes.io/job-name=fail-job
           controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
           job-name=fail-job
  Containers:
   task:
    Image:      busybox:1.36
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
      echo boom; exit 1
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type     Reason                Age   From            Message
  ----     ------                ----  ----            -------
  Normal   SuccessfulCreate      70s   job-controller  Created pod: fail-job-7xk2p
  Normal   SuccessfulCreate      60s   job-controller  Created pod: fail-job-q9d4m
  Normal   SuccessfulCreate      38s   job-controller  Created pod: fail-job-zt5rb
  Warning  BackoffLimitExceeded  10s   job-controller  Job has reached the specified backoff limit
";
    assert_eq!(
        run(&tr, s(70), "kubectl describe job fail-job").unwrap(),
        want
    );
    // Prefix matching (DescribeMatchingResources) and the plural form.
    assert_eq!(run(&tr, s(70), "describe jobs fail").unwrap(), want);
    assert_eq!(run(&tr, s(70), "describe job/fail-job").unwrap(), want);
}

#[test]
fn get_jobs_failed_duration_keeps_growing() {
    let tr = failed_job();
    assert_eq!(
        run(&tr, s(190), "kubectl get jobs").unwrap(),
        "NAME       STATUS   COMPLETIONS   DURATION   AGE\nfail-job   Failed   0/1           3m10s      3m10s\n"
    );
    assert_eq!(
        run(&tr, s(250), "get job fail-job").unwrap(),
        "NAME       STATUS   COMPLETIONS   DURATION   AGE\nfail-job   Failed   0/1           4m10s      4m10s\n"
    );
    // Before the conditions: Running.
    assert_eq!(
        run(&tr, s(30), "get jobs").unwrap(),
        "NAME       STATUS    COMPLETIONS   DURATION   AGE\nfail-job   Running   0/1           30s        30s\n"
    );
}

#[test]
fn get_jobs_completions_formats() {
    let mut sp = spec("Never", 6);
    sp.completions = None;
    sp.parallelism = Some(3);
    let mut j = job("queue", sp);
    j.start_time = Some(s(1));
    let mut done = job("pi", spec("Never", 6));
    done.completion_time = Some(s(9));
    done.conditions = vec![Condition {
        type_: "Complete".into(),
        status: "True".into(),
        reason: "CompletionsReached".into(),
        message: String::new().into(),
        at: s(9),
    }];
    done.status = vec![(
        s(9),
        JobCounts {
            succeeded: 1,
            ..JobCounts::default()
        },
    )];
    let tr = trace(vec![j, done], Vec::new(), Vec::new());
    assert_eq!(
        run(&tr, s(41), "get jobs").unwrap(),
        "NAME    STATUS     COMPLETIONS   DURATION   AGE\npi      Complete   1/1           9s         41s\nqueue   Running    0/1 of 3      40s        41s\n"
    );
}

#[test]
fn get_pods_error_and_completed_and_oomkilled() {
    let mut tr = failed_job();
    tr.pods[1].containers[0].runs = vec![crun(11, Some(12), 0, "Completed")];
    tr.pods[1].phases = vec![(s(10), Phase::Pending), (s(12), Phase::Succeeded)];
    tr.pods[2].containers[0].runs = vec![crun(33, Some(34), 137, "OOMKilled")];
    tr.pods[2].phases = vec![
        (s(32), Phase::Pending),
        (s(33), Phase::Running),
        (s(34), Phase::Failed),
    ];
    assert_eq!(
        run(&tr, s(70), "get pods").unwrap(),
        "NAME             READY   STATUS      RESTARTS   AGE\n\
fail-job-7xk2p   0/1     Error       0          70s\n\
fail-job-q9d4m   0/1     Completed   0          60s\n\
fail-job-zt5rb   0/1     OOMKilled   0          38s\n"
    );
    // Not yet created, then ContainerCreating, then Running.
    assert_eq!(
        run(&tr, s(0), "get po").unwrap(),
        "NAME             READY   STATUS              RESTARTS   AGE\nfail-job-7xk2p   0/1     ContainerCreating   0          0s\n"
    );
    assert_eq!(
        run(&tr, s(33), "get pods fail-job-zt5rb").unwrap(),
        "NAME             READY   STATUS    RESTARTS   AGE\nfail-job-zt5rb   1/1     Running   0          1s\n"
    );
}

#[test]
fn get_pods_container_creating() {
    let mut tr = failed_job();
    tr.pods[0].phases = vec![(0, Phase::Pending)];
    tr.pods[0].started_at = Some(s(1));
    tr.pods[0].containers[0].runs = vec![crun(2, Some(3), 1, "Error")];
    assert_eq!(
        run(&tr, 500, "get pods").unwrap(),
        "NAME             READY   STATUS              RESTARTS   AGE\nfail-job-7xk2p   0/1     ContainerCreating   0          0s\n"
    );
}

fn crashloop() -> Trace {
    let mut tr = failed_job();
    tr.jobs[0].spec = spec("OnFailure", 6).into();
    tr.jobs[0].conditions.clear();
    tr.pods.truncate(1);
    tr.jobs[0].pods = vec![0];
    let c = &mut tr.pods[0].containers[0];
    c.runs = vec![
        crun(1, Some(2), 1, "Error"),
        crun(2, Some(3), 1, "Error"),
        crun(13, Some(14), 1, "Error"),
        crun(34, Some(35), 1, "Error"),
    ];
    c.waits = vec![
        Wait {
            from: s(3),
            until: Some(s(13)),
            reason: "CrashLoopBackOff".into(),
            message: String::new(),
            delay: None,
        },
        Wait {
            from: s(14),
            until: Some(s(34)),
            reason: "CrashLoopBackOff".into(),
            message: String::new(),
            delay: None,
        },
        Wait {
            from: s(35),
            until: None,
            reason: "CrashLoopBackOff".into(),
            message: String::new(),
            delay: None,
        },
    ];
    tr.pods[0].phases = vec![(0, Phase::Pending), (s(1), Phase::Running)];
    tr.logs = vec![
        LogLine {
            at: s(1),
            pod: 0,
            container: 0,
            restart: 0,
            stderr: false,
            text: "boom 0".into(),
        },
        LogLine {
            at: s(13),
            pod: 0,
            container: 0,
            restart: 2,
            stderr: false,
            text: "boom 2".into(),
        },
        LogLine {
            at: s(34),
            pod: 0,
            container: 0,
            restart: 3,
            stderr: true,
            text: "boom 3".into(),
        },
    ];
    tr
}

#[test]
fn get_pods_crashloop_restarts_ago() {
    let tr = crashloop();
    assert_eq!(
        run(&tr, s(47), "get pods").unwrap(),
        "NAME             READY   STATUS             RESTARTS      AGE\nfail-job-7xk2p   0/1     CrashLoopBackOff   3 (12s ago)   47s\n"
    );
    // While the fourth run is running: Running, 3 restarts, the last one
    // ended 20 s ago (at 14 s).
    assert_eq!(
        run(&tr, s(34), "get pods -l job-name=fail-job").unwrap(),
        "NAME             READY   STATUS    RESTARTS      AGE\nfail-job-7xk2p   1/1     Running   3 (20s ago)   34s\n"
    );
    assert_eq!(
        run(&tr, s(34), "get pods --selector job-name=other").unwrap(),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn get_pods_init_error_and_init_progress() {
    let mut tr = failed_job();
    tr.pods.truncate(1);
    tr.jobs[0].pods = vec![0];
    Rc::make_mut(&mut tr.jobs[0].spec)
        .template
        .spec
        .init_containers = vec![Container {
        name: "init-db".into(),
        image: "busybox:1.36".into(),
        ..Container::default()
    }];
    tr.pods[0].containers = vec![
        container("init-db", true, vec![crun(1, Some(5), 1, "Error")]),
        container("task", false, Vec::new()),
    ];
    tr.pods[0].phases = vec![(0, Phase::Pending), (s(5), Phase::Failed)];
    assert_eq!(
        run(&tr, s(3), "get pods").unwrap(),
        "NAME             READY   STATUS     RESTARTS   AGE\nfail-job-7xk2p   0/1     Init:0/1   0          3s\n"
    );
    assert_eq!(
        run(&tr, s(6), "get pods").unwrap(),
        "NAME             READY   STATUS       RESTARTS   AGE\nfail-job-7xk2p   0/1     Init:Error   0          6s\n"
    );
    // A running init container is not ready (the prober manager marks an
    // ordinary one ready only once it exited 0).
    let described = run(&tr, s(3), "describe pod fail-job-7xk2p").unwrap();
    let init =
        &described[described.find("init-db:").unwrap()..described.find("\nContainers:").unwrap()];
    assert!(
        init.contains("Running") && init.contains("Ready:          False"),
        "{init}"
    );
    // The regular container waits with PodInitializing, so its logs say so.
    assert_eq!(
        run(&tr, s(6), "logs fail-job-7xk2p").unwrap_err(),
        "Defaulted container \"task\" out of: task, init-db (init)\n\
Error from server (BadRequest): container \"task\" in pod \"fail-job-7xk2p\" is waiting to start: PodInitializing"
    );
}

#[test]
fn get_pods_sidecar_ready_counts() {
    let mut tr = failed_job();
    tr.pods.truncate(1);
    tr.jobs[0].pods = vec![0];
    let mut side = container("proxy", true, vec![crun(1, None, 0, "")]);
    side.sidecar = true;
    tr.pods[0].containers = vec![side, container("task", false, vec![crun(1, None, 0, "")])];
    tr.pods[0].phases = vec![(0, Phase::Pending), (s(1), Phase::Running)];
    assert_eq!(
        run(&tr, s(5), "get pods").unwrap(),
        "NAME             READY   STATUS    RESTARTS   AGE\nfail-job-7xk2p   2/2     Running   0          5s\n"
    );
}

#[test]
fn get_pods_terminating() {
    let mut tr = failed_job();
    tr.pods.truncate(1);
    tr.jobs[0].pods = vec![0];
    tr.pods[0].containers[0].runs = vec![crun(1, Some(40), 137, "Error")];
    tr.pods[0].phases = vec![
        (0, Phase::Pending),
        (s(1), Phase::Running),
        (s(40), Phase::Failed),
    ];
    tr.pods[0].deletion_at = Some(s(10));
    tr.pods[0].removed_at = Some(s(40));
    assert_eq!(
        run(&tr, s(12), "get pods").unwrap(),
        "NAME             READY   STATUS        RESTARTS   AGE\nfail-job-7xk2p   1/1     Terminating   0          12s\n"
    );
    // describe: deletionTimestamp is 30 s in the future.
    let d = run(&tr, s(12), "describe pod fail-job-7xk2p").unwrap();
    assert!(d.contains("\nStatus:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n"), "{d}");
    // Gone once removed.
    assert_eq!(
        run(&tr, s(41), "get pods").unwrap(),
        "No resources found in default namespace.\n"
    );
    assert_eq!(
        run(&tr, s(41), "describe pod fail-job-7xk2p").unwrap_err(),
        "Error from server (NotFound): pods \"fail-job-7xk2p\" not found"
    );
}

#[test]
fn logs_current_and_previous() {
    let tr = crashloop();
    // Waiting in CrashLoopBackOff: the last run's log.
    assert_eq!(run(&tr, s(40), "logs fail-job-7xk2p").unwrap(), "boom 3\n");
    assert_eq!(
        run(&tr, s(40), "kubectl logs fail-job-7xk2p -p").unwrap(),
        "boom 3\n"
    );
    // While the third run is running, --previous is the second (silent).
    assert_eq!(run(&tr, s(13), "logs fail-job-7xk2p").unwrap(), "boom 2\n");
    assert_eq!(
        run(&tr, s(13), "logs fail-job-7xk2p --previous").unwrap(),
        ""
    );
    assert_eq!(
        run(&tr, s(13), "logs job/fail-job -c task").unwrap(),
        "boom 2\n"
    );
    assert_eq!(
        run(&tr, s(13), "logs fail-job-7xk2p -c nope").unwrap_err(),
        "error: container nope is not valid for pod fail-job-7xk2p out of: task"
    );
}

#[test]
fn logs_previous_error_for_never_pods() {
    let tr = failed_job();
    assert_eq!(
        run(&tr, s(70), "logs fail-job-7xk2p --previous").unwrap_err(),
        "Error from server (BadRequest): previous terminated container \"task\" in pod \"fail-job-7xk2p\" not found"
    );
    assert_eq!(run(&tr, s(70), "logs fail-job-7xk2p").unwrap(), "");
    assert_eq!(
        run(&tr, s(70), "logs job/fail-job").unwrap(),
        "Found 3 pods, using pod/fail-job-7xk2p\n"
    );
    assert_eq!(
        run(&tr, s(70), "logs nope").unwrap_err(),
        "Error from server (NotFound): pods \"nope\" not found"
    );
    assert_eq!(
        run(&tr, s(70), "logs job/nope").unwrap_err(),
        "Error from server (NotFound): jobs.batch \"nope\" not found"
    );
}

#[test]
fn logs_waiting_to_start() {
    let mut tr = failed_job();
    tr.pods[0].containers[0].runs.clear();
    tr.pods[0].phases = vec![(0, Phase::Pending)];
    assert_eq!(
        run(&tr, s(1), "logs fail-job-7xk2p").unwrap_err(),
        "Error from server (BadRequest): container \"task\" in pod \"fail-job-7xk2p\" is waiting to start: ContainerCreating"
    );
}

#[test]
fn errors_are_worded_like_kubectl() {
    let tr = failed_job();
    assert_eq!(
        run(&tr, 0, "kubectl frobnicate").unwrap_err(),
        "error: unknown command \"frobnicate\" for \"kubectl\""
    );
    assert_eq!(
        run(&tr, 0, "kubectl gte pods").unwrap_err(),
        "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget"
    );
    assert_eq!(
        run(&tr, 0, "get widgets").unwrap_err(),
        "error: the server doesn't have a resource type \"widgets\""
    );
    assert_eq!(
        run(&tr, s(70), "get pods nope").unwrap_err(),
        "Error from server (NotFound): pods \"nope\" not found"
    );
    assert_eq!(
        run(&tr, s(70), "get job nope").unwrap_err(),
        "Error from server (NotFound): jobs.batch \"nope\" not found"
    );
    assert_eq!(
        run(&tr, s(70), "get cj").unwrap(),
        "No resources found in default namespace.\n"
    );
    assert_eq!(
        run(&tr, s(70), "get pods -n kube-system").unwrap(),
        "No resources found in kube-system namespace.\n"
    );
    assert_eq!(
        run(&tr, s(70), "get pods --bogus").unwrap_err(),
        "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage."
    );
    assert!(run(&tr, s(70), "get")
        .unwrap_err()
        .contains("error: Required resource not specified."));
    assert!(run(&tr, s(70), "get pods 'unterminated").is_err());
}

#[test]
fn get_events_and_sort_by() {
    let tr = failed_job();
    let out = run(&tr, s(70), "get events").unwrap();
    let want = "\
LAST SEEN   TYPE      REASON                 OBJECT               MESSAGE
70s         Normal    Scheduled              pod/fail-job-7xk2p   Successfully assigned default/fail-job-7xk2p to node-1
69s         Normal    Pulled                 pod/fail-job-7xk2p   Container image \"busybox:1.36\" already present on machine
69s         Normal    Created                pod/fail-job-7xk2p   Created container: task
69s         Normal    Started                pod/fail-job-7xk2p   Started container task
70s         Normal    SuccessfulCreate       job/fail-job         Created pod: fail-job-7xk2p
60s         Normal    SuccessfulCreate       job/fail-job         Created pod: fail-job-q9d4m
38s         Normal    SuccessfulCreate       job/fail-job         Created pod: fail-job-zt5rb
10s         Warning   BackoffLimitExceeded   job/fail-job         Job has reached the specified backoff limit
";
    // Names are `<object>.<hex nanos>`: the pod's events (`fail-job-7…`)
    // sort before the Job's (`fail-job.…`), each by creation time.
    assert_eq!(out, want);
    let sorted = run(&tr, s(70), "get ev --sort-by=.lastTimestamp").unwrap();
    let reasons: Vec<&str> = sorted
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(2).unwrap_or(""))
        .collect();
    assert_eq!(
        reasons,
        [
            "Scheduled",
            "SuccessfulCreate",
            "Pulled",
            "Created",
            "Started",
            "SuccessfulCreate",
            "SuccessfulCreate",
            "BackoffLimitExceeded"
        ]
    );
    assert_eq!(
        run(&tr, s(70), "get events --sort-by=.nope").unwrap_err(),
        "error: couldn't find any field with path \"{.nope}\" in the list of objects"
    );
    let only_job = run(
        &tr,
        s(70),
        "get events --field-selector involvedObject.kind=Job",
    )
    .unwrap();
    assert_eq!(only_job.lines().count(), 5);
    // Before anything happened.
    let early = run(&tr, s(0), "get events").unwrap();
    assert_eq!(early.lines().count(), 3, "{early}");
}

#[test]
fn event_counts_as_of_t() {
    let mut tr = crashloop();
    tr.events = vec![EventRecord {
        first_at: s(1),
        last_at: s(34),
        count: 4,
        kind: "Pod",
        name: "fail-job-7xk2p".into(),
        type_: "Normal",
        reason: "Started".into(),
        message: "Started container task".into(),
        source: "kubelet",
        // Written at the first start, then at every restart.
        created: (s(1), 1),
        patches: Vec::new(),
    }];
    tr.events[0].patches = tr.pods[0].containers[0]
        .runs
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, r)| crate::sim::trace::EventUpdate {
            at: r.started_at,
            count: i as u32 + 1,
            message: None,
        })
        .collect();
    assert_eq!(tr.events[0].writes().count(), 4);
    assert_eq!(
        tr.events[0].created.0,
        tr.pods[0].containers[0].runs[0].started_at
    );
    let d = run(&tr, s(20), "get events").unwrap();
    assert_eq!(d, "LAST SEEN   TYPE     REASON    OBJECT               MESSAGE\n7s          Normal   Started   pod/fail-job-7xk2p   Started container task\n");
    let d = run(&tr, s(20), "describe pod fail-job-7xk2p").unwrap();
    assert!(
        d.ends_with("  Normal  Started  7s (x3 over 19s)  kubelet  Started container task\n"),
        "{d}"
    );
}

#[test]
fn describe_pod_layout() {
    let tr = failed_job();
    let p = &tr.pods[0];
    let cid = view::container_id(p, "task", 0);
    let iid = view::image_id("busybox:1.36");
    let vol = view::api_access_volume(p);
    let want = format!(
        "\
Name:             fail-job-7xk2p
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/172.18.0.2
Start Time:       Mon, 02 Jun 2025 10:00:00 +0000
Labels:           batch.kubernetes.io/controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
                  batch.kubernetes.io/job-name=fail-job
                  controller-uid=4f1b6c2e-8a2d-4b6f-9c1e-2d3f4a5b6c7d
                  job-name=fail-job
Annotations:      <none>
Status:           Failed
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  Job/fail-job
Containers:
  task:
    Container ID:  {cid}
    Image:         busybox:1.36
    Image ID:      {iid}
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      echo boom; exit 1
    State:          Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Mon, 02 Jun 2025 10:00:01 +0000
      Finished:     Mon, 02 Jun 2025 10:00:01 +0000
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from {vol} (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   False 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  {vol}:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  70s   default-scheduler  Successfully assigned default/fail-job-7xk2p to node-1
  Normal  Pulled     69s   kubelet            Container image \"busybox:1.36\" already present on machine
  Normal  Created    69s   kubelet            Created container: task
  Normal  Started    69s   kubelet            Started container task
"
    );
    assert_eq!(
        run(&tr, s(70), "describe pod fail-job-7xk2p").unwrap(),
        want
    );
    assert!(cid.starts_with("containerd://") && cid.len() == "containerd://".len() + 64);
    assert!(iid.starts_with("docker.io/library/busybox@sha256:"));
    assert_eq!(vol.len(), "kube-api-access-".len() + 5);
}

#[test]
fn describe_pod_crashloop_states() {
    let tr = crashloop();
    let d = run(&tr, s(47), "describe po fail-job-7xk2p").unwrap();
    assert!(
        d.contains(
            "    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Mon, 02 Jun 2025 10:00:34 +0000
      Finished:     Mon, 02 Jun 2025 10:00:35 +0000
    Ready:          False
    Restart Count:  3
"
        ),
        "{d}"
    );
}

#[test]
fn summary_blocks() {
    let tr = failed_job();
    let out = summary(&tr, s(70));
    assert!(
        out.starts_with("$ kubectl get jobs\nNAME       STATUS   COMPLETIONS"),
        "{out}"
    );
    assert!(out.contains("\n\n$ kubectl get pods\nNAME "), "{out}");
    assert!(
        out.contains("\n\n$ kubectl describe job fail-job\nName:             fail-job\n"),
        "{out}"
    );
}

#[test]
fn completions_follow_the_line() {
    let tr = failed_job();
    let c = |s: &str| completions(&tr, 70_000, s);
    assert_eq!(c(""), ["describe", "events", "get", "kubectl", "logs"]);
    assert_eq!(c("events --f"), ["--for"]);
    assert_eq!(c("events --for j"), ["job/fail-job"]);
    assert_eq!(c("events --types="), ["--types=Normal", "--types=Warning"]);
    assert_eq!(c("kubectl g"), ["get"]);
    assert_eq!(
        c("kubectl get "),
        ["all", "cronjobs", "events", "jobs", "pods"]
    );
    assert_eq!(c("kubectl get po"), ["pods"]);
    assert_eq!(c("kubectl get pods fail-job-q"), ["fail-job-q9d4m"]);
    assert_eq!(c("kubectl describe job "), ["fail-job"]);
    assert_eq!(c("kubectl logs job/"), ["job/fail-job"]);
    assert_eq!(c("kubectl logs fail-job-7xk2p -c "), ["task"]);
    assert_eq!(c("kubectl logs fail-job-7xk2p --p"), ["--previous"]);
    assert_eq!(
        c("kubectl get events --sort-by=.l"),
        ["--sort-by=.lastTimestamp"]
    );
    assert_eq!(c("kubectl get pod/fail-job-z"), ["pod/fail-job-zt5rb"]);
    // Nothing exists before t = 0.
    assert!(completions(&tr, -1, "kubectl get pods ").is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    let tr = failed_job();
    for line in [
        "",
        " ",
        "kubectl",
        "kubectl -n",
        "get -o",
        "get pods -o yaml",
        "get pods -o bogus",
        "logs",
        "logs a b c",
        "logs -c",
        "describe",
        "describe events",
        "get pod/",
        "get /x",
        "get pods,jobs",
        "get all",
        "get pods,jobs x",
        "logs cj/x",
        "logs job/",
        "get pods -l 'a in ('",
        "get pods -l =",
        "get pods --field-selector=x",
        "get pods --sort-by",
        "-n",
        "--namespace=default get pods",
        "get pods -wA",
        "logs --tail=x p",
        "get \u{1F600}",
        "describe pod \u{1F600}",
        "logs \u{1F600}/x",
        "get pods --show-labels=maybe",
    ] {
        for t in [i64::MIN, -1, 0, 70_000, i64::MAX] {
            let _ = run(&tr, t, line);
            let _ = completions(&tr, t, line);
        }
    }
    let _ = summary(&tr, i64::MAX);
    let _ = summary(&tr, i64::MIN);
}

#[test]
fn more_kubectl_wording() {
    let tr = failed_job();
    assert_eq!(run(&tr, 0, "").unwrap(), "");
    assert_eq!(run(&tr, 0, "   ").unwrap(), "");
    assert_eq!(
        run(&tr, 0, "kubectl -n").unwrap_err(),
        "error: flag needs an argument: 'n' in -n"
    );
    assert_eq!(
        run(&tr, 0, "get deployments").unwrap(),
        "No resources found in default namespace.\n"
    );
    assert_eq!(
        run(&tr, 0, "get deploy web").unwrap_err(),
        "Error from server (NotFound): deployments.apps \"web\" not found"
    );
    assert_eq!(
        run(&tr, 0, "describe deploy web").unwrap_err(),
        "Error from server (NotFound): deployments.apps \"web\" not found"
    );
    assert_eq!(
        run(&tr, s(70), "-n default get jobs -o name").unwrap(),
        "job.batch/fail-job\n"
    );
    assert_eq!(
        run(&tr, s(70), "get jobs -A").unwrap(),
        "NAMESPACE   NAME       STATUS   COMPLETIONS   DURATION   AGE\ndefault     fail-job   Failed   0/1           70s        70s\n"
    );
    assert_eq!(
        run(&tr, s(70), "get jobs --no-headers").unwrap(),
        "fail-job   Failed   0/1   70s   70s\n"
    );
    // Between FailureTarget and Failed, STATUS reads FailureTarget.
    let mut tr2 = failed_job();
    tr2.jobs[0].conditions[1].at = s(65);
    assert!(run(&tr2, s(62), "get jobs")
        .unwrap()
        .contains("fail-job   FailureTarget   0/1"));
}

/// Whatever the engine produces, every command answers without
/// panicking, and listing commands never fail.
#[test]
fn engine_traces_never_break_the_printers() {
    let manifest = r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: flaky
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: OnFailure
      initContainers:
      - name: wait
        image: busybox:1.36
        command: ["sh", "-c", "sleep 2"]
      containers:
      - name: task
        image: busybox:1.36
        command: ["sh", "-c", "echo start; sleep 3; echo boom >&2; exit 1"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: tick
            image: busybox:1.36
            command: ["sh", "-c", "echo tick"]
"#;
    let m = crate::manifest::read(manifest);
    let objects: Vec<_> = m.objects.into_iter().map(|(o, _)| o).collect();
    let opts = crate::sim::Options {
        until: Some(300_000),
        ..crate::sim::Options::default()
    };
    let tr = crate::sim::simulate(&objects, &crate::scenario::Scenario::default(), &opts);
    let mut moments = tr.moments();
    moments.push(tr.end);
    for t in moments {
        for line in [
            "get pods",
            "get jobs",
            "get cj",
            "get events",
            "get all",
            "describe pods",
            "describe jobs",
            "describe cj",
        ] {
            assert!(run(&tr, t, line).is_ok(), "{line} at {t}");
        }
        for p in tr.pods.iter().filter(|p| p.exists_at(t)) {
            for flags in ["", " -p", " -c wait", " -c task", " --all-containers"] {
                let _ = run(&tr, t, &format!("logs {}{flags}", p.name));
            }
        }
        let _ = run(&tr, t, "logs job/flaky");
        let _ = summary(&tr, t);
    }
}

/// Random command lines made of plausible words never panic.
#[test]
fn random_lines_never_panic() {
    let tr = crashloop();
    let words = [
        "kubectl",
        "get",
        "describe",
        "logs",
        "pods",
        "po",
        "job/fail-job",
        "pod/fail-job-7xk2p",
        "fail-job-7xk2p",
        "fail-job",
        "-c",
        "task",
        "-p",
        "--previous",
        "-l",
        "job-name=fail-job",
        "-o",
        "wide",
        "name",
        "--sort-by=.lastTimestamp",
        "events",
        "cj",
        "-n",
        "default",
        "'",
        "\"",
        "=",
        ",",
        "/",
        "-",
        "--",
        "--tail=1",
        "--timestamps",
        "all",
        "-A",
        "in",
        "(",
        ")",
        "!x",
    ];
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for _ in 0..3000 {
        let n = next() % 6;
        let line: Vec<&str> = (0..n).map(|_| words[next() % words.len()]).collect();
        let line = line.join(" ");
        let t = (next() % 60_000) as i64;
        let _ = run(&tr, t, &line);
        let _ = completions(&tr, t, &line);
    }
}

#[test]
fn init_crashloop_start_error_and_deadline() {
    // An OnFailure init container in back-off.
    let mut tr = crashloop();
    Rc::make_mut(&mut tr.jobs[0].spec)
        .template
        .spec
        .init_containers = vec![Container {
        name: "init-db".into(),
        image: "busybox:1.36".into(),
        ..Container::default()
    }];
    let mut init = tr.pods[0].containers[0].clone();
    init.name = "init-db".into();
    init.init = true;
    tr.pods[0].containers = vec![init, container("task", false, Vec::new())];
    tr.pods[0].phases = vec![(0, Phase::Pending)];
    assert_eq!(
        run(&tr, s(47), "get pods").unwrap(),
        "NAME             READY   STATUS                  RESTARTS      AGE\n\
fail-job-7xk2p   0/1     Init:CrashLoopBackOff   3 (12s ago)   47s\n"
    );

    // A command that cannot start: StartError, exit 128, zero start time.
    let mut tr = failed_job();
    tr.pods.truncate(1);
    tr.jobs[0].pods = vec![0];
    let r = &mut tr.pods[0].containers[0].runs[0];
    r.exit_code = Some(128);
    r.reason = Some("StartError".into());
    r.message = Some("failed to create containerd task: exec: \"foo\": executable file not found in $PATH: unknown".into());
    assert!(run(&tr, s(5), "get pods")
        .unwrap()
        .contains("0/1     StartError   0"));
    let d = run(&tr, s(5), "describe pod fail-job-7xk2p").unwrap();
    assert!(
        d.contains(
            "    State:          Terminated
      Reason:       StartError
      Message:      failed to create containerd task: exec: \"foo\": executable file not found in $PATH: unknown
      Exit Code:    128
      Started:      Thu, 01 Jan 1970 00:00:00 +0000
      Finished:     Mon, 02 Jun 2025 10:00:01 +0000
"
        ),
        "{d}"
    );

    // The pod's own activeDeadlineSeconds: DeadlineExceeded until the
    // container is killed, then Error.
    let mut tr = failed_job();
    tr.pods.truncate(1);
    tr.jobs[0].pods = vec![0];
    tr.pods[0].containers[0].runs = vec![crun(1, Some(12), 137, "Error")];
    tr.pods[0].phases = vec![
        (0, Phase::Pending),
        (s(1), Phase::Running),
        (s(10), Phase::Failed),
    ];
    tr.pods[0].reason = Some((
        s(10),
        "DeadlineExceeded".into(),
        "Pod was active on the node longer than the specified deadline".into(),
    ));
    assert!(run(&tr, s(11), "get pods")
        .unwrap()
        .contains("1/1     DeadlineExceeded   0"));
    assert!(run(&tr, s(13), "get pods")
        .unwrap()
        .contains("0/1     Error    0"));
    let d = run(&tr, s(13), "describe pod fail-job-7xk2p").unwrap();
    assert!(
        d.contains(
            "Status:           Failed
Reason:           DeadlineExceeded
Message:          Pod was active on the node longer than the specified deadline
IP:               10.244.1.5
"
        ),
        "{d}"
    );
}

/// A Job's own labels and annotations are its metadata (SetDefaults_Job
/// copies the template's only when it has none); a CronJob shows its own;
/// `--show-events=false` leaves the Events section out.
#[test]
fn own_labels_and_hidden_events() {
    let manifest = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: vol
  labels: {app: demo}
  annotations: {owner: team-a}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: task
        image: busybox:1.36
        command: ["sh", "-c", "exit 0"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  labels: {tier: batch}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: task
            image: busybox:1.36
"#;
    let m = crate::manifest::read(manifest);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let objects: Vec<_> = m.objects.into_iter().map(|(o, _)| o).collect();
    let tr = crate::sim::simulate(
        &objects,
        &crate::scenario::Scenario::default(),
        &crate::sim::Options::default(),
    );
    let t = tr.end;
    let d = run(&tr, t, "describe job vol").unwrap();
    assert!(d.contains("Labels:           app=demo\n"), "{d}");
    assert!(d.contains("Annotations:      owner: team-a\n"), "{d}");
    assert!(d.contains("\nEvents:"), "{d}");
    let hidden = run(&tr, t, "describe job vol --show-events=false").unwrap();
    assert!(!hidden.contains("Events:"), "{hidden}");
    assert!(hidden.starts_with(&d[..d.find("\nEvents:").unwrap()]));
    assert!(run(&tr, t, "get jobs -l app=demo").unwrap().contains("vol"));
    let c = run(&tr, t, "describe cronjob nightly").unwrap();
    assert!(c.contains("tier=batch"), "{c}");
    assert!(run(&tr, t, "get cj -l tier=batch")
        .unwrap()
        .contains("nightly"));
}

/// `kubectl events`: by last seen, kinds as the API writes them, repeats
/// with their count (`getInterval`), `--for` and `--types` filters, and
/// kubectl's own errors and empty answer.
#[test]
fn events_command_sorts_filters_and_counts() {
    let tr = failed_job();
    let out = run(&tr, s(70), "events").unwrap();
    let want = "\
LAST SEEN   TYPE      REASON                 OBJECT               MESSAGE
70s         Normal    Scheduled              Pod/fail-job-7xk2p   Successfully assigned default/fail-job-7xk2p to node-1
70s         Normal    SuccessfulCreate       Job/fail-job         Created pod: fail-job-7xk2p
69s         Normal    Pulled                 Pod/fail-job-7xk2p   Container image \"busybox:1.36\" already present on machine
69s         Normal    Created                Pod/fail-job-7xk2p   Created container: task
69s         Normal    Started                Pod/fail-job-7xk2p   Started container task
60s         Normal    SuccessfulCreate       Job/fail-job         Created pod: fail-job-q9d4m
38s         Normal    SuccessfulCreate       Job/fail-job         Created pod: fail-job-zt5rb
10s         Warning   BackoffLimitExceeded   Job/fail-job         Job has reached the specified backoff limit
";
    assert_eq!(out, want);
    // Positional words are ignored, as kubectl's Run does.
    assert_eq!(run(&tr, s(70), "kubectl events pods").unwrap(), want);
    let job = run(&tr, s(70), "events --for job/fail-job --types=warning").unwrap();
    assert_eq!(
        job,
        "LAST SEEN   TYPE      REASON                 OBJECT         MESSAGE\n\
         10s         Warning   BackoffLimitExceeded   Job/fail-job   Job has reached the specified backoff limit\n"
    );
    let pod = run(&tr, s(70), "events --for=po/fail-job-7xk2p --no-headers").unwrap();
    assert_eq!(pod.lines().count(), 4, "{pod}");
    assert!(
        pod.starts_with("70s   Normal   Scheduled   Pod/fail-job-7xk2p"),
        "{pod}"
    );
    let all = run(&tr, s(70), "events -A --types Normal --types Warning").unwrap();
    assert!(all.starts_with("NAMESPACE   LAST SEEN"), "{all}");
    assert_eq!(all.lines().count(), 9);
    assert_eq!(
        run(&tr, s(70), "events --for job/nope").unwrap(),
        "No events found in default namespace.\n"
    );
    assert_eq!(
        run(&tr, s(70), "events -n kube-system").unwrap(),
        "No events found in kube-system namespace.\n"
    );
    assert_eq!(
        run(&tr, s(70), "events --types=Info").unwrap_err(),
        "error: valid --types are Normal or Warning"
    );
    assert_eq!(
        run(&tr, s(70), "events --for fail-job").unwrap_err(),
        "error: --for must be in resource/name form"
    );
    assert_eq!(
        run(&tr, s(70), "events --for widget/x").unwrap_err(),
        "error: the server doesn't have a resource type \"widget\""
    );
    assert_eq!(
        run(&tr, s(70), "events --selector a=b").unwrap_err(),
        "error: unknown flag: --selector\nSee 'kubectl events --help' for usage."
    );

    // A repeated event reads "<last> (x<count> over <first>)".
    let mut tr = crashloop();
    tr.events = vec![event(
        1,
        "Pod",
        "fail-job-7xk2p",
        "Warning",
        "BackOff",
        "Back-off restarting failed container task in pod fail-job-7xk2p_default(uid)",
        "kubelet",
    )];
    tr.events[0].last_at = s(34);
    tr.events[0].count = 3;
    tr.events[0].patches = vec![
        crate::sim::trace::EventUpdate {
            at: s(12),
            count: 2,
            message: None,
        },
        crate::sim::trace::EventUpdate {
            at: s(34),
            count: 3,
            message: None,
        },
    ];
    let out = run(&tr, s(40), "events").unwrap();
    assert!(
        out.contains("\n6s (x3 over 39s)   Warning   BackOff"),
        "{out}"
    );
}

/// `--no-headers` leaves the header out of the columns' widths, as the
/// tab writer never sees it.
#[test]
fn no_headers_columns_fit_the_rows() {
    let tr = failed_job();
    let out = run(&tr, s(70), "get pods --no-headers").unwrap();
    // With the header, STATUS would be as wide as "STATUS" and RESTARTS
    // as "RESTARTS"; without, as the rows need.
    assert_eq!(
        out.lines().next().unwrap(),
        "fail-job-7xk2p   0/1   Error   0     70s"
    );
}
