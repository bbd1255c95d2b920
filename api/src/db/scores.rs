//! Stored scores: one row per partner, designation and month, with the engine's full breakdown and
//! its summary without facts (what pages read), so reads never wait on a computation. Writes that
//! make scores stale queue the partner in `score_refresh_queue` in their own transaction; [`refresh`]
//! drains the queue, recomputing only the queued partners, and fills in months no partner has yet (a
//! new month of data). Reading scores — stored when fresh, computed when stale or outside the history
//! — is one path: [`scores_for`] for given partners and months, [`page`] for every partner of a month,
//! each reading the summary or the breakdown as the reader's [`Detail`] asks.

use std::collections::HashMap;
use std::time::Instant;

use chrono::Utc;
use entities::{capability_scores, certifications, customer_usage, rule_sets, score_refresh_queue};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

mod read;

use crate::db::score_input;
use crate::domain::Month;
use crate::error::AppError;
use crate::score::{CertificationCatalog, DesignationScore, RuleSet, to_hundredths};

pub use crate::score::Engine;
pub use read::{
    Detail, ListedScore, ScoreCursor, ScoreFilter, ScoreKey, count, page, scores_for, scores_of,
};

/// How many months of scores are kept per partner and designation, ending at the latest month with
/// data. Any other month is computed when asked for.
pub const HISTORY_MONTHS: i32 = 12;

/// Partners computed together: their inputs are read with a handful of queries.
const BATCH: usize = 500;

/// The engine is pure ([`crate::score::Engine`]); reading it from the database is this layer's job.
impl Engine {
    /// Reads every rule set's definition and the certification catalogue.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        let mut rule_sets = Vec::new();
        for row in rule_sets::Entity::find()
            .order_by_asc(rule_sets::Column::EffectiveFrom)
            .all(db)
            .await?
        {
            let rules = RuleSet::from_json(&row.definition).map_err(|e| {
                AppError::Startup(format!(
                    "rule set {} in the database is invalid: {e}",
                    row.code
                ))
            })?;
            rule_sets.push(rules);
        }
        let certs = certifications::Entity::find().all(db).await?;
        let certifications =
            CertificationCatalog::new(certs.into_iter().map(|c| (c.code, c.retired_on)));
        Engine::new(rule_sets, certifications).map_err(|_| {
            AppError::Startup("the database holds no rule set; run the migrations".into())
        })
    }
}

/// The latest month with usage data, if any.
pub async fn latest_data_month(db: &impl ConnectionTrait) -> Result<Option<Month>, AppError> {
    let latest: Option<chrono::NaiveDate> = customer_usage::Entity::find()
        .select_only()
        .column_as(customer_usage::Column::Month.max(), "latest")
        .into_tuple::<Option<chrono::NaiveDate>>()
        .one(db)
        .await?
        .flatten();
    Ok(latest.map(Month::of))
}

/// The months whose scores are stored: the last [`HISTORY_MONTHS`] ending at the latest month with
/// data (or the previous calendar month when there is no usage yet).
pub async fn stored_months(db: &impl ConnectionTrait) -> Result<(Month, Month), AppError> {
    let latest = match latest_data_month(db).await? {
        Some(m) => m,
        None => Month::of(Utc::now().date_naive()).minus(1),
    };
    Ok((latest.minus(HISTORY_MONTHS - 1), latest))
}

/// What a refresh did.
#[derive(Debug, Clone, Default)]
pub struct RefreshReport {
    /// Partners recomputed.
    pub partners: usize,
    /// Score rows written.
    pub rows: usize,
    /// Seconds reading inputs.
    pub read_seconds: f64,
    /// Seconds computing.
    pub compute_seconds: f64,
    /// Seconds writing scores.
    pub write_seconds: f64,
}

impl std::fmt::Display for RefreshReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} partner(s), {} score row(s): read {:.2} s, compute {:.2} s, write {:.2} s",
            self.partners, self.rows, self.read_seconds, self.compute_seconds, self.write_seconds
        )
    }
}

