//! Reading manifests as the API server does: every rule with its exact
//! message, field path and position (pkg/apis/batch/validation, strict
//! decoding, ../shared/design/k8s-semantics.md §3).

use job_playground::manifest::{self, Problem};

fn problems(text: &str) -> Vec<Problem> {
    manifest::read(text).problems
}

/// (line, col, path, message) of the only problem.
fn one(text: &str) -> (u32, u32, String, String) {
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:#?}");
    (p[0].line, p[0].col, p[0].path.clone(), p[0].message.clone())
}

fn job(spec: &str, pod_spec: &str) -> String {
    format!(
        "apiVersion: batch/v1
kind: Job
metadata:
  name: demo
spec:
{spec}  template:
    spec:
{pod_spec}      containers:
      - name: task
        image: busybox:1.36
        command: [sh, -c, 'exit 1']
"
    )
}

const NEVER: &str = "      restartPolicy: Never\n";

#[test]
fn a_valid_job_has_no_problem_and_gets_its_defaults() {
    let m = manifest::read(&job("", NEVER));
    assert!(m.problems.is_empty(), "{:#?}", m.problems);
    let j = m.jobs().next().unwrap();
    assert_eq!(j.spec.backoff_limit, Some(6));
    assert_eq!((j.spec.completions, j.spec.parallelism), (Some(1), Some(1)));
    assert_eq!(j.spec.completion_mode.as_deref(), Some("NonIndexed"));
    assert_eq!(
        j.spec.pod_replacement_policy.as_deref(),
        Some("TerminatingOrFailed")
    );
    assert_eq!(
        j.spec.template.spec.termination_grace_period_seconds,
        Some(30)
    );
}

#[test]
fn defaults_with_per_index_limit_and_work_queue() {
    let m = manifest::read(&job(
        "  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n",
        NEVER,
    ));
    assert_eq!(m.jobs().next().unwrap().spec.backoff_limit, Some(i32::MAX));
    let m = manifest::read(&job("  parallelism: 3\n", NEVER));
    let s = &m.jobs().next().unwrap().spec;
    assert_eq!(
        (s.completions, s.parallelism),
        (None, Some(3)),
        "a work queue keeps completions unset"
    );
}

#[test]
fn restart_policy_omitted_is_required_at_the_pod_spec() {
    // Defaulted to Always, then rejected; reported where the pod spec is.
    assert_eq!(
        one(&job("", "")),
        (
            8,
            7,
            "spec.template.spec.restartPolicy".into(),
            "Required value: valid values: \"OnFailure\", \"Never\"".into()
        )
    );
}

#[test]
fn restart_policy_always_is_required_at_its_value() {
    assert_eq!(
        one(&job("", "      restartPolicy: Always\n")),
        (
            8,
            22,
            "spec.template.spec.restartPolicy".into(),
            "Required value: valid values: \"OnFailure\", \"Never\"".into()
        )
    );
}

#[test]
fn restart_policy_unknown_is_unsupported() {
    // The pod's own rule (validateRestartPolicy) and the Job's.
    let p = problems(&job("", "      restartPolicy: Sometimes\n"));
    let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\""
        ]
    );
    // An empty one is defaulted to Always: "Required", as when omitted.
    assert_eq!(
        one(&job("", "      restartPolicy: \"\"\n")).3,
        "Required value: valid values: \"OnFailure\", \"Never\""
    );
}

#[test]
fn negative_numbers() {
    assert_eq!(
        one(&job("  backoffLimit: -1\n", NEVER)),
        (
            6,
            17,
            "spec.backoffLimit".into(),
            "Invalid value: -1: must be greater than or equal to 0".into()
        )
    );
    for field in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "ttlSecondsAfterFinished",
    ] {
        let (_, _, path, msg) = one(&job(&format!("  {field}: -1\n"), NEVER));
        assert_eq!(path, format!("spec.{field}"));
        assert_eq!(msg, "Invalid value: -1: must be greater than or equal to 0");
    }
}

#[test]
fn indexed_without_completions() {
    let (line, _, path, msg) = one(&job("  completionMode: Indexed\n  parallelism: 2\n", NEVER));
    // Reported where `spec` starts, the nearest field that was written.
    assert_eq!(
        (line, path.as_str(), msg.as_str()),
        (
            6,
            "spec.completions",
            "Required value: when completion mode is Indexed"
        )
    );
}

