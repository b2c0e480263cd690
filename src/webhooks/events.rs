//! The events a webhook may ask for, and which ones a change makes.
//!
//! An event is named `<kind>.<what>`: the kind of record and, for the
//! plain ones, the past participle of the audit action
//! (`organisation.created`, `person.erased`, `organisation.merged`). Some
//! are read from what the change did, in addition to the plain one:
//! `outreach.stage_changed` (the stage of a status moved: the board, a
//! bulk action, the API, a contact logged with a new stage),
//! `event.cancelled` (one date of an event cancelled — a single event's
//! only date, or one of a series'), `workshop_session.held` (its
//! attendance recorded for the first time: it took place). One is noticed
//! by the clock rather than by a change: `follow_up.due` (see
//! [`super::due`]).
//!
//! A subscription (`webhooks.entities`) lists event names, or a kind alone
//! meaning every event of that kind — what subscriptions held before
//! events could be chosen, and what ticking all of a kind's events stores.

use serde_json::{Value, json};

use crate::audit::Entry;
use crate::entities::{AuditAction, EntityKind};

pub const OUTREACH_STAGE_CHANGED: &str = "outreach.stage_changed";
pub const EVENT_CANCELLED: &str = "event.cancelled";
pub const WORKSHOP_SESSION_HELD: &str = "workshop_session.held";
pub const FOLLOW_UP_DUE: &str = "follow_up.due";
/// Sent on demand to one webhook ("send a test"), whatever it hears.
pub const WEBHOOK_TEST: &str = "webhook.test";

/// Every event offered, grouped by the kind of record it is about (the
/// kind a subscription may name alone). `follow_up.due` is about an
/// interaction: follow-ups are stored on them.
pub const EVENTS: [(EntityKind, &[&str]); 8] = [
    (
        EntityKind::Organisation,
        &[
            "organisation.created",
            "organisation.updated",
            "organisation.merged",
            "organisation.deleted",
        ],
    ),
    (
        EntityKind::Person,
        &[
            "person.created",
            "person.updated",
            "person.merged",
            "person.erased",
        ],
    ),
    (
        EntityKind::Interaction,
        &["interaction.created", "interaction.updated", FOLLOW_UP_DUE],
    ),
    (
        EntityKind::Event,
        &[
            "event.created",
            "event.updated",
            EVENT_CANCELLED,
            "event.deleted",
        ],
    ),
    (
        EntityKind::Campaign,
        &["campaign.created", "campaign.updated"],
    ),
    (
        EntityKind::Outreach,
        &[
            "outreach.created",
            "outreach.updated",
            OUTREACH_STAGE_CHANGED,
        ],
    ),
    (
        EntityKind::Kit,
        &["kit.created", "kit.updated", "kit.deleted"],
    ),
    (
        EntityKind::WorkshopSession,
        &[
            "workshop_session.created",
            "workshop_session.updated",
            WORKSHOP_SESSION_HELD,
            "workshop_session.deleted",
        ],
    ),
];

/// The past participle naming what an audit action did.
pub fn participle(action: AuditAction) -> &'static str {
    match action {
        AuditAction::Create => "created",
        AuditAction::Update => "updated",
        AuditAction::Delete => "deleted",
        AuditAction::Erase => "erased",
        AuditAction::Merge => "merged",
    }
}

/// The kind an offered event is about; `None` for a name not offered.
pub fn kind_of(event: &str) -> Option<EntityKind> {
    EVENTS
        .iter()
        .find(|(_, events)| events.contains(&event))
        .map(|(kind, _)| *kind)
}

/// The translation key of the heading of a kind's events
/// (`webhooks-group-workshop-session`).
pub fn group_key(kind: EntityKind) -> String {
    format!("webhooks-group-{}", kind.as_str().replace('_', "-"))
}

/// The translation key of an event's label (`webhooks-on-outreach-stage-changed`).
pub fn label_key(event: &str) -> String {
    format!("webhooks-on-{}", event.replace(['.', '_'], "-"))
}

/// One event a change makes, with what it needs beyond the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Happened {
    pub event: String,
    pub data: Option<Value>,
}

