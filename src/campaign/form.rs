//! The campaign form read into a typed [`CampaignInput`].

use super::store::{CampaignInput, ObjectiveInput};
use super::views::CampaignForm;
use crate::entities::*;
use crate::values::limits;
use crate::web::Ctx;
use crate::web::forms::{Fields, FormErrors};

/// An objective's target: a count of organisations, sessions or talks.
const TARGETS: std::ops::RangeInclusive<i32> = 1..=100_000;

impl CampaignForm {
    /// The typed campaign, or every field error found.
    pub fn parse(&self, ctx: &Ctx) -> Result<CampaignInput, FormErrors> {
        let mut f = Fields::new(ctx);
        let name = f.required_text("name", &self.name, limits::NAME);
        let description = f.optional_text("description", &self.description, limits::TEXT);
        let starts_on = f.optional_date("starts_on", &self.starts_on);
        let ends_on = f.optional_date("ends_on", &self.ends_on);
        let ends_on = f.not_before("ends_on", ends_on, starts_on, "campaign-end-before-start");
        let mut objectives = Vec::new();
        for (i, row) in self.objectives.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let field = |name: &str| format!("objective-{i}-{name}");
            let level = f.choice::<StrategicLevel>(&field("level"), &row.level);
            let metric = f.choice::<ObjectiveMetric>(&field("metric"), &row.metric);
            let title = f.required_text(&field("title"), &row.title, limits::NAME);
            let target = row
                .target
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|t| TARGETS.contains(t));
            if target.is_none() {
                f.error(&field("target"), "campaign-target-invalid");
            }
            if let (Some(level), Some(metric), Some(title), Some(target)) =
                (level, metric, title, target)
            {
                objectives.push(ObjectiveInput {
                    level,
                    title,
                    metric,
                    target,
                });
            }
        }
        f.finish()?;
        Ok(CampaignInput {
            name: name.unwrap_or_default(),
            description,
            starts_on,
            ends_on,
            owners: self.owners.clone(),
            objectives,
        })
    }
}

impl CampaignForm {
    /// [`CampaignForm::parse`], the owners also checked to be accounts:
    /// the page's checkboxes offer only those, a script may name any id.
    pub async fn parse_with_owners(
        &self,
        ctx: &Ctx,
        db: &impl sea_orm::ConnectionTrait,
    ) -> Result<Result<CampaignInput, FormErrors>, sea_orm::DbErr> {
        let mut unknown = false;
        for id in &self.owners {
            unknown |= crate::accounts::store::get(db, *id).await?.is_none();
        }
        Ok(match self.parse(ctx) {
            Ok(input) if !unknown => Ok(input),
            parsed => {
                let mut errors = parsed.err().unwrap_or_default();
                if unknown {
                    errors.add("owner", ctx.t("error-choice-invalid"));
                }
                Err(errors)
            }
        })
    }
}
