//! `kubectl get`: the table printers of pkg/printers/internalversion
//! (printers.go: `printPod`, `printJob`, `printCronJob`, `printEvent`)
//! through cli-runtime's table printer.

use super::age::{human_duration, since, since_unix};
use super::select::{matches_all, FieldReq, Requirement};
use super::table::get_table;
use super::view::*;
use super::Kind;
use crate::sim::trace::*;
use crate::sorted::SortedMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Table,
    Wide,
    Name,
}

#[derive(Debug, Clone)]
pub struct GetOpts {
    pub output: Output,
    pub selector: Vec<Requirement>,
    pub selector_text: String,
    pub fields: Vec<FieldReq>,
    pub fields_text: String,
    pub sort_by: Option<String>,
    pub show_labels: bool,
    pub no_headers: bool,
    pub all_namespaces: bool,
    /// `get all`: names carry their kind (`pod/x`, `job.batch/x`).
    pub with_kind: bool,
}

/// A sortable field value (`--sort-by`).
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Key {
    Num(i64),
    Text(String),
}

/// One object, ready to print.
struct Item {
    name: String,
    labels: SortedMap<String, String>,
    cells: Vec<String>,
    wide: Vec<String>,
    /// Field-selector fields and `--sort-by` keys.
    fields: Vec<(&'static str, String)>,
    keys: Vec<(&'static str, Key)>,
}

fn header(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        Kind::Pod => (
            &["Name", "Ready", "Status", "Restarts", "Age"],
            &["IP", "Node", "Nominated Node", "Readiness Gates"],
        ),
        Kind::Job => (
            &["Name", "Status", "Completions", "Duration", "Age"],
            &["Containers", "Images", "Selector"],
        ),
        Kind::CronJob => (
            &[
                "Name",
                "Schedule",
                "Timezone",
                "Suspend",
                "Active",
                "Last Schedule",
                "Age",
            ],
            &["Containers", "Images", "Selector"],
        ),
        Kind::Event => (&["Last Seen", "Type", "Reason", "Object", "Message"], &[]),
    }
}

/// `kind/name` as `-o name` and `get all` print it.
pub fn kind_prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Pod => "pod",
        Kind::Job => "job.batch",
        Kind::CronJob => "cronjob.batch",
        Kind::Event => "event",
    }
}

/// The plural the API names in errors (`pods "x" not found`).
pub fn resource_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Pod => "pods",
        Kind::Job => "jobs.batch",
        Kind::CronJob => "cronjobs.batch",
        Kind::Event => "events",
    }
}

/// The `/v1, Resource=pods` form used by list errors.
fn gvr(kind: Kind) -> &'static str {
    match kind {
        Kind::Pod => "/v1, Resource=pods",
        Kind::Job => "batch/v1, Resource=jobs",
        Kind::CronJob => "batch/v1, Resource=cronjobs",
        Kind::Event => "/v1, Resource=events",
    }
}

fn pod_item(trace: &Trace, idx: usize, t: Millis) -> Option<Item> {
    let v = PodView::new(trace, idx, t)?;
    let row = v.print_status();
    let pod = v.pod;
    let labels = pod_labels(v.job, pod);
    let restarts: u32 = v.all().map(|c| c.restarts).max().unwrap_or(0);
    Some(Item {
        name: pod.name.to_string(),
        labels,
        cells: vec![
            pod.name.to_string(),
            row.ready,
            row.status,
            row.restarts,
            since(t, pod.created_at),
        ],
        wide: vec![
            v.ip().unwrap_or("<none>").to_string(),
            NODE_NAME.into(),
            "<none>".into(),
            // printPod: gates whose condition is True, of all gates.
            match v.spec().map_or(0, |s| s.readiness_gates.len()) {
                0 => "<none>".into(),
                n => format!("0/{n}"),
            },
        ],
        fields: vec![
            ("metadata.name", pod.name.to_string()),
            ("metadata.namespace", NAMESPACE.into()),
            ("status.phase", v.phase.as_str().into()),
            ("spec.nodeName", NODE_NAME.into()),
            (
                "spec.restartPolicy",
                v.spec().map_or("Always", |s| s.restart_policy()).into(),
            ),
            ("status.podIP", v.ip().unwrap_or("").into()),
        ],
        keys: vec![
            (".metadata.name", Key::Text(pod.name.to_string())),
            (
                ".metadata.creationTimestamp",
                Key::Num(metav1_time(pod.created_at)),
            ),
            (
                ".status.startTime",
                Key::Num(v.start_time().map_or(i64::MIN, metav1_time)),
            ),
            (".status.phase", Key::Text(v.phase.as_str().into())),
            (
                ".status.containerStatuses[0].restartCount",
                Key::Num(v.regular.first().map_or(0, |c| i64::from(c.restarts))),
            ),
            (".status.podIP", Key::Text(v.ip().unwrap_or("").into())),
            ("restarts", Key::Num(i64::from(restarts))),
        ],
    })
}

