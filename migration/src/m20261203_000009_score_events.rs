//! Alerts: the forecast verdict stored with the latest month's scores, the outbox of score events,
//! webhooks and their deliveries (`sql/0009_score_events.sql`).
//!
//! No score changes here. Every scored partner is queued from its latest stored month, so the next
//! refresh fills `at_risk_from`; that refresh raises the first events (`AT_RISK` for partners at risk
//! then), delivered to no webhook, as none exists before this migration.
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
