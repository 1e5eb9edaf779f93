//! `kubectl events` (kubectl's own command since 1.26, GA in 1.28): the
//! events of the namespace sorted by when they were last seen, each with
//! its repeat count, and optionally only those of one object (`--for`) or
//! of some types (`--types`). `staging/src/k8s.io/kubectl/pkg/cmd/events/`.

use super::age::since;
use super::table::get_table;
use super::view::{events_at, NAMESPACE};
use super::Kind;
use crate::sim::trace::{Millis, Trace};

/// What the command line asked for.
pub struct Request<'a> {
    /// `--for TYPE/NAME`, resolved: (involvedObject.kind, name).
    pub for_object: Option<(&'static str, &'a str)>,
    /// `--types`, already checked to be Normal or Warning (any case).
    pub types: Vec<String>,
    pub all_namespaces: bool,
    pub no_headers: bool,
}

/// The kind an involved object has, as `--for` resolves its resource.
pub fn involved_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Pod => "Pod",
        Kind::Job => "Job",
        Kind::CronJob => "CronJob",
        Kind::Event => "Event",
    }
}

/// The table `EventPrinter` writes, or the line `Run` prints when nothing
/// is left (on stderr there, in the answer here).
pub fn events(trace: &Trace, t: Millis, r: &Request<'_>) -> String {
    let mut list: Vec<_> = events_at(trace, t)
        .into_iter()
        .filter(|e| {
            // The field selector on involvedObject.kind and .name.
            r.for_object
                .is_none_or(|(kind, name)| e.rec.kind == kind && &*e.rec.name == name)
                // filteredEventType: EqualFold against each type given.
                && (r.types.is_empty()
                    || r.types.iter().any(|ty| ty.eq_ignore_ascii_case(e.rec.type_)))
        })
        .collect();
    if list.is_empty() {
        return if r.all_namespaces {
            "No events found.\n".into()
        } else {
            format!("No events found in {NAMESPACE} namespace.\n")
        };
    }
    // SortableEvents: by lastTimestamp (these events have no series). Go's
    // sort.Sort is not stable; ties keep the API's order here.
    crate::sort::sort_by(&mut list, |a, b| a.last.cmp(&b.last));
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            // getInterval: "<last> (x<count> over <first>)" for a repeat.
            let first = since(t, e.rec.first_at);
            let interval = if e.count > 1 {
                format!("{} (x{} over {first})", since(t, e.last), e.count)
            } else {
                first
            };
            let mut row = Vec::with_capacity(6);
            if r.all_namespaces {
                row.push(NAMESPACE.to_string());
            }
            row.extend([
                interval,
                e.rec.type_.to_string(),
                e.rec.reason.to_string(),
                format!("{}/{}", e.rec.kind, e.rec.name),
                // escapeCell's cut at a line break is get_table's.
                e.message.trim().to_string(),
            ]);
            row
        })
        .collect();
    let header: &[&str] = match (r.no_headers, r.all_namespaces) {
        (true, _) => &[],
        (false, true) => &[
            "NAMESPACE",
            "LAST SEEN",
            "TYPE",
            "REASON",
            "OBJECT",
            "MESSAGE",
        ],
        (false, false) => &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
    };
    get_table(header, &rows)
}
