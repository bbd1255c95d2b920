//! A partner's progress toward each specialization's requirements (engine output,
//! [`crate::score::specialization_progress`]), with the validation of the grant in force.

use async_graphql::SimpleObject;
use rust_decimal::prelude::ToPrimitive;

use super::enums::SpecializationValidation;
use crate::db::specializations::Grant;
use crate::domain::Month;
use crate::score::specialization_progress as engine;

/// Progress toward one specialization's requirements at a month.
#[derive(SimpleObject)]
pub struct SpecializationProgress {
    /// The specialization's code.
    pub code: String,
    /// The rule set whose requirements these are (the one in force at the month).
    pub rule_set: String,
    /// Where the figures come from.
    pub source: String,
    /// Whether every requirement the data can show is met.
    pub met: bool,
    /// Each requirement: the partner's figure, the target and whether it is met.
    pub requirements: Vec<RequirementProgress>,
    /// How Microsoft validates it besides (audit or customer references); none: not recorded.
    pub validation_required: Option<SpecializationValidation>,
    /// Customer references Microsoft asks for, when validated by references.
    pub customer_references_required: Option<i32>,
    /// How the grant in force at the month's end was validated; none: not held then.
    pub validated_by: Option<SpecializationValidation>,
    /// The last day of that grant (its validation's expiry); none: not held, or no end recorded.
    pub valid_until: Option<chrono::NaiveDate>,
}

/// One requirement's progress.
#[derive(SimpleObject)]
pub struct RequirementProgress {
    /// What it is, e.g. "6 professionals with SC-200".
    pub label: String,
    /// The partner's figure (users, dollars or professionals); for a choice, the best option's.
    pub value: f64,
    /// The figure that meets it.
    pub target: f64,
    /// Whether it is met.
    pub met: bool,
    /// How the value was reached.
    pub detail: String,
    /// The alternatives of a choice (empty otherwise).
    pub options: Vec<RequirementProgress>,
}

impl From<engine::RequirementProgress> for RequirementProgress {
    fn from(r: engine::RequirementProgress) -> Self {
        Self {
            label: r.label,
            value: r.value.to_f64().unwrap_or_default(),
            target: r.target.to_f64().unwrap_or_default(),
            met: r.met,
            detail: r.detail,
            options: r.options.into_iter().map(Self::from).collect(),
        }
    }
}

impl SpecializationProgress {
    /// The progress of one specialization, with the grant of it in force at `month`'s end.
    pub fn new(p: engine::SpecializationProgress, grants: &[Grant], month: Month) -> Self {
        let grant = grants.iter().find(|g| {
            g.specialization_code == p.code
                && crate::db::specializations::in_force(g, month.last_day())
        });
        Self {
            validated_by: grant
                .and_then(|g| {
                    g.validation
                        .parse::<crate::domain::SpecializationValidation>()
                        .ok()
                })
                .map(Into::into),
            valid_until: grant.and_then(|g| g.expires_on),
            validation_required: p.validation.as_ref().map(|v| v.kind.into()),
            customer_references_required: p
                .validation
                .as_ref()
                .and_then(|v| v.count)
                .map(|c| i32::try_from(c).unwrap_or(i32::MAX)),
            code: p.code,
            rule_set: p.rule_set,
            source: p.source,
            met: p.met,
            requirements: p.requirements.into_iter().map(Into::into).collect(),
        }
    }
}
