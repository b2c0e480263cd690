//! Capture entries: written at the stand, listed in the event's queue,
//! triaged into people, organisations and a logged contact in one
//! transaction. Triage clears the typed fields: once triaged, the row
//! is a count and a link to the contact it became, nothing personal.
//!
//! Neither capture nor triage writes the typed values into the audit log
//! (that would keep them after triage); the person, membership and contact
//! that triage creates have their own audit entries, as anywhere else.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::directory::store::OrganisationInput;
use crate::entities::*;
use crate::interactions::store::InteractionInput;
use crate::people::store::{Encounter, MembershipInput, PersonInput};
use crate::web::format::paris_date;

/// Entries waiting longer than this are flagged in the queue and counted
/// on the dashboard: what was promised at a stand goes cold.
pub const FLAG_DAYS: i64 = 30;

/// What was typed at the stand, checked by its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureInput {
    pub full_name: String,
    pub organisation_name: Option<String>,
    pub role: Option<String>,
    pub contact: Option<String>,
    pub asked: Option<String>,
    pub follow_up: bool,
}

/// Saves an entry in the event's queue; returns its id.
pub async fn capture(
    db: &impl ConnectionTrait,
    event_id: i32,
    input: &CaptureInput,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    let row = capture_entry::ActiveModel {
        event_id: Set(event_id),
        created_by: Set(actor),
        created_at: Set(crate::clock::now()),
        full_name: Set(Some(input.full_name.clone())),
        organisation_name: Set(input.organisation_name.clone()),
        role: Set(input.role.clone()),
        contact: Set(input.contact.clone()),
        asked: Set(input.asked.clone()),
        follow_up: Set(input.follow_up),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

pub async fn get(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<capture_entry::Model>, DbErr> {
    capture_entry::Entity::find_by_id(id).one(db).await
}

/// The moment before which a waiting entry is flagged.
fn flag_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(FLAG_DAYS)
}

/// Whether an entry has waited too long for triage.
pub fn is_flagged(entry: &capture_entry::Model, now: DateTime<Utc>) -> bool {
    entry.triaged_at.is_none() && entry.created_at < flag_cutoff(now)
}

/// The day an entry was captured (Paris): the day the contact happened.
pub fn captured_on(entry: &capture_entry::Model) -> NaiveDate {
    paris_date(entry.created_at)
}

/// An event's entries waiting for triage, and how many of them are flagged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub count: u64,
    pub flagged: u64,
    /// Entries already triaged (their count is all that is left of them).
    pub triaged: u64,
}

fn waiting_query() -> sea_orm::Select<capture_entry::Entity> {
    capture_entry::Entity::find().filter(capture_entry::Column::TriagedAt.is_null())
}

pub async fn waiting(db: &impl ConnectionTrait, event_id: i32) -> Result<Waiting, DbErr> {
    let of_event = |q: sea_orm::Select<capture_entry::Entity>| {
        q.filter(capture_entry::Column::EventId.eq(event_id))
    };
    Ok(Waiting {
        count: of_event(waiting_query()).count(db).await?,
        flagged: of_event(waiting_query())
            .filter(capture_entry::Column::CreatedAt.lt(flag_cutoff(crate::clock::now())))
            .count(db)
            .await?,
        triaged: of_event(capture_entry::Entity::find())
            .filter(capture_entry::Column::TriagedAt.is_not_null())
            .count(db)
            .await?,
    })
}

/// Entries of all events waiting longer than [`FLAG_DAYS`] (the dashboard's count).
pub async fn flagged_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    waiting_query()
        .filter(capture_entry::Column::CreatedAt.lt(flag_cutoff(crate::clock::now())))
        .count(db)
        .await
}

/// An event's entries waiting for triage, oldest first.
pub async fn queue(
    db: &impl ConnectionTrait,
    event_id: i32,
) -> Result<Vec<capture_entry::Model>, DbErr> {
    waiting_query()
        .filter(capture_entry::Column::EventId.eq(event_id))
        .order_by_asc(capture_entry::Column::CreatedAt)
        .order_by_asc(capture_entry::Column::Id)
        .all(db)
        .await
}

