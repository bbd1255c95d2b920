//! The partner capability score engine: pure functions from a rule set, the certification catalogue
//! and one partner's rows to an explained score per designation, plus attainment, badge,
//! specializations and benefits from monthly verdicts ([`status`]). [`Engine`] holds the rule sets of
//! every program year and scores a month by the one in force then.
//!
//! Nothing here touches storage or the network. The database layer loads [`PartnerData`] (usage only
//! for the months of [`usage_window`]) and stores what comes out.
//!
//! ```text
//! let rules = builtin_rule_sets();                       // rule set 2023-07, from its JSON file
//! let scores = score_partner(&rules[0], &catalog, &data, "2024-06".parse()?);
//! ```

mod acr;
mod catalog;
mod certification_standing;
mod engine;
pub mod enrollment;
pub mod events;
pub mod forecast;
mod index;
mod input;
mod kit;
mod mcv;
mod output;
pub mod recommend;
mod rule_set;
mod seats;
mod security;
mod skilling;
pub mod specialization_progress;
pub mod status;
pub mod what_if;

#[cfg(test)]
mod examples;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod recommend_tests;
#[cfg(test)]
mod rules_2023_12_tests;
#[cfg(test)]
mod rules_2026_07_tests;
#[cfg(test)]
mod rules_tests;

pub use catalog::{CatalogError, CertificationCatalog};
pub use certification_standing::{CertificationStanding, MetricStanding, counts_for, is_valid};
pub use engine::{Engine, NoRuleSet, in_force};
pub use input::{
    CustomerAssociation, HeldCertification, PartnerData, ProfessionalAssociation, UsageRow,
};
pub use output::{
    DesignationScore, Fact, FactKind, FactNumber, FactOutcome, MetricScore, OptionScore,
    TrackScore, from_hundredths, to_hundredths,
};
pub use rule_set::{
    AssociationOption, AzureTpidCustomers, AzureTpidDeployments, CertificationRequirement,
    CustomerSegmentClassification, DeploymentCount, DesignationRules, EligibleCertification,
    M365ProtectedDeployments, M365SeatCustomers, McvUnit, MetricDefinition, MetricRule,
    ProtectedUserGrowth, RULE_SET_2023_07_JSON, RULE_SET_2023_12_JSON, RULE_SET_2026_07_JSON,
    RateCard, RateCardEntry, Requirement, Requirements, RevenuePairsClassification, RuleSet,
    RuleSetError, SeatBand, TpidAcrGrowth, TrackChoice, TrackRules, builtin_rule_sets,
};

use crate::domain::{DesignationCode, Month};

/// How many months of usage, ending at the as-of month, any shipped rule set reads.
pub const USAGE_HISTORY_MONTHS: i32 = 24;

/// The months of usage the engine reads for one as-of month, both ends included: the trailing twelve
/// months ending at the baseline (as-of minus 12) reach back to as-of minus 23.
pub fn usage_window(as_of: Month) -> (Month, Month) {
    (as_of.minus(USAGE_HISTORY_MONTHS - 1), as_of)
}

/// Scores every designation of the rule set for one partner as of one month, in the rule set's order.
pub fn score_partner(
    rules: &RuleSet,
    certs: &CertificationCatalog,
    data: &PartnerData,
    as_of: Month,
) -> Vec<DesignationScore> {
    engine::score_all(rules, certs, data, as_of)
}

/// Scores one designation. A designation the rule set does not have scores 0 with a fact saying so.
pub fn score_designation(
    rules: &RuleSet,
    certs: &CertificationCatalog,
    data: &PartnerData,
    as_of: Month,
    designation: DesignationCode,
) -> DesignationScore {
    engine::score_one(rules, certs, data, as_of, designation)
}
