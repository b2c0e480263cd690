//! Merging two people found to be one after the fact (an import and a
//! stand capture, two spellings of a name). The volunteer picks, field by
//! field, the value to keep; the roles, contacts, follow-ups and workshops
//! facilitated of the merged person move to the kept one; its external id
//! becomes an alias so a re-import finds the kept person; its history
//! joins the kept person's. One transaction, one audit entry.
//!
//! Privacy survives a merge: if either asked not to be contacted, the kept
//! person is not to be contacted (never a choice), and the lawful basis is
//! chosen with its date and source as one (the other one stays in the
//! merge's audit entry). Erased people are not merged.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use serde_json::{Value, json};

use super::store;
use crate::directory::merge_shared::{self, FieldPair, Plan, Recorded};
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

/// The fields a volunteer chooses between, with their labels. The lawful
/// basis is one choice: its date and source go with it ([`BASIS`]).
/// Do-not-contact is no choice: the strictest wins.
pub const FIELDS: &[(&str, &str)] = &[
    ("full_name", "person-name"),
    ("email", "field-email"),
    ("phone", "directory-phone"),
    ("notes", "person-notes"),
    ("lawful_basis", "person-lawful-basis"),
];

/// The fields that follow the choice of `lawful_basis`.
pub const BASIS: &[(&str, &str)] = &[
    ("lawful_basis", "person-lawful-basis"),
    ("lawful_basis_on", "person-lawful-basis-on"),
    ("source", "person-source"),
];

/// The lawful basis with its date and source, as one value.
fn basis(p: &person::Model) -> Value {
    json!({
        "lawful_basis": p.lawful_basis,
        "lawful_basis_on": p.lawful_basis_on,
        "source": p.source,
    })
}

/// The fields on which two people differ. The lawful basis's pair holds
/// both bases with their date and source (a JSON object); the merged
/// person's is offered first when it is consent and the kept one's is not
/// (the person agreed), or when both are alike and it is more recent.
pub fn differences(kept: &person::Model, merged: &person::Model) -> Vec<FieldPair> {
    let simple: Vec<_> = FIELDS
        .iter()
        .copied()
        .filter(|(f, _)| *f != "lawful_basis")
        .collect();
    let mut pairs = merge_shared::differences(&simple, kept, merged);
    let (a, b) = (basis(kept), basis(merged));
    if a != b {
        let mut pair = FieldPair::new("lawful_basis", "person-lawful-basis", a, b);
        pair.prefer_merged = merged_basis_by_default(kept, merged);
        pairs.push(pair);
    }
    pairs
}

/// Whether the comparison offers the merged person's lawful basis first.
pub fn merged_basis_by_default(kept: &person::Model, merged: &person::Model) -> bool {
    match (kept.lawful_basis, merged.lawful_basis) {
        (LawfulBasis::Consent, LawfulBasis::LegitimateInterest) => false,
        (LawfulBasis::LegitimateInterest, LawfulBasis::Consent) => true,
        _ => merged.lawful_basis_on > kept.lawful_basis_on,
    }
}

/// How many records of each kind hang on a person: what a merge moves,
/// shown before it is confirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attached {
    pub roles: u64,
    pub mandates: u64,
    pub interactions: u64,
    pub follow_ups: u64,
    pub sessions: u64,
}

pub async fn attached(db: &impl ConnectionTrait, id: i32) -> Result<Attached, DbErr> {
    let roles = || membership::Entity::find().filter(membership::Column::PersonId.eq(id));
    let contacts = || interaction::Entity::find().filter(interaction::Column::PersonId.eq(id));
    Ok(Attached {
        roles: roles().count(db).await?,
        mandates: roles()
            .filter(membership::Column::MandateEndsOn.is_not_null())
            .count(db)
            .await?,
        interactions: contacts().count(db).await?,
        follow_ups: contacts()
            .filter(interaction::Column::FollowUpOn.is_not_null())
            .filter(interaction::Column::FollowUpDone.eq(false))
            .count(db)
            .await?,
        sessions: workshop_session::Entity::find()
            .filter(workshop_session::Column::FacilitatorPersonId.eq(id))
            .count(db)
            .await?,
    })
}

