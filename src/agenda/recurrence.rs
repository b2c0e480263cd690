//! Recurrence: an event's RFC 5545 rule (RRULE, RDATE, EXDATE) expanded
//! into occurrences over a window, in the event's own zone so that "09:00
//! every first Thursday" stays 09:00 across daylight-saving changes. All-day
//! events are expanded on plain dates (as UTC midnights) so they never shift
//! by a day. Single occurrences can be moved or cancelled by an override.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{RRule, RRuleSet, Unvalidated};

use super::time::{DEFAULT_TZ, in_years, parse_date, parse_zone, to_instant};
use crate::entities::{event, event_override};
use crate::web::format;
use crate::web::i18n::{Locale, arg};
use fluent_templates::fluent_bundle::FluentValue;

/// Most occurrences one event contributes to one window.
const MAX_PER_WINDOW: u16 = 1000;

/// One occurrence of an event, after overrides.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub event_id: i32,
    /// The wall-clock start the rule gave (identifies the occurrence).
    pub recurrence_local: NaiveDateTime,
    pub start_local: NaiveDateTime,
    pub end_local: Option<NaiveDateTime>,
    pub starts_at: DateTime<Utc>,
    pub title: Option<String>,
    pub note: Option<String>,
    pub cancelled: bool,
    /// Whether this is one of several (the event has a rule or extra dates).
    pub in_series: bool,
}

/// The zone an event's wall-clock times are in (UTC for all-day events,
/// whose times are plain dates).
pub fn zone_of(e: &event::Model) -> Tz {
    if e.all_day {
        chrono_tz::UTC
    } else {
        parse_zone(&e.time_zone).unwrap_or(DEFAULT_TZ)
    }
}

