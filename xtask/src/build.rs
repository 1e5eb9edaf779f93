//! The web build: cargo for wasm32, wasm-bindgen `--target web`, wasm-opt,
//! then `dist/` with content-hashed names so a browser never mixes two
//! builds.

use crate::tools::{run, Tools};
use crate::{root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Quick rebuilds for `serve`: no LTO, no wasm-opt.
    Dev,
    /// What learners download: size-optimised (`web-release`, see
    /// `for_size`), then `wasm-opt -Oz`.
    Release,
}

impl Profile {
    pub fn cargo_name(self) -> &'static str {
        match self {
            Profile::Dev => "web-dev",
            Profile::Release => "web-release",
        }
    }
}

/// The files of one build, by role, as written in `dist/`.
pub struct Dist {
    pub dir: PathBuf,
    pub wasm: PathBuf,
    pub js: Vec<PathBuf>,
    pub css: PathBuf,
    pub lessons: Vec<PathBuf>,
    pub html: PathBuf,
}

/// FNV-1a: a stable content hash for file names (not for security).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")[..10].to_string()
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn write(p: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display()))
}

/// Writes `bytes` as `dir/stem-HASH.ext` and returns the file name.
fn emit(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let name = format!("{stem}-{}.{ext}", content_hash(bytes));
    write(&dir.join(&name), bytes)?;
    Ok(name)
}

/// The features rustc enables by default for wasm32: wasm-opt must be told,
/// or it refuses the module.
pub const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// How wasm-opt shrinks what learners download (and what `bench` times).
/// `--low-memory-unused` lets it fold constant offsets into loads and
/// stores (2.2 kB brotli): it assumes nothing lives in the first 1 KiB of
/// memory. rustc puts the stack there (1 MiB, growing down from 1 MiB, data
/// after it), so only a stack one KiB short of overflowing would reach it,
/// and an overflow traps anyway.
///
/// `--flatten --rereloop` between two `-Oz` rebuilds every function's
/// control flow from its basic blocks, and the second `-Oz` then finds
/// more to fold: 2.1 kB brotli for some 12 s more of wasm-opt. The engine
/// runs as fast in the page (engine-bench, same build both ways: 30 days
/// of a minutely CronJob in 667 and 667 ms, against 700 and 637 ms).
pub const WASM_OPT_SIZE: [&str; 7] = [
    "-Oz",
    "--flatten",
    "--rereloop",
    "-Oz",
    "--low-memory-unused",
    "--strip-debug",
    "--strip-producers",
];

