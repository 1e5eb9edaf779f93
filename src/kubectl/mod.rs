//! `kubectl` as a learner would use it against the simulated cluster:
//! what `get`, `describe` and `logs` print at simulated time `t`, read
//! from the [`Trace`] alone (kubectl 1.33 formats; see the submodules for
//! the upstream function each part follows).
//!
//! - [`run`]: one command line → its output. `Ok` is what kubectl prints
//!   when it exits 0 (including `No resources found …` and the
//!   `Defaulted container …` notice it writes on stderr); `Err` is the
//!   message of a command that exits 1, worded as kubectl words it.
//! - [`completions`]: Tab completion of the word being typed.
//! - [`summary`]: the `--format text` report of the command line tool.

pub mod age;
pub mod describe;
pub mod events;
pub mod get;
pub mod logs;
pub mod select;
pub mod table;
pub mod view;

#[cfg(test)]
mod tests;

use crate::sim::trace::{Millis, Trace};
use get::{GetOpts, Output};
use logs::LogOpts;

/// The kinds the playground serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pod,
    Job,
    CronJob,
    Event,
}

/// What a resource argument names.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Kind(Kind),
    All,
    /// A real resource type this cluster has none of (its plural, as
    /// NotFound errors name it).
    Empty(&'static str),
}

/// Resource names and short names (`kubectl api-resources`), lower-cased
/// as kubectl's RESTMapper matches them.
fn parse_type(s: &str) -> Result<Target, String> {
    let lower = s.to_ascii_lowercase();
    Ok(match lower.as_str() {
        "po" | "pod" | "pods" => Target::Kind(Kind::Pod),
        "job" | "jobs" | "job.batch" | "jobs.batch" | "jobs.v1.batch" => Target::Kind(Kind::Job),
        "cj" | "cronjob" | "cronjobs" | "cronjob.batch" | "cronjobs.batch" | "cronjobs.v1.batch" => Target::Kind(Kind::CronJob),
        "ev" | "event" | "events" => Target::Kind(Kind::Event),
        "all" => Target::All,
        "deploy" | "deployment" | "deployments" => Target::Empty("deployments.apps"),
        "rs" | "replicaset" | "replicasets" => Target::Empty("replicasets.apps"),
        "sts" | "statefulset" | "statefulsets" => Target::Empty("statefulsets.apps"),
        "ds" | "daemonset" | "daemonsets" => Target::Empty("daemonsets.apps"),
        "rc" | "replicationcontroller" | "replicationcontrollers" => {
            Target::Empty("replicationcontrollers")
        }
        "hpa" | "horizontalpodautoscaler" | "horizontalpodautoscalers" => {
            Target::Empty("horizontalpodautoscalers.autoscaling")
        }
        "ing" | "ingress" | "ingresses" => Target::Empty("ingresses.networking.k8s.io"),
        "pvc" | "persistentvolumeclaim" | "persistentvolumeclaims" => {
            Target::Empty("persistentvolumeclaims")
        }
        "pdb" | "poddisruptionbudget" | "poddisruptionbudgets" => {
            Target::Empty("poddisruptionbudgets.policy")
        }
        "netpol" | "networkpolicy" | "networkpolicies" => {
            Target::Empty("networkpolicies.networking.k8s.io")
        }
        "quota" | "resourcequota" | "resourcequotas" => Target::Empty("resourcequotas"),
        "limits" | "limitrange" | "limitranges" => Target::Empty("limitranges"),
        "podtemplate" | "podtemplates" => Target::Empty("podtemplates"),
        "no" | "node" | "nodes" | "svc" | "service" | "services" | "ns" | "namespace" | "namespaces" | "cm" | "configmap" | "configmaps"
        | "secret" | "secrets" | "sa" | "serviceaccount" | "serviceaccounts" | "ep" | "endpoints" | "pv" | "persistentvolume"
        | "persistentvolumes" | "sc" | "storageclass" | "storageclasses" | "endpointslices" | "leases" | "roles" | "rolebindings"
        | "clusterroles" | "clusterrolebindings" | "crd" | "crds" | "customresourcedefinitions" | "priorityclasses" | "pc" => {
            return Err(format!(
                "error: this playground simulates only Jobs, CronJobs, their Pods and Events; it has no {lower} to show"
            ))
        }
        _ => return Err(format!("error: the server doesn't have a resource type \"{s}\"")),
    })
}

/// Every kubectl command (for "did you mean" and for the read-only
/// notice).
const KUBECTL_COMMANDS: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "kustomize",
    "label",
    "logs",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

/// The commands this playground answers.
const SUPPORTED: &[&str] = &["describe", "events", "get", "logs"];

