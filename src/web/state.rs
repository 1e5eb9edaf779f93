//! The playground's state and the actions that change it. Every change of
//! text re-runs the engine once; playback, scrubbing and kubectl only read
//! the Trace.

use crate::i18n::Lang;
use crate::lesson::{self, CheckResult, Lesson};
use crate::manifest::Problem;
use crate::scenario::Millis;
use crate::sim::{Options, Trace};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Manifest,
    Scenario,
}

/// One simulation of the current texts (none yet: the default).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunView {
    pub manifest_problems: Vec<Problem>,
    pub scenario_problems: Vec<Problem>,
    pub trace: Option<Rc<Trace>>,
    pub checks: Vec<CheckResult>,
    /// Simulated moments where something changed (for ← / →).
    pub moments: Rc<Vec<Millis>>,
    /// The scenario's faults: (time, what), for the timeline's marks.
    pub faults: Rc<Vec<(Millis, String)>>,
}

/// The page re-runs the engine on every keystroke: a tighter event cap than
/// the command line's keeps a runaway manifest (`completions: 100000`) from
/// holding the tab; every lesson stays far below it (the largest needs 464).
pub fn browser_options() -> Options {
    Options {
        max_events: 10_000,
        ..Options::default()
    }
}

/// Events simulated at once before the page gets the hand back (a
/// script's commands count too, `sim::SHELL_STEPS_PER_EVENT`). Every
/// lesson fits in the first slice, so a keystroke shows its result in the
/// same frame (a test says so); a longer run goes on in slices between
/// frames (a few milliseconds each, one container start at most), and
/// typing stays responsive.
pub const SLICE_EVENTS: u64 = 1_500;

pub fn simulate(lesson: Option<&Lesson>, manifest: &str, scenario: &str) -> RunView {
    view(
        lesson,
        lesson::run(manifest, scenario, &browser_options()),
        manifest,
        scenario,
    )
}

/// A run being computed in slices (see [`SLICE_EVENTS`]).
#[derive(Clone)]
pub struct Computing {
    /// Which rerun this is: a newer edit makes older slices stop.
    pub gen: u64,
    /// Slices done so far (the effect that schedules the next one keys on it).
    pub slices: u32,
    started: Rc<std::cell::RefCell<Option<lesson::Started>>>,
}

impl PartialEq for Computing {
    fn eq(&self, other: &Self) -> bool {
        self.gen == other.gen && self.slices == other.slices
    }
}

impl std::fmt::Debug for Computing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Computing({}, {})", self.gen, self.slices)
    }
}

impl Computing {
    /// Events simulated so far.
    pub fn steps(&self) -> u64 {
        self.started.borrow().as_ref().map_or(0, |s| s.steps())
    }
}

