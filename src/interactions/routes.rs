//! `/interactions/new`: the ten-second contact form; `/interactions`: the
//! contact log; `/follow-ups`: open follow-ups and what is done to them.

use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use maud::Markup;
use serde::Deserialize;

use super::filters::LogQuery;
use super::followups_form::{self, ActionForm};
use super::followups_views::{self, FollowUpsPage, Whose};
use super::form::InteractionForm;
use super::log_views::{self, LogChoices, LogPage};
use super::store::{self, DueGroups, FollowUpChange};
use super::views::{self, Options};
use crate::app::AppState;
use crate::campaign::claims::{self, LiveClaim};
use crate::db;
use crate::versioning::Saved;
use crate::web::forms::{Fields, FormErrors};
use crate::web::{AppError, AppResult, Ctx, Routes};
use crate::web::{editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/interactions/new", new_page)
        .post("/interactions", create)
        .post("/interactions/{id}/done", done)
        .post("/interactions/{id}/snooze", snooze)
        .post("/interactions/{id}/hand-over", hand_over)
        .get("/interactions", log)
        .get("/follow-ups", follow_ups)
}

/// The form's choices, and the records it names.
async fn options(state: &AppState, ctx: &Ctx, form: &InteractionForm) -> AppResult<Options> {
    let person: Option<i32> = form.person_id.parse().ok();
    let chosen_person = match person {
        Some(id) => crate::people::store::get(&state.db, id).await?,
        None => None,
    };
    let organisation = match form.organisation_id.trim().parse() {
        Ok(id) => crate::directory::store::get(&state.db, id).await?,
        Err(_) => None,
    };
    let claims = match &organisation {
        Some(o) => claimed_by_others(state, ctx, o.id).await?,
        None => Vec::new(),
    };
    let local_context = match &organisation {
        Some(o) => crate::geo::notes::for_organisation(&state.db, o).await?,
        None => None,
    };
    Ok(Options {
        local_context,
        organisation,
        campaigns: crate::campaign::store::all(&state.db).await?,
        person: chosen_person,
        claims,
    })
}

/// The live claims of other volunteers on an organisation: logging a
/// contact with it is warned about, never refused.
async fn claimed_by_others(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i32,
) -> AppResult<Vec<LiveClaim>> {
    let mut claims =
        claims::live_for_organisation(&state.db, organisation_id, crate::clock::today()).await?;
    claims.retain(|c| !c.is_held_by(ctx.actor_id()));
    Ok(claims)
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
    // The newest campaign is the likely one.
    if let Some(c) = crate::campaign::store::all(&state.db)
        .await?
        .into_iter()
        .next()
    {
        form.campaign_id = c.id.to_string();
    }
    Ok(views::form(
        &ctx,
        &form,
        &FormErrors::default(),
        &options(&state, &ctx, &form).await?,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<InteractionForm>,
) -> AppResult<Response> {
    let input = match form.parse(&ctx, &state).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(&ctx, &form, &errors, &options(&state, &ctx, &form).await?);
            return Ok(editing::refused(page));
        }
    };
    db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    let back = match (input.organisation_id, input.person_id) {
        (Some(org), _) => format!("/organisations/{org}"),
        (None, Some(p)) => format!("/people/{p}"),
        _ => "/".into(),
    };
    // Saved all the same; the warning follows (an organisation chosen in
    // the picker was not known when the form was shown).
    let message = match input.organisation_id {
        Some(org) if !claimed_by_others(&state, &ctx, org).await?.is_empty() => {
            "flash-logged-claimed"
        }
        _ => "flash-logged",
    };
    Ok(flash::redirect_with(&back, message))
}

#[derive(Deserialize, Default)]
struct WhoseQuery {
    #[serde(default)]
    who: String,
}

/// Open follow-ups shown at most, the soonest due first (each line carries
/// its three small forms: a page of every open follow-up of a large team
/// weighed a megabyte). The page says how many there are in all.
const FOLLOW_UPS_SHOWN: u64 = 100;

