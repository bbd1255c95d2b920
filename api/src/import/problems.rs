//! The problems of one import, gathered from every file and sorted as the user reads them: by file in
//! load order, then line, then column.

use super::Problem;
use super::files::FileKind;

/// Problems found so far, with the keys they are sorted by.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    items: Vec<(FileKind, u64, usize, Problem)>,
}

impl Problems {
    /// A problem with a cell: `column` is an index of `kind.columns()`.
    pub(crate) fn push(&mut self, kind: FileKind, line: u64, column: usize, message: String) {
        let name = kind.columns().get(column).map_or("-", |c| c.name);
        self.items.push((
            kind,
            line,
            column + 1,
            problem(kind, line, name.to_string(), message),
        ));
    }

    /// A problem with a column the file does not define (shown after the defined ones).
    pub(crate) fn push_named(
        &mut self,
        kind: FileKind,
        line: u64,
        column: String,
        message: String,
    ) {
        self.items
            .push((kind, line, usize::MAX, problem(kind, line, column, message)));
    }

    /// A problem with a whole row or file (column `-`, shown first on its line).
    pub(crate) fn push_row(&mut self, kind: FileKind, line: u64, message: String) {
        self.items
            .push((kind, line, 0, problem(kind, line, "-".to_string(), message)));
    }

    /// Whether nothing is wrong.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems in reading order (the order they were found within one cell).
    pub(crate) fn into_sorted(mut self) -> Vec<Problem> {
        self.items
            .sort_by_key(|(kind, line, column, _)| (*kind, *line, *column));
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
