//! Wall-clock times in a named zone (Europe/Paris by default) and the
//! instants they stand for, correct across daylight-saving changes.

use std::ops::RangeInclusive;

use chrono::{
    DateTime, Datelike, LocalResult, Months, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Paris;

/// The years an agenda date may fall in. Forms and query strings can name
/// any year chrono can (`+262143-12-31`), where adding a window or a span
/// would overflow; four-digit years leave room for every span the agenda
/// adds and are what databases and calendar files expect.
pub const YEARS: RangeInclusive<i32> = 1..=9999;

/// Whether `d` is within [`YEARS`].
pub fn in_years(d: impl Datelike) -> bool {
    YEARS.contains(&d.year())
}

/// An ISO date (`2027-03-15`) within [`YEARS`]: the one reader of the
/// dates forms, query strings and stored lists give.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| in_years(*d))
}

/// `d` moved by `days` (back when negative), staying at chrono's limit
/// rather than overflowing (dates within [`YEARS`] never get there).
pub fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    let moved = match u64::try_from(days) {
        Ok(n) => d.checked_add_days(chrono::Days::new(n)),
        Err(_) => d.checked_sub_days(chrono::Days::new(days.unsigned_abs())),
    };
    moved.unwrap_or(if days < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// The first day of the month after `month`'s (`month`'s own first day
/// at chrono's limit).
pub fn next_month(month: NaiveDate) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    first.checked_add_months(Months::new(1)).unwrap_or(first)
}

/// The first day of the month before `month`'s.
pub fn previous_month(month: NaiveDate) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    first.checked_sub_months(Months::new(1)).unwrap_or(first)
}

/// The instant of a wall-clock time. In the autumn overlap the earlier
/// instant is taken; in the spring gap (02:30 does not exist in Paris on the
/// last Sunday of March) the time is moved forward by the gap, as calendar
/// applications do.
pub fn to_instant(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        LocalResult::None => local
            .checked_add_signed(TimeDelta::hours(1))
            .and_then(|shifted| tz.from_local_datetime(&shifted).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
    }
}

/// Parses an IANA zone name such as "Europe/Paris".
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .expect("valid test date")
    }

    #[test]
    fn paris_offsets_follow_daylight_saving() {
        assert_eq!(
            to_instant(at(2026, 1, 10, 10, 0), DEFAULT_TZ).to_rfc3339(),
            "2026-01-10T09:00:00+00:00"
        );
        assert_eq!(
            to_instant(at(2026, 7, 10, 10, 0), DEFAULT_TZ).to_rfc3339(),
            "2026-07-10T08:00:00+00:00"
        );
    }

    #[test]
    fn gap_and_overlap_times_still_have_an_instant() {
        // 2026-03-29 02:30 does not exist in Paris; it becomes 03:30 CEST.
        assert_eq!(
            to_instant(at(2026, 3, 29, 2, 30), DEFAULT_TZ).to_rfc3339(),
            "2026-03-29T01:30:00+00:00"
        );
        // 2026-10-25 02:30 happens twice; the first (CEST) is taken.
        assert_eq!(
            to_instant(at(2026, 10, 25, 2, 30), DEFAULT_TZ).to_rfc3339(),
            "2026-10-25T00:30:00+00:00"
        );
    }
}
