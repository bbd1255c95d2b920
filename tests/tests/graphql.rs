//! The GraphQL API as clients use it: the catalogue anonymously, signing in, paging partners with
//! cursors, nested scores with facts, `node(id:)`, scopes, what a professional counts for, and the
//! limits that protect the server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use partnergraph::auth::Role;
use partnergraph_tests::{example, spawn_app, spawn_app_on, test_db, write_partners_folder};
use serde_json::{Value, json};

#[tokio::test]
async fn anonymous_callers_read_the_catalogue_and_nothing_else() {
    let app = spawn_app().await;
    let res = app
        .graphql(
            None,
            "{ designations { code name metrics { metric category maxPoints } } }",
            json!({}),
        )
        .await;
    let designations = res.data()["designations"].as_array().unwrap();
    assert_eq!(designations.len(), 6);
    let security = designations
        .iter()
        .find(|d| d["code"] == "SECURITY")
        .unwrap();
    let total: f64 = security["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["maxPoints"].as_f64().unwrap())
        .sum();
    assert_eq!(total, 100.0);
    let res = app
        .graphql(None, "{ partners { totalCount } }", json!({}))
        .await;
    assert_eq!(res.error_code(), Some("UNAUTHENTICATED"));
    assert!(res.body["data"].is_null() || res.body["data"]["partners"].is_null());
}

#[tokio::test]
async fn a_client_pages_through_every_partner_with_cursors() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 23);
    app.import(dir.path()).await;
    let token = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let res = app
            .graphql(
                Some(&token),
                "query($after: String) { partners(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { partnerId name } } } }",
                json!({"after": after}),
            )
            .await;
        let page = &res.data()["partners"];
        assert_eq!(page["totalCount"], 23);
        for e in page["edges"].as_array().unwrap() {
            seen.push(e["node"]["partnerId"].as_str().unwrap().to_string());
        }
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = Some(page["pageInfo"]["endCursor"].as_str().unwrap().to_string());
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(seen.len(), 23, "{seen:?}");
    assert_eq!(unique.len(), 23, "duplicates in {seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "pages follow the name order");
}

