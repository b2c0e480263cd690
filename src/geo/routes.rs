//! Routes of places: the commune picker, "around", tours, commune pages
//! and "my commune". Thin handlers: parse, call the stores, render.

use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::around::{self, Origin};
use super::form::{AroundQuery, NoteForm, Place, read_commune};
use super::notes;
use super::store::{self, Resolved};
use super::tour::{self, Added, Visit};
use super::views::{self, AroundPage, CommunePage, OriginView, TourPage};
use crate::app::AppState;
use crate::audit;
use crate::entities::*;
use crate::versioning::Saved;
use crate::web::forms::FormErrors;
use crate::web::i18n::arg;
use crate::web::{AppError, AppResult, Ctx, Routes, editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/pick/communes", pick_communes)
        .get("/around", around_page)
        .get("/tours", tours_page)
        .post("/tours/stops", add_stop)
        .get("/tours/{id}", tour_page)
        .post("/tours/{id}/stops/{organisation}/delete", remove_stop)
        .post("/tours/{id}/record", record_visits)
        .get("/communes/{code}", commune_page)
        .post("/communes/{code}/note", save_note)
        .get("/account/commune", my_commune_page)
        .post("/account/commune", set_my_commune)
}

#[derive(Deserialize)]
struct PickQuery {
    #[serde(default)]
    q: String,
}

/// `[{id, label, detail}]` for the picker's script: `id` is the INSEE code.
async fn pick_communes(
    State(state): State<AppState>,
    Query(query): Query<PickQuery>,
) -> AppResult<Response> {
    let text: String = query.q.chars().take(200).collect();
    let found = store::lookup(&state.db, &text, crate::search::pick::LIMIT as u64).await?;
    let geography = state.geography().await?;
    let answer: Vec<serde_json::Value> = found
        .iter()
        .map(|c| {
            let departement = geography
                .departements
                .iter()
                .find(|d| d.code == c.departement_code)
                .map(|d| d.name.as_str());
            serde_json::json!({
                "id": c.code,
                "label": c.name,
                "detail": store::detail(c, departement),
            })
        })
        .collect();
    Ok(Json(answer).into_response())
}

fn commune_origin(c: &commune::Model) -> Option<OriginView> {
    Some(OriginView {
        label: c.name.clone(),
        latitude: c.latitude?,
        longitude: c.longitude?,
        commune_code: Some(c.code.clone()),
    })
}

async fn my_commune(state: &AppState, ctx: &Ctx) -> AppResult<Option<commune::Model>> {
    let Some(user) = &ctx.user else {
        return Ok(None);
    };
    let code = crate::accounts::store::get(&state.db, user.id)
        .await?
        .and_then(|u| u.commune_code);
    Ok(match code {
        Some(code) => store::get(&state.db, &code).await?,
        None => None,
    })
}

