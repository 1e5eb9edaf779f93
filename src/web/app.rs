//! The playground: top bar, lesson and editor on the left, the simulated
//! cluster and kubectl on the right.

use super::editor::Editor;
use super::markdown::Markdown;
use super::stage::Stage;
use super::state::{Action, State, Tab};
use super::storage;
use crate::i18n::{t as tr, Lang};
use crate::scenario::format_duration;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start paused (tests, embeds).
    #[prop_or_default]
    pub paused: bool,
}

fn initial_state(paused: bool) -> State {
    let mut lessons = crate::lesson::index();
    let address = storage::read_address();
    let shared = address.shared.clone().and_then(|r| r.ok());
    let lesson_id = shared
        .as_ref()
        .map(|s| s.lesson.clone())
        .or(address.lesson.clone());
    let lang = shared
        .as_ref()
        .map(|s| s.lang.clone())
        .or(address.lang.clone());
    let found = lesson_id
        .as_deref()
        .map(|id| (id, crate::lesson::find(&lessons, id)));
    let index = found.and_then(|(_, i)| i).unwrap_or(0);
    // The lesson is there already (the single file, or boot.js's fetch
    // came before the module): start with it, no frame spent waiting.
    if let Some(l) = lessons.get_mut(index).filter(|l| l.head_pending) {
        if let Some(whole) = super::prose::ready(&l.file, &l.prose_pending)
            .and_then(|text| crate::lesson::with_prose(&l.file, &text))
        {
            *l = whole;
        }
    }
    let mut s = State::new(
        lessons,
        index,
        Lang::from_code(lang.as_deref().unwrap_or("fr")),
    );
    s.playing = !paused;
    // A course page with a mistyped id must not quietly show lesson 1 to
    // every student: say so (the address then names the lesson shown).
    if let Some((asked, None)) = found {
        let quoted = match s.lang {
            Lang::Fr => format!("« {asked} »"),
            Lang::En => format!("\u{201c}{asked}\u{201d}"),
        };
        s.message = Some(format!("{} {quoted}.", tr(s.lang, "lesson.unknown")));
    }
    if let Some(sh) = shared {
        // A share link: its texts, moment and speed (only the simulation
        // runs; nothing else in a link is ever executed).
        // What the link leaves out is the lesson's, which may be on its
        // way: that part keeps waiting for it.
        let waiting = (
            sh.manifest.is_none() && s.pending_manifest,
            sh.scenario.is_none() && s.pending_scenario,
        );
        let manifest = sh.manifest.unwrap_or_else(|| s.manifest.clone());
        let scenario = sh.scenario.unwrap_or_else(|| s.scenario.clone());
        s = yew::Reducible::reduce(
            std::rc::Rc::new(s),
            Action::Load {
                manifest,
                scenario,
                message: None,
            },
        )
        .as_ref()
        .clone();
        (s.pending_manifest, s.pending_scenario) = waiting;
        if s.waiting_for_lesson() {
            s.rerun();
        }
        // Without a run yet, the moment is kept whole: the run, when it
        // comes, bounds it by its end.
        s.t = if s.waiting_for_lesson() {
            sh.t_ms as f64
        } else {
            (sh.t_ms as f64).min(s.end())
        };
        s.speed = f64::from(sh.speed);
        s.playing = false;
        s.from_link = true;
    } else if let Some(Err(why)) = &address.shared {
        let raw = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let key = storage::set_aside_link(&raw);
        // "This share link cannot be read (why); it was set aside … under
        // the key « … »." in the reader's language.
        let (semi, quoted) = match s.lang {
            Lang::Fr => (" ;", format!("« {key} »")),
            Lang::En => (";", format!("\u{201c}{key}\u{201d}")),
        };
        s.message = Some(format!(
            "{} ({}){semi} {} {quoted}.",
            tr(s.lang, "link.corrupt"),
            crate::i18n::note(s.lang, why),
            tr(s.lang, "link.set_aside")
        ));
    }
    if let Some(e) = &address.embed {
        s.playing = e.autoplay && !paused;
        if let Some(v) = e.speed {
            s.speed = v.clamp(1.0, 1000.0);
        }
    }
    s.embed = address.embed;
    s
}

type FrameCallback = Rc<std::cell::RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Runs `f` every animation frame with the real milliseconds since the
/// previous one, until the returned flag is set to false.
fn animation_loop(mut f: impl FnMut(f64) + 'static) -> Rc<Cell<bool>> {
    let alive = Rc::new(Cell::new(true));
    let cb: FrameCallback = Rc::new(std::cell::RefCell::new(None));
    let cb2 = cb.clone();
    let flag = alive.clone();
    let mut last: Option<f64> = None;
    *cb.borrow_mut() = Some(Closure::new(move |ts: f64| {
        if !flag.get() {
            cb2.borrow_mut().take();
            return;
        }
        if let Some(prev) = last {
            f((ts - prev).min(100.0));
        }
        last = Some(ts);
        if let (Some(w), Some(c)) = (web_sys::window(), cb2.borrow().as_ref()) {
            let _ = w.request_animation_frame(c.as_ref().unchecked_ref());
        }
    }));
    if let (Some(w), Some(c)) = (web_sys::window(), cb.borrow().as_ref()) {
        let _ = w.request_animation_frame(c.as_ref().unchecked_ref());
    }
    alive
}

