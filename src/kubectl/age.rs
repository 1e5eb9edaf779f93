//! Ages and timestamps as kubectl prints them.
//!
//! - [`human_duration`] is `duration.HumanDuration`
//!   (k8s.io/apimachinery/pkg/util/duration/duration.go);
//! - [`since`] is `translateTimestampSince` (printers.go, describe.go),
//!   with the API's whole-second timestamps;
//! - [`rfc1123z`] is Go's `time.RFC1123Z` layout, in UTC.

use crate::sim::cron::tz::civil_from_unix;
use crate::sim::trace::{metav1_time, Millis, Trace};

/// `duration.HumanDuration`, for a duration in milliseconds.
///
/// Go truncates towards zero at every step (`int(d.Seconds())`,
/// `int(d / time.Minute)`), as Rust's integer division does.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms / 1000;
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = ms / 60_000;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = ms / 3_600_000;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// `translateTimestampSince(ts)` at simulated time `t`, for a timestamp
/// recorded at simulated time `at`: "now" keeps its milliseconds, the
/// stored timestamp does not.
pub fn since(t: Millis, at: Millis) -> String {
    human_duration(t.saturating_sub(metav1_time(at)))
}

/// `translateTimestampSince` for a timestamp given in unix seconds
/// (e.g. a CronJob's `lastScheduleTime`).
pub fn since_unix(trace: &Trace, t: Millis, unix: i64) -> String {
    let now_ms = trace.start_unix.saturating_mul(1000).saturating_add(t);
    human_duration(now_ms.saturating_sub(unix.saturating_mul(1000)))
}

/// Unix seconds of a simulated instant (whole seconds, as stored).
pub fn unix_of(trace: &Trace, at: Millis) -> i64 {
    trace.start_unix.saturating_add(at.div_euclid(1000))
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `t.Format(time.RFC1123Z)` (`Mon, 02 Jan 2006 15:04:05 -0700`) for unix
/// seconds, in UTC (kubectl prints in its local zone; we take UTC, as in a
/// container).
pub fn rfc1123z(unix: i64) -> String {
    // Keep the year within four digits' reach of Go's formatting; nothing
    // in a simulation comes near the bounds.
    let unix = unix.clamp(-62_135_596_800, 253_402_300_799);
    let c = civil_from_unix(unix);
    let weekday = WEEKDAYS.get(c.weekday as usize).copied().unwrap_or("Mon");
    let month = MONTHS
        .get(c.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000",
        c.day, c.year, c.hour, c.minute, c.second
    )
}

/// [`rfc1123z`] of a simulated instant.
pub fn rfc1123z_at(trace: &Trace, at: Millis) -> String {
    rfc1123z(unix_of(trace, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_duration_thresholds() {
        let s = |x: i64| human_duration(x * 1000);
        let cases = [
            (-3, "<invalid>"),
            (-2, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (5, "5s"),
            (90, "90s"),
            (119, "119s"),
            (120, "2m"),
            (150, "2m30s"),
            (599, "9m59s"),
            (600, "10m"),
            (90 * 60, "90m"),
            (179 * 60 + 59, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 5 * 60, "3h5m"),
            (8 * 3600, "8h"),
            (47 * 3600 + 59 * 60, "47h"),
            (48 * 3600, "2d"),
            (53 * 3600, "2d5h"),
            (8 * 86400, "8d"),
            (729 * 86400, "729d"),
            (730 * 86400, "2y"),
            (731 * 86400, "2y1d"),
            (8 * 365 * 86400, "8y"),
        ];
        for (secs, want) in cases {
            assert_eq!(s(secs), want, "{secs}s");
        }
        // Sub-second parts truncate towards zero.
        assert_eq!(human_duration(1999), "1s");
        assert_eq!(human_duration(-1999), "0s");
        assert_eq!(human_duration(-2000), "<invalid>");
        assert_eq!(human_duration(119_999), "119s");
        assert_eq!(human_duration(i64::MAX), "292471208y");
        assert_eq!(human_duration(i64::MIN), "<invalid>");
    }

    #[test]
    fn since_truncates_the_stored_timestamp() {
        // Created at 1.5 s, looked at 3.2 s later: 3.2 - 1 = 2.2 s.
        assert_eq!(since(3200, 1500), "2s");
    }

    #[test]
    fn rfc1123z_format() {
        assert_eq!(rfc1123z(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        // 2025-06-02 10:00:00 UTC was a Monday.
        assert_eq!(rfc1123z(1_748_858_400), "Mon, 02 Jun 2025 10:00:00 +0000");
        assert_eq!(rfc1123z(i64::MIN), "Mon, 01 Jan 0001 00:00:00 +0000");
    }
}
