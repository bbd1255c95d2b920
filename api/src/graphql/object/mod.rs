//! GraphQL object types: thin wrappers over models and engine output, so the API never mirrors a
//! table by accident.

pub mod audit;
pub mod catalogue;
pub mod change;
pub mod customer;
pub mod enums;
pub mod partner;
mod plain;
pub mod professional;
pub mod recommendation;
pub mod score;
pub mod specialization;
pub mod standing;
pub mod webhook;