#[test]
fn per_index_fields_on_a_non_indexed_job() {
    let (_, _, path, msg) = one(&job("  backoffLimitPerIndex: 1\n", NEVER));
    assert_eq!(
        (path.as_str(), msg.as_str()),
        (
            "spec.backoffLimitPerIndex",
            "Invalid value: 1: requires indexed completion mode"
        )
    );
    let p = problems(&job(
        "  completionMode: Indexed\n  completions: 4\n  maxFailedIndexes: 1\n",
        NEVER,
    ));
    assert_eq!(p[0].path, "spec.backoffLimitPerIndex");
    assert_eq!(
        p[0].message,
        "Required value: when maxFailedIndexes is specified"
    );
}

const PFP: &str = "  podFailurePolicy:\n    rules:\n";

#[test]
fn pod_failure_policy_requires_never() {
    let text = job(
        &format!("{PFP}    - action: FailJob\n      onExitCodes: {{operator: In, values: [42]}}\n"),
        "      restartPolicy: OnFailure\n",
    );
    let (line, col, path, msg) = one(&text);
    assert_eq!((line, col), (12, 22));
    assert_eq!(path, "spec.template.spec.restartPolicy");
    assert_eq!(msg, "Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified");
}

#[test]
fn pod_failure_policy_rules() {
    let t = job(
        &format!(
            "{PFP}    - action: FailIndex\n      onExitCodes: {{operator: In, values: [42]}}\n"
        ),
        NEVER,
    );
    assert_eq!(
        one(&t).3,
        "Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set"
    );

    let t = job(
        &format!(
            "{PFP}    - action: FailJob\n      onExitCodes: {{operator: In, values: [0, 1]}}\n"
        ),
        NEVER,
    );
    let (line, col, path, msg) = one(&t);
    assert_eq!(
        (line, col, path.as_str(), msg.as_str()),
        (
            9,
            44,
            "spec.podFailurePolicy.rules[0].onExitCodes.values[0]",
            "Invalid value: 0: must not be 0 for the In operator"
        )
    );

    let t = job(
        &format!(
            "{PFP}    - action: FailJob\n      onExitCodes: {{operator: NotIn, values: [3, 1]}}\n"
        ),
        NEVER,
    );
    assert_eq!(one(&t).3, "Invalid value: [3,1]: must be ordered");

    let t = job(&format!("{PFP}    - action: FailJob\n      onExitCodes: {{containerName: main, operator: In, values: [1]}}\n"), NEVER);
    let (_, _, path, msg) = one(&t);
    assert_eq!(
        path,
        "spec.podFailurePolicy.rules[0].onExitCodes.containerName"
    );
    assert_eq!(msg, "Invalid value: \"main\": must be one of the container or initContainer names in the pod template");

    let t = job(&format!("{PFP}    - action: Ignore\n"), NEVER);
    assert_eq!(
        one(&t).3,
        "Invalid value: specifying one of OnExitCodes and OnPodConditions is required"
    );

    let t = job(
        &format!("{PFP}    - action: Retry\n      onPodConditions: [{{type: DisruptionTarget}}]\n"),
        NEVER,
    );
    assert_eq!(one(&t).3, "Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"");
}

#[test]
fn unknown_field_with_a_hint_at_the_key() {
    let (line, col, path, msg) = one(&job("  backofLimit: 3\n", NEVER));
    assert_eq!((line, col), (6, 3));
    assert_eq!(path, "spec.backofLimit");
    assert_eq!(
        msg,
        "unknown field \"spec.backofLimit\"; did you mean \"backoffLimit\"?"
    );
    let (_, _, path, msg) = one(&job("", "      restartPolicy: Never\n      nodeSelector: {disk: ssd}\n      volumes: []\n      tolerations: []\n").replace("image: busybox:1.36", "image: busybox:1.36\n        imagePullPolicy: Always\n        comand: [x]"));
    assert_eq!(
        path, "spec.template.spec.containers[0].comand",
        "ignored but valid fields are accepted"
    );
    assert_eq!(
        msg,
        "unknown field \"spec.template.spec.containers[0].comand\"; did you mean \"command\"?"
    );
}

#[test]
fn wrong_types_use_encoding_json_words() {
    let (line, col, path, msg) = one(&job("  backoffLimit: trois\n", NEVER));
    assert_eq!((line, col, path.as_str()), (6, 17, "spec.backoffLimit"));
    assert_eq!(
        msg,
        "cannot unmarshal string into Go struct field JobSpec.spec.backoffLimit of type int32"
    );
    let text = job("", NEVER).replace(
        "command: [sh, -c, 'exit 1']",
        "env:\n        - name: PORT\n          value: 5432",
    );
    let (_, _, path, msg) = one(&text);
    assert_eq!(path, "spec.template.spec.containers[0].env[0].value");
    assert_eq!(msg, "cannot unmarshal number 5432 into Go struct field EnvVar.spec.template.spec.containers.env.value of type string");
}

#[test]
fn names_and_containers() {
    let long = "a".repeat(64);
    // The 63 is the job-name label's, which gets the Job's name: the API
    // server reports it on the pod template's labels.
    let (_, _, path, msg) = one(&job("", NEVER).replace("name: demo", &format!("name: {long}")));
    assert_eq!(path, "spec.template.labels");
    assert_eq!(
        msg,
        format!("Invalid value: \"{long}\": must be no more than 63 characters")
    );
    let p = problems(&job("", NEVER).replace("        image: busybox:1.36\n", ""));
    assert_eq!(p[0].path, "spec.template.spec.containers[0].image");
    assert_eq!(p[0].message, "Required value");
    let p = problems(&job("", NEVER).replace("name: task", "name: Task_1"));
    assert!(
        p[0].message
            .starts_with("Invalid value: \"Task_1\": a lowercase RFC 1123 label must consist of"),
        "{p:?}"
    );
}

#[test]
fn resource_quantities() {
    let text = job("", NEVER).replace(
        "image: busybox:1.36",
        "image: busybox:1.36\n        resources:\n          limits: {memory: 64MB}",
    );
    let (line, _, path, msg) = one(&text);
    assert_eq!(
        (line, path.as_str()),
        (
            13,
            "spec.template.spec.containers[0].resources.limits[memory]"
        )
    );
    assert_eq!(msg, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

fn cron(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
{spec}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: task
            image: busybox:1.36
"
    )
}

#[test]
fn cron_job_rules() {
    assert!(problems(&cron(
        "ok",
        "  schedule: \"*/5 * * * *\"\n  timeZone: Europe/Paris\n"
    ))
    .is_empty());
    let (line, col, path, msg) = one(&cron("x", "  schedule: \"* * * *\"\n"));
    assert_eq!((line, col, path.as_str()), (6, 13, "spec.schedule"));
    assert_eq!(
        msg,
        "Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]"
    );
    assert_eq!(one(&cron("x", "  schedule: \"TZ=UTC 0 2 * * *\"\n")).3, "Invalid value: \"TZ=UTC 0 2 * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    // validateScheduleFormat reports a TZ= schedule that does not parse
    // twice: the parser's error, then the TZ rule.
    let both: Vec<String> = problems(&cron("x", "  schedule: \"TZ=UTC 0 2 * *\"\n"))
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(both[0].contains("expected exactly 5 fields"), "{both:?}");
    assert!(both[1].ends_with("cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    let (_, _, path, msg) = one(&cron(
        "x",
        "  schedule: \"@daily\"\n  timeZone: Mars/Olympus\n",
    ));
    assert_eq!(path, "spec.timeZone");
    assert!(msg.contains("unknown time zone Mars/Olympus"), "{msg}");
    let long = "c".repeat(53);
    assert_eq!(
        one(&cron(&long, "  schedule: \"@hourly\"\n")).3,
        format!("Invalid value: \"{long}\": must be no more than 52 characters")
    );
    assert_eq!(
        one(&cron(
            "x",
            "  schedule: \"@hourly\"\n  concurrencyPolicy: Never\n"
        ))
        .3,
        "Unsupported value: \"Never\": supported values: \"Allow\", \"Forbid\", \"Replace\""
    );
    // SetDefaults_CronJob: `if obj.Spec.ConcurrencyPolicy == ""` (a Go
    // string), so an empty one is defaulted to Allow, not rejected.
    assert!(problems(&cron(
        "x",
        "  schedule: \"@hourly\"\n  concurrencyPolicy: \"\"\n"
    ))
    .is_empty());
    let (_, _, path, _) = one(
        &cron("x", "  schedule: \"@hourly\"\n").replace("          restartPolicy: Never\n", "")
    );
    assert_eq!(path, "spec.jobTemplate.spec.template.spec.restartPolicy");
}

#[test]
fn several_problems_in_document_order() {
    let text = job(
        "  backoffLimit: -2\n  completionMode: Sometimes\n",
        "      restartPolicy: Always\n",
    );
    let p = problems(&text);
    let lines: Vec<u32> = p.iter().map(|p| p.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn a_yaml_syntax_error_is_the_only_problem_reported() {
    let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  backoffLimit: [1\n";
    let m = manifest::read(text);
    let syntax = m
        .problems
        .iter()
        .find(|p| p.path == "yaml")
        .expect("a syntax problem");
    assert!(syntax.line >= 6, "{syntax:?}");
    assert!(m.objects.is_empty(), "kubectl reads no object from it");

    // A tab in front of a field of `spec:`, and a field one space short:
    // what was read before the mistake is not judged (no "containers:
    // Required value" at 1:1), only the mistake is reported.
    let lesson = job("  backoffLimit: 3\n", NEVER);
    for (broken, at) in [
        (
            lesson.replacen("\n  backoffLimit", "\n\tbackoffLimit", 1),
            "tab",
        ),
        (
            lesson.replacen("      restartPolicy", "     restartPolicy", 1),
            "indent",
        ),
    ] {
        assert_ne!(broken, lesson, "{at}: the edit applies");
        let m = manifest::read(&broken);
        assert_eq!(m.problems.len(), 1, "{at}: {:#?}", m.problems);
        assert_eq!(m.problems[0].path, "yaml", "{at}: {:#?}", m.problems);
        assert!(m.problems[0].line > 1, "{at}: {:#?}", m.problems);
    }
}

#[test]
fn other_kinds_and_multi_documents() {
    let text = format!(
        "{}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\n",
        job("", NEVER)
    );
    let m = manifest::read(&text);
    assert_eq!(m.objects.len(), 1);
    assert_eq!(m.problems.len(), 1);
    assert_eq!(
        (m.problems[0].line, m.problems[0].path.as_str()),
        (15, "kind")
    );
    assert_eq!(
        m.problems[0].message,
        "the playground runs Jobs and CronJobs; a Deployment cannot run here"
    );
    let two = format!(
        "{}---\n{}",
        job("", NEVER),
        cron("nuit", "  schedule: \"0 2 * * *\"\n")
    );
    let m = manifest::read(&two);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!((m.jobs().count(), m.cron_jobs().count()), (1, 1));
    assert_eq!(one("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\nspec: {schedule: '@daily', jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: b}]}}}}}\n").3, "no matches for kind \"CronJob\" in version \"batch/v1beta1\": use batch/v1");
}

/// An Indexed Job's last pod hostname, `<name>-<completions-1>`, must be a
/// DNS label (ValidateJob); completions alone have no cap, parallelism
/// does, and maxFailedIndexes has its own.
#[test]
fn indexed_limits_and_the_last_hostname() {
    let name = "a".repeat(62);
    let text = job("  completionMode: Indexed\n  completions: 10\n", NEVER)
        .replace("name: demo", &format!("name: {name}"));
    let (_, _, path, msg) = one(&text);
    assert_eq!(path, "metadata.name");
    assert_eq!(
        msg,
        format!("Invalid value: \"{name}\": will not able to create pod with invalid DNS label: {name}-9")
    );
    assert!(problems(&job(
        "  completionMode: Indexed\n  completions: 200000\n  parallelism: 10\n",
        NEVER
    ))
    .is_empty());
    let (_, _, path, msg) = one(&job(
        "  completionMode: Indexed\n  completions: 200000\n  parallelism: 10\n  backoffLimitPerIndex: 1\n",
        NEVER,
    ));
    assert_eq!(path, "spec.maxFailedIndexes");
    assert_eq!(
        msg,
        "Required value: must be specified when completions is above 100000"
    );
}

/// Probes: SetDefaults_Probe gives a written 0 its default; validateProbe
/// wants the numbers non-negative, a positive grace period, a command.
#[test]
fn probes_are_defaulted_then_checked() {
    let with = |probe: &str| {
        job("", NEVER).replace(
            "command: [sh, -c, 'exit 1']",
            &format!("command: [sh, -c, 'exit 1']\n        livenessProbe:\n{probe}"),
        )
    };
    assert!(problems(&with("          exec: {command: [\"true\"]}\n          periodSeconds: 0\n          failureThreshold: 0\n          successThreshold: 0\n")).is_empty());
    let p = problems(&with("          exec: {command: [\"true\"]}\n          periodSeconds: -1\n          terminationGracePeriodSeconds: 0\n"));
    let got: Vec<(&str, &str)> = p
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "spec.template.spec.containers[0].livenessProbe.periodSeconds",
                "Invalid value: -1: must be greater than or equal to 0"
            ),
            (
                "spec.template.spec.containers[0].livenessProbe.terminationGracePeriodSeconds",
                "Invalid value: 0: must be greater than 0"
            ),
        ]
    );
    let (_, _, path, msg) = one(&with("          exec: {}\n"));
    assert_eq!(
        (path.as_str(), msg.as_str()),
        (
            "spec.template.spec.containers[0].livenessProbe.exec.command",
            "Required value"
        )
    );
    // A startup probe has the same rules, successThreshold 1 included.
    let startup = with("          exec: {command: [\"true\"]}\n").replace(
        "        livenessProbe:",
        "        startupProbe: {exec: {command: [\"true\"]}, successThreshold: 2}\n        livenessProbe:",
    );
    let (_, _, path, msg) = one(&startup);
    assert_eq!(
        (path.as_str(), msg.as_str()),
        (
            "spec.template.spec.containers[0].startupProbe.successThreshold",
            "Invalid value: 2: must be 1"
        )
    );
}

/// A readiness probe restarts nothing: it may need several successes in
/// a row, but may not carry a kill's grace period (validateReadinessProbe).
#[test]
fn readiness_probes_take_thresholds_but_no_grace_period() {
    let with = |probe: &str| {
        job("", NEVER).replace(
            "command: [sh, -c, 'exit 1']",
            &format!("command: [sh, -c, 'exit 1']\n        readinessProbe:\n{probe}"),
        )
    };
    assert!(problems(&with(
        "          exec: {command: [\"true\"]}\n          successThreshold: 3\n"
    ))
    .is_empty());
    let (line, _, path, msg) = one(&with(
        "          httpGet: {path: /ready, port: 8080}\n          terminationGracePeriodSeconds: 10\n",
    ));
    assert_eq!(
        (path.as_str(), msg.as_str()),
        (
            "spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds",
            "Invalid value: 10: must not be set for readinessProbes"
        )
    );
    assert!(line > 0);
    // Not on an ordinary init container, as the other probes.
    let init = job("", NEVER).replace(
        "      containers:",
        "      initContainers:\n      - name: prep\n        image: busybox:1.36\n        readinessProbe: {exec: {command: [\"true\"]}}\n      containers:",
    );
    let (_, _, path, msg) = one(&init);
    assert_eq!(
        (path.as_str(), msg.as_str()),
        (
            "spec.template.spec.initContainers[0].readinessProbe",
            "Forbidden: may not be set for init containers without restartPolicy=Always"
        )
    );
}

/// Init containers: a name a container already has is the init
/// container's duplicate; a probe is only for sidecars.
#[test]
fn init_containers_clash_and_probes() {
    let text = job("", NEVER).replace(
        "      containers:",
        "      initContainers:\n      - name: task\n        image: busybox:1.36\n        livenessProbe: {exec: {command: [\"true\"]}}\n      containers:",
    );
    let p = problems(&text);
    let got: Vec<(&str, &str)> = p
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "spec.template.spec.initContainers[0].name",
                "Duplicate value: \"task\""
            ),
            (
                "spec.template.spec.initContainers[0].livenessProbe",
                "Forbidden: may not be set for init containers without restartPolicy=Always"
            ),
        ]
    );
}

