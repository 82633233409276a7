//! The simulator's Web Worker: one message in (options as JSON text), one message out (results as JSON text).
//! Trunk builds it beside the page; the page starts it only when the Simulator tab opens.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let options = event.data().as_string().unwrap_or_default();
        let results = triage_web::sim_protocol::run(&options);
        let _ = reply.post_message(&JsValue::from_str(&results));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages posted while the wasm was still loading were dropped: the page waits for this before it posts.
    let _ = scope.post_message(&JsValue::from_str(triage_web::sim_protocol::READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
