//! `batch/v1` Job and CronJob (`k8s.io/api/batch/v1/types.go`).

use super::{LabelSelector, ObjectMeta, PodTemplateSpec};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Job {
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobSpec {
    pub parallelism: Option<i32>,
    pub completions: Option<i32>,
    pub active_deadline_seconds: Option<i64>,
    pub pod_failure_policy: Option<PodFailurePolicy>,
    pub success_policy: Option<SuccessPolicy>,
    pub backoff_limit: Option<i32>,
    pub backoff_limit_per_index: Option<i32>,
    pub max_failed_indexes: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub manual_selector: Option<bool>,
    pub template: PodTemplateSpec,
    pub ttl_seconds_after_finished: Option<i32>,
    pub completion_mode: Option<String>,
    pub suspend: Option<bool>,
    pub pod_replacement_policy: Option<String>,
    pub managed_by: Option<String>,
}

/// `CompletionMode` values.
pub const NON_INDEXED: &str = "NonIndexed";
pub const INDEXED: &str = "Indexed";
/// `PodReplacementPolicy` values.
pub const TERMINATING_OR_FAILED: &str = "TerminatingOrFailed";
pub const FAILED: &str = "Failed";

impl JobSpec {
    pub fn is_indexed(&self) -> bool {
        self.completion_mode.as_deref() == Some(INDEXED)
    }
    /// After defaulting `backoff_limit` is always set; 6 is its default.
    pub fn backoff_limit(&self) -> i32 {
        self.backoff_limit.unwrap_or(6)
    }
    pub fn parallelism(&self) -> i32 {
        self.parallelism.unwrap_or(1)
    }
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodFailurePolicy {
    pub rules: Vec<PodFailurePolicyRule>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodFailurePolicyRule {
    /// `FailJob`, `FailIndex`, `Ignore` or `Count`.
    pub action: String,
    pub on_exit_codes: Option<PodFailurePolicyOnExitCodesRequirement>,
    pub on_pod_conditions: Vec<PodFailurePolicyOnPodConditionsPattern>,
    /// Whether `onPodConditions` was written at all (an empty list is not
    /// the same as none for validation).
    pub has_on_pod_conditions: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodFailurePolicyOnExitCodesRequirement {
    pub container_name: Option<String>,
    /// `In` or `NotIn`.
    pub operator: String,
    pub values: Vec<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodFailurePolicyOnPodConditionsPattern {
    pub type_: String,
    /// Defaulted to `True`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuccessPolicy {
    pub rules: Vec<SuccessPolicyRule>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuccessPolicyRule {
    pub succeeded_indexes: Option<String>,
    pub succeeded_count: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CronJob {
    pub metadata: ObjectMeta,
    pub spec: CronJobSpec,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CronJobSpec {
    pub schedule: String,
    pub time_zone: Option<String>,
    pub starting_deadline_seconds: Option<i64>,
    /// `Allow`, `Forbid` or `Replace`.
    pub concurrency_policy: Option<String>,
    pub suspend: Option<bool>,
    pub job_template: JobTemplateSpec,
    pub successful_jobs_history_limit: Option<i32>,
    pub failed_jobs_history_limit: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
}
