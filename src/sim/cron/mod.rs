//! Cron schedules exactly as the Kubernetes CronJob controller (v2) sees them.
//!
//! Kubernetes parses `spec.schedule` with robfig/cron v3.0.1 `cron.ParseStandard`
//! (after `formatSchedule` prefixed `TZ=<spec.timeZone>`), asks the schedule for
//! its next activation with `Schedule.Next`, and decides what to run with
//! `mostRecentScheduleTime` / `nextScheduleTime` / `nextScheduleTimeDuration`
//! (pkg/controller/cronjob/utils.go). This module ports those pieces:
//!
//! * [`parse_standard`] follows robfig `Parser.Parse`, `normalizeFields`,
//!   `getField`, `getRange`, `parseIntOrName`, `mustParseInt`, `getBits` and
//!   `parseDescriptor` (parser.go), including their error texts (and the texts of
//!   Go's `strconv.Atoi` and `time.ParseDuration` errors they embed).
//! * [`Schedule::next`] follows robfig `SpecSchedule.Next` and `dayMatches`
//!   (spec.go), evaluated in the schedule's zone with a port of Go's `time.Date`
//!   / `AddDate` / `Add` / `Truncate` semantics, so DST gaps and overlaps behave as
//!   upstream; `@every` follows `Every` / `ConstantDelaySchedule.Next`
//!   (constantdelay.go).
//! * [`most_recent_schedule_time`], [`next_schedule_time`] and
//!   [`next_schedule_time_duration_ms`] follow utils.go; [`format_schedule`] and
//!   [`unsupported_schedule_warning`] follow `formatSchedule`
//!   (cronjob_controllerv2.go); [`validate_schedule_format`] and
//!   [`tz::validate_time_zone`] follow pkg/apis/batch/validation/validation.go.
//!
//! All times are unix seconds (UTC). Everything is deterministic, panic free for
//! any input, and uses no clock.
//!
//! Known differences from upstream (all outside what the simulator exercises):
//!
//! * Time zones use each zone's *current* POSIX rule for every instant (see
//!   `tz.rs`); Go uses the full transition history before the last transition.
//! * `Local` (no `TZ=` prefix) is the controller's zone, assumed to be UTC.
//! * `TZ=<zone>` with no space after it makes robfig v3.0.1 panic (slice bounds);
//!   here it is an error. Go's `LoadLocation` would also read system-only files
//!   (`posix/...`, `right/...`, `posixrules`); they are unknown here.
//! * Times are whole seconds (no sub-second `after` values).
//! * `mostRecentScheduleTime` with a zero first activation compares against Go's
//!   zero time; here that returns upstream's "less than 1 second" error directly.
//!   The forward walks are bounded (upstream would spin if `Next` stopped moving).
//! * `strconv.Quote` (used in `Atoi` errors) treats unassigned non-ASCII code
//!   points as printable (Go escapes them).

pub mod tz;
mod tzdata;

use std::fmt::Write as _;

pub use tz::{
    civil_from_unix, format_rfc3339, format_rfc3339_in, load_location, parse_rfc3339,
    unix_from_civil, validate_time_zone, zone, zone_names, DateTime, Zone,
};

/// The controller's requeue padding (`nextScheduleDelta`, cronjob_controllerv2.go).
pub const NEXT_SCHEDULE_DELTA_MS: i64 = 100;

/// Set in a field's bits when the expression contained `*` or `?` (robfig `starBit`).
pub const STAR_BIT: u64 = 1 << 63;

/// `after` values outside ±2^45 s (about ±1.1 million years) give `None` from
/// [`Schedule::next`]; inside, every intermediate value is far from overflow.
const MAX_ABS_TIME: i64 = 1 << 45;

/// Upper bound on search steps in [`Schedule::next`]. Real schedules need a few
/// hundred at most; the bound only guarantees termination.
const MAX_NEXT_STEPS: u32 = 200_000;

/// Upper bound on iterations of the "walk forward to now" loops of
/// `mostRecentScheduleTime` (upstream has none; it relies on `Next` progressing).
const MAX_WALK_STEPS: u32 = 100_000;

/// robfig `bounds`: the range of a field plus its names.
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [(&'static str, u64)],
}

const SECONDS: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const MINUTES: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

/// A crontab-style schedule (robfig `SpecSchedule`): one bit per allowed value,
/// plus [`STAR_BIT`] when the field was written with `*` / `?` (without a step > 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecSchedule {
    pub second: u64,
    pub minute: u64,
    pub hour: u64,
    pub dom: u64,
    pub month: u64,
    pub dow: u64,
    /// The zone the fields are evaluated in (`Local` = the controller's zone, UTC).
    pub location: Zone,
}

/// What kind of schedule a spec produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleKind {
    /// Five-field spec or `@yearly`-style descriptor.
    Spec(SpecSchedule),
    /// `@every <duration>` (robfig `ConstantDelaySchedule`), delay in whole seconds.
    ConstantDelay { delay_seconds: i64 },
}

/// A parsed schedule (robfig `cron.Schedule`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    spec: String,
    kind: ScheduleKind,
    memo: NextMemo,
}

/// The last few answers of [`Schedule::next`]. The controller asks the same
/// questions on every sync (`mostRecentScheduleTime` walks from the last
/// schedule, then `nextScheduleTimeDuration` walks it again), and a year of a
/// minutely CronJob syncs a million times. `next` is a pure function of its
/// argument, so remembering is invisible.
///
/// In a zone without daylight saving time, `next(a) = r` also answers every
/// question between: `next` is then the first matching second after its
/// argument, so for `a <= q < r` it is `r` too (each sync asks with its own
/// `now`, which the exact answers above never match). Where clocks change,
/// robfig's search can answer differently inside such a span, so there only
/// exact answers are reused.
#[derive(Clone, Default)]
struct NextMemo([std::cell::Cell<Option<Answer>>; 8]);

/// `(after, next)`.
type Answer = (i64, Option<i64>);

impl NextMemo {
    fn get(
        &self,
        after: i64,
        fixed_offset: bool,
        compute: impl FnOnce() -> Option<i64>,
    ) -> Option<i64> {
        // An exact answer can only be in its own cell. Questions are mostly
        // whole minutes (60 is 4 mod 8), so the cell is picked by the top
        // bits of a multiplicative hash, not by `after % 8`, which would use
        // two cells of the eight.
        let cell = (after as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 61;
        let slot = &self.0[cell as usize];
        if let Some((from, next)) = slot.get() {
            if from == after {
                return next;
            }
        }
        // Cell by cell: copying the whole array in and out on every call
        // cost more than the search.
        if fixed_offset {
            for (from, next) in self.0.iter().filter_map(std::cell::Cell::get) {
                // None (nothing within robfig's five years) holds only for
                // `from` itself.
                if next.is_some_and(|next| (from..next).contains(&after)) {
                    return next;
                }
            }
        }
        let value = compute();
        slot.set(Some((after, value)));
        value
    }
}

impl PartialEq for NextMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for NextMemo {}
impl std::fmt::Debug for NextMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NextMemo")
    }
}

/// How many schedules were missed (utils.go `missedSchedulesType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissedSchedules {
    None,
    Few,
    Many,
}

impl MissedSchedules {
    /// Upstream `String()`: `none`, `few`, `many`.
    pub fn as_str(self) -> &'static str {
        match self {
            MissedSchedules::None => "none",
            MissedSchedules::Few => "few",
            MissedSchedules::Many => "many",
        }
    }
}

/// Result of [`most_recent_schedule_time`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MostRecent {
    /// The earliest time considered: `earliest` moved up to `now - startingDeadlineSeconds`
    /// when that is later (upstream's first return value).
    pub earliest: i64,
    /// The most recent activation `<= now` after `earliest` (the one to start), if any.
    pub most_recent: Option<i64>,
    /// Upstream's classification. Note that upstream reports `None` when exactly one
    /// activation elapsed (it returns early before estimating).
    pub missed: MissedSchedules,
    /// Upstream's estimate `(now - t1) / (t2 - t1) + 1` of the number of elapsed
    /// activations (more than 100 means [`MissedSchedules::Many`]); 0 when none
    /// elapsed and 1 when exactly one elapsed (the two early returns upstream).
    pub number_missed: i64,
    /// The first activation strictly after `now` (`schedule.next(now)`).
    pub next_after_now: Option<i64>,
}

/// Result of [`next_schedule_time`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextSchedule {
    /// The activation to start now, if any.
    pub time: Option<i64>,
    /// Upstream records a `TooManyMissedTimes` warning event when this is set.
    pub too_many_missed: bool,
}

/// Event message upstream records with reason `TooManyMissedTimes`.
pub const TOO_MANY_MISSED_MESSAGE: &str =
    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew";

// ---------------------------------------------------------------------------
// Go string helpers.
// ---------------------------------------------------------------------------

/// The `quote` helper of Go's `time` package (used in `ParseDuration` errors):
/// non-ASCII and control characters are written as `\xNN` bytes.
fn go_time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        let u = u32::from(c);
        if !(0x20..0x80).contains(&u) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{b:02x}");
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Go's `strings.ToLower` restricted to what can matter for the month / weekday
/// names: ASCII, plus the two non-ASCII letters Go lowers to ASCII (U+0130 -> `i`,
/// U+212A KELVIN SIGN -> `k`). Other characters never match a name anyway.
fn go_lower_for_names(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212A}' => 'k',
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Go's `strconv.Atoi` (64-bit `int`), with its error texts.
fn go_atoi(s: &str) -> Result<i64, String> {
    let syntax = || {
        format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            crate::quote::quote(s)
        )
    };
    let range = || {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            crate::quote::quote(s)
        )
    };
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, b.get(1..).unwrap_or_default()),
        Some(b'+') => (false, b.get(1..).unwrap_or_default()),
        _ => (false, b),
    };
    if !b.is_empty() && b.len() < 19 {
        // Fast path for small integers that fit int type.
        if digits.is_empty() {
            return Err(syntax());
        }
        let mut n: i64 = 0;
        for &c in digits {
            if !c.is_ascii_digit() {
                return Err(syntax());
            }
            n = n * 10 + i64::from(c - b'0');
        }
        return Ok(if neg { -n } else { n });
    }
    // Slow path: ParseInt(s, 10, 0) -> ParseUint(s, 10, 64).
    if digits.is_empty() {
        return Err(syntax());
    }
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(syntax());
        }
        // ParseUint reports overflow as soon as it happens.
        n = match n
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(c - b'0')))
        {
            Some(v) => v,
            None => return Err(range()),
        };
    }
    const CUTOFF: u64 = 1 << 63;
    if (!neg && n >= CUTOFF) || (neg && n > CUTOFF) {
        return Err(range());
    }
    Ok(if neg {
        0i64.wrapping_sub_unsigned(n)
    } else {
        n as i64
    })
}

