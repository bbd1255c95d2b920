//! Stored scores: one row per partner, designation and month, with the engine's full breakdown and
//! its summary without tracks, options or facts (what pages read), so reads never wait on a
//! computation. Writes that make scores stale queue the partner in `score_refresh_queue` in their own
//! transaction; drainers (`drain.rs`: every `serve` replica, the command line) claim queued partners,
//! recompute only those and settle their queue rows; [`refresh`] also queues the partners no month of
//! scores covers yet (a new month of data). Reading scores — stored when fresh, computed when stale or
//! outside the history — is one path: [`scores_for`] for given partners and months, [`page`] for every
//! partner of a month, each reading the summary or the breakdown as the reader's [`Detail`] asks.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::Utc;
use entities::{
    capability_scores, certifications, customer_usage, partners, rule_sets, score_refresh_queue,
};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

mod drain;
mod read;

use crate::db::{events, score_input};
use crate::domain::Month;
use crate::error::AppError;
use crate::score::{CertificationCatalog, DesignationScore, RuleSet, forecast, to_hundredths};

pub use crate::score::Engine;
pub use drain::{
    Claim, LEASE, claim, drain, drain_partners, drain_while, settle, wake_drainers, woken,
};
pub use read::{
    Detail, ListedScore, ScoreCursor, ScoreFilter, ScoreKey, count, forecast, page, scores_for,
    scores_of, scores_under, stale_at,
};

/// How many months of scores are kept per partner and designation, ending at the latest month with
/// data. Any other month is computed when asked for.
pub const HISTORY_MONTHS: i32 = 12;

/// Partners computed together (and claimed together by a drainer): their inputs are read with a
/// handful of queries.
pub const BATCH: usize = 500;

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

/// Recomputes what is stale: first queues every partner that has no score yet for the latest stored
/// month ([`queue_unscored`]: a new month of data, a partner never scored), then drains the queue
/// ([`drain`]). For start-up and after an import; a write drains only its own partners
/// ([`drain_partners`]). Idempotent; safe to run at any time, by any number of processes at once.
pub async fn refresh(db: &DatabaseConnection, engine: &Engine) -> Result<RefreshReport, AppError> {
    queue_unscored(db).await?;
    drain(db, engine).await
}

