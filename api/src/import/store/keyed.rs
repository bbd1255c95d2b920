//! The writes of the files whose rows have a natural key of their own (partners, customers,
//! professionals): what is new or changed is upserted, and the ids of the new rows are read back for
//! the files that refer to them.

use chrono::{DateTime, Utc};
use entities::{customers, partners, professionals};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{DatabaseTransaction, DbErr};

use super::super::FileCounts;
use super::super::progress::Meter;
use super::super::rows::Parsed;
use super::classify;
use super::look_up::{Stored, StoredCustomer, StoredPartner, StoredProfessional};
use super::sql::{Wanted, find_ids, idens, tenant_text, upsert};
use crate::domain::CustomerSegment;

/// Writes the partners that are new or changed; then knows the ids of the new ones.
pub(super) async fn write_partners(
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
    let columns = [C::Id, C::PartnerId];
    find_ids(
        txn,
        partners::Entity,
        columns,
        &mut parsed.partner_keys,
        Wanted::NewInFile,
    )
    .await?;
    Ok(counts)
}

/// Writes the customers that are new or changed, noting those whose TPID or segment changed (the
/// grouping of their usage, or the class of their partners, may change for every month); then knows
/// the ids of the new ones.
pub(super) async fn write_customers(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
    stored: &Stored,
    now: DateTime<Utc>,
    regrouped: &mut Vec<i64>,
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
            segment: r.segment,
        };
        let before = stored.customers.get(&r.tenant);
        if classify(&mut counts, before, &new) {
            if let (Some(before), Some(id)) = (before, parsed.tenant_keys.id(r.tenant))
                && (before.tpid != new.tpid || before.segment != new.segment)
            {
                regrouped.push(id);
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
                new.segment.map(CustomerSegment::as_str).into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    regrouped.sort_unstable();
    let columns = idens([
        C::TenantId,
        C::Tpid,
        C::Name,
        C::Country,
        C::Segment,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    let on_conflict = OnConflict::column(C::TenantId)
        .update_columns([C::Tpid, C::Name, C::Country, C::Segment, C::UpdatedAt])
        .to_owned();
    upsert(txn, customers::Entity, &columns, &on_conflict, rows, meter).await?;

    let columns = [C::Id, C::TenantId];
    find_ids(
        txn,
        customers::Entity,
        columns,
        &mut parsed.tenant_keys,
        Wanted::NewInFile,
    )
    .await?;
    Ok(counts)
}

/// Writes the professionals that are new or changed; then knows the ids of the new ones.
pub(super) async fn write_professionals(
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

    let columns = [C::Id, C::ProfessionalId];
    let keys = &mut parsed.professional_keys;
    find_ids(txn, professionals::Entity, columns, keys, Wanted::NewInFile).await?;
    Ok(counts)
}
