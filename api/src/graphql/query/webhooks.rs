//! The webhooks the caller manages (administrators: every one; a partner admin: its partner's) and
//! their delivery log.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, Object};

use crate::db::webhooks;
use crate::graphql::context::db;
use crate::graphql::error::GqlResult;
use crate::graphql::mutation::webhooks::{db_id, owner};
use crate::graphql::object::partner::Totals;
use crate::graphql::object::webhook::Webhook;
use crate::graphql::policy::Policy;
use crate::graphql::relay::{MAX_PAGE, decode_cursor, encode_cursor, page_size, selects_total};

/// Webhook queries.
#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// The webhooks the caller manages, oldest first (`first` at most 100).
    #[graphql(
        guard = "Policy(\"Query.webhooks\")",
        complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)"
    )]
    async fn webhooks(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Webhook, Totals>> {
        let owner = owner(ctx)?;
        let limit = page_size(first, MAX_PAGE)?;
        let after_id: Option<i64> = after
            .as_deref()
            .map(|c| decode_cursor(c, "after"))
            .transpose()?;
        let db = db(ctx)?;
        let total = if selects_total(ctx) {
            webhooks::count(db, owner).await.gql()?
        } else {
            0
        };
        let mut rows = webhooks::list(db, owner, after_id, limit + 1).await.gql()?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let mut conn = Connection::with_additional_fields(
            after_id.is_some(),
            more,
            Totals {
                total_count: i64::try_from(total).unwrap_or(i64::MAX),
            },
        );
        conn.edges.extend(
            rows.into_iter()
                .map(|w| Edge::new(encode_cursor(&w.id), Webhook(w))),
        );
        Ok(conn)
    }

    /// One webhook the caller manages, by `Webhook.id`; null when there is none.
    #[graphql(guard = "Policy(\"Query.webhook\")")]
    async fn webhook(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Webhook>> {
        let owner = owner(ctx)?;
        let Some(id) = db_id(&id, "Webhook") else {
            return Ok(None);
        };
        Ok(webhooks::get(db(ctx)?, owner, id).await.gql()?.map(Webhook))
    }
}
