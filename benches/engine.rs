//! Engine benchmarks (criterion): `cargo bench --bench engine`.
//! Numbers go in the issue notes; they are not tests. The workloads live in
//! `job_playground::benchmarks`, shared with `engine-bench` (WASM/native).

use criterion::{criterion_group, criterion_main, Criterion};
use job_playground::benchmarks::{self, Workload};
use job_playground::lesson;
use job_playground::manifest;
use job_playground::sim::Options;
use std::hint::black_box;

fn announce(w: &Workload) {
    let t = w.run();
    eprintln!(
        "{}: {} events, {} jobs, end {} s, stop {}",
        w.name,
        t.steps,
        t.jobs.len(),
        t.end / 1000,
        t.stop_reason.as_str()
    );
}

fn benches(c: &mut Criterion) {
    let big = benchmarks::big_manifest();
    assert!(big.lines().count() >= 190);
    c.bench_function("manifest: read 200 lines", |b| {
        b.iter(|| manifest::read(black_box(&big)))
    });

    // The timed part is the run; freeing its Trace afterwards (up to a second
    // for a year of Jobs) is left out, as jobsim leaves it to the system.
    for w in [benchmarks::indexed_10000(), benchmarks::failing_1000()] {
        announce(&w);
        c.bench_function(&format!("engine: {}", w.name), |b| {
            b.iter_with_large_drop(|| black_box(&w).run())
        });
    }

    let mut g = c.benchmark_group("slow");
    g.sample_size(10);
    for w in [benchmarks::minutely(30), benchmarks::minutely(365)] {
        announce(&w);
        g.bench_function(format!("engine: {}", w.name), |b| {
            b.iter_with_large_drop(|| black_box(&w).run())
        });
    }
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
