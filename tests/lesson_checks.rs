//! What an exercise's checks tell the learner: in both languages, and with
//! the evidence of a passed check in view.

use job_playground::lesson::{self, Check};
use job_playground::sim::Options;

#[test]
fn a_passed_exit_code_check_shows_its_evidence_and_speaks_french() {
    let l = lesson::bundled()
        .into_iter()
        .find(|l| l.id == "exit-codes")
        .expect("the exit codes lesson");
    let ex = l.exercise.as_ref().expect("an exercise");
    let scenario = ex.solution_scenario.as_deref().unwrap_or(&l.scenario);
    let run = lesson::run(&ex.solution_manifest, scenario, &Options::default());
    let results: Vec<_> = ex
        .checks
        .iter()
        .map(|c| (c, lesson::evaluate(c, &run.manifest, run.trace.as_ref())))
        .collect();
    for (check, r) in &results {
        assert!(r.passed, "{check:?}: {r:?}");
        if let Check::ExitCode { code, .. } = check {
            // The list is cut at six endings; the one checked comes first.
            assert!(
                r.detail.en.contains(&format!(" {code} (")),
                "{code}: {}",
                r.detail.en
            );
        }
    }
    let cut = results
        .iter()
        .find(|(c, _)| matches!(c, Check::ExitCode { .. }))
        .map(|(_, r)| &r.detail.en)
        .unwrap();
    assert!(cut.ends_with(", …"), "eight endings, six shown: {cut}");

    // Without a run, each language says why.
    let bad = lesson::run("kind: Job\n", "", &Options::default());
    let r = lesson::evaluate(&ex.checks[0], &bad.manifest, bad.trace.as_ref());
    assert!(!r.passed);
    assert_eq!(
        (r.detail.fr.as_str(), r.detail.en.as_str()),
        (
            "le manifeste ne s'exécute pas : corrigez d'abord les problèmes",
            "the manifest does not run: fix the problems first"
        )
    );
}
