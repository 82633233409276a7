//! The load's scenario mix: which scenario request `i` asks for (a seeded draw, so two runs send the same
//! sequence), the request that asks for it, and what the reply must be.

use serde_json::Value;

use super::client::{self, BodyEnd, Reply};
use crate::ids::splitmix64;
use crate::messages::FAILING_STREAMS;
use crate::scenarios::Scenario;

pub const VERSION: &str = "2023-06-01";
const BODY: &str =
    r#"{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#;
const STREAM_BODY: &str = r#"{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hello"}]}"#;
/// `slow`'s delay in the mix: long enough to be a real wait, short enough not to be the p99 by itself.
const SLOW_MS: &str = "5";

/// What a reply must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 200 with a JSON Message.
    Message,
    /// 200 with a whole SSE stream, `message_start` to `message_stop`, final chunk and all.
    Stream,
    /// 200 with exactly the events [`FAILING_STREAMS`] lists for the scenario, ended as it says (an `error`
    /// event and the final chunk, or a cut).
    FailingStream(Scenario),
    /// This status with the API's error body, `error.type` as given and `request_id` as the header.
    Error(u16, &'static str),
    /// 502 with a proxy's HTML page.
    Html502,
    /// 200, a `content-length`, and the connection dropped before that many bytes.
    HangUp,
    /// 200 with a complete body that is not JSON.
    Truncated,
}

impl Expect {
    /// The status the reply (and the mock's log line) must carry.
    pub fn status(self) -> u16 {
        match self {
            Expect::Error(status, _) => status,
            Expect::Html502 => 502,
            _ => 200,
        }
    }
}

/// One kind of request in the mix.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub scenario: Scenario,
    pub stream: bool,
    /// Out of [`TOTAL_WEIGHT`].
    weight: u32,
    /// For the scenarios that fail the first calls per key, then recover: how many fail, and how.
    first: Option<(u64, Expect)>,
    then: Expect,
}

const fn case(scenario: Scenario, stream: bool, weight: u32, then: Expect) -> Case {
    Case {
        scenario,
        stream,
        weight,
        first: None,
        then,
    }
}

const fn recovering(
    scenario: Scenario,
    stream: bool,
    weight: u32,
    failing: u64,
    first: Expect,
    then: Expect,
) -> Case {
    Case {
        scenario,
        stream,
        weight,
        first: Some((failing, first)),
        then,
    }
}

/// Every scenario but `random` (whose seeded draws depend on the order requests arrive in), weighted
/// roughly as a client sees them: mostly successes, then overload and rate limits.
pub const MIX: &[Case] = &[
    case(Scenario::Ok, false, 30, Expect::Message),
    case(Scenario::Ok, true, 15, Expect::Stream),
    case(
        Scenario::Overloaded,
        false,
        8,
        Expect::Error(529, "overloaded_error"),
    ),
    case(
        Scenario::RateLimited,
        false,
        6,
        Expect::Error(429, "rate_limit_error"),
    ),
    case(Scenario::ServerError, false, 5, Expect::Error(500, "api_error")),
    recovering(
        Scenario::OverloadedThenOk,
        false,
        5,
        crate::scenarios::DEFAULT_OVERLOADED_CALLS,
        Expect::Error(529, "overloaded_error"),
        Expect::Message,
    ),
    case(
        Scenario::SpendLimit,
        false,
        2,
        Expect::Error(429, "rate_limit_error"),
    ),
    case(
        Scenario::CreditLow,
        false,
        2,
        Expect::Error(400, "invalid_request_error"),
    ),
    case(
        Scenario::InsufficientBalance,
        false,
        2,
        Expect::Error(402, "billing_error"),
    ),
    case(Scenario::Html502, false, 2, Expect::Html502),
    case(
        Scenario::GatewayTimeout,
        false,
        2,
        Expect::Error(504, "timeout_error"),
    ),
    case(Scenario::Slow, false, 4, Expect::Message),
    case(Scenario::HangUp, false, 3, Expect::HangUp),
    case(Scenario::TruncatedJson, false, 2, Expect::Truncated),
    case(
        Scenario::StreamError,
        true,
        3,
        Expect::FailingStream(Scenario::StreamError),
    ),
    recovering(
        Scenario::StreamErrorEarlyThenOk,
        true,
        3,
        crate::scenarios::DEFAULT_STREAM_FAILURES,
        Expect::FailingStream(Scenario::StreamErrorEarlyThenOk),
        Expect::Stream,
    ),
    case(
        Scenario::StreamErrorAfterPing,
        true,
        2,
        Expect::FailingStream(Scenario::StreamErrorAfterPing),
    ),
    recovering(
        Scenario::StreamCutEarly,
        true,
        2,
        crate::scenarios::DEFAULT_STREAM_FAILURES,
        Expect::FailingStream(Scenario::StreamCutEarly),
        Expect::Stream,
    ),
    case(
        Scenario::InvalidRequest,
        false,
        1,
        Expect::Error(400, "invalid_request_error"),
    ),
    case(
        Scenario::RequestTooLarge,
        false,
        1,
        Expect::Error(413, "request_too_large"),
    ),
];

