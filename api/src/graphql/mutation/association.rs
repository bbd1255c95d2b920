//! Writing professionals, certifications and associations. Each resolver converts its input, calls
//! one function of [`crate::db::professionals`] (which checks the caller's rights, writes in one
//! transaction with its audit event, and refreshes scores), and turns the outcome into a payload:
//! problems the caller can fix become `userErrors`, a refusal is a top-level `FORBIDDEN`.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;

use crate::db::audit::{Actor, RequestId};
use crate::db::model;
use crate::db::professionals::{
    self as writes, AssociationChange, BulkRow, NewCertification, NewProfessional, ProfessionalEdit,
};
use crate::error::WriteError;
use crate::graphql::context::{caller, db, engine, loaders};
use crate::graphql::error::{app, forbidden};
use crate::graphql::loader::gql;
use crate::graphql::object::change::{
    AssociationPayload, BulkAction, BulkAssociationPayload, CertificationPayload,
    ProfessionalPayload, UserError, score_impacts,
};
use crate::graphql::object::professional::{
    HeldCertification, Professional, ProfessionalAssociation,
};
use crate::graphql::policy::Policy;
use crate::graphql::relay::parse_global_id;

/// The caller and request of a mutation, as the audit trail records them.
pub(super) fn actor<'a>(ctx: &Context<'a>) -> async_graphql::Result<Actor<'a>> {
    Ok(Actor {
        caller: caller(ctx)?,
        request_id: ctx.data_opt::<RequestId>().map(|r| r.0.as_str()),
    })
}

/// Splits a write's outcome: `Ok(Err(userErrors))` for problems the caller can fix, `Err` for a
/// refusal or a failure.
pub(super) fn split<T>(
    r: Result<T, WriteError>,
) -> async_graphql::Result<Result<T, Vec<UserError>>> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(WriteError::Problems(p)) => Ok(Err(p.into_iter().map(UserError::from).collect())),
        Err(WriteError::Forbidden) => Err(forbidden()),
        Err(WriteError::App(e)) => Err(app(e)),
    }
}

async fn association_object(
    ctx: &Context<'_>,
    association: model::ProfessionalAssociation,
    professional: &model::Professional,
) -> async_graphql::Result<ProfessionalAssociation> {
    let certifications =
        gql(loaders(ctx)?.certifications.load_one(professional.id).await)?.unwrap_or_default();
    Ok(ProfessionalAssociation {
        association,
        professional: professional.clone(),
        certifications,
    })
}

async fn association_payload(
    ctx: &Context<'_>,
    r: Result<AssociationChange, WriteError>,
) -> async_graphql::Result<AssociationPayload> {
    match split(r)? {
        Err(user_errors) => Ok(AssociationPayload {
            user_errors,
            ..Default::default()
        }),
        Ok(change) => {
            let previous = match change.previous {
                Some(a) => Some(association_object(ctx, a, &change.professional).await?),
                None => None,
            };
            Ok(AssociationPayload {
                association: Some(
                    association_object(ctx, change.association, &change.professional).await?,
                ),
                previous_association: previous,
                user_errors: Vec::new(),
                score_impact: score_impacts(&change.impacts),
            })
        }
    }
}

/// Input of `createProfessional`.
#[derive(InputObject)]
pub struct CreateProfessionalInput {
    /// Certification profile id (1 to 64 characters, unique).
    pub professional_id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
}

/// Input of `updateProfessional`: fields left out keep their value.
#[derive(InputObject)]
pub struct UpdateProfessionalInput {
    /// Certification profile id of the professional to edit.
    pub professional_id: String,
    /// New name.
    pub name: Option<String>,
    /// New email; an empty text removes it.
    pub email: Option<String>,
    /// The version read (`Professional.version`); a stale one is a `CONFLICT`.
    pub version: i32,
}

/// Input of `addCertification`.
#[derive(InputObject)]
pub struct AddCertificationInput {
    /// Certification profile id.
    pub professional_id: String,
    /// Certification code, e.g. `AZ-500`.
    pub code: String,
    /// Day earned (not in the future).
    pub earned_on: NaiveDate,
    /// Last valid day, if it expires.
    pub expires_on: Option<NaiveDate>,
}

/// Input of `removeCertification`.
#[derive(InputObject)]
pub struct RemoveCertificationInput {
    /// Certification profile id.
    pub professional_id: String,
    /// Certification code.
    pub code: String,
    /// Day earned (with the code, it names one record).
    pub earned_on: NaiveDate,
    /// The record's version (`HeldCertification.version`).
    pub version: i32,
}

