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
    // The page bundles only the lessons' titles and fetches a lesson when
    // it opens; as the single-file build does, the first lesson rides in
    // the page here (the whole file reads as its page lesson).
    if document
        .get_element_by_id("lesson-prose:01-what-is-a-failure")
        .is_none()
    {
        let inline = document.create_element("textarea").unwrap();
        inline.set_id("lesson-prose:01-what-is-a-failure");
        inline.set_attribute("hidden", "").unwrap();
        inline
            .dyn_ref::<web_sys::HtmlTextAreaElement>()
            .unwrap()
            .set_value(include_str!("../lessons/01-what-is-a-failure.yaml"));
        document.body().unwrap().append_child(&inline).unwrap();
    }
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The app, paused, on a fresh root.
async fn start() -> web_sys::Element {
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { paused: true }).render();
    settle().await;
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
    let root = start().await;
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
    let root = start().await;
    type_into(&root, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  backoffLimit: -1\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n");
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

fn type_into(root: &web_sys::Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
}

fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

fn editor_text(root: &web_sys::Element) -> String {
    root.query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap()
        .value()
}

/// Moves the scrubber to `ms` of simulated time, as a drag does.
fn seek(root: &web_sys::Element, ms: u32) {
    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid=scrubber]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value(&ms.to_string());
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
}

/// A running pod's card says how many of its containers are ready, as
/// `kubectl get pods` does: a readiness probe holds it at 0/1 until it
/// passes.
#[wasm_bindgen_test]
async fn a_running_pod_card_says_how_many_containers_are_ready() {
    let root = start().await;
    type_into(&root, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: chauffe}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: app\n        image: busybox:1.36\n        command: [sh, -c, 'sleep 20; touch /tmp/ready; sleep 40']\n        readinessProbe:\n          exec: {command: [cat, /tmp/ready]}\n          periodSeconds: 5\n");
    settle().await;
    seek(&root, 12_000);
    settle().await;
    let card = text(&root, "[data-testid=pod-card]");
    assert!(
        card.contains("Running") && card.contains("prêts\u{a0}: 0/1"),
        "{card}"
    );
    seek(&root, 30_000);
    settle().await;
    let card = text(&root, "[data-testid=pod-card]");
    assert!(card.contains("prêts\u{a0}: 1/1"), "{card}");
    seek(&root, 70_000);
    settle().await;
    let card = text(&root, "[data-testid=pod-card]");
    assert!(
        card.contains("Completed") && !card.contains("prêts"),
        "a finished pod's card: {card}"
    );
}

/// "Back to the lesson's text" asks nothing, so it can be undone: the
/// learner's text comes back with one click, until the next edit.
#[wasm_bindgen_test]
async fn going_back_to_the_lessons_text_can_be_undone() {
    let root = start().await;
    let lesson = editor_text(&root);
    let mine = format!("{lesson}# my notes\n");
    type_into(&root, &mine);
    settle().await;
    click(&root, "[data-testid=reset]");
    settle().await;
    assert_eq!(editor_text(&root), lesson);
    click(&root, "[data-testid=undo-reset]");
    settle().await;
    assert_eq!(editor_text(&root), mine, "the learner's text is back");
    assert!(root
        .query_selector("[data-testid=undo-reset]")
        .unwrap()
        .is_none());
    // Nothing to lose, nothing to undo.
    type_into(&root, &lesson);
    settle().await;
    click(&root, "[data-testid=reset]");
    settle().await;
    assert!(root
        .query_selector("[data-testid=undo-reset]")
        .unwrap()
        .is_none());
}

/// The playground's own words about a manifest reach a French learner in
/// French (the page opens in French).
#[wasm_bindgen_test]
async fn an_empty_manifest_is_explained_in_french() {
    let root = start().await;
    type_into(&root, "");
    settle().await;
    let problems = text(&root, "[data-testid=problems]");
    assert!(
        problems.contains("le manifeste est vide : écrivez un Job ou un CronJob"),
        "{problems}"
    );
}

#[wasm_bindgen_test]
fn a_file_of_bytes_is_not_taken_for_text() {
    use job_playground::web::files::{check_text, Refused};
    let check = |t: &str| check_text("f.yaml".into(), t.into());
    let yaml = "apiVersion: batch/v1\nkind: Job # é\n";
    assert_eq!(check(yaml), Ok(yaml.to_string()));
    assert_eq!(
        check("PK\u{3}\u{4}\0\u{FFFD}"),
        Err(Refused::NotText("f.yaml".into()))
    );
    assert_eq!(
        check("caf\u{FFFD} cr\u{FFFD}me"),
        Err(Refused::NotUtf8("f.yaml".into()))
    );
}

/// The same inputs give the same Trace, byte for byte, in WebAssembly as
/// natively (tests/golden/determinism.json is written by the native run).
#[wasm_bindgen_test]
fn the_engine_is_deterministic_across_platforms() {
    use job_playground::lesson;
    // The page bundles only titles: the lesson file is read here.
    let (l, problems) = lesson::parse(
        "07-backoff-ladder",
        include_str!("../lessons/07-backoff-ladder.yaml"),
    );
    assert!(problems.is_empty(), "{problems:?}");
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