/// Recomputes what is stale: every queued partner from its queued month on, and every partner that
/// has no score yet for the latest stored month. Idempotent; safe to run at any time.
pub async fn refresh(db: &DatabaseConnection, engine: &Engine) -> Result<RefreshReport, AppError> {
    let (first, last) = stored_months(db).await?;
    let mut work: HashMap<i64, Month> = HashMap::new();
    for q in score_refresh_queue::Entity::find().all(db).await? {
        work.insert(q.partner_id, Month::of(q.from_month).max(first));
    }
    let scored: std::collections::HashSet<i64> = capability_scores::Entity::find()
        .select_only()
        .column(capability_scores::Column::PartnerId)
        .filter(capability_scores::Column::Month.eq(last.first_day()))
        .distinct()
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for id in score_input::all_partner_ids(db).await? {
        if !scored.contains(&id) {
            work.insert(id, first);
        }
    }
    let mut ids: Vec<(i64, Month)> = work.into_iter().filter(|(_, from)| *from <= last).collect();
    ids.sort_unstable();
    let mut report = RefreshReport::default();
    for chunk in ids.chunks(BATCH) {
        let from = chunk.iter().map(|(_, m)| *m).min().unwrap_or(first);
        let partner_ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
        recompute_batch(db, engine, &partner_ids, from, last, true, &mut report).await?;
    }
    // Queue rows for months past the stored range have nothing to recompute.
    score_refresh_queue::Entity::delete_many()
        .filter(score_refresh_queue::Column::FromMonth.gt(last.first_day()))
        .exec(db)
        .await?;
    Ok(report)
}

/// Recomputes and stores the scores of every partner for `first..=last`, in batches. With
/// `write: false` only reads and computes (to measure the cost of each part).
pub async fn recompute_all(
    db: &DatabaseConnection,
    engine: &Engine,
    first: Month,
    last: Month,
    write: bool,
) -> Result<RefreshReport, AppError> {
    let ids = score_input::all_partner_ids(db).await?;
    let mut report = RefreshReport::default();
    for chunk in ids.chunks(BATCH) {
        recompute_batch(db, engine, chunk, first, last, write, &mut report).await?;
    }
    Ok(report)
}

