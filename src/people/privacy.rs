//! Export and erasure of one person's data.
//!
//! Erasure removes the personal data everywhere relais holds it — the
//! person's row, memberships, mentions in interaction notes and in stand
//! captures not yet triaged, audit-log values and the search index — and
//! keeps anonymous counts: the person row stays as an empty "erased
//! person" so interactions and workshop sessions remain counted. Mentions
//! are found by full name, email and phone; a nickname or a first name
//! alone in a free-text note cannot be recognised.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

use crate::audit;
use crate::entities::{
    AuditAction, EntityKind, OutboxOp, audit_entry, capture_entry, interaction, membership,
    organisation, person, person_alias, workshop_session,
};
use crate::search::outbox;

/// What replaces a mention of an erased person in free text.
pub const ERASED_MARK: &str = "[personne effacée]";

/// Everything relais holds about a person, as one JSON document.
pub async fn export(db: &impl ConnectionTrait, person: &person::Model) -> Result<Value, DbErr> {
    let org_name = |id: i32| async move {
        organisation::Entity::find_by_id(id)
            .one(db)
            .await
            .map(|o| o.map(|o| o.name))
    };
    let mut memberships = Vec::new();
    for m in membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person.id))
        .all(db)
        .await?
    {
        memberships.push(json!({
            "organisation": org_name(m.organisation_id).await?,
            "role": m.role,
            "started_on": m.started_on,
            "ended_on": m.ended_on,
        }));
    }
    let mut interactions = Vec::new();
    for i in interaction::Entity::find()
        .filter(interaction::Column::PersonId.eq(person.id))
        .order_by_asc(interaction::Column::OccurredOn)
        .all(db)
        .await?
    {
        let organisation = match i.organisation_id {
            Some(id) => org_name(id).await?,
            None => None,
        };
        interactions.push(json!({
            "occurred_on": i.occurred_on,
            "channel": i.channel,
            "direction": i.direction,
            "organisation": organisation,
            "summary": i.summary,
            "outcome": i.outcome,
            "next_step": i.next_step,
            "follow_up_on": i.follow_up_on,
        }));
    }
    let sessions: Vec<Value> = workshop_session::Entity::find()
        .filter(workshop_session::Column::FacilitatorPersonId.eq(person.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| json!({ "held_on": s.held_on, "kit_id": s.kit_id, "attendance": s.attendance }))
        .collect();
    let history: Vec<Value> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Person))
        .filter(audit_entry::Column::EntityId.eq(person.id))
        .order_by_asc(audit_entry::Column::At)
        .all(db)
        .await?
        .into_iter()
        .map(|e| json!({ "at": e.at, "action": e.action, "changes": e.changes }))
        .collect();
    Ok(json!({
        "format": "relais-person-export",
        "version": 1,
        "exported_at": crate::clock::now(),
        "person": {
            "id": person.id,
            "full_name": person.full_name,
            "email": person.email,
            "phone": person.phone,
            "notes": person.notes,
            "lawful_basis": person.lawful_basis,
            "lawful_basis_on": person.lawful_basis_on,
            "source": person.source,
            "do_not_contact": person.do_not_contact,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        },
        "memberships": memberships,
        "interactions": interactions,
        "workshop_sessions_facilitated": sessions,
        "history": history,
    }))
}

/// The strings that identify the person in free text, longest first.
fn identifiers(person: &person::Model) -> Vec<String> {
    let mut ids: Vec<String> = [
        Some(&person.full_name),
        person.email.as_ref(),
        person.phone.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|s| s.trim().to_owned())
    .filter(|s| s.chars().count() >= 3)
    .collect();
    ids.sort_by_key(|s| std::cmp::Reverse(s.len()));
    ids
}

/// Replaces every case-insensitive occurrence of `needles` in `text`.
fn scrub(text: &str, needles: &[String]) -> String {
    let mut out = text.to_owned();
    for needle in needles {
        let lower_needle = needle.to_lowercase();
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        loop {
            let lower_rest = rest.to_lowercase();
            // Only byte-for-byte case mappings keep offsets aligned; otherwise
            // fall back to an exact match.
            let found = if lower_rest.len() == rest.len() {
                lower_rest.find(&lower_needle)
            } else {
                rest.find(needle.as_str())
            };
            match found {
                Some(at) => {
                    result.push_str(&rest[..at]);
                    result.push_str(ERASED_MARK);
                    rest = &rest[at + needle.len()..];
                }
                None => {
                    result.push_str(rest);
                    break;
                }
            }
        }
        out = result;
    }
    out
}

