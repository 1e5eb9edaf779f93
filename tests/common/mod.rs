//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use job_playground::lesson;
use job_playground::sim::{EventRecord, Options, Trace};

/// Runs a manifest and a scenario; panics with the problems if invalid.
pub fn run(manifest: &str, scenario: &str) -> Trace {
    run_with(manifest, scenario, &Options::default())
}

pub fn run_with(manifest: &str, scenario: &str, opts: &Options) -> Trace {
    let r = lesson::run(manifest, scenario, opts);
    assert!(
        r.manifest.problems.is_empty(),
        "manifest problems: {:#?}",
        r.manifest.problems
    );
    assert!(
        r.scenario_problems.is_empty(),
        "scenario problems: {:#?}",
        r.scenario_problems
    );
    r.trace.expect("a trace")
}

/// A Job manifest with one container running `script` under `sh -c`.
pub fn job(name: &str, spec_extra: &str, restart_policy: &str, script: &str) -> String {
    let script = script.replace('\n', "\n              ");
    format!(
        "apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
{spec_extra}
  template:
    spec:
      restartPolicy: {restart_policy}
      containers:
      - name: task
        image: busybox:1.36
        command:
        - sh
        - -c
        - |
              {script}
"
    )
}

/// A Job whose pod runs a native sidecar `proxy` (its `script`, then its
/// `probes`: YAML lines indented for a container) beside a container
/// `main` running `main_script`, under `restartPolicy: Never`.
pub fn sidecar_job(name: &str, script: &str, probes: &str, main_script: &str) -> String {
    format!(
        "apiVersion: batch/v1
kind: Job
metadata: {{name: {name}}}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: proxy
        image: busybox:1.36
        restartPolicy: Always
        command: [sh, -c, '{script}']
{probes}      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, '{main_script}']
"
    )
}

/// A one-container Job running `script` with `sh -c` (as the shell fuzz
/// target builds it), the script single-quoted for YAML.
pub fn shell_job(script: &str) -> String {
    let quoted = script.replace('\'', "''");
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: f}}\nspec:\n  backoffLimit: 0\n  activeDeadlineSeconds: 120\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n        command: [sh, -c, '{quoted}']\n"
    )
}

pub fn secs(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

/// (type, reason, seconds) of every Job condition.
pub fn conditions(t: &Trace) -> Vec<(String, String, f64)> {
    t.jobs
        .iter()
        .flat_map(|j| {
            j.conditions
                .iter()
                .map(|c| (c.type_.to_string(), c.reason.to_string(), secs(c.at)))
        })
        .collect()
}

/// Creation times of the pods, in seconds.
pub fn pod_created(t: &Trace) -> Vec<f64> {
    t.pods.iter().map(|p| secs(p.created_at)).collect()
}

/// A one-container Job running `script` with no deadline at all.
pub fn shell_job_no_deadline(script: &str) -> String {
    shell_job(script).replace("  activeDeadlineSeconds: 120\n", "")
}

/// Adds fields (YAML lines indented for a container, each ending with a
/// newline) to the first container of a manifest from [`job`], before its
/// `command`: probes, for instance.
pub trait ContainerFields {
    fn with_fields(&self, fields: &str) -> String;
}

impl ContainerFields for str {
    fn with_fields(&self, fields: &str) -> String {
        assert!(
            self.contains("        command:"),
            "no container command to put the fields before"
        );
        self.replacen("        command:", &format!("{fields}        command:"), 1)
    }
}

/// The first event with this reason (the test fails, listing the reasons
/// there are, if none).
pub fn event<'a>(t: &'a Trace, reason: &str) -> &'a EventRecord {
    t.events
        .iter()
        .find(|e| e.reason == reason)
        .unwrap_or_else(|| {
            let reasons: Vec<String> = t.events.iter().map(|e| e.reason.to_string()).collect();
            panic!("no {reason} event among {reasons:?}")
        })
}
