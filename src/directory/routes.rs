//! Directory routes: thin handlers that parse, call the store, render.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::form::{ListQuery, OrganisationForm};
use super::store::{self, Children};
use super::views::{self, Choices, Columns, LinkForm, MapBy, MapFigures};
use super::{details, relations};
use crate::agenda::store::AgendaFilter;
use crate::app::AppState;
use crate::audit;
use crate::campaign::claims::{self, ClaimForm, Claimed};
use crate::db;
use crate::entities::*;
use crate::people::form::MembershipForm;
use crate::values::optional_text;
use crate::web::forms::FormErrors;
use crate::web::i18n::arg;
use crate::web::timeline::{TimelineKind, TimelineQuery};
use crate::web::{AppError, AppResult, Ctx, Routes};
use crate::web::{editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/organisations/by-kind", overview)
        .get("/organisations", list)
        .get("/organisations/map", map)
        .get("/organisations/new", new_page)
        .post("/organisations", create)
        .get("/organisations/{id}", show)
        .get("/organisations/{id}/edit", edit_page)
        .post("/organisations/{id}", update)
        .get("/organisations/{id}/delete", delete_page)
        .post("/organisations/{id}/delete", delete)
        .post("/organisations/{id}/relations", add_relation)
        .post("/organisations/{id}/memberships", add_member)
        .post("/organisations/{id}/campaigns", add_to_campaign)
        .post("/organisations/{id}/claims", claim)
        .post("/relations/{id}/delete", remove_relation)
        .merge(super::merge_routes::routes())
        .merge(super::bulk_routes::routes())
}

async fn overview(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let groups = store::overview_by_kind(&state.db).await?;
    Ok(views::overview(&ctx, &groups))
}

/// Lists for the selects (no list of organisations: those are picked).
pub(crate) async fn choices(state: &AppState) -> AppResult<Choices> {
    Ok(Choices {
        geography: state.geography().await?,
        campaigns: crate::campaign::store::all(&state.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
    })
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Markup> {
    let filter = q.filter();
    let columns = Columns::from_query(&pairs);
    let page = state.directory.list(&state.db, &filter).await?;
    let ids: Vec<i32> = page.lines.iter().map(|l| l.id).collect();
    let extras = store::line_extras(&state.db, &ids, columns.wanted(), filter.campaign).await?;
    let choices = choices(&state).await?;
    Ok(views::list(
        &ctx,
        &filter,
        &columns,
        &page.lines,
        &extras,
        page.total,
        &choices,
    ))
}

#[derive(Deserialize)]
struct MapQuery {
    /// `organisations` (the default), `stages` or `events`.
    #[serde(default)]
    by: String,
}

/// The filtered directory as a map of France: its organisations, a
/// campaign's stages (the filter's campaign, else the latest) or the
/// events to come in the filter's région or département.
async fn map(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
    Query(choice): Query<MapQuery>,
) -> AppResult<Markup> {
    let mut filter = q.filter();
    let choices = choices(&state).await?;
    let figures = match MapBy::parse(&choice.by) {
        MapBy::Organisations => {
            MapFigures::Organisations(store::counts_by_departement(&state.db, &filter).await?)
        }
        MapBy::Stages => {
            filter.campaign = filter
                .campaign
                .or_else(|| choices.campaigns.first().map(|(id, _)| *id));
            match filter.campaign {
                Some(campaign) => MapFigures::Stages(
                    Some(campaign),
                    store::stage_counts_by_departement(&state.db, &filter, campaign).await?,
                ),
                None => MapFigures::Stages(None, Vec::new()),
            }
        }
        MapBy::Events => {
            let agenda = AgendaFilter {
                region: filter.region.iter().cloned().collect(),
                departement: filter.departement.iter().cloned().collect(),
                ..Default::default()
            };
            MapFigures::Events(
                crate::agenda::store::upcoming_by_departement(
                    &state.db,
                    &agenda,
                    crate::clock::today(),
                )
                .await?,
            )
        }
    };
    Ok(views::map_page(&ctx, &filter, &figures, &choices))
}

async fn organisation_or_404(state: &AppState, id: i32) -> AppResult<organisation::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<TimelineQuery>,
) -> AppResult<Markup> {
    organisation_page(&state, &ctx, id, &LinkForm::default(), q.kind()).await
}

/// The organisation page, with one of its small forms sent back if refused.
pub(crate) async fn organisation_page(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
    sent: &LinkForm,
    show: Option<TimelineKind>,
) -> AppResult<Markup> {
    let organisation = organisation_or_404(state, id).await?;
    let details = details::details(&state.db, organisation).await?;
    let history = audit::store::history(&state.db, EntityKind::Organisation, id).await?;
    let stage_history = crate::campaign::store::stage_history(&state.db, id).await?;
    Ok(views::show(
        ctx,
        &details,
        &history,
        &stage_history,
        sent,
        show,
    ))
}

/// A person takes a role here (the people area checks and writes it). A
/// refusal shows this page again with the message and the input kept.
async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<MembershipForm>,
) -> AppResult<Response> {
    if let Err(errors) = form.save(&ctx, &state, None, Some(id)).await? {
        let values = [
            ("person_id", &form.person_id),
            ("person_id_name", &form.person_id_name),
            ("role", &form.role),
            ("started_on", &form.started_on),
            ("ended_on", &form.ended_on),
            ("mandate_ends_on", &form.mandate_ends_on),
            ("elected_by", &form.elected_by),
        ]
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .into();
        let sent = LinkForm::refused("member", values, errors);
        return refused_on_organisation_page(&state, &ctx, id, sent).await;
    }
    let back = crate::web::security::local_path(&form.back)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("/organisations/{id}"));
    Ok(editing::saved(&state, &back))
}

