//! The generator's promises: determinism, exact headers, only meaningful usage columns per workload family,
//! catalogue codes only, consistent references and keys, never-overlapping professional associations, and
//! the size and spread the benchmarks and demos rely on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use super::catalogue::{MODERN_WORK, SECURITY_M365};
use super::generate::write_folder;
use super::plan::Plan;
use crate::domain::Month;
use crate::import::format::FILES;

fn plan(partners: usize, seed: u64) -> Plan {
    Plan {
        seed,
        partners,
        months: 27,
        as_of: "2024-06".parse().unwrap(),
        customers_per_partner: super::DEFAULT_CUSTOMERS_PER_PARTNER,
    }
}

/// Every data row of a file, as maps from header to cell.
fn rows(folder: &Path, file: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(folder.join(file)).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn generated(partners: usize, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_folder(&plan(partners, seed), dir.path()).unwrap();
    dir
}

#[test]
fn the_same_seed_gives_byte_identical_files_and_another_seed_does_not() {
    let a = generated(40, 7);
    let b = generated(40, 7);
    let c = generated(40, 8);
    for file in FILES.iter().map(|f| f.name) {
        let x = std::fs::read(a.path().join(file)).unwrap();
        let y = std::fs::read(b.path().join(file)).unwrap();
        let z = std::fs::read(c.path().join(file)).unwrap();
        assert!(x == y, "{file} differs between two runs with the same seed");
        assert!(x != z, "{file} is the same for seeds 7 and 8");
    }
}

#[test]
fn a_partner_s_data_does_not_depend_on_how_many_partners_follow() {
    // Each partner draws from its own stream, so the first partners of a larger set are the same.
    let small = generated(5, 3);
    let large = generated(12, 3);
    let first = |dir: &Path| -> Vec<String> {
        rows(dir, "partners.csv")
            .into_iter()
            .take(4)
            .map(|r| format!("{}|{}|{}", r["partner_id"], r["name"], r["country"]))
            .collect()
    };
    assert_eq!(first(small.path()), first(large.path()));
}

#[test]
fn every_file_has_exactly_the_import_format_header() {
    let dir = generated(3, 1);
    for file in FILES {
        let text = std::fs::read_to_string(dir.path().join(file.name)).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(file.header().as_str()),
            "{}",
            file.name
        );
    }
}

#[test]
fn usage_rows_fill_only_the_columns_their_workload_family_gives_meaning() {
    let catalogue = migration::catalogue::catalogue().unwrap();
    let family: HashMap<&str, &str> = catalogue
        .workloads
        .iter()
        .map(|w| (w.code.as_str(), w.family.as_str()))
        .collect();
    let dir = generated(60, 11);
    let mut seen_families = BTreeSet::new();
    let mut seen_columns = BTreeSet::new();
    for (i, row) in rows(dir.path(), "customer_usage.csv").iter().enumerate() {
        let workload = row["workload"].as_str();
        let fam = family[workload];
        seen_families.insert(fam);
        let allowed: &[&str] = match fam {
            "M365" => {
                let security = SECURITY_M365.contains(&workload);
                let modern = MODERN_WORK.contains(&workload);
                // Security workloads carry active users for the specializations' MAU growth.
                match (security, modern) {
                    (true, _) => &["paid_seats", "protected_users", "active_users"],
                    (false, true) => &["paid_seats", "active_users"],
                    (false, false) => {
                        panic!("{workload} is neither a Security nor a Modern Work workload")
                    }
                }
            }
            "AZURE" => &["acr_usd"],
            "BIZAPPS" if workload == "D365_CUSTOMER_INSIGHTS" => &["revenue_usd", "profiles"],
            "BIZAPPS" => &["active_users", "revenue_usd"],
            other => panic!("unknown family {other}"),
        };
        for column in [
            "paid_seats",
            "protected_users",
            "active_users",
            "acr_usd",
            "revenue_usd",
            "profiles",
        ] {
            let value = row[column].as_str();
            if value.is_empty() {
                continue;
            }
            seen_columns.insert(column);
            assert!(
                allowed.contains(&column),
                "line {}: {workload} ({fam}) has {column} = {value}",
                i + 2
            );
            if column.ends_with("_usd") {
                let (whole, cents) = value.split_once('.').unwrap();
                assert!(whole.parse::<u64>().is_ok() && cents.len() == 2, "{value}");
            } else {
                assert!(value.parse::<u64>().is_ok(), "{column} = {value}");
            }
        }
        // Each row carries its family's main figure.
        let main = match fam {
            "M365" => "paid_seats",
            "AZURE" => "acr_usd",
            _ => "revenue_usd",
        };
        assert!(!row[main].is_empty(), "line {}: no {main}", i + 2);
    }
    assert_eq!(seen_families.len(), 3, "{seen_families:?}");
    assert_eq!(seen_columns.len(), 6, "{seen_columns:?}");
}