/// Every event with entries waiting: the event, how many, how many
/// flagged; the event with the oldest entry first.
pub async fn queues(db: &impl ConnectionTrait) -> Result<Vec<(event::Model, Waiting)>, DbErr> {
    let cutoff = flag_cutoff(crate::clock::now());
    let entries: Vec<(i32, DateTime<Utc>)> = waiting_query()
        .select_only()
        .column(capture_entry::Column::EventId)
        .column(capture_entry::Column::CreatedAt)
        .order_by_asc(capture_entry::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_event: BTreeMap<i32, (DateTime<Utc>, Waiting)> = BTreeMap::new();
    for (event_id, created_at) in entries {
        let slot = by_event
            .entry(event_id)
            .or_insert((created_at, Waiting::default()));
        slot.1.count += 1;
        if created_at < cutoff {
            slot.1.flagged += 1;
        }
    }
    let ids: Vec<i32> = by_event.keys().copied().collect();
    let mut events = crate::agenda::store::by_ids(db, &ids).await?;
    events.sort_by_key(|e| by_event.get(&e.id).map(|(oldest, _)| *oldest));
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let waiting = by_event.get(&e.id)?.1;
            Some((e, waiting))
        })
        .collect())
}

/// People who may be the one captured: the same e-mail address first,
/// then the same name (accents, case and spacing aside).
pub async fn people_like(
    db: &impl ConnectionTrait,
    entry: &capture_entry::Model,
) -> Result<Vec<person::Model>, DbErr> {
    let mut found = Vec::new();
    if let Some(email) = entry
        .contact
        .as_deref()
        .and_then(|c| crate::values::Email::parse(c).ok())
    {
        found = crate::people::store::with_email(db, email.as_str()).await?;
    }
    if let Some(name) = &entry.full_name {
        for p in crate::people::store::named_alike(db, name).await? {
            if !found.iter().any(|f| f.id == p.id) {
                found.push(p);
            }
        }
    }
    found.truncate(8);
    Ok(found)
}

/// Organisations that may be the one typed: the same name or acronym, or
/// the same name but for accents, case and spacing (the directory's sort
/// key).
pub async fn organisations_like(
    db: &impl ConnectionTrait,
    typed: Option<&str>,
) -> Result<Vec<organisation::Model>, DbErr> {
    let Some(typed) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut found = crate::directory::store::named(db, typed, 8).await?;
    for o in organisation::Entity::find()
        .filter(organisation::Column::SortName.eq(crate::values::sort_key(typed)))
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?
    {
        if !found.iter().any(|f| f.id == o.id) {
            found.push(o);
        }
    }
    found.truncate(8);
    Ok(found)
}

/// Who the entry is, once triaged.
#[derive(Debug, Clone, PartialEq)]
pub enum PersonChoice {
    /// Someone already known: merged into, never duplicated.
    Existing(i32),
    New {
        full_name: String,
    },
}

/// Where they work, once triaged.
#[derive(Debug, Clone, PartialEq)]
pub enum OrganisationChoice {
    Existing(i32),
    /// A new organisation, read by the directory's own form.
    New(Box<OrganisationInput>),
    None,
}

/// A triage decision, checked by its form.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    pub person: PersonChoice,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organisation: OrganisationChoice,
    /// The role in the organisation (a membership is added when new).
    pub role: String,
    pub lawful_basis: LawfulBasis,
    /// Where we learnt of the person ("Stand, Congrès ABF 2027").
    pub source: String,
    /// The contact's summary (what they asked).
    pub summary: String,
    /// The follow-up, when one is wanted.
    pub follow_up_on: Option<NaiveDate>,
}

/// What became of a triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Triaged {
    /// Done: the person the entry became.
    Done { person_id: i32 },
    /// Someone triaged (or discarded) it first: nothing written.
    AlreadyTriaged,
    /// The person or organisation chosen changed or went meanwhile:
    /// nothing written.
    Conflict,
}

