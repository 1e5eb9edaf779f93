//! Durations in Kubernetes style (`500ms`, `10s`, `2m`, `1h30m`, or a bare
//! number of seconds) and simulated time in milliseconds.

/// Simulated time and durations, in milliseconds: integers keep runs exact
/// and identical natively and in WebAssembly.
pub type Millis = i64;

/// Parses `500ms`, `10s`, `2m`, `1h30m`, `1.5s` or `42` (seconds).
pub fn parse_duration(s: &str) -> Option<Millis> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(secs) = s.parse::<f64>() {
        return to_ms(secs, 1000.0);
    }
    let mut total: f64 = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let value: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += value * factor;
    }
    to_ms(total, 1.0)
}

fn to_ms(value: f64, factor: f64) -> Option<Millis> {
    let ms = (value * factor).round();
    (ms.is_finite() && (0.0..=1e15).contains(&ms)).then_some(ms as Millis)
}

/// `a..b`, `a..`, `..b` → an interval of simulated time.
pub fn parse_interval(s: &str) -> Option<(Option<Millis>, Option<Millis>)> {
    let (a, b) = s.split_once("..")?;
    let a = if a.trim().is_empty() {
        None
    } else {
        Some(parse_duration(a)?)
    };
    let b = if b.trim().is_empty() {
        None
    } else {
        Some(parse_duration(b)?)
    };
    Some((a, b))
}

/// A duration for people: `40s`, `2m30s`, `1h5m`, `250ms`.
pub fn format_duration(ms: Millis) -> String {
    if ms < 1000 && ms % 1000 != 0 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let frac = ms % 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || frac > 0 || out.is_empty() {
        if frac > 0 {
            out.push_str(&format!("{s}.{:01}s", frac / 100));
        } else {
            out.push_str(&format!("{s}s"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(500));
        assert_eq!(parse_duration("10s"), Some(10_000));
        assert_eq!(parse_duration("2m"), Some(120_000));
        assert_eq!(parse_duration("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration("42"), Some(42_000));
        assert_eq!(parse_duration("1.5s"), Some(1_500));
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration("10x"), None);
        assert_eq!(parse_duration("-5s"), None);
        assert_eq!(parse_interval("45s.."), Some((Some(45_000), None)));
        assert_eq!(parse_interval("..2m"), Some((None, Some(120_000))));
        assert_eq!(format_duration(160_000), "2m40s");
        assert_eq!(format_duration(10_000), "10s");
        assert_eq!(format_duration(3_900_000), "1h5m");
    }
}
