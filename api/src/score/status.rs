//! From monthly verdicts to standing: which designations are attained (requirements met in a month of
//! the qualification window), the Microsoft Cloud badge, the specializations a partner may hold and the
//! benefits it is entitled to.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{DesignationCode, Month};

use super::enrollment::{Enrollment, enrollment};

use super::output::DesignationScore;
use super::rule_set::RuleSet;

/// Whether a designation's requirements were met in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyVerdict {
    /// The designation.
    pub designation: DesignationCode,
    /// The as-of month of the score.
    pub month: Month,
    /// The score's verdict.
    pub meets_requirements: bool,
}

impl From<&DesignationScore> for MonthlyVerdict {
    fn from(s: &DesignationScore) -> Self {
        Self {
            designation: s.designation,
            month: s.as_of,
            meets_requirements: s.meets_requirements,
        }
    }
}

/// A specialization of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specialization {
    /// e.g. `THREAT_PROTECTION`.
    pub code: String,
    /// e.g. "Threat Protection".
    pub name: String,
    /// Any one of these designations, attained, admits it.
    pub prerequisites: Vec<DesignationCode>,
    /// The group whose stacking cap applies.
    pub stacking_group: String,
}

/// A benefit of a designation, or of each specialization of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benefit {
    /// Unique code.
    pub code: String,
    /// e.g. "Azure Production Credits".
    pub product_group: String,
    /// What the partner receives.
    pub description: String,
    /// How many, if counted.
    pub quantity: Option<Decimal>,
    /// The unit of `quantity`.
    pub unit: Option<String>,
    /// The designation that grants it.
    pub designation: Option<DesignationCode>,
    /// The specialization that grants it, by its code, or by its stacking group when every
    /// specialization of the group grants it (the catalogue's `specialization_group`).
    pub specialization: Option<String>,
}

/// The most specializations of a group whose benefits stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackingCap {
    /// e.g. `SECURITY`.
    pub group: String,
    /// e.g. 3.
    pub max_specializations: u32,
}

/// The catalogue facts standing needs, filled by the edge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramCatalog {
    /// Every specialization.
    pub specializations: Vec<Specialization>,
    /// Every benefit.
    pub benefits: Vec<Benefit>,
    /// Stacking caps; a group without one stacks without limit.
    pub stacking_caps: Vec<StackingCap>,
}

/// One designation's standing as of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignationStatus {
    /// The designation.
    pub designation: DesignationCode,
    /// First month of the qualification window.
    pub window_start: Month,
    /// Last month of the window (the as-of month).
    pub window_end: Month,
    /// Requirements met in at least one month of the window.
    pub attained: bool,
    /// The months of the window in which requirements were met, oldest first.
    pub met_months: Vec<Month>,
    /// The latest month, up to the as-of month, in which requirements were met (in or before the window).
    pub latest_met: Option<Month>,
    /// Where the designation stands in the program's enrollment ([`super::enrollment`]).
    pub enrollment: Enrollment,
}

/// A specialization's standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecializationStatus {
    /// The code.
    pub code: String,
    /// The name (empty when the catalogue does not know the code).
    pub name: String,
    /// Whether the partner holds (or applied for) it.
    pub held: bool,
    /// Whether an attained designation admits it.
    pub prerequisite_met: bool,
    /// The attained designations that admit it.
    pub met_by: Vec<DesignationCode>,
    /// Whether its benefits are granted (held, admitted, and within its group's stacking cap).
    pub benefits_granted: bool,
    /// Why, in a sentence.
    pub detail: String,
}

/// Where an entitlement comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BenefitSource {
    /// An attained designation.
    Designation(DesignationCode),
    /// A held specialization.
    Specialization(String),
}

/// A benefit the partner is entitled to, once per source (specialization benefits stack per held
/// specialization within the cap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entitlement {
    /// The benefit.
    pub benefit: Benefit,
    /// Why the partner has it.
    pub source: BenefitSource,
}

/// A partner's standing as of a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerStatus {
    /// The month.
    pub as_of: Month,
    /// One entry per designation of the rule set, in its order.
    pub designations: Vec<DesignationStatus>,
    /// Solutions Partner for Microsoft Cloud: all six designations attained.
    pub microsoft_cloud: bool,
    /// Every specialization of the catalogue, then held codes the catalogue does not know.
    pub specializations: Vec<SpecializationStatus>,
    /// Benefits of attained designations, then of granted specializations.
    pub benefits: Vec<Entitlement>,
}

