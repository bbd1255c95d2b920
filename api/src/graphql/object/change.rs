//! What write mutations return: the changed objects, the problems a caller can fix (`userErrors`,
//! each with a field path and a stable code), and the score impact of the change per partner and
//! designation.

use async_graphql::{Enum, SimpleObject};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::enums::{DesignationCode, MetricCode};
use super::professional::{HeldCertification, Professional, ProfessionalAssociation};
use crate::db::professionals::{self, PartnerImpact};
use crate::error::Problem;

/// A problem with a mutation's input that the caller can fix.
#[derive(SimpleObject, Clone, Debug)]
pub struct UserError {
    /// Path of the offending argument, e.g. `["input", "earnedOn"]` (bulk rows:
    /// `["input", "rows", "3", "professionalId"]`).
    pub field: Option<Vec<String>>,
    /// What is wrong, for people.
    pub message: String,
    /// Stable code: `BAD_USER_INPUT`, `NOT_FOUND`, `FORBIDDEN` or `CONFLICT`.
    pub code: String,
}

impl From<Problem> for UserError {
    fn from(p: Problem) -> Self {
        Self {
            field: (!p.field.is_empty()).then_some(p.field),
            message: p.message,
            code: p.code.as_str().to_string(),
        }
    }
}

/// How one metric's points change.
#[derive(SimpleObject, Clone, Debug)]
pub struct MetricImpact {
    /// The metric.
    pub metric: MetricCode,
    /// Points before.
    pub before: f64,
    /// Points after.
    pub after: f64,
}

/// How a change moves one partner's score of one designation (as of the latest month with data,
/// or the `asOf` of `simulateScore`).
#[derive(SimpleObject, Clone, Debug)]
pub struct ScoreImpact {
    /// The partner (PartnerID).
    pub partner_id: String,
    /// The designation.
    pub designation: DesignationCode,
    /// Total before.
    pub before: f64,
    /// Total after.
    pub after: f64,
    /// `after - before`, 2 decimals.
    pub delta: f64,
    /// Verdict before.
    pub meets_before: bool,
    /// Verdict after.
    pub meets_after: bool,
    /// The metrics whose points change.
    pub metrics: Vec<MetricImpact>,
}

/// Points as the API gives them: 2 decimals.
pub fn float(d: Decimal) -> f64 {
    d.round_dp(2).to_f64().unwrap_or(0.0)
}

/// One entry per partner and designation.
pub fn score_impacts(list: &[PartnerImpact]) -> Vec<ScoreImpact> {
    list.iter()
        .flat_map(|p| {
            p.impacts.iter().map(|i| ScoreImpact {
                partner_id: p.partner_code.clone(),
                designation: i.designation.into(),
                before: float(i.before),
                after: float(i.after),
                delta: float(i.after - i.before),
                meets_before: i.meets_before,
                meets_after: i.meets_after,
                metrics: i
                    .metrics
                    .iter()
                    .map(|(m, b, a)| MetricImpact {
                        metric: (*m).into(),
                        before: float(*b),
                        after: float(*a),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The result of `createProfessional` and `updateProfessional`.
#[derive(SimpleObject, Default)]
pub struct ProfessionalPayload {
    /// The professional as stored (null when nothing was written).
    pub professional: Option<Professional>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `addCertification` and `removeCertification`.
#[derive(SimpleObject, Default)]
pub struct CertificationPayload {
    /// The record added, or the one removed (null when nothing was written).
    pub certification: Option<HeldCertification>,
    /// The professional.
    pub professional: Option<Professional>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
    /// The impact on the partner the professional is actively associated with (empty if none).
    pub score_impact: Vec<ScoreImpact>,
}

/// The result of `associateProfessional`, `endAssociation` and `moveProfessional`.
#[derive(SimpleObject, Default)]
pub struct AssociationPayload {
    /// The association created or ended (a move: the new one); null when nothing was written.
    pub association: Option<ProfessionalAssociation>,
    /// A move: the association it ended.
    pub previous_association: Option<ProfessionalAssociation>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
    /// The impact per designation on each partner touched (a move: the old partner, then the new).
    pub score_impact: Vec<ScoreImpact>,
}

/// What a bulk row asks for.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::db::professionals::BulkAction")]
pub enum BulkAction {
    /// Associate the professional with the partner from `date`.
    Associate,
    /// End the professional's open association with the partner on `date`.
    End,
}

/// What happened (or would happen) to a bulk row.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::db::professionals::BulkOutcome")]
pub enum BulkOutcome {
    /// Valid; nothing was written (a dry run, or another row has an error).
    WouldApply,
    /// Written.
    Applied,
    /// Nothing to do (already associated, already ended).
    Skipped,
    /// Invalid: nothing of the request was written.
    Error,
}

/// The report of one bulk row.
#[derive(SimpleObject, Clone, Debug)]
pub struct BulkAssociationRowReport {
    /// The row's line (as sent, or its position from 1).
    pub line: i32,
    /// Certification profile id, as sent.
    pub professional_id: String,
    /// What was asked.
    pub action: BulkAction,
    /// What happened.
    pub outcome: BulkOutcome,
    /// Why (skipped and invalid rows) or what (the others).
    pub message: Option<String>,
    /// The problem's code, for invalid rows.
    pub code: Option<String>,
}

impl From<professionals::BulkRowReport> for BulkAssociationRowReport {
    fn from(r: professionals::BulkRowReport) -> Self {
        Self {
            line: r.line,
            professional_id: r.professional_id,
            action: r.action.into(),
            outcome: r.outcome.into(),
            message: (!r.message.is_empty()).then_some(r.message),
            code: r.code.map(|c| c.as_str().to_string()),
        }
    }
}

/// The result of `bulkAssociate`.
#[derive(SimpleObject, Default)]
pub struct BulkAssociationPayload {
    /// Every row, in the order sent.
    pub rows: Vec<BulkAssociationRowReport>,
    /// Rows written (0 for a dry run, or when any row has an error).
    pub applied: i32,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// One entry per invalid row (and request-level problems); empty on success.
    pub user_errors: Vec<UserError>,
    /// The impact of the rows that apply (or would, in a dry run); empty when a real run failed.
    pub score_impact: Vec<ScoreImpact>,
}
