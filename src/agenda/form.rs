//! The agenda's forms, kept as typed text so errors can show them back and
//! parsed into validated values: an event ([`EventForm`] → [`EventInput`]),
//! one date of a series ([`OccurrenceForm`]) and a feed to follow
//! ([`FeedForm`]). Recurrence is offered as presets a volunteer understands
//! ("first Thursday of each quarter"), with the raw RFC 5545 rule for
//! anything else.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use sea_orm::{ConnectionTrait, DbErr};

use super::fetch::Reach;
use super::links::web_link;
use super::recurrence::{Occurrence, parse_local_list, validate_rule};
use super::store::{EventInput, OccurrenceChange, themes_of};
use super::subscriptions::{self, NewFeed};
use super::time::{DEFAULT_TZ, parse_date, parse_zone};
use crate::entities::*;
use crate::values::optional_text;
use crate::web::Ctx;
use crate::web::forms::FormErrors;
use crate::web::i18n::arg;

#[derive(Debug, Clone, Default)]
pub struct EventForm {
    pub title: String,
    pub kind: String,
    pub description: String,
    pub all_day: bool,
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub time_zone: String,
    pub repeat: String,
    pub rrule: String,
    pub rdates: String,
    pub exdates: String,
    pub place: String,
    pub commune: String,
    pub region_code: String,
    pub departement_code: String,
    pub online: bool,
    pub themes: String,
    pub url: String,
    pub cfp_deadline: String,
    pub cfp_url: String,
    pub participation: String,
    pub participants: String,
    pub organisers: String,
    pub version: String,
}

/// Recurrence presets offered by the form (value, translation key).
pub const REPEATS: &[(&str, &str)] = &[
    ("", "agenda-repeat-none"),
    ("weekly", "agenda-repeat-weekly"),
    ("monthly", "agenda-repeat-monthly"),
    ("monthly-weekday", "agenda-repeat-monthly-weekday"),
    ("quarterly-weekday", "agenda-repeat-quarterly-weekday"),
    ("yearly", "agenda-repeat-yearly"),
    ("custom", "agenda-repeat-custom"),
];

fn byday(d: NaiveDate) -> String {
    let nth = (d.day() - 1) / 7 + 1;
    let day = match d.weekday() {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    };
    format!("{nth}{day}")
}

