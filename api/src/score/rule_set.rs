//! The rule-set file (`migration/catalogue/rule-sets/*.json`): every threshold, unit, maximum, workload
//! list, association type, certification list and track parameter of one program year. The engine is
//! generic; a metric's `kind` only selects the shape of the computation and its parameters come from here.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{AssociationType, DesignationCode, MetricCode, Month, ScoreCategory};

/// The text of the shipped rule set `2023-07`.
pub const RULE_SET_2023_07_JSON: &str =
    include_str!("../../../migration/catalogue/rule-sets/2023-07.json");

/// Why a rule-set file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleSetError {
    /// Not JSON of the expected shape.
    #[error("rule set is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    /// Well-formed but inconsistent; each string names one problem.
    #[error("rule set {code} is inconsistent: {}", problems.join("; "))]
    Invalid {
        /// The rule set's code.
        code: String,
        /// Every problem found.
        problems: Vec<String>,
    },
}

/// One program year's scoring rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// e.g. `2023-07`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// First day the rules apply.
    pub effective_from: NaiveDate,
    /// Last day they apply, if superseded.
    pub effective_to: Option<NaiveDate>,
    /// Where the rules come from.
    pub source: String,
    /// What "meets requirements" needs.
    pub requirements: Requirements,
    /// The baseline month is this many months before the as-of month (12).
    pub baseline_months: i32,
    /// Length of a trailing period (TTM: 12).
    pub trailing_months: i32,
    /// A designation is attained when requirements are met in one of this many months ending at the
    /// as-of month (6: the month and the five before it).
    pub qualification_window_months: i32,
    /// How many months of usage, ending at the as-of month, the rules read.
    pub usage_history_months: i32,
    /// Named workload lists referenced by the metric rules.
    pub workload_sets: BTreeMap<String, Vec<String>>,
    /// Named certification lists referenced by the skilling rules.
    pub certification_lists: BTreeMap<String, Vec<String>>,
    /// Named rate cards (Business Applications MCV).
    pub rate_cards: BTreeMap<String, RateCard>,
    /// The rules of each designation.
    pub designations: Vec<DesignationRules>,
}

/// What "meets requirements" needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Fewest total points (70).
    pub min_total: Decimal,
    /// Fewest points in every metric (1 in 2023-07; later years use "greater than zero").
    pub min_metric_points: Decimal,
}

/// The rules of one designation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignationRules {
    /// The designation.
    pub code: DesignationCode,
    /// Its metrics, in the program's order.
    pub metrics: Vec<MetricDefinition>,
    /// Every workload the designation's rules read (derived; checked against the rules).
    #[serde(default)]
    pub eligible_workloads: Vec<String>,
    /// Every certification the designation's rules read, with its metric and step (derived; checked).
    #[serde(default)]
    pub eligible_certifications: Vec<EligibleCertification>,
    /// How the track is chosen.
    pub track_choice: TrackChoice,
    /// One entry per track; a designation without tracks has one entry with `track: null`.
    pub tracks: Vec<TrackRules>,
}

/// A metric of a designation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDefinition {
    /// The metric.
    pub metric: MetricCode,
    /// Its category (must agree with [`MetricCode::category`]).
    pub category: ScoreCategory,
    /// The most points it gives.
    pub max_points: Decimal,
}

/// A certification a designation's metric reads, for the catalogue tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibleCertification {
    /// The metric.
    pub metric: MetricCode,
    /// The certification code.
    pub certification: String,
    /// The step label of the list it is in (`s1`, `s2`, `fin`, ...).
    pub step: String,
}

/// How a designation with several tracks picks the one it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TrackChoice {
    /// One track, no choice.
    Single,
    /// Every track is scored; take the one meeting requirements, else (both or neither) the higher total;
    /// on a tie the first listed.
    BestOf,
    /// The partner is classified into one track by counting (tenant, workload) revenue pairs.
    RevenuePairs(RevenuePairsClassification),
}

