//! `score_events`: One change of a partner's standing in one designation at the latest month (the outbox).

use sea_orm::entity::prelude::*;

/// One change of a partner's standing in one designation at the latest month (the outbox).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "score_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `DESIGNATION_MET`, `DESIGNATION_LOST`, `SCORE_CHANGED`, `AT_RISK` or `TEST`.
    pub kind: String,
    /// Null for a test event.
    pub partner_id: Option<i64>,
    pub designation_code: Option<String>,
    pub month: Option<Date>,
    pub rule_set_code: Option<String>,
    pub before_total_hundredths: Option<i32>,
    pub before_meets: Option<bool>,
    pub before_at_risk_from: Option<Date>,
    pub after_total_hundredths: Option<i32>,
    pub after_meets: Option<bool>,
    pub after_at_risk_from: Option<Date>,
    /// The metrics whose points or facts changed (JSON).
    pub changes: String,
    pub created_at: DateTimeUtc,
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