/// Queues, from the first stored month, every partner without a score for the latest stored month;
/// how many there were. One scan of the partners and of that month's scores: for start-up and after
/// an import, not after every write.
pub async fn queue_unscored(db: &DatabaseConnection) -> Result<usize, AppError> {
    let (first, last) = stored_months(db).await?;
    let scored = Query::select()
        .column(capability_scores::Column::PartnerId)
        .from(capability_scores::Entity)
        .and_where(capability_scores::Column::Month.eq(last.first_day()))
        .to_owned();
    let ids: Vec<i64> = partners::Entity::find()
        .select_only()
        .column(partners::Column::Id)
        .filter(partners::Column::Id.not_in_subquery(scored))
        .order_by_asc(partners::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    queue(db, &ids, first).await?;
    Ok(ids.len())
}

/// Recomputes and stores the scores of every partner for `first..=last`, in batches. With
/// `write: false` only reads and computes (to measure the cost of each part). The queue is left to
/// the drainers: a partner queued stays so until one of them settles it.
pub async fn recompute_all(
    db: &DatabaseConnection,
    engine: &Engine,
    first: Month,
    last: Month,
    write: bool,
) -> Result<RefreshReport, AppError> {
    let ids = score_input::all_partner_ids(db).await?;
    // Events and forecast verdicts are about the latest stored month only.
    let latest = stored_months(db).await?.1 == last;
    let mut report = RefreshReport::default();
    for chunk in ids.chunks(BATCH) {
        let rows = compute(db, engine, chunk, first, last, latest, &mut report).await?;
        if write {
            let started = Instant::now();
            let txn = db.begin().await?;
            let raised = store(&txn, chunk, first, last, rows).await?;
            txn.commit().await?;
            announce(raised);
            report.write_seconds += started.elapsed().as_secs_f64();
        }
    }
    Ok(report)
}

/// The score rows of a batch of partners, and their latest month's scores with the forecast verdict
/// (what events compare).
#[derive(Debug, Default)]
pub(crate) struct Computed {
    rows: Vec<capability_scores::ActiveModel>,
    latest: Vec<events::Latest>,
}

impl Computed {
    /// Only the partners `keep` says.
    fn retain(&mut self, keep: impl Fn(i64) -> bool) {
        self.rows.retain(|r| keep(*r.partner_id.as_ref()));
        self.latest.retain(|l| keep(l.partner));
    }
}

/// Reads the inputs of `partner_ids` once and computes every month of `first..=last`: the score rows
/// to store. When `last` is the latest stored month (`latest`), each designation met then is also
/// forecast to the partner's risk horizon ([`forecast::risk_horizon`]), the first month it would be
/// lost is stored with it, and its score is kept for the events. Partners that do not exist are left
/// out.
async fn compute(
    db: &DatabaseConnection,
    engine: &Engine,
    partner_ids: &[i64],
    first: Month,
    last: Month,
    latest: bool,
    report: &mut RefreshReport,
) -> Result<Computed, AppError> {
    let started = Instant::now();
    let (from, to) = engine.usage_window(first, last);
    let inputs = score_input::load(db, partner_ids, from, to).await?;
    let anniversaries = anniversaries(db, partner_ids).await?;
    report.read_seconds += started.elapsed().as_secs_f64();

    let started = Instant::now();
    let computed_at = Utc::now();
    let mut out = Computed::default();
    for (&partner, data) in &inputs {
        // The partner's rows held flat through its risk horizon, made once if a designation is met.
        let mut held: Option<(crate::score::PartnerData, Month)> = None;
        for month in first.through(last) {
            for s in engine.score(data, month) {
                let mut row = to_row(partner, &s, computed_at)?;
                if latest && month == last {
                    let at_risk_from = if s.meets_requirements {
                        let (held, end) = held.get_or_insert_with(|| {
                            let anniversary = anniversaries.get(&partner).copied().flatten();
                            let end = last.plus(forecast::risk_horizon(anniversary, last));
                            (forecast::hold_flat(data, last, end), end)
                        });
                        forecast::at_risk_from(engine, held, last, *end, s.designation)
                    } else {
                        None
                    };
                    row.at_risk_from = Set(at_risk_from.map(Month::first_day));
                    out.latest.push(events::Latest {
                        partner,
                        score: s,
                        at_risk_from,
                    });
                }
                out.rows.push(row);
            }
        }
    }
    report.compute_seconds += started.elapsed().as_secs_f64();
    report.partners += inputs.len();
    report.rows += out.rows.len();
    Ok(out)
}

/// The anniversary date of each of `partner_ids`.
async fn anniversaries(
    db: &DatabaseConnection,
    partner_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Option<chrono::NaiveDate>>, AppError> {
    let mut out = std::collections::HashMap::new();
    for ids in partner_ids.chunks(score_input::IN_CHUNK) {
        let rows: Vec<(i64, Option<chrono::NaiveDate>)> = partners::Entity::find()
            .select_only()
            .column(partners::Column::Id)
            .column(partners::Column::AnniversaryDate)
            .filter(partners::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Replaces the stored scores of `partner_ids` for `first..=last` with `computed`, in the caller's
/// transaction, and records the events the change of the latest month raises
/// ([`events::record`], with their webhook deliveries). How many events; the caller wakes the event
/// readers and deliverers after its commit ([`announce`]).
async fn store(
    txn: &impl ConnectionTrait,
    partner_ids: &[i64],
    first: Month,
    last: Month,
    computed: Computed,
) -> Result<usize, AppError> {
    let Computed { rows, latest } = computed;
    let raised = events::record(txn, partner_ids, last, &latest).await?;
    // The months as a list, not a range: with both conditions equalities, PostgreSQL bounds its
    // index scans by month and partner; a range on the month would read the whole of every month
    // in the range for each batch, which grows with the number of partners.
    let months: Vec<_> = first.through(last).map(Month::first_day).collect();
    let rows_written = rows.len();
    for ids in partner_ids.chunks(score_input::IN_CHUNK) {
        capability_scores::Entity::delete_many()
            .filter(capability_scores::Column::PartnerId.is_in(ids.iter().copied()))
            .filter(capability_scores::Column::Month.is_in(months.iter().copied()))
            .exec(txn)
            .await?;
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
                    capability_scores::Column::AtRiskFrom,
                ])
                .to_owned(),
            )
            .exec(txn)
            .await?;
    }
    refresh_statistics(txn, rows_written).await?;
    Ok(raised)
}

/// After a commit that wrote `events` events: wakes this process's subscriptions and deliverers.
pub(crate) fn announce(events: usize) {
    if events > 0 {
        events::wake();
        events::wake_deliverers();
    }
}

/// Score rows this process has written since it last refreshed PostgreSQL's statistics of the table.
static WRITTEN_SINCE_ANALYZE: AtomicUsize = AtomicUsize::new(0);

/// Score rows after which [`store`] refreshes PostgreSQL's statistics of `capability_scores`.
const ANALYZE_AFTER_ROWS: usize = 50_000;

/// On PostgreSQL, runs `ANALYZE capability_scores` once this process has written
/// [`ANALYZE_AFTER_ROWS`] rows since it last did. A first load fills the table far faster than
/// autovacuum analyzes it (its workers are busy with the usage the import just wrote); without
/// statistics the planner answers each batch's delete by reading every row of the month, which made a
/// full recompute grow with the square of the partners. With them, the delete is an index scan bounded
/// by month and partner.
async fn refresh_statistics(txn: &impl ConnectionTrait, rows: usize) -> Result<(), AppError> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let written = WRITTEN_SINCE_ANALYZE.fetch_add(rows, Ordering::Relaxed) + rows;
    if written >= ANALYZE_AFTER_ROWS {
        WRITTEN_SINCE_ANALYZE.store(0, Ordering::Relaxed);
        txn.execute_unprepared("ANALYZE capability_scores").await?;
    }
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
        at_risk_from: Set(None),
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
/// earlier of its queued month and the new one, and gets a new `queued_at`. The one queue upsert:
/// the mutations and the importer both write the queue through it, in their own transaction.
///
/// A claim on the row ([`drain`]) is kept: the drainer that holds it sees the new `queued_at` when it
/// settles, keeps the row and releases it, and the next drain recomputes it. Clearing the claim here
/// instead would let a second drainer recompute the partner while the first still holds older inputs,
/// and the first could then overwrite fresh scores with stale ones. Partners are written in id order,
/// the order drainers lock rows in, so the two never deadlock each other.
pub async fn queue_each(
    db: &impl ConnectionTrait,
    partners: &[(i64, Month)],
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let mut partners = partners.to_vec();
    partners.sort_unstable();
    partners.dedup_by_key(|(p, _)| *p);
    for chunk in partners.chunks(1000) {
        let rows = chunk
            .iter()
            .map(|&(p, from)| score_refresh_queue::ActiveModel {
                partner_id: Set(p),
                from_month: Set(from.first_day()),
                queued_at: Set(now),
                ..Default::default()
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
