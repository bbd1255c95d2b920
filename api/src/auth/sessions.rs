//! Browser sign-in sessions: the admin UI's refresh tokens.
//!
//! A refresh token is `pgr_` and 32 random bytes in base64url, sent only in an HttpOnly cookie and
//! stored only as its SHA-256. Every refresh rotates it; the token it replaced is still taken for
//! [`ROTATION_GRACE_SECS`] (two tabs refreshing at once send the same cookie), and presented after
//! that it means someone kept a copy: the whole session is revoked. A session ends after
//! `idle_secs` unused, after `max_secs` in any case, on sign-out, and when its user changes (a
//! password reset, a role change or disabling bumps the user's version).

use std::fmt;

use base64::Engine as _;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use entities::user_sessions;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, Set,
};

use super::service_tokens::hash_hex;
use super::{AuthError, refused};
use crate::config::SessionSettings;

/// The start of every refresh token.
pub const PREFIX: &str = "pgr_";

/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;

/// Characters of a token: the prefix and 32 bytes in unpadded base64url.
const TOKEN_CHARS: usize = 4 + 43;

/// Seconds the token a refresh replaced is still taken, without being rotated again.
pub const ROTATION_GRACE_SECS: i64 = 30;

/// How long after its end a session row is deleted.
const KEEP_ENDED_DAYS: i64 = 1;

