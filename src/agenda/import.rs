//! iCalendar in: a file (upload or `relais import events`) or a subscribed
//! feed becomes events, matched by UID so a re-import updates instead of
//! duplicating and keeps what volunteers edited (see
//! [`store::update_from_import`]). The whole file is read and checked before
//! anything is written, then applied in one transaction. A new event that
//! is another year's edition of an event in a lineage joins it
//! ([`store::lineages::join_by_title`]).
//!
//! Files come from anyone: a value that would overflow a date (`DURATION`
//! of a billion days, a year past 9999) is an error naming its line, never
//! a panic; a link that is not `http`/`https` is dropped with a warning; a
//! UID given twice is one event, the last one read.

use std::collections::HashMap;

use chrono::{Days, Duration, NaiveDateTime};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};
use sha2::{Digest, Sha256};

use super::ical::read::{self, Component, ParseError, Property, When, ZoneResolver, preview};
use super::links::web_link;
use super::message::Message;
use super::recurrence::validate_rule;
use super::store::{self, EventInput, ImportedEvent, OccurrenceChange, Origin};
use super::time::{DEFAULT_TZ, YEARS, in_years};
use crate::entities::{EventKind, Participation, Vocabulary};
use crate::values::limits;
use crate::web::Locale;

/// One VEVENT of a file, ready to store.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub uid: String,
    pub input: EventInput,
    pub line: usize,
}

/// A RECURRENCE-ID VEVENT: one changed occurrence of a series.
#[derive(Debug, Clone)]
pub struct IncomingChange {
    pub uid: String,
    pub change: OccurrenceChange,
}

/// What a file holds, once read and checked.
#[derive(Debug, Default)]
pub struct Parsed {
    pub events: Vec<Incoming>,
    pub changes: Vec<IncomingChange>,
    /// VEVENTs left out, with the reason (line, message).
    pub skipped: Vec<ParseError>,
    /// What was read differently from the file (a link dropped, a UID
    /// given twice), with its line.
    pub warnings: Vec<ParseError>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Events left out, each with its line and reason.
    pub skipped: Vec<ParseError>,
    /// Values read differently from the file, each with its line.
    pub warnings: Vec<ParseError>,
}

impl ImportReport {
    /// The reasons events were left out, in `locale`.
    pub fn skipped_in(&self, locale: Locale) -> Vec<String> {
        self.skipped.iter().map(|s| s.render(locale)).collect()
    }

    /// The warnings, in `locale`.
    pub fn warnings_in(&self, locale: Locale) -> Vec<String> {
        self.warnings.iter().map(|w| w.render(locale)).collect()
    }
}

