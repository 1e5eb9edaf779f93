//! Import and export of the texts as files, all in the browser.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};

/// Offers `text` as a download named `name`.
pub fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("text/yaml");
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = Url::revoke_object_url(&url);
}

/// Why a chosen file was not read into the editor (the editor keeps its
/// text).
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    TooBig(String),
    NotText(String),
}

impl Refused {
    pub fn say(&self, lang: crate::i18n::Lang) -> String {
        let (key, name) = match self {
            Refused::TooBig(n) => ("import.too_big", n),
            Refused::NotText(n) => ("import.not_text", n),
        };
        format!("{} {name}", crate::i18n::t(lang, key))
    }
}

/// Whether text read from a file is text: `File.text()` decodes bytes as
/// UTF-8 and puts U+FFFD where they are not, and no YAML holds NUL.
pub fn looks_like_text(text: &str) -> bool {
    !text.contains(['\0', '\u{FFFD}'])
}

/// Reads the first chosen file as text and hands it to `done`, or says why
/// not (too large, not text). The input is cleared, so choosing the same
/// file again reads it again.
pub fn read_first(input: &HtmlInputElement, done: impl FnOnce(Result<String, Refused>) + 'static) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    let name = file.name();
    if file.size() > crate::manifest::MAX_MANIFEST_BYTES as f64 {
        done(Err(Refused::TooBig(name)));
        return;
    }
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(v) = wasm_bindgen_futures::JsFuture::from(promise).await {
            if let Some(text) = v.as_string() {
                done(if looks_like_text(&text) {
                    Ok(text)
                } else {
                    Err(Refused::NotText(name))
                });
            }
        }
    });
}
