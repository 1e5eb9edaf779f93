//! Reading manifests as the API server does: YAML with positions, strict
//! decoding, defaulting, validation. Always returns the best objects it
//! could build *and* every problem, so the editor can keep showing a run
//! while the learner types.

pub mod decode;
pub mod defaults;
pub mod problem;
pub mod quantity;
pub mod validation;
pub mod yaml;

pub use decode::Positions;
pub use problem::{Pos, Problem};

use crate::api::{CronJob, Job, Object};
use decode::Decoder;
use validation::Validator;

/// Manifests larger than this are refused before parsing (a 10 MB paste
/// must not freeze the page).
pub const MAX_MANIFEST_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Each object with the positions of its fields.
    pub objects: Vec<(Object, Positions)>,
    /// Every problem, in document order.
    pub problems: Vec<Problem>,
}

impl Manifest {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && !self.objects.is_empty()
    }
    pub fn jobs(&self) -> impl Iterator<Item = &Job> {
        self.objects.iter().filter_map(|(o, _)| match o {
            Object::Job(j) => Some(j),
            Object::CronJob(_) => None,
        })
    }
    pub fn cron_jobs(&self) -> impl Iterator<Item = &CronJob> {
        self.objects.iter().filter_map(|(o, _)| match o {
            Object::CronJob(c) => Some(c),
            Object::Job(_) => None,
        })
    }
}

/// Parses, decodes, defaults and validates a manifest.
pub fn read(text: &str) -> Manifest {
    let mut out = Manifest::default();
    if text.len() > MAX_MANIFEST_BYTES {
        out.problems.push(Problem::new(
            Pos::START,
            "yaml",
            format!(
                "the manifest is {} kB; the playground reads manifests up to {} kB",
                text.len() / 1024,
                MAX_MANIFEST_BYTES / 1024
            ),
        ));
        return out;
    }
    let (docs, mut problems) = yaml::parse(text);
    // A syntax error is the only thing said, as kubectl says only that
    // ("error converting YAML to JSON") of a document it cannot parse: what
    // was read before it would only be judged incomplete (a tab in `spec:`
    // would also report its containers missing), in front of the real
    // mistake. (kubectl would still create the documents before a broken
    // one; here nothing runs while any problem is left, so nothing is lost
    // by not reading them.)
    if !problems.is_empty() {
        problem::sort(&mut problems);
        out.problems = problems;
        return out;
    }
    let mut taken = Vec::new();
    for doc in docs {
        let Some(root) = doc.root else { continue };
        // An empty document (a trailing `---`, `---` twice, or `null`) is
        // skipped, as cli-runtime's StreamVisitor skips an empty or null
        // object.
        if root.is_null() {
            continue;
        }
        let mut d = Decoder::new(root.pos);
        let kind = root.get("kind").and_then(|k| k.scalar()).unwrap_or("");
        let api_version = root
            .get("apiVersion")
            .and_then(|k| k.scalar())
            .unwrap_or("");
        let kind_pos = root.get("kind").map_or(root.pos, |k| k.pos);
        let version_pos = root.get("apiVersion").map_or(root.pos, |k| k.pos);
        if root.as_map().is_none() {
            problems.push(Problem::new(
                root.pos,
                "yaml",
                "a manifest is a mapping (apiVersion, kind, metadata, spec)",
            ));
            continue;
        }
        let object = match kind {
            "Job" | "CronJob" => {
                if api_version.is_empty() {
                    problems.push(Problem::new(
                        root.pos,
                        "apiVersion",
                        "Object 'apiVersion' is missing: write apiVersion: batch/v1",
                    ));
                } else if api_version != "batch/v1" {
                    problems.push(Problem::new(
                        version_pos,
                        "apiVersion",
                        format!(
                            "no matches for kind {} in version {}: use batch/v1",
                            crate::quote::quote(kind),
                            crate::quote::quote(api_version)
                        ),
                    ));
                }
                if kind == "Job" {
                    let mut job = d.job(&root);
                    defaults::set_defaults_job(&mut job.spec);
                    Object::Job(job)
                } else {
                    let mut cj = d.cron_job(&root);
                    defaults::set_defaults_cron_job(&mut cj.spec);
                    Object::CronJob(cj)
                }
            }
            "" => {
                problems.push(Problem::new(
                    root.pos,
                    "kind",
                    "Object 'Kind' is missing: write kind: Job or kind: CronJob",
                ));
                continue;
            }
            other => {
                problems.push(Problem::new(
                    kind_pos,
                    "kind",
                    format!("the playground runs Jobs and CronJobs; a {other} cannot run here"),
                ));
                continue;
            }
        };
        let own_problems = d.problems.len();
        problems.append(&mut d.problems);
        let mut v = Validator {
            positions: &d.positions,
            problems: Vec::new(),
        };
        match &object {
            Object::Job(j) => v.job(j),
            Object::CronJob(c) => v.cron_job(c),
        }
        let valid = own_problems == 0 && v.problems.is_empty();
        problems.append(&mut v.problems);
        // `kubectl create -f` makes the documents one after the other: a
        // second object of the same kind, namespace and name is refused
        // (`AlreadyExists`), not run twice. Only an object the API server
        // accepted holds its name; an empty name is none (`generateName`
        // makes one per object). (`apply` would patch the first with it
        // instead, which a Job's immutable template refuses too.)
        let key = |o: &Object| {
            let (resource, meta) = match o {
                Object::Job(j) => ("jobs.batch", &j.metadata),
                Object::CronJob(c) => ("cronjobs.batch", &c.metadata),
            };
            let name = meta.name.clone().filter(|n| !n.is_empty())?;
            let namespace = meta.namespace.clone().filter(|n| !n.is_empty());
            Some((
                resource,
                namespace.unwrap_or_else(|| "default".into()),
                name,
            ))
        };
        if let Some(this) = key(&object) {
            if taken.contains(&this) {
                let (resource, _, name) = this;
                problems.push(Problem::new(
                    d.positions.of("metadata.name"),
                    "metadata.name",
                    format!("{resource} {} already exists", crate::quote::quote(&name)),
                ));
                continue;
            }
            if valid {
                taken.push(this);
            }
        }
        out.objects.push((object, d.positions));
    }
    if out.objects.is_empty() && problems.is_empty() {
        problems.push(Problem::new(
            Pos::START,
            "kind",
            "the manifest is empty: write a Job or a CronJob",
        ));
    }
    problem::sort(&mut problems);
    out.problems = problems;
    out
}
