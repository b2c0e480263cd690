//! The record picker's lookups: `GET /pick/organisations?q=…` and
//! `GET /pick/people?q=…` answer `[{id, label, detail}]` for the picker's
//! script, from the search engine (so accents, typos, prefixes and acronyms
//! work); [`organisations`] and [`people`] resolve a name typed without
//! JavaScript for `web::forms::Fields::picked`. No form reads a list of all
//! records: a directory of 15,000 libraries is only ever searched.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;
use serde::Deserialize;
use serde_json::json;

use super::{DocKind, Facet, SearchError, SearchQuery, text};
use crate::app::AppState;
use crate::web::forms::Candidate;
use crate::web::{AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/pick/organisations", pick_organisations)
        .get("/pick/people", pick_people)
}

/// How many records a picker offers: enough to spot the right one, few
/// enough to read.
pub const LIMIT: usize = 12;

/// Longest text looked up (as on the search page).
const TEXT_MAX: usize = 200;

#[derive(Deserialize)]
struct PickQuery {
    #[serde(default)]
    q: String,
}

async fn pick_organisations(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PickQuery>,
) -> AppResult<Response> {
    let found = match hits(&state, DocKind::Organisation, &query.q).await {
        Ok(ids) => Ok(organisation_candidates(&state, &ctx, &ids).await?),
        Err(err) => Err(err),
    };
    Ok(answer(found))
}

/// Every signed-in role may see people (the guard lets no one else in).
async fn pick_people(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PickQuery>,
) -> AppResult<Response> {
    if ctx.user.is_none() {
        return Ok(answer(Ok(Vec::new())));
    }
    let found = match hits(&state, DocKind::Person, &query.q).await {
        Ok(ids) => Ok(person_candidates(&state, &ids).await?),
        Err(err) => Err(err),
    };
    Ok(answer(found))
}

fn answer(found: Result<Vec<Candidate>, SearchError>) -> Response {
    match found {
        Ok(candidates) => Json(candidates).into_response(),
        Err(err) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "error": { "status": 503, "message": err.to_string() } })),
        )
            .into_response(),
    }
}

/// The query a picker of `kind` sends the engine for `text` (none for a
/// blank text); public for the picker benchmark.
pub fn query(kind: DocKind, text: &str) -> Option<SearchQuery> {
    let text: String = text.trim().chars().take(TEXT_MAX).collect();
    if text.is_empty() {
        return None;
    }
    Some(SearchQuery {
        text,
        filters: vec![(Facet::Type, kind.as_str().to_owned())],
        include_people: kind == DocKind::Person,
        today: crate::clock::today(),
        limit: LIMIT,
        offset: 0,
        facets: false,
    })
}

/// Ids of the records of `kind` the engine finds for `text`, best first.
async fn hits(state: &AppState, kind: DocKind, text: &str) -> Result<Vec<i32>, SearchError> {
    let Some(query) = query(kind, text) else {
        return Ok(Vec::new());
    };
    let results = state.search.engine.search(&query).await?;
    Ok(results
        .hits
        .iter()
        .filter(|h| h.kind == kind)
        .filter_map(|h| h.id.split_once(':')?.1.parse().ok())
        .collect())
}

/// `name (ACRONYM)`.
fn organisation_label(o: &crate::entities::organisation::Model) -> String {
    match o
        .acronym
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(acronym) => format!("{} ({acronym})", o.name),
        None => o.name.clone(),
    }
}

fn organisation_candidate(ctx: &Ctx, o: &crate::entities::organisation::Model) -> Candidate {
    let kind = ctx.t(&o.kind.label_key());
    Candidate {
        id: o.id,
        label: organisation_label(o),
        detail: match o.commune.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(commune) => format!("{commune} · {kind}"),
            None => kind,
        },
    }
}

async fn organisation_candidates(
    state: &AppState,
    ctx: &Ctx,
    ids: &[i32],
) -> Result<Vec<Candidate>, DbErr> {
    let found = crate::directory::store::by_ids(&state.db, ids).await?;
    Ok(found
        .iter()
        .map(|o| organisation_candidate(ctx, o))
        .collect())
}

async fn person_candidates(state: &AppState, ids: &[i32]) -> Result<Vec<Candidate>, DbErr> {
    let found = crate::people::store::with_a_role(&state.db, ids).await?;
    Ok(found
        .into_iter()
        .map(|(p, role)| Candidate {
            id: p.id,
            label: p.full_name,
            detail: role
                .map(|(role, organisation)| format!("{role} · {organisation}"))
                .unwrap_or_default(),
        })
        .collect())
}

/// The engine's hits, narrowed for a typed name: the ones whose name (or
/// acronym) is the text, folded, when there are some; else all of them.
/// An engine outage leaves only the exact names (a write never fails for it).
async fn narrowed_hits(state: &AppState, kind: DocKind, name: &str) -> Vec<i32> {
    match hits(state, kind, name).await {
        Ok(ids) => ids,
        Err(err) => {
            tracing::warn!(%err, "search engine unavailable: a typed name is matched exactly");
            Vec::new()
        }
    }
}

fn same_words(a: &str, b: &str) -> bool {
    text::words(a) == text::words(b)
}

/// The organisations a name typed in a picker designates: those bearing it
/// exactly (name or acronym), else the search engine's, narrowed to the
/// ones whose name or acronym is the text but for accents and case.
pub async fn organisations(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
) -> Result<Vec<Candidate>, DbErr> {
    let exact = crate::directory::store::named(&state.db, name, LIMIT as u64).await?;
    if !exact.is_empty() {
        return Ok(exact
            .iter()
            .map(|o| organisation_candidate(ctx, o))
            .collect());
    }
    let ids = narrowed_hits(state, DocKind::Organisation, name).await;
    let found = crate::directory::store::by_ids(&state.db, &ids).await?;
    let same: Vec<_> = found
        .iter()
        .filter(|o| {
            same_words(&o.name, name) || o.acronym.as_deref().is_some_and(|a| same_words(a, name))
        })
        .collect();
    let kept: Vec<_> = if same.is_empty() {
        found.iter().collect()
    } else {
        same
    };
    Ok(kept
        .into_iter()
        .map(|o| organisation_candidate(ctx, o))
        .collect())
}

/// The people a name typed in a picker designates, as for organisations.
pub async fn people(state: &AppState, name: &str) -> Result<Vec<Candidate>, DbErr> {
    let exact = crate::people::store::named(&state.db, name, LIMIT as u64).await?;
    let ids: Vec<i32> = if exact.is_empty() {
        narrowed_hits(state, DocKind::Person, name).await
    } else {
        exact.iter().map(|p| p.id).collect()
    };
    let found = person_candidates(state, &ids).await?;
    let same: Vec<Candidate> = found
        .iter()
        .filter(|c| same_words(&c.label, name))
        .cloned()
        .collect();
    Ok(if same.is_empty() { found } else { same })
}
