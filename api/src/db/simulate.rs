//! What-if scoring: a partner's rows as stored, with a set of changes applied in memory, scored
//! before and after. Nothing is written. The same function gives the score impact of a real change.

use entities::{customers, professional_certifications, professionals};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::score_input;
use crate::domain::{CustomerSegment, DesignationCode, MetricCode, Month};
use crate::error::AppError;
use crate::score::what_if::{Change, apply};
use crate::score::{Engine, HeldCertification, PartnerData};

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
        .filter_map(|(c, p)| Some(score_input::held(c, p?)))
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
