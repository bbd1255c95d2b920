//! The whole schema: catalogue, program data, scores, users, audit events and service tokens.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

const TABLES_NEWEST_FIRST: &[&str] = &[
    "service_tokens",
    "audit_events",
    "users",
    "score_refresh_queue",
    "capability_scores",
    "professional_associations",
    "professional_certifications",
    "professionals",
    "customer_usage",
    "customer_associations",
    "customers",
    "partners",
    "benefits",
    "stacking_caps",
    "specialization_prerequisites",
    "specializations",
    "certification_eligibility",
    "certifications",
    "workload_eligibility",
    "workloads",
    "designation_metrics",
    "designations",
    "rule_sets",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, include_str!("../sql/0001_schema.sql")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES_NEWEST_FIRST {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(*table))
                        .if_exists()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
