//! The writes of the files whose rows refer to partners, customers and professionals (customer
//! associations, usage, certifications, professional associations, specialization grants): each reads
//! the stored rows under its keys in bulk, keeps the stored value of every column its file does not
//! carry, upserts what is new or changed, and notes what that changes for the scores.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entities::{
    customer_associations as ca, customer_usage as cu, partner_specializations as ps,
    professional_associations as pa, professional_certifications as pc,
};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, Value};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

use super::super::FileCounts;
use super::super::check::{StoredGrant, StoredPeriod};
use super::super::format::{FileKind, USAGE_FIRST_VALUE, col};
use super::super::progress::Meter;
use super::super::rows::{Catalogue, Parsed, UsageValues};
use super::look_up::Stored;
use super::sql::{idens, query_in, required_id, rows_per_statement, select_in, stored_ids, upsert};
use super::{Queue, classify, earliest};
use crate::domain::{AssociationType, Month};

/// Customers per look-up of stored usage (each has up to a few hundred rows).
const USAGE_CHUNK: usize = 500;

/// Writes the customer associations that are new or whose end changed, queueing their partners.
pub(super) async fn write_customer_associations(
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
    let stored_customers = stored_ids(
        parsed
            .customer_associations
            .iter()
            .filter(|r| stored.customers.contains_key(&r.tenant))
            .map(|r| parsed.tenant_keys.id(r.tenant)),
    );
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
    let mut before: HashMap<Key, Option<NaiveDate>> = HashMap::new();
    for row in select_in(txn, &base, (ca::Entity, C::CustomerId), stored_customers).await? {
        let association_type: String = row.try_get_by_index(2)?;
        let Ok(association_type) = association_type.parse::<AssociationType>() else {
            continue;
        };
        let workload: Option<String> = row.try_get_by_index(3)?;
        let workload = match workload {
            None => None,
            Some(code) => match catalogue.workload(&code) {
                Some(i) => Some(i),
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

/// Writes the usage rows that are new or changed, noting from which month each customer's usage
/// changed.
pub(super) async fn write_usage(
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
    let keys = stored_ids(
        parsed
            .usage
            .iter()
            .filter(|r| stored.customers.contains_key(&r.tenant))
            .map(|r| parsed.tenant_keys.id(r.tenant)),
    );
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
    let mut before: HashMap<(i64, Month, u16), UsageValues> = HashMap::new();
    // A customer has many usage rows: small chunks keep the rows in flight few.
    for chunk in keys.chunks(USAGE_CHUNK) {
        for row in query_in(txn, &base, (cu::Entity, C::CustomerId), chunk).await? {
            let workload: String = row.try_get_by_index(2)?;
            let Some(workload) = catalogue.workload(&workload) else {
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
    let per_statement = rows_per_statement(txn.get_database_backend(), columns.len());
    for chunk in rows.chunks(per_statement) {
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
    Ok(counts)
}

/// Writes the certifications that are new or whose expiry changed, noting from which month each
/// professional's certifications changed.
pub(super) async fn write_certifications(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    stored: &Stored,
    catalogue: &Catalogue,
    now: DateTime<Utc>,
    certifications_changed: &mut HashMap<i64, Month>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use pc::Column as C;
    let stored_professionals = stored_ids(
        parsed
            .certifications
            .iter()
            .filter(|r| stored.professionals.contains_key(&r.professional))
            .map(|r| parsed.professional_keys.id(r.professional)),
    );
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
    for row in select_in(
        txn,
        &base,
        (pc::Entity, C::ProfessionalId),
        stored_professionals,
    )
    .await?
    {
        let code: String = row.try_get_by_index(1)?;
        let Some(certification) = catalogue.certification(&code) else {
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

/// Writes the professional associations that are new or changed, closing rows first, and queues their
/// partners (and the partner a moved period leaves).
pub(super) async fn write_professional_associations(
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

/// Writes the specialization grants that are new or whose expiry or validation changed. A grant
/// earns no points, so no partner is queued: standing reads the grants when it is asked for.
pub(super) async fn write_specializations(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    stored: &Stored,
    catalogue: &Catalogue,
    now: DateTime<Utc>,
    meter: &mut Meter,
) -> Result<FileCounts, DbErr> {
    use ps::Column as C;
    let before: HashMap<(u32, u16, NaiveDate), &StoredGrant> = stored
        .grants
        .iter()
        .map(|g| ((g.partner, g.specialization, g.granted_on), g))
        .collect();
    let mut counts = FileCounts::default();
    let mut rows = Vec::new();
    for r in &parsed.specializations {
        let partner = required_id(parsed.partner_keys.id(r.partner), "partner")?;
        let old = before
            .get(&(r.partner, r.specialization, r.granted_on))
            .map(|g| (g.expires_on, g.validation));
        if classify(&mut counts, old.as_ref(), &(r.expires_on, r.validation)) {
            rows.push(vec![
                partner.into(),
                catalogue.specialization_code(r.specialization).into(),
                r.granted_on.into(),
                r.expires_on.into(),
                r.validation.as_str().into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let columns = idens([
        C::PartnerId,
        C::SpecializationCode,
        C::GrantedOn,
        C::ExpiresOn,
        C::Validation,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::columns([C::PartnerId, C::SpecializationCode, C::GrantedOn])
        .update_columns([C::ExpiresOn, C::Validation, C::UpdatedAt])
        .value(C::Version, Expr::col((ps::Entity, C::Version)).add(1))
        .to_owned();
    upsert(txn, ps::Entity, &columns, &on_conflict, rows, meter).await?;
    Ok(counts)
}
