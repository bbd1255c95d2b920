//! One test per rule and per Decision of the specs, on small hand-made partners.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::domain::{AssociationType, DesignationCode, MetricCode, Month};

use super::catalog::shipped_catalog;
use super::input::{
    CustomerAssociation, HeldCertification, PartnerData, ProfessionalAssociation, UsageRow,
};
use super::output::{DesignationScore, FactKind, FactOutcome, MetricScore};
use super::{RuleSet, builtin_rule_sets, score_designation, score_partner};

use AssociationType::{Cpor, CspT1, Dpor, Pal};
use DesignationCode::{
    BusinessApplications, DataAiAzure, DigitalAppInnovationAzure, InfrastructureAzure, ModernWork,
    Security,
};
use MetricCode::{
    AdvancedCertifications, Deployments, IntermediateCertifications, NetCustomerAdds, UsageGrowth,
};

pub(super) fn m(s: &str) -> Month {
    match s.parse() {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

pub(super) fn day(s: &str) -> NaiveDate {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d,
        Err(e) => panic!("{s}: {e}"),
    }
}

/// A partner under construction.
#[derive(Debug, Clone, Default)]
pub(super) struct Partner(pub(super) PartnerData);

impl Partner {
    pub(super) fn new() -> Self {
        Self(PartnerData {
            partner_id: "P".into(),
            ..PartnerData::default()
        })
    }

    /// An association of `tenant` (its own TPID) covering every workload.
    pub(super) fn claim(self, tenant: &str, kind: AssociationType, from: &str) -> Self {
        self.assoc(tenant, tenant, kind, None, from, None)
    }

    pub(super) fn assoc(
        mut self,
        tenant: &str,
        tpid: &str,
        kind: AssociationType,
        workload: Option<&str>,
        from: &str,
        to: Option<&str>,
    ) -> Self {
        self.0.associations.push(CustomerAssociation {
            tenant_id: tenant.into(),
            tpid: tpid.into(),
            association_type: kind,
            workload: workload.map(str::to_string),
            start_date: day(from),
            end_date: to.map(day),
        });
        self
    }

    /// One row per month from `from` to `to` of `workload`, filled by `fill`.
    pub(super) fn rows(
        mut self,
        tenant: &str,
        workload: &str,
        from: &str,
        to: &str,
        fill: impl Fn(Month, &mut UsageRow),
    ) -> Self {
        for month in m(from).through(m(to)) {
            let mut row = UsageRow {
                tenant_id: tenant.into(),
                month,
                workload: workload.into(),
                paid_seats: None,
                protected_users: None,
                active_users: None,
                acr_cents: None,
                revenue_cents: None,
                profiles: None,
            };
            fill(month, &mut row);
            self.0.usage.push(row);
        }
        self
    }

    /// A professional associated from `on`, holding `certs` earned on 2023-03-01.
    pub(super) fn pro(self, id: &str, certs: &[&str]) -> Self {
        self.pro_at(
            id,
            "2023-01-01",
            None,
            &certs
                .iter()
                .map(|c| (*c, "2023-03-01", None))
                .collect::<Vec<_>>(),
        )
    }

    pub(super) fn pro_at(
        mut self,
        id: &str,
        on: &str,
        off: Option<&str>,
        certs: &[(&str, &str, Option<&str>)],
    ) -> Self {
        self.0.professionals.push(ProfessionalAssociation {
            professional_id: id.into(),
            associated_on: day(on),
            removed_on: off.map(day),
        });
        for (code, earned, expires) in certs {
            self.0.certifications.push(HeldCertification {
                professional_id: id.into(),
                certification: (*code).into(),
                earned_on: day(earned),
                expires_on: expires.map(day),
            });
        }
        self
    }

    pub(super) fn score(&self, d: DesignationCode, as_of: &str) -> DesignationScore {
        score_designation(&rules(), &shipped_catalog(), &self.0, m(as_of), d)
    }
}

pub(super) fn rules() -> RuleSet {
    builtin_rule_sets().remove(0)
}

fn metric(s: &DesignationScore, metric: MetricCode) -> &MetricScore {
    match s.metric(metric) {
        Some(x) => x,
        None => panic!("{} has no {metric}", s.designation),
    }
}

fn track_metric<'s>(s: &'s DesignationScore, track: &str, metric: MetricCode) -> &'s MetricScore {
    match s.track_score(track).and_then(|t| t.metric(metric)) {
        Some(x) => x,
        None => panic!("{} has no {track} {metric}", s.designation),
    }
}

fn seats(n: i64) -> impl Fn(Month, &mut UsageRow) {
    move |_, r| r.paid_seats = Some(n)
}

fn acr(usd: i64) -> impl Fn(Month, &mut UsageRow) {
    move |_, r| r.acr_cents = Some(usd * 100)
}

const SECURITY_PRO: &[&str] = &["MS-500", "AZ-500", "SC-200"];

// ---- associations ----------------------------------------------------------------------------------

#[test]
fn an_association_starting_on_the_last_day_of_a_month_is_active_in_that_month() {
    let p = Partner::new()
        .assoc("T", "T", Cpor, None, "2024-06-30", None)
        .rows("T", "MDE", "2024-06", "2024-06", seats(30));
    assert_eq!(
        metric(&p.score(Security, "2024-06"), NetCustomerAdds).value,
        dec!(1)
    );
}

#[test]
fn an_association_ending_on_the_first_day_of_a_month_is_still_active_in_it() {
    let p = Partner::new()
        .assoc("T", "T", Cpor, None, "2022-01-01", Some("2024-06-01"))
        .rows("T", "MDE", "2024-06", "2024-06", seats(30));
    assert_eq!(
        metric(&p.score(Security, "2024-06"), NetCustomerAdds).value,
        dec!(1)
    );
    let ended = Partner::new()
        .assoc("T", "T", Cpor, None, "2022-01-01", Some("2024-05-31"))
        .rows("T", "MDE", "2024-06", "2024-06", seats(30));
    assert_eq!(
        metric(&ended.score(Security, "2024-06"), NetCustomerAdds).value,
        dec!(0)
    );
}

