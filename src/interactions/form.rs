//! The contact form as typed, and its reading into an interaction.

use chrono::NaiveDate;
use sea_orm::DbErr;
use serde::Deserialize;

use super::store::InteractionInput;
use crate::app::AppState;
use crate::entities::*;
use crate::values::optional_text;
use crate::web::Ctx;
use crate::web::forms::{Fields, FormErrors};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct InteractionForm {
    #[serde(default)]
    pub occurred_on: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub organisation_id: String,
    /// The organisation's name as typed in the picker (without JavaScript).
    #[serde(default)]
    pub organisation_id_name: String,
    #[serde(default)]
    pub person_id: String,
    /// The person's name as typed in the picker (without JavaScript).
    #[serde(default)]
    pub person_id_name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub next_step: String,
    #[serde(default)]
    pub follow_up_on: String,
    #[serde(default)]
    pub campaign_id: String,
    #[serde(default)]
    pub new_stage: String,
    #[serde(default)]
    pub confirm_do_not_contact: Option<String>,
}

impl InteractionForm {
    pub fn blank(today: NaiveDate) -> Self {
        InteractionForm {
            occurred_on: today.to_string(),
            channel: InteractionChannel::Email.as_str().into(),
            direction: Direction::Outbound.as_str().into(),
            ..Default::default()
        }
    }
}

/// Longest summary: a few paragraphs, not a document.
const SUMMARY_MAX: usize = 5_000;

impl InteractionForm {
    /// The typed interaction, or every field error found.
    pub async fn parse(
        &self,
        ctx: &Ctx,
        state: &AppState,
    ) -> Result<Result<InteractionInput, FormErrors>, DbErr> {
        let db = &state.db;
        let mut f = Fields::new(ctx);
        let occurred_on = f.date("occurred_on", &self.occurred_on);
        let channel = f.choice::<InteractionChannel>("channel", &self.channel);
        let direction = f.choice::<Direction>("direction", &self.direction);
        let summary = f.required_text("summary", &self.summary, SUMMARY_MAX);
        let organisation = f
            .picked(
                "organisation_id",
                &self.organisation_id,
                &self.organisation_id_name,
                "pick-organisation-unknown",
                async |id| crate::directory::store::get(db, id).await,
                async |name| crate::search::pick::organisations(state, ctx, name).await,
            )
            .await?;
        let person = f
            .picked(
                "person_id",
                &self.person_id,
                &self.person_id_name,
                "interaction-person-unknown",
                async |id| crate::people::store::get_not_erased(db, id).await,
                async |name| crate::search::pick::people(state, name).await,
            )
            .await?;
        if organisation.is_none()
            && person.is_none()
            && !f.has_error("organisation_id")
            && !f.has_error("person_id")
        {
            f.error("organisation_id", "interaction-who-required");
        }
        // A do-not-contact person: only their own approach, or an explicit confirmation.
        if let Some(p) = &person
            && p.do_not_contact
            && direction != Some(Direction::Inbound)
            && self.confirm_do_not_contact.is_none()
        {
            f.error(
                "confirm_do_not_contact",
                "interaction-do-not-contact-refused",
            );
        }
        let follow_up_on = f.optional_date("follow_up_on", &self.follow_up_on);
        let follow_up_on = f.not_before(
            "follow_up_on",
            follow_up_on,
            occurred_on,
            "interaction-follow-up-before",
        );
        let campaign = f
            .existing(
                "campaign_id",
                &self.campaign_id,
                "error-choice-invalid",
                async |id| crate::campaign::store::get(db, id).await,
            )
            .await?;
        let new_stage = f.optional_choice::<Stage>("new_stage", &self.new_stage);
        if new_stage.is_some() && (campaign.is_none() || organisation.is_none()) {
            f.error("new_stage", "interaction-stage-needs-campaign");
        }
        if let Err(errors) = f.finish() {
            return Ok(Err(errors));
        }
        let (Some(occurred_on), Some(channel), Some(direction), Some(summary)) =
            (occurred_on, channel, direction, summary)
        else {
            // Each missing value recorded its error above.
            return Ok(Err(FormErrors::default()));
        };
        Ok(Ok(InteractionInput {
            occurred_on,
            channel,
            direction,
            organisation_id: organisation.map(|o| o.id),
            person_id: person.map(|p| p.id),
            summary,
            outcome: optional_text(&self.outcome),
            next_step: optional_text(&self.next_step),
            follow_up_on,
            campaign_id: campaign.map(|c| c.id),
            new_stage,
        }))
    }
}
