//! The problems of one import, gathered from every file and sorted as the user reads them: by file in
//! load order, then line, then column; and the messages about the format itself (a missing, unknown or
//! repeated column, a file that is not an import file), worded from the table of [`super::format`].

use super::Problem;
use super::format::{self, FileKind};

/// Problems found so far, with the keys they are sorted by: the file's place in the load order (files
/// that are not import files come last), line, column.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    items: Vec<(usize, u64, usize, Problem)>,
}

/// The sort rank of a file that is not one of the import files.
const OTHER_FILE: usize = usize::MAX;

impl Problems {
    /// A problem with a cell: `column` is an index of `kind.columns()`.
    pub(crate) fn push(&mut self, kind: FileKind, line: u64, column: usize, message: String) {
        let name = kind.columns().get(column).map_or("-", |c| c.name);
        self.items.push((
            kind.rank(),
            line,
            column + 1,
            problem(kind, line, name.to_string(), message),
        ));
    }

    /// A problem with a column the file does not define (shown after the defined ones).
    fn push_named(&mut self, kind: FileKind, line: u64, column: String, message: String) {
        self.items.push((
            kind.rank(),
            line,
            usize::MAX,
            problem(kind, line, column, message),
        ));
    }

    /// A problem with a whole row or file (column `-`, shown first on its line).
    pub(crate) fn push_row(&mut self, kind: FileKind, line: u64, message: String) {
        self.items.push((
            kind.rank(),
            line,
            0,
            problem(kind, line, "-".to_string(), message),
        ));
    }

    /// A header without the required column `column` (an index of `kind.columns()`).
    pub(crate) fn missing_column(&mut self, kind: FileKind, line: u64, column: usize) {
        let required = kind.format().listed(|c| c.required);
        let message = format!(
            "missing column; {} must have the columns {required}",
            kind.file_name()
        );
        self.push(kind, line, column, message);
    }

    /// A header naming a column the file does not have (`shown` is the name as written).
    pub(crate) fn unknown_column(&mut self, kind: FileKind, line: u64, shown: String) {
        let expected = kind.format().listed(|_| true);
        let message = format!(
            "unknown column; the columns of {} are {expected}",
            kind.file_name()
        );
        self.push_named(kind, line, shown, message);
    }

    /// A header naming the column `column` twice.
    pub(crate) fn repeated_column(&mut self, kind: FileKind, line: u64, column: usize) {
        let message = "the column appears more than once".to_string();
        self.push(kind, line, column, message);
    }

    /// A `.csv` file of the folder that is not an import file (line 0, column `-`): a misspelt or
    /// unsupported name must not load nothing.
    pub(crate) fn other_file(&mut self, file: String) {
        let expected = format::file_names();
        let message = format!("not an import file (expected one of {expected})");
        self.items.push((
            OTHER_FILE,
            0,
            0,
            Problem {
                file,
                line: 0,
                column: "-".to_string(),
                message,
            },
        ));
    }

    /// Whether nothing is wrong.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems in reading order (the order they were found within one cell).
    pub(crate) fn into_sorted(mut self) -> Vec<Problem> {
        self.items
            .sort_by(|a, b| (a.0, &a.3.file, a.1, a.2).cmp(&(b.0, &b.3.file, b.1, b.2)));
        self.items.into_iter().map(|(_, _, _, p)| p).collect()
    }
}

fn problem(kind: FileKind, line: u64, column: String, message: String) -> Problem {
    Problem {
        file: kind.file_name().to_string(),
        line,
        column,
        message,
    }
}
