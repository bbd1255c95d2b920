//! Webhooks: where score events are sent. Registered, changed, paused and deleted by administrators
//! (any partner, or all) and by a partner admin (its own partner's, which it alone sees). Each write
//! commits with its audit event. The deliveries, their claims and their log are in `deliveries.rs`.

use chrono::Utc;
use entities::{score_events, webhook_deliveries, webhooks};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

mod deliveries;

pub use deliveries::{
    Claimed, DeliveryFilter, DeliveryStatus, Outcome, RetryPolicy, claim_due, counts, deliveries,
    prune, settle, wake, woken,
};

use crate::db::audit::{self, Actor, NewEvent};
use crate::error::{AppError, Problem, WriteError};
use crate::score::events::EventKind;

/// A stored webhook.
pub type Webhook = webhooks::Model;
/// A stored delivery.
pub type Delivery = webhook_deliveries::Model;

/// Longest URL accepted.
pub const MAX_URL_CHARS: usize = 2000;
/// Longest description accepted.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// Most webhooks one owner (an administrator's, or one partner's) may register.
pub const MAX_WEBHOOKS: u64 = 100;

/// Whose webhooks a caller manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// An administrator: every webhook.
    Any,
    /// A partner admin: those its partner (database id) registered.
    Partner(i64),
}

impl Owner {
    fn sees(self, w: &Webhook) -> bool {
        match self {
            Owner::Any => true,
            Owner::Partner(p) => w.owner_partner_id == Some(p),
        }
    }
}

/// The `webhook-id` of an event: the same for every attempt, so a receiver can drop repeats.
pub fn message_id(event: &crate::db::events::ScoreEvent) -> String {
    format!("evt_{}", event.id)
}

/// The JSON body of an event's delivery, in the Standard Webhooks shape: `type`, `timestamp` (when
/// the event happened) and `data`. Points are numbers of two decimals, as in the GraphQL API.
pub fn body(event: &crate::db::events::ScoreEvent, partner: Option<&str>) -> serde_json::Value {
    use crate::db::events::changes_of;
    let month = |d: Option<chrono::NaiveDate>| d.map(|d| crate::domain::Month::of(d).to_string());
    let state = |total: Option<i32>, meets: Option<bool>, risk: Option<chrono::NaiveDate>| {
        total.map(|t| {
            json!({
                "total": f64::from(t) / 100.0,
                "meetsRequirements": meets.unwrap_or(false),
                "atRiskFrom": month(risk),
            })
        })
    };
    json!({
        "type": event.kind,
        "timestamp": event.created_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "data": {
            "eventId": message_id(event),
            "partnerId": partner,
            "designation": event.designation_code,
            "month": month(event.month),
            "ruleSet": event.rule_set_code,
            "before": state(event.before_total_hundredths, event.before_meets, event.before_at_risk_from),
            "after": state(event.after_total_hundredths, event.after_meets, event.after_at_risk_from),
            "changes": changes_of(event),
        }
    })
}

/// The event kinds a webhook wants, from its stored list.
pub fn kinds_of(w: &Webhook) -> Vec<EventKind> {
    w.event_kinds
        .split(',')
        .filter_map(EventKind::parse)
        .collect()
}

