//! The Explain tab: paste what you got (curl output, a body, an SSE stream, an SDK or log line) and read the
//! same card a send shows. Everything is explained by the core's `explain_raw`; keys in the text are redacted
//! wherever the page shows it.

use super::explanation::ExplanationCard;
use crate::explain_samples::SAMPLES;
use crate::state::Raw;
use std::rc::Rc;
use triage_core::response::{explain_raw, raw, sdk_error, Context};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplainTabProps {
    pub pasted: AttrValue,
    pub on_paste: Callback<String>,
}

#[component]
pub fn ExplainTab(props: &ExplainTabProps) -> Html {
    let on_input = {
        let on_paste = props.on_paste.clone();
        Callback::from(move |e: InputEvent| {
            on_paste.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let text = props.pasted.trim();
    let explained = (!text.is_empty()).then(|| {
        let ctx = Context {
            now_ms: Some(js_sys::Date::now() as i64),
            ..Default::default()
        };
        (explain_raw(text, &ctx), Rc::new(raw_of(text)))
    });
    html! {
        <div class="explain-tab">
            <section class="paste">
                <div class="row">
                    <h2><label for="pasted">{ "Paste an error" }</label></h2>
                    <span class="muted">{ "curl -i / -v output, a body, an SSE stream, or an SDK or log line" }</span>
                </div>
                <div class="samples" role="group" aria-label="Samples">
                    { for SAMPLES.iter().map(|s| {
                        let on_paste = props.on_paste.clone();
                        html! { <button type="button" class="secondary small" data-sample={s.id}
                            onclick={Callback::from(move |_| on_paste.emit(s.text.to_string()))}>{ s.name }</button> }
                    }) }
                </div>
                <textarea id="pasted" spellcheck="false" placeholder="HTTP/2 529 …   or   anthropic.RateLimitError: Error code: 429 - {…}"
                    value={props.pasted.clone()} oninput={on_input} />
                <p class="muted">{ "Read in this page only: nothing you paste is sent anywhere. Keys are shown redacted." }</p>
            </section>
            if let Some((explanation, raw)) = explained {
                <ExplanationCard explanation={explanation} raw={Some(raw)} />
            }
        </div>
    }
}

/// The headers and body the pasted text holds, for the card's raw section.
fn raw_of(text: &str) -> Raw {
    if let Some(r) = raw::split(text) {
        return Raw::new(&r.headers, &r.body);
    }
    if let Some(e) = sdk_error::api_call_error(text) {
        return Raw::new(&e.headers, &e.body);
    }
    if let Some(logged) = raw::logged(text) {
        return Raw::new(&[], &logged.body);
    }
    Raw::new(&[], text)
}
