//! Alerts: the forecast verdict stored with the latest month's scores, the outbox of score events,
//! webhooks and their deliveries (`sql/0009_score_events.sql`).
//!
//! No score changes here; the latest month's `at_risk_from` is filled by the next refresh of each
//! partner, and nothing before this migration raises an event.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, include_str!("../sql/0009_score_events.sql")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(
            manager,
            "DROP TABLE IF EXISTS webhook_deliveries;\n\
             DROP TABLE IF EXISTS webhooks;\n\
             DROP TABLE IF EXISTS score_events;\n\
             ALTER TABLE capability_scores DROP COLUMN at_risk_from;\n",
        )
        .await
    }
}
