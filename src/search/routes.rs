//! `GET /search?q=…`: an HTML page with facets as links, or JSON when the
//! client asks for `application/json` (the page's live search uses it too).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{Facet, SearchQuery, views};
use crate::app::AppState;
use crate::web::{AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/search", search)
        .merge(super::pick::routes())
        .merge(super::palette::routes())
}

pub const PAGE_SIZE: usize = 20;

/// The query as parsed from the URL.
#[derive(Debug, Clone, Default)]
pub struct UrlQuery {
    pub text: String,
    pub filters: Vec<(Facet, String)>,
    pub page: usize,
}

impl UrlQuery {
    pub(crate) fn parse(pairs: &[(String, String)]) -> Self {
        let mut q = UrlQuery::default();
        for (key, value) in pairs {
            match key.as_str() {
                "q" => q.text = value.chars().take(200).collect(),
                "page" => q.page = value.parse().unwrap_or(0).min(500),
                other => {
                    if let Some(facet) = Facet::parse(other)
                        && !value.trim().is_empty()
                    {
                        q.filters.push((facet, value.trim().to_owned()));
                    }
                }
            }
        }
        q
    }

    /// This query's URL with one filter toggled (and back to the first page).
    pub fn toggled(&self, facet: Facet, value: &str) -> String {
        let mut filters = self.filters.clone();
        if let Some(i) = filters.iter().position(|(f, v)| *f == facet && v == value) {
            filters.remove(i);
        } else {
            filters.push((facet, value.to_owned()));
        }
        UrlQuery {
            text: self.text.clone(),
            filters,
            page: 0,
        }
        .url()
    }

    pub fn with_page(&self, page: usize) -> String {
        UrlQuery {
            page,
            ..self.clone()
        }
        .url()
    }

    pub fn url(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.text.clone())];
        for (facet, value) in &self.filters {
            pairs.push((facet.as_str(), value.clone()));
        }
        if self.page > 0 {
            pairs.push(("page", self.page.to_string()));
        }
        crate::web::components::url_with_query("/search", &pairs)
    }

    pub fn is_active(&self, facet: Facet, value: &str) -> bool {
        self.filters.iter().any(|(f, v)| *f == facet && v == value)
    }
}

async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let url_query = UrlQuery::parse(&pairs);
    let query = SearchQuery {
        text: url_query.text.clone(),
        filters: url_query.filters.clone(),
        // Every caller here is signed in (the guard sees to it).
        include_people: ctx.user.is_some(),
        today: crate::clock::today(),
        limit: PAGE_SIZE,
        offset: url_query.page * PAGE_SIZE,
        facets: true,
    };
    let results = state.search.engine.search(&query).await;
    if ctx.wants_json {
        return Ok(match results {
            Ok(results) => {
                let facets: HashMap<&str, &Vec<(String, u64)>> = results
                    .facets
                    .iter()
                    .map(|f| (f.facet.as_str(), &f.values))
                    .collect();
                Json(json!({ "query": url_query.text, "total": results.total, "hits": results.hits, "facets": facets })).into_response()
            }
            Err(err) => (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": { "status": 503, "message": err.to_string() } })),
            )
                .into_response(),
        });
    }
    let geography = state.geography().await?;
    let names = Names {
        regions: geography
            .regions
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
        departements: geography
            .departements
            .iter()
            .map(|d| (d.code.clone(), d.name.clone()))
            .collect(),
    };
    Ok(match results {
        Ok(results) => views::page(&ctx, &url_query, Some(&results), &names).into_response(),
        Err(err) => {
            tracing::warn!(%err, "search engine unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                views::page(&ctx, &url_query, None, &names),
            )
                .into_response()
        }
    })
}

/// Names of régions and départements, for facet labels.
pub struct Names {
    pub regions: HashMap<String, String>,
    pub departements: HashMap<String, String>,
}
