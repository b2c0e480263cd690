//! Lineages of yearly events: which title names the same event from one
//! year to the next, and when its next edition will probably be held.
//! Pure functions of dates and titles; the store reads the editions.
//!
//! The rule for the probable date, shown as "date probable" (never as a
//! confirmed date):
//! - when the last two editions fell on the same day of the same month
//!   (15 March, then 15 March), the next one is expected on that day;
//! - otherwise it keeps the last edition's weekday and its rank in the
//!   month: held on the second Thursday of June, the next one is expected
//!   on the second Thursday of June. A fifth weekday (the last of its
//!   month) stays the last one, since not every month has five.
//!
//! The expected edition is the first one on or after today: an event whose
//! last edition is several years old is expected this year or next, not in
//! the past.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// How a yearly event falls in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The same day of the same month every year.
    FixedDay { month: u32, day: u32 },
    /// The `rank`-th `weekday` of `month` (1 to 4), or its last one (`None`).
    Weekday {
        month: u32,
        weekday: Weekday,
        rank: Option<u8>,
    },
}

impl Pattern {
    /// The pattern of the editions held on these days (any order); `None`
    /// without any.
    pub fn of(editions: &[NaiveDate]) -> Option<Pattern> {
        let mut days: Vec<NaiveDate> = editions.to_vec();
        days.sort_unstable();
        days.dedup();
        let last = *days.last()?;
        let fixed = days.len() >= 2 && {
            let before = days[days.len() - 2];
            before.year() != last.year()
                && before.month() == last.month()
                && before.day() == last.day()
        };
        Some(if fixed {
            Pattern::FixedDay {
                month: last.month(),
                day: last.day(),
            }
        } else {
            let rank = (last.day() - 1) / 7 + 1;
            Pattern::Weekday {
                month: last.month(),
                weekday: last.weekday(),
                rank: (rank <= 4).then_some(rank as u8),
            }
        })
    }

    /// The day the pattern gives in `year` (29 February becomes the 28th
    /// in other years).
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            Pattern::FixedDay { month, day } => NaiveDate::from_ymd_opt(year, month, day)
                .or_else(|| NaiveDate::from_ymd_opt(year, month, day - 1)),
            Pattern::Weekday {
                month,
                weekday,
                rank: Some(rank),
            } => NaiveDate::from_weekday_of_month_opt(year, month, weekday, rank),
            Pattern::Weekday {
                month,
                weekday,
                rank: None,
            } => {
                let next_month = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                }?;
                let last_day = next_month.pred_opt()?;
                let back = (7 + last_day.weekday().num_days_from_monday()
                    - weekday.num_days_from_monday())
                    % 7;
                last_day.checked_sub_signed(Duration::days(i64::from(back)))
            }
        }
    }
}

/// The probable next edition of a yearly event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probable {
    pub date: NaiveDate,
    pub pattern: Pattern,
}

/// The probable date of the edition after these ones, on or after
/// `today`; `None` without editions, or when the last edition is still to
/// come (the next one is then known).
pub fn probable_next(editions: &[NaiveDate], today: NaiveDate) -> Option<Probable> {
    let last = *editions.iter().max()?;
    if last >= today {
        return None;
    }
    let pattern = Pattern::of(editions)?;
    // A few years at most: the loop ends at the first date not in the past.
    (last.year() + 1..=today.year() + 1)
        .filter_map(|year| pattern.in_year(year))
        .find(|d| *d >= today)
        .map(|date| Probable { date, pattern })
}

/// The probable closing of the next call for proposals: as many days
/// before the probable edition as the last known call closed before its
/// own edition.
pub fn probable_call(edition: NaiveDate, call: NaiveDate, next: NaiveDate) -> Option<NaiveDate> {
    next.checked_sub_signed(edition.signed_duration_since(call))
}

/// Words that say which edition, not which event.
const EDITION_WORDS: &[&str] = &["edition", "ed"];
/// Articles and prepositions that come and go between editions ("Congrès
/// ABF", "Congrès de l'ABF").
const SMALL_WORDS: &[&str] = &[
    "de", "du", "des", "d", "la", "le", "les", "l", "the", "of", "a", "au", "aux",
];

