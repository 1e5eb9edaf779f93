//! Label and field selectors (`-l`, `--selector`, `--field-selector`), as
//! `labels.Parse` and `fields.ParseSelector` in apimachinery accept them
//! (the common forms: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`,
//! `k notin (a,b)`).

use crate::sorted::SortedMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    Exists(String),
    NotExists(String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
}

impl Requirement {
    pub fn matches(&self, labels: &SortedMap<String, String>) -> bool {
        match self {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::NotExists(k) => !labels.contains_key(k),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
        }
    }
}

/// Splits at commas that are not inside parentheses.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn valid_value(v: &str) -> bool {
    v.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `labels.Parse`. The error is worded as kubectl reports a selector it
/// cannot read.
pub fn parse_labels(s: &str) -> Result<Vec<Requirement>, String> {
    let bad = |why: &str| Err(format!("unable to parse requirement: {why}"));
    let mut out = Vec::new();
    if s.trim().is_empty() {
        return Ok(out);
    }
    for part in split_top(s) {
        let part = part.trim();
        if part.is_empty() {
            return bad("found '', expected: identifier");
        }
        let words: Vec<&str> = part.split_whitespace().collect();
        if words.len() >= 2 && (words[1] == "in" || words[1] == "notin") {
            let key = words[0];
            // `part` starts with the key; the operator word follows it.
            let after_key = part.get(key.len()..).unwrap_or("").trim_start();
            let rest = after_key.get(words[1].len()..).unwrap_or("").trim();
            let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
                return bad(&format!("found '{rest}', expected: '('"));
            };
            let values: Vec<String> = inner
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            if !valid_key(key) || values.iter().any(|v| !valid_value(v)) {
                return bad(&format!("invalid requirement '{part}'"));
            }
            out.push(if words[1] == "in" {
                Requirement::In(key.into(), values)
            } else {
                Requirement::NotIn(key.into(), values)
            });
            continue;
        }
        let (key, op, value) = if let Some((k, v)) = part.split_once("!=") {
            (k, "!=", v)
        } else if let Some((k, v)) = part.split_once("==") {
            (k, "=", v)
        } else if let Some((k, v)) = part.split_once('=') {
            (k, "=", v)
        } else if let Some(k) = part.strip_prefix('!') {
            (k, "!", "")
        } else {
            (part, "", "")
        };
        let (key, value) = (key.trim(), value.trim());
        if !valid_key(key) {
            return bad(&format!("invalid label key \"{key}\""));
        }
        if !valid_value(value) {
            return bad(&format!("invalid label value: \"{value}\""));
        }
        out.push(match op {
            "!=" => Requirement::NotEquals(key.into(), value.into()),
            "=" => Requirement::Equals(key.into(), value.into()),
            "!" => Requirement::NotExists(key.into()),
            _ => Requirement::Exists(key.into()),
        });
    }
    Ok(out)
}

pub fn matches_all(reqs: &[Requirement], labels: &SortedMap<String, String>) -> bool {
    reqs.iter().all(|r| r.matches(labels))
}

/// One `--field-selector` term: `field=value`, `field==value` or
/// `field!=value` (`fields.ParseSelector`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldReq {
    pub field: String,
    pub value: String,
    pub equal: bool,
}

pub fn parse_fields(s: &str) -> Result<Vec<FieldReq>, String> {
    let mut out = Vec::new();
    if s.trim().is_empty() {
        return Ok(out);
    }
    for part in s.split(',') {
        let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
            (f, v, false)
        } else if let Some((f, v)) = part.split_once("==") {
            (f, v, true)
        } else if let Some((f, v)) = part.split_once('=') {
            (f, v, true)
        } else {
            return Err(format!(
                "invalid selector: '{s}'; can't understand '{part}'"
            ));
        };
        out.push(FieldReq {
            field: field.trim().to_string(),
            value: value.trim().to_string(),
            equal,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> SortedMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn label_selectors() {
        let l = labels(&[("job-name", "pi"), ("app", "x")]);
        let m = |s: &str| matches_all(&parse_labels(s).unwrap(), &l);
        assert!(m("job-name=pi"));
        assert!(m("job-name==pi,app"));
        assert!(!m("job-name!=pi"));
        assert!(m("!missing"));
        assert!(m("app in (x, y)"));
        let tinted = labels(&[("tint", "a")]);
        assert!(matches_all(&parse_labels("tint in (a)").unwrap(), &tinted));
        assert!(!m("app notin (x)"));
        assert!(m(""));
        assert!(parse_labels("a=b=c").is_err());
        assert!(parse_labels("app in x").is_err());
        assert!(parse_labels(",").is_err());
    }

    #[test]
    fn field_selectors() {
        assert_eq!(
            parse_fields("involvedObject.name=pi,type!=Normal").unwrap(),
            vec![
                FieldReq {
                    field: "involvedObject.name".into(),
                    value: "pi".into(),
                    equal: true
                },
                FieldReq {
                    field: "type".into(),
                    value: "Normal".into(),
                    equal: false
                },
            ]
        );
        assert!(parse_fields("oops").is_err());
    }
}
