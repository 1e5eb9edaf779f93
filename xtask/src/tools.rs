//! Installs the tools the build and the tests need, at pinned versions, in
//! `.tools/` (git-ignored), skipping whatever is already there.

use crate::{root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// npm packages, pinned. binaryen's `wasm-opt` is used rather than Debian's
/// (binaryen 108 cannot read what this rustc emits).
pub const BINARYEN: &str = "132.0.0";
pub const PLAYWRIGHT_CORE: &str = "1.65.1";

pub struct Tools {
    pub wasm_bindgen: PathBuf,
    pub wasm_bindgen_test_runner: PathBuf,
    pub wasm_opt: PathBuf,
    pub node_modules: PathBuf,
}

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Runs a command, echoing it, and fails with its exit status.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("  $ {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// The exact wasm-bindgen version pinned in Cargo.toml (`=0.2.x`): the CLI
/// must match the library byte for byte in its expectations.
pub fn pinned_wasm_bindgen() -> Result<String> {
    let toml = std::fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    toml.lines()
        .find_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("wasm-bindgen = \"=")?;
            rest.split('"').next().map(str::to_string)
        })
        .ok_or_else(|| "Cargo.toml must pin wasm-bindgen as `wasm-bindgen = \"=0.2.x\"`".into())
}

pub fn ensure_wasm_target() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The standard library's source, which the size-optimised build compiles
/// (see `build::for_size`).
pub fn ensure_rust_src() -> Result<()> {
    // Where cargo looks for it: there already (rustup's component, or a
    // toolchain installed another way), nothing to do.
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    if Path::new(sysroot.trim())
        .join("lib/rustlib/src/rust/library/std/Cargo.toml")
        .exists()
    {
        return Ok(());
    }
    let installed = output(Command::new("rustup").args(["component", "list", "--installed"]))
        .ok_or("rustup is needed to add the `rust-src` component the release build uses")?;
    if installed.lines().any(|l| l.trim() == "rust-src") {
        return Ok(());
    }
    run(Command::new("rustup").args(["component", "add", "rust-src"]))
}

fn ensure_wasm_bindgen() -> Result<(PathBuf, PathBuf)> {
    let version = pinned_wasm_bindgen()?;
    let prefix = tools_dir().join(format!("wasm-bindgen-{version}"));
    let bin = prefix.join("bin/wasm-bindgen");
    let runner = prefix.join("bin/wasm-bindgen-test-runner");
    let ok =
        output(Command::new(&bin).arg("--version")).is_some_and(|v| v.trim().ends_with(&version));
    if !ok || !runner.exists() {
        eprintln!("installing wasm-bindgen-cli {version} (a few minutes, once)");
        // No --locked: one of the CLI's locked crates is missing from the
        // registry this project builds against.
        run(Command::new("cargo")
            .args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                &version,
                "--root",
            ])
            .arg(&prefix))?;
    }
    Ok((bin, runner))
}

fn ensure_node_tools() -> Result<PathBuf> {
    let dir = tools_dir().join("node");
    let modules = dir.join("node_modules");
    let want = [("binaryen", BINARYEN), ("playwright-core", PLAYWRIGHT_CORE)];
    let have = |name: &str, version: &str| {
        std::fs::read_to_string(modules.join(name).join("package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
    };
    if want.iter().all(|(n, v)| have(n, v)) {
        return Ok(modules);
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        return Err(
            "npm is missing: install Node.js 18 or newer (Debian: apt-get install nodejs npm)"
                .into(),
        );
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let deps: Vec<String> = want
        .iter()
        .map(|(n, v)| format!("\"{n}\": \"{v}\""))
        .collect();
    std::fs::write(
        dir.join("package.json"),
        format!(
            "{{\"private\": true, \"dependencies\": {{{}}}}}\n",
            deps.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir))?;
    Ok(modules)
}

/// Everything `build` needs.
pub fn ensure_build_tools() -> Result<Tools> {
    ensure_wasm_target()?;
    let (wasm_bindgen, wasm_bindgen_test_runner) = ensure_wasm_bindgen()?;
    let node_modules = ensure_node_tools()?;
    let wasm_opt = node_modules.join("binaryen/bin/wasm-opt");
    if !wasm_opt.exists() {
        return Err(format!(
            "{} is missing after npm install",
            wasm_opt.display()
        ));
    }
    Ok(Tools {
        wasm_bindgen,
        wasm_bindgen_test_runner,
        wasm_opt,
        node_modules,
    })
}

/// Debian's Chromium and its driver, installed when we are root.
pub fn ensure_browser() -> Result<Browser> {
    let chromium = find(&["chromium", "chromium-browser"]);
    let chromedriver = find(&["chromedriver"]);
    if let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) {
        return Ok(Browser {
            chromium,
            chromedriver,
        });
    }
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    if !root_user {
        return Err("Chromium and chromedriver are needed for the browser tests. Install them with:\n  sudo apt-get install -y chromium chromium-driver\nthen run the command again.".into());
    }
    eprintln!("installing Chromium and chromedriver from Debian's packages");
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    match (
        find(&["chromium", "chromium-browser"]),
        find(&["chromedriver"]),
    ) {
        (Some(chromium), Some(chromedriver)) => Ok(Browser {
            chromium,
            chromedriver,
        }),
        _ => Err("apt-get installed chromium but it is not on PATH".into()),
    }
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| is_file(p))
    })
}

fn is_file(p: &Path) -> bool {
    p.metadata().is_ok_and(|m| m.is_file())
}
