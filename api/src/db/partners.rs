//! Partner queries, always within a [`Scope`]: a partner admin's scope is its own partner, so no
//! caller of these functions can read another partner's rows by forgetting a check.

use entities::{capability_scores, partners};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query as SqlQuery};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use serde::{Deserialize, Serialize};

use crate::domain::{DesignationCode, Month};
use crate::error::AppError;
use crate::score::to_hundredths;

/// Which partners a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every partner (administrators, analysts, reporting tokens).
    All,
    /// One partner, by database id (a partner admin).
    Partner(i64),
}

impl Scope {
    /// Whether the partner with this database id is within the scope.
    pub fn includes(self, partner: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Partner(own) => own == partner,
        }
    }

    fn restrict(self, select: Select<partners::Entity>) -> Select<partners::Entity> {
        match self {
            Scope::All => select,
            Scope::Partner(own) => select.filter(partners::Column::Id.eq(own)),
        }
    }
}

/// The order of a partner list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartnerOrder {
    /// By name, then id.
    #[default]
    Name,
    /// By PartnerID.
    PartnerId,
    /// By the total of the filter's designation at the filter's month, highest first, then id.
    ScoreDesc,
}

/// Filters of a partner list. Score filters apply to `designation` at `month`.
#[derive(Debug, Clone, Default)]
pub struct PartnerFilter {
    /// Part of the name or PartnerID, case-insensitive.
    pub search: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// The designation score filters and ordering refer to.
    pub designation: Option<DesignationCode>,
    /// Only partners that attained `designation` as of `month` (requirements met in the window).
    pub attained: Option<bool>,
    /// Lowest total of `designation` at `month`.
    pub min_total: Option<Decimal>,
    /// Highest total of `designation` at `month`.
    pub max_total: Option<Decimal>,
    /// The month of the score filters.
    pub month: Option<Month>,
    /// Months a qualification window spans (attainment).
    pub window_months: i32,
}

/// Where a page starts: after this row in the list's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Position {
    /// After (name, id).
    Name(String, i64),
    /// After PartnerID.
    PartnerId(String),
    /// After (total in hundredths, id), in descending totals.
    Score(i32, i64),
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn filtered(scope: Scope, f: &PartnerFilter) -> Result<Select<partners::Entity>, AppError> {
    let mut q = scope.restrict(partners::Entity::find());
    if let Some(search) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = format!("%{}%", escape_like(&search.to_lowercase()));
        q = q.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col((
                        partners::Entity,
                        partners::Column::Name,
                    ))))
                    .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col((
                        partners::Entity,
                        partners::Column::PartnerId,
                    ))))
                    .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
                ),
        );
    }
    if let Some(country) = &f.country {
        q = q.filter(partners::Column::Country.eq(country.to_uppercase()));
    }
    let wants_scores = f.attained.is_some() || f.min_total.is_some() || f.max_total.is_some();
    if wants_scores {
        let (Some(designation), Some(month)) = (f.designation, f.month) else {
            return Err(AppError::BadInput(
                "filter: score filters need a designation".into(),
            ));
        };
        if f.min_total.is_some() || f.max_total.is_some() {
            let mut sub = SqlQuery::select();
            sub.column(capability_scores::Column::PartnerId)
                .from(capability_scores::Entity)
                .and_where(capability_scores::Column::DesignationCode.eq(designation.as_str()))
                .and_where(capability_scores::Column::Month.eq(month.first_day()));
            if let Some(min) = f.min_total {
                sub.and_where(capability_scores::Column::TotalHundredths.gte(to_hundredths(min)));
            }
            if let Some(max) = f.max_total {
                sub.and_where(capability_scores::Column::TotalHundredths.lte(to_hundredths(max)));
            }
            q = q.filter(partners::Column::Id.in_subquery(sub));
        }
        if let Some(attained) = f.attained {
            let window_start = month.minus(std::cmp::Ord::max(f.window_months, 1) - 1);
            let mut sub = SqlQuery::select();
            sub.column(capability_scores::Column::PartnerId)
                .from(capability_scores::Entity)
                .and_where(capability_scores::Column::DesignationCode.eq(designation.as_str()))
                .and_where(capability_scores::Column::MeetsRequirements.eq(true))
                .and_where(
                    capability_scores::Column::Month
                        .between(window_start.first_day(), month.first_day()),
                );
            q = if attained {
                q.filter(partners::Column::Id.in_subquery(sub))
            } else {
                q.filter(partners::Column::Id.not_in_subquery(sub))
            };
        }
    }
    Ok(q)
}

