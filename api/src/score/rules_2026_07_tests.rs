//! Rule set 2026-07 (the rules Microsoft documents in 2026): Security's Enterprise and SMB paths with
//! every example Microsoft publishes for them, the Azure areas' classification by customer segment and
//! their Enterprise and SMB skilling with Microsoft's examples, and the 2026 workload lists.

use rust_decimal_macros::dec;

use crate::domain::AssociationType::{Cpor, CspT1, Dpor, Pal};
use crate::domain::CustomerSegment;
use crate::domain::DesignationCode::{
    self, DataAiAzure, DigitalAppInnovationAzure, ModernWork, Security,
};
use crate::domain::MetricCode::{
    self, Deployments, IntermediateCertifications, NetCustomerAdds, UsageGrowth,
};

use super::catalog::shipped_catalog;
use super::output::{DesignationScore, FactKind, FactOutcome, MetricScore};
use super::rules_2023_12_tests::steps;
use super::rules_tests::{Partner, m};
use super::{Engine, RuleSet, builtin_rule_sets, score_designation};

const AS_OF: &str = "2026-09";

fn rules_2026_07() -> RuleSet {
    builtin_rule_sets()
        .into_iter()
        .find(|r| r.code == "2026-07")
        .expect("rule set 2026-07 ships")
}

fn score(p: &Partner, d: DesignationCode) -> DesignationScore {
    score_designation(&rules_2026_07(), &shipped_catalog(), &p.0, m(AS_OF), d)
}

fn on_track(s: &DesignationScore, track: &str, metric: MetricCode) -> MetricScore {
    match s.track_score(track).and_then(|t| t.metric(metric)) {
        Some(x) => x.clone(),
        None => panic!("{} has no {track} {metric}", s.designation),
    }
}

fn security_skilling(p: &Partner, track: &str) -> MetricScore {
    on_track(&score(p, Security), track, IntermediateCertifications)
}

#[test]
fn microsofts_enterprise_security_examples() {
    // Step 1 = 2, step 2 = 2, step 3 = 3 people: 20.
    assert_eq!(
        security_skilling(&steps(2, 2, 3), "ENT").points,
        dec!(20.00)
    );
    // The same two people in all steps: 13.3.
    let all = &["AZ-500", "SC-200", "SC-100"];
    let same = Partner::new().pro("A", all).pro("B", all);
    assert_eq!(security_skilling(&same, "ENT").points, dec!(13.33));
    // Step 2 empty: 0. Step 1 with one person: 0.
    assert_eq!(security_skilling(&steps(2, 0, 3), "ENT").points, dec!(0.00));
    assert_eq!(security_skilling(&steps(1, 2, 3), "ENT").points, dec!(0.00));
}

#[test]
fn microsofts_smb_security_examples() {
    // (2, 2, 3 people): 4 + 4 + 3 x 8 = 32.
    let k = security_skilling(&steps(2, 2, 3), "SMB");
    assert_eq!(
        (k.points, k.value, k.target),
        (dec!(32.00), dec!(3), dec!(4))
    );
    let total = k
        .facts
        .iter()
        .find(|f| f.kind == FactKind::Total)
        .map(|f| f.detail.clone());
    assert_eq!(
        total.as_deref(),
        Some("8 points from the steps + 3 professionals at 8 points each, at most 40")
    );
    // The same two people in every step: 4 + 4 + 2 x 8 = 24.
    let all = &["AZ-500", "SC-200", "SC-401"];
    let same = Partner::new().pro("A", all).pro("B", all);
    assert_eq!(security_skilling(&same, "SMB").points, dec!(24.00));
    // Step 2 missing: step 1's 4 points still count, no step-3 points.
    let k = security_skilling(&steps(2, 0, 3), "SMB");
    assert_eq!(k.points, dec!(4.00));
    assert!(k.facts.iter().any(|f| {
        f.outcome == FactOutcome::Short
            && f.detail
                .starts_with("step 2 (SC-200) has 0 professionals, needs 1")
    }));
    // Steps 1 and 2 missing: 0.
    assert_eq!(security_skilling(&steps(0, 0, 3), "SMB").points, dec!(0.00));
    // One person is enough for an SMB step; five step-3 people reach the maximum of 40.
    assert_eq!(
        security_skilling(&steps(1, 1, 5), "SMB").points,
        dec!(40.00)
    );
}

