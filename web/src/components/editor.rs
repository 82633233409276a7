//! The request editor: a textarea with a line-number gutter, validated on every keystroke, and example requests
//! to start from.

use super::gutter::Gutter;
use crate::examples::EXAMPLES;
use triage_core::request::Report;
use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    pub report: Report,
    pub on_edit: Callback<String>,
    pub textarea: NodeRef,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let gutter = use_node_ref();
    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            on_edit.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_scroll = {
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            if let Some(g) = gutter.cast::<Element>() {
                g.set_scroll_top(area.scroll_top());
            }
        })
    };
    html! {
        <div class="code-editor">
            <Gutter text={props.text.clone()} report={props.report.clone()} textarea={props.textarea.clone()} gutter={gutter} />
            <textarea id="request" aria-label="Request JSON" ref={props.textarea.clone()} spellcheck="false" wrap="off"
                value={props.text.clone()} oninput={on_input} onscroll={on_scroll} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    pub on_edit: Callback<String>,
}

/// The examples menu: one per diagnostic family.
#[component]
pub fn ExamplesMenu(props: &ExamplesProps) -> Html {
    let on_example = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(example) = select.value().parse::<usize>().ok().and_then(|i| EXAMPLES.get(i)) {
                on_edit.emit(example.body.to_string());
            }
            // A menu, not a state: once loaded, the text may be edited away from the example.
            select.set_value("");
        })
    };
    html! {
        <label class="examples">
            <span class="visually-hidden">{ "Examples" }</span>
            <select id="example" onchange={on_example}>
                <option value="" selected=true>{ "Load an example…" }</option>
                { for EXAMPLES.iter().enumerate().map(|(i, ex)| html! { <option value={i.to_string()}>{ ex.name }</option> }) }
            </select>
        </label>
    }
}
