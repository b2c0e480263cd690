//! Saved views in the database.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::entities::saved_view;

/// The views `user` may use: their own and those shared, by list then name.
pub async fn visible_to(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<Vec<saved_view::Model>, DbErr> {
    saved_view::Entity::find()
        .filter(
            Condition::any()
                .add(saved_view::Column::UserId.eq(user))
                .add(saved_view::Column::Shared.eq(true)),
        )
        .order_by_asc(saved_view::Column::Path)
        .order_by_asc(saved_view::Column::Name)
        .all(db)
        .await
}

/// One view, if `user` may use it.
pub async fn get_visible(
    db: &impl ConnectionTrait,
    id: i32,
    user: i32,
) -> Result<Option<saved_view::Model>, DbErr> {
    Ok(saved_view::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|v| v.shared || v.user_id == user))
}

pub struct NewView {
    pub name: String,
    pub path: String,
    pub query: String,
    pub shared: bool,
}

pub async fn create(db: &impl ConnectionTrait, user: i32, view: NewView) -> Result<i32, DbErr> {
    let now = crate::clock::now();
    let saved = saved_view::ActiveModel {
        user_id: Set(user),
        name: Set(view.name),
        path: Set(view.path),
        query: Set(view.query),
        shared: Set(view.shared),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(saved.id)
}

/// Deletes a view of `user`'s own; false when there is none.
pub async fn delete_own(db: &impl ConnectionTrait, id: i32, user: i32) -> Result<bool, DbErr> {
    let deleted = saved_view::Entity::delete_many()
        .filter(saved_view::Column::Id.eq(id))
        .filter(saved_view::Column::UserId.eq(user))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected == 1)
}
