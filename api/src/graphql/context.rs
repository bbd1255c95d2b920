//! What every resolver may reach: the database, the engine, the catalogue, the caller and its scope,
//! and the request's loaders.

use std::sync::Arc;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use super::error::{code, coded};
use super::loader::Loaders;
use crate::auth::{Caller, Reach};
use crate::db::catalogue::Catalogue;
use crate::db::partners::Scope;
use crate::db::scores::Engine;

/// Per-request data: who is calling and what they may see.
pub struct RequestData {
    /// The authenticated caller (or anonymous).
    pub caller: Caller,
    /// The request's loaders.
    pub loaders: Loaders,
    /// The latest month with data, read at most once per request.
    pub latest: tokio::sync::OnceCell<crate::domain::Month>,
    /// The recommendation searches of this request, one per partner, designation and month, shared by
    /// `recommendations`, `pathToThreshold` and `pathToThresholdShortfall`.
    pub advice: std::sync::Mutex<std::collections::HashMap<AdviceKey, SharedAdvice>>,
}

/// A partner (database id), a designation and a month.
pub type AdviceKey = (i64, crate::domain::DesignationCode, crate::domain::Month);

/// One search, computed by the first field that asks for it.
pub type SharedAdvice = Arc<tokio::sync::OnceCell<Arc<crate::db::recommend::Advice>>>;

impl RequestData {
    /// Data of one request.
    pub fn new(caller: Caller, loaders: Loaders) -> Self {
        Self {
            caller,
            loaders,
            latest: tokio::sync::OnceCell::new(),
            advice: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// The recommendation search of `key`, computed once per request.
    pub async fn advice(
        &self,
        ctx: &Context<'_>,
        key: AdviceKey,
    ) -> async_graphql::Result<Arc<crate::db::recommend::Advice>> {
        let cell = {
            // A panic while holding the map leaves it whole: entries are only ever added.
            let mut map = self
                .advice
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(map.entry(key).or_default())
        };
        let (partner, designation, month) = key;
        cell.get_or_try_init(|| async move {
            crate::db::recommend::advise(
                db(ctx)?,
                engine(ctx)?,
                scope(ctx)?,
                partner,
                month,
                designation,
            )
            .await
            .map(Arc::new)
            .map_err(super::error::app)
        })
        .await
        .cloned()
    }

    /// The latest month with data (the default `asOf`).
    pub async fn latest_month(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<crate::domain::Month> {
        let db = db(ctx)?;
        self.latest
            .get_or_try_init(|| async move {
                crate::db::scores::stored_months(db)
                    .await
                    .map(|(_, last)| last)
            })
            .await
            .copied()
            .map_err(super::error::app)
    }
}

/// The database pool.
pub fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
}

/// The score engine.
pub fn engine<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Engine>> {
    ctx.data::<Arc<Engine>>()
}

/// The catalogue.
pub fn catalogue<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Catalogue>> {
    ctx.data::<Arc<Catalogue>>()
}

/// The request's data.
pub fn request<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestData> {
    ctx.data::<RequestData>()
}

/// The caller.
pub fn caller<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Caller> {
    Ok(&request(ctx)?.caller)
}

/// The loaders.
pub fn loaders<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Loaders> {
    Ok(&request(ctx)?.loaders)
}

/// The partners the caller may read: all of them for administrators and analysts, its own for a
/// partner admin; anonymous callers read none.
pub fn scope(ctx: &Context<'_>) -> async_graphql::Result<Scope> {
    scope_of(caller(ctx)?)
}

/// The read scope of a caller ([`Caller::reads`]).
pub fn scope_of(caller: &Caller) -> async_graphql::Result<Scope> {
    match caller.reads() {
        Reach::Every => Ok(Scope::All),
        Reach::One(id) => Ok(Scope::Partner(id)),
        Reach::Nothing if caller.role.is_none() => {
            Err(coded(code::UNAUTHENTICATED, "sign in to read partner data"))
        }
        Reach::Nothing => Err(coded(code::FORBIDDEN, "this account has no partner")),
    }
}
