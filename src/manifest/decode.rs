//! From YAML nodes to the typed objects of `crate::api`, the way the API
//! server's strict decoding reads JSON: unknown and duplicate fields are
//! reported (`unknown field "spec.backofLimit"`), a value of the wrong type
//! gets encoding/json's words (`cannot unmarshal string into Go struct field
//! JobSpec.spec.backoffLimit of type int32`), and every field's position is
//! kept so validation can point at it. Decoding never stops at the first
//! problem: it builds what it can and reports the rest.

use super::problem::{Pos, Problem};
use super::yaml::{parse_bool, parse_int, Kind, Node};
use crate::api::*;
use crate::sim::hashing::FastMap;
use crate::sorted::SortedMap;

/// Field path → position of the value written there.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    map: FastMap<String, Pos>,
    /// Where the document starts: the fallback for a field nobody wrote.
    pub root: Pos,
}

impl Positions {
    pub fn insert(&mut self, path: &str, pos: Pos) {
        self.map.insert(path.to_string(), pos);
    }
    /// The position of `path`, or of its nearest written ancestor (a
    /// missing field is reported where its parent is).
    pub fn of(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.root,
            }
        }
    }
    pub fn has(&self, path: &str) -> bool {
        self.map.contains_key(path)
    }
}

pub struct Decoder {
    pub problems: Vec<Problem>,
    pub positions: Positions,
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `spec.template.spec.containers[0].env[1].value` as Go's encoding/json
/// names it: without indices.
fn go_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Levenshtein distance, case-insensitive, for "did you mean".
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let v = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            cur.push(v);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest known name, if it is close enough to be a typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

impl Decoder {
    pub fn new(root: Pos) -> Decoder {
        Decoder {
            problems: Vec::new(),
            positions: Positions {
                map: FastMap::default(),
                root,
            },
        }
    }

    fn problem(&mut self, pos: Pos, path: &str, message: String) {
        self.problems.push(Problem::new(pos, path, message));
    }

    fn type_error(&mut self, node: &Node, path: &str, go_struct: &str, go_type: &str) {
        let json = node.json_type();
        let shown = match (json, node.scalar()) {
            ("number", Some(text)) => format!("number {text}"),
            _ => json.to_string(),
        };
        self.problem(
            node.pos,
            path,
            format!(
                "cannot unmarshal {shown} into Go struct field {go_struct}.{} of type {go_type}",
                go_path(path)
            ),
        );
    }

    /// The fields of a mapping, checked against the Go struct's known
    /// fields (`known`). Unknown and duplicate fields are reported; null
    /// values are skipped (a JSON null leaves a Go pointer nil).
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        go_struct: &str,
        go_type: &str,
        known: &[&str],
    ) -> Vec<(&'n str, &'n Node, String)> {
        self.positions.insert(path, node.pos);
        let Some(entries) = node.as_map() else {
            if !node.is_null() {
                self.type_error(node, path, go_struct, go_type);
            }
            return Vec::new();
        };
        let mut out: Vec<(&'n str, &'n Node, String)> = Vec::new();
        for (k, v) in entries {
            let Some(key) = k.scalar() else {
                self.problem(k.pos, path, "a field name must be a string".into());
                continue;
            };
            let child = join(path, key);
            if !known.contains(&key) {
                let hint = suggest(key, known)
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                self.problem(k.pos, &child, format!("unknown field \"{child}\"{hint}"));
                continue;
            }
            if out.iter().any(|(seen, _, _)| *seen == key) {
                self.problem(k.pos, &child, format!("duplicate field \"{child}\""));
                continue;
            }
            self.positions.insert(&child, v.pos);
            if v.is_null() {
                continue;
            }
            out.push((key, v, child));
        }
        out
    }

