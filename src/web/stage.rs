//! The stage: a card per Job, the timeline (one row per pod, container runs
//! as bars, waits as hatched gaps with their length and countdown, the
//! deadline, faults, a "now" cursor) and the pods as cards. Everything is
//! read from the Trace at the moment shown.

use crate::i18n::{t as tr, Lang};
use crate::scenario::{format_duration, Millis};
use crate::sim::trace::*;
use std::rc::Rc;
use yew::prelude::*;

/// A Trace compared by identity: the props comparison Yew makes on every
/// frame must not walk the whole history.
#[derive(Clone)]
pub struct TraceRef(pub Rc<Trace>);

impl PartialEq for TraceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub trace: TraceRef,
    pub t: Millis,
    pub lang: Lang,
    pub faults: Rc<Vec<(Millis, String)>>,
    pub on_pod: Callback<String>,
}

/// The main outcome of a finished run, for the bar's colour.
fn run_class(r: &ContainerRun) -> &'static str {
    match (r.reason.as_deref(), r.exit_code, r.signal) {
        (Some("OOMKilled"), _, _) => "bar oom",
        (Some("StartError"), _, _) => "bar failed",
        (_, Some(0), _) => "bar ok",
        (_, _, Some(_)) => "bar killed",
        _ => "bar failed",
    }
}

fn secs_label(ms: Millis) -> String {
    format_duration(((ms + 500) / 1000) * 1000)
}

/// The exit code a pod card shows at `t`: a failed init container's, else
/// that of the first main container that has terminated. (The status word
/// itself is kubectl's, `PodView::print_status`.)
fn exit_code(p: &PodRecord, t: Millis) -> Option<i32> {
    if p.deleting_at(t) && !p.phase_at(t).is_terminal() {
        return None;
    }
    for c in p.containers.iter().filter(|c| c.init && !c.sidecar) {
        match c.state_at(t) {
            ContainerState::Terminated(r) if r.exit_code == Some(0) => continue,
            ContainerState::Terminated(r) => return r.exit_code,
            _ => return None,
        }
    }
    p.containers
        .iter()
        .filter(|c| !c.init)
        .find_map(|c| match c.state_at(t) {
            ContainerState::Terminated(r) => Some(r.exit_code),
            _ => None,
        })
        .flatten()
}

/// At most this many deleted pods keep a card (the most recently deleted).
const DELETED_CARDS: usize = 8;

/// A deleted pod's card: its last container's exit as the kubelet reported
/// it, at the moment the pod went. Not a button: `kubectl describe` no
/// longer finds it.
fn deleted_card(p: &PodRecord, removed_at: Millis, lang: Lang) -> Html {
    // The failure if a container failed, else the first that ended.
    let ended: Vec<&ContainerRun> = p
        .containers
        .iter()
        .filter(|c| !c.sidecar)
        .filter_map(|c| match c.state_at(removed_at) {
            ContainerState::Terminated(r) => Some(r),
            _ => None,
        })
        .collect();
    let last = ended
        .iter()
        .find(|r| r.exit_code != Some(0))
        .or(ended.first())
        .copied();
    let reason = last.and_then(|r| r.reason.as_deref()).unwrap_or("");
    let restarts: u32 = p
        .containers
        .iter()
        .map(|c| c.restart_count_at(removed_at))
        .sum();
    let title = format!("{} {}", tr(lang, "pods.deleted_at"), secs_label(removed_at));
    html! {
        <li key={p.name.clone()} class={classes!("pod-card", "deleted", status_class(reason))} data-testid="deleted-pod-card" {title}>
            <span class="pod-name">{ &*p.name }</span>
            <span class="pod-status">{ tr(lang, "pods.deleted_status") }</span>
            if let Some(c) = last.and_then(|r| r.exit_code) { <span class="pod-exit">{ format!("exit {c} · {reason}") }</span> }
            if restarts > 0 { <span class="pod-restarts">{ format!("↻ {restarts}") }</span> }
        </li>
    }
}

fn status_class(s: &str) -> &'static str {
    match s {
        "Completed" | "Succeeded" | "Complete" => "ok",
        "Running" | "NotReady" => "running",
        "OOMKilled" => "oom",
        "Terminating" => "killed",
        s if s.contains("CrashLoopBackOff") || s.starts_with("Init:") && s.contains('/') => {
            "waiting"
        }
        "ContainerCreating" | "Pending" | "PodInitializing" => "waiting",
        _ => "failed",
    }
}