#[test]
fn security_is_scored_on_both_paths_and_shows_the_better_one() {
    let s = score(&steps(2, 2, 3), Security);
    assert_eq!(s.tracks.len(), 2);
    assert_eq!(s.track.as_deref(), Some("SMB"));
    assert_eq!(
        s.metric(IntermediateCertifications).map(|k| k.points),
        Some(dec!(32.00))
    );
    // The Enterprise path is kept beside it, with its own total.
    assert_eq!(
        on_track(&s, "ENT", IntermediateCertifications).points,
        dec!(20.00)
    );
}

/// A Microsoft 365 Security tenant with `seats` paid seats of MDE from `from` to the as-of month.
fn m365_tenant(p: Partner, t: &str, from: &str, seats: i64, protected: i64) -> Partner {
    p.claim(t, CspT1, "2024-01-01")
        .rows(t, "MDE", from, AS_OF, move |_, r| {
            r.paid_seats = Some(seats);
            r.protected_users = Some(protected);
        })
}

#[test]
fn security_net_adds_give_four_points_each_on_the_smb_path_and_two_on_the_enterprise_path() {
    // Three new SMB tenants (5 to 300 seats) through CSP, one new Enterprise tenant (more than 300).
    let mut p = Partner::new();
    for t in ["S1", "S2", "S3"] {
        p = m365_tenant(p, t, "2026-01", 50, 0);
    }
    p = m365_tenant(p, "E1", "2026-01", 400, 0);
    let s = score(&p, Security);
    let (ent, smb) = (
        on_track(&s, "ENT", NetCustomerAdds),
        on_track(&s, "SMB", NetCustomerAdds),
    );
    assert_eq!((ent.value, ent.points), (dec!(1), dec!(2.00)));
    assert_eq!((smb.value, smb.points), (dec!(3), dec!(12.00)));
    assert_eq!(smb.target, dec!(5));
    // Four seats are below the SMB band.
    let small = m365_tenant(Partner::new(), "T", "2026-01", 4, 0);
    assert_eq!(
        on_track(&score(&small, Security), "SMB", NetCustomerAdds).value,
        dec!(0)
    );
}

#[test]
fn a_tenant_promoted_to_enterprise_stays_an_smb_customer_for_the_year() {
    // 200 seats a year ago, 400 now: still an SMB customer (retained), and a new Enterprise one.
    let p = Partner::new().claim("T", Cpor, "2024-01-01").rows(
        "T",
        "MDE",
        "2025-01",
        AS_OF,
        |month, r| {
            r.paid_seats = Some(if month >= m("2026-01") { 400 } else { 200 });
        },
    );
    let s = score(&p, Security);
    let smb = on_track(&s, "SMB", NetCustomerAdds);
    assert_eq!(smb.value, dec!(0));
    let kept = smb
        .facts
        .iter()
        .find(|f| f.subject == "T")
        .expect("a fact for the promoted tenant");
    assert_eq!(kept.outcome, FactOutcome::Retained);
    assert!(
        kept.detail
            .contains("kept at the month though above the band"),
        "{}",
        kept.detail
    );
    assert_eq!(on_track(&s, "ENT", NetCustomerAdds).value, dec!(1));
}

#[test]
fn an_azure_security_customer_needs_600_dollars_over_twelve_months_through_pal_or_csp() {
    let azure = |p: Partner, t: &str, monthly: i64| {
        p.claim(t, Pal, "2024-01-01")
            .rows(t, "SENTINEL", "2025-10", AS_OF, move |_, r| {
                r.acr_cents = Some(monthly * 100)
            })
    };
    // $50 a month for 12 months is $600: a customer; $49 is not.
    let p = azure(azure(Partner::new(), "A", 50), "B", 49);
    let nca = on_track(&score(&p, Security), "SMB", NetCustomerAdds);
    assert_eq!(nca.value, dec!(1));
}

#[test]
fn smb_security_usage_growth_gives_a_point_per_750_dollars_of_acr_from_smb_tenants() {
    // $400 a month, then $1,150 at the as-of month: $750 growth, $5,550 over twelve months (SMB band).
    let p = Partner::new().claim("T", Pal, "2024-01-01").rows(
        "T",
        "SENTINEL",
        "2024-10",
        AS_OF,
        |month, r| {
            r.acr_cents = Some(if month == m(AS_OF) { 115_000 } else { 40_000 });
        },
    );
    let s = score(&p, Security);
    assert_eq!(on_track(&s, "SMB", UsageGrowth).points, dec!(1.00));
    // The tenant is not an Enterprise tenant (more than $12,000 over twelve months).
    let ent = on_track(&s, "ENT", UsageGrowth);
    assert_eq!(ent.points, dec!(0.00));
    assert!(
        ent.facts
            .iter()
            .any(|f| f.subject == "T" && f.outcome == FactOutcome::NotCounted)
    );
}