/// The rule of a preset for an event starting on `start`.
fn preset_rule(preset: &str, start: NaiveDate) -> Option<String> {
    match preset {
        "weekly" => Some("FREQ=WEEKLY".into()),
        "monthly" => Some("FREQ=MONTHLY".into()),
        "monthly-weekday" => Some(format!("FREQ=MONTHLY;BYDAY={}", byday(start))),
        "quarterly-weekday" => Some(format!("FREQ=MONTHLY;INTERVAL=3;BYDAY={}", byday(start))),
        "yearly" => Some("FREQ=YEARLY".into()),
        _ => None,
    }
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

impl EventForm {
    pub fn blank() -> Self {
        EventForm {
            kind: EventKind::ProfessionalDay.as_str().into(),
            time_zone: DEFAULT_TZ.name().into(),
            participation: Participation::None.as_str().into(),
            ..Default::default()
        }
    }

    pub fn from_model(e: &event::Model, organiser_names: &[String]) -> Self {
        EventForm {
            title: e.title.clone(),
            kind: e.kind.as_str().into(),
            description: text(&e.description),
            all_day: e.all_day,
            start_date: e.start_local.date().to_string(),
            start_time: if e.all_day {
                String::new()
            } else {
                e.start_local.format("%H:%M").to_string()
            },
            end_date: e
                .end_local
                .map(|d| d.date().to_string())
                .unwrap_or_default(),
            end_time: match e.end_local {
                Some(end) if !e.all_day => end.format("%H:%M").to_string(),
                _ => String::new(),
            },
            time_zone: e.time_zone.clone(),
            repeat: if e.rrule.is_some() {
                "custom".into()
            } else {
                String::new()
            },
            rrule: text(&e.rrule),
            rdates: text(&e.rdates),
            exdates: text(&e.exdates),
            place: text(&e.place),
            commune: text(&e.commune),
            region_code: text(&e.region_code),
            departement_code: text(&e.departement_code),
            online: e.online,
            themes: themes_of(e).join(", "),
            url: text(&e.url),
            cfp_deadline: e.cfp_deadline.map(|d| d.to_string()).unwrap_or_default(),
            cfp_url: text(&e.cfp_url),
            participation: e.participation.as_str().into(),
            participants: text(&e.participants),
            organisers: organiser_names.join("; "),
            version: e.version.to_string(),
        }
    }

    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let mut form = EventForm::default();
        for (name, value) in fields {
            let value = value.clone();
            match name.as_str() {
                "title" => form.title = value,
                "kind" => form.kind = value,
                "description" => form.description = value,
                "all_day" => form.all_day = true,
                "start_date" => form.start_date = value,
                "start_time" => form.start_time = value,
                "end_date" => form.end_date = value,
                "end_time" => form.end_time = value,
                "time_zone" => form.time_zone = value,
                "repeat" => form.repeat = value,
                "rrule" => form.rrule = value,
                "rdates" => form.rdates = value,
                "exdates" => form.exdates = value,
                "place" => form.place = value,
                "commune" => form.commune = value,
                "region_code" => form.region_code = value,
                "departement_code" => form.departement_code = value,
                "online" => form.online = true,
                "themes" => form.themes = value,
                "url" => form.url = value,
                "cfp_deadline" => form.cfp_deadline = value,
                "cfp_url" => form.cfp_url = value,
                "participation" => form.participation = value,
                "participants" => form.participants = value,
                "organisers" => form.organisers = value,
                "version" => form.version = value,
                _ => {}
            }
        }
        form
    }

    /// Validates everything at once, so every field shows its message.
    pub async fn parse(
        &self,
        ctx: &Ctx,
        db: &impl ConnectionTrait,
    ) -> Result<Result<EventInput, FormErrors>, DbErr> {
        let mut errors = FormErrors::default();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.add("title", ctx.t("error-required"));
        }
        let kind = self.kind.parse::<EventKind>().unwrap_or_else(|_| {
            errors.add("kind", ctx.t("error-choice-invalid"));
            EventKind::Other
        });
        let participation = self
            .participation
            .parse::<Participation>()
            .unwrap_or_else(|_| {
                errors.add("participation", ctx.t("error-choice-invalid"));
                Participation::None
            });
        let date = |field: &str, value: &str, errors: &mut FormErrors| -> Option<NaiveDate> {
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            let parsed = parse_date(value);
            if parsed.is_none() {
                errors.add(field, ctx.t("error-date-invalid"));
            }
            parsed
        };
        let time = |field: &str, value: &str, errors: &mut FormErrors| -> Option<NaiveTime> {
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            NaiveTime::parse_from_str(value, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
                .map_err(|_| errors.add(field, ctx.t("agenda-error-time")))
                .ok()
        };
        let start_date = date("start_date", &self.start_date, &mut errors);
        if self.start_date.trim().is_empty() {
            errors.add("start_date", ctx.t("error-required"));
        }
        let start_time = time("start_time", &self.start_time, &mut errors);
        let end_date = date("end_date", &self.end_date, &mut errors);
        let end_time = time("end_time", &self.end_time, &mut errors);
        if !self.all_day
            && start_date.is_some()
            && start_time.is_none()
            && errors.get("start_time").is_none()
        {
            errors.add("start_time", ctx.t("agenda-error-time-or-all-day"));
        }
        let zone_name = if self.time_zone.trim().is_empty() {
            DEFAULT_TZ.name().to_owned()
        } else {
            self.time_zone.trim().to_owned()
        };
        let tz = parse_zone(&zone_name).unwrap_or_else(|| {
            errors.add("time_zone", ctx.t("agenda-error-zone"));
            DEFAULT_TZ
        });
        let midnight = NaiveTime::MIN;
        let start_local = start_date.map(|d| {
            d.and_time(if self.all_day {
                midnight
            } else {
                start_time.unwrap_or(midnight)
            })
        });
        let end_local = match (end_date, end_time) {
            (Some(d), t) => Some(d.and_time(if self.all_day {
                midnight
            } else {
                t.unwrap_or(midnight)
            })),
            // An end time alone means the same day.
            (None, Some(t)) if !self.all_day => start_date.map(|d| d.and_time(t)),
            _ => None,
        };
        if let (Some(start), Some(end)) = (start_local, end_local) {
            let too_early = if self.all_day {
                end < start
            } else {
                end <= start
            };
            if too_early {
                errors.add("end_date", ctx.t("agenda-error-end-before-start"));
            }
        }
        let rrule = match (self.repeat.as_str(), start_local) {
            ("custom", _) | ("", _) => optional_text(&self.rrule).map(|r| r.to_uppercase()),
            (preset, Some(start)) => preset_rule(preset, start.date()),
            _ => None,
        };
        if let (Some(rule), Some(start)) = (&rrule, start_local) {
            let zone = if self.all_day { chrono_tz::UTC } else { tz };
            if let Err(reason) = validate_rule(rule, start, zone) {
                errors.add(
                    "rrule",
                    ctx.t_args("agenda-error-rrule", &[arg("reason", reason)]),
                );
            }
        }
        if !REPEATS.iter().any(|(value, _)| *value == self.repeat) {
            errors.add("repeat", ctx.t("error-choice-invalid"));
        }
        // Extra and excluded dates: space-separated local dates or times.
        let [rdates, exdates] =
            [("rdates", &self.rdates), ("exdates", &self.exdates)].map(|(field, text)| {
                let list = optional_text(text);
                if let Some(list) = &list
                    && let Err(bad) = parse_local_list(list)
                {
                    errors.add(
                        field,
                        ctx.t_args("agenda-error-date-in-list", &[arg("value", bad)]),
                    );
                }
                list
            });
        let cfp_deadline = date("cfp_deadline", &self.cfp_deadline, &mut errors);
        let [url, cfp_url] =
            [("url", &self.url), ("cfp_url", &self.cfp_url)].map(|(field, value)| {
                let value = optional_text(value)?;
                let link = web_link(&value).map(str::to_owned);
                if link.is_none() {
                    errors.add(field, ctx.t("directory-url-invalid"));
                }
                link
            });
        let region_code = optional_text(&self.region_code);
        let departement_code = optional_text(&self.departement_code);
        if let Some(code) = &departement_code {
            match crate::geography::departement(db, code).await? {
                None => errors.add("departement_code", ctx.t("error-choice-invalid")),
                Some(d) if region_code.as_ref().is_some_and(|r| *r != d.region_code) => errors.add(
                    "departement_code",
                    ctx.t("directory-departement-outside-region"),
                ),
                Some(_) => {}
            }
        }
        if let Some(code) = &region_code
            && crate::geography::region(db, code).await?.is_none()
        {
            errors.add("region_code", ctx.t("error-choice-invalid"));
        }
        let mut organisers = Vec::new();
        for name in self
            .organisers
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            match crate::directory::store::by_name_or_acronym(db, name).await? {
                Some(o) => organisers.push(o.id),
                None => errors.add("organisers", organiser_not_found(ctx, name)),
            }
        }
        let themes: Vec<String> = self
            .themes
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        let Some(start_local) = start_local.filter(|_| errors.is_empty()) else {
            return Ok(Err(errors));
        };
        Ok(Ok(EventInput {
            title,
            kind,
            description: optional_text(&self.description),
            all_day: self.all_day,
            start_local,
            end_local,
            time_zone: tz.name().to_owned(),
            rrule,
            rdates,
            exdates,
            place: optional_text(&self.place),
            commune: optional_text(&self.commune),
            region_code,
            departement_code,
            online: self.online,
            themes,
            url,
            cfp_deadline,
            cfp_url,
            participation,
            participants: optional_text(&self.participants),
            organisers,
        }))
    }
}

