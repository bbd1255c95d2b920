//! Scores in bulk, for reporting tools: every partner's score of a month, a page at a time, through
//! the same page function as the score export ([`crate::db::scores::page`]).

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::db::scores::{self, Detail, ScoreCursor, ScoreFilter};
use crate::db::summary;
use crate::domain::Month;
use crate::graphql::context::{catalogue, db, engine, request, scope};
use crate::graphql::error::{GqlResult, bad_input};
use crate::graphql::object::enums::DesignationCode;
use crate::graphql::object::partner::Totals;
use crate::graphql::object::score::{CapabilityScore, detail_selected};
use crate::graphql::policy::Policy;
use crate::graphql::relay::{
    MAX_BULK_PAGE, decode_cursor, encode_cursor, page_size, selects_total,
};

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

/// A total filter bound as the exact decimal the database layer compares.
fn total_bound(v: f64, name: &str) -> async_graphql::Result<Decimal> {
    match Decimal::from_f64(v) {
        Some(d) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok(d),
        _ => Err(bad_input(format!(
            "filter.{name}: must be between 0 and 100, got {v}"
        ))),
    }
}

/// Where the program stands at a month, over the partners in the caller's scope.
#[derive(SimpleObject)]
pub struct ProgramSummary {
    /// The month.
    pub as_of: Month,
    /// One line per designation, in the catalogue's order.
    pub designations: Vec<DesignationSummary>,
    /// Partners holding the Microsoft Cloud badge at the month (all six designations attained), as
    /// each partner's `standing(asOf).microsoftCloudBadge` says.
    pub microsoft_cloud_badges: i64,
}

/// One designation's line of the program summary.
#[derive(SimpleObject)]
pub struct DesignationSummary {
    /// The designation.
    pub designation: DesignationCode,
    /// Partners with a score for it at the month.
    pub partners: i64,
    /// Partners meeting its requirements at the month.
    pub meeting_requirements: i64,
    /// Partners not meeting them with a total of at least 65: within 5 points of 70, or at 70 or more
    /// with a metric below its minimum. `capabilityScores(filter: {meetsRequirements: false,
    /// minTotal: 65})` lists them.
    pub near_miss: i64,
    /// Partners at risk, as each partner's `standing.designations.atRisk` says: requirements met at
    /// the latest month with data and not under the forecast at the month of the partner's next
    /// anniversary. Null for any other `asOf`: the forecast starts at the latest month.
    pub at_risk: Option<i64>,
}

/// What the program summary costs in a query's complexity: its at-risk counts forecast every partner
/// in scope that meets requirements.
const SUMMARY_COST: usize = 10_000;

/// The lowest total of a near miss.
const NEAR_MISS_FROM: i64 = 65;

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
        let (db, engine, scope) = (db(ctx)?, engine(ctx)?, scope(ctx)?);
        let input = filter.unwrap_or_default();
        let filter = ScoreFilter {
            designation: designation.map(Into::into),
            meets_requirements: input.meets_requirements,
            min_total: input
                .min_total
                .map(|v| total_bound(v, "minTotal"))
                .transpose()?,
            max_total: input
                .max_total
                .map(|v| total_bound(v, "maxTotal"))
                .transpose()?,
        };
        let total = if selects_total(ctx) {
            scores::count(db, engine, scope, as_of, &filter)
                .await
                .gql()?
        } else {
            0
        };
        let has_previous = after.is_some();
        let after = match after {
            Some(c) => {
                let (partner, designation): (i64, String) = decode_cursor(&c, "after")?;
                Some(ScoreCursor {
                    partner,
                    designation,
                })
            }
            None => None,
        };
        let node = ctx.look_ahead().field("edges").field("node");
        let detail = match (
            detail_selected(node),
            detail_selected(ctx.look_ahead().field("nodes")),
        ) {
            (Detail::Points, Detail::Points) => Detail::Points,
            _ => Detail::Facts,
        };
        let (rows, more) = scores::page(db, engine, scope, as_of, &filter, after, limit, detail)
            .await
            .gql()?;
        let mut conn = Connection::with_additional_fields(
            has_previous,
            more,
            Totals {
                total_count: total as i64,
            },
        );
        for row in rows {
            let c = row.cursor();
            conn.edges.push(Edge::new(
                encode_cursor(&(c.partner, c.designation)),
                CapabilityScore::new(row.partner, Arc::new(row.score)),
            ));
        }
        Ok(conn)
    }

    /// Per designation, how many partners in the caller's scope meet requirements as of a month
    /// (default: the latest month with data) and how many are near misses, counted from the same
    /// scores `capabilityScores` lists.
    #[graphql(
        guard = "Policy(\"Query.programSummary\")",
        complexity = "SUMMARY_COST + child_complexity"
    )]
    async fn program_summary(
        &self,
        ctx: &Context<'_>,
        as_of: Option<Month>,
    ) -> async_graphql::Result<ProgramSummary> {
        let (db, engine, scope) = (db(ctx)?, engine(ctx)?, scope(ctx)?);
        let latest = request(ctx)?.latest_month(ctx).await?;
        let month = as_of.unwrap_or(latest);
        let selected = ctx.look_ahead();
        let at_risk = if month == latest && selected.field("designations").field("atRisk").exists()
        {
            Some(summary::at_risk(db, engine, scope, month).await.gql()?)
        } else {
            None
        };
        let badges = if selected.field("microsoftCloudBadges").exists() {
            summary::microsoft_cloud_badges(db, engine, catalogue(ctx)?, scope, month)
                .await
                .gql()?
        } else {
            0
        };
        let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let mut designations = Vec::new();
        for d in crate::domain::DesignationCode::ALL {
            let count = |meets: Option<bool>, min_total: Option<Decimal>| {
                let filter = ScoreFilter {
                    designation: Some(*d),
                    meets_requirements: meets,
                    min_total,
                    max_total: None,
                };
                async move { scores::count(db, engine, scope, month, &filter).await }
            };
            designations.push(DesignationSummary {
                designation: (*d).into(),
                partners: as_i64(count(None, None).await.gql()?),
                meeting_requirements: as_i64(count(Some(true), None).await.gql()?),
                near_miss: as_i64(
                    count(Some(false), Some(Decimal::from(NEAR_MISS_FROM)))
                        .await
                        .gql()?,
                ),
                at_risk: at_risk
                    .as_ref()
                    .map(|r| as_i64(r.get(d).copied().unwrap_or(0))),
            });
        }
        Ok(ProgramSummary {
            as_of: month,
            designations,
            microsoft_cloud_badges: as_i64(badges),
        })
    }

    /// The latest month with data: the default `asOf`, and the last month of the stored history.
    #[graphql(guard = "Policy(\"Query.latestMonth\")")]
    async fn latest_month(&self, ctx: &Context<'_>) -> async_graphql::Result<Month> {
        request(ctx)?.latest_month(ctx).await
    }
}
