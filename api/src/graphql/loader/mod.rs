//! DataLoaders, one per key type, each answering a batch of keys with one query (or a fixed few), so
//! a nested page costs the same number of statements for 5 partners as for 50. Loaders are created
//! per request ([`Loaders::new`]) so nothing cached outlives the caller's scope.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use entities::{
    capability_scores, customer_associations, customers, partners, professional_associations,
    professional_certifications, professionals, score_refresh_queue,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::db::score_input;
use crate::db::scores::Engine;
use crate::domain::Month;
use crate::error::AppError;
use crate::score::DesignationScore;

/// Every loader of one request.
pub struct Loaders {
    /// Partners by database id (scope is checked by the caller of the loader).
    pub partners: DataLoader<PartnerLoader>,
    /// Scores by (partner, month).
    pub scores: DataLoader<ScoreLoader>,
    /// Customer associations (with the customer) by partner.
    pub customers: DataLoader<CustomersByPartner>,
    /// Professional associations (with the professional) by partner.
    pub professionals: DataLoader<ProfessionalsByPartner>,
    /// Certifications by professional.
    pub certifications: DataLoader<CertificationsByProfessional>,
}

impl Loaders {
    /// Fresh loaders for one request.
    pub fn new(db: DatabaseConnection, engine: Arc<Engine>) -> Self {
        Self {
            partners: DataLoader::new(PartnerLoader { db: db.clone() }, tokio::spawn),
            scores: DataLoader::new(
                ScoreLoader {
                    db: db.clone(),
                    engine,
                },
                tokio::spawn,
            ),
            customers: DataLoader::new(CustomersByPartner { db: db.clone() }, tokio::spawn),
            professionals: DataLoader::new(ProfessionalsByPartner { db: db.clone() }, tokio::spawn),
            certifications: DataLoader::new(CertificationsByProfessional { db }, tokio::spawn),
        }
    }
}

/// A loader error: the detail was logged where it happened; clients see the id.
#[derive(Debug, Clone)]
pub struct LoadError(pub Arc<AppError>);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<AppError> for LoadError {
    fn from(e: AppError) -> Self {
        Self(Arc::new(e))
    }
}

impl From<sea_orm::DbErr> for LoadError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self(Arc::new(AppError::from(e)))
    }
}

/// Turns a loader result into a GraphQL result with the contract's code.
pub fn gql<T>(r: Result<T, LoadError>) -> async_graphql::Result<T> {
    // A loader's error may be shared by several waiting fields: rebuild the same kind for each.
    r.map_err(|e| super::error::app((*e.0).clone()))
}

/// Key of [`ScoreLoader`]: a partner's database id and a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScoreKey {
    /// Partner database id.
    pub partner: i64,
    /// As-of month.
    pub month: Month,
}

/// Every designation's score of a partner at a month: stored rows in one query per month; partners
/// with no stored score (a month outside the history) or queued for recomputation are computed from
/// their rows, in one batch.
pub struct ScoreLoader {
    db: DatabaseConnection,
    engine: Arc<Engine>,
}

impl Loader<ScoreKey> for ScoreLoader {
    type Value = Arc<Vec<DesignationScore>>;
    type Error = LoadError;

