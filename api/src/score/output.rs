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
    /// The score as a page of points reads it: the total, the verdict and every metric's numbers,
    /// without the tracks, the options or any fact. Stored beside the whole score
    /// (`capability_scores.summary`, a third of its size).
    pub fn summary(&self) -> DesignationScore {
        DesignationScore {
            metrics: self
                .metrics
                .iter()
                .map(|m| MetricScore {
                    options: Vec::new(),
                    facts: Vec::new(),
                    ..*m
                })
                .collect(),
            tracks: Vec::new(),
            facts: Vec::new(),
            ..self.head()
        }
    }

    /// The whole score with its tracks and options but no fact (an export without facts).
    pub fn without_facts(&self) -> DesignationScore {
        DesignationScore {
            metrics: self
                .metrics
                .iter()
                .map(MetricScore::without_facts)
                .collect(),
            tracks: self
                .tracks
                .iter()
                .map(|t| TrackScore {
                    track: t.track.clone(),
                    total: t.total,
                    meets_requirements: t.meets_requirements,
                    metrics: t.metrics.iter().map(MetricScore::without_facts).collect(),
                    facts: Vec::new(),
                })
                .collect(),
            facts: Vec::new(),
            ..self.head()
        }
    }

    /// The score's own fields, with no metric, track or fact.
    fn head(&self) -> DesignationScore {
        DesignationScore {
            designation: self.designation,
            as_of: self.as_of,
            rule_set: self.rule_set.clone(),
            track: self.track.clone(),
            total: self.total,
            meets_requirements: self.meets_requirements,
            metrics: Vec::new(),
            tracks: Vec::new(),
            facts: Vec::new(),
        }
    }

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
    /// The metric without its facts or its options' facts.
    fn without_facts(&self) -> MetricScore {
        MetricScore {
            options: self
                .options
                .iter()
                .map(|o| OptionScore {
                    option: o.option.clone(),
                    facts: Vec::new(),
                    ..*o
                })
                .collect(),
            facts: Vec::new(),
            ..*self
        }
    }

    /// One association option's result.
    pub fn option(&self, option: &str) -> Option<&OptionScore> {
        self.options.iter().find(|o| o.option == option)
    }
}

/// Points of whole hundredths, as stored: the inverse of [`to_hundredths`].
pub fn from_hundredths(hundredths: i32) -> Decimal {
    Decimal::new(i64::from(hundredths), 2)
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

    fn fact(subject: &str) -> Fact {
        Fact::new(FactKind::Customer, subject, FactOutcome::Counted, "counted").with("seats", 40)
    }

    fn metric(metric: MetricCode, points: Decimal) -> MetricScore {
        MetricScore {
            metric,
            category: ScoreCategory::Performance,
            points,
            max_points: dec!(10),
            value: dec!(3.5),
            target: dec!(6),
            points_missing: dec!(10) - points,
            minimum_points: dec!(1),
            options: vec![OptionScore {
                option: "CPOR".into(),
                points,
                value: dec!(3.5),
                target: dec!(6),
                chosen: true,
                facts: vec![fact("option")],
            }],
            facts: vec![fact("metric")],
        }
    }

    #[test]
    fn a_summary_keeps_every_metric_number_and_drops_tracks_options_and_facts() {
        let full = DesignationScore {
            designation: DesignationCode::ModernWork,
            as_of: Month::new(2024, 6).unwrap(),
            rule_set: "2023-07".into(),
            track: Some("ENT".into()),
            total: dec!(7.25),
            meets_requirements: false,
            metrics: vec![metric(MetricCode::NetCustomerAdds, dec!(7.25))],
            tracks: vec![TrackScore {
                track: "ENT".into(),
                total: dec!(2.5),
                meets_requirements: false,
                metrics: vec![metric(MetricCode::UsageGrowth, dec!(2.5))],
                facts: vec![fact("track")],
            }],
            facts: vec![fact("designation")],
        };
        let summary = full.summary();
        let mut expected = full.clone();
        expected.facts.clear();
        expected.tracks.clear();
        for m in &mut expected.metrics {
            m.facts.clear();
            m.options.clear();
        }
        assert_eq!(summary, expected);
        let bare = full.without_facts();
        assert_eq!(bare.tracks.len(), 1);
        assert_eq!(bare.metrics[0].options.len(), 1);
        assert!(bare.facts.is_empty() && bare.tracks[0].facts.is_empty());
        assert!(bare.metrics[0].facts.is_empty() && bare.metrics[0].options[0].facts.is_empty());
        assert!(bare.tracks[0].metrics[0].facts.is_empty());
        assert_eq!(bare.total, full.total);
        let stored = serde_json::to_string(&summary).unwrap();
        assert!(
            !stored.contains("counted"),
            "no fact is stored in a summary"
        );
        let read: DesignationScore = serde_json::from_str(&stored).unwrap();
        assert_eq!(read, summary);
    }

    #[test]
    fn points_are_stored_as_hundredths_rounded_half_away_from_zero() {
        assert_eq!(to_hundredths(dec!(63.35)), 6335);
        assert_eq!(to_hundredths(dec!(0.005)), 1);
        assert_eq!(to_hundredths(dec!(100)), 10000);
        assert_eq!(to_hundredths(dec!(1e20)), i32::MAX);
        assert_eq!(to_hundredths(dec!(-1e20)), i32::MIN);
    }
}
