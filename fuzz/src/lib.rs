//! What every fuzz target checks beyond "no panic": the invariants callers rely on, written once.

use triage_core::retry::{Decision, RetryConfig};
use triage_core::{Report, Severity, Span};

/// Every diagnostic's span lies inside `text`, on character boundaries, so the playground can slice it.
pub fn check_report(text: &str, report: &Report) {
    for d in &report.diagnostics {
        check_span(text, d.span);
    }
    assert_eq!(
        report.ok,
        report.diagnostics.iter().all(|d| d.severity != Severity::Error)
    );
}

pub fn check_span(text: &str, span: Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{span:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{span:?} splits a char"
    );
}

/// A retry decision never waits past the deadline and never finds a negative budget.
pub fn check_decision(config: &RetryConfig, elapsed_ms: u64, decision: &Decision) {
    // Written so that NaN fails too.
    assert!(decision.budget_left >= 0.0, "budget below zero: {decision:?}");
    if let (true, Some(deadline)) = (decision.retry, config.deadline_ms) {
        assert!(
            elapsed_ms.saturating_add(decision.delay_ms) <= deadline,
            "past the deadline: {decision:?}"
        );
    }
    if !decision.retry {
        assert_eq!(decision.delay_ms, 0, "a give-up waits: {decision:?}");
    }
}
