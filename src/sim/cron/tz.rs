//! IANA time zones, civil-date arithmetic and RFC 3339 helpers.
//!
//! Pure, deterministic and panic free: every public function accepts any input.
//!
//! Time zones come from the generated table in `tzdata.rs`: for each IANA zone we
//! keep the POSIX TZ rule of its TZif footer (its *current* rule). We only simulate
//! 2020 onwards, so that rule is used for every instant; zones that changed their
//! rules after 2020 are therefore modelled with the new rule throughout.
//!
//! The rule evaluation is a port of Go's `time` package (`tzset`, `tzsetName`,
//! `tzsetOffset`, `tzsetRule`, `tzsetNum`, `tzruleTime` in `zoneinfo.go`), and the
//! local -> UTC resolution is Go's `time.Date`, so that the cron search (which is a
//! port of robfig/cron, written against Go's `time`) behaves exactly like upstream
//! around DST transitions.

use super::tzdata;
use std::sync::Arc;

/// Seconds in a day.
pub const SECS_PER_DAY: i64 = 86_400;

/// Instants are clamped to ±2^50 s (about ±35 million years) before time zone
/// evaluation, which keeps every intermediate value far away from `i64` overflow.
const CLAMP_SECS: i64 = 1 << 50;

/// Years are clamped to ±10^9 in civil -> days conversions (no overflow possible).
const CLAMP_YEAR: i64 = 1_000_000_000;

// ---------------------------------------------------------------------------
// Civil date helpers (proleptic Gregorian calendar, days-from-civil arithmetic).
// ---------------------------------------------------------------------------

/// Gregorian leap year rule.
pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Number of days in `month` (1..=12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of the civil date `year-month-day`.
///
/// `month` and `day` are normalised like Go's `time.Date` (month 13 is January of
/// the next year, day 0 is the last day of the previous month, ...).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Normalise the month into 1..=12, carrying into the year.
    let m0 = month.saturating_sub(1);
    let year = year
        .saturating_add(m0.div_euclid(12))
        .clamp(-CLAMP_YEAR, CLAMP_YEAR);
    let m = m0.rem_euclid(12) + 1; // 1..=12
                                   // Howard Hinnant's days_from_civil for the first of the month.
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5; // day of year of the 1st of the month
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    let first = era * 146_097 + doe - 719_468;
    first.saturating_add(day.saturating_sub(1))
}

/// Civil date `(year, month 1..=12, day 1..=31)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // |days| <= i64::MAX / 86400 for every caller in this module, but be safe anyway.
    let z = days.clamp(-(1 << 52), 1 << 52) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = if m <= 2 { y + 1 } else { y };
    (year, m as u32, d as u32)
}

/// Day of the week of a day count since 1970-01-01 (0 = Sunday .. 6 = Saturday).
pub fn weekday_from_days(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days.rem_euclid(7) as u32 + 4) % 7
}

/// A broken-down civil date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    /// 0..=23
    pub hour: u32,
    /// 0..=59
    pub minute: u32,
    /// 0..=59
    pub second: u32,
    /// 0 = Sunday .. 6 = Saturday
    pub weekday: u32,
}

/// Breaks `unix` seconds (interpreted as UTC, or as local wall seconds) down.
pub fn civil_from_unix(unix: i64) -> DateTime {
    let days = unix.div_euclid(SECS_PER_DAY);
    let secs = unix.rem_euclid(SECS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    DateTime {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs / 60 % 60) as u32,
        second: (secs % 60) as u32,
        weekday: weekday_from_days(days),
    }
}

/// Unix seconds of a UTC civil date and time. Out-of-range fields are normalised
/// like Go's `time.Date` (e.g. hour 24 is midnight of the next day); extreme values
/// saturate instead of overflowing.
pub fn unix_from_civil(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> i64 {
    days_from_civil(year, month, day)
        .saturating_mul(SECS_PER_DAY)
        .saturating_add(hour.saturating_mul(3600))
        .saturating_add(minute.saturating_mul(60))
        .saturating_add(second)
}

// ---------------------------------------------------------------------------
// POSIX TZ rules (port of Go's tzset and helpers, zoneinfo.go).
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleKind {
    /// `Jn`: Julian day 1..=365, February 29 never counted.
    Julian,
    /// `n`: zero-based day of year 0..=365, February 29 counted.
    Doy,
    /// `Mm.w.d`: day `d` of week `w` of month `m`.
    MonthWeekDay,
}

/// One transition rule (Go's `rule`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TransitionRule {
    kind: RuleKind,
    day: i64,
    week: i64,
    mon: i64,
    /// Transition time in seconds after local midnight (may be negative or > 24h).
    time: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct DstRule {
    name: String,
    /// Seconds east of UTC.
    offset: i64,
    start: TransitionRule,
    end: TransitionRule,
}

/// A parsed POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PosixTz {
    std_name: String,
    /// Seconds east of UTC (Go's sign convention, i.e. the POSIX value negated).
    std_offset: i64,
    dst: Option<DstRule>,
}

