//! Scores in bulk, for reporting tools: every partner's stored score of a month, a page at a time.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, InputObject, Object};
use entities::capability_scores;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::partners::Scope;
use crate::domain::Month;
use crate::graphql::context::{db, request, scope};
use crate::graphql::error::{GqlResult, bad_input};
use crate::graphql::object::enums::DesignationCode;
use crate::graphql::object::partner::Totals;
use crate::graphql::object::score::CapabilityScore;
use crate::graphql::policy::Policy;
use crate::graphql::relay::{MAX_BULK_PAGE, decode_cursor, encode_cursor, page_size};

/// Filters of the bulk score list.
#[derive(InputObject, Default)]
pub struct ScoreFilterInput {
    /// Only scores that meet (or do not meet) requirements.
    pub meets_requirements: Option<bool>,
    /// Lowest total.
    pub min_total: Option<f64>,
    /// Highest total.
    pub max_total: Option<f64>,
}

fn hundredths(v: f64, name: &str) -> async_graphql::Result<i32> {
    if v.is_finite() && (0.0..=100.0).contains(&v) {
        Ok((v * 100.0).round() as i32)
    } else {
        Err(bad_input(format!(
            "filter.{name}: must be between 0 and 100, got {v}"
        )))
    }
}

/// Score queries.
#[derive(Default)]
pub struct ScoreQuery;

#[Object]
impl ScoreQuery {
    /// Every partner's score (in the caller's scope) as of a month, ordered by partner then
    /// designation; `first` at most 1,000. Months of the stored history are served; see `latestMonth`.
    #[graphql(
        guard = "Policy(\"Query.capabilityScores\")",
        complexity = "crate::graphql::limits::page(first, 20, 1000, child_complexity)"
    )]
    async fn capability_scores(
        &self,
        ctx: &Context<'_>,
        as_of: Month,
        designation: Option<DesignationCode>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ScoreFilterInput>,
    ) -> async_graphql::Result<Connection<String, CapabilityScore, Totals>> {
        let limit = page_size(first, MAX_BULK_PAGE)?;
        let db = db(ctx)?;
        let mut cond = Condition::all().add(capability_scores::Column::Month.eq(as_of.first_day()));
        if let Scope::Partner(own) = scope(ctx)? {
            cond = cond.add(capability_scores::Column::PartnerId.eq(own));
        }
        if let Some(d) = designation {
            cond = cond.add(
                capability_scores::Column::DesignationCode
                    .eq(crate::domain::DesignationCode::from(d).as_str()),
            );
        }
        let filter = filter.unwrap_or_default();
        if let Some(m) = filter.meets_requirements {
            cond = cond.add(capability_scores::Column::MeetsRequirements.eq(m));
        }
        if let Some(v) = filter.min_total {
            cond = cond
                .add(capability_scores::Column::TotalHundredths.gte(hundredths(v, "minTotal")?));
        }
        if let Some(v) = filter.max_total {
            cond = cond
                .add(capability_scores::Column::TotalHundredths.lte(hundredths(v, "maxTotal")?));
        }
        let total = capability_scores::Entity::find()
            .filter(cond.clone())
            .count(db)
            .await
            .gql()?;
        let mut page = cond;
        let has_previous = after.is_some();
        if let Some(c) = after {
            let (partner, code): (i64, String) = decode_cursor(&c, "after")?;
            page = page.add(
                Condition::any()
                    .add(capability_scores::Column::PartnerId.gt(partner))
                    .add(
                        Condition::all()
                            .add(capability_scores::Column::PartnerId.eq(partner))
                            .add(capability_scores::Column::DesignationCode.gt(code)),
                    ),
            );
        }
        let rows = capability_scores::Entity::find()
            .filter(page)
            .order_by_asc(capability_scores::Column::PartnerId)
            .order_by_asc(capability_scores::Column::DesignationCode)
            .limit(limit + 1)
            .all(db)
            .await
            .gql()?;
        let more = rows.len() as u64 > limit;
        let mut conn = Connection::with_additional_fields(
            has_previous,
            more,
            Totals {
                total_count: total as i64,
            },
        );
        for row in rows.into_iter().take(limit as usize) {
            let score: crate::score::DesignationScore = serde_json::from_str(&row.breakdown)
                .map_err(|e| crate::graphql::error::app(crate::error::AppError::database(e)))?;
            let cursor = encode_cursor(&(row.partner_id, row.designation_code.clone()));
            conn.edges.push(Edge::new(
                cursor,
                CapabilityScore {
                    partner: row.partner_id,
                    score: Arc::new(score),
                },
            ));
        }
        Ok(conn)
    }

    /// The latest month with data: the default `asOf`, and the last month of the stored history.
    #[graphql(guard = "Policy(\"Query.latestMonth\")")]
    async fn latest_month(&self, ctx: &Context<'_>) -> async_graphql::Result<Month> {
        request(ctx)?.latest_month(ctx).await
    }
}
