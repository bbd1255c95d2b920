//! What reading a folder produces: compact typed rows per file, with partner, tenant and professional
//! ids interned to `u32` indexes of [`Keys`] and workload and certification codes to `u16` indexes of
//! the [`Catalogue`], so that million-row files stay small in memory.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use chrono::NaiveDate;
use uuid::Uuid;

use super::format::FileKind;
use crate::domain::{
    AssociationType, CustomerSegment, Month, SpecializationValidation, WorkloadFamily,
};

/// The workload, certification and specialization codes of the catalogue, as the importer needs them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalogue {
    workload_index: HashMap<Box<str>, u16>,
    /// Workload codes by index.
    pub workloads: Vec<(String, WorkloadFamily)>,
    certification_index: HashMap<Box<str>, u16>,
    /// Certification codes by index.
    pub certifications: Vec<String>,
    specialization_index: HashMap<Box<str>, u16>,
    /// Specialization codes by index.
    pub specializations: Vec<String>,
}

impl Catalogue {
    /// A catalogue of these workloads and certifications (more than 65 536 of either are ignored).
    pub(crate) fn new(
        workloads: Vec<(String, WorkloadFamily)>,
        certifications: Vec<String>,
    ) -> Self {
        let workloads: Vec<_> = workloads.into_iter().take(usize::from(u16::MAX)).collect();
        let certifications: Vec<_> = certifications
            .into_iter()
            .take(usize::from(u16::MAX))
            .collect();
        let workload_index = workloads
            .iter()
            .zip(0u16..)
            .map(|((code, _), i)| (code.as_str().into(), i))
            .collect();
        let certification_index = certifications
            .iter()
            .zip(0u16..)
            .map(|(code, i)| (code.as_str().into(), i))
            .collect();
        Self {
            workload_index,
            workloads,
            certification_index,
            certifications,
            ..Self::default()
        }
    }

    /// The same catalogue, knowing these specialization codes (more than 65 536 are ignored).
    pub(crate) fn with_specializations(mut self, specializations: Vec<String>) -> Self {
        self.specializations = specializations
            .into_iter()
            .take(usize::from(u16::MAX))
            .collect();
        self.specialization_index = self
            .specializations
            .iter()
            .zip(0u16..)
            .map(|(code, i)| (code.as_str().into(), i))
            .collect();
        self
    }

    /// The index of a specialization code.
    pub(crate) fn specialization(&self, code: &str) -> Option<u16> {
        self.specialization_index.get(code).copied()
    }

    /// The code of a specialization index.
    pub(crate) fn specialization_code(&self, i: u16) -> &str {
        self.specializations
            .get(usize::from(i))
            .map_or("", String::as_str)
    }

    /// The index of a workload code.
    pub(crate) fn workload(&self, code: &str) -> Option<u16> {
        self.workload_index.get(code).copied()
    }

    /// The index of a certification code.
    pub(crate) fn certification(&self, code: &str) -> Option<u16> {
        self.certification_index.get(code).copied()
    }

    /// The code of a workload index.
    pub(crate) fn workload_code(&self, i: u16) -> &str {
        self.workloads
            .get(usize::from(i))
            .map_or("", |(code, _)| code.as_str())
    }

    /// The code of a certification index.
    pub(crate) fn certification_code(&self, i: u16) -> &str {
        self.certifications
            .get(usize::from(i))
            .map_or("", String::as_str)
    }
}

/// Interned keys of one kind (partner ids, tenant ids, professional ids), from every file that names
/// them; the database ids are filled in later.
#[derive(Debug)]
pub(crate) struct Keys<K> {
    index: HashMap<K, u32>,
    /// The keys by index.
    pub keys: Vec<K>,
    /// Whether the key's own file (partners.csv, ...) has a row for it, even an invalid one.
    pub in_file: Vec<bool>,
    /// The database id, once known.
    pub ids: Vec<Option<i64>>,
}

impl<K: Hash + Eq + Clone> Default for Keys<K> {
    fn default() -> Self {
        Self {
            index: HashMap::new(),
            keys: Vec::new(),
            in_file: Vec::new(),
            ids: Vec::new(),
        }
    }
}

impl<K: Hash + Eq + Clone> Keys<K> {
    /// The index of a key, adding it when new.
    pub(crate) fn intern(&mut self, key: K) -> u32 {
        match self.index.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let i = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
                self.keys.push(e.key().clone());
                self.in_file.push(false);
                self.ids.push(None);
                e.insert(i);
                i
            }
        }
    }

    /// The index of a key already interned.
    pub(crate) fn get(&self, key: &K) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// Whether the key is in its own file or in the database.
    pub(crate) fn exists(&self, i: u32) -> bool {
        let i = i as usize;
        self.in_file.get(i).copied().unwrap_or(false)
            || self.ids.get(i).copied().flatten().is_some()
    }

    /// The database id of a key (known after lookup or insert).
    pub(crate) fn id(&self, i: u32) -> Option<i64> {
        self.ids.get(i as usize).copied().flatten()
    }

    /// The key of an index.
    pub(crate) fn key(&self, i: u32) -> Option<&K> {
        self.keys.get(i as usize)
    }

    /// How many keys there are.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// A row of `partners.csv`.