/// The events an audit entry stands for: the plain `<kind>.<participle>`,
/// then those read from its changes.
pub fn of_entry(entry: &Entry<'_>) -> Vec<Happened> {
    let mut happened = vec![Happened {
        event: format!("{}.{}", entry.entity.as_str(), participle(entry.action)),
        data: None,
    }];
    let changed = |field: &str| change_of(&entry.changes, field);
    match (entry.entity, entry.action) {
        (EntityKind::Outreach, AuditAction::Update) => {
            if let Some((from, to)) = changed("stage")
                && !from.is_null()
                && from != to
            {
                happened.push(Happened {
                    event: OUTREACH_STAGE_CHANGED.into(),
                    data: Some(json!({ "from": from, "to": to })),
                });
            }
        }
        (EntityKind::Event, AuditAction::Update) => {
            // A date's change is recorded as `"occurrence <start the series
            // gives>": [_, what became of it]` (see `agenda::store::occurrences`).
            let Some(changes) = entry.changes.as_object() else {
                return happened;
            };
            let mut cancelled = None;
            for (field, change) in changes {
                let Some(start) = field.strip_prefix("occurrence ") else {
                    continue;
                };
                let cancelled = cancelled.get_or_insert_with(cancelled_text);
                if change.get(1).and_then(Value::as_str) == Some(cancelled.as_str()) {
                    happened.push(Happened {
                        event: EVENT_CANCELLED.into(),
                        data: Some(json!({ "occurrence": start.replacen(' ', "T", 1) })),
                    });
                }
            }
        }
        (EntityKind::WorkshopSession, AuditAction::Create | AuditAction::Update) => {
            if let Some((before, after)) = changed("attendance")
                && before.is_null()
                && !after.is_null()
            {
                happened.push(Happened {
                    event: WORKSHOP_SESSION_HELD.into(),
                    data: Some(json!({ "attendance": after })),
                });
            }
        }
        _ => {}
    }
    happened
}

/// A field's `[before, after]` in an audit entry's changes.
fn change_of<'c>(changes: &'c Value, field: &str) -> Option<(&'c Value, &'c Value)> {
    match changes.get(field)?.as_array()?.as_slice() {
        [before, after] => Some((before, after)),
        _ => None,
    }
}

/// What the audit entry of a cancelled date records it became: the
/// message `agenda::store::occurrences` stores (in French, as every stored
/// text).
fn cancelled_text() -> String {
    crate::agenda::message::Message::new("agenda-audit-cancelled").to_string()
}

/// What a subscription lists: event names and kinds, as stored.
fn listed(entities: &str) -> impl Iterator<Item = &str> {
    entities.split(',').map(str::trim).filter(|t| !t.is_empty())
}

/// Whether a subscription (`webhooks.entities`) hears `event` about a
/// record of `kind`: named, or its kind named alone.
pub fn heard(entities: &str, event: &str, kind: EntityKind) -> bool {
    listed(entities).any(|t| t == event || t == kind.as_str())
}

/// What a subscription lists, each as a kind alone or an event name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Every(EntityKind),
    Event(String),
}

/// A stored subscription read back (values no longer offered are left out).
pub fn read(entities: &str) -> Vec<Listed> {
    listed(entities)
        .filter_map(|t| match t.parse::<EntityKind>() {
            Ok(kind) if EVENTS.iter().any(|(k, _)| *k == kind) => Some(Listed::Every(kind)),
            Ok(_) => None,
            Err(_) => kind_of(t).map(|_| Listed::Event(t.to_owned())),
        })
        .collect()
}

/// What to store for the boxes ticked (event names, or kinds from older
/// clients): per kind in the catalogue's order, the kind alone when it is
/// named or all its events are ticked, else the events ticked. Unknown
/// values are dropped; empty when nothing offered was ticked.
pub fn choose(ticked: &[String]) -> Vec<String> {
    let ticked: Vec<&str> = ticked.iter().map(|t| t.trim()).collect();
    let mut chosen = Vec::new();
    for (kind, events) in EVENTS {
        let named = ticked.contains(&kind.as_str());
        let of_kind: Vec<&str> = events
            .iter()
            .copied()
            .filter(|e| ticked.contains(e))
            .collect();
        if named || of_kind.len() == events.len() {
            chosen.push(kind.as_str().to_owned());
        } else {
            chosen.extend(of_kind.into_iter().map(str::to_owned));
        }
    }
    chosen
}

