//! A small static file server for `dist/` (127.0.0.1 only), and the
//! rebuild-on-change loop of `cargo xtask serve`.

use crate::build::{self, Profile};
use crate::tools::ensure_build_tools;
use crate::{root, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "yaml" | "yml" => "text/yaml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `dir`, refusing to leave it.
/// `prefix` lets the same build be served under a sub-path.
fn resolve(dir: &Path, prefix: &str, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = path.strip_prefix(prefix)?;
    let mut out = dir.to_path_buf();
    for c in Path::new(&percent_decode(path)).components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::RootDir | Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = hex(b[i + 1]).zip(hex(b[i + 2])).map(|(h, l)| h * 16 + l) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn handle(mut stream: TcpStream, dir: &Path, prefix: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let url = parts.next().unwrap_or("/");
    let response = match (method, resolve(dir, prefix, url)) {
        ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
            Ok(body) => Some((200, content_type(&file), body)),
            Err(_) => None,
        },
        ("GET" | "HEAD", None) => None,
        _ => Some((405, "text/plain", b"method not allowed\n".to_vec())),
    };
    let (status, ctype, body) = response.unwrap_or((404, "text/plain", b"not found\n".to_vec()));
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
}

/// Serves `dir` on 127.0.0.1:`port` (0 = any free port) in background
/// threads; returns the bound port.
pub fn spawn_static(dir: PathBuf, port: u16, prefix: &'static str) -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || handle(stream, &dir, prefix));
        }
    });
    Ok(bound)
}

/// The newest modification time among the app's sources.
fn newest_source() -> SystemTime {
    fn walk(p: &Path, newest: &mut SystemTime) {
        if let Ok(meta) = p.metadata() {
            if meta.is_dir() {
                if let Ok(entries) = std::fs::read_dir(p) {
                    for e in entries.flatten() {
                        walk(&e.path(), newest);
                    }
                }
            } else if let Ok(m) = meta.modified() {
                *newest = (*newest).max(m);
            }
        }
    }
    let root = root();
    let mut newest = SystemTime::UNIX_EPOCH;
    for p in ["src", "styles", "lessons", "index.html", "Cargo.toml"] {
        walk(&root.join(p), &mut newest);
    }
    newest
}

pub fn serve(release: bool, port: u16) -> Result<()> {
    let tools = ensure_build_tools()?;
    let profile = if release {
        Profile::Release
    } else {
        Profile::Dev
    };
    let mut built_at = newest_source();
    build::build(&tools, profile)?;
    let port = spawn_static(root().join("dist"), port, "")?;
    println!("\nJob Playground: http://127.0.0.1:{port}/  (Ctrl+C to stop; rebuilds on change)\n");
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let newest = newest_source();
        if newest > built_at {
            built_at = newest;
            let started = std::time::Instant::now();
            match build::build(&tools, profile) {
                Ok(_) => println!("rebuilt in {:.1} s", started.elapsed().as_secs_f64()),
                Err(e) => eprintln!("build failed, still serving the previous one: {e}"),
            }
        }
    }
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}
