//! What the engine returns: per designation, the points of each metric and the facts that explain
//! every one of them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{DesignationCode, MetricCode, Month, ScoreCategory};

/// A partner's score for one designation as of one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesignationScore {
    /// The designation.
    pub designation: DesignationCode,
    /// The month the score is computed as of (at its end).
    pub as_of: Month,
    /// The rule set that computed it, e.g. `2023-07`.
    pub rule_set: String,
    /// The track shown: Modern Work's chosen track, Business Applications' class (`ENT`/`SMB`); `None`
    /// for designations without tracks.
    pub track: Option<String>,
    /// Sum of the metric points, 2 decimals.
    pub total: Decimal,
    /// Total at least the rule set's minimum and every metric at least its minimum points.
    pub meets_requirements: bool,
    /// Every metric of the designation, in the program's order, even when zero.
    pub metrics: Vec<MetricScore>,
    /// Modern Work: both tracks. Business Applications: the class the partner falls in. Else empty.
    pub tracks: Vec<TrackScore>,
    /// Designation-level explanation: which track was chosen and why, the classification counts.
    pub facts: Vec<Fact>,
}

/// One track's own score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackScore {
    /// `ENT` or `SMB`.
    pub track: String,
    /// Sum of this track's metric points.
    pub total: Decimal,
    /// Whether this track alone meets requirements.
    pub meets_requirements: bool,
    /// This track's metrics, in the program's order.
    pub metrics: Vec<MetricScore>,
    /// Facts about the track itself (Business Applications: `big(M)` and `big(B)`).
    pub facts: Vec<Fact>,
}

/// The points of one metric and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricScore {
    /// The metric.
    pub metric: MetricCode,
    /// Its category.
    pub category: ScoreCategory,
    /// Points earned, rounded to 2 decimals half away from zero.
    pub points: Decimal,
    /// The most points the metric gives.
    pub max_points: Decimal,
    /// The counted quantity (net adds, professionals, deployments, growth, percentage), exact; may be
    /// negative for net metrics.
    pub value: Decimal,
    /// The quantity that earns the maximum (e.g. 6 professionals, 2,500 users, 20 %).
    pub target: Decimal,
    /// `max_points - points`.
    pub points_missing: Decimal,
    /// The fewest points the metric needs for the designation to meet requirements.
    pub minimum_points: Decimal,
    /// Modern Work usage growth and deployments: each association option's own result.
    pub options: Vec<OptionScore>,
    /// The explanation: customers, professionals, services counted or not, with their numbers.
    pub facts: Vec<Fact>,
}

/// The result of one association option (Modern Work: CPOR, DPOR, CSP).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionScore {
    /// `CPOR`, `DPOR` or `CSP`.
    pub option: String,
    /// The option's points, rounded like a metric's.
    pub points: Decimal,
    /// The option's counted quantity, exact.
    pub value: Decimal,
    /// The quantity that earns the maximum through this option.
    pub target: Decimal,
    /// Whether this option gives the metric's points.
    pub chosen: bool,
    /// The customers behind the option's value.
    pub facts: Vec<Fact>,
}

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FactKind {
    /// A customer tenant; the subject is the tenant id.
    Customer,
    /// A customer's top parent; the subject is the TPID.
    Tpid,
    /// A customer and a workload; the subject is `tenant id / workload`.
    CustomerWorkload,
    /// A certified professional; the subject is the professional id.
    Professional,
    /// An Azure service; the subject is the workload code.
    Service,
    /// A prerequisite step of gated skilling; the subject names the step.
    Step,
    /// A total over the customer base; the subject names the figure.
    Total,
    /// A track or class; the subject is the track code.
    Track,
}

/// How a fact's subject entered the metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FactOutcome {
    /// Counted towards the value.
    Counted,
    /// Not counted; the detail says why.
    NotCounted,
    /// Counts now and did not at the baseline.
    Added,
    /// Counted at the baseline and no longer does.
    Lost,
    /// Counts now and at the baseline.
    Retained,
    /// Newly deployed since the baseline.
    Deployed,
    /// Left out by a rule (e.g. already deployed when it was claimed).
    Excluded,
    /// A prerequisite step that has enough professionals.
    Met,
    /// A prerequisite step short of professionals.
    Short,
    /// The track chosen or the class the partner falls in.
    Chosen,
    /// A track computed but not shown.
    NotChosen,
    /// A figure shown for information.
    Info,
}

/// A named number of a fact, e.g. `paid_seats_at_as_of = 40`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactNumber {
    /// What the number is.
    pub name: String,
    /// Its exact value (money in US dollars).
    pub value: Decimal,
}

/// One line of the explanation of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// What the fact is about.
    pub kind: FactKind,
    /// Which one: a tenant id, TPID, professional id, service code, step or figure name.
    pub subject: String,
    /// How it entered the metric.
    pub outcome: FactOutcome,
    /// A sentence for people.
    pub detail: String,
    /// The numbers that decided it.
    pub numbers: Vec<FactNumber>,
}

impl Fact {
    /// A fact without numbers.
    pub fn new(
        kind: FactKind,
        subject: impl Into<String>,
        outcome: FactOutcome,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            subject: subject.into(),
            outcome,
            detail: detail.into(),
            numbers: Vec::new(),
        }
    }

    /// Adds a number.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<Decimal>) -> Self {
        self.numbers.push(FactNumber {
            name: name.to_string(),
            value: value.into(),
        });
        self
    }

    /// The number named `name`, if the fact has it.
    pub fn number(&self, name: &str) -> Option<Decimal> {
        self.numbers
            .iter()
            .find(|n| n.name == name)
            .map(|n| n.value)
    }
}

impl DesignationScore {
    /// The score of one metric, if the designation has it.
    pub fn metric(&self, metric: MetricCode) -> Option<&MetricScore> {
        self.metrics.iter().find(|m| m.metric == metric)
    }

    /// One track's own score (Modern Work, Business Applications).
    pub fn track_score(&self, track: &str) -> Option<&TrackScore> {
        self.tracks.iter().find(|t| t.track == track)
    }
}

impl TrackScore {
    /// The score of one metric in this track.
    pub fn metric(&self, metric: MetricCode) -> Option<&MetricScore> {
        self.metrics.iter().find(|m| m.metric == metric)
    }
}

impl MetricScore {
    /// One association option's result.
    pub fn option(&self, option: &str) -> Option<&OptionScore> {
        self.options.iter().find(|o| o.option == option)
    }
}

/// Points as whole hundredths, the way totals are stored and compared in the database
/// (`capability_scores.total_hundredths`): rounded half away from zero like [`DesignationScore::total`],
/// saturating at the bounds of `i32`. A total of the engine (two decimals) converts exactly.
pub fn to_hundredths(points: Decimal) -> i32 {
    use rust_decimal::prelude::ToPrimitive;
    let saturated = if points.is_sign_negative() {
        i32::MIN
    } else {
        i32::MAX
    };
    points
        .checked_mul(Decimal::ONE_HUNDRED)
        .map(|h| h.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
        .and_then(|h| h.to_i32())
        .unwrap_or(saturated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn points_are_stored_as_hundredths_rounded_half_away_from_zero() {
        assert_eq!(to_hundredths(dec!(63.35)), 6335);
        assert_eq!(to_hundredths(dec!(0.005)), 1);
        assert_eq!(to_hundredths(dec!(100)), 10000);
        assert_eq!(to_hundredths(dec!(1e20)), i32::MAX);
        assert_eq!(to_hundredths(dec!(-1e20)), i32::MIN);
    }
}
