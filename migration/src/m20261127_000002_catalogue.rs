//! Loads the shipped catalogue (`catalogue/`) into the catalogue tables.
#![allow(elided_lifetimes_in_paths)] // MigrationTrait elides the lifetime of SchemaManager; the impls must match it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::catalogue::{self, RULE_SETS};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

pub(crate) fn bad_data(what: &str, e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("the shipped catalogue is invalid ({what}): {e}"))
}

pub(crate) fn date(text: &str) -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| bad_data(text, e))
}

async fn insert(manager: &SchemaManager<'_>, stmt: InsertStatement) -> Result<(), DbErr> {
    manager.get_connection().execute(&stmt).await.map(|_| ())
}

fn into(table: &str, columns: &[&str]) -> InsertStatement {
    Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)))
        .to_owned()
}

/// The fields of a rule-set file the catalogue tables need; the engine reads the rest.
#[derive(serde::Deserialize)]
pub(crate) struct RuleSetHead {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) effective_from: String,
    pub(crate) effective_to: Option<String>,
    pub(crate) source: String,
    designations: Vec<RuleSetDesignation>,
}

#[derive(serde::Deserialize)]
struct RuleSetDesignation {
    code: String,
    metrics: Vec<RuleSetMetric>,
    #[serde(default)]
    eligible_workloads: Vec<String>,
    #[serde(default)]
    eligible_certifications: Vec<RuleSetCertification>,
}

#[derive(serde::Deserialize)]
struct RuleSetMetric {
    metric: String,
    category: String,
    max_points: i64,
}

#[derive(serde::Deserialize)]
struct RuleSetCertification {
    metric: String,
    certification: String,
    step: String,
}

