//! Certified professionals, their certifications, what those count for, and their associations with
//! partners.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::NaiveDate;

use super::enums::{DesignationCode, MetricCode};
use super::partner::month_or_latest;
use crate::db::model;
use crate::domain::Month;
use crate::graphql::context::{catalogue, engine, loaders};
use crate::graphql::loader::gql;
use crate::graphql::relay::global_id;
use crate::score;

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
        let rows = self.certification_rows(ctx).await?;
        Ok(rows.iter().cloned().map(HeldCertification).collect())
    }

    /// What the certifications count for at the end of a month (default: the latest month with
    /// data), under the rule set in force then: each designation with a skilling metric the
    /// professional counts towards or is part of the way to, in the rule set's order. A
    /// certification counts as the score counts it: earned by then, not expired, and not retired
    /// more than a year before.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::DESIGNATIONS, child_complexity)"
    )]
    async fn counts_for(
        &self,
        ctx: &Context<'_>,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Vec<CertificationStanding>> {
        let month = month_or_latest(ctx, as_of).await?;
        let engine = engine(ctx)?;
        let held = self.held(ctx).await?;
        Ok(score::counts_for(
            engine.rules_for(month),
            engine.certifications(),
            &held,
            month,
        )
        .into_iter()
        .map(CertificationStanding::from)
        .collect())
    }
}

impl Professional {
    /// The certification rows: those read alongside the professional, else through the loader.
    async fn certification_rows(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Arc<Vec<model::ProfessionalCertification>>> {
        Ok(match &self.1 {
            Some(rows) => rows.clone(),
            None => {
                gql(loaders(ctx)?.certifications.load_one(self.0.id).await)?.unwrap_or_default()
            }
        })
    }

    /// The professional's certification rows as the score engine reads them.
    async fn held(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<score::HeldCertification>> {
        let rows = self.certification_rows(ctx).await?;
        Ok(rows
            .iter()
            .map(|c| score::HeldCertification {
                professional_id: self.0.professional_id.clone(),
                certification: c.certification_code.clone(),
                earned_on: c.earned_on,
                expires_on: c.expires_on,
            })
            .collect())
    }
}

/// How a professional's certifications stand for one designation.
#[derive(SimpleObject)]
pub struct CertificationStanding {
    /// The designation.
    pub designation: DesignationCode,
    /// Its skilling metrics the professional counts towards or is part of the way to.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::METRICS, child_complexity)"
    )]
    pub metrics: Vec<MetricCertificationStanding>,
}

impl From<score::CertificationStanding> for CertificationStanding {
    fn from(s: score::CertificationStanding) -> Self {
        Self {
            designation: s.designation.into(),
            metrics: s
                .metrics
                .into_iter()
                .map(MetricCertificationStanding::from)
                .collect(),
        }
    }
}

/// How a professional's certifications stand for one skilling metric of a designation.
#[derive(SimpleObject)]
pub struct MetricCertificationStanding {
    /// The metric.
    pub metric: MetricCode,
    /// Whether the professional counts towards it: a valid certification of every required list.
    pub counts: bool,
    /// The valid certifications of its required lists the professional holds, sorted.
    pub certifications: Vec<String>,
    /// The required lists the professional holds no valid certification of, each as its
    /// alternatives, e.g. `[["SC-200", "SC-300", "SC-400"]]` (empty when it counts).
    pub missing: Vec<Vec<String>>,
    /// The prerequisite steps of gated skilling the professional meets, e.g. `step 1`: they count
    /// towards the partner's steps, not towards the metric.
    pub steps: Vec<String>,
}

impl From<score::MetricStanding> for MetricCertificationStanding {
    fn from(m: score::MetricStanding) -> Self {
        Self {
            metric: m.metric.into(),
            counts: m.counts,
            certifications: m.certifications,
            missing: m.missing,
            steps: m.steps,
        }
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

    /// Whether it counts at the end of a month (default: the latest month with data), as the score
    /// counts it: earned by then, not expired, and not retired more than a year before.
    async fn valid(&self, ctx: &Context<'_>, as_of: Option<Month>) -> async_graphql::Result<bool> {
        let month = month_or_latest(ctx, as_of).await?;
        let row = score::HeldCertification {
            // Validity reads only the certification and its dates.
            professional_id: String::new(),
            certification: self.0.certification_code.clone(),
            earned_on: self.0.earned_on,
            expires_on: self.0.expires_on,
        };
        Ok(score::is_valid(&row, engine(ctx)?.certifications(), month))
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
