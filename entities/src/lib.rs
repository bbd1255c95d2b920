//! SeaORM entities of the partnergraph schema (`migration/sql/0001_schema.sql`), one module a table.
//! They are storage shapes only: the API and the score engine have their own types.

pub mod audit_events;
pub mod benefits;
pub mod capability_scores;
pub mod certification_eligibility;
pub mod certifications;
pub mod customer_associations;
pub mod customer_usage;
pub mod customers;
pub mod designation_metrics;
pub mod designations;
pub mod login_failures;
pub mod partner_specializations;
pub mod partners;
pub mod professional_associations;
pub mod professional_certifications;
pub mod professionals;
pub mod rule_sets;
pub mod score_events;
pub mod score_refresh_queue;
pub mod service_tokens;
pub mod specialization_prerequisites;
pub mod specializations;
pub mod stacking_caps;
pub mod user_sessions;
pub mod users;
pub mod webhook_deliveries;
pub mod webhooks;
pub mod workload_eligibility;
pub mod workloads;
