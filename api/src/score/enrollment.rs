//! Enrollment status per designation, as Partner Center shows it, from the monthly verdicts and the
//! partner's anniversary date (domain-reference section 5):
//!
//! - a partner **without an anniversary date** has not enrolled: a designation is `QUALIFIED` when its
//!   requirements were met in a month of the qualification window ending at the as-of month (the
//!   month and the five before it), else `IN_PROGRESS`;
//! - a partner **with one** is enrolled for the year from its latest anniversary on or before the
//!   month's last day to the next. A designation is `ENROLLED` for that year when its requirements were
//!   met at the anniversary's check (a month of the window ending at the anniversary's month) or in any
//!   month since (a Solutions Partner's further designations enroll as they are met), whatever its score
//!   does afterwards; else `IN_PROGRESS`;
//! - an enrolled designation is `RENEWAL_DUE` from the first month of the renewal window: the next
//!   anniversary's month and the five months before it, within which it must be met again.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Month;

/// Where a designation stands in the program's enrollment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EnrollmentStatus {
    /// Requirements not met in the window that counts.
    InProgress,
    /// Met in the qualification window, and the partner has not enrolled.
    Qualified,
    /// Enrolled until the next anniversary, whatever the score does.
    Enrolled,
    /// Enrolled, and the renewal window before the next anniversary is open.
    RenewalDue,
}

/// A designation's enrollment as of a month, with the window that decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    /// The status.
    pub status: EnrollmentStatus,
    /// First day of the window the status is about: the qualification window (`IN_PROGRESS`,
    /// `QUALIFIED`), the enrolled year (`ENROLLED`) or the renewal window (`RENEWAL_DUE`).
    pub window_start: NaiveDate,
    /// Last day of that window.
    pub window_end: NaiveDate,
    /// The anniversary the enrollment lasts until (excluded), when enrolled.
    pub enrolled_until: Option<NaiveDate>,
    /// The month requirements were last met within the window that decides the status, if any.
    pub met_in: Option<Month>,
    /// Why, in a sentence.
    pub detail: String,
}

/// The partner's anniversaries around `as_of`: the latest on or before its last day, and the next
/// (a 29 February anniversary falls on 28 February in other years).
pub fn anniversaries(anniversary: NaiveDate, as_of: Month) -> (NaiveDate, NaiveDate) {
    let end = as_of.last_day();
    let shift = |years: i32| {
        let months = Months::new(years.unsigned_abs() * 12);
        if years >= 0 {
            anniversary.checked_add_months(months)
        } else {
            anniversary.checked_sub_months(months)
        }
        .unwrap_or(anniversary)
    };
    let mut years = end.year() - anniversary.year();
    while shift(years) > end {
        years -= 1;
    }
    while shift(years + 1) <= end {
        years += 1;
    }
    (shift(years), shift(years + 1))
}

/// The months whose verdicts [`enrollment`] reads for `as_of`: from the start of the anniversary's
/// check window (or of the qualification window, when not enrolled) to `as_of`.
pub fn verdict_months(
    anniversary: Option<NaiveDate>,
    window_months: i32,
    as_of: Month,
) -> (Month, Month) {
    let back = window_months.max(1) - 1;
    let from = match anniversary {
        Some(a) => Month::of(anniversaries(a, as_of).0).minus(back),
        None => as_of.minus(back),
    };
    (from.min(as_of.minus(back)), as_of)
}

/// The latest of `met` (the months a designation met its requirements) within `first..=last`.
fn latest_met(met: &[Month], first: Month, last: Month) -> Option<Month> {
    met.iter()
        .copied()
        .filter(|m| (first..=last).contains(m))
        .max()
}

