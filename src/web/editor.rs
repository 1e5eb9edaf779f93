//! The editor: a real `<textarea>` (undo, IME, mobile and screen readers
//! keep working) over a highlighted copy of the text with line numbers and
//! each problem underlined on its line.

use crate::manifest::Problem;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: String,
    pub problems: Vec<Problem>,
    pub label: String,
    pub on_change: Callback<String>,
    pub on_run: Callback<()>,
    /// A line to put the caret on (set by a click in the problem list).
    #[prop_or_default]
    pub focus_line: Option<(u32, u32, u64)>,
    #[prop_or_default]
    pub readonly: bool,
}

/// YAML colours for one line: key, value, comment, list dash.
fn highlight(line: &str) -> Html {
    let (code, comment) = match find_comment(line) {
        Some(i) => (&line[..i], Some(&line[i..])),
        None => (line, None),
    };
    let indent_len = code.len() - code.trim_start().len();
    let (indent, rest) = code.split_at(indent_len);
    let (dash, rest) = match rest.strip_prefix("- ") {
        Some(r) => ("- ", r),
        None => ("", rest),
    };
    let body = match rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|r| r.len()))
    {
        Some(i) if !rest.starts_with(['"', '\'', '{', '[']) => {
            let (k, v) = rest.split_at(i);
            html! { <><span class="y-key">{ k }</span><span class="y-punct">{ ":" }</span><span class="y-val">{ v.get(1..).unwrap_or("") }</span></> }
        }
        _ => html! { <span class="y-val">{ rest }</span> },
    };
    html! {
        <>
            { indent }
            if !dash.is_empty() { <span class="y-punct">{ dash }</span> }
            { body }
            if let Some(c) = comment { <span class="y-comment">{ c }</span> }
        </>
    }
}

/// Where a `#` comment starts (not inside quotes).
fn find_comment(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (prev == ' ' || i == 0) => return Some(i),
            None => {}
        }
        prev = c;
    }
    None
}

/// Past this many lines the editor stops highlighting (a lesson has under
/// 100; the playground reads at most 512 kB anyway).
const MAX_HIGHLIGHTED_LINES: usize = 5_000;

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let backdrop = use_node_ref();
    let gutter = use_node_ref();

    {
        let area = area.clone();
        use_effect_with(props.focus_line, move |focus| {
            if let (Some((line, col, _)), Some(el)) = (focus, area.cast::<HtmlTextAreaElement>()) {
                let text = el.value();
                let offset: usize = text
                    .split('\n')
                    .take((*line as usize).saturating_sub(1))
                    .map(|l| l.chars().count() + 1)
                    .sum::<usize>()
                    + (*col as usize).saturating_sub(1);
                let _ = el.focus();
                let _ = el.set_selection_range(offset as u32, offset as u32);
            }
        });
    }

    let on_input = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(el.value());
        })
    };
    let on_scroll = {
        let (backdrop, gutter) = (backdrop.clone(), gutter.clone());
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            if let Some(b) = backdrop.cast::<HtmlElement>() {
                b.set_scroll_top(el.scroll_top());
                b.set_scroll_left(el.scroll_left());
            }
            if let Some(g) = gutter.cast::<HtmlElement>() {
                g.set_scroll_top(el.scroll_top());
            }
        })
    };
    // Tab indents, so a keyboard user needs a way out: Escape, then Tab
    // (as in most code editors); Shift+Tab always leaves.
    let escaped = use_mut_ref(|| false);
    let on_blur = {
        let escaped = escaped.clone();
        Callback::from(move |_: FocusEvent| *escaped.borrow_mut() = false)
    };
    let on_keydown = {
        let (cb, run) = (props.on_change.clone(), props.on_run.clone());
        let readonly = props.readonly;
        Callback::from(move |e: KeyboardEvent| {
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), e.key() == "Escape");
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                run.emit(());
            } else if e.key() == "Tab"
                // A read-only editor (an embed's, or one waiting for its
                // lesson) takes no text: Tab moves the focus on.
                && !readonly
                && !was_escaped
                && !e.shift_key()
                && !e.ctrl_key()
                && !e.alt_key()
            {
                // Two spaces, not a focus change.
                let el: HtmlTextAreaElement = e.target_unchecked_into();
                e.prevent_default();
                let v = el.value();
                let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
                let end = el.selection_end().ok().flatten().unwrap_or(0) as usize;
                let chars: Vec<char> = v.chars().collect();
                let (a, b) = (start.min(chars.len()), end.min(chars.len()));
                let new: String = chars[..a]
                    .iter()
                    .chain("  ".chars().collect::<Vec<_>>().iter())
                    .chain(chars[b..].iter())
                    .collect();
                el.set_value(&new);
                let _ = el.set_selection_range((a + 2) as u32, (a + 2) as u32);
                cb.emit(new);
            }
        })
    };

    // A huge paste (more than the reader accepts, or thousands of lines) is
    // shown as plain text: highlighting it would build a node per line
    // and hold the tab for seconds. The reader says what is wrong with it.
    let plain = props.text.len() > crate::manifest::MAX_MANIFEST_BYTES
        || props.text.bytes().filter(|b| *b == b'\n').count() >= MAX_HIGHLIGHTED_LINES;
    let lines: Vec<&str> = if plain {
        Vec::new()
    } else {
        props.text.split('\n').collect()
    };
    let in_block = crate::manifest::yaml::block_scalar_lines(&lines);
    let rows = lines.iter().enumerate().map(|(i, line)| {
        let n = i as u32 + 1;
        let has_problem = props.problems.iter().any(|p| p.line == n);
        let class = if has_problem {
            "line has-problem"
        } else {
            "line"
        };
        // A script under `command: |` is text: its colons and `#` are not
        // YAML keys or comments.
        let shown = if in_block[i] {
            html! { <span class="y-val">{ *line }</span> }
        } else {
            highlight(line)
        };
        html! { <div class={class}>{ shown }{ if line.is_empty() { " " } else { "" } }</div> }
    });
    let gutter_rows = lines.iter().enumerate().map(|(i, _)| {
        let n = i as u32 + 1;
        let first = props.problems.iter().find(|p| p.line == n);
        match first {
            Some(p) => html! { <div class="gutter-row problem" title={format!("{}: {}", p.path, p.message)}>{ n }</div> },
            None => html! { <div class="gutter-row">{ n }</div> },
        }
    });
    html! {
        <div class={classes!("editor-box", plain.then_some("plain"))}>
            <div class="gutter" ref={gutter} aria-hidden="true">{ for gutter_rows }</div>
            <div class="code">
                <pre class="backdrop" ref={backdrop} aria-hidden="true" tabindex="-1">{ for rows }</pre>
                <textarea ref={area} class="input" aria-label={props.label.clone()} spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                    readonly={props.readonly} value={props.text.clone()} oninput={on_input} onscroll={on_scroll} onkeydown={on_keydown} onblur={on_blur} />
            </div>
        </div>
    }
}
