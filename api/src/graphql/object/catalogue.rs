//! The program catalogue: designations with their metrics and maximum points, specializations with
//! prerequisites, benefits, certifications, workloads and rule sets. Readable by anyone.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;

use super::enums::{DesignationCode, MetricCode, ScoreCategory};
use crate::db::catalogue::Catalogue;
use crate::db::model;
use crate::graphql::error::not_found;

fn catalogue<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Catalogue>> {
    ctx.data::<Arc<Catalogue>>()
}

/// A Solutions Partner designation.
pub struct Designation {
    code: crate::domain::DesignationCode,
    name: String,
    short_name: String,
}

impl Designation {
    /// The designation with this code, from the catalogue.
    pub fn of(
        ctx: &Context<'_>,
        code: crate::domain::DesignationCode,
    ) -> async_graphql::Result<Self> {
        let cat = catalogue(ctx)?;
        let row = cat
            .designations
            .iter()
            .find(|d| d.code == code.as_str())
            .ok_or_else(|| not_found(code))?;
        Ok(Self {
            code,
            name: row.name.clone(),
            short_name: row.short_name.clone(),
        })
    }

    /// Every designation, in display order.
    pub fn all(ctx: &Context<'_>) -> async_graphql::Result<Vec<Self>> {
        let cat = catalogue(ctx)?;
        Ok(cat
            .designations
            .iter()
            .filter_map(|d| {
                Some(Self {
                    code: d.code.parse().ok()?,
                    name: d.name.clone(),
                    short_name: d.short_name.clone(),
                })
            })
            .collect())
    }
}

#[Object]
impl Designation {
    /// The code, e.g. `SECURITY`.
    async fn code(&self) -> DesignationCode {
        self.code.into()
    }

    /// The full name, e.g. "Solutions Partner for Security".
    async fn name(&self) -> &str {
        &self.name
    }

    /// The short name, e.g. "Security".
    async fn short_name(&self) -> &str {
        &self.short_name
    }

    /// The metrics and their maximum points under a rule set (default: the newest).
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::METRICS, child_complexity)"
    )]
    async fn metrics(
        &self,
        ctx: &Context<'_>,
        rule_set: Option<String>,
    ) -> async_graphql::Result<Vec<MetricDefinition>> {
        let cat = catalogue(ctx)?;
        let rule_set = match rule_set {
            Some(r) => r,
            None => cat
                .rule_sets
                .last()
                .map(|r| r.code.clone())
                .unwrap_or_default(),
        };
        Ok(cat
            .metrics
            .iter()
            .filter(|m| m.rule_set_code == rule_set && m.designation_code == self.code.as_str())
            .filter_map(|m| {
                Some(MetricDefinition {
                    metric: m
                        .metric_code
                        .parse::<crate::domain::MetricCode>()
                        .ok()?
                        .into(),
                    category: m
                        .category
                        .parse::<crate::domain::ScoreCategory>()
                        .ok()?
                        .into(),
                    max_points: f64::from(m.max_points),
                })
            })
            .collect())
    }

    /// The workloads whose usage counts for this designation under a rule set (default: the newest).
    async fn eligible_workloads(
        &self,
        ctx: &Context<'_>,
        rule_set: Option<String>,
    ) -> async_graphql::Result<Vec<Workload>> {
        let cat = catalogue(ctx)?;
        let rule_set = rule_set
            .or_else(|| cat.rule_sets.last().map(|r| r.code.clone()))
            .unwrap_or_default();
        let codes: Vec<&str> = cat
            .workload_eligibility
            .iter()
            .filter(|w| w.rule_set_code == rule_set && w.designation_code == self.code.as_str())
            .map(|w| w.workload_code.as_str())
            .collect();
        Ok(cat
            .workloads
            .iter()
            .filter(|w| codes.contains(&w.code.as_str()))
            .map(Workload::from)
            .collect())
    }

    /// The certifications that count for this designation's metrics under a rule set.
    async fn eligible_certifications(
        &self,
        ctx: &Context<'_>,
        rule_set: Option<String>,
    ) -> async_graphql::Result<Vec<EligibleCertification>> {
        let cat = catalogue(ctx)?;
        let rule_set = rule_set
            .or_else(|| cat.rule_sets.last().map(|r| r.code.clone()))
            .unwrap_or_default();
        Ok(cat
            .certification_eligibility
            .iter()
            .filter(|c| c.rule_set_code == rule_set && c.designation_code == self.code.as_str())
            .filter_map(|c| {
                Some(EligibleCertification {
                    metric: c
                        .metric_code
                        .parse::<crate::domain::MetricCode>()
                        .ok()?
                        .into(),
                    certification: c.certification_code.clone(),
                    step: c.step.clone(),
                })
            })
            .collect())
    }

    /// The specializations this designation admits.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn specializations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Specialization>> {
        let cat = catalogue(ctx)?;
        Ok(cat
            .specializations
            .iter()
            .filter(|s| {
                cat.prerequisites.iter().any(|p| {
                    p.specialization_code == s.code && p.designation_code == self.code.as_str()
                })
            })
            .map(|s| Specialization::new(cat, s))
            .collect())
    }

    /// The benefits this designation grants.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn benefits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Benefit>> {
        let cat = catalogue(ctx)?;
        Ok(cat
            .benefits
            .iter()
            .filter(|b| b.designation_code.as_deref() == Some(self.code.as_str()))
            .map(Benefit::from)
            .collect())
    }
}

