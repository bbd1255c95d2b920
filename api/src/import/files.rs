//! Reading one import file into the rows of [`super::rows`]. Everything a row can be checked for on
//! its own (types, ranges, catalogue codes, the columns a workload family uses, date order) and within
//! its file (duplicate keys) is checked here; references to other files and to the database are
//! checked later, in [`super::check`].
//!
//! The CSV side (the header, cells, physical line numbers, duplicate keys) is [`super::cells`]; the
//! columns are those of the table in [`super::format`].

use chrono::NaiveDate;

use super::cells::{Dups, Row, each_row};
use super::format::{FileKind, USAGE_FIRST_VALUE, col};
use super::parse;
use super::problems::Problems;
use super::progress::Meter;
use super::rows::{
    Catalogue, CertificationRow, CustomerAssociationRow, CustomerRow, LooseRef, Parsed, PartnerRow,
    ProfessionalAssociationRow, ProfessionalRow, SpecializationRow, Target, UsageRow, UsageValues,
};
use crate::domain::{AssociationType, Month, SpecializationValidation, WorkloadFamily};

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
            FileKind::Partners => each_row(kind, input, problems, &mut meter, |row, dups| {
                self.partner_row(row, dups)
            }),
            FileKind::Customers => each_row(kind, input, problems, &mut meter, |row, dups| {
                self.customer_row(row, dups)
            }),
            FileKind::CustomerAssociations => {
                each_row(kind, input, problems, &mut meter, |row, dups| {
                    self.customer_association_row(row, catalogue, dups)
                })
            }
            FileKind::CustomerUsage => each_row(kind, input, problems, &mut meter, |row, dups| {
                self.usage_row(row, catalogue, dups)
            }),
            FileKind::Professionals => each_row(kind, input, problems, &mut meter, |row, dups| {
                self.professional_row(row, dups)
            }),
            FileKind::ProfessionalCertifications => {
                each_row(kind, input, problems, &mut meter, |row, dups| {
                    self.certification_row(row, catalogue, dups)
                })
            }
            FileKind::ProfessionalAssociations => {
                each_row(kind, input, problems, &mut meter, |row, dups| {
                    self.professional_association_row(row, dups)
                })
            }
            FileKind::PartnerSpecializations => {
                each_row(kind, input, problems, &mut meter, |row, dups| {
                    self.specialization_row(row, catalogue, dups)
                })
            }
        };
        meter.finish();
        match readable {
            Some(carried) => self.carried.push((kind, carried)),
            None => self.unreadable.push(kind),
        }
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
        let segment = row.optional(SEGMENT, parse::segment);
        let Some(tenant) = tenant else { return };
        let tenant = self.tenant_keys.intern(tenant);
        mark_in_file(&mut self.tenant_keys.in_file, tenant);
        dups.check(tenant, row, TENANT_ID, || {
            self.tenant_keys
                .key(tenant)
                .map(|k| format!("tenant_id \"{k}\""))
        });
        if let (true, Some(tpid), Some(name), Some(country), Some(segment)) =
            (row.ok, tpid, name, country, segment)
        {
            self.customers.push(CustomerRow {
                tenant,
                tpid,
                name,
                country,
                segment,
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
        ends_after_start(row, kind, (START_DATE, start_date), (END_DATE, end_date));
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
        use col::customer_usage::{MONTH, TENANT_ID, WORKLOAD};
        let tenant = row
            .required(TENANT_ID, parse::tenant_id)
            .map(|t| self.tenant_keys.intern(t));
        let month = row.required(MONTH, parse::month);
        let workload = row.required(WORKLOAD, |s| workload(catalogue, s));
        let family = workload.and_then(|w| catalogue.workloads.get(usize::from(w)));
        let mut values = UsageValues::EMPTY;
        for i in 0..6 {
            let column = USAGE_FIRST_VALUE + i;
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
        let kind = FileKind::ProfessionalCertifications;
        ends_after_start(row, kind, (EARNED_ON, earned_on), (EXPIRES_ON, expires_on));
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
        let kind = FileKind::ProfessionalAssociations;
        ends_after_start(
            row,
            kind,
            (ASSOCIATED_ON, associated_on),
            (REMOVED_ON, removed_on),
        );
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

    fn specialization_row(
        &mut self,
        row: &mut Row<'_>,
        catalogue: &Catalogue,
        dups: &mut Dups<(u32, u16, NaiveDate)>,
    ) {
        use col::partner_specializations::*;
        let partner = row.required(PARTNER_ID, |s| Ok(self.partner_keys.intern(s.to_string())));
        let specialization = row.required(SPECIALIZATION, |s| {
            catalogue
                .specialization(s)
                .ok_or_else(|| format!("unknown specialization {s:?} (not in the catalogue)"))
        });
        let granted_on = row.required(GRANTED_ON, parse::date);
        let expires_on = row.optional(EXPIRES_ON, parse::date);
        let validation = row.optional(VALIDATION, |s| {
            s.parse::<SpecializationValidation>()
                .map_err(|e| e.to_string())
        });
        let kind = FileKind::PartnerSpecializations;
        ends_after_start(
            row,
            kind,
            (GRANTED_ON, granted_on),
            (EXPIRES_ON, expires_on),
        );
        if let (Some(p), Some(c), Some(g)) = (partner, specialization, granted_on) {
            dups.check((p, c, g), row, PARTNER_ID, || {
                Some(format!(
                    "partner_id {:?}, specialization {}, granted_on {g}",
                    self.partner_keys.key(p)?,
                    catalogue.specialization_code(c)
                ))
            });
        }
        match (
            row.ok,
            partner,
            specialization,
            granted_on,
            expires_on,
            validation,
        ) {
            (
                true,
                Some(partner),
                Some(specialization),
                Some(granted_on),
                Some(expires_on),
                Some(validation),
            ) => {
                self.specializations.push(SpecializationRow {
                    line: row.line,
                    partner,
                    specialization,
                    granted_on,
                    expires_on,
                    validation: validation.unwrap_or(SpecializationValidation::None),
                });
            }
            _ => self.loose(kind, row.line, PARTNER_ID, Target::Partner, partner),
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

/// Refuses a period's end (an optional date) before its start, on the end's cell and naming the
/// start's column: `end_date: must be on or after start_date 2023-05-01, got "2023-04-30"`.
fn ends_after_start(
    row: &mut Row<'_>,
    kind: FileKind,
    (start_column, start): (usize, Option<NaiveDate>),
    (end_column, end): (usize, Option<Option<NaiveDate>>),
) {
    if let (Some(start), Some(Some(end))) = (start, end)
        && end < start
    {
        let name = kind.columns().get(start_column).map_or("-", |c| c.name);
        row.problem(
            end_column,
            format!("must be on or after {name} {start}, got \"{end}\""),
        );
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

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
