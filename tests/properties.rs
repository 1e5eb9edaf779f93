//! Property tests: no input breaks the reader or the engine, and the
//! engine's invariants hold on random Jobs.

mod common;
use common::*;
use job_playground::manifest;
use job_playground::sim::{Options, Phase};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Any text: no panic, and either objects or at least one problem,
    /// each with a position inside the text.
    #[test]
    fn any_text_gives_objects_or_positioned_problems(text in "\\PC{0,400}") {
        let m = manifest::read(&text);
        prop_assert!(!m.objects.is_empty() || !m.problems.is_empty());
        let lines = text.lines().count().max(1) as u32 + 1;
        for p in &m.problems {
            prop_assert!(p.line >= 1 && p.line <= lines, "{p:?}");
            prop_assert!(p.col >= 1);
        }
    }

    /// YAML-looking text built from manifest words: same guarantees.
    #[test]
    fn yaml_like_text_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
        "apiVersion: batch/v1\n", "kind: Job\n", "kind: CronJob\n", "metadata:\n", "  name: x\n", "spec:\n",
        "  backoffLimit: -1\n", "  backoffLimit: trois\n", "  template:\n", "    spec:\n", "      restartPolicy: Never\n",
        "      containers:\n", "      - name: a\n", "        image: b\n", "        command: [sh, -c, 'exit 1']\n", "---\n",
        "  completionMode: Indexed\n", "  podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [0]}}]}\n",
        "  schedule: '*/5 * * * *'\n", "  jobTemplate:\n", "&a [*a]\n", "\t", ": :\n", "- - -\n", "  {\n", "'\n",
    ]), 0..30)) {
        let text: String = parts.concat();
        let m = manifest::read(&text);
        prop_assert!(!m.objects.is_empty() || !m.problems.is_empty());
    }

    /// Random failing or succeeding Jobs under Never: failed pods never
    /// exceed backoffLimit + 1; every replacement waits at least the
    /// back-off; nothing runs after the Job's terminal condition; the same
    /// inputs give the same Trace.
    #[test]
    fn never_invariants(backoff_limit in 0i32..7, exits in prop::collection::vec(prop::sample::select(vec![0, 1, 2, 137]), 1..8), runs in 0u32..20, parallelism in 1i32..3, completions in 1i32..4) {
        let attempts: String = exits.iter().map(|e| format!("      - {{exit: {e}, runs: {runs}s}}\n")).collect();
        let scenario = format!("containers:\n  task:\n    attempts:\n{attempts}    default: {{exit: 1, runs: 2s}}\n");
        let spec = format!("  backoffLimit: {backoff_limit}\n  parallelism: {parallelism}\n  completions: {completions}");
        let m = job("prop", &spec, "Never", "true");
        let t = run(&m, &scenario);
        let failed = t.pods.iter().filter(|p| p.phase() == Phase::Failed).count() as i32;
        prop_assert!(failed <= backoff_limit + parallelism, "failed {failed} > limit {backoff_limit} (+ parallel pods)");
        let j = &t.jobs[0];
        let end = j.finished_at(i64::MAX).map(|c| c.at);
        prop_assert!(end.is_some(), "the Job finishes");
        let end = end.unwrap_or(0);
        for p in &t.pods {
            for c in &p.containers {
                for r in &c.runs {
                    prop_assert!(r.started_at <= end && r.finished_at.is_some_and(|f| f <= end), "a container ran after the Job finished");
                }
            }
        }
        if parallelism == 1 {
            // Each replacement after a failure waits at least 10 s.
            for w in t.pods.windows(2) {
                if w[0].phase() == Phase::Failed {
                    prop_assert!(w[1].created_at - w[0].finished_at().unwrap_or(0) >= 10_000);
                }
            }
        }
        prop_assert_eq!(&t, &run(&m, &scenario), "deterministic");
    }

    /// OnFailure: the Job fails with at most backoffLimit + 1 runs of a
    /// pod, and with one pod.
    #[test]
    fn on_failure_invariants(backoff_limit in 0i32..6, runs in 0u32..30) {
        let scenario = format!("containers:\n  task:\n    default: {{exit: 1, runs: {runs}s}}\n");
        let t = run(&job("prop", &format!("  backoffLimit: {backoff_limit}"), "OnFailure", "true"), &scenario);
        prop_assert_eq!(t.pods.len(), 1);
        let n = t.pods[0].containers[0].runs.len() as i32;
        prop_assert!(n <= backoff_limit.max(1) + 1, "{n} runs for backoffLimit {backoff_limit}");
        prop_assert_eq!(t.jobs[0].conditions.last().map(|c| &*c.reason), Some("BackoffLimitExceeded"));
    }
}

