//! Computations over a rate card (Business Applications): revenue per (tenant, NCA workload) pair for
//! classification and net customer adds, monthly customer value (MCV) per (tenant, MCV workload) pair for
//! usage growth and deployments.

use rust_decimal::Decimal;

use crate::domain::{AssociationType, Month};

use super::index::TypeSet;
use super::kit::{Computed, Ctx, money, net_detail, net_outcome, scaled, usd};
use super::output::{Fact, FactKind, FactOutcome};
use super::rule_set::{McvUnit, RateCard, RevenuePairsClassification};

/// A rate card, keyed by this partner's workload numbers.
struct Card<'r> {
    /// Per workload number: its NCA group, if any.
    nca: Vec<Option<u16>>,
    nca_names: Vec<&'r str>,
    /// Per workload number: (MCV group, rate, unit, customer-success types), if any.
    mcv: Vec<Option<(u16, Decimal, McvUnit, TypeSet)>>,
    mcv_names: Vec<&'r str>,
}

fn intern<'r>(names: &mut Vec<&'r str>, name: &'r str) -> u16 {
    match names.iter().position(|n| *n == name) {
        Some(i) => u16::try_from(i).unwrap_or(u16::MAX),
        None => {
            names.push(name);
            u16::try_from(names.len() - 1).unwrap_or(u16::MAX)
        }
    }
}

impl<'r> Card<'r> {
    fn new(ctx: &Ctx<'_>, card: &'r RateCard) -> Self {
        let mut c = Card {
            nca: Vec::new(),
            nca_names: Vec::new(),
            mcv: Vec::new(),
            mcv_names: Vec::new(),
        };
        for e in &card.workloads {
            let Some(w) = ctx.idx.workload_id(&e.workload) else {
                continue;
            };
            let w = w as usize;
            if c.nca.len() <= w {
                c.nca.resize(w + 1, None);
                c.mcv.resize(w + 1, None);
            }
            if let Some(g) = &e.nca_workload {
                c.nca[w] = Some(intern(&mut c.nca_names, g));
            }
            if let (Some(h), Some(rate), Some(unit), Some(group)) =
                (&e.mcv_workload, e.rate, e.unit, &e.customer_success_group)
            {
                let types = card
                    .customer_success_groups
                    .get(group)
                    .map(|t| TypeSet::of(t))
                    .unwrap_or_default();
                c.mcv[w] = Some((intern(&mut c.mcv_names, h), rate, unit, types));
            }
        }
        c
    }

    /// Revenue (cents) per NCA group of tenant `t` in `m`, over rows covered by `types`.
    fn revenue(&self, ctx: &Ctx<'_>, t: u32, m: Month, types: TypeSet) -> Vec<(u16, i64)> {
        let mut out: Vec<(u16, i64)> = Vec::new();
        for r in ctx.idx.rows(t, m) {
            let Some(Some(g)) = self.nca.get(r.workload as usize) else {
                continue;
            };
            if !ctx.idx.covered(t, m, r.workload, types) {
                continue;
            }
            match out.iter_mut().find(|(x, _)| x == g) {
                Some((_, v)) => *v = v.saturating_add(r.revenue()),
                None => out.push((*g, r.revenue())),
            }
        }
        out
    }

    /// MCV per MCV group of tenant `t` in `m`, each row counted through its customer-success types.
    fn mcv(&self, ctx: &Ctx<'_>, t: u32, m: Month) -> Vec<(u16, Decimal)> {
        let mut out: Vec<(u16, Decimal)> = Vec::new();
        for r in ctx.idx.rows(t, m) {
            let Some(Some((h, rate, unit, types))) = self.mcv.get(r.workload as usize) else {
                continue;
            };
            if !ctx.idx.covered(t, m, r.workload, *types) {
                continue;
            }
            let units = match unit {
                McvUnit::ActiveUsers => r.active_users(),
                McvUnit::Profiles => r.profiles(),
            };
            let v = rate.saturating_mul(Decimal::from(units));
            match out.iter_mut().find(|(x, _)| x == h) {
                Some((_, s)) => *s = s.saturating_add(v),
                None => out.push((*h, v)),
            }
        }
        out
    }
}

fn get<T: Copy + Default>(v: &[(u16, T)], g: u16) -> T {
    v.iter()
        .find(|(x, _)| *x == g)
        .map(|(_, s)| *s)
        .unwrap_or_default()
}

