//! The HTTP server as a client sees it: health endpoints and request ids.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use partnergraph_tests::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer_when_the_database_is_up() {
    let app = spawn_app().await;
    let base = app.base.clone();
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
}

#[tokio::test]
async fn readyz_says_unavailable_when_the_database_is_gone_and_healthz_stays_up() {
    let app = spawn_app().await;
    let base = app.base.clone();
    app.t.db.clone().close().await.unwrap();
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let body = ready.text().await.unwrap();
    assert!(
        body.contains("unavailable") && !body.to_lowercase().contains("sqlx"),
        "{body}"
    );
    assert_eq!(
        reqwest::get(format!("{base}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_a_sane_incoming_one() {
    let app = spawn_app().await;
    let base = app.base.clone();
    let client = reqwest::Client::new();
    let fresh = client.get(format!("{base}/healthz")).send().await.unwrap();
    let id = fresh.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 32);
    let kept = client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "trace-42")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "trace-42");
    let replaced = client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "bad id with spaces");
}