/// Business Applications classification: Enterprise when at least `min_pairs` (tenant, NCA workload) pairs
/// have revenue above a threshold both at the as-of month and at the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevenuePairsClassification {
    /// Rate card naming each workload's NCA workload.
    pub rate_card: String,
    /// Association types whose rows count.
    pub association_types: Vec<AssociationType>,
    /// A pair counts when its monthly revenue is strictly above this (USD).
    pub pair_revenue_above_usd: Decimal,
    /// Fewest pairs needed, at the as-of month and at the baseline.
    pub min_pairs: u32,
    /// The track when the condition holds.
    pub track_when_met: String,
    /// The track otherwise.
    pub track_otherwise: String,
}

/// One track's rules: one rule per metric of the designation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackRules {
    /// `ENT`, `SMB`, or `null` for designations without tracks.
    pub track: Option<String>,
    /// The rule of each metric.
    pub rules: BTreeMap<MetricCode, MetricRule>,
}

/// A band of paid seats, both ends included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatBand {
    /// Fewest paid seats.
    pub min_paid_seats: i64,
    /// Most paid seats; `None` = no upper end.
    pub max_paid_seats: Option<i64>,
}

/// An association option of Modern Work usage growth and deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationOption {
    /// `CPOR`, `DPOR`, `CSP`.
    pub option: String,
    /// Association types of the option.
    pub association_types: Vec<AssociationType>,
    /// The quantity that earns the maximum through this option.
    pub full_at: Decimal,
}

/// A list of certifications in a skilling rule, with its catalogue step label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationRequirement {
    /// Step label, e.g. `s1`, `fin`.
    pub step: String,
    /// Name of a certification list; holding any one of its codes satisfies the requirement.
    pub certifications: String,
    /// For prerequisite steps: fewest professionals the step needs.
    #[serde(default)]
    pub min_professionals: Option<u32>,
}

/// Security's Microsoft 365 customer: a tenant with a covered eligible workload of enough paid seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct M365SeatCustomers {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest paid seats.
    pub min_paid_seats: i64,
}

/// Security's Azure customer: a TPID whose average monthly ACR over the trailing period is high enough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTpidCustomers {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest average monthly ACR over the trailing period (USD).
    pub min_average_monthly_acr_usd: Decimal,
}

/// Security's Microsoft 365 deployment test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct M365ProtectedDeployments {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest paid seats.
    pub min_paid_seats: i64,
    /// Fewest protected users as a share of paid seats (0.15).
    pub min_protected_share: Decimal,
}

/// Security's Azure deployment test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTpidDeployments {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest ACR summed over the trailing period (USD).
    pub min_trailing_acr_usd: Decimal,
}

/// Security's protected-user growth part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedUserGrowth {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Growth that earns the maximum alone.
    pub full_at_users: Decimal,
}

/// Security's ACR growth part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TpidAcrGrowth {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Growth (USD) that earns the maximum alone.
    pub full_at_usd: Decimal,
}

