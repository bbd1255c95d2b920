//! Service tokens: long-lived, revocable, opaque credentials for reporting tools.
//!
//! A token is `pgs_` and 32 random bytes in base64url (47 characters), shown once at creation. Only its
//! SHA-256 is stored, so a copy of the database holds no usable token. The lookup goes through the
//! unique index on that hash: what its timing could reveal is about the hash of a guess, which says
//! nothing about any real token; the hashes are then compared in constant time all the same.

use std::fmt;

use base64::Engine as _;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use entities::{partners, service_tokens};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{AuthError, Caller, Role, refused, stored_role};

/// The start of every service token; what tells one from a JWT.
pub const PREFIX: &str = "pgs_";

/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;

/// Characters of a token: the prefix and 32 bytes in unpadded base64url.
const TOKEN_CHARS: usize = 4 + 43;

/// The longest token name.
pub const MAX_NAME_CHARS: usize = 100;

/// How stale `last_used_at` may get before a use writes it again.
const LAST_USED_RESOLUTION_SECS: i64 = 60;

/// A token just created: the only time its text exists. `Debug` does not show it.
#[derive(Clone)]
pub struct NewServiceToken {
    /// The row's id.
    pub id: i64,
    /// The token's name.
    pub name: String,
    /// The token itself, `pgs_…`: show it once, store it nowhere.
    pub token: String,
}

impl fmt::Debug for NewServiceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewServiceToken")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("token", &"***")
            .finish()
    }
}

/// What is known about a service token (never its text or hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceToken {
    /// The row's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The partner of a partner-scoped token: database id and PartnerID.
    pub partner: Option<(i64, String)>,
    /// The user who created it, when created through the API.
    pub created_by_user_id: Option<i64>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last used, to the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it stops working by itself.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Creates a token and returns its text, which is never stored. `PARTNER_ADMIN` needs a partner, the
/// other roles must have none; a name in use by an active token is a `Conflict`.
pub async fn create_service_token(
    db: &DatabaseConnection,
    name: &str,
    role: Role,
    partner_id_text: Option<&str>,
    expires_at: Option<DateTime<Utc>>,
    created_by_user_id: Option<i64>,
) -> Result<NewServiceToken, AuthError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(AuthError::BadInput(format!(
            "a token name has 1 to {MAX_NAME_CHARS} printable characters"
        )));
    }
    let now = Utc::now();
    if expires_at.is_some_and(|e| e <= now) {
        return Err(AuthError::BadInput(
            "the expiry must be in the future".into(),
        ));
    }
    let partner = super::users::partner_for_role(db, role, partner_id_text).await?;
    if active_by_name(db, name).await?.is_some() {
        return Err(name_taken());
    }
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let row = service_tokens::ActiveModel {
        name: Set(name.to_owned()),
        token_hash: Set(hash_hex(&token)),
        role: Set(role.as_str().to_owned()),
        partner_id: Set(partner.as_ref().map(|p| p.id)),
        created_by_user_id: Set(created_by_user_id),
        created_at: Set(now),
        last_used_at: Set(None),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    };
    let inserted = row.insert(db).await.map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => name_taken(),
        _ => AuthError::from(e),
    })?;
    tracing::info!(service_token_id = inserted.id, role = %role, "service token created");
    Ok(NewServiceToken {
        id: inserted.id,
        name: inserted.name,
        token,
    })
}

/// Every service token, revoked ones included, oldest first.
pub async fn list_service_tokens(db: &DatabaseConnection) -> Result<Vec<ServiceToken>, AuthError> {
    let rows = service_tokens::Entity::find()
        .find_also_related(partners::Entity)
        .order_by_asc(service_tokens::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, p)| {
            Some(ServiceToken {
                id: t.id,
                role: stored_role(&t.role)?,
                name: t.name,
                partner: p.map(|p| (p.id, p.partner_id)),
                created_by_user_id: t.created_by_user_id,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                expires_at: t.expires_at,
                revoked_at: t.revoked_at,
            })
        })
        .collect())
}

