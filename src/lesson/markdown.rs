//! The small Markdown of lesson texts, parsed to a tree that the UI turns
//! into elements. There is no raw HTML: `<script>` is text like any other,
//! and links keep only `https:`, `http:` and in-page `#…` targets.

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Bold(Vec<Inline>),
    Italic(Vec<Inline>),
    Code(String),
    Link { text: Vec<Inline>, href: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
    Quote(Vec<Block>),
    Code(String),
}

/// Whether a link target is allowed.
pub fn safe_href(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    h.starts_with("https://") || h.starts_with("http://") || h.starts_with('#')
}

pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let mut quote: Vec<String> = Vec::new();
    let mut code: Option<Vec<String>> = None;

    fn flush(
        blocks: &mut Vec<Block>,
        para: &mut Vec<String>,
        list: &mut Vec<Vec<Inline>>,
        quote: &mut Vec<String>,
    ) {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(inline(&para.join(" "))));
            para.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List(std::mem::take(list)));
        }
        if !quote.is_empty() {
            blocks.push(Block::Quote(parse(&quote.join("\n"))));
            quote.clear();
        }
    }

    for line in text.lines() {
        if let Some(c) = &mut code {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code(c.join("\n")));
                code = None;
            } else {
                c.push(line.to_string());
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            flush(&mut blocks, &mut para, &mut list, &mut quote);
            code = Some(Vec::new());
        } else if let Some(q) = trimmed.strip_prefix('>') {
            if !para.is_empty() || !list.is_empty() {
                let mut none = Vec::new();
                flush(&mut blocks, &mut para, &mut list, &mut none);
            }
            quote.push(q.strip_prefix(' ').unwrap_or(q).to_string());
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut para, &mut list, &mut quote);
        } else if let Some(h) = trimmed.strip_prefix('#') {
            flush(&mut blocks, &mut para, &mut list, &mut quote);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            let title = h.trim_start_matches('#').trim();
            blocks.push(Block::Heading(level.min(6) as u8, inline(title)));
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            if !para.is_empty() || !quote.is_empty() {
                let mut l = Vec::new();
                flush(&mut blocks, &mut para, &mut l, &mut quote);
            }
            list.push(inline(item));
        } else if !list.is_empty() && line.starts_with("  ") {
            // A continuation of the last list item.
            if let Some(last) = list.last_mut() {
                last.push(Inline::Text(" ".into()));
                last.extend(inline(trimmed));
            }
        } else {
            if !list.is_empty() || !quote.is_empty() {
                let mut p = Vec::new();
                flush(&mut blocks, &mut p, &mut list, &mut quote);
            }
            para.push(trimmed.to_string());
        }
    }
    if let Some(c) = code {
        blocks.push(Block::Code(c.join("\n")));
    }
    flush(&mut blocks, &mut para, &mut list, &mut quote);
    blocks
}

/// Inline spans: `code`, **bold**, *italic*, [text](href).
pub fn inline(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let find = |from: usize, pat: &[char]| -> Option<usize> {
        (from..chars.len().saturating_sub(pat.len() - 1)).find(|&k| chars[k..k + pat.len()] == *pat)
    };
    let push_text = |out: &mut Vec<Inline>, text: &mut String| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            if let Some(end) = find(i + 1, &['`']) {
                push_text(&mut out, &mut text);
                out.push(Inline::Code(chars[i + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
        } else if c == '*' && chars.get(i + 1) == Some(&'*') {
            if let Some(end) = find(i + 2, &['*', '*']) {
                push_text(&mut out, &mut text);
                out.push(Inline::Bold(inline(
                    &chars[i + 2..end].iter().collect::<String>(),
                )));
                i = end + 2;
                continue;
            }
        } else if (c == '*' || c == '_')
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
            && (i == 0 || !chars[i - 1].is_alphanumeric())
        {
            if let Some(end) = find(i + 1, &[c]) {
                push_text(&mut out, &mut text);
                out.push(Inline::Italic(inline(
                    &chars[i + 1..end].iter().collect::<String>(),
                )));
                i = end + 1;
                continue;
            }
        } else if c == '[' {
            if let Some(close) = find(i + 1, &[']', '(']) {
                if let Some(end) = find(close + 2, &[')']) {
                    let label: String = chars[i + 1..close].iter().collect();
                    let href: String = chars[close + 2..end].iter().collect();
                    push_text(&mut out, &mut text);
                    if safe_href(&href) {
                        out.push(Inline::Link {
                            text: inline(&label),
                            href,
                        });
                    } else {
                        out.extend(inline(&label));
                    }
                    i = end + 1;
                    continue;
                }
            }
        }
        text.push(c);
        i += 1;
    }
    push_text(&mut out, &mut text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_inlines() {
        let md = "### Titre\nUn **gras** et `code`.\n\n- un\n- deux\n\n> **Note :** vrai";
        let b = parse(md);
        assert_eq!(b.len(), 4);
        assert!(matches!(&b[0], Block::Heading(3, _)));
        assert!(matches!(&b[2], Block::List(items) if items.len() == 2));
        assert!(matches!(&b[3], Block::Quote(_)));
    }

    #[test]
    fn no_raw_html_and_no_javascript_links() {
        let b = parse("<script>alert(1)</script> [x](javascript:alert(1)) <img onerror=x>");
        let Block::Paragraph(inl) = &b[0] else {
            panic!()
        };
        assert!(inl.iter().all(|i| !matches!(i, Inline::Link { .. })));
        assert!(matches!(&inl[0], Inline::Text(t) if t.contains("<script>")));
    }
}
