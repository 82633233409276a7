//! The scripted behaviours a request can ask for, by path prefix `/s/{scenario}/v1/…` or by the
//! `x-mock-scenario` header, and the knobs some of them take.

use std::time::Duration;

use axum::http::{HeaderMap, Uri};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    Ok,
    InvalidRequest,
    Overloaded,
    OverloadedThenOk,
    RateLimited,
    SpendLimit,
    CreditLow,
    InsufficientBalance,
    ServerError,
    Html502,
    GatewayTimeout,
    Slow,
    HangUp,
    TruncatedJson,
    /// `stream: true`: `message_start, content_block_start, ping, content_block_delta, error` (the error
    /// is `overloaded_error` "Overloaded"), every call. `stream: false`: 529 overloaded_error.
    StreamError,
    /// `stream: true`: the first N valid calls per key (`?n=` / `x-mock-n`, default
    /// [`DEFAULT_STREAM_FAILURES`]) get `message_start, ping, error` (overloaded_error, before any content
    /// block); later calls get the complete stream, ending in `message_stop`. `stream: false`: the same
    /// count, but a failing call is answered 529 overloaded_error (as `overloaded-then-ok` does), then ok.
    StreamErrorEarlyThenOk,
    /// `stream: true`: `message_start, ping, error` (overloaded_error), every call, no recovery.
    /// `stream: false`: 529 overloaded_error, as `stream-error`.
    StreamErrorAfterPing,
    /// `stream: true`: the first N valid calls per key (as `stream-error-early-then-ok`, same knob and
    /// default) get `message_start` and then the connection is cut: no further event, no `message_stop`,
    /// and the chunked body is never terminated (the body stream fails, so the server closes the
    /// connection mid-body). Later calls get the complete stream. `stream: false`: the same count, a failing
    /// call answered 529 overloaded_error, then ok.
    StreamCutEarly,
    RequestTooLarge,
    Random,
}

/// Every scenario by its name in URLs and headers.
pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("ok", Scenario::Ok),
    ("invalid-request", Scenario::InvalidRequest),
    ("overloaded", Scenario::Overloaded),
    ("overloaded-then-ok", Scenario::OverloadedThenOk),
    ("rate-limited", Scenario::RateLimited),
    ("spend-limit", Scenario::SpendLimit),
    ("credit-low", Scenario::CreditLow),
    ("insufficient-balance", Scenario::InsufficientBalance),
    ("server-error", Scenario::ServerError),
    ("html-502", Scenario::Html502),
    ("gateway-timeout", Scenario::GatewayTimeout),
    ("slow", Scenario::Slow),
    ("hang-up", Scenario::HangUp),
    ("truncated-json", Scenario::TruncatedJson),
    ("stream-error", Scenario::StreamError),
    ("stream-error-early-then-ok", Scenario::StreamErrorEarlyThenOk),
    ("stream-error-after-ping", Scenario::StreamErrorAfterPing),
    ("stream-cut-early", Scenario::StreamCutEarly),
    ("request-too-large", Scenario::RequestTooLarge),
    ("random", Scenario::Random),
];

/// `random` draws from these when no `x-mock-rates` header is sent.
pub const DEFAULT_RATES: &str = "529=0.2,429=0.1,500=0.05";
/// Calls answered 529 per key before `overloaded-then-ok` lets one through, unless `?n=` / `x-mock-n`.
pub const DEFAULT_OVERLOADED_CALLS: u64 = 2;
/// Calls that fail per key before `stream-error-early-then-ok` and `stream-cut-early` let one through,
/// unless `?n=` / `x-mock-n`.
pub const DEFAULT_STREAM_FAILURES: u64 = 1;
pub const DEFAULT_DELAY: Duration = Duration::from_millis(2000);
pub const MAX_DELAY: Duration = Duration::from_secs(60);