fn organiser_not_found(ctx: &Ctx, name: &str) -> String {
    ctx.t_args("agenda-error-organiser", &[arg("name", name.to_owned())])
}

/// A form's fields by name, trimmed; absent ones are empty.
fn field(fields: &HashMap<String, String>, name: &str) -> String {
    fields
        .get(name)
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

/// One date of a series: moved (day, times), renamed, with a note.
#[derive(Debug, Clone, Default)]
pub struct OccurrenceForm {
    pub start_date: String,
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub note: String,
}

impl OccurrenceForm {
    /// The form showing the date as it is.
    pub fn of(o: &Occurrence) -> Self {
        OccurrenceForm {
            start_date: o.start_local.date().to_string(),
            start_time: o.start_local.format("%H:%M").to_string(),
            end_time: o
                .end_local
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            title: o.title.clone().unwrap_or_default(),
            note: o.note.clone().unwrap_or_default(),
        }
    }

    pub fn from_fields(fields: &HashMap<String, String>) -> Self {
        OccurrenceForm {
            start_date: field(fields, "start_date"),
            start_time: field(fields, "start_time"),
            end_time: field(fields, "end_time"),
            title: field(fields, "title"),
            note: field(fields, "note"),
        }
    }

    /// Cancels the date `o` (with the note, if any).
    pub fn cancellation(&self, o: &Occurrence) -> OccurrenceChange {
        OccurrenceChange {
            recurrence_local: o.recurrence_local,
            cancelled: true,
            start_local: None,
            end_local: None,
            title: None,
            note: optional_text(&self.note),
        }
    }

    /// The date `o` of `e` moved or renamed as typed; times are ignored
    /// for an all-day event. Every field's error at once.
    pub fn parse(
        &self,
        ctx: &Ctx,
        e: &event::Model,
        o: &Occurrence,
    ) -> Result<OccurrenceChange, FormErrors> {
        let mut errors = FormErrors::default();
        let date = parse_date(&self.start_date);
        if date.is_none() {
            errors.add("start_date", ctx.t("error-date-invalid"));
        }
        let time = |name: &str, value: &str, errors: &mut FormErrors| -> Option<NaiveTime> {
            if value.is_empty() || e.all_day {
                return None;
            }
            NaiveTime::parse_from_str(value, "%H:%M")
                .map_err(|_| errors.add(name, ctx.t("agenda-error-time")))
                .ok()
        };
        let start_time = time("start_time", &self.start_time, &mut errors);
        let end_time = time("end_time", &self.end_time, &mut errors);
        let start_local = date.map(|d| d.and_time(start_time.unwrap_or(o.start_local.time())));
        let end_local = match (date, end_time) {
            (Some(d), Some(t)) => Some(d.and_time(t)),
            _ => None,
        };
        if let (Some(s), Some(end)) = (start_local, end_local)
            && end <= s
        {
            errors.add("end_time", ctx.t("agenda-error-end-before-start"));
        }
        let Some(start_local) = start_local.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        Ok(OccurrenceChange {
            recurrence_local: o.recurrence_local,
            cancelled: false,
            start_local: Some(start_local).filter(|s| *s != o.recurrence_local),
            end_local,
            title: optional_text(&self.title),
            note: optional_text(&self.note),
        })
    }
}

/// A feed to follow: a name, its address, and maybe its organiser.
#[derive(Debug, Clone, Default)]
pub struct FeedForm {
    pub name: String,
    pub url: String,
    pub organiser: String,
}

impl FeedForm {
    pub fn from_fields(fields: &HashMap<String, String>) -> Self {
        FeedForm {
            name: field(fields, "name"),
            url: field(fields, "url"),
            organiser: field(fields, "organiser"),
        }
    }

    /// Checks the form; an address is refused at once when it names a
    /// private host that `reach` does not allow.
    pub async fn parse(
        &self,
        ctx: &Ctx,
        db: &impl ConnectionTrait,
        reach: Reach,
    ) -> Result<Result<NewFeed, FormErrors>, DbErr> {
        let mut errors = FormErrors::default();
        if self.name.is_empty() {
            errors.add("name", ctx.t("error-required"));
        }
        if let Err(key) = subscriptions::check_url(&self.url, reach) {
            errors.add("url", ctx.t(key));
        }
        let organiser = if self.organiser.is_empty() {
            None
        } else {
            let found = crate::directory::store::by_name_or_acronym(db, &self.organiser).await?;
            if found.is_none() {
                errors.add("organiser", organiser_not_found(ctx, &self.organiser));
            }
            found.map(|o| o.id)
        };
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        Ok(Ok(NewFeed {
            name: self.name.clone(),
            url: self.url.clone(),
            organiser,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_follow_the_start_date() {
        let first_thursday = NaiveDate::from_ymd_opt(2027, 1, 7).expect("date");
        assert_eq!(
            preset_rule("quarterly-weekday", first_thursday).as_deref(),
            Some("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH")
        );
        let third_tuesday = NaiveDate::from_ymd_opt(2027, 3, 16).expect("date");
        assert_eq!(
            preset_rule("monthly-weekday", third_tuesday).as_deref(),
            Some("FREQ=MONTHLY;BYDAY=3TU")
        );
    }
}
