//! `customers`: A customer tenant.

use sea_orm::entity::prelude::*;

/// A customer tenant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub tenant_id: String,
    pub tpid: Option<String>,
    pub name: String,
    pub country: String,
    /// `SMB` or `ENTERPRISE`; `None` when the customer list gave none.
    pub segment: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
