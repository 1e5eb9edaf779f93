//! Share links: the lesson, the edited texts, the moment and the speed in
//! the URL fragment, compressed (DEFLATE) and versioned (`1.` prefix) so
//! that old links keep working. Decoding checks everything and never
//! panics: a link comes from anywhere.

use crate::json_lite::{self, Value};

/// The version written by [`encode`]; [`decode`] reads every version up to it.
pub const VERSION: u32 = 1;
/// The most text a link may unpack to.
pub const MAX_UNPACKED: usize = 1 << 20;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shared {
    pub lesson: String,
    /// The texts, when they differ from the lesson's.
    pub manifest: Option<String>,
    pub scenario: Option<String>,
    /// The moment shown, simulated milliseconds.
    pub t_ms: u64,
    /// Simulated seconds per real second.
    pub speed: u32,
    pub lang: String,
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

pub fn unbase64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// `1.<base64url(deflate(json))>`.
pub fn encode(s: &Shared) -> String {
    let text = |t: &Option<String>| t.clone().map_or(Value::Null, Value::String);
    let payload = json_lite::to_string(&Value::Object(vec![
        ("l".into(), Value::String(s.lesson.clone())),
        ("m".into(), text(&s.manifest)),
        ("s".into(), text(&s.scenario)),
        ("t".into(), Value::Number(s.t_ms as f64)),
        ("v".into(), Value::Number(f64::from(s.speed))),
        ("g".into(), Value::String(s.lang.clone())),
    ]));
    let packed = crate::deflate::compress(payload.as_bytes());
    format!("{VERSION}.{}", base64url(&packed))
}

/// Reads a link's value; the error says what is wrong with it.
pub fn decode(value: &str) -> Result<Shared, String> {
    let (version, data) = value.split_once('.').ok_or("the link has no version")?;
    match version.parse::<u32>() {
        Ok(1) => {}
        Ok(v) => {
            return Err(format!(
                "the link was made by a newer playground (version {v})"
            ))
        }
        Err(_) => return Err("the link's version is not a number".into()),
    }
    let packed = unbase64url(data).ok_or("the link is not valid base64url")?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_UNPACKED)
        .map_err(|_| "the link is damaged (it does not decompress)")?;
    let v = std::str::from_utf8(&bytes)
        .ok()
        .and_then(json_lite::parse)
        .filter(|v| matches!(v, Value::Object(_)))
        .ok_or("the link is damaged (not JSON)")?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let lesson = text("l").ok_or("the link names no lesson")?;
    if lesson.len() > 200
        || !lesson
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("the link's lesson name is not valid".into());
    }
    Ok(Shared {
        lesson,
        manifest: text("m"),
        scenario: text("s"),
        t_ms: v.get("t").and_then(Value::as_u64).unwrap_or(0).min(1 << 50),
        speed: v
            .get("v")
            .and_then(Value::as_u64)
            .unwrap_or(10)
            .clamp(1, 1000) as u32,
        lang: text("g")
            .filter(|g| g == "fr" || g == "en")
            .unwrap_or_else(|| "fr".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_size() {
        let manifest: String = (0..60)
            .map(|i| format!("    - name: VARIABLE_{i}\n      value: \"{i}\"\n"))
            .collect();
        let s = Shared {
            lesson: "backoff-ladder".into(),
            manifest: Some(manifest.clone()),
            scenario: None,
            t_ms: 42_000,
            speed: 60,
            lang: "en".into(),
        };
        let link = encode(&s);
        assert!(
            link.len() < 2000,
            "a 60-line manifest fits in {} characters",
            link.len()
        );
        assert_eq!(decode(&link).unwrap(), s);
    }

    #[test]
    fn base64url_round_trip() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(unbase64url(&base64url(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn bad_links_are_errors() {
        for bad in ["", "1", "2.abc", "x.abc", "1.!!!", "1.AAAA", "1."] {
            assert!(decode(bad).is_err(), "{bad}");
        }
        let evil = encode(&Shared {
            lesson: "<script>".into(),
            ..Shared::default()
        });
        assert!(decode(&evil).is_err());
    }
}
