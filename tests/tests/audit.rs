//! The audit trail end to end, on SQLite or PostgreSQL (`PARTNERGRAPH_TEST_BACKEND=postgres`): every
//! change is recorded with who, when, what and the values before and after; the trail is filtered,
//! paged newest first and scoped (a partner admin sees its partner's events only); the CSV export
//! gives the same events; user administration is for administrators and is audited too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use partnergraph::auth::Role;
use partnergraph_tests::{TestApp, spawn_app, write_partners_folder};
use serde_json::{Value, json};

const EVENTS: &str = "query($f: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $f, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id occurredAt actor action entityType entityKey partnerId professionalId before after scoreImpact requestId } } }";

struct World {
    app: TestApp,
    admin: String,
    pa: String,
    analyst: String,
    started: chrono::DateTime<chrono::Utc>,
}

/// Two partners; four changes: the admin renames P001-M0, ends P002-M0's association and creates a
/// professional; P001's partner admin adds a certification to P001-M1.
async fn world() -> World {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    let pa = app
        .token_for("pa1@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    let analyst = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let started = chrono::Utc::now() - chrono::Duration::seconds(1);
    let w = World {
        app,
        admin,
        pa,
        analyst,
        started,
    };
    let data = w
        .ok(
            &w.admin,
            "mutation { updateProfessional(input: {professionalId: \"P001-M0\", name: \"Renamed\", version: 1}) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["updateProfessional"]["userErrors"], json!([]));
    let links = w
        .ok(
            &w.admin,
            "{ partner(partnerId: \"P002\") { professionals(first: 10) { nodes { id version professional { professionalId } } } } }",
            json!({}),
        )
        .await;
    let link = links["partner"]["professionals"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["professional"]["professionalId"] == "P002-M0")
        .unwrap()
        .clone();
    let data = w
        .ok(
            &w.admin,
            "mutation($i: EndAssociationInput!) { endAssociation(input: $i) { userErrors { code } } }",
            json!({"i": {"associationId": link["id"], "removedOn": "2024-06-01", "version": link["version"]}}),
        )
        .await;
    assert_eq!(data["endAssociation"]["userErrors"], json!([]));
    let data = w
        .ok(
            &w.admin,
            "mutation { createProfessional(input: {professionalId: \"NEW1\", name: \"New One\"}) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["createProfessional"]["userErrors"], json!([]));
    let data = w
        .ok(
            &w.pa,
            "mutation { addCertification(input: {professionalId: \"P001-M1\", code: \"SC-300\", earnedOn: \"2023-06-01\"}) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["addCertification"]["userErrors"], json!([]));
    w
}

impl World {
    async fn ok(&self, token: &str, query: &str, vars: Value) -> Value {
        self.app
            .graphql(Some(token), query, vars)
            .await
            .data()
            .clone()
    }

    async fn events(&self, token: &str, filter: Value) -> Value {
        self.ok(token, EVENTS, json!({"f": filter, "first": 100}))
            .await["auditEvents"]
            .clone()
    }

    async fn export(&self, token: Option<&str>, query: &str) -> (u16, String, String) {
        let mut req = self
            .app
            .client
            .get(format!("{}/export/audit{query}", self.app.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, content_type, res.text().await.unwrap())
    }
}

fn actions(events: &Value) -> Vec<String> {
    events["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn audit_events_are_newest_first_filtered_and_paged() {
    let w = world().await;
    let all = w.events(&w.admin, json!(null)).await;
    assert_eq!(all["totalCount"], 4);
    assert_eq!(
        actions(&all),
        [
            "certification.add",
            "professional.create",
            "association.end",
            "professional.update"
        ],
        "newest first"
    );
    let update = &all["nodes"][3];
    assert_eq!(update["actor"], "admin@example.com");
    assert_eq!(update["entityType"], "professional");
    assert_eq!(update["entityKey"], "P001-M0");
    assert_eq!(update["partnerId"], "P001");
    let before: Value = serde_json::from_str(update["before"].as_str().unwrap()).unwrap();
    let after: Value = serde_json::from_str(update["after"].as_str().unwrap()).unwrap();
    assert_eq!(before["name"], "Professional P001-M0");
    assert_eq!(after["name"], "Renamed");
    assert_eq!(
        (before["version"].clone(), after["version"].clone()),
        (json!(1), json!(2))
    );
    let end = &all["nodes"][2];
    let after: Value = serde_json::from_str(end["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["removedOn"], "2024-06-01");
    assert!(end["scoreImpact"].as_str().unwrap().starts_with('['));
    let cert = &all["nodes"][0];
    assert_eq!(cert["actor"], "pa1@example.com");
    assert_eq!(cert["entityKey"], "P001-M1/SC-300/2023-06-01");

    let wr = &w;
    let by = |f: Value| async move { actions(&wr.events(&wr.admin, f).await) };
    assert_eq!(
        by(json!({"partnerId": "P001"})).await,
        ["certification.add", "professional.update"]
    );
    assert_eq!(
        by(json!({"professionalId": "P002-M0"})).await,
        ["association.end"]
    );
    assert_eq!(
        by(json!({"actor": "pa1@example.com"})).await,
        ["certification.add"]
    );
    assert_eq!(
        by(json!({"action": "professional.create"})).await,
        ["professional.create"]
    );
    assert_eq!(
        by(json!({"partnerId": "P001", "actor": "admin@example.com"})).await,
        ["professional.update"]
    );
    assert_eq!(
        by(json!({"professionalId": "NOBODY"})).await,
        Vec::<String>::new()
    );
    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    assert_eq!(by(json!({"from": later})).await, Vec::<String>::new());
    assert_eq!(
        by(json!({"to": w.started.to_rfc3339()})).await,
        Vec::<String>::new()
    );
    assert_eq!(
        by(json!({"from": w.started.to_rfc3339(), "to": later}))
            .await
            .len(),
        4
    );
    // Every event falls in its own [occurredAt, occurredAt + 1µs) window.
    for node in all["nodes"].as_array().unwrap() {
        let at: chrono::DateTime<chrono::Utc> =
            node["occurredAt"].as_str().unwrap().parse().unwrap();
        let to = (at + chrono::Duration::microseconds(1)).to_rfc3339();
        let hits = w
            .events(&w.admin, json!({"from": node["occurredAt"], "to": to}))
            .await;
        assert!(
            hits["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["id"] == node["id"]),
            "{node}"
        );
    }

    // A page at a time, with cursors.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = w
            .ok(&w.analyst, EVENTS, json!({"first": 1, "after": after}))
            .await["auditEvents"]
            .clone();
        assert_eq!(page["totalCount"], 4);
        seen.extend(actions(&page));
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = Some(page["pageInfo"]["endCursor"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, actions(&all));
    let res = w
        .app
        .graphql(Some(&w.admin), EVENTS, json!({"first": 1000}))
        .await;
    assert_eq!(res.error_code(), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn a_partner_admin_reads_only_its_partners_events() {
    let w = world().await;
    let own = w.events(&w.pa, json!(null)).await;
    assert_eq!(own["totalCount"], 2);
    assert!(
        own["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["partnerId"] == "P001"),
        "{own}"
    );
    let res = w
        .app
        .graphql(Some(&w.pa), EVENTS, json!({"f": {"partnerId": "P002"}}))
        .await;
    assert_eq!(res.error_code(), Some("FORBIDDEN"));
    let res = w
        .app
        .graphql(
            Some(&w.pa),
            EVENTS,
            json!({"f": {"partnerId": "DOES-NOT-EXIST"}}),
        )
        .await;
    assert_eq!(
        res.error_code(),
        Some("FORBIDDEN"),
        "no hint of which partners exist"
    );
    let other = w.events(&w.pa, json!({"professionalId": "P002-M0"})).await;
    assert_eq!(other["totalCount"], 0);
    let res = w.app.graphql(None, EVENTS, json!({})).await;
    assert_eq!(res.error_code(), Some("UNAUTHENTICATED"));
}

/// Parses RFC 4180 CSV (quoted fields with commas, quotes and newlines).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn numeric_id(global: &Value) -> String {
    let text =
        String::from_utf8(URL_SAFE_NO_PAD.decode(global.as_str().unwrap()).unwrap()).unwrap();
    text.strip_prefix("AuditEvent:").unwrap().to_string()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_csv_export_gives_the_events_of_the_query_with_a_header_row() {
    let w = world().await;
    let (status, content_type, body) = w.export(Some(&w.admin), "").await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let rows = parse_csv(&body);
    assert_eq!(
        rows[0],
        [
            "id",
            "occurred_at",
            "actor",
            "action",
            "entity_type",
            "entity_key",
            "partner_id",
            "professional_id",
            "before",
            "after",
            "score_impact",
            "request_id"
        ]
    );
    let all = w.events(&w.admin, json!(null)).await;
    let nodes = all["nodes"].as_array().unwrap();
    assert_eq!(rows.len() - 1, nodes.len());
    for (row, node) in rows[1..].iter().zip(nodes) {
        assert_eq!(row[0], numeric_id(&node["id"]));
        let at: chrono::DateTime<chrono::Utc> = row[1].parse().unwrap();
        let node_at: chrono::DateTime<chrono::Utc> = text(&node["occurredAt"]).parse().unwrap();
        assert_eq!(at, node_at);
        assert_eq!(
            row[2..10],
            [
                text(&node["actor"]),
                text(&node["action"]),
                text(&node["entityType"]),
                text(&node["entityKey"]),
                text(&node["partnerId"]),
                text(&node["professionalId"]),
                text(&node["before"]),
                text(&node["after"]),
            ]
        );
        assert_eq!(row[10], text(&node["scoreImpact"]));
    }

    // The same filters as the query.
    let (_, _, body) = w
        .export(Some(&w.admin), "?partnerId=P001&actor=admin%40example.com")
        .await;
    let rows = parse_csv(&body);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][3], "professional.update");
    let (_, _, body) = w
        .export(
            Some(&w.admin),
            &format!(
                "?from={}",
                (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d")
            ),
        )
        .await;
    assert_eq!(parse_csv(&body).len(), 1, "the header only");

    // Scoped for a partner admin.
    let (status, _, body) = w.export(Some(&w.pa), "").await;
    assert_eq!(status, 200);
    let rows = parse_csv(&body);
    assert_eq!(rows.len(), 3);
    assert!(rows[1..].iter().all(|r| r[6] == "P001"), "{body}");
    let (status, _, body) = w.export(Some(&w.pa), "?partnerId=P002").await;
    assert_eq!(status, 403);
    assert_eq!(body.lines().count(), 1, "{body}");
    let (status, _, body) = w.export(None, "").await;
    assert_eq!(status, 401);
    assert_eq!(body.lines().count(), 1);
    let (status, _, _) = w.export(Some("not-a-token"), "").await;
    assert_eq!(status, 401);
    let (status, _, body) = w.export(Some(&w.admin), "?from=yesterday").await;
    assert_eq!(status, 400);
    assert!(body.starts_with("from:"), "{body}");
}

const USER: &str = "user { email role partnerId disabled } userErrors { field message code }";

#[tokio::test]
async fn user_administration_is_for_administrators_and_is_audited() {
    let w = world().await;
    let create = format!("mutation($i: CreateUserInput!) {{ createUser(input: $i) {{ {USER} }} }}");
    let data = w
        .ok(
            &w.admin,
            &create,
            json!({"i": {"email": "New.PA@Example.com", "password": "a long enough password", "role": "PARTNER_ADMIN", "partnerId": "P002"}}),
        )
        .await;
    assert_eq!(
        data["createUser"],
        json!({"user": {"email": "new.pa@example.com", "role": "PARTNER_ADMIN", "partnerId": "P002", "disabled": false}, "userErrors": []})
    );
    for (input, field, code) in [
        (
            json!({"email": "new.pa@example.com", "password": "a long enough password", "role": "ANALYST"}),
            "email",
            "CONFLICT",
        ),
        (
            json!({"email": "x@example.com", "password": "a long enough password", "role": "PARTNER_ADMIN"}),
            "partnerId",
            "BAD_USER_INPUT",
        ),
        (
            json!({"email": "x@example.com", "password": "short", "role": "ANALYST"}),
            "password",
            "BAD_USER_INPUT",
        ),
        (
            json!({"email": "not an email", "password": "a long enough password", "role": "ANALYST"}),
            "email",
            "BAD_USER_INPUT",
        ),
    ] {
        let data = w.ok(&w.admin, &create, json!({"i": input})).await;
        let e = &data["createUser"]["userErrors"][0];
        assert_eq!(e["field"], json!(["input", field]), "{data}");
        assert_eq!(e["code"], code, "{data}");
    }
    let list = w
        .ok(
            &w.admin,
            "{ users(first: 2) { totalCount pageInfo { hasNextPage } nodes { email role partnerId } } }",
            json!({}),
        )
        .await;
    assert_eq!(list["users"]["totalCount"], 4);
    assert_eq!(list["users"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(list["users"]["nodes"][0]["email"], "admin@example.com");

    let data = w
        .ok(
            &w.admin,
            &format!("mutation {{ disableUser(email: \"new.pa@example.com\") {{ {USER} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(data["disableUser"]["user"]["disabled"], true);
    let res = w
        .app
        .graphql(
            None,
            "mutation { login(email: \"new.pa@example.com\", password: \"a long enough password\") { token } }",
            json!({}),
        )
        .await;
    assert_eq!(res.error_code(), Some("UNAUTHENTICATED"));
    // Enabled again, the user signs in.
    let data = w
        .ok(
            &w.admin,
            &format!("mutation {{ enableUser(email: \"new.pa@example.com\") {{ {USER} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(data["enableUser"]["user"]["disabled"], false, "{data}");
    let res = w
        .app
        .graphql(
            None,
            "mutation { login(email: \"new.pa@example.com\", password: \"a long enough password\") { token } }",
            json!({}),
        )
        .await;
    assert!(res.data()["login"]["token"].is_string(), "{:?}", res.body);
    let data = w
        .ok(
            &w.admin,
            &format!("mutation {{ disableUser(email: \"admin@example.com\") {{ {USER} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(
        data["disableUser"]["userErrors"][0]["code"],
        "BAD_USER_INPUT"
    );
    let data = w
        .ok(
            &w.admin,
            &format!("mutation {{ disableUser(email: \"ghost@example.com\") {{ {USER} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(
        data["disableUser"]["userErrors"],
        json!([{"field": ["email"], "message": "no user with this email", "code": "NOT_FOUND"}])
    );
    let data = w
        .ok(
            &w.admin,
            &format!("mutation {{ resetPassword(email: \"analyst@example.com\", password: \"another long password\") {{ {USER} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(data["resetPassword"]["userErrors"], json!([]));
    let res = w
        .app
        .graphql(
            None,
            "mutation { login(email: \"analyst@example.com\", password: \"another long password\") { token } }",
            json!({}),
        )
        .await;
    let analyst = res.data()["login"]["token"].as_str().unwrap().to_string();
    let res = w
        .app
        .graphql(Some(&w.analyst), "{ viewer { label } }", json!({}))
        .await;
    assert_eq!(
        res.error_code(),
        Some("UNAUTHENTICATED"),
        "tokens issued before the reset are refused"
    );

    // Nobody but an administrator.
    for token in [&w.pa, &analyst] {
        for q in [
            "{ users { totalCount } }".to_string(),
            format!("mutation {{ disableUser(email: \"admin@example.com\") {{ {USER} }} }}"),
            format!("mutation {{ enableUser(email: \"new.pa@example.com\") {{ {USER} }} }}"),
            format!(
                "mutation {{ resetPassword(email: \"admin@example.com\", password: \"takeover password\") {{ {USER} }} }}"
            ),
            format!(
                "mutation {{ createUser(input: {{email: \"evil@example.com\", password: \"a long enough password\", role: ADMIN}}) {{ {USER} }} }}"
            ),
        ] {
            let res = w.app.graphql(Some(token), &q, json!({})).await;
            assert_eq!(res.error_code(), Some("FORBIDDEN"), "{q}: {}", res.body);
        }
    }

    // Audited, never with a password or its hash.
    let events = w.events(&w.admin, json!(null)).await;
    let user_events: Vec<&Value> = events["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["entityType"] == "user")
        .collect();
    let acts: Vec<&str> = user_events
        .iter()
        .map(|n| n["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        acts,
        [
            "user.reset_password",
            "user.enable",
            "user.disable",
            "user.create"
        ]
    );
    let text = serde_json::to_string(&user_events).unwrap();
    assert!(!text.contains("another long password") && !text.contains("a long enough password"));
    assert!(!text.contains("argon2"));
}