fn view(lesson: Option<&Lesson>, run: lesson::Run, manifest: &str, scenario: &str) -> RunView {
    let checks = lesson
        .and_then(|l| l.exercise.as_ref())
        .map(|ex| lesson::evaluate_all(&ex.checks, manifest, &run.manifest, run.trace.as_ref()))
        .unwrap_or_default();
    let moments = run.trace.as_ref().map(|t| t.moments()).unwrap_or_default();
    let faults = crate::scenario::read(scenario)
        .scenario
        .faults
        .iter()
        .map(|f| (f.at, f.action.name().to_string()))
        .collect();
    RunView {
        faults: Rc::new(faults),
        manifest_problems: run.manifest.problems,
        scenario_problems: run.scenario_problems,
        trace: run.trace.map(Rc::new),
        checks,
        moments: Rc::new(moments),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub lessons: Rc<Vec<Lesson>>,
    pub lesson: usize,
    pub lang: Lang,
    pub manifest: String,
    pub scenario: String,
    pub tab: Tab,
    pub run: Rc<RunView>,
    /// The moment shown, in simulated ms.
    pub t: f64,
    pub playing: bool,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Jump over waits where nothing happens.
    pub skip_waits: bool,
    pub dark: Option<bool>,
    pub presenter: bool,
    pub help: bool,
    pub kubectl: Vec<(String, String)>,
    /// Commands typed so far (the panel scrolls to each new answer; the
    /// list itself stops growing at 50).
    pub kubectl_typed: u32,
    /// Something to say in the status line (draft restored, link copied).
    pub message: Option<String>,
    /// The texts "back to the lesson's text" replaced, until the next edit
    /// or lesson: one click brings them back (the reset asks nothing, so
    /// it must be undoable; the browser's own undo lost them).
    pub before_reset: Option<(String, String)>,
    /// Lessons whose exercise passed (ids).
    pub passed: Rc<Vec<String>>,
    /// Set when the page is embedded (`?embed`).
    pub embed: Option<super::storage::Embed>,
    /// The texts came from a share link: do not replace them with a draft.
    pub from_link: bool,
    /// A long run still being computed; `run` shows the previous one.
    pub computing: Option<Computing>,
    /// Reruns so far (names each [`Computing`]).
    pub gen: u64,
    /// A lesson's prose that could not be loaded: (file, why).
    pub prose_error: Option<(String, String)>,
    /// The manifest, and the scenario, are the lesson's, which is still on
    /// its way (the page bundles only the lessons' titles): until it comes
    /// nothing runs and the editor waits. A draft, a share link, an
    /// embedding page or a failed fetch ends the wait of what it gives.
    pub pending_manifest: bool,
    pub pending_scenario: bool,
    /// Lessons chosen so far: a fetch that fails after the lesson was
    /// chosen again (and fetched again) says nothing.
    pub selected: u64,
}

impl State {
    pub fn new(mut lessons: Vec<Lesson>, lesson: usize, lang: Lang) -> State {
        open_head(&mut lessons, lesson);
        let l = lessons.get(lesson).cloned();
        let manifest = l.as_ref().map(|l| l.manifest.clone()).unwrap_or_default();
        let scenario = l.as_ref().map(|l| l.scenario.clone()).unwrap_or_default();
        let run = Rc::new(RunView::default());
        let mut s = State {
            lessons: Rc::new(lessons),
            lesson,
            lang,
            manifest,
            scenario,
            tab: Tab::Manifest,
            run,
            t: 0.0,
            playing: true,
            speed: 10.0,
            skip_waits: false,
            dark: None,
            presenter: false,
            help: false,
            kubectl: Vec::new(),
            kubectl_typed: 0,
            message: None,
            before_reset: None,
            passed: Rc::new(Vec::new()),
            embed: None,
            from_link: false,
            computing: None,
            gen: 0,
            prose_error: None,
            pending_manifest: false,
            pending_scenario: false,
            selected: 0,
        };
        s.await_lesson();
        s.rerun();
        s
    }
    /// The texts wait for the current lesson if only its title is here.
    fn await_lesson(&mut self) {
        let pending = self.current().is_some_and(|l| l.head_pending);
        self.pending_manifest = pending;
        self.pending_scenario = pending;
    }
    /// Why there is no run to show, as a key of `i18n`: the lesson is on
    /// its way, the scenario is faulty, or the API server rejects the
    /// manifest.
    pub fn no_run_key(&self) -> &'static str {
        if self.waiting_for_lesson() {
            "lesson.loading"
        } else if self.computing.is_some() {
            "stage.computing.wait"
        } else if self.run.manifest_problems.is_empty() && !self.run.scenario_problems.is_empty() {
            "stage.invalid_scenario"
        } else {
            "stage.invalid"
        }
    }
    /// Whether the texts shown are not the lesson's yet (see
    /// [`State::pending_manifest`]).
    pub fn waiting_for_lesson(&self) -> bool {
        self.pending_manifest || self.pending_scenario
    }
    pub fn current(&self) -> Option<&Lesson> {
        self.lessons.get(self.lesson)
    }
    pub fn end(&self) -> f64 {
        self.run.trace.as_ref().map_or(0.0, |t| t.end as f64)
    }
    /// The state as a share link's value (`1.…`), or None when nothing
    /// differs from the lesson and `with_moment` is false.
    pub fn share_value(&self, with_moment: bool) -> Option<String> {
        let l = self.current()?;
        let manifest = (self.manifest != l.manifest).then(|| self.manifest.clone());
        let scenario = (self.scenario != l.scenario).then(|| self.scenario.clone());
        if manifest.is_none() && scenario.is_none() && !with_moment {
            return None;
        }
        Some(crate::share::encode(&crate::share::Shared {
            lesson: l.id.clone(),
            manifest,
            scenario,
            t_ms: if with_moment {
                self.t.max(0.0) as u64
            } else {
                0
            },
            speed: self.speed as u32,
            lang: self.lang.code().to_string(),
        }))
    }
    pub fn now(&self) -> Millis {
        self.t.round() as Millis
    }
    /// Reads, validates and simulates the texts again: at once when the
    /// run fits in a slice, otherwise in slices ([`Action::Continue`]).
    pub(super) fn rerun(&mut self) {
        self.gen += 1;
        if self.waiting_for_lesson() {
            // Nothing to read yet: no run, and no problems about an empty
            // text the learner never wrote.
            self.computing = None;
            self.run = Rc::new(RunView::default());
            return;
        }
        let mut started = lesson::start(&self.manifest, &self.scenario, &browser_options());
        if started.step(SLICE_EVENTS) {
            self.computing = None;
            self.show(started.finish());
        } else {
            // The problems shown belong to the text being replaced; a run
            // only starts on a valid text.
            let mut shown = (*self.run).clone();
            shown.manifest_problems.clear();
            shown.scenario_problems.clear();
            self.run = Rc::new(shown);
            self.computing = Some(Computing {
                gen: self.gen,
                slices: 1,
                started: Rc::new(std::cell::RefCell::new(Some(started))),
            });
        }
    }

    /// One more slice of the run being computed.
    fn continue_run(&mut self, gen: u64) {
        let Some(c) = self.computing.as_mut().filter(|c| c.gen == gen) else {
            return;
        };
        let done = c
            .started
            .borrow_mut()
            .as_mut()
            .is_none_or(|s| s.step(SLICE_EVENTS));
        if !done {
            c.slices += 1;
            return;
        }
        let started = c.started.borrow_mut().take();
        self.computing = None;
        if let Some(started) = started {
            self.show(started.finish());
        }
    }

    fn show(&mut self, run: lesson::Run) {
        self.run = Rc::new(view(self.current(), run, &self.manifest, &self.scenario));
        let end = self.end();
        if self.t > end {
            self.t = end;
        }
        if let Some(id) = self.current().map(|l| l.id.clone()) {
            let all_pass = !self.run.checks.is_empty() && self.run.checks.iter().all(|c| c.passed);
            if all_pass && !self.passed.contains(&id) {
                let mut p = (*self.passed).clone();
                p.push(id);
                self.passed = Rc::new(p);
            }
        }
    }
}