/// Selectors: a Job's written without manualSelector is not the
/// generated one; with it, one is required and matchExpressions count; a
/// CronJob's Jobs may have neither.
#[test]
fn selectors() {
    let sel = "  selector:\n    matchLabels: {app: x}\n";
    assert_eq!(
        one(&job(sel, NEVER)).3,
        "Invalid value: {…}: `selector` not auto-generated"
    );
    assert_eq!(
        one(&job("  manualSelector: true\n", NEVER)).2,
        "spec.selector"
    );
    let text = job(
        "  manualSelector: true\n  selector:\n    matchExpressions: [{key: app, operator: In, values: [x]}]\n",
        NEVER,
    )
    .replace("  template:\n", "  template:\n    metadata: {labels: {app: z}}\n");
    assert_eq!(one(&text).2, "spec.template.metadata.labels");
}

/// Env names: printable ASCII but '=' (IsRelaxedEnvVarName); an image of
/// spaces is not checked (validateContainerCommon only wants one).
#[test]
fn env_names_and_blank_images() {
    let text = job("", NEVER).replace(
        "command: [sh, -c, 'exit 1']",
        "env:\n        - {name: \"A=B\", value: x}\n        - {name: \"1.ok-too\", value: v}",
    );
    let (_, _, path, msg) = one(&text);
    assert_eq!(path, "spec.template.spec.containers[0].env[0].name");
    assert!(
        msg.ends_with("printable ASCII characters other than '='"),
        "{msg}"
    );
    assert!(problems(&job("", NEVER).replace("image: busybox:1.36", "image: \" \"")).is_empty());
}

