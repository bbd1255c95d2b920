//! What an anonymous or hostile caller can send, refused or survived with nothing lost: documents that
//! expand to millions of selections, lists that multiply, introspection that loops, values that do not
//! parse, text the database cannot store, methods and bodies the endpoint does not take, work past the
//! timeouts or the queue. Each refusal carries its contract code; nothing reaches the client as
//! `INTERNAL`. On SQLite and on PostgreSQL alike (`PARTNERGRAPH_TEST_BACKEND`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use partnergraph::auth::Role;
use partnergraph::config::{Limits, ServeConfig};
use partnergraph_tests::{Backend, TestApp, backend, example, spawn_app, spawn_app_with, test_db};
use sea_orm::ConnectionTrait;
use serde_json::json;

/// `fragment F1 on Query { ...F0 ...F0 }` … `{ ...F(n-1) }`: 2^(n-1) selections in under 1 KB.
fn fragment_bomb(n: usize) -> String {
    let mut q = format!("{{ ...F{} }} fragment F0 on Query {{ __typename }}", n - 1);
    for i in 1..n {
        q.push_str(&format!(
            " fragment F{i} on Query {{ ...F{} ...F{} }}",
            i - 1,
            i - 1
        ));
    }
    q
}

fn message(res: &partnergraph_tests::GqlResponse) -> String {
    res.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_before_it_runs_whoever_sends_it() {
    let app = spawn_app().await;
    for n in [24, 26, 40] {
        let q = fragment_bomb(n);
        assert!(q.len() < 3000);
        let res = app.graphql(None, &q, json!({})).await;
        assert_eq!(res.status, 200);
        assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"), "{}", res.body);
        assert!(message(&res).contains("selections"), "{}", res.body);
        assert!(res.body.get("data").is_none_or(|d| d.is_null()));
    }
    // A bomb of 12 levels is small enough to run: the limit is on size, not on fragments.
    let res = app.graphql(None, &fragment_bomb(12), json!({})).await;
    assert_eq!(res.data()["__typename"], "Query");
    assert_eq!(res.body["extensions"]["cost"]["selections"], 2048);
}

#[tokio::test]
async fn fragment_cycles_and_endless_fragment_chains_are_refused() {
    let app = spawn_app().await;
    let cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    let res = app.graphql(None, cycle, json!({})).await;
    assert_eq!(res.error_code(), Some("BAD_USER_INPUT"), "{}", res.body);
    assert!(message(&res).contains("spreads itself"), "{}", res.body);
    // 500 fragments, each spreading the next: recursion, not size.
    let mut chain = String::from("{ ...F0 }");
    for i in 0..500 {
        chain.push_str(&format!(" fragment F{i} on Query {{ ...F{} }}", i + 1));
    }
    chain.push_str(" fragment F500 on Query { __typename }");
    let res = app.graphql(None, &chain, json!({})).await;
    assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"), "{}", res.body);
    // The server is still there.
    let ok = app
        .graphql(None, "{ designations { code } }", json!({}))
        .await;
    assert_eq!(ok.data()["designations"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn lists_multiply_the_cost_so_an_amplifying_page_is_refused_and_a_real_page_is_not() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = app.token_for("cost@example.com", Role::Analyst, None).await;
    // The amplification of the issue: each nested partner multiplies six scores and their facts.
    let amplified = "{ partners(first: 100) { nodes { capabilityScores { metrics { facts { subject } } }
        capabilityScores { partner { capabilityScores { partner { capabilityScores { metrics { facts { subject detail } } } } } } } } } }";
    let res = app.graphql(Some(&token), amplified, json!({})).await;
    assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"), "{}", res.body);
    assert!(res.body.get("data").is_none_or(|d| d.is_null()));
    // A page with every score's metrics costs what it answers, and is served.
    let page = "{ partners(first: 50) { nodes { partnerId capabilityScores { total metrics { metric points value maxPoints } } } } }";
    let res = app.graphql(Some(&token), page, json!({})).await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    let cost = &res.body["extensions"]["cost"];
    // 50 partners x 6 scores x (1 total + 6 metrics x 4 fields), give or take the connection itself.
    let complexity = cost["complexity"].as_u64().unwrap();
    assert!(
        (50 * 6 * 25..=50 * 6 * 30).contains(&complexity),
        "cost {complexity} is not what the page holds: {cost}"
    );
    assert_eq!(cost["maxComplexity"], 100_000);
    assert_eq!(cost["depth"], 5);
}