#[test]
fn smb_security_usage_growth_gives_a_point_per_50_protected_users() {
    let p = Partner::new().claim("T", Cpor, "2024-01-01").rows(
        "T",
        "MDE",
        "2025-09",
        AS_OF,
        |month, r| {
            r.paid_seats = Some(250);
            r.protected_users = Some(if month == m(AS_OF) { 200 } else { 100 });
        },
    );
    let s = score(&p, Security);
    // 100 protected users of growth: 2 points on the SMB path; the tenant is outside the Enterprise band.
    assert_eq!(on_track(&s, "SMB", UsageGrowth).points, dec!(2.00));
    let ent = on_track(&s, "ENT", UsageGrowth);
    assert_eq!(ent.points, dec!(0.00));
    assert!(ent.facts.iter().any(|f| f.subject == "T"
        && f.detail == "protected users: 250 paid seats at 2026-09, outside the track's band"));
}

#[test]
fn security_deployments_are_net_new_deployments_now_against_a_year_ago() {
    // A deployed now and then, B and D now only, C then only: (3 - 2) = 1 net new deployment.
    let deployed = |p: Partner, t: &str, from: &str, to: &str| {
        p.claim(t, Cpor, "2024-01-01")
            .rows(t, "MDE", from, to, |_, r| {
                r.paid_seats = Some(100);
                r.protected_users = Some(20);
            })
    };
    let mut p = deployed(Partner::new(), "A", "2025-09", AS_OF);
    p = deployed(p, "B", "2026-09", AS_OF);
    p = deployed(p, "C", "2025-09", "2025-09");
    p = deployed(p, "D", "2026-09", AS_OF);
    let d = on_track(&score(&p, Security), "SMB", Deployments);
    assert_eq!((d.value, d.points), (dec!(1), dec!(3.33)));
    let total = d
        .facts
        .iter()
        .find(|f| f.kind == FactKind::Total)
        .map(|f| f.detail.clone());
    assert_eq!(
        total.as_deref(),
        Some("(3 - 2) Microsoft 365 deployments + (0 - 0) Azure deployments = 1")
    );
}

#[test]
fn an_azure_security_deployment_is_enterprise_above_12000_dollars_and_smb_from_750() {
    let azure = |p: Partner, t: &str, monthly: i64| {
        p.claim(t, CspT1, "2024-01-01")
            .rows(t, "AZURE_DEFENDER", "2025-10", AS_OF, move |_, r| {
                r.acr_cents = Some(monthly * 100)
            })
    };
    // $1,001 a month ($12,012 a year): Enterprise. $100 a month ($1,200): SMB. $60 ($720): neither.
    let p = azure(azure(azure(Partner::new(), "E", 1001), "S", 100), "N", 60);
    let s = score(&p, Security);
    assert_eq!(on_track(&s, "ENT", Deployments).value, dec!(1));
    assert_eq!(on_track(&s, "SMB", Deployments).value, dec!(1));
}

/// A partner with Azure customers at the as-of month, `smb` of them in the SMB segment and `ent` not.
fn azure_customers(smb: usize, ent: usize, unknown: usize) -> Partner {
    let mut p = Partner::new();
    let mut add = |i: usize, segment: Option<CustomerSegment>| {
        let t = format!("T{i}");
        p = std::mem::take(&mut p).claim(&t, Pal, "2024-01-01").rows(
            &t,
            "STORAGE",
            AS_OF,
            AS_OF,
            |_, r| r.acr_cents = Some(10_000),
        );
        if let Some(s) = segment {
            p.0.segments.insert(t, s);
        }
    };
    let mut i = 0;
    for (n, s) in [
        (smb, Some(CustomerSegment::Smb)),
        (ent, Some(CustomerSegment::Enterprise)),
        (unknown, None),
    ] {
        for _ in 0..n {
            add(i, s);
            i += 1;
        }
    }
    p
}

