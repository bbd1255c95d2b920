//! The database side of an import: the catalogue codes, the bulk look-ups the checks need, and the
//! writes, all inside one transaction.
//!
//! Every file is compared with the rows already stored under the same natural keys (loaded in bulk,
//! `IN` lists of a few thousand keys), so the summary can say inserted / updated / unchanged and only
//! inserted and updated rows are written: a re-import of the same folder writes nothing. Writes are
//! multi-row `INSERT ... ON CONFLICT (key) DO UPDATE` statements, sized under SQLite's limit of
//! 32 766 bound parameters, and the same SQL on PostgreSQL.
//!
//! - `look_up`: the stored rows under the folder's keys, before anything is written.
//! - `keyed`: the writes of partners, customers and professionals (rows with their own key).
//! - `links`: the writes of associations, usage, certifications and specialization grants (rows that
//!   refer to those).
//! - `sql`: the upsert, the chunked `IN` look-ups and the look-up of ids by natural key.
//! - here: the catalogue, the transaction, the order of the writes and the refresh queue.

mod keyed;
mod links;
mod look_up;
mod sql;

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{NaiveDate, Utc};
use entities::{
    certifications, customer_associations as ca, professional_associations as pa, specializations,
    workloads,
};
use keyed::{write_customers, write_partners, write_professionals};
use links::{
    write_certifications, write_customer_associations, write_professional_associations,
    write_specializations, write_usage,
};
pub(crate) use look_up::{Stored, keep_uncarried, look_up};
use sea_orm::sea_query::{Order, Query, Value};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sql::select_in;

use super::FileCounts;
use super::format::FileKind;
use super::progress::Meter;
use super::rows::{Catalogue, Parsed};
use crate::domain::{Month, WorkloadFamily};

/// The workload, certification and specialization codes of the catalogue.
pub(crate) async fn catalogue(db: &DatabaseConnection) -> Result<Catalogue, DbErr> {
    let stmt = Query::select()
        .columns([workloads::Column::Code, workloads::Column::Family])
        .from(workloads::Entity)
        .order_by(workloads::Column::Code, Order::Asc)
        .to_owned();
    let mut workload_codes = Vec::new();
    for row in db.query_all(&stmt).await? {
        let code: String = row.try_get_by_index(0)?;
        let family: String = row.try_get_by_index(1)?;
        let family = family
            .parse::<WorkloadFamily>()
            .map_err(|e| DbErr::Custom(format!("workload {code} has an unknown family: {e}")))?;
        workload_codes.push((code, family));
    }
    let stmt = Query::select()
        .column(certifications::Column::Code)
        .from(certifications::Entity)
        .order_by(certifications::Column::Code, Order::Asc)
        .to_owned();
    let mut certification_codes = Vec::new();
    for row in db.query_all(&stmt).await? {
        certification_codes.push(row.try_get_by_index::<String>(0)?);
    }
    let stmt = Query::select()
        .column(specializations::Column::Code)
        .from(specializations::Entity)
        .order_by(specializations::Column::Code, Order::Asc)
        .to_owned();
    let mut specialization_codes = Vec::new();
    for row in db.query_all(&stmt).await? {
        specialization_codes.push(row.try_get_by_index::<String>(0)?);
    }
    Ok(Catalogue::new(workload_codes, certification_codes)
        .with_specializations(specialization_codes))
}

/// Starts the import's transaction. On SQLite it takes the write lock at once, so what the checks read
/// is what the writes build on (a deferred transaction could not upgrade if another writer came first).
pub(crate) async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
/// Partners whose scores are stale from a month on.
#[derive(Debug, Default)]
struct Queue {
    from: HashMap<i64, Month>,
}

impl Queue {
    /// Queues a partner from `month` on (or from its earlier month already queued).
    fn add(&mut self, partner_id: i64, month: Month) {
        self.from
            .entry(partner_id)
            .and_modify(|m| *m = (*m).min(month))
            .or_insert(month);
    }
}

/// The earliest month per id (a customer, a professional) whose data changed.
fn earliest<K: Hash + Eq>(map: &mut HashMap<K, Month>, key: K, month: Month) {
    map.entry(key)
        .and_modify(|m| *m = (*m).min(month))
        .or_insert(month);
}

