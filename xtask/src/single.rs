//! The single-file build: one HTML file with the WebAssembly (gzip +
//! base64, unpacked by the browser's DecompressionStream), the JavaScript
//! and the CSS inlined, for a USB stick or a locked-down classroom. It works
//! from `file://`, where a page cannot fetch its `.wasm`. Its
//! Content-Security-Policy allows exactly its own inline script and style
//! (by hash) and WebAssembly compilation.

use crate::build::Dist;
use crate::{root, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

fn read(p: &PathBuf) -> Result<Vec<u8>> {
    std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

/// Writes `dist-single/job-playground.html` from a release `dist/`.
pub fn build(dist: &Dist) -> Result<PathBuf> {
    let wasm = read(&dist.wasm)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&wasm).map_err(|e| e.to_string())?;
    let packed = base64(&gz.finish().map_err(|e| e.to_string())?);
    let glue_path = dist.js.first().ok_or("no JavaScript in the build")?;
    let glue = String::from_utf8_lossy(&read(glue_path)?).into_owned();
    // The glue is an ES module; inline, its exports become plain bindings.
    let glue: String = glue
        .lines()
        .filter(|l| !l.starts_with("export {") && !l.starts_with("export default"))
        .map(|l| l.strip_prefix("export ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let script = format!(
        "{glue}\n\
         const fail = (err) => {{ document.getElementById('loading')?.remove(); const b = document.getElementById('load-error'); if (b) {{ b.hidden = false; document.getElementById('load-error-detail').textContent = String(err && err.message ? err.message : err); }} }};\n\
         (async () => {{\n\
           const packed = Uint8Array.from(atob('{packed}'), (c) => c.charCodeAt(0));\n\
           const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));\n\
           const bytes = await new Response(stream).arrayBuffer();\n\
           await __wbg_init({{ module_or_path: bytes }});\n\
         }})().catch(fail);\n"
    );
    let css = String::from_utf8_lossy(&read(&dist.css)?).into_owned();
    let html = String::from_utf8_lossy(&read(&root().join("index.html"))?).into_owned();
    // A page opened from file:// cannot fetch: each lesson's prose rides
    // along in a hidden textarea (inert; the page reads its value), escaped
    // as text.
    let mut prose = String::new();
    for p in &dist.lessons {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let text = String::from_utf8_lossy(&read(p)?)
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        prose.push_str(&format!(
            "\n<textarea hidden id=\"lesson-prose:{stem}\">{text}</textarea>"
        ));
    }
    let csp = format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(&script),
        csp_hash(&css)
    );
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .ok_or("index.html has no CSP meta")?;
    let end = start + html[start..].find('>').ok_or("unterminated meta")? + 1;
    let mut out = String::new();
    out.push_str(&html[..start]);
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
    ));
    out.push_str(&html[end..]);
    let out = out
        .replace(
            "<link rel=\"stylesheet\" href=\"{{style.css}}\">",
            &format!("<style>{css}</style>"),
        )
        // Both are inlined: nothing to preload.
        .replace("<link rel=\"modulepreload\" href=\"{{app.js}}\">\n", "")
        .replace(
            "<link rel=\"preload\" href=\"{{app_bg.wasm}}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n",
            "",
        )
        .replace(
            "<script type=\"module\" src=\"{{boot.js}}\"></script>",
            &format!("<script type=\"module\">{script}</script>"),
        )
        .replace("</body>", &format!("{prose}\n</body>"));
    if let Some(i) = out.find("=\"{{") {
        return Err(format!(
            "index.html: a file reference the single-file build does not inline: {}",
            out[i..].chars().take(40).collect::<String>()
        ));
    }
    let dir = root().join("dist-single");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("job-playground.html");
    std::fs::write(&file, out).map_err(|e| e.to_string())?;
    Ok(file)
}
