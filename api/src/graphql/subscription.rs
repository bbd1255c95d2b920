//! The root subscription: `scoreEvents`, the events every score refresh raises (`db::events`), for
//! the partners the caller may read. One feed per server ([`EventFeed`]) reads the outbox in id order
//! (events commit in id order, so none is skipped) every [`POLL`], and at once after a local commit,
//! and hands each event to every subscription of the server; another replica's events arrive within
//! a poll.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_graphql::{Context, Subscription};
use futures::{Stream, StreamExt};
use sea_orm::DatabaseConnection;
use tokio::sync::broadcast;

use super::context::{db, scope};
use super::error::{code, coded};
use super::object::webhook::{ScoreEvent, ScoreEventKind};
use super::policy::Policy;
use crate::db::events::{self, ScoreEvent as EventRow};
use crate::db::partners::{self, Scope};

/// How often the feed reads the outbox when no local commit woke it.
pub const POLL: Duration = Duration::from_millis(250);
/// Events held for subscribers that have not read them yet; one further behind misses events and is
/// told so.
const BUFFER: usize = 4096;
/// Events read from the outbox at once.
const READ: u64 = 500;
/// How often a running subscription checks its credentials again: one whose token expired, or whose
/// user was disabled, re-keyed or re-roled, ends with `UNAUTHENTICATED` within this.
pub const RECHECK: Duration = Duration::from_secs(5);

/// The `Authorization` value a WebSocket connection signed in with (its session data).
#[derive(Debug, Clone)]
pub struct SessionCredentials(pub String);

/// The event feed of one server (one database): started by its first subscription, it reads the
/// outbox in id order and hands every event to each of the server's subscriptions.
pub struct EventFeed {
    db: DatabaseConnection,
    sender: OnceLock<broadcast::Sender<Arc<EventRow>>>,
}

impl EventFeed {
    /// A feed of `db`'s events, not started yet.
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            sender: OnceLock::new(),
        }
    }

    /// A receiver of every event from now on; the first call starts the feed.
    fn subscribe(&self) -> broadcast::Receiver<Arc<EventRow>> {
        self.sender
            .get_or_init(|| {
                let (tx, _) = broadcast::channel(BUFFER);
                tokio::spawn(read_outbox(self.db.clone(), tx.downgrade()));
                tx
            })
            .subscribe()
    }
}

