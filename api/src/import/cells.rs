//! The CSV side of reading a file: the header mapped to the file's columns (unknown, repeated and
//! missing columns reported), each data row with its physical line number, its cells trimmed and
//! checked for invalid UTF-8 and NUL characters, and duplicate natural keys within the file.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use csv::ByteRecord;

use super::format::FileKind;
use super::problems::Problems;
use super::progress::Meter;

/// Duplicate natural keys within one file: the second and later rows name the first, and the first
/// names the second, so both lines are reported.
pub(crate) struct Dups<K> {
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
    /// Records the key of `row`; a key seen before is reported on this row and on the first.
    pub(crate) fn check(
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
    pub(crate) fn text(&mut self, column: usize) -> Option<&'a str> {
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
    pub(crate) fn optional<T>(
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
    pub(crate) fn required<T>(
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
    pub(crate) fn problem(&mut self, column: usize, message: String) {
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
/// mapped to the kind's columns and the natural keys of the file's rows so far (of type `K`).
/// Returns the columns the header carries, or `None` when the rows could not be read at all.
pub(crate) fn each_row<K: Hash + Eq>(
    kind: FileKind,
    input: &[u8],
    problems: &mut Problems,
    meter: &mut Meter,
    mut on_row: impl FnMut(&mut Row<'_>, &mut Dups<K>),
) -> Option<Vec<bool>> {
    let mut dups = Dups::default();
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
        on_row(&mut row, &mut dups);
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
                Some(Some(_)) => problems.repeated_column(kind, line, c),
                Some(slot) => *slot = Some(field),
                None => {}
            },
            None => {
                let shown = if name.is_empty() {
                    format!("(column {})", field + 1)
                } else {
                    name.to_string()
                };
                problems.unknown_column(kind, line, shown);
            }
        }
    }
    let mut complete = true;
    for (c, column) in columns.iter().enumerate() {
        if column.required && fields.get(c).copied().flatten().is_none() {
            problems.missing_column(kind, line, c);
            complete = false;
        }
    }
    complete.then_some(fields)
}