#[test]
fn a_second_object_of_the_same_kind_and_name_already_exists() {
    let one = job("  backoffLimit: 3\n", NEVER);
    let m = manifest::read(&format!("{one}---\n{one}"));
    assert_eq!(m.objects.len(), 1, "the first is created");
    assert_eq!(m.problems.len(), 1, "{:#?}", m.problems);
    let p = &m.problems[0];
    assert_eq!(
        (p.path.as_str(), p.message.as_str()),
        ("metadata.name", "jobs.batch \"demo\" already exists")
    );
    assert_eq!(
        p.line,
        one.lines().count() as u32 + 1 + 4,
        "on the second name"
    );
    // Another name, or another namespace, is another object.
    let other = one.replace("name: demo", "name: demo-2");
    assert!(manifest::read(&format!("{one}---\n{other}"))
        .problems
        .is_empty());
    let elsewhere = one.replace("name: demo", "name: demo\n  namespace: lab");
    assert!(manifest::read(&format!("{one}---\n{elsewhere}"))
        .problems
        .is_empty());
    // Names made by generateName never clash.
    let generated = one.replace("name: demo", "generateName: demo-");
    assert!(manifest::read(&format!("{generated}---\n{generated}"))
        .problems
        .is_empty());
    let empty = one.replace("name: demo", "name: \"\"\n  generateName: demo-");
    let m = manifest::read(&format!("{empty}---\n{empty}"));
    assert!(
        m.problems
            .iter()
            .all(|p| !p.message.contains("already exists")),
        "{:#?}",
        m.problems
    );
    // A first object the API server refuses holds no name: only its own
    // problem is reported.
    let refused = one.replace("backoffLimit: 3", "backoffLimit: -1");
    let m = manifest::read(&format!("{refused}---\n{one}"));
    assert_eq!(m.problems.len(), 1, "{:#?}", m.problems);
    assert_eq!(m.problems[0].path, "spec.backoffLimit");
}

