//! `/interactions/new`: the ten-second contact form, and follow-ups done.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use maud::Markup;
use sea_orm::{EntityTrait, QueryOrder, TransactionTrait};
use serde::Deserialize;

use super::store::{self, InteractionInput};
use super::views::{self, InteractionForm, Options};
use crate::app::AppState;
use crate::entities::*;
use crate::values::optional_text;
use crate::web::flash;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/interactions/new", new_page)
        .post("/interactions", create)
        .post("/interactions/{id}/done", done)
}

/// The form's choices; `form` keeps the organisation it names among them.
async fn options(state: &AppState, form: &InteractionForm) -> AppResult<Options> {
    let person: Option<i32> = form.person_id.parse().ok();
    let chosen_person = match person {
        Some(id) => person::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    Ok(Options {
        organisations: crate::directory::store::choices(
            &state.db,
            form.organisation_id.parse().ok(),
        )
        .await?,
        campaigns: campaign::Entity::find()
            .order_by_desc(campaign::Column::CreatedAt)
            .all(&state.db)
            .await?,
        person: chosen_person,
    })
}

#[derive(Deserialize, Default)]
struct Prefill {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    person: String,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(prefill): Query<Prefill>,
) -> AppResult<Markup> {
    let mut form = InteractionForm::blank(crate::clock::today());
    form.organisation_id = prefill.organisation.trim().to_owned();
    form.person_id = prefill.person.trim().to_owned();
    let person = form.person_id.parse().ok();
    // The person's organisation, when there is exactly one, saves a choice.
    if form.organisation_id.is_empty()
        && let Some(id) = person
    {
        let roles = crate::people::store::memberships(&state.db, id).await?;
        if let [(m, _)] = roles.as_slice() {
            form.organisation_id = m.organisation_id.to_string();
        }
    }
    if let Some(c) = campaign::Entity::find()
        .order_by_desc(campaign::Column::CreatedAt)
        .one(&state.db)
        .await?
    {
        form.campaign_id = c.id.to_string();
    }
    Ok(views::form(
        &ctx,
        &form,
        &FormErrors::default(),
        &options(&state, &form).await?,
    ))
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<InteractionForm>,
) -> AppResult<Response> {
    let mut e = FormErrors::default();
    let occurred_on = date(&form.occurred_on).or_else(|| {
        e.add("occurred_on", ctx.t("error-date-invalid"));
        None
    });
    let channel = form
        .channel
        .parse::<InteractionChannel>()
        .map_err(|_| e.add("channel", ctx.t("error-choice-invalid")))
        .ok();
    let direction = form
        .direction
        .parse::<Direction>()
        .map_err(|_| e.add("direction", ctx.t("error-choice-invalid")))
        .ok();
    let summary = form.summary.trim();
    if summary.is_empty() {
        e.add("summary", ctx.t("error-required"));
    } else if summary.chars().count() > 5_000 {
        e.add("summary", ctx.t("error-too-long"));
    }
    let organisation_id = match optional_text(&form.organisation_id) {
        None => None,
        Some(t) => match t.parse::<i32>() {
            Ok(id)
                if organisation::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                e.add("organisation_id", ctx.t("directory-parent-unknown"));
                None
            }
        },
    };
    let person = match optional_text(&form.person_id) {
        None => None,
        Some(t) => match t.parse::<i32>() {
            Ok(id) => match person::Entity::find_by_id(id).one(&state.db).await? {
                Some(p) if p.erased_at.is_none() => Some(p),
                _ => {
                    e.add("person_id", ctx.t("interaction-person-unknown"));
                    None
                }
            },
            Err(_) => {
                e.add("person_id", ctx.t("interaction-person-unknown"));
                None
            }
        },
    };
    if organisation_id.is_none() && person.is_none() && e.get("organisation_id").is_none() {
        e.add("organisation_id", ctx.t("interaction-who-required"));
    }
    // A do-not-contact person: only their own approach, or an explicit confirmation.
    if let Some(p) = &person
        && p.do_not_contact
        && direction != Some(Direction::Inbound)
        && form.confirm_do_not_contact.is_none()
    {
        e.add(
            "confirm_do_not_contact",
            ctx.t("interaction-do-not-contact-refused"),
        );
    }
    let follow_up_on = match optional_text(&form.follow_up_on) {
        None => None,
        Some(t) => match date(&t) {
            Some(d) if occurred_on.is_some_and(|o| d < o) => {
                e.add("follow_up_on", ctx.t("interaction-follow-up-before"));
                None
            }
            Some(d) => Some(d),
            None => {
                e.add("follow_up_on", ctx.t("error-date-invalid"));
                None
            }
        },
    };
    let campaign_id = match optional_text(&form.campaign_id) {
        None => None,
        Some(t) => match t.parse::<i32>() {
            Ok(id)
                if campaign::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                e.add("campaign_id", ctx.t("error-choice-invalid"));
                None
            }
        },
    };
    let new_stage = match optional_text(&form.new_stage) {
        None => None,
        Some(t) => match t.parse::<Stage>() {
            Ok(stage) if campaign_id.is_some() && organisation_id.is_some() => Some(stage),
            Ok(_) => {
                e.add("new_stage", ctx.t("interaction-stage-needs-campaign"));
                None
            }
            Err(_) => {
                e.add("new_stage", ctx.t("error-choice-invalid"));
                None
            }
        },
    };
    let (Some(occurred_on), Some(channel), Some(direction)) = (occurred_on, channel, direction)
    else {
        let page = views::form(&ctx, &form, &e, &options(&state, &form).await?);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    if !e.is_empty() {
        let page = views::form(&ctx, &form, &e, &options(&state, &form).await?);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let input = InteractionInput {
        occurred_on,
        channel,
        direction,
        organisation_id,
        person_id: person.map(|p| p.id),
        summary: summary.to_owned(),
        outcome: optional_text(&form.outcome),
        next_step: optional_text(&form.next_step),
        follow_up_on,
        campaign_id,
        new_stage,
    };
    let txn = state.db.begin().await?;
    store::create(&txn, &input, ctx.actor_id()).await?;
    txn.commit().await?;
    state.search.nudge();
    let back = match (input.organisation_id, input.person_id) {
        (Some(org), _) => format!("/organisations/{org}"),
        (None, Some(p)) => format!("/people/{p}"),
        _ => "/".into(),
    };
    Ok(flash::redirect_with(&back, "flash-logged"))
}

async fn done(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let interaction = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    store::mark_done(&txn, &interaction, ctx.actor_id()).await?;
    txn.commit().await?;
    Ok(flash::redirect_with("/", "flash-saved"))
}
