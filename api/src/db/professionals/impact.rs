//! The score impact of a write on a partner: every designation before and after, as of the latest
//! stored month, computed in the write's transaction by the same what-if scoring as `simulateScore`.

use chrono::NaiveDate;
use entities::partners;
use sea_orm::ConnectionTrait;

use super::read;
use crate::db::partners::Scope;
use crate::db::score_input;
use crate::db::scores::{self, Engine};
use crate::db::simulate::{self, Impact};
use crate::domain::Month;
use crate::error::AppError;
use crate::score::PartnerData;
use crate::score::what_if::Change;

/// The score impact of a change on one partner: every designation, before and after.
#[derive(Debug, Clone)]
pub struct PartnerImpact {
    /// Partner database id.
    pub partner: i64,
    /// PartnerID.
    pub partner_code: String,
    /// One entry per designation.
    pub impacts: Vec<Impact>,
}

/// The month score impacts are computed as of: the latest stored month.
pub(super) async fn impact_month(db: &impl ConnectionTrait) -> Result<Month, AppError> {
    Ok(scores::stored_months(db).await?.1)
}

/// The score impact of `changes` on a partner (see [`simulate::simulate`]).
pub(super) async fn impact(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    partner: &partners::Model,
    month: Month,
    changes: &[Change],
) -> Result<PartnerImpact, AppError> {
    Ok(PartnerImpact {
        partner: partner.id,
        partner_code: partner.partner_id.clone(),
        impacts: simulate::simulate(conn, engine, partner.id, month, changes).await?,
    })
}

/// The score impact of an edit `simulate` has no change for (moving the end of a closed period).
pub(super) async fn impact_with(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    partner: &partners::Model,
    month: Month,
    edit: impl FnOnce(&mut PartnerData),
) -> Result<PartnerImpact, AppError> {
    let (from, to) = engine.usage_window(month, month);
    let mut inputs = score_input::load(conn, &[partner.id], from, to).await?;
    let before = inputs
        .remove(&partner.id)
        .ok_or_else(|| AppError::NotFound("partner".into()))?;
    let mut after = before.clone();
    edit(&mut after);
    Ok(PartnerImpact {
        partner: partner.id,
        partner_code: partner.partner_id.clone(),
        impacts: simulate::compare(&engine.score(&before, month), &engine.score(&after, month)),
    })
}

/// The changes that remove one certification record (`simulate` removes every record of a code, so
/// the professional's other records of the same code are added back). With no `earned_on`, every
/// record of the code is removed.
pub async fn remove_certification_changes(
    conn: &impl ConnectionTrait,
    professional: &str,
    code: &str,
    earned_on: Option<NaiveDate>,
) -> Result<Vec<Change>, AppError> {
    let mut changes = vec![Change::RemoveCertification {
        professional_id: professional.to_string(),
        certification: code.to_string(),
    }];
    let Some(earned_on) = earned_on else {
        return Ok(changes);
    };
    let Some(pro) = read::by_code(conn, Scope::All, professional.trim()).await? else {
        return Ok(changes);
    };
    let others = read::other_certifications(conn, pro.id, code, earned_on).await?;
    changes.extend(others.into_iter().map(|c| Change::AddCertification {
        professional_id: professional.to_string(),
        certification: c.certification_code,
        earned_on: c.earned_on,
        expires_on: c.expires_on,
    }));
    Ok(changes)
}