impl Scenario {
    pub fn from_name(name: &str) -> Option<Scenario> {
        SCENARIOS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, scenario)| *scenario)
    }

    pub fn name(self) -> &'static str {
        SCENARIOS
            .iter()
            .find(|(_, known)| *known == self)
            .map_or("ok", |(name, _)| name)
    }

    /// The scenario a `random` rate names: a scenario name or the status code it answers with.
    fn from_rate_key(key: &str) -> Option<Scenario> {
        let by_status = match key {
            "400" => Some(Scenario::InvalidRequest),
            "402" => Some(Scenario::InsufficientBalance),
            "413" => Some(Scenario::RequestTooLarge),
            "429" => Some(Scenario::RateLimited),
            "500" => Some(Scenario::ServerError),
            "502" => Some(Scenario::Html502),
            "504" => Some(Scenario::GatewayTimeout),
            "529" => Some(Scenario::Overloaded),
            _ => None,
        };
        by_status
            .or_else(|| Scenario::from_name(key))
            .filter(|scenario| *scenario != Scenario::Random)
    }
}

/// A request's scenario selection: from the path prefix (which is stripped) or the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub scenario: Result<Scenario, String>,
    /// The path with any `/s/{scenario}` prefix removed.
    pub api_path: String,
}

pub fn select(uri: &Uri, headers: &HeaderMap) -> Selection {
    let path = uri.path();
    if let Some(rest) = path.strip_prefix("/s/") {
        let (name, tail) = rest
            .split_once('/')
            .map_or((rest, ""), |(name, tail)| (name, tail));
        return Selection {
            scenario: Scenario::from_name(name).ok_or_else(|| name.to_string()),
            api_path: format!("/{tail}"),
        };
    }
    let scenario = match header(headers, "x-mock-scenario") {
        Some(name) => Scenario::from_name(name).ok_or_else(|| name.to_string()),
        None => Ok(Scenario::Ok),
    };
    Selection {
        scenario,
        api_path: path.to_string(),
    }
}

