//! What one professional's certifications count for at the end of a month: per designation and
//! skilling metric of the rule set, whether the professional counts, the certifications that make it
//! count, the required lists still missing and the prerequisite steps of gated skilling it meets.
//! Validity is the engine's own rule ([`super::skilling::validity`]).

use std::collections::BTreeSet;

use crate::domain::{DesignationCode, MetricCode, Month};

use super::catalog::CertificationCatalog;
use super::input::HeldCertification;
use super::skilling::validity;
use super::{CertificationRequirement, MetricRule, RuleSet};

/// How a professional's certifications stand for one designation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificationStanding {
    /// The designation.
    pub designation: DesignationCode,
    /// Its skilling metrics the professional counts for or is part of the way to, in the rule set's
    /// order.
    pub metrics: Vec<MetricStanding>,
}

/// How a professional's certifications stand for one skilling metric of a designation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricStanding {
    /// The metric.
    pub metric: MetricCode,
    /// Whether the professional counts towards it: a valid certification of every required list.
    pub counts: bool,
    /// The valid certifications of the required lists it holds, sorted.
    pub certifications: Vec<String>,
    /// The required lists it holds no valid certification of, each as its alternatives (empty when
    /// it counts).
    pub missing: Vec<Vec<String>>,
    /// The prerequisite steps of gated skilling it holds a valid certification of (e.g. `step 1`),
    /// which count at the partner level.
    pub steps: Vec<String>,
}

/// The designations (in the rule set's order) whose skilling metrics the professional's
/// certifications `held` count for, or are part of the way to, on the last day of `as_of`. A metric
/// is listed when the professional counts, holds a certification of one of its required lists, or
/// meets one of its steps; a designation when one of its metrics is. Where tracks read different
/// lists for a metric, the first track under which the professional counts is shown (else the first).
pub fn counts_for(
    rules: &RuleSet,
    catalog: &CertificationCatalog,
    held: &[HeldCertification],
    as_of: Month,
) -> Vec<CertificationStanding> {
    let valid: BTreeSet<&str> = held
        .iter()
        .filter(|row| is_valid(row, catalog, as_of))
        .map(|row| row.certification.as_str())
        .collect();
    let mut out = Vec::new();
    for d in &rules.designations {
        let mut metrics = Vec::new();
        for def in &d.metrics {
            let mut seen: Vec<(&[CertificationRequirement], &[CertificationRequirement])> =
                Vec::new();
            let mut best: Option<MetricStanding> = None;
            for track in &d.tracks {
                let Some(MetricRule::CertifiedProfessionals {
                    steps, requires, ..
                }) = track.rules.get(&def.metric)
                else {
                    continue;
                };
                if seen.contains(&(steps.as_slice(), requires.as_slice())) {
                    continue;
                }
                seen.push((steps, requires));
                let standing = metric_standing(rules, &valid, def.metric, steps, requires);
                if best.as_ref().is_none_or(|b| !b.counts && standing.counts) {
                    best = Some(standing);
                }
            }
            if let Some(m) = best
                && (m.counts || !m.certifications.is_empty() || !m.steps.is_empty())
            {
                metrics.push(m);
            }
        }
        if !metrics.is_empty() {
            out.push(CertificationStanding {
                designation: d.code,
                metrics,
            });
        }
    }
    out
}

/// Whether a certification row counts on the last day of `as_of`, by the engine's rule: earned by
/// then, not expired, and not retired more than a year before.
pub fn is_valid(row: &HeldCertification, catalog: &CertificationCatalog, as_of: Month) -> bool {
    validity(row, as_of.last_day(), catalog).is_ok()
}