/// Go's `time.ParseDuration`, in nanoseconds, with its error texts (and its
/// quirks, e.g. wrapping when two maximal components are added).
fn go_parse_duration(orig: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let invalid = || format!("time: invalid duration {}", go_time_quote(orig));
    let mut s = orig;
    let mut d: u64 = 0;
    let mut neg = false;
    if let Some(&c) = s.as_bytes().first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = s.get(1..).unwrap_or_default();
        }
    }
    // Special case: if all that is left is "0", this is zero.
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    while !s.is_empty() {
        let b = s.as_bytes();
        // The next character must be [0-9.]
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Consume [0-9]* (leadingInt).
        let mut v: u64 = 0;
        let mut i = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i > 0;
        s = s.get(i..).unwrap_or_default();
        // Consume (\.[0-9]*)? (leadingFraction).
        let mut post = false;
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        if s.as_bytes().first() == Some(&b'.') {
            s = s.get(1..).unwrap_or_default();
            let b = s.as_bytes();
            let mut overflow = false;
            let mut i = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(b[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i > 0;
            s = s.get(i..).unwrap_or_default();
        }
        if !pre && !post {
            // no digits (e.g. ".s" or "-.s")
            return Err(invalid());
        }
        // Consume unit.
        let b = s.as_bytes();
        let i = b
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(b.len());
        if i == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                go_time_quote(orig)
            ));
        }
        let u = s.get(..i).unwrap_or_default();
        s = s.get(i..).unwrap_or_default();
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_time_quote(u),
                    go_time_quote(orig)
                ))
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // float64 is needed to be nanosecond accurate for fractions of hours.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d = d.wrapping_add(v);
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok(0i64.wrapping_sub_unsigned(d));
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

// ---------------------------------------------------------------------------
// Parser (robfig/cron v3.0.1 parser.go).
// ---------------------------------------------------------------------------

/// robfig `getBits`: all bits in `[min, max]` modulo `step` (`step >= 1`).
fn get_bits(min: u64, max: u64, step: u64) -> u64 {
    if step == 1 {
        // max <= 59 here, so the shifts are in range.
        return !(u64::MAX << (max + 1)) & (u64::MAX << min);
    }
    let mut bits = 0u64;
    let mut i = min;
    while i <= max {
        bits |= 1 << i;
        i = match i.checked_add(step) {
            Some(v) => v,
            None => break,
        };
    }
    bits
}

/// robfig `all`: every value of the field plus the star bit.
fn all(r: &Bounds) -> u64 {
    get_bits(r.min, r.max, 1) | STAR_BIT
}

/// robfig `mustParseInt`.
fn must_parse_int(expr: &str) -> Result<u64, String> {
    let num = go_atoi(expr).map_err(|e| format!("failed to parse int from {expr}: {e}"))?;
    if num < 0 {
        return Err(format!("negative number ({num}) not allowed: {expr}"));
    }
    Ok(num as u64)
}

/// robfig `parseIntOrName`.
fn parse_int_or_name(expr: &str, names: &[(&str, u64)]) -> Result<u64, String> {
    if !names.is_empty() {
        let lower = go_lower_for_names(expr);
        if let Some((_, v)) = names.iter().find(|(n, _)| *n == lower) {
            return Ok(*v);
        }
    }
    must_parse_int(expr)
}

/// robfig `getRange`: `number | number "-" number [ "/" number ]`, `*`, `?`.
fn get_range(expr: &str, r: &Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step
        .first()
        .copied()
        .unwrap_or_default()
        .split('-')
        .collect();
    let single_digit = low_and_high.len() == 1;
    let low = low_and_high.first().copied().unwrap_or_default();

    let mut extra = 0u64;
    let start;
    let mut end;
    if low == "*" || low == "?" {
        start = r.min;
        end = r.max;
        extra = STAR_BIT;
    } else {
        start = parse_int_or_name(low, r.names)?;
        match low_and_high.len() {
            1 => end = start,
            2 => {
                end = parse_int_or_name(low_and_high.get(1).copied().unwrap_or_default(), r.names)?
            }
            _ => return Err(format!("too many hyphens: {expr}")),
        }
    }

    let step;
    match range_and_step.len() {
        1 => step = 1,
        2 => {
            step = must_parse_int(range_and_step.get(1).copied().unwrap_or_default())?;
            // Special handling: "N/step" means "N-max/step".
            if single_digit {
                end = r.max;
            }
            if step > 1 {
                extra = 0;
            }
        }
        _ => return Err(format!("too many slashes: {expr}")),
    }

    if start < r.min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            r.min
        ));
    }
    if end > r.max {
        return Err(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            r.max
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok(get_bits(start, end, step) | extra)
}

/// robfig `getField`: a comma-separated list of ranges (empty items are skipped).
fn get_field(field: &str, r: &Bounds) -> Result<u64, String> {
    let mut bits = 0u64;
    for expr in field.split(',').filter(|e| !e.is_empty()) {
        bits |= get_range(expr, r)?;
    }
    Ok(bits)
}

/// robfig `parseDescriptor`.
fn parse_descriptor(spec: &str, descriptor: &str, loc: Zone) -> Result<Schedule, String> {
    let make = |second, minute, hour, dom, month, dow, location| Schedule {
        spec: spec.to_string(),
        memo: NextMemo::default(),
        kind: ScheduleKind::Spec(SpecSchedule {
            second,
            minute,
            hour,
            dom,
            month,
            dow,
            location,
        }),
    };
    let s0 = 1u64 << SECONDS.min;
    let m0 = 1u64 << MINUTES.min;
    let h0 = 1u64 << HOURS.min;
    match descriptor {
        "@yearly" | "@annually" => {
            return Ok(make(
                s0,
                m0,
                h0,
                1 << DOM.min,
                1 << MONTHS.min,
                all(&DOW),
                loc,
            ))
        }
        "@monthly" => return Ok(make(s0, m0, h0, 1 << DOM.min, all(&MONTHS), all(&DOW), loc)),
        "@weekly" => return Ok(make(s0, m0, h0, all(&DOM), all(&MONTHS), 1 << DOW.min, loc)),
        "@daily" | "@midnight" => {
            return Ok(make(s0, m0, h0, all(&DOM), all(&MONTHS), all(&DOW), loc))
        }
        "@hourly" => {
            return Ok(make(
                s0,
                m0,
                all(&HOURS),
                all(&DOM),
                all(&MONTHS),
                all(&DOW),
                loc,
            ))
        }
        _ => {}
    }
    if let Some(rest) = descriptor.strip_prefix("@every ") {
        let nanos = go_parse_duration(rest)
            .map_err(|e| format!("failed to parse duration {descriptor}: {e}"))?;
        // robfig `Every`: below one second rounds up to one second, and any
        // fraction of a second is truncated.
        let delay_seconds = nanos.max(1_000_000_000) / 1_000_000_000;
        return Ok(Schedule {
            spec: spec.to_string(),
            memo: NextMemo::default(),
            kind: ScheduleKind::ConstantDelay { delay_seconds },
        });
    }
    Err(format!("unrecognized descriptor: {descriptor}"))
}

/// robfig/cron v3.0.1 `ParseStandard` (= `Parser.Parse` with
/// `Minute | Hour | Dom | Month | Dow | Descriptor`).
///
/// Accepts 5 fields (minute hour dom month dow) with `*`, `?`, lists, ranges,
/// steps and case-insensitive `JAN`-`DEC` / `SUN`-`SAT`; the descriptors
/// `@yearly @annually @monthly @weekly @daily @midnight @hourly @every <duration>`;
/// and a `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix. Errors carry robfig's texts.
pub fn parse_standard(spec: &str) -> Result<Schedule, String> {
    let original = spec;
    if spec.is_empty() {
        return Err("empty spec string".to_string());
    }

    // Extract timezone if present.
    let mut spec = spec;
    let mut loc = Zone::local();
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        let eq = spec.find('=').unwrap_or_default();
        let rest = spec.get(eq + 1..).unwrap_or_default();
        let Some(i) = spec.find(' ') else {
            // robfig/cron v3.0.1 panics here (slice bounds out of range [:-1]).
            return Err(format!(
                "provided bad location {rest}: no space after the time zone (robfig/cron v3.0.1 panics on this input)"
            ));
        };
        let name = spec.get(eq + 1..i).unwrap_or_default();
        loc = load_location(name).map_err(|e| format!("provided bad location {name}: {e}"))?;
        spec = spec.get(i..).unwrap_or_default().trim();
    }

    // Handle named schedules (descriptors).
    if spec.starts_with('@') {
        return parse_descriptor(original, spec, loc);
    }

    // Split on whitespace and validate the number of fields (normalizeFields).
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        ));
    }
    let field = |i: usize| fields.get(i).copied().unwrap_or_default();
    let second = get_field("0", &SECONDS)?;
    let minute = get_field(field(0), &MINUTES)?;
    let hour = get_field(field(1), &HOURS)?;
    let dom = get_field(field(2), &DOM)?;
    let month = get_field(field(3), &MONTHS)?;
    let dow = get_field(field(4), &DOW)?;
    Ok(Schedule {
        spec: original.to_string(),
        memo: NextMemo::default(),
        kind: ScheduleKind::Spec(SpecSchedule {
            second,
            minute,
            hour,
            dom,
            month,
            dow,
            location: loc,
        }),
    })
}

// ---------------------------------------------------------------------------
// Next activation (robfig/cron v3.0.1 spec.go, constantdelay.go).
// ---------------------------------------------------------------------------

#[inline]
fn has_bit(bits: u64, v: u32) -> bool {
    v < 64 && (1u64 << v) & bits != 0
}

/// Bits of `[min, max]` without the star bit.
fn range_mask(min: u64, max: u64) -> u64 {
    get_bits(min, max, 1)
}