/// The same page answering a refused form: 422, the input kept.
async fn refused_on_organisation_page(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
    sent: LinkForm,
) -> AppResult<Response> {
    let page = organisation_page(state, ctx, id, &sent, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Deserialize)]
struct CampaignChoice {
    #[serde(default)]
    campaign: String,
}

/// Adds this organisation to a campaign that does not follow it yet, at
/// the first stage, followed by the volunteer who added it.
async fn add_to_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<CampaignChoice>,
) -> AppResult<Response> {
    let organisation = organisation_or_404(&state, id).await?;
    let campaign_id = form
        .campaign
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    let campaign = crate::campaign::store::get(&state.db, campaign_id)
        .await?
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    if store::in_campaign(&state.db, id, campaign.id).await? {
        return Err(AppError::BadRequest(ctx.t("record-already-in-campaign")));
    }
    db::transaction(&state.db, async |txn| {
        crate::campaign::store::add_organisation(
            txn,
            campaign.id,
            &organisation,
            Stage::ToResearch,
            None,
            ctx.actor_id(),
        )
        .await
    })
    .await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/organisations/{id}"),
        "flash-saved",
    ))
}

/// "Je m'en occupe jusqu'au …": the volunteer claims this organisation
/// for one of the campaigns that follow it. A refused form comes back on
/// the page with what was typed; a claim someone else holds is a 409
/// naming them.
async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ClaimForm>,
) -> AppResult<Response> {
    organisation_or_404(&state, id).await?;
    let user = ctx.user()?.id;
    let today = crate::clock::today();
    let following = claims::following_campaigns(&state.db, id).await?;
    let input = match form.parse(&ctx, id, &following, today) {
        Ok(input) => input,
        Err(errors) => {
            let values = [
                ("campaign", &form.campaign),
                ("until", &form.until),
                ("claim_note", &form.note),
            ]
            .map(|(name, value)| (name.to_owned(), value.clone()))
            .into();
            let sent = LinkForm::refused("claim", values, errors);
            return refused_on_organisation_page(&state, &ctx, id, sent).await;
        }
    };
    let outcome = editing::save_versioned(&state.db, async |txn| {
        claims::claim(txn, &input, user, today).await
    })
    .await?;
    match outcome {
        Claimed::Done => Ok(flash::redirect_with(
            &format!("/organisations/{id}"),
            "flash-claimed",
        )),
        Claimed::HeldBy(name, until) => Err(AppError::Conflict(ctx.t_args(
            "claim-held-by",
            &[
                arg("name", name),
                arg("date", crate::web::format::date(ctx.locale, until)),
            ],
        ))),
        Claimed::Changed => Err(AppError::Conflict(ctx.t("claim-changed-meanwhile"))),
    }
}

#[derive(Deserialize)]
struct RelationForm {
    /// `outgoing:relays_to` or `incoming:coordinates` (this organisation is
    /// the target: "coordinated by").
    #[serde(default)]
    link: String,
    #[serde(default)]
    other: String,
    #[serde(default)]
    note: String,
}

/// Links this organisation to another one named by name or acronym.
async fn add_relation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<RelationForm>,
) -> AppResult<Response> {
    let this = organisation_or_404(&state, id).await?;
    let (source, target, kind) = match check_relation(&state, &ctx, this, &form).await? {
        Ok(link) => link,
        Err(errors) => {
            let values = [
                ("link", form.link),
                ("other", form.other),
                ("note", form.note),
            ]
            .map(|(name, value)| (name.to_owned(), value))
            .into();
            let sent = LinkForm::refused("relation", values, errors);
            return refused_on_organisation_page(&state, &ctx, id, sent).await;
        }
    };
    let note = optional_text(&form.note);
    db::transaction(&state.db, async |txn| {
        relations::add_relation(txn, &source, &target, kind, note, ctx.actor_id()).await
    })
    .await?;
    Ok(flash::redirect_with(
        &format!("/organisations/{id}"),
        "flash-saved",
    ))
}

