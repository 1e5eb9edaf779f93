//! The playground's own words reach a French learner in French: every
//! problem it writes about a manifest or a scenario in its own voice, and
//! kubectl's answers about what the playground does not do. The API
//! server's and kubectl's own messages stay as a cluster prints them.

use job_playground::i18n::{kubectl_output, note, Lang};
use job_playground::{kubectl, lesson, manifest, scenario, sim::Options};

/// Messages worded as the API server, kubectl or the YAML parser word
/// them: English on a real cluster too.
fn upstream(message: &str) -> bool {
    [
        "json: ",
        "unknown field",
        "duplicate field",
        "Unsupported value: \"",
        "yaml: ",
        "while ",
    ]
    .iter()
    .any(|p| message.starts_with(p))
        || message.contains("Invalid value")
}

fn assert_french(what: &str, message: &str) {
    let fr = note(Lang::Fr, message);
    assert_ne!(fr, message, "{what}: no French for {message:?}");
    assert_eq!(note(Lang::En, message), message);
}

#[test]
fn manifest_problems_in_the_playgrounds_words_have_french() {
    let deep = format!("{}1\n", "- ".repeat(70));
    let bomb = {
        let mut t = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..6 {
            t.push_str(&format!(
                "b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                p = if i == 0 {
                    "a".to_string()
                } else {
                    format!("b{}", i - 1)
                }
            ));
        }
        t
    };
    let big = format!("# {}\n", "x".repeat(600 * 1024));
    let cases = [
        "",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
        "apiVersion: v1\nkind: Job\n",
        "kind: Job\n",
        "apiVersion: batch/v1\n",
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x, [a]: b}\n",
        "- a\n",
        &deep,
        "a: *nowhere\n",
        &bomb,
        &big,
    ];
    let mut seen = 0;
    for text in cases {
        for p in manifest::read(text).problems {
            // The API server's validation (field paths such as
            // metadata.name) is upstream's wording.
            let own = ["yaml", "kind", "apiVersion"].contains(&p.path.as_str())
                || p.message == "a field name must be a string";
            if own && !upstream(&p.message) {
                assert_french(&format!("manifest {text:.40?}"), &p.message);
                seen += 1;
            }
        }
    }
    assert!(
        seen >= cases.len() - 1,
        "each case but the unknown anchor: {seen}"
    );
    let keyed = manifest::read(cases[5]).problems;
    assert!(
        keyed
            .iter()
            .any(|p| p.message == "a field name must be a string"),
        "{keyed:#?}"
    );
}

#[test]
fn scenario_problems_have_french() {
    let cases = [
        "seed: -1\n",
        "start: yesterday\n",
        "services: 3\n",
        "services:\n  api:80:\n    up: [\"300s..100s\", \"soon\"]\n    failRate: 2\n",
        "files: 3\n",
        "files:\n  /x:\n    mode: rwx\n",
        "programs: 3\n",
        "containers: 3\n",
        "containers:\n  main:\n    default: {exit: 300, runs: often, memory: lots}\n    byIndex:\n      x: {exit: 1}\n",
        "containers:\n  main:\n    byIndex: 3\n",
        "timing:\n  podStartup: soon\n",
        "faults:\n  - {at: 1s}\n  - {at: 1s, action: killPod}\n  - {at: 1s, action: suspend}\n  - {at: 1s, action: serviceDown}\n",
        "a: 1\n---\nb: 2\n",
    ];
    let mut seen = 0;
    for text in cases {
        let problems = scenario::read(text).problems;
        assert!(!problems.is_empty(), "{text:?} has a problem");
        for p in problems {
            if !upstream(&p.message) {
                assert_french(&format!("scenario {text:?}"), &p.message);
                seen += 1;
            }
        }
    }
    assert!(seen >= 15, "{seen}");
    let by_index = scenario::read(cases[9]).problems;
    assert!(
        by_index
            .iter()
            .any(|p| p.message.starts_with("byIndex maps")),
        "{by_index:?}"
    );
    let reversed = scenario::read("services:\n  api:80:\n    up: [\"300s..100s\"]\n").problems;
    assert!(
        reversed
            .iter()
            .any(|p| p.message.contains("ends before it starts")),
        "{reversed:?}"
    );
    let many = format!(
        "faults:\n{}",
        "  - {at: 1s, action: serviceDown, service: \"a:1\"}\n".repeat(1001)
    );
    for p in scenario::read(&many).problems {
        assert_french("many faults", &p.message);
    }
}

#[test]
fn kubectl_says_what_the_playground_does_not_do_in_french() {
    let l = lesson::bundled().into_iter().next().unwrap();
    let run = lesson::run(&l.manifest, &l.scenario, &Options::default());
    let trace = run.trace.expect("lesson 1 runs");
    for cmd in [
        "get nodes",
        "delete job x",
        "get jobs -o yaml",
        "describe events",
        "get jobs -o jsonpath={.metadata.name}",
        "get pods 'x",
    ] {
        let out = kubectl::run(&trace, 1000, cmd).expect_err(cmd);
        let fr = kubectl_output(Lang::Fr, &out);
        assert_ne!(fr, out, "{cmd}: no French for {out:?}");
        assert_eq!(kubectl_output(Lang::En, &out), out);
    }
    let help = kubectl::run(&trace, 1000, "help").unwrap_or_else(|e| e);
    assert!(
        kubectl_output(Lang::Fr, &help).contains("Commandes auxquelles ce cluster simulé répond"),
        "{help}"
    );
    // kubectl's own errors stay as kubectl prints them.
    let own = kubectl::run(&trace, 1000, "get nothings").expect_err("unknown type");
    assert_eq!(kubectl_output(Lang::Fr, &own), own);
}

/// What is wrong with a share link reaches a French learner in French.
#[test]
fn share_link_errors_have_french() {
    use job_playground::share::decode;
    for value in [
        "garbage",
        "9.AAAA",
        "x.AAAA",
        "1.@@@",
        "1.AAAA",
        &format!("1.{}", "QUJD"),
    ] {
        let why = decode(value).unwrap_err();
        assert_french(value, &why);
    }
}

/// The shell's memory guard speaks French too.
#[test]
fn the_shells_cut_note_has_french() {
    let m = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: t}\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: busybox, command: [sh, -c, 'x=$(seq 1 20000); echo ${#x}']}]\n";
    let run = lesson::run(m, "", &Options::default());
    let notes = run.trace.unwrap().notes;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_french("cut note", &notes[0]);
}
