//! Validation results under the editor; clicking one selects the offending text.

use crate::services::selection::select_span;
use triage_core::request::{Diagnostic, Report, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub report: Report,
    pub text: AttrValue,
    pub textarea: NodeRef,
}

#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    let report = &props.report;
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    let summary = if report.diagnostics.is_empty() {
        "No problems found: the API should accept this request.".to_string()
    } else {
        format!("{errors} error(s), {warnings} warning(s)")
    };
    html! {
        <section class="diagnostics" id="diagnostics">
            <p class={classes!("summary", if report.ok { "ok" } else { "bad" })}>{ summary }</p>
            <ul>
                { for report.diagnostics.iter().map(|d| item(d, &props.text, &props.textarea)) }
            </ul>
        </section>
    }
}

fn item(d: &Diagnostic, text: &AttrValue, textarea: &NodeRef) -> Html {
    let select = {
        let (textarea, text) = (textarea.clone(), text.clone());
        let (start, end) = (d.span.start, d.span.end);
        Callback::from(move |_| select_span(&textarea, &text, start, end))
    };
    let on_key = {
        let select = select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                select.emit(());
            }
        })
    };
    let select = select.reform(|_: MouseEvent| ());
    let severity = d.severity.as_str();
    let code = d.code.as_str();
    html! {
        <li class={classes!("diagnostic", severity)} onclick={select} onkeydown={on_key} data-code={code} tabindex="0" role="button">
            <span class="where">{ format!("{}:{}", d.line, d.column) }</span>
            <span class="code">{ format!("{severity}[{code}]") }</span>
            <span class="message">{ &d.message }</span>
            if !d.path.is_empty() { <code class="path">{ &d.path }</code> }
            if let Some(hint) = &d.hint { <div class="hint">{ hint }</div> }
        </li>
    }
}