/// The safety cap: a Job that can never succeed and has the largest
/// backoffLimit ends quickly with stopReason "limit" and a note.
#[test]
fn runaway_backoff_limit_ends_quickly() {
    let started = std::time::Instant::now();
    let t = run(
        &job("infini", "  backoffLimit: 2147483647", "Never", "exit 1"),
        "",
    );
    assert_eq!(t.stop_reason.as_str(), "limit");
    assert!(!t.notes.is_empty());
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "generous bound for a debug build"
    );
    let t = run(
        &job(
            "infini",
            "  backoffLimit: 2147483647",
            "OnFailure",
            "exit 1",
        ),
        "",
    );
    assert_eq!(t.stop_reason.as_str(), "limit");
}

/// A busy loop without sleep is cut off by the shell's step cap, in
/// simulated time, with a note; a huge Job is capped by the event limit.
#[test]
fn runaway_inputs_are_capped() {
    let t = run(
        &job(
            "boucle",
            "  activeDeadlineSeconds: 60",
            "Never",
            "while true; do :; done",
        ),
        "",
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("forever") || n.contains("commands")),
        "{:?}",
        t.notes
    );
    assert_eq!(
        t.jobs[0].conditions.last().unwrap().reason,
        "DeadlineExceeded"
    );
    let opts = Options {
        max_events: 20_000,
        ..Options::default()
    };
    let t = run_with(
        &job(
            "geant",
            "  completions: 100000\n  parallelism: 100000",
            "Never",
            "sleep 5",
        ),
        "",
        &opts,
    );
    assert_eq!(t.stop_reason.as_str(), "limit");
}

/// Found by the `run` fuzz target: a retry loop whose only pause is a
/// failing `wget` (10 ms) ran 5 million commands (3 s of CPU). The shell now
/// stops following a script after 200 000 commands in all.
#[test]
fn fuzz_regression_loop_with_tiny_pauses() {
    let input = include_str!("fuzz_regressions/run-slow-wget-loop.txt");
    let (manifest, scenario) = input.split_once("\n===\n").unwrap_or((input, ""));
    let started = std::time::Instant::now();
    let r = job_playground::lesson::run(manifest, scenario, &Options::default());
    let t = r.trace.expect("the fuzz input is a valid manifest");
    assert!(
        t.notes.iter().any(|n| n.contains("200000 commands")),
        "{:?}",
        t.notes
    );
    assert!(
        started.elapsed().as_secs_f64() < 10.0,
        "generous bound for a debug build"
    );
}

/// Found by the `shell` fuzz target: a function that calls itself passing
/// `$@` on twice doubles its argument list at every level (4 GB before the
/// nesting cap, or 0.9 s and 400 MB). A command line past 1 MiB now ends
/// the run as a runaway, in a few milliseconds.
#[test]
fn fuzz_regression_argument_doubling() {
    for input in [
        include_str!("fuzz_regressions/shell-argv-doubling-oom.txt"),
        include_str!("fuzz_regressions/shell-argv-doubling-slow.txt"),
    ] {
        let manifest = shell_job(input);
        let started = std::time::Instant::now();
        let r = job_playground::lesson::run(&manifest, "", &Options::default());
        let t = r.trace.expect("a valid manifest");
        assert!(
            t.notes
                .iter()
                .any(|n| n.contains("command line of more than 1048576 bytes")),
            "{:?}",
            t.notes
        );
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "generous bound for a debug build"
        );
    }
}

