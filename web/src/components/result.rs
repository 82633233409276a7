//! The result of the current run: the attempts timeline, the reply (streamed text as it arrives), and the last
//! failure explained.

use super::explanation::ExplanationCard;
use super::timeline::Timeline;
use crate::state::{AttemptOutcome, Run};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultProps {
    pub run: Run,
    pub running: bool,
}

#[component]
pub fn ResultPanel(props: &ResultProps) -> Html {
    let run = &props.run;
    if run.attempts.is_empty() && !props.running && !run.stopped {
        return html! {};
    }
    let last_failure = run.attempts.iter().rev().find_map(|a| match &a.outcome {
        AttemptOutcome::Failure { explanation, .. } => {
            Some(((**explanation).clone(), a.raw.clone(), a.number))
        }
        AttemptOutcome::Success(_) => None,
    });
    let reply = run.attempts.iter().rev().find_map(|a| match &a.outcome {
        AttemptOutcome::Success(text) => Some(text.clone()),
        AttemptOutcome::Failure { .. } => None,
    });
    let reply_shown = reply.is_some();
    let streaming = (run.in_flight.is_some() && !run.streaming.is_empty()).then(|| run.streaming.clone());
    html! {
        <section class="result" aria-live="polite">
            <h2>{ "Attempts" }</h2>
            <Timeline run={run.clone()} running={props.running} />
            if let Some(text) = streaming { <pre class="reply streaming" id="stream-text">{ text }</pre> }
            if let Some(text) = reply { <pre class="reply" id="reply">{ text }</pre> }
            if run.stopped { <p class="muted" id="stopped">{ "Stopped: the request was aborted." }</p> }
            if let Some((explanation, raw, number)) = last_failure {
                if reply_shown { <p class="after-success">{ format!("Why attempt #{number} failed (the retry then succeeded):") }</p> }
                <ExplanationCard explanation={explanation} raw={raw} />
            }
        </section>
    }
}