/// Splits a command line like a shell would (spaces, single and double
/// quotes, backslash escapes).
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("error: unterminated quote in the command line".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x) => cur.push(x),
                            None => {
                                return Err("error: unterminated quote in the command line".into())
                            }
                        },
                        Some(x) => cur.push(x),
                        None => return Err("error: unterminated quote in the command line".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

/// The parsed flags of one command.
#[derive(Debug, Clone, Default)]
struct Flags {
    namespace: Option<String>,
    all_namespaces: bool,
    selector: Option<String>,
    field_selector: Option<String>,
    output: Option<String>,
    sort_by: Option<String>,
    show_labels: bool,
    no_headers: bool,
    container: Option<String>,
    previous: bool,
    tail: Option<String>,
    timestamps: bool,
    all_containers: bool,
    /// `--show-events=false`.
    hide_events: bool,
    for_object: Option<String>,
    types: Option<String>,
    help: bool,
}

/// Flags that take a value: (long, short).
const VALUE_FLAGS: &[(&str, Option<char>)] = &[
    ("namespace", Some('n')),
    ("selector", Some('l')),
    ("output", Some('o')),
    ("container", Some('c')),
    ("sort-by", None),
    ("field-selector", None),
    ("tail", None),
    ("since", None),
    ("for", None),
    ("types", None),
    ("context", None),
    ("request-timeout", None),
];
const BOOL_FLAGS: &[(&str, Option<char>)] = &[
    ("watch", Some('w')),
    ("all-namespaces", Some('A')),
    ("previous", Some('p')),
    ("follow", Some('f')),
    ("show-labels", None),
    ("no-headers", None),
    ("timestamps", None),
    ("all-containers", None),
    ("show-events", None),
    ("help", Some('h')),
];

/// Which flags each command accepts (besides `-n`, `--context`,
/// `--request-timeout` and `-h`, which all do).
fn allowed(cmd: &str, flag: &str) -> bool {
    let common = ["namespace", "context", "request-timeout", "help"];
    if common.contains(&flag) {
        return true;
    }
    let list: &[&str] = match cmd {
        "get" => &[
            "selector",
            "output",
            "sort-by",
            "field-selector",
            "watch",
            "all-namespaces",
            "show-labels",
            "no-headers",
        ],
        "describe" => &["selector", "all-namespaces", "show-events"],
        "events" => &[
            "output",
            "for",
            "types",
            "watch",
            "all-namespaces",
            "no-headers",
        ],
        "logs" => &[
            "selector",
            "container",
            "previous",
            "follow",
            "tail",
            "since",
            "timestamps",
            "all-containers",
        ],
        _ => &[],
    };
    list.contains(&flag)
}

fn set_value(f: &mut Flags, name: &str, v: String) {
    match name {
        "namespace" => f.namespace = Some(v),
        "selector" => f.selector = Some(v),
        "output" => f.output = Some(v),
        "container" => f.container = Some(v),
        "sort-by" => f.sort_by = Some(v),
        "field-selector" => f.field_selector = Some(v),
        "tail" => f.tail = Some(v),
        "for" => f.for_object = Some(v),
        // A string slice: each use adds to the list.
        "types" => {
            f.types = Some(match f.types.take() {
                Some(t) => format!("{t},{v}"),
                None => v,
            })
        }
        _ => {}
    }
}

fn set_bool(f: &mut Flags, name: &str, v: bool) {
    match name {
        "all-namespaces" => f.all_namespaces = v,
        "previous" => f.previous = v,
        "show-labels" => f.show_labels = v,
        "no-headers" => f.no_headers = v,
        "timestamps" => f.timestamps = v,
        "all-containers" => f.all_containers = v,
        "show-events" => f.hide_events = !v,
        "help" => f.help = v,
        _ => {}
    }
}

fn see_help(cmd: &str) -> String {
    format!("\nSee 'kubectl {cmd} --help' for usage.")
}

/// Splits flags from positional arguments (pflag's rules: `--x=v`,
/// `--x v`, `-xv`, `-x v`, `-x=v`; `--` ends the flags).
fn parse_flags(cmd: &str, args: &[String]) -> Result<(Vec<String>, Flags), String> {
    let mut f = Flags::default();
    let mut pos = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            pos.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if VALUE_FLAGS.iter().any(|(l, _)| *l == name) && allowed(cmd, name) {
                let v = match inline {
                    Some(v) => v,
                    None => match args.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => {
                            return Err(format!(
                                "error: flag needs an argument: --{name}{}",
                                see_help(cmd)
                            ))
                        }
                    },
                };
                set_value(&mut f, name, v);
            } else if BOOL_FLAGS.iter().any(|(l, _)| *l == name) && allowed(cmd, name) {
                let v = match inline.as_deref() {
                    None | Some("true") | Some("1") | Some("t") | Some("T") | Some("TRUE") | Some("True") => true,
                    Some("false") | Some("0") | Some("f") | Some("F") | Some("FALSE") | Some("False") => false,
                    Some(other) => {
                        return Err(format!(
                            "error: invalid argument \"{other}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax{}",
                            see_help(cmd)
                        ))
                    }
                };
                set_bool(&mut f, name, v);
            } else {
                return Err(format!("error: unknown flag: --{name}{}", see_help(cmd)));
            }
            continue;
        }
        if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            // -abc: booleans may be grouped; a value flag takes the rest.
            for (k, c) in short.char_indices() {
                if let Some((name, _)) = VALUE_FLAGS
                    .iter()
                    .find(|(_, s)| *s == Some(c))
                    .filter(|(l, _)| allowed(cmd, l))
                {
                    let rest = &short[k + c.len_utf8()..];
                    let v = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(rest).to_string()
                    } else {
                        match args.get(i) {
                            Some(v) => {
                                i += 1;
                                v.clone()
                            }
                            None => {
                                return Err(format!(
                                    "error: flag needs an argument: '{c}' in -{c}{}",
                                    see_help(cmd)
                                ))
                            }
                        }
                    };
                    set_value(&mut f, name, v);
                    break;
                } else if let Some((name, _)) = BOOL_FLAGS
                    .iter()
                    .find(|(_, s)| *s == Some(c))
                    .filter(|(l, _)| allowed(cmd, l))
                {
                    set_bool(&mut f, name, true);
                } else {
                    return Err(format!(
                        "error: unknown shorthand flag: '{c}' in -{short}{}",
                        see_help(cmd)
                    ));
                }
            }
            continue;
        }
        pos.push(a.clone());
    }
    Ok((pos, f))
}