impl SpecSchedule {
    /// robfig `dayMatches`: day-of-month and day-of-week are AND-ed when either
    /// field carries the star bit (was `*` / `?`, without a step > 1), OR-ed otherwise.
    fn day_matches(&self, t: &DateTime) -> bool {
        let dom_match = has_bit(self.dom, t.day);
        let dow_match = has_bit(self.dow, t.weekday);
        if self.dom & STAR_BIT != 0 || self.dow & STAR_BIT != 0 {
            dom_match && dow_match
        } else {
            dom_match || dow_match
        }
    }

    /// True when some field can never match, in which case robfig's search runs
    /// to its five year limit and returns the zero time; we answer directly.
    fn never_matches(&self) -> bool {
        let sec = self.second & range_mask(0, 59);
        let min = self.minute & range_mask(0, 59);
        let hour = self.hour & range_mask(0, 23);
        let month = self.month & range_mask(1, 12);
        if sec == 0 || min == 0 || hour == 0 || month == 0 {
            return true;
        }
        let dom = self.dom & range_mask(1, 31);
        let dow = self.dow & range_mask(0, 6);
        if self.dom & STAR_BIT != 0 || self.dow & STAR_BIT != 0 {
            dom == 0 || dow == 0
        } else {
            dom == 0 && dow == 0
        }
    }

    /// robfig `SpecSchedule.Next` on unix seconds in `location`.
    fn next(&self, after: i64) -> Option<i64> {
        if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&after) || self.never_matches() {
            return None;
        }
        self.next_minute_if_it_matches(after)
            .or_else(|| self.search(after))
    }

    /// The whole minute right after `after`, when it matches every field
    /// (a minutely schedule, every time): what [`Self::search`] finds, in
    /// one look instead of a walk through the calendar.
    ///
    /// Only where the answer is plain. The seconds field must be `0` alone
    /// (every five-field spec), so a match is a whole local minute and no
    /// earlier second of this minute can match. The zone must have no
    /// daylight saving time and an offset of whole minutes, so local
    /// minutes are absolute minutes and robfig's truncations (to the month,
    /// day, hour or minute that failed, then one step up) all land on that
    /// same next minute. The test `the_next_minute_shortcut_agrees_with_the_search`
    /// checks it against the search.
    fn next_minute_if_it_matches(&self, after: i64) -> Option<i64> {
        let loc = &self.location;
        if self.second & range_mask(0, 59) != 1 || loc.has_dst() {
            return None;
        }
        if loc.lookup(after).offset.rem_euclid(60) != 0 {
            return None;
        }
        let t = after.div_euclid(60).checked_add(1)?.checked_mul(60)?;
        let c = loc.to_local(t);
        (has_bit(self.month, c.month)
            && self.day_matches(&c)
            && has_bit(self.hour, c.hour)
            && has_bit(self.minute, c.minute))
        .then_some(t)
    }

    /// robfig `SpecSchedule.Next`, step for step.
    fn search(&self, after: i64) -> Option<i64> {
        let loc = &self.location;
        // Go's t.AddDate(y, m, d): same wall clock, date fields added, re-resolved.
        let add_date = |t: i64, months: i64, days: i64| -> i64 {
            let c = loc.to_local(t);
            loc.local_to_unix(
                c.year,
                i64::from(c.month) + months,
                i64::from(c.day) + days,
                i64::from(c.hour),
                i64::from(c.minute),
                i64::from(c.second),
            )
        };
        let mut budget = MAX_NEXT_STEPS;
        let mut step = || -> Option<()> {
            budget = budget.checked_sub(1)?;
            Some(())
        };

        // Start at the earliest possible time (the upcoming second).
        let mut t = after + 1;
        // This flag indicates whether a field has been incremented.
        let mut added = false;
        // If no time is found within five years, return zero.
        let year_limit = loc.to_local(t).year + 5;

        'wrap: loop {
            if loc.to_local(t).year > year_limit {
                return None;
            }

            // Find the first applicable month. If it's this month, then do nothing.
            loop {
                let c = loc.to_local(t);
                if has_bit(self.month, c.month) {
                    break;
                }
                step()?;
                // If we have to add a month, reset the other parts to 0.
                if !added {
                    added = true;
                    t = loc.local_to_unix(c.year, i64::from(c.month), 1, 0, 0, 0);
                }
                t = add_date(t, 1, 0);
                // Wrapped around.
                if loc.to_local(t).month == 1 {
                    continue 'wrap;
                }
            }

            // Now get a day in that month (with robfig's fix for DST regimes where
            // midnight does not exist: notice when the hour ends up != 0).
            loop {
                let c = loc.to_local(t);
                if self.day_matches(&c) {
                    break;
                }
                step()?;
                if !added {
                    added = true;
                    t = loc.local_to_unix(c.year, i64::from(c.month), i64::from(c.day), 0, 0, 0);
                }
                t = add_date(t, 0, 1);
                // Notice if the hour is no longer midnight due to DST.
                // Add an hour if it's 23, subtract an hour if it's 1.
                let hour = i64::from(loc.to_local(t).hour);
                if hour != 0 {
                    if hour > 12 {
                        t += (24 - hour) * 3600;
                    } else {
                        t -= hour * 3600;
                    }
                }
                if loc.to_local(t).day == 1 {
                    continue 'wrap;
                }
            }

            loop {
                let c = loc.to_local(t);
                if has_bit(self.hour, c.hour) {
                    break;
                }
                step()?;
                if !added {
                    added = true;
                    t = loc.local_to_unix(
                        c.year,
                        i64::from(c.month),
                        i64::from(c.day),
                        i64::from(c.hour),
                        0,
                        0,
                    );
                }
                t += 3600;
                if loc.to_local(t).hour == 0 {
                    continue 'wrap;
                }
            }

            loop {
                let c = loc.to_local(t);
                if has_bit(self.minute, c.minute) {
                    break;
                }
                step()?;
                if !added {
                    added = true;
                    // t.Truncate(time.Minute): absolute-time truncation.
                    t -= t.rem_euclid(60);
                }
                t += 60;
                if loc.to_local(t).minute == 0 {
                    continue 'wrap;
                }
            }

            // robfig steps one second at a time until a wanted second, and
            // wraps when the clock reaches :00. Offsets change only on whole
            // minutes, so within a minute local seconds follow `t` one for
            // one: jump straight to the next wanted second, or to :00.
            let c = loc.to_local(t);
            if !has_bit(self.second, c.second) {
                step()?;
                added = true;
                match (c.second + 1..60).find(|s| has_bit(self.second, *s)) {
                    Some(s) => t += i64::from(s - c.second),
                    None => {
                        t += i64::from(60 - c.second);
                        continue 'wrap;
                    }
                }
            }

            return Some(t);
        }
    }
}

impl Schedule {
    /// The spec string this schedule was parsed from.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    /// The parsed form.
    pub fn kind(&self) -> &ScheduleKind {
        &self.kind
    }

    /// The zone a crontab-style schedule is evaluated in (`None` for `@every`).
    pub fn location(&self) -> Option<&Zone> {
        match &self.kind {
            ScheduleKind::Spec(s) => Some(&s.location),
            ScheduleKind::ConstantDelay { .. } => None,
        }
    }

    /// The `@every` delay in seconds (`None` for crontab-style schedules).
    pub fn every_seconds(&self) -> Option<i64> {
        match self.kind {
            ScheduleKind::ConstantDelay { delay_seconds } => Some(delay_seconds),
            ScheduleKind::Spec(_) => None,
        }
    }

    /// robfig `Schedule.Next`: the first activation strictly after `after_unix`.
    /// `None` where robfig returns the zero time (nothing within five years, e.g.
    /// `59 23 31 2 *`) or on arithmetic overflow. `@every d` gives `after + d`.
    pub fn next(&self, after_unix: i64) -> Option<i64> {
        match &self.kind {
            ScheduleKind::Spec(s) => self
                .memo
                .get(after_unix, !s.location.has_dst(), || s.next(after_unix)),
            ScheduleKind::ConstantDelay { delay_seconds } => after_unix.checked_add(*delay_seconds),
        }
    }
}

// ---------------------------------------------------------------------------
// Kubernetes CronJob controller helpers (pkg/controller/cronjob).
// ---------------------------------------------------------------------------

/// `formatSchedule` (cronjob_controllerv2.go): the string the controller parses.
/// A schedule containing `TZ` is used as is; otherwise a loadable `timeZone` is
/// prefixed as `TZ=<zone> `; an unloadable one is ignored.
pub fn format_schedule(schedule: &str, time_zone: Option<&str>) -> String {
    if schedule.contains("TZ") {
        return schedule.to_string();
    }
    if let Some(tz) = time_zone {
        if load_location(tz).is_err() {
            return schedule.to_string();
        }
        return format!("TZ={tz} {schedule}");
    }
    schedule.to_string()
}

/// The `UnsupportedSchedule` warning event `formatSchedule` records for a
/// schedule containing `TZ`.
pub fn unsupported_schedule_warning(schedule: &str) -> Option<String> {
    schedule.contains("TZ").then(|| {
        format!(
            "CRON_TZ or TZ used in schedule {} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
            crate::quote::quote(schedule)
        )
    })
}

/// `validateScheduleFormat` (pkg/apis/batch/validation/validation.go): error
/// details for `spec.schedule` (empty when valid). `allow_tz_in_schedule` is true
/// on update when the old schedule already contained `TZ`. (An empty schedule is
/// reported by the caller as `Required value` upstream.)
pub fn validate_schedule_format(
    schedule: &str,
    allow_tz_in_schedule: bool,
    time_zone_set: bool,
) -> Vec<String> {
    let mut errs = Vec::new();
    if let Err(e) = parse_standard(schedule) {
        errs.push(e);
    }
    let has_tz = schedule.contains("TZ");
    if allow_tz_in_schedule && has_tz && time_zone_set {
        errs.push("cannot use both timeZone field and TZ or CRON_TZ in schedule".to_string());
    } else if !allow_tz_in_schedule && has_tz {
        errs.push("cannot use TZ or CRON_TZ in schedule, use timeZone field instead".to_string());
    }
    errs
}

