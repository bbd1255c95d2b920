//! The checks that need more than one row: references to rows of earlier files or of the database,
//! and the periods of a professional's associations and of a partner's grants of one specialization,
//! which must not overlap across the file and the database. Both run on what was read and what was looked up; neither touches the database itself.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::format::{FileKind, col};
use super::problems::Problems;
use super::rows::{Catalogue, Parsed, Target};
use crate::domain::SpecializationValidation;

/// Reports every reference to a partner, tenant or professional that is neither in its own file of the
/// folder nor in the database. A target whose own file could not be read is not checked (its keys are
/// unknown, and the file's own problem says why).
pub(crate) fn references(parsed: &Parsed, problems: &mut Problems) {
    let checked = |kind: FileKind| !parsed.unreadable.contains(&kind);
    let mut report = |file: FileKind, line: u64, column: usize, target: Target, key: u32| {
        let (exists, own_file, what, shown) = match target {
            Target::Partner => (
                parsed.partner_keys.exists(key),
                FileKind::Partners,
                "partner",
                parsed.partner_keys.key(key).map(|k| format!("{k:?}")),
            ),
            Target::Tenant => (
                parsed.tenant_keys.exists(key),
                FileKind::Customers,
                "tenant",
                parsed.tenant_keys.key(key).map(|k| format!("\"{k}\"")),
            ),
            Target::Professional => (
                parsed.professional_keys.exists(key),
                FileKind::Professionals,
                "professional",
                parsed.professional_keys.key(key).map(|k| format!("{k:?}")),
            ),
        };
        if !exists && checked(own_file) {
            let message = format!(
                "unknown {what} {} (not in {} nor in the database)",
                shown.unwrap_or_default(),
                own_file.file_name()
            );
            problems.push(file, line, column, message);
        }
    };

    for r in &parsed.customer_associations {
        use col::customer_associations::*;
        report(
            FileKind::CustomerAssociations,
            r.line,
            PARTNER_ID,
            Target::Partner,
            r.partner,
        );
        report(
            FileKind::CustomerAssociations,
            r.line,
            TENANT_ID,
            Target::Tenant,
            r.tenant,
        );
    }
    for r in &parsed.usage {
        report(
            FileKind::CustomerUsage,
            r.line,
            col::customer_usage::TENANT_ID,
            Target::Tenant,
            r.tenant,
        );
    }
    for r in &parsed.certifications {
        let column = col::professional_certifications::PROFESSIONAL_ID;
        report(
            FileKind::ProfessionalCertifications,
            r.line,
            column,
            Target::Professional,
            r.professional,
        );
    }
    for r in &parsed.professional_associations {
        use col::professional_associations::*;
        report(
            FileKind::ProfessionalAssociations,
            r.line,
            PROFESSIONAL_ID,
            Target::Professional,
            r.professional,
        );
        report(
            FileKind::ProfessionalAssociations,
            r.line,
            PARTNER_ID,
            Target::Partner,
            r.partner,
        );
    }
    for r in &parsed.specializations {
        report(
            FileKind::PartnerSpecializations,
            r.line,
            col::partner_specializations::PARTNER_ID,
            Target::Partner,
            r.partner,
        );
    }
    for r in &parsed.loose_refs {
        report(r.file, r.line, r.column, r.target, r.key);
    }
}

/// A professional's association already in the database.
#[derive(Debug, Clone)]
pub(crate) struct StoredPeriod {
    /// The professional, as an index of `Parsed::professional_keys`.
    pub professional: u32,
    /// The partner's database id and partner id.
    pub partner_id: i64,
    pub partner: String,
    pub associated_on: NaiveDate,
    pub removed_on: Option<NaiveDate>,
}

/// A partner's specialization grant already in the database.
#[derive(Debug, Clone)]
pub(crate) struct StoredGrant {
    /// The partner, as an index of `Parsed::partner_keys`.
    pub partner: u32,
    /// The specialization, as an index of the importer's catalogue.
    pub specialization: u16,
    pub granted_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub validation: SpecializationValidation,
}

/// One period, from the file (with its line) or the database: `to` is the first day it no longer
/// runs (`None`: it still does), and `with` what it links to, for messages.
#[derive(Debug, Clone)]
struct Period<'a> {
    with: &'a str,
    from: NaiveDate,
    to: Option<NaiveDate>,
    line: Option<u64>,
}

