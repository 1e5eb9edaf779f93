//! What the browser keeps: drafts per lesson, exercise progress, and the
//! lesson and language in the URL fragment. A stored draft that cannot be
//! read is set aside under another key, never dropped.

use serde_json::{json, Value};

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
    let parsed: Option<(String, String)> = serde_json::from_str::<Value>(&raw).ok().and_then(|v| {
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
pub fn save_draft(id: &str, manifest: &str, scenario: &str, pristine: bool) {
    let Some(s) = storage() else { return };
    if pristine {
        let _ = s.remove_item(&key(id));
    } else {
        let _ = s.set_item(
            &key(id),
            &json!({"v": 1, "manifest": manifest, "scenario": scenario}).to_string(),
        );
    }
}

pub fn load_passed() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item("jobsim.passed").ok().flatten())
        .and_then(|raw| serde_json::from_str::<Vec<String>>(&raw).ok())
        .unwrap_or_default()
}

pub fn save_passed(ids: &[String]) {
    if let Some(s) = storage() {
        let _ = s.set_item(
            "jobsim.passed",
            &serde_json::to_string(ids).unwrap_or_default(),
        );
    }
}

/// `#lesson=ID&lang=en` → (lesson id, language code).
pub fn read_fragment() -> (Option<String>, Option<String>) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let mut lesson = None;
    let mut lang = None;
    for part in hash.trim_start_matches('#').split('&') {
        match part.split_once('=') {
            Some(("lesson", v)) => lesson = Some(v.to_string()),
            Some(("lang", v)) => lang = Some(v.to_string()),
            _ => {}
        }
    }
    (lesson, lang)
}

pub fn write_fragment(lesson: &str, lang: &str) {
    let Some(w) = web_sys::window() else { return };
    let url = format!("#lesson={lesson}&lang={lang}");
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
