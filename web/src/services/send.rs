//! Send a request with retries: each failure is explained and the core's retry policy decides whether and when
//! to try again (and the rate-limit headers, how fast). The waits are real, so the timeline shows what a client
//! would do. A stream that fails before any output is a failed attempt like any other and is re-sent whole; once
//! output has reached the user, the engine gives up (`stream_output_delivered`).

use super::http::{exchange, Answer};
use super::sse;
use crate::state::{Attempt, AttemptOutcome, Connection, Raw, Wait, WaitReason};
use gloo_net::http::Method;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use triage_core::json;
use triage_core::response::{explain_http, explain_transport, Context, Explanation, Kind, TransportFailure};
use triage_core::retry::{RetryConfig, RetryPolicy};
use web_sys::AbortSignal;

/// What a run tells the page as it goes.
pub enum RunEvent {
    Sending {
        number: u32,
        sent_ms: u64,
    },
    /// The streamed text so far of the attempt on the wire.
    Streamed(String),
    Attempt(Attempt),
}

/// The run's identity: it stops as soon as `current` no longer holds `run_id` (Stop, or another send).
pub struct RunGuard {
    pub run_id: u32,
    pub current: Rc<Cell<u32>>,
}

impl RunGuard {
    fn live(&self) -> bool {
        self.current.get() == self.run_id
    }
}

/// What to send, and when the run started (`Date.now()`).
pub struct SendJob {
    pub connection: Connection,
    pub method: Method,
    pub path: &'static str,
    pub body: Option<String>,
    pub started: f64,
}

/// Runs one send to completion, reporting every event.
pub async fn send_with_retries(
    job: SendJob,
    guard: RunGuard,
    signal: AbortSignal,
    report: impl Fn(RunEvent),
) {
    let SendJob {
        connection,
        method,
        path,
        body,
        started,
    } = job;
    let seed = started as u64;
    let mut policy = RetryPolicy::new(RetryConfig::default(), seed);
    policy.record_call();
    let elapsed = || (js_sys::Date::now() - started).max(0.0) as u64;
    let mut number = 0;
    while guard.live() {
        number += 1;
        let sent_ms = elapsed();
        report(RunEvent::Sending { number, sent_ms });
        let on_body = |answer: &Answer| {
            if answer.is_event_stream() && guard.live() {
                report(RunEvent::Streamed(sse::read(&answer.body).text));
            }
        };
        let result = exchange(
            &connection,
            method.clone(),
            path,
            body.as_deref(),
            Some(&signal),
            &on_body,
        )
        .await;
        if !guard.live() {
            return;
        }
        let at_ms = elapsed();
        let mut output_delivered = false;
        let raw = result
            .as_ref()
            .ok()
            .map(|a| Rc::new(Raw::new(&a.headers, &a.body)));
        let (status, streamed, explanation) = match result {
            Ok(answer) if answer.cut && !answer.is_event_stream() => (
                Some(answer.status),
                false,
                explain_transport(
                    TransportFailure::Network,
                    "the connection dropped while the body arrived",
                ),
            ),
            Ok(answer) => {
                let streamed = answer.is_event_stream();
                let explanation = explain(&answer);
                let failed = if streamed {
                    explanation.kind == Kind::StreamError
                } else {
                    !(200..300).contains(&answer.status) || answer.cut
                };
                if !failed {
                    policy.record_success();
                    let text = if streamed {
                        sse::read(&answer.body).text
                    } else {
                        reply_text(&answer.body)
                    };
                    report(RunEvent::Attempt(Attempt {
                        number,
                        sent_ms,
                        at_ms,
                        status: Some(answer.status),
                        streamed,
                        raw,
                        outcome: AttemptOutcome::Success(text),
                    }));
                    return;
                }
                output_delivered = streamed && sse::read(&answer.body).output_delivered;
                (Some(answer.status), streamed, explanation)
            }
            Err(no_answer) => (
                None,
                false,
                explain_transport(no_answer.failure, &no_answer.message),
            ),
        };
        let decision = policy.decide(&explanation, number, at_ms, output_delivered);
        let wait = decision.retry.then(|| {
            let backoff = Wait {
                ms: decision.delay_ms,
                reason: WaitReason::of(decision.reason),
            };
            let pacing = policy.pace(&explanation.rate_limit, js_sys::Date::now() as i64);
            if pacing.delay_ms > backoff.ms {
                Wait {
                    ms: pacing.delay_ms,
                    reason: WaitReason::Pacing,
                }
            } else {
                backoff
            }
        });
        report(RunEvent::Attempt(Attempt {
            number,
            sent_ms,
            at_ms,
            status,
            streamed,
            raw,
            outcome: AttemptOutcome::Failure {
                explanation: Box::new(explanation),
                decision,
                wait,
            },
        }));
        let Some(wait) = wait else { return };
        if !guard.live() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(wait.ms)).await;
    }
}

fn explain(answer: &Answer) -> Explanation {
    explain_http(
        answer.status,
        &answer.headers,
        &answer.body,
        &Context {
            now_ms: Some(js_sys::Date::now() as i64),
            ..Default::default()
        },
    )
}

/// What a success means in words: the assistant's text for a Message, the models a key can use for a model
/// list (Test key); otherwise the body itself, shortened.
fn reply_text(body: &str) -> String {
    let shortened = || body.chars().take(2000).collect();
    let Ok(root) = json::parse(body) else {
        return shortened();
    };
    let texts = |items: &[json::Node], key: &str| -> Vec<String> {
        items
            .iter()
            .filter_map(|item| item.get(key)?.as_str().map(str::to_string))
            .collect()
    };
    if let Some(content) = root.get("content").and_then(json::Node::as_array) {
        return texts(content, "text").join("");
    }
    if let Some(models) = root.get("data").and_then(json::Node::as_array) {
        let ids = texts(models, "id");
        return format!(
            "The key works: {} models available ({}).",
            ids.len(),
            ids.join(", ")
        );
    }
    shortened()
}
