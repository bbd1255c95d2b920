//! Webhook deliveries: queued with their event (`db::events`, in the refresh's transaction), claimed
//! by any number of deliverers at once ([`claim_due`]: `FOR UPDATE SKIP LOCKED` on PostgreSQL, like
//! the refresh queue), settled after each batch of attempts ([`settle`]: delivered, or the next
//! attempt after an exponential back-off, or failed after the last), and read as the delivery log.
//!
//! A claim lasts a lease far longer than one attempt takes; a deliverer that dies mid-attempt leaves
//! it to another once the lease has passed, so a receiver may see an event twice in that case only,
//! under the same `webhook-id`.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entities::{score_events, webhook_deliveries, webhooks};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, Value,
};

use super::{Delivery, Webhook};
use crate::db::events::ScoreEvent;
use crate::db::score_input::IN_CHUNK;
use crate::error::AppError;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeliveryStatus {
    /// Not delivered yet; the next attempt is due at `next_attempt_at`.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed.
    Failed,
}

impl DeliveryStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "PENDING",
            DeliveryStatus::Delivered => "DELIVERED",
            DeliveryStatus::Failed => "FAILED",
        }
    }

    /// The status of a stored name.
    pub fn parse(s: &str) -> Self {
        match s {
            "DELIVERED" => DeliveryStatus::Delivered,
            "FAILED" => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        }
    }
}

/// How deliveries are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; each later one doubles it.
    pub base: Duration,
    /// The longest wait between two attempts.
    pub max_wait: Duration,
    /// Attempts before a delivery is `FAILED`.
    pub max_attempts: i32,
}

impl Default for RetryPolicy {
    /// 10 s, 20 s, 40 s, … up to 6 hours between attempts, 16 attempts (about a day and a half).
    fn default() -> Self {
        Self {
            base: Duration::from_secs(10),
            max_wait: Duration::from_secs(6 * 3600),
            max_attempts: 16,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failed attempt (1 for the first).
    pub fn wait_after(&self, attempts: i32) -> Duration {
        let doublings = attempts.saturating_sub(1).clamp(0, 30) as u32;
        self.base
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max_wait)
            .min(self.max_wait)
    }
}

/// A claimed delivery with what sending it needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The delivery as claimed.
    pub delivery: Delivery,
    /// Its webhook.
    pub webhook: Webhook,
    /// Its event.
    pub event: ScoreEvent,
    /// The event's partner (PartnerID), if it has one.
    pub partner: Option<String>,
    /// The claim's holder.
    pub claimed_by: String,
}