/// What learners download is built with its own copy of the standard
/// library, compiled with the app's profile (cargo's `-Zbuild-std`), and
/// without the file, line and column of every place that may panic
/// (`-Zlocation-detail=none`; a panic's message is still shown, see
/// `src/web/mod.rs`), and without `Debug` formatting (`-Zfmt-debug=none`:
/// `{:?}` writes nothing, 3.5 kB less; the program quotes what learners
/// read with `src/quote.rs`, and `tests/no_debug_formatting.rs` keeps
/// `{:?}` out of it, so only a panic's message loses the value it would
/// have shown). These are unstable options of the machine's stable
/// toolchain, opened with `RUSTC_BOOTSTRAP=1` for this one command (and
/// `engine-bench`'s browser build, which must match it), in the profile
/// `web-release` (Cargo.toml); they need the `rust-src` component, which
/// `ensure_rust_src` installs.
///
/// The allocator, memory copies and `alloc` (vectors, strings) stay at
/// opt-level 3, as in the standard library rustup ships: at "z" they
/// slowed the engine in the page by a fifth. Measured on 2026-11-30 with
/// `cargo xtask bench` (first load, brotli; the engine's three workloads,
/// WASM/native):
///
/// | build | first load | WASM/native |
/// | --- | --- | --- |
/// | rustup's std | 381.6 kB | 1.50 / 1.42 / 1.59 |
/// | this build | 369.6 kB | 1.56 / 1.14 / 1.75 |
/// | all of std at "z" | 366.3 kB | 1.91 / 1.37 / 1.69 |
/// | and std's `optimize_for_size` | 361.2 kB | 2.53 / 2.27 / 1.49 |
///
/// The machine was noisy that day (the same build's ratios moved by a
/// tenth or two between runs, so this build is as fast as rustup's within
/// that noise), but the last two rows were slower on every run. Panicking
/// by aborting at once (`-Cpanic=immediate-abort`) would save 5.8 kB
/// more, but the learner would no longer see what went wrong.
pub fn for_size(cmd: &mut Command) -> Result<&mut Command> {
    crate::tools::ensure_rust_src()?;
    const FLAGS: [&str; 2] = ["-Zlocation-detail=none", "-Zfmt-debug=none"];
    // Cargo takes the first of these it finds, and then ignores the
    // others and any `rustflags` of its config files: add to the one in
    // force rather than replace it.
    if let Ok(mut flags) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        for flag in FLAGS {
            if !flags.is_empty() {
                flags.push('\x1f');
            }
            flags.push_str(flag);
        }
        cmd.env("CARGO_ENCODED_RUSTFLAGS", flags);
    } else if let Ok(mut flags) = std::env::var("RUSTFLAGS") {
        for flag in FLAGS {
            if !flags.is_empty() {
                flags.push(' ');
            }
            flags.push_str(flag);
        }
        cmd.env("RUSTFLAGS", flags);
    } else {
        // Merged with the config files' own rustflags for wasm32, if any.
        cmd.arg("--config").arg(format!(
            "target.wasm32-unknown-unknown.rustflags=[\"{}\", \"{}\"]",
            FLAGS[0], FLAGS[1]
        ));
    }
    for fast in ["alloc", "dlmalloc", "compiler_builtins"] {
        cmd.arg("--config").arg(format!(
            "profile.{}.package.{fast}.opt-level=3",
            Profile::Release.cargo_name()
        ));
    }
    Ok(cmd
        .env("RUSTC_BOOTSTRAP", "1")
        .arg("-Zbuild-std=std,panic_abort"))
}