/// graphql-js's `getIntrospectionQuery()` with its default options, as GraphiQL, codegen and Apollo
/// send it (its type references nest 9 levels).
const STANDARD_INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}
"#;

#[tokio::test]
async fn the_standard_introspection_query_works_and_circular_introspection_is_refused() {
    let app = spawn_app().await;
    let res = app.graphql(None, STANDARD_INTROSPECTION, json!({})).await;
    let types = res.data()["__schema"]["types"].as_array().unwrap();
    assert!(types.iter().any(|t| t["name"] == "Partner"), "{}", res.body);
    // Lists of fields inside lists of types inside lists of fields: the shape that multiplies.
    let circular = "{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }";
    let res = app.graphql(None, circular, json!({})).await;
    assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"), "{}", res.body);
    assert!(message(&res).contains("Introspection"), "{}", res.body);
}

#[tokio::test]
async fn bad_values_are_bad_user_input_naming_the_argument_never_internal() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let admin = app.token_for("input@example.com", Role::Admin, None).await;
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            r#"{ partner(partnerId: "P") { capabilityScore(designation: SECURITY, asOf: "2024-13") { total } } }"#,
            json!({}),
            "asOf",
        ),
        (
            "query($m: Month!) { capabilityScores(asOf: $m) { totalCount } }",
            json!({"m": "abc"}),
            "asOf",
        ),
        (
            "{ capabilityScores(asOf: 5) { totalCount } }",
            json!({}),
            "asOf",
        ),
        (
            "query($m: Month!) { capabilityScores(asOf: $m) { totalCount } }",
            json!({}),
            "$m",
        ),
        (
            r#"{ partner(partnerId: "P") { scoreHistory(designation: SECURITY, months: 0) { total } } }"#,
            json!({}),
            "months",
        ),
        (
            "query($f: AuditFilter) { auditEvents(filter: $f) { totalCount } }",
            json!({"f": {"from": "abc"}}),
            "argument \"filter\"",
        ),
        (
            "mutation($i: AssociateProfessionalInput!) { associateProfessional(input: $i) { userErrors { message } } }",
            json!({"i": {"professionalId": "M0", "partnerId": "P", "associatedOn": "2024-02-30"}}),
            "argument \"input\"",
        ),
        (
            r#"{ partner(partnerId: "P\u0000") { name } }"#,
            json!({}),
            "NUL",
        ),
        (
            "query($p: String!) { partner(partnerId: $p) { name } }",
            json!({"p": "P\u{0}x"}),
            "$p",
        ),
        (
            "query($f: PartnerFilterInput) { partners(filter: $f) { totalCount } }",
            json!({"f": {"search": "x".repeat(100_000)}}),
            "$f",
        ),
        (
            "query($f: PartnerFilterInput) { partners(filter: $f) { totalCount } }",
            json!({"f": {"search": "x".repeat(500)}}),
            "filter.search",
        ),
    ];
    for (query, variables, named) in cases {
        let res = app.graphql(Some(&admin), query, variables).await;
        assert_eq!(
            res.error_code(),
            Some("BAD_USER_INPUT"),
            "{query}: {}",
            res.body
        );
        assert!(
            message(&res).contains(named),
            "{query}: the message does not name {named:?}: {}",
            res.body
        );
        assert!(
            !res.body.to_string().contains("internal error"),
            "{}",
            res.body
        );
    }
}

#[tokio::test]
async fn other_methods_are_405_and_an_oversized_body_is_a_json_413() {
    let app = spawn_app().await;
    let url = format!("{}/graphql", app.base);
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let res = app
            .client
            .request(method.clone(), &url)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "GET, POST");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    }
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1 MiB")
    );
}

