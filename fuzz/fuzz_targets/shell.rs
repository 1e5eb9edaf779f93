#![no_main]
//! Any script through the built-in shell, run in a container of a Job:
//! the engine's step and time caps must end it. An exec liveness probe
//! looks at the files the script leaves, every 5 s.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(script) = std::str::from_utf8(data) {
        if script.len() > 4096 {
            return;
        }
        let quoted = script.replace('\'', "''");
        let manifest = format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: f}}\nspec:\n  backoffLimit: 0\n  activeDeadlineSeconds: 120\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n        command: [sh, -c, '{quoted}']\n        livenessProbe:\n          exec: {{command: [sh, -c, 'find /tmp -mmin -1 | grep -q . || test -f /tmp/ok']}}\n          periodSeconds: 5\n          failureThreshold: 2\n"
        );
        // A lower step cap than the page's (100 000): a loop that never pauses
        // is cut as a runaway sooner, so each input stays cheap; the same
        // code paths run.
        let opts = job_playground::sim::Options { max_events: 20_000, horizon: 3_600_000, shell_max_steps: 5_000, ..Default::default() };
        let _ = job_playground::lesson::run(&manifest, "services: {db: {up: ['5s..']}}\n", &opts);
    }
});