/// Empty documents (a trailing `---`, two in a row, `null`) are skipped,
/// as kubectl's StreamVisitor skips them.
#[test]
fn empty_documents_are_skipped() {
    let j = job("", NEVER);
    for text in [
        format!("{j}---\n"),
        format!("---\n---\n{j}"),
        format!("{j}---\nnull\n---\n~\n"),
    ] {
        assert_eq!(problems(&text), vec![], "{text}");
        assert_eq!(manifest::read(&text).objects.len(), 1);
    }
    // Nothing but empty documents is an empty manifest.
    let p = problems("---\n---\n");
    assert_eq!(p.len(), 1);
    assert!(p[0].message.contains("the manifest is empty"), "{p:?}");
}

/// A tab is pointed at where it is, not where the scanner was when it met
/// it (the end of the plain scalar a line above).
#[test]
fn a_tab_is_reported_where_it_is() {
    let lesson = job("  backoffLimit: 0\n", NEVER);
    let broken = lesson.replacen("\n  template:", "\n\ttemplate:", 1);
    assert_ne!(broken, lesson);
    let line = broken.lines().position(|l| l.starts_with('\t')).unwrap() as u32 + 1;
    let (l, c, path, message) = one(&broken);
    assert_eq!((l, c, path.as_str()), (line, 1, "yaml"), "{message}");
    let broken = lesson.replacen("      restartPolicy", "\t  restartPolicy", 1);
    let line = broken.lines().position(|l| l.starts_with('\t')).unwrap() as u32 + 1;
    let (l, c, _, message) = one(&broken);
    assert_eq!((l, c), (line, 1), "{message}");
}

