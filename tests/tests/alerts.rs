//! Alerts, on SQLite or PostgreSQL (`PARTNERGRAPH_TEST_BACKEND=postgres`): the events a score refresh
//! raises reach each webhook once, signed, with the facts that changed; a receiver that was down gets
//! the events queued meanwhile with the back-off in the delivery log; events committed before a
//! server stops are delivered by the next one; two replicas deliver each event once; webhooks are
//! managed by administrators and by a partner admin for its own partner only; and the `scoreEvents`
//! subscription over WebSocket delivers events to signed-in clients within their scope.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use partnergraph::auth::Role;
use partnergraph::config::WebhookSettings;
use partnergraph::domain::signature;
use partnergraph::server::webhooks::{Deliverer, spawn as spawn_deliverer};
use partnergraph_tests::receiver::{Received, Receiver};
use partnergraph_tests::{TestApp, example, replica_of, spawn_app, spawn_app_on, test_db};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const CREATE: &str = "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) {
    webhook { id url eventKinds minPointsChange paused partner { partnerId } }
    secret userErrors { field message code } } }";

const LOG: &str = "query($id: ID!) { webhook(id: $id) {
    deliveryCounts { pending delivered failed }
    deliveries(first: 100) { edges { node {
        status attempts nextAttemptAt lastAttemptAt lastStatusCode lastError deliveredAt
        event { id kind designation before { total } after { total } } } } } } }";

const ALL_KINDS: [&str; 4] = [
    "DESIGNATION_MET",
    "DESIGNATION_LOST",
    "SCORE_CHANGED",
    "AT_RISK",
];

/// Settings of a deliverer that may reach this machine and retries after `base` seconds.
fn settings(base: f64) -> WebhookSettings {
    WebhookSettings {
        allow_private_targets: true,
        retry_base_secs: base,
        ..WebhookSettings::default()
    }
}

fn deliverer(app: &TestApp, base: f64) -> Deliverer {
    spawn_deliverer(app.t.db.clone(), settings(base)).expect("deliverer")
}

async fn admin(app: &TestApp) -> String {
    app.token_for("admin@example.com", Role::Admin, None).await
}

/// Registers a webhook to `url` for `kinds`; its id and secret.
async fn register(app: &TestApp, token: &str, url: &str, kinds: &[&str]) -> (String, String) {
    let res = app
        .graphql(
            Some(token),
            CREATE,
            json!({"i": {"url": url, "eventKinds": kinds, "minPointsChange": 1}}),
        )
        .await;
    let p = &res.data()["createWebhook"];
    assert_eq!(p["userErrors"], json!([]), "{p}");
    (
        p["webhook"]["id"].as_str().unwrap().to_string(),
        p["secret"].as_str().unwrap().to_string(),
    )
}

/// Asserts every delivery carries a valid signature of its body, and returns the bodies.
fn verified(received: &[Received], secret: &str) -> Vec<Value> {
    received
        .iter()
        .map(|r| {
            assert!(
                signature::verify(secret, &r.id, r.timestamp, &r.body, &r.signature),
                "a delivery's signature does not verify: {r:?}"
            );
            let age = chrono::Utc::now().timestamp() - r.timestamp;
            assert!((0..120).contains(&age), "timestamp {age} s old");
            let body = r.json();
            assert_eq!(body["data"]["eventId"], r.id.as_str(), "{body}");
            body
        })
        .collect()
}

