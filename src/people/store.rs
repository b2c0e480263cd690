//! People queries.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{interaction, person, setting};

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<person::Model>, DbErr> {
    person::Entity::find_by_id(id).one(db).await
}

/// The person, unless erased: someone a contact or a session can name.
pub async fn get_not_erased(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<person::Model>, DbErr> {
    Ok(get(db, id).await?.filter(|p| p.erased_at.is_none()))
}

/// Setting key: months without contact after which a person is listed for review.
pub const REVIEW_MONTHS_KEY: &str = "review_months";
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// Saves the review period, with its audit entry.
pub async fn set_review_months(
    db: &impl ConnectionTrait,
    months: u32,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::OnConflict;
    let before = review_months(db).await?;
    let row = setting::ActiveModel {
        key: sea_orm::Set(REVIEW_MONTHS_KEY.to_owned()),
        value: sea_orm::Set(months.to_string()),
        updated_at: sea_orm::Set(crate::clock::now()),
    };
    setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    crate::audit::record(
        db,
        crate::audit::Entry {
            actor,
            action: crate::entities::AuditAction::Update,
            entity: crate::entities::EntityKind::Setting,
            entity_id: 0,
            label: REVIEW_MONTHS_KEY,
            changes: serde_json::json!({ "value": [before, months] }),
        },
    )
    .await
}

pub async fn review_months(db: &impl ConnectionTrait) -> Result<u32, DbErr> {
    Ok(setting::Entity::find_by_id(REVIEW_MONTHS_KEY.to_owned())
        .one(db)
        .await?
        .and_then(|s| s.value.parse().ok())
        .unwrap_or(DEFAULT_REVIEW_MONTHS))
}

/// People (not erased) neither edited nor in any interaction since `cutoff`,
/// least recently touched first.
pub async fn not_touched_since(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<Vec<person::Model>, DbErr> {
    let stale = person::Entity::find()
        .filter(person::Column::ErasedAt.is_null())
        .filter(person::Column::UpdatedAt.lt(cutoff))
        .order_by_asc(person::Column::UpdatedAt)
        .all(db)
        .await?;
    if stale.is_empty() {
        return Ok(stale);
    }
    let recently_in_touch: HashSet<i32> = interaction::Entity::find()
        .select_only()
        .column(interaction::Column::PersonId)
        .filter(interaction::Column::PersonId.is_not_null())
        .filter(interaction::Column::OccurredOn.gte(cutoff.date_naive()))
        .into_tuple::<Option<i32>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    Ok(stale
        .into_iter()
        .filter(|p| !recently_in_touch.contains(&p.id))
        .collect())
}

pub const PAGE_SIZE: u64 = 50;

/// People (never erased ones), by name or email substring, or by organisation.
async fn matching(
    db: &impl ConnectionTrait,
    text: Option<&str>,
    organisation_id: Option<i32>,
) -> Result<sea_orm::Select<person::Entity>, DbErr> {
    use sea_orm::Condition;
    let mut query = person::Entity::find().filter(person::Column::ErasedAt.is_null());
    if let Some(text) = text {
        query = query.filter(
            Condition::any()
                .add(crate::values::contains_ci(person::Column::FullName, text))
                .add(crate::values::contains_ci(person::Column::Email, text)),
        );
    }
    if let Some(org) = organisation_id {
        let members: Vec<i32> = crate::entities::membership::Entity::find()
            .filter(crate::entities::membership::Column::OrganisationId.eq(org))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.person_id)
            .collect();
        query = query.filter(person::Column::Id.is_in(members));
    }
    Ok(query)
}

/// One page of [`matching`] people by name, and how many match.
pub async fn list(
    db: &impl ConnectionTrait,
    text: Option<&str>,
    organisation_id: Option<i32>,
    page: u64,
) -> Result<(Vec<person::Model>, u64), DbErr> {
    use sea_orm::PaginatorTrait;
    let query = matching(db, text, organisation_id).await?;
    let total = query.clone().count(db).await?;
    let people = query
        .order_by_asc(person::Column::FullName)
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((people, total))
}

/// The current roles of these people, "role, organisation" in the order
/// the roles began, by person (the list's "Structures" column).
pub async fn current_roles(
    db: &impl ConnectionTrait,
    people: &[i32],
    today: chrono::NaiveDate,
) -> Result<std::collections::HashMap<i32, Vec<(i32, String, String)>>, DbErr> {
    let mut roles: std::collections::HashMap<i32, Vec<(i32, String, String)>> =
        std::collections::HashMap::new();
    if people.is_empty() {
        return Ok(roles);
    }
    use crate::entities::{membership, organisation};
    let found = membership::Entity::find()
        .filter(membership::Column::PersonId.is_in(people.iter().copied()))
        .filter(
            sea_orm::Condition::any()
                .add(membership::Column::EndedOn.is_null())
                .add(membership::Column::EndedOn.gte(today)),
        )
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let names: std::collections::HashMap<i32, String> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Name)
        .filter(organisation::Column::Id.is_in(found.iter().map(|m| m.organisation_id)))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for m in found {
        if let Some(name) = names.get(&m.organisation_id) {
            roles
                .entry(m.person_id)
                .or_default()
                .push((m.organisation_id, m.role, name.clone()));
        }
    }
    Ok(roles)
}

