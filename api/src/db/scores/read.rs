//! The one read path of scores. Every reader — the graph's per-partner scores, the bulk connection,
//! the score export and the command line — asks here, and gets the stored rows when they are fresh and
//! the engine's answer computed now when they are stale or not stored.
//!
//! **The staleness rule** ([`is_stale`], the one [`super::refresh`] settles): a partner in
//! `score_refresh_queue` with `from_month` M has stale stored scores for M and every later month; its
//! earlier months are still fresh. Months outside the stored history have no row and are computed.
//! The queue row is joined to the score rows in the same statement.

use std::collections::{HashMap, HashSet};

use entities::{capability_scores, score_refresh_queue};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};

use crate::db::partners::Scope;
use crate::db::score_input::{self, IN_CHUNK};
use crate::domain::{DesignationCode, Month};
use crate::error::AppError;
use crate::score::{DesignationScore, Engine, RuleSet, to_hundredths};

/// One partner (database id) at one month: what [`scores_for`] answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScoreKey {
    /// Partner database id.
    pub partner: i64,
    /// As-of month.
    pub month: Month,
}

/// **The staleness rule** in one place: stored scores of `month` are stale when their partner is
/// queued from `month` or earlier (`queued_from`: its queue row's `from_month`, if queued).
fn is_stale(queued_from: Option<Month>, month: Month) -> bool {
    queued_from.is_some_and(|from| from <= month)
}

/// The partners whose stored scores of `month` are stale, as a subquery (for the bulk reads, which
/// cannot list partners up front).
pub fn stale_at(month: Month) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(score_refresh_queue::Column::PartnerId)
        .from(score_refresh_queue::Entity)
        .and_where(score_refresh_queue::Column::FromMonth.lte(month.first_day()))
        .to_owned()
}

/// How much of each score a reader needs; a page of points never reads the breakdowns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detail {
    /// The total, the verdict and every metric's numbers: the stored summary
    /// ([`DesignationScore::summary`]).
    Points,
    /// Everything: tracks, options and every fact behind them: the stored breakdown.
    Facts,
}

impl Detail {
    /// A score computed now, cut to this detail.
    fn cut(self, score: DesignationScore) -> DesignationScore {
        match self {
            Detail::Points => score.summary(),
            Detail::Facts => score,
        }
    }
}

/// One stored score as a reader gets it, with its partner's queued month (if queued).
struct Stored {
    partner: i64,
    month: Month,
    designation: String,
    score: DesignationScore,
    queued_from: Option<Month>,
}

impl Stored {
    /// Whether this stored score is stale ([`is_stale`]).
    fn is_stale(&self) -> bool {
        is_stale(self.queued_from, self.month)
    }
}

/// The stored scores `q` selects, each with its partner's queue row joined in the same statement,
/// reading only the column `detail` needs (the summary or the breakdown) beside the key.
async fn stored(
    db: &impl ConnectionTrait,
    q: Select<capability_scores::Entity>,
    detail: Detail,
) -> Result<Vec<Stored>, AppError> {
    type Date = chrono::NaiveDate;
    let q = q
        .select_only()
        .column(capability_scores::Column::PartnerId)
        .column(capability_scores::Column::Month)
        .column(capability_scores::Column::DesignationCode)
        .column_as(score_refresh_queue::Column::FromMonth, "queued_from")
        .join(
            JoinType::LeftJoin,
            capability_scores::Entity::belongs_to(score_refresh_queue::Entity)
                .from(capability_scores::Column::PartnerId)
                .to(score_refresh_queue::Column::PartnerId)
                .into(),
        );
    let column = match detail {
        Detail::Points => capability_scores::Column::Summary,
        Detail::Facts => capability_scores::Column::Breakdown,
    };
    q.column(column)
        .into_tuple::<(i64, Date, String, Option<Date>, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(p, m, d, queued, text)| {
            Ok(Stored {
                partner: p,
                month: Month::of(m),
                designation: d,
                score: serde_json::from_str(&text).map_err(AppError::database)?,
                queued_from: queued.map(Month::of),
            })
        })
        .collect()
}

