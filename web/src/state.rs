//! The playground's state, in one reducer: the request text and its validation, the connection settings, and
//! the attempts of the current send.

use std::rc::Rc;
use triage_core::request::{validate, Report};
use triage_core::response::Explanation;
use triage_core::retry::Decision;
use yew::Reducible;

/// Where to send and how to authenticate. The key lives only here, in memory: never in the URL, storage or logs.
#[derive(Clone, PartialEq)]
pub struct Connection {
    pub base_url: String,
    /// A triage-mock scenario (`/s/<scenario>` prefix); empty for none, e.g. with the real API.
    pub scenario: String,
    pub api_key: String,
    pub auth: AuthStyle,
    /// `anthropic-dangerous-direct-browser-access: true`, which the API requires of browser (CORS) requests.
    pub browser_access: bool,
}

#[derive(Clone, Copy, PartialEq)]
pub enum AuthStyle {
    /// `x-api-key: <key>`, as the Anthropic API expects.
    XApiKey,
    /// `Authorization: Bearer <key>`, as many proxies and resellers expect.
    Bearer,
}

pub const MOCK_BASE_URL: &str = "http://127.0.0.1:8787";

impl Default for Connection {
    fn default() -> Self {
        Connection {
            base_url: MOCK_BASE_URL.to_string(),
            scenario: "ok".to_string(),
            // The mock accepts any well-formed key; this one is obviously fake.
            api_key: "sk-ant-api03-playground-FAKE-key-0000000000000000000000000000000000000000000000-AAAAAA"
                .to_string(),
            auth: AuthStyle::XApiKey,
            browser_access: true,
        }
    }
}

impl Connection {
    /// The base URL with the scenario prefix, without a trailing slash.
    pub fn endpoint(&self, path: &str) -> String {
        let base = self.base_url.trim().trim_end_matches('/');
        let scenario = self.scenario.trim();
        if scenario.is_empty() {
            format!("{base}{path}")
        } else {
            format!("{base}/s/{scenario}{path}")
        }
    }
}

/// One attempt of a send: what came back and what the retry policy decided.
#[derive(Clone, PartialEq)]
pub struct Attempt {
    pub number: u32,
    /// Milliseconds since the send started, when this attempt's answer arrived.
    pub at_ms: u64,
    pub status: Option<u16>,
    pub outcome: AttemptOutcome,
}

#[derive(Clone, PartialEq)]
pub enum AttemptOutcome {
    /// A 2xx answer: the reply text (the assistant's words when it parses as a Message).
    Success(String),
    Failure {
        explanation: Box<Explanation>,
        decision: Decision,
    },
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub request: String,
    pub report: Report,
    pub connection: Connection,
    pub attempts: Vec<Attempt>,
    /// The latest send, until stopped; attempts of any other run are ignored.
    pub active_run: Option<u32>,
}

impl Default for State {
    fn default() -> Self {
        let request = crate::examples::EXAMPLES[0].body.to_string();
        State {
            report: validate(&request),
            request,
            connection: Connection::default(),
            attempts: Vec::new(),
            active_run: None,
        }
    }
}

pub enum Action {
    Edit(String),
    SetConnection(Connection),
    /// A new send, with an id minted by the caller (who must also tell the send loop).
    Start {
        run_id: u32,
    },
    Attempt {
        run_id: u32,
        attempt: Attempt,
    },
    Stop,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                next.report = validate(&text);
                next.request = text;
            }
            Action::SetConnection(connection) => next.connection = connection,
            Action::Start { run_id } => {
                next.active_run = Some(run_id);
                next.attempts.clear();
            }
            Action::Attempt { run_id, attempt } => {
                if next.active_run == Some(run_id) {
                    next.attempts.push(attempt);
                }
            }
            Action::Stop => {
                next.active_run = None;
            }
        }
        Rc::new(next)
    }
}

impl State {
    /// Whether a send is still going: started, not stopped, and its last attempt neither succeeded nor gave up.
    pub fn running(&self) -> bool {
        self.active_run.is_some()
            && !self.attempts.last().is_some_and(|a| match &a.outcome {
                AttemptOutcome::Success(_) => true,
                AttemptOutcome::Failure { decision, .. } => !decision.retry,
            })
    }
}
