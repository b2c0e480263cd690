//! Pages of places (maud): "around", tours, commune pages, "my commune",
//! and the note of local context other pages show. Views never query the
//! database.

use maud::{Markup, html};

use super::around::{Hit, RADIUS_MAX, RADIUS_MIN};
use super::form::{AroundQuery, NoteForm};
use super::tour::Stop;
use crate::audit::store::AuditLine;
use crate::entities::*;
use crate::web::components::{
    Pick, badge, empty_state, filters, picker, url_with_query, vocabulary_options, with_all,
};
use crate::web::forms::{
    Field, FormErrors, checkbox, csrf_field, error_summary, input, select, textarea,
};
use crate::web::i18n::arg;
use crate::web::record::{fact, text};
use crate::web::{Ctx, Locale, format, layout};

/// A distance as people read it: "12,3 km" (French), "12.3 km".
pub fn km(locale: Locale, distance: f64) -> String {
    let shown = format!("{distance:.1}");
    match locale {
        Locale::Fr => format!("{} km", shown.replace('.', ",")),
        _ => format!("{shown} km"),
    }
}

fn commune_link(c: &commune::Model) -> Markup {
    html! { a href={ "/communes/" (c.code) } { (c.name) } }
}

/// Where "around" starts, as the page names it.
#[derive(Debug, Clone)]
pub struct OriginView {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
    /// The commune it is (or is in), to start a tour from.
    pub commune_code: Option<String>,
}

pub struct AroundPage<'a> {
    pub query: &'a AroundQuery,
    pub errors: &'a FormErrors,
    pub origin: Option<OriginView>,
    pub radius_km: i32,
    /// The nearest found (at most [`SHOWN`])…
    pub hits: &'a [Hit],
    /// …of how many.
    pub total: usize,
    /// Organisations already in the open tour.
    pub in_tour: &'a [i32],
    pub tour: Option<(i32, usize)>,
    /// The user's own commune, if set.
    pub my_commune: Option<&'a commune::Model>,
    pub tags: &'a [String],
    /// The campaign "stage" refers to.
    pub campaign: Option<&'a campaign::Model>,
}

/// Results shown at most (the nearest): a day's visits, not a census.
pub const SHOWN: usize = 300;