/// Merged group keys of two months, in first-seen order.
fn keys<T>(a: &[(u16, T)], b: &[(u16, T)]) -> Vec<u16> {
    let mut k: Vec<u16> = a.iter().map(|(g, _)| *g).collect();
    for (g, _) in b {
        if !k.contains(g) {
            k.push(*g);
        }
    }
    k
}

/// The class of the partner and the facts that decided it.
pub(crate) fn classify(ctx: &Ctx<'_>, c: &RevenuePairsClassification) -> (String, Vec<Fact>) {
    let Some(card) = ctx.rules.rate_cards.get(&c.rate_card) else {
        return (c.track_otherwise.clone(), Vec::new());
    };
    let card = Card::new(ctx, card);
    let types = TypeSet::of(&c.association_types);
    let big = |m: Month| -> i64 {
        (0..ctx.idx.tenants.len())
            .map(|t| {
                card.revenue(ctx, t as u32, m, types)
                    .iter()
                    .filter(|(_, v)| usd(*v) > c.pair_revenue_above_usd)
                    .count() as i64
            })
            .sum()
    };
    let (now, then) = (big(ctx.as_of), big(ctx.base));
    let min = i64::from(c.min_pairs);
    let met = now >= min && then >= min;
    let track = if met {
        c.track_when_met.clone()
    } else {
        c.track_otherwise.clone()
    };
    let detail = format!(
        "{track}: {now} (tenant, workload) pairs with revenue above {} at {} and {then} at {}; {} needs at least {min} at both",
        money(c.pair_revenue_above_usd),
        ctx.as_of,
        ctx.base,
        c.track_when_met
    );
    let facts = vec![
        Fact::new(FactKind::Track, track.clone(), FactOutcome::Chosen, detail)
            .with("big_at_as_of", now)
            .with("big_at_baseline", then)
            .with("min_pairs", min),
    ];
    (track, facts)
}

pub(crate) fn revenue_net_adds(
    ctx: &Ctx<'_>,
    rate_card: &str,
    association_types: &[AssociationType],
    min_revenue: Decimal,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let Some(rc) = ctx.rules.rate_cards.get(rate_card) else {
        return Computed {
            target: full_at,
            ..Computed::default()
        };
    };
    let card = Card::new(ctx, rc);
    let types = TypeSet::of(association_types);
    let (mut now_n, mut then_n) = (0i64, 0i64);
    let mut facts = Vec::new();
    for (t, tenant) in ctx.idx.tenants.iter().enumerate() {
        let now = card.revenue(ctx, t as u32, ctx.as_of, types);
        let then = card.revenue(ctx, t as u32, ctx.base, types);
        for g in keys(&now, &then) {
            let (a, b) = (usd(get(&now, g)), usd(get(&then, g)));
            let (is_now, is_then) = (a >= min_revenue, b >= min_revenue);
            now_n += i64::from(is_now);
            then_n += i64::from(is_then);
            if let Some(outcome) = net_outcome(is_now, is_then) {
                let name = card.nca_names.get(g as usize).copied().unwrap_or("?");
                let what = format!("revenue at least {}", money(min_revenue));
                facts.push(
                    Fact::new(
                        FactKind::CustomerWorkload,
                        format!("{} / {name}", tenant.id),
                        outcome,
                        net_detail(&what, is_now, is_then, ctx.as_of, ctx.base),
                    )
                    .with("revenue_at_as_of", a)
                    .with("revenue_at_baseline", b),
                );
            }
        }
    }
    let value = Decimal::from(now_n - then_n);
    facts.push(
        Fact::new(
            FactKind::Total,
            "net customer adds",
            FactOutcome::Info,
            format!("{now_n} pairs at {} - {then_n} at {}", ctx.as_of, ctx.base),
        )
        .with("pairs_at_as_of", now_n)
        .with("pairs_at_baseline", then_n),
    );
    Computed {
        value,
        points: scaled(max, full_at, value),
        target: full_at,
        options: Vec::new(),
        facts,
    }
}

