//! The generic engine: for each designation of a rule set, score each track's metrics with the
//! computation their `kind` names, round, total, check requirements and choose the track.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::{DesignationCode, Month};

use super::catalog::CertificationCatalog;
use super::index::{Index, WorkloadSet};
use super::input::PartnerData;
use super::output::{
    DesignationScore, Fact, FactKind, FactOutcome, MetricScore, OptionScore, TrackScore,
};
use super::rule_set::{
    DesignationRules, MetricDefinition, MetricRule, RuleSet, TrackChoice, TrackRules,
};
use super::skilling::{Professionals, certified_professionals};
use super::{acr, mcv, seats, security};

/// What one metric computation gives before rounding.
#[derive(Debug, Default)]
pub(crate) struct Computed {
    /// The counted quantity, exact.
    pub(crate) value: Decimal,
    /// Points, exact, already within `0..=max`.
    pub(crate) points: Decimal,
    /// The quantity that earns the maximum.
    pub(crate) target: Decimal,
    pub(crate) options: Vec<OptionScore>,
    pub(crate) facts: Vec<Fact>,
}

/// Per-unit and proportional points: `min(max, max * max(0, x) / full_at)`.
pub(crate) fn scaled(max: Decimal, full_at: Decimal, x: Decimal) -> Decimal {
    if full_at <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let x = x.max(Decimal::ZERO);
    if x >= full_at {
        return max;
    }
    max.saturating_mul(x)
        .checked_div(full_at)
        .unwrap_or(max)
        .min(max)
}

/// Points shown: 2 decimals, half away from zero.
pub(crate) fn round2(points: Decimal) -> Decimal {
    let mut p = points.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(2);
    p
}

/// US cents as exact dollars.
pub(crate) fn usd(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// Dollars as shown in facts: `$1234.50`.
pub(crate) fn money(d: Decimal) -> String {
    let mut x = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    x.rescale(2);
    format!("${x}")
}

/// Monthly figures over a range of months.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    from: Month,
    values: Vec<i64>,
}

impl Series {
    pub(crate) fn build(from: Month, to: Month, mut f: impl FnMut(Month) -> i64) -> Self {
        Self {
            from,
            values: from.through(to).map(&mut f).collect(),
        }
    }

    pub(crate) fn at(&self, m: Month) -> i64 {
        usize::try_from(m.months_since(self.from))
            .ok()
            .and_then(|i| self.values.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Sum over `from..=to`.
    pub(crate) fn sum(&self, from: Month, to: Month) -> i64 {
        from.through(to)
            .fold(0i64, |acc, m| acc.saturating_add(self.at(m)))
    }
}

/// Everything a metric computation may read.
pub(crate) struct Ctx<'a> {
    pub(crate) rules: &'a RuleSet,
    pub(crate) idx: &'a Index<'a>,
    pub(crate) pros: &'a Professionals<'a>,
    pub(crate) as_of: Month,
    pub(crate) base: Month,
}

impl Ctx<'_> {
    /// The workload set of a named list.
    pub(crate) fn workloads(&self, name: &str) -> WorkloadSet {
        match self.rules.workload_sets.get(name) {
            Some(list) => self.idx.workload_set(list),
            None => WorkloadSet::default(),
        }
    }

    /// First month of the trailing period ending at `m`.
    pub(crate) fn ttm_start(&self, m: Month) -> Month {
        m.minus(self.rules.trailing_months - 1)
    }

    /// The oldest month a rule reads.
    pub(crate) fn oldest(&self) -> Month {
        self.as_of.minus(self.rules.usage_history_months - 1)
    }
}

/// Scores every designation of the rule set.
pub(crate) fn score_all(
    rules: &RuleSet,
    certs: &CertificationCatalog,
    data: &PartnerData,
    as_of: Month,
) -> Vec<DesignationScore> {
    let idx = Index::new(data, rules.usage_window(as_of));
    let pros = Professionals::new(data, certs, as_of);
    let ctx = Ctx {
        rules,
        idx: &idx,
        pros: &pros,
        as_of,
        base: as_of.minus(rules.baseline_months),
    };
    rules
        .designations
        .iter()
        .map(|d| score_designation_rules(&ctx, d))
        .collect()
}