/// The counts, then one indented line per warning, in French (the command
/// line prints the report as is).
impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = Message::new("agenda-import-summary")
            .with("created", self.created)
            .with("updated", self.updated)
            .with("unchanged", self.unchanged)
            .with("skipped", self.skipped.len());
        write!(f, "{counts}")?;
        for warning in &self.warnings {
            write!(f, "\n  {warning}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Invalid(ParseError),
    #[error("{}", database_error(.0))]
    Database(#[from] DbErr),
}

/// A database failure as a message (said in French on the command line
/// and on a feed's status).
pub fn database_error(err: &DbErr) -> Message {
    Message::new("agenda-error-database").with("error", err)
}

/// Reads and checks a whole file; nothing is written.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let calendar = read::parse(text)?;
    let zones = ZoneResolver {
        calendar: &calendar,
    };
    let default_tz = calendar
        .get("X-WR-TIMEZONE")
        .and_then(|p| super::ical::zones::resolve(&p.value))
        .unwrap_or(DEFAULT_TZ);
    let mut parsed = Parsed::default();
    let mut masters: HashMap<String, Tz> = HashMap::new();
    // Where each UID is in `parsed.events`: a UID given twice is one event
    // (one row, a unique key), the last one read.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for vevent in calendar.children_named("VEVENT") {
        if vevent.get("RECURRENCE-ID").is_some() {
            continue;
        }
        match event_of(vevent, &zones, default_tz, &mut parsed.warnings)? {
            Some(incoming) => {
                let tz: Tz = incoming.input.time_zone.parse().unwrap_or(DEFAULT_TZ);
                let tz = if incoming.input.all_day {
                    chrono_tz::UTC
                } else {
                    tz
                };
                masters.insert(incoming.uid.clone(), tz);
                match seen.get(&incoming.uid) {
                    Some(&index) => {
                        parsed.warnings.push(ParseError::new(
                            incoming.line,
                            Message::new("agenda-import-uid-twice")
                                .with("uid", preview(&incoming.uid))
                                .with("first", parsed.events[index].line),
                        ));
                        parsed.events[index] = incoming;
                    }
                    None => {
                        seen.insert(incoming.uid.clone(), parsed.events.len());
                        parsed.events.push(incoming);
                    }
                }
            }
            None => parsed.skipped.push(ParseError::new(
                vevent.line,
                Message::new("agenda-import-no-start"),
            )),
        }
    }
    for vevent in calendar.children_named("VEVENT") {
        let Some(recurrence_id) = vevent.get("RECURRENCE-ID") else {
            continue;
        };
        let uid = uid_of(vevent);
        let Some(&tz) = masters.get(&uid) else {
            parsed.skipped.push(ParseError::new(
                vevent.line,
                Message::new("agenda-import-orphan-change"),
            ));
            continue;
        };
        let original = local_of(recurrence_id, &zones, tz)?;
        let start = vevent
            .get("DTSTART")
            .map(|p| local_of(p, &zones, tz))
            .transpose()?;
        let end = vevent
            .get("DTEND")
            .map(|p| local_of(p, &zones, tz))
            .transpose()?;
        let cancelled = vevent
            .get("STATUS")
            .is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
        parsed.changes.push(IncomingChange {
            uid,
            change: OccurrenceChange {
                recurrence_local: original,
                cancelled,
                start_local: start.filter(|s| *s != original),
                end_local: end,
                title: vevent
                    .get("SUMMARY")
                    .map(Property::text)
                    .filter(|t| !t.trim().is_empty()),
                note: None,
            },
        });
    }
    Ok(parsed)
}

/// The event's UID, or a stable one made from its summary and start when
/// the file gives none (so a re-import still matches).
fn uid_of(vevent: &Component) -> String {
    match vevent.get("UID").map(|p| p.value.trim().to_owned()) {
        Some(uid) if !uid.is_empty() => uid,
        _ => {
            let mut hash = Sha256::new();
            for name in ["SUMMARY", "DTSTART"] {
                hash.update(
                    vevent
                        .get(name)
                        .map(|p| p.value.as_str())
                        .unwrap_or_default(),
                );
                hash.update([0]);
            }
            let digest: String = hash
                .finalize()
                .iter()
                .take(12)
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("sans-uid-{digest}")
        }
    }
}

/// The kind a category names: its value or its label in either language,
/// accents and case aside.
fn kind_named(category: &str) -> Option<EventKind> {
    let wanted = crate::search::text::words(category);
    EventKind::all().iter().copied().find(|kind| {
        std::iter::once(kind.value())
            .chain(Locale::ALL.iter().map(|l| l.t(&kind.label_key())))
            .any(|name| crate::search::text::words(&name) == wanted)
    })
}

/// A kind guessed from the words of the summary and categories.
fn guess_kind(text: &str) -> EventKind {
    let t = deunicode::deunicode(text).to_lowercase();
    let has = |w: &str| t.contains(w);
    if has("congres") || has("congress") || has("colloque") {
        EventKind::Congress
    } else if has("webinaire") || has("webinar") || has("visio") {
        EventKind::Webinar
    } else if has("cryptoparty") || has("crypto party") || has("cafe vie privee") {
        EventKind::Cryptoparty
    } else if has("formation") || has("training") {
        EventKind::TrainingDay
    } else if has("journee") || has("rencontres professionnelles") {
        EventKind::ProfessionalDay
    } else if has("reunion") || has("rencontre") || has("meeting") {
        EventKind::NetworkMeeting
    } else if has("atelier") || has("workshop") {
        EventKind::WorkshopSession
    } else {
        EventKind::Other
    }
}

