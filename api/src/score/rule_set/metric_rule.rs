//! The parameters of each kind of metric computation in a rule-set file (`MetricRule`, selected by its
//! `kind`), and the rate cards the Business Applications rules read.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::AssociationType;

/// A band of paid seats, both ends included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatBand {
    /// Fewest paid seats.
    pub min_paid_seats: i64,
    /// Most paid seats; `None` = no upper end.
    pub max_paid_seats: Option<i64>,
}

/// An association option of Modern Work usage growth and deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationOption {
    /// `CPOR`, `DPOR`, `CSP`.
    pub option: String,
    /// Association types of the option.
    pub association_types: Vec<AssociationType>,
    /// The quantity that earns the maximum through this option.
    pub full_at: Decimal,
}

/// A list of certifications in a skilling rule, with its catalogue step label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationRequirement {
    /// Step label, e.g. `s1`, `fin`.
    pub step: String,
    /// Name of a certification list; holding any one of its codes satisfies the requirement.
    pub certifications: String,
    /// For prerequisite steps: fewest professionals the step needs.
    #[serde(default)]
    pub min_professionals: Option<u32>,
    /// For prerequisite steps: points the step gives once it has its professionals, whatever the other
    /// steps have (the SMB paths); `None` = the step gives no points of its own.
    #[serde(default)]
    pub points: Option<Decimal>,
}

/// Security's Microsoft 365 customer: a tenant with a covered eligible workload of enough paid seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct M365SeatCustomers {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest paid seats.
    pub min_paid_seats: i64,
    /// Most paid seats (the SMB band); `None` = no upper end.
    #[serde(default)]
    pub max_paid_seats: Option<i64>,
    /// A tenant above the band that was in it at the baseline still counts (a customer promoted to
    /// Enterprise stays SMB-eligible for the year).
    #[serde(default)]
    pub keep_promoted: bool,
}

/// Security's Azure customer: a TPID whose average monthly ACR over the trailing period is high enough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTpidCustomers {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest average monthly ACR over the trailing period (USD).
    pub min_average_monthly_acr_usd: Decimal,
}

/// Security's Microsoft 365 deployment test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct M365ProtectedDeployments {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest paid seats.
    pub min_paid_seats: i64,
    /// Most paid seats (the SMB band); `None` = no upper end.
    #[serde(default)]
    pub max_paid_seats: Option<i64>,
    /// Fewest protected users as a share of paid seats (0.15).
    pub min_protected_share: Decimal,
}

/// Security's Azure deployment test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTpidDeployments {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Fewest ACR summed over the trailing period (USD).
    pub min_trailing_acr_usd: Decimal,
    /// Most ACR summed over the trailing period (the SMB band, USD); `None` = no upper end.
    #[serde(default)]
    pub max_trailing_acr_usd: Option<Decimal>,
}

/// How Security counts deployments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentCount {
    /// Customers not deployed at the baseline and deployed in a later month (2023).
    #[default]
    Crossed,
    /// Customers deployed at the month minus customers deployed at the baseline ("net new deployments").
    Net,
}

/// Security's protected-user growth part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedUserGrowth {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Growth that earns the maximum alone.
    pub full_at_users: Decimal,
    /// Only tenants whose most paid seats of a covered eligible workload at the month are in this band
    /// count (the track's band); `None` = every tenant.
    #[serde(default)]
    pub band: Option<SeatBand>,
}

/// Security's ACR growth part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TpidAcrGrowth {
    /// Workload set name.
    pub workloads: String,
    /// Association types that cover the rows.
    pub association_types: Vec<AssociationType>,
    /// Growth (USD) that earns the maximum alone.
    pub full_at_usd: Decimal,
    /// Only TPIDs whose trailing ACR at the month is at least this count (USD); `None` = no lower end.
    #[serde(default)]
    pub min_trailing_acr_usd: Option<Decimal>,
    /// Only TPIDs whose trailing ACR at the month is at most this count (USD); `None` = no upper end.
    #[serde(default)]
    pub max_trailing_acr_usd: Option<Decimal>,
}