#[test]
fn an_association_naming_a_workload_covers_only_that_workload() {
    let p = Partner::new()
        .assoc("T", "T", Cpor, Some("MDO"), "2022-01-01", None)
        .rows("T", "MDE", "2024-06", "2024-06", seats(30));
    assert_eq!(
        metric(&p.score(Security, "2024-06"), NetCustomerAdds).value,
        dec!(0)
    );
    let p = p.rows("T", "MDO", "2024-06", "2024-06", seats(30));
    assert_eq!(
        metric(&p.score(Security, "2024-06"), NetCustomerAdds).value,
        dec!(1)
    );
}

#[test]
fn a_row_covered_by_two_associations_counts_once() {
    let p = Partner::new()
        .claim("T", Cpor, "2022-01-01")
        .assoc("T", "T", Cpor, Some("EXO"), "2022-01-01", None)
        .rows("T", "EXO", "2023-06", "2024-06", |month, r| {
            r.paid_seats = Some(400);
            r.active_users = Some(if month == m("2024-06") { 300 } else { 100 });
        });
    let s = p.score(ModernWork, "2024-06");
    assert_eq!(
        track_metric(&s, "ENT", UsageGrowth)
            .option("CPOR")
            .map(|o| o.value),
        Some(dec!(200))
    );
}

// ---- Security: skilling ----------------------------------------------------------------------------

fn security_pros(n: usize) -> Partner {
    (0..n).fold(Partner::new(), |p, i| p.pro(&format!("S{i}"), SECURITY_PRO))
}

#[test]
fn a_partner_with_six_qualified_professionals_gets_forty_points() {
    let s = security_pros(6).score(Security, "2024-06");
    let skilling = metric(&s, IntermediateCertifications);
    assert_eq!(
        (skilling.points, skilling.value, skilling.target),
        (dec!(40.00), dec!(6), dec!(6))
    );
    assert_eq!(
        metric(
            &security_pros(9).score(Security, "2024-06"),
            IntermediateCertifications
        )
        .points,
        dec!(40.00)
    );
}

#[test]
fn five_qualified_professionals_give_thirty_three_point_three_three() {
    let skilling = metric(
        &security_pros(5).score(Security, "2024-06"),
        IntermediateCertifications,
    )
    .clone();
    assert_eq!(skilling.points, dec!(33.33));
    assert_eq!(skilling.points_missing, dec!(6.67));
}

#[test]
fn a_security_professional_needs_ms_500_az_500_and_one_of_the_sc_certifications() {
    let p = Partner::new()
        .pro("A", &["MS-500", "AZ-500"])
        .pro("B", &["AZ-500", "SC-300"])
        .pro("C", &["MS-500", "AZ-500", "SC-400"]);
    let s = p.score(Security, "2024-06");
    let k = metric(&s, IntermediateCertifications);
    assert_eq!(k.value, dec!(1));
    let detail = |id: &str| {
        k.facts
            .iter()
            .find(|f| f.subject == id)
            .map(|f| (f.outcome, f.detail.clone()))
    };
    assert_eq!(
        detail("A"),
        Some((
            FactOutcome::NotCounted,
            "missing one of SC-200, SC-300, SC-400".to_string()
        ))
    );
    assert_eq!(
        detail("B"),
        Some((FactOutcome::NotCounted, "missing MS-500".to_string()))
    );
    assert_eq!(detail("C").map(|d| d.0), Some(FactOutcome::Counted));
}

#[test]
fn ms_500_counts_through_june_2024_and_no_longer_in_july_2024() {
    let p = security_pros(1);
    assert_eq!(
        metric(&p.score(Security, "2024-06"), IntermediateCertifications).value,
        dec!(1)
    );
    let july = p.score(Security, "2024-07");
    let k = metric(&july, IntermediateCertifications);
    assert_eq!(k.value, dec!(0));
    assert_eq!(
        k.facts[0].detail,
        "MS-500 retired on 2023-06-30, more than a year before 2024-07-31 (it counted through 2024-06-30)"
    );
}

#[test]
fn an_expired_certification_is_not_counted_and_its_expiry_day_is_shown() {
    let p = Partner::new().pro_at(
        "A",
        "2023-01-01",
        None,
        &[
            ("MS-500", "2023-03-01", None),
            ("AZ-500", "2022-03-01", Some("2024-03-01")),
            ("SC-200", "2023-03-01", None),
        ],
    );
    let s = p.score(Security, "2024-06");
    let k = metric(&s, IntermediateCertifications);
    assert_eq!(k.value, dec!(0));
    assert_eq!(k.facts[0].detail, "AZ-500 expired on 2024-03-01");
}

#[test]
fn a_professional_removed_before_the_end_of_the_month_does_not_count() {
    let certs: Vec<(&str, &str, Option<&str>)> = SECURITY_PRO
        .iter()
        .map(|c| (*c, "2023-03-01", None))
        .collect();
    let p = Partner::new().pro_at("A", "2023-01-01", Some("2024-06-15"), &certs);
    let k = metric(&p.score(Security, "2024-06"), IntermediateCertifications).clone();
    assert_eq!(k.value, dec!(0));
    assert_eq!(
        k.facts[0].detail,
        "not associated at the end of 2024-06 (removed on 2024-06-15)"
    );
    assert_eq!(
        metric(&p.score(Security, "2024-05"), IntermediateCertifications).value,
        dec!(1)
    );
}

// ---- Security: net customer adds --------------------------------------------------------------------

#[test]
fn a_security_microsoft_365_customer_needs_25_paid_seats_through_cpor() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "MDE", "2024-06", "2024-06", seats(25))
        .claim("B", Cpor, "2022-01-01")
        .rows("B", "MDE", "2024-06", "2024-06", seats(24))
        .claim("C", Dpor, "2022-01-01")
        .rows("C", "MDE", "2024-06", "2024-06", seats(100))
        .claim("D", Cpor, "2022-01-01")
        .rows("D", "EXO", "2024-06", "2024-06", seats(100));
    let s = p.score(Security, "2024-06");
    let nca = metric(&s, NetCustomerAdds);
    assert_eq!((nca.value, nca.points), (dec!(1), dec!(2.00)));
    assert_eq!(
        nca.facts
            .iter()
            .filter(|f| f.outcome == FactOutcome::Added)
            .map(|f| f.subject.as_str())
            .collect::<Vec<_>>(),
        vec!["A"]
    );
}

