//! Export routes: `/export/<list>.csv` and `/export/<list>.json`, taking
//! the same filters as the list pages they come from.

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::export::{self, HIDDEN, Sheet};
use crate::agenda::store as agenda_store;
use crate::app::AppState;
use crate::directory::form::ListQuery;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/export/{file}", export)
        .merge(super::import_routes::routes())
}

async fn events(state: &AppState, ctx: &Ctx, pairs: &[(String, String)]) -> AppResult<Sheet> {
    let bad = |key: &str| AppError::BadRequest(format!("{} {key}", ctx.t("agenda-error-filter")));
    let mut filter = agenda_store::AgendaFilter::default();
    for (key, value) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let value = value.trim();
        match key.as_str() {
            "region" => filter.region.push(value.to_owned()),
            "departement" => filter.departement.push(value.to_owned()),
            "kind" => filter.kind.push(value.parse().map_err(|_| bad(key))?),
            "theme" => filter.theme.push(value.to_owned()),
            "participation" => filter.participation = Some(value.parse().map_err(|_| bad(key))?),
            _ => {}
        }
    }
    let from =
        crate::agenda::recurrence::day_start(crate::clock::today() - chrono::Duration::days(3650));
    let to = from + chrono::Duration::days(3650 * 2);
    let mut sheet = Sheet::default();
    for row in agenda_store::candidates(&state.db, &filter, from, to).await? {
        sheet.push(&row, HIDDEN);
    }
    Ok(sheet)
}

/// `GET /export/{list}.{csv|json}`.
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (list, extension) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let sheet = match list {
        "organisations" => {
            let query: ListQuery = serde_urlencoded::from_str(
                &serde_urlencoded::to_string(&pairs).unwrap_or_default(),
            )
            .unwrap_or_default();
            export::organisations(&state.db, &query.filter()).await?
        }
        "people" => export::people(&state.db).await?,
        "interactions" => {
            let query = crate::interactions::filters::LogQuery::from_pairs(&pairs);
            export::interactions(&state.db, &query.filter()).await?
        }
        "events" => events(&state, &ctx, &pairs).await?,
        _ => return Err(AppError::NotFound),
    };
    download(&sheet, list, extension)
}

/// `sheet` as a file to download, `relais-<list>-<date>.<csv|json>`.
pub fn download(sheet: &Sheet, list: &str, extension: &str) -> AppResult<Response> {
    let stamp = crate::clock::today();
    let (content_type, body) = match extension {
        "csv" => ("text/csv; charset=utf-8", sheet.to_csv()),
        "json" => ("application/json; charset=utf-8", sheet.to_json()),
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"relais-{list}-{stamp}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response())
}
