//! The scenario file: the world around the cluster (programs, services,
//! files, container outcomes, faults). Specified in
//! ../shared/design/scenario-format.md, a contract: every field there works
//! as written. Parsing reuses the manifest's YAML reader, so problems carry
//! a line, a column and a field path, and unknown fields are errors with a
//! "did you mean" hint.

mod units;

pub use units::{format_duration, parse_duration, Millis};

use crate::manifest::decode::{Decoder, Positions};
use crate::manifest::problem::{self, Pos, Problem};
use crate::manifest::quantity::parse_quantity;
use crate::manifest::yaml::{self, Node};
use crate::quote::quote;
use crate::sorted::SortedMap;

/// 2026-01-01T00:00:00Z, the default `start`.
pub const DEFAULT_START_UNIX: i64 = 1_767_225_600;
/// The most faults a scenario may list (live faults add to them).
pub const MAX_FAULTS: usize = 10_000;

/// How long something runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    For(Millis),
    Forever,
}

/// What one run of a container or program does. Unset fields fall back
/// (attempt → program → defaults: exit 0 after 1 s).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub exit: Option<i32>,
    pub runs: Option<Runs>,
    /// Peak memory in bytes.
    pub memory: Option<f64>,
    pub output: Option<Vec<String>>,
    pub reason: Option<String>,
    pub unhealthy_after: Option<Millis>,
    pub ignores_sigterm: Option<bool>,
}

