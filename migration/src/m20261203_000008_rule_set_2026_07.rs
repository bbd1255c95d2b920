//! Brings a database up to rule set 2026-07: the certifications and workloads Microsoft's 2026 pages
//! name, the retirement dates those pages give for certifications already stored (a retired
//! certification counts for a year after), rule set 2026-07 itself with 2023-12 now ending on
//! 2026-06-30, and a refresh of every partner with a stored score of July 2026 or later that 2023-12
//! computed. The work is migration 000006's catch-up, run again over the catalogue as it now ships.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;

use crate::catalogue;
use crate::m20261127_000002_catalogue::{bad_data, date};
use crate::m20261202_000006_rule_set_2023_12::catch_up;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let cat = catalogue::catalogue().map_err(|e| bad_data("catalogue.json", e))?;
        for c in cat.certifications.iter().filter(|c| c.retired_on.is_some()) {
            let retired = c.retired_on.as_deref().map(date).transpose()?;
            let stmt = Query::update()
                .table(Alias::new("certifications"))
                .value(Alias::new("retired_on"), retired)
                .and_where(Expr::col(Alias::new("code")).eq(c.code.clone()))
                .to_owned();
            db.execute(&stmt).await?;
        }
        catch_up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The added rows are catalogue data that later scores may refer to; they stay.
        let _ = manager;
        Ok(())
    }
}
