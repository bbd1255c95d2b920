//! `capability_scores`: A stored score of one partner, designation and month, in two shapes: its summary and its full breakdown.

use sea_orm::entity::prelude::*;

/// A stored score of one partner, designation and month, in two shapes: its summary and its full breakdown.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "capability_scores")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub designation_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: Date,
    pub rule_set_code: String,
    pub total_hundredths: i32,
    pub meets_requirements: bool,
    pub track: Option<String>,
    /// The score without its facts (JSON): what a page of points reads.
    pub summary: String,
    /// The whole score with every fact (JSON).
    pub breakdown: String,
    pub computed_at: DateTimeUtc,
    /// Latest stored month only: the first forecast month in which a met designation is lost.
    pub at_risk_from: Option<Date>,
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
