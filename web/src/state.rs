//! The playground's state, in one reducer: the open tab, the request text and its validation, the connection
//! settings, the current run (attempts, streamed text), the history, and the Explain tab's pasted text.

use crate::services::usage::{self, Sent, Usage};
use std::rc::Rc;
use triage_core::estimate::Estimate;
use triage_core::request::{validate, Report};
use triage_core::response::Explanation;
use triage_core::retry::{Decision, Reason};
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

/// The page's tabs. A new panel is a variant here and an arm in `app.rs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Compose,
    Explain,
    Simulate,
    History,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Compose, Tab::Explain, Tab::Simulate, Tab::History];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Compose => "compose",
            Tab::Explain => "explain",
            Tab::Simulate => "simulate",
            Tab::History => "history",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Compose => "Compose & send",
            Tab::Explain => "Explain an error",
            Tab::Simulate => "Simulator",
            Tab::History => "History",
        }
    }
}

/// Why the run waits before the next send.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WaitReason {
    Backoff,
    OverloadBackoff,
    RetryAfter,
    /// The rate-limit headers asked for a slower pace than the backoff.
    Pacing,
}

impl WaitReason {
    pub fn label(self) -> &'static str {
        match self {
            WaitReason::Backoff => "backoff",
            WaitReason::OverloadBackoff => "overload backoff",
            WaitReason::RetryAfter => "retry-after",
            WaitReason::Pacing => "pacing",
        }
    }

    pub fn of(reason: Reason) -> WaitReason {
        match reason {
            Reason::RetryAfter => WaitReason::RetryAfter,
            Reason::OverloadBackoff => WaitReason::OverloadBackoff,
            _ => WaitReason::Backoff,
        }
    }
}

/// The wait after a failed attempt, before the next one.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Wait {
    pub ms: u64,
    pub reason: WaitReason,
}

/// One attempt of a send: when it went out and came back, what came back and what the retry policy decided.
#[derive(Clone, PartialEq)]
pub struct Attempt {
    pub number: u32,
    /// Milliseconds since the run started, when this attempt was sent.
    pub sent_ms: u64,
    /// Milliseconds since the run started, when this attempt's answer ended.
    pub at_ms: u64,
    pub status: Option<u16>,
    /// The answer was an SSE stream.
    pub streamed: bool,
    /// What came back, for the card's "raw" section (keys redacted when shown).
    pub raw: Option<Rc<Raw>>,
    pub outcome: AttemptOutcome,
}

/// A response's headers and body as received (the body clipped).
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Raw {
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The whole body when `body` was clipped: a long stream's last `message_delta` carries the final usage.
    pub full_body: Option<Rc<str>>,
}

/// Bodies longer than this are clipped in [`Raw`].
pub const RAW_MAX_CHARS: usize = 20_000;

impl Raw {
    pub fn new(headers: &[(String, String)], body: &str) -> Raw {
        let clipped: String = body.chars().take(RAW_MAX_CHARS).collect();
        Raw {
            headers: headers.to_vec(),
            full_body: (clipped.len() < body.len()).then(|| Rc::from(body)),
            body: clipped,
        }
    }

    /// The body for the usage counts: the whole of it.
    pub fn usage_body(&self) -> &str {
        self.full_body.as_deref().unwrap_or(&self.body)
    }
}

#[derive(Clone, PartialEq)]
pub enum AttemptOutcome {
    /// A 2xx answer: the reply text (the assistant's words when it parses as a Message).
    Success(String),
    Failure {
        explanation: Box<Explanation>,
        /// The retry engine's own decision record.
        decision: Decision,
        /// The wait before the next attempt, when there is one.
        wait: Option<Wait>,
    },
}

/// One send in the history. There is deliberately no field for the key or any header.
#[derive(Clone, PartialEq, Debug)]
pub struct HistoryEntry {
    pub at: String,
    pub request: String,
    pub base_url: String,
    pub scenario: String,
    /// `200 success`, `529 overloaded → give up (attempts_exhausted)`.
    pub outcome: String,
    pub attempts: u32,
}

pub const HISTORY_MAX: usize = 20;

/// The current (or last) run of Send or Test key.
#[derive(Clone, PartialEq, Default)]
pub struct Run {
    /// The latest send, until stopped or finished; events of any other run are ignored.
    pub active: Option<u32>,
    /// `Date.now()` when it started.
    pub started_at: f64,
    pub attempts: Vec<Attempt>,
    /// The attempt on the wire: its number and when it was sent.
    pub in_flight: Option<(u32, u64)>,
    /// The streamed text of the attempt on the wire.
    pub streaming: String,
    /// Whether this run sent the request (and so belongs in the history).
    pub is_send: bool,
    pub stopped: bool,
    /// The model and `max_tokens` of what this run sends, for the usage counts.
    pub sent: Sent,
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub tab: Tab,
    pub request: String,
    pub report: Report,
    pub connection: Connection,
    pub run: Run,
    pub history: Vec<HistoryEntry>,
    /// "Keep in this browser" (localStorage) is on.
    pub keep_history: bool,
    /// The Explain tab's pasted text.
    pub pasted: String,
    /// The request's token and cost estimate, recomputed with the validation (`Err`: not a request object).
    pub estimate: Result<Estimate, String>,
    /// Every response so far, and the balance the user gave (in memory only).
    pub usage: Usage,
}