/// Go's `tzsetName`.
fn tzset_name(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b[0] != b'<' {
        for (i, &c) in b.iter().enumerate() {
            if c.is_ascii_digit() || c == b',' || c == b'-' || c == b'+' {
                if i < 3 {
                    return None;
                }
                return Some((s.get(..i)?, s.get(i..)?));
            }
        }
        if b.len() < 3 {
            return None;
        }
        Some((s, ""))
    } else {
        let close = b.iter().position(|&c| c == b'>')?;
        Some((s.get(1..close)?, s.get(close + 1..)?))
    }
}

/// Go's `tzsetNum`.
fn tzset_num(s: &str, min: i64, max: i64) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let mut num: i64 = 0;
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_digit() {
            if i == 0 || num < min {
                return None;
            }
            return Some((num, s.get(i..)?));
        }
        num = num * 10 + i64::from(c - b'0');
        if num > max {
            return None;
        }
    }
    if num < min {
        return None;
    }
    Some((num, ""))
}

/// Go's `tzsetOffset`: `[+-]hh[:mm[:ss]]`, hours up to 24*7.
fn tzset_offset(s: &str) -> Option<(i64, &str)> {
    let mut s = s;
    let mut neg = false;
    match s.as_bytes().first()? {
        b'+' => s = s.get(1..)?,
        b'-' => {
            s = s.get(1..)?;
            neg = true;
        }
        _ => {}
    }
    let sign = |off: i64| if neg { -off } else { off };
    let (hours, rest) = tzset_num(s, 0, 24 * 7)?;
    let mut off = hours * 3600;
    s = rest;
    if s.as_bytes().first() != Some(&b':') {
        return Some((sign(off), s));
    }
    let (mins, rest) = tzset_num(s.get(1..)?, 0, 59)?;
    off += mins * 60;
    s = rest;
    if s.as_bytes().first() != Some(&b':') {
        return Some((sign(off), s));
    }
    let (secs, rest) = tzset_num(s.get(1..)?, 0, 59)?;
    off += secs;
    Some((sign(off), rest))
}

/// Go's `tzsetRule`.
fn tzset_rule(s: &str) -> Option<(TransitionRule, &str)> {
    let first = *s.as_bytes().first()?;
    let (mut r, mut s) = if first == b'J' {
        let (jday, rest) = tzset_num(s.get(1..)?, 1, 365)?;
        let r = TransitionRule {
            kind: RuleKind::Julian,
            day: jday,
            week: 0,
            mon: 0,
            time: 0,
        };
        (r, rest)
    } else if first == b'M' {
        let (mon, rest) = tzset_num(s.get(1..)?, 1, 12)?;
        if rest.as_bytes().first() != Some(&b'.') {
            return None;
        }
        let (week, rest) = tzset_num(rest.get(1..)?, 1, 5)?;
        if rest.as_bytes().first() != Some(&b'.') {
            return None;
        }
        let (day, rest) = tzset_num(rest.get(1..)?, 0, 6)?;
        let r = TransitionRule {
            kind: RuleKind::MonthWeekDay,
            day,
            week,
            mon,
            time: 0,
        };
        (r, rest)
    } else {
        let (day, rest) = tzset_num(s, 0, 365)?;
        let r = TransitionRule {
            kind: RuleKind::Doy,
            day,
            week: 0,
            mon: 0,
            time: 0,
        };
        (r, rest)
    };
    if s.as_bytes().first() != Some(&b'/') {
        r.time = 2 * 3600; // 2am is the default
        return Some((r, s));
    }
    let (offset, rest) = tzset_offset(s.get(1..)?)?;
    r.time = offset;
    s = rest;
    Some((r, s))
}

/// Parses a POSIX TZ string the way Go's `tzset` does (returns `None` where Go's
/// `tzset` reports `ok == false`).
fn parse_posix_tz(s: &str) -> Option<PosixTz> {
    let (std_name, s) = tzset_name(s)?;
    let (std_off, s) = tzset_offset(s)?;
    // The numbers in the tzset string are added to local time to get UTC, but our
    // offsets are added to UTC to get local time, so we negate them.
    let std_offset = -std_off;
    if s.is_empty() || s.as_bytes().first() == Some(&b',') {
        return Some(PosixTz {
            std_name: std_name.to_string(),
            std_offset,
            dst: None,
        });
    }
    let (dst_name, mut s) = tzset_name(s)?;
    let dst_offset = if s.is_empty() || s.as_bytes().first() == Some(&b',') {
        std_offset + 3600
    } else {
        let (off, rest) = tzset_offset(s)?;
        s = rest;
        -off
    };
    if s.is_empty() {
        // Default DST rules per tzcode.
        s = ",M3.2.0,M11.1.0";
    }
    // The TZ definition does not mention ';' here but tzcode accepts it.
    let c = *s.as_bytes().first()?;
    if c != b',' && c != b';' {
        return None;
    }
    let (start, rest) = tzset_rule(s.get(1..)?)?;
    if rest.as_bytes().first() != Some(&b',') {
        return None;
    }
    let (end, rest) = tzset_rule(rest.get(1..)?)?;
    if !rest.is_empty() {
        return None;
    }
    Some(PosixTz {
        std_name: std_name.to_string(),
        std_offset,
        dst: Some(DstRule {
            name: dst_name.to_string(),
            offset: dst_offset,
            start,
            end,
        }),
    })
}