/// Whether `name` is an event offered or a kind a webhook may name alone.
pub fn is_known(name: &str) -> bool {
    let name = name.trim();
    EVENTS
        .iter()
        .any(|(kind, events)| kind.as_str() == name || events.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(entity: EntityKind, action: AuditAction, changes: Value) -> Entry<'static> {
        Entry {
            actor: Some(1),
            action,
            entity,
            entity_id: 7,
            label: "",
            changes,
        }
    }

    fn names(entry: &Entry<'_>) -> Vec<String> {
        of_entry(entry).into_iter().map(|h| h.event).collect()
    }

    #[test]
    fn plain_events_are_named_by_the_past_participle() {
        for (action, name) in [
            (AuditAction::Create, "organisation.created"),
            (AuditAction::Update, "organisation.updated"),
            (AuditAction::Delete, "organisation.deleted"),
            (AuditAction::Merge, "organisation.merged"),
        ] {
            let e = entry(EntityKind::Organisation, action, json!({}));
            assert_eq!(names(&e), [name]);
        }
        let erased = entry(EntityKind::Person, AuditAction::Erase, json!({}));
        assert_eq!(names(&erased), ["person.erased"]);
    }

    #[test]
    fn a_stage_move_is_also_a_stage_change_with_both_stages() {
        let moved = entry(
            EntityKind::Outreach,
            AuditAction::Update,
            json!({"stage": ["to_contact", "contacted"]}),
        );
        let happened = of_entry(&moved);
        assert_eq!(happened.len(), 2);
        assert_eq!(happened[1].event, OUTREACH_STAGE_CHANGED);
        assert_eq!(
            happened[1].data,
            Some(json!({"from": "to_contact", "to": "contacted"}))
        );
        let owner = entry(
            EntityKind::Outreach,
            AuditAction::Update,
            json!({"owner_id": [1, 2]}),
        );
        assert_eq!(names(&owner), ["outreach.updated"]);
        let added = entry(
            EntityKind::Outreach,
            AuditAction::Create,
            json!({"stage": [null, "to_contact"]}),
        );
        assert_eq!(names(&added), ["outreach.created"]);
    }

    #[test]
    fn a_cancelled_date_is_an_event_cancelled_and_a_moved_one_is_not() {
        let cancelled = cancelled_text();
        let e = entry(
            EntityKind::Event,
            AuditAction::Update,
            json!({"occurrence 2027-04-01 09:30:00": [null, cancelled]}),
        );
        let happened = of_entry(&e);
        assert_eq!(happened[1].event, EVENT_CANCELLED);
        assert_eq!(
            happened[1].data,
            Some(json!({"occurrence": "2027-04-01T09:30:00"}))
        );
        let moved = entry(
            EntityKind::Event,
            AuditAction::Update,
            json!({"occurrence 2027-04-01 09:30:00": [null, "2027-04-08 14:00:00"]}),
        );
        assert_eq!(names(&moved), ["event.updated"]);
    }

    #[test]
    fn attendance_recorded_the_first_time_is_a_session_held() {
        let held = entry(
            EntityKind::WorkshopSession,
            AuditAction::Update,
            json!({"attendance": [null, 9]}),
        );
        assert_eq!(
            names(&held),
            ["workshop_session.updated", WORKSHOP_SESSION_HELD]
        );
        let corrected = entry(
            EntityKind::WorkshopSession,
            AuditAction::Update,
            json!({"attendance": [9, 12]}),
        );
        assert_eq!(names(&corrected), ["workshop_session.updated"]);
        let recorded = entry(
            EntityKind::WorkshopSession,
            AuditAction::Create,
            json!({"attendance": [null, 4]}),
        );
        assert_eq!(
            names(&recorded),
            ["workshop_session.created", WORKSHOP_SESSION_HELD]
        );
    }

    #[test]
    fn a_kind_alone_hears_every_event_of_its_kind() {
        assert!(heard(
            "organisation,person",
            "organisation.merged",
            EntityKind::Organisation
        ));
        assert!(heard("interaction", FOLLOW_UP_DUE, EntityKind::Interaction));
        assert!(heard(
            " outreach.stage_changed ",
            OUTREACH_STAGE_CHANGED,
            EntityKind::Outreach
        ));
        assert!(!heard(
            "outreach.stage_changed",
            "outreach.updated",
            EntityKind::Outreach
        ));
        assert!(!heard("organisation", "person.created", EntityKind::Person));
    }

    #[test]
    fn ticking_every_event_of_a_kind_stores_the_kind() {
        let ticked = |t: &[&str]| -> Vec<String> { t.iter().map(|s| s.to_string()).collect() };
        assert_eq!(
            choose(&ticked(&[
                "outreach.stage_changed",
                "event.created",
                "event.updated",
                "event.cancelled",
                "event.deleted",
                "kit",
                "nonsense",
                "webhook",
            ])),
            ["event", "outreach.stage_changed", "kit"]
        );
        assert!(choose(&ticked(&["nonsense"])).is_empty());
        assert_eq!(
            read("event,outreach.stage_changed,webhook,gone.away"),
            [
                Listed::Every(EntityKind::Event),
                Listed::Event(OUTREACH_STAGE_CHANGED.into())
            ]
        );
    }

    #[test]
    fn every_event_is_labelled_in_both_languages() {
        for locale in crate::web::Locale::ALL {
            for (kind, events) in EVENTS {
                assert!(locale.has(&group_key(kind)), "{}", group_key(kind));
                for event in events {
                    assert!(locale.has(&label_key(event)), "{}", label_key(event));
                }
            }
        }
    }

    #[test]
    fn every_choice_fits_the_stored_column() {
        // The longest choice: every event of each kind but its shortest.
        let mut longest = Vec::new();
        for (_, events) in EVENTS {
            let mut events = events.to_vec();
            events.sort_by_key(|e| e.len());
            longest.extend(events[1..].iter().map(|e| e.to_string()));
        }
        assert!(choose(&longest).join(",").len() <= 500);
        assert_eq!(EVENTS.map(|(kind, _)| kind), crate::webhooks::ENTITIES);
        for (kind, events) in EVENTS {
            for event in events {
                assert_eq!(kind_of(event), Some(kind));
                assert!(event.len() <= 64, "{event} fits webhook_deliveries.event");
            }
        }
    }
}