/// (source, target, kind) of the link asked for, or why it is refused.
async fn check_relation(
    state: &AppState,
    ctx: &Ctx,
    this: organisation::Model,
    form: &RelationForm,
) -> AppResult<Result<(organisation::Model, organisation::Model, RelationKind), FormErrors>> {
    let mut errors = FormErrors::default();
    let (direction, kind) = form.link.split_once(':').unwrap_or_default();
    let kind = kind.parse::<RelationKind>();
    if kind.is_err() {
        errors.add("link", ctx.t("relation-kind-required"));
    }
    let name = form.other.trim();
    let other = store::by_name_or_acronym(&state.db, name).await?;
    match &other {
        None => errors.add(
            "other",
            format!("{} « {name} »", ctx.t("relation-other-unknown")),
        ),
        Some(other) if other.id == this.id => errors.add("other", ctx.t("relation-self")),
        Some(_) => {}
    }
    let (Ok(kind), Some(other)) = (kind, other) else {
        return Ok(Err(errors));
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    // "Relays to X" is written from this page; "X coordinates us" too.
    let (source, target) = if direction == "incoming" {
        (other, this)
    } else {
        (this, other)
    };
    if relations::relation_exists(&state.db, source.id, target.id, kind).await? {
        errors.add("other", ctx.t("relation-exists"));
        return Ok(Err(errors));
    }
    Ok(Ok((source, target, kind)))
}

#[derive(Deserialize)]
struct FromPage {
    #[serde(default)]
    from: String,
}

async fn remove_relation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<FromPage>,
) -> AppResult<Response> {
    let relation = relations::relation(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    db::transaction(&state.db, async |txn| {
        relations::remove_relation(txn, &relation, ctx.actor_id()).await
    })
    .await?;
    // Back to the page the volunteer came from: either end of the link.
    let page = form
        .from
        .parse::<i32>()
        .ok()
        .filter(|p| *p == relation.target_id)
        .unwrap_or(relation.source_id);
    Ok(flash::redirect_with(
        &format!("/organisations/{page}"),
        "flash-saved",
    ))
}

async fn new_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    Ok(views::form(
        &ctx,
        None,
        &OrganisationForm::blank(),
        &Default::default(),
        &choices(&state).await?,
        None,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = OrganisationForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state, None).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(&ctx, None, &form, &errors, &choices(&state).await?, None);
            return Ok(editing::refused(page));
        }
    };
    let id = db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/organisations/{id}"),
        "flash-created",
    ))
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let organisation = organisation_or_404(&state, id).await?;
    let details = details::details(&state.db, organisation).await?;
    let mut form =
        OrganisationForm::from_model(&details.organisation, &details.tags, &details.channels);
    form.parent_id_name = details
        .parent
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    Ok(views::form(
        &ctx,
        Some(&details.organisation),
        &form,
        &Default::default(),
        &choices(&state).await?,
        None,
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let current = organisation_or_404(&state, id).await?;
    let mut form = OrganisationForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state, Some(id)).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(
                &ctx,
                Some(&current),
                &form,
                &errors,
                &choices(&state).await?,
                None,
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let version = editing::expected_version(&ctx, &form.version)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update(txn, id, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        // Someone saved meanwhile: nothing was written; show both versions.
        let theirs = organisation_or_404(&state, id).await?;
        let details = details::details(&state.db, theirs).await?;
        form.version = details.organisation.version.to_string();
        let page = views::form(
            &ctx,
            Some(&details.organisation),
            &form,
            &Default::default(),
            &choices(&state).await?,
            Some(&details),
        );
        return Ok(editing::conflict(page));
    }
    Ok(editing::saved(&state, &format!("/organisations/{id}")))
}

async fn delete_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let organisation = organisation_or_404(&state, id).await?;
    let counts = store::dependents(&state.db, id).await?;
    Ok(views::delete_confirmation(&ctx, &organisation, counts))
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    children: String,
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    let organisation = organisation_or_404(&state, id).await?;
    let (children, _, _) = store::dependents(&state.db, id).await?;
    let choice = match form.children.as_str() {
        "move_up" => Children::MoveUp,
        "detach" => Children::Detach,
        "delete" => Children::Delete,
        _ if children == 0 => Children::Detach,
        _ => return Err(AppError::BadRequest(ctx.t("directory-delete-choose"))),
    };
    db::transaction(&state.db, async |txn| {
        store::delete(txn, &organisation, choice, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    Ok(flash::redirect_with("/organisations", "flash-deleted"))
}
