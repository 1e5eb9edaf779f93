//! Lesson Markdown to elements (never `innerHTML`).

use crate::lesson::markdown::{parse, Block, Inline};
use yew::prelude::*;

fn inline(items: &[Inline]) -> Html {
    items
        .iter()
        .map(|i| match i {
            Inline::Text(t) => html! { { t.clone() } },
            Inline::Bold(c) => html! { <strong>{ inline(c) }</strong> },
            Inline::Italic(c) => html! { <em>{ inline(c) }</em> },
            Inline::Code(c) => html! { <code>{ c.clone() }</code> },
            Inline::Link { text, href } => html! { <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ inline(text) }</a> },
        })
        .collect()
}

fn block(b: &Block) -> Html {
    match b {
        Block::Heading(level, c) => match level {
            1 | 2 => html! { <h3>{ inline(c) }</h3> },
            _ => html! { <h4>{ inline(c) }</h4> },
        },
        Block::Paragraph(c) => html! { <p>{ inline(c) }</p> },
        Block::List(items) => {
            html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> }
        }
        Block::Quote(blocks) => html! { <blockquote>{ for blocks.iter().map(block) }</blockquote> },
        Block::Code(c) => html! { <pre><code>{ c.clone() }</code></pre> },
    }
}

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub text: String,
}

#[function_component(Markdown)]
pub fn markdown(props: &MarkdownProps) -> Html {
    let blocks = parse(&props.text);
    html! { <div class="md">{ for blocks.iter().map(block) }</div> }
}
