//! What one GraphQL document may cost, checked before async-graphql validates or runs it, and the cost
//! reported on every response (`extensions.cost`).
//!
//! async-graphql's own depth and complexity walks expand every fragment spread where it stands, without
//! memoising: 24 fragments that each spread the one before twice expand to 2^24 selections and take
//! seconds of CPU at "complexity 0". So [`shape`] first measures the document with one memoised pass
//! per fragment (selections it expands to, depth, aliases, how deep introspection nests lists) and the
//! request is refused past any limit; only then do the library's passes run, over a document whose
//! expanded size is bounded.
//!
//! The cost the response reports and the executor enforces is async-graphql's complexity, with every
//! list and connection multiplying the cost of what it holds by its size: `first` for connections,
//! the largest possible (or, for facts, an estimate) for fixed lists ([`list`], [`page`]). So a page of
//! 100 partners with every score's facts costs what it will answer, not the handful of fields it names.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextRequest, NextValidation,
};
use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Response, ServerError, ValidationResult, value};
use futures::lock::Mutex;

/// Most selections a document may expand to (after every fragment spread is replaced by its fragment).
pub const MAX_SELECTIONS: u64 = 5_000;
/// Deepest nesting of fields, not counting introspection (whose type references nest about 10 deep).
pub const MAX_DEPTH: u32 = 12;
/// Most aliased fields in the expanded document.
pub const MAX_ALIASES: u64 = 30;
/// Introspection may nest `fields`, `inputFields`, `interfaces` and `possibleTypes` at most this many
/// levels below `__schema` or `__type` (graphql-js's `MaxIntrospectionDepthRule` refuses 3).
pub const MAX_INTROSPECTION_LISTS: u32 = 2;
/// Selection sets and fragment spreads nested inside one another, at most: bounds the recursion of
/// every later pass, whatever the field depth.
const MAX_NESTING: usize = 100;

/// Most expensive document accepted (see [`list`] and [`page`]).
pub const MAX_COMPLEXITY: usize = 100_000;

/// Largest number of designations (and so of scores per partner and month).
pub const DESIGNATIONS: usize = 6;
/// Most metrics in one score.
pub const METRICS: usize = 6;
/// Most tracks of a score (Modern Work: enterprise and SMB).
pub const TRACKS: usize = 2;
/// Most association options of a metric (CPOR, DPOR, CSP).
pub const OPTIONS: usize = 3;
/// Facts behind one metric, as estimated for cost: a metric lists one fact per customer or
/// professional it counts, which is unbounded, so the estimate is what a large partner has; the
/// response size limit catches the rest.
pub const FACTS: usize = 20;
/// Most numbers of one fact.
pub const FACT_NUMBERS: usize = 6;
/// Entries of a catalogue list (certifications, workloads, specializations, benefits), at most; a test
/// keeps the shipped catalogue within it.
pub const CATALOGUE_LIST: usize = 200;
/// Certifications of one professional, as estimated for cost (renewals included).
pub const CERTIFICATIONS_PER_PROFESSIONAL: usize = 20;

/// The cost of a list of at most `n` items each costing `child`.
pub fn list(n: usize, child: usize) -> usize {
    n.saturating_mul(child).saturating_add(1)
}

/// The cost of one page of a connection: `first` (default `default`, at most `max`) nodes each costing
/// `child` (what is selected under `nodes` or `edges`, plus `pageInfo` and `totalCount` once per node:
/// a slight over-count that keeps the rule simple).
pub fn page(first: Option<i32>, default: usize, max: usize, child: usize) -> usize {
    let n = first
        .map(|f| usize::try_from(f.max(1)).unwrap_or(1))
        .unwrap_or(default)
        .min(max);
    list(n, child)
}

/// What a document expands to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Selections after every fragment spread is expanded.
    pub selections: u64,
    /// Deepest field nesting, introspection not counted.
    pub depth: u32,
    /// Aliased fields after expansion.
    pub aliases: u64,
    /// Deepest nesting of introspection's lists of types and fields.
    pub introspection_lists: u32,
}

impl Shape {
    fn add(&mut self, other: Shape) {
        self.selections = self.selections.saturating_add(other.selections);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.depth = self.depth.max(other.depth);
        self.introspection_lists = self.introspection_lists.max(other.introspection_lists);
    }
}

