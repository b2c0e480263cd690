//! Campaign routes: campaigns, the outreach board, parking, progress.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;
use serde_json::json;

use super::claims::{self, Claimed};
use super::store::{BoardFilter, DirectoryFilter};
use super::views::{self, CampaignForm};
use super::{progress, store};
use crate::accounts::guard::redirect;
use crate::app::AppState;
use crate::db;
use crate::entities::*;
use crate::values::optional_text;
use crate::web::forms::{Fields, FormErrors};
use crate::web::{AppError, AppResult, Ctx, Routes};
use crate::web::{editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/campaigns", list)
        .get("/campaigns/new", new_page)
        .post("/campaigns", create)
        .get("/campaigns/{id}", show)
        .get("/campaigns/{id}/edit", edit_page)
        .post("/campaigns/{id}", update)
        .get("/campaigns/{id}/board", board)
        .get("/campaigns/{id}/add", add_page)
        .post("/campaigns/{id}/add", add)
        .get("/campaigns/{id}/ready", ready)
        .get("/campaigns/{id}/progress", progress_page)
        .get("/campaigns/{id}/progress.csv", progress_csv)
        .post("/outreach/{id}/stage", move_card)
        .post("/outreach/{id}", update_card)
        .post("/claims/{id}/release", release_claim)
        .post("/claims/{id}/hand-over", hand_over_claim)
}

async fn campaign_or_404(state: &AppState, id: i32) -> AppResult<campaign::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn users(state: &AppState) -> AppResult<Vec<user::Model>> {
    Ok(crate::accounts::store::all(&state.db).await?)
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let campaigns = store::all(&state.db).await?;
    Ok(views::list(&ctx, &campaigns))
}

async fn new_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let form = CampaignForm::blank();
    Ok(views::form(
        &ctx,
        None,
        &form,
        &users(&state).await?,
        &FormErrors::default(),
        None,
    ))
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let campaign = campaign_or_404(&state, id).await?;
    let objectives = store::objectives(&state.db, id).await?;
    let owners = store::owner_ids(&state.db, id).await?;
    let form = CampaignForm::from_model(&campaign, &objectives, &owners);
    Ok(views::form(
        &ctx,
        Some(&campaign),
        &form,
        &users(&state).await?,
        &FormErrors::default(),
        None,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = CampaignForm::from_fields(&fields);
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(&ctx, None, &form, &users(&state).await?, &errors, None);
            return Ok(editing::refused(page));
        }
    };
    let id = db::transaction(&state.db, async |txn| {
        store::save(txn, None, &input, ctx.actor_id()).await
    })
    .await?
    .ok_or_else(|| AppError::Internal("campaign not created".into()))?;
    Ok(flash::redirect_with(
        &format!("/campaigns/{id}"),
        "flash-created",
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let campaign = campaign_or_404(&state, id).await?;
    let form = CampaignForm::from_fields(&fields);
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(
                &ctx,
                Some(&campaign),
                &form,
                &users(&state).await?,
                &errors,
                None,
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let version = editing::expected_version(&ctx, &form.version)?;
    let saved = editing::save_versioned(&state.db, async |txn| {
        store::save(txn, Some((&campaign, version)), &input, ctx.actor_id()).await
    })
    .await?;
    if saved.is_none() {
        // Someone saved meanwhile: show their version beside what was typed.
        let current = campaign_or_404(&state, id).await?;
        let mut form = form;
        form.version = current.version.to_string();
        let page = views::form(
            &ctx,
            Some(&current),
            &form,
            &users(&state).await?,
            &FormErrors::default(),
            Some(&current),
        );
        return Ok(editing::conflict(page));
    }
    Ok(editing::saved(&state, &format!("/campaigns/{id}")))
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Markup> {
    let campaign = campaign_or_404(&state, id).await?;
    let report = progress::compute(&state.db, &campaign, crate::clock::today()).await?;
    let ready = store::ready_to_approach(&state.db, Some(id), crate::clock::today()).await?;
    Ok(views::show(&ctx, &campaign, &report, ready.len()))
}

/// How many cards a board column shows at once; "see the next ones"
/// pages through the rest, so a column of thousands stays light.
pub(crate) const BOARD_COLUMN: u64 = 15;

/// The board's address: its filters (GET, combined) and which page of
/// which column is open (`stage`, `page` from 1; other columns show their
/// first page).
#[derive(Deserialize, Default)]
struct BoardQuery {
    #[serde(default)]
    level: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    departement: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    timing: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    page: String,
    added: Option<usize>,
}

impl BoardQuery {
    fn filter(&self) -> BoardFilter {
        BoardFilter {
            level: self.level.parse().ok(),
            owner_id: self.owner.parse().ok(),
            region_code: optional_text(&self.region),
            departement_code: optional_text(&self.departement),
            kind: self.kind.parse().ok(),
            priority: self.priority.parse().ok(),
            timing: self.timing.parse().ok(),
        }
    }

    /// The page (from 1) shown of `stage`'s column.
    fn page_of(&self, stage: Stage) -> u64 {
        if self.stage == stage.as_str() {
            self.page.parse::<u64>().unwrap_or(1).clamp(1, 1_000_000)
        } else {
            1
        }
    }
}

async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(query): Query<BoardQuery>,
) -> AppResult<Markup> {
    let campaign = campaign_or_404(&state, id).await?;
    let filter = query.filter();
    let today = crate::clock::today();
    let counts = store::stage_counts(&state.db, id, &filter, today).await?;
    let mut columns = Vec::with_capacity(Stage::ALL.len());
    for stage in Stage::ALL {
        let count = counts.get(stage).copied().unwrap_or(0);
        let page = query.page_of(*stage);
        let offset = (page - 1).saturating_mul(BOARD_COLUMN);
        let cards = if offset < count {
            store::board_column(&state.db, id, &filter, today, *stage, offset, BOARD_COLUMN).await?
        } else {
            Vec::new()
        };
        columns.push(views::BoardColumn {
            stage: *stage,
            count,
            offset,
            cards,
        });
    }
    let geography = state.geography().await?;
    Ok(views::board(
        &ctx,
        &views::Board {
            campaign: &campaign,
            columns: &columns,
            filter: &filter,
            users: &users(&state).await?,
            geography: &geography,
            added: query.added,
            today,
        },
    ))
}

#[derive(Deserialize, Default)]
struct AddQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    departement: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    level: String,
}

impl AddQuery {
    fn filter(&self) -> DirectoryFilter {
        DirectoryFilter {
            kind: self.kind.parse().ok(),
            region_code: optional_text(&self.region),
            departement_code: optional_text(&self.departement),
        }
    }
}

async fn add_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(query): Query<AddQuery>,
) -> AppResult<Markup> {
    let campaign = campaign_or_404(&state, id).await?;
    let filter = query.filter();
    let filtered =
        filter.kind.is_some() || filter.region_code.is_some() || filter.departement_code.is_some();
    let candidates = if filtered {
        store::candidates(&state.db, id, &filter).await?
    } else {
        Vec::new()
    };
    let geography = state.geography().await?;
    Ok(views::add_page(
        &ctx,
        &campaign,
        &filter,
        filtered,
        &candidates,
        &geography,
    ))
}