impl Default for State {
    fn default() -> Self {
        State::with_request(crate::examples::EXAMPLES[0].body.to_string())
    }
}

impl State {
    pub fn with_request(request: String) -> Self {
        State {
            tab: Tab::Compose,
            report: validate(&request),
            estimate: usage::estimate_of(&request),
            request,
            connection: Connection::default(),
            run: Run::default(),
            history: Vec::new(),
            keep_history: false,
            pasted: String::new(),
            usage: Usage::default(),
        }
    }
}

pub enum Action {
    SetTab(Tab),
    Edit(String),
    SetConnection(Connection),
    /// A new run, with an id minted by the caller (who must also tell the send loop).
    Start {
        run_id: u32,
        started_at: f64,
        is_send: bool,
    },
    Sending {
        run_id: u32,
        number: u32,
        sent_ms: u64,
    },
    Streamed {
        run_id: u32,
        text: String,
    },
    Attempt {
        run_id: u32,
        attempt: Attempt,
    },
    Stop,
    Paste(String),
    KeepHistory(bool),
    LoadHistory(Vec<HistoryEntry>),
    ClearHistory,
    /// The "my balance (USD)" field as typed.
    SetBalance(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let run = &mut next.run;
        match action {
            Action::SetTab(tab) => next.tab = tab,
            Action::Edit(text) => {
                next.report = validate(&text);
                next.estimate = usage::estimate_of(&text);
                next.request = text;
            }
            Action::SetConnection(connection) => next.connection = connection,
            Action::Start {
                run_id,
                started_at,
                is_send,
            } => {
                let sent = if is_send {
                    Sent::of(next.estimate.as_ref().ok())
                } else {
                    Sent::default()
                };
                next.run = Run {
                    active: Some(run_id),
                    started_at,
                    is_send,
                    sent,
                    ..Run::default()
                };
            }
            Action::Sending {
                run_id,
                number,
                sent_ms,
            } if run.active == Some(run_id) => {
                run.in_flight = Some((number, sent_ms));
                run.streaming.clear();
            }
            Action::Streamed { run_id, text } if run.active == Some(run_id) => run.streaming = text,
            Action::Attempt { run_id, attempt } if run.active == Some(run_id) => {
                run.in_flight = None;
                let received_ms = run.started_at as i64 + attempt.at_ms as i64;
                next.usage.observe(&attempt, received_ms, &run.sent);
                let last = is_final(&attempt);
                run.attempts.push(attempt);
                if last {
                    run.active = None;
                    if run.is_send {
                        let entry = history_entry(&next.request, &next.connection, &next.run);
                        next.history.insert(0, entry);
                        next.history.truncate(HISTORY_MAX);
                    }
                }
            }
            Action::Stop => {
                run.active = None;
                run.in_flight = None;
                run.stopped = true;
            }
            Action::Paste(text) => next.pasted = text,
            Action::KeepHistory(on) => next.keep_history = on,
            Action::LoadHistory(entries) => {
                next.keep_history = true;
                next.history = entries;
                next.history.truncate(HISTORY_MAX);
            }
            Action::ClearHistory => next.history.clear(),
            Action::SetBalance(text) => next.usage.set_balance(text),
            // Events of a run that is no longer the page's.
            Action::Sending { .. } | Action::Streamed { .. } | Action::Attempt { .. } => {
                return self;
            }
        }
        Rc::new(next)
    }
}

fn is_final(attempt: &Attempt) -> bool {
    match &attempt.outcome {
        AttemptOutcome::Success(_) => true,
        AttemptOutcome::Failure { decision, .. } => !decision.retry,
    }
}

fn history_entry(request: &str, connection: &Connection, run: &Run) -> HistoryEntry {
    let outcome = run.attempts.last().map_or_else(String::new, |a| {
        let status = a.status.map_or("—".to_string(), |s| s.to_string());
        match &a.outcome {
            AttemptOutcome::Success(_) => format!("{status} success"),
            AttemptOutcome::Failure {
                explanation,
                decision,
                ..
            } => format!(
                "{status} {} → give up ({})",
                explanation.cause.as_str(),
                decision.reason.as_str()
            ),
        }
    });
    HistoryEntry {
        at: String::from(js_sys::Date::new_0().to_locale_time_string("en-GB")),
        request: request.to_string(),
        base_url: connection.base_url.clone(),
        scenario: connection.scenario.clone(),
        outcome,
        attempts: run.attempts.len() as u32,
    }
}

impl State {
    /// Whether a run is still going.
    pub fn running(&self) -> bool {
        self.run.active.is_some()
    }
}
