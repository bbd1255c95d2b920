//! Users: creating, disabling and re-keying them, logging in, and re-reading the user behind an access
//! token on every request.

use std::net::IpAddr;

use chrono::Utc;
use entities::{partners, users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::jwt::{AccessClaims, AuthKeys};
use super::limiter::LoginLimiter;
use super::{AuthError, Caller, Role, password, refused, stored_role};
use crate::domain::Email;

/// A user as the rest of the application sees one (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Normalized (trimmed, lowercase) email.
    pub email: String,
    /// The role.
    pub role: Role,
    /// The partner of a partner admin: database id and PartnerID.
    pub partner: Option<(i64, String)>,
    /// Whether the user is refused at login and on every request.
    pub disabled: bool,
}

/// The email as stored and looked up: trimmed and lowercase.
pub fn normalize_email(email: &str) -> String {
    Email::normalize(email)
}

/// Checks the shape of a normalized email (see [`Email::parse`]).
pub fn check_email(email: &str) -> Result<(), AuthError> {
    Email::parse(email)
        .map(drop)
        .map_err(|e| AuthError::BadInput(e.to_string()))
}

/// Creates a user. `PARTNER_ADMIN` needs the PartnerID of an existing partner and the other roles must
/// have none; a taken email is a `Conflict`.
pub async fn create_user(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    role: Role,
    partner_id_text: Option<&str>,
) -> Result<User, AuthError> {
    let email = normalize_email(email);
    check_email(&email)?;
    password::check_new_password(password)?;
    let partner = partner_for_role(db, role, partner_id_text).await?;
    if find_by_email(db, &email).await?.is_some() {
        return Err(email_taken());
    }
    let password_hash = password::hash(password).await?;
    let now = Utc::now();
    let row = users::ActiveModel {
        email: Set(email.clone()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_owned()),
        partner_id: Set(partner.as_ref().map(|p| p.id)),
        disabled: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let inserted = row.insert(db).await.map_err(|e| match e.sql_err() {
        // Another request took the email between the check and the insert.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => email_taken(),
        _ => AuthError::from(e),
    })?;
    tracing::info!(user_id = inserted.id, role = %role, "user created");
    Ok(User {
        id: inserted.id,
        email,
        role,
        partner: partner.map(|p| (p.id, p.partner_id)),
        disabled: false,
    })
}

/// Disables a user: logins and every token already issued are refused from now on.
pub async fn disable_user(db: &DatabaseConnection, email: &str) -> Result<(), AuthError> {
    set_disabled(db, email, true).await
}

/// Enables a disabled user again: it may sign in; tokens issued before it was disabled stay refused.
pub async fn enable_user(db: &DatabaseConnection, email: &str) -> Result<(), AuthError> {
    set_disabled(db, email, false).await
}

/// Disables or enables a user; either way its version moves, so every token issued before is refused.
async fn set_disabled(
    db: &DatabaseConnection,
    email: &str,
    disabled: bool,
) -> Result<(), AuthError> {
    let email = normalize_email(email);
    let result = users::Entity::update_many()
        .col_expr(users::Column::Disabled, Expr::value(disabled))
        .col_expr(
            users::Column::Version,
            Expr::col(users::Column::Version).add(1),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Email.eq(email.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(no_such_user());
    }
    tracing::info!(disabled, "user disabled or enabled");
    Ok(())
}

/// Sets a new password; tokens issued before are refused from now on.
pub async fn reset_password(
    db: &DatabaseConnection,
    email: &str,
    new_password: &str,
) -> Result<(), AuthError> {
    let email = normalize_email(email);
    password::check_new_password(new_password)?;
    if find_by_email(db, &email).await?.is_none() {
        return Err(no_such_user());
    }
    let password_hash = password::hash(new_password).await?;
    let result = users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(
            users::Column::Version,
            Expr::col(users::Column::Version).add(1),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Email.eq(email.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(no_such_user());
    }
    tracing::info!("password reset");
    Ok(())
}

/// Checks an email and password and returns an access token.
///
/// An unknown email, a wrong password and a disabled user all give `Unauthenticated`, after the same
/// argon2 work. While the failures of the account or of `client_ip` make the next attempt wait,
/// `TooManyAttempts` comes back before any password is checked.
pub async fn login(
    db: &DatabaseConnection,
    keys: &AuthKeys,
    limiter: &LoginLimiter,
    email: &str,
    password: &str,
    client_ip: Option<IpAddr>,
) -> Result<String, AuthError> {
    Ok(sign_in(db, keys, limiter, email, password, client_ip)
        .await?
        .token)
}

/// An access token just issued, and the user it is for.
#[derive(Clone)]
pub struct SignedIn {
    /// The access token.
    pub token: String,
    /// When it expires (seconds since the epoch).
    pub expires_at: u64,
    /// The user's id.
    pub user_id: i64,
    /// The user row's version the token carries.
    pub user_version: i32,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("user_id", &self.user_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// [`login`], with the user and expiry of the token (for a browser session).
pub async fn sign_in(
    db: &DatabaseConnection,
    keys: &AuthKeys,
    limiter: &LoginLimiter,
    email: &str,
    password: &str,
    client_ip: Option<IpAddr>,
) -> Result<SignedIn, AuthError> {
    let email = normalize_email(email);
    if let Err(wait) = limiter.check(db, &email, client_ip).await? {
        crate::metrics::METRICS.rate_limited.inc();
        tracing::info!(client_ip = ?client_ip, wait_secs = wait.as_secs_f64(), "login refused: too many failed attempts");
        return Err(AuthError::TooManyAttempts {
            retry_after_secs: wait.as_secs_f64().ceil() as u64,
        });
    }
    if password.len() > password::MAX_PASSWORD_BYTES || email.len() > 254 {
        limiter.record_failure(db, &email, client_ip).await?;
        return Err(refused("login with an over-long email or password"));
    }
    let found = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .find_also_related(partners::Entity)
        .one(db)
        .await?;
    let matches = password::verify(
        password,
        found.as_ref().map(|(u, _)| u.password_hash.as_str()),
    )
    .await?;
    let user = match found {
        Some((user, partner)) if matches && !user.disabled => (user, partner),
        Some((user, _)) if matches => {
            limiter.record_failure(db, &email, client_ip).await?;
            tracing::debug!(user_id = user.id, "login refused: user disabled");
            return Err(AuthError::Unauthenticated);
        }
        _ => {
            limiter.record_failure(db, &email, client_ip).await?;
            return Err(refused("login refused: unknown email or wrong password"));
        }
    };
    let (user, partner) = user;
    let Some(role) = stored_role(&user.role) else {
        return Err(AuthError::internal(format!(
            "user {} has an unknown role",
            user.id
        )));
    };
    limiter.record_success(db, &email).await?;
    tracing::info!(user_id = user.id, "login");
    issue_for(keys, &user, role, partner.as_ref())
}

fn issue_for(
    keys: &AuthKeys,
    user: &users::Model,
    role: Role,
    partner: Option<&partners::Model>,
) -> Result<SignedIn, AuthError> {
    let (token, expires_at) = keys.issue_with_expiry(
        user.id,
        role,
        partner.map(|p| p.partner_id.as_str()),
        user.version,
    )?;
    Ok(SignedIn {
        token,
        expires_at,
        user_id: user.id,
        user_version: user.version,
    })
}

/// A new access token for a user of a browser session begun at `user_version`; `Unauthenticated`
/// when the user is gone, disabled, or changed since (password reset, role change).
pub async fn reissue(
    db: &DatabaseConnection,
    keys: &AuthKeys,
    user_id: i64,
    user_version: i32,
) -> Result<SignedIn, AuthError> {
    let Some((user, partner)) = users::Entity::find_by_id(user_id)
        .find_also_related(partners::Entity)
        .one(db)
        .await?
    else {
        return Err(refused("session of a deleted user"));
    };
    if user.disabled {
        return Err(refused("session of a disabled user"));
    }
    if user.version != user_version {
        return Err(refused("session begun before the user last changed"));
    }
    let Some(role) = stored_role(&user.role) else {
        return Err(AuthError::internal(format!(
            "user {} has an unknown role",
            user.id
        )));
    };
    issue_for(keys, &user, role, partner.as_ref())
}

/// The caller behind verified access-token claims, re-read from the database in one query: a
/// deleted or disabled user, or one changed since the token was issued, is refused.
pub(crate) async fn caller_for_claims(
    db: &DatabaseConnection,
    claims: &AccessClaims,
) -> Result<Caller, AuthError> {
    let Some(user_id) = claims.user_id() else {
        return Err(refused("access token whose sub is not a user id"));
    };
    let Some((user, partner)) = users::Entity::find_by_id(user_id)
        .find_also_related(partners::Entity)
        .one(db)
        .await?
    else {
        return Err(refused("access token of a deleted user"));
    };
    if user.disabled {
        return Err(refused("access token of a disabled user"));
    }
    if user.version != claims.ver {
        return Err(refused("access token issued before the user last changed"));
    }
    let role = stored_role(&user.role);
    if role.is_none() || role != claims.role() {
        return Err(refused("access token role differs from the user's"));
    }
    let partner = partner.map(|p| (p.id, p.partner_id));
    if partner.as_ref().map(|(_, pid)| pid.as_str()) != claims.partner.as_deref() {
        return Err(refused("access token partner differs from the user's"));
    }
    Ok(Caller {
        user_id: Some(user.id),
        service_token_id: None,
        label: user.email,
        role,
        partner,
    })
}

/// Looks up a user by email (normalized here too).
pub async fn find_user(db: &DatabaseConnection, email: &str) -> Result<Option<User>, AuthError> {
    let email = normalize_email(email);
    let found = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .find_also_related(partners::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(u, p)| {
        Some(User {
            id: u.id,
            role: stored_role(&u.role)?,
            email: u.email,
            partner: p.map(|p| (p.id, p.partner_id)),
            disabled: u.disabled,
        })
    }))
}

/// The partner a role needs: exactly one for `PARTNER_ADMIN`, none for the others.
pub(crate) async fn partner_for_role(
    db: &DatabaseConnection,
    role: Role,
    partner_id_text: Option<&str>,
) -> Result<Option<partners::Model>, AuthError> {
    let partner_id_text = partner_id_text.map(str::trim).filter(|p| !p.is_empty());
    match (role, partner_id_text) {
        (Role::PartnerAdmin, None) => Err(AuthError::BadInput(
            "a PARTNER_ADMIN needs a partner (its PartnerID)".into(),
        )),
        (Role::PartnerAdmin, Some(pid)) => {
            let partner = partners::Entity::find()
                .filter(partners::Column::PartnerId.eq(pid))
                .one(db)
                .await?;
            partner
                .map(Some)
                .ok_or_else(|| AuthError::BadInput(format!("no partner with PartnerID {pid:?}")))
        }
        (_, Some(_)) => Err(AuthError::BadInput(format!(
            "only a PARTNER_ADMIN has a partner, not an {role}"
        ))),
        (_, None) => Ok(None),
    }
}

async fn find_by_email(
    db: &DatabaseConnection,
    email: &str,
) -> Result<Option<users::Model>, AuthError> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(db)
        .await?)
}

fn email_taken() -> AuthError {
    AuthError::Conflict("a user with this email already exists".into())
}

fn no_such_user() -> AuthError {
    AuthError::BadInput("no user with this email".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased_before_their_shape_is_checked() {
        assert_eq!(normalize_email("  Ada@Example.COM "), "ada@example.com");
        for ok in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "ada@.example.com",
            "ada@example.com.",
            "ada@@example.com",
            "ad a@example.com",
            "ada@exa..mple.com",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_email(&format!("{}@example.com", "a".repeat(65))).is_err());
    }
}
