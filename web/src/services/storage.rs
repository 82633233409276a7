//! "Keep in this browser": the history in localStorage, written only when the user opts in. An entry holds the
//! request body, the base URL, the scenario and the outcome; it has no field for a key or an auth header.

use super::json_out::string;
use crate::state::HistoryEntry;
use triage_core::json::{self, Node};

pub const KEY: &str = "claude-triage.history";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The kept history, when the user opted in before (the stored key exists).
pub fn load() -> Option<Vec<HistoryEntry>> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    Some(decode(&text))
}

pub fn save(entries: &[HistoryEntry]) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &encode(entries));
    }
}

pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

pub fn encode(entries: &[HistoryEntry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{{\"at\":{},\"request\":{},\"base_url\":{},\"scenario\":{},\"outcome\":{},\"attempts\":{}}}",
                string(&e.at),
                string(&e.request),
                string(&e.base_url),
                string(&e.scenario),
                string(&e.outcome),
                e.attempts
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// Entries that do not read are skipped: stored text is never trusted to be well formed.
pub fn decode(text: &str) -> Vec<HistoryEntry> {
    let Ok(root) = json::parse(text) else {
        return Vec::new();
    };
    let field = |n: &Node, k: &str| n.get(k).and_then(Node::as_str).map(str::to_string);
    root.as_array()
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| {
            Some(HistoryEntry {
                at: field(n, "at")?,
                request: field(n, "request")?,
                base_url: field(n, "base_url")?,
                scenario: field(n, "scenario").unwrap_or_default(),
                outcome: field(n, "outcome").unwrap_or_default(),
                attempts: n.get("attempts").and_then(Node::as_f64).unwrap_or(0.0) as u32,
            })
        })
        .collect()
}
