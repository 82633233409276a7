//! The editor's line-number gutter: a marker on each line with a diagnostic; clicking one selects its span.

use crate::services::selection::select_span;
use triage_core::request::{Report, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GutterProps {
    pub text: AttrValue,
    pub report: Report,
    pub textarea: NodeRef,
    pub gutter: NodeRef,
}

#[component]
pub fn Gutter(props: &GutterProps) -> Html {
    let lines = props.text.split('\n').count().max(1);
    // The most severe diagnostic of each line, first in order.
    let mut marks: Vec<Option<usize>> = vec![None; lines];
    for (i, d) in props.report.diagnostics.iter().enumerate() {
        let line = (d.line as usize).clamp(1, lines) - 1;
        let replace = match marks[line] {
            None => true,
            Some(j) => {
                d.severity == Severity::Error && props.report.diagnostics[j].severity != Severity::Error
            }
        };
        if replace {
            marks[line] = Some(i);
        }
    }
    html! {
        <div class="gutter" ref={props.gutter.clone()} aria-hidden="false">
            { for marks.iter().enumerate().map(|(i, mark)| {
                let n = i + 1;
                match mark.and_then(|j| props.report.diagnostics.get(j)) {
                    None => html! { <div class="ln">{ n }</div> },
                    Some(d) => {
                        let (textarea, text) = (props.textarea.clone(), props.text.clone());
                        let (start, end) = (d.span.start, d.span.end);
                        let severity = d.severity.as_str();
                        let label = format!("line {n}: {}[{}] {}", severity, d.code.as_str(), d.message);
                        html! {
                            <button class={classes!("ln", "marker", severity)} data-line={n.to_string()}
                                data-code={d.code.as_str()} title={label.clone()} aria-label={label}
                                onclick={Callback::from(move |_| select_span(&textarea, &text, start, end))}>
                                { n }
                            </button>
                        }
                    }
                }
            }) }
        </div>
    }
}
