//! GraphQL enums mirroring the domain's codes (the domain stays free of GraphQL types).

use async_graphql::Enum;

/// The six Solutions Partner designations.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::DesignationCode")]
pub enum DesignationCode {
    /// Solutions Partner for Business Applications.
    BusinessApplications,
    /// Solutions Partner for Data & AI (Azure).
    DataAiAzure,
    /// Solutions Partner for Digital & App Innovation (Azure).
    DigitalAppInnovationAzure,
    /// Solutions Partner for Infrastructure (Azure).
    InfrastructureAzure,
    /// Solutions Partner for Modern Work.
    ModernWork,
    /// Solutions Partner for Security.
    Security,
}

/// The three categories of the partner capability score.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::ScoreCategory")]
pub enum ScoreCategory {
    /// Net customer adds.
    Performance,
    /// Certified professionals.
    Skilling,
    /// Usage growth and deployments.
    CustomerSuccess,
}

/// The metrics a designation is scored on.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::MetricCode")]
pub enum MetricCode {
    /// Customers eligible now minus a year ago.
    NetCustomerAdds,
    /// Professionals with intermediate certifications.
    IntermediateCertifications,
    /// Professionals with advanced certifications.
    AdvancedCertifications,
    /// Usage growth since the baseline.
    UsageGrowth,
    /// Customers or services deployed.
    Deployments,
}

/// How a customer is linked to a partner.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::AssociationType")]
pub enum AssociationType {
    /// Claiming Partner of Record.
    Cpor,
    /// Partner Admin Link.
    Pal,
    /// Digital Partner of Record.
    Dpor,
    /// Cloud Solution Provider, direct bill.
    CspT1,
    /// Cloud Solution Provider, indirect reseller.
    CspT2,
}

/// Where a designation stands in the program's enrollment.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::score::enrollment::EnrollmentStatus")]
pub enum EnrollmentStatus {
    /// Requirements not met in the window that counts.
    InProgress,
    /// Met in the qualification window; the partner has not enrolled (no anniversary date).
    Qualified,
    /// Enrolled until the next anniversary, whatever the score does.
    Enrolled,
    /// Enrolled, and the renewal window before the next anniversary is open.
    RenewalDue,
}

/// Microsoft's sales segment of a customer, as the customer list gives it.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::CustomerSegment")]
pub enum CustomerSegment {
    /// Small and medium business.
    Smb,
    /// Every larger customer (corporate and enterprise accounts).
    Enterprise,
}

/// How Microsoft validated a partner's specialization.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::SpecializationValidation")]
pub enum SpecializationValidation {
    /// A third-party audit.
    Audit,
    /// Customer references.
    CustomerReferences,
    /// None recorded (automatic enrolment, or not known).
    None,
}

/// What a fact is about.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::score::FactKind")]
pub enum FactKind {
    /// A customer tenant; the subject is the tenant id.
    Customer,
    /// A customer's top parent; the subject is the TPID.
    Tpid,
    /// A customer and a workload.
    CustomerWorkload,
    /// A certified professional.
    Professional,
    /// An Azure service.
    Service,
    /// A prerequisite step of gated skilling.
    Step,
    /// A total over the customer base.
    Total,
    /// A track or class.
    Track,
}

/// How a fact's subject entered the metric.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::score::FactOutcome")]
pub enum FactOutcome {
    /// Counted towards the value.
    Counted,
    /// Not counted; the detail says why.
    NotCounted,
    /// Counts now and did not at the baseline.
    Added,
    /// Counted at the baseline and no longer.
    Lost,
    /// Counts now and at the baseline.
    Retained,
    /// Newly deployed since the baseline.
    Deployed,
    /// Left out by a rule.
    Excluded,
    /// A prerequisite step with enough professionals.
    Met,
    /// A prerequisite step short of professionals.
    Short,
    /// The track chosen or the class.
    Chosen,
    /// A track computed but not shown.
    NotChosen,
    /// A figure shown for information.
    Info,
}

/// Roles of signed-in users.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::auth::Role")]
pub enum Role {
    /// Everything, every partner; manages users.
    Admin,
    /// Its own partner's data and certified-professional associations.
    PartnerAdmin,
    /// Reads every partner's data; writes nothing.
    Analyst,
}
