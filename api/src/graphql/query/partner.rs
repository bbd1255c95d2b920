//! Reading partners: one by PartnerID, pages of them with filters and ordering, and any node by id.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ID, InputObject, Interface, Object};

use crate::db::partners::{self, PartnerFilter, PartnerOrder, Position};
use crate::graphql::context::{db, engine, request, scope};
use crate::graphql::error::GqlResult;
use crate::graphql::object::enums::DesignationCode;
use crate::graphql::object::partner::{Partner, Totals, month_or_latest};
use crate::graphql::object::professional::Professional;
use crate::graphql::policy::Policy;
use crate::graphql::relay::{
    MAX_PAGE, decode_cursor, encode_cursor, page_size, parse_global_id, selects_total,
};

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global id."))]
pub enum Node {
    /// A partner.
    Partner(Partner),
    /// A certified professional.
    Professional(Professional),
}

/// How a partner list is ordered.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartnerOrderBy {
    /// By name (A to Z).
    #[default]
    Name,
    /// By PartnerID.
    PartnerId,
    /// By the total of `filter.designation` at `filter.asOf`, highest first.
    Score,
}

/// Filters of a partner list.
#[derive(InputObject, Default)]
pub struct PartnerFilterInput {
    /// Part of the name or PartnerID, case-insensitive (at most 200 characters).
    pub search: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// The designation the score filters and `SCORE` ordering refer to.
    pub designation: Option<DesignationCode>,
    /// Only partners that attained (or did not attain) `designation` as of `asOf`.
    pub attained: Option<bool>,
    /// Lowest total of `designation` at `asOf`.
    pub min_score: Option<f64>,
    /// Highest total of `designation` at `asOf`.
    pub max_score: Option<f64>,
    /// The month of the score filters (default: the latest month with data).
    pub as_of: Option<crate::domain::Month>,
}

/// The longest search text: longer than any name, and short enough for SQLite's pattern limit.
const MAX_SEARCH_CHARS: usize = 200;

fn search(text: Option<String>) -> async_graphql::Result<Option<String>> {
    match text {
        Some(t) if t.chars().count() > MAX_SEARCH_CHARS => {
            Err(crate::graphql::error::bad_input(format!(
                "filter.search: at most {MAX_SEARCH_CHARS} characters, got {}",
                t.chars().count()
            )))
        }
        other => Ok(other),
    }
}

fn decimal(v: Option<f64>, name: &str) -> async_graphql::Result<Option<rust_decimal::Decimal>> {
    match v {
        None => Ok(None),
        Some(x) if x.is_finite() && (0.0..=100.0).contains(&x) => {
            Ok(rust_decimal::Decimal::from_f64_retain(x).map(|d| d.round_dp(2)))
        }
        Some(x) => Err(crate::graphql::error::bad_input(format!(
            "filter.{name}: must be between 0 and 100, got {x}"
        ))),
    }
}

/// Partner queries.
#[derive(Default)]
pub struct PartnerQuery;

#[Object]
impl PartnerQuery {
    /// Any node by its global id; `null` when it does not exist or is outside the caller's scope.
    #[graphql(guard = "Policy(\"Query.node\")")]
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        let Some((kind, key)) = parse_global_id(&id) else {
            return Ok(None);
        };
        let scope = scope(ctx)?;
        let db = db(ctx)?;
        match kind.as_str() {
            "Partner" => Ok(partners::by_code(db, scope, &key)
                .await
                .gql()?
                .map(|p| Node::Partner(Partner(p)))),
            "Professional" => Ok(crate::db::professionals::by_code(db, scope, &key)
                .await
                .gql()?
                .map(|p| Node::Professional(Professional(p, None)))),
            _ => Ok(None),
        }
    }

    /// One partner by PartnerID; `null` when it does not exist or is outside the caller's scope.
    #[graphql(guard = "Policy(\"Query.partner\")")]
    async fn partner(
        &self,
        ctx: &Context<'_>,
        partner_id: String,
    ) -> async_graphql::Result<Option<Partner>> {
        Ok(partners::by_code(db(ctx)?, scope(ctx)?, &partner_id)
            .await
            .gql()?
            .map(Partner))
    }

    /// Partners in the caller's scope, a page at a time (`first` at most 100).
    #[graphql(
        guard = "Policy(\"Query.partners\")",
        complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)"
    )]
    async fn partners(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<PartnerFilterInput>,
        #[graphql(default)] order_by: PartnerOrderBy,
    ) -> async_graphql::Result<Connection<String, Partner, Totals>> {
        let limit = page_size(first, MAX_PAGE)?;
        let filter = filter.unwrap_or_default();
        let scope = scope(ctx)?;
        let db = db(ctx)?;
        let needs_month = filter.attained.is_some()
            || filter.min_score.is_some()
            || filter.max_score.is_some()
            || order_by == PartnerOrderBy::Score;
        let month = if needs_month {
            Some(month_or_latest(ctx, filter.as_of).await?)
        } else {
            filter.as_of
        };
        let window = month
            .map(|m| engine(ctx).map(|e| e.rules_for(m).qualification_window_months))
            .transpose()?
            .unwrap_or(6);
        let f = PartnerFilter {
            search: search(filter.search)?,
            country: filter.country,
            designation: filter.designation.map(Into::into),
            attained: filter.attained,
            min_total: decimal(filter.min_score, "minScore")?,
            max_total: decimal(filter.max_score, "maxScore")?,
            month,
            window_months: window,
        };
        let order = match order_by {
            PartnerOrderBy::Name => PartnerOrder::Name,
            PartnerOrderBy::PartnerId => PartnerOrder::PartnerId,
            PartnerOrderBy::Score => PartnerOrder::ScoreDesc,
        };
        let after_pos: Option<Position> = after
            .as_deref()
            .map(|c| decode_cursor(c, "after"))
            .transpose()?;
        let has_previous = after_pos.is_some();
        let total = if selects_total(ctx) {
            partners::count(db, scope, &f).await.gql()?
        } else {
            0
        };
        let (rows, more) = partners::page(db, scope, &f, order, after_pos, limit)
            .await
            .gql()?;
        let _ = request(ctx)?;
        let mut conn = Connection::with_additional_fields(
            has_previous,
            more,
            Totals {
                total_count: total as i64,
            },
        );
        conn.edges.extend(
            rows.into_iter()
                .map(|(p, pos)| Edge::new(encode_cursor(&pos), Partner(p))),
        );
        Ok(conn)
    }
}