/// Scores one designation.
pub(crate) fn score_one(
    rules: &RuleSet,
    certs: &CertificationCatalog,
    data: &PartnerData,
    as_of: Month,
    designation: DesignationCode,
) -> DesignationScore {
    let Some(d) = rules.designation(designation) else {
        return DesignationScore {
            designation,
            as_of,
            rule_set: rules.code.clone(),
            track: None,
            total: round2(Decimal::ZERO),
            meets_requirements: false,
            metrics: Vec::new(),
            tracks: Vec::new(),
            facts: vec![Fact::new(
                FactKind::Track,
                designation.as_str(),
                FactOutcome::Info,
                format!("rule set {} does not score {designation}", rules.code),
            )],
        };
    };
    let idx = Index::new(data, rules.usage_window(as_of));
    let pros = Professionals::new(data, certs, as_of);
    let ctx = Ctx {
        rules,
        idx: &idx,
        pros: &pros,
        as_of,
        base: as_of.minus(rules.baseline_months),
    };
    score_designation_rules(&ctx, d)
}

fn score_designation_rules(ctx: &Ctx<'_>, d: &DesignationRules) -> DesignationScore {
    let mut score = DesignationScore {
        designation: d.code,
        as_of: ctx.as_of,
        rule_set: ctx.rules.code.clone(),
        track: None,
        total: round2(Decimal::ZERO),
        meets_requirements: false,
        metrics: Vec::new(),
        tracks: Vec::new(),
        facts: Vec::new(),
    };
    match &d.track_choice {
        TrackChoice::Single => {
            if let Some(t) = d.tracks.first() {
                let ts = score_track(ctx, d, t, Vec::new());
                score.total = ts.total;
                score.meets_requirements = ts.meets_requirements;
                score.metrics = ts.metrics;
            }
        }
        TrackChoice::BestOf => {
            let scored: Vec<TrackScore> = d
                .tracks
                .iter()
                .map(|t| score_track(ctx, d, t, Vec::new()))
                .collect();
            let mut best = 0;
            for (i, t) in scored.iter().enumerate().skip(1) {
                let b = &scored[best];
                if (t.meets_requirements && !b.meets_requirements)
                    || (t.meets_requirements == b.meets_requirements && t.total > b.total)
                {
                    best = i;
                }
            }
            if let Some(chosen) = scored.get(best) {
                let why = if chosen.meets_requirements
                    && scored.iter().filter(|t| t.meets_requirements).count() == 1
                {
                    "the only track that meets requirements".to_string()
                } else if chosen.meets_requirements {
                    "meets requirements with the highest total (the first listed on a tie)"
                        .to_string()
                } else {
                    "no track meets requirements; the highest total (the first listed on a tie)"
                        .to_string()
                };
                for (i, t) in scored.iter().enumerate() {
                    let (outcome, detail) = if i == best {
                        (
                            FactOutcome::Chosen,
                            format!("{} track shown: {why}", t.track),
                        )
                    } else {
                        let meets = if t.meets_requirements {
                            "meets"
                        } else {
                            "does not meet"
                        };
                        (
                            FactOutcome::NotChosen,
                            format!(
                                "{} track computed: {} points, {meets} requirements",
                                t.track, t.total
                            ),
                        )
                    };
                    score.facts.push(
                        Fact::new(FactKind::Track, t.track.clone(), outcome, detail)
                            .with("total", t.total)
                            .with(
                                "meets_requirements",
                                Decimal::from(u8::from(t.meets_requirements)),
                            ),
                    );
                }
                score.track = Some(chosen.track.clone());
                score.total = chosen.total;
                score.meets_requirements = chosen.meets_requirements;
                score.metrics = chosen.metrics.clone();
            }
            score.tracks = scored;
        }
        TrackChoice::RevenuePairs(c) => {
            let (track, facts) = mcv::classify(ctx, c);
            score.facts = facts.clone();
            if let Some(t) = d
                .tracks
                .iter()
                .find(|t| t.track.as_deref() == Some(track.as_str()))
            {
                let ts = score_track(ctx, d, t, facts);
                score.track = Some(ts.track.clone());
                score.total = ts.total;
                score.meets_requirements = ts.meets_requirements;
                score.metrics = ts.metrics.clone();
                score.tracks = vec![ts];
            }
        }
    }
    score
}

