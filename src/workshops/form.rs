//! The kit and session forms as typed, and their validation.

use chrono::NaiveDate;
use sea_orm::{DbErr, EntityTrait};
use serde::Deserialize;

use super::store::{KitInput, SessionInput};
use crate::app::AppState;
use crate::entities::*;
use crate::values::limits;
use crate::web::Ctx;
use crate::web::forms::{Fields, FormErrors};

/// "1.0", "2.3-beta": a label, not a text.
const KIT_VERSION_MAX: usize = 32;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct KitForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub duration_minutes: String,
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub prerequisites: String,
    #[serde(default)]
    pub steps_md: String,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub kit_version: String,
    #[serde(default)]
    pub version: String,
}

impl KitForm {
    pub fn blank() -> Self {
        KitForm {
            licence: "CC BY-SA 4.0".into(),
            kit_version: "1.0".into(),
            ..Default::default()
        }
    }

    pub fn from_model(k: &workshop_kit::Model) -> Self {
        KitForm {
            title: k.title.clone(),
            goal: k.goal.clone(),
            audience: k.audience.clone(),
            duration_minutes: k
                .duration_minutes
                .map(|d| d.to_string())
                .unwrap_or_default(),
            materials: k.materials.clone().unwrap_or_default(),
            prerequisites: k.prerequisites.clone().unwrap_or_default(),
            steps_md: k.steps_md.clone(),
            licence: k.licence.clone(),
            kit_version: k.kit_version.clone(),
            version: k.version.to_string(),
        }
    }

    pub fn parse(&self, ctx: &Ctx) -> Result<KitInput, FormErrors> {
        let mut f = Fields::new(ctx);
        let duration_minutes = f.optional_number(
            "duration_minutes",
            &self.duration_minutes,
            1..=24 * 60,
            "kit-duration-invalid",
        );
        let title = f.required_text("title", &self.title, limits::NAME);
        let goal = f.required_text("goal", &self.goal, limits::TEXT);
        let audience = f.required_text("audience", &self.audience, limits::TEXT);
        let materials = f.optional_text("materials", &self.materials, limits::TEXT);
        let prerequisites = f.optional_text("prerequisites", &self.prerequisites, limits::TEXT);
        let steps_md = f.required_text("steps_md", &self.steps_md, limits::DOCUMENT);
        let licence = f.required_text("licence", &self.licence, limits::NAME);
        let kit_version = f.required_text("kit_version", &self.kit_version, KIT_VERSION_MAX);
        f.finish()?;
        Ok(KitInput {
            title: title.unwrap_or_default(),
            goal: goal.unwrap_or_default(),
            audience: audience.unwrap_or_default(),
            duration_minutes,
            materials,
            prerequisites,
            steps_md: steps_md.unwrap_or_default(),
            licence: licence.unwrap_or_default(),
            kit_version: kit_version.unwrap_or_default(),
        })
    }
}

/// Our part in a session, as the form asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OurRole {
    /// A mediator runs it and none of us is there: the aim of level 3.
    None,
    Attending,
    Running,
}

impl OurRole {
    pub const ALL: [OurRole; 3] = [OurRole::None, OurRole::Attending, OurRole::Running];

    pub fn as_str(self) -> &'static str {
        match self {
            OurRole::None => "none",
            OurRole::Attending => "attending",
            OurRole::Running => "running",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        OurRole::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    pub fn of(s: &workshop_session::Model) -> Self {
        match (s.run_by_us, s.we_attend) {
            (true, _) => OurRole::Running,
            (false, true) => OurRole::Attending,
            (false, false) => OurRole::None,
        }
    }

    pub fn label_key(self) -> String {
        format!("session-role-{}", self.as_str())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SessionForm {
    #[serde(default)]
    pub kit_id: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub venue_id: String,
    /// The venue's name as typed in the picker (without JavaScript).
    #[serde(default)]
    pub venue_id_name: String,
    #[serde(default)]
    pub facilitator_id: String,
    /// The facilitator's name as typed in the picker (without JavaScript).
    #[serde(default)]
    pub facilitator_id_name: String,
    #[serde(default)]
    pub our_role: String,
    #[serde(default)]
    pub attendance: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub campaign_id: String,
    #[serde(default)]
    pub version: String,
}

impl SessionForm {
    pub fn from_model(s: &workshop_session::Model) -> Self {
        let id = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
        SessionForm {
            kit_id: s.kit_id.to_string(),
            held_on: s.held_on.to_string(),
            venue_id: id(s.venue_organisation_id),
            facilitator_id: id(s.facilitator_person_id),
            venue_id_name: String::new(),
            facilitator_id_name: String::new(),
            our_role: OurRole::of(s).as_str().to_owned(),
            attendance: id(s.attendance),
            feedback: s.feedback.clone().unwrap_or_default(),
            campaign_id: id(s.campaign_id),
            version: s.version.to_string(),
        }
    }

    /// Validates the form, checking that what it points to exists.
    pub async fn parse(
        &self,
        ctx: &Ctx,
        state: &AppState,
        today: NaiveDate,
    ) -> Result<Result<SessionInput, FormErrors>, DbErr> {
        let db = &state.db;
        let mut f = Fields::new(ctx);
        let kit = f
            .required_existing("kit_id", &self.kit_id, "session-kit-required", async |id| {
                workshop_kit::Entity::find_by_id(id).one(db).await
            })
            .await?;
        let held_on = f.date("held_on", &self.held_on);
        let venue = f
            .required_picked(
                "venue_id",
                &self.venue_id,
                &self.venue_id_name,
                "session-venue-required",
                "session-venue-required",
                async |id| crate::directory::store::get(db, id).await,
                async |name| crate::search::pick::organisations(state, ctx, name).await,
            )
            .await?;
        let facilitator = f
            .picked(
                "facilitator_id",
                &self.facilitator_id,
                &self.facilitator_id_name,
                "interaction-person-unknown",
                async |id| crate::people::store::get_not_erased(db, id).await,
                async |name| crate::search::pick::people(state, name).await,
            )
            .await?;
        let role = OurRole::parse(&self.our_role);
        if role.is_none() {
            f.error("our_role", "error-choice-invalid");
        }
        let attendance = f.optional_number(
            "attendance",
            &self.attendance,
            0..=10_000,
            "session-attendance-invalid",
        );
        // Attendance is a fact: it can only be recorded once the day has come.
        if attendance.is_some() && held_on.is_some_and(|d| d > today) {
            f.error("attendance", "session-attendance-future");
        }
        let feedback = f.optional_text("feedback", &self.feedback, limits::TEXT);
        let campaign = f
            .existing(
                "campaign_id",
                &self.campaign_id,
                "error-choice-invalid",
                async |id| crate::campaign::store::get(db, id).await,
            )
            .await?;
        if let Err(errors) = f.finish() {
            return Ok(Err(errors));
        }
        let (kit_id, venue_id, facilitator_id, campaign_id) = (
            kit.map(|k| k.id),
            venue.map(|v| v.id),
            facilitator.map(|p| p.id),
            campaign.map(|c| c.id),
        );
        Ok(match (kit_id, held_on, venue_id, role) {
            (Some(kit_id), Some(held_on), Some(venue_organisation_id), Some(role)) => {
                Ok(SessionInput {
                    kit_id,
                    held_on,
                    venue_organisation_id,
                    facilitator_person_id: facilitator_id,
                    run_by_us: role == OurRole::Running,
                    we_attend: role != OurRole::None,
                    attendance,
                    feedback,
                    campaign_id,
                })
            }
            // Each missing value recorded its error above.
            _ => Err(FormErrors::default()),
        })
    }
}
