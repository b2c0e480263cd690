//! Form components: every field has a label, shows its error next to it
//! (`aria-invalid`, `aria-describedby`) and keeps what was typed.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::context::Ctx;

/// Name of the hidden field (and `X-CSRF-Token` header) carrying the token.
pub const CSRF_FIELD: &str = "_csrf";

/// Field name → translated message.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(BTreeMap<String, String>);

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
}

/// The hidden CSRF field every state-changing form carries.
pub fn csrf_field(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf_token); }
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

fn described_by(name: &str, has_error: bool, has_hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_error {
        ids.push(format!("field-{name}-error"));
    }
    if has_hint {
        ids.push(format!("field-{name}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn field_notes(name: &str, error: Option<&str>, hint: Option<&str>) -> Markup {
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