    async fn load(&self, keys: &[ScoreKey]) -> Result<HashMap<ScoreKey, Self::Value>, Self::Error> {
        let mut by_month: HashMap<Month, Vec<i64>> = HashMap::new();
        for k in keys {
            by_month.entry(k.month).or_default().push(k.partner);
        }
        let partners: Vec<i64> = keys.iter().map(|k| k.partner).collect();
        let mut stale = std::collections::HashSet::new();
        for chunk in partners.chunks(5000) {
            for q in score_refresh_queue::Entity::find()
                .filter(score_refresh_queue::Column::PartnerId.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?
            {
                stale.insert((q.partner_id, Month::of(q.from_month)));
            }
        }
        let mut out: HashMap<ScoreKey, Vec<DesignationScore>> = HashMap::new();
        for (month, ids) in &by_month {
            for chunk in ids.chunks(5000) {
                let rows = capability_scores::Entity::find()
                    .filter(capability_scores::Column::Month.eq(month.first_day()))
                    .filter(capability_scores::Column::PartnerId.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?;
                for row in rows {
                    let score: DesignationScore =
                        serde_json::from_str(&row.breakdown).map_err(AppError::database)?;
                    out.entry(ScoreKey {
                        partner: row.partner_id,
                        month: *month,
                    })
                    .or_default()
                    .push(score);
                }
            }
        }
        // Compute what is missing or stale, reading each partner's rows once.
        let missing: Vec<ScoreKey> = keys
            .iter()
            .copied()
            .filter(|k| {
                !out.contains_key(k)
                    || stale
                        .iter()
                        .any(|(p, from)| *p == k.partner && *from <= k.month)
            })
            .collect();
        if !missing.is_empty() {
            let first = missing
                .iter()
                .map(|k| k.month)
                .min()
                .unwrap_or(keys[0].month);
            let last = missing
                .iter()
                .map(|k| k.month)
                .max()
                .unwrap_or(keys[0].month);
            let (from, to) = self.engine.usage_window(first, last);
            let ids: Vec<i64> = missing.iter().map(|k| k.partner).collect();
            let inputs = score_input::load(&self.db, &ids, from, to).await?;
            for k in missing {
                let scores = inputs
                    .get(&k.partner)
                    .map(|data| self.engine.score(data, k.month))
                    .unwrap_or_default();
                out.insert(k, scores);
            }
        }
        Ok(out
            .into_iter()
            .map(|(k, mut v)| {
                v.sort_by_key(|s| s.designation);
                (k, Arc::new(v))
            })
            .collect())
    }
}

/// A professional's association with a partner, with the professional and every certification it holds.
pub type ProfessionalLink = (
    professional_associations::Model,
    professionals::Model,
    Arc<Vec<professional_certifications::Model>>,
);

/// Every professional association (any period) of each partner, oldest first, with the professionals'
/// certifications read in the same batch (so a nested page never waits on a second loader).
pub struct ProfessionalsByPartner {
    db: DatabaseConnection,
}

impl Loader<i64> for ProfessionalsByPartner {
    type Value = Arc<Vec<ProfessionalLink>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let mut links = Vec::new();
        for chunk in keys.chunks(5000) {
            let rows = professional_associations::Entity::find()
                .filter(professional_associations::Column::PartnerId.is_in(chunk.iter().copied()))
                .find_also_related(professionals::Entity)
                .order_by_asc(professional_associations::Column::AssociatedOn)
                .order_by_asc(professional_associations::Column::Id)
                .all(&self.db)
                .await?;
            links.extend(rows.into_iter().filter_map(|(a, p)| Some((a, p?))));
        }
        let ids: Vec<i64> = links.iter().map(|(_, p)| p.id).collect();
        let certs = CertificationsByProfessional {
            db: self.db.clone(),
        }
        .load(&ids)
        .await?;
        let mut out: HashMap<i64, Vec<ProfessionalLink>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (a, p) in links {
            let held = certs.get(&p.id).cloned().unwrap_or_default();
            out.entry(a.partner_id).or_default().push((a, p, held));
        }
        Ok(out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

/// Every certification of each professional, newest first.
pub struct CertificationsByProfessional {
    db: DatabaseConnection,
}

impl Loader<i64> for CertificationsByProfessional {
    type Value = Arc<Vec<professional_certifications::Model>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let mut out: HashMap<i64, Vec<professional_certifications::Model>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for chunk in keys.chunks(5000) {
            let rows = professional_certifications::Entity::find()
                .filter(
                    professional_certifications::Column::ProfessionalId
                        .is_in(chunk.iter().copied()),
                )
                .order_by_desc(professional_certifications::Column::EarnedOn)
                .all(&self.db)
                .await?;
            for c in rows {
                out.entry(c.professional_id).or_default().push(c);
            }
        }
        Ok(out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

/// Partners by database id.
pub struct PartnerLoader {
    db: DatabaseConnection,
}

impl Loader<i64> for PartnerLoader {
    type Value = partners::Model;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let mut out = HashMap::with_capacity(keys.len());
        for chunk in keys.chunks(5000) {
            for p in partners::Entity::find()
                .filter(partners::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?
            {
                out.insert(p.id, p);
            }
        }
        Ok(out)
    }
}

/// A customer association of a partner, with the customer.
pub type CustomerLink = (customer_associations::Model, customers::Model);

/// Every customer association (any period) of each partner, oldest first.
pub struct CustomersByPartner {
    db: DatabaseConnection,
}

impl Loader<i64> for CustomersByPartner {
    type Value = Arc<Vec<CustomerLink>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let mut out: HashMap<i64, Vec<CustomerLink>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for chunk in keys.chunks(5000) {
            let rows = customer_associations::Entity::find()
                .filter(customer_associations::Column::PartnerId.is_in(chunk.iter().copied()))
                .find_also_related(customers::Entity)
                .order_by_asc(customer_associations::Column::StartDate)
                .order_by_asc(customer_associations::Column::Id)
                .all(&self.db)
                .await?;
            for (a, c) in rows {
                if let Some(c) = c {
                    out.entry(a.partner_id).or_default().push((a, c));
                }
            }
        }
        Ok(out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}
