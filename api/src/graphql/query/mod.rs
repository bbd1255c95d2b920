//! Root queries, one file per domain, merged once.

mod catalogue;
mod partner;
mod score;
mod viewer;

pub use partner::Node;

/// The root query.
#[derive(async_graphql::MergedObject, Default)]
pub struct Query(
    catalogue::CatalogueQuery,
    partner::PartnerQuery,
    score::ScoreQuery,
    viewer::ViewerQuery,
);
