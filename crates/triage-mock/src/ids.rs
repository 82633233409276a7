//! Seeded ids (`req_…`, `msg_…`) and random draws, so that a run with the same `--seed` and the same
//! order of requests replays exactly.

use std::sync::atomic::{AtomicU64, Ordering};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

#[derive(Debug)]
pub struct Ids {
    seed: u64,
    counter: AtomicU64,
}

impl Ids {
    pub fn new(seed: u64) -> Ids {
        Ids {
            seed,
            counter: AtomicU64::new(0),
        }
    }

    fn next(&self) -> u64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        splitmix64(self.seed ^ splitmix64(n))
    }

    /// `req_011C` and 20 base62 characters, the shape of the API's request ids.
    pub fn request_id(&self) -> String {
        format!("req_011C{}", self.base62(20))
    }

    /// `msg_01` and 22 base62 characters.
    pub fn message_id(&self) -> String {
        format!("msg_01{}", self.base62(22))
    }

    /// A uniform draw in `[0, 1)`.
    pub fn draw(&self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn base62(&self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        let mut bits = self.next();
        for i in 0..len {
            if i % 10 == 9 {
                bits = self.next();
            }
            out.push(char::from(BASE62[(bits % 62) as usize]));
            bits /= 62;
        }
        out
    }
}

/// The mixer behind the ids, also used by the load mix to draw its seeded scenarios.
pub(crate) fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids_and_shapes() {
        let (a, b) = (Ids::new(7), Ids::new(7));
        let id = a.request_id();
        assert_eq!(id, b.request_id());
        assert_eq!(id.len(), "req_011C".len() + 20);
        assert_ne!(a.request_id(), id);
        assert!(a.message_id().starts_with("msg_01"));
        assert_ne!(Ids::new(8).request_id(), id);
    }

    #[test]
    fn draws_are_in_range_and_spread() {
        let ids = Ids::new(1);
        let draws: Vec<f64> = (0..10_000).map(|_| ids.draw()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let below_half = draws.iter().filter(|d| **d < 0.5).count();
        assert!((4_700..5_300).contains(&below_half), "{below_half}");
    }
}
