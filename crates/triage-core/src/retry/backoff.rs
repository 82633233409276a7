//! The delay formulas, one per strategy: `n` is the retry number (1 for the first retry), so the first retry
//! waits up to `base`, the second up to `2·base`, and so on up to `cap`.

use super::rng::Rng;

/// `min(cap, base·2^(n-1))`, saturating instead of overflowing.
pub fn exponential(base_ms: u64, cap_ms: u64, n: u32) -> u64 {
    let doublings = n.saturating_sub(1).min(63);
    base_ms.saturating_mul(1u64 << doublings).min(cap_ms)
}

pub fn full_jitter(rng: &mut Rng, base_ms: u64, cap_ms: u64, n: u32) -> u64 {
    rng.between(0, exponential(base_ms, cap_ms, n))
}

pub fn equal_jitter(rng: &mut Rng, base_ms: u64, cap_ms: u64, n: u32) -> u64 {
    let ceiling = exponential(base_ms, cap_ms, n);
    let half = ceiling / 2;
    half + rng.between(0, ceiling - half)
}

/// `previous_ms` is the last delay of this request (or `base` before the first retry).
pub fn decorrelated_jitter(rng: &mut Rng, base_ms: u64, cap_ms: u64, previous_ms: u64) -> u64 {
    let high = previous_ms.max(base_ms).saturating_mul(3);
    rng.between(base_ms, high).min(cap_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_doubles_from_base_and_stops_at_cap() {
        let delays: Vec<u64> = (1..=6).map(|n| exponential(1000, 10_000, n)).collect();
        assert_eq!(delays, [1000, 2000, 4000, 8000, 10_000, 10_000]);
        assert_eq!(exponential(u64::MAX / 2, u64::MAX, 200), u64::MAX);
    }

    #[test]
    fn equal_jitter_keeps_at_least_half() {
        let mut rng = Rng::new(3);
        for n in 1..10 {
            let d = equal_jitter(&mut rng, 100, 5000, n);
            let ceiling = exponential(100, 5000, n);
            assert!(d >= ceiling / 2 && d <= ceiling, "{d} vs {ceiling}");
        }
    }
}