    pub fn string(&mut self, node: &Node, path: &str, go_struct: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, plain: false } => Some(text.clone()),
            Kind::Scalar { text, plain: true } if node.json_type() == "string" => {
                Some(text.clone())
            }
            _ => {
                self.type_error(node, path, go_struct, "string");
                None
            }
        }
    }

    fn integer(
        &mut self,
        node: &Node,
        path: &str,
        go_struct: &str,
        go_type: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        match &node.kind {
            Kind::Scalar { text, plain: true } => match parse_int(text) {
                Some(v) if v >= min && v <= max => Some(v),
                _ => {
                    self.type_error(node, path, go_struct, go_type);
                    None
                }
            },
            _ => {
                self.type_error(node, path, go_struct, go_type);
                None
            }
        }
    }

    pub fn int32(&mut self, node: &Node, path: &str, go_struct: &str) -> Option<i32> {
        self.integer(
            node,
            path,
            go_struct,
            "int32",
            i64::from(i32::MIN),
            i64::from(i32::MAX),
        )
        .and_then(|v| i32::try_from(v).ok())
    }

    pub fn int64(&mut self, node: &Node, path: &str, go_struct: &str) -> Option<i64> {
        self.integer(node, path, go_struct, "int64", i64::MIN, i64::MAX)
    }

    pub fn bool(&mut self, node: &Node, path: &str, go_struct: &str) -> Option<bool> {
        match &node.kind {
            Kind::Scalar { text, plain: true } if parse_bool(text).is_some() => parse_bool(text),
            _ => {
                self.type_error(node, path, go_struct, "bool");
                None
            }
        }
    }

    /// The items of a sequence, with their paths (`path[i]`).
    pub fn list<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        go_struct: &str,
        go_type: &str,
    ) -> Vec<(&'n Node, String)> {
        match node.as_seq() {
            Some(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let p = format!("{path}[{i}]");
                    self.positions.insert(&p, n.pos);
                    (n, p)
                })
                .collect(),
            None => {
                self.type_error(node, path, go_struct, go_type);
                Vec::new()
            }
        }
    }

    pub fn strings(&mut self, node: &Node, path: &str, go_struct: &str) -> Vec<String> {
        let items = self.list(node, path, go_struct, "[]string");
        items
            .into_iter()
            .filter_map(|(n, p)| self.string(n, &p, go_struct))
            .collect()
    }

    /// A `map[string]string` (labels, annotations, nodeSelector).
    pub fn string_map(
        &mut self,
        node: &Node,
        path: &str,
        go_struct: &str,
    ) -> SortedMap<String, String> {
        let mut out = SortedMap::new();
        let Some(entries) = node.as_map() else {
            if !node.is_null() {
                self.type_error(node, path, go_struct, "map[string]string");
            }
            return out;
        };
        for (k, v) in entries {
            let Some(key) = k.scalar() else { continue };
            let p = format!("{path}[{key}]");
            self.positions.insert(&p, v.pos);
            if let Some(value) = self.string(v, &p, go_struct) {
                out.insert(key.to_string(), value);
            }
        }
        out
    }
}

const OBJECT_META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];
const JOB: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];
const JOB_SPEC: &[&str] = &[
    "parallelism",
    "completions",
    "activeDeadlineSeconds",
    "podFailurePolicy",
    "successPolicy",
    "backoffLimit",
    "backoffLimitPerIndex",
    "maxFailedIndexes",
    "selector",
    "manualSelector",
    "template",
    "ttlSecondsAfterFinished",
    "completionMode",
    "suspend",
    "podReplacementPolicy",
    "managedBy",
];
const CRON_JOB_SPEC: &[&str] = &[
    "schedule",
    "timeZone",
    "startingDeadlineSeconds",
    "concurrencyPolicy",
    "suspend",
    "jobTemplate",
    "successfulJobsHistoryLimit",
    "failedJobsHistoryLimit",
];
const TEMPLATE: &[&str] = &["metadata", "spec"];
const POD_SPEC: &[&str] = &[
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
];
const READINESS_GATE: &[&str] = &["conditionType"];
const CONTAINER: &[&str] = &[
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
];
const ENV_VAR: &[&str] = &["name", "value", "valueFrom"];
const RESOURCES: &[&str] = &["limits", "requests", "claims"];
const PROBE: &[&str] = &[
    "exec",
    "httpGet",
    "tcpSocket",
    "grpc",
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
    "terminationGracePeriodSeconds",
];
const POD_FAILURE_POLICY: &[&str] = &["rules"];
const POD_FAILURE_RULE: &[&str] = &["action", "onExitCodes", "onPodConditions"];
const ON_EXIT_CODES: &[&str] = &["containerName", "operator", "values"];
const ON_POD_CONDITIONS: &[&str] = &["type", "status"];
const SUCCESS_POLICY: &[&str] = &["rules"];
const SUCCESS_RULE: &[&str] = &["succeededIndexes", "succeededCount"];
const SELECTOR: &[&str] = &["matchLabels", "matchExpressions"];
const SELECTOR_REQ: &[&str] = &["key", "operator", "values"];

