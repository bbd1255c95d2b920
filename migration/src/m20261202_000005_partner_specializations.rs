//! The specializations Microsoft granted each partner, with their periods and validation, and the
//! stacking caps of every specialization group the shipped catalogue now names (a database migrated
//! before knew only Security's).
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(
            manager,
            include_str!("../sql/0005_partner_specializations.sql"),
        )
        .await?;
        let cat = crate::catalogue::catalogue().map_err(|e| {
            DbErr::Custom(format!(
                "the shipped catalogue is invalid (stacking caps): {e}"
            ))
        })?;
        for c in &cat.stacking_caps {
            let stmt = Query::insert()
                .into_table(Alias::new("stacking_caps"))
                .columns([
                    Alias::new("stacking_group"),
                    Alias::new("max_specializations"),
                    Alias::new("source"),
                ])
                .values_panic([
                    c.group.clone().into(),
                    c.max_specializations.into(),
                    c.source.clone().into(),
                ])
                .on_conflict(
                    OnConflict::column(Alias::new("stacking_group"))
                        .do_nothing()
                        .to_owned(),
                )
                .to_owned();
            manager.get_connection().execute(&stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::sql::run(manager, "DROP TABLE IF EXISTS partner_specializations;\n").await
    }
}
