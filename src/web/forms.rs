//! Form components: every field has a label, shows its error next to it
//! (`aria-invalid`, `aria-describedby`) and keeps what was typed.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};
use sea_orm::DbErr;

use super::context::Ctx;

/// Name of the hidden field (and `X-CSRF-Token` header) carrying the token.
pub const CSRF_FIELD: &str = "_csrf";

/// Field name → translated message; and, for a record picked by a name
/// that several records bear, the candidates to choose from.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(BTreeMap<String, String>, BTreeMap<String, Vec<Candidate>>);

impl FormErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter()
    }

    /// Adds the errors (and candidates) found by another reader.
    pub fn extend(&mut self, other: FormErrors) {
        for (field, message) in other.0 {
            self.add(&field, message);
        }
        self.1.extend(other.1);
    }

    /// Offers `candidates` for `field` (a name several records bear).
    pub fn offer(&mut self, field: &str, candidates: Vec<Candidate>) {
        self.1.insert(field.to_owned(), candidates);
    }

    /// The records offered for `field`, if its name was ambiguous.
    pub fn candidates(&self, field: &str) -> &[Candidate] {
        self.1.get(field).map(Vec::as_slice).unwrap_or_default()
    }
}

/// A record a picker offers: its id, its name as shown, and what tells it
/// apart from its namesakes (a commune, an organisation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub id: i32,
    pub label: String,
    pub detail: String,
}

/// An ISO date (`2027-03-15`) between the years 1 and 9999 — the dates a
/// form, a filter or a file gives (chrono's own range would let date
/// arithmetic overflow further on).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1..=9999).contains(&d.year()))
}

/// Reads a form's fields into typed values, field by field: each reader
/// returns the value, or records the field's error (translated) and returns
/// `None`, so one pass finds every mistake. [`Fields::finish`] gives the
/// errors, if any. The recurring kinds of field live here, once.
pub struct Fields<'a> {
    ctx: &'a Ctx,
    errors: FormErrors,
}

impl<'a> Fields<'a> {
    pub fn new(ctx: &'a Ctx) -> Self {
        Fields {
            ctx,
            errors: FormErrors::default(),
        }
    }

    /// Records an error found by the area's own rules.
    pub fn error(&mut self, field: &str, key: &str) {
        self.errors.add(field, self.ctx.t(key));
    }

    /// A refusal whose message names a value (already translated).
    pub fn error_message(&mut self, field: &str, message: String) {
        self.errors.add(field, message);
    }

    pub fn has_error(&self, field: &str) -> bool {
        self.errors.get(field).is_some()
    }

