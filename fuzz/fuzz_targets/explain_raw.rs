//! Anything pasted into `triage explain` or the playground's Explain tab: curl -i / -v dumps, SSE streams,
//! SDK and log lines, or noise. The answer is always an explanation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::response::{explain_raw, Context};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ctx = Context {
        now_ms: Some(1_796_212_800_000),
        sent_key: None,
    };
    let explanation = explain_raw(&text, &ctx);
    assert!(!explanation.title.is_empty());
});
