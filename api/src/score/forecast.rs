//! The forecast: a partner's rows as they would be if nothing new happened after the last month with
//! data. Usage is held flat (each tenant's rows of that month repeat in every later month); the dates
//! already recorded take their course: certifications expire or pass their retirement grace,
//! associations and professionals end on their recorded days, and baselines and trailing windows roll
//! forward. Scoring the held rows with the same engine gives the forecast, so every point lost carries
//! the fact that loses it.

use chrono::NaiveDate;

use super::engine::Engine;
use super::input::PartnerData;
use super::output::DesignationScore;
use crate::domain::{DesignationCode, Month};

/// The first month of usage a forecast of the `months` months after `last` reads.
pub fn usage_from(engine: &Engine, last: Month, months: i32) -> Month {
    last.plus(1)
        .through(last.plus(months))
        .map(|m| engine.rules_for(m).usage_window(m).0)
        .min()
        .unwrap_or(last)
}

/// The scores of each of the `months` months after `last` (of every designation, or only
/// `designation`'s), oldest first, from `data` held flat at `last` ([`hold_flat`]); each month under
/// the rule set in force at its end.
pub fn scores_ahead(
    engine: &Engine,
    data: &PartnerData,
    last: Month,
    months: i32,
    designation: Option<DesignationCode>,
) -> Vec<(Month, Vec<DesignationScore>)> {
    let end = last.plus(months);
    let held = hold_flat(data, last, end);
    last.plus(1)
        .through(end)
        .map(|m| {
            let rules = engine.rules_for(m);
            let scores = match designation {
                Some(d) => vec![super::score_designation(
                    rules,
                    engine.certifications(),
                    &held,
                    m,
                    d,
                )],
                None => engine.score_under(rules, &held, m),
            };
            (m, scores)
        })
        .collect()
}

/// Months of forecast the risk of a partner without an anniversary date reads.
pub const RISK_MONTHS_WITHOUT_ANNIVERSARY: i32 = 6;

/// How many months after `last` (the latest month with data) the risk of a designation reads: up to the
/// month of the partner's next anniversary (1 to 12), or six without an anniversary date.
pub fn risk_horizon(anniversary: Option<NaiveDate>, last: Month) -> i32 {
    match anniversary {
        Some(a) => {
            let (_, next) = super::enrollment::anniversaries(a, last);
            Month::of(next).months_since(last).clamp(1, 12)
        }
        None => RISK_MONTHS_WITHOUT_ANNIVERSARY,
    }
}

/// **At risk**: requirements met now (`met_now`) and not in the last month of the horizon under the
/// forecast (`ahead`: each forecast month, oldest first, with its verdict). When at risk, the first
/// forecast month in which requirements are not met; `None` when not at risk.
pub fn first_month_at_risk(met_now: bool, ahead: &[(Month, bool)]) -> Option<Month> {
    let lost_at_end = ahead.last().is_some_and(|(_, met)| !met);
    if !(met_now && lost_at_end) {
        return None;
    }
    ahead.iter().find(|(_, met)| !met).map(|(m, _)| *m)
}

/// For a designation met at `last`: the first forecast month in which it is lost, when it is lost at
/// `end` (the end of its risk horizon) under `held` (the partner's rows [`hold_flat`] through `end`),
/// as [`first_month_at_risk`] says; `None` when it is still met at `end`. `end` is scored first, so
/// a designation not at risk costs one score.
pub fn at_risk_from(
    engine: &Engine,
    held: &PartnerData,
    last: Month,
    end: Month,
    designation: DesignationCode,
) -> Option<Month> {
    let meets = |m: Month| {
        super::score_designation(
            engine.rules_for(m),
            engine.certifications(),
            held,
            m,
            designation,
        )
        .meets_requirements
    };
    if meets(end) {
        return None;
    }
    last.plus(1).through(end).find(|m| *m == end || !meets(*m))
}

