//! What a partner could do next, as GraphQL objects: recommended actions, each with the changes
//! `simulateScore` takes back unchanged, and the path to the threshold; the kinds of change and the
//! usage figures both directions share.

use async_graphql::{Enum, SimpleObject};
use chrono::NaiveDate;

use super::change::float;
use super::enums::{AssociationType, MetricCode};
use crate::score::recommend::{self, Path};
use crate::score::what_if::Change;

/// The kind of a simulated change.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScoreChangeKind {
    /// `professionalId` joins the partner on `date` (bringing its certifications).
    AssociateProfessional,
    /// `professionalId`'s open association with the partner ends on `date`.
    EndProfessionalAssociation,
    /// `professionalId` earns `certification` on `date` (expiring on `expiresOn`).
    AddCertification,
    /// `professionalId` loses `certification` (the record earned on `date`, or every record).
    RemoveCertification,
    /// A new customer association: `tenantId`, `associationType`, `workload` (or all), from `date`.
    AddCustomerAssociation,
    /// The partner's open `associationType` associations on `tenantId` end on `date`.
    EndCustomerAssociation,
    /// `tenantId`'s usage of `workload` in the month of `date` grows by `amount` of `measure` (the
    /// stored rows are not touched: usage comes from imports).
    AddUsage,
}

/// A usage figure of a customer's month, as `customer_usage.csv` has it.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::score::what_if::UsageMeasure")]
pub enum UsageMeasure {
    /// Paid seats (Microsoft 365).
    PaidSeats,
    /// Monthly protected users (Microsoft 365 security workloads).
    ProtectedUsers,
    /// Monthly active users.
    ActiveUsers,
    /// Azure consumed revenue, whole US dollars.
    AcrUsd,
    /// Billed revenue, whole US dollars.
    RevenueUsd,
    /// Unified customer profiles.
    Profiles,
}

impl ScoreChangeKind {
    /// The kind as written in the API.
    pub fn name(self) -> &'static str {
        match self {
            ScoreChangeKind::AssociateProfessional => "ASSOCIATE_PROFESSIONAL",
            ScoreChangeKind::EndProfessionalAssociation => "END_PROFESSIONAL_ASSOCIATION",
            ScoreChangeKind::AddCertification => "ADD_CERTIFICATION",
            ScoreChangeKind::RemoveCertification => "REMOVE_CERTIFICATION",
            ScoreChangeKind::AddCustomerAssociation => "ADD_CUSTOMER_ASSOCIATION",
            ScoreChangeKind::EndCustomerAssociation => "END_CUSTOMER_ASSOCIATION",
            ScoreChangeKind::AddUsage => "ADD_USAGE",
        }
    }
}

/// What a recommendation search costs in the query's complexity: it scores the partner once for
/// each candidate action (a path: for each action it takes), so a query can ask it of a few partners.
pub const SEARCH_COST: usize = 5_000;

/// Most recommendations listed.
pub const MAX_RECOMMENDATIONS: usize = 50;

/// One change to a partner's rows: the fields of `ScoreChangeInput`, so a list of them can be passed
/// to `simulateScore` as it is.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct ScoreChange {
    /// What changes.
    pub kind: ScoreChangeKind,
    /// Certification profile id (professional and certification changes).
    pub professional_id: Option<String>,
    /// Certification code (certification changes).
    pub certification: Option<String>,
    /// The day of the change: first day, last day, day earned.
    pub date: Option<NaiveDate>,
    /// Last valid day of an added certification.
    pub expires_on: Option<NaiveDate>,
    /// Customer tenant id (customer association changes).
    pub tenant_id: Option<String>,
    /// Customer association type (customer association changes).
    pub association_type: Option<AssociationType>,
    /// One workload of an added customer association (null: all); the workload of added usage.
    pub workload: Option<String>,
    /// The usage figure that grows (`ADD_USAGE`).
    pub measure: Option<UsageMeasure>,
    /// How much it grows (`ADD_USAGE`; whole US dollars for money).
    pub amount: Option<i32>,
}

impl ScoreChange {
    fn of(kind: ScoreChangeKind) -> Self {
        Self {
            kind,
            professional_id: None,
            certification: None,
            date: None,
            expires_on: None,
            tenant_id: None,
            association_type: None,
            workload: None,
            measure: None,
            amount: None,
        }
    }
}

