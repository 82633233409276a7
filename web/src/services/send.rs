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

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
