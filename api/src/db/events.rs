//! The outbox of score events. [`record`] runs inside the transaction that replaces a batch of
//! partners' stored scores: it compares each designation's standing at the latest month before and
//! after ([`crate::score::events`]), writes one `score_events` row per event, and in the same
//! statement's transaction one `webhook_deliveries` row per webhook that wants it. Nothing is lost
//! if the process dies after the commit: the deliverers find the rows; nothing is raised if the
//! refresh rolls back.
//!
//! Events are numbered in commit order: every writer takes one lock before its inserts (PostgreSQL
//! `pg_advisory_xact_lock`; SQLite has one writer at a time), so a reader that has seen id N has seen
//! every event before it ([`after`]: the subscriptions' feed).

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entities::{capability_scores, score_events};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};
use tokio::sync::Notify;

use crate::db::score_input::IN_CHUNK;
use crate::domain::{DesignationCode, Month};
use crate::error::AppError;
use crate::score::events::{EventKind, MetricChange, Standing, kinds, metric_changes};
use crate::score::{DesignationScore, from_hundredths, to_hundredths};

/// A stored event.
pub type ScoreEvent = score_events::Model;

/// One designation's new score at the latest month, with its forecast verdict.
#[derive(Debug, Clone)]
pub struct Latest {
    /// The partner (database id).
    pub partner: i64,
    /// The new score.
    pub score: DesignationScore,
    /// When at risk, the first forecast month in which requirements are lost.
    pub at_risk_from: Option<Month>,
}

/// The lock key every event writer takes (PostgreSQL advisory lock), so ids commit in order.
const EVENTS_LOCK: i64 = 0x7067_6576_656e_7473; // "pgevents"

/// Takes the events lock for the rest of `txn` (PostgreSQL; SQLite's writer is already alone).
pub(crate) async fn lock(txn: &impl ConnectionTrait) -> Result<(), AppError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [EVENTS_LOCK.into()],
        ))
        .await?;
    }
    Ok(())
}

type Key = (i64, String);

struct Before {
    month: NaiveDate,
    standing: Standing,
}

