//! `/interactions`: the contact log, newest first, filtered and paged, with
//! its exports carrying the same filters. Views never query.

use maud::{Markup, html};

use super::filters::LogQuery;
use super::followups_views::about;
use super::store::{FollowUp, LOG_PAGE_SIZE};
use crate::entities::{InteractionChannel, OrgKind, campaign, user};
use crate::geography::Geography;
use crate::web::components::{
    empty_state, filters, pagination, record_options, table_head, url_with_query,
    vocabulary_options, with_all,
};
use crate::web::forms::{Field, FormErrors, input, select};
use crate::web::i18n::arg;
use crate::web::{Ctx, format, layout};

/// The filters' choices.
pub struct LogChoices {
    pub users: Vec<user::Model>,
    pub campaigns: Vec<campaign::Model>,
    pub geography: std::sync::Arc<Geography>,
}

pub struct LogPage<'a> {
    pub query: &'a LogQuery,
    pub rows: Vec<FollowUp>,
    pub total: u64,
    pub page: u64,
    pub choices: LogChoices,
}

pub fn page(ctx: &Ctx, p: &LogPage<'_>) -> Markup {
    let title = ctx.t("contact-log-title");
    let q = p.query;
    let pairs = q.pairs();
    let none = FormErrors::default();
    let page_url = |page: u64| {
        let mut pairs = pairs.clone();
        pairs.push(("page", page.to_string()));
        url_with_query("/interactions", &pairs)
    };
    let users = with_all(
        ctx,
        record_options(
            p.choices
                .users
                .iter()
                .map(|u| (u.id, u.display_name.as_str())),
        ),
    );
    let campaigns = with_all(
        ctx,
        record_options(p.choices.campaigns.iter().map(|c| (c.id, c.name.as_str()))),
    );
    let active = pairs.iter().filter(|(_, value)| !value.is_empty()).count();
    let body = html! {
        div class="page-head" {
            h1 { (title) }
            @if ctx.can_write() { a href="/interactions/new" role="button" { (ctx.t("directory-log-interaction")) } }
            a href="/follow-ups" { (ctx.t("follow-ups-title")) }
            p class="actions page-head-end" {
                (ctx.t("export-label")) " "
                a href=(url_with_query("/export/interactions.csv", &pairs)) download { "CSV" } " · "
                a href=(url_with_query("/export/interactions.json", &pairs)) download { "JSON" }
            }
        }
        (filters(ctx, active, html! {
            form method="get" action="/interactions" class="filters" {
                div class="filter-grid" {
                    (select(Field::new("user", ctx.t("contact-log-volunteer"), &q.user), &users, &none))
                    (input(Field::new("from", ctx.t("contact-log-from"), &q.from).kind("date"), &none))
                    (input(Field::new("to", ctx.t("contact-log-to"), &q.to).kind("date"), &none))
                    (select(Field::new("channel", ctx.t("interaction-channel"), &q.channel), &with_all(ctx, vocabulary_options::<InteractionChannel>(ctx)), &none))
                    (select(Field::new("campaign", ctx.t("interaction-campaign"), &q.campaign), &campaigns, &none))
                    (select(Field::new("kind", ctx.t("filter-kind"), &q.kind), &with_all(ctx, vocabulary_options::<OrgKind>(ctx)), &none))
                    (select(Field::new("region", ctx.t("filter-region"), &q.region), &with_all(ctx, p.choices.geography.region_options()), &none))
                }
                button type="submit" class="secondary" { (ctx.t("filter-apply")) }
            }
        }))
        p role="status" class="list-count" { (ctx.t_args("contact-log-count", &[arg("count", p.total)])) }
        @if p.rows.is_empty() {
            (empty_state(ctx, "directory-no-interactions"))
        } @else {
            div class="table-scroll" {
                table class="striped dense" {
                    (table_head(ctx, &["interaction-date", "interaction-channel", "follow-ups-about", "interaction-summary", "follow-ups-owner", "interaction-follow-up"]))
                    tbody {
                        @for f in &p.rows {
                            @let i = &f.interaction;
                            tr {
                                td { (format::date(ctx.locale, i.occurred_on)) }
                                td { (ctx.t(&i.channel.label_key())) }
                                td { (about(f)) }
                                td { (i.summary) }
                                td { (layout::or_dash(f.owner.as_deref())) }
                                td {
                                    @if let Some(d) = i.follow_up_on {
                                        (format::date(ctx.locale, d))
                                        @if i.follow_up_done { " " small class="muted" { "(" (ctx.t("follow-ups-done")) ")" } }
                                    } @else { (layout::or_dash(None)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pagination(ctx, p.page, p.total.div_ceil(LOG_PAGE_SIZE), page_url))
    };
    layout::page(ctx, &title, body)
}
