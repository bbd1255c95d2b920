//! The partner node and what hangs off it: scores, history, standing, professionals.

use std::sync::Arc;

use crate::db::model;
use async_graphql::connection::{Connection, Edge};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, SimpleObject};

use super::enums::{DesignationCode, SpecializationValidation};
use super::professional::ProfessionalAssociation;
use super::score::{CapabilityScore, detail_selected};
use super::standing::Standing;
use crate::db::scores::Detail;
use crate::db::specializations;
use crate::domain::Month;
use crate::graphql::context::{catalogue, db, engine, loaders, request, scope};
use crate::graphql::error::{GqlResult, bad_input, not_found};
use crate::graphql::loader::{ScoreKey, WhatIfKey, gql};
use crate::graphql::relay::{MAX_PAGE, decode_cursor, encode_cursor, global_id, page_size};
use crate::score::status::MonthlyVerdict;

/// A partner organisation of the program.
#[derive(Clone)]
pub struct Partner(pub model::Partner);

impl Partner {
    /// The partner with this database id, when it exists and is in the caller's scope.
    pub async fn load(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<Partner>> {
        if !scope(ctx)?.includes(id) {
            return Ok(None);
        }
        Ok(gql(loaders(ctx)?.partners.load_one(id).await)?.map(Partner))
    }
}

impl Partner {
    async fn threshold_path(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        as_of: Option<Month>,
    ) -> async_graphql::Result<crate::score::recommend::Path> {
        let month = month_or_latest(ctx, as_of).await?;
        let advice = request(ctx)?
            .advice(ctx, (self.0.id, designation.into(), month))
            .await?;
        Ok(advice.path.clone())
    }
}

/// The extra fields of a connection.
#[derive(SimpleObject, Default)]
pub struct Totals {
    /// How many items the whole connection has (all pages).
    pub total_count: i64,
}

/// `asOf` or the latest month with data.
pub async fn month_or_latest(
    ctx: &Context<'_>,
    as_of: Option<Month>,
) -> async_graphql::Result<Month> {
    match as_of {
        Some(m) => Ok(m),
        None => request(ctx)?.latest_month(ctx).await,
    }
}

/// The loader of scores to the detail the current field's selection reads.
fn score_loader<'a>(
    ctx: &'a Context<'_>,
) -> async_graphql::Result<&'a DataLoader<crate::graphql::loader::ScoreLoader>> {
    let loaders = loaders(ctx)?;
    Ok(match detail_selected(ctx.look_ahead()) {
        Detail::Points => &loaders.scores,
        Detail::Facts => &loaders.scores_with_facts,
    })
}

/// The `ruleSet` argument checked against the rule sets the engine has (`None`: the one in force at
/// each month).
fn rule_set_arg(
    ctx: &Context<'_>,
    rule_set: Option<String>,
) -> async_graphql::Result<Option<Arc<str>>> {
    let Some(code) = rule_set else {
        return Ok(None);
    };
    let engine = engine(ctx)?;
    if engine.rule_set(&code).is_none() {
        let known: Vec<&str> = engine.rule_sets().iter().map(|r| r.code.as_str()).collect();
        return Err(bad_input(format!(
            "ruleSet: there is no rule set \"{}\"; the rule sets are {}",
            code.chars().take(40).collect::<String>(),
            known.join(", ")
        )));
    }
    Ok(Some(Arc::from(code)))
}

