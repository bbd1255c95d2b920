//! The import files: their names, columns and load order, and the reading of one file into compact
//! typed rows. Everything a row can be checked for on its own (types, ranges, catalogue codes, the
//! columns a workload family uses, date order) and within its file (duplicate keys) is checked here;
//! references to other files and to the database are checked later, in [`super::check`].
//!
//! Reading parses the file's bytes with one reused `csv::ByteRecord` and keeps only compact rows: tenant ids, partner ids and professional ids are interned to `u32` indexes of [`Keys`],
//! workload and certification codes to `u16` indexes of the [`Catalogue`].

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use chrono::NaiveDate;
use csv::ByteRecord;
use uuid::Uuid;

use super::parse;
use super::problems::Problems;
use super::progress::Meter;
use crate::domain::{AssociationType, Month, WorkloadFamily};

/// One of the import files, in load order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FileKind {
    Partners,
    Customers,
    CustomerAssociations,
    CustomerUsage,
    Professionals,
    ProfessionalCertifications,
    ProfessionalAssociations,
}

/// A column of an import file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The header text.
    pub name: &'static str,
    /// Whether the header must be present (its cells may still be optional, like `workload`).
    pub required: bool,
}

const fn req(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

const fn opt(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

impl FileKind {
    /// Every file, in the order they are loaded.
    pub(crate) const ALL: [FileKind; 7] = [
        FileKind::Partners,
        FileKind::Customers,
        FileKind::CustomerAssociations,
        FileKind::CustomerUsage,
        FileKind::Professionals,
        FileKind::ProfessionalCertifications,
        FileKind::ProfessionalAssociations,
    ];

    /// The kind of a file of the folder, by its exact name.
    pub(crate) fn from_file_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.file_name() == name)
    }

    /// The file's name in the folder.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            FileKind::Partners => "partners.csv",
            FileKind::Customers => "customers.csv",
            FileKind::CustomerAssociations => "customer_associations.csv",
            FileKind::CustomerUsage => "customer_usage.csv",
            FileKind::Professionals => "professionals.csv",
            FileKind::ProfessionalCertifications => "professional_certifications.csv",
            FileKind::ProfessionalAssociations => "professional_associations.csv",
        }
    }

    /// The columns the file may have; the indexes are the `col::*` constants.
    pub(crate) fn columns(self) -> &'static [Column] {
        const PARTNERS: &[Column] = &[
            req("partner_id"),
            req("name"),
            req("country"),
            opt("anniversary_date"),
        ];
        const CUSTOMERS: &[Column] = &[req("tenant_id"), opt("tpid"), req("name"), req("country")];
        // An absent `workload` column means every row is for all workloads, as an empty cell does.
        const CUSTOMER_ASSOCIATIONS: &[Column] = &[
            req("partner_id"),
            req("tenant_id"),
            req("association_type"),
            opt("workload"),
            req("start_date"),
            opt("end_date"),
        ];
        const CUSTOMER_USAGE: &[Column] = &[
            req("tenant_id"),
            req("month"),
            req("workload"),
            opt("paid_seats"),
            opt("protected_users"),
            opt("active_users"),
            opt("acr_usd"),
            opt("revenue_usd"),
            opt("profiles"),
        ];
        const PROFESSIONALS: &[Column] = &[req("professional_id"), req("name"), opt("email")];
        const PROFESSIONAL_CERTIFICATIONS: &[Column] = &[
            req("professional_id"),
            req("certification"),
            req("earned_on"),
            opt("expires_on"),
        ];
        const PROFESSIONAL_ASSOCIATIONS: &[Column] = &[
            req("professional_id"),
            req("partner_id"),
            req("associated_on"),
            opt("removed_on"),
        ];
        match self {
            FileKind::Partners => PARTNERS,
            FileKind::Customers => CUSTOMERS,
            FileKind::CustomerAssociations => CUSTOMER_ASSOCIATIONS,
            FileKind::CustomerUsage => CUSTOMER_USAGE,
            FileKind::Professionals => PROFESSIONALS,
            FileKind::ProfessionalCertifications => PROFESSIONAL_CERTIFICATIONS,
            FileKind::ProfessionalAssociations => PROFESSIONAL_ASSOCIATIONS,
        }
    }
}

/// Column indexes of each file (positions in [`FileKind::columns`]).
pub(crate) mod col {
    pub(crate) mod partners {
        pub(crate) const PARTNER_ID: usize = 0;
        pub(crate) const NAME: usize = 1;
        pub(crate) const COUNTRY: usize = 2;
        pub(crate) const ANNIVERSARY_DATE: usize = 3;
    }
    pub(crate) mod customers {
        pub(crate) const TENANT_ID: usize = 0;
        pub(crate) const TPID: usize = 1;
        pub(crate) const NAME: usize = 2;
        pub(crate) const COUNTRY: usize = 3;
    }
    pub(crate) mod customer_associations {
        pub(crate) const PARTNER_ID: usize = 0;
        pub(crate) const TENANT_ID: usize = 1;
        pub(crate) const ASSOCIATION_TYPE: usize = 2;
        pub(crate) const WORKLOAD: usize = 3;
        pub(crate) const START_DATE: usize = 4;
        pub(crate) const END_DATE: usize = 5;
    }
    pub(crate) mod customer_usage {
        pub(crate) const TENANT_ID: usize = 0;
        pub(crate) const MONTH: usize = 1;
        pub(crate) const WORKLOAD: usize = 2;
        /// The first of the six value columns; value `i` is column `FIRST_VALUE + i`.
        pub(crate) const FIRST_VALUE: usize = 3;
    }
    pub(crate) mod professionals {
        pub(crate) const PROFESSIONAL_ID: usize = 0;
        pub(crate) const NAME: usize = 1;
        pub(crate) const EMAIL: usize = 2;
    }
    pub(crate) mod professional_certifications {
        pub(crate) const PROFESSIONAL_ID: usize = 0;
        pub(crate) const CERTIFICATION: usize = 1;
        pub(crate) const EARNED_ON: usize = 2;
        pub(crate) const EXPIRES_ON: usize = 3;
    }
    pub(crate) mod professional_associations {
        pub(crate) const PROFESSIONAL_ID: usize = 0;
        pub(crate) const PARTNER_ID: usize = 1;
        pub(crate) const ASSOCIATED_ON: usize = 2;
        pub(crate) const REMOVED_ON: usize = 3;
    }
}

