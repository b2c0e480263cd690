//! A record page's timeline: contacts, stage moves, events, workshop
//! sessions and edits in one list, newest first, filtered by kind with
//! plain links (`?show=contacts`) so it works without JavaScript.
//!
//! Areas turn their records into [`TimelineEntry`]s; this module only
//! orders, filters and renders them (it knows no domain area).

use chrono::{DateTime, NaiveDate, Utc};
use maud::{Markup, html};
use serde::Deserialize;

use super::components::empty_state;
use super::context::Ctx;
use super::format;
use super::i18n::arg;

/// What an entry is about; also the value of the `show` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    Contact,
    Stage,
    Event,
    Session,
    Edit,
}

impl TimelineKind {
    pub const ALL: [TimelineKind; 5] = [
        TimelineKind::Contact,
        TimelineKind::Stage,
        TimelineKind::Event,
        TimelineKind::Session,
        TimelineKind::Edit,
    ];

    /// The filter's value in the address (`?show=contacts`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineKind::Contact => "contacts",
            TimelineKind::Stage => "stages",
            TimelineKind::Event => "events",
            TimelineKind::Session => "sessions",
            TimelineKind::Edit => "edits",
        }
    }

    pub fn parse(value: &str) -> Option<TimelineKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    fn label_key(self) -> String {
        format!("timeline-{}", self.as_str())
    }
}

/// The page's `?show=` filter; anything unknown shows everything.
#[derive(Debug, Default, Deserialize)]
pub struct TimelineQuery {
    #[serde(default)]
    show: String,
}

impl TimelineQuery {
    pub fn kind(&self) -> Option<TimelineKind> {
        TimelineKind::parse(&self.show)
    }
}

/// When an entry happened: a day (a contact, a session) or an instant (a
/// stage move, an edit), shown as such.
#[derive(Debug, Clone, Copy)]
pub enum When {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

impl When {
    fn day(self) -> NaiveDate {
        match self {
            When::Day(d) => d,
            When::At(at) => format::paris_date(at),
        }
    }
}

/// One line of a timeline.
pub struct TimelineEntry {
    pub kind: TimelineKind,
    pub when: When,
    /// When the entry was written down: orders the entries of one day
    /// (a contact logged, then the stage moved).
    pub recorded: DateTime<Utc>,
    pub title: Markup,
    pub detail: Option<Markup>,
    /// Where the title leads, if anywhere.
    pub link: Option<String>,
}

impl TimelineEntry {
    pub fn new(kind: TimelineKind, when: When, recorded: DateTime<Utc>, title: Markup) -> Self {
        TimelineEntry {
            kind,
            when,
            recorded,
            title,
            detail: None,
            link: None,
        }
    }

    pub fn detail(mut self, detail: Markup) -> Self {
        self.detail = Some(detail);
        self
    }

    pub fn link(mut self, link: impl Into<String>) -> Self {
        self.link = Some(link.into());
        self
    }
}

/// Newest day first; within a day, the entry written down last first.
fn newest_first(entries: &mut [TimelineEntry]) {
    entries.sort_by_key(|e| std::cmp::Reverse((e.when.day(), e.recorded)));
}

/// The timeline section of the record page at `path`: the filter links
/// (only kinds with entries, each with its count), then the entries of
/// the kind chosen, newest first.
pub fn timeline(
    ctx: &Ctx,
    path: &str,
    mut entries: Vec<TimelineEntry>,
    show: Option<TimelineKind>,
) -> Markup {
    newest_first(&mut entries);
    let counts: Vec<(TimelineKind, usize)> = TimelineKind::ALL
        .into_iter()
        .map(|k| (k, entries.iter().filter(|e| e.kind == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let shown: Vec<&TimelineEntry> = entries
        .iter()
        .filter(|e| show.is_none_or(|k| e.kind == k))
        .collect();
    let filter_link = |kind: Option<TimelineKind>, label: String, count: usize| {
        let href = match kind {
            Some(k) => format!("{path}?show={}#timeline", k.as_str()),
            None => format!("{path}#timeline"),
        };
        html! {
            li {
                a href=(href) aria-current=[(kind == show).then_some("true")] {
                    (label) " " span class="count" { (count) }
                }
            }
        }
    };
    html! {
        section id="timeline" class="timeline-section" aria-labelledby="timeline-title" {
            h2 id="timeline-title" { (ctx.t("timeline-title")) }
            @if counts.len() > 1 || show.is_some() {
                nav class="timeline-filter" aria-label=(ctx.t("timeline-filter")) {
                    ul {
                        (filter_link(None, ctx.t("timeline-all"), entries.len()))
                        @for (kind, count) in &counts { (filter_link(Some(*kind), ctx.t(&kind.label_key()), *count)) }
                    }
                }
            }
            @if shown.is_empty() {
                (empty_state(ctx, "timeline-empty"))
            } @else {
                ol class="record-timeline" {
                    @for e in &shown {
                        li data-kind=(e.kind.as_str()) {
                            div class="timeline-when" {
                                span class="timeline-kind" { (ctx.t(&format!("timeline-one-{}", e.kind.as_str()))) }
                                @match e.when {
                                    When::Day(d) => time datetime=(d.to_string()) { (format::date(ctx.locale, d)) },
                                    When::At(at) => time datetime=(at.to_rfc3339()) { (format::date_time(ctx.locale, at)) },
                                }
                            }
                            div class="timeline-title" {
                                @match &e.link {
                                    Some(href) => a href=(href) { (e.title) },
                                    None => (e.title),
                                }
                            }
                            @if let Some(detail) = &e.detail { div class="timeline-detail" { (detail) } }
                        }
                    }
                }
            }
            @if shown.len() < entries.len() {
                p class="muted" { (ctx.t_args("timeline-hidden", &[arg("count", entries.len() - shown.len())])) " " a href={ (path) "#timeline" } { (ctx.t("timeline-show-all")) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn entry(
        kind: TimelineKind,
        when: When,
        recorded: DateTime<Utc>,
        title: &str,
    ) -> TimelineEntry {
        TimelineEntry::new(kind, when, recorded, html! { (title) })
    }

    #[test]
    fn entries_go_newest_first_and_a_day_keeps_the_order_they_were_written_in() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        let day = |d: u32| When::Day(NaiveDate::from_ymd_opt(2026, 11, d).unwrap());
        let mut entries = vec![
            entry(TimelineKind::Contact, day(5), at(5, 9), "first call"),
            entry(
                TimelineKind::Stage,
                When::At(at(20, 14)),
                at(20, 14),
                "stage moved",
            ),
            entry(TimelineKind::Contact, day(20), at(20, 13), "second call"),
            entry(TimelineKind::Edit, When::At(at(12, 8)), at(12, 8), "edit"),
        ];
        newest_first(&mut entries);
        let titles: Vec<String> = entries.iter().map(|e| e.title.0.clone()).collect();
        assert_eq!(titles, ["stage moved", "second call", "edit", "first call"]);
    }

    #[test]
    fn the_filter_reads_only_known_kinds() {
        for kind in TimelineKind::ALL {
            assert_eq!(TimelineKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(TimelineKind::parse("everything"), None);
        assert_eq!(TimelineQuery::default().kind(), None);
    }
}
