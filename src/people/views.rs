//! Privacy pages.

use maud::{Markup, html};

use crate::entities::person;
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input};
use crate::web::i18n::arg;
use crate::web::{Ctx, format, layout};

/// How a person is named on pages: erased people stay counted, unnamed.
pub fn display_name(ctx: &Ctx, person: &person::Model) -> String {
    if person.erased_at.is_some() {
        ctx.t("person-erased")
    } else {
        person.full_name.clone()
    }
}

fn confirmation(ctx: &Ctx, person: &person::Model, error: bool) -> Markup {
    let title = ctx.t("erase-title");
    let mut errors = FormErrors::default();
    if error {
        errors.add("confirm", ctx.t("erase-confirm-missing"));
    }
    let body = html! {
        article {
            h1 { (title) " : " (person.full_name) }
            p { (ctx.t("erase-explanation")) }
            ul {
                li { (ctx.t("erase-what-row")) }
                li { (ctx.t("erase-what-memberships")) }
                li { (ctx.t("erase-what-mentions")) }
                li { (ctx.t("erase-what-search")) }
            }
            p { strong { (ctx.t("erase-irreversible")) } " "
                a href={ "/people/" (person.id) "/export" } { (ctx.t("erase-export-first")) } }
            (error_summary(ctx, &errors))
            form method="post" action={ "/people/" (person.id) "/erase" } {
                (csrf_field(ctx))
                (input(Field::new("confirm", ctx.t("erase-confirm-label"), "").required(), &errors))
                button type="submit" class="contrast" { (ctx.t("erase-submit")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn erase_confirmation(ctx: &Ctx, person: &person::Model) -> Markup {
    confirmation(ctx, person, false)
}

pub fn erase_confirmation_with_error(ctx: &Ctx, person: &person::Model) -> Markup {
    confirmation(ctx, person, true)
}

pub fn erased(ctx: &Ctx) -> Markup {
    let title = ctx.t("erase-done-title");
    layout::page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p role="status" { (ctx.t("erase-done")) }
            p { a href="/people/review" { (ctx.t("review-title")) } }
        },
    )
}

pub fn review(ctx: &Ctx, months: u32, people: &[person::Model]) -> Markup {
    let title = ctx.t("review-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.locale.t_args("review-intro", &[arg("months", months)])) }
        form method="get" action="/people/review" class="inline-form" {
            label for="review-months" { (ctx.t("review-months")) }
            input type="number" id="review-months" name="months" min="1" max="240" value=(months);
            button type="submit" { (ctx.t("filter-apply")) }
        }
        @if people.is_empty() {
            p { (ctx.t("review-empty")) }
        } @else {
            div class="overflow-auto" {
                table class="striped" {
                    thead { tr {
                        th scope="col" { (ctx.t("person-name")) }
                        th scope="col" { (ctx.t("person-lawful-basis")) }
                        th scope="col" { (ctx.t("review-last-change")) }
                        th scope="col" { (ctx.t("review-actions")) }
                    } }
                    tbody {
                        @for p in people {
                            tr {
                                td { a href={ "/people/" (p.id) } { (display_name(ctx, p)) } }
                                td { (ctx.t(&p.lawful_basis.label_key())) }
                                td { (format::date(ctx.locale, p.updated_at.date_naive())) }
                                td {
                                    a href={ "/people/" (p.id) "/export" } { (ctx.t("person-export")) }
                                    @if ctx.is_admin() {
                                        " · " a href={ "/people/" (p.id) "/erase" } { (ctx.t("person-erase")) }
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

pub fn settings(ctx: &Ctx, review_months: &str, errors: &FormErrors, saved: bool) -> Markup {
    let title = ctx.t("settings-title");
    let body = html! {
        h1 { (title) }
        @if saved { p role="status" class="flash" { (ctx.t("settings-saved")) } }
        (error_summary(ctx, errors))
        form method="post" action="/admin/settings" {
            (csrf_field(ctx))
            (input(Field::new("review_months", ctx.t("settings-review-months"), review_months).kind("number").required().hint(ctx.t("settings-review-months-hint")), errors))
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}
