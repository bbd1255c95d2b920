//! The GraphQL API: schema (queries and mutations merged once per domain), objects that wrap models
//! and engine output, one DataLoader per key type, the access policy, limits, and the HTTP handlers.

pub mod context;
pub mod error;
pub mod input;
pub mod limits;
pub mod loader;
pub mod mutation;
pub mod object;
pub mod policy;
pub mod query;
pub mod relay;
mod scalars;

use std::sync::Arc;

use async_graphql::{EmptySubscription, Schema};
use sea_orm::DatabaseConnection;

use crate::auth::{AuthKeys, LoginLimiter};
use crate::db::catalogue::Catalogue;
use crate::db::scores::Engine;

/// The schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Most directives on one field.
pub const MAX_DIRECTIVES: usize = 5;

/// Schema switches that differ between development and production.
#[derive(Debug, Clone, Copy)]
pub struct SchemaOptions {
    /// Introspection queries (`__schema`, `__type`) allowed.
    pub introspection: bool,
    /// "Did you mean …?" suggestions in validation errors.
    pub suggestions: bool,
}

/// Everything the resolvers reach, shared by every request.
#[derive(Clone)]
pub struct Shared {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Score engine.
    pub engine: Arc<Engine>,
    /// Catalogue.
    pub catalogue: Arc<Catalogue>,
    /// Token keys.
    pub keys: Arc<AuthKeys>,
    /// Login limiter.
    pub limiter: Arc<LoginLimiter>,
}

/// Builds the schema once, at start.
pub fn build_schema(shared: &Shared, options: SchemaOptions) -> AppSchema {
    let mut builder = Schema::build(
        query::Query::default(),
        mutation::Mutation::default(),
        EmptySubscription,
    )
    .data(shared.db.clone())
    .data(shared.engine.clone())
    .data(shared.catalogue.clone())
    .data(shared.keys.clone())
    .data(shared.limiter.clone())
    // Depth is checked by `limits::shape` before the document gets here (async-graphql's own depth
    // counts introspection's type references, so the standard introspection query would fail it).
    .limit_complexity(limits::MAX_COMPLEXITY)
    .limit_recursive_depth(32)
    .limit_directives(MAX_DIRECTIVES)
    .extension(limits::Cost);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    if !options.suggestions {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// The schema's SDL, as committed in `api/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(
        query::Query::default(),
        mutation::Mutation::default(),
        EmptySubscription,
    )
    .finish()
    .sdl()
}

#[cfg(test)]
mod tests;
