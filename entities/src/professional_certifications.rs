//! `professional_certifications`: A certification a professional earned.

use sea_orm::entity::prelude::*;

/// A certification a professional earned.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "professional_certifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub professional_id: i64,
    pub certification_code: String,
    pub earned_on: Date,
    pub expires_on: Option<Date>,
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
}

impl Related<super::professionals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Professional.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