/// `generateName`: the prefix is checked as a name (its trailing dash
/// masked), and the run names the Job as the API server would.
#[test]
fn generate_name_is_checked_and_names_the_job() {
    let with = |prefix: &str| {
        job("", NEVER).replace("  name: demo\n", &format!("  generateName: {prefix}\n"))
    };
    assert_eq!(problems(&with("sauvegarde-")), vec![]);
    let (_, _, path, message) = one(&with("Sauvegarde-"));
    assert_eq!(path, "metadata.generateName");
    assert!(
        message.starts_with("Invalid value: \"Sauvegarde-\""),
        "{message}"
    );
    let run = job_playground::lesson::run(&with("sauvegarde-"), "", &Default::default());
    let t = run.trace.unwrap();
    let name = &t.jobs[0].name;
    assert!(
        name.starts_with("sauvegarde-") && name.len() == 16,
        "{name}"
    );
    assert!(t.pods[0].name.starts_with(&format!("{name}-")));
}

/// The name the API server generates is validated too: a CronJob's within
/// 52 characters, an Indexed Job's with room for `-<index>`.
#[test]
fn a_generated_name_is_held_to_the_names_rules() {
    let cron = |prefix: &str| {
        format!("apiVersion: batch/v1\nkind: CronJob\nmetadata: {{generateName: {prefix}}}\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{{name: a, image: b}}]\n")
    };
    assert_eq!(problems(&cron(&"a".repeat(47))), vec![]);
    let (_, _, path, message) = one(&cron(&"a".repeat(48)));
    assert_eq!(path, "metadata.generateName");
    assert!(
        message.contains("the generated name (53 characters) must be no more than 52 characters"),
        "{message}"
    );
    let indexed = job("  completionMode: Indexed\n  completions: 3\n", NEVER).replace(
        "  name: demo\n",
        &format!("  generateName: {}\n", "b".repeat(58)),
    );
    let (_, _, path, message) = one(&indexed);
    assert_eq!(path, "metadata.generateName");
    assert!(
        message.contains("will not able to create pod with invalid DNS label"),
        "{message}"
    );
}

