//! Skilling: which professionals are active at the end of the as-of month, which of their
//! certifications are valid that day, and the per-person (optionally gated) skilling metrics.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::Month;

use super::catalog::{CertificationCatalog, grace_end};
use super::input::{HeldCertification, PartnerData};
use super::kit::{Computed, scaled};
use super::output::{Fact, FactKind, FactOutcome};
use super::rule_set::{CertificationRequirement, RuleSet};

/// One certification code a professional holds, judged on the last day of the as-of month.
#[derive(Debug)]
pub(crate) struct Held<'a> {
    pub(crate) code: &'a str,
    /// `Ok(note)` when valid (the note mentions a retirement grace); `Err(reason)` otherwise.
    pub(crate) state: Result<String, String>,
}

/// A professional of the partner, judged at the end of the as-of month.
#[derive(Debug)]
pub(crate) struct Pro<'a> {
    pub(crate) id: &'a str,
    /// `None` when active; otherwise why not.
    pub(crate) inactive: Option<String>,
    pub(crate) held: Vec<Held<'a>>,
}

impl Pro<'_> {
    /// The first code of `list` the professional validly holds.
    pub(crate) fn valid_of<'l>(&self, list: &'l [String]) -> Option<&'l str> {
        list.iter()
            .map(String::as_str)
            .find(|c| self.held.iter().any(|h| h.code == *c && h.state.is_ok()))
    }

    fn any_of(&self, list: &[String]) -> bool {
        self.held.iter().any(|h| list.iter().any(|c| c == h.code))
    }

    /// Why the professional does not satisfy `list`.
    fn why_not(&self, list: &[String]) -> String {
        let reasons: Vec<&str> = self
            .held
            .iter()
            .filter(|h| list.iter().any(|c| c == h.code))
            .filter_map(|h| h.state.as_ref().err().map(String::as_str))
            .collect();
        if !reasons.is_empty() {
            return reasons.join(", ");
        }
        match list {
            [one] => format!("missing {one}"),
            _ => format!("missing one of {}", list.join(", ")),
        }
    }
}

/// Every professional of the partner, judged once per as-of month.
#[derive(Debug)]
pub(crate) struct Professionals<'a> {
    pub(crate) list: Vec<Pro<'a>>,
}

/// Whether a certification row is valid on day `d`: earned, not expired, and not retired more than a
/// year before.
pub(crate) fn validity(
    row: &HeldCertification,
    d: NaiveDate,
    catalog: &CertificationCatalog,
) -> Result<String, String> {
    let code = &row.certification;
    if row.earned_on > d {
        return Err(format!("{code} earned on {}, after {d}", row.earned_on));
    }
    if let Some(e) = row.expires_on
        && e < d
    {
        return Err(format!("{code} expired on {e}"));
    }
    match catalog.retired_on(code) {
        Some(r) if grace_end(r) < d => Err(format!(
            "{code} retired on {r}, more than a year before {d} (it counted through {})",
            grace_end(r)
        )),
        Some(r) => Ok(format!(
            "{code} (retired on {r}, counts through {})",
            grace_end(r)
        )),
        None => Ok(code.clone()),
    }
}

impl<'a> Professionals<'a> {
    pub(crate) fn new(data: &'a PartnerData, catalog: &CertificationCatalog, as_of: Month) -> Self {
        let day = as_of.last_day();
        let mut order: Vec<&'a str> = Vec::new();
        let mut periods: HashMap<&'a str, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
        for p in &data.professionals {
            let e = periods.entry(p.professional_id.as_str()).or_default();
            if e.is_empty() {
                order.push(&p.professional_id);
            }
            e.push((p.associated_on, p.removed_on));
        }
        let mut certs: HashMap<&'a str, Vec<&'a HeldCertification>> = HashMap::new();
        for c in &data.certifications {
            if periods.contains_key(c.professional_id.as_str()) {
                certs.entry(c.professional_id.as_str()).or_default().push(c);
            }
        }
        let list = order
            .into_iter()
            .map(|id| {
                let ps = periods.get(id).map(Vec::as_slice).unwrap_or(&[]);
                let active = ps.iter().any(|(on, off)| {
                    Month::of(*on) <= as_of && off.is_none_or(|r| Month::of(r) > as_of)
                });
                let inactive = (!active).then(|| {
                    let removed = ps
                        .iter()
                        .filter_map(|(on, off)| if *on <= day { *off } else { None })
                        .max();
                    match removed {
                        Some(r) => format!("not associated at the end of {as_of} (removed on {r})"),
                        None => {
                            let from = ps.iter().map(|(on, _)| *on).min().unwrap_or(day);
                            format!("not associated at the end of {as_of} (associated from {from})")
                        }
                    }
                });
                let mut held: Vec<Held<'a>> = Vec::new();
                let rows = certs.get(id).map(Vec::as_slice).unwrap_or(&[]);
                // Latest earned first, so the reason kept for an invalid code is that of its newest row.
                let mut sorted: Vec<&&HeldCertification> = rows.iter().collect();
                sorted.sort_by_key(|c| std::cmp::Reverse(c.earned_on));
                for row in sorted {
                    let state = validity(row, day, catalog);
                    match held.iter_mut().find(|h| h.code == row.certification) {
                        Some(h) => {
                            if h.state.is_err() && state.is_ok() {
                                h.state = state;
                            }
                        }
                        None => held.push(Held {
                            code: &row.certification,
                            state,
                        }),
                    }
                }
                Pro { id, inactive, held }
            })
            .collect();
        Professionals { list }
    }
}