const TOTAL_WEIGHT: u32 = {
    let mut total = 0;
    let mut i = 0;
    while i < MIX.len() {
        total += MIX[i].weight;
        i += 1;
    }
    total
};

/// The case request `index` asks for under `seed`.
pub fn pick(seed: u64, index: usize) -> &'static Case {
    let mut draw = (splitmix64(seed ^ splitmix64(index as u64)) % u64::from(TOTAL_WEIGHT)) as u32;
    for case in MIX {
        if draw < case.weight {
            return case;
        }
        draw -= case.weight;
    }
    &MIX[0]
}

impl Case {
    /// What the reply must be for the `call`-th request (from 1) of this case's scenario by one key.
    pub fn expect(&self, call: u64) -> Expect {
        match self.first {
            Some((failing, first)) if call <= failing => first,
            _ => self.then,
        }
    }

    /// The request's bytes, with `key` as the caller.
    pub fn request(&self, key: &str) -> Vec<u8> {
        let path = format!("/s/{}/v1/messages", self.scenario.name());
        let mut headers = vec![("x-api-key", key), ("anthropic-version", VERSION)];
        if self.scenario == Scenario::Slow {
            headers.push(("x-mock-delay-ms", SLOW_MS));
        }
        let body = if self.stream { STREAM_BODY } else { BODY };
        client::request("POST", &path, &headers, body.as_bytes())
    }
}

/// Checks a reply against what was expected; the error says what differs.
pub fn check(expect: Expect, reply: &Reply) -> Result<(), String> {
    if reply.status != expect.status() {
        return Err(format!("status {} instead of {}", reply.status, expect.status()));
    }
    let complete = |reply: &Reply| match reply.end {
        BodyEnd::Complete => Ok(()),
        BodyEnd::Cut => Err("body cut".to_string()),
    };
    match expect {
        Expect::Message => {
            complete(reply)?;
            let body = json(reply)?;
            (body["type"] == "message" && body["content"][0]["type"] == "text")
                .then_some(())
                .ok_or_else(|| format!("not a Message: {body}"))
        }
        Expect::Stream => {
            complete(reply)?;
            let events = event_names(reply);
            (events.first().map(String::as_str) == Some("message_start")
                && events.last().map(String::as_str) == Some("message_stop"))
            .then_some(())
            .ok_or_else(|| format!("not a whole stream: {events:?}"))
        }
        Expect::FailingStream(scenario) => {
            let expected = FAILING_STREAMS
                .iter()
                .find(|(known, _)| *known == scenario)
                .map_or(&[][..], |(_, events)| *events);
            let events = event_names(reply);
            if events != expected {
                return Err(format!("events {events:?} instead of {expected:?}"));
            }
            match (scenario == Scenario::StreamCutEarly, reply.end) {
                (true, BodyEnd::Cut) | (false, BodyEnd::Complete) => Ok(()),
                (true, BodyEnd::Complete) => Err("stream not cut".into()),
                (false, BodyEnd::Cut) => Err("body cut".into()),
            }
        }
        Expect::Error(_, kind) => {
            complete(reply)?;
            let body = json(reply)?;
            let request_id = reply.header("request-id").unwrap_or_default();
            (body["type"] == "error" && body["error"]["type"] == kind && body["request_id"] == request_id)
                .then_some(())
                .ok_or_else(|| format!("not a {kind} error for {request_id}: {body}"))
        }
        Expect::Html502 => {
            complete(reply)?;
            (reply.header("content-type") == Some("text/html") && reply.body.starts_with(b"<"))
                .then_some(())
                .ok_or_else(|| "not an HTML page".to_string())
        }
        Expect::HangUp => {
            let declared = reply
                .header("content-length")
                .and_then(|v| v.parse::<usize>().ok());
            (reply.end == BodyEnd::Cut && declared.is_some_and(|length| reply.body.len() < length))
                .then_some(())
                .ok_or_else(|| format!("not hung up: {} bytes of {declared:?}", reply.body.len()))
        }
        Expect::Truncated => {
            complete(reply)?;
            serde_json::from_slice::<Value>(&reply.body)
                .is_err()
                .then_some(())
                .ok_or_else(|| "a whole JSON body".to_string())
        }
    }
}

fn json(reply: &Reply) -> Result<Value, String> {
    serde_json::from_slice(&reply.body)
        .map_err(|error| format!("not JSON ({error}): {}", String::from_utf8_lossy(&reply.body)))
}

fn event_names(reply: &Reply) -> Vec<String> {
    String::from_utf8_lossy(&reply.body)
        .lines()
        .filter_map(|line| line.strip_prefix("event: "))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_but_random_is_in_the_mix() {
        for (name, scenario) in crate::scenarios::SCENARIOS {
            let present = MIX.iter().any(|case| case.scenario == *scenario);
            assert_eq!(present, *scenario != Scenario::Random, "{name}");
        }
        assert_eq!(TOTAL_WEIGHT, 100);
    }

    #[test]
    fn the_draw_follows_the_weights() {
        let oks = (0..10_000)
            .filter(|i| pick(7, *i).scenario == Scenario::Ok)
            .count();
        assert!((4_200..4_800).contains(&oks), "{oks}");
    }
}
