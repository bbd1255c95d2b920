//! `specialization_prerequisites`: A designation that admits a specialization.

use sea_orm::entity::prelude::*;

/// A designation that admits a specialization.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "specialization_prerequisites")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub specialization_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub designation_code: String,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
