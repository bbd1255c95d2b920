//! Score events: how one partner's standing in one designation changed between two refreshes, and
//! which metrics and facts moved. Pure: the database layer reads the standing before, the engine
//! gives the one after, and what comes out here is written to the outbox.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::output::{DesignationScore, Fact};
use crate::domain::{MetricCode, Month};

/// What happened to a partner's designation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventKind {
    /// Requirements met, and not before (or a first score that meets them).
    DesignationMet,
    /// Requirements met before, not now.
    DesignationLost,
    /// The total moved.
    ScoreChanged,
    /// Met now and forecast to be lost within the horizon, and not forecast so before.
    AtRisk,
    /// Sent on request, to check a receiver.
    Test,
}

impl EventKind {
    /// Every kind a score refresh raises (not [`EventKind::Test`]).
    pub const RAISED: [EventKind; 4] = [
        EventKind::DesignationMet,
        EventKind::DesignationLost,
        EventKind::ScoreChanged,
        EventKind::AtRisk,
    ];

    /// The stored and wire name, e.g. `DESIGNATION_MET`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::DesignationMet => "DESIGNATION_MET",
            EventKind::DesignationLost => "DESIGNATION_LOST",
            EventKind::ScoreChanged => "SCORE_CHANGED",
            EventKind::AtRisk => "AT_RISK",
            EventKind::Test => "TEST",
        }
    }

    /// The kind of a stored or wire name.
    pub fn parse(s: &str) -> Option<Self> {
        EventKind::RAISED
            .into_iter()
            .chain([EventKind::Test])
            .find(|k| k.as_str() == s)
    }
}

/// A designation's standing at one refresh: what events compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Total points.
    pub total: Decimal,
    /// Requirements met.
    pub meets: bool,
    /// The first forecast month in which requirements are lost, when at risk.
    pub at_risk_from: Option<Month>,
}

/// The events a change of standing raises, in [`EventKind`] order. `before` is `None` for a first
/// score: meeting requirements then is a [`EventKind::DesignationMet`], and there is no change.
pub fn kinds(before: Option<&Standing>, after: &Standing) -> Vec<EventKind> {
    let mut out = Vec::new();
    let (met_before, risk_before) = match before {
        Some(b) => (b.meets, b.at_risk_from.is_some()),
        None => (false, false),
    };
    if after.meets && !met_before {
        out.push(EventKind::DesignationMet);
    }
    if met_before && !after.meets {
        out.push(EventKind::DesignationLost);
    }
    if before.is_some_and(|b| b.total != after.total) {
        out.push(EventKind::ScoreChanged);
    }
    if after.at_risk_from.is_some() && !risk_before {
        out.push(EventKind::AtRisk);
    }
    out
}

/// Most facts listed as gained or lost per metric; the counts say how many there were in all.
pub const MAX_FACTS: usize = 20;

/// One metric whose points or facts moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricChange {
    /// The metric.
    pub metric: MetricCode,
    /// Its points before; `None` when there was no score before or the metric is new.
    #[serde(with = "rust_decimal::serde::float_option")]
    pub points_before: Option<Decimal>,
    /// Its points now.
    #[serde(with = "rust_decimal::serde::float")]
    pub points_after: Decimal,
    /// Facts now that were not there before (at most [`MAX_FACTS`]).
    pub facts_added: Vec<Fact>,
    /// How many facts were added in all.
    pub facts_added_count: usize,
    /// Facts before that are gone now (at most [`MAX_FACTS`]).
    pub facts_removed: Vec<Fact>,
    /// How many facts were removed in all.
    pub facts_removed_count: usize,
}

/// Every fact of a metric, its options' included.
fn facts_of(m: &super::output::MetricScore) -> Vec<&Fact> {
    m.facts
        .iter()
        .chain(m.options.iter().flat_map(|o| o.facts.iter()))
        .collect()
}

/// The metrics of `after` whose points or facts differ from `before`'s, in the designation's order.
/// Without a score before (a partner's first), every metric is listed with its points and how many
/// facts it has, but no facts: they are all in the score itself.
pub fn metric_changes(
    before: Option<&DesignationScore>,
    after: &DesignationScore,
) -> Vec<MetricChange> {
    let mut out = Vec::new();
    for m in &after.metrics {
        let old = before.and_then(|b| b.metrics.iter().find(|o| o.metric == m.metric));
        let now = facts_of(m);
        let then = old.map(facts_of).unwrap_or_default();
        let added: Vec<Fact> = now
            .iter()
            .filter(|f| !then.contains(f))
            .map(|f| (*f).clone())
            .collect();
        let removed: Vec<Fact> = then
            .iter()
            .filter(|f| !now.contains(f))
            .map(|f| (*f).clone())
            .collect();
        let points_before = old.map(|o| o.points);
        if points_before == Some(m.points) && added.is_empty() && removed.is_empty() {
            continue;
        }
        let listed = if before.is_some() { MAX_FACTS } else { 0 };
        out.push(MetricChange {
            metric: m.metric,
            points_before,
            points_after: m.points,
            facts_added_count: added.len(),
            facts_added: added.into_iter().take(listed).collect(),
            facts_removed_count: removed.len(),
            facts_removed: removed.into_iter().take(listed).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn standing(total: Decimal, meets: bool, risk: Option<&str>) -> Standing {
        Standing {
            total,
            meets,
            at_risk_from: risk.map(|m| m.parse().expect("month")),
        }
    }

    #[test]
    fn crossing_the_threshold_raises_met_or_lost_with_the_change_of_total() {
        let below = standing(dec!(65), false, None);
        let above = standing(dec!(72.5), true, None);
        assert_eq!(
            kinds(Some(&below), &above),
            [EventKind::DesignationMet, EventKind::ScoreChanged]
        );
        assert_eq!(
            kinds(Some(&above), &below),
            [EventKind::DesignationLost, EventKind::ScoreChanged]
        );
        assert!(kinds(Some(&above), &above).is_empty());
    }

    #[test]
    fn a_designation_lost_for_a_metric_minimum_alone_raises_lost_without_a_change_of_total() {
        let met = standing(dec!(80), true, None);
        let short = standing(dec!(80), false, None);
        assert_eq!(kinds(Some(&met), &short), [EventKind::DesignationLost]);
    }

    #[test]
    fn a_first_score_raises_met_and_at_risk_but_no_change() {
        let first = standing(dec!(90), true, Some("2025-03"));
        assert_eq!(
            kinds(None, &first),
            [EventKind::DesignationMet, EventKind::AtRisk]
        );
        assert!(kinds(None, &standing(dec!(30), false, None)).is_empty());
    }

    #[test]
    fn at_risk_is_raised_once_when_the_forecast_turns() {
        let safe = standing(dec!(90), true, None);
        let risky = standing(dec!(90), true, Some("2025-03"));
        let later = standing(dec!(90), true, Some("2025-05"));
        assert_eq!(kinds(Some(&safe), &risky), [EventKind::AtRisk]);
        assert!(kinds(Some(&risky), &later).is_empty());
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for k in EventKind::RAISED.into_iter().chain([EventKind::Test]) {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EventKind::parse("designation_met"), None);
    }
}
