//! One failure explained: what happened, how to fix it, whether and when to retry, the request id (with a copy
//! button), and the raw headers and body behind it (collapsed, keys redacted). The same card after a send and in
//! the Explain tab.

use crate::state::Raw;
use std::rc::Rc;
use triage_core::display;
use triage_core::redact::secrets;
use triage_core::response::{Explanation, Kind, RateLimitWindow};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub explanation: Explanation,
    #[prop_or_default]
    pub raw: Option<Rc<Raw>>,
}

/// What the card says about streams, whichever way the stream failed.
pub const STREAM_RULE: &str = "A stream cannot be resumed: only re-sending the whole request retries it. \
    Before any output reached the user that is safe (claude-triage's createFetch does it for you); after, it \
    would show the user a second answer, so it is reported instead.";

#[component]
pub fn ExplanationCard(props: &ExplanationProps) -> Html {
    let e = &props.explanation;
    let copied = use_state(|| false);
    let no_response = matches!(
        e.kind,
        Kind::NetworkError | Kind::CorsBlocked | Kind::ClientTimeout
    );
    let status = match e.status {
        Some(s) => s.to_string(),
        None if no_response => "no response".to_string(),
        // A pasted body or stream: the status is not in the text.
        None => "status unknown".to_string(),
    };
    let retry = match (e.retry.retryable, e.retry.after_ms) {
        (false, _) => "Retrying will not help: fix the cause first.".to_string(),
        (true, Some(ms)) => format!(
            "Retryable, not sooner than {} (the server said so).",
            display::duration(ms)
        ),
        (true, None) => "Retryable with backoff.".to_string(),
    };
    let limits = [
        ("requests", &e.rate_limit.requests),
        ("tokens", &e.rate_limit.tokens),
        ("input tokens", &e.rate_limit.input_tokens),
        ("output tokens", &e.rate_limit.output_tokens),
    ];
    let copy = e.request_id.clone().map(|id| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&id);
            }
            copied.set(true);
        })
    });
    html! {
        <article class="explanation" id="explanation">
            <header>
                <span class="status">{ status }</span>
                <h3>{ &e.title }</h3>
                <code class="cause">{ e.cause.as_str() }</code>
                <code class="kind">{ e.kind.as_str() }</code>
            </header>
            <p>{ &e.explanation }</p>
            <p class="fix"><strong>{ "Fix: " }</strong>{ &e.fix }</p>
            <p class="retry"><strong>{ "Retry: " }</strong>{ retry }</p>
            if e.kind == Kind::StreamError { <p class="stream-rule" id="stream-rule"><strong>{ "Streams: " }</strong>{ STREAM_RULE }</p> }
            if let Some(message) = &e.message { <p class="raw"><strong>{ "Server said: " }</strong><q>{ secrets(message).into_owned() }</q></p> }
            if !e.fields.is_empty() {
                <dl class="fields">
                    { for e.fields.iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v.to_string() }</dd></> }) }
                </dl>
            }
            <ul class="limits">
                { for limits.iter().filter_map(|(name, w)| w.as_ref().map(|w| limit(name, w))) }
            </ul>
            if let (Some(id), Some(copy)) = (&e.request_id, copy) {
                <p class="request-id">{ "request-id: " }<code id="request-id">{ id }</code>
                    <button type="button" class="secondary small" id="copy-request-id" onclick={copy}>{ if *copied { "copied" } else { "copy" } }</button>
                    <span class="muted">{ " (quote it to support)" }</span>
                </p>
            }
            if let Some(raw) = &props.raw { { raw_details(raw) } }
        </article>
    }
}

fn raw_details(raw: &Raw) -> Html {
    let headers: String = raw.headers.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    html! {
        <>
            if !raw.headers.is_empty() {
                <details class="raw-headers" id="raw-headers">
                    <summary>{ format!("Response headers ({})", raw.headers.len()) }</summary>
                    <pre>{ secrets(&headers).into_owned() }</pre>
                </details>
            }
            if !raw.body.is_empty() {
                <details class="raw-body" id="raw-body">
                    <summary>{ format!("Raw body ({} characters)", raw.body.chars().count()) }</summary>
                    <pre>{ secrets(&raw.body).into_owned() }</pre>
                </details>
            }
        </>
    }
}

fn limit(name: &str, w: &RateLimitWindow) -> Html {
    let count = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
    let reset = w
        .reset
        .as_deref()
        .map(|r| format!(", resets {r}"))
        .unwrap_or_default();
    html! { <li>{ format!("{name}: {} of {} left{reset}", count(w.remaining), count(w.limit)) }</li> }
}
