//! Score events (the `scoreEvents` subscription and each delivery's event), webhooks and their
//! delivery log: thin wrappers over the rows of `db::events` and `db::webhooks`.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::enums::{DesignationCode, MetricCode};
use super::partner::Partner;
use super::score::Fact;
use crate::db::events::{self, ScoreEvent as EventRow};
use crate::db::webhooks::{self, Delivery, DeliveryFilter, Webhook as WebhookRow};
use crate::domain::Month;
use crate::graphql::context::{db, loaders, scope};
use crate::graphql::error::GqlResult;
use crate::graphql::relay::{MAX_PAGE, decode_cursor, encode_cursor, global_id, page_size};
use crate::score::from_hundredths;

/// What happened to a partner's designation at the latest month.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::score::events::EventKind")]
pub enum ScoreEventKind {
    /// Requirements met, and not at the previous refresh (or a first score that meets them).
    DesignationMet,
    /// Requirements met at the previous refresh, not now.
    DesignationLost,
    /// The total moved (a webhook hears of it only beyond its `minPointsChange`).
    ScoreChanged,
    /// Met now and forecast to be lost by the partner's next anniversary (or within six months),
    /// and not forecast so at the previous refresh.
    AtRisk,
    /// Sent by `sendTestWebhookEvent` to one webhook; never raised by a refresh.
    Test,
}

/// Where a webhook delivery stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::db::webhooks::DeliveryStatus")]
pub enum WebhookDeliveryStatus {
    /// Not delivered yet; `nextAttemptAt` says when it is tried (again).
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; `redeliverWebhookDelivery` tries again.
    Failed,
}

/// Points as the API gives them (two decimals).
fn points(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A designation's standing before or after an event.
#[derive(SimpleObject)]
pub struct ScoreEventState {
    /// Total points.
    pub total: f64,
    /// Requirements met.
    pub meets_requirements: bool,
    /// When at risk, the first forecast month in which requirements are lost.
    pub at_risk_from: Option<Month>,
}

/// One metric whose points or facts moved.
pub struct MetricChange(crate::score::events::MetricChange);

#[Object]
impl MetricChange {
    /// The metric.
    async fn metric(&self) -> MetricCode {
        self.0.metric.into()
    }
    /// Its points before; null for a first score.
    async fn points_before(&self) -> Option<f64> {
        self.0.points_before.map(points)
    }
    /// Its points now.
    async fn points_after(&self) -> f64 {
        points(self.0.points_after)
    }
    /// Facts now that were not there before (at most 20; `factsAddedCount` has them all; none for a
    /// first score, whose facts are all in the score itself).
    async fn facts_added(&self) -> Vec<Fact> {
        self.0.facts_added.iter().cloned().map(Fact).collect()
    }
    /// How many facts were added.
    async fn facts_added_count(&self) -> i32 {
        i32::try_from(self.0.facts_added_count).unwrap_or(i32::MAX)
    }
    /// Facts before that are gone now (at most 20).
    async fn facts_removed(&self) -> Vec<Fact> {
        self.0.facts_removed.iter().cloned().map(Fact).collect()
    }
    /// How many facts were removed.
    async fn facts_removed_count(&self) -> i32 {
        i32::try_from(self.0.facts_removed_count).unwrap_or(i32::MAX)
    }
}

/// A change of one partner's standing in one designation at the latest month, raised by the score
/// refresh that stored it. The same event reaches webhooks (as their JSON body) and the
/// `scoreEvents` subscription.
pub struct ScoreEvent(pub EventRow);

#[Object]
impl ScoreEvent {
    /// The event's id, also the `webhook-id` of its deliveries (`evt_…`).
    async fn id(&self) -> ID {
        ID(webhooks::message_id(&self.0))
    }
    /// What happened.
    async fn kind(&self) -> ScoreEventKind {
        events::kind_of(&self.0).into()
    }
    /// The partner; null for a test event without a partner.
    async fn partner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Partner>> {
        let Some(id) = self.0.partner_id else {
            return Ok(None);
        };
        if !scope(ctx)?.includes(id) {
            return Ok(None);
        }
        Ok(loaders(ctx)?.partners.load_one(id).await?.map(Partner))
    }
    /// The designation; null for a test event.
    async fn designation(&self) -> Option<DesignationCode> {
        events::designation_of(&self.0).map(Into::into)
    }
    /// The month of the scores compared (the latest with data).
    async fn month(&self) -> Option<Month> {
        self.0.month.map(Month::of)
    }
    /// The rule set of the score after.
    async fn rule_set(&self) -> Option<&str> {
        self.0.rule_set_code.as_deref()
    }
    /// The standing before; null for a partner's first score.
    async fn before(&self) -> Option<ScoreEventState> {
        state(
            self.0.before_total_hundredths,
            self.0.before_meets,
            self.0.before_at_risk_from,
        )
    }
    /// The standing after; null for a test event.
    async fn after(&self) -> Option<ScoreEventState> {
        state(
            self.0.after_total_hundredths,
            self.0.after_meets,
            self.0.after_at_risk_from,
        )
    }
    /// The total's change (after minus before); null without a before.
    async fn points_change(&self) -> Option<f64> {
        Some(points(
            from_hundredths(self.0.after_total_hundredths?)
                - from_hundredths(self.0.before_total_hundredths?),
        ))
    }
    /// Each metric whose points or facts moved, with the facts gained and lost.
    async fn changes(&self) -> Vec<MetricChange> {
        events::changes_of(&self.0)
            .into_iter()
            .map(MetricChange)
            .collect()
    }
    /// When the refresh that raised it committed.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

fn state(
    total: Option<i32>,
    meets: Option<bool>,
    risk: Option<chrono::NaiveDate>,
) -> Option<ScoreEventState> {
    Some(ScoreEventState {
        total: points(from_hundredths(total?)),
        meets_requirements: meets.unwrap_or(false),
        at_risk_from: risk.map(Month::of),
    })
}

/// One event sent (or to be sent) to one webhook, with that event (read with its page).
pub struct WebhookDelivery(pub Delivery, pub Option<EventRow>);

impl WebhookDelivery {
    /// The deliveries with their events, read in one query.
    pub async fn with_events(
        db: &sea_orm::DatabaseConnection,
        rows: Vec<Delivery>,
    ) -> async_graphql::Result<Vec<WebhookDelivery>> {
        let ids: Vec<i64> = rows.iter().map(|d| d.event_id).collect();
        let mut found = events::by_ids(db, &ids).await.gql()?;
        Ok(rows
            .into_iter()
            .map(|d| {
                let event = found.remove(&d.event_id);
                WebhookDelivery(d, event)
            })
            .collect())
    }
}

#[Object]
impl WebhookDelivery {
    /// Opaque id.
    async fn id(&self) -> ID {
        global_id("WebhookDelivery", &self.0.id.to_string())
    }
    /// Where it stands.
    async fn status(&self) -> WebhookDeliveryStatus {
        webhooks::DeliveryStatus::parse(&self.0.status).into()
    }
    /// Attempts made.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// When it is tried next (pending only): the back-off after each failure doubles.
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        (self.0.status == webhooks::DeliveryStatus::Pending.as_str())
            .then_some(self.0.next_attempt_at)
    }
    /// When it was last tried.
    async fn last_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_attempt_at
    }
    /// The receiver's status code at the last attempt, if it answered.
    async fn last_status_code(&self) -> Option<i32> {
        self.0.last_status_code
    }
    /// Why the last attempt failed.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When the receiver accepted it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    /// When it was queued (with its event).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The event sent.
    async fn event(&self) -> Option<ScoreEvent> {
        self.1.clone().map(ScoreEvent)
    }
}