#[tokio::test]
async fn the_security_example_reads_as_nested_scores_with_facts_and_by_node_id() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let res = app
        .graphql(
            Some(&token),
            r#"{ partner(partnerId: "P") { id name
                  capabilityScore(designation: SECURITY, asOf: "2024-06", ruleSet: "2023-07") { total meetsRequirements ruleSet
                    metrics { metric points maxPoints value target pointsMissing facts { kind subject outcome detail numbers { name value } } } } } }"#,
            json!({}),
        )
        .await;
    let partner = &res.data()["partner"];
    let score = &partner["capabilityScore"];
    assert_eq!(score["total"], 63.35);
    assert_eq!(score["meetsRequirements"], false);
    assert_eq!(score["ruleSet"], "2023-07");
    let metrics = score["metrics"].as_array().unwrap();
    let points = |code: &str| {
        metrics.iter().find(|m| m["metric"] == code).unwrap()["points"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(points("NET_CUSTOMER_ADDS"), 16.0);
    assert_eq!(points("INTERMEDIATE_CERTIFICATIONS"), 26.67);
    assert_eq!(points("DEPLOYMENTS"), 20.0);
    assert_eq!(points("USAGE_GROWTH"), 0.68);
    assert!(
        metrics
            .iter()
            .all(|m| !m["facts"].as_array().unwrap().is_empty())
    );
    let id = partner["id"].as_str().unwrap();
    let by_node = app
        .graphql(
            Some(&token),
            "query($id: ID!) { node(id: $id) { id ... on Partner { partnerId } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(by_node.data()["node"]["partnerId"], "P");
}

#[tokio::test]
async fn rule_set_what_ifs_sit_side_by_side_and_unknown_codes_are_refused() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let skilling = "total ruleSet metrics { metric points value }";
    let res = app
        .graphql(
            Some(&token),
            &format!(
                r#"{{ partner(partnerId: "P") {{
                  inForce: capabilityScore(designation: SECURITY, asOf: "2024-06") {{ {skilling} }}
                  july: capabilityScore(designation: SECURITY, asOf: "2024-06", ruleSet: "2023-07") {{ {skilling} }}
                  december: capabilityScore(designation: SECURITY, asOf: "2024-06", ruleSet: "2023-12") {{ {skilling} }}
                  all: capabilityScores(asOf: "2024-06", ruleSet: "2023-07") {{ designationCode ruleSet }}
                  history: scoreHistory(designation: SECURITY, asOf: "2024-01", months: 4) {{ asOf ruleSet total }}
                  historyJuly: scoreHistory(designation: SECURITY, asOf: "2024-01", months: 4, ruleSet: "2023-07") {{ asOf ruleSet total }} }} }}"#
            ),
            json!({}),
        )
        .await;
    let mut p = res.data()["partner"].clone();
    // Keep only Security's skilling of each score.
    for alias in ["inForce", "july", "december"] {
        let metrics = p[alias]["metrics"].as_array_mut().unwrap();
        metrics.retain(|m| m["metric"] == "INTERMEDIATE_CERTIFICATIONS");
        metrics[0].as_object_mut().unwrap().remove("metric");
    }
    let p = &p;
    // June 2024 is 2023-12's: the four professionals hold SC-200, which no longer earns points in
    // step 3, so Security skilling is 0 (16 + 0 + 20 + 0.68); under 2023-07 they are four of six.
    assert_eq!(
        p["inForce"],
        json!({"total": 36.68, "ruleSet": "2023-12", "metrics": [{"points": 0.0, "value": 0.0}]})
    );
    assert_eq!(p["december"], p["inForce"]);
    assert_eq!(
        p["july"],
        json!({"total": 63.35, "ruleSet": "2023-07", "metrics": [{"points": 26.67, "value": 4.0}]})
    );
    let all = p["all"].as_array().unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.iter().all(|s| s["ruleSet"] == "2023-07"), "{all:?}");
    // A history crosses the change of rules: October and November 2023 are 2023-07's.
    let rule_sets = |h: &Value| -> Vec<String> {
        h.as_array()
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s["asOf"].as_str().unwrap(),
                    s["ruleSet"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        rule_sets(&p["history"]),
        [
            "2023-10 2023-07",
            "2023-11 2023-07",
            "2023-12 2023-12",
            "2024-01 2023-12"
        ]
    );
    assert!(
        rule_sets(&p["historyJuly"])
            .iter()
            .all(|s| s.ends_with(" 2023-07"))
    );
    // The months 2023-07 scores anyway read the same either way.
    assert_eq!(p["history"][0], p["historyJuly"][0]);

    // A what-if stores nothing: the stored June score is still 2023-12's.
    use sea_orm::EntityTrait;
    let stored: Vec<String> = entities::capability_scores::Entity::find()
        .all(&app.t.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.month.to_string() == "2024-06-01")
        .map(|r| r.rule_set_code)
        .collect();
    assert!(
        !stored.is_empty() && stored.iter().all(|c| c == "2023-12"),
        "{stored:?}"
    );

    for bad in ["2019-01", "latest", ""] {
        let res = app
            .graphql(
                Some(&token),
                "query($r: String) { partner(partnerId: \"P\") { capabilityScore(designation: SECURITY, ruleSet: $r) { total } } }",
                json!({"r": bad}),
            )
            .await;
        assert_eq!(res.error_code(), Some("BAD_USER_INPUT"), "{}", res.body);
        let message = res.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("ruleSet: there is no rule set")
                && message.ends_with("the rule sets are 2023-07, 2023-12, 2026-07"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_partner_admin_sees_only_its_own_partner_by_every_path() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 3);
    app.import(dir.path()).await;
    let token = app
        .token_for("pa@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    let admin = app.token_for("root@example.com", Role::Admin, None).await;
    let list = app
        .graphql(
            Some(&token),
            "{ partners { totalCount edges { node { partnerId } } } }",
            json!({}),
        )
        .await;
    assert_eq!(list.data()["partners"]["totalCount"], 1);
    assert_eq!(
        list.data()["partners"]["edges"][0]["node"]["partnerId"],
        "P001"
    );
    let other = app
        .graphql(
            Some(&token),
            r#"{ partner(partnerId: "P002") { name } }"#,
            json!({}),
        )
        .await;
    assert!(other.data()["partner"].is_null());
    let other_id = app
        .graphql(
            Some(&admin),
            r#"{ partner(partnerId: "P002") { id } }"#,
            json!({}),
        )
        .await
        .data()["partner"]["id"]
        .clone();
    let by_node = app
        .graphql(
            Some(&token),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({"id": other_id}),
        )
        .await;
    assert!(by_node.data()["node"].is_null());
    let pro = app.graphql(Some(&admin), r#"{ partner(partnerId: "P002") { professionals { edges { node { professional { id } } } } } }"#, json!({})).await;
    let pro_id =
        pro.data()["partner"]["professionals"]["edges"][0]["node"]["professional"]["id"].clone();
    let by_node = app
        .graphql(
            Some(&token),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({"id": pro_id}),
        )
        .await;
    assert!(
        by_node.data()["node"].is_null(),
        "another partner's professional leaked: {}",
        by_node.body
    );
    let bulk = app.graphql(Some(&token), r#"{ capabilityScores(asOf: "2024-12") { totalCount edges { node { partner { partnerId } } } } }"#, json!({})).await;
    let rows = bulk.data()["capabilityScores"]["edges"].as_array().unwrap();
    assert!(
        rows.iter()
            .all(|r| r["node"]["partner"]["partnerId"] == "P001")
    );
}

/// A server over `n` imported and scored partners, an analyst's token, and a counter of the SQL
/// statements the server runs.
/// The SQL of every statement run since the last `clear`.
type Statements = Arc<std::sync::Mutex<Vec<String>>>;

async fn counted_app(n: usize) -> (partnergraph_tests::TestApp, String, Arc<AtomicUsize>) {
    let (app, token, counter, _) = recorded_app(n).await;
    (app, token, counter)
}

async fn recorded_app(
    n: usize,
) -> (
    partnergraph_tests::TestApp,
    String,
    Arc<AtomicUsize>,
    Statements,
) {
    let mut t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), n);
    partnergraph::import::import_folder(
        &t.db,
        dir.path(),
        partnergraph::import::Progress::silent(),
    )
    .await
    .unwrap();
    let engine = partnergraph::db::scores::Engine::load(&t.db).await.unwrap();
    partnergraph::db::scores::refresh(&t.db, &engine)
        .await
        .unwrap();
    let counter = Arc::new(AtomicUsize::new(0));
    let c = counter.clone();
    let statements: Statements = Arc::default();
    let recorded = statements.clone();
    t.db.set_metric_callback(move |info| {
        c.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut all) = recorded.lock() {
            all.push(info.statement.sql.clone());
        }
        if std::env::var_os("SHOW_SQL").is_some() {
            eprintln!(
                "SQL: {}",
                &info.statement.sql[..info.statement.sql.len().min(120)]
            );
        }
    });
    let app = spawn_app_on(t, false).await;
    let token = app
        .token_for(&format!("a{n}@example.com"), Role::Analyst, None)
        .await;
    (app, token, counter, statements)
}

#[tokio::test]
async fn a_page_of_points_never_reads_the_facts_and_a_query_that_selects_facts_gets_them() {
    let (app, token, _, statements) = recorded_app(5).await;
    let read = |query: &'static str| {
        let (app, token, statements) = (&app, &token, statements.clone());
        async move {
            statements.lock().unwrap().clear();
            let res = app.graphql(Some(token), query, json!({})).await;
            let reads_facts = statements
                .lock()
                .unwrap()
                .iter()
                .any(|sql| sql.contains("breakdown"));
            (res.data()["partners"]["edges"].clone(), reads_facts)
        }
    };
    let points_of = |edges: &Value| -> Vec<Value> {
        edges
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["node"]["capabilityScores"].as_array().unwrap().clone())
            .map(|s| {
                json!([
                    s["total"],
                    s["metrics"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| m["points"].clone())
                        .collect::<Vec<_>>()
                ])
            })
            .collect()
    };
    let (points, reads_facts) = read(
        "{ partners(first: 5) { edges { node { capabilityScores { total metrics { metric points value maxPoints } } } } } }",
    )
    .await;
    assert!(!reads_facts, "a page of points read the stored breakdowns");
    assert_eq!(points_of(&points).len(), 5 * 6);
    // Facts asked for directly, through a fragment, or under a metric's options: read, and shown.
    for query in [
        "{ partners(first: 5) { edges { node { capabilityScores { total metrics { metric points facts { subject } } } } } } }",
        "{ partners(first: 5) { edges { node { capabilityScores { total metrics { metric points ...F } } } } } } fragment F on MetricScore { facts { subject } }",
        "{ partners(first: 5) { edges { node { capabilityScores { total metrics { metric points options { facts { subject } } } } } } } }",
    ] {
        let (with_facts, reads_facts) = read(query).await;
        assert!(reads_facts, "facts selected but not read: {query}");
        assert_eq!(points_of(&with_facts), points_of(&points), "{query}");
    }
    let (with_facts, _) = read(
        "{ partners(first: 5) { edges { node { capabilityScores { total metrics { metric points facts { subject } } } } } } }",
    )
    .await;
    let facts: usize = with_facts
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["node"]["capabilityScores"].as_array().unwrap().clone())
        .flat_map(|s| s["metrics"].as_array().unwrap().clone())
        .map(|m| m["facts"].as_array().unwrap().len())
        .sum();
    assert!(facts > 0, "the facts of every metric are shown");
}

