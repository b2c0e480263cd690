//! The webhook form and its rules, read the same way whether the admin
//! page posts it or the API sends a JSON body ([`register`]).

use sea_orm::{ConnectionTrait, TransactionTrait};

use super::store::{self, NewWebhook};
use crate::entities::webhook;
use crate::values::limits;
use crate::web::forms::{Fields, FormErrors};
use crate::web::{AppResult, Ctx};

/// Webhooks one relais keeps at most: each change queues a delivery per
/// webhook that hears it, inside the change's own transaction.
pub const MAX_WEBHOOKS: u64 = 50;

/// The form as posted (kept to show it again with its errors).
#[derive(Debug, Default)]
pub struct WebhookForm {
    pub url: String,
    pub description: String,
    pub entities: Vec<String>,
}

impl WebhookForm {
    /// Reads an `application/x-www-form-urlencoded` body; `entities` is
    /// repeated, one per ticked box (an event name, or a kind alone from
    /// clients that predate events).
    pub fn parse(body: &[u8]) -> WebhookForm {
        WebhookForm::from_pairs(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The form from its fields, as posted (the API names its own).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> WebhookForm {
        let mut form = WebhookForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "url" => form.url = value,
                "description" => form.description = value,
                "entities" => form.entities.push(value),
                _ => {}
            }
        }
        form
    }

    /// Reads the form: an `http(s)` address that is not private (unless
    /// the configuration allows it), a description, at least one event (or
    /// a kind of record: every event of that kind).
    fn read(&self, ctx: &Ctx, allow_private: bool) -> Result<NewWebhook, FormErrors> {
        let mut f = Fields::new(ctx);
        let url = f.required_text("url", &self.url, limits::URL);
        let description = f.optional_text("description", &self.description, limits::NAME);
        if let Some(url) = &url {
            let web = url.to_ascii_lowercase();
            if crate::web::security::allowed_link(url).is_none()
                || !(web.starts_with("http://") || web.starts_with("https://"))
                || url.contains(char::is_whitespace)
            {
                f.error("url", "webhooks-url-invalid");
            } else if !allow_private && crate::agenda::fetch::names_private_host(url) {
                f.error("url", "webhooks-url-private");
            }
        }
        let entities = super::events::choose(&self.entities);
        if let Some(unknown) = self.entities.iter().find(|e| !super::events::is_known(e)) {
            // Boxes only post known names: this comes from a script.
            let message = ctx.locale.t_args(
                "webhooks-event-unknown",
                &[crate::web::i18n::arg(
                    "event",
                    unknown.chars().take(60).collect::<String>(),
                )],
            );
            f.error_message("entities", message);
        } else if entities.is_empty() {
            f.error("entities", "webhooks-entities-required");
        }
        f.finish()?;
        Ok(NewWebhook {
            url: url.unwrap_or_default(),
            description: description.unwrap_or_default(),
            entities,
        })
    }
}

/// Registers the webhook `form` describes for administrator `admin`, or
/// says which fields are refused (the address also when relais already
/// has [`MAX_WEBHOOKS`]).
pub async fn register(
    db: &(impl ConnectionTrait + TransactionTrait),
    ctx: &Ctx,
    form: &WebhookForm,
    allow_private: bool,
    admin: i32,
) -> AppResult<Result<webhook::Model, FormErrors>> {
    let new = match form.read(ctx, allow_private) {
        Ok(new) => new,
        Err(errors) => return Ok(Err(errors)),
    };
    if store::count(db).await? >= MAX_WEBHOOKS {
        let mut errors = FormErrors::default();
        errors.add(
            "url",
            ctx.locale.t_args(
                "webhooks-too-many",
                &[crate::web::i18n::arg("max", MAX_WEBHOOKS.to_string())],
            ),
        );
        return Ok(Err(errors));
    }
    Ok(Ok(store::create(db, new, admin).await?))
}
