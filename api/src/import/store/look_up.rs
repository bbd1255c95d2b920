//! What the database already holds under the natural keys a folder names: the ids of its partners,
//! customers and professionals (filled into the interned keys), their stored values for the
//! comparison, and the stored association periods of its professionals and specialization grants of
//! its partners for the overlap checks; all read in bulk before anything is written.

use std::collections::HashMap;

use chrono::NaiveDate;
use entities::{
    customers, partner_specializations as ps, partners, professional_associations as pa,
    professionals,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query, Value};
use sea_orm::{DatabaseTransaction, DbErr};

use super::super::check::{StoredGrant, StoredPeriod};
use super::super::format::{FileKind, col};
use super::super::rows::{Catalogue, Parsed};
use super::sql::{Wanted, find_ids, select_in};
use crate::domain::{CustomerSegment, SpecializationValidation};

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
    pub(super) segment: Option<CustomerSegment>,
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
    /// Specialization grants of the partners in `partner_specializations.csv`.
    pub grants: Vec<StoredGrant>,
}

/// Finds the partners, customers and professionals the folder names (filling in their ids) and the
/// stored associations of its professionals.
pub(crate) async fn look_up(
    txn: &DatabaseTransaction,
    parsed: &mut Parsed,
    catalogue: &Catalogue,
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
    let columns = [
        Cu::Id,
        Cu::TenantId,
        Cu::Tpid,
        Cu::Name,
        Cu::Country,
        Cu::Segment,
    ];
    let keys = &mut parsed.tenant_keys;
    for (i, row) in find_ids(txn, customers::Entity, columns, keys, Wanted::All).await? {
        let segment: Option<String> = row.try_get_by_index(5)?;
        let segment = segment
            .map(|s| s.parse::<CustomerSegment>())
            .transpose()
            .map_err(|e| DbErr::Custom(format!("stored customer segment {e}")))?;
        let customer = StoredCustomer {
            tpid: row.try_get_by_index(2)?,
            name: row.try_get_by_index(3)?,
            country: row.try_get_by_index(4)?,
            segment,
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
    stored.grants = grants(txn, parsed, catalogue).await?;
    Ok(stored)
}

/// Every stored specialization grant of the file's partners.
async fn grants(
    txn: &DatabaseTransaction,
    parsed: &Parsed,
    catalogue: &Catalogue,
) -> Result<Vec<StoredGrant>, DbErr> {
    let mut partner_index: HashMap<i64, u32> = HashMap::new();
    for r in &parsed.specializations {
        if let Some(id) = parsed.partner_keys.id(r.partner) {
            partner_index.insert(id, r.partner);
        }
    }
    let base = Query::select()
        .columns([
            ps::Column::PartnerId,
            ps::Column::SpecializationCode,
            ps::Column::GrantedOn,
            ps::Column::ExpiresOn,
            ps::Column::Validation,
        ])
        .from(ps::Entity)
        .to_owned();
    let keys: Vec<Value> = partner_index.keys().map(|id| Value::from(*id)).collect();
    let mut grants = Vec::new();
    for row in select_in(txn, &base, (ps::Entity, ps::Column::PartnerId), keys).await? {
        let partner_id: i64 = row.try_get_by_index(0)?;
        let code: String = row.try_get_by_index(1)?;
        let (Some(partner), Some(specialization)) = (
            partner_index.get(&partner_id).copied(),
            catalogue.specialization(&code),
        ) else {
            continue;
        };
        let validation: String = row.try_get_by_index(4)?;
        let validation = validation
            .parse::<SpecializationValidation>()
            .map_err(|e| DbErr::Custom(format!("stored specialization validation {e}")))?;
        grants.push(StoredGrant {
            partner,
            specialization,
            granted_on: row.try_get_by_index(2)?,
            expires_on: row.try_get_by_index(3)?,
            validation,
        });
    }
    Ok(grants)
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
/// Specialization grants keep their stored expiry and validation the same way. Customer associations,
/// usage and certifications get theirs where their stored rows are read, in [`super::write`].
pub(crate) fn keep_uncarried(parsed: &mut Parsed, stored: &Stored) {
    if !parsed.carries(FileKind::Partners, col::partners::ANNIVERSARY_DATE) {
        for r in &mut parsed.partners {
            if let Some(s) = stored.partners.get(&r.partner) {
                r.anniversary_date = s.anniversary_date;
            }
        }
    }
    let keep_tpid = !parsed.carries(FileKind::Customers, col::customers::TPID);
    let keep_segment = !parsed.carries(FileKind::Customers, col::customers::SEGMENT);
    if keep_tpid || keep_segment {
        for r in &mut parsed.customers {
            if let Some(s) = stored.customers.get(&r.tenant) {
                if keep_tpid {
                    r.tpid.clone_from(&s.tpid);
                }
                if keep_segment {
                    r.segment = s.segment;
                }
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
    let kind = FileKind::PartnerSpecializations;
    let keep_expires_on = !parsed.carries(kind, col::partner_specializations::EXPIRES_ON);
    let keep_validation = !parsed.carries(kind, col::partner_specializations::VALIDATION);
    if keep_expires_on || keep_validation {
        let grants: HashMap<(u32, u16, NaiveDate), &StoredGrant> = stored
            .grants
            .iter()
            .map(|g| ((g.partner, g.specialization, g.granted_on), g))
            .collect();
        for r in &mut parsed.specializations {
            if let Some(g) = grants.get(&(r.partner, r.specialization, r.granted_on)) {
                if keep_expires_on {
                    r.expires_on = g.expires_on;
                }
                if keep_validation {
                    r.validation = g.validation;
                }
            }
        }
    }
}