async fn around_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(mut query): Query<AroundQuery>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let mut filter = match query.filter(&ctx) {
        Ok(filter) => Some(filter),
        Err(found) => {
            errors.extend(found);
            None
        }
    };
    let mine = my_commune(&state, &ctx).await?;
    let origin = match query.place() {
        Place::Nothing => None,
        Place::Commune(code) => match store::get(&state.db, &code).await? {
            Some(c) => {
                query.at_name.clone_from(&c.name);
                query.at = c.code.clone();
                let origin = commune_origin(&c);
                if origin.is_none() {
                    errors.add("at", ctx.t("geo-commune-no-centre"));
                }
                origin
            }
            None => {
                errors.add("at", ctx.t("geo-commune-unknown"));
                None
            }
        },
        Place::Named(name) => match store::resolve(&state.db, &name, None, None).await? {
            Resolved::One(c) => {
                query.at_name.clone_from(&c.name);
                query.at = c.code.clone();
                let origin = commune_origin(&c);
                if origin.is_none() {
                    errors.add("at", ctx.t("geo-commune-no-centre"));
                }
                origin
            }
            Resolved::Several(namesakes) => {
                errors.add("at", ctx.t("pick-ambiguous"));
                errors.offer("at", super::form::candidates(&namesakes));
                None
            }
            Resolved::None => {
                // A beginning of a name: the communes it starts, to choose.
                let starts = store::lookup(&state.db, &name, 12).await?;
                if starts.is_empty() {
                    errors.add("at", ctx.t("geo-commune-unknown"));
                } else {
                    errors.add("at", ctx.t("pick-ambiguous"));
                    errors.offer("at", super::form::candidates(&starts));
                }
                None
            }
        },
        Place::Organisation(id) => match crate::directory::store::get(&state.db, id).await? {
            Some(o) => match (o.latitude, o.longitude) {
                (Some(latitude), Some(longitude)) => {
                    if let Some(f) = &mut filter {
                        f.exclude = Some(o.id);
                    }
                    Some(OriginView {
                        label: o.name.clone(),
                        latitude,
                        longitude,
                        commune_code: o.commune_code.clone(),
                    })
                }
                _ => {
                    errors.add("at", ctx.t("geo-organisation-no-place"));
                    None
                }
            },
            None => return Err(AppError::NotFound),
        },
        Place::Mine => match &mine {
            Some(c) => {
                let origin = commune_origin(c);
                if origin.is_none() {
                    errors.add("at", ctx.t("geo-commune-no-centre"));
                }
                origin
            }
            None => {
                errors.add("at", ctx.t("geo-my-commune-unset"));
                None
            }
        },
    };
    let campaign = around::current_campaign(&state.db, crate::clock::today()).await?;
    let mut found = around::Found::default();
    let mut radius_km = around::RADIUS_DEFAULT;
    if let (Some(origin), Some(filter)) = (&origin, &mut filter) {
        filter.campaign_id = campaign.as_ref().map(|c| c.id);
        radius_km = filter.radius_km;
        found = around::around(
            &state.db,
            &Origin {
                latitude: origin.latitude,
                longitude: origin.longitude,
            },
            filter,
            views::SHOWN,
        )
        .await?;
    }
    let (tour, in_tour) = match &ctx.user {
        Some(user) => match tour::open_tour(&state.db, user.id).await? {
            Some(t) => {
                let ids: Vec<i32> = tour::stop_rows(&state.db, t.id)
                    .await?
                    .into_iter()
                    .map(|s| s.organisation_id)
                    .collect();
                (Some((t.id, ids.len())), ids)
            }
            None => (None, Vec::new()),
        },
        None => (None, Vec::new()),
    };
    let tags = store::tag_names(&state.db).await?;
    let page = views::around_page(
        &ctx,
        &AroundPage {
            query: &query,
            errors: &errors,
            origin: if errors.is_empty() { origin } else { None },
            radius_km,
            hits: &found.hits,
            total: found.total,
            in_tour: &in_tour,
            tour,
            my_commune: mine.as_ref(),
            tags: &tags,
            campaign: campaign.as_ref(),
        },
    );
    if errors.is_empty() {
        Ok(page.into_response())
    } else {
        Ok(editing::refused(page))
    }
}

#[derive(Deserialize)]
struct AddStop {
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    back: String,
}

async fn add_stop(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<AddStop>,
) -> AppResult<Response> {
    let user = ctx.user()?.id;
    let organisation = match form.organisation_id.trim().parse::<i32>() {
        Ok(id) => crate::directory::store::get(&state.db, id).await?,
        Err(_) => None,
    }
    .ok_or_else(|| AppError::BadRequest(ctx.t("geo-organisation-unknown")))?;
    let start = match crate::values::optional_text(&form.start) {
        Some(code) => Some(
            store::get(&state.db, &code)
                .await?
                .ok_or_else(|| AppError::BadRequest(ctx.t("geo-commune-unknown")))?
                .code,
        ),
        None => None,
    };
    let name = ctx.t_args(
        "geo-tour-default-name",
        &[arg(
            "date",
            crate::web::format::date(ctx.locale, crate::clock::today()),
        )],
    );
    let added = crate::db::transaction(&state.db, async |txn| {
        tour::add_stop(txn, user, organisation.id, start, &name).await
    })
    .await?;
    let back = crate::web::security::local_path(&form.back)
        .map(str::to_owned)
        .unwrap_or_else(|| match added {
            Added::Added(id) | Added::AlreadyThere(id) | Added::Full(id) => format!("/tours/{id}"),
        });
    match added {
        Added::Full(_) => Err(AppError::BadRequest(
            ctx.t_args("geo-tour-full", &[arg("max", tour::MAX_STOPS)]),
        )),
        Added::Added(_) => Ok(flash::redirect_with(&back, "flash-geo-added-to-tour")),
        Added::AlreadyThere(_) => Ok(flash::redirect_with(&back, "flash-geo-already-in-tour")),
    }
}

