//! Computations over Azure consumed revenue per tenant (the three Azure designations): the Enterprise or
//! SMB classification by customer segment, net customer adds, growth of the trailing ACR of the whole
//! customer base, and services with ACR.

use rust_decimal::Decimal;

use crate::domain::{AssociationType, CustomerSegment, Month};

use super::index::{Row, TypeSet};
use super::kit::{Computed, Ctx, Series, money, net_detail, net_outcome, scaled, usd};
use super::output::{Fact, FactKind, FactOutcome};
use super::rule_set::CustomerSegmentClassification;

/// Each tenant's monthly covered ACR (cents) over every month the rules read.
fn tenant_acr(ctx: &Ctx<'_>, workloads: &str, types: TypeSet) -> Vec<Series> {
    let set = ctx.workloads(workloads);
    (0..ctx.idx.tenants.len())
        .map(|t| {
            Series::build(ctx.oldest(), ctx.as_of, |m| {
                ctx.idx.sum(t as u32, m, &set, types, Row::acr)
            })
        })
        .collect()
}

/// The track of a partner classified by the share of its customers in the SMB segment: its customers are
/// the tenants with covered ACR above zero at the month. No customer at all gives `track_otherwise`.
pub(crate) fn classify(ctx: &Ctx<'_>, c: &CustomerSegmentClassification) -> (String, Vec<Fact>) {
    let set = ctx.workloads(&c.workloads);
    let types = TypeSet::of(&c.association_types);
    let (mut customers, mut smb, mut unknown) = (0i64, 0i64, 0i64);
    for (t, tenant) in ctx.idx.tenants.iter().enumerate() {
        if ctx.idx.sum(t as u32, ctx.as_of, &set, types, Row::acr) <= 0 {
            continue;
        }
        customers += 1;
        match tenant.segment {
            Some(CustomerSegment::Smb) => smb += 1,
            Some(CustomerSegment::Enterprise) => {}
            None => unknown += 1,
        }
    }
    let share = if customers > 0 {
        Decimal::from(smb) / Decimal::from(customers)
    } else {
        Decimal::ZERO
    };
    let met = customers > 0 && share >= c.min_smb_share;
    let track = if met {
        c.track_when_met.clone()
    } else {
        c.track_otherwise.clone()
    };
    let percent = |d: Decimal| (d * Decimal::ONE_HUNDRED).round_dp(1).normalize();
    let unknown_text = if unknown > 0 {
        format!(" ({unknown} with no segment recorded, counted as not SMB)")
    } else {
        String::new()
    };
    let detail = format!(
        "{track}: {smb} of {customers} Azure customers at {} are in the SMB segment{unknown_text}, {} %; {} needs at least {} %",
        ctx.as_of,
        percent(share),
        c.track_when_met,
        percent(c.min_smb_share)
    );
    let facts = vec![
        Fact::new(FactKind::Track, track.clone(), FactOutcome::Chosen, detail)
            .with("customers", customers)
            .with("smb_customers", smb)
            .with("customers_without_segment", unknown)
            .with("min_smb_share", c.min_smb_share),
    ];
    (track, facts)
}

pub(crate) fn net_adds(
    ctx: &Ctx<'_>,
    workloads: &str,
    association_types: &[AssociationType],
    min_monthly: Decimal,
    months: i32,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let series = tenant_acr(ctx, workloads, TypeSet::of(association_types));
    // The best month among the last `months` ending at m.
    let best = |s: &Series, m: Month| -> Decimal {
        usd(m
            .minus(months - 1)
            .through(m)
            .map(|k| s.at(k))
            .max()
            .unwrap_or(0))
    };
    let (mut now_n, mut then_n) = (0i64, 0i64);
    let mut facts = Vec::new();
    let what = format!(
        "eligible (at least {} ACR in one of the last {months} months)",
        money(min_monthly)
    );
    for (t, tenant) in ctx.idx.tenants.iter().enumerate() {
        let (a, b) = (best(&series[t], ctx.as_of), best(&series[t], ctx.base));
        let (now, then) = (a >= min_monthly, b >= min_monthly);
        now_n += i64::from(now);
        then_n += i64::from(then);
        if let Some(outcome) = net_outcome(now, then) {
            facts.push(
                Fact::new(
                    FactKind::Customer,
                    tenant.id,
                    outcome,
                    net_detail(&what, now, then, ctx.as_of, ctx.base),
                )
                .with("best_monthly_acr_at_as_of", a)
                .with("best_monthly_acr_at_baseline", b),
            );
        }
    }
    let value = Decimal::from(now_n - then_n);
    facts.push(
        Fact::new(
            FactKind::Total,
            "net customer adds",
            FactOutcome::Info,
            format!(
                "{now_n} eligible at {} - {then_n} at {}",
                ctx.as_of, ctx.base
            ),
        )
        .with("eligible_at_as_of", now_n)
        .with("eligible_at_baseline", then_n),
    );
    Computed {
        value,
        points: scaled(max, full_at, value),
        target: full_at,
        options: Vec::new(),
        facts,
    }
}