/// Revokes the active token of this name; it is refused from the next request on.
pub async fn revoke_service_token(db: &DatabaseConnection, name: &str) -> Result<(), AuthError> {
    let result = service_tokens::Entity::update_many()
        .col_expr(service_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(service_tokens::Column::Name.eq(name.trim()))
        .filter(service_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AuthError::BadInput(format!(
            "no active service token named {:?}",
            name.trim()
        )));
    }
    tracing::info!(name = name.trim(), "service token revoked");
    Ok(())
}

/// The caller behind a `pgs_…` token; a malformed, unknown, revoked or expired token is
/// `Unauthenticated`. Records the use, at most once a minute.
pub async fn authenticate_service_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Caller, AuthError> {
    Ok(check_service_token(db, token).await?.0)
}

/// [`authenticate_service_token`], with the token's expiry (for how long its caller may be reused).
pub(crate) async fn check_service_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<(Caller, Option<chrono::DateTime<Utc>>), AuthError> {
    if !well_formed(token) {
        return Err(refused("malformed service token"));
    }
    let hash = hash_hex(token);
    let Some((row, partner)) = service_tokens::Entity::find()
        .filter(service_tokens::Column::TokenHash.eq(hash.as_str()))
        .find_also_related(partners::Entity)
        .one(db)
        .await?
    else {
        return Err(refused("unknown service token"));
    };
    if !bool::from(row.token_hash.as_bytes().ct_eq(hash.as_bytes())) {
        return Err(refused("unknown service token"));
    }
    let now = Utc::now();
    if row.revoked_at.is_some() {
        return Err(refused("revoked service token"));
    }
    if row.expires_at.is_some_and(|e| e <= now) {
        return Err(refused("expired service token"));
    }
    let Some(role) = stored_role(&row.role) else {
        return Err(refused("service token with an unknown role"));
    };
    let partner = partner.map(|p| (p.id, p.partner_id));
    if (role == Role::PartnerAdmin) != partner.is_some() {
        return Err(refused("service token whose partner does not fit its role"));
    }
    if row
        .last_used_at
        .is_none_or(|t| now - t >= ChronoDuration::seconds(LAST_USED_RESOLUTION_SECS))
    {
        // Best effort: a failed bookkeeping write must not refuse a valid token.
        if let Err(e) = service_tokens::Entity::update_many()
            .col_expr(service_tokens::Column::LastUsedAt, Expr::value(now))
            .filter(service_tokens::Column::Id.eq(row.id))
            .exec(db)
            .await
        {
            tracing::warn!(error = %e, service_token_id = row.id, "cannot record a service token's use");
        }
    }
    let caller = Caller {
        user_id: None,
        service_token_id: Some(row.id),
        label: format!("token:{}", row.name),
        role: Some(role),
        partner,
    };
    Ok((caller, row.expires_at))
}

/// Whether `token` has the exact shape of a service token (checked before any hashing or query).
fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_CHARS
        && token.starts_with(PREFIX)
        && token[PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The stored form of a token: lowercase hex SHA-256.
pub(crate) fn hash_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn active_by_name(
    db: &DatabaseConnection,
    name: &str,
) -> Result<Option<service_tokens::Model>, AuthError> {
    Ok(service_tokens::Entity::find()
        .filter(service_tokens::Column::Name.eq(name))
        .filter(service_tokens::Column::RevokedAt.is_null())
        .one(db)
        .await?)
}

fn name_taken() -> AuthError {
    AuthError::Conflict("an active service token already has this name".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_the_prefix_and_43_base64url_characters() {
        let good = format!("{PREFIX}{}", "A".repeat(43));
        assert!(well_formed(&good));
        assert!(!well_formed(&format!("{PREFIX}{}", "A".repeat(42))));
        assert!(!well_formed(&format!("{PREFIX}{}=", "A".repeat(42))));
        assert!(!well_formed(&format!("pgx_{}", "A".repeat(43))));
        assert!(!well_formed(&format!("{PREFIX}{}+", "A".repeat(42))));
        assert!(!well_formed(&format!("{PREFIX}{}é", "A".repeat(41))));
    }

    #[test]
    fn the_stored_hash_is_the_lowercase_hex_sha256_of_the_whole_token() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            hash_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_new_tokens_debug_output_hides_the_token() {
        let t = NewServiceToken {
            id: 1,
            name: "bi".into(),
            token: format!("{PREFIX}{}", "A".repeat(43)),
        };
        assert!(!format!("{t:?}").contains("AAAA"));
    }
}
