//! The tab bar: buttons with `role="tab"`, arrow keys move between them.

use crate::state::Tab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: Tab,
    pub on_select: Callback<Tab>,
}

#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let on_key = {
        let on_select = props.on_select.clone();
        let current = props.current;
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let n = Tab::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(Tab::ALL[next]);
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", Tab::ALL[next].id())))
            {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        })
    };
    html! {
        <nav class="tabs" role="tablist" aria-label="Playground" onkeydown={on_key}>
            { for Tab::ALL.iter().map(|&tab| {
                let selected = tab == props.current;
                let on_select = props.on_select.clone();
                html! {
                    <button id={format!("tab-{}", tab.id())} role="tab" class={classes!("tab", selected.then_some("selected"))}
                        aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tab.id())}
                        tabindex={if selected { "0" } else { "-1" }}
                        onclick={Callback::from(move |_| on_select.emit(tab))}>
                        { tab.label() }
                    </button>
                }
            }) }
        </nav>
    }
}