/// `printJob`'s COMPLETIONS cell.
pub fn completions_cell(job: &JobRecord, succeeded: i32) -> String {
    match job.spec.completions {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let parallelism = job.spec.parallelism.unwrap_or(0);
            if parallelism > 1 {
                format!("{succeeded}/1 of {parallelism}")
            } else {
                format!("{succeeded}/1")
            }
        }
    }
}

fn containers_images(spec: &crate::api::PodSpec) -> (String, String) {
    let names: Vec<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = spec.containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

fn job_item(trace: &Trace, job: &JobRecord, t: Millis) -> Item {
    let v = JobView::new(job, t);
    let duration = match (v.start_time, v.completion_time) {
        (None, _) => String::new(),
        (Some(s), None) => since(t, s),
        (Some(s), Some(c)) => human_duration(metav1_time(c) - metav1_time(s)),
    };
    let (containers, images) = containers_images(&job.spec.template.spec);
    Item {
        name: job.name.to_string(),
        labels: job_labels(trace, job),
        cells: vec![
            job.name.to_string(),
            v.status(t).into(),
            completions_cell(job, v.counts.succeeded),
            duration,
            since(t, job.created_at),
        ],
        wide: vec![
            containers,
            images,
            format!("batch.kubernetes.io/controller-uid={}", job.uid),
        ],
        fields: vec![
            ("metadata.name", job.name.to_string()),
            ("metadata.namespace", NAMESPACE.into()),
            ("status.successful", v.counts.succeeded.to_string()),
        ],
        keys: vec![
            (".metadata.name", Key::Text(job.name.to_string())),
            (
                ".metadata.creationTimestamp",
                Key::Num(metav1_time(job.created_at)),
            ),
            (
                ".status.startTime",
                Key::Num(v.start_time.map_or(i64::MIN, metav1_time)),
            ),
            (
                ".status.completionTime",
                Key::Num(v.completion_time.map_or(i64::MIN, metav1_time)),
            ),
            (".status.succeeded", Key::Num(i64::from(v.counts.succeeded))),
            (".status.failed", Key::Num(i64::from(v.counts.failed))),
        ],
    }
}

/// `printBoolPtr`.
pub fn bool_ptr(b: Option<bool>) -> &'static str {
    match b {
        None => "<unset>",
        Some(true) => "True",
        Some(false) => "False",
    }
}

/// `status.lastScheduleTime` at `t` (unix seconds).
pub fn last_schedule(cj: &CronJobRecord, t: Millis) -> Option<i64> {
    cj.last_schedule
        .iter()
        .rev()
        .find(|(at, _)| *at <= t)
        .map(|(_, unix)| *unix)
}

fn cron_item(trace: &Trace, cj: &CronJobRecord, t: Millis) -> Item {
    let last = last_schedule(cj, t);
    let active = cron_active(trace, cj, t).len();
    let (containers, images) = containers_images(&cj.spec.job_template.spec.template.spec);
    Item {
        name: cj.name.clone(),
        labels: cj.meta.labels.clone(),
        cells: vec![
            cj.name.clone(),
            cj.spec.schedule.clone(),
            cj.spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
            bool_ptr(cj.spec.suspend).into(),
            active.to_string(),
            last.map_or_else(|| "<none>".into(), |u| since_unix(trace, t, u)),
            since(t, cj.created_at),
        ],
        wide: vec![containers, images, "<none>".into()],
        fields: vec![
            ("metadata.name", cj.name.clone()),
            ("metadata.namespace", NAMESPACE.into()),
        ],
        keys: vec![
            (".metadata.name", Key::Text(cj.name.clone())),
            (
                ".metadata.creationTimestamp",
                Key::Num(metav1_time(cj.created_at)),
            ),
            (
                ".status.lastScheduleTime",
                Key::Num(last.unwrap_or(i64::MIN)),
            ),
        ],
    }
}

