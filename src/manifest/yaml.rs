//! YAML text to a tree of nodes that remember where they were written.
//!
//! The events come from `saphyr-parser` (a maintained YAML 1.2 parser that
//! gives a span for every event); this module assembles them into nodes
//! with positions, expands aliases under a size cap (so an alias bomb ends
//! with a message, not a frozen tab) and refuses absurd nesting. Scalars
//! keep their text and whether they were plain, because the type of an
//! unquoted `5432` or `yes` is decided later, the way `sigs.k8s.io/yaml`
//! (go-yaml v2, YAML 1.1 booleans) decides it.

use super::problem::{Pos, Problem};
use crate::sorted::SortedMap;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deeper than this is no Kubernetes object; it is refused before it can
/// exhaust a stack.
pub const MAX_DEPTH: usize = 64;
/// Nodes in one stream, aliases expanded.
pub const MAX_NODES: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Scalar { text: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
    /// A plain `null`, `~` or empty scalar: JSON null.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(s) => Some(s),
            _ => None,
        }
    }
    /// Looks a key up in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .map(|(_, v)| v)
    }
    /// The JSON type this node decodes to, as Go's encoding/json names it in
    /// `cannot unmarshal X into …`.
    pub fn json_type(&self) -> &'static str {
        match &self.kind {
            Kind::Seq(_) => "array",
            Kind::Map(_) => "object",
            Kind::Scalar { .. } if self.is_null() => "null",
            Kind::Scalar { text, plain: true } => {
                if parse_bool(text).is_some() {
                    "bool"
                } else if parse_int(text).is_some() || parse_float(text).is_some() {
                    "number"
                } else {
                    "string"
                }
            }
            Kind::Scalar { .. } => "string",
        }
    }
}

/// go-yaml v2's booleans (YAML 1.1), which is what kubectl reads.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// go-yaml v2's integers: decimal, `0x`, `0o`/leading-0 octal, `0b`, `_`
/// separators, optional sign.
pub fn parse_int(s: &str) -> Option<i64> {
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    let (neg, body) = match plain.as_bytes().first()? {
        b'-' => (true, &plain[1..]),
        b'+' => (false, &plain[1..]),
        _ => (false, plain.as_str()),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(h) = body.strip_prefix("0x") {
        (16, h)
    } else if let Some(b) = body.strip_prefix("0b") {
        (2, b)
    } else if let Some(o) = body.strip_prefix("0o") {
        (8, o)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// go-yaml v2's floats (`1.5`, `1e3`, `.inf`, `.nan`).
pub fn parse_float(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
        && s.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return None;
    }
    s.replace('_', "").parse().ok()
}

/// One `---` document; `root` is `None` for an empty one.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: Option<Node>,
    pub start: Pos,
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        col: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
    }
}

enum Frame {
    Seq {
        pos: Pos,
        items: Vec<Node>,
        anchor: usize,
    },
    Map {
        pos: Pos,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        anchor: usize,
    },
}

fn count(node: &Node) -> usize {
    let mut n = 0;
    let mut stack = vec![node];
    while let Some(x) = stack.pop() {
        n += 1;
        match &x.kind {
            Kind::Scalar { .. } => {}
            Kind::Seq(items) => stack.extend(items),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    stack.push(k);
                    stack.push(v);
                }
            }
        }
    }
    n
}

/// A merge key: a plain, untagged (or `!!merge`) `<<`, not an alias.
fn is_merge_key(k: &Node) -> bool {
    matches!(&k.kind, Kind::Scalar { text, plain: true } if text == "<<")
}