/// Why a document is refused before it runs; the message says what the limit is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// It expands to too many selections.
    #[error(
        "Query is too complex: it expands to {0} or more selections once fragments are spread (at most {MAX_SELECTIONS})."
    )]
    TooManySelections(u64),
    /// Its fields nest too deep.
    #[error(
        "Query is nested too deep: {0} levels (at most {MAX_DEPTH}, introspection not counted)."
    )]
    TooDeep(u32),
    /// Fragments or selection sets nest beyond what any real document needs.
    #[error(
        "Query is nested too deep: more than {MAX_NESTING} selection sets or fragment spreads inside one another."
    )]
    TooNested,
    /// Too many aliases.
    #[error("Query has too many aliases: {0} (at most {MAX_ALIASES}).")]
    TooManyAliases(u64),
    /// Introspection nests lists too deep.
    #[error(
        "Introspection is nested too deep: fields, inputFields, interfaces or possibleTypes nested {0} levels (at most {MAX_INTROSPECTION_LISTS})."
    )]
    IntrospectionTooDeep(u32),
    /// A fragment spreads itself, directly or through others.
    #[error("Fragment \"{0}\" spreads itself.")]
    FragmentCycle(String),
}

impl Refusal {
    /// The contract code of the refusal: a fragment cycle is a malformed document, the rest are limits.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::FragmentCycle(_) => super::error::code::BAD_USER_INPUT,
            _ => super::error::code::QUERY_TOO_COMPLEX,
        }
    }
}

/// Measures every operation of a document, each fragment once, and refuses what passes a limit.
pub fn shape(doc: &ExecutableDocument) -> Result<Shape, Refusal> {
    let mut walk = Walk {
        doc,
        memo: HashMap::new(),
        open: HashSet::new(),
        nesting: 0,
    };
    let mut total = Shape::default();
    for (_, op) in doc.operations.iter() {
        total.add(walk.operation(&op.node)?);
        if total.selections > MAX_SELECTIONS {
            return Err(Refusal::TooManySelections(total.selections));
        }
    }
    if total.depth > MAX_DEPTH {
        return Err(Refusal::TooDeep(total.depth));
    }
    if total.aliases > MAX_ALIASES {
        return Err(Refusal::TooManyAliases(total.aliases));
    }
    if total.introspection_lists > MAX_INTROSPECTION_LISTS {
        return Err(Refusal::IntrospectionTooDeep(total.introspection_lists));
    }
    Ok(total)
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    /// The shape of each fragment, measured once.
    memo: HashMap<&'a str, Shape>,
    /// Fragments being measured (a spread of one of these is a cycle).
    open: HashSet<&'a str>,
    /// Selection sets and spreads currently entered.
    nesting: usize,
}

/// The introspection fields that are lists of types or fields: what a cyclic introspection query
/// multiplies.
fn introspection_list(name: &str) -> bool {
    matches!(
        name,
        "fields" | "inputFields" | "interfaces" | "possibleTypes"
    )
}

impl<'a> Walk<'a> {
    fn operation(&mut self, op: &'a OperationDefinition) -> Result<Shape, Refusal> {
        self.set(&op.selection_set.node, false)
    }

    fn set(&mut self, set: &'a SelectionSet, introspection: bool) -> Result<Shape, Refusal> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(Refusal::TooNested);
        }
        let mut shape = Shape::default();
        for item in &set.items {
            let one = match &item.node {
                Selection::Field(f) => {
                    let field = &f.node;
                    let name = field.name.node.as_str();
                    let children = &field.selection_set.node;
                    let mut one = if name == "__schema" || name == "__type" {
                        // Introspection is bounded by the schema, not the data: its depth is not
                        // counted, how deep it nests lists is.
                        let mut inner = self.set(children, true)?;
                        inner.depth = 1;
                        inner
                    } else if introspection {
                        let mut inner = self.set(children, true)?;
                        if introspection_list(name) {
                            inner.introspection_lists += 1;
                        }
                        inner.depth = 0;
                        inner
                    } else {
                        let mut inner = self.set(children, false)?;
                        inner.depth += 1;
                        inner
                    };
                    one.selections = one.selections.saturating_add(1);
                    one.aliases = one.aliases.saturating_add(u64::from(field.alias.is_some()));
                    one
                }
                Selection::InlineFragment(fr) => {
                    let on_introspection = fr
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.starts_with("__"));
                    self.set(
                        &fr.node.selection_set.node,
                        on_introspection.unwrap_or(introspection),
                    )?
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())?
                }
            };
            shape.add(one);
            // Stop as soon as the limit is passed: the rest cannot make it smaller.
            if shape.selections > MAX_SELECTIONS {
                return Err(Refusal::TooManySelections(shape.selections));
            }
        }
        self.nesting -= 1;
        Ok(shape)
    }

    fn fragment(&mut self, name: &'a str) -> Result<Shape, Refusal> {
        if let Some(shape) = self.memo.get(name) {
            return Ok(*shape);
        }
        // An unknown fragment is reported by validation; here it adds nothing.
        let Some((key, def)) = self.doc.fragments.get_key_value(name) else {
            return Ok(Shape::default());
        };
        let key = key.as_str();
        if !self.open.insert(key) {
            return Err(Refusal::FragmentCycle(key.to_string()));
        }
        self.nesting += 1;
        let introspection = def.node.type_condition.node.on.node.starts_with("__");
        let shape = self.set(&def.node.selection_set.node, introspection)?;
        self.nesting -= 1;
        self.open.remove(key);
        self.memo.insert(key, shape);
        Ok(shape)
    }
}

