//! `audit_events`: One recorded change: who, when, what, before and after, and its score impact.

use sea_orm::entity::prelude::*;

/// One recorded change: who, when, what, before and after, and its score impact.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_key: String,
    pub partner_id: Option<i64>,
    pub professional_id: Option<i64>,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
    pub score_impact: Option<String>,
    pub request_id: Option<String>,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
