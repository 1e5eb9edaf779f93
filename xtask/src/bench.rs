//! `cargo xtask bench`: one table of what a learner waits for. First-load
//! bytes (raw and brotli) and the single file, then in-browser timings from
//! a local server in headless Chromium (tests/e2e/bench.mjs). The engine's
//! own benchmarks are `cargo bench --bench engine` (criterion).

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
    println!("in the browser (headless Chromium, 127.0.0.1)");
    run(Command::new("node")
        .arg(root().join("tests/e2e/bench.mjs"))
        .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
        .env(
            "PLAYWRIGHT_CORE",
            tools.node_modules.join("playwright-core"),
        )
        .env("CHROMIUM", &browser.chromium))
}
