//! Validation as the API server does it (`pkg/apis/batch/validation`,
//! `pkg/apis/core/validation`), with the same field paths and messages
//! (`k8s.io/apimachinery/pkg/util/validation/field` formats them:
//! `Required value`, `Invalid value: X: detail`, `Unsupported value: "v":
//! supported values: "a", "b"`).

use super::decode::Positions;
use super::problem::Problem;
use super::quantity::{format_bytes, parse_quantity, QUANTITY_FORMAT_ERROR};
use crate::api::*;
use crate::quote::{go_string_map, quote};
use crate::sorted::SortedSet;

/// `maxParallelismForIndexedJob` and `maxCompletionsForIndexedJob`.
/// maxParallelismForIndexedJob, maxFailedIndexesForIndexedJob and
/// completionsSoftLimit: all 100 000.
const MAX_INDEXED: i32 = 100_000;
/// parallelismLimitForHighCompletions, maxFailedIndexesLimitForHighCompletions.
const LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
/// `maxPodFailurePolicyRules`, `…OnExitCodesValues`, `…OnPodConditionsPatterns`.
const MAX_POD_FAILURE_POLICY_RULES: usize = 20;
const MAX_ON_EXIT_CODES_VALUES: usize = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS: usize = 20;

pub struct Validator<'a> {
    pub positions: &'a Positions,
    pub problems: Vec<Problem>,
}

