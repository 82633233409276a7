//! Send, Test key and Stop. With warnings Send just sends; with errors it asks for an explicit "Send anyway", so
//! the server's own 400 can be compared with ours.

use crate::hooks::use_send::SendKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SendBarProps {
    pub errors: usize,
    pub warnings: usize,
    pub running: bool,
    pub on_send: Callback<SendKind>,
    pub on_stop: Callback<()>,
}

#[component]
pub fn SendBar(props: &SendBarProps) -> Html {
    let emit = |kind: SendKind| {
        let on_send = props.on_send.clone();
        Callback::from(move |_: MouseEvent| on_send.emit(kind))
    };
    let stop = {
        let on_stop = props.on_stop.clone();
        Callback::from(move |_: MouseEvent| on_stop.emit(()))
    };
    let blocked = props.errors > 0;
    html! {
        <div class="actions">
            <button id="send" onclick={emit(SendKind::Message)} disabled={props.running || blocked}>{ "Send" }</button>
            if blocked {
                <button id="send-anyway" class="danger" onclick={emit(SendKind::Message)} disabled={props.running}>{ "Send anyway" }</button>
            }
            <button id="test-key" class="secondary" onclick={emit(SendKind::TestKey)} disabled={props.running}>{ "Test key" }</button>
            if props.running { <button id="stop" class="secondary" onclick={stop}>{ "Stop" }</button> }
            if blocked {
                <span class="warn" id="send-warning">{ format!("{} error(s): the API will likely answer 400. Send anyway to compare its answer with ours.", props.errors) }</span>
            } else if props.warnings > 0 {
                <span class="muted">{ format!("{} warning(s): sending is allowed.", props.warnings) }</span>
            }
        </div>
    }
}
