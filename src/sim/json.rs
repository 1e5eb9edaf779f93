//! The Trace as the JSON of the command-line contract
//! (../shared/design/cli-contract.md, `--format json`). Times are
//! simulated seconds since the manifest was applied.

use super::trace::*;
use serde_json::{json, Map, Value};

fn secs(ms: Millis) -> Value {
    json!(ms as f64 / 1000.0)
}

fn opt_secs(ms: Option<Millis>) -> Value {
    ms.map_or(Value::Null, secs)
}

/// The JSON document for a whole run.
pub fn to_json(trace: &Trace) -> Value {
    let jobs: Vec<Value> = trace.jobs.iter().map(|j| job_json(trace, j)).collect();
    let cron = trace.cron_jobs.first().map_or(Value::Null, |c| {
        let active: Vec<&str> = c
            .jobs
            .iter()
            .filter(|j| {
                let job = &trace.jobs[**j];
                job.deleted_at.is_none() && job.finished_at(trace.end).is_none()
            })
            .map(|j| &*trace.jobs[*j].name)
            .collect();
        json!({
            "name": c.name,
            "lastScheduleTime": c.last_schedule.last().map_or(Value::Null, |(_, unix)| secs((unix - trace.start_unix) * 1000)),
            "lastSuccessfulTime": c.last_successful.last().map_or(Value::Null, |(_, unix)| secs((unix - trace.start_unix) * 1000)),
            "active": active,
            "scheduled": c.scheduled.iter().map(|t| secs(*t)).collect::<Vec<_>>(),
        })
    });
    let events: Vec<Value> = trace
        .events
        .iter()
        .map(|e| {
            json!({
                "at": secs(e.first_at),
                "object": format!("{}/{}", e.kind, e.name),
                "type": e.type_,
                "reason": e.reason,
                "message": e.latest_message(),
                "count": e.count,
                "lastAt": secs(e.last_at),
                "source": e.source,
            })
        })
        .collect();
    let mut logs = Map::new();
    for l in &trace.logs {
        let pod = &trace.pods[l.pod];
        let key = format!("{}/{}", pod.name, pod.containers[l.container].name);
        let entry = logs.entry(key).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = entry {
            a.push(json!({"at": secs(l.at), "restart": l.restart, "line": l.text}));
        }
    }
    json!({
        "version": 1,
        "end": secs(trace.end),
        "stopReason": trace.stop_reason.as_str(),
        "cronJob": cron,
        "jobs": jobs,
        "events": events,
        "logs": logs,
        "notes": trace.notes,
        "startTime": crate::sim::cron::format_rfc3339(trace.start_unix),
    })
}

fn job_json(trace: &Trace, j: &JobRecord) -> Value {
    let counts = j.counts_at(trace.end);
    // The object's conditions at the end of the run (one per type, a
    // resumed Job's `Suspended` updated in place), in the order added.
    let conditions: Vec<Value> = j
        .conditions_at(trace.end)
        .map(|c| json!({"type": c.type_, "status": c.status, "reason": c.reason, "message": c.message, "at": secs(c.at)}))
        .collect();
    let pods: Vec<Value> = j.pods.iter().map(|p| pod_json(&trace.pods[*p])).collect();
    json!({
        "name": &*j.name,
        "createdAt": secs(j.created_at),
        "startTime": opt_secs(j.start_time),
        "completionTime": opt_secs(j.completion_time),
        "deletedAt": opt_secs(j.deleted_at),
        "active": counts.active,
        "ready": counts.ready,
        "terminating": counts.terminating,
        "succeeded": counts.succeeded,
        "failed": counts.failed,
        "completedIndexes": counts.completed_indexes(),
        "failedIndexes": counts.failed_indexes(),
        "conditions": conditions,
        "pods": pods,
        "cronJob": j.cron_job.as_deref(),
    })
}

fn pod_json(p: &PodRecord) -> Value {
    let containers: Vec<Value> = p
        .containers
        .iter()
        .map(|c| {
            let terminations: Vec<Value> = c
                .runs
                .iter()
                .filter(|r| r.finished_at.is_some())
                .map(|r| {
                    json!({
                        "exitCode": r.exit_code,
                        "reason": r.reason,
                        "signal": r.signal,
                        "startedAt": secs(r.started_at),
                        "finishedAt": opt_secs(r.finished_at),
                        "message": r.message,
                    })
                })
                .collect();
            json!({
                "name": c.name,
                "init": c.init,
                "sidecar": c.sidecar,
                "restartCount": c.runs.len().saturating_sub(1),
                "terminations": terminations,
            })
        })
        .collect();
    let conditions: Vec<Value> = p.conditions.iter().map(|c| json!({"type": c.type_, "status": c.status, "reason": c.reason, "message": c.message, "at": secs(c.at)})).collect();
    json!({
        "name": &*p.name,
        "index": p.index,
        "createdAt": secs(p.created_at),
        "startedAt": opt_secs(p.started_at),
        "finishedAt": opt_secs(p.finished_at()),
        "deletedAt": opt_secs(p.removed_at),
        "phase": p.phase().as_str(),
        "reason": p.reason.as_ref().map(|(_, r, _)| r.clone()),
        "conditions": conditions,
        "containers": containers,
    })
}
