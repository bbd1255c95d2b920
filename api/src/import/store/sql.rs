//! The statements every write and look-up of an import is made of: multi-row upserts sized under
//! SQLite's parameter limit, `IN (...)` look-ups in chunks, and the one look-up of database ids by
//! natural key that partners, customers and professionals share.

use std::hash::Hash;

use sea_orm::sea_query::{
    DynIden, Expr, ExprTrait, IntoColumnRef, IntoIden, OnConflict, Query, SelectStatement, Value,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryResult};
use uuid::Uuid;

use super::super::progress::Meter;
use super::super::rows::Keys;

/// Bound parameters per statement at most: SQLite allows 32 766 (PostgreSQL 65 535).
const MAX_PARAMS: usize = 32_000;

/// Keys per `IN (...)` list of a look-up.
const IN_CHUNK: usize = 5_000;

/// How many rows of `columns` columns fit in one statement.
pub(super) fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMS / columns.max(1)).max(1)
}

/// Inserts rows in multi-row statements of at most [`MAX_PARAMS`] parameters each.
pub(super) async fn upsert(
    txn: &DatabaseTransaction,
    table: impl IntoIden,
    columns: &[DynIden],
    on_conflict: &OnConflict,
    rows: Vec<Vec<Value>>,
    meter: &mut Meter,
) -> Result<(), DbErr> {
    let table = table.into_iden();
    let per_statement = rows_per_statement(columns.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut insert = Query::insert();
        insert
            .into_table(table.clone())
            .columns(columns.iter().cloned());
        let mut n = 0u64;
        for row in rows.by_ref().take(per_statement) {
            insert
                .values(row.into_iter().map(Expr::from))
                .map_err(|e| DbErr::Custom(format!("cannot build an import statement: {e}")))?;
            n += 1;
        }
        insert.on_conflict(on_conflict.clone());
        txn.execute(&insert).await?;
        meter.add(n);
    }
    Ok(())
}

/// Runs `base` with `AND column IN (keys)`.
pub(super) async fn query_in(
    txn: &DatabaseTransaction,
    base: &SelectStatement,
    column: impl IntoColumnRef,
    keys: &[Value],
) -> Result<Vec<QueryResult>, DbErr> {
    let mut select = base.clone();
    select.and_where(Expr::col(column).is_in(keys.iter().cloned()));
    txn.query_all(&select).await
}

/// Runs `base` with `AND column IN (...)` for every chunk of keys, and returns all rows.
pub(super) async fn select_in(
    txn: &DatabaseTransaction,
    base: &SelectStatement,
    column: impl IntoColumnRef + Clone,
    keys: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let mut rows = Vec::new();
    for chunk in keys.chunks(IN_CHUNK) {
        rows.extend(query_in(txn, base, column.clone(), chunk).await?);
    }
    Ok(rows)
}

/// A natural key as the database stores it.
pub(super) trait StoredKey: Hash + Eq + Clone + Sized {
    /// The stored value.
    fn to_value(&self) -> Value;
    /// The key of a stored value (`None` when it is not one this import can name).
    fn from_stored(text: &str) -> Option<Self>;
}

impl StoredKey for String {
    fn to_value(&self) -> Value {
        Value::from(self.clone())
    }

    fn from_stored(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

/// Tenant ids are stored lower-case and hyphenated.
impl StoredKey for Uuid {
    fn to_value(&self) -> Value {
        Value::from(tenant_text(self))
    }

    fn from_stored(text: &str) -> Option<Self> {
        Uuid::try_parse(text).ok()
    }
}

/// Which keys a look-up of ids asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    /// Every key the folder names.
    All,
    /// The keys of the key's own file that had no database id yet (the rows just inserted).
    NewInFile,
}

/// Reads `columns` of `table` (first its id, then its natural key, then any others) for the keys of
/// `keys` that `wanted` picks; records every id found in `keys` and returns the rows with the index
/// of the key each belongs to.
pub(super) async fn find_ids<E: EntityTrait, K: StoredKey, const N: usize>(
    txn: &DatabaseTransaction,
    table: E,
    columns: [E::Column; N],
    keys: &mut Keys<K>,
    wanted: Wanted,
) -> Result<Vec<(u32, QueryResult)>, DbErr> {
    const { assert!(N >= 2, "the id and the natural key come first") };
    let key_column = (table, columns[1]);
    let base = Query::select().columns(columns).from(table).to_owned();
    let values: Vec<Value> = (0..keys.len())
        .filter(|&i| match wanted {
            Wanted::All => true,
            Wanted::NewInFile => keys.in_file[i] && keys.ids[i].is_none(),
        })
        .map(|i| keys.keys[i].to_value())
        .collect();
    let mut found = Vec::new();
    for row in select_in(txn, &base, key_column, values).await? {
        let key: String = row.try_get_by_index(1)?;
        let Some(i) = K::from_stored(&key).and_then(|k| keys.get(&k)) else {
            continue;
        };
        if let Some(slot) = keys.ids.get_mut(i as usize) {
            *slot = Some(row.try_get_by_index(0)?);
        }
        found.push((i, row));
    }
    Ok(found)
}

/// The database ids of the rows' keys that were stored before this import (only those can have
/// stored rows under them), sorted and once each, as look-up values.
pub(super) fn stored_ids(ids: impl Iterator<Item = Option<i64>>) -> Vec<Value> {
    let mut ids: Vec<i64> = ids.flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(Value::from).collect()
}

/// Column names as the statements take them.
pub(super) fn idens<C: IntoIden, const N: usize>(columns: [C; N]) -> Vec<DynIden> {
    columns.into_iter().map(IntoIden::into_iden).collect()
}

/// The stored form of a tenant id: lower-case, hyphenated.
pub(super) fn tenant_text(t: &Uuid) -> String {
    t.hyphenated().to_string()
}

/// An id the checks guaranteed; its absence means the database changed under the import.
pub(super) fn required_id(id: Option<i64>, what: &str) -> Result<i64, DbErr> {
    id.ok_or_else(|| {
        DbErr::Custom(format!(
            "a {what} checked by the import is missing from the database"
        ))
    })
}
