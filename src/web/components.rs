//! View pieces every area shares, as maud functions and small helpers:
//! page navigation, choice lists for `forms::select`, links carrying a
//! query, empty states, table heads and the edit-conflict notice.
//!
//! Written once here so that the pages look and behave alike (same
//! accessible markup, same encoding); nothing here knows a domain area.

use maud::{Markup, html};

use super::context::Ctx;
use super::forms::{FormErrors, described_by, field_notes};
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

/// A vocabulary value (a stage, a kind, a participation) as a coloured
/// badge. The label is always written out, so colour is never the only
/// signal; `app.css` colours each `data-vocabulary`/`data-value` pair.
pub fn badge<V: Vocabulary>(ctx: &Ctx, value: V) -> Markup {
    html! {
        span class="badge" data-vocabulary=(V::key()) data-value=(value.value()) { (ctx.t(&value.label_key())) }
    }
}

/// A list's filter form, folded behind a "Filters" button on a phone
/// (`app.js` closes it there and opens it on a wide screen, where the
/// button is hidden); `active` filters are counted on the button. Open
/// without the script.
pub fn filters(ctx: &Ctx, active: usize, form: Markup) -> Markup {
    html! {
        details class="filters-panel" data-filters open {
            summary {
                (ctx.t("filters-toggle"))
                @if active > 0 { " " span class="count-pill" { (active) } }
            }
            (form)
        }
    }
}

/// A dashboard card: a big count, what it counts, a link to the page
/// listing them; `tone` (`alert`, `ok`…) tints it, the words carry the meaning.
pub fn stat_card(label: &str, count: u64, href: &str, tone: &str, detail: Markup) -> Markup {
    html! {
        article class={ "stat-card " (tone) } {
            a href=(href) class="stat-link" {
                span class="stat-count" { (count) }
                " "
                span class="stat-label" { (label) }
            }
            (detail)
        }
    }
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

/// A record picker's field (see [`picker`]).
pub struct Pick<'a> {
    /// The hidden field carrying the chosen id (`organisation_id`…); the
    /// text field is `{field}_name`.
    pub field: &'a str,
    pub label: String,
    /// Where the script looks records up (`/pick/organisations`).
    pub source: &'a str,
    /// The chosen id, if any.
    pub id: &'a str,
    /// The typed name, or the chosen record's label.
    pub text: &'a str,
    pub required: bool,
    /// Replaces the general "type a few letters…" hint.
    pub hint: Option<String>,
}

impl<'a> Pick<'a> {
    pub fn new(field: &'a str, label: String, source: &'a str) -> Self {
        Pick {
            field,
            label,
            source,
            id: "",
            text: "",
            required: false,
            hint: None,
        }
    }

    /// The record chosen (its id and label), or the name typed.
    pub fn value(mut self, id: &'a str, text: &'a str) -> Self {
        self.id = id;
        self.text = text;
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// One field to choose a record among thousands: a text field (a combobox
/// once `app.js` runs: suggestions as one types, arrows, Enter, Escape)
/// and a hidden field for the chosen id. Without JavaScript the name typed
/// is sent and the server resolves it (`forms::Fields::picked`); when
/// several records bear it, they come back here as radio buttons.
pub fn picker(ctx: &Ctx, pick: Pick<'_>, errors: &FormErrors) -> Markup {
    let field = pick.field;
    let error = errors.get(field);
    let candidates = errors.candidates(field);
    let list = format!("field-{field}-list");
    html! {
        div class="picker" data-picker=(pick.source) data-picker-empty=(ctx.t("pick-no-match")) {
            label for={ "field-" (field) } {
                (pick.label)
                @if pick.required { " " span aria-hidden="true" { "*" } }
            }
            input type="text" id={ "field-" (field) } name={ (field) "_name" } value=(pick.text)
                role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls=(list)
                autocomplete="off" spellcheck="false"
                required[pick.required && candidates.is_empty()]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(field, error.is_some(), true)];
            // The radios below carry the choice when there are some.
            @if candidates.is_empty() {
                input type="hidden" name=(field) value=(pick.id) data-picker-id;
            }
            ul id=(list) role="listbox" aria-label=(pick.label) class="picker-list" hidden {}
            (field_notes(field, error, Some(&pick.hint.clone().unwrap_or_else(|| ctx.t("pick-hint")))))
            @if !candidates.is_empty() {
                fieldset class="picker-candidates" {
                    legend { (ctx.t("pick-candidates")) }
                    @for c in candidates {
                        label for={ "field-" (field) "-" (c.id) } {
                            input type="radio" id={ "field-" (field) "-" (c.id) } name=(field) value=(c.id) required[pick.required];
                            (c.label)
                            @if !c.detail.is_empty() { " " small class="muted" { "· " (c.detail) } }
                        }
                    }
                }
            }
        }
    }
}

/// The note of local context of an organisation's commune (see `geo`),
/// where the organisation is shown (its page, the contact form): what to
/// know before approaching. Public facts only, dated and sourced.
pub fn local_context(
    ctx: &Ctx,
    commune: &crate::entities::commune::Model,
    note: Option<&crate::entities::commune_note::Model>,
) -> Markup {
    use crate::web::record::{fact, text};
    html! {
        aside class="commune-note-aside" data-commune-note=(commune.code) {
            h3 { (ctx.t_args("geo-note-about", &[arg("commune", commune.name.clone())])) }
            @match note {
                Some(n) => {
                    dl class="facts commune-note" {
                        (fact(ctx.t("geo-note-library-decides"), text(n.library_decides.as_deref())))
                        (fact(ctx.t("geo-note-priorities"), text(n.priorities.as_deref())))
                        (fact(ctx.t("geo-note-mayor"), text(n.mayor.as_deref())))
                    }
                    p class="note-source muted" {
                        (ctx.t_args("geo-note-dated", &[
                            arg("date", super::format::date(ctx.locale, n.noted_on)),
                            arg("source", n.source.clone()),
                        ]))
                    }
                }
                None => p class="muted" { (ctx.t("geo-note-none")) },
            }
            p { a href={ "/communes/" (commune.code) } { (commune.name) } }
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

    #[test]
    fn a_picker_is_a_combobox_and_offers_the_namesakes_as_radios() {
        use crate::web::forms::Candidate;
        let pick = || Pick::new("venue_id", "Lieu".into(), "/pick/organisations");
        let plain = picker(&ctx(), pick().value("7", "Ping"), &FormErrors::default()).into_string();
        for part in [
            r#"name="venue_id_name" value="Ping" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="field-venue_id-list""#,
            r#"<input type="hidden" name="venue_id" value="7""#,
            r#"<ul id="field-venue_id-list" role="listbox""#,
            r#"data-picker="/pick/organisations""#,
        ] {
            assert!(plain.contains(part), "{part} in {plain}");
        }
        let mut errors = FormErrors::default();
        errors.add("venue_id", "Plusieurs fiches correspondent : précisez");
        let candidate = |id, detail: &str| Candidate {
            id,
            label: "Médiathèque".into(),
            detail: detail.into(),
        };
        errors.offer(
            "venue_id",
            vec![candidate(1, "Rennes"), candidate(2, "Nantes")],
        );
        let ambiguous = picker(&ctx(), pick().value("", "Médiathèque"), &errors).into_string();
        assert!(
            !ambiguous.contains(r#"type="hidden""#),
            "the radios carry the choice"
        );
        assert!(
            ambiguous.contains(r#"type="radio" id="field-venue_id-2" name="venue_id" value="2""#)
        );
        assert!(ambiguous.contains("Nantes") && ambiguous.contains("aria-invalid=\"true\""));
    }
}