fn score_track(
    ctx: &Ctx<'_>,
    d: &DesignationRules,
    t: &TrackRules,
    facts: Vec<Fact>,
) -> TrackScore {
    let req = &ctx.rules.requirements;
    let metrics: Vec<MetricScore> = d
        .metrics
        .iter()
        .map(|def| {
            let computed = match t.rules.get(&def.metric) {
                Some(rule) => compute(ctx, rule, def.max_points),
                None => Computed::default(),
            };
            metric_score(def, computed, req.min_metric_points)
        })
        .collect();
    let total = round2(metrics.iter().map(|m| m.points).sum());
    let meets_requirements =
        total >= req.min_total && metrics.iter().all(|m| m.points >= m.minimum_points);
    TrackScore {
        track: t.track.clone().unwrap_or_default(),
        total,
        meets_requirements,
        metrics,
        facts,
    }
}

fn metric_score(def: &MetricDefinition, c: Computed, minimum: Decimal) -> MetricScore {
    let points = round2(c.points.clamp(Decimal::ZERO, def.max_points));
    MetricScore {
        metric: def.metric,
        category: def.category,
        points,
        max_points: def.max_points,
        value: c.value.normalize(),
        target: c.target.normalize(),
        points_missing: round2(def.max_points - points),
        minimum_points: minimum,
        options: c.options,
        facts: c.facts,
    }
}

fn compute(ctx: &Ctx<'_>, rule: &MetricRule, max: Decimal) -> Computed {
    match rule {
        MetricRule::SecurityNetAdds {
            m365,
            azure,
            full_at,
        } => security::net_adds(ctx, m365, azure, *full_at, max),
        MetricRule::SecurityDeployments {
            m365,
            azure,
            full_at,
        } => security::deployments(ctx, m365, azure, *full_at, max),
        MetricRule::SecurityUsageGrowth { m365, azure } => {
            security::usage_growth(ctx, m365, azure, max)
        }
        MetricRule::CertifiedProfessionals {
            steps,
            requires,
            full_at,
        } => certified_professionals(ctx.pros, ctx.rules, steps, requires, *full_at, max),
        MetricRule::SeatBandNetAdds {
            workloads,
            association_types,
            band,
            full_at,
        } => seats::net_adds(ctx, workloads, association_types, band, *full_at, max),
        MetricRule::ActiveUserGrowth {
            workloads,
            band,
            options,
        } => seats::usage_growth(ctx, workloads, band, options, max),
        MetricRule::ActiveSeatDeployments {
            workloads,
            band,
            min_active_share,
            options,
        } => seats::deployments(ctx, workloads, band, *min_active_share, options, max),
        MetricRule::RevenueNetAdds {
            rate_card,
            association_types,
            min_pair_revenue_usd,
            full_at,
        } => mcv::revenue_net_adds(
            ctx,
            rate_card,
            association_types,
            *min_pair_revenue_usd,
            *full_at,
            max,
        ),
        MetricRule::McvGrowth {
            rate_card,
            min_baseline_mcv,
            points_per_percent,
        } => mcv::growth(ctx, rate_card, *min_baseline_mcv, *points_per_percent, max),
        MetricRule::McvNetDeployments {
            rate_card,
            min_pair_mcv,
            full_at,
        } => mcv::net_deployments(ctx, rate_card, *min_pair_mcv, *full_at, max),
        MetricRule::AcrNetAdds {
            workloads,
            association_types,
            min_monthly_acr_usd,
            months,
            full_at,
        } => acr::net_adds(
            ctx,
            workloads,
            association_types,
            *min_monthly_acr_usd,
            *months,
            *full_at,
            max,
        ),
        MetricRule::AcrTrailingGrowth {
            workloads,
            association_types,
            min_baseline_acr_usd,
            points_per_percent,
        } => acr::trailing_growth(
            ctx,
            workloads,
            association_types,
            *min_baseline_acr_usd,
            *points_per_percent,
            max,
        ),
        MetricRule::AcrServices {
            workloads,
            association_types,
            excluded_workloads,
            acr_above_usd,
            full_at,
        } => acr::services(
            ctx,
            workloads,
            association_types,
            excluded_workloads,
            *acr_above_usd,
            *full_at,
            max,
        ),
    }
}

