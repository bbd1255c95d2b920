//! Plain value types shared by the importer, the score engine, the database layer and the API:
//! months, association types and the catalogue's codes. Nothing here knows about storage or HTTP.

mod codes;
pub mod csv;
mod month;
pub mod secret;

pub use codes::{
    AssociationType, DesignationCode, MetricCode, ScoreCategory, UnknownCode, WorkloadFamily,
};
pub use month::{Month, MonthParseError};
