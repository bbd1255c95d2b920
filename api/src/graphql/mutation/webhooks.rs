//! Registering, changing, pausing, deleting and testing webhooks (administrators: any; a partner
//! admin: its own partner's). Each resolver calls one function of [`crate::db::webhooks`] and turns
//! the outcome into a payload; problems the caller can fix become `userErrors`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::association::{actor, split};
use crate::db::partners::{self, Scope};
use crate::db::webhooks::{self as writes, NewWebhook, Owner, WebhookChange};
use crate::error::{Problem, WriteError};
use crate::graphql::context::{caller, db};
use crate::graphql::object::change::UserError;
use crate::graphql::object::webhook::{ScoreEventKind, Webhook, WebhookDelivery};
use crate::graphql::policy::Policy;
use crate::graphql::relay::parse_global_id;

/// Whose webhooks the caller manages: an administrator every one, a partner admin its partner's.
pub(crate) fn owner(ctx: &Context<'_>) -> async_graphql::Result<Owner> {
    let caller = caller(ctx)?;
    Ok(match caller.writes() {
        crate::auth::Reach::Every => Owner::Any,
        crate::auth::Reach::One(p) => Owner::Partner(p),
        crate::auth::Reach::Nothing => return Err(crate::graphql::error::forbidden()),
    })
}

/// The database id of a `Webhook` (or, with `kind`, another type's) global id.
pub(crate) fn db_id(id: &ID, kind: &str) -> Option<i64> {
    let (k, key) = parse_global_id(id)?;
    (k == kind).then(|| key.parse().ok()).flatten()
}

/// Input of `createWebhook`.
#[derive(InputObject)]
pub struct CreateWebhookInput {
    /// Where to POST: `https://…` (`http://` and private addresses only where the server allows).
    pub url: String,
    /// The kinds to send.
    pub event_kinds: Vec<ScoreEventKind>,
    /// Only this partner's events (PartnerID); left out, every partner's. A partner admin's webhook
    /// is always its own partner's.
    pub partner_id: Option<String>,
    /// `SCORE_CHANGED` only when the total moves by more than this many points (0 to 100).
    #[graphql(default = 1.0)]
    pub min_points_change: f64,
    /// For people.
    pub description: Option<String>,
}

/// Input of `updateWebhook`: what is given changes, the rest stays.
#[derive(InputObject)]
pub struct UpdateWebhookInput {
    /// `Webhook.id`.
    pub id: ID,
    /// A new URL.
    pub url: Option<String>,
    /// New kinds.
    pub event_kinds: Option<Vec<ScoreEventKind>>,
    /// A new minimum change of `SCORE_CHANGED`.
    pub min_points_change: Option<f64>,
    /// Pause (true) or resume (false). Paused, no deliveries are queued; resumed, those queued
    /// before the pause are sent.
    pub paused: Option<bool>,
    /// A new description; an empty one clears it.
    pub description: Option<String>,
}

/// The result of `createWebhook`.
#[derive(SimpleObject, Default)]
pub struct CreateWebhookPayload {
    /// The webhook; null when nothing was written.
    pub webhook: Option<Webhook>,
    /// The signing secret (`whsec_…`), shown this once: keep it where the receiver verifies.
    pub secret: Option<String>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `updateWebhook` and `deleteWebhook`.
#[derive(SimpleObject, Default)]
pub struct WebhookPayload {
    /// The webhook as stored now (as it was, for a deletion); null when nothing was written.
    pub webhook: Option<Webhook>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `sendTestWebhookEvent` and `redeliverWebhookDelivery`.
#[derive(SimpleObject, Default)]
pub struct WebhookDeliveryPayload {
    /// The delivery queued; its status shows in the delivery log within seconds.
    pub delivery: Option<WebhookDelivery>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

fn hundredths(points: f64, field: &[&str]) -> Result<i32, Problem> {
    let hundredths = points * 100.0;
    if !(0.0..=10_000.0).contains(&hundredths) || (hundredths - hundredths.round()).abs() > 1e-6 {
        return Err(Problem::bad(
            field,
            "between 0 and 100 points, at most 2 decimals",
        ));
    }
    Ok(hundredths.round() as i32)
}

fn kinds(kinds: Vec<ScoreEventKind>) -> Vec<crate::score::events::EventKind> {
    kinds.into_iter().map(Into::into).collect()
}

/// The webhook mutations.
#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Registers a webhook. Its secret is in the payload, once; every delivery is signed with it.
    #[graphql(guard = "Policy(\"Mutation.createWebhook\")")]
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        input: CreateWebhookInput,
    ) -> async_graphql::Result<CreateWebhookPayload> {
        let owner = owner(ctx)?;
        let db = db(ctx)?;
        let actor = actor(ctx)?;
        let r = async {
            let partner_id = match &input.partner_id {
                None => None,
                Some(code) => {
                    let scope = match owner {
                        Owner::Any => Scope::All,
                        Owner::Partner(p) => Scope::Partner(p),
                    };
                    match partners::by_code(db, scope, code).await? {
                        Some(p) => Some(p.id),
                        None if matches!(owner, Owner::Partner(_)) => {
                            return Err(WriteError::Forbidden);
                        }
                        None => {
                            return Err(Problem::not_found(
                                &["input", "partnerId"],
                                format!("no partner {code}"),
                            )
                            .into());
                        }
                    }
                }
            };
            let min = hundredths(input.min_points_change, &["input", "minPointsChange"])?;
            writes::create(
                db,
                actor,
                owner,
                NewWebhook {
                    url: input.url,
                    description: input.description,
                    event_kinds: kinds(input.event_kinds),
                    partner_id,
                    min_change_hundredths: min,
                },
            )
            .await
        }
        .await;
        Ok(match split(r)? {
            Ok(w) => CreateWebhookPayload {
                secret: Some(w.secret.clone()),
                webhook: Some(Webhook(w)),
                user_errors: Vec::new(),
            },
            Err(user_errors) => CreateWebhookPayload {
                user_errors,
                ..Default::default()
            },
        })
    }

