//! Whole runs through the public API, each stating the upstream behaviour
//! it follows (pkg/controller/job, ../shared/design/k8s-semantics.md §2).

mod common;
use common::*;

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
    // the failure is batched (syncJobBatchPeriod, 1 s) and the back-off
    // runs 10 s from its finish time (1) → pod 1 at 11; it fails at 12 →
    // 12 + 20 = 32; fails at 33 → 33 + 40 = 73. The last pod fails at 74:
    // the sync queued when it turned Running sees the failure at once, so
    // the Job fails immediately (no back-off before the verdict).
    assert_eq!(pod_created(&t), vec![0.0, 11.0, 32.0, 73.0]);
    let conds = conditions(&t);
    assert_eq!(
        conds,
        vec![
            ("FailureTarget".into(), "BackoffLimitExceeded".into(), 74.0),
            ("Failed".into(), "BackoffLimitExceeded".into(), 74.0),
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
/// SuccessCriteriaMet and Complete (k8s-semantics §2.4).
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
                4.0
            ),
            ("Complete".into(), "CompletionsReached".into(), 4.0),
        ]
    );
    assert_eq!(t.jobs[0].completion_time, Some(4000));
    assert_eq!(t.logs[0].text, "hello");
}

/// OnFailure: restarts in place; the Job fails when the summed
/// restartCount reaches backoffLimit (pastBackoffLimitOnFailure), the pod
/// is deleted then. Kubelet back-off: immediate, 10 s, 20 s…
#[test]
fn on_failure_backoff_limit_3_restarts_in_place() {
    let t = run(
        &job("redemarre", "  backoffLimit: 3", "OnFailure", "exit 1"),
        "",
    );
    assert_eq!(t.pods.len(), 1);
    let c = &t.pods[0].containers[0];
    let starts: Vec<f64> = c.runs.iter().map(|r| secs(r.started_at)).collect();
    // start 1, exit 1 → restart at once (1); exit 1 → +10 → 11; exit → +20 → 31
    assert_eq!(starts, vec![1.0, 1.0, 11.0, 31.0]);
    let conds = conditions(&t);
    assert_eq!(
        conds[0],
        ("FailureTarget".into(), "BackoffLimitExceeded".into(), 31.0)
    );
    assert_eq!(conds.last().unwrap().0, "Failed");
    assert_eq!(t.jobs[0].counts_at(t.end).failed, 1);
}
