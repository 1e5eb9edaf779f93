//! `engine-bench`: times the engine's portable workloads
//! (`job_playground::benchmarks::portable`) and prints one JSON object per
//! line. Natively it is a plain program; in the browser (`cargo xtask
//! bench` builds it for wasm32) it writes the same lines into the page,
//! where the benchmark script reads them: the WASM/native ratio compares
//! like with like.

#![forbid(unsafe_code)]

use job_playground::benchmarks;

/// Milliseconds from some fixed origin.
#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
        * 1000.0
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn measure() -> Vec<String> {
    let mut out = Vec::new();
    for w in benchmarks::portable() {
        // Warm up for half a second (in the browser, V8 first runs WASM
        // from its baseline compiler and swaps in optimized code while it
        // runs), then the median of at least 3 runs (and 1 s).
        let steps = w.run().steps;
        let warm = now_ms();
        while now_ms() - warm < 500.0 {
            std::hint::black_box(w.run());
        }
        let mut times = Vec::new();
        let begin = now_ms();
        while times.len() < 3 || (now_ms() - begin < 1000.0 && times.len() < 100) {
            // The run is timed, not freeing its Trace (criterion's
            // iter_with_large_drop, as in benches/engine.rs).
            let t0 = now_ms();
            let trace = std::hint::black_box(w.run());
            times.push(now_ms() - t0);
            drop(trace);
        }
        times.sort_by(f64::total_cmp);
        let ms = times[times.len() / 2];
        out.push(
            serde_json::json!({
                "name": w.name,
                "events": steps,
                "ms": ms,
                "eventsPerSecond": steps as f64 / ms * 1000.0,
            })
            .to_string(),
        );
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    for line in measure() {
        println!("{line}");
    }
    // A year of the minutely CronJob, natively only: its Trace takes more
    // memory than a browser tab gives. One run, four seconds or so.
    let w = benchmarks::minutely(365);
    let t0 = now_ms();
    let trace = w.run();
    let ms = now_ms() - t0;
    println!(
        "{}",
        serde_json::json!({
            "name": w.name,
            "events": trace.steps,
            "ms": ms,
            "eventsPerSecond": trace.steps as f64 / ms * 1000.0,
            "nativeOnly": true,
        })
    );
    // The process ends here: the system takes the Trace back at once,
    // where freeing its millions of records one by one takes a second.
    std::mem::forget(trace);
}

#[cfg(target_arch = "wasm32")]
fn main() {
    let lines = measure().join("\n");
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let pre = body
            .owner_document()
            .and_then(|d| d.create_element("pre").ok());
        if let Some(pre) = pre {
            pre.set_id("engine-bench");
            pre.set_text_content(Some(&lines));
            let _ = body.append_child(&pre);
        }
    }
}
