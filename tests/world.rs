//! The world around the cluster: services going down and up, failRate
//! drawn from the seed, files, programs (../shared/design/scenario-format.md).

mod common;
use common::*;

const WAIT_DB: &str = "until nc -z postgresql 5432; do echo attente; sleep 2; done\necho connecte";

/// serviceDown for a while, then up again: the script waits it out.
#[test]
fn service_down_then_up() {
    let scenario = "services:\n  postgresql:5432: {}\nfaults:\n  - {at: 0s, action: serviceDown, service: \"postgresql:5432\", for: 20s}\n";
    let t = run(&job("db", "", "Never", WAIT_DB), scenario);
    let connected = t.logs.iter().find(|l| l.text == "connecte").unwrap();
    assert!(
        connected.at >= 20_000 && connected.at < 23_000,
        "{}",
        connected.at
    );
    // serviceUp brings a never-up service up.
    let scenario = "services:\n  postgresql:5432: {up: []}\nfaults:\n  - {at: 30s, action: serviceUp, service: \"postgresql.default.svc.cluster.local:5432\"}\n";
    let t = run(&job("db", "", "Never", WAIT_DB), scenario);
    assert!(t.logs.iter().find(|l| l.text == "connecte").unwrap().at >= 30_000);
}

/// failRate draws from the seed: same seed, same run; another seed, another
/// draw.
#[test]
fn fail_rate_follows_the_seed() {
    let script = "n=0\nwhile [ $n -lt 20 ]; do if nc -z api 80; then echo ok; else echo ko; fi; n=$((n+1)); done";
    let draws = |seed: u64| {
        let t = run(
            &job("tirage", "", "Never", script),
            &format!("seed: {seed}\nservices:\n  api: {{failRate: 0.5}}\n"),
        );
        t.logs
            .iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(draws(1), draws(1));
    assert_ne!(draws(1), draws(2));
    assert!(draws(1).contains("ok") && draws(1).contains("ko"));
}

/// Files: a script without the executable bit gives 126 under sh; a
/// missing file check fails the prerequisite test.
#[test]
fn files_and_permissions() {
    let scenario =
        "files:\n  /app/run.sh: {mode: \"0644\"}\n  /data/fichier.txt: {content: \"x\\n\"}\n";
    let t = run(
        &job("fichiers", "  backoffLimit: 0", "Never", "/app/run.sh"),
        scenario,
    );
    assert_eq!(t.pods[0].containers[0].runs[0].exit_code, Some(126));
    assert!(t.logs.iter().any(|l| l.text.contains("Permission denied")));
    let t = run(
        &job(
            "fichiers",
            "  backoffLimit: 0",
            "Never",
            "if [ ! -f /data/absent.txt ]; then echo manquant; exit 1; fi",
        ),
        scenario,
    );
    assert_eq!(t.pods[0].containers[0].runs[0].exit_code, Some(1));
    let t = run(
        &job(
            "fichiers",
            "  backoffLimit: 0",
            "Never",
            "cat /data/fichier.txt",
        ),
        scenario,
    );
    assert_eq!(t.logs[0].text, "x");
}

/// A program's k-th call gets the k-th attempt, across the pods of a Job.
#[test]
fn program_attempts_across_pods() {
    let scenario = "programs:\n  process-data.sh:\n    runs: 3s\n    attempts:\n      - {exit: 1, output: [\"Connection refused\"]}\n      - {exit: 1}\n";
    let t = run(
        &job("programme", "  backoffLimit: 5", "Never", "process-data.sh"),
        scenario,
    );
    assert_eq!(t.pods.len(), 3);
    assert_eq!(t.logs[0].text, "Connection refused");
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
}

/// Python code is not interpreted: it runs 1 s, exits 0, and the run says so.
#[test]
fn inline_python_is_noted() {
    let m = job("python", "", "Never", "x").replace(
        "        - sh\n        - -c\n        - |\n              x",
        "        - python3\n        - -c\n        - print('hi')",
    );
    let t = run(&m, "");
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("python3 code is not interpreted")),
        "{:?}",
        t.notes
    );
    assert_eq!(t.jobs[0].conditions.last().unwrap().type_, "Complete");
}

/// A container command that does not exist: the runtime's StartError (128)
/// under Never fails the pod at once (getPhase: every container has
/// terminated and one failed), so the Job counts it and gives up at its
/// limit; under OnFailure the kubelet restarts it in place.
#[test]
fn start_error_fails_the_pod_under_never() {
    let manifest = |policy: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: absent}}\nspec:\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: {policy}\n      containers:\n      - name: c\n        image: busybox\n        command: [rapport-mensuel]\n"
        )
    };
    let t = run(&manifest("Never"), "");
    assert_eq!(t.pods.len(), 2);
    for p in &t.pods {
        let run = &p.containers[0].runs[0];
        assert_eq!(run.exit_code, Some(128));
        assert_eq!(run.reason.as_deref(), Some("StartError"));
        let phases: Vec<String> = p.phases.iter().map(|(_, ph)| format!("{ph:?}")).collect();
        assert_eq!(
            phases.last().map(String::as_str),
            Some("Failed"),
            "{phases:?}"
        );
        assert!(!phases.iter().any(|ph| ph == "Running"), "{phases:?}");
    }
    let conds = conditions(&t);
    assert!(
        conds
            .iter()
            .any(|(ty, reason, _)| ty == "Failed" && reason == "BackoffLimitExceeded"),
        "{conds:?}"
    );
    // OnFailure: one pod, restarted in place until the restart count
    // reaches the limit.
    let t = run(&manifest("OnFailure"), "");
    assert_eq!(t.pods.len(), 1);
    assert!(t.pods[0].containers[0].runs.len() >= 2);
    assert!(conditions(&t)
        .iter()
        .any(|(ty, reason, _)| ty == "Failed" && reason == "BackoffLimitExceeded"));
}

