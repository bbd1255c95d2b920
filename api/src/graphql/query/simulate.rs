//! What-if scoring: what a set of association or certification changes would do to each of a
//! partner's designations. Nothing is written; the mutations report the same impact when they run.

use async_graphql::{Context, InputObject, Object};
use chrono::NaiveDate;

use crate::db::partners;
use crate::db::professionals::{PartnerImpact, remove_certification_changes};
use crate::db::simulate::simulate;
use crate::domain::{Month, ProfessionalId, TenantId};
use crate::graphql::context::{catalogue, db, engine, scope};
use crate::graphql::error::{GqlResult, bad_input, code, coded, not_found};
use crate::graphql::object::change::{ScoreImpact, score_impacts};
use crate::graphql::object::enums::AssociationType;
use crate::graphql::object::partner::month_or_latest;
use crate::graphql::object::recommendation::{ScoreChangeKind, UsageMeasure};
use crate::graphql::policy::Policy;
use crate::score::what_if::Change;

/// Most changes one simulation takes.
pub const MAX_CHANGES: usize = 100;

/// The most an `ADD_USAGE` change adds.
const MAX_USAGE_AMOUNT: i32 = 1_000_000_000;

/// One simulated change; which fields it needs depends on `kind`.
#[derive(InputObject, Clone)]
pub struct ScoreChangeInput {
    /// What changes.
    pub kind: ScoreChangeKind,
    /// Certification profile id (professional and certification changes).
    pub professional_id: Option<String>,
    /// Certification code (certification changes).
    pub certification: Option<String>,
    /// The day of the change: first day, last day, day earned.
    pub date: Option<NaiveDate>,
    /// Last valid day of an added certification.
    pub expires_on: Option<NaiveDate>,
    /// Customer tenant id (customer association changes).
    pub tenant_id: Option<String>,
    /// Customer association type (customer association changes).
    pub association_type: Option<AssociationType>,
    /// One workload of an added customer association (default: all); the workload of added usage.
    pub workload: Option<String>,
    /// The usage figure that grows (`ADD_USAGE`).
    pub measure: Option<UsageMeasure>,
    /// How much it grows, at least 1 (`ADD_USAGE`; whole US dollars for money).
    pub amount: Option<i32>,
}

fn required<'a, T>(
    value: &'a Option<T>,
    index: usize,
    field: &str,
    kind: ScoreChangeKind,
) -> async_graphql::Result<&'a T> {
    value.as_ref().ok_or_else(|| {
        bad_input(format!(
            "changes[{index}].{field}: required for {}",
            kind.name()
        ))
    })
}

/// Simulation queries.
#[derive(Default)]
pub struct SimulateQuery;

