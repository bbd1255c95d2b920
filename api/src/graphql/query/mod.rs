//! Root queries, one file per domain, merged once.

mod audit;
mod catalogue;
mod partner;
mod score;
mod simulate;
mod users;
mod viewer;
mod webhooks;

pub use partner::Node;

/// The root query.
#[derive(async_graphql::MergedObject, Default)]
pub struct Query(
    catalogue::CatalogueQuery,
    partner::PartnerQuery,
    score::ScoreQuery,
    viewer::ViewerQuery,
    audit::AuditQuery,
    simulate::SimulateQuery,
    users::UsersQuery,
    webhooks::WebhookQuery,
);
