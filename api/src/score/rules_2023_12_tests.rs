//! Rule set 2023-12 (in force from 1 December 2023): the Security skilling steps with Microsoft's
//! published examples, Business Applications without PL-100, and which rule set scores a month.

use rust_decimal_macros::dec;

use crate::domain::DesignationCode::{BusinessApplications, Security};
use crate::domain::MetricCode::IntermediateCertifications;

use super::catalog::shipped_catalog;
use super::output::{DesignationScore, FactOutcome, MetricScore};
use super::rules_tests::{Partner, m};
use super::{Engine, RuleSet, builtin_rule_sets, score_designation};

fn rules_2023_12() -> RuleSet {
    builtin_rule_sets()
        .into_iter()
        .find(|r| r.code == "2023-12")
        .expect("rule set 2023-12 ships")
}

fn score(p: &Partner, d: crate::domain::DesignationCode) -> DesignationScore {
    score_designation(&rules_2023_12(), &shipped_catalog(), &p.0, m("2024-06"), d)
}

fn skilling(s: &DesignationScore) -> &MetricScore {
    s.metric(IntermediateCertifications)
        .expect("Security has intermediate certifications")
}

/// `step1`, `step2` and `step3` people, each holding only their step's certification (AZ-500, SC-200,
/// SC-300): the same under 2023-12 and 2026-07.
pub(super) fn steps(step1: usize, step2: usize, step3: usize) -> Partner {
    let mut p = Partner::new();
    for i in 0..step1 {
        p = p.pro(&format!("A{i}"), &["AZ-500"]);
    }
    for i in 0..step2 {
        p = p.pro(&format!("B{i}"), &["SC-200"]);
    }
    for i in 0..step3 {
        p = p.pro(&format!("C{i}"), &["SC-300"]);
    }
    p
}

#[test]
fn microsofts_example_two_two_and_three_people_give_twenty_points() {
    let k = skilling(&score(&steps(2, 2, 3), Security)).clone();
    assert_eq!(
        (k.points, k.value, k.target),
        (dec!(20.00), dec!(3), dec!(6))
    );
}

#[test]
fn microsofts_example_the_same_two_people_in_every_step_give_thirteen_point_three() {
    let both = &["AZ-500", "SC-200", "SC-100"];
    let p = Partner::new().pro("A", both).pro("B", both);
    let k = skilling(&score(&p, Security)).clone();
    assert_eq!((k.points, k.value), (dec!(13.33), dec!(2)));
}

#[test]
fn microsofts_example_an_empty_step_two_gives_nothing_and_says_so() {
    let k = skilling(&score(&steps(2, 0, 3), Security)).clone();
    assert_eq!((k.points, k.value), (dec!(0.00), dec!(3)));
    let short: Vec<&str> = k
        .facts
        .iter()
        .filter(|f| f.outcome == FactOutcome::Short)
        .map(|f| f.detail.as_str())
        .collect();
    assert_eq!(
        short,
        vec!["step 2 (SC-200, MS-500) has 0 professionals, needs 2: no points until it has"]
    );
    // One person in step 1 is as short as none.
    assert_eq!(
        skilling(&score(&steps(1, 2, 3), Security)).points,
        dec!(0.00)
    );
}

#[test]
fn sc_200_moves_from_step_three_to_step_two_and_ms_500_counts_in_step_two_until_july_2024() {
    // SC-200 alone earns nothing in step 3 any more.
    let p = steps(2, 2, 0).pro("D", &["SC-200"]);
    assert_eq!(skilling(&score(&p, Security)).points, dec!(0.00));
    // MS-500 (retired 2023-06-30) fills step 2 through 2024-06-30.
    let ms = Partner::new()
        .pro("A", &["AZ-500", "MS-500"])
        .pro("B", &["AZ-500", "MS-500"])
        .pro("C", &["SC-400"]);
    let at = |month: &str| {
        skilling(&score_designation(
            &rules_2023_12(),
            &shipped_catalog(),
            &ms.0,
            m(month),
            Security,
        ))
        .points
    };
    assert_eq!(at("2024-06"), dec!(6.67));
    assert_eq!(at("2024-07"), dec!(0.00));
}

#[test]
fn six_step_three_people_earn_the_maximum_and_a_seventh_adds_nothing() {
    assert_eq!(
        skilling(&score(&steps(2, 2, 6), Security)).points,
        dec!(40.00)
    );
    assert_eq!(
        skilling(&score(&steps(2, 2, 7), Security)).points,
        dec!(40.00)
    );
}

#[test]
fn business_applications_no_longer_counts_pl_100() {
    let p = Partner::new().pro("A", &["PL-100"]).pro("B", &["PL-200"]);
    let smb = |s: &DesignationScore| {
        s.tracks
            .iter()
            .find(|t| t.track == "SMB")
            .and_then(|t| {
                t.metrics
                    .iter()
                    .find(|m| m.metric == IntermediateCertifications)
            })
            .expect("the SMB track's intermediate certifications")
            .value
    };
    assert_eq!(smb(&score(&p, BusinessApplications)), dec!(1));
    let july = score_designation(
        &builtin_rule_sets().remove(0),
        &shipped_catalog(),
        &p.0,
        m("2024-06"),
        BusinessApplications,
    );
    assert_eq!(smb(&july), dec!(2));
}

#[test]
fn a_month_is_scored_by_the_rule_set_in_force_on_its_last_day() {
    let engine = Engine::new(builtin_rule_sets(), shipped_catalog()).unwrap();
    assert_eq!(engine.rules_for(m("2023-11")).code, "2023-07");
    assert_eq!(engine.rules_for(m("2023-12")).code, "2023-12");
    assert_eq!(engine.rules_for(m("2026-06")).code, "2023-12");
    // Months before the first rule set are scored by the oldest.
    assert_eq!(engine.rules_for(m("2022-01")).code, "2023-07");
    let p = steps(2, 2, 3);
    let scores = engine.score(&p.0, m("2024-06"));
    assert!(scores.iter().all(|s| s.rule_set == "2023-12"));
    // A what-if under 2023-07 scores the same rows by the older rules (nobody holds all three).
    let july = engine.rule_set("2023-07").unwrap();
    let what_if = engine.score_under(july, &p.0, m("2024-06"));
    let security = what_if.iter().find(|s| s.designation == Security).unwrap();
    assert_eq!(security.rule_set, "2023-07");
    assert_eq!(skilling(security).points, dec!(0.00));
}
