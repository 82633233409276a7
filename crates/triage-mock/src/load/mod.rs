//! The mock under load (issue 25): many keep-alive connections sending a seeded mix of every scenario to the
//! mock running as its own process, once alone and once beside slowloris clients, with the mock's memory
//! read from `/proc` before, during and after.
//!
//! [`run`] returns a [`Report`]; [`Report::problems`] lists every broken invariant:
//! - nothing lost or answered twice: each request (numbered `0..requests`, sent once, never retried) gets
//!   exactly one reply, and it is the one its scenario scripts (status, body, how the body ends);
//! - every reply's `request-id` is distinct, and the mock's log has exactly one line per reply with that
//!   id, the scenario asked for and the status received, and no other line;
//! - slowloris clients (headers or a `content-length` body a byte per interval) are cut off by the
//!   mock's timeouts, every attempt, while the load beside them still gets all its replies.
//!
//! Timings and memory are reported, not judged: `cargo xtask bench load` prints them, the test asserts only
//! the invariants (and generous memory bounds).

mod client;
mod mix;
pub mod process;
pub mod slowloris;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use crate::scenarios::Scenario;
use client::Connection;
use mix::Expect;
use process::{Memory, MockProcess};
use slowloris::Kind;

/// Longest any one reply may take before it counts as lost (the mix's slowest scripted reply takes 50 ms).
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);
/// How often the mock's memory is read while a phase runs.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// Pause after a phase before "after" memory is read, so connections and tasks have been dropped.
const SETTLE: Duration = Duration::from_millis(500);
/// Bound on each slowloris client's attempts, so it stops even if never told to.
const MAX_SLOW_ATTEMPTS: u64 = 1_000;