/// A designation's standing: attained when requirements were met in one of the `window_months` months
/// ending at `as_of`; its enrollment from the partner's `anniversary` (see [`super::enrollment`]).
pub fn designation_status(
    window_months: i32,
    verdicts: &[MonthlyVerdict],
    designation: DesignationCode,
    as_of: Month,
    anniversary: Option<NaiveDate>,
) -> DesignationStatus {
    let window_start = as_of.minus(window_months.max(1) - 1);
    let mut met: Vec<Month> = verdicts
        .iter()
        .filter(|v| v.designation == designation && v.meets_requirements && v.month <= as_of)
        .map(|v| v.month)
        .collect();
    met.sort();
    met.dedup();
    let latest_met = met.last().copied();
    let enrollment = enrollment(anniversary, window_months, &met, as_of);
    let met_months: Vec<Month> = met.into_iter().filter(|m| *m >= window_start).collect();
    DesignationStatus {
        designation,
        window_start,
        window_end: as_of,
        attained: !met_months.is_empty(),
        met_months,
        latest_met,
        enrollment,
    }
}

/// A partner's standing as of `as_of`.
///
/// Stacking: when a partner holds more admitted specializations of a group than the group's cap, the
/// benefits of the first ones **in the order of their codes** are granted. The choice is deterministic
/// and independent of the order of `held_specializations`; in 2023 every Security specialization
/// brings the same benefits, so which ones stack does not change what the partner receives.
pub fn partner_status(
    rules: &RuleSet,
    verdicts: &[MonthlyVerdict],
    as_of: Month,
    catalog: &ProgramCatalog,
    held_specializations: &[String],
    anniversary: Option<NaiveDate>,
) -> PartnerStatus {
    let designations: Vec<DesignationStatus> = rules
        .designations
        .iter()
        .map(|d| {
            designation_status(
                rules.qualification_window_months,
                verdicts,
                d.code,
                as_of,
                anniversary,
            )
        })
        .collect();
    let attained = |d: DesignationCode| {
        designations
            .iter()
            .any(|s| s.designation == d && s.attained)
    };
    let microsoft_cloud = DesignationCode::ALL.iter().all(|d| attained(*d));

    let held = |code: &str| held_specializations.iter().any(|h| h == code);
    let mut specializations: Vec<SpecializationStatus> = catalog
        .specializations
        .iter()
        .map(|s| {
            let met_by: Vec<DesignationCode> = s
                .prerequisites
                .iter()
                .copied()
                .filter(|d| attained(*d))
                .collect();
            SpecializationStatus {
                code: s.code.clone(),
                name: s.name.clone(),
                held: held(&s.code),
                prerequisite_met: !met_by.is_empty(),
                met_by,
                benefits_granted: false,
                detail: String::new(),
            }
        })
        .collect();
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in catalog.specializations.iter().enumerate() {
        if specializations[i].held && specializations[i].prerequisite_met {
            by_group
                .entry(s.stacking_group.as_str())
                .or_default()
                .push(i);
        }
    }
    for (group, mut members) in by_group {
        members.sort_by(|a, b| specializations[*a].code.cmp(&specializations[*b].code));
        let cap = catalog
            .stacking_caps
            .iter()
            .find(|c| c.group == group)
            .map(|c| c.max_specializations as usize);
        let granted: Vec<String> = members
            .iter()
            .take(cap.unwrap_or(usize::MAX))
            .map(|i| specializations[*i].code.clone())
            .collect();
        for (rank, i) in members.into_iter().enumerate() {
            let within = cap.is_none_or(|c| rank < c);
            specializations[i].benefits_granted = within;
            specializations[i].detail = match cap {
                Some(c) if !within => format!(
                    "held and admitted, but the benefits of at most {c} {group} specializations stack: those of {} are granted (the first by code)",
                    and_list(&granted)
                ),
                _ => "held and admitted: its benefits are granted".to_string(),
            };
        }
    }
    for s in &mut specializations {
        if s.detail.is_empty() {
            s.detail = match (s.held, s.prerequisite_met) {
                (true, false) => {
                    "held, but none of its prerequisite designations is attained".to_string()
                }
                (false, true) => "may be held: a prerequisite designation is attained".to_string(),
                _ => "not held, and no prerequisite designation is attained".to_string(),
            };
        }
    }
    for h in held_specializations {
        if !catalog.specializations.iter().any(|s| &s.code == h)
            && !specializations.iter().any(|s| &s.code == h)
        {
            specializations.push(SpecializationStatus {
                code: h.clone(),
                name: String::new(),
                held: true,
                prerequisite_met: false,
                met_by: Vec::new(),
                benefits_granted: false,
                detail: "not a specialization of the catalogue".to_string(),
            });
        }
    }

    let mut benefits = Vec::new();
    for d in &designations {
        if d.attained {
            for b in catalog
                .benefits
                .iter()
                .filter(|b| b.designation == Some(d.designation))
            {
                benefits.push(Entitlement {
                    benefit: b.clone(),
                    source: BenefitSource::Designation(d.designation),
                });
            }
        }
    }
    for (i, s) in catalog.specializations.iter().enumerate() {
        if specializations[i].benefits_granted {
            for b in catalog.benefits.iter().filter(|b| {
                b.specialization
                    .as_deref()
                    .is_some_and(|x| x == s.code || x == s.stacking_group)
            }) {
                benefits.push(Entitlement {
                    benefit: b.clone(),
                    source: BenefitSource::Specialization(s.code.clone()),
                });
            }
        }
    }
    PartnerStatus {
        as_of,
        designations,
        microsoft_cloud,
        specializations,
        benefits,
    }
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::builtin_rule_sets;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn verdict(d: DesignationCode, month: &str, meets: bool) -> MonthlyVerdict {
        MonthlyVerdict {
            designation: d,
            month: m(month),
            meets_requirements: meets,
        }
    }

    fn security_catalog() -> ProgramCatalog {
        let spec = |code: &str| Specialization {
            code: code.into(),
            name: code.to_lowercase(),
            prerequisites: vec![DesignationCode::Security],
            stacking_group: "SECURITY".into(),
        };
        ProgramCatalog {
            specializations: vec![
                spec("THREAT_PROTECTION"),
                spec("CLOUD_SECURITY"),
                spec("IDENTITY_ACCESS"),
                spec("INFORMATION_PROTECTION"),
                Specialization {
                    code: "TEAMWORK".into(),
                    name: "Teamwork".into(),
                    prerequisites: vec![DesignationCode::ModernWork],
                    stacking_group: "MODERN_WORK".into(),
                },
            ],
            benefits: vec![
                Benefit {
                    code: "SEC_CREDITS".into(),
                    product_group: "Azure".into(),
                    description: "credits".into(),
                    quantity: Some(Decimal::from(6000)),
                    unit: Some("USD".into()),
                    designation: Some(DesignationCode::Security),
                    specialization: None,
                },
                Benefit {
                    code: "SEC_SPEC_CREDITS".into(),
                    product_group: "Azure".into(),
                    description: "credits per specialization".into(),
                    quantity: Some(Decimal::from(9000)),
                    unit: Some("USD".into()),
                    designation: None,
                    specialization: Some("SECURITY".into()),
                },
            ],
            stacking_caps: vec![StackingCap {
                group: "SECURITY".into(),
                max_specializations: 3,
            }],
        }
    }

    #[test]
    fn a_designation_met_five_months_ago_is_still_attained() {
        let v = [verdict(DesignationCode::Security, "2024-01", true)];
        let s = designation_status(6, &v, DesignationCode::Security, m("2024-06"), None);
        assert!(s.attained);
        assert_eq!(s.window_start, m("2024-01"));
        assert_eq!(s.met_months, vec![m("2024-01")]);
        assert_eq!(s.latest_met, Some(m("2024-01")));
    }

    #[test]
    fn a_designation_met_six_months_ago_is_no_longer_attained() {
        let v = [
            verdict(DesignationCode::Security, "2023-12", true),
            verdict(DesignationCode::Security, "2024-06", false),
        ];
        let s = designation_status(6, &v, DesignationCode::Security, m("2024-06"), None);
        assert!(!s.attained);
        assert!(s.met_months.is_empty());
        assert_eq!(s.latest_met, Some(m("2023-12")));
    }

    #[test]
    fn a_month_after_the_as_of_month_does_not_count() {
        let v = [verdict(DesignationCode::Security, "2024-07", true)];
        let s = designation_status(6, &v, DesignationCode::Security, m("2024-06"), None);
        assert!(!s.attained);
        assert_eq!(s.latest_met, None);
    }

    #[test]
    fn the_window_length_comes_from_the_rule_set() {
        let rules = builtin_rule_sets().remove(0);
        assert_eq!(rules.qualification_window_months, 6);
        let v = [verdict(DesignationCode::Security, "2024-01", true)];
        let st = partner_status(
            &rules,
            &v,
            m("2024-06"),
            &ProgramCatalog::default(),
            &[],
            None,
        );
        assert!(
            st.designations
                .iter()
                .find(|d| d.designation == DesignationCode::Security)
                .unwrap()
                .attained
        );
        let st = partner_status(
            &rules,
            &v,
            m("2024-07"),
            &ProgramCatalog::default(),
            &[],
            None,
        );
        assert!(
            !st.designations
                .iter()
                .find(|d| d.designation == DesignationCode::Security)
                .unwrap()
                .attained
        );
    }

    #[test]
    fn all_six_designations_attained_earn_the_microsoft_cloud_badge() {
        let rules = builtin_rule_sets().remove(0);
        let mut v: Vec<MonthlyVerdict> = DesignationCode::ALL
            .iter()
            .map(|d| verdict(*d, "2024-03", true))
            .collect();
        assert!(
            partner_status(
                &rules,
                &v,
                m("2024-06"),
                &ProgramCatalog::default(),
                &[],
                None
            )
            .microsoft_cloud
        );
        v.pop();
        assert!(
            !partner_status(
                &rules,
                &v,
                m("2024-06"),
                &ProgramCatalog::default(),
                &[],
                None
            )
            .microsoft_cloud
        );
    }

    #[test]
    fn a_specialization_needs_one_attained_prerequisite_designation() {
        let rules = builtin_rule_sets().remove(0);
        let v = [verdict(DesignationCode::Security, "2024-06", true)];
        let held = vec!["THREAT_PROTECTION".to_string(), "TEAMWORK".to_string()];
        let st = partner_status(&rules, &v, m("2024-06"), &security_catalog(), &held, None);
        let tp = st
            .specializations
            .iter()
            .find(|s| s.code == "THREAT_PROTECTION")
            .unwrap();
        assert!(tp.held && tp.prerequisite_met && tp.benefits_granted);
        assert_eq!(tp.met_by, vec![DesignationCode::Security]);
        let tw = st
            .specializations
            .iter()
            .find(|s| s.code == "TEAMWORK")
            .unwrap();
        assert!(tw.held && !tw.prerequisite_met && !tw.benefits_granted);
        let cs = st
            .specializations
            .iter()
            .find(|s| s.code == "CLOUD_SECURITY")
            .unwrap();
        assert!(!cs.held && cs.prerequisite_met, "may be held");
    }

    #[test]
    fn at_most_three_security_specializations_stack_their_benefits_first_by_code() {
        let rules = builtin_rule_sets().remove(0);
        let v = [verdict(DesignationCode::Security, "2024-06", true)];
        let held: Vec<String> = [
            "THREAT_PROTECTION",
            "INFORMATION_PROTECTION",
            "IDENTITY_ACCESS",
            "CLOUD_SECURITY",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let st = partner_status(&rules, &v, m("2024-06"), &security_catalog(), &held, None);
        let granted: Vec<&str> = st
            .specializations
            .iter()
            .filter(|s| s.benefits_granted)
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(
            granted,
            vec![
                "CLOUD_SECURITY",
                "IDENTITY_ACCESS",
                "INFORMATION_PROTECTION"
            ]
        );
        let tp = st
            .specializations
            .iter()
            .find(|s| s.code == "THREAT_PROTECTION")
            .unwrap();
        assert_eq!(
            tp.detail,
            "held and admitted, but the benefits of at most 3 SECURITY specializations stack: those of CLOUD_SECURITY, IDENTITY_ACCESS and INFORMATION_PROTECTION are granted (the first by code)"
        );
        let sources: Vec<&BenefitSource> = st.benefits.iter().map(|e| &e.source).collect();
        assert_eq!(
            sources.len(),
            4,
            "one designation benefit and three stacked specialization benefits"
        );
        assert_eq!(
            sources[0],
            &BenefitSource::Designation(DesignationCode::Security)
        );
        let spec_total: Decimal = st
            .benefits
            .iter()
            .filter(|e| e.benefit.code == "SEC_SPEC_CREDITS")
            .filter_map(|e| e.benefit.quantity)
            .sum();
        assert_eq!(spec_total, Decimal::from(27000));
    }

    #[test]
    fn a_designation_not_attained_grants_no_benefits() {
        let rules = builtin_rule_sets().remove(0);
        let v = [verdict(DesignationCode::Security, "2024-06", false)];
        let st = partner_status(
            &rules,
            &v,
            m("2024-06"),
            &security_catalog(),
            &["CLOUD_SECURITY".to_string()],
            None,
        );
        assert!(st.benefits.is_empty());
    }

    #[test]
    fn a_held_code_the_catalogue_does_not_know_is_reported() {
        let rules = builtin_rule_sets().remove(0);
        let st = partner_status(
            &rules,
            &[],
            m("2024-06"),
            &security_catalog(),
            &["NOPE".to_string()],
            None,
        );
        let nope = st
            .specializations
            .iter()
            .find(|s| s.code == "NOPE")
            .unwrap();
        assert!(nope.held && !nope.benefits_granted);
    }
}
