//! Saved view pages and the "save this view" form of the lists.

use maud::{Markup, html};

use super::LISTS;
use crate::entities::saved_view;
use crate::web::forms::{Field, FormErrors, checkbox, csrf_field, input};
use crate::web::{Ctx, layout};

pub fn list(ctx: &Ctx, user: i32, saved: &[saved_view::Model]) -> Markup {
    let title = ctx.t("saved-views-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("saved-views-intro")) }
        @if saved.is_empty() {
            p class="muted" { (ctx.t("saved-views-none")) }
        }
        @for (path, key) in LISTS {
            @let of_list: Vec<&saved_view::Model> = saved.iter().filter(|v| v.path == *path).collect();
            @if !of_list.is_empty() {
                h2 { (ctx.t(key)) }
                ul class="saved-views" {
                    @for v in of_list {
                        li {
                            a href={ "/views/" (v.id) } { (v.name) }
                            " " small class="muted" {
                                @if v.shared { (ctx.t("saved-view-shared")) } @else { (ctx.t("saved-view-personal")) }
                            }
                            @if v.user_id == user {
                                form method="post" action={ "/views/" (v.id) "/delete" } class="inline-form" {
                                    (csrf_field(ctx))
                                    button type="submit" class="small secondary outline" { (ctx.t("saved-view-delete")) }
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

/// "Enregistrer cette vue", under a list: its address as it is filtered
/// now, a name, and whether the team sees it.
pub fn save_form(ctx: &Ctx, path: &str, query: &str) -> Markup {
    html! {
        details class="save-view" {
            summary { (ctx.t("saved-view-save")) }
            form method="post" action="/views" {
                (csrf_field(ctx))
                input type="hidden" name="path" value=(path);
                input type="hidden" name="query" value=(query);
                (input(Field::new("view_name", ctx.t("saved-view-name"), "").required(), &FormErrors::default()))
                (checkbox("shared", ctx.t("saved-view-share"), false))
                button type="submit" class="small" { (ctx.t("saved-view-save")) }
                " " a href="/views" { (ctx.t("saved-views-title")) }
            }
        }
    }
}