fn job_card(trace: &Trace, j: &JobRecord, t: Millis, lang: Lang) -> Html {
    let counts = j.counts_at(t);
    let conds: Vec<&Condition> = j.conditions_at(t).collect();
    let last = conds
        .iter()
        .rev()
        .find(|c| c.type_ != "Suspended" || c.status == "True");
    let (headline, class) = match last {
        Some(c) if c.type_ == "Complete" => (format!("Complete · {}", c.reason), "ok"),
        Some(c) if c.type_ == "Failed" => (format!("Failed · {}", c.reason), "failed"),
        Some(c) if c.type_ == "FailureTarget" => {
            (format!("FailureTarget · {}", c.reason), "failed")
        }
        Some(c) if c.type_ == "SuccessCriteriaMet" => {
            (format!("SuccessCriteriaMet · {}", c.reason), "ok")
        }
        Some(c) if c.type_ == "Suspended" => ("Suspended · JobSuspended".to_string(), "waiting"),
        _ => (tr(lang, "job.running").to_string(), "running"),
    };
    let never = j.spec.template.spec.restart_policy() != "OnFailure";
    let limit = j.spec.backoff_limit();
    let limit_label = if limit == i32::MAX {
        "∞".to_string()
    } else if never {
        format!("{limit}+1")
    } else {
        limit.to_string()
    };
    let restarts = if never {
        0
    } else {
        trace.restarts_toward_backoff_limit(j, t)
    };
    let completions = j
        .spec
        .completions
        .map_or("1".to_string(), |c| c.to_string());
    // From the start to the Job's end: `completionTime`, or for a failed Job
    // (which has none) its Failed condition. kubectl's DURATION keeps
    // counting for a failed Job (printJob uses time.Since when
    // completionTime is unset); the card tells how long it ran. In whole
    // seconds as kubectl gets them: the API server keeps timestamps to the
    // second, so both ends are cut before subtracting (a Job from 0.9 s to
    // 2m20.1s ran 2m20s for kubectl, not 2m19s).
    let end = j
        .completion_time
        .or_else(|| j.finished_at(t).map(|c| c.at))
        .unwrap_or(t)
        .min(t);
    let elapsed = j
        .start_time
        .map(|s| format_duration((end.div_euclid(1000) - s.div_euclid(1000)).max(0) * 1000))
        .unwrap_or_default();
    html! {
        <div class={classes!("job-card", class)} data-testid="job-card">
            <div class="job-name">{ "job/" }{ &j.name }</div>
            <div class="job-headline" data-testid="job-status">{ headline }</div>
            <div class="job-counters">
                <span>{ format!("{} {}", tr(lang, "job.active"), counts.active) }</span>
                <span>{ format!("{} {} / {}", tr(lang, "job.succeeded"), counts.succeeded, completions) }</span>
                if never {
                    <span class={classes!((counts.failed > 0).then_some("bad"))}>{ format!("{} {} / {}", tr(lang, "job.failed"), counts.failed, limit_label) }</span>
                } else {
                    // OnFailure: the limit is measured in restarts in
                    // place, and `failed` only moves when the Job gives up.
                    <span class={classes!((restarts > 0).then_some("bad"))} data-testid="job-restarts">{ format!("{} {} / {}", tr(lang, "job.restarts"), restarts, limit_label) }</span>
                    if counts.failed > 0 {
                        <span class="bad">{ format!("{} {}", tr(lang, "job.failed"), counts.failed) }</span>
                    }
                }
                if !elapsed.is_empty() { <span>{ format!("{} {}", tr(lang, "job.elapsed"), elapsed) }</span> }
            </div>
            if let Some(c) = last.filter(|c| c.type_ != "Suspended") { <div class="job-message">{ c.message.to_string() }</div> }
        </div>
    }
}

const LABEL_W: f64 = 190.0;
/// How many characters of 11 px monospace fit in `LABEL_W`.
const LABEL_CHARS: usize = 27;
const WIDTH: f64 = 1000.0;
const ROW_H: f64 = 24.0;
const MAX_ROWS: usize = 40;

