//! Plain value types shared by the importer, the score engine, the database layer and the API:
//! months, association types, the catalogue's codes, and the ids and addresses input names things
//! by. Nothing here knows about storage or HTTP.

mod codes;
pub mod csv;
mod email;
mod ids;
mod month;
pub mod secret;
pub mod signature;

pub use codes::{
    AssociationType, CustomerSegment, DesignationCode, MetricCode, ScoreCategory,
    SpecializationValidation, UnknownCode, WorkloadFamily,
};
pub use email::{Email, EmailError};
pub use ids::{
    MAX_PROFESSIONAL_ID_CHARS, ProfessionalId, ProfessionalIdError, TenantId, TenantIdError,
};
pub use month::{Month, MonthParseError};
