//! The simulator's chart: one small bar chart per measure (calls, success, p50 and p99 completion), a bar per
//! policy, the same policy order and colour in each.

use crate::services::simulator::SimRow;
use triage_core::display;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SimChartProps {
    pub rows: Vec<SimRow>,
}

const W: f64 = 300.0;
const LABEL_W: f64 = 118.0;
const BAR_H: f64 = 16.0;
const GAP: f64 = 6.0;

#[component]
pub fn SimChart(props: &SimChartProps) -> Html {
    type Measure = (&'static str, &'static str, fn(&SimRow) -> f64, fn(f64) -> String);
    let measures: [Measure; 4] = [
        (
            "calls",
            "Calls sent (fewer is kinder to the server)",
            |r| r.calls,
            |v| format!("{v:.0}"),
        ),
        (
            "success",
            "Success rate",
            |r| r.success_rate,
            |v| format!("{:.0}%", v * 100.0),
        ),
        (
            "p50",
            "p50 completion",
            |r| r.p50_ms,
            |v| display::duration(v as u64),
        ),
        (
            "p99",
            "p99 completion",
            |r| r.p99_ms,
            |v| display::duration(v as u64),
        ),
    ];
    html! {
        <div class="sim-chart" id="sim-chart">
            { for measures.iter().map(|(id, title, value, fmt)| chart(id, title, &props.rows, *value, *fmt)) }
        </div>
    }
}

fn chart(id: &str, title: &str, rows: &[SimRow], value: fn(&SimRow) -> f64, fmt: fn(f64) -> String) -> Html {
    let max = rows
        .iter()
        .map(value)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let height = rows.len() as f64 * (BAR_H + GAP) + GAP;
    let scale = W - LABEL_W - 56.0;
    html! {
        <figure class="measure" data-measure={id.to_string()}>
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {W} {height}")} role="img" aria-label={title.to_string()}>
                { for rows.iter().enumerate().map(|(i, r)| {
                    let y = GAP + i as f64 * (BAR_H + GAP);
                    let v = value(r);
                    let w = (v / max * scale).max(1.0);
                    html! {
                        <g class={classes!("bar", format!("policy-{}", r.policy))} data-policy={r.policy.clone()}>
                            <text class="label" x={(LABEL_W - 6.0).to_string()} y={(y + BAR_H - 4.0).to_string()} text-anchor="end">{ r.policy.clone() }</text>
                            <rect x={LABEL_W.to_string()} y={y.to_string()} width={w.to_string()} height={BAR_H.to_string()} rx="2" />
                            <text class="value" x={(LABEL_W + w + 4.0).to_string()} y={(y + BAR_H - 4.0).to_string()}>{ fmt(v) }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}
