//! Recommendations and the path to the threshold on partners built for the purpose, under rule set
//! 2023-07.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::catalog::shipped_catalog;
use super::input::HeldCertification;
use super::recommend::{ActionCost, Recommendation, Search};
use super::rules_tests::{Partner, day, m, rules};
use super::what_if::UsageMeasure;
use super::what_if::{Change, apply};
use super::{PartnerData, RuleSet, score_designation};
use crate::domain::AssociationType::{Cpor, Dpor};
use crate::domain::DesignationCode::Security;
use crate::domain::MetricCode::{IntermediateCertifications, NetCustomerAdds};

const FULL: &[&str] = &["MS-500", "AZ-500", "SC-200"];

fn search<'a>(
    rules: &'a RuleSet,
    catalog: &'a super::CertificationCatalog,
    free: &'a [HeldCertification],
) -> Search<'a> {
    Search {
        rules,
        catalog,
        month: m("2024-06"),
        designation: Security,
        free_professionals: free,
    }
}

/// The total after `changes`, scored from scratch.
fn total_with(
    s: &Search<'_>,
    data: &PartnerData,
    changes: &[Change],
    free: &[HeldCertification],
) -> Decimal {
    let mut d = data.clone();
    apply(&mut d, changes, free);
    score_designation(s.rules, s.catalog, &d, s.month, s.designation).total
}

fn total(s: &Search<'_>, data: &PartnerData) -> Decimal {
    total_with(s, data, &[], &[])
}

fn first_of(list: &[Recommendation], cost: ActionCost) -> Option<&Recommendation> {
    list.iter().find(|r| r.cost == cost)
}

#[test]
fn a_professional_one_certification_short_is_told_which_exam_gives_how_many_points() {
    // Four full professionals; A lacks one of the SC certifications, B and B2 lack AZ-500, C lacks
    // MS-500, which retired before June 2024: no exam gives it any more.
    let p = (0..4)
        .fold(Partner::new(), |p, i| p.pro(&format!("S{i}"), FULL))
        .pro("A", &["MS-500", "AZ-500"])
        .pro("B", &["MS-500", "SC-300"])
        .pro("B2", &["MS-500", "SC-300"])
        .pro("C", &["AZ-500", "SC-300"]);
    let (rules, catalog) = (rules(), shipped_catalog());
    let s = search(&rules, &catalog, &[]);
    let found = s.recommendations(&p.0);
    let exams: Vec<&Recommendation> = found
        .iter()
        .filter(|r| r.metric == IntermediateCertifications)
        .collect();
    // One exam for A (any SC certification) and one for one of B and B2 (they hold the same).
    let who: Vec<(String, String)> = exams
        .iter()
        .filter_map(|r| match &r.changes[..] {
            [
                Change::AddCertification {
                    professional_id,
                    certification,
                    ..
                },
            ] => Some((professional_id.clone(), certification.clone())),
            _ => None,
        })
        .collect();
    assert!(
        who.contains(&("B".to_string(), "AZ-500".to_string())),
        "{who:?}"
    );
    assert!(!who.iter().any(|(p, _)| p == "B2"), "B2 holds what B does");
    assert!(!who.iter().any(|(p, _)| p == "C"), "MS-500 retired");
    // A's three SC certifications give the same points: one recommendation names the others.
    assert_eq!(who.iter().filter(|(p, _)| p == "A").count(), 1, "{who:?}");
    let a = exams
        .iter()
        .find(|r| r.detail.starts_with("A earns SC-200"))
        .expect("A earns the first SC certification");
    assert!(
        a.detail
            .starts_with("A earns SC-200 (SC-300 or SC-400 gives the same): Intermediate"),
        "{}",
        a.detail
    );
    for r in &exams {
        assert_eq!(r.cost, ActionCost::CertificationExam);
        // 4 of 6 professionals give 26.67 points, 5 give 33.33.
        assert_eq!(r.points_gained, dec!(6.66), "{}", r.detail);
        assert_eq!(
            total_with(&s, &p.0, &r.changes, &[]) - total(&s, &p.0),
            r.points_gained
        );
    }
    let b = exams
        .iter()
        .find(|r| r.detail.starts_with("B (or 1 other"))
        .expect("B's exam names the other professional holding the same");
    assert!(b.detail.contains("earns AZ-500"), "{}", b.detail);
    // The skilling metric has points already: nothing is below its minimum there.
    assert!(exams.iter().all(|r| !r.raises_blocked_metric));
}