/// A designation's enrollment as of `as_of`, from the months it met its requirements (`met`; see
/// the module documentation for the rules).
pub fn enrollment(
    anniversary: Option<NaiveDate>,
    window_months: i32,
    met: &[Month],
    as_of: Month,
) -> Enrollment {
    let back = window_months.max(1) - 1;
    let window = (as_of.minus(back), as_of);
    let Some(anniversary) = anniversary else {
        let met_in = latest_met(met, window.0, window.1);
        let (status, detail) = match met_in {
            Some(m) => (
                EnrollmentStatus::Qualified,
                format!(
                    "requirements met in {m}, within the qualification window; the partner has not enrolled (no anniversary date)"
                ),
            ),
            None => (
                EnrollmentStatus::InProgress,
                "requirements not met in any month of the qualification window".to_string(),
            ),
        };
        return Enrollment {
            status,
            window_start: window.0.first_day(),
            window_end: window.1.last_day(),
            enrolled_until: None,
            met_in,
            detail,
        };
    };

    let (last, next) = anniversaries(anniversary, as_of);
    let check_from = Month::of(last).minus(back);
    let Some(enrolled_by) = latest_met(met, check_from, as_of) else {
        return Enrollment {
            status: EnrollmentStatus::InProgress,
            window_start: window.0.first_day(),
            window_end: window.1.last_day(),
            enrolled_until: None,
            met_in: None,
            detail: format!(
                "requirements not met at the anniversary of {last} nor in any month since; met in a month before {next}, it enrolls"
            ),
        };
    };
    let renewal = (Month::of(next).minus(back), Month::of(next));
    if as_of >= renewal.0 {
        let met_in = latest_met(met, renewal.0, as_of);
        let detail = match met_in {
            Some(m) => format!(
                "enrolled until {next}; the renewal window is open and requirements were met in {m}"
            ),
            None => format!(
                "enrolled until {next}; the renewal window is open and requirements are not met in it yet"
            ),
        };
        return Enrollment {
            status: EnrollmentStatus::RenewalDue,
            window_start: renewal.0.first_day(),
            window_end: renewal.1.last_day(),
            enrolled_until: Some(next),
            met_in,
            detail,
        };
    }
    Enrollment {
        status: EnrollmentStatus::Enrolled,
        window_start: last,
        window_end: next.checked_sub_days(Days::new(1)).unwrap_or(next),
        enrolled_until: Some(next),
        met_in: Some(enrolled_by),
        detail: format!(
            "enrolled from the anniversary of {last} until {next} (requirements met in {enrolled_by}), whatever the score does meanwhile"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EnrollmentStatus::{Enrolled, InProgress, Qualified, RenewalDue};

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A designation met in exactly `months`.
    fn met(months: &[&str]) -> Vec<Month> {
        months.iter().map(|x| m(x)).collect()
    }

    fn at(anniversary: Option<&str>, met: &[Month], as_of: &str) -> Enrollment {
        enrollment(anniversary.map(d), 6, met, m(as_of))
    }

    #[test]
    fn anniversaries_are_the_latest_on_or_before_the_month_end_and_the_next() {
        assert_eq!(
            anniversaries(d("2022-08-15"), m("2024-06")),
            (d("2023-08-15"), d("2024-08-15"))
        );
        assert_eq!(
            anniversaries(d("2022-08-15"), m("2024-08")),
            (d("2024-08-15"), d("2025-08-15"))
        );
        // An anniversary after the month: the year before it.
        assert_eq!(
            anniversaries(d("2025-03-01"), m("2024-06")),
            (d("2024-03-01"), d("2025-03-01"))
        );
        assert_eq!(
            anniversaries(d("2024-02-29"), m("2025-06")),
            (d("2025-02-28"), d("2026-02-28"))
        );
    }

    #[test]
    fn a_partner_that_has_not_enrolled_is_qualified_while_met_in_the_window_else_in_progress() {
        let v = met(&["2024-02"]);
        let e = at(None, &v, "2024-06");
        assert_eq!(
            (e.status, e.window_start, e.window_end, e.met_in),
            (
                Qualified,
                d("2024-01-01"),
                d("2024-06-30"),
                Some(m("2024-02"))
            )
        );
        assert_eq!(e.enrolled_until, None);
        // 2024-02 has left the window by August.
        assert_eq!(at(None, &v, "2024-08").status, InProgress);
        assert_eq!(at(None, &met(&[]), "2024-06").status, InProgress);
    }

    #[test]
    fn enrolled_stays_until_the_anniversary_whatever_the_score_does() {
        // Anniversary 15 August; met at the 2023 check (in 2023-05), never since.
        let v = met(&["2023-05"]);
        let e = at(Some("2022-08-15"), &v, "2024-01");
        assert_eq!(
            (e.status, e.window_start, e.window_end, e.enrolled_until),
            (
                Enrolled,
                d("2023-08-15"),
                d("2024-08-14"),
                Some(d("2024-08-15"))
            )
        );
        assert!(e.detail.contains("whatever the score does"), "{}", e.detail);
        // A designation first met between anniversaries enrolls then.
        let later = at(Some("2022-08-15"), &met(&["2023-11"]), "2024-01");
        assert_eq!((later.status, later.met_in), (Enrolled, Some(m("2023-11"))));
        // Not met at the check nor since: in progress.
        assert_eq!(
            at(Some("2022-08-15"), &met(&["2022-12"]), "2024-01").status,
            InProgress
        );
    }

    #[test]
    fn renewal_is_due_from_five_months_before_the_anniversary_month_through_it() {
        // Microsoft's example: anniversary 15 August 2024, window 1 March – 31 August 2024.
        let v = met(&["2023-06"]);
        assert_eq!(at(Some("2022-08-15"), &v, "2024-02").status, Enrolled);
        let due = at(Some("2022-08-15"), &v, "2024-03");
        assert_eq!(
            (
                due.status,
                due.window_start,
                due.window_end,
                due.enrolled_until
            ),
            (
                RenewalDue,
                d("2024-03-01"),
                d("2024-08-31"),
                Some(d("2024-08-15"))
            )
        );
        assert_eq!(due.met_in, None);
        assert!(due.detail.contains("not met in it yet"), "{}", due.detail);
        let renewed = at(Some("2022-08-15"), &met(&["2023-06", "2024-04"]), "2024-06");
        assert_eq!(
            (renewed.status, renewed.met_in),
            (RenewalDue, Some(m("2024-04")))
        );
        // After the anniversary, the new year's check decides: met in 2024-04, so enrolled again.
        let next_year = at(Some("2022-08-15"), &met(&["2023-06", "2024-04"]), "2024-09");
        assert_eq!(
            (next_year.status, next_year.enrolled_until),
            (Enrolled, Some(d("2025-08-15")))
        );
        // Not met in the renewal window: the next year is in progress.
        assert_eq!(at(Some("2022-08-15"), &v, "2024-09").status, InProgress);
    }

    #[test]
    fn the_verdicts_read_reach_back_to_the_anniversary_s_check() {
        assert_eq!(
            verdict_months(Some(d("2022-08-15")), 6, m("2024-06")),
            (m("2023-03"), m("2024-06"))
        );
        assert_eq!(
            verdict_months(None, 6, m("2024-06")),
            (m("2024-01"), m("2024-06"))
        );
        // Just after an anniversary the qualification window is the longer reach.
        assert_eq!(
            verdict_months(Some(d("2022-06-15")), 6, m("2024-06")),
            (m("2024-01"), m("2024-06"))
        );
    }
}