impl Decoder {
    pub fn object_meta(&mut self, node: &Node, path: &str) -> ObjectMeta {
        let mut m = ObjectMeta::default();
        for (key, v, p) in self.fields(node, path, "ObjectMeta", "v1.ObjectMeta", OBJECT_META) {
            match key {
                "name" => m.name = self.string(v, &p, "ObjectMeta"),
                "generateName" => m.generate_name = self.string(v, &p, "ObjectMeta"),
                "namespace" => m.namespace = self.string(v, &p, "ObjectMeta"),
                "labels" => m.labels = self.string_map(v, &p, "ObjectMeta"),
                "annotations" => m.annotations = self.string_map(v, &p, "ObjectMeta"),
                _ => {}
            }
        }
        m
    }

    /// The whole document of a Job (root path "").
    pub fn job(&mut self, node: &Node) -> Job {
        let mut job = Job::default();
        for (key, v, p) in self.fields(node, "", "Job", "v1.Job", JOB) {
            match key {
                "metadata" => job.metadata = self.object_meta(v, &p),
                "spec" => job.spec = self.job_spec(v, &p),
                _ => {}
            }
        }
        job
    }

    pub fn cron_job(&mut self, node: &Node) -> CronJob {
        let mut cj = CronJob::default();
        for (key, v, p) in self.fields(node, "", "CronJob", "v1.CronJob", JOB) {
            match key {
                "metadata" => cj.metadata = self.object_meta(v, &p),
                "spec" => cj.spec = self.cron_job_spec(v, &p),
                _ => {}
            }
        }
        cj
    }

