//! The database side of an import: the catalogue codes, the bulk look-ups the checks need, and the
//! writes, all inside one transaction.
//!
//! Every file is compared with the rows already stored under the same natural keys (loaded in bulk,
//! `IN` lists of a few thousand keys), so the summary can say inserted / updated / unchanged and only
//! inserted and updated rows are written: a re-import of the same folder writes nothing. Writes are
//! multi-row `INSERT ... ON CONFLICT (key) DO UPDATE` statements, sized under SQLite's limit of
//! 32 766 bound parameters, and the same SQL on PostgreSQL.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, NaiveDate, Utc};
use entities::{
    certifications, customer_associations as ca, customer_usage as cu, customers, partners,
    professional_associations as pa, professional_certifications as pc, professionals,
    score_refresh_queue as srq, workloads,
};
use sea_orm::sea_query::{
    DynIden, Expr, ExprTrait, IntoColumnRef, IntoIden, OnConflict, Order, Query, SelectStatement,
    Value,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, QueryResult,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use uuid::Uuid;

use super::FileCounts;
use super::check::StoredPeriod;
use super::format::{FileKind, USAGE_FIRST_VALUE, col};
use super::progress::Meter;
use super::rows::{Catalogue, Parsed, UsageValues};
use crate::domain::{AssociationType, Month, WorkloadFamily};

/// Bound parameters per statement at most: SQLite allows 32 766 (PostgreSQL 65 535).
const MAX_PARAMS: usize = 32_000;

/// Keys per `IN (...)` list of a look-up.
const IN_CHUNK: usize = 5_000;

/// Usage rows written after which PostgreSQL's statistics of the table are refreshed.
const ANALYZE_AFTER_ROWS: usize = 100_000;

/// Customers per look-up of stored usage (each has up to a few hundred rows).
const USAGE_CHUNK: usize = 500;

/// The workload and certification codes of the catalogue.
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
    Ok(Catalogue::new(workload_codes, certification_codes))
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

#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredPartner {
    name: String,
    country: String,
    anniversary_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredCustomer {
    tpid: Option<String>,
    name: String,
    country: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredProfessional {
    name: String,
    email: Option<String>,
}

/// The stored rows the checks and the comparison need, found before anything is written.
#[derive(Debug, Default)]
pub(crate) struct Stored {
    /// By partner key index.
    partners: HashMap<u32, StoredPartner>,
    /// By tenant key index.
    customers: HashMap<u32, StoredCustomer>,
    /// By professional key index.
    professionals: HashMap<u32, StoredProfessional>,
    /// Associations of the professionals in `professional_associations.csv`.
    pub periods: Vec<StoredPeriod>,
}

/// Finds the partners, customers and professionals the folder names (filling in their ids) and the
/// stored associations of its professionals.
pub(crate) async fn look_up(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
) -> Result<Stored, DbErr> {
    let mut stored = Stored::default();

    let base = Query::select()
        .columns([
            partners::Column::Id,
            partners::Column::PartnerId,
            partners::Column::Name,
            partners::Column::Country,
            partners::Column::AnniversaryDate,
        ])
        .from(partners::Entity)
        .to_owned();
    let keys: Vec<Value> = parsed
        .partner_keys
        .keys
        .iter()
        .map(|k| Value::from(k.clone()))
        .collect();
    for row in select_in(
        txn,
        &base,
        (partners::Entity, partners::Column::PartnerId),
        keys,
    )
    .await?
    {
        let key: String = row.try_get_by_index(1)?;
        let Some(i) = parsed.partner_keys.get(&key) else {
            continue;
        };
        set_id(&mut parsed.partner_keys.ids, i, row.try_get_by_index(0)?);
        let partner = StoredPartner {
            name: row.try_get_by_index(2)?,
            country: row.try_get_by_index(3)?,
            anniversary_date: row.try_get_by_index(4)?,
        };
        stored.partners.insert(i, partner);
    }

    let base = Query::select()
        .columns([
            customers::Column::Id,
            customers::Column::TenantId,
            customers::Column::Tpid,
            customers::Column::Name,
            customers::Column::Country,
        ])
        .from(customers::Entity)
        .to_owned();
    let keys: Vec<Value> = parsed
        .tenant_keys
        .keys
        .iter()
        .map(|k| Value::from(tenant_text(k)))
        .collect();
    for row in select_in(
        txn,
        &base,
        (customers::Entity, customers::Column::TenantId),
        keys,
    )
    .await?
    {
        let key: String = row.try_get_by_index(1)?;
        let Some(i) = Uuid::try_parse(&key)
            .ok()
            .and_then(|t| parsed.tenant_keys.get(&t))
        else {
            continue;
        };
        set_id(&mut parsed.tenant_keys.ids, i, row.try_get_by_index(0)?);
        let customer = StoredCustomer {
            tpid: row.try_get_by_index(2)?,
            name: row.try_get_by_index(3)?,
            country: row.try_get_by_index(4)?,
        };
        stored.customers.insert(i, customer);
    }

    let base = Query::select()
        .columns([
            professionals::Column::Id,
            professionals::Column::ProfessionalId,
            professionals::Column::Name,
            professionals::Column::Email,
        ])
        .from(professionals::Entity)
        .to_owned();
    let keys: Vec<Value> = parsed
        .professional_keys
        .keys
        .iter()
        .map(|k| Value::from(k.clone()))
        .collect();
    for row in select_in(
        txn,
        &base,
        (professionals::Entity, professionals::Column::ProfessionalId),
        keys,
    )
    .await?
    {
        let key: String = row.try_get_by_index(1)?;
        let Some(i) = parsed.professional_keys.get(&key) else {
            continue;
        };
        set_id(
            &mut parsed.professional_keys.ids,
            i,
            row.try_get_by_index(0)?,
        );
        let professional = StoredProfessional {
            name: row.try_get_by_index(2)?,
            email: row.try_get_by_index(3)?,
        };
        stored.professionals.insert(i, professional);
    }

    // Every stored period of the file's professionals, for the overlap check and the comparison.
    let mut professional_index: HashMap<i64, u32> = HashMap::new();
    for r in &parsed.professional_associations {
        if let Some(id) = parsed.professional_keys.id(r.professional) {
            professional_index.insert(id, r.professional);
        }
    }
    let base = Query::select()
        .column((pa::Entity, pa::Column::ProfessionalId))
        .column((pa::Entity, pa::Column::PartnerId))
        .column((partners::Entity, partners::Column::PartnerId))
        .column((pa::Entity, pa::Column::AssociatedOn))
        .column((pa::Entity, pa::Column::RemovedOn))
        .from(pa::Entity)
        .inner_join(
            partners::Entity,
            Expr::col((partners::Entity, partners::Column::Id))
                .equals((pa::Entity, pa::Column::PartnerId)),
        )
        .to_owned();
    let keys: Vec<Value> = professional_index
        .keys()
        .map(|id| Value::from(*id))
        .collect();
    for row in select_in(txn, &base, (pa::Entity, pa::Column::ProfessionalId), keys).await? {
        let professional_id: i64 = row.try_get_by_index(0)?;
        let Some(professional) = professional_index.get(&professional_id).copied() else {
            continue;
        };
        stored.periods.push(StoredPeriod {
            professional,
            partner_id: row.try_get_by_index(1)?,
            partner: row.try_get_by_index(2)?,
            associated_on: row.try_get_by_index(3)?,
            removed_on: row.try_get_by_index(4)?,
        });
    }
    Ok(stored)
}

/// Gives the rows of existing partners, customers, professionals and professional associations the
/// stored value of every column their file does not carry, so the comparison, the overlap check and
/// the write see the row as it will be stored (a file never clears a value through a column it lacks).
/// Customer associations, usage and certifications get theirs where their stored rows are read, in
/// [`write`].
pub(crate) fn keep_uncarried(parsed: &mut Parsed, stored: &Stored) {
    if !parsed.carries(FileKind::Partners, col::partners::ANNIVERSARY_DATE) {
        for r in &mut parsed.partners {
            if let Some(s) = stored.partners.get(&r.partner) {
                r.anniversary_date = s.anniversary_date;
            }
        }
    }
    if !parsed.carries(FileKind::Customers, col::customers::TPID) {
        for r in &mut parsed.customers {
            if let Some(s) = stored.customers.get(&r.tenant) {
                r.tpid.clone_from(&s.tpid);
            }
        }
    }
    if !parsed.carries(FileKind::Professionals, col::professionals::EMAIL) {
        for r in &mut parsed.professionals {
            if let Some(s) = stored.professionals.get(&r.professional) {
                r.email.clone_from(&s.email);
            }
        }
    }
    let kind = FileKind::ProfessionalAssociations;
    if !parsed.carries(kind, col::professional_associations::REMOVED_ON) {
        let removed: HashMap<(u32, NaiveDate), Option<NaiveDate>> = stored
            .periods
            .iter()
            .map(|p| ((p.professional, p.associated_on), p.removed_on))
            .collect();
        for r in &mut parsed.professional_associations {
            if let Some(removed_on) = removed.get(&(r.professional, r.associated_on)) {
                r.removed_on = *removed_on;
            }
        }
    }
}

/// Partners whose scores are stale from a month on.
#[derive(Debug, Default)]
struct Queue {
    from: HashMap<i64, Month>,
}

impl Queue {
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
    // certifications changed; customers whose TPID changed (their grouping changes for every month).
    let mut usage_changed: HashMap<i64, Month> = HashMap::new();
    let mut certifications_changed: HashMap<i64, Month> = HashMap::new();
    let mut tpid_changed: Vec<i64> = Vec::new();

    for kind in parsed.present.clone() {
        let file_started = std::time::Instant::now();
        let mut meter = Meter::start(progress, format!("writing {}", kind.file_name()));
        let c = match kind {
            FileKind::Partners => write_partners(txn, parsed, stored, now, &mut meter).await?,
            FileKind::Customers => {
                write_customers(txn, parsed, stored, now, &mut tpid_changed, &mut meter).await?
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

    // Usage and TPIDs reach partners through customer associations, certifications through
    // professional associations, as stored now (this import's rows included).
    let base = Query::select()
        .columns([
            ca::Column::CustomerId,
            ca::Column::PartnerId,
            ca::Column::StartDate,
        ])
        .from(ca::Entity)
        .to_owned();
    let mut customers: Vec<i64> = usage_changed.keys().copied().collect();
    customers.extend(tpid_changed.iter().copied());
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
        if tpid_changed.binary_search(&customer).is_ok() {
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
    write_queue(txn, queue, now).await?;
    Ok((counts, queued))
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

async fn write_partners(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
    stored: &Stored,
    now: DateTime<Utc>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use partners::Column as C;
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.partners {
        let new = StoredPartner {
            name: r.name.clone(),
            country: r.country.clone(),
            anniversary_date: r.anniversary_date,
        };
        if classify(&mut counts, stored.partners.get(&r.partner), &new) {
            let key = parsed
                .partner_keys
                .key(r.partner)
                .cloned()
                .unwrap_or_default();
            rows.push(vec![
                key.into(),
                new.name.into(),
                new.country.into(),
                new.anniversary_date.into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let columns = idens([
        C::PartnerId,
        C::Name,
        C::Country,
        C::AnniversaryDate,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::column(C::PartnerId)
        .update_columns([C::Name, C::Country, C::AnniversaryDate, C::UpdatedAt])
        .value(C::Version, Expr::col((partners::Entity, C::Version)).add(1))
        .to_owned();
    upsert(txn, partners::Entity, &columns, &on_conflict, rows, meter).await?;

    // The ids of the new partners, for the files that refer to them.
    let new_keys: Vec<Value> = (0..parsed.partner_keys.len())
        .filter(|&i| parsed.partner_keys.in_file[i] && parsed.partner_keys.ids[i].is_none())
        .map(|i| Value::from(parsed.partner_keys.keys[i].clone()))
        .collect();
    let base = Query::select()
        .columns([C::Id, C::PartnerId])
        .from(partners::Entity)
        .to_owned();
    for row in select_in(txn, &base, (partners::Entity, C::PartnerId), new_keys).await? {
        let key: String = row.try_get_by_index(1)?;
        if let Some(i) = parsed.partner_keys.get(&key) {
            set_id(&mut parsed.partner_keys.ids, i, row.try_get_by_index(0)?);
        }
    }
    Ok(counts)
}

async fn write_customers(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
    stored: &Stored,
    now: DateTime<Utc>,
    tpid_changed: &mut Vec<i64>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use customers::Column as C;
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.customers {
        let new = StoredCustomer {
            tpid: r.tpid.clone(),
            name: r.name.clone(),
            country: r.country.clone(),
        };
        let before = stored.customers.get(&r.tenant);
        if classify(&mut counts, before, &new) {
            if let (Some(before), Some(id)) = (before, parsed.tenant_keys.id(r.tenant))
                && before.tpid != new.tpid
            {
                tpid_changed.push(id);
            }
            let key = parsed
                .tenant_keys
                .key(r.tenant)
                .map(tenant_text)
                .unwrap_or_default();
            rows.push(vec![
                key.into(),
                new.tpid.into(),
                new.name.into(),
                new.country.into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    tpid_changed.sort_unstable();
    let columns = idens([
        C::TenantId,
        C::Tpid,
        C::Name,
        C::Country,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::column(C::TenantId)
        .update_columns([C::Tpid, C::Name, C::Country, C::UpdatedAt])
        .to_owned();
    upsert(txn, customers::Entity, &columns, &on_conflict, rows, meter).await?;

    let new_keys: Vec<Value> = (0..parsed.tenant_keys.len())
        .filter(|&i| parsed.tenant_keys.in_file[i] && parsed.tenant_keys.ids[i].is_none())
        .map(|i| Value::from(tenant_text(&parsed.tenant_keys.keys[i])))
        .collect();
    let base = Query::select()
        .columns([C::Id, C::TenantId])
        .from(customers::Entity)
        .to_owned();
    for row in select_in(txn, &base, (customers::Entity, C::TenantId), new_keys).await? {
        let key: String = row.try_get_by_index(1)?;
        if let Some(i) = Uuid::try_parse(&key)
            .ok()
            .and_then(|t| parsed.tenant_keys.get(&t))
        {
            set_id(&mut parsed.tenant_keys.ids, i, row.try_get_by_index(0)?);
        }
    }
    Ok(counts)
}

async fn write_customer_associations(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    stored: &Stored,
    catalogue: &Catalogue,
    now: DateTime<Utc>,
    queue: &mut Queue,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use ca::Column as C;
    type Key = (i64, i64, AssociationType, Option<u16>, NaiveDate);
    // Only customers that were stored before this import can have stored associations.
    let mut stored_customers: Vec<i64> = parsed
        .customer_associations
        .iter()
        .filter(|r| stored.customers.contains_key(&r.tenant))
        .filter_map(|r| parsed.tenant_keys.id(r.tenant))
        .collect();
    stored_customers.sort_unstable();
    stored_customers.dedup();
    let base = Query::select()
        .columns([
            C::PartnerId,
            C::CustomerId,
            C::AssociationType,
            C::WorkloadCode,
            C::StartDate,
            C::EndDate,
        ])
        .from(ca::Entity)
        .to_owned();
    let workload_index: HashMap<&str, u16> = catalogue
        .workloads
        .iter()
        .zip(0u16..)
        .map(|((code, _), i)| (code.as_str(), i))
        .collect();
    let mut before: HashMap<Key, Option<NaiveDate>> = HashMap::new();
    let keys = stored_customers.into_iter().map(Value::from).collect();
    for row in select_in(txn, &base, (ca::Entity, C::CustomerId), keys).await? {
        let association_type: String = row.try_get_by_index(2)?;
        let Ok(association_type) = association_type.parse::<AssociationType>() else {
            continue;
        };
        let workload: Option<String> = row.try_get_by_index(3)?;
        let workload = match workload {
            None => None,
            Some(code) => match workload_index.get(code.as_str()) {
                Some(i) => Some(*i),
                None => continue,
            },
        };
        let key = (
            row.try_get_by_index(0)?,
            row.try_get_by_index(1)?,
            association_type,
            workload,
            row.try_get_by_index(4)?,
        );
        before.insert(key, row.try_get_by_index(5)?);
    }

    let keep_end_date = !parsed.carries(
        FileKind::CustomerAssociations,
        col::customer_associations::END_DATE,
    );
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.customer_associations {
        let partner = required_id(parsed.partner_keys.id(r.partner), "partner")?;
        let customer = required_id(parsed.tenant_keys.id(r.tenant), "customer")?;
        let key = (
            partner,
            customer,
            r.association_type,
            r.workload,
            r.start_date,
        );
        let stored_end = before.get(&key);
        let end_date = match stored_end {
            Some(end) if keep_end_date => *end,
            _ => r.end_date,
        };
        if classify(&mut counts, stored_end, &end_date) {
            queue.add(partner, Month::of(r.start_date));
            rows.push(vec![
                partner.into(),
                customer.into(),
                r.association_type.as_str().into(),
                r.workload
                    .map(|w| catalogue.workload_code(w).to_string())
                    .into(),
                r.start_date.into(),
                end_date.into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let columns = idens([
        C::PartnerId,
        C::CustomerId,
        C::AssociationType,
        C::WorkloadCode,
        C::StartDate,
        C::EndDate,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    // The target is the unique index on COALESCE(workload_code, ''): an empty workload is one key value.
    let on_conflict = OnConflict::new()
        .exprs([
            Expr::col(C::PartnerId),
            Expr::col(C::CustomerId),
            Expr::col(C::AssociationType),
            Expr::cust(r#"COALESCE("workload_code", '')"#),
            Expr::col(C::StartDate),
        ])
        .update_columns([C::EndDate, C::UpdatedAt])
        .to_owned();
    upsert(txn, ca::Entity, &columns, &on_conflict, rows, meter).await?;
    Ok(counts)
}

async fn write_usage(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    stored: &Stored,
    catalogue: &Catalogue,
    usage_changed: &mut HashMap<i64, Month>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use cu::Column as C;
    let (Some(first), Some(last)) = (
        parsed.usage.iter().map(|r| r.month).min(),
        parsed.usage.iter().map(|r| r.month).max(),
    ) else {
        return Ok(FileCounts::default());
    };
    let mut stored_customers: Vec<i64> = parsed
        .usage
        .iter()
        .filter(|r| stored.customers.contains_key(&r.tenant))
        .filter_map(|r| parsed.tenant_keys.id(r.tenant))
        .collect();
    stored_customers.sort_unstable();
    stored_customers.dedup();
    let base = Query::select()
        .columns([
            C::CustomerId,
            C::Month,
            C::WorkloadCode,
            C::PaidSeats,
            C::ProtectedUsers,
            C::ActiveUsers,
            C::AcrCents,
            C::RevenueCents,
            C::Profiles,
        ])
        .from(cu::Entity)
        .and_where(Expr::col(C::Month).gte(first.first_day()))
        .and_where(Expr::col(C::Month).lte(last.first_day()))
        .to_owned();
    let workload_index: HashMap<&str, u16> = catalogue
        .workloads
        .iter()
        .zip(0u16..)
        .map(|((code, _), i)| (code.as_str(), i))
        .collect();
    let mut before: HashMap<(i64, Month, u16), UsageValues> = HashMap::new();
    let keys: Vec<Value> = stored_customers.into_iter().map(Value::from).collect();
    // A customer has many usage rows: small chunks keep the rows in flight few.
    for chunk in keys.chunks(USAGE_CHUNK) {
        for row in query_in(txn, &base, (cu::Entity, C::CustomerId), chunk).await? {
            let workload: String = row.try_get_by_index(2)?;
            let Some(workload) = workload_index.get(workload.as_str()).copied() else {
                continue;
            };
            let month: NaiveDate = row.try_get_by_index(1)?;
            let mut values = [None; 6];
            for (i, v) in values.iter_mut().enumerate() {
                *v = row.try_get_by_index::<Option<i64>>(3 + i)?;
            }
            before.insert(
                (row.try_get_by_index(0)?, Month::of(month), workload),
                UsageValues::from_options(values),
            );
        }
    }

    let carried: [bool; 6] =
        std::array::from_fn(|i| parsed.carries(FileKind::CustomerUsage, USAGE_FIRST_VALUE + i));
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.usage {
        let customer = required_id(parsed.tenant_keys.id(r.tenant), "customer")?;
        let stored_values = before.get(&(customer, r.month, r.workload));
        let values = match stored_values {
            Some(s) => r.values.keeping(*s, carried),
            None => r.values,
        };
        if classify(&mut counts, stored_values, &values) {
            earliest(usage_changed, customer, r.month);
            rows.push((r, customer, values));
        }
    }
    drop(before);
    let columns = idens([
        C::CustomerId,
        C::Month,
        C::WorkloadCode,
        C::PaidSeats,
        C::ProtectedUsers,
        C::ActiveUsers,
        C::AcrCents,
        C::RevenueCents,
        C::Profiles,
    ]);
    let on_conflict = OnConflict::columns([C::CustomerId, C::Month, C::WorkloadCode])
        .update_columns([
            C::PaidSeats,
            C::ProtectedUsers,
            C::ActiveUsers,
            C::AcrCents,
            C::RevenueCents,
            C::Profiles,
        ])
        .to_owned();
    // Statement values are built one statement at a time: a million rows of `Value`s at once would
    // take several times the memory of the rows themselves.
    let written = rows.len();
    for chunk in rows.chunks(rows_per_statement(columns.len())) {
        let values = chunk
            .iter()
            .map(|(r, customer, values)| {
                let mut row: Vec<Value> = Vec::with_capacity(9);
                row.push((*customer).into());
                row.push(r.month.first_day().into());
                row.push(catalogue.workload_code(r.workload).into());
                row.extend(values.to_options().into_iter().map(Value::from));
                row
            })
            .collect();
        upsert(txn, cu::Entity, &columns, &on_conflict, values, meter).await?;
    }
    // PostgreSQL plans the next look-ups (the next import, the score refresh) from statistics that
    // autovacuum refreshes only later; after a large load, refresh them now (visible at commit).
    if written >= ANALYZE_AFTER_ROWS && txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("ANALYZE customer_usage").await?;
    }
    Ok(counts)
}

async fn write_professionals(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
    stored: &Stored,
    now: DateTime<Utc>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use professionals::Column as C;
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.professionals {
        let new = StoredProfessional {
            name: r.name.clone(),
            email: r.email.clone(),
        };
        if classify(&mut counts, stored.professionals.get(&r.professional), &new) {
            let key = parsed
                .professional_keys
                .key(r.professional)
                .cloned()
                .unwrap_or_default();
            rows.push(vec![
                key.into(),
                new.name.into(),
                new.email.into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let columns = idens([
        C::ProfessionalId,
        C::Name,
        C::Email,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::column(C::ProfessionalId)
        .update_columns([C::Name, C::Email, C::UpdatedAt])
        .value(
            C::Version,
            Expr::col((professionals::Entity, C::Version)).add(1),
        )
        .to_owned();
    upsert(
        txn,
        professionals::Entity,
        &columns,
        &on_conflict,
        rows,
        meter,
    )
    .await?;

    let new_keys: Vec<Value> = (0..parsed.professional_keys.len())
        .filter(|&i| {
            parsed.professional_keys.in_file[i] && parsed.professional_keys.ids[i].is_none()
        })
        .map(|i| Value::from(parsed.professional_keys.keys[i].clone()))
        .collect();
    let base = Query::select()
        .columns([C::Id, C::ProfessionalId])
        .from(professionals::Entity)
        .to_owned();
    for row in select_in(
        txn,
        &base,
        (professionals::Entity, C::ProfessionalId),
        new_keys,
    )
    .await?
    {
        let key: String = row.try_get_by_index(1)?;
        if let Some(i) = parsed.professional_keys.get(&key) {
            set_id(
                &mut parsed.professional_keys.ids,
                i,
                row.try_get_by_index(0)?,
            );
        }
    }
    Ok(counts)
}

async fn write_certifications(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    stored: &Stored,
    catalogue: &Catalogue,
    now: DateTime<Utc>,
    certifications_changed: &mut HashMap<i64, Month>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use pc::Column as C;
    let mut stored_professionals: Vec<i64> = parsed
        .certifications
        .iter()
        .filter(|r| stored.professionals.contains_key(&r.professional))
        .filter_map(|r| parsed.professional_keys.id(r.professional))
        .collect();
    stored_professionals.sort_unstable();
    stored_professionals.dedup();
    let certification_index: HashMap<&str, u16> = catalogue
        .certifications
        .iter()
        .zip(0u16..)
        .map(|(code, i)| (code.as_str(), i))
        .collect();
    let base = Query::select()
        .columns([
            C::ProfessionalId,
            C::CertificationCode,
            C::EarnedOn,
            C::ExpiresOn,
        ])
        .from(pc::Entity)
        .to_owned();
    let mut before: HashMap<(i64, u16, NaiveDate), Option<NaiveDate>> = HashMap::new();
    let keys = stored_professionals.into_iter().map(Value::from).collect();
    for row in select_in(txn, &base, (pc::Entity, C::ProfessionalId), keys).await? {
        let code: String = row.try_get_by_index(1)?;
        let Some(certification) = certification_index.get(code.as_str()).copied() else {
            continue;
        };
        before.insert(
            (
                row.try_get_by_index(0)?,
                certification,
                row.try_get_by_index(2)?,
            ),
            row.try_get_by_index(3)?,
        );
    }

    let keep_expires_on = !parsed.carries(
        FileKind::ProfessionalCertifications,
        col::professional_certifications::EXPIRES_ON,
    );
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.certifications {
        let professional =
            required_id(parsed.professional_keys.id(r.professional), "professional")?;
        let stored_expiry = before.get(&(professional, r.certification, r.earned_on));
        let expires_on = match stored_expiry {
            Some(e) if keep_expires_on => *e,
            _ => r.expires_on,
        };
        if classify(&mut counts, stored_expiry, &expires_on) {
            earliest(certifications_changed, professional, Month::of(r.earned_on));
            rows.push(vec![
                professional.into(),
                catalogue.certification_code(r.certification).into(),
                r.earned_on.into(),
                expires_on.into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let columns = idens([
        C::ProfessionalId,
        C::CertificationCode,
        C::EarnedOn,
        C::ExpiresOn,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::columns([C::ProfessionalId, C::CertificationCode, C::EarnedOn])
        .update_columns([C::ExpiresOn, C::UpdatedAt])
        .value(C::Version, Expr::col((pc::Entity, C::Version)).add(1))
        .to_owned();
    upsert(txn, pc::Entity, &columns, &on_conflict, rows, meter).await?;
    Ok(counts)
}

async fn write_professional_associations(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    stored: &Stored,
    now: DateTime<Utc>,
    queue: &mut Queue,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use pa::Column as C;
    let before: HashMap<(u32, NaiveDate), &StoredPeriod> = stored
        .periods
        .iter()
        .map(|p| ((p.professional, p.associated_on), p))
        .collect();
    let mut counts = FileCounts::default();
    // Closing rows go first: a professional's new active association must not meet the old one
    // still open (the partial unique index allows one open row per professional).
    let mut closed = Vec::new();
    let mut open = Vec::new();
    for r in &parsed.professional_associations {
        let professional =
            required_id(parsed.professional_keys.id(r.professional), "professional")?;
        let partner = required_id(parsed.partner_keys.id(r.partner), "partner")?;
        let old = before.get(&(r.professional, r.associated_on));
        let old_values = old.map(|p| (p.partner_id, p.removed_on));
        if classify(&mut counts, old_values.as_ref(), &(partner, r.removed_on)) {
            let month = Month::of(r.associated_on);
            queue.add(partner, month);
            // Moving a period to another partner changes the old partner's scores too.
            if let Some(old) = old {
                queue.add(old.partner_id, month);
            }
            let row: Vec<Value> = vec![
                professional.into(),
                partner.into(),
                r.associated_on.into(),
                r.removed_on.into(),
                now.into(),
                now.into(),
            ];
            if r.removed_on.is_some() {
                closed.push(row)
            } else {
                open.push(row)
            }
        }
    }
    let columns = idens([
        C::ProfessionalId,
        C::PartnerId,
        C::AssociatedOn,
        C::RemovedOn,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::columns([C::ProfessionalId, C::AssociatedOn])
        .update_columns([C::PartnerId, C::RemovedOn, C::UpdatedAt])
        .value(C::Version, Expr::col((pa::Entity, C::Version)).add(1))
        .to_owned();
    upsert(txn, pa::Entity, &columns, &on_conflict, closed, meter).await?;
    upsert(txn, pa::Entity, &columns, &on_conflict, open, meter).await?;
    Ok(counts)
}

/// Queues partners for score recomputation; a partner already queued keeps the earlier month.
async fn write_queue(
    txn: &DatabaseTransaction,
    queue: Queue,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use srq::Column as C;
    let mut partners: Vec<(i64, Month)> = queue.from.into_iter().collect();
    partners.sort_unstable();
    let rows: Vec<Vec<Value>> = partners
        .into_iter()
        .map(|(partner, month)| vec![partner.into(), month.first_day().into(), now.into()])
        .collect();
    let columns = idens([C::PartnerId, C::FromMonth, C::QueuedAt]);
    let on_conflict = OnConflict::column(C::PartnerId)
        .value(
            C::FromMonth,
            Expr::cust(
                r#"CASE WHEN "excluded"."from_month" < "score_refresh_queue"."from_month" THEN "excluded"."from_month" ELSE "score_refresh_queue"."from_month" END"#,
            ),
        )
        .update_column(C::QueuedAt)
        .to_owned();
    let mut meter = Meter::start(false, "");
    upsert(txn, srq::Entity, &columns, &on_conflict, rows, &mut meter).await
}

/// How many rows of `columns` columns fit in one statement.
fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMS / columns.max(1)).max(1)
}

/// Inserts rows in multi-row statements of at most [`MAX_PARAMS`] parameters each.
async fn upsert(
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
async fn query_in(
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
async fn select_in(
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

fn idens<C: IntoIden, const N: usize>(columns: [C; N]) -> Vec<DynIden> {
    columns.into_iter().map(IntoIden::into_iden).collect()
}

fn set_id(ids: &mut [Option<i64>], i: u32, id: i64) {
    if let Some(slot) = ids.get_mut(i as usize) {
        *slot = Some(id);
    }
}

/// The stored form of a tenant id: lower-case, hyphenated.
fn tenant_text(t: &Uuid) -> String {
    t.hyphenated().to_string()
}

/// An id the checks guaranteed; its absence means the database changed under the import.
fn required_id(id: Option<i64>, what: &str) -> Result<i64, DbErr> {
    id.ok_or_else(|| {
        DbErr::Custom(format!(
            "a {what} checked by the import is missing from the database"
        ))
    })
}
