//! The native half of `cargo xtask bench validate`: `validate` on each file given, timed in this process (the
//! JavaScript half compares the wasm with `JSON.parse`); reports native MB/s and the peak heap one validation
//! allocates.
//!
//! Usage: `cargo run --release -p triage-core --example validate_speed -- FILE...`; prints one JSON object
//! per file: `{"file","bytes","median_ms","mb_per_s","peak_heap_bytes","allocations","errors","warnings"}`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;
use triage_core::request::{validate, Severity};

/// Counts live heap bytes and their high-water mark, so "peak memory ≤ 3x the input" is measured, not guessed.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            CALLS.fetch_add(1, Relaxed);
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    for file in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&file).expect("a readable UTF-8 file");
        // The peak of one validation alone: the text itself is already live and not counted.
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let calls = CALLS.load(Relaxed);
        let report = validate(&text);
        let peak = PEAK.load(Relaxed) - before;
        let allocations = CALLS.load(Relaxed) - calls;
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = report.diagnostics.len() - errors;
        drop(report);
        // Enough runs for a stable median, at least ~1 s of work.
        let runs = (1_000_000_000 / (text.len() * 20).max(1)).clamp(9, 2001);
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(validate(std::hint::black_box(&text)));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{{\"file\":\"{file}\",\"bytes\":{},\"median_ms\":{median:.4},\"mb_per_s\":{:.1},\"peak_heap_bytes\":{peak},\"allocations\":{allocations},\"errors\":{errors},\"warnings\":{warnings}}}",
            text.len(),
            text.len() as f64 / 1e6 / (median / 1e3),
        );
    }
}
