//! Audit views: a record's edits as lines of its page's timeline and the
//! administrators' global log.

use maud::{Markup, html};
use serde_json::Value;

use super::store::{AuditLine, LogFilter, PAGE_SIZE};
use crate::entities::vocabulary::Vocabulary;
use crate::entities::{
    Direction, EventKind, InteractionChannel, LawfulBasis, OrgKind, Participation, Priority, Role,
    Scope, Stage, user,
};
use crate::web::components::{pagination, record_options, table_head, url_with_query, with_first};
use crate::web::forms::{Field, FormErrors, input, select};
use crate::web::timeline::{TimelineEntry, TimelineKind, When};
use crate::web::{Ctx, format, layout};

/// The label of a field of a history ("Commune", "Ne pas contacter"), or
/// its name when it has none.
fn field_label(ctx: &Ctx, field: &str) -> String {
    let key = format!("audit-field-{}", field.replace('_', "-"));
    if ctx.locale.has(&key) {
        ctx.t(&key)
    } else {
        field.to_owned()
    }
}

/// A closed-list value by its label ("Journée professionnelle", not
/// `professional_day`), when `field` holds one of a vocabulary.
fn vocabulary_label(ctx: &Ctx, field: &str, value: &str) -> Option<String> {
    fn label<V: Vocabulary + std::str::FromStr>(ctx: &Ctx, value: &str) -> Option<String> {
        value.parse::<V>().ok().map(|v| ctx.t(&v.label_key()))
    }
    match field {
        "kind" => label::<OrgKind>(ctx, value).or_else(|| label::<EventKind>(ctx, value)),
        "scope" => label::<Scope>(ctx, value),
        "stage" => label::<Stage>(ctx, value),
        "priority" => label::<Priority>(ctx, value),
        "participation" => label::<Participation>(ctx, value),
        "lawful_basis" => label::<LawfulBasis>(ctx, value),
        "channel" => label::<InteractionChannel>(ctx, value),
        "direction" => label::<Direction>(ctx, value),
        "role" => label::<Role>(ctx, value),
        _ => None,
    }
}

pub(crate) fn value_text(ctx: &Ctx, field: &str, value: &Value) -> String {
    match value {
        Value::Null => ctx.t("audit-empty"),
        Value::String(s) => vocabulary_label(ctx, field, s).unwrap_or_else(|| s.clone()),
        Value::Bool(true) => ctx.t("yes"),
        Value::Bool(false) => ctx.t("no"),
        // A value made of several fields (the lawful basis a merge set
        // aside: basis, date, source) reads as they do one by one.
        Value::Object(fields) => fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(name, v)| format!("{} : {}", field_label(ctx, name), value_text(ctx, name, v)))
            .collect::<Vec<_>>()
            .join(" · "),
        other => other.to_string(),
    }
}

fn changes(ctx: &Ctx, changes: Option<&Value>) -> Markup {
    let Some(Value::Object(map)) = changes else {
        return html! {};
    };
    html! {
        @if !map.is_empty() {
            ul class="audit-changes" {
                @for (field, pair) in map {
                    @let (old, new) = match pair.as_array().map(Vec::as_slice) {
                        Some([old, new]) => (old.clone(), new.clone()),
                        _ => (Value::Null, pair.clone()),
                    };
                    li {
                        strong { (field_label(ctx, field)) } " : "
                        del { (value_text(ctx, field, &old)) }
                        " → "
                        ins { (value_text(ctx, field, &new)) }
                    }
                }
            }
        }
    }
}

fn author(ctx: &Ctx, line: &AuditLine) -> String {
    line.author.clone().unwrap_or_else(|| ctx.t("audit-system"))
}

/// A record's edits as lines of its page's timeline: what was done, by
/// whom, and the fields changed.
pub fn timeline_entries(ctx: &Ctx, lines: &[AuditLine]) -> Vec<TimelineEntry> {
    lines
        .iter()
        .map(|line| {
            let title = html! { (ctx.t(&line.entry.action.label_key())) " — " (author(ctx, line)) };
            TimelineEntry::new(
                TimelineKind::Edit,
                When::At(line.entry.at),
                line.entry.at,
                title,
            )
            .detail(folded_changes(ctx, line.entry.changes.as_ref()))
        })
        .collect()
}

/// An edit's changes, folded under their count when there are more than a
/// few (a creation lists every field) so they do not bury the timeline.
fn folded_changes(ctx: &Ctx, values: Option<&Value>) -> Markup {
    const SHOWN: usize = 3;
    let count = match values {
        Some(Value::Object(map)) => map.len(),
        _ => 0,
    };
    html! {
        @if count > SHOWN {
            details class="audit-fields" {
                summary { (ctx.t_args("audit-fields-changed", &[crate::web::i18n::arg("count", count)])) }
                (changes(ctx, values))
            }
        } @else {
            (changes(ctx, values))
        }
    }
}

pub fn log_page(
    ctx: &Ctx,
    lines: &[AuditLine],
    total: u64,
    filter: &LogFilter,
    users: &[user::Model],
) -> Markup {
    let title = ctx.t("audit-log-title");
    let user_options = with_first(
        ctx.t("audit-all-users"),
        record_options(users.iter().map(|u| (u.id, u.display_name.as_str()))),
    );
    let selected_user = filter.user_id.map(|id| id.to_string()).unwrap_or_default();
    let from = filter.from.map(|d| d.to_string()).unwrap_or_default();
    let to = filter.to.map(|d| d.to_string()).unwrap_or_default();
    let no_errors = FormErrors::default();
    let page_url = |page: u64| {
        url_with_query(
            "/admin/audit",
            &[
                ("user", selected_user.clone()),
                ("from", from.clone()),
                ("to", to.clone()),
                ("page", page.to_string()),
            ],
        )
    };
    let body = html! {
        h1 { (title) }
        form method="get" action="/admin/audit" class="filters" {
            div class="grid" {
                (select(Field::new("user", ctx.t("audit-filter-user"), &selected_user), &user_options, &no_errors))
                (input(Field::new("from", ctx.t("audit-filter-from"), &from).kind("date"), &no_errors))
                (input(Field::new("to", ctx.t("audit-filter-to"), &to).kind("date"), &no_errors))
            }
            button type="submit" { (ctx.t("filter-apply")) }
        }
        p { (ctx.locale.t_args("audit-count", &[crate::web::i18n::arg("count", total)])) }
        table class="striped" {
            (table_head(ctx, &["audit-when", "audit-who", "audit-what", "audit-changes"]))
            tbody {
                @for line in lines {
                    tr {
                        td { time datetime=(line.entry.at.to_rfc3339()) { (format::date_time(ctx.locale, line.entry.at)) } }
                        td { (author(ctx, line)) }
                        td {
                            (ctx.t(&line.entry.action.label_key())) " · "
                            (ctx.t(&line.entry.entity.label_key())) " "
                            (line.entry.label.clone().unwrap_or_default())
                        }
                        td { (changes(ctx, line.entry.changes.as_ref())) }
                    }
                }
            }
        }
        (pagination(ctx, filter.page, total.div_ceil(PAGE_SIZE), page_url))
    };
    layout::page(ctx, &title, body)
}
