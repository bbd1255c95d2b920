//! Schema-level checks: the committed SDL matches the code, and every root field has an access rule.

use super::policy::{Access, POLICY, allows, rule};
use crate::auth::Role;

const SDL_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");

fn root_fields(sdl: &str, type_name: &str) -> Vec<String> {
    let doc = async_graphql::parser::parse_schema(sdl).unwrap();
    let mut out = Vec::new();
    for def in doc.definitions {
        if let async_graphql::parser::types::TypeSystemDefinition::Type(t) = def {
            if t.node.name.node.as_str() != type_name {
                continue;
            }
            if let async_graphql::parser::types::TypeKind::Object(o) = &t.node.kind {
                out.extend(
                    o.fields
                        .iter()
                        .map(|f| format!("{type_name}.{}", f.node.name.node)),
                );
            }
        }
    }
    out
}

#[test]
fn the_committed_sdl_is_the_schema_of_the_code() {
    let sdl = super::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(SDL_PATH, &sdl).unwrap();
    }
    let committed = std::fs::read_to_string(SDL_PATH).unwrap_or_default();
    assert!(
        committed == sdl,
        "api/schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test -p partnergraph --lib graphql` and commit it \
         (the admin UI generates its types from it)"
    );
}

#[test]
fn every_root_field_of_the_schema_has_an_access_rule() {
    let sdl = super::sdl();
    let fields: Vec<String> = ["Query", "Mutation", "Subscription"]
        .iter()
        .flat_map(|t| root_fields(&sdl, t))
        .collect();
    assert!(fields.len() > 10, "found only {fields:?}");
    let missing: Vec<&String> = fields.iter().filter(|f| rule(f).is_none()).collect();
    assert!(
        missing.is_empty(),
        "root fields without an access rule in graphql/policy.rs: {missing:?}"
    );
    let stale: Vec<&str> = POLICY
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| !fields.iter().any(|x| x == f))
        .collect();
    assert!(
        stale.is_empty(),
        "access rules for fields the schema does not have: {stale:?}"
    );
}

#[test]
fn the_access_rules_mean_what_the_contract_says() {
    let roles = [
        None,
        Some(Role::Admin),
        Some(Role::PartnerAdmin),
        Some(Role::Analyst),
    ];
    let who = |a: Access| roles.iter().map(|r| allows(a, *r)).collect::<Vec<_>>();
    assert_eq!(who(Access::Anyone), [true, true, true, true]);
    assert_eq!(who(Access::SignedIn), [false, true, true, true]);
    assert_eq!(who(Access::AllPartnersReaders), [false, true, false, true]);
    assert_eq!(who(Access::Writers), [false, true, true, false]);
    assert_eq!(who(Access::Admin), [false, true, false, false]);
    // Anonymous callers read the catalogue and nothing else.
    for (field, access) in POLICY {
        let catalogue = [
            "designations",
            "designation",
            "specializations",
            "benefits",
            "certifications",
            "workloads",
            "ruleSets",
            "viewer",
            "login",
        ]
        .iter()
        .any(|c| field.ends_with(&format!(".{c}")));
        assert_eq!(allows(*access, None), catalogue, "{field}");
    }
}

/// `(name, type)` of each field of an object or input object type of the SDL.
fn typed_fields(sdl: &str, type_name: &str) -> Vec<(String, String)> {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let doc = async_graphql::parser::parse_schema(sdl).unwrap();
    let mut out = Vec::new();
    for def in doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        if t.node.name.node.as_str() != type_name {
            continue;
        }
        match &t.node.kind {
            TypeKind::Object(o) => out.extend(
                o.fields
                    .iter()
                    .map(|f| (f.node.name.node.to_string(), f.node.ty.node.to_string())),
            ),
            TypeKind::InputObject(o) => out.extend(
                o.fields
                    .iter()
                    .map(|f| (f.node.name.node.to_string(), f.node.ty.node.to_string())),
            ),
            _ => {}
        }
    }
    out
}

#[test]
fn a_recommended_change_has_exactly_the_fields_simulate_score_takes() {
    let sdl = super::sdl();
    let mut output = typed_fields(&sdl, "ScoreChange");
    let mut input = typed_fields(&sdl, "ScoreChangeInput");
    assert!(output.len() >= 10, "{output:?}");
    output.sort();
    input.sort();
    assert_eq!(output, input);
}