/// `Options::shell_max_steps` bounds a script that never lets time pass:
/// it is cut as a runaway with the cap in its note.
#[test]
fn shell_step_cap_follows_the_options() {
    let opts = job_playground::sim::Options {
        shell_max_steps: 500,
        ..Default::default()
    };
    let t = run_with(&shell_job("while true; do :; done"), "", &opts);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("ran 500 commands without pausing")),
        "{:?}",
        t.notes
    );
}

/// Event aggregation is keyed like client-go's (`getEventKey`), not by a
/// window of recent events: with 40 pods restarting side by side, each
/// pod's `Started` is one record.
#[test]
fn events_aggregate_by_key_across_many_pods() {
    let t = run(
        &job(
            "many",
            "  parallelism: 40\n  completions: 40\n  backoffLimit: 1000",
            "OnFailure",
            "sleep 1\nexit 1",
        ),
        "",
    );
    assert_eq!(t.pods.len(), 40);
    for p in &t.pods {
        let started: Vec<_> = t
            .events
            .iter()
            .filter(|e| e.name == p.name && e.reason == "Started")
            .collect();
        assert_eq!(started.len(), 1, "{}: {started:?}", p.name);
        // The spam filter may stop writing it (25 writes per pod), but
        // never splits it: each write carries the count so far.
        assert!(started[0].count as usize <= p.containers[0].runs.len());
        assert!(started[0].count >= 3);
    }
}

/// A container that never ends but keeps printing (no deadline): the run
/// stops when nothing else would happen, yet shows it printing for ten
/// more minutes rather than stopping at its first line.
#[test]
fn a_never_ending_printer_is_shown_printing() {
    let t = run(
        &shell_job_no_deadline("while true; do echo tick; sleep 2; done"),
        "",
    );
    assert_eq!(t.stop_reason, job_playground::sim::trace::StopReason::Limit);
    let ticks = t.logs.iter().filter(|l| l.text == "tick").count();
    assert_eq!(ticks, 301, "one every 2 s from 1 s to 601 s");
    assert_eq!(t.end, 601_000);
}

/// `sh` is called as ash parses its options: `-e -c` as `-ec`, `-o
/// pipefail`, and from a script, `sh -ec …` or `sh FILE ARGS` run a child
/// shell whose status the parent sees (they exited 0 before).
#[test]
fn sh_options_and_nested_shells() {
    let manifest = "apiVersion: batch/v1
kind: Job
metadata: {name: shx}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: a
        image: busybox:1.36
        command: [sh, -e, -c, 'false; echo no']
      - name: b
        image: busybox:1.36
        command: [sh, -c, \"sh -ec 'false; echo no'; echo st=$?; sh /x/run.sh a b; echo st=$?; sh /nope.sh; echo st=$?\"]
      - name: c
        image: busybox:1.36
        command: [sh, -o, pipefail, -c, 'false | true; echo pf=$?']
";
    let scenario = "files:\n  \"/x/run.sh\": {content: \"echo in-script $1 $2\\nexit 4\\n\"}\n";
    let t = run(manifest, scenario);
    let exits: Vec<Option<i32>> = t.pods[0]
        .containers
        .iter()
        .map(|c| c.runs[0].exit_code)
        .collect();
    assert_eq!(exits, vec![Some(1), Some(0), Some(0)]);
    let lines: Vec<&str> = t.logs.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "st=1",
            "in-script a b",
            "st=4",
            "sh: can't open '/nope.sh': No such file or directory",
            "st=2",
            "pf=1"
        ]
    );
}

/// A slice of a run is a budget of work: twenty pods each looping forever
/// (each plan computed to the 200 000-command cap) are spread over many
/// slices, so the page paints between them, and the run is the same.
#[test]
fn scripts_work_counts_in_a_slice() {
    use job_playground::sim::{json::to_json, Options};
    let m = job(
        "loops",
        "  backoffLimit: 0\n  parallelism: 20\n  completions: 20",
        "Never",
        "while true; do echo working; sleep 1; done",
    );
    let opts = Options {
        max_events: 10_000,
        ..Default::default()
    };
    let mut started = job_playground::lesson::start(&m, "", &opts);
    let mut slices = 1;
    while !started.step(1_500) {
        slices += 1;
    }
    assert!(slices >= 10, "{slices} slices");
    let sliced = started.finish().trace.unwrap();
    assert_eq!(to_json(&sliced), to_json(&run_with(&m, "", &opts)));
}