/// The workload and certification codes of the catalogue, as the importer needs them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalogue {
    workload_index: HashMap<Box<str>, u16>,
    /// Workload codes by index.
    pub workloads: Vec<(String, WorkloadFamily)>,
    certification_index: HashMap<Box<str>, u16>,
    /// Certification codes by index.
    pub certifications: Vec<String>,
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
        }
    }

    fn workload(&self, code: &str) -> Option<u16> {
        self.workload_index.get(code).copied()
    }

    fn certification(&self, code: &str) -> Option<u16> {
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

    fn set(&mut self, i: usize, v: i64) {
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
    pub loose_refs: Vec<LooseRef>,
}

impl Parsed {
    /// Reads one file into the rows of its kind, adding its problems.
    pub(crate) fn read(
        &mut self,
        kind: FileKind,
        input: &[u8],
        catalogue: &Catalogue,
        problems: &mut Problems,
        progress: bool,
    ) {
        self.present.push(kind);
        let mut meter = Meter::start(progress, format!("reading {}", kind.file_name()));
        let readable = match kind {
            FileKind::Partners => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.partner_row(row, &mut dups)
                })
            }
            FileKind::Customers => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.customer_row(row, &mut dups)
                })
            }
            FileKind::CustomerAssociations => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.customer_association_row(row, catalogue, &mut dups)
                })
            }
            FileKind::CustomerUsage => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.usage_row(row, catalogue, &mut dups)
                })
            }
            FileKind::Professionals => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.professional_row(row, &mut dups)
                })
            }
            FileKind::ProfessionalCertifications => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.certification_row(row, catalogue, &mut dups)
                })
            }
            FileKind::ProfessionalAssociations => {
                let mut dups = Dups::default();
                each_row(kind, input, problems, &mut meter, |row| {
                    self.professional_association_row(row, &mut dups)
                })
            }
        };
        meter.finish();
        match readable {
            Some(carried) => self.carried.push((kind, carried)),
            None => self.unreadable.push(kind),
        }
    }

    /// Whether the file of `kind` has the column `column` in its header (a file not read carries
    /// every column: there is nothing of it to keep unchanged).
    pub(crate) fn carries(&self, kind: FileKind, column: usize) -> bool {
        self.carried
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, carried)| carried.get(column).copied())
            .unwrap_or(true)
    }

    fn partner_row(&mut self, row: &mut Row<'_>, dups: &mut Dups<u32>) {
        use col::partners::*;
        let key = row.required(PARTNER_ID, parse::identifier);
        let name = row.required(NAME, |s| Ok(s.to_string()));
        let country = row.required(COUNTRY, parse::country);
        let anniversary_date = row.optional(ANNIVERSARY_DATE, parse::date);
        let Some(key) = key else { return };
        let partner = self.partner_keys.intern(key);
        mark_in_file(&mut self.partner_keys.in_file, partner);
        dups.check(partner, row, PARTNER_ID, || {
            self.partner_keys
                .key(partner)
                .map(|k| format!("partner_id {k:?}"))
        });
        if let (true, Some(name), Some(country), Some(anniversary_date)) =
            (row.ok, name, country, anniversary_date)
        {
            self.partners.push(PartnerRow {
                partner,
                name,
                country,
                anniversary_date,
            });
        }
    }

    fn customer_row(&mut self, row: &mut Row<'_>, dups: &mut Dups<u32>) {
        use col::customers::*;
        let tenant = row.required(TENANT_ID, parse::tenant_id);
        let tpid = row.optional(TPID, |s| Ok(s.to_string()));
        let name = row.required(NAME, |s| Ok(s.to_string()));
        let country = row.required(COUNTRY, parse::country);
        let Some(tenant) = tenant else { return };
        let tenant = self.tenant_keys.intern(tenant);
        mark_in_file(&mut self.tenant_keys.in_file, tenant);
        dups.check(tenant, row, TENANT_ID, || {
            self.tenant_keys
                .key(tenant)
                .map(|k| format!("tenant_id \"{k}\""))
        });
        if let (true, Some(tpid), Some(name), Some(country)) = (row.ok, tpid, name, country) {
            self.customers.push(CustomerRow {
                tenant,
                tpid,
                name,
                country,
            });
        }
    }

    fn customer_association_row(
        &mut self,
        row: &mut Row<'_>,
        catalogue: &Catalogue,
        dups: &mut Dups<CustomerAssociationKey>,
    ) {
        use col::customer_associations::*;
        let kind = FileKind::CustomerAssociations;
        let partner = row.required(PARTNER_ID, |s| Ok(self.partner_keys.intern(s.to_string())));
        let tenant = row
            .required(TENANT_ID, parse::tenant_id)
            .map(|t| self.tenant_keys.intern(t));
        let association_type = row.required(ASSOCIATION_TYPE, parse::association_type);
        let workload = row.optional(WORKLOAD, |s| workload(catalogue, s));
        let start_date = row.required(START_DATE, parse::date);
        let end_date = row.optional(END_DATE, parse::date);
        if let (Some(start), Some(Some(end))) = (start_date, end_date)
            && end < start
        {
            row.problem(
                END_DATE,
                format!("must be on or after start_date {start}, got \"{end}\""),
            );
        }
        if let (Some(p), Some(t), Some(a), Some(w), Some(s)) =
            (partner, tenant, association_type, workload, start_date)
        {
            let key = (p, t, a, w, s);
            dups.check(key, row, PARTNER_ID, || {
                Some(format!(
                    "partner_id {:?}, tenant_id \"{}\", association_type {}, workload {:?}, start_date {}",
                    self.partner_keys.key(p)?,
                    self.tenant_keys.key(t)?,
                    a,
                    w.map_or("", |w| catalogue.workload_code(w)),
                    s
                ))
            });
        }
        match (
            row.ok,
            partner,
            tenant,
            association_type,
            workload,
            start_date,
            end_date,
        ) {
            (
                true,
                Some(partner),
                Some(tenant),
                Some(association_type),
                Some(workload),
                Some(start_date),
                Some(end_date),
            ) => {
                self.customer_associations.push(CustomerAssociationRow {
                    line: row.line,
                    partner,
                    tenant,
                    association_type,
                    workload,
                    start_date,
                    end_date,
                });
            }
            _ => {
                self.loose(kind, row.line, PARTNER_ID, Target::Partner, partner);
                self.loose(kind, row.line, TENANT_ID, Target::Tenant, tenant);
            }
        }
    }

    fn usage_row(
        &mut self,
        row: &mut Row<'_>,
        catalogue: &Catalogue,
        dups: &mut Dups<(u32, Month, u16)>,
    ) {
        use col::customer_usage::*;
        let tenant = row
            .required(TENANT_ID, parse::tenant_id)
            .map(|t| self.tenant_keys.intern(t));
        let month = row.required(MONTH, parse::month);
        let workload = row.required(WORKLOAD, |s| workload(catalogue, s));
        let family = workload.and_then(|w| catalogue.workloads.get(usize::from(w)));
        let mut values = UsageValues::EMPTY;
        for i in 0..6 {
            let column = FIRST_VALUE + i;
            // acr_usd and revenue_usd are money, the rest counts.
            let parsed = if i == 3 || i == 4 {
                row.optional(column, parse::money_cents)
            } else {
                row.optional(column, parse::count)
            };
            if let Some(Some(v)) = parsed {
                values.set(i, v);
                if let Some((code, family)) = family
                    && let Err(message) = value_allowed(i, code, *family)
                {
                    let got = row.text(column).unwrap_or_default();
                    row.problem(
                        column,
                        format!("{message}, got {got:?} for workload {code} ({family})"),
                    );
                }
            }
        }
        if let (Some(t), Some(m), Some(w)) = (tenant, month, workload) {
            dups.check((t, m, w), row, TENANT_ID, || {
                Some(format!(
                    "tenant_id \"{}\", month {m}, workload {}",
                    self.tenant_keys.key(t)?,
                    catalogue.workload_code(w)
                ))
            });
        }
        match (row.ok, tenant, month, workload) {
            (true, Some(tenant), Some(month), Some(workload)) => {
                self.usage.push(UsageRow {
                    line: row.line,
                    tenant,
                    month,
                    workload,
                    values,
                });
            }
            _ => self.loose(
                FileKind::CustomerUsage,
                row.line,
                TENANT_ID,
                Target::Tenant,
                tenant,
            ),
        }
    }

    fn professional_row(&mut self, row: &mut Row<'_>, dups: &mut Dups<u32>) {
        use col::professionals::*;
        let key = row.required(PROFESSIONAL_ID, parse::professional_id);
        let name = row.required(NAME, |s| Ok(s.to_string()));
        let email = row.optional(EMAIL, parse::email);
        let Some(key) = key else { return };
        let professional = self.professional_keys.intern(key);
        mark_in_file(&mut self.professional_keys.in_file, professional);
        dups.check(professional, row, PROFESSIONAL_ID, || {
            self.professional_keys
                .key(professional)
                .map(|k| format!("professional_id {k:?}"))
        });
        if let (true, Some(name), Some(email)) = (row.ok, name, email) {
            self.professionals.push(ProfessionalRow {
                professional,
                name,
                email,
            });
        }
    }

    fn certification_row(
        &mut self,
        row: &mut Row<'_>,
        catalogue: &Catalogue,
        dups: &mut Dups<(u32, u16, NaiveDate)>,
    ) {
        use col::professional_certifications::*;
        let professional = row.required(PROFESSIONAL_ID, |s| {
            Ok(self.professional_keys.intern(s.to_string()))
        });
        let certification = row.required(CERTIFICATION, |s| {
            catalogue
                .certification(s)
                .ok_or_else(|| format!("unknown certification {s:?} (not in the catalogue)"))
        });
        let earned_on = row.required(EARNED_ON, parse::date);
        let expires_on = row.optional(EXPIRES_ON, parse::date);
        if let (Some(earned), Some(Some(expires))) = (earned_on, expires_on)
            && expires < earned
        {
            row.problem(
                EXPIRES_ON,
                format!("must be on or after earned_on {earned}, got \"{expires}\""),
            );
        }
        if let (Some(p), Some(c), Some(e)) = (professional, certification, earned_on) {
            dups.check((p, c, e), row, PROFESSIONAL_ID, || {
                Some(format!(
                    "professional_id {:?}, certification {}, earned_on {e}",
                    self.professional_keys.key(p)?,
                    catalogue.certification_code(c)
                ))
            });
        }
        match (row.ok, professional, certification, earned_on, expires_on) {
            (true, Some(professional), Some(certification), Some(earned_on), Some(expires_on)) => {
                self.certifications.push(CertificationRow {
                    line: row.line,
                    professional,
                    certification,
                    earned_on,
                    expires_on,
                });
            }
            _ => self.loose(
                FileKind::ProfessionalCertifications,
                row.line,
                PROFESSIONAL_ID,
                Target::Professional,
                professional,
            ),
        }
    }

    fn professional_association_row(
        &mut self,
        row: &mut Row<'_>,
        dups: &mut Dups<(u32, NaiveDate)>,
    ) {
        use col::professional_associations::*;
        let professional = row.required(PROFESSIONAL_ID, |s| {
            Ok(self.professional_keys.intern(s.to_string()))
        });
        let partner = row.required(PARTNER_ID, |s| Ok(self.partner_keys.intern(s.to_string())));
        let associated_on = row.required(ASSOCIATED_ON, parse::date);
        let removed_on = row.optional(REMOVED_ON, parse::date);
        if let (Some(from), Some(Some(to))) = (associated_on, removed_on)
            && to < from
        {
            row.problem(
                REMOVED_ON,
                format!("must be on or after associated_on {from}, got \"{to}\""),
            );
        }
        if let (Some(p), Some(a)) = (professional, associated_on) {
            dups.check((p, a), row, PROFESSIONAL_ID, || {
                Some(format!(
                    "professional_id {:?}, associated_on {a}",
                    self.professional_keys.key(p)?
                ))
            });
        }
        match (row.ok, professional, partner, associated_on, removed_on) {
            (true, Some(professional), Some(partner), Some(associated_on), Some(removed_on)) => {
                self.professional_associations
                    .push(ProfessionalAssociationRow {
                        line: row.line,
                        professional,
                        partner,
                        associated_on,
                        removed_on,
                    });
            }
            _ => {
                let kind = FileKind::ProfessionalAssociations;
                self.loose(
                    kind,
                    row.line,
                    PROFESSIONAL_ID,
                    Target::Professional,
                    professional,
                );
                self.loose(kind, row.line, PARTNER_ID, Target::Partner, partner);
            }
        }
    }

    fn loose(
        &mut self,
        file: FileKind,
        line: u64,
        column: usize,
        target: Target,
        key: Option<u32>,
    ) {
        if let Some(key) = key {
            self.loose_refs.push(LooseRef {
                file,
                line,
                column,
                target,
                key,
            });
        }
    }
}

