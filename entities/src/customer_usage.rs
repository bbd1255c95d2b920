//! `customer_usage`: One month of a tenant's usage of one workload.

use sea_orm::entity::prelude::*;

/// One month of a tenant's usage of one workload.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_usage")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub workload_code: String,
    pub paid_seats: Option<i64>,
    pub protected_users: Option<i64>,
    pub active_users: Option<i64>,
    pub acr_cents: Option<i64>,
    pub revenue_cents: Option<i64>,
    pub profiles: Option<i64>,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `customers` row.
    #[sea_orm(
        belongs_to = "super::customers::Entity",
        from = "Column::CustomerId",
        to = "super::customers::Column::Id"
    )]
    Customer,
}

impl Related<super::customers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