/// The computation of one metric. `kind` selects the shape; every number comes from the fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum MetricRule {
    /// Net count of Microsoft 365 tenants plus net count of Azure TPIDs; per-unit points.
    SecurityNetAdds {
        /// The Microsoft 365 customer test.
        m365: M365SeatCustomers,
        /// The Azure customer test.
        azure: AzureTpidCustomers,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Tenants and TPIDs not deployed at the baseline and deployed in a later month; per-unit points.
    SecurityDeployments {
        /// The Microsoft 365 deployment test.
        m365: M365ProtectedDeployments,
        /// The Azure deployment test.
        azure: AzureTpidDeployments,
        /// Deployments that earn the maximum.
        full_at: Decimal,
    },
    /// Protected-user growth plus ACR growth since each customer's baseline month; proportional points.
    SecurityUsageGrowth {
        /// The protected-user part.
        m365: ProtectedUserGrowth,
        /// The ACR part.
        azure: TpidAcrGrowth,
    },
    /// Professionals holding, for each `requires` entry, a valid certification of its list; gated by
    /// prerequisite `steps` (each needs enough professionals, or the points are 0); per-unit points.
    CertifiedProfessionals {
        /// Prerequisite steps (may be empty).
        #[serde(default)]
        steps: Vec<CertificationRequirement>,
        /// What one professional must hold to count (all entries).
        requires: Vec<CertificationRequirement>,
        /// Professionals that earn the maximum.
        full_at: Decimal,
    },
    /// Net count of tenants with a covered eligible workload whose paid seats are in the band.
    SeatBandNetAdds {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// The track's band.
        band: SeatBand,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Active-user growth since each tenant's association month, per option; the best option counts.
    ActiveUserGrowth {
        /// Workload set name.
        workloads: String,
        /// The track's band (checked at the as-of month).
        band: SeatBand,
        /// The association options.
        options: Vec<AssociationOption>,
    },
    /// Net deployed tenants (active seats at least a share of paid seats), per option; the best counts.
    ActiveSeatDeployments {
        /// Workload set name.
        workloads: String,
        /// The track's band.
        band: SeatBand,
        /// Fewest active seats as a share of paid seats (0.40).
        min_active_share: Decimal,
        /// The association options.
        options: Vec<AssociationOption>,
    },
    /// Net count of (tenant, NCA workload) pairs with enough monthly revenue.
    RevenueNetAdds {
        /// Rate card naming each workload's NCA workload.
        rate_card: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Fewest monthly revenue of a pair (USD, inclusive).
        min_pair_revenue_usd: Decimal,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Percentage growth of the whole MCV from the baseline month; one point per percent.
    McvGrowth {
        /// Rate card.
        rate_card: String,
        /// Fewest baseline MCV for growth to count.
        min_baseline_mcv: Decimal,
        /// Points per percent of growth.
        points_per_percent: Decimal,
    },
    /// Net count of (tenant, MCV workload) pairs with enough MCV.
    McvNetDeployments {
        /// Rate card.
        rate_card: String,
        /// Fewest MCV of a pair (inclusive).
        min_pair_mcv: Decimal,
        /// Net deployments that earn the maximum.
        full_at: Decimal,
    },
    /// Net count of tenants with enough ACR in one of the last `months` months.
    AcrNetAdds {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Fewest ACR in one month (USD, inclusive).
        min_monthly_acr_usd: Decimal,
        /// How many months ending at the month looked at (2: the month and the one before).
        months: i32,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Percentage growth of the trailing-period ACR of the whole customer base; one point per percent.
    AcrTrailingGrowth {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Fewest baseline trailing ACR (USD) for growth to count.
        min_baseline_acr_usd: Decimal,
        /// Points per percent of growth.
        points_per_percent: Decimal,
    },
    /// Distinct services with ACR above a threshold over the trailing period.
    AcrServices {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Workloads of the set that are never a deployment.
        excluded_workloads: Vec<String>,
        /// A service counts when its trailing ACR is strictly above this (USD).
        acr_above_usd: Decimal,
        /// Services that earn the maximum.
        full_at: Decimal,
    },
}

/// Units a rate-card workload's MCV is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum McvUnit {
    /// Monthly active users.
    ActiveUsers,
    /// Unified customer profiles.
    Profiles,
}

/// A rate card: each workload's NCA workload and MCV workload, rate and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCard {
    /// Customer-success association groups (e.g. `D365`, `PP`).
    pub customer_success_groups: BTreeMap<String, Vec<AssociationType>>,
    /// One entry per workload code.
    pub workloads: Vec<RateCardEntry>,
}

/// One workload code of a rate card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCardEntry {
    /// Workload code.
    pub workload: String,
    /// The NCA workload it rolls up to, if it counts for net customer adds.
    pub nca_workload: Option<String>,
    /// The MCV workload it rolls up to, if it counts for customer success.
    #[serde(default)]
    pub mcv_workload: Option<String>,
    /// MCV per unit.
    #[serde(default)]
    pub rate: Option<Decimal>,
    /// The unit.
    #[serde(default)]
    pub unit: Option<McvUnit>,
    /// Customer-success association group.
    #[serde(default)]
    pub customer_success_group: Option<String>,
}

