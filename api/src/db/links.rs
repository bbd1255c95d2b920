//! What hangs off partners and professionals, read for a batch of them at once (the graph's loaders
//! answer a nested page with these): customer associations with their customers, professional
//! associations with their professionals, certifications, and the specializations granted to partners. Scope is the caller's business: these
//! take ids already checked.

use std::collections::HashMap;
use std::sync::Arc;

use entities::{
    customer_associations, customers, partner_specializations, professional_associations,
    professional_certifications, professionals,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::db::score_input::IN_CHUNK;
use crate::error::AppError;

/// A customer association of a partner, with the customer.
pub type CustomerLink = (customer_associations::Model, customers::Model);

/// A professional's association with a partner, with the professional and every certification it holds.
pub type ProfessionalLink = (
    professional_associations::Model,
    professionals::Model,
    Arc<Vec<professional_certifications::Model>>,
);

/// Every customer association (any period) of each partner, oldest first; every partner asked for has
/// an entry.
pub async fn customers_of(
    db: &impl ConnectionTrait,
    partners: &[i64],
) -> Result<HashMap<i64, Vec<CustomerLink>>, AppError> {
    let mut out: HashMap<i64, Vec<CustomerLink>> =
        partners.iter().map(|k| (*k, Vec::new())).collect();
    for chunk in partners.chunks(IN_CHUNK) {
        let rows = customer_associations::Entity::find()
            .filter(customer_associations::Column::PartnerId.is_in(chunk.iter().copied()))
            .find_also_related(customers::Entity)
            .order_by_asc(customer_associations::Column::StartDate)
            .order_by_asc(customer_associations::Column::Id)
            .all(db)
            .await?;
        for (a, c) in rows {
            if let Some(c) = c {
                out.entry(a.partner_id).or_default().push((a, c));
            }
        }
    }
    Ok(out)
}

/// Every professional association (any period) of each partner, oldest first, with the
/// professionals' certifications read in the same batch; every partner asked for has an entry.
pub async fn professionals_of(
    db: &impl ConnectionTrait,
    partners: &[i64],
) -> Result<HashMap<i64, Vec<ProfessionalLink>>, AppError> {
    let mut links = Vec::new();
    for chunk in partners.chunks(IN_CHUNK) {
        let rows = professional_associations::Entity::find()
            .filter(professional_associations::Column::PartnerId.is_in(chunk.iter().copied()))
            .find_also_related(professionals::Entity)
            .order_by_asc(professional_associations::Column::AssociatedOn)
            .order_by_asc(professional_associations::Column::Id)
            .all(db)
            .await?;
        links.extend(rows.into_iter().filter_map(|(a, p)| Some((a, p?))));
    }
    let ids: Vec<i64> = links.iter().map(|(_, p)| p.id).collect();
    let certs: HashMap<i64, Arc<Vec<professional_certifications::Model>>> =
        certifications_of(db, &ids)
            .await?
            .into_iter()
            .map(|(k, v)| (k, Arc::new(v)))
            .collect();
    let mut out: HashMap<i64, Vec<ProfessionalLink>> =
        partners.iter().map(|k| (*k, Vec::new())).collect();
    for (a, p) in links {
        let held = certs.get(&p.id).cloned().unwrap_or_default();
        out.entry(a.partner_id).or_default().push((a, p, held));
    }
    Ok(out)
}

/// Every certification of each professional, newest first; every professional asked for has an entry.
pub async fn certifications_of(
    db: &impl ConnectionTrait,
    professionals: &[i64],
) -> Result<HashMap<i64, Vec<professional_certifications::Model>>, AppError> {
    let mut out: HashMap<i64, Vec<professional_certifications::Model>> =
        professionals.iter().map(|k| (*k, Vec::new())).collect();
    for chunk in professionals.chunks(IN_CHUNK) {
        let rows = professional_certifications::Entity::find()
            .filter(
                professional_certifications::Column::ProfessionalId.is_in(chunk.iter().copied()),
            )
            .order_by_desc(professional_certifications::Column::EarnedOn)
            .all(db)
            .await?;
        for c in rows {
            out.entry(c.professional_id).or_default().push(c);
        }
    }
    Ok(out)
}

/// Every specialization grant (any period) of each partner, oldest first; every partner asked for
/// has an entry.
pub async fn specializations_of(
    db: &impl ConnectionTrait,
    partners: &[i64],
) -> Result<HashMap<i64, Vec<partner_specializations::Model>>, AppError> {
    let mut out: HashMap<i64, Vec<partner_specializations::Model>> =
        partners.iter().map(|k| (*k, Vec::new())).collect();
    for chunk in partners.chunks(IN_CHUNK) {
        let rows = partner_specializations::Entity::find()
            .filter(partner_specializations::Column::PartnerId.is_in(chunk.iter().copied()))
            .order_by_asc(partner_specializations::Column::GrantedOn)
            .order_by_asc(partner_specializations::Column::SpecializationCode)
            .all(db)
            .await?;
        for g in rows {
            out.entry(g.partner_id).or_default().push(g);
        }
    }
    Ok(out)
}
