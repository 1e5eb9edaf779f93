//! Components rendered in a real browser (headless Chromium) by
//! wasm-bindgen-test. Run by `cargo xtask test`.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(50).await;
}

#[wasm_bindgen_test]
async fn app_shell_renders_title_editor_and_stage() {
    let root = mount();
    yew::Renderer::<job_playground::web::App>::with_root(root.clone()).render();
    settle().await;
    assert!(
        root.query_selector("textarea").unwrap().is_some(),
        "an editor"
    );
    assert!(root.query_selector(".stage").unwrap().is_some(), "a stage");
    assert!(root.text_content().unwrap().contains("Job Playground"));
}
