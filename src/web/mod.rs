//! The Yew user interface. It reads the engine's Trace and never decides
//! anything about Kubernetes itself.

mod app;
mod editor;
mod markdown;
mod stage;
pub mod state;
mod storage;

pub use app::{App, AppProps};

/// Mounts the app in `#app` and removes the loading message.
pub fn start() {
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
