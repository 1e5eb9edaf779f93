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

/// FNV-1a, 64 bits: a content hash for cache busting (`?v=`).
#[allow(dead_code)]
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
