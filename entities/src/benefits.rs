//! `benefits`: A benefit of a designation or of each specialization of a group.

use sea_orm::entity::prelude::*;

/// A benefit of a designation or of each specialization of a group.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "benefits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub product_group: String,
    pub description: String,
    pub quantity: Option<String>,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub designation_code: Option<String>,
    pub specialization_group: Option<String>,
    pub source: String,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