/// The outcome of a customer counted (or not) at the as-of month and at the baseline.
pub(crate) fn net_outcome(now: bool, then: bool) -> Option<FactOutcome> {
    match (now, then) {
        (true, false) => Some(FactOutcome::Added),
        (false, true) => Some(FactOutcome::Lost),
        (true, true) => Some(FactOutcome::Retained),
        (false, false) => None,
    }
}

/// "counts at 2024-06, not at 2023-06" and the like.
pub(crate) fn net_detail(what: &str, now: bool, then: bool, as_of: Month, base: Month) -> String {
    match (now, then) {
        (true, false) => format!("{what} at {as_of}, not at {base}"),
        (false, true) => format!("{what} at {base}, no longer at {as_of}"),
        _ => format!("{what} at {as_of} and at {base}"),
    }
}

/// The option with the most points (exact), the first on a tie, marked chosen.
pub(crate) fn choose_option(
    mut options: Vec<(OptionScore, Decimal)>,
    target_default: Decimal,
) -> Computed {
    let mut best: Option<usize> = None;
    for (i, (_, exact)) in options.iter().enumerate() {
        if best.is_none_or(|b| *exact > options[b].1) {
            best = Some(i);
        }
    }
    let mut computed = Computed {
        target: target_default,
        ..Computed::default()
    };
    if let Some(b) = best {
        computed.value = options[b].0.value;
        computed.points = options[b].1;
        computed.target = options[b].0.target;
        options[b].0.chosen = true;
        let all: Vec<String> = options
            .iter()
            .map(|(o, _)| format!("{} {} points (value {})", o.option, o.points, o.value))
            .collect();
        computed.facts.push(
            Fact::new(
                FactKind::Total,
                options[b].0.option.clone(),
                FactOutcome::Chosen,
                format!(
                    "the option with the most points counts (the first listed on a tie): {}",
                    all.join(", ")
                ),
            )
            .with("points", options[b].0.points)
            .with("value", options[b].0.value),
        );
    }
    computed.options = options.into_iter().map(|(o, _)| o).collect();
    computed
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn per_unit_points_are_the_maximum_over_the_count_that_earns_it() {
        assert_eq!(round2(scaled(dec!(40), dec!(6), dec!(5))), dec!(33.33));
        assert_eq!(round2(scaled(dec!(20), dec!(6), dec!(1))), dec!(3.33));
        assert_eq!(round2(scaled(dec!(20), dec!(6), dec!(6))), dec!(20.00));
        assert_eq!(round2(scaled(dec!(15), dec!(7), dec!(1))), dec!(2.14));
        assert_eq!(round2(scaled(dec!(15), dec!(7), dec!(3))), dec!(6.43));
        assert_eq!(round2(scaled(dec!(20), dec!(6), dec!(60))), dec!(20.00));
    }

    #[test]
    fn a_negative_count_gives_zero_points() {
        assert_eq!(scaled(dec!(30), dec!(3), dec!(-1)), Decimal::ZERO);
    }

    #[test]
    fn points_round_half_away_from_zero_to_two_decimals() {
        assert_eq!(round2(dec!(0.125)), dec!(0.13));
        assert_eq!(round2(dec!(0.124999)), dec!(0.12));
        assert_eq!(round2(dec!(2.5)).to_string(), "2.50");
    }

    #[test]
    fn a_series_sums_a_trailing_period_and_reads_zero_outside_its_range() {
        let from: Month = "2024-01".parse().unwrap();
        let s = Series::build(from, from.plus(2), |m| i64::from(m.month()));
        assert_eq!(s.sum(from.minus(5), from.plus(9)), 6);
        assert_eq!(s.at(from.minus(1)), 0);
    }
}