/// Computes the scores of `keys` now, reading each partner's rows once (one batched load over the
/// usage every key's month needs). Partners that do not exist get no entry.
/// `under` names a rule set to score with instead of the one in force at each month (a what-if).
async fn compute(
    db: &impl ConnectionTrait,
    engine: &Engine,
    keys: &[ScoreKey],
    under: Option<&RuleSet>,
) -> Result<HashMap<ScoreKey, Vec<DesignationScore>>, AppError> {
    let (Some(first), Some(last)) = (
        keys.iter().map(|k| k.month).min(),
        keys.iter().map(|k| k.month).max(),
    ) else {
        return Ok(HashMap::new());
    };
    let rules_of = |m: Month| under.unwrap_or_else(|| engine.rules_for(m));
    let (from, to) = (
        rules_of(first).usage_window(first).0,
        rules_of(last).usage_window(last).1,
    );
    let mut partners: Vec<i64> = keys.iter().map(|k| k.partner).collect();
    partners.sort_unstable();
    partners.dedup();
    let inputs = score_input::load(db, &partners, from, to).await?;
    Ok(keys
        .iter()
        .filter_map(|k| {
            let data = inputs.get(&k.partner)?;
            Some((*k, engine.score_under(rules_of(k.month), data, k.month)))
        })
        .collect())
}

/// Every designation's score (or only `designation`'s) of each key, sorted by designation, to
/// `detail`: the stored rows where they are fresh, else computed now. Every key is in the answer, with
/// no score for a partner that does not exist.
pub async fn scores_for(
    db: &impl ConnectionTrait,
    engine: &Engine,
    keys: &[ScoreKey],
    designation: Option<DesignationCode>,
    detail: Detail,
) -> Result<HashMap<ScoreKey, Vec<DesignationScore>>, AppError> {
    let wanted: HashSet<ScoreKey> = keys.iter().copied().collect();
    let mut partners: Vec<i64> = wanted.iter().map(|k| k.partner).collect();
    partners.sort_unstable();
    partners.dedup();
    let mut out: HashMap<ScoreKey, Vec<DesignationScore>> = HashMap::new();
    let months: HashSet<Month> = wanted.iter().map(|k| k.month).collect();
    // Naming every designation lets SQLite look rows up by the primary key instead of reading the
    // whole month through the report index.
    let designations: Vec<&str> = match designation {
        Some(d) => vec![d.as_str()],
        None => DesignationCode::ALL.iter().map(|d| d.as_str()).collect(),
    };
    for chunk in partners.chunks(IN_CHUNK) {
        let q = capability_scores::Entity::find()
            .filter(capability_scores::Column::PartnerId.is_in(chunk.iter().copied()))
            .filter(capability_scores::Column::DesignationCode.is_in(designations.iter().copied()))
            .filter(capability_scores::Column::Month.is_in(months.iter().map(|m| m.first_day())));
        for row in stored(db, q, detail).await? {
            let key = ScoreKey {
                partner: row.partner,
                month: row.month,
            };
            if wanted.contains(&key) && !row.is_stale() {
                out.entry(key).or_default().push(row.score);
            }
        }
    }

    let missing: Vec<ScoreKey> = wanted
        .iter()
        .copied()
        .filter(|k| !out.contains_key(k))
        .collect();
    let computed = compute(db, engine, &missing, None).await?;
    Ok(merge_computed(out, computed, &missing, designation, detail))
}

/// Adds the scores computed now to those read, each cut to `designation` and `detail`; every missing
/// key gets an entry, and every entry is sorted by designation.
fn merge_computed(
    mut out: HashMap<ScoreKey, Vec<DesignationScore>>,
    computed: HashMap<ScoreKey, Vec<DesignationScore>>,
    missing: &[ScoreKey],
    designation: Option<DesignationCode>,
    detail: Detail,
) -> HashMap<ScoreKey, Vec<DesignationScore>> {
    for (key, scores) in computed {
        let scores = scores
            .into_iter()
            .filter(|s| designation.is_none_or(|d| s.designation == d))
            .map(|s| detail.cut(s))
            .collect();
        out.insert(key, scores);
    }
    for key in missing {
        out.entry(*key).or_default();
    }
    for scores in out.values_mut() {
        scores.sort_by_key(|s| s.designation);
    }
    out
}

/// The scores of `keys` under the rule set `rules` (see [`scores_for`]): a month whose rule set in
/// force is `rules` reads like [`scores_for`]; any other month is computed under `rules` now and never
/// stored (a what-if: the same rows scored by another year's rules).
pub async fn scores_under(
    db: &impl ConnectionTrait,
    engine: &Engine,
    keys: &[ScoreKey],
    rules: &RuleSet,
    designation: Option<DesignationCode>,
    detail: Detail,
) -> Result<HashMap<ScoreKey, Vec<DesignationScore>>, AppError> {
    let (in_force, mut what_if): (Vec<ScoreKey>, Vec<ScoreKey>) = keys
        .iter()
        .partition(|k| engine.rules_for(k.month).code == rules.code);
    let out = scores_for(db, engine, &in_force, designation, detail).await?;
    what_if.sort_unstable_by_key(|k| (k.partner, k.month));
    what_if.dedup();
    let computed = compute(db, engine, &what_if, Some(rules)).await?;
    Ok(merge_computed(out, computed, &what_if, designation, detail))
}

