//! Computations that add a Microsoft 365 part (tenants) and an Azure part (TPIDs): Security's net
//! customer adds, deployments and usage growth. Each part reads the association types and, from rule
//! set 2026-07, the Enterprise or SMB band (paid seats, trailing ACR) of its track.

use rust_decimal::Decimal;

use crate::domain::Month;

use super::index::{Row, TypeSet};
use super::kit::{Computed, Ctx, Series, money, net_detail, net_outcome, scaled, usd};
use super::output::{Fact, FactKind, FactOutcome};
use super::rule_set::{
    AzureTpidCustomers, AzureTpidDeployments, DeploymentCount, M365ProtectedDeployments,
    M365SeatCustomers, ProtectedUserGrowth, TpidAcrGrowth,
};

/// "at least 25 paid seats", "5 to 300 paid seats".
fn seats_text(min: i64, max: Option<i64>) -> String {
    match max {
        Some(max) => format!("{min} to {max} paid seats"),
        None => format!("at least {min} paid seats"),
    }
}

/// "at least $12,000.01", "$750.00 to $12,000.00".
fn acr_text(min: Option<Decimal>, max: Option<Decimal>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{} to {}", money(a), money(b)),
        (Some(a), None) => format!("at least {}", money(a)),
        (None, Some(b)) => format!("at most {}", money(b)),
        (None, None) => "any".to_string(),
    }
}

fn in_acr_band(v: Decimal, min: Option<Decimal>, max: Option<Decimal>) -> bool {
    min.is_none_or(|a| v >= a) && max.is_none_or(|b| v <= b)
}

/// Each TPID's monthly covered ACR (cents) over every month the rules read.
fn tpid_acr(ctx: &Ctx<'_>, workloads: &str, types: TypeSet) -> Vec<Series> {
    let set = ctx.workloads(workloads);
    let (from, to) = (ctx.oldest(), ctx.as_of);
    (0..ctx.idx.tpids.len())
        .map(|p| {
            Series::build(from, to, |m| {
                ctx.idx.tpid_sum(p as u32, m, &set, types, Row::acr)
            })
        })
        .collect()
}