/// Levenshtein distance (cobra's `ld`, case-insensitive).
use crate::manifest::decode::distance;

/// cobra's `findSuggestions` (distance ≤ 2, or a prefix).
fn unknown_command(cmd: &str) -> String {
    let mut s = format!("error: unknown command \"{cmd}\" for \"kubectl\"");
    let sugg: Vec<&str> = KUBECTL_COMMANDS
        .iter()
        .copied()
        .filter(|c| {
            distance(cmd, c) <= 2 || (!cmd.is_empty() && c.starts_with(&cmd.to_ascii_lowercase()))
        })
        .collect();
    if !sugg.is_empty() {
        s.push_str("\n\nDid you mean this?");
        for c in sugg {
            s.push_str("\n\t");
            s.push_str(c);
        }
    }
    s
}

fn usage(cmd: &str) -> String {
    match cmd {
        "get" => "Usage:\n  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]\n".into(),
        "describe" => "Usage:\n  kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]\n".into(),
        "logs" => "Usage:\n  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]\n".into(),
        "events" => "Usage:\n  kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]\n".into(),
        _ => "kubectl controls the Kubernetes cluster manager.\n\nCommands answered by this simulated cluster:\n  get           Display one or many resources\n  describe      Show details of a specific resource or group of resources\n  logs          Print the logs for a container in a pod\n  events        List events\n\nUsage:\n  kubectl [flags] [options]\n".into(),
    }
}

/// Runs one kubectl command line against the cluster as it was at `t`.
pub fn run(trace: &Trace, t: Millis, line: &str) -> Result<String, String> {
    let mut words = tokenize(line)?;
    if words.first().map(String::as_str) == Some("kubectl") {
        words.remove(0);
    }
    // Global flags may come before the command.
    let cmd_at = leading_global_flags(&words);
    let Some(cmd) = words.get(cmd_at).cloned() else {
        if line.trim().is_empty() {
            return Ok(String::new());
        }
        return match words.last().map(String::as_str) {
            Some("-n") => Err("error: flag needs an argument: 'n' in -n".into()),
            Some(f @ ("--namespace" | "--context" | "--request-timeout")) => {
                Err(format!("error: flag needs an argument: {f}"))
            }
            _ => Ok(usage("")),
        };
    };
    let mut rest: Vec<String> = words[..cmd_at].to_vec();
    rest.extend(words[cmd_at + 1..].iter().cloned());
    if !SUPPORTED.contains(&cmd.as_str()) {
        if KUBECTL_COMMANDS.contains(&cmd.as_str()) {
            return Err(format!(
                "error: \"kubectl {cmd}\" is not available here: this simulated cluster can only be looked at (get, describe, logs, events)"
            ));
        }
        if cmd == "--help" || cmd == "-h" || cmd == "help" {
            return Ok(usage(""));
        }
        return Err(unknown_command(&cmd));
    }
    let (pos, flags) = parse_flags(&cmd, &rest)?;
    if flags.help {
        return Ok(usage(&cmd));
    }
    let other_ns = flags
        .namespace
        .as_deref()
        .filter(|n| *n != view::NAMESPACE)
        .map(str::to_string);
    match cmd.as_str() {
        "get" => run_get(trace, t, &pos, &flags, other_ns),
        "describe" => run_describe(trace, t, &pos, &flags, other_ns),
        "events" => run_events(trace, t, &flags, other_ns),
        _ => run_logs(trace, t, &pos, &flags, other_ns),
    }
}

/// How many words at the start are global flags (`-n default get …`).
fn leading_global_flags(words: &[String]) -> usize {
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "-n" || w == "--namespace" || w == "--context" || w == "--request-timeout" {
            i += 2;
        } else if w.starts_with("--namespace=")
            || w.starts_with("--context=")
            || (w.starts_with("-n") && w.len() > 2)
        {
            i += 1;
        } else {
            break;
        }
    }
    i.min(words.len())
}

