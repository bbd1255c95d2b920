//! Authentication: who is calling, and what their role lets them touch.
//!
//! - [`password`]: argon2id hashing and a verification that costs the same whether the user exists.
//! - [`secret`]: the HS256 signing secret: strength check, and the generated file of the SQLite default.
//! - [`callers`]: callers checked in the last second, so busy clients skip the database lookup.
//! - [`jwt`]: short-lived access tokens (HS256 pinned, every spec claim required).
//! - [`service_tokens`]: long-lived, revocable opaque tokens for reporting tools (`pgs_…`).
//! - [`users`]: creating, disabling and re-keying users, and logging in.
//! - [`sessions`]: the admin UI's browser sessions: rotating refresh tokens kept as hashes.
//! - [`limiter`]: the limit on failed logins per account and per client address (its rules), shared
//!   by every replica through [`login_failures`] (its table).
//! - [`policy`]: who may do what: the roles of each class of operation, the partners a caller reads
//!   and writes, the professionals it may edit.
//!
//! [`authenticate`] turns an `Authorization` header into a [`Caller`]. Every failure is one error kind,
//! [`AuthError::Unauthenticated`]; the reason is logged at debug level, never sent.

pub mod callers;
pub mod jwt;
pub mod limiter;
pub mod login_failures;
pub mod password;
pub mod policy;
pub mod secret;
pub mod service_tokens;
pub mod sessions;
pub mod users;

use std::fmt;
use std::str::FromStr;

use sea_orm::DatabaseConnection;

use crate::error::AppError;

pub use callers::CallerCache;
pub use jwt::{AccessClaims, AuthKeys};
pub use limiter::LoginLimiter;
pub use policy::{Access, Reach};
pub use secret::Secret;
pub use service_tokens::{
    NewServiceToken, ServiceToken, authenticate_service_token, create_service_token,
    list_service_tokens, revoke_service_token,
};
pub use users::{User, create_user, disable_user, enable_user, login, reset_password};

/// The longest `Authorization` header looked at; longer ones are refused unparsed.
pub const MAX_AUTHORIZATION_HEADER_BYTES: usize = 8 * 1024;

/// What went wrong, by what the caller should be told. None of the messages carries a reason: why a
/// token or password was refused is logged at debug level only.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No valid credentials: a bad, expired or revoked token, a wrong password, an unknown or disabled
    /// user. Deliberately one kind, so a caller cannot tell which.
    #[error("authentication failed")]
    Unauthenticated,
    /// Authenticated, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Too many failed logins for this account or client address: the next attempt must wait.
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    TooManyAttempts {
        /// Seconds until the next attempt is looked at.
        retry_after_secs: u64,
    },
    /// The input is invalid; the message says what.
    #[error("{0}")]
    BadInput(String),
    /// The write collides with an existing row (for example a taken email).
    #[error("{0}")]
    Conflict(String),
    /// The database or the system failed; the detail (with an error id) is in the log only.
    #[error("internal error")]
    Internal,
}

impl AuthError {
    /// Logs an internal failure with a fresh id (through [`AppError::database`]) and returns the
    /// client-safe error.
    pub(crate) fn internal(err: impl fmt::Display) -> Self {
        let _logged = AppError::database(err);
        AuthError::Internal
    }
}

impl From<AppError> for AuthError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Database { .. } | AppError::Unavailable { .. } => AuthError::Internal,
            AppError::BadInput(msg) => AuthError::BadInput(msg),
            AppError::Conflict(msg) => AuthError::Conflict(msg),
            other => AuthError::internal(other),
        }
    }
}

impl From<sea_orm::DbErr> for AuthError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::from(err).into()
    }
}

/// A role of the GraphQL contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Everything, every partner; manages users.
    Admin,
    /// Reads and manages its own partner only.
    PartnerAdmin,
    /// Reads every partner; writes nothing.
    Analyst,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Admin, Role::PartnerAdmin, Role::Analyst];

    /// The stored and wire name: `ADMIN`, `PARTNER_ADMIN`, `ANALYST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::PartnerAdmin => "PARTNER_ADMIN",
            Role::Analyst => "ANALYST",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = AuthError;

    /// Reads `ADMIN`, `PARTNER_ADMIN` or `ANALYST`; case and `-` for `_` are forgiven (command line).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| {
                AuthError::BadInput("role must be ADMIN, PARTNER_ADMIN or ANALYST".into())
            })
    }
}

/// Reads a role stored in the database or carried by a token: the exact name only.
pub(crate) fn stored_role(s: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.as_str() == s)
}

/// Who is calling: a user, a service token, or nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The user's id; `None` for service tokens and anonymous callers.
    pub user_id: Option<i64>,
    /// The service token's id; `None` for users and anonymous callers.
    pub service_token_id: Option<i64>,
    /// For audit lines: the user's email, `token:NAME` for a service token, or `anonymous`.
    pub label: String,
    /// The role; `None` for anonymous callers.
    pub role: Option<Role>,
    /// The partner of a partner admin: database id and PartnerID.
    pub partner: Option<(i64, String)>,
}

impl Caller {
    /// A caller without credentials: may read the program catalogue only.
    pub fn anonymous() -> Self {
        Caller {
            user_id: None,
            service_token_id: None,
            label: "anonymous".into(),
            role: None,
            partner: None,
        }
    }

    /// Whether the caller presented valid credentials.
    pub fn is_authenticated(&self) -> bool {
        self.role.is_some()
    }

    /// `Ok` when the caller has one of `roles`; `Unauthenticated` for an anonymous caller, else
    /// `Forbidden`.
    pub fn require_role(&self, roles: &[Role]) -> Result<(), AuthError> {
        match self.role {
            None => Err(AuthError::Unauthenticated),
            Some(role) if roles.contains(&role) => Ok(()),
            Some(_) => Err(AuthError::Forbidden),
        }
    }
}

