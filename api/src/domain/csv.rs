//! Text cells of the CSV exports, safe to open in a spreadsheet: text that a spreadsheet would run as
//! a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so it
//! is shown instead of run (OWASP "CSV injection"); both exports write every text cell through here.

/// One text cell, defused (quoting is left to the CSV writer).
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// One text cell, defused and quoted when it holds a comma, a quote or a line break (RFC 4180), for
/// lines written without a CSV writer.
pub fn field(text: &str) -> String {
    let text = cell(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
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
    fn fields_are_defused_then_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(
            field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(field("plain"), "plain");
    }
}