fn kinds_of(bodies: &[Value]) -> Vec<(String, String)> {
    bodies
        .iter()
        .map(|b| {
            (
                b["type"].as_str().unwrap_or_default().to_string(),
                b["data"]["designation"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// Imports `files` (name, contents) as a folder.
async fn import_files(app: &TestApp, files: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    app.import(dir.path()).await;
}

/// Adds partner Q beside the example's P; an administrator's token and P's partner admin's.
async fn with_partner_q(app: &TestApp) -> (String, String) {
    import_files(
        app,
        &[(
            "partners.csv",
            "partner_id,name,country,anniversary_date\nQ,Partner Q,US,\n",
        )],
    )
    .await;
    let own = app
        .token_for("owner@example.com", Role::PartnerAdmin, Some("P"))
        .await;
    (admin(app).await, own)
}

/// Modern Work's two advanced certifications of the MW-T6 example, expiring on `on`.
fn advanced_expiring(on: &str) -> String {
    format!(
        "professional_id,certification,earned_on,expires_on\n\
         Q1,MS-102,2023-03-01,{on}\nQ2,TEAMS-MTR-TA,2023-03-01,{on}\n"
    )
}

#[tokio::test]
async fn each_event_reaches_its_webhook_once_signed_with_the_facts_that_changed() {
    let app = spawn_app().await;
    let token = admin(&app).await;
    let receiver = Receiver::start(true).unwrap();
    let (id, secret) = register(&app, &token, &receiver.url, &ALL_KINDS).await;
    // Score changes only, and only beyond 100 points: no change is that large.
    let res = app
        .graphql(
            Some(&token),
            CREATE,
            json!({"i": {"url": receiver.url, "eventKinds": ["SCORE_CHANGED"], "minPointsChange": 100}}),
        )
        .await;
    let quiet = res.data()["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let deliverer = deliverer(&app, 0.2);

    // MW-T6 meets Modern Work at 2024-06 (its first score): DESIGNATION_MET, before null.
    app.import(&example("mw-t6")).await;
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    let bodies = verified(&got, &secret);
    assert_eq!(
        kinds_of(&bodies),
        [("DESIGNATION_MET".to_string(), "MODERN_WORK".to_string())],
        "{bodies:?}"
    );
    let met = &bodies[0]["data"];
    assert_eq!(met["partnerId"], "P");
    assert_eq!(met["month"], "2024-06");
    assert_eq!(met["before"], Value::Null, "a first score has no before");
    assert_eq!(met["after"]["meetsRequirements"], true);
    assert_eq!(met["after"]["total"], 72.0);
    let first = met["changes"].as_array().unwrap();
    assert!(!first.is_empty(), "{met}");
    for c in first {
        assert_eq!(c["pointsBefore"], Value::Null, "{c}");
        assert_eq!(
            c["factsAdded"],
            json!([]),
            "a first score's facts are in the score itself: {c}"
        );
    }
    assert!(
        first
            .iter()
            .any(|c| c["factsAddedCount"].as_u64() > Some(0)),
        "{met}"
    );

    // Both advanced certifications now expire in August: met in June, lost by the horizon.
    import_files(
        &app,
        &[(
            "professional_certifications.csv",
            &advanced_expiring("2024-08-15"),
        )],
    )
    .await;
    let got = receiver.wait_for(2, Duration::from_secs(10)).await;
    let bodies = verified(&got, &secret);
    assert_eq!(
        kinds_of(&bodies[1..]),
        [("AT_RISK".to_string(), "MODERN_WORK".to_string())],
        "the June score is unchanged, so only the forecast moved: {bodies:?}"
    );
    let risk = &bodies[1]["data"];
    assert_eq!(risk["before"]["atRiskFrom"], Value::Null);
    assert_eq!(risk["after"]["atRiskFrom"], "2024-08");
    assert_eq!(risk["after"]["meetsRequirements"], true);

    // Expired in May: lost at 2024-06, with the total's drop and the facts behind it.
    import_files(
        &app,
        &[(
            "professional_certifications.csv",
            &advanced_expiring("2024-05-15"),
        )],
    )
    .await;
    let got = receiver.wait_for(4, Duration::from_secs(10)).await;
    let bodies = verified(&got, &secret);
    let mut later = kinds_of(&bodies[2..]);
    later.sort();
    assert_eq!(
        later,
        [
            ("DESIGNATION_LOST".to_string(), "MODERN_WORK".to_string()),
            ("SCORE_CHANGED".to_string(), "MODERN_WORK".to_string()),
        ],
        "{bodies:?}"
    );
    let lost = bodies[2..]
        .iter()
        .find(|b| b["type"] == "DESIGNATION_LOST")
        .unwrap();
    let data = &lost["data"];
    assert_eq!(data["before"]["meetsRequirements"], true);
    assert_eq!(data["after"]["meetsRequirements"], false);
    let changes = data["changes"].as_array().unwrap();
    assert!(!changes.is_empty(), "{data}");
    for c in changes {
        let moved = c["pointsBefore"] != c["pointsAfter"]
            || c["factsAddedCount"].as_u64() > Some(0)
            || c["factsRemovedCount"].as_u64() > Some(0);
        assert!(moved, "a listed metric changed: {c}");
    }
    assert!(
        changes.iter().any(|c| {
            c["factsRemoved"].as_array().is_some_and(|f| {
                f.iter()
                    .any(|f| f["subject"] == "Q1" || f["subject"] == "Q2")
            }) || c["factsAdded"].as_array().is_some_and(|f| {
                f.iter().any(|f| {
                    (f["subject"] == "Q1" || f["subject"] == "Q2")
                        && f["detail"].as_str().is_some_and(|d| d.contains("expire"))
                })
            })
        }),
        "the facts name the professionals whose certifications expired: {changes:?}"
    );

    // Nothing else arrives, and the delivery log says the same: each once, delivered at once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), 4);
    let ids: std::collections::BTreeSet<String> =
        receiver.received().iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 4, "one delivery per event");
    let log = app.graphql(Some(&token), LOG, json!({"id": id})).await;
    let hook = &log.data()["webhook"];
    assert_eq!(
        hook["deliveryCounts"],
        json!({"pending": 0, "delivered": 4, "failed": 0})
    );
    for edge in hook["deliveries"]["edges"].as_array().unwrap() {
        let d = &edge["node"];
        assert_eq!(d["status"], "DELIVERED", "{d}");
        assert_eq!(d["attempts"], 1, "{d}");
        assert_eq!(d["lastStatusCode"], 204, "{d}");
        assert!(ids.contains(d["event"]["id"].as_str().unwrap()), "{d}");
    }
    let log = app.graphql(Some(&token), LOG, json!({"id": quiet})).await;
    assert_eq!(
        log.data()["webhook"]["deliveryCounts"],
        json!({"pending": 0, "delivered": 0, "failed": 0}),
        "a score change within a webhook's minimum is not sent to it"
    );
    deliverer.stop(Duration::from_secs(5)).await;
    receiver.stop().await;
}

#[tokio::test]
async fn a_receiver_that_was_down_gets_the_queued_events_once_it_is_back_with_the_back_off_in_the_log()
 {
    let app = spawn_app().await;
    let token = admin(&app).await;
    let receiver = Receiver::start(false).unwrap();
    let (id, secret) = register(&app, &token, &receiver.url, &ALL_KINDS).await;
    let deliverer = deliverer(&app, 0.25);
    app.import(&example("mw-t6")).await;

    // Down: 0.25 s, 0.5 s, 1 s, … between attempts.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while receiver.refused() < 4 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(receiver.refused() >= 4, "retried while down");
    let log = app.graphql(Some(&token), LOG, json!({"id": id})).await;
    let d = log.data()["webhook"]["deliveries"]["edges"][0]["node"].clone();
    assert_eq!(d["status"], "PENDING", "{d}");
    let attempts = d["attempts"].as_i64().unwrap();
    assert!(attempts >= 3, "{d}");
    assert_eq!(d["lastStatusCode"], 503, "{d}");
    assert!(
        d["lastError"].as_str().unwrap().contains("503"),
        "the log says why: {d}"
    );
    let at = |k: &str| chrono::DateTime::parse_from_rfc3339(d[k].as_str().unwrap()).unwrap();
    let wait = (at("nextAttemptAt") - at("lastAttemptAt")).num_milliseconds();
    let expected = 250 * (1i64 << (attempts - 1));
    assert!(
        (expected - 50..=expected + 50).contains(&wait),
        "after attempt {attempts} the next waits {wait} ms, not {expected} ms: {d}"
    );

    receiver.set_up(true);
    let got = receiver.wait_for(1, Duration::from_secs(30)).await;
    let bodies = verified(&got, &secret);
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_eq!(bodies[0]["type"], "DESIGNATION_MET");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(receiver.received().len(), 1, "delivered once");
    let log = app.graphql(Some(&token), LOG, json!({"id": id})).await;
    let d = &log.data()["webhook"]["deliveries"]["edges"][0]["node"];
    assert_eq!(d["status"], "DELIVERED", "{d}");
    assert!(d["attempts"].as_i64().unwrap() > attempts, "{d}");
    assert_eq!(d["nextAttemptAt"], Value::Null);
    deliverer.stop(Duration::from_secs(5)).await;
    receiver.stop().await;
}

#[tokio::test]
async fn events_committed_before_a_server_stops_are_delivered_by_the_next_one() {
    let receiver = Receiver::start(true).unwrap();
    let first = spawn_app().await;
    let token = admin(&first).await;
    let (_, secret) = register(&first, &token, &receiver.url, &ALL_KINDS).await;
    // This server has no deliverer: it stops right after the refresh committed its events.
    first.import(&example("mw-t6")).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(receiver.received().is_empty());
    let second = replica_of(&first.t).await;
    // Its pool closed: nothing of it runs any more (its folder stays, holding the SQLite file).
    first.t.db.clone().close().await.unwrap();

    let deliverer = spawn_deliverer(second.db.clone(), settings(0.2)).unwrap();
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    let bodies = verified(&got, &secret);
    assert_eq!(kinds_of(&bodies)[0].0, "DESIGNATION_MET", "{bodies:?}");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(receiver.received().len(), 1);
    deliverer.stop(Duration::from_secs(5)).await;
    second.db.clone().close().await.unwrap();
    receiver.stop().await;
}

#[tokio::test]
async fn two_replicas_on_one_database_deliver_each_event_once() {
    let app = spawn_app().await;
    let token = admin(&app).await;
    let receiver = Receiver::start(true).unwrap();
    let (id, secret) = register(&app, &token, &receiver.url, &ALL_KINDS).await;
    let replica = replica_of(&app.t).await;
    let a = deliverer(&app, 0.2);
    let b = spawn_deliverer(replica.db.clone(), settings(0.2)).unwrap();
    let n = 60;
    // In rounds of ten, within the server's admission queue.
    for _ in 0..n / 10 {
        let sends = (0..10).map(|_| {
            app.graphql(
                Some(&token),
                "mutation($id: ID!) { sendTestWebhookEvent(id: $id) { delivery { status } userErrors { code } } }",
                json!({"id": id}),
            )
        });
        for res in futures::future::join_all(sends).await {
            assert_eq!(
                res.data()["sendTestWebhookEvent"]["userErrors"],
                json!([]),
                "{:?}",
                res.body
            );
        }
    }
    let got = receiver.wait_for(n, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got = if receiver.received().len() > got.len() {
        receiver.received()
    } else {
        got
    };
    let bodies = verified(&got, &secret);
    assert!(bodies.iter().all(|b| b["type"] == "TEST"));
    let ids: std::collections::BTreeSet<&str> = got.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got.len(), n, "each event delivered once");
    assert_eq!(ids.len(), n);
    a.stop(Duration::from_secs(5)).await;
    b.stop(Duration::from_secs(5)).await;
    replica.db.clone().close().await.unwrap();
    receiver.stop().await;
}

#[tokio::test]
async fn webhooks_are_managed_by_administrators_and_by_a_partner_admin_for_its_own_partner() {
    let app = spawn_app().await;
    app.import(&example("mw-t6")).await;
    let (admin, own) = with_partner_q(&app).await;
    let analyst = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let url = "https://hooks.example.com/partnergraph";

    // Bad input: every problem named by its field; nothing written.
    let res = app
        .graphql(
            Some(&admin),
            CREATE,
            json!({"i": {"url": "ftp://user:pw@x", "eventKinds": [], "minPointsChange": 101}}),
        )
        .await;
    let errors = &res.data()["createWebhook"]["userErrors"];
    let fields: Vec<&Value> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(
        fields,
        [&json!(["input", "minPointsChange"])],
        "the amount is checked first: {errors}"
    );
    let res = app
        .graphql(
            Some(&admin),
            CREATE,
            json!({"i": {"url": "ftp://user:pw@x", "eventKinds": [], "minPointsChange": 1}}),
        )
        .await;
    let errors = res.data()["createWebhook"]["userErrors"].clone();
    let fields: Vec<Value> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(
        fields,
        [json!(["input", "url"]), json!(["input", "eventKinds"])],
        "{errors}"
    );
    assert!(
        errors[0]["message"].as_str().unwrap().contains("ftp"),
        "{errors}"
    );

    // A partner admin's webhook is its partner's, whatever it asks; another partner is refused.
    let res = app
        .graphql(
            Some(&own),
            CREATE,
            json!({"i": {"url": url, "eventKinds": ["DESIGNATION_LOST"]}}),
        )
        .await;
    let p = &res.data()["createWebhook"];
    assert_eq!(p["webhook"]["partner"]["partnerId"], "P", "{p}");
    assert!(p["secret"].as_str().unwrap().starts_with("whsec_"));
    let res = app
        .graphql(
            Some(&own),
            CREATE,
            json!({"i": {"url": url, "eventKinds": ["DESIGNATION_LOST"], "partnerId": "Q"}}),
        )
        .await;
    assert_eq!(res.error_code(), Some("FORBIDDEN"), "{}", res.body);
    let res = app
        .graphql(
            Some(&analyst),
            CREATE,
            json!({"i": {"url": url, "eventKinds": ["AT_RISK"]}}),
        )
        .await;
    assert_eq!(res.error_code(), Some("FORBIDDEN"), "{}", res.body);
    let res = app
        .graphql(None, "{ webhooks { totalCount } }", json!({}))
        .await;
    assert!(res.error_code().is_some(), "{}", res.body);

    // The administrator's own webhook, for every partner: the partner admin does not see it.
    let (admins, _) = register(&app, &admin, url, &["SCORE_CHANGED"]).await;
    let list = |token: String| {
        let app = &app;
        async move {
            let res = app
                .graphql(
                    Some(&token),
                    "{ webhooks { totalCount edges { node { id partner { partnerId } } } } }",
                    json!({}),
                )
                .await;
            res.data()["webhooks"].clone()
        }
    };
    assert_eq!(list(admin.clone()).await["totalCount"], 2);
    let theirs = list(own.clone()).await;
    assert_eq!(theirs["totalCount"], 1, "{theirs}");
    let own_id = theirs["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (query, name) in [
        (
            "mutation($id: ID!) { deleteWebhook(id: $id) { userErrors { field code } } }",
            "deleteWebhook",
        ),
        (
            "mutation($id: ID!) { sendTestWebhookEvent(id: $id) { userErrors { field code } } }",
            "sendTestWebhookEvent",
        ),
    ] {
        let res = app.graphql(Some(&own), query, json!({"id": admins})).await;
        assert_eq!(
            res.data()[name]["userErrors"][0]["code"],
            "NOT_FOUND",
            "{name}: another owner's webhook does not exist for a partner admin: {}",
            res.body
        );
    }
    let res = app
        .graphql(
            Some(&own),
            "query($id: ID!) { webhook(id: $id) { id } }",
            json!({"id": admins}),
        )
        .await;
    assert_eq!(res.data()["webhook"], Value::Null);

    // Pause, resume and delete, each in the audit trail; the secret is never in it.
    let update = "mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { paused minPointsChange } userErrors { field code } } }";
    let res = app
        .graphql(
            Some(&own),
            update,
            json!({"i": {"id": own_id, "paused": true, "minPointsChange": 2.5}}),
        )
        .await;
    assert_eq!(
        res.data()["updateWebhook"]["webhook"],
        json!({"paused": true, "minPointsChange": 2.5})
    );
    let res = app
        .graphql(
            Some(&own),
            update,
            json!({"i": {"id": own_id, "paused": false}}),
        )
        .await;
    assert_eq!(res.data()["updateWebhook"]["webhook"]["paused"], false);
    let res = app
        .graphql(
            Some(&own),
            "mutation($id: ID!) { deleteWebhook(id: $id) { webhook { url } userErrors { code } } }",
            json!({"id": own_id}),
        )
        .await;
    assert_eq!(res.data()["deleteWebhook"]["webhook"]["url"], url);
    assert_eq!(list(own.clone()).await["totalCount"], 0);
    let res = app
        .graphql(
            Some(&admin),
            "{ auditEvents(filter: {partnerId: \"P\"}) { nodes { action after before } } }",
            json!({}),
        )
        .await;
    let actions: Vec<String> = res.data()["auditEvents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["action"].as_str().unwrap().to_string())
        .filter(|a| a.starts_with("webhook."))
        .collect();
    for a in [
        "webhook.create",
        "webhook.pause",
        "webhook.resume",
        "webhook.delete",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    assert!(
        !res.body.to_string().contains("whsec_"),
        "no secret in the audit trail"
    );
}

#[tokio::test]
async fn a_paused_webhook_gets_nothing_and_a_private_address_is_refused_unless_allowed() {
    let app = spawn_app().await;
    let token = admin(&app).await;
    let receiver = Receiver::start(true).unwrap();
    let (paused, _) = register(&app, &token, &receiver.url, &ALL_KINDS).await;
    let res = app
        .graphql(
            Some(&token),
            "mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { paused } } }",
            json!({"i": {"id": paused, "paused": true}}),
        )
        .await;
    assert_eq!(res.data()["updateWebhook"]["webhook"]["paused"], true);
    // A deliverer that may reach public addresses only.
    let (private, _) = register(&app, &token, &receiver.url, &ALL_KINDS).await;
    let strict = spawn_deliverer(
        app.t.db.clone(),
        WebhookSettings {
            retry_base_secs: 30.0,
            ..WebhookSettings::default()
        },
    )
    .unwrap();
    app.import(&example("mw-t6")).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = app.graphql(Some(&token), LOG, json!({"id": private})).await;
        let d = log.data()["webhook"]["deliveries"]["edges"][0]["node"].clone();
        if d["attempts"].as_i64() >= Some(1) || tokio::time::Instant::now() > deadline {
            break d;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(log["status"], "PENDING", "{log}");
    assert!(
        log["lastError"]
            .as_str()
            .unwrap()
            .contains("not a public address")
            && log["lastError"]
                .as_str()
                .unwrap()
                .contains("WEBHOOK_ALLOW_PRIVATE_TARGETS"),
        "{log}"
    );
    assert!(
        receiver.received().is_empty(),
        "nothing reached the private address"
    );
    let log = app.graphql(Some(&token), LOG, json!({"id": paused})).await;
    assert_eq!(
        log.data()["webhook"]["deliveryCounts"],
        json!({"pending": 0, "delivered": 0, "failed": 0}),
        "a paused webhook has no deliveries queued"
    );
    strict.stop(Duration::from_secs(5)).await;
    receiver.stop().await;
}

/// A `graphql-transport-ws` client signed in with `token`.
async fn subscriber(
    app: &TestApp,
    token: Option<&str>,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let url = format!("{}/graphql", app.base.replace("http://", "ws://"));
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let payload = match token {
        Some(t) => json!({"Authorization": format!("Bearer {t}")}),
        None => json!({}),
    };
    ws.send(Message::Text(
        json!({"type": "connection_init", "payload": payload})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    ws
}

/// The next JSON message (skipping pings), or what closed the connection, within `timeout`.
async fn next_message(
    ws: &mut tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    timeout: Duration,
) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == "ping" || v["type"] == "pong" {
                    continue;
                }
                return Some(v);
            }
            Ok(Some(Ok(Message::Close(frame)))) => {
                return Some(json!({"type": "close", "code": frame.map(|f| u16::from(f.code))}));
            }
            Ok(Some(Ok(_))) => continue,
            Ok(Some(Err(_)) | None) => return Some(json!({"type": "close"})),
            Err(_) => return None,
        }
    }
}

async fn subscribe(
    ws: &mut tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    id: &str,
    query: &str,
) {
    ws.send(Message::Text(
        json!({"id": id, "type": "subscribe", "payload": {"query": query}})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
}

const EVENTS: &str = "subscription { scoreEvents { kind designation month partner { partnerId }
    before { total meetsRequirements } after { total meetsRequirements } pointsChange
    changes { metric pointsBefore pointsAfter factsAdded { subject } } } }";

#[tokio::test]
async fn the_subscription_delivers_each_event_within_a_second_to_the_callers_it_may_reach() {
    let app = spawn_app_on(test_db().await, false).await;
    app.import(&example("security-2023-worked")).await;
    let (admin, own) = with_partner_q(&app).await;
    let other = app
        .token_for("other@example.com", Role::PartnerAdmin, Some("Q"))
        .await;

    // No credentials: the connection is closed (4403), nothing subscribed.
    let mut anonymous = subscriber(&app, None).await;
    let closed = next_message(&mut anonymous, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(closed["type"], "close", "{closed}");

    // A partner admin may not subscribe to another partner.
    let mut refused = subscriber(&app, Some(&other)).await;
    assert_eq!(
        next_message(&mut refused, Duration::from_secs(5))
            .await
            .unwrap()["type"],
        "connection_ack"
    );
    subscribe(
        &mut refused,
        "1",
        "subscription { scoreEvents(partnerId: \"P\") { kind } }",
    )
    .await;
    let answer = next_message(&mut refused, Duration::from_secs(5))
        .await
        .unwrap();
    let text = answer.to_string();
    assert!(text.contains("FORBIDDEN"), "{answer}");
    assert!(
        matches!(answer["type"].as_str(), Some("error" | "next")),
        "{answer}"
    );

    let mut watchers = Vec::new();
    for token in [&admin, &own, &other] {
        let mut ws = subscriber(&app, Some(token)).await;
        assert_eq!(
            next_message(&mut ws, Duration::from_secs(5)).await.unwrap()["type"],
            "connection_ack"
        );
        subscribe(&mut ws, "events", EVENTS).await;
        watchers.push(ws);
    }
    // A query over WebSocket is sent back to HTTP.
    subscribe(&mut watchers[0], "q", "{ latestMonth }").await;
    let answer = next_message(&mut watchers[0], Duration::from_secs(5))
        .await
        .unwrap();
    assert!(answer.to_string().contains("HTTP POST"), "{answer}");
    let _complete = next_message(&mut watchers[0], Duration::from_millis(500)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A professional holding MS-500, AZ-500 and SC-400 joins P: Security rises 36.68 → 43.35.
    let write = |q: &'static str, v: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            let res = app.graphql(Some(admin), q, v).await;
            assert!(res.body.get("errors").is_none(), "{}", res.body);
        }
    };
    write(
        "mutation($i: CreateProfessionalInput!) { createProfessional(input: $i) { userErrors { code } } }",
        json!({"i": {"professionalId": "M9", "name": "Pro M9", "email": "m9@example.com"}}),
    )
    .await;
    for cert in ["MS-500", "AZ-500", "SC-400"] {
        write(
            "mutation($i: AddCertificationInput!) { addCertification(input: $i) { userErrors { code } } }",
            json!({"i": {"professionalId": "M9", "code": cert, "earnedOn": "2023-03-01"}}),
        )
        .await;
    }
    write(
        "mutation($i: AssociateProfessionalInput!) { associateProfessional(input: $i) { userErrors { code } } }",
        json!({"i": {"professionalId": "M9", "partnerId": "P", "associatedOn": "2024-01-01"}}),
    )
    .await;
    let changed = tokio::time::Instant::now();
    for (i, ws) in watchers.iter_mut().enumerate().take(2) {
        let msg = next_message(ws, Duration::from_secs(1))
            .await
            .unwrap_or_else(|| panic!("subscriber {i} got nothing within a second of the change"));
        assert_eq!(msg["type"], "next", "{msg}");
        let e = &msg["payload"]["data"]["scoreEvents"];
        assert_eq!(e["kind"], "SCORE_CHANGED", "{e}");
        assert_eq!(e["designation"], "SECURITY");
        assert_eq!(e["month"], "2024-06");
        assert_eq!(e["partner"]["partnerId"], "P");
        assert_eq!(e["before"]["total"], 36.68);
        assert_eq!(e["after"]["total"], 43.35);
        assert_eq!(e["pointsChange"], 6.67);
        let m = &e["changes"][0];
        assert_eq!(m["metric"], "INTERMEDIATE_CERTIFICATIONS", "{e}");
        assert_eq!(m["pointsAfter"], 6.67);
        assert!(m["factsAdded"].to_string().contains("M9"), "{m}");
    }
    assert!(changed.elapsed() < Duration::from_secs(1));
    // Q's partner admin hears nothing of P.
    assert_eq!(
        next_message(&mut watchers[2], Duration::from_millis(800)).await,
        None
    );

    // Disabled, P's partner admin is signed out of its subscription within the recheck.
    let res = app
        .graphql(
            Some(&admin),
            "mutation { disableUser(email: \"owner@example.com\") { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(res.data()["disableUser"]["userErrors"], json!([]));
    let msg = next_message(&mut watchers[1], Duration::from_secs(8))
        .await
        .expect("the subscription ends");
    assert!(msg.to_string().contains("UNAUTHENTICATED"), "{msg}");
    // The administrator's goes on.
    assert_eq!(
        next_message(&mut watchers[0], Duration::from_millis(300)).await,
        None
    );
}
