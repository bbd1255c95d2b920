//! `workload_eligibility`: A workload that counts for a designation in a rule set.

use sea_orm::entity::prelude::*;

/// A workload that counts for a designation in a rule set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workload_eligibility")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_set_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub designation_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub workload_code: String,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
