//! Agenda pages, one module a sub-feature (as the routes): [`agenda`] (the
//! upcoming list and month view), [`events`] (an event, its form, its
//! deletion), [`occurrences`] (one date of a series), [`calls`] (calls for
//! proposals), [`import`] (a file uploaded), [`feeds`] (followed feeds and
//! the personal feed address), [`lineage`] (an event's editions, and the
//! editions expected). Views never query the database.

pub mod agenda;
pub mod calls;
pub mod events;
pub mod feeds;
pub mod import;
pub mod lineage;
pub mod occurrences;

use chrono::NaiveDate;

use super::recurrence::Occurrence;
use super::store::AgendaFilter;
use crate::entities::*;
use crate::geography::Geography;
use crate::web::components::{vocabulary_options, with_all};
use crate::web::layout::url_encode;
use crate::web::{Ctx, format};

/// Which way the agenda is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaView {
    List,
    Month(NaiveDate),
    /// The week starting on this Monday.
    Week(NaiveDate),
}

fn kind_options(ctx: &Ctx) -> Vec<(String, String)> {
    vocabulary_options::<EventKind>(ctx)
}

fn participation_options(ctx: &Ctx) -> Vec<(String, String)> {
    vocabulary_options::<Participation>(ctx)
}

/// The régions to choose from, "all" first (filters, and the form, where
/// an event may be in none).
fn region_choices(ctx: &Ctx, geography: &Geography) -> Vec<(String, String)> {
    with_all(ctx, geography.region_options())
}

/// The départements to choose from, "all" first.
fn departement_choices(ctx: &Ctx, geography: &Geography) -> Vec<(String, String)> {
    with_all(ctx, geography.departement_options())
}

/// The filter as query pairs (for links that keep it).
pub fn filter_pairs(filter: &AgendaFilter) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(d) = filter.from {
        pairs.push(("from", d.to_string()));
    }
    if let Some(d) = filter.to {
        pairs.push(("to", d.to_string()));
    }
    pairs.extend(filter.region.iter().map(|r| ("region", r.clone())));
    pairs.extend(
        filter
            .departement
            .iter()
            .map(|d| ("departement", d.clone())),
    );
    pairs.extend(filter.kind.iter().map(|k| ("kind", k.as_str().to_owned())));
    pairs.extend(filter.theme.iter().map(|t| ("theme", t.clone())));
    if let Some(o) = filter.organiser {
        pairs.push(("organiser", o.to_string()));
    }
    if let Some(p) = filter.participation {
        pairs.push(("participation", p.as_str().to_owned()));
    }
    pairs
}

/// `key=value&…`, values percent-encoded.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// "24 nov. 2026, 09:30–17:00" or "10 juin 2027 – 12 juin 2027".
pub fn when_text(ctx: &Ctx, all_day: bool, o: &Occurrence) -> String {
    let start = format::date(ctx.locale, o.start_local.date());
    match (all_day, o.end_local) {
        (true, Some(end)) if end.date() != o.start_local.date() => {
            format!("{start} – {}", format::date(ctx.locale, end.date()))
        }
        (true, _) => format!("{start} ({})", ctx.t("agenda-all-day")),
        (false, Some(end)) if end.date() == o.start_local.date() => format!(
            "{start}, {}–{}",
            o.start_local.format("%H:%M"),
            end.format("%H:%M")
        ),
        (false, Some(end)) => format!(
            "{start}, {} – {}, {}",
            o.start_local.format("%H:%M"),
            format::date(ctx.locale, end.date()),
            end.format("%H:%M")
        ),
        (false, None) => format!("{start}, {}", o.start_local.format("%H:%M")),
    }
}

fn zone_note(e: &event::Model) -> Option<String> {
    (!e.all_day && e.time_zone != super::time::DEFAULT_TZ.name())
        .then(|| format!("({})", e.time_zone))
}

/// How an occurrence is named in its address: the start the series gives.
pub fn occurrence_key(o: &Occurrence) -> String {
    o.recurrence_local.format("%Y-%m-%dT%H:%M:%S").to_string()
}
