//! Signing in.

use async_graphql::{Context, Object, SimpleObject};

use crate::auth::{AuthKeys, LoginLimiter, login};
use crate::graphql::context::db;
use crate::graphql::error::GqlResult;
use crate::graphql::policy::Policy;

/// The result of `login`.
#[derive(SimpleObject)]
pub struct LoginPayload {
    /// A short-lived JWT bearer token: send it as `Authorization: Bearer <token>`.
    pub token: Option<String>,
}

/// The client's address, put in the request data by the HTTP layer (for the login limiter).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

/// Authentication mutations.
#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Exchanges an e-mail and password for an access token. A wrong password and an unknown e-mail
    /// give the same `UNAUTHENTICATED` error; repeated failures give `RATE_LIMITED`.
    #[graphql(guard = "Policy(\"Mutation.login\")")]
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<LoginPayload> {
        let keys = ctx.data::<std::sync::Arc<AuthKeys>>()?;
        let limiter = ctx.data::<std::sync::Arc<LoginLimiter>>()?;
        let addr = ctx.data_opt::<ClientAddr>().and_then(|a| a.0);
        let token = login(db(ctx)?, keys, limiter, &email, &password, addr)
            .await
            .gql()?;
        Ok(LoginPayload { token: Some(token) })
    }
}
