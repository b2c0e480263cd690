//! Pages of the accounts area.

use maud::{Markup, html};
use serde::Deserialize;

use super::routes::TokenForm;
use crate::entities::{Role, api_token, user};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select};
use crate::web::{Ctx, format, layout};

#[derive(Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
}

fn password_fields(ctx: &Ctx, errors: &FormErrors) -> Markup {
    let hint = ctx.locale.t_args(
        "password-hint",
        &[crate::web::i18n::arg("min", super::password::MIN_LENGTH)],
    );
    html! {
        (input(Field::new("password", ctx.t("field-password"), "").kind("password").required().hint(hint), errors))
        (input(Field::new("password_confirm", ctx.t("field-password-confirm"), "").kind("password").required(), errors))
    }
}

pub fn setup(ctx: &Ctx, form: &SetupForm, errors: &FormErrors) -> Markup {
    let title = ctx.t("setup-title");
    let body = html! {
        article {
            h1 { (title) }
            p { (ctx.t("setup-intro")) }
            (error_summary(ctx, errors))
            form method="post" action="/setup" {
                (csrf_field(ctx))
                (input(Field::new("display_name", ctx.t("field-display-name"), &form.display_name).required(), errors))
                (input(Field::new("email", ctx.t("field-email"), &form.email).kind("email").required(), errors))
                (password_fields(ctx, errors))
                button type="submit" { (ctx.t("setup-submit")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn login(ctx: &Ctx, form: &LoginForm, message: Option<String>) -> Markup {
    let title = ctx.t("login-title");
    let errors = FormErrors::default();
    let body = html! {
        article class="narrow" {
            h1 { (title) }
            @if let Some(message) = message {
                p role="alert" class="field-error" { (message) }
            }
            form method="post" action="/login" {
                (csrf_field(ctx))
                input type="hidden" name="next" value=(form.next);
                (input(Field::new("email", ctx.t("field-email"), &form.email).kind("email").required(), &errors))
                (input(Field::new("password", ctx.t("field-password"), "").kind("password").required(), &errors))
                button type="submit" { (ctx.t("login-submit")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn invitation(ctx: &Ctx, token: &str, user: &user::Model, errors: &FormErrors) -> Markup {
    let title = ctx.t("invitation-title");
    let body = html! {
        article class="narrow" {
            h1 { (title) }
            p { (ctx.locale.t_args("invitation-intro", &[crate::web::i18n::arg("name", user.display_name.clone()), crate::web::i18n::arg("email", user.email.clone())])) }
            (error_summary(ctx, errors))
            form method="post" action={ "/invitations/" (token) } {
                (csrf_field(ctx))
                (password_fields(ctx, errors))
                button type="submit" { (ctx.t("invitation-submit")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

fn role_options(ctx: &Ctx) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), ctx.t(&r.label_key())))
        .collect()
}

pub fn users(
    ctx: &Ctx,
    users: &[user::Model],
    form: &InviteForm,
    errors: &FormErrors,
    invited: Option<(&str, &str)>,
) -> Markup {
    let title = ctx.t("users-title");
    let roles = role_options(ctx);
    let selected_role = if form.role.is_empty() {
        Role::Volunteer.as_str()
    } else {
        form.role.as_str()
    };
    let body = html! {
        h1 { (title) }
        @if let Some((name, link)) = invited {
            div role="status" class="flash" {
                p { (ctx.locale.t_args("users-invited", &[crate::web::i18n::arg("name", name.to_owned())])) }
                p { code class="invitation-link" { (link) } }
            }
        }
        table class="striped" {
            thead { tr {
                th scope="col" { (ctx.t("field-display-name")) }
                th scope="col" { (ctx.t("field-email")) }
                th scope="col" { (ctx.t("users-last-login")) }
                th scope="col" { (ctx.t("users-access")) }
            } }
            tbody {
                @for u in users {
                    tr {
                        td { (u.display_name) }
                        td { (u.email) }
                        td {
                            @match u.last_login_at {
                                Some(at) => (format::date_time(ctx.locale, at)),
                                None => span class="muted" { (ctx.t("users-never")) },
                            }
                        }
                        td {
                            form method="post" action={ "/admin/users/" (u.id) } class="inline-form" {
                                (csrf_field(ctx))
                                input type="hidden" name="version" value=(u.version);
                                label for={ "role-" (u.id) } class="visually-hidden" { (ctx.t("field-role")) }
                                select id={ "role-" (u.id) } name="role" {
                                    @for (value, label) in &roles {
                                        option value=(value) selected[value == u.role.as_str()] { (label) }
                                    }
                                }
                                label for={ "active-" (u.id) } {
                                    input type="checkbox" id={ "active-" (u.id) } name="active" value="on" checked[u.active];
                                    (ctx.t("users-active"))
                                }
                                button type="submit" class="secondary" { (ctx.t("save")) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="invite-title" {
            h2 id="invite-title" { (ctx.t("users-invite")) }
            p { (ctx.t("users-invite-intro")) }
            (error_summary(ctx, errors))
            form method="post" action="/admin/users" {
                (csrf_field(ctx))
                div class="grid" {
                    (input(Field::new("display_name", ctx.t("field-display-name"), &form.display_name).required(), errors))
                    (input(Field::new("email", ctx.t("field-email"), &form.email).kind("email").required(), errors))
                    (select(Field::new("role", ctx.t("field-role"), selected_role).required(), &roles, errors))
                }
                button type="submit" { (ctx.t("users-invite-submit")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// The user's API tokens: the one just created (shown once), the list with
/// last use, and the form to create another.
pub fn tokens(
    ctx: &Ctx,
    tokens: &[api_token::Model],
    form: &TokenForm,
    errors: &FormErrors,
    created: Option<(&str, &str)>,
) -> Markup {
    let title = ctx.t("tokens-title");
    let now = crate::clock::now();
    let body = html! {
        h1 { (title) }
        p { (ctx.t("tokens-intro")) }
        @if let Some((name, secret)) = created {
            div role="status" class="flash" {
                p { (ctx.locale.t_args("tokens-created", &[crate::web::i18n::arg("name", name.to_owned())])) }
                p { code class="api-token" { (secret) } }
            }
        }
        @if tokens.is_empty() {
            p class="muted" { (ctx.t("tokens-none")) }
        } @else {
            table class="striped" {
                thead { tr {
                    th scope="col" { (ctx.t("tokens-name")) }
                    th scope="col" { (ctx.t("tokens-access")) }
                    th scope="col" { (ctx.t("tokens-last-used")) }
                    th scope="col" { (ctx.t("tokens-expires")) }
                    th scope="col" { span class="visually-hidden" { (ctx.t("tokens-revoke")) } }
                } }
                tbody {
                    @for t in tokens {
                        tr {
                            td { (t.name) }
                            td { (ctx.t(if t.can_write { "tokens-read-write" } else { "tokens-read-only" })) }
                            td {
                                @match t.last_used_at {
                                    Some(at) => (format::date_time(ctx.locale, at)),
                                    None => span class="muted" { (ctx.t("tokens-never")) },
                                }
                            }
                            td {
                                @match t.expires_at {
                                    Some(at) => (format::date_time(ctx.locale, at)),
                                    None => span class="muted" { (ctx.t("tokens-never")) },
                                }
                            }
                            td {
                                @if t.revoked_at.is_some() {
                                    (ctx.t("tokens-revoked"))
                                } @else if !crate::api::tokens::is_live(t, now) {
                                    (ctx.t("tokens-expired"))
                                } @else {
                                    form method="post" action={ "/account/tokens/" (t.id) "/revoke" } class="inline-form" {
                                        (csrf_field(ctx))
                                        button type="submit" class="secondary" { (ctx.t("tokens-revoke")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="new-token-title" {
            h2 id="new-token-title" { (ctx.t("tokens-create")) }
            (error_summary(ctx, errors))
            form method="post" action="/account/tokens" {
                (csrf_field(ctx))
                (input(Field::new("name", ctx.t("tokens-name"), &form.name).required(), errors))
                (input(Field::new("expires_days", ctx.t("tokens-expires-days"), &form.expires_days).kind("number"), errors))
                @if ctx.can_write() {
                    (crate::web::forms::checkbox("can_write", ctx.t("tokens-can-write"), form.can_write.is_some()))
                }
                button type="submit" { (ctx.t("tokens-create")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}