/// Input of `associateProfessional`.
#[derive(InputObject)]
pub struct AssociateProfessionalInput {
    /// Certification profile id.
    pub professional_id: String,
    /// PartnerID.
    pub partner_id: String,
    /// First day of the association.
    pub associated_on: NaiveDate,
}

/// Input of `endAssociation`.
#[derive(InputObject)]
pub struct EndAssociationInput {
    /// `ProfessionalAssociation.id`.
    pub association_id: ID,
    /// The day the professional no longer counts for the partner (on an ended association: a
    /// corrected end day).
    pub removed_on: NaiveDate,
    /// The association's version (`ProfessionalAssociation.version`).
    pub version: i32,
}

/// Input of `moveProfessional`.
#[derive(InputObject)]
pub struct MoveProfessionalInput {
    /// Certification profile id.
    pub professional_id: String,
    /// PartnerID of the new partner.
    pub to_partner_id: String,
    /// The day the move takes effect: the old association ends and the new one starts.
    pub moved_on: NaiveDate,
    /// The version of the professional's current association.
    pub version: i32,
}

/// One row of `bulkAssociate`.
#[derive(InputObject)]
pub struct BulkAssociationRow {
    /// Certification profile id.
    pub professional_id: String,
    /// Associate, or end the open association.
    pub action: BulkAction,
    /// The association's first day (`ASSOCIATE`) or the day it ends (`END`).
    pub date: NaiveDate,
    /// The row's line in the caller's file, echoed in the report (default: its position from 1).
    pub line: Option<i32>,
}

/// Input of `bulkAssociate`.
#[derive(InputObject)]
pub struct BulkAssociateInput {
    /// PartnerID of the partner every row is about.
    pub partner_id: String,
    /// At most 5000 rows, each professional at most once.
    pub rows: Vec<BulkAssociationRow>,
    /// Report what would happen and write nothing.
    pub dry_run: bool,
}

/// Writes of professionals, certifications and associations.
#[derive(Default)]
pub struct AssociationMutation;

#[Object]
impl AssociationMutation {
    /// Creates a certified professional (not yet associated with any partner).
    #[graphql(guard = "Policy(\"Mutation.createProfessional\")")]
    async fn create_professional(
        &self,
        ctx: &Context<'_>,
        input: CreateProfessionalInput,
    ) -> async_graphql::Result<ProfessionalPayload> {
        let r = writes::create_professional(
            db(ctx)?,
            actor(ctx)?,
            NewProfessional {
                professional_id: input.professional_id,
                name: input.name,
                email: input.email,
            },
        )
        .await;
        Ok(match split(r)? {
            Ok(p) => ProfessionalPayload {
                professional: Some(Professional(p, Some(Arc::new(Vec::new())))),
                user_errors: Vec::new(),
            },
            Err(user_errors) => ProfessionalPayload {
                professional: None,
                user_errors,
            },
        })
    }

    /// Edits a professional's name or email; `version` must be the current one.
    #[graphql(guard = "Policy(\"Mutation.updateProfessional\")")]
    async fn update_professional(
        &self,
        ctx: &Context<'_>,
        input: UpdateProfessionalInput,
    ) -> async_graphql::Result<ProfessionalPayload> {
        let r = writes::update_professional(
            db(ctx)?,
            actor(ctx)?,
            ProfessionalEdit {
                professional_id: input.professional_id,
                name: input.name,
                email: input.email,
                version: input.version,
            },
        )
        .await;
        Ok(match split(r)? {
            Ok(p) => ProfessionalPayload {
                professional: Some(Professional(p, None)),
                user_errors: Vec::new(),
            },
            Err(user_errors) => ProfessionalPayload {
                professional: None,
                user_errors,
            },
        })
    }

    /// Records a certification a professional earned; the impact is on the partner it is actively
    /// associated with.
    #[graphql(guard = "Policy(\"Mutation.addCertification\")")]
    async fn add_certification(
        &self,
        ctx: &Context<'_>,
        input: AddCertificationInput,
    ) -> async_graphql::Result<CertificationPayload> {
        let r = writes::add_certification(
            db(ctx)?,
            engine(ctx)?,
            actor(ctx)?,
            NewCertification {
                professional_id: input.professional_id,
                code: input.code,
                earned_on: input.earned_on,
                expires_on: input.expires_on,
            },
        )
        .await;
        certification_payload(split(r)?)
    }

