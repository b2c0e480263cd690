//! The person form, kept as typed and parsed into a [`PersonInput`].

use chrono::NaiveDate;
use serde::Deserialize;

use super::store::PersonInput;
use crate::entities::{LawfulBasis, person};
use crate::values::{Email, optional_text};
use crate::web::Ctx;
use crate::web::forms::FormErrors;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub lawful_basis: String,
    #[serde(default)]
    pub lawful_basis_on: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub do_not_contact: Option<String>,
    #[serde(default)]
    pub version: String,
}

impl PersonForm {
    pub fn blank(today: NaiveDate) -> Self {
        PersonForm {
            lawful_basis: LawfulBasis::LegitimateInterest.as_str().into(),
            lawful_basis_on: today.to_string(),
            ..Default::default()
        }
    }

    pub fn from_model(p: &person::Model) -> Self {
        PersonForm {
            full_name: p.full_name.clone(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            notes: p.notes.clone().unwrap_or_default(),
            lawful_basis: p.lawful_basis.as_str().into(),
            lawful_basis_on: p.lawful_basis_on.map(|d| d.to_string()).unwrap_or_default(),
            source: p.source.clone().unwrap_or_default(),
            do_not_contact: p.do_not_contact.then(|| "on".into()),
            version: p.version.to_string(),
        }
    }

    pub fn parse(&self, ctx: &Ctx) -> Result<PersonInput, FormErrors> {
        let mut e = FormErrors::default();
        let full_name = self.full_name.trim();
        if full_name.is_empty() {
            e.add("full_name", ctx.t("error-required"));
        } else if full_name.chars().count() > crate::values::limits::NAME {
            e.add("full_name", ctx.t("error-too-long"));
        }
        let email = match optional_text(&self.email) {
            None => None,
            Some(text) => Email::parse(&text)
                .map_err(|key| e.add("email", ctx.t(key)))
                .ok()
                .map(|m| m.to_string()),
        };
        let lawful_basis = self
            .lawful_basis
            .parse::<LawfulBasis>()
            .map_err(|_| e.add("lawful_basis", ctx.t("error-choice-invalid")))
            .ok();
        let lawful_basis_on = match optional_text(&self.lawful_basis_on) {
            None => None,
            Some(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| e.add("lawful_basis_on", ctx.t("error-date-invalid")))
                .ok(),
        };
        let source = self.source.trim();
        if source.is_empty() {
            e.add("source", ctx.t("person-source-required"));
        }
        match lawful_basis {
            Some(lawful_basis) if e.is_empty() => Ok(PersonInput {
                full_name: full_name.to_owned(),
                email,
                phone: optional_text(&self.phone),
                notes: optional_text(&self.notes),
                lawful_basis,
                lawful_basis_on,
                source: source.to_owned(),
                do_not_contact: self.do_not_contact.is_some(),
            }),
            _ => Err(e),
        }
    }
}
