//! The playground's components in a real DOM (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use triage_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_default_request_is_valid() {
    let root = mount().await;
    assert!(text_of(&root, "#diagnostics .summary").contains("No problems found"));
}

#[wasm_bindgen_test]
async fn editing_revalidates_and_locates_the_problem() {
    let root = mount().await;
    let area: HtmlTextAreaElement = root
        .query_selector("#request")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value("{\n  \"model\": \"claude-sonnet-4-5\",\n  \"max_tokens\": 5,\n  \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]\n}");
    let event = web_sys::InputEvent::new("input").unwrap();
    area.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    let item = root
        .query_selector(".diagnostic[data-code=\"system_role_in_messages\"]")
        .unwrap();
    let item = item.expect("the system role is flagged");
    assert!(
        item.text_content().unwrap().contains("4:"),
        "line 4 is named: {:?}",
        item.text_content()
    );
}