fn step_name(r: &CertificationRequirement, rules: &RuleSet) -> String {
    let codes = rules
        .certification_lists
        .get(&r.certifications)
        .map(|l| l.join(", "))
        .unwrap_or_default();
    format!("{} ({codes})", r.step)
}

/// The parameters of a per-person skilling metric.
pub(crate) struct Skilling<'r> {
    /// Prerequisite steps.
    pub(crate) steps: &'r [CertificationRequirement],
    /// What one counted professional holds.
    pub(crate) requires: &'r [CertificationRequirement],
    /// Professionals that earn the maximum.
    pub(crate) full_at: Decimal,
    /// Points per counted professional, when not `max / full_at`.
    pub(crate) per_professional: Option<Decimal>,
}

/// Professionals holding a valid code of every `requires` list; no points for them while a prerequisite
/// step has fewer professionals than it needs. A step with `points` gives them once it has its
/// professionals, whatever the other steps have. The total is at most `max`.
pub(crate) fn certified_professionals(
    pros: &Professionals<'_>,
    rules: &RuleSet,
    k: Skilling<'_>,
    max: Decimal,
) -> Computed {
    let Skilling {
        steps,
        requires,
        full_at,
        per_professional,
    } = k;
    let empty: Vec<String> = Vec::new();
    let list = |r: &CertificationRequirement| {
        rules
            .certification_lists
            .get(&r.certifications)
            .unwrap_or(&empty)
    };
    let mut facts = Vec::new();
    let mut short = false;
    let mut step_points = Decimal::ZERO;
    for s in steps {
        let l = list(s);
        let n = pros
            .list
            .iter()
            .filter(|p| p.inactive.is_none() && p.valid_of(l).is_some())
            .count();
        let need = s.min_professionals.unwrap_or(0) as usize;
        let people = if n == 1 {
            "professional"
        } else {
            "professionals"
        };
        let (outcome, detail) = if n >= need {
            let gives = match s.points {
                Some(v) => {
                    step_points += v;
                    format!(": {} points", v.normalize())
                }
                None => String::new(),
            };
            (
                FactOutcome::Met,
                format!(
                    "{} has {n} {people}, needs {need}{gives}",
                    step_name(s, rules)
                ),
            )
        } else {
            short = true;
            let own = if s.points.is_some() {
                "no points for it, and none per professional, until it has"
            } else {
                "no points until it has"
            };
            (
                FactOutcome::Short,
                format!(
                    "{} has {n} {people}, needs {need}: {own}",
                    step_name(s, rules)
                ),
            )
        };
        facts.push(
            Fact::new(FactKind::Step, s.step.clone(), outcome, detail)
                .with("professionals", n as i64)
                .with("needed", need as i64),
        );
    }
    let mut counted = 0i64;
    for p in &pros.list {
        let relevant = steps.iter().chain(requires).any(|r| p.any_of(list(r)));
        if !relevant {
            continue;
        }
        let in_steps: Vec<String> = steps
            .iter()
            .filter(|s| p.inactive.is_none() && p.valid_of(list(s)).is_some())
            .map(|s| step_name(s, rules))
            .collect();
        let also = if in_steps.is_empty() {
            String::new()
        } else {
            format!("; counts for {}", in_steps.join(", "))
        };
        if let Some(why) = &p.inactive {
            facts.push(Fact::new(
                FactKind::Professional,
                p.id,
                FactOutcome::NotCounted,
                why.clone(),
            ));
            continue;
        }
        let missing: Vec<String> = requires
            .iter()
            .filter(|r| p.valid_of(list(r)).is_none())
            .map(|r| p.why_not(list(r)))
            .collect();
        if missing.is_empty() {
            counted += 1;
            let notes: Vec<String> = requires
                .iter()
                .filter_map(|r| p.valid_of(list(r)))
                .filter_map(|code| {
                    p.held
                        .iter()
                        .find(|h| h.code == code)
                        .and_then(|h| h.state.as_ref().ok().cloned())
                })
                .collect();
            facts.push(Fact::new(
                FactKind::Professional,
                p.id,
                FactOutcome::Counted,
                format!("holds {}{also}", notes.join(", ")),
            ));
        } else {
            facts.push(Fact::new(
                FactKind::Professional,
                p.id,
                FactOutcome::NotCounted,
                format!("{}{also}", missing.join("; ")),
            ));
        }
    }
    let value = Decimal::from(counted);
    let people_points = match (short, per_professional) {
        (true, _) => Decimal::ZERO,
        (false, None) => scaled(max, full_at, value),
        (false, Some(each)) => each.saturating_mul(value),
    };
    let points = (step_points + people_points).min(max);
    if step_points > Decimal::ZERO || per_professional.is_some() {
        let each = match per_professional {
            Some(v) => format!("{} points each", v.normalize()),
            None => format!("{max} / {full_at} points each"),
        };
        let people = if short {
            "no points per professional while a step is short".to_string()
        } else {
            format!("{counted} professionals at {each}")
        };
        facts.push(
            Fact::new(
                FactKind::Total,
                "skilling",
                FactOutcome::Info,
                format!(
                    "{} points from the steps + {people}, at most {max}",
                    step_points.normalize()
                ),
            )
            .with("step_points", step_points)
            .with("professional_points", people_points),
        );
    }
    Computed {
        value,
        points,
        target: full_at,
        options: Vec::new(),
        facts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::catalog::shipped_catalog;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn row(code: &str, earned: &str, expires: Option<&str>) -> HeldCertification {
        HeldCertification {
            professional_id: "P".into(),
            certification: code.into(),
            earned_on: day(earned),
            expires_on: expires.map(day),
        }
    }

    #[test]
    fn a_retired_certification_counts_for_one_more_year_and_not_a_day_longer() {
        let c = shipped_catalog();
        let ms500 = row("MS-500", "2022-01-10", None);
        assert!(validity(&ms500, day("2024-06-30"), &c).is_ok());
        let err = validity(&ms500, day("2024-07-01"), &c).unwrap_err();
        assert_eq!(
            err,
            "MS-500 retired on 2023-06-30, more than a year before 2024-07-01 (it counted through 2024-06-30)"
        );
    }

    #[test]
    fn an_expired_certification_does_not_count_after_its_expiry_day() {
        let c = shipped_catalog();
        let az = row("AZ-500", "2022-01-10", Some("2024-05-31"));
        assert!(validity(&az, day("2024-05-31"), &c).is_ok());
        assert_eq!(
            validity(&az, day("2024-06-30"), &c).unwrap_err(),
            "AZ-500 expired on 2024-05-31"
        );
    }

    #[test]
    fn a_certification_earned_after_the_month_does_not_count_yet() {
        let c = shipped_catalog();
        let az = row("AZ-500", "2024-07-01", None);
        assert_eq!(
            validity(&az, day("2024-06-30"), &c).unwrap_err(),
            "AZ-500 earned on 2024-07-01, after 2024-06-30"
        );
        assert!(validity(&az, day("2024-07-01"), &c).is_ok());
    }

    #[test]
    fn an_expired_row_does_not_hide_a_renewed_one() {
        let data = PartnerData {
            professionals: vec![crate::score::input::ProfessionalAssociation {
                professional_id: "P".into(),
                associated_on: day("2023-01-01"),
                removed_on: None,
            }],
            certifications: vec![
                row("AZ-500", "2021-01-01", Some("2022-01-01")),
                row("AZ-500", "2022-01-01", None),
            ],
            ..PartnerData::default()
        };
        let pros = Professionals::new(&data, &shipped_catalog(), "2024-06".parse().unwrap());
        assert_eq!(pros.list[0].held.len(), 1);
        assert!(pros.list[0].held[0].state.is_ok());
    }

    #[test]
    fn a_professional_removed_during_the_month_is_not_active_at_its_end() {
        let m: Month = "2024-06".parse().unwrap();
        let mk = |on: &str, off: Option<&str>| PartnerData {
            professionals: vec![crate::score::input::ProfessionalAssociation {
                professional_id: "P".into(),
                associated_on: day(on),
                removed_on: off.map(day),
            }],
            ..PartnerData::default()
        };
        let c = shipped_catalog();
        let removed = mk("2023-01-01", Some("2024-06-30"));
        assert_eq!(
            Professionals::new(&removed, &c, m).list[0]
                .inactive
                .as_deref(),
            Some("not associated at the end of 2024-06 (removed on 2024-06-30)")
        );
        let later = mk("2023-01-01", Some("2024-07-01"));
        assert_eq!(Professionals::new(&later, &c, m).list[0].inactive, None);
        let joined_late = mk("2024-06-30", None);
        assert_eq!(
            Professionals::new(&joined_late, &c, m).list[0].inactive,
            None
        );
        let future = mk("2024-07-01", None);
        assert_eq!(
            Professionals::new(&future, &c, m).list[0]
                .inactive
                .as_deref(),
            Some("not associated at the end of 2024-06 (associated from 2024-07-01)")
        );
    }
}