    /// Trimmed text that must be there, at most `max` characters.
    pub fn required_text(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            self.error(field, "error-required");
            None
        } else {
            self.limited(field, text, max)
        }
    }

    /// Trimmed text, `None` when blank, at most `max` characters.
    pub fn optional_text(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            None
        } else {
            self.limited(field, text, max)
        }
    }

    fn limited(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        if text.chars().count() > max {
            self.error(field, "error-too-long");
            None
        } else {
            Some(text.to_owned())
        }
    }

    /// A date that must be there.
    pub fn date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        if text.trim().is_empty() {
            self.error(field, "error-required");
            return None;
        }
        self.optional_date(field, text)
    }

    /// A date, `None` when blank or invalid (then with its error).
    pub fn optional_date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        if text.trim().is_empty() {
            return None;
        }
        let date = parse_date(text);
        if date.is_none() {
            self.error(field, "error-date-invalid");
        }
        date
    }

    /// `later` must not come before `earlier` (an end before its start, a
    /// follow-up before the contact): else `later` is refused with `key`.
    pub fn not_before(
        &mut self,
        field: &str,
        later: Option<NaiveDate>,
        earlier: Option<NaiveDate>,
        key: &str,
    ) -> Option<NaiveDate> {
        match (later, earlier) {
            (Some(l), Some(e)) if l < e => {
                self.error(field, key);
                None
            }
            _ => later,
        }
    }

    /// One value of a closed list (a vocabulary), which must be chosen.
    pub fn choice<T: FromStr>(&mut self, field: &str, text: &str) -> Option<T> {
        let parsed = text.trim().parse::<T>().ok();
        if parsed.is_none() {
            self.error(field, "error-choice-invalid");
        }
        parsed
    }

    /// The same, `None` when left blank.
    pub fn optional_choice<T: FromStr>(&mut self, field: &str, text: &str) -> Option<T> {
        if text.trim().is_empty() {
            return None;
        }
        self.choice(field, text)
    }

    /// A whole number within `range`, `None` when blank; else refused with
    /// `invalid_key` (a duration, an attendance).
    pub fn optional_number(
        &mut self,
        field: &str,
        text: &str,
        range: std::ops::RangeInclusive<i32>,
        invalid_key: &str,
    ) -> Option<i32> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let number = text.parse::<i32>().ok().filter(|n| range.contains(n));
        if number.is_none() {
            self.error(field, invalid_key);
        }
        number
    }

    /// A record chosen by its id (a select, a picker): `None` when blank;
    /// an id that is no number, or that `find` does not find, is refused
    /// with `unknown_key`.
    pub async fn existing<T>(
        &mut self,
        field: &str,
        text: &str,
        unknown_key: &str,
        find: impl AsyncFnOnce(i32) -> Result<Option<T>, DbErr>,
    ) -> Result<Option<T>, DbErr> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        self.required_existing(field, text, unknown_key, find).await
    }

    /// The same for a choice that must be made: blank is refused too.
    pub async fn required_existing<T>(
        &mut self,
        field: &str,
        text: &str,
        unknown_key: &str,
        find: impl AsyncFnOnce(i32) -> Result<Option<T>, DbErr>,
    ) -> Result<Option<T>, DbErr> {
        let text = text.trim();
        let found = match text.parse::<i32>() {
            Ok(id) => find(id).await?,
            Err(_) => None,
        };
        if found.is_none() {
            self.error(field, unknown_key);
        }
        Ok(found)
    }

    /// A record chosen with a picker (`web::components::picker`): the id
    /// its script set wins; without it (no JavaScript, or a name typed and
    /// not chosen), the typed `name` is looked up: one record → that one;
    /// several → refused, with the candidates offered to choose from;
    /// none → refused with `unknown_key`. `None` when both are blank.
    pub async fn picked<T>(
        &mut self,
        field: &str,
        id: &str,
        name: &str,
        unknown_key: &str,
        find: impl AsyncFnOnce(i32) -> Result<Option<T>, DbErr>,
        lookup: impl AsyncFnOnce(&str) -> Result<Vec<Candidate>, DbErr>,
    ) -> Result<Option<T>, DbErr> {
        if !id.trim().is_empty() {
            return self.required_existing(field, id, unknown_key, find).await;
        }
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let mut candidates = lookup(name).await?;
        match candidates.len() {
            0 => {
                self.error(field, unknown_key);
                Ok(None)
            }
            1 => {
                let id = candidates.remove(0).id.to_string();
                self.required_existing(field, &id, unknown_key, find).await
            }
            _ => {
                self.error(field, "pick-ambiguous");
                self.errors.offer(field, candidates);
                Ok(None)
            }
        }
    }

    /// The same for a record that must be chosen: blank is refused with
    /// `required_key`.
    #[allow(clippy::too_many_arguments)]
    pub async fn required_picked<T>(
        &mut self,
        field: &str,
        id: &str,
        name: &str,
        required_key: &str,
        unknown_key: &str,
        find: impl AsyncFnOnce(i32) -> Result<Option<T>, DbErr>,
        lookup: impl AsyncFnOnce(&str) -> Result<Vec<Candidate>, DbErr>,
    ) -> Result<Option<T>, DbErr> {
        if id.trim().is_empty() && name.trim().is_empty() {
            self.error(field, required_key);
            return Ok(None);
        }
        self.picked(field, id, name, unknown_key, find, lookup)
            .await
    }

    /// The errors found, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), FormErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// The hidden fields every state-changing form carries: the CSRF token,