/// Go's `daysBefore`: days before the start of each month (non-leap year).
const DAYS_BEFORE: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/// Go's `tzruleTime`: seconds since the start of `year` (UTC) at which the rule
/// takes effect, for a zone whose offset before the transition is `off`.
fn tzrule_time(year: i64, r: &TransitionRule, off: i64) -> i64 {
    let s = match r.kind {
        RuleKind::Julian => {
            let mut s = (r.day - 1) * SECS_PER_DAY;
            if is_leap(year) && r.day >= 60 {
                s += SECS_PER_DAY;
            }
            s
        }
        RuleKind::Doy => r.day * SECS_PER_DAY,
        RuleKind::MonthWeekDay => {
            // Zeller's Congruence (Go's truncating division semantics, as Rust's).
            let m1 = (r.mon + 9) % 12 + 1;
            let mut yy0 = year;
            if r.mon <= 2 {
                yy0 -= 1;
            }
            let yy1 = yy0 / 100;
            let yy2 = yy0 % 100;
            let mut dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
            if dow < 0 {
                dow += 7;
            }
            // Now dow is the day-of-week of the first day of r.mon.
            // Get the day-of-month of the first "dow" day.
            let mut d = r.day - dow;
            if d < 0 {
                d += 7;
            }
            let dim = i64::from(days_in_month(year, r.mon.clamp(1, 12) as u32));
            for _ in 1..r.week {
                if d + 7 >= dim {
                    break;
                }
                d += 7;
            }
            let mi = r.mon.clamp(1, 12) as usize;
            d += DAYS_BEFORE[mi - 1];
            if is_leap(year) && r.mon > 2 {
                d += 1;
            }
            d * SECS_PER_DAY
        }
    };
    s + r.time - off
}

/// The zone in effect at an instant, with the period it is valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoneInfo<'a> {
    /// Abbreviation, e.g. `CET` or `+0530`.
    pub abbrev: &'a str,
    /// Seconds east of UTC.
    pub offset: i64,
    /// Start of the period (unix seconds, inclusive) as Go's `tzset` reports it:
    /// exact next to a DST transition, otherwise the start of the (UTC) year.
    pub start: i64,
    /// End of the period (exclusive), same caveat.
    pub end: i64,
    pub is_dst: bool,
}

impl PosixTz {
    /// Go's `tzset` evaluation part, for the instant `sec` (unix seconds).
    fn lookup(&self, sec: i64) -> ZoneInfo<'_> {
        let Some(dst) = &self.dst else {
            return ZoneInfo {
                abbrev: &self.std_name,
                offset: self.std_offset,
                start: i64::MIN,
                end: i64::MAX,
                is_dst: false,
            };
        };
        let sec = sec.clamp(-CLAMP_SECS, CLAMP_SECS);
        // Compute start of year in seconds since Unix epoch, and seconds since then
        // to get to sec.
        let days = sec.div_euclid(SECS_PER_DAY);
        let (year, _, _) = civil_from_days(days);
        let jan1 = days_from_civil(year, 1, 1);
        let ysec = (days - jan1) * SECS_PER_DAY + sec.rem_euclid(SECS_PER_DAY);
        let abs = jan1 * SECS_PER_DAY;

