//! The forecast: a partner's rows as they would be if nothing new happened after the last month with
//! data. Usage is held flat (each tenant's rows of that month repeat in every later month); the dates
//! already recorded take their course: certifications expire or pass their retirement grace,
//! associations and professionals end on their recorded days, and baselines and trailing windows roll
//! forward. Scoring the held rows with the same engine gives the forecast, so every point lost carries
//! the fact that loses it.

use super::input::PartnerData;
use crate::domain::Month;

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