#[test]
fn a_security_azure_customer_is_a_tpid_averaging_100_dollars_a_month_over_twelve_months() {
    let p = Partner::new()
        .assoc("A1", "Q", Pal, None, "2022-01-01", None)
        .assoc("A2", "Q", Pal, None, "2022-01-01", None)
        .rows("A1", "SENTINEL", "2023-07", "2024-06", acr(60))
        .rows("A2", "IAM", "2023-07", "2024-06", acr(40))
        .assoc("B1", "R", Pal, None, "2022-01-01", None)
        .rows("B1", "SENTINEL", "2023-07", "2024-06", |month, r| {
            r.acr_cents = Some(if month == m("2024-06") { 9_999 } else { 10_000 })
        });
    let s = p.score(Security, "2024-06");
    let nca = metric(&s, NetCustomerAdds);
    assert_eq!(
        nca.value,
        dec!(1),
        "Q averages $100 exactly; R averages just under"
    );
    let q = nca
        .facts
        .iter()
        .find(|f| f.kind == FactKind::Tpid)
        .map(|f| (f.subject.clone(), f.number("average_monthly_acr_at_as_of")));
    assert_eq!(q, Some(("Q".to_string(), Some(dec!(100)))));
}

#[test]
fn azure_spend_before_the_pal_association_started_does_not_count() {
    let p = Partner::new().claim("A", Pal, "2024-01-01").rows(
        "A",
        "SENTINEL",
        "2023-07",
        "2024-06",
        acr(150),
    );
    // Only January to June 2024 count: 6 x 150 / 12 = 75, below 100.
    let nca = metric(&p.score(Security, "2024-06"), NetCustomerAdds).clone();
    assert_eq!(nca.value, dec!(0));
}

#[test]
fn microsoft_365_rows_count_only_through_cpor_and_azure_rows_only_through_pal() {
    let p = Partner::new()
        .claim("A", Pal, "2022-01-01")
        .rows("A", "MDE", "2024-06", "2024-06", seats(100))
        .claim("B", Cpor, "2022-01-01")
        .rows("B", "SENTINEL", "2023-07", "2024-06", acr(500));
    assert_eq!(
        metric(&p.score(Security, "2024-06"), NetCustomerAdds).value,
        dec!(0)
    );
}

#[test]
fn a_lost_customer_makes_net_adds_negative_and_the_points_zero() {
    let p = Partner::new().claim("A", Cpor, "2022-01-01").rows(
        "A",
        "MDE",
        "2023-06",
        "2023-06",
        seats(30),
    );
    let s = p.score(Security, "2024-06");
    let nca = metric(&s, NetCustomerAdds);
    assert_eq!((nca.value, nca.points), (dec!(-1), dec!(0.00)));
    assert_eq!(nca.facts[0].outcome, FactOutcome::Lost);
}

#[test]
fn security_net_adds_give_two_points_each_up_to_twenty() {
    let p = (0..12).fold(Partner::new(), |p, i| {
        let t = format!("T{i}");
        p.claim(&t, Cpor, "2022-01-01")
            .rows(&t, "MDE", "2024-06", "2024-06", seats(30))
    });
    let nca = metric(&p.score(Security, "2024-06"), NetCustomerAdds).clone();
    assert_eq!(
        (nca.value, nca.points, nca.target),
        (dec!(12), dec!(20.00), dec!(10))
    );
}

// ---- Security: deployments --------------------------------------------------------------------------

#[test]
fn a_security_deployment_needs_fifteen_percent_of_paid_seats_protected() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "MDE", "2024-06", "2024-06", |_, r| {
            r.paid_seats = Some(100);
            r.protected_users = Some(15);
        })
        .claim("B", Cpor, "2022-01-01")
        .rows("B", "MDE", "2024-06", "2024-06", |_, r| {
            r.paid_seats = Some(100);
            r.protected_users = Some(14);
        });
    let d = metric(&p.score(Security, "2024-06"), Deployments).clone();
    assert_eq!((d.value, d.points), (dec!(1), dec!(3.33)));
}

#[test]
fn a_customer_already_deployed_at_the_baseline_is_not_a_new_deployment() {
    let p = Partner::new().claim("A", Cpor, "2022-01-01").rows(
        "A",
        "MDE",
        "2023-06",
        "2024-06",
        |_, r| {
            r.paid_seats = Some(100);
            r.protected_users = Some(50);
        },
    );
    let d = metric(&p.score(Security, "2024-06"), Deployments).clone();
    assert_eq!(d.value, dec!(0));
    assert_eq!(d.facts[0].outcome, FactOutcome::NotCounted);
}

#[test]
fn a_customer_deployed_in_any_month_after_the_baseline_counts_even_if_it_dropped_since() {
    let p = Partner::new().claim("A", Cpor, "2022-01-01").rows(
        "A",
        "MDE",
        "2023-06",
        "2024-06",
        |month, r| {
            r.paid_seats = Some(100);
            r.protected_users = Some(if month == m("2023-09") { 20 } else { 0 });
        },
    );
    let d = metric(&p.score(Security, "2024-06"), Deployments).clone();
    assert_eq!(d.value, dec!(1));
    assert!(
        d.facts[0].detail.contains("deployed in 2023-09"),
        "{}",
        d.facts[0].detail
    );
}