#[test]
fn every_code_is_in_the_catalogue_and_retired_certifications_were_earned_before_retirement() {
    let catalogue = migration::catalogue::catalogue().unwrap();
    let workloads: HashSet<&str> = catalogue
        .workloads
        .iter()
        .map(|w| w.code.as_str())
        .collect();
    let certifications: HashMap<&str, Option<&str>> = catalogue
        .certifications
        .iter()
        .map(|c| (c.code.as_str(), c.retired_on.as_deref()))
        .collect();
    // The generator's own lists, whether or not this seed draws every code.
    for code in super::catalogue::ALL_CERTIFICATIONS {
        assert!(certifications.contains_key(code), "{code}");
    }
    for list in [
        super::catalogue::SECURITY_M365,
        super::catalogue::MODERN_WORK,
        super::catalogue::AZURE_SECURITY,
        super::catalogue::AZURE_DATA,
        super::catalogue::AZURE_APPS,
        super::catalogue::AZURE_INFRA,
        super::catalogue::AZURE_NOT_DEPLOYMENT,
    ] {
        for code in list {
            assert!(workloads.contains(code), "{code}");
        }
    }
    for b in super::catalogue::BIZ_MAIN
        .iter()
        .chain(super::catalogue::BIZ_EXTRA)
    {
        assert!(workloads.contains(b.code), "{}", b.code);
    }
    for (code, (y, m, d)) in super::catalogue::RETIRED {
        let want = format!("{y:04}-{m:02}-{d:02}");
        assert_eq!(certifications[code], Some(want.as_str()), "{code}");
    }

    let dir = generated(60, 5);
    let mut drawn = BTreeSet::new();
    for row in rows(dir.path(), "customer_usage.csv") {
        assert!(
            workloads.contains(row["workload"].as_str()),
            "{}",
            row["workload"]
        );
    }
    for row in rows(dir.path(), "customer_associations.csv") {
        let w = row["workload"].as_str();
        assert!(w.is_empty() || workloads.contains(w), "{w}");
        assert!(crate::domain::AssociationType::TEXTS.contains(&row["association_type"].as_str()));
    }
    for row in rows(dir.path(), "professional_certifications.csv") {
        let code = row["certification"].as_str();
        drawn.insert(code.to_string());
        let retired = certifications
            .get(code)
            .unwrap_or_else(|| panic!("{code} is not in the catalogue"));
        let earned = date(&row["earned_on"]);
        if let Some(retired) = retired {
            assert!(
                earned <= date(retired),
                "{code} earned {earned} after retiring {retired}"
            );
        }
        if !row["expires_on"].is_empty() {
            assert!(date(&row["expires_on"]) >= earned);
        }
    }
    // The retired MS-500 (Security) is there, as are expired certifications.
    assert!(drawn.contains("MS-500"));
    assert!(drawn.len() > 30, "only {} codes drawn", drawn.len());
}

#[test]
fn professional_associations_never_overlap_and_some_professionals_moved() {
    let dir = generated(80, 9);
    let mut periods: BTreeMap<String, Vec<(NaiveDate, Option<NaiveDate>, String)>> =
        BTreeMap::new();
    for row in rows(dir.path(), "professional_associations.csv") {
        let from = date(&row["associated_on"]);
        let to = (!row["removed_on"].is_empty()).then(|| date(&row["removed_on"]));
        if let Some(to) = to {
            assert!(to >= from);
        }
        periods
            .entry(row["professional_id"].clone())
            .or_default()
            .push((from, to, row["partner_id"].clone()));
    }
    let mut moved = 0;
    let mut left = 0;
    for (pro, mut list) in periods {
        list.sort();
        for pair in list.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let end =
                a.1.unwrap_or_else(|| panic!("{pro}: an open period is followed by another"));
            assert!(end <= b.0, "{pro}: {a:?} overlaps {b:?}");
            if end == b.0 && a.2 != b.2 {
                moved += 1;
            }
        }
        if list.last().is_some_and(|p| p.1.is_some()) {
            left += 1;
        }
    }
    assert!(moved > 0, "nobody moved between partners");
    assert!(left > 0, "nobody left a partner");
}

