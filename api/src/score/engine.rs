//! The generic engine: the rule sets in force over time ([`Engine`]: the rule set for a month, the
//! usage it reads), and the dispatcher that, for each designation of a rule set, scores each track's
//! metrics with the computation their `kind` names, rounds, totals, checks requirements and chooses the
//! track. The arithmetic and fact shapes the computations share are in [`super::kit`].

use rust_decimal::Decimal;

use crate::domain::{DesignationCode, Month};

use super::catalog::CertificationCatalog;
use super::index::Index;
use super::input::PartnerData;
use super::kit::{Computed, Ctx, round2};
use super::output::{DesignationScore, Fact, FactKind, FactOutcome, MetricScore, TrackScore};
use super::rule_set::{
    DesignationRules, MetricDefinition, MetricRule, RuleSet, TrackChoice, TrackRules,
};
use super::skilling::{Professionals, Skilling, certified_professionals};
use super::{acr, mcv, seats, security};

/// An engine with no rule set cannot score any month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no rule set to score with")]
pub struct NoRuleSet;

/// The rule sets of every program year and the certification facts: what scoring any month needs
/// besides a partner's rows. Built once (the database layer reads it at start) and shared.
#[derive(Debug, Clone)]
pub struct Engine {
    /// Oldest first, never empty.
    rule_sets: Vec<RuleSet>,
    certifications: CertificationCatalog,
}

impl Engine {
    /// An engine over `rule_sets` (in any order) and the certification catalogue; at least one rule
    /// set is needed.
    pub fn new(
        mut rule_sets: Vec<RuleSet>,
        certifications: CertificationCatalog,
    ) -> Result<Self, NoRuleSet> {
        if rule_sets.is_empty() {
            return Err(NoRuleSet);
        }
        rule_sets.sort_by_key(|r| r.effective_from);
        Ok(Self {
            rule_sets,
            certifications,
        })
    }

    /// The rule set in force at the end of `month`: the newest that had started by then, or the
    /// oldest for months before any rule set.
    pub fn rules_for(&self, month: Month) -> &RuleSet {
        // `new` refuses an empty list, so there is always a rule set in force.
        in_force(&self.rule_sets, month).unwrap_or(&self.rule_sets[0])
    }

    /// The rule set named `code`, if the engine has it.
    pub fn rule_set(&self, code: &str) -> Option<&RuleSet> {
        self.rule_sets.iter().find(|r| r.code == code)
    }

    /// Every rule set, oldest first.
    pub fn rule_sets(&self) -> &[RuleSet] {
        &self.rule_sets
    }

    /// The certification facts the engine reads.
    pub fn certifications(&self) -> &CertificationCatalog {
        &self.certifications
    }

    /// The months of usage the engine reads for scores of `first..=last`.
    pub fn usage_window(&self, first: Month, last: Month) -> (Month, Month) {
        let (from, _) = self.rules_for(first).usage_window(first);
        let (_, to) = self.rules_for(last).usage_window(last);
        (from, to)
    }

    /// Every designation's score of one partner as of `month`, by the rule set in force then.
    pub fn score(&self, data: &PartnerData, month: Month) -> Vec<DesignationScore> {
        score_all(self.rules_for(month), &self.certifications, data, month)
    }

    /// Every designation's score of one partner as of `month` under `rules`, whichever rule set was in
    /// force then (a what-if: the same rows, another year's rules).
    pub fn score_under(
        &self,
        rules: &RuleSet,
        data: &PartnerData,
        month: Month,
    ) -> Vec<DesignationScore> {
        score_all(rules, &self.certifications, data, month)
    }
}

/// **The rule of which rule set scores a month**: of `rule_sets` (oldest first), the newest that had
/// started by the month's last day, or the oldest for months before any; `None` only when empty.
pub fn in_force(rule_sets: &[RuleSet], month: Month) -> Option<&RuleSet> {
    let end = month.last_day();
    rule_sets
        .iter()
        .rev()
        .find(|r| r.effective_from <= end)
        .or_else(|| rule_sets.first())
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
        as_of,
        base: as_of.minus(rules.baseline_months),
    };
    rules
        .designations
        .iter()
        .map(|d| score_designation_rules(&ctx, &pros, d))
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
        as_of,
        base: as_of.minus(rules.baseline_months),
    };
    score_designation_rules(&ctx, &pros, d)
}

fn score_designation_rules(
    ctx: &Ctx<'_>,
    pros: &Professionals<'_>,
    d: &DesignationRules,
) -> DesignationScore {
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
                let ts = score_track(ctx, pros, d, t, Vec::new());
                score.total = ts.total;
                score.meets_requirements = ts.meets_requirements;
                score.metrics = ts.metrics;
            }
        }
        TrackChoice::BestOf => {
            let scored: Vec<TrackScore> = d
                .tracks
                .iter()
                .map(|t| score_track(ctx, pros, d, t, Vec::new()))
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
        TrackChoice::RevenuePairs(c) => classified(ctx, pros, d, &mut score, mcv::classify(ctx, c)),
        TrackChoice::CustomerSegments(c) => {
            classified(ctx, pros, d, &mut score, acr::classify(ctx, c));
        }
    }
    score
}

/// Scores the one track a classification chose, with the facts of the choice.
fn classified(
    ctx: &Ctx<'_>,
    pros: &Professionals<'_>,
    d: &DesignationRules,
    score: &mut DesignationScore,
    (track, facts): (String, Vec<Fact>),
) {
    score.facts = facts.clone();
    if let Some(t) = d
        .tracks
        .iter()
        .find(|t| t.track.as_deref() == Some(track.as_str()))
    {
        let ts = score_track(ctx, pros, d, t, facts);
        score.track = Some(ts.track.clone());
        score.total = ts.total;
        score.meets_requirements = ts.meets_requirements;
        score.metrics = ts.metrics.clone();
        score.tracks = vec![ts];
    }
}

fn score_track(
    ctx: &Ctx<'_>,
    pros: &Professionals<'_>,
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
                Some(rule) => compute(ctx, pros, rule, def.max_points),
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

fn compute(ctx: &Ctx<'_>, pros: &Professionals<'_>, rule: &MetricRule, max: Decimal) -> Computed {
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
            count,
        } => security::deployments(ctx, m365, azure, *full_at, *count, max),
        MetricRule::SecurityUsageGrowth { m365, azure } => {
            security::usage_growth(ctx, m365, azure, max)
        }
        MetricRule::CertifiedProfessionals {
            steps,
            requires,
            full_at,
            points_per_professional,
        } => certified_professionals(
            pros,
            ctx.rules,
            Skilling {
                steps,
                requires,
                full_at: *full_at,
                per_professional: *points_per_professional,
            },
            max,
        ),
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
