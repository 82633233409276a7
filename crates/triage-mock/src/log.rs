//! One line per request on stderr: method, path, scenario, status, milliseconds and the reply's
//! `request-id` (so a client's failure can be found in the log, and a load test can match every reply it
//! got to exactly one line). Never a key, never a header value: the path is logged without its query.

use std::time::Duration;

pub fn line(
    method: &str,
    path: &str,
    scenario: &str,
    status: u16,
    elapsed: Duration,
    request_id: &str,
) -> String {
    format!(
        "triage-mock {method} {path} scenario={scenario} status={status} ms={} id={request_id}",
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
}
