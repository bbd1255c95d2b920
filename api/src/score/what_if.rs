//! What-if changes: one change to a partner's rows (a professional joins or leaves, a certification is
//! earned or removed, a customer association starts or ends, a customer's usage of a month grows) and
//! how it applies to the engine's inputs
//! in memory. Simulations, recommendations and the score impact of real writes all apply changes here.

use chrono::NaiveDate;

use super::input::{
    CustomerAssociation, HeldCertification, PartnerData, ProfessionalAssociation, UsageRow,
};
use crate::domain::{AssociationType, Month};

/// A usage figure of a customer's month, as `customer_usage.csv` has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl UsageMeasure {
    /// Every measure.
    pub const ALL: [UsageMeasure; 6] = [
        UsageMeasure::PaidSeats,
        UsageMeasure::ProtectedUsers,
        UsageMeasure::ActiveUsers,
        UsageMeasure::AcrUsd,
        UsageMeasure::RevenueUsd,
        UsageMeasure::Profiles,
    ];

    /// The row's figure in this measure's unit (dollars for money), if recorded.
    pub fn of(self, row: &UsageRow) -> Option<i64> {
        match self {
            UsageMeasure::PaidSeats => row.paid_seats,
            UsageMeasure::ProtectedUsers => row.protected_users,
            UsageMeasure::ActiveUsers => row.active_users,
            UsageMeasure::AcrUsd => row.acr_cents.map(|c| c / 100),
            UsageMeasure::RevenueUsd => row.revenue_cents.map(|c| c / 100),
            UsageMeasure::Profiles => row.profiles,
        }
    }

    /// Adds `amount` (dollars for money) to the row's figure; an empty cell counts as 0.
    fn add(self, row: &mut UsageRow, amount: i64) {
        let (cell, unit) = match self {
            UsageMeasure::PaidSeats => (&mut row.paid_seats, 1),
            UsageMeasure::ProtectedUsers => (&mut row.protected_users, 1),
            UsageMeasure::ActiveUsers => (&mut row.active_users, 1),
            UsageMeasure::AcrUsd => (&mut row.acr_cents, 100),
            UsageMeasure::RevenueUsd => (&mut row.revenue_cents, 100),
            UsageMeasure::Profiles => (&mut row.profiles, 1),
        };
        *cell = Some(
            cell.unwrap_or(0)
                .saturating_add(amount.saturating_mul(unit)),
        );
    }

    /// What the measure counts, for people.
    pub fn label(self) -> &'static str {
        match self {
            UsageMeasure::PaidSeats => "paid seats",
            UsageMeasure::ProtectedUsers => "protected users",
            UsageMeasure::ActiveUsers => "active users",
            UsageMeasure::AcrUsd => "US dollars of Azure consumed revenue",
            UsageMeasure::RevenueUsd => "US dollars of billed revenue",
            UsageMeasure::Profiles => "unified customer profiles",
        }
    }
}

/// One change to a partner's rows.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The professional becomes associated with the partner from a day (ending any open association
    /// it has with the partner the day before).
    AssociateProfessional {
        /// Certification profile id.
        professional_id: String,
        /// First day.
        on: NaiveDate,
    },
    /// The professional's open association with the partner ends on a day.
    EndProfessionalAssociation {
        /// Certification profile id.
        professional_id: String,
        /// The day it no longer counts.
        on: NaiveDate,
    },
    /// The professional earns a certification.
    AddCertification {
        /// Certification profile id.
        professional_id: String,
        /// Certification code.
        certification: String,
        /// Day earned.
        earned_on: NaiveDate,
        /// Last valid day.
        expires_on: Option<NaiveDate>,
    },
    /// Every record of a certification of the professional is removed.
    RemoveCertification {
        /// Certification profile id.
        professional_id: String,
        /// Certification code.
        certification: String,
    },
    /// A new customer association.
    AddCustomerAssociation {
        /// Tenant.
        tenant_id: String,
        /// Type.
        association_type: AssociationType,
        /// One workload, or all.
        workload: Option<String>,
        /// First day.
        start_date: NaiveDate,
    },
    /// A customer's usage of a workload in a month grows by `amount` of `measure` (a month without a
    /// row gets one).
    AddUsage {
        /// Tenant.
        tenant_id: String,
        /// Workload code.
        workload: String,
        /// The month.
        month: Month,
        /// Which figure.
        measure: UsageMeasure,
        /// How much more (dollars for money).
        amount: i64,
    },
    /// The partner's open associations of a type on a tenant end on a day.
    EndCustomerAssociation {
        /// Tenant.
        tenant_id: String,
        /// Type.
        association_type: AssociationType,
        /// Last day in force.
        end_date: NaiveDate,
    },
}

