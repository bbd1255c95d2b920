//! What-if scoring: a partner's rows as stored, with a set of changes applied in memory, scored
//! before and after. Nothing is written. The same function gives the score impact of a real change.

use chrono::NaiveDate;
use entities::{customers, professional_certifications, professionals};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::score_input;
use crate::domain::{AssociationType, CustomerSegment, DesignationCode, MetricCode, Month};
use crate::error::AppError;
use crate::score::{
    CustomerAssociation, Engine, HeldCertification, PartnerData, ProfessionalAssociation,
};

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

/// The effect of changes on one designation.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// The designation.
    pub designation: DesignationCode,
    /// Total before.
    pub before: Decimal,
    /// Total after.
    pub after: Decimal,
    /// Verdict before.
    pub meets_before: bool,
    /// Verdict after.
    pub meets_after: bool,
    /// Each metric whose points change: (metric, before, after).
    pub metrics: Vec<(MetricCode, Decimal, Decimal)>,
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

fn professional_ids(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::AssociateProfessional {
                professional_id, ..
            } => Some(professional_id.clone()),
            _ => None,
        })
        .collect()
}

/// Certifications of the professionals a change associates, read from the database.
async fn certifications_of(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> Result<Vec<HeldCertification>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = professional_certifications::Entity::find()
        .find_also_related(professionals::Entity)
        .filter(professionals::Column::ProfessionalId.is_in(ids.iter().cloned()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, p)| {
            Some(HeldCertification {
                professional_id: p?.professional_id,
                certification: c.certification_code,
                earned_on: c.earned_on,
                expires_on: c.expires_on,
            })
        })
        .collect())
}

/// The segments of the customers a change newly associates (tenants the partner's inputs hold no
/// segment of), read from the database; customers without a segment are left out.
async fn segments_of(
    db: &impl ConnectionTrait,
    data: &PartnerData,
    changes: &[Change],
) -> Result<Vec<(String, CustomerSegment)>, AppError> {
    let mut tenants: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddCustomerAssociation { tenant_id, .. }
                if !data.segments.contains_key(tenant_id) =>
            {
                Some(tenant_id.clone())
            }
            _ => None,
        })
        .collect();
    tenants.sort_unstable();
    tenants.dedup();
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    let rows = customers::Entity::find()
        .filter(customers::Column::TenantId.is_in(tenants))
        .filter(customers::Column::Segment.is_not_null())
        .all(db)
        .await?;
    rows.into_iter()
        .filter_map(|c| Some((c.segment?, c.tenant_id, c.id)))
        .map(
            |(segment, tenant_id, id)| match segment.parse::<CustomerSegment>() {
                Ok(segment) => Ok((tenant_id, segment)),
                Err(_) => Err(AppError::database(format!(
                    "customer {id} has segment {segment}"
                ))),
            },
        )
        .collect()
}

/// A partner's engine inputs for scoring `month`, as stored and with `changes` applied (a customer a
/// change associates brings its stored segment).
pub async fn inputs(
    db: &impl ConnectionTrait,
    engine: &Engine,
    partner: i64,
    month: Month,
    changes: &[Change],
) -> Result<(PartnerData, PartnerData), AppError> {
    let (from, to) = engine.usage_window(month, month);
    let mut inputs = score_input::load(db, &[partner], from, to).await?;
    let before = inputs
        .remove(&partner)
        .ok_or_else(|| AppError::NotFound("partner".into()))?;
    let extra = certifications_of(db, &professional_ids(changes)).await?;
    let segments = segments_of(db, &before, changes).await?;
    let mut after = before.clone();
    apply(&mut after, changes, &extra);
    after.segments.extend(segments);
    Ok((before, after))
}

/// Scores a partner as of `month` as stored and with `changes` applied; one impact per designation.
pub async fn simulate(
    db: &impl ConnectionTrait,
    engine: &Engine,
    partner: i64,
    month: Month,
    changes: &[Change],
) -> Result<Vec<Impact>, AppError> {
    let (before, after) = inputs(db, engine, partner, month, changes).await?;
    Ok(compare(
        &engine.score(&before, month),
        &engine.score(&after, month),
    ))
}

/// The impact between two sets of scores of the same partner and month.
pub fn compare(
    before: &[crate::score::DesignationScore],
    after: &[crate::score::DesignationScore],
) -> Vec<Impact> {
    before
        .iter()
        .filter_map(|b| {
            let a = after.iter().find(|a| a.designation == b.designation)?;
            Some(Impact {
                designation: b.designation,
                before: b.total,
                after: a.total,
                meets_before: b.meets_requirements,
                meets_after: a.meets_requirements,
                metrics: b
                    .metrics
                    .iter()
                    .filter_map(|m| {
                        let am = a.metric(m.metric)?;
                        (am.points != m.points).then_some((m.metric, m.points, am.points))
                    })
                    .collect(),
            })
        })
        .collect()
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
