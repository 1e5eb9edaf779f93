//! `kubectl logs`: container choice as kubectl's `logsForObject`
//! (pkg/polymorphichelpers/logsforobject.go), pod choice for `job/NAME` as
//! `GetFirstPod` with `podutils.ByLogging`, and the kubelet's answer as
//! `validateContainerLogStatus` (pkg/kubelet/kubelet_pods.go).

use super::view::*;
use crate::sim::trace::*;

#[derive(Debug, Clone, Default)]
pub struct LogOpts {
    pub container: Option<String>,
    pub previous: bool,
    pub tail: Option<i64>,
    pub timestamps: bool,
    pub all_containers: bool,
}

/// `podcmd.AllContainerNames`: containers, then init containers marked
/// `(init)`.
fn all_container_names(v: &PodView<'_>) -> String {
    let mut names: Vec<String> = v.regular.iter().map(|c| c.rec.name.clone()).collect();
    names.extend(v.init.iter().map(|c| format!("{} (init)", c.rec.name)));
    names.join(", ")
}

/// RFC 3339 with nanoseconds, trailing zeros dropped (Go's
/// `time.RFC3339Nano`), as `--timestamps` prints.
fn rfc3339_nano(trace: &Trace, at: Millis) -> String {
    let secs = super::age::unix_of(trace, at);
    let base = crate::sim::cron::tz::format_rfc3339(secs);
    let ms = at.rem_euclid(1000);
    if ms == 0 {
        return base;
    }
    let frac = format!("{ms:03}");
    let frac = frac.trim_end_matches('0');
    match base.strip_suffix('Z') {
        Some(b) => format!("{b}.{frac}Z"),
        None => base,
    }
}

/// The log of one pod at `t`. `Ok` holds what is printed: any
/// `Defaulted container` notice (kubectl writes it on stderr) first.
pub fn pod_logs(trace: &Trace, index: usize, t: Millis, o: &LogOpts) -> Result<String, String> {
    let Some(v) = PodView::new(trace, index, t) else {
        return Err(String::new());
    };
    let pod_name = &*v.pod.name;
    let mut notice = String::new();
    if o.all_containers {
        let mut out = String::new();
        for c in v.init.iter().chain(v.regular.iter()) {
            match container_log(trace, &v, c, t, o) {
                Ok(s) => out.push_str(&s),
                Err(e) => return Err(format!("{out}{e}")),
            }
        }
        return Ok(out);
    }
    let name = match &o.container {
        Some(c) => c.clone(),
        None => {
            let Some(first) = v.regular.first() else {
                return Err(format!("error: pod {pod_name} has no containers"));
            };
            if v.regular.len() > 1 || !v.init.is_empty() {
                notice = format!(
                    "Defaulted container \"{}\" out of: {}\n",
                    first.rec.name,
                    all_container_names(&v)
                );
            }
            first.rec.name.clone()
        }
    };
    let Some(c) = v.find(&name) else {
        return Err(format!(
            "{notice}error: container {name} is not valid for pod {pod_name} out of: {}",
            all_container_names(&v)
        ));
    };
    match container_log(trace, &v, c, t, o) {
        Ok(s) => Ok(format!("{notice}{s}")),
        Err(e) => Err(format!("{notice}{e}")),
    }
}

/// `validateContainerLogStatus`, then the lines of the chosen run.
fn container_log(
    trace: &Trace,
    v: &PodView<'_>,
    c: &CView<'_>,
    t: Millis,
    o: &LogOpts,
) -> Result<String, String> {
    let (cname, pname) = (c.rec.name.as_str(), &*v.pod.name);
    let bad = |msg: String| Err(format!("Error from server (BadRequest): {msg}"));
    let run = if o.previous {
        match c.last_run {
            Some(r) => r,
            None => {
                return bad(format!(
                    "previous terminated container \"{cname}\" in pod \"{pname}\" not found"
                ))
            }
        }
    } else {
        match c.state {
            CState::Running(_) | CState::Terminated(_) => c.current_run.unwrap_or(0),
            CState::Waiting(reason) => match c.last_run {
                Some(r) => r,
                None => {
                    return match reason {
                        "ErrImagePull" => bad(format!("container \"{cname}\" in pod \"{pname}\" is waiting to start: image can't be pulled")),
                        "ImagePullBackOff" => {
                            bad(format!("container \"{cname}\" in pod \"{pname}\" is waiting to start: trying and failing to pull image"))
                        }
                        "" => bad(format!("container \"{cname}\" in pod \"{pname}\" is waiting to start - no logs yet")),
                        r => bad(format!("container \"{cname}\" in pod \"{pname}\" is waiting to start: {r}")),
                    }
                }
            },
        }
    };
    let restart = u32::try_from(run).unwrap_or(u32::MAX);
    let lines: Vec<&LogLine> = trace.logs_of(v.index, c.index, restart, t).collect();
    let skip = match o.tail {
        Some(n) if n >= 0 => lines
            .len()
            .saturating_sub(usize::try_from(n).unwrap_or(usize::MAX)),
        _ => 0,
    };
    let mut out = String::new();
    for l in &lines[skip..] {
        if o.timestamps {
            out.push_str(&rfc3339_nano(trace, l.at));
            out.push(' ');
        }
        out.push_str(&l.text);
        if !l.text.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// `GetFirstPod` for a Job: its pods existing at `t`, sorted by
/// `podutils.ByLogging`, and the first of them.
pub fn first_pod_of_job(trace: &Trace, job: usize, t: Millis) -> (Option<usize>, usize) {
    let Some(j) = trace.jobs.get(job) else {
        return (None, 0);
    };
    let mut pods: Vec<PodView<'_>> = j
        .pods
        .iter()
        .filter(|p| trace.pods.get(**p).is_some_and(|r| r.exists_at(t)))
        .filter_map(|p| PodView::new(trace, *p, t))
        .collect();
    crate::sort::sort_by(&mut pods, |a, b| a.pod.name.cmp(&b.pod.name));
    // ByLogging: Running (and, as its map has no other keys, Succeeded and
    // Failed) before Unknown before Pending; ready first; more restarts
    // first; older first.
    let rank = |p: &PodView<'_>| if p.phase == Phase::Pending { 2 } else { 0 };
    let ready = |p: &PodView<'_>| p.containers_ready();
    let restarts = |p: &PodView<'_>| p.all().map(|c| c.restarts).max().unwrap_or(0);
    crate::sort::sort_by(&mut pods, |a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(ready(b).cmp(&ready(a)))
            .then(restarts(b).cmp(&restarts(a)))
            .then(
                crate::sim::trace::metav1_time(a.pod.created_at)
                    .cmp(&crate::sim::trace::metav1_time(b.pod.created_at)),
            )
    });
    (pods.first().map(|p| p.index), pods.len())
}