/// and a one-time key so that the form is handled once (see [`super::once`]).
pub fn csrf_field(ctx: &Ctx) -> Markup {
    html! {
        input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf_token);
        input type="hidden" name=(super::once::ONCE_FIELD) value=(super::once::new_key());
    }
}

/// A summary of errors at the top of a form, linking to each field.
pub fn error_summary(ctx: &Ctx, errors: &FormErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div role="alert" class="error-summary" {
                p { strong { (ctx.t("form-has-errors")) } }
                ul {
                    @for (field, message) in errors.iter() {
                        li { a href={ "#field-" (field) } { (message) } }
                    }
                }
            }
        }
    }
}

pub struct Field<'a> {
    pub name: &'a str,
    pub label: String,
    pub value: &'a str,
    pub required: bool,
    pub kind: &'a str,
    pub hint: Option<String>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: String, value: &'a str) -> Self {
        Field {
            name,
            label,
            value,
            required: false,
            kind: "text",
            hint: None,
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }

    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}

pub(crate) fn described_by(name: &str, has_error: bool, has_hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_error {
        ids.push(format!("field-{name}-error"));
    }
    if has_hint {
        ids.push(format!("field-{name}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

pub(crate) fn field_notes(name: &str, error: Option<&str>, hint: Option<&str>) -> Markup {
    html! {
        @if let Some(error) = error {
            small id={ "field-" (name) "-error" } class="field-error" { (error) }
        }
        @if let Some(hint) = hint {
            small id={ "field-" (name) "-hint" } { (hint) }
        }
    }
}

/// `<label>` + `<input>`.
pub fn input(field: Field<'_>, errors: &FormErrors) -> Markup {
    let error = errors.get(field.name);
    html! {
        label for={ "field-" (field.name) } {
            (field.label)
            @if field.required { " " span aria-hidden="true" { "*" } }
            input type=(field.kind) id={ "field-" (field.name) } name=(field.name) value=(field.value)
                required[field.required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(field.name, error.is_some(), field.hint.is_some())];
            (field_notes(field.name, error, field.hint.as_deref()))
        }
    }
}

/// `<label>` + `<textarea>`.
pub fn textarea(field: Field<'_>, errors: &FormErrors) -> Markup {
    let error = errors.get(field.name);
    html! {
        label for={ "field-" (field.name) } {
            (field.label)
            @if field.required { " " span aria-hidden="true" { "*" } }
            textarea id={ "field-" (field.name) } name=(field.name) rows="4"
                required[field.required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(field.name, error.is_some(), field.hint.is_some())] { (field.value) }
            (field_notes(field.name, error, field.hint.as_deref()))
        }
    }
}

/// `<label>` + `<select>`; `options` are (value, label) pairs.
pub fn select(field: Field<'_>, options: &[(String, String)], errors: &FormErrors) -> Markup {
    let error = errors.get(field.name);
    html! {
        label for={ "field-" (field.name) } {
            (field.label)
            @if field.required { " " span aria-hidden="true" { "*" } }
            select id={ "field-" (field.name) } name=(field.name)
                required[field.required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(field.name, error.is_some(), field.hint.is_some())] {
                @for (value, label) in options {
                    option value=(value) selected[value == field.value] { (label) }
                }
            }
            (field_notes(field.name, error, field.hint.as_deref()))
        }
    }
}

/// A checkbox with its label.
pub fn checkbox(name: &str, label: String, checked: bool) -> Markup {
    html! {
        label for={ "field-" (name) } {
            input type="checkbox" id={ "field-" (name) } name=(name) value="on" checked[checked];
            (label)
        }
    }
}