pub fn build(tools: &Tools, profile: Profile) -> Result<Dist> {
    let root = root();
    let target = root.join("target");
    let mut cargo = Command::new("cargo");
    cargo
        .args(["build", "--package", "job-playground", "--bin", "app"])
        .args([
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile.cargo_name(),
        ])
        .current_dir(&root);
    if profile == Profile::Release {
        for_size(&mut cargo)?;
    }
    run(&mut cargo)?;
    let wasm_in = target
        .join("wasm32-unknown-unknown")
        .join(profile.cargo_name())
        .join("app.wasm");
    let bindgen_dir = target.join("wasm-bindgen").join(profile.cargo_name());
    run(Command::new(&tools.wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "app",
            "--out-dir",
        ])
        .arg(&bindgen_dir)
        .arg(&wasm_in))?;
    let mut wasm_path = bindgen_dir.join("app_bg.wasm");
    if profile == Profile::Release {
        let opt = bindgen_dir.join("app_bg.opt.wasm");
        run(Command::new(&tools.wasm_opt)
            .args(WASM_OPT_SIZE)
            .args(WASM_FEATURES)
            .arg(&wasm_path)
            .arg("-o")
            .arg(&opt))?;
        wasm_path = opt;
    }

    let dist = root.join("dist");
    let staging = root.join("target").join("dist-staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| e.to_string())?;

    let mut wasm = read(&wasm_path)?;
    let mut js = String::from_utf8(read(&bindgen_dir.join("app.js"))?)
        .map_err(|_| "wasm-bindgen's app.js is not UTF-8")?;
    if profile == Profile::Release {
        (wasm, js) = crate::names::minify(&wasm, &js)?;
    }
    let wasm_name = emit(&staging, "app", "wasm", &wasm)?;
    let js_name = emit(&staging, "app", "js", js.as_bytes())?;
    let boot = String::from_utf8_lossy(&read(&root.join("src/web/boot.js"))?)
        .replace("{{lessons}}", &lesson_versions(&root)?)
        .replace("{{app.js}}", &js_name)
        .replace("{{app_bg.wasm}}", &wasm_name);
    let boot_name = emit(&staging, "boot", "js", boot.as_bytes())?;
    let css_name = emit(
        &staging,
        "style",
        "css",
        &concat_dir(&root.join("styles"), "css")?,
    )?;
    let html = String::from_utf8_lossy(&read(&root.join("index.html"))?)
        .replace("{{style.css}}", &css_name)
        .replace("{{boot.js}}", &boot_name)
        // The preloads start both downloads with the page's, instead of
        // one after the other as boot.js imports app.js which fetches the
        // wasm (two round trips fewer on a real network).
        .replace("{{app.js}}", &js_name)
        .replace("{{app_bg.wasm}}", &wasm_name);
    if let Some(i) = html.find("{{") {
        return Err(format!(
            "index.html: an unknown file name {}",
            html[i..].chars().take(30).collect::<String>()
        ));
    }
    write(&staging.join("index.html"), html.as_bytes())?;

    // Each lesson, fetched by the page when the lesson is opened (build.rs
    // bundles only ids and titles for wasm32; same split rule).
    let lessons_dir = staging.join("lessons");
    std::fs::create_dir_all(&lessons_dir).map_err(|e| e.to_string())?;
    let mut lessons = Vec::new();
    let sources = lesson_files(&root)?;
    for p in sources {
        let source = String::from_utf8_lossy(&read(&p)?).into_owned();
        // The whole page lesson, or only the prose when build.rs bundled
        // the head (the same rule there).
        let text = if crate::split::quick_meta(&source).is_some() {
            crate::split::page_lesson(&source)
        } else {
            crate::split::split_lesson(&source).1
        };
        let name = p.file_name().map(|n| n.to_owned()).unwrap_or_default();
        write(&lessons_dir.join(&name), text.as_bytes())?;
        lessons.push(dist.join("lessons").join(name));
    }

    // Swap the whole folder at once so `serve` never shows half a build.
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::rename(&staging, &dist).map_err(|e| format!("cannot move the build to dist/: {e}"))?;
    Ok(Dist {
        wasm: dist.join(&wasm_name),
        js: vec![dist.join(&js_name), dist.join(&boot_name)],
        css: dist.join(&css_name),
        lessons,
        html: dist.join("index.html"),
        dir: dist,
    })
}

/// `lessons/*.yaml`, sorted.
fn lesson_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join("lessons"))
        .map_err(|e| format!("cannot list lessons/: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    sources.sort();
    Ok(sources)
}

/// `[[stem, version], …]` of the lessons the page fetches whole, in order,
/// with the version build.rs gives each (`?v=`), for boot.js to fetch the
/// one the address asks for while the module loads.
fn lesson_versions(root: &Path) -> Result<String> {
    let sources = lesson_files(root)?;
    let mut entries = Vec::new();
    for p in sources {
        let source = String::from_utf8_lossy(&read(&p)?).into_owned();
        if crate::split::quick_meta(&source).is_none() {
            continue;
        }
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let version = crate::split::fnv64(crate::split::page_lesson(&source).as_bytes());
        entries.push(format!("[{stem:?},\"{version:016x}\"]"));
    }
    Ok(format!("[{}]", entries.join(",")))
}

/// The files of `dir` ending in `.ext`, sorted by name, joined.
pub fn concat_dir(dir: &Path, ext: &str) -> Result<Vec<u8>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for n in names {
        out.extend(read(&n)?);
        out.push(b'\n');
    }
    Ok(out)
}
