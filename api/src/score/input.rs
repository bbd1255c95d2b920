//! What the engine reads about one partner: plain rows, close to the import files. The database layer
//! fills these; the engine never reaches back for more.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{AssociationType, CustomerSegment, Month};

/// A customer association: how credit for a tenant's usage reaches the partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAssociation {
    /// The customer's tenant.
    pub tenant_id: String,
    /// The customer's top parent id, already resolved: the tenant id when the customer has no TPID.
    pub tpid: String,
    /// CPOR, PAL, DPOR, CSP_T1 or CSP_T2.
    pub association_type: AssociationType,
    /// The one workload the association covers; `None` covers all of the tenant's workloads.
    pub workload: Option<String>,
    /// First day the association is in force.
    pub start_date: NaiveDate,
    /// Last day the association is in force; `None` while it lasts.
    pub end_date: Option<NaiveDate>,
}

/// One month of one workload of one tenant. Money is in US cents; an empty cell is `None` (counted as 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRow {
    /// The tenant.
    pub tenant_id: String,
    /// The month the figures are for.
    pub month: Month,
    /// The workload code, e.g. `MDE`, `EXO`, `STORAGE`, `BUSINESS_CENTRAL`.
    pub workload: String,
    /// Paid seats (Microsoft 365 workloads).
    pub paid_seats: Option<i64>,
    /// Monthly protected users (Microsoft 365 security workloads).
    pub protected_users: Option<i64>,
    /// Monthly active users (Modern Work, Business Applications).
    pub active_users: Option<i64>,
    /// Azure consumed revenue, US cents.
    pub acr_cents: Option<i64>,
    /// Billed revenue, US cents (Business Applications).
    pub revenue_cents: Option<i64>,
    /// Unified customer profiles (Dynamics 365 Customer Insights).
    pub profiles: Option<i64>,
}

/// A period in which a certified professional is associated with the partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfessionalAssociation {
    /// The person's certification profile id.
    pub professional_id: String,
    /// First day of the association.
    pub associated_on: NaiveDate,
    /// Day the association ended; the professional no longer counts from that day.
    pub removed_on: Option<NaiveDate>,
}

/// A certification a professional holds (or held).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCertification {
    /// The person's certification profile id.
    pub professional_id: String,
    /// The certification code, e.g. `AZ-500`.
    pub certification: String,
    /// Day it was earned.
    pub earned_on: NaiveDate,
    /// Last day it is valid; `None` when it does not expire.
    pub expires_on: Option<NaiveDate>,
}

/// Everything the engine needs about one partner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerData {
    /// The program's PartnerID.
    pub partner_id: String,
    /// The partner's customer associations (any period).
    pub associations: Vec<CustomerAssociation>,
    /// Usage rows of the tenants the partner has associations with (see [`super::usage_window`]).
    pub usage: Vec<UsageRow>,
    /// The partner's professional associations (any period).
    pub professionals: Vec<ProfessionalAssociation>,
    /// Certifications of those professionals.
    pub certifications: Vec<HeldCertification>,
    /// The sales segment of each associated customer that has one, by tenant id. A tenant not listed has
    /// no segment recorded and is not counted as SMB.
    #[serde(default)]
    pub segments: BTreeMap<String, CustomerSegment>,
}
