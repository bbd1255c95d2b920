//! Certified professionals, their certifications and their associations with partners.

use std::sync::Arc;

use crate::db::model;
use async_graphql::{Context, ID, Object};
use chrono::NaiveDate;

use crate::graphql::context::{catalogue, loaders};
use crate::graphql::loader::gql;
use crate::graphql::relay::global_id;

/// A certified professional, with its certifications when they were read alongside it.
#[derive(Clone)]
pub struct Professional(
    pub model::Professional,
    pub Option<Arc<Vec<model::ProfessionalCertification>>>,
);

#[Object]
impl Professional {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id("Professional", &self.0.professional_id)
    }

    /// The person's certification profile id.
    async fn professional_id(&self) -> &str {
        &self.0.professional_id
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// E-mail address.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }

    /// Version for optimistic concurrency: send it back with an edit.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Certifications held (or once held), newest first.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CERTIFICATIONS_PER_PROFESSIONAL, child_complexity)"
    )]
    async fn certifications(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<HeldCertification>> {
        let rows = match &self.1 {
            Some(rows) => rows.clone(),
            None => {
                gql(loaders(ctx)?.certifications.load_one(self.0.id).await)?.unwrap_or_default()
            }
        };
        Ok(rows.iter().cloned().map(HeldCertification).collect())
    }
}

/// A certification a professional earned.
pub struct HeldCertification(pub model::ProfessionalCertification);

#[Object]
impl HeldCertification {
    /// The certification code, e.g. `AZ-500`.
    async fn code(&self) -> &str {
        &self.0.certification_code
    }

    /// Its name.
    async fn name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(catalogue(ctx)?
            .certifications
            .iter()
            .find(|c| c.code == self.0.certification_code)
            .map(|c| c.name.clone())
            .unwrap_or_default())
    }

    /// Day it was earned.
    async fn earned_on(&self) -> NaiveDate {
        self.0.earned_on
    }

    /// Last day it is valid, if it expires.
    async fn expires_on(&self) -> Option<NaiveDate> {
        self.0.expires_on
    }

    /// When Microsoft retired it (it counts for one more year), if it did.
    async fn retired_on(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<NaiveDate>> {
        Ok(catalogue(ctx)?
            .certifications
            .iter()
            .find(|c| c.code == self.0.certification_code)
            .and_then(|c| c.retired_on))
    }

    /// Version for optimistic concurrency.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A period in which a professional is associated with a partner.
pub struct ProfessionalAssociation {
    pub(crate) association: model::ProfessionalAssociation,
    pub(crate) professional: model::Professional,
    pub(crate) certifications: Arc<Vec<model::ProfessionalCertification>>,
}

#[Object]
impl ProfessionalAssociation {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id("ProfessionalAssociation", &self.association.id.to_string())
    }

    /// The professional.
    async fn professional(&self) -> Professional {
        Professional(self.professional.clone(), Some(self.certifications.clone()))
    }

    /// First day of the association.
    async fn associated_on(&self) -> NaiveDate {
        self.association.associated_on
    }

    /// Day it ended, if it did.
    async fn removed_on(&self) -> Option<NaiveDate> {
        self.association.removed_on
    }

    /// Whether it is in force today.
    async fn active(&self) -> bool {
        let today = chrono::Utc::now().date_naive();
        self.association.associated_on <= today
            && self.association.removed_on.is_none_or(|r| r > today)
    }

    /// Version for optimistic concurrency: send it back with an edit.
    async fn version(&self) -> i32 {
        self.association.version
    }
}
