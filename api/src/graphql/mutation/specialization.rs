//! Recording the specializations Microsoft granted partners (administrators): each resolver calls one
//! function of [`crate::db::specializations`] (which checks the caller, writes in one transaction with
//! its audit event and computes the impact on the partner's standing) and turns the outcome into a
//! payload; problems the caller can fix become `userErrors`.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::NaiveDate;

use super::association::{actor, split};
use crate::db::specializations::{self as writes, GrantChange, GrantEnd, NewGrant};
use crate::error::WriteError;
use crate::graphql::context::{catalogue, db, engine};
use crate::graphql::object::change::UserError;
use crate::graphql::object::enums::SpecializationValidation;
use crate::graphql::object::partner::SpecializationGrant;
use crate::graphql::policy::Policy;

/// Input of `recordSpecialization`.
#[derive(InputObject)]
pub struct RecordSpecializationInput {
    /// PartnerID.
    pub partner_id: String,
    /// Specialization code, e.g. `THREAT_PROTECTION`.
    pub code: String,
    /// The first day it is in force.
    pub granted_on: NaiveDate,
    /// The last day it is in force (Partner Center's "valid till"), if known.
    pub expires_on: Option<NaiveDate>,
    /// How Microsoft validated it.
    #[graphql(default_with = "SpecializationValidation::None")]
    pub validation: SpecializationValidation,
}

/// Input of `renewSpecialization` and `endSpecialization`: the grant (partner, code, first day), its
/// new last day and the version read.
#[derive(InputObject)]
pub struct SpecializationEndInput {
    /// PartnerID.
    pub partner_id: String,
    /// Specialization code.
    pub code: String,
    /// The grant's first day.
    pub granted_on: NaiveDate,
    /// The new last day in force; a renewal may leave it out for no end.
    pub expires_on: Option<NaiveDate>,
    /// A new validation (a renewal may come with a new audit); left out, the stored one stays.
    pub validation: Option<SpecializationValidation>,
    /// `SpecializationGrant.version` as read; a stale one is a `CONFLICT`.
    pub version: i32,
}

/// How a change moves one specialization's standing, as of `month`.
#[derive(SimpleObject)]
pub struct SpecializationImpact {
    /// The partner (PartnerID).
    pub partner_id: String,
    /// The month (the latest with data).
    pub month: crate::domain::Month,
    /// Specialization code.
    pub code: String,
    /// Held before.
    pub held_before: bool,
    /// Held after.
    pub held_after: bool,
    /// Benefits granted before.
    pub benefits_before: bool,
    /// Benefits granted after.
    pub benefits_after: bool,
    /// Why, after the change.
    pub detail: String,
}

/// The result of `recordSpecialization`, `renewSpecialization` and `endSpecialization`.
#[derive(SimpleObject, Default)]
pub struct SpecializationPayload {
    /// The grant as stored now; null when nothing was written.
    pub grant: Option<SpecializationGrant>,
    /// The grant as it was (renewals and endings).
    pub previous_grant: Option<SpecializationGrant>,
    /// Problems with the input; empty on success.
    pub user_errors: Vec<UserError>,
    /// The specializations whose standing changes (held, benefits granted within the stacking cap);
    /// specializations earn no points, so no score changes.
    pub standing_impact: Vec<SpecializationImpact>,
}

fn payload(r: Result<GrantChange, WriteError>) -> async_graphql::Result<SpecializationPayload> {
    Ok(match split(r)? {
        Err(user_errors) => SpecializationPayload {
            user_errors,
            ..Default::default()
        },
        Ok(change) => SpecializationPayload {
            standing_impact: change
                .impact
                .into_iter()
                .map(|i| SpecializationImpact {
                    partner_id: change.partner.partner_id.clone(),
                    month: change.month,
                    code: i.code,
                    held_before: i.held.0,
                    held_after: i.held.1,
                    benefits_before: i.benefits_granted.0,
                    benefits_after: i.benefits_granted.1,
                    detail: i.detail,
                })
                .collect(),
            grant: Some(SpecializationGrant(change.grant)),
            previous_grant: change.previous.map(SpecializationGrant),
            user_errors: Vec::new(),
        },
    })
}

fn grant_end(input: SpecializationEndInput) -> GrantEnd {
    GrantEnd {
        partner_id: input.partner_id,
        code: input.code,
        granted_on: input.granted_on,
        expires_on: input.expires_on,
        validation: input.validation.map(Into::into),
        version: input.version,
    }
}

/// The specialization mutations.
#[derive(Default)]
pub struct SpecializationMutation;

#[Object]
impl SpecializationMutation {
    /// Records a specialization Microsoft granted a partner; its periods of one specialization never
    /// overlap.
    #[graphql(guard = "Policy(\"Mutation.recordSpecialization\")")]
    async fn record_specialization(
        &self,
        ctx: &Context<'_>,
        input: RecordSpecializationInput,
    ) -> async_graphql::Result<SpecializationPayload> {
        let r = writes::record(
            db(ctx)?,
            engine(ctx)?,
            catalogue(ctx)?,
            actor(ctx)?,
            NewGrant {
                partner_id: input.partner_id,
                code: input.code,
                granted_on: input.granted_on,
                expires_on: input.expires_on,
                validation: input.validation.into(),
            },
        )
        .await;
        payload(r)
    }

    /// Renews a grant to a later last day (or none).
    #[graphql(guard = "Policy(\"Mutation.renewSpecialization\")")]
    async fn renew_specialization(
        &self,
        ctx: &Context<'_>,
        input: SpecializationEndInput,
    ) -> async_graphql::Result<SpecializationPayload> {
        let r = writes::renew(
            db(ctx)?,
            engine(ctx)?,
            catalogue(ctx)?,
            actor(ctx)?,
            grant_end(input),
        )
        .await;
        payload(r)
    }

    /// Ends a grant earlier: `expiresOn` becomes its last day in force.
    #[graphql(guard = "Policy(\"Mutation.endSpecialization\")")]
    async fn end_specialization(
        &self,
        ctx: &Context<'_>,
        input: SpecializationEndInput,
    ) -> async_graphql::Result<SpecializationPayload> {
        let r = writes::end(
            db(ctx)?,
            engine(ctx)?,
            catalogue(ctx)?,
            actor(ctx)?,
            grant_end(input),
        )
        .await;
        payload(r)
    }
}