#[tokio::test]
async fn an_answer_larger_than_the_response_limit_is_refused_not_sent() {
    let t = test_db().await;
    let config = ServeConfig {
        limits: Limits {
            max_response_bytes: 2048,
            ..Limits::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_app_with(t, false, config).await;
    let small = app
        .graphql(None, "{ designations { code } }", json!({}))
        .await;
    assert!(small.body.get("errors").is_none(), "{}", small.body);
    let large = app
        .graphql(
            None,
            "{ designations { code name metrics { metric maxPoints } } certifications { code name } }",
            json!({}),
        )
        .await;
    assert_eq!(
        large.error_code(),
        Some("QUERY_TOO_COMPLEX"),
        "{}",
        large.body
    );
    assert!(message(&large).contains("2048 bytes"), "{}", large.body);
}

/// Holds a lock that blocks writes to `professional_associations` (PostgreSQL: every access to
/// `partners`) until the returned connection is dropped.
async fn hold_lock(app: &TestApp) -> sea_orm::DatabaseConnection {
    // One connection, so the transaction and its lock stay on it.
    let mut options = sea_orm::ConnectOptions::new(app.t.url.clone());
    options.max_connections(1).min_connections(1);
    let other = sea_orm::Database::connect(options).await.unwrap();
    match backend() {
        Backend::Postgres => {
            other
                .execute_unprepared("BEGIN; LOCK TABLE partners IN ACCESS EXCLUSIVE MODE")
                .await
                .unwrap();
        }
        Backend::Sqlite => {
            other.execute_unprepared("BEGIN EXCLUSIVE").await.unwrap();
        }
    }
    other
}

/// Creates a professional while another connection holds a lock that blocks it; the administrator's
/// token, the answer and how long it took. The lock is released before this returns.
async fn write_under_lock(app: &TestApp) -> (String, partnergraph_tests::GqlResponse, Duration) {
    app.import(&example("security-2023-worked")).await;
    let admin = app.token_for("lock@example.com", Role::Admin, None).await;
    let lock = hold_lock(app).await;
    let started = std::time::Instant::now();
    let res = app
        .graphql(
            Some(&admin),
            "mutation { createProfessional(input: { professionalId: \"NEW\", name: \"New\" }) { userErrors { message } } }",
            json!({}),
        )
        .await;
    let waited = started.elapsed();
    lock.execute_unprepared("ROLLBACK").await.unwrap();
    lock.close().await.unwrap();
    (admin, res, waited)
}

#[tokio::test]
async fn a_request_held_up_by_a_lock_is_cut_off_at_the_request_timeout_with_503() {
    let t = test_db().await;
    let config = ServeConfig {
        limits: Limits {
            request_timeout_secs: 1,
            ..Limits::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_app_with(t, false, config).await;
    let (admin, res, waited) = write_under_lock(&app).await;
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(res.error_code(), Some("UNAVAILABLE"), "{}", res.body);
    assert_eq!(res.retry_after.as_deref(), Some("1"));
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    // Once the lock is gone, the same write goes through: nothing was half done.
    let res = app
        .graphql(
            Some(&admin),
            "mutation { createProfessional(input: { professionalId: \"NEW\", name: \"New\" }) { userErrors { message } professional { professionalId } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        res.data()["createProfessional"]["professional"]["professionalId"],
        "NEW"
    );
}

#[tokio::test]
async fn a_statement_held_up_by_a_lock_is_cancelled_at_the_statement_timeout_with_503() {
    let mut t = test_db().await;
    t.config.database_statement_timeout_secs = 1;
    t.db = partnergraph::db::connect_and_migrate(&t.config)
        .await
        .unwrap();
    let app = spawn_app_with(t, false, ServeConfig::default()).await;
    let (_, res, waited) = write_under_lock(&app).await;
    // The request timeout is 15 s: what answered was the statement's own bound.
    assert!(waited < Duration::from_secs(8), "waited {waited:?}");
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(res.error_code(), Some("UNAVAILABLE"), "{}", res.body);
    let text = res.body.to_string();
    for leak in ["statement", "locked", "57014", "canceling"] {
        assert!(!text.contains(leak), "leaks {leak:?}: {text}");
    }
}

#[tokio::test]
async fn past_the_queue_callers_get_a_fast_503_with_retry_after_and_nothing_else_fails() {
    let t = test_db().await;
    let config = ServeConfig {
        limits: Limits {
            concurrency_limit: Some(1),
            queue_limit: 0,
            ..Limits::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_app_with(t, false, config).await;
    let query = STANDARD_INTROSPECTION;
    let sends = (0..24).map(|_| {
        app.client
            .post(format!("{}/graphql", app.base))
            .json(&json!({"query": query}))
            .send()
    });
    let mut refused = 0;
    for res in futures::future::join_all(sends).await {
        let res = res.unwrap();
        match res.status().as_u16() {
            200 => {
                let body: serde_json::Value = res.json().await.unwrap();
                assert!(body.get("errors").is_none(), "{body}");
            }
            503 => {
                refused += 1;
                assert_eq!(res.headers()["retry-after"], "1");
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE");
            }
            other => panic!("status {other}"),
        }
    }
    assert!(
        refused > 0,
        "24 at once through one slot and no queue: some must be refused"
    );
    // Health never queues.
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn a_partner_admin_learns_only_that_a_professional_is_associated_elsewhere() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    // A second partner whose admin tries to take the worked example's professional M0.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("partners.csv"),
        "partner_id,name,country\nQ,Other Partner,US\n",
    )
    .unwrap();
    app.import(dir.path()).await;
    let other = app
        .token_for("pa-q@example.com", Role::PartnerAdmin, Some("Q"))
        .await;
    let res = app
        .graphql(
            Some(&other),
            "mutation { associateProfessional(input: { professionalId: \"M0\", partnerId: \"Q\", associatedOn: \"2024-06-01\" }) { userErrors { message code } } }",
            json!({}),
        )
        .await;
    let errors = &res.data()["associateProfessional"]["userErrors"];
    assert_eq!(errors[0]["code"], "CONFLICT", "{}", res.body);
    let text = errors[0]["message"].as_str().unwrap();
    assert_eq!(text, "the professional is associated with another partner");
    assert!(!text.contains("20"), "a date leaked: {text}");
}

#[tokio::test]
async fn failed_sign_ins_slow_the_next_attempt_and_an_administrator_can_clear_them() {
    let app = spawn_app().await;
    let admin = app.token_for("root@example.com", Role::Admin, None).await;
    let _user = app.token_for("typo@example.com", Role::Analyst, None).await;
    let login =
        "mutation($p: String!) { login(email: \"typo@example.com\", password: $p) { token } }";
    for _ in 0..5 {
        let res = app
            .graphql(None, login, json!({"p": "wrong password!!"}))
            .await;
        assert_eq!(res.error_code(), Some("UNAUTHENTICATED"), "{}", res.body);
    }
    let res = app
        .graphql(None, login, json!({"p": "correct horse battery staple"}))
        .await;
    assert_eq!(res.error_code(), Some("RATE_LIMITED"), "{}", res.body);
    assert_eq!(res.body["errors"][0]["extensions"]["retryAfter"], 1);
    let cleared = app
        .graphql(
            Some(&admin),
            "mutation { clearLoginThrottle(email: \"typo@example.com\") { user { email } userErrors { message } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        cleared.data()["clearLoginThrottle"]["user"]["email"],
        "typo@example.com"
    );
    let res = app
        .graphql(None, login, json!({"p": "correct horse battery staple"}))
        .await;
    assert!(res.data()["login"]["token"].is_string(), "{}", res.body);
}

#[tokio::test]
async fn behind_a_trusted_proxy_throttling_keys_on_the_forwarded_client_not_the_proxy() {
    let t = test_db().await;
    let config = ServeConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..ServeConfig::default()
    };
    let app = spawn_app_with(t, false, config).await;
    let _ = app
        .token_for("office@example.com", Role::Analyst, None)
        .await;
    let attempt = |client_ip: &'static str, email: String| {
        app.client
            .post(format!("{}/graphql", app.base))
            .header("x-forwarded-for", client_ip)
            .json(&json!({
                "query": "mutation($e: String!) { login(email: $e, password: \"wrong password!!\") { token } }",
                "variables": {"e": email},
            }))
            .send()
    };
    // One client sprays 20 accounts through the proxy.
    for i in 0..20 {
        attempt("198.51.100.1", format!("spray{i}@example.com"))
            .await
            .unwrap();
    }
    let sprayer: serde_json::Value = attempt("198.51.100.1", "more@example.com".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sprayer["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    // Another client behind the same proxy is not slowed by it.
    let neighbour: serde_json::Value = attempt("198.51.100.2", "office@example.com".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        neighbour["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forged_forwarded_address_changes_nothing() {
    let app = spawn_app().await;
    for i in 0..20 {
        app.client
            .post(format!("{}/graphql", app.base))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .json(&json!({"query": format!("mutation {{ login(email: \"x{i}@example.com\", password: \"wrong password!!\") {{ token }} }}")}))
            .send()
            .await
            .unwrap();
    }
    // Every attempt came from 127.0.0.1, whatever it claimed: that address is now slowed.
    let res = app
        .graphql(
            None,
            "mutation { login(email: \"y@example.com\", password: \"wrong password!!\") { token } }",
            json!({}),
        )
        .await;
    assert_eq!(res.error_code(), Some("RATE_LIMITED"), "{}", res.body);
}

#[tokio::test]
async fn the_metrics_listener_serves_prometheus_text_behind_its_token() {
    let t = test_db().await;
    let config = ServeConfig {
        metrics_bind: Some("127.0.0.1:0".parse().unwrap()),
        metrics_token: Some(partnergraph::auth::Secret::from("metrics-token-for-tests")),
        ..ServeConfig::default()
    };
    let app = spawn_app_with(t, false, config).await;
    let metrics = app.metrics.clone().expect("a metrics listener");
    app.graphql(None, "query Catalogue { designations { code } }", json!({}))
        .await;
    app.graphql(None, &fragment_bomb(30), json!({})).await;
    let refused = app
        .client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let text = app
        .client
        .get(format!("{metrics}/metrics"))
        .bearer_auth("metrics-token-for-tests")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "partnergraph_requests_total{code=\"OK\",endpoint=\"graphql\",operation=\"Catalogue\"}",
        "partnergraph_requests_total{code=\"QUERY_TOO_COMPLEX\",endpoint=\"graphql\"",
        "partnergraph_request_duration_seconds_bucket",
        "partnergraph_db_pool_connections{state=\"in_use\"}",
        "partnergraph_db_pool_max_connections",
        "partnergraph_refresh_queue_partners",
        "partnergraph_refresh_queue_oldest_seconds",
        "partnergraph_requests_waiting",
        "partnergraph_db_statement_timeouts_total",
        "partnergraph_rate_limit_refusals_total",
        "partnergraph_webhook_deliveries_pending 0",
        "partnergraph_webhook_deliveries_oldest_seconds 0",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    // The public listener has no /metrics.
    let public = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404);
}

#[tokio::test]
async fn a_partner_named_like_a_formula_is_exported_as_text() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("partners.csv"),
        "partner_id,name,country\nF1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",US\n",
    )
    .unwrap();
    app.import(dir.path()).await;
    let token = app.token_for("csv@example.com", Role::Analyst, None).await;
    let month = app
        .graphql(Some(&token), "{ latestMonth }", json!({}))
        .await;
    let as_of = month.body["data"]["latestMonth"]
        .as_str()
        .unwrap_or("2024-06")
        .to_string();
    let csv = app
        .client
        .get(format!(
            "{}/export/scores?asOf={as_of}&format=csv",
            app.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().filter(|l| l.starts_with("F1,")).collect();
    assert!(!lines.is_empty(), "{csv}");
    for line in lines {
        assert!(line.starts_with("F1,\"'=HYPERLINK("), "{line}");
    }
}
