//! Visit tours: a volunteer picks organisations from "around" into their
//! open tour; the visit order is computed each time (nearest neighbour
//! from the start commune's centre: a sensible driving order, not the
//! shortest); after the day, the visits become logged contacts in one
//! transaction, through the interactions store.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::haversine_km;
use crate::audit;
use crate::entities::*;
use crate::interactions::store::{self as interactions, InteractionInput};

/// Most stops a tour takes: a day of visits, printable on one page.
pub const MAX_STOPS: usize = 20;

/// The user's tour not yet recorded, the latest first.
pub async fn open_tour(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Option<tour::Model>, DbErr> {
    tour::Entity::find()
        .filter(tour::Column::UserId.eq(user_id))
        .filter(tour::Column::RecordedOn.is_null())
        .order_by_desc(tour::Column::Id)
        .one(db)
        .await
}

/// The user's tours, the latest first.
pub async fn tours_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<tour::Model>, DbErr> {
    tour::Entity::find()
        .filter(tour::Column::UserId.eq(user_id))
        .order_by_desc(tour::Column::Id)
        .limit(100)
        .all(db)
        .await
}

/// A tour of this user (another's is none of theirs).
pub async fn tour_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
) -> Result<Option<tour::Model>, DbErr> {
    Ok(tour::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|t| t.user_id == user_id))
}

pub async fn stop_rows(
    db: &impl ConnectionTrait,
    tour_id: i32,
) -> Result<Vec<tour_stop::Model>, DbErr> {
    tour_stop::Entity::find()
        .filter(tour_stop::Column::TourId.eq(tour_id))
        .order_by_asc(tour_stop::Column::Position)
        .order_by_asc(tour_stop::Column::Id)
        .all(db)
        .await
}

/// What adding a stop did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Added(i32),
    AlreadyThere(i32),
    Full(i32),
}

/// Adds the organisation to the user's open tour, opening one (named
/// `name`, starting from `start`) when there is none.
pub async fn add_stop(
    db: &impl ConnectionTrait,
    user_id: i32,
    organisation_id: i32,
    start: Option<String>,
    name: &str,
) -> Result<Added, DbErr> {
    let now = crate::clock::now();
    let tour = match open_tour(db, user_id).await? {
        Some(t) => {
            if t.start_commune_code.is_none() && start.is_some() {
                let mut row: tour::ActiveModel = t.clone().into();
                row.start_commune_code = Set(start);
                row.updated_at = Set(now);
                row.update(db).await?
            } else {
                t
            }
        }
        None => {
            let created = tour::ActiveModel {
                user_id: Set(user_id),
                name: Set(name.chars().take(crate::values::limits::NAME).collect()),
                start_commune_code: Set(start),
                recorded_on: Set(None),
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
                    actor: Some(user_id),
                    action: AuditAction::Create,
                    entity: EntityKind::Tour,
                    entity_id: created.id,
                    label: &created.name,
                    changes: audit::diff(None, Some(&created)),
                },
            )
            .await?;
            created
        }
    };
    let stops = stop_rows(db, tour.id).await?;
    if stops.iter().any(|s| s.organisation_id == organisation_id) {
        return Ok(Added::AlreadyThere(tour.id));
    }
    if stops.len() >= MAX_STOPS {
        return Ok(Added::Full(tour.id));
    }
    let position = stops.iter().map(|s| s.position).max().unwrap_or(0) + 1;
    tour_stop::ActiveModel {
        tour_id: Set(tour.id),
        organisation_id: Set(organisation_id),
        position: Set(position),
        interaction_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Added::Added(tour.id))
}

