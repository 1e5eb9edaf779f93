//! Golden runs: every lesson's starting manifest and its solution, as a
//! learner would read them in a terminal (`kubectl get jobs`, `get pods`,
//! `describe job` at the end of the run). The texts are checked in under
//! tests/golden/; `UPDATE_GOLDEN=1 cargo test --test golden_lessons`
//! rewrites them after a deliberate change (review the diff).

use job_playground::lesson;
use job_playground::sim::Options;
use std::path::PathBuf;

fn render(manifest: &str, scenario: &str) -> String {
    let run = lesson::run(manifest, scenario, &Options::default());
    let mut out = String::new();
    for p in run.manifest.problems.iter().chain(&run.scenario_problems) {
        out.push_str(&format!(
            "problem {}:{}: {}: {}\n",
            p.line, p.col, p.path, p.message
        ));
    }
    if let Some(t) = &run.trace {
        out.push_str(&format!(
            "# end {} s, stop {}, {} events\n",
            t.end as f64 / 1000.0,
            t.stop_reason.as_str(),
            t.steps
        ));
        out.push_str(&job_playground::kubectl::summary(t, t.end));
        for n in &t.notes {
            out.push_str(&format!("note: {n}\n"));
        }
    }
    out
}

#[test]
fn every_lesson_matches_its_golden_run() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    let lessons = lesson::bundled();
    assert!(lessons.len() >= 20, "the bundled lessons are there");
    for l in &lessons {
        let mut cases = vec![("start", render(&l.manifest, &l.scenario))];
        if let Some(ex) = &l.exercise {
            cases.push((
                "solution",
                render(
                    &ex.solution_manifest,
                    ex.solution_scenario.as_deref().unwrap_or(&l.scenario),
                ),
            ));
        }
        for (which, text) in cases {
            let path = dir.join(format!("{}.{which}.txt", l.file));
            if update {
                std::fs::write(&path, &text).expect("write golden");
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(want) if want == text => {}
                Ok(want) => {
                    let line = want
                        .lines()
                        .zip(text.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    mismatches.push(format!(
                        "{}: first difference at line {}:\n  want: {:?}\n  got:  {:?}",
                        path.display(),
                        line + 1,
                        want.lines().nth(line),
                        text.lines().nth(line)
                    ));
                }
                Err(_) => mismatches.push(format!(
                    "{} is missing (UPDATE_GOLDEN=1 to create it)",
                    path.display()
                )),
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The JSON of one lesson's run, checked in: tests/web.rs computes the same
/// run in WebAssembly and compares it byte for byte.
#[test]
fn determinism_reference_json() {
    let l = lesson::bundled()
        .into_iter()
        .find(|l| l.id == "backoff-ladder")
        .expect("the lesson");
    let run = lesson::run(&l.manifest, &l.scenario, &Options::default());
    let json = serde_json::to_string_pretty(&job_playground::sim::json::to_json(
        run.trace.as_ref().expect("a run"),
    ))
    .unwrap()
        + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/determinism.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        json,
        "UPDATE_GOLDEN=1 to refresh after a deliberate change"
    );
}

/// The page shows a run that fits in one slice of its budget in the same
/// frame as the keystroke (`web::state::SLICE_EVENTS`, 1 500 events, a
/// script's commands counting too): every lesson, started and solved, does.
#[test]
fn every_lesson_fits_in_one_slice_of_the_page() {
    const SLICE_EVENTS: u64 = 1_500;
    let opts = job_playground::sim::Options {
        max_events: 10_000,
        ..Default::default()
    };
    for l in job_playground::lesson::bundled() {
        let mut texts = vec![(l.manifest.clone(), l.scenario.clone())];
        if let Some(ex) = &l.exercise {
            let scenario = ex.solution_scenario.clone().unwrap_or(l.scenario.clone());
            texts.push((ex.solution_manifest.clone(), scenario));
        }
        for (m, s) in texts {
            let mut started = job_playground::lesson::start(&m, &s, &opts);
            assert!(started.step(SLICE_EVENTS), "{}", l.file);
        }
    }
}