/// `PT1H30M`, `P2D`, `P1W` → duration (sign and seconds included);
/// `None` when malformed or beyond what a duration can hold.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let text = text.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in text.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let part = match (unit, in_time) {
                    ('W', false) => Duration::try_weeks(n),
                    ('D', false) => Duration::try_days(n),
                    ('H', true) => Duration::try_hours(n),
                    ('M', true) => Duration::try_minutes(n),
                    ('S', true) => Duration::try_seconds(n),
                    _ => None,
                }?;
                total = total.checked_add(&part)?;
            }
        }
    }
    number
        .is_empty()
        .then_some(if negative { -total } else { total })
}

/// The wall-clock time of `when` in `tz`, refused outside the agenda's
/// [`YEARS`] (a year-9999 UTC time is already year 10000 in Paris).
fn local(property: &Property, when: When, tz: Tz) -> Result<NaiveDateTime, ParseError> {
    Some(when.local_in(tz))
        .filter(|t| in_years(*t))
        .ok_or_else(|| out_of_years(property))
}

fn out_of_years(property: &Property) -> ParseError {
    property.error(
        Message::new("agenda-import-out-of-years")
            .with("first", YEARS.start())
            .with("last", YEARS.end())
            .with("property", &property.name),
    )
}

/// A date property's value as a wall-clock time in `tz`.
fn local_of(
    property: &Property,
    zones: &ZoneResolver<'_>,
    tz: Tz,
) -> Result<NaiveDateTime, ParseError> {
    local(
        property,
        read::when(property, &property.value, zones, tz)?,
        tz,
    )
}

fn local_list(
    vevent: &Component,
    name: &str,
    zones: &ZoneResolver<'_>,
    tz: Tz,
    all_day: bool,
) -> Result<Option<String>, ParseError> {
    let mut items = Vec::new();
    for property in vevent.all(name) {
        for when in read::whens(property, zones, tz)? {
            let local = local(property, when, tz)?;
            items.push(if all_day {
                local.date().format("%Y-%m-%d").to_string()
            } else {
                local.format("%Y-%m-%dT%H:%M:%S").to_string()
            });
        }
    }
    Ok((!items.is_empty()).then(|| items.join(" ")))
}

