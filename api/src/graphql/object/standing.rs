//! A partner's standing as GraphQL objects: designations attained with their enrollment status and
//! risk, the Microsoft Cloud badge, specializations and benefits.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;
use tokio::sync::OnceCell;

use super::enums::{DesignationCode, EnrollmentStatus};
use crate::domain::Month;
use crate::graphql::context::{db, engine};
use crate::graphql::error::GqlResult;
use crate::score::DesignationScore;

/// The forecast of every designation of one partner, computed once for a standing when a field that
/// reads it is selected.
type SharedForecast = Arc<OnceCell<Vec<(Month, Vec<DesignationScore>)>>>;

/// A partner's standing as of a month.
pub struct Standing {
    status: crate::score::status::PartnerStatus,
    partner: i64,
    anniversary: Option<NaiveDate>,
    forecast: SharedForecast,
}

impl Standing {
    /// The standing of partner `partner` (database id) with its anniversary date.
    pub fn new(
        status: crate::score::status::PartnerStatus,
        partner: i64,
        anniversary: Option<NaiveDate>,
    ) -> Self {
        Self {
            status,
            partner,
            anniversary,
            forecast: Arc::new(OnceCell::new()),
        }
    }
}

#[Object]
impl Standing {
    /// The month.
    async fn as_of(&self) -> Month {
        self.status.as_of
    }

    /// One entry per designation.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::DESIGNATIONS, child_complexity)"
    )]
    async fn designations(&self) -> Vec<DesignationStanding> {
        self.status
            .designations
            .iter()
            .cloned()
            .map(|status| DesignationStanding {
                status,
                partner: self.partner,
                anniversary: self.anniversary,
                forecast: Arc::clone(&self.forecast),
            })
            .collect()
    }

    /// Solutions Partner for Microsoft Cloud: all six designations attained.
    async fn microsoft_cloud_badge(&self) -> bool {
        self.status.microsoft_cloud
    }

    /// Every specialization, with whether an attained designation admits it.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn specializations(&self) -> Vec<SpecializationStanding> {
        self.status
            .specializations
            .iter()
            .map(|s| SpecializationStanding {
                code: s.code.clone(),
                name: s.name.clone(),
                held: s.held,
                prerequisite_met: s.prerequisite_met,
                met_by: s.met_by.iter().map(|d| (*d).into()).collect(),
                benefits_granted: s.benefits_granted,
                detail: s.detail.clone(),
            })
            .collect()
    }

    /// The benefits the partner is entitled to, each with its source.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn benefits(&self) -> Vec<Entitlement> {
        self.status
            .benefits
            .iter()
            .map(|e| Entitlement {
                code: e.benefit.code.clone(),
                product_group: e.benefit.product_group.clone(),
                description: e.benefit.description.clone(),
                quantity: e.benefit.quantity.map(|q| q.to_string()),
                unit: e.benefit.unit.clone(),
                source: match &e.source {
                    crate::score::status::BenefitSource::Designation(d) => d.as_str().to_string(),
                    crate::score::status::BenefitSource::Specialization(s) => s.clone(),
                },
            })
            .collect()
    }
}

/// One designation's standing.
pub struct DesignationStanding {
    status: crate::score::status::DesignationStatus,
    partner: i64,
    anniversary: Option<NaiveDate>,
    forecast: SharedForecast,
}

/// The cost of a risk field: the partner's forecast is computed (once per standing) for up to twelve
/// months of six designations, so a query can ask it of a few partners, not of a page of them.
const RISK_COST: usize = 1_000;

