//! The program catalogue as shipped: `catalogue/catalogue.json` and one file per rule set in
//! `catalogue/rule-sets/`. The migration loads it into the database; the score engine reads the rule
//! sets from the same text, so the two can never disagree.

use serde::Deserialize;

/// The catalogue file, as text.
pub const CATALOGUE_JSON: &str = include_str!("../catalogue/catalogue.json");

/// Every shipped rule set, as `(code, JSON text)`, oldest first.
pub const RULE_SETS: &[(&str, &str)] = &[
    (
        "2023-07",
        include_str!("../catalogue/rule-sets/2023-07.json"),
    ),
    (
        "2023-12",
        include_str!("../catalogue/rule-sets/2023-12.json"),
    ),
    (
        "2026-07",
        include_str!("../catalogue/rule-sets/2026-07.json"),
    ),
];

/// The catalogue file.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalogue {
    /// The six designations.
    pub designations: Vec<Designation>,
    /// Every workload code a usage row or association may name.
    pub workloads: Vec<Workload>,
    /// Every certification code a professional may hold.
    pub certifications: Vec<Certification>,
    /// Specializations and the designations that admit them.
    pub specializations: Vec<Specialization>,
    /// Benefits of designations and of specializations.
    pub benefits: Vec<Benefit>,
    /// How many specializations' benefits stack, per group.
    pub stacking_caps: Vec<StackingCap>,
}

/// A Solutions Partner designation.
#[derive(Debug, Clone, Deserialize)]
pub struct Designation {
    /// e.g. `SECURITY`.
    pub code: String,
    /// e.g. "Solutions Partner for Security".
    pub name: String,
    /// e.g. "Security".
    pub short_name: String,
    /// Display order.
    pub sort_order: i32,
}

/// A workload: a product whose usage earns points.
#[derive(Debug, Clone, Deserialize)]
pub struct Workload {
    /// e.g. `MDE`.
    pub code: String,
    /// e.g. "Microsoft Defender for Endpoint".
    pub name: String,
    /// `M365`, `AZURE` or `BIZAPPS`: decides which usage columns carry meaning.
    pub family: String,
    /// e.g. "Microsoft 365", "Azure", "Dynamics 365", "Power Platform".
    pub product_line: String,
}

/// A Microsoft certification (or assessment) a professional may hold.
#[derive(Debug, Clone, Deserialize)]
pub struct Certification {
    /// The exam code that names it, e.g. `AZ-500`.
    pub code: String,
    /// Its full name.
    pub name: String,
    /// Fundamentals, Associate, Expert, Specialty or Assessment.
    pub level: String,
    /// When Microsoft retired it (`YYYY-MM-DD`), if it did.
    pub retired_on: Option<String>,
}

/// A specialization.
#[derive(Debug, Clone, Deserialize)]
pub struct Specialization {
    /// e.g. `THREAT_PROTECTION`.
    pub code: String,
    /// e.g. "Threat Protection".
    pub name: String,
    /// Designation codes; any one of them admits the specialization.
    pub prerequisites: Vec<String>,
    /// The group whose benefit stacking cap applies.
    pub stacking_group: String,
}

/// A benefit of a designation, or of each specialization of a group.
#[derive(Debug, Clone, Deserialize)]
pub struct Benefit {
    /// Unique code.
    pub code: String,
    /// e.g. "Azure Production Credits".
    pub product_group: String,
    /// What the partner receives.
    pub description: String,
    /// How many (text: amounts such as 6000 USD or 25 users).
    pub quantity: Option<String>,
    /// The unit of `quantity`.
    pub unit: Option<String>,
    /// How often, e.g. `year`.
    pub period: Option<String>,
    /// The designation that grants it, or
    pub designation: Option<String>,
    /// the specialization group each of whose specializations grants it.
    pub specialization_group: Option<String>,
    /// Where the fact comes from.
    pub source: String,
}

/// The most specializations of a group whose benefits stack.
#[derive(Debug, Clone, Deserialize)]
pub struct StackingCap {
    /// e.g. `SECURITY`.
    pub group: String,
    /// e.g. 3.
    pub max_specializations: i32,
    /// Where the fact comes from.
    pub source: String,
}

/// Parses the shipped catalogue.
pub fn catalogue() -> Result<Catalogue, serde_json::Error> {
    serde_json::from_str(CATALOGUE_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_parses_and_has_the_six_designations() {
        let c = catalogue().unwrap();
        assert_eq!(c.designations.len(), 6);
        assert!(
            c.workloads
                .iter()
                .any(|w| w.code == "MDE" && w.family == "M365")
        );
        let ms500 = c
            .certifications
            .iter()
            .find(|c| c.code == "MS-500")
            .unwrap();
        assert_eq!(ms500.retired_on.as_deref(), Some("2023-06-30"));
        let designations: Vec<&str> = c.designations.iter().map(|d| d.code.as_str()).collect();
        for s in &c.specializations {
            assert!(
                !s.prerequisites.is_empty(),
                "{} has no prerequisite",
                s.code
            );
            for p in &s.prerequisites {
                assert!(
                    designations.contains(&p.as_str()),
                    "{} names unknown {p}",
                    s.code
                );
            }
        }
    }
}
