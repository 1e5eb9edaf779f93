//! The page is built without `Debug` formatting (`-Zfmt-debug=none`,
//! xtask/src/build.rs): there, `format!("{x:?}")` writes nothing at all.
//! Native tests would never notice a value missing from a message in the
//! browser only, so this test keeps `{:?}` out of the program's code;
//! what a learner reads is quoted through `job_playground::quote`, as Go
//! quotes it. Test code (`tests.rs` files, `#[cfg(test)] mod` blocks) may
//! use it freely: it runs natively.

use std::path::Path;

fn visit(dir: &Path, found: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            visit(&path, found);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.ends_with(".rs") || name == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let test_module = line.trim() == "#[cfg(test)]"
                && lines
                    .get(i + 1)
                    .is_some_and(|next| next.trim_start().starts_with("mod "));
            if test_module {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            if debug_placeholder(code) {
                found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
}

/// A `{…:?}` or `{…:#?}` placeholder (any argument, width or flags).
fn debug_placeholder(code: &str) -> bool {
    let bytes = code.as_bytes();
    let mut open = None;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'{' => open = Some(i),
            b'}' => {
                if let Some(o) = open.take() {
                    let inner = &code[o + 1..i];
                    if let Some((_, spec)) = inner.split_once(':') {
                        if spec.ends_with('?') {
                            return true;
                        }
                    }
                }
            }
            b'"' | b' ' => open = None,
            _ => {}
        }
    }
    false
}

#[test]
fn the_detector_sees_debug_placeholders() {
    assert!(debug_placeholder(r#"format!("{x:?}")"#));
    assert!(debug_placeholder(r#"format!("a {:?} b", x)"#));
    assert!(debug_placeholder(r#"format!("{:#?}", x)"#));
    assert!(debug_placeholder(r#"format!("{0:>8?}", x)"#));
    assert!(!debug_placeholder(r#"format!("{x} {y:>4}")"#));
    assert!(!debug_placeholder(r#"let m = HashMap::<K, V>::new();"#));
}

#[test]
fn the_program_formats_nothing_with_debug() {
    let mut found = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "Debug formatting prints nothing in the page; quote with job_playground::quote instead:\n{}",
        found.join("\n")
    );
}