/// Inserts one rule set (its row, with the definition the engine reads, and the catalogue rows derived
/// from it: metrics, eligible workloads and certifications).
pub(crate) async fn insert_rule_set(
    manager: &SchemaManager<'_>,
    file: &str,
    text: &str,
) -> Result<(), DbErr> {
    let head: RuleSetHead = serde_json::from_str(text).map_err(|e| bad_data(file, e))?;
    let mut stmt = into(
        "rule_sets",
        &[
            "code",
            "name",
            "effective_from",
            "effective_to",
            "source",
            "definition",
        ],
    );
    stmt.values_panic([
        head.code.clone().into(),
        head.name.clone().into(),
        date(&head.effective_from)?.into(),
        head.effective_to.as_deref().map(date).transpose()?.into(),
        head.source.clone().into(),
        text.into(),
    ]);
    insert(manager, stmt).await?;

    let mut metrics = into(
        "designation_metrics",
        &[
            "rule_set_code",
            "designation_code",
            "metric_code",
            "category",
            "max_points",
            "sort_order",
        ],
    );
    let mut workloads = into(
        "workload_eligibility",
        &["rule_set_code", "designation_code", "workload_code"],
    );
    let mut certs = into(
        "certification_eligibility",
        &[
            "rule_set_code",
            "designation_code",
            "metric_code",
            "certification_code",
            "step",
        ],
    );
    let (mut any_workload, mut any_cert) = (false, false);
    for d in &head.designations {
        for (i, m) in d.metrics.iter().enumerate() {
            metrics.values_panic([
                head.code.clone().into(),
                d.code.clone().into(),
                m.metric.clone().into(),
                m.category.clone().into(),
                m.max_points.into(),
                (i as i64).into(),
            ]);
        }
        for w in &d.eligible_workloads {
            any_workload = true;
            workloads.values_panic([
                head.code.clone().into(),
                d.code.clone().into(),
                w.clone().into(),
            ]);
        }
        for c in &d.eligible_certifications {
            any_cert = true;
            certs.values_panic([
                head.code.clone().into(),
                d.code.clone().into(),
                c.metric.clone().into(),
                c.certification.clone().into(),
                c.step.clone().into(),
            ]);
        }
    }
    if !head.designations.is_empty() {
        insert(manager, metrics).await?;
    }
    if any_workload {
        insert(manager, workloads).await?;
    }
    if any_cert {
        insert(manager, certs).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let cat = catalogue::catalogue().map_err(|e| bad_data("catalogue.json", e))?;

        let mut stmt = into(
            "designations",
            &["code", "name", "short_name", "sort_order"],
        );
        for d in &cat.designations {
            stmt.values_panic([
                d.code.clone().into(),
                d.name.clone().into(),
                d.short_name.clone().into(),
                d.sort_order.into(),
            ]);
        }
        insert(manager, stmt).await?;

        let mut stmt = into("workloads", &["code", "name", "family", "product_line"]);
        for w in &cat.workloads {
            stmt.values_panic([
                w.code.clone().into(),
                w.name.clone().into(),
                w.family.clone().into(),
                w.product_line.clone().into(),
            ]);
        }
        insert(manager, stmt).await?;

        let mut stmt = into("certifications", &["code", "name", "level", "retired_on"]);
        for c in &cat.certifications {
            let retired = c.retired_on.as_deref().map(date).transpose()?;
            stmt.values_panic([
                c.code.clone().into(),
                c.name.clone().into(),
                c.level.clone().into(),
                retired.into(),
            ]);
        }
        insert(manager, stmt).await?;

        let mut stmt = into("specializations", &["code", "name", "stacking_group"]);
        let mut prereq = into(
            "specialization_prerequisites",
            &["specialization_code", "designation_code"],
        );
        for s in &cat.specializations {
            stmt.values_panic([
                s.code.clone().into(),
                s.name.clone().into(),
                s.stacking_group.clone().into(),
            ]);
            for d in &s.prerequisites {
                prereq.values_panic([s.code.clone().into(), d.clone().into()]);
            }
        }
        insert(manager, stmt).await?;
        insert(manager, prereq).await?;

        let mut stmt = into(
            "stacking_caps",
            &["stacking_group", "max_specializations", "source"],
        );
        for c in &cat.stacking_caps {
            stmt.values_panic([
                c.group.clone().into(),
                c.max_specializations.into(),
                c.source.clone().into(),
            ]);
        }
        insert(manager, stmt).await?;

        let mut stmt = into(
            "benefits",
            &[
                "code",
                "product_group",
                "description",
                "quantity",
                "unit",
                "period",
                "designation_code",
                "specialization_group",
                "source",
            ],
        );
        for b in &cat.benefits {
            stmt.values_panic([
                b.code.clone().into(),
                b.product_group.clone().into(),
                b.description.clone().into(),
                b.quantity.clone().into(),
                b.unit.clone().into(),
                b.period.clone().into(),
                b.designation.clone().into(),
                b.specialization_group.clone().into(),
                b.source.clone().into(),
            ]);
        }
        insert(manager, stmt).await?;

        // The rule sets the catalogue first shipped with; each later one comes with the migration that
        // added it (000006: 2023-12), which also requeues the scores it changes.
        for (file, text) in RULE_SETS.iter().take(1) {
            insert_rule_set(manager, file, text).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Program data refers to the catalogue; refuse before deleting anything rather than fail
        // half-way (SQLite runs this without a surrounding transaction).
        for table in ["partners", "customers", "professionals"] {
            let stmt = Query::select()
                .expr(Expr::cust("1"))
                .from(Alias::new(table))
                .limit(1)
                .to_owned();
            if db.query_one(&stmt).await?.is_some() {
                return Err(DbErr::Migration(format!(
                    "the catalogue cannot be removed while the database holds program data ({table} is not empty)"
                )));
            }
        }
        for table in [
            "certification_eligibility",
            "workload_eligibility",
            "designation_metrics",
            "rule_sets",
            "benefits",
            "stacking_caps",
            "specialization_prerequisites",
            "specializations",
            "certifications",
            "workloads",
            "designations",
        ] {
            db.execute(&Query::delete().from_table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
