//! The current request as code to take away: curl, TypeScript (the official SDK with claude-triage's
//! `createFetch`) and Python. The key is always an environment variable, never its value.

use super::json_out::{pretty, python as python_literal, string};
use crate::state::{AuthStyle, Connection};
use triage_core::json;

pub const REAL_API: &str = "https://api.anthropic.com";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Curl,
    TypeScript,
    Python,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Curl, Language::TypeScript, Language::Python];

    pub fn label(self) -> &'static str {
        match self {
            Language::Curl => "curl",
            Language::TypeScript => "TypeScript",
            Language::Python => "Python",
        }
    }
}

pub fn snippet(language: Language, connection: &Connection, request: &str) -> String {
    match language {
        Language::Curl => curl(connection, request),
        Language::TypeScript => typescript(connection, request),
        Language::Python => python(connection, request),
    }
}

/// The base URL the SDKs take (the scenario prefix included), or `None` for the real API.
fn sdk_base_url(connection: &Connection) -> Option<String> {
    let url = connection.endpoint("");
    (url.trim_end_matches('/') != REAL_API).then_some(url)
}

fn curl(connection: &Connection, request: &str) -> String {
    let auth = match connection.auth {
        AuthStyle::XApiKey => "x-api-key: $ANTHROPIC_API_KEY",
        AuthStyle::Bearer => "authorization: Bearer $ANTHROPIC_API_KEY",
    };
    let body = json::parse(request).map_or_else(|_| request.trim().to_string(), |n| pretty(&n));
    format!(
        "curl -sS {url} \\\n  -H \"{auth}\" \\\n  -H \"anthropic-version: 2023-06-01\" \\\n  -H \"content-type: application/json\" \\\n  --data-binary @- <<'JSON'\n{body}\nJSON\n",
        url = connection.endpoint("/v1/messages"),
    )
}

fn typescript(connection: &Connection, request: &str) -> String {
    let body = match json::parse(request) {
        Ok(n) => indent(&pretty(&n), 1),
        Err(_) => "{ /* the request is not valid JSON yet */ }".to_string(),
    };
    let base = sdk_base_url(connection)
        .map(|u| format!("  baseURL: {},\n", string(&u)))
        .unwrap_or_default();
    let auth = match connection.auth {
        AuthStyle::XApiKey => "  apiKey: process.env.ANTHROPIC_API_KEY,\n",
        AuthStyle::Bearer => "  authToken: process.env.ANTHROPIC_API_KEY,\n",
    };
    let streamed = request.contains("\"stream\": true") || request.contains("\"stream\":true");
    let call = if streamed {
        format!("const stream = await client.messages.create({body});\nfor await (const event of stream) {{\n  if (event.type === \"content_block_delta\" && event.delta.type === \"text_delta\") process.stdout.write(event.delta.text);\n}}\n")
    } else {
        format!("const message = await client.messages.create({body});\nconsole.log(message.content);\n")
    };
    format!(
        "import Anthropic from \"@anthropic-ai/sdk\";\nimport {{ createFetch, explain }} from \"claude-triage\";\n\n// createFetch validates, explains and retries (backoff, retry-after, budget); the SDK's own retries are off.\nconst client = new Anthropic({{\n{auth}{base}  fetch: createFetch(),\n  maxRetries: 0,\n}});\n\ntry {{\n{call_indented}}} catch (error) {{\n  console.error(await explain(error));\n}}\n",
        call_indented = indent_block(&call),
    )
}

fn python(connection: &Connection, request: &str) -> String {
    let body = json::parse(request).map_or_else(
        |_| "{}  # the request is not valid JSON yet".to_string(),
        |n| python_literal(&n),
    );
    let base = sdk_base_url(connection)
        .map(|u| format!("    base_url={},\n", string(&u)))
        .unwrap_or_default();
    let auth = match connection.auth {
        AuthStyle::XApiKey => "    api_key=os.environ[\"ANTHROPIC_API_KEY\"],\n",
        AuthStyle::Bearer => "    auth_token=os.environ[\"ANTHROPIC_API_KEY\"],\n",
    };
    format!(
        "import os\n\nimport anthropic\n\nclient = anthropic.Anthropic(\n{auth}{base})\n\nrequest = {body}\n\nmessage = client.messages.create(**request)\nprint(message)\n"
    )
}

/// Indents every line but the first by `levels` steps of two spaces.
fn indent(text: &str, levels: usize) -> String {
    let pad = "  ".repeat(levels);
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent_block(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
