//! A selection of plain leaf fields answered in one pass, without a future per field.
//!
//! async-graphql resolves every field of an object as its own boxed future, which is most of the cost
//! of a page whose answer is thousands of numbers (50 partners × 6 scores × 4 metrics × 4 fields). An
//! object type whose leaves are plain values can answer a selection made only of such leaves
//! directly: [`leaves`] does so, and gives up (`None`) on anything else (a fragment, a directive, an
//! argument, a field with a selection of its own, a field the type does not answer plainly), which
//! the type then resolves the library's way; [`object`] also answers fields with plain selections of
//! their own (a score's metrics), and [`one_pass_output`] is the `OutputType` of such a type. Both
//! ways give the same answer (`tests/tests/graphql.rs` compares them).

use async_graphql::Value;
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Selection, SelectionSet};

/// The answer to a selection of plain leaves of an object of type `type_name`, each value from
/// `leaf` (by field name); `None` when the selection is anything more.
pub(crate) fn leaves(
    selection: &SelectionSet,
    type_name: &str,
    leaf: impl Fn(&str) -> Option<Value>,
) -> Option<Value> {
    object(selection, type_name, |name, sub| {
        if sub.items.is_empty() {
            leaf(name)
        } else {
            None
        }
    })
}

/// The answer to `selection` on an object of type `type_name`: every field is answered by
/// `field(name, its own selection)`, which may answer a field with a selection of plain fields too
/// (a list of objects, by calling this again); `None` when a selection holds a fragment, a
/// directive or an argument, or when `field` gives up on one.
pub(crate) fn object(
    selection: &SelectionSet,
    type_name: &str,
    field: impl Fn(&str, &SelectionSet) -> Option<Value>,
) -> Option<Value> {
    let items = &selection.items;
    let mut out = IndexMap::with_capacity(items.len());
    for selection in items {
        let Selection::Field(f) = &selection.node else {
            return None;
        };
        let f = &f.node;
        if !f.directives.is_empty() || !f.arguments.is_empty() {
            return None;
        }
        let sub = &f.selection_set.node;
        let value = match f.name.node.as_str() {
            "__typename" if sub.items.is_empty() => Value::String(type_name.to_string()),
            name => field(name, sub)?,
        };
        out.insert(f.response_key().node.clone(), value);
    }
    Some(Value::Object(out))
}

/// Implements `OutputType` for `$outer`, a wrapper of the `#[Object]` type `$fields` that has the
/// same name: a selection that `$outer::answer(&self, selection)` answers in one pass is answered
/// so, anything else by `$fields`.
macro_rules! one_pass_output {
    ($outer:ty, $fields:ty) => {
        impl async_graphql::OutputType for $outer {
            fn type_name() -> std::borrow::Cow<'static, str> {
                <$fields as async_graphql::OutputType>::type_name()
            }

            fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
                <$fields as async_graphql::OutputType>::create_type_info(registry)
            }

            async fn resolve(
                &self,
                ctx: &async_graphql::ContextSelectionSet<'_>,
                field: &async_graphql::Positioned<async_graphql::parser::types::Field>,
            ) -> async_graphql::ServerResult<async_graphql::Value> {
                match self.answer(&ctx.item.node) {
                    Some(answer) => Ok(answer),
                    None => async_graphql::OutputType::resolve(&self.0, ctx, field).await,
                }
            }
        }
    };
}
pub(crate) use one_pass_output;