/// Claims up to `limit` due deliveries of webhooks that are not paused (oldest due first) for
/// `lease`, with their webhooks and events.
pub async fn claim_due(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
) -> Result<Vec<Claimed>, AppError> {
    let backend = db.get_database_backend();
    let holder = format!("{}-{:016x}", std::process::id(), rand::random::<u64>());
    let now = Utc::now();
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
    let (p, lock) = match backend {
        DbBackend::Postgres => (["$1", "$2", "$3", "$4", "$5"], " FOR UPDATE SKIP LOCKED"),
        _ => (["?", "?", "?", "?", "?"], ""),
    };
    // PostgreSQL refuses FOR UPDATE with a join to rows it does not lock: the paused check is a
    // subquery.
    let sql = format!(
        "UPDATE webhook_deliveries SET claimed_by = {}, claimed_until = {} \
         WHERE id IN (SELECT d.id FROM webhook_deliveries d \
           WHERE d.status = 'PENDING' AND d.next_attempt_at <= {} \
             AND (d.claimed_until IS NULL OR d.claimed_until < {}) \
             AND d.webhook_id IN (SELECT w.id FROM webhooks w WHERE w.paused = FALSE) \
           ORDER BY d.next_attempt_at, d.id LIMIT {}{lock}) \
         RETURNING id",
        p[0], p[1], p[2], p[3], p[4]
    );
    let values: Vec<Value> = vec![
        holder.clone().into(),
        until.into(),
        now.into(),
        now.into(),
        (limit.max(1) as i64).into(),
    ];
    let ids: Vec<i64> = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .iter()
        .map(|row| row.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = webhook_deliveries::Entity::find()
        .filter(webhook_deliveries::Column::Id.is_in(ids.iter().copied()))
        .filter(webhook_deliveries::Column::ClaimedBy.eq(holder.as_str()))
        .order_by_asc(webhook_deliveries::Column::NextAttemptAt)
        .order_by_asc(webhook_deliveries::Column::Id)
        .all(db)
        .await?;
    let hooks: BTreeMap<i64, Webhook> = webhooks::Entity::find()
        .filter(webhooks::Column::Id.is_in(rows.iter().map(|d| d.webhook_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    let events: BTreeMap<i64, ScoreEvent> = score_events::Entity::find()
        .filter(score_events::Column::Id.is_in(rows.iter().map(|d| d.event_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let partners: BTreeMap<i64, String> = entities::partners::Entity::find()
        .select_only()
        .column(entities::partners::Column::Id)
        .column(entities::partners::Column::PartnerId)
        .filter(entities::partners::Column::Id.is_in(events.values().filter_map(|e| e.partner_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|d| {
            let event = events.get(&d.event_id)?.clone();
            Some(Claimed {
                webhook: hooks.get(&d.webhook_id)?.clone(),
                partner: event.partner_id.and_then(|p| partners.get(&p).cloned()),
                event,
                delivery: d,
                claimed_by: holder.clone(),
            })
        })
        .collect())
}

/// What one attempt gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The receiver's status code, if it answered.
    pub status_code: Option<u16>,
    /// Why it failed (`None`: a 2xx answer).
    pub error: Option<String>,
}

/// Records one attempt of each claimed delivery and releases the claims, in one transaction (one
/// commit for a batch, not one per delivery): `DELIVERED` on success, else due again after the
/// policy's wait, or `FAILED` after its last attempt. A claim another deliverer took over meanwhile
/// is left alone.
pub async fn settle(
    db: &DatabaseConnection,
    attempts: &[(Claimed, Outcome)],
    policy: &RetryPolicy,
) -> Result<(), AppError> {
    if attempts.is_empty() {
        return Ok(());
    }
    let txn = crate::db::professionals::begin(db).await?;
    for (claimed, outcome) in attempts {
        settle_one(&txn, claimed, outcome, policy).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn settle_one(
    txn: &impl ConnectionTrait,
    claimed: &Claimed,
    outcome: &Outcome,
    policy: &RetryPolicy,
) -> Result<(), AppError> {
    use sea_orm::sea_query::Expr;
    let now = Utc::now();
    let attempts = claimed.delivery.attempts.saturating_add(1);
    let (status, next, delivered_at) = match &outcome.error {
        None => (
            DeliveryStatus::Delivered,
            claimed.delivery.next_attempt_at,
            Some(now),
        ),
        Some(_) if attempts >= policy.max_attempts => (
            DeliveryStatus::Failed,
            claimed.delivery.next_attempt_at,
            None,
        ),
        Some(_) => {
            let wait = chrono::Duration::from_std(policy.wait_after(attempts))
                .unwrap_or(chrono::Duration::hours(6));
            (DeliveryStatus::Pending, now + wait, None)
        }
    };
    let error: Option<String> = outcome
        .error
        .as_ref()
        .map(|e| e.chars().take(500).collect());
    webhook_deliveries::Entity::update_many()
        .col_expr(
            webhook_deliveries::Column::Status,
            Expr::val(status.as_str()),
        )
        .col_expr(webhook_deliveries::Column::Attempts, Expr::val(attempts))
        .col_expr(webhook_deliveries::Column::NextAttemptAt, Expr::val(next))
        .col_expr(
            webhook_deliveries::Column::LastAttemptAt,
            Expr::val(Some(now)),
        )
        .col_expr(
            webhook_deliveries::Column::LastStatusCode,
            Expr::val(outcome.status_code.map(i32::from)),
        )
        .col_expr(webhook_deliveries::Column::LastError, Expr::val(error))
        .col_expr(
            webhook_deliveries::Column::DeliveredAt,
            Expr::val(delivered_at),
        )
        .col_expr(
            webhook_deliveries::Column::ClaimedBy,
            Expr::val(Option::<String>::None),
        )
        .col_expr(
            webhook_deliveries::Column::ClaimedUntil,
            Expr::val(Option::<DateTime<Utc>>::None),
        )
        .filter(webhook_deliveries::Column::Id.eq(claimed.delivery.id))
        .filter(webhook_deliveries::Column::ClaimedBy.eq(claimed.claimed_by.as_str()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Which deliveries of a webhook to list.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    /// Only those with this status.
    pub status: Option<DeliveryStatus>,
    /// Only those with an id below this one (the log is read newest first).
    pub before: Option<i64>,
}

/// The deliveries of `webhook`, newest first, at most `limit`.
pub async fn deliveries(
    db: &impl ConnectionTrait,
    webhook: i64,
    filter: &DeliveryFilter,
    limit: u64,
) -> Result<Vec<Delivery>, AppError> {
    let mut q = webhook_deliveries::Entity::find()
        .filter(webhook_deliveries::Column::WebhookId.eq(webhook))
        .order_by_desc(webhook_deliveries::Column::Id);
    if let Some(s) = filter.status {
        q = q.filter(webhook_deliveries::Column::Status.eq(s.as_str()));
    }
    if let Some(b) = filter.before {
        q = q.filter(webhook_deliveries::Column::Id.lt(b));
    }
    Ok(q.limit(limit).all(db).await?)
}

/// How many deliveries of each of `webhooks` have each status.
pub async fn counts(
    db: &impl ConnectionTrait,
    webhooks: &[i64],
) -> Result<BTreeMap<(i64, DeliveryStatus), u64>, AppError> {
    let mut out = BTreeMap::new();
    for chunk in webhooks.chunks(IN_CHUNK) {
        let rows: Vec<(i64, String, i64)> = webhook_deliveries::Entity::find()
            .select_only()
            .column(webhook_deliveries::Column::WebhookId)
            .column(webhook_deliveries::Column::Status)
            .column_as(webhook_deliveries::Column::Id.count(), "n")
            .filter(webhook_deliveries::Column::WebhookId.is_in(chunk.iter().copied()))
            .group_by(webhook_deliveries::Column::WebhookId)
            .group_by(webhook_deliveries::Column::Status)
            .into_tuple()
            .all(db)
            .await?;
        for (w, s, n) in rows {
            out.insert((w, DeliveryStatus::parse(&s)), n.max(0) as u64);
        }
    }
    Ok(out)
}

/// Deletes events older than `keep` that no pending delivery still needs (with their settled
/// deliveries); how many.
pub async fn prune(db: &DatabaseConnection, keep: Duration) -> Result<u64, AppError> {
    let cutoff =
        Utc::now() - chrono::Duration::from_std(keep).unwrap_or(chrono::Duration::days(30));
    let pending = sea_orm::sea_query::Query::select()
        .column(webhook_deliveries::Column::EventId)
        .from(webhook_deliveries::Entity)
        .and_where(webhook_deliveries::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .to_owned();
    let old = sea_orm::sea_query::Query::select()
        .column(score_events::Column::Id)
        .from(score_events::Entity)
        .and_where(score_events::Column::CreatedAt.lt(cutoff))
        .and_where(score_events::Column::Id.not_in_subquery(pending.clone()))
        .to_owned();
    webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::EventId.in_subquery(old))
        .exec(db)
        .await?;
    let done = score_events::Entity::delete_many()
        .filter(score_events::Column::CreatedAt.lt(cutoff))
        .filter(score_events::Column::Id.not_in_subquery(pending))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// Wakes this process's deliverer, if it runs; else its next [`woken`] returns at once.
pub fn wake() {
    crate::db::events::wake_deliverers();
}

/// Returns when [`wake`] was called (since the last return).
pub async fn woken() {
    crate::db::events::deliverers_woken().await;
}
