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
    NotUtf8(String),
}

impl Refused {
    pub fn say(&self, lang: crate::i18n::Lang) -> String {
        let (key, name) = match self {
            Refused::TooBig(n) => ("import.too_big", n),
            Refused::NotText(n) => ("import.not_text", n),
            Refused::NotUtf8(n) => ("import.not_utf8", n),
        };
        format!("{} {name}", crate::i18n::t(lang, key))
    }
}

/// What a file read as text is: `File.text()` decodes bytes as UTF-8 and
/// puts U+FFFD where they are not (an old editor's Latin-1 accents, or
/// binary data), and no text file holds NUL.
pub fn check_text(name: String, text: String) -> Result<String, Refused> {
    if text.contains('\0') {
        Err(Refused::NotText(name))
    } else if text.contains('\u{FFFD}') {
        Err(Refused::NotUtf8(name))
    } else {
        Ok(text)
    }
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
                done(check_text(name, text));
            }
        }
    });
}