/// The natural key of a customer association: partner, tenant, type, workload (`None` = all), start.
pub(crate) type CustomerAssociationKey = (u32, u32, AssociationType, Option<u16>, NaiveDate);

fn mark_in_file(in_file: &mut [bool], i: u32) {
    if let Some(slot) = in_file.get_mut(i as usize) {
        *slot = true;
    }
}

fn workload(catalogue: &Catalogue, code: &str) -> Result<u16, String> {
    catalogue
        .workload(code)
        .ok_or_else(|| format!("unknown workload {code:?} (not in the catalogue)"))
}

/// Whether usage value `i` (0 = paid_seats ... 5 = profiles) has a meaning for a workload
/// (`scoring-2023-designations.md` section 5); the message says where it belongs when it has none.
pub(crate) fn value_allowed(
    i: usize,
    code: &str,
    family: WorkloadFamily,
) -> Result<(), &'static str> {
    use WorkloadFamily::*;
    match (i, family) {
        (0 | 1, M365) | (2, M365 | BizApps) | (3, Azure) | (4, BizApps) => Ok(()),
        (5, BizApps) if code == "D365_CUSTOMER_INSIGHTS" => Ok(()),
        (0 | 1, _) => Err("only for Microsoft 365 workloads"),
        (2, _) => Err("only for Microsoft 365 and Business Applications workloads"),
        (3, _) => Err("only for Azure workloads"),
        (5, BizApps) => Err("only for the Business Applications workload D365_CUSTOMER_INSIGHTS"),
        _ => Err("only for Business Applications workloads"),
    }
}

