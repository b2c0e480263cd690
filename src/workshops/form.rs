//! The kit and session forms as typed, and their validation.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde::Deserialize;

use super::store::{KitInput, SessionInput};
use crate::entities::*;
use crate::values::optional_text;
use crate::web::Ctx;
use crate::web::forms::FormErrors;

use crate::values::limits::{DOCUMENT as STEPS_MAX, NAME as TITLE_MAX, TEXT as TEXT_MAX};

/// Checks a required text field; returns it trimmed.
fn required(ctx: &Ctx, e: &mut FormErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        e.add(field, ctx.t("error-required"));
    } else if value.chars().count() > max {
        e.add(field, ctx.t("error-too-long"));
    }
    value.to_owned()
}

fn optional(ctx: &Ctx, e: &mut FormErrors, field: &str, value: &str) -> Option<String> {
    let value = optional_text(value);
    if value.as_ref().is_some_and(|v| v.chars().count() > TEXT_MAX) {
        e.add(field, ctx.t("error-too-long"));
    }
    value
}

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
        let mut e = FormErrors::default();
        let duration_minutes = match self.duration_minutes.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(m) if (1..=24 * 60).contains(&m) => Some(m),
                _ => {
                    e.add("duration_minutes", ctx.t("kit-duration-invalid"));
                    None
                }
            },
        };
        let input = KitInput {
            title: required(ctx, &mut e, "title", &self.title, TITLE_MAX),
            goal: required(ctx, &mut e, "goal", &self.goal, TEXT_MAX),
            audience: required(ctx, &mut e, "audience", &self.audience, TEXT_MAX),
            duration_minutes,
            materials: optional(ctx, &mut e, "materials", &self.materials),
            prerequisites: optional(ctx, &mut e, "prerequisites", &self.prerequisites),
            steps_md: required(ctx, &mut e, "steps_md", &self.steps_md, STEPS_MAX),
            licence: required(ctx, &mut e, "licence", &self.licence, TITLE_MAX),
            kit_version: required(ctx, &mut e, "kit_version", &self.kit_version, 32),
        };
        if e.is_empty() { Ok(input) } else { Err(e) }
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
    #[serde(default)]
    pub facilitator_id: String,
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
        db: &impl ConnectionTrait,
        today: NaiveDate,
    ) -> Result<Result<SessionInput, FormErrors>, DbErr> {
        let mut e = FormErrors::default();
        let kit_id = match self.kit_id.trim().parse::<i32>() {
            Ok(id)
                if workshop_kit::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                e.add("kit_id", ctx.t("session-kit-required"));
                None
            }
        };
        let held_on = NaiveDate::parse_from_str(self.held_on.trim(), "%Y-%m-%d")
            .map_err(|_| e.add("held_on", ctx.t("error-date-invalid")))
            .ok();
        let venue_id = match self.venue_id.trim().parse::<i32>() {
            Ok(id)
                if organisation::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                e.add("venue_id", ctx.t("session-venue-required"));
                None
            }
        };
        let facilitator_id = match optional_text(&self.facilitator_id) {
            None => None,
            Some(text) => match text.parse::<i32>() {
                Ok(id) => match person::Entity::find_by_id(id).one(db).await? {
                    Some(p) if p.erased_at.is_none() => Some(id),
                    _ => {
                        e.add("facilitator_id", ctx.t("interaction-person-unknown"));
                        None
                    }
                },
                Err(_) => {
                    e.add("facilitator_id", ctx.t("interaction-person-unknown"));
                    None
                }
            },
        };
        let role = OurRole::parse(&self.our_role);
        if role.is_none() {
            e.add("our_role", ctx.t("error-choice-invalid"));
        }
        let attendance = match self.attendance.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(n) if (0..=10_000).contains(&n) => Some(n),
                _ => {
                    e.add("attendance", ctx.t("session-attendance-invalid"));
                    None
                }
            },
        };
        // Attendance is a fact: it can only be recorded once the day has come.
        if attendance.is_some() && held_on.is_some_and(|d| d > today) {
            e.add("attendance", ctx.t("session-attendance-future"));
        }
        let feedback = optional(ctx, &mut e, "feedback", &self.feedback);
        let campaign_id = match optional_text(&self.campaign_id) {
            None => None,
            Some(text) => match text.parse::<i32>() {
                Ok(id) if campaign::Entity::find_by_id(id).one(db).await?.is_some() => Some(id),
                _ => {
                    e.add("campaign_id", ctx.t("error-choice-invalid"));
                    None
                }
            },
        };
        Ok(match (kit_id, held_on, venue_id, role) {
            (Some(kit_id), Some(held_on), Some(venue_organisation_id), Some(role))
                if e.is_empty() =>
            {
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
            _ => Err(e),
        })
    }
}
