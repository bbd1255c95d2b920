//! What several `serve` replicas share through the database: claims on the score refresh queue and
//! the failed sign-ins of the login throttle.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, include_str!("../sql/0004_replicas.sql")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(
            manager,
            "DROP TABLE IF EXISTS login_failures;\n\
             ALTER TABLE score_refresh_queue DROP COLUMN claimed_until;\n\
             ALTER TABLE score_refresh_queue DROP COLUMN claimed_by;\n",
        )
        .await
    }
}