/// The scores of one partner as of `month`, facts included (see [`scores_for`]).
pub async fn scores_of(
    db: &impl ConnectionTrait,
    engine: &Engine,
    partner: i64,
    month: Month,
    designation: Option<DesignationCode>,
) -> Result<Vec<DesignationScore>, AppError> {
    let key = ScoreKey { partner, month };
    Ok(scores_for(db, engine, &[key], designation, Detail::Facts)
        .await?
        .remove(&key)
        .unwrap_or_default())
}

/// Which scores of a month a bulk read lists.
#[derive(Debug, Clone, Default)]
pub struct ScoreFilter {
    /// Only this designation.
    pub designation: Option<DesignationCode>,
    /// Only scores that meet (or do not meet) requirements.
    pub meets_requirements: Option<bool>,
    /// Lowest total.
    pub min_total: Option<Decimal>,
    /// Highest total.
    pub max_total: Option<Decimal>,
}

impl ScoreFilter {
    /// Whether the filter looks at the values of a score (not only at which score it is).
    fn reads_values(&self) -> bool {
        self.meets_requirements.is_some() || self.min_total.is_some() || self.max_total.is_some()
    }

    /// The filter on the stored columns of its values.
    fn on_values(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(m) = self.meets_requirements {
            cond = cond.add(capability_scores::Column::MeetsRequirements.eq(m));
        }
        if let Some(v) = self.min_total {
            cond = cond.add(capability_scores::Column::TotalHundredths.gte(to_hundredths(v)));
        }
        if let Some(v) = self.max_total {
            cond = cond.add(capability_scores::Column::TotalHundredths.lte(to_hundredths(v)));
        }
        cond
    }

    /// The same filter on a score in hand (a recomputed one), compared as the database compares.
    fn matches(&self, s: &DesignationScore) -> bool {
        let total = to_hundredths(s.total);
        self.designation.is_none_or(|d| s.designation == d)
            && self
                .meets_requirements
                .is_none_or(|m| s.meets_requirements == m)
            && self.min_total.is_none_or(|v| total >= to_hundredths(v))
            && self.max_total.is_none_or(|v| total <= to_hundredths(v))
    }
}

/// The stored rows of `month` in scope that `filter` names by designation, whatever their values.
fn listed(scope: Scope, month: Month, filter: &ScoreFilter) -> Condition {
    let mut cond = Condition::all().add(capability_scores::Column::Month.eq(month.first_day()));
    if let Scope::Partner(own) = scope {
        cond = cond.add(capability_scores::Column::PartnerId.eq(own));
    }
    if let Some(d) = filter.designation {
        cond = cond.add(capability_scores::Column::DesignationCode.eq(d.as_str()));
    }
    cond
}

/// Where a page of [`page`] starts: after this partner and designation code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreCursor {
    /// Partner database id.
    pub partner: i64,
    /// Designation code as stored.
    pub designation: String,
}

/// One listed score.
#[derive(Debug, Clone)]
pub struct ListedScore {
    /// Partner database id.
    pub partner: i64,
    /// The score (recomputed when the stored one is stale).
    pub score: DesignationScore,
}

impl ListedScore {
    /// The cursor just after this score.
    pub fn cursor(&self) -> ScoreCursor {
        ScoreCursor {
            partner: self.partner,
            designation: self.score.designation.as_str().to_string(),
        }
    }
}

