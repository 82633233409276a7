//! No key comes back out of `triage`: a reseller's 401 that echoes the key, a `curl -v` dump with the key
//! wrapped onto the next line, a gateway's escaped upstream body, a mistyped `-H`, a key pasted into a request
//! body — in the human card, in `--json` and on stderr, only the short form (`sk-ant-api…ONLY`) is printed.

mod common;

use common::{json_stdout, triage, TempFile};
use serde_json::json;

/// An obviously fake Anthropic key of the real length (108 characters).
fn fake_key() -> String {
    let filler: String = "FAKE".chars().cycle().take(108 - 13 - 9).collect();
    format!("sk-ant-api03-{filler}-TESTONLY")
}

const SHORT: &str = "sk-ant-api…ONLY";

fn assert_hidden(printed: &str, key: &str) {
    assert!(
        !printed.contains(&key[10..key.len() - 4]),
        "the key leaked:\n{printed}"
    );
}

fn reseller_401(key: &str) -> String {
    json!({"type": "error", "error": {"type": "authentication_error",
        "message": format!("invalid x-api-key {key}")}, "request_id": "req_011CFAKE0000TESTONLY"})
    .to_string()
}

#[test]
fn a_reseller_401_that_echoes_the_key_in_the_card_and_in_json() {
    let key = fake_key();
    let body = reseller_401(&key);
    let card = triage(&["explain", "--status", "401"], &body);
    assert_eq!(card.status.code(), Some(0));
    let card = String::from_utf8_lossy(&card.stdout);
    assert_hidden(&card, &key);
    assert!(
        card.contains(&format!("Message: \"invalid x-api-key {SHORT}\"")),
        "{card}"
    );
    assert!(card.contains("req_011CFAKE0000TESTONLY"), "{card}");
    let json = json_stdout(&triage(&["explain", "--json", "--status", "401"], &body));
    assert_eq!(json["message"], format!("invalid x-api-key {SHORT}"));
    assert_eq!(json["cause"], "invalid_api_key");
    assert_hidden(&json.to_string(), &key);
}

#[test]
fn a_curl_v_dump_with_the_key_wrapped_onto_the_next_line() {
    let key = fake_key();
    let (head, tail) = key.split_at(60);
    let dump = format!(
        "*   Trying 127.0.0.1:8787...\n> POST /v1/messages HTTP/1.1\n> x-api-key: {head}\n{tail}\n\
         > anthropic-version: 2023-06-01\n>\n< HTTP/1.1 401 Unauthorized\n< request-id: req_011CFAKE\n<\n\
         {{\"type\":\"error\",\"error\":{{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key \
         {head}\\n{tail}\"}}}}\n"
    );
    let file = TempFile::new("curl-v-wrapped-key.txt", &dump);
    let card = triage(&["explain", file.path()], "");
    let card = String::from_utf8_lossy(&card.stdout);
    assert_hidden(&card, &key);
    assert!(card.contains(SHORT), "{card}");
    let json = json_stdout(&triage(&["explain", "--json", file.path()], ""));
    assert_eq!(json["status"], 401);
    assert_hidden(&json.to_string(), &key);
}

#[test]
fn a_gateway_body_that_embeds_the_upstream_error_as_an_escaped_string() {
    let key = fake_key();
    let upstream = json!({"error": {"message": format!("invalid x-api-key {key}")}}).to_string();
    let body = json!({"error": {"message": upstream, "type": "upstream_error", "code": 401}}).to_string();
    let card = triage(&["explain", "-"], &body);
    assert_hidden(&String::from_utf8_lossy(&card.stdout), &key);
    let json = json_stdout(&triage(&["explain", "--json", "--status", "401"], &body));
    assert!(
        json["message"].as_str().is_some_and(|m| m.contains(SHORT)),
        "{json}"
    );
    assert_hidden(&json.to_string(), &key);
}

#[test]
fn a_mistyped_header_argument_is_quoted_without_its_key() {
    let key = fake_key();
    let out = triage(&["explain", "-H", &format!("x-api-key {key}")], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("triage: bad -H"), "{stderr}");
    assert_hidden(&stderr, &key);
}

#[test]
fn a_key_pasted_into_a_request_body_is_not_shown_by_validate() {
    let key = fake_key();
    let request = format!(
        "{{\n  \"model\": \"{key}\",\n  \"max_tokens\": 16,\n  \"api_key\": \"{key}\",\n  \"messages\": \
         [{{\"role\": \"user\", \"content\": \"Hi\"}}]\n}}\n"
    );
    let file = TempFile::new("request-with-key.json", &request);
    let out = triage(&["validate", file.path()], "");
    let printed = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        printed.contains("unknown_field") && printed.contains("unknown_model"),
        "{printed}"
    );
    assert_hidden(&printed, &key);
    // The carets still sit under the field they point at.
    let lines: Vec<&str> = printed.lines().collect();
    let shown = lines
        .iter()
        .position(|l| l.contains("\"api_key\": "))
        .expect("the api_key line");
    let column = lines[shown].find("\"api_key\"").expect("the field");
    assert_eq!(lines[shown + 1].find('^'), Some(column), "{printed}");
    let out = triage(&["validate", "--json", file.path()], "");
    assert_hidden(&String::from_utf8_lossy(&out.stdout), &key);
}