pub fn around_page(ctx: &Ctx, p: &AroundPage<'_>) -> Markup {
    let title = ctx.t("geo-around-title");
    let q = p.query;
    let active = [
        &q.kind,
        &q.stage,
        &q.tag,
        &q.population_max,
        &q.population_min,
        &q.workshops,
        &q.runner,
    ]
    .iter()
    .filter(|v| !v.trim().is_empty())
    .count();
    let here = url_with_query("/around", &q.pairs());
    let body = html! {
        div class="page-head" {
            h1 { (title) }
            @if let Some((id, count)) = p.tour {
                a href={ "/tours/" (id) } role="button" class="secondary" data-open-tour {
                    (ctx.t_args("geo-tour-open", &[arg("count", count)]))
                }
            }
        }
        p { (ctx.t("geo-around-intro")) }
        (error_summary(ctx, p.errors))
        form method="get" action="/around" class="around-form" {
            (picker(ctx, Pick::new("at", ctx.t("geo-around-place"), "/pick/communes")
                .value(&q.at, &q.at_name)
                .hint(ctx.t("geo-around-place-hint")), p.errors))
            @if !q.from.is_empty() { input type="hidden" name="from" value=(q.from); }
            (input(Field::new("radius", ctx.t("geo-radius"), if q.radius.is_empty() { "25" } else { &q.radius })
                .kind("number")
                .hint(ctx.t_args("geo-radius-hint", &[arg("min", RADIUS_MIN), arg("max", RADIUS_MAX)])), p.errors))
            (filters(ctx, active, html! {
                div class="grid" {
                    (select(Field::new("kind", ctx.t("filter-kind"), &q.kind), &with_all(ctx, vocabulary_options::<OrgKind>(ctx)), p.errors))
                    (select(Field::new("stage", match p.campaign {
                        Some(c) => ctx.t_args("geo-stage-in", &[arg("campaign", c.name.clone())]),
                        None => ctx.t("outreach-stage"),
                    }, &q.stage), &with_all(ctx, vocabulary_options::<Stage>(ctx)), p.errors))
                    (select(Field::new("tag", ctx.t("directory-tag"), &q.tag),
                        &with_all(ctx, p.tags.iter().map(|t| (t.clone(), t.clone())).collect::<Vec<_>>()), p.errors))
                }
                div class="grid" {
                    (input(Field::new("population_min", ctx.t("geo-population-min"), &q.population_min).kind("number"), p.errors))
                    (input(Field::new("population_max", ctx.t("geo-population-max"), &q.population_max).kind("number"), p.errors))
                    (select(Field::new("runner", ctx.t("geo-runner"), &q.runner), &with_all(ctx, vocabulary_options::<WorkshopRunner>(ctx)), p.errors))
                }
                (checkbox("workshops", ctx.t("geo-has-workshops"), !q.workshops.is_empty()))
            }))
            button type="submit" { (ctx.t("geo-around-submit")) }
        }
        p class="around-me" {
            @match p.my_commune {
                Some(c) => {
                    a href="/around?me=1" data-around-me { (ctx.t_args("geo-around-my-commune", &[arg("commune", c.name.clone())])) }
                    " · " a href="/account/commune" { (ctx.t("geo-my-commune-change")) }
                }
                None => a href="/account/commune" { (ctx.t("geo-my-commune-set")) },
            }
        }
        @if let Some(origin) = &p.origin {
            section class="around-results" aria-labelledby="around-results-title" {
                h2 id="around-results-title" {
                    (ctx.t_args("geo-around-found", &[
                        arg("count", p.total),
                        arg("radius", p.radius_km),
                        arg("place", origin.label.clone()),
                    ]))
                }
                @if p.hits.is_empty() {
                    (empty_state(ctx, "geo-around-empty"))
                } @else {
                    (plot(ctx, origin, p.radius_km, p.hits))
                    @if p.total > p.hits.len() {
                        p class="muted" { (ctx.t_args("geo-around-more", &[arg("shown", p.hits.len()), arg("count", p.total)])) }
                    }
                    ol class="around-list" data-around {
                        @for (i, hit) in p.hits.iter().enumerate() {
                            @let o = &hit.organisation;
                            li id={ "around-" (o.id) } data-organisation=(o.id) {
                                div class="around-line" {
                                    span class="around-rank" aria-hidden="true" { (i + 1) }
                                    div class="around-name" {
                                        a href={ "/organisations/" (o.id) } { (o.name) }
                                        " " (badge(ctx, o.kind))
                                        div class="org-meta" {
                                            @if let Some(c) = &o.commune { (c) }
                                            @if let Some(p) = hit.population {
                                                " · " (ctx.t_args("geo-population", &[arg("count", p)]))
                                            }
                                            @if o.offers_workshops {
                                                " · " (ctx.t("geo-has-workshops-short"))
                                            }
                                        }
                                    }
                                    span class="around-distance" data-distance=(format!("{:.3}", hit.distance_km)) { (km(ctx.locale, hit.distance_km)) }
                                }
                                @if ctx.can_write() {
                                    @if p.in_tour.contains(&o.id) {
                                        p class="in-tour muted" { (ctx.t("geo-in-tour")) }
                                    } @else {
                                        form method="post" action="/tours/stops" class="inline-form add-to-tour" {
                                            (csrf_field(ctx))
                                            input type="hidden" name="organisation_id" value=(o.id);
                                            @if let Some(code) = &origin.commune_code {
                                                input type="hidden" name="start" value=(code);
                                            }
                                            input type="hidden" name="back" value={ (here) "#around-" (o.id) };
                                            button type="submit" class="secondary outline" { (ctx.t("geo-add-to-tour")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// The points around the origin, drawn on a plain plane (equirectangular
/// around the origin: at these distances the distortion is nothing), the
/// circle of the radius, each point titled with its name and numbered as
/// in the list. No map tiles: nothing is fetched from anyone.
pub fn plot(ctx: &Ctx, origin: &OriginView, radius_km: i32, hits: &[Hit]) -> Markup {
    const SIZE: f64 = 300.0;
    let half = SIZE / 2.0;
    let radius = f64::from(radius_km);
    let scale = (half - 12.0) / radius;
    let km_per_degree = super::EARTH_RADIUS_KM.to_radians();
    let cos = origin.latitude.to_radians().cos();
    let point = |lat: f64, lon: f64| {
        let x = (lon - origin.longitude) * km_per_degree * cos;
        let y = (lat - origin.latitude) * km_per_degree;
        (half + x * scale, half - y * scale)
    };
    html! {
        figure class="around-plot" {
            svg viewBox={ "0 0 " (SIZE) " " (SIZE) } role="img" aria-labelledby="around-plot-title" xmlns="http://www.w3.org/2000/svg" {
                title id="around-plot-title" { (ctx.t_args("geo-plot-title", &[arg("radius", radius_km), arg("place", origin.label.clone())])) }
                circle cx=(half) cy=(half) r=(radius * scale) class="plot-radius" {}
                line x1=(half - 5.0) y1=(half) x2=(half + 5.0) y2=(half) class="plot-origin" {}
                line x1=(half) y1=(half - 5.0) x2=(half) y2=(half + 5.0) class="plot-origin" {}
                @for (i, hit) in hits.iter().enumerate().rev() {
                    @let (x, y) = point(hit.organisation.latitude, hit.organisation.longitude);
                    a href={ "#around-" (hit.organisation.id) } {
                        circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="4" class="plot-point" {
                            title { (i + 1) ". " (hit.organisation.name) " · " (km(ctx.locale, hit.distance_km)) }
                        }
                    }
                }
            }
            figcaption class="muted" { (ctx.t("geo-plot-caption")) }
        }
    }
}

pub fn tours_page(ctx: &Ctx, tours: &[(tour::Model, usize)]) -> Markup {
    let title = ctx.t("geo-tours-title");
    let body = html! {
        h1 { (title) }
        p { a href="/around" { (ctx.t("geo-around-title")) } }
        @if tours.is_empty() { (empty_state(ctx, "geo-tours-empty")) }
        ul {
            @for (t, count) in tours {
                li {
                    a href={ "/tours/" (t.id) } { (t.name) }
                    " · " (ctx.t_args("geo-tour-stops", &[arg("count", *count)]))
                    @if let Some(day) = t.recorded_on {
                        " · " (ctx.t_args("geo-tour-recorded-on", &[arg("date", format::date(ctx.locale, day))]))
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub struct TourPage<'a> {
    pub tour: &'a tour::Model,
    pub start: Option<&'a commune::Model>,
    pub stops: &'a [Stop],
    pub today: chrono::NaiveDate,
    pub errors: &'a FormErrors,
    /// What the record form was sent with, when refused.
    pub sent: Option<&'a [(String, String)]>,
}

pub fn tour_page(ctx: &Ctx, p: &TourPage<'_>) -> Markup {
    let t = p.tour;
    let sent = |name: &str| -> Option<&str> {
        p.sent
            .and_then(|fields| fields.iter().find(|(k, _)| k == name))
            .map(|(_, v)| v.as_str())
    };
    let day = sent("occurred_on")
        .map(str::to_owned)
        .unwrap_or_else(|| p.today.to_string());
    let body = html! {
        article class="tour-page" data-tour=(t.id) {
            h1 { (t.name) }
            p class="tour-order" {
                @match p.start {
                    Some(c) => (ctx.t_args("geo-tour-order-from", &[arg("commune", c.name.clone())])),
                    None => (ctx.t("geo-tour-order")),
                }
            }
            p class="no-print muted" { (ctx.t("geo-tour-print-hint")) " · " a href="/around" { (ctx.t("geo-around-title")) } }
            @if let Some(day) = t.recorded_on {
                p role="status" class="tour-recorded" { (ctx.t_args("geo-tour-recorded-on", &[arg("date", format::date(ctx.locale, day))])) }
            }
            @if p.stops.is_empty() { (empty_state(ctx, "geo-tour-empty")) }
            (error_summary(ctx, p.errors))
            ol class="tour-stops" {
                @for stop in p.stops {
                    @let o = &stop.organisation;
                    li class="tour-stop" data-stop=(o.id) {
                        h2 { a href={ "/organisations/" (o.id) } { (o.name) } }
                        dl class="tour-facts" {
                            (fact(ctx.t("directory-address"), {
                                let line = [o.address.as_deref(), o.postcode.as_deref(), o.commune.as_deref()]
                                    .into_iter().flatten().collect::<Vec<_>>().join(", ");
                                text(Some(&line))
                            }))
                            (fact(ctx.t("geo-leg"), stop.leg_km.map(|d| html! { (km(ctx.locale, d)) })))
                            (fact(ctx.t("geo-opening-hours"), o.weekly_opening_hours.map(|h| html! {
                                (ctx.t_args("geo-hours-per-week", &[arg("hours", h)]))
                            })))
                            (fact(ctx.t("directory-phone"), o.phone.as_deref().map(|phone| html! { a href={ "tel:" (phone) } { (phone) } })))
                            (fact(ctx.t("geo-ask-for"), (!stop.people.is_empty()).then(|| html! {
                                ul class="plain" {
                                    @for (id, name, role) in &stop.people {
                                        li { a href={ "/people/" (id) } { (name) } " · " (role) }
                                    }
                                }
                            })))
                            (fact(ctx.t("geo-last-contact"), Some(match &stop.last_contact {
                                Some(i) => html! { (format::date(ctx.locale, i.occurred_on)) " · " (i.summary) },
                                None => html! { (ctx.t("geo-never-contacted")) },
                            })))
                        }
                        @if let Some(id) = stop.interaction_id {
                            p class="tour-visit-recorded" { a href={ "/interactions/" (id) } { (ctx.t("geo-visit-recorded")) } }
                        }
                        @if t.recorded_on.is_none() && ctx.can_write() {
                            form method="post" action={ "/tours/" (t.id) "/stops/" (o.id) "/delete" } class="inline-form no-print" {
                                (csrf_field(ctx))
                                button type="submit" class="secondary outline" { (ctx.t("geo-remove-stop")) }
                            }
                        }
                    }
                }
            }
            @if t.recorded_on.is_none() && !p.stops.is_empty() && ctx.can_write() {
                section class="tour-record no-print" aria-labelledby="tour-record-title" {
                    h2 id="tour-record-title" { (ctx.t("geo-record-title")) }
                    p { (ctx.t("geo-record-intro")) }
                    form method="post" action={ "/tours/" (t.id) "/record" } {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(t.version);
                        (input(Field::new("occurred_on", ctx.t("geo-record-day"), &day).kind("date").required(), p.errors))
                        @for stop in p.stops {
                            @let o = &stop.organisation;
                            @let visited = format!("visited-{}", o.id);
                            @let summary = format!("summary-{}", o.id);
                            fieldset {
                                legend { (o.name) }
                                (checkbox(&visited, ctx.t("geo-record-visited"), p.sent.is_none() || sent(&visited).is_some()))
                                @if !stop.people.is_empty() {
                                    @let met = format!("person-{}", o.id);
                                    @let people: Vec<(String, String)> = std::iter::once((String::new(), ctx.t("geo-record-person-none")))
                                        .chain(stop.people.iter().map(|(id, name, role)| (id.to_string(), format!("{name} · {role}"))))
                                        .collect();
                                    (select(Field::new(&met, ctx.t("geo-record-person"), sent(&met).unwrap_or_default()), &people, p.errors))
                                }
                                (input(Field::new(&summary, ctx.t("geo-record-summary"), sent(&summary).unwrap_or_default())
                                    .hint(ctx.t("geo-record-summary-hint")), p.errors))
                            }
                        }
                        button type="submit" { (ctx.t("geo-record-submit")) }
                    }
                }
            }
        }
    };
    layout::page(ctx, &t.name, body)
}

pub struct CommunePage<'a> {
    pub commune: &'a commune::Model,
    pub departement: Option<&'a departement::Model>,
    pub epci: Option<&'a epci::Model>,
    pub organisations: &'a [organisation::Model],
    pub events: &'a [event::Model],
    pub note: Option<&'a commune_note::Model>,
    pub note_author: Option<String>,
    pub history: &'a [AuditLine],
    pub form: &'a NoteForm,
    pub errors: &'a FormErrors,
    /// Someone saved the note meanwhile: their version.
    pub conflict: bool,
}

pub fn commune_page(ctx: &Ctx, p: &CommunePage<'_>) -> Markup {
    let c = p.commune;
    let title = format!("{} ({})", c.name, c.code);
    let body = html! {
        article class="commune-page" data-commune=(c.code) {
            h1 { (title) }
            dl class="facts" {
                (fact(ctx.t("geo-population-label"), c.population.map(|n| html! { (ctx.t_args("geo-population", &[arg("count", n)])) })))
                (fact(ctx.t("directory-postcode"), text(Some(&c.postcodes.replace(' ', ", ")))))
                (fact(ctx.t("filter-departement"), p.departement.map(|d| html! {
                    a href={ "/organisations?departement=" (d.code) } { (d.name) " (" (d.code) ")" }
                })))
                (fact(ctx.t("geo-epci"), p.epci.map(|e| html! {
                    (e.name) " · " (e.kind)
                    @if let Some(n) = e.members { " · " (ctx.t_args("geo-epci-members", &[arg("count", n)])) }
                })))
            }
            p {
                a href={ "/around?at=" (c.code) "&at_name=" (crate::web::layout::url_encode(&c.name)) } { (ctx.t("geo-around-this")) }
            }
            section aria-labelledby="commune-note-title" {
                h2 id="commune-note-title" { (ctx.t("geo-note-title")) }
                p class="muted" { (ctx.t("geo-note-public-only")) }
                @match p.note {
                    Some(n) => (note_facts(ctx, n, p.note_author.as_deref())),
                    None => p { (ctx.t("geo-note-none")) },
                }
                @if ctx.can_write() {
                    details class="note-edit" open[!p.errors.is_empty() || p.conflict] {
                        summary { (ctx.t(if p.note.is_some() { "geo-note-edit" } else { "geo-note-add" })) }
                        @if p.conflict { p role="alert" { (ctx.t("geo-note-conflict")) } }
                        (error_summary(ctx, p.errors))
                        form method="post" action={ "/communes/" (c.code) "/note" } {
                            (csrf_field(ctx))
                            input type="hidden" name="version" value=(if p.form.version.is_empty() { "0" } else { &p.form.version });
                            (textarea(Field::new("library_decides", ctx.t("geo-note-library-decides"), &p.form.library_decides), p.errors))
                            (textarea(Field::new("priorities", ctx.t("geo-note-priorities"), &p.form.priorities), p.errors))
                            (input(Field::new("mayor", ctx.t("geo-note-mayor"), &p.form.mayor).hint(ctx.t("geo-note-mayor-hint")), p.errors))
                            div class="grid" {
                                (input(Field::new("source", ctx.t("geo-note-source"), &p.form.source).required().hint(ctx.t("geo-note-source-hint")), p.errors))
                                (input(Field::new("noted_on", ctx.t("geo-note-noted-on"), &p.form.noted_on).kind("date").required(), p.errors))
                            }
                            button type="submit" { (ctx.t("save")) }
                        }
                    }
                }
                @if !p.history.is_empty() {
                    details class="note-history" {
                        summary { (ctx.t("geo-note-history")) }
                        ul {
                            @for line in p.history {
                                li {
                                    (format::date_time(ctx.locale, line.entry.at)) " · "
                                    (line.author.clone().unwrap_or_else(|| ctx.t("geo-someone")))
                                    " · " (ctx.t(&line.entry.action.label_key()))
                                    @if let Some(changes) = line.entry.changes.as_ref().and_then(|c| c.as_object()) {
                                        ul {
                                            @for (field, pair) in changes {
                                                @if let Some(new) = pair.get(1).filter(|v| !v.is_null()) {
                                                    li { code { (field) } " : " (new.as_str().map(str::to_owned).unwrap_or_else(|| new.to_string())) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="commune-organisations-title" {
                h2 id="commune-organisations-title" { (ctx.t_args("geo-commune-organisations", &[arg("count", p.organisations.len())])) }
                @if p.organisations.is_empty() { (empty_state(ctx, "geo-commune-no-organisation")) }
                ul class="org-list" {
                    @for o in p.organisations {
                        li { a href={ "/organisations/" (o.id) } { (o.name) } " " (badge(ctx, o.kind)) }
                    }
                }
            }
            section aria-labelledby="commune-events-title" {
                h2 id="commune-events-title" { (ctx.t("geo-commune-events")) }
                @if p.events.is_empty() { (empty_state(ctx, "geo-commune-no-event")) }
                ul {
                    @for e in p.events {
                        li { a href={ "/events/" (e.id) } { (e.title) } " · " (format::date(ctx.locale, e.start_local.date())) }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub(crate) fn note_facts(ctx: &Ctx, n: &commune_note::Model, author: Option<&str>) -> Markup {
    html! {
        dl class="facts commune-note" {
            (fact(ctx.t("geo-note-library-decides"), text(n.library_decides.as_deref())))
            (fact(ctx.t("geo-note-priorities"), text(n.priorities.as_deref())))
            (fact(ctx.t("geo-note-mayor"), text(n.mayor.as_deref())))
        }
        p class="note-source muted" {
            (ctx.t_args("geo-note-dated", &[
                arg("date", format::date(ctx.locale, n.noted_on)),
                arg("source", n.source.clone()),
            ]))
            @if let Some(author) = author { " · " (ctx.t_args("geo-note-by", &[arg("name", author.to_owned())])) }
        }
    }
}

pub fn my_commune_page(
    ctx: &Ctx,
    current: Option<&commune::Model>,
    code: &str,
    name: &str,
    errors: &FormErrors,
) -> Markup {
    let title = ctx.t("geo-my-commune-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("geo-my-commune-intro")) }
        @if let Some(c) = current {
            p { (ctx.t("geo-my-commune-current")) " " (commune_link(c)) " · " a href="/around?me=1" { (ctx.t("geo-around-title")) } }
        }
        (error_summary(ctx, errors))
        form method="post" action="/account/commune" {
            (csrf_field(ctx))
            (picker(ctx, Pick::new("commune_code", ctx.t("geo-my-commune-field"), "/pick/communes")
                .value(code, name)
                .hint(ctx.t("geo-my-commune-hint")), errors))
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}
