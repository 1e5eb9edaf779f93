//! The Kubernetes objects the playground models: `batch/v1` Job and
//! CronJob, and the `core/v1` Pod fields that decide how a Job fails.
//!
//! Field names follow the Go types in `k8s.io/api` (`batch/v1/types.go`,
//! `core/v1/types.go`). Optional fields are `Option`: `None` means "not
//! written", which matters because defaulting (`SetDefaults_Job`) and
//! validation treat an omitted field differently from a zero.
//! Enumerations stay strings, as in Go, so that validation can report the
//! exact value a learner typed.

pub mod indexes;
mod job;
mod pod;

pub use job::*;
pub use pod::*;

use crate::sorted::SortedMap;

/// `metav1.ObjectMeta`, the parts we use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectMeta {
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub namespace: Option<String>,
    pub labels: SortedMap<String, String>,
    pub annotations: SortedMap<String, String>,
}

impl ObjectMeta {
    pub fn name_or_empty(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }
}

/// `metav1.LabelSelector`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelSelector {
    pub match_labels: SortedMap<String, String>,
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

/// One object read from the manifest. A manifest holds a handful, so
/// the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Job(Job),
    CronJob(CronJob),
}
