//! Recommendations of usage growth: the least growth of one figure of a customer's month that gives a
//! point, and a path's growths of one figure joined into one action.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::{ActionCost, Recommendation, Search};
use crate::domain::Month;
use crate::score::input::{PartnerData, UsageRow};
use crate::score::output::DesignationScore;
use crate::score::what_if::{Change, UsageMeasure, apply};

/// Per usage figure, how many of the largest rows of the month are tried besides those of customers
/// a fact explains as not counted.
const LARGEST_ROWS_TRIED: usize = 10;

/// How many usage growths are narrowed to their least amount (the best at their most).
const USAGE_NARROWED: usize = 12;

impl Search<'_> {
    /// Growth of one figure of one customer month. The rows tried are those of the month in the
    /// designation's workloads whose tenant a fact of the score explains as not counted or lost (the
    /// customers just under a threshold), and per figure the largest rows (where growth counts most).
    /// Each is tried at its most (half the figure again); the best few are then narrowed to the least
    /// growth that gives a point (or, when the most gives less, the least that gives that much).
    pub(super) fn usage_growth(
        &self,
        data: &PartnerData,
        before: &DesignationScore,
    ) -> Vec<Recommendation> {
        let Some(rules) = self.designation_rules() else {
            return Vec::new();
        };
        let workloads: BTreeSet<&str> = rules
            .eligible_workloads
            .iter()
            .map(String::as_str)
            .collect();
        let short = short_tenants(before, data);
        let mut tried: BTreeSet<(usize, UsageMeasure)> = BTreeSet::new();
        for measure in UsageMeasure::ALL {
            let mut rows: Vec<(i64, usize, bool)> = data
                .usage
                .iter()
                .enumerate()
                .filter(|(_, u)| u.month == self.month && workloads.contains(u.workload.as_str()))
                .filter_map(|(i, u)| {
                    let v = measure.of(u).filter(|v| *v > 0)?;
                    Some((v, i, short.contains(u.tenant_id.as_str())))
                })
                .collect();
            rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (rank, (_, i, is_short)) in rows.into_iter().enumerate() {
                if is_short || rank < LARGEST_ROWS_TRIED {
                    tried.insert((i, measure));
                }
            }
        }
        let mut scratch = data.clone();
        let mut gain = |i: usize, measure: UsageMeasure, amount: i64| {
            let row = &data.usage[i];
            scratch.usage[i] = row.clone();
            apply(&mut scratch, &[grow(row, measure, amount)], &[]);
            let g = self.score(&scratch).total - before.total;
            scratch.usage[i] = row.clone();
            g
        };
        let most =
            |i: usize, measure: UsageMeasure| (measure.of(&data.usage[i]).unwrap_or(0) / 2).max(1);
        let mut promising: Vec<(Decimal, usize, UsageMeasure)> = tried
            .into_iter()
            .map(|(i, measure)| (gain(i, measure, most(i, measure)), i, measure))
            .filter(|(g, _, _)| *g > Decimal::ZERO)
            .collect();
        promising.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        promising.truncate(USAGE_NARROWED);
        let mut out = Vec::new();
        for (at_most, i, measure) in promising {
            let wanted = at_most.min(Decimal::ONE);
            let (mut lo, mut hi) = (1, most(i, measure));
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if gain(i, measure, mid) >= wanted {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            let row = &data.usage[i];
            let current = measure.of(row).unwrap_or(0);
            let detail = format!(
                "{} (from {current})",
                usage_action(&row.tenant_id, hi, measure, &row.workload, self.month)
            );
            out.extend(self.evaluate(
                data,
                before,
                (
                    ActionCost::CustomerUsage,
                    vec![grow(row, measure, hi)],
                    detail,
                ),
            ));
        }
        out
    }
}

/// A path's growths of the same figure of the same customer month, as one action at the first's place
/// (their amounts added).
pub(super) fn merge_usage(actions: Vec<Recommendation>) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = Vec::new();
    for a in actions {
        let grown = |r: &Recommendation| match &r.changes[..] {
            [
                Change::AddUsage {
                    tenant_id,
                    workload,
                    month,
                    measure,
                    amount,
                },
            ] => Some((
                (tenant_id.clone(), workload.clone(), *month, *measure),
                *amount,
            )),
            _ => None,
        };
        let earlier = grown(&a).and_then(|(key, more)| {
            let at = out
                .iter()
                .position(|o| grown(o).is_some_and(|(k, _)| k == key))?;
            Some((at, more))
        });
        match earlier {
            Some((at, more)) => {
                if let Some(Change::AddUsage { amount, .. }) = out[at].changes.first_mut() {
                    *amount += more;
                }
                if let Some(Change::AddUsage {
                    tenant_id,
                    workload,
                    month,
                    measure,
                    amount,
                }) = out[at].changes.first()
                {
                    out[at].action = usage_action(tenant_id, *amount, *measure, workload, *month);
                }
            }
            None => out.push(a),
        }
    }
    out
}

/// The growth of `measure` in `row`'s customer month by `amount`.
fn grow(row: &UsageRow, measure: UsageMeasure, amount: i64) -> Change {
    Change::AddUsage {
        tenant_id: row.tenant_id.clone(),
        workload: row.workload.clone(),
        month: row.month,
        measure,
        amount,
    }
}

/// The tenants a fact of `score` explains as not counted or lost (a TPID's fact names its tenants).
fn short_tenants<'d>(score: &DesignationScore, data: &'d PartnerData) -> BTreeSet<&'d str> {
    use crate::score::output::{FactKind, FactOutcome};
    let mut subjects: std::collections::HashSet<(FactKind, String)> =
        std::collections::HashSet::new();
    let metrics = score
        .metrics
        .iter()
        .chain(score.tracks.iter().flat_map(|t| t.metrics.iter()));
    for m in metrics {
        let facts = m
            .facts
            .iter()
            .chain(m.options.iter().flat_map(|o| o.facts.iter()));
        for f in facts {
            if matches!(f.outcome, FactOutcome::NotCounted | FactOutcome::Lost) {
                let subject = f.subject.split(" / ").next().unwrap_or_default();
                subjects.insert((f.kind, subject.to_string()));
            }
        }
    }
    let named = |kind: FactKind, id: &str| subjects.contains(&(kind, id.to_string()));
    let mut out: BTreeSet<&str> = data
        .usage
        .iter()
        .map(|u| u.tenant_id.as_str())
        .filter(|t| named(FactKind::Customer, t) || named(FactKind::CustomerWorkload, t))
        .collect();
    out.extend(
        data.associations
            .iter()
            .filter(|a| named(FactKind::Tpid, &a.tpid))
            .map(|a| a.tenant_id.as_str()),
    );
    out
}

fn usage_action(
    tenant: &str,
    amount: i64,
    measure: UsageMeasure,
    workload: &str,
    month: Month,
) -> String {
    format!(
        "customer {tenant} has {amount} more {} of {workload} in {month}",
        measure.label()
    )
}
