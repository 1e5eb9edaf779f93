//! The engine's benchmark workloads, shared by the criterion benches
//! (`cargo bench --bench engine`) and by `engine-bench`, which times the
//! same runs natively and in the browser for the WASM/native ratio
//! (`cargo xtask bench`). Nothing here is part of the playground.

use crate::sim::{simulate, Options, Trace};

pub struct Workload {
    pub name: &'static str,
    pub manifest: String,
    pub scenario: String,
    pub opts: Options,
}

impl Workload {
    pub fn run(&self) -> Trace {
        let m = crate::manifest::read(&self.manifest);
        let s = crate::scenario::read(&self.scenario);
        let objects: Vec<_> = m.objects.into_iter().map(|(o, _)| o).collect();
        simulate(&objects, &s.scenario, &self.opts)
    }
}

fn job(spec: &str, policy: &str, script: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bench\nspec:\n{spec}\n  template:\n    spec:\n      restartPolicy: {policy}\n      containers:\n      - name: task\n        image: busybox:1.36\n        command: [sh, -c, '{script}']\n"
    )
}

const MINUTELY: &str = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: minute\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: task\n            image: busybox:1.36\n            command: [sh, -c, 'echo tick']\n";

fn long() -> Options {
    Options {
        max_events: 50_000_000,
        horizon: 400 * 24 * 3_600_000,
        ..Options::default()
    }
}

/// A 200-line manifest (read, decoded, defaulted, validated).
pub fn big_manifest() -> String {
    let mut big = job("  backoffLimit: 3", "Never", "exit 1");
    big.push_str("        env:\n");
    for i in 0..90 {
        big.push_str(&format!(
            "        - name: VAR_{i}\n          value: \"{i}\"\n"
        ));
    }
    big
}

/// 10 000 indexes, every tenth failing once.
pub fn indexed_10000() -> Workload {
    let scenario = "containers:\n  task:\n    default: {exit: 0, runs: 5s}\n    byIndex:\n".to_string()
        + &(0..1000)
            .map(|i| format!("      \"{}\": {{attempts: [{{exit: 1, runs: 2s}}], default: {{exit: 0, runs: 5s}}}}\n", i * 10))
            .collect::<String>();
    Workload {
        name: "10 000-index Indexed Job, 1 000 failing",
        manifest: job("  completionMode: Indexed\n  completions: 10000\n  parallelism: 500\n  backoffLimitPerIndex: 1", "Never", "true"),
        scenario,
        opts: long(),
    }
}

/// 1 000 attempts of a failing OnFailure container.
pub fn failing_1000() -> Workload {
    Workload {
        name: "1 000-attempt failing Job",
        manifest: job("  backoffLimit: 1000", "OnFailure", "exit 1"),
        scenario: String::new(),
        opts: long(),
    }
}

/// A minutely CronJob with the default history limits, for `days` days.
pub fn minutely(days: i64) -> Workload {
    Workload {
        name: if days >= 365 {
            "a year of * * * * *"
        } else {
            "30 days of * * * * *"
        },
        manifest: MINUTELY.to_string(),
        scenario: String::new(),
        opts: Options {
            until: Some(days * 24 * 3_600_000),
            ..long()
        },
    }
}

/// What `engine-bench` times on both sides. A month, not a year, of the
/// CronJob: a year's Trace takes gigabytes, more than a browser tab gives.
pub fn portable() -> Vec<Workload> {
    vec![failing_1000(), indexed_10000(), minutely(30)]
}
