//! The shared note of local context about a commune (public facts only).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "commune_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub commune_code: String,
    /// Who decides on the library (a deputy mayor, the intercommunality…).
    pub library_decides: Option<String>,
    /// The municipality's priorities for culture and digital inclusion.
    pub priorities: Option<String>,
    /// The mayor's public office and term.
    pub mayor: Option<String>,
    /// Where the facts come from (required).
    pub source: String,
    /// The day they were true (required).
    pub noted_on: Date,
    /// Who wrote the current version.
    pub user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
