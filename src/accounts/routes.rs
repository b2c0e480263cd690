//! Setup, login, logout, invitations and user administration.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::guard::{clear_session_cookie, redirect, session_cookie};
use super::sessions::{self, SESSION_COOKIE};
use super::store::{self, CreateUserError, NewUser};
use super::views::{self, InviteForm, LoginForm, SetupForm};
use super::{password, rate_limit};
use crate::app::AppState;
use crate::entities::Role;
use crate::values::Email;
use crate::web::context::cookie;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes, format};

pub fn routes() -> Routes {
    Routes::new()
        .get("/setup", setup_page)
        .post("/setup", setup)
        .get("/login", login_page)
        .post("/login", login)
        .post("/logout", logout)
        .get("/invitations/{token}", invitation_page)
        .post("/invitations/{token}", accept_invitation)
        .get("/admin/users", users_page)
        .post("/admin/users", invite_user)
        .post("/admin/users/{id}", update_user)
        .get("/account/tokens", tokens_page)
        .post("/account/tokens", create_token)
        .post("/account/tokens/{id}/revoke", revoke_token)
}

/// Only local paths, so `next` cannot send anyone elsewhere.
fn check_new_password(ctx: &Ctx, errors: &mut FormErrors, password: &str, confirm: &str) {
    if !password::is_acceptable(password) {
        errors.add("password", ctx.t("error-password-short"));
    } else if password != confirm {
        errors.add("password_confirm", ctx.t("error-password-mismatch"));
    }
}

async fn hash_password(password: &str) -> AppResult<String> {
    password::hash(password.to_owned())
        .await
        .map_err(AppError::Internal)
}

/// Signs `user_id` in: new session, cookie, and back to `next`.
async fn sign_in(
    state: &AppState,
    headers: &HeaderMap,
    user_id: i32,
    next: &str,
) -> AppResult<Response> {
    let token = sessions::create(&state.db, user_id, state.lifetimes).await?;
    store::record_login(&state.db, user_id).await?;
    let mut response = redirect(next);
    let cookie = session_cookie(&token, state, headers);
    response.headers_mut().append(
        SET_COOKIE,
        cookie
            .parse()
            .map_err(|_| AppError::Internal("cookie".into()))?,
    );
    Ok(response)
}

async fn setup_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if state.has_users().await {
        return Ok(redirect("/login"));
    }
    Ok(views::setup(&ctx, &SetupForm::default(), &FormErrors::default()).into_response())
}

async fn setup(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> AppResult<Response> {
    if state.has_users().await {
        return Ok(redirect("/login"));
    }
    let mut errors = FormErrors::default();
    let email = Email::parse(&form.email)
        .map_err(|key| errors.add("email", ctx.t(key)))
        .ok();
    if form.display_name.trim().is_empty() {
        errors.add("display_name", ctx.t("error-required"));
    }
    check_new_password(&ctx, &mut errors, &form.password, &form.password_confirm);
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::setup(&ctx, &form, &errors),
        )
            .into_response());
    };
    let hash = hash_password(&form.password).await?;
    // Two first visitors at once: the transaction lets only one become admin.
    let created = store::create_first_admin(
        &state.db,
        NewUser {
            email: &email,
            display_name: &form.display_name,
            role: Role::Admin,
            password_hash: Some(hash),
            actor: None,
        },
    )
    .await
    .map_err(|e| match e {
        CreateUserError::Database(db) => AppError::Database(db),
        CreateUserError::DuplicateEmail => AppError::BadRequest(ctx.t("error-email-taken")),
    })?;
    let Some(admin) = created else {
        return Ok(redirect("/login"));
    };
    state.users_exist();
    sign_in(&state, &headers, admin.id, "/").await
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<NextQuery>,
) -> AppResult<Response> {
    if !state.has_users().await {
        return Ok(redirect("/setup"));
    }
    if ctx.user.is_some() {
        return Ok(redirect(&crate::web::security::local_path_or_home(
            query.next.as_deref(),
        )));
    }
    let form = LoginForm {
        next: crate::web::security::local_path_or_home(query.next.as_deref()),
        ..Default::default()
    };
    Ok(views::login(&ctx, &form, None).into_response())
}