/// Up to `limit` [`matching`] people after the id `after`, by id (the
/// API's cursor: a page never repeats nor skips anyone).
pub async fn page_after(
    db: &impl ConnectionTrait,
    text: Option<&str>,
    organisation_id: Option<i32>,
    after: Option<i32>,
    limit: u64,
) -> Result<Vec<person::Model>, DbErr> {
    let mut query = matching(db, text, organisation_id).await?;
    if let Some(after) = after {
        query = query.filter(person::Column::Id.gt(after));
    }
    query
        .order_by_asc(person::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// A person as validated from the form.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonInput {
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub lawful_basis: crate::entities::LawfulBasis,
    pub lawful_basis_on: Option<chrono::NaiveDate>,
    pub source: String,
    pub do_not_contact: bool,
}

impl PersonInput {
    pub(crate) fn apply(&self, row: &mut person::ActiveModel) {
        use sea_orm::Set;
        row.full_name = Set(self.full_name.clone());
        row.email = Set(self.email.clone());
        row.phone = Set(self.phone.clone());
        row.notes = Set(self.notes.clone());
        row.lawful_basis = Set(self.lawful_basis);
        row.lawful_basis_on = Set(self.lawful_basis_on);
        row.source = Set(Some(self.source.clone()));
        row.do_not_contact = Set(self.do_not_contact);
    }
}

fn audit_entry<'a>(
    actor: Option<i32>,
    action: crate::entities::AuditAction,
    id: i32,
    label: &'a str,
    changes: serde_json::Value,
) -> crate::audit::Entry<'a> {
    crate::audit::Entry {
        actor,
        action,
        entity: crate::entities::EntityKind::Person,
        entity_id: id,
        label,
        changes,
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    input: &PersonInput,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    use sea_orm::{ActiveModelTrait, Set};
    let now = crate::clock::now();
    let mut row = person::ActiveModel {
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    input.apply(&mut row);
    let created = row.insert(db).await?;
    crate::audit::record(
        db,
        audit_entry(
            actor,
            crate::entities::AuditAction::Create,
            created.id,
            &created.full_name,
            crate::audit::diff(None, Some(&created)),
        ),
    )
    .await?;
    crate::search::outbox::enqueue(
        db,
        crate::entities::EntityKind::Person,
        created.id,
        crate::entities::OutboxOp::Upsert,
    )
    .await?;
    Ok(created.id)
}

/// `false` when someone else saved meanwhile: nothing is written then.
pub async fn update(
    db: &impl ConnectionTrait,
    before: &person::Model,
    expected_version: i32,
    input: &PersonInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    use sea_orm::Set;
    let mut row = person::ActiveModel {
        id: Set(before.id),
        ..Default::default()
    };
    input.apply(&mut row);
    if crate::versioning::update_versioned(db, row, expected_version).await?
        == crate::versioning::Saved::Conflict
    {
        return Ok(false);
    }
    let Some(after) = get(db, before.id).await? else {
        return Ok(false);
    };
    crate::audit::record(
        db,
        audit_entry(
            actor,
            crate::entities::AuditAction::Update,
            before.id,
            &after.full_name,
            crate::audit::diff(Some(before), Some(&after)),
        ),
    )
    .await?;
    crate::search::outbox::enqueue(
        db,
        crate::entities::EntityKind::Person,
        before.id,
        crate::entities::OutboxOp::Upsert,
    )
    .await?;
    Ok(true)
}

/// Roles of a person, with their organisation.
pub async fn memberships(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<
    Vec<(
        crate::entities::membership::Model,
        crate::entities::organisation::Model,
    )>,
    DbErr,
> {
    use crate::entities::{membership, organisation};
    let mut out = Vec::new();
    for m in membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .all(db)
        .await?
    {
        if let Some(o) = organisation::Entity::find_by_id(m.organisation_id)
            .one(db)
            .await?
        {
            out.push((m, o));
        }
    }
    Ok(out)
}

/// A role of a person in an organisation, checked by its form.
#[derive(Debug, Clone)]
pub struct MembershipInput {
    pub person_id: i32,
    pub organisation_id: i32,
    pub role: String,
    pub started_on: Option<chrono::NaiveDate>,
    pub ended_on: Option<chrono::NaiveDate>,
    /// When an elected or fixed-term mandate ends (see `campaign::mandates`).
    pub mandate_ends_on: Option<chrono::NaiveDate>,
    pub elected_by: Option<String>,
}

pub async fn add_membership(
    db: &impl ConnectionTrait,
    input: &MembershipInput,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    add_membership_returning_id(db, input, actor)
        .await
        .map(|_| ())
}

/// [`add_membership`], answering the new role's id (the API names it).
pub(crate) async fn add_membership_returning_id(
    db: &impl ConnectionTrait,
    input: &MembershipInput,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    use sea_orm::{ActiveModelTrait, Set};
    let MembershipInput {
        person_id,
        organisation_id,
        ref role,
        started_on,
        ended_on,
        mandate_ends_on,
        ref elected_by,
    } = *input;
    let now = crate::clock::now();
    let created = crate::entities::membership::ActiveModel {
        person_id: Set(person_id),
        organisation_id: Set(organisation_id),
        role: Set(role.to_owned()),
        started_on: Set(started_on),
        ended_on: Set(ended_on),
        mandate_ends_on: Set(mandate_ends_on),
        elected_by: Set(elected_by.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::audit::record(
        db,
        audit_entry(
            actor,
            crate::entities::AuditAction::Update,
            person_id,
            role,
            serde_json::json!({ "membership": [null, format!("{role} @ {organisation_id}")] }),
        ),
    )
    .await?;
    crate::search::outbox::enqueue(
        db,
        crate::entities::EntityKind::Person,
        person_id,
        crate::entities::OutboxOp::Upsert,
    )
    .await?;
    Ok(created.id)
}

pub async fn membership(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<crate::entities::membership::Model>, DbErr> {
    crate::entities::membership::Entity::find_by_id(id)
        .one(db)
        .await
}

pub async fn remove_membership(
    db: &impl ConnectionTrait,
    membership: &crate::entities::membership::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    use sea_orm::ModelTrait;
    membership.clone().delete(db).await?;
    crate::audit::record(db, audit_entry(actor, crate::entities::AuditAction::Update, membership.person_id, &membership.role, serde_json::json!({ "membership": [format!("{} @ {}", membership.role, membership.organisation_id), null] }))).await?;
    crate::search::outbox::enqueue(
        db,
        crate::entities::EntityKind::Person,
        membership.person_id,
        crate::entities::OutboxOp::Upsert,
    )
    .await
}

/// People bearing exactly this name (erased ones left out, at most
/// `limit`): how a name typed in a picker without JavaScript is resolved first.
pub async fn named(
    db: &impl ConnectionTrait,
    name: &str,
    limit: u64,
) -> Result<Vec<person::Model>, DbErr> {
    person::Entity::find()
        .filter(person::Column::FullName.eq(name))
        .filter(person::Column::ErasedAt.is_null())
        .order_by_asc(person::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// These people in the order of `ids` (erased ones left out), each with
/// one of their roles as (role, organisation name), for a picker.
pub async fn with_a_role(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<(person::Model, Option<(String, String)>)>, DbErr> {
    use crate::entities::membership;
    let mut people: std::collections::HashMap<i32, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(person::Column::ErasedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut roles: std::collections::HashMap<i32, membership::Model> =
        std::collections::HashMap::new();
    for m in membership::Entity::find()
        .filter(membership::Column::PersonId.is_in(ids.iter().copied()))
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?
    {
        roles.entry(m.person_id).or_insert(m);
    }
    let names =
        crate::directory::store::names(db, roles.values().map(|m| m.organisation_id)).await?;
    Ok(ids
        .iter()
        .filter_map(|id| people.remove(id))
        .map(|p| {
            let role = roles.get(&p.id).and_then(|m| {
                names
                    .get(&m.organisation_id)
                    .map(|o| (m.role.clone(), o.clone()))
            });
            (p, role)
        })
        .collect())
}

/// People (not erased) with this e-mail address, compared without case:
/// the surest sign that someone met at a stand is already known.
pub async fn with_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Vec<person::Model>, DbErr> {
    use sea_orm::sea_query::{Expr, Func};
    person::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(person::Column::Email))).eq(email.to_lowercase()))
        .filter(person::Column::ErasedAt.is_null())
        .order_by_asc(person::Column::Id)
        .limit(20)
        .all(db)
        .await
}

/// People (not erased) whose name is `name` but for accents, case,
/// punctuation and word spacing ("Camille Dupré" for "camille  dupre").
pub async fn named_alike(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Vec<person::Model>, DbErr> {
    let wanted = crate::search::text::words(name);
    // The longest word narrows the rows read; the comparison is done here.
    let Some(longest) = name
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|w| w.chars().count())
        .filter(|w| !w.is_empty())
    else {
        return Ok(Vec::new());
    };
    let folded = deunicode::deunicode(longest);
    let mut found = Vec::new();
    for word in [longest.to_owned(), folded] {
        for p in person::Entity::find()
            .filter(crate::values::contains_ci(person::Column::FullName, &word))
            .filter(person::Column::ErasedAt.is_null())
            .order_by_asc(person::Column::Id)
            .limit(200)
            .all(db)
            .await?
        {
            if crate::search::text::words(&p.full_name) == wanted
                && !found.iter().any(|f: &person::Model| f.id == p.id)
            {
                found.push(p);
            }
        }
    }
    Ok(found)
}

/// Whether the person already has a role in the organisation.
pub async fn is_member(
    db: &impl ConnectionTrait,
    person_id: i32,
    organisation_id: i32,
) -> Result<bool, DbErr> {
    use crate::entities::membership;
    use sea_orm::PaginatorTrait;
    Ok(membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .count(db)
        .await?
        > 0)
}

/// What a new encounter tells of someone already known (a stand capture
/// triaged into them).
#[derive(Debug, Clone)]
pub struct Encounter {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: String,
    pub lawful_basis: crate::entities::LawfulBasis,
    pub lawful_basis_on: chrono::NaiveDate,
}

/// Merges an encounter into a known person: empty e-mail, phone and
/// source are filled, nothing typed before is overwritten; the lawful
/// basis is the one recorded now (with its date). `false` when someone
/// saved the person meanwhile (nothing written).
pub async fn merge_encounter(
    db: &impl ConnectionTrait,
    before: &person::Model,
    encounter: &Encounter,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    let fill = |current: &Option<String>, new: &Option<String>| {
        if blank(current) {
            new.clone()
        } else {
            current.clone()
        }
    };
    let input = PersonInput {
        full_name: before.full_name.clone(),
        email: fill(&before.email, &encounter.email),
        phone: fill(&before.phone, &encounter.phone),
        notes: before.notes.clone(),
        lawful_basis: encounter.lawful_basis,
        lawful_basis_on: Some(encounter.lawful_basis_on),
        source: match &before.source {
            Some(s) if !s.trim().is_empty() => s.clone(),
            _ => encounter.source.clone(),
        },
        do_not_contact: before.do_not_contact,
    };
    update(db, before, before.version, &input, actor).await
}

/// The import ids of people merged into others, each leading to the kept
/// person (see [`super::merge`]).
pub async fn aliases(
    db: &impl ConnectionTrait,
) -> Result<Vec<crate::entities::person_alias::Model>, DbErr> {
    crate::entities::person_alias::Entity::find().all(db).await
}