pub(crate) fn net_adds(
    ctx: &Ctx<'_>,
    m365: &M365SeatCustomers,
    azure: &AzureTpidCustomers,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let (idx, as_of, base) = (ctx.idx, ctx.as_of, ctx.base);
    let set = ctx.workloads(&m365.workloads);
    let types = TypeSet::of(&m365.association_types);
    // The most paid seats of a covered eligible workload in the band (`over`: above the band).
    let seats = |t: u32, m: Month, over: bool| -> Option<i64> {
        idx.rows(t, m)
            .iter()
            .filter(|r| {
                let band = if over {
                    m365.max_paid_seats.is_some_and(|x| r.seats() > x)
                } else {
                    r.seats() >= m365.min_paid_seats
                        && m365.max_paid_seats.is_none_or(|x| r.seats() <= x)
                };
                set.has(r.workload) && band && idx.covered(t, m, r.workload, types)
            })
            .map(Row::seats)
            .max()
    };
    let band = seats_text(m365.min_paid_seats, m365.max_paid_seats);
    let mut facts = Vec::new();
    let (mut m365_now, mut m365_then) = (0i64, 0i64);
    for (t, tenant) in idx.tenants.iter().enumerate() {
        let then = seats(t as u32, base, false);
        let mut promoted = false;
        let now = seats(t as u32, as_of, false).or_else(|| {
            let kept = if m365.keep_promoted && then.is_some() {
                seats(t as u32, as_of, true)
            } else {
                None
            };
            promoted = kept.is_some();
            kept
        });
        m365_now += i64::from(now.is_some());
        m365_then += i64::from(then.is_some());
        if let Some(outcome) = net_outcome(now.is_some(), then.is_some()) {
            let kept = if promoted {
                ", kept at the month though above the band: it was in it a year before"
            } else {
                ""
            };
            let what = format!("a Microsoft 365 customer (an eligible workload with {band}{kept})");
            facts.push(
                Fact::new(
                    FactKind::Customer,
                    tenant.id,
                    outcome,
                    net_detail(&what, now.is_some(), then.is_some(), as_of, base),
                )
                .with("paid_seats_at_as_of", now.unwrap_or(0))
                .with("paid_seats_at_baseline", then.unwrap_or(0)),
            );
        }
    }
    let series = tpid_acr(ctx, &azure.workloads, TypeSet::of(&azure.association_types));
    let months = Decimal::from(ctx.rules.trailing_months);
    let (mut az_now, mut az_then) = (0i64, 0i64);
    for (p, tpid) in idx.tpids.iter().enumerate() {
        let avg = |m: Month| usd(series[p].sum(ctx.ttm_start(m), m)) / months;
        let (a_now, a_then) = (avg(as_of), avg(base));
        let (now, then) = (
            a_now >= azure.min_average_monthly_acr_usd,
            a_then >= azure.min_average_monthly_acr_usd,
        );
        az_now += i64::from(now);
        az_then += i64::from(then);
        if let Some(outcome) = net_outcome(now, then) {
            let what = format!(
                "an Azure customer (average monthly Security ACR over {} months at least {})",
                ctx.rules.trailing_months,
                money(azure.min_average_monthly_acr_usd)
            );
            facts.push(
                Fact::new(
                    FactKind::Tpid,
                    tpid.id,
                    outcome,
                    net_detail(&what, now, then, as_of, base),
                )
                .with("average_monthly_acr_at_as_of", a_now)
                .with("average_monthly_acr_at_baseline", a_then),
            );
        }
    }
    two_part_net(
        "net customer adds",
        "customers",
        (m365_now, m365_then),
        (az_now, az_then),
        facts,
        full_at,
        max,
    )
}

/// The Microsoft 365 count minus its baseline plus the Azure count minus its baseline, with the fact
/// that adds them up; per-unit points. `noun` names what is counted (`customers`, `deployments`).
fn two_part_net(
    total: &str,
    noun: &str,
    (m_now, m_then): (i64, i64),
    (a_now, a_then): (i64, i64),
    mut facts: Vec<Fact>,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let net = (m_now - m_then) + (a_now - a_then);
    facts.push(
        Fact::new(
            FactKind::Total,
            total,
            FactOutcome::Info,
            format!("({m_now} - {m_then}) Microsoft 365 {noun} + ({a_now} - {a_then}) Azure {noun} = {net}"),
        )
        .with(&format!("m365_{noun}_at_as_of"), m_now)
        .with(&format!("m365_{noun}_at_baseline"), m_then)
        .with(&format!("azure_{noun}_at_as_of"), a_now)
        .with(&format!("azure_{noun}_at_baseline"), a_then),
    );
    let value = Decimal::from(net);
    Computed {
        value,
        points: scaled(max, full_at, value),
        target: full_at,
        options: Vec::new(),
        facts,
    }
}

pub(crate) fn deployments(
    ctx: &Ctx<'_>,
    m365: &M365ProtectedDeployments,
    azure: &AzureTpidDeployments,
    full_at: Decimal,
    count: DeploymentCount,
    max: Decimal,
) -> Computed {
    match count {
        DeploymentCount::Crossed => crossed_deployments(ctx, m365, azure, full_at, max),
        DeploymentCount::Net => net_deployments(ctx, m365, azure, full_at, max),
    }
}

