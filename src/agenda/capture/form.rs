//! The capture form (at the stand) and the triage form (after the day),
//! kept as typed and read into a [`CaptureInput`] or a [`Triage`]. Every
//! text has its limit, checked here, the same on SQLite and PostgreSQL
//! (whose columns are that long).

use chrono::{Duration, NaiveDate};
use sea_orm::DbErr;

use super::store::{CaptureInput, OrganisationChoice, PersonChoice, Triage, captured_on};
use crate::app::AppState;
use crate::directory::form::OrganisationForm;
use crate::entities::{LawfulBasis, OrgKind, capture_entry, event};
use crate::values::Email;
use crate::web::Ctx;
use crate::web::forms::{Fields, FormErrors};

/// Limits of the typed fields, in characters (the columns' lengths).
pub mod limits {
    pub const NAME: usize = 200;
    pub const ORGANISATION: usize = 200;
    pub const ROLE: usize = 200;
    pub const CONTACT: usize = 254;
    pub const ASKED: usize = 2_000;
}

/// Days after the stand a follow-up is proposed for, when one is wanted.
const FOLLOW_UP_DAYS: i64 = 7;

/// The value of `name` in a submitted form (the last one when repeated).
fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// An e-mail address (it has an `@`) or a phone number, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(String),
    Phone(String),
}

impl Contact {
    /// Reads what was typed; the translation key of the problem otherwise.
    pub fn parse(text: &str) -> Result<Contact, &'static str> {
        let text = text.trim();
        if text.contains('@') {
            return Email::parse(text)
                .map(|e| Contact::Email(e.to_string()))
                .map_err(|_| "capture-error-contact");
        }
        let allowed = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()/".contains(c));
        let digits = text.chars().filter(char::is_ascii_digit).count();
        if allowed && (6..=20).contains(&digits) {
            Ok(Contact::Phone(text.to_owned()))
        } else {
            Err("capture-error-contact")
        }
    }

    /// As (e-mail, phone).
    pub fn split(contact: Option<&str>) -> (Option<String>, Option<String>) {
        match contact.map(Contact::parse) {
            Some(Ok(Contact::Email(e))) => (Some(e), None),
            Some(Ok(Contact::Phone(p))) => (None, Some(p)),
            _ => (None, None),
        }
    }
}

/// The capture form as typed.
#[derive(Debug, Clone, Default)]
pub struct CaptureForm {
    pub full_name: String,
    pub organisation: String,
    pub role: String,
    pub contact: String,
    pub asked: String,
    pub follow_up: bool,
}

impl CaptureForm {
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        CaptureForm {
            full_name: field(fields, "full_name").to_owned(),
            organisation: field(fields, "organisation").to_owned(),
            role: field(fields, "role").to_owned(),
            contact: field(fields, "contact").to_owned(),
            asked: field(fields, "asked").to_owned(),
            follow_up: !field(fields, "follow_up").trim().is_empty(),
        }
    }

    pub fn parse(&self, ctx: &Ctx) -> Result<CaptureInput, FormErrors> {
        let mut f = Fields::new(ctx);
        let full_name = f.required_text("full_name", &self.full_name, limits::NAME);
        let organisation_name =
            f.optional_text("organisation", &self.organisation, limits::ORGANISATION);
        let role = f.optional_text("role", &self.role, limits::ROLE);
        let contact = f.optional_text("contact", &self.contact, limits::CONTACT);
        let contact = match contact {
            Some(text) => match Contact::parse(&text) {
                Ok(Contact::Email(e)) => Some(e),
                Ok(Contact::Phone(p)) => Some(p),
                Err(key) => {
                    f.error("contact", key);
                    None
                }
            },
            None => None,
        };
        let asked = f.optional_text("asked", &self.asked, limits::ASKED);
        f.finish()?;
        let Some(full_name) = full_name else {
            return Err(FormErrors::default());
        };
        Ok(CaptureInput {
            full_name,
            organisation_name,
            role,
            contact,
            asked,
            follow_up: self.follow_up,
        })
    }
}

