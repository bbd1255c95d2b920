//! The helper kit every metric computation uses: the exact-then-rounded point arithmetic (`scaled`,
//! `round2`), money (`usd`, `money`), monthly series, the context a computation reads (`Ctx`), and the
//! shared shapes of net-change facts and of "the option with the most points". The dispatcher
//! ([`super::engine`]) and the metric modules (`acr`, `mcv`, `seats`, `security`, `skilling`) call in
//! here; nothing here calls a metric module.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::Month;

use super::index::{Index, WorkloadSet};
use super::output::{Fact, FactKind, FactOutcome, OptionScore};
use super::rule_set::RuleSet;

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
