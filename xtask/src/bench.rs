//! `cargo xtask bench`: one table of what a learner waits for. First-load
//! bytes (raw and brotli) and the single file, then in-browser timings from
//! a local server in headless Chromium (tests/e2e/bench.mjs). The engine's
//! own benchmarks are `cargo bench --bench engine` (criterion); the same
//! workloads are also timed by `engine-bench`, natively (bench profile) and
//! in the page (release profile and `wasm-opt -Oz`, as shipped), for the
//! WASM/native ratio; a year of a minutely CronJob is timed natively only
//! (its Trace would not fit in a tab).

use crate::build::{self, Profile};
use crate::serve::spawn_static;
use crate::tools::{ensure_browser, ensure_build_tools, run};
use crate::{root, Result};
use std::process::Command;

pub fn bench() -> Result<()> {
    let tools = ensure_build_tools()?;
    let browser = ensure_browser()?;
    let dist = build::build(&tools, Profile::Release)?;
    crate::size::report(&dist)?;
    let single = crate::single::build(&dist)?;
    println!(
        "  single file  {:>10}",
        std::fs::metadata(&single).map(|m| m.len()).unwrap_or(0)
    );
    let port = spawn_static(dist.dir.clone(), 0, "")?;
    let native = engine_native()?;
    let engine_dir = engine_web(&tools)?;
    let engine_port = spawn_static(engine_dir, 0, "")?;
    println!("in the browser (headless Chromium, 127.0.0.1)");
    run(Command::new("node")
        .arg(root().join("tests/e2e/bench.mjs"))
        .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
        .env("ENGINE_URL", format!("http://127.0.0.1:{engine_port}/"))
        .env("ENGINE_NATIVE", native)
        .env(
            "PLAYWRIGHT_CORE",
            tools.node_modules.join("playwright-core"),
        )
        .env("CHROMIUM", &browser.chromium))
}

/// `engine-bench` natively: one JSON line per workload.
fn engine_native() -> Result<String> {
    let out = Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "bench",
            "--bin",
            "engine-bench",
        ])
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "engine-bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `engine-bench` for the browser, built like the shipped app.
fn engine_web(tools: &crate::tools::Tools) -> Result<std::path::PathBuf> {
    let root = root();
    run(build::for_size(
        Command::new("cargo")
            .args(["build", "--bin", "engine-bench", "--profile"])
            .arg(Profile::Release.cargo_name())
            .args(["--target", "wasm32-unknown-unknown"])
            .current_dir(&root),
    )?)?;
    let dir = root.join("target/engine-bench-web");
    run(Command::new(&tools.wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "engine_bench",
            "--out-dir",
        ])
        .arg(&dir)
        .arg(
            root.join("target/wasm32-unknown-unknown")
                .join(Profile::Release.cargo_name())
                .join("engine-bench.wasm"),
        ))?;
    let wasm = dir.join("engine_bench_bg.wasm");
    run(Command::new(&tools.wasm_opt)
        .args(crate::build::WASM_OPT_SIZE)
        .args(crate::build::WASM_FEATURES)
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><meta charset=utf-8><title>engine-bench</title>\n<script type=module>import init from './engine_bench.js'; init();</script>\n",
    )
    .map_err(|e| e.to_string())?;
    Ok(dir)
}
