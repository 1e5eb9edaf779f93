//! The page is built without `Debug` formatting (`-Zfmt-debug=none`,
//! xtask/src/build.rs): there, `format!("{x:?}")` writes nothing at all.
//! Native tests would never notice a value missing from a message in the
//! browser only, so this test keeps `{:?}` out of the program's code;
//! what a learner reads is quoted through `job_playground::quote`, as Go
//! quotes it. Test code (`#[cfg(test)] mod … { }` blocks, and the files of
//! `#[cfg(test)] mod tests;`) may use it freely: it runs natively.

use std::path::Path;

/// The string literals of Rust source outside test modules, with the line
/// each starts on. Comments are skipped, and so are character literals
/// (`'"'`), so that neither is taken for a string.
fn strings_outside_tests(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    // The depth of braces, and the depth at which a test module began.
    let mut depth = 0usize;
    let mut test_from: Option<usize> = None;
    let mut cfg_test_pending = false;
    while i < b.len() {
        let c = b[i];
        let rest = &src[i..];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            line += rest[..end].matches('\n').count();
            i += end;
        } else if rest.starts_with("#[cfg(test)]") {
            cfg_test_pending = true;
            i += "#[cfg(test)]".len();
        } else if c == b'{' {
            if cfg_test_pending && test_from.is_none() {
                test_from = Some(depth);
            }
            cfg_test_pending = false;
            depth += 1;
            i += 1;
        } else if c == b'}' {
            depth = depth.saturating_sub(1);
            if test_from == Some(depth) {
                test_from = None;
            }
            i += 1;
        } else if c == b';' {
            // `#[cfg(test)] mod tests;`: its file is skipped by name.
            cfg_test_pending = false;
            i += 1;
        } else if c == b'\'' {
            // A character literal ('x', '\n', '"', '\u{7f}'), or a lifetime.
            let lit = if rest.as_bytes().get(1) == Some(&b'\\') {
                rest[2..].find('\'').map(|e| e + 3)
            } else {
                rest[1..]
                    .char_indices()
                    .nth(1)
                    .filter(|(_, ch)| *ch == '\'')
                    .map(|(at, _)| at + 2)
            };
            i += lit.unwrap_or(1);
        } else if c == b'"' || raw_string_start(rest) {
            let (start_line, text, len) = read_string(rest, line);
            if test_from.is_none() {
                out.push((start_line, text));
            }
            line += rest[..len].matches('\n').count();
            i += len;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// `r"` or `r#…#"` (not a raw identifier such as `r#type`).
fn raw_string_start(rest: &str) -> bool {
    rest.strip_prefix('r')
        .is_some_and(|raw| raw.trim_start_matches('#').starts_with('"'))
}

/// A string literal at the start of `rest`: its line, its text (escapes
/// left as written) and its length in the source.
fn read_string(rest: &str, line: usize) -> (usize, String, usize) {
    if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let open = 1 + hashes + 1;
        let close = format!("\"{}", "#".repeat(hashes));
        let end = rest[open..].find(&close).map_or(rest.len(), |e| open + e);
        return (line, rest[open..end].to_string(), end + close.len());
    }
    let bytes = rest.as_bytes();
    let mut j = 1;
    while j < bytes.len() && bytes[j] != b'"' {
        j += if bytes[j] == b'\\' { 2 } else { 1 };
    }
    (
        line,
        rest[1..j.min(rest.len())].to_string(),
        (j + 1).min(rest.len()),
    )
}

/// A `{…:?}` or `{…:#?}` placeholder in a format string (any argument,
/// fill, width or flags); `{{` is a brace, not a placeholder.
fn debug_placeholder(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            if let Some(close) = text[i + 1..].find('}') {
                let inner = &text[i + 1..i + 1 + close];
                if !inner.contains('{')
                    && inner
                        .split_once(':')
                        .is_some_and(|(_, spec)| spec.ends_with('?'))
                {
                    return true;
                }
            }
        }
        i += 1;
    }
    false
}

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
        // The files of `#[cfg(test)] mod tests;`.
        if !name.ends_with(".rs") || name == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        for (line, s) in strings_outside_tests(&text) {
            if debug_placeholder(&s) {
                found.push(format!("{}:{line}: \"{s}\"", path.display()));
            }
        }
    }
}

#[test]
fn the_detector_sees_debug_placeholders() {
    for yes in [
        "{x:?}",
        "a {:?} b",
        "{:#?}",
        "{0:>8?}",
        "{: >5?}",
        "{v:?}: {w}",
    ] {
        assert!(debug_placeholder(yes), "{yes}");
    }
    for no in ["{x} {y:>4}", "{{x:?}}", "{ no colon }", "map[{}]"] {
        assert!(!debug_placeholder(no), "{no}");
    }
}

#[test]
fn the_lexer_skips_comments_characters_and_test_modules() {
    let src = r##"
// "{a:?}" in a comment
/* "{b:?}" in a block */
const Q: char = '"';
fn f<'a>(x: &'a str) -> String { format!("https://x/{x:?}") }
const R: &str = r#"raw "{c:?}""#;
#[cfg(test)]
mod tests;
fn g() { let _ = "{d:?}"; }
#[cfg(test)]
#[allow(dead_code)]
mod t {
    fn h() { let _ = format!("{e:?}"); { "{f:?}"; } }
}
fn k() { "{g:?}" }
"##;
    let seen: Vec<String> = strings_outside_tests(src)
        .into_iter()
        .filter(|(_, s)| debug_placeholder(s))
        .map(|(line, s)| format!("{line}:{s}"))
        .collect();
    assert_eq!(
        seen,
        [
            "5:https://x/{x:?}",
            "6:raw \"{c:?}\"",
            "9:{d:?}",
            "15:{g:?}"
        ]
    );
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