/// The message for an unknown scenario name.
pub fn unknown_scenario_message(name: &str) -> String {
    let known: Vec<&str> = SCENARIOS.iter().map(|(name, _)| *name).collect();
    format!(
        "triage-mock: unknown scenario '{name}'; known scenarios: {}",
        known.join(", ")
    )
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

fn query_param<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// How many calls `overloaded-then-ok` answers 529: `?n=` wins over `x-mock-n`.
pub fn overloaded_calls(uri: &Uri, headers: &HeaderMap) -> u64 {
    failing_calls(uri, headers, DEFAULT_OVERLOADED_CALLS)
}

/// How many calls per key `stream-error-early-then-ok` and `stream-cut-early` fail: `?n=` wins over
/// `x-mock-n`.
pub fn stream_failures(uri: &Uri, headers: &HeaderMap) -> u64 {
    failing_calls(uri, headers, DEFAULT_STREAM_FAILURES)
}

fn failing_calls(uri: &Uri, headers: &HeaderMap, default: u64) -> u64 {
    query_param(uri, "n")
        .or_else(|| header(headers, "x-mock-n"))
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The `slow` scenario's delay: `x-mock-delay-ms`, bounded at [`MAX_DELAY`].
pub fn delay(headers: &HeaderMap) -> Duration {
    header(headers, "x-mock-delay-ms")
        .and_then(|value| value.parse().ok())
        .map_or(DEFAULT_DELAY, Duration::from_millis)
        .min(MAX_DELAY)
}

/// The body size above which `request-too-large` answers 413: `x-mock-body-limit`, default 0 (any body).
pub fn scripted_body_limit(headers: &HeaderMap) -> usize {
    header(headers, "x-mock-body-limit")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

/// A `random` mix: each entry's scenario and its probability; what is left over is `ok`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates(Vec<(Scenario, f64)>);

impl Rates {
    /// Parses `529=0.3,429=0.1,hang-up=0.05`. Keys are statuses or scenario names.
    pub fn parse(text: &str) -> Result<Rates, String> {
        let mut entries = Vec::new();
        for item in text.split(',').map(str::trim).filter(|item| !item.is_empty()) {
            let (key, rate) = item
                .split_once('=')
                .ok_or_else(|| format!("x-mock-rates: expected key=rate, got '{item}'"))?;
            let scenario = Scenario::from_rate_key(key.trim())
                .ok_or_else(|| format!("x-mock-rates: unknown status or scenario '{}'", key.trim()))?;
            let rate: f64 = rate
                .trim()
                .parse()
                .ok()
                .filter(|rate: &f64| (0.0..=1.0).contains(rate))
                .ok_or_else(|| format!("x-mock-rates: rate for '{}' must be between 0 and 1", key.trim()))?;
            entries.push((scenario, rate));
        }
        let total: f64 = entries.iter().map(|(_, rate)| rate).sum();
        if total > 1.0 + 1e-9 {
            return Err(format!("x-mock-rates: rates add up to {total}, more than 1"));
        }
        Ok(Rates(entries))
    }

    pub fn from_headers(headers: &HeaderMap) -> Result<Rates, String> {
        Rates::parse(header(headers, "x-mock-rates").unwrap_or(DEFAULT_RATES))
    }

    /// The scenario for a uniform draw in `[0, 1)`.
    pub fn pick(&self, draw: f64) -> Scenario {
        let mut upper = 0.0;
        for (scenario, rate) in &self.0 {
            upper += rate;
            if draw < upper {
                return *scenario;
            }
        }
        Scenario::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (name, scenario) in SCENARIOS {
            assert_eq!(Scenario::from_name(name), Some(*scenario));
            assert_eq!(scenario.name(), *name);
        }
    }

    #[test]
    fn path_prefix_is_stripped() {
        let uri: Uri = "/s/overloaded/v1/messages?n=3".parse().unwrap();
        let selection = select(&uri, &HeaderMap::new());
        assert_eq!(selection.scenario, Ok(Scenario::Overloaded));
        assert_eq!(selection.api_path, "/v1/messages");
        assert_eq!(overloaded_calls(&uri, &HeaderMap::new()), 3);
        assert_eq!(stream_failures(&uri, &HeaderMap::new()), 3);
        let bare: Uri = "/v1/messages".parse().unwrap();
        assert_eq!(
            overloaded_calls(&bare, &HeaderMap::new()),
            DEFAULT_OVERLOADED_CALLS
        );
        assert_eq!(stream_failures(&bare, &HeaderMap::new()), DEFAULT_STREAM_FAILURES);
        let unknown = select(&"/s/nope/v1/models".parse().unwrap(), &HeaderMap::new());
        assert_eq!(unknown.scenario, Err("nope".to_string()));
    }

    #[test]
    fn rates_pick_in_order_and_leave_the_rest_ok() {
        let rates = Rates::parse("529=0.3, 429=0.1,hang-up=0.1").unwrap();
        assert_eq!(rates.pick(0.0), Scenario::Overloaded);
        assert_eq!(rates.pick(0.35), Scenario::RateLimited);
        assert_eq!(rates.pick(0.45), Scenario::HangUp);
        assert_eq!(rates.pick(0.5), Scenario::Ok);
        assert!(Rates::parse("529=0.8,429=0.3").is_err());
        assert!(Rates::parse("999=0.1").is_err());
        assert!(Rates::parse("random=0.1").is_err());
        assert!(Rates::parse("529").is_err());
    }

    #[test]
    fn delay_is_bounded() {
        let mut headers = HeaderMap::new();
        assert_eq!(delay(&headers), DEFAULT_DELAY);
        headers.insert("x-mock-delay-ms", "3600000".parse().unwrap());
        assert_eq!(delay(&headers), MAX_DELAY);
    }
}
