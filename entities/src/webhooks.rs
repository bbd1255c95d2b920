//! `webhooks`: Where score events are sent, signed with the webhook's secret.

use sea_orm::entity::prelude::*;

/// Where score events are sent, signed with the webhook's secret.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    /// The signing key (`whsec_` and base64).
    pub secret: String,
    /// Comma-separated event kinds.
    pub event_kinds: String,
    /// Only this partner's events; null: every partner.
    pub partner_id: Option<i64>,
    /// `SCORE_CHANGED` only when the total moves by more than this (hundredths of a point).
    pub min_change_hundredths: i32,
    pub paused: bool,
    pub created_by: String,
    /// The partner whose partner admin registered it; null for an administrator's.
    pub owner_partner_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
