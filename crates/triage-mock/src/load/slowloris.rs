//! Slowloris clients: each sends one request a byte per interval, the headers (`Headers`) or only the
//! `content-length` body after headers sent at once (`Body`), until the server cuts it off; then it starts
//! again, until told to stop. An attempt is never abandoned half-way, so every request the mock logs has a
//! client that saw how it ended.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, MissedTickBehavior};

use super::client;
use super::mix::VERSION;

const BODY: &str =
    r#"{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Headers,
    Body,
}

/// What one slowloris client saw over all its attempts.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub attempts: u64,
    /// Attempts the server ended before the whole request was sent.
    pub cut_off: u64,
    /// Attempts that got the whole request through: the server waited for ever (a failure).
    pub finished: u64,
    /// Replies the server sent before cutting off (a `408` for a slow body), by status.
    pub statuses: Vec<u16>,
    /// Their `request-id`s, to find them in the mock's log.
    pub request_ids: Vec<String>,
    /// Connect to cut-off, per cut-off attempt.
    pub cut_after_ms: Vec<u64>,
    /// When each cut-off happened.
    pub cut_at: Vec<Instant>,
}

/// After `delay`, runs attempts until `stop` is set (checked between attempts) or `max_attempts` were made.
pub async fn run(
    addr: SocketAddr,
    kind: Kind,
    key: String,
    interval: Duration,
    delay: Duration,
    stop: Arc<AtomicBool>,
    max_attempts: u64,
) -> io::Result<Tally> {
    tokio::time::sleep(delay).await;
    let mut tally = Tally::default();
    while !stop.load(Ordering::Relaxed) && tally.attempts < max_attempts {
        tally.attempts += 1;
        match attempt(addr, kind, &key, interval).await? {
            Some(cut) => {
                tally.cut_off += 1;
                tally.cut_after_ms.push(cut.after.as_millis() as u64);
                tally.cut_at.push(Instant::now());
                if let Some(status) = cut.status {
                    tally.statuses.push(status);
                }
                tally.request_ids.extend(cut.request_id);
            }
            None => tally.finished += 1,
        }
    }
    Ok(tally)
}

struct Cut {
    after: Duration,
    status: Option<u16>,
    request_id: Option<String>,
}

/// One request, dribbled; `None` when all of it went through uncut.
async fn attempt(addr: SocketAddr, kind: Kind, key: &str, interval: Duration) -> io::Result<Option<Cut>> {
    let request = client::request(
        "POST",
        "/s/ok/v1/messages",
        &[("x-api-key", key), ("anthropic-version", VERSION)],
        BODY.as_bytes(),
    );
    let mut sent = match kind {
        Kind::Headers => 0,
        Kind::Body => request.len() - BODY.len(),
    };
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut received = Vec::new();
    let cut = |received: &[u8]| {
        let (status, request_id) = head(received);
        Some(Cut {
            after: started.elapsed(),
            status,
            request_id,
        })
    };
    if stream.write_all(&request[..sent]).await.is_err() {
        return Ok(cut(&received));
    }
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut buffer = [0u8; 4096];
    while sent < request.len() {
        tokio::select! {
            read = stream.read(&mut buffer) => match read {
                Ok(0) | Err(_) => return Ok(cut(&received)),
                Ok(n) => {
                    received.extend_from_slice(&buffer[..n]);
                    // A reply before the request is whole (a 408): cut off, whether or not it closes.
                    if head(&received).0.is_some() {
                        return Ok(cut(&received));
                    }
                }
            },
            _ = tick.tick() => {
                if stream.write_all(&request[sent..=sent]).await.is_err() {
                    return Ok(cut(&received));
                }
                sent += 1;
            }
        }
    }
    Ok(None)
}

/// The status and `request-id` of a reply head, once it is whole.
fn head(received: &[u8]) -> (Option<u16>, Option<String>) {
    let mut slots = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut slots);
    match response.parse(received) {
        Ok(httparse::Status::Complete(_)) => {
            let request_id = response
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("request-id"))
                .map(|h| String::from_utf8_lossy(h.value).into_owned());
            (response.code, request_id)
        }
        _ => (None, None),
    }
}
