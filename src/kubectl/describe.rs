//! `kubectl describe`: staging/src/k8s.io/kubectl/pkg/describe/describe.go
//! (`describeJob`, `describePod`, `describeCronJob`, `DescribePodTemplate`,
//! `describeContainers`, `DescribeEvents`), written through
//! `tabbedString`'s tab writer ([`describe_tabs`]).

use super::age::{human_duration, rfc1123z, rfc1123z_at, since};
use super::get::{bool_ptr, last_schedule};
use super::table::describe_tabs;
use super::view::*;
use crate::api::{Container, PodTemplateSpec, Probe, ProbeHandler};
use crate::manifest::quantity::parse_quantity;
use crate::sim::trace::metav1_time;
use crate::sim::trace::*;
use crate::sorted::SortedMap;
use std::fmt::Write as _;

/// `PrefixWriter`: each level indents two spaces.
struct W {
    out: String,
}

impl W {
    fn new() -> W {
        W { out: String::new() }
    }
    fn line(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }
    fn finish(self) -> String {
        describe_tabs(&self.out)
    }
}

/// `printLabelsMultilineWithIndent` with `initialIndent = ""` (callers put
/// the indent into the title, as DescribePodTemplate's `"  Labels"`).
fn labels_multiline(w: &mut W, title: &str, labels: &SortedMap<String, String>) {
    if labels.is_empty() {
        w.line(0, &format!("{title}:\t<none>"));
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i == 0 {
            w.line(0, &format!("{title}:\t{k}={v}"));
        } else {
            w.line(0, &format!("\t{k}={v}"));
        }
    }
}

/// `maxAnnotationLen` in describe.go.
const MAX_ANNOTATION_LEN: usize = 140;

/// `shorten`.
fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &s[..cut])
    } else {
        s.to_string()
    }
}

/// `printAnnotationsMultiline` (skipping
/// `kubectl.kubernetes.io/last-applied-configuration`).
fn annotations_multiline(w: &mut W, title: &str, annotations: &SortedMap<String, String>) {
    let keys: Vec<&String> = annotations
        .keys()
        .filter(|k| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        w.line(0, &format!("{title}:\t<none>"));
        return;
    }
    let mut text = format!("{title}:\t");
    for (i, key) in keys.iter().enumerate() {
        if i != 0 {
            text.push('\t');
        }
        let value = annotations
            .get(*key)
            .map_or("", |v| v.strip_suffix('\n').unwrap_or(v));
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            let _ = writeln!(text, "{key}:");
            for s in value.split('\n') {
                let _ = writeln!(text, "\t  {}", shorten(s, MAX_ANNOTATION_LEN - 2));
            }
        } else {
            let _ = writeln!(text, "{key}: {value}");
        }
    }
    w.out.push_str(&text);
}

/// `DescribeEvents`: sorted by last timestamp (`SortableEvents`; Go's
/// sort is an insertion sort, stable, for lists this short).
fn describe_events(w: &mut W, mut events: Vec<EvView<'_>>, t: Millis) {
    if events.is_empty() {
        w.line(0, "Events:\t<none>");
        return;
    }
    crate::sort::sort_by_key(&mut events, |e| metav1_time(e.last));
    w.line(0, "Events:");
    w.line(1, "Type\tReason\tAge\tFrom\tMessage");
    w.line(1, "----\t------\t----\t----\t-------");
    for e in &events {
        let first = since(t, e.rec.first_at);
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", since(t, e.last), e.count)
        } else {
            first
        };
        w.line(
            1,
            &format!(
                "{}\t{}\t{interval}\t{}\t{}",
                e.rec.type_,
                e.rec.reason,
                e.rec.source,
                e.message.trim()
            ),
        );
    }
}

fn events_for<'a>(trace: &'a Trace, t: Millis, kind: &str, name: &str) -> Vec<EvView<'a>> {
    events_at(trace, t)
        .into_iter()
        .filter(|e| e.rec.kind == kind && &*e.rec.name == name)
        .collect()
}

/// `DescribeProbe`.
fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds,
        p.timeout_seconds,
        p.period_seconds,
        p.success_threshold,
        p.failure_threshold
    );
    match &p.handler {
        ProbeHandler::Exec(cmd) => format!("exec [{}] {attrs}", cmd.join(" ")),
        ProbeHandler::HttpGet { path, port } => format!("http-get http://:{port}{path} {attrs}"),
        ProbeHandler::TcpSocket { port } => format!("tcp-socket :{port} {attrs}"),
        ProbeHandler::Grpc { port } => format!("grpc <pod>:{port}  {attrs}"),
        ProbeHandler::None => format!("unknown {attrs}"),
    }
}