/// Every designation's score of the partner at each month of `keys`, in order, under `rule_set` (or
/// the rule set in force at each month); a month with no partner data has no scores.
async fn scores_of_months(
    ctx: &Context<'_>,
    keys: &[ScoreKey],
    rule_set: Option<Arc<str>>,
) -> async_graphql::Result<Vec<Arc<Vec<crate::score::DesignationScore>>>> {
    let loader = score_loader(ctx)?;
    Ok(match rule_set {
        None => {
            let loaded = gql(loader.load_many(keys.iter().copied()).await)?;
            keys.iter()
                .map(|k| loaded.get(k).cloned().unwrap_or_default())
                .collect()
        }
        Some(code) => {
            let what_if: Vec<WhatIfKey> = keys
                .iter()
                .map(|k| WhatIfKey {
                    key: *k,
                    rule_set: code.clone(),
                })
                .collect();
            let loaded = gql(loader.load_many(what_if.iter().cloned()).await)?;
            what_if
                .iter()
                .map(|k| loaded.get(k).cloned().unwrap_or_default())
                .collect()
        }
    })
}

async fn scores_at(
    ctx: &Context<'_>,
    partner: i64,
    month: Month,
    rule_set: Option<Arc<str>>,
) -> async_graphql::Result<Arc<Vec<crate::score::DesignationScore>>> {
    Ok(
        scores_of_months(ctx, &[ScoreKey { partner, month }], rule_set)
            .await?
            .pop()
            .unwrap_or_default(),
    )
}

