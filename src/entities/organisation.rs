#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// `name` with accents and case folded, for lists in French order
    /// (see [`crate::values::sort_key`]).
    pub sort_name: Option<String>,
    pub acronym: Option<String>,
    pub kind: OrgKind,
    pub parent_id: Option<i32>,
    pub scope: Scope,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub commune: Option<String>,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub contact_form_url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub governance_notes: Option<String>,
    pub workshops_offered: Option<String>,
    /// JSON array of [`WorkshopRunner`] values.
    pub workshop_runners: Option<Json>,
    pub external_id: Option<String>,
    pub seed_key: Option<String>,
    pub extra: Option<Json>,
    /// Population of the commune, from the national list of libraries
    /// (`pop_com`), kept on import.
    pub commune_population: Option<i32>,
    /// Audience of a list or newsletter, estimated by a volunteer…
    pub audience_estimate: Option<i32>,
    /// …and where that figure comes from.
    pub audience_source: Option<String>,
    /// How many libraries, members or readers it reaches: derived by
    /// [`crate::directory::reach`], never typed.
    pub reach: Option<i32>,
    /// The day the mandates of its elected members end (its board, a
    /// commission's members), when they are not on record one by one.
    pub mandates_end_on: Option<Date>,
    /// The body that elects them.
    pub mandates_elected_by: Option<String>,
    /// When relais acted on that end (see `campaign::mandates`).
    pub mandates_handled_on: Option<Date>,
    /// Its commune (INSEE code, see `geo`); `None` with a free-text
    /// `commune` means "to check".
    pub commune_code: Option<String>,
    /// Hours open per week (the national list's `amplitude_horaire`).
    pub weekly_opening_hours: Option<f64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
