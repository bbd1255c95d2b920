//! The catalogue codes the generator draws from, grouped the way the 2023-07 rules read them
//! (`docs/scoring.md`; `docs/import-format.md` lists the codes). Unit tests check every code
//! against `migration/catalogue/catalogue.json`. Also: until when a retired certification counts, and
//! the specializations the generator may grant (read from the shipped catalogue itself).

use anyhow::Context;
use chrono::NaiveDate;

use crate::domain::{DesignationCode, Month, SpecializationValidation};
use crate::score::{MetricRule, builtin_rule_sets, in_force};

/// A specialization the generator may grant: its code, the designations that admit it, and how its
/// group is validated.
#[derive(Debug, Clone)]
pub(crate) struct Offered {
    pub(crate) code: String,
    pub(crate) group: String,
    pub(crate) prerequisites: Vec<DesignationCode>,
    pub(crate) validation: SpecializationValidation,
}

/// Every specialization of the shipped catalogue, in its order. Azure specializations are audited;
/// Modern Work and Security ones were validated by customer references in 2023; Business Applications
/// ones enrol automatically.
pub(crate) fn offered_specializations() -> anyhow::Result<Vec<Offered>> {
    let catalogue =
        migration::catalogue::catalogue().context("the shipped catalogue does not parse")?;
    catalogue
        .specializations
        .into_iter()
        .map(|s| {
            let prerequisites = s
                .prerequisites
                .iter()
                .map(|d| d.parse::<DesignationCode>())
                .collect::<Result<Vec<_>, _>>()
                .with_context(|| format!("specialization {}", s.code))?;
            let validation = match s.stacking_group.as_str() {
                "AZURE" => SpecializationValidation::Audit,
                "MODERN_WORK" | "SECURITY" => SpecializationValidation::CustomerReferences,
                _ => SpecializationValidation::None,
            };
            Ok(Offered {
                code: s.code,
                group: s.stacking_group,
                prerequisites,
                validation,
            })
        })
        .collect()
}

/// Microsoft 365 security workloads: `paid_seats` and `protected_users`.
pub(crate) const SECURITY_M365: &[&str] = &["AADP", "MDO", "MDE", "MDI", "MIP", "INTUNE"];

/// Modern Work workloads: `paid_seats` and `active_users` (`INTUNE` is in both lists).
pub(crate) const MODERN_WORK: &[&str] = &[
    "INTUNE",
    "EXO",
    "PROPLUS",
    "SPO",
    "TEAMS",
    "TEAMS_MEETINGS",
    "TEAMS_PHONE",
    "TEAMS_PHONE_CALLING",
    "TEAMS_PLATFORM",
    "YAMMER",
    "VIVA_INSIGHTS",
    "VIVA_TOPICS",
    "VIVA_LEARNING",
    "VIVA_CONNECTIONS",
];

/// The Modern Work workloads most tenants start with.
pub(crate) const MODERN_WORK_CORE: &[&str] = &["EXO", "TEAMS", "PROPLUS", "SPO"];

/// Azure security services (Security's Azure part; also ordinary Azure services).
pub(crate) const AZURE_SECURITY: &[&str] =
    &["SENTINEL", "AZURE_DEFENDER", "NETWORK_SECURITY", "IAM"];

/// Azure data and AI services.
pub(crate) const AZURE_DATA: &[&str] = &[
    "SQL_DATABASE",
    "SQL_MANAGED_INSTANCE",
    "POSTGRESQL",
    "MYSQL",
    "COSMOS_DB",
    "SYNAPSE",
    "DATA_FACTORY",
    "DATABRICKS",
    "HDINSIGHT",
    "STREAM_ANALYTICS",
    "MACHINE_LEARNING",
    "COGNITIVE_SERVICES",
    "COGNITIVE_SEARCH",
];

/// Azure application services.
pub(crate) const AZURE_APPS: &[&str] = &[
    "APP_SERVICE",
    "FUNCTIONS",
    "AKS",
    "CONTAINER_REGISTRY",
    "CONTAINER_INSTANCES",
    "API_MANAGEMENT",
    "LOGIC_APPS",
    "SERVICE_BUS",
    "EVENT_HUBS",
    "REDIS_CACHE",
    "IOT_HUB",
    "DEVOPS",
];

/// Azure infrastructure services.
pub(crate) const AZURE_INFRA: &[&str] = &[
    "STORAGE",
    "BACKUP",
    "SITE_RECOVERY",
    "VIRTUAL_NETWORK",
    "BANDWIDTH",
    "LOAD_BALANCER",
    "VPN_GATEWAY",
    "EXPRESSROUTE",
    "AZURE_DNS",
    "AZURE_MONITOR",
    "AVD",
    "AVS",
    "AZURE_ARC",
    "AZURE_STACK_HCI",
];