#[test]
fn references_resolve_keys_are_unique_and_ids_have_their_shapes() {
    let dir = generated(60, 13);
    let p = dir.path();
    let countries: HashSet<&str> = super::names::COUNTRIES.iter().map(|c| c.code).collect();

    let mut partners = HashSet::new();
    for row in rows(p, "partners.csv") {
        let id = &row["partner_id"];
        assert!(
            id.len() == 7 && id.bytes().all(|b| b.is_ascii_digit()),
            "{id}"
        );
        assert!(countries.contains(row["country"].as_str()));
        assert!(!row["name"].is_empty());
        assert!(partners.insert(id.clone()), "duplicate partner {id}");
    }
    let mut tenants = HashSet::new();
    let mut tpids: HashMap<String, usize> = HashMap::new();
    for row in rows(p, "customers.csv") {
        let t = &row["tenant_id"];
        let u = uuid::Uuid::parse_str(t).unwrap();
        assert_eq!(u.get_version_num(), 4, "{t}");
        assert_eq!(u.get_variant(), uuid::Variant::RFC4122, "{t}");
        assert_eq!(t, &t.to_lowercase());
        assert!(countries.contains(row["country"].as_str()));
        assert!(tenants.insert(t.clone()), "duplicate tenant {t}");
        if !row["tpid"].is_empty() {
            *tpids.entry(row["tpid"].clone()).or_default() += 1;
        }
    }
    assert!(tpids.values().any(|n| *n > 1), "no TPID is shared");

    let mut keys = HashSet::new();
    let mut types = BTreeSet::new();
    let mut ended = 0;
    let mut shared: HashMap<&str, HashSet<String>> = HashMap::new();
    let associations = rows(p, "customer_associations.csv");
    for row in &associations {
        assert!(partners.contains(&row["partner_id"]));
        assert!(tenants.contains(&row["tenant_id"]));
        let key = (
            row["partner_id"].clone(),
            row["tenant_id"].clone(),
            row["association_type"].clone(),
            row["workload"].clone(),
            row["start_date"].clone(),
        );
        assert!(keys.insert(key.clone()), "duplicate association {key:?}");
        types.insert(row["association_type"].clone());
        if !row["end_date"].is_empty() {
            assert!(date(&row["end_date"]) >= date(&row["start_date"]));
            ended += 1;
        }
        shared
            .entry(row["tenant_id"].as_str())
            .or_default()
            .insert(row["partner_id"].clone());
    }
    assert_eq!(types.len(), 5, "{types:?}");
    assert!(ended > 0);
    assert!(
        shared.values().any(|s| s.len() > 1),
        "no customer has two partners"
    );

    let mut usage_keys = HashSet::new();
    for row in rows(p, "customer_usage.csv") {
        assert!(tenants.contains(&row["tenant_id"]));
        let key = (
            row["tenant_id"].clone(),
            row["month"].clone(),
            row["workload"].clone(),
        );
        assert!(usage_keys.insert(key.clone()), "duplicate usage {key:?}");
    }

    let mut pros = HashSet::new();
    for row in rows(p, "professionals.csv") {
        let id = &row["professional_id"];
        assert!(
            id.len() == 10 && id.bytes().all(|b| b.is_ascii_digit()),
            "{id}"
        );
        assert!(pros.insert(id.clone()), "duplicate professional {id}");
        let email = &row["email"];
        assert!(
            email.is_empty() || (email.is_ascii() && email.contains('@')),
            "{email}"
        );
    }
    let mut cert_keys = HashSet::new();
    for row in rows(p, "professional_certifications.csv") {
        assert!(pros.contains(&row["professional_id"]));
        let key = (
            row["professional_id"].clone(),
            row["certification"].clone(),
            row["earned_on"].clone(),
        );
        assert!(
            cert_keys.insert(key.clone()),
            "duplicate certification {key:?}"
        );
    }
    for row in rows(p, "professional_associations.csv") {
        assert!(pros.contains(&row["professional_id"]));
        assert!(partners.contains(&row["partner_id"]));
    }
}

