//! DataLoaders, one per key type, each answering a batch of keys with one query (or a fixed few), so
//! a nested page costs the same number of statements for 5 partners as for 50. Loaders are created
//! per request ([`Loaders::new`]) so nothing cached outlives the caller's scope.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::DatabaseConnection;

use crate::db::model::{Partner, ProfessionalCertification, SpecializationGrant};
use crate::db::partners::{self, Scope};
use crate::db::scores::Detail;
use crate::db::{links, scores};
use crate::error::AppError;
use crate::score::{DesignationScore, Engine};

/// Every loader of one request.
pub struct Loaders {
    /// Partners by database id (scope is checked by the caller of the loader).
    pub partners: DataLoader<PartnerLoader>,
    /// Scores by (partner, month), points only.
    pub scores: DataLoader<ScoreLoader>,
    /// Scores by (partner, month) with every fact, for a query that selects facts.
    pub scores_with_facts: DataLoader<ScoreLoader>,
    /// Customer associations (with the customer) by partner.
    pub customers: DataLoader<CustomersByPartner>,
    /// Professional associations (with the professional) by partner.
    pub professionals: DataLoader<ProfessionalsByPartner>,
    /// Certifications by professional.
    pub certifications: DataLoader<CertificationsByProfessional>,
    /// Specialization grants by partner.
    pub specializations: DataLoader<SpecializationsByPartner>,
}

impl Loaders {
    /// Fresh loaders for one request.
    pub fn new(db: DatabaseConnection, engine: Arc<Engine>) -> Self {
        Self {
            partners: DataLoader::new(PartnerLoader { db: db.clone() }, tokio::spawn),
            scores: DataLoader::new(
                ScoreLoader {
                    db: db.clone(),
                    engine: engine.clone(),
                    detail: Detail::Points,
                },
                tokio::spawn,
            ),
            scores_with_facts: DataLoader::new(
                ScoreLoader {
                    db: db.clone(),
                    engine,
                    detail: Detail::Facts,
                },
                tokio::spawn,
            ),
            customers: DataLoader::new(CustomersByPartner { db: db.clone() }, tokio::spawn),
            professionals: DataLoader::new(ProfessionalsByPartner { db: db.clone() }, tokio::spawn),
            certifications: DataLoader::new(
                CertificationsByProfessional { db: db.clone() },
                tokio::spawn,
            ),
            specializations: DataLoader::new(SpecializationsByPartner { db }, tokio::spawn),
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
pub use crate::db::scores::ScoreKey;

/// Every designation's score of a partner at a month, for a batch of keys at once: stored when fresh,
/// computed when stale or outside the history ([`crate::db::scores::scores_for`]), to one detail.
pub struct ScoreLoader {
    db: DatabaseConnection,
    engine: Arc<Engine>,
    detail: Detail,
}

impl Loader<ScoreKey> for ScoreLoader {
    type Value = Arc<Vec<DesignationScore>>;
    type Error = LoadError;

    async fn load(&self, keys: &[ScoreKey]) -> Result<HashMap<ScoreKey, Self::Value>, Self::Error> {
        Ok(
            scores::scores_for(&self.db, &self.engine, keys, None, self.detail)
                .await?
                .into_iter()
                .map(|(k, v)| (k, Arc::new(v)))
                .collect(),
        )
    }
}

/// Key of a what-if through [`ScoreLoader`]: a partner and month scored under the named rule set
/// instead of the one in force ([`crate::db::scores::scores_under`]); the code is one the engine has.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WhatIfKey {
    /// The partner and month.
    pub key: ScoreKey,
    /// The rule set's code.
    pub rule_set: Arc<str>,
}

impl Loader<WhatIfKey> for ScoreLoader {
    type Value = Arc<Vec<DesignationScore>>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[WhatIfKey],
    ) -> Result<HashMap<WhatIfKey, Self::Value>, Self::Error> {
        let mut by_rule_set: HashMap<&str, Vec<ScoreKey>> = HashMap::new();
        for k in keys {
            by_rule_set.entry(&k.rule_set).or_default().push(k.key);
        }
        let mut out = HashMap::new();
        for (code, batch) in by_rule_set {
            // The resolver only asks with codes the engine has.
            let Some(rules) = self.engine.rule_set(code) else {
                continue;
            };
            let code: Arc<str> = Arc::from(code);
            let scores =
                scores::scores_under(&self.db, &self.engine, &batch, rules, None, self.detail)
                    .await?;
            out.extend(scores.into_iter().map(|(key, v)| {
                (
                    WhatIfKey {
                        key,
                        rule_set: code.clone(),
                    },
                    Arc::new(v),
                )
            }));
        }
        Ok(out)
    }
}

pub use crate::db::links::{CustomerLink, ProfessionalLink};

/// Every professional association (any period) of each partner, oldest first, with the professionals'
/// certifications read in the same batch (so a nested page never waits on a second loader).
pub struct ProfessionalsByPartner {
    db: DatabaseConnection,
}

impl Loader<i64> for ProfessionalsByPartner {
    type Value = Arc<Vec<ProfessionalLink>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        Ok(arcs(links::professionals_of(&self.db, keys).await?))
    }
}

/// Every certification of each professional, newest first.
pub struct CertificationsByProfessional {
    db: DatabaseConnection,
}

impl Loader<i64> for CertificationsByProfessional {
    type Value = Arc<Vec<ProfessionalCertification>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        Ok(arcs(links::certifications_of(&self.db, keys).await?))
    }
}

/// Every specialization grant (any period) of each partner, oldest first.
pub struct SpecializationsByPartner {
    db: DatabaseConnection,
}

impl Loader<i64> for SpecializationsByPartner {
    type Value = Arc<Vec<SpecializationGrant>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        Ok(arcs(links::specializations_of(&self.db, keys).await?))
    }
}

/// Partners by database id.
pub struct PartnerLoader {
    db: DatabaseConnection,
}

impl Loader<i64> for PartnerLoader {
    type Value = Partner;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        Ok(partners::by_ids(&self.db, Scope::All, keys)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }
}

/// Every customer association (any period) of each partner, oldest first.
pub struct CustomersByPartner {
    db: DatabaseConnection,
}

impl Loader<i64> for CustomersByPartner {
    type Value = Arc<Vec<CustomerLink>>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        Ok(arcs(links::customers_of(&self.db, keys).await?))
    }
}

/// Shares each loaded list between the fields that asked for it.
fn arcs<T>(m: HashMap<i64, Vec<T>>) -> HashMap<i64, Arc<Vec<T>>> {
    m.into_iter().map(|(k, v)| (k, Arc::new(v))).collect()
}