#[Object]
impl Partner {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id("Partner", &self.0.partner_id)
    }

    /// The program's PartnerID.
    async fn partner_id(&self) -> &str {
        &self.0.partner_id
    }

    /// The organisation's name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// ISO 3166-1 alpha-2 country code.
    async fn country(&self) -> &str {
        &self.0.country
    }

    /// The anniversary date of its designations, if enrolled.
    async fn anniversary_date(&self) -> Option<chrono::NaiveDate> {
        self.0.anniversary_date
    }

    /// Its score for one designation as of a month (default: the latest month with data), by the rule
    /// set in force at the month's end, or by `ruleSet` (e.g. `2023-07`): a what-if that scores the
    /// same rows under another rule set and changes nothing stored.
    async fn capability_score(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        as_of: Option<Month>,
        rule_set: Option<String>,
    ) -> async_graphql::Result<CapabilityScore> {
        let rule_set = rule_set_arg(ctx, rule_set)?;
        let month = month_or_latest(ctx, as_of).await?;
        let code: crate::domain::DesignationCode = designation.into();
        let scores = scores_at(ctx, self.0.id, month, rule_set).await?;
        let score = scores
            .iter()
            .find(|s| s.designation == code)
            .cloned()
            .ok_or_else(|| not_found(format!("{code} score")))?;
        Ok(CapabilityScore::new(self.0.id, Arc::new(score)))
    }

    /// Its scores for every designation as of a month (default: the latest month with data), by the
    /// rule set in force at the month's end or by `ruleSet` (a what-if, as on `capabilityScore`).
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::DESIGNATIONS, child_complexity)"
    )]
    async fn capability_scores(
        &self,
        ctx: &Context<'_>,
        as_of: Option<Month>,
        rule_set: Option<String>,
    ) -> async_graphql::Result<Vec<CapabilityScore>> {
        let rule_set = rule_set_arg(ctx, rule_set)?;
        let month = month_or_latest(ctx, as_of).await?;
        let scores = scores_at(ctx, self.0.id, month, rule_set).await?;
        Ok(scores
            .iter()
            .map(|s| CapabilityScore::new(self.0.id, Arc::new(s.clone())))
            .collect())
    }

    /// Monthly scores of one designation, oldest first: `months` months ending at `asOf`, each by the
    /// rule set in force at its end (so a history can cross a change of rules), or all by `ruleSet`.
    #[graphql(
        complexity = "crate::graphql::limits::list(months.unwrap_or(6).clamp(1, 24) as usize, child_complexity)"
    )]
    async fn score_history(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        as_of: Option<Month>,
        #[graphql(validator(minimum = 1, maximum = 24), default = 6)] months: Option<i32>,
        rule_set: Option<String>,
    ) -> async_graphql::Result<Vec<CapabilityScore>> {
        let rule_set = rule_set_arg(ctx, rule_set)?;
        let last = month_or_latest(ctx, as_of).await?;
        let n = months.unwrap_or(6);
        let code: crate::domain::DesignationCode = designation.into();
        let keys: Vec<ScoreKey> = last
            .minus(n - 1)
            .through(last)
            .map(|month| ScoreKey {
                partner: self.0.id,
                month,
            })
            .collect();
        let loaded = scores_of_months(ctx, &keys, rule_set).await?;
        Ok(loaded
            .iter()
            .filter_map(|scores| scores.iter().find(|s| s.designation == code).cloned())
            .map(|s| CapabilityScore::new(self.0.id, Arc::new(s)))
            .collect())
    }

    /// The scores of one designation for each of the `months` months after the latest month with data,
    /// oldest first, if nothing new happens: usage held flat at the latest month, while certifications
    /// expire or pass their retirement grace, associations end on their recorded days and baselines and
    /// trailing windows roll forward. Each month is scored by the rule set in force at its end, and each
    /// point lost carries the fact that loses it. Computed on request, never stored.
    #[graphql(
        complexity = "crate::graphql::limits::list(months.unwrap_or(6).clamp(1, 12) as usize, child_complexity)"
    )]
    async fn forecast(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        #[graphql(validator(minimum = 1, maximum = 12), default = 6)] months: Option<i32>,
    ) -> async_graphql::Result<Vec<CapabilityScore>> {
        let last = month_or_latest(ctx, None).await?;
        let code: crate::domain::DesignationCode = designation.into();
        let scores = crate::db::scores::forecast(
            db(ctx)?,
            engine(ctx)?,
            self.0.id,
            last,
            months.unwrap_or(6),
            Some(code),
        )
        .await
        .gql()?;
        Ok(scores
            .into_iter()
            .flat_map(|(_, scores)| scores)
            .map(|s| CapabilityScore::new(self.0.id, Arc::new(s)))
            .collect())
    }

    /// The actions that would raise its score of a designation as of a month (default: the latest
    /// month with data), best first: those raising a metric below its minimum, then by points gained;
    /// at most 50. Each is scored by the engine: `simulateScore` with its `changes` reports its
    /// `pointsGained`. Found from the partner's rows: a professional one certification short, a
    /// professional associated with no partner joining, a customer the partner sees getting an
    /// association of a type the metrics count. See docs/scoring.md, "Recommendations".
    #[graphql(
        complexity = "super::recommendation::SEARCH_COST + crate::graphql::limits::list(super::recommendation::MAX_RECOMMENDATIONS, child_complexity)"
    )]
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Vec<super::recommendation::Recommendation>> {
        let month = month_or_latest(ctx, as_of).await?;
        let advice = request(ctx)?
            .advice(ctx, (self.0.id, designation.into(), month))
            .await?;
        Ok(advice
            .recommendations
            .iter()
            .take(super::recommendation::MAX_RECOMMENDATIONS)
            .map(super::recommendation::Recommendation::from)
            .collect())
    }

    /// The fewest recommended actions found whose combined simulation meets a designation's
    /// requirements as of a month (default: the latest month with data): the best action is taken
    /// until requirements are met, then each action the others do without is dropped. Null when the
    /// actions found do not get there; `pathToThresholdShortfall` says why.
    #[graphql(complexity = "super::recommendation::SEARCH_COST + child_complexity")]
    async fn path_to_threshold(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Option<super::recommendation::ThresholdPath>> {
        let path = self.threshold_path(ctx, designation, as_of).await?;
        Ok(super::recommendation::ThresholdPath::found(&path))
    }

    /// Why `pathToThreshold` of the same arguments is null: what stays short after the actions found
    /// (null when there is a path).
    #[graphql(complexity = "super::recommendation::SEARCH_COST")]
    async fn path_to_threshold_shortfall(
        &self,
        ctx: &Context<'_>,
        designation: DesignationCode,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Option<String>> {
        Ok(self.threshold_path(ctx, designation, as_of).await?.reason)
    }

    /// Its standing as of a month: designations attained in the qualification window, the Microsoft
    /// Cloud badge, specializations it may hold and benefits it is entitled to.
    async fn standing(
        &self,
        ctx: &Context<'_>,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Standing> {
        let month = month_or_latest(ctx, as_of).await?;
        let engine = engine(ctx)?;
        let anniversary = self.0.anniversary_date;
        let keys = specializations::window_keys(engine, self.0.id, month, anniversary);
        let loaded = gql(loaders(ctx)?.scores.load_many(keys).await)?;
        let verdicts: Vec<MonthlyVerdict> = loaded
            .values()
            .flat_map(|v| v.iter().map(MonthlyVerdict::from))
            .collect();
        let grants =
            gql(loaders(ctx)?.specializations.load_one(self.0.id).await)?.unwrap_or_default();
        let status = specializations::standing(
            engine,
            catalogue(ctx)?,
            &verdicts,
            month,
            &grants,
            anniversary,
        );
        Ok(Standing::new(status, self.0.id, anniversary))
    }

    /// The specializations Microsoft granted the partner, every period (by default only those in
    /// force today), oldest first.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn specialization_grants(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
    ) -> async_graphql::Result<Vec<SpecializationGrant>> {
        let grants =
            gql(loaders(ctx)?.specializations.load_one(self.0.id).await)?.unwrap_or_default();
        let today = chrono::Utc::now().date_naive();
        Ok(grants
            .iter()
            .filter(|g| !active_only || specializations::in_force(g, today))
            .cloned()
            .map(SpecializationGrant)
            .collect())
    }

    /// Its progress toward each specialization's requirements as of a month (default: the latest
    /// month with data), under the rule set in force then: every requirement's value, target and
    /// whether it is met, and the validation of the grant in force; only specializations whose
    /// requirements the rule set records.
    #[graphql(
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn specialization_progress(
        &self,
        ctx: &Context<'_>,
        as_of: Option<Month>,
    ) -> async_graphql::Result<Vec<super::specialization::SpecializationProgress>> {
        let month = month_or_latest(ctx, as_of).await?;
        let progress = specializations::progress(db(ctx)?, engine(ctx)?, self.0.id, month)
            .await
            .map_err(crate::graphql::error::app)?;
        let grants =
            gql(loaders(ctx)?.specializations.load_one(self.0.id).await)?.unwrap_or_default();
        Ok(progress
            .into_iter()
            .map(|p| super::specialization::SpecializationProgress::new(p, &grants, month))
            .collect())
    }

    /// Customers linked to the partner by CPOR, PAL, DPOR or CSP (by default only the associations in
    /// force today), oldest first.
    #[graphql(complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)")]
    async fn customer_associations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, super::customer::CustomerAssociation, Totals>>
    {
        let links = gql(loaders(ctx)?.customers.load_one(self.0.id).await)?.unwrap_or_default();
        let today = chrono::Utc::now().date_naive();
        let selected: Vec<_> = links
            .iter()
            .filter(|(a, _)| {
                !active_only || (a.start_date <= today && a.end_date.is_none_or(|e| e >= today))
            })
            .cloned()
            .map(
                |(association, customer)| super::customer::CustomerAssociation {
                    association,
                    customer,
                },
            )
            .collect();
        page_of(selected, first, after)
    }

    /// Certified professionals associated with the partner (by default only the current ones);
    /// `search` keeps those whose name, professional id or e-mail contains it, case-insensitive (at
    /// most 200 characters).
    #[graphql(complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)")]
    async fn professionals(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        search: Option<String>,
    ) -> async_graphql::Result<Connection<String, ProfessionalAssociation, Totals>> {
        let needle = professional_search(search)?;
        let links = gql(loaders(ctx)?.professionals.load_one(self.0.id).await)?.unwrap_or_default();
        let today = chrono::Utc::now().date_naive();
        let selected: Vec<_> = links
            .iter()
            .filter(|(a, _, _)| !active_only || a.removed_on.is_none_or(|r| r > today))
            .filter(|(_, p, _)| needle.as_deref().is_none_or(|n| professional_matches(p, n)))
            .cloned()
            .collect();
        let selected: Vec<ProfessionalAssociation> = selected
            .into_iter()
            .map(|link| ProfessionalAssociation {
                association: link.0,
                professional: link.1,
                certifications: link.2,
            })
            .collect();
        page_of(selected, first, after)
    }
}

