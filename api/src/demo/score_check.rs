//! The designed score spread, checked with the real score engine: the generated files are read back into
//! the engine's inputs (as the database layer would load them) and every partner is scored as of the
//! as-of month.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;

use super::generate::write_folder;
use super::plan::Plan;
use crate::domain::{CustomerSegment, DesignationCode, Month};
use crate::score::{
    CertificationCatalog, CustomerAssociation, DesignationScore, HeldCertification, PartnerData,
    ProfessionalAssociation, UsageRow, builtin_rule_sets, in_force, score_partner, usage_window,
};

fn records(folder: &Path, file: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(folder.join(file)).unwrap();
    reader.records().map(Result::unwrap).collect()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn opt_date(text: &str) -> Option<NaiveDate> {
    (!text.is_empty()).then(|| date(text))
}

fn count(text: &str) -> Option<i64> {
    (!text.is_empty()).then(|| text.parse().unwrap())
}

fn cents(text: &str) -> Option<i64> {
    (!text.is_empty()).then(|| {
        let (whole, frac) = text.split_once('.').unwrap();
        whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
    })
}

/// Every partner's engine input, keyed by PartnerID, from an import folder.
pub(super) fn partner_data(folder: &Path, as_of: Month) -> BTreeMap<String, PartnerData> {
    let mut tpid = HashMap::new();
    let mut segment = HashMap::new();
    for r in records(folder, "customers.csv") {
        if !r[4].is_empty() {
            segment.insert(r[0].to_string(), r[4].parse::<CustomerSegment>().unwrap());
        }
        let t = if r[1].is_empty() {
            r[0].to_string()
        } else {
            r[1].to_string()
        };
        tpid.insert(r[0].to_string(), t);
    }
    let mut data: BTreeMap<String, PartnerData> = BTreeMap::new();
    for r in records(folder, "partners.csv") {
        data.insert(
            r[0].to_string(),
            PartnerData {
                partner_id: r[0].to_string(),
                ..PartnerData::default()
            },
        );
    }
    for r in records(folder, "customer_associations.csv") {
        let d = data.get_mut(&r[0]).unwrap();
        d.associations.push(CustomerAssociation {
            tenant_id: r[1].to_string(),
            tpid: tpid[&r[1]].clone(),
            association_type: r[2].parse().unwrap(),
            workload: (!r[3].is_empty()).then(|| r[3].to_string()),
            start_date: date(&r[4]),
            end_date: opt_date(&r[5]),
        });
    }
    let (first, last) = usage_window(as_of);
    let mut usage: HashMap<String, Vec<UsageRow>> = HashMap::new();
    for r in records(folder, "customer_usage.csv") {
        let month: Month = r[1].parse().unwrap();
        if month < first || month > last {
            continue;
        }
        usage.entry(r[0].to_string()).or_default().push(UsageRow {
            tenant_id: r[0].to_string(),
            month,
            workload: r[2].to_string(),
            paid_seats: count(&r[3]),
            protected_users: count(&r[4]),
            active_users: count(&r[5]),
            acr_cents: cents(&r[6]),
            revenue_cents: cents(&r[7]),
            profiles: count(&r[8]),
        });
    }
    let mut certs: HashMap<String, Vec<HeldCertification>> = HashMap::new();
    for r in records(folder, "professional_certifications.csv") {
        certs
            .entry(r[0].to_string())
            .or_default()
            .push(HeldCertification {
                professional_id: r[0].to_string(),
                certification: r[1].to_string(),
                earned_on: date(&r[2]),
                expires_on: opt_date(&r[3]),
            });
    }
    for r in records(folder, "professional_associations.csv") {
        let d = data.get_mut(&r[1]).unwrap();
        d.professionals.push(ProfessionalAssociation {
            professional_id: r[0].to_string(),
            associated_on: date(&r[2]),
            removed_on: opt_date(&r[3]),
        });
    }
    for d in data.values_mut() {
        let mut tenants: Vec<String> = d.associations.iter().map(|a| a.tenant_id.clone()).collect();
        tenants.sort();
        tenants.dedup();
        for t in tenants {
            d.usage.extend(usage.get(&t).cloned().unwrap_or_default());
            if let Some(s) = segment.get(&t) {
                d.segments.insert(t.clone(), *s);
            }
        }
        let mut pros: Vec<String> = d
            .professionals
            .iter()
            .map(|p| p.professional_id.clone())
            .collect();
        pros.sort();
        pros.dedup();
        for p in pros {
            d.certifications
                .extend(certs.get(&p).cloned().unwrap_or_default());
        }
    }
    data
}

/// Scores of every partner of a folder as of a month.
pub(super) fn score_folder(folder: &Path, as_of: Month) -> BTreeMap<String, Vec<DesignationScore>> {
    let rule_sets = builtin_rule_sets();
    let rules = in_force(&rule_sets, as_of).expect("a shipped rule set");
    let catalogue = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../migration/catalogue/catalogue.json"),
    )
    .unwrap();
    let certs = CertificationCatalog::from_catalogue_json(&catalogue).unwrap();
    partner_data(folder, as_of)
        .into_iter()
        .map(|(id, data)| {
            let scores = score_partner(rules, &certs, &data, as_of);
            (id, scores)
        })
        .collect()
}

