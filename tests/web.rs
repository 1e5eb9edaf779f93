//! Components rendered in a real browser (headless Chromium) by
//! wasm-bindgen-test. Run by `cargo xtask test`.

#![cfg(target_arch = "wasm32")]

use job_playground::web::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh root, with no draft or address left by another test (they share
/// the page's localStorage and URL).
fn mount() -> web_sys::Element {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(60).await;
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_first_lesson_renders_editor_stage_and_exercise() {
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { paused: true }).render();
    settle().await;
    assert!(
        root.query_selector("textarea").unwrap().is_some(),
        "an editor"
    );
    assert!(
        root.query_selector("[data-testid=job-card]")
            .unwrap()
            .is_some(),
        "a Job card"
    );
    assert!(
        root.query_selector("[data-testid=timeline]")
            .unwrap()
            .is_some(),
        "a timeline"
    );
    assert!(
        text(&root, "[data-testid=checks]").len() > 10,
        "the exercise's checks"
    );
    assert!(root.text_content().unwrap().contains("Job Playground"));
}

#[wasm_bindgen_test]
async fn typing_an_invalid_manifest_shows_the_api_servers_words() {
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { paused: true }).render();
    settle().await;
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value("apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  backoffLimit: -1\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    let problems = text(&root, "[data-testid=problems]");
    assert!(problems.contains("spec.backoffLimit"), "{problems}");
    assert!(
        problems.contains("must be greater than or equal to 0"),
        "{problems}"
    );
    assert!(
        problems.contains("Required value: valid values: \"OnFailure\", \"Never\""),
        "{problems}"
    );
    assert!(root
        .query_selector("[data-testid=invalid]")
        .unwrap()
        .is_some());
}

/// The same inputs give the same Trace, byte for byte, in WebAssembly as
/// natively (tests/golden/determinism.json is written by the native run).
#[wasm_bindgen_test]
fn the_engine_is_deterministic_across_platforms() {
    use job_playground::lesson;
    let l = lesson::bundled()
        .into_iter()
        .find(|l| l.id == "backoff-ladder")
        .unwrap();
    let run = lesson::run(
        &l.manifest,
        &l.scenario,
        &job_playground::sim::Options::default(),
    );
    let json = serde_json::to_string_pretty(&job_playground::sim::json::to_json(
        run.trace.as_ref().unwrap(),
    ))
    .unwrap()
        + "\n";
    assert_eq!(json, include_str!("golden/determinism.json"));
}