/// The longest text `Partner.professionals(search:)` takes.
const MAX_PROFESSIONAL_SEARCH_CHARS: usize = 200;

/// The lower-cased search text of `Partner.professionals`, `None` when blank.
fn professional_search(text: Option<String>) -> async_graphql::Result<Option<String>> {
    let Some(text) = text else { return Ok(None) };
    let count = text.chars().count();
    if count > MAX_PROFESSIONAL_SEARCH_CHARS {
        return Err(bad_input(format!(
            "professionals.search: at most {MAX_PROFESSIONAL_SEARCH_CHARS} characters, got {count}"
        )));
    }
    let trimmed = text.trim().to_lowercase();
    Ok((!trimmed.is_empty()).then_some(trimmed))
}

/// Whether a professional's name, professional id or e-mail contains `needle` (lower case).
fn professional_matches(p: &model::Professional, needle: &str) -> bool {
    p.name.to_lowercase().contains(needle)
        || p.professional_id.to_lowercase().contains(needle)
        || p.email
            .as_deref()
            .is_some_and(|e| e.to_lowercase().contains(needle))
}

/// A specialization Microsoft granted the partner, for a period.
pub struct SpecializationGrant(pub model::SpecializationGrant);

#[Object]
impl SpecializationGrant {
    /// The specialization's code, e.g. `THREAT_PROTECTION`.
    async fn code(&self) -> &str {
        &self.0.specialization_code
    }