#[test]
fn every_customer_has_the_segment_its_size_gives() {
    let dir = generated(60, 13);
    let p = dir.path();
    // Largest paid seats (Microsoft 365) and largest monthly ACR over all services, per tenant.
    let mut seats: HashMap<String, u64> = HashMap::new();
    let mut acr: HashMap<(String, String), u64> = HashMap::new();
    for row in rows(p, "customer_usage.csv") {
        let tenant = row["tenant_id"].clone();
        if let Ok(n) = row["paid_seats"].parse::<u64>() {
            let s = seats.entry(tenant.clone()).or_default();
            *s = (*s).max(n);
        }
        // Money is written with two decimals: the digits are the cents.
        if let Ok(c) = row["acr_usd"].replace('.', "").parse::<u64>() {
            *acr.entry((tenant, row["month"].clone())).or_default() += c;
        }
    }
    let mut largest_acr: HashMap<String, u64> = HashMap::new();
    for ((tenant, _), c) in acr {
        let a = largest_acr.entry(tenant).or_default();
        *a = (*a).max(c);
    }
    let mut by_segment: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows(p, "customers.csv") {
        let (tenant, segment) = (&row["tenant_id"], row["segment"].as_str());
        *by_segment.entry(segment.to_string()).or_default() += 1;
        if let Some(n) = seats.get(tenant) {
            let expected = if *n <= 300 { "SMB" } else { "ENTERPRISE" };
            assert_eq!(segment, expected, "{tenant}: {n} paid seats");
        } else if largest_acr.get(tenant).is_some_and(|c| *c > 2_500 * 100) {
            assert_eq!(segment, "ENTERPRISE", "{tenant}: large ACR");
        } else {
            assert!(
                matches!(segment, "SMB" | "ENTERPRISE"),
                "{tenant}: {segment:?}"
            );
        }
    }
    let segments: Vec<&str> = by_segment.keys().map(String::as_str).collect();
    assert_eq!(segments, ["ENTERPRISE", "SMB"], "{by_segment:?}");
}

#[test]
fn usage_spans_the_requested_months_with_new_and_lost_customers() {
    let dir = generated(60, 17);
    let months: BTreeSet<Month> = rows(dir.path(), "customer_usage.csv")
        .iter()
        .map(|r| r["month"].parse().unwrap())
        .collect();
    let first: Month = "2022-04".parse().unwrap();
    let last: Month = "2024-06".parse().unwrap();
    assert_eq!(months.len(), 27);
    assert_eq!(months.first(), Some(&first));
    assert_eq!(months.last(), Some(&last));

    // Some associations start after the baseline (2023-06), some ended between baseline and as-of month.
    let associations = rows(dir.path(), "customer_associations.csv");
    let baseline_end = date("2023-06-30");
    assert!(
        associations
            .iter()
            .any(|r| date(&r["start_date"]) > baseline_end)
    );
    assert!(
        associations
            .iter()
            .any(|r| date(&r["start_date"]) < date("2022-04-01"))
    );
    assert!(
        associations
            .iter()
            .any(|r| !r["end_date"].is_empty() && date(&r["end_date"]) > baseline_end)
    );
}

#[test]
fn a_thousand_partners_average_about_the_requested_customers_and_a_quarter_are_designed_to_qualify()
{
    let dir = tempfile::tempdir().unwrap();
    let generated = write_folder(&plan(1000, super::DEFAULT_SEED), dir.path()).unwrap();
    let count = |name: &str| {
        generated
            .files
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, n)| *n)
            .unwrap()
    };
    let customers = count("customers.csv") as f64 / 1000.0;
    let usage = count("customer_usage.csv") as f64 / 1000.0;
    assert!(
        (4.5..=8.0).contains(&customers),
        "{customers} customers per partner"
    );
    // 10,000 partners: 1-3 million usage rows.
    assert!(
        (100.0..=300.0).contains(&usage),
        "{usage} usage rows per partner"
    );
    let share = generated.designed_partners as f64 / 1000.0;
    assert!((0.2..=0.32).contains(&share), "{share}");
    assert_eq!(generated.designed.len(), 6, "{:?}", generated.designed);

    // Sizes vary: a few partners with hundreds of customers, most with a handful.
    let mut per_partner: HashMap<String, usize> = HashMap::new();
    let owner: HashMap<String, String> = rows(dir.path(), "customer_associations.csv")
        .into_iter()
        .map(|r| (r["tenant_id"].clone(), r["partner_id"].clone()))
        .collect();
    for (_, partner) in owner {
        *per_partner.entry(partner).or_default() += 1;
    }
    let mut sizes: Vec<usize> = per_partner.into_values().collect();
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    assert!((1..=6).contains(&median), "median {median}");
    assert!(*sizes.last().unwrap() >= 100, "largest {:?}", sizes.last());
}

#[test]
fn bad_plans_are_refused() {
    let mut p = plan(1, 1);
    p.months = 0;
    assert!(p.validate().is_err());
    let mut p = plan(super::plan::MAX_PARTNERS + 1, 1);
    assert!(p.validate().is_err());
    p.partners = 0;
    p.customers_per_partner = f64::NAN;
    assert!(p.validate().is_err());
    assert!(plan(0, 1).validate().is_ok());
}