/// Every note the engine writes has its French (`i18n::note`): runs that
/// produce each kind of note, checked one by one.
#[test]
fn every_engine_note_has_a_french_version() {
    use job_playground::i18n::{note, Lang};
    let cases = [
        (job("notes", "  backoffLimit: 2147483647", "Never", "exit 1"), String::new()),
        (job("notes", "  activeDeadlineSeconds: 60", "Never", "while true; do :; done"), String::new()),
        (job("notes", "", "Never", "kill 1; trap 'echo x' TERM; ls *.csv; sleep 1 &"), String::new()),
        (job("notes", "  suspend: true", "Never", "true"), "faults:\n  - {at: 5s, action: killPod, pod: newest}\n  - {at: 6s, action: resume, target: nobody}\n".to_string()),
        (job("notes", "", "Never", "python3 -c 'print(1)'"), String::new()),
        (job("notes", "", "Never", "f() { f \"$@\" \"$@\"; }; f x"), String::new()),
        // 64 KiB rewritten every second, seen by a probe every second.
        (
            job(
                "notes",
                "  activeDeadlineSeconds: 600",
                "Never",
                "s=$(seq 1 20000); while true; do echo \"$s\" > /tmp/n; sleep 1; done",
            )
            .with_fields("        livenessProbe:\n          exec: {command: [cat, /tmp/n]}\n          periodSeconds: 1\n"),
            String::new(),
        ),
    ];
    let mut seen = 0;
    for (m, s) in &cases {
        let t = run(m, s);
        for n in &t.notes {
            seen += 1;
            assert_ne!(note(Lang::Fr, n), *n, "no French for the note {n:?}");
        }
    }
    let opts = Options {
        max_events: 500,
        ..Options::default()
    };
    let t = run_with(
        &job(
            "notes",
            "  completions: 10000\n  parallelism: 10000",
            "Never",
            "sleep 5",
        ),
        "",
        &opts,
    );
    for n in &t.notes {
        seen += 1;
        assert_ne!(note(Lang::Fr, n), *n, "no French for the note {n:?}");
    }
    assert!(seen >= 8, "the cases produce notes ({seen})");
}

/// The page computes long runs in slices; where it cuts must not show.
#[test]
fn slicing_a_run_changes_nothing() {
    let opts = Options::default();
    for l in job_playground::lesson::bundled() {
        let whole = job_playground::lesson::run(&l.manifest, &l.scenario, &opts).trace;
        for budget in [1, 3, 50] {
            let mut started = job_playground::lesson::start(&l.manifest, &l.scenario, &opts);
            let mut slices = 0;
            while !started.step(budget) {
                slices += 1;
            }
            if let Some(t) = &whole {
                assert!(slices as u64 + 1 >= t.steps / budget, "{}", l.id);
            }
            assert_eq!(
                started.finish().trace,
                whole,
                "{} in slices of {budget}",
                l.id
            );
        }
    }
}

/// The engine's coarse guard (issue "Performance"): a lesson run costs at
/// most 1 000 simulated events (the largest needs under 500), and all of
/// them together stay far from a second even in a debug build. The bound
/// is a count first, and a generous time second, so a busy machine does
/// not make it flaky; `cargo bench` has the real numbers (about 4 ms for
/// every starting manifest, optimized).
#[test]
fn every_lesson_run_is_cheap() {
    let opts = Options::default();
    let started = std::time::Instant::now();
    let mut total = 0;
    for l in job_playground::lesson::bundled() {
        let mut texts = vec![(&l.manifest, &l.scenario)];
        if let Some(e) = &l.exercise {
            texts.push((
                &e.solution_manifest,
                e.solution_scenario.as_ref().unwrap_or(&l.scenario),
            ));
        }
        for (manifest, scenario) in texts {
            let run = job_playground::lesson::run(manifest, scenario, &opts);
            let steps = run.trace.map_or(0, |t| t.steps);
            assert!(steps <= 1_000, "{}: {steps} events", l.id);
            total += steps;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    assert!(total > 1_000, "the lessons do run ({total} events)");
    assert!(elapsed < 10.0, "{elapsed:.2} s for {total} events");
}

/// Found by the `shell` fuzz target: `eval` of a word holding command
/// substitutions overflowed the stack (unbounded nesting of eval → `` ` ``
/// → eval). The page's WebAssembly stack is 1 MB, so this would have killed
/// the tab; `eval` now counts towards the nesting cap, and pays for the
/// text it parses in the command budget.
#[test]
fn fuzz_regression_eval_nesting() {
    let found = include_str!("fuzz_regressions/shell-eval-stack-overflow.txt");
    // The fuzzer's find, and the other ways a script can nest without end.
    // Two slow ones: each `eval` re-parses the script's own `ps` output.
    let slow = [
        include_str!("fuzz_regressions/shell-eval-ps-slow-1.txt"),
        include_str!("fuzz_regressions/shell-eval-ps-slow-2.txt"),
    ];
    let scripts = [
        found.to_string(),
        slow[0].to_string(),
        slow[1].to_string(),
        "f() { f; }; f".to_string(),
        "f() { eval f; }; f".to_string(),
        "s='eval \"$s\"'; eval \"$s\"".to_string(),
        "x() { echo $(x); }; x".to_string(),
        "eval \"$(ps)\"".to_string(),
        format!("echo {}1{}", "$(echo ".repeat(60), ")".repeat(60)),
        // A file that sources itself, and wrapper chains (each wrapper runs
        // the next one recursively): all hit the nesting cap (fuzz, shell
        // target, SIGSEGV after 3.2 M runs).
        "echo . /tmp/x > /tmp/x; . /tmp/x".to_string(),
        format!("{}echo hi", "env ".repeat(2000)),
        format!("{}echo hi", "command ".repeat(2000)),
        format!("{}echo hi", "timeout 9 ".repeat(1000)),
    ];
    for script in scripts {
        let manifest = shell_job(&script);
        // A thread with a 1 MB stack, like the page's WebAssembly.
        let run = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let opts = Options {
                    max_events: 20_000,
                    horizon: 3_600_000,
                    ..Default::default()
                };
                job_playground::lesson::run(&manifest, "services: {db: {up: ['5s..']}}\n", &opts)
                    .trace
                    .map(|t| t.steps)
            })
            .expect("thread");
        assert!(run.join().expect("no stack overflow").is_some(), "{script}");
    }
}