/// A covered eligible Microsoft 365 row in the band with enough of its seats protected, at month `m`:
/// `(paid seats, protected users)`.
fn m365_deployed(
    ctx: &Ctx<'_>,
    m365: &M365ProtectedDeployments,
    t: u32,
    m: Month,
) -> Option<(i64, i64)> {
    let set = ctx.workloads(&m365.workloads);
    let types = TypeSet::of(&m365.association_types);
    ctx.idx
        .rows(t, m)
        .iter()
        .filter(|r| {
            set.has(r.workload)
                && r.seats() >= m365.min_paid_seats
                && m365.max_paid_seats.is_none_or(|x| r.seats() <= x)
                && ctx.idx.covered(t, m, r.workload, types)
        })
        .find(|r| {
            Decimal::from(r.protected()) >= m365.min_protected_share * Decimal::from(r.seats())
        })
        .map(|r| (r.seats(), r.protected()))
}

/// Deployed at the month minus deployed a year before ("net new deployments", rule set 2026-07).
fn net_deployments(
    ctx: &Ctx<'_>,
    m365: &M365ProtectedDeployments,
    azure: &AzureTpidDeployments,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let (idx, as_of, base) = (ctx.idx, ctx.as_of, ctx.base);
    let share = (m365.min_protected_share * Decimal::ONE_HUNDRED).normalize();
    let band = seats_text(m365.min_paid_seats, m365.max_paid_seats);
    let mut facts = Vec::new();
    let (mut m_now, mut m_then) = (0i64, 0i64);
    for (t, tenant) in idx.tenants.iter().enumerate() {
        let now = m365_deployed(ctx, m365, t as u32, as_of);
        let then = m365_deployed(ctx, m365, t as u32, base);
        m_now += i64::from(now.is_some());
        m_then += i64::from(then.is_some());
        if let Some(outcome) = net_outcome(now.is_some(), then.is_some()) {
            let what = format!(
                "a Microsoft 365 deployment (an eligible workload with {band}, at least {share} % of them protected)"
            );
            let (s, p) = now.or(then).unwrap_or((0, 0));
            facts.push(
                Fact::new(
                    FactKind::Customer,
                    tenant.id,
                    outcome,
                    net_detail(&what, now.is_some(), then.is_some(), as_of, base),
                )
                .with("paid_seats", s)
                .with("protected_users", p),
            );
        }
    }
    let series = tpid_acr(ctx, &azure.workloads, TypeSet::of(&azure.association_types));
    let (min, max_acr) = (Some(azure.min_trailing_acr_usd), azure.max_trailing_acr_usd);
    let (mut a_now, mut a_then) = (0i64, 0i64);
    for (p, tpid) in idx.tpids.iter().enumerate() {
        let ttm = |m: Month| usd(series[p].sum(ctx.ttm_start(m), m));
        let (v_now, v_then) = (ttm(as_of), ttm(base));
        let (now, then) = (
            in_acr_band(v_now, min, max_acr),
            in_acr_band(v_then, min, max_acr),
        );
        a_now += i64::from(now);
        a_then += i64::from(then);
        if let Some(outcome) = net_outcome(now, then) {
            let what = format!(
                "an Azure deployment (Security ACR over {} months {})",
                ctx.rules.trailing_months,
                acr_text(min, max_acr)
            );
            facts.push(
                Fact::new(
                    FactKind::Tpid,
                    tpid.id,
                    outcome,
                    net_detail(&what, now, then, as_of, base),
                )
                .with("trailing_acr_at_as_of", v_now)
                .with("trailing_acr_at_baseline", v_then),
            );
        }
    }
    two_part_net(
        "net new deployments",
        "deployments",
        (m_now, m_then),
        (a_now, a_then),
        facts,
        full_at,
        max,
    )
}

