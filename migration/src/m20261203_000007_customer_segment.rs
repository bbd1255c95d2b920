//! A customer's sales segment (`SMB` or `ENTERPRISE`) as its customer list gives it: a nullable
//! column of `customers`, which `customers.csv` fills. The Azure areas' Enterprise/SMB
//! classification reads it; a customer without one counts as not SMB.
//!
//! No score changes here: every customer starts without a segment, as every customer was read
//! before.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(
            manager,
            "ALTER TABLE customers ADD COLUMN segment TEXT NULL \
             CHECK (segment IN ('SMB', 'ENTERPRISE'));\n",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, "ALTER TABLE customers DROP COLUMN segment;\n").await
    }
}
