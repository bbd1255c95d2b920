//! Computations over paid seats and active users in a track's seat band (Modern Work): net customer
//! adds, and usage growth and deployments per association option.

use rust_decimal::Decimal;

use crate::domain::{AssociationType, Month};

use super::index::{Row, TypeSet, WorkloadSet};
use super::kit::{Computed, Ctx, choose_option, net_detail, net_outcome, scaled};
use super::output::{Fact, FactKind, FactOutcome, OptionScore};
use super::rule_set::{AssociationOption, SeatBand};

fn in_band(band: &SeatBand, seats: i64) -> bool {
    seats >= band.min_paid_seats && band.max_paid_seats.is_none_or(|m| seats <= m)
}

fn band_text(band: &SeatBand) -> String {
    match band.max_paid_seats {
        Some(max) => format!("{} to {max} paid seats", band.min_paid_seats),
        None => format!("at least {} paid seats", band.min_paid_seats),
    }
}

/// Track-eligible: the most paid seats of a covered eligible row in the band, if any.
fn eligible(
    ctx: &Ctx<'_>,
    t: u32,
    m: Month,
    set: &WorkloadSet,
    types: TypeSet,
    band: &SeatBand,
) -> Option<i64> {
    ctx.idx
        .rows(t, m)
        .iter()
        .filter(|r| {
            set.has(r.workload)
                && in_band(band, r.seats())
                && ctx.idx.covered(t, m, r.workload, types)
        })
        .map(Row::seats)
        .max()
}