impl RuleSet {
    /// Parses and checks a rule-set file.
    pub fn from_json(text: &str) -> Result<RuleSet, RuleSetError> {
        let rules: RuleSet = serde_json::from_str(text)?;
        let problems = rules.problems();
        if problems.is_empty() {
            Ok(rules)
        } else {
            Err(RuleSetError::Invalid {
                code: rules.code.clone(),
                problems,
            })
        }
    }

    /// The rules of one designation.
    pub fn designation(&self, code: DesignationCode) -> Option<&DesignationRules> {
        self.designations.iter().find(|d| d.code == code)
    }

    /// The months of usage this rule set reads for one as-of month, both ends included.
    pub fn usage_window(&self, as_of: Month) -> (Month, Month) {
        (as_of.minus(self.usage_history_months - 1), as_of)
    }

    /// Every inconsistency of the rule set (empty when it is usable).
    fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.baseline_months < 1
            || self.trailing_months < 1
            || self.qualification_window_months < 1
        {
            p.push("baseline_months, trailing_months and qualification_window_months must be at least 1".into());
        }
        // The oldest month any rule reads: the trailing period ending at the baseline, or the month before
        // the baseline for "one of the last two months".
        let mut oldest = self.baseline_months + self.trailing_months - 1;
        for (name, card) in &self.rate_cards {
            for e in &card.workloads {
                if e.mcv_workload.is_some() {
                    let group_ok = e
                        .customer_success_group
                        .as_ref()
                        .is_some_and(|g| card.customer_success_groups.contains_key(g));
                    if e.rate.is_none() || e.unit.is_none() || !group_ok {
                        p.push(format!("rate card {name}: {} has an MCV workload but no rate, unit or known group", e.workload));
                    }
                }
            }
        }
        let mut seen = BTreeSet::new();
        for d in &self.designations {
            let dc = d.code;
            if !seen.insert(dc) {
                p.push(format!("{dc} is listed twice"));
            }
            let order: Vec<usize> = d
                .metrics
                .iter()
                .filter_map(|m| MetricCode::ALL.iter().position(|c| *c == m.metric))
                .collect();
            if order.windows(2).any(|w| w[0] >= w[1]) {
                p.push(format!(
                    "{dc}: metrics must be listed once each, in the program's order"
                ));
            }
            for m in &d.metrics {
                if m.category != m.metric.category() {
                    p.push(format!(
                        "{dc} {}: category must be {}",
                        m.metric,
                        m.metric.category()
                    ));
                }
                if m.max_points <= Decimal::ZERO {
                    p.push(format!("{dc} {}: max_points must be positive", m.metric));
                }
            }
            let codes: Vec<Option<&str>> = d.tracks.iter().map(|t| t.track.as_deref()).collect();
            match &d.track_choice {
                TrackChoice::Single => {
                    if codes != [None] {
                        p.push(format!("{dc}: a single-track designation has exactly one track, with track null"));
                    }
                }
                TrackChoice::BestOf => {
                    if codes.is_empty() || codes.iter().any(Option::is_none) {
                        p.push(format!("{dc}: best_of needs named tracks"));
                    }
                }
                TrackChoice::RevenuePairs(c) => {
                    for t in [&c.track_when_met, &c.track_otherwise] {
                        if !codes.contains(&Some(t.as_str())) {
                            p.push(format!("{dc}: classification names unknown track {t}"));
                        }
                    }
                    if !self.rate_cards.contains_key(&c.rate_card) {
                        p.push(format!("{dc}: unknown rate card {}", c.rate_card));
                    }
                }
            }
            let mut workloads = BTreeSet::new();
            let mut certs = BTreeSet::new();
            for t in &d.tracks {
                let tname = t.track.as_deref().unwrap_or("-");
                let want: Vec<MetricCode> = d.metrics.iter().map(|m| m.metric).collect();
                let have: Vec<MetricCode> = t.rules.keys().copied().collect();
                let mut want_sorted = want.clone();
                want_sorted.sort();
                if want_sorted != have {
                    p.push(format!(
                        "{dc} track {tname}: needs exactly one rule per metric"
                    ));
                }
                for (metric, rule) in &t.rules {
                    let at = format!("{dc} track {tname} {metric}");
                    self.check_rule(&at, *metric, rule, &mut workloads, &mut certs, &mut p);
                    if let MetricRule::AcrNetAdds { months, .. } = rule {
                        oldest = oldest.max(self.baseline_months + months - 1);
                    }
                }
            }
            if let TrackChoice::RevenuePairs(c) = &d.track_choice {
                self.rate_card_workloads(&c.rate_card, true, &mut workloads);
            }
            let listed: BTreeSet<&str> = d.eligible_workloads.iter().map(String::as_str).collect();
            let derived: BTreeSet<&str> = workloads.iter().map(String::as_str).collect();
            if listed != derived {
                p.push(format!("{dc}: eligible_workloads must list exactly the workloads the rules read: {derived:?}"));
            }
            let listed: BTreeSet<EligibleCertification> =
                d.eligible_certifications.iter().cloned().collect();
            if listed != certs {
                let expected: Vec<String> = certs
                    .iter()
                    .map(|c| format!("{}:{}:{}", c.metric, c.certification, c.step))
                    .collect();
                p.push(format!("{dc}: eligible_certifications must list exactly the certifications the rules read: {expected:?}"));
            }
        }
        if self.usage_history_months < oldest + 1 {
            p.push(format!(
                "usage_history_months must be at least {}",
                oldest + 1
            ));
        }
        p
    }

    fn rate_card_workloads(&self, card: &str, nca: bool, out: &mut BTreeSet<String>) {
        if let Some(card) = self.rate_cards.get(card) {
            for e in &card.workloads {
                if (nca && e.nca_workload.is_some()) || (!nca && e.mcv_workload.is_some()) {
                    out.insert(e.workload.clone());
                }
            }
        }
    }

    fn check_rule(
        &self,
        at: &str,
        metric: MetricCode,
        rule: &MetricRule,
        workloads: &mut BTreeSet<String>,
        certs: &mut BTreeSet<EligibleCertification>,
        p: &mut Vec<String>,
    ) {
        let mut set = |name: &str, p: &mut Vec<String>| match self.workload_sets.get(name) {
            Some(list) => workloads.extend(list.iter().cloned()),
            None => p.push(format!("{at}: unknown workload set {name}")),
        };
        let positive = |what: &str, v: Decimal, p: &mut Vec<String>| {
            if v <= Decimal::ZERO {
                p.push(format!("{at}: {what} must be positive"));
            }
        };
        match rule {
            MetricRule::SecurityNetAdds {
                m365,
                azure,
                full_at,
            } => {
                set(&m365.workloads, p);
                set(&azure.workloads, p);
                positive("full_at", *full_at, p);
            }
            MetricRule::SecurityDeployments {
                m365,
                azure,
                full_at,
            } => {
                set(&m365.workloads, p);
                set(&azure.workloads, p);
                positive("full_at", *full_at, p);
            }
            MetricRule::SecurityUsageGrowth { m365, azure } => {
                set(&m365.workloads, p);
                set(&azure.workloads, p);
                positive("full_at_users", m365.full_at_users, p);
                positive("full_at_usd", azure.full_at_usd, p);
            }
            MetricRule::CertifiedProfessionals {
                steps,
                requires,
                full_at,
            } => {
                positive("full_at", *full_at, p);
                if requires.is_empty() {
                    p.push(format!("{at}: requires must name at least one list"));
                }
                for s in steps {
                    if s.min_professionals.is_none() {
                        p.push(format!("{at}: step {} needs min_professionals", s.step));
                    }
                }
                for r in steps.iter().chain(requires) {
                    match self.certification_lists.get(&r.certifications) {
                        Some(list) => certs.extend(list.iter().map(|c| EligibleCertification {
                            metric,
                            certification: c.clone(),
                            step: r.step.clone(),
                        })),
                        None => p.push(format!(
                            "{at}: unknown certification list {}",
                            r.certifications
                        )),
                    }
                }
            }
            MetricRule::SeatBandNetAdds {
                workloads: w,
                full_at,
                ..
            } => {
                set(w, p);
                positive("full_at", *full_at, p);
            }
            MetricRule::ActiveUserGrowth {
                workloads: w,
                options,
                ..
            }
            | MetricRule::ActiveSeatDeployments {
                workloads: w,
                options,
                ..
            } => {
                set(w, p);
                if options.is_empty() {
                    p.push(format!("{at}: needs at least one option"));
                }
                for o in options {
                    positive("full_at", o.full_at, p);
                }
            }
            MetricRule::RevenueNetAdds {
                rate_card, full_at, ..
            } => {
                if !self.rate_cards.contains_key(rate_card) {
                    p.push(format!("{at}: unknown rate card {rate_card}"));
                }
                self.rate_card_workloads(rate_card, true, workloads);
                positive("full_at", *full_at, p);
            }
            MetricRule::McvGrowth {
                rate_card,
                min_baseline_mcv,
                points_per_percent,
            } => {
                if !self.rate_cards.contains_key(rate_card) {
                    p.push(format!("{at}: unknown rate card {rate_card}"));
                }
                self.rate_card_workloads(rate_card, false, workloads);
                positive("min_baseline_mcv", *min_baseline_mcv, p);
                positive("points_per_percent", *points_per_percent, p);
            }
            MetricRule::McvNetDeployments {
                rate_card, full_at, ..
            } => {
                if !self.rate_cards.contains_key(rate_card) {
                    p.push(format!("{at}: unknown rate card {rate_card}"));
                }
                self.rate_card_workloads(rate_card, false, workloads);
                positive("full_at", *full_at, p);
            }
            MetricRule::AcrNetAdds {
                workloads: w,
                months,
                full_at,
                ..
            } => {
                set(w, p);
                positive("full_at", *full_at, p);
                if *months < 1 {
                    p.push(format!("{at}: months must be at least 1"));
                }
            }
            MetricRule::AcrTrailingGrowth {
                workloads: w,
                min_baseline_acr_usd,
                points_per_percent,
                ..
            } => {
                set(w, p);
                positive("min_baseline_acr_usd", *min_baseline_acr_usd, p);
                positive("points_per_percent", *points_per_percent, p);
            }
            MetricRule::AcrServices {
                workloads: w,
                full_at,
                ..
            } => {
                set(w, p);
                positive("full_at", *full_at, p);
            }
        }
    }
}