    fn cron_job_spec(&mut self, node: &Node, path: &str) -> CronJobSpec {
        const GO: &str = "CronJobSpec";
        let mut s = CronJobSpec::default();
        for (key, v, p) in self.fields(node, path, "CronJob", "v1.CronJobSpec", CRON_JOB_SPEC) {
            match key {
                "schedule" => s.schedule = self.string(v, &p, GO).unwrap_or_default(),
                "timeZone" => s.time_zone = self.string(v, &p, GO),
                "startingDeadlineSeconds" => s.starting_deadline_seconds = self.int64(v, &p, GO),
                "concurrencyPolicy" => s.concurrency_policy = self.string(v, &p, GO),
                "suspend" => s.suspend = self.bool(v, &p, GO),
                "successfulJobsHistoryLimit" => {
                    s.successful_jobs_history_limit = self.int32(v, &p, GO)
                }
                "failedJobsHistoryLimit" => s.failed_jobs_history_limit = self.int32(v, &p, GO),
                "jobTemplate" => {
                    for (k2, v2, p2) in self.fields(v, &p, GO, "v1.JobTemplateSpec", TEMPLATE) {
                        match k2 {
                            "metadata" => s.job_template.metadata = self.object_meta(v2, &p2),
                            "spec" => s.job_template.spec = self.job_spec(v2, &p2),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }

    pub fn job_spec(&mut self, node: &Node, path: &str) -> JobSpec {
        const GO: &str = "JobSpec";
        let mut s = JobSpec::default();
        for (key, v, p) in self.fields(node, path, "Job", "v1.JobSpec", JOB_SPEC) {
            match key {
                "parallelism" => s.parallelism = self.int32(v, &p, GO),
                "completions" => s.completions = self.int32(v, &p, GO),
                "activeDeadlineSeconds" => s.active_deadline_seconds = self.int64(v, &p, GO),
                "backoffLimit" => s.backoff_limit = self.int32(v, &p, GO),
                "backoffLimitPerIndex" => s.backoff_limit_per_index = self.int32(v, &p, GO),
                "maxFailedIndexes" => s.max_failed_indexes = self.int32(v, &p, GO),
                "manualSelector" => s.manual_selector = self.bool(v, &p, GO),
                "ttlSecondsAfterFinished" => s.ttl_seconds_after_finished = self.int32(v, &p, GO),
                "completionMode" => s.completion_mode = self.string(v, &p, GO),
                "suspend" => s.suspend = self.bool(v, &p, GO),
                "podReplacementPolicy" => s.pod_replacement_policy = self.string(v, &p, GO),
                "managedBy" => s.managed_by = self.string(v, &p, GO),
                "selector" => s.selector = Some(self.selector(v, &p)),
                "template" => s.template = self.pod_template(v, &p),
                "podFailurePolicy" => s.pod_failure_policy = Some(self.pod_failure_policy(v, &p)),
                "successPolicy" => s.success_policy = Some(self.success_policy(v, &p)),
                _ => {}
            }
        }
        s
    }

    fn selector(&mut self, node: &Node, path: &str) -> LabelSelector {
        let mut s = LabelSelector::default();
        for (key, v, p) in self.fields(node, path, "JobSpec", "v1.LabelSelector", SELECTOR) {
            match key {
                "matchLabels" => s.match_labels = self.string_map(v, &p, "LabelSelector"),
                "matchExpressions" => {
                    for (item, ip) in
                        self.list(v, &p, "LabelSelector", "[]v1.LabelSelectorRequirement")
                    {
                        let mut r = LabelSelectorRequirement::default();
                        for (k2, v2, p2) in self.fields(
                            item,
                            &ip,
                            "LabelSelector",
                            "v1.LabelSelectorRequirement",
                            SELECTOR_REQ,
                        ) {
                            match k2 {
                                "key" => {
                                    r.key = self
                                        .string(v2, &p2, "LabelSelectorRequirement")
                                        .unwrap_or_default()
                                }
                                "operator" => {
                                    r.operator = self
                                        .string(v2, &p2, "LabelSelectorRequirement")
                                        .unwrap_or_default()
                                }
                                "values" => {
                                    r.values = self.strings(v2, &p2, "LabelSelectorRequirement")
                                }
                                _ => {}
                            }
                        }
                        s.match_expressions.push(r);
                    }
                }
                _ => {}
            }
        }
        s
    }

    fn pod_failure_policy(&mut self, node: &Node, path: &str) -> PodFailurePolicy {
        const GO: &str = "PodFailurePolicy";
        let mut policy = PodFailurePolicy::default();
        for (_, v, p) in self.fields(
            node,
            path,
            "JobSpec",
            "v1.PodFailurePolicy",
            POD_FAILURE_POLICY,
        ) {
            for (item, ip) in self.list(v, &p, GO, "[]v1.PodFailurePolicyRule") {
                let mut rule = PodFailurePolicyRule::default();
                for (key, v2, p2) in
                    self.fields(item, &ip, GO, "v1.PodFailurePolicyRule", POD_FAILURE_RULE)
                {
                    match key {
                        "action" => {
                            rule.action = self
                                .string(v2, &p2, "PodFailurePolicyRule")
                                .unwrap_or_default()
                        }
                        "onExitCodes" => {
                            let mut req = PodFailurePolicyOnExitCodesRequirement::default();
                            for (k3, v3, p3) in self.fields(
                                v2,
                                &p2,
                                "PodFailurePolicyRule",
                                "v1.PodFailurePolicyOnExitCodesRequirement",
                                ON_EXIT_CODES,
                            ) {
                                const G3: &str = "PodFailurePolicyOnExitCodesRequirement";
                                match k3 {
                                    "containerName" => {
                                        req.container_name = self.string(v3, &p3, G3)
                                    }
                                    "operator" => {
                                        req.operator = self.string(v3, &p3, G3).unwrap_or_default()
                                    }
                                    "values" => {
                                        for (n, np) in self.list(v3, &p3, G3, "[]int32") {
                                            if let Some(x) = self.int32(n, &np, G3) {
                                                req.values.push(x);
                                            }
                                        }
                                    }
                                    _ => {}
                                }
                            }
                            rule.on_exit_codes = Some(req);
                        }
                        "onPodConditions" => {
                            rule.has_on_pod_conditions = true;
                            for (n, np) in self.list(
                                v2,
                                &p2,
                                "PodFailurePolicyRule",
                                "[]v1.PodFailurePolicyOnPodConditionsPattern",
                            ) {
                                let mut pat = PodFailurePolicyOnPodConditionsPattern::default();
                                for (k3, v3, p3) in self.fields(
                                    n,
                                    &np,
                                    "PodFailurePolicyRule",
                                    "v1.PodFailurePolicyOnPodConditionsPattern",
                                    ON_POD_CONDITIONS,
                                ) {
                                    const G3: &str = "PodFailurePolicyOnPodConditionsPattern";
                                    match k3 {
                                        "type" => {
                                            pat.type_ = self.string(v3, &p3, G3).unwrap_or_default()
                                        }
                                        "status" => pat.status = self.string(v3, &p3, G3),
                                        _ => {}
                                    }
                                }
                                rule.on_pod_conditions.push(pat);
                            }
                        }
                        _ => {}
                    }
                }
                policy.rules.push(rule);
            }
        }
        policy
    }

    fn success_policy(&mut self, node: &Node, path: &str) -> SuccessPolicy {
        const GO: &str = "SuccessPolicy";
        let mut policy = SuccessPolicy::default();
        for (_, v, p) in self.fields(node, path, "JobSpec", "v1.SuccessPolicy", SUCCESS_POLICY) {
            for (item, ip) in self.list(v, &p, GO, "[]v1.SuccessPolicyRule") {
                let mut rule = SuccessPolicyRule::default();
                for (key, v2, p2) in
                    self.fields(item, &ip, GO, "v1.SuccessPolicyRule", SUCCESS_RULE)
                {
                    match key {
                        "succeededIndexes" => {
                            rule.succeeded_indexes = self.string(v2, &p2, "SuccessPolicyRule")
                        }
                        "succeededCount" => {
                            rule.succeeded_count = self.int32(v2, &p2, "SuccessPolicyRule")
                        }
                        _ => {}
                    }
                }
                policy.rules.push(rule);
            }
        }
        policy
    }

    fn pod_template(&mut self, node: &Node, path: &str) -> PodTemplateSpec {
        let mut t = PodTemplateSpec::default();
        for (key, v, p) in self.fields(node, path, "JobSpec", "v1.PodTemplateSpec", TEMPLATE) {
            match key {
                "metadata" => t.metadata = self.object_meta(v, &p),
                "spec" => t.spec = self.pod_spec(v, &p),
                _ => {}
            }
        }
        t
    }

    fn pod_spec(&mut self, node: &Node, path: &str) -> PodSpec {
        const GO: &str = "PodSpec";
        let mut s = PodSpec::default();
        for (key, v, p) in self.fields(node, path, "PodTemplateSpec", "v1.PodSpec", POD_SPEC) {
            match key {
                "restartPolicy" => s.restart_policy = self.string(v, &p, GO),
                "terminationGracePeriodSeconds" => {
                    s.termination_grace_period_seconds = self.int64(v, &p, GO)
                }
                "activeDeadlineSeconds" => s.active_deadline_seconds = self.int64(v, &p, GO),
                "containers" | "initContainers" => {
                    let list: Vec<Container> = self
                        .list(v, &p, GO, "[]v1.Container")
                        .into_iter()
                        .map(|(n, np)| self.container(n, &np))
                        .collect();
                    if key == "containers" {
                        s.containers = list;
                    } else {
                        s.init_containers = list;
                    }
                }
                "nodeSelector" => {
                    self.string_map(v, &p, GO);
                }
                "readinessGates" => {
                    for (item, ip) in self.list(v, &p, GO, "[]v1.PodReadinessGate") {
                        let mut gate = String::new();
                        for (k2, v2, p2) in
                            self.fields(item, &ip, GO, "v1.PodReadinessGate", READINESS_GATE)
                        {
                            if k2 == "conditionType" {
                                gate = self.string(v2, &p2, "PodReadinessGate").unwrap_or_default();
                            }
                        }
                        s.readiness_gates.push(gate);
                    }
                }
                _ => {}
            }
        }
        s
    }

    fn container(&mut self, node: &Node, path: &str) -> Container {
        const GO: &str = "Container";
        let mut c = Container::default();
        for (key, v, p) in self.fields(node, path, "PodSpec", "v1.Container", CONTAINER) {
            match key {
                "name" => c.name = self.string(v, &p, GO).unwrap_or_default(),
                "image" => c.image = self.string(v, &p, GO).unwrap_or_default(),
                "command" => c.command = self.strings(v, &p, GO),
                "args" => c.args = self.strings(v, &p, GO),
                "restartPolicy" => c.restart_policy = self.string(v, &p, GO),
                "livenessProbe" => c.liveness_probe = Some(self.probe(v, &p)),
                "readinessProbe" => c.readiness_probe = Some(self.probe(v, &p)),
                "startupProbe" => c.startup_probe = Some(self.probe(v, &p)),
                "env" => {
                    for (item, ip) in self.list(v, &p, GO, "[]v1.EnvVar") {
                        let mut e = EnvVar::default();
                        for (k2, v2, p2) in self.fields(item, &ip, GO, "v1.EnvVar", ENV_VAR) {
                            match k2 {
                                "name" => {
                                    e.name = self.string(v2, &p2, "EnvVar").unwrap_or_default()
                                }
                                "value" => {
                                    e.value = self.string(v2, &p2, "EnvVar").unwrap_or_default()
                                }
                                _ => {}
                            }
                        }
                        c.env.push(e);
                    }
                }
                "resources" => {
                    for (k2, v2, p2) in self.fields(v, &p, GO, "v1.ResourceRequirements", RESOURCES)
                    {
                        match k2 {
                            "limits" => c.resources.limits = self.quantity_map(v2, &p2),
                            "requests" => c.resources.requests = self.quantity_map(v2, &p2),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        c
    }

    /// `limits`/`requests`: quantities may be written as numbers or strings.
    fn quantity_map(&mut self, node: &Node, path: &str) -> SortedMap<String, String> {
        let mut out = SortedMap::new();
        let Some(entries) = node.as_map() else {
            if !node.is_null() {
                self.type_error(node, path, "ResourceRequirements", "v1.ResourceList");
            }
            return out;
        };
        for (k, v) in entries {
            let (Some(key), Some(value)) = (k.scalar(), v.scalar()) else {
                continue;
            };
            let p = format!("{path}[{key}]");
            self.positions.insert(&p, v.pos);
            out.insert(key.to_string(), value.to_string());
        }
        out
    }

    fn probe(&mut self, node: &Node, path: &str) -> Probe {
        const GO: &str = "Probe";
        // SetDefaults_Probe: timeout 1 s, period 10 s, thresholds 1 and 3.
        let mut probe = Probe {
            timeout_seconds: 1,
            period_seconds: 10,
            success_threshold: 1,
            failure_threshold: 3,
            ..Probe::default()
        };
        for (key, v, p) in self.fields(node, path, "Container", "v1.Probe", PROBE) {
            match key {
                "initialDelaySeconds" => {
                    probe.initial_delay_seconds = self.int32(v, &p, GO).unwrap_or(0)
                }
                "periodSeconds" => probe.period_seconds = self.int32(v, &p, GO).unwrap_or(10),
                "timeoutSeconds" => probe.timeout_seconds = self.int32(v, &p, GO).unwrap_or(1),
                "successThreshold" => probe.success_threshold = self.int32(v, &p, GO).unwrap_or(1),
                "failureThreshold" => probe.failure_threshold = self.int32(v, &p, GO).unwrap_or(3),
                "terminationGracePeriodSeconds" => {
                    probe.termination_grace_period_seconds = self.int64(v, &p, GO)
                }
                "exec" => {
                    let cmd = v
                        .get("command")
                        .map(|c| self.strings(c, &join(&p, "command"), "ExecAction"))
                        .unwrap_or_default();
                    probe.handler = ProbeHandler::Exec(cmd);
                }
                "httpGet" => {
                    let path_ = v
                        .get("path")
                        .and_then(Node::scalar)
                        .unwrap_or("/")
                        .to_string();
                    let port = v
                        .get("port")
                        .and_then(Node::scalar)
                        .unwrap_or("")
                        .to_string();
                    probe.handler = ProbeHandler::HttpGet { path: path_, port };
                }
                "tcpSocket" => {
                    let port = v
                        .get("port")
                        .and_then(Node::scalar)
                        .unwrap_or("")
                        .to_string();
                    probe.handler = ProbeHandler::TcpSocket { port };
                }
                "grpc" => {
                    let port = v
                        .get("port")
                        .and_then(Node::scalar)
                        .and_then(parse_int)
                        .unwrap_or(0);
                    probe.handler = ProbeHandler::Grpc {
                        port: i32::try_from(port).unwrap_or(0),
                    };
                }
                _ => {}
            }
        }
        // SetDefaults_Probe: a zero (written or not) takes the default.
        for (v, default) in [
            (&mut probe.timeout_seconds, 1),
            (&mut probe.period_seconds, 10),
            (&mut probe.success_threshold, 1),
            (&mut probe.failure_threshold, 3),
        ] {
            if *v == 0 {
                *v = default;
            }
        }
        probe
    }
}
