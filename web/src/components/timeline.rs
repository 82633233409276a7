//! The attempts of one run on a time axis (SVG), drawn from the retry engine's decision records: each attempt
//! and its status, each wait and its reason (backoff, retry-after, pacing), a give-up and why (attempts, budget,
//! a stream that already showed output), and a live countdown while waiting. A list below says the same in text.

use crate::hooks::use_clock::use_clock;
use crate::state::{Attempt, AttemptOutcome, Run};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub run: Run,
    pub running: bool,
}

const WIDTH: f64 = 640.0;
const LEFT: f64 = 10.0;
const RIGHT: f64 = 10.0;
const HEIGHT: f64 = 112.0;
const BAR_Y: f64 = 34.0;
const BAR_H: f64 = 22.0;
const AXIS_Y: f64 = 92.0;
/// Width of one character of the 11px monospace labels, in viewBox units.
const CHAR_W: f64 = 6.7;

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let now = use_clock(props.running, 100);
    let run = &props.run;
    let elapsed = ((now - run.started_at).max(0.0)) as u64;
    let wait_end = run.attempts.last().and_then(|a| match &a.outcome {
        AttemptOutcome::Failure { wait: Some(w), .. } => Some((a.at_ms + w.ms, *w)),
        _ => None,
    });
    let mut span_ms = run.attempts.last().map_or(0, |a| a.at_ms);
    if let Some((end, _)) = wait_end {
        span_ms = span_ms.max(end);
    }
    if props.running {
        span_ms = span_ms.max(elapsed);
    }
    // Room on the right for the last label ("✓ success", "✕ give up (…)").
    let span_ms = (span_ms.max(1_000) as f64) * 1.12;
    let x = |ms: u64| LEFT + (ms as f64 / span_ms) * (WIDTH - LEFT - RIGHT);
    let countdown = wait_end
        .filter(|_| props.running && run.in_flight.is_none())
        .map(|(end, w)| {
            let left = end.saturating_sub(elapsed);
            format!(
                "next attempt in {:.1} s ({})",
                left as f64 / 1000.0,
                w.reason.label()
            )
        });
    let mut above = Placer::new(&[24.0, 12.0]);
    let mut below = Placer::new(&[70.0, 82.0]);
    let shapes: Vec<Html> = run
        .attempts
        .iter()
        .map(|a| attempt_shape(a, &x, &mut above, &mut below))
        .collect();
    let ticks = ticks(span_ms / 1.12);
    let last_tick = ticks.len().saturating_sub(1);

    html! {
        <div class="timeline-view">
            <div class="timeline-scroll">
            <svg id="timeline-svg" class="timeline-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={format!("{} attempt(s) on a time axis", run.attempts.len())}>
                <line class="axis" x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={AXIS_Y.to_string()} y2={AXIS_Y.to_string()} />
                { for ticks.iter().enumerate().map(|(i, &t)| {
                    let tx = x(t);
                    let anchor = if i == 0 { "start" } else if i == last_tick && tx > WIDTH - 40.0 { "end" } else { "middle" };
                    html! { <g class="tick">
                        <line x1={tx.to_string()} x2={tx.to_string()} y1={AXIS_Y.to_string()} y2={(AXIS_Y + 4.0).to_string()} />
                        <text x={tx.to_string()} y={(AXIS_Y + 16.0).to_string()} text-anchor={anchor}>{ seconds(t) }</text>
                    </g> }
                }) }
                { for shapes }
                if let Some((number, sent)) = run.in_flight {
                    <g class="attempt-bar in-flight" data-attempt={number.to_string()}>
                        <rect x={x(sent).to_string()} y={BAR_Y.to_string()} height={BAR_H.to_string()}
                            width={(x(elapsed.max(sent)) - x(sent)).max(4.0).to_string()} rx="3" />
                        <text x={x(sent).min(WIDTH - RIGHT - 40.0).to_string()} y="24">{ format!("#{number} …") }</text>
                    </g>
                }
            </svg>
            </div>
            if let Some(text) = countdown { <p class="countdown" id="countdown" aria-live="polite">{ text }</p> }
            <ol class="timeline" id="timeline">
                { for run.attempts.iter().map(row) }
                if props.running && run.in_flight.is_some() { <li class="pending">{ "waiting for the answer…" }</li> }
            </ol>
        </div>
    }
}

/// Places labels in the first of a few text rows where they do not overlap the previous one.
struct Placer {
    rows: Vec<(f64, f64)>,
}

impl Placer {
    fn new(ys: &[f64]) -> Placer {
        Placer {
            rows: ys.iter().map(|&y| (y, f64::MIN)).collect(),
        }
    }