fn metric_standing(
    rules: &RuleSet,
    valid: &BTreeSet<&str>,
    metric: MetricCode,
    steps: &[CertificationRequirement],
    requires: &[CertificationRequirement],
) -> MetricStanding {
    let list = |r: &CertificationRequirement| -> &[String] {
        rules
            .certification_lists
            .get(&r.certifications)
            .map_or(&[], Vec::as_slice)
    };
    let holds = |r: &CertificationRequirement| -> Vec<String> {
        list(r)
            .iter()
            .filter(|c| valid.contains(c.as_str()))
            .cloned()
            .collect()
    };
    let mut certifications = BTreeSet::new();
    let mut missing = Vec::new();
    for r in requires {
        let got = holds(r);
        if got.is_empty() {
            missing.push(list(r).to_vec());
        }
        certifications.extend(got);
    }
    let counts = !requires.is_empty() && missing.is_empty();
    MetricStanding {
        metric,
        counts,
        certifications: certifications.into_iter().collect(),
        missing,
        steps: steps
            .iter()
            .filter(|s| !holds(s).is_empty())
            .map(|s| s.step.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::score::builtin_rule_sets;
    use crate::score::catalog::shipped_catalog;

    const INTERMEDIATE: MetricCode = MetricCode::IntermediateCertifications;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cert(code: &str) -> HeldCertification {
        HeldCertification {
            professional_id: "P".into(),
            certification: code.into(),
            earned_on: day("2023-03-01"),
            expires_on: None,
        }
    }

    fn standing(held: &[HeldCertification], month: &str) -> Vec<CertificationStanding> {
        let rules = &builtin_rule_sets()[0];
        counts_for(rules, &shipped_catalog(), held, month.parse().unwrap())
    }

    fn metric(counts: bool, certs: &[&str], missing: &[&[&str]], steps: &[&str]) -> MetricStanding {
        MetricStanding {
            metric: INTERMEDIATE,
            counts,
            certifications: certs.iter().map(|c| c.to_string()).collect(),
            missing: missing
                .iter()
                .map(|l| l.iter().map(|c| c.to_string()).collect())
                .collect(),
            steps: steps.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn of(d: &[CertificationStanding], code: DesignationCode) -> Option<&CertificationStanding> {
        d.iter().find(|s| s.designation == code)
    }

    #[test]
    fn a_security_professional_counts_only_with_a_certification_of_every_required_list() {
        let all = standing(&[cert("MS-500"), cert("AZ-500"), cert("SC-300")], "2024-06");
        assert_eq!(
            of(&all, DesignationCode::Security).map(|s| &s.metrics),
            Some(&vec![metric(
                true,
                &["AZ-500", "MS-500", "SC-300"],
                &[],
                &[]
            )])
        );
        // SC-300 also counts for Modern Work on its own.
        assert_eq!(
            of(&all, DesignationCode::ModernWork).map(|s| &s.metrics),
            Some(&vec![metric(true, &["SC-300"], &[], &[])])
        );
        let partial = standing(&[cert("MS-500"), cert("AZ-500")], "2024-06");
        assert_eq!(
            partial,
            vec![CertificationStanding {
                designation: DesignationCode::Security,
                metrics: vec![metric(
                    false,
                    &["AZ-500", "MS-500"],
                    &[&["SC-200", "SC-300", "SC-400"]],
                    &[]
                )],
            }]
        );
    }

    #[test]
    fn a_prerequisite_step_is_shown_as_such_and_an_expired_final_step_does_not_count() {
        let az700 = HeldCertification {
            expires_on: Some(day("2023-12-31")),
            ..cert("AZ-700")
        };
        let got = standing(&[cert("AZ-104"), az700], "2024-06");
        let infra = of(&got, DesignationCode::InfrastructureAzure).unwrap();
        assert_eq!(
            infra.metrics,
            vec![metric(
                false,
                &[],
                &[&["AZ-700", "AZ-600", "AZ-800"]],
                &["step 1"]
            )]
        );
        // AZ-104 is also step 2 of Data & AI and step 1 of Digital & App Innovation.
        assert_eq!(
            of(&got, DesignationCode::DataAiAzure).unwrap().metrics[0].steps,
            vec!["step 2".to_string()]
        );
        assert!(of(&got, DesignationCode::DigitalAppInnovationAzure).is_some());
    }

    #[test]
    fn a_final_step_with_its_prerequisite_counts_and_lists_the_step_met() {
        let got = standing(&[cert("AZ-104"), cert("AZ-700")], "2024-06");
        assert_eq!(
            of(&got, DesignationCode::InfrastructureAzure)
                .unwrap()
                .metrics,
            vec![metric(true, &["AZ-700"], &[], &["step 1"])]
        );
    }

    #[test]
    fn a_retired_certification_counts_for_one_year_after_retirement_and_not_a_day_longer() {
        // MS-500 was retired on 2023-06-30: it counts through 2024-06-30.
        let held = [cert("MS-500"), cert("AZ-500"), cert("SC-200")];
        let june = standing(&held, "2024-06");
        assert!(of(&june, DesignationCode::Security).unwrap().metrics[0].counts);
        let july = standing(&held, "2024-07");
        assert_eq!(
            of(&july, DesignationCode::Security).unwrap().metrics,
            vec![metric(false, &["AZ-500", "SC-200"], &[&["MS-500"]], &[])]
        );
    }

    #[test]
    fn a_certification_not_yet_earned_or_expired_counts_for_nothing() {
        let later = HeldCertification {
            earned_on: day("2024-07-01"),
            ..cert("MS-102")
        };
        let expired = HeldCertification {
            expires_on: Some(day("2024-05-31")),
            ..cert("MS-700")
        };
        assert_eq!(standing(&[later.clone(), expired], "2024-06"), vec![]);
        assert_eq!(
            of(&standing(&[later], "2024-07"), DesignationCode::ModernWork)
                .unwrap()
                .metrics
                .iter()
                .map(|m| (m.metric, m.counts))
                .collect::<Vec<_>>(),
            vec![(MetricCode::AdvancedCertifications, true)]
        );
    }

    #[test]
    fn a_renewed_certification_counts_although_its_first_row_expired() {
        let old = HeldCertification {
            expires_on: Some(day("2023-01-01")),
            ..cert("PL-600")
        };
        let renewed = HeldCertification {
            earned_on: day("2023-06-01"),
            ..cert("PL-600")
        };
        let got = standing(&[old, renewed], "2024-06");
        let ba = of(&got, DesignationCode::BusinessApplications).unwrap();
        assert_eq!(
            ba.metrics.len(),
            1,
            "one entry although both tracks read it"
        );
        assert!(ba.metrics[0].counts);
    }

    #[test]
    fn designations_come_in_the_rule_set_order() {
        let got = standing(&[cert("PL-600"), cert("SC-300"), cert("AZ-104")], "2024-06");
        let rules = &builtin_rule_sets()[0];
        let order: Vec<DesignationCode> = rules
            .designations
            .iter()
            .map(|d| d.code)
            .filter(|c| got.iter().any(|s| s.designation == *c))
            .collect();
        assert_eq!(got.iter().map(|s| s.designation).collect::<Vec<_>>(), order);
        assert!(order.len() >= 4);
    }
}
