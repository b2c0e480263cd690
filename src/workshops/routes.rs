//! Workshop routes: the kit library, kit pages and versions, sessions.

use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use maud::Markup;
use serde::Deserialize;

use super::form::{KitForm, OurRole, SessionForm};
use super::store::{self, KitInput, Reproducibility, SessionFilter};
use super::views::{self, SessionOptions};
use crate::app::AppState;
use crate::db;
use crate::entities::*;
use crate::values::optional_text;
use crate::web::forms::FormErrors;
use crate::web::i18n::arg;
use crate::web::{AppError, AppResult, Ctx, Routes};
use crate::web::{editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/workshops", library)
        .get("/workshops/kits/new", new_kit_page)
        .post("/workshops/kits", create_kit)
        .get("/workshops/kits/{id}", kit_page)
        .get("/workshops/kits/{id}/edit", edit_kit_page)
        .post("/workshops/kits/{id}", update_kit)
        .post("/workshops/kits/{id}/copy", copy_kit)
        .post("/workshops/kits/{id}/new-version", new_version)
        .post("/workshops/kits/{id}/delete", delete_kit)
        .get("/workshops/sessions/new", new_session_page)
        .post("/workshops/sessions", create_session)
        .get("/workshops/sessions/{id}", edit_session_page)
        .post("/workshops/sessions/{id}", update_session)
        .post("/workshops/sessions/{id}/delete", delete_session)
}

/// How many upcoming and past sessions the library page lists.
const LIBRARY_SESSIONS: u64 = 20;
/// How many organisations "where it would fit" suggests.
const SUGGESTIONS: u64 = 30;

async fn kit_or_404(state: &AppState, id: i32) -> AppResult<workshop_kit::Model> {
    store::kit(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn session_or_404(state: &AppState, id: i32) -> AppResult<workshop_session::Model> {
    store::session(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn library(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let today = crate::clock::today();
    let kits = store::library(&state.db, today).await?;
    let upcoming = store::sessions(
        &state.db,
        &SessionFilter {
            from: today.succ_opt(),
            limit: Some(LIBRARY_SESSIONS),
            ..Default::default()
        },
    )
    .await?;
    let recent = store::sessions(
        &state.db,
        &SessionFilter {
            to: Some(today),
            confirmed: Some(true),
            newest_first: true,
            limit: Some(LIBRARY_SESSIONS),
            ..Default::default()
        },
    )
    .await?;
    let to_confirm = store::sessions(
        &state.db,
        &SessionFilter {
            to: Some(today),
            confirmed: Some(false),
            newest_first: true,
            limit: Some(LIBRARY_SESSIONS),
            ..Default::default()
        },
    )
    .await?;
    Ok(views::library(&ctx, &kits, &upcoming, &to_confirm, &recent))
}

#[derive(Deserialize, Default)]
struct KitQuery {
    #[serde(default)]
    region: String,
    /// The timeline's filter (`?show=sessions`).
    #[serde(default)]
    show: String,
}

async fn kit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(query): Query<KitQuery>,
) -> AppResult<Markup> {
    let kit = kit_or_404(&state, id).await?;
    let versions = store::lineage(&state.db, &kit).await?;
    let ids: Vec<i32> = versions.iter().map(|k| k.id).collect();
    let sessions = store::sessions(
        &state.db,
        &SessionFilter {
            kit_ids: Some(ids.clone()),
            newest_first: true,
            ..Default::default()
        },
    )
    .await?;
    let today = crate::clock::today();
    let reproducibility = Reproducibility::of(sessions.iter().map(|l| &l.session), today);
    let region = optional_text(&query.region);
    let fits = store::where_it_fits(&state.db, &ids, region.as_deref(), SUGGESTIONS).await?;
    let geography = state.geography().await?;
    let history = crate::audit::store::history(&state.db, EntityKind::Kit, id).await?;
    Ok(views::kit_page(
        &ctx,
        &views::KitPage {
            kit: &kit,
            versions: &versions,
            sessions: &sessions,
            reproducibility,
            fits: &fits,
            geography: &geography,
            region: region.as_deref(),
            history: &history,
            today,
            show: crate::web::timeline::TimelineKind::parse(&query.show),
        },
    ))
}

async fn new_kit_page(ctx: Ctx) -> Markup {
    views::kit_form(&ctx, None, &KitForm::blank(), &FormErrors::default(), None)
}

async fn create_kit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<KitForm>,
) -> AppResult<Response> {
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            let page = views::kit_form(&ctx, None, &form, &errors, None);
            return Ok(editing::refused(page));
        }
    };
    save_new_kit(&state, &ctx, &input, None, "").await
}

