//! Soft claims: "je m'en occupe jusqu'au 15 janvier" — a volunteer tells
//! the team they are contacting an organisation for a campaign, so two
//! people do not write to the same librarian the same week. A claim is
//! shown to everyone (board card, organisation page, contact form), warns
//! and never blocks; it is live through its `until` day (Paris, by the
//! app's clock) and simply not shown after — no job expires it.
//!
//! One row per organisation and campaign (a unique index): claiming takes
//! the row of an expired claim, releasing deletes it, handing over changes
//! its volunteer — so there is never more than one live claim, on either
//! database. Each change is an audit entry of the organisation (its page's
//! history says who took it, until when, and who handed it to whom).
//! Owns `outreach_claims`.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, SqlErr,
};
use serde::Deserialize;

use crate::audit;
use crate::entities::*;
use crate::versioning::{Saved, update_versioned};
use crate::web::Ctx;
use crate::web::editing::Outcome;
use crate::web::forms::{Fields, FormErrors};

/// The longest note of a claim ("relancée par courriel, attend le CA").
pub const NOTE_MAX: usize = 200;
/// How far ahead a claim may run: a claim is for the weeks of a contact,
/// not a standing ownership (the card's owner is that).
pub const LONGEST_DAYS: i64 = 183;

/// A live claim with the names it is shown with.
#[derive(Debug, Clone)]
pub struct LiveClaim {
    pub claim: outreach_claim::Model,
    pub campaign: String,
    /// The volunteer's display name.
    pub user: String,
}

impl LiveClaim {
    /// Whether `user` holds it.
    pub fn is_held_by(&self, user: Option<i32>) -> bool {
        user == Some(self.claim.user_id)
    }
}

/// A claim as read from its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimInput {
    pub organisation_id: i32,
    pub campaign_id: i32,
    pub until: NaiveDate,
    pub note: Option<String>,
}

/// The claim form of an organisation's page, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClaimForm {
    #[serde(default)]
    pub campaign: String,
    #[serde(default)]
    pub until: String,
    /// `claim_note` in the form: the organisation page has other notes.
    #[serde(default, rename = "claim_note")]
    pub note: String,
}

impl ClaimForm {
    /// The claim, or every field error: the campaign must follow the
    /// organisation (`following`: its campaigns' ids); the last day must
    /// not have passed (`today`) and lie within [`LONGEST_DAYS`].
    pub fn parse(
        &self,
        ctx: &Ctx,
        organisation_id: i32,
        following: &[i32],
        today: NaiveDate,
    ) -> Result<ClaimInput, FormErrors> {
        let mut f = Fields::new(ctx);
        let campaign = self
            .campaign
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| following.contains(id));
        if campaign.is_none() {
            f.error("campaign", "claim-campaign-invalid");
        }
        let until = f.date("until", &self.until);
        let until = match until {
            Some(day) if day < today => {
                f.error("until", "claim-until-past");
                None
            }
            Some(day) if (day - today).num_days() > LONGEST_DAYS => {
                f.error("until", "claim-until-too-far");
                None
            }
            other => other,
        };
        let note = f.optional_text("claim_note", &self.note, NOTE_MAX);
        f.finish()?;
        match (campaign, until) {
            (Some(campaign_id), Some(until)) => Ok(ClaimInput {
                organisation_id,
                campaign_id,
                until,
                note,
            }),
            // Each missing value recorded its error above.
            _ => Err(FormErrors::default()),
        }
    }
}

/// What became of a claim, a release or a hand-over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    Done,
    /// Someone else holds a live claim: (their name, its last day).
    HeldBy(String, NaiveDate),
    /// The claim changed since the page showed it (or was just taken).
    Changed,
}

impl Outcome for Claimed {
    fn applied(&self) -> bool {
        *self == Claimed::Done
    }
}

pub async fn get(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<outreach_claim::Model>, DbErr> {
    outreach_claim::Entity::find_by_id(id).one(db).await
}

async fn user_name(db: &impl ConnectionTrait, id: i32) -> Result<String, DbErr> {
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default())
}