impl Outcome {
    /// `self` with unset fields taken from `base`.
    pub fn over(&self, base: &Outcome) -> Outcome {
        Outcome {
            exit: self.exit.or(base.exit),
            runs: self.runs.or(base.runs),
            memory: self.memory.or(base.memory),
            output: self.output.clone().or_else(|| base.output.clone()),
            reason: self.reason.clone().or_else(|| base.reason.clone()),
            unhealthy_after: self.unhealthy_after.or(base.unhealthy_after),
            ignores_sigterm: self.ignores_sigterm.or(base.ignores_sigterm),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Program {
    pub base: Outcome,
    pub attempts: Vec<Outcome>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerPlan {
    pub attempts: Vec<Outcome>,
    pub default: Option<Outcome>,
    pub by_index: SortedMap<i32, ContainerPlan>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Intervals when reachable; `None` ends are open.
    pub up: Vec<(Option<Millis>, Option<Millis>)>,
    pub fail_rate: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileSpec {
    pub mode: u32,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodSelector {
    Ordinal(usize),
    Newest,
    Oldest,
    All,
    Name(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultAction {
    KillPod,
    DeletePod,
    EvictPod,
    ServiceDown,
    ServiceUp,
    /// Sets `spec.suspend: true` on the Job or CronJob named by `target`
    /// (an extension of the format: what `kubectl patch` would do).
    Suspend,
    /// Sets `spec.suspend: false` on `target`.
    Resume,
}

impl FaultAction {
    pub const ALL: [(&'static str, FaultAction); 7] = [
        ("killPod", FaultAction::KillPod),
        ("deletePod", FaultAction::DeletePod),
        ("evictPod", FaultAction::EvictPod),
        ("serviceDown", FaultAction::ServiceDown),
        ("serviceUp", FaultAction::ServiceUp),
        ("suspend", FaultAction::Suspend),
        ("resume", FaultAction::Resume),
    ];
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(n, _)| n)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub at: Millis,
    pub action: FaultAction,
    pub pod: Option<PodSelector>,
    pub service: Option<String>,
    pub for_: Option<Millis>,
    /// The Job or CronJob a `suspend` or `resume` acts on.
    pub target: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub seed: u64,
    pub start_unix: i64,
    pub pod_startup: Millis,
    pub container_restart: Millis,
    /// Keyed by normalised `host:port` (see [`service_key`]).
    pub services: SortedMap<String, Service>,
    pub files: SortedMap<String, FileSpec>,
    pub programs: SortedMap<String, Program>,
    pub containers: SortedMap<String, ContainerPlan>,
    pub faults: Vec<Fault>,
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            seed: 0,
            start_unix: DEFAULT_START_UNIX,
            pod_startup: 1000,
            container_restart: 0,
            services: SortedMap::new(),
            files: SortedMap::new(),
            programs: SortedMap::new(),
            containers: SortedMap::new(),
            faults: Vec::new(),
        }
    }
}

/// `host:port` with the in-cluster suffixes removed, so that `postgresql`,
/// `postgresql.default.svc` and `postgresql.default.svc.cluster.local`
/// name the same service. Port 80 when omitted.
pub fn service_key(host_port: &str) -> String {
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => (h, p),
        _ => (host_port, "80"),
    };
    let mut host = host.trim().to_ascii_lowercase();
    for suffix in [".svc.cluster.local", ".svc"] {
        if let Some(h) = host.strip_suffix(suffix) {
            host = h.to_string();
        }
    }
    if let Some(h) = host.strip_suffix(".default") {
        host = h.to_string();
    }
    format!("{host}:{port}")
}

impl Service {
    pub fn up_at(&self, t: Millis) -> bool {
        self.up
            .iter()
            .any(|(a, b)| a.is_none_or(|a| t >= a) && b.is_none_or(|b| t < b))
    }
}

const TOP: &[&str] = &[
    "seed",
    "start",
    "timing",
    "services",
    "files",
    "programs",
    "containers",
    "faults",
];
const TIMING: &[&str] = &["podStartup", "containerRestart"];
const SERVICE: &[&str] = &["up", "failRate"];
const FILE: &[&str] = &["mode", "content"];
const OUTCOME: &[&str] = &[
    "exit",
    "runs",
    "memory",
    "output",
    "reason",
    "unhealthyAfter",
    "ignoresSigterm",
];
const PROGRAM: &[&str] = &[
    "exit",
    "runs",
    "memory",
    "output",
    "reason",
    "unhealthyAfter",
    "ignoresSigterm",
    "attempts",
];
const CONTAINER: &[&str] = &["attempts", "default", "byIndex"];
const FAULT: &[&str] = &["at", "action", "pod", "service", "for", "target"];

struct Reader {
    d: Decoder,
}

impl Reader {
    /// The entries of a mapping, or a problem saying what was expected.
    fn entries<'n>(
        &mut self,
        v: &'n Node,
        path: &str,
        expected: &str,
    ) -> Option<&'n [(Node, Node)]> {
        let e = v.as_map();
        if e.is_none() {
            self.problem(v.pos, path, expected);
        }
        e
    }

    fn problem(&mut self, pos: Pos, path: &str, msg: impl Into<String>) {
        self.d.problems.push(Problem::new(pos, path, msg));
    }

    fn duration(&mut self, n: &Node, path: &str, forever_ok: bool) -> Option<Runs> {
        let text = n.scalar().unwrap_or("");
        if forever_ok && text == "forever" {
            return Some(Runs::Forever);
        }
        match parse_duration(text) {
            Some(ms) => Some(Runs::For(ms)),
            None => {
                let hint = if forever_ok { ", or forever" } else { "" };
                self.problem(n.pos, path, format!("invalid duration {}: write 500ms, 10s, 2m, 1h30m or a number of seconds{hint}", quote(text)));
                None
            }
        }
    }

    fn millis(&mut self, n: &Node, path: &str) -> Option<Millis> {
        match self.duration(n, path, false) {
            Some(Runs::For(ms)) => Some(ms),
            _ => None,
        }
    }

    fn outcome(&mut self, n: &Node, path: &str, known: &[&str]) -> Outcome {
        let mut o = Outcome::default();
        for (key, v, p) in self.d.fields(n, path, "scenario", "outcome", known) {
            match key {
                "exit" => {
                    if let Some(code) = self.d.int32(v, &p, "outcome") {
                        if (0..=255).contains(&code) {
                            o.exit = Some(code);
                        } else {
                            self.problem(
                                v.pos,
                                &p,
                                format!("exit code {code} is out of range: 0 to 255"),
                            );
                        }
                    }
                }
                "runs" => o.runs = self.duration(v, &p, true),
                "memory" => match v.scalar().and_then(parse_quantity) {
                    Some(b) if b >= 0.0 => o.memory = Some(b),
                    _ => self.problem(
                        v.pos,
                        &p,
                        format!(
                            "invalid memory quantity {}: write 64Mi, 1Gi or 500M",
                            quote(v.scalar().unwrap_or(""))
                        ),
                    ),
                },
                "output" => {
                    o.output = Some(match v.as_seq() {
                        Some(_) => self.d.strings(v, &p, "outcome"),
                        None => self
                            .d
                            .string(v, &p, "outcome")
                            .map(|s| s.lines().map(String::from).collect())
                            .unwrap_or_default(),
                    })
                }
                "reason" => o.reason = self.d.string(v, &p, "outcome"),
                "unhealthyAfter" => o.unhealthy_after = self.millis(v, &p),
                "ignoresSigterm" => o.ignores_sigterm = self.d.bool(v, &p, "outcome"),
                _ => {}
            }
        }
        o
    }

    fn container_plan(&mut self, n: &Node, path: &str, allow_by_index: bool) -> ContainerPlan {
        let mut plan = ContainerPlan::default();
        let known: &[&str] = if allow_by_index {
            CONTAINER
        } else {
            &CONTAINER[..2]
        };
        for (key, v, p) in self.d.fields(n, path, "scenario", "container", known) {
            match key {
                "attempts" => {
                    for (item, ip) in self.d.list(v, &p, "scenario", "[]outcome") {
                        let o = self.outcome(item, &ip, OUTCOME);
                        plan.attempts.push(o);
                    }
                }
                "default" => plan.default = Some(self.outcome(v, &p, OUTCOME)),
                "byIndex" => {
                    let Some(entries) = self.entries(
                        v,
                        &p,
                        "byIndex maps an index (\"2\") to attempts and a default",
                    ) else {
                        continue;
                    };
                    for (k, item) in entries {
                        let key = k.scalar().unwrap_or("");
                        let ip = format!("{p}[{key}]");
                        match key.parse::<i32>() {
                            Ok(i) if i >= 0 => {
                                let sub = self.container_plan(item, &ip, false);
                                plan.by_index.insert(i, sub);
                            }
                            _ => self.problem(
                                k.pos,
                                &ip,
                                format!("{} is not a completion index (0, 1, 2…)", quote(key)),
                            ),
                        }
                    }
                }
                _ => {}
            }
        }
        plan
    }

    fn fault(&mut self, n: &Node, path: &str) -> Option<Fault> {
        let mut at = None;
        let mut action = None;
        let mut pod = None;
        let mut service = None;
        let mut for_ = None;
        let mut target = None;
        for (key, v, p) in self.d.fields(n, path, "scenario", "fault", FAULT) {
            match key {
                "at" => at = self.millis(v, &p),
                "action" => {
                    let text = v.scalar().unwrap_or("");
                    match FaultAction::ALL.iter().find(|(name, _)| *name == text) {
                        Some((_, a)) => action = Some(*a),
                        None => {
                            let names: Vec<&str> =
                                FaultAction::ALL.iter().map(|(n, _)| *n).collect();
                            let hint = crate::manifest::decode::suggest(text, &names)
                                .map(|s| format!("; did you mean \"{s}\"?"))
                                .unwrap_or_default();
                            let supported = names
                                .iter()
                                .map(|n| quote(n))
                                .collect::<Vec<_>>()
                                .join(", ");
                            self.problem(
                                v.pos,
                                &p,
                                format!(
                                    "Unsupported value: {}: supported values: {supported}{hint}",
                                    quote(text)
                                ),
                            );
                        }
                    }
                }
                "pod" => {
                    let text = v.scalar().unwrap_or("");
                    pod = Some(match text {
                        "newest" => PodSelector::Newest,
                        "oldest" => PodSelector::Oldest,
                        "all" => PodSelector::All,
                        t => match t.parse::<usize>() {
                            Ok(i) => PodSelector::Ordinal(i),
                            Err(_) => PodSelector::Name(t.to_string()),
                        },
                    });
                }
                "service" => service = self.d.string(v, &p, "fault").map(|s| service_key(&s)),
                "for" => for_ = self.millis(v, &p),
                "target" => target = self.d.string(v, &p, "fault"),
                _ => {}
            }
        }
        let (Some(at), Some(action)) = (at, action) else {
            if !self.d.problems.iter().any(|pr| pr.path.starts_with(path)) {
                self.problem(n.pos, path, "a fault needs `at` and `action`");
            }
            return None;
        };
        let pod_fault = matches!(
            action,
            FaultAction::KillPod | FaultAction::DeletePod | FaultAction::EvictPod
        );
        if pod_fault && pod.is_none() {
            self.problem(n.pos, &format!("{path}.pod"), format!("Required value: {} needs a pod: an ordinal (0), newest, oldest, all or a pod name", action.name()));
            return None;
        }
        let object_fault = matches!(action, FaultAction::Suspend | FaultAction::Resume);
        if object_fault && target.is_none() {
            self.problem(
                n.pos,
                &format!("{path}.target"),
                format!(
                    "Required value: {} needs a target: the name of a Job or a CronJob",
                    action.name()
                ),
            );
            return None;
        }
        if !pod_fault && !object_fault && service.is_none() {
            self.problem(
                n.pos,
                &format!("{path}.service"),
                format!(
                    "Required value: {} needs a service (\"host:port\")",
                    action.name()
                ),
            );
            return None;
        }
        Some(Fault {
            at,
            action,
            pod,
            service,
            for_,
            target,
        })
    }
}

/// Appends one item to the scenario's `faults:` list (creating it), so the
/// fault is part of the text that is shared and re-run.
pub fn append_fault(scenario: &str, entry: &str) -> String {
    let lines: Vec<&str> = scenario.lines().collect();
    if let Some(start) = lines.iter().position(|l| l.trim_end() == "faults:") {
        // The block ends at the next line that is not indented.
        let mut end = start + 1;
        while end < lines.len()
            && (lines[end].starts_with(' ')
                || lines[end].starts_with('-')
                || lines[end].trim().is_empty())
        {
            end += 1;
        }
        while end > start + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        let indent = lines
            .get(start + 1)
            .map_or("  ", |l| if l.starts_with('-') { "" } else { "  " });
        let mut out: Vec<String> = lines[..end].iter().map(|s| s.to_string()).collect();
        out.push(format!("{indent}- {entry}"));
        out.extend(lines[end..].iter().map(|s| s.to_string()));
        return out.join("\n") + "\n";
    }
    let mut out = scenario.trim_end().to_string();
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("faults:\n  - {entry}\n"));
    out
}

/// The outcome of reading a scenario: the scenario (defaults where the
/// text is wrong) and its problems.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub scenario: Scenario,
    pub problems: Vec<Problem>,
    pub positions: Positions,
}

/// Reads a scenario file. Empty text is the default world.
pub fn read(text: &str) -> Read {
    let mut out = Read::default();
    if text.len() > crate::manifest::MAX_MANIFEST_BYTES {
        out.problems.push(Problem::new(
            Pos::START,
            "yaml",
            "the scenario is too large for the playground",
        ));
        return out;
    }
    let (docs, mut problems) = yaml::parse(text);
    let mut roots = docs.into_iter().filter_map(|d| d.root);
    let Some(root) = roots.next() else {
        out.problems = problems;
        return out;
    };
    if let Some(extra) = roots.next() {
        problems.push(Problem::new(
            extra.pos,
            "yaml",
            "a scenario is one document",
        ));
    }
    let mut r = Reader {
        d: Decoder::new(root.pos),
    };
    let s = &mut out.scenario;
    for (key, v, p) in r.d.fields(&root, "", "scenario", "scenario", TOP) {
        match key {
            "seed" => match v
                .scalar()
                .and_then(yaml::parse_int)
                .and_then(|x| u64::try_from(x).ok())
            {
                Some(seed) => s.seed = seed,
                None => r.problem(v.pos, &p, "the seed is a whole number ≥ 0"),
            },
            "start" => match v.scalar().and_then(crate::sim::cron::tz::parse_rfc3339) {
                Some(t) => s.start_unix = t,
                None => r.problem(
                    v.pos,
                    &p,
                    format!(
                        "invalid time {}: write RFC 3339, e.g. \"2026-03-02T01:58:00Z\"",
                        quote(v.scalar().unwrap_or(""))
                    ),
                ),
            },
            "timing" => {
                for (k2, v2, p2) in r.d.fields(v, &p, "scenario", "timing", TIMING) {
                    let Some(ms) = r.millis(v2, &p2) else {
                        continue;
                    };
                    if k2 == "podStartup" {
                        s.pod_startup = ms;
                    } else {
                        s.container_restart = ms;
                    }
                }
            }
            "services" => {
                let Some(entries) =
                    r.entries(v, &p, "services maps \"host:port\" to {up, failRate}")
                else {
                    continue;
                };
                for (k, item) in entries {
                    let name = k.scalar().unwrap_or("").to_string();
                    let sp = format!("{p}[{name}]");
                    let mut svc = Service {
                        up: vec![(None, None)],
                        fail_rate: 0.0,
                    };
                    for (k2, v2, p2) in r.d.fields(item, &sp, "scenario", "service", SERVICE) {
                        match k2 {
                            "up" => {
                                svc.up.clear();
                                let items = r.d.list(v2, &p2, "scenario", "[]interval");
                                for (iv, ip) in items {
                                    match iv.scalar().and_then(units::parse_interval) {
                                        Some((Some(from), Some(to))) if to < from => r.problem(iv.pos, &ip, format!("invalid interval {}: it ends before it starts", quote(iv.scalar().unwrap_or("")))),
                                        Some(i) => svc.up.push(i),
                                        None => r.problem(iv.pos, &ip, format!("invalid interval {}: write \"45s..\", \"..2m\" or \"10s..1m\"", quote(iv.scalar().unwrap_or("")))),
                                    }
                                }
                            }
                            "failRate" => match v2.scalar().and_then(yaml::parse_float) {
                                Some(f) if (0.0..=1.0).contains(&f) => svc.fail_rate = f,
                                _ => r.problem(
                                    v2.pos,
                                    &p2,
                                    "failRate is a probability between 0 and 1",
                                ),
                            },
                            _ => {}
                        }
                    }
                    s.services.insert(service_key(&name), svc);
                }
            }
            "files" => {
                let Some(entries) = r.entries(v, &p, "files maps a path to {mode, content}") else {
                    continue;
                };
                for (k, item) in entries {
                    let path = k.scalar().unwrap_or("").to_string();
                    let fp = format!("{p}[{path}]");
                    let mut f = FileSpec {
                        mode: 0o644,
                        content: String::new(),
                    };
                    for (k2, v2, p2) in r.d.fields(item, &fp, "scenario", "file", FILE) {
                        match k2 {
                            "mode" => match v2
                                .scalar()
                                .and_then(|m| u32::from_str_radix(m, 8).ok())
                                .filter(|m| *m <= 0o7777)
                            {
                                Some(m) => f.mode = m,
                                None => r.problem(v2.pos, &p2, "mode is octal, e.g. \"0755\""),
                            },
                            "content" => {
                                f.content = r.d.string(v2, &p2, "file").unwrap_or_default()
                            }
                            _ => {}
                        }
                    }
                    s.files.insert(path, f);
                }
            }
            "programs" => {
                let Some(entries) =
                    r.entries(v, &p, "programs maps a program name to its behaviour")
                else {
                    continue;
                };
                for (k, item) in entries {
                    let name = k.scalar().unwrap_or("").to_string();
                    let pp = format!("{p}[{name}]");
                    let base = r.outcome(item, &pp, PROGRAM);
                    let mut attempts = Vec::new();
                    if let Some(list) = item.get("attempts") {
                        for (a, ap) in
                            r.d.list(list, &format!("{pp}.attempts"), "scenario", "[]outcome")
                        {
                            attempts.push(r.outcome(a, &ap, OUTCOME));
                        }
                    }
                    s.programs.insert(name, Program { base, attempts });
                }
            }
            "containers" => {
                let Some(entries) = r.entries(
                    v,
                    &p,
                    "containers maps a container name to attempts, default and byIndex",
                ) else {
                    continue;
                };
                for (k, item) in entries {
                    let name = k.scalar().unwrap_or("").to_string();
                    let cp = format!("{p}[{name}]");
                    let plan = r.container_plan(item, &cp, true);
                    s.containers.insert(name, plan);
                }
            }
            "faults" => {
                let items = r.d.list(v, &p, "scenario", "[]fault");
                if items.len() > MAX_FAULTS {
                    r.problem(
                        v.pos,
                        &p,
                        format!(
                            "{} faults: the playground takes at most {MAX_FAULTS}",
                            items.len()
                        ),
                    );
                    continue;
                }
                for (item, ip) in items {
                    if let Some(f) = r.fault(item, &ip) {
                        s.faults.push(f);
                    }
                }
                crate::sort::sort_by_key(&mut s.faults, |f| f.at);
            }
            _ => {}
        }
    }
    problems.append(&mut r.d.problems);
    problem::sort(&mut problems);
    out.problems = problems;
    out.positions = r.d.positions;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_fault_creates_or_extends_the_list() {
        let s = append_fault("", "{at: 5s, action: killPod, pod: newest}");
        assert_eq!(s, "faults:\n  - {at: 5s, action: killPod, pod: newest}\n");
        let s2 = append_fault(
            &format!("seed: 1\n{s}timing:\n  podStartup: 2s\n"),
            "{at: 9s, action: evictPod, pod: 0}",
        );
        let r = read(&s2);
        assert!(r.problems.is_empty(), "{:?}\n{s2}", r.problems);
        assert_eq!(r.scenario.faults.len(), 2);
        assert_eq!(r.scenario.pod_startup, 2000);
    }

    #[test]
    fn every_field_of_the_format_reads() {
        let text = r#"
seed: 42
start: "2026-03-02T01:58:00Z"
timing: {podStartup: 2s, containerRestart: 500ms}
services:
  "postgresql.default.svc.cluster.local:5432": {up: ["45s.."], failRate: 0.25}
  api: {up: []}
files:
  "/config/app.conf": {}
  "/app/run.sh": {mode: "0644"}
  "/var/log/error.log": {content: "ERROR disk full\n"}
programs:
  process-data.sh:
    runs: 20s
    exit: 0
    memory: 300Mi
    output: ["Processing batch 1", "done"]
    attempts:
      - {exit: 1, runs: 5s, output: ["Connection refused"]}
containers:
  task:
    attempts:
      - {exit: 137, runs: 3s, reason: OOMKilled}
      - {runs: forever, unhealthyAfter: 90s, ignoresSigterm: true}
    default: {exit: 0, runs: 3s}
    byIndex:
      "2": {attempts: [{exit: 42}], default: {exit: 0}}
faults:
  - {at: 30s, action: killPod, pod: newest}
  - {at: 40s, action: deletePod, pod: 0}
  - {at: 50s, action: evictPod, pod: all}
  - {at: 60s, action: serviceDown, service: "api:80", for: 30s}
  - {at: 90s, action: serviceUp, service: "postgresql.default.svc.cluster.local:5432"}
  - {at: 95s, action: killPod, pod: job-x-abcde}
"#;
        let r = read(text);
        assert!(r.problems.is_empty(), "{:#?}", r.problems);
        let s = r.scenario;
        assert_eq!(s.seed, 42);
        assert_eq!(s.start_unix, 1_772_416_680);
        assert_eq!((s.pod_startup, s.container_restart), (2000, 500));
        let pg = &s.services["postgresql:5432"];
        assert!(!pg.up_at(44_999) && pg.up_at(45_000));
        assert_eq!(pg.fail_rate, 0.25);
        assert!(!s.services["api:80"].up_at(0));
        assert_eq!(s.files["/app/run.sh"].mode, 0o644);
        assert_eq!(s.files["/var/log/error.log"].content, "ERROR disk full\n");
        let p = &s.programs["process-data.sh"];
        assert_eq!(p.base.runs, Some(Runs::For(20_000)));
        assert_eq!(p.base.memory, Some(300.0 * 1024.0 * 1024.0));
        assert_eq!(p.attempts[0].exit, Some(1));
        let c = &s.containers["task"];
        assert_eq!(c.attempts[1].runs, Some(Runs::Forever));
        assert_eq!(c.attempts[1].unhealthy_after, Some(90_000));
        assert_eq!(c.attempts[1].ignores_sigterm, Some(true));
        assert_eq!(c.by_index[&2].attempts[0].exit, Some(42));
        assert_eq!(s.faults.len(), 6);
        assert_eq!(s.faults[0].pod, Some(PodSelector::Newest));
        assert_eq!(s.faults[1].pod, Some(PodSelector::Ordinal(0)));
        assert_eq!(s.faults[3].service.as_deref(), Some("api:80"));
        assert_eq!(s.faults[3].for_, Some(30_000));
        assert_eq!(
            s.faults[5].pod,
            Some(PodSelector::Name("job-x-abcde".into()))
        );
    }

    #[test]
    fn unknown_fields_are_errors_with_a_hint_and_a_position() {
        let r = read("seed: 1\ntiming:\n  podStartp: 2s\n");
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        assert_eq!((p.line, p.col), (3, 3));
        assert_eq!(p.path, "timing.podStartp");
        assert!(
            p.message.contains("did you mean \"podStartup\""),
            "{}",
            p.message
        );
    }

    #[test]
    fn bad_values_are_reported() {
        let r =
            read("faults:\n  - {at: soon, action: kilPod, pod: 0}\nprograms:\n  x: {exit: 300}\n");
        let msgs: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("invalid duration \"soon\"")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("did you mean \"killPod\"")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("out of range")), "{msgs:?}");
    }

    #[test]
    fn empty_scenario_is_the_default_world() {
        assert_eq!(read("").scenario, Scenario::default());
        assert!(read("# nothing\n").problems.is_empty());
    }
}