fn quote_list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| quote(v))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Validator<'_> {
    fn push(&mut self, path: &str, message: String) {
        let pos = self.positions.of(path);
        self.problems.push(Problem::new(pos, path, message));
    }
    /// `field.Required`.
    fn required(&mut self, path: &str, detail: &str) {
        if detail.is_empty() {
            self.push(path, "Required value".into());
        } else {
            self.push(path, format!("Required value: {detail}"));
        }
    }
    /// `field.Invalid`; `value` is already formatted (`"x"` or `-1`).
    fn invalid(&mut self, path: &str, value: &str, detail: &str) {
        self.push(path, format!("Invalid value: {value}: {detail}"));
    }
    /// `field.Invalid` with `field.OmitValueType{}`.
    fn invalid_omit(&mut self, path: &str, detail: &str) {
        self.push(path, format!("Invalid value: {detail}"));
    }
    /// `field.NotSupported`.
    fn not_supported(&mut self, path: &str, value: &str, supported: &[&str]) {
        self.push(
            path,
            format!(
                "Unsupported value: {}: supported values: {}",
                quote(value),
                quote_list(supported)
            ),
        );
    }
    /// `ValidateNonnegativeField`.
    fn non_negative(&mut self, path: &str, v: Option<i64>) {
        if let Some(v) = v.filter(|v| *v < 0) {
            self.invalid(path, &v.to_string(), "must be greater than or equal to 0");
        }
    }

    /// `ValidateJob` for a Job object (root path "").
    pub fn job(&mut self, job: &Job) {
        self.object_name(&job.metadata, "Job");
        self.job_spec(&job.spec, "spec");
        self.indexed_hostname(job);
    }

    fn object_name(&mut self, meta: &ObjectMeta, kind: &str) {
        let Some(name) = meta.name.as_deref().filter(|n| !n.is_empty()) else {
            match meta.generate_name.as_deref() {
                None | Some("") => {
                    self.required("metadata.name", "name or generateName is required")
                }
                // ValidateObjectMeta checks the prefix as a name, its
                // trailing dash masked (path.ValidatePathSegmentName's
                // maskTrailingDash); the API server then adds 5 characters.
                Some(prefix) => {
                    let masked = if prefix.len() > 1 && prefix.ends_with('-') {
                        // name[:len(name)-2] + "a", as Go writes it.
                        let mut chars = prefix.chars();
                        chars.next_back();
                        chars.next_back();
                        format!("{}a", chars.as_str())
                    } else {
                        prefix.to_string()
                    };
                    if let Some(msg) = dns1123_subdomain(&masked) {
                        self.invalid("metadata.generateName", &quote(prefix), &msg);
                    }
                    // The API server validates the name it generates: a
                    // CronJob's must fit in 52 characters.
                    let generated = generated_name_len(prefix);
                    if kind == "CronJob" && generated > 52 {
                        self.invalid(
                            "metadata.generateName",
                            &quote(prefix),
                            &format!("the generated name ({generated} characters) must be no more than 52 characters"),
                        );
                    }
                }
            }
            return;
        };
        if let Some(msg) = dns1123_subdomain(name) {
            self.invalid("metadata.name", &quote(name), &msg);
        }
        // A CronJob's name gets 11 characters added for its Jobs'
        // (validateCronJobSpec). A Job's own limit is its pods' job-name
        // label's (63): the API server puts the name there when it
        // generates the selector, and ValidatePodTemplateSpec reports the
        // label value on spec.template.labels.
        if kind == "CronJob" && name.chars().count() > 52 {
            self.invalid(
                "metadata.name",
                &quote(name),
                "must be no more than 52 characters",
            );
        }
        if kind == "Job" && name.len() > 63 {
            self.invalid(
                "spec.template.labels",
                &quote(name),
                "must be no more than 63 characters",
            );
        }
    }

    /// ValidateJob: an Indexed Job's last pod hostname, `<name>-<n-1>`,
    /// must be a DNS label.
    fn indexed_hostname(&mut self, job: &Job) {
        // A generated name is as long as `generated_name_len` says; its
        // random end is a valid label's.
        let stand_in;
        let name = match (
            job.metadata.name.as_deref(),
            job.metadata.generate_name.as_deref(),
        ) {
            (Some(n), _) if !n.is_empty() => n,
            (_, Some(prefix)) if !prefix.is_empty() => {
                stand_in = format!(
                    "{}{}",
                    prefix.chars().take(58).collect::<String>(),
                    "x".repeat(5)
                );
                &stand_in
            }
            _ => return,
        };
        let Some(c) = job.spec.completions else {
            return;
        };
        if job.spec.completion_mode.as_deref() != Some(INDEXED) || c <= 0 {
            return;
        }
        let host = format!("{name}-{}", c - 1);
        if dns1123_label(&host).is_some() {
            // Said of the prefix when the name is to be generated.
            let (path, value) = match job.metadata.name.as_deref().filter(|n| !n.is_empty()) {
                Some(n) => ("metadata.name", n),
                None => (
                    "metadata.generateName",
                    job.metadata.generate_name.as_deref().unwrap_or(""),
                ),
            };
            self.invalid(
                path,
                &quote(value),
                &format!("will not able to create pod with invalid DNS label: {host}"),
            );
        }
    }

    /// `validateJobSpec`.
    pub fn job_spec(&mut self, spec: &JobSpec, path: &str) {
        let p = |f: &str| format!("{path}.{f}");
        self.non_negative(&p("parallelism"), spec.parallelism.map(i64::from));
        self.non_negative(&p("completions"), spec.completions.map(i64::from));
        self.non_negative(&p("activeDeadlineSeconds"), spec.active_deadline_seconds);
        self.non_negative(&p("backoffLimit"), spec.backoff_limit.map(i64::from));
        self.non_negative(
            &p("ttlSecondsAfterFinished"),
            spec.ttl_seconds_after_finished.map(i64::from),
        );
        self.non_negative(
            &p("backoffLimitPerIndex"),
            spec.backoff_limit_per_index.map(i64::from),
        );
        self.non_negative(
            &p("maxFailedIndexes"),
            spec.max_failed_indexes.map(i64::from),
        );

        let mode = spec.completion_mode.as_deref().unwrap_or(NON_INDEXED);
        let indexed = mode == INDEXED;
        if mode != NON_INDEXED && mode != INDEXED {
            self.not_supported(&p("completionMode"), mode, &[NON_INDEXED, INDEXED]);
        }
        if indexed {
            if spec.completions.is_none() {
                self.required(
                    &p("completions"),
                    &format!("when completion mode is {INDEXED}"),
                );
            }
            if let Some(par) = spec.parallelism.filter(|v| *v > MAX_INDEXED) {
                self.invalid(&p("parallelism"), &par.to_string(), &format!("must be less than or equal to {MAX_INDEXED} when completion mode is {INDEXED}"));
            }
            // completionsSoftLimit: more completions are allowed, but with
            // backoffLimitPerIndex only under tighter limits.
            if let (Some(c), Some(_)) = (spec.completions, spec.backoff_limit_per_index) {
                if c > MAX_INDEXED {
                    let high = format!("when completions are above {MAX_INDEXED} and used with backoff limit per index");
                    if spec.max_failed_indexes.is_none() {
                        self.required(
                            &p("maxFailedIndexes"),
                            &format!("must be specified when completions is above {MAX_INDEXED}"),
                        );
                    }
                    if let Some(par) = spec.parallelism.filter(|v| *v > LIMIT_FOR_HIGH_COMPLETIONS)
                    {
                        self.invalid(
                            &p("parallelism"),
                            &par.to_string(),
                            &format!(
                                "must be less than or equal to {LIMIT_FOR_HIGH_COMPLETIONS} {high}"
                            ),
                        );
                    }
                    if let Some(m) = spec
                        .max_failed_indexes
                        .filter(|v| *v > LIMIT_FOR_HIGH_COMPLETIONS)
                    {
                        self.invalid(
                            &p("maxFailedIndexes"),
                            &m.to_string(),
                            &format!(
                                "must be less than or equal to {LIMIT_FOR_HIGH_COMPLETIONS} {high}"
                            ),
                        );
                    }
                }
            }
        }
        if let Some(v) = spec.backoff_limit_per_index {
            if !indexed {
                self.invalid(
                    &p("backoffLimitPerIndex"),
                    &v.to_string(),
                    "requires indexed completion mode",
                );
            }
        }
        if let Some(v) = spec.max_failed_indexes {
            if !indexed {
                self.invalid(
                    &p("maxFailedIndexes"),
                    &v.to_string(),
                    "requires indexed completion mode",
                );
            } else if spec.backoff_limit_per_index.is_none() {
                self.required(
                    &p("backoffLimitPerIndex"),
                    "when maxFailedIndexes is specified",
                );
            }
            if spec.completions.is_some_and(|c| v > c && indexed) {
                self.invalid(
                    &p("maxFailedIndexes"),
                    &v.to_string(),
                    "must be less than or equal to completions",
                );
            }
            if indexed && v > MAX_INDEXED {
                self.invalid(
                    &p("maxFailedIndexes"),
                    &v.to_string(),
                    &format!("must be less than or equal to {MAX_INDEXED}"),
                );
            }
        }
        if let Some(policy) = &spec.success_policy {
            self.success_policy(policy, spec, &p("successPolicy"), indexed);
        }
        if let Some(policy) = &spec.pod_failure_policy {
            self.pod_failure_policy(policy, spec, &p("podFailurePolicy"));
        }
        if let Some(rp) = spec.pod_replacement_policy.as_deref() {
            // validatePodReplacementPolicy
            if spec.pod_failure_policy.is_some() {
                if rp != FAILED {
                    self.not_supported(&p("podReplacementPolicy"), rp, &[FAILED]);
                }
            } else if rp != FAILED && rp != TERMINATING_OR_FAILED {
                self.not_supported(
                    &p("podReplacementPolicy"),
                    rp,
                    &[FAILED, TERMINATING_OR_FAILED],
                );
            }
        }
        self.selector(spec, path);
        self.pod_spec(&spec.template.spec, &format!("{path}.template.spec"));

        // The Job-specific restartPolicy rule (validateJobSpec). An omitted
        // restartPolicy is defaulted to Always and lands here too.
        let rp_path = format!("{path}.template.spec.restartPolicy");
        match spec.template.spec.restart_policy() {
            "Always" | "" => self.required(&rp_path, "valid values: \"OnFailure\", \"Never\""),
            "OnFailure" if spec.pod_failure_policy.is_some() => self.invalid(
                &rp_path,
                "\"OnFailure\"",
                "only \"Never\" is supported when podFailurePolicy is specified",
            ),
            "OnFailure" | "Never" => {}
            other => self.not_supported(&rp_path, other, &["OnFailure", "Never"]),
        }
    }

    fn selector(&mut self, spec: &JobSpec, path: &str) {
        // A Job's spec is at `spec`; a CronJob's Jobs' at
        // `spec.jobTemplate.spec` (ValidateJobTemplateSpec).
        let cron = path != "spec";
        let manual = spec.manual_selector == Some(true);
        if cron {
            // ValidateJobTemplateSpec: a CronJob's Jobs get generated
            // selectors, so neither may be written.
            if manual {
                self.not_supported(&format!("{path}.manualSelector"), "true", &["nil", "false"]);
            }
            if spec.selector.is_some() {
                self.invalid(
                    &format!("{path}.selector"),
                    "{…}",
                    "`selector` will be auto-generated",
                );
            }
            return;
        }
        let Some(sel) = &spec.selector else {
            // Without manualSelector the API server generates one;
            // with it, ValidateJobSpec requires it.
            if manual {
                self.required(&format!("{path}.selector"), "");
            }
            return;
        };
        if !manual {
            // validateGeneratedSelector: a selector written without
            // manualSelector does not match the generated labels.
            self.invalid(
                &format!("{path}.selector"),
                "{…}",
                "`selector` not auto-generated",
            );
            return;
        }
        let labels = &spec.template.metadata.labels;
        if !selector_matches(sel, labels) {
            self.invalid(
                &format!("{path}.template.metadata.labels"),
                &go_string_map(labels),
                "`selector` does not match template `labels`",
            );
        }
    }

    /// `validatePodFailurePolicy` and its rules.
    fn pod_failure_policy(&mut self, policy: &PodFailurePolicy, spec: &JobSpec, path: &str) {
        let rules_path = format!("{path}.rules");
        if policy.rules.len() > MAX_POD_FAILURE_POLICY_RULES {
            self.push(
                &rules_path,
                format!(
                    "Too many: {}: must have at most {MAX_POD_FAILURE_POLICY_RULES} items",
                    policy.rules.len()
                ),
            );
        }
        let names: SortedSet<&str> = spec
            .template
            .spec
            .containers
            .iter()
            .chain(&spec.template.spec.init_containers)
            .map(|c| c.name.as_str())
            .collect();
        const ACTIONS: &[&str] = &["Count", "FailIndex", "FailJob", "Ignore"];
        for (i, rule) in policy.rules.iter().enumerate() {
            let rp = format!("{rules_path}[{i}]");
            let action_path = format!("{rp}.action");
            if rule.action.is_empty() {
                self.required(
                    &action_path,
                    &format!(
                        "valid values: [{}]",
                        ACTIONS
                            .iter()
                            .map(|a| quote(a))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                );
            } else if rule.action == "FailIndex" {
                if spec.backoff_limit_per_index.is_none() {
                    self.invalid(
                        &action_path,
                        "\"FailIndex\"",
                        "requires the backoffLimitPerIndex to be set",
                    );
                }
            } else if !ACTIONS.contains(&rule.action.as_str()) {
                self.not_supported(&action_path, &rule.action, ACTIONS);
            }
            if let Some(codes) = &rule.on_exit_codes {
                self.on_exit_codes(codes, &format!("{rp}.onExitCodes"), &names);
            }
            if rule.on_pod_conditions.len() > MAX_ON_POD_CONDITIONS_PATTERNS {
                self.push(
                    &format!("{rp}.onPodConditions"),
                    format!(
                        "Too many: {}: must have at most {MAX_ON_POD_CONDITIONS_PATTERNS} items",
                        rule.on_pod_conditions.len()
                    ),
                );
            }
            for (j, pattern) in rule.on_pod_conditions.iter().enumerate() {
                let sp = format!("{rp}.onPodConditions[{j}].status");
                let status = pattern.status.as_deref().unwrap_or("");
                if !["False", "True", "Unknown"].contains(&status) {
                    self.not_supported(&sp, status, &["False", "True", "Unknown"]);
                }
                if let Some(msg) = qualified_name(&pattern.type_) {
                    self.invalid(
                        &format!("{rp}.onPodConditions[{j}].type"),
                        &quote(&pattern.type_),
                        &msg,
                    );
                }
            }
            let has_codes = rule.on_exit_codes.is_some();
            let has_conditions = !rule.on_pod_conditions.is_empty();
            if has_codes && has_conditions {
                self.invalid_omit(
                    &rp,
                    "specifying both OnExitCodes and OnPodConditions is not supported",
                );
            }
            if !has_codes && !has_conditions {
                self.invalid_omit(
                    &rp,
                    "specifying one of OnExitCodes and OnPodConditions is required",
                );
            }
        }
    }

    /// `validatePodFailurePolicyRuleOnExitCodes`.
    fn on_exit_codes(
        &mut self,
        req: &PodFailurePolicyOnExitCodesRequirement,
        path: &str,
        names: &SortedSet<&str>,
    ) {
        const OPS: &[&str] = &["In", "NotIn"];
        let op_path = format!("{path}.operator");
        if req.operator.is_empty() {
            self.required(&op_path, "valid values: [\"In\" \"NotIn\"]");
        } else if !OPS.contains(&req.operator.as_str()) {
            self.not_supported(&op_path, &req.operator, OPS);
        }
        if let Some(name) = &req.container_name {
            if !names.contains(name.as_str()) {
                self.invalid(
                    &format!("{path}.containerName"),
                    &quote(name),
                    "must be one of the container or initContainer names in the pod template",
                );
            }
        }
        let vp = format!("{path}.values");
        let shown = format!(
            "[{}]",
            req.values
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        if req.values.is_empty() {
            self.invalid(&vp, "[]", "at least one value is required");
        } else if req.values.len() > MAX_ON_EXIT_CODES_VALUES {
            self.push(
                &vp,
                format!(
                    "Too many: {}: must have at most {MAX_ON_EXIT_CODES_VALUES} items",
                    req.values.len()
                ),
            );
        } else {
            let mut seen = SortedSet::new();
            let mut ordered = true;
            for (j, v) in req.values.iter().enumerate() {
                let ip = format!("{vp}[{j}]");
                if req.operator == "In" && *v == 0 {
                    self.invalid(&ip, "0", "must not be 0 for the In operator");
                }
                if !seen.insert(*v) {
                    self.push(&ip, format!("Duplicate value: {v}"));
                }
                if j > 0 && req.values[j - 1] > *v {
                    ordered = false;
                }
            }
            if !ordered {
                self.invalid(&vp, &shown, "must be ordered");
            }
        }
    }

    /// `validateSuccessPolicy`.
    fn success_policy(
        &mut self,
        policy: &SuccessPolicy,
        spec: &JobSpec,
        path: &str,
        indexed: bool,
    ) {
        if !indexed {
            self.invalid_omit(path, "requires indexed completion mode");
            return;
        }
        let rules = format!("{path}.rules");
        if policy.rules.is_empty() {
            self.required(
                &rules,
                "at least one rules must be specified when the successPolicy is specified",
            );
        }
        let completions = spec.completions.unwrap_or(0);
        for (i, rule) in policy.rules.iter().enumerate() {
            let rp = format!("{rules}[{i}]");
            if rule.succeeded_count.is_none() && rule.succeeded_indexes.is_none() {
                self.required(
                    &rp,
                    "at least one of succeededCount or succeededIndexes must be specified",
                );
            }
            let mut total = None;
            if let Some(ix) = &rule.succeeded_indexes {
                match crate::api::indexes::parse_indexes(ix, completions) {
                    Ok(n) => total = Some(n),
                    Err(e) => self.invalid(
                        &format!("{rp}.succeededIndexes"),
                        &quote(ix),
                        &format!("error parsing succeededIndexes: {e}"),
                    ),
                }
            }
            if let Some(c) = rule.succeeded_count {
                let cp = format!("{rp}.succeededCount");
                if c < 0 {
                    self.invalid(&cp, &c.to_string(), "must be greater than or equal to 0");
                } else if c > completions {
                    self.invalid(&cp, &c.to_string(), &format!("must be less than or equal to {completions} (the number of specified completions)"));
                } else if let Some(t) = total.filter(|t| (c as usize) > *t) {
                    self.invalid(&cp, &c.to_string(), &format!("must be less than or equal to {t} (the number of indexes in the specified succeededIndexes field)"));
                }
            }
        }
    }

    /// The parts of `ValidatePodSpec` a Job's template reaches.
    fn pod_spec(&mut self, spec: &PodSpec, path: &str) {
        if spec.containers.is_empty() {
            self.required(&format!("{path}.containers"), "");
        }
        self.non_negative(
            &format!("{path}.terminationGracePeriodSeconds"),
            spec.termination_grace_period_seconds,
        );
        if let Some(ads) = spec.active_deadline_seconds.filter(|v| *v <= 0) {
            self.invalid(
                &format!("{path}.activeDeadlineSeconds"),
                &ads.to_string(),
                "must be between 1 and 2147483647, inclusive",
            );
        }
        // validateRestartPolicy (an empty one was defaulted to Always).
        if let Some(rp) = spec.restart_policy.as_deref() {
            if !["Always", "OnFailure", "Never", ""].contains(&rp) {
                self.not_supported(
                    &format!("{path}.restartPolicy"),
                    rp,
                    &["Always", "OnFailure", "Never"],
                );
            }
        }
        // validateContainers checks the containers' names among
        // themselves; validateInitContainers starts from those, so a clash
        // between the two lists is the init container's.
        let mut names = SortedSet::new();
        let regular = (spec.containers.iter().enumerate())
            .map(|(i, c)| (format!("{path}.containers[{i}]"), c, false));
        let init = (spec.init_containers.iter().enumerate())
            .map(|(i, c)| (format!("{path}.initContainers[{i}]"), c, true));
        for (cp, c, is_init) in regular.chain(init) {
            self.container(c, &cp, is_init);
            if !c.name.is_empty() && !names.insert(c.name.as_str()) {
                self.push(
                    &format!("{cp}.name"),
                    format!("Duplicate value: {}", quote(&c.name)),
                );
            }
        }
        // validateReadinessGates: each conditionType a qualified name.
        for (i, gate) in spec.readiness_gates.iter().enumerate() {
            if let Some(msg) = qualified_name(gate) {
                self.invalid(
                    &format!("{path}.readinessGates[{i}].conditionType"),
                    &quote(gate),
                    &msg,
                );
            }
        }
    }

    fn container(&mut self, c: &Container, path: &str, init: bool) {
        if c.name.is_empty() {
            self.required(&format!("{path}.name"), "");
        } else if let Some(msg) = dns1123_label(&c.name) {
            self.invalid(&format!("{path}.name"), &quote(&c.name), &msg);
        }
        // Only an empty image: whitespace is left alone for backward
        // compatibility (validateContainerCommon).
        if c.image.is_empty() {
            self.required(&format!("{path}.image"), "");
        }
        match (&c.restart_policy, init) {
            (Some(rp), true) if rp != "Always" => {
                self.not_supported(&format!("{path}.restartPolicy"), rp, &["Always"])
            }
            (Some(_), false) => self.push(
                &format!("{path}.restartPolicy"),
                "Forbidden: may not be set for non-init containers".into(),
            ),
            _ => {}
        }
        for (which, map) in [
            ("limits", &c.resources.limits),
            ("requests", &c.resources.requests),
        ] {
            for (name, value) in map {
                let qp = format!("{path}.resources.{which}[{name}]");
                match parse_quantity(value) {
                    None => self.push(&qp, QUANTITY_FORMAT_ERROR.to_string()),
                    Some(v) if v < 0.0 => {
                        self.invalid(&qp, &quote(value), "must be greater than or equal to 0")
                    }
                    Some(_) => {}
                }
            }
        }
        for name in ["memory", "cpu"] {
            let (Some(req), Some(lim)) =
                (c.resources.requests.get(name), c.resources.limits.get(name))
            else {
                continue;
            };
            if let (Some(r), Some(l)) = (parse_quantity(req), parse_quantity(lim)) {
                if r > l {
                    let shown = if name == "memory" {
                        format_bytes(l)
                    } else {
                        lim.clone()
                    };
                    self.invalid(
                        &format!("{path}.resources.requests"),
                        &quote(req),
                        &format!("must be less than or equal to {name} limit of {shown}"),
                    );
                }
            }
        }
        for (i, e) in c.env.iter().enumerate() {
            let np = format!("{path}.env[{i}].name");
            if e.name.is_empty() {
                self.required(&np, "");
            } else if !e
                .name
                .bytes()
                .all(|b| (b' '..=b'~').contains(&b) && b != b'=')
            {
                // IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation,
                // on by default).
                self.invalid(&np, &quote(&e.name), "a valid environment variable name must consist only of printable ASCII characters other than '='");
            }
        }
        // validateContainers: liveness, readiness, then startup.
        for (kind, field) in [
            (ProbeKind::Liveness, "livenessProbe"),
            (ProbeKind::Readiness, "readinessProbe"),
            (ProbeKind::Startup, "startupProbe"),
        ] {
            let Some(p) = c.probe(kind) else { continue };
            let pp = format!("{path}.{field}");
            if init && !c.is_sidecar() {
                // validateInitContainers: probes belong to sidecars only.
                self.push(
                    &pp,
                    "Forbidden: may not be set for init containers without restartPolicy=Always"
                        .into(),
                );
            } else {
                self.probe(p, &pp, kind);
            }
        }
    }

    /// `validateProbe` (after SetDefaults_Probe), then each kind's own
    /// rule: liveness and startup probes need successThreshold 1
    /// (validateLivenessProbe, validateStartupProbe); a readiness probe
    /// kills nothing, so it may not carry a grace period
    /// (validateReadinessProbe).
    fn probe(&mut self, p: &crate::api::Probe, pp: &str, kind: ProbeKind) {
        match &p.handler {
            ProbeHandler::None => self.required(pp, "must specify a handler type"),
            ProbeHandler::Exec(cmd) if cmd.is_empty() => {
                self.required(&format!("{pp}.exec.command"), "")
            }
            _ => {}
        }
        for (f, v) in [
            ("initialDelaySeconds", p.initial_delay_seconds),
            ("timeoutSeconds", p.timeout_seconds),
            ("periodSeconds", p.period_seconds),
            ("successThreshold", p.success_threshold),
            ("failureThreshold", p.failure_threshold),
        ] {
            self.non_negative(&format!("{pp}.{f}"), Some(i64::from(v)));
        }
        if let Some(g) = p.termination_grace_period_seconds.filter(|g| *g <= 0) {
            self.invalid(
                &format!("{pp}.terminationGracePeriodSeconds"),
                &g.to_string(),
                "must be greater than 0",
            );
        }
        match kind {
            ProbeKind::Readiness => {
                if let Some(g) = p.termination_grace_period_seconds {
                    self.invalid(
                        &format!("{pp}.terminationGracePeriodSeconds"),
                        &g.to_string(),
                        "must not be set for readinessProbes",
                    );
                }
            }
            _ if p.success_threshold != 1 => self.invalid(
                &format!("{pp}.successThreshold"),
                &p.success_threshold.to_string(),
                "must be 1",
            ),
            _ => {}
        }
    }

    /// `validateCronJobSpec` / `ValidateCronJobCreate`.
    pub fn cron_job(&mut self, cj: &CronJob) {
        self.object_name(&cj.metadata, "CronJob");
        let s = &cj.spec;
        if s.schedule.is_empty() {
            self.required("spec.schedule", "");
        } else {
            // validateScheduleFormat, as on create (allowTZInSchedule false):
            // the parser's error, then TZ= or CRON_TZ= as a second error.
            for msg in crate::sim::cron::validate_schedule_format(
                &s.schedule,
                false,
                s.time_zone.is_some(),
            ) {
                self.invalid("spec.schedule", &quote(&s.schedule), &msg);
            }
        }
        if let Some(tz) = &s.time_zone {
            for msg in crate::sim::cron::tz::validate_time_zone(Some(tz)) {
                self.invalid("spec.timeZone", &quote(tz), &msg);
            }
        }
        if let Some(cp) = s.concurrency_policy.as_deref() {
            if !["Allow", "Forbid", "Replace"].contains(&cp) {
                self.not_supported(
                    "spec.concurrencyPolicy",
                    cp,
                    &["Allow", "Forbid", "Replace"],
                );
            }
        }
        self.non_negative("spec.startingDeadlineSeconds", s.starting_deadline_seconds);
        self.non_negative(
            "spec.successfulJobsHistoryLimit",
            s.successful_jobs_history_limit.map(i64::from),
        );
        self.non_negative(
            "spec.failedJobsHistoryLimit",
            s.failed_jobs_history_limit.map(i64::from),
        );
        self.job_spec(&s.job_template.spec, "spec.jobTemplate.spec");
    }
}

/// `LabelSelectorAsSelector(...).Matches(labels)`: every matchLabels pair
/// and every matchExpressions requirement holds.
fn selector_matches(
    sel: &crate::api::LabelSelector,
    labels: &crate::sorted::SortedMap<String, String>,
) -> bool {
    sel.match_labels
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v))
        && sel.match_expressions.iter().all(|r| {
            let value = labels.get(&r.key);
            match r.operator.as_str() {
                "In" => value.is_some_and(|v| r.values.contains(v)),
                "NotIn" => value.is_none_or(|v| !r.values.contains(v)),
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                _ => false,
            }
        })
}

