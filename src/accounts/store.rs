//! Users and invitations.

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, SqlErr,
};

use super::tokens;
use crate::audit;
use crate::entities::{AuditAction, EntityKind, Role, invitation, user};
use crate::values::Email;

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    user::Entity::find().count(db).await
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("email already used")]
    DuplicateEmail,
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct NewUser<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub role: Role,
    /// Argon2id hash; an invited user has none until they choose a password.
    pub password_hash: Option<String>,
    pub actor: Option<i32>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    new: NewUser<'_>,
) -> Result<user::Model, CreateUserError> {
    let now = crate::clock::now();
    let inserted = user::ActiveModel {
        email: Set(new.email.to_string()),
        display_name: Set(new.display_name.trim().to_owned()),
        // An empty hash never verifies: the account cannot log in yet.
        password_hash: Set(new.password_hash.unwrap_or_default()),
        role: Set(new.role),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await;
    let created = match inserted {
        Ok(row) => row,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(CreateUserError::DuplicateEmail);
        }
        Err(err) => return Err(err.into()),
    };
    audit::record(
        db,
        audit::Entry {
            actor: new.actor,
            action: AuditAction::Create,
            entity: EntityKind::User,
            entity_id: created.id,
            label: &created.display_name,
            changes: audit::diff(None, Some(&created)),
        },
    )
    .await?;
    Ok(created)
}

/// Changes role and active flag, if the row is still at `expected_version`.
/// Returns `false` when someone else changed the user meanwhile.
pub async fn update_access(
    db: &impl ConnectionTrait,
    id: i32,
    expected_version: i32,
    role: Role,
    active: bool,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let Some(before) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    if before.version != expected_version {
        return Ok(false);
    }
    let result = user::Entity::update_many()
        .col_expr(user::Column::Role, role.as_str().into())
        .col_expr(user::Column::Active, active.into())
        .col_expr(user::Column::UpdatedAt, crate::clock::now().into())
        .col_expr(user::Column::Version, (expected_version + 1).into())
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(false);
    }
    let after = user::Model {
        role,
        active,
        ..before.clone()
    };
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::User,
            entity_id: id,
            label: &before.display_name,
            changes: audit::diff(Some(&before), Some(&after)),
        },
    )
    .await?;
    Ok(true)
}

/// "My commune": where "around me" starts (see `geo`); `None` clears it.
pub async fn set_commune(
    db: &impl ConnectionTrait,
    id: i32,
    commune_code: Option<&str>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::CommuneCode,
            commune_code.map(str::to_owned).into(),
        )
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_password(
    db: &impl ConnectionTrait,
    id: i32,
    password_hash: String,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, password_hash.into())
        .col_expr(user::Column::UpdatedAt, crate::clock::now().into())
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    super::sessions::changed(db).await
}

pub async fn record_login(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Some(crate::clock::now()).into())
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_locale(db: &impl ConnectionTrait, id: i32, locale: &str) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Some(locale.to_owned()).into())
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    super::sessions::changed(db).await
}

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

/// A one-time link for `user_id` to choose a password; returns the token.
pub async fn invite(
    db: &impl ConnectionTrait,
    user_id: i32,
    invited_by: Option<i32>,
) -> Result<String, DbErr> {
    let token = tokens::random_token();
    let now = crate::clock::now();
    invitation::ActiveModel {
        id: Set(tokens::digest(&token)),
        user_id: Set(user_id),
        invited_by: Set(invited_by),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The user an unused, unexpired invitation token is for.
pub async fn invitation_user(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(invitation::Model, user::Model)>, DbErr> {
    let Some(found) = invitation::Entity::find_by_id(tokens::digest(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if found.used_at.is_some() || found.expires_at <= crate::clock::now() {
        return Ok(None);
    }
    let owner = user::Entity::find_by_id(found.user_id).one(db).await?;
    Ok(owner.filter(|u| u.active).map(|u| (found, u)))
}

pub async fn use_invitation(db: &impl ConnectionTrait, invitation_id: &str) -> Result<bool, DbErr> {
    let result = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Some(crate::clock::now()).into())
        .filter(invitation::Column::Id.eq(invitation_id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The first account, as administrator — `None` when another first visitor
/// got there first (the transaction lets only one through).
pub async fn create_first_admin(
    db: &DatabaseConnection,
    new: NewUser<'_>,
) -> Result<Option<user::Model>, CreateUserError> {
    crate::db::transaction(db, async |txn| {
        if count(txn).await? > 0 {
            return Ok(None);
        }
        create(txn, new).await.map(Some)
    })
    .await
}

/// A new account without a password, and the token of its invitation.
pub async fn create_invited(
    db: &DatabaseConnection,
    new: NewUser<'_>,
) -> Result<(user::Model, String), CreateUserError> {
    let actor = new.actor;
    crate::db::transaction(db, async |txn| {
        let user = create(txn, new).await?;
        let token = invite(txn, user.id, actor).await?;
        Ok((user, token))
    })
    .await
}

/// Uses the invitation and sets the password chosen with it; `false` when
/// the invitation was used meanwhile (then nothing is written).
pub async fn accept_invitation(
    db: &DatabaseConnection,
    invitation_id: &str,
    user_id: i32,
    password_hash: String,
) -> Result<bool, DbErr> {
    crate::db::transaction(db, async |txn| {
        if !use_invitation(txn, invitation_id).await? {
            return Ok(false);
        }
        set_password(txn, user_id, password_hash).await?;
        Ok(true)
    })
    .await
}

/// New role or activity for an account, applied at once: its sessions end.
/// `false` when the account changed meanwhile (nothing written).
pub async fn change_access(
    db: &DatabaseConnection,
    id: i32,
    expected_version: i32,
    role: Role,
    active: bool,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    crate::db::transaction(db, async |txn| {
        if !update_access(txn, id, expected_version, role, active, actor).await? {
            return Ok(false);
        }
        super::sessions::delete_for_user(txn, id).await?;
        Ok(true)
    })
    .await
}