/// Positional arguments as (type, name) pairs: `TYPE NAME...` or
/// `TYPE/NAME...`.
fn resources(cmd: &str, pos: &[String]) -> Result<Vec<(Target, Option<String>)>, String> {
    let Some(first) = pos.first() else {
        return Ok(Vec::new());
    };
    if first.contains('/') {
        let mut out = Vec::new();
        for p in pos {
            let Some((ty, name)) = p.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
            };
            if name.is_empty() {
                return Err(format!(
                    "error: arguments in resource/name form must have a single resource and name{}",
                    see_help(cmd)
                ));
            }
            out.push((parse_type(ty)?, Some(name.to_string())));
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    let types: Vec<Target> = first
        .split(',')
        .filter(|s| !s.is_empty())
        .map(parse_type)
        .collect::<Result<_, _>>()?;
    if pos.len() > 1 && types.len() > 1 {
        return Err(format!(
            "error: arguments in resource/name form must have a single resource and name{}",
            see_help(cmd)
        ));
    }
    for ty in types {
        if pos.len() == 1 {
            out.push((ty, None));
        } else {
            for n in &pos[1..] {
                out.push((ty.clone(), Some(n.clone())));
            }
        }
    }
    Ok(out)
}

/// `get` of a resource type this cluster has none of.
fn empty_kind(plural: &str, names: &[String], all_namespaces: bool) -> Result<String, String> {
    if names.is_empty() {
        return Ok(get::no_resources(all_namespaces));
    }
    Err(names
        .iter()
        .map(|n| format!("Error from server (NotFound): {plural} \"{n}\" not found"))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn no_resources_ns(ns: &str) -> String {
    format!("No resources found in {ns} namespace.\n")
}

/// `kubectl events` (`EventsFlags.ToOptions`, `Validate`, `Run`): the
/// positional arguments are ignored, as there.
fn run_events(
    trace: &Trace,
    t: Millis,
    f: &Flags,
    other_ns: Option<String>,
) -> Result<String, String> {
    if let Some(o) = f.output.as_deref().filter(|o| !o.is_empty()) {
        return Err(format!(
            "error: this playground does not print -o {o}; try kubectl describe"
        ));
    }
    let for_object = match f.for_object.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let Some((ty, name)) = s.split_once('/') else {
                return Err("error: --for must be in resource/name form".into());
            };
            if name.contains('/') {
                return Err(
                    "error: arguments in resource/name form may not have more than one slash"
                        .into(),
                );
            }
            match parse_type(ty)? {
                // An empty name makes no field selector: every event.
                Target::Kind(_) if name.is_empty() => None,
                Target::Kind(k) => Some((events::involved_kind(k), name)),
                // No object of such a type exists here: nothing pertains.
                Target::Empty(_) => Some(("", name)),
                Target::All => {
                    return Err(format!(
                        "error: the server doesn't have a resource type \"{ty}\""
                    ))
                }
            }
        }
    };
    let types: Vec<String> = f
        .types
        .as_deref()
        .map(|t| t.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    if types
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return Err("error: valid --types are Normal or Warning".into());
    }
    if let Some(ns) = other_ns.filter(|_| !f.all_namespaces) {
        return Ok(format!("No events found in {ns} namespace.\n"));
    }
    Ok(events::events(
        trace,
        t,
        &events::Request {
            for_object,
            types,
            all_namespaces: f.all_namespaces,
            no_headers: f.no_headers,
        },
    ))
}

fn run_get(
    trace: &Trace,
    t: Millis,
    pos: &[String],
    f: &Flags,
    other_ns: Option<String>,
) -> Result<String, String> {
    if pos.is_empty() {
        return Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples".into());
    }
    let output = match f.output.as_deref() {
        None | Some("") => Output::Table,
        Some("wide") => Output::Wide,
        Some("name") => Output::Name,
        Some(o) if o.starts_with("jsonpath=") && o["jsonpath=".len()..].trim_matches(['\'', '"']) == "{.status.conditions}" => {
            return job_conditions_json(trace, t, pos);
        }
        Some(o) if ["json", "yaml"].contains(&o) || o.starts_with("jsonpath") || o.starts_with("custom-columns") || o.starts_with("go-template") || o.starts_with("template") => {
            return Err(format!("error: this playground does not print -o {o}; try kubectl describe"))
        }
        Some(o) => return Err(format!("error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")),
    };
    let selector_text = f.selector.clone().unwrap_or_default();
    let selector = select::parse_labels(&selector_text).map_err(|e| format!("error: {e}"))?;
    let fields_text = f.field_selector.clone().unwrap_or_default();
    let fields = select::parse_fields(&fields_text).map_err(|e| format!("error: {e}"))?;
    let opts = GetOpts {
        output,
        selector,
        selector_text,
        fields,
        fields_text,
        sort_by: f.sort_by.clone(),
        show_labels: f.show_labels,
        no_headers: f.no_headers,
        all_namespaces: f.all_namespaces,
        with_kind: false,
    };
    let res = resources("get", pos)?;
    if let Some(ns) = other_ns.filter(|_| !f.all_namespaces) {
        let mut errs = Vec::new();
        for (ty, name) in &res {
            if let (Target::Kind(k), Some(n)) = (ty, name) {
                errs.push(format!(
                    "Error from server (NotFound): {} \"{n}\" not found",
                    get::resource_name(*k)
                ));
            }
        }
        return if errs.is_empty() {
            Ok(no_resources_ns(&ns))
        } else {
            Err(errs.join("\n"))
        };
    }
    // Group the requests by kind, in the order they were given.
    let mut groups: Vec<(Target, Vec<String>)> = Vec::new();
    for (ty, name) in res {
        match groups.iter_mut().find(|(g, _)| *g == ty) {
            Some((_, names)) => names.extend(name),
            None => groups.push((ty, name.into_iter().collect())),
        }
    }
    if groups.len() == 1 {
        let (ty, names) = &groups[0];
        return match ty {
            Target::Kind(k) => get::get(trace, t, *k, names, &opts),
            Target::All => get::get_all(trace, t, &opts),
            Target::Empty(plural) => empty_kind(plural, names, f.all_namespaces),
        };
    }
    // Several kinds: one table each, names with their kind.
    let mut opts = opts;
    opts.with_kind = opts.output != Output::Name;
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    for (ty, names) in &groups {
        let r = match ty {
            Target::Kind(k) => get::get(trace, t, *k, names, &opts),
            Target::All => get::get_all(trace, t, &opts),
            Target::Empty(plural) => empty_kind(plural, names, f.all_namespaces),
        };
        match r {
            Ok(s) if s.starts_with("No resources found") => {}
            Ok(s) => blocks.push(s),
            Err(e) => errors.push(e),
        }
    }
    if blocks.is_empty() && errors.is_empty() {
        return Ok(get::no_resources(f.all_namespaces));
    }
    let out = blocks.join(if opts.output == Output::Name {
        ""
    } else {
        "\n"
    });
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(format!("{out}{}", errors.join("\n")))
    }
}