/// The fewest statements of five runs of one nested page: a batch a loader dispatched early (its
/// 1 ms wait ran out on a busy machine) or a pool connection opened on the way is not the query's.
async fn statements_for_nested_page(n: usize) -> usize {
    let (app, token, counter) = counted_app(n).await;
    let mut fewest = usize::MAX;
    for _ in 0..5 {
        counter.store(0, Ordering::SeqCst);
        nested_page(&app, &token, n).await;
        fewest = fewest.min(counter.load(Ordering::SeqCst));
    }
    fewest
}

async fn nested_page(app: &partnergraph_tests::TestApp, token: &str, n: usize) {
    let res = app
        .graphql(
            Some(token),
            "query($n: Int) { partners(first: $n) { totalCount edges { node { name
                capabilityScores { total metrics { points facts { subject } } }
                customerAssociations(first: 5) { totalCount edges { node { associationType startDate customer { tenantId name } } } }
                professionals(first: 10) { totalCount edges { node { professional { professionalId certifications { code } } } } } } } } }",
            json!({"n": n}),
        )
        .await;
    let edges = res.data()["partners"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), n);
    assert!(
        edges
            .iter()
            .all(|e| e["node"]["professionals"]["totalCount"] == 3
                && e["node"]["capabilityScores"].as_array().unwrap().len() == 6)
    );
    assert!(edges.iter().all(|e| {
        let customers = &e["node"]["customerAssociations"];
        customers["totalCount"] == 1 && customers["edges"][0]["node"]["associationType"] == "CPOR"
    }));
}

