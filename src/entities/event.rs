#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub kind: EventKind,
    pub description: Option<String>,
    pub all_day: bool,
    /// Wall-clock start in `time_zone` (midnight for all-day events).
    pub start_local: DateTime,
    pub end_local: Option<DateTime>,
    /// IANA zone name, Europe/Paris by default.
    pub time_zone: String,
    /// First start as an instant, kept in step with `start_local`.
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    /// RFC 5545 RRULE value, e.g. `FREQ=YEARLY;BYMONTH=6`.
    pub rrule: Option<String>,
    pub rdates: Option<String>,
    pub exdates: Option<String>,
    pub place: Option<String>,
    pub commune: Option<String>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub online: bool,
    /// JSON array of theme strings.
    pub themes: Option<Json>,
    pub url: Option<String>,
    pub cfp_deadline: Option<Date>,
    pub cfp_url: Option<String>,
    pub participation: Participation,
    pub participants: Option<String>,
    pub external_uid: Option<String>,
    pub feed_id: Option<i32>,
    pub edited_fields: Option<Json>,
    pub seed_key: Option<String>,
    /// The lineage of a yearly event's editions, if linked to one.
    pub lineage_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