/// `data` with the usage rows of `last` repeated in every month after it through `through`. Rows of
/// months after `last` already in `data` are dropped: the forecast assumes nothing new.
pub fn hold_flat(data: &PartnerData, last: Month, through: Month) -> PartnerData {
    let mut out = data.clone();
    out.usage.retain(|u| u.month <= last);
    let held: Vec<_> = data.usage.iter().filter(|u| u.month == last).collect();
    for month in last.plus(1).through(through) {
        out.usage.extend(held.iter().map(|u| {
            let mut row = (*u).clone();
            row.month = month;
            row
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::AssociationType::Cpor;
    use crate::domain::DesignationCode::Security;
    use crate::domain::MetricCode::{IntermediateCertifications, NetCustomerAdds};
    use crate::score::catalog::shipped_catalog;
    use crate::score::rules_tests::{Partner, m};
    use crate::score::{builtin_rule_sets, score_designation};

    fn rules_2023_12() -> crate::score::RuleSet {
        builtin_rule_sets()
            .into_iter()
            .find(|r| r.code == "2023-12")
            .expect("rule set 2023-12 ships")
    }

    #[test]
    fn a_designation_is_at_risk_when_met_now_and_lost_at_the_horizon_from_its_first_lost_month() {
        let ahead = |v: &[bool]| -> Vec<(Month, bool)> {
            v.iter()
                .enumerate()
                .map(|(i, met)| (m("2024-06").plus(i32::try_from(i).unwrap() + 1), *met))
                .collect()
        };
        assert_eq!(
            first_month_at_risk(true, &ahead(&[true, false, true, false])),
            Some(m("2024-08"))
        );
        // Lost on the way, met again by the horizon: not at risk.
        assert_eq!(first_month_at_risk(true, &ahead(&[false, true])), None);
        // Not met now: nothing to lose.
        assert_eq!(first_month_at_risk(false, &ahead(&[false])), None);
        assert_eq!(first_month_at_risk(true, &[]), None);
        // The horizon ends at the month of the next anniversary.
        let a = "2023-09-15".parse().ok();
        assert_eq!(risk_horizon(a, m("2024-06")), 3);
        assert_eq!(risk_horizon(None, m("2024-06")), 6);
    }

    #[test]
    fn the_last_months_rows_repeat_and_later_rows_are_dropped() {
        let p = Partner::new().claim("T", Cpor, "2023-01-01").rows(
            "T",
            "MDE",
            "2024-05",
            "2024-07",
            |month, r| {
                r.paid_seats = Some(if month == m("2024-06") { 40 } else { 10 });
            },
        );
        let held = hold_flat(&p.0, m("2024-06"), m("2024-08"));
        let seats: Vec<(String, Option<i64>)> = held
            .usage
            .iter()
            .map(|u| (u.month.to_string(), u.paid_seats))
            .collect();
        assert_eq!(
            seats,
            [
                ("2024-05".to_string(), Some(10)),
                ("2024-06".to_string(), Some(40)),
                ("2024-07".to_string(), Some(40)),
                ("2024-08".to_string(), Some(40)),
            ]
        );
    }

    #[test]
    fn a_certification_past_its_grace_and_an_ending_association_cost_their_points_in_the_forecast()
    {
        // Six professionals complete steps 1 and 2 with MS-500, which counts through 2024-06-30, and
        // one customer's association ends on 2024-07-15.
        let mut p = Partner::new();
        for i in 0..6 {
            p = p.pro(&format!("P{i}"), &["AZ-500", "MS-500", "SC-300"]);
        }
        let p = p
            .assoc("T", "T", Cpor, None, "2023-01-01", Some("2024-07-15"))
            .rows("T", "MDE", "2023-01", "2024-06", |month, r| {
                r.paid_seats = Some(if month >= m("2024-01") { 30 } else { 0 });
            });
        let held = hold_flat(&p.0, m("2024-06"), m("2024-08"));
        let at = |month: &str| {
            score_designation(
                &rules_2023_12(),
                &shipped_catalog(),
                &held,
                m(month),
                Security,
            )
        };
        let june = at("2024-06");
        assert_eq!(
            june.metric(IntermediateCertifications).map(|k| k.points),
            Some(dec!(40.00))
        );
        assert_eq!(june.metric(NetCustomerAdds).map(|k| k.value), Some(dec!(1)));
        let july = at("2024-07");
        // Step 2 needs SC-200 or MS-500: MS-500 no longer counts, so the skilling metric is 0, and
        // the fact says which step is short.
        let k = july.metric(IntermediateCertifications).unwrap();
        assert_eq!(k.points, dec!(0.00));
        assert!(
            k.facts
                .iter()
                .any(|f| f.detail.starts_with("step 2 (SC-200, MS-500) has 0"))
        );
        // The association still covers July (it ends in the month); in August the customer is gone.
        assert_eq!(july.metric(NetCustomerAdds).map(|k| k.value), Some(dec!(1)));
        let august = at("2024-08");
        assert_eq!(
            august.metric(NetCustomerAdds).map(|k| k.value),
            Some(dec!(0))
        );
    }
}