async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let refused = |form: LoginForm, status: StatusCode, message: String| {
        let form = LoginForm {
            password: String::new(),
            ..form
        };
        Ok((status, views::login(&ctx, &form, Some(message))).into_response())
    };
    // No address is that long: refused before anything is written.
    if form.email.chars().count() > crate::values::limits::EMAIL {
        return refused(
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t("login-failed"),
        );
    }
    let account_key = rate_limit::account_key(&form.email);
    let client =
        crate::web::security::client_address(peer.ip(), &headers, &state.config.trusted_proxies());
    let address_key = rate_limit::address_key(&client.to_string());
    let attempt = match rate_limit::begin(&state.db, &account_key, &address_key).await? {
        Ok(attempt) => attempt,
        Err(until) => {
            let minutes = (until - crate::clock::now()).num_minutes().max(0) + 1;
            let message = ctx.locale.t_args(
                "login-rate-limited",
                &[
                    crate::web::i18n::arg("time", format::date_time(ctx.locale, until)),
                    crate::web::i18n::arg("minutes", minutes),
                ],
            );
            return refused(form, StatusCode::TOO_MANY_REQUESTS, message);
        }
    };
    let user = match Email::parse(&form.email) {
        Ok(email) => store::find_by_email(&state.db, &email).await?,
        Err(_) => None,
    };
    let stored_hash = user
        .as_ref()
        .filter(|u| u.active && !u.password_hash.is_empty())
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::DUMMY_HASH.to_owned());
    let valid = password::verify(form.password.clone(), stored_hash).await;
    match user.filter(|u| valid && u.active) {
        Some(user) => {
            rate_limit::succeeded(&state.db, attempt, &account_key).await?;
            sign_in(
                &state,
                &headers,
                user.id,
                &crate::web::security::local_path_or_home(Some(&form.next)),
            )
            .await
        }
        None => {
            rate_limit::failed(&state.db, attempt).await?;
            refused(
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.t("login-failed"),
            )
        }
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        sessions::delete(&state.db, token).await?;
    }
    let mut response = redirect("/login");
    response.headers_mut().append(
        SET_COOKIE,
        clear_session_cookie(&state, &headers)
            .parse()
            .map_err(|_| AppError::Internal("cookie".into()))?,
    );
    Ok(response)
}

async fn invitation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Markup> {
    let (_, user) = store::invitation_user(&state.db, &token)
        .await?
        .ok_or_else(|| AppError::BadRequest(ctx.t("invitation-invalid")))?;
    Ok(views::invitation(
        &ctx,
        &token,
        &user,
        &FormErrors::default(),
    ))
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn accept_invitation(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let (invitation, user) = store::invitation_user(&state.db, &token)
        .await?
        .ok_or_else(|| AppError::BadRequest(ctx.t("invitation-invalid")))?;
    let mut errors = FormErrors::default();
    check_new_password(&ctx, &mut errors, &form.password, &form.password_confirm);
    if !errors.is_empty() {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::invitation(&ctx, &token, &user, &errors),
        )
            .into_response());
    }
    let hash = hash_password(&form.password).await?;
    if !store::accept_invitation(&state.db, &invitation.id, user.id, hash).await? {
        return Err(AppError::BadRequest(ctx.t("invitation-invalid")));
    }
    sign_in(&state, &headers, user.id, "/").await
}

async fn users_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    ctx.require_admin()?;
    let users = store::all(&state.db).await?;
    Ok(views::users(
        &ctx,
        &users,
        &InviteForm::default(),
        &FormErrors::default(),
        None,
    ))
}

