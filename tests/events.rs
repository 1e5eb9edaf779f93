//! The event recorder (client-go's EventCorrelator): similar events
//! combined, repeats counted, and the per-object spam filter.

mod common;
use common::*;

/// Ten different messages for one reason on one object within ten
/// minutes: from the tenth on they go to one combined event
/// (EventAggregator), whose message follows the latest one.
#[test]
fn similar_events_are_combined_from_the_tenth() {
    let t = run(
        &job(
            "lot",
            "  parallelism: 12\n  completions: 12",
            "Never",
            "sleep 5",
        ),
        "",
    );
    let created: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.kind == "Job" && e.reason == "SuccessfulCreate")
        .collect();
    assert_eq!(created.len(), 10, "{created:#?}");
    assert!(created[..9]
        .iter()
        .all(|e| e.count == 1 && e.message.starts_with("Created pod: lot-")));
    let combined = created[9];
    assert_eq!(combined.count, 3);
    assert_eq!(
        combined.message,
        format!(
            "(combined from similar events): Created pod: {}",
            t.pods[9].name
        )
    );
    assert_eq!(
        combined.latest_message(),
        format!(
            "(combined from similar events): Created pod: {}",
            t.pods[11].name
        )
    );
}

/// A kubelet that keeps restarting a container: after 25 writes about the
/// pod, one more every 5 minutes (EventSourceObjectSpamFilter). The
/// dropped ones are still counted: the next write carries the full count.
#[test]
fn spam_filter_lets_25_then_one_per_5_minutes() {
    let t = run(
        &job("boucle", "  backoffLimit: 20", "OnFailure", "exit 1"),
        "",
    );
    let pod = &t.pods[0];
    let runs = pod.containers[0].runs.len();
    assert!(runs >= 20, "{runs}");
    let kubelet: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.name == pod.name && e.source == "kubelet")
        .collect();
    let writes: usize = kubelet.iter().map(|e| e.writes().count()).sum();
    let span = secs(t.end - pod.created_at);
    assert!(
        writes as f64 <= 25.0 + span / 300.0 + 1.0,
        "{writes} writes in {span} s"
    );
    // As on a real node: Pulled, Created and Started stop at their count
    // when the burst ran out (x5), while BackOff, said at every pod
    // worker sync, takes each new token and carries the full count.
    let started = kubelet.iter().find(|e| e.reason == "Started").unwrap();
    assert!(
        (started.count as usize) < runs,
        "{} of {runs}",
        started.count
    );
    let back_off = kubelet.iter().find(|e| e.reason == "BackOff").unwrap();
    let grows = |e: &&job_playground::sim::trace::EventRecord| {
        let w: Vec<_> = e.writes().collect();
        w.windows(2).all(|w| w[0].count < w[1].count)
    };
    assert!(back_off.count as usize > back_off.writes().count() + 100);
    assert!(grows(back_off));
    // Counts only grow, write after write.
    assert!(grows(started));
}

/// The kubelet's events name the container in their object reference
/// (fieldPath `spec.containers{x}`), and getEventKey includes it: the same
/// "already present" message for three containers is three events, not
/// one counted three times.
#[test]
fn the_same_message_about_two_containers_is_two_events() {
    let m = "apiVersion: batch/v1
kind: Job
metadata: {name: two}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: prep
        image: busybox:1.36
        command: [sh, -c, 'echo prep']
      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, 'echo main']
      - name: side
        image: busybox:1.36
        command: [sh, -c, 'echo side']
";
    let t = run(m, "");
    let pulled: Vec<u32> = t
        .events
        .iter()
        .filter(|e| e.reason == "Pulled")
        .map(|e| e.count)
        .collect();
    assert_eq!(pulled, vec![1, 1, 1]);
}
