//! `designation_metrics`: A metric of a designation in a rule set, with its maximum points.

use sea_orm::entity::prelude::*;

/// A metric of a designation in a rule set, with its maximum points.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "designation_metrics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_set_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub designation_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub metric_code: String,
    pub category: String,
    pub max_points: i32,
    pub sort_order: i32,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
