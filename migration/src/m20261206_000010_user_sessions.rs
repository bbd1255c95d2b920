//! Browser sign-in sessions: refresh tokens of the admin UI, stored as hashes
//! (`sql/0010_user_sessions.sql`).
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, include_str!("../sql/0010_user_sessions.sql")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, "DROP TABLE IF EXISTS user_sessions;\n").await
    }
}
