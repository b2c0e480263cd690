//! View pieces every area shares, as maud functions and small helpers:
//! page navigation, choice lists for `forms::select`, links carrying a
//! query, empty states, table heads and the edit-conflict notice.
//!
//! Written once here so that the pages look and behave alike (same
//! accessible markup, same encoding); nothing here knows a domain area.

use maud::{Markup, html};

use super::context::Ctx;
use super::i18n::arg;
use crate::entities::Vocabulary;

/// `path` with `pairs` as its query string, percent-encoded; pairs with an
/// empty value are left out (an unset filter), and so is the `?` when
/// nothing is left.
pub fn url_with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let kept: Vec<&(&str, String)> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
    match serde_urlencoded::to_string(&kept) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

/// "Previous · Page N of M · Next" under a list. `page` counts from 0,
/// `pages` is the number of pages (nothing is shown for one or none), and
/// `link` gives the address of a page.
pub fn pagination(ctx: &Ctx, page: u64, pages: u64, link: impl Fn(u64) -> String) -> Markup {
    html! {
        @if pages > 1 {
            nav aria-label=(ctx.t("pagination")) {
                ul {
                    @if page > 0 {
                        li { a href=(link(page - 1)) rel="prev" { (ctx.t("page-previous")) } }
                    }
                    li { span aria-current="page" { (ctx.t_args("page-of", &[arg("page", page + 1), arg("pages", pages)])) } }
                    @if page + 1 < pages {
                        li { a href=(link(page + 1)) rel="next" { (ctx.t("page-next")) } }
                    }
                }
            }
        }
    }
}

/// Every value of a closed list as (value, translated label), in order.
pub fn vocabulary_options<V: Vocabulary>(ctx: &Ctx) -> Vec<(String, String)> {
    V::all()
        .iter()
        .map(|v| (v.value(), ctx.t(&v.label_key())))
        .collect()
}

/// Records as choices: the id as the value, the name as the label.
pub fn record_options<N: Into<String>>(
    records: impl IntoIterator<Item = (i32, N)>,
) -> Vec<(String, String)> {
    records
        .into_iter()
        .map(|(id, name)| (id.to_string(), name.into()))
        .collect()
}

/// `options` after a first choice with an empty value ("choose…",
/// "unchanged"…), labelled `label`.
pub fn with_first(
    label: String,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), label))
        .chain(options)
        .collect()
}

/// A filter's choices: "All" (no filter) first.
pub fn with_all(
    ctx: &Ctx,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    with_first(ctx.t("filter-all"), options)
}

/// An optional field's choices: "None" first.
pub fn with_none(
    ctx: &Ctx,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    with_first(ctx.t("filter-none"), options)
}

/// What a list or section says when it has nothing to show.
pub fn empty_state(ctx: &Ctx, message_key: &str) -> Markup {
    html! { p class="muted" { (ctx.t(message_key)) } }
}

/// A table's head row, one column heading per translation key.
pub fn table_head(ctx: &Ctx, keys: &[&str]) -> Markup {
    html! {
        thead { tr { @for key in keys { th scope="col" { (ctx.t(key)) } } } }
    }
}

/// Above an edit form sent back because someone saved the record
/// meanwhile: what they saved (`theirs`), then the user's input below.
pub fn conflict_notice(ctx: &Ctx, theirs: Markup) -> Markup {
    html! {
        div role="alert" class="error-summary" {
            p { strong { (ctx.t("conflict-explanation")) } }
            (theirs)
            p { (ctx.t("conflict-your-input")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;
    use crate::entities::Stage;

    fn ctx() -> Ctx {
        Ctx::from_headers(&HeaderMap::new(), "/".into())
    }

    #[test]
    fn urls_encode_their_query_and_leave_out_empty_values() {
        let url = url_with_query(
            "/organisations",
            &[
                ("name", "Saint-Étienne & co".into()),
                ("kind", String::new()),
                ("page", "2".into()),
            ],
        );
        assert_eq!(url, "/organisations?name=Saint-%C3%89tienne+%26+co&page=2");
        assert_eq!(
            url_with_query("/people", &[("q", String::new())]),
            "/people"
        );
    }

    #[test]
    fn pagination_links_the_neighbouring_pages_and_marks_the_current_one() {
        let link = |p: u64| format!("/list?page={p}");
        let middle = pagination(&ctx(), 1, 3, link).into_string();
        assert!(middle.contains(r#"href="/list?page=0" rel="prev""#));
        assert!(middle.contains(r#"href="/list?page=2" rel="next""#));
        assert!(middle.contains(r#"aria-current="page""#));
        let first = pagination(&ctx(), 0, 3, link).into_string();
        assert!(!first.contains("rel=\"prev\"") && first.contains("rel=\"next\""));
        assert!(pagination(&ctx(), 0, 1, link).into_string().is_empty());
    }

    #[test]
    fn choice_lists_come_from_vocabularies_and_records() {
        let stages = with_all(&ctx(), vocabulary_options::<Stage>(&ctx()));
        assert_eq!(stages.len(), Stage::ALL.len() + 1);
        assert_eq!(stages[0].0, "");
        assert_eq!(stages[1].0, Stage::ALL[0].as_str());
        let records = record_options([(7, "Ping")]);
        assert_eq!(records, vec![("7".to_owned(), "Ping".to_owned())]);
    }
}