/// `GET /follow-ups`: mine (by default), the team's or one volunteer's.
async fn follow_ups(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<WhoseQuery>,
) -> AppResult<Markup> {
    let whose = Whose::parse(&q.who);
    let owner = match whose {
        Whose::Mine => Some(ctx.user()?.id),
        Whose::Team => None,
        Whose::Volunteer(id) => Some(id),
    };
    let items = store::open_follow_ups(&state.db, owner, FOLLOW_UPS_SHOWN).await?;
    let page = FollowUpsPage {
        shown: items.len() as u64,
        total: store::count_open_follow_ups(&state.db, owner).await?,
        whose,
        groups: DueGroups::sort(items, crate::clock::today()),
        users: crate::accounts::store::all(&state.db).await?,
    };
    Ok(followups_views::page(&ctx, &page))
}

/// `GET /interactions`: the contact log.
async fn log(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Markup> {
    let query = LogQuery::from_pairs(&pairs);
    let page = query.page();
    let (rows, total) = store::log(&state.db, &query.filter(), page).await?;
    let choices = LogChoices {
        users: crate::accounts::store::all(&state.db).await?,
        campaigns: crate::campaign::store::all(&state.db).await?,
        geography: state.geography().await?,
    };
    Ok(log_views::page(
        &ctx,
        &LogPage {
            query: &query,
            rows,
            total,
            page,
            choices,
        },
    ))
}

/// Applies a follow-up action at the version its page showed; a stale
/// version is a 409 and nothing is written.
async fn apply(
    state: &AppState,
    ctx: &Ctx,
    interaction: &crate::entities::interaction::Model,
    version: i32,
    change: FollowUpChange,
) -> AppResult<()> {
    let saved = editing::save_versioned(&state.db, async |txn| {
        store::change_follow_up(txn, interaction, version, change, ctx.actor_id()).await
    })
    .await?;
    match saved {
        Saved::Applied(_) => Ok(()),
        Saved::Conflict => Err(AppError::Conflict(ctx.t("follow-ups-changed-meanwhile"))),
    }
}

/// The interaction whose open follow-up an action is about.
async fn open_follow_up(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
) -> AppResult<crate::entities::interaction::Model> {
    let interaction = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if interaction.follow_up_done {
        return Err(AppError::Conflict(ctx.t("follow-ups-already-done")));
    }
    Ok(interaction)
}

/// `POST /interactions/{id}/done`; without a version (older pages), the
/// current one.
async fn done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let interaction = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let version = if form.version.trim().is_empty() {
        interaction.version
    } else {
        editing::expected_version(&ctx, &form.version)?
    };
    apply(&state, &ctx, &interaction, version, FollowUpChange::Done).await?;
    Ok(flash::redirect_with(
        &form.back_or("/"),
        "flash-follow-up-done",
    ))
}

/// `POST /interactions/{id}/snooze`: a week, a month, or to a date.
async fn snooze(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let interaction = open_follow_up(&state, &ctx, id).await?;
    let version = editing::expected_version(&ctx, &form.version)?;
    let mut fields = Fields::new(&ctx);
    let change = form.snooze(&mut fields, interaction.follow_up_on, crate::clock::today());
    fields
        .finish()
        .map_err(|errors| AppError::BadRequest(followups_form::message(&errors)))?;
    let change = change.ok_or_else(|| AppError::BadRequest(ctx.t("error-date-invalid")))?;
    apply(&state, &ctx, &interaction, version, change).await?;
    Ok(flash::redirect_with(
        &form.back_or("/follow-ups"),
        "flash-follow-up-snoozed",
    ))
}

/// `POST /interactions/{id}/hand-over`: another volunteer takes it on.
async fn hand_over(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let interaction = open_follow_up(&state, &ctx, id).await?;
    let version = editing::expected_version(&ctx, &form.version)?;
    let users = crate::accounts::store::all(&state.db).await?;
    let mut fields = Fields::new(&ctx);
    let change = form.hand_over(&mut fields, &users);
    fields
        .finish()
        .map_err(|errors| AppError::BadRequest(followups_form::message(&errors)))?;
    let change =
        change.ok_or_else(|| AppError::BadRequest(ctx.t("follow-ups-unknown-volunteer")))?;
    apply(&state, &ctx, &interaction, version, change).await?;
    Ok(flash::redirect_with(
        &form.back_or("/follow-ups"),
        "flash-follow-up-handed-over",
    ))
}
