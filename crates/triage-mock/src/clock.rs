//! Wall-clock times for headers, derived from tokio's `Instant` so that tests with paused time see reset
//! times move with the paused clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    started: Instant,
    started_unix: Duration,
}

impl Clock {
    pub fn new() -> Clock {
        Clock {
            started: Instant::now(),
            started_unix: SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default(),
        }
    }

    pub fn now(&self) -> Instant {
        Instant::now()
    }

    /// `instant` as RFC 3339 UTC, rounded up to the whole second (a reset is never reported early).
    pub fn rfc3339(&self, instant: Instant) -> String {
        let unix = self.started_unix + instant.saturating_duration_since(self.started);
        let seconds = unix.as_secs() + u64::from(unix.subsec_nanos() > 0);
        format_unix_seconds(seconds)
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_unix_seconds(seconds: u64) -> String {
    let days = seconds / 86_400;
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm, for days since 1970-01-01 (no dates before it occur here).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(format_unix_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_unix_seconds(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_unix_seconds(1_795_521_620), "2026-11-24T12:00:20Z");
    }
}
