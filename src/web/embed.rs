//! Embedding: the postMessage API for the page that hosts the playground
//! in an iframe. Messages are accepted only from the allowed origins
//! (`?origins=`; the page's own origin when none is given) and only in the
//! shapes below; anything else is ignored.
//!
//! Host → playground: `{type: "load", manifest, scenario?}`,
//! `{type: "play"}`, `{type: "pause"}`, `{type: "seek", t}` (seconds).
//! Playground → host: `{type: "ready"}`, `{type: "runFinished",
//! lesson, condition, reason, at}`, `{type: "exercisePassed", lesson}`.

use super::state::{Action, State};
use crate::manifest::MAX_MANIFEST_BYTES;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;
use yew::UseReducerDispatcher;

fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The origins that may talk to this embed.
pub fn allowed(origins: &[String]) -> Vec<String> {
    if origins.is_empty() {
        vec![own_origin()]
    } else {
        origins.to_vec()
    }
}

fn field_str(data: &JsValue, key: &str) -> Option<String> {
    Reflect::get(data, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Turns a validated message into an action.
pub fn action_of(data: &JsValue) -> Option<Action> {
    if !data.is_object() {
        return None;
    }
    match field_str(data, "type")?.as_str() {
        "play" => Some(Action::Play),
        "pause" => Some(Action::Pause),
        "seek" => {
            let t = Reflect::get(data, &JsValue::from_str("t")).ok()?.as_f64()?;
            t.is_finite().then(|| Action::Seek(t.max(0.0) * 1000.0))
        }
        "load" => {
            let manifest = field_str(data, "manifest")?;
            let scenario = field_str(data, "scenario");
            let ok = manifest.len() <= MAX_MANIFEST_BYTES
                && scenario
                    .as_ref()
                    .is_none_or(|s| s.len() <= MAX_MANIFEST_BYTES);
            ok.then_some(Action::LoadTexts { manifest, scenario })
        }
        _ => None,
    }
}

/// Listens for the host's messages; returns the closure to keep alive.
pub fn listen(
    dispatch: UseReducerDispatcher<State>,
    origins: Vec<String>,
) -> Option<Closure<dyn FnMut(MessageEvent)>> {
    let window = web_sys::window()?;
    let allowed = allowed(&origins);
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if !allowed.contains(&e.origin()) {
            return;
        }
        if let Some(a) = action_of(&e.data()) {
            dispatch.dispatch(a);
        }
    });
    window
        .add_event_listener_with_callback("message", handler.as_ref().unchecked_ref())
        .ok()?;
    Some(handler)
}

pub fn stop(handler: &Closure<dyn FnMut(MessageEvent)>) {
    if let Some(w) = web_sys::window() {
        let _ = w.remove_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    }
}

/// Sends a message to the host page, to each allowed origin.
pub fn post(origins: &[String], fields: &[(&str, JsValue)]) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let msg = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &JsValue::from_str(k), v);
    }
    for origin in allowed(origins) {
        let _ = parent.post_message(&msg, &origin);
    }
}
