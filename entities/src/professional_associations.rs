//! `professional_associations`: A period in which a professional is associated with a partner.

use sea_orm::entity::prelude::*;

/// A period in which a professional is associated with a partner.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "professional_associations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub professional_id: i64,
    pub partner_id: i64,
    pub associated_on: Date,
    pub removed_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The referenced `professionals` row.
    #[sea_orm(
        belongs_to = "super::professionals::Entity",
        from = "Column::ProfessionalId",
        to = "super::professionals::Column::Id"
    )]
    Professional,
    /// The referenced `partners` row.
    #[sea_orm(
        belongs_to = "super::partners::Entity",
        from = "Column::PartnerId",
        to = "super::partners::Column::Id"
    )]
    Partner,
}

impl Related<super::professionals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Professional.def()
    }
}

impl Related<super::partners::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Partner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
