//! Index sets written as intervals (`"1,3-5,7"`), as `completedIndexes`,
//! `failedIndexes` and `successPolicy.rules[].succeededIndexes` use them
//! (`pkg/controller/job/indexed_job_utils.go`, `parseIndexesFromString`).

use crate::sorted::SortedSet;

/// Parses an interval list, checking order and range; returns the number
/// of indexes it names. Errors are worded as upstream's.
pub fn parse_indexes(s: &str, completions: i32) -> Result<usize, String> {
    Ok(indexes(s, completions)?.len())
}

pub fn indexes(s: &str, completions: i32) -> Result<SortedSet<i32>, String> {
    let mut out = SortedSet::new();
    if s.is_empty() {
        return Ok(out);
    }
    let mut prev: Option<i32> = None;
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a, b),
            None => (part, part),
        };
        let parse = |x: &str| {
            x.trim().parse::<i32>().map_err(|_| {
                format!(
                    "cannot convert string to integer for index: {}",
                    crate::quote::quote(x)
                )
            })
        };
        let (lo, hi) = (parse(a)?, parse(b)?);
        if hi >= completions {
            return Err(format!("too large index: {hi}"));
        }
        if lo > hi || prev.is_some_and(|p| lo <= p) {
            return Err(format!(
                "non-increasing order, previous: {}, current: {lo}",
                prev.unwrap_or(hi)
            ));
        }
        out.extend(lo..=hi);
        prev = Some(hi);
    }
    Ok(out)
}

/// Writes indexes as intervals: `0,2-4,7`.
pub fn format_intervals(set: &SortedSet<i32>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut iter = set.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        if !out.is_empty() {
            out.push(',');
        }
        // Writing into a String cannot fail.
        let _ = if start == end {
            write!(out, "{start}")
        } else {
            write!(out, "{start}-{end}")
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_trip() {
        let set: SortedSet<i32> = [0, 2, 3, 4, 7].into_iter().collect();
        assert_eq!(format_intervals(&set), "0,2-4,7");
        assert_eq!(indexes("0,2-4,7", 8).unwrap(), set);
        assert_eq!(parse_indexes("1-3", 3), Err("too large index: 3".into()));
        assert!(parse_indexes("3,1", 5)
            .unwrap_err()
            .contains("non-increasing"));
    }
}