fn scrub_json(value: &Value, needles: &[String]) -> Value {
    match value {
        Value::String(s) => Value::String(scrub(s, needles)),
        Value::Array(items) => Value::Array(items.iter().map(|v| scrub_json(v, needles)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), scrub_json(v, needles)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Erases the person's personal data everywhere. Run inside a transaction.
pub async fn erase(
    db: &impl ConnectionTrait,
    person: &person::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let needles = identifiers(person);

    membership::Entity::delete_many()
        .filter(membership::Column::PersonId.eq(person.id))
        .exec(db)
        .await?;

    for i in interaction::Entity::find().all(db).await? {
        let scrub_opt = |t: &Option<String>| t.as_deref().map(|t| scrub(t, &needles));
        let (summary, outcome, next_step) = (
            scrub(&i.summary, &needles),
            scrub_opt(&i.outcome),
            scrub_opt(&i.next_step),
        );
        if summary != i.summary || outcome != i.outcome || next_step != i.next_step {
            let mut row: interaction::ActiveModel = i.into();
            row.summary = Set(summary);
            row.outcome = Set(outcome);
            row.next_step = Set(next_step);
            row.update(db).await?;
        }
    }

    // Stand captures still waiting for triage may name the person too.
    for c in capture_entry::Entity::find()
        .filter(capture_entry::Column::TriagedAt.is_null())
        .all(db)
        .await?
    {
        let scrub_opt = |t: &Option<String>| t.as_deref().map(|t| scrub(t, &needles));
        let (full_name, contact, asked) = (
            scrub_opt(&c.full_name),
            scrub_opt(&c.contact),
            scrub_opt(&c.asked),
        );
        if full_name != c.full_name || contact != c.contact || asked != c.asked {
            capture_entry::ActiveModel {
                id: Set(c.id),
                full_name: Set(full_name),
                contact: Set(contact),
                asked: Set(asked),
                ..Default::default()
            }
            .update(db)
            .await?;
        }
    }

    // The audit log keeps that something happened, not what the data was.
    let mut pages = audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Id)
        .paginate(db, 500);
    let mut rewrites = Vec::new();
    while let Some(entries) = pages.fetch_and_next().await? {
        for e in entries {
            let about_person = e.entity == EntityKind::Person && e.entity_id == person.id;
            let label = e.label.as_deref().map(|l| {
                if about_person {
                    String::new()
                } else {
                    scrub(l, &needles)
                }
            });
            let changes = e.changes.as_ref().map(|c| {
                if about_person {
                    blank_values(c)
                } else {
                    scrub_json(c, &needles)
                }
            });
            if label != e.label || changes != e.changes {
                rewrites.push((e.id, label, changes));
            }
        }
    }
    for (id, label, changes) in rewrites {
        audit_entry::ActiveModel {
            id: Set(id),
            label: Set(label),
            changes: Set(changes),
            ..Default::default()
        }
        .update(db)
        .await?;
    }

    // The import ids of people merged into this one go with its own.
    person_alias::Entity::delete_many()
        .filter(person_alias::Column::PersonId.eq(person.id))
        .exec(db)
        .await?;
    let now = crate::clock::now();
    person::ActiveModel {
        id: Set(person.id),
        full_name: Set(String::new()),
        email: Set(None),
        phone: Set(None),
        notes: Set(None),
        source: Set(None),
        external_id: Set(None),
        lawful_basis_on: Set(None),
        do_not_contact: Set(true),
        erased_at: Set(Some(now)),
        updated_at: Set(now),
        version: Set(person.version + 1),
        ..Default::default()
    }
    .update(db)
    .await?;

    outbox::enqueue(db, EntityKind::Person, person.id, OutboxOp::Delete).await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Erase,
            entity: EntityKind::Person,
            entity_id: person.id,
            label: "",
            changes: json!({}),
        },
    )
    .await
}

/// `{"field": [old, new]}` with both values blanked, keeping the field names.
fn blank_values(changes: &Value) -> Value {
    match changes {
        Value::Object(map) => Value::Object(
            map.keys()
                .map(|k| (k.clone(), json!([ERASED_MARK, ERASED_MARK])))
                .collect(),
        ),
        _ => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_replaces_mentions_whatever_their_case() {
        let needles = vec![
            "Zéphyrine Testeuse".to_owned(),
            "zeph@example.org".to_owned(),
        ];
        assert_eq!(
            scrub("Appel avec ZÉPHYRINE TESTEUSE (zeph@example.org)", &needles),
            format!("Appel avec {ERASED_MARK} ({ERASED_MARK})")
        );
        assert_eq!(scrub("Rien à voir", &needles), "Rien à voir");
    }
}
