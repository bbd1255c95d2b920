//! The CSV files of an import folder (`docs/import-format.md`), written row by row through buffered
//! writers so that millions of usage rows never sit in memory. Their names, headers and order are the
//! importer's table, [`crate::import::format`].

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::import::format::{FileFormat, FileKind};

/// One CSV file being written.
pub(crate) struct CsvFile {
    name: &'static str,
    /// Fields per row: every column of the file.
    width: usize,
    path: PathBuf,
    w: BufWriter<File>,
    rows: u64,
}

impl CsvFile {
    /// Creates the file of `format` with its full header.
    fn create(folder: &Path, format: &FileFormat) -> anyhow::Result<Self> {
        let path = folder.join(format.name);
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        writeln!(w, "{}", format.header())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Self {
            name: format.name,
            width: format.columns.len(),
            path,
            w,
            rows: 0,
        })
    }

    /// Writes one row of text fields, one per column in header order, quoting (RFC 4180) those that
    /// need it.
    pub(crate) fn row(&mut self, fields: &[&str]) -> anyhow::Result<()> {
        if fields.len() != self.width {
            anyhow::bail!(
                "a row of {} has {} fields, the header has {}",
                self.name,
                fields.len(),
                self.width
            );
        }
        self.try_row(fields)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    fn try_row(&mut self, fields: &[&str]) -> io::Result<()> {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.w.write_all(b",")?;
            }
            if field.contains([',', '"', '\n', '\r']) {
                write!(self.w, "\"{}\"", field.replace('"', "\"\""))?;
            } else {
                self.w.write_all(field.as_bytes())?;
            }
        }
        self.w.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }

    /// Writes one usage row; no field of it ever needs quoting.
    pub(crate) fn usage(
        &mut self,
        tenant: &str,
        month: &str,
        workload: &str,
        u: &UsageValues,
    ) -> anyhow::Result<()> {
        writeln!(
            self.w,
            "{tenant},{month},{workload},{},{},{},{},{},{}",
            Count(u.paid_seats),
            Count(u.protected_users),
            Count(u.active_users),
            Cents(u.acr_cents),
            Cents(u.revenue_cents),
            Count(u.profiles),
        )
        .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<(&'static str, u64)> {
        self.w
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok((self.name, self.rows))
    }
}

/// The figures of one usage row; `None` is an empty cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct UsageValues {
    pub(crate) paid_seats: Option<u64>,
    pub(crate) protected_users: Option<u64>,
    pub(crate) active_users: Option<u64>,
    pub(crate) acr_cents: Option<u64>,
    pub(crate) revenue_cents: Option<u64>,
    pub(crate) profiles: Option<u64>,
}

struct Count(Option<u64>);

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => Ok(()),
        }
    }
}

/// Money in US dollars with exactly two decimals, from whole cents (never through a float).
struct Cents(Option<u64>);

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(c) => write!(f, "{}.{:02}", c / 100, c % 100),
            None => Ok(()),
        }
    }
}

/// Every file of a folder, open for writing.
pub(crate) struct Folder {
    pub(crate) partners: CsvFile,
    pub(crate) customers: CsvFile,
    pub(crate) associations: CsvFile,
    pub(crate) usage: CsvFile,
    pub(crate) professionals: CsvFile,
    pub(crate) certifications: CsvFile,
    pub(crate) pro_associations: CsvFile,
    pub(crate) specializations: CsvFile,
}

impl Folder {
    /// Creates the folder (if needed) and every file with its header, replacing older ones.
    pub(crate) fn create(folder: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
        let file = |kind: FileKind| CsvFile::create(folder, kind.format());
        Ok(Self {
            partners: file(FileKind::Partners)?,
            customers: file(FileKind::Customers)?,
            associations: file(FileKind::CustomerAssociations)?,
            usage: file(FileKind::CustomerUsage)?,
            professionals: file(FileKind::Professionals)?,
            certifications: file(FileKind::ProfessionalCertifications)?,
            pro_associations: file(FileKind::ProfessionalAssociations)?,
            specializations: file(FileKind::PartnerSpecializations)?,
        })
    }

    /// Flushes every file; the data rows written per file, in load order.
    pub(crate) fn finish(self) -> anyhow::Result<Vec<(&'static str, u64)>> {
        Ok(vec![
            self.partners.finish()?,
            self.customers.finish()?,
            self.associations.finish()?,
            self.usage.finish()?,
            self.professionals.finish()?,
            self.certifications.finish()?,
            self.pro_associations.finish()?,
            self.specializations.finish()?,
        ])
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_with_two_decimals_and_empty_cells_stay_empty() {
        assert_eq!(Cents(Some(123_456)).to_string(), "1234.56");
        assert_eq!(Cents(Some(5)).to_string(), "0.05");
        assert_eq!(Cents(None).to_string(), "");
        assert_eq!(Count(Some(0)).to_string(), "0");
    }

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = CsvFile::create(dir.path(), FileKind::Professionals.format()).unwrap();
        f.row(&["M1", "Smith, Jones", "say \"hi\""]).unwrap();
        assert!(f.row(&["M2", "Two fields"]).is_err());
        f.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("professionals.csv")).unwrap();
        assert_eq!(
            text,
            "professional_id,name,email\nM1,\"Smith, Jones\",\"say \"\"hi\"\"\"\n"
        );
    }
}
