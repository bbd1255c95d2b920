//! A calendar month (`YYYY-MM`), the unit every score is computed in.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month. Ordered, and cheap to step forwards and backwards.
///
/// Stored as the number of months since year 0 so that `m - 12` and ranges are plain arithmetic.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

/// Why a text is not a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a month YYYY-MM, got {0:?}")]
pub struct MonthParseError(pub String);

impl Month {
    /// The month of a year, `month` in `1..=12`. `None` when out of range.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return None;
        }
        Some(Self(year * 12 + month as i32 - 1))
    }

    /// The month a day falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self(date.year() * 12 + date.month0() as i32)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The month of the year, `1..=12`.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier when `n` is negative).
    #[must_use]
    pub fn plus(self, n: i32) -> Self {
        Self(self.0 + n)
    }

    /// The month `n` months earlier.
    #[must_use]
    pub fn minus(self, n: i32) -> Self {
        Self(self.0 - n)
    }

    /// How many months `self` is after `earlier` (negative when before).
    pub fn months_since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.plus(1)
            .first_day()
            .pred_opt()
            .unwrap_or(NaiveDate::MAX)
    }

    /// Every month from `self` to `last`, both included (empty when `last < self`).
    pub fn through(self, last: Month) -> impl DoubleEndedIterator<Item = Month> + Clone {
        (self.0..=last.0).map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Month {
    type Err = MonthParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || MonthParseError(s.to_string());
        let bytes = s.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' || !s[..4].bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        if !s[5..].bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = s[..4].parse().map_err(|_| err())?;
        let month: u32 = s[5..].parse().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_parses_prints_and_steps_across_years() {
        let m: Month = "2024-06".parse().unwrap();
        assert_eq!(m.to_string(), "2024-06");
        assert_eq!(m.minus(12).to_string(), "2023-06");
        assert_eq!(m.minus(6).to_string(), "2023-12");
        assert_eq!(m.plus(7).to_string(), "2025-01");
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        assert_eq!(
            Month::of(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()).to_string(),
            "2024-02"
        );
        assert_eq!(m.months_since(m.minus(23)), 23);
    }

    #[test]
    fn malformed_months_are_refused() {
        for bad in [
            "2024-13",
            "2024-00",
            "2024-6",
            "24-06",
            "2024/06",
            "",
            "2024-06-01",
            "abcd-ef",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }
}