/// Merge keys (`<<: *defaults`, or `<<: [*a, *b]`) as kubectl reads them:
/// `sigs.k8s.io/yaml` decodes with go-yaml v2, whose `mapping()` sets the
/// entries in order and merges (decode.go `merge`) where the `<<` stands.
/// So a merged value replaces a key written before the `<<`, a key
/// written after it replaces the merged value, and of several merged
/// mappings the first that has a key gives it (v2 walks them backwards).
/// Merged entries keep the positions they were written at; two keys
/// written out are left for decoding to call a duplicate.
fn merge_keys(entries: Vec<(Node, Node)>, problems: &mut Vec<Problem>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| is_merge_key(k)) {
        return entries;
    }
    let mut out: Vec<(Node, Node)> = Vec::with_capacity(entries.len());
    // Key → its entry in `out`, and whether a merge put it there.
    let mut slots: SortedMap<String, (usize, bool)> = SortedMap::new();
    // Sets one entry as mapping() does: a merged one replaces any entry of
    // its key, a written one replaces a merged one (and is kept beside a
    // written one, for decoding to call a duplicate).
    let mut set = |out: &mut Vec<(Node, Node)>, k: Node, v: Node, merged: bool| {
        let Some(key) = k.scalar().map(str::to_string) else {
            out.push((k, v));
            return;
        };
        match slots.get(&key) {
            Some(&(i, was_merged)) if merged || was_merged => {
                out[i] = (k, v);
                slots.insert(key, (i, merged));
            }
            Some(_) => out.push((k, v)),
            None => {
                slots.insert(key, (out.len(), merged));
                out.push((k, v));
            }
        }
    };
    for (k, v) in entries {
        if !is_merge_key(&k) {
            set(&mut out, k, v, false);
            continue;
        }
        let at = v.pos;
        let maps = match v.kind {
            Kind::Seq(items) => items,
            _ => vec![v],
        };
        for m in maps.into_iter().rev() {
            let Kind::Map(merged) = m.kind else {
                let message = "map merge requires map or sequence of maps as the value";
                problems.push(Problem::new(at, "yaml", message));
                continue;
            };
            for (mk, mv) in merged {
                set(&mut out, mk, mv, true);
            }
        }
    }
    out
}

/// Parses a YAML stream. Always returns what it could build: after a syntax
/// error the documents read so far (and the open one, closed where it
/// stopped) come back with the problem.
/// Where the tab the parser complains about is: the first of the line it
/// points at, or else the first on a later line (1-based line, and column
/// in characters, as the parser's positions are).
fn first_tab_from(text: &str, from: Pos) -> Option<Pos> {
    for (i, line) in text.split('\n').enumerate().skip(from.line as usize - 1) {
        if let Some(c) = line.chars().position(|c| c == '\t') {
            return Some(Pos {
                line: u32::try_from(i + 1).ok()?,
                col: u32::try_from(c + 1).ok()?,
            });
        }
    }
    None
}

