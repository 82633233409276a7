//! Send and cancel, in one place: minting a run id, starting the retry loop, and Stop (which aborts the fetch on
//! the wire, ends a streamed reply, and cancels any wait).

use crate::services::send::{send_with_retries, RunEvent, RunGuard, SendJob};
use crate::state::{Action, State};
use gloo_net::http::Method;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::AbortController;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SendKind {
    /// `POST /v1/messages` with the request.
    Message,
    /// `GET /v1/models`: does the key work?
    TestKey,
}

#[derive(Clone, PartialEq)]
pub struct SendControls {
    pub send: Callback<SendKind>,
    pub stop: Callback<()>,
}

#[hook]
pub fn use_send(state: UseReducerHandle<State>) -> SendControls {
    // The run the page is currently following; a send loop stops as soon as this moves on.
    let current = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    let controller = use_mut_ref(|| Rc::new(RefCell::<Option<AbortController>>::new(None)));
    let current = current.borrow().clone();
    let controller = controller.borrow().clone();

    let abort = {
        let controller = controller.clone();
        move || {
            if let Some(c) = controller.borrow_mut().take() {
                c.abort();
            }
        }
    };
    let send = {
        let state = state.clone();
        let current = current.clone();
        let controller = controller.clone();
        let abort = abort.clone();
        Callback::from(move |kind: SendKind| {
            abort();
            let Ok(abort_controller) = AbortController::new() else {
                return;
            };
            let signal = abort_controller.signal();
            *controller.borrow_mut() = Some(abort_controller);
            let run_id = current.get().wrapping_add(1);
            current.set(run_id);
            let started_at = js_sys::Date::now();
            let is_send = kind == SendKind::Message;
            state.dispatch(Action::Start {
                run_id,
                started_at,
                is_send,
            });
            let (method, path, body) = match kind {
                SendKind::Message => (Method::POST, "/v1/messages", Some(state.request.clone())),
                SendKind::TestKey => (Method::GET, "/v1/models", None),
            };
            let reporter = state.clone();
            let job = SendJob {
                connection: state.connection.clone(),
                method,
                path,
                body,
                started: started_at,
            };
            wasm_bindgen_futures::spawn_local(send_with_retries(
                job,
                RunGuard {
                    run_id,
                    current: current.clone(),
                },
                signal,
                move |event| {
                    reporter.dispatch(match event {
                        RunEvent::Sending { number, sent_ms } => Action::Sending {
                            run_id,
                            number,
                            sent_ms,
                        },
                        RunEvent::Streamed(text) => Action::Streamed { run_id, text },
                        RunEvent::Attempt(attempt) => Action::Attempt { run_id, attempt },
                    })
                },
            ));
        })
    };
    let stop = {
        let state = state.clone();
        Callback::from(move |()| {
            current.set(current.get().wrapping_add(1));
            abort();
            state.dispatch(Action::Stop);
        })
    };
    SendControls { send, stop }
}
