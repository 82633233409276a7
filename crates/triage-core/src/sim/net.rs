//! Network delay: |N(mean, sd)| as in the AWS backoff simulator, with the normal drawn as the sum of twelve
//! uniforms (Irwin–Hall) so that only additions and multiplications are involved and runs agree on every platform.

use crate::retry::Rng;

pub struct Net {
    pub mean_us: f64,
    pub sd_us: f64,
}

impl Net {
    pub fn delay_us(&self, rng: &mut Rng) -> u64 {
        let standard: f64 = (0..12).map(|_| rng.unit()).sum::<f64>() - 6.0;
        (self.mean_us + self.sd_us * standard).abs().round() as u64
    }
}
