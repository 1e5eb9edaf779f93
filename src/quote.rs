//! Go's quoting, for the values Kubernetes messages show: `%q` of a string
//! (`strconv.Quote`) and `%#v` of a `map[string]string` (a field error's
//! bad value, `field.Error.ErrorBody`).
//!
//! Rust's `{:?}` quotes differently (`\u{a0}` where Go writes `\u00a0`),
//! and the page is built without `Debug` formatting at all (`-Zfmt-debug=none`,
//! xtask/src/build.rs): whatever a learner reads is written through here.

use crate::sorted::SortedMap;
use std::fmt::Write;

/// `strconv.Quote`: double quotes; `"` and `\` backslashed; the C escapes
/// (`\a \b \f \n \r \t \v`); other control characters as `\xNN`; a
/// character Go does not print (`strconv.IsPrint`) as `\uNNNN` or
/// `\UNNNNNNNN`; every other character as itself.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        let named = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\x07' => "\\a",
            '\x08' => "\\b",
            '\x0c' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\x0b' => "\\v",
            _ => "",
        };
        let n = c as u32;
        if !named.is_empty() {
            out.push_str(named);
        } else if n < 0x20 || n == 0x7f {
            let _ = write!(out, "\\x{n:02x}");
        } else if printable(c) {
            out.push(c);
        } else if n < 0x10000 {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            let _ = write!(out, "\\U{n:08x}");
        }
    }
    out.push('"');
    out
}

/// `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space. Not printed: control and format characters, spaces
/// and separators other than U+0020 (the no-break spaces French text
/// uses among them), private use areas and noncharacters. Unassigned code
/// points, which Go also escapes, would need Unicode's tables and are
/// printed as they are.
fn printable(c: char) -> bool {
    !matches!(c as u32,
        0x80..=0x9f // C1 controls
        | 0xa0 | 0xad | 0x1680 | 0x180e // no-break space, soft hyphen, …
        | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2
        | 0x2000..=0x200f // spaces, zero-width characters, directional marks
        | 0x2028..=0x202f // separators, embeddings, narrow no-break space
        | 0x205f..=0x2064 | 0x2066..=0x206f
        | 0x3000 | 0xd800..=0xf8ff // surrogates, private use
        | 0xfeff | 0xfdd0..=0xfdef | 0xfff9..=0xfffb
        | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f
        | 0xf0000..)
        && (c as u32) & 0xfffe != 0xfffe
}

/// `%#v` of a `map[string]string`: keys in order, as Go's fmt prints maps.
/// Labels not written decode to a nil map, which Go prints as such; the
/// playground keeps no difference between absent and `{}`, and the first
/// is what a manifest has.
pub fn go_string_map(m: &SortedMap<String, String>) -> String {
    if m.is_empty() {
        return "map[string]string(nil)".to_string();
    }
    let mut out = String::from("map[string]string{");
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&quote(k));
        out.push(':');
        out.push_str(&quote(v));
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each answer is what Go 1.22 prints for `fmt.Sprintf("%q", s)`.
    #[test]
    fn quotes_as_go_does() {
        let cases = [
            ("", r#""""#),
            ("my-job", r#""my-job""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("tab\there\nline", r#""tab\there\nline""#),
            ("\x07\x08\x0b\x0c\r", r#""\a\b\v\f\r""#),
            ("\x00\x1b\x7f", r#""\x00\x1b\x7f""#),
            ("\u{85}", r#""\u0085""#),
            ("échec", r#""échec""#),
            ("deux\u{a0}points\u{202f}!", r#""deux\u00a0points\u202f!""#),
            ("zero\u{200b}width", r#""zero\u200bwidth""#),
            ("bom\u{feff}", r#""bom\ufeff""#),
            ("日本", r#""日本""#),
            ("🙂", r#""🙂""#),
            ("\u{e000}", r#""\ue000""#),
            ("\u{10fffd}", r#""\U0010fffd""#),
            ("\u{ffff}", r#""\uffff""#),
        ];
        for (s, want) in cases {
            assert_eq!(quote(s), want, "{s:?}");
        }
    }

    #[test]
    fn prints_a_string_map_as_go_does() {
        let mut m = SortedMap::new();
        assert_eq!(go_string_map(&m), "map[string]string(nil)");
        m.insert("job-name".to_string(), "x".to_string());
        m.insert("app".to_string(), "a\"b".to_string());
        assert_eq!(
            go_string_map(&m),
            r#"map[string]string{"app":"a\"b", "job-name":"x"}"#
        );
    }
}
