//! The `jobsim` command on runaway and hostile inputs: each is answered
//! with a clear message, never a hang. Speed is kept by the event cap (a
//! count, so a slow machine cannot make this flaky); the time it takes is
//! in `cargo xtask bench` and the closing notes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn jobsim(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jobsim starts");
    // A closed pipe (jobsim refused early) is fine.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("jobsim ends")
}

fn job(spec: &str, script: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: r\nspec:\n{spec}\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n        command: [sh, -c, {script:?}]\n"
    )
}

fn json_run(manifest: &str, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["run", "-", "--format", "json"];
    args.extend_from_slice(extra);
    let out = jobsim(&args, manifest);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    (v, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn completions_100000_stops_at_the_cap_and_says_so() {
    let (v, stderr) = json_run(&job("  completions: 100000", "true"), &[]);
    assert_eq!(v["stopReason"], "limit");
    let notes = v["notes"].to_string();
    assert!(notes.contains("30000 events"), "{notes}");
    assert!(stderr.contains("--max-events"), "{stderr}");
    // Fewer than 30 000 events cannot make more than ~10 000 pods.
    let pods = v["jobs"][0]["pods"].as_array().expect("pods").len();
    assert!((1_000..=15_000).contains(&pods), "{pods} pods");
}

#[test]
fn max_events_lifts_the_cap_and_is_checked() {
    let (v, _) = json_run(
        &job("  completions: 100000", "true"),
        &["--max-events", "2000"],
    );
    assert!(v["notes"].to_string().contains("2000 events"));
    let out = jobsim(&["run", "-", "--max-events", "lots"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("positive whole number"));
}

#[test]
fn a_year_of_a_minutely_cronjob_is_cut_short_with_a_note() {
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n            command: [sh, -c, \"true\"]\n";
    let (v, _) = json_run(cron, &["--until", "8760h"]);
    assert_eq!(v["stopReason"], "limit");
    let jobs = v["jobs"].as_array().expect("jobs").len();
    // About 47 events a Job (its pod's life, and a CronJob sync at each
    // write of the Job) under the default cap.
    assert!((1_500..=3_000).contains(&jobs), "{jobs} jobs");
}

#[test]
fn endless_retries_and_loops_end_at_the_horizon() {
    let (v, _) = json_run(&job("  backoffLimit: 2147483647", "exit 1"), &[]);
    assert_eq!(v["stopReason"], "limit");
    assert!(v["notes"].to_string().contains("horizon"));
    let (v, _) = json_run(&job("  backoffLimit: 0", "while true; do :; done"), &[]);
    assert!(
        v["notes"].to_string().contains("running forever"),
        "{}",
        v["notes"]
    );
}

#[test]
fn hostile_yaml_is_refused_with_a_position() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10u8 {
        let (n, p) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        bomb.push_str(&format!(
            "{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        ));
    }
    let nest = format!("a: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    let big = format!("a: \"{}\"\n", "x".repeat(10 << 20));
    for (text, says) in [
        (bomb, "aliases expand"),
        (nest, "nesting deeper than 64 levels"),
        (big, "reads manifests up to 512 kB"),
    ] {
        let out = jobsim(&["validate", "-"], &text);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        // `-:LINE:COL: FIELD: MESSAGE`
        assert!(err.starts_with("-:") && err.contains(says), "{err}");
    }
}

#[test]
fn a_scenario_with_100000_faults_is_refused() {
    let dir = std::env::temp_dir().join(format!("jobsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("faults.yaml");
    let faults: String = (0..100_000)
        .map(|i| format!("  - at: {i}s\n    action: deletePod\n"))
        .collect();
    std::fs::write(&path, format!("faults:\n{faults}")).expect("write");
    let out = jobsim(
        &["run", "-", "--scenario", path.to_str().expect("utf-8")],
        &job("  completions: 1", "true"),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too large"));
}
