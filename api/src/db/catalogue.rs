//! The program catalogue as the API serves it, read once at start (it changes only with migrations).

use entities::{
    benefits, certification_eligibility, certifications, designation_metrics, designations,
    rule_sets, specialization_prerequisites, specializations, stacking_caps, workload_eligibility,
    workloads,
};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::error::AppError;
use crate::score::status::{Benefit, ProgramCatalog, Specialization, StackingCap};

/// Every catalogue table, in memory.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Designations in display order.
    pub designations: Vec<designations::Model>,
    /// Metrics per rule set and designation.
    pub metrics: Vec<designation_metrics::Model>,
    /// Rule sets, oldest first.
    pub rule_sets: Vec<rule_sets::Model>,
    /// Workloads.
    pub workloads: Vec<workloads::Model>,
    /// Workloads per designation and rule set.
    pub workload_eligibility: Vec<workload_eligibility::Model>,
    /// Certifications.
    pub certifications: Vec<certifications::Model>,
    /// Certifications per designation metric and rule set.
    pub certification_eligibility: Vec<certification_eligibility::Model>,
    /// Specializations.
    pub specializations: Vec<specializations::Model>,
    /// Specialization prerequisites.
    pub prerequisites: Vec<specialization_prerequisites::Model>,
    /// Benefits.
    pub benefits: Vec<benefits::Model>,
    /// Stacking caps.
    pub stacking_caps: Vec<stacking_caps::Model>,
}

impl Catalogue {
    /// Reads every catalogue table.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        Ok(Self {
            designations: designations::Entity::find()
                .order_by_asc(designations::Column::SortOrder)
                .all(db)
                .await?,
            metrics: designation_metrics::Entity::find()
                .order_by_asc(designation_metrics::Column::SortOrder)
                .all(db)
                .await?,
            rule_sets: rule_sets::Entity::find()
                .order_by_asc(rule_sets::Column::EffectiveFrom)
                .all(db)
                .await?,
            workloads: workloads::Entity::find()
                .order_by_asc(workloads::Column::Code)
                .all(db)
                .await?,
            workload_eligibility: workload_eligibility::Entity::find().all(db).await?,
            certifications: certifications::Entity::find()
                .order_by_asc(certifications::Column::Code)
                .all(db)
                .await?,
            certification_eligibility: certification_eligibility::Entity::find().all(db).await?,
            specializations: specializations::Entity::find()
                .order_by_asc(specializations::Column::Name)
                .all(db)
                .await?,
            prerequisites: specialization_prerequisites::Entity::find().all(db).await?,
            benefits: benefits::Entity::find()
                .order_by_asc(benefits::Column::Code)
                .all(db)
                .await?,
            stacking_caps: stacking_caps::Entity::find().all(db).await?,
        })
    }

    /// The catalogue facts the engine's standing rules need.
    pub fn program(&self) -> ProgramCatalog {
        ProgramCatalog {
            specializations: self
                .specializations
                .iter()
                .map(|s| Specialization {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    prerequisites: self
                        .prerequisites
                        .iter()
                        .filter(|p| p.specialization_code == s.code)
                        .filter_map(|p| p.designation_code.parse().ok())
                        .collect(),
                    stacking_group: s.stacking_group.clone(),
                })
                .collect(),
            benefits: self
                .benefits
                .iter()
                .map(|b| Benefit {
                    code: b.code.clone(),
                    product_group: b.product_group.clone(),
                    description: b.description.clone(),
                    quantity: b.quantity.as_deref().and_then(|q| q.parse().ok()),
                    unit: b.unit.clone(),
                    designation: b.designation_code.as_deref().and_then(|d| d.parse().ok()),
                    specialization: b.specialization_group.clone(),
                })
                .collect(),
            stacking_caps: self
                .stacking_caps
                .iter()
                .map(|c| StackingCap {
                    group: c.stacking_group.clone(),
                    max_specializations: c.max_specializations.max(0) as u32,
                })
                .collect(),
        }
    }
}