/// Reads the inputs of `partner_ids` once, computes every month of `first..=last`, and replaces
/// their stored scores of those months (and their queue rows) in one transaction.
async fn recompute_batch(
    db: &DatabaseConnection,
    engine: &Engine,
    partner_ids: &[i64],
    first: Month,
    last: Month,
    write: bool,
    report: &mut RefreshReport,
) -> Result<(), AppError> {
    let started = Instant::now();
    // The queue entries seen before reading: only these are settled by this recompute. A write that
    // commits later re-queues its partner with a new `queued_at`, which the delete below leaves alone.
    let mut seen: HashMap<chrono::DateTime<Utc>, Vec<i64>> = HashMap::new();
    for ids in partner_ids.chunks(score_input::IN_CHUNK) {
        for q in score_refresh_queue::Entity::find()
            .filter(score_refresh_queue::Column::PartnerId.is_in(ids.iter().copied()))
            .all(db)
            .await?
        {
            seen.entry(q.queued_at).or_default().push(q.partner_id);
        }
    }
    let (from, to) = engine.usage_window(first, last);
    let inputs = score_input::load(db, partner_ids, from, to).await?;
    report.read_seconds += started.elapsed().as_secs_f64();

    let started = Instant::now();
    let computed_at = Utc::now();
    let mut rows = Vec::new();
    for (&partner, data) in &inputs {
        for month in first.through(last) {
            for s in engine.score(data, month) {
                rows.push(to_row(partner, &s, computed_at)?);
            }
        }
    }
    report.compute_seconds += started.elapsed().as_secs_f64();
    report.partners += inputs.len();
    report.rows += rows.len();
    if !write {
        return Ok(());
    }

    let started = Instant::now();
    let txn = db.begin().await?;
    for ids in partner_ids.chunks(score_input::IN_CHUNK) {
        capability_scores::Entity::delete_many()
            .filter(capability_scores::Column::PartnerId.is_in(ids.iter().copied()))
            .filter(capability_scores::Column::Month.between(first.first_day(), last.first_day()))
            .exec(&txn)
            .await?;
    }
    for (queued_at, ids) in &seen {
        for ids in ids.chunks(score_input::IN_CHUNK) {
            score_refresh_queue::Entity::delete_many()
                .filter(score_refresh_queue::Column::PartnerId.is_in(ids.iter().copied()))
                .filter(score_refresh_queue::Column::QueuedAt.eq(*queued_at))
                .exec(&txn)
                .await?;
        }
    }
    // 10 columns a row: stay far below the bind-parameter limits of both databases.
    for batch in rows.chunks(1000) {
        capability_scores::Entity::insert_many(batch.to_vec())
            .on_conflict(
                OnConflict::columns([
                    capability_scores::Column::PartnerId,
                    capability_scores::Column::DesignationCode,
                    capability_scores::Column::Month,
                ])
                .update_columns([
                    capability_scores::Column::RuleSetCode,
                    capability_scores::Column::TotalHundredths,
                    capability_scores::Column::MeetsRequirements,
                    capability_scores::Column::Track,
                    capability_scores::Column::Summary,
                    capability_scores::Column::Breakdown,
                    capability_scores::Column::ComputedAt,
                ])
                .to_owned(),
            )
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    report.write_seconds += started.elapsed().as_secs_f64();
    Ok(())
}

fn to_row(
    partner: i64,
    s: &DesignationScore,
    computed_at: chrono::DateTime<Utc>,
) -> Result<capability_scores::ActiveModel, AppError> {
    let summary = serde_json::to_string(&s.summary()).map_err(AppError::database)?;
    let breakdown = serde_json::to_string(s).map_err(AppError::database)?;
    Ok(capability_scores::ActiveModel {
        partner_id: Set(partner),
        designation_code: Set(s.designation.as_str().to_string()),
        month: Set(s.as_of.first_day()),
        rule_set_code: Set(s.rule_set.clone()),
        total_hundredths: Set(to_hundredths(s.total)),
        meets_requirements: Set(s.meets_requirements),
        track: Set(s.track.clone()),
        summary: Set(summary),
        breakdown: Set(breakdown),
        computed_at: Set(computed_at),
    })
}

/// Queues partners for recomputation from `from` on (keeping an earlier queued month).
pub async fn queue(
    db: &impl ConnectionTrait,
    partners: &[i64],
    from: Month,
) -> Result<(), AppError> {
    let each: Vec<(i64, Month)> = partners.iter().map(|&p| (p, from)).collect();
    Ok(queue_each(db, &each).await?)
}

/// Queues each partner for recomputation from its own month on. A partner already queued keeps the
/// earlier of its queued month and the new one. The one queue upsert: the mutations and the importer
/// both write the queue through it, in their own transaction.
pub async fn queue_each(
    db: &impl ConnectionTrait,
    partners: &[(i64, Month)],
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    for chunk in partners.chunks(1000) {
        let rows = chunk
            .iter()
            .map(|&(p, from)| score_refresh_queue::ActiveModel {
                partner_id: Set(p),
                from_month: Set(from.first_day()),
                queued_at: Set(now),
            });
        score_refresh_queue::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(score_refresh_queue::Column::PartnerId)
                    .value(
                        score_refresh_queue::Column::FromMonth,
                        Expr::cust(
                            "CASE WHEN score_refresh_queue.from_month < excluded.from_month \
                             THEN score_refresh_queue.from_month ELSE excluded.from_month END",
                        ),
                    )
                    .value(score_refresh_queue::Column::QueuedAt, Expr::val(now))
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}
