//! iCalendar in: a file (upload or `relais import events`) or a subscribed
//! feed becomes events, matched by UID so a re-import updates instead of
//! duplicating and keeps what volunteers edited (see
//! [`store::update_from_import`]). The whole file is read and checked before
//! anything is written, then applied in one transaction.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};
use sha2::{Digest, Sha256};

use super::ical::read::{self, Component, ParseError, Property, When, ZoneResolver};
use super::recurrence::validate_rule;
use super::store::{self, EventInput, OccurrenceChange, Origin};
use super::time::DEFAULT_TZ;
use crate::entities::{EventKind, Participation};

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
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<String>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} créé(s), {} mis à jour, {} inchangé(s), {} ignoré(s)",
            self.created,
            self.updated,
            self.unchanged,
            self.skipped.len()
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Invalid(ParseError),
    #[error("base de données : {0}")]
    Database(#[from] DbErr),
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
    for vevent in calendar.children_named("VEVENT") {
        if vevent.get("RECURRENCE-ID").is_some() {
            continue;
        }
        match event_of(vevent, &zones, default_tz)? {
            Some(incoming) => {
                let tz: Tz = incoming.input.time_zone.parse().unwrap_or(DEFAULT_TZ);
                let tz = if incoming.input.all_day {
                    chrono_tz::UTC
                } else {
                    tz
                };
                masters.insert(incoming.uid.clone(), tz);
                parsed.events.push(incoming);
            }
            None => parsed.skipped.push(ParseError {
                line: vevent.line,
                message: "événement sans date de début (DTSTART) : ignoré".into(),
            }),
        }
    }
    for vevent in calendar.children_named("VEVENT") {
        let Some(recurrence_id) = vevent.get("RECURRENCE-ID") else {
            continue;
        };
        let uid = uid_of(vevent);
        let Some(&tz) = masters.get(&uid) else {
            parsed.skipped.push(ParseError {
                line: vevent.line,
                message: "occurrence modifiée d'une série absente du fichier : ignorée".into(),
            });
            continue;
        };
        let original = read::when(recurrence_id, &recurrence_id.value, &zones, tz)?.local_in(tz);
        let start = vevent
            .get("DTSTART")
            .map(|p| read::when(p, &p.value, &zones, tz))
            .transpose()?
            .map(|w| w.local_in(tz));
        let end = vevent
            .get("DTEND")
            .map(|p| read::when(p, &p.value, &zones, tz))
            .transpose()?
            .map(|w| w.local_in(tz));
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

/// `PT1H30M`, `P2D`, `P1W` → duration (sign and seconds included).
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
                total += match (unit, in_time) {
                    ('W', false) => Duration::weeks(n),
                    ('D', false) => Duration::days(n),
                    ('H', true) => Duration::hours(n),
                    ('M', true) => Duration::minutes(n),
                    ('S', true) => Duration::seconds(n),
                    _ => return None,
                };
            }
        }
    }
    number
        .is_empty()
        .then_some(if negative { -total } else { total })
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
            let local = when.local_in(tz);
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
) -> Result<Option<Incoming>, ParseError> {
    let Some(dtstart) = vevent.get("DTSTART") else {
        return Ok(None);
    };
    let start = read::when(dtstart, &dtstart.value, zones, default_tz)?;
    let all_day = matches!(start, When::Date(_));
    // UTC and floating times are shown in the default zone (Europe/Paris).
    let tz = match start {
        When::Zoned(_, tz) => tz,
        _ => default_tz,
    };
    let start_local = start.local_in(tz);
    let end = match (vevent.get("DTEND"), vevent.get("DURATION")) {
        (Some(p), _) => Some(read::when(p, &p.value, zones, tz)?.local_in(tz)),
        (None, Some(p)) => {
            let d = parse_duration(&p.value).ok_or_else(|| ParseError {
                line: p.line,
                message: format!("durée invalide « {} »", p.value),
            })?;
            Some(start_local + d)
        }
        _ => None,
    };
    // DTEND of an all-day event is exclusive; relais keeps the last day.
    let end_local: Option<NaiveDateTime> = match end {
        Some(end) if all_day => Some(end - Duration::days(1)).filter(|e| *e > start_local),
        Some(end) => Some(end).filter(|e| *e > start_local),
        None => None,
    };
    let rrule = match vevent.get("RRULE") {
        Some(p) => {
            let rule = p.value.trim().to_owned();
            let zone = if all_day { chrono_tz::UTC } else { tz };
            validate_rule(&rule, start_local, zone).map_err(|e| ParseError {
                line: p.line,
                message: format!("règle de récurrence invalide « {rule} » : {e}"),
            })?;
            Some(rule)
        }
        None => None,
    };
    let list_tz = if all_day { chrono_tz::UTC } else { tz };
    let themes: Vec<String> = vevent
        .all("CATEGORIES")
        .flat_map(|p| read::split_list(&p.value))
        .collect();
    let title = vevent
        .get("SUMMARY")
        .map(Property::text)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "(sans titre)".into());
    let text = |name: &str| {
        vevent
            .get(name)
            .map(Property::text)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    let kind = guess_kind(&format!("{title} {}", themes.join(" ")));
    let location = text("LOCATION");
    let online = location.as_deref().is_some_and(|l| {
        let l = l.to_lowercase();
        l.contains("en ligne") || l.contains("online") || l.contains("visio")
    });
    Ok(Some(Incoming {
        uid: uid_of(vevent),
        line: vevent.line,
        input: EventInput {
            title,
            kind,
            description: text("DESCRIPTION"),
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
            url: text("URL"),
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
        skipped: parsed.skipped.iter().map(ToString::to_string).collect(),
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
                new_events.push((incoming.input, origin));
            }
        }
    }
    report.created = store::create_many(&txn, new_events, actor).await?.len();
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
        assert!(err.message.contains("FREQ=NEVER"));
    }
}
