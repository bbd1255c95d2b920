//! The stored rows that layers above `db` may hold: one alias per table they read. `graphql/` and
//! `server/` name these instead of the `entities` crate, so every query stays in `db/`.

pub type Partner = entities::partners::Model;
pub type Customer = entities::customers::Model;
pub type CustomerAssociation = entities::customer_associations::Model;
pub type Professional = entities::professionals::Model;
pub type ProfessionalAssociation = entities::professional_associations::Model;
pub type ProfessionalCertification = entities::professional_certifications::Model;
pub type SpecializationGrant = entities::partner_specializations::Model;
pub type Workload = entities::workloads::Model;
pub type Certification = entities::certifications::Model;
pub type Specialization = entities::specializations::Model;
pub type Benefit = entities::benefits::Model;
pub type RuleSetRow = entities::rule_sets::Model;
pub type AuditEvent = entities::audit_events::Model;
