//! One line per request on stderr: method, path, scenario, status, milliseconds and the reply's
//! `request-id` (so a client's failure can be found in the log, and a load test can match every reply it
//! got to exactly one line). Never a key, never a header value: the path is logged without its query, and a
//! key pasted into it (a base URL with the key in it) only in the short form triage-core's key check uses.

use std::time::Duration;
use triage_core::redact;

pub fn line(
    method: &str,
    path: &str,
    scenario: &str,
    status: u16,
    elapsed: Duration,
    request_id: &str,
) -> String {
    format!(
        "triage-mock {method} {} scenario={scenario} status={status} ms={} id={request_id}",
        redact::secrets(path),
        elapsed.as_millis()
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_with_every_field() {
        let line = super::line(
            "POST",
            "/s/slow/v1/messages",
            "slow",
            200,
            std::time::Duration::from_millis(2003),
            "req_011CAbc",
        );
        assert_eq!(
            line,
            "triage-mock POST /s/slow/v1/messages scenario=slow status=200 ms=2003 id=req_011CAbc"
        );
    }

    #[test]
    fn a_key_in_the_path_is_logged_in_its_short_form() {
        let path = "/sk-ant-api03-FAKEFAKEFAKEFAKEFAKEFAKE-TESTONLY/v1/messages";
        let line = super::line("POST", path, "?", 404, std::time::Duration::ZERO, "req_011CAbc");
        assert!(
            line.starts_with("triage-mock POST /sk-ant-api…ONLY/v1/messages scenario=?"),
            "{line}"
        );
    }
}
