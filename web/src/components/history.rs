//! History: the last sends and their outcomes, in memory; "keep in this browser" stores them in localStorage
//! (request, base URL, scenario, outcome: never the key or an auth header). Clear empties both.

use crate::state::HistoryEntry;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub entries: Vec<HistoryEntry>,
    pub keep: bool,
    pub on_keep: Callback<bool>,
    pub on_clear: Callback<()>,
    /// Load an entry's request into the editor.
    pub on_load: Callback<String>,
}

#[component]
pub fn HistoryPanel(props: &HistoryProps) -> Html {
    let on_keep = {
        let on_keep = props.on_keep.clone();
        Callback::from(move |e: Event| on_keep.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let on_clear = {
        let on_clear = props.on_clear.clone();
        Callback::from(move |_: MouseEvent| on_clear.emit(()))
    };
    html! {
        <section class="history" id="history">
            <div class="row">
                <h2>{ "History" }</h2>
                <label class="check"><input id="keep-history" type="checkbox" checked={props.keep} onchange={on_keep} />
                    { "Keep in this browser (localStorage: requests and outcomes, never the key)" }</label>
                <button type="button" class="secondary small" id="clear-history" onclick={on_clear}>{ "Clear" }</button>
            </div>
            if props.entries.is_empty() {
                <p class="muted" id="history-empty">{ "Nothing sent yet. Each Send lands here with its outcome." }</p>
            } else {
                <ol class="history-list">
                    { for props.entries.iter().map(|e| {
                        let (on_load, request) = (props.on_load.clone(), e.request.clone());
                        let model = triage_core::json::parse(&e.request).ok()
                            .and_then(|n| n.get("model").and_then(|m| m.as_str()).map(str::to_string))
                            .unwrap_or_else(|| "(invalid JSON)".to_string());
                        html! {
                            <li class="history-entry">
                                <span class="at">{ e.at.clone() }</span>
                                <code class="model">{ model }</code>
                                <span class="scenario">{ if e.scenario.is_empty() { e.base_url.clone() } else { format!("mock: {}", e.scenario) } }</span>
                                <span class="outcome">{ format!("{} ({} attempt(s))", e.outcome, e.attempts) }</span>
                                <button type="button" class="secondary small" onclick={Callback::from(move |_| on_load.emit(request.clone()))}>{ "Load" }</button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