/// A refresh token just issued: the only time its text exists. `Debug` does not show it.
#[derive(Clone)]
pub struct IssuedToken {
    /// The token, for the cookie.
    pub token: String,
    /// When the session ends at the latest, used or not.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("token", &"***")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A session a refresh token was taken for.
#[derive(Debug, Clone)]
pub struct Refreshed {
    /// The signed-in user.
    pub user_id: i64,
    /// The user's version at sign-in: a token is issued only while the user still has it.
    pub user_version: i32,
    /// The token that replaces the one presented; `None` when the presented one was replaced a
    /// moment ago by another request (whose answer carries the current token).
    pub rotated: Option<IssuedToken>,
}

fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_CHARS
        && token.starts_with(PREFIX)
        && token[PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn seconds(secs: u64) -> ChronoDuration {
    ChronoDuration::seconds(i64::try_from(secs).unwrap_or(i64::MAX / 1000))
}

/// Begins a session for a user just signed in and returns its first refresh token. Sessions that
/// ended more than a day ago are deleted on the way.
pub async fn begin(
    db: &DatabaseConnection,
    settings: &SessionSettings,
    user_id: i64,
    user_version: i32,
) -> Result<IssuedToken, AuthError> {
    let now = Utc::now();
    prune(db, now).await?;
    let token = new_token();
    let expires_at = now + seconds(settings.max_secs);
    user_sessions::ActiveModel {
        user_id: Set(user_id),
        user_version: Set(user_version),
        token_hash: Set(hash_hex(&token)),
        previous_hash: Set(None),
        rotated_at: Set(None),
        created_at: Set(now),
        last_used_at: Set(now),
        idle_expires_at: Set((now + seconds(settings.idle_secs)).min(expires_at)),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(user_id, "session begun");
    Ok(IssuedToken { token, expires_at })
}

/// Takes a refresh token: rotates it and returns the session's user, or `Unauthenticated` for a
/// malformed, unknown, ended or revoked token. A replaced token presented after the grace period
/// revokes its session.
pub async fn refresh(
    db: &DatabaseConnection,
    settings: &SessionSettings,
    token: &str,
) -> Result<Refreshed, AuthError> {
    if !well_formed(token) {
        return Err(refused("malformed refresh token"));
    }
    let hash = hash_hex(token);
    let now = Utc::now();
    let Some(session) = user_sessions::Entity::find()
        .filter(
            Condition::any()
                .add(user_sessions::Column::TokenHash.eq(hash.as_str()))
                .add(user_sessions::Column::PreviousHash.eq(hash.as_str())),
        )
        .one(db)
        .await?
    else {
        return Err(refused("unknown refresh token"));
    };
    if session.revoked_at.is_some() {
        return Err(refused("refresh token of a revoked session"));
    }
    if session.expires_at <= now || session.idle_expires_at <= now {
        return Err(refused("refresh token of an ended session"));
    }
    if session.token_hash != hash {
        return replaced(db, &session, now).await;
    }
    let next = new_token();
    let idle_expires_at = (now + seconds(settings.idle_secs)).min(session.expires_at);
    // Only the request that still sees the presented token as current rotates it; one that lost the
    // race to another tab takes the grace path.
    let result = user_sessions::Entity::update_many()
        .col_expr(
            user_sessions::Column::TokenHash,
            Expr::value(hash_hex(&next)),
        )
        .col_expr(
            user_sessions::Column::PreviousHash,
            Expr::value(hash.clone()),
        )
        .col_expr(user_sessions::Column::RotatedAt, Expr::value(now))
        .col_expr(user_sessions::Column::LastUsedAt, Expr::value(now))
        .col_expr(
            user_sessions::Column::IdleExpiresAt,
            Expr::value(idle_expires_at),
        )
        .filter(user_sessions::Column::Id.eq(session.id))
        .filter(user_sessions::Column::TokenHash.eq(hash.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(Refreshed {
            user_id: session.user_id,
            user_version: session.user_version,
            rotated: None,
        });
    }
    Ok(Refreshed {
        user_id: session.user_id,
        user_version: session.user_version,
        rotated: Some(IssuedToken {
            token: next,
            expires_at: session.expires_at,
        }),
    })
}

/// A token that a refresh already replaced: taken within the grace period, otherwise a replay that
/// revokes the session.
async fn replaced(
    db: &DatabaseConnection,
    session: &user_sessions::Model,
    now: DateTime<Utc>,
) -> Result<Refreshed, AuthError> {
    let fresh = session
        .rotated_at
        .is_some_and(|at| now - at <= ChronoDuration::seconds(ROTATION_GRACE_SECS));
    if fresh {
        return Ok(Refreshed {
            user_id: session.user_id,
            user_version: session.user_version,
            rotated: None,
        });
    }
    revoke_by_id(db, session.id, now).await?;
    tracing::warn!(
        user_id = session.user_id,
        session_id = session.id,
        "a replaced refresh token was presented again: the session is revoked"
    );
    Err(AuthError::Unauthenticated)
}

/// Ends the session of a refresh token (current or just replaced); an unknown token does nothing.
pub async fn end(db: &DatabaseConnection, token: &str) -> Result<(), AuthError> {
    if !well_formed(token) {
        return Ok(());
    }
    let hash = hash_hex(token);
    let result = user_sessions::Entity::update_many()
        .col_expr(user_sessions::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(
            Condition::any()
                .add(user_sessions::Column::TokenHash.eq(hash.as_str()))
                .add(user_sessions::Column::PreviousHash.eq(hash.as_str())),
        )
        .filter(user_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected > 0 {
        tracing::info!("session ended by sign-out");
    }
    Ok(())
}

async fn revoke_by_id(
    db: &DatabaseConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AuthError> {
    user_sessions::Entity::update_many()
        .col_expr(user_sessions::Column::RevokedAt, Expr::value(now))
        .filter(user_sessions::Column::Id.eq(id))
        .filter(user_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes sessions that ended (expired, idle or revoked) more than a day ago.
async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), AuthError> {
    let before = now - ChronoDuration::days(KEEP_ENDED_DAYS);
    user_sessions::Entity::delete_many()
        .filter(
            Condition::any()
                .add(user_sessions::Column::ExpiresAt.lt(before))
                .add(user_sessions::Column::IdleExpiresAt.lt(before))
                .add(user_sessions::Column::RevokedAt.lt(before)),
        )
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_is_well_formed_and_unique() {
        let a = new_token();
        let b = new_token();
        assert!(well_formed(&a), "{a}");
        assert_ne!(a, b);
        assert!(!well_formed("pgs_abc"));
        assert!(!well_formed(&format!("{}!", &a[..a.len() - 1])));
    }
}
