//! A partner's progress toward each specialization's requirements at a month, computed from the same
//! rows the designations use (usage, customer associations, certified professionals) under the
//! requirement definitions of the rule set in force (`specialization_requirements` of the rule-set
//! file): each requirement's value, target and whether it is met, and the validation Microsoft does
//! besides (an audit or customer references), which no data here can show.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::Month;

use super::catalog::CertificationCatalog;
use super::index::{Index, TypeSet};
use super::input::PartnerData;
use super::kit::{money, usd};
use super::rule_set::{Requirement, RuleSet, ValidationRequirement};
use super::skilling::Professionals;

/// One requirement's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementProgress {
    /// What it is.
    pub label: String,
    /// The partner's figure (users, dollars or professionals); for a choice, the best option's.
    pub value: Decimal,
    /// The figure that meets it.
    pub target: Decimal,
    /// Whether it is met.
    pub met: bool,
    /// How the value was reached, in a sentence.
    pub detail: String,
    /// The alternatives of a choice (empty otherwise).
    pub options: Vec<RequirementProgress>,
}

/// A specialization's progress at a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecializationProgress {
    /// The specialization's code.
    pub code: String,
    /// The rule set whose requirements these are.
    pub rule_set: String,
    /// Where the figures come from.
    pub source: String,
    /// Every requirement, in the rule set's order.
    pub requirements: Vec<RequirementProgress>,
    /// Whether every requirement the data can show is met.
    pub met: bool,
    /// The validation Microsoft performs besides, if any.
    pub validation: Option<ValidationRequirement>,
}

/// Progress toward every specialization `rules` records requirements for, as of `as_of`, by code.
pub fn specialization_progress(
    rules: &RuleSet,
    certs: &CertificationCatalog,
    data: &PartnerData,
    as_of: Month,
) -> Vec<SpecializationProgress> {
    let idx = Index::new(data, rules.usage_window(as_of));
    let pros = Professionals::new(data, certs, as_of);
    let ctx = Ctx {
        idx: &idx,
        pros: &pros,
        as_of,
        base: as_of.minus(rules.baseline_months),
        trailing: rules.trailing_months,
    };
    rules
        .specialization_requirements
        .iter()
        .map(|(code, def)| {
            let requirements: Vec<RequirementProgress> =
                def.requirements.iter().map(|r| ctx.progress(r)).collect();
            SpecializationProgress {
                code: code.clone(),
                rule_set: rules.code.clone(),
                source: def.source.clone(),
                met: requirements.iter().all(|r| r.met),
                requirements,
                validation: def.validation.clone(),
            }
        })
        .collect()
}

struct Ctx<'a> {
    idx: &'a Index<'a>,
    pros: &'a Professionals<'a>,
    as_of: Month,
    base: Month,
    trailing: i32,
}

