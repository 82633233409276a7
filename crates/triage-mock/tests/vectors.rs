//! The mock reproduces the shared response vectors (tests/vectors/responses.json): for each one it can
//! produce, the same status and the same `error` object (type, message, details), byte-for-byte wordings.
//! Every vector is either produced here or listed with the reason it is not, so a new vector forces a
//! decision.

mod common;

use common::{Mock, Reply, BODY, KEY, STREAM_BODY, VERSION};
use serde_json::{json, Value};
use triage_mock::Config;

/// Vectors the mock does not produce, and why.
const NOT_PRODUCED: &[(&str, &str)] = &[
    (
        "x-should-retry false wins",
        "a client-side header rule; the mock never sends x-should-retry",
    ),
    ("400 usage limit reached", "no usage-limit scenario"),
    ("unknown type is tolerated", "an invented 418 to test tolerance"),
    (
        "403 from a relay whose real cause is balance",
        "a relay's own body shape, not the API's",
    ),
    (
        "429 request tokens per minute, no number",
        "an older wording; the mock uses the numbered one",
    ),
];

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/responses.json");
    let text = std::fs::read_to_string(path).expect("read responses.json");
    serde_json::from_str(&text).expect("responses.json is JSON")
}

/// A body whose prompt the mock estimates at exactly `tokens` tokens (four characters of JSON a token).
fn body_with_prompt_tokens(tokens: usize, max_tokens: u64) -> String {
    // The mock counts 7 per request, 4 per message and one per 4 characters of text (src/tokens.rs).
    let filler = "a".repeat((tokens - 7 - 4) * 4);
    json!({"model": "claude-sonnet-4-5", "max_tokens": max_tokens, "messages": [{"role": "user", "content": filler}]})
        .to_string()
}

fn with_messages(messages: Value) -> String {
    json!({"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": messages}).to_string()
}

async fn produce(mock: &Mock, name: &str) -> Option<Reply> {
    let reply = match name {
        "overloaded 529" => mock.post("/s/overloaded/v1/messages", BODY, &[]).await,
        "429 requests per minute with retry-after" => {
            mock.post("/s/rate-limited/v1/messages", BODY, &[]).await
        }
        "429 input tokens per minute" => {
            let limited = Mock::start(Config {
                tpm: 40_000,
                ..Config::default()
            })
            .await;
            let big = BODY.replace("Hello", &"word ".repeat(40_000));
            limited.post("/v1/messages", &big, &[]).await
        }
        "429 spend limit reached is final" => mock.post("/s/spend-limit/v1/messages", BODY, &[]).await,
        "401 invalid key" => {
            let headers = [
                ("x-api-key", "sk-ant-api03-revoked-FAKE"),
                ("anthropic-version", VERSION),
            ];
            mock.raw("POST", "/v1/messages", &headers, BODY).await
        }
        "401 browser without CORS opt-in" => {
            mock.post("/v1/messages", BODY, &[("origin", "http://localhost")])
                .await
        }
        "400 credit balance too low" => mock.post("/s/credit-low/v1/messages", BODY, &[]).await,
        "400 max_tokens above model limit" => {
            let body = BODY
                .replace("claude-sonnet-4-5", "claude-opus-4-5-20251101")
                .replace(":64,", ":128001,");
            mock.post("/v1/messages", &body, &[]).await
        }
        "400 prompt too long" => {
            mock.post("/v1/messages", &body_with_prompt_tokens(213_462, 64), &[])
                .await
        }
        "400 context window exceeded" => {
            mock.post("/v1/messages", &body_with_prompt_tokens(188_059, 20_000), &[])
                .await
        }
        "400 system role inside messages" => {
            mock.post(
                "/v1/messages",
                &with_messages(json!([{"role": "system", "content": "Be brief"}])),
                &[],
            )
            .await
        }
        "400 tool_use without tool_result" => {
            let messages = json!([
                {"role": "user", "content": "What is the weather?"},
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "toolu_01D7FLrfh4GYq7yT1ULFeyMV", "name": "weather", "input": {}}
                ]},
                {"role": "user", "content": "Well?"}
            ]);
            mock.post("/v1/messages", &with_messages(messages), &[]).await
        }
        "404 unknown model" => {
            mock.post(
                "/v1/messages",
                &BODY.replace("claude-sonnet-4-5", "claude-3-5-sonnet-latestt"),
                &[],
            )
            .await
        }
        "402 reseller insufficient balance" => {
            mock.post("/s/insufficient-balance/v1/messages", BODY, &[]).await
        }
        "500 api_error" => mock.post("/s/server-error/v1/messages", BODY, &[]).await,
        "502 HTML page from a proxy" => mock.post("/s/html-502/v1/messages", BODY, &[]).await,
        "413 request too large" => mock.post("/s/request-too-large/v1/messages", BODY, &[]).await,
        "400 missing anthropic-version" => {
            mock.raw("POST", "/v1/messages", &[("x-api-key", KEY)], BODY)
                .await
        }
        "504 timeout" => mock.post("/s/gateway-timeout/v1/messages", BODY, &[]).await,
        "400 thinking budget below minimum" => {
            let body = BODY.replace(
                "\"max_tokens\":64,",
                "\"max_tokens\":4096,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":500},",
            );
            mock.post("/v1/messages", &body, &[]).await
        }
        "error inside a stream after 200" => mock.post("/s/stream-error/v1/messages", STREAM_BODY, &[]).await,
        "400 body is not valid JSON (control character)" => {
            // The control character sits at char 2378 (column 2379), as in the vector.
            let prefix = "{\"model\":\"";
            let body = format!("{prefix}{}\u{1}\"}}", "a".repeat(2378 - prefix.len()));
            mock.post("/v1/messages", &body, &[]).await
        }
        "400 extra inputs not permitted" => {
            let body = BODY.replace("{\"model\"", "{\"response_format\":{\"type\":\"json\"},\"model\"");
            mock.post("/v1/messages", &body, &[]).await
        }
        _ => return None,
    };
    Some(reply)
}

