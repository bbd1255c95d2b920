//! `certification_eligibility`: A certification that counts for a designation's metric (and step) in a rule set.

use sea_orm::entity::prelude::*;

/// A certification that counts for a designation's metric (and step) in a rule set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certification_eligibility")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_set_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub designation_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub metric_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub certification_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub step: String,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