/// `describeStatus`.
fn describe_state(w: &mut W, trace: &Trace, name: &str, state: &CState<'_>) {
    match state {
        CState::Running(started) => {
            w.line(2, &format!("{name}:\tRunning"));
            w.line(3, &format!("Started:\t{}", rfc1123z_at(trace, *started)));
        }
        CState::Waiting(reason) => {
            w.line(2, &format!("{name}:\tWaiting"));
            if !reason.is_empty() {
                w.line(3, &format!("Reason:\t{reason}"));
            }
        }
        CState::Terminated(r) => describe_terminated(w, trace, name, r),
    }
}

fn describe_terminated(w: &mut W, trace: &Trace, name: &str, r: &ContainerRun) {
    w.line(2, &format!("{name}:\tTerminated"));
    if let Some(reason) = r.reason.as_deref().filter(|x| !x.is_empty()) {
        w.line(3, &format!("Reason:\t{reason}"));
    }
    if let Some(m) = r.message.as_deref().filter(|x| !x.is_empty()) {
        w.line(3, &format!("Message:\t{m}"));
    }
    w.line(3, &format!("Exit Code:\t{}", r.exit_code.unwrap_or(0)));
    // `Signal:` is printed only when > 0, and containerd's CRI never
    // reports a signal, so it does not appear.
    // A container that failed to start has a zero startedAt (the epoch).
    let started = if r.reason.as_deref() == Some("StartError") {
        rfc1123z(0)
    } else {
        rfc1123z_at(trace, r.started_at)
    };
    w.line(3, &format!("Started:\t{started}"));
    w.line(
        3,
        &format!(
            "Finished:\t{}",
            rfc1123z_at(trace, r.finished_at.unwrap_or(r.started_at))
        ),
    );
}

/// What describeContainers needs of a pod (statuses, the env resolver, the
/// service account mount); `None` for a pod template.
struct PodCtx<'a, 'b> {
    trace: &'a Trace,
    view: &'b PodView<'a>,
    volume: String,
}