#[tokio::test]
async fn a_page_is_counted_only_when_it_asks_for_its_total_count() {
    let (app, token, counter) = counted_app(5).await;
    // The fewest statements of three runs: a pool connection opened on the way is not the query's.
    let statements = |query: &'static str| {
        let (app, token, counter) = (&app, &token, counter.clone());
        async move {
            let mut fewest = usize::MAX;
            let mut page = Value::Null;
            for _ in 0..3 {
                counter.store(0, Ordering::SeqCst);
                let res = app.graphql(Some(token), query, json!({})).await;
                fewest = fewest.min(counter.load(Ordering::SeqCst));
                page = res.data()["partners"].clone();
            }
            (fewest, page)
        }
    };
    let (without, page) = statements("{ partners(first: 2) { edges { node { name } } } }").await;
    assert_eq!(page["edges"].as_array().map(Vec::len), Some(2));
    let (with, page) =
        statements("{ partners(first: 2) { totalCount edges { node { name } } } }").await;
    assert_eq!(page["totalCount"], 5);
    assert_eq!(with, without + 1, "the count is the one statement more");
    // An alias or a fragment asks for it too.
    let (_, page) = statements(
        "{ partners(first: 2) { ...Total n: totalCount } } fragment Total on PartnerConnection { totalCount }",
    )
    .await;
    assert_eq!(
        (page["totalCount"].clone(), page["n"].clone()),
        (json!(5), json!(5))
    );
}

