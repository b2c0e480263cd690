#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "workshop_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kit_id: i32,
    pub venue_organisation_id: Option<i32>,
    pub facilitator_person_id: Option<i32>,
    pub run_by_us: bool,
    pub we_attend: bool,
    pub held_on: Date,
    pub attendance: Option<i32>,
    pub feedback: Option<String>,
    pub campaign_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Run by a mediator with none of us there: what "reproducible" means.
    pub fn without_us(&self) -> bool {
        !self.run_by_us && !self.we_attend
    }
}
