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

/// POSTs `body` to `/graphql` with `accept` (none when `None`): status, content type and JSON body.
async fn post_accepting(
    app: &partnergraph_tests::TestApp,
    accept: Option<&str>,
    body: serde_json::Value,
) -> (u16, String, serde_json::Value) {
    let mut req = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn the_answer_type_follows_accept_and_request_errors_are_400_under_graphql_response_json() {
    let app = spawn_app().await;
    const NEW: &str = "application/graphql-response+json";
    let ok = serde_json::json!({"query": "{ designations { code } }"});
    let parse = serde_json::json!({"query": "{"});
    let invalid = serde_json::json!({"query": "{ noSuchField }"});
    let coercion = serde_json::json!({
        "query": "query($c: DesignationCode!) { designation(code: $c) { code } }",
        "variables": {"c": 42},
    });
    for (accept, media) in [
        (None, "application/json"),
        (Some("*/*"), "application/json"),
        (Some("application/json"), "application/json"),
        (Some(NEW), NEW),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            NEW,
        ),
    ] {
        let (status, content_type, body) = post_accepting(&app, accept, ok.clone()).await;
        assert_eq!(status, 200, "{accept:?}");
        assert!(
            content_type.starts_with(media),
            "{accept:?}: {content_type}"
        );
        assert_eq!(body["data"]["designations"].as_array().unwrap().len(), 6);
        for bad in [&parse, &invalid, &coercion] {
            let (status, content_type, body) = post_accepting(&app, accept, bad.clone()).await;
            assert!(
                content_type.starts_with(media),
                "{accept:?}: {content_type}"
            );
            assert_eq!(
                body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{body}"
            );
            if media == NEW {
                assert_eq!(status, 400, "{bad}");
                assert!(body.get("data").is_none(), "no data entry: {body}");
            } else {
                assert_eq!(status, 200, "{bad}: application/json keeps 200");
            }
        }
    }
    // A field error is not a request error: the data is there, and the status is 200.
    let (status, _, body) = post_accepting(
        &app,
        Some(NEW),
        serde_json::json!({"query": "{ designations { code } viewer { label } partners { totalCount } }"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["designations"].as_array().unwrap().len(), 6);
    assert!(body["errors"].is_array(), "{body}");

    let (status, _, body) = post_accepting(
        &app,
        Some(NEW),
        serde_json::json!({"qeury": "{ __typename }"}),
    )
    .await;
    assert_eq!(status, 400);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("\"query\""), "{message}");
    let (status, _, body) = post_accepting(&app, Some("text/html"), ok).await;
    assert_eq!(status, 406);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("application/graphql-response+json"),
        "{body}"
    );
}
