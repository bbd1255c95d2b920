//! The shape `docs/ARCHITECTURE.md` promises, checked on the source itself: the layers of `api/src`
//! and the direction of every import between them, no import cycle between the files of a folder,
//! no storage type above `db`, and source files that are short and say what they hold.
//!
//! It reads the files as text: a reference is `crate::module` (also inside `use crate::{…}` groups)
//! or, between files of one folder, `super::file`. Comments are skipped, and so is a file's
//! `#[cfg(test)]` part: tests may reach anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of `api/src`, lowest first: a module may use only modules of a lower layer
/// (those on the same line are leaves that use no other module).
const LAYERS: &[&[&str]] = &[
    &["domain", "metrics"],
    &["score"],
    &["error"],
    &["config"],
    &["telemetry"],
    &["auth"],
    &["db"],
    &["import"],
    &["demo"],
    &["report"],
    &["graphql"],
    &["server"],
    &["cli"],
];

/// Folders above `db`, which reach stored rows only through `db` functions and `db::model`.
const ABOVE_STORAGE: &[&str] = &["graphql", "server"];

/// The longest a source file may be, in lines. Tests and word lists are exempt.
const MAX_LINES: usize = 700;

/// Word lists: data, not code.
const WORD_LISTS: &[&str] = &["demo/names.rs"];

