//! Stores each score in the two shapes its readers want: `summary`, the total, the verdict and the
//! numbers of every metric (what a page of scores reads, a third of the size), beside `breakdown`, the
//! whole score with its tracks, options and every fact (what an explanation reads). An index on
//! `(month, partner_id, designation_code)` lets a bulk page of a month start where the last ended.
//!
//! Scores are derived data: instead of rewriting every stored row here, the migration marks every
//! partner with stored scores stale from its earliest stored month. Until the server's refresh (at
//! start-up and in the background) or `partnergraph recompute` rewrites them, readers compute those
//! scores on the fly, so no answer changes and none is missing.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// Queues every partner with stored scores from its earliest stored month (keeping an earlier queued
/// month), in the queue's own upsert form.
const QUEUE_ALL: &str = "INSERT INTO score_refresh_queue (partner_id, from_month, queued_at) \
     SELECT partner_id, MIN(month), CURRENT_TIMESTAMP FROM capability_scores GROUP BY partner_id \
     ON CONFLICT (partner_id) DO UPDATE SET \
     from_month = CASE WHEN score_refresh_queue.from_month < excluded.from_month \
     THEN score_refresh_queue.from_month ELSE excluded.from_month END, \
     queued_at = excluded.queued_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE capability_scores ADD COLUMN summary TEXT NOT NULL DEFAULT ''",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX capability_scores_month_partner_idx \
             ON capability_scores (month, partner_id, designation_code)",
        )
        .await?;
        db.execute_unprepared(QUEUE_ALL).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX capability_scores_month_partner_idx")
            .await?;
        db.execute_unprepared("ALTER TABLE capability_scores DROP COLUMN summary")
            .await?;
        Ok(())
    }
}