/// Azure codes that carry ACR but never count as a deployment.
pub(crate) const AZURE_NOT_DEPLOYMENT: &[&str] = &[
    "VIRTUAL_MACHINES",
    "VIRTUAL_MACHINES_LICENSES",
    "AZURE_OTHER",
];

/// Which associations give customer-success credit for a Business Applications workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BizGroup {
    /// Dynamics 365: CPOR, DPOR, CSP.
    D365,
    /// Power Platform and Customer Insights: PAL.
    PowerPlatform,
    /// Revenue only (no MCV workload).
    RevenueOnly,
}

/// A Business Applications workload and its MCV unit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Biz {
    pub(crate) code: &'static str,
    pub(crate) group: BizGroup,
    /// MCV per unit (per monthly active user, or per profile for Customer Insights).
    pub(crate) rate: f64,
    /// Whether the unit is `profiles` (Customer Insights) rather than `active_users`.
    pub(crate) profiles: bool,
}

const fn biz(code: &'static str, group: BizGroup, rate: f64) -> Biz {
    Biz {
        code,
        group,
        rate,
        profiles: false,
    }
}

/// The workloads a Business Applications customer's main product is drawn from: distinct NCA workloads,
/// each with an MCV workload.
pub(crate) const BIZ_MAIN: &[Biz] = &[
    biz("BUSINESS_CENTRAL", BizGroup::D365, 1000.0),
    biz("D365_SALES", BizGroup::D365, 200.0),
    biz("D365_CUSTOMER_SERVICE", BizGroup::D365, 200.0),
    biz("D365_FIELD_SERVICE", BizGroup::D365, 200.0),
    biz("D365_FINANCE", BizGroup::D365, 100.0),
    biz("D365_SUPPLY_CHAIN", BizGroup::D365, 100.0),
    biz("D365_PROJECT_OPERATIONS", BizGroup::D365, 100.0),
    biz("D365_COMMERCE", BizGroup::D365, 100.0),
    biz("D365_HR", BizGroup::D365, 1000.0),
    biz("POWER_APPS", BizGroup::PowerPlatform, 200.0),
    biz("POWER_AUTOMATE", BizGroup::PowerPlatform, 200.0),
    biz("POWER_BI", BizGroup::PowerPlatform, 200.0),
    biz("POWER_PAGES", BizGroup::PowerPlatform, 100.0),
    Biz {
        code: "D365_CUSTOMER_INSIGHTS",
        group: BizGroup::PowerPlatform,
        rate: 0.2,
        profiles: true,
    },
];

/// Add-on workloads a Business Applications customer may also pay for.
pub(crate) const BIZ_EXTRA: &[Biz] = &[
    biz("D365_SALES_INSIGHTS", BizGroup::D365, 200.0),
    biz("D365_CE_BUNDLE", BizGroup::D365, 200.0),
    biz("D365_FO_BUNDLE", BizGroup::D365, 100.0),
    biz("D365_TALENT_ATTRACT", BizGroup::D365, 1000.0),
    biz("D365_TALENT_ONBOARD", BizGroup::D365, 1000.0),
    biz("D365_GUIDES", BizGroup::D365, 1000.0),
    biz("D365_REMOTE_ASSIST", BizGroup::D365, 1000.0),
    biz("AI_BUILDER", BizGroup::RevenueOnly, 0.0),
    biz("D365_OMNICHANNEL", BizGroup::RevenueOnly, 0.0),
    biz("D365_MARKETING", BizGroup::RevenueOnly, 0.0),
    biz("D365_FRAUD_PROTECTION", BizGroup::RevenueOnly, 0.0),
    biz("D365_IOM", BizGroup::RevenueOnly, 0.0),
    biz("D365_MIXED_REALITY", BizGroup::RevenueOnly, 0.0),
    biz("POWER_VIRTUAL_AGENTS", BizGroup::RevenueOnly, 0.0),
    biz("BIZAPPS_OTHER", BizGroup::RevenueOnly, 0.0),
];

/// Security, the certification a qualified professional holds beside MS-500, AZ-500 and SC-200: one
/// that counts under rule set 2023-07 (with MS-500 and AZ-500) and in step 3 of 2023-12 alike.
pub(crate) const SECURITY_SC: &[&str] = &["SC-300", "SC-400"];
/// Security certifications a professional may hold besides: SC-100 counts in step 3 of 2023-12 only,
/// SC-200 in 2023-07's third requirement and in 2023-12's step 2.
pub(crate) const SECURITY_EXTRA: &[&str] = &["SC-100", "SC-200", "SC-300", "SC-400"];

/// Modern Work intermediate (`MW-I`).
pub(crate) const MW_INTERMEDIATE: &[&str] = &[
    "MS-900", "MS-600", "MS-700", "MS-203", "SC-300", "MS-721", "MD-102",
];
/// Modern Work advanced (`MW-A`).
pub(crate) const MW_ADVANCED: &[&str] = &["MS-102", "TEAMS-MTR-TA"];