/// Parses a list of wall-clock times as stored in `rdates`/`exdates`:
/// ISO dates or date-times separated by spaces or commas.
pub fn parse_local_list(text: &str) -> Result<Vec<NaiveDateTime>, String> {
    text.split([' ', ',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| parse_local(s).ok_or_else(|| s.to_owned()))
        .collect()
}

/// `2026-06-10T09:00[:00]` or `2026-06-10` (midnight), within [`YEARS`](super::time::YEARS).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
        .filter(|t| in_years(*t))
        .or_else(|| parse_date(s).map(|d| d.and_time(NaiveTime::MIN)))
}

/// Checks a rule against a first start; the message is the crate's own.
pub fn validate_rule(rule: &str, start_local: NaiveDateTime, tz: Tz) -> Result<(), String> {
    let start = localise(start_local, tz);
    rule.trim()
        .parse::<RRule<Unvalidated>>()
        .map_err(|e| e.to_string())?
        .validate(start)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn localise(local: NaiveDateTime, tz: Tz) -> DateTime<rrule::Tz> {
    to_instant(local, tz).with_timezone(&rrule::Tz::Tz(tz))
}

fn has_series(e: &event::Model) -> bool {
    e.rrule.as_deref().is_some_and(|r| !r.trim().is_empty())
        || e.rdates.as_deref().is_some_and(|r| !r.trim().is_empty())
}

/// How long each occurrence lasts (an all-day event without an end is one
/// day; `end_local` of an all-day event is its last day, inclusive).
pub fn duration_of(e: &event::Model) -> Duration {
    match e.end_local {
        Some(end) if e.all_day => end - e.start_local + Duration::days(1),
        Some(end) => (end - e.start_local).max(Duration::zero()),
        None if e.all_day => Duration::days(1),
        None => Duration::zero(),
    }
}

/// The rule's starts (wall-clock, in the event's zone) overlapping
/// `[from, to)`, before overrides.
fn rule_starts(e: &event::Model, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDateTime> {
    let tz = zone_of(e);
    if !has_series(e) {
        return vec![e.start_local];
    }
    let dt_start = localise(e.start_local, tz);
    let rule = e
        .rrule
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(|r| r.trim().parse::<RRule<Unvalidated>>().ok())
        .and_then(|r| r.validate(dt_start).ok());
    let mut set = RRuleSet::new(dt_start);
    match rule {
        Some(rule) => set = set.rrule(rule),
        // Extra dates without a rule: the first start still counts.
        None => set = set.rdate(dt_start),
    }
    for rdate in parse_local_list(e.rdates.as_deref().unwrap_or_default()).unwrap_or_default() {
        set = set.rdate(localise(rdate, tz));
    }
    for exdate in parse_local_list(e.exdates.as_deref().unwrap_or_default()).unwrap_or_default() {
        set = set.exdate(localise(exdate, tz));
    }
    let span = duration_of(e);
    let rrule_tz = rrule::Tz::Tz(tz);
    // Occurrences that started before `from` but still run are in.
    let after = from
        .checked_sub_signed(span + Duration::seconds(1))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
        .with_timezone(&rrule_tz);
    let before = to.with_timezone(&rrule_tz);
    set.after(after)
        .before(before)
        .all(MAX_PER_WINDOW)
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&tz).naive_local())
        .collect()
}

/// Occurrences of `e` overlapping `[from, to)`, with overrides applied;
/// cancelled ones are kept (marked) so callers can show or drop them.
pub fn expand(
    e: &event::Model,
    overrides: &[event_override::Model],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Occurrence> {
    let tz = zone_of(e);
    let span = duration_of(e);
    let by_start: HashMap<NaiveDateTime, &event_override::Model> =
        overrides.iter().map(|o| (o.recurrence_local, o)).collect();
    let in_series = has_series(e);
    rule_starts(e, from, to)
        .into_iter()
        .filter_map(|original| {
            let changed = by_start.get(&original);
            let start_local = changed.and_then(|o| o.start_local).unwrap_or(original);
            // Past chrono's range only with absurd stored dates: left out.
            let exclusive_end = start_local.checked_add_signed(span)?;
            let end_local = match changed.and_then(|o| o.end_local) {
                Some(end) => Some(end),
                None => e
                    .end_local
                    .and_then(|_| exclusive_end.checked_sub_signed(all_day_tail(e))),
            };
            let starts_at = to_instant(start_local, tz);
            let ends_at = to_instant(exclusive_end, tz);
            let overlaps =
                starts_at < to && (ends_at > from || (span.is_zero() && starts_at >= from));
            overlaps.then(|| Occurrence {
                event_id: e.id,
                recurrence_local: original,
                start_local,
                end_local,
                starts_at,
                title: changed.and_then(|o| o.title.clone()),
                note: changed.and_then(|o| o.note.clone()),
                cancelled: changed.is_some_and(|o| o.cancelled),
                in_series,
            })
        })
        .collect()
}

/// All-day ends are inclusive days: the stored end is one day before the
/// exclusive end the duration points at.
fn all_day_tail(e: &event::Model) -> Duration {
    if e.all_day {
        Duration::days(1)
    } else {
        Duration::zero()
    }
}

/// The wall-clock start of the first occurrence at or after `at`, if any.
pub fn next_start(
    e: &event::Model,
    overrides: &[event_override::Model],
    at: DateTime<Utc>,
) -> Option<Occurrence> {
    // A year ahead covers yearly rules; longer gaps are not "upcoming".
    let horizon = at
        .checked_add_signed(Duration::days(400))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    expand(e, overrides, at, horizon)
        .into_iter()
        .find(|o| !o.cancelled)
}

/// A day either side of `at`: the window that holds the occurrence
/// starting then.
pub fn day_around(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = Duration::days(1);
    (
        at.checked_sub_signed(day).unwrap_or(at),
        at.checked_add_signed(day).unwrap_or(at),
    )
}

/// Midnight UTC of a date: the window bound for "from this day on".
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// A recurrence rule in words, for people: "FREQ=MONTHLY;BYDAY=1TH;COUNT=3"
/// reads « le 1er jeudi de chaque mois, 3 fois ». What the words do not
/// cover (BYMONTH, BYSETPOS, hours…) reads as a generic « se répète
/// (règle : …) » rather than as a wrong sentence.
pub fn describe(rule: &str, locale: Locale) -> String {
    describe_known(rule, locale).unwrap_or_else(|| {
        locale.t_args("agenda-rrule-other", &[arg("rule", rule.trim().to_owned())])
    })
}

/// One BYDAY entry: an ordinal (1 to 5, or -1 for the last) and a weekday.
type ByDay = (Option<i32>, &'static str);

fn describe_known(rule: &str, locale: Locale) -> Option<String> {
    let (mut freq, mut interval, mut by_day, mut by_month_day) = (None, 1_i64, None, None);
    let (mut count, mut until) = (None, None);
    for part in rule.trim().trim_start_matches("RRULE:").split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = part.split_once('=')?;
        let value = value.trim().to_ascii_uppercase();
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value),
            "INTERVAL" => interval = value.parse().ok().filter(|n| *n >= 1)?,
            "BYDAY" => {
                by_day = Some(
                    value
                        .split(',')
                        .map(parse_by_day)
                        .collect::<Option<Vec<ByDay>>>()?,
                )
            }
            "BYMONTHDAY" => {
                by_month_day = Some(
                    value
                        .split(',')
                        .map(|d| {
                            d.trim()
                                .parse::<i32>()
                                .ok()
                                .filter(|d| (1..=31).contains(d) || *d == -1)
                        })
                        .collect::<Option<Vec<i32>>>()?,
                )
            }
            "COUNT" => count = Some(value.parse::<i64>().ok().filter(|n| *n >= 1)?),
            "UNTIL" => until = Some(until_date(&value)?),
            "WKST" => {}
            _ => return None,
        }
    }
    let number = |n: i64| FluentValue::from(n);
    let with_interval = |key: &str| locale.t_args(key, &[("interval", number(interval))]);
    let main = match (freq?.as_str(), by_day, by_month_day) {
        ("DAILY", None, None) => with_interval("agenda-rrule-daily"),
        ("WEEKLY", None, None) => with_interval("agenda-rrule-weekly"),
        ("MONTHLY", None, None) => with_interval("agenda-rrule-monthly"),
        ("YEARLY", None, None) => with_interval("agenda-rrule-yearly"),
        ("WEEKLY", Some(days), None) if days.iter().all(|(n, _)| n.is_none()) => {
            let names: Vec<String> = days.iter().map(|(_, d)| locale.t(d)).collect();
            locale.t_args(
                "agenda-rrule-weekly-on",
                &[
                    ("interval", number(interval)),
                    arg("days", and_list(locale, names)),
                ],
            )
        }
        ("MONTHLY", Some(days), None) => {
            let days = days.iter().map(|(n, day)| {
                let day = locale.t(day);
                match n {
                    None => locale.t_args("agenda-rrule-every-weekday", &[arg("day", day)]),
                    Some(-1) => locale.t_args("agenda-rrule-last-weekday", &[arg("day", day)]),
                    Some(n) => {
                        let nth =
                            locale.t_args("agenda-rrule-nth", &[("n", number(i64::from(*n)))]);
                        locale.t_args(
                            "agenda-rrule-nth-weekday",
                            &[arg("nth", nth), arg("day", day)],
                        )
                    }
                }
            });
            locale.t_args(
                "agenda-rrule-monthly-on",
                &[
                    ("interval", number(interval)),
                    arg("days", and_list(locale, days.collect())),
                ],
            )
        }
        ("MONTHLY", None, Some(month_days)) => {
            let days = month_days.iter().map(|n| match n {
                -1 => locale.t("agenda-rrule-last-month-day"),
                n => locale.t_args("agenda-rrule-month-day", &[("n", number(i64::from(*n)))]),
            });
            locale.t_args(
                "agenda-rrule-monthly-on",
                &[
                    ("interval", number(interval)),
                    arg("days", and_list(locale, days.collect())),
                ],
            )
        }
        _ => return None,
    };
    let mut parts = vec![main];
    if let Some(count) = count {
        parts.push(locale.t_args("agenda-rrule-count", &[("count", number(count))]));
    }
    if let Some(until) = until {
        parts.push(locale.t_args(
            "agenda-rrule-until",
            &[arg("date", format::date(locale, until))],
        ));
    }
    Some(parts.join(", "))
}