fn kinds_text(kinds: &[EventKind]) -> String {
    let mut kinds = kinds.to_vec();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A URL a webhook may send to: absolute `http` or `https`, with a host, without credentials or a
/// fragment, at most [`MAX_URL_CHARS`]. Which addresses it may reach is checked when sending.
pub fn check_url(url: &str, field: &[&str]) -> Result<String, Problem> {
    let url = url.trim();
    if url.chars().count() > MAX_URL_CHARS {
        return Err(Problem::bad(
            field,
            format!("the URL is longer than {MAX_URL_CHARS} characters"),
        ));
    }
    let parsed = url::Url::parse(url)
        .map_err(|e| Problem::bad(field, format!("not an absolute URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Problem::bad(
            field,
            format!(
                "the scheme must be https (or http), not {}",
                parsed.scheme()
            ),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Problem::bad(field, "the URL has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Problem::bad(
            field,
            "the URL may not hold credentials: the signature authenticates each delivery",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(Problem::bad(field, "the URL may not have a #fragment"));
    }
    Ok(parsed.to_string())
}

fn check_description(d: Option<String>) -> Result<Option<String>, Problem> {
    match d.map(|d| d.trim().to_string()) {
        Some(d) if d.chars().count() > MAX_DESCRIPTION_CHARS => Err(Problem::bad(
            &["input", "description"],
            format!("at most {MAX_DESCRIPTION_CHARS} characters"),
        )),
        Some(d) if d.is_empty() => Ok(None),
        d => Ok(d),
    }
}

fn check_kinds(kinds: &[EventKind]) -> Result<String, Problem> {
    if kinds.is_empty() {
        return Err(Problem::bad(
            &["input", "eventKinds"],
            "name at least one event kind",
        ));
    }
    if kinds.contains(&EventKind::Test) {
        return Err(Problem::bad(
            &["input", "eventKinds"],
            "TEST events are sent on request (sendTestWebhookEvent), not subscribed to",
        ));
    }
    Ok(kinds_text(kinds))
}

fn check_min_change(hundredths: i32) -> Result<i32, Problem> {
    if !(0..=10_000).contains(&hundredths) {
        return Err(Problem::bad(
            &["input", "minPointsChange"],
            "between 0 and 100 points",
        ));
    }
    Ok(hundredths)
}

/// A webhook to register.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    /// Where to send.
    pub url: String,
    /// For people.
    pub description: Option<String>,
    /// The kinds it wants.
    pub event_kinds: Vec<EventKind>,
    /// Only this partner's events (database id); `None`: every partner.
    pub partner_id: Option<i64>,
    /// `SCORE_CHANGED` only when the total moves by more than this many hundredths.
    pub min_change_hundredths: i32,
}

fn audited(w: &Webhook) -> serde_json::Value {
    // Never the secret.
    json!({
        "url": w.url,
        "description": w.description,
        "eventKinds": w.event_kinds,
        "partnerId": w.partner_id,
        "minChangeHundredths": w.min_change_hundredths,
        "paused": w.paused,
    })
}

/// Registers a webhook; it and its secret (shown once to the caller).
pub async fn create(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    owner: Owner,
    new: NewWebhook,
) -> Result<Webhook, WriteError> {
    let url = check_url(&new.url, &["input", "url"]);
    let kinds = check_kinds(&new.event_kinds);
    let description = check_description(new.description);
    let min = check_min_change(new.min_change_hundredths);
    let mut problems = Vec::new();
    let partner_id = match owner {
        Owner::Any => new.partner_id,
        Owner::Partner(own) => {
            if new.partner_id.is_some_and(|p| p != own) {
                return Err(WriteError::Forbidden);
            }
            Some(own)
        }
    };
    let (url, kinds, description, min) = match (url, kinds, description, min) {
        (Ok(u), Ok(k), Ok(d), Ok(m)) => (u, k, d, m),
        (u, k, d, m) => {
            problems.extend(u.err());
            problems.extend(k.err());
            problems.extend(d.err());
            problems.extend(m.err());
            return Err(WriteError::Problems(problems));
        }
    };
    let txn = super::professionals::begin(db).await?;
    let owner_partner_id = match owner {
        Owner::Any => None,
        Owner::Partner(p) => Some(p),
    };
    let registered = webhooks::Entity::find()
        .filter(match owner_partner_id {
            Some(p) => webhooks::Column::OwnerPartnerId.eq(p),
            None => webhooks::Column::OwnerPartnerId.is_null(),
        })
        .count(&txn)
        .await?;
    if registered >= MAX_WEBHOOKS {
        return Err(Problem::conflict(
            &["input"],
            format!("at most {MAX_WEBHOOKS} webhooks; delete one first"),
        )
        .into());
    }
    let now = Utc::now();
    let row = webhooks::ActiveModel {
        url: Set(url),
        description: Set(description),
        secret: Set(crate::domain::signature::new_secret()),
        event_kinds: Set(kinds),
        partner_id: Set(partner_id),
        min_change_hundredths: Set(min),
        paused: Set(false),
        created_by: Set(actor.caller.label.clone()),
        owner_partner_id: Set(owner_partner_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "webhook.create".into(),
            entity_type: "webhook".into(),
            entity_key: row.id.to_string(),
            partner_id: row.partner_id,
            after: Some(audited(&row)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// What a change sets; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct WebhookChange {
    /// New URL.
    pub url: Option<String>,
    /// New description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// New kinds.
    pub event_kinds: Option<Vec<EventKind>>,
    /// New minimum change.
    pub min_change_hundredths: Option<i32>,
    /// Paused or not.
    pub paused: Option<bool>,
}

/// No webhook `owner` sees, named at `field` (the mutation's argument).
pub fn not_found(field: &[&str]) -> WriteError {
    Problem::not_found(field, "no such webhook").into()
}

/// The webhook `id`, if `owner` sees it.
pub async fn get(
    db: &impl ConnectionTrait,
    owner: Owner,
    id: i64,
) -> Result<Option<Webhook>, AppError> {
    Ok(webhooks::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|w| owner.sees(w)))
}

/// The webhooks `owner` sees with ids after `after`, oldest first, at most `limit`.
pub async fn list(
    db: &impl ConnectionTrait,
    owner: Owner,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<Webhook>, AppError> {
    let mut q = webhooks::Entity::find().order_by_asc(webhooks::Column::Id);
    if let Owner::Partner(p) = owner {
        q = q.filter(webhooks::Column::OwnerPartnerId.eq(p));
    }
    if let Some(a) = after {
        q = q.filter(webhooks::Column::Id.gt(a));
    }
    Ok(q.limit(limit).all(db).await?)
}

/// How many webhooks `owner` sees.
pub async fn count(db: &impl ConnectionTrait, owner: Owner) -> Result<u64, AppError> {
    let mut q = webhooks::Entity::find();
    if let Owner::Partner(p) = owner {
        q = q.filter(webhooks::Column::OwnerPartnerId.eq(p));
    }
    Ok(q.count(db).await?)
}

/// Changes a webhook (pausing, resuming, its URL, kinds, minimum or description).
pub async fn update(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    owner: Owner,
    id: i64,
    change: WebhookChange,
) -> Result<Webhook, WriteError> {
    let mut problems = Vec::new();
    let url = change
        .url
        .map(|u| check_url(&u, &["input", "url"]))
        .transpose()
        .unwrap_or_else(|p| {
            problems.push(p);
            None
        });
    let kinds = change
        .event_kinds
        .map(|k| check_kinds(&k))
        .transpose()
        .unwrap_or_else(|p| {
            problems.push(p);
            None
        });
    let description = match change.description {
        Some(d) => match check_description(d) {
            Ok(d) => Some(d),
            Err(p) => {
                problems.push(p);
                None
            }
        },
        None => None,
    };
    let min = change
        .min_change_hundredths
        .map(check_min_change)
        .transpose()
        .unwrap_or_else(|p| {
            problems.push(p);
            None
        });
    if !problems.is_empty() {
        return Err(WriteError::Problems(problems));
    }
    let txn = super::professionals::begin(db).await?;
    let Some(before) = get(&txn, owner, id).await? else {
        return Err(not_found(&["input", "id"]));
    };
    let mut row: webhooks::ActiveModel = before.clone().into();
    if let Some(u) = url {
        row.url = Set(u);
    }
    if let Some(k) = kinds {
        row.event_kinds = Set(k);
    }
    if let Some(d) = description {
        row.description = Set(d);
    }
    if let Some(m) = min {
        row.min_change_hundredths = Set(m);
    }
    if let Some(p) = change.paused {
        row.paused = Set(p);
    }
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    let action = match (before.paused, after.paused) {
        (false, true) => "webhook.pause",
        (true, false) => "webhook.resume",
        _ => "webhook.update",
    };
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: action.into(),
            entity_type: "webhook".into(),
            entity_key: id.to_string(),
            partner_id: after.partner_id,
            before: Some(audited(&before)),
            after: Some(audited(&after)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    if before.paused && !after.paused {
        // Deliveries held while it was paused are due.
        wake();
    }
    Ok(after)
}

/// Deletes a webhook and its delivery log.
pub async fn delete(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    owner: Owner,
    id: i64,
) -> Result<Webhook, WriteError> {
    let txn = super::professionals::begin(db).await?;
    let Some(before) = get(&txn, owner, id).await? else {
        return Err(not_found(&["id"]));
    };
    webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::WebhookId.eq(id))
        .exec(&txn)
        .await?;
    webhooks::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "webhook.delete".into(),
            entity_type: "webhook".into(),
            entity_key: id.to_string(),
            partner_id: before.partner_id,
            before: Some(audited(&before)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(before)
}

/// Queues a `TEST` event for the webhook `id` alone (even when paused: a test checks the receiver);
/// its delivery.
pub async fn send_test(
    db: &DatabaseConnection,
    owner: Owner,
    id: i64,
) -> Result<Delivery, WriteError> {
    let txn = super::professionals::begin(db).await?;
    let Some(hook) = get(&txn, owner, id).await? else {
        return Err(not_found(&["id"]));
    };
    crate::db::events::lock(&txn).await?;
    let now = Utc::now();
    let event = score_events::ActiveModel {
        kind: Set(EventKind::Test.as_str().to_string()),
        partner_id: Set(hook.partner_id),
        changes: Set("[]".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let delivery = webhook_deliveries::ActiveModel {
        webhook_id: Set(hook.id),
        event_id: Set(event.id),
        status: Set(DeliveryStatus::Pending.as_str().into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    wake();
    Ok(delivery)
}

/// Makes a delivery due now again (a `FAILED` one after its receiver is fixed, or a pending one
/// waiting out its back-off), keeping its attempts.
pub async fn redeliver(
    db: &DatabaseConnection,
    owner: Owner,
    delivery_id: i64,
) -> Result<Delivery, WriteError> {
    let txn = super::professionals::begin(db).await?;
    let missing = || Problem::not_found(&["id"], "no such delivery").into();
    let Some(d) = webhook_deliveries::Entity::find_by_id(delivery_id)
        .one(&txn)
        .await?
    else {
        return Err(missing());
    };
    if get(&txn, owner, d.webhook_id).await?.is_none() {
        return Err(missing());
    }
    if d.status == DeliveryStatus::Delivered.as_str() {
        return Err(Problem::conflict(&["id"], "this delivery was delivered already").into());
    }
    let mut row: webhook_deliveries::ActiveModel = d.into();
    row.status = Set(DeliveryStatus::Pending.as_str().into());
    row.next_attempt_at = Set(Utc::now());
    let d = row.update(&txn).await?;
    txn.commit().await?;
    wake();
    Ok(d)
}