#[test]
fn a_customer_seen_only_through_dpor_is_recommended_a_cpor_claim_that_unblocks_net_adds() {
    // Security counts Microsoft 365 customers through CPOR; this one is linked by DPOR only.
    let p = (0..6)
        .fold(Partner::new(), |p, i| p.pro(&format!("S{i}"), FULL))
        .claim("T", Dpor, "2022-01-01")
        .rows("T", "MDE", "2023-06", "2024-06", |_, r| {
            r.paid_seats = Some(40);
        });
    let (rules, catalog) = (rules(), shipped_catalog());
    let s = search(&rules, &catalog, &[]);
    let found = s.recommendations(&p.0);
    let first = found.first().expect("a recommendation");
    assert_eq!(first.cost, ActionCost::CustomerAssociation);
    assert_eq!(first.metric, NetCustomerAdds);
    assert!(first.raises_blocked_metric, "net adds were at 0");
    assert_eq!(
        first.changes,
        vec![Change::AddCustomerAssociation {
            tenant_id: "T".into(),
            association_type: Cpor,
            workload: None,
            start_date: day("2024-06-01"),
        }]
    );
    assert_eq!(
        total_with(&s, &p.0, &first.changes, &[]) - total(&s, &p.0),
        first.points_gained
    );
    // Actions on a blocked metric come first, the rest by points gained.
    let blocked = found.iter().take_while(|r| r.raises_blocked_metric).count();
    assert!(found[blocked..].iter().all(|r| !r.raises_blocked_metric));
    for pair in found[blocked..].windows(2) {
        assert!(pair[0].points_gained >= pair[1].points_gained);
    }
}

#[test]
fn a_free_professional_holding_the_set_is_recommended_to_join() {
    let p = (0..4).fold(Partner::new(), |p, i| p.pro(&format!("S{i}"), FULL));
    let free: Vec<HeldCertification> = FULL
        .iter()
        .map(|c| HeldCertification {
            professional_id: "F".into(),
            certification: (*c).into(),
            earned_on: day("2023-05-01"),
            expires_on: None,
        })
        .collect();
    let (rules, catalog) = (rules(), shipped_catalog());
    let s = search(&rules, &catalog, &free);
    let found = s.recommendations(&p.0);
    let join = first_of(&found, ActionCost::NewProfessional).expect("F joins");
    assert_eq!(
        join.changes,
        vec![Change::AssociateProfessional {
            professional_id: "F".into(),
            on: day("2024-06-01"),
        }]
    );
    assert_eq!(join.points_gained, dec!(6.66));
    assert_eq!(
        total_with(&s, &p.0, &join.changes, &free) - total(&s, &p.0),
        join.points_gained
    );
}