/// Each pair's MCV at the as-of month and at the baseline: (tenant, MCV group, now, then).
fn mcv_pairs(ctx: &Ctx<'_>, card: &Card<'_>) -> Vec<(u32, u16, Decimal, Decimal)> {
    let mut out = Vec::new();
    for t in 0..ctx.idx.tenants.len() {
        let t = t as u32;
        let now = card.mcv(ctx, t, ctx.as_of);
        let then = card.mcv(ctx, t, ctx.base);
        for h in keys(&now, &then) {
            out.push((t, h, get(&now, h), get(&then, h)));
        }
    }
    out
}

pub(crate) fn growth(
    ctx: &Ctx<'_>,
    rate_card: &str,
    min_baseline: Decimal,
    per_percent: Decimal,
    max: Decimal,
) -> Computed {
    let target = max.checked_div(per_percent).unwrap_or(Decimal::ZERO);
    let Some(rc) = ctx.rules.rate_cards.get(rate_card) else {
        return Computed {
            target,
            ..Computed::default()
        };
    };
    let card = Card::new(ctx, rc);
    let pairs = mcv_pairs(ctx, &card);
    let mut facts = Vec::new();
    let (mut now, mut then) = (Decimal::ZERO, Decimal::ZERO);
    for (t, h, a, b) in &pairs {
        now = now.saturating_add(*a);
        then = then.saturating_add(*b);
        if a.is_zero() && b.is_zero() {
            continue;
        }
        let name = card.mcv_names.get(*h as usize).copied().unwrap_or("?");
        let id = ctx.idx.tenants[*t as usize].id;
        facts.push(
            Fact::new(
                FactKind::CustomerWorkload,
                format!("{id} / {name}"),
                FactOutcome::Counted,
                format!(
                    "MCV {} at {} and {} at {}",
                    a.normalize(),
                    ctx.as_of,
                    b.normalize(),
                    ctx.base
                ),
            )
            .with("mcv_at_as_of", a.normalize())
            .with("mcv_at_baseline", b.normalize()),
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
                "MCV {} at {} against {} at {}: {}% growth",
                now.normalize(),
                ctx.as_of,
                then.normalize(),
                ctx.base,
                pct.round_dp(2).normalize()
            ),
        )
    } else {
        (
            then,
            Decimal::ZERO,
            format!(
                "baseline MCV {} at {} is below the {} needed for growth to count",
                then.normalize(),
                ctx.base,
                min_baseline
            ),
        )
    };
    facts.push(
        Fact::new(FactKind::Total, "MCV", FactOutcome::Info, detail)
            .with("mcv_at_as_of", now.normalize())
            .with("mcv_at_baseline", then.normalize())
            .with("min_baseline_mcv", min_baseline),
    );
    Computed {
        value,
        points,
        target,
        options: Vec::new(),
        facts,
    }
}

pub(crate) fn net_deployments(
    ctx: &Ctx<'_>,
    rate_card: &str,
    min_pair: Decimal,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let Some(rc) = ctx.rules.rate_cards.get(rate_card) else {
        return Computed {
            target: full_at,
            ..Computed::default()
        };
    };
    let card = Card::new(ctx, rc);
    let (mut now_n, mut then_n) = (0i64, 0i64);
    let mut facts = Vec::new();
    for (t, h, a, b) in mcv_pairs(ctx, &card) {
        let (is_now, is_then) = (a >= min_pair, b >= min_pair);
        now_n += i64::from(is_now);
        then_n += i64::from(is_then);
        let name = card.mcv_names.get(h as usize).copied().unwrap_or("?");
        let subject = format!("{} / {name}", ctx.idx.tenants[t as usize].id);
        let fact = match net_outcome(is_now, is_then) {
            Some(outcome) => Fact::new(
                FactKind::CustomerWorkload,
                subject,
                outcome,
                net_detail(
                    &format!("MCV at least {min_pair}"),
                    is_now,
                    is_then,
                    ctx.as_of,
                    ctx.base,
                ),
            ),
            None if !a.is_zero() => Fact::new(
                FactKind::CustomerWorkload,
                subject,
                FactOutcome::NotCounted,
                format!("MCV {} at {} is below {min_pair}", a.normalize(), ctx.as_of),
            ),
            None => continue,
        };
        facts.push(
            fact.with("mcv_at_as_of", a.normalize())
                .with("mcv_at_baseline", b.normalize()),
        );
    }
    let value = Decimal::from(now_n - then_n);
    Computed {
        value,
        points: scaled(max, full_at, value),
        target: full_at,
        options: Vec::new(),
        facts,
    }
}
