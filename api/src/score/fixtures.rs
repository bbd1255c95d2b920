//! Test-only loader of an example folder (`tests/examples/*`) into one [`PartnerData`] per
//! partner. Minimal on purpose: the real importer, with validation, is elsewhere.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{AssociationType, Month};

use super::input::{
    CustomerAssociation, HeldCertification, PartnerData, ProfessionalAssociation, UsageRow,
};

type Rows = Vec<HashMap<String, String>>;

fn read(dir: &Path, file: &str) -> Result<Rows, String> {
    let path = dir.join(file);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut reader =
        csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    reader
        .deserialize::<HashMap<String, String>>()
        .map(|r| r.map_err(|e| format!("{}: {e}", path.display())))
        .collect()
}

fn cell<'r>(row: &'r HashMap<String, String>, col: &str) -> Option<&'r str> {
    row.get(col).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn req<'r>(row: &'r HashMap<String, String>, col: &str) -> Result<&'r str, String> {
    cell(row, col).ok_or_else(|| format!("missing {col} in {row:?}"))
}

fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("{s}: {e}"))
}

fn opt_date(row: &HashMap<String, String>, col: &str) -> Result<Option<NaiveDate>, String> {
    cell(row, col).map(date).transpose()
}

fn count(row: &HashMap<String, String>, col: &str) -> Result<Option<i64>, String> {
    cell(row, col)
        .map(|s| s.parse::<i64>().map_err(|e| format!("{col} {s}: {e}")))
        .transpose()
}

fn cents(row: &HashMap<String, String>, col: &str) -> Result<Option<i64>, String> {
    cell(row, col)
        .map(|s| {
            let d =
                Decimal::from_str(s).map_err(|e| format!("{col} {s}: {e}"))? * Decimal::ONE_HUNDRED;
            i64::try_from(d.trunc()).map_err(|e| format!("{col} {s}: {e}"))
        })
        .transpose()
}

/// Every partner of the folder, by partner id.
pub(crate) fn load(dir: &Path) -> Result<BTreeMap<String, PartnerData>, String> {
    let mut partners: BTreeMap<String, PartnerData> = BTreeMap::new();
    for row in read(dir, "partners.csv")? {
        let id = req(&row, "partner_id")?.to_string();
        partners.insert(
            id.clone(),
            PartnerData {
                partner_id: id,
                ..PartnerData::default()
            },
        );
    }
    let mut tpid: HashMap<String, String> = HashMap::new();
    for row in read(dir, "customers.csv")? {
        let t = req(&row, "tenant_id")?.to_string();
        tpid.insert(t.clone(), cell(&row, "tpid").unwrap_or(&t).to_string());
    }
    let mut tenants_of: HashMap<String, HashSet<String>> = HashMap::new();
    for row in read(dir, "customer_associations.csv")? {
        let p = req(&row, "partner_id")?;
        let t = req(&row, "tenant_id")?.to_string();
        let a = CustomerAssociation {
            tpid: tpid.get(&t).cloned().unwrap_or_else(|| t.clone()),
            association_type: AssociationType::from_str(req(&row, "association_type")?)
                .map_err(|e| e.to_string())?,
            workload: cell(&row, "workload").map(str::to_string),
            start_date: date(req(&row, "start_date")?)?,
            end_date: opt_date(&row, "end_date")?,
            tenant_id: t.clone(),
        };
        tenants_of.entry(p.to_string()).or_default().insert(t);
        partners
            .get_mut(p)
            .ok_or_else(|| format!("unknown partner {p}"))?
            .associations
            .push(a);
    }
    let mut usage: Vec<UsageRow> = Vec::new();
    for row in read(dir, "customer_usage.csv")? {
        usage.push(UsageRow {
            tenant_id: req(&row, "tenant_id")?.to_string(),
            month: Month::from_str(req(&row, "month")?).map_err(|e| e.to_string())?,
            workload: req(&row, "workload")?.to_string(),
            paid_seats: count(&row, "paid_seats")?,
            protected_users: count(&row, "protected_users")?,
            active_users: count(&row, "active_users")?,
            acr_cents: cents(&row, "acr_usd")?,
            revenue_cents: cents(&row, "revenue_usd")?,
            profiles: count(&row, "profiles")?,
        });
    }
    let mut pros_of: HashMap<String, HashSet<String>> = HashMap::new();
    for row in read(dir, "professional_associations.csv")? {
        let p = req(&row, "partner_id")?;
        let id = req(&row, "professional_id")?.to_string();
        pros_of.entry(p.to_string()).or_default().insert(id.clone());
        partners
            .get_mut(p)
            .ok_or_else(|| format!("unknown partner {p}"))?
            .professionals
            .push(ProfessionalAssociation {
                professional_id: id,
                associated_on: date(req(&row, "associated_on")?)?,
                removed_on: opt_date(&row, "removed_on")?,
            });
    }
    let mut certs: Vec<HeldCertification> = Vec::new();
    for row in read(dir, "professional_certifications.csv")? {
        certs.push(HeldCertification {
            professional_id: req(&row, "professional_id")?.to_string(),
            certification: req(&row, "certification")?.to_string(),
            earned_on: date(req(&row, "earned_on")?)?,
            expires_on: opt_date(&row, "expires_on")?,
        });
    }
    for (id, data) in &mut partners {
        let tenants = tenants_of.remove(id).unwrap_or_default();
        data.usage = usage
            .iter()
            .filter(|u| tenants.contains(&u.tenant_id))
            .cloned()
            .collect();
        let pros = pros_of.remove(id).unwrap_or_default();
        data.certifications = certs
            .iter()
            .filter(|c| pros.contains(&c.professional_id))
            .cloned()
            .collect();
    }
    Ok(partners)
}
