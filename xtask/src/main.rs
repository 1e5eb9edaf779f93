//! `cargo xtask`: build, serve and test the playground without Trunk.
//!
//! - `cargo xtask serve [--release] [--port N]`: builds the app and serves
//!   `dist/` on 127.0.0.1, rebuilding when a source file changes.
//! - `cargo xtask test`: every test (native, wasm in Chromium, end to end),
//!   plus the size budget.
//! - `cargo xtask dist`: the release build in `dist/`.
//!
//! Each command first installs what it needs into `.tools/` (git-ignored),
//! skipping what is already there.

mod bench;
mod build;
mod fuzz;
mod names;
mod serve;
mod single;
mod size;
/// The lesson prose/head split, shared with build.rs and the crate.
#[path = "../../src/lesson/split.rs"]
mod split;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

pub type Result<T> = std::result::Result<T, String>;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

const USAGE: &str =
    "usage: cargo xtask <serve [--release] [--port N] | test [--skip-e2e] | dist | single | size>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let result = match args.first().map(String::as_str) {
        Some("serve") => {
            let port = args
                .iter()
                .position(|a| a == "--port")
                .and_then(|i| args.get(i + 1))
                .and_then(|p| p.parse().ok())
                .unwrap_or(8080);
            serve::serve(flag("--release"), port)
        }
        Some("test") => test::test_all(flag("--skip-e2e")),
        Some("dist") => tools::ensure_build_tools()
            .and_then(|t| build::build(&t, build::Profile::Release))
            .map(|_| ()),
        Some("bench") => bench::bench(),
        Some("fuzz") => fuzz::fuzz(args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60)),
        Some("single") => tools::ensure_build_tools()
            .and_then(|t| build::build(&t, build::Profile::Release))
            .and_then(|d| single::build(&d))
            .map(|f| println!("{}", f.display())),
        Some("size") => tools::ensure_build_tools()
            .and_then(|t| build::build(&t, build::Profile::Release))
            .and_then(|d| size::report(&d).map(|_| ())),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