#[derive(Debug, Clone)]
pub struct Options {
    /// The `triage-mock` binary to start.
    pub mock: PathBuf,
    /// Where its stderr (the request log) goes.
    pub log: PathBuf,
    pub requests: usize,
    pub connections: usize,
    pub slow_headers: usize,
    pub slow_bodies: usize,
    /// The mock's header and body timeouts, in seconds.
    pub timeout_s: u64,
    /// Slowloris pace: one byte per this.
    pub byte_interval: Duration,
    pub seed: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub requests: usize,
    pub connections: usize,
    pub timeout_s: u64,
    /// Five requests per connection before the timed runs (checked, not timed).
    pub warm_up: Phase,
    /// The load alone.
    pub alone: Phase,
    /// The same load beside the slowloris clients.
    pub with_slowloris: Phase,
    /// `with_slowloris.p99_ms / alone.p99_ms`.
    pub p99_ratio: f64,
    pub slow_headers: Slowloris,
    pub slow_bodies: Slowloris,
    pub memory: MemoryReport,
    pub log: LogCheck,
}

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub requests: usize,
    /// Requests with exactly one reply, the scripted one.
    pub as_scripted: usize,
    /// Requests with no reply at all (a transport error or a timeout).
    pub lost: usize,
    /// Requests answered, but not as scripted.
    pub wrong: usize,
    /// Requests counted more than once (a bookkeeping bug in the load itself; must be 0).
    pub counted_twice: usize,
    pub first_problems: Vec<String>,
    /// Replies by `scenario status`.
    pub replies: BTreeMap<String, usize>,
    pub seconds: f64,
    pub requests_per_s: f64,
    /// Latency of the replies the mock gives at once (all but `slow`, `hang-up` and a cut stream, whose
    /// scripted pauses would otherwise be the p99 by themselves).
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// p99 over every reply, scripted pauses included.
    pub p99_all_ms: f64,
    /// Highest `VmRSS` read while the phase ran.
    pub peak_rss_kib: u64,
    #[serde(skip)]
    samples: Vec<Sample>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Slowloris {
    pub clients: usize,
    pub attempts: u64,
    pub cut_off: u64,
    /// Cut-offs while the load ran beside them.
    pub cut_off_during_load: u64,
    /// Attempts that got the whole request through (the timeout did not cut them): must be 0.
    pub finished: u64,
    pub statuses: BTreeMap<u16, u64>,
    pub cut_after_ms_min: u64,
    pub cut_after_ms_max: u64,
    #[serde(skip)]
    request_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemoryReport {
    /// Started, nothing served yet.
    pub before: Memory,
    pub after_alone: Memory,
    pub after_slowloris: Memory,
    /// `VmHWM` at the end: the highest the mock ever was.
    pub peak_kib: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LogCheck {
    /// Request lines in the mock's log.
    pub lines: usize,
    /// Replies whose `request-id` has exactly one line, with the scenario and status seen.
    pub matched: usize,
    pub problems: usize,
    pub first_problems: Vec<String>,
}

#[derive(Debug, Clone)]
struct Sample {
    index: usize,
    scenario: Scenario,
    status: u16,
    request_id: Option<String>,
    latency: Duration,
    waits: bool,
    problem: Option<String>,
}

/// Starts the mock, runs the load alone, then beside slowloris clients, and checks the mock's log.
pub async fn run(options: &Options) -> Result<Report, String> {
    let timeout = options.timeout_s.to_string();
    let args: Vec<String> = [
        "--header-timeout-s",
        &timeout,
        "--body-timeout-s",
        &timeout,
        // Streams as fast as the mock can write them: the load measures the server, not the pacing.
        "--stream-gap-ms",
        "0",
        // A whole minute's burst: the default limits stay out of the way of the load.
        "--burst-ms",
        "60000",
        "--seed",
        &options.seed.to_string(),
    ]
    .iter()
    .map(|arg| arg.to_string())
    .collect();
    let mut mock = MockProcess::start(&options.mock, &args, &options.log)?;
    let before = mock.memory()?;

    // Connections, buffers and the allocator's arenas set up before anything is timed.
    let warm_up = phase(&mock, options, options.connections * 5, "w").await?;
    let alone = phase(&mock, options, options.requests, "a").await?;
    tokio::time::sleep(SETTLE).await;
    let after_alone = mock.memory()?;

    let stop = Arc::new(AtomicBool::new(false));
    // Starts staggered over one timeout, so that cut-offs and reconnects go on all through the load.
    let timeout = Duration::from_secs(options.timeout_s);
    let spawn_slow = |kind: Kind, count: usize| {
        (0..count)
            .map(|i| {
                let key = format!("sk-ant-api03-load-slow-{kind:?}-{i}").to_lowercase();
                tokio::spawn(slowloris::run(
                    mock.addr,
                    kind,
                    key,
                    options.byte_interval,
                    timeout.mul_f64(i as f64 / count as f64),
                    Arc::clone(&stop),
                    MAX_SLOW_ATTEMPTS,
                ))
            })
            .collect::<Vec<_>>()
    };
    let slow_header_tasks = spawn_slow(Kind::Headers, options.slow_headers);
    let slow_body_tasks = spawn_slow(Kind::Body, options.slow_bodies);
    // Every slowloris client connected and dribbling, and the first ones being cut off, before the load.
    tokio::time::sleep(timeout + options.byte_interval).await;
    let load_started = Instant::now();
    let with_slowloris = phase(&mock, options, options.requests, "b").await?;
    let window = (load_started, Instant::now());
    stop.store(true, Ordering::Relaxed);
    let slow_headers = slowloris_summary(slow_header_tasks, window).await?;
    let slow_bodies = slowloris_summary(slow_body_tasks, window).await?;
    tokio::time::sleep(SETTLE).await;
    let after_slowloris = mock.memory()?;
    mock.stop();

    let log = check_log(
        &mock,
        &[&warm_up, &alone, &with_slowloris],
        &[&slow_headers, &slow_bodies],
    )?;
    Ok(Report {
        machine: machine(),
        requests: options.requests,
        connections: options.connections,
        timeout_s: options.timeout_s,
        p99_ratio: with_slowloris.p99_ms / alone.p99_ms.max(f64::MIN_POSITIVE),
        warm_up,
        alone,
        with_slowloris,
        slow_headers,
        slow_bodies,
        memory: MemoryReport {
            before,
            after_alone,
            peak_kib: after_slowloris.hwm_kib,
            after_slowloris,
        },
        log,
    })
}

/// `requests` requests over `options.connections` connections, keys `…-load-{tag}-{connection}`.
async fn phase(mock: &MockProcess, options: &Options, requests: usize, tag: &str) -> Result<Phase, String> {
    let next = Arc::new(AtomicUsize::new(0));
    let sampling = Arc::new(AtomicBool::new(true));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (sampling, peak, pid) = (Arc::clone(&sampling), Arc::clone(&peak), mock.pid());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                if let Ok(memory) = Memory::of(pid) {
                    peak.fetch_max(memory.rss_kib, Ordering::Relaxed);
                }
                tokio::time::sleep(SAMPLE_EVERY).await;
            }
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..options.connections)
        .map(|connection| {
            let key = format!("sk-ant-api03-load-{tag}-{connection}");
            tokio::spawn(worker(mock.addr, key, options.seed, requests, Arc::clone(&next)))
        })
        .collect();
    let mut samples = Vec::with_capacity(requests);
    for worker in workers {
        samples.extend(worker.await.map_err(|e| format!("load worker failed: {e}"))?);
    }
    let elapsed = started.elapsed();
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.await;
    Ok(summarize(
        requests,
        samples,
        elapsed,
        peak.load(Ordering::Relaxed),
    ))
}