/// Every rule set shipped with the product, oldest first.
///
/// The shipped files are checked by the test suite, so a file that does not parse is left out rather
/// than stopping the caller.
pub fn builtin_rule_sets() -> Vec<RuleSet> {
    [RULE_SET_2023_07_JSON]
        .into_iter()
        .filter_map(|text| RuleSet::from_json(text).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> RuleSet {
        match RuleSet::from_json(RULE_SET_2023_07_JSON) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_shipped_rule_set_parses_and_covers_the_six_designations() {
        let rules = shipped();
        assert_eq!(rules.code, "2023-07");
        assert_eq!(
            rules.effective_from,
            NaiveDate::from_ymd_opt(2023, 7, 1).unwrap()
        );
        assert!(rules.source.starts_with("http") || rules.source.len() > 20);
        assert_eq!(builtin_rule_sets(), vec![rules.clone()]);
        let codes: Vec<DesignationCode> = rules.designations.iter().map(|d| d.code).collect();
        for d in DesignationCode::ALL {
            assert!(codes.contains(d), "{d} missing");
        }
    }

    #[test]
    fn every_designation_has_one_hundred_points_and_its_published_metrics() {
        use MetricCode::*;
        let rules = shipped();
        let expect: [(DesignationCode, &[(MetricCode, i64)]); 6] = [
            (
                DesignationCode::Security,
                &[
                    (NetCustomerAdds, 20),
                    (IntermediateCertifications, 40),
                    (UsageGrowth, 20),
                    (Deployments, 20),
                ],
            ),
            (
                DesignationCode::ModernWork,
                &[
                    (NetCustomerAdds, 20),
                    (IntermediateCertifications, 10),
                    (AdvancedCertifications, 15),
                    (UsageGrowth, 30),
                    (Deployments, 25),
                ],
            ),
            (
                DesignationCode::BusinessApplications,
                &[
                    (NetCustomerAdds, 15),
                    (IntermediateCertifications, 20),
                    (AdvancedCertifications, 15),
                    (UsageGrowth, 30),
                    (Deployments, 20),
                ],
            ),
            (
                DesignationCode::DataAiAzure,
                &[
                    (NetCustomerAdds, 30),
                    (IntermediateCertifications, 40),
                    (UsageGrowth, 20),
                    (Deployments, 10),
                ],
            ),
            (
                DesignationCode::DigitalAppInnovationAzure,
                &[
                    (NetCustomerAdds, 30),
                    (IntermediateCertifications, 20),
                    (AdvancedCertifications, 20),
                    (UsageGrowth, 20),
                    (Deployments, 10),
                ],
            ),
            (
                DesignationCode::InfrastructureAzure,
                &[
                    (NetCustomerAdds, 30),
                    (IntermediateCertifications, 20),
                    (AdvancedCertifications, 20),
                    (UsageGrowth, 20),
                    (Deployments, 10),
                ],
            ),
        ];
        for (d, metrics) in expect {
            let got: Vec<(MetricCode, Decimal)> = rules
                .designation(d)
                .unwrap()
                .metrics
                .iter()
                .map(|m| (m.metric, m.max_points))
                .collect();
            let want: Vec<(MetricCode, Decimal)> = metrics
                .iter()
                .map(|(m, p)| (*m, Decimal::from(*p)))
                .collect();
            assert_eq!(got, want, "{d}");
            assert_eq!(
                got.iter().map(|(_, p)| *p).sum::<Decimal>(),
                Decimal::from(100),
                "{d}"
            );
        }
    }

    #[test]
    fn the_rule_set_needs_twenty_four_months_of_usage() {
        let rules = shipped();
        let m: Month = "2024-06".parse().unwrap();
        assert_eq!(rules.usage_window(m), ("2022-07".parse().unwrap(), m));
        assert_eq!(rules.usage_window(m), super::super::usage_window(m));
    }

    #[test]
    fn a_rule_set_naming_an_unknown_list_is_refused_with_every_problem() {
        let text = RULE_SET_2023_07_JSON.replace(
            "\"workloads\": \"SECURITY_M365\"",
            "\"workloads\": \"NOPE\"",
        );
        assert_ne!(text, RULE_SET_2023_07_JSON);
        let err = RuleSet::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("unknown workload set NOPE"), "{err}");
    }

    #[test]
    fn a_rule_set_whose_derived_lists_drift_from_its_rules_is_refused() {
        let text = RULE_SET_2023_07_JSON.replacen("\"AADP\",", "", 1);
        let err = RuleSet::from_json(&text).unwrap_err().to_string();
        assert!(
            err.contains("eligible_workloads must list exactly"),
            "{err}"
        );
    }

    #[test]
    fn a_metric_with_the_wrong_category_is_refused() {
        let text = RULE_SET_2023_07_JSON.replacen(
            "{\"metric\": \"NET_CUSTOMER_ADDS\", \"category\": \"PERFORMANCE\"",
            "{\"metric\": \"NET_CUSTOMER_ADDS\", \"category\": \"SKILLING\"",
            1,
        );
        assert_ne!(text, RULE_SET_2023_07_JSON);
        let err = RuleSet::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("category must be PERFORMANCE"), "{err}");
    }
}