        let mut start_sec = tzrule_time(year, &dst.start, self.std_offset);
        let mut end_sec = tzrule_time(year, &dst.end, dst.offset);
        let (mut std_name, mut dst_name) = (self.std_name.as_str(), dst.name.as_str());
        let (mut std_offset, mut dst_offset) = (self.std_offset, dst.offset);
        let (mut std_is_dst, mut dst_is_dst) = (false, true);
        // Southern hemisphere (and Europe/Dublin): flip, keeping the labels.
        if end_sec < start_sec {
            std::mem::swap(&mut start_sec, &mut end_sec);
            std::mem::swap(&mut std_name, &mut dst_name);
            std::mem::swap(&mut std_offset, &mut dst_offset);
            std::mem::swap(&mut std_is_dst, &mut dst_is_dst);
        }
        // The start and end values are accurate close to a daylight savings
        // transition, but are otherwise just the start and end of the year (Go uses
        // 365 days even in leap years; kept as is).
        if ysec < start_sec {
            ZoneInfo {
                abbrev: std_name,
                offset: std_offset,
                start: abs,
                end: start_sec + abs,
                is_dst: std_is_dst,
            }
        } else if ysec >= end_sec {
            ZoneInfo {
                abbrev: std_name,
                offset: std_offset,
                start: end_sec + abs,
                end: abs + 365 * SECS_PER_DAY,
                is_dst: std_is_dst,
            }
        } else {
            ZoneInfo {
                abbrev: dst_name,
                offset: dst_offset,
                start: start_sec + abs,
                end: end_sec + abs,
                is_dst: dst_is_dst,
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Zones.
// ---------------------------------------------------------------------------

/// A time zone: an IANA name plus its (current) POSIX rule. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    inner: Arc<ZoneInner>,
}

#[derive(Debug, PartialEq, Eq)]
struct ZoneInner {
    name: String,
    rule: String,
    tz: PosixTz,
}

impl Zone {
    fn new(name: &str, rule: &str, tz: PosixTz) -> Zone {
        Zone {
            inner: Arc::new(ZoneInner {
                name: name.to_string(),
                rule: rule.to_string(),
                tz,
            }),
        }
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone::named_utc("UTC")
    }

    /// Go's `time.Local`. The simulated kube-controller-manager runs in a UTC
    /// container, so `Local` behaves exactly like UTC but keeps its name.
    pub fn local() -> Zone {
        Zone::named_utc("Local")
    }

    fn named_utc(name: &str) -> Zone {
        let tz = PosixTz {
            std_name: "UTC".to_string(),
            std_offset: 0,
            dst: None,
        };
        Zone::new(name, "UTC0", tz)
    }

    /// A zone from a POSIX TZ rule string (`None` if Go's `tzset` would reject it).
    pub fn from_posix(name: &str, rule: &str) -> Option<Zone> {
        Some(Zone::new(name, rule, parse_posix_tz(rule)?))
    }

    /// The IANA name (`UTC`, `Local`, `Europe/Paris`, ...).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The POSIX TZ rule the zone is evaluated with.
    pub fn posix_rule(&self) -> &str {
        &self.inner.rule
    }

    /// Whether the zone ever observes daylight saving time.
    pub fn has_dst(&self) -> bool {
        self.inner.tz.dst.is_some()
    }

    /// The zone in effect at `unix` (Go's `Location.lookup`).
    pub fn lookup(&self, unix: i64) -> ZoneInfo<'_> {
        self.inner.tz.lookup(unix)
    }

    /// UTC offset in seconds east of UTC at `unix`, and whether DST is in effect.
    pub fn offset_at(&self, unix: i64) -> (i64, bool) {
        let zi = self.lookup(unix);
        (zi.offset, zi.is_dst)
    }

    /// The local civil time at `unix` (Go's `t.In(loc)` fields).
    pub fn to_local(&self, unix: i64) -> DateTime {
        let unix = unix.clamp(-CLAMP_SECS, CLAMP_SECS);
        civil_from_unix(unix + self.lookup(unix).offset)
    }

    /// Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: fields are
    /// normalised, then the local wall time is converted to UTC. For a wall time
    /// that does not exist (spring forward) or exists twice (fall back) this picks
    /// the same instant Go does: the offset in effect at "wall time read as UTC" is
    /// tried first and, if that instant lies outside the period the offset belongs
    /// to, the offset in effect at the adjusted instant is used instead.
    pub fn local_to_unix(
        &self,
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        minute: i64,
        second: i64,
    ) -> i64 {
        let unix =
            unix_from_civil(year, month, day, hour, minute, second).clamp(-CLAMP_SECS, CLAMP_SECS);
        let zi = self.lookup(unix);
        let mut offset = zi.offset;
        if offset != 0 {
            let utc = unix - offset;
            if utc < zi.start || utc >= zi.end {
                offset = self.lookup(utc).offset;
            }
            return unix - offset;
        }
        unix
    }
}

/// Looks a zone up in the generated IANA table (exact, case-sensitive name).
/// `Local`, the empty string and unknown names give `None`.
pub fn zone(name: &str) -> Option<Zone> {
    let (dir, leaf) = match name.rfind('/') {
        Some(i) => (name.get(..=i)?, name.get(i + 1..)?),
        None => ("", name),
    };
    if leaf.is_empty() || leaf.contains(' ') {
        return None;
    }
    let mut index = 0usize;
    for (prefix, leaves) in tzdata::ZONE_DIRS {
        if *prefix == dir {
            for l in leaves.split(' ') {
                if l == leaf {
                    let rule_idx = usize::from(*tzdata::ZONE_RULE.get(index)?);
                    let rule = tzdata::RULES.get(rule_idx)?;
                    return Zone::from_posix(name, rule);
                }
                index += 1;
            }
            return None;
        }
        index += leaves.split(' ').count();
    }
    None
}

/// Every zone name of the table, sorted by directory then name.
pub fn zone_names() -> Vec<String> {
    let mut out = Vec::with_capacity(tzdata::ZONE_RULE.len());
    for (prefix, leaves) in tzdata::ZONE_DIRS {
        for l in leaves.split(' ') {
            out.push(format!("{prefix}{l}"));
        }
    }
    out
}

/// The tz database release the table was generated from (e.g. `2025b`).
pub fn tzdata_version() -> &'static str {
    tzdata::TZDATA_VERSION
}