pub(crate) fn trailing_growth(
    ctx: &Ctx<'_>,
    workloads: &str,
    association_types: &[AssociationType],
    min_baseline: Decimal,
    per_percent: Decimal,
    max: Decimal,
) -> Computed {
    let target = max.checked_div(per_percent).unwrap_or(Decimal::ZERO);
    let series = tenant_acr(ctx, workloads, TypeSet::of(association_types));
    let (mut now, mut then) = (Decimal::ZERO, Decimal::ZERO);
    let mut facts = Vec::new();
    let n = ctx.rules.trailing_months;
    for (t, tenant) in ctx.idx.tenants.iter().enumerate() {
        let a = usd(series[t].sum(ctx.ttm_start(ctx.as_of), ctx.as_of));
        let b = usd(series[t].sum(ctx.ttm_start(ctx.base), ctx.base));
        now += a;
        then += b;
        if a.is_zero() && b.is_zero() {
            continue;
        }
        facts.push(
            Fact::new(
                FactKind::Customer,
                tenant.id,
                FactOutcome::Counted,
                format!(
                    "ACR {} over the {n} months to {} and {} over the {n} months to {}",
                    money(a),
                    ctx.as_of,
                    money(b),
                    ctx.base
                ),
            )
            .with("trailing_acr_at_as_of", a)
            .with("trailing_acr_at_baseline", b),
        );
    }
    let (value, points, detail) = if then >= min_baseline {
        let pct = (now - then)
            .saturating_mul(Decimal::ONE_HUNDRED)
            .checked_div(then)
            .unwrap_or(Decimal::ZERO);
        let points = pct.max(Decimal::ZERO).saturating_mul(per_percent).min(max);
        (
            pct,
            points,
            format!(
                "trailing ACR {} at {} against {} at {}: {}% growth",
                money(now),
                ctx.as_of,
                money(then),
                ctx.base,
                pct.round_dp(2).normalize()
            ),
        )
    } else {
        (
            then,
            Decimal::ZERO,
            format!(
                "trailing ACR {} at {} is below the {} needed for growth to count",
                money(then),
                ctx.base,
                money(min_baseline)
            ),
        )
    };
    facts.push(
        Fact::new(FactKind::Total, "trailing ACR", FactOutcome::Info, detail)
            .with("trailing_acr_at_as_of", now)
            .with("trailing_acr_at_baseline", then)
            .with("min_baseline_acr", min_baseline),
    );
    Computed {
        value,
        points,
        target,
        options: Vec::new(),
        facts,
    }
}

pub(crate) fn services(
    ctx: &Ctx<'_>,
    workloads: &str,
    association_types: &[AssociationType],
    excluded: &[String],
    above: Decimal,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let set = ctx.workloads(workloads);
    let types = TypeSet::of(association_types);
    let (from, to) = (ctx.ttm_start(ctx.as_of), ctx.as_of);
    // Covered ACR per workload number over the trailing period.
    let mut per: Vec<i64> = Vec::new();
    for t in 0..ctx.idx.tenants.len() {
        let t = t as u32;
        for m in from.through(to) {
            for r in ctx.idx.rows(t, m) {
                if set.has(r.workload) && ctx.idx.covered(t, m, r.workload, types) {
                    let w = r.workload as usize;
                    if per.len() <= w {
                        per.resize(w + 1, 0);
                    }
                    per[w] = per[w].saturating_add(r.acr());
                }
            }
        }
    }
    let mut facts = Vec::new();
    let mut count = 0i64;
    for (w, cents) in per.iter().enumerate() {
        let code = ctx.idx.workload_code(w as u16);
        let v = usd(*cents);
        if v <= above {
            continue;
        }
        let (outcome, detail) = if excluded.iter().any(|e| e == code) {
            (
                FactOutcome::NotCounted,
                format!(
                    "{} ACR over the {} months to {to}, but never counted as a deployment",
                    money(v),
                    ctx.rules.trailing_months
                ),
            )
        } else {
            count += 1;
            (
                FactOutcome::Counted,
                format!(
                    "{} ACR over the {} months to {to}",
                    money(v),
                    ctx.rules.trailing_months
                ),
            )
        };
        facts.push(Fact::new(FactKind::Service, code, outcome, detail).with("trailing_acr", v));
    }
    facts.sort_by(|a, b| a.subject.cmp(&b.subject));
    let value = Decimal::from(count);
    Computed {
        value,
        points: scaled(max, full_at, value),
        target: full_at,
        options: Vec::new(),
        facts,
    }
}