/// Duplicate natural keys within one file: the second and later rows name the first, and the first
/// names the second, so both lines are reported.
struct Dups<K> {
    first: HashMap<K, (u64, bool)>,
}

impl<K> Default for Dups<K> {
    fn default() -> Self {
        Self {
            first: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> Dups<K> {
    fn check(
        &mut self,
        key: K,
        row: &mut Row<'_>,
        column: usize,
        describe: impl FnOnce() -> Option<String>,
    ) {
        match self.first.entry(key) {
            Entry::Vacant(e) => {
                e.insert((row.line, false));
            }
            Entry::Occupied(mut e) => {
                let (first, reported) = *e.get();
                let what = describe().unwrap_or_default();
                row.problem(
                    column,
                    format!("duplicate row: {what} is also on line {first}"),
                );
                if !reported {
                    row.problems.push(
                        row.kind,
                        first,
                        column,
                        format!("duplicate row: {what} is also on line {}", row.line),
                    );
                    e.get_mut().1 = true;
                }
            }
        }
    }
}

/// One data row being read: its cells by column, and the problems found so far.
pub(crate) struct Row<'a> {
    kind: FileKind,
    /// The physical line the row starts on.
    pub line: u64,
    record: &'a ByteRecord,
    /// Record field of each column, `None` when the file has no such column.
    fields: &'a [Option<usize>],
    problems: &'a mut Problems,
    /// No problem in this row so far.
    pub ok: bool,
}

impl<'a> Row<'a> {
    /// The text of a cell without its surrounding spaces; `None` when empty, absent, not UTF-8 or
    /// holding a NUL character (the last two are reported). Only spaces are trimmed: a tab or any
    /// other character is part of the value, as the file wrote it.
    fn text(&mut self, column: usize) -> Option<&'a str> {
        let record: &'a ByteRecord = self.record;
        let field = self.fields.get(column).copied().flatten()?;
        let bytes = record.get(field)?;
        match cell_problem(bytes) {
            None => std::str::from_utf8(bytes)
                .ok()
                .map(|s| s.trim_matches(' '))
                .filter(|s| !s.is_empty()),
            Some(message) => {
                self.problem(column, message);
                None
            }
        }
    }

    /// An optional cell: `Some(None)` when empty, `Some(Some(v))` when valid, `None` when invalid.
    fn optional<T>(
        &mut self,
        column: usize,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        match self.text(column) {
            None if self.is_bad_cell(column) => None,
            None => Some(None),
            Some(s) => match parse(s) {
                Ok(v) => Some(Some(v)),
                Err(message) => {
                    self.problem(column, message);
                    None
                }
            },
        }
    }

    /// A required cell: `Some(v)` when present and valid, else `None` (and the problem is reported).
    fn required<T>(
        &mut self,
        column: usize,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match self.text(column) {
            None => {
                if !self.is_bad_cell(column) {
                    self.problem(column, "is required, got an empty value".to_string());
                }
                None
            }
            Some(s) => match parse(s) {
                Ok(v) => Some(v),
                Err(message) => {
                    self.problem(column, message);
                    None
                }
            },
        }
    }

    /// Whether the cell is one [`Row::text`] refused (not UTF-8, or a NUL character).
    fn is_bad_cell(&self, column: usize) -> bool {
        self.fields
            .get(column)
            .copied()
            .flatten()
            .and_then(|f| self.record.get(f))
            .is_some_and(|b| cell_problem(b).is_some())
    }

    /// Reports a problem with a cell of this row.
    fn problem(&mut self, column: usize, message: String) {
        self.ok = false;
        self.problems.push(self.kind, self.line, column, message);
    }
}

/// Why the bytes of a cell cannot be a value: not UTF-8, or a NUL character (PostgreSQL cannot store
/// one in text, and no export means one).
fn cell_problem(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Err(_) => Some(format!(
            "is not valid UTF-8, got {:?}",
            String::from_utf8_lossy(bytes)
        )),
        Ok(s) if s.contains('\0') => Some(format!(
            "must not contain NUL characters, got {:?}",
            s.replace('\0', "\\0")
        )),
        Ok(_) => None,
    }
}

