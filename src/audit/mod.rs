//! Audit trail: who changed which record, when, and what (old → new per
//! field). Areas call [`record`] inside the transaction of their write, so
//! the entry exists exactly when the change does; it also queues the
//! webhook deliveries of the change. Owns `audit_log`.

mod routes;
pub mod store;
pub mod views;

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use serde::Serialize;
use serde_json::Value;

pub use routes::routes;

use crate::entities::{AuditAction, EntityKind, audit_entry};

/// Bookkeeping fields that say nothing a reader of the history needs.
const IGNORED: &[&str] = &[
    "created_at",
    "updated_at",
    "version",
    "password_hash",
    "feed_token",
];

/// `{"field": [old, new], …}` for the fields that differ between two
/// versions of a record; `None` stands for "did not exist".
pub fn diff<T: Serialize>(old: Option<&T>, new: Option<&T>) -> Value {
    let as_map = |v: Option<&T>| -> BTreeMap<String, Value> {
        v.and_then(|v| serde_json::to_value(v).ok())
            .and_then(|v| match v {
                Value::Object(map) => Some(map.into_iter().collect()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let (old, new) = (as_map(old), as_map(new));
    let mut changes = serde_json::Map::new();
    for key in old.keys().chain(new.keys()) {
        if IGNORED.contains(&key.as_str()) || changes.contains_key(key) {
            continue;
        }
        let before = old.get(key).cloned().unwrap_or(Value::Null);
        let after = new.get(key).cloned().unwrap_or(Value::Null);
        if before != after {
            changes.insert(key.clone(), Value::Array(vec![before, after]));
        }
    }
    Value::Object(changes)
}

/// One entry for one change.
pub struct Entry<'a> {
    pub actor: Option<i32>,
    pub action: AuditAction,
    pub entity: EntityKind,
    pub entity_id: i32,
    /// Human name of the record at the time (shown in the global log).
    pub label: &'a str,
    pub changes: Value,
}

impl Entry<'_> {
    fn row(self, at: chrono::DateTime<Utc>) -> audit_entry::ActiveModel {
        audit_entry::ActiveModel {
            at: Set(at),
            user_id: Set(self.actor),
            action: Set(self.action),
            entity: Set(self.entity),
            entity_id: Set(self.entity_id),
            label: Set(Some(self.label.to_owned())),
            changes: Set(Some(self.changes)),
            ..Default::default()
        }
    }
}

/// Writes the entry, and queues the webhook deliveries it calls for (in
/// the same transaction: see [`crate::webhooks`]).
pub async fn record(db: &impl ConnectionTrait, entry: Entry<'_>) -> Result<(), DbErr> {
    let now = crate::clock::now();
    crate::webhooks::enqueue(db, std::slice::from_ref(&entry), now).await?;
    entry.row(now).insert(db).await?;
    Ok(())
}

/// Many entries in a few statements (imports).
pub async fn record_many(
    db: &impl ConnectionTrait,
    entries: impl IntoIterator<Item = Entry<'_>>,
) -> Result<(), DbErr> {
    let now = crate::clock::now();
    let entries: Vec<Entry<'_>> = entries.into_iter().collect();
    crate::webhooks::enqueue(db, &entries, now).await?;
    let rows: Vec<_> = entries.into_iter().map(|e| e.row(now)).collect();
    // Well under the bind-parameter limits of SQLite and PostgreSQL.
    for chunk in rows.chunks(1_000) {
        audit_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        commune: Option<&'static str>,
        version: i32,
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let a = Row {
            name: "Médiathèque",
            commune: None,
            version: 1,
        };
        let b = Row {
            name: "Médiathèque",
            commune: Some("Rennes"),
            version: 2,
        };
        assert_eq!(
            diff(Some(&a), Some(&b)),
            json!({"commune": [null, "Rennes"]})
        );
        assert_eq!(diff(None, Some(&a)), json!({"name": [null, "Médiathèque"]}));
        assert_eq!(diff(Some(&a), None), json!({"name": ["Médiathèque", null]}));
    }
}
