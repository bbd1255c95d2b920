//! The statements every write and look-up of an import is made of: multi-row upserts (on SQLite
//! `VALUES` lists sized under its parameter limit, on PostgreSQL one array parameter per column
//! unnested into rows), `IN (...)` look-ups in chunks, and the one look-up of database ids by natural
//! key that partners, customers and professionals share.

use std::hash::Hash;

use sea_orm::sea_query::{
    DynIden, Expr, ExprTrait, Func, IntoColumnRef, IntoIden, OnConflict, Query, SelectStatement,
    Value,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryResult};
use uuid::Uuid;

use super::super::progress::Meter;
use super::super::rows::Keys;

/// Bound parameters per statement at most: SQLite allows 32 766 (PostgreSQL 65 535).
const MAX_PARAMS: usize = 32_000;

/// Keys per `IN (...)` list of a look-up.
const IN_CHUNK: usize = 5_000;

/// Rows per statement on PostgreSQL, where a statement takes one parameter per column whatever
/// the number of rows: large enough that parsing and planning are paid rarely, small enough that
/// the text of one statement's parameters stays a few megabytes.
const PG_ROWS_PER_STATEMENT: usize = 20_000;

/// How many rows of `columns` columns one statement writes on `backend`.
pub(super) fn rows_per_statement(backend: DbBackend, columns: usize) -> usize {
    match backend {
        DbBackend::Postgres => PG_ROWS_PER_STATEMENT,
        _ => values_rows_per_statement(columns),
    }
}

/// How many rows of `columns` columns one `VALUES` list holds under [`MAX_PARAMS`].
fn values_rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMS / columns.max(1)).max(1)
}

/// Inserts rows in multi-row statements: on PostgreSQL each column's values are sent as one array
/// ([`unnested`]), elsewhere (or for a column type the arrays do not cover) as `VALUES` lists of at
/// most [`MAX_PARAMS`] parameters.
pub(super) async fn upsert(
    txn: &DatabaseTransaction,
    table: impl IntoIden,
    columns: &[DynIden],
    on_conflict: &OnConflict,
    rows: Vec<Vec<Value>>,
    meter: &mut Meter,
) -> Result<(), DbErr> {
    let table = table.into_iden();
    let backend = txn.get_database_backend();
    if backend == DbBackend::Postgres {
        for chunk in rows.chunks(PG_ROWS_PER_STATEMENT) {
            let Some(select) = unnested(columns.len(), chunk) else {
                let chunk = chunk.to_vec();
                values_upsert(txn, table.clone(), columns, on_conflict, chunk, meter).await?;
                continue;
            };
            let mut insert = Query::insert();
            insert
                .into_table(table.clone())
                .columns(columns.iter().cloned())
                .select_from(select)
                .map_err(|e| DbErr::Custom(format!("cannot build an import statement: {e}")))?
                .on_conflict(on_conflict.clone());
            txn.execute(&insert).await?;
            meter.add(chunk.len() as u64);
        }
        return Ok(());
    }
    values_upsert(txn, table, columns, on_conflict, rows, meter).await
}

/// [`upsert`] as `VALUES` lists.
async fn values_upsert(
    txn: &DatabaseTransaction,
    table: DynIden,
    columns: &[DynIden],
    on_conflict: &OnConflict,
    rows: Vec<Vec<Value>>,
    meter: &mut Meter,
) -> Result<(), DbErr> {
    let per_statement = values_rows_per_statement(columns.len());
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

/// `SELECT unnest(CAST($1 AS type1[])), unnest(CAST($2 AS type2[])), ...`: the rows as one
/// PostgreSQL array literal per column, bound as text and cast by the server (set-returning
/// functions side by side in a select list are zipped into rows). `None` when a column holds a type
/// without an array form here, or values of two types; the caller then writes `VALUES`.
fn unnested(columns: usize, rows: &[Vec<Value>]) -> Option<SelectStatement> {
    let mut select = Query::select();
    for c in 0..columns {
        let mut literal = String::from("{");
        let mut sql_type = None;
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                literal.push(',');
            }
            let ty = push_element(&mut literal, row.get(c)?)?;
            if *sql_type.get_or_insert(ty) != ty {
                return None;
            }
        }
        literal.push('}');
        let array_type = format!("{}[]", sql_type?);
        select.expr(Func::cust("unnest").arg(Func::cast_as(literal, array_type)));
    }
    Some(select.take())
}

/// Appends `value` to an array literal and returns its PostgreSQL type, for the types the import
/// writes (`None` for any other): SQL NULL as `NULL`, text quoted ([`push_quoted`]), everything
/// else as PostgreSQL reads it. Written in place: no string per value.
fn push_element(literal: &mut String, value: &Value) -> Option<&'static str> {
    use std::fmt::Write as _;
    let (ty, written) = match value {
        Value::BigInt(v) => ("bigint", v.map(|v| write!(literal, "{v}"))),
        Value::Int(v) => ("integer", v.map(|v| write!(literal, "{v}"))),
        Value::SmallInt(v) => ("smallint", v.map(|v| write!(literal, "{v}"))),
        Value::Bool(v) => (
            "boolean",
            v.map(|v| write!(literal, "{}", if v { 't' } else { 'f' })),
        ),
        Value::ChronoDate(v) => (
            "date",
            v.map(|d| write!(literal, "{}", d.format("%Y-%m-%d"))),
        ),
        // Microseconds, truncated, as the binary protocol sends them.
        Value::ChronoDateTimeUtc(v) => (
            "timestamptz",
            v.map(|t| write!(literal, "{}", t.format("%Y-%m-%d %H:%M:%S%.6f+00"))),
        ),
        Value::String(v) => (
            "text",
            v.as_deref().map(|t| {
                push_quoted(literal, t);
                Ok(())
            }),
        ),
        _ => return None,
    };
    if written.is_none() {
        literal.push_str("NULL");
    }
    Some(ty)
}

/// Appends `text` to an array literal as a double-quoted element (backslash and quote escaped), so
/// that commas, braces, spaces and the word NULL stay text.
fn push_quoted(literal: &mut String, text: &str) {
    literal.push('"');
    for ch in text.chars() {
        if ch == '"' || ch == '\\' {
            literal.push('\\');
        }
        literal.push(ch);
    }
    literal.push('"');
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
