//! Draining the refresh queue, by any number of drainers at once: every `serve` replica's
//! background drainer, the writes of each replica (their own partners only) and the command line.
//!
//! A drainer **claims** a batch of queue rows — `UPDATE … SET claimed_by, claimed_until WHERE
//! partner_id IN (SELECT … WHERE unclaimed or lease passed ORDER BY partner_id LIMIT n FOR UPDATE
//! SKIP LOCKED) RETURNING …` (SQLite has one writer at a time and no row locks; the same statement
//! without the locking clause) — so no other drainer takes them. It recomputes them, then
//! **settles** them in the transaction that stores their scores: it locks the rows it still holds,
//! deletes those whose `queued_at` is still the one it claimed, and releases the others, which a
//! write re-queued meanwhile (the next drain recomputes them with the new inputs). A claim lasts
//! [`LEASE`]; a drainer that crashed leaves claims that another takes over once the lease has passed,
//! and a drainer that finds its claim taken over stores nothing for that partner.
//!
//! Reads do not depend on any of this: a queued partner's scores are computed when read.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entities::score_refresh_queue as queue;
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use tokio::sync::Notify;

use super::{BATCH, Computed, Engine, RefreshReport, announce, compute, store, stored_months};
use crate::db::score_input::IN_CHUNK;
use crate::domain::Month;
use crate::error::AppError;

/// How long a claim holds. Far longer than a batch takes; a crashed drainer's partners wait this long
/// (their scores are computed when read meanwhile).
pub const LEASE: Duration = Duration::from_secs(5 * 60);

/// Queue rows claimed by one drainer.
#[derive(Debug)]
pub struct Claim {
    drainer: String,
    rows: Vec<queue::Model>,
}

impl Claim {
    /// The claimed partners (database ids), in id order.
    pub fn partners(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.partner_id).collect()
    }

    /// Whether nothing was claimed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Claims up to `batch` queue rows that no drainer holds (or whose lease has passed), for `lease`;
/// with `only`, among those partners only.
pub async fn claim(
    db: &DatabaseConnection,
    batch: usize,
    lease: Duration,
    only: Option<&[i64]>,
) -> Result<Claim, AppError> {
    let drainer = format!("{}-{:016x}", std::process::id(), rand::random::<u64>());
    let now = Utc::now();
    let until = chrono::Duration::from_std(lease)
        .ok()
        .and_then(|lease| now.checked_add_signed(lease))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let mut free = Query::select();
    free.column(queue::Column::PartnerId)
        .from(queue::Entity)
        .cond_where(
            Condition::any()
                .add(queue::Column::ClaimedUntil.is_null())
                .add(queue::Column::ClaimedUntil.lt(now)),
        )
        .order_by(queue::Column::PartnerId, Order::Asc)
        .limit(batch.max(1) as u64)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    if let Some(ids) = only {
        if ids.is_empty() {
            return Ok(Claim {
                drainer,
                rows: Vec::new(),
            });
        }
        free.and_where(queue::Column::PartnerId.is_in(ids.iter().copied()));
    }
    // sea-orm's `exec_with_returning` refuses SQLite, which has had `RETURNING` since 3.35.
    let mut update = Query::update();
    update
        .table(queue::Entity)
        .value(queue::Column::ClaimedBy, Expr::val(drainer.clone()))
        .value(queue::Column::ClaimedUntil, Expr::val(until))
        .and_where(queue::Column::PartnerId.in_subquery(free))
        .returning_all();
    let mut rows = db
        .query_all_raw(db.get_database_backend().build(&update))
        .await?
        .iter()
        .map(|row| queue::Model::from_query_result(row, ""))
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_unstable_by_key(|r| r.partner_id);
    Ok(Claim { drainer, rows })
}

