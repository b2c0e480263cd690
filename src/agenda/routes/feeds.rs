//! Feeds out and in: `/events.ics` (the signed-in user's, or a personal
//! feed token's) and the token page; followed feeds (added, read now,
//! unfollowed).

use std::collections::HashMap;

use axum::extract::{Form, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::parse_query;
use crate::accounts::guard::redirect;
use crate::agenda::fetch::Reach;
use crate::agenda::form::FeedForm;
use crate::agenda::{feed, subscriptions, views};
use crate::app::AppState;
use crate::web::editing;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx};

/// `GET /events.ics`: the signed-in user's, or a feed token's.
pub(super) async fn ics_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = parse_query(&ctx, &pairs)?;
    if ctx.user.is_none() {
        let known = match &q.token {
            Some(token) => feed::user_for_token(&state.db, token).await?.is_some(),
            None => false,
        };
        if !known {
            return Ok((
                StatusCode::FORBIDDEN,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                ctx.t("agenda-error-token"),
            )
                .into_response());
        }
    }
    let host = feed::uid_domain(state.config.public_url.as_deref());
    let base_url = state.base_url(&headers);
    let rendered = feed::serve(&state.db, &state.feeds, &q.filter, host, &base_url).await?;
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == rendered.etag));
    let cache_headers = [
        (ETAG, rendered.etag.clone()),
        (CACHE_CONTROL, "private, max-age=300".to_owned()),
    ];
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache_headers).into_response());
    }
    Ok((
        cache_headers,
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CONTENT_DISPOSITION, "inline; filename=\"relais.ics\""),
        ],
        rendered.body,
    )
        .into_response())
}

pub(super) async fn token_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let user = ctx.user()?;
    let has_token = feed::has_token(&state.db, user.id).await?;
    Ok(views::feeds::token_page(&ctx, None, has_token))
}

pub(super) async fn regenerate_token(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Markup> {
    let user = ctx.user()?;
    let token = feed::regenerate_token(&state.db, user.id).await?;
    let url = format!("{}/events.ics?token={token}", state.base_url(&headers));
    Ok(views::feeds::token_page(&ctx, Some(&url), true))
}

pub(super) async fn followed_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let followed = subscriptions::list(&state.db).await?;
    Ok(views::feeds::followed_page(
        &ctx,
        &followed,
        &FeedForm::default(),
        &FormErrors::default(),
    ))
}

pub(super) async fn follow(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let form = FeedForm::from_fields(&fields);
    let new = match form
        .parse(&ctx, &state.db, Reach::of(&state.config))
        .await?
    {
        Ok(new) => new,
        Err(errors) => {
            let followed = subscriptions::list(&state.db).await?;
            let page = views::feeds::followed_page(&ctx, &followed, &form, &errors);
            return Ok(editing::refused(page));
        }
    };
    subscriptions::follow(&state.db, &new, ctx.actor_id()).await?;
    Ok(redirect("/agenda/feeds"))
}

pub(super) async fn refresh(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let feed = subscriptions::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The outcome is recorded on the feed and shown by the list.
    let _ = subscriptions::refresh(&state.db, &feed, Reach::of(&state.config)).await;
    state.search.nudge();
    Ok(redirect("/agenda/feeds"))
}

pub(super) async fn unfollow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    subscriptions::unfollow(&state.db, id, ctx.actor_id()).await?;
    Ok(redirect("/agenda/feeds"))
}
