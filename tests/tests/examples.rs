//! Every worked and published example of the scoring specs, loaded through the real importer into the
//! run's database, scored by the engine as the server does, and compared with its `expected.json`.
//! Every key present in an `expected.json` is a statement of the spec; all mismatches are reported.
//! The examples state rule set 2023-07's numbers, so they are scored under it by name (their month,
//! 2024-06, is in 2023-12's time), as a client's `ruleSet: "2023-07"` would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use partnergraph::db::scores::{self, Detail, Engine, ScoreKey};
use partnergraph::domain::{DesignationCode, Month};
use partnergraph::import::{Progress, import_folder};
use partnergraph_tests::{examples_dir, test_db};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

/// Compares an `expected.json` object with the engine's serialized score, collecting mismatches.
fn compare(path: &str, expected: &Value, actual: &Value, problems: &mut Vec<String>) {
    match expected {
        Value::Object(map) => {
            for (key, want) in map {
                let got = lookup(actual, key);
                match got {
                    Some(got) => compare(&format!("{path}.{key}"), want, &got, problems),
                    None => problems.push(format!("{path}.{key}: expected {want}, missing")),
                }
            }
        }
        Value::Number(want) => {
            let want = want.as_f64().unwrap();
            let got = actual
                .as_str()
                .and_then(|s| s.parse::<f64>().ok())
                .or_else(|| actual.as_f64());
            match got {
                Some(got) if (got - want).abs() < 0.005 => {}
                _ => problems.push(format!("{path}: expected {want}, got {actual}")),
            }
        }
        other => {
            if other != actual {
                problems.push(format!("{path}: expected {other}, got {actual}"));
            }
        }
    }
}

/// Finds `key` of the expected.json vocabulary in the serialized score: plain fields, and the lists
/// of metrics, tracks and options keyed by their code.
fn lookup(actual: &Value, key: &str) -> Option<Value> {
    let alias = match key {
        "meets" => "meets_requirements",
        other => other,
    };
    match actual {
        Value::Object(map) => {
            if let Some(v) = map.get(alias) {
                if let (Value::Array(items), true) =
                    (v, matches!(key, "metrics" | "tracks" | "options"))
                {
                    let field = match key {
                        "metrics" => "metric",
                        "tracks" => "track",
                        _ => "option",
                    };
                    let keyed: serde_json::Map<String, Value> = items
                        .iter()
                        .filter_map(|i| Some((i.get(field)?.as_str()?.to_string(), i.clone())))
                        .collect();
                    return Some(Value::Object(keyed));
                }
                return Some(v.clone());
            }
            None
        }
        _ => None,
    }
}

/// A partner's scores of `month` under rule set 2023-07, facts included.
async fn under_2023_07(
    db: &sea_orm::DatabaseConnection,
    engine: &Engine,
    partner: i64,
    month: Month,
    designation: Option<DesignationCode>,
) -> Vec<partnergraph::score::DesignationScore> {
    let key = ScoreKey { partner, month };
    let rules = engine.rule_set("2023-07").expect("rule set 2023-07 ships");
    scores::scores_under(db, engine, &[key], rules, designation, Detail::Facts)
        .await
        .unwrap()
        .remove(&key)
        .unwrap_or_default()
}

#[tokio::test]
async fn every_spec_example_gives_the_points_of_its_expected_json() {
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut folders: Vec<_> = std::fs::read_dir(examples_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(
        folders.len() >= 30,
        "expected the spec's example folders, found {}",
        folders.len()
    );
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(folder.join("expected.json")).unwrap())
                .unwrap();
        let as_of: Month = expected["as_of"].as_str().unwrap().parse().unwrap();
        let t = test_db().await;
        if let Err(e) = import_folder(&t.db, &folder, Progress::silent()).await {
            problems.push(format!("{name}: import failed: {e}"));
            continue;
        }
        let engine = Engine::load(&t.db).await.unwrap();
        for (partner, designations) in expected["partners"].as_object().unwrap() {
            let row = entities::partners::Entity::find()
                .filter(entities::partners::Column::PartnerId.eq(partner.as_str()))
                .one(&t.db)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{name}: partner {partner} was not imported"));
            let computed = under_2023_07(&t.db, &engine, row.id, as_of, None).await;
            assert!(computed.iter().all(|s| s.rule_set == "2023-07"));
            let by_code: BTreeMap<DesignationCode, Value> = computed
                .iter()
                .map(|s| (s.designation, serde_json::to_value(s).unwrap()))
                .collect();
            for (code, want) in designations.as_object().unwrap() {
                let code: DesignationCode = code.parse().unwrap();
                let got = by_code
                    .get(&code)
                    .unwrap_or_else(|| panic!("{name}: no {code} score"));
                compare(
                    &format!("{name}/{partner}/{code}"),
                    want,
                    got,
                    &mut problems,
                );
                checked += 1;
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} mismatch(es):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        checked >= 40,
        "only {checked} designation scores were checked"
    );
}

#[tokio::test]
async fn the_security_worked_example_shows_the_facts_behind_its_points() {
    let t = test_db().await;
    import_folder(
        &t.db,
        &partnergraph_tests::example("security-2023-worked"),
        Progress::silent(),
    )
    .await
    .unwrap();
    let engine = Engine::load(&t.db).await.unwrap();
    let partner = entities::partners::Entity::find()
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let as_of: Month = "2024-06".parse().unwrap();
    let security = under_2023_07(
        &t.db,
        &engine,
        partner.id,
        as_of,
        Some(DesignationCode::Security),
    )
    .await;
    let json = serde_json::to_value(&security[0]).unwrap();
    let total = json["total"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| json["total"].to_string());
    assert_eq!(total.parse::<f64>().unwrap(), 63.35);
    assert_eq!(json["meets_requirements"], Value::Bool(false));
    let metrics = json["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 4);
    for m in metrics {
        assert!(
            !m["facts"].as_array().unwrap().is_empty(),
            "metric {} has no facts",
            m["metric"]
        );
    }
    let text = json.to_string();
    // The professionals counted, and the customers added and deployed, are named in the facts.
    for needle in ["M0", "M3", "00000000-0000-0000-0000-000000000004", "Q1"] {
        assert!(text.contains(needle), "the facts do not mention {needle}");
    }
}
