//! Root mutations, one file per domain, merged once.

pub mod association;
pub mod auth;
pub mod specialization;
pub mod users;
pub mod webhooks;

/// The root mutation.
#[derive(async_graphql::MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    association::AssociationMutation,
    users::UsersMutation,
    specialization::SpecializationMutation,
    webhooks::WebhookMutation,
);