/// How many deliveries of a webhook are in each status.
#[derive(SimpleObject, Default)]
pub struct DeliveryCounts {
    /// Waiting for an attempt.
    pub pending: i64,
    /// Delivered.
    pub delivered: i64,
    /// Failed after every attempt.
    pub failed: i64,
}

/// Where score events are sent: an HTTPS endpoint that gets each event it wants once, signed.
pub struct Webhook(pub WebhookRow);

#[Object]
impl Webhook {
    /// Opaque id.
    async fn id(&self) -> ID {
        global_id("Webhook", &self.0.id.to_string())
    }
    /// Where deliveries are POSTed.
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// For people.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// The kinds it wants.
    async fn event_kinds(&self) -> Vec<ScoreEventKind> {
        webhooks::kinds_of(&self.0)
            .into_iter()
            .map(Into::into)
            .collect()
    }
    /// Only this partner's events; null: every partner.
    async fn partner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Partner>> {
        let Some(id) = self.0.partner_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.partners.load_one(id).await?.map(Partner))
    }
    /// `SCORE_CHANGED` events reach it only when the total moves by more than this.
    async fn min_points_change(&self) -> f64 {
        points(from_hundredths(self.0.min_change_hundredths))
    }
    /// Paused: no new deliveries are queued, and queued ones wait.
    async fn paused(&self) -> bool {
        self.0.paused
    }
    /// Who registered it.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Deliveries in each status.
    async fn delivery_counts(&self, ctx: &Context<'_>) -> async_graphql::Result<DeliveryCounts> {
        let counts = webhooks::counts(db(ctx)?, &[self.0.id]).await.gql()?;
        let n = |s| {
            counts
                .get(&(self.0.id, s))
                .map_or(0, |n| i64::try_from(*n).unwrap_or(i64::MAX))
        };
        Ok(DeliveryCounts {
            pending: n(webhooks::DeliveryStatus::Pending),
            delivered: n(webhooks::DeliveryStatus::Delivered),
            failed: n(webhooks::DeliveryStatus::Failed),
        })
    }
    /// The delivery log, newest first (`first` at most 100), optionally of one status.
    #[graphql(complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)")]
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<WebhookDeliveryStatus>,
    ) -> async_graphql::Result<Connection<String, WebhookDelivery>> {
        let limit = page_size(first, MAX_PAGE)?;
        let before: Option<i64> = after
            .as_deref()
            .map(|c| decode_cursor(c, "after"))
            .transpose()?;
        let filter = DeliveryFilter {
            status: status.map(Into::into),
            before,
        };
        let mut rows = webhooks::deliveries(db(ctx)?, self.0.id, &filter, limit + 1)
            .await
            .gql()?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let mut conn = Connection::new(before.is_some(), more);
        conn.edges.extend(
            WebhookDelivery::with_events(db(ctx)?, rows)
                .await?
                .into_iter()
                .map(|d| Edge::new(encode_cursor(&d.0.id), d)),
        );
        Ok(conn)
    }
}