#[test]
fn an_azure_security_deployment_needs_12000_dollars_over_twelve_months_and_counts_besides_microsoft_365()
 {
    let p = Partner::new()
        .claim("A", Pal, "2022-01-01")
        .rows("A", "SENTINEL", "2023-07", "2024-06", acr(1000))
        .claim("B", Pal, "2022-01-01")
        .rows("B", "SENTINEL", "2023-07", "2024-06", acr(999))
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "MDE", "2024-06", "2024-06", |_, r| {
            r.paid_seats = Some(100);
            r.protected_users = Some(100);
        });
    let d = metric(&p.score(Security, "2024-06"), Deployments).clone();
    assert_eq!(
        (d.value, d.points),
        (dec!(2), dec!(6.67)),
        "A once for Microsoft 365 and once for Azure"
    );
}

// ---- Security: usage growth -------------------------------------------------------------------------

#[test]
fn usage_growth_is_counted_from_the_month_the_customer_was_claimed() {
    let p = Partner::new().claim("A", Cpor, "2024-02-15").rows(
        "A",
        "MDE",
        "2022-07",
        "2024-06",
        |month, r| {
            r.paid_seats = Some(100);
            r.protected_users = Some(if month >= m("2024-02") {
                100 + i64::from(month.month())
            } else {
                10
            });
        },
    );
    let g = metric(&p.score(Security, "2024-06"), UsageGrowth).clone();
    assert_eq!(g.value, dec!(4), "106 at 2024-06 - 102 at 2024-02");
}

#[test]
fn a_customer_released_and_claimed_again_counts_from_the_new_claim() {
    let p = Partner::new()
        .assoc("A", "A", Cpor, None, "2022-01-01", Some("2023-12-31"))
        .assoc("A", "A", Cpor, None, "2024-03-01", None)
        .rows("A", "MDE", "2022-07", "2024-06", |month, r| {
            r.protected_users = Some(i64::from(month.month()) * 10)
        });
    let g = metric(&p.score(Security, "2024-06"), UsageGrowth).clone();
    assert_eq!(g.value, dec!(30), "60 at 2024-06 - 30 at 2024-03");
}

#[test]
fn a_customer_claimed_before_the_baseline_grows_from_the_baseline() {
    let p = Partner::new().claim("A", Cpor, "2020-01-01").rows(
        "A",
        "MDE",
        "2022-07",
        "2024-06",
        |month, r| {
            r.protected_users = Some(if month == m("2023-06") { 100 } else { 150 });
        },
    );
    assert_eq!(
        metric(&p.score(Security, "2024-06"), UsageGrowth).value,
        dec!(50)
    );
}

#[test]
fn security_usage_growth_adds_its_two_parts_each_clamped_at_zero() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "MDE", "2023-06", "2024-06", |month, r| {
            r.protected_users = Some(if month == m("2024-06") { 0 } else { 1000 })
        })
        .claim("B", Pal, "2022-01-01")
        .rows("B", "SENTINEL", "2023-06", "2024-06", |month, r| {
            r.acr_cents = Some(if month == m("2024-06") { 1_250_000 } else { 0 })
        });
    let g = metric(&p.score(Security, "2024-06"), UsageGrowth).clone();
    assert_eq!(g.value, dec!(-1000));
    assert_eq!(
        g.points,
        dec!(10.00),
        "the negative user part counts 0, $12,500 of ACR growth is 10 points"
    );
    let total = g
        .facts
        .iter()
        .find(|f| f.kind == FactKind::Total)
        .and_then(|f| f.number("acr_growth"));
    assert_eq!(total, Some(dec!(12500)));
}

#[test]
fn security_usage_growth_is_linear_and_capped_at_twenty() {
    let grow = |users: i64| {
        Partner::new()
            .claim("A", Cpor, "2022-01-01")
            .rows("A", "MDE", "2023-06", "2024-06", move |month, r| {
                r.protected_users = Some(if month == m("2024-06") { users } else { 0 })
            })
            .score(Security, "2024-06")
    };
    assert_eq!(metric(&grow(125), UsageGrowth).points, dec!(1.00));
    assert_eq!(metric(&grow(2500), UsageGrowth).points, dec!(20.00));
    assert_eq!(metric(&grow(9000), UsageGrowth).points, dec!(20.00));
}

// ---- meeting requirements --------------------------------------------------------------------------

/// Ten tenants added since the baseline and deployed since 2023-07, six professionals; each tenant has
/// `protected_at_as_of` protected users at the as-of month.
fn strong_security(protected_at_as_of: i64) -> Partner {
    (0..10).fold(security_pros(6), |p, i| {
        let t = format!("T{i}");
        p.claim(&t, Cpor, "2022-01-01")
            .rows(&t, "MDE", "2023-06", "2024-06", move |month, r| {
                let (seats, protected) = match month {
                    x if x == m("2023-06") => (0, 0),
                    x if x == m("2024-06") => (100, protected_at_as_of),
                    _ => (100, 20),
                };
                r.paid_seats = Some(seats);
                r.protected_users = Some(protected);
            })
    })
}

#[test]
fn meeting_requirements_needs_seventy_points_and_at_least_one_point_in_every_metric() {
    // 10 adds (20), 6 professionals (40), 10 deployments (20), growth 10 x 20 = 200 users (1.60).
    let s = strong_security(20).score(Security, "2024-06");
    assert_eq!(metric(&s, UsageGrowth).points, dec!(1.60));
    assert_eq!(s.total, dec!(81.60));
    assert!(s.meets_requirements);
    // Growth of 100 users (0.80 points) leaves the total above 70 but one metric below 1 point.
    let s = strong_security(10).score(Security, "2024-06");
    assert_eq!(metric(&s, UsageGrowth).points, dec!(0.80));
    assert_eq!(s.total, dec!(80.80));
    assert!(!s.meets_requirements);
}

#[test]
fn the_total_is_the_sum_of_the_rounded_metric_points() {
    let s = strong_security(20).score(Security, "2024-06");
    assert_eq!(s.total, s.metrics.iter().map(|m| m.points).sum::<Decimal>());
    assert_eq!(s.total.scale(), 2);
}

// ---- Modern Work ------------------------------------------------------------------------------------

