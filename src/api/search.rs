//! `/api/v1/search`: the search page's contract as JSON — words, the same
//! facet filters (repeat a parameter to combine values), the facet counts —
//! paged with a cursor. People are found only by tokens whose user may see
//! them (every signed-in role), as on the page.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::{Problem, ReadRefused};
use crate::app::AppState;
use crate::search::{SearchQuery, UrlQuery};
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx};

/// Hits per page unless `limit` says otherwise, and at most.
const MAX_LIMIT: i32 = 50;

/// One record found.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// `<type>-<id>`, e.g. `organisation-42`.
    pub id: String,
    /// `organisation`, `person`, `event` or `kit`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    /// Its page in the application.
    pub url: String,
    pub commune: Option<String>,
    /// Relevance; higher first.
    pub score: f32,
}

/// How many hits carry a facet value.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// One page of results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    /// Every hit of the query, not only this page's.
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Per facet (`type`, `kind`, `region`, `departement`, `stage`, `tag`,
    /// `when`), its values among all the hits, most frequent first.
    pub facets: BTreeMap<String, Vec<FacetValue>>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// Search
///
/// The words are matched with accents and case folded, typos tolerated and
/// the last word taken as a prefix, as on the search page.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Words (at most 200 characters are read)"),
        ("type" = Option<String>, Query, description = "organisation, person, event or kit"),
        ("kind" = Option<String>, Query, description = "Kind of organisation"),
        ("region" = Option<String>, Query, description = "INSEE code of the région"),
        ("departement" = Option<String>, Query, description = "Code of the département"),
        ("stage" = Option<String>, Query, description = "Outreach stage"),
        ("tag" = Option<String>, Query, description = "Tag name"),
        ("when" = Option<String>, Query, description = "Events: upcoming or past"),
        ("limit" = Option<String>, Query, description = "Hits per page (1 to 50, default 20)"),
        ("cursor" = Option<String>, Query, description = "The `next` of the previous page"),
    ),
    responses(
        (status = 200, description = "A page of results with the facet counts", body = SearchPage),
        ReadRefused,
        (status = 503, description = "The search engine is not answering", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Json<SearchPage>> {
    let param = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut f = Fields::new(&ctx);
    let limit = f.optional_number(
        "limit",
        param("limit"),
        1..=MAX_LIMIT,
        "api-search-limit-invalid",
    );
    let cursor = f.optional_number("cursor", param("cursor"), 0..=10_000, "api-cursor-invalid");
    f.finish().map_err(AppError::Invalid)?;
    let limit = limit.map_or(crate::search::PAGE_SIZE, |l| l as usize);
    let offset = cursor.unwrap_or(0) as usize;
    let url_query = UrlQuery::parse(&pairs);
    let query = SearchQuery {
        text: url_query.text,
        filters: url_query.filters,
        include_people: ctx.user.is_some(),
        today: crate::clock::today(),
        limit,
        offset,
        facets: true,
    };
    let results = state.search.engine.search(&query).await.map_err(|err| {
        tracing::warn!(%err, "search engine unavailable");
        AppError::Unavailable(ctx.t("api-search-unavailable"))
    })?;
    let next = (offset + results.hits.len() < results.total && !results.hits.is_empty())
        .then(|| (offset + results.hits.len()).to_string());
    Ok(Json(SearchPage {
        total: results.total,
        hits: results
            .hits
            .into_iter()
            .map(|h| SearchHit {
                id: h.id,
                kind: h.kind.as_str().to_owned(),
                title: h.title,
                url: h.url,
                commune: h.commune,
                score: h.score,
            })
            .collect(),
        facets: results
            .facets
            .into_iter()
            .map(|f| {
                let values = f
                    .values
                    .into_iter()
                    .map(|(value, count)| FacetValue { value, count })
                    .collect();
                (f.facet.as_str().to_owned(), values)
            })
            .collect(),
        next,
    }))
}
