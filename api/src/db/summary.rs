//! The program overview's standings: over the partners in a scope, how many hold the Microsoft Cloud
//! badge at a month and how many are at risk per designation, from the same scores, standings and
//! forecasts each partner's own fields read.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use entities::{capability_scores, partners};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::catalogue::Catalogue;
use super::partners::Scope;
use super::score_input;
use super::scores::{Detail, ScoreKey, scores_for, stale_at};
use super::specializations::{standing, window_keys};
use crate::domain::{DesignationCode, Month};
use crate::error::AppError;
use crate::score::Engine;
use crate::score::forecast::{at_risk_from, hold_flat, risk_horizon, usage_from};
use crate::score::status::MonthlyVerdict;

/// Partners whose rows are read together.
const CHUNK: usize = 200;

/// The partners in `scope`, by database id, with their anniversary dates.
async fn in_scope(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> Result<Vec<(i64, Option<NaiveDate>)>, AppError> {
    let mut q = partners::Entity::find()
        .select_only()
        .column(partners::Column::Id)
        .column(partners::Column::AnniversaryDate);
    if let Scope::Partner(id) = scope {
        q = q.filter(partners::Column::Id.eq(id));
    }
    Ok(q.into_tuple::<(i64, Option<NaiveDate>)>().all(db).await?)
}

/// The stored scores of `months` of the partners in `scope` whose scores of `stale_month` are fresh
/// (not queued from it or earlier), selecting the partner.
fn fresh_rows(
    scope: Scope,
    months: &[NaiveDate],
    stale_month: Month,
) -> sea_orm::Select<capability_scores::Entity> {
    let q = capability_scores::Entity::find()
        .select_only()
        .column(capability_scores::Column::PartnerId)
        .filter(capability_scores::Column::Month.is_in(months.iter().copied()))
        .filter(capability_scores::Column::PartnerId.not_in_subquery(stale_at(stale_month)));
    match scope {
        Scope::All => q,
        Scope::Partner(id) => q.filter(capability_scores::Column::PartnerId.eq(id)),
    }
}

/// The partners of [`fresh_rows`] with a stored score of every designation in every one of
/// `months`: those whose stored verdicts the counts may read.
async fn complete_partners(
    db: &impl ConnectionTrait,
    scope: Scope,
    months: &[NaiveDate],
    stale_month: Month,
) -> Result<HashSet<i64>, AppError> {
    Ok(fresh_rows(scope, months, stale_month)
        .group_by(capability_scores::Column::PartnerId)
        .having(
            Expr::col(capability_scores::Column::DesignationCode)
                .count()
                .eq((DesignationCode::ALL.len() * months.len()) as i64),
        )
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// How many partners in `scope` hold the Microsoft Cloud badge as of `month`: all six designations
/// attained, as `Partner.standing(asOf).microsoftCloudBadge` says. Attainment is decided by the
/// qualification window alone (the anniversary moves only the enrollment status). A partner whose
/// stored scores of every window month are fresh is counted in SQL from their verdicts; the others
/// (queued for a refresh, or without stored scores of some window month) through their standing.
pub async fn microsoft_cloud_badges(
    db: &impl ConnectionTrait,
    engine: &Engine,
    catalogue: &Catalogue,
    scope: Scope,
    month: Month,
) -> Result<u64, AppError> {
    let months: Vec<NaiveDate> = window_keys(engine, 0, month, None)
        .iter()
        .map(|k| k.month.first_day())
        .collect();
    let complete = complete_partners(db, scope, &months, month).await?;
    let badges = fresh_rows(scope, &months, month)
        .filter(capability_scores::Column::MeetsRequirements.eq(true))
        .group_by(capability_scores::Column::PartnerId)
        .having(
            Expr::col(capability_scores::Column::DesignationCode)
                .count_distinct()
                .eq(DesignationCode::ALL.len() as i64),
        )
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .filter(|p| complete.contains(p))
        .count() as u64;
    let rest: Vec<(i64, Option<NaiveDate>)> = in_scope(db, scope)
        .await?
        .into_iter()
        .filter(|(p, _)| !complete.contains(p))
        .collect();
    Ok(badges + standing_badges(db, engine, catalogue, &rest, month).await?)
}

/// How many of `partners` hold the badge as of `month`, through their standing.
async fn standing_badges(
    db: &impl ConnectionTrait,
    engine: &Engine,
    catalogue: &Catalogue,
    partners: &[(i64, Option<NaiveDate>)],
    month: Month,
) -> Result<u64, AppError> {
    let mut count = 0;
    for chunk in partners.chunks(CHUNK) {
        let keys: Vec<ScoreKey> = chunk
            .iter()
            .flat_map(|(p, _)| window_keys(engine, *p, month, None))
            .collect();
        let loaded = scores_for(db, engine, &keys, None, Detail::Points).await?;
        let mut verdicts: HashMap<i64, Vec<MonthlyVerdict>> = HashMap::new();
        for (key, scores) in &loaded {
            verdicts
                .entry(key.partner)
                .or_default()
                .extend(scores.iter().map(MonthlyVerdict::from));
        }
        for (partner, _) in chunk {
            let v = verdicts.remove(partner).unwrap_or_default();
            if standing(engine, catalogue, &v, month, &[], None).microsoft_cloud {
                count += 1;
            }
        }
    }
    Ok(count)
}

/// Per designation, how many partners in `scope` are at risk at `last` (the latest month with data),
/// as each partner's `Standing.designations.atRisk` says: requirements met at `last` and not under
/// the forecast at the month of its next anniversary. A partner whose stored scores of `last` are
/// fresh is counted in SQL from the forecast verdict stored with them (`at_risk_from`, computed by the
/// refresh with the same forecast); the others (queued, or without a stored score of `last`) are
/// forecast here.
pub async fn at_risk(
    db: &impl ConnectionTrait,
    engine: &Engine,
    scope: Scope,
    last: Month,
) -> Result<BTreeMap<DesignationCode, u64>, AppError> {
    let mut out: BTreeMap<DesignationCode, u64> =
        DesignationCode::ALL.iter().map(|d| (*d, 0)).collect();
    let months = [last.first_day()];
    let complete = complete_partners(db, scope, &months, last).await?;
    let stored: Vec<(i64, String)> = fresh_rows(scope, &months, last)
        .column(capability_scores::Column::DesignationCode)
        .filter(capability_scores::Column::AtRiskFrom.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for (partner, designation) in stored {
        if let (true, Ok(d)) = (complete.contains(&partner), designation.parse()) {
            *out.entry(d).or_default() += 1;
        }
    }
    let rest: Vec<(i64, Option<NaiveDate>)> = in_scope(db, scope)
        .await?
        .into_iter()
        .filter(|(p, _)| !complete.contains(p))
        .collect();
    forecast_at_risk(db, engine, &rest, last, &mut out).await?;
    Ok(out)
}

/// Adds to `out` the designations of `partners` at risk at `last`, forecast from their rows.
async fn forecast_at_risk(
    db: &impl ConnectionTrait,
    engine: &Engine,
    partners: &[(i64, Option<NaiveDate>)],
    last: Month,
    out: &mut BTreeMap<DesignationCode, u64>,
) -> Result<(), AppError> {
    for chunk in partners.chunks(CHUNK) {
        let keys: Vec<ScoreKey> = chunk
            .iter()
            .map(|(partner, _)| ScoreKey {
                partner: *partner,
                month: last,
            })
            .collect();
        let now = scores_for(db, engine, &keys, None, Detail::Points).await?;
        let meeting: Vec<(i64, i32, Vec<DesignationCode>)> = chunk
            .iter()
            .filter_map(|(partner, anniversary)| {
                let key = ScoreKey {
                    partner: *partner,
                    month: last,
                };
                let met: Vec<DesignationCode> = now
                    .get(&key)?
                    .iter()
                    .filter(|s| s.meets_requirements)
                    .map(|s| s.designation)
                    .collect();
                (!met.is_empty()).then(|| (*partner, risk_horizon(*anniversary, last), met))
            })
            .collect();
        let Some(longest) = meeting.iter().map(|(_, h, _)| *h).max() else {
            continue;
        };
        let ids: Vec<i64> = meeting.iter().map(|(p, _, _)| *p).collect();
        let inputs = score_input::load(db, &ids, usage_from(engine, last, longest), last).await?;
        for (partner, horizon, met) in &meeting {
            let Some(data) = inputs.get(partner) else {
                continue;
            };
            let end = last.plus(*horizon);
            let held = hold_flat(data, last, end);
            for d in met {
                if at_risk_from(engine, &held, last, end, *d).is_some() {
                    *out.entry(*d).or_default() += 1;
                }
            }
        }
    }
    Ok(())
}
