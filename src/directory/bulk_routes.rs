//! Bulk action routes: the list's selection (or its filter) and the
//! action chosen come to a page that counts the records and asks for the
//! action's details; sending it applies the action in one transaction and
//! shows what was done and what was refused.

use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::bulk::{self, Action, MAX_SELECTED, Targets};
use super::bulk_views::{self, Confirm};
use super::form::ListQuery;
use crate::app::AppState;
use crate::db;
use crate::entities::*;
use crate::values::limits;
use crate::web::forms::{FormErrors, parse_date};
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/organisations/bulk", confirm_page)
        .get("/organisations/bulk/export", export)
        .post("/organisations/bulk", apply)
}

type Pairs = Vec<(String, String)>;

fn value<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The records designated: ticked ones (`scope=selection`, `id=…`
/// repeated) or all the list's filter matches (`scope=filter`).
fn scope(ctx: &Ctx, pairs: &Pairs) -> AppResult<Targets> {
    match value(pairs, "scope") {
        "filter" => {
            let query = serde_urlencoded::to_string(pairs)
                .ok()
                .and_then(|q| serde_urlencoded::from_str::<ListQuery>(&q).ok())
                .ok_or_else(|| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
            Ok(Targets::Matching(query.filter()))
        }
        "selection" | "" => {
            let ids = pairs
                .iter()
                .filter(|(k, _)| k == "id")
                .map(|(_, v)| v.trim().parse::<i32>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
            if ids.is_empty() {
                return Err(AppError::BadRequest(ctx.t("bulk-none-selected")));
            }
            if ids.len() > MAX_SELECTED {
                return Err(AppError::BadRequest(ctx.t("bulk-too-many")));
            }
            Ok(Targets::Ticked(ids))
        }
        _ => Err(AppError::BadRequest(ctx.t("error-choice-invalid"))),
    }
}

/// The fields that carry the scope from page to page.
fn scope_pairs(pairs: &Pairs) -> Pairs {
    const KEPT: [&str; 11] = [
        "scope",
        "id",
        "kind",
        "region",
        "departement",
        "filter_stage",
        "tag",
        "name",
        "sort",
        "commune_to_check",
        "in_campaign",
    ];
    pairs
        .iter()
        .filter(|(k, _)| KEPT.contains(&k.as_str()))
        .cloned()
        .collect()
}

#[derive(Deserialize)]
struct ActionKey {
    #[serde(default)]
    action: String,
}

async fn choices(state: &AppState) -> AppResult<bulk_views::Choices> {
    Ok(bulk_views::Choices {
        campaigns: crate::campaign::store::all(&state.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        volunteers: crate::accounts::store::all(&state.db)
            .await?
            .into_iter()
            .filter(|u| u.active && u.role != Role::Viewer)
            .map(|u| (u.id, u.display_name))
            .collect(),
    })
}

/// "Exporter (CSV)" on the bar: the ticked rows, or everything the filter
/// matches, as the list's export writes them. Reading only: no action
/// nor confirmation.
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Pairs>,
) -> AppResult<Response> {
    ctx.user()?;
    let pairs = stage_filter_renamed(pairs);
    let targets = scope(&ctx, &pairs)?;
    let sheet =
        crate::transfer::export::organisations_of(&state.db, bulk::selected(&targets)).await?;
    crate::transfer::download(&sheet, "organisations", "csv")
}

async fn confirm_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Pairs>,
    Query(key): Query<ActionKey>,
) -> AppResult<Response> {
    if !ctx.can_write() {
        return Err(AppError::ReadOnly);
    }
    let pairs = stage_filter_renamed(pairs);
    let scope = scope(&ctx, &pairs)?;
    let action = bulk_views::ActionKind::parse(&key.action)
        .ok_or_else(|| AppError::BadRequest(ctx.t("bulk-choose-action")))?;
    let targets = bulk::targets(&state.db, &scope).await?;
    let page = bulk_views::confirm(
        &ctx,
        &Confirm {
            action,
            scope: scope_pairs(&pairs),
            targets: &targets,
            as_of: crate::clock::now(),
            values: &Pairs::new(),
            choices: &choices(&state).await?,
        },
        &FormErrors::default(),
    );
    Ok(page.into_response())
}

/// The list's own `stage` filter travels as `filter_stage` (the action's
/// stage field is `stage`).
fn stage_filter_renamed(pairs: Pairs) -> Pairs {
    pairs
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "stage" => ("filter_stage".to_owned(), v),
            _ => (k, v),
        })
        .collect()
}

