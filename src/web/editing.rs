//! The save flow every editable record shares: the version the form started
//! from, one transaction committed only when the save applied, then the
//! record's page with a "saved" message — or the form again, with what was
//! typed, beside the version someone else saved meanwhile (409), or with its
//! errors (422). Areas render their own forms; the flow is written once.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};

use super::{AppError, AppResult, Ctx, flash};
use crate::app::AppState;
use crate::versioning::Saved;

/// What a store's versioned save returns, seen as "applied or not".
pub trait Outcome {
    fn applied(&self) -> bool;
}

impl Outcome for bool {
    fn applied(&self) -> bool {
        *self
    }
}

impl<T> Outcome for Option<T> {
    fn applied(&self) -> bool {
        self.is_some()
    }
}

impl Outcome for Saved {
    fn applied(&self) -> bool {
        matches!(self, Saved::Applied(_))
    }
}

/// The version the edit form started from (its hidden `version` field).
pub fn expected_version(ctx: &Ctx, text: &str) -> AppResult<i32> {
    text.trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-version-missing")))
}

/// Runs a versioned save in one transaction, committed only when it
/// applied: on a version conflict nothing of it is kept.
pub async fn save_versioned<T: Outcome>(
    db: &DatabaseConnection,
    save: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, DbErr>,
) -> AppResult<T> {
    let txn = db.begin().await?;
    let outcome = save(&txn).await?;
    if outcome.applied() {
        txn.commit().await?;
    } else {
        txn.rollback().await?;
    }
    Ok(outcome)
}

/// After a save: the record's page, saying so; search is told at once.
pub fn saved(state: &AppState, location: &str) -> Response {
    state.search.nudge();
    flash::redirect_with(location, "flash-saved")
}

/// The edit form again beside the version saved meanwhile.
pub fn conflict(page: Markup) -> Response {
    (StatusCode::CONFLICT, page).into_response()
}

/// The form again with its errors and what was typed.
pub fn refused(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}