/// Merges `plan.merged` into `plan.kept`; `Saved::Conflict` (nothing to
/// keep of the transaction) when either was changed, erased or deleted
/// since the volunteer compared them. Run it in a transaction that is
/// rolled back on a conflict (`web::editing::save_versioned`).
pub async fn merge(
    db: &impl ConnectionTrait,
    plan: &Plan,
    actor: Option<i32>,
) -> Result<Saved, DbErr> {
    let Some((kept, merged)) = plan.current(
        store::get_not_erased(db, plan.kept).await?,
        store::get_not_erased(db, plan.merged).await?,
        |p| p.version,
    ) else {
        return Ok(Saved::Conflict);
    };
    let (k, m) = (kept.id, merged.id);
    let organisations = move_memberships(db, k, m).await?;
    interaction::Entity::update_many()
        .col_expr(interaction::Column::PersonId, Expr::value(k))
        .filter(interaction::Column::PersonId.eq(m))
        .exec(db)
        .await?;
    workshop_session::Entity::update_many()
        .col_expr(
            workshop_session::Column::FacilitatorPersonId,
            Expr::value(k),
        )
        .filter(workshop_session::Column::FacilitatorPersonId.eq(m))
        .exec(db)
        .await?;
    // Aliases that led to the merged person now lead to the kept one.
    person_alias::Entity::update_many()
        .col_expr(person_alias::Column::PersonId, Expr::value(k))
        .filter(person_alias::Column::PersonId.eq(m))
        .exec(db)
        .await?;
    merge_shared::join_history(db, EntityKind::Person, k, m).await?;

    let before = kept.clone();
    let mut from_merged = plan.from_merged.clone();
    if from_merged.contains("lawful_basis") {
        from_merged.extend(BASIS.iter().map(|(f, _)| (*f).to_owned()));
    }
    let fields: Vec<_> = FIELDS.iter().chain(BASIS).copied().collect();
    let mut chosen = merge_shared::with_chosen(&fields, &kept, &merged, &from_merged);
    // Whoever asked not to be contacted is not contacted.
    chosen.do_not_contact = kept.do_not_contact || merged.do_not_contact;
    let other_basis = if plan.from_merged.contains("lawful_basis") {
        &kept
    } else {
        &merged
    };
    person::Entity::delete_by_id(m).exec(db).await?;
    // The merged person's import id: taken over when the kept person has
    // none, an alias otherwise (ids are unique, hence after the delete).
    let mut row = person::ActiveModel::from(chosen).reset_all();
    match (&kept.external_id, &merged.external_id) {
        (None, Some(id)) => row.external_id = Set(Some(id.clone())),
        (Some(_), Some(id)) => {
            person_alias::ActiveModel {
                person_id: Set(k),
                external_id: Set(id.clone()),
                merged_id: Set(m),
                merged_at: Set(crate::clock::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        _ => {}
    }
    row.created_at = Set(kept.created_at.min(merged.created_at));
    if update_versioned(db, row, plan.kept_version).await? == Saved::Conflict {
        return Ok(Saved::Conflict);
    }
    let after = store::get(db, k).await?;
    let label = after
        .as_ref()
        .map_or(kept.full_name.as_str(), |a| a.full_name.as_str());
    merge_shared::record(
        db,
        Recorded {
            entity: EntityKind::Person,
            kept: k,
            before: &before,
            after: after.as_ref(),
            merged_label: format!("{} (n° {})", merged.full_name, m),
            label,
            // The lawful basis not kept stays known, with its date and source.
            extra: vec![("merged_lawful_basis", basis(other_basis))],
        },
        actor,
    )
    .await?;
    outbox::enqueue(db, EntityKind::Person, m, OutboxOp::Delete).await?;
    outbox::enqueue(db, EntityKind::Person, k, OutboxOp::Upsert).await?;
    // A role moved: the organisation's reach may count it.
    if !organisations.is_empty() {
        crate::directory::reach::refresh(db).await?;
    }
    Ok(Saved::Applied(plan.kept_version + 1))
}

/// Roles move unless the kept person already holds the same role at the
/// same organisation: that one stays, completed with what only the merged
/// one knew (dates, a mandate's end and electing body). Returns the
/// organisations whose roles changed.
async fn move_memberships(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<Vec<i32>, DbErr> {
    let key = |r: &membership::Model| (r.organisation_id, crate::values::sort_key(&r.role));
    let held: HashMap<(i32, String), membership::Model> = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(k))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (key(&r), r))
        .collect();
    let mut organisations = HashSet::new();
    for theirs in membership::Entity::find()
        .filter(membership::Column::PersonId.eq(m))
        .all(db)
        .await?
    {
        organisations.insert(theirs.organisation_id);
        let Some(ours) = held.get(&key(&theirs)) else {
            membership::Entity::update_many()
                .col_expr(membership::Column::PersonId, Expr::value(k))
                .filter(membership::Column::Id.eq(theirs.id))
                .exec(db)
                .await?;
            continue;
        };
        membership::Entity::delete_by_id(theirs.id).exec(db).await?;
        let mut row = membership::ActiveModel {
            id: Set(ours.id),
            ..Default::default()
        };
        let mut filled = false;
        macro_rules! fill {
            ($field:ident) => {
                if ours.$field.is_none() && theirs.$field.is_some() {
                    row.$field = Set(theirs.$field.clone());
                    filled = true;
                }
            };
        }
        fill!(started_on);
        fill!(ended_on);
        fill!(mandate_ends_on);
        fill!(elected_by);
        fill!(mandate_handled_on);
        if filled {
            update_versioned(db, row, ours.version).await?;
        }
    }
    Ok(organisations.into_iter().collect())
}