    /// Removes one certification record (code and day earned); `version` must be the current one.
    #[graphql(guard = "Policy(\"Mutation.removeCertification\")")]
    async fn remove_certification(
        &self,
        ctx: &Context<'_>,
        input: RemoveCertificationInput,
    ) -> async_graphql::Result<CertificationPayload> {
        let r = writes::remove_certification(
            db(ctx)?,
            engine(ctx)?,
            actor(ctx)?,
            &input.professional_id,
            &input.code,
            input.earned_on,
            input.version,
        )
        .await;
        certification_payload(split(r)?)
    }

    /// Associates a professional with a partner. A professional already associated elsewhere is a
    /// `CONFLICT`: use `moveProfessional`.
    #[graphql(guard = "Policy(\"Mutation.associateProfessional\")")]
    async fn associate_professional(
        &self,
        ctx: &Context<'_>,
        input: AssociateProfessionalInput,
    ) -> async_graphql::Result<AssociationPayload> {
        let r = writes::associate(
            db(ctx)?,
            engine(ctx)?,
            actor(ctx)?,
            &input.professional_id,
            &input.partner_id,
            input.associated_on,
        )
        .await;
        association_payload(ctx, r).await
    }

    /// Ends an association (or corrects the end day of an ended one); `version` must be the current
    /// one.
    #[graphql(guard = "Policy(\"Mutation.endAssociation\")")]
    async fn end_association(
        &self,
        ctx: &Context<'_>,
        input: EndAssociationInput,
    ) -> async_graphql::Result<AssociationPayload> {
        let id = parse_global_id(&input.association_id)
            .filter(|(kind, _)| kind == "ProfessionalAssociation")
            .and_then(|(_, key)| key.parse::<i64>().ok());
        let Some(id) = id else {
            return Ok(AssociationPayload {
                user_errors: vec![UserError {
                    field: Some(vec!["input".into(), "associationId".into()]),
                    message: "not the id of a professional association".into(),
                    code: "NOT_FOUND".into(),
                }],
                ..Default::default()
            });
        };
        let r = writes::end_association(
            db(ctx)?,
            engine(ctx)?,
            actor(ctx)?,
            id,
            input.removed_on,
            input.version,
        )
        .await;
        association_payload(ctx, r).await
    }

    /// Moves a professional from its partner to another: its open association ends on `movedOn`
    /// and a new one starts that day. Needs the right to write both partners.
    #[graphql(guard = "Policy(\"Mutation.moveProfessional\")")]
    async fn move_professional(
        &self,
        ctx: &Context<'_>,
        input: MoveProfessionalInput,
    ) -> async_graphql::Result<AssociationPayload> {
        let r = writes::move_professional(
            db(ctx)?,
            engine(ctx)?,
            actor(ctx)?,
            &input.professional_id,
            &input.to_partner_id,
            input.moved_on,
            input.version,
        )
        .await;
        association_payload(ctx, r).await
    }

    /// Associates or ends many professionals with one partner in one transaction, all or nothing:
    /// one invalid row and nothing is written; every row is reported. `dryRun` reports and writes
    /// nothing.
    #[graphql(guard = "Policy(\"Mutation.bulkAssociate\")")]
    async fn bulk_associate(
        &self,
        ctx: &Context<'_>,
        input: BulkAssociateInput,
    ) -> async_graphql::Result<BulkAssociationPayload> {
        let rows = input
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| BulkRow {
                line: r.line.unwrap_or(i as i32 + 1),
                professional_id: r.professional_id,
                action: r.action.into(),
                date: r.date,
            })
            .collect();
        let r = writes::bulk(
            db(ctx)?,
            engine(ctx)?,
            actor(ctx)?,
            &input.partner_id,
            rows,
            input.dry_run,
        )
        .await;
        Ok(match split(r)? {
            Ok(report) => BulkAssociationPayload {
                applied: report.applied as i32,
                dry_run: input.dry_run,
                user_errors: report.problems.into_iter().map(UserError::from).collect(),
                score_impact: score_impacts(&report.impacts),
                rows: report.rows.into_iter().map(Into::into).collect(),
            },
            Err(user_errors) => BulkAssociationPayload {
                dry_run: input.dry_run,
                user_errors,
                ..Default::default()
            },
        })
    }
}

fn certification_payload(
    r: Result<writes::CertificationChange, Vec<UserError>>,
) -> async_graphql::Result<CertificationPayload> {
    Ok(match r {
        Ok(change) => CertificationPayload {
            certification: Some(HeldCertification(change.certification)),
            professional: Some(Professional(change.professional, None)),
            user_errors: Vec::new(),
            score_impact: score_impacts(&change.impacts),
        },
        Err(user_errors) => CertificationPayload {
            user_errors,
            ..Default::default()
        },
    })
}