#[test]
fn the_path_to_the_threshold_meets_requirements_and_drops_every_action_it_does_not_need() {
    // Customers claimed for years, new and deployed this year: performance and customer success are
    // full. Six professionals each lack AZ-500, and one more could join.
    let mut p = (0..6).fold(Partner::new(), |p, i| {
        p.pro(&format!("S{i}"), &["MS-500", "SC-200"])
    });
    for t in 0..12 {
        let tenant = format!("T{t:02}");
        p = p.claim(&tenant, Cpor, "2022-01-01").rows(
            &tenant,
            "MDE",
            "2023-06",
            "2024-06",
            |month, r| {
                let now = month == m("2024-06");
                r.paid_seats = Some(if now { 400 } else { 0 });
                r.protected_users = Some(if now { 400 } else { 0 });
            },
        );
    }
    let (rules, catalog) = (rules(), shipped_catalog());
    let s = search(&rules, &catalog, &[]);
    assert!(
        !score_designation(&rules, &catalog, &p.0, s.month, Security).meets_requirements,
        "not met before"
    );
    let path = s.path_to_threshold(&p.0);
    assert!(path.meets_after, "{:?}", path.reason);
    assert!(path.reason.is_none());
    let changes = path.changes();
    let mut after = p.0.clone();
    apply(&mut after, &changes, &[]);
    let scored = score_designation(&rules, &catalog, &after, s.month, Security);
    assert!(scored.meets_requirements);
    assert_eq!(scored.total, path.total_after);
    // Once there, the path is empty.
    let there = s.path_to_threshold(&after);
    assert!(there.meets_after && there.actions.is_empty());
    assert_eq!(there.total_after, scored.total);
    // The actions' gains add up to the path's, each scored after the ones before it.
    let gained: Decimal = path.actions.iter().map(|a| a.points_gained).sum();
    assert_eq!(total(&s, &p.0) + gained, path.total_after);
    // No action can be left out.
    for i in 0..path.actions.len() {
        let mut d = p.0.clone();
        for (j, a) in path.actions.iter().enumerate() {
            if j != i {
                apply(&mut d, &a.changes, &[]);
            }
        }
        assert!(
            !score_designation(&rules, &catalog, &d, s.month, Security).meets_requirements,
            "action {i} is not needed"
        );
    }
}

#[test]
fn a_partner_with_nothing_to_act_on_has_no_path_and_is_told_what_stays_short() {
    let (rules, catalog) = (rules(), shipped_catalog());
    let s = search(&rules, &catalog, &[]);
    let empty = s.path_to_threshold(&Partner::new().0);
    assert!(!empty.meets_after);
    let reason = empty.reason.expect("a reason");
    assert!(
        reason.starts_with("no single change found in the partner's data raises the score"),
        "{reason}"
    );
    assert!(
        reason.contains("the total is 0.00 of the 70 needed"),
        "{reason}"
    );
    assert!(
        reason.contains("Net customer adds has 0.00 of the 1 points it needs"),
        "{reason}"
    );
    assert!(s.recommendations(&Partner::new().0).is_empty());
}

#[test]
fn a_customer_just_under_the_seat_threshold_is_told_the_seats_that_make_it_count() {
    // 21 paid seats through CPOR: 4 short of the 25 a Security customer needs.
    let p = (0..6)
        .fold(Partner::new(), |p, i| p.pro(&format!("S{i}"), FULL))
        .claim("T", Cpor, "2022-01-01")
        .rows("T", "MDE", "2023-06", "2024-06", |month, r| {
            r.paid_seats = Some(if month == m("2024-06") { 21 } else { 0 });
        });
    let (rules, catalog) = (rules(), shipped_catalog());
    let s = search(&rules, &catalog, &[]);
    let found = s.recommendations(&p.0);
    let seats = found
        .iter()
        .find(|r| r.cost == ActionCost::CustomerUsage && r.metric == NetCustomerAdds)
        .expect("a usage recommendation for net adds");
    assert_eq!(
        seats.changes,
        vec![Change::AddUsage {
            tenant_id: "T".into(),
            workload: "MDE".into(),
            month: m("2024-06"),
            measure: UsageMeasure::PaidSeats,
            amount: 4,
        }]
    );
    assert!(seats.raises_blocked_metric);
    assert!(
        seats
            .detail
            .starts_with("customer T has 4 more paid seats of MDE in 2024-06 (from 21)"),
        "{}",
        seats.detail
    );
    assert_eq!(
        total_with(&s, &p.0, &seats.changes, &[]) - total(&s, &p.0),
        seats.points_gained
    );
}