#[test]
fn a_tenant_with_500_exchange_seats_and_50_teams_seats_is_eligible_in_both_tracks() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "EXO", "2024-06", "2024-06", seats(500))
        .rows("A", "TEAMS", "2024-06", "2024-06", seats(50));
    let s = p.score(ModernWork, "2024-06");
    assert_eq!(track_metric(&s, "ENT", NetCustomerAdds).value, dec!(1));
    assert_eq!(track_metric(&s, "SMB", NetCustomerAdds).value, dec!(1));
}

#[test]
fn the_modern_work_bands_are_more_than_300_seats_and_11_to_300_seats() {
    let one = |n: i64| {
        let s = Partner::new()
            .claim("A", Cpor, "2022-01-01")
            .rows("A", "EXO", "2024-06", "2024-06", seats(n))
            .score(ModernWork, "2024-06");
        (
            track_metric(&s, "ENT", NetCustomerAdds).value,
            track_metric(&s, "SMB", NetCustomerAdds).value,
        )
    };
    assert_eq!(one(301), (dec!(1), dec!(0)));
    assert_eq!(one(300), (dec!(0), dec!(1)));
    assert_eq!(one(11), (dec!(0), dec!(1)));
    assert_eq!(one(10), (dec!(0), dec!(0)));
}

#[test]
fn modern_work_net_adds_count_through_each_tracks_association_types() {
    let s = Partner::new()
        .claim("D", Dpor, "2022-01-01")
        .rows("D", "EXO", "2024-06", "2024-06", seats(100))
        .claim("C", CspT1, "2022-01-01")
        .rows("C", "EXO", "2024-06", "2024-06", seats(400))
        .score(ModernWork, "2024-06");
    assert_eq!(
        track_metric(&s, "ENT", NetCustomerAdds).value,
        dec!(0),
        "CSP does not count for Enterprise"
    );
    assert_eq!(
        track_metric(&s, "SMB", NetCustomerAdds).value,
        dec!(0),
        "DPOR does not count for SMB"
    );
}

#[test]
fn with_nothing_to_choose_between_modern_work_shows_enterprise() {
    let s = Partner::new().score(ModernWork, "2024-06");
    assert_eq!(s.track.as_deref(), Some("ENT"));
    assert_eq!(
        s.tracks
            .iter()
            .map(|t| t.track.as_str())
            .collect::<Vec<_>>(),
        vec!["ENT", "SMB"]
    );
    assert_eq!(
        s.facts
            .iter()
            .find(|f| f.outcome == FactOutcome::Chosen)
            .map(|f| f.subject.as_str()),
        Some("ENT")
    );
}

#[test]
fn modern_work_shows_the_higher_total_when_no_track_meets_requirements() {
    // Two SMB professionals with MS-700 earn SMB 10 intermediate points but Enterprise only 5.
    let s = Partner::new()
        .pro("A", &["MS-700"])
        .pro("B", &["MS-700"])
        .score(ModernWork, "2024-06");
    assert_eq!(s.track.as_deref(), Some("SMB"));
    assert_eq!(s.total, dec!(10.00));
}

#[test]
fn one_person_counts_in_both_modern_work_skilling_metrics_and_ms_900_counts() {
    let s = Partner::new()
        .pro("A", &["MS-900", "MS-102"])
        .score(ModernWork, "2024-06");
    assert_eq!(
        track_metric(&s, "ENT", IntermediateCertifications).points,
        dec!(2.50)
    );
    assert_eq!(
        track_metric(&s, "ENT", AdvancedCertifications).points,
        dec!(7.50)
    );
    assert_eq!(
        track_metric(&s, "SMB", AdvancedCertifications).points,
        dec!(15.00)
    );
    // The Teams Meetings and Meeting Rooms technical assessment counts for advanced too.
    let s = Partner::new()
        .pro("A", &["MS-102"])
        .pro("B", &["TEAMS-MTR-TA"])
        .score(ModernWork, "2024-06");
    assert_eq!(
        track_metric(&s, "ENT", AdvancedCertifications).points,
        dec!(15.00)
    );
}

#[test]
fn once_in_band_every_covered_workload_counts_for_usage_growth_and_users_count_per_workload() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "EXO", "2023-06", "2024-06", |month, r| {
            r.paid_seats = Some(500);
            r.active_users = Some(if month == m("2024-06") { 300 } else { 100 });
        })
        .rows("A", "TEAMS", "2023-06", "2024-06", |month, r| {
            r.paid_seats = Some(50);
            r.active_users = Some(if month == m("2024-06") { 50 } else { 10 });
        });
    let s = p.score(ModernWork, "2024-06");
    assert_eq!(
        track_metric(&s, "ENT", UsageGrowth).value,
        dec!(240),
        "(300 + 50) - (100 + 10)"
    );
    assert_eq!(track_metric(&s, "ENT", UsageGrowth).points, dec!(7.20));
}

#[test]
fn the_better_association_option_gives_the_points_and_cpor_wins_a_tie() {
    let grow = |p: Partner, t: &str, kind: AssociationType, users: i64| {
        p.claim(t, kind, "2022-01-01")
            .rows(t, "EXO", "2023-06", "2024-06", move |month, r| {
                r.paid_seats = Some(5000);
                r.active_users = Some(if month == m("2024-06") { users } else { 0 });
            })
    };
    let s =
        grow(grow(Partner::new(), "C", Cpor, 1000), "D", Dpor, 4000).score(ModernWork, "2024-06");
    let g = track_metric(&s, "ENT", UsageGrowth);
    assert_eq!(g.points, dec!(30.00));
    assert_eq!(
        g.options
            .iter()
            .filter(|o| o.chosen)
            .map(|o| o.option.as_str())
            .collect::<Vec<_>>(),
        vec!["CPOR"]
    );
    assert_eq!(g.value, dec!(1000));
}

#[test]
fn active_seats_are_capped_at_paid_seats_when_judging_a_deployment() {
    // EXO: 500 active of 100 paid counts as 100; TEAMS: 0 of 400. 100 / 500 = 20 %, not deployed.
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "EXO", "2024-06", "2024-06", |_, r| {
            r.paid_seats = Some(100);
            r.active_users = Some(500);
        })
        .rows("A", "TEAMS", "2024-06", "2024-06", seats(400));
    let s = p.score(ModernWork, "2024-06");
    assert_eq!(track_metric(&s, "ENT", Deployments).value, dec!(0));
}