/// The overlapping pairs of one key's periods, each as (the earlier period reaching furthest so far,
/// the later one starting before its end); a period may start on the day the previous one stops. An
/// open period overlaps everything after it.
fn overlapping<'p, 'a>(periods: &'p mut [Period<'a>]) -> Vec<(&'p Period<'a>, &'p Period<'a>)> {
    periods.sort_by_key(|p| p.from);
    let mut pairs = Vec::new();
    let mut reach: Option<&Period<'_>> = None;
    for p in periods.iter() {
        if let Some(r) = reach
            && r.to.is_none_or(|end| end > p.from)
        {
            pairs.push((r, p));
        }
        let reaches_further = match reach {
            None => true,
            Some(r) => match (r.to, p.to) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(a), Some(b)) => b > a,
            },
        };
        if reaches_further {
            reach = Some(p);
        }
    }
    pairs
}

/// Where a period is, for messages.
fn where_(line: Option<u64>) -> String {
    line.map_or("in the database".to_string(), |l| format!("line {l}"))
}

/// Reports associations of one professional whose periods overlap, taking the file's rows together
/// with the rows already in the database (a file row with the key of a stored row replaces it). A
/// period may start on the day the previous one is removed; an open period overlaps everything after
/// it, so a professional ends with at most one active association.
pub(crate) fn overlaps(parsed: &Parsed, stored: &[StoredPeriod], problems: &mut Problems) {
    use col::professional_associations::{ASSOCIATED_ON, REMOVED_ON};
    let mut by_professional: HashMap<u32, HashMap<NaiveDate, Period<'_>>> = HashMap::new();
    for s in stored {
        let period = Period {
            with: &s.partner,
            from: s.associated_on,
            to: s.removed_on,
            line: None,
        };
        by_professional
            .entry(s.professional)
            .or_default()
            .insert(s.associated_on, period);
    }
    for r in &parsed.professional_associations {
        let partner = parsed
            .partner_keys
            .key(r.partner)
            .map_or("", String::as_str);
        let period = Period {
            with: partner,
            from: r.associated_on,
            to: r.removed_on,
            line: Some(r.line),
        };
        by_professional
            .entry(r.professional)
            .or_default()
            .insert(r.associated_on, period);
    }
    let kind = FileKind::ProfessionalAssociations;
    for (professional, periods) in by_professional {
        let mut periods: Vec<Period<'_>> = periods.into_values().collect();
        let name = parsed
            .professional_keys
            .key(professional)
            .map_or("", String::as_str);
        for (r, p) in overlapping(&mut periods) {
            if let Some(line) = p.line {
                let message = format!(
                    "overlaps the association of professional {name:?} with partner {:?} from {} ({}){}",
                    r.with,
                    r.from,
                    where_(r.line),
                    if r.to.is_none() {
                        ", which is still active"
                    } else {
                        ""
                    }
                );
                problems.push(kind, line, ASSOCIATED_ON, message);
            } else if let Some(line) = r.line {
                let message = format!(
                    "overlaps the association of professional {name:?} with partner {:?} from {} (in the database)",
                    p.with, p.from
                );
                problems.push(kind, line, REMOVED_ON, message);
            }
        }
    }
}

