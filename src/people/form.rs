//! The person form, kept as typed and parsed into a [`PersonInput`].

use chrono::NaiveDate;
use serde::Deserialize;

use sea_orm::DbErr;

use super::store::{MembershipInput, PersonInput};
use crate::app::AppState;
use crate::entities::{LawfulBasis, person};
use crate::values::{Email, limits, optional_text};
use crate::web::Ctx;
use crate::web::forms::{Fields, FormErrors};

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
        let mut f = Fields::new(ctx);
        let full_name = f.required_text("full_name", &self.full_name, limits::NAME);
        let email = match optional_text(&self.email) {
            None => None,
            Some(text) => match Email::parse(&text) {
                Ok(email) => Some(email.to_string()),
                Err(key) => {
                    f.error("email", key);
                    None
                }
            },
        };
        let lawful_basis = f.choice::<LawfulBasis>("lawful_basis", &self.lawful_basis);
        let lawful_basis_on = f.optional_date("lawful_basis_on", &self.lawful_basis_on);
        let source = self.source.trim();
        if source.is_empty() {
            f.error("source", "person-source-required");
        }
        f.finish()?;
        match (full_name, lawful_basis) {
            (Some(full_name), Some(lawful_basis)) => Ok(PersonInput {
                full_name,
                email,
                phone: optional_text(&self.phone),
                notes: optional_text(&self.notes),
                lawful_basis,
                lawful_basis_on,
                source: source.to_owned(),
                do_not_contact: self.do_not_contact.is_some(),
            }),
            // Each missing value recorded its error above.
            _ => Err(FormErrors::default()),
        }
    }
}

/// A role in an organisation, as typed on the person's or the
/// organisation's page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MembershipForm {
    #[serde(default)]
    pub organisation_id: String,
    /// The organisation's name as typed in the picker (without JavaScript).
    #[serde(default)]
    pub organisation_id_name: String,
    #[serde(default)]
    pub person_id: String,
    /// The person's name as typed in the picker (without JavaScript).
    #[serde(default)]
    pub person_id_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub started_on: String,
    #[serde(default)]
    pub ended_on: String,
    /// For an elected or fixed-term role.
    #[serde(default)]
    pub mandate_ends_on: String,
    #[serde(default)]
    pub elected_by: String,
    #[serde(default)]
    pub back: String,
}

impl MembershipForm {
    /// Checks and writes the role in one transaction; nothing is written
    /// when anything is wrong, and each reason is given for its field.
    pub async fn save(
        &self,
        ctx: &Ctx,
        state: &AppState,
        person_id: Option<i32>,
        organisation_id: Option<i32>,
    ) -> Result<Result<(), FormErrors>, DbErr> {
        let db = &state.db;
        let input = match self.parse(ctx, state, person_id, organisation_id).await? {
            Ok(input) => input,
            Err(errors) => return Ok(Err(errors)),
        };
        crate::db::transaction(db, async |txn| {
            super::store::add_membership(txn, &input, ctx.actor_id()).await
        })
        .await?;
        Ok(Ok(()))
    }

    /// The role of `person_id` in `organisation_id`: each given by the
    /// page's address, or when `None` picked in the form (by id, or by the
    /// name typed); or every field error found.
    pub async fn parse(
        &self,
        ctx: &Ctx,
        state: &AppState,
        person_id: Option<i32>,
        organisation_id: Option<i32>,
    ) -> Result<Result<MembershipInput, FormErrors>, DbErr> {
        let db = &state.db;
        let mut f = Fields::new(ctx);
        let person = match person_id {
            Some(id) => super::store::get(db, id).await?,
            None => {
                f.required_picked(
                    "person_id",
                    &self.person_id,
                    &self.person_id_name,
                    "membership-person-required",
                    "membership-person-required",
                    async |id| super::store::get(db, id).await,
                    async |name| crate::search::pick::people(state, name).await,
                )
                .await?
            }
        };
        match &person {
            None if person_id.is_some() => f.error("person_id", "membership-person-required"),
            Some(p) if p.erased_at.is_some() => f.error("person_id", "erase-already"),
            _ => {}
        }
        let organisation = match organisation_id {
            Some(id) => crate::directory::store::get(db, id).await?,
            None => {
                f.required_picked(
                    "organisation_id",
                    &self.organisation_id,
                    &self.organisation_id_name,
                    "membership-organisation-required",
                    "membership-organisation-required",
                    async |id| crate::directory::store::get(db, id).await,
                    async |name| crate::search::pick::organisations(state, ctx, name).await,
                )
                .await?
            }
        };
        if organisation.is_none() && organisation_id.is_some() {
            f.error("organisation_id", "membership-organisation-required");
        }
        let role = self.role.trim();
        if role.is_empty() || role.chars().count() > limits::NAME {
            f.error("role", "membership-role-required");
        }
        let started_on = f.optional_date("started_on", &self.started_on);
        let ended_on = f.optional_date("ended_on", &self.ended_on);
        let ended_on = f.not_before(
            "ended_on",
            ended_on,
            started_on,
            "campaign-end-before-start",
        );
        let mandate_ends_on = f.optional_date("mandate_ends_on", &self.mandate_ends_on);
        let mandate_ends_on = f.not_before(
            "mandate_ends_on",
            mandate_ends_on,
            started_on,
            "campaign-end-before-start",
        );
        let elected_by = f.optional_text("elected_by", &self.elected_by, limits::NAME);
        if let Err(errors) = f.finish() {
            return Ok(Err(errors));
        }
        let (Some(person), Some(organisation)) = (person, organisation) else {
            return Ok(Err(FormErrors::default()));
        };
        Ok(Ok(MembershipInput {
            person_id: person.id,
            organisation_id: organisation.id,
            role: role.to_owned(),
            started_on,
            ended_on,
            mandate_ends_on,
            elected_by,
        }))
    }
}

/// The mandate fields of a role (its end, the body electing it), shown by
/// every form that adds a role: the person's page and the organisation's.
pub fn mandate_inputs(
    ctx: &Ctx,
    mandate_ends_on: &str,
    elected_by: &str,
    errors: &FormErrors,
) -> maud::Markup {
    use crate::web::forms::{Field, input};
    maud::html! {
        div class="grid" {
            (input(Field::new("mandate_ends_on", ctx.t("mandates-ends-on"), mandate_ends_on).kind("date")
                .hint(ctx.t("mandates-ends-on-hint")), errors))
            (input(Field::new("elected_by", ctx.t("mandates-elected-by"), elected_by), errors))
        }
    }
}
