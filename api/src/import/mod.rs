//! `partnergraph import FOLDER`: loads the CSV files of `docs/import-format.md`.
//!
//! Every row of every file is validated first (types, ranges, catalogue codes, references to rows of
//! earlier files or of the database, overlapping professional associations); if anything is wrong,
//! nothing is written and every problem is reported as `file:line: column: message`. Otherwise all
//! rows are upserted in one transaction, in batches, and the partners whose scores changed are queued
//! for recomputation in the same transaction.
//!
//! - [`format`]: the table of the format: the files, their columns and headers, in load order.
//! - `files`: reading one file into compact typed rows (cell and in-file checks), over `cells` (the
//!   CSV header, rows, cells and line numbers), `rows` (the rows, interned keys and catalogue codes)
//!   and `parse` (the cell parsers); `problems`: the problems found, sorted, and the format's messages.
//! - `check`: references across files and to the database, overlapping association periods.
//! - `store`: bulk look-ups, the comparison with stored rows, batched upserts, the refresh queue.
//!
//! A file must carry its key columns (and the few others a new row cannot do without: names and
//! countries); any other column may be left out of its header. A column left out gives new rows no
//! value and leaves the stored value of existing rows as it is: a file never clears a stored value
//! through a column it does not carry. A missing required column is reported on line 1
//! (`customer_usage.csv:1: month: missing column; ...`), a `.csv` file that is not an import file is
//! reported on line 0, and files that are not CSV are ignored.
//!
//! Decisions beyond the format: cells are trimmed of surrounding spaces, and only of spaces (a tab
//! stays part of the value; a cell of spaces is empty); a NUL character or invalid UTF-8 in a cell is
//! an error;
//! countries must be assigned ISO 3166-1 codes (plus `XK`), not just two capitals; a missing
//! `workload` column in `customer_associations.csv` means every row is for all workloads; a TPID
//! change queues the customer's partners too, since customers are grouped by TPID.

mod cells;
mod check;
mod files;
pub mod format;
mod parse;
mod problems;
mod progress;
mod rows;
mod store;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sea_orm::{DatabaseConnection, DbErr};

use crate::error::AppError;
use format::{FILES, FileKind};
use problems::Problems;
use rows::{Catalogue, Parsed};

/// One problem with one cell (or row) of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name, e.g. `customer_usage.csv`.
    pub file: String,
    /// 1-based line number in the file (the header is line 1); 0 for a problem with the whole file.
    pub line: u64,
    /// Column name (or `-` when the problem is the row or file itself).
    pub column: String,
    /// What is wrong and what was found.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The folder is missing or unreadable.
    #[error("cannot read {0}")]
    Folder(String),
    /// Some rows are invalid; nothing was written.
    #[error("{} problem(s), nothing was written:\n{}", .0.len(), .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    /// The folder holds none of the import files.
    #[error("nothing to import: {0} holds none of {files}", files = format::file_names())]
    NoFiles(String),
    /// The database failed; nothing was written.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<DbErr> for ImportError {
    fn from(err: DbErr) -> Self {
        ImportError::App(AppError::database(err))
    }
}

