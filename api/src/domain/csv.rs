//! The one CSV writer of the exports (`/export/scores` and `/export/audit`): lines of RFC 4180
//! cells, safe to open in a spreadsheet. Text that a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so it is shown instead of
//! run (OWASP "CSV injection"); a cell holding a comma, a quote or a line break is quoted.

use std::fmt;

/// One text cell, defused (not quoted).
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Appends `text` to `out`, quoted when it holds a comma, a quote or a line break.
fn push_quoted(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// One line of a CSV export, built cell by cell and ended with `\n`.
#[derive(Debug, Default)]
pub struct Line {
    text: String,
    cells: usize,
}

impl Line {
    /// An empty line.
    pub fn new() -> Self {
        Line::default()
    }

    fn separate(&mut self) {
        if self.cells > 0 {
            self.text.push(',');
        }
        self.cells += 1;
    }

    /// A cell of text from outside (a name, an actor, a stored JSON document): defused and quoted.
    pub fn text(mut self, text: &str) -> Self {
        self.separate();
        push_quoted(&mut self.text, &cell(text));
        self
    }

    /// A cell of optional text: empty when `None`.
    pub fn text_or_empty(self, text: Option<&str>) -> Self {
        self.text(text.unwrap_or(""))
    }

    /// A cell the program writes itself (a number, a date, a code, `true`): quoted when needed, not
    /// defused, so `-1.5` stays a number.
    pub fn value(mut self, value: impl fmt::Display) -> Self {
        self.separate();
        push_quoted(&mut self.text, &value.to_string());
        self
    }

    /// The line, with its `\n`.
    pub fn end(mut self) -> String {
        self.text.push('\n');
        self.text
    }
}

/// The header line of column names.
pub fn header(columns: &[&str]) -> String {
    columns
        .iter()
        .fold(Line::new(), |line, c| line.value(c))
        .end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_defused_and_everything_else_kept() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("\t=1+1"), "'\t=1+1");
        assert_eq!(cell("{\"a\":1}"), "{\"a\":1}");
        assert_eq!(cell("Contoso"), "Contoso");
    }

    #[test]
    fn text_cells_are_defused_then_quoted_and_values_only_quoted() {
        let line = Line::new()
            .text("a,b")
            .text("say \"hi\"")
            .text("=HYPERLINK(\"http://x\",\"y\")")
            .text("plain")
            .text_or_empty(None)
            .value(-1.5)
            .value("x,y")
            .end();
        assert_eq!(
            line,
            "\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",plain,,-1.5,\"x,y\"\n"
        );
    }

    #[test]
    fn a_header_is_its_names_joined() {
        assert_eq!(header(&["id", "name"]), "id,name\n");
    }
}