/// Records the events of `latest` (the new scores of `last`, the latest stored month, for
/// `partner_ids`) against the stored scores they replace: the same month's, or for a partner first
/// scored at `last` (a new month of data), the month before's. Call it before the old rows are
/// deleted, in the transaction that stores the new ones. How many events were written.
pub async fn record(
    txn: &impl ConnectionTrait,
    partner_ids: &[i64],
    last: Month,
    latest: &[Latest],
) -> Result<usize, AppError> {
    if latest.is_empty() {
        return Ok(0);
    }
    let months = [last.first_day(), last.minus(1).first_day()];
    let mut before: HashMap<Key, Before> = HashMap::new();
    for ids in partner_ids.chunks(IN_CHUNK) {
        let rows: Vec<(i64, String, NaiveDate, i32, bool, Option<NaiveDate>)> =
            capability_scores::Entity::find()
                .select_only()
                .column(capability_scores::Column::PartnerId)
                .column(capability_scores::Column::DesignationCode)
                .column(capability_scores::Column::Month)
                .column(capability_scores::Column::TotalHundredths)
                .column(capability_scores::Column::MeetsRequirements)
                .column(capability_scores::Column::AtRiskFrom)
                .filter(capability_scores::Column::PartnerId.is_in(ids.iter().copied()))
                .filter(capability_scores::Column::Month.is_in(months))
                .into_tuple()
                .all(txn)
                .await?;
        for (partner, designation, month, total, meets, risk) in rows {
            let entry = Before {
                month,
                standing: Standing {
                    total: from_hundredths(total),
                    meets,
                    at_risk_from: risk.map(Month::of),
                },
            };
            match before.get(&(partner, designation.clone())) {
                Some(kept) if kept.month >= month => {}
                _ => {
                    before.insert((partner, designation), entry);
                }
            }
        }
    }

    struct Raised<'a> {
        latest: &'a Latest,
        before: Option<&'a Before>,
        kinds: Vec<EventKind>,
    }
    let raised: Vec<Raised<'_>> = latest
        .iter()
        .filter_map(|l| {
            let key = (l.partner, l.score.designation.as_str().to_string());
            let b = before.get(&key);
            let after = Standing {
                total: l.score.total,
                meets: l.score.meets_requirements,
                at_risk_from: l.at_risk_from,
            };
            let kinds = kinds(b.map(|b| &b.standing), &after);
            (!kinds.is_empty()).then_some(Raised {
                latest: l,
                before: b,
                kinds,
            })
        })
        .collect();
    if raised.is_empty() {
        return Ok(0);
    }

    // The facts before, for the scores that raise an event only: each month's partners read once.
    let mut old: HashMap<(i64, String, NaiveDate), DesignationScore> = HashMap::new();
    let mut wanted: std::collections::BTreeMap<NaiveDate, Vec<i64>> = Default::default();
    for r in &raised {
        if let Some(b) = r.before {
            wanted.entry(b.month).or_default().push(r.latest.partner);
        }
    }
    for (month, mut partners) in wanted {
        partners.sort_unstable();
        partners.dedup();
        for ids in partners.chunks(IN_CHUNK) {
            let rows: Vec<(i64, String, String)> = capability_scores::Entity::find()
                .select_only()
                .column(capability_scores::Column::PartnerId)
                .column(capability_scores::Column::DesignationCode)
                .column(capability_scores::Column::Breakdown)
                .filter(capability_scores::Column::PartnerId.is_in(ids.iter().copied()))
                .filter(capability_scores::Column::Month.eq(month))
                .into_tuple()
                .all(txn)
                .await?;
            for (partner, designation, breakdown) in rows {
                // A breakdown stored by an older version that no longer reads gives no facts before.
                if let Ok(score) = serde_json::from_str::<DesignationScore>(&breakdown) {
                    old.insert((partner, designation, month), score);
                }
            }
        }
    }

    let now = Utc::now();
    let mut rows = Vec::new();
    for r in &raised {
        let l = r.latest;
        let designation = l.score.designation.as_str().to_string();
        let previous = r
            .before
            .and_then(|b| old.get(&(l.partner, designation.clone(), b.month)));
        let changes: Vec<MetricChange> = metric_changes(previous, &l.score);
        let changes = serde_json::to_string(&changes).map_err(AppError::database)?;
        for kind in &r.kinds {
            rows.push(score_events::ActiveModel {
                kind: Set(kind.as_str().to_string()),
                partner_id: Set(Some(l.partner)),
                designation_code: Set(Some(designation.clone())),
                month: Set(Some(l.score.as_of.first_day())),
                rule_set_code: Set(Some(l.score.rule_set.clone())),
                before_total_hundredths: Set(r.before.map(|b| to_hundredths(b.standing.total))),
                before_meets: Set(r.before.map(|b| b.standing.meets)),
                before_at_risk_from: Set(r
                    .before
                    .and_then(|b| b.standing.at_risk_from.map(Month::first_day))),
                after_total_hundredths: Set(Some(to_hundredths(l.score.total))),
                after_meets: Set(Some(l.score.meets_requirements)),
                after_at_risk_from: Set(l.at_risk_from.map(Month::first_day)),
                changes: Set(changes.clone()),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    insert(txn, rows).await
}

/// Writes `rows` as new events and queues their deliveries: takes the events lock, inserts, and fans
/// each new event out to every webhook that is not paused, wants its kind and its partner, and (for
/// `SCORE_CHANGED`) whose minimum change the total moved by more than. How many events.
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    rows: Vec<score_events::ActiveModel>,
) -> Result<usize, AppError> {
    let count = rows.len();
    if count == 0 {
        return Ok(0);
    }
    lock(txn).await?;
    let seen = max_id(txn).await?;
    // 14 columns a row: well under both databases' bind-parameter limits.
    for batch in rows.chunks(1000) {
        score_events::Entity::insert_many(batch.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    fan_out(txn, seen).await?;
    Ok(count)
}

/// Queues a delivery of every event with an id above `seen` (just written in `txn`) to every webhook
/// that is not paused, wants its kind and its partner, and for `SCORE_CHANGED` whose minimum the
/// total moved by more than. One statement, in the caller's transaction; the caller wakes the
/// deliverers after its commit (`db::scores::announce`).
async fn fan_out(txn: &impl ConnectionTrait, seen: i64) -> Result<(), AppError> {
    let backend = txn.get_database_backend();
    let param = match backend {
        DbBackend::Postgres => "$1",
        _ => "?",
    };
    let sql = format!(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, next_attempt_at, \
         created_at) \
         SELECT w.id, e.id, 'PENDING', 0, e.created_at, e.created_at \
         FROM score_events e JOIN webhooks w \
           ON (w.partner_id IS NULL OR w.partner_id = e.partner_id) \
         WHERE e.id > {param} AND e.kind <> 'TEST' AND w.paused = FALSE \
           AND (',' || w.event_kinds || ',') LIKE ('%,' || e.kind || ',%') \
           AND (e.kind <> 'SCORE_CHANGED' \
                OR ABS(e.after_total_hundredths - e.before_total_hundredths) \
                   > w.min_change_hundredths)"
    );
    txn.execute_raw(Statement::from_sql_and_values(backend, sql, [seen.into()]))
        .await?;
    Ok(())
}

/// The highest event id, 0 when there is none.
pub async fn max_id(db: &impl ConnectionTrait) -> Result<i64, AppError> {
    let id: Option<i64> = score_events::Entity::find()
        .select_only()
        .column_as(score_events::Column::Id.max(), "max_id")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok(id.unwrap_or(0))
}

/// Up to `limit` events after id `after`, oldest first (test events excluded).
pub async fn after(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<Vec<ScoreEvent>, AppError> {
    Ok(score_events::Entity::find()
        .filter(score_events::Column::Id.gt(after))
        .filter(score_events::Column::Kind.ne(EventKind::Test.as_str()))
        .order_by_asc(score_events::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The events of `ids`.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, ScoreEvent>, AppError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(IN_CHUNK) {
        for e in score_events::Entity::find()
            .filter(score_events::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert(e.id, e);
        }
    }
    Ok(out)
}

/// The kind of a stored event.
pub fn kind_of(event: &ScoreEvent) -> EventKind {
    EventKind::parse(&event.kind).unwrap_or(EventKind::Test)
}

/// The designation of a stored event, if it has one.
pub fn designation_of(event: &ScoreEvent) -> Option<DesignationCode> {
    event.designation_code.as_deref()?.parse().ok()
}

/// The metric changes of a stored event.
pub fn changes_of(event: &ScoreEvent) -> Vec<MetricChange> {
    serde_json::from_str(&event.changes).unwrap_or_default()
}

/// Wakes this process's event readers (after a local commit wrote events).
static WAKE: Notify = Notify::const_new();

/// Tells this process's event feed that new events were committed.
pub fn wake() {
    WAKE.notify_waiters();
}

/// Returns when [`wake`] is next called.
pub async fn woken() {
    WAKE.notified().await;
}

/// Wakes this process's webhook deliverer (deliveries became due). It lives here, with the events
/// that queue deliveries, so the refresh wakes it without reaching into `webhooks`.
static DELIVERIES: Notify = Notify::const_new();

/// Wakes this process's deliverer, if it runs; else its next [`deliverers_woken`] returns at once.
pub fn wake_deliverers() {
    DELIVERIES.notify_one();
}

/// Returns when [`wake_deliverers`] was called (since the last return).
pub async fn deliverers_woken() {
    DELIVERIES.notified().await;
}
