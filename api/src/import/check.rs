//! The checks that need more than one row: references to rows of earlier files or of the database,
//! and the periods of a professional's associations, which must not overlap across the file and the
//! database. Both run on what was read and what was looked up; neither touches the database itself.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::format::{FileKind, col};
use super::problems::Problems;
use super::rows::{Parsed, Target};

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

/// One period of a professional, from the file (with its line) or the database.
#[derive(Debug, Clone)]
struct Period<'a> {
    partner: &'a str,
    from: NaiveDate,
    to: Option<NaiveDate>,
    line: Option<u64>,
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
            partner: &s.partner,
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
            partner,
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
        periods.sort_by_key(|p| p.from);
        let name = parsed
            .professional_keys
            .key(professional)
            .map_or("", String::as_str);
        // The period reaching furthest so far: anything starting before its end overlaps it.
        let mut reach: Option<&Period<'_>> = None;
        for p in &periods {
            if let Some(r) = reach
                && r.to.is_none_or(|end| end > p.from)
            {
                let where_ = |line: Option<u64>| {
                    line.map_or("in the database".to_string(), |l| format!("line {l}"))
                };
                if let Some(line) = p.line {
                    let message = format!(
                        "overlaps the association of professional {name:?} with partner {:?} from {} ({}){}",
                        r.partner,
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
                        p.partner, p.from
                    );
                    problems.push(kind, line, REMOVED_ON, message);
                }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::rows::Catalogue;

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
