//! Everything the organisation page shows, read in one place.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::reach::{self, Figures};
use super::store::{get, tag_names};
use crate::campaign::claims::{self, LiveClaim};
use crate::entities::*;
use crate::geography;

/// A link seen from this organisation.
pub struct Link {
    pub relation: organisation_relation::Model,
    /// The organisation at the other end.
    pub other: organisation::Model,
    /// Whether the link starts here ("relays to X") or ends here ("X
    /// coordinates us").
    pub outgoing: bool,
}

/// The organisation in one campaign: its stage there and who follows it.
pub struct Outreach {
    pub status: outreach_status::Model,
    pub campaign: String,
    /// The owner's display name.
    pub owner: Option<String>,
}

/// Everything the organisation page shows.
pub struct Details {
    pub organisation: organisation::Model,
    pub parent: Option<organisation::Model>,
    pub children: Vec<organisation::Model>,
    pub relations: Vec<Link>,
    pub channels: Vec<channel::Model>,
    pub tags: Vec<String>,
    pub region: Option<String>,
    pub departement: Option<String>,
    pub members: Vec<(membership::Model, person::Model)>,
    pub interactions: Vec<interaction::Model>,
    /// The people its contacts were with, by id.
    pub people: HashMap<i32, person::Model>,
    pub events: Vec<event::Model>,
    pub outreach: Vec<Outreach>,
    /// Campaigns that do not follow it yet, (id, name), to add it to one.
    pub campaigns: Vec<(i32, String)>,
    /// The soonest open follow-up of a contact with this organisation.
    pub next_follow_up: Option<chrono::NaiveDate>,
    /// Workshop sessions hosted here, newest first.
    pub sessions: Vec<crate::workshops::store::SessionLine>,
    /// What its reach counts, read afresh (see [`reach`]).
    pub reach: Figures,
    /// Live claims on it, one per campaign at most (today, by the app's clock).
    pub claims: Vec<LiveClaim>,
    /// Who a claim can be handed over to, (id, name): only read when
    /// there is a live claim.
    pub team: Vec<(i32, String)>,
    /// Its reference commune and that commune's note (see `geo`).
    pub commune: Option<(commune::Model, Option<commune_note::Model>)>,
}

pub async fn details(
    db: &impl ConnectionTrait,
    organisation: organisation::Model,
) -> Result<Details, DbErr> {
    let id = organisation.id;
    let parent = match organisation.parent_id {
        Some(pid) => get(db, pid).await?,
        None => None,
    };
    let children = organisation::Entity::find()
        .filter(organisation::Column::ParentId.eq(id))
        .order_by_asc(organisation::Column::SortName)
        .all(db)
        .await?;
    let links = organisation_relation::Entity::find()
        .filter(
            Condition::any()
                .add(organisation_relation::Column::SourceId.eq(id))
                .add(organisation_relation::Column::TargetId.eq(id)),
        )
        .all(db)
        .await?;
    let mut relations = Vec::new();
    for link in links {
        let outgoing = link.source_id == id;
        let other_id = if outgoing {
            link.target_id
        } else {
            link.source_id
        };
        if let Some(other) = get(db, other_id).await? {
            relations.push(Link {
                relation: link,
                other,
                outgoing,
            });
        }
    }
    let channels = channel::Entity::find()
        .filter(channel::Column::OrganisationId.eq(id))
        .order_by_asc(channel::Column::Id)
        .all(db)
        .await?;
    let tags = tag_names(db, id).await?;
    let region = match &organisation.region_code {
        Some(code) => geography::region(db, code).await?.map(|r| r.name),
        None => None,
    };
    let departement = match &organisation.departement_code {
        Some(code) => geography::departement(db, code).await?.map(|d| d.name),
        None => None,
    };
    let mut members = Vec::new();
    for m in membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(id))
        .all(db)
        .await?
    {
        if let Some(p) = person::Entity::find_by_id(m.person_id).one(db).await? {
            members.push((m, p));
        }
    }
    let interactions = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(id))
        .order_by_desc(interaction::Column::OccurredOn)
        .order_by_desc(interaction::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(interactions.iter().filter_map(|i| i.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let event_ids: Vec<i32> = event_organiser::Entity::find()
        .filter(event_organiser::Column::OrganisationId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.event_id)
        .collect();
    let events = event::Entity::find()
        .filter(event::Column::Id.is_in(event_ids))
        .order_by_desc(event::Column::StartsAt)
        .all(db)
        .await?;
    let mut outreach = Vec::new();
    for status in outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(id))
        .all(db)
        .await?
    {
        let campaign = campaign::Entity::find_by_id(status.campaign_id)
            .one(db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let owner = match status.owner_id {
            Some(owner) => user::Entity::find_by_id(owner)
                .one(db)
                .await?
                .map(|u| u.display_name),
            None => None,
        };
        outreach.push(Outreach {
            status,
            campaign,
            owner,
        });
    }
    outreach.sort_by(|a, b| a.campaign.cmp(&b.campaign));
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_not_in(outreach.iter().map(|s| s.status.campaign_id)))
        .order_by_asc(campaign::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let next_follow_up = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(id))
        .filter(interaction::Column::FollowUpDone.eq(false))
        .filter(interaction::Column::FollowUpOn.is_not_null())
        .order_by_asc(interaction::Column::FollowUpOn)
        .one(db)
        .await?
        .and_then(|i| i.follow_up_on);
    let sessions = crate::workshops::store::sessions(
        db,
        &crate::workshops::store::SessionFilter {
            venue_id: Some(id),
            newest_first: true,
            limit: Some(50),
            ..Default::default()
        },
    )
    .await?;
    let reach = reach::figures(db, &organisation).await?;
    let claims = claims::live_for_organisation(db, id, crate::clock::today()).await?;
    let team = if claims.is_empty() {
        Vec::new()
    } else {
        claims::team(db).await?
    };
    let commune = crate::geo::notes::for_organisation(db, &organisation).await?;
    Ok(Details {
        commune,
        reach,
        claims,
        team,
        sessions,
        organisation,
        parent,
        children,
        relations,
        channels,
        tags,
        region,
        departement,
        members,
        interactions,
        people,
        events,
        outreach,
        next_follow_up,
        campaigns,
    })
}
