//! How every surface (explanations, the CLI, the playground) writes a wait and a number for a person, so the
//! same value reads the same everywhere.

/// A wait in words: `850 ms`, `20 s`, `2 min 5 s`, `3 h 10 min`. Seconds round up: a wait is a "not before",
/// and a rounded-down one would send too early.
pub fn duration(ms: u64) -> String {
    let seconds = ms / 1000;
    match seconds {
        0 => format!("{ms} ms"),
        1..=119 => format!("{} s", ms.div_ceil(1000)),
        120..=7199 => match seconds % 60 {
            0 => format!("{} min", seconds / 60),
            s => format!("{} min {s} s", seconds / 60),
        },
        _ => format!("{} h {} min", seconds / 3600, seconds / 60 % 60),
    }
}

/// `2.5`, `0.125`: up to three decimals, written by hand so float formatting stays out of the wasm build.
pub fn decimal(n: f64) -> String {
    let thousandths = (n.abs() * 1000.0).round() as u64;
    let sign = if n < 0.0 && thousandths > 0 { "-" } else { "" };
    let (whole, fraction) = (thousandths / 1000, thousandths % 1000);
    match fraction {
        0 => format!("{sign}{whole}"),
        _ => format!("{sign}{whole}.{}", format!("{fraction:03}").trim_end_matches('0')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(duration(850), "850 ms");
        assert_eq!(duration(1_001), "2 s");
        assert_eq!(duration(20_000), "20 s");
        assert_eq!(duration(125_000), "2 min 5 s");
        assert_eq!(duration(600_000), "10 min");
        assert_eq!(duration(11_400_000), "3 h 10 min");
    }

    #[test]
    fn decimals_read_naturally() {
        assert_eq!(decimal(2.5), "2.5");
        assert_eq!(decimal(0.125), "0.125");
        assert_eq!(decimal(-3.0), "-3");
        assert_eq!(decimal(1.0004), "1");
    }
}
