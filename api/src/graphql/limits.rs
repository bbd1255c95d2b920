//! Request limits the executor does not have: how many aliases one operation may use, and the cost
//! reported on every response (`extensions.cost`).

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Response, ServerError, ValidationResult, value};
use futures::lock::Mutex;

/// Most aliased fields in one document.
pub const MAX_ALIASES: usize = 30;

fn count_aliases(set: &SelectionSet, depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some())
                    + count_aliases(&f.node.selection_set.node, depth + 1)
            }
            Selection::InlineFragment(fr) => count_aliases(&fr.node.selection_set.node, depth + 1),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// The number of aliased fields of a document (operations and fragments).
pub fn aliases(doc: &ExecutableDocument) -> usize {
    let ops: usize = doc
        .operations
        .iter()
        .map(|(_, op)| count_aliases(&op.node.selection_set.node, 0))
        .sum();
    let frags: usize = doc
        .fragments
        .values()
        .map(|f| count_aliases(&f.node.selection_set.node, 0))
        .sum();
    ops + frags
}

/// Reports `{complexity, depth, maxComplexity, maxDepth}` as `extensions.cost`.
pub struct Cost {
    /// The schema's complexity limit.
    pub max_complexity: usize,
    /// The schema's depth limit.
    pub max_depth: usize,
}

impl ExtensionFactory for Cost {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CostExtension {
            max_complexity: self.max_complexity,
            max_depth: self.max_depth,
            result: Mutex::new(None),
        })
    }
}

struct CostExtension {
    max_complexity: usize,
    max_depth: usize,
    result: Mutex<Option<ValidationResult>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for CostExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let resp = next.run(ctx).await;
        match self.result.lock().await.take() {
            Some(r) => resp.extension(
                "cost",
                value!({
                    "complexity": r.complexity,
                    "depth": r.depth,
                    "maxComplexity": self.max_complexity,
                    "maxDepth": self.max_depth,
                }),
            ),
            None => resp,
        }
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let r = next.run(ctx).await?;
        *self.result.lock().await = Some(r);
        Ok(r)
    }
}