/// Business Applications intermediate (`BA-I`).
pub(crate) const BA_INTERMEDIATE: &[&str] = &[
    "MB-310", "MB-340", "MB-500", "MB-330", "MB-320", "MB-230", "MB-210", "MB-240", "MB-800",
    "MB-220", "PL-300", "PL-200", "PL-400", "MB-260", "DP-500", "PL-500",
];
/// Business Applications advanced (`BA-A`).
pub(crate) const BA_ADVANCED: &[&str] = &["MB-335", "MB-700", "PL-600"];

/// Data & AI intermediate, final step (gated by AZ-305 and AZ-104).
pub(crate) const DATA_AI_FINAL: &[&str] = &[
    "DP-300", "AI-102", "DP-100", "DP-203", "PL-300", "MB-260", "DP-420",
];
/// Digital & App Innovation intermediate, final step (gated by AZ-104).
pub(crate) const DAI_INTERMEDIATE_FINAL: &[&str] = &["AZ-204", "PL-400"];
/// Digital & App Innovation advanced, final step (gated by AZ-305).
pub(crate) const DAI_ADVANCED_FINAL: &[&str] = &["AZ-220", "AZ-400", "PL-600"];
/// Infrastructure intermediate, final step (gated by AZ-104).
pub(crate) const INFRA_INTERMEDIATE_FINAL: &[&str] = &["AZ-700", "AZ-600", "AZ-800"];
/// Infrastructure advanced, final step (gated by AZ-305).
pub(crate) const INFRA_ADVANCED_FINAL: &[&str] = &["AZ-140", "AZ-120"];

/// Every certification code, for staff with assorted credentials.
pub(crate) const ALL_CERTIFICATIONS: &[&str] = &[
    "MS-500",
    "AZ-500",
    "SC-200",
    "SC-300",
    "SC-400",
    "SC-100",
    "MS-900",
    "MS-600",
    "MS-700",
    "MS-203",
    "MS-721",
    "MD-102",
    "MS-102",
    "TEAMS-MTR-TA",
    "MB-310",
    "MB-340",
    "MB-500",
    "MB-330",
    "MB-320",
    "MB-230",
    "MB-210",
    "MB-240",
    "MB-800",
    "MB-220",
    "PL-100",
    "PL-200",
    "PL-300",
    "PL-400",
    "PL-500",
    "MB-260",
    "DP-500",
    "MB-335",
    "MB-700",
    "PL-600",
    "MB-600",
    "AZ-104",
    "AZ-305",
    "DP-300",
    "AI-102",
    "DP-100",
    "DP-203",
    "DP-420",
    "AZ-204",
    "AZ-220",
    "AZ-400",
    "AZ-700",
    "AZ-600",
    "AZ-800",
    "AZ-140",
    "AZ-120",
];

/// Retired certifications and their retirement day (year, month, day): they cannot be earned later.
pub(crate) const RETIRED: &[(&str, (i32, u32, u32))] = &[
    ("MS-500", (2023, 6, 30)),
    ("MB-600", (2021, 6, 30)),
    ("AZ-220", (2023, 7, 31)),
    ("AZ-600", (2023, 7, 31)),
];

/// Certifications that never expire (fundamentals and assessments).
pub(crate) const NEVER_EXPIRE: &[&str] = &["MS-900", "TEAMS-MTR-TA"];

/// When a certification retired, if it did.
pub(crate) fn retired_on(code: &str) -> Option<NaiveDate> {
    RETIRED
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, (y, m, d))| NaiveDate::from_ymd_opt(*y, *m, *d))
}

/// Whether a (valid) certification still counts on `day`: a retired one counts for one more year.
pub(crate) fn counts_at(code: &str, day: NaiveDate) -> bool {
    retired_on(code).is_none_or(|r| {
        r.checked_add_months(chrono::Months::new(12))
            .is_some_and(|end| day <= end)
    })
}

/// Whether Security's skilling can be met on `day` (the as-of month's last day) under the rule set in
/// force at `month`: every certification list its skilling rule needs (each requirement and each
/// prerequisite step) has a certification that still counts then.
pub(crate) fn security_possible(month: Month, day: NaiveDate) -> bool {
    let rule_sets = builtin_rule_sets();
    let Some(rules) = in_force(&rule_sets, month) else {
        return false;
    };
    let Some(security) = rules.designation(DesignationCode::Security) else {
        return false;
    };
    security.tracks.iter().any(|track| {
        track.rules.values().all(|rule| match rule {
            MetricRule::CertifiedProfessionals {
                steps, requires, ..
            } => steps.iter().chain(requires).all(|req| {
                rules
                    .certification_lists
                    .get(&req.certifications)
                    .is_some_and(|list| list.iter().any(|c| counts_at(c, day)))
            }),
            _ => true,
        })
    })
}