/// Takes the organisation off a tour not yet recorded.
pub async fn remove_stop(
    db: &impl ConnectionTrait,
    tour: &tour::Model,
    organisation_id: i32,
) -> Result<bool, DbErr> {
    if tour.recorded_on.is_some() {
        return Ok(false);
    }
    let done = tour_stop::Entity::delete_many()
        .filter(tour_stop::Column::TourId.eq(tour.id))
        .filter(tour_stop::Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}

/// The visit order of points (indexes into `points`): from `start` (else
/// from the first point), always the nearest point not yet visited; ties
/// go to the earlier point. Points without coordinates come last, in
/// their order.
pub fn nearest_neighbour(start: Option<(f64, f64)>, points: &[Option<(f64, f64)>]) -> Vec<usize> {
    let mut left: Vec<usize> = (0..points.len()).filter(|i| points[*i].is_some()).collect();
    let mut order = Vec::with_capacity(points.len());
    let mut here = match start {
        Some(p) => Some(p),
        None if !left.is_empty() => {
            let first = left.remove(0);
            order.push(first);
            points[first]
        }
        None => None,
    };
    while let Some((lat, lon)) = here {
        let next = left
            .iter()
            .enumerate()
            .filter_map(|(slot, i)| {
                points[*i].map(|(la, lo)| (slot, haversine_km(lat, lon, la, lo)))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        match next {
            Some((slot, _)) => {
                let i = left.remove(slot);
                order.push(i);
                here = points[i];
            }
            None => here = None,
        }
    }
    order.extend((0..points.len()).filter(|i| points[*i].is_none()));
    order
}

/// One stop as the tour page shows it.
#[derive(Debug, Clone)]
pub struct Stop {
    pub organisation: organisation::Model,
    /// From the previous stop (or the start), as the crow flies.
    pub leg_km: Option<f64>,
    /// The people to ask for: name and role (current roles, people who
    /// may be contacted).
    pub people: Vec<(i32, String, String)>,
    pub last_contact: Option<interaction::Model>,
    /// The contact the visit became, once recorded.
    pub interaction_id: Option<i32>,
}

/// The stops of a tour, in visit order.
pub async fn stops(
    db: &impl ConnectionTrait,
    tour: &tour::Model,
    start: Option<(f64, f64)>,
) -> Result<Vec<Stop>, DbErr> {
    let rows = stop_rows(db, tour.id).await?;
    let ids: Vec<i32> = rows.iter().map(|s| s.organisation_id).collect();
    let organisations = crate::directory::store::by_ids(db, &ids).await?;
    let recorded: HashMap<i32, Option<i32>> = rows
        .iter()
        .map(|s| (s.organisation_id, s.interaction_id))
        .collect();
    let points: Vec<Option<(f64, f64)>> = organisations
        .iter()
        .map(|o| o.latitude.zip(o.longitude))
        .collect();
    let order = nearest_neighbour(start, &points);
    let mut people: HashMap<i32, Vec<(i32, String, String)>> = HashMap::new();
    let memberships = membership::Entity::find()
        .filter(membership::Column::OrganisationId.is_in(ids.clone()))
        .filter(membership::Column::EndedOn.is_null())
        .all(db)
        .await?;
    let person_ids: Vec<i32> = memberships.iter().map(|m| m.person_id).collect();
    let persons: HashMap<i32, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(person_ids))
        .filter(person::Column::ErasedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for m in memberships {
        if let Some(p) = persons.get(&m.person_id).filter(|p| !p.do_not_contact) {
            people.entry(m.organisation_id).or_default().push((
                p.id,
                p.full_name.clone(),
                m.role.clone(),
            ));
        }
    }
    let mut last: HashMap<i32, interaction::Model> = HashMap::new();
    for i in interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.is_in(ids.clone()))
        .order_by_desc(interaction::Column::OccurredOn)
        .order_by_desc(interaction::Column::Id)
        .limit(2_000)
        .all(db)
        .await?
    {
        if let Some(org) = i.organisation_id {
            last.entry(org).or_insert(i);
        }
    }
    let mut previous = start;
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        let o = organisations[i].clone();
        let here = o.latitude.zip(o.longitude);
        let leg_km = match (previous, here) {
            (Some((a, b)), Some((c, d))) => Some(haversine_km(a, b, c, d)),
            _ => None,
        };
        if here.is_some() {
            previous = here;
        }
        out.push(Stop {
            people: people.remove(&o.id).unwrap_or_default(),
            last_contact: last.remove(&o.id),
            interaction_id: recorded.get(&o.id).copied().flatten(),
            leg_km,
            organisation: o,
        });
    }
    Ok(out)
}

/// One visit to record: the organisation, and what was said.
#[derive(Debug, Clone)]
pub struct Visit {
    pub organisation_id: i32,
    pub summary: String,
    pub person_id: Option<i32>,
}

/// Records the visits as contacts on `day`, marks the tour recorded, in
/// the caller's transaction; `false` when it was recorded meanwhile.
pub async fn record(
    db: &impl ConnectionTrait,
    tour: &tour::Model,
    day: NaiveDate,
    visits: &[Visit],
    campaign_id: Option<i32>,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let applied = tour::Entity::update_many()
        .col_expr(tour::Column::RecordedOn, day.into())
        .col_expr(tour::Column::UpdatedAt, crate::clock::now().into())
        .col_expr(tour::Column::Version, (tour.version + 1).into())
        .filter(tour::Column::Id.eq(tour.id))
        .filter(tour::Column::Version.eq(tour.version))
        .filter(tour::Column::RecordedOn.is_null())
        .exec(db)
        .await?;
    if applied.rows_affected == 0 {
        return Ok(false);
    }
    for visit in visits {
        let input = InteractionInput {
            occurred_on: day,
            channel: InteractionChannel::Meeting,
            direction: Direction::Outbound,
            organisation_id: Some(visit.organisation_id),
            person_id: visit.person_id,
            summary: visit.summary.clone(),
            outcome: None,
            next_step: None,
            follow_up_on: None,
            campaign_id,
            new_stage: None,
        };
        let id = interactions::create(db, &input, actor).await?;
        tour_stop::Entity::update_many()
            .col_expr(tour_stop::Column::InteractionId, id.into())
            .filter(tour_stop::Column::TourId.eq(tour.id))
            .filter(tour_stop::Column::OrganisationId.eq(visit.organisation_id))
            .exec(db)
            .await?;
    }
    let after = tour::Model {
        recorded_on: Some(day),
        version: tour.version + 1,
        ..tour.clone()
    };
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Tour,
            entity_id: tour.id,
            label: &tour.name,
            changes: audit::diff(Some(tour), Some(&after)),
        },
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_neighbour_goes_to_the_closest_stop_each_time() {
        let points = [
            Some((48.0, -1.30)),
            Some((48.0, -1.10)),
            None,
            Some((48.0, -1.20)),
        ];
        assert_eq!(nearest_neighbour(Some((48.0, -1.0)), &points), [1, 3, 0, 2]);
        assert_eq!(nearest_neighbour(None, &points), [0, 3, 1, 2]);
        assert_eq!(nearest_neighbour(None, &[None, None]), [0, 1]);
    }
}
