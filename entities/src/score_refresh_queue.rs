//! `score_refresh_queue`: A partner whose stored scores are stale from a month on.

use sea_orm::entity::prelude::*;

/// A partner whose stored scores are stale from a month on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "score_refresh_queue")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_id: i64,
    pub from_month: Date,
    pub queued_at: DateTimeUtc,
    /// The drainer recomputing it now, if any.
    pub claimed_by: Option<String>,
    /// Until when that claim holds; a later drainer may take it over after.
    pub claimed_until: Option<DateTimeUtc>,
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