    /// Changes a webhook: its URL, kinds, minimum change or description, or pauses and resumes it.
    #[graphql(guard = "Policy(\"Mutation.updateWebhook\")")]
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        input: UpdateWebhookInput,
    ) -> async_graphql::Result<WebhookPayload> {
        let owner = owner(ctx)?;
        let db = db(ctx)?;
        let actor = actor(ctx)?;
        let r = async {
            let id =
                db_id(&input.id, "Webhook").ok_or_else(|| writes::not_found(&["input", "id"]))?;
            let min = input
                .min_points_change
                .map(|m| hundredths(m, &["input", "minPointsChange"]))
                .transpose()?;
            writes::update(
                db,
                actor,
                owner,
                id,
                WebhookChange {
                    url: input.url,
                    description: input.description.map(Some),
                    event_kinds: input.event_kinds.map(kinds),
                    min_change_hundredths: min,
                    paused: input.paused,
                },
            )
            .await
        }
        .await;
        webhook_payload(r)
    }

    /// Deletes a webhook and its delivery log; deliveries not yet sent are dropped.
    #[graphql(guard = "Policy(\"Mutation.deleteWebhook\")")]
    async fn delete_webhook(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<WebhookPayload> {
        let owner = owner(ctx)?;
        let r = match db_id(&id, "Webhook") {
            Some(id) => writes::delete(db(ctx)?, actor(ctx)?, owner, id).await,
            None => Err(writes::not_found(&["id"])),
        };
        webhook_payload(r)
    }

    /// Queues a `TEST` event to this webhook alone, paused or not, to check its receiver.
    #[graphql(guard = "Policy(\"Mutation.sendTestWebhookEvent\")")]
    async fn send_test_webhook_event(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<WebhookDeliveryPayload> {
        let owner = owner(ctx)?;
        let r = match db_id(&id, "Webhook") {
            Some(id) => writes::send_test(db(ctx)?, owner, id).await,
            None => Err(writes::not_found(&["id"])),
        };
        delivery_payload(db(ctx)?, r).await
    }

    /// Tries a delivery again now (a failed one after its receiver is fixed, or a pending one
    /// waiting out its back-off).
    #[graphql(guard = "Policy(\"Mutation.redeliverWebhookDelivery\")")]
    async fn redeliver_webhook_delivery(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<WebhookDeliveryPayload> {
        let owner = owner(ctx)?;
        let r = match db_id(&id, "WebhookDelivery") {
            Some(id) => writes::redeliver(db(ctx)?, owner, id).await,
            None => Err(Problem::not_found(&["id"], "no such delivery").into()),
        };
        delivery_payload(db(ctx)?, r).await
    }
}

fn webhook_payload(
    r: Result<writes::Webhook, WriteError>,
) -> async_graphql::Result<WebhookPayload> {
    Ok(match split(r)? {
        Ok(w) => WebhookPayload {
            webhook: Some(Webhook(w)),
            user_errors: Vec::new(),
        },
        Err(user_errors) => WebhookPayload {
            user_errors,
            ..Default::default()
        },
    })
}

async fn delivery_payload(
    db: &sea_orm::DatabaseConnection,
    r: Result<writes::Delivery, WriteError>,
) -> async_graphql::Result<WebhookDeliveryPayload> {
    Ok(match split(r)? {
        Ok(d) => WebhookDeliveryPayload {
            delivery: WebhookDelivery::with_events(db, vec![d]).await?.pop(),
            user_errors: Vec::new(),
        },
        Err(user_errors) => WebhookDeliveryPayload {
            user_errors,
            ..Default::default()
        },
    })
}
