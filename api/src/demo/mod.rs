//! `partnergraph demo`: a deterministic demo data set, written as an import folder (every CSV file of
//! `docs/import-format.md`) and loaded through the importer, like any other export.
//!
//! - [`generate`]: partners with a designed profile per designation (`plan`), their customers,
//!   associations, monthly usage and certified professionals (`partner`, one file per area).
//! - [`out`]: the CSV files, streamed through buffered writers, as the importer's format table says.
//! - `rng`, `ids`, `names`, `catalogue`: the seeded generator, the identifiers, word lists and the
//!   catalogue codes drawn from.

mod catalogue;
pub mod generate;
mod ids;
mod names;
pub mod out;
mod partner;
mod plan;
mod rng;
#[cfg(test)]
mod score_check;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::domain::Month;
pub use generate::{Generated, write_folder};
pub use plan::{Plan, Profile, Strength, Tier};

/// The seed `serve --demo` and `demo` use unless told otherwise.
pub const DEFAULT_SEED: u64 = 2023;
/// Default months of usage: 27, so that a score as of the last month has its baseline and a full
/// trailing year before it.
pub const DEFAULT_MONTHS: u32 = 27;
/// Default last month of usage.
pub const DEFAULT_AS_OF: &str = "2024-06";
/// Default average customers per partner: about 2 million usage rows at 10,000 partners.
pub const DEFAULT_CUSTOMERS_PER_PARTNER: f64 = 6.0;

/// Options of `partnergraph demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// How many partners to generate.
    #[arg(long, default_value_t = 200)]
    pub partners: usize,

    /// Seed of every random draw: the same seed and options give byte-identical files.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// Months of monthly usage, ending at --as-of (24 or more gives every metric its baseline and
    /// trailing year).
    #[arg(long, default_value_t = DEFAULT_MONTHS)]
    pub months: u32,

    /// The last month of usage, YYYY-MM; the data is designed for scores computed as of this month.
    #[arg(long, default_value = DEFAULT_AS_OF)]
    pub as_of: Month,

    /// Average number of customers per partner (roughly; partners designed to score well need a
    /// minimum). The default gives about 200 usage rows per partner.
    #[arg(long, default_value_t = DEFAULT_CUSTOMERS_PER_PARTNER)]
    pub customers_per_partner: f64,

    /// Write the import folder here and keep it (default: a temporary folder, removed after the import).
    #[arg(long, value_name = "FOLDER")]
    pub out: Option<PathBuf>,

    /// Only write the folder; do not import it (a temporary folder is then kept and its path printed).
    #[arg(long)]
    pub no_import: bool,
}

impl DemoArgs {
    /// The default options for `partners` partners.
    pub fn with_partners(partners: usize) -> anyhow::Result<Self> {
        Ok(Self {
            partners,
            seed: DEFAULT_SEED,
            months: DEFAULT_MONTHS,
            as_of: DEFAULT_AS_OF.parse().context("the default as-of month")?,
            customers_per_partner: DEFAULT_CUSTOMERS_PER_PARTNER,
            out: None,
            no_import: false,
        })
    }

    /// What to generate.
    pub fn plan(&self) -> Plan {
        Plan {
            seed: self.seed,
            partners: self.partners,
            months: self.months,
            as_of: self.as_of,
            customers_per_partner: self.customers_per_partner,
        }
    }
}

/// Generates the demo data and, unless `--no-import`, imports it; returns a summary for people.
pub async fn run(db: &DatabaseConnection, args: &DemoArgs) -> anyhow::Result<String> {
    let plan = args.plan();
    plan.validate()?;
    let started = Instant::now();
    let (folder, temporary) = match &args.out {
        Some(dir) => (dir.clone(), None),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("partnergraph-demo-")
                .tempdir()
                .context("cannot create a temporary folder for the demo data")?;
            (dir.path().to_path_buf(), Some(dir))
        }
    };
    let generated = {
        let plan = plan.clone();
        let folder = folder.clone();
        tokio::task::spawn_blocking(move || write_folder(&plan, &folder))
            .await
            .context("the demo data generator stopped")??
    };
    let mut summary = describe(&plan, &generated, &folder, started.elapsed().as_secs_f64());
    if args.no_import {
        let kept = temporary.map(tempfile::TempDir::keep);
        let _ = write!(
            summary,
            "\nnot imported (--no-import); the files are in {}",
            kept.as_deref().unwrap_or(&folder).display()
        );
        return Ok(summary);
    }
    let report = match crate::import::import_folder(
        db,
        &folder,
        crate::import::Progress::terminal(),
    )
    .await
    {
        Ok(report) => report,
        Err(err) => {
            // Keep a temporary folder, so that what the importer refused can be looked at.
            let kept = temporary.map(tempfile::TempDir::keep);
            let at = kept.as_deref().unwrap_or(&folder).display().to_string();
            return Err(anyhow::Error::new(err)
                .context(format!("the import of the demo data (kept in {at}) failed")));
        }
    };
    let _ = write!(
        summary,
        "\nimported:\n{report}\ntotal {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(summary)
}

/// Loads demo data when the database has no partners yet (`partnergraph serve --demo N`).
pub async fn ensure_demo_data(db: &DatabaseConnection, partners: usize) -> anyhow::Result<()> {
    let existing = entities::partners::Entity::find()
        .count(db)
        .await
        .context("cannot count the partners in the database")?;
    if existing > 0 {
        tracing::info!(
            existing,
            "the database already has partners; no demo data loaded"
        );
        return Ok(());
    }
    let args = DemoArgs::with_partners(partners)?;
    let summary = run(db, &args).await?;
    tracing::info!(partners, seed = args.seed, "demo data loaded\n{summary}");
    Ok(())
}

/// The generator's part of the summary: rows per file, time, and the designed score spread.
fn describe(plan: &Plan, generated: &Generated, folder: &Path, seconds: f64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "demo data: {} partners, seed {}, usage {}..{} ({} months), written to {} in {seconds:.1} s",
        plan.partners,
        plan.seed,
        plan.first_month(),
        plan.as_of,
        plan.months,
        folder.display()
    );
    let mut total = 0;
    for (file, rows) in &generated.files {
        total += rows;
        let _ = writeln!(s, "  {file:<34} {rows:>10}");
    }
    let _ = writeln!(s, "  {:<34} {total:>10}", "total rows");
    let share = if plan.partners == 0 {
        0.0
    } else {
        100.0 * generated.designed_partners as f64 / plan.partners as f64
    };
    let _ = write!(
        s,
        "designed to meet requirements as of {}: {} partners ({share:.0} %)",
        plan.as_of, generated.designed_partners
    );
    for (designation, n) in &generated.designed {
        let _ = write!(s, "; {designation} {n}");
    }
    if generated.profiles.iter().any(|(_, p)| !p.security_possible) {
        let _ = write!(
            s,
            " (Security cannot be met as of {}: a certification its rule set in force needs no longer counts)",
            plan.as_of
        );
    }
    s
}
