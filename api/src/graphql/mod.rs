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
pub mod subscription;

use std::sync::Arc;

use async_graphql::Schema;
use sea_orm::DatabaseConnection;

use crate::auth::{AuthKeys, LoginLimiter};
use crate::db::catalogue::Catalogue;
use crate::db::scores::Engine;

/// The schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, subscription::Subscription>;

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
    /// Callers checked in the last second.
    pub callers: Arc<crate::auth::CallerCache>,
    /// The score events the subscriptions read.
    pub feed: Arc<subscription::EventFeed>,
}

/// The schema, built once at start, twice over: `measure` (with [`limits::Cost`]) validates a
/// document and reports its cost without running it; `run` (no extension) executes it. async-graphql
/// sends every field and list item of an answer through a slower, allocating path as soon as a schema
/// has any extension, so the extension stays on the schema that resolves nothing; validating twice
/// costs a walk of a bounded document (`limits::shape` ran first).
#[derive(Clone)]
pub struct Schemas {
    run: AppSchema,
    measure: AppSchema,
}

impl Schemas {
    /// Validates `request` (`parsed`: a copy of its document, already parsed), and runs it only if valid; the
    /// answer carries `extensions.cost` either way.
    pub async fn execute(
        &self,
        request: async_graphql::Request,
        parsed: Option<async_graphql::parser::types::ExecutableDocument>,
        shape: Option<limits::Shape>,
    ) -> async_graphql::Response {
        let mut probe =
            async_graphql::Request::new(request.query.clone()).variables(request.variables.clone());
        probe.operation_name = request.operation_name.clone();
        if let Some(doc) = parsed {
            probe.set_parsed_query(doc);
        }
        if let Some(shape) = shape {
            probe.data.insert(shape);
        }
        let measured = self.measure.execute(probe).await;
        if measured.is_err() {
            return measured;
        }
        let mut response = self.run.execute(request).await;
        response.extensions.extend(measured.extensions);
        response
    }
}

impl Schemas {
    /// The schema subscriptions run on (the run schema: no extension).
    pub fn subscriptions(&self) -> AppSchema {
        self.run.clone()
    }
}

/// Builds both schemas once, at start.
pub fn build_schema(shared: &Shared, options: SchemaOptions) -> Schemas {
    Schemas {
        run: schema(shared, options, false),
        measure: schema(shared, options, true),
    }
}

fn schema(shared: &Shared, options: SchemaOptions, measure: bool) -> AppSchema {
    let mut builder = Schema::build(
        query::Query::default(),
        mutation::Mutation::default(),
        subscription::Subscription,
    )
    .data(shared.db.clone())
    .data(shared.engine.clone())
    .data(shared.catalogue.clone())
    .data(shared.keys.clone())
    .data(shared.limiter.clone())
    .data(shared.callers.clone())
    .data(shared.feed.clone())
    // Depth is checked by `limits::shape` before the document gets here (async-graphql's own depth
    // counts introspection's type references, so the standard introspection query would fail it).
    .limit_complexity(limits::MAX_COMPLEXITY)
    .limit_recursive_depth(32)
    .limit_directives(MAX_DIRECTIVES);
    if measure {
        builder = builder.extension(limits::Cost);
    }
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
        subscription::Subscription,
    )
    .finish()
    .sdl()
}

#[cfg(test)]
mod tests;
