//! Defaulting, as the API server applies it before validation
//! (`pkg/apis/batch/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`).

use crate::api::*;

/// `SetDefaults_Job`.
pub fn set_defaults_job(spec: &mut JobSpec) {
    // Both unset: a non-parallel Job, both 1. Otherwise an unset
    // parallelism is 1 and an unset completions stays unset (work queue).
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
        spec.parallelism = Some(1);
    }
    if spec.parallelism.is_none() {
        spec.parallelism = Some(1);
    }
    if spec.backoff_limit.is_none() {
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        });
    }
    if spec.completion_mode.is_none() {
        spec.completion_mode = Some(NON_INDEXED.to_string());
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if let Some(policy) = &mut spec.pod_failure_policy {
        for rule in &mut policy.rules {
            for pattern in &mut rule.on_pod_conditions {
                if pattern.status.as_deref().unwrap_or("").is_empty() {
                    pattern.status = Some("True".to_string());
                }
            }
        }
    }
    // JobPodReplacementPolicy (on by default since 1.29).
    if spec.pod_replacement_policy.is_none() {
        spec.pod_replacement_policy = Some(
            if spec.pod_failure_policy.is_some() {
                FAILED
            } else {
                TERMINATING_OR_FAILED
            }
            .to_string(),
        );
    }
    if spec.manual_selector.is_none() {
        spec.manual_selector = Some(false);
    }
    set_defaults_pod_spec(&mut spec.template.spec);
}

/// `SetDefaults_PodSpec`: `restartPolicy` becomes `Always` (which a Job
/// then rejects) and the grace period 30 s. We keep `restart_policy` as
/// written so validation can tell "omitted" from "Always"; both read as
/// `Always` through `PodSpec::restart_policy()`.
pub fn set_defaults_pod_spec(spec: &mut PodSpec) {
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    }
}

/// `SetDefaults_CronJob`.
pub fn set_defaults_cron_job(spec: &mut CronJobSpec) {
    // A plain string in the Go type: written empty is the same as unset.
    if spec.concurrency_policy.as_deref().is_none_or(str::is_empty) {
        spec.concurrency_policy = Some("Allow".to_string());
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if spec.successful_jobs_history_limit.is_none() {
        spec.successful_jobs_history_limit = Some(3);
    }
    if spec.failed_jobs_history_limit.is_none() {
        spec.failed_jobs_history_limit = Some(1);
    }
    set_defaults_job(&mut spec.job_template.spec);
}
