//! Checks of a request's values made before it runs, so a caller's mistake is a `BAD_USER_INPUT`
//! request error that names what is wrong, never a database error or an `INTERNAL` one: every variable
//! the operation requires is given, no text holds a NUL character (PostgreSQL cannot store one) or is
//! longer than [`MAX_TEXT_CHARS`]; and where each argument stands, so an argument that fails to parse
//! while the request runs can be named in its error.

use std::collections::HashMap;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Pos, Value, Variables};

/// The longest text any argument or variable may carry (names, searches and passwords are far
/// shorter; the request body is at most 1 MiB anyway).
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Where each argument value stands in the document: its position, and `argument "name" of "field"`.
#[derive(Debug, Default)]
pub struct Arguments(HashMap<Pos, String>);

impl Arguments {
    /// The argument whose value starts at `pos`.
    pub fn at(&self, pos: Pos) -> Option<&str> {
        self.0.get(&pos).map(String::as_str)
    }
}

/// Checks the operation's variables and every literal argument of the document, and indexes the
/// arguments. The error is the message for the caller.
pub fn check(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
) -> Result<Arguments, String> {
    if let Some(op) = operation(doc, operation_name) {
        for def in &op.variable_definitions {
            let def = &def.node;
            let name = def.name.node.as_str();
            let given = variables.get(&def.name.node);
            if !def.var_type.node.nullable
                && def.default_value.is_none()
                && given.is_none_or(|v| *v == Value::Null)
            {
                return Err(format!(
                    "variable ${name} ({}) is required but was not given",
                    def.var_type.node
                ));
            }
            if let Some(v) = given {
                text(v, &mut |m| format!("variable ${name}: {m}"))?;
            }
        }
    }
    let mut arguments = Arguments::default();
    let sets = doc
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node)
        .chain(doc.fragments.values().map(|f| &f.node.selection_set.node));
    for set in sets {
        literals(set, &mut arguments, 0)?;
    }
    Ok(arguments)
}

/// The operation a request runs: the named one, or the only one.
fn operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Visits every field of a selection set (not following fragment spreads: each fragment is visited
/// once on its own), checking and indexing its arguments. The nesting was bounded before.
fn literals(set: &SelectionSet, arguments: &mut Arguments, depth: usize) -> Result<(), String> {
    if depth > 256 {
        return Ok(());
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let field = f.node.name.node.as_str();
                for (name, value) in &f.node.arguments {
                    let label = format!("argument \"{}\" of \"{field}\"", name.node);
                    // Variables inside the literal were checked above; here they read as null.
                    let literal = value
                        .node
                        .clone()
                        .into_const_with(|_| Ok::<_, std::convert::Infallible>(Value::Null))
                        .unwrap_or(Value::Null);
                    text(&literal, &mut |m| format!("{label}: {m}"))?;
                    arguments.0.insert(value.pos, label);
                }
                literals(&f.node.selection_set.node, arguments, depth + 1)?;
            }
            Selection::InlineFragment(fr) => {
                literals(&fr.node.selection_set.node, arguments, depth + 1)?;
            }
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

fn text_ok(s: &str) -> Result<(), &'static str> {
    if s.contains('\0') {
        return Err("text must not contain NUL characters");
    }
    if s.len() > MAX_TEXT_CHARS && s.chars().count() > MAX_TEXT_CHARS {
        return Err("text is longer than 10000 characters");
    }
    Ok(())
}

/// Checks the text of a value, at any depth.
fn text(value: &Value, err: &mut dyn FnMut(&str) -> String) -> Result<(), String> {
    match value {
        Value::String(s) => text_ok(s).map_err(&mut *err),
        Value::List(items) => items.iter().try_for_each(|v| text(v, err)),
        Value::Object(fields) => fields.values().try_for_each(|v| text(v, err)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(query: &str, variables: serde_json::Value) -> Result<Arguments, String> {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        check(&doc, None, &Variables::from_json(variables))
    }

    #[test]
    fn a_required_variable_that_is_missing_or_null_is_named() {
        let q = "query($m: Month!) { capabilityScores(asOf: $m) { totalCount } }";
        assert_eq!(
            run(q, serde_json::json!({})).unwrap_err(),
            "variable $m (Month!) is required but was not given"
        );
        assert!(run(q, serde_json::json!({"m": null})).is_err());
        assert!(run(q, serde_json::json!({"m": "2024-06"})).is_ok());
        // Optional and defaulted variables may be left out.
        assert!(run("query($m: Month) { a(m: $m) }", serde_json::json!({})).is_ok());
        assert!(run("query($n: Int! = 3) { a(n: $n) }", serde_json::json!({})).is_ok());
    }

    #[test]
    fn nul_characters_and_huge_texts_are_refused_wherever_they_are() {
        assert_eq!(
            run(
                "{ partner(partnerId: \"a\\u0000b\") { id } }",
                serde_json::json!({})
            )
            .unwrap_err(),
            "argument \"partnerId\" of \"partner\": text must not contain NUL characters"
        );
        assert_eq!(
            run(
                "query($f: PartnerFilterInput) { partners(filter: $f) { totalCount } }",
                serde_json::json!({"f": {"search": ["x", "a\u{0}"]}})
            )
            .unwrap_err(),
            "variable $f: text must not contain NUL characters"
        );
        let long = "é".repeat(MAX_TEXT_CHARS + 1);
        assert!(
            run(
                &format!("{{ partner(partnerId: \"{long}\") {{ id }} }}"),
                serde_json::json!({})
            )
            .unwrap_err()
            .ends_with("text is longer than 10000 characters")
        );
        let fine = "é".repeat(MAX_TEXT_CHARS);
        assert!(
            run(
                &format!("{{ partner(partnerId: \"{fine}\") {{ id }} }}"),
                serde_json::json!({})
            )
            .is_ok()
        );
    }

    #[test]
    fn each_argument_is_found_by_the_position_of_its_value() {
        let q = "{ partner(partnerId: \"P\") { capabilityScore(designation: SECURITY, asOf: \"2024-13\") { total } } }";
        let doc = async_graphql::parser::parse_query(q).unwrap();
        let args = check(&doc, None, &Variables::default()).unwrap();
        let pos = Pos {
            line: 1,
            column: q.find("\"2024-13\"").unwrap() + 1,
        };
        assert_eq!(
            args.at(pos),
            Some("argument \"asOf\" of \"capabilityScore\"")
        );
    }
}