impl Ctx<'_> {
    fn progress(&self, r: &Requirement) -> RequirementProgress {
        match r {
            Requirement::ActiveUserGrowth {
                label,
                workloads,
                association_types,
                min_users,
            } => {
                let set = self.idx.workload_set(workloads);
                let types = TypeSet::of(association_types);
                let users = |m: Month| -> i64 {
                    (0..self.idx.tenants.len() as u32)
                        .map(|t| self.idx.sum(t, m, &set, types, |row| row.active_users()))
                        .sum()
                };
                let (now, then) = (users(self.as_of), users(self.base));
                let value = Decimal::from(now - then);
                leaf(
                    label,
                    value,
                    *min_users,
                    format!(
                        "{now} monthly active users in {} against {then} in {}",
                        self.as_of, self.base
                    ),
                )
            }
            Requirement::TrailingAcr {
                label,
                workloads,
                association_types,
                min_usd,
            } => {
                let set = self.idx.workload_set(workloads);
                let types = TypeSet::of(association_types);
                let first = self.as_of.minus(self.trailing.max(1) - 1);
                let cents: i64 = first
                    .through(self.as_of)
                    .map(|m| {
                        (0..self.idx.tenants.len() as u32)
                            .map(|t| self.idx.sum(t, m, &set, types, |row| row.acr()))
                            .sum::<i64>()
                    })
                    .sum();
                let value = usd(cents);
                leaf(
                    label,
                    value,
                    *min_usd,
                    format!("{} of ACR from {first} to {}", money(value), self.as_of),
                )
            }
            Requirement::CertifiedProfessionals {
                label,
                certifications,
                min_professionals,
            } => {
                let holders: Vec<&str> = self
                    .pros
                    .list
                    .iter()
                    .filter(|p| p.inactive.is_none() && p.valid_of(certifications).is_some())
                    .map(|p| p.id)
                    .collect();
                let detail = if holders.is_empty() {
                    format!("no professional holds {}", certifications.join(" or "))
                } else {
                    format!("held by {}", holders.join(", "))
                };
                leaf(
                    label,
                    Decimal::from(holders.len()),
                    Decimal::from(*min_professionals),
                    detail,
                )
            }
            Requirement::AnyOf { label, options } => {
                let options: Vec<RequirementProgress> =
                    options.iter().map(|o| self.progress(o)).collect();
                let met = options.iter().any(|o| o.met);
                // The option closest to its target stands for the choice.
                let best = options.iter().max_by(|a, b| {
                    (a.met, ratio(a))
                        .partial_cmp(&(b.met, ratio(b)))
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
                let (value, target) =
                    best.map_or((Decimal::ZERO, Decimal::ZERO), |b| (b.value, b.target));
                let detail = match options.iter().find(|o| o.met) {
                    Some(o) => format!("met through: {}", o.label),
                    None => "none of the options is met yet".to_string(),
                };
                RequirementProgress {
                    label: label.clone(),
                    value,
                    target,
                    met,
                    detail,
                    options,
                }
            }
        }
    }
}

fn ratio(r: &RequirementProgress) -> Decimal {
    if r.target.is_zero() {
        Decimal::ONE
    } else {
        r.value / r.target
    }
}

fn leaf(label: &str, value: Decimal, target: Decimal, detail: String) -> RequirementProgress {
    RequirementProgress {
        label: label.to_string(),
        value,
        target,
        met: value >= target,
        detail,
        options: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::AssociationType::{Cpor, Pal};
    use crate::score::builtin_rule_sets;
    use crate::score::catalog::shipped_catalog;
    use crate::score::rules_tests::{Partner, m};

    fn progress(p: &Partner, code: &str) -> SpecializationProgress {
        let rules = builtin_rule_sets()
            .into_iter()
            .find(|r| r.code == "2023-12")
            .unwrap();
        specialization_progress(&rules, &shipped_catalog(), &p.0, m("2024-06"))
            .into_iter()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no requirements for {code}"))
    }

    fn pros(mut p: Partner, n: usize, cert: &str) -> Partner {
        for i in 0..n {
            p = p.pro(&format!("{cert}-{i}"), &[cert]);
        }
        p
    }

    #[test]
    fn every_shipped_requirement_names_catalogue_specializations_workloads_and_certifications() {
        let cat = migration::catalogue::catalogue().unwrap();
        let known =
            |list: &[String], codes: &[&str]| list.iter().all(|c| codes.contains(&c.as_str()));
        let workloads: Vec<&str> = cat.workloads.iter().map(|w| w.code.as_str()).collect();
        let certifications: Vec<&str> =
            cat.certifications.iter().map(|c| c.code.as_str()).collect();
        for rules in builtin_rule_sets() {
            for (code, def) in &rules.specialization_requirements {
                assert!(
                    cat.specializations.iter().any(|s| &s.code == code),
                    "{}: {code} is not a catalogue specialization",
                    rules.code
                );
                for r in def.requirements.iter().flat_map(Requirement::walk) {
                    let ok = match r {
                        Requirement::ActiveUserGrowth { workloads: w, .. }
                        | Requirement::TrailingAcr { workloads: w, .. } => known(w, &workloads),
                        Requirement::CertifiedProfessionals {
                            certifications: c, ..
                        } => known(c, &certifications),
                        Requirement::AnyOf { .. } => true,
                    };
                    assert!(
                        ok,
                        "{}: {code} names a code the catalogue lacks: {r:?}",
                        rules.code
                    );
                }
            }
        }
    }

    #[test]
    fn identity_and_access_management_needs_2000_users_of_entra_growth_and_six_sc_300_holders() {
        let grown = Partner::new().claim("T", Cpor, "2022-01-01").rows(
            "T",
            "AADP",
            "2023-06",
            "2024-06",
            |month, r| {
                r.active_users = Some(if month == m("2024-06") { 2_600 } else { 500 });
            },
        );
        let p = pros(grown, 6, "SC-300");
        let s = progress(&p, "IDENTITY_ACCESS_MANAGEMENT");
        assert!(s.met, "{s:?}");
        assert_eq!(s.rule_set, "2023-12");
        let growth = &s.requirements[0];
        assert_eq!(
            (growth.value, growth.target, growth.met),
            (dec!(2100), dec!(2000), true)
        );
        assert_eq!(
            growth.detail,
            "2600 monthly active users in 2024-06 against 500 in 2023-06"
        );
        // Five holders are one short; the growth alone does not make it.
        let five = Partner(PartnerData {
            professionals: p.0.professionals[..5].to_vec(),
            ..p.0.clone()
        });
        let s = progress(&five, "IDENTITY_ACCESS_MANAGEMENT");
        assert!(!s.met);
        let people = &s.requirements[1];
        assert_eq!(
            (people.value, people.target, people.met),
            (dec!(5), dec!(6), false)
        );
        assert!(
            people.detail.starts_with("held by SC-300-0"),
            "{}",
            people.detail
        );
        assert_eq!(
            s.validation.as_ref().map(|v| (v.kind, v.count)),
            Some((
                crate::domain::SpecializationValidation::CustomerReferences,
                Some(3)
            ))
        );
    }

    #[test]
    fn threat_protection_is_met_through_sentinel_acr_when_defender_growth_falls_short() {
        let p = Partner::new()
            .claim("S", Pal, "2022-01-01")
            .rows("S", "SENTINEL", "2023-07", "2024-06", |_, r| {
                r.acr_cents = Some(9_000 * 100);
            })
            .claim("T", Cpor, "2022-01-01")
            .rows("T", "MDI", "2023-06", "2024-06", |month, r| {
                r.active_users = Some(if month == m("2024-06") { 900 } else { 400 });
            });
        let s = progress(&pros(p, 6, "SC-200"), "THREAT_PROTECTION");
        assert!(s.met, "{s:?}");
        let choice = &s.requirements[0];
        assert!(choice.met);
        assert_eq!(choice.options.len(), 2);
        assert_eq!(
            (choice.options[0].value, choice.options[0].met),
            (dec!(500), false)
        );
        assert_eq!(
            (choice.options[1].value, choice.options[1].met),
            (dec!(108000.00), true)
        );
        assert_eq!(
            choice.detail,
            "met through: $100,000 Sentinel ACR (DPOR, PAL or CSP)"
        );
        assert_eq!(
            (choice.value, choice.target),
            (dec!(108000.00), dec!(100000))
        );
    }

    #[test]
    fn cloud_security_counts_security_acr_through_pal_dpor_or_csp_only() {
        // $20,000 a month for twelve months is $240,000, but through CPOR it does not count.
        let rows = |p: Partner, kind| {
            p.claim("A", kind, "2022-01-01").rows(
                "A",
                "AZURE_DEFENDER",
                "2023-07",
                "2024-06",
                |_, r| {
                    r.acr_cents = Some(20_000 * 100);
                },
            )
        };
        let by_cpor = progress(&rows(Partner::new(), Cpor), "CLOUD_SECURITY");
        assert_eq!(by_cpor.requirements[0].value, dec!(0.00));
        let by_pal = progress(&rows(Partner::new(), Pal), "CLOUD_SECURITY");
        let acr = &by_pal.requirements[0];
        assert_eq!((acr.value, acr.met), (dec!(240000.00), true));
        assert_eq!(acr.detail, "$240000.00 of ACR from 2023-07 to 2024-06");
        // Without the professionals the specialization is not met.
        assert!(!by_pal.met);
        assert_eq!(by_pal.requirements[1].value, dec!(0));
    }
}