/// UNTIL's day: a date, a floating date-time, or a UTC one seen from Paris.
fn until_date(value: &str) -> Option<NaiveDate> {
    if let Ok(at) = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ") {
        return Some(
            Utc.from_utc_datetime(&at)
                .with_timezone(&DEFAULT_TZ)
                .date_naive(),
        );
    }
    NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()
}

/// `1TH`, `-1FR`, `MO`: the ordinal (1 to 5, or the last) and the key of
/// the weekday's name.
fn parse_by_day(text: &str) -> Option<ByDay> {
    let text = text.trim();
    let split = text.len().checked_sub(2)?;
    let (ordinal, day) = (text.get(..split)?, text.get(split..)?);
    let day = match day {
        "MO" => "agenda-weekday-mo",
        "TU" => "agenda-weekday-tu",
        "WE" => "agenda-weekday-we",
        "TH" => "agenda-weekday-th",
        "FR" => "agenda-weekday-fr",
        "SA" => "agenda-weekday-sa",
        "SU" => "agenda-weekday-su",
        _ => return None,
    };
    let ordinal = match ordinal.trim_start_matches('+') {
        "" => None,
        n => Some(
            n.parse::<i32>()
                .ok()
                .filter(|n| (1..=5).contains(n) || *n == -1)?,
        ),
    };
    Some((ordinal, day))
}

