//! Score types: thin wrappers over the engine's output, so the API shows exactly what the engine
//! computed, facts included.

use std::sync::Arc;

use async_graphql::parser::types::SelectionSet;
use async_graphql::{Context, InputType, Lookahead, Object, OutputType, SimpleObject, Value};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::enums::{DesignationCode, FactKind, FactOutcome, MetricCode, ScoreCategory};
use crate::db::scores::Detail;
use crate::domain::Month;
use crate::score;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// How much of a score a selection of `CapabilityScore` fields reads: the stored summary (total,
/// verdict, each metric's numbers) unless some field under it asks for tracks, options or facts, so a
/// page of points never loads the breakdowns.
pub fn detail_selected(score: Lookahead<'_>) -> Detail {
    let metrics = score.field("metrics");
    let more = score.field("tracks").exists()
        || score.field("facts").exists()
        || metrics.field("options").exists()
        || metrics.field("facts").exists();
    if more { Detail::Facts } else { Detail::Points }
}

/// A partner's score for one designation as of one month: a selection of its plain fields and of its
/// metrics' plain fields is answered in one pass ([`super::plain`]), anything else by
/// [`CapabilityScoreFields`].
pub struct CapabilityScore(CapabilityScoreFields);

impl CapabilityScore {
    pub(crate) fn new(partner: i64, score: Arc<score::DesignationScore>) -> Self {
        Self(CapabilityScoreFields { partner, score })
    }

    /// `selection` answered in one pass, when it is plain fields and metrics' plain fields only.
    fn answer(&self, selection: &SelectionSet) -> Option<Value> {
        super::plain::object(selection, &Self::type_name(), |name, sub| {
            self.field(name, sub)
        })
    }

    /// The value of a field (with its selection, for `metrics`) answered without a future.
    fn field(&self, name: &str, selection: &SelectionSet) -> Option<Value> {
        let s = &self.0.score;
        if name == "metrics" {
            let metrics = s.metrics.iter().map(|m| {
                super::plain::leaves(selection, &MetricScore::type_name(), |name| {
                    metric_leaf(m, name)
                })
            });
            return metrics.collect::<Option<Vec<_>>>().map(Value::List);
        }
        if !selection.items.is_empty() {
            return None;
        }
        Some(match name {
            "designationCode" => DesignationCode::from(s.designation).to_value(),
            "asOf" => s.as_of.to_value(),
            "ruleSet" => Value::String(s.rule_set.clone()),
            "total" => Value::from(f(s.total)),
            "meetsRequirements" => Value::Boolean(s.meets_requirements),
            "track" => s
                .track
                .as_ref()
                .map_or(Value::Null, |t| Value::String(t.clone())),
            "pointsToThreshold" => Value::from(points_to_threshold(s.total)),
            _ => return None,
        })
    }
}

super::plain::one_pass_output!(CapabilityScore, CapabilityScoreFields);

/// Points still missing to reach 70 (0 when reached).
fn points_to_threshold(total: Decimal) -> f64 {
    f((Decimal::from(70) - total).max(Decimal::ZERO))
}

/// The fields of `CapabilityScore`, resolved by async-graphql.
pub struct CapabilityScoreFields {
    partner: i64,
    score: Arc<score::DesignationScore>,
}

#[Object(name = "CapabilityScore")]
impl CapabilityScoreFields {
    /// The partner scored.
    async fn partner(&self, ctx: &Context<'_>) -> async_graphql::Result<super::partner::Partner> {
        super::partner::Partner::load(ctx, self.partner)
            .await?
            .ok_or_else(|| crate::graphql::error::not_found("partner"))
    }

    /// The designation.
    async fn designation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<super::catalogue::Designation> {
        super::catalogue::Designation::of(ctx, self.score.designation)
    }

    /// The designation's code.
    async fn designation_code(&self) -> DesignationCode {
        self.score.designation.into()
    }

    /// The month the score is computed as of (at its end).
    async fn as_of(&self) -> Month {
        self.score.as_of
    }

    /// The rule set that computed it, e.g. `2023-07`.
    async fn rule_set(&self) -> &str {
        &self.score.rule_set
    }

    /// The sum of the metric points, 2 decimals.
    async fn total(&self) -> f64 {
        f(self.score.total)
    }

    /// At least 70 points and at least the rule set's minimum in every metric.
    async fn meets_requirements(&self) -> bool {
        self.score.meets_requirements
    }

    /// The track shown: Modern Work's chosen track, Business Applications' class (`ENT` or `SMB`).
    async fn track(&self) -> Option<&str> {
        self.score.track.as_deref()
    }

    /// Points still missing to reach 70 (0 when reached).
    async fn points_to_threshold(&self) -> f64 {
        points_to_threshold(self.score.total)
    }

    /// Every metric of the designation, in the program's order, even when zero.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::METRICS, child_complexity)"
    )]
    async fn metrics(&self) -> Vec<MetricScore> {
        self.score
            .metrics
            .iter()
            .cloned()
            .map(MetricScore::from)
            .collect()
    }

    /// Modern Work: both tracks with their own totals. Business Applications: the class.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::TRACKS, child_complexity)"
    )]
    async fn tracks(&self) -> Vec<TrackScore> {
        self.score.tracks.iter().cloned().map(TrackScore).collect()
    }

    /// Designation-level explanation: the track chosen and why, classification counts.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::FACTS, child_complexity)"
    )]
    async fn facts(&self) -> Vec<Fact> {
        self.score.facts.iter().cloned().map(Fact).collect()
    }
}

/// The points of one metric, and why: a selection of its plain fields is answered in one pass
/// ([`super::plain`]), anything else by [`MetricScoreFields`].
pub struct MetricScore(MetricScoreFields);