    /// The label's x (kept inside the picture) and y, for text of `chars` characters wanted at `x`.
    fn place(&mut self, x: f64, chars: usize) -> (f64, f64) {
        let width = chars as f64 * CHAR_W;
        let x = x.min(WIDTH - RIGHT - width).max(0.0);
        let row = self
            .rows
            .iter()
            .position(|(_, end)| *end + 4.0 <= x)
            .unwrap_or_else(|| {
                // Every row is taken here: the one that frees up first.
                (0..self.rows.len())
                    .min_by(|&a, &b| self.rows[a].1.total_cmp(&self.rows[b].1))
                    .unwrap_or(0)
            });
        let Some(slot) = self.rows.get_mut(row) else {
            return (x, 0.0);
        };
        slot.1 = x + width;
        (x, slot.0)
    }
}

fn seconds(ms: u64) -> String {
    if ms == 0 {
        "0".to_string()
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

fn attempt_shape(a: &Attempt, x: &dyn Fn(u64) -> f64, above: &mut Placer, below: &mut Placer) -> Html {
    let x0 = x(a.sent_ms);
    let width = (x(a.at_ms) - x0).max(5.0);
    let status = a.status.map_or_else(|| "—".to_string(), |s| s.to_string());
    let label = format!(
        "#{} {}{}",
        a.number,
        status,
        if a.streamed { " stream" } else { "" }
    );
    let (class, wait, end) = match &a.outcome {
        AttemptOutcome::Success(_) => ("success", None, Some("✓ success".to_string())),
        AttemptOutcome::Failure { decision, wait, .. } => (
            "failure",
            *wait,
            (!decision.retry).then(|| format!("✕ give up ({})", decision.reason.as_str())),
        ),
    };
    let (lx, ly) = above.place(x0, label.chars().count());
    let wait_shape = wait.map(|w| {
        let wx = x0 + width;
        let ww = (x(a.at_ms + w.ms) - wx).max(1.0);
        let text = format!("{} {:.2} s", w.reason.label(), w.ms as f64 / 1000.0);
        let (tx, ty) = below.place(wx, text.chars().count());
        html! {
            <g class="wait" data-reason={w.reason.label()}>
                <rect x={wx.to_string()} y={(BAR_Y + 6.0).to_string()} height={(BAR_H - 12.0).to_string()} width={ww.to_string()} />
                <text x={tx.to_string()} y={ty.to_string()}>{ text }</text>
            </g>
        }
    });
    let end_shape = end.map(|end| {
        let chars = end.chars().count() as f64;
        let after = x0 + width + 4.0;
        // Right of the bar when it fits, else left of it.
        let (ex, anchor) = if after + chars * CHAR_W <= WIDTH - RIGHT {
            (after, "start")
        } else {
            (x0 - 4.0, "end")
        };
        html! { <text class="end" x={ex.to_string()} y={(BAR_Y + 15.0).to_string()} text-anchor={anchor}>{ end }</text> }
    });
    html! {
        <g class={classes!("attempt-bar", class)} data-attempt={a.number.to_string()} data-status={status.clone()}>
            <rect x={x0.to_string()} y={BAR_Y.to_string()} width={width.to_string()} height={BAR_H.to_string()} rx="3" />
            <text x={lx.to_string()} y={ly.to_string()}>{ label }</text>
            { for wait_shape }
            { for end_shape }
        </g>
    }
}

/// About five round tick positions over `[0, span]`.
fn ticks(span: f64) -> Vec<u64> {
    let raw = span / 5.0;
    let step = [
        100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0, 30_000.0, 60_000.0, 120_000.0,
    ]
    .into_iter()
    .find(|s| *s >= raw)
    .unwrap_or(300_000.0);
    (0..)
        .map(|i| (i as f64 * step) as u64)
        .take_while(|t| (*t as f64) <= span)
        .take(20)
        .collect()
}

fn row(a: &Attempt) -> Html {
    let at = format!("{:.1} s", a.at_ms as f64 / 1000.0);
    let status = a.status.map_or_else(|| "—".to_string(), |s| s.to_string());
    match &a.outcome {
        AttemptOutcome::Success(_) => html! {
            <li class="attempt success">
                <span class="n">{ format!("#{}", a.number) }</span><span class="at">{ at }</span>
                <span class="status">{ status }</span><span class="what">{ if a.streamed { "success (stream)" } else { "success" } }</span>
            </li>
        },
        AttemptOutcome::Failure {
            explanation,
            decision,
            wait,
        } => {
            let next = match wait {
                Some(w) => format!("retry in {:.2} s ({})", w.ms as f64 / 1000.0, w.reason.label()),
                None => format!("give up ({})", decision.reason.as_str()),
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
