//! The request editor: a textarea validated on every keystroke, and example requests to start from.

use crate::examples::EXAMPLES;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    pub on_edit: Callback<String>,
    pub textarea: NodeRef,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            on_edit.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
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
        <section class="editor">
            <div class="row">
                <h2>{ "Request" }</h2>
                <label class="examples">
                    <select id="example" onchange={on_example}>
                        <option value="" selected=true>{ "Load an example…" }</option>
                        { for EXAMPLES.iter().enumerate().map(|(i, ex)| html! { <option value={i.to_string()}>{ ex.name }</option> }) }
                    </select>
                </label>
            </div>
            <textarea id="request" ref={props.textarea.clone()} spellcheck="false" value={props.text.clone()} oninput={on_input} />
        </section>
    }
}