/// The triage form as typed: who the entry is (`person`: an id among the
/// suggestions, `pick` for the picker, `new`), where they work
/// (`organisation`: an id, `pick`, `new` or `none`), and the rest.
#[derive(Debug, Clone, Default)]
pub struct TriageForm {
    pub person: String,
    pub person_id: String,
    pub person_id_name: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub organisation: String,
    pub organisation_id: String,
    pub organisation_id_name: String,
    pub organisation_name: String,
    pub organisation_kind: String,
    pub role: String,
    pub lawful_basis: String,
    pub source: String,
    pub summary: String,
    pub follow_up_on: String,
}

impl TriageForm {
    /// The form as first shown: what was typed at the stand, the first
    /// suggestion chosen (or a new person / organisation when none).
    pub fn prefilled(
        ctx: &Ctx,
        entry: &capture_entry::Model,
        e: &event::Model,
        first_person: Option<i32>,
        first_organisation: Option<i32>,
    ) -> Self {
        let (email, phone) = Contact::split(entry.contact.as_deref());
        let day = captured_on(entry);
        let typed_organisation = entry.organisation_name.clone().unwrap_or_default();
        TriageForm {
            person: first_person.map_or("new".into(), |id| id.to_string()),
            full_name: entry.full_name.clone().unwrap_or_default(),
            email: email.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            organisation: match (first_organisation, typed_organisation.is_empty()) {
                (Some(id), _) => id.to_string(),
                (None, false) => "new".into(),
                (None, true) => "none".into(),
            },
            organisation_name: typed_organisation,
            organisation_kind: OrgKind::Library.as_str().into(),
            role: entry
                .role
                .clone()
                .unwrap_or_else(|| ctx.t("capture-role-default")),
            lawful_basis: LawfulBasis::LegitimateInterest.as_str().into(),
            source: ctx.t_args(
                "capture-source",
                &[
                    crate::web::i18n::arg("event", e.title.clone()),
                    crate::web::i18n::arg("date", crate::web::format::date(ctx.locale, day)),
                ],
            ),
            summary: entry.asked.clone().unwrap_or_else(|| {
                ctx.t_args(
                    "capture-summary-default",
                    &[crate::web::i18n::arg("event", e.title.clone())],
                )
            }),
            follow_up_on: if entry.follow_up {
                follow_up_day(day).to_string()
            } else {
                String::new()
            },
            ..Default::default()
        }
    }

    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let get = |name: &str| field(fields, name).to_owned();
        TriageForm {
            person: get("person"),
            person_id: get("person_id"),
            person_id_name: get("person_id_name"),
            full_name: get("full_name"),
            email: get("email"),
            phone: get("phone"),
            organisation: get("organisation"),
            organisation_id: get("organisation_id"),
            organisation_id_name: get("organisation_id_name"),
            organisation_name: get("organisation_name"),
            organisation_kind: get("organisation_kind"),
            role: get("role"),
            lawful_basis: get("lawful_basis"),
            source: get("source"),
            summary: get("summary"),
            follow_up_on: get("follow_up_on"),
        }
    }

    /// Reads the decision, looking up the records chosen (before any
    /// transaction: SQLite has one connection); every error at once.
    pub async fn parse(
        &self,
        ctx: &Ctx,
        state: &AppState,
        day: NaiveDate,
    ) -> Result<Result<Triage, FormErrors>, DbErr> {
        let db = &state.db;
        let mut f = Fields::new(ctx);
        let full_name = f.optional_text("full_name", &self.full_name, limits::NAME);
        let email = match f.optional_text("email", &self.email, limits::CONTACT) {
            Some(text) => match Email::parse(&text) {
                Ok(e) => Some(e.to_string()),
                Err(key) => {
                    f.error("email", key);
                    None
                }
            },
            None => None,
        };
        let phone = match f.optional_text("phone", &self.phone, limits::CONTACT) {
            Some(text) => match Contact::parse(&text) {
                Ok(Contact::Phone(p)) => Some(p),
                _ => {
                    f.error("phone", "capture-error-phone");
                    None
                }
            },
            None => None,
        };
        let person = match self.person.trim() {
            "new" => match &full_name {
                Some(name) => Some(PersonChoice::New {
                    full_name: name.clone(),
                }),
                None => {
                    if !f.has_error("full_name") {
                        f.error("full_name", "error-required");
                    }
                    None
                }
            },
            "pick" => f
                .required_picked(
                    "person_id",
                    &self.person_id,
                    &self.person_id_name,
                    "capture-error-person",
                    "capture-error-person",
                    async |id| crate::people::store::get_not_erased(db, id).await,
                    async |name| crate::search::pick::people(state, name).await,
                )
                .await?
                .map(|p| PersonChoice::Existing(p.id)),
            id => f
                .required_existing("person", id, "capture-error-person", async |id| {
                    crate::people::store::get_not_erased(db, id).await
                })
                .await?
                .map(|p| PersonChoice::Existing(p.id)),
        };
        let organisation = match self.organisation.trim() {
            "none" => Some(OrganisationChoice::None),
            "new" => {
                let name = f.required_text(
                    "organisation_name",
                    &self.organisation_name,
                    limits::ORGANISATION,
                );
                let kind = f.choice::<OrgKind>("organisation_kind", &self.organisation_kind);
                match (name, kind) {
                    (Some(name), Some(kind)) => {
                        // The directory's own form: a new organisation is
                        // checked as anywhere else.
                        let form = OrganisationForm {
                            name,
                            kind: kind.as_str().into(),
                            ..OrganisationForm::blank()
                        };
                        match form.parse(ctx, state, None).await? {
                            Ok(input) => Some(OrganisationChoice::New(Box::new(input))),
                            Err(_) => {
                                f.error("organisation_name", "capture-error-organisation-new");
                                None
                            }
                        }
                    }
                    _ => None,
                }
            }
            "pick" => f
                .required_picked(
                    "organisation_id",
                    &self.organisation_id,
                    &self.organisation_id_name,
                    "capture-error-organisation",
                    "capture-error-organisation",
                    async |id| crate::directory::store::get(db, id).await,
                    async |name| crate::search::pick::organisations(state, ctx, name).await,
                )
                .await?
                .map(|o| OrganisationChoice::Existing(o.id)),
            id => f
                .required_existing(
                    "organisation",
                    id,
                    "capture-error-organisation",
                    async |id| crate::directory::store::get(db, id).await,
                )
                .await?
                .map(|o| OrganisationChoice::Existing(o.id)),
        };
        let role = f.optional_text("role", &self.role, limits::ROLE);
        let lawful_basis = f.choice::<LawfulBasis>("lawful_basis", &self.lawful_basis);
        let source = f.required_text("source", &self.source, crate::values::limits::LINE);
        let summary = f.required_text("summary", &self.summary, limits::ASKED);
        let follow_up_on = f.optional_date("follow_up_on", &self.follow_up_on);
        let follow_up_on = f.not_before(
            "follow_up_on",
            follow_up_on,
            Some(day),
            "capture-error-follow-up-before",
        );
        if let Err(errors) = f.finish() {
            return Ok(Err(errors));
        }
        let (Some(person), Some(organisation), Some(lawful_basis), Some(source), Some(summary)) =
            (person, organisation, lawful_basis, source, summary)
        else {
            return Ok(Err(FormErrors::default()));
        };
        Ok(Ok(Triage {
            person,
            email,
            phone,
            organisation,
            role: role.unwrap_or_else(|| ctx.t("capture-role-default")),
            lawful_basis,
            source,
            summary,
            follow_up_on,
        }))
    }
}

/// The follow-up proposed for someone met on `day`.
pub fn follow_up_day(day: NaiveDate) -> NaiveDate {
    day + Duration::days(FOLLOW_UP_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_an_address_or_a_phone_number() {
        assert_eq!(
            Contact::parse(" Camille@Example.org "),
            Ok(Contact::Email("camille@example.org".into()))
        );
        assert_eq!(
            Contact::parse("+33 6 12 34 56 78"),
            Ok(Contact::Phone("+33 6 12 34 56 78".into()))
        );
        assert_eq!(Contact::parse("camille@"), Err("capture-error-contact"));
        assert_eq!(Contact::parse("au stand B"), Err("capture-error-contact"));
        assert_eq!(Contact::parse("12"), Err("capture-error-contact"));
        assert_eq!(
            Contact::split(Some("06 12 34 56 78")),
            (None, Some("06 12 34 56 78".into()))
        );
    }
}
