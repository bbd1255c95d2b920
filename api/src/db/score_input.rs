//! Loads the inputs of the score engine from the database, for one partner or a batch of partners,
//! reading only the months the engine looks at.

use std::collections::HashMap;

use entities::{
    customer_associations, customer_usage, customers, partners, professional_associations,
    professional_certifications, professionals,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::{AssociationType, CustomerSegment, Month};
use crate::error::AppError;
use crate::score::{
    CustomerAssociation, HeldCertification, PartnerData, ProfessionalAssociation, UsageRow,
};

/// Most values bound in one `IN (...)` list: far below SQLite's and PostgreSQL's parameter limits.
pub(crate) const IN_CHUNK: usize = 5000;

/// Database ids of every partner, in id order.
pub async fn all_partner_ids(db: &impl ConnectionTrait) -> Result<Vec<i64>, AppError> {
    Ok(partners::Entity::find()
        .order_by_asc(partners::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// The engine inputs of each partner in `partner_ids` (database ids), with usage of the months
/// `first..=last` only. Partners that do not exist are left out.
pub async fn load(
    db: &impl ConnectionTrait,
    partner_ids: &[i64],
    first: Month,
    last: Month,
) -> Result<HashMap<i64, PartnerData>, AppError> {
    let mut out: HashMap<i64, PartnerData> = HashMap::with_capacity(partner_ids.len());
    for chunk in partner_ids.chunks(IN_CHUNK) {
        for p in partners::Entity::find()
            .filter(partners::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert(
                p.id,
                PartnerData {
                    partner_id: p.partner_id,
                    ..PartnerData::default()
                },
            );
        }
    }

    // Customer associations, the tenants they reach and those tenants' segments.
    let mut partners_of_customer: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut tenants: HashMap<i64, String> = HashMap::new();
    for chunk in partner_ids.chunks(IN_CHUNK) {
        let rows = customer_associations::Entity::find()
            .filter(customer_associations::Column::PartnerId.is_in(chunk.iter().copied()))
            .find_also_related(customers::Entity)
            .all(db)
            .await?;
        for (assoc, customer) in rows {
            let (Some(customer), Some(data)) = (customer, out.get_mut(&assoc.partner_id)) else {
                continue;
            };
            let Ok(association_type) = assoc.association_type.parse::<AssociationType>() else {
                return Err(AppError::database(format!(
                    "association {} has type {}",
                    assoc.id, assoc.association_type
                )));
            };
            data.associations.push(CustomerAssociation {
                tenant_id: customer.tenant_id.clone(),
                tpid: customer
                    .tpid
                    .clone()
                    .unwrap_or_else(|| customer.tenant_id.clone()),
                association_type,
                workload: assoc.workload_code,
                start_date: assoc.start_date,
                end_date: assoc.end_date,
            });
            if let Some(segment) = &customer.segment {
                let Ok(segment) = segment.parse::<CustomerSegment>() else {
                    return Err(AppError::database(format!(
                        "customer {} has segment {segment}",
                        customer.id
                    )));
                };
                data.segments.insert(customer.tenant_id.clone(), segment);
            }
            let owners = partners_of_customer.entry(customer.id).or_default();
            if !owners.contains(&assoc.partner_id) {
                owners.push(assoc.partner_id);
            }
            tenants.insert(customer.id, customer.tenant_id);
        }
    }

    // Usage of those tenants in the window; a tenant shared by partners is read once.
    let customer_ids: Vec<i64> = tenants.keys().copied().collect();
    for chunk in customer_ids.chunks(IN_CHUNK) {
        let rows = customer_usage::Entity::find()
            .filter(customer_usage::Column::CustomerId.is_in(chunk.iter().copied()))
            .filter(customer_usage::Column::Month.between(first.first_day(), last.first_day()))
            .all(db)
            .await?;
        for u in rows {
            let (Some(tenant_id), Some(owners)) = (
                tenants.get(&u.customer_id),
                partners_of_customer.get(&u.customer_id),
            ) else {
                continue;
            };
            let row = UsageRow {
                tenant_id: tenant_id.clone(),
                month: Month::of(u.month),
                workload: u.workload_code,
                paid_seats: u.paid_seats,
                protected_users: u.protected_users,
                active_users: u.active_users,
                acr_cents: u.acr_cents,
                revenue_cents: u.revenue_cents,
                profiles: u.profiles,
            };
            for owner in owners {
                if let Some(data) = out.get_mut(owner) {
                    data.usage.push(row.clone());
                }
            }
        }
    }

    // Professionals associated with the partners at any time, and every certification they hold.
    let mut partners_of_professional: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in partner_ids.chunks(IN_CHUNK) {
        let rows = professional_associations::Entity::find()
            .filter(professional_associations::Column::PartnerId.is_in(chunk.iter().copied()))
            .find_also_related(professionals::Entity)
            .all(db)
            .await?;
        for (assoc, professional) in rows {
            let (Some(professional), Some(data)) = (professional, out.get_mut(&assoc.partner_id))
            else {
                continue;
            };
            data.professionals.push(ProfessionalAssociation {
                professional_id: professional.professional_id,
                associated_on: assoc.associated_on,
                removed_on: assoc.removed_on,
            });
            let owners = partners_of_professional.entry(professional.id).or_default();
            if !owners.contains(&assoc.partner_id) {
                owners.push(assoc.partner_id);
            }
        }
    }
    let professional_ids: Vec<i64> = partners_of_professional.keys().copied().collect();
    for chunk in professional_ids.chunks(IN_CHUNK) {
        let rows = professional_certifications::Entity::find()
            .filter(
                professional_certifications::Column::ProfessionalId.is_in(chunk.iter().copied()),
            )
            .find_also_related(professionals::Entity)
            .all(db)
            .await?;
        for (cert, professional) in rows {
            let Some(professional) = professional else {
                continue;
            };
            let owners = partners_of_professional.get(&cert.professional_id);
            let held = held(cert, professional);
            for owner in owners.into_iter().flatten() {
                if let Some(data) = out.get_mut(owner) {
                    data.certifications.push(held.clone());
                }
            }
        }
    }
    // Rows reach the engine in one canonical order whatever order the database returned them in, so
    // the same data gives byte-identical breakdowns (facts included) on SQLite and PostgreSQL.
    for data in out.values_mut() {
        data.associations.sort_by(|a, b| {
            (&a.tenant_id, a.association_type, &a.workload, a.start_date).cmp(&(
                &b.tenant_id,
                b.association_type,
                &b.workload,
                b.start_date,
            ))
        });
        data.usage.sort_by(|a, b| {
            (&a.tenant_id, a.month, &a.workload).cmp(&(&b.tenant_id, b.month, &b.workload))
        });
        data.professionals.sort_by(|a, b| {
            (&a.professional_id, a.associated_on).cmp(&(&b.professional_id, b.associated_on))
        });
        data.certifications.sort_by(|a, b| {
            (&a.professional_id, &a.certification, a.earned_on).cmp(&(
                &b.professional_id,
                &b.certification,
                b.earned_on,
            ))
        });
    }
    Ok(out)
}

/// A certification row, with its professional, as the engine holds it.
pub fn held(
    cert: professional_certifications::Model,
    professional: professionals::Model,
) -> HeldCertification {
    HeldCertification {
        professional_id: professional.professional_id,
        certification: cert.certification_code,
        earned_on: cert.earned_on,
        expires_on: cert.expires_on,
    }
}
