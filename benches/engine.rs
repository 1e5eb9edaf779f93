//! Engine benchmarks (criterion): `cargo bench --bench engine`.
//! Numbers go in the issue notes; they are not tests.

use criterion::{criterion_group, criterion_main, Criterion};
use job_playground::lesson;
use job_playground::manifest;
use job_playground::sim::{simulate, Options};
use std::hint::black_box;

fn job(spec: &str, policy: &str, script: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bench\nspec:\n{spec}\n  template:\n    spec:\n      restartPolicy: {policy}\n      containers:\n      - name: task\n        image: busybox:1.36\n        command: [sh, -c, '{script}']\n"
    )
}

fn run(m: &str, s: &str, opts: &Options) -> job_playground::sim::Trace {
    let m = manifest::read(m);
    let s = job_playground::scenario::read(s);
    let objects: Vec<_> = m.objects.into_iter().map(|(o, _)| o).collect();
    simulate(&objects, &s.scenario, opts)
}

fn benches(c: &mut Criterion) {
    // A 200-line manifest: parse, decode, default, validate.
    let mut big = job("  backoffLimit: 3", "Never", "exit 1");
    big.push_str("        env:\n");
    for i in 0..90 {
        big.push_str(&format!(
            "        - name: VAR_{i}\n          value: \"{i}\"\n"
        ));
    }
    assert!(big.lines().count() >= 190);
    c.bench_function("manifest: read 200 lines", |b| {
        b.iter(|| manifest::read(black_box(&big)))
    });

    // 10 000 indexes, every tenth failing once.
    let indexed = job("  completionMode: Indexed\n  completions: 10000\n  parallelism: 500\n  backoffLimitPerIndex: 1", "Never", "true");
    let scenario = "containers:\n  task:\n    default: {exit: 0, runs: 5s}\n    byIndex:\n".to_string()
        + &(0..1000).map(|i| format!("      \"{}\": {{attempts: [{{exit: 1, runs: 2s}}], default: {{exit: 0, runs: 5s}}}}\n", i * 10)).collect::<String>();
    let opts = Options {
        max_events: 5_000_000,
        horizon: 400 * 24 * 3_600_000,
        ..Options::default()
    };
    let t = run(&indexed, &scenario, &opts);
    eprintln!(
        "indexed 10000: {} events, end {} s, stop {}",
        t.steps,
        t.end / 1000,
        t.stop_reason.as_str()
    );
    c.bench_function("engine: 10000-index Indexed Job with failures", |b| {
        b.iter(|| run(black_box(&indexed), &scenario, &opts))
    });

    // 1 000 attempts of a failing OnFailure container.
    let failing = job("  backoffLimit: 1000", "OnFailure", "exit 1");
    let t = run(&failing, "", &opts);
    eprintln!("1000 attempts: {} events, end {} s", t.steps, t.end / 1000);
    c.bench_function("engine: 1000-attempt failing Job", |b| {
        b.iter(|| run(black_box(&failing), "", &opts))
    });

    // A year of a minutely CronJob, with history limits.
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: minute\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: task\n            image: busybox:1.36\n            command: [sh, -c, 'echo tick']\n";
    let year = Options {
        until: Some(365 * 24 * 3_600_000),
        max_events: 50_000_000,
        ..Options::default()
    };
    let t = run(cron, "", &year);
    eprintln!("cron year: {} events, {} jobs", t.steps, t.jobs.len());
    let mut g = c.benchmark_group("slow");
    g.sample_size(10);
    g.bench_function("engine: a year of * * * * *", |b| {
        b.iter(|| run(black_box(cron), "", &year))
    });
    g.finish();

    // Every lesson, as the browser runs it on each keystroke.
    let lessons = lesson::bundled();
    c.bench_function("lessons: run all starting manifests", |b| {
        b.iter(|| {
            for l in &lessons {
                black_box(lesson::run(&l.manifest, &l.scenario, &Options::default()));
            }
        })
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