#[test]
fn the_designed_profiles_score_as_designed_with_the_score_engine() {
    for seed in [super::DEFAULT_SEED, 1, 77] {
        check_spread(seed, 400, "2024-06");
    }
}

#[test]
fn after_ms_500_s_last_year_security_is_still_met_under_2023_12_and_the_rest_still_qualifies() {
    // As of 2025-03 MS-500 no longer counts (through 2024-06-30), nor do AZ-220 and AZ-600; rule set
    // 2023-12 takes SC-200 for step 2, so Security is still designed and met, and the profiles of the
    // Azure areas still score as designed.
    check_spread(5, 200, "2025-03");
}

#[test]
fn security_can_be_designed_only_where_a_rule_set_s_certifications_still_count() {
    use super::catalogue::security_possible;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // 2023-07 needs MS-500 of every professional: it counts through 2024-06-30.
    assert!(security_possible(
        "2023-09".parse().unwrap(),
        day("2023-09-30")
    ));
    assert!(!security_possible(
        "2023-09".parse().unwrap(),
        day("2024-07-31")
    ));
    // 2023-12 (from 2023-12) accepts SC-200 in step 2.
    assert!(security_possible(
        "2025-03".parse().unwrap(),
        day("2025-03-31")
    ));
}

fn check_spread(seed: u64, partners: usize, as_of: &str) {
    let late = as_of != "2024-06";
    let plan = Plan {
        seed,
        partners,
        months: 27,
        as_of: as_of.parse().unwrap(),
        customers_per_partner: super::DEFAULT_CUSTOMERS_PER_PARTNER,
    };
    let dir = tempfile::tempdir().unwrap();
    let generated = write_folder(&plan, dir.path()).unwrap();
    let scores = score_folder(dir.path(), plan.as_of);
    let designed: HashMap<&str, Vec<DesignationCode>> = generated
        .profiles
        .iter()
        .map(|(id, p)| (id.as_str(), p.designed_to_meet()))
        .collect();

    // Per designation: (designed and met, designed, met without being designed, above 0 but below 70).
    let mut table: BTreeMap<DesignationCode, [usize; 4]> = BTreeMap::new();
    let mut partners_meeting = 0;
    let mut misses = Vec::new();
    for (id, list) in &scores {
        let want = &designed[id.as_str()];
        let mut any = false;
        for s in list {
            let row = table.entry(s.designation).or_default();
            let is_designed = want.contains(&s.designation);
            any |= s.meets_requirements;
            match (is_designed, s.meets_requirements) {
                (true, true) => row[0] += 1,
                (true, false) => {
                    let metrics: Vec<String> = s
                        .metrics
                        .iter()
                        .map(|m| format!("{:?} {}", m.metric, m.points))
                        .collect();
                    misses.push(format!(
                        "{id} {}: {} [{}]",
                        s.designation,
                        s.total,
                        metrics.join(", ")
                    ));
                }
                (false, true) => {
                    row[2] += 1;
                    let metrics: Vec<String> = s
                        .metrics
                        .iter()
                        .map(|m| format!("{:?} {} ({})", m.metric, m.points, m.value))
                        .collect();
                    println!(
                        "  undesigned: {id} {}: {} [{}]",
                        s.designation,
                        s.total,
                        metrics.join(", ")
                    );
                }
                (false, false) => {}
            }
            if is_designed {
                row[1] += 1;
            }
            if !s.meets_requirements && s.total > rust_decimal::Decimal::ZERO {
                row[3] += 1;
            }
        }
        if any {
            partners_meeting += 1;
        }
    }
    println!(
        "seed {seed}: designation: designed & met / designed, met undesigned, scored below requirements"
    );
    for (d, [hit, want, extra, below]) in &table {
        println!("  {d:<30} {hit:>4} / {want:<4} {extra:>4} {below:>5}");
    }
    for m in &misses {
        println!("  missed: {m}");
    }
    let share = partners_meeting as f64 / plan.partners as f64;
    println!(
        "partners meeting at least one designation: {partners_meeting} ({:.1} %)",
        share * 100.0
    );

    if !late {
        assert!((0.2..=0.3).contains(&share), "{share}");
    }
    for (d, [hit, want, extra, below]) in &table {
        assert!(*want >= 5, "{d}: only {want} partners designed to meet");
        assert!(
            *hit * 10 >= *want * 8,
            "{d}: only {hit} of {want} designed partners meet requirements"
        );
        assert!(
            *extra * 20 <= plan.partners,
            "{d}: {extra} partners meet without being designed to"
        );
        assert!(
            *below >= 20,
            "{d}: only {below} partners score below requirements"
        );
    }
}