#[tokio::test]
async fn a_nested_page_costs_the_same_statements_for_5_and_for_50_partners() {
    let five = statements_for_nested_page(5).await;
    let fifty = statements_for_nested_page(50).await;
    assert_eq!(
        five, fifty,
        "SQL statements grew with the page: {five} for 5 partners, {fifty} for 50"
    );
    assert!(five <= 7, "{five} statements for one nested page");
}

#[tokio::test]
async fn forged_and_broken_tokens_are_refused_with_unauthenticated() {
    let app = spawn_app().await;
    let b64 = |v: &Value| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"sub": "1", "role": "ADMIN", "iss": "partnergraph", "aud": "partnergraph-api", "iat": now, "nbf": now, "exp": now + 600});
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    for token in [
        unsigned.as_str(),
        "not.a.jwt",
        "abc",
        "pgs_not-a-real-token",
    ] {
        let res = app
            .graphql(Some(token), "{ designations { code } }", json!({}))
            .await;
        assert_eq!(res.status, 401, "{token}: {}", res.body);
        assert_eq!(res.error_code(), Some("UNAUTHENTICATED"));
    }
}

#[tokio::test]
async fn oversized_deep_wide_and_batched_requests_are_refused_with_clear_codes() {
    let app = spawn_app().await;
    let token = app.token_for("limits@example.com", Role::Admin, None).await;
    // Too deep.
    let deep = "{ partners { edges { node { capabilityScores { partner { capabilityScores { partner { capabilityScores { partner { capabilityScores { partner { capabilityScores { partner { name } } } } } } } } } } } } } }";
    let res = app.graphql(Some(&token), deep, json!({})).await;
    assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"), "{}", res.body);
    // Too wide: 100 partners x 100 professionals.
    let wide = "{ partners(first: 100) { edges { node { professionals(first: 100) { edges { node { professional { name certifications { code } } } } } } } } }";
    let res = app.graphql(Some(&token), wide, json!({})).await;
    assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"), "{}", res.body);
    // Too many aliases.
    let aliases: String = (0..40)
        .map(|i| format!("a{i}: designations {{ code }} "))
        .collect();
    let res = app
        .graphql(Some(&token), &format!("{{ {aliases} }}"), json!({}))
        .await;
    assert_eq!(res.error_code(), Some("QUERY_TOO_COMPLEX"));
    // Page size beyond the cap.
    let res = app
        .graphql(
            Some(&token),
            "{ partners(first: 1000000) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(res.error_code(), Some("BAD_USER_INPUT"));
    // Cost is reported.
    let res = app
        .graphql(Some(&token), "{ designations { code } }", json!({}))
        .await;
    assert!(
        res.body["extensions"]["cost"]["complexity"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // Batches, non-JSON bodies, GET mutations, oversized bodies.
    let url = format!("{}/graphql", app.base);
    let batch = app.client.post(&url).json(&json!([{"query": "{ designations { code } }"}, {"query": "{ designations { code } }"}])).send().await.unwrap();
    assert_eq!(batch.status(), 400);
    let plain = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body(r#"{"query":"mutation { login(email:\"a\", password:\"b\") { token } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 415);
    let form = app
        .client
        .post(&url)
        .form(&[("query", "{ designations { code } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
    let get_mutation = app
        .client
        .get(&url)
        .query(&[(
            "query",
            "mutation { login(email: \"a\", password: \"b\") { token } }",
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(get_mutation.status(), 405);
    let get_query = app
        .client
        .get(&url)
        .query(&[("query", "{ designations { code } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(get_query.status(), 200);
    let huge = "x".repeat(2 * 1024 * 1024);
    let big = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(format!(r#"{{"query":"{huge}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    let malformed = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"query\":")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
}

#[tokio::test]
async fn production_mode_hides_the_schema_and_suggestions() {
    let app = spawn_app_on(test_db().await, true).await;
    let res = app
        .graphql(
            None,
            "{ __schema { types { name } } __type(name: \"Partner\") { name } }",
            json!({}),
        )
        .await;
    assert!(
        res.body["data"]["__schema"].is_null() && res.body["data"]["__type"].is_null(),
        "{}",
        res.body
    );
    assert!(!res.body.to_string().contains("Partner"), "{}", res.body);
    let res = app
        .graphql(None, "{ designationz { code } }", json!({}))
        .await;
    assert!(
        !res.body.to_string().contains("Did you mean"),
        "{}",
        res.body
    );
    assert_eq!(res.error_code(), Some("BAD_USER_INPUT"));
    let graphiql = app
        .client
        .get(format!("{}/graphql", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(graphiql.status(), 404);
}

#[tokio::test]
async fn tokens_that_are_expired_foreign_or_missing_claims_are_refused() {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let app = spawn_app().await;
    let good = app.token_for("claims@example.com", Role::Admin, None).await;
    // The token the server issued works; the claims below differ from it one at a time.
    assert_eq!(
        app.graphql(Some(&good), "{ partners { totalCount } }", json!({}))
            .await
            .status,
        200
    );
    let user_id = {
        use base64::Engine as _;
        let payload = good.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap();
        claims
    };
    let now = chrono::Utc::now().timestamp();
    let base = user_id.clone();
    let with = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut c = base.as_object().unwrap().clone();
        f(&mut c);
        Value::Object(c)
    };
    let key = EncodingKey::from_secret(partnergraph_tests::TEST_JWT_SECRET.as_bytes());
    let sign = |claims: &Value, alg: Algorithm, key: &EncodingKey| {
        encode(&Header::new(alg), claims, key).unwrap()
    };
    let cases = vec![
        (
            "expired",
            sign(
                &with(&|c| {
                    c.insert("exp".into(), json!(now - 3600));
                    c.insert("nbf".into(), json!(now - 7200));
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
        (
            "not yet valid",
            sign(
                &with(&|c| {
                    c.insert("nbf".into(), json!(now + 3600));
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
        (
            "another key",
            sign(
                &base,
                Algorithm::HS256,
                &EncodingKey::from_secret(b"another-key-of-enough-length-0123456789"),
            ),
        ),
        ("another algorithm", sign(&base, Algorithm::HS512, &key)),
        (
            "no audience",
            sign(
                &with(&|c| {
                    c.remove("aud");
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
        (
            "another audience",
            sign(
                &with(&|c| {
                    c.insert("aud".into(), json!("someone-else"));
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
        (
            "no issuer",
            sign(
                &with(&|c| {
                    c.remove("iss");
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
        (
            "another issuer",
            sign(
                &with(&|c| {
                    c.insert("iss".into(), json!("evil"));
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
        (
            "no expiry",
            sign(
                &with(&|c| {
                    c.remove("exp");
                }),
                Algorithm::HS256,
                &key,
            ),
        ),
    ];
    for (name, token) in cases {
        let res = app
            .graphql(Some(&token), "{ partners { totalCount } }", json!({}))
            .await;
        assert_eq!(res.status, 401, "{name}: {}", res.body);
        assert_eq!(res.error_code(), Some("UNAUTHENTICATED"), "{name}");
        assert!(res.body["data"].is_null(), "{name}");
    }
}

#[tokio::test]
async fn a_database_outage_reaches_the_client_as_unavailable_with_retry_after_and_no_database_text()
{
    let app = spawn_app().await;
    let token = app
        .token_for("outage@example.com", Role::Analyst, None)
        .await;
    app.t.db.clone().close().await.unwrap();
    let res = app
        .graphql(
            Some(&token),
            "{ designations { code } partners { totalCount } }",
            json!({}),
        )
        .await;
    let text = res.body.to_string();
    for leak in [
        "constraint",
        "duplicate key",
        "violates",
        "SQL",
        "sqlx",
        "sea_orm",
        "127.0.0.1",
        "pool",
        "closed",
    ] {
        assert!(!text.contains(leak), "the response leaks {leak:?}: {text}");
    }
    assert_eq!(res.error_code(), Some("UNAVAILABLE"), "{text}");
    assert_eq!(res.status, 503, "{text}");
    assert_eq!(res.retry_after.as_deref(), Some("1"), "{text}");
    // Anonymous catalogue reads come from memory and still work.
    let catalogue = app
        .graphql(None, "{ designations { code } }", json!({}))
        .await;
    assert_eq!(
        catalogue.data()["designations"].as_array().unwrap().len(),
        6
    );
}

#[tokio::test]
async fn a_partner_admin_cannot_read_another_partners_professional_through_a_simulation() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = app
        .token_for("pa-sim@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    let simulate = "query($c: [ScoreChangeInput!]!) { simulateScore(partnerId: \"P001\", changes: $c, asOf: \"2024-06\") { designation delta } }";
    // P002-M0 is actively associated with P002: its certifications are not P001's to see.
    let other = app.graphql(Some(&token), simulate, json!({"c": [{"kind": "ASSOCIATE_PROFESSIONAL", "professionalId": "P002-M0", "date": "2024-01-01"}]})).await;
    assert_eq!(other.error_code(), Some("NOT_FOUND"), "{}", other.body);
    // Its own professional is fine.
    let own = app.graphql(Some(&token), simulate, json!({"c": [{"kind": "END_PROFESSIONAL_ASSOCIATION", "professionalId": "P001-M0", "date": "2024-01-01"}]})).await;
    assert!(own.data()["simulateScore"].as_array().unwrap().len() == 6);
}

#[tokio::test]
async fn a_professional_counts_for_what_the_score_counts_it_for_month_by_month() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let res = app
        .graphql(
            Some(&token),
            r#"{ partner(partnerId: "P") { professionals(first: 1) { nodes { professional { professionalId
                  certifications { code june: valid(asOf: "2024-06") july: valid(asOf: "2024-07") }
                  november: countsFor(asOf: "2023-11") { designation metrics { metric counts certifications missing steps } }
                  june: countsFor(asOf: "2024-06") { designation metrics { metric counts certifications missing steps } } } } } } }"#,
            json!({}),
        )
        .await;
    let professional = &res.data()["partner"]["professionals"]["nodes"][0]["professional"];
    assert_eq!(professional["professionalId"], "M0", "{}", res.body);
    // MS-500 was retired on 2023-06-30: it counts through June 2024, as in the score.
    let ms500 = professional["certifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "MS-500")
        .unwrap();
    assert_eq!(
        (&ms500["june"], &ms500["july"]),
        (&json!(true), &json!(false))
    );
    // November 2023 is scored by rule set 2023-07: MS-500, AZ-500 and an SC exam make M0 count.
    assert_eq!(
        professional["november"],
        json!([{"designation": "SECURITY", "metrics": [{"metric": "INTERMEDIATE_CERTIFICATIONS",
            "counts": true, "certifications": ["AZ-500", "MS-500", "SC-200"], "missing": [], "steps": []}]}])
    );
    // June 2024 is scored by 2023-12: M0 fills steps 1 (AZ-500) and 2 (SC-200, MS-500) but holds no
    // step-3 certification, so earns no points itself.
    assert_eq!(
        professional["june"],
        json!([{"designation": "SECURITY", "metrics": [{"metric": "INTERMEDIATE_CERTIFICATIONS",
            "counts": false, "certifications": [], "missing": [["SC-100", "SC-300", "SC-400"]],
            "steps": ["step 1", "step 2"]}]}])
    );
}

#[tokio::test]
async fn scores_and_metrics_read_the_same_whether_selected_as_plain_fields_or_through_fragments() {
    let (app, token, _) = counted_app(5).await;
    let page = |scores: String| {
        let (app, token) = (&app, &token);
        async move {
            let query = format!(
                "{{ partners(first: 5) {{ edges {{ node {{ capabilityScores {scores} }} }} }} }}"
            );
            let res = app.graphql(Some(token), &query, json!({})).await;
            assert!(res.body.get("errors").is_none(), "{:?}", res.body);
            res.data()["partners"].clone()
        }
    };
    let metric = "__typename metric category points p: points maxPoints value target pointsMissing minimumPoints";
    let score = format!(
        "__typename designationCode asOf ruleSet total t: total meetsRequirements track pointsToThreshold metrics {{ {metric} }}"
    );
    // Plain fields, of a score and of its metrics, are answered in one pass; a fragment, a
    // directive or a field with arguments or objects of its own takes the library's way.
    let plain = page(format!("{{ {score} }}")).await;
    let variants = [
        format!("{{ ... on CapabilityScore {{ {score} }} }}"),
        format!(
            "{{ {} }}",
            score.replace("metrics {", "metrics @include(if: true) {")
        ),
        format!(
            "{{ {} }}",
            score
                .replace("metrics { ", "metrics { ... on MetricScore { ")
                .replace("minimumPoints", "minimumPoints }")
        ),
        format!(
            "{{ {} }}",
            score.replace("p: points", "p: points @skip(if: false)")
        ),
        format!(
            "{{ {} }}",
            score.replace("t: total", "t: total @include(if: true)")
        ),
    ];
    for variant in variants {
        assert_eq!(plain, page(variant.clone()).await, "{variant}");
    }
    // A field the one pass does not answer (an object) beside plain ones.
    let with_object = page(format!("{{ designation {{ code }} {score} }}")).await;
    let first = &plain["edges"][0]["node"]["capabilityScores"][0];
    let first_with_object = &with_object["edges"][0]["node"]["capabilityScores"][0];
    assert_eq!(
        first_with_object["designation"]["code"],
        first["designationCode"]
    );
    assert_eq!(first_with_object["metrics"], first["metrics"]);
    assert_eq!(first["__typename"], "CapabilityScore");
    assert_eq!(first["t"], first["total"]);
    assert!(first["asOf"].is_string() && first["ruleSet"].is_string());
    let metric = &first["metrics"][0];
    assert_eq!(metric["__typename"], "MetricScore");
    assert_eq!(metric["p"], metric["points"]);
    assert!(metric["metric"].is_string() && metric["maxPoints"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn a_customer_reads_its_segment_and_null_when_none_was_imported() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let (t1, t2) = (
        "00000000-0000-0000-0000-000000000001",
        "00000000-0000-0000-0000-000000000002",
    );
    let files = [
        (
            "partners.csv",
            "partner_id,name,country\nP,Partner P,US\n".to_string(),
        ),
        (
            "customers.csv",
            format!("tenant_id,tpid,name,country,segment\n{t1},,One,US,SMB\n{t2},,Two,US,\n"),
        ),
        (
            "customer_associations.csv",
            format!(
                "partner_id,tenant_id,association_type,start_date\nP,{t1},CPOR,2023-01-01\nP,{t2},CPOR,2023-01-01\n"
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    app.import(dir.path()).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let res = app
        .graphql(
            Some(&token),
            r#"{ partner(partnerId: "P") { customerAssociations(first: 5) { edges { node { customer { tenantId segment } } } } } }"#,
            json!({}),
        )
        .await;
    let mut segments: Vec<(String, Value)> = res.data()["partner"]["customerAssociations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let c = &e["node"]["customer"];
            (
                c["tenantId"].as_str().unwrap().to_string(),
                c["segment"].clone(),
            )
        })
        .collect();
    segments.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        segments,
        [
            (t1.to_string(), json!("SMB")),
            (t2.to_string(), Value::Null)
        ]
    );
}

#[tokio::test]
async fn a_partners_professionals_are_searched_by_name_id_or_email() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let ids = |search: Value| {
        let (app, token) = (&app, &token);
        async move {
            let res = app
                .graphql(
                    Some(token),
                    "query($s: String) { partner(partnerId: \"P001\") { professionals(search: $s) {
                        totalCount nodes { professional { professionalId } } } } }",
                    json!({"s": search}),
                )
                .await;
            let page = &res.data()["partner"]["professionals"];
            let ids: Vec<String> = page["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    n["professional"]["professionalId"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect();
            assert_eq!(page["totalCount"], ids.len(), "{page}");
            ids
        }
    };
    assert_eq!(ids(Value::Null).await.len(), 3);
    assert_eq!(ids(json!("   ")).await.len(), 3, "blank is no filter");
    assert_eq!(
        ids(json!("p001-m1")).await,
        vec!["P001-M1"],
        "by id, any case"
    );
    assert_eq!(
        ids(json!("Professional P001-M2")).await,
        vec!["P001-M2"],
        "by name"
    );
    assert_eq!(
        ids(json!("M0@EXAMPLE.com")).await,
        vec!["P001-M0"],
        "by e-mail"
    );
    assert!(
        ids(json!("P002")).await.is_empty(),
        "another partner's are not listed"
    );
    let long = app
        .graphql(
            Some(&token),
            "query($s: String) { partner(partnerId: \"P001\") { professionals(search: $s) { totalCount } } }",
            json!({"s": "x".repeat(201)}),
        )
        .await;
    assert_eq!(long.error_code(), Some("BAD_USER_INPUT"));
    let message = long.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("professionals.search"), "{message}");
}