/// `IsQualifiedName`'s message for a name without a prefix, or None.
fn qualified_name(s: &str) -> Option<String> {
    const FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    let mut msgs = Vec::new();
    if let Some(p) = prefix {
        if p.is_empty() {
            msgs.push("prefix part must be non-empty".to_string());
        } else if let Some(m) = dns1123_subdomain(p) {
            msgs.push(format!("prefix part {m}"));
        }
    }
    let b = name.as_bytes();
    if b.is_empty() {
        msgs.push("name part must be non-empty".into());
        return Some(msgs.join("; "));
    }
    if b.len() > 63 {
        msgs.push("name part must be no more than 63 characters".into());
    }
    let ok = |c: &u8| c.is_ascii_alphanumeric();
    let well_formed = ok(&b[0])
        && ok(&b[b.len() - 1])
        && b.iter().all(|c| ok(c) || matches!(c, b'-' | b'_' | b'.'));
    if !well_formed {
        msgs.push(format!("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '{FMT}')"));
    }
    (!msgs.is_empty()).then(|| msgs.join("; "))
}

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// `IsDNS1123Label`'s message, or None when valid.
pub fn dns1123_label(s: &str) -> Option<String> {
    let mut msgs = Vec::new();
    if s.len() > 63 {
        msgs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s) {
        msgs.push(format!("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{DNS1123_LABEL_FMT}')"));
    }
    (!msgs.is_empty()).then(|| msgs.join("; "))
}

/// `IsDNS1123Subdomain`'s message, or None when valid.
pub fn dns1123_subdomain(s: &str) -> Option<String> {
    if s.len() > 253 {
        return Some("must be no more than 253 characters".into());
    }
    if s.split('.').all(is_label) {
        None
    } else {
        Some(format!("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{DNS1123_LABEL_FMT}(\\.{DNS1123_LABEL_FMT})*')"))
    }
}

/// How long the name the API server generates from `prefix` is
/// (`names.SimpleNameGenerator`: 58 characters of it, then 5).
fn generated_name_len(prefix: &str) -> usize {
    prefix.chars().count().min(58) + 5
}
