//! What the browser keeps: drafts per lesson, exercise progress, and the
//! lesson and language in the URL fragment. A stored draft that cannot be
//! read is set aside under another key, never dropped.

use crate::json_lite::{self, Value};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(id: &str) -> String {
    format!("jobsim.draft.{id}")
}

pub enum Draft {
    None,
    Found {
        manifest: String,
        scenario: String,
    },
    /// Unreadable; kept under the returned key.
    Corrupt(String),
}

pub fn load_draft(id: &str) -> Draft {
    let Some(s) = storage() else {
        return Draft::None;
    };
    let Ok(Some(raw)) = s.get_item(&key(id)) else {
        return Draft::None;
    };
    let parsed: Option<(String, String)> = json_lite::parse(&raw).and_then(|v| {
        if v.get("v")?.as_u64()? != 1 {
            return None;
        }
        Some((
            v.get("manifest")?.as_str()?.to_string(),
            v.get("scenario")?.as_str()?.to_string(),
        ))
    });
    match parsed {
        Some((manifest, scenario)) => Draft::Found { manifest, scenario },
        None => {
            let aside = format!("jobsim.corrupt.{id}.{}", js_sys::Date::now() as u64);
            let _ = s.set_item(&aside, &raw);
            let _ = s.remove_item(&key(id));
            Draft::Corrupt(aside)
        }
    }
}

/// Saves the learner's text; the lesson's own text needs no draft.
/// Keeps the draft of lesson `id` (or forgets it when the texts are the
/// lesson's); false when the browser refused it (its storage is full).
pub fn save_draft(id: &str, manifest: &str, scenario: &str, pristine: bool) -> bool {
    let Some(s) = storage() else { return true };
    if pristine {
        let _ = s.remove_item(&key(id));
        true
    } else {
        s.set_item(
            &key(id),
            &json_lite::to_string(&Value::Object(vec![
                ("v".into(), Value::Number(1.0)),
                ("manifest".into(), Value::String(manifest.into())),
                ("scenario".into(), Value::String(scenario.into())),
            ])),
        )
        .is_ok()
    }
}

pub fn load_passed() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item("jobsim.passed").ok().flatten())
        .and_then(|raw| {
            json_lite::parse(&raw)?
                .as_array()?
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn save_passed(ids: &[String]) {
    if let Some(s) = storage() {
        let _ = s.set_item(
            "jobsim.passed",
            &json_lite::to_string(&Value::Array(
                ids.iter().cloned().map(Value::String).collect(),
            )),
        );
    }
}

/// What the page's address asks for: `#lesson=ID&lang=en&s=1.…` and, for
/// embedding, `?embed&panes=stage,kubectl&lesson=…&autoplay=0&speed=60&readonly=1&origins=https://…`.
#[derive(Debug, Clone, Default)]
pub struct Address {
    pub lesson: Option<String>,
    pub lang: Option<String>,
    /// A share link's state, or why it could not be read.
    pub shared: Option<Result<crate::share::Shared, String>>,
    pub embed: Option<Embed>,
    /// `?crash-test`: the page panics on purpose once loaded, so the
    /// end-to-end tests can check what a learner sees then (the panic hook)
    /// and that their draft survives.
    pub crash_test: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub panes: Vec<String>,
    pub autoplay: bool,
    pub speed: Option<f64>,
    pub readonly: bool,
    /// Origins allowed to drive the embed with postMessage (and to hear
    /// from it); the page's own origin when none is given.
    pub origins: Vec<String>,
}

fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.to_string(),
                js_sys::decode_uri_component(v)
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default(),
            ),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

pub fn read_address() -> Address {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Address::default();
    };
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let mut all = pairs(search.trim_start_matches('?'));
    all.extend(pairs(hash.trim_start_matches('#')));
    let get = |k: &str| {
        all.iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let embed = all.iter().any(|(k, _)| k == "embed").then(|| Embed {
        // No pane named (`panes=`) is the stage, not a blank frame.
        panes: get("panes")
            .map(|p| {
                p.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| vec!["stage".into()]),
        autoplay: get("autoplay").is_none_or(|v| v != "0" && v != "false"),
        speed: get("speed").and_then(|v| v.parse().ok()),
        readonly: get("readonly").is_some_and(|v| v != "0" && v != "false"),
        origins: get("origins")
            .map(|o| {
                o.split(',')
                    .map(|s| s.trim().trim_end_matches('/').to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    });
    Address {
        lesson: get("lesson"),
        lang: get("lang"),
        shared: get("s").map(|v| crate::share::decode(&v)),
        embed,
        crash_test: all.iter().any(|(k, _)| k == "crash-test"),
    }
}

/// Keeps a share link that could not be read, for the learner to report.
pub fn set_aside_link(raw: &str) -> String {
    let key = format!("jobsim.corrupt.link.{}", js_sys::Date::now() as u64);
    if let Some(s) = storage() {
        let _ = s.set_item(&key, raw);
    }
    key
}

/// The fragment for the current state: lesson and language, plus the
/// edited texts when they differ from the lesson's.
pub fn write_fragment(lesson: &str, lang: &str, shared: Option<&str>) {
    let Some(w) = web_sys::window() else { return };
    let search = w.location().search().unwrap_or_default();
    let url = match shared {
        Some(s) => format!("{search}#lesson={lesson}&lang={lang}&s={s}"),
        None => format!("{search}#lesson={lesson}&lang={lang}"),
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