/// A metric of a designation with its maximum points.
#[derive(SimpleObject)]
pub struct MetricDefinition {
    /// The metric.
    pub metric: MetricCode,
    /// Its category.
    pub category: ScoreCategory,
    /// The most points it gives.
    pub max_points: f64,
}

/// A certification that counts for a metric (and, for gated skilling, a step).
#[derive(SimpleObject)]
pub struct EligibleCertification {
    /// The metric.
    pub metric: MetricCode,
    /// The certification code.
    pub certification: String,
    /// The list it is in: `any`, or a step label such as `s1`, `s2`, `fin`.
    pub step: String,
}

/// A workload: a product whose usage earns points.
#[derive(SimpleObject)]
pub struct Workload {
    /// e.g. `MDE`.
    pub code: String,
    /// e.g. "Microsoft Defender for Endpoint".
    pub name: String,
    /// `M365`, `AZURE` or `BIZAPPS`.
    pub family: String,
    /// e.g. "Microsoft 365", "Azure", "Dynamics 365", "Power Platform".
    pub product_line: String,
}

impl From<&model::Workload> for Workload {
    fn from(w: &model::Workload) -> Self {
        Self {
            code: w.code.clone(),
            name: w.name.clone(),
            family: w.family.clone(),
            product_line: w.product_line.clone(),
        }
    }
}

/// A Microsoft certification or assessment.
#[derive(SimpleObject)]
pub struct Certification {
    /// The exam code that names it, e.g. `AZ-500`.
    pub code: String,
    /// Its full name.
    pub name: String,
    /// Fundamentals, Associate, Expert, Specialty or Assessment.
    pub level: String,
    /// When Microsoft retired it; it still counts for one year after.
    pub retired_on: Option<NaiveDate>,
}

impl From<&model::Certification> for Certification {
    fn from(c: &model::Certification) -> Self {
        Self {
            code: c.code.clone(),
            name: c.name.clone(),
            level: c.level.clone(),
            retired_on: c.retired_on,
        }
    }
}

/// A specialization and the designations that admit it.
#[derive(SimpleObject)]
pub struct Specialization {
    /// e.g. `THREAT_PROTECTION`.
    pub code: String,
    /// e.g. "Threat Protection".
    pub name: String,
    /// Any one of these designations admits it.
    pub prerequisites: Vec<DesignationCode>,
    /// The group whose benefit stacking cap applies.
    pub stacking_group: String,
    /// The most specializations of the group whose benefits stack (none: no cap).
    pub stacking_cap: Option<i32>,
}

impl Specialization {
    pub(crate) fn new(cat: &Catalogue, s: &model::Specialization) -> Self {
        Self {
            code: s.code.clone(),
            name: s.name.clone(),
            prerequisites: cat
                .prerequisites
                .iter()
                .filter(|p| p.specialization_code == s.code)
                .filter_map(|p| {
                    p.designation_code
                        .parse::<crate::domain::DesignationCode>()
                        .ok()
                })
                .map(Into::into)
                .collect(),
            stacking_group: s.stacking_group.clone(),
            stacking_cap: cat
                .stacking_caps
                .iter()
                .find(|c| c.stacking_group == s.stacking_group)
                .map(|c| c.max_specializations),
        }
    }
}

/// A benefit of a designation, or of each specialization of a group.
#[derive(SimpleObject)]
pub struct Benefit {
    /// Unique code.
    pub code: String,
    /// e.g. "Azure Production Credits".
    pub product_group: String,
    /// What the partner receives.
    pub description: String,
    /// How many (e.g. 6000 for USD 6,000).
    pub quantity: Option<String>,
    /// The unit of the quantity.
    pub unit: Option<String>,
    /// How often, e.g. `year`.
    pub period: Option<String>,
    /// The designation that grants it.
    pub designation: Option<DesignationCode>,
    /// The specialization group each of whose specializations grants it.
    pub specialization_group: Option<String>,
    /// Where the fact comes from.
    pub source: String,
}

impl From<&model::Benefit> for Benefit {
    fn from(b: &model::Benefit) -> Self {
        Self {
            code: b.code.clone(),
            product_group: b.product_group.clone(),
            description: b.description.clone(),
            quantity: b.quantity.clone(),
            unit: b.unit.clone(),
            period: b.period.clone(),
            designation: b
                .designation_code
                .as_deref()
                .and_then(|d| d.parse::<crate::domain::DesignationCode>().ok())
                .map(Into::into),
            specialization_group: b.specialization_group.clone(),
            source: b.source.clone(),
        }
    }
}

/// A versioned set of scoring rules.
#[derive(SimpleObject)]
pub struct RuleSet {
    /// e.g. `2023-07`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// First day the rules apply.
    pub effective_from: NaiveDate,
    /// Last day they apply, if superseded.
    pub effective_to: Option<NaiveDate>,
    /// Where the rules come from.
    pub source: String,
}

impl From<&model::RuleSetRow> for RuleSet {
    fn from(r: &model::RuleSetRow) -> Self {
        Self {
            code: r.code.clone(),
            name: r.name.clone(),
            effective_from: r.effective_from,
            effective_to: r.effective_to,
            source: r.source.clone(),
        }
    }
}
