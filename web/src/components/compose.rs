//! The Compose tab: the request (JSON with its gutter, or the form) with diagnostics and export on the left;
//! connection, usage, Send and the result on the right; the estimate under the editor.

use super::connection::ConnectionPanel;
use super::diagnostics::Diagnostics;
use super::editor::{Editor, ExamplesMenu};
use super::export::ExportPanel;
use super::form_view::FormView;
use super::result::ResultPanel;
use super::send_bar::SendBar;
use super::usage_panel::UsagePanel;
use crate::hooks::use_send::SendControls;
use crate::services::usage::estimate_line;
use crate::state::{Action, State};
use triage_core::request::Severity;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComposeProps {
    pub state: UseReducerHandle<State>,
    pub controls: SendControls,
}

#[component]
pub fn Compose(props: &ComposeProps) -> Html {
    let state = &props.state;
    let textarea = use_node_ref();
    let form = use_state(|| false);
    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let on_connection = {
        let state = state.clone();
        Callback::from(move |c| state.dispatch(Action::SetConnection(c)))
    };
    let view_button = |to_form: bool, label: &'static str| {
        let form = form.clone();
        let selected = *form == to_form;
        html! { <button type="button" id={if to_form { "view-form" } else { "view-json" }}
        class={classes!("seg", selected.then_some("selected"))} aria-pressed={selected.to_string()}
        onclick={Callback::from(move |_| form.set(to_form))}>{ label }</button> }
    };
    let errors = state
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = state.report.diagnostics.len() - errors;
    let on_balance = {
        let state = state.clone();
        Callback::from(move |text| state.dispatch(Action::SetBalance(text)))
    };
    let estimate = match &state.estimate {
        Ok(e) => {
            html! { <p class="estimate" id="estimate" title="Estimated before sending: the input band, max_tokens as the most output, and the list price of both">{ estimate_line(e) }</p> }
        }
        Err(_) => {
            html! { <p class="estimate muted" id="estimate">{ "No estimate until the request is a JSON object." }</p> }
        }
    };
    let text = AttrValue::from(state.request.clone());
    html! {
        <div class="columns">
            <div class="left">
                <section class="editor">
                    <div class="row">
                        <h2>{ "Request" }</h2>
                        <div class="segmented" role="group" aria-label="Editor view">
                            { view_button(false, "JSON") }
                            { view_button(true, "Form") }
                        </div>
                        <ExamplesMenu on_edit={on_edit.clone()} />
                    </div>
                    if *form {
                        <FormView text={text.clone()} on_edit={on_edit.clone()} />
                    } else {
                        <Editor text={text.clone()} report={state.report.clone()} on_edit={on_edit.clone()} textarea={textarea.clone()} />
                    }
                    { estimate }
                </section>
                <Diagnostics report={state.report.clone()} text={text.clone()} textarea={textarea} />
                <ExportPanel request={text} connection={state.connection.clone()} />
            </div>
            <div class="right">
                <ConnectionPanel connection={state.connection.clone()} on_change={on_connection} />
                <UsagePanel usage={state.usage.clone()} estimate={state.estimate.clone().ok()} on_balance={on_balance} />
                <SendBar errors={errors} warnings={warnings} running={state.running()}
                    on_send={props.controls.send.clone()} on_stop={props.controls.stop.clone()} />
                <ResultPanel run={state.run.clone()} running={state.running()} />
            </div>
        </div>
    }
}
