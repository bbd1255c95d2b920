//! Brings a database migrated before up to the shipped catalogue's rule sets: the certifications and
//! workloads the catalogue now names (SC-100 and MDCA, read by rule set 2023-12), every rule set not
//! yet stored (2023-12),
//! the stored definitions and dates of those that are (2023-07 now ends on 2023-11-30), and a refresh
//! of every partner with a stored score that a rule set no longer in force at its month computed.
//! Like migration 000003 it does not rewrite scores: queued partners are computed on read until the
//! refresh stores them again, so no answer is ever the old rule set's.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Value};

use crate::catalogue::{self, RULE_SETS};
use crate::m20261127_000002_catalogue::{RuleSetHead, bad_data, date, insert_rule_set};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// Queues the partners of the stored scores of months `[from, until)` that another rule set than
/// `code` computed, from their earliest such month (keeping an earlier queued month).
const QUEUE_OTHER_RULE_SET: &str = "INSERT INTO score_refresh_queue (partner_id, from_month, queued_at) \
     SELECT partner_id, MIN(month), CURRENT_TIMESTAMP FROM capability_scores \
     WHERE month >= $1 AND month < $2 AND rule_set_code <> $3 GROUP BY partner_id \
     ON CONFLICT (partner_id) DO UPDATE SET \
     from_month = CASE WHEN score_refresh_queue.from_month < excluded.from_month \
     THEN score_refresh_queue.from_month ELSE excluded.from_month END, \
     queued_at = excluded.queued_at";

/// Inserts one catalogue row unless its `code` is stored already.
async fn insert_missing(
    db: &impl ConnectionTrait,
    table: &str,
    columns: [&str; 4],
    values: [sea_orm_migration::sea_orm::Value; 4],
) -> Result<(), DbErr> {
    let stmt = Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.map(Alias::new))
        .values_panic(values.map(Into::into))
        .on_conflict(
            OnConflict::column(Alias::new("code"))
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    db.execute(&stmt).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        catch_up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The added rows are catalogue data that later scores may refer to; they stay.
        let _ = manager;
        Ok(())
    }
}

/// Inserts the catalogue's certifications, workloads and rule sets not yet stored, updates the stored
/// rule sets' definitions and dates, and queues every partner whose stored scores a rule set no longer
/// in force at their month computed. Running it again changes nothing.
pub(crate) async fn catch_up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let cat = catalogue::catalogue().map_err(|e| bad_data("catalogue.json", e))?;
    for c in &cat.certifications {
        let retired = c.retired_on.as_deref().map(date).transpose()?;
        let values = [
            c.code.clone().into(),
            c.name.clone().into(),
            c.level.clone().into(),
            retired.into(),
        ];
        insert_missing(
            db,
            "certifications",
            ["code", "name", "level", "retired_on"],
            values,
        )
        .await?;
    }
    for w in &cat.workloads {
        let values = [
            w.code.clone().into(),
            w.name.clone().into(),
            w.family.clone().into(),
            w.product_line.clone().into(),
        ];
        insert_missing(
            db,
            "workloads",
            ["code", "name", "family", "product_line"],
            values,
        )
        .await?;
    }

    let mut starts = Vec::new();
    for (file, text) in RULE_SETS {
        let head: RuleSetHead = serde_json::from_str(text).map_err(|e| bad_data(file, e))?;
        let stored = Query::select()
            .expr(Expr::cust("1"))
            .from(Alias::new("rule_sets"))
            .and_where(Expr::col(Alias::new("code")).eq(head.code.clone()))
            .to_owned();
        if db.query_one(&stored).await?.is_some() {
            let update = Query::update()
                .table(Alias::new("rule_sets"))
                .values([
                    (Alias::new("name"), head.name.clone().into()),
                    (
                        Alias::new("effective_to"),
                        head.effective_to.as_deref().map(date).transpose()?.into(),
                    ),
                    (Alias::new("source"), head.source.clone().into()),
                    (Alias::new("definition"), (*text).into()),
                ])
                .and_where(Expr::col(Alias::new("code")).eq(head.code.clone()))
                .to_owned();
            db.execute(&update).await?;
        } else {
            insert_rule_set(manager, file, text).await?;
        }
        starts.push((date(&head.effective_from)?, head.code));
    }

    // A month is scored by the rule set in force on its last day: rule set i covers the months
    // from the one its first day falls in up to the next rule set's.
    starts.sort();
    let month_of = |d: chrono::NaiveDate| {
        chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&d), chrono::Datelike::month(&d), 1)
            .unwrap_or(d)
    };
    for (i, (from, code)) in starts.iter().enumerate() {
        // The oldest rule set also scores every month before it.
        let first = if i == 0 {
            chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default()
        } else {
            month_of(*from)
        };
        let until = starts.get(i + 1).map_or(
            chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
            |(next, _)| month_of(*next),
        );
        let stmt = sea_orm_migration::sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            match db.get_database_backend() {
                sea_orm_migration::sea_orm::DbBackend::Postgres => QUEUE_OTHER_RULE_SET.to_owned(),
                _ => QUEUE_OTHER_RULE_SET.replace('$', "?"),
            },
            [
                Value::from(first),
                Value::from(until),
                Value::from(code.clone()),
            ],
        );
        db.execute_raw(stmt).await?;
    }
    Ok(())
}
