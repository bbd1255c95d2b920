//! The rule-set file (`migration/catalogue/rule-sets/*.json`): every threshold, unit, maximum, workload
//! list, association type, certification list and track parameter of one program year. The engine is
//! generic; a metric's `kind` only selects the shape of the computation and its parameters come from here.
//!
//! This file holds the shape of a rule set and of its designations and tracks; the parameters of each
//! kind of metric are in [`metric_rule`], and the consistency checks run on every file read are in
//! [`check`].

mod check;
mod metric_rule;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{AssociationType, DesignationCode, MetricCode, Month, ScoreCategory};

pub use metric_rule::{
    AssociationOption, AzureTpidCustomers, AzureTpidDeployments, CertificationRequirement,
    DeploymentCount, M365ProtectedDeployments, M365SeatCustomers, McvUnit, MetricRule,
    ProtectedUserGrowth, RateCard, RateCardEntry, SeatBand, TpidAcrGrowth,
};

/// The text of the shipped rule set `2023-07`.
pub const RULE_SET_2023_07_JSON: &str =
    include_str!("../../../migration/catalogue/rule-sets/2023-07.json");

/// The text of the shipped rule set `2023-12` (the Security skilling steps; PL-100 no longer counts).
pub const RULE_SET_2023_12_JSON: &str =
    include_str!("../../../migration/catalogue/rule-sets/2023-12.json");

/// The text of the shipped rule set `2026-07` (Enterprise and SMB paths for Security and the Azure
/// areas, and the certification and workload lists Microsoft documents in 2026).
pub const RULE_SET_2026_07_JSON: &str =
    include_str!("../../../migration/catalogue/rule-sets/2026-07.json");

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
    /// What each specialization requires that the partner's data can show, by specialization code
    /// ([`super::specialization_progress`]); a specialization not listed has none recorded.
    #[serde(default)]
    pub specialization_requirements: BTreeMap<String, SpecializationRequirements>,
}

/// The requirements of one specialization under a rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecializationRequirements {
    /// Where the figures come from.
    pub source: String,
    /// Every one must be met.
    pub requirements: Vec<Requirement>,
    /// How Microsoft validates it besides (not computable from the data): `AUDIT` or
    /// `CUSTOMER_REFERENCES`, with how many references.
    #[serde(default)]
    pub validation: Option<ValidationRequirement>,
}

impl Requirement {
    /// This requirement and every option nested in it, outermost first.
    pub fn walk(&self) -> Vec<&Requirement> {
        let mut out = vec![self];
        if let Requirement::AnyOf { options, .. } = self {
            out.extend(options.iter().flat_map(Requirement::walk));
        }
        out
    }
}

/// A validation Microsoft performs (audit or customer references).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationRequirement {
    /// `AUDIT` or `CUSTOMER_REFERENCES`.
    pub kind: crate::domain::SpecializationValidation,
    /// Customer references needed (for `CUSTOMER_REFERENCES`).
    #[serde(default)]
    pub count: Option<u32>,
}

/// One requirement of a specialization, computed from the partner's rows at a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Requirement {
    /// Growth of monthly active users over the trailing year (the month against the same month a year
    /// before) on the rows of `workloads` covered by `association_types`.
    ActiveUserGrowth {
        /// What it is, e.g. "1,000 MAU growth of Defender for Identity (CPOR)".
        label: String,
        /// Workload codes.
        workloads: Vec<String>,
        /// Association types that cover the rows.
        association_types: Vec<crate::domain::AssociationType>,
        /// Fewest users of growth.
        min_users: Decimal,
    },
    /// ACR over the trailing twelve months on the rows of `workloads` covered by `association_types`.
    TrailingAcr {
        /// What it is.
        label: String,
        /// Workload codes.
        workloads: Vec<String>,
        /// Association types that cover the rows.
        association_types: Vec<crate::domain::AssociationType>,
        /// Fewest dollars.
        min_usd: Decimal,
    },
    /// Professionals associated at the month's end holding a valid certification of the list.
    CertifiedProfessionals {
        /// What it is.
        label: String,
        /// Certification codes; any one counts.
        certifications: Vec<String>,
        /// Fewest professionals.
        min_professionals: u32,
    },
    /// At least one of `options`.
    AnyOf {
        /// What it is.
        label: String,
        /// The alternatives.
        options: Vec<Requirement>,
    },
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
    /// The partner is classified into one track by the share of its customers in the SMB segment.
    CustomerSegments(CustomerSegmentClassification),
}

/// Azure classification: SMB when at least `min_smb_share` of the partner's customers at the month are
/// in the SMB segment. A customer is a tenant with covered ACR above zero in the month on `workloads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerSegmentClassification {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest share of SMB customers (0.80) for `track_when_met`.
    pub min_smb_share: Decimal,
    /// The track when the share is reached.
    pub track_when_met: String,
    /// The track otherwise (also with no customer at all).
    pub track_otherwise: String,
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
}

/// Every rule set shipped with the product, oldest first.
///
/// The shipped files are checked by the test suite, so a file that does not parse is left out rather
/// than stopping the caller.
pub fn builtin_rule_sets() -> Vec<RuleSet> {
    [
        RULE_SET_2023_07_JSON,
        RULE_SET_2023_12_JSON,
        RULE_SET_2026_07_JSON,
    ]
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
        let later = RuleSet::from_json(RULE_SET_2023_12_JSON).unwrap();
        let current = match RuleSet::from_json(RULE_SET_2026_07_JSON) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            builtin_rule_sets(),
            vec![rules.clone(), later.clone(), current.clone()]
        );
        assert_eq!(rules.effective_to, NaiveDate::from_ymd_opt(2023, 11, 30));
        assert_eq!(
            later.effective_from,
            NaiveDate::from_ymd_opt(2023, 12, 1).unwrap()
        );
        assert_eq!(later.effective_to, NaiveDate::from_ymd_opt(2026, 6, 30));
        assert_eq!(
            current.effective_from,
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
        assert_eq!(current.effective_to, None);
        assert!(current.source.contains("certain to the month only"));
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
