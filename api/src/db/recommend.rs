//! What a partner could do next: the inputs of the recommendation search ([`crate::score::recommend`])
//! read from the database, the partner's rows and the professionals who could join it.

use entities::{professional_associations as pa, professional_certifications, professionals};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::partners::Scope;
use crate::db::score_input;
use crate::domain::{DesignationCode, Month};
use crate::error::AppError;
use crate::score::recommend::{Path, Recommendation, Search};
use crate::score::{Engine, HeldCertification, PartnerData};

/// The certifications, of the designation's lists, of the professionals who could join `partner`:
/// those associated with no partner now. A caller scoped to one partner sees only those who were
/// associated with it before; other callers see every such professional.
pub async fn free_professionals(
    db: &impl ConnectionTrait,
    scope: Scope,
    partner: i64,
    codes: Vec<String>,
) -> Result<Vec<HeldCertification>, AppError> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let open = Query::select()
        .column(pa::Column::ProfessionalId)
        .from(pa::Entity)
        .and_where(Expr::col(pa::Column::RemovedOn).is_null())
        .to_owned();
    let mut query = professional_certifications::Entity::find()
        .find_also_related(professionals::Entity)
        .filter(professional_certifications::Column::CertificationCode.is_in(codes))
        .filter(professional_certifications::Column::ProfessionalId.not_in_subquery(open));
    if let Scope::Partner(_) = scope {
        let former = Query::select()
            .column(pa::Column::ProfessionalId)
            .from(pa::Entity)
            .and_where(Expr::col(pa::Column::PartnerId).eq(partner))
            .to_owned();
        query =
            query.filter(professional_certifications::Column::ProfessionalId.in_subquery(former));
    }
    let rows = query.all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, p)| Some(score_input::held(c, p?)))
        .collect())
}

/// A partner's rows for scoring `month` and the certifications of the professionals who could join
/// it; `None` when the partner has no rows.
async fn search_inputs(
    db: &impl ConnectionTrait,
    engine: &Engine,
    scope: Scope,
    partner: i64,
    month: Month,
    designation: DesignationCode,
) -> Result<Option<(PartnerData, Vec<HeldCertification>)>, AppError> {
    let (from, to) = engine.usage_window(month, month);
    let mut inputs = score_input::load(db, &[partner], from, to).await?;
    let Some(data) = inputs.remove(&partner) else {
        return Ok(None);
    };
    let codes = engine
        .rules_for(month)
        .designation(designation)
        .map(|d| {
            let mut codes: Vec<String> = d
                .eligible_certifications
                .iter()
                .map(|c| c.certification.clone())
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        })
        .unwrap_or_default();
    let free = free_professionals(db, scope, partner, codes).await?;
    Ok(Some((data, free)))
}

/// What a partner could do next for one designation: the recommendations and the path found from
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// The actions that would raise the score, best first.
    pub recommendations: Vec<Recommendation>,
    /// The fewest of them found that meet requirements, or why there is none.
    pub path: Path,
}

/// The recommendations and the path to the threshold of `partner`'s score of `designation` as of
/// `month`, from one search of its rows.
pub async fn advise(
    db: &impl ConnectionTrait,
    engine: &Engine,
    scope: Scope,
    partner: i64,
    month: Month,
    designation: DesignationCode,
) -> Result<Advice, AppError> {
    let (data, free) = search_inputs(db, engine, scope, partner, month, designation)
        .await?
        .unwrap_or_default();
    let search = search(engine, month, designation, &free);
    let recommendations = search.recommendations(&data);
    let path = search.path_from(&data, recommendations.clone());
    Ok(Advice {
        recommendations,
        path,
    })
}

fn search<'a>(
    engine: &'a Engine,
    month: Month,
    designation: DesignationCode,
    free: &'a [HeldCertification],
) -> Search<'a> {
    Search {
        rules: engine.rules_for(month),
        catalog: engine.certifications(),
        month,
        designation,
        free_professionals: free,
    }
}