pub enum Action {
    SelectLesson(usize),
    SetLang(Lang),
    EditManifest(String),
    /// Brings back the texts the last "back to the lesson's text" replaced.
    UndoReset,
    EditScenario(String),
    /// Both texts at once (restored draft, share link, import).
    Load {
        manifest: String,
        scenario: String,
        message: Option<String>,
    },
    SetTab(Tab),
    Reset,
    Restart,
    TogglePlay,
    Play,
    Pause,
    /// Real milliseconds elapsed since the last frame.
    Frame(f64),
    Seek(f64),
    StepNext,
    StepPrev,
    SetSpeed(f64),
    ToggleSkip,
    ToggleTheme,
    TogglePresenter,
    ToggleHelp,
    /// The help dialog was closed (its button, or Escape).
    CloseHelp,
    Kubectl(String),
    /// Adds a fault at the current moment to the scenario text.
    Fault(String),
    Message(Option<String>),
    SetPassed(Vec<String>),
    /// From an embedding page (postMessage): new texts.
    LoadTexts {
        manifest: String,
        scenario: Option<String>,
    },
    /// The next slice of a long run (see [`SLICE_EVENTS`]).
    Continue(u64),
    /// A lesson's prose arrived (or could not be had), for the lesson
    /// chosen as the `selected`-th (see [`State::selected`]).
    Prose {
        file: String,
        result: Result<String, String>,
        selected: u64,
    },
}

