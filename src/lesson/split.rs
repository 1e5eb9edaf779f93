// The one rule that separates a lesson file's prose (`text:` and `look:`,
// French and English) from the rest. Included by `build.rs` (the page's
// bundle keeps only the rest), by the xtask (which ships the prose as
// `lessons/<file>.yaml`, fetched when the lesson is opened) and by the
// lesson module's tests (head + prose reads back as the whole lesson).
// Plain functions only: `include!`d where no crate is available.

/// Whether a top-level key of a lesson file is prose.
#[allow(dead_code)]
fn is_prose_key(line: &str) -> bool {
    line.starts_with("text:") || line.starts_with("look:")
}

/// (head, prose) of a lesson file: each top-level block (a line starting
/// in column 1, with the indented lines after it) goes to one side.
#[allow(dead_code)]
pub fn split_lesson(source: &str) -> (String, String) {
    let (mut head, mut prose) = (String::new(), String::new());
    let mut in_prose = false;
    for line in source.split_inclusive('\n') {
        let starts_block = !line.starts_with([' ', '\t', '#', '\n', '\r']);
        if starts_block {
            in_prose = is_prose_key(line);
        }
        if in_prose {
            prose.push_str(line);
        } else {
            head.push_str(line);
        }
    }
    (head, prose)
}

/// The head as the page bundles it: without the exercise's `solution:`
/// block, which only `jobsim lessons` (natively) runs; the page never
/// shows it, so it would be dead weight in the first load. The block is
/// the line `  solution:` and the lines indented deeper after it.
#[allow(dead_code)]
pub fn page_head(head: &str) -> String {
    let mut out = String::with_capacity(head.len());
    let mut in_solution = false;
    for line in head.split_inclusive('\n') {
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if !blank {
            let indent = line.len() - line.trim_start_matches(' ').len();
            if indent <= 2 {
                in_solution = indent == 2 && line[2..].starts_with("solution:");
            }
        }
        if !in_solution {
            out.push_str(line);
        }
    }
    out
}

/// What the page fetches of a lesson whose id and titles `quick_meta`
/// reads: the whole lesson but the exercise's solution, its head first
/// (the same text `with_prose` parses; a mapping's order does not matter).
/// For any other lesson the page bundles the head and fetches the prose.
#[allow(dead_code)]
pub fn page_lesson(source: &str) -> String {
    let (head, prose) = split_lesson(source);
    page_head(&head) + &prose
}

/// FNV-1a, 64 bits: a content hash for cache busting (`?v=`).
#[allow(dead_code)]
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// (id, French title, English title) of a lesson file, read without a
/// YAML parser, so the page can list every lesson before parsing any:
/// build.rs stores them next to each head and the page parses a lesson
/// only when it is opened. Only the plain layout every bundled lesson uses
/// is read (`id: plain-word` and a `title:` block whose `fr:` and `en:`
/// are one-line double-quoted strings); anything else gives None and that
/// lesson is parsed at start-up instead. A test checks that these agree
/// with the full parse for every bundled lesson.
#[allow(dead_code)]
pub fn quick_meta(source: &str) -> Option<(String, String, String)> {
    let (mut id, mut fr, mut en) = (None, None, None);
    let mut in_title = false;
    for line in source.lines() {
        if !line.starts_with(' ') {
            in_title = line.trim_end() == "title:";
            if let Some(v) = line.strip_prefix("id:") {
                let v = v.trim();
                let plain = !v.is_empty()
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                id = Some(plain.then(|| v.to_string())?);
            }
        } else if in_title {
            if let Some(v) = line.strip_prefix("  fr:") {
                fr = Some(double_quoted(v.trim())?);
            } else if let Some(v) = line.strip_prefix("  en:") {
                en = Some(double_quoted(v.trim())?);
            } else if !line.trim().is_empty() {
                return None;
            }
        }
    }
    Some((id?, fr?, en?))
}

/// A YAML double-quoted scalar on one line with no escapes but `\"` and
/// `\\`; None for anything else.
#[allow(dead_code)]
fn double_quoted(v: &str) -> Option<String> {
    let inner = v.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                c @ ('"' | '\\') => out.push(c),
                _ => return None,
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}
