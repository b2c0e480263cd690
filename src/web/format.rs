//! Dates and times shown the French way ("24 nov. 2026") or the English way
//! ("24 Nov 2026"); times are always shown in Europe/Paris.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Paris;

use super::i18n::Locale;

const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTH_NAMES_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month and year: "juin 2027", "June 2027".
pub fn month(locale: Locale, d: NaiveDate) -> String {
    let names = match locale {
        Locale::Fr => MONTH_NAMES_FR,
        Locale::En => MONTH_NAMES_EN,
    };
    format!("{} {}", names[d.month0() as usize], d.year())
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn date(locale: Locale, d: NaiveDate) -> String {
    let month = d.month0() as usize;
    match locale {
        Locale::Fr => format!("{} {} {}", d.day(), MONTHS_FR[month], d.year()),
        Locale::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
    }
}

/// An instant as a Paris date and time: "24 nov. 2026 à 14:05".
pub fn date_time(locale: Locale, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Paris);
    let day = date(locale, local.date_naive());
    match locale {
        Locale::Fr => format!("{day} à {:02}:{:02}", local.hour(), local.minute()),
        Locale::En => format!("{day}, {:02}:{:02}", local.hour(), local.minute()),
    }
}

/// The Paris calendar date of an instant: days turn at Paris midnight.
pub fn paris_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_the_french_way() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(date(Locale::Fr, d), "24 nov. 2026");
        assert_eq!(date(Locale::En, d), "24 Nov 2026");
    }

    #[test]
    fn days_turn_at_paris_midnight() {
        let late_utc = Utc.with_ymd_and_hms(2019, 1, 14, 23, 30, 0).unwrap();
        assert_eq!(
            paris_date(late_utc),
            NaiveDate::from_ymd_opt(2019, 1, 15).unwrap()
        );
        let before = Utc.with_ymd_and_hms(2019, 1, 14, 22, 59, 0).unwrap();
        assert_eq!(
            paris_date(before),
            NaiveDate::from_ymd_opt(2019, 1, 14).unwrap()
        );
    }

    #[test]
    fn times_are_shown_in_paris_across_daylight_saving() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 13, 5, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 13, 5, 0).unwrap();
        assert_eq!(date_time(Locale::Fr, winter), "15 janv. 2026 à 14:05");
        assert_eq!(date_time(Locale::Fr, summer), "15 juil. 2026 à 15:05");
    }
}
