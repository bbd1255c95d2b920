//! The import format as one table: every file of an import folder in load order, with its columns
//! (header name, whether the header must have it, whether it is part of the natural key) and so its
//! header. The reader, the problem messages and the demo writer all use this table, and
//! `docs/import-format.md` describes it (a test below keeps the two equal).

/// A column of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The header text.
    pub name: &'static str,
    /// Whether the header must have the column (its cells may still be empty, like `workload`'s).
    pub required: bool,
    /// Whether the column is part of the file's natural key.
    pub key: bool,
}

impl Column {
    /// A column of the natural key, which the header must have.
    const fn key(name: &'static str) -> Self {
        Self {
            name,
            required: true,
            key: true,
        }
    }

    /// A column of the natural key that the header may leave out (its absence is an empty cell).
    const fn optional_key(name: &'static str) -> Self {
        Self {
            name,
            required: false,
            key: true,
        }
    }

    /// A value the header must have.
    const fn required(name: &'static str) -> Self {
        Self {
            name,
            required: true,
            key: false,
        }
    }

    /// A value the header may leave out.
    const fn optional(name: &'static str) -> Self {
        Self {
            name,
            required: false,
            key: false,
        }
    }
}

/// One file of an import folder.
#[derive(Debug, Clone, Copy)]
pub struct FileFormat {
    /// Which file it is.
    pub kind: FileKind,
    /// The file's name in the folder.
    pub name: &'static str,
    /// Every column the file may have, in the order of its full header.
    pub columns: &'static [Column],
}

