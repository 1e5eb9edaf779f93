//! Lessons: one YAML file each in `lessons/` (format in docs/lessons.md),
//! with French and English text, a manifest, a scenario, and an exercise
//! whose machine checks run on the simulated Trace.

mod checks;
pub mod markdown;

pub use checks::{evaluate, evaluate_all, Check, CheckResult, Range};

use crate::manifest::decode::Decoder;
use crate::manifest::problem::Problem;
use crate::manifest::yaml::{self, Node};
use crate::manifest::{self, Manifest};
use crate::scenario;
use crate::sim::{self, Options, Trace};
use std::path::Path;

/// A text in both languages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub fr: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.fr
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exercise {
    pub goal: Text,
    pub checks: Vec<Check>,
    pub solution_manifest: String,
    pub solution_scenario: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lesson {
    /// File name without extension (`05-backofflimit-counts-pods`).
    pub file: String,
    pub id: String,
    pub section: String,
    pub title: Text,
    pub text: Text,
    pub look: Text,
    pub manifest: String,
    pub scenario: String,
    pub exercise: Option<Exercise>,
    /// In the page, the prose (`text`, `look`) is not bundled: this is the
    /// version to fetch (`lessons/<file>.yaml?v=…`), empty once it is here
    /// (and always natively).
    pub prose_pending: String,
    /// Only `file`, `id`, `title` and `prose_pending` are filled: the
    /// page's lesson index (see [`index`]); [`bundled_lesson`] reads the
    /// whole head when the lesson is opened.
    pub head_pending: bool,
}

const LESSON: &[&str] = &[
    "id", "section", "title", "text", "look", "manifest", "scenario", "exercise",
];
const TEXT: &[&str] = &["fr", "en"];
const EXERCISE: &[&str] = &["goal", "checks", "solution"];
const SOLUTION: &[&str] = &["manifest", "scenario"];

fn text(d: &mut Decoder, n: &Node, path: &str) -> Text {
    let mut t = Text::default();
    for (k, v, p) in d.fields(n, path, "lesson", "text", TEXT) {
        let s = d.string(v, &p, "lesson").unwrap_or_default();
        if k == "fr" {
            t.fr = s;
        } else {
            t.en = s;
        }
    }
    for (lang, s) in [("fr", &t.fr), ("en", &t.en)] {
        if s.trim().is_empty() {
            d.problems.push(Problem::new(
                n.pos,
                format!("{path}.{lang}"),
                "Required value: every text exists in French and English",
            ));
        }
    }
    t
}

/// Parses a lesson file; `file` names it in problems.
pub fn parse(file: &str, source: &str) -> (Lesson, Vec<Problem>) {
    let mut lesson = Lesson {
        file: file.to_string(),
        ..Lesson::default()
    };
    let (docs, mut problems) = yaml::parse(source);
    let Some(root) = docs.into_iter().find_map(|d| d.root) else {
        problems.push(Problem::new(
            manifest::Pos::START,
            "yaml",
            "the lesson file is empty",
        ));
        return (lesson, problems);
    };
    let mut d = Decoder::new(root.pos);
    for (key, v, p) in d.fields(&root, "", "lesson", "lesson", LESSON) {
        match key {
            "id" => lesson.id = d.string(v, &p, "lesson").unwrap_or_default(),
            "section" => lesson.section = d.string(v, &p, "lesson").unwrap_or_default(),
            "title" => lesson.title = text(&mut d, v, &p),
            "text" => lesson.text = text(&mut d, v, &p),
            "look" => lesson.look = text(&mut d, v, &p),
            "manifest" => lesson.manifest = d.string(v, &p, "lesson").unwrap_or_default(),
            "scenario" => lesson.scenario = d.string(v, &p, "lesson").unwrap_or_default(),
            "exercise" => {
                let mut ex = Exercise::default();
                for (k2, v2, p2) in d.fields(v, &p, "lesson", "exercise", EXERCISE) {
                    match k2 {
                        "goal" => ex.goal = text(&mut d, v2, &p2),
                        "checks" => {
                            for (item, ip) in d.list(v2, &p2, "lesson", "[]check") {
                                if let Some(c) = checks::parse_check(&mut d, item, &ip) {
                                    ex.checks.push(c);
                                }
                            }
                        }
                        "solution" => {
                            for (k3, v3, p3) in d.fields(v2, &p2, "lesson", "solution", SOLUTION) {
                                let s = d.string(v3, &p3, "lesson");
                                if k3 == "manifest" {
                                    ex.solution_manifest = s.unwrap_or_default();
                                } else {
                                    ex.solution_scenario = s;
                                }
                            }
                        }
                        _ => {}
                    }
                }
                lesson.exercise = Some(ex);
            }
            _ => {}
        }
    }
    problems.append(&mut d.problems);
    for (field, empty) in [
        ("id", lesson.id.is_empty()),
        ("manifest", lesson.manifest.trim().is_empty()),
    ] {
        if empty {
            problems.push(Problem::new(root.pos, field, "Required value"));
        }
    }
    manifest::problem::sort(&mut problems);
    (lesson, problems)
}

/// One entry of `BUNDLED` (see build.rs).
type Bundled = (
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str, &'static str)>,
);

/// A bundled lesson read whole (without its prose in the page).
fn read_bundled(&(file, src, prose, _): &Bundled) -> Lesson {
    Lesson {
        prose_pending: prose.to_string(),
        ..parse(file, src).0
    }
}

/// The lessons shipped with the playground, in order (generated by
/// build.rs from `lessons/*.yaml`): whole natively; in the page, only
/// those whose head is bundled (see [`index`] for the list).
pub fn bundled() -> Vec<Lesson> {
    BUNDLED
        .iter()
        .filter(|(_, src, ..)| !src.is_empty())
        .map(read_bundled)
        .collect()
}

/// The bundled lessons as the page lists them at start-up: ids and titles
/// only (read by build.rs, see `quick_meta`), each head parsed when its
/// lesson is opened ([`bundled_lesson`]). Parsing all 29 heads in
/// WebAssembly before the first frame cost tens of milliseconds of the
/// page's load; a lesson whose head has another layout is parsed here.
pub fn index() -> Vec<Lesson> {
    BUNDLED
        .iter()
        .map(|b| match b {
            (file, _, prose, Some((id, fr, en))) => Lesson {
                file: file.to_string(),
                id: id.to_string(),
                title: Text {
                    fr: fr.to_string(),
                    en: en.to_string(),
                },
                prose_pending: prose.to_string(),
                head_pending: true,
                ..Lesson::default()
            },
            _ => read_bundled(b),
        })
        .collect()
}

/// The lesson an address asks for: by its id (`backoff-ladder`), and, as
/// people also write them, by its file name (`07-backoff-ladder`) or its
/// number (`7`), in any case. None when nothing matches.
pub fn find(lessons: &[Lesson], asked: &str) -> Option<usize> {
    let asked = asked.trim();
    let number = |file: &str| file.split('-').next()?.parse::<u32>().ok();
    lessons
        .iter()
        .position(|l| l.id == asked)
        .or_else(|| {
            lessons.iter().position(|l| {
                l.id.eq_ignore_ascii_case(asked) || l.file.eq_ignore_ascii_case(asked)
            })
        })
        .or_else(|| {
            let n = asked.parse::<u32>().ok()?;
            lessons.iter().position(|l| number(&l.file) == Some(n))
        })
}

/// The whole bundled lesson `file` (without its prose in the page), or
/// None when the page bundles nothing of it but its title (it comes with
/// its prose, [`with_prose`]).
pub fn bundled_lesson(file: &str) -> Option<Lesson> {
    BUNDLED
        .iter()
        .find(|(f, src, ..)| *f == file && !src.is_empty())
        .map(read_bundled)
}

/// A bundled lesson completed with what the page fetched of it: the whole
/// lesson but its solution when the bundle has only its title
/// (`page_lesson`), otherwise its prose (the `text:` and `look:` blocks).
/// None when the file is not a bundled lesson or the text does not read
/// as its own.
pub fn with_prose(file: &str, fetched: &str) -> Option<Lesson> {
    let (_, source, _, meta) = BUNDLED.iter().find(|(f, ..)| *f == file)?;
    let whole = if source.is_empty() {
        fetched.to_string()
    } else if fetched.starts_with("text:") || fetched.starts_with("look:") {
        // The bundled source is the head in the page, the whole file
        // natively.
        split_lesson(source).0 + fetched
    } else {
        return None;
    };
    let (lesson, problems) = parse(file, &whole);
    let own = meta.is_none_or(|(id, ..)| lesson.id == *id);
    (problems.is_empty() && own && !lesson.text.fr.is_empty()).then_some(lesson)
}

include!("split.rs");

include!(concat!(env!("OUT_DIR"), "/bundled_lessons.rs"));

#[cfg(test)]
mod split_tests {
    use super::*;

    /// The page reads a lesson as head + prose: it must be the lesson.
    #[test]
    fn head_and_prose_read_back_as_the_whole_lesson() {
        for (file, source, ..) in BUNDLED {
            let (head, prose) = split_lesson(source);
            assert!(prose.starts_with("text:"), "{file}: prose first");
            assert!(!head.contains("\ntext:"), "{file}");
            let whole = parse(file, source).0;
            assert_eq!(parse(file, &format!("{head}{prose}")).0, whole, "{file}");
            assert_eq!(with_prose(file, &prose), Some(whole.clone()), "{file}");
            // The page's head has no solution; everything else is there.
            let page = parse(file, &page_lesson(source));
            assert!(page.1.is_empty(), "{file}: {:?}", page.1);
            let mut expected = whole;
            if let Some(ex) = expected.exercise.as_mut() {
                assert!(!ex.solution_manifest.is_empty(), "{file}: a solution");
                ex.solution_manifest.clear();
                ex.solution_scenario = None;
            }
            assert_eq!(page.0, expected, "{file}");
        }
        assert_eq!(with_prose("01-what-is-a-failure", "id: x\n"), None);
        assert_eq!(
            with_prose("no-such-lesson", "text:\n  fr: a\n  en: b\n"),
            None
        );
    }

    #[test]
    fn an_address_names_a_lesson_by_id_file_or_number() {
        let lessons = index();
        let ladder = lessons
            .iter()
            .position(|l| l.id == "backoff-ladder")
            .unwrap();
        for asked in [
            "backoff-ladder",
            "07-backoff-ladder",
            "BACKOFF-LADDER",
            "7",
            "07",
            " 7 ",
        ] {
            assert_eq!(find(&lessons, asked), Some(ladder), "{asked:?}");
        }
        for asked in ["", "nope-lesson", "0", "99", "ladder", "-1"] {
            assert_eq!(find(&lessons, asked), None, "{asked:?}");
        }
    }

    /// The page lists lessons from build.rs's `quick_meta` and parses one
    /// only when it is opened: both readings must agree.
    #[test]
    fn the_lesson_index_agrees_with_the_parsed_lessons() {
        let index = index();
        let whole = bundled();
        assert_eq!(index.len(), whole.len());
        for (i, l) in index.iter().zip(&whole) {
            assert!(i.head_pending, "{}: read without the YAML parser", l.file);
            assert_eq!((&i.file, &i.id, &i.title), (&l.file, &l.id, &l.title));
            assert_eq!(bundled_lesson(&l.file).as_ref(), Some(l));
        }
        assert_eq!(bundled_lesson("no-such-lesson"), None);
        // Other layouts are left to the parser.
        let meta = quick_meta;
        assert_eq!(
            meta("id: a-b\ntitle:\n  fr: \"T \\\"x\\\" \\\\\"\n  en: \"E\"\n"),
            Some(("a-b".into(), "T \"x\" \\".into(), "E".into()))
        );
        for other in [
            "id: a\ntitle:\n  fr: plain\n  en: \"E\"\n",
            "id: a\ntitle:\n  fr: \"T\\n\"\n  en: \"E\"\n",
            "id: a\ntitle:\n  # note\n  fr: \"T\"\n  en: \"E\"\n",
            "id: \"a\"\ntitle:\n  fr: \"T\"\n  en: \"E\"\n",
            "id: a\ntitle: {fr: \"T\", en: \"E\"}\n",
            "title:\n  fr: \"T\"\n  en: \"E\"\n",
        ] {
            assert_eq!(meta(other), None, "{other:?}");
        }
    }
}

/// One run: what the learner's text gives.
#[derive(Debug, Clone)]
pub struct Run {
    pub manifest: Manifest,
    pub scenario_problems: Vec<Problem>,
    /// None when the manifest or scenario has problems.
    pub trace: Option<Trace>,
}

/// Reads, validates and simulates a manifest and a scenario.
pub fn run(manifest_text: &str, scenario_text: &str, opts: &Options) -> Run {
    let mut started = start(manifest_text, scenario_text, opts);
    while !started.step(u64::MAX) {}
    started.finish()
}

/// A run read and validated, its simulation not yet done: the page steps
/// it a slice at a time (see [`sim::Simulation`]).
pub struct Started {
    manifest: manifest::Manifest,
    scenario_problems: Vec<manifest::Problem>,
    simulation: Option<sim::Simulation>,
}

/// Reads and validates both texts and sets the simulation up.
pub fn start(manifest_text: &str, scenario_text: &str, opts: &Options) -> Started {
    let m = manifest::read(manifest_text);
    let s = scenario::read(scenario_text);
    let simulation = (m.problems.is_empty() && s.problems.is_empty() && !m.objects.is_empty())
        .then(|| {
            let objects: Vec<_> = m.objects.iter().map(|(o, _)| o.clone()).collect();
            sim::Simulation::new(&objects, std::rc::Rc::new(s.scenario), opts)
        });
    Started {
        manifest: m,
        scenario_problems: s.problems,
        simulation,
    }
}

impl Started {
    /// Processes up to `budget` events; true once there is nothing left.
    pub fn step(&mut self, budget: u64) -> bool {
        self.simulation.as_mut().is_none_or(|s| s.step(budget))
    }
    /// Events simulated so far.
    pub fn steps(&self) -> u64 {
        self.simulation.as_ref().map_or(0, |s| s.steps())
    }
    pub fn finish(self) -> Run {
        Run {
            manifest: self.manifest,
            scenario_problems: self.scenario_problems,
            trace: self.simulation.map(sim::Simulation::finish),
        }
    }
}

/// The result of `jobsim lessons`.
pub struct Report {
    pub text: String,
    pub failed: usize,
}

/// Checks one lesson: it parses, its manifest and scenario are valid (or
/// its checks expect them not to be), at least one check fails on the
/// starting manifest and every check passes on the solution.
pub fn check_lesson(lesson: &Lesson) -> Vec<String> {
    let mut errors = Vec::new();
    let opts = Options::default();
    let start = run(&lesson.manifest, &lesson.scenario, &opts);
    for p in &start.scenario_problems {
        errors.push(format!(
            "scenario {}:{}: {}: {}",
            p.line, p.col, p.path, p.message
        ));
    }
    let Some(ex) = &lesson.exercise else {
        errors.push("no exercise".into());
        return errors;
    };
    if ex.checks.is_empty() {
        errors.push("the exercise has no checks".into());
    }
    let expects_invalid = ex
        .checks
        .iter()
        .any(|c| matches!(c, Check::Valid(false) | Check::Problem { .. }));
    if !start.manifest.problems.is_empty()
        && !ex
            .checks
            .iter()
            .any(|c| matches!(c, Check::Valid(_) | Check::Problem { .. }))
    {
        for p in &start.manifest.problems {
            errors.push(format!(
                "manifest {}:{}: {}: {}",
                p.line, p.col, p.path, p.message
            ));
        }
    }
    let start_results: Vec<CheckResult> = evaluate_all(
        &ex.checks,
        &lesson.manifest,
        &start.manifest,
        start.trace.as_ref(),
    );
    if start_results.iter().all(|r| r.passed) {
        errors.push(
            "every check already passes on the starting manifest: the exercise asks nothing".into(),
        );
    }
    let scenario_text = ex.solution_scenario.as_deref().unwrap_or(&lesson.scenario);
    let solution = run(&ex.solution_manifest, scenario_text, &opts);
    if !expects_invalid {
        for p in solution
            .manifest
            .problems
            .iter()
            .chain(&solution.scenario_problems)
        {
            errors.push(format!(
                "solution {}:{}: {}: {}",
                p.line, p.col, p.path, p.message
            ));
        }
    }
    let solved = evaluate_all(
        &ex.checks,
        &ex.solution_manifest,
        &solution.manifest,
        solution.trace.as_ref(),
    );
    for (c, r) in ex.checks.iter().zip(solved) {
        if !r.passed {
            errors.push(format!(
                "the solution fails a check: {} ({})",
                c.describe("en"),
                r.detail.en
            ));
        }
    }
    for lang in ["fr", "en"] {
        if lesson.title.get(lang).is_empty() || lesson.text.get(lang).is_empty() {
            errors.push(format!("missing {lang} text"));
        }
    }
    errors
}

/// `jobsim lessons DIR`.
pub fn check_dir(dir: &Path) -> Result<Report, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    crate::sort::sort(&mut files);
    let mut text = String::new();
    let mut failed = 0;
    let mut ids = crate::sorted::SortedSet::new();
    for path in &files {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let source = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let (lesson, problems) = parse(&name, &source);
        let mut errors: Vec<String> = problems
            .iter()
            .map(|p| format!("{}:{}: {}: {}", p.line, p.col, p.path, p.message))
            .collect();
        if problems.is_empty() {
            errors.extend(check_lesson(&lesson));
        }
        if !ids.insert(lesson.id.clone()) {
            errors.push(format!("duplicate id {}", crate::quote::quote(&lesson.id)));
        }
        if errors.is_empty() {
            text.push_str(&format!("ok      {name}\n"));
        } else {
            failed += 1;
            text.push_str(&format!("FAILED  {name}\n"));
            for e in errors {
                text.push_str(&format!("          {e}\n"));
            }
        }
    }
    text.push_str(&format!(
        "lessons: {} passed, {failed} failed\n",
        files.len() - failed
    ));
    Ok(Report { text, failed })
}