/// One page of the scores of `month` in scope that match `filter`, ordered by partner then
/// designation, after `after`; the flag says whether more follow. A listed score is a stored row's
/// (partner, designation); its values are the stored ones when fresh, else computed now, and the
/// value filters apply to what is returned. The bulk connection and the export both page here.
#[allow(clippy::too_many_arguments)] // the page's scope, month, filter, position, size and detail
pub async fn page(
    db: &impl ConnectionTrait,
    engine: &Engine,
    scope: Scope,
    month: Month,
    filter: &ScoreFilter,
    after: Option<ScoreCursor>,
    limit: u64,
    detail: Detail,
) -> Result<(Vec<ListedScore>, bool), AppError> {
    let mut cond = listed(scope, month, filter);
    if filter.reads_values() {
        // A stale row is listed whatever its stored values: its fresh ones are filtered below.
        cond = cond.add(
            Condition::any()
                .add(filter.on_values())
                .add(capability_scores::Column::PartnerId.in_subquery(stale_at(month))),
        );
    }
    let mut out = Vec::new();
    let mut after = after;
    loop {
        let mut q = cond.clone();
        if let Some(c) = &after {
            // A row-value comparison, so the (month, partner, designation) index starts the page
            // where the last one ended instead of reading the month from its start.
            let table = capability_scores::Entity;
            let key = Expr::tuple([
                Expr::col((table, capability_scores::Column::PartnerId)),
                Expr::col((table, capability_scores::Column::DesignationCode)),
            ]);
            let after = Expr::tuple([Expr::val(c.partner), Expr::val(c.designation.clone())]);
            q = q.add(key.gt(after));
        }
        let select = capability_scores::Entity::find()
            .filter(q)
            .order_by_asc(capability_scores::Column::PartnerId)
            .order_by_asc(capability_scores::Column::DesignationCode)
            .limit(limit + 1);
        let rows = stored(db, select, detail).await?;
        let exhausted = (rows.len() as u64) < limit + 1;
        let Some(last) = rows.last() else { break };
        after = Some(ScoreCursor {
            partner: last.partner,
            designation: last.designation.clone(),
        });
        let mut stale: Vec<ScoreKey> = rows
            .iter()
            .filter(|r| r.is_stale())
            .map(|r| ScoreKey {
                partner: r.partner,
                month,
            })
            .collect();
        stale.dedup();
        let fresh = compute(db, engine, &stale, None).await?;
        for row in rows {
            let key = ScoreKey {
                partner: row.partner,
                month,
            };
            let score = if row.is_stale() {
                fresh.get(&key).and_then(|scores| {
                    scores
                        .iter()
                        .find(|s| s.designation.as_str() == row.designation)
                        .map(|s| detail.cut(s.clone()))
                })
            } else {
                Some(row.score)
            };
            if let Some(score) = score.filter(|s| filter.matches(s)) {
                out.push(ListedScore {
                    partner: row.partner,
                    score,
                });
            }
        }
        if exhausted || out.len() as u64 > limit {
            break;
        }
    }
    let more = out.len() as u64 > limit;
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((out, more))
}

/// How many scores [`page`] lists for `month`, `scope` and `filter` in all.
pub async fn count(
    db: &impl ConnectionTrait,
    engine: &Engine,
    scope: Scope,
    month: Month,
    filter: &ScoreFilter,
) -> Result<u64, AppError> {
    let cond = listed(scope, month, filter);
    if !filter.reads_values() {
        return Ok(capability_scores::Entity::find()
            .filter(cond)
            .count(db)
            .await?);
    }
    let fresh_rows = capability_scores::Entity::find()
        .filter(cond.clone().add(filter.on_values()))
        .filter(capability_scores::Column::PartnerId.not_in_subquery(stale_at(month)))
        .count(db)
        .await?;
    // Stale rows count by their values now.
    let stale_rows: Vec<(i64, String)> = capability_scores::Entity::find()
        .select_only()
        .column(capability_scores::Column::PartnerId)
        .column(capability_scores::Column::DesignationCode)
        .filter(cond)
        .filter(capability_scores::Column::PartnerId.in_subquery(stale_at(month)))
        .into_tuple()
        .all(db)
        .await?;
    let mut keys: Vec<ScoreKey> = stale_rows
        .iter()
        .map(|(partner, _)| ScoreKey {
            partner: *partner,
            month,
        })
        .collect();
    keys.sort_unstable_by_key(|k| k.partner);
    keys.dedup();
    let now = compute(db, engine, &keys, None).await?;
    let stale_matching = stale_rows
        .iter()
        .filter(|(partner, code)| {
            now.get(&ScoreKey {
                partner: *partner,
                month,
            })
            .and_then(|scores| scores.iter().find(|s| s.designation.as_str() == code))
            .is_some_and(|s| filter.matches(s))
        })
        .count();
    Ok(fresh_rows + stale_matching as u64)
}

/// The forecast of one partner: its scores for each of the `months` months after `last` (the latest
/// month with data) if nothing new happens, each month under the rule set in force at its end
/// ([`crate::score::forecast::hold_flat`]). Computed now, never stored.
pub async fn forecast(
    db: &impl ConnectionTrait,
    engine: &Engine,
    partner: i64,
    last: Month,
    months: i32,
    designation: Option<DesignationCode>,
) -> Result<Vec<(Month, Vec<DesignationScore>)>, AppError> {
    let from = crate::score::forecast::usage_from(engine, last, months);
    let inputs = score_input::load(db, &[partner], from, last).await?;
    Ok(inputs.get(&partner).map_or_else(Vec::new, |data| {
        crate::score::forecast::scores_ahead(engine, data, last, months, designation)
    }))
}
