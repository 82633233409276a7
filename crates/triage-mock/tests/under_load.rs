//! The `triage-mock` binary under load: 2,000 requests on 100 keep-alive connections, a seeded mix of every
//! scenario, once alone and once beside slowloris clients (see `triage_mock::load`). Asserts what must
//! hold on any machine: nothing lost or answered twice, every reply the scripted one and in the mock's log
//! exactly once, every slowloris attempt cut off, memory within generous bounds. Timings are printed, never
//! asserted; `cargo xtask bench load` runs the full 10,000 × 200.

use std::path::PathBuf;
use std::time::Duration;

use triage_mock::load::{self, Options};

const MIB: u64 = 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_lost_or_doubled_slowloris_cut_off_memory_bounded() {
    let options = Options {
        mock: PathBuf::from(env!("CARGO_BIN_EXE_triage-mock")),
        log: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("under_load-mock.log"),
        requests: 2_000,
        connections: 100,
        slow_headers: 3,
        slow_bodies: 3,
        timeout_s: 2,
        byte_interval: Duration::from_secs(1),
        seed: 7,
    };
    // Only against a hang: a healthy run takes about ten seconds.
    let report = tokio::time::timeout(Duration::from_secs(180), load::run(&options))
        .await
        .expect("the load finishes")
        .expect("the load runs");
    eprintln!("{report}");
    assert_eq!(report.problems(), Vec::<String>::new());
    assert_eq!(report.log.lines, report.log.matched);
    assert_eq!(
        report.slow_bodies.statuses.get(&408),
        Some(&report.slow_bodies.attempts)
    );
    let memory = &report.memory;
    assert!(memory.peak_kib < 256 * MIB, "{memory:?}");
    assert!(
        memory.after_slowloris.rss_kib < memory.after_alone.rss_kib + 32 * MIB,
        "a second run of the same load grew the mock: {memory:?}"
    );
}