/// One object `describe` can show.
#[derive(Debug, Clone, Copy)]
enum Obj {
    Pod(usize),
    Job(usize),
    CronJob(usize),
}

fn obj_name(trace: &Trace, o: Obj) -> &str {
    match o {
        Obj::Pod(i) => trace.pods.get(i).map_or("", |p| &*p.name),
        Obj::Job(i) => trace.jobs.get(i).map_or("", |j| &*j.name),
        Obj::CronJob(i) => trace.cron_jobs.get(i).map_or("", |c| c.name.as_str()),
    }
}

/// The objects of a kind existing at `t`, by name.
fn objects(trace: &Trace, kind: Kind, t: Millis) -> Vec<Obj> {
    let mut out: Vec<Obj> = match kind {
        Kind::Pod => (0..trace.pods.len())
            .filter(|i| trace.pods[*i].exists_at(t))
            .map(Obj::Pod)
            .collect(),
        Kind::Job => (0..trace.jobs.len())
            .filter(|i| trace.jobs[*i].exists_at(t))
            .map(Obj::Job)
            .collect(),
        Kind::CronJob => (0..trace.cron_jobs.len())
            .filter(|i| trace.cron_jobs[*i].created_at <= t)
            .map(Obj::CronJob)
            .collect(),
        Kind::Event => Vec::new(),
    };
    crate::sort::sort_by(&mut out, |a, b| {
        obj_name(trace, *a).cmp(obj_name(trace, *b))
    });
    out
}

fn labels_of(trace: &Trace, o: Obj) -> crate::sorted::SortedMap<String, String> {
    match o {
        Obj::Pod(i) => trace
            .pods
            .get(i)
            .map(|p| view::pod_labels(trace.jobs.get(p.job), p))
            .unwrap_or_default(),
        Obj::Job(i) => trace
            .jobs
            .get(i)
            .map(|j| view::job_labels(trace, j))
            .unwrap_or_default(),
        Obj::CronJob(i) => trace
            .cron_jobs
            .get(i)
            .map(|c| c.meta.labels.clone())
            .unwrap_or_default(),
    }
}

fn describe_obj(trace: &Trace, t: Millis, o: Obj) -> String {
    match o {
        Obj::Pod(i) => describe::describe_pod(trace, i, t),
        Obj::Job(i) => trace
            .jobs
            .get(i)
            .map(|j| describe::describe_job(trace, j, t))
            .unwrap_or_default(),
        Obj::CronJob(i) => trace
            .cron_jobs
            .get(i)
            .map(|c| describe::describe_cron_job(trace, c, t))
            .unwrap_or_default(),
    }
}