/// The timeline; `zoom` (1, 2, 4, 8…) widens it inside a scrolling box.
fn timeline(
    trace: &Trace,
    t: Millis,
    lang: Lang,
    faults: &[(Millis, String)],
    zoom: f64,
    zoom_cb: Callback<f64>,
) -> Html {
    let width = WIDTH * zoom;
    let total = trace.end.max(1000) as f64;
    let x = |ms: Millis| LABEL_W + (ms.max(0) as f64 / total) * (width - LABEL_W - 10.0);
    let visible: Vec<(usize, &PodRecord)> = trace
        .pods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.created_at <= t)
        .collect();
    let hidden = visible.len().saturating_sub(MAX_ROWS);
    let rows: Vec<(usize, &PodRecord)> = visible.into_iter().skip(hidden).collect();
    let height = ROW_H * (rows.len().max(1) as f64) + 30.0;
    let mut items: Vec<Html> = Vec::new();
    for (row, (pi, p)) in rows.iter().enumerate() {
        let y = 22.0 + row as f64 * ROW_H;
        let label = match p.index {
            Some(i) => format!("[{i}] {}", p.name),
            None => p.name.to_string(),
        };
        // A name too long for the label column (a CronJob's pods:
        // `<cronjob>-<minute>-<suffix>`) loses its middle, not the end
        // that tells the pods apart; hovering shows it whole.
        let shown = shorten_middle(&label, LABEL_CHARS);
        items.push(
            html! { <text x="4" y={format!("{}", y + 15.0)} class="row-label"><title>{ label }</title>{ shown }</text> },
        );
        // The Job's back-off before this pod: from the previous pod's end
        // as the Job controller reads it, its finishedAt in whole seconds
        // (a pod that failed at 2.5 s is replaced 10 s after 2 s), so the
        // box says the controller's 10 s, not 9.5 s.
        let job = &trace.jobs[p.job];
        if let Some(pos) = job.pods.iter().position(|q| q == pi) {
            if pos > 0 {
                let prev = &trace.pods[job.pods[pos - 1]];
                if let Some(ended) = prev.finished_at() {
                    let fin = metav1_time(ended);
                    if p.created_at - fin >= 2000 && prev.index == p.index {
                        let (a, b) = (x(fin), x(p.created_at.min(t)));
                        let w = (b - a).max(0.5);
                        let label = format!(
                            "{} {}",
                            tr(lang, "timeline.backoff"),
                            secs_label(p.created_at - fin)
                        );
                        // Hovering says why it starts before the pod's end.
                        let title = if fin == ended {
                            label.clone()
                        } else {
                            format!("{label} ({})", tr(lang, "timeline.backoff.from"))
                        };
                        // Written inside the hatched box only where it fits
                        // (10 px text, under 6 units a character), so a short
                        // back-off does not run into the next pod's bar;
                        // hovering the box always tells it.
                        let fits = label.chars().count() as f64 * 6.0 + 6.0 <= w;
                        items.push(html! { <rect x={format!("{a:.1}")} y={format!("{}", y + 3.0)} width={format!("{w:.1}")} height="16" class="gap"><title>{ title }</title></rect> });
                        if fits {
                            items.push(html! { <text x={format!("{:.1}", a + 3.0)} y={format!("{}", y + 15.0)} class="gap-label">{ label }</text> });
                        }
                    }
                }
            }
        }
        // Pending: created, nothing running yet.
        let first_start = p
            .containers
            .iter()
            .filter_map(|c| c.runs.first().map(|r| r.started_at))
            .min();
        let pend_end = first_start.unwrap_or(t).min(t);
        if pend_end > p.created_at {
            items.push(html! { <rect x={format!("{:.1}", x(p.created_at))} y={format!("{}", y + 8.0)} width={format!("{:.1}", (x(pend_end) - x(p.created_at)).max(0.5))} height="6" class="pending" /> });
        }
        let n = p.containers.len().max(1) as f64;
        // Each container has a lane of the pod's row; with many, a lane is
        // thinner than the 1 px gap between them, so a bar keeps half of it.
        let lane_h = 16.0 / n;
        for (ci, c) in p.containers.iter().enumerate() {
            let ly = y + 3.0 + ci as f64 * lane_h;
            for w in &c.waits {
                if w.from > t {
                    continue;
                }
                let end = w.until.unwrap_or(trace.end).min(t);
                let width = (x(end) - x(w.from)).max(0.5);
                // The kubelet's back-off (10 s, 20 s…) names the wait; the
                // bar runs to the actual restart, and the countdown too.
                let shown = w.delay.unwrap_or(w.until.unwrap_or(t) - w.from);
                let remaining = w.until.map(|u| u - t).filter(|r| *r > 0);
                let text = match remaining {
                    Some(r) => format!(
                        "{} {} ({})",
                        tr(lang, "timeline.backoff"),
                        secs_label(shown),
                        secs_label(r)
                    ),
                    None => format!("{} {}", tr(lang, "timeline.backoff"), secs_label(shown)),
                };
                items.push(html! { <rect x={format!("{:.1}", x(w.from))} y={format!("{ly:.1}")} width={format!("{width:.1}")} height={format!("{lane_h:.1}")} class="gap"><title>{ text.clone() }</title></rect> });
                // A wait still running has nothing after it; one that is
                // over is labelled only as far as it fits its box (else
                // the labels of a row of restarts in place run into each
                // other), then with its length alone, then not at all
                // (hovering the box tells it).
                let fits = |s: &str| s.chars().count() as f64 * 6.0 + 6.0 <= width;
                let label = if remaining.is_some() || fits(&text) {
                    Some(text)
                } else {
                    Some(secs_label(shown)).filter(|s| fits(s))
                };
                if let Some(label) = label {
                    items.push(html! { <text x={format!("{:.1}", x(w.from) + 3.0)} y={format!("{:.1}", ly + lane_h - 2.0)} class="gap-label">{ label }</text> });
                }
            }
            for r in &c.runs {
                if r.started_at > t {
                    continue;
                }
                let done = r.finished_at.filter(|f| *f <= t);
                let end = done.unwrap_or(t);
                let class = if done.is_some() {
                    run_class(r)
                } else {
                    "bar running"
                };
                let title = match done {
                    Some(_) => format!(
                        "{} · exit {} {}",
                        c.name,
                        r.exit_code.unwrap_or(0),
                        r.reason.as_deref().unwrap_or("")
                    ),
                    None => format!("{} · {}", c.name, tr(lang, "timeline.running")),
                };
                items.push(html! {
                    <rect x={format!("{:.1}", x(r.started_at))} y={format!("{ly:.1}")} width={format!("{:.1}", (x(end) - x(r.started_at)).max(1.5))} height={format!("{:.2}", (lane_h - 1.0).max(lane_h * 0.5))} class={class}>
                        <title>{ title }</title>
                    </rect>
                });
            }
        }
        if p.removed_at.is_some_and(|r| r <= t) {
            let (lx, anchor) = beside(x(p.removed_at.unwrap_or(t)), 2.0, 10.0, width);
            items.push(html! { <text x={format!("{lx:.1}")} y={format!("{}", y + 15.0)} class="removed" text-anchor={anchor}>{ "✕" }</text> });
        }
    }
    // Job deadlines.
    for j in &trace.jobs {
        if let (Some(s), Some(ads)) = (j.start_time, j.spec.active_deadline_seconds) {
            let d = s + ads * 1000;
            if d <= trace.end {
                items.push(html! { <line x1={format!("{:.1}", x(d))} x2={format!("{:.1}", x(d))} y1="14" y2={format!("{height}")} class="deadline" /> });
                let (lx, anchor) = beside(x(d), 3.0, 60.0, width);
                items.push(html! { <text x={format!("{lx:.1}")} y="12" class="deadline-label" text-anchor={anchor}>{ tr(lang, "timeline.deadline") }</text> });
            }
        }
    }
    for (at, what) in faults {
        if *at <= trace.end {
            items.push(html! { <path d={format!("M{:.1} 2 l5 8 l-10 0 z", x(*at))} class="fault"><title>{ what.clone() }</title></path> });
        }
    }
    // Axis ticks.
    let step = nice_step(total / (6.0 * zoom));
    let mut tick = 0.0;
    while tick <= total {
        // A label near the right edge ends at its tick.
        let (tx, anchor) = beside(x(tick as Millis), 0.0, 40.0, width);
        items.push(html! { <text x={format!("{tx:.1}")} y={format!("{}", height - 2.0)} class="tick" text-anchor={anchor}>{ secs_label(tick as Millis) }</text> });
        tick += step;
    }
    let now_x = x(t);
    html! {
        <figure class="timeline">
            <figcaption>
                { tr(lang, "timeline") }{ if hidden > 0 { format!(" (+{hidden})") } else { String::new() } }
                <span class="zoom">
                    <button aria-label={tr(lang, "zoom.out")} disabled={zoom <= 1.0} onclick={{ let cb = zoom_cb.clone(); Callback::from(move |_| cb.emit((zoom / 2.0).max(1.0))) }}>{ "−" }</button>
                    <span>{ format!("×{zoom}") }</span>
                    <button aria-label={tr(lang, "zoom.in")} disabled={zoom >= 32.0} onclick={{ let cb = zoom_cb.clone(); Callback::from(move |_| cb.emit((zoom * 2.0).min(32.0))) }}>{ "+" }</button>
                </span>
            </figcaption>
            <div class="timeline-scroll">
            <svg viewBox={format!("0 0 {width} {height}")} width={format!("{}%", 100.0 * zoom)} role="img" aria-label={tr(lang, "timeline")} data-testid="timeline">
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                    </pattern>
                </defs>
                { for items }
                <line x1={format!("{now_x:.1}")} x2={format!("{now_x:.1}")} y1="0" y2={format!("{height}")} class="now" />
            </svg>
            </div>
        </figure>
    }
}