async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<AddQuery>,
) -> AppResult<Response> {
    campaign_or_404(&state, id).await?;
    let filter = form.filter();
    if filter.kind.is_none() && filter.region_code.is_none() && filter.departement_code.is_none() {
        return Err(AppError::BadRequest(ctx.t("campaign-add-needs-filter")));
    }
    let stage = form
        .stage
        .parse::<Stage>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    let level = optional_text(&form.level)
        .map(|l| l.parse::<StrategicLevel>())
        .transpose()
        .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    let added = db::transaction(&state.db, async |txn| {
        store::add_matching(txn, id, &filter, stage, level, ctx.actor_id()).await
    })
    .await?;
    Ok(redirect(&format!("/campaigns/{id}/board?added={added}")))
}

async fn ready(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Markup> {
    let campaign = campaign_or_404(&state, id).await?;
    let items = store::ready_to_approach(&state.db, Some(id), crate::clock::today()).await?;
    Ok(views::ready(&ctx, &campaign, &items))
}

async fn progress_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let campaign = campaign_or_404(&state, id).await?;
    let report = progress::compute(&state.db, &campaign, crate::clock::today()).await?;
    Ok(views::progress(&ctx, &campaign, &report))
}

async fn progress_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let campaign = campaign_or_404(&state, id).await?;
    let report = progress::compute(&state.db, &campaign, crate::clock::today()).await?;
    let body = views::progress_csv(&ctx, &report);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"campagne-{id}-progression.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    back: String,
    /// The board's filters as a query string, so that a move answered in
    /// JSON gives the two columns' true counts under them.
    #[serde(default)]
    filter: String,
}

async fn move_card(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<MoveForm>,
) -> AppResult<Response> {
    let status = store::status(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stage = form
        .stage
        .parse::<Stage>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    let version = editing::expected_version(&ctx, &form.version)?;
    let moved = editing::save_versioned(&state.db, async |txn| {
        store::move_stage(txn, &status, version, stage, ctx.actor_id()).await
    })
    .await?;
    let Some(new_version) = moved else {
        return Err(AppError::Conflict(ctx.t("outreach-moved-meanwhile")));
    };
    if ctx.wants_json {
        let filter = serde_urlencoded::from_str::<BoardQuery>(&form.filter)
            .unwrap_or_default()
            .filter();
        let counts = store::stage_counts(
            &state.db,
            status.campaign_id,
            &filter,
            crate::clock::today(),
        )
        .await?;
        // The two columns the card left and joined, with their new true counts.
        let moved_between: serde_json::Map<String, serde_json::Value> = [status.stage, stage]
            .into_iter()
            .map(|s| {
                let n = counts.get(&s).copied().unwrap_or(0);
                (s.as_str().to_owned(), json!(n))
            })
            .collect();
        return Ok(axum::Json(json!({
            "id": id,
            "stage": stage,
            "version": new_version,
            "counts": moved_between,
        }))
        .into_response());
    }
    let back = crate::web::security::local_path(&form.back)
        .filter(|b| b.starts_with("/campaigns/"))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("/campaigns/{}/board", status.campaign_id));
    Ok(redirect(&back))
}

