//! The seven CSV files of an import folder (`docs/import-format.md`), written row by row through buffered
//! writers so that millions of usage rows never sit in memory.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The files, in load order, with their exact header rows.
pub const FILES: [(&str, &str); 7] = [
    ("partners.csv", "partner_id,name,country,anniversary_date"),
    ("customers.csv", "tenant_id,tpid,name,country"),
    (
        "customer_associations.csv",
        "partner_id,tenant_id,association_type,workload,start_date,end_date",
    ),
    (
        "customer_usage.csv",
        "tenant_id,month,workload,paid_seats,protected_users,active_users,acr_usd,revenue_usd,profiles",
    ),
    ("professionals.csv", "professional_id,name,email"),
    (
        "professional_certifications.csv",
        "professional_id,certification,earned_on,expires_on",
    ),
    (
        "professional_associations.csv",
        "professional_id,partner_id,associated_on,removed_on",
    ),
];

/// One CSV file being written.
pub(crate) struct CsvFile {
    name: &'static str,
    path: PathBuf,
    w: BufWriter<File>,
    rows: u64,
}

impl CsvFile {
    fn create(folder: &Path, name: &'static str, header: &str) -> anyhow::Result<Self> {
        let path = folder.join(name);
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        writeln!(w, "{header}").with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Self {
            name,
            path,
            w,
            rows: 0,
        })
    }

    /// Writes one row of text fields, quoting (RFC 4180) those that need it.
    pub(crate) fn row(&mut self, fields: &[&str]) -> anyhow::Result<()> {
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

/// All seven files of a folder, open for writing.
pub(crate) struct Folder {
    pub(crate) partners: CsvFile,
    pub(crate) customers: CsvFile,
    pub(crate) associations: CsvFile,
    pub(crate) usage: CsvFile,
    pub(crate) professionals: CsvFile,
    pub(crate) certifications: CsvFile,
    pub(crate) pro_associations: CsvFile,
}

impl Folder {
    /// Creates the folder (if needed) and the seven files with their headers, replacing older ones.
    pub(crate) fn create(folder: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
        let [p, c, a, u, pr, pc, pa] = FILES;
        Ok(Self {
            partners: CsvFile::create(folder, p.0, p.1)?,
            customers: CsvFile::create(folder, c.0, c.1)?,
            associations: CsvFile::create(folder, a.0, a.1)?,
            usage: CsvFile::create(folder, u.0, u.1)?,
            professionals: CsvFile::create(folder, pr.0, pr.1)?,
            certifications: CsvFile::create(folder, pc.0, pc.1)?,
            pro_associations: CsvFile::create(folder, pa.0, pa.1)?,
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
        let mut f = CsvFile::create(dir.path(), "x.csv", "a,b,c").unwrap();
        f.row(&["Smith, Jones", "say \"hi\"", "plain"]).unwrap();
        f.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("x.csv")).unwrap();
        assert_eq!(text, "a,b,c\n\"Smith, Jones\",\"say \"\"hi\"\"\",plain\n");
    }
}