pub fn parse(text: &str) -> (Vec<Document>, Vec<Problem>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: SortedMap<usize, (Node, usize)> = SortedMap::new();
    let mut nodes = 0usize;
    let mut current: Option<Document> = None;

    // Adds a finished node to its parent, or makes it the document's root.
    fn attach(stack: &mut [Frame], current: &mut Option<Document>, node: Node) {
        match stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
            None => {
                if let Some(doc) = current {
                    doc.root = Some(node);
                }
            }
        }
    }

    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let m = e.marker();
                let mut at = Pos {
                    line: u32::try_from(m.line()).unwrap_or(u32::MAX).max(1),
                    col: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
                };
                // A tab is reported where the scanner was (the end of the
                // plain scalar it was reading, a line above): point at the
                // tab itself, the first one from there on.
                if e.info().contains("tab") {
                    if let Some(tab) = first_tab_from(text, at) {
                        at = tab;
                    }
                }
                // The scanner's own guard against deep flow nesting
                // (`[[[[…`) speaks of recursion; say what it means.
                let message = if e.info().contains("recursion limit") {
                    format!("nesting deeper than {MAX_DEPTH} levels: no Kubernetes object is this deep (the parser stopped here)")
                } else {
                    e.info().to_string()
                };
                problems.push(Problem::new(at, "yaml", message));
                break;
            }
        };
        let at = pos(&span);
        match event {
            Event::DocumentStart(_) => {
                current = Some(Document {
                    root: None,
                    start: at,
                })
            }
            Event::DocumentEnd => {
                if let Some(d) = current.take() {
                    docs.push(d);
                }
                anchors.clear();
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    problems.push(Problem::new(at, "yaml", format!("nesting deeper than {MAX_DEPTH} levels: no Kubernetes object is this deep")));
                    break;
                }
                nodes += 1;
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        pos: at,
                        items: Vec::new(),
                        anchor,
                    }
                } else {
                    Frame::Map {
                        pos: at,
                        entries: Vec::new(),
                        key: None,
                        anchor,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match stack.pop() {
                    Some(Frame::Seq { pos, items, anchor }) => (
                        Node {
                            pos,
                            kind: Kind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        pos,
                        entries,
                        anchor,
                        ..
                    }) => (
                        Node {
                            pos,
                            kind: Kind::Map(merge_keys(entries, &mut problems)),
                        },
                        anchor,
                    ),
                    None => continue,
                };
                if anchor != 0 {
                    let size = count(&node);
                    anchors.insert(anchor, (node.clone(), size));
                }
                attach(&mut stack, &mut current, node);
            }
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                // Another tag than `!!merge` makes `<<` an ordinary key.
                let not_merge = value == "<<" && tag.as_ref().is_some_and(|t| t.suffix != "merge");
                let node = Node {
                    pos: at,
                    kind: Kind::Scalar {
                        text: value.into_owned(),
                        plain: style == ScalarStyle::Plain && !tagged_str && !not_merge,
                    },
                };
                if anchor != 0 {
                    anchors.insert(anchor, (node.clone(), 1));
                }
                attach(&mut stack, &mut current, node);
            }
            Event::Alias(id) => {
                let Some((node, size)) = anchors.get(&id) else {
                    problems.push(Problem::new(at, "yaml", "unknown anchor"));
                    break;
                };
                nodes += size;
                if nodes > MAX_NODES {
                    problems.push(Problem::new(at, "yaml", format!("aliases expand to more than {MAX_NODES} values: the playground stops reading here")));
                    break;
                }
                let mut node = node.clone();
                node.pos = at;
                if let Some(Frame::Map { key, .. }) = stack.last() {
                    match (key, &mut node.kind) {
                        // go-yaml never takes an alias for a merge key...
                        (None, Kind::Scalar { text, plain }) if text == "<<" => *plain = false,
                        // ...nor merges an alias of a sequence (only a
                        // sequence written there may list the mappings).
                        (Some(k), Kind::Seq(_)) if is_merge_key(k) => {
                            node.kind = Kind::Scalar {
                                text: String::new(),
                                plain: false,
                            };
                        }
                        _ => {}
                    }
                }
                attach(&mut stack, &mut current, node);
            }
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing => {}
        }
        if nodes > MAX_NODES {
            problems.push(Problem::new(
                at,
                "yaml",
                format!("more than {MAX_NODES} values: the playground stops reading here"),
            ));
            break;
        }
    }
    // Close whatever a syntax error left open, keeping what was read.
    while let Some(frame) = stack.pop() {
        let node = match frame {
            Frame::Seq { pos, items, .. } => Node {
                pos,
                kind: Kind::Seq(items),
            },
            Frame::Map { pos, entries, .. } => Node {
                pos,
                kind: Kind::Map(merge_keys(entries, &mut problems)),
            },
        };
        attach(&mut stack, &mut current, node);
    }
    if let Some(d) = current.take() {
        docs.push(d);
    }
    (docs, problems)
}