/// Go's `time.LoadLocation`: `""` and `"UTC"` give UTC, `"Local"` gives the
/// controller's local zone (UTC, see [`Zone::local`]), names containing `..` or
/// starting with a slash are invalid, anything else must be in the IANA table.
pub fn load_location(name: &str) -> Result<Zone, String> {
    if name.is_empty() || name == "UTC" {
        return Ok(Zone::utc());
    }
    if name == "Local" {
        return Ok(Zone::local());
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".to_string());
    }
    zone(name).ok_or_else(|| format!("unknown time zone {name}"))
}

/// Port of Kubernetes `validateTimeZone` (pkg/apis/batch/validation/validation.go)
/// for `spec.timeZone`. Returns the error details (the text after
/// `spec.timeZone: Invalid value: ...: `); empty when valid.
pub fn validate_time_zone(time_zone: Option<&str>) -> Vec<String> {
    let mut errs = Vec::new();
    let Some(tz) = time_zone else {
        return errs;
    };
    if tz.is_empty() {
        errs.push("timeZone must be nil or non-empty string".to_string());
        return errs;
    }
    // validTimeZoneCharacters = ^[A-Za-z\.\-_0-9+]{1,14}$
    let valid_part = |p: &str| {
        !p.is_empty()
            && p.len() <= 14
            && p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'+'))
    };
    for part in tz.split('/') {
        if part == "." || part == ".." || part.starts_with('-') || !valid_part(part) {
            errs.push(format!("unknown time zone {tz}"));
            return errs;
        }
    }
    if tz.eq_ignore_ascii_case("Local") {
        errs.push(
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
                .to_string(),
        );
    }
    if let Err(e) = load_location(tz) {
        errs.push(e);
    }
    errs
}

// ---------------------------------------------------------------------------
// RFC 3339.
// ---------------------------------------------------------------------------