pub(crate) fn net_adds(
    ctx: &Ctx<'_>,
    workloads: &str,
    association_types: &[AssociationType],
    band: &SeatBand,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let set = ctx.workloads(workloads);
    let types = TypeSet::of(association_types);
    let (mut now_n, mut then_n) = (0i64, 0i64);
    let mut facts = Vec::new();
    let what = format!("eligible (an eligible workload with {})", band_text(band));
    for (t, tenant) in ctx.idx.tenants.iter().enumerate() {
        let now = eligible(ctx, t as u32, ctx.as_of, &set, types, band);
        let then = eligible(ctx, t as u32, ctx.base, &set, types, band);
        now_n += i64::from(now.is_some());
        then_n += i64::from(then.is_some());
        if let Some(outcome) = net_outcome(now.is_some(), then.is_some()) {
            facts.push(
                Fact::new(
                    FactKind::Customer,
                    tenant.id,
                    outcome,
                    net_detail(&what, now.is_some(), then.is_some(), ctx.as_of, ctx.base),
                )
                .with("paid_seats_at_as_of", now.unwrap_or(0))
                .with("paid_seats_at_baseline", then.unwrap_or(0)),
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

pub(crate) fn usage_growth(
    ctx: &Ctx<'_>,
    workloads: &str,
    band: &SeatBand,
    options: &[AssociationOption],
    max: Decimal,
) -> Computed {
    let (idx, as_of, base) = (ctx.idx, ctx.as_of, ctx.base);
    let set = ctx.workloads(workloads);
    let scored = options
        .iter()
        .map(|o| {
            let types = TypeSet::of(&o.association_types);
            let mut growth = 0i64;
            let mut facts = Vec::new();
            for (t, tenant) in idx.tenants.iter().enumerate() {
                let t = t as u32;
                if eligible(ctx, t, as_of, &set, types, band).is_none() {
                    continue;
                }
                let b = idx.claimed_since(|m| idx.claimed(t, m, types, &set), as_of, base).unwrap_or(as_of);
                let now = idx.sum(t, as_of, &set, types, Row::active_users);
                let then = idx.sum(t, b, &set, types, Row::active_users);
                let g = now.saturating_sub(then);
                growth = growth.saturating_add(g);
                facts.push(
                    Fact::new(
                        FactKind::Customer,
                        tenant.id,
                        FactOutcome::Counted,
                        format!("{}: active users {now} at {as_of} - {then} at {b} (its baseline month) = {g}", o.option),
                    )
                    .with("active_users_at_as_of", now)
                    .with("active_users_at_baseline", then)
                    .with("growth", g),
                );
            }
            let value = Decimal::from(growth);
            let exact = scaled(max, o.full_at, value);
            let option = OptionScore {
                option: o.option.clone(),
                points: super::kit::round2(exact),
                value,
                target: o.full_at,
                chosen: false,
                facts,
            };
            (option, exact)
        })
        .collect();
    choose_option(scored, Decimal::ZERO)
}

/// Deployed: track-eligible, and active seats (capped at paid seats) at least the share of paid seats
/// over the covered eligible rows with paid seats. Gives (active seats, paid seats).
fn deployed(
    ctx: &Ctx<'_>,
    t: u32,
    m: Month,
    set: &WorkloadSet,
    types: TypeSet,
    band: &SeatBand,
    share: Decimal,
) -> Option<(i64, i64)> {
    eligible(ctx, t, m, set, types, band)?;
    let (mut active, mut paid) = (0i64, 0i64);
    for r in ctx.idx.rows(t, m) {
        if set.has(r.workload) && r.seats() > 0 && ctx.idx.covered(t, m, r.workload, types) {
            active = active.saturating_add(r.active_users().clamp(0, r.seats()));
            paid = paid.saturating_add(r.seats());
        }
    }
    (paid > 0 && Decimal::from(active) >= share * Decimal::from(paid)).then_some((active, paid))
}

fn ratio(d: Option<(i64, i64)>) -> Decimal {
    match d {
        Some((a, p)) if p > 0 => Decimal::from(a) * Decimal::ONE_HUNDRED / Decimal::from(p),
        _ => Decimal::ZERO,
    }
}

pub(crate) fn deployments(
    ctx: &Ctx<'_>,
    workloads: &str,
    band: &SeatBand,
    share: Decimal,
    options: &[AssociationOption],
    max: Decimal,
) -> Computed {
    let (idx, as_of, base) = (ctx.idx, ctx.as_of, ctx.base);
    let set = ctx.workloads(workloads);
    let scored = options
        .iter()
        .map(|o| {
            let types = TypeSet::of(&o.association_types);
            let (mut now_n, mut then_n) = (0i64, 0i64);
            let mut facts = Vec::new();
            for (t, tenant) in idx.tenants.iter().enumerate() {
                let t = t as u32;
                let now = deployed(ctx, t, as_of, &set, types, band, share);
                let then = deployed(ctx, t, base, &set, types, band, share);
                then_n += i64::from(then.is_some());
                let claimed = idx.claimed_since(|m| idx.claimed(t, m, types, &set), as_of, base);
                let excluded = match (now, claimed) {
                    (Some(_), Some(f)) if f > base => deployed(ctx, t, f, &set, types, band, share).map(|d| (f, d)),
                    _ => None,
                };
                if let Some((f, d)) = excluded {
                    facts.push(
                        Fact::new(
                            FactKind::Customer,
                            tenant.id,
                            FactOutcome::Excluded,
                            format!(
                                "{}: associated in {f} and already deployed then ({} of {} paid seats active); not counted at {as_of}",
                                o.option, d.0, d.1
                            ),
                        )
                        .with("active_seats_at_association", d.0)
                        .with("paid_seats_at_association", d.1),
                    );
                    continue;
                }
                now_n += i64::from(now.is_some());
                if let Some(outcome) = net_outcome(now.is_some(), then.is_some()) {
                    let what = format!("{}: deployed (at least {} % of paid seats active)", o.option, (share * Decimal::ONE_HUNDRED).normalize());
                    facts.push(
                        Fact::new(FactKind::Customer, tenant.id, outcome, net_detail(&what, now.is_some(), then.is_some(), as_of, base))
                            .with("active_share_at_as_of", ratio(now).normalize())
                            .with("active_share_at_baseline", ratio(then).normalize()),
                    );
                }
            }
            let value = Decimal::from(now_n - then_n);
            let exact = scaled(max, o.full_at, value);
            let option = OptionScore {
                option: o.option.clone(),
                points: super::kit::round2(exact),
                value,
                target: o.full_at,
                chosen: false,
                facts,
            };
            (option, exact)
        })
        .collect();
    choose_option(scored, Decimal::ZERO)
}