/// The last `data:` line of an SSE body.
fn last_event_data(text: &str) -> Value {
    let data = text
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .next_back()
        .expect("an event");
    serde_json::from_str(data).expect("event data is JSON")
}

#[tokio::test]
async fn the_mock_reproduces_the_shared_vectors() {
    // 50 RPM as in the vectors, with a whole minute's burst: the vectors are sent back to back by one key.
    let mock = Mock::start(Config {
        rpm: 50,
        burst_ms: 60_000,
        ..Config::default()
    })
    .await;
    let mut produced = 0;
    for vector in vectors() {
        let name = vector["name"].as_str().expect("name");
        let Some(reply) = produce(&mock, name).await else {
            assert!(
                NOT_PRODUCED.iter().any(|(skipped, _)| *skipped == name),
                "vector {name:?} is not covered"
            );
            continue;
        };
        produced += 1;
        assert_eq!(
            u64::from(reply.status),
            vector["status"].as_u64().unwrap(),
            "{name}: {}",
            reply.text()
        );
        let body = vector["body"].as_str().expect("body");
        if vector["headers"]["content-type"] == "text/html" {
            assert_eq!(reply.text(), body, "{name}");
            continue;
        }
        if vector["headers"]["content-type"] == "text/event-stream" {
            assert_eq!(last_event_data(&reply.text()), last_event_data(body), "{name}");
            continue;
        }
        let expected: Value = serde_json::from_str(body).expect("vector body is JSON");
        assert_eq!(reply.json()["error"], expected["error"], "{name}");
        if let Some(retry_after) = vector["headers"]["retry-after"].as_str() {
            assert!(
                reply.header("retry-after").is_some(),
                "{name}: retry-after like {retry_after}"
            );
        }
        for (header, value) in vector["headers"].as_object().into_iter().flatten() {
            if header.ends_with("-limit") || header.ends_with("-remaining") {
                assert_eq!(reply.header(header), value.as_str(), "{name}: {header}");
            }
        }
    }
    assert_eq!(produced, vectors().len() - NOT_PRODUCED.len());
}
