//! The page: editor and diagnostics on the left, connection, result and retry timeline on the right.

use crate::components::connection::ConnectionPanel;
use crate::components::diagnostics::Diagnostics;
use crate::components::editor::Editor;
use crate::components::explanation::ExplanationCard;
use crate::components::timeline::Timeline;
use crate::services::send::send_with_retries;
use crate::state::{Action, AttemptOutcome, Connection, State};
use gloo_net::http::Method;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let textarea = use_node_ref();
    // The run the page is currently following; a send loop stops as soon as this moves on.
    let current_run = use_mut_ref(|| Rc::new(Cell::new(0u32)));

    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let on_connection = {
        let state = state.clone();
        Callback::from(move |c: Connection| state.dispatch(Action::SetConnection(c)))
    };
    let start = |method: Method, path: &'static str, with_body: bool| {
        let state = state.clone();
        let current_run = current_run.borrow().clone();
        Callback::from(move |_: MouseEvent| {
            let run_id = current_run.get().wrapping_add(1);
            current_run.set(run_id);
            state.dispatch(Action::Start { run_id });
            let reporter = state.clone();
            let body = with_body.then(|| state.request.clone());
            wasm_bindgen_futures::spawn_local(send_with_retries(
                state.connection.clone(),
                method.clone(),
                path,
                body,
                run_id,
                current_run.clone(),
                move |attempt| reporter.dispatch(Action::Attempt { run_id, attempt }),
            ));
        })
    };
    let on_send = start(Method::POST, "/v1/messages", true);
    let on_test_key = start(Method::GET, "/v1/models", false);
    let on_stop = {
        let state = state.clone();
        let current_run = current_run.borrow().clone();
        Callback::from(move |_: MouseEvent| {
            current_run.set(current_run.get().wrapping_add(1));
            state.dispatch(Action::Stop);
        })
    };

    let running = state.running();
    let last_failure = state.attempts.iter().rev().find_map(|a| match &a.outcome {
        AttemptOutcome::Failure { explanation, .. } => Some((**explanation).clone()),
        AttemptOutcome::Success(_) => None,
    });
    let reply = state.attempts.iter().rev().find_map(|a| match &a.outcome {
        AttemptOutcome::Success(text) => Some(text.clone()),
        AttemptOutcome::Failure { .. } => None,
    });

    html! {
        <main>
            <header class="top">
                <h1>{ "claude-triage" }</h1>
                <p>{ "Validate a Claude API request before you send it; see every failure explained, with the retry plan." }</p>
            </header>
            <div class="columns">
                <div class="left">
                    <Editor text={AttrValue::from(state.request.clone())} on_edit={on_edit} textarea={textarea.clone()} />
                    <Diagnostics report={state.report.clone()} text={AttrValue::from(state.request.clone())} textarea={textarea} />
                </div>
                <div class="right">
                    <ConnectionPanel connection={state.connection.clone()} on_change={on_connection} />
                    <div class="actions">
                        <button id="send" onclick={on_send} disabled={running}>{ "Send" }</button>
                        <button id="test-key" onclick={on_test_key} disabled={running}>{ "Test key" }</button>
                        if running { <button id="stop" onclick={on_stop}>{ "Stop" }</button> }
                        if !state.report.ok { <span class="warn">{ "The request has errors: the API will likely answer 400." }</span> }
                    </div>
                    if !state.attempts.is_empty() || running {
                        <section class="result">
                            <h2>{ "Attempts" }</h2>
                            <Timeline attempts={state.attempts.clone()} running={running} />
                            if let Some(text) = reply { <pre class="reply" id="reply">{ text }</pre> }
                            if let Some(explanation) = last_failure { <ExplanationCard explanation={explanation} /> }
                        </section>
                    }
                </div>
            </div>
        </main>
    }
}
