//! `cargo xtask fuzz [SECONDS]`: runs every fuzz target (cargo-fuzz,
//! libFuzzer, nightly) for SECONDS each (default 60), with corpora seeded
//! from the lessons, and prints executions and crashes per target. Crashes
//! land in `fuzz/artifacts/`; turn each into a regression test.

use crate::tools::run;
use crate::{root, Result};
use std::process::Command;

const TARGETS: &[&str] = &["manifest", "scenario", "shell", "share_link", "run"];

fn seed_corpora() -> Result<()> {
    let root = root();
    for l in std::fs::read_dir(root.join("lessons"))
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let text = std::fs::read_to_string(l.path()).unwrap_or_default();
        let name = l.file_name().to_string_lossy().into_owned();
        // The manifest and scenario blocks of the lesson file, unindented.
        let block = |key: &str| -> String {
            let mut out = String::new();
            let mut inside = false;
            for line in text.lines() {
                if line.starts_with(&format!("{key}: |")) {
                    inside = true;
                    continue;
                }
                if inside {
                    if line.starts_with("  ") || line.is_empty() {
                        out.push_str(line.get(2..).unwrap_or(""));
                        out.push('\n');
                    } else {
                        break;
                    }
                }
            }
            out
        };
        let (manifest, scenario) = (block("manifest"), block("scenario"));
        for (target, content) in [
            ("manifest", manifest.clone()),
            ("scenario", scenario.clone()),
            ("run", format!("{manifest}\n===\n{scenario}")),
        ] {
            let dir = root.join("fuzz/corpus").join(target);
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            std::fs::write(dir.join(&name), content).map_err(|e| e.to_string())?;
        }
        let dir = root.join("fuzz/corpus/shell");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(
            dir.join(&name),
            "until nc -z db 80; do sleep 2; done\nset -eux\necho ok | grep -v x\nexit 3\n",
        )
        .map_err(|e| e.to_string())?;
    }
    let dir = root.join("fuzz/corpus/share_link");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("seed"), "1.q1YqykktVrJSSspMSspPSsxN1c1JrFSqBQA")
        .map_err(|e| e.to_string())?;
    Ok(())
}

pub fn fuzz(seconds: u64) -> Result<()> {
    let have = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        run(Command::new("cargo").args(["install", "cargo-fuzz", "--version", "0.13.2"]))?;
    }
    seed_corpora()?;
    let mut report = Vec::new();
    for t in TARGETS {
        let out = Command::new("cargo")
            .args([
                "+nightly",
                "fuzz",
                "run",
                t,
                "--",
                &format!("-max_total_time={seconds}"),
                "-max_len=8192",
                "-rss_limit_mb=4096",
            ])
            .current_dir(root())
            .output()
            .map_err(|e| e.to_string())?;
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let execs = log
            .lines()
            .rev()
            // libFuzzer's last words: "Done 46928 runs in 11 second(s)".
            .find_map(|l| l.strip_prefix("Done ")?.split_whitespace().next())
            .unwrap_or("?")
            .to_string();
        let verdict = if out.status.success() {
            "0 crashes"
        } else {
            "CRASH (see fuzz/artifacts)"
        };
        report.push(format!("  {t:<12} {execs:>12} executions   {verdict}"));
    }
    println!("fuzzing, {seconds} s per target:\n{}", report.join("\n"));
    Ok(())
}