#[test]
fn a_deployment_needs_forty_percent_of_paid_seats_active_across_the_covered_workloads() {
    let p = |active: i64| {
        Partner::new()
            .claim("A", Cpor, "2022-01-01")
            .rows("A", "EXO", "2024-06", "2024-06", move |_, r| {
                r.paid_seats = Some(400);
                r.active_users = Some(active);
            })
            .rows("A", "TEAMS", "2024-06", "2024-06", |_, r| {
                r.paid_seats = Some(100);
                r.active_users = Some(100);
            })
            .score(ModernWork, "2024-06")
    };
    assert_eq!(
        track_metric(&p(100), "ENT", Deployments).value,
        dec!(1),
        "200 / 500 = 40 %"
    );
    assert_eq!(track_metric(&p(99), "ENT", Deployments).value, dec!(0));
}

#[test]
fn a_tenant_claimed_within_the_year_and_already_deployed_then_is_not_counted() {
    let p = Partner::new().claim("A", Cpor, "2024-02-10").rows(
        "A",
        "EXO",
        "2022-07",
        "2024-06",
        |_, r| {
            r.paid_seats = Some(400);
            r.active_users = Some(300);
        },
    );
    let s = p.score(ModernWork, "2024-06");
    let d = track_metric(&s, "ENT", Deployments);
    assert_eq!(d.value, dec!(0));
    let excluded = d
        .option("CPOR")
        .map(|o| o.facts.iter().any(|f| f.outcome == FactOutcome::Excluded));
    assert_eq!(excluded, Some(true));
    // Claimed before the baseline, the same tenant is simply deployed at both ends: net 0, not excluded.
    let old = Partner::new().claim("A", Cpor, "2022-01-01").rows(
        "A",
        "EXO",
        "2022-07",
        "2024-06",
        |_, r| {
            r.paid_seats = Some(400);
            r.active_users = Some(300);
        },
    );
    let s = old.score(ModernWork, "2024-06");
    let facts = &track_metric(&s, "ENT", Deployments).options[0].facts;
    assert_eq!(facts[0].outcome, FactOutcome::Retained);
}

#[test]
fn one_dpor_deployment_gives_two_and_a_half_points() {
    let p = Partner::new().claim("A", Dpor, "2022-01-01").rows(
        "A",
        "EXO",
        "2024-06",
        "2024-06",
        |_, r| {
            r.paid_seats = Some(400);
            r.active_users = Some(400);
        },
    );
    let s = p.score(ModernWork, "2024-06");
    assert_eq!(
        track_metric(&s, "ENT", Deployments)
            .option("DPOR")
            .map(|o| o.points),
        Some(dec!(2.50))
    );
}

// ---- Business Applications --------------------------------------------------------------------------

fn revenue(usd: i64) -> impl Fn(Month, &mut UsageRow) {
    move |_, r| r.revenue_cents = Some(usd * 100)
}

#[test]
fn business_applications_is_enterprise_with_five_pairs_above_5000_now_and_a_year_ago() {
    let p = |at_base: i64, amount: i64| {
        (0..5).fold(Partner::new(), |p, i| {
            let t = format!("T{i}");
            let months = if i < at_base {
                ("2023-06", "2024-06")
            } else {
                ("2024-06", "2024-06")
            };
            p.claim(&t, Cpor, "2022-01-01").rows(
                &t,
                "BUSINESS_CENTRAL",
                months.0,
                months.1,
                revenue(amount),
            )
        })
    };
    assert_eq!(
        p(5, 5001)
            .score(BusinessApplications, "2024-06")
            .track
            .as_deref(),
        Some("ENT")
    );
    assert_eq!(
        p(4, 5001)
            .score(BusinessApplications, "2024-06")
            .track
            .as_deref(),
        Some("SMB")
    );
    assert_eq!(
        p(5, 5000)
            .score(BusinessApplications, "2024-06")
            .track
            .as_deref(),
        Some("SMB"),
        "above $5,000, strictly"
    );
    let s = p(5, 5001).score(BusinessApplications, "2024-06");
    assert_eq!(s.tracks.len(), 1);
    let f = &s.tracks[0].facts[0];
    assert_eq!(
        (f.number("big_at_as_of"), f.number("big_at_baseline")),
        (Some(dec!(5)), Some(dec!(5)))
    );
}

#[test]
fn business_applications_net_adds_count_pairs_from_the_threshold_inclusive() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "D365_SALES", "2024-06", "2024-06", revenue(150))
        .rows(
            "A",
            "D365_SALES_INSIGHTS",
            "2024-06",
            "2024-06",
            revenue(100),
        )
        .rows("A", "POWER_BI", "2024-06", "2024-06", revenue(249));
    let nca = metric(&p.score(BusinessApplications, "2024-06"), NetCustomerAdds).clone();
    assert_eq!(
        (nca.value, nca.points),
        (dec!(1), dec!(3.00)),
        "Sales and Sales Insights make one $250 Sales pair"
    );
}

#[test]
fn power_platform_usage_counts_only_through_pal_and_dynamics_usage_through_csp() {
    let p = Partner::new()
        .claim("A", Cpor, "2022-01-01")
        .rows("A", "POWER_APPS", "2024-06", "2024-06", |_, r| {
            r.active_users = Some(100)
        })
        .claim("B", CspT1, "2022-01-01")
        .rows("B", "D365_SALES", "2024-06", "2024-06", |_, r| {
            r.active_users = Some(25)
        });
    let d = metric(&p.score(BusinessApplications, "2024-06"), Deployments).clone();
    assert_eq!(d.value, dec!(1), "only B's 25 x 200 = 5,000");
}