fn event_item(e: &EvView<'_>, t: Millis) -> Item {
    let rec = e.rec;
    let object = format!("{}/{}", rec.kind.to_ascii_lowercase(), rec.name);
    Item {
        name: e.name.clone(),
        labels: SortedMap::new(),
        cells: vec![
            since(t, e.last),
            rec.type_.into(),
            rec.reason.to_string(),
            object,
            e.message.trim().to_string(),
        ],
        wide: vec![],
        fields: vec![
            ("metadata.name", e.name.clone()),
            ("metadata.namespace", NAMESPACE.into()),
            ("involvedObject.kind", rec.kind.into()),
            ("involvedObject.name", rec.name.to_string()),
            ("involvedObject.namespace", NAMESPACE.into()),
            ("reason", rec.reason.to_string()),
            ("type", rec.type_.into()),
            ("source", rec.source.into()),
            ("reportingComponent", rec.source.into()),
        ],
        keys: vec![
            (".metadata.name", Key::Text(e.name.clone())),
            (
                ".metadata.creationTimestamp",
                Key::Num(metav1_time(rec.created_at())),
            ),
            (".firstTimestamp", Key::Num(metav1_time(rec.first_at))),
            (".lastTimestamp", Key::Num(metav1_time(e.last))),
            (".count", Key::Num(i64::from(e.count))),
            (".type", Key::Text(rec.type_.into())),
            (".reason", Key::Text(rec.reason.to_string())),
            (".involvedObject.name", Key::Text(rec.name.to_string())),
        ],
    }
}

/// Every object of a kind that exists at `t`, in the API's list order
/// (by name).
fn items(trace: &Trace, kind: Kind, t: Millis) -> Vec<Item> {
    let mut out: Vec<Item> = match kind {
        Kind::Pod => (0..trace.pods.len())
            .filter(|i| trace.pods[*i].exists_at(t))
            .filter_map(|i| pod_item(trace, i, t))
            .collect(),
        Kind::Job => trace
            .jobs
            .iter()
            .filter(|j| j.exists_at(t))
            .map(|j| job_item(trace, j, t))
            .collect(),
        Kind::CronJob => trace
            .cron_jobs
            .iter()
            .filter(|c| c.created_at <= t)
            .map(|c| cron_item(trace, c, t))
            .collect(),
        Kind::Event => {
            return events_at(trace, t)
                .iter()
                .map(|e| event_item(e, t))
                .collect()
        }
    };
    crate::sort::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    out
}

/// Normalises a `--sort-by` path: `{.a.b}` or `.a.b` or `a.b`.
fn sort_path(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    if s.starts_with('.') {
        s.to_string()
    } else {
        format!(".{s}")
    }
}

