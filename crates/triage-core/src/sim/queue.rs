//! The discrete-event queue: events ordered by simulated time (µs), ties broken by insertion order so a run is
//! deterministic whatever the events contain.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub struct EventQueue<E: Ord> {
    heap: BinaryHeap<Reverse<(u64, u64, E)>>,
    pushed: u64,
}

impl<E: Ord> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            pushed: 0,
        }
    }

    pub fn push(&mut self, at_us: u64, event: E) {
        self.heap.push(Reverse((at_us, self.pushed, event)));
        self.pushed += 1;
    }

    /// The earliest event and its time.
    pub fn pop(&mut self) -> Option<(u64, E)> {
        let Reverse((at_us, _, event)) = self.heap.pop()?;
        Some((at_us, event))
    }
}
