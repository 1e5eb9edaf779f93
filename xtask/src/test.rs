//! `cargo xtask test`: every test of the project, in one command.
//!
//! 1. native: `cargo test` (engine, lessons, golden runs, properties);
//! 2. wasm: `wasm-bindgen-test` components in headless Chromium;
//! 3. the release build and its size budget;
//! 4. end to end: `dist/` served on 127.0.0.1 and driven by Chromium
//!    through playwright-core (tests/e2e/*.test.mjs), saving screenshots.

use crate::build::{self, Profile};
use crate::serve::spawn_static;
use crate::size::check_budget;
use crate::tools::{ensure_browser, ensure_build_tools, run};
use crate::{root, Result};
use std::process::Command;

pub fn test_all(skip_e2e: bool) -> Result<()> {
    let root = root();
    let tools = ensure_build_tools()?;
    let browser = ensure_browser()?;

    step("native tests");
    run(Command::new("cargo")
        .args(["test", "--workspace"])
        .current_dir(&root))?;

    step("lesson checks (jobsim lessons)");
    run(Command::new("cargo")
        .args([
            "run",
            "--release",
            "--quiet",
            "--bin",
            "jobsim",
            "--",
            "lessons",
        ])
        .current_dir(&root))?;

    step("components in headless Chromium (wasm-bindgen-test)");
    run(Command::new("cargo")
        .args([
            "test",
            "--package",
            "job-playground",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            &tools.wasm_bindgen_test_runner,
        )
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .current_dir(&root))?;

    step("release build and size budget");
    let dist = build::build(&tools, Profile::Release)?;
    check_budget(&dist)?;
    let single = crate::single::build(&dist)?;
    let single_len = std::fs::metadata(&single).map(|m| m.len()).unwrap_or(0);
    println!("  single file      {single_len:>10}   {}", single.display());

    if skip_e2e {
        return Ok(());
    }
    step("end to end in headless Chromium (playwright-core)");
    let port = spawn_static(dist.dir.clone(), 0, "")?;
    // The same build under a sub-path, as a course site would host it.
    let sub_port = spawn_static(dist.dir.clone(), 0, "/cours/terrain")?;
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/e2e"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    run(Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&files)
        .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
        .env("DIST_DIR", &dist.dir)
        .env(
            "SUBPATH_URL",
            format!("http://127.0.0.1:{sub_port}/cours/terrain/"),
        )
        .env("SINGLE_FILE", &single)
        .env(
            "PLAYWRIGHT_CORE",
            tools.node_modules.join("playwright-core"),
        )
        .env("CHROMIUM", &browser.chromium)
        .env("SCREENSHOT_DIR", root.join("tests/e2e/screenshots"))
        .current_dir(&root))
}

fn step(name: &str) {
    eprintln!("\n==> {name}");
}
