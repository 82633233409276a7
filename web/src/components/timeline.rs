//! The attempts of one send on a time line: status, cause, and the retry policy's decision.

use crate::state::{Attempt, AttemptOutcome};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub attempts: Vec<Attempt>,
    pub running: bool,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    html! {
        <ol class="timeline" id="timeline">
            { for props.attempts.iter().map(row) }
            if props.running { <li class="pending">{ "waiting…" }</li> }
        </ol>
    }
}

fn row(a: &Attempt) -> Html {
    let at = format!("{:.1} s", a.at_ms as f64 / 1000.0);
    let status = a.status.map_or_else(|| "—".to_string(), |s| s.to_string());
    match &a.outcome {
        AttemptOutcome::Success(_) => html! {
            <li class="attempt success">
                <span class="n">{ format!("#{}", a.number) }</span><span class="at">{ at }</span>
                <span class="status">{ status }</span><span class="what">{ "success" }</span>
            </li>
        },
        AttemptOutcome::Failure {
            explanation,
            decision,
        } => {
            let next = if decision.retry {
                format!(
                    "retry in {:.2} s ({})",
                    decision.delay_ms as f64 / 1000.0,
                    decision.reason.as_str()
                )
            } else {
                format!("give up ({})", decision.reason.as_str())
            };
            html! {
                <li class={classes!("attempt", "failure", decision.retry.then_some("will-retry"))}>
                    <span class="n">{ format!("#{}", a.number) }</span><span class="at">{ at }</span>
                    <span class="status">{ status }</span>
                    <span class="what">{ explanation.cause.as_str() }</span>
                    <span class="next">{ next }</span>
                </li>
            }
        }
    }
}
