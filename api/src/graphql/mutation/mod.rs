//! Root mutations, one file per domain, merged once.

pub mod auth;

/// The root mutation.
#[derive(async_graphql::MergedObject, Default)]
pub struct Mutation(auth::AuthMutation);