#[test]
fn an_azure_partner_is_smb_with_eighty_percent_of_its_customers_in_the_smb_segment() {
    let s = score(&azure_customers(4, 1, 0), DataAiAzure);
    assert_eq!(s.track.as_deref(), Some("SMB"));
    let why = s
        .facts
        .iter()
        .find(|f| f.kind == FactKind::Track)
        .map(|f| f.detail.clone());
    assert_eq!(
        why.as_deref(),
        Some(
            "SMB: 4 of 5 Azure customers at 2026-09 are in the SMB segment, 80 %; SMB needs at least 80 %"
        )
    );
    assert_eq!(
        score(&azure_customers(3, 2, 0), DataAiAzure)
            .track
            .as_deref(),
        Some("ENT")
    );
    // A customer without a recorded segment is not SMB, and the fact says how many there were.
    let s = score(&azure_customers(3, 0, 1), DataAiAzure);
    assert_eq!(s.track.as_deref(), Some("ENT"));
    assert!(
        s.facts[0].detail.contains("1 with no segment recorded"),
        "{}",
        s.facts[0].detail
    );
    // No Azure customer at all: Enterprise.
    assert_eq!(
        score(&Partner::new(), DataAiAzure).track.as_deref(),
        Some("ENT")
    );
}

#[test]
fn an_smb_azure_customer_needs_500_dollars_in_one_of_the_last_two_months() {
    let mut p = azure_customers(1, 0, 0).claim("N", Pal, "2024-01-01").rows(
        "N",
        "STORAGE",
        AS_OF,
        AS_OF,
        |_, r| r.acr_cents = Some(60_000),
    );
    p.0.segments.insert("N".into(), CustomerSegment::Smb);
    let smb = on_track(&score(&p, DataAiAzure), "SMB", NetCustomerAdds);
    // N ($600) counts; T0 ($100) does not.
    assert_eq!((smb.value, smb.points), (dec!(1), dec!(10.00)));
}

/// Data & AI people: `s1` with AZ-104, `s2` with AZ-305, `fin` with DP-300, on top of `p`.
fn data_ai_steps(mut p: Partner, s1: usize, s2: usize, fin: usize) -> Partner {
    for i in 0..s1 {
        p = p.pro(&format!("A{i}"), &["AZ-104"]);
    }
    for i in 0..s2 {
        p = p.pro(&format!("B{i}"), &["AZ-305"]);
    }
    for i in 0..fin {
        p = p.pro(&format!("C{i}"), &["DP-300"]);
    }
    p
}

#[test]
fn microsofts_enterprise_azure_skilling_examples() {
    let k = |p: Partner| on_track(&score(&p, DataAiAzure), "ENT", IntermediateCertifications);
    // (2, 2, 3): 12. The same two people in all steps: 8. A missing step: 0.
    assert_eq!(
        k(data_ai_steps(Partner::new(), 2, 2, 3)).points,
        dec!(12.00)
    );
    let all = &["AZ-104", "AZ-305", "DP-700"];
    assert_eq!(
        k(Partner::new().pro("A", all).pro("B", all)).points,
        dec!(8.00)
    );
    assert_eq!(k(data_ai_steps(Partner::new(), 2, 0, 3)).points, dec!(0.00));
    // Step 1 is now the administrator, step 2 the architect: two architects alone leave step 1 short.
    let swapped = k(data_ai_steps(Partner::new(), 0, 4, 3));
    assert_eq!(swapped.points, dec!(0.00));
    assert!(swapped.facts.iter().any(|f| {
        f.outcome == FactOutcome::Short
            && f.detail
                .starts_with("step 1 (AZ-104) has 0 professionals, needs 2")
    }));
}

#[test]
fn microsofts_smb_azure_skilling_examples() {
    let smb = || azure_customers(1, 0, 0);
    let k = |p: Partner| on_track(&score(&p, DataAiAzure), "SMB", IntermediateCertifications);
    // (2, 2, 3): 4 + 4 + 12 = 20. Step 2 missing: 4.
    assert_eq!(k(data_ai_steps(smb(), 2, 2, 3)).points, dec!(20.00));
    assert_eq!(k(data_ai_steps(smb(), 2, 0, 3)).points, dec!(4.00));
    // One person fills an SMB step; eight final-step people reach the maximum of 40.
    assert_eq!(k(data_ai_steps(smb(), 1, 1, 8)).points, dec!(40.00));
    // Digital & App Innovation's one prerequisite step: 4 + 3 x 4 = 16.
    let mut p = smb().pro("A", &["AZ-104"]);
    for i in 0..3 {
        p = p.pro(&format!("D{i}"), &["GH-300", "AZ-204"]);
    }
    assert_eq!(
        on_track(
            &score(&p, DigitalAppInnovationAzure),
            "SMB",
            IntermediateCertifications
        )
        .points,
        dec!(16.00)
    );
}