/// Marks the entry triaged and clears what was typed, if nobody did it
/// first; `false` otherwise.
async fn claim(
    db: &impl ConnectionTrait,
    entry_id: i32,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let cleared: Option<String> = None;
    let result = capture_entry::Entity::update_many()
        .col_expr(
            capture_entry::Column::TriagedAt,
            Expr::value(crate::clock::now()),
        )
        .col_expr(capture_entry::Column::TriagedBy, Expr::value(actor))
        .col_expr(
            capture_entry::Column::FullName,
            Expr::value(cleared.clone()),
        )
        .col_expr(
            capture_entry::Column::OrganisationName,
            Expr::value(cleared.clone()),
        )
        .col_expr(capture_entry::Column::Role, Expr::value(cleared.clone()))
        .col_expr(capture_entry::Column::Contact, Expr::value(cleared.clone()))
        .col_expr(capture_entry::Column::Asked, Expr::value(cleared))
        .filter(capture_entry::Column::Id.eq(entry_id))
        .filter(capture_entry::Column::TriagedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Why a triage stopped half-way: the transaction is rolled back.
#[derive(Debug)]
enum Stop {
    Db(DbErr),
    Outcome(Triaged),
}

impl From<DbErr> for Stop {
    fn from(err: DbErr) -> Self {
        Stop::Db(err)
    }
}

/// Triages the entry in one transaction: the person (merged into when
/// known, created otherwise) with the lawful basis recorded, the
/// organisation (chosen or created) and the role in it when new, the
/// contact logged on the capture day with its follow-up if wanted (none
/// for someone who asked not to be contacted), and the entry emptied.
pub async fn triage(
    db: &DatabaseConnection,
    entry: &capture_entry::Model,
    t: &Triage,
    actor: Option<i32>,
) -> Result<Triaged, DbErr> {
    let day = captured_on(entry);
    let outcome = crate::db::transaction(db, async |txn| {
        if !claim(txn, entry.id, actor).await? {
            return Err(Stop::Outcome(Triaged::AlreadyTriaged));
        }
        let conflict = || Stop::Outcome(Triaged::Conflict);
        let organisation_id = match &t.organisation {
            OrganisationChoice::Existing(id) => Some(
                crate::directory::store::get(txn, *id)
                    .await?
                    .ok_or_else(conflict)?
                    .id,
            ),
            OrganisationChoice::New(input) => {
                Some(crate::directory::store::create(txn, input, actor).await?)
            }
            OrganisationChoice::None => None,
        };
        let (person_id, do_not_contact) = match &t.person {
            PersonChoice::Existing(id) => {
                let before = crate::people::store::get_not_erased(txn, *id)
                    .await?
                    .ok_or_else(conflict)?;
                let encounter = Encounter {
                    email: t.email.clone(),
                    phone: t.phone.clone(),
                    source: t.source.clone(),
                    lawful_basis: t.lawful_basis,
                    lawful_basis_on: day,
                };
                if !crate::people::store::merge_encounter(txn, &before, &encounter, actor).await? {
                    return Err(conflict());
                }
                (before.id, before.do_not_contact)
            }
            PersonChoice::New { full_name } => {
                let input = PersonInput {
                    full_name: full_name.clone(),
                    email: t.email.clone(),
                    phone: t.phone.clone(),
                    notes: None,
                    lawful_basis: t.lawful_basis,
                    lawful_basis_on: Some(day),
                    source: t.source.clone(),
                    do_not_contact: false,
                };
                (
                    crate::people::store::create(txn, &input, actor).await?,
                    false,
                )
            }
        };
        if let Some(organisation_id) = organisation_id
            && !crate::people::store::is_member(txn, person_id, organisation_id).await?
        {
            let membership = MembershipInput {
                person_id,
                organisation_id,
                role: t.role.clone(),
                started_on: None,
                ended_on: None,
                mandate_ends_on: None,
                elected_by: None,
            };
            crate::people::store::add_membership(txn, &membership, actor).await?;
        }
        let contact = InteractionInput {
            occurred_on: day,
            channel: InteractionChannel::EventTalk,
            direction: Direction::Inbound,
            organisation_id,
            person_id: Some(person_id),
            summary: t.summary.clone(),
            outcome: None,
            next_step: None,
            follow_up_on: t.follow_up_on.filter(|_| !do_not_contact),
            campaign_id: None,
            new_stage: None,
        };
        let interaction_id = crate::interactions::store::create(txn, &contact, actor).await?;
        capture_entry::ActiveModel {
            id: Set(entry.id),
            interaction_id: Set(Some(interaction_id)),
            ..Default::default()
        }
        .update(txn)
        .await?;
        Ok::<_, Stop>(Triaged::Done { person_id })
    })
    .await;
    match outcome {
        Ok(done) => Ok(done),
        Err(Stop::Outcome(outcome)) => Ok(outcome),
        Err(Stop::Db(err)) => Err(err),
    }
}

/// Discards an entry without making anyone of it (a duplicate, a test):
/// it is emptied as triage would; `false` when it was already triaged.
pub async fn discard(
    db: &impl ConnectionTrait,
    entry: &capture_entry::Model,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    claim(db, entry.id, actor).await
}
