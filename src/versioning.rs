//! Optimistic locking: every editable row carries a `version`; a save says
//! which version the editor started from and is applied only if the row is
//! still at that version. Otherwise nothing is written and the caller shows
//! both versions to reconcile — concurrent edits never silently overwrite
//! each other.

use std::str::FromStr;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Iterable,
    PrimaryKeyToColumn, QueryFilter, Value,
};

/// What became of a versioned save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Applied; the row is now at this version.
    Applied(i32),
    /// Someone saved the row meanwhile (or deleted it): nothing written.
    Conflict,
}

/// Updates the row of `changes` (its primary key must be set) if its
/// version is still `expected_version`, bumping `version` and `updated_at`.
/// Only the fields `Set` in `changes` are written.
pub async fn update_versioned<A>(
    db: &impl ConnectionTrait,
    mut changes: A,
    expected_version: i32,
) -> Result<Saved, DbErr>
where
    A: ActiveModelTrait + Send,
{
    let column = |name: &str| {
        <<A::Entity as EntityTrait>::Column as FromStr>::from_str(name)
            .map_err(|_| DbErr::Custom(format!("table has no `{name}` column")))
    };
    let version = column("version")?;
    let updated_at = column("updated_at")?;
    let mut query = A::Entity::update_many();
    for key in <A::Entity as EntityTrait>::PrimaryKey::iter() {
        let key_column = key.into_column();
        let value: Value = match changes.get(key_column) {
            ActiveValue::Set(v) | ActiveValue::Unchanged(v) => v,
            ActiveValue::NotSet => {
                return Err(DbErr::Custom(
                    "versioned update without a primary key".into(),
                ));
            }
        };
        changes.not_set(key_column);
        query = query.filter(key_column.eq(value));
    }
    changes.not_set(version);
    changes.not_set(updated_at);
    let result = query
        .set(changes)
        .col_expr(version, Expr::value(expected_version + 1))
        .col_expr(updated_at, Expr::value(crate::clock::now()))
        .filter(version.eq(expected_version))
        .exec(db)
        .await?;
    Ok(if result.rows_affected == 1 {
        Saved::Applied(expected_version + 1)
    } else {
        Saved::Conflict
    })
}