#[test]
fn modern_work_usage_growth_reads_teams_premium_and_net_adds_do_not() {
    let premium = Partner::new().claim("T", Dpor, "2024-01-01").rows(
        "T",
        "TEAMS_PREMIUM",
        "2025-09",
        AS_OF,
        |month, r| {
            r.paid_seats = Some(5000);
            r.active_users = Some(if month == m(AS_OF) { 2000 } else { 0 });
        },
    );
    let s = score(&premium, ModernWork);
    // Microsoft's example: DPOR growth of 2,000 against 4,000 gives 15 of 30.
    assert_eq!(on_track(&s, "ENT", UsageGrowth).points, dec!(15.00));
    assert_eq!(on_track(&s, "ENT", NetCustomerAdds).value, dec!(0));
}

#[test]
fn months_from_july_2026_are_scored_by_2026_07() {
    let engine = Engine::new(builtin_rule_sets(), shipped_catalog()).expect("an engine");
    assert_eq!(engine.rules_for(m("2026-06")).code, "2023-12");
    assert_eq!(engine.rules_for(m("2026-07")).code, "2026-07");
    assert_eq!(engine.rules_for(m("2027-01")).code, "2026-07");
}

/// `n` Modern Work tenants through `kind` with `seats` paid Exchange seats and `users` active users at
/// the as-of month (none a year before), named `prefix0`, `prefix1`, ...
fn mw_tenants(
    mut p: Partner,
    prefix: &str,
    kind: crate::domain::AssociationType,
    n: usize,
    seats: i64,
    users: i64,
) -> Partner {
    for i in 0..n {
        let t = format!("{prefix}{i}");
        p = p
            .claim(&t, kind, "2024-01-01")
            .rows(&t, "EXO", "2025-09", AS_OF, move |month, r| {
                r.paid_seats = Some(seats);
                r.active_users = Some(if month == m(AS_OF) { users } else { 0 });
            });
    }
    p
}

#[test]
fn microsofts_modern_work_usage_growth_examples_take_the_better_association_option() {
    // Enterprise: DPOR growth 2,000 (15 of 30) and CPOR growth 1,500 (45, capped at 30): 30.
    let ent = mw_tenants(Partner::new(), "D", Dpor, 1, 5000, 2000);
    let ent = mw_tenants(ent, "C", Cpor, 1, 5000, 1500);
    let g = on_track(&score(&ent, ModernWork), "ENT", UsageGrowth);
    assert_eq!((g.points, g.value), (dec!(30.00), dec!(1500)));
    // SMB: CSP growth 1,000 (15) and CPOR growth 1,000 (60, capped at 30): 30.
    let smb = mw_tenants(Partner::new(), "S", CspT1, 5, 300, 200);
    let smb = mw_tenants(smb, "C", Cpor, 5, 300, 200);
    let g = on_track(&score(&smb, ModernWork), "SMB", UsageGrowth);
    assert_eq!((g.points, g.value), (dec!(30.00), dec!(1000)));
}

#[test]
fn microsofts_modern_work_deployment_examples_take_the_better_association_option() {
    // Enterprise: 4 DPOR deployments (10 of 25) and 3 CPOR (15): 15.
    let ent = mw_tenants(Partner::new(), "D", Dpor, 4, 1000, 500);
    let ent = mw_tenants(ent, "C", Cpor, 3, 1000, 500);
    assert_eq!(
        on_track(&score(&ent, ModernWork), "ENT", Deployments).points,
        dec!(15.00)
    );
    // SMB: 4 CSP deployments (10) and 4 CPOR (20): 20.
    let smb = mw_tenants(Partner::new(), "S", CspT1, 4, 100, 50);
    let smb = mw_tenants(smb, "C", Cpor, 4, 100, 50);
    assert_eq!(
        on_track(&score(&smb, ModernWork), "SMB", Deployments).points,
        dec!(20.00)
    );
}

#[test]
fn microsofts_business_applications_mcv_example_gives_20000() {
    // 10 Business Central users x 1,000 + 50,000 Customer Insights profiles x 0.2 = 20,000 MCV, below
    // the SMB track's 25,000 baseline: no growth points, and the value shows the baseline MCV.
    let p = Partner::new()
        .claim("T", Cpor, "2024-01-01")
        .claim("T", Pal, "2024-01-01")
        .rows("T", "BUSINESS_CENTRAL", "2025-09", AS_OF, |_, r| {
            r.active_users = Some(10)
        })
        .rows("T", "D365_CUSTOMER_INSIGHTS", "2025-09", AS_OF, |_, r| {
            r.profiles = Some(50_000)
        });
    let g = on_track(
        &score(&p, DesignationCode::BusinessApplications),
        "SMB",
        UsageGrowth,
    );
    assert_eq!((g.points, g.value), (dec!(0.00), dec!(20000)));
}
