//! The problems of one import, gathered from every file and sorted as the user reads them: by file in
//! load order, then line, then column.

use super::Problem;
use super::files::FileKind;

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
            rank(kind),
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
        self.items.push((
            rank(kind),
            line,
            usize::MAX,
            problem(kind, line, column, message),
        ));
    }

    /// A problem with a whole row or file (column `-`, shown first on its line).
    pub(crate) fn push_row(&mut self, kind: FileKind, line: u64, message: String) {
        self.items.push((
            rank(kind),
            line,
            0,
            problem(kind, line, "-".to_string(), message),
        ));
    }

    /// A problem with a file of the folder that is not an import file (line 0, column `-`).
    pub(crate) fn push_other_file(&mut self, file: String, message: String) {
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

fn rank(kind: FileKind) -> usize {
    FileKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(OTHER_FILE)
}

fn problem(kind: FileKind, line: u64, column: String, message: String) -> Problem {
    Problem {
        file: kind.file_name().to_string(),
        line,
        column,
        message,
    }
}
