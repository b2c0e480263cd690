//! One submission, one record. Every form carries a one-time key beside its
//! CSRF token ([`super::forms::csrf_field`]). The first submission of a key
//! claims it in the database; when that submission ends in a redirect (the
//! record's page), the redirect is remembered. A second submission of the
//! same key — a double click, or "back" then "send" again — is not handled
//! a second time: it goes where the first one led, saying so. A submission
//! that was refused (422) or failed releases its key, so the corrected form
//! can be sent. Claims live in the database, so two instances agree.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::{AppError, Ctx, flash};
use crate::accounts::tokens;
use crate::app::AppState;
use crate::entities::form_submission;

/// Name of the hidden field carrying the key.
pub const ONCE_FIELD: &str = "_once";

/// Largest form read here (the guard has already refused larger ones).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// How long a second submission waits for the first one to finish.
const WAIT: Duration = Duration::from_secs(5);

/// Keys are kept this long: enough for "back" and "send" again.
const KEEP_HOURS: i64 = 24;

/// A fresh key for a form being rendered.
pub fn new_key() -> String {
    tokens::random_token()
}

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // Signing in and out opens and closes sessions: never replayed.
    let path = request.uri().path();
    let session_form =
        matches!(path, "/login" | "/logout" | "/setup") || path.starts_with("/invitations/");
    if request.method() != Method::POST || !is_form || session_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return AppError::BadRequest(super::context::current().t("error-form-too-large"))
            .into_response();
    };
    let key = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .unwrap_or_default()
        .into_iter()
        .find(|(name, _)| name == ONCE_FIELD)
        .map(|(_, value)| value)
        .filter(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()));
    let request = Request::from_parts(parts, Body::from(bytes));
    let Some(key) = key else {
        return next.run(request).await;
    };
    let user = request
        .extensions()
        .get::<Ctx>()
        .and_then(|ctx| ctx.user.as_ref().map(|u| u.id));
    // Bound to the user: a key seen by someone else's browser means nothing.
    let key = tokens::digest(&format!("{}:{key}", user.unwrap_or(0)));
    match claim(&state, &key, user).await {
        Ok(Claim::First) => {
            let response = next.run(request).await;
            let location = (response.status() == StatusCode::SEE_OTHER)
                .then(|| response.headers().get(LOCATION))
                .flatten()
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if let Err(err) = settle(&state, &key, location).await {
                tracing::warn!(%err, "form submission not recorded");
            }
            response
        }
        Ok(Claim::Done(location)) => flash::redirect_with(&location, "flash-already-saved"),
        Ok(Claim::Running) => {
            AppError::Conflict(super::context::current().t("form-already-sent")).into_response()
        }
        Err(err) => {
            // The check is a convenience: without the database it cannot
            // run, and the handler will say what is wrong.
            tracing::warn!(%err, "form submission not checked");
            next.run(request).await
        }
    }
}

enum Claim {
    /// This submission is the first: handle it.
    First,
    /// An earlier one led here.
    Done(String),
    /// An earlier one is still being handled (and did not end in time).
    Running,
}

async fn claim(state: &AppState, key: &str, user: Option<i32>) -> Result<Claim, DbErr> {
    let now = crate::clock::now();
    let row = form_submission::ActiveModel {
        key: Set(key.to_owned()),
        user_id: Set(user),
        location: Set(None),
        created_at: Set(now),
    };
    let inserted = form_submission::Entity::insert(row)
        .on_conflict(
            OnConflict::column(form_submission::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&state.db)
        .await?;
    if inserted == 1 {
        return Ok(Claim::First);
    }
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let found = form_submission::Entity::find_by_id(key.to_owned())
            .one(&state.db)
            .await?;
        match found.and_then(|f| f.location) {
            Some(location) => return Ok(Claim::Done(location)),
            None if tokio::time::Instant::now() >= deadline => return Ok(Claim::Running),
            None => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Remembers where the first submission led, or releases the key when it
/// led nowhere (refused or failed); old keys go.
async fn settle(state: &AppState, key: &str, location: Option<String>) -> Result<(), DbErr> {
    match location {
        Some(location) => {
            form_submission::Entity::update_many()
                .col_expr(
                    form_submission::Column::Location,
                    sea_orm::sea_query::Expr::value(location),
                )
                .filter(form_submission::Column::Key.eq(key))
                .exec(&state.db)
                .await?;
        }
        None => {
            form_submission::Entity::delete_by_id(key.to_owned())
                .exec(&state.db)
                .await?;
        }
    }
    let cutoff = crate::clock::now() - chrono::Duration::hours(KEEP_HOURS);
    form_submission::Entity::delete_many()
        .filter(form_submission::Column::CreatedAt.lt(cutoff))
        .exec(&state.db)
        .await?;
    Ok(())
}