/// The list filter of a form that carries the action's own `stage`.
fn with_list_stage(pairs: &Pairs) -> Pairs {
    pairs
        .iter()
        .filter(|(k, _)| k != "stage")
        .map(|(k, v)| match k.as_str() {
            "filter_stage" => ("stage".to_owned(), v.clone()),
            _ => (k.clone(), v.clone()),
        })
        .collect()
}

/// Reads the action's details; errors by field, in the volunteer's language.
fn action(
    ctx: &Ctx,
    kind: bulk_views::ActionKind,
    pairs: &Pairs,
    choices: &bulk_views::Choices,
) -> Result<Action, FormErrors> {
    use bulk_views::ActionKind as K;
    let mut errors = FormErrors::default();
    let campaign = || {
        value(pairs, "campaign")
            .parse::<i32>()
            .ok()
            .filter(|id| choices.campaigns.iter().any(|(c, _)| c == id))
    };
    let stage = || value(pairs, "stage").parse::<Stage>().ok();
    let needs_campaign = !matches!(kind, K::AddTags | K::RemoveTags);
    if needs_campaign && campaign().is_none() {
        errors.add("campaign", ctx.t("bulk-campaign-required"));
    }
    let action = match kind {
        K::AddTags | K::RemoveTags => {
            let tags: Vec<String> = value(pairs, "tags")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            if tags.is_empty() {
                errors.add("tags", ctx.t("bulk-tags-required"));
            } else if tags.iter().any(|t| t.chars().count() > limits::NAME) {
                errors.add("tags", ctx.t("bulk-tags-too-long"));
            }
            if kind == K::AddTags {
                Action::AddTags(tags)
            } else {
                Action::RemoveTags(tags)
            }
        }
        K::AddToCampaign | K::MoveStage => {
            if stage().is_none() {
                errors.add("stage", ctx.t("error-choice-invalid"));
            }
            let (campaign, stage) = (
                campaign().unwrap_or(0),
                stage().unwrap_or(Stage::ToResearch),
            );
            if kind == K::AddToCampaign {
                Action::AddToCampaign { campaign, stage }
            } else {
                Action::MoveStage { campaign, stage }
            }
        }
        K::SetOwner => {
            let text = value(pairs, "owner");
            let owner = text
                .parse::<i32>()
                .ok()
                .filter(|id| choices.volunteers.iter().any(|(u, _)| u == id));
            if !text.is_empty() && owner.is_none() {
                errors.add("owner", ctx.t("error-choice-invalid"));
            }
            Action::SetOwner {
                campaign: campaign().unwrap_or(0),
                owner,
            }
        }
        K::SetNotBefore => {
            let text = value(pairs, "not_before").trim();
            let date = parse_date(text);
            if !text.is_empty() && date.is_none() {
                errors.add("not_before", ctx.t("error-date-invalid"));
            }
            Action::SetNotBefore {
                campaign: campaign().unwrap_or(0),
                date,
            }
        }
    };
    if errors.is_empty() {
        Ok(action)
    } else {
        Err(errors)
    }
}

async fn apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let scope = scope(&ctx, &with_list_stage(&pairs))?;
    let kind = bulk_views::ActionKind::parse(value(&pairs, "action"))
        .ok_or_else(|| AppError::BadRequest(ctx.t("bulk-choose-action")))?;
    let as_of = DateTime::parse_from_rfc3339(value(&pairs, "as_of"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| AppError::BadRequest(ctx.t("error-version-missing")))?;
    let choices = choices(&state).await?;
    let targets = bulk::targets(&state.db, &scope).await?;
    let action = match action(&ctx, kind, &pairs, &choices) {
        Ok(action) => action,
        Err(errors) => {
            let page = bulk_views::confirm(
                &ctx,
                &Confirm {
                    action: kind,
                    scope: scope_pairs(&pairs),
                    targets: &targets,
                    as_of,
                    values: &pairs,
                    choices: &choices,
                },
                &errors,
            );
            return Ok(crate::web::editing::refused(page));
        }
    };
    let ids: Vec<i32> = targets.iter().map(|(id, _)| *id).collect();
    let report = db::transaction(&state.db, async |txn| {
        bulk::apply(txn, &ids, &action, as_of, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    Ok(bulk_views::result(&ctx, kind, &report).into_response())
}