/// One connection's share: requests taken from `next` until all are sent, one at a time, never retried; a
/// new connection after a reply that ends its connection (a hang-up, a cut stream) or a transport error.
async fn worker(
    addr: SocketAddr,
    key: String,
    seed: u64,
    total: usize,
    next: Arc<AtomicUsize>,
) -> Vec<Sample> {
    let mut connection: Option<Connection> = None;
    let mut calls: HashMap<Scenario, u64> = HashMap::new();
    let mut samples = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= total {
            return samples;
        }
        let case = mix::pick(seed, index);
        let call = calls.entry(case.scenario).or_insert(0);
        *call += 1;
        let expect = case.expect(*call);
        let request = case.request(&key);
        let started = Instant::now();
        let reply = tokio::time::timeout(REPLY_TIMEOUT, async {
            if connection.is_none() {
                connection = Some(Connection::open(addr).await?);
            }
            match connection.as_mut() {
                Some(open) => open.exchange(&request).await,
                None => Err(io::Error::other("no connection")),
            }
        })
        .await
        .unwrap_or_else(|_| Err(io::Error::new(io::ErrorKind::TimedOut, "no reply in time")));
        let latency = started.elapsed();
        let waits = case.scenario == Scenario::Slow
            || matches!(
                expect,
                Expect::HangUp | Expect::FailingStream(Scenario::StreamCutEarly)
            );
        let mut sample = Sample {
            index,
            scenario: case.scenario,
            status: 0,
            request_id: None,
            latency,
            waits,
            problem: None,
        };
        match reply {
            Ok(reply) => {
                if !reply.keeps_alive() {
                    connection = None;
                }
                sample.status = reply.status;
                sample.request_id = reply.header("request-id").map(str::to_string);
                sample.problem = mix::check(expect, &reply)
                    .err()
                    .map(|problem| format!("request {index} ({}): {problem}", case.scenario.name()));
            }
            Err(error) => {
                connection = None;
                sample.problem = Some(format!(
                    "request {index} ({}): lost: {error}",
                    case.scenario.name()
                ));
            }
        }
        samples.push(sample);
    }
}

fn summarize(requests: usize, samples: Vec<Sample>, elapsed: Duration, peak_rss_kib: u64) -> Phase {
    let mut seen = vec![0u32; requests];
    let mut replies = BTreeMap::new();
    let mut first_problems = Vec::new();
    let (mut as_scripted, mut lost, mut wrong) = (0, 0, 0);
    for sample in &samples {
        seen[sample.index] += 1;
        *replies
            .entry(format!("{} {}", sample.scenario.name(), sample.status))
            .or_insert(0) += 1;
        match (&sample.problem, sample.status) {
            (None, _) => as_scripted += 1,
            (Some(_), 0) => lost += 1,
            (Some(_), _) => wrong += 1,
        }
        if let Some(problem) = &sample.problem {
            if first_problems.len() < 10 {
                first_problems.push(problem.clone());
            }
        }
    }
    let counted_twice = seen.iter().filter(|count| **count > 1).count();
    lost += seen.iter().filter(|count| **count == 0).count();
    let mut at_once: Vec<Duration> = samples.iter().filter(|s| !s.waits).map(|s| s.latency).collect();
    let mut all: Vec<Duration> = samples.iter().map(|s| s.latency).collect();
    at_once.sort_unstable();
    all.sort_unstable();
    let seconds = elapsed.as_secs_f64();
    Phase {
        requests,
        as_scripted,
        lost,
        wrong,
        counted_twice,
        first_problems,
        replies,
        seconds,
        requests_per_s: samples.len() as f64 / seconds.max(f64::MIN_POSITIVE),
        p50_ms: percentile(&at_once, 0.50),
        p99_ms: percentile(&at_once, 0.99),
        max_ms: percentile(&at_once, 1.0),
        p99_all_ms: percentile(&all, 0.99),
        peak_rss_kib,
        samples,
    }
}

