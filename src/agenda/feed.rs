//! iCalendar out: `/events.ics`, subscribable from calendar applications.
//! They cannot log in, so each user has a personal feed token (only its
//! digest is stored). The feed holds events only — never contacts' data.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};

use super::feed_cache::{FeedCache, Rendered, Stamp};
use super::ical::write::{self, LinkHole, Writer, ZoneStyle, style_of};
use super::links::web_link;
use super::message::Message;
use super::recurrence::day_start;
use super::recurrence::{duration_of, parse_local_list, zone_of};
use super::store::{self, AgendaFilter, Organiser, RowVersion, themes_of};
use super::time::{add_days, to_instant};
use crate::accounts::tokens;
use crate::entities::{event, event_override, user};

/// A new feed token for `user_id`; the old one stops working.
pub async fn regenerate_token(db: &impl ConnectionTrait, user_id: i32) -> Result<String, DbErr> {
    let token = tokens::random_token();
    user::ActiveModel {
        id: Set(user_id),
        feed_token: Set(Some(tokens::digest(&token))),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(token)
}

/// Whether the user has a feed token (whose address was shown once).
pub async fn has_token(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, DbErr> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .is_some_and(|u| u.feed_token.is_some()))
}

/// The active user whose feed token this is.
pub async fn user_for_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<user::Model>, DbErr> {
    if token.len() != 64 {
        return Ok(None);
    }
    user::Entity::find()
        .filter(user::Column::FeedToken.eq(tokens::digest(token)))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await
}

/// The feed's own words. One feed serves every reader and is kept
/// rendered, so it is in French, not in a reader's language; each sentence
/// is looked up once, with a [`SLOT`] its event fills.
struct Words {
    organisers: String,
    cfp: String,
    calendar: String,
}

/// Where an event's value goes in a sentence of [`Words`] (a control
/// character: no value of an event holds one).
const SLOT: &str = "\u{1}";

static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    organisers: Message::new("agenda-feed-organisers")
        .with("names", SLOT)
        .to_string(),
    cfp: Message::new("agenda-feed-cfp")
        .with("title", SLOT)
        .to_string(),
    calendar: Message::new("agenda-feed-calendar").to_string(),
});

/// A sentence of [`Words`] with its slot filled.
fn fill(sentence: &str, value: &str) -> String {
    sentence.replacen(SLOT, value, 1)
}

/// One event of the feed with what it needs.
pub struct FeedEvent<'a> {
    pub event: &'a event::Model,
    pub overrides: &'a [event_override::Model],
    pub organisers: Vec<String>,
}

/// Stable UID of an event: its source's when imported, else ours.
pub fn uid_of(e: &event::Model, host: &str) -> String {
    e.external_uid
        .clone()
        .unwrap_or_else(|| format!("event-{}@{host}", e.id))
}

struct Times {
    tz: Tz,
    style: ZoneStyle,
    all_day: bool,
}

impl Times {
    fn of(e: &event::Model) -> Self {
        let tz = zone_of(e);
        Times {
            tz,
            style: style_of(tz),
            all_day: e.all_day,
        }
    }

    /// `NAME;TZID=…:value`, `NAME;VALUE=DATE:value` or `NAME:…Z`.
    fn write(&self, w: &mut Writer, name: &str, local: chrono::NaiveDateTime) {
        if self.all_day {
            w.parts(&[name, ";VALUE=DATE:", &write::date(local.date())]);
        } else if self.style == ZoneStyle::Tzid {
            w.parts(&[name, ";TZID=", self.tz.name(), ":", &write::local(local)]);
        } else {
            w.line(name, &write::utc(to_instant(local, self.tz)));
        }
    }
}

