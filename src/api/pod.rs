//! The `core/v1` Pod fields that matter when a Job's pods fail.

use super::ObjectMeta;
use crate::sorted::SortedMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodSpec {
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    /// `Always` (the Pod default), `OnFailure` or `Never`.
    pub restart_policy: Option<String>,
    pub termination_grace_period_seconds: Option<i64>,
    pub active_deadline_seconds: Option<i64>,
    /// `readinessGates[].conditionType`: conditions the pod also needs
    /// True to be Ready. Nothing in the playground sets them, so a pod
    /// with a gate is never Ready (only ContainersReady).
    pub readiness_gates: Vec<String>,
}

/// `DefaultTerminationGracePeriodSeconds` (core/v1 types.go).
pub const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS: i64 = 30;

impl PodSpec {
    pub fn restart_policy(&self) -> &str {
        self.restart_policy.as_deref().unwrap_or("Always")
    }
    pub fn grace_period_seconds(&self) -> i64 {
        self.termination_grace_period_seconds
            .unwrap_or(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub env: Vec<EnvVar>,
    pub resources: ResourceRequirements,
    pub liveness_probe: Option<Probe>,
    /// Makes the container Ready while it passes; restarts nothing.
    pub readiness_probe: Option<Probe>,
    /// Holds the liveness and readiness probes off until it passes once.
    pub startup_probe: Option<Probe>,
    /// Only on init containers: `Always` makes a native sidecar.
    pub restart_policy: Option<String>,
}

/// The kubelet's three probe workers (pkg/kubelet/prober `probeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    /// As `probeType.String()` words it in events: "Liveness probe failed".
    pub fn word(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Startup => "Startup",
        }
    }
}

impl Container {
    /// The container's probe of that kind.
    pub fn probe(&self, kind: ProbeKind) -> Option<&Probe> {
        match kind {
            ProbeKind::Liveness => self.liveness_probe.as_ref(),
            ProbeKind::Readiness => self.readiness_probe.as_ref(),
            ProbeKind::Startup => self.startup_probe.as_ref(),
        }
    }

    pub fn is_sidecar(&self) -> bool {
        self.restart_policy.as_deref() == Some("Always")
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceRequirements {
    /// Quantities as written (`"64Mi"`), parsed by validation.
    pub limits: SortedMap<String, String>,
    pub requests: SortedMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Probe {
    /// `exec`, `httpGet`, `tcpSocket` or `grpc`, with a short description.
    pub handler: ProbeHandler,
    pub initial_delay_seconds: i32,
    pub period_seconds: i32,
    pub timeout_seconds: i32,
    pub success_threshold: i32,
    pub failure_threshold: i32,
    /// The grace period of a kill this probe causes, instead of the pod's.
    pub termination_grace_period_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum ProbeHandler {
    #[default]
    None,
    Exec(Vec<String>),
    HttpGet {
        path: String,
        port: String,
    },
    TcpSocket {
        port: String,
    },
    Grpc {
        port: i32,
    },
}