/// Writes what differs from the stored rows, file by file in load order, queues the partners whose
/// scores it may change, and returns the per-file counts and the number of partners queued.
pub(crate) async fn write(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
    stored: &Stored,
    catalogue: &Catalogue,
    progress: bool,
) -> Result<(Vec<FileCounts>, u64), DbErr> {
    let now = Utc::now();
    let mut counts = Vec::new();
    let mut queue = Queue::default();
    // Customers (by id) whose usage changed, and from which month; professionals whose
    // certifications changed; customers whose TPID or segment changed (their grouping or their
    // partners' class may change for every month).
    let mut usage_changed: HashMap<i64, Month> = HashMap::new();
    let mut certifications_changed: HashMap<i64, Month> = HashMap::new();
    let mut regrouped: Vec<i64> = Vec::new();

    for kind in parsed.present.clone() {
        let file_started = std::time::Instant::now();
        let mut meter = Meter::start(progress, format!("writing {}", kind.file_name()));
        let c = match kind {
            FileKind::Partners => write_partners(txn, parsed, stored, now, &mut meter).await?,
            FileKind::Customers => {
                write_customers(txn, parsed, stored, now, &mut regrouped, &mut meter).await?
            }
            FileKind::CustomerAssociations => {
                write_customer_associations(
                    txn, parsed, stored, catalogue, now, &mut queue, &mut meter,
                )
                .await?
            }
            FileKind::CustomerUsage => {
                write_usage(
                    txn,
                    parsed,
                    stored,
                    catalogue,
                    &mut usage_changed,
                    &mut meter,
                )
                .await?
            }
            FileKind::Professionals => {
                write_professionals(txn, parsed, stored, now, &mut meter).await?
            }
            FileKind::ProfessionalCertifications => {
                write_certifications(
                    txn,
                    parsed,
                    stored,
                    catalogue,
                    now,
                    &mut certifications_changed,
                    &mut meter,
                )
                .await?
            }
            FileKind::ProfessionalAssociations => {
                write_professional_associations(txn, parsed, stored, now, &mut queue, &mut meter)
                    .await?
            }
            FileKind::PartnerSpecializations => {
                write_specializations(txn, parsed, stored, catalogue, now, &mut meter).await?
            }
        };
        meter.finish();
        tracing::debug!(
            file = kind.file_name(),
            seconds = file_started.elapsed().as_secs_f64(),
            "import: file compared and written"
        );
        counts.push(FileCounts {
            file: kind.file_name().to_string(),
            ..c
        });
    }

    refresh_statistics(txn, &counts).await?;

    // Usage, TPIDs and segments reach partners through customer associations, certifications
    // through professional associations, as stored now (this import's rows included).
    let base = Query::select()
        .columns([
            ca::Column::CustomerId,
            ca::Column::PartnerId,
            ca::Column::StartDate,
        ])
        .from(ca::Entity)
        .to_owned();
    let mut customers: Vec<i64> = usage_changed.keys().copied().collect();
    customers.extend(regrouped.iter().copied());
    customers.sort_unstable();
    customers.dedup();
    let keys = customers.into_iter().map(Value::from).collect();
    for row in select_in(txn, &base, (ca::Entity, ca::Column::CustomerId), keys).await? {
        let customer: i64 = row.try_get_by_index(0)?;
        let partner: i64 = row.try_get_by_index(1)?;
        let start: NaiveDate = row.try_get_by_index(2)?;
        if let Some(month) = usage_changed.get(&customer) {
            queue.add(partner, *month);
        }
        if regrouped.binary_search(&customer).is_ok() {
            queue.add(partner, Month::of(start));
        }
    }
    let base = Query::select()
        .columns([pa::Column::ProfessionalId, pa::Column::PartnerId])
        .from(pa::Entity)
        .to_owned();
    let keys = certifications_changed
        .keys()
        .map(|id| Value::from(*id))
        .collect();
    for row in select_in(txn, &base, (pa::Entity, pa::Column::ProfessionalId), keys).await? {
        let professional: i64 = row.try_get_by_index(0)?;
        let partner: i64 = row.try_get_by_index(1)?;
        if let Some(month) = certifications_changed.get(&professional) {
            queue.add(partner, *month);
        }
    }

    let queued = queue.from.len() as u64;
    write_queue(txn, queue).await?;
    Ok((counts, queued))
}

/// Rows written into a table after which the import refreshes PostgreSQL's statistics of it.
const ANALYZE_AFTER_ROWS: u64 = 10_000;

/// On PostgreSQL, runs `ANALYZE` on every table this import wrote at least [`ANALYZE_AFTER_ROWS`]
/// rows into (visible at commit). The planner plans the score refresh that follows and every later
/// look-up from these statistics, and autovacuum refreshes them only later (or never, where it is
/// off): without them it read whole tables for each batch of partners, so a first recompute grew
/// with the square of the partners.
async fn refresh_statistics(txn: &DatabaseTransaction, counts: &[FileCounts]) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for c in counts {
        let Some(kind) = FileKind::from_file_name(&c.file) else {
            continue;
        };
        if c.inserted + c.updated >= ANALYZE_AFTER_ROWS {
            txn.execute_unprepared(&format!("ANALYZE {}", table_of(kind)))
                .await?;
        }
    }
    Ok(())
}

/// The table a file's rows are stored in.
fn table_of(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Partners => "partners",
        FileKind::Customers => "customers",
        FileKind::CustomerAssociations => "customer_associations",
        FileKind::CustomerUsage => "customer_usage",
        FileKind::Professionals => "professionals",
        FileKind::ProfessionalCertifications => "professional_certifications",
        FileKind::ProfessionalAssociations => "professional_associations",
        FileKind::PartnerSpecializations => "partner_specializations",
    }
}

/// Whether a row is new, changed or the same as stored; counts it and says whether to write it.
fn classify<T: PartialEq>(counts: &mut FileCounts, stored: Option<&T>, new: &T) -> bool {
    match stored {
        None => {
            counts.inserted += 1;
            true
        }
        Some(s) if s == new => {
            counts.unchanged += 1;
            false
        }
        Some(_) => {
            counts.updated += 1;
            true
        }
    }
}

/// Queues partners for score recomputation through the one queue upsert of `db::scores`; a partner
/// already queued keeps the earlier month.
async fn write_queue(txn: &DatabaseTransaction, queue: Queue) -> Result<(), DbErr> {
    let mut partners: Vec<(i64, Month)> = queue.from.into_iter().collect();
    partners.sort_unstable();
    crate::db::scores::queue_each(txn, &partners).await
}
