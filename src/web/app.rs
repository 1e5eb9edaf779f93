use yew::prelude::*;

/// The app shell: title, editor and stage.
#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let lines = text.lines().count();
    html! {
        <div class="shell">
            <header class="topbar"><h1>{ "Job Playground" }</h1></header>
            <main class="panes">
                <section class="left">
                    <textarea class="editor" aria-label="job.yaml" spellcheck="false" {oninput} value={(*text).clone()} />
                    <p class="status" data-testid="line-count">{ format!("{lines} lignes") }</p>
                </section>
                <section class="stage" aria-label="scène"></section>
            </main>
        </div>
    }
}