fn event_of(
    vevent: &Component,
    zones: &ZoneResolver<'_>,
    default_tz: Tz,
    warnings: &mut Vec<ParseError>,
) -> Result<Option<Incoming>, ParseError> {
    let Some(dtstart) = vevent.get("DTSTART") else {
        return Ok(None);
    };
    let start = read::when(dtstart, &dtstart.value, zones, default_tz)?;
    let all_day = matches!(start, When::Date(_));
    // UTC and floating times are shown in the calendar's default zone
    // (its X-WR-TIMEZONE, else Europe/Paris).
    let tz = match start {
        When::Zoned(_, tz) => tz,
        _ => default_tz,
    };
    let start_local = local(dtstart, start, tz)?;
    let end = match (vevent.get("DTEND"), vevent.get("DURATION")) {
        (Some(p), _) => Some(local_of(p, zones, tz)?),
        (None, Some(p)) => {
            let d = parse_duration(&p.value).ok_or_else(|| {
                p.error(Message::new("agenda-import-bad-duration").with("value", preview(&p.value)))
            })?;
            let end = start_local
                .checked_add_signed(d)
                .filter(|end| in_years(*end))
                .ok_or_else(|| out_of_years(p))?;
            Some(end)
        }
        _ => None,
    };
    // DTEND of an all-day event is exclusive; relais keeps the last day.
    let end_local: Option<NaiveDateTime> = match end {
        Some(end) if all_day => end
            .checked_sub_days(Days::new(1))
            .filter(|e| *e > start_local),
        Some(end) => Some(end).filter(|e| *e > start_local),
        None => None,
    };
    let rrule = match vevent.get("RRULE") {
        Some(p) => {
            let rule = p.value.trim().to_owned();
            let zone = if all_day { chrono_tz::UTC } else { tz };
            validate_rule(&rule, start_local, zone).map_err(|reason| {
                p.error(
                    Message::new("agenda-import-bad-rule")
                        .with("rule", &rule)
                        .with("reason", reason),
                )
            })?;
            Some(rule)
        }
        None => None,
    };
    let list_tz = if all_day { chrono_tz::UTC } else { tz };
    let mut themes: Vec<String> = vevent
        .all("CATEGORIES")
        .flat_map(|p| read::split_list(&p.value))
        .collect();
    // A category naming a kind (as relais's own feeds write it) is the
    // event's kind, not a theme.
    let named_kind = themes.iter().find_map(|c| kind_named(c));
    themes.retain(|c| kind_named(c).is_none());
    // The forms' limits: a longer value is cut, with a warning naming its line.
    let mut text = |name: &str, max: usize| {
        let property = vevent.get(name)?;
        let value = property.text().trim().to_owned();
        if value.chars().count() > max {
            warnings.push(
                property.error(
                    Message::new("agenda-import-cut")
                        .with("property", name)
                        .with("max", max)
                        .with("length", value.chars().count()),
                ),
            );
            return Some(value.chars().take(max).collect::<String>());
        }
        Some(value).filter(|t| !t.is_empty())
    };
    // Stored, so in French (as every text relais itself writes).
    let title = text("SUMMARY", limits::NAME)
        .unwrap_or_else(|| Message::new("agenda-import-untitled").to_string());
    let description = text("DESCRIPTION", limits::TEXT);
    let kind = named_kind.unwrap_or_else(|| guess_kind(&format!("{title} {}", themes.join(" "))));
    let location = text("LOCATION", limits::LINE);
    let online = location.as_deref().is_some_and(|l| {
        let l = l.to_lowercase();
        l.contains("en ligne") || l.contains("online") || l.contains("visio")
    });
    let url = vevent.get("URL").and_then(|p| {
        let text = p.text();
        let link = web_link(&text).map(str::to_owned);
        if link.is_none() && !text.trim().is_empty() {
            warnings.push(p.error(
                Message::new("agenda-import-link-dropped").with("link", preview(text.trim())),
            ));
        }
        link
    });
    Ok(Some(Incoming {
        uid: uid_of(vevent),
        line: vevent.line,
        input: EventInput {
            title,
            kind,
            description,
            all_day,
            start_local,
            end_local,
            time_zone: tz.name().to_owned(),
            rrule,
            rdates: local_list(vevent, "RDATE", zones, list_tz, all_day)?,
            exdates: local_list(vevent, "EXDATE", zones, list_tz, all_day)?,
            place: location,
            commune: None,
            region_code: None,
            departement_code: None,
            online,
            themes,
            url,
            cfp_deadline: None,
            cfp_url: None,
            participation: Participation::None,
            participants: None,
            organisers: Vec::new(),
        },
    }))
}

