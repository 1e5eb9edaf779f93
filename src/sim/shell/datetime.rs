//! Calendar arithmetic for `date` (UTC only: containers run with TZ unset)
//! and strftime(3) formatting of the codes scripts use.

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tm {
    pub year: i64,
    pub month: u32, // 1..=12
    pub day: u32,   // 1..=31
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
    pub wday: u32, // 0 = Sunday
    pub yday: u32, // 0-based
    pub unix: i64,
    pub nanos: u32,
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Breaks down unix time in milliseconds.
pub(crate) fn tm_from_unix_ms(ms: i64) -> Tm {
    let unix = ms.div_euclid(1000);
    let nanos = (ms.rem_euclid(1000) as u32) * 1_000_000;
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    let wday = (days + 4).rem_euclid(7) as u32; // 1970-01-01 was a Thursday
    let cum = [0u32, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let mut yday = cum.get((month - 1) as usize).copied().unwrap_or(0) + day - 1;
    if month > 2 && is_leap(year) {
        yday += 1;
    }
    Tm {
        year,
        month,
        day,
        hour: secs / 3600,
        min: secs / 60 % 60,
        sec: secs % 60,
        wday,
        yday,
        unix,
        nanos,
    }
}

fn name(list: &[&'static str], i: u32) -> &'static str {
    list.get(i as usize).copied().unwrap_or("?")
}

/// strftime(3) in the C locale, for UTC.
pub(crate) fn strftime(fmt: &str, t: &Tm) -> String {
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // glibc/musl flags: `-` no padding, `_` space padding, `0` zeros
        let mut pad: Option<char> = None;
        while let Some(&f) = it.peek() {
            if f == '-' || f == '_' || f == '0' {
                pad = Some(f);
                it.next();
            } else {
                break;
            }
        }
        let num = |v: i64, width: usize, default: char| -> String {
            match pad.unwrap_or(default) {
                '-' => v.to_string(),
                '_' => format!("{v:>width$}"),
                _ => format!("{v:0width$}"),
            }
        };
        let Some(code) = it.next() else {
            out.push('%');
            break;
        };
        let hour12 = if t.hour.is_multiple_of(12) {
            12
        } else {
            t.hour % 12
        };
        let s = match code {
            'Y' => t.year.to_string(),
            'C' => num(t.year.div_euclid(100), 2, '0'),
            'y' => num(t.year.rem_euclid(100), 2, '0'),
            'm' => num(t.month as i64, 2, '0'),
            'd' => num(t.day as i64, 2, '0'),
            'e' => num(t.day as i64, 2, '_'),
            'H' => num(t.hour as i64, 2, '0'),
            'k' => num(t.hour as i64, 2, '_'),
            'I' => num(hour12 as i64, 2, '0'),
            'l' => num(hour12 as i64, 2, '_'),
            'M' => num(t.min as i64, 2, '0'),
            'S' => num(t.sec as i64, 2, '0'),
            'N' => format!("{:09}", t.nanos),
            'j' => num(t.yday as i64 + 1, 3, '0'),
            'a' => name(&DAYS, t.wday)[..3].to_string(),
            'A' => name(&DAYS, t.wday).to_string(),
            'b' | 'h' => name(&MONTHS, t.month - 1)[..3].to_string(),
            'B' => name(&MONTHS, t.month - 1).to_string(),
            'p' => if t.hour < 12 { "AM" } else { "PM" }.to_string(),
            'P' => if t.hour < 12 { "am" } else { "pm" }.to_string(),
            'u' => (if t.wday == 0 { 7 } else { t.wday }).to_string(),
            'w' => t.wday.to_string(),
            's' => t.unix.to_string(),
            'Z' => "UTC".to_string(),
            'z' => "+0000".to_string(),
            'F' => format!("{}-{:02}-{:02}", t.year, t.month, t.day),
            'T' => format!("{:02}:{:02}:{:02}", t.hour, t.min, t.sec),
            'R' => format!("{:02}:{:02}", t.hour, t.min),
            'D' => format!("{:02}/{:02}/{:02}", t.month, t.day, t.year.rem_euclid(100)),
            'c' => strftime("%a %b %e %H:%M:%S %Y", t),
            'x' => strftime("%m/%d/%y", t),
            'X' => strftime("%H:%M:%S", t),
            'r' => strftime("%I:%M:%S %p", t),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busybox_default_format() {
        // 2026-03-02T01:58:00Z
        let t = tm_from_unix_ms(1_772_416_680_000);
        assert_eq!(
            strftime("%a %b %e %H:%M:%S %Z %Y", &t),
            "Mon Mar  2 01:58:00 UTC 2026"
        );
        assert_eq!(
            strftime("%F %T %s %j %%", &t),
            "2026-03-02 01:58:00 1772416680 061 %"
        );
        let epoch = tm_from_unix_ms(0);
        assert_eq!(strftime("%A %B %d %Y", &epoch), "Thursday January 01 1970");
        let leap = tm_from_unix_ms(951_782_400_000); // 2000-02-29
        assert_eq!(strftime("%F %j", &leap), "2000-02-29 060");
        let before = tm_from_unix_ms(-1000);
        assert_eq!(strftime("%F %T", &before), "1969-12-31 23:59:59");
    }
}