#[Object]
impl SimulateQuery {
    /// What `changes` would do to each of a partner's designations as of `asOf` (default: the
    /// latest month with data), applied together in memory. Writes nothing.
    #[graphql(guard = "Policy(\"Query.simulateScore\")")]
    async fn simulate_score(
        &self,
        ctx: &Context<'_>,
        partner_id: String,
        changes: Vec<ScoreChangeInput>,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Vec<ScoreImpact>> {
        if changes.len() > MAX_CHANGES {
            return Err(bad_input(format!(
                "changes: at most {MAX_CHANGES}, got {}",
                changes.len()
            )));
        }
        let db = db(ctx)?;
        let Some(partner) = partners::by_code(db, scope(ctx)?, &partner_id)
            .await
            .gql()?
        else {
            return Err(not_found(format!("partner {partner_id:?}")));
        };
        let catalogue = catalogue(ctx)?;
        let mut domain_changes = Vec::new();
        for (i, c) in changes.iter().enumerate() {
            let kind = c.kind;
            let pro = |c: &ScoreChangeInput| -> async_graphql::Result<String> {
                let p = required(&c.professional_id, i, "professionalId", kind)?.trim();
                if p.is_empty() {
                    return Err(bad_input(format!(
                        "changes[{i}].professionalId: required for {}",
                        kind.name()
                    )));
                }
                ProfessionalId::parse(p)
                    .map(ProfessionalId::into_string)
                    .map_err(|e| bad_input(format!("changes[{i}].professionalId: {e}")))
            };
            let cert = |c: &ScoreChangeInput| -> async_graphql::Result<String> {
                let wanted = required(&c.certification, i, "certification", kind)?
                    .trim()
                    .to_uppercase();
                if !catalogue.certifications.iter().any(|x| x.code == wanted) {
                    return Err(coded(
                        code::NOT_FOUND,
                        format!("changes[{i}].certification: {wanted} is not in the catalogue"),
                    ));
                }
                Ok(wanted)
            };
            let tenant = |c: &ScoreChangeInput| -> async_graphql::Result<String> {
                let t = required(&c.tenant_id, i, "tenantId", kind)?.trim();
                TenantId::parse(t)
                    .map(|t| t.to_string())
                    .map_err(|e| bad_input(format!("changes[{i}].tenantId: {e}")))
            };
            let date = |c: &ScoreChangeInput| required(&c.date, i, "date", kind).copied();
            let workload = |w: &str| -> async_graphql::Result<String> {
                if !catalogue.workloads.iter().any(|x| x.code == w) {
                    return Err(coded(
                        code::NOT_FOUND,
                        format!("changes[{i}].workload: {w} is not in the catalogue"),
                    ));
                }
                Ok(w.to_string())
            };
            match kind {
                ScoreChangeKind::AssociateProfessional => {
                    let p = known_professional(ctx, pro(c)?, i).await?;
                    domain_changes.push(Change::AssociateProfessional {
                        professional_id: p,
                        on: date(c)?,
                    });
                }
                ScoreChangeKind::EndProfessionalAssociation => {
                    let p = known_professional(ctx, pro(c)?, i).await?;
                    domain_changes.push(Change::EndProfessionalAssociation {
                        professional_id: p,
                        on: date(c)?,
                    });
                }
                ScoreChangeKind::AddCertification => {
                    let p = known_professional(ctx, pro(c)?, i).await?;
                    let date = date(c)?;
                    if let Some(x) = c.expires_on
                        && x < date
                    {
                        return Err(bad_input(format!(
                            "changes[{i}].expiresOn: must be on or after date ({date})"
                        )));
                    }
                    domain_changes.push(Change::AddCertification {
                        professional_id: p,
                        certification: cert(c)?,
                        earned_on: date,
                        expires_on: c.expires_on,
                    });
                }
                ScoreChangeKind::RemoveCertification => {
                    let p = known_professional(ctx, pro(c)?, i).await?;
                    let certification = cert(c)?;
                    domain_changes.extend(
                        remove_certification_changes(db, &p, &certification, c.date)
                            .await
                            .gql()?,
                    );
                }
                ScoreChangeKind::AddCustomerAssociation => {
                    let association_type =
                        *required(&c.association_type, i, "associationType", kind)?;
                    let workload = match c.workload.as_deref().map(str::trim) {
                        None | Some("") => None,
                        Some(w) => Some(workload(w)?),
                    };
                    domain_changes.push(Change::AddCustomerAssociation {
                        tenant_id: tenant(c)?,
                        association_type: association_type.into(),
                        workload,
                        start_date: date(c)?,
                    });
                }
                ScoreChangeKind::AddUsage => {
                    let w = workload(required(&c.workload, i, "workload", kind)?.trim())?;
                    let measure = *required(&c.measure, i, "measure", kind)?;
                    let amount = *required(&c.amount, i, "amount", kind)?;
                    if !(1..=MAX_USAGE_AMOUNT).contains(&amount) {
                        return Err(bad_input(format!(
                            "changes[{i}].amount: must be between 1 and {MAX_USAGE_AMOUNT}, got {amount}"
                        )));
                    }
                    domain_changes.push(Change::AddUsage {
                        tenant_id: tenant(c)?,
                        workload: w,
                        month: Month::of(date(c)?),
                        measure: measure.into(),
                        amount: i64::from(amount),
                    });
                }
                ScoreChangeKind::EndCustomerAssociation => {
                    let association_type =
                        *required(&c.association_type, i, "associationType", kind)?;
                    domain_changes.push(Change::EndCustomerAssociation {
                        tenant_id: tenant(c)?,
                        association_type: association_type.into(),
                        end_date: date(c)?,
                    });
                }
            }
        }
        let month = month_or_latest(ctx, as_of).await?;
        let impacts = simulate(db, engine(ctx)?, partner.id, month, &domain_changes)
            .await
            .gql()?;
        Ok(score_impacts(&[PartnerImpact {
            partner: partner.id,
            partner_code: partner.partner_id,
            impacts,
        }]))
    }
}

/// The profile id, when such a professional exists (any partner's: a partner admin may weigh a hire).
async fn known_professional(
    ctx: &Context<'_>,
    code: String,
    index: usize,
) -> async_graphql::Result<String> {
    let scope = crate::graphql::context::scope(ctx)?;
    match crate::db::professionals::visible_for_simulation(db(ctx)?, scope, &code)
        .await
        .gql()?
    {
        Some(true) => Ok(code),
        // Another partner's professional: no more visible here than one that does not exist.
        Some(false) | None => Err(coded(
            code::NOT_FOUND,
            format!("changes[{index}].professionalId: no professional with id {code:?}"),
        )),
    }
}