fn push_padded(out: &mut String, v: i64, width: usize) {
    if v < 0 {
        out.push('-');
    }
    let digits = v.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Formats `unix` as RFC 3339 in UTC, e.g. `2026-03-02T01:58:00Z` (Go's
/// `t.UTC().Format(time.RFC3339)`).
pub fn format_rfc3339(unix: i64) -> String {
    format_rfc3339_in(unix, &Zone::utc())
}

/// Formats `unix` as RFC 3339 in `zone`, e.g. `2026-03-02T02:58:00+01:00`
/// (Go's `t.In(loc).Format(time.RFC3339)`, as used for the
/// `batch.kubernetes.io/cronjob-scheduled-timestamp` annotation).
pub fn format_rfc3339_in(unix: i64, zone: &Zone) -> String {
    let unix = unix.clamp(-CLAMP_SECS, CLAMP_SECS);
    let offset = zone.lookup(unix).offset;
    let c = civil_from_unix(unix + offset);
    let mut out = String::with_capacity(25);
    push_padded(&mut out, c.year, 4);
    out.push('-');
    push_padded(&mut out, i64::from(c.month), 2);
    out.push('-');
    push_padded(&mut out, i64::from(c.day), 2);
    out.push('T');
    push_padded(&mut out, i64::from(c.hour), 2);
    out.push(':');
    push_padded(&mut out, i64::from(c.minute), 2);
    out.push(':');
    push_padded(&mut out, i64::from(c.second), 2);
    if offset == 0 {
        out.push('Z');
    } else {
        let mut zone_min = offset / 60; // truncating, like Go
        if zone_min < 0 {
            out.push('-');
            zone_min = -zone_min;
        } else {
            out.push('+');
        }
        push_padded(&mut out, zone_min / 60, 2);
        out.push(':');
        push_padded(&mut out, zone_min % 60, 2);
    }
    out
}

/// Parses an RFC 3339 timestamp (`2026-03-02T01:58:00Z`,
/// `2026-03-02T02:58:00.5+01:00`) into unix seconds; fractional seconds are
/// dropped (floor). Follows Go's `parseRFC3339` fast path: four-digit year,
/// upper-case `T` and `Z`, validated field ranges.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, to: usize, min: i64, max: i64| -> Option<i64> {
        let digits = b.get(from..to)?;
        let mut x: i64 = 0;
        for &c in digits {
            if !c.is_ascii_digit() {
                return None;
            }
            x = x * 10 + i64::from(c - b'0');
        }
        (min..=max).contains(&x).then_some(x)
    };
    if b.len() < 19 {
        return None;
    }
    let year = num(0, 4, 0, 9999)?;
    let month = num(5, 7, 1, 12)?;
    let day = num(8, 10, 1, i64::from(days_in_month(year, month as u32)))?;
    let hour = num(11, 13, 0, 23)?;
    let minute = num(14, 16, 0, 59)?;
    let second = num(17, 19, 0, 59)?;
    if !(b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':') {
        return None;
    }
    let mut rest = b.get(19..)?;
    // Fractional second.
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let n = rest
            .iter()
            .skip(1)
            .position(|c| !c.is_ascii_digit())
            .map_or(rest.len(), |p| p + 1);
        rest = rest.get(n..)?;
    }
    let t = unix_from_civil(year, month, day, hour, minute, second);
    if rest == b"Z" {
        return Some(t);
    }
    if rest.len() != 6 {
        return None;
    }
    let sub = |from: usize| -> Option<i64> {
        let d = rest.get(from..from + 2)?;
        if !d[0].is_ascii_digit() || !d[1].is_ascii_digit() {
            return None;
        }
        Some(i64::from(d[0] - b'0') * 10 + i64::from(d[1] - b'0'))
    };
    let hr = sub(1).filter(|h| *h <= 23)?;
    let mm = sub(4).filter(|m| *m <= 59)?;
    if !((rest[0] == b'-' || rest[0] == b'+') && rest[3] == b':') {
        return None;
    }
    let mut offset = (hr * 60 + mm) * 60;
    if rest[0] == b'-' {
        offset = -offset;
    }
    Some(t - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> i64 {
        parse_rfc3339(s).expect("valid timestamp")
    }

    #[test]
    fn civil_round_trip_and_weekday() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for d in (-800_000..800_000).step_by(97) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(dd)), d);
        }
        // 2026-03-02 is a Monday.
        assert_eq!(weekday_from_days(days_from_civil(2026, 3, 2)), 1);
        assert_eq!(weekday_from_days(0), 4);
        // Normalisation like Go's time.Date.
        assert_eq!(days_from_civil(2021, 2, 31), days_from_civil(2021, 3, 3));
        assert_eq!(days_from_civil(2021, 13, 1), days_from_civil(2022, 1, 1));
        assert_eq!(days_from_civil(2021, 0, 1), days_from_civil(2020, 12, 1));
        assert_eq!(
            unix_from_civil(2020, 1, 1, 24, 0, 0),
            utc("2020-01-02T00:00:00Z")
        );
        let c = civil_from_unix(utc("2024-02-29T23:59:58Z"));
        assert_eq!(
            (c.year, c.month, c.day, c.hour, c.minute, c.second),
            (2024, 2, 29, 23, 59, 58)
        );
        assert_eq!(c.weekday, 4);
        assert!(is_leap(2000) && is_leap(2024) && !is_leap(1900) && !is_leap(2023));
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2024, 13), 0);
    }

    #[test]
    fn rfc3339() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_772_416_680), "2026-03-02T01:58:00Z");
        assert_eq!(utc("2026-03-02T01:58:00Z"), 1_772_416_680);
        assert_eq!(utc("2026-03-02T02:58:00+01:00"), 1_772_416_680);
        assert_eq!(utc("2026-03-01T20:28:00-05:30"), 1_772_416_680);
        assert_eq!(utc("2026-03-02T01:58:00.999999Z"), 1_772_416_680);
        for bad in [
            "",
            "2026-03-02",
            "2026-03-02 01:58:00Z",
            "2026-03-02t01:58:00Z",
            "2026-02-29T00:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T01:60:00Z",
            "2026-03-02T01:58:60Z",
            "2026-03-02T01:58:00",
            "2026-03-02T01:58:00+0100",
            "2026-03-02T01:58:00+24:00",
            "2026-03-02T01:58:00z",
            "2026-03-02T01:58:00.Z",
            "+026-03-02T01:58:00Z",
            "2026-03-02T01:58:00ZZ",
            "２026-03-02T01:58:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(utc("2024-02-29T00:00:00Z"), 1_709_164_800);
        let paris = zone("Europe/Paris").unwrap();
        assert_eq!(
            format_rfc3339_in(1_772_416_680, &paris),
            "2026-03-02T02:58:00+01:00"
        );
        let kolkata = zone("Asia/Kolkata").unwrap();
        assert_eq!(
            format_rfc3339_in(1_772_416_680, &kolkata),
            "2026-03-02T07:28:00+05:30"
        );
        let ny = zone("America/New_York").unwrap();
        assert_eq!(
            format_rfc3339_in(utc("2026-07-01T12:00:00Z"), &ny),
            "2026-07-01T08:00:00-04:00"
        );
        // Extreme values do not panic.
        let _ = format_rfc3339(i64::MAX);
        let _ = format_rfc3339(i64::MIN);
        let _ = format_rfc3339_in(i64::MIN, &ny);
    }

    #[test]
    fn table_lookup() {
        for name in [
            "UTC",
            "Etc/UTC",
            "Europe/Paris",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "America/Argentina/Buenos_Aires",
            "America/North_Dakota/New_Salem",
            "Etc/GMT+5",
            "US/Eastern",
            "EST5EDT",
            "GMT",
            "Factory",
        ] {
            let z = zone(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(z.name(), name);
        }
        for name in [
            "",
            "Local",
            "local",
            "europe/paris",
            "Europe/",
            "Europe",
            "/Europe/Paris",
            "Mars/Olympus",
            "Europe/Paris ",
            "posixrules",
            "localtime",
            "posix/Europe/Paris",
            "right/UTC",
        ] {
            assert!(zone(name).is_none(), "{name:?} should be unknown");
        }
        let names = zone_names();
        assert_eq!(names.len(), tzdata::ZONE_RULE.len());
        assert!(names.len() > 500);
        // Every rule of the table parses with the Go tzset port.
        for n in &names {
            assert!(zone(n).is_some(), "{n} rule does not parse");
        }
        for r in tzdata::RULES {
            assert!(parse_posix_tz(r).is_some(), "{r}");
        }
        assert!(!tzdata_version().is_empty());
    }

    #[test]
    fn load_location_like_go() {
        assert_eq!(load_location("").unwrap().name(), "UTC");
        assert_eq!(load_location("UTC").unwrap().name(), "UTC");
        assert_eq!(load_location("Local").unwrap().name(), "Local");
        assert_eq!(
            load_location("Europe/Paris").unwrap().name(),
            "Europe/Paris"
        );
        assert_eq!(
            load_location("Bogus").unwrap_err(),
            "unknown time zone Bogus"
        );
        assert_eq!(
            load_location("a/../b").unwrap_err(),
            "time: invalid location name"
        );
        assert_eq!(
            load_location("/etc/passwd").unwrap_err(),
            "time: invalid location name"
        );
    }

    #[test]
    fn validate_time_zone_like_kubernetes() {
        assert!(validate_time_zone(None).is_empty());
        assert!(validate_time_zone(Some("Europe/Paris")).is_empty());
        assert!(validate_time_zone(Some("Etc/GMT-14")).is_empty());
        assert_eq!(
            validate_time_zone(Some("")),
            vec!["timeZone must be nil or non-empty string"]
        );
        assert_eq!(
            validate_time_zone(Some("Local")),
            vec!["timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"]
        );
        assert_eq!(
            validate_time_zone(Some("local")),
            vec![
                "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
                "unknown time zone local"
            ]
        );
        assert_eq!(
            validate_time_zone(Some("Mars/Olympus")),
            vec!["unknown time zone Mars/Olympus"]
        );
        assert_eq!(
            validate_time_zone(Some("../etc")),
            vec!["unknown time zone ../etc"]
        );
        assert_eq!(
            validate_time_zone(Some("Europe/-Paris")),
            vec!["unknown time zone Europe/-Paris"]
        );
        assert_eq!(
            validate_time_zone(Some("Europe//Paris")),
            vec!["unknown time zone Europe//Paris"]
        );
        assert_eq!(
            validate_time_zone(Some("Europe/Paris ")),
            vec!["unknown time zone Europe/Paris "]
        );
        assert_eq!(
            validate_time_zone(Some("America/VeryLongCityName")),
            vec!["unknown time zone America/VeryLongCityName"]
        );
        assert_eq!(
            validate_time_zone(Some("a..b")),
            vec!["time: invalid location name"]
        );
    }

    #[test]
    fn offsets_and_transitions() {
        let paris = zone("Europe/Paris").unwrap();
        assert_eq!(paris.offset_at(utc("2021-03-28T00:59:59Z")), (3600, false));
        assert_eq!(paris.offset_at(utc("2021-03-28T01:00:00Z")), (7200, true));
        assert_eq!(paris.offset_at(utc("2021-10-31T00:59:59Z")), (7200, true));
        assert_eq!(paris.offset_at(utc("2021-10-31T01:00:00Z")), (3600, false));
        assert_eq!(paris.lookup(utc("2021-07-01T00:00:00Z")).abbrev, "CEST");
        let ny = zone("America/New_York").unwrap();
        assert_eq!(ny.offset_at(utc("2021-03-14T06:59:59Z")).0, -5 * 3600);
        assert_eq!(ny.offset_at(utc("2021-03-14T07:00:00Z")).0, -4 * 3600);
        assert_eq!(ny.offset_at(utc("2021-11-07T05:59:59Z")).0, -4 * 3600);
        assert_eq!(ny.offset_at(utc("2021-11-07T06:00:00Z")).0, -5 * 3600);
        let kolkata = zone("Asia/Kolkata").unwrap();
        assert_eq!(
            kolkata.offset_at(utc("2021-07-01T00:00:00Z")),
            (19_800, false)
        );
        assert!(!kolkata.has_dst());
        // Lord Howe: +10:30 standard, +11 in summer (30 minute DST), southern hemisphere.
        let lh = zone("Australia/Lord_Howe").unwrap();
        assert_eq!(lh.offset_at(utc("2021-07-01T00:00:00Z")), (37_800, false));
        assert_eq!(lh.offset_at(utc("2021-01-01T00:00:00Z")), (39_600, true));
        // DST ends 2021-04-04 02:00 local (+11) = 2021-04-03T15:00:00Z.
        assert_eq!(lh.offset_at(utc("2021-04-03T14:59:59Z")).0, 39_600);
        assert_eq!(lh.offset_at(utc("2021-04-03T15:00:00Z")).0, 37_800);
        // Europe/Dublin: negative DST (IST in summer is "standard").
        let dublin = zone("Europe/Dublin").unwrap();
        assert_eq!(dublin.offset_at(utc("2021-07-01T00:00:00Z")).0, 3600);
        assert_eq!(dublin.offset_at(utc("2021-12-01T00:00:00Z")).0, 0);
        // Gaza style rule with a transition hour > 24 (M3.4.4/50): Saturday 02:00.
        let z = Zone::from_posix("x", "EET-2EEST,M3.4.4/50,M10.4.4/50").unwrap();
        // Fourth Thursday of March 2024 is the 28th; +50h = Saturday 30th 02:00 local (00:00Z).
        assert_eq!(z.offset_at(utc("2024-03-29T23:59:59Z")).0, 7200);
        assert_eq!(z.offset_at(utc("2024-03-30T00:00:00Z")).0, 10_800);
        // Negative transition time (America/Nuuk): M3.5.0/-1 = Saturday 23:00 local.
        let nuuk = zone("America/Nuuk").unwrap();
        // Last Sunday of March 2024 = 31st; -1h => Sat 30th 23:00 at -02 = 2024-03-31T01:00Z.
        assert_eq!(nuuk.offset_at(utc("2024-03-31T00:59:59Z")).0, -7200);
        assert_eq!(nuuk.offset_at(utc("2024-03-31T01:00:00Z")).0, -3600);
        // Julian and zero-based day forms.
        let j = Zone::from_posix("j", "AAA-1BBB,J60/0,J300/0").unwrap();
        // J60 is always March 1st.
        assert_eq!(j.offset_at(utc("2024-02-29T23:00:00Z")).0, 7200);
        assert_eq!(j.offset_at(utc("2024-02-29T22:59:59Z")).0, 3600);
        let n = Zone::from_posix("n", "AAA-1BBB,59/0,300/0").unwrap();
        // Day 59 (zero based, Feb 29 counted) is Feb 29 in a leap year.
        assert_eq!(n.offset_at(utc("2024-02-28T23:00:00Z")).0, 7200);
        assert_eq!(n.offset_at(utc("2024-02-28T22:59:59Z")).0, 3600);
        // Default rules when only names are given.
        let d = Zone::from_posix("d", "EST5EDT").unwrap();
        assert_eq!(d.offset_at(utc("2021-07-01T00:00:00Z")).0, -4 * 3600);
        // Invalid strings are rejected like Go's tzset.
        for bad in [
            "",
            "AB",
            "CET",
            "CET-1CEST,M3.5.0",
            "CET-1CEST,M13.5.0,M10.5.0",
            "CET-1X",
            "<CET-1",
        ] {
            assert!(Zone::from_posix("b", bad).is_none(), "{bad}");
        }
        assert!(Zone::from_posix("b", "CET-1").is_some());
    }

    #[test]
    fn local_to_unix_like_go_date() {
        let paris = zone("Europe/Paris").unwrap();
        // Normal times.
        assert_eq!(
            paris.local_to_unix(2021, 7, 1, 12, 0, 0),
            utc("2021-07-01T10:00:00Z")
        );
        // Non-existent 02:30 on spring-forward night -> 03:30 CEST (= 02:30 CET).
        assert_eq!(
            paris.local_to_unix(2021, 3, 28, 2, 30, 0),
            utc("2021-03-28T01:30:00Z")
        );
        assert_eq!(
            paris.local_to_unix(2021, 3, 28, 2, 0, 0),
            utc("2021-03-28T01:00:00Z")
        );
        // Ambiguous 02:30 on fall-back night -> Go picks the CET (second) one here.
        assert_eq!(
            paris.local_to_unix(2021, 10, 31, 2, 30, 0),
            utc("2021-10-31T01:30:00Z")
        );
        let ny = zone("America/New_York").unwrap();
        // Ambiguous 01:30 -> Go picks EDT (first) for New York.
        assert_eq!(
            ny.local_to_unix(2021, 11, 7, 1, 30, 0),
            utc("2021-11-07T05:30:00Z")
        );
        // Non-existent 02:30 -> Go resolves it with the EDT offset: 06:30Z (01:30 EST).
        assert_eq!(
            ny.local_to_unix(2021, 3, 14, 2, 30, 0),
            utc("2021-03-14T06:30:00Z")
        );
        let c = ny.to_local(utc("2021-11-07T06:30:00Z"));
        assert_eq!((c.hour, c.minute), (1, 30));
        // Extreme inputs do not panic.
        let _ = ny.local_to_unix(i64::MAX, i64::MIN, i64::MAX, i64::MIN, i64::MAX, i64::MIN);
        let _ = ny.to_local(i64::MAX);
        let _ = ny.lookup(i64::MIN);
    }
}