/// Reports grants of one partner and specialization whose periods overlap, the file's rows together
/// with the stored ones (a file row with the key of a stored row replaces it). A grant runs through
/// its `expires_on`, so the next may start the day after.
pub(crate) fn grant_overlaps(
    parsed: &Parsed,
    catalogue: &Catalogue,
    stored: &[StoredGrant],
    problems: &mut Problems,
) {
    use col::partner_specializations::{EXPIRES_ON, GRANTED_ON};
    let through = |expires_on: Option<NaiveDate>| expires_on.map(|d| d.succ_opt().unwrap_or(d));
    let mut by_key: HashMap<(u32, u16), HashMap<NaiveDate, Period<'_>>> = HashMap::new();
    for s in stored {
        let period = Period {
            with: "",
            from: s.granted_on,
            to: through(s.expires_on),
            line: None,
        };
        by_key
            .entry((s.partner, s.specialization))
            .or_default()
            .insert(s.granted_on, period);
    }
    for r in &parsed.specializations {
        let period = Period {
            with: "",
            from: r.granted_on,
            to: through(r.expires_on),
            line: Some(r.line),
        };
        by_key
            .entry((r.partner, r.specialization))
            .or_default()
            .insert(r.granted_on, period);
    }
    let kind = FileKind::PartnerSpecializations;
    for ((partner, specialization), periods) in by_key {
        let mut periods: Vec<Period<'_>> = periods.into_values().collect();
        let partner = parsed.partner_keys.key(partner).map_or("", String::as_str);
        let code = catalogue.specialization_code(specialization);
        let open = |p: &Period<'_>| {
            if p.to.is_none() {
                ", which has no end"
            } else {
                ""
            }
        };
        for (r, p) in overlapping(&mut periods) {
            if let Some(line) = p.line {
                let message = format!(
                    "overlaps the grant of {code} to partner {partner:?} from {} ({}){}",
                    r.from,
                    where_(r.line),
                    open(r)
                );
                problems.push(kind, line, GRANTED_ON, message);
            } else if let Some(line) = r.line {
                let message = format!(
                    "overlaps the grant of {code} to partner {partner:?} from {} (in the database)",
                    p.from
                );
                problems.push(kind, line, EXPIRES_ON, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(associations: &str) -> Parsed {
        let mut parsed = Parsed::default();
        let mut problems = Problems::default();
        let text = format!("professional_id,partner_id,associated_on,removed_on\n{associations}");
        parsed.read(
            FileKind::ProfessionalAssociations,
            text.as_bytes(),
            &Catalogue::default(),
            &mut problems,
            false,
        );
        assert!(problems.is_empty());
        parsed
    }

    fn overlap_problems(parsed: &Parsed, stored: &[StoredPeriod]) -> Vec<String> {
        let mut problems = Problems::default();
        overlaps(parsed, stored, &mut problems);
        problems
            .into_sorted()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_new_association_may_start_the_day_the_previous_one_is_removed() {
        let p = parsed("M1,P,2023-01-01,2023-06-01\nM1,Q,2023-06-01,\nM2,P,2023-01-01,\n");
        assert_eq!(overlap_problems(&p, &[]), Vec::<String>::new());
    }

    #[test]
    fn a_second_active_association_in_the_file_overlaps_the_first() {
        let p = parsed("M1,P,2023-01-01,\nM1,Q,2023-03-01,\n");
        assert_eq!(
            overlap_problems(&p, &[]),
            vec![
                "professional_associations.csv:3: associated_on: overlaps the association of professional \"M1\" with partner \"P\" from 2023-01-01 (line 2), which is still active"
            ]
        );
    }

    #[test]
    fn every_period_inside_a_long_one_is_reported_not_only_the_next() {
        let p = parsed(
            "M1,P,2020-01-01,2024-01-01\nM1,Q,2021-01-01,2021-06-01\nM1,R,2022-01-01,2022-06-01\n",
        );
        let problems = overlap_problems(&p, &[]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].starts_with("professional_associations.csv:4: associated_on: overlaps the association of professional \"M1\" with partner \"P\" from 2020-01-01 (line 2)"));
    }

    #[test]
    fn an_active_association_in_the_database_blocks_a_new_one_unless_the_file_closes_it() {
        let mut p = parsed("M1,Q,2023-06-01,\n");
        let m1 = p.professional_keys.get(&"M1".to_string()).unwrap();
        let stored = [StoredPeriod {
            professional: m1,
            partner_id: 1,
            partner: "P".into(),
            associated_on: date("2023-01-01"),
            removed_on: None,
        }];
        assert_eq!(
            overlap_problems(&p, &stored),
            vec![
                "professional_associations.csv:2: associated_on: overlaps the association of professional \"M1\" with partner \"P\" from 2023-01-01 (in the database), which is still active"
            ]
        );
        // The same key in the file is an update of the stored row, which closes it.
        p = parsed("M1,P,2023-01-01,2023-06-01\nM1,Q,2023-06-01,\n");
        let m1 = p.professional_keys.get(&"M1".to_string()).unwrap();
        let stored = [StoredPeriod {
            professional: m1,
            ..stored[0].clone()
        }];
        assert_eq!(overlap_problems(&p, &stored), Vec::<String>::new());
    }

    #[test]
    fn a_file_period_running_into_a_later_stored_one_is_blamed_on_its_end() {
        let p = parsed("M1,P,2023-01-01,\n");
        let m1 = p.professional_keys.get(&"M1".to_string()).unwrap();
        let stored = [StoredPeriod {
            professional: m1,
            partner_id: 2,
            partner: "Q".into(),
            associated_on: date("2023-06-01"),
            removed_on: Some(date("2023-09-01")),
        }];
        assert_eq!(
            overlap_problems(&p, &stored),
            vec![
                "professional_associations.csv:2: removed_on: overlaps the association of professional \"M1\" with partner \"Q\" from 2023-06-01 (in the database)"
            ]
        );
    }

    #[test]
    fn references_to_keys_that_exist_nowhere_are_reported_with_their_file() {
        let mut p = parsed("M1,P,2023-01-01,\n");
        let mut problems = Problems::default();
        references(&p, &mut problems);
        let shown: Vec<String> = problems
            .into_sorted()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            vec![
                "professional_associations.csv:2: professional_id: unknown professional \"M1\" (not in professionals.csv nor in the database)",
                "professional_associations.csv:2: partner_id: unknown partner \"P\" (not in partners.csv nor in the database)",
            ]
        );
        // Found in the database: no problem.
        p.partner_keys.ids[0] = Some(1);
        p.professional_keys.ids[0] = Some(1);
        let mut problems = Problems::default();
        references(&p, &mut problems);
        assert!(problems.is_empty());
    }
}