/// `describeContainers`.
fn describe_containers(
    w: &mut W,
    label: &str,
    containers: &[Container],
    pod: Option<&PodCtx<'_, '_>>,
    space: &str,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.line(0, &format!("{space}{label}:{none}"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in containers {
        let init = label.starts_with("Init");
        let status = pod.and_then(|p| {
            p.view
                .all()
                .find(|s| s.rec.name == c.name && s.rec.init == init)
        });
        w.line(1, &format!("{name_indent}{}:", c.name));
        if let (Some(p), Some(s)) = (pod, status) {
            let id = s
                .current_run
                .map(|r| container_id(p.view.pod, &c.name, r))
                .unwrap_or_default();
            w.line(2, &format!("Container ID:\t{id}"));
        }
        w.line(2, &format!("Image:\t{}", c.image));
        if let Some(s) = status {
            let id = if s.current_run.is_some() {
                image_id(&c.image)
            } else {
                String::new()
            };
            w.line(2, &format!("Image ID:\t{id}"));
        }
        w.line(2, "Port:\t<none>");
        w.line(2, "Host Port:\t<none>");
        if !c.command.is_empty() {
            w.line(2, "Command:");
            for arg in &c.command {
                for s in arg.split('\n') {
                    w.line(3, s);
                }
            }
        }
        if !c.args.is_empty() {
            w.line(2, "Args:");
            for arg in &c.args {
                for s in arg.split('\n') {
                    w.line(3, s);
                }
            }
        }
        if let (Some(p), Some(s)) = (pod, status) {
            // describeContainerState
            describe_state(w, p.trace, "State", &s.state);
            if let Some(last) = s.last {
                describe_terminated(w, p.trace, "Last State", last);
            }
            w.line(
                2,
                &format!("Ready:\t{}", if s.ready { "True" } else { "False" }),
            );
            w.line(2, &format!("Restart Count:\t{}", s.restarts));
        }
        // describeResources; a pod's requests default to its limits
        // (SetDefaults_Pod), a template's do not.
        let limits = &c.resources.limits;
        let mut requests = c.resources.requests.clone();
        if pod.is_some() {
            for (k, v) in limits {
                requests.get_or_insert_with(k.clone(), || v.clone());
            }
        }
        if !limits.is_empty() {
            w.line(2, "Limits:");
            for (k, v) in limits {
                w.line(3, &format!("{k}:\t{v}"));
            }
        }
        if !requests.is_empty() {
            w.line(2, "Requests:");
            for (k, v) in &requests {
                w.line(3, &format!("{k}:\t{v}"));
            }
        }
        if let Some(p) = &c.liveness_probe {
            w.line(2, &format!("Liveness:\t{}", describe_probe(p)));
        }
        if let Some(p) = &c.readiness_probe {
            w.line(2, &format!("Readiness:\t{}", describe_probe(p)));
        }
        if let Some(p) = &c.startup_probe {
            w.line(2, &format!("Startup:\t{}", describe_probe(p)));
        }
        // describeContainerEnvVars; Indexed Jobs add JOB_COMPLETION_INDEX
        // from the annotation (kubectl's scheme cannot resolve that field
        // path, so the value is empty).
        let index_env = pod.is_some_and(|p| p.view.pod.index.is_some())
            && !c.env.iter().any(|e| e.name == "JOB_COMPLETION_INDEX");
        if c.env.is_empty() && !index_env {
            w.line(2, "Environment:\t<none>");
        } else {
            w.line(2, "Environment:");
            for e in &c.env {
                for (i, s) in e.value.split('\n').enumerate() {
                    if i == 0 {
                        w.line(3, &format!("{}:\t{s}", e.name));
                    } else {
                        w.line(3, &format!("\t{s}"));
                    }
                }
            }
            if index_env {
                w.line(3, "JOB_COMPLETION_INDEX:\t (v1:metadata.annotations['batch.kubernetes.io/job-completion-index'])");
            }
        }
        // describeContainerVolumes
        match pod {
            Some(p) => {
                w.line(2, "Mounts:");
                w.line(
                    3,
                    &format!(
                        "/var/run/secrets/kubernetes.io/serviceaccount from {} (ro)",
                        p.volume
                    ),
                );
            }
            None => w.line(2, "Mounts:\t<none>"),
        }
    }
}

/// `DescribePodTemplate`.
fn describe_pod_template(
    w: &mut W,
    template: &PodTemplateSpec,
    labels: &SortedMap<String, String>,
) {
    w.line(0, "Pod Template:");
    labels_multiline(w, "  Labels", labels);
    if !template.metadata.annotations.is_empty() {
        annotations_multiline(w, "  Annotations", &template.metadata.annotations);
    }
    if !template.spec.init_containers.is_empty() {
        describe_containers(
            w,
            "Init Containers",
            &template.spec.init_containers,
            None,
            "  ",
        );
    }
    describe_containers(w, "Containers", &template.spec.containers, None, "  ");
    w.line(0, "  Volumes:\t<none>");
    w.line(0, "  Node-Selectors:\t<none>");
    w.line(0, "  Tolerations:\t<none>");
}

/// `capIndexesListOrNone`.
fn cap_indexes(indexes: &str, soft_limit: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    let b = indexes.as_bytes();
    let mut ix = soft_limit;
    while ix < b.len() && b[ix] != b',' {
        ix += 1;
    }
    if ix >= b.len() {
        return indexes.to_string();
    }
    format!("{}...", &indexes[..=ix])
}

/// `describeJob`.
pub fn describe_job(trace: &Trace, job: &JobRecord, t: Millis) -> String {
    let v = JobView::new(job, t);
    let spec = &job.spec;
    let mut w = W::new();
    w.line(0, &format!("Name:\t{}", job.name));
    w.line(0, &format!("Namespace:\t{NAMESPACE}"));
    w.line(
        0,
        &format!("Selector:\tbatch.kubernetes.io/controller-uid={}", job.uid),
    );
    labels_multiline(&mut w, "Labels", &job_labels(trace, job));
    annotations_multiline(&mut w, "Annotations", &job_annotations(trace, job));
    if let Some(cj) = &job.cron_job {
        w.line(0, &format!("Controlled By:\tCronJob/{cj}"));
    }
    if let Some(p) = spec.parallelism {
        w.line(0, &format!("Parallelism:\t{p}"));
    }
    match spec.completions {
        Some(c) => w.line(0, &format!("Completions:\t{c}")),
        None => w.line(0, "Completions:\t<unset>"),
    }
    if let Some(m) = &spec.completion_mode {
        w.line(0, &format!("Completion Mode:\t{m}"));
    }
    if let Some(s) = spec.suspend {
        w.line(0, &format!("Suspend:\t{s}"));
    }
    if let Some(b) = spec.backoff_limit {
        w.line(0, &format!("Backoff Limit:\t{b}"));
    }
    if let Some(ttl) = spec.ttl_seconds_after_finished {
        w.line(0, &format!("TTL Seconds After Finished:\t{ttl}"));
    }
    if let Some(s) = v.start_time {
        w.line(0, &format!("Start Time:\t{}", rfc1123z_at(trace, s)));
    }
    if let Some(c) = v.completion_time {
        w.line(0, &format!("Completed At:\t{}", rfc1123z_at(trace, c)));
    }
    if let (Some(s), Some(c)) = (v.start_time, v.completion_time) {
        w.line(
            0,
            &format!(
                "Duration:\t{}",
                human_duration(metav1_time(c) - metav1_time(s))
            ),
        );
    }
    if let Some(ads) = spec.active_deadline_seconds {
        w.line(0, &format!("Active Deadline Seconds:\t{ads}s"));
    }
    let c = &v.counts;
    w.line(
        0,
        &format!(
            "Pods Statuses:\t{} Active ({} Ready) / {} Succeeded / {} Failed",
            c.active, c.ready, c.succeeded, c.failed
        ),
    );
    if spec.is_indexed() {
        w.line(
            0,
            &format!(
                "Completed Indexes:\t{}",
                cap_indexes(c.completed_indexes(), 50)
            ),
        );
    }
    describe_pod_template(&mut w, &spec.template, &template_labels(job));
    describe_events(&mut w, events_for(trace, t, "Job", &job.name), t);
    w.finish()
}

/// `qos.GetPodQOS` (cpu and memory only; requests default to limits).
fn qos_class(containers: &[&Container]) -> &'static str {
    let mut requests: SortedMap<&str, f64> = SortedMap::new();
    let mut limits: SortedMap<&str, f64> = SortedMap::new();
    let mut guaranteed = true;
    for c in containers {
        let mut reqs = c.resources.requests.clone();
        for (k, v) in &c.resources.limits {
            reqs.get_or_insert_with(k.clone(), || v.clone());
        }
        for name in ["cpu", "memory"] {
            if let Some(q) = reqs
                .get(name)
                .and_then(|v| parse_quantity(v))
                .filter(|q| *q != 0.0)
            {
                *requests.get_or_default(name) += q;
            }
        }
        let mut found = 0;
        for name in ["cpu", "memory"] {
            if let Some(q) = c
                .resources
                .limits
                .get(name)
                .and_then(|v| parse_quantity(v))
                .filter(|q| *q != 0.0)
            {
                found += 1;
                *limits.get_or_default(name) += q;
            }
        }
        if found < 2 {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed && requests == limits {
        return "Guaranteed";
    }
    "Burstable"
}

/// `describePod`.
pub fn describe_pod(trace: &Trace, index: usize, t: Millis) -> String {
    let Some(view) = PodView::new(trace, index, t) else {
        return String::new();
    };
    let pod = view.pod;
    let ctx = PodCtx {
        trace,
        view: &view,
        volume: api_access_volume(pod),
    };
    let mut w = W::new();
    w.line(0, &format!("Name:\t{}", pod.name));
    w.line(0, &format!("Namespace:\t{NAMESPACE}"));
    w.line(0, "Priority:\t0");
    w.line(0, "Service Account:\tdefault");
    w.line(0, &format!("Node:\t{NODE_NAME}/{HOST_IP}"));
    if let Some(s) = view.start_time() {
        w.line(0, &format!("Start Time:\t{}", rfc1123z_at(trace, s)));
    }
    labels_multiline(&mut w, "Labels", &pod_labels(view.job, pod));
    annotations_multiline(&mut w, "Annotations", &pod_annotations(view.job, pod));
    match pod.deletion_at.filter(|d| *d <= t) {
        Some(d) if !view.phase.is_terminal() => {
            // deletionTimestamp is set to now + grace period
            // (rest.BeforeDelete), so during the grace period this reads
            // `<invalid>`, exactly as kubectl prints it.
            let grace = pod.deletion_grace_seconds;
            let ts = d.saturating_add(grace.saturating_mul(1000));
            w.line(0, &format!("Status:\tTerminating (lasts {})", since(t, ts)));
            w.line(0, &format!("Termination Grace Period:\t{grace}s"));
        }
        _ => w.line(0, &format!("Status:\t{}", view.phase.as_str())),
    }
    if let Some((reason, message)) = view.status_reason() {
        if !reason.is_empty() {
            w.line(0, &format!("Reason:\t{reason}"));
        }
        if !message.is_empty() {
            w.line(0, &format!("Message:\t{message}"));
        }
    }
    w.line(0, &format!("IP:\t{}", view.ip().unwrap_or("")));
    match view.ip() {
        None => w.line(0, "IPs:\t<none>"),
        Some(ip) => {
            w.line(0, "IPs:");
            w.line(1, &format!("IP:\t{ip}"));
        }
    }
    if let Some(job) = view.job {
        w.line(0, &format!("Controlled By:\tJob/{}", job.name));
    }
    let empty = crate::api::PodSpec::default();
    let spec = view.spec().unwrap_or(&empty);
    if !spec.init_containers.is_empty() {
        describe_containers(
            &mut w,
            "Init Containers",
            &spec.init_containers,
            Some(&ctx),
            "",
        );
    }
    describe_containers(&mut w, "Containers", &spec.containers, Some(&ctx), "");
    // describePod: each gate with the status of the pod condition of its
    // type, `<none>` when there is none (nothing here sets one).
    if !spec.readiness_gates.is_empty() {
        w.line(0, "Readiness Gates:");
        w.line(1, "Type\tStatus");
        for gate in &spec.readiness_gates {
            w.line(1, &format!("{gate} \t<none> "));
        }
    }
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus");
    for (ty, status) in view.conditions() {
        w.line(1, &format!("{ty} \t{status} "));
    }
    w.line(0, "Volumes:");
    w.line(1, &format!("{}:", ctx.volume));
    w.line(
        2,
        "Type:\tProjected (a volume that contains injected data from multiple sources)",
    );
    w.line(2, "TokenExpirationSeconds:\t3607");
    w.line(2, "ConfigMapName:\tkube-root-ca.crt");
    w.line(2, "Optional:\tfalse");
    w.line(2, "DownwardAPI:\ttrue");
    let all: Vec<&Container> = spec
        .init_containers
        .iter()
        .chain(spec.containers.iter())
        .collect();
    w.line(0, &format!("QoS Class:\t{}", qos_class(&all)));
    w.line(0, "Node-Selectors:\t<none>");
    w.line(
        0,
        "Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
    );
    w.line(
        0,
        "\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
    );
    describe_events(&mut w, events_for(trace, t, "Pod", &pod.name), t);
    w.finish()
}

/// `describeCronJob` (with `describeJobTemplate` and `printActiveJobs`).
pub fn describe_cron_job(trace: &Trace, cj: &CronJobRecord, t: Millis) -> String {
    let spec = &cj.spec;
    let mut w = W::new();
    w.line(0, &format!("Name:\t{}", cj.name));
    w.line(0, &format!("Namespace:\t{NAMESPACE}"));
    labels_multiline(&mut w, "Labels", &cj.meta.labels);
    annotations_multiline(&mut w, "Annotations", &cj.meta.annotations);
    w.line(0, &format!("Schedule:\t{}", spec.schedule));
    w.line(
        0,
        &format!(
            "Concurrency Policy:\t{}",
            spec.concurrency_policy.as_deref().unwrap_or("")
        ),
    );
    w.line(0, &format!("Suspend:\t{}", bool_ptr(spec.suspend)));
    let opt = |v: Option<i32>| v.map_or_else(|| "<unset>".to_string(), |x| x.to_string());
    w.line(
        0,
        &format!(
            "Successful Job History Limit:\t{}",
            opt(spec.successful_jobs_history_limit)
        ),
    );
    w.line(
        0,
        &format!(
            "Failed Job History Limit:\t{}",
            opt(spec.failed_jobs_history_limit)
        ),
    );
    match spec.starting_deadline_seconds {
        Some(s) => w.line(0, &format!("Starting Deadline Seconds:\t{s}s")),
        None => w.line(0, "Starting Deadline Seconds:\t<unset>"),
    }
    let js = &spec.job_template.spec;
    w.line(0, "Selector:\t<unset>");
    w.line(0, &format!("Parallelism:\t{}", opt(js.parallelism)));
    w.line(0, &format!("Completions:\t{}", opt(js.completions)));
    if let Some(ads) = js.active_deadline_seconds {
        w.line(0, &format!("Active Deadline Seconds:\t{ads}s"));
    }
    describe_pod_template(&mut w, &js.template, &js.template.metadata.labels);
    match last_schedule(cj, t) {
        Some(unix) => w.line(0, &format!("Last Schedule Time:\t{}", rfc1123z(unix))),
        None => w.line(0, "Last Schedule Time:\t<unset>"),
    }
    let active: Vec<&str> = cron_active(trace, cj, t).iter().map(|j| &*j.name).collect();
    if active.is_empty() {
        w.line(0, "Active Jobs:\t<none>");
    } else {
        w.line(0, &format!("Active Jobs:\t{}", active.join(", ")));
    }
    describe_events(&mut w, events_for(trace, t, "CronJob", &cj.name), t);
    w.finish()
}
