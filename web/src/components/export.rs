//! Export: the current request as curl, TypeScript or Python, and a share link. The key is never in any of them:
//! snippets read `$ANTHROPIC_API_KEY` / `process.env.ANTHROPIC_API_KEY`, the link carries only the request.

use crate::services::export::{snippet, Language};
use crate::services::share;
use crate::state::Connection;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub request: AttrValue,
    pub connection: Connection,
}

#[component]
pub fn ExportPanel(props: &ExportProps) -> Html {
    let language = use_state(|| Language::Curl);
    let link = use_state(|| Option::<String>::None);
    let code = snippet(*language, &props.connection, &props.request);
    let copy = |text: String| {
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
            }
        })
    };
    let make_link = {
        let (link, request) = (link.clone(), props.request.clone());
        Callback::from(move |_: MouseEvent| link.set(Some(share::link(&share::current_url(), &request))))
    };
    html! {
        <section class="export" id="export">
            <div class="row">
                <h2>{ "Export" }</h2>
                <div class="segmented" role="group" aria-label="Language">
                    { for Language::ALL.iter().map(|&l| {
                        let language = language.clone();
                        html! { <button type="button" class={classes!("seg", (l == *language).then_some("selected"))}
                            aria-pressed={(l == *language).to_string()} data-lang={l.label()}
                            onclick={Callback::from(move |_| language.set(l))}>{ l.label() }</button> }
                    }) }
                </div>
            </div>
            <pre class="code" id="export-code">{ code.clone() }</pre>
            <div class="actions">
                <button type="button" class="secondary small" id="copy-export" onclick={copy(code)}>{ "Copy" }</button>
                <button type="button" class="secondary small" id="make-share-link" onclick={make_link}>{ "Share link" }</button>
                <span class="muted">{ "The key is read from ANTHROPIC_API_KEY; it is never in the code or the link." }</span>
            </div>
            if let Some(url) = &*link {
                <label class="share">{ "Share link (the request only, in the URL fragment)" }
                    <input id="share-link" readonly=true value={url.clone()} />
                </label>
            }
        </section>
    }
}