/// Reads the header and every row of a CSV file, calling `on_row` for each data row with its cells
/// mapped to the kind's columns. Returns the columns the header carries, or `None` when the rows
/// could not be read at all.
fn each_row(
    kind: FileKind,
    input: &[u8],
    problems: &mut Problems,
    meter: &mut Meter,
    mut on_row: impl FnMut(&mut Row<'_>),
) -> Option<Vec<bool>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            problems.push_row(
                kind,
                1,
                "the file is empty; a header row is required".to_string(),
            );
            return None;
        }
        Err(e) => {
            problems.push_row(kind, 1, format!("cannot be read: {e}"));
            return None;
        }
    }
    let mut lines = Lines::new(input);
    let header_line = lines.of(record.position());
    let fields = map_header(kind, &record, header_line, problems)?;
    let width = record.len();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = lines.of(e.position());
                problems.push_row(kind, line, format!("cannot be read: {e}"));
                return None;
            }
        }
        meter.tick();
        let line = lines.of(record.position());
        if record.len() != width {
            problems.push_row(
                kind,
                line,
                format!("has {} fields, the header has {width}", record.len()),
            );
            continue;
        }
        let mut row = Row {
            kind,
            line,
            record: &record,
            fields: &fields,
            problems,
            ok: true,
        };
        on_row(&mut row);
    }
    Some(fields.iter().map(Option::is_some).collect())
}

/// The physical line a record starts on. The csv crate's own line counts from where it began
/// parsing, which is before the blank lines and the `\n` of a `\r\n` that precede the record; this
/// walks the bytes once, front to back, and skips those.
struct Lines<'a> {
    data: &'a [u8],
    /// Byte offset reached, and the 1-based line it is on.
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            at: 0,
            line: 1,
        }
    }

    fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(start) = position.and_then(|p| usize::try_from(p.byte()).ok()) else {
            return self.line;
        };
        let start = start.min(self.data.len());
        while self.at < start {
            self.step();
        }
        while matches!(self.data.get(self.at), Some(b'\r' | b'\n')) {
            self.step();
        }
        self.line
    }

    /// Moves one byte on; `\n`, and a `\r` not followed by `\n`, end a line.
    fn step(&mut self) {
        match self.data.get(self.at) {
            Some(b'\n') => self.line += 1,
            Some(b'\r') if self.data.get(self.at + 1) != Some(&b'\n') => self.line += 1,
            _ => {}
        }
        self.at += 1;
    }
}

