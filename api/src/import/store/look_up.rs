//! What the database already holds under the natural keys a folder names: the ids of its partners,
//! customers and professionals (filled into the interned keys), their stored values for the
//! comparison, and the stored association periods of its professionals for the overlap check; all
//! read in bulk before anything is written.

use std::collections::HashMap;

use chrono::NaiveDate;
use entities::{customers, partners, professional_associations as pa, professionals};
use sea_orm::sea_query::{Expr, ExprTrait, Query, Value};
use sea_orm::{DatabaseTransaction, DbErr};

use super::super::check::StoredPeriod;
use super::super::format::{FileKind, col};
use super::super::rows::Parsed;
use super::sql::{Wanted, find_ids, select_in};

/// A partner's stored values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoredPartner {
    pub(super) name: String,
    pub(super) country: String,
    pub(super) anniversary_date: Option<NaiveDate>,
}

/// A customer's stored values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoredCustomer {
    pub(super) tpid: Option<String>,
    pub(super) name: String,
    pub(super) country: String,
}

/// A professional's stored values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoredProfessional {
    pub(super) name: String,
    pub(super) email: Option<String>,
}

/// The stored rows the checks and the comparison need, found before anything is written.
#[derive(Debug, Default)]
pub(crate) struct Stored {
    /// By partner key index.
    pub(super) partners: HashMap<u32, StoredPartner>,
    /// By tenant key index.
    pub(super) customers: HashMap<u32, StoredCustomer>,
    /// By professional key index.
    pub(super) professionals: HashMap<u32, StoredProfessional>,
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

    use customers::Column as Cu;
    use partners::Column as Pa;
    use professionals::Column as Pr;
    let columns = [
        Pa::Id,
        Pa::PartnerId,
        Pa::Name,
        Pa::Country,
        Pa::AnniversaryDate,
    ];
    let keys = &mut parsed.partner_keys;
    for (i, row) in find_ids(txn, partners::Entity, columns, keys, Wanted::All).await? {
        let partner = StoredPartner {
            name: row.try_get_by_index(2)?,
            country: row.try_get_by_index(3)?,
            anniversary_date: row.try_get_by_index(4)?,
        };
        stored.partners.insert(i, partner);
    }
    let columns = [Cu::Id, Cu::TenantId, Cu::Tpid, Cu::Name, Cu::Country];
    let keys = &mut parsed.tenant_keys;
    for (i, row) in find_ids(txn, customers::Entity, columns, keys, Wanted::All).await? {
        let customer = StoredCustomer {
            tpid: row.try_get_by_index(2)?,
            name: row.try_get_by_index(3)?,
            country: row.try_get_by_index(4)?,
        };
        stored.customers.insert(i, customer);
    }
    let columns = [Pr::Id, Pr::ProfessionalId, Pr::Name, Pr::Email];
    let keys = &mut parsed.professional_keys;
    for (i, row) in find_ids(txn, professionals::Entity, columns, keys, Wanted::All).await? {
        let professional = StoredProfessional {
            name: row.try_get_by_index(2)?,
            email: row.try_get_by_index(3)?,
        };
        stored.professionals.insert(i, professional);
    }
    stored.periods = periods(txn, parsed).await?;
    Ok(stored)
}

/// Every stored period of the file's professionals, for the overlap check and the comparison.
async fn periods(txn: &DatabaseTransaction, parsed: &Parsed) -> Result<Vec<StoredPeriod>, DbErr> {
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
    let mut periods = Vec::new();
    for row in select_in(txn, &base, (pa::Entity, pa::Column::ProfessionalId), keys).await? {
        let professional_id: i64 = row.try_get_by_index(0)?;
        let Some(professional) = professional_index.get(&professional_id).copied() else {
            continue;
        };
        periods.push(StoredPeriod {
            professional,
            partner_id: row.try_get_by_index(1)?,
            partner: row.try_get_by_index(2)?,
            associated_on: row.try_get_by_index(3)?,
            removed_on: row.try_get_by_index(4)?,
        });
    }
    Ok(periods)
}

/// Gives the rows of existing partners, customers, professionals and professional associations the
/// stored value of every column their file does not carry, so the comparison, the overlap check and
/// the write see the row as it will be stored (a file never clears a value through a column it lacks).
/// Customer associations, usage and certifications get theirs where their stored rows are read, in
/// [`super::write`].
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