struct Source {
    /// Path below `api/src`, with `/` separators.
    path: String,
    /// The code before the file's `#[cfg(test)]` part, without comment lines.
    code: String,
    /// The whole text.
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("source file is readable");
            let path = file
                .strip_prefix(&root)
                .expect("below src")
                .to_string_lossy()
                .replace('\\', "/");
            let before_tests = match text.find("#[cfg(test)]") {
                Some(at) => &text[..at],
                None => &text[..],
            };
            let code = before_tests
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            Source { path, code, text }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder is readable") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`graphql/object/partner.rs` → `graphql`, `cli/mod.rs` →
/// `cli`); `None` for the crate root (`lib.rs`, `main.rs`).
fn top_module(path: &str) -> Option<&str> {
    match path.split_once('/') {
        Some((dir, _)) => Some(dir),
        None => match path.trim_end_matches(".rs") {
            "lib" | "main" => None,
            name => Some(name),
        },
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths after every `prefix` in `code`, each as its segments; a `{…}` group gives one path per
/// item (`crate::{db, auth::Caller}` → `db`, `auth::Caller`).
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(is_ident) {
            continue;
        }
        read_path(rest, Vec::new(), &mut out);
    }
    out
}

/// Reads one path (or `{…}` group of paths) at the start of `text`, each prefixed by `base`.
fn read_path(text: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) {
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0usize;
        let mut item_start = 0usize;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    read_path(group[item_start..i].trim_start(), base.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    read_path(group[item_start..i].trim_start(), base.clone(), out);
                    item_start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let end = text.find(|c: char| !is_ident(c)).unwrap_or(text.len());
    if end == 0 {
        if !base.is_empty() {
            out.push(base);
        }
        return;
    }
    let mut path = base;
    path.push(text[..end].to_string());
    match text[end..].strip_prefix("::") {
        Some(next) => read_path(next, path, out),
        None => out.push(path),
    }
}

fn is_module(name: &str) -> bool {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    src.join(name).is_dir() || src.join(format!("{name}.rs")).exists()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn every_module_uses_only_modules_below_it() {
    let mut wrong = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for source in sources() {
        let Some(module) = top_module(&source.path) else {
            continue;
        };
        let Some(own) = layer_of(module) else {
            unknown.insert(module.to_string());
            continue;
        };
        for path in paths_after(&source.code, "crate::") {
            let target = path[0].as_str();
            if target == module || target == "self" {
                continue;
            }
            match layer_of(target) {
                Some(layer) if layer < own => {}
                // An item of the crate root (`crate::serve_with`) sits above every module but `cli`.
                None if !is_module(target) => {
                    if module != "cli" {
                        wrong.insert(format!("{}: crate::{target} (the crate root)", source.path));
                    }
                }
                _ => {
                    wrong.insert(format!("{}: crate::{}", source.path, path.join("::")));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (and from docs/ARCHITECTURE.md?): {unknown:?}"
    );
    assert!(
        wrong.is_empty(),
        "these files use a module of their own or a higher layer:\n  {}",
        wrong.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

/// The files of one folder as a graph: `graphql/limits.rs` → `limits`, `graphql/object/*` → `object`.
/// A folder's `mod.rs` is its front door and is left out: its children may use what it declares.
fn folder_graph(sources: &[Source], folder: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let prefix = format!("{folder}/");
    for source in sources {
        let Some(inner) = source.path.strip_prefix(&prefix) else {
            continue;
        };
        let parts: Vec<&str> = inner.trim_end_matches(".rs").split('/').collect();
        if parts == ["mod"] {
            continue;
        }
        let node = parts[0].to_string();
        let edges = graph.entry(node.clone()).or_default();
        let mut targets: Vec<String> = paths_after(&source.code, "crate::")
            .into_iter()
            .filter(|p| p[0] == folder && p.len() > 1)
            .map(|p| p[1].clone())
            .collect();
        if parts.len() == 1 {
            targets.extend(
                paths_after(&source.code, "super::")
                    .into_iter()
                    .map(|p| p[0].clone()),
            );
        }
        for target in targets {
            let is_file = sources.iter().any(|s| {
                s.path == format!("{folder}/{target}.rs")
                    || s.path == format!("{folder}/{target}/mod.rs")
            });
            if target != node && is_file {
                edges.insert(target);
            }
        }
    }
    graph
}

/// One cycle of `graph`, if it has any, as the nodes along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, bool>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(true) => return None,
            Some(false) => {
                let from = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[from..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            None => {}
        }
        state.insert(node.to_string(), false);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.to_string(), true);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_folder_has_an_import_cycle_between_its_files() {
    let sources = sources();
    let folders: BTreeSet<String> = sources
        .iter()
        .filter_map(|s| s.path.split_once('/').map(|(dir, _)| dir.to_string()))
        .collect();
    let cycles: Vec<String> = folders
        .iter()
        .filter_map(|folder| {
            find_cycle(&folder_graph(&sources, folder))
                .map(|cycle| format!("{folder}: {}", cycle.join(" -> ")))
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles:\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn layers_above_db_name_no_storage_entity() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|s| top_module(&s.path).is_some_and(|m| ABOVE_STORAGE.contains(&m)))
        .filter(|s| {
            !paths_after(&s.code, "entities::").is_empty() || s.code.contains("use entities")
        })
        .map(|s| s.path)
        .collect();
    assert!(
        offenders.is_empty(),
        "these files name the `entities` crate instead of going through `db` (`db::model` for row types): {offenders:?}"
    );
}

fn is_exempt_from_length(path: &str) -> bool {
    WORD_LISTS.contains(&path)
        || path.ends_with("tests.rs")
        || path.ends_with("/tests/mod.rs")
        || path.contains("/tests/")
}

#[test]
fn source_files_are_short_and_say_what_they_hold() {
    let mut long = Vec::new();
    let mut undocumented = Vec::new();
    for source in sources() {
        let lines = source.text.lines().count();
        if lines > MAX_LINES && !is_exempt_from_length(&source.path) {
            long.push(format!("{} ({lines} lines)", source.path));
        }
        if !source.text.trim_start().starts_with("//!") {
            undocumented.push(source.path);
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by job): {long:?}"
    );
    assert!(
        undocumented.is_empty(),
        "files that do not start with a `//!` line saying what they hold: {undocumented:?}"
    );
}

#[test]
fn the_reader_finds_grouped_and_nested_paths() {
    let code = "use crate::{db::{self, scores}, auth::Caller};\nlet x = crate::score::round2(y); mycrate::no;";
    let found = paths_after(code, "crate::");
    let heads: BTreeSet<&str> = found.iter().map(|p| p[0].as_str()).collect();
    assert_eq!(heads, BTreeSet::from(["auth", "db", "score"]));
    assert!(found.contains(&vec!["db".to_string(), "scores".to_string()]));
}

#[test]
fn a_cycle_is_found_and_a_chain_is_not() {
    let chain = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
    ]);
    assert_eq!(find_cycle(&chain), None);
    let mut looped = chain.clone();
    looped.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    let cycle = find_cycle(&looped).expect("a -> b -> c -> a is a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
}
