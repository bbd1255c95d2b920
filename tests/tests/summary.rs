//! The program summary: per designation, partners meeting requirements and near misses, equal to what
//! the partners' own scores say, within each role's scope.

use std::collections::BTreeMap;

use partnergraph::auth::Role;
use partnergraph_tests::{example, spawn_app, write_partners_folder};

const SUMMARY: &str = r#"query($m: Month) { programSummary(asOf: $m) {
    asOf designations { designation partners meetingRequirements nearMiss } } }"#;

const SCORES: &str = r#"query($m: Month!) { capabilityScores(asOf: $m, first: 1000) {
    nodes { designationCode total meetsRequirements } } }"#;

/// `(partners, meeting, near miss)` per designation, counted from the bulk score list.
fn from_scores(body: &serde_json::Value) -> BTreeMap<String, (i64, i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for n in body["data"]["capabilityScores"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let e = out
            .entry(
                n["designationCode"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
            .or_default();
        let meets = n["meetsRequirements"].as_bool().unwrap_or_default();
        let total = n["total"].as_f64().unwrap_or_default();
        e.0 += 1;
        e.1 += i64::from(meets);
        e.2 += i64::from(!meets && total >= 65.0);
    }
    out
}

fn from_summary(body: &serde_json::Value) -> BTreeMap<String, (i64, i64, i64)> {
    body["data"]["programSummary"]["designations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["designation"].as_str().unwrap_or_default().to_string(),
                (
                    d["partners"].as_i64().unwrap_or_default(),
                    d["meetingRequirements"].as_i64().unwrap_or_default(),
                    d["nearMiss"].as_i64().unwrap_or_default(),
                ),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_program_summary_counts_what_the_partners_scores_say_in_each_scope() {
    let app = spawn_app().await;
    // MW-T6 meets Modern Work at 2024-06, beside three partners that meet nothing.
    app.import(&example("mw-t6")).await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 3);
    app.import(dir.path()).await;
    let month = serde_json::json!({ "m": "2024-06" });
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    let pa = app
        .token_for("pa@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    for token in [&admin, &pa] {
        let summary = app.graphql(Some(token), SUMMARY, month.clone()).await;
        assert!(summary.body.get("errors").is_none(), "{}", summary.body);
        let scores = app.graphql(Some(token), SCORES, month.clone()).await;
        assert!(scores.body.get("errors").is_none(), "{}", scores.body);
        assert_eq!(from_summary(&summary.body), from_scores(&scores.body));
    }
    let all = from_summary(&app.graphql(Some(&admin), SUMMARY, month.clone()).await.body);
    assert_eq!(all.len(), 6);
    assert_eq!(all["MODERN_WORK"], (4, 1, 0), "{all:?}");
    // A partner admin's summary is its own partner only.
    let own = from_summary(&app.graphql(Some(&pa), SUMMARY, month).await.body);
    assert!(
        own.values().all(|(partners, _, _)| *partners == 1),
        "{own:?}"
    );
    // Signed out: refused.
    let anonymous = app.graphql(None, SUMMARY, serde_json::Value::Null).await;
    assert_eq!(
        anonymous.error_code(),
        Some("UNAUTHENTICATED"),
        "{}",
        anonymous.body
    );
    // Without asOf: the latest month with data.
    let latest = app
        .graphql(Some(&admin), SUMMARY, serde_json::Value::Null)
        .await;
    assert_eq!(latest.data()["programSummary"]["asOf"], "2024-12");
}