/// Where a label of about `room` units goes next to the mark at `x`:
/// `gap` to its right, or, where the SVG (`width` wide) would clip it
/// there (the last tick, a deadline or a deletion that ends the run), to
/// its left.
fn beside(x: f64, gap: f64, room: f64, width: f64) -> (f64, &'static str) {
    if x + gap + room > width {
        (x - gap, "end")
    } else {
        (x + gap, "start")
    }
}

/// `text` cut to `max` characters by replacing its middle with "…",
/// keeping more of the end (a pod's distinguishing suffix).
fn shorten_middle(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let head = (max - 1) / 3;
    let tail = max - 1 - head;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(n - tail));
    out
}

fn nice_step(raw: f64) -> f64 {
    for s in [
        1_000.0,
        5_000.0,
        10_000.0,
        30_000.0,
        60_000.0,
        300_000.0,
        600_000.0,
        1_800_000.0,
        3_600_000.0,
        21_600_000.0,
        86_400_000.0,
    ] {
        if s >= raw {
            return s;
        }
    }
    86_400_000.0 * 7.0
}

/// The latest change before `t`, in words, for screen readers: a container
/// that ended, a wait that began, or the Job's condition.
fn announcement(trace: &Trace, t: Millis, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let mut best: Option<(Millis, String)> = None;
    let mut consider = |at: Millis, text: String| {
        if at <= t && best.as_ref().is_none_or(|(b, _)| at >= *b) {
            best = Some((at, text));
        }
    };
    for p in &trace.pods {
        for c in &p.containers {
            if let Some(r) = c
                .runs
                .iter()
                .rev()
                .find(|r| r.finished_at.is_some_and(|f| f <= t))
            {
                let code = r.exit_code.unwrap_or(0);
                let text = if fr {
                    format!(
                        "pod {} : conteneur {} terminé, code de sortie {code} ({})",
                        p.name,
                        c.name,
                        r.reason.as_deref().unwrap_or("")
                    )
                } else {
                    format!(
                        "pod {}: container {} ended, exit code {code} ({})",
                        p.name,
                        c.name,
                        r.reason.as_deref().unwrap_or("")
                    )
                };
                consider(r.finished_at.unwrap_or(0), text);
            }
            if let Some(w) = c.waits.iter().rev().find(|w| w.from <= t) {
                if let Some(until) = w.until {
                    let text = if fr {
                        format!(
                            "pod {} : prochain redémarrage dans {}",
                            p.name,
                            secs_label(until - w.from)
                        )
                    } else {
                        format!(
                            "pod {}: next restart in {}",
                            p.name,
                            secs_label(until - w.from)
                        )
                    };
                    consider(w.from, text);
                }
            }
        }
    }
    for j in &trace.jobs {
        for c in j.conditions.iter().filter(|c| c.status == "True") {
            consider(c.at, format!("job {} : {} · {}", j.name, c.type_, c.reason));
        }
    }
    best.map(|(_, s)| s).unwrap_or_default()
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let zoom = use_state(|| 1.0f64);
    let t = props.t;
    let trace = &props.trace.0;
    let lang = props.lang;
    let jobs = trace
        .jobs
        .iter()
        .filter(|j| j.exists_at(t) || (j.created_at <= t && trace.cron_jobs.is_empty()));
    let pods: Vec<(usize, &PodRecord)> = trace
        .pods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.exists_at(t))
        .collect();
    // No pod left after some existed (a failed Job's controller deleted
    // them, or the history limit took their Job) is not "none yet".
    let gone = pods.is_empty()
        && trace
            .pods
            .iter()
            .any(|p| p.removed_at.is_some_and(|r| r <= t));
    // Pods deleted while their Job is still there (its deadline, its
    // backoffLimit under OnFailure, a fault) keep a card with the last state
    // the kubelet reported: the SIGTERM's 143 of a Job past its deadline
    // lands the same moment the pod goes, so no live card ever shows it.
    // The history limit's deletions take their Job along and are not shown.
    let mut deleted: Vec<(&PodRecord, Millis)> = trace
        .pods
        .iter()
        .filter_map(|p| Some((p, p.removed_at.filter(|&r| r <= t)?)))
        .filter(|(p, _)| trace.jobs.get(p.job).is_some_and(|j| j.exists_at(t)))
        .collect();
    crate::sort::sort_by_key(&mut deleted, |&(_, r)| std::cmp::Reverse(r));
    let more_deleted = deleted.len().saturating_sub(DELETED_CARDS);
    deleted.truncate(DELETED_CARDS);
    let deleted_cards = deleted.iter().map(|&(p, r)| deleted_card(p, r, lang));
    let shown: Vec<(usize, &PodRecord)> = pods.iter().rev().take(24).rev().copied().collect();
    let cards = shown.iter().map(|&(i, p)| {
        let code = exit_code(p, t);
        // The card says what `kubectl get pods` says (printPod): e.g.
        // NotReady for a finished main container beside a running one.
        let row = crate::kubectl::view::PodView::new(trace, i, t).map(|v| v.print_status());
        // READY while the pod runs (NotReady and Terminating included):
        // readiness and startup probes show there.
        let running = p.phase_at(t) == Phase::Running;
        let (status, ready) = match row {
            Some(r) => (r.status, Some(r.ready).filter(|_| running)),
            None => (p.phase_at(t).as_str().to_string(), None),
        };
        let restarts: u32 = p.containers.iter().map(|c| c.restart_count_at(t)).sum();
        let name = p.name.clone();
        let on_pod = props.on_pod.clone();
        let onclick = Callback::from(move |_| on_pod.emit(name.to_string()));
        html! {
            <li key={p.name.clone()}>
                <button class={classes!("pod-card", status_class(&status))} {onclick} data-testid="pod-card" title={format!("kubectl describe pod {}", p.name)}>
                    <span class="pod-name">{ &*p.name }</span>
                    <span class="pod-status">{ &status }</span>
                    if let Some(r) = ready { <span class="pod-ready" title="kubectl get pods: READY">{ format!("{} {r}", tr(lang, "pods.ready")) }</span> }
                    if let Some(c) = code { <span class="pod-exit">{ format!("exit {c}") }</span> }
                    if restarts > 0 { <span class="pod-restarts">{ format!("↻ {restarts}") }</span> }
                </button>
            </li>
        }
    });
    html! {
        <section class="stage-body">
            <div class="sr-only" aria-live="polite" data-testid="announce">{ announcement(trace, t, lang) }</div>
            <div class="jobs">{ for jobs.map(|j| job_card(trace, j, t, lang)) }</div>
            { timeline(trace, t, lang, &props.faults, *zoom, { let z = zoom.clone(); Callback::from(move |v: f64| z.set(v)) }) }
            <h3 class="pods-title">{ tr(lang, "pods") }</h3>
            if pods.is_empty() { <p class="muted" data-testid="no-pods">{ tr(lang, if gone { "pods.gone" } else { "pods.none" }) }</p> }
            <ul class="pods">{ for cards }</ul>
            if !deleted.is_empty() {
                <h4 class="pods-title deleted-title">{ tr(lang, "pods.deleted") }</h4>
                <ul class="pods deleted">
                    { for deleted_cards }
                    if more_deleted > 0 { <li class="muted more-deleted">{ format!("+{more_deleted}") }</li> }
                </ul>
            }
        </section>
    }
}