/// Applies a checked file in one transaction: all of it or nothing.
pub async fn apply<C>(
    db: &C,
    parsed: Parsed,
    feed_id: Option<i32>,
    organiser: Option<i32>,
    actor: Option<i32>,
) -> Result<ImportReport, ImportError>
where
    C: TransactionTrait + ConnectionTrait,
{
    let txn = db.begin().await?;
    let uids: Vec<String> = parsed.events.iter().map(|e| e.uid.clone()).collect();
    let mut existing = store::by_external_uid(&txn, &uids).await?;
    let mut report = ImportReport {
        skipped: parsed.skipped,
        warnings: parsed.warnings,
        ..Default::default()
    };
    let mut new_events = Vec::new();
    for mut incoming in parsed.events {
        if let Some(organiser) = organiser {
            incoming.input.organisers = vec![organiser];
        }
        match existing.get(&incoming.uid) {
            Some(current) => {
                if store::update_from_import(&txn, current, &incoming.input).await? {
                    report.updated += 1;
                } else {
                    report.unchanged += 1;
                }
            }
            None => {
                let origin = Origin {
                    external_uid: Some(incoming.uid),
                    feed_id,
                };
                new_events.push(ImportedEvent {
                    input: incoming.input,
                    origin,
                });
            }
        }
    }
    let created = store::create_many(&txn, new_events, actor).await?;
    report.created = created.len();
    // Next year's edition of a yearly event joins the lineage of the last.
    store::lineages::join_by_title(&txn, &created, actor).await?;
    if !parsed.changes.is_empty() {
        existing = store::by_external_uid(&txn, &uids).await?;
        for incoming in parsed.changes {
            if let Some(series) = existing.get(&incoming.uid) {
                store::change_occurrence(&txn, series, &incoming.change, actor).await?;
                // The series' version moved: read it again for the next one.
                if let Some(fresh) = store::get(&txn, series.id).await? {
                    existing.insert(incoming.uid.clone(), fresh);
                }
            }
        }
    }
    txn.commit().await?;
    Ok(report)
}