/// Reports `{complexity, depth, selections, maxComplexity, maxDepth}` as `extensions.cost`: the
/// complexity async-graphql computed with the list sizes above, and the [`Shape`] measured before it.
///
/// It measures and never runs: a schema with it answers a valid document with no data, only the
/// cost ([`crate::graphql::Schemas`] then runs the document on a schema without any extension, since
/// async-graphql gives every field of every answer a slower path as soon as one extension exists).
pub struct Cost;

impl ExtensionFactory for Cost {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CostExtension {
            measured: Mutex::new(None),
        })
    }
}

struct CostExtension {
    measured: Mutex<Option<(usize, Shape)>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for CostExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let resp = next.run(ctx).await;
        match self.measured.lock().await.take() {
            Some((complexity, shape)) => resp.extension(
                "cost",
                value!({
                    "complexity": complexity,
                    "depth": shape.depth,
                    "selections": shape.selections,
                    "maxComplexity": MAX_COMPLEXITY,
                    "maxDepth": MAX_DEPTH,
                }),
            ),
            None => resp,
        }
    }

    async fn execute(
        &self,
        _ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> Response {
        Response::default()
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let r = next.run(ctx).await?;
        let shape = ctx.data_opt::<Shape>().copied().unwrap_or_default();
        *self.measured.lock().await = Some((r.complexity, shape));
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    //! The memoised measure against a naive expansion of generated documents, and the limits.

    use proptest::prelude::*;

    use super::*;

    /// A selection of a generated document: a field (maybe aliased) with children, or a spread of an
    /// earlier fragment (so documents are acyclic).
    #[derive(Debug, Clone)]
    enum Item {
        Field(bool, Vec<Item>),
        Spread(usize),
    }

    fn items(fragments: usize) -> impl Strategy<Value = Vec<Item>> {
        let leaf = prop_oneof![
            any::<bool>().prop_map(|alias| Item::Field(alias, vec![])),
            (0..fragments.max(1)).prop_map(Item::Spread),
        ];
        let item = leaf.prop_recursive(3, 12, 3, |inner| {
            (any::<bool>(), prop::collection::vec(inner, 1..3))
                .prop_map(|(alias, children)| Item::Field(alias, children))
        });
        prop::collection::vec(item, 1..4)
    }

    /// Fragments each spreading only earlier ones, and an operation.
    fn document() -> impl Strategy<Value = (Vec<Vec<Item>>, Vec<Item>)> {
        (1usize..6).prop_flat_map(|n| {
            let fragments: Vec<_> = (0..n).map(items).collect();
            (fragments, items(n))
        })
    }

    fn text(items: &[Item], limit: usize) -> String {
        let mut out = String::from("{ ");
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::Field(alias, children) => {
                    if *alias {
                        out.push_str(&format!("a{i}: "));
                    }
                    out.push('f');
                    if !children.is_empty() {
                        out.push(' ');
                        out.push_str(&text(children, limit));
                    }
                }
                // A fragment may spread only those defined before it.
                Item::Spread(j) => out.push_str(&format!("...F{}", j % limit.max(1))),
            }
            out.push(' ');
        }
        out.push('}');
        out
    }

    /// Selections, depth and aliases by expanding every spread where it stands.
    fn naive(items: &[Item], fragments: &[Vec<Item>], limit: usize) -> (u64, u32, u64) {
        let mut total = (0, 0, 0);
        for item in items {
            let (s, d, a) = match item {
                Item::Field(alias, children) => {
                    let (s, d, a) = naive(children, fragments, limit);
                    (s + 1, d + 1, a + u64::from(*alias))
                }
                Item::Spread(j) => {
                    let k = j % limit.max(1);
                    naive(&fragments[k], fragments, k)
                }
            };
            total = (total.0 + s, total.1.max(d), total.2 + a);
        }
        total
    }

    /// The items with every spread (at any depth) made a plain field: fragment 0 has none to spread.
    fn without_spreads(items: &[Item]) -> Vec<Item> {
        items
            .iter()
            .map(|it| match it {
                Item::Spread(_) => Item::Field(false, vec![]),
                Item::Field(alias, children) => Item::Field(*alias, without_spreads(children)),
            })
            .collect()
    }

    fn render(fragments: &[Vec<Item>], op: &[Item]) -> String {
        let mut doc = format!("query {}", text(op, fragments.len()));
        for (i, f) in fragments.iter().enumerate() {
            doc.push_str(&format!(" fragment F{i} on Query {}", text(f, i)));
        }
        doc
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn the_memoised_measure_equals_the_naive_expansion((fragments, op) in document()) {
            let mut fragments = fragments;
            if let Some(first) = fragments.first_mut() {
                *first = without_spreads(first);
            }
            let doc_text = render(&fragments, &op);
            let doc = async_graphql::parser::parse_query(&doc_text).unwrap();
            let (selections, depth, aliases) = naive(&op, &fragments, fragments.len());
            match shape(&doc) {
                Ok(s) => {
                    prop_assert_eq!(s.selections, selections, "{}", doc_text);
                    prop_assert_eq!(s.depth, depth, "{}", doc_text);
                    prop_assert_eq!(s.aliases, aliases, "{}", doc_text);
                }
                Err(Refusal::TooManySelections(_)) => prop_assert!(selections > MAX_SELECTIONS),
                Err(Refusal::TooDeep(d)) => prop_assert_eq!(d, depth),
                Err(Refusal::TooManyAliases(a)) => prop_assert_eq!(a, aliases),
                Err(other) => prop_assert!(false, "{other:?} for {doc_text}"),
            }
        }
    }

    fn parse(q: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(q).unwrap()
    }

    #[test]
    fn a_fragment_bomb_is_measured_without_expanding_it() {
        let mut q = String::from("{ ...F29 } fragment F0 on Query { __typename }");
        for i in 1..30 {
            q.push_str(&format!(
                " fragment F{i} on Query {{ ...F{} ...F{} }}",
                i - 1,
                i - 1
            ));
        }
        assert!(matches!(
            shape(&parse(&q)),
            Err(Refusal::TooManySelections(_))
        ));
    }

    #[test]
    fn introspection_does_not_count_towards_depth_but_its_lists_may_not_nest_three_deep() {
        let type_ref = "{ kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }";
        let q = format!("{{ __schema {{ types {{ fields {{ type {type_ref} }} }} }} }}");
        let s = shape(&parse(&q)).unwrap();
        assert_eq!(s.depth, 1);
        assert_eq!(s.introspection_lists, 1);
        let cyclic = "{ __type(name: \"Partner\") { fields { type { fields { type { fields { name } } } } } } }";
        assert_eq!(shape(&parse(cyclic)), Err(Refusal::IntrospectionTooDeep(3)));
        // A regular field named like an introspection list is just a field.
        assert_eq!(
            shape(&parse("{ fields { fields { fields { x } } } }"))
                .unwrap()
                .depth,
            4
        );
    }

    #[test]
    fn a_fragment_that_spreads_itself_is_a_cycle() {
        let q = "{ ...A } fragment A on Query { ...B } fragment B on Query { x ...A }";
        assert_eq!(shape(&parse(q)), Err(Refusal::FragmentCycle("A".into())));
    }

    #[test]
    fn list_and_page_costs_multiply_by_their_size() {
        assert_eq!(list(6, 10), 61);
        assert_eq!(page(None, 20, 100, 3), 61);
        assert_eq!(page(Some(500), 20, 100, 3), 301);
        assert_eq!(page(Some(-4), 20, 100, 3), 4);
        assert_eq!(list(usize::MAX, 2), usize::MAX);
    }

    #[test]
    fn the_shipped_catalogue_fits_the_cost_estimate_of_its_lists() {
        let catalogue: serde_json::Value =
            serde_json::from_str(migration::catalogue::CATALOGUE_JSON).unwrap();
        for list in ["workloads", "certifications", "specializations", "benefits"] {
            let n = catalogue[list].as_array().map_or(0, Vec::len);
            assert!(
                n <= CATALOGUE_LIST,
                "{list}: {n} entries, the estimate is {CATALOGUE_LIST}"
            );
        }
        assert_eq!(
            catalogue["designations"].as_array().map_or(0, Vec::len),
            DESIGNATIONS
        );
    }
}