/// Applies changes to a partner's inputs. Certifications of professionals the inputs do not hold yet
/// are read by the caller and passed in `extra_certifications`.
pub fn apply(
    data: &mut PartnerData,
    changes: &[Change],
    extra_certifications: &[HeldCertification],
) {
    for change in changes {
        match change {
            Change::AssociateProfessional {
                professional_id,
                on,
            } => {
                for a in data
                    .professionals
                    .iter_mut()
                    .filter(|a| &a.professional_id == professional_id && a.removed_on.is_none())
                {
                    a.removed_on = Some(*on);
                }
                data.professionals.push(ProfessionalAssociation {
                    professional_id: professional_id.clone(),
                    associated_on: *on,
                    removed_on: None,
                });
                let known = data
                    .certifications
                    .iter()
                    .any(|c| &c.professional_id == professional_id);
                if !known {
                    data.certifications.extend(
                        extra_certifications
                            .iter()
                            .filter(|c| &c.professional_id == professional_id)
                            .cloned(),
                    );
                }
            }
            Change::EndProfessionalAssociation {
                professional_id,
                on,
            } => {
                for a in data
                    .professionals
                    .iter_mut()
                    .filter(|a| &a.professional_id == professional_id && a.removed_on.is_none())
                {
                    a.removed_on = Some((*on).max(a.associated_on));
                }
            }
            Change::AddCertification {
                professional_id,
                certification,
                earned_on,
                expires_on,
            } => {
                data.certifications.push(HeldCertification {
                    professional_id: professional_id.clone(),
                    certification: certification.clone(),
                    earned_on: *earned_on,
                    expires_on: *expires_on,
                });
            }
            Change::RemoveCertification {
                professional_id,
                certification,
            } => {
                data.certifications.retain(|c| {
                    !(&c.professional_id == professional_id && &c.certification == certification)
                });
            }
            Change::AddCustomerAssociation {
                tenant_id,
                association_type,
                workload,
                start_date,
            } => {
                let tpid = data
                    .associations
                    .iter()
                    .find(|a| &a.tenant_id == tenant_id)
                    .map(|a| a.tpid.clone())
                    .unwrap_or_else(|| tenant_id.clone());
                data.associations.push(CustomerAssociation {
                    tenant_id: tenant_id.clone(),
                    tpid,
                    association_type: *association_type,
                    workload: workload.clone(),
                    start_date: *start_date,
                    end_date: None,
                });
            }
            Change::AddUsage {
                tenant_id,
                workload,
                month,
                measure,
                amount,
            } => {
                let at = data.usage.iter().position(|u| {
                    &u.tenant_id == tenant_id && &u.workload == workload && u.month == *month
                });
                let i = at.unwrap_or_else(|| {
                    data.usage.push(UsageRow {
                        tenant_id: tenant_id.clone(),
                        month: *month,
                        workload: workload.clone(),
                        paid_seats: None,
                        protected_users: None,
                        active_users: None,
                        acr_cents: None,
                        revenue_cents: None,
                        profiles: None,
                    });
                    data.usage.len() - 1
                });
                if let Some(row) = data.usage.get_mut(i) {
                    measure.add(row, *amount);
                }
            }
            Change::EndCustomerAssociation {
                tenant_id,
                association_type,
                end_date,
            } => {
                for a in data.associations.iter_mut().filter(|a| {
                    &a.tenant_id == tenant_id
                        && a.association_type == *association_type
                        && a.end_date.is_none()
                }) {
                    a.end_date = Some((*end_date).max(a.start_date));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn associating_a_professional_brings_its_certifications_and_closes_an_open_period() {
        let mut data = PartnerData::default();
        data.professionals.push(ProfessionalAssociation {
            professional_id: "A".into(),
            associated_on: d("2023-01-01"),
            removed_on: None,
        });
        let extra = vec![HeldCertification {
            professional_id: "B".into(),
            certification: "AZ-500".into(),
            earned_on: d("2023-02-01"),
            expires_on: None,
        }];
        apply(
            &mut data,
            &[
                Change::AssociateProfessional {
                    professional_id: "B".into(),
                    on: d("2024-01-01"),
                },
                Change::EndProfessionalAssociation {
                    professional_id: "A".into(),
                    on: d("2024-02-01"),
                },
            ],
            &extra,
        );
        assert_eq!(data.professionals.len(), 2);
        assert_eq!(data.professionals[0].removed_on, Some(d("2024-02-01")));
        assert_eq!(data.certifications, extra);
    }

    #[test]
    fn ending_a_customer_association_never_ends_it_before_it_started() {
        let mut data = PartnerData::default();
        data.associations.push(CustomerAssociation {
            tenant_id: "t".into(),
            tpid: "t".into(),
            association_type: AssociationType::Cpor,
            workload: None,
            start_date: d("2024-03-01"),
            end_date: None,
        });
        apply(
            &mut data,
            &[Change::EndCustomerAssociation {
                tenant_id: "t".into(),
                association_type: AssociationType::Cpor,
                end_date: d("2024-01-01"),
            }],
            &[],
        );
        assert_eq!(data.associations[0].end_date, Some(d("2024-03-01")));
    }
}