/// Maps each column of `kind` to its field in the header; reports unknown, repeated and missing
/// columns. `None` when a required column is missing, so no row can be read.
fn map_header(
    kind: FileKind,
    header: &ByteRecord,
    line: u64,
    problems: &mut Problems,
) -> Option<Vec<Option<usize>>> {
    let columns = kind.columns();
    let mut fields: Vec<Option<usize>> = vec![None; columns.len()];
    for (field, raw) in header.iter().enumerate() {
        // Spreadsheet programs start UTF-8 files with a byte-order mark.
        let raw = if field == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let name = String::from_utf8_lossy(raw);
        let name = name.trim_matches(' ');
        match columns.iter().position(|c| c.name == name) {
            Some(c) => match fields.get_mut(c) {
                Some(Some(_)) => problems.push(
                    kind,
                    line,
                    c,
                    "the column appears more than once".to_string(),
                ),
                Some(slot) => *slot = Some(field),
                None => {}
            },
            None => {
                let expected = columns
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ");
                let shown = if name.is_empty() {
                    format!("(column {})", field + 1)
                } else {
                    name.to_string()
                };
                problems.push_named(
                    kind,
                    line,
                    shown,
                    format!(
                        "unknown column; the columns of {} are {expected}",
                        kind.file_name()
                    ),
                );
            }
        }
    }
    let mut complete = true;
    for (c, column) in columns.iter().enumerate() {
        if column.required && fields.get(c).copied().flatten().is_none() {
            let required = columns
                .iter()
                .filter(|c| c.required)
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(
                kind,
                line,
                c,
                format!(
                    "missing column; {} must have the columns {required}",
                    kind.file_name()
                ),
            );
            complete = false;
        }
    }
    complete.then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::new(
            vec![
                ("MDE".into(), WorkloadFamily::M365),
                ("SENTINEL".into(), WorkloadFamily::Azure),
                ("POWER_BI".into(), WorkloadFamily::BizApps),
                ("D365_CUSTOMER_INSIGHTS".into(), WorkloadFamily::BizApps),
            ],
            vec!["AZ-500".into(), "SC-200".into()],
        )
    }

    fn read(kind: FileKind, text: &str) -> (Parsed, Vec<String>) {
        let mut parsed = Parsed::default();
        let mut problems = Problems::default();
        parsed.read(kind, text.as_bytes(), &catalogue(), &mut problems, false);
        (
            parsed,
            problems
                .into_sorted()
                .iter()
                .map(ToString::to_string)
                .collect(),
        )
    }

    const T1: &str = "00000000-0000-0000-0000-000000000001";

    #[test]
    fn columns_are_found_by_name_in_any_order_and_optional_ones_may_be_absent() {
        let (parsed, problems) = read(
            FileKind::CustomerUsage,
            &format!("workload,month,tenant_id,paid_seats\nMDE,2023-01,{T1},30\n"),
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(parsed.usage.len(), 1);
        assert_eq!(parsed.usage[0].values.get(0), Some(30));
        assert_eq!(parsed.usage[0].values.get(2), None);
        assert_eq!(parsed.usage[0].line, 2);
    }

    #[test]
    fn an_unknown_column_and_a_missing_required_column_are_reported_on_the_header_line() {
        let (parsed, problems) = read(
            FileKind::Partners,
            "partner_id,name,region\nP,Partner P,EU\n",
        );
        assert_eq!(
            problems,
            vec![
                "partners.csv:1: country: missing column; partners.csv must have the columns partner_id, name, country",
                "partners.csv:1: region: unknown column; the columns of partners.csv are partner_id, name, country, anniversary_date",
            ]
        );
        assert!(parsed.partners.is_empty());
        assert_eq!(parsed.unreadable, vec![FileKind::Partners]);
    }

    #[test]
    fn an_unknown_column_does_not_stop_the_rows_from_being_checked() {
        let (_, problems) = read(
            FileKind::Partners,
            "partner_id,name,country,region\nP,Partner P,usa,EU\n",
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[1],
            "partners.csv:2: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"usa\""
        );
    }

    #[test]
    fn a_negative_seat_count_is_reported_with_its_line_column_and_value() {
        let text = format!(
            "tenant_id,month,workload,paid_seats\n{T1},2023-01,MDE,30\n{T1},2023-02,MDE,-3\n"
        );
        let (parsed, problems) = read(FileKind::CustomerUsage, &text);
        assert_eq!(
            problems,
            vec!["customer_usage.csv:3: paid_seats: must be a whole number >= 0, got \"-3\""]
        );
        assert_eq!(parsed.usage.len(), 1);
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported_not_only_the_first() {
        let text = "tenant_id,month,workload,paid_seats,acr_usd\nnope,2023-13,XYZ,x,1.234\n";
        let (_, problems) = read(FileKind::CustomerUsage, text);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].starts_with("customer_usage.csv:2: tenant_id: must be a UUID"));
        assert!(
            problems[1].starts_with(
                "customer_usage.csv:2: month: must be a month YYYY-MM, got \"2023-13\""
            )
        );
        assert_eq!(
            problems[2],
            "customer_usage.csv:2: workload: unknown workload \"XYZ\" (not in the catalogue)"
        );
        assert!(problems[3].starts_with("customer_usage.csv:2: paid_seats:"));
        assert!(
            problems[4]
                .starts_with("customer_usage.csv:2: acr_usd: must be an amount in US dollars")
        );
    }

    #[test]
    fn a_usage_value_in_a_column_without_meaning_for_the_workload_family_is_refused() {
        let text = format!(
            "tenant_id,month,workload,paid_seats,protected_users,active_users,acr_usd,revenue_usd,profiles\n\
             {T1},2023-01,MDE,1,2,3,,,\n\
             {T1},2023-02,MDE,,,,,,5\n\
             {T1},2023-03,MDE,,,,4.00,,\n\
             {T1},2023-01,SENTINEL,,,,12.50,,\n\
             {T1},2023-02,SENTINEL,10,,,,,\n\
             {T1},2023-01,POWER_BI,,,7,,99.99,\n\
             {T1},2023-02,POWER_BI,,,,,,8\n\
             {T1},2023-01,D365_CUSTOMER_INSIGHTS,,,,,,8\n"
        );
        let (parsed, problems) = read(FileKind::CustomerUsage, &text);
        assert_eq!(
            problems,
            vec![
                "customer_usage.csv:3: profiles: only for Business Applications workloads, got \"5\" for workload MDE (M365)",
                "customer_usage.csv:4: acr_usd: only for Azure workloads, got \"4.00\" for workload MDE (M365)",
                "customer_usage.csv:6: paid_seats: only for Microsoft 365 workloads, got \"10\" for workload SENTINEL (AZURE)",
                "customer_usage.csv:8: profiles: only for the Business Applications workload D365_CUSTOMER_INSIGHTS, got \"8\" for workload POWER_BI (BIZAPPS)",
            ]
        );
        assert_eq!(parsed.usage.len(), 4);
        assert_eq!(parsed.usage[1].values.get(3), Some(1250));
        assert_eq!(parsed.usage[2].values.get(4), Some(9999));
    }

    #[test]
    fn a_duplicate_key_is_reported_on_both_lines() {
        let text = format!(
            "tenant_id,month,workload,paid_seats\n{T1},2023-01,MDE,1\n{T1},2023-02,MDE,1\n{T1},2023-01,MDE,2\n"
        );
        let (_, problems) = read(FileKind::CustomerUsage, &text);
        assert_eq!(
            problems,
            vec![
                format!(
                    "customer_usage.csv:2: tenant_id: duplicate row: tenant_id \"{T1}\", month 2023-01, workload MDE is also on line 4"
                ),
                format!(
                    "customer_usage.csv:4: tenant_id: duplicate row: tenant_id \"{T1}\", month 2023-01, workload MDE is also on line 2"
                ),
            ]
        );
    }

    #[test]
    fn tenant_ids_in_capitals_are_the_same_tenant_as_in_lower_case() {
        let text = "tenant_id,tpid,name,country\nABCDEF00-0000-0000-0000-000000000001,,A,US\nabcdef00-0000-0000-0000-000000000001,,B,US\n";
        let (parsed, problems) = read(FileKind::Customers, text);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(
            parsed.tenant_keys.keys[0].hyphenated().to_string(),
            "abcdef00-0000-0000-0000-000000000001"
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let text = format!(
            "partner_id,tenant_id,association_type,workload,start_date,end_date\nP,{T1},CPOR,,2023-05-01,2023-04-30\n"
        );
        let (_, problems) = read(FileKind::CustomerAssociations, &text);
        assert_eq!(
            problems,
            vec![
                "customer_associations.csv:2: end_date: must be on or after start_date 2023-05-01, got \"2023-04-30\""
            ]
        );
        let (_, problems) = read(
            FileKind::ProfessionalAssociations,
            "professional_id,partner_id,associated_on,removed_on\nM1,P,2023-05-01,2023-01-01\n",
        );
        assert_eq!(
            problems,
            vec![
                "professional_associations.csv:2: removed_on: must be on or after associated_on 2023-05-01, got \"2023-01-01\""
            ]
        );
        let (_, problems) = read(
            FileKind::ProfessionalCertifications,
            "professional_id,certification,earned_on,expires_on\nM1,AZ-500,2023-05-01,2022-05-01\n",
        );
        assert_eq!(
            problems,
            vec![
                "professional_certifications.csv:2: expires_on: must be on or after earned_on 2023-05-01, got \"2022-05-01\""
            ]
        );
    }

    #[test]
    fn unknown_codes_are_errors_never_skipped() {
        let (parsed, problems) = read(
            FileKind::ProfessionalCertifications,
            "professional_id,certification,earned_on,expires_on\nM1,XX-999,2023-05-01,\nM1,AZ-500,2023-05-01,\n",
        );
        assert_eq!(
            problems,
            vec![
                "professional_certifications.csv:2: certification: unknown certification \"XX-999\" (not in the catalogue)"
            ]
        );
        assert_eq!(parsed.certifications.len(), 1);
        let (_, problems) = read(
            FileKind::CustomerAssociations,
            &format!(
                "partner_id,tenant_id,association_type,workload,start_date\nP,{T1},CPR,NOPE,2023-01-01\n"
            ),
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[1],
            "customer_associations.csv:2: workload: unknown workload \"NOPE\" (not in the catalogue)"
        );
    }

    #[test]
    fn required_cells_must_not_be_empty_and_optional_ones_may_be() {
        let (parsed, problems) = read(
            FileKind::Professionals,
            "professional_id,name,email\nM1,,\nM2,Pro 2,\nM3,Pro 3,not-an-email\n",
        );
        assert_eq!(
            problems,
            vec![
                "professionals.csv:2: name: is required, got an empty value",
                "professionals.csv:4: email: the email must look like name@example.com, got \"not-an-email\"",
            ]
        );
        assert_eq!(parsed.professionals.len(), 1);
        // The rows with problems still declare their professionals, so later files do not cascade.
        assert_eq!(parsed.professional_keys.in_file, vec![true, true, true]);
    }

    #[test]
    fn lines_are_physical_lines_even_after_a_quoted_multi_line_cell() {
        let text = "partner_id,name,country\nP1,\"Partner\non two lines\",US\nP2,Partner 2,usa\n";
        let (parsed, problems) = read(FileKind::Partners, text);
        assert_eq!(
            problems,
            vec![
                "partners.csv:4: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"usa\""
            ]
        );
        assert_eq!(parsed.partners[0].name, "Partner\non two lines");
        // The same with Windows line ends, a blank line and a problem on the multi-line row itself.
        let text = "partner_id,name,country\r\n\r\nP1,\"Partner\r\non two lines\",usa\r\nP2,Partner 2,usa\r\n";
        let (_, problems) = read(FileKind::Partners, text);
        let lines: Vec<&str> = problems.iter().map(|p| &p[..15]).collect();
        assert_eq!(lines, vec!["partners.csv:3:", "partners.csv:5:"]);
    }

    #[test]
    fn blank_lines_and_windows_line_ends_keep_the_line_numbers_physical() {
        let text = "partner_id,name,country\r\n\r\nP1,Partner 1,US\r\nP2,Partner 2,XX\r\n";
        let (parsed, problems) = read(FileKind::Partners, text);
        assert_eq!(
            problems,
            vec![
                "partners.csv:4: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"XX\""
            ]
        );
        assert_eq!(parsed.partners.len(), 1);
        assert_eq!(parsed.partners[0].country, "US");
    }

    #[test]
    fn cells_are_trimmed_and_a_blank_cell_is_no_value() {
        let text = format!("tenant_id,tpid,name,country\n {T1} ,  , Contoso ,US\n");
        let (parsed, problems) = read(FileKind::Customers, &text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            (
                parsed.customers[0].tpid.as_deref(),
                parsed.customers[0].name.as_str()
            ),
            (None, "Contoso")
        );
    }

    #[test]
    fn a_row_with_the_wrong_number_of_fields_is_reported() {
        let (_, problems) = read(
            FileKind::Partners,
            "partner_id,name,country\nP1,Partner 1\n",
        );
        assert_eq!(
            problems,
            vec!["partners.csv:2: -: has 2 fields, the header has 3"]
        );
    }

    #[test]
    fn a_byte_order_mark_and_invalid_utf8_are_handled() {
        let mut parsed = Parsed::default();
        let mut problems = Problems::default();
        let bytes = b"\xEF\xBB\xBFpartner_id,name,country\nP1,Caf\xE9,US\n";
        parsed.read(
            FileKind::Partners,
            &bytes[..],
            &catalogue(),
            &mut problems,
            false,
        );
        let problems: Vec<String> = problems
            .into_sorted()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            vec!["partners.csv:2: name: is not valid UTF-8, got \"Caf\u{FFFD}\""]
        );
    }

    #[test]
    fn an_empty_file_needs_at_least_a_header() {
        let (_, problems) = read(FileKind::Professionals, "");
        assert_eq!(
            problems,
            vec!["professionals.csv:1: -: the file is empty; a header row is required"]
        );
    }
    #[test]
    fn every_required_column_missing_from_a_header_is_reported_on_line_one() {
        for kind in FileKind::ALL {
            for (c, column) in kind.columns().iter().enumerate() {
                let header: Vec<&str> = kind
                    .columns()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != c)
                    .map(|(_, col)| col.name)
                    .collect();
                let (parsed, problems) = read(kind, &format!("{}\n", header.join(",")));
                if column.required {
                    assert_eq!(problems.len(), 1, "{problems:?}");
                    let start =
                        format!("{}:1: {}: missing column; ", kind.file_name(), column.name);
                    assert!(problems[0].starts_with(&start), "{}", problems[0]);
                    assert_eq!(parsed.unreadable, vec![kind]);
                } else {
                    assert_eq!(problems, Vec::<String>::new());
                    assert!(!parsed.carries(kind, c));
                    assert!(parsed.carries(kind, (c + 1) % kind.columns().len()));
                }
            }
        }
    }

    #[test]
    fn a_nul_character_in_a_cell_is_refused_where_it_is() {
        let (parsed, problems) = read(
            FileKind::Partners,
            "partner_id,name,country\nP1,Bad\0Name,US\nP2,Fine,US\n",
        );
        assert_eq!(
            problems,
            vec!["partners.csv:2: name: must not contain NUL characters, got \"Bad\\\\0Name\""]
        );
        assert_eq!(parsed.partners.len(), 1);
        // In an optional cell too: it is not taken for an empty one.
        let (parsed, problems) = read(
            FileKind::Professionals,
            "professional_id,name,email\nM1,Pro,\0\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("professionals.csv:2: email: must not contain NUL"));
        assert!(parsed.professionals.is_empty());
    }

    #[test]
    fn only_spaces_are_trimmed_a_leading_tab_stays_part_of_the_value() {
        let (parsed, problems) = read(
            FileKind::Partners,
            "partner_id,name,country\n P1 ,\t=1+1,US\nP2,  =2+2\t, US \n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(parsed.partners[0].name, "\t=1+1");
        assert_eq!(parsed.partners[1].name, "=2+2\t");
        assert_eq!(parsed.partner_keys.keys, vec!["P1", "P2"]);
        // A tab around a code is not trimmed away either: the code is refused as written.
        let (_, problems) = read(
            FileKind::Partners,
            "partner_id,name,country\nP1,Name,\tUS\n",
        );
        assert_eq!(
            problems,
            vec![
                "partners.csv:2: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"\\tUS\""
            ]
        );
    }

    mod arbitrary_input {
        use proptest::prelude::*;

        use super::super::*;
        use super::catalogue;

        /// Bytes that make CSV interesting: separators, quotes, line ends, NUL, tabs, digits, dashes,
        /// and bytes that are not UTF-8.
        fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
            prop::collection::vec(
                prop_oneof![
                    4 => prop::sample::select(b",\"\n\r\0\t -.@:0123456789AEMPSUZaez".to_vec()),
                    1 => any::<u8>(),
                ],
                0..400,
            )
        }

        fn rows_of(parsed: &Parsed, kind: FileKind) -> usize {
            match kind {
                FileKind::Partners => parsed.partners.len(),
                FileKind::Customers => parsed.customers.len(),
                FileKind::CustomerAssociations => parsed.customer_associations.len(),
                FileKind::CustomerUsage => parsed.usage.len(),
                FileKind::Professionals => parsed.professionals.len(),
                FileKind::ProfessionalCertifications => parsed.certifications.len(),
                FileKind::ProfessionalAssociations => parsed.professional_associations.len(),
            }
        }

        /// Reads `input` as a file of `kind` and checks that every problem names the file, a line
        /// and a column, and that without problems every record became a row.
        fn check_read(kind: FileKind, input: &[u8]) -> Result<(), TestCaseError> {
            let mut parsed = Parsed::default();
            let mut problems = Problems::default();
            parsed.read(kind, input, &catalogue(), &mut problems, false);
            let problems = problems.into_sorted();
            for p in &problems {
                prop_assert_eq!(&p.file, kind.file_name());
                prop_assert!(p.line >= 1, "{}", p);
                prop_assert!(!p.column.is_empty() && !p.message.is_empty(), "{}", p);
            }
            if problems.is_empty() {
                let records = csv::ReaderBuilder::new()
                    .has_headers(true)
                    .flexible(true)
                    .from_reader(input)
                    .byte_records()
                    .count();
                prop_assert_eq!(rows_of(&parsed, kind), records);
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            #[test]
            fn the_cell_parsers_accept_or_explain_any_text(s in ".{0,24}", b in csv_bytes()) {
                let texts = [s, String::from_utf8_lossy(&b).into_owned()];
                for t in &texts {
                    let messages = [
                        parse::date(t).err(),
                        parse::month(t).err(),
                        parse::money_cents(t).err(),
                        parse::count(t).err(),
                        parse::tenant_id(t).err(),
                        parse::country(t).err(),
                        parse::association_type(t).err(),
                        parse::identifier(t).err(),
                        parse::email(t).err(),
                    ];
                    for m in messages.into_iter().flatten() {
                        prop_assert!(!m.is_empty());
                    }
                }
            }

            #[test]
            fn any_bytes_as_any_file_are_read_or_reported_never_a_panic(
                k in 0..FileKind::ALL.len(),
                bytes in csv_bytes(),
            ) {
                check_read(FileKind::ALL[k], &bytes)?;
            }

            #[test]
            fn any_rows_under_a_valid_header_are_read_or_reported_never_a_panic(
                k in 0..FileKind::ALL.len(),
                body in csv_bytes(),
            ) {
                let kind = FileKind::ALL[k];
                let header: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
                let mut input = format!("{}\n", header.join(",")).into_bytes();
                input.extend_from_slice(&body);
                check_read(kind, &input)?;
            }
        }
    }
}
