//! The size budget: what a learner downloads on first load, brotli-compressed.

use crate::build::Dist;
use crate::Result;
use std::io::Write;
use std::path::Path;

/// The one place the first-load budget is written (bytes, brotli).
///
/// The goal is 250 kB (issue "Performance"). The full engine (shell, cron,
/// kubectl views, lessons, share links, embedding) measured 416 kB on
/// 2026-11-27 and 368 kB on 2026-11-28 (one shared sort, ASCII case
/// folding, a small JSON reader for links and drafts, lessons' prose
/// fetched per lesson), and 370 kB on 2026-11-29 (share links written by
/// a small fixed-Huffman encoder, src/deflate.rs, instead of miniz_oxide's:
/// 7 kB less, spent in part on the engine's fidelity work of that day).
/// Later that day wasm-opt's flatten and re-loop passes took 2.2 kB off,
/// and French for every word the playground says itself (check details,
/// its own problems, kubectl's answers), an undoable reset, a native help
/// dialog and the OnFailure card added 4.9 kB: 373.5 kB. On 2026-11-29
/// (evening) the module's import and export names were cut to a letter or
/// two in both files (xtask/src/names.rs, 4.2 kB) and the lessons left the
/// bundle but for their titles (fetched whole when opened, 6.4 kB), while
/// `kubectl events`, exercise `field` checks and a dozen fixes from a
/// review added 3.9 kB: 367.3 kB. Then a code review's fixes (1.1 kB) and
/// boot.js fetching the lesson while the module loads (1.2 kB: each
/// lesson's file and version; the lesson file left the critical path)
/// made 370.9 kB. On 2026-11-29 (night) exec liveness probes began to run
/// in the container's files at each beat (the script's file states and
/// modification times, busybox `find` and `stat`), 3.8 kB: 374.7 kB; and
/// a review's fixes to them (an answer at the end of the probe's command,
/// only the states a beat sees, `touch -d/-t/-r/-c`, `test -nt`, `rm -r`)
/// 2.3 kB more: 377.1 kB; then `startupProbe` (its beats, Started and
/// Ready, a sidecar holding the next init container back) 1.0 kB: 378.1
/// kB, and the budget is 379 kB. On 2026-11-29 (late) `readinessProbe`
/// (its worker's runs, Ready, the Job's `ready`; lesson 21, the largest
/// lesson text, suggesting one) added 1.5 kB: 379.6 kB. Removing core's
/// float formatting from the page was tried and gains nothing: busybox
/// `printf %f/%e/%g` needs it. Then a review's readiness fixes, YAML
/// merge keys as go-yaml v2 sets them (a key map of their own), share
/// links from a `file://` page and the boxed prober memory added 1.4 kB
/// to the module and 0.04 kB to the glue: 381.0 kB, and the budget is
/// 382 kB. On 2026-11-30 the release build began to compile the standard
/// library itself, with the app's profile and without panic locations
/// (`build::for_size`): 369.6 kB, 12.0 kB less than the same code with
/// rustup's standard library (381.6 kB), and the budget was 370 kB. Then
/// the engine began to replay the runs of scripts that read nothing of
/// their container (`echo tick`: a tenth fewer instructions for a long
/// CronJob), 1.3 kB: 370.9 kB, and the budget was 371 kB. Later on
/// 2026-11-30 the event recorder's caches became exact LRUs (no more
/// batch eviction with its selection) and a few allocations went from the
/// CronJob path: 369.3 kB, and the budget is 370 kB; then a pod's finish
/// time as `getFinishedTime` dates it (the pod's Ready history) added
/// 0.55 kB: 369.9 kB. On 2026-11-30 (third session) the engine began to
/// read API times in whole seconds as controllers do (0.3 kB: 370.2 kB),
/// and the page was built without `Debug` formatting (`-Zfmt-debug=none`,
/// the program quoting as Go does through src/quote.rs): 366.9 kB, and
/// the budget was 367 kB. Then ordered maps and sets became sorted vectors
/// (src/sorted.rs), in place of a B-tree's code for each of a dozen key
/// and value types: 349.8 kB, and the budget is 350 kB; three small
/// hash maps (YAML anchors and merge keys, service overrides) went the
/// same way: 348.9 kB, and the budget is 349 kB. A hover text on the
/// timeline (0.2 kB) was paid for by the per-index failure counts going
/// to sorted maps too: 348.8 kB; and the engine's counts of program calls
/// and container starts, and its parsed scripts: 348.2 kB. The parsed
/// manifest's field positions and the event recorder's caches stay hash
/// maps: the first is filled out of order (a pasted manifest of thousands
/// of lines would make a sorted vector quadratic), the second is the
/// engine's hottest lookup.
/// Lower it with every gain.
pub const FIRST_LOAD_BUDGET: usize = 349 * 1000;

pub fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = w.write_all(bytes);
    }
    out.len()
}

fn sizes(p: &Path) -> Result<(usize, usize)> {
    let b = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    Ok((b.len(), brotli_len(&b)))
}

/// Prints the table of first-load bytes and returns the brotli total.
pub fn report(dist: &Dist) -> Result<usize> {
    let mut rows = vec![("wasm", sizes(&dist.wasm)?)];
    let mut js = (0, 0);
    for p in &dist.js {
        let (r, b) = sizes(p)?;
        js = (js.0 + r, js.1 + b);
    }
    rows.push(("js", js));
    rows.push(("css", sizes(&dist.css)?));
    // A lesson's prose is fetched when it is opened: the first load holds
    // one, counted here as the largest.
    let mut lesson = (0, 0);
    let mut all = (0, 0);
    for p in &dist.lessons {
        let (r, b) = sizes(p)?;
        all = (all.0 + r, all.1 + b);
        if b > lesson.1 {
            lesson = (r, b);
        }
    }
    rows.push(("lesson text", lesson));
    rows.push(("html", sizes(&dist.html)?));
    let total = rows
        .iter()
        .fold((0, 0), |a, (_, (r, b))| (a.0 + r, a.1 + b));
    println!("first load        raw (B)   brotli (B)");
    for (name, (raw, br)) in &rows {
        println!("  {name:<12} {raw:>10} {br:>12}");
    }
    println!(
        "  {:<12} {:>10} {:>12}   budget {}",
        "total", total.0, total.1, FIRST_LOAD_BUDGET
    );
    println!(
        "  (every lesson's text, fetched one at a time: {} files, {} B raw, {} B brotli)",
        dist.lessons.len(),
        all.0,
        all.1
    );
    Ok(total.1)
}

pub fn check_budget(dist: &Dist) -> Result<()> {
    let total = report(dist)?;
    if total > FIRST_LOAD_BUDGET {
        return Err(format!(
            "first-load size {total} B (brotli) is over the budget of {FIRST_LOAD_BUDGET} B (xtask/src/size.rs)"
        ));
    }
    Ok(())
}