async fn tours_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let user = ctx.user()?.id;
    let mut tours = Vec::new();
    for t in tour::tours_of(&state.db, user).await? {
        let count = tour::stop_rows(&state.db, t.id).await?.len();
        tours.push((t, count));
    }
    Ok(views::tours_page(&ctx, &tours))
}

async fn own_tour(state: &AppState, ctx: &Ctx, id: i32) -> AppResult<crate::entities::tour::Model> {
    let user = ctx.user()?.id;
    tour::tour_of(&state.db, user, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn render_tour(
    state: &AppState,
    ctx: &Ctx,
    t: &crate::entities::tour::Model,
    errors: &FormErrors,
    sent: Option<&[(String, String)]>,
) -> AppResult<Markup> {
    let start = match &t.start_commune_code {
        Some(code) => store::get(&state.db, code).await?,
        None => None,
    };
    let from = start.as_ref().and_then(|c| c.latitude.zip(c.longitude));
    let stops = tour::stops(&state.db, t, from).await?;
    Ok(views::tour_page(
        ctx,
        &TourPage {
            tour: t,
            start: start.as_ref().filter(|_| from.is_some()),
            stops: &stops,
            today: crate::clock::today(),
            errors,
            sent,
        },
    ))
}

async fn tour_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let t = own_tour(&state, &ctx, id).await?;
    render_tour(&state, &ctx, &t, &FormErrors::default(), None).await
}

async fn remove_stop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, organisation)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let t = own_tour(&state, &ctx, id).await?;
    if t.recorded_on.is_some() {
        return Err(AppError::Conflict(ctx.t("geo-tour-already-recorded")));
    }
    tour::remove_stop(&state.db, &t, organisation).await?;
    Ok(flash::redirect_with(&format!("/tours/{id}"), "flash-saved"))
}

/// "Record the visits": each stop ticked becomes a logged contact on the
/// day given, all in one transaction, and the tour is marked recorded.
async fn record_visits(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let t = own_tour(&state, &ctx, id).await?;
    if t.recorded_on.is_some() {
        return Err(AppError::Conflict(ctx.t("geo-tour-already-recorded")));
    }
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut f = crate::web::forms::Fields::new(&ctx);
    let day = f.date("occurred_on", value("occurred_on").unwrap_or_default());
    if day.is_some_and(|d| d > crate::clock::today()) {
        f.error("occurred_on", "geo-record-day-future");
    }
    let version = editing::expected_version(&ctx, value("version").unwrap_or_default())?;
    // The people each stop offers to ask for: a visit names one of them.
    let stops = tour::stops(&state.db, &t, None).await?;
    let mut visits = Vec::new();
    for stop in &stops {
        let org = stop.organisation.id;
        if value(&format!("visited-{org}")).is_none() {
            continue;
        }
        let met = format!("person-{org}");
        let person_id = match value(&met).map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => {
                let chosen = v
                    .parse::<i32>()
                    .ok()
                    .filter(|id| stop.people.iter().any(|p| p.0 == *id));
                if chosen.is_none() {
                    f.error(&met, "geo-record-person-invalid");
                }
                chosen
            }
        };
        let field = format!("summary-{org}");
        let summary = f.optional_text(
            &field,
            value(&field).unwrap_or_default(),
            crate::values::limits::TEXT,
        );
        let summary = summary
            .unwrap_or_else(|| ctx.t_args("geo-visit-summary", &[arg("tour", t.name.clone())]));
        visits.push(Visit {
            organisation_id: org,
            summary,
            person_id,
        });
    }
    if visits.is_empty() {
        f.error("occurred_on", "geo-record-none");
    }
    if let Err(errors) = f.finish() {
        let page = render_tour(&state, &ctx, &t, &errors, Some(&fields)).await?;
        return Ok(editing::refused(page));
    }
    let Some(day) = day else {
        return Err(AppError::BadRequest(ctx.t("error-date-invalid")));
    };
    if version != t.version {
        return Err(AppError::Conflict(ctx.t("geo-tour-already-recorded")));
    }
    let campaign = around::current_campaign(&state.db, crate::clock::today())
        .await?
        .map(|c| c.id);
    let actor = ctx.actor_id();
    let recorded = editing::save_versioned(&state.db, async |txn| {
        tour::record(txn, &t, day, &visits, campaign, actor).await
    })
    .await?;
    if !recorded {
        return Err(AppError::Conflict(ctx.t("geo-tour-already-recorded")));
    }
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/tours/{id}"),
        "flash-geo-visits-recorded",
    ))
}

