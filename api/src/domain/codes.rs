//! The closed sets of codes of the program: designations, metrics, categories, association types,
//! workload families and how a specialization was validated. Their text forms are the ones the import files and the GraphQL contract use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A text that is not one of a closed set of codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of {}, got {got:?}", expected.join(", "))]
pub struct UnknownCode {
    /// The accepted codes.
    pub expected: &'static [&'static str],
    /// What was given.
    pub got: String,
}

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every code, in the program's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every code as written in files and the API.
            pub const TEXTS: &'static [&'static str] = &[$($text),+];

            /// The code as written in files and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownCode { expected: Self::TEXTS, got: s.to_string() }),
                }
            }
        }
    };
}

code_enum! {
    /// The six Solutions Partner designations.
    DesignationCode {
        /// Solutions Partner for Business Applications.
        BusinessApplications => "BUSINESS_APPLICATIONS",
        /// Solutions Partner for Data & AI (Azure).
        DataAiAzure => "DATA_AI_AZURE",
        /// Solutions Partner for Digital & App Innovation (Azure).
        DigitalAppInnovationAzure => "DIGITAL_APP_INNOVATION_AZURE",
        /// Solutions Partner for Infrastructure (Azure).
        InfrastructureAzure => "INFRASTRUCTURE_AZURE",
        /// Solutions Partner for Modern Work.
        ModernWork => "MODERN_WORK",
        /// Solutions Partner for Security.
        Security => "SECURITY",
    }
}

code_enum! {
    /// The three categories of the partner capability score.
    ScoreCategory {
        /// Net customer adds.
        Performance => "PERFORMANCE",
        /// Certified professionals.
        Skilling => "SKILLING",
        /// Usage growth and deployments.
        CustomerSuccess => "CUSTOMER_SUCCESS",
    }
}

code_enum! {
    /// The metrics (the program's "subcategories") a designation is scored on.
    MetricCode {
        /// Customers eligible now minus customers eligible a year ago.
        NetCustomerAdds => "NET_CUSTOMER_ADDS",
        /// Professionals with intermediate certifications.
        IntermediateCertifications => "INTERMEDIATE_CERTIFICATIONS",
        /// Professionals with advanced certifications.
        AdvancedCertifications => "ADVANCED_CERTIFICATIONS",
        /// Growth of usage since the baseline.
        UsageGrowth => "USAGE_GROWTH",
        /// Customers (or services) deployed.
        Deployments => "DEPLOYMENTS",
    }
}

impl MetricCode {
    /// The metric's name as people read it.
    pub fn name(self) -> &'static str {
        match self {
            MetricCode::NetCustomerAdds => "Net customer adds",
            MetricCode::IntermediateCertifications => "Intermediate certifications",
            MetricCode::AdvancedCertifications => "Advanced certifications",
            MetricCode::UsageGrowth => "Usage growth",
            MetricCode::Deployments => "Deployments",
        }
    }

    /// The category a metric belongs to.
    pub fn category(self) -> ScoreCategory {
        match self {
            MetricCode::NetCustomerAdds => ScoreCategory::Performance,
            MetricCode::IntermediateCertifications | MetricCode::AdvancedCertifications => {
                ScoreCategory::Skilling
            }
            MetricCode::UsageGrowth | MetricCode::Deployments => ScoreCategory::CustomerSuccess,
        }
    }
}

code_enum! {
    /// How a customer is linked to a partner.
    AssociationType {
        /// Claiming Partner of Record.
        Cpor => "CPOR",
        /// Partner Admin Link.
        Pal => "PAL",
        /// Digital Partner of Record.
        Dpor => "DPOR",
        /// Cloud Solution Provider, direct bill.
        CspT1 => "CSP_T1",
        /// Cloud Solution Provider, indirect reseller.
        CspT2 => "CSP_T2",
    }
}

code_enum! {
    /// Which product family a workload belongs to; it decides which usage columns carry meaning.
    WorkloadFamily {
        /// Microsoft 365 (Modern Work and Security workloads).
        M365 => "M365",
        /// Azure services.
        Azure => "AZURE",
        /// Dynamics 365 and Power Platform.
        BizApps => "BIZAPPS",
    }
}

code_enum! {
    /// How Microsoft validated a partner's specialization.
    SpecializationValidation {
        /// A third-party audit (Azure specializations; every Security specialization from July 2026).
        Audit => "AUDIT",
        /// Customer references (Modern Work and Security specializations in 2023).
        CustomerReferences => "CUSTOMER_REFERENCES",
        /// None recorded (automatic enrolment, or not known).
        None => "NONE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_their_text() {
        for d in DesignationCode::ALL {
            assert_eq!(d.as_str().parse::<DesignationCode>().unwrap(), *d);
        }
        assert_eq!(
            "CSP_T2".parse::<AssociationType>().unwrap(),
            AssociationType::CspT2
        );
        let err = "CSP".parse::<AssociationType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "must be one of CPOR, PAL, DPOR, CSP_T1, CSP_T2, got \"CSP\""
        );
    }
}

code_enum! {
    /// Microsoft's sales segment of a customer, as the customer list exports it. The Azure areas'
    /// track classification counts the customers in the SMB segment.
    CustomerSegment {
        /// Small and medium business.
        Smb => "SMB",
        /// Every larger customer (corporate and enterprise accounts).
        Enterprise => "ENTERPRISE",
    }
}
