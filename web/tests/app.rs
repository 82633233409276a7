//! The playground's components in a real DOM (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use triage_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn text_of(root: &Element, selector: &str) -> String {
    find(root, selector)
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .unwrap_or_else(|| panic!("{selector} is on the page"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
}

async fn type_into(root: &Element, selector: &str, text: &str) {
    let area: HtmlTextAreaElement = find(root, selector).unwrap().dyn_into().unwrap();
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

async fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).unwrap().dyn_into().unwrap();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_default_request_is_valid() {
    let root = mount().await;
    assert!(text_of(&root, "#diagnostics .summary").contains("No problems found"));
    assert!(find(&root, "#send-anyway").is_none());
}

#[wasm_bindgen_test]
async fn editing_revalidates_and_locates_the_problem() {
    let root = mount().await;
    type_into(&root, "#request", "{\n  \"model\": \"claude-sonnet-4-5\",\n  \"max_tokens\": 5,\n  \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]\n}").await;
    let item = find(&root, ".diagnostic[data-code=\"system_role_in_messages\"]")
        .expect("the system role is flagged");
    assert!(
        item.text_content().unwrap().contains("4:"),
        "line 4 is named: {:?}",
        item.text_content()
    );
    // The gutter marks line 4, and the marker selects the span.
    let marker = find(&root, ".gutter .marker[data-line=\"4\"]").expect("a marker on line 4");
    assert_eq!(marker.class_name(), "ln marker error");
    click(&root, ".gutter .marker[data-line=\"4\"]").await;
    let area: HtmlTextAreaElement = find(&root, "#request").unwrap().dyn_into().unwrap();
    let (start, end) = (
        area.selection_start().unwrap().unwrap(),
        area.selection_end().unwrap().unwrap(),
    );
    assert!(area.value()[start as usize..end as usize].contains("system"));
}

#[wasm_bindgen_test]
async fn errors_need_send_anyway_and_warnings_do_not() {
    let root = mount().await;
    type_into(
        &root,
        "#request",
        "{\"model\": \"claude-sonnet-4-5\", \"messages\": []}",
    )
    .await;
    let send: web_sys::HtmlButtonElement = find(&root, "#send").unwrap().dyn_into().unwrap();
    assert!(send.disabled());
    assert!(find(&root, "#send-anyway").is_some());
    type_into(&root, "#request", "{\"model\": \"claude-3-5-sonet\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}").await;
    let send: web_sys::HtmlButtonElement = find(&root, "#send").unwrap().dyn_into().unwrap();
    assert!(!send.disabled(), "a warning alone does not block Send");
    assert!(find(&root, "#send-anyway").is_none());
}

#[wasm_bindgen_test]
async fn the_form_and_the_json_stay_in_sync() {
    let root = mount().await;
    click(&root, "#view-form").await;
    choose(&root, "#form-model", "claude-opus-4-1").await;
    click(&root, "#form-add-message").await;
    click(&root, "#view-json").await;
    let area: HtmlTextAreaElement = find(&root, "#request").unwrap().dyn_into().unwrap();
    assert!(
        area.value().contains("\"model\": \"claude-opus-4-1\""),
        "{}",
        area.value()
    );
    assert!(
        area.value().contains("\"role\": \"assistant\""),
        "{}",
        area.value()
    );
    type_into(
        &root,
        "#request",
        "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 77, \"messages\": []}",
    )
    .await;
    click(&root, "#view-form").await;
    let max: HtmlInputElement = find(&root, "#form-max-tokens").unwrap().dyn_into().unwrap();
    assert_eq!(max.value(), "77");
    click(&root, "#view-json").await;
    type_into(&root, "#request", "{broken").await;
    click(&root, "#view-form").await;
    assert!(
        find(&root, "#form-unavailable").is_some(),
        "no form for broken JSON, and no panic"
    );
}

#[wasm_bindgen_test]
async fn every_example_loads_and_all_but_the_valid_ones_have_diagnostics() {
    let root = mount().await;
    let select: HtmlSelectElement = find(&root, "#example").unwrap().dyn_into().unwrap();
    let count = select.length() - 1;
    assert!(count >= 12, "{count} examples");
    for i in 0..count {
        choose(&root, "#example", &i.to_string()).await;
        let summary = text_of(&root, "#diagnostics .summary");
        let valid = summary.contains("No problems found");
        assert_eq!(valid, i < 2, "example {i}: {summary}");
    }
}

#[wasm_bindgen_test]
async fn the_explain_tab_explains_each_kind_of_paste() {
    let root = mount().await;
    click(&root, "#tab-explain").await;
    let cases = [
        ("curl-i", "overloaded", Some("req_011CurlI529Overload")),
        ("curl-v", "missing_api_key", Some("req_011CurlV401")),
        ("body", "credit_balance_too_low", None),
        ("sse", "overloaded", None),
        ("python", "rate_limit_input_tokens", Some("req_011PySdk429")),
        ("typescript", "overloaded", Some("req_011TsSdk529")),
        ("vercel", "overloaded", Some("req_011Vercel529")),
        ("claude-code", "overloaded", Some("req_011ClaudeCode529")),
    ];
    for (sample, cause, request_id) in cases {
        click(&root, &format!("button[data-sample=\"{sample}\"]")).await;
        assert_eq!(text_of(&root, "#explanation .cause"), cause, "{sample}");
        assert_eq!(
            find(&root, "#request-id").map(|e| e.text_content().unwrap_or_default()),
            request_id.map(str::to_string),
            "{sample}"
        );
        let page = root.text_content().unwrap_or_default();
        let pasted: HtmlTextAreaElement = find(&root, "#pasted").unwrap().dyn_into().unwrap();
        // The textarea holds what was pasted; everything the page shows besides it is redacted.
        let shown = page.replace(&pasted.value(), "");
        assert!(!shown.contains("sample-FAKE-0000"), "{sample}: a key is shown");
    }
    click(&root, "button[data-sample=\"sse\"]").await;
    assert!(text_of(&root, "#stream-rule").contains("only re-sending the whole request"));
    type_into(&root, "#pasted", "\u{0}\u{ffff}{{{{[[[\"\\").await;
    assert!(
        find(&root, "#explanation").is_some(),
        "garbage is explained, not a panic"
    );
}

#[wasm_bindgen_test]
async fn export_and_share_never_carry_the_key() {
    let root = mount().await;
    for lang in ["curl", "TypeScript", "Python"] {
        click(&root, &format!("button[data-lang=\"{lang}\"]")).await;
        let code = text_of(&root, "#export-code");
        assert!(code.contains("ANTHROPIC_API_KEY"), "{lang}: {code}");
        assert!(!code.contains("playground-FAKE"), "{lang}: {code}");
    }
    click(&root, "#make-share-link").await;
    let link: HtmlInputElement = find(&root, "#share-link").unwrap().dyn_into().unwrap();
    assert!(link.value().contains("#request=%7B"), "{}", link.value());
    assert!(!link.value().contains("FAKE"), "{}", link.value());
}

#[wasm_bindgen_test]
async fn history_starts_empty_and_is_not_stored_unless_asked() {
    let root = mount().await;
    click(&root, "#tab-history").await;
    assert!(find(&root, "#history-empty").is_some());
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(storage.get_item("claude-triage.history").unwrap(), None);
    click(&root, "#keep-history").await;
    assert_eq!(
        storage.get_item("claude-triage.history").unwrap().as_deref(),
        Some("[]")
    );
    click(&root, "#keep-history").await;
    assert_eq!(storage.get_item("claude-triage.history").unwrap(), None);
}