/// Who sends this `Authorization` header: no header → anonymous; `Bearer pgs_…` → a service token;
/// `Bearer <jwt>` → a user, re-read from the database (a disabled or deleted user is refused).
/// Anything else, including a header over 8 KiB, is `Unauthenticated`.
pub async fn authenticate(
    db: &DatabaseConnection,
    keys: &AuthKeys,
    authorization_header: Option<&str>,
) -> Result<Caller, AuthError> {
    let Some(header) = authorization_header else {
        return Ok(Caller::anonymous());
    };
    if header.len() > MAX_AUTHORIZATION_HEADER_BYTES {
        return Err(refused("authorization header too long"));
    }
    let Some(token) = bearer_token(header) else {
        return Err(refused("not a bearer authorization header"));
    };
    if token.starts_with(service_tokens::PREFIX) {
        authenticate_service_token(db, token).await
    } else {
        let claims = keys.verify(token)?;
        users::caller_for_claims(db, &claims).await
    }
}

/// [`authenticate`], reusing a caller `cache` checked within the last [`callers::CALLER_TTL`]. A
/// signed token's signature and times are checked on every call; the database is asked again only
/// when the cache has no fresh entry.
pub async fn authenticate_cached(
    db: &DatabaseConnection,
    keys: &AuthKeys,
    cache: &CallerCache,
    authorization_header: Option<&str>,
) -> Result<Caller, AuthError> {
    let Some(token) = authorization_header
        .filter(|h| h.len() <= MAX_AUTHORIZATION_HEADER_BYTES)
        .and_then(bearer_token)
    else {
        return authenticate(db, keys, authorization_header).await;
    };
    if token.starts_with(service_tokens::PREFIX) {
        if let Some(caller) = cache.get(token) {
            return Ok(caller);
        }
        let (caller, expires_at) = service_tokens::check_service_token(db, token).await?;
        let left = expires_at.map(|e| (e - chrono::Utc::now()).to_std().unwrap_or_default());
        cache.put(token, &caller, left);
        return Ok(caller);
    }
    let claims = keys.verify(token)?;
    if let Some(caller) = cache.get(token) {
        return Ok(caller);
    }
    let caller = users::caller_for_claims(db, &claims).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let left = std::time::Duration::from_secs(claims.exp.saturating_sub(now));
    cache.put(token, &caller, Some(left));
    Ok(caller)
}

/// The token of `Bearer <token>`; the scheme is case-insensitive (RFC 7235 §2.1).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, rest) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = rest.trim();
    (!token.is_empty() && !token.contains(char::is_whitespace)).then_some(token)
}

/// Logs why credentials were refused (debug only) and returns the one error a caller sees.
pub(crate) fn refused(reason: &str) -> AuthError {
    tracing::debug!(reason, "credentials refused");
    AuthError::Unauthenticated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner_admin_of(id: i64) -> Caller {
        Caller {
            user_id: Some(1),
            service_token_id: None,
            label: "pa@example.com".into(),
            role: Some(Role::PartnerAdmin),
            partner: Some((id, "P1".into())),
        }
    }

    fn with_role(role: Role) -> Caller {
        Caller {
            role: Some(role),
            user_id: Some(1),
            label: "x@example.com".into(),
            ..Caller::anonymous()
        }
    }

    #[test]
    fn roles_read_their_wire_names_and_forgive_case_on_the_command_line() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().ok(), Some(role));
            assert_eq!(stored_role(role.as_str()), Some(role));
        }
        assert_eq!(
            "partner-admin".parse::<Role>().ok(),
            Some(Role::PartnerAdmin)
        );
        assert!("SUPERUSER".parse::<Role>().is_err());
        assert_eq!(stored_role("admin"), None);
    }

    #[test]
    fn an_anonymous_caller_is_unauthenticated_and_a_wrong_role_is_forbidden() {
        assert!(matches!(
            Caller::anonymous().require_role(&[Role::Analyst]),
            Err(AuthError::Unauthenticated)
        ));
        assert!(matches!(
            with_role(Role::Analyst).require_role(&[Role::Admin]),
            Err(AuthError::Forbidden)
        ));
        assert!(
            with_role(Role::Analyst)
                .require_role(&[Role::Admin, Role::Analyst])
                .is_ok()
        );
    }

    #[test]
    fn a_partner_admin_reads_and_writes_only_its_own_partner() {
        let pa = partner_admin_of(7);
        assert!(pa.can_read_partner(7) && pa.can_write_partner(7));
        assert!(!pa.can_read_partner(8) && !pa.can_write_partner(8));
    }

    #[test]
    fn an_analyst_reads_everything_and_writes_nothing_while_an_admin_does_both() {
        let analyst = with_role(Role::Analyst);
        assert!(analyst.can_read_partner(1) && !analyst.can_write_partner(1));
        let admin = with_role(Role::Admin);
        assert!(admin.can_read_partner(1) && admin.can_write_partner(1));
        let nobody = Caller::anonymous();
        assert!(!nobody.can_read_partner(1) && !nobody.can_write_partner(1));
    }

    #[test]
    fn a_partner_admin_without_a_partner_reads_nothing() {
        let broken = with_role(Role::PartnerAdmin);
        assert!(!broken.can_read_partner(1) && !broken.can_write_partner(1));
    }

    #[test]
    fn only_a_single_bearer_token_is_taken_from_the_header() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer_token("Bearer"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearer a b"), None);
        assert_eq!(bearer_token("abc"), None);
    }
}
