//! The shared note of local context about a commune: who decides on the
//! library, the municipal priorities for culture and digital inclusion,
//! the mayor's public office and term — public facts only, each version
//! dated and sourced. One note per commune, edited by anyone who writes;
//! its history (who wrote what) is the audit log.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::audit;
use crate::entities::*;
use crate::versioning::{Saved, update_versioned};

pub async fn of_commune(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<commune_note::Model>, DbErr> {
    commune_note::Entity::find()
        .filter(commune_note::Column::CommuneCode.eq(code))
        .one(db)
        .await
}

/// The commune of an organisation and its note, when it is linked to one.
pub async fn for_organisation(
    db: &impl ConnectionTrait,
    organisation: &organisation::Model,
) -> Result<Option<(commune::Model, Option<commune_note::Model>)>, DbErr> {
    let Some(code) = &organisation.commune_code else {
        return Ok(None);
    };
    let Some(commune) = super::store::get(db, code).await? else {
        return Ok(None);
    };
    let note = of_commune(db, code).await?;
    Ok(Some((commune, note)))
}

/// A note as validated by its form.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteInput {
    pub library_decides: Option<String>,
    pub priorities: Option<String>,
    pub mayor: Option<String>,
    pub source: String,
    pub noted_on: NaiveDate,
}

/// Writes the note of `code`: creates it (`version` 0) or updates the
/// version the editor saw; `Conflict` when someone saved meanwhile.
pub async fn save(
    db: &impl ConnectionTrait,
    commune: &commune::Model,
    input: &NoteInput,
    version: i32,
    actor: Option<i32>,
) -> Result<Saved, DbErr> {
    let code = commune.code.as_str();
    let label = format!("{} ({code})", commune.name);
    match of_commune(db, code).await? {
        None if version == 0 => {
            let now = crate::clock::now();
            let created = commune_note::ActiveModel {
                commune_code: Set(code.to_owned()),
                library_decides: Set(input.library_decides.clone()),
                priorities: Set(input.priorities.clone()),
                mayor: Set(input.mayor.clone()),
                source: Set(input.source.clone()),
                noted_on: Set(input.noted_on),
                user_id: Set(actor),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await?;
            audit::record(
                db,
                audit::Entry {
                    actor,
                    action: AuditAction::Create,
                    entity: EntityKind::CommuneNote,
                    entity_id: created.id,
                    label: &label,
                    changes: audit::diff(None, Some(&created)),
                },
            )
            .await?;
            Ok(Saved::Applied(1))
        }
        None => Ok(Saved::Conflict),
        Some(before) => {
            let row = commune_note::ActiveModel {
                id: Set(before.id),
                library_decides: Set(input.library_decides.clone()),
                priorities: Set(input.priorities.clone()),
                mayor: Set(input.mayor.clone()),
                source: Set(input.source.clone()),
                noted_on: Set(input.noted_on),
                user_id: Set(actor),
                ..Default::default()
            };
            let saved = update_versioned(db, row, version).await?;
            if let Saved::Applied(new_version) = saved {
                let after = commune_note::Model {
                    library_decides: input.library_decides.clone(),
                    priorities: input.priorities.clone(),
                    mayor: input.mayor.clone(),
                    source: input.source.clone(),
                    noted_on: input.noted_on,
                    user_id: actor,
                    version: new_version,
                    ..before.clone()
                };
                audit::record(
                    db,
                    audit::Entry {
                        actor,
                        action: AuditAction::Update,
                        entity: EntityKind::CommuneNote,
                        entity_id: before.id,
                        label: &label,
                        changes: audit::diff(Some(&before), Some(&after)),
                    },
                )
                .await?;
            }
            Ok(saved)
        }
    }
}
