//! `login_failures`: Failed sign-ins of one throttle key, shared by every server replica.

use sea_orm::entity::prelude::*;

/// Failed sign-ins of one throttle key (`account:EMAIL` or `address:IP`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub failures: i32,
    pub last_failure_at: DateTimeUtc,
}

/// No foreign keys.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
