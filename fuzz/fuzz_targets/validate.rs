//! Any bytes as a request body: the validator answers with diagnostics, never a panic, and its spans are usable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_fuzz::check_report;

fuzz_target!(|data: &[u8]| {
    let report = triage_core::request::validate_bytes(data);
    if let Ok(text) = std::str::from_utf8(data) {
        check_report(text, &report);
        assert_eq!(triage_core::validate(text), report, "text and bytes disagree");
    }
});