/// The title of an event without what changes from one edition to the
/// next — years and ordinal edition numbers ("2027", "12e", "1st"), the
/// word "édition", articles — accents and case folded. Two editions of
/// the same event give the same key; it is conservative: any other word
/// that differs keeps them apart.
pub fn title_key(title: &str) -> String {
    let folded = deunicode::deunicode(title).to_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !is_year_or_ordinal(w))
        .filter(|w| !EDITION_WORDS.contains(w) && !SMALL_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A year ("2027") or an ordinal ("12e", "1er", "1re", "2eme", "2nde",
/// "3rd", "4th", "1st"). Other numbers stay: "Numérique 35" and
/// "Numérique 22" are two départements' events.
fn is_year_or_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    match &word[digits..] {
        _ if digits == 0 => false,
        "" => digits == 4,
        suffix => matches!(
            suffix,
            "e" | "er" | "re" | "eme" | "em" | "nd" | "nde" | "rd" | "th" | "st"
        ),
    }
}

/// A lineage's name from an edition's title: the title without its year
/// or ordinal edition number, spaces squeezed (the title itself when nothing is
/// left).
pub fn lineage_name(title: &str) -> String {
    let kept: Vec<&str> = title
        .split_whitespace()
        .filter(|w| {
            let bare = deunicode::deunicode(w).to_lowercase();
            let bare: String = bare.chars().filter(char::is_ascii_alphanumeric).collect();
            !is_year_or_ordinal(&bare)
        })
        .collect();
    let name = kept.join(" ");
    let name = name.trim_matches(|c: char| c == '-' || c == '–' || c == ',' || c.is_whitespace());
    if name.is_empty() {
        title.trim().to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn an_event_held_on_the_second_thursday_of_june_is_expected_on_the_second_thursday_next_june() {
        // 12 June 2025 and 11 June 2026: both the second Thursday of June.
        let editions = [day(2025, 6, 12), day(2026, 6, 11)];
        let next = probable_next(&editions, day(2026, 11, 1)).expect("a probable date");
        assert_eq!(next.date, day(2027, 6, 10));
        assert_eq!(next.date.weekday(), Weekday::Thu);
        assert_eq!(
            next.pattern,
            Pattern::Weekday {
                month: 6,
                weekday: Weekday::Thu,
                rank: Some(2)
            }
        );
    }

    #[test]
    fn the_same_day_of_the_month_twice_is_kept_as_a_fixed_date() {
        // Friday 15 March 2024, then Saturday 15 March 2025.
        let editions = [day(2024, 3, 15), day(2025, 3, 15)];
        let next = probable_next(&editions, day(2025, 6, 1)).expect("a probable date");
        assert_eq!(next.date, day(2026, 3, 15));
        assert_eq!(next.pattern, Pattern::FixedDay { month: 3, day: 15 });
        // One edition alone says nothing of a fixed date: its weekday rules.
        let next = probable_next(&editions[1..], day(2025, 6, 1)).expect("a probable date");
        assert_eq!(next.date, day(2026, 3, 21), "the third Saturday of March");
    }

    #[test]
    fn a_fifth_weekday_stays_the_last_of_its_month() {
        // Thursday 29 May 2025 is the fifth, and last, Thursday of May.
        let next = probable_next(&[day(2025, 5, 29)], day(2025, 9, 1)).expect("a date");
        assert_eq!(next.date, day(2026, 5, 28), "the last Thursday of May 2026");
        let december = Pattern::Weekday {
            month: 12,
            weekday: Weekday::Mon,
            rank: None,
        };
        assert_eq!(december.in_year(2026), Some(day(2026, 12, 28)));
    }

    #[test]
    fn the_expected_edition_is_never_in_the_past_nor_guessed_when_the_next_is_known() {
        let editions = [day(2022, 6, 9)];
        let next = probable_next(&editions, day(2026, 7, 1)).expect("a date");
        assert_eq!(next.date, day(2027, 6, 10), "June 2026 is over: June 2027");
        assert_eq!(probable_next(&editions, day(2022, 6, 1)), None);
        assert_eq!(probable_next(&[], day(2022, 6, 1)), None);
        let leap = Pattern::FixedDay { month: 2, day: 29 };
        assert_eq!(leap.in_year(2027), Some(day(2027, 2, 28)));
    }

    #[test]
    fn the_call_closes_as_long_before_the_edition_as_last_time() {
        assert_eq!(
            probable_call(day(2026, 6, 11), day(2026, 1, 31), day(2027, 6, 10)),
            Some(day(2027, 1, 30))
        );
    }

    #[test]
    fn titles_of_two_editions_share_a_key_once_years_and_ordinals_are_gone() {
        assert_eq!(
            title_key("Congrès ABF 2026"),
            title_key("Congrès de l'ABF 2027")
        );
        assert_eq!(
            title_key("72e congrès de l'ABF"),
            title_key("73e Congrès ABF")
        );
        assert_eq!(
            title_key("Journée professionnelle du réseau — édition 2026"),
            title_key("Journee professionnelle du reseau 2027")
        );
        assert_eq!(title_key("1er forum"), title_key("2nd Forum"));
        // Conservative: another word is another event.
        assert_ne!(
            title_key("Congrès ABF 2026"),
            title_key("Congrès ADBDP 2027")
        );
        assert_ne!(
            title_key("Journée professionnelle Bretagne 2026"),
            title_key("Journée professionnelle Normandie 2026")
        );
        // Digits inside a word are part of the name.
        assert_ne!(title_key("Numérique 35"), title_key("Numérique 22"));
    }

    #[test]
    fn a_lineage_is_named_after_its_edition_without_the_year() {
        assert_eq!(lineage_name("Congrès ABF 2026"), "Congrès ABF");
        assert_eq!(lineage_name("72e congrès de l'ABF"), "congrès de l'ABF");
        assert_eq!(lineage_name("2026"), "2026");
    }
}
