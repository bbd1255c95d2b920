//! The stored rows' types under the names the layers above `db/` use, so the graph and the server
//! never name the `entities` crate.

/// A partner row.
pub type Partner = entities::partners::Model;
/// A certification a professional earned.
pub type ProfessionalCertification = entities::professional_certifications::Model;
