//! Command-line flags and the server configuration they produce.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;

use crate::auth::AuthMode;

/// The API's own request size limit for the Messages endpoint (32 MB).
pub const DEFAULT_BODY_LIMIT: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "triage-mock",
    version,
    about = "A local Claude API with scripted failures"
)]
pub struct Config {
    /// Address to listen on. Only loopback addresses unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Accept the key as `x-api-key` (Anthropic), `Authorization: Bearer` (reseller), or either.
    #[arg(long, value_enum, default_value_t = AuthMode::Either)]
    pub auth: AuthMode,
    /// Requests served at once; beyond this, 529 overloaded_error.
    #[arg(long)]
    pub capacity: Option<usize>,
    /// Simulated model latency for every successful request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub service_ms: u64,
    /// Pause between SSE events, in milliseconds, so streamed text arrives over time as it does from the API.
    #[arg(long, default_value_t = 15)]
    pub stream_gap_ms: u64,
    /// Requests per minute per key.
    #[arg(long, default_value_t = 100_000)]
    pub rpm: u64,
    /// Input tokens per minute per key.
    #[arg(long, default_value_t = 10_000_000)]
    pub tpm: u64,
    /// Output tokens per minute per key (counted from `max_tokens`, as the API estimates them up front).
    #[arg(long, default_value_t = 2_000_000)]
    pub otpm: u64,
    /// How much refill each key's requests bucket holds, in milliseconds (at least one unit): bursts beyond it get a
    /// 429 even with minute budget left. 6000 lets `--rpm 60` send 6 at once, then one a second; 60000 is a
    /// whole minute's burst.
    #[arg(long, default_value_t = 6_000)]
    pub burst_ms: u64,
    /// The same for the input- and output-token buckets; a whole minute by default, so a request for a model's
    /// full `max_tokens` fits the default limits.
    #[arg(long, default_value_t = 60_000)]
    pub token_burst_ms: u64,
    /// Seed for ids and for the `random` scenario, so runs replay.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Largest request body accepted; above it, 413 request_too_large.
    #[arg(long, default_value_t = DEFAULT_BODY_LIMIT)]
    pub body_limit: usize,
    /// Seconds a client may take to send its request headers.
    #[arg(long, default_value_t = 10)]
    pub header_timeout_s: u64,
    /// Seconds a client may take to send its request body.
    #[arg(long, default_value_t = 30)]
    pub body_timeout_s: u64,
    /// Seconds a single write to a client may stay blocked before the connection is dropped.
    #[arg(long, default_value_t = 30)]
    pub write_timeout_s: u64,
    /// No per-request log lines.
    #[arg(long)]
    pub quiet: bool,
    /// Allow binding a non-loopback address (the mock has no real security).
    #[arg(long)]
    pub allow_remote: bool,
}

impl Default for Config {
    fn default() -> Self {
        // One source of truth for defaults: the clap attributes above.
        Config::parse_from(["triage-mock"])
    }
}

impl Config {
    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_s)
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_s)
    }

    pub fn write_timeout(&self) -> Duration {
        Duration::from_secs(self.write_timeout_s)
    }

    /// Refuses a non-loopback address unless `--allow-remote` was given.
    pub fn check_bind_address(&self) -> Result<(), String> {
        if self.addr.ip().is_loopback() || self.allow_remote {
            Ok(())
        } else {
            Err(format!(
                "refusing to listen on {}: not a loopback address (pass --allow-remote to insist)",
                self.addr
            ))
        }
    }
}
