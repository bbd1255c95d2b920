//! Managing user accounts (administrators only): create, disable, set a new password, clear the
//! failed-login back-off. Each change is recorded in the audit trail (never a password or its hash).

use async_graphql::{Context, InputObject, Object, SimpleObject};
use serde_json::json;

use crate::auth::{AuthError, create_user, disable_user, enable_user, reset_password};
use crate::db::audit::{self, Actor, NewEvent, RequestId};
use crate::graphql::context::{caller, db};
use crate::graphql::error::{GqlResult, from_auth};
use crate::graphql::object::audit::User;
use crate::graphql::object::change::UserError;
use crate::graphql::object::enums::Role;
use crate::graphql::policy::Policy;

/// Input of `createUser`.
#[derive(InputObject)]
pub struct CreateUserInput {
    /// Email (the login).
    pub email: String,
    /// Initial password.
    pub password: String,
    /// Role.
    pub role: Role,
    /// PartnerID, for a `PARTNER_ADMIN` only.
    pub partner_id: Option<String>,
}

/// The result of a user mutation.
#[derive(SimpleObject, Default)]
pub struct UserPayload {
    /// The account as stored (null when nothing was written).
    pub user: Option<User>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A payload with one problem; `in_input` puts the field under `input` (createUser's argument).
fn problem(in_input: bool, field: &str, message: impl Into<String>, code: &str) -> UserPayload {
    let path = if in_input {
        vec!["input".to_string(), field.to_string()]
    } else {
        vec![field.to_string()]
    };
    UserPayload {
        user: None,
        user_errors: vec![UserError {
            field: Some(path),
            message: message.into(),
            code: code.into(),
        }],
    }
}

/// Problems the caller can fix become `userErrors`; anything else is a top-level error.
fn auth_problem(in_input: bool, e: AuthError) -> async_graphql::Result<UserPayload> {
    match e {
        AuthError::BadInput(m) => {
            let lower = m.to_lowercase();
            let field = if lower.contains("password") {
                "password"
            } else if lower.contains("partner") {
                "partnerId"
            } else {
                "email"
            };
            Ok(problem(in_input, field, m, "BAD_USER_INPUT"))
        }
        AuthError::Conflict(m) => Ok(problem(in_input, "email", m, "CONFLICT")),
        other => Err(from_auth(other)),
    }
}

async fn stored(ctx: &Context<'_>, email: &str) -> async_graphql::Result<Option<User>> {
    Ok(crate::db::users::by_email(db(ctx)?, email)
        .await
        .gql()?
        .and_then(User::from_row))
}

async fn record(
    ctx: &Context<'_>,
    action: &str,
    user: &User,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> async_graphql::Result<()> {
    let actor = Actor {
        caller: caller(ctx)?,
        request_id: ctx.data_opt::<RequestId>().map(|r| r.0.as_str()),
    };
    audit::record(
        db(ctx)?,
        actor,
        vec![NewEvent {
            action: action.into(),
            entity_type: "user".into(),
            entity_key: user.email.clone(),
            before,
            after,
            ..Default::default()
        }],
    )
    .await
    .gql()
}

fn user_json(u: &User) -> serde_json::Value {
    let role: crate::auth::Role = u.role.into();
    json!({"email": u.email, "role": role.as_str(), "partnerId": u.partner_id, "disabled": u.disabled})
}

/// User administration.
#[derive(Default)]
pub struct UsersMutation;

#[Object]
impl UsersMutation {
    /// Creates a user. A `PARTNER_ADMIN` needs `partnerId`; the other roles have none.
    #[graphql(guard = "Policy(\"Mutation.createUser\")")]
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> async_graphql::Result<UserPayload> {
        let created = create_user(
            db(ctx)?,
            &input.email,
            &input.password,
            input.role.into(),
            input.partner_id.as_deref(),
        )
        .await;
        if let Err(e) = created {
            return auth_problem(true, e);
        }
        let Some(user) = stored(ctx, &input.email).await? else {
            return Ok(problem(
                true,
                "email",
                "the user was not found",
                "NOT_FOUND",
            ));
        };
        record(ctx, "user.create", &user, None, Some(user_json(&user))).await?;
        Ok(UserPayload {
            user: Some(user),
            user_errors: Vec::new(),
        })
    }

    /// Disables a user: its logins and tokens are refused from now on. You cannot disable yourself.
    #[graphql(guard = "Policy(\"Mutation.disableUser\")")]
    async fn disable_user(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<UserPayload> {
        set_disabled(ctx, email, true).await
    }

    /// Enables a disabled user: it may sign in again; tokens issued before it was disabled stay
    /// refused.
    #[graphql(guard = "Policy(\"Mutation.enableUser\")")]
    async fn enable_user(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<UserPayload> {
        set_disabled(ctx, email, false).await
    }

    /// Sets a new password for a user; tokens issued before are refused from now on.
    #[graphql(guard = "Policy(\"Mutation.resetPassword\")")]
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<UserPayload> {
        let Some(user) = stored(ctx, &email).await? else {
            return Ok(problem(
                false,
                "email",
                "no user with this email",
                "NOT_FOUND",
            ));
        };
        if let Err(e) = reset_password(db(ctx)?, &email, &password).await {
            return auth_problem(false, e);
        }
        record(
            ctx,
            "user.reset_password",
            &user,
            None,
            Some(json!({"passwordChanged": true})),
        )
        .await?;
        Ok(UserPayload {
            user: Some(user),
            user_errors: Vec::new(),
        })
    }

    /// Forgets a user's failed sign-ins, so the right password gets in at once instead of after the
    /// back-off (for a user who mistyped, or after a guessing attack has been dealt with).
    #[graphql(guard = "Policy(\"Mutation.clearLoginThrottle\")")]
    async fn clear_login_throttle(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<UserPayload> {
        let Some(user) = stored(ctx, &email).await? else {
            return Ok(problem(
                false,
                "email",
                "no user with this email",
                "NOT_FOUND",
            ));
        };
        let limiter = ctx.data::<std::sync::Arc<crate::auth::LoginLimiter>>()?;
        let had = limiter
            .clear(db(ctx)?, &crate::auth::users::normalize_email(&email))
            .await
            .gql()?;
        record(
            ctx,
            "user.clear_login_throttle",
            &user,
            None,
            Some(json!({"failedSignInsCleared": had})),
        )
        .await?;
        Ok(UserPayload {
            user: Some(user),
            user_errors: Vec::new(),
        })
    }
}

/// `disableUser` and `enableUser`: the change, and its audit event.
async fn set_disabled(
    ctx: &Context<'_>,
    email: String,
    disabled: bool,
) -> async_graphql::Result<UserPayload> {
    let Some(before) = stored(ctx, &email).await? else {
        return Ok(problem(
            false,
            "email",
            "no user with this email",
            "NOT_FOUND",
        ));
    };
    if disabled && caller(ctx)?.label == before.email {
        return Ok(problem(
            false,
            "email",
            "you cannot disable your own account",
            "BAD_USER_INPUT",
        ));
    }
    let changed = if disabled {
        disable_user(db(ctx)?, &email).await
    } else {
        enable_user(db(ctx)?, &email).await
    };
    if let Err(e) = changed {
        return auth_problem(false, e);
    }
    let Some(after) = stored(ctx, &email).await? else {
        return Ok(problem(
            false,
            "email",
            "no user with this email",
            "NOT_FOUND",
        ));
    };
    record(
        ctx,
        if disabled {
            "user.disable"
        } else {
            "user.enable"
        },
        &after,
        Some(user_json(&before)),
        Some(user_json(&after)),
    )
    .await?;
    Ok(UserPayload {
        user: Some(after),
        user_errors: Vec::new(),
    })
}
