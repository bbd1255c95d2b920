//! Professional queries within a [`Scope`]: a partner admin sees the professionals ever associated
//! with its partner, and no others.

use entities::{professional_associations, professionals};
use sea_orm::sea_query::Query as SqlQuery;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::partners::Scope;
use crate::error::AppError;

/// A professional in scope by profile id.
pub async fn by_code(
    db: &impl ConnectionTrait,
    scope: Scope,
    code: &str,
) -> Result<Option<professionals::Model>, AppError> {
    let mut q =
        professionals::Entity::find().filter(professionals::Column::ProfessionalId.eq(code));
    if let Scope::Partner(own) = scope {
        let mut sub = SqlQuery::select();
        sub.column(professional_associations::Column::ProfessionalId)
            .from(professional_associations::Entity)
            .and_where(professional_associations::Column::PartnerId.eq(own));
        q = q.filter(professionals::Column::Id.in_subquery(sub));
    }
    Ok(q.one(db).await?)
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
    let Some(p) = professionals::Entity::find()
        .filter(professionals::Column::ProfessionalId.eq(code))
        .one(db)
        .await?
    else {
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
