//! `GET /export/scores`: the same scores as the GraphQL bulk connection, as CSV and NDJSON, within
//! the caller's scope.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use partnergraph::auth::Role;
use partnergraph_tests::{spawn_app, write_partners_folder};
use serde_json::json;

#[tokio::test]
async fn the_export_gives_the_same_scores_as_the_graph_in_csv_and_ndjson() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 7);
    app.import(dir.path()).await;
    let token = app
        .token_for("report@example.com", Role::Analyst, None)
        .await;
    let graph = app
        .graphql(
            Some(&token),
            r#"{ capabilityScores(asOf: "2024-12", first: 1000) { totalCount edges { node { total designationCode partner { partnerId } } } } }"#,
            json!({}),
        )
        .await;
    let conn = &graph.data()["capabilityScores"];
    assert_eq!(conn["totalCount"], 42, "7 partners x 6 designations");
    let mut from_graph: Vec<(String, String, f64)> = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = &e["node"];
            (
                n["partner"]["partnerId"].as_str().unwrap().to_string(),
                n["designationCode"].as_str().unwrap().to_string(),
                n["total"].as_f64().unwrap(),
            )
        })
        .collect();
    from_graph.sort_by(|a, b| a.partial_cmp(b).unwrap());

    let csv = app
        .client
        .get(format!(
            "{}/export/scores?asOf=2024-12&format=csv",
            app.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("partner_id,partner_name,designation,as_of")
    );
    let mut from_csv: Vec<(String, String, f64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[2].to_string(), f[6].parse().unwrap())
        })
        .collect();
    from_csv.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(from_csv, from_graph);

    let nd = app
        .client
        .get(format!(
            "{}/export/scores?asOf=2024-12&format=ndjson&facts=true",
            app.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(nd.status(), 200);
    let text = nd.text().await.unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 42);
    assert!(
        rows.iter()
            .any(|r| !r["metrics"][0]["facts"].as_array().unwrap().is_empty()),
        "facts were asked for"
    );
}

#[tokio::test]
async fn the_export_honours_scope_and_refuses_anonymous_callers() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 3);
    app.import(dir.path()).await;
    let url = format!("{}/export/scores?asOf=2024-12", app.base);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(
        app.client
            .get(&url)
            .bearer_auth("forged.token.here")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let pa = app
        .token_for("pa2@example.com", Role::PartnerAdmin, Some("P002"))
        .await;
    let text = app
        .client
        .get(&url)
        .bearer_auth(&pa)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.starts_with("P002,")), "{text}");
    let bad = app
        .client
        .get(format!("{}/export/scores?asOf=2024-13", app.base))
        .bearer_auth(&pa)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("asOf"));
}