async fn invite_user(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let mut errors = FormErrors::default();
    let email = Email::parse(&form.email)
        .map_err(|key| errors.add("email", ctx.t(key)))
        .ok();
    if form.display_name.trim().is_empty() {
        errors.add("display_name", ctx.t("error-required"));
    }
    let role = form
        .role
        .parse::<Role>()
        .map_err(|_| errors.add("role", ctx.t("error-choice-invalid")))
        .ok();
    let (Some(email), Some(role)) = (email, role) else {
        let users = store::all(&state.db).await?;
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::users(&ctx, &users, &form, &errors, None),
        )
            .into_response());
    };
    let created = store::create_invited(
        &state.db,
        NewUser {
            email: &email,
            display_name: &form.display_name,
            role,
            password_hash: None,
            actor: Some(admin),
        },
    )
    .await;
    let (user, token) = match created {
        Ok(created) => created,
        Err(CreateUserError::DuplicateEmail) => {
            errors.add("email", ctx.t("error-email-taken"));
            let users = store::all(&state.db).await?;
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::users(&ctx, &users, &form, &errors, None),
            )
                .into_response());
        }
        Err(CreateUserError::Database(err)) => return Err(err.into()),
    };
    let link = invitation_link(&state, &headers, &token);
    let users = store::all(&state.db).await?;
    Ok(views::users(
        &ctx,
        &users,
        &InviteForm::default(),
        &FormErrors::default(),
        Some((&user.display_name, &link)),
    )
    .into_response())
}

fn invitation_link(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    format!("{}/invitations/{token}", state.base_url(headers))
}

#[derive(Deserialize)]
struct AccessForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    version: i32,
}

async fn update_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<AccessForm>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let role = form
        .role
        .parse::<Role>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    let active = form.active.is_some();
    if id == admin && (role != Role::Admin || !active) {
        return Err(AppError::BadRequest(ctx.t("users-cannot-demote-self")));
    }
    // New rights apply at once: the user signs in again.
    if !store::change_access(&state.db, id, form.version, role, active, Some(admin)).await? {
        return Err(AppError::Conflict(ctx.t("users-changed-meanwhile")));
    }
    Ok(redirect("/admin/users"))
}

/// The signed-in user's API tokens (see `crate::api::tokens`).
async fn tokens_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let user = ctx.user()?;
    let tokens = crate::api::tokens::of_user(&state.db, user.id).await?;
    Ok(views::tokens(
        &ctx,
        &tokens,
        &TokenForm::default(),
        &FormErrors::default(),
        None,
    ))
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct TokenForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub can_write: Option<String>,
    #[serde(default)]
    pub expires_days: String,
}

/// Creates a token and shows it, once; only a viewer's is always read-only.
async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    let user_id = ctx.user()?.id;
    let mut f = crate::web::forms::Fields::new(&ctx);
    let name = f.required_text("name", &form.name, crate::values::limits::NAME);
    let expires = f.optional_number(
        "expires_days",
        &form.expires_days,
        1..=3650,
        "tokens-expires-invalid",
    );
    let checked = f.finish();
    let (Ok(()), Some(name)) = (&checked, name) else {
        let errors = checked.err().unwrap_or_default();
        let tokens = crate::api::tokens::of_user(&state.db, user_id).await?;
        let page = views::tokens(&ctx, &tokens, &form, &errors, None);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let new = crate::api::tokens::NewToken {
        name,
        can_write: form.can_write.is_some() && ctx.can_write(),
        expires_in_days: expires.map(i64::from),
    };
    let (token, secret) = crate::api::tokens::create(&state.db, user_id, &new).await?;
    let tokens = crate::api::tokens::of_user(&state.db, user_id).await?;
    let page = views::tokens(
        &ctx,
        &tokens,
        &TokenForm::default(),
        &FormErrors::default(),
        Some((&token.name, &secret)),
    );
    Ok(page.into_response())
}

async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let user_id = ctx.user()?.id;
    if !crate::api::tokens::revoke(&state.db, user_id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(crate::web::flash::redirect_with(
        "/account/tokens",
        "flash-saved",
    ))
}
