//! `user_sessions`: A browser sign-in session: the hash of its current refresh token and of the one
//! it replaced.

use sea_orm::entity::prelude::*;

/// A browser sign-in session: the hash of its current refresh token and of the one it replaced.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub user_version: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    #[sea_orm(unique)]
    pub previous_hash: Option<String>,
    pub rotated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub last_used_at: DateTimeUtc,
    pub idle_expires_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The signed-in `users` row.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