/// Rows per outcome for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// The file name.
    pub file: String,
    /// New rows.
    pub inserted: u64,
    /// Existing rows whose values changed.
    pub updated: u64,
    /// Existing rows that were already exactly so.
    pub unchanged: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Per file, in load order (only files present in the folder).
    pub files: Vec<FileCounts>,
    /// Partners whose scores were queued for recomputation.
    pub partners_queued: u64,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// Where progress goes: a terminal gets a live line, anything else gets nothing.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Progress on stderr when it is a terminal.
    pub fn terminal() -> Self {
        use std::io::IsTerminal;
        Self {
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// No progress output.
    pub fn silent() -> Self {
        Self { enabled: false }
    }
}

/// Imports a folder, all or nothing: reads and checks every file, then (if nothing is wrong) writes
/// what differs from the database in one transaction and queues the partners whose scores it changes.
pub async fn import_folder(
    db: &DatabaseConnection,
    folder: &Path,
    progress: Progress,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let (files, other_files) = import_files(folder)?;
    let catalogue = store::catalogue(db).await?;

    // Reading is blocking work (files, parsing); it must not hold up the server's async threads.
    let show = progress.enabled;
    let (mut parsed, mut problems, catalogue) =
        tokio::task::spawn_blocking(move || read_files(&files, other_files, catalogue, show))
            .await
            .map_err(|e| {
                ImportError::App(AppError::database(format!(
                    "the import reader stopped: {e}"
                )))
            })?;

    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "import: files read"
    );

    let txn = store::begin(db).await?;
    let stored = store::look_up(&txn, &mut parsed, &catalogue).await?;
    store::keep_uncarried(&mut parsed, &stored);
    check::references(&parsed, &mut problems);
    check::overlaps(&parsed, &stored.periods, &mut problems);
    check::grant_overlaps(&parsed, &catalogue, &stored.grants, &mut problems);
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "import: references checked"
    );
    if !problems.is_empty() {
        progress::clear(show);
        txn.rollback().await?;
        return Err(ImportError::Invalid(problems.into_sorted()));
    }
    let (files, partners_queued) =
        store::write(&txn, &mut parsed, &stored, &catalogue, show).await?;
    txn.commit().await?;
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "import: committed"
    );
    progress::clear(show);
    Ok(ImportReport {
        files,
        partners_queued,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The import files of a folder with their paths, and the names of its other `.csv` files.
type FolderFiles = (Vec<(FileKind, PathBuf)>, Vec<String>);

/// The import files present in the folder, in load order, and its other `.csv` files (each is a
/// problem: a misspelt or unsupported name must not load nothing). Files that are not CSV are ignored.
fn import_files(folder: &Path) -> Result<FolderFiles, ImportError> {
    let shown = || folder.display().to_string();
    let entries = std::fs::read_dir(folder).map_err(|_| ImportError::Folder(shown()))?;
    let mut other = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|_| ImportError::Folder(shown()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_csv = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv && entry.path().is_file() && FileKind::from_file_name(&name).is_none() {
            other.push(name);
        }
    }
    other.sort();
    let files: Vec<_> = FILES
        .iter()
        .map(|f| (f.kind, folder.join(f.name)))
        .filter(|(_, path)| path.is_file())
        .collect();
    if files.is_empty() && other.is_empty() {
        return Err(ImportError::NoFiles(shown()));
    }
    Ok((files, other))
}

/// Reads and checks every file on its own; the catalogue goes in and comes back out.
fn read_files(
    files: &[(FileKind, PathBuf)],
    other_files: Vec<String>,
    catalogue: Catalogue,
    progress: bool,
) -> (Parsed, Problems, Catalogue) {
    let mut parsed = Parsed::default();
    let mut problems = Problems::default();
    for name in other_files {
        problems.other_file(name);
    }
    for (kind, path) in files {
        // Whole files in memory (a million usage rows is about 70 MB) make exact line numbers cheap.
        match std::fs::read(path) {
            Ok(bytes) => parsed.read(*kind, &bytes, &catalogue, &mut problems, progress),
            Err(e) => {
                problems.push_row(*kind, 0, format!("cannot be opened: {e}"));
                parsed.present.push(*kind);
                parsed.unreadable.push(*kind);
            }
        }
    }
    (parsed, problems, catalogue)
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<34} {:>10} {:>10} {:>10}",
            "file", "inserted", "updated", "unchanged"
        )?;
        for c in &self.files {
            writeln!(
                f,
                "{:<34} {:>10} {:>10} {:>10}",
                c.file, c.inserted, c.updated, c.unchanged
            )?;
        }
        write!(
            f,
            "{} partner(s) queued for score recomputation; {:.1} s",
            self.partners_queued, self.seconds
        )
    }
}
