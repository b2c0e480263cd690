use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a volunteer typed at a stand, waiting in the event's triage queue.
/// The typed fields are cleared by triage (`triaged_at` set).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "capture_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub full_name: Option<String>,
    /// The organisation as typed, not yet matched to one.
    pub organisation_name: Option<String>,
    pub role: Option<String>,
    /// An e-mail address or a phone number, as typed.
    pub contact: Option<String>,
    /// What they asked.
    pub asked: Option<String>,
    pub follow_up: bool,
    pub triaged_at: Option<DateTimeUtc>,
    pub triaged_by: Option<i32>,
    /// The contact logged when it was triaged (none when discarded).
    pub interaction_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
