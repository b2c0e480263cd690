//! What merging two organisations and merging two people have in common:
//! the field-by-field comparison of two records, the plan a volunteer
//! confirms, the history of the merged record joining the kept one's, and
//! the one audit entry of the merge. The moves of attached records are
//! each kind's own ([`super::merge`], [`crate::people::merge`]).

use std::collections::HashSet;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::audit;
use crate::entities::{AuditAction, EntityKind, audit_entry};

/// One field as the two records hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPair {
    pub field: &'static str,
    pub label_key: &'static str,
    pub kept: Value,
    pub merged: Value,
    /// Whether the comparison offers the merged record's value first.
    pub prefer_merged: bool,
}

impl FieldPair {
    /// The kept record's value offered first, unless it has none and the
    /// other has one.
    pub fn new(field: &'static str, label_key: &'static str, kept: Value, merged: Value) -> Self {
        FieldPair {
            field,
            label_key,
            prefer_merged: kept.is_null() && !merged.is_null(),
            kept,
            merged,
        }
    }

    /// Which side the comparison offers first.
    pub fn merged_by_default(&self) -> bool {
        self.prefer_merged
    }
}

/// A record's fields by name, as its JSON.
pub fn as_map<T: Serialize>(record: &T) -> serde_json::Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// The `fields` (name, label key) on which two records differ.
pub fn differences<T: Serialize>(
    fields: &[(&'static str, &'static str)],
    kept: &T,
    merged: &T,
) -> Vec<FieldPair> {
    let (a, b) = (as_map(kept), as_map(merged));
    fields
        .iter()
        .filter_map(|&(field, label_key)| {
            let kept = a.get(field).cloned().unwrap_or(Value::Null);
            let merged = b.get(field).cloned().unwrap_or(Value::Null);
            (kept != merged).then(|| FieldPair::new(field, label_key, kept, merged))
        })
        .collect()
}

/// The kept record with the `fields` named in `from_merged` taken from the
/// merged one (the kept record as it is if the mix cannot be read back).
pub fn with_chosen<T: Serialize + DeserializeOwned + Clone>(
    fields: &[(&'static str, &'static str)],
    kept: &T,
    merged: &T,
    from_merged: &HashSet<String>,
) -> T {
    let mut values = as_map(kept);
    let theirs = as_map(merged);
    for &(field, _) in fields {
        if from_merged.contains(field) {
            values.insert(
                field.to_owned(),
                theirs.get(field).cloned().unwrap_or(Value::Null),
            );
        }
    }
    serde_json::from_value(Value::Object(values)).unwrap_or_else(|_| kept.clone())
}

/// What a merge is asked to do: the two records at the versions the
/// volunteer compared, and the fields whose value comes from the merged one.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kept: i32,
    pub kept_version: i32,
    pub merged: i32,
    pub merged_version: i32,
    pub from_merged: HashSet<String>,
}

impl Plan {
    /// Both records, if they are two and still at the versions compared:
    /// otherwise the merge stops (a conflict).
    pub fn current<T>(
        &self,
        kept: Option<T>,
        merged: Option<T>,
        version: impl Fn(&T) -> i32,
    ) -> Option<(T, T)> {
        let (kept, merged) = (kept?, merged?);
        (self.kept != self.merged
            && version(&kept) == self.kept_version
            && version(&merged) == self.merged_version)
            .then_some((kept, merged))
    }
}

/// The merged record's history becomes part of the kept record's.
pub async fn join_history(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    kept: i32,
    merged: i32,
) -> Result<(), DbErr> {
    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::EntityId, Expr::value(kept))
        .filter(audit_entry::Column::Entity.eq(entity))
        .filter(audit_entry::Column::EntityId.eq(merged))
        .exec(db)
        .await?;
    Ok(())
}

/// The one audit entry of a merge, on the kept record: what changed on it,
/// `merged_with` naming the merged record, and `extra` changes of the kind.
pub struct Recorded<'a, T> {
    pub entity: EntityKind,
    pub kept: i32,
    pub before: &'a T,
    pub after: Option<&'a T>,
    /// The merged record as the history names it.
    pub merged_label: String,
    /// The kept record's name after the merge.
    pub label: &'a str,
    pub extra: Vec<(&'static str, Value)>,
}

pub async fn record<T: Serialize>(
    db: &impl ConnectionTrait,
    merge: Recorded<'_, T>,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let mut changes = audit::diff(Some(merge.before), merge.after);
    if let Value::Object(map) = &mut changes {
        map.insert("merged_with".into(), json!([null, merge.merged_label]));
        for (field, value) in merge.extra {
            map.insert(field.into(), json!([null, value]));
        }
    }
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Merge,
            entity: merge.entity,
            entity_id: merge.kept,
            label: merge.label,
            changes,
        },
    )
    .await
}