impl From<score::MetricScore> for MetricScore {
    fn from(m: score::MetricScore) -> Self {
        Self(MetricScoreFields(m))
    }
}

/// The value of a plain field of a metric, by name.
fn metric_leaf(m: &score::MetricScore, name: &str) -> Option<Value> {
    let number = |d: Decimal| Some(Value::from(f(d)));
    match name {
        "metric" => Some(MetricCode::from(m.metric).to_value()),
        "category" => Some(ScoreCategory::from(m.category).to_value()),
        "points" => number(m.points),
        "maxPoints" => number(m.max_points),
        "value" => number(m.value),
        "target" => number(m.target),
        "pointsMissing" => number(m.points_missing),
        "minimumPoints" => number(m.minimum_points),
        _ => None,
    }
}

impl MetricScore {
    /// `selection` answered in one pass, when it is plain fields only.
    fn answer(&self, selection: &SelectionSet) -> Option<Value> {
        super::plain::leaves(selection, &Self::type_name(), |name| {
            metric_leaf(&(self.0).0, name)
        })
    }
}

super::plain::one_pass_output!(MetricScore, MetricScoreFields);

/// The fields of `MetricScore`, resolved by async-graphql.
pub struct MetricScoreFields(score::MetricScore);

#[Object(name = "MetricScore")]
impl MetricScoreFields {
    /// The metric.
    async fn metric(&self) -> MetricCode {
        self.0.metric.into()
    }

    /// Its category.
    async fn category(&self) -> ScoreCategory {
        self.0.category.into()
    }

    /// Points earned, 2 decimals.
    async fn points(&self) -> f64 {
        f(self.0.points)
    }

    /// The most points the metric gives.
    async fn max_points(&self) -> f64 {
        f(self.0.max_points)
    }

    /// The counted quantity (net adds, professionals, deployments, growth or a percentage); may be
    /// negative for net metrics.
    async fn value(&self) -> f64 {
        f(self.0.value)
    }

    /// The quantity that earns the maximum.
    async fn target(&self) -> f64 {
        f(self.0.target)
    }

    /// Points still missing to the maximum.
    async fn points_missing(&self) -> f64 {
        f(self.0.points_missing)
    }

    /// The fewest points this metric needs for the designation to meet requirements.
    async fn minimum_points(&self) -> f64 {
        f(self.0.minimum_points)
    }

    /// Modern Work usage growth and deployments: each association option's own result.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::OPTIONS, child_complexity)"
    )]
    async fn options(&self) -> Vec<OptionScore> {
        self.0.options.iter().cloned().map(OptionScore).collect()
    }

    /// The customers, professionals and services behind the value, counted or not, with their numbers.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::FACTS, child_complexity)"
    )]
    async fn facts(&self) -> Vec<Fact> {
        self.0.facts.iter().cloned().map(Fact).collect()
    }
}

/// One track's own score.
pub struct TrackScore(pub(crate) score::TrackScore);

#[Object]
impl TrackScore {
    /// `ENT` or `SMB`.
    async fn track(&self) -> &str {
        &self.0.track
    }

    /// This track's total.
    async fn total(&self) -> f64 {
        f(self.0.total)
    }

    /// Whether this track alone meets requirements.
    async fn meets_requirements(&self) -> bool {
        self.0.meets_requirements
    }

    /// This track's metrics.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::METRICS, child_complexity)"
    )]
    async fn metrics(&self) -> Vec<MetricScore> {
        self.0
            .metrics
            .iter()
            .cloned()
            .map(MetricScore::from)
            .collect()
    }

    /// Facts about the track itself.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::FACTS, child_complexity)"
    )]
    async fn facts(&self) -> Vec<Fact> {
        self.0.facts.iter().cloned().map(Fact).collect()
    }
}

/// The result of one association option (Modern Work: CPOR, DPOR, CSP).
pub struct OptionScore(pub(crate) score::OptionScore);

#[Object]
impl OptionScore {
    /// `CPOR`, `DPOR` or `CSP`.
    async fn option(&self) -> &str {
        &self.0.option
    }

    /// The option's points.
    async fn points(&self) -> f64 {
        f(self.0.points)
    }

    /// The option's counted quantity.
    async fn value(&self) -> f64 {
        f(self.0.value)
    }

    /// The quantity that earns the maximum through this option.
    async fn target(&self) -> f64 {
        f(self.0.target)
    }

    /// Whether this option gives the metric's points.
    async fn chosen(&self) -> bool {
        self.0.chosen
    }

    /// The customers behind the option's value.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::FACTS, child_complexity)"
    )]
    async fn facts(&self) -> Vec<Fact> {
        self.0.facts.iter().cloned().map(Fact).collect()
    }
}

/// One line of the explanation of a score.
pub struct Fact(pub(crate) score::Fact);

#[Object]
impl Fact {
    /// What the fact is about.
    async fn kind(&self) -> FactKind {
        self.0.kind.into()
    }

    /// Which one: a tenant id, TPID, professional id, service code, step or figure name.
    async fn subject(&self) -> &str {
        &self.0.subject
    }

    /// How it entered the metric.
    async fn outcome(&self) -> FactOutcome {
        self.0.outcome.into()
    }

    /// A sentence for people.
    async fn detail(&self) -> &str {
        &self.0.detail
    }

    /// The numbers that decided it.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::FACT_NUMBERS, child_complexity)"
    )]
    async fn numbers(&self) -> Vec<FactNumber> {
        self.0
            .numbers
            .iter()
            .map(|n| FactNumber {
                name: n.name.clone(),
                value: f(n.value),
            })
            .collect()
    }
}

/// A named number of a fact.
#[derive(SimpleObject)]
pub struct FactNumber {
    /// What the number is.
    pub name: String,
    /// Its value (money in US dollars).
    pub value: f64,
}
