//! Audit queries: a record's history and the filterable global log.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::agenda::time::{DEFAULT_TZ, to_instant};
use crate::entities::{EntityKind, audit_entry, user};

/// An audit entry with its author's name resolved.
#[derive(Debug, Clone)]
pub struct AuditLine {
    pub entry: audit_entry::Model,
    pub author: Option<String>,
}

pub async fn history(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    id: i32,
) -> Result<Vec<AuditLine>, DbErr> {
    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(entity))
        .filter(audit_entry::Column::EntityId.eq(id))
        .order_by_desc(audit_entry::Column::At)
        .order_by_desc(audit_entry::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    with_authors(db, entries).await
}

#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub user_id: Option<i32>,
    /// Paris dates, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: u64,
}

pub const PAGE_SIZE: u64 = 50;

fn paris_midnight(date: NaiveDate) -> DateTime<Utc> {
    to_instant(date.and_time(chrono::NaiveTime::MIN), DEFAULT_TZ)
}

pub async fn log(
    db: &impl ConnectionTrait,
    filter: &LogFilter,
) -> Result<(Vec<AuditLine>, u64), DbErr> {
    let mut query = audit_entry::Entity::find();
    if let Some(user_id) = filter.user_id {
        query = query.filter(audit_entry::Column::UserId.eq(user_id));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_entry::Column::At.gte(paris_midnight(from)));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
        query = query.filter(audit_entry::Column::At.lt(paris_midnight(to)));
    }
    let total = query.clone().count(db).await?;
    let entries = query
        .order_by_desc(audit_entry::Column::At)
        .order_by_desc(audit_entry::Column::Id)
        .offset(filter.page * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((with_authors(db, entries).await?, total))
}

async fn with_authors(
    db: &impl ConnectionTrait,
    entries: Vec<audit_entry::Model>,
) -> Result<Vec<AuditLine>, DbErr> {
    let ids: Vec<i32> = entries.iter().filter_map(|e| e.user_id).collect();
    let names: HashMap<i32, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    Ok(entries
        .into_iter()
        .map(|entry| AuditLine {
            author: entry.user_id.and_then(|id| names.get(&id).cloned()),
            entry,
        })
        .collect())
}
