//! Catalogue facts the engine needs besides the rule set: when each certification was retired.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use serde::Deserialize;

/// Certification code → the day Microsoft retired it (`None`: not retired). Built at the edge from the
/// catalogue; a code the catalogue does not know is treated as not retired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertificationCatalog {
    retired_on: HashMap<String, Option<NaiveDate>>,
}

/// Why the catalogue text cannot give a certification catalogue.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Not JSON of the expected shape.
    #[error("catalogue is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    /// A retirement date that is not `YYYY-MM-DD`.
    #[error("certification {code}: retired_on must be YYYY-MM-DD, got {text:?}")]
    Date {
        /// The certification.
        code: String,
        /// What was given.
        text: String,
    },
}

#[derive(Deserialize)]
struct CatalogueFile {
    certifications: Vec<CertificationRow>,
}

#[derive(Deserialize)]
struct CertificationRow {
    code: String,
    retired_on: Option<String>,
}

impl CertificationCatalog {
    /// A catalogue from `(code, retired_on)` pairs.
    pub fn new<I, S>(certifications: I) -> Self
    where
        I: IntoIterator<Item = (S, Option<NaiveDate>)>,
        S: Into<String>,
    {
        Self {
            retired_on: certifications
                .into_iter()
                .map(|(c, r)| (c.into(), r))
                .collect(),
        }
    }

    /// Reads the `certifications` of a `catalogue.json` text; other keys are ignored.
    pub fn from_catalogue_json(text: &str) -> Result<Self, CatalogError> {
        let file: CatalogueFile = serde_json::from_str(text)?;
        let mut retired_on = HashMap::with_capacity(file.certifications.len());
        for row in file.certifications {
            let date = match row.retired_on {
                None => None,
                Some(text) => match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        return Err(CatalogError::Date {
                            code: row.code,
                            text,
                        });
                    }
                },
            };
            retired_on.insert(row.code, date);
        }
        Ok(Self { retired_on })
    }

    /// When the certification was retired, if it was.
    pub fn retired_on(&self, code: &str) -> Option<NaiveDate> {
        self.retired_on.get(code).copied().flatten()
    }

    /// Whether the catalogue lists the code.
    pub fn knows(&self, code: &str) -> bool {
        self.retired_on.contains_key(code)
    }

    /// The last day a retired certification still counts: one year after its retirement.
    pub fn counts_through(&self, code: &str) -> Option<NaiveDate> {
        self.retired_on(code).map(grace_end)
    }
}

/// One year after `retired_on` (29 February steps back to 28 February).
pub(crate) fn grace_end(retired_on: NaiveDate) -> NaiveDate {
    retired_on
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
pub(crate) fn shipped_catalog() -> CertificationCatalog {
    match CertificationCatalog::from_catalogue_json(include_str!(
        "../../../migration/catalogue/catalogue.json"
    )) {
        Ok(c) => c,
        Err(e) => panic!("catalogue.json: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_shipped_catalogue_knows_the_retired_certifications_of_2023_and_2026() {
        let c = shipped_catalog();
        assert_eq!(c.retired_on("MS-500"), Some(day("2023-06-30")));
        assert_eq!(c.counts_through("MS-500"), Some(day("2024-06-30")));
        assert_eq!(c.retired_on("AZ-220"), Some(day("2023-07-31")));
        assert_eq!(c.counts_through("AZ-600"), Some(day("2024-07-31")));
        assert_eq!(c.retired_on("MB-600"), Some(day("2021-06-30")));
        assert_eq!(
            c.retired_on("MB-230"),
            None,
            "Decision: MB-230 was not retired"
        );
        assert!(c.knows("AZ-500"));
        // Microsoft's 2026 pages: AZ-500 retires on 31 August 2026 and counts through August 2027;
        // SC-400 retired on 31 May 2025.
        assert_eq!(c.retired_on("AZ-500"), Some(day("2026-08-31")));
        assert_eq!(c.counts_through("AZ-500"), Some(day("2027-08-31")));
        assert_eq!(c.counts_through("SC-400"), Some(day("2026-05-31")));
        assert!(c.knows("SC-401"));
        assert_eq!(c.retired_on("SC-401"), None);
        assert!(!c.knows("XX-999"));
    }

    #[test]
    fn a_bad_retirement_date_is_refused() {
        let err = CertificationCatalog::from_catalogue_json(
            r#"{"certifications":[{"code":"A","retired_on":"30/06/2023"}]}"#,
        );
        assert!(matches!(err, Err(CatalogError::Date { .. })));
    }
}
