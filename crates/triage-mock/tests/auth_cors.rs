//! Keys, the version header and browser (CORS) requests, with the API's real 401/400 texts.

mod common;

use common::{Mock, BODY, KEY, VERSION};
use triage_mock::auth::AuthMode;
use triage_mock::Config;

const CORS_MESSAGE: &str = "CORS requests must set 'anthropic-dangerous-direct-browser-access' header";

#[tokio::test]
async fn key_and_version_checks() {
    let mock = Mock::default().await;
    let post = |headers: Vec<(&'static str, &'static str)>| {
        let mock = &mock;
        async move { mock.raw("POST", "/v1/messages", &headers, BODY).await }
    };
    post(vec![("anthropic-version", VERSION)]).await.expect_error(
        401,
        "authentication_error",
        "x-api-key header is required",
    );
    for bad in [
        "sk-proj-FAKE",
        "sk-ant-api03 test FAKE",
        "not-a-key",
        "sk-ant-api03-revoked-FAKE",
    ] {
        post(vec![("x-api-key", bad), ("anthropic-version", VERSION)])
            .await
            .expect_error(401, "authentication_error", "invalid x-api-key");
    }
    post(vec![("x-api-key", KEY)]).await.expect_error(
        400,
        "invalid_request_error",
        "anthropic-version: header is required",
    );
    let bearer = format!("Bearer {KEY}");
    let reply = mock
        .raw(
            "POST",
            "/v1/messages",
            &[("authorization", &bearer), ("anthropic-version", VERSION)],
            BODY,
        )
        .await;
    assert_eq!(reply.status, 200, "either mode takes a bearer token");
    // Errors before auth still carry the common headers.
    let reply = post(vec![]).await;
    assert!(reply.header("request-id").is_some());
    assert!(reply.header("anthropic-ratelimit-requests-remaining").is_some());
}

#[tokio::test]
async fn auth_mode_flag_picks_the_header() {
    let bearer = format!("Bearer {KEY}");
    let by_bearer = [("authorization", bearer.as_str()), ("anthropic-version", VERSION)];
    let by_key = [("x-api-key", KEY), ("anthropic-version", VERSION)];

    let reseller = Mock::start(Config {
        auth: AuthMode::Bearer,
        ..Config::default()
    })
    .await;
    assert_eq!(
        reseller
            .raw("POST", "/v1/messages", &by_bearer, BODY)
            .await
            .status,
        200
    );
    reseller
        .raw("POST", "/v1/messages", &by_key, BODY)
        .await
        .expect_error(401, "authentication_error", "x-api-key header is required");

    let anthropic = Mock::start(Config {
        auth: AuthMode::XApiKey,
        ..Config::default()
    })
    .await;
    assert_eq!(
        anthropic.raw("POST", "/v1/messages", &by_key, BODY).await.status,
        200
    );
    anthropic
        .raw("POST", "/v1/messages", &by_bearer, BODY)
        .await
        .expect_error(401, "authentication_error", "x-api-key header is required");
}

#[tokio::test]
async fn browser_requests_need_the_opt_in_and_can_read_every_reply() {
    let mock = Mock::default().await;
    let origin = ("origin", "http://localhost:8080");
    let reply = mock.post("/v1/messages", BODY, &[origin]).await;
    reply.expect_error(401, "authentication_error", CORS_MESSAGE);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );

    let opt_in = ("anthropic-dangerous-direct-browser-access", "true");
    let reply = mock.post("/v1/messages", BODY, &[origin, opt_in]).await;
    assert_eq!(reply.status, 200);
    let exposed = reply.header("access-control-expose-headers").unwrap_or_default();
    for name in [
        "request-id",
        "retry-after",
        "retry-after-ms",
        "x-should-retry",
        "anthropic-ratelimit-requests-reset",
    ] {
        assert!(exposed.split(", ").any(|n| n == name), "{name} not exposed");
    }
    let reply = mock
        .post("/s/rate-limited/v1/messages", BODY, &[origin, opt_in])
        .await;
    assert_eq!(reply.status, 429);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );

    let no_origin = mock.post("/v1/messages", BODY, &[]).await;
    assert!(no_origin.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn preflight_is_answered_for_any_origin() {
    let mock = Mock::default().await;
    let asked = "x-api-key,anthropic-version,content-type,x-stainless-os";
    let reply = mock
        .raw(
            "OPTIONS",
            "/s/overloaded/v1/messages",
            &[
                ("origin", "https://example.test"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", asked),
            ],
            "",
        )
        .await;
    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://example.test")
    );
    assert_eq!(reply.header("access-control-allow-headers"), Some(asked));
    assert!(reply
        .header("access-control-allow-methods")
        .is_some_and(|m| m.contains("POST")));
}
