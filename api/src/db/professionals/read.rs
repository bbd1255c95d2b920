//! Reading professionals, their associations and their certifications. Look-ups by profile id take
//! a [`Scope`]: a partner admin's read scope holds the professionals ever associated with its
//! partner, and no others. The writes look professionals up in [`Scope::All`] and decide with the
//! caller's rights what it may do with the one found (see `auth/policy.rs`).

use std::collections::HashMap;

use chrono::NaiveDate;
use entities::{professional_associations, professional_certifications, professionals};
use sea_orm::sea_query::Query as SqlQuery;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select};

use crate::db::partners::Scope;
use crate::error::AppError;

type Professional = professionals::Model;
type Association = professional_associations::Model;
type Certification = professional_certifications::Model;

/// Limits a professional query to a scope.
fn in_scope(q: Select<professionals::Entity>, scope: Scope) -> Select<professionals::Entity> {
    match scope {
        Scope::All => q,
        Scope::Partner(own) => {
            let mut sub = SqlQuery::select();
            sub.column(professional_associations::Column::ProfessionalId)
                .from(professional_associations::Entity)
                .and_where(professional_associations::Column::PartnerId.eq(own));
            q.filter(professionals::Column::Id.in_subquery(sub))
        }
    }
}

/// A professional in scope by profile id.
pub async fn by_code(
    db: &impl ConnectionTrait,
    scope: Scope,
    code: &str,
) -> Result<Option<Professional>, AppError> {
    let q = professionals::Entity::find().filter(professionals::Column::ProfessionalId.eq(code));
    Ok(in_scope(q, scope).one(db).await?)
}

/// The professionals in scope with these profile ids, by profile id.
pub async fn by_codes(
    db: &impl ConnectionTrait,
    scope: Scope,
    codes: &[String],
) -> Result<HashMap<String, Professional>, AppError> {
    let mut out = HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(1000) {
        let q = professionals::Entity::find()
            .filter(professionals::Column::ProfessionalId.is_in(chunk.iter().cloned()));
        for p in in_scope(q, scope).all(db).await? {
            out.insert(p.professional_id.clone(), p);
        }
    }
    Ok(out)
}

/// A professional in scope by database id.
pub async fn by_id(
    db: &impl ConnectionTrait,
    scope: Scope,
    id: i64,
) -> Result<Option<Professional>, AppError> {
    let q = professionals::Entity::find().filter(professionals::Column::Id.eq(id));
    Ok(in_scope(q, scope).one(db).await?)
}

/// Whether a caller with `scope` may see the certifications of the professional with this profile id
/// (for what-if scoring): any professional for all-partner readers; for a partner admin, one ever
/// associated with its partner or one with no open association elsewhere (a candidate it could
/// associate). `None` when no such professional exists.
pub async fn visible_for_simulation(
    db: &impl ConnectionTrait,
    scope: Scope,
    code: &str,
) -> Result<Option<bool>, AppError> {
    let Some(p) = by_code(db, Scope::All, code).await? else {
        return Ok(None);
    };
    let Scope::Partner(own) = scope else {
        return Ok(Some(true));
    };
    if by_code(db, scope, code).await?.is_some() {
        return Ok(Some(true));
    }
    let open_elsewhere = professional_associations::Entity::find()
        .filter(professional_associations::Column::ProfessionalId.eq(p.id))
        .filter(professional_associations::Column::RemovedOn.is_null())
        .filter(professional_associations::Column::PartnerId.ne(own))
        .one(db)
        .await?
        .is_some();
    Ok(Some(!open_elsewhere))
}

/// An association by database id.
pub async fn association(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<Association>, AppError> {
    Ok(professional_associations::Entity::find_by_id(id)
        .one(db)
        .await?)
}

/// Every association of a professional (database id), oldest first.
pub async fn associations_of(
    db: &impl ConnectionTrait,
    professional: i64,
) -> Result<Vec<Association>, AppError> {
    Ok(professional_associations::Entity::find()
        .filter(professional_associations::Column::ProfessionalId.eq(professional))
        .order_by_asc(professional_associations::Column::AssociatedOn)
        .all(db)
        .await?)
}

/// Every association of each of these professionals (database ids), oldest first.
pub async fn associations_of_many(
    db: &impl ConnectionTrait,
    professionals: &[i64],
) -> Result<HashMap<i64, Vec<Association>>, AppError> {
    let mut out: HashMap<i64, Vec<Association>> = HashMap::new();
    for chunk in professionals.chunks(1000) {
        for a in professional_associations::Entity::find()
            .filter(professional_associations::Column::ProfessionalId.is_in(chunk.iter().copied()))
            .order_by_asc(professional_associations::Column::AssociatedOn)
            .all(db)
            .await?
        {
            out.entry(a.professional_id).or_default().push(a);
        }
    }
    Ok(out)
}

/// The open associations of these professionals (database ids) with a partner.
pub async fn open_associations_with(
    db: &impl ConnectionTrait,
    partner: i64,
    professionals: &[i64],
) -> Result<Vec<Association>, AppError> {
    Ok(professional_associations::Entity::find()
        .filter(professional_associations::Column::PartnerId.eq(partner))
        .filter(professional_associations::Column::RemovedOn.is_null())
        .filter(
            professional_associations::Column::ProfessionalId.is_in(professionals.iter().copied()),
        )
        .all(db)
        .await?)
}

/// One certification record: a professional's (database id) code earned on a day.
pub async fn certification(
    db: &impl ConnectionTrait,
    professional: i64,
    code: &str,
    earned_on: NaiveDate,
) -> Result<Option<Certification>, AppError> {
    Ok(professional_certifications::Entity::find()
        .filter(professional_certifications::Column::ProfessionalId.eq(professional))
        .filter(professional_certifications::Column::CertificationCode.eq(code))
        .filter(professional_certifications::Column::EarnedOn.eq(earned_on))
        .one(db)
        .await?)
}

/// A professional's (database id) other records of a code: those not earned on `earned_on`.
pub async fn other_certifications(
    db: &impl ConnectionTrait,
    professional: i64,
    code: &str,
    earned_on: NaiveDate,
) -> Result<Vec<Certification>, AppError> {
    Ok(professional_certifications::Entity::find()
        .filter(professional_certifications::Column::ProfessionalId.eq(professional))
        .filter(professional_certifications::Column::CertificationCode.eq(code))
        .filter(professional_certifications::Column::EarnedOn.ne(earned_on))
        .all(db)
        .await?)
}