const SPEEDS: &[f64] = &[1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 100.0, 300.0, 1000.0];

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let paused = props.paused;
    let state = use_reducer(move || initial_state(paused));
    let focus = use_state(|| None::<(u32, u32, u64)>);
    let kubectl_input = use_node_ref();
    let history_pos = use_state(|| None::<usize>);
    let help_ref = use_node_ref();
    // Like a terminal, the kubectl panel shows each new answer from its
    // command line down (its last command's line is scrolled to the top).
    let kubectl_out = use_node_ref();
    {
        let out = kubectl_out.clone();
        use_effect_with(state.kubectl_typed, move |_| {
            let panel = out.cast::<web_sys::HtmlElement>();
            let last_cmd = panel
                .as_ref()
                .and_then(|p| p.last_element_child())
                .and_then(|answer| answer.previous_element_sibling())
                .and_then(|cmd| cmd.dyn_into::<web_sys::HtmlElement>().ok());
            if let (Some(panel), Some(cmd)) = (panel, last_cmd) {
                panel.set_scroll_top(cmd.offset_top());
            }
        });
    }
    {
        let help_ref = help_ref.clone();
        use_effect_with(state.help, move |open| {
            if let Some(d) = help_ref.cast::<web_sys::HtmlDialogElement>() {
                if *open && !d.open() {
                    let _ = d.show_modal();
                } else if !*open && d.open() {
                    d.close();
                }
            }
        });
    }

    // The fragment changed from outside: the learner edited the address, or
    // the course page pointed the iframe at another `#lesson=`. A change of
    // fragment only does not load the page again, so the page reloads
    // itself and reads the address the way a first load does (share
    // link, draft, language); drafts are already saved. Its own updates
    // of the fragment go through history.replaceState, which fires no
    // hashchange, so they never get here.
    use_effect_with((), |_| {
        let listener = web_sys::window().map(|w| {
            let reload = Closure::<dyn FnMut()>::new(|| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            });
            let _ =
                w.add_event_listener_with_callback("hashchange", reload.as_ref().unchecked_ref());
            (w, reload)
        });
        move || {
            if let Some((w, reload)) = listener {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    reload.as_ref().unchecked_ref(),
                );
            }
        }
    });
    // `?crash-test`: a deliberate panic, half a second after loading.
    use_effect_with((), |_| {
        let timer = storage::read_address().crash_test.then(|| {
            gloo_timers::callback::Timeout::new(500, || {
                panic!("crash test requested by the address (?crash-test)")
            })
        });
        move || drop(timer)
    });
    // Restore the draft of the lesson and the progress, once per lesson.
    {
        let dispatch = state.dispatcher();
        let lang = state.lang;
        use_effect_with(state.lesson, move |_| {
            dispatch.dispatch(Action::SetPassed(storage::load_passed()));
            let _ = lang;
        });
    }
    {
        let dispatch = state.dispatcher();
        let id = state.current().map(|l| l.id.clone()).unwrap_or_default();
        let lang = state.lang;
        let from_link = state.from_link;
        use_effect_with(id.clone(), move |_| {
            match if from_link {
                storage::Draft::None
            } else {
                storage::load_draft(&id)
            } {
                storage::Draft::Found { manifest, scenario } => dispatch.dispatch(Action::Load {
                    manifest,
                    scenario,
                    message: Some(tr(lang, "draft.restored").into()),
                }),
                storage::Draft::Corrupt(key) => dispatch.dispatch(Action::Message(Some(format!(
                    "{} {}.",
                    tr(lang, "draft.corrupt"),
                    match lang {
                        Lang::Fr => format!("« {key} »"),
                        Lang::En => format!("\u{201c}{key}\u{201d}"),
                    }
                )))),
                storage::Draft::None => {}
            }
        });
    }
    // Save the draft and progress; keep the URL fragment current.
    {
        let s = state.clone();
        let dispatch = state.dispatcher();
        use_effect_with(
            (
                state.manifest.clone(),
                state.scenario.clone(),
                state.lesson,
                state.lang,
                state.passed.clone(),
                state.waiting_for_lesson(),
            ),
            move |_| {
                if let Some(l) = s.current() {
                    // Nothing to save while the texts wait for the lesson;
                    // the address names it all the same.
                    let waiting = s.waiting_for_lesson();
                    if !waiting {
                        let saved = storage::save_draft(
                            &l.id,
                            &s.manifest,
                            &s.scenario,
                            s.manifest == l.manifest && s.scenario == l.scenario,
                        );
                        // A full browser storage must not lose work silently.
                        let unsaved = tr(s.lang, "draft.unsaved");
                        if !saved && s.message.as_deref() != Some(unsaved) {
                            dispatch.dispatch(Action::Message(Some(unsaved.into())));
                        }
                    }
                    // The address carries the edited texts, unless they are
                    // larger than the playground reads anyway (compressing
                    // megabytes on every keystroke would hold the tab).
                    let fits =
                        s.manifest.len() + s.scenario.len() <= crate::manifest::MAX_MANIFEST_BYTES;
                    if s.embed.is_none() {
                        storage::write_fragment(
                            &l.id,
                            s.lang.code(),
                            (fits && !waiting)
                                .then(|| s.share_value(false))
                                .flatten()
                                .as_deref(),
                        );
                    }
                }
                storage::save_passed(&s.passed);
            },
        );
    }
    // The lesson's prose is not in the bundle: read it from the page (the
    // single file carries it) or fetch it, once per lesson.
    {
        let dispatch = state.dispatcher();
        let pending = state
            .current()
            .filter(|l| !l.prose_pending.is_empty())
            .map(|l| (l.file.clone(), l.prose_pending.clone(), state.selected));
        use_effect_with(pending, move |pending| {
            if let Some((file, version, selected)) = pending.clone() {
                super::prose::load(file, version, move |file, result| {
                    dispatch.dispatch(Action::Prose {
                        file,
                        result,
                        selected,
                    })
                });
            }
        });
    }
    // A long run is computed a slice at a time; between slices the page
    // paints and handles input (a newer edit makes the old slices stop).
    {
        let dispatch = state.dispatcher();
        let key = state.computing.as_ref().map(|c| (c.gen, c.slices));
        use_effect_with(key, move |key| {
            let pending = key.map(|(gen, _)| {
                gloo_timers::callback::Timeout::new(0, move || {
                    dispatch.dispatch(Action::Continue(gen))
                })
            });
            // Dropping the timeout cancels it.
            move || drop(pending)
        });
    }
    // Playback: the simulated clock advances from requestAnimationFrame.
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let alive =
                playing.then(|| animation_loop(move |dt| dispatch.dispatch(Action::Frame(dt))));
            move || {
                if let Some(a) = alive {
                    a.set(false);
                }
            }
        });
    }
    // Keyboard shortcuts, outside text fields.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let handler = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                let tag = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|el| el.tag_name())
                    .unwrap_or_default();
                if e.key() == "Escape" {
                    dispatch.dispatch(Action::Message(None));
                }
                // The help dialog is modal: the run behind it does not
                // play, step or restart ("?" still closes it).
                let modal = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
                    .is_some();
                if modal && e.key() != "?" {
                    return;
                }
                if matches!(tag.as_str(), "TEXTAREA" | "INPUT" | "SELECT")
                    || e.ctrl_key()
                    || e.meta_key()
                    || e.alt_key()
                {
                    return;
                }
                let action = match e.key().as_str() {
                    " " | "." => Some(Action::TogglePlay),
                    "ArrowRight" => Some(Action::StepNext),
                    "ArrowLeft" => Some(Action::StepPrev),
                    "r" | "R" => Some(Action::Restart),
                    "?" => Some(Action::ToggleHelp),
                    _ => None,
                };
                if let Some(a) = action {
                    if tag == "BUTTON" && e.key() == " " {
                        return;
                    }
                    e.prevent_default();
                    dispatch.dispatch(a);
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "keydown",
                        handler.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    // Embedded: listen to the host page, and tell it how runs end.
    {
        let dispatch = state.dispatcher();
        let embed = state.embed.clone();
        use_effect_with((), move |_| {
            let handler = embed
                .as_ref()
                .and_then(|e| super::embed::listen(dispatch, e.origins.clone()));
            if let Some(e) = &embed {
                super::embed::post(&e.origins, &[("type", "ready".into())]);
            }
            move || {
                if let Some(h) = handler {
                    super::embed::stop(&h);
                }
            }
        });
    }
    {
        let reported = use_mut_ref(|| (0usize, 0usize));
        let s = state.clone();
        let finished = s.end() > 0.0 && s.t >= s.end();
        let passed = !s.run.checks.is_empty() && s.run.checks.iter().all(|c| c.passed);
        use_effect_with(
            (Rc::as_ptr(&s.run) as usize, finished, passed),
            move |(run, finished, passed)| {
                if let (Some(e), Some(l), Some(trace)) = (&s.embed, s.current(), &s.run.trace) {
                    let mut r = reported.borrow_mut();
                    if *finished && r.0 != *run {
                        r.0 = *run;
                        let last = trace
                            .jobs
                            .iter()
                            .flat_map(|j| j.conditions.iter())
                            .rfind(|c| c.type_ == "Complete" || c.type_ == "Failed");
                        super::embed::post(
                            &e.origins,
                            &[
                                ("type", "runFinished".into()),
                                ("lesson", l.id.as_str().into()),
                                ("condition", last.map_or("", |c| &*c.type_).into()),
                                ("reason", last.map_or("", |c| &*c.reason).into()),
                                ("at", (trace.end as f64 / 1000.0).into()),
                            ],
                        );
                    }
                    if *passed && r.1 != *run {
                        r.1 = *run;
                        super::embed::post(
                            &e.origins,
                            &[
                                ("type", "exercisePassed".into()),
                                ("lesson", l.id.as_str().into()),
                            ],
                        );
                    }
                }
            },
        );
    }

    let s = &*state;
    let lang = s.lang;
    let lesson = s.current().cloned();
    let dispatch = state.dispatcher();
    let on = |a: fn() -> Action| {
        let d = dispatch.clone();
        Callback::from(move |_| d.dispatch(a()))
    };

    // Top bar.
    let on_lesson = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = el.value().parse() {
                d.dispatch(Action::SelectLesson(i));
            }
        })
    };
    let on_lang = {
        let d = dispatch.clone();
        let next = if lang == Lang::Fr { Lang::En } else { Lang::Fr };
        Callback::from(move |_| d.dispatch(Action::SetLang(next)))
    };
    let on_share = {
        let d = dispatch.clone();
        let value = s.share_value(true);
        let id = s.current().map(|l| l.id.clone()).unwrap_or_default();
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let loc = w.location();
                // A page opened from a file has "null" for an origin: its
                // link is its own address, without the fragment.
                let local = loc.protocol().is_ok_and(|p| p == "file:");
                let base = if local {
                    let href = loc.href().unwrap_or_default();
                    href.split('#').next().unwrap_or_default().to_string()
                } else {
                    format!(
                        "{}{}{}",
                        loc.origin().unwrap_or_default(),
                        loc.pathname().unwrap_or_default(),
                        loc.search().unwrap_or_default()
                    )
                };
                let link = match &value {
                    Some(v) => format!("{base}#lesson={id}&lang={}&s={v}", lang.code()),
                    None => format!("{base}#lesson={id}&lang={}", lang.code()),
                };
                let _ = w.navigator().clipboard().write_text(&link);
                let mut message = format!(
                    "{} ({} {})",
                    tr(lang, "share.copied"),
                    link.len(),
                    tr(lang, "share.chars")
                );
                if local {
                    message.push_str(" · ");
                    message.push_str(tr(lang, "share.local"));
                }
                d.dispatch(Action::Message(Some(message)));
            }
        })
    };
    let on_presenter = {
        let d = dispatch.clone();
        let entering = !s.presenter;
        Callback::from(move |_| {
            // Full screen on the way in (a click is the gesture browsers
            // require); a refusal is harmless.
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if entering {
                    if let Some(root) = doc.document_element() {
                        let _ = root.request_fullscreen();
                    }
                } else if doc.fullscreen_element().is_some() {
                    doc.exit_fullscreen();
                }
            }
            d.dispatch(Action::TogglePresenter);
        })
    };
    let passed_n = s
        .lessons
        .iter()
        .filter(|l| s.passed.contains(&l.id))
        .count();
    let theme_class = match s.dark {
        Some(true) => "theme-dark",
        Some(false) => "theme-light",
        None => "",
    };
    let topbar = html! {
        <header class="topbar">
            <h1>{ tr(lang, "app.title") }<span class="subtitle">{ tr(lang, "app.subtitle") }</span></h1>
            <label class="lesson-picker">
                <span class="sr-only">{ tr(lang, "lesson") }</span>
                <select onchange={on_lesson} aria-label={tr(lang, "lesson")} data-testid="lesson-picker">
                    { for s.lessons.iter().enumerate().map(|(i, l)| {
                        let done = if s.passed.contains(&l.id) { "✓ " } else { "" };
                        html! { <option value={i.to_string()} selected={i == s.lesson}>{ format!("{done}{}. {}", i + 1, l.title.get(lang.code())) }</option> }
                    }) }
                </select>
            </label>
            <span class="progress" title={tr(lang, "progress")}>{ format!("{passed_n}/{} {}", s.lessons.len(), tr(lang, "progress")) }</span>
            <div class="spacer" />
            <button onclick={on_lang} aria-label={tr(lang, "lang")} data-testid="lang">{ if lang == Lang::Fr { "EN" } else { "FR" } }</button>
            <button onclick={on(|| Action::ToggleTheme)} aria-label={tr(lang, "theme")}>{ "◐" }</button>
            <button onclick={on_presenter} aria-pressed={s.presenter.to_string()} aria-label={tr(lang, "presenter")}>{ tr(lang, "presenter.short") }</button>
            <button onclick={on_share} aria-label={tr(lang, "share")}>{ tr(lang, "share") }</button>
            <button onclick={on(|| Action::ToggleHelp)} aria-label={tr(lang, "help")}>{ "?" }</button>
        </header>
    };

    // Lesson text and exercise.
    let lesson_panel = lesson.as_ref().map(|l| {
        let code = lang.code();
        let ex = l.exercise.as_ref().map(|ex| {
            let checks = ex.checks.iter().zip(s.run.checks.iter()).map(|(c, r)| {
                let class = if r.passed { "check pass" } else { "check" };
                let mark = if r.passed { "✓ " } else { "○ " };
                let detail = format!(" — {}", r.detail.get(code));
                html! { <li {class}>{ mark }{ c.describe(code) }<span class="muted">{ detail }</span></li> }
            });
            let all = !s.run.checks.is_empty() && s.run.checks.iter().all(|r| r.passed);
            html! {
                <section class="exercise" aria-labelledby="exercise-title">
                    <h3 id="exercise-title">{ tr(lang, "exercise") }</h3>
                    <Markdown text={ex.goal.get(code).to_string()} />
                    <ul class="checks" data-testid="checks">{ for checks }</ul>
                    <p class={if all { "verdict pass" } else { "verdict" }} data-testid="verdict">{ if all { tr(lang, "exercise.passed") } else { tr(lang, "exercise.todo") } }</p>
                </section>
            }
        });
        html! {
            <article class="lesson">
                <h2>{ l.title.get(code) }</h2>
                if !l.prose_pending.is_empty() {
                    <p class="muted" role="status" data-testid="lesson-loading">{
                        match &s.prose_error {
                            Some((file, why)) if *file == l.file => format!("{} {why}", tr(lang, "lesson.unavailable")),
                            _ => tr(lang, "lesson.loading").to_string(),
                        }
                    }</p>
                }
                <Markdown text={l.text.get(code).to_string()} />
                if !l.look.get(code).is_empty() {
                    <details open=true><summary>{ tr(lang, "look") }</summary><Markdown text={l.look.get(code).to_string()} /></details>
                }
                { ex.unwrap_or_default() }
            </article>
        }
    });

    // Editor with its two tabs and the problem list.
    let (text, problems, label) = match s.tab {
        Tab::Manifest => (
            s.manifest.clone(),
            s.run.manifest_problems.clone(),
            tr(lang, "editor.label"),
        ),
        Tab::Scenario => (
            s.scenario.clone(),
            s.run.scenario_problems.clone(),
            tr(lang, "editor.scenario.label"),
        ),
    };
    // In the learner's language where the playground speaks for itself
    // (there is no run to play while there are problems).
    let problems: Vec<_> = problems
        .into_iter()
        .map(|mut p| {
            p.message = crate::i18n::note(lang, &p.message);
            p
        })
        .collect();
    let on_change = {
        let d = dispatch.clone();
        let tab = s.tab;
        Callback::from(move |v: String| {
            d.dispatch(if tab == Tab::Manifest {
                Action::EditManifest(v)
            } else {
                Action::EditScenario(v)
            })
        })
    };
    let problem_items: Vec<Html> = problems.iter().map(|p| {
        let f = focus.clone();
        let (line, col) = (p.line, p.col);
        let onclick = Callback::from(move |_| f.set(Some((line, col, js_sys::Date::now() as u64))));
        html! { <li><button class="problem" {onclick}>{ format!("{}:{} ", p.line, p.col) }<strong>{ &p.path }</strong>{ format!(": {}", p.message) }</button></li> }
    }).collect();
    let tab_button = |tab: Tab, key: &str, count: usize| {
        let d = dispatch.clone();
        let selected = s.tab == tab;
        html! {
            <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))} onclick={Callback::from(move |_| d.dispatch(Action::SetTab(tab)))}>
                { tr(lang, key) }{ if count > 0 { format!(" ({count})") } else { String::new() } }
            </button>
        }
    };
    let other_tab = {
        let d = dispatch.clone();
        let (tab, key, n) = match s.tab {
            Tab::Manifest => (
                Tab::Scenario,
                "editor.scenario",
                s.run.scenario_problems.len(),
            ),
            Tab::Scenario => (
                Tab::Manifest,
                "editor.manifest",
                s.run.manifest_problems.len(),
            ),
        };
        html! {
            <button class="other-tab" data-testid="other-tab" onclick={Callback::from(move |_| d.dispatch(Action::SetTab(tab)))}>
                { format!("{} ({n})", tr(lang, key)) }
            </button>
        }
    };
    // The editor waits for the lesson's text (the page bundles only
    // titles) rather than take keystrokes it would then drop.
    let readonly = s.embed.as_ref().is_some_and(|e| e.readonly) || s.waiting_for_lesson();
    let file_name = if s.tab == Tab::Manifest {
        "job.yaml"
    } else {
        "scenario.yaml"
    };
    let on_export = {
        let text = if s.tab == Tab::Manifest {
            s.manifest.clone()
        } else {
            s.scenario.clone()
        };
        Callback::from(move |_| super::files::download(file_name, &text))
    };
    let on_import = {
        let d = dispatch.clone();
        let tab = s.tab;
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let d = d.clone();
            super::files::read_first(&input, move |read| {
                // A file that was read replaces what an earlier refusal said.
                if read.is_ok() {
                    d.dispatch(Action::Message(None));
                }
                d.dispatch(match read {
                    Ok(text) if tab == Tab::Manifest => Action::EditManifest(text),
                    Ok(text) => Action::EditScenario(text),
                    Err(why) => Action::Message(Some(why.say(lang))),
                })
            });
        })
    };
    let editor = html! {
        <section class="editor-pane">
            <div class="tabs" role="tablist">
                { tab_button(Tab::Manifest, "editor.manifest", s.run.manifest_problems.len()) }
                { tab_button(Tab::Scenario, "editor.scenario", s.run.scenario_problems.len()) }
                <div class="spacer" />
                if !readonly {
                    <button onclick={on_export} title={file_name}>{ tr(lang, "export") }</button>
                    <label class="import">{ tr(lang, "import") }<input type="file" accept=".yaml,.yml,.txt,text/yaml" onchange={on_import} /></label>
                    if s.before_reset.is_some() {
                        <span class="reset-done" role="status">{ tr(lang, "editor.reset.done") }</span>
                        <button class="reset" onclick={on(|| Action::UndoReset)} data-testid="undo-reset">{ tr(lang, "editor.reset.undo") }</button>
                    } else {
                        <button class="reset" onclick={on(|| Action::Reset)} data-testid="reset">{ tr(lang, "editor.reset") }</button>
                    }
                }
            </div>
            <Editor {text} {problems} label={label.to_string()} {on_change} {readonly} on_run={Callback::from({ let d = dispatch.clone(); move |_| d.dispatch(Action::Restart) })} focus_line={*focus} />
            <div class="problems" aria-live="polite" data-testid="problems">
                if s.waiting_for_lesson() {
                    // Nothing read yet: nothing to say about it.
                } else if s.run.manifest_problems.is_empty() && s.run.scenario_problems.is_empty() {
                    <p class="muted">{ tr(lang, "problems.none") }</p>
                } else if problem_items.is_empty() {
                    // The problems are in the other file: say which, and go.
                    <p>{ tr(lang, "problems.other") }{" "}{ other_tab }</p>
                } else {
                    <h3>{ tr(lang, "problems") }</h3>
                    <ul>{ for problem_items }</ul>
                }
            </div>
        </section>
    };

    // Time controls.
    let end = s.end();
    let on_seek = {
        let d = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = el.value().parse::<f64>() {
                d.dispatch(Action::Pause);
                d.dispatch(Action::Seek(v));
            }
        })
    };
    let speed_index = SPEEDS.iter().position(|v| *v >= s.speed).unwrap_or(3);
    let on_speed = {
        let d = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Some(v) = el.value().parse::<usize>().ok().and_then(|i| SPEEDS.get(i)) {
                d.dispatch(Action::SetSpeed(*v));
            }
        })
    };
    let controls = html! {
        <div class="controls">
            <button onclick={on(|| Action::TogglePlay)} aria-label={if s.playing { tr(lang, "pause") } else { tr(lang, "play") }} data-testid="play">{ if s.playing { "❚❚" } else { "▶" } }</button>
            <button onclick={on(|| Action::StepPrev)} aria-label={tr(lang, "step.prev")}>{ "⟨" }</button>
            <button onclick={on(|| Action::StepNext)} aria-label={tr(lang, "step.next")}>{ "⟩" }</button>
            <button onclick={on(|| Action::Restart)} aria-label={tr(lang, "restart")}>{ "↺" }</button>
            <input type="range" class="scrubber" min="0" max={format!("{end}")} step="any" value={format!("{}", s.t)} oninput={on_seek} aria-label={tr(lang, "scrubber")} data-testid="scrubber" />
            <span class="clock" data-testid="clock">{ format!("{} / {} · {} ×{}", format_duration(s.now() / 1000 * 1000), format_duration(end as i64 / 1000 * 1000), tr(lang, "clock"), s.speed) }</span>
            <label class="speed">{ tr(lang, "speed") }
                <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} value={speed_index.to_string()} oninput={on_speed} aria-label={tr(lang, "speed")} />
            </label>
            <label class="skip"><input type="checkbox" checked={s.skip_waits} onchange={{ let d = dispatch.clone(); Callback::from(move |_: Event| d.dispatch(Action::ToggleSkip)) }} />{ tr(lang, "skip") }</label>
        </div>
    };

    // Live faults at the current moment.
    let faults_menu = s.run.trace.as_ref().map(|trace| {
        let now = s.now();
        let running: Vec<String> = trace.pods.iter().filter(|p| p.exists_at(now) && !p.phase_at(now).is_terminal()).map(|p| p.name.to_string()).collect();
        let services: Vec<String> = crate::scenario::read(&s.scenario).scenario.services.keys().cloned().collect();
        let secs = format!("{}ms", now);
        let mut buttons: Vec<Html> = Vec::new();
        for action in ["killPod", "deletePod", "evictPod"] {
            let d = dispatch.clone();
            let entry = running.last().map(|p| format!("{{at: {secs}, action: {action}, pod: {p}}}"));
            let disabled = entry.is_none();
            buttons.push(html! { <button {disabled} onclick={Callback::from(move |_| if let Some(e) = &entry { d.dispatch(Action::Fault(e.clone())) })}>{ tr(lang, &format!("fault.{action}")) }</button> });
        }
        // Past the end of the run nothing is simulated any more: a service
        // fault there would change nothing.
        let over = now >= trace.end;
        for svc in &services {
            for action in ["serviceDown", "serviceUp"] {
                let d = dispatch.clone();
                let entry = format!("{{at: {secs}, action: {action}, service: \"{svc}\"}}");
                buttons.push(html! { <button disabled={over} onclick={Callback::from(move |_| d.dispatch(Action::Fault(entry.clone())))}>{ format!("{} {svc}", tr(lang, &format!("fault.{action}"))) }</button> });
            }
        }
        html! {
            <details class="faults"><summary>{ tr(lang, "faults") }</summary>
                <div class="fault-buttons">{ for buttons }</div>
                // Why the pod faults are greyed out.
                if over && !services.is_empty() { <p class="muted">{ tr(lang, "fault.over") }</p> }
                else if running.is_empty() { <p class="muted">{ tr(lang, "fault.none") }</p> }
            </details>
        }
    });

    // kubectl panel.
    let on_kubectl = {
        let d = dispatch.clone();
        let input = kubectl_input.clone();
        let history: Vec<String> = s.kubectl.iter().map(|(c, _)| c.clone()).collect();
        let pos = history_pos.clone();
        let trace = s.run.trace.clone();
        let now = s.now();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    let v = el.value();
                    if !v.trim().is_empty() {
                        d.dispatch(Action::Kubectl(v));
                    }
                    el.set_value("");
                    pos.set(None);
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    if history.is_empty() {
                        return;
                    }
                    let i = match (*pos, e.key() == "ArrowUp") {
                        (None, true) => history.len() - 1,
                        (Some(i), true) => i.saturating_sub(1),
                        (Some(i), false) => (i + 1).min(history.len() - 1),
                        (None, false) => return,
                    };
                    el.set_value(&history[i]);
                    pos.set(Some(i));
                }
                "Tab" => {
                    if let Some(t) = &trace {
                        e.prevent_default();
                        // Completes the word being typed (the text after the
                        // last space) with the first candidate.
                        let value = el.value();
                        let options = crate::kubectl::completions(t, now, &value);
                        if let Some(first) = options.first() {
                            let head = value.rfind(' ').map_or("", |i| &value[..=i]);
                            el.set_value(&format!("{head}{first}"));
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let kubectl_panel = html! {
        <section class="kubectl" aria-label="kubectl">
            <div class="kubectl-output" ref={kubectl_out.clone()} role="log" aria-live="polite" data-testid="kubectl-output">
                if s.kubectl.is_empty() { <p class="muted">{ tr(lang, "kubectl.hint") }</p> }
                { for s.kubectl.iter().enumerate().map(|(i, (cmd, out))| {
                    // The last `-w` (watch) command follows playback: it is
                    // re-read at the moment shown.
                    let watching = i + 1 == s.kubectl.len() && (cmd.contains(" -w") || cmd.contains("--watch"));
                    let out = match (&s.run.trace, watching) {
                        (Some(t), true) => match crate::kubectl::run(t, s.now(), &cmd.replace(" --watch", "").replace(" -w", "")) { Ok(o) | Err(o) => o },
                        _ => out.clone(),
                    };
                    let shown = if cmd.trim_start().starts_with("kubectl") { cmd.clone() } else { format!("kubectl {cmd}") };
                    html! { <><div class="kubectl-cmd">{ format!("$ {shown}") }</div><pre>{ crate::i18n::kubectl_output(lang, &out) }</pre></> }
                }) }
            </div>
            <label class="kubectl-prompt"><span aria-hidden="true">{ "$ kubectl " }</span>
                <input ref={kubectl_input} type="text" spellcheck="false" autocomplete="off" placeholder={tr(lang, "kubectl.placeholder")} aria-label="kubectl" onkeydown={on_kubectl} data-testid="kubectl-input" />
            </label>
        </section>
    };

    let stage = match &s.run.trace {
        Some(trace) => {
            let d = dispatch.clone();
            let on_pod = Callback::from(move |name: String| {
                d.dispatch(Action::Kubectl(format!("describe pod {name}")))
            });
            let notes = trace.notes.clone();
            let stop = match trace.stop_reason {
                crate::sim::StopReason::Limit => Some(tr(lang, "stop.limit")),
                crate::sim::StopReason::Until => Some(tr(lang, "stop.until")),
                crate::sim::StopReason::Finished => None,
            }
            // Said where it happens: at the end of the run.
            .filter(|_| s.now() >= trace.end);
            html! {
                <>
                    <Stage trace={super::stage::TraceRef(trace.clone())} t={s.now()} {lang} faults={s.run.faults.clone()} {on_pod} />
                    if stop.is_some() || !notes.is_empty() {
                        <aside class="notes"><h3>{ tr(lang, "notes") }</h3>
                            if let Some(m) = stop { <p>{ m }</p> }
                            <ul>{ for notes.iter().map(|n| html! { <li>{ crate::i18n::note(lang, n) }</li> }) }</ul>
                        </aside>
                    }
                </>
            }
        }
        None if s.computing.is_some() => Html::default(),
        None if s.waiting_for_lesson() => {
            html! { <p class="muted" role="status" data-testid="stage-loading">{ tr(lang, "lesson.loading") }</p> }
        }
        None => {
            // Say which text stops the run: a valid manifest with a faulty
            // scenario is not "rejected by the API".
            html! { <p class="invalid" data-testid="invalid">{ tr(lang, s.no_run_key()) }</p> }
        }
    };
    // A long run on its way (the stage meanwhile shows the previous one).
    let computing = s.computing.as_ref().map(|c| {
        html! {
            <p class="computing" role="status" data-testid="computing">
                { tr(lang, "stage.computing") }{ c.steps() }
            </p>
        }
    });

    // A native modal <dialog>: the browser moves focus into it, keeps Tab
    // there, makes the page behind inert and closes it on Escape (its
    // `close` event tells the state).
    let help = html! {
        <dialog class="dialog" ref={help_ref.clone()} aria-labelledby="help-title" data-testid="help"
            onclose={{ let d = dispatch.clone(); Callback::from(move |_: Event| d.dispatch(Action::CloseHelp)) }}>
            <h2 id="help-title">{ tr(lang, "help.title") }</h2>
            <ul>
                { for ["help.space", "help.arrows", "help.r", "help.ctrlenter", "help.tab", "help.q"].iter().map(|k| html! { <li>{ tr(lang, k) }</li> }) }
            </ul>
            <button onclick={on(|| Action::CloseHelp)}>{ tr(lang, "close") }</button>
        </dialog>
    };

    let stage_pane = html! {
        <section class="stage" aria-label={tr(lang, "stage")}>
            { controls }
            if s.embed.is_none() { { faults_menu.unwrap_or_default() } }
            { computing.unwrap_or_default() }
            { stage }
        </section>
    };
    if let Some(e) = &s.embed {
        // Chrome-free: only the panes the host asked for, in its order.
        let panes = e.panes.iter().map(|p| match p.as_str() {
            "editor" => editor.clone(),
            "lesson" => lesson_panel.clone().unwrap_or_default(),
            "kubectl" => kubectl_panel.clone(),
            _ => stage_pane.clone(),
        });
        return html! {
            <div class={classes!("shell", "embed", theme_class)} lang={lang.code()} data-testid="embed">
                // What the address got wrong (a mistyped lesson id, a
                // damaged link) shows in the frame too, for the course's
                // author to see.
                if let Some(m) = &s.message { <div class="message" role="status">{ m }</div> }
                { for panes }
            </div>
        };
    }
    html! {
        <div class={classes!("shell", theme_class, s.presenter.then_some("presenter"))} lang={lang.code()}>
            { topbar }
            if let Some(m) = &s.message { <div class="message" role="status">{ m }</div> }
            <main class="panes">
                <div class="left">
                    { lesson_panel.unwrap_or_default() }
                    { editor }
                </div>
                <div class="right">
                    { stage_pane }
                    { kubectl_panel }
                </div>
            </main>
            { help }
        </div>
    }
}