/// Which lines are the content of a block scalar (`command: |` and the
/// more indented lines under it), for the editor's colours: there a
/// `key: value` or a `#` is text, not YAML. A line-by-line reading, not a
/// parse: the editor colours text that may not parse at all.
pub fn block_scalar_lines(lines: &[&str]) -> Vec<bool> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    // `|`, `>`, with chomping (`-`, `+`) and indentation (`2`) indicators,
    // after `key:` or `- ` (a comment may follow). The block belongs to the
    // node it is the value of: the key's column (`- key: |` puts it after
    // the dash), or the last dash's for an item that is the block itself.
    // Its text is what is indented deeper.
    let parent_of_block = |l: &str| -> Option<usize> {
        if l.trim_start().starts_with('#') {
            return None;
        }
        let code = l.split(" #").next().unwrap_or("").trim_end();
        let head = code.trim_end_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        let before = head.strip_suffix(['|', '>'])?.trim_end();
        let (mut column, mut rest) = (indent(before), before.trim_start());
        let mut dash = None;
        while let Some(r) = rest
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with(' '))
        {
            dash = Some(column);
            column += rest.len() - r.trim_start().len();
            rest = r.trim_start();
        }
        if rest.is_empty() {
            // `- |` (or a bare `|`): the item, at its dash.
            return Some(dash.unwrap_or(column));
        }
        rest.ends_with(':').then_some(column)
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut parent: Option<usize> = None;
    for line in lines {
        if parent.is_some_and(|p| line.trim().is_empty() || indent(line) > p) {
            out.push(true);
            continue;
        }
        out.push(false);
        parent = parent_of_block(line);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn block_scalar_lines_are_text() {
        let text = "spec:\n  command:\n  - sh\n  - -c\n  - |\n    echo \"usage : x\" # not a comment\n\n    exit 1\n  args: >-\n    a: b\n  image: x # a comment |\nkey: |2\n  k: v\nafter: 1\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let inside: Vec<usize> = super::block_scalar_lines(&lines)
            .iter()
            .enumerate()
            .filter(|(_, b)| **b)
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(inside, vec![6, 7, 8, 10, 13]);

        // A block that is the value of a key in a list item ends before the
        // item's next key; a commented-out `command: |` opens nothing.
        let text = "attempts:\n  - output: |\n      boom\n    exit: 1\n#  command: |\n  image: x\n";
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            super::block_scalar_lines(&lines),
            vec![false, false, true, false, false, false, false]
        );
        // Not blocks: a `|` inside a value.
        let lines = ["a: \"x|\"", "  b", "c: x|", "  d"];
        assert_eq!(super::block_scalar_lines(&lines), vec![false; 4]);
    }

    use super::*;

    #[test]
    fn positions_are_one_based() {
        let (docs, problems) = parse("a: 1\nb:\n  c: x\n");
        assert!(problems.is_empty());
        let root = docs[0].root.as_ref().unwrap();
        assert_eq!(root.get("a").unwrap().pos, Pos { line: 1, col: 4 });
        assert_eq!(
            root.get("b").unwrap().get("c").unwrap().pos,
            Pos { line: 3, col: 6 }
        );
    }

    #[test]
    fn syntax_error_keeps_what_was_read() {
        let (docs, problems) = parse("a: 1\nb: [1, 2\nc: 3\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "yaml");
        assert!(docs[0].root.as_ref().unwrap().get("a").is_some());
    }

    #[test]
    fn merge_keys_fill_in_what_the_mapping_does_not_set() {
        let text = "base: &b {name: a, image: x, tty: true}\nextra: &e {image: y, stdin: true}\nc:\n  <<: [*b, *e]\n  name: b\n  'q': 1\n";
        let (docs, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let root = docs[0].root.as_ref().unwrap();
        let c = root.get("c").unwrap();
        let keys: Vec<&str> = c
            .as_map()
            .unwrap()
            .iter()
            .filter_map(|(k, _)| k.scalar())
            .collect();
        // The merged entries where the `<<` stands (the first merged map
        // gives image), then its own keys, its name replacing the merged one.
        assert_eq!(keys, ["image", "stdin", "name", "tty", "q"]);
        assert_eq!(c.get("name").unwrap().scalar(), Some("b"));
        assert_eq!(c.get("image").unwrap().scalar(), Some("x"));
        // Merged entries point where they were written.
        assert_eq!(c.get("tty").unwrap().pos, Pos { line: 1, col: 35 });
        // A key written before the `<<` gives way to the merged value, as
        // go-yaml v2 sets them in order.
        let (docs, _) = parse("b: &b {m: 1}\nc: {m: -1, <<: *b}\n");
        let c = docs[0].root.as_ref().unwrap().get("c").unwrap();
        assert_eq!(c.as_map().unwrap().len(), 1);
        assert_eq!(c.get("m").unwrap().scalar(), Some("1"));
        // A quoted or tagged `<<` is an ordinary key; a scalar, or an alias
        // of a sequence, cannot be merged.
        let (docs, problems) =
            parse("a: {'<<': 1, !!str <<: 2}\nb:\n  <<: 5\ns: &s [{x: 1}]\nd: {<<: *s}\n");
        let a = docs[0].root.as_ref().unwrap().get("a").unwrap();
        assert_eq!(a.as_map().unwrap().len(), 2);
        let at: Vec<(u32, u32)> = problems.iter().map(|p| (p.line, p.col)).collect();
        assert_eq!(at, [(3, 7), (5, 9)]);
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let (_, problems) = parse(&text);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("aliases expand")),
            "{problems:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        // The parser's own limit (flow style) or ours (block style).
        let (_, problems) = parse(&"[".repeat(1000));
        assert!(
            problems[0]
                .message
                .starts_with("nesting deeper than 64 levels"),
            "{problems:?}"
        );
        let block: String = (0..100)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect();
        let (_, problems) = parse(&block);
        assert!(
            problems[0].message.contains("nesting deeper"),
            "{problems:?}"
        );
    }

    #[test]
    fn yaml_11_scalars() {
        assert_eq!(parse_bool("yes"), Some(true));
        assert_eq!(parse_bool("Off"), Some(false));
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("-5"), Some(-5));
        assert_eq!(parse_int("5s"), None);
        assert_eq!(parse_float("1.5"), Some(1.5));
        assert_eq!(parse_float("abc"), None);
    }
}