#[derive(Debug, Clone)]
pub(crate) struct PartnerRow {
    pub partner: u32,
    pub name: String,
    pub country: String,
    pub anniversary_date: Option<NaiveDate>,
}

/// A row of `customers.csv`.
#[derive(Debug, Clone)]
pub(crate) struct CustomerRow {
    pub tenant: u32,
    pub tpid: Option<String>,
    pub name: String,
    pub country: String,
    pub segment: Option<CustomerSegment>,
}

/// A row of `customer_associations.csv`.
#[derive(Debug, Clone)]
pub(crate) struct CustomerAssociationRow {
    pub line: u64,
    pub partner: u32,
    pub tenant: u32,
    pub association_type: AssociationType,
    pub workload: Option<u16>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// The six value columns of a usage row; `-1` marks an empty cell (every value is `>= 0`), which keeps
/// a row at 64 bytes for million-row files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UsageValues([i64; 6]);

impl UsageValues {
    /// Every value empty.
    pub(crate) const EMPTY: UsageValues = UsageValues([-1; 6]);

    /// From the stored form.
    pub(crate) fn from_options(values: [Option<i64>; 6]) -> Self {
        Self(values.map(|v| v.filter(|v| *v >= 0).unwrap_or(-1)))
    }

    /// Value `i` (0 = paid_seats ... 5 = profiles).
    #[cfg(test)]
    pub(crate) fn get(self, i: usize) -> Option<i64> {
        self.0.get(i).copied().filter(|v| *v >= 0)
    }

    /// Every value, in column order.
    pub(crate) fn to_options(self) -> [Option<i64>; 6] {
        self.0.map(|v| (v >= 0).then_some(v))
    }

    /// These values, with the stored value in every column the file does not carry.
    pub(crate) fn keeping(self, stored: UsageValues, carried: [bool; 6]) -> UsageValues {
        let mut out = self;
        for (i, carried) in carried.into_iter().enumerate() {
            if !carried && let (Some(slot), Some(v)) = (out.0.get_mut(i), stored.0.get(i)) {
                *slot = *v;
            }
        }
        out
    }

    /// Sets value `i`.
    pub(crate) fn set(&mut self, i: usize, v: i64) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = v;
        }
    }
}

/// A row of `customer_usage.csv`.
#[derive(Debug, Clone)]
pub(crate) struct UsageRow {
    pub line: u64,
    pub tenant: u32,
    pub month: Month,
    pub workload: u16,
    pub values: UsageValues,
}

/// A row of `professionals.csv`.
#[derive(Debug, Clone)]
pub(crate) struct ProfessionalRow {
    pub professional: u32,
    pub name: String,
    pub email: Option<String>,
}

/// A row of `professional_certifications.csv`.
#[derive(Debug, Clone)]
pub(crate) struct CertificationRow {
    pub line: u64,
    pub professional: u32,
    pub certification: u16,
    pub earned_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
}

/// A row of `professional_associations.csv`.
#[derive(Debug, Clone)]
pub(crate) struct ProfessionalAssociationRow {
    pub line: u64,
    pub professional: u32,
    pub partner: u32,
    pub associated_on: NaiveDate,
    pub removed_on: Option<NaiveDate>,
}

/// A row of `partner_specializations.csv`.
#[derive(Debug, Clone)]
pub(crate) struct SpecializationRow {
    pub line: u64,
    pub partner: u32,
    pub specialization: u16,
    pub granted_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub validation: SpecializationValidation,
}

/// Which kind of key a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Partner,
    Tenant,
    Professional,
}

/// A reference from a row that is otherwise invalid (valid rows carry their references themselves);
/// it is still checked, so every problem of the row is reported at once.
#[derive(Debug, Clone)]
pub(crate) struct LooseRef {
    pub file: FileKind,
    pub line: u64,
    pub column: usize,
    pub target: Target,
    pub key: u32,
}

/// Everything read from a folder.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The files found, in load order.
    pub present: Vec<FileKind>,
    /// Files whose rows could not be read at all (a required column is missing): references to
    /// their keys cannot be checked and are not reported.
    pub unreadable: Vec<FileKind>,
    /// The columns each readable file carries, by index of its [`FileKind::columns`]. A column a file
    /// does not carry gives its new rows no value and leaves the stored value of existing rows as it is.
    pub carried: Vec<(FileKind, Vec<bool>)>,
    pub partner_keys: Keys<String>,
    pub tenant_keys: Keys<Uuid>,
    pub professional_keys: Keys<String>,
    pub partners: Vec<PartnerRow>,
    pub customers: Vec<CustomerRow>,
    pub customer_associations: Vec<CustomerAssociationRow>,
    pub usage: Vec<UsageRow>,
    pub professionals: Vec<ProfessionalRow>,
    pub certifications: Vec<CertificationRow>,
    pub professional_associations: Vec<ProfessionalAssociationRow>,
    pub specializations: Vec<SpecializationRow>,
    pub loose_refs: Vec<LooseRef>,
}

impl Parsed {
    /// Whether the file of `kind` has the column `column` in its header (a file not read carries
    /// every column: there is nothing of it to keep unchanged).
    pub(crate) fn carries(&self, kind: FileKind, column: usize) -> bool {
        self.carried
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, carried)| carried.get(column).copied())
            .unwrap_or(true)
    }
}
