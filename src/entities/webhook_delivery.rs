use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub webhook_id: i32,
    /// The event, e.g. `interaction.created`, `outreach.stage_changed` (see
    /// `webhooks::events`).
    pub event: String,
    pub entity: String,
    pub entity_id: i32,
    /// The record's name, for kinds that are not about a person.
    pub label: Option<String>,
    pub actor_id: Option<i32>,
    pub occurred_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// An instance sending it holds it until then.
    pub claimed_until: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    /// Given up after the last attempt.
    pub failed_at: Option<DateTimeUtc>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    /// What the event needs beyond the record (the stages of a move, the
    /// date cancelled…), sent as the body's `data`.
    pub data: Option<Json>,
    /// Set on deliveries no change queues (a follow-up falling due), unique
    /// per webhook: of several instances noticing it, one inserts it.
    pub once_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