#[test]
fn finance_and_supply_chain_users_add_up_to_one_finance_and_operations_pair() {
    let p = Partner::new()
        .claim("A", Dpor, "2022-01-01")
        .rows("A", "D365_FINANCE", "2024-06", "2024-06", |_, r| {
            r.active_users = Some(40)
        })
        .rows("A", "D365_SUPPLY_CHAIN", "2024-06", "2024-06", |_, r| {
            r.active_users = Some(10)
        });
    let d = metric(&p.score(BusinessApplications, "2024-06"), Deployments).clone();
    assert_eq!((d.value, d.points), (dec!(1), dec!(4.00)));
}

#[test]
fn business_applications_growth_needs_a_baseline_mcv_and_then_gives_a_point_per_percent() {
    let p = |base_users: i64| {
        Partner::new()
            .claim("A", Cpor, "2022-01-01")
            .rows(
                "A",
                "BUSINESS_CENTRAL",
                "2023-06",
                "2024-06",
                move |month, r| {
                    r.active_users = Some(if month == m("2024-06") {
                        base_users * 11 / 10
                    } else {
                        base_users
                    })
                },
            )
            .score(BusinessApplications, "2024-06")
    };
    let low = p(24);
    assert_eq!(
        (
            metric(&low, UsageGrowth).points,
            metric(&low, UsageGrowth).value
        ),
        (dec!(0.00), dec!(24000))
    );
    let ok = p(30);
    assert_eq!(
        (
            metric(&ok, UsageGrowth).points,
            metric(&ok, UsageGrowth).value
        ),
        (dec!(10.00), dec!(10))
    );
}

#[test]
fn mb_600_no_longer_counts_and_one_enterprise_architect_gives_two_point_one_four() {
    let s = Partner::new()
        .pro("A", &["MB-600"])
        .pro("B", &["PL-600"])
        .score(BusinessApplications, "2024-06");
    assert_eq!(metric(&s, AdvancedCertifications).value, dec!(1));
    assert_eq!(metric(&s, AdvancedCertifications).points, dec!(7.50), "SMB");
    let ent = (0..5).fold(Partner::new().pro("B", &["PL-600"]), |p, i| {
        let t = format!("T{i}");
        p.claim(&t, Cpor, "2022-01-01").rows(
            &t,
            "BUSINESS_CENTRAL",
            "2023-06",
            "2024-06",
            revenue(6000),
        )
    });
    let s = ent.score(BusinessApplications, "2024-06");
    assert_eq!(s.track.as_deref(), Some("ENT"));
    assert_eq!(metric(&s, AdvancedCertifications).points, dec!(2.14));
}

// ---- Azure ------------------------------------------------------------------------------------------

#[test]
fn an_azure_customer_with_1000_dollars_in_the_month_before_is_eligible() {
    let p = Partner::new().claim("A", Pal, "2022-01-01").rows(
        "A",
        "STORAGE",
        "2024-05",
        "2024-05",
        acr(1000),
    );
    for d in [DataAiAzure, DigitalAppInnovationAzure, InfrastructureAzure] {
        let nca = metric(&p.score(d, "2024-06"), NetCustomerAdds).clone();
        assert_eq!((nca.value, nca.points), (dec!(1), dec!(10.00)), "{d}");
    }
    assert_eq!(
        metric(&p.score(DataAiAzure, "2024-07"), NetCustomerAdds).value,
        dec!(0)
    );
}

#[test]
fn each_months_spend_counts_through_that_months_associations_only() {
    // Ended in May: May's spend still makes the tenant eligible in June ("one of the last two months").
    let ended = Partner::new()
        .assoc("A", "A", Pal, None, "2022-01-01", Some("2024-05-31"))
        .rows("A", "STORAGE", "2024-05", "2024-06", acr(1000));
    assert_eq!(
        metric(&ended.score(DataAiAzure, "2024-06"), NetCustomerAdds).value,
        dec!(1)
    );
    // Starting in June: May's spend gets no credit, June's is below the threshold.
    let started = Partner::new()
        .assoc("A", "A", Pal, None, "2024-06-01", None)
        .rows("A", "STORAGE", "2024-05", "2024-05", acr(1000))
        .rows("A", "STORAGE", "2024-06", "2024-06", acr(999));
    assert_eq!(
        metric(&started.score(DataAiAzure, "2024-06"), NetCustomerAdds).value,
        dec!(0)
    );
}

#[test]
fn azure_customers_are_tenants_and_count_through_pal_dpor_and_csp_but_not_cpor() {
    let p = Partner::new()
        .assoc("A", "Q", Pal, None, "2022-01-01", None)
        .assoc("B", "Q", CspT1, None, "2022-01-01", None)
        .assoc("C", "Q", Cpor, None, "2022-01-01", None)
        .rows("A", "STORAGE", "2024-06", "2024-06", acr(1000))
        .rows("B", "STORAGE", "2024-06", "2024-06", acr(1000))
        .rows("C", "STORAGE", "2024-06", "2024-06", acr(1000));
    assert_eq!(
        metric(&p.score(DataAiAzure, "2024-06"), NetCustomerAdds).value,
        dec!(2)
    );
}

#[test]
fn azure_growth_compares_trailing_twelve_month_acr_and_needs_1000_at_the_baseline() {
    let p = |base: i64| {
        Partner::new()
            .claim("A", Pal, "2022-01-01")
            .rows("A", "STORAGE", "2022-07", "2024-06", move |month, r| {
                r.acr_cents = Some(
                    if month <= m("2023-06") {
                        base
                    } else {
                        base * 2
                    } * 100,
                )
            })
            .score(InfrastructureAzure, "2024-06")
    };
    let g = metric(&p(100), UsageGrowth).clone();
    assert_eq!(
        (g.value, g.points, g.target),
        (dec!(100), dec!(20.00), dec!(20))
    );
    let g = metric(&p(83), UsageGrowth).clone();
    assert_eq!(
        (g.value, g.points),
        (dec!(996), dec!(0.00)),
        "12 x 83 = 996 at the baseline is below 1,000"
    );
}