impl DesignationStanding {
    /// The forecast months up to the partner's next anniversary (or six without one) and, for each, whether
    /// this designation meets requirements; with the latest month with data and its own verdict.
    async fn risk_months(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<(bool, Vec<(Month, bool)>)> {
        let last = super::partner::month_or_latest(ctx, None).await?;
        let horizon = crate::score::forecast::risk_horizon(self.anniversary, last);
        let forecast = self
            .forecast
            .get_or_try_init(|| async {
                let (db, engine) = (db(ctx)?, engine(ctx)?);
                let now = crate::db::scores::scores_of(db, engine, self.partner, last, None)
                    .await
                    .gql()?;
                let mut months = vec![(last, now)];
                months.extend(
                    crate::db::scores::forecast(db, engine, self.partner, last, horizon, None)
                        .await
                        .gql()?,
                );
                Ok::<_, async_graphql::Error>(months)
            })
            .await?;
        let verdict = |scores: &Vec<DesignationScore>| {
            scores
                .iter()
                .any(|s| s.designation == self.status.designation && s.meets_requirements)
        };
        let now = forecast.first().is_some_and(|(_, s)| verdict(s));
        let ahead = forecast
            .iter()
            .skip(1)
            .take(usize::try_from(horizon).unwrap_or(1))
            .map(|(m, s)| (*m, verdict(s)))
            .collect();
        Ok((now, ahead))
    }
}

#[Object]
impl DesignationStanding {
    /// Requirements met at the latest month with data, but not in the forecast (usage held flat,
    /// recorded end and expiry dates taking their course) at the month of the partner's next
    /// anniversary (six months ahead without an anniversary date). It costs what computing the
    /// partner's forecast does (`RISK_COST`).
    #[graphql(complexity = "RISK_COST")]
    async fn at_risk(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let (now, ahead) = self.risk_months(ctx).await?;
        Ok(crate::score::forecast::first_month_at_risk(now, &ahead).is_some())
    }

    /// When at risk: the first forecast month, up to that anniversary, in which requirements are no
    /// longer met.
    #[graphql(complexity = "RISK_COST")]
    async fn first_month_at_risk(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Month>> {
        let (now, ahead) = self.risk_months(ctx).await?;
        Ok(crate::score::forecast::first_month_at_risk(now, &ahead))
    }

    /// The designation.
    async fn designation(&self) -> DesignationCode {
        self.status.designation.into()
    }

    /// Requirements met in at least one month of the qualification window.
    async fn attained(&self) -> bool {
        self.status.attained
    }

    /// First month of the qualification window.
    async fn window_start(&self) -> Month {
        self.status.window_start
    }

    /// Last month of the window.
    async fn window_end(&self) -> Month {
        self.status.window_end
    }

    /// Months of the window in which requirements were met.
    async fn met_months(&self) -> Vec<Month> {
        self.status.met_months.clone()
    }

    /// The month the designation was attained: the first month of the qualification window in which
    /// requirements were met; null when not attained.
    async fn attained_month(&self) -> Option<Month> {
        self.status.met_months.first().copied()
    }

    /// The latest month, up to the window's end, in which requirements were met (in the window or
    /// before it).
    async fn last_met_month(&self) -> Option<Month> {
        self.status.latest_met
    }

    /// Where the designation stands in the program's enrollment, as Partner Center shows it: from the
    /// partner's anniversary date and the qualification and renewal windows (see docs/scoring.md).
    async fn enrollment(&self) -> EnrollmentStatus {
        self.status.enrollment.status.into()
    }

    /// First day of the window the enrollment status is about: the qualification window
    /// (`IN_PROGRESS`, `QUALIFIED`), the enrolled year (`ENROLLED`) or the renewal window
    /// (`RENEWAL_DUE`).
    async fn enrollment_window_start(&self) -> chrono::NaiveDate {
        self.status.enrollment.window_start
    }

    /// Last day of that window.
    async fn enrollment_window_end(&self) -> chrono::NaiveDate {
        self.status.enrollment.window_end
    }

    /// The anniversary the enrollment lasts until, when enrolled.
    async fn enrolled_until(&self) -> Option<chrono::NaiveDate> {
        self.status.enrollment.enrolled_until
    }

    /// Why the enrollment status is what it is, in a sentence.
    async fn enrollment_detail(&self) -> &str {
        &self.status.enrollment.detail
    }
}

/// A specialization's standing for the partner.
#[derive(SimpleObject)]
pub struct SpecializationStanding {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Whether the partner holds it.
    pub held: bool,
    /// Whether an attained designation admits it.
    pub prerequisite_met: bool,
    /// The attained designations that admit it.
    pub met_by: Vec<DesignationCode>,
    /// Whether its benefits are granted.
    pub benefits_granted: bool,
    /// Why, in a sentence.
    pub detail: String,
}

/// A benefit the partner is entitled to.
#[derive(SimpleObject)]
pub struct Entitlement {
    /// Benefit code.
    pub code: String,
    /// Product group.
    pub product_group: String,
    /// What the partner receives.
    pub description: String,
    /// How many.
    pub quantity: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// The designation or specialization that grants it.
    pub source: String,
}