/// Reads, checks and applies a file.
pub async fn import<C>(
    db: &C,
    text: &str,
    feed_id: Option<i32>,
    organiser: Option<i32>,
    actor: Option<i32>,
) -> Result<ImportReport, ImportError>
where
    C: TransactionTrait + ConnectionTrait,
{
    let parsed = parse(text).map_err(ImportError::Invalid)?;
    apply(db, parsed, feed_id, organiser, actor).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_duration("P2DT3H"), Some(Duration::hours(51)));
        assert_eq!(parse_duration("1H"), None);
    }

    #[test]
    fn windows_zone_and_all_day_end() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:Congrès ABF\nDTSTART;VALUE=DATE:20270610\nDTEND;VALUE=DATE:20270613\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nSUMMARY:Réunion\nDTSTART;TZID=W. Europe Standard Time:20270107T093000\nDTEND;TZID=W. Europe Standard Time:20270107T170000\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH\nEND:VEVENT\nEND:VCALENDAR\n";
        let parsed = parse(text).expect("valid");
        let congress = &parsed.events[0].input;
        assert!(congress.all_day);
        assert_eq!(congress.kind, EventKind::Congress);
        assert_eq!(
            congress.end_local.expect("end").date().to_string(),
            "2027-06-12"
        );
        let meeting = &parsed.events[1].input;
        assert_eq!(meeting.time_zone, "Europe/Berlin");
        assert_eq!(meeting.start_local.to_string(), "2027-01-07 09:30:00");
    }

    #[test]
    fn a_bad_rule_names_its_line() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20270107T093000\nRRULE:FREQ=NEVER\nEND:VEVENT\nEND:VCALENDAR\n";
        let err = parse(text).expect_err("invalid rule");
        assert_eq!(err.line, 5);
        assert!(err.to_string().contains("FREQ=NEVER"), "{err}");
    }

    fn calendar(events: &[&str]) -> String {
        let events: String = events
            .iter()
            .map(|e| format!("BEGIN:VEVENT\n{e}\nEND:VEVENT\n"))
            .collect();
        format!("BEGIN:VCALENDAR\n{events}END:VCALENDAR\n")
    }

    #[test]
    fn durations_beyond_any_date_are_errors_not_panics() {
        for absurd in [
            "P999999999999D",
            "P9223372036854775807W",
            "PT9223372036854775807S",
        ] {
            assert_eq!(parse_duration(absurd), None, "{absurd}");
        }
        // Each part fits, their sum does not.
        assert!(parse_duration("P106751991167D").is_some());
        assert_eq!(parse_duration("P106751991167DT86400S"), None);
        for (event, line) in [
            ("UID:a\nDTSTART:20270107T093000\nDURATION:P99999999999D", 5),
            ("UID:a\nDTSTART:99991231T093000\nDURATION:P2D", 5),
            ("UID:a\nDTSTART:99991231T233000Z", 4),
            ("UID:a\nDTSTART:00000101T093000", 4),
            ("UID:a\nDTSTART:20270107T093000\nEXDATE:00000101T093000", 5),
        ] {
            let err = parse(&calendar(&[event])).expect_err(event);
            assert_eq!(err.line, line, "{event}: {err}");
        }
    }

    #[test]
    fn one_uid_twice_is_one_event_the_last_read() {
        let text = calendar(&[
            "UID:same\nSUMMARY:Première\nDTSTART:20270107T093000",
            "UID:same\nSUMMARY:Seconde\nDTSTART:20270108T093000",
            "UID:same\nRECURRENCE-ID:20270108T093000\nSUMMARY:Changée",
        ]);
        let parsed = parse(&text).expect("valid");
        assert_eq!(parsed.events.len(), 1);
        assert_eq!(parsed.events[0].input.title, "Seconde");
        assert_eq!(parsed.changes.len(), 1, "overrides share the UID");
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, 7);
    }

    #[test]
    fn only_web_links_are_kept() {
        let text = calendar(&[
            "UID:a\nDTSTART:20270107T093000\nURL: JavaScript:alert(1)",
            "UID:b\nDTSTART:20270107T093000\nURL:https://example.org/cfp",
        ]);
        let parsed = parse(&text).expect("valid");
        assert_eq!(parsed.events[0].input.url, None);
        assert_eq!(
            parsed.events[1].input.url.as_deref(),
            Some("https://example.org/cfp")
        );
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, 5);
    }

    use proptest::prelude::*;

    /// Lines a calendar file plausibly holds, with values from the sane to
    /// the absurd.
    fn property_line() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec![
            "DTSTART",
            "DTEND",
            "DURATION",
            "RRULE",
            "RDATE",
            "EXDATE",
            "RECURRENCE-ID",
            "UID",
            "SUMMARY",
            "URL",
            "CATEGORIES",
            "STATUS",
            "LOCATION",
        ]);
        let params = prop::sample::select(vec![
            "",
            ";VALUE=DATE",
            ";TZID=Europe/Paris",
            ";TZID=Nowhere",
            ";VALUE=PERIOD",
        ]);
        let value = prop_oneof![
            "[0-9]{8}(T[0-9]{6}Z?)?",
            "(99991231|00000101|20270101)T[0-2][0-9]{5}Z?",
            "[+-]?P([0-9]{1,20}[WD])?(T[0-9]{1,20}[HMS]){0,3}",
            "FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY|SECONDLY);(COUNT|INTERVAL)=[0-9]{1,20}(;UNTIL=[0-9]{8}T[0-9]{6}Z)?",
            "(javascript|https?|data):[ -~]{0,20}",
            "\\PC{0,20}",
        ];
        (name, params, value).prop_map(|(n, p, v)| format!("{n}{p}:{v}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_mix_of_plausible_lines_is_read_or_refused_without_a_panic(
            events in prop::collection::vec(prop::collection::vec(property_line(), 0..8), 1..4)
        ) {
            let events: Vec<String> = events.iter().map(|lines| lines.join("\n")).collect();
            let events: Vec<&str> = events.iter().map(String::as_str).collect();
            if let Ok(parsed) = parse(&calendar(&events)) {
                for incoming in &parsed.events {
                    prop_assert!(crate::agenda::time::in_years(incoming.input.start_local));
                    prop_assert!(incoming.input.url.as_deref().is_none_or(|u| web_link(u).is_some()));
                }
            }
        }
    }
}
