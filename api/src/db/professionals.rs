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