/// The feed's task: reads new events every [`POLL`] or when a local commit wakes it, until its
/// [`EventFeed`] is dropped with the server's schema.
async fn read_outbox(db: DatabaseConnection, sender: broadcast::WeakSender<Arc<EventRow>>) {
    let mut seen = loop {
        match events::max_id(&db).await {
            Ok(id) => break id,
            Err(e) => {
                tracing::warn!(error = %e, "the score event feed cannot start; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    loop {
        let Some(sender) = sender.upgrade() else {
            return;
        };
        match events::after(&db, seen, READ).await {
            Ok(rows) => {
                let full = rows.len() as u64 == READ;
                for row in rows {
                    seen = seen.max(row.id);
                    // No subscriber now is not an error: the feed goes on.
                    let _ = sender.send(Arc::new(row));
                }
                if full {
                    continue;
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading score events failed; retrying"),
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = events::woken() => {}
        }
    }
}

/// The root subscription.
#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Every score event from now on (designation met or lost, score changed, at risk) of one
    /// partner (PartnerID) or, left out, of every partner the caller may read: a partner admin only
    /// its own. `kinds` narrows them. Over WebSocket (`graphql-transport-ws`), signed in with
    /// `{"Authorization": "Bearer …"}` as the `connection_init` payload.
    #[graphql(guard = "Policy(\"Subscription.scoreEvents\")")]
    async fn score_events(
        &self,
        ctx: &Context<'_>,
        partner_id: Option<String>,
        kinds: Option<Vec<ScoreEventKind>>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<ScoreEvent>> + use<>> {
        let db = db(ctx)?;
        let scope = scope(ctx)?;
        let only: Option<i64> = match (&partner_id, scope) {
            (Some(code), _) => match partners::by_code(db, scope, code).await {
                Ok(Some(p)) => Some(p.id),
                Ok(None) if matches!(scope, Scope::Partner(_)) => {
                    return Err(coded(
                        code::FORBIDDEN,
                        format!("this account may not read partner {code}"),
                    ));
                }
                Ok(None) => {
                    return Err(coded(code::NOT_FOUND, format!("no partner {code}")));
                }
                Err(e) => return Err(super::error::app(e)),
            },
            (None, Scope::Partner(own)) => Some(own),
            (None, Scope::All) => None,
        };
        let kinds: Option<Vec<crate::score::events::EventKind>> =
            kinds.map(|k| k.into_iter().map(Into::into).collect());
        let recheck = match ctx.data_opt::<SessionCredentials>() {
            Some(credentials) => Some(Recheck {
                authorization: credentials.0.clone(),
                db: db.clone(),
                keys: ctx.data::<Arc<crate::auth::AuthKeys>>()?.clone(),
                callers: ctx.data::<Arc<crate::auth::CallerCache>>()?.clone(),
                caller: super::context::caller(ctx)?.clone(),
            }),
            None => None,
        };
        let stream = events_of(ctx.data::<Arc<EventFeed>>()?.subscribe(), recheck);
        Ok(stream.filter_map(move |item| {
            let out = match item {
                Ok(event) => {
                    let wanted = event
                        .partner_id
                        .is_some_and(|p| only.is_none_or(|o| o == p) && scope.includes(p))
                        && kinds
                            .as_ref()
                            .is_none_or(|k| k.contains(&events::kind_of(&event)));
                    wanted.then(|| Ok(ScoreEvent((*event).clone())))
                }
                Err(Interrupted::Missed(missed)) => Some(Err(coded(
                    code::UNAVAILABLE,
                    format!(
                        "{missed} events were missed while this subscription read too slowly; \
                         read the partners' scores again"
                    ),
                ))),
                Err(Interrupted::SignedOut) => Some(Err(coded(
                    code::UNAUTHENTICATED,
                    "the credentials of this connection are no longer valid (expired, revoked or \
                     changed): sign in again and subscribe anew",
                ))),
            };
            async move { out }
        }))
    }
}

/// Why a subscription's stream stops delivering events.
enum Interrupted {
    /// It read too slowly: this many events were dropped for it.
    Missed(u64),
    /// Its credentials are no longer valid; the stream ends.
    SignedOut,
}

/// What a subscription checks every [`RECHECK`]: the same credentials still give the same caller.
struct Recheck {
    authorization: String,
    db: DatabaseConnection,
    keys: Arc<crate::auth::AuthKeys>,
    callers: Arc<crate::auth::CallerCache>,
    caller: crate::auth::Caller,
}

impl Recheck {
    /// Whether the credentials still stand for the caller that subscribed. A database that cannot
    /// answer now does not end the subscription.
    async fn still_valid(&self) -> bool {
        match crate::auth::authenticate_cached(
            &self.db,
            &self.keys,
            &self.callers,
            Some(&self.authorization),
        )
        .await
        {
            Ok(c) => {
                c.role == self.caller.role
                    && c.partner == self.caller.partner
                    && c.user_id == self.caller.user_id
                    && c.service_token_id == self.caller.service_token_id
            }
            Err(crate::auth::AuthError::Internal) => true,
            Err(_) => false,
        }
    }
}

/// The feed as a subscription's stream: each event, or an interruption; it ends after the
/// credentials stop being valid (checked every [`RECHECK`] when `recheck` is given).
fn events_of(
    rx: broadcast::Receiver<Arc<EventRow>>,
    recheck: Option<Recheck>,
) -> impl Stream<Item = Result<Arc<EventRow>, Interrupted>> {
    let next = tokio::time::Instant::now() + RECHECK;
    futures::stream::unfold(
        (rx, recheck, next, false),
        |(mut rx, recheck, mut next, ended)| async move {
            if ended {
                return None;
            }
            loop {
                tokio::select! {
                    got = rx.recv() => {
                        return match got {
                            Ok(e) => Some((Ok(e), (rx, recheck, next, false))),
                            Err(broadcast::error::RecvError::Lagged(n)) => {
                                Some((Err(Interrupted::Missed(n)), (rx, recheck, next, false)))
                            }
                            Err(broadcast::error::RecvError::Closed) => None,
                        };
                    }
                    _ = tokio::time::sleep_until(next), if recheck.is_some() => {
                        next = tokio::time::Instant::now() + RECHECK;
                        if let Some(r) = &recheck
                            && !r.still_valid().await
                        {
                            return Some((Err(Interrupted::SignedOut), (rx, recheck, next, true)));
                        }
                    }
                }
            }
        },
    )
}
