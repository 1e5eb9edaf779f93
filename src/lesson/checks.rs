//! The machine checks of an exercise, evaluated on a run: each is one
//! fact about the Trace (or the validation), with a sentence in French and
//! English for the learner.

use crate::manifest::decode::Decoder;
use crate::manifest::yaml::{parse_bool, parse_int, Node};
use crate::manifest::Manifest;
use crate::scenario::{format_duration, parse_duration, Millis};
use crate::sim::trace::{ContainerRecord, ContainerRun, Trace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl Range {
    fn contains(&self, v: i64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
    fn describe(&self, lang: &str) -> String {
        let fr = lang != "en";
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) => {
                if fr {
                    format!("au moins {a}")
                } else {
                    format!("at least {a}")
                }
            }
            (None, Some(b)) => {
                if fr {
                    format!("au plus {b}")
                } else {
                    format!("at most {b}")
                }
            }
            (None, None) => {
                if fr {
                    "un nombre quelconque".into()
                } else {
                    "any number".into()
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Valid(bool),
    Problem {
        path: String,
        contains: String,
    },
    Condition {
        type_: String,
        reason: Option<String>,
        /// Not before this time (an exercise about waits must not be
        /// passed by failing everything at once).
        after: Option<Millis>,
        within: Option<Millis>,
        job: Option<String>,
    },
    NoCondition {
        type_: String,
        reason: Option<String>,
    },
    Pods(Range),
    PodsFailed(Range),
    PodsSucceeded(Range),
    Restarts {
        container: Option<String>,
        range: Range,
    },
    ExitCode {
        code: i32,
        reason: Option<String>,
        container: Option<String>,
    },
    NoExitCode {
        code: i32,
    },
    Log {
        contains: String,
        container: Option<String>,
    },
    Event {
        reason: String,
        contains: Option<String>,
        type_: Option<String>,
    },
    NoEvent {
        reason: String,
        contains: Option<String>,
    },
    ContainerStarts {
        container: String,
        after: Option<Millis>,
        before: Option<Millis>,
    },
    FinishedWithin(Millis),
    Jobs(Range),
    Notes {
        contains: String,
    },
    /// A field of the manifest as the learner wrote it, for what a run
    /// cannot tell apart ("without touching `schedule`", "a 3-minute
    /// deadline"): `path` like `spec.template.spec.containers[0].image`,
    /// in the first YAML document that has it. With `equals`, its text;
    /// with `contains`, a part of its text (of any item, for a list);
    /// with `absent`, that it is not written; with none, that it is.
    Field {
        path: String,
        equals: Option<String>,
        contains: Option<String>,
        absent: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    pub passed: bool,
    /// What was seen, for the learner ("4 failed pod(s)"), in both
    /// languages: a language switch shows it without evaluating again.
    pub detail: super::Text,
}

const KINDS: &[&str] = &[
    "valid",
    "problem",
    "condition",
    "noCondition",
    "pods",
    "podsFailed",
    "podsSucceeded",
    "restarts",
    "exitCode",
    "noExitCode",
    "log",
    "event",
    "noEvent",
    "containerStarts",
    "finishedWithin",
    "jobs",
    "notes",
    "field",
];

fn field_str(d: &mut Decoder, n: &Node, path: &str, key: &str) -> Option<String> {
    n.get(key)
        .and_then(|v| d.string(v, &format!("{path}.{key}"), "check"))
}

fn field_dur(d: &mut Decoder, n: &Node, path: &str, key: &str) -> Option<Millis> {
    let v = n.get(key)?;
    let parsed = v.scalar().and_then(parse_duration);
    if parsed.is_none() {
        d.problems.push(crate::manifest::Problem::new(
            v.pos,
            format!("{path}.{key}"),
            "invalid duration",
        ));
    }
    parsed
}

fn range(n: &Node) -> Range {
    let num = |k: &str| n.get(k).and_then(Node::scalar).and_then(parse_int);
    Range {
        min: num("min"),
        max: num("max"),
    }
}

/// Reads one check (a map with exactly one key).
pub fn parse_check(d: &mut Decoder, n: &Node, path: &str) -> Option<Check> {
    let entries = d.fields(n, path, "lesson", "check", KINDS);
    let [(kind, v, p)] = entries.as_slice() else {
        d.problems.push(crate::manifest::Problem::new(
            n.pos,
            path,
            "a check is a map with exactly one key, e.g. condition: {type: Complete}",
        ));
        return None;
    };
    let (v, p) = (*v, p.as_str());
    Some(match *kind {
        "valid" => Check::Valid(v.scalar().and_then(parse_bool).unwrap_or(true)),
        "problem" => Check::Problem {
            path: field_str(d, v, p, "path").unwrap_or_default(),
            contains: field_str(d, v, p, "contains").unwrap_or_default(),
        },
        "condition" => Check::Condition {
            type_: field_str(d, v, p, "type").unwrap_or_default(),
            reason: field_str(d, v, p, "reason"),
            after: field_dur(d, v, p, "after"),
            within: field_dur(d, v, p, "within"),
            job: field_str(d, v, p, "job"),
        },
        "noCondition" => Check::NoCondition {
            type_: field_str(d, v, p, "type").unwrap_or_default(),
            reason: field_str(d, v, p, "reason"),
        },
        "pods" => Check::Pods(range(v)),
        "podsFailed" => Check::PodsFailed(range(v)),
        "podsSucceeded" => Check::PodsSucceeded(range(v)),
        "restarts" => Check::Restarts {
            container: field_str(d, v, p, "container"),
            range: range(v),
        },
        "exitCode" => Check::ExitCode {
            code: v
                .get("code")
                .and_then(Node::scalar)
                .and_then(parse_int)
                .unwrap_or(0) as i32,
            reason: field_str(d, v, p, "reason"),
            container: field_str(d, v, p, "container"),
        },
        "noExitCode" => Check::NoExitCode {
            code: v
                .get("code")
                .and_then(Node::scalar)
                .and_then(parse_int)
                .unwrap_or(0) as i32,
        },
        "log" => Check::Log {
            contains: field_str(d, v, p, "contains").unwrap_or_default(),
            container: field_str(d, v, p, "container"),
        },
        "event" => Check::Event {
            reason: field_str(d, v, p, "reason").unwrap_or_default(),
            contains: field_str(d, v, p, "contains"),
            type_: field_str(d, v, p, "type"),
        },
        "noEvent" => Check::NoEvent {
            reason: field_str(d, v, p, "reason").unwrap_or_default(),
            contains: field_str(d, v, p, "contains"),
        },
        "containerStarts" => Check::ContainerStarts {
            container: field_str(d, v, p, "container").unwrap_or_default(),
            after: field_dur(d, v, p, "after"),
            before: field_dur(d, v, p, "before"),
        },
        "finishedWithin" => Check::FinishedWithin(v.scalar().and_then(parse_duration).unwrap_or(0)),
        "jobs" => Check::Jobs(range(v)),
        "notes" => Check::Notes {
            contains: field_str(d, v, p, "contains").unwrap_or_default(),
        },
        "field" => Check::Field {
            path: match field_str(d, v, p, "path").filter(|s| !s.is_empty()) {
                Some(path) => path,
                None => {
                    d.problems.push(crate::manifest::Problem::new(
                        v.pos,
                        format!("{p}.path"),
                        "Required value: a field check names the field it reads",
                    ));
                    String::new()
                }
            },
            equals: field_str(d, v, p, "equals"),
            contains: field_str(d, v, p, "contains"),
            absent: v
                .get("absent")
                .and_then(Node::scalar)
                .and_then(parse_bool)
                .unwrap_or(false),
        },
        _ => return None,
    })
}

fn result(passed: bool, (fr, en): (String, String)) -> CheckResult {
    CheckResult {
        passed,
        detail: super::Text { fr, en },
    }
}

/// The same words in both languages (names, codes, reasons).
fn same(text: String) -> (String, String) {
    (text.clone(), text)
}

fn said(fr: &str, en: &str) -> (String, String) {
    (fr.to_string(), en.to_string())
}

/// "3 failed pod(s)": a count and its noun in each language.
fn count(n: i64, fr: &str, en: &str) -> (String, String) {
    (format!("{n} {fr}"), format!("{n} {en}"))
}

/// A Job condition as seen: "Failed BackoffLimitExceeded at 1m23.0s".
fn condition_seen(c: &crate::sim::trace::Condition) -> (String, String) {
    let at = format_duration(c.at);
    (
        format!("{} {} à {at}", c.type_, c.reason),
        format!("{} {} at {at}", c.type_, c.reason),
    )
}

/// Joins what was seen, at most `MAX_SEEN` items, with "…" when there were
/// more: the list never looks complete when it is not.
fn seen_list(items: Vec<(String, String)>, none: (String, String)) -> (String, String) {
    const MAX_SEEN: usize = 6;
    if items.is_empty() {
        return none;
    }
    let more = if items.len() > MAX_SEEN { ", …" } else { "" };
    let (fr, en): (Vec<String>, Vec<String>) = items.into_iter().take(MAX_SEEN).unzip();
    (fr.join(", ") + more, en.join(", ") + more)
}

/// The node at `path` (`a.b[2].c`) in the first document that has it.
fn find_field<'a>(docs: &'a [crate::manifest::yaml::Document], path: &str) -> Option<&'a Node> {
    docs.iter()
        .filter_map(|d| d.root.as_ref())
        .find_map(|root| {
            path.split('.').try_fold(root, |node, segment| {
                let (key, index) = match segment.split_once('[') {
                    Some((k, i)) => (k, Some(i.strip_suffix(']')?.parse::<usize>().ok()?)),
                    None => (segment, None),
                };
                let node = if key.is_empty() { node } else { node.get(key)? };
                match index {
                    Some(i) => node.as_seq()?.get(i),
                    None => Some(node),
                }
            })
        })
}

/// A field's text as the learner reads it: a scalar as written, a list
/// of scalars joined by spaces.
fn field_text(n: &Node) -> Option<String> {
    match n.as_seq() {
        Some(items) => items
            .iter()
            .map(|i| i.scalar().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(" ")),
        None => n.scalar().map(str::to_string),
    }
}

/// Whether a scalar anywhere under `n` contains `c` (a container's
/// `command` or its `args`, for a check on the container).
fn any_scalar(n: &Node, c: &str) -> bool {
    match &n.kind {
        crate::manifest::yaml::Kind::Scalar { text, .. } => text.contains(c),
        crate::manifest::yaml::Kind::Seq(items) => items.iter().any(|i| any_scalar(i, c)),
        crate::manifest::yaml::Kind::Map(entries) => entries.iter().any(|(_, v)| any_scalar(v, c)),
    }
}

/// The manifest as written, read once for all the `field` checks of an
/// exercise (they run on every keystroke).
struct Written<'a> {
    text: &'a str,
    docs: std::cell::OnceCell<Vec<crate::manifest::yaml::Document>>,
}

impl<'a> Written<'a> {
    fn new(text: &'a str) -> Self {
        Written {
            text,
            docs: std::cell::OnceCell::new(),
        }
    }
    fn docs(&self) -> &[crate::manifest::yaml::Document] {
        self.docs
            .get_or_init(|| crate::manifest::yaml::parse(self.text).0)
    }
}

fn evaluate_field(
    written: &Written<'_>,
    path: &str,
    equals: Option<&str>,
    contains: Option<&str>,
    absent: bool,
) -> CheckResult {
    let node = find_field(written.docs(), path);
    let value = node.and_then(field_text);
    let passed = match node {
        None => absent,
        Some(n) => {
            !absent
                && equals.is_none_or(|e| value.as_deref() == Some(e))
                // A scalar's or a list's text, or any value under a map.
                && contains.is_none_or(|c| {
                    value.as_deref().map_or_else(|| any_scalar(n, c), |v| v.contains(c))
                })
        }
    };
    let seen = match (node, value) {
        (None, _) => (format!("{path} : absent"), format!("{path}: not written")),
        (Some(_), Some(v)) => same(format!("{path}: {v}")),
        (Some(_), None) => (format!("{path} : présent"), format!("{path}: written")),
    };
    result(passed, seen)
}

/// Evaluates a check on a run (`trace` is None when the input is invalid);
/// `text` is the manifest as written, which `field` checks read.
pub fn evaluate(
    check: &Check,
    text: &str,
    manifest: &Manifest,
    trace: Option<&Trace>,
) -> CheckResult {
    evaluate_written(check, &Written::new(text), manifest, trace)
}

/// Evaluates every check of an exercise on one run, reading the manifest
/// as written at most once.
pub fn evaluate_all(
    checks: &[Check],
    text: &str,
    manifest: &Manifest,
    trace: Option<&Trace>,
) -> Vec<CheckResult> {
    let written = Written::new(text);
    checks
        .iter()
        .map(|c| evaluate_written(c, &written, manifest, trace))
        .collect()
}

fn evaluate_written(
    check: &Check,
    written: &Written<'_>,
    manifest: &Manifest,
    trace: Option<&Trace>,
) -> CheckResult {
    match check {
        Check::Field {
            path,
            equals,
            contains,
            absent,
        } => evaluate_field(
            written,
            path,
            equals.as_deref(),
            contains.as_deref(),
            *absent,
        ),
        Check::Valid(want) => {
            let valid = manifest.problems.is_empty() && trace.is_some();
            result(
                valid == *want,
                if valid {
                    said("valide", "valid")
                } else {
                    count(manifest.problems.len() as i64, "problème(s)", "problem(s)")
                },
            )
        }
        Check::Problem { path, contains } => {
            let hit = manifest.problems.iter().any(|p| {
                (path.is_empty() || p.path == *path) && p.message.contains(contains.as_str())
            });
            result(
                hit,
                manifest
                    .problems
                    .first()
                    .map_or(said("aucun problème", "no problem"), |p| {
                        // The playground's own words have their French.
                        let fr = crate::i18n::note(crate::i18n::Lang::Fr, &p.message);
                        (
                            format!("{}: {fr}", p.path),
                            format!("{}: {}", p.path, p.message),
                        )
                    }),
            )
        }
        _ => {
            let Some(t) = trace else {
                return result(
                    false,
                    said(
                        "le manifeste ne s'exécute pas : corrigez d'abord les problèmes",
                        "the manifest does not run: fix the problems first",
                    ),
                );
            };
            evaluate_run(check, t)
        }
    }
}

fn evaluate_run(check: &Check, t: &Trace) -> CheckResult {
    let pods = || t.pods.iter();
    let terminations = || {
        t.pods.iter().flat_map(|p| {
            p.containers.iter().flat_map(|c| {
                c.runs
                    .iter()
                    .filter(|r| r.finished_at.is_some())
                    .map(move |r| (c, r))
            })
        })
    };
    match check {
        Check::Condition {
            type_,
            reason,
            after,
            within,
            job,
        } => {
            let hit = t
                .jobs
                .iter()
                .filter(|j| job.as_ref().is_none_or(|n| *j.name == **n))
                .flat_map(|j| j.conditions.iter())
                .find(|c| {
                    c.type_ == *type_
                        && c.status == "True"
                        && reason.as_ref().is_none_or(|r| c.reason == *r)
                        && after.is_none_or(|a| c.at >= a)
                        && within.is_none_or(|w| c.at <= w)
                });
            let seen = t
                .jobs
                .iter()
                .flat_map(|j| j.conditions.iter().map(condition_seen))
                .collect();
            result(
                hit.is_some(),
                seen_list(seen, said("aucune condition", "no condition")),
            )
        }
        Check::NoCondition { type_, reason } => {
            let hit = t
                .jobs
                .iter()
                .flat_map(|j| j.conditions.iter())
                .find(|c| c.type_ == *type_ && reason.as_ref().is_none_or(|r| c.reason == *r));
            result(
                hit.is_none(),
                hit.map_or(said("jamais", "never"), condition_seen),
            )
        }
        Check::Pods(r) => {
            let n = t.pods.len() as i64;
            result(r.contains(n), count(n, "Pod(s)", "pod(s)"))
        }
        Check::PodsFailed(r) => {
            let n = pods()
                .filter(|p| p.phase() == crate::sim::trace::Phase::Failed)
                .count() as i64;
            result(r.contains(n), count(n, "Pod(s) en échec", "failed pod(s)"))
        }
        Check::PodsSucceeded(r) => {
            let n = pods()
                .filter(|p| p.phase() == crate::sim::trace::Phase::Succeeded)
                .count() as i64;
            result(
                r.contains(n),
                count(n, "Pod(s) réussi(s)", "succeeded pod(s)"),
            )
        }
        Check::Restarts { container, range } => {
            let n: i64 = pods()
                .flat_map(|p| p.containers.iter())
                .filter(|c| container.as_ref().is_none_or(|n| c.name == *n))
                .map(|c| c.runs.len().saturating_sub(1) as i64)
                .sum();
            result(range.contains(n), count(n, "redémarrage(s)", "restart(s)"))
        }
        Check::ExitCode {
            code,
            reason,
            container,
        } => {
            let matches = |(c, r): &(&ContainerRecord, &ContainerRun)| {
                r.exit_code == Some(*code)
                    && reason
                        .as_ref()
                        .is_none_or(|x| r.reason.as_deref() == Some(x.as_str()))
                    && container.as_ref().is_none_or(|n| c.name == *n)
            };
            let hit = terminations().any(|t| matches(&t));
            // Each distinct ending once, those the check looks for first:
            // a ✓ always shows its evidence.
            let mut seen: Vec<String> = Vec::new();
            for (c, r) in terminations()
                .filter(|t| matches(t))
                .chain(terminations().filter(|t| !matches(t)))
            {
                let item = format!(
                    "{} {} ({})",
                    c.name,
                    r.exit_code.unwrap_or(0),
                    r.reason.as_deref().unwrap_or("")
                );
                if !seen.contains(&item) {
                    seen.push(item);
                }
            }
            result(
                hit,
                seen_list(
                    seen.into_iter().map(same).collect(),
                    said("aucun conteneur terminé", "no container ended"),
                ),
            )
        }
        Check::NoExitCode { code } => {
            let hit = terminations().any(|(_, r)| r.exit_code == Some(*code));
            result(
                !hit,
                if hit {
                    (
                        format!("un conteneur s'est terminé avec le code {code}"),
                        format!("a container exited with {code}"),
                    )
                } else {
                    said("jamais", "never")
                },
            )
        }
        Check::Log {
            contains,
            container,
        } => {
            let hit = t.logs.iter().any(|l| {
                l.text.contains(contains.as_str())
                    && container
                        .as_ref()
                        .is_none_or(|n| t.pods[l.pod].containers[l.container].name == *n)
            });
            result(
                hit,
                if hit {
                    said("trouvé", "found")
                } else {
                    said("absent des logs", "not in the logs")
                },
            )
        }
        Check::Event {
            reason,
            contains,
            type_,
        } => {
            let hit = t.events.iter().any(|e| {
                e.reason == *reason
                    && contains
                        .as_ref()
                        .is_none_or(|c| e.messages().any(|m| m.contains(c.as_str())))
                    && type_.as_ref().is_none_or(|x| e.type_ == x)
            });
            result(
                hit,
                if hit {
                    said("trouvé", "found")
                } else {
                    said("aucun événement de ce type", "no such event")
                },
            )
        }
        Check::NoEvent { reason, contains } => {
            let n = t
                .events
                .iter()
                .filter(|e| {
                    e.reason == *reason
                        && contains
                            .as_ref()
                            .is_none_or(|c| e.messages().any(|m| m.contains(c.as_str())))
                })
                .count();
            result(n == 0, count(n as i64, "événement(s)", "event(s)"))
        }
        Check::ContainerStarts {
            container,
            after,
            before,
        } => {
            let first = pods()
                .flat_map(|p| p.containers.iter())
                .filter(|c| c.name == *container)
                .filter_map(|c| c.runs.first().map(|r| r.started_at))
                .min();
            match first {
                None => result(
                    false,
                    (
                        format!("{container} n'a jamais démarré"),
                        format!("{container} never started"),
                    ),
                ),
                Some(s) => result(
                    after.is_none_or(|a| s >= a) && before.is_none_or(|b| s < b),
                    (
                        format!("{container} a démarré à {}", format_duration(s)),
                        format!("{container} started at {}", format_duration(s)),
                    ),
                ),
            }
        }
        Check::FinishedWithin(limit) => {
            let ends: Vec<Option<Millis>> = t
                .jobs
                .iter()
                .map(|j| j.finished_at(Millis::MAX).map(|c| c.at))
                .collect();
            let ok = !ends.is_empty() && ends.iter().all(|e| e.is_some_and(|e| e <= *limit));
            let last = ends.iter().flatten().max().copied();
            result(
                ok,
                last.map_or(said("pas terminé", "not finished"), |e| {
                    (
                        format!("terminé à {}", format_duration(e)),
                        format!("finished at {}", format_duration(e)),
                    )
                }),
            )
        }
        Check::Jobs(r) => {
            let n = t.jobs.len() as i64;
            result(r.contains(n), count(n, "Job(s)", "Job(s)"))
        }
        Check::Notes { contains } => {
            let hit = t.notes.iter().any(|n| n.contains(contains.as_str()));
            result(
                hit,
                if hit {
                    said("noté", "noted")
                } else {
                    said("aucune remarque de ce genre", "no such note")
                },
            )
        }
        Check::Valid(_) | Check::Problem { .. } | Check::Field { .. } => {
            result(false, same(String::new()))
        }
    }
}

impl Check {
    /// The check as a sentence for the learner.
    pub fn describe(&self, lang: &str) -> String {
        let fr = lang != "en";
        let within = |w: &Option<Millis>| match w {
            Some(w) if fr => format!(" en moins de {}", format_duration(*w)),
            Some(w) => format!(" within {}", format_duration(*w)),
            None => String::new(),
        };
        let reason = |r: &Option<String>| r.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
        match self {
            Check::Valid(true) => {
                if fr {
                    "le manifeste est accepté par l'API".into()
                } else {
                    "the API server accepts the manifest".into()
                }
            }
            Check::Valid(false) => {
                if fr {
                    "l'API refuse le manifeste".into()
                } else {
                    "the API server rejects the manifest".into()
                }
            }
            Check::Problem { path, contains } => {
                if fr {
                    format!("l'API signale « {contains} » sur {path}")
                } else {
                    format!("the API server reports \"{contains}\" on {path}")
                }
            }
            Check::Condition {
                type_,
                reason: r,
                after: a,
                within: w,
                job,
            } => {
                let after = match a {
                    Some(a) if fr => format!(" après {}", format_duration(*a)),
                    Some(a) => format!(" after {}", format_duration(*a)),
                    None => String::new(),
                };
                let who = job.clone().unwrap_or_else(|| {
                    if fr {
                        "le Job".into()
                    } else {
                        "the Job".into()
                    }
                });
                if fr {
                    format!(
                        "{who} obtient la condition {type_}{}{after}{}",
                        reason(r),
                        within(w)
                    )
                } else {
                    format!(
                        "{who} gets the {type_} condition{}{after}{}",
                        reason(r),
                        within(w)
                    )
                }
            }
            Check::NoCondition { type_, reason: r } => {
                if fr {
                    format!("aucun Job n'obtient {type_}{}", reason(r))
                } else {
                    format!("no Job gets {type_}{}", reason(r))
                }
            }
            Check::Pods(r) => {
                if fr {
                    format!("{} Pod(s) créé(s)", r.describe(lang))
                } else {
                    format!("{} Pod(s) created", r.describe(lang))
                }
            }
            Check::PodsFailed(r) => {
                if fr {
                    format!("{} Pod(s) en échec", r.describe(lang))
                } else {
                    format!("{} failed Pod(s)", r.describe(lang))
                }
            }
            Check::PodsSucceeded(r) => {
                if fr {
                    format!("{} Pod(s) réussi(s)", r.describe(lang))
                } else {
                    format!("{} succeeded Pod(s)", r.describe(lang))
                }
            }
            Check::Restarts { container, range } => {
                let c = container
                    .as_ref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                if fr {
                    format!("{} redémarrage(s){c}", range.describe(lang))
                } else {
                    format!("{} restart(s){c}", range.describe(lang))
                }
            }
            Check::ExitCode {
                code,
                reason: r,
                container,
            } => {
                let c = container
                    .as_ref()
                    .map(|c| format!(" {c}"))
                    .unwrap_or_default();
                if fr {
                    format!(
                        "un conteneur{c} se termine avec le code {code}{}",
                        reason(r)
                    )
                } else {
                    format!("a container{c} exits with code {code}{}", reason(r))
                }
            }
            Check::NoExitCode { code } => {
                if fr {
                    format!("aucun conteneur ne sort avec le code {code}")
                } else {
                    format!("no container exits with code {code}")
                }
            }
            Check::Log { contains, .. } => {
                if fr {
                    format!("les logs contiennent « {contains} »")
                } else {
                    format!("the logs contain \"{contains}\"")
                }
            }
            Check::Event { reason: r, .. } => {
                if fr {
                    format!("un événement {r} apparaît")
                } else {
                    format!("a {r} event appears")
                }
            }
            Check::NoEvent { reason: r, .. } => {
                if fr {
                    format!("aucun événement {r}")
                } else {
                    format!("no {r} event")
                }
            }
            Check::ContainerStarts {
                container,
                after,
                before,
            } => {
                let a = after
                    .map(|a| {
                        if fr {
                            format!(" après {}", format_duration(a))
                        } else {
                            format!(" after {}", format_duration(a))
                        }
                    })
                    .unwrap_or_default();
                let b = before
                    .map(|b| {
                        if fr {
                            format!(" avant {}", format_duration(b))
                        } else {
                            format!(" before {}", format_duration(b))
                        }
                    })
                    .unwrap_or_default();
                if fr {
                    format!("le conteneur {container} démarre{a}{b}")
                } else {
                    format!("container {container} starts{a}{b}")
                }
            }
            Check::FinishedWithin(w) => {
                if fr {
                    format!("tout est terminé en moins de {}", format_duration(*w))
                } else {
                    format!("everything finishes within {}", format_duration(*w))
                }
            }
            Check::Jobs(r) => {
                if fr {
                    format!("{} Job(s) créé(s)", r.describe(lang))
                } else {
                    format!("{} Job(s) created", r.describe(lang))
                }
            }
            Check::Notes { contains } => {
                if fr {
                    format!("la simulation note « {contains} »")
                } else {
                    format!("the run notes \"{contains}\"")
                }
            }
            Check::Field {
                path,
                equals,
                contains,
                absent,
            } => match (equals, contains, absent) {
                (_, _, true) if fr => format!("{path} n'est pas écrit"),
                (_, _, true) => format!("{path} is not written"),
                (Some(e), _, _) => format!("{path}: {e}"),
                (None, Some(c), _) if fr => format!("{path} contient « {c} »"),
                (None, Some(c), _) => format!("{path} contains \"{c}\""),
                (None, None, _) if fr => format!("{path} est écrit"),
                (None, None, _) => format!("{path} is written"),
            },
        }
    }
}