fn run_describe(
    trace: &Trace,
    t: Millis,
    pos: &[String],
    f: &Flags,
    other_ns: Option<String>,
) -> Result<String, String> {
    if pos.is_empty() {
        return Err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.".into());
    }
    let selector = select::parse_labels(f.selector.as_deref().unwrap_or(""))
        .map_err(|e| format!("error: {e}"))?;
    let res = resources("describe", pos)?;
    let mut found: Vec<Obj> = Vec::new();
    let mut errors = Vec::new();
    for (ty, name) in &res {
        let kind = match ty {
            Target::Kind(Kind::Event) | Target::All => {
                return Err(
                    "error: describe in this playground shows pods, jobs and cronjobs".into(),
                );
            }
            Target::Empty(plural) => {
                if let Some(n) = name {
                    errors.push(format!(
                        "Error from server (NotFound): {plural} \"{n}\" not found"
                    ));
                }
                continue;
            }
            Target::Kind(k) => *k,
        };
        let all = if other_ns.is_some() && !f.all_namespaces {
            Vec::new()
        } else {
            objects(trace, kind, t)
        };
        match name {
            None => found.extend(
                all.into_iter()
                    .filter(|o| select::matches_all(&selector, &labels_of(trace, *o))),
            ),
            Some(n) => {
                if let Some(o) = all.iter().find(|o| obj_name(trace, **o) == n) {
                    found.push(*o);
                } else {
                    // DescribeMatchingResources: a name is also a prefix.
                    let matching: Vec<Obj> = all
                        .iter()
                        .copied()
                        .filter(|o| obj_name(trace, *o).starts_with(n.as_str()))
                        .collect();
                    if matching.is_empty() {
                        errors.push(format!(
                            "Error from server (NotFound): {} \"{n}\" not found",
                            get::resource_name(kind)
                        ));
                    }
                    found.extend(matching);
                }
            }
        }
    }
    if found.is_empty() && errors.is_empty() {
        return Ok(match other_ns {
            Some(ns) if !f.all_namespaces => no_resources_ns(&ns),
            _ => get::no_resources(f.all_namespaces),
        });
    }
    // Descriptions are separated by two blank lines (describe.go's caller:
    // `fmt.Fprintf(o.Out, "\n\n%s", s)`).
    let out: Vec<String> = found
        .iter()
        .map(|o| {
            let mut d = describe_obj(trace, t, *o);
            // --show-events=false: describe fetches no events and prints
            // no Events section at all.
            if f.hide_events {
                if let Some(i) = d.find("\nEvents:") {
                    d.truncate(i + 1);
                }
            }
            d
        })
        .collect();
    let out = out.join("\n\n");
    if errors.is_empty() {
        Ok(out)
    } else if out.is_empty() {
        Err(errors.join("\n"))
    } else {
        Err(format!("{out}{}", errors.join("\n")))
    }
}

fn run_logs(
    trace: &Trace,
    t: Millis,
    pos: &[String],
    f: &Flags,
    other_ns: Option<String>,
) -> Result<String, String> {
    let tail = match f.tail.as_deref() {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return Err(format!(
                    "error: invalid argument \"{s}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{s}\": invalid syntax{}",
                    see_help("logs")
                ))
            }
        },
    };
    let mut opts = LogOpts {
        container: f.container.clone(),
        previous: f.previous,
        tail,
        timestamps: f.timestamps,
        all_containers: f.all_containers,
    };
    let not_found = |what: &str, n: &str| {
        Err(format!(
            "Error from server (NotFound): {what} \"{n}\" not found"
        ))
    };
    if let Some(sel) = &f.selector {
        if !pos.is_empty() {
            return Err("error: only one of -l or POD/TYPE/NAME can be specified".into());
        }
        let reqs = select::parse_labels(sel).map_err(|e| format!("error: {e}"))?;
        if other_ns.is_some() {
            return Ok(String::new());
        }
        let pods: Vec<Obj> = objects(trace, Kind::Pod, t)
            .into_iter()
            .filter(|o| select::matches_all(&reqs, &labels_of(trace, *o)))
            .collect();
        if pods.is_empty() {
            return Ok(get::no_resources(false));
        }
        let mut out = String::new();
        for o in pods {
            if let Obj::Pod(i) = o {
                match logs::pod_logs(trace, i, t, &opts) {
                    Ok(s) => out.push_str(&s),
                    Err(e) => return Err(format!("{out}{e}")),
                }
            }
        }
        return Ok(out);
    }
    let Some(first) = pos.first() else {
        return Err(format!(
            "error: expected POD or TYPE/NAME is a required argument for the logs command{}",
            see_help("logs")
        ));
    };
    if pos.len() > 2 {
        return Err(format!(
            "error: expected POD or TYPE/NAME is a required argument for the logs command{}",
            see_help("logs")
        ));
    }
    if let Some(c) = pos.get(1) {
        if opts.container.is_some() {
            return Err("error: only one of -c or an inline [CONTAINER] arg is allowed".into());
        }
        opts.container = Some(c.clone());
    }
    let (ty, name) = match first.split_once('/') {
        Some((ty, name)) => (parse_type(ty)?, name.to_string()),
        None => (Target::Kind(Kind::Pod), first.clone()),
    };
    match ty {
        Target::Kind(Kind::Pod) => {
            let found = (0..trace.pods.len())
                .find(|i| *trace.pods[*i].name == *name && trace.pods[*i].exists_at(t));
            match found.filter(|_| other_ns.is_none()) {
                Some(i) => logs::pod_logs(trace, i, t, &opts),
                None => not_found("pods", &name),
            }
        }
        Target::Kind(Kind::Job) => {
            let found = (0..trace.jobs.len())
                .find(|i| *trace.jobs[*i].name == *name && trace.jobs[*i].exists_at(t));
            let Some(j) = found.filter(|_| other_ns.is_none()) else {
                return not_found("jobs.batch", &name);
            };
            match logs::first_pod_of_job(trace, j, t) {
                (Some(p), n) => {
                    let pod = trace.pods.get(p).map_or("", |r| &*r.name);
                    let note = if n > 1 {
                        format!("Found {n} pods, using pod/{pod}\n")
                    } else {
                        String::new()
                    };
                    match logs::pod_logs(trace, p, t, &opts) {
                        Ok(s) => Ok(format!("{note}{s}")),
                        Err(e) => Err(format!("{note}{e}")),
                    }
                }
                (None, _) => Err("error: timed out waiting for the condition".into()),
            }
        }
        Target::Kind(Kind::CronJob) => Err(
            "error: cannot get the logs from *v1.CronJob: selector for *v1.CronJob not implemented"
                .into(),
        ),
        Target::Kind(Kind::Event) => Err(
            "error: cannot get the logs from *v1.Event: selector for *v1.Event not implemented"
                .into(),
        ),
        Target::All | Target::Empty(_) => Err(format!(
            "error: the server doesn't have a resource type \"{}\"",
            first.split('/').next().unwrap_or("")
        )),
    }
}