    /// The specialization.
    async fn specialization(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::catalogue::Specialization>> {
        let cat = catalogue(ctx)?;
        Ok(cat
            .specializations
            .iter()
            .find(|s| s.code == self.0.specialization_code)
            .map(|s| super::catalogue::Specialization::new(cat, s)))
    }

    /// The first day it is in force.
    async fn granted_on(&self) -> chrono::NaiveDate {
        self.0.granted_on
    }

    /// The last day it is in force (Partner Center's "valid till"); none: no end recorded.
    async fn expires_on(&self) -> Option<chrono::NaiveDate> {
        self.0.expires_on
    }

    /// How Microsoft validated it.
    async fn validation(&self) -> async_graphql::Result<SpecializationValidation> {
        let v: crate::domain::SpecializationValidation =
            self.0.validation.parse().map_err(|e| {
                crate::graphql::error::app(crate::error::AppError::database(format!(
                    "stored specialization validation {e}"
                )))
            })?;
        Ok(v.into())
    }

    /// Version for optimistic concurrency: send it back with a renewal or an ending.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Whether it is in force today.
    async fn active(&self) -> bool {
        specializations::in_force(&self.0, chrono::Utc::now().date_naive())
    }
}

/// One page of an in-memory list (a partner's own associations are few): the cursor is the position.
fn page_of<T: async_graphql::OutputType>(
    items: Vec<T>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<String, T, Totals>> {
    let limit = page_size(first, MAX_PAGE)? as usize;
    let start: usize = match &after {
        Some(c) => decode_cursor::<usize>(c, "after")? + 1,
        None => 0,
    };
    let total = items.len();
    let mut conn = Connection::with_additional_fields(
        start > 0,
        start + limit < total,
        Totals {
            total_count: total as i64,
        },
    );
    for (i, item) in items.into_iter().enumerate().skip(start).take(limit) {
        conn.edges.push(Edge::new(encode_cursor(&i), item));
    }
    Ok(conn)
}