/// Merge keys, as kubectl's YAML reader (go-yaml) takes them: a second
/// container built from the first with `<<: *base` is whole, and a
/// mistake in the shared part is reported where it was written.
#[test]
fn merge_keys_build_a_container_from_another() {
    let text = "apiVersion: batch/v1
kind: Job
metadata:
  name: merge
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - &base
        name: a
        image: busybox:1.36
        command: [sh, -c, 'echo hi']
      - <<: *base
        name: b
";
    assert!(problems(text).is_empty(), "{:?}", problems(text));
    let bad = text.replace(
        "image: busybox:1.36",
        "image: busybox:1.36\n        imagePulPolicy: Always",
    );
    let p = problems(&bad);
    let got: Vec<(u32, &str)> = p.iter().map(|p| (p.line, p.path.as_str())).collect();
    assert_eq!(
        got,
        [
            (13, "spec.template.spec.containers[0].imagePulPolicy"),
            (13, "spec.template.spec.containers[1].imagePulPolicy"),
        ]
    );
}

/// `readinessGates` (validateReadinessGates): each conditionType is a
/// qualified name; a gate is a strict object with that one field.
#[test]
fn readiness_gates_are_qualified_names() {
    let gates = |g: &str| job("", &format!("{NEVER}      readinessGates:\n{g}"));
    let m = manifest::read(&gates("      - conditionType: example.com/warm\n"));
    assert!(m.problems.is_empty(), "{:#?}", m.problems);
    let j = m.jobs().next().unwrap();
    assert_eq!(j.spec.template.spec.readiness_gates, ["example.com/warm"]);
    let (line, col, path, message) = one(&gates("      - conditionType: \"pas prêt\"\n"));
    assert_eq!((line, col), (10, 24));
    assert_eq!(path, "spec.template.spec.readinessGates[0].conditionType");
    assert!(
        message.starts_with(
            "Invalid value: \"pas prêt\": name part must consist of alphanumeric characters"
        ),
        "{message}"
    );
    // An unknown field, and so no conditionType: both are reported.
    let p = problems(&gates("      - type: x\n"));
    let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "spec.template.spec.readinessGates[0].type",
            "spec.template.spec.readinessGates[0].conditionType"
        ]
    );
    assert!(p[0].message.starts_with("unknown field"), "{p:#?}");
    assert_eq!(
        p[1].message,
        "Invalid value: \"\": name part must be non-empty"
    );
}