impl From<&Change> for ScoreChange {
    fn from(c: &Change) -> Self {
        match c {
            Change::AssociateProfessional {
                professional_id,
                on,
            } => ScoreChange {
                professional_id: Some(professional_id.clone()),
                date: Some(*on),
                ..Self::of(ScoreChangeKind::AssociateProfessional)
            },
            Change::EndProfessionalAssociation {
                professional_id,
                on,
            } => ScoreChange {
                professional_id: Some(professional_id.clone()),
                date: Some(*on),
                ..Self::of(ScoreChangeKind::EndProfessionalAssociation)
            },
            Change::AddCertification {
                professional_id,
                certification,
                earned_on,
                expires_on,
            } => ScoreChange {
                professional_id: Some(professional_id.clone()),
                certification: Some(certification.clone()),
                date: Some(*earned_on),
                expires_on: *expires_on,
                ..Self::of(ScoreChangeKind::AddCertification)
            },
            Change::RemoveCertification {
                professional_id,
                certification,
            } => ScoreChange {
                professional_id: Some(professional_id.clone()),
                certification: Some(certification.clone()),
                ..Self::of(ScoreChangeKind::RemoveCertification)
            },
            Change::AddCustomerAssociation {
                tenant_id,
                association_type,
                workload,
                start_date,
            } => ScoreChange {
                tenant_id: Some(tenant_id.clone()),
                association_type: Some((*association_type).into()),
                workload: workload.clone(),
                date: Some(*start_date),
                ..Self::of(ScoreChangeKind::AddCustomerAssociation)
            },
            Change::AddUsage {
                tenant_id,
                workload,
                month,
                measure,
                amount,
            } => ScoreChange {
                tenant_id: Some(tenant_id.clone()),
                workload: Some(workload.clone()),
                date: Some(month.first_day()),
                measure: Some((*measure).into()),
                amount: Some(i32::try_from(*amount).unwrap_or(i32::MAX)),
                ..Self::of(ScoreChangeKind::AddUsage)
            },
            Change::EndCustomerAssociation {
                tenant_id,
                association_type,
                end_date,
            } => ScoreChange {
                tenant_id: Some(tenant_id.clone()),
                association_type: Some((*association_type).into()),
                date: Some(*end_date),
                ..Self::of(ScoreChangeKind::EndCustomerAssociation)
            },
        }
    }
}

/// What an action costs, in kind.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::score::recommend::ActionCost")]
pub enum ActionCost {
    /// One certification exam passed by a professional of the partner.
    CertificationExam,
    /// One professional joining the partner.
    NewProfessional,
    /// One customer association claimed or linked.
    CustomerAssociation,
    /// More usage at one customer in the month scored.
    CustomerUsage,
}

/// One action that raises a designation's score, scored by the same engine as the stored scores.
#[derive(SimpleObject, Clone, Debug)]
pub struct Recommendation {
    /// The changes; `simulateScore(changes: ...)` with them reports `pointsGained` as its `delta`.
    pub changes: Vec<ScoreChange>,
    /// Total after minus total before, 2 decimals.
    pub points_gained: f64,
    /// The metric whose points rise most.
    pub metric: MetricCode,
    /// The metric was below the minimum every metric needs: the action removes a block.
    pub raises_blocked_metric: bool,
    /// What the action costs.
    pub cost: ActionCost,
    /// The designation's total after the action.
    pub total_after: f64,
    /// Whether the designation meets requirements after the action.
    pub meets_after: bool,
    /// What to do and what it gives, for people.
    pub detail: String,
}

impl From<&recommend::Recommendation> for Recommendation {
    fn from(r: &recommend::Recommendation) -> Self {
        Self {
            changes: r.changes.iter().map(ScoreChange::from).collect(),
            points_gained: float(r.points_gained),
            metric: r.metric.into(),
            raises_blocked_metric: r.raises_blocked_metric,
            cost: r.cost.into(),
            total_after: float(r.total_after),
            meets_after: r.meets_after,
            detail: r.detail.clone(),
        }
    }
}

/// The fewest recommended actions found whose combined simulation meets requirements.
#[derive(SimpleObject, Clone, Debug)]
pub struct ThresholdPath {
    /// Every change of every action, in order: pass them to `simulateScore` as they are.
    pub changes: Vec<ScoreChange>,
    /// The designation's total with every change applied.
    pub total_after: f64,
    /// The actions, in the order taken, each scored after the ones before it (empty when
    /// requirements are already met).
    pub actions: Vec<Recommendation>,
}

impl ThresholdPath {
    /// The path, when it meets requirements.
    pub fn found(path: &Path) -> Option<Self> {
        path.meets_after.then(|| Self {
            changes: path.changes().iter().map(ScoreChange::from).collect(),
            total_after: float(path.total_after),
            actions: path.actions.iter().map(Recommendation::from).collect(),
        })
    }
}
