//! `partner_specializations`: A specialization Microsoft granted a partner, for a period.

use sea_orm::entity::prelude::*;

/// A specialization Microsoft granted a partner, for a period.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_specializations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partner_id: i64,
    pub specialization_code: String,
    pub granted_on: Date,
    pub expires_on: Option<Date>,
    pub validation: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `partners` row.
    #[sea_orm(
        belongs_to = "super::partners::Entity",
        from = "Column::PartnerId",
        to = "super::partners::Column::Id"
    )]
    Partner,
}

impl Related<super::partners::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Partner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