/// Recomputes the claimed partners from their queued months on and settles their queue rows (see
/// the module): deleted when unchanged since the claim, released when re-queued meanwhile. Partners
/// whose claim another drainer took over are neither stored nor touched.
pub async fn settle(
    db: &DatabaseConnection,
    engine: &Engine,
    claim: Claim,
    report: &mut RefreshReport,
) -> Result<(), AppError> {
    if claim.rows.is_empty() {
        return Ok(());
    }
    let (first, last) = stored_months(db).await?;
    // Rows queued past the stored months have nothing to recompute: they are only settled.
    let work: Vec<&queue::Model> = claim
        .rows
        .iter()
        .filter(|r| Month::of(r.from_month) <= last)
        .collect();
    let from = work
        .iter()
        .map(|r| Month::of(r.from_month).max(first))
        .min();
    let work_ids: Vec<i64> = work.iter().map(|r| r.partner_id).collect();
    let mut computed = match from {
        Some(from) => compute(db, engine, &work_ids, from, last, true, report).await?,
        None => Computed::default(),
    };

    let started = std::time::Instant::now();
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    // The rows this drainer still holds, locked until the commit: a concurrent re-queue waits for it
    // (and then inserts afresh), or committed first and shows here as a new `queued_at`.
    let mut held: Vec<queue::Model> = Vec::new();
    for ids in claim.partners().chunks(IN_CHUNK) {
        let mut select = queue::Entity::find()
            .filter(queue::Column::PartnerId.is_in(ids.iter().copied()))
            .filter(queue::Column::ClaimedBy.eq(claim.drainer.as_str()))
            .order_by_asc(queue::Column::PartnerId);
        if db.get_database_backend() == DbBackend::Postgres {
            select = select.lock_exclusive();
        }
        held.extend(select.all(&txn).await?);
    }
    let claimed_at: std::collections::HashMap<i64, DateTime<Utc>> = claim
        .rows
        .iter()
        .map(|r| (r.partner_id, r.queued_at))
        .collect();
    let (done, requeued): (Vec<&queue::Model>, Vec<&queue::Model>) = held
        .iter()
        .partition(|r| claimed_at.get(&r.partner_id) == Some(&r.queued_at));
    let mut raised = 0;
    if let Some(from) = from {
        let kept: std::collections::HashSet<i64> = held.iter().map(|r| r.partner_id).collect();
        let ids: Vec<i64> = work_ids
            .iter()
            .copied()
            .filter(|p| kept.contains(p))
            .collect();
        computed.retain(|p| kept.contains(&p));
        raised = store(&txn, &ids, from, last, computed).await?;
    }
    let done: Vec<i64> = done.iter().map(|r| r.partner_id).collect();
    for ids in done.chunks(IN_CHUNK) {
        queue::Entity::delete_many()
            .filter(queue::Column::PartnerId.is_in(ids.iter().copied()))
            .exec(&txn)
            .await?;
    }
    let requeued: Vec<i64> = requeued.iter().map(|r| r.partner_id).collect();
    release(&txn, &claim.drainer, &requeued).await?;
    txn.commit().await?;
    announce(raised);
    report.write_seconds += started.elapsed().as_secs_f64();
    Ok(())
}

/// Gives the rows of `partners` that `drainer` holds back to every drainer.
async fn release(
    db: &impl ConnectionTrait,
    drainer: &str,
    partners: &[i64],
) -> Result<(), AppError> {
    for ids in partners.chunks(IN_CHUNK) {
        queue::Entity::update_many()
            .col_expr(
                queue::Column::ClaimedBy,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                queue::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(queue::Column::ClaimedBy.eq(drainer))
            .filter(queue::Column::PartnerId.is_in(ids.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Claims and settles batches until nothing is left to claim (or `keep_going` says stop, checked
/// between batches); `only` limits it to those partners. A batch that fails releases its claim.
async fn drain_claims(
    db: &DatabaseConnection,
    engine: &Engine,
    batch: usize,
    only: Option<&[i64]>,
    keep_going: &(dyn Fn() -> bool + Sync),
) -> Result<RefreshReport, AppError> {
    let mut report = RefreshReport::default();
    while keep_going() {
        let claim = claim(db, batch, LEASE, only).await?;
        if claim.is_empty() {
            break;
        }
        let partners = claim.partners();
        let drainer = claim.drainer.clone();
        if let Err(e) = settle(db, engine, claim, &mut report).await {
            // Best effort: if this fails too, the lease frees them.
            let _ = release(db, &drainer, &partners).await;
            return Err(e);
        }
    }
    Ok(report)
}

/// Drains the whole queue: what any writer, replica or import queued and no drainer holds.
pub async fn drain(db: &DatabaseConnection, engine: &Engine) -> Result<RefreshReport, AppError> {
    drain_claims(db, engine, BATCH, None, &|| true).await
}

/// [`drain`] in claims of `batch` partners, stopping between batches once `keep_going` says so (a
/// server shutting down).
pub async fn drain_while(
    db: &DatabaseConnection,
    engine: &Engine,
    batch: usize,
    keep_going: &(dyn Fn() -> bool + Sync),
) -> Result<RefreshReport, AppError> {
    drain_claims(db, engine, batch, None, keep_going).await
}

/// Drains the queue rows of `partners` only (a write's own partners): a change reaches stored
/// scores without waiting for anything else queued. A row another drainer holds is left to it.
pub async fn drain_partners(
    db: &DatabaseConnection,
    engine: &Engine,
    partners: &[i64],
) -> Result<RefreshReport, AppError> {
    drain_claims(db, engine, BATCH, Some(partners), &|| true).await
}

/// Wakes this process's background drainer (after a local write queued partners).
static WAKE: Notify = Notify::const_new();

/// Wakes this process's background drainer, if it runs; else the next [`woken`] returns at once.
pub fn wake_drainers() {
    WAKE.notify_one();
}

/// Returns when [`wake_drainers`] was called (since the last return).
pub async fn woken() {
    WAKE.notified().await;
}
