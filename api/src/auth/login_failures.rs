//! The `login_failures` table: failed sign-ins per throttle key, which every server replica reads and
//! writes, so a guesser gains nothing by spreading attempts over replicas. The rules that read it are
//! in `limiter.rs`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::login_failures;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

/// Failures of one key so far and when the last one was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strikes {
    /// Failures remembered.
    pub count: u32,
    /// The last one.
    pub last: DateTime<Utc>,
}

/// The stored failures of `keys` (absent keys have none).
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    keys: &[&str],
) -> Result<HashMap<String, Strikes>, DbErr> {
    Ok(login_failures::Entity::find()
        .filter(login_failures::Column::Key.is_in(keys.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let strikes = Strikes {
                count: u32::try_from(row.failures).unwrap_or(0),
                last: row.last_failure_at,
            };
            (row.key, strikes)
        })
        .collect())
}

/// One more failure for each of `keys`, at `now`, in one atomic upsert: a key whose last failure is
/// at or before `forgotten_before` starts again at one. Then rows forgotten by then are pruned (best
/// effort: a prune that fails, for instance on a lock, is left to the next failure).
pub(crate) async fn strike(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
    forgotten_before: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = keys.iter().map(|key| login_failures::ActiveModel {
        key: Set(key.clone()),
        failures: Set(1),
        last_failure_at: Set(now),
    });
    login_failures::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(login_failures::Column::Key)
                .value(
                    login_failures::Column::Failures,
                    Expr::case(
                        Expr::col((
                            login_failures::Entity,
                            login_failures::Column::LastFailureAt,
                        ))
                        .lte(forgotten_before),
                        1,
                    )
                    .finally(
                        Expr::col((login_failures::Entity, login_failures::Column::Failures))
                            .add(1),
                    ),
                )
                .value(login_failures::Column::LastFailureAt, Expr::val(now))
                .to_owned(),
        )
        .exec(db)
        .await?;
    if let Err(e) = login_failures::Entity::delete_many()
        .filter(login_failures::Column::LastFailureAt.lte(forgotten_before))
        .exec(db)
        .await
    {
        tracing::debug!(error = %e, "pruning forgotten login failures failed; the next failure retries");
    }
    Ok(())
}

/// Forgets the failures of `key`; whether there were any.
pub(crate) async fn forget(db: &impl ConnectionTrait, key: &str) -> Result<bool, DbErr> {
    let done = login_failures::Entity::delete_many()
        .filter(login_failures::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}
