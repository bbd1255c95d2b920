//! Schema migrations and the program catalogue that ships with partnergraph.
//!
//! The same migrations run on SQLite and PostgreSQL. The schema is plain SQL (`sql/`), with the few
//! type names that differ between the two filled in per backend; the catalogue (designations,
//! workloads, certifications, specializations, benefits, rule sets) is data in `catalogue/`, loaded by a
//! migration and read by the score engine from the same files.

pub use sea_orm_migration::prelude::*;

pub mod catalogue;
mod m20261127_000001_schema;
mod m20261127_000002_catalogue;
mod m20261201_000003_score_summary;
mod m20261201_000004_replicas;
mod m20261202_000005_partner_specializations;
mod m20261202_000006_rule_set_2023_12;
mod m20261203_000007_customer_segment;
mod m20261203_000008_rule_set_2026_07;
mod m20261203_000009_score_events;
mod m20261206_000010_user_sessions;
mod sql;

/// Every migration, in order.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_schema::Migration),
            Box::new(m20261127_000002_catalogue::Migration),
            Box::new(m20261201_000003_score_summary::Migration),
            Box::new(m20261201_000004_replicas::Migration),
            Box::new(m20261202_000005_partner_specializations::Migration),
            Box::new(m20261202_000006_rule_set_2023_12::Migration),
            Box::new(m20261203_000007_customer_segment::Migration),
            Box::new(m20261203_000008_rule_set_2026_07::Migration),
            Box::new(m20261203_000009_score_events::Migration),
            Box::new(m20261206_000010_user_sessions::Migration),
        ]
    }
}