/// The nearest-rank percentile of sorted latencies, in milliseconds.
fn percentile(sorted: &[Duration], quantile: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((quantile * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

async fn slowloris_summary(
    tasks: Vec<tokio::task::JoinHandle<io::Result<slowloris::Tally>>>,
    (load_started, load_ended): (Instant, Instant),
) -> Result<Slowloris, String> {
    let mut summary = Slowloris {
        clients: tasks.len(),
        attempts: 0,
        cut_off: 0,
        cut_off_during_load: 0,
        finished: 0,
        statuses: BTreeMap::new(),
        cut_after_ms_min: u64::MAX,
        cut_after_ms_max: 0,
        request_ids: Vec::new(),
    };
    for task in tasks {
        let tally = task
            .await
            .map_err(|e| format!("slowloris client failed: {e}"))?
            .map_err(|e| format!("slowloris client could not connect: {e}"))?;
        summary.attempts += tally.attempts;
        summary.cut_off += tally.cut_off;
        summary.finished += tally.finished;
        summary.cut_off_during_load += tally
            .cut_at
            .iter()
            .filter(|at| (load_started..=load_ended).contains(at))
            .count() as u64;
        for status in tally.statuses {
            *summary.statuses.entry(status).or_insert(0) += 1;
        }
        for after in tally.cut_after_ms {
            summary.cut_after_ms_min = summary.cut_after_ms_min.min(after);
            summary.cut_after_ms_max = summary.cut_after_ms_max.max(after);
        }
        summary.request_ids.extend(tally.request_ids);
    }
    summary.cut_after_ms_min = summary.cut_after_ms_min.min(summary.cut_after_ms_max);
    Ok(summary)
}

/// Every reply seen must have exactly one log line with its `request-id`, scenario and status, and every
/// log line a reply.
fn check_log(mock: &MockProcess, phases: &[&Phase], slow: &[&Slowloris]) -> Result<LogCheck, String> {
    let text = std::fs::read_to_string(&mock.log)
        .map_err(|e| format!("cannot read the mock's log {}: {e}", mock.log.display()))?;
    let mut lines: HashMap<&str, Vec<(&str, u16)>> = HashMap::new();
    let mut check = LogCheck::default();
    for line in text.lines().filter(|line| line.contains(" scenario=")) {
        check.lines += 1;
        let field = |name: &str| {
            line.split(' ')
                .find_map(|part| part.strip_prefix(name))
                .unwrap_or_default()
        };
        let status = field("status=").parse().unwrap_or(0);
        lines
            .entry(field("id="))
            .or_default()
            .push((field("scenario="), status));
    }
    let problem = |check: &mut LogCheck, text: String| {
        check.problems += 1;
        if check.first_problems.len() < 10 {
            check.first_problems.push(text);
        }
    };
    let mut expected: HashSet<&str> = HashSet::new();
    let seen = phases.iter().flat_map(|phase| {
        phase.samples.iter().map(|sample| {
            (
                sample.request_id.as_deref(),
                sample.scenario.name(),
                sample.status,
            )
        })
    });
    let slow_seen = slow
        .iter()
        .flat_map(|slow| slow.request_ids.iter().map(|id| (Some(id.as_str()), "ok", 408)));
    for (request_id, scenario, status) in seen.chain(slow_seen) {
        if status == 0 {
            continue; // lost: already counted against its phase
        }
        let Some(request_id) = request_id else {
            problem(
                &mut check,
                format!("a {scenario} {status} reply without request-id"),
            );
            continue;
        };
        if !expected.insert(request_id) {
            problem(&mut check, format!("request-id {request_id} on two replies"));
            continue;
        }
        match lines.get(request_id).map(Vec::as_slice) {
            Some([(logged_scenario, logged_status)])
                if *logged_scenario == scenario && *logged_status == status =>
            {
                check.matched += 1;
            }
            Some(logged) => problem(
                &mut check,
                format!("{request_id}: replied {scenario} {status}, logged {logged:?}"),
            ),
            None => problem(
                &mut check,
                format!("{request_id}: replied {scenario} {status}, not logged"),
            ),
        }
    }
    for (request_id, logged) in &lines {
        if !expected.contains(request_id) {
            problem(
                &mut check,
                format!("{request_id}: logged {logged:?}, no reply seen"),
            );
        }
    }
    Ok(check)
}

fn machine() -> Machine {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    Machine { cores, cpu }
}

impl Report {
    /// Every broken invariant, in words; empty when the run was clean.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let phases = [
            ("warm-up", &self.warm_up),
            ("alone", &self.alone),
            ("with slowloris", &self.with_slowloris),
        ];
        for (name, phase) in phases {
            if phase.as_scripted != phase.requests || phase.counted_twice > 0 {
                problems.push(format!(
                    "{name}: {} of {} as scripted, {} lost, {} wrong, {} counted twice",
                    phase.as_scripted, phase.requests, phase.lost, phase.wrong, phase.counted_twice
                ));
            }
            problems.extend(phase.first_problems.iter().map(|p| format!("{name}: {p}")));
        }
        for (name, slow) in [
            ("slow headers", &self.slow_headers),
            ("slow bodies", &self.slow_bodies),
        ] {
            if slow.finished > 0 || slow.cut_off != slow.attempts || slow.attempts < slow.clients as u64 {
                problems.push(format!(
                    "{name}: {} clients, {} attempts, {} cut off, {} let through",
                    slow.clients, slow.attempts, slow.cut_off, slow.finished
                ));
            }
        }
        let replies = phases.iter().map(|(_, phase)| phase.requests).sum::<usize>()
            + self.slow_bodies.request_ids.len();
        if self.log.problems > 0 || self.log.lines != replies || self.log.matched != replies {
            problems.push(format!(
                "log: {} lines, {} matched, {replies} replies",
                self.log.lines, self.log.matched
            ));
        }
        problems.extend(self.log.first_problems.iter().map(|p| format!("log: {p}")));
        problems
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mib = |kib: u64| kib as f64 / 1024.0;
        writeln!(
            f,
            "machine: {} cores, {}; {} requests on {} connections per phase, mock timeouts {} s",
            self.machine.cores, self.machine.cpu, self.requests, self.connections, self.timeout_s
        )?;
        for (name, phase) in [("alone", &self.alone), ("with slowloris", &self.with_slowloris)] {
            writeln!(
                f,
                "  {name:<15} {:>6.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  (p99 with scripted pauses {:.2} ms)  {}/{} as scripted, {} lost",
                phase.requests_per_s,
                phase.p50_ms,
                phase.p99_ms,
                phase.max_ms,
                phase.p99_all_ms,
                phase.as_scripted,
                phase.requests,
                phase.lost
            )?;
        }
        writeln!(f, "  p99 with slowloris / alone: {:.2}", self.p99_ratio)?;
        for (name, slow) in [
            ("slow headers", &self.slow_headers),
            ("slow bodies", &self.slow_bodies),
        ] {
            writeln!(
                f,
                "  {name}: {} clients, {} attempts, {} cut off ({} while the load ran) after {}-{} ms, {} let through, replies {:?}",
                slow.clients,
                slow.attempts,
                slow.cut_off,
                slow.cut_off_during_load,
                slow.cut_after_ms_min,
                slow.cut_after_ms_max,
                slow.finished,
                slow.statuses
            )?;
        }
        let m = &self.memory;
        writeln!(
            f,
            "  mock RSS: before {:.1} MiB, peak {:.1} MiB (alone {:.1}, with slowloris {:.1}), after alone {:.1} MiB, after slowloris {:.1} MiB",
            mib(m.before.rss_kib),
            mib(m.peak_kib),
            mib(self.alone.peak_rss_kib),
            mib(self.with_slowloris.peak_rss_kib),
            mib(m.after_alone.rss_kib),
            mib(m.after_slowloris.rss_kib)
        )?;
        write!(
            f,
            "  mock log: {} lines, {} matched to exactly one reply, {} problems",
            self.log.lines, self.log.matched, self.log.problems
        )
    }
}
