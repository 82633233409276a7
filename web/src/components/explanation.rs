//! One failure explained: what happened, how to fix it, and whether and when to retry.

use triage_core::display;
use triage_core::response::{Explanation, RateLimitWindow};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub explanation: Explanation,
}

#[component]
pub fn ExplanationCard(props: &ExplanationProps) -> Html {
    let e = &props.explanation;
    let status = e
        .status
        .map_or_else(|| "no response".to_string(), |s| s.to_string());
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
    html! {
        <article class="explanation" id="explanation">
            <header>
                <span class="status">{ status }</span>
                <h3>{ &e.title }</h3>
                <code class="cause">{ e.cause.as_str() }</code>
            </header>
            <p>{ &e.explanation }</p>
            <p class="fix"><strong>{ "Fix: " }</strong>{ &e.fix }</p>
            <p class="retry"><strong>{ "Retry: " }</strong>{ retry }</p>
            if let Some(message) = &e.message { <p class="raw"><strong>{ "Server said: " }</strong><q>{ message }</q></p> }
            if !e.fields.is_empty() {
                <dl class="fields">
                    { for e.fields.iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v.to_string() }</dd></> }) }
                </dl>
            }
            <ul class="limits">
                { for limits.iter().filter_map(|(name, w)| w.as_ref().map(|w| limit(name, w))) }
            </ul>
            if let Some(id) = &e.request_id { <p class="request-id">{ "request-id: " }<code>{ id }</code></p> }
        </article>
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
