//! Send a request with retries: each failure is explained and the core's retry policy decides whether and when
//! to try again. The waits are real, so the timeline shows what a client would do.

use super::http::{exchange, Answer};
use crate::state::{Attempt, AttemptOutcome, Connection};
use gloo_net::http::Method;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use triage_core::json;
use triage_core::response::{explain_http, explain_transport, Context, Explanation};
use triage_core::retry::{RetryConfig, RetryPolicy};

/// Runs one send to completion, reporting every attempt. Stops early when `current` no longer holds `run_id`
/// (the user pressed Stop or started another send).
pub async fn send_with_retries(
    connection: Connection,
    method: Method,
    path: &'static str,
    body: Option<String>,
    run_id: u32,
    current: Rc<Cell<u32>>,
    report: impl Fn(Attempt),
) {
    let started = now_ms();
    let seed = started as u64;
    let mut policy = RetryPolicy::new(RetryConfig::default(), seed);
    let mut number = 0;
    while current.get() == run_id {
        number += 1;
        let result = exchange(&connection, method.clone(), path, body.as_deref()).await;
        let at_ms = (now_ms() - started).max(0) as u64;
        let (status, explanation) = match result {
            Ok(answer) if (200..300).contains(&answer.status) && !is_stream_error(&answer) => {
                policy.record_success();
                let text = reply_text(&answer.body);
                report(Attempt {
                    number,
                    at_ms,
                    status: Some(answer.status),
                    outcome: AttemptOutcome::Success(text),
                });
                return;
            }
            Ok(answer) => (Some(answer.status), explain(&answer)),
            Err(no_answer) => (None, explain_transport(no_answer.failure, &no_answer.message)),
        };
        let decision = policy.decide(&explanation, number, at_ms, false);
        let retry = decision.retry;
        let delay = decision.delay_ms;
        report(Attempt {
            number,
            at_ms,
            status,
            outcome: AttemptOutcome::Failure {
                explanation: Box::new(explanation),
                decision,
            },
        });
        if !retry || current.get() != run_id {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(delay)).await;
    }
}

fn explain(answer: &Answer) -> Explanation {
    explain_http(
        answer.status,
        &answer.headers,
        &answer.body,
        &Context {
            now_ms: Some(now_ms()),
            ..Default::default()
        },
    )
}

/// A 200 whose SSE stream carries an `event: error` is a failure, not a success.
fn is_stream_error(answer: &Answer) -> bool {
    answer.body.contains("event: error")
}

/// The assistant's text when the body is a Message; otherwise the body itself, shortened.
fn reply_text(body: &str) -> String {
    let text = json::parse(body).ok().and_then(|root| {
        let content = root.get("content")?.as_array()?;
        let parts: Vec<&str> = content
            .iter()
            .filter_map(|block| block.get("text")?.as_str())
            .collect();
        (!parts.is_empty()).then(|| parts.join(""))
    });
    text.unwrap_or_else(|| body.chars().take(2000).collect())
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