fn write_common(w: &mut Writer, f: &FeedEvent<'_>) {
    let e = f.event;
    w.line("DTSTAMP", &write::utc(e.updated_at));
    w.line("LAST-MODIFIED", &write::utc(e.updated_at));
    w.line("SEQUENCE", &(e.version - 1).max(0).to_string());
    let place: Vec<&str> = [e.place.as_deref(), e.commune.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    w.text("LOCATION", &place.join(", "));
    let mut description = e.description.clone().unwrap_or_default();
    if !f.organisers.is_empty() {
        description.push_str("\n\n");
        description.push_str(&fill(&WORDS.organisers, &f.organisers.join(", ")));
    }
    let description = description.trim();
    let separator = if description.is_empty() { "" } else { "\n\n" };
    w.text_then_link(
        "DESCRIPTION",
        &format!("{description}{separator}"),
        &format!("/events/{}", e.id),
    );
    if let Some(url) = e.url.as_deref().and_then(web_link) {
        w.line("URL", url);
    }
    // The kind by its French label (as everything relais writes), themes
    // as typed; an import reads the label back as the kind.
    let mut categories = vec![crate::web::i18n::Locale::Fr.t(&e.kind.label_key())];
    categories.extend(themes_of(e));
    let categories: Vec<String> = categories.iter().map(|c| write::escape(c)).collect();
    w.line("CATEGORIES", &categories.join(","));
}

fn write_event(w: &mut Writer, f: &FeedEvent<'_>, host: &str) {
    let e = f.event;
    let times = Times::of(e);
    let uid = uid_of(e, host);
    let span = duration_of(e);
    w.line("BEGIN", "VEVENT");
    w.line("UID", &uid);
    w.text("SUMMARY", &e.title);
    times.write(w, "DTSTART", e.start_local);
    // Checked sums: only an absurd stored date could overflow; it then
    // goes without an end rather than failing the whole feed.
    if let Some(end) = e
        .start_local
        .checked_add_signed(span)
        .filter(|_| e.all_day || !span.is_zero())
    {
        times.write(w, "DTEND", end);
    }
    if let Some(rule) = e.rrule.as_deref().filter(|r| !r.trim().is_empty()) {
        w.line("RRULE", rule.trim());
    }
    for rdate in parse_local_list(e.rdates.as_deref().unwrap_or_default()).unwrap_or_default() {
        times.write(w, "RDATE", rdate);
    }
    let mut excluded: BTreeSet<chrono::NaiveDateTime> =
        parse_local_list(e.exdates.as_deref().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .collect();
    excluded.extend(
        f.overrides
            .iter()
            .filter(|o| o.cancelled)
            .map(|o| o.recurrence_local),
    );
    for exdate in excluded {
        times.write(w, "EXDATE", exdate);
    }
    w.line("STATUS", "CONFIRMED");
    write_common(w, f);
    w.line("END", "VEVENT");
    // Moved or renamed occurrences: same UID, RECURRENCE-ID.
    for o in f.overrides.iter().filter(|o| !o.cancelled) {
        let start = o.start_local.unwrap_or(o.recurrence_local);
        w.line("BEGIN", "VEVENT");
        w.line("UID", &uid);
        times.write(w, "RECURRENCE-ID", o.recurrence_local);
        w.text("SUMMARY", o.title.as_deref().unwrap_or(&e.title));
        times.write(w, "DTSTART", start);
        let end = o.end_local.and_then(|end| {
            if e.all_day {
                end.checked_add_days(Days::new(1))
            } else {
                Some(end)
            }
        });
        let default_end = (e.all_day || !span.is_zero())
            .then(|| start.checked_add_signed(span))
            .flatten();
        if let Some(end) = end.or(default_end) {
            times.write(w, "DTEND", end);
        }
        write_common(w, f);
        w.line("END", "VEVENT");
    }
    // The call for proposals gets its own all-day entry: it is a deadline.
    if let Some(deadline) = e.cfp_deadline {
        w.line("BEGIN", "VEVENT");
        w.line("UID", &format!("cfp-{}@{host}", e.id));
        w.text("SUMMARY", &fill(&WORDS.cfp, &e.title));
        w.line("DTSTART;VALUE=DATE", &write::date(deadline));
        w.line(
            "DTEND;VALUE=DATE",
            &write::date(deadline.succ_opt().unwrap_or(deadline)),
        );
        w.line("DTSTAMP", &write::utc(e.updated_at));
        w.line("SEQUENCE", &(e.version - 1).max(0).to_string());
        let link = e
            .cfp_url
            .as_deref()
            .or(e.url.as_deref())
            .and_then(web_link)
            .unwrap_or_default();
        w.text_then_link(
            "DESCRIPTION",
            &format!("{link}\n"),
            &format!("/events/{}", e.id),
        );
        w.line("CATEGORIES", "cfp");
        w.line("TRANSP", "TRANSPARENT");
        w.line("END", "VEVENT");
    }
}

/// The domain of our UIDs: the configured public host, never the request's
/// (a UID must not change with the address a client happens to use).
pub fn uid_domain(public_url: Option<&str>) -> &str {
    public_url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("relais")
}

/// One event's entries (the series, its changed occurrences, its call for
/// proposals), rendered once and reused while the event and its organisers
/// are unchanged. Links to this application are left as holes, filled with
/// each request's address when the feed is assembled.
#[derive(Debug)]
pub struct Fragment {
    pub version: i32,
    /// The organisers whose names the entries show, as they were.
    pub organisers: Vec<RowVersion>,
    /// The zone whose VTIMEZONE the entries refer to, if any.
    pub zone: Option<Tz>,
    pub text: String,
    pub holes: Vec<LinkHole>,
}

impl Fragment {
    pub fn of(f: &FeedEvent<'_>, host: &str, organisers: Vec<RowVersion>) -> Fragment {
        let times = Times::of(f.event);
        let mut w = Writer::default();
        write_event(&mut w, f, host);
        let (text, holes) = w.finish_with_holes();
        Fragment {
            version: f.event.version,
            organisers,
            zone: (!times.all_day && times.style == ZoneStyle::Tzid).then_some(times.tz),
            text,
            holes,
        }
    }

    /// Whether the entries still show the event and its organisers as they are.
    pub fn is_current(&self, version: i32, organiser_versions: &HashMap<i32, i32>) -> bool {
        self.version == version
            && self
                .organisers
                .iter()
                .all(|o| organiser_versions.get(&o.id) == Some(&o.version))
    }

    fn len(&self) -> usize {
        self.text.len() + self.holes.len() * 80
    }

    /// Appends the entries to `out` with links to `base` (the address,
    /// already escaped as TEXT).
    fn write_to(&self, out: &mut String, base: &str) {
        let mut from = 0;
        for hole in &self.holes {
            out.push_str(&self.text[from..hole.at]);
            // The link starts a continuation line (after its space).
            write::fold_into(out, &[base, &hole.path], 74);
            from = hole.at;
        }
        out.push_str(&self.text[from..]);
    }
}

/// The events of some ids with what their entries need, in four queries.
pub struct FeedData {
    events: Vec<event::Model>,
    overrides: HashMap<i32, Vec<event_override::Model>>,
    organisers: HashMap<i32, Vec<Organiser>>,
}

impl FeedData {
    pub async fn load(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Self, DbErr> {
        Ok(FeedData {
            events: store::by_ids(db, ids).await?,
            overrides: store::overrides(db, ids).await?,
            organisers: store::organiser_names(db, ids).await?,
        })
    }

    /// Each event's fragment, by event id; `organiser_versions` as read
    /// with [`store::organiser_versions`].
    pub fn fragments(
        &self,
        host: &str,
        organiser_versions: &HashMap<i32, i32>,
    ) -> HashMap<i32, Arc<Fragment>> {
        self.events
            .iter()
            .map(|e| {
                let organisers = self.organisers.get(&e.id).map(Vec::as_slice).unwrap_or(&[]);
                let f = FeedEvent {
                    event: e,
                    overrides: self.overrides.get(&e.id).map(Vec::as_slice).unwrap_or(&[]),
                    organisers: organisers.iter().map(|o| o.name.clone()).collect(),
                };
                let versions = organisers
                    .iter()
                    .map(|o| RowVersion {
                        id: o.id,
                        version: organiser_versions.get(&o.id).copied().unwrap_or(0),
                    })
                    .collect();
                (e.id, Arc::new(Fragment::of(&f, host, versions)))
            })
            .collect()
    }
}

/// The feed of the events passing `filter`, as kept in `cache` while
/// nothing it shows has changed. It covers `filter`'s dates from 90 days
/// before (past events stay a while, so calendars do not drop them at
/// once) to five years after (from today when the filter says nothing).
pub async fn serve(
    db: &impl ConnectionTrait,
    cache: &FeedCache,
    filter: &AgendaFilter,
    host: &str,
    base_url: &str,
) -> Result<Rendered, DbErr> {
    let today = crate::clock::today();
    let from = day_start(add_days(filter.from.unwrap_or(today), -90));
    let to = day_start(add_days(filter.to.unwrap_or(today), 5 * 365));
    // No token nor user in the key: every reader sees the same events.
    let key = format!("{base_url} {from} {to} {filter:?}");
    let stamp = Stamp::read(db).await?;
    if let Some(rendered) = cache.get(&key, &stamp) {
        return Ok(rendered);
    }
    let body = render(db, cache, filter, (from, to), (host, base_url), &stamp).await?;
    Ok(cache.put(key, stamp, body))
}

/// The feed of the events passing `filter` in `[from, to)`. Only events
/// whose fragment `cache` lacks (new, or changed since) are read in full.
pub async fn render(
    db: &impl ConnectionTrait,
    cache: &FeedCache,
    filter: &AgendaFilter,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    (host, base_url): (&str, &str),
    stamp: &Stamp,
) -> Result<String, DbErr> {
    let heads = store::candidate_versions(db, filter, from, to).await?;
    let organiser_versions = store::organiser_versions(db).await?;
    let mut fragments = cache.fragments(host, &heads, &organiser_versions);
    let missing: Vec<i32> = heads
        .iter()
        .filter(|head| !fragments.contains_key(&head.id))
        .map(|head| head.id)
        .collect();
    if !missing.is_empty() {
        let fresh = FeedData::load(db, &missing)
            .await?
            .fragments(host, &organiser_versions);
        cache.keep_fragments(host, &fresh, stamp.events());
        fragments.extend(fresh);
    }
    let ordered = heads
        .iter()
        .filter_map(|head| fragments.get(&head.id).map(AsRef::as_ref));
    Ok(assemble(ordered, &WORDS.calendar, base_url))
}

/// Renders every event's entries ahead of the first feed request, which
/// would otherwise wait for all of them (a few hundred milliseconds for
/// ten thousand events). Returns how many were rendered.
pub async fn warm(
    db: &impl ConnectionTrait,
    cache: &FeedCache,
    host: &str,
) -> Result<usize, DbErr> {
    let stamp = Stamp::read(db).await?;
    let ids: Vec<i32> = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let organiser_versions = store::organiser_versions(db).await?;
    let fresh = FeedData::load(db, &ids)
        .await?
        .fragments(host, &organiser_versions);
    cache.keep_fragments(host, &fresh, stamp.events());
    Ok(fresh.len())
}

/// The calendar around its events' fragments, with the zones they use.
fn assemble<'a>(
    fragments: impl Iterator<Item = &'a Fragment> + Clone,
    name: &str,
    base_url: &str,
) -> String {
    let mut w = Writer::default();
    w.line("BEGIN", "VCALENDAR");
    w.line("VERSION", "2.0");
    w.line("PRODID", "-//relais//Agenda//FR");
    w.line("CALSCALE", "GREGORIAN");
    w.line("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", name);
    w.line("X-WR-TIMEZONE", "Europe/Paris");
    w.line("REFRESH-INTERVAL;VALUE=DURATION", "PT6H");
    w.line("X-PUBLISHED-TTL", "PT6H");
    let zones: BTreeSet<&str> = fragments
        .clone()
        .filter_map(|f| f.zone)
        .map(|tz| tz.name())
        .collect();
    for zone in zones {
        if let Ok(tz) = zone.parse::<Tz>() {
            write::vtimezone(&mut w, tz);
        }
    }
    let mut out = w.finish();
    // One allocation for the whole feed (megabytes): growing it step by step
    // copied it several times over.
    out.reserve(fragments.clone().map(Fragment::len).sum::<usize>() + 16);
    let base = write::escape(base_url);
    for f in fragments {
        f.write_to(&mut out, &base);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}