/// Live claims with their names, `claims` filtered to those live `today`.
async fn named(
    db: &impl ConnectionTrait,
    claims: Vec<outreach_claim::Model>,
) -> Result<Vec<LiveClaim>, DbErr> {
    let users: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(claims.iter().map(|c| c.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let campaigns: HashMap<i32, String> = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(claims.iter().map(|c| c.campaign_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(claims
        .into_iter()
        .map(|claim| LiveClaim {
            user: users.get(&claim.user_id).cloned().unwrap_or_default(),
            campaign: campaigns
                .get(&claim.campaign_id)
                .cloned()
                .unwrap_or_default(),
            claim,
        })
        .collect())
}

/// The live claims on an organisation, one per campaign at most, by campaign.
pub async fn live_for_organisation(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    today: NaiveDate,
) -> Result<Vec<LiveClaim>, DbErr> {
    let claims = outreach_claim::Entity::find()
        .filter(outreach_claim::Column::OrganisationId.eq(organisation_id))
        .filter(outreach_claim::Column::Until.gte(today))
        .order_by_asc(outreach_claim::Column::CampaignId)
        .all(db)
        .await?;
    named(db, claims).await
}

/// The live claims of a campaign on these organisations, by organisation
/// (the board's cards).
pub async fn live_in_campaign(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    organisation_ids: &[i32],
    today: NaiveDate,
) -> Result<HashMap<i32, LiveClaim>, DbErr> {
    if organisation_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let claims = outreach_claim::Entity::find()
        .filter(outreach_claim::Column::CampaignId.eq(campaign_id))
        .filter(outreach_claim::Column::OrganisationId.is_in(organisation_ids.iter().copied()))
        .filter(outreach_claim::Column::Until.gte(today))
        .all(db)
        .await?;
    Ok(named(db, claims)
        .await?
        .into_iter()
        .map(|c| (c.claim.organisation_id, c))
        .collect())
}

/// How a claim reads in the organisation's history: who, for which
/// campaign, until when (ISO day, the same in every language), and its note.
fn history_value(claim: &outreach_claim::Model, user: &str, campaign: &str) -> serde_json::Value {
    let mut text = format!("{user} · {campaign} · {}", claim.until);
    if let Some(note) = &claim.note {
        text.push_str(" · ");
        text.push_str(note);
    }
    serde_json::Value::from(text)
}

/// One audit entry of the organisation: the claim before and after.
async fn record(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    before: Option<&outreach_claim::Model>,
    after: Option<&outreach_claim::Model>,
) -> Result<(), DbErr> {
    let Some(any) = after.or(before) else {
        return Ok(());
    };
    let organisation = organisation::Entity::find_by_id(any.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let campaign = campaign::Entity::find_by_id(any.campaign_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let mut values = Vec::with_capacity(2);
    for claim in [before, after] {
        values.push(match claim {
            Some(c) => history_value(c, &user_name(db, c.user_id).await?, &campaign),
            None => serde_json::Value::Null,
        });
    }
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Organisation,
            entity_id: any.organisation_id,
            label: &organisation,
            changes: serde_json::json!({ "claim": values }),
        },
    )
    .await
}

/// `user` claims the organisation for the campaign until `input.until`:
/// a new claim, a renewal of their own, or one taking the row of an
/// expired claim. Refused while someone else's claim is live (`today`).
pub async fn claim(
    db: &impl ConnectionTrait,
    input: &ClaimInput,
    user_id: i32,
    today: NaiveDate,
) -> Result<Claimed, DbErr> {
    let existing = outreach_claim::Entity::find()
        .filter(outreach_claim::Column::OrganisationId.eq(input.organisation_id))
        .filter(outreach_claim::Column::CampaignId.eq(input.campaign_id))
        .one(db)
        .await?;
    let now = crate::clock::now();
    match existing {
        None => {
            let inserted = outreach_claim::ActiveModel {
                organisation_id: Set(input.organisation_id),
                campaign_id: Set(input.campaign_id),
                user_id: Set(user_id),
                until: Set(input.until),
                note: Set(input.note.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await;
            match inserted {
                Ok(created) => {
                    record(db, Some(user_id), None, Some(&created)).await?;
                    Ok(Claimed::Done)
                }
                // Someone claimed it in the same instant.
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    Ok(Claimed::Changed)
                }
                Err(e) => Err(e),
            }
        }
        Some(current) if current.until >= today && current.user_id != user_id => Ok(
            Claimed::HeldBy(user_name(db, current.user_id).await?, current.until),
        ),
        Some(current) => {
            // A renewal keeps its start; an expired claim taken is a new one.
            let renewal = current.until >= today;
            let changes = outreach_claim::ActiveModel {
                id: Set(current.id),
                user_id: Set(user_id),
                until: Set(input.until),
                note: Set(input.note.clone()),
                created_at: Set(if renewal { current.created_at } else { now }),
                ..Default::default()
            };
            let Saved::Applied(version) = update_versioned(db, changes, current.version).await?
            else {
                return Ok(Claimed::Changed);
            };
            let after = outreach_claim::Model {
                user_id,
                until: input.until,
                note: input.note.clone(),
                version,
                ..current.clone()
            };
            let before = renewal.then_some(&current);
            record(db, Some(user_id), before, Some(&after)).await?;
            Ok(Claimed::Done)
        }
    }
}

/// Gives the claim up (its volunteer, at the version shown).
pub async fn release(
    db: &impl ConnectionTrait,
    claim: &outreach_claim::Model,
    version: i32,
    actor: Option<i32>,
) -> Result<Claimed, DbErr> {
    let deleted = outreach_claim::Entity::delete_many()
        .filter(outreach_claim::Column::Id.eq(claim.id))
        .filter(outreach_claim::Column::Version.eq(version))
        .exec(db)
        .await?;
    if deleted.rows_affected != 1 {
        return Ok(Claimed::Changed);
    }
    record(db, actor, Some(claim), None).await?;
    Ok(Claimed::Done)
}

/// Hands the claim over to `to` (until the same day), at the version shown.
pub async fn hand_over(
    db: &impl ConnectionTrait,
    claim: &outreach_claim::Model,
    version: i32,
    to: i32,
    actor: Option<i32>,
) -> Result<Claimed, DbErr> {
    let changes = outreach_claim::ActiveModel {
        id: Set(claim.id),
        user_id: Set(to),
        ..Default::default()
    };
    let Saved::Applied(version) = update_versioned(db, changes, version).await? else {
        return Ok(Claimed::Changed);
    };
    let after = outreach_claim::Model {
        user_id: to,
        version,
        ..claim.clone()
    };
    record(db, actor, Some(claim), Some(&after)).await?;
    Ok(Claimed::Done)
}

/// Who may receive a claim: an active volunteer or administrator (a
/// viewer cannot contact anyone on the team's behalf).
pub async fn can_hold(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, DbErr> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .is_some_and(|u| u.active && u.role != Role::Viewer))
}

/// Everyone who may hold a claim, (id, name), by name: the choices of a
/// hand-over.
pub async fn team(db: &impl ConnectionTrait) -> Result<Vec<(i32, String)>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.ne(Role::Viewer))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The campaigns that follow an organisation (a claim is for one of them).
pub async fn following_campaigns(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<i32>, DbErr> {
    Ok(outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.campaign_id)
        .collect())
}