#[derive(Deserialize)]
struct CardForm {
    #[serde(default)]
    owner: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    not_before: String,
    #[serde(default)]
    version: String,
}

async fn update_card(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<CardForm>,
) -> AppResult<Response> {
    let status = store::status(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let invalid = || AppError::BadRequest(ctx.t("error-choice-invalid"));
    let priority = form.priority.parse::<Priority>().map_err(|_| invalid())?;
    let owner = optional_text(&form.owner)
        .map(|o| o.parse::<i32>())
        .transpose()
        .map_err(|_| invalid())?;
    if let Some(owner) = owner
        && crate::accounts::store::get(&state.db, owner)
            .await?
            .is_none()
    {
        return Err(invalid());
    }
    let mut fields = Fields::new(&ctx);
    let not_before = fields.optional_date("not_before", &form.not_before);
    if let Err(errors) = fields.finish()
        && let Some((_, message)) = errors.iter().next()
    {
        return Err(AppError::BadRequest(message.clone()));
    }
    let version = editing::expected_version(&ctx, &form.version)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update_card(
            txn,
            &status,
            version,
            owner,
            priority,
            not_before,
            ctx.actor_id(),
        )
        .await
    })
    .await?;
    if !applied {
        return Err(AppError::Conflict(ctx.t("outreach-moved-meanwhile")));
    }
    Ok(redirect(&format!(
        "/campaigns/{}/board",
        status.campaign_id
    )))
}

/// A release or a hand-over of a claim, from the page that showed it.
#[derive(Deserialize)]
struct ClaimChange {
    #[serde(default)]
    version: String,
    /// The volunteer who takes the claim on (hand-over).
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

impl ClaimChange {
    /// The page to go back to: the one the form was on, else the
    /// organisation's.
    fn back(&self, claim: &outreach_claim::Model) -> String {
        crate::web::security::local_path(&self.back)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("/organisations/{}", claim.organisation_id))
    }
}

/// The claim a release or hand-over is about, if the volunteer may change
/// it: the one who holds it, or an administrator.
async fn claim_to_change(state: &AppState, ctx: &Ctx, id: i32) -> AppResult<outreach_claim::Model> {
    let claim = claims::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if ctx.actor_id() != Some(claim.user_id) && !ctx.is_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(claim)
}

fn claim_outcome(ctx: &Ctx, outcome: Claimed) -> AppResult<()> {
    match outcome {
        Claimed::Done => Ok(()),
        _ => Err(AppError::Conflict(ctx.t("claim-changed-meanwhile"))),
    }
}

/// `POST /claims/{id}/release`: the organisation is free again.
async fn release_claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ClaimChange>,
) -> AppResult<Response> {
    let claim = claim_to_change(&state, &ctx, id).await?;
    let version = editing::expected_version(&ctx, &form.version)?;
    let outcome = editing::save_versioned(&state.db, async |txn| {
        claims::release(txn, &claim, version, ctx.actor_id()).await
    })
    .await?;
    claim_outcome(&ctx, outcome)?;
    Ok(flash::redirect_with(
        &form.back(&claim),
        "flash-claim-released",
    ))
}

/// `POST /claims/{id}/hand-over`: another volunteer carries on, until the
/// same day.
async fn hand_over_claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ClaimChange>,
) -> AppResult<Response> {
    let claim = claim_to_change(&state, &ctx, id).await?;
    let version = editing::expected_version(&ctx, &form.version)?;
    if claim.until < crate::clock::today() {
        return Err(AppError::Conflict(ctx.t("claim-expired")));
    }
    let to = form.to.trim().parse::<i32>().ok();
    let to = match to {
        Some(to) if to == claim.user_id => {
            return Err(AppError::BadRequest(ctx.t("claim-hand-over-same")));
        }
        Some(to) if claims::can_hold(&state.db, to).await? => to,
        _ => return Err(AppError::BadRequest(ctx.t("claim-hand-over-unknown"))),
    };
    let outcome = editing::save_versioned(&state.db, async |txn| {
        claims::hand_over(txn, &claim, version, to, ctx.actor_id()).await
    })
    .await?;
    claim_outcome(&ctx, outcome)?;
    Ok(flash::redirect_with(
        &form.back(&claim),
        "flash-claim-handed-over",
    ))
}
