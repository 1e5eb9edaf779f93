//! A lesson's prose (its `text:` and `look:` blocks) is not in the bundle:
//! the single-file build carries every lesson's in a hidden textarea
//! (`#lesson-prose:<file>`), a hosted build serves `lessons/<file>.yaml`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Reads the prose of `file` and hands it to `done`, at once when the page
/// carries it, otherwise after a fetch relative to the page (so sub-paths
/// and `file://` single files both work).
pub fn load(
    file: String,
    version: String,
    done: impl FnOnce(String, Result<String, String>) + 'static,
) {
    if let Some(text) = inline(&file) {
        done(file, Ok(text));
        return;
    }
    let url = format!("lessons/{file}.yaml?v={version}");
    let early = take_prefetch(&url);
    wasm_bindgen_futures::spawn_local(async move {
        // What boot.js fetched while the module loaded, if it is this
        // lesson and it came; otherwise (or if it failed) fetched here.
        if let Some(promise) = early {
            if let Some(text) = JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string())
            {
                done(file, Ok(text));
                return;
            }
        }
        let result = fetch(&url).await;
        done(file, result);
    });
}

/// The lesson `file` if the page already has it: the single file carries
/// it, or boot.js's fetch of it has come. The page then starts with it,
/// without a first frame that waits.
pub fn ready(file: &str, version: &str) -> Option<String> {
    if let Some(text) = inline(file) {
        return Some(text);
    }
    let text = early(&format!("lessons/{file}.yaml?v={version}"), "value")?.as_string()?;
    forget_early();
    Some(text)
}

/// A field of boot.js's fetch (`globalThis.__jobsimLesson`) if it is the
/// fetch of `url`.
fn early(url: &str, field: &str) -> Option<wasm_bindgen::JsValue> {
    let got = js_sys::Reflect::get(&js_sys::global(), &"__jobsimLesson".into()).ok()?;
    if got.is_undefined() || got.is_null() {
        return None;
    }
    let same = js_sys::Reflect::get(&got, &"url".into())
        .ok()?
        .as_string()?
        == url;
    same.then(|| js_sys::Reflect::get(&got, &field.into()).ok())?
}

/// Taken once: a lesson chosen again later is fetched anew.
fn forget_early() {
    let global = js_sys::global();
    let _ = js_sys::Reflect::delete_property(
        global.unchecked_ref::<js_sys::Object>(),
        &"__jobsimLesson".into(),
    );
}

/// The lesson the single-file build carries in the page.
fn inline(file: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("lesson-prose:{file}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
}

/// The fetch boot.js started for `url`, if it did.
fn take_prefetch(url: &str) -> Option<js_sys::Promise> {
    let promise = early(url, "text")?.dyn_into::<js_sys::Promise>().ok()?;
    forget_early();
    Some(promise)
}

async fn fetch(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the network request failed".to_string())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "unexpected answer".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|_| "unreadable answer".to_string())?,
    )
    .await
    .map_err(|_| "unreadable answer".to_string())?;
    text.as_string()
        .ok_or_else(|| "unreadable answer".to_string())
}
