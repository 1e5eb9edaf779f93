//! Short names for what the module imports from its JavaScript glue and
//! exports to it.
//!
//! wasm-bindgen names each import after the Rust function and a 16-digit
//! hash (`__wbg_lastChild_d03af7c29f69e2ad`) and writes every name twice:
//! in the module's import section and in `app.js`. The hashes do not
//! compress, so the 162 imports and the closure exports cost 4.3 kB
//! brotli. Both files are rewritten together with names of one or two
//! letters, as emscripten's `--minify-imports-and-exports` does. Only names
//! the glue refers to are renamed, so a name the glue never mentions keeps
//! working as before, and no new name is a word the glue already has (the
//! closure exports are also the names of glue functions).

use crate::Result;

fn leb(bytes: &[u8], at: &mut usize) -> Result<u32> {
    let (mut value, mut shift) = (0u32, 0u32);
    loop {
        let byte = *bytes.get(*at).ok_or("truncated wasm module")?;
        *at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
        shift += 7;
        if shift > 28 {
            return Err("malformed LEB128 in the wasm module".into());
        }
    }
}

fn push_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str> {
    let len = leb(bytes, at)? as usize;
    let s = bytes.get(*at..*at + len).ok_or("truncated wasm module")?;
    *at += len;
    std::str::from_utf8(s).map_err(|_| "a wasm name is not UTF-8".into())
}

/// Words JavaScript keeps for itself (a closure export's name is also a
/// glue function's): a short name is never one of them.
const RESERVED: &[&str] = &[
    "as",
    "do",
    "if",
    "in",
    "of",
    "for",
    "let",
    "new",
    "try",
    "var",
    "case",
    "else",
    "enum",
    "eval",
    "null",
    "this",
    "true",
    "void",
    "with",
    "await",
    "break",
    "catch",
    "class",
    "const",
    "false",
    "super",
    "throw",
    "while",
    "yield",
    "delete",
    "export",
    "import",
    "public",
    "return",
    "static",
    "switch",
    "typeof",
    "default",
    "extends",
    "finally",
    "package",
    "private",
    "continue",
    "debugger",
    "function",
    "arguments",
    "interface",
    "protected",
    "implements",
    "instanceof",
];

/// The `i`-th short name: `a`…`z`, `A`…`Z`, then two letters.
fn short(mut i: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = String::new();
    loop {
        s.push(char::from(LETTERS[i % LETTERS.len()]));
        i /= LETTERS.len();
        if i == 0 {
            return s;
        }
        i -= 1;
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Every place `word` stands as a whole identifier in `js`.
fn occurrences(js: &str, word: &str) -> Vec<usize> {
    let b = js.as_bytes();
    js.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = i == 0 || !is_ident_byte(b[i - 1]);
            let after = b.get(i + word.len()).is_none_or(|&c| !is_ident_byte(c));
            before && after
        })
        .collect()
}

