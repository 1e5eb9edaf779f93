//! What an exercise's checks tell the learner: in both languages, and with
//! the evidence of a passed check in view.

use job_playground::lesson::{self, Check, Lesson, Run};
use job_playground::sim::Options;

fn bundled(id: &str) -> Lesson {
    lesson::bundled()
        .into_iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no lesson {id}"))
}

/// Whether `manifest` passes every check of `l`'s exercise.
fn passes_all(l: &Lesson, manifest: &str) -> bool {
    let run = lesson::run(manifest, &l.scenario, &Options::default());
    let checks = &l.exercise.as_ref().expect("an exercise").checks;
    lesson::evaluate_all(checks, manifest, &run.manifest, run.trace.as_ref())
        .iter()
        .all(|r| r.passed)
}

/// A lesson's exercise solution, run.
fn solved(l: &Lesson) -> Run {
    let ex = l.exercise.as_ref().expect("an exercise");
    let scenario = ex.solution_scenario.as_deref().unwrap_or(&l.scenario);
    lesson::run(&ex.solution_manifest, scenario, &Options::default())
}

#[test]
fn a_passed_exit_code_check_shows_its_evidence_and_speaks_french() {
    let l = bundled("exit-codes");
    let ex = l.exercise.as_ref().expect("an exercise");
    let run = solved(&l);
    let results: Vec<_> = ex
        .checks
        .iter()
        .map(|c| {
            (
                c,
                lesson::evaluate(c, &ex.solution_manifest, &run.manifest, run.trace.as_ref()),
            )
        })
        .collect();
    for (check, r) in &results {
        assert!(r.passed, "{check:?}: {r:?}");
        if let Check::ExitCode { code, .. } = check {
            // The list is cut at six endings; the one checked comes first.
            let first = r.detail.en.split(", ").next().unwrap();
            assert!(
                first.contains(&format!(" {code} (")),
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

    // What was seen, in each language.
    let failed = Check::PodsFailed(lesson::Range {
        min: Some(0),
        max: None,
    });
    let r = lesson::evaluate(&failed, "", &run.manifest, run.trace.as_ref());
    let n = r.detail.en.split(' ').next().unwrap().to_string();
    assert_eq!(
        (r.detail.fr.as_str(), r.detail.en.as_str()),
        (
            format!("{n} Pod(s) en échec").as_str(),
            format!("{n} failed pod(s)").as_str()
        )
    );

    // Without a run, each language says why.
    let bad = lesson::run("kind: Job\n", "", &Options::default());
    let r = lesson::evaluate(
        &ex.checks[0],
        "kind: Job\n",
        &bad.manifest,
        bad.trace.as_ref(),
    );
    assert!(!r.passed);
    assert_eq!(
        (r.detail.fr.as_str(), r.detail.en.as_str()),
        (
            "le manifeste ne s'exécute pas : corrigez d'abord les problèmes",
            "the manifest does not run: fix the problems first"
        )
    );
}

/// The Job card of an `OnFailure` Job measures its limit in restarts, as
/// the Job controller does: they climb to the limit, where the Job fails,
/// and the card keeps that count once the pod is gone.
#[test]
fn an_on_failure_job_counts_restarts_toward_its_limit() {
    // Lesson 06's pod is running when the Job fails; lesson 09's is in
    // back-off, and goes at the very moment.
    for id in ["backofflimit-onfailure", "strategy-retry-with-timeout"] {
        restarts_climb_to_the_limit(id);
    }
}

fn restarts_climb_to_the_limit(id: &str) {
    let l = bundled(id);
    let run = lesson::run(&l.manifest, &l.scenario, &Options::default());
    let t = run.trace.expect("it runs");
    let job = &t.jobs[0];
    // FailureTarget is where the controller decides; Failed comes once the
    // pod has stopped.
    let failed = job
        .conditions
        .iter()
        .find(|c| c.type_ == "FailureTarget")
        .expect("it fails");
    assert_eq!(failed.reason, "BackoffLimitExceeded");
    let limit = job.spec.backoff_limit() as u32;
    let at = |ms| t.restarts_toward_backoff_limit(job, ms);
    assert_eq!(at(0), 0);
    let mut last = 0;
    for ms in (0..failed.at).step_by(500) {
        let n = at(ms);
        assert!(n >= last && n <= limit, "{n} at {ms} ms");
        last = n;
    }
    assert_eq!(
        at(failed.at),
        limit,
        "the Job fails when restarts reach the limit"
    );
    assert_eq!(
        at(failed.at + 600_000),
        limit,
        "and the card keeps that count"
    );
    assert_eq!(
        job.counts_at(failed.at - 1).failed,
        0,
        "failed does not move before"
    );
}

/// Lesson 07 asks for the back-off ladder's arithmetic: five Pods failing
/// at once (`parallelism: 5`) must not pass it, nor a lower limit.
#[test]
fn the_backoff_ladder_exercise_cannot_be_flooded() {
    let l = bundled("backoff-ladder");
    let ex = l.exercise.as_ref().unwrap();
    let passes = |manifest: &str| passes_all(&l, manifest);
    assert!(passes(&ex.solution_manifest), "the solution passes");
    let flood = ex
        .solution_manifest
        .replace("backoffLimit: 4", "backoffLimit: 4\n  parallelism: 5");
    assert_ne!(flood, ex.solution_manifest);
    assert!(!passes(&flood), "five Pods at once");
    let lower = ex
        .solution_manifest
        .replace("backoffLimit: 4", "backoffLimit: 3");
    assert!(!passes(&lower), "fewer attempts");
}

/// An OnFailure Job that succeeds after restarts keeps showing them.
#[test]
fn a_succeeded_on_failure_job_keeps_its_restart_count() {
    let run = solved(&bundled("backofflimit-onfailure"));
    let t = run.trace.expect("it runs");
    let job = &t.jobs[0];
    assert!(job.completion_time.is_some(), "the solution completes");
    let pod = &t.pods[job.pods[0]];
    let made = pod.containers[0].runs.len() as u32 - 1;
    assert!(made > 0, "after restarts");
    assert_eq!(t.restarts_toward_backoff_limit(job, t.end), made);
}

/// What a run cannot tell apart, a `field` check reads in the manifest as
/// written: lesson 27's purge at 2 a.m. Paris time must keep its schedule
/// (`0 1 * * *` in UTC gives the same Job at the same time), lesson 21's
/// probe must watch the heartbeat file.
#[test]
fn field_checks_hold_what_the_goal_says_and_read_as_written() {
    let passes = passes_all;
    let tz = bundled("cronjob-time-zone");
    let solution = &tz.exercise.as_ref().unwrap().solution_manifest;
    assert!(passes(&tz, solution));
    let moved = solution
        .replace("\"0 2 * * *\"", "\"0 1 * * *\"")
        .replace("    timeZone: \"Europe/Paris\"\n", "");
    assert_ne!(&moved, solution);
    assert!(!passes(&tz, &moved), "the schedule was touched");

    let probe = bundled("liveness-probe-long-job");
    let solution = &probe.exercise.as_ref().unwrap().solution_manifest;
    assert!(passes(&probe, solution));
    let any = solution.replace(
        "[\"sh\", \"-c\", \"find /tmp/heartbeat -mmin -2 | grep -q heartbeat\"]",
        "[\"true\"]",
    );
    assert_ne!(&any, solution);
    assert!(!passes(&probe, &any), "a probe that watches nothing");
    // The course's probe only sees that the process exists: the hang
    // lasts until the deadline.
    let ps = solution.replace(
        "find /tmp/heartbeat -mmin -2 | grep -q heartbeat",
        "ps aux | grep -v grep | grep -q reindex-lot",
    );
    assert_ne!(&ps, solution);
    let run = lesson::run(&ps, &probe.scenario, &Options::default());
    let trace = run.trace.expect("runs");
    assert!(trace.events.iter().all(|e| e.reason != "Unhealthy"));
    assert!(!passes(&probe, &ps), "a probe that sees the process only");

    // Paths, lists, absence, and what the learner is shown.
    let text = "kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        command: [sh, -c, \"timeout 240 run\"]\n---\nkind: Job\nspec:\n  backoffLimit: 2\n";
    let run = lesson::run(text, "", &Options::default());
    let field = |path: &str, equals: Option<&str>, contains: Option<&str>, absent: bool| {
        let c = Check::Field {
            path: path.into(),
            equals: equals.map(Into::into),
            contains: contains.map(Into::into),
            absent,
        };
        lesson::evaluate(&c, text, &run.manifest, run.trace.as_ref())
    };
    let command = "spec.template.spec.containers[0].command";
    assert!(field(command, None, Some("timeout 240"), false).passed);
    assert!(field(command, Some("sh -c timeout 240 run"), None, false).passed);
    assert!(!field(command, None, Some("timeout 60"), false).passed);
    assert!(
        field(
            "spec.template.spec.containers[0].name",
            Some("a"),
            None,
            false
        )
        .passed
    );
    assert!(!field("spec.template.spec.containers[1].name", None, None, false).passed);
    // The second document has it.
    let r = field("spec.backoffLimit", Some("2"), None, false);
    assert!(r.passed);
    assert_eq!(r.detail.en, "spec.backoffLimit: 2");
    let r = field("spec.activeDeadlineSeconds", None, None, true);
    assert!(r.passed);
    assert_eq!(
        (r.detail.fr.as_str(), r.detail.en.as_str()),
        (
            "spec.activeDeadlineSeconds : absent",
            "spec.activeDeadlineSeconds: not written"
        )
    );
    assert!(!field("spec.backoffLimit", None, None, true).passed);
    assert!(!field("spec[x", None, None, false).passed);
}

/// A check on a container finds its text in `command` or in `args`; a
/// field check with no path is a problem of the lesson file.
#[test]
fn a_field_check_on_a_container_reads_command_and_args() {
    let l = bundled("deadline-exceeded");
    let ex = l.exercise.as_ref().unwrap();
    let passes = |manifest: &str| passes_all(&l, manifest);
    assert!(passes(&ex.solution_manifest));
    let with_args = ex.solution_manifest.replace(
        "command: [\"sh\", \"-c\", \"timeout 240 exporter-ecritures --exercice 2025\"]",
        "command: [\"sh\", \"-c\"]\n        args: [\"timeout 240 exporter-ecritures --exercice 2025\"]",
    );
    assert_ne!(&with_args, &ex.solution_manifest);
    assert!(passes(&with_args), "{with_args}");

    let broken = "id: x\nsection: s\ntitle: {fr: a, en: b}\ntext: {fr: a, en: b}\nmanifest: |\n  kind: Job\nexercise:\n  goal: {fr: a, en: b}\n  checks:\n    - field: {equals: \"1\"}\n";
    let (_, problems) = lesson::parse("x", broken);
    assert!(
        problems
            .iter()
            .any(|p| p.path.ends_with(".path") && p.message.contains("Required value")),
        "{problems:?}"
    );
}