/// The `for t := schedule.Next(potentialEarliest); !t.After(now); ...` loop of
/// `mostRecentScheduleTime`: the last activation `<= now` after `from`.
fn walk_to_now(schedule: &Schedule, from: i64, now: i64) -> Option<i64> {
    let mut most_recent = None;
    let mut t = schedule.next(from);
    let mut budget = MAX_WALK_STEPS;
    while let Some(tv) = t {
        if tv > now || budget == 0 {
            break;
        }
        budget -= 1;
        most_recent = Some(tv);
        let n = schedule.next(tv);
        if n.is_some_and(|nv| nv <= tv) {
            break; // never loop on a schedule that does not progress
        }
        t = n;
    }
    most_recent
}

/// utils.go `mostRecentScheduleTime` with `includeStartingDeadlineSeconds`.
fn most_recent_inner(
    earliest: i64,
    now: i64,
    schedule: &Schedule,
    starting_deadline_seconds: Option<i64>,
) -> Result<MostRecent, String> {
    let mut earliest_time = earliest;
    if let Some(sds) = starting_deadline_seconds {
        // controller is not going to schedule anything below this point
        let scheduling_deadline = now.saturating_sub(sds);
        if scheduling_deadline > earliest_time {
            earliest_time = scheduling_deadline;
        }
    }
    // `next_after_now` is left for the caller that wants it: the controller
    // does not, and it syncs a minutely CronJob several times a minute.
    let result = |most_recent, missed, number_missed| MostRecent {
        earliest: earliest_time,
        most_recent,
        missed,
        number_missed,
        next_after_now: None,
    };

    // Upstream takes t2 before comparing; `next` is pure, so it is taken
    // only when `now` is past t1 (a sync that finds nothing due needs one
    // search, not two).
    let t1 = schedule.next(earliest_time);
    // A zero time (None) is never after `now`.
    if t1.is_some_and(|t1| now < t1) {
        return Ok(result(None, MissedSchedules::None, 0));
    }
    let t2 = t1.and_then(|t| schedule.next(t));
    if let (Some(t1), Some(t2)) = (t1, t2) {
        if now < t2 {
            return Ok(result(Some(t1), MissedSchedules::None, 1));
        }
    }

    // It is possible for cron.ParseStandard("59 23 31 2 *") to return an invalid
    // schedule; in that case the time between two schedules is 0 (zero times) and
    // we error out.
    let time_between = match (t1, t2) {
        (Some(t1), Some(t2)) => t2.saturating_sub(t1),
        _ => 0,
    };
    let (Some(t1), true) = (t1, time_between >= 1) else {
        return Err("time difference between two schedules is less than 1 second".to_string());
    };
    // Rough approximation of the number of missed schedules.
    let time_elapsed = now.saturating_sub(t1);
    let number_missed = (time_elapsed / time_between).saturating_add(1);
    // Go back one more interval and let the schedule find the real times (needed
    // for irregular schedules such as `30 6-16/4 * * 1-5`).
    let potential_earliest =
        t1.saturating_add(number_missed.saturating_sub(2).saturating_mul(time_between));
    let most_recent = walk_to_now(schedule, potential_earliest, now);
    let missed = if number_missed > 100 {
        MissedSchedules::Many
    } else if number_missed > 0 {
        MissedSchedules::Few
    } else {
        MissedSchedules::None
    };
    Ok(result(most_recent, missed, number_missed))
}

/// Port of utils.go `mostRecentScheduleTime(cj, now, schedule, true)`.
///
/// `earliest_unix` is `status.lastScheduleTime` or, when unset, the CronJob's
/// `creationTimestamp`; `starting_deadline_seconds` is `spec.startingDeadlineSeconds`
/// (it moves the earliest time up to `now - deadline`). Returns the most recent
/// activation to start (only the latest of several missed ones), upstream's
/// missed classification and estimate, or upstream's error when two consecutive
/// activations cannot be found (e.g. `59 23 31 2 *`).
pub fn most_recent_schedule_time(
    earliest_unix: i64,
    now_unix: i64,
    schedule: &Schedule,
    starting_deadline_seconds: Option<i64>,
) -> Result<MostRecent, String> {
    let mut mr = most_recent_inner(earliest_unix, now_unix, schedule, starting_deadline_seconds)?;
    mr.next_after_now = schedule.next(now_unix);
    Ok(mr)
}

/// Port of utils.go `nextScheduleTime`: the activation to start now (if any and
/// not after `now`), and whether upstream would record `TooManyMissedTimes`.
pub fn next_schedule_time(
    earliest_unix: i64,
    now_unix: i64,
    schedule: &Schedule,
    starting_deadline_seconds: Option<i64>,
) -> Result<NextSchedule, String> {
    let mr = most_recent_inner(earliest_unix, now_unix, schedule, starting_deadline_seconds)?;
    match mr.most_recent {
        Some(t) if t <= now_unix => Ok(NextSchedule {
            time: Some(t),
            too_many_missed: mr.missed == MissedSchedules::Many,
        }),
        _ => Ok(NextSchedule {
            time: None,
            too_many_missed: false,
        }),
    }
}