#[test]
fn virtual_machines_and_other_services_are_never_azure_deployments() {
    let p = [
        "VIRTUAL_MACHINES",
        "VIRTUAL_MACHINES_LICENSES",
        "AZURE_OTHER",
        "STORAGE",
        "SENTINEL",
    ]
    .iter()
    .fold(Partner::new().claim("A", Pal, "2022-01-01"), |p, w| {
        p.rows("A", w, "2024-01", "2024-01", acr(10))
    });
    let d = metric(&p.score(DigitalAppInnovationAzure, "2024-06"), Deployments).clone();
    assert_eq!((d.value, d.points), (dec!(2), dec!(4.00)));
    assert_eq!(
        d.facts
            .iter()
            .filter(|f| f.outcome == FactOutcome::NotCounted)
            .count(),
        3
    );
}

#[test]
fn gated_skilling_gives_nothing_while_a_step_is_short_and_names_the_step() {
    let p = Partner::new()
        .pro("A", &["AZ-305"])
        .pro("B", &["AZ-104", "AI-102"])
        .pro("C", &["AZ-104", "AI-102"]);
    let s = p.score(DataAiAzure, "2024-06");
    let k = metric(&s, IntermediateCertifications);
    assert_eq!((k.points, k.value), (dec!(0.00), dec!(2)));
    let short: Vec<&str> = k
        .facts
        .iter()
        .filter(|f| f.outcome == FactOutcome::Short)
        .map(|f| f.detail.as_str())
        .collect();
    assert_eq!(
        short,
        vec!["step 1 (AZ-305) has 1 professional, needs 2: no points until it has"]
    );
    let fixed = p.pro("D", &["AZ-305"]).score(DataAiAzure, "2024-06");
    assert_eq!(
        metric(&fixed, IntermediateCertifications).points,
        dec!(8.00)
    );
}

#[test]
fn one_professional_may_count_in_every_step_and_the_final_step() {
    let p = Partner::new()
        .pro("A", &["AZ-305", "AZ-104", "DP-203"])
        .pro("B", &["AZ-305", "AZ-104", "DP-203"]);
    assert_eq!(
        metric(&p.score(DataAiAzure, "2024-06"), IntermediateCertifications).points,
        dec!(8.00)
    );
}

#[test]
fn az_220_counts_through_july_2024_for_digital_and_app_innovation() {
    let p = Partner::new()
        .pro("A", &["AZ-305"])
        .pro("B", &["AZ-305"])
        .pro("C", &["AZ-220"]);
    assert_eq!(
        metric(
            &p.score(DigitalAppInnovationAzure, "2024-07"),
            AdvancedCertifications
        )
        .points,
        dec!(4.00)
    );
    assert_eq!(
        metric(
            &p.score(DigitalAppInnovationAzure, "2024-08"),
            AdvancedCertifications
        )
        .points,
        dec!(0.00)
    );
}

#[test]
fn azure_skilling_gives_four_points_a_person_up_to_the_maximum() {
    let p = (0..12).fold(
        Partner::new()
            .pro("X", &["AZ-305", "AZ-104"])
            .pro("Y", &["AZ-305", "AZ-104"]),
        |p, i| p.pro(&format!("F{i}"), &["DP-100"]),
    );
    let k = metric(&p.score(DataAiAzure, "2024-06"), IntermediateCertifications).clone();
    assert_eq!(
        (k.value, k.points, k.target),
        (dec!(12), dec!(40.00), dec!(10))
    );
}

// ---- shape of the output ----------------------------------------------------------------------------

#[test]
fn every_metric_is_shown_even_when_zero_with_its_maximum_and_the_minimum_to_meet() {
    let scores = score_partner(
        &rules(),
        &shipped_catalog(),
        &Partner::new().0,
        m("2024-06"),
    );
    assert_eq!(scores.len(), 6);
    for s in &scores {
        assert_eq!(s.rule_set, "2023-07");
        assert_eq!(s.total, dec!(0.00));
        assert!(!s.meets_requirements);
        let max: Decimal = s.metrics.iter().map(|m| m.max_points).sum();
        assert_eq!(max, dec!(100), "{}", s.designation);
        for x in &s.metrics {
            assert_eq!(
                (x.points, x.points_missing, x.minimum_points),
                (dec!(0.00), x.max_points, dec!(1))
            );
            assert_eq!(x.category, x.metric.category());
        }
    }
    let counts: Vec<(DesignationCode, usize)> = scores
        .iter()
        .map(|s| (s.designation, s.metrics.len()))
        .collect();
    assert!(
        counts.contains(&(DataAiAzure, 4))
            && counts.contains(&(Security, 4))
            && counts.contains(&(ModernWork, 5))
    );
}

#[test]
fn metrics_are_listed_in_the_programs_order() {
    let s = Partner::new().score(ModernWork, "2024-06");
    let order: Vec<MetricCode> = s.metrics.iter().map(|m| m.metric).collect();
    assert_eq!(order, MetricCode::ALL.to_vec());
}

#[test]
fn scoring_one_designation_gives_the_same_as_scoring_them_all() {
    let p = strong_security(20).claim("X", Pal, "2022-01-01").rows(
        "X",
        "STORAGE",
        "2023-01",
        "2024-06",
        acr(2000),
    );
    let all = score_partner(&rules(), &shipped_catalog(), &p.0, m("2024-06"));
    for s in &all {
        assert_eq!(&p.score(s.designation, "2024-06"), s);
    }
}

#[test]
fn a_score_round_trips_through_json() {
    let s = strong_security(20).score(Security, "2024-06");
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains("\"kind\":\"CUSTOMER\""), "{text}");
    assert_eq!(serde_json::from_str::<DesignationScore>(&text).unwrap(), s);
}

#[test]
fn a_designation_missing_from_the_rule_set_scores_zero_and_says_why() {
    let mut r = rules();
    r.designations.retain(|d| d.code != Security);
    let s = score_designation(
        &r,
        &shipped_catalog(),
        &security_pros(6).0,
        m("2024-06"),
        Security,
    );
    assert_eq!(
        (s.total, s.meets_requirements, s.metrics.len()),
        (dec!(0.00), false, 0)
    );
    assert_eq!(
        s.facts[0].detail,
        "rule set 2023-07 does not score SECURITY"
    );
}
