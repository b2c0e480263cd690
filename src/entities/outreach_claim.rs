use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// "I am contacting this organisation for this campaign until …": one row
/// per organisation and campaign, live while `until` has not passed (see
/// [`crate::campaign::claims`]).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outreach_claims")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub campaign_id: i32,
    /// The volunteer contacting the organisation.
    pub user_id: i32,
    /// The last day of the claim (Paris); from the next day it is not shown.
    pub until: Date,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