/// Port of utils.go `nextScheduleTimeDuration`: milliseconds from `now` until the
/// controller should requeue the CronJob (next activation after the most recent
/// one, plus `nextScheduleDelta` = 100 ms). Ignores `startingDeadlineSeconds` like
/// upstream. `None` where upstream would compute from a zero time (no activation).
pub fn next_schedule_time_duration_ms(
    earliest_unix: i64,
    now_unix: i64,
    schedule: &Schedule,
) -> Option<i64> {
    let base = match most_recent_inner(earliest_unix, now_unix, schedule, None) {
        // we still have to requeue at some point, so aim for the next scheduling slot from now
        Err(_) => now_unix,
        Ok(mr) => match mr.most_recent {
            Some(t) => t,
            // no missed schedules since earliestTime
            None if mr.missed == MissedSchedules::None => mr.earliest,
            // if there are missed schedules since earliestTime, always use now
            None => now_unix,
        },
    };
    let next = schedule.next(base)?;
    next.checked_sub(now_unix)?
        .checked_mul(1000)?
        .checked_add(NEXT_SCHEDULE_DELTA_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> i64 {
        parse_rfc3339(s).unwrap_or_else(|| panic!("bad timestamp {s}"))
    }

    fn p(spec: &str) -> Schedule {
        parse_standard(spec).unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    fn err(spec: &str) -> String {
        match parse_standard(spec) {
            Ok(_) => panic!("{spec} should not parse"),
            Err(e) => e,
        }
    }

    /// `n` successive activations after `from`, as RFC 3339 in UTC.
    fn nexts(spec: &str, from: &str, n: usize) -> Vec<String> {
        let s = p(spec);
        let mut cur = t(from);
        let mut out = Vec::new();
        for _ in 0..n {
            match s.next(cur) {
                Some(v) => {
                    out.push(format_rfc3339(v));
                    cur = v;
                }
                None => break,
            }
        }
        out
    }

    fn next_local(spec: &str, from: &str) -> String {
        let s = p(spec);
        let zone = s.location().cloned().unwrap_or_else(Zone::utc);
        s.next(t(from))
            .map(|v| format_rfc3339_in(v, &zone))
            .unwrap_or_default()
    }

    #[test]
    fn syntax_forms() {
        let bits = |spec: &str| match p(spec).kind {
            ScheduleKind::Spec(s) => s,
            ScheduleKind::ConstantDelay { .. } => panic!("not a spec"),
        };
        let s = bits("* * * * *");
        assert_eq!(s.second, 1);
        assert_eq!(s.minute, range_mask(0, 59) | STAR_BIT);
        assert_eq!(s.hour, range_mask(0, 23) | STAR_BIT);
        assert_eq!(s.dom, range_mask(1, 31) | STAR_BIT);
        assert_eq!(s.month, range_mask(1, 12) | STAR_BIT);
        assert_eq!(s.dow, range_mask(0, 6) | STAR_BIT);
        assert_eq!(s.location.name(), "Local");
        // Ranges, lists, steps.
        let s = bits("1-5 0,12 1-31/10 */3 5/1");
        assert_eq!(s.minute, 0b111110);
        assert_eq!(s.hour, 1 | 1 << 12);
        assert_eq!(s.dom, 1 << 1 | 1 << 11 | 1 << 21 | 1 << 31);
        assert_eq!(s.month, 1 << 1 | 1 << 4 | 1 << 7 | 1 << 10); // star cleared by step 3
        assert_eq!(s.dow, 1 << 5 | 1 << 6); // "5/1" = 5-6
                                            // `*/1` keeps the star bit; `?` is a star.
        assert_eq!(bits("*/1 * * * *").minute & STAR_BIT, STAR_BIT);
        assert_eq!(bits("0 0 ? * ?").dom, range_mask(1, 31) | STAR_BIT);
        // `*-5` is read as `*` (robfig only looks at the part before the hyphen).
        assert_eq!(bits("*-5 * * * *").minute, bits("* * * * *").minute);
        // `N/step` means `N-max/step`.
        assert_eq!(bits("50/5 * * * *").minute, 1 << 50 | 1 << 55);
        // Names, case-insensitive, in lists and ranges.
        let s = bits("0 0 * jan,MAR-may Mon-fri");
        assert_eq!(s.month, 1 << 1 | 1 << 3 | 1 << 4 | 1 << 5);
        assert_eq!(s.dow, 0b0111110);
        assert_eq!(bits("0 0 * * SUN,sat").dow, 1 | 1 << 6);
        // Go lowers U+0130 to `i`, so robfig accepts it in `fri`.
        assert_eq!(bits("0 0 * * FR\u{130}").dow, 1 << 5);
        // Empty list items are skipped; an all-empty field matches nothing.
        assert_eq!(bits("1,,2 * * * *").minute, 0b110);
        assert_eq!(bits(", * * * *").minute, 0);
        // Leading `+` and zeros are accepted by strconv.Atoi.
        assert_eq!(bits("+05 007 * * *").minute, 1 << 5);
        // Extra whitespace (any Unicode space) between fields.
        assert_eq!(bits("  0\t0 \u{3000}* * *\n").hour, 1);
        // Descriptors.
        let y = bits("@yearly");
        assert_eq!((y.minute, y.hour, y.dom, y.month), (1, 1, 2, 2));
        assert_eq!(y.dow, range_mask(0, 6) | STAR_BIT);
        assert_eq!(bits("@annually"), Schedule::spec_bits(&p("@yearly")));
        let m = bits("@monthly");
        assert_eq!((m.dom, m.month), (2, range_mask(1, 12) | STAR_BIT));
        let w = bits("@weekly");
        assert_eq!((w.dom, w.dow), (range_mask(1, 31) | STAR_BIT, 1));
        assert_eq!(bits("@daily"), bits("@midnight"));
        assert_eq!(bits("@daily").hour, 1);
        assert_eq!(bits("@hourly").hour, range_mask(0, 23) | STAR_BIT);
        // @every.
        assert_eq!(p("@every 90m").every_seconds(), Some(5400));
        assert_eq!(p("@every 1h30m10.9s").every_seconds(), Some(5410));
        assert_eq!(p("@every 1.5s").every_seconds(), Some(1));
        assert_eq!(p("@every 500ms").every_seconds(), Some(1));
        assert_eq!(p("@every 0").every_seconds(), Some(1));
        assert_eq!(p("@every -5m").every_seconds(), Some(1));
        assert_eq!(p("@every 2h").location(), None);
        assert_eq!(p("@every .5h").every_seconds(), Some(1800));
        assert_eq!(p("@every 1\u{b5}s").every_seconds(), Some(1));
        // Time zone prefixes.
        let s = p("TZ=Europe/Paris 0 2 * * *");
        assert_eq!(s.location().map(Zone::name), Some("Europe/Paris"));
        assert_eq!(s.spec(), "TZ=Europe/Paris 0 2 * * *");
        let s = p("CRON_TZ=Asia/Kolkata   @daily  ");
        assert_eq!(s.location().map(Zone::name), Some("Asia/Kolkata"));
        assert_eq!(p("TZ=UTC @every 5m").every_seconds(), Some(300));
        assert_eq!(p("TZ= * * * * *").location().map(Zone::name), Some("UTC"));
        assert_eq!(
            p("TZ=Local * * * * *").location().map(Zone::name),
            Some("Local")
        );
    }

    impl Schedule {
        fn spec_bits(s: &Schedule) -> SpecSchedule {
            match &s.kind {
                ScheduleKind::Spec(s) => s.clone(),
                ScheduleKind::ConstantDelay { .. } => panic!("not a spec"),
            }
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(err(""), "empty spec string");
        assert_eq!(
            err("* * * *"),
            "expected exactly 5 fields, found 4: [* * * *]"
        );
        assert_eq!(
            err("* * * * * *"),
            "expected exactly 5 fields, found 6: [* * * * * *]"
        );
        assert_eq!(err("xyz"), "expected exactly 5 fields, found 1: [xyz]");
        assert_eq!(err("   "), "expected exactly 5 fields, found 0: []");
        assert_eq!(
            err(" @daily"),
            "expected exactly 5 fields, found 1: [@daily]"
        );
        assert_eq!(err("TZ=UTC "), "expected exactly 5 fields, found 0: []");
        assert_eq!(
            err("60 * * * *"),
            "end of range (60) above maximum (59): 60"
        );
        assert_eq!(
            err("0 24 * * *"),
            "end of range (24) above maximum (23): 24"
        );
        assert_eq!(
            err("0 0 0 * *"),
            "beginning of range (0) below minimum (1): 0"
        );
        assert_eq!(
            err("0 0 32 * *"),
            "end of range (32) above maximum (31): 32"
        );
        assert_eq!(
            err("0 0 * 13 *"),
            "end of range (13) above maximum (12): 13"
        );
        assert_eq!(
            err("0 0 * 0 *"),
            "beginning of range (0) below minimum (1): 0"
        );
        assert_eq!(err("0 0 * * 7"), "end of range (7) above maximum (6): 7");
        assert_eq!(
            err("59-2 * * * *"),
            "beginning of range (59) beyond end of range (2): 59-2"
        );
        assert_eq!(
            err("x * * * *"),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            err("0 0 * * XYZ"),
            "failed to parse int from XYZ: strconv.Atoi: parsing \"XYZ\": invalid syntax"
        );
        assert_eq!(
            err("-5 * * * *"),
            "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"
        );
        assert_eq!(
            err("1-x * * * *"),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            err("99999999999999999999 * * * *"),
            "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(
            err("9223372036854775808 * * * *"),
            "failed to parse int from 9223372036854775808: strconv.Atoi: parsing \"9223372036854775808\": value out of range"
        );
        assert_eq!(
            err("9223372036854775807 * * * *"),
            "end of range (9223372036854775807) above maximum (59): 9223372036854775807"
        );
        assert_eq!(
            err("1234567890123456789x * * * *"),
            "failed to parse int from 1234567890123456789x: strconv.Atoi: parsing \"1234567890123456789x\": invalid syntax"
        );
        assert_eq!(
            err("1\u{e9} * * * *"),
            "failed to parse int from 1\u{e9}: strconv.Atoi: parsing \"1\u{e9}\": invalid syntax"
        );
        assert_eq!(
            err("1\u{200b} * * * *"),
            "failed to parse int from 1\u{200b}: strconv.Atoi: parsing \"1\\u200b\": invalid syntax"
        );
        assert_eq!(
            err("\"\\ * * * *"),
            "failed to parse int from \"\\: strconv.Atoi: parsing \"\\\"\\\\\": invalid syntax"
        );
        assert_eq!(err("*/-2 * * * *"), "negative number (-2) not allowed: -2");
        assert_eq!(
            err("*/0 * * * *"),
            "step of range should be a positive number: */0"
        );
        assert_eq!(
            err("1-5/0 * * * *"),
            "step of range should be a positive number: 1-5/0"
        );
        assert_eq!(
            err("*/ * * * *"),
            "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"
        );
        assert_eq!(err("0-0-0 * * * *"), "too many hyphens: 0-0-0");
        assert_eq!(err("*/5/5 * * * *"), "too many slashes: */5/5");
        assert_eq!(
            err("TZ=Bogus * * * * *"),
            "provided bad location Bogus: unknown time zone Bogus"
        );
        assert_eq!(
            err("CRON_TZ=Europe/Pariss 0 * * * *"),
            "provided bad location Europe/Pariss: unknown time zone Europe/Pariss"
        );
        assert_eq!(
            err("TZ=../x * * * * *"),
            "provided bad location ../x: time: invalid location name"
        );
        assert!(err("TZ=UTC").starts_with("provided bad location UTC: "));
        assert_eq!(err("@Daily"), "unrecognized descriptor: @Daily");
        assert_eq!(err("@daily "), "unrecognized descriptor: @daily ");
        assert_eq!(err("@every"), "unrecognized descriptor: @every");
        assert_eq!(
            err("@every x"),
            "failed to parse duration @every x: time: invalid duration \"x\""
        );
        assert_eq!(
            err("@every 5"),
            "failed to parse duration @every 5: time: missing unit in duration \"5\""
        );
        assert_eq!(
            err("@every 5d"),
            "failed to parse duration @every 5d: time: unknown unit \"d\" in duration \"5d\""
        );
        assert_eq!(
            err("@every  5m"),
            "failed to parse duration @every  5m: time: invalid duration \" 5m\""
        );
        assert_eq!(
            err("@every 5\u{e9}"),
            "failed to parse duration @every 5\u{e9}: time: unknown unit \"\\xc3\\xa9\" in duration \"5\\xc3\\xa9\""
        );
        assert_eq!(
            err("@every 3000000h"),
            "failed to parse duration @every 3000000h: time: invalid duration \"3000000h\""
        );
        assert_eq!(
            err("@every .s"),
            "failed to parse duration @every .s: time: invalid duration \".s\""
        );
        assert_eq!(
            err("@every "),
            "failed to parse duration @every : time: invalid duration \"\""
        );
        // First failing field wins.
        assert_eq!(
            err("x 99 * * *"),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"
        );
    }

    #[test]
    fn go_duration_quirks() {
        assert_eq!(go_parse_duration("1h"), Ok(3_600_000_000_000));
        assert_eq!(go_parse_duration("-1.5h"), Ok(-5_400_000_000_000));
        assert_eq!(go_parse_duration("+0"), Ok(0));
        assert_eq!(go_parse_duration("1\u{3bc}s"), Ok(1000));
        assert_eq!(go_parse_duration("2562047h47m16.854775807s"), Ok(i64::MAX));
        assert!(go_parse_duration("2562047h47m16.854775808s").is_err());
        assert_eq!(go_parse_duration("-2562047h47m16.854775808s"), Ok(i64::MIN));
        assert_eq!(go_atoi("-0"), Ok(0));
        assert_eq!(go_atoi("-9223372036854775808"), Ok(i64::MIN));
        assert!(go_atoi("-9223372036854775809").is_err());
        assert!(go_atoi("+").is_err());
        assert_eq!(
            crate::quote::quote("a\tb\u{7f}\u{a0}\u{1F600}"),
            "\"a\\tb\\x7f\\u00a0\u{1F600}\""
        );
    }

    #[test]
    fn next_simple_and_month_ends() {
        // robfig TestNext cases (5-field forms), in UTC.
        assert_eq!(
            nexts("0/15 * * * *", "2012-07-09T14:45:00Z", 1),
            ["2012-07-09T15:00:00Z"]
        );
        assert_eq!(
            nexts("0/15 * * * *", "2012-07-09T14:59:59Z", 1),
            ["2012-07-09T15:00:00Z"]
        );
        assert_eq!(
            nexts("20-35/15 * * * *", "2012-07-09T15:45:00Z", 1),
            ["2012-07-09T16:20:00Z"]
        );
        assert_eq!(
            nexts("*/15 * * * *", "2012-07-09T23:46:00Z", 1),
            ["2012-07-10T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 9 Apr-Oct ?", "2012-07-09T23:35:00Z", 1),
            ["2012-08-09T00:00:00Z"]
        );
        // `*/5` has a step > 1, so it is not a star: OR with Monday (robfig v3 fix #70).
        assert_eq!(
            nexts("0 0 */5 Apr,Aug,Oct Mon", "2012-07-09T23:35:00Z", 1),
            ["2012-08-01T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 */5 Oct Mon", "2012-07-09T23:35:00Z", 1),
            ["2012-10-01T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 * Feb Mon", "2012-07-09T23:35:00Z", 1),
            ["2013-02-04T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 * Feb Mon/2", "2012-07-09T23:35:00Z", 1),
            ["2013-02-01T00:00:00Z"]
        );
        assert_eq!(
            nexts("* * * * *", "2012-12-31T23:59:45Z", 1),
            ["2013-01-01T00:00:00Z"]
        );
        // Strictly after.
        assert_eq!(
            nexts("0 0 * * *", "2021-01-01T00:00:00Z", 1),
            ["2021-01-02T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 * * *", "2020-12-31T23:59:59Z", 1),
            ["2021-01-01T00:00:00Z"]
        );
        // The 31st skips short months.
        assert_eq!(
            nexts("0 0 31 * *", "2021-01-01T00:00:00Z", 7),
            [
                "2021-01-31T00:00:00Z",
                "2021-03-31T00:00:00Z",
                "2021-05-31T00:00:00Z",
                "2021-07-31T00:00:00Z",
                "2021-08-31T00:00:00Z",
                "2021-10-31T00:00:00Z",
                "2021-12-31T00:00:00Z"
            ]
        );
        assert_eq!(
            nexts("30 12 30 * *", "2021-01-30T12:30:00Z", 2),
            ["2021-03-30T12:30:00Z", "2021-04-30T12:30:00Z"]
        );
        // Feb 29 only in leap years.
        assert_eq!(
            nexts("0 0 29 2 *", "2021-03-01T00:00:00Z", 2),
            ["2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 29 Feb ?", "2012-07-09T23:35:00Z", 1),
            ["2016-02-29T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 12 28-29 2 *", "2023-02-28T12:00:00Z", 3),
            [
                "2024-02-28T12:00:00Z",
                "2024-02-29T12:00:00Z",
                "2025-02-28T12:00:00Z"
            ]
        );
        // Last minute of the year.
        assert_eq!(
            nexts("59 23 31 12 *", "2021-01-01T00:00:00Z", 1),
            ["2021-12-31T23:59:00Z"]
        );
        // Descriptors.
        assert_eq!(
            nexts("@yearly", "2021-06-15T10:00:00Z", 1),
            ["2022-01-01T00:00:00Z"]
        );
        assert_eq!(
            nexts("@monthly", "2021-06-15T10:00:00Z", 1),
            ["2021-07-01T00:00:00Z"]
        );
        assert_eq!(
            nexts("@weekly", "2021-06-15T10:00:00Z", 1),
            ["2021-06-20T00:00:00Z"]
        );
        assert_eq!(
            nexts("@daily", "2021-06-15T10:00:00Z", 1),
            ["2021-06-16T00:00:00Z"]
        );
        assert_eq!(
            nexts("@hourly", "2021-06-15T10:00:00Z", 1),
            ["2021-06-15T11:00:00Z"]
        );
    }

    #[test]
    fn never_fires() {
        for spec in [
            "59 23 31 2 *",
            "0 0 30 2 *",
            "0 0 31 Apr ?",
            ", * * * *",
            "0 0 , * *",
            "0 0 * * ,",
            "0 0 , * ,",
        ] {
            assert_eq!(p(spec).next(t("2021-01-01T00:00:00Z")), None, "{spec}");
        }
        // OR semantics: an empty dom list with a restricted dow still fires.
        assert_eq!(
            nexts("0 0 ,1 * 1", "2021-01-01T00:00:00Z", 1),
            ["2021-01-04T00:00:00Z"]
        );
        // Out of range inputs give None instead of overflowing.
        assert_eq!(p("* * * * *").next(i64::MAX), None);
        assert_eq!(p("* * * * *").next(i64::MIN), None);
        assert_eq!(p("@every 1h").next(i64::MAX), None);
    }

    #[test]
    fn every_schedule() {
        let s = p("@every 90m");
        let start = t("2021-03-01T10:17:23Z");
        assert_eq!(s.next(start), Some(start + 5400));
        assert_eq!(s.next(start + 5400), Some(start + 10_800));
        assert_eq!(
            nexts("@every 1h30m", "2021-03-01T23:00:00Z", 2),
            ["2021-03-02T00:30:00Z", "2021-03-02T02:00:00Z"]
        );
    }

    #[test]
    fn dom_dow_or_semantics() {
        // Both restricted: OR.
        assert_eq!(
            nexts("0 0 1,15 * Sun", "2012-06-30T00:00:00Z", 5),
            [
                "2012-07-01T00:00:00Z",
                "2012-07-08T00:00:00Z",
                "2012-07-15T00:00:00Z",
                "2012-07-22T00:00:00Z",
                "2012-07-29T00:00:00Z"
            ]
        );
        assert_eq!(
            nexts("0 0 13 * 5", "2021-08-01T00:00:00Z", 4),
            [
                "2021-08-06T00:00:00Z",
                "2021-08-13T00:00:00Z",
                "2021-08-20T00:00:00Z",
                "2021-08-27T00:00:00Z"
            ]
        );
        // One is `*` (or `?`): AND.
        assert_eq!(
            nexts("0 0 * * Mon", "2012-07-14T00:00:00Z", 1),
            ["2012-07-16T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 1,15 * *", "2012-07-02T00:00:00Z", 1),
            ["2012-07-15T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 ? * 5", "2021-08-01T00:00:00Z", 1),
            ["2021-08-06T00:00:00Z"]
        );
        // `*/1` keeps the star (AND), `*/2` does not (OR) - robfig v3 fix #70.
        assert_eq!(
            nexts("0 0 */1 * Sun", "2012-07-09T00:00:00Z", 1),
            ["2012-07-15T00:00:00Z"]
        );
        assert_eq!(
            nexts("0 0 */10 * Sun", "2012-07-09T00:00:00Z", 2),
            ["2012-07-11T00:00:00Z", "2012-07-15T00:00:00Z"]
        );
        // robfig TestActivation cases.
        let activates = |time: &str, spec: &str| p(spec).next(t(time) - 1) == Some(t(time));
        assert!(activates("2012-07-15T00:00:00Z", "0 * 1,15 * Sun"));
        assert!(activates("2012-06-15T00:00:00Z", "0 * 1,15 * Sun"));
        assert!(activates("2012-08-01T00:00:00Z", "0 * 1,15 * Sun"));
        assert!(!activates("2012-07-15T00:00:00Z", "0 * * * Mon"));
        assert!(!activates("2012-07-09T00:00:00Z", "0 * 1,15 * *"));
        assert!(activates("2012-07-15T00:00:00Z", "0 * 1,15 * *"));
        assert!(activates("2012-07-15T00:00:00Z", "0 * */2 * Sun"));
        assert!(activates("2012-07-15T08:30:00Z", "30 08 ? Jul Sun"));
        assert!(activates("2012-07-15T08:30:00Z", "30 08 15 Jul ?"));
        assert!(!activates("2012-07-16T08:30:00Z", "30 08 ? Jul Sun"));
        assert!(!activates("2012-07-16T08:30:00Z", "30 08 15 Jul ?"));
        assert!(activates("2012-07-08T00:00:00Z", "@weekly"));
        assert!(!activates("2012-07-09T00:00:00Z", "@weekly"));
        assert!(activates("2012-07-01T00:00:00Z", "@monthly"));
        assert!(!activates("2012-07-08T00:00:00Z", "@monthly"));
    }

    #[test]
    fn dst_new_york_robfig_cases() {
        // robfig/cron v3 spec_test.go TestNext DST cases (America/New_York, 2012).
        let cases = [
            (
                "2012-03-11T00:00:00-05:00",
                "TZ=America/New_York 30 2 11 Mar ?",
                "2013-03-11T02:30:00-04:00",
            ),
            (
                "2012-03-11T00:00:00-05:00",
                "TZ=America/New_York 0 * * * ?",
                "2012-03-11T01:00:00-05:00",
            ),
            (
                "2012-03-11T01:00:00-05:00",
                "TZ=America/New_York 0 * * * ?",
                "2012-03-11T03:00:00-04:00",
            ),
            (
                "2012-03-11T03:00:00-04:00",
                "TZ=America/New_York 0 * * * ?",
                "2012-03-11T04:00:00-04:00",
            ),
            (
                "2012-03-11T04:00:00-04:00",
                "CRON_TZ=America/New_York 0 * * * ?",
                "2012-03-11T05:00:00-04:00",
            ),
            (
                "2012-03-11T00:00:00-05:00",
                "TZ=America/New_York 0 1 * * ?",
                "2012-03-11T01:00:00-05:00",
            ),
            (
                "2012-03-11T01:00:00-05:00",
                "TZ=America/New_York 0 1 * * ?",
                "2012-03-12T01:00:00-04:00",
            ),
            // 2am nightly job (skipped on the spring-forward night)
            (
                "2012-03-11T00:00:00-05:00",
                "TZ=America/New_York 0 2 * * ?",
                "2012-03-12T02:00:00-04:00",
            ),
            (
                "2012-11-04T00:00:00-04:00",
                "TZ=America/New_York 30 2 04 Nov ?",
                "2012-11-04T02:30:00-05:00",
            ),
            (
                "2012-11-04T01:45:00-04:00",
                "TZ=America/New_York 30 1 04 Nov ?",
                "2012-11-04T01:30:00-05:00",
            ),
            (
                "2012-11-04T00:00:00-04:00",
                "TZ=America/New_York 0 * * * ?",
                "2012-11-04T01:00:00-04:00",
            ),
            (
                "2012-11-04T01:00:00-04:00",
                "TZ=America/New_York 0 * * * ?",
                "2012-11-04T01:00:00-05:00",
            ),
            (
                "2012-11-04T01:00:00-05:00",
                "TZ=America/New_York 0 * * * ?",
                "2012-11-04T02:00:00-05:00",
            ),
            // 1am nightly job (runs twice on the fall-back night)
            (
                "2012-11-04T00:00:00-04:00",
                "TZ=America/New_York 0 1 * * ?",
                "2012-11-04T01:00:00-04:00",
            ),
            (
                "2012-11-04T01:00:00-04:00",
                "TZ=America/New_York 0 1 * * ?",
                "2012-11-04T01:00:00-05:00",
            ),
            (
                "2012-11-04T01:00:00-05:00",
                "TZ=America/New_York 0 1 * * ?",
                "2012-11-05T01:00:00-05:00",
            ),
            (
                "2012-11-04T00:00:00-04:00",
                "TZ=America/New_York 0 2 * * ?",
                "2012-11-04T02:00:00-05:00",
            ),
            (
                "2012-11-04T02:00:00-05:00",
                "TZ=America/New_York 0 2 * * ?",
                "2012-11-05T02:00:00-05:00",
            ),
            (
                "2012-11-04T00:00:00-04:00",
                "TZ=America/New_York 0 3 * * ?",
                "2012-11-04T03:00:00-05:00",
            ),
            (
                "2012-11-04T03:00:00-05:00",
                "TZ=America/New_York 0 3 * * ?",
                "2012-11-05T03:00:00-05:00",
            ),
        ];
        for (from, spec, want) in cases {
            assert_eq!(next_local(spec, from), want, "{spec} after {from}");
        }
    }

    #[test]
    fn dst_paris() {
        // Spring forward: 2021-03-28 02:00 CET -> 03:00 CEST (01:00Z).
        // Like robfig, a job in the missing hour is skipped that night.
        for spec in ["TZ=Europe/Paris 0 2 * * *", "TZ=Europe/Paris 30 2 * * *"] {
            let got: Vec<String> = {
                let s = p(spec);
                let z = s.location().cloned().unwrap();
                let mut cur = t("2021-03-26T12:00:00Z");
                (0..3)
                    .filter_map(|_| {
                        cur = s.next(cur)?;
                        Some(format_rfc3339_in(cur, &z))
                    })
                    .collect()
            };
            let m = if spec.contains(" 30 ") { "30" } else { "00" };
            assert_eq!(
                got,
                [
                    format!("2021-03-27T02:{m}:00+01:00"),
                    format!("2021-03-29T02:{m}:00+02:00"),
                    format!("2021-03-30T02:{m}:00+02:00")
                ],
                "{spec}"
            );
        }
        // Fall back: 2021-10-31 03:00 CEST -> 02:00 CET (01:00Z).
        // Like robfig, a job in the repeated hour runs twice.
        assert_eq!(
            nexts("TZ=Europe/Paris 0 2 * * *", "2021-10-30T12:00:00Z", 3),
            [
                "2021-10-31T00:00:00Z",
                "2021-10-31T01:00:00Z",
                "2021-11-01T01:00:00Z"
            ]
        );
        assert_eq!(
            nexts("TZ=Europe/Paris 30 2 * * *", "2021-10-30T12:00:00Z", 3),
            [
                "2021-10-31T00:30:00Z",
                "2021-10-31T01:30:00Z",
                "2021-11-01T01:30:00Z"
            ]
        );
        // Hourly across both transitions.
        assert_eq!(
            nexts("TZ=Europe/Paris 0 * * * *", "2021-03-28T00:00:00Z", 3),
            [
                "2021-03-28T01:00:00Z",
                "2021-03-28T02:00:00Z",
                "2021-03-28T03:00:00Z"
            ]
        );
        assert_eq!(
            nexts("TZ=Europe/Paris 0 * * * *", "2021-10-30T23:00:00Z", 4),
            [
                "2021-10-31T00:00:00Z",
                "2021-10-31T01:00:00Z",
                "2021-10-31T02:00:00Z",
                "2021-10-31T03:00:00Z"
            ]
        );
        // Daily at 03:00 is unaffected.
        assert_eq!(
            nexts("TZ=Europe/Paris 0 3 * * *", "2021-03-27T12:00:00Z", 2),
            ["2021-03-28T01:00:00Z", "2021-03-29T01:00:00Z"]
        );
    }

    #[test]
    fn dst_new_york_2021_and_other_zones() {
        // Spring forward 2021-03-14 (07:00Z): 02:30 does not exist -> skipped.
        assert_eq!(
            nexts("TZ=America/New_York 30 2 * * *", "2021-03-13T12:00:00Z", 2),
            ["2021-03-15T06:30:00Z", "2021-03-16T06:30:00Z"]
        );
        // Fall back 2021-11-07 (06:00Z): 01:30 happens twice -> runs twice.
        assert_eq!(
            nexts("TZ=America/New_York 30 1 * * *", "2021-11-06T12:00:00Z", 3),
            [
                "2021-11-07T05:30:00Z",
                "2021-11-07T06:30:00Z",
                "2021-11-08T06:30:00Z"
            ]
        );
        // Non-DST zone with a half-hour offset.
        assert_eq!(
            nexts("TZ=Asia/Kolkata 0 9 * * *", "2021-06-01T00:00:00Z", 2),
            ["2021-06-01T03:30:00Z", "2021-06-02T03:30:00Z"]
        );
        // Lord Howe: 30-minute DST shift; spring forward 2021-10-03 02:00 -> 02:30.
        assert_eq!(
            nexts(
                "TZ=Australia/Lord_Howe 15 2 * * *",
                "2021-10-01T12:00:00Z",
                3
            ),
            [
                "2021-10-01T15:45:00Z",
                "2021-10-03T15:15:00Z",
                "2021-10-04T15:15:00Z"
            ]
        );
        // Beirut-style DST at midnight (robfig's "midnight does not exist" fix):
        // the transition day itself is skipped by the day loop, like upstream.
        assert_eq!(
            nexts("TZ=Asia/Beirut 0 12 * * 0", "2024-03-20T00:00:00Z", 3),
            [
                "2024-03-24T10:00:00Z",
                "2024-04-07T09:00:00Z",
                "2024-04-14T09:00:00Z"
            ]
        );
        assert_eq!(
            nexts("TZ=Asia/Beirut 0 12 * * *", "2024-03-30T12:00:00Z", 2),
            ["2024-03-31T09:00:00Z", "2024-04-01T09:00:00Z"]
        );
    }

    #[test]
    fn most_recent_cases() {
        let hourly = p("0 * * * *");
        let created = t("2021-05-01T10:30:00Z");
        // No miss: now before the first activation.
        let mr =
            most_recent_schedule_time(created, t("2021-05-01T10:59:59Z"), &hourly, None).unwrap();
        assert_eq!(mr.most_recent, None);
        assert_eq!(mr.missed, MissedSchedules::None);
        assert_eq!(mr.number_missed, 0);
        assert_eq!(mr.earliest, created);
        assert_eq!(mr.next_after_now, Some(t("2021-05-01T11:00:00Z")));
        // Exactly one due (upstream: noneMissed, most recent = t1).
        let mr =
            most_recent_schedule_time(created, t("2021-05-01T11:00:00Z"), &hourly, None).unwrap();
        assert_eq!(mr.most_recent, Some(t("2021-05-01T11:00:00Z")));
        assert_eq!(mr.missed, MissedSchedules::None);
        assert_eq!(mr.number_missed, 1);
        let mr =
            most_recent_schedule_time(created, t("2021-05-01T11:59:59Z"), &hourly, None).unwrap();
        assert_eq!(mr.most_recent, Some(t("2021-05-01T11:00:00Z")));
        // Several missed: only the latest is returned.
        let mr =
            most_recent_schedule_time(created, t("2021-05-01T15:20:00Z"), &hourly, None).unwrap();
        assert_eq!(mr.most_recent, Some(t("2021-05-01T15:00:00Z")));
        assert_eq!(mr.missed, MissedSchedules::Few);
        assert_eq!(mr.number_missed, 5);
        assert_eq!(mr.next_after_now, Some(t("2021-05-01T16:00:00Z")));
        // More than 100 missed.
        let now = t("2021-05-06T10:45:00Z");
        let mr = most_recent_schedule_time(created, now, &hourly, None).unwrap();
        assert_eq!(mr.most_recent, Some(t("2021-05-06T10:00:00Z")));
        assert_eq!(mr.missed, MissedSchedules::Many);
        assert_eq!(mr.number_missed, 120);
        assert_eq!(MissedSchedules::Many.as_str(), "many");
        let ns = next_schedule_time(created, now, &hourly, None).unwrap();
        assert_eq!(ns.time, Some(t("2021-05-06T10:00:00Z")));
        assert!(ns.too_many_missed);
        // startingDeadlineSeconds clips the window: earliest = now - 200s.
        let mr = most_recent_schedule_time(created, now, &hourly, Some(200)).unwrap();
        assert_eq!(mr.earliest, now - 200);
        assert_eq!(mr.most_recent, None);
        assert_eq!(mr.missed, MissedSchedules::None);
        let mr = most_recent_schedule_time(created, now, &hourly, Some(3600)).unwrap();
        assert_eq!(mr.earliest, t("2021-05-06T09:45:00Z"));
        assert_eq!(mr.most_recent, Some(t("2021-05-06T10:00:00Z")));
        assert_eq!(mr.missed, MissedSchedules::None);
        let mr = most_recent_schedule_time(created, now, &hourly, Some(3 * 3600)).unwrap();
        assert_eq!(mr.most_recent, Some(t("2021-05-06T10:00:00Z")));
        assert_eq!(mr.missed, MissedSchedules::Few);
        assert_eq!(mr.number_missed, 3);
        let ns = next_schedule_time(created, now, &hourly, Some(3 * 3600)).unwrap();
        assert!(!ns.too_many_missed);
        // A deadline older than earliest does not move it.
        let mr = most_recent_schedule_time(now - 60, now, &hourly, Some(3600)).unwrap();
        assert_eq!(mr.earliest, now - 60);
        // Irregular schedule (upstream comment example) and weekends.
        let irregular = p("30 6-16/4 * * 1-5");
        let mr = most_recent_schedule_time(
            t("2021-05-07T07:00:00Z"),
            t("2021-05-10T11:00:00Z"),
            &irregular,
            None,
        )
        .unwrap();
        assert_eq!(mr.most_recent, Some(t("2021-05-10T10:30:00Z")));
        assert_eq!(mr.missed, MissedSchedules::Few);
        // @every
        let every = p("@every 90m");
        let mr = most_recent_schedule_time(created, created + 5400 * 3 + 10, &every, None).unwrap();
        assert_eq!(mr.most_recent, Some(created + 5400 * 3));
        assert_eq!(mr.number_missed, 3);
        // Never-firing schedule: upstream's error.
        let never = p("59 23 31 2 *");
        assert_eq!(
            most_recent_schedule_time(created, now, &never, None).unwrap_err(),
            "time difference between two schedules is less than 1 second"
        );
        assert!(next_schedule_time(created, now, &never, None).is_err());
        // No panic on extreme inputs.
        let _ = most_recent_schedule_time(i64::MIN, i64::MAX, &hourly, Some(i64::MIN));
        let _ = most_recent_schedule_time(i64::MAX, i64::MIN, &every, Some(i64::MAX));
        let _ = next_schedule_time_duration_ms(i64::MIN, i64::MAX, &every);
    }

    #[test]
    fn requeue_duration() {
        let hourly = p("0 * * * *");
        let created = t("2021-05-01T10:30:00Z");
        // Nothing due: requeue at the first activation + 100ms.
        assert_eq!(
            next_schedule_time_duration_ms(created, t("2021-05-01T10:40:00Z"), &hourly),
            Some(20 * 60 * 1000 + 100)
        );
        // One due: the activation after it.
        assert_eq!(
            next_schedule_time_duration_ms(created, t("2021-05-01T11:00:30Z"), &hourly),
            Some(59 * 60 * 1000 + 30 * 1000 + 100)
        );
        // Many missed.
        assert_eq!(
            next_schedule_time_duration_ms(created, t("2021-05-06T10:45:00Z"), &hourly),
            Some(15 * 60 * 1000 + 100)
        );
        // Error path: aim for the next slot from now (none for a never-firing spec).
        assert_eq!(
            next_schedule_time_duration_ms(created, t("2021-05-06T10:45:00Z"), &p("59 23 31 2 *")),
            None
        );
    }

    #[test]
    fn format_and_validate() {
        assert_eq!(format_schedule("0 * * * *", None), "0 * * * *");
        assert_eq!(
            format_schedule("0 * * * *", Some("Europe/Paris")),
            "TZ=Europe/Paris 0 * * * *"
        );
        assert_eq!(format_schedule("0 * * * *", Some("Mars/Base")), "0 * * * *");
        assert_eq!(
            format_schedule("TZ=UTC 0 * * * *", Some("Europe/Paris")),
            "TZ=UTC 0 * * * *"
        );
        assert_eq!(
            p(&format_schedule("0 2 * * *", Some("Europe/Paris")))
                .location()
                .map(Zone::name),
            Some("Europe/Paris")
        );
        assert_eq!(unsupported_schedule_warning("0 * * * *"), None);
        assert_eq!(
            unsupported_schedule_warning("TZ=UTC 0 * * * *").unwrap(),
            "CRON_TZ or TZ used in schedule \"TZ=UTC 0 * * * *\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"
        );
        assert!(validate_schedule_format("*/5 * * * *", false, false).is_empty());
        assert_eq!(
            validate_schedule_format("TZ=UTC 0 * * * *", false, false),
            vec!["cannot use TZ or CRON_TZ in schedule, use timeZone field instead"]
        );
        assert_eq!(
            validate_schedule_format("TZ=UTC 0 * * * *", true, true),
            vec!["cannot use both timeZone field and TZ or CRON_TZ in schedule"]
        );
        assert!(validate_schedule_format("TZ=UTC 0 * * * *", true, false).is_empty());
        assert_eq!(
            validate_schedule_format("* * * *", false, false),
            vec!["expected exactly 5 fields, found 4: [* * * *]"]
        );
    }

    /// Deterministic pseudo-random strings never make the parser (or `next`) panic.
    #[test]
    fn parser_never_panics() {
        const TOKENS: &[&str] = &[
            "*",
            "?",
            "-",
            "/",
            ",",
            " ",
            "  ",
            "\t",
            "0",
            "1",
            "5",
            "7",
            "12",
            "23",
            "24",
            "31",
            "59",
            "60",
            "99999999999999999999",
            "-1",
            "+3",
            "jan",
            "DEC",
            "sun",
            "Sat",
            "x",
            "@",
            "@every ",
            "@daily",
            "@hourly",
            "TZ=",
            "CRON_TZ=",
            "Europe/Paris",
            "UTC",
            "Bogus",
            "h",
            "m",
            "s",
            "ms",
            ".",
            "1.5",
            "\u{e9}",
            "\u{130}",
            "\u{3000}",
            "\u{0}",
            "\"",
            "\\",
            "=",
            "@yearly",
            "9223372036854775807",
            "1-5",
            "*/2",
            "/0",
            "--",
            "//",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut parsed = 0;
        for i in 0..20_000 {
            let n = (rnd() % 12) as usize;
            let mut s = String::new();
            for _ in 0..n {
                let tok = TOKENS[(rnd() % TOKENS.len() as u64) as usize];
                s.push_str(tok);
                if rnd() % 3 == 0 {
                    s.push(' ');
                }
            }
            // Also raw printable ASCII noise.
            if i % 5 == 0 {
                for _ in 0..(rnd() % 20) {
                    s.push(char::from(b' ' + (rnd() % 95) as u8));
                }
            }
            if let Ok(sched) = parse_standard(&s) {
                parsed += 1;
                let base = 1_600_000_000 + (rnd() % 400_000_000) as i64;
                if let Some(n1) = sched.next(base) {
                    assert!(n1 > base, "{s:?}: {n1} <= {base}");
                }
                let _ = most_recent_schedule_time(base - 86_400 * 40, base, &sched, Some(100));
            }
        }
        assert!(parsed > 30, "only {parsed} specs parsed");
        // Well-formed five-field specs from random field values.
        for _ in 0..3_000 {
            let f = |r: u64, max: u64| -> String {
                match r % 5 {
                    0 => "*".to_string(),
                    1 => format!("{}", r % (max + 2)),
                    2 => format!("{}-{}", r % max, (r / 7) % (max + 1)),
                    3 => format!("*/{}", r % 9),
                    _ => format!("{},{}", r % max, (r / 3) % max),
                }
            };
            let s = format!(
                "{} {} {} {} {}",
                f(rnd(), 59),
                f(rnd(), 23),
                f(rnd(), 31),
                f(rnd(), 12),
                f(rnd(), 6)
            );
            if let Ok(sched) = parse_standard(&s) {
                let base = 1_600_000_000 + (rnd() % 400_000_000) as i64;
                if let Some(n1) = sched.next(base) {
                    assert!(n1 > base);
                }
            }
        }
    }

    #[test]
    fn next_is_strictly_increasing_across_zones() {
        for tzname in [
            "Europe/Paris",
            "America/New_York",
            "Australia/Lord_Howe",
            "America/Santiago",
            "Asia/Beirut",
            "Europe/Dublin",
            "Africa/Cairo",
            "America/Havana",
        ] {
            for spec in [
                "0 * * * *",
                "30 0 * * *",
                "0 0 * * *",
                "*/7 1-3 * * *",
                "0 0 1 * *",
                "15 23 * * 6",
            ] {
                let s = p(&format!("TZ={tzname} {spec}"));
                let mut cur = t("2023-01-01T00:00:00Z");
                for _ in 0..400 {
                    let n = s
                        .next(cur)
                        .unwrap_or_else(|| panic!("{tzname} {spec} stopped"));
                    assert!(n > cur, "{tzname} {spec}: {n} <= {cur}");
                    cur = n;
                }
            }
        }
    }
}

#[cfg(test)]
mod memo_tests {
    use super::*;

    fn p(spec: &str) -> Schedule {
        parse_standard(spec).unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    /// The memo (exact answers, and spans in zones without DST) never
    /// changes an answer: a schedule asked a long, wandering series of
    /// questions answers each as a fresh one does.
    #[test]
    fn remembered_answers_equal_fresh_ones() {
        let specs = [
            "* * * * *",
            "*/7 3-5 * * 1-5",
            "30 6-16/4 * * 1-5",
            "0 0 29 2 *",
            "59 23 31 12 *",
            "TZ=Europe/Paris 30 2 * * *",
            "TZ=America/New_York */15 1-3 * 3,11 0",
            "TZ=Asia/Tokyo 5 * * * *",
        ];
        // 2024-03-09, a day before a DST change in New York.
        let start = 1_709_942_400;
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for spec in specs {
            let memo = parse_standard(spec).unwrap();
            let mut q = start;
            for _ in 0..3000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly forward by up to two hours, sometimes back.
                q += (x % 7200) as i64 - if x.is_multiple_of(5) { 5400 } else { 0 };
                let fresh = parse_standard(spec).unwrap().next(q);
                assert_eq!(memo.next(q), fresh, "{spec} after {q}");
                // The ends of a span: just before the answer, and the
                // answer itself (whose next is the one after).
                if let Some(r) = fresh.filter(|_| x.is_multiple_of(3)) {
                    for edge in [r - 1, r] {
                        let fresh = parse_standard(spec).unwrap().next(edge);
                        assert_eq!(memo.next(edge), fresh, "{spec} after {edge}");
                    }
                    q = r;
                }
            }
        }
    }

    #[test]
    fn the_next_minute_shortcut_agrees_with_the_search() {
        let zones = [
            "",
            "TZ=Asia/Tokyo ",
            "TZ=Asia/Kolkata ",
            "TZ=Asia/Kathmandu ",
            "TZ=Pacific/Chatham ",
            "TZ=America/New_York ",
            "TZ=Europe/Paris ",
        ];
        let specs = [
            "* * * * *",
            "*/5 * * * *",
            "0 * * * *",
            "59 23 * * *",
            "0 0 1 * *",
            "* 0 * * 0",
            "30 2 * * *",
            "* * 29 2 *",
            "0-10 9-17 * * 1-5",
            "* * 31 * 6",
            "@daily",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut shortcuts = 0;
        for zone in zones {
            for spec in specs {
                let s = match p(&format!("{zone}{spec}")).kind {
                    ScheduleKind::Spec(s) => s,
                    ScheduleKind::ConstantDelay { .. } => unreachable!(),
                };
                // From 2023 to 2025, across month, year and DST changes,
                // with ends of minutes, hours and days weighted in.
                let mut q: i64 = 1_672_531_200 - 7200;
                for _ in 0..1500 {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    q += match x % 4 {
                        0 => 1,
                        1 => (x >> 8) as i64 % 120,
                        2 => 3600 - q.rem_euclid(3600) - 1 - (x >> 8) as i64 % 2,
                        _ => (x >> 8) as i64 % 200_000,
                    };
                    let shortcut = s.next_minute_if_it_matches(q);
                    shortcuts += usize::from(shortcut.is_some());
                    if shortcut.is_some() {
                        assert!(!zone.contains("New_York") && !zone.contains("Paris"));
                    }
                    assert_eq!(s.next(q), s.search(q), "{zone}{spec} after {q}");
                }
            }
        }
        assert!(shortcuts > 5000, "the shortcut was taken {shortcuts} times");
    }
}