/// Tab completion: the candidates for the word being typed (the text
/// after the last space of `partial`), sorted; the caller replaces that
/// word with one of them.
pub fn completions(trace: &Trace, t: Millis, partial: &str) -> Vec<String> {
    let ends_with_space = partial.ends_with(char::is_whitespace) || partial.is_empty();
    let mut words: Vec<&str> = partial.split_whitespace().collect();
    let current = if ends_with_space {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let had_kubectl = words.first() == Some(&"kubectl");
    if had_kubectl {
        words.remove(0);
    }
    let mut cands: Vec<String> = Vec::new();
    let names = |kind: Kind| -> Vec<String> {
        objects(trace, kind, t)
            .into_iter()
            .map(|o| obj_name(trace, o).to_string())
            .collect()
    };
    let cmd = words.iter().copied().find(|w| SUPPORTED.contains(w));
    let prev = words.last().copied().unwrap_or("");
    // Positional words after the command, flags (and their values) left out.
    let positional: Vec<&str> = {
        let mut out = Vec::new();
        let mut skip = false;
        let mut seen_cmd = false;
        for w in &words {
            if skip {
                skip = false;
                continue;
            }
            if !seen_cmd {
                seen_cmd = Some(*w) == cmd;
                continue;
            }
            if w.starts_with('-') {
                skip = !w.contains('=')
                    && matches!(
                        *w,
                        "-n" | "--namespace"
                            | "-l"
                            | "--selector"
                            | "-o"
                            | "--output"
                            | "-c"
                            | "--container"
                            | "--sort-by"
                            | "--field-selector"
                            | "--tail"
                            | "--for"
                            | "--types"
                    );
                continue;
            }
            out.push(*w);
        }
        out
    };
    let sort_fields = [
        ".lastTimestamp",
        ".firstTimestamp",
        ".count",
        ".metadata.creationTimestamp",
        ".metadata.name",
        ".status.startTime",
    ];
    let containers_of = |pod: &str| -> Vec<String> {
        let pod = pod.rsplit('/').next().unwrap_or(pod);
        trace
            .pod_by_name(pod)
            .map(|(_, p)| p.containers.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    };
    // `--for` names an object: every pod, Job and CronJob there is.
    let for_objects = || -> Vec<String> {
        [
            (Kind::Pod, "pod"),
            (Kind::Job, "job"),
            (Kind::CronJob, "cronjob"),
        ]
        .into_iter()
        .flat_map(|(k, ty)| names(k).into_iter().map(move |n| format!("{ty}/{n}")))
        .collect()
    };
    let job_selectors = || -> Vec<String> {
        names(Kind::Job)
            .into_iter()
            .map(|n| format!("job-name={n}"))
            .collect()
    };
    match prev {
        "-n" | "--namespace" => cands.push(view::NAMESPACE.into()),
        "-o" | "--output" => cands.extend(["name".to_string(), "wide".to_string()]),
        "--sort-by" => cands.extend(sort_fields.iter().map(|s| s.to_string())),
        "-l" | "--selector" => cands.extend(job_selectors()),
        "--for" => cands.extend(for_objects()),
        "--types" => cands.extend(["Normal".to_string(), "Warning".to_string()]),
        "-c" | "--container" => cands.extend(
            positional
                .first()
                .map(|p| containers_of(p))
                .unwrap_or_default(),
        ),
        _ if current.starts_with("--") && current.contains('=') => {
            let (flag, _) = current.split_once('=').unwrap_or((current, ""));
            let values: Vec<String> = match flag {
                "--sort-by" => sort_fields.iter().map(|s| s.to_string()).collect(),
                "--output" => vec!["name".into(), "wide".into()],
                "--namespace" => vec![view::NAMESPACE.into()],
                "--selector" => job_selectors(),
                "--for" => for_objects(),
                "--types" => vec!["Normal".into(), "Warning".into()],
                "--container" => positional
                    .first()
                    .map(|p| containers_of(p))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            cands.extend(values.into_iter().map(|v| format!("{flag}={v}")));
        }
        _ if current.starts_with('-') => {
            let flags: &[&str] = match cmd {
                Some("get") => &[
                    "--all-namespaces",
                    "--field-selector",
                    "--namespace",
                    "--no-headers",
                    "--output",
                    "--selector",
                    "--show-labels",
                    "--sort-by",
                    "--watch",
                    "-A",
                    "-l",
                    "-n",
                    "-o",
                    "-w",
                ],
                Some("describe") => &[
                    "--all-namespaces",
                    "--namespace",
                    "--selector",
                    "--show-events",
                    "-A",
                    "-l",
                    "-n",
                ],
                Some("events") => &[
                    "--all-namespaces",
                    "--for",
                    "--namespace",
                    "--no-headers",
                    "--types",
                    "--watch",
                    "-A",
                    "-n",
                    "-w",
                ],
                Some("logs") => &[
                    "--all-containers",
                    "--container",
                    "--follow",
                    "--namespace",
                    "--previous",
                    "--selector",
                    "--tail",
                    "--timestamps",
                    "-c",
                    "-f",
                    "-l",
                    "-n",
                    "-p",
                ],
                _ => &["--namespace", "-n"],
            };
            cands.extend(flags.iter().map(|s| s.to_string()));
        }
        _ => match cmd {
            None => {
                if words.is_empty() && !had_kubectl {
                    cands.push("kubectl".into());
                }
                cands.extend(SUPPORTED.iter().map(|s| s.to_string()));
            }
            // kubectl events takes no arguments (see --for).
            Some("events") => {}
            Some("logs") => match positional.len() {
                0 => {
                    cands.extend(names(Kind::Pod));
                    cands.extend(names(Kind::Job).into_iter().map(|n| format!("job/{n}")));
                }
                1 => cands.extend(containers_of(positional[0])),
                _ => {}
            },
            Some(c) => {
                let types: &[&str] = if c == "get" {
                    &["all", "cronjobs", "events", "jobs", "pods"]
                } else {
                    &["cronjobs", "jobs", "pods"]
                };
                match positional.first() {
                    None => {
                        if let Some((ty, _)) = current.split_once('/') {
                            if let Ok(Target::Kind(k)) = parse_type(ty) {
                                cands.extend(names(k).into_iter().map(|n| format!("{ty}/{n}")));
                            }
                        } else {
                            cands.extend(types.iter().map(|s| s.to_string()));
                        }
                    }
                    Some(ty) => {
                        if let Ok(Target::Kind(k)) = parse_type(ty) {
                            cands.extend(
                                names(k)
                                    .into_iter()
                                    .filter(|n| !positional[1..].contains(&n.as_str())),
                            );
                        }
                    }
                }
            }
        },
    }
    cands.retain(|c| c.starts_with(current));
    crate::sort::sort(&mut cands);
    cands.dedup();
    cands
}

/// What `jobsim run --format text` prints: `kubectl get cronjobs` (when
/// there are CronJobs), `kubectl get jobs`, `kubectl get pods`, then
/// `kubectl describe job NAME` for every Job, each after a `$ kubectl …`
/// line and separated by blank lines.
pub fn summary(trace: &Trace, t: Millis) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut block = |cmd: &str| {
        let out = match run(trace, t, cmd) {
            Ok(s) | Err(s) => s,
        };
        let mut b = format!("$ kubectl {cmd}\n{out}");
        if !b.ends_with('\n') {
            b.push('\n');
        }
        blocks.push(b);
    };
    if !trace.cron_jobs.is_empty() {
        block("get cronjobs");
    }
    block("get jobs");
    block("get pods");
    for o in objects(trace, Kind::Job, t) {
        let name = obj_name(trace, o).to_string();
        block(&format!("describe job {name}"));
        // describe shows no conditions; this is how one reads them.
        block(&format!(
            "get job {name} -o jsonpath='{{.status.conditions}}'"
        ));
    }
    blocks.join("\n")
}

/// `kubectl get job NAME -o jsonpath='{.status.conditions}'`: the
/// conditions as the JSON kubectl prints for them (keys sorted, times in
/// RFC 3339), the one way kubectl shows FailureTarget and Failed.
fn job_conditions_json(trace: &Trace, t: Millis, pos: &[String]) -> Result<String, String> {
    let name = match pos {
        [kind, name] if matches!(kind.as_str(), "job" | "jobs" | "job.batch") => name.clone(),
        [one] if one.starts_with("job/") || one.starts_with("jobs/") => one.split_once('/').map(|(_, n)| n.to_string()).unwrap_or_default(),
        _ => return Err("error: this playground prints {.status.conditions} for one Job: kubectl get job NAME -o jsonpath='{.status.conditions}'".into()),
    };
    let Some(job) = trace
        .jobs
        .iter()
        .rev()
        .find(|j| *j.name == *name && j.exists_at(t))
    else {
        return Err(format!(
            "Error from server (NotFound): jobs.batch \"{name}\" not found"
        ));
    };
    let time =
        |at: Millis| crate::sim::cron::format_rfc3339(trace.start_unix + at.div_euclid(1000));
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let items: Vec<String> = job
        .conditions_at(t)
        .map(|c| {
            format!(
                "{{\"lastProbeTime\":\"{}\",\"lastTransitionTime\":\"{}\",\"message\":\"{}\",\"reason\":\"{}\",\"status\":\"{}\",\"type\":\"{}\"}}",
                time(c.at),
                time(c.at),
                esc(&c.message),
                esc(&c.reason),
                c.status,
                c.type_
            )
        })
        .collect();
    if items.is_empty() {
        return Ok(String::new());
    }
    Ok(format!("[{}]", items.join(",")))
}
