//! Unix times as calendar text (UTC), the same on the server and in the browser.

/// `YYYY-MM-DD` (UTC).
pub fn date(unix: i64) -> String {
    // Howard Hinnant's civil-from-days.
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn date_time(unix: i64) -> String {
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        date(unix),
        seconds / 3600,
        seconds % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_795_939_200), "2026-11-29");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(
            date_time(1_795_910_400 + 3600 * 13 + 60 * 7 + 59),
            "2026-11-29 13:07 UTC"
        );
        assert_eq!(date_time(-60), "1969-12-31 23:59 UTC");
    }
}