/// Rewrites the module's import and export names and the glue's mentions
/// of them together. Returns the new module and glue.
pub fn minify(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module".into());
    }
    // Names the glue mentions, in order of first appearance in the module.
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut next = 0;
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)? as usize;
        let body = wasm.get(at..at + size).ok_or("truncated wasm section")?;
        at += size;
        if id != 2 && id != 7 {
            out.push(id);
            push_leb(&mut out, size as u32);
            out.extend_from_slice(body);
            continue;
        }
        let mut new = Vec::with_capacity(body.len());
        let mut p = 0;
        let count = leb(body, &mut p)?;
        push_leb(&mut new, count);
        for _ in 0..count {
            if id == 2 {
                let module = name(body, &mut p)?;
                push_leb(&mut new, module.len() as u32);
                new.extend_from_slice(module.as_bytes());
            }
            let old = name(body, &mut p)?;
            let renamed = if let Some((_, s)) = renames.iter().find(|(o, _)| o == old) {
                // The same name twice (an import also exported) is one
                // name in the glue.
                s.clone()
            } else if occurrences(js, old).is_empty() {
                old.to_string()
            } else {
                // Skipping every word the glue already has, so a renamed
                // function of the glue shadows nothing and is shadowed by
                // nothing.
                let s = loop {
                    let s = short(next);
                    next += 1;
                    if occurrences(js, &s).is_empty() && !RESERVED.contains(&s.as_str()) {
                        break s;
                    }
                };
                renames.push((old.to_string(), s.clone()));
                s
            };
            push_leb(&mut new, renamed.len() as u32);
            new.extend_from_slice(renamed.as_bytes());
            // The rest of the entry is copied as it is.
            let start = p;
            if id == 2 {
                let kind = *body.get(p).ok_or("truncated import")?;
                p += 1;
                match kind {
                    0 => {
                        leb(body, &mut p)?;
                    }
                    1 => {
                        p += 1;
                        let flags = leb(body, &mut p)?;
                        leb(body, &mut p)?;
                        if flags & 1 != 0 {
                            leb(body, &mut p)?;
                        }
                    }
                    2 => {
                        let flags = leb(body, &mut p)?;
                        leb(body, &mut p)?;
                        if flags & 1 != 0 {
                            leb(body, &mut p)?;
                        }
                    }
                    3 => p += 2,
                    4 => {
                        p += 1;
                        leb(body, &mut p)?;
                    }
                    k => return Err(format!("unknown import kind {k}")),
                }
            } else {
                p += 1;
                leb(body, &mut p)?;
            }
            new.extend_from_slice(body.get(start..p).ok_or("truncated wasm entry")?);
        }
        out.push(id);
        push_leb(&mut out, new.len() as u32);
        out.extend_from_slice(&new);
    }

    let mut js = js.to_string();
    for (old, new) in &renames {
        let places = occurrences(&js, old);
        let mut rewritten = String::with_capacity(js.len());
        let mut last = 0;
        for i in places {
            rewritten.push_str(&js[last..i]);
            rewritten.push_str(new);
            last = i + old.len();
        }
        rewritten.push_str(&js[last..]);
        js = rewritten;
    }
    Ok((out, js))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![id];
        push_leb(&mut s, body.len() as u32);
        s.extend_from_slice(body);
        s
    }

    fn named(out: &mut Vec<u8>, s: &str) {
        push_leb(out, s.len() as u32);
        out.extend_from_slice(s.as_bytes());
    }

    /// A module importing two functions and a memory, exporting two
    /// functions, with a code section after.
    fn module() -> Vec<u8> {
        let mut imports = vec![3];
        for n in ["__wbg_log_0123456789abcdef", "__wbg_other_fedcba9876543210"] {
            named(&mut imports, "./app_bg.js");
            named(&mut imports, n);
            imports.extend_from_slice(&[0, 0]);
        }
        named(&mut imports, "env");
        named(&mut imports, "memory");
        imports.extend_from_slice(&[2, 1, 1, 2]);
        let mut exports = vec![2];
        named(&mut exports, "__wbindgen_malloc");
        exports.extend_from_slice(&[0, 3]);
        named(&mut exports, "main");
        exports.extend_from_slice(&[0, 4]);
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend(section(1, &[1, 0x60, 0, 0]));
        m.extend(section(2, &imports));
        m.extend(section(7, &exports));
        m.extend(section(10, &[0]));
        m
    }

    #[test]
    fn renames_what_the_glue_mentions_in_both_files() {
        let js = "const i = { __wbg_log_0123456789abcdef: function(x) {}, };\n\
                  wasm.__wbindgen_malloc(1); x.__wbg_log_0123456789abcdef2 = 1;";
        let (wasm, js) = minify(&module(), js).unwrap();
        assert_eq!(
            js,
            "const i = { a: function(x) {}, };\nwasm.b(1); x.__wbg_log_0123456789abcdef2 = 1;"
        );
        let text = String::from_utf8_lossy(&wasm);
        // Unmentioned names stay; the others are gone from the module.
        assert!(text.contains("__wbg_other_fedcba9876543210"));
        assert!(text.contains("main") && text.contains("memory"));
        assert!(!text.contains("__wbg_log") && !text.contains("malloc"));
        // The rewritten module parses again to the same shape.
        let (again, _) = minify(&wasm, "").unwrap();
        assert_eq!(again, wasm);
    }

    #[test]
    fn skips_short_names_the_glue_already_uses() {
        let js = "let a = 1, c = 2; __wbg_log_0123456789abcdef(); wasm.__wbindgen_malloc(a);";
        let (_, js) = minify(&module(), js).unwrap();
        assert_eq!(js, "let a = 1, c = 2; b(); wasm.d(a);");
    }

    #[test]
    fn no_short_name_is_a_reserved_word_and_a_name_seen_twice_is_one() {
        // `do` is the 783rd short name; skipped, the next one is taken.
        let js: String = (0..800)
            .map(|i| format!("wasm.__wbg_f{i}_0123456789abcdef();"))
            .collect();
        let mut imports = vec![];
        push_leb(&mut imports, 800);
        for i in 0..800 {
            named(&mut imports, "./app_bg.js");
            named(&mut imports, &format!("__wbg_f{i}_0123456789abcdef"));
            imports.extend_from_slice(&[0, 0]);
        }
        let mut exports = vec![1];
        named(&mut exports, "__wbg_f0_0123456789abcdef");
        exports.extend_from_slice(&[0, 0]);
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend(section(1, &[1, 0x60, 0, 0]));
        m.extend(section(2, &imports));
        m.extend(section(7, &exports));
        let (wasm, out) = minify(&m, &js).unwrap();
        assert!(!out.contains("wasm.do("), "{}", &out[..200]);
        assert!(out.starts_with("wasm.a();"));
        // The export has the import's short name, `a`: read the module's
        // export section back.
        let mut at = 8;
        let mut export = None;
        while at < wasm.len() {
            let id = wasm[at];
            at += 1;
            let size = leb(&wasm, &mut at).unwrap() as usize;
            if id == 7 {
                let mut p = at + 1;
                export = Some(name(&wasm, &mut p).unwrap().to_string());
            }
            at += size;
        }
        assert_eq!(export.as_deref(), Some("a"));
    }

    #[test]
    fn short_names_are_distinct() {
        let names: std::collections::HashSet<String> = (0..3000).map(short).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short(0), "a");
        assert_eq!(short(52), "aa");
    }
}
