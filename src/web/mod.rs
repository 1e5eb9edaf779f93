//! The Yew user interface. It reads the engine's Trace and never decides
//! anything about Kubernetes itself.

mod app;
mod editor;
mod embed;
pub mod files;
mod markdown;
mod prose;
mod stage;
pub mod state;
mod storage;

pub use app::{App, AppProps};

/// Shows an unexpected panic to the learner instead of a frozen page. Their
/// draft is already in localStorage (it is saved on every edit). Installed
/// through Yew: a plain `std::panic::set_hook` would be replaced by Yew's
/// own console hook when the app is rendered.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("{info}").into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let lang = document
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_default();
        // The message; the release build keeps no file and line for it
        // (xtask/src/build.rs, `for_size`), a development build does.
        let mut text = format!(
            "{} {}",
            crate::i18n::t(crate::i18n::Lang::from_code(&lang), "panic"),
            message(info.payload())
        );
        if let (true, Some(at)) = (cfg!(debug_assertions), info.location()) {
            text.push_str(&format!(" ({at})"));
        }
        if let Ok(div) = document.create_element("div") {
            div.set_class_name("panic");
            let _ = div.set_attribute("role", "alert");
            div.set_text_content(Some(&text));
            if let Some(body) = document.body() {
                let _ = body.prepend_with_node_1(&div);
            }
        }
    }));
}

/// A panic's message: `panic!("...")` carries a `&str`, a formatted one
/// (and std's own: `unwrap`, an index out of bounds) a `String`. Anything
/// else is named as std's default hook names it.
fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "Box<dyn Any>"
    }
}

/// Mounts the app in `#app` and removes the loading message.
pub fn start() {
    install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(loading) = document.get_element_by_id("loading") {
        loading.remove();
    }
    if let Some(root) = document.get_element_by_id("app") {
        yew::Renderer::<App>::with_root(root).render();
    }
}
