//! User accounts as administrators list them: how many, a page by email, one by email. Never the
//! password hash. Creating, disabling and signing in are `auth::users`.

use chrono::{DateTime, Utc};
use entities::{partners, users};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::Email;
use crate::error::AppError;

/// A user account as listed to administrators (never the password hash).
#[derive(Debug, Clone)]
pub struct UserRow {
    /// Database id.
    pub id: i64,
    /// Email.
    pub email: String,
    /// Stored role name.
    pub role: String,
    /// The PartnerID of a partner admin.
    pub partner_code: Option<String>,
    /// Whether it is disabled.
    pub disabled: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl UserRow {
    fn of((u, p): (users::Model, Option<partners::Model>)) -> Self {
        UserRow {
            id: u.id,
            email: u.email,
            role: u.role,
            partner_code: p.map(|p| p.partner_id),
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

/// How many user accounts exist.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(users::Entity::find().count(db).await?)
}

/// One page of user accounts by email, after the account with email `after`; and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    after: Option<&str>,
    limit: u64,
) -> Result<(Vec<UserRow>, bool), AppError> {
    let mut q = users::Entity::find().find_also_related(partners::Entity);
    if let Some(email) = after {
        q = q.filter(users::Column::Email.gt(email));
    }
    let mut rows = q
        .order_by_asc(users::Column::Email)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows.into_iter().map(UserRow::of).collect(), more))
}

/// One user account by email (normalized).
pub async fn by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<UserRow>, AppError> {
    Ok(users::Entity::find()
        .find_also_related(partners::Entity)
        .filter(users::Column::Email.eq(Email::normalize(email)))
        .one(db)
        .await?
        .map(UserRow::of))
}
