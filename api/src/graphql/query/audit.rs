//! Reading the audit trail: newest first, filtered, a page at a time, within the caller's scope (a
//! partner admin sees its partner's events only). `GET /export/audit` gives the same events as CSV.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, InputObject, Object};
use chrono::{DateTime, Utc};

use crate::db::audit::{self, FilterKeys, Resolved};
use crate::graphql::context::{db, scope};
use crate::graphql::error::{GqlResult, forbidden};
use crate::graphql::object::audit::AuditEvent;
use crate::graphql::object::partner::Totals;
use crate::graphql::policy::Policy;
use crate::graphql::relay::{MAX_PAGE, decode_cursor, encode_cursor, page_size, selects_total};

/// Which audit events to read; every condition given must hold.
#[derive(InputObject, Default)]
pub struct AuditFilter {
    /// Changes to this partner's data (PartnerID).
    pub partner_id: Option<String>,
    /// Changes concerning this professional (profile id).
    pub professional_id: Option<String>,
    /// Changes by this actor (an email, or `token:NAME`).
    pub actor: Option<String>,
    /// Changes at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Changes before this instant.
    pub to: Option<DateTime<Utc>>,
    /// One action, e.g. `professional.associate`.
    pub action: Option<String>,
}

impl From<AuditFilter> for FilterKeys {
    fn from(f: AuditFilter) -> Self {
        Self {
            partner_id: f.partner_id,
            professional_id: f.professional_id,
            actor: f.actor,
            from: f.from,
            to: f.to,
            action: f.action,
        }
    }
}

/// Audit queries.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Recorded changes, newest first (`first` at most 100). A partner admin sees its partner's
    /// events only, and naming another partner is `FORBIDDEN`.
    #[graphql(
        guard = "Policy(\"Query.auditEvents\")",
        complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)"
    )]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, AuditEvent, Totals>> {
        let limit = page_size(first, MAX_PAGE)?;
        let after_id: Option<i64> = after
            .as_deref()
            .map(|c| decode_cursor(c, "after"))
            .transpose()?;
        let scope = scope(ctx)?;
        let db = db(ctx)?;
        let keys: FilterKeys = filter.unwrap_or_default().into();
        let filter = match audit::resolve_filter(db, scope, keys).await.gql()? {
            Resolved::Forbidden => return Err(forbidden()),
            Resolved::Nothing => {
                return Ok(Connection::with_additional_fields(
                    after_id.is_some(),
                    false,
                    Totals::default(),
                ));
            }
            Resolved::Filter(f) => f,
        };
        let total = if selects_total(ctx) {
            audit::count(db, scope, &filter).await.gql()?
        } else {
            0
        };
        let (rows, more) = audit::page(db, scope, &filter, after_id, limit)
            .await
            .gql()?;
        let mut conn = Connection::with_additional_fields(
            after_id.is_some(),
            more,
            Totals {
                total_count: total as i64,
            },
        );
        conn.edges.extend(
            rows.into_iter()
                .map(|r| Edge::new(encode_cursor(&r.event.id), AuditEvent(r))),
        );
        Ok(conn)
    }
}