impl FileFormat {
    /// The full header row, e.g. `professional_id,name,email`.
    pub fn header(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The names of the columns `which` picks, joined by `, ` (for messages).
    pub(crate) fn listed(&self, which: impl Fn(&Column) -> bool) -> String {
        self.columns
            .iter()
            .filter(|c| which(c))
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Declares the files: [`FileKind`], [`FILES`] and, per file, a module of `col` with the index of
/// every column (`col::partners::COUNTRY`) and its column list, so that an index can never name
/// another column than the table's.
macro_rules! import_files {
    ($(
        $(#[doc = $doc:literal])*
        $kind:ident $module:ident $file:literal {
            $($index:ident: $role:ident $name:literal),* $(,)?
        }
    )*) => {
        /// One of the import files; the variants are in load order, as in [`FILES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FileKind {
            $($(#[doc = $doc])* $kind,)*
        }

        /// Every file of an import folder, in load order (the order they are read, checked and
        /// written in).
        pub const FILES: &[FileFormat] = &[
            $(FileFormat { kind: FileKind::$kind, name: $file, columns: col::$module::COLUMNS },)*
        ];

        /// Column indexes of each file: positions in its [`FileFormat::columns`].
        pub(crate) mod col {
            $(
                #[doc = concat!("The columns of `", $file, "`.")]
                pub(crate) mod $module {
                    use super::super::Column;

                    #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
                    enum Index { $($index,)* }

                    $(
                        #[doc = concat!("`", $name, "`")]
                        #[allow(dead_code)]
                        pub(crate) const $index: usize = Index::$index as usize;
                    )*

                    pub(crate) const COLUMNS: &[Column] = &[$(Column::$role($name),)*];
                }
            )*
        }
    };
}

import_files! {
    /// `partners.csv`: one row per partner organisation.
    Partners partners "partners.csv" {
        PARTNER_ID: key "partner_id",
        NAME: required "name",
        COUNTRY: required "country",
        ANNIVERSARY_DATE: optional "anniversary_date",
    }
    /// `customers.csv`: one row per customer tenant.
    Customers customers "customers.csv" {
        TENANT_ID: key "tenant_id",
        TPID: optional "tpid",
        NAME: required "name",
        COUNTRY: required "country",
        SEGMENT: optional "segment",
    }
    /// `customer_associations.csv`: how a customer is linked to a partner, and since when. An
    /// absent `workload` column means every row is for all workloads, as an empty cell does.
    CustomerAssociations customer_associations "customer_associations.csv" {
        PARTNER_ID: key "partner_id",
        TENANT_ID: key "tenant_id",
        ASSOCIATION_TYPE: key "association_type",
        WORKLOAD: optional_key "workload",
        START_DATE: key "start_date",
        END_DATE: optional "end_date",
    }
    /// `customer_usage.csv`: one row per tenant, month and workload.
    CustomerUsage customer_usage "customer_usage.csv" {
        TENANT_ID: key "tenant_id",
        MONTH: key "month",
        WORKLOAD: key "workload",
        PAID_SEATS: optional "paid_seats",
        PROTECTED_USERS: optional "protected_users",
        ACTIVE_USERS: optional "active_users",
        ACR_USD: optional "acr_usd",
        REVENUE_USD: optional "revenue_usd",
        PROFILES: optional "profiles",
    }
    /// `professionals.csv`: one row per certified professional.
    Professionals professionals "professionals.csv" {
        PROFESSIONAL_ID: key "professional_id",
        NAME: required "name",
        EMAIL: optional "email",
    }
    /// `professional_certifications.csv`: the certifications a professional earned.
    ProfessionalCertifications professional_certifications "professional_certifications.csv" {
        PROFESSIONAL_ID: key "professional_id",
        CERTIFICATION: key "certification",
        EARNED_ON: key "earned_on",
        EXPIRES_ON: optional "expires_on",
    }
    /// `professional_associations.csv`: when a professional counts for a partner.
    ProfessionalAssociations professional_associations "professional_associations.csv" {
        PROFESSIONAL_ID: key "professional_id",
        PARTNER_ID: required "partner_id",
        ASSOCIATED_ON: key "associated_on",
        REMOVED_ON: optional "removed_on",
    }
    /// `partner_specializations.csv`: a specialization Microsoft granted a partner, for a period.
    PartnerSpecializations partner_specializations "partner_specializations.csv" {
        PARTNER_ID: key "partner_id",
        SPECIALIZATION: key "specialization",
        GRANTED_ON: key "granted_on",
        EXPIRES_ON: optional "expires_on",
        VALIDATION: optional "validation",
    }
}

/// The first of the six value columns of `customer_usage.csv`: value `i` (0 = `paid_seats` ...
/// 5 = `profiles`) is column `USAGE_FIRST_VALUE + i`.
pub(crate) const USAGE_FIRST_VALUE: usize = col::customer_usage::PAID_SEATS;

const _: () = assert!(col::customer_usage::PROFILES == USAGE_FIRST_VALUE + 5);

// Every file's place in `FILES` is its `FileKind`, so `FileKind::format` needs no search.
const _: () = {
    let mut i = 0;
    while i < FILES.len() {
        assert!(FILES[i].kind as usize == i);
        i += 1;
    }
};

impl FileKind {
    /// The file's row of the table.
    pub fn format(self) -> &'static FileFormat {
        &FILES[self as usize]
    }

    /// The kind of a file of the folder, by its exact name.
    pub fn from_file_name(name: &str) -> Option<FileKind> {
        FILES.iter().find(|f| f.name == name).map(|f| f.kind)
    }

    /// The file's name in the folder.
    pub fn file_name(self) -> &'static str {
        self.format().name
    }

    /// The columns the file may have; the indexes are the `col::*` constants.
    pub fn columns(self) -> &'static [Column] {
        self.format().columns
    }

    /// The file's place in the load order.
    pub(crate) fn rank(self) -> usize {
        self as usize
    }
}

/// Every file name, in load order, joined by `, ` (for messages).
pub(crate) fn file_names() -> String {
    FILES.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headers_are_the_columns_in_order() {
        let headers: Vec<String> = FILES.iter().map(FileFormat::header).collect();
        assert_eq!(
            headers,
            [
                "partner_id,name,country,anniversary_date",
                "tenant_id,tpid,name,country,segment",
                "partner_id,tenant_id,association_type,workload,start_date,end_date",
                "tenant_id,month,workload,paid_seats,protected_users,active_users,acr_usd,revenue_usd,profiles",
                "professional_id,name,email",
                "professional_id,certification,earned_on,expires_on",
                "professional_id,partner_id,associated_on,removed_on",
                "partner_id,specialization,granted_on,expires_on,validation",
            ]
        );
        assert_eq!(
            FileKind::CustomerUsage.columns()[col::customer_usage::ACR_USD].name,
            "acr_usd"
        );
        assert_eq!(
            FileKind::from_file_name("professionals.csv"),
            Some(FileKind::Professionals)
        );
        assert_eq!(FileKind::from_file_name("Partners.csv"), None);
    }

    /// The columns `docs/import-format.md` gives a file: the `| column | |` table under its
    /// `### \`file\`` heading, as (column, marks) pairs.
    fn documented_columns<'a>(doc: &'a str, file: &str) -> Vec<(&'a str, &'a str)> {
        let heading = format!("### `{file}`");
        let Some(start) = doc.find(&heading) else {
            return Vec::new();
        };
        doc[start..]
            .lines()
            .skip_while(|line| !line.starts_with("| column |"))
            .take_while(|line| line.starts_with('|'))
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((name, *cells.get(2)?))
            })
            .collect()
    }

    #[test]
    fn the_documented_format_is_the_table() {
        let doc = include_str!("../../../docs/import-format.md");
        // The load order, as the numbered list of the doc gives it.
        let listed: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.split_once(". `"))
            .filter(|(n, _)| n.parse::<u32>().is_ok())
            .filter_map(|(_, rest)| rest.strip_suffix('`'))
            .collect();
        let names: Vec<&str> = FILES.iter().map(|f| f.name).collect();
        assert_eq!(listed, names, "the load order of docs/import-format.md");
        for file in FILES {
            let mut documented = documented_columns(doc, file.name);
            let mut table: Vec<(&str, &str)> = file
                .columns
                .iter()
                .map(|c| {
                    let marks = match (c.key, c.required) {
                        (true, true) => "key",
                        (true, false) => "key, optional",
                        (false, true) => "required",
                        (false, false) => "optional",
                    };
                    (c.name, marks)
                })
                .collect();
            documented.sort_unstable();
            table.sort_unstable();
            assert_eq!(documented, table, "the columns of {} in the doc", file.name);
        }
    }
}