/// The computation of one metric. `kind` selects the shape; every number comes from the fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum MetricRule {
    /// Net count of Microsoft 365 tenants plus net count of Azure TPIDs; per-unit points.
    SecurityNetAdds {
        /// The Microsoft 365 customer test.
        m365: M365SeatCustomers,
        /// The Azure customer test.
        azure: AzureTpidCustomers,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Deployed Microsoft 365 tenants plus deployed Azure TPIDs, counted as `count` says; per-unit points.
    SecurityDeployments {
        /// The Microsoft 365 deployment test.
        m365: M365ProtectedDeployments,
        /// The Azure deployment test.
        azure: AzureTpidDeployments,
        /// Deployments that earn the maximum.
        full_at: Decimal,
        /// How deployments are counted.
        #[serde(default)]
        count: DeploymentCount,
    },
    /// Protected-user growth plus ACR growth since each customer's baseline month; proportional points.
    SecurityUsageGrowth {
        /// The protected-user part.
        m365: ProtectedUserGrowth,
        /// The ACR part.
        azure: TpidAcrGrowth,
    },
    /// Professionals holding, for each `requires` entry, a valid certification of its list; gated by
    /// prerequisite `steps` (each needs enough professionals, or the points are 0); per-unit points.
    CertifiedProfessionals {
        /// Prerequisite steps (may be empty).
        #[serde(default)]
        steps: Vec<CertificationRequirement>,
        /// What one professional must hold to count (all entries).
        requires: Vec<CertificationRequirement>,
        /// Professionals that earn the maximum.
        full_at: Decimal,
        /// Points each counted professional earns, when not `max / full_at` (the SMB paths); the
        /// metric's total stays at most its maximum.
        #[serde(default)]
        points_per_professional: Option<Decimal>,
    },
    /// Net count of tenants with a covered eligible workload whose paid seats are in the band.
    SeatBandNetAdds {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// The track's band.
        band: SeatBand,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Active-user growth since each tenant's association month, per option; the best option counts.
    ActiveUserGrowth {
        /// Workload set name.
        workloads: String,
        /// The track's band (checked at the as-of month).
        band: SeatBand,
        /// The association options.
        options: Vec<AssociationOption>,
    },
    /// Net deployed tenants (active seats at least a share of paid seats), per option; the best counts.
    ActiveSeatDeployments {
        /// Workload set name.
        workloads: String,
        /// The track's band.
        band: SeatBand,
        /// Fewest active seats as a share of paid seats (0.40).
        min_active_share: Decimal,
        /// The association options.
        options: Vec<AssociationOption>,
    },
    /// Net count of (tenant, NCA workload) pairs with enough monthly revenue.
    RevenueNetAdds {
        /// Rate card naming each workload's NCA workload.
        rate_card: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Fewest monthly revenue of a pair (USD, inclusive).
        min_pair_revenue_usd: Decimal,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Percentage growth of the whole MCV from the baseline month; one point per percent.
    McvGrowth {
        /// Rate card.
        rate_card: String,
        /// Fewest baseline MCV for growth to count.
        min_baseline_mcv: Decimal,
        /// Points per percent of growth.
        points_per_percent: Decimal,
    },
    /// Net count of (tenant, MCV workload) pairs with enough MCV.
    McvNetDeployments {
        /// Rate card.
        rate_card: String,
        /// Fewest MCV of a pair (inclusive).
        min_pair_mcv: Decimal,
        /// Net deployments that earn the maximum.
        full_at: Decimal,
    },
    /// Net count of tenants with enough ACR in one of the last `months` months.
    AcrNetAdds {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Fewest ACR in one month (USD, inclusive).
        min_monthly_acr_usd: Decimal,
        /// How many months ending at the month looked at (2: the month and the one before).
        months: i32,
        /// Net adds that earn the maximum.
        full_at: Decimal,
    },
    /// Percentage growth of the trailing-period ACR of the whole customer base; one point per percent.
    AcrTrailingGrowth {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Fewest baseline trailing ACR (USD) for growth to count.
        min_baseline_acr_usd: Decimal,
        /// Points per percent of growth.
        points_per_percent: Decimal,
    },
    /// Distinct services with ACR above a threshold over the trailing period.
    AcrServices {
        /// Workload set name.
        workloads: String,
        /// Association types that cover the rows.
        association_types: Vec<AssociationType>,
        /// Workloads of the set that are never a deployment.
        excluded_workloads: Vec<String>,
        /// A service counts when its trailing ACR is strictly above this (USD).
        acr_above_usd: Decimal,
        /// Services that earn the maximum.
        full_at: Decimal,
    },
}

/// Units a rate-card workload's MCV is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum McvUnit {
    /// Monthly active users.
    ActiveUsers,
    /// Unified customer profiles.
    Profiles,
}

/// A rate card: each workload's NCA workload and MCV workload, rate and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCard {
    /// Customer-success association groups (e.g. `D365`, `PP`).
    pub customer_success_groups: BTreeMap<String, Vec<AssociationType>>,
    /// One entry per workload code.
    pub workloads: Vec<RateCardEntry>,
}

/// One workload code of a rate card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCardEntry {
    /// Workload code.
    pub workload: String,
    /// The NCA workload it rolls up to, if it counts for net customer adds.
    pub nca_workload: Option<String>,
    /// The MCV workload it rolls up to, if it counts for customer success.
    #[serde(default)]
    pub mcv_workload: Option<String>,
    /// MCV per unit.
    #[serde(default)]
    pub rate: Option<Decimal>,
    /// The unit.
    #[serde(default)]
    pub unit: Option<McvUnit>,
    /// Customer-success association group.
    #[serde(default)]
    pub customer_success_group: Option<String>,
}