/// Saves a new kit — the next version of `previous`, if given — and opens
/// its page followed by `then` ("" or "/edit").
async fn save_new_kit(
    state: &AppState,
    ctx: &Ctx,
    input: &KitInput,
    previous: Option<i32>,
    then: &str,
) -> AppResult<Response> {
    // Only a next version can be refused: a kit's line never forks.
    let kit = editing::save_versioned(&state.db, async |txn| {
        store::create_kit(txn, input, previous, ctx.actor_id()).await
    })
    .await?
    .ok_or_else(|| AppError::Conflict(ctx.t("kit-newer-version-exists")))?;
    Ok(flash::redirect_with(
        &format!("/workshops/kits/{}{then}", kit.id),
        "flash-created",
    ))
}

async fn edit_kit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let kit = kit_or_404(&state, id).await?;
    Ok(views::kit_form(
        &ctx,
        Some(&kit),
        &KitForm::from_model(&kit),
        &FormErrors::default(),
        None,
    ))
}

async fn update_kit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<KitForm>,
) -> AppResult<Response> {
    let kit = kit_or_404(&state, id).await?;
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            let page = views::kit_form(&ctx, Some(&kit), &form, &errors, None);
            return Ok(editing::refused(page));
        }
    };
    let version = editing::expected_version(&ctx, &form.version)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update_kit(txn, &kit, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        // Someone saved meanwhile: show their version beside what was typed.
        let current = kit_or_404(&state, id).await?;
        let form = KitForm {
            version: current.version.to_string(),
            ..form
        };
        let page = views::kit_form(
            &ctx,
            Some(&current),
            &form,
            &FormErrors::default(),
            Some(&current),
        );
        return Ok(editing::conflict(page));
    }
    Ok(editing::saved(&state, &format!("/workshops/kits/{id}")))
}

/// A copy to adapt into another kit: a new line of versions.
async fn copy_kit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let kit = kit_or_404(&state, id).await?;
    let input = KitInput {
        title: ctx.t_args("kit-copy-title", &[arg("title", kit.title.clone())]),
        kit_version: "1.0".into(),
        ..KitInput::from_model(&kit)
    };
    save_new_kit(&state, &ctx, &input, None, "/edit").await
}

/// The next version of a kit: sessions already held keep the version they used.
async fn new_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let kit = kit_or_404(&state, id).await?;
    let input = KitInput {
        kit_version: store::next_version(&kit.kit_version),
        ..KitInput::from_model(&kit)
    };
    save_new_kit(&state, &ctx, &input, Some(id), "/edit").await
}

async fn delete_kit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let kit = kit_or_404(&state, id).await?;
    // Refused while a session uses the kit; nothing is deleted then.
    let deleted = editing::save_versioned(&state.db, async |txn| {
        store::delete_kit(txn, &kit, ctx.actor_id()).await
    })
    .await?;
    if !deleted {
        return Err(AppError::Conflict(ctx.t("kit-delete-has-sessions")));
    }
    Ok(flash::redirect_with("/workshops", "flash-deleted"))
}

