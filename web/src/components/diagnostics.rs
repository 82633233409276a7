//! Validation results under the editor; clicking one selects the offending text.

use triage_core::request::{Diagnostic, Report, Severity};
use web_sys::HtmlTextAreaElement;
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

fn item(d: &Diagnostic, text: &str, textarea: &NodeRef) -> Html {
    let select = {
        let textarea = textarea.clone();
        // Spans are byte offsets; a textarea counts UTF-16 units.
        let start = utf16_offset(text, d.span.start);
        let end = utf16_offset(text, d.span.end);
        Callback::from(move |_| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                let _ = area.set_selection_range(start, end);
            }
        })
    };
    let severity = d.severity.as_str();
    let code = d.code.as_str();
    html! {
        <li class={classes!("diagnostic", severity)} onclick={select} data-code={code}>
            <span class="where">{ format!("{}:{}", d.line, d.column) }</span>
            <span class="code">{ format!("{severity}[{code}]") }</span>
            <span class="message">{ &d.message }</span>
            if !d.path.is_empty() { <code class="path">{ &d.path }</code> }
            if let Some(hint) = &d.hint { <div class="hint">{ hint }</div> }
        </li>
    }
}

fn utf16_offset(text: &str, byte: usize) -> u32 {
    let byte = byte.min(text.len());
    text.char_indices()
        .take_while(|(i, _)| *i < byte)
        .map(|(_, c)| c.len_utf16() as u32)
        .sum()
}