/// Reads the whole head of lesson `i` if the index only had its title
/// (`lesson::index`).
fn open_head(lessons: &mut [Lesson], i: usize) {
    if let Some(slot) = lessons.get_mut(i).filter(|l| l.head_pending) {
        if let Some(whole) = lesson::bundled_lesson(&slot.file) {
            *slot = whole;
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SelectLesson(i) => {
                if s.lessons.get(i).is_some_and(|l| l.head_pending) {
                    open_head(Rc::make_mut(&mut s.lessons).as_mut_slice(), i);
                }
                if let Some(l) = s.lessons.get(i).cloned() {
                    s.lesson = i;
                    s.selected += 1;
                    s.prose_error = None;
                    s.manifest = l.manifest.clone();
                    s.scenario = l.scenario.clone();
                    s.await_lesson();
                    s.tab = Tab::Manifest;
                    s.kubectl.clear();
                    s.t = 0.0;
                    s.playing = true;
                    s.message = None;
                    s.before_reset = None;
                    s.from_link = false;
                    s.rerun();
                }
            }
            Action::SetLang(l) => s.lang = l,
            Action::EditManifest(m) => {
                s.manifest = m;
                s.pending_manifest = false;
                s.before_reset = None;
                s.rerun();
            }
            Action::EditScenario(m) => {
                s.scenario = m;
                s.pending_scenario = false;
                s.before_reset = None;
                s.rerun();
            }
            Action::Load {
                manifest,
                scenario,
                message,
            } => {
                s.manifest = manifest;
                s.scenario = scenario;
                s.pending_manifest = false;
                s.pending_scenario = false;
                s.message = message;
                s.before_reset = None;
                s.rerun();
            }
            Action::SetTab(t) => s.tab = t,
            Action::Reset => {
                if let Some(l) = s.current().filter(|l| !l.head_pending).cloned() {
                    if s.manifest != l.manifest || s.scenario != l.scenario {
                        let before = (
                            std::mem::replace(&mut s.manifest, l.manifest),
                            std::mem::replace(&mut s.scenario, l.scenario),
                        );
                        s.before_reset = Some(before);
                        s.rerun();
                    }
                }
            }
            Action::UndoReset => {
                if let Some((manifest, scenario)) = s.before_reset.take() {
                    s.manifest = manifest;
                    s.scenario = scenario;
                    s.rerun();
                }
            }
            Action::Restart => {
                s.t = 0.0;
                s.playing = true;
            }
            Action::TogglePlay => {
                if !s.playing && s.t >= s.end() {
                    s.t = 0.0;
                }
                s.playing = !s.playing;
            }
            Action::Play => s.playing = true,
            Action::Pause => s.playing = false,
            Action::Frame(dt) => {
                // Waiting for the lesson is not the end of a run.
                if !s.playing || s.waiting_for_lesson() {
                    return self;
                }
                let mut next = s.t + dt * s.speed;
                if s.skip_waits {
                    // Jump to the next moment when nothing would be seen
                    // changing for more than a second of real time.
                    let now = s.t as Millis;
                    if let Some(m) = s.run.moments.iter().find(|m| **m > now) {
                        if (*m as f64 - s.t) > s.speed * 1000.0 {
                            next = *m as f64;
                        }
                    }
                }
                let end = s.end();
                if next >= end {
                    next = end;
                    s.playing = false;
                }
                s.t = next;
            }
            Action::Seek(t) => s.t = t.clamp(0.0, s.end()),
            Action::StepNext => {
                s.playing = false;
                let now = s.t as Millis;
                if let Some(m) = s.run.moments.iter().find(|m| **m > now) {
                    s.t = *m as f64;
                }
            }
            Action::StepPrev => {
                s.playing = false;
                let now = s.t.ceil() as Millis;
                if let Some(m) = s.run.moments.iter().rev().find(|m| **m < now) {
                    s.t = *m as f64;
                } else {
                    s.t = 0.0;
                }
            }
            Action::SetSpeed(v) => s.speed = v.clamp(1.0, 1000.0),
            Action::ToggleSkip => s.skip_waits = !s.skip_waits,
            Action::ToggleTheme => s.dark = Some(!s.dark.unwrap_or(false)),
            Action::TogglePresenter => s.presenter = !s.presenter,
            Action::ToggleHelp => s.help = !s.help,
            Action::CloseHelp => s.help = false,
            Action::Kubectl(line) => {
                let out = match &s.run.trace {
                    Some(t) => match crate::kubectl::run(t, s.now(), &line) {
                        Ok(o) | Err(o) => o,
                    },
                    None => crate::i18n::t(s.lang, s.no_run_key()).to_string(),
                };
                s.kubectl.push((line, out));
                s.kubectl_typed = s.kubectl_typed.wrapping_add(1);
                if s.kubectl.len() > 50 {
                    s.kubectl.remove(0);
                }
            }
            Action::Fault(entry) => {
                s.scenario = crate::scenario::append_fault(&s.scenario, &entry);
                s.tab = Tab::Scenario;
                s.before_reset = None;
                s.rerun();
            }
            Action::Message(m) => s.message = m,
            Action::SetPassed(p) => s.passed = Rc::new(p),
            Action::LoadTexts { manifest, scenario } => {
                s.manifest = manifest;
                s.pending_manifest = false;
                if let Some(sc) = scenario {
                    s.scenario = sc;
                    s.pending_scenario = false;
                }
                s.t = 0.0;
                s.before_reset = None;
                s.rerun();
            }
            Action::Continue(gen) => s.continue_run(gen),
            Action::Prose {
                result: Err(_),
                selected,
                ..
            } if selected != s.selected => {}
            Action::Prose { file, result, .. } => {
                let whole = result.and_then(|prose| {
                    lesson::with_prose(&file, &prose)
                        .ok_or_else(|| "the lesson file does not read as a lesson".to_string())
                });
                let current = s.current().is_some_and(|l| l.file == file);
                // Only a lesson that came whole changes the run (its texts,
                // its exercise); prose alone does not.
                let came_whole = current && s.current().is_some_and(|l| l.head_pending);
                match whole {
                    Ok(l) => {
                        if current {
                            // The texts still waiting take the lesson's.
                            if s.pending_manifest {
                                s.manifest = l.manifest.clone();
                            }
                            if s.pending_scenario {
                                s.scenario = l.scenario.clone();
                            }
                        }
                        if let Some(slot) = Rc::make_mut(&mut s.lessons)
                            .iter_mut()
                            .find(|x| x.file == file)
                        {
                            *slot = l;
                        }
                        if s.prose_error.as_ref().is_some_and(|(f, _)| *f == file) {
                            s.prose_error = None;
                        }
                    }
                    Err(why) => s.prose_error = Some((file, why)),
                }
                if came_whole {
                    // Its exercise has come too, or, without the lesson,
                    // the editor is the learner's.
                    s.pending_manifest = false;
                    s.pending_scenario = false;
                    s.rerun();
                }
            }
        }
        Rc::new(s)
    }
}
