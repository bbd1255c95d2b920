//! `stacking_caps`: How many specializations' benefits stack in a group.

use sea_orm::entity::prelude::*;

/// How many specializations' benefits stack in a group.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stacking_caps")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub stacking_group: String,
    pub max_specializations: i32,
    pub source: String,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