/// Found by the `shell` fuzz target: a loop whose redirections name files
/// after `ls` output made ever longer file names (over 300 s for one run).
/// A path past PATH_MAX, or a component past NAME_MAX, now fails to open
/// as on Linux (`File name too long`, status 2), and the run ends at once.
#[test]
fn fuzz_regression_file_name_growth() {
    let manifest = shell_job(include_str!("fuzz_regressions/shell-file-name-growth.txt"));
    let started = std::time::Instant::now();
    let r = job_playground::lesson::run(&manifest, "", &Options::default());
    let t = r.trace.expect("a valid manifest");
    assert!(
        t.logs
            .iter()
            .any(|l| l.text.ends_with(": File name too long")),
        "the long name is refused"
    );
    assert!(
        started.elapsed().as_secs_f64() < 10.0,
        "generous bound for a debug build"
    );
    // The message and status of a real shell.
    let long = "a".repeat(300);
    let t = common::run(
        &shell_job(&format!(
            "echo hi > /tmp/{long}; echo \"status $?\"; echo ok > /tmp/{}; cat /tmp/{}",
            "b".repeat(255),
            "b".repeat(255)
        )),
        "",
    );
    let lines: Vec<&str> = t.logs.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        lines,
        vec![
            format!("sh: can't create /tmp/{long}: File name too long").as_str(),
            "status 2",
            "ok"
        ]
    );
}

/// Found by profiling the `shell` fuzz target: `${v//p/r}` read the
/// pattern and the text again for every substring it tried, so one
/// replacement in a 3 000-character variable took 7 s (natively, release).
/// The pattern is now read once and matched on slices; the answers are the
/// same.
#[test]
fn pattern_operations_on_long_values_are_quick() {
    let script = "x=$(printf \"%3000s\" \"\"); y=${x// /ab}; echo ${#y}; z=${x//a/b}; echo ${#z}; \
                  w=${x%% *}; echo \"[$w]\"; v=${x# }; echo ${#v}; u=${y/ab/c}; echo ${#u}";
    let started = std::time::Instant::now();
    let t = common::run(&shell_job(script), "");
    let lines: Vec<&str> = t.logs.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(lines, vec!["6000", "3000", "[]", "2999", "5999"]);
    // The fuzz input that showed it (1.8 s in the instrumented build,
    // 0.08 s now): a loop of trims and replacements on growing values.
    let found = include_str!("fuzz_regressions/shell-pattern-in-loop-slow.txt");
    let r = job_playground::lesson::run(&shell_job(found), "", &Options::default());
    assert!(r.trace.is_some(), "a valid manifest");
    assert!(
        started.elapsed().as_secs_f64() < 10.0,
        "generous bound for a debug build"
    );
}
