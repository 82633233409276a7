//! Usage so far: requests, tokens and cost from every response the page received (each attempt, retried or
//! streamed), one gauge per rate-limit window with a live reset countdown, and an optional balance with its
//! warnings before the 402 and the 429. The numbers are the core's `UsageSnapshot`; the balance stays in memory.

use crate::hooks::use_clock::use_clock;
use crate::services::usage::{countdown, gauge_percent, gauge_text, thousands, Usage};
use triage_core::estimate::Estimate;
use triage_core::usage::{usd, WindowReport};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UsagePanelProps {
    pub usage: Usage,
    /// The request in the editor, for the warnings about sending it next.
    pub estimate: Option<Estimate>,
    pub on_balance: Callback<String>,
}

#[component]
pub fn UsagePanel(props: &UsagePanelProps) -> Html {
    let usage = &props.usage;
    let snapshot = &usage.snapshot;
    // The timeline's clock, ticking while a window's reset or a retry-after is still ahead.
    let wall = js_sys::Date::now() as i64;
    let ticking = snapshot
        .windows
        .iter()
        .any(|w| w.reset_at_ms.is_some_and(|at| at > wall))
        || snapshot.retry_not_before_ms.is_some_and(|at| at > wall);
    let now = use_clock(ticking, 200) as i64;
    let report = snapshot.report(now);
    let warnings = usage.warnings(props.estimate.as_ref(), now);
    let on_balance = {
        let on_balance = props.on_balance.clone();
        Callback::from(move |e: InputEvent| {
            on_balance.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let t = &report.totals;
    let cost = if report.requests == 0 {
        "—".to_string()
    } else {
        format!("${}", usd(report.cost_usd))
    };
    let unpriced = (report.unpriced_requests > 0).then(|| {
        format!(
            "{} response(s) from a model without a list price are not in the cost.",
            report.unpriced_requests
        )
    });
    html! {
        <section class="usage" id="usage">
            <div class="row">
                <h2>{ "Usage" }</h2>
                <span class="muted">{ "this page, since it loaded" }</span>
            </div>
            <dl class="usage-totals" id="usage-totals">
                { stat("requests", "Requests", thousands(report.requests)) }
                { stat("input", "Input tokens", thousands(t.input_tokens)) }
                { stat("output", "Output tokens", thousands(t.output_tokens)) }
                { stat("cache-write", "Cache write", thousands(t.cache_creation_input_tokens)) }
                { stat("cache-read", "Cache read", thousands(t.cache_read_input_tokens)) }
                { stat("cost", "Cost (list price)", cost) }
            </dl>
            if let Some(text) = unpriced { <p class="muted">{ text }</p> }
            if report.windows.is_empty() {
                <p class="muted" id="gauges-empty">{ "Rate-limit windows appear after the first response with anthropic-ratelimit-* headers." }</p>
            } else {
                <ul class="gauges" id="gauges">{ for report.windows.iter().map(gauge) }</ul>
            }
            if let Some(ms) = report.retry_after_ms {
                <p class="countdown" id="retry-after-left">{ format!("retry-after: {} left", countdown(ms)) }</p>
            }
            <label class="balance">{ "My balance (USD, optional, kept in memory only)" }
                <input id="balance" type="text" inputmode="decimal" autocomplete="off" placeholder="e.g. 5.00"
                    value={usage.balance_text.clone()} oninput={on_balance}
                    aria-invalid={usage.balance_error.is_some().to_string()} />
            </label>
            if let Some(error) = &usage.balance_error { <p class="warn" id="balance-error">{ error }</p> }
            if let Some(left) = report.balance_remaining_usd.filter(|_| report.requests > 0) {
                <p class="muted" id="balance-left">{ if left > 0.0 {
                    format!("About ${} left after ${} spent here.", usd(left), usd(report.cost_usd))
                } else {
                    format!("Used up: ${} spent here.", usd(report.cost_usd))
                } }</p>
            }
            if !warnings.is_empty() {
                <ul class="usage-warnings" id="usage-warnings">
                    { for warnings.iter().map(|w| html! {
                        <li data-code={w.code.as_str()}><span class="warn-code">{ w.code.as_str() }</span>{ " " }{ &w.message }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn stat(id: &'static str, label: &'static str, value: String) -> Html {
    html! { <div class="stat" data-stat={id}><dt>{ label }</dt><dd>{ value }</dd></div> }
}

fn gauge(w: &WindowReport) -> Html {
    let percent = gauge_percent(w);
    let level = match percent {
        Some(p) if p >= 90 => "high",
        Some(p) if p >= 75 => "mid",
        _ => "low",
    };
    let reset = match w.reset_in_ms {
        Some(0) => "reset passed".to_string(),
        Some(ms) => format!("resets in {}", countdown(ms)),
        None => String::new(),
    };
    let name = w.dimension.title();
    html! {
        <li class={classes!("gauge", level)} data-window={w.dimension.as_str()}>
            <div class="gauge-head">
                <span class="name">{ name }</span>
                <span class="left">{ gauge_text(w) }</span>
                <span class="reset">{ reset }</span>
            </div>
            // SVG, not an inline style: the page's CSP allows no style attributes.
            <svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="meter" aria-label={format!("{name} used")}
                aria-valuemin="0" aria-valuemax="100" aria-valuenow={percent.unwrap_or(0).to_string()}>
                <rect class="track" x="0" y="0" width="100" height="8" />
                <rect class="fill" x="0" y="0" width={percent.unwrap_or(0).to_string()} height="8" />
            </svg>
            // Only the projections that matter: running out before the reset.
            if let Some(p) = w.projection.as_ref().filter(|_| w.runs_out_before_reset) { <p class="projection">{ p }</p> }
        </li>
    }
}