async fn commune_or_404(state: &AppState, code: &str) -> AppResult<commune::Model> {
    store::get(&state.db, code).await?.ok_or(AppError::NotFound)
}

async fn render_commune(
    state: &AppState,
    ctx: &Ctx,
    c: &commune::Model,
    form: Option<&NoteForm>,
    errors: &FormErrors,
    conflict: bool,
) -> AppResult<Markup> {
    let geography = state.geography().await?;
    let departement = geography
        .departements
        .iter()
        .find(|d| d.code == c.departement_code);
    let epci = match &c.epci_siren {
        Some(siren) => store::epci(&state.db, siren).await?,
        None => None,
    };
    let organisations = store::organisations_in(&state.db, &c.code).await?;
    let events = store::events_in(&state.db, c).await?;
    let note = notes::of_commune(&state.db, &c.code).await?;
    let (history, note_author) = match &note {
        Some(n) => {
            let history = audit::store::history(&state.db, EntityKind::CommuneNote, n.id).await?;
            let author = match n.user_id {
                Some(id) => crate::accounts::store::get(&state.db, id)
                    .await?
                    .map(|u| u.display_name),
                None => None,
            };
            (history, author)
        }
        None => (Vec::new(), None),
    };
    let blank = match &note {
        Some(n) => NoteForm::from_model(n),
        None => NoteForm {
            noted_on: crate::clock::today().to_string(),
            ..NoteForm::default()
        },
    };
    let mut shown = form.cloned().unwrap_or(blank);
    if conflict && let Some(n) = &note {
        // Their version is shown; the form starts from it again.
        shown.version = n.version.to_string();
    }
    Ok(views::commune_page(
        ctx,
        &CommunePage {
            commune: c,
            departement,
            epci: epci.as_ref(),
            organisations: &organisations,
            events: &events,
            note: note.as_ref(),
            note_author,
            history: &history,
            form: &shown,
            errors,
            conflict,
        },
    ))
}

async fn commune_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> AppResult<Markup> {
    let c = commune_or_404(&state, &code).await?;
    render_commune(&state, &ctx, &c, None, &FormErrors::default(), false).await
}

async fn save_note(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let c = commune_or_404(&state, &code).await?;
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            let page = render_commune(&state, &ctx, &c, Some(&form), &errors, false).await?;
            return Ok(editing::refused(page));
        }
    };
    let version = editing::expected_version(&ctx, &form.version)?;
    let actor = ctx.actor_id();
    let saved = editing::save_versioned(&state.db, async |txn| {
        notes::save(txn, &c, &input, version, actor).await
    })
    .await?;
    match saved {
        Saved::Applied(_) => Ok(editing::saved(&state, &format!("/communes/{}", c.code))),
        Saved::Conflict => {
            let page =
                render_commune(&state, &ctx, &c, Some(&form), &FormErrors::default(), true).await?;
            Ok(editing::conflict(page))
        }
    }
}

async fn my_commune_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    ctx.user()?;
    let current = my_commune(&state, &ctx).await?;
    let (code, name) = current
        .as_ref()
        .map(|c| (c.code.clone(), c.name.clone()))
        .unwrap_or_default();
    Ok(views::my_commune_page(
        &ctx,
        current.as_ref(),
        &code,
        &name,
        &FormErrors::default(),
    ))
}

#[derive(Deserialize)]
struct MyCommuneForm {
    #[serde(default)]
    commune_code: Option<String>,
    #[serde(default)]
    commune_code_name: String,
}

async fn set_my_commune(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<MyCommuneForm>,
) -> AppResult<Response> {
    let user = ctx.user()?.id;
    let mut errors = FormErrors::default();
    // The picker always sends its field: a name several communes bear
    // offers them to choose.
    let code = Some(form.commune_code.as_deref().unwrap_or_default());
    let choice = read_commune(
        &state.db,
        &ctx,
        &mut errors,
        "commune_code",
        code,
        &form.commune_code_name,
        None,
        None,
    )
    .await?;
    if errors.is_empty() && choice.name.is_some() && choice.code.is_none() {
        errors.add("commune_code", ctx.t("geo-commune-unknown"));
    }
    if !errors.is_empty() {
        let current = my_commune(&state, &ctx).await?;
        let page =
            views::my_commune_page(&ctx, current.as_ref(), "", &form.commune_code_name, &errors);
        return Ok(editing::refused(page));
    }
    crate::accounts::store::set_commune(&state.db, user, choice.code.as_deref()).await?;
    Ok(flash::redirect_with("/account/commune", "flash-saved"))
}
