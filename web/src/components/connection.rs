//! Where requests go: base URL (triage-mock by default), mock scenario, key and auth header style.

use crate::state::{AuthStyle, Connection, MOCK_BASE_URL};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// triage-mock's scenarios, selected by the `/s/<scenario>` base-URL prefix.
const SCENARIOS: &[&str] = &[
    "ok",
    "overloaded-then-ok",
    "overloaded",
    "rate-limited",
    "spend-limit",
    "credit-low",
    "insufficient-balance",
    "invalid-request",
    "server-error",
    "html-502",
    "gateway-timeout",
    "stream-error",
    "stream-error-early-then-ok",
    "stream-error-after-ping",
    "stream-cut-early",
    "truncated-json",
    "slow",
    "hang-up",
];

#[derive(Properties, PartialEq)]
pub struct ConnectionProps {
    pub connection: Connection,
    pub on_change: Callback<Connection>,
}

#[component]
pub fn ConnectionPanel(props: &ConnectionProps) -> Html {
    let c = &props.connection;
    let update = |apply: fn(&mut Connection, String), value_of: fn(&Event) -> String| {
        let on_change = props.on_change.clone();
        let current = c.clone();
        Callback::from(move |e: Event| {
            let mut next = current.clone();
            apply(&mut next, value_of(&e));
            on_change.emit(next);
        })
    };
    let input_value = |e: &Event| e.target_unchecked_into::<HtmlInputElement>().value();
    let select_value = |e: &Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    let checked = |e: &Event| {
        e.target_unchecked_into::<HtmlInputElement>()
            .checked()
            .to_string()
    };
    let is_mock = c.base_url.trim_end_matches('/') == MOCK_BASE_URL;
    html! {
        <section class="connection">
            <h2>{ "Connection" }</h2>
            <label>{ "Base URL" }
                <input id="base-url" type="url" value={c.base_url.clone()}
                    onchange={update(|c, v| c.base_url = v, input_value)} />
            </label>
            <label>{ "Mock scenario" }
                <select id="scenario" onchange={update(|c, v| c.scenario = v, select_value)}>
                    <option value="" selected={c.scenario.is_empty()}>{ "(none: real API or reseller)" }</option>
                    { for SCENARIOS.iter().map(|s| html! { <option value={*s} selected={c.scenario == *s}>{ *s }</option> }) }
                </select>
            </label>
            <label>{ "API key (kept in memory only)" }
                <input id="api-key" type="password" autocomplete="off" value={c.api_key.clone()}
                    onchange={update(|c, v| c.api_key = v, input_value)} />
            </label>
            <label>{ "Send the key as" }
                <select id="auth-style" onchange={update(|c, v| c.auth = if v == "bearer" { AuthStyle::Bearer } else { AuthStyle::XApiKey }, select_value)}>
                    <option value="x-api-key" selected={c.auth == AuthStyle::XApiKey}>{ "x-api-key (Anthropic)" }</option>
                    <option value="bearer" selected={c.auth == AuthStyle::Bearer}>{ "Authorization: Bearer (proxies, resellers)" }</option>
                </select>
            </label>
            <label class="check">
                <input id="browser-access" type="checkbox" checked={c.browser_access}
                    onchange={update(|c, v| c.browser_access = v == "true", checked)} />
                { "anthropic-dangerous-direct-browser-access: true (required for browser calls)" }
            </label>
            if is_mock {
                <p class="note">{ "Talking to triage-mock on 127.0.0.1:8787: no internet and no real key needed." }</p>
            }
        </section>
    }
}