/// The form's choices, and the names of the records it points to.
async fn session_options(state: &AppState, form: &SessionForm) -> AppResult<SessionOptions> {
    let mut kits: Vec<workshop_kit::Model> = store::library(&state.db, crate::clock::today())
        .await?
        .into_iter()
        .map(|k| k.kit)
        .collect();
    // A session of an earlier version keeps it among the choices.
    if let Ok(id) = form.kit_id.trim().parse::<i32>()
        && !kits.iter().any(|k| k.id == id)
        && let Some(kit) = store::kit(&state.db, id).await?
    {
        kits.insert(0, kit);
    }
    Ok(SessionOptions {
        kits,
        venue_name: match form.venue_id.trim().parse() {
            Ok(id) => crate::directory::store::get(&state.db, id)
                .await?
                .map(|o| o.name),
            Err(_) => None,
        },
        facilitator_name: match form.facilitator_id.trim().parse() {
            Ok(id) => crate::people::store::get_not_erased(&state.db, id)
                .await?
                .map(|p| p.full_name),
            Err(_) => None,
        },
        campaigns: crate::campaign::store::all(&state.db).await?,
    })
}

#[derive(Deserialize, Default)]
struct SessionPrefill {
    #[serde(default)]
    kit: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    facilitator: String,
}

async fn new_session_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(prefill): Query<SessionPrefill>,
) -> AppResult<Markup> {
    let latest_campaign = crate::campaign::store::all(&state.db)
        .await?
        .into_iter()
        .next();
    let form = SessionForm {
        kit_id: prefill.kit.trim().to_owned(),
        venue_id: prefill.venue.trim().to_owned(),
        facilitator_id: prefill.facilitator.trim().to_owned(),
        our_role: OurRole::None.as_str().to_owned(),
        campaign_id: latest_campaign
            .map(|c| c.id.to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    let options = session_options(&state, &form).await?;
    Ok(views::session_form(
        &ctx,
        None,
        &form,
        &FormErrors::default(),
        &options,
        None,
    ))
}

async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SessionForm>,
) -> AppResult<Response> {
    let input = match form.parse(&ctx, &state, crate::clock::today()).await? {
        Ok(input) => input,
        Err(errors) => {
            let options = session_options(&state, &form).await?;
            let page = views::session_form(&ctx, None, &form, &errors, &options, None);
            return Ok(editing::refused(page));
        }
    };
    db::transaction(&state.db, async |txn| {
        store::create_session(txn, &input, ctx.actor_id()).await
    })
    .await?;
    Ok(flash::redirect_with(
        &format!("/workshops/kits/{}", input.kit_id),
        "flash-created",
    ))
}

async fn edit_session_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let session = session_or_404(&state, id).await?;
    let form = SessionForm::from_model(&session);
    let options = session_options(&state, &form).await?;
    Ok(views::session_form(
        &ctx,
        Some(&session),
        &form,
        &FormErrors::default(),
        &options,
        None,
    ))
}

async fn update_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<SessionForm>,
) -> AppResult<Response> {
    let session = session_or_404(&state, id).await?;
    let input = match form.parse(&ctx, &state, crate::clock::today()).await? {
        Ok(input) => input,
        Err(errors) => {
            let options = session_options(&state, &form).await?;
            let page = views::session_form(&ctx, Some(&session), &form, &errors, &options, None);
            return Ok(editing::refused(page));
        }
    };
    let version = editing::expected_version(&ctx, &form.version)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update_session(txn, &session, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        let current = session_or_404(&state, id).await?;
        let form = SessionForm {
            version: current.version.to_string(),
            ..form
        };
        let options = session_options(&state, &form).await?;
        let page = views::session_form(
            &ctx,
            Some(&current),
            &form,
            &FormErrors::default(),
            &options,
            Some(&current),
        );
        return Ok(editing::conflict(page));
    }
    Ok(editing::saved(
        &state,
        &format!("/workshops/kits/{}", input.kit_id),
    ))
}

async fn delete_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let session = session_or_404(&state, id).await?;
    db::transaction(&state.db, async |txn| {
        store::delete_session(txn, &session, ctx.actor_id()).await
    })
    .await?;
    Ok(flash::redirect_with(
        &format!("/workshops/kits/{}", session.kit_id),
        "flash-deleted",
    ))
}
