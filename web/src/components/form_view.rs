//! The form view of the request, kept in sync with the JSON: every change is applied to the JSON text (the
//! single source of truth) and the form is read back from it.

use crate::services::form::{apply, read, FormEdit, MessageView};
use triage_core::models::MODELS;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub text: AttrValue,
    pub on_edit: Callback<String>,
}

#[component]
pub fn FormView(props: &FormProps) -> Html {
    let Some(view) = read(&props.text) else {
        return html! { <p class="form-unavailable" id="form-unavailable">{ "The form needs the request to be a JSON object: fix the JSON in the JSON view first." }</p> };
    };
    let edit = {
        let text = props.text.clone();
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: FormEdit| {
            if let Some(next) = apply(&text, &e) {
                on_edit.emit(next);
            }
        })
    };
    let input = |make: fn(String) -> FormEdit| {
        let edit = edit.clone();
        Callback::from(move |e: Event| edit.emit(make(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let known = MODELS.iter().any(|m| m.id == view.model);
    let on_model = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            edit.emit(FormEdit::Model(
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let on_system = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            edit.emit(FormEdit::System(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let on_stream = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            edit.emit(FormEdit::Stream(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };
    let emit = |e: FormEdit| {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit.emit(e.clone()))
    };
    html! {
        <div class="form-view" id="form-view">
            <div class="form-grid">
                <label>{ "Model" }
                    <select id="form-model" onchange={on_model}>
                        if !known { <option value={view.model.clone()} selected=true>{ format!("{} (not in the catalogue)", view.model) }</option> }
                        { for MODELS.iter().map(|m| html! {
                            <option value={m.id} selected={m.id == view.model}>{ m.id }</option>
                        }) }
                    </select>
                </label>
                <label>{ "max_tokens" }
                    <input id="form-max-tokens" inputmode="numeric" value={view.max_tokens.clone()} onchange={input(FormEdit::MaxTokens)} />
                </label>
                <label>{ "temperature" }
                    <input id="form-temperature" inputmode="decimal" placeholder="default" value={view.temperature.clone()} onchange={input(FormEdit::Temperature)} />
                </label>
                <label class="check">
                    <input id="form-stream" type="checkbox" checked={view.stream} onchange={on_stream} />{ "stream" }
                </label>
            </div>
            <label class="block">{ "system" }
                if view.system_blocks {
                    <p class="muted">{ "system is a list of blocks: edit it in the JSON view." }</p>
                } else {
                    <textarea id="form-system" rows="2" value={view.system.clone()} onchange={on_system} />
                }
            </label>
            <fieldset class="messages">
                <legend>{ "messages" }</legend>
                { for view.messages.iter().enumerate().map(|(i, m)| message_row(i, m, view.messages.len(), &edit)) }
                <button type="button" class="secondary" id="form-add-message" onclick={emit(FormEdit::AddMessage)}>{ "+ message" }</button>
            </fieldset>
            <fieldset class="tools">
                <legend>{ "tools" }</legend>
                { for view.tools.iter().enumerate().map(|(i, name)| tool_row(i, name, &edit)) }
                <button type="button" class="secondary" id="form-add-tool" onclick={emit(FormEdit::AddTool)}>{ "+ tool" }</button>
            </fieldset>
        </div>
    }
}

fn message_row(i: usize, m: &MessageView, count: usize, edit: &Callback<FormEdit>) -> Html {
    let on_role = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            edit.emit(FormEdit::Role(
                i,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let on_text = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            edit.emit(FormEdit::Text(
                i,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let button = |label: &'static str, title: String, e: FormEdit, disabled: bool| {
        let edit = edit.clone();
        html! { <button type="button" class="icon" title={title.clone()} aria-label={title} disabled={disabled}
        onclick={Callback::from(move |_: MouseEvent| edit.emit(e.clone()))}>{ label }</button> }
    };
    let roles = ["user", "assistant", "system"];
    html! {
        <div class="message-row" data-index={i.to_string()}>
            <select class="role" aria-label={format!("message {} role", i + 1)} onchange={on_role}>
                if !roles.contains(&m.role.as_str()) { <option value={m.role.clone()} selected=true>{ m.role.clone() }</option> }
                { for roles.iter().map(|r| html! { <option value={*r} selected={m.role == *r}>{ *r }</option> }) }
            </select>
            if m.blocks {
                <span class="blocks" title="block content: edit it in the JSON view">{ m.text.clone() }</span>
            } else {
                <textarea class="text" rows="1" aria-label={format!("message {} text", i + 1)} value={m.text.clone()} onchange={on_text} />
            }
            { button("↑", format!("move message {} up", i + 1), FormEdit::MoveMessage(i, true), i == 0) }
            { button("↓", format!("move message {} down", i + 1), FormEdit::MoveMessage(i, false), i + 1 >= count) }
            { button("✕", format!("remove message {}", i + 1), FormEdit::RemoveMessage(i), false) }
        </div>
    }
}

fn tool_row(i: usize, name: &str, edit: &Callback<FormEdit>) -> Html {
    let on_name = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            edit.emit(FormEdit::ToolName(
                i,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let remove = {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit.emit(FormEdit::RemoveTool(i)))
    };
    html! {
        <div class="tool-row">
            <input class="tool-name" aria-label={format!("tool {} name", i + 1)} value={name.to_string()} onchange={on_name} />
            <button type="button" class="icon" title="remove tool" aria-label={format!("remove tool {}", i + 1)} onclick={remove}>{ "✕" }</button>
        </div>
    }
}