/// `kubectl get KIND [NAME...]`.
pub fn get(
    trace: &Trace,
    t: Millis,
    kind: Kind,
    names: &[String],
    o: &GetOpts,
) -> Result<String, String> {
    if !names.is_empty() && !o.selector.is_empty() {
        return Err(
            "error: selectors and the all flag cannot be used when passing resource/name arguments"
                .into(),
        );
    }
    let mut all = items(trace, kind, t);
    let mut errors = Vec::new();
    let mut list: Vec<Item> = if names.is_empty() {
        all
    } else {
        let mut picked = Vec::new();
        for n in names {
            match all.iter().position(|i| &i.name == n) {
                Some(p) => picked.push(all.remove(p)),
                None => errors.push(format!(
                    "Error from server (NotFound): {} \"{n}\" not found",
                    resource_name(kind)
                )),
            }
        }
        picked
    };
    list.retain(|i| matches_all(&o.selector, &i.labels));
    for f in &o.fields {
        let known = list.first().map_or_else(
            || items_known_fields(kind),
            |i| i.fields.iter().map(|(k, _)| *k).collect(),
        );
        if !known.contains(&f.field.as_str()) {
            return Err(format!(
                "Error from server (BadRequest): Unable to find \"{}\" that match label selector \"{}\", field selector \"{}\": field label not supported: {}",
                gvr(kind),
                o.selector_text,
                o.fields_text,
                f.field
            ));
        }
        list.retain(|i| {
            i.fields
                .iter()
                .any(|(k, v)| *k == f.field && (v == &f.value) == f.equal)
        });
    }
    if let Some(s) = &o.sort_by {
        let path = sort_path(s);
        if !list.is_empty() && list.iter().any(|i| !i.keys.iter().any(|(k, _)| *k == path)) {
            return Err(format!(
                "error: couldn't find any field with path \"{{{path}}}\" in the list of objects"
            ));
        }
        let key = |i: &Item| {
            i.keys
                .iter()
                .find(|(k, _)| *k == path)
                .map(|(_, v)| v.clone())
        };
        crate::sort::sort_by(&mut list, |a, b| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let mut out = String::new();
    if list.is_empty() {
        if errors.is_empty() {
            return Ok(no_resources(o.all_namespaces));
        }
    } else {
        out = render(kind, &list, o);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        out.push_str(&errors.join("\n"));
        Err(out)
    }
}

fn items_known_fields(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Pod => vec![
            "metadata.name",
            "metadata.namespace",
            "status.phase",
            "spec.nodeName",
            "spec.restartPolicy",
            "status.podIP",
        ],
        Kind::Job => vec!["metadata.name", "metadata.namespace", "status.successful"],
        Kind::CronJob => vec!["metadata.name", "metadata.namespace"],
        Kind::Event => vec![
            "metadata.name",
            "metadata.namespace",
            "involvedObject.kind",
            "involvedObject.name",
            "involvedObject.namespace",
            "reason",
            "type",
            "source",
            "reportingComponent",
        ],
    }
}

/// What kubectl prints (on stderr) for an empty list.
pub fn no_resources(all_namespaces: bool) -> String {
    if all_namespaces {
        "No resources found\n".to_string()
    } else {
        format!("No resources found in {NAMESPACE} namespace.\n")
    }
}

fn render(kind: Kind, list: &[Item], o: &GetOpts) -> String {
    if o.output == Output::Name {
        return list
            .iter()
            .map(|i| format!("{}/{}\n", kind_prefix(kind), i.name))
            .collect();
    }
    let (cols, wide) = header(kind);
    let mut head: Vec<&str> = Vec::new();
    if o.all_namespaces {
        head.push("Namespace");
    }
    head.extend_from_slice(cols);
    if o.output == Output::Wide {
        head.extend_from_slice(wide);
    }
    if o.show_labels {
        head.push("Labels");
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|i| {
            let mut row = Vec::new();
            if o.all_namespaces {
                row.push(NAMESPACE.to_string());
            }
            let mut cells = i.cells.clone();
            if o.with_kind {
                if let Some(first) = cells.first_mut() {
                    *first = format!("{}/{}", kind_prefix(kind), first);
                }
            }
            row.extend(cells);
            if o.output == Output::Wide {
                row.extend(i.wide.iter().cloned());
            }
            if o.show_labels {
                let l: Vec<String> = i.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                row.push(if l.is_empty() {
                    "<none>".into()
                } else {
                    l.join(",")
                });
            }
            row
        })
        .collect();
    get_table(if o.no_headers { &[] } else { &head }, &rows)
}

/// `kubectl get all`: one table per kind that has objects, separated by
/// blank lines, names prefixed with their kind.
pub fn get_all(trace: &Trace, t: Millis, o: &GetOpts) -> Result<String, String> {
    let mut o = o.clone();
    o.with_kind = o.output != Output::Name;
    let mut blocks = Vec::new();
    for kind in [Kind::Pod, Kind::CronJob, Kind::Job] {
        match get(trace, t, kind, &[], &o) {
            Ok(s) if !s.starts_with("No resources found") => blocks.push(s),
            Ok(_) => {}
            Err(e) => return Err(e),
        }
    }
    if blocks.is_empty() {
        return Ok(no_resources(o.all_namespaces));
    }
    let sep = if o.output == Output::Name { "" } else { "\n" };
    Ok(blocks.join(sep))
}