/// Customers not deployed at the baseline and deployed in a later month (rule sets 2023-07, 2023-12).
fn crossed_deployments(
    ctx: &Ctx<'_>,
    m365: &M365ProtectedDeployments,
    azure: &AzureTpidDeployments,
    full_at: Decimal,
    max: Decimal,
) -> Computed {
    let (idx, as_of, base) = (ctx.idx, ctx.as_of, ctx.base);
    let deployed = |t: u32, m: Month| m365_deployed(ctx, m365, t, m);
    let mut facts = Vec::new();
    let mut count = 0i64;
    let share = (m365.min_protected_share * Decimal::ONE_HUNDRED).normalize();
    for (t, tenant) in idx.tenants.iter().enumerate() {
        let t = t as u32;
        if let Some((s, p)) = deployed(t, base) {
            facts.push(
                Fact::new(
                    FactKind::Customer,
                    tenant.id,
                    FactOutcome::NotCounted,
                    format!("Microsoft 365: already deployed at the baseline {base} ({p} of {s} paid seats protected)"),
                )
                .with("paid_seats_at_baseline", s)
                .with("protected_users_at_baseline", p),
            );
            continue;
        }
        if let Some((m, (s, p))) = base
            .plus(1)
            .through(as_of)
            .find_map(|m| deployed(t, m).map(|d| (m, d)))
        {
            count += 1;
            facts.push(
                Fact::new(
                    FactKind::Customer,
                    tenant.id,
                    FactOutcome::Deployed,
                    format!("Microsoft 365: deployed in {m} ({p} of {s} paid seats protected, at least {share} % needed), not at {base}"),
                )
                .with("paid_seats", s)
                .with("protected_users", p),
            );
        }
    }
    let series = tpid_acr(ctx, &azure.workloads, TypeSet::of(&azure.association_types));
    for (p, tpid) in idx.tpids.iter().enumerate() {
        let ttm = |m: Month| usd(series[p].sum(ctx.ttm_start(m), m));
        let at_base = ttm(base);
        if at_base >= azure.min_trailing_acr_usd {
            facts.push(
                Fact::new(
                    FactKind::Tpid,
                    tpid.id,
                    FactOutcome::NotCounted,
                    format!("Azure: already deployed at the baseline {base} ({} Security ACR over {} months)", money(at_base), ctx.rules.trailing_months),
                )
                .with("trailing_acr_at_baseline", at_base),
            );
            continue;
        }
        if let Some((m, v)) = base
            .plus(1)
            .through(as_of)
            .map(|m| (m, ttm(m)))
            .find(|(_, v)| *v >= azure.min_trailing_acr_usd)
        {
            count += 1;
            facts.push(
                Fact::new(
                    FactKind::Tpid,
                    tpid.id,
                    FactOutcome::Deployed,
                    format!(
                        "Azure: deployed at {m} ({} Security ACR over the {} months to {m}, at least {} needed), not at {base}",
                        money(v),
                        ctx.rules.trailing_months,
                        money(azure.min_trailing_acr_usd)
                    ),
                )
                .with("trailing_acr", v),
            );
        }
    }
    let value = Decimal::from(count);
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
    m365: &ProtectedUserGrowth,
    azure: &TpidAcrGrowth,
    max: Decimal,
) -> Computed {
    let (idx, as_of, base) = (ctx.idx, ctx.as_of, ctx.base);
    let mut facts = Vec::new();
    let set = ctx.workloads(&m365.workloads);
    let types = TypeSet::of(&m365.association_types);
    let mut mpu = 0i64;
    // The track's band, read at the month from the most paid seats of a covered eligible workload.
    // The track's band, read at the month from the most paid seats of a covered eligible workload:
    // `Err(seats)` when the tenant is outside it (`None`: no such row at the month).
    let in_band = |t: u32| -> Result<(), Option<i64>> {
        let Some(band) = &m365.band else {
            return Ok(());
        };
        let seats = idx
            .rows(t, as_of)
            .iter()
            .filter(|r| set.has(r.workload) && idx.covered(t, as_of, r.workload, types))
            .map(Row::seats)
            .max();
        match seats {
            Some(s) if s >= band.min_paid_seats && band.max_paid_seats.is_none_or(|x| s <= x) => {
                Ok(())
            }
            other => Err(other),
        }
    };
    for (t, tenant) in idx.tenants.iter().enumerate() {
        let t = t as u32;
        let Some(b) = idx.claimed_since(|m| idx.claimed(t, m, types, &set), as_of, base) else {
            continue;
        };
        if let Err(seats) = in_band(t) {
            let why = match seats {
                Some(s) => format!("{s} paid seats at {as_of}, outside the track's band"),
                None => format!("no covered eligible workload with paid seats at {as_of}"),
            };
            facts.push(Fact::new(
                FactKind::Customer,
                tenant.id,
                FactOutcome::NotCounted,
                format!("protected users: {why}"),
            ));
            continue;
        }
        let (now, then) = (
            idx.sum(t, as_of, &set, types, Row::protected),
            idx.sum(t, b, &set, types, Row::protected),
        );
        let growth = now.saturating_sub(then);
        mpu = mpu.saturating_add(growth);
        facts.push(
            Fact::new(
                FactKind::Customer,
                tenant.id,
                FactOutcome::Counted,
                format!("protected users {now} at {as_of} - {then} at {b} (its baseline month) = {growth}"),
            )
            .with("protected_users_at_as_of", now)
            .with("protected_users_at_baseline", then)
            .with("growth", growth),
        );
    }
    let aset = ctx.workloads(&azure.workloads);
    let atypes = TypeSet::of(&azure.association_types);
    let mut acr = Decimal::ZERO;
    let banded = azure.min_trailing_acr_usd.is_some() || azure.max_trailing_acr_usd.is_some();
    let series = if banded {
        tpid_acr(ctx, &azure.workloads, atypes)
    } else {
        Vec::new()
    };
    for (p, tpid) in idx.tpids.iter().enumerate() {
        let Some(b) = idx.claimed_since(
            |m| idx.tpid_claimed(p as u32, m, atypes, &aset),
            as_of,
            base,
        ) else {
            continue;
        };
        if banded {
            let ttm = usd(series[p].sum(ctx.ttm_start(as_of), as_of));
            if !in_acr_band(ttm, azure.min_trailing_acr_usd, azure.max_trailing_acr_usd) {
                facts.push(
                    Fact::new(
                        FactKind::Tpid,
                        tpid.id,
                        FactOutcome::NotCounted,
                        format!(
                            "Security ACR growth: {} over the {} months to {as_of} is outside the track's band ({})",
                            money(ttm),
                            ctx.rules.trailing_months,
                            acr_text(azure.min_trailing_acr_usd, azure.max_trailing_acr_usd)
                        ),
                    )
                    .with("trailing_acr", ttm),
                );
                continue;
            }
        }
        let p = p as u32;
        let now = usd(idx.tpid_sum(p, as_of, &aset, atypes, Row::acr));
        let then = usd(idx.tpid_sum(p, b, &aset, atypes, Row::acr));
        let growth = now - then;
        acr += growth;
        facts.push(
            Fact::new(
                FactKind::Tpid,
                tpid.id,
                FactOutcome::Counted,
                format!(
                    "Security ACR {} at {as_of} - {} at {b} (its baseline month) = {}",
                    money(now),
                    money(then),
                    money(growth)
                ),
            )
            .with("acr_at_as_of", now)
            .with("acr_at_baseline", then)
            .with("growth", growth),
        );
    }
    let value = Decimal::from(mpu);
    let points =
        (scaled(max, m365.full_at_users, value) + scaled(max, azure.full_at_usd, acr)).min(max);
    facts.push(
        Fact::new(
            FactKind::Total,
            "usage growth",
            FactOutcome::Info,
            format!(
                "{max} x {mpu} / {} protected users + {max} x {} / {} ACR (each part at least 0)",
                m365.full_at_users,
                money(acr),
                money(azure.full_at_usd)
            ),
        )
        .with("protected_user_growth", mpu)
        .with("acr_growth", acr),
    );
    Computed {
        value,
        points,
        target: m365.full_at_users,
        options: Vec::new(),
        facts,
    }
}
