//! Parsing the timestamps the API sends (RFC 3339 rate-limit resets, HTTP-date `retry-after` and `Date`) into
//! Unix epoch milliseconds, and back to RFC 3339. Pure arithmetic on the proleptic Gregorian calendar (UTC).

const MS_PER_SECOND: i64 = 1_000;
const SECONDS_PER_DAY: i64 = 86_400;
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Epoch ms of a UTC calendar time, or `None` when a part is out of range (month 13, 31 February, hour 24…).
/// A leap second (`:60`) is read as the following second.
pub fn utc_ms(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let valid = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second <= 60;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds =
        days * SECONDS_PER_DAY + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second);
    Some(seconds * MS_PER_SECOND)
}

/// RFC 3339 (`2026-11-24T12:00:20Z`, `2026-11-24T12:00:20.5+01:00`, a space instead of `T`, lower-case `z`).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    let year = digits(s, 0, 4)?;
    expect(s, 4, b'-')?;
    let month = digits(s, 5, 2)?;
    expect(s, 7, b'-')?;
    let day = digits(s, 8, 2)?;
    if !matches!(s.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(s, 11, 2)?;
    expect(s, 13, b':')?;
    let minute = digits(s, 14, 2)?;
    expect(s, 16, b':')?;
    let second = digits(s, 17, 2)?;
    let mut pos = 19;
    let mut fraction_ms = 0;
    if s.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while s.get(pos).is_some_and(u8::is_ascii_digit) {
            if pos - start < 3 {
                fraction_ms = fraction_ms * 10 + i64::from(s[pos] - b'0');
            }
            pos += 1;
        }
        if pos == start {
            return None;
        }
        for _ in (pos - start)..3 {
            fraction_ms *= 10;
        }
    }
    let offset_ms = match s.get(pos) {
        Some(b'Z' | b'z') if pos + 1 == s.len() => 0,
        Some(sign @ (b'+' | b'-')) if pos + 6 == s.len() => {
            let hours = digits(s, pos + 1, 2)?;
            expect(s, pos + 3, b':')?;
            let minutes = digits(s, pos + 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let ms = (i64::from(hours) * 60 + i64::from(minutes)) * 60 * MS_PER_SECOND;
            if *sign == b'+' {
                ms
            } else {
                -ms
            }
        }
        _ => return None,
    };
    let base = utc_ms(i64::from(year), month, day, hour, minute, second)?;
    Some(base + fraction_ms - offset_ms)
}

/// An HTTP date (RFC 9110): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994` forms. The weekday is not checked.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [_weekday, day, month, year, clock, zone] if zone.eq_ignore_ascii_case("GMT") => {
            let year = parse_u32(year)?;
            date_time(i64::from(year), month_number(month)?, parse_u32(day)?, clock)
        }
        [_weekday, date, clock, zone] if zone.eq_ignore_ascii_case("GMT") => {
            let mut parts = date.split('-');
            let day = parse_u32(parts.next()?)?;
            let month = month_number(parts.next()?)?;
            let short_year = parts.next()?;
            let year = i64::from(parse_u32(short_year)?);
            // RFC 9110: a two-digit year more than 50 years in the future is in the past century; without a
            // clock, 70–99 → 19xx and 00–69 → 20xx is the usual reading.
            let year = match (short_year.len(), year) {
                (2, 70..) => 1900 + year,
                (2, _) => 2000 + year,
                _ => year,
            };
            date_time(year, month, day, clock)
        }
        [_weekday, month, day, clock, year] => date_time(
            i64::from(parse_u32(year)?),
            month_number(month)?,
            parse_u32(day)?,
            clock,
        ),
        _ => None,
    }
}

/// `2026-12-01T00:00:00Z`, with `.mmm` only when the milliseconds are not zero.
pub fn format_rfc3339(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(SECONDS_PER_DAY * MS_PER_SECOND);
    let ms_of_day = epoch_ms.rem_euclid(SECONDS_PER_DAY * MS_PER_SECOND);
    let (year, month, day) = civil_from_days(days);
    let seconds = ms_of_day / MS_PER_SECOND;
    let ms = ms_of_day % MS_PER_SECOND;
    let clock = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60
    );
    if ms == 0 {
        format!("{year:04}-{month:02}-{day:02}T{clock}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{clock}.{ms:03}Z")
    }
}

fn date_time(year: i64, month: u32, day: u32, clock: &str) -> Option<i64> {
    let mut parts = clock.split(':');
    let hour = parse_u32(parts.next()?)?;
    let minute = parse_u32(parts.next()?)?;
    let second = parse_u32(parts.next()?)?;
    if parts.next().is_some() {
        return None;
    }
    utc_ms(year, month, day, hour, minute, second)
}

/// 1–12 for an English month name, full or cut to at least three letters (`Nov`, `Sept`, `November`).
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&lower))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn parse_u32(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `count` ASCII digits at `pos`.
fn digits(s: &[u8], pos: usize, count: usize) -> Option<u32> {
    let slice = s.get(pos..pos + count)?;
    slice.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn expect(s: &[u8], pos: usize, byte: u8) -> Option<()> {
    (s.get(pos) == Some(&byte)).then_some(())
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for every proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOV_6_1994: i64 = 784_111_777_000;

    #[test]
    fn http_date_forms_agree() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(NOV_6_1994));
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(NOV_6_1994)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(NOV_6_1994));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("20"), None);
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_number("mayo"), None);
    }

    #[test]
    fn rfc3339_with_offsets_and_fractions() {
        assert_eq!(parse_rfc3339("1994-11-06T08:49:37Z"), Some(NOV_6_1994));
        assert_eq!(
            parse_rfc3339("1994-11-06T09:49:37.250+01:00"),
            Some(NOV_6_1994 + 250)
        );
        assert_eq!(
            parse_rfc3339("1994-11-06 08:49:37.123456z"),
            Some(NOV_6_1994 + 123)
        );
        assert_eq!(parse_rfc3339("1994-11-06T08:49:37"), None);
        assert_eq!(parse_rfc3339("1994-11-06T08:49:37Zjunk"), None);
        assert_eq!(parse_rfc3339("2024-02-30T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("é"), None);
    }

    #[test]
    fn formats_round_trip() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(NOV_6_1994 + 7), "1994-11-06T08:49:37.007Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
        for ms in [0, 951_782_400_000, 1_796_083_200_000, 4_107_542_400_000] {
            assert_eq!(parse_rfc3339(&format_rfc3339(ms)), Some(ms));
        }
        assert_eq!(
            utc_ms(2026, 12, 1, 0, 0, 0).map(format_rfc3339).as_deref(),
            Some("2026-12-01T00:00:00Z")
        );
        assert_eq!(
            utc_ms(2024, 2, 29, 0, 0, 0).map(format_rfc3339).as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let _ = format_rfc3339(i64::MAX);
        let _ = format_rfc3339(i64::MIN);
    }
}
