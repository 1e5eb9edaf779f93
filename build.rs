//! Bundles `lessons/*.yaml` into the crate, so the browser and `jobsim`
//! ship the same lessons. Natively the whole files are bundled. For the
//! page (wasm32) only each lesson's id and titles are (read by
//! `quick_meta`): the rest, without the exercise's solution, is fetched
//! when the lesson is opened (`lessons/<file>.yaml`, written by the xtask),
//! which keeps the lessons out of the first load. A lesson whose id and
//! titles need a YAML parser keeps its head in the bundle and only its
//! prose is fetched.

use std::fmt::Write as _;

include!("src/lesson/split.rs");

fn main() {
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=src/lesson/split.rs");
    let lazy = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let mut files: Vec<_> = std::fs::read_dir("lessons")
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    let mut out = String::from("/// (file name, YAML source, hash of the prose fetched later or \"\",\n/// `quick_meta` of the file) of every bundled lesson, in order.\npub static BUNDLED: &[Bundled] = &[\n");
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        let meta = match quick_meta(&std::fs::read_to_string(p).unwrap_or_default()) {
            Some((id, fr, en)) => format!("Some(({id:?}, {fr:?}, {en:?}))"),
            None => "None".to_string(),
        };
        if lazy {
            let source = std::fs::read_to_string(p).unwrap_or_default();
            let (head, prose) = split_lesson(&source);
            if quick_meta(&source).is_some() {
                // Nothing of it in the bundle: the page fetches the whole
                // page lesson (`page_lesson`) when it is opened.
                let _ = writeln!(
                    out,
                    "    ({stem:?}, \"\", \"{:016x}\", {meta}),",
                    fnv64(page_lesson(&source).as_bytes())
                );
                continue;
            }
            let head_path = out_dir.join(format!("{stem}.head.yaml"));
            std::fs::write(&head_path, page_head(&head))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", head_path.display()));
            let _ = writeln!(
                out,
                "    ({stem:?}, include_str!({:?}), \"{:016x}\", {meta}),",
                head_path.display().to_string(),
                fnv64(prose.as_bytes())
            );
        } else {
            let _ = writeln!(
                out,
                "    ({stem:?}, include_str!({:?}), \"\", {meta}),",
                abs.display().to_string()
            );
        }
    }
    out.push_str("];\n");
    let dest = out_dir.join("bundled_lessons.rs");
    std::fs::write(dest, out).unwrap_or_else(|e| panic!("cannot write bundled_lessons.rs: {e}"));
}