/// How many partners in scope match the filter.
pub async fn count(
    db: &impl ConnectionTrait,
    scope: Scope,
    f: &PartnerFilter,
) -> Result<u64, AppError> {
    Ok(filtered(scope, f)?.count(db).await?)
}

/// One page of partners in scope matching the filter, in `order`, after `after`; the flag says
/// whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    scope: Scope,
    f: &PartnerFilter,
    order: PartnerOrder,
    after: Option<Position>,
    limit: u64,
) -> Result<(Vec<(partners::Model, Position)>, bool), AppError> {
    let mut q = filtered(scope, f)?;
    let rows: Vec<(partners::Model, Position)> = match order {
        PartnerOrder::Name => {
            if let Some(Position::Name(name, id)) = &after {
                q = q.filter(
                    Condition::any()
                        .add(partners::Column::Name.gt(name.clone()))
                        .add(
                            Condition::all()
                                .add(partners::Column::Name.eq(name.clone()))
                                .add(partners::Column::Id.gt(*id)),
                        ),
                );
            } else if after.is_some() {
                return Err(AppError::BadInput(
                    "after: not a cursor of this order".into(),
                ));
            }
            q.order_by_asc(partners::Column::Name)
                .order_by_asc(partners::Column::Id)
                .limit(limit + 1)
                .all(db)
                .await?
                .into_iter()
                .map(|p| {
                    let pos = Position::Name(p.name.clone(), p.id);
                    (p, pos)
                })
                .collect()
        }
        PartnerOrder::PartnerId => {
            if let Some(Position::PartnerId(code)) = &after {
                q = q.filter(partners::Column::PartnerId.gt(code.clone()));
            } else if after.is_some() {
                return Err(AppError::BadInput(
                    "after: not a cursor of this order".into(),
                ));
            }
            q.order_by_asc(partners::Column::PartnerId)
                .limit(limit + 1)
                .all(db)
                .await?
                .into_iter()
                .map(|p| {
                    let pos = Position::PartnerId(p.partner_id.clone());
                    (p, pos)
                })
                .collect()
        }
        PartnerOrder::ScoreDesc => {
            let (Some(designation), Some(month)) = (f.designation, f.month) else {
                return Err(AppError::BadInput(
                    "orderBy: SCORE needs filter.designation".into(),
                ));
            };
            let mut sq = q.select_also(capability_scores::Entity).join(
                sea_orm::JoinType::LeftJoin,
                partners::Entity::belongs_to(capability_scores::Entity)
                    .from(partners::Column::Id)
                    .to(capability_scores::Column::PartnerId)
                    .on_condition(move |_left, right| {
                        Condition::all()
                            .add(
                                Expr::col((
                                    right.clone(),
                                    capability_scores::Column::DesignationCode,
                                ))
                                .eq(designation.as_str()),
                            )
                            .add(
                                Expr::col((right, capability_scores::Column::Month))
                                    .eq(month.first_day()),
                            )
                    })
                    .into(),
            );
            let total = Expr::expr(Func::coalesce([
                Expr::col((
                    capability_scores::Entity,
                    capability_scores::Column::TotalHundredths,
                )),
                Expr::val(-1),
            ]));
            if let Some(Position::Score(t, id)) = &after {
                sq = sq.filter(
                    Condition::any().add(total.clone().lt(*t)).add(
                        Condition::all()
                            .add(total.clone().eq(*t))
                            .add(partners::Column::Id.gt(*id)),
                    ),
                );
            } else if after.is_some() {
                return Err(AppError::BadInput(
                    "after: not a cursor of this order".into(),
                ));
            }
            sq.order_by_desc(total)
                .order_by_asc(partners::Column::Id)
                .limit(limit + 1)
                .all(db)
                .await?
                .into_iter()
                .map(|(p, s)| {
                    let pos = Position::Score(s.map(|s| s.total_hundredths).unwrap_or(-1), p.id);
                    (p, pos)
                })
                .collect()
        }
    };
    let mut rows = rows;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows, more))
}

/// A partner in scope by PartnerID; `None` when it does not exist or is outside the scope.
pub async fn by_code(
    db: &impl ConnectionTrait,
    scope: Scope,
    code: &str,
) -> Result<Option<partners::Model>, AppError> {
    Ok(scope
        .restrict(partners::Entity::find())
        .filter(partners::Column::PartnerId.eq(code))
        .one(db)
        .await?)
}

/// Partners in scope by database id.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    scope: Scope,
    ids: &[i64],
) -> Result<Vec<partners::Model>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5000) {
        out.extend(
            scope
                .restrict(partners::Entity::find())
                .filter(partners::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(out)
}