/// "a, b et c": commas, and the language's "and" before the last.
fn and_list(locale: Locale, mut items: Vec<String>) -> String {
    match items.pop() {
        None => String::new(),
        Some(last) if items.is_empty() => last,
        Some(last) => locale.t_args(
            "agenda-rrule-and",
            &[arg("first", items.join(", ")), arg("last", last)],
        ),
    }
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    fn both(rule: &str) -> (String, String) {
        (describe(rule, Locale::Fr), describe(rule, Locale::En))
    }

    #[test]
    fn the_first_thursday_three_times_reads_as_a_sentence() {
        let (fr, en) = both("FREQ=MONTHLY;BYDAY=1TH;COUNT=3");
        assert_eq!(fr, "le 1er jeudi de chaque mois, 3 fois");
        assert_eq!(en, "the 1st Thursday of every month, 3 times");
    }

    #[test]
    fn frequencies_and_intervals_read_in_words() {
        assert_eq!(
            both("FREQ=DAILY"),
            ("chaque jour".into(), "every day".into())
        );
        assert_eq!(
            both("FREQ=WEEKLY;INTERVAL=2"),
            ("toutes les 2 semaines".into(), "every 2 weeks".into())
        );
        assert_eq!(
            both("FREQ=MONTHLY;INTERVAL=3"),
            ("tous les 3 mois".into(), "every 3 months".into())
        );
        assert_eq!(
            both("FREQ=YEARLY"),
            ("chaque année".into(), "every year".into())
        );
    }

    #[test]
    fn several_weekdays_with_and_without_ordinals_are_named() {
        assert_eq!(
            both("FREQ=WEEKLY;BYDAY=MO,WE,TH"),
            (
                "chaque lundi, mercredi et jeudi".into(),
                "every Monday, Wednesday and Thursday".into()
            )
        );
        assert_eq!(
            both("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
            (
                "toutes les 2 semaines, le mardi".into(),
                "every 2 weeks on Tuesday".into()
            )
        );
        assert_eq!(
            both("FREQ=MONTHLY;BYDAY=2TU,-1FR"),
            (
                "le 2e mardi et le dernier vendredi de chaque mois".into(),
                "the 2nd Tuesday and the last Friday of every month".into()
            )
        );
        assert_eq!(
            describe("FREQ=MONTHLY;BYDAY=SA", Locale::Fr),
            "tous les samedis de chaque mois"
        );
        assert_eq!(
            describe("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH", Locale::Fr),
            "le 1er jeudi, tous les 3 mois"
        );
    }

    #[test]
    fn month_days_count_and_until_are_read() {
        assert_eq!(
            both("FREQ=MONTHLY;BYMONTHDAY=1,15"),
            (
                "le 1er et le 15 de chaque mois".into(),
                "the 1st and the 15th of every month".into()
            )
        );
        assert_eq!(
            // A UTC end is read as the Paris day it falls on.
            both("FREQ=WEEKLY;UNTIL=20270630T220000Z"),
            (
                "chaque semaine, jusqu'au 1 juil. 2027".into(),
                "every week, until 1 Jul 2027".into()
            )
        );
        assert_eq!(
            both("FREQ=DAILY;COUNT=1"),
            ("chaque jour, une fois".into(), "every day, once".into())
        );
    }

    #[test]
    fn what_the_words_do_not_cover_reads_as_the_rule_itself() {
        assert_eq!(
            both("FREQ=YEARLY;BYMONTH=6"),
            (
                "se répète (règle : FREQ=YEARLY;BYMONTH=6)".into(),
                "repeats (rule: FREQ=YEARLY;BYMONTH=6)".into()
            )
        );
        assert!(describe("FREQ=MONTHLY;BYDAY=7TH", Locale::Fr).starts_with("se répète"));
        assert!(describe("n'importe quoi", Locale::En).starts_with("repeats"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{EventKind, Participation};

    fn event(start: &str, all_day: bool, rrule: Option<&str>) -> event::Model {
        let start_local = parse_local(start).expect("test start");
        event::Model {
            id: 1,
            title: "Rencontre".into(),
            kind: EventKind::NetworkMeeting,
            description: None,
            all_day,
            start_local,
            end_local: None,
            time_zone: "Europe/Paris".into(),
            starts_at: to_instant(start_local, DEFAULT_TZ),
            ends_at: None,
            rrule: rrule.map(Into::into),
            rdates: None,
            exdates: None,
            place: None,
            commune: None,
            region_code: None,
            departement_code: None,
            online: false,
            themes: None,
            url: None,
            cfp_deadline: None,
            cfp_url: None,
            participation: Participation::None,
            participants: None,
            external_uid: None,
            feed_id: None,
            edited_fields: None,
            seed_key: None,
            lineage_id: None,
            created_at: crate::clock::now(),
            updated_at: crate::clock::now(),
            version: 1,
        }
    }

    fn window(from: &str, to: &str) -> (DateTime<Utc>, DateTime<Utc>) {
        let d = |s: &str| day_start(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"));
        (d(from), d(to))
    }

    #[test]
    fn first_thursday_of_each_quarter_keeps_its_wall_clock_time() {
        let e = event(
            "2027-01-07T09:30",
            false,
            Some("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH"),
        );
        let (from, to) = window("2027-01-01", "2028-01-01");
        let starts: Vec<String> = expand(&e, &[], from, to)
            .iter()
            .map(|o| o.start_local.to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "2027-01-07 09:30:00",
                "2027-04-01 09:30:00",
                "2027-07-01 09:30:00",
                "2027-10-07 09:30:00"
            ]
        );
        // January is UTC+1, April to October UTC+2 (summer time ends on
        // the last Sunday of October): the instants differ, the time does not.
        let instants: Vec<String> = expand(&e, &[], from, to)
            .iter()
            .map(|o| o.starts_at.format("%H:%M").to_string())
            .collect();
        assert_eq!(instants, ["08:30", "07:30", "07:30", "07:30"]);
    }

    #[test]
    fn all_day_yearly_events_stay_on_their_date() {
        let mut e = event("2027-06-10", true, Some("FREQ=YEARLY;BYMONTH=6"));
        e.end_local = parse_local("2027-06-12");
        let (from, to) = window("2027-01-01", "2030-01-01");
        let occurrences = expand(&e, &[], from, to);
        let days: Vec<String> = occurrences
            .iter()
            .map(|o| {
                format!(
                    "{}..{}",
                    o.start_local.date(),
                    o.end_local.expect("end").date()
                )
            })
            .collect();
        assert_eq!(
            days,
            [
                "2027-06-10..2027-06-12",
                "2028-06-10..2028-06-12",
                "2029-06-10..2029-06-12"
            ]
        );
    }

    #[test]
    fn exdates_rdates_and_overrides_shape_the_series() {
        let mut e = event("2027-03-01T10:00", false, Some("FREQ=WEEKLY;COUNT=4"));
        e.exdates = Some("2027-03-08T10:00:00".into());
        e.rdates = Some("2027-03-10T14:00:00".into());
        let moved = event_override::Model {
            id: 1,
            event_id: 1,
            recurrence_local: parse_local("2027-03-15T10:00").expect("date"),
            cancelled: false,
            start_local: parse_local("2027-03-16T11:00"),
            end_local: None,
            title: Some("Déplacée".into()),
            note: None,
            created_at: crate::clock::now(),
            updated_at: crate::clock::now(),
            version: 1,
        };
        let cancelled = event_override::Model {
            recurrence_local: parse_local("2027-03-22T10:00").expect("date"),
            cancelled: true,
            start_local: None,
            title: None,
            ..moved.clone()
        };
        let (from, to) = window("2027-01-01", "2028-01-01");
        let summary: Vec<String> = expand(&e, &[moved, cancelled], from, to)
            .iter()
            .map(|o| format!("{} {}", o.start_local, if o.cancelled { "x" } else { "" }))
            .collect();
        assert_eq!(
            summary,
            [
                "2027-03-01 10:00:00 ",
                "2027-03-10 14:00:00 ",
                "2027-03-16 11:00:00 ",
                "2027-03-22 10:00:00 x"
            ]
        );
    }

    #[test]
    fn a_single_event_appears_once_when_in_the_window() {
        let e = event("2027-05-05T09:00", false, None);
        let (from, to) = window("2027-05-01", "2027-06-01");
        assert_eq!(expand(&e, &[], from, to).len(), 1);
        let (from, to) = window("2027-06-01", "2027-07-01");
        assert!(expand(&e, &[], from, to).is_empty());
    }

    #[test]
    fn huge_counts_and_intervals_expand_without_a_panic() {
        let (from, to) = window("2027-01-01", "2030-01-01");
        for (start, rule) in [
            ("2027-01-01T10:00", "FREQ=SECONDLY;COUNT=4294967295"),
            ("2027-01-01T10:00", "FREQ=YEARLY;INTERVAL=65535"),
            (
                "2027-01-01T10:00",
                "FREQ=MINUTELY;INTERVAL=65535;COUNT=4294967295",
            ),
            ("9999-12-31T23:00", "FREQ=HOURLY;INTERVAL=65535"),
            ("0001-01-01T00:00", "FREQ=DAILY;INTERVAL=65535"),
        ] {
            let mut e = event(start, false, Some(rule));
            e.end_local = parse_local("9999-12-31T23:59");
            let found = expand(&e, &[], from, to);
            assert!(found.len() <= usize::from(MAX_PER_WINDOW), "{rule}");
        }
    }

    #[test]
    fn invalid_rules_are_reported() {
        let start = parse_local("2027-01-01T10:00").expect("date");
        assert!(validate_rule("FREQ=WEEKLY", start, DEFAULT_TZ).is_ok());
        assert!(validate_rule("FREQ=SOMETIMES", start, DEFAULT_TZ).is_err());
        assert!(validate_rule("BYDAY=MO", start, DEFAULT_TZ).is_err());
    }
}
