//! Writing professionals, certifications and associations through GraphQL, on SQLite or PostgreSQL
//! (`PARTNERGRAPH_TEST_BACKEND=postgres`): score impacts that match what the stored scores then say,
//! optimistic concurrency (a stale version or a lost race is `CONFLICT` and changes nothing), roles,
//! all-or-nothing bulk writes with dry runs, and error messages that never carry database text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use entities::{professional_associations, professionals};
use partnergraph::auth::Role;
use partnergraph_tests::{TestApp, example, spawn_app, write_partners_folder};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};

const ASSOCIATE: &str = "mutation($i: AssociateProfessionalInput!) { associateProfessional(input: $i) {
    association { id version associatedOn removedOn professional { professionalId } }
    userErrors { field message code }
    scoreImpact { partnerId designation before after delta meetsBefore meetsAfter metrics { metric before after } } } }";

const END: &str = "mutation($i: EndAssociationInput!) { endAssociation(input: $i) {
    association { id version associatedOn removedOn }
    userErrors { field message code } } }";

const MOVE: &str = "mutation($i: MoveProfessionalInput!) { moveProfessional(input: $i) {
    association { id version associatedOn removedOn }
    previousAssociation { id version associatedOn removedOn }
    userErrors { field message code }
    scoreImpact { partnerId designation before after delta } } }";

const BULK: &str = "mutation($i: BulkAssociateInput!) { bulkAssociate(input: $i) {
    rows { line professionalId action outcome message code }
    applied dryRun
    userErrors { field message code }
    scoreImpact { partnerId designation before after delta } } }";

/// Words of database errors that must never reach a client (verification plan Z5).
const LEAKS: [&str; 9] = [
    "constraint",
    "duplicate key",
    "violates",
    "SQL",
    "sqlx",
    "sea_orm",
    "UNIQUE",
    "127.0.0.1",
    "professional_associations_",
];

async fn admin(app: &TestApp) -> String {
    app.token_for("admin@example.com", Role::Admin, None).await
}

/// `data`, after asserting there are no top-level errors.
async fn ok(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let res = app.graphql(Some(token), query, vars).await;
    res.data().clone()
}

fn codes(payload: &Value) -> Vec<String> {
    payload["userErrors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["code"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn assert_no_leak(body: &Value) {
    let text = body.to_string();
    for word in LEAKS {
        assert!(!text.contains(word), "{word:?} leaked in {text}");
    }
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let db = &app.t.db;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Row counts of every table a write touches.
async fn counts(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for t in [
        "professionals",
        "professional_certifications",
        "professional_associations",
        "audit_events",
    ] {
        out.push(count(app, t).await);
    }
    out
}

async fn associations_of(app: &TestApp, code: &str) -> Vec<professional_associations::Model> {
    let pro = professionals::Entity::find()
        .filter(professionals::Column::ProfessionalId.eq(code))
        .one(&app.t.db)
        .await
        .unwrap()
        .unwrap();
    let mut rows = professional_associations::Entity::find()
        .filter(professional_associations::Column::ProfessionalId.eq(pro.id))
        .all(&app.t.db)
        .await
        .unwrap();
    rows.sort_by_key(|a| a.associated_on);
    rows
}

/// The association of `professional` with `partner`, as the partner's page lists it.
async fn association(app: &TestApp, token: &str, partner: &str, professional: &str) -> Value {
    let data = ok(
        app,
        token,
        "query($p: String!) { partner(partnerId: $p) { professionals(activeOnly: false, first: 100) {
            edges { node { id version associatedOn removedOn professional { professionalId } } } } } }",
        json!({"p": partner}),
    )
    .await;
    data["partner"]["professionals"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .rfind(|n| n["professional"]["professionalId"] == professional)
        .unwrap_or_else(|| panic!("{professional} is not listed for {partner}"))
}

/// Creates a professional holding MS-500, AZ-500 and SC-400 (earned 2023-03-01, no expiry): counted
/// by rule set 2023-12 in each of its Security steps (and by 2023-07 for holding all three).
async fn certified_professional(app: &TestApp, token: &str, code: &str) {
    let data = ok(
        app,
        token,
        "mutation($i: CreateProfessionalInput!) { createProfessional(input: $i) {
            professional { professionalId version } userErrors { code } } }",
        json!({"i": {"professionalId": code, "name": format!("Pro {code}"), "email": format!("{}@example.com", code.to_lowercase())}}),
    )
    .await;
    assert_eq!(
        data["createProfessional"]["userErrors"],
        json!([]),
        "{data}"
    );
    for cert in ["MS-500", "AZ-500", "SC-400"] {
        let data = ok(
            app,
            token,
            "mutation($i: AddCertificationInput!) { addCertification(input: $i) {
                certification { code earnedOn version } userErrors { code message } scoreImpact { designation } } }",
            json!({"i": {"professionalId": code, "code": cert, "earnedOn": "2023-03-01"}}),
        )
        .await;
        let p = &data["addCertification"];
        assert_eq!(p["userErrors"], json!([]), "{data}");
        assert_eq!(p["certification"]["code"], cert);
        assert_eq!(
            p["scoreImpact"],
            json!([]),
            "no partner holds the professional yet"
        );
    }
}

fn security(impacts: &Value) -> &Value {
    impacts
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["designation"] == "SECURITY")
        .unwrap()
}

fn metric<'a>(impact: &'a Value, code: &str) -> &'a Value {
    impact["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == code)
        .unwrap_or_else(|| panic!("no {code} in {impact}"))
}

#[tokio::test]
async fn associating_a_certified_professional_raises_security_and_the_stored_score_agrees() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = admin(&app).await;
    certified_professional(&app, &token, "M9").await;

    let data = ok(
        &app,
        &token,
        ASSOCIATE,
        json!({"i": {"professionalId": "M9", "partnerId": "P", "associatedOn": "2024-01-01"}}),
    )
    .await;
    let p = &data["associateProfessional"];
    assert_eq!(p["userErrors"], json!([]), "{data}");
    assert_eq!(p["association"]["version"], 1);
    assert_eq!(p["association"]["removedOn"], Value::Null);
    assert_eq!(
        p["scoreImpact"].as_array().unwrap().len(),
        6,
        "one entry per designation"
    );
    // June 2024 is scored by rule set 2023-12: the example's four professionals fill steps 1 and 2
    // but hold no step-3 certification (their SC-200 is step 2's), so Security skilling is 0 until M9
    // (SC-400) arrives and earns 40 / 6 points.
    let s = security(&p["scoreImpact"]);
    assert_eq!(s["partnerId"], "P");
    assert_eq!(s["before"], 36.68);
    let intermediate = metric(s, "INTERMEDIATE_CERTIFICATIONS");
    assert_eq!(intermediate["before"], 0.0);
    assert_eq!(intermediate["after"], 6.67, "1 of the 6 step-3 people");
    // The total is the sum of the rounded metric points: 16 + 6.67 + 20 + 0.68.
    assert_eq!(s["after"], 43.35);
    assert_eq!(s["delta"], 6.67);
    for other in p["scoreImpact"].as_array().unwrap() {
        if other["designation"] != "SECURITY" {
            assert_eq!(other["delta"], 0.0, "{other}");
        }
    }

    // The stored score, read back as a client would, is the impact's "after".
    let data = ok(
        &app,
        &token,
        "{ partner(partnerId: \"P\") { capabilityScore(designation: SECURITY, asOf: \"2024-06\") {
            total metrics { metric points value } } } }",
        json!({}),
    )
    .await;
    let score = &data["partner"]["capabilityScore"];
    assert_eq!(score["total"], 43.35);
    let m = score["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "INTERMEDIATE_CERTIFICATIONS")
        .unwrap();
    assert_eq!(m["points"], 6.67);
    assert_eq!(m["value"], 1.0);
    assert_eq!(count(&app, "score_refresh_queue").await, 0, "refreshed");

    // The audit trail has the change, its values and its impact.
    let data = ok(
        &app,
        &token,
        "{ auditEvents(filter: {partnerId: \"P\", action: \"professional.associate\"}) { totalCount
            nodes { actor action entityType partnerId professionalId before after scoreImpact occurredAt requestId } } }",
        json!({}),
    )
    .await;
    let events = &data["auditEvents"];
    assert_eq!(events["totalCount"], 1);
    let e = &events["nodes"][0];
    assert_eq!(e["actor"], "admin@example.com");
    assert_eq!(
        e["requestId"].as_str().map(str::len),
        Some(32),
        "the audit event names the request: {e}"
    );
    assert_eq!(e["entityType"], "association");
    assert_eq!(e["professionalId"], "M9");
    assert_eq!(e["before"], Value::Null);
    let after: Value = serde_json::from_str(e["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["partnerId"], "P");
    assert_eq!(after["associatedOn"], "2024-01-01");
    let impact: Value = serde_json::from_str(e["scoreImpact"].as_str().unwrap()).unwrap();
    assert_eq!(
        impact,
        json!([{"partnerId": "P", "designation": "SECURITY", "before": 36.68, "after": 43.35,
            "delta": 6.67, "meetsBefore": false, "meetsAfter": false,
            "metrics": [{"metric": "INTERMEDIATE_CERTIFICATIONS", "before": 0.0, "after": 6.67}]}]),
        "only the designations that change are recorded"
    );
}

#[tokio::test]
async fn simulate_score_writes_nothing_and_predicts_what_the_mutations_then_do() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = admin(&app).await;
    certified_professional(&app, &token, "M9").await;
    let analyst = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let before = counts(&app).await;

    let simulate = "query($c: [ScoreChangeInput!]!) { simulateScore(partnerId: \"P\", changes: $c, asOf: \"2024-06\") {
        partnerId designation before after delta meetsBefore meetsAfter metrics { metric before after } } }";
    let associate =
        json!([{"kind": "ASSOCIATE_PROFESSIONAL", "professionalId": "M9", "date": "2024-01-01"}]);
    // Analysts may simulate (it writes nothing).
    let predicted =
        ok(&app, &analyst, simulate, json!({"c": associate})).await["simulateScore"].clone();
    assert_eq!(counts(&app).await, before, "a simulation writes nothing");
    assert_eq!(security(&predicted)["after"], 43.35);

    let done = ok(
        &app,
        &token,
        ASSOCIATE,
        json!({"i": {"professionalId": "M9", "partnerId": "P", "associatedOn": "2024-01-01"}}),
    )
    .await;
    assert_eq!(done["associateProfessional"]["scoreImpact"], predicted);

    // Removing a certification: predicted, then done.
    let remove = json!([{"kind": "REMOVE_CERTIFICATION", "professionalId": "M0", "certification": "AZ-500", "date": "2023-03-01"},
                        {"kind": "REMOVE_CERTIFICATION", "professionalId": "M0", "certification": "MS-500"}]);
    let predicted = ok(&app, &token, simulate, json!({"c": remove})).await["simulateScore"].clone();
    let certs = ok(
        &app,
        &token,
        "{ node(id: \"UHJvZmVzc2lvbmFsOk0w\") { ... on Professional { certifications { code earnedOn version } } } }",
        json!({}),
    )
    .await;
    assert_eq!(certs["node"]["certifications"].as_array().unwrap().len(), 3);
    let mut last = Value::Null;
    for code in ["AZ-500", "MS-500"] {
        let data = ok(
            &app,
            &token,
            "mutation($i: RemoveCertificationInput!) { removeCertification(input: $i) {
                certification { code } userErrors { code message }
                scoreImpact { partnerId designation before after delta meetsBefore meetsAfter metrics { metric before after } } } }",
            json!({"i": {"professionalId": "M0", "code": code, "earnedOn": "2023-03-01", "version": 1}}),
        )
        .await;
        assert_eq!(data["removeCertification"]["userErrors"], json!([]));
        last = data["removeCertification"]["scoreImpact"].clone();
    }
    // Together the two removals land where the simulation said.
    assert_eq!(security(&last)["after"], security(&predicted)["after"]);

    // Each kind names the field it misses.
    for (change, field) in [
        (
            json!({"kind": "ASSOCIATE_PROFESSIONAL", "date": "2024-01-01"}),
            "changes[0].professionalId",
        ),
        (
            json!({"kind": "ADD_CERTIFICATION", "professionalId": "M9", "date": "2024-01-01"}),
            "changes[0].certification",
        ),
        (
            json!({"kind": "ADD_CUSTOMER_ASSOCIATION", "tenantId": "00000000-0000-0000-0000-000000000099", "date": "2024-01-01"}),
            "changes[0].associationType",
        ),
        (
            json!({"kind": "END_CUSTOMER_ASSOCIATION", "tenantId": "00000000-0000-0000-0000-000000000001", "associationType": "CPOR"}),
            "changes[0].date",
        ),
    ] {
        let res = app
            .graphql(Some(&token), simulate, json!({"c": [change]}))
            .await;
        assert_eq!(res.error_code(), Some("BAD_USER_INPUT"), "{}", res.body);
        let message = res.body["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with(field), "{message}");
    }
    let res = app
        .graphql(
            Some(&token),
            "{ simulateScore(partnerId: \"nope\", changes: []) { designation } }",
            json!({}),
        )
        .await;
    assert_eq!(res.error_code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn two_concurrent_ends_with_one_version_one_wins_and_the_other_conflicts() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = admin(&app).await;
    let link = association(&app, &token, "P", "M0").await;
    assert_eq!(link["version"], 1);
    let audit_before = count(&app, "audit_events").await;
    let end =
        |day: &str| json!({"i": {"associationId": link["id"], "removedOn": day, "version": 1}});
    let (a, b) = tokio::join!(
        app.graphql(Some(&token), END, end("2024-02-01")),
        app.graphql(Some(&token), END, end("2024-03-01")),
    );
    let (a, b) = (&a.data()["endAssociation"], &b.data()["endAssociation"]);
    let outcomes = [codes(a), codes(b)];
    assert!(
        outcomes.contains(&vec![]) && outcomes.contains(&vec!["CONFLICT".to_string()]),
        "{a} {b}"
    );
    let winner = if codes(a).is_empty() { a } else { b };
    let loser = if codes(a).is_empty() { b } else { a };
    assert_eq!(loser["association"], Value::Null);
    assert_no_leak(loser);
    let rows = associations_of(&app, "M0").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].version, 2, "exactly one change");
    assert_eq!(
        rows[0].removed_on.map(|d| d.to_string()),
        winner["association"]["removedOn"]
            .as_str()
            .map(str::to_string)
    );
    assert_eq!(count(&app, "audit_events").await, audit_before + 1);
}

#[tokio::test]
async fn concurrent_read_modify_write_loops_lose_no_update() {
    const CLIENTS: usize = 4;
    const EDITS: usize = 10;
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = admin(&app).await;
    let started = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let conflicts = std::sync::atomic::AtomicUsize::new(0);
    let client = || async {
        for _ in 0..EDITS {
            loop {
                // Read, add a day to the end date, write back with the version read.
                let link = association(&app, &token, "P", "M1").await;
                let current = link["removedOn"]
                    .as_str()
                    .map(|d| d.parse::<NaiveDate>().unwrap())
                    .unwrap_or(started);
                let next = current.succ_opt().unwrap();
                let res = app
                    .graphql(
                        Some(&token),
                        END,
                        json!({"i": {"associationId": link["id"], "removedOn": next.to_string(), "version": link["version"]}}),
                    )
                    .await;
                let payload = &res.data()["endAssociation"];
                match codes(payload).as_slice() {
                    [] => break,
                    [c] if c == "CONFLICT" => {
                        conflicts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    other => panic!("unexpected {other:?}: {payload}"),
                }
            }
        }
    };
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        tasks.push(client());
    }
    futures_join_all(tasks).await;
    let rows = associations_of(&app, "M1").await;
    let n = (CLIENTS * EDITS) as i32;
    assert_eq!(rows[0].version, 1 + n, "every edit applied exactly once");
    assert_eq!(
        rows[0].removed_on,
        started.checked_add_days(chrono::Days::new(n as u64)),
        "no lost update"
    );
    let ends = count(&app, "audit_events").await;
    assert_eq!(ends, n as i64, "one audit event per applied edit");
    eprintln!(
        "{} conflicts retried",
        conflicts.load(std::sync::atomic::Ordering::Relaxed)
    );
}

/// Runs futures concurrently on this task (the test crate has no `futures` dependency).
async fn futures_join_all<F: std::future::Future<Output = ()>>(futures: Vec<F>) {
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
    std::future::poll_fn(|cx| {
        let mut pending = false;
        set.retain_mut(|f| {
            let done = f.as_mut().poll(cx).is_ready();
            pending |= !done;
            !done
        });
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
}

#[tokio::test]
async fn two_concurrent_associations_of_one_professional_one_wins_without_database_text() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    for round in 0..3 {
        let code = format!("NEW{round}");
        certified_professional(&app, &token, &code).await;
        let vars = |partner: &str| json!({"i": {"professionalId": code, "partnerId": partner, "associatedOn": "2024-01-01"}});
        let (a, b) = tokio::join!(
            app.graphql(Some(&token), ASSOCIATE, vars("P001")),
            app.graphql(Some(&token), ASSOCIATE, vars("P002")),
        );
        assert_no_leak(&a.body);
        assert_no_leak(&b.body);
        let (a, b) = (
            &a.data()["associateProfessional"],
            &b.data()["associateProfessional"],
        );
        let outcomes = [codes(a), codes(b)];
        assert!(
            outcomes.contains(&vec![]) && outcomes.contains(&vec!["CONFLICT".to_string()]),
            "{a} {b}"
        );
        let loser = if codes(a).is_empty() { b } else { a };
        assert_eq!(
            loser["userErrors"][0]["field"],
            json!(["input", "professionalId"])
        );
        let rows = associations_of(&app, &code).await;
        assert_eq!(rows.len(), 1, "exactly one association");
        assert!(rows[0].removed_on.is_none());
    }
    // A later plain associate tells to move instead.
    let data = ok(
        &app,
        &token,
        ASSOCIATE,
        json!({"i": {"professionalId": "P001-M0", "partnerId": "P002", "associatedOn": "2024-01-01"}}),
    )
    .await;
    let e = &data["associateProfessional"]["userErrors"][0];
    assert_eq!(e["code"], "CONFLICT");
    assert!(
        e["message"].as_str().unwrap().contains("moveProfessional"),
        "{e}"
    );
}

#[tokio::test]
async fn moving_a_professional_ends_one_association_starts_another_and_reports_both_partners() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    let link = association(&app, &token, "P001", "P001-M0").await;
    let vars = |day: &str, version: &Value| json!({"i": {"professionalId": "P001-M0", "toPartnerId": "P002", "movedOn": day, "version": version}});

    // A stale version changes nothing.
    let data = ok(&app, &token, MOVE, vars("2024-03-01", &json!(7))).await;
    assert_eq!(codes(&data["moveProfessional"]), ["CONFLICT"]);
    assert_eq!(associations_of(&app, "P001-M0").await.len(), 1);

    let (a, b) = tokio::join!(
        app.graphql(Some(&token), MOVE, vars("2024-03-01", &link["version"])),
        app.graphql(Some(&token), MOVE, vars("2024-04-01", &link["version"])),
    );
    let (a, b) = (&a.data()["moveProfessional"], &b.data()["moveProfessional"]);
    let outcomes = [codes(a), codes(b)];
    assert!(
        outcomes.contains(&vec![]) && outcomes.contains(&vec!["CONFLICT".to_string()]),
        "{a} {b}"
    );
    let winner = if codes(a).is_empty() { a } else { b };
    let day = winner["association"]["associatedOn"].clone();
    assert_eq!(winner["previousAssociation"]["removedOn"], day);
    assert_eq!(winner["previousAssociation"]["version"], 2);
    assert_eq!(
        winner["association"]["version"], 3,
        "the current association's version keeps growing across a move"
    );
    let partners: Vec<&str> = winner["scoreImpact"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["partnerId"].as_str().unwrap())
        .collect();
    assert_eq!(partners.len(), 12);
    assert!(partners[..6].iter().all(|p| *p == "P001"));
    assert!(partners[6..].iter().all(|p| *p == "P002"));
    let rows = associations_of(&app, "P001-M0").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows.iter().filter(|r| r.removed_on.is_none()).count(),
        1,
        "one open association"
    );
    let moves = ok(
        &app,
        &token,
        "{ auditEvents(filter: {professionalId: \"P001-M0\", action: \"professional.move\"}) { totalCount nodes { partnerId } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        moves["auditEvents"]["totalCount"], 2,
        "one event per partner"
    );

    // Moving on or before the current start is refused, naming the field.
    let link = association(&app, &token, "P002", "P002-M1").await;
    let data = ok(
        &app,
        &token,
        MOVE,
        json!({"i": {"professionalId": "P002-M1", "toPartnerId": "P001", "movedOn": "2023-01-01", "version": link["version"]}}),
    )
    .await;
    let e = &data["moveProfessional"]["userErrors"][0];
    assert_eq!(e["code"], "BAD_USER_INPUT");
    assert_eq!(e["field"], json!(["input", "movedOn"]));
}

#[tokio::test]
async fn partner_admins_write_their_own_partner_only_and_analysts_write_nothing() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    certified_professional(&app, &token, "FREE").await;
    let analyst = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let pa = app
        .token_for("pa1@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    let own = association(&app, &token, "P001", "P001-M1").await;
    let theirs = association(&app, &token, "P002", "P002-M1").await;
    let before = counts(&app).await;

    let every_mutation = [
        (
            "mutation { createProfessional(input: {professionalId: \"X1\", name: \"X\"}) { userErrors { code } } }",
            json!({}),
        ),
        (
            "mutation { updateProfessional(input: {professionalId: \"P002-M1\", name: \"X\", version: 1}) { userErrors { code } } }",
            json!({}),
        ),
        (
            "mutation { addCertification(input: {professionalId: \"P002-M1\", code: \"SC-300\", earnedOn: \"2024-01-01\"}) { userErrors { code } } }",
            json!({}),
        ),
        (
            "mutation { removeCertification(input: {professionalId: \"P002-M1\", code: \"AZ-500\", earnedOn: \"2023-03-01\", version: 1}) { userErrors { code } } }",
            json!({}),
        ),
        (
            ASSOCIATE,
            json!({"i": {"professionalId": "FREE", "partnerId": "P002", "associatedOn": "2024-01-01"}}),
        ),
        (
            END,
            json!({"i": {"associationId": theirs["id"], "removedOn": "2024-02-01", "version": 1}}),
        ),
        (
            MOVE,
            json!({"i": {"professionalId": "P001-M1", "toPartnerId": "P002", "movedOn": "2024-02-01", "version": own["version"]}}),
        ),
        (
            MOVE,
            json!({"i": {"professionalId": "P002-M1", "toPartnerId": "P001", "movedOn": "2024-02-01", "version": theirs["version"]}}),
        ),
        (
            BULK,
            json!({"i": {"partnerId": "P002", "dryRun": false, "rows": [{"professionalId": "FREE", "action": "ASSOCIATE", "date": "2024-01-01"}]}}),
        ),
    ];
    for (i, (query, vars)) in every_mutation.iter().enumerate() {
        let res = app.graphql(Some(&analyst), query, vars.clone()).await;
        assert_eq!(
            res.error_code(),
            Some("FORBIDDEN"),
            "analyst, mutation {i}: {}",
            res.body
        );
        // The partner admin of P001 may create a professional (it belongs to nobody yet), and
        // nothing else here: each one touches P002.
        if i == 0 {
            continue;
        }
        let res = app.graphql(Some(&pa), query, vars.clone()).await;
        assert_eq!(
            res.error_code(),
            Some("FORBIDDEN"),
            "partner admin, mutation {i}: {}",
            res.body
        );
    }
    assert_eq!(counts(&app).await, before, "nothing changed");

    // Its own partner it may write.
    let data = ok(
        &app,
        &pa,
        ASSOCIATE,
        json!({"i": {"professionalId": "FREE", "partnerId": "P001", "associatedOn": "2024-01-01"}}),
    )
    .await;
    assert_eq!(data["associateProfessional"]["userErrors"], json!([]));
    let data = ok(
        &app,
        &pa,
        END,
        json!({"i": {"associationId": own["id"], "removedOn": "2024-02-01", "version": own["version"]}}),
    )
    .await;
    assert_eq!(data["endAssociation"]["userErrors"], json!([]));
    let data = ok(
        &app,
        &pa,
        "mutation { updateProfessional(input: {professionalId: \"FREE\", name: \"Free Agent\", version: 1}) {
            professional { name version } userErrors { code } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data["updateProfessional"]["professional"],
        json!({"name": "Free Agent", "version": 2})
    );
}

#[tokio::test]
async fn stale_versions_unknown_ids_and_bad_dates_are_user_errors_that_change_nothing() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = admin(&app).await;
    let update = "mutation($i: UpdateProfessionalInput!) { updateProfessional(input: $i) {
        professional { name email version } userErrors { field message code } } }";
    let data = ok(
        &app,
        &token,
        update,
        json!({"i": {"professionalId": "M0", "name": "Renamed", "version": 1}}),
    )
    .await;
    assert_eq!(
        data["updateProfessional"]["professional"],
        json!({"name": "Renamed", "email": "p0@x.com", "version": 2})
    );
    let before = counts(&app).await;
    let data = ok(
        &app,
        &token,
        update,
        json!({"i": {"professionalId": "M0", "name": "Lost", "version": 1}}),
    )
    .await;
    let e = &data["updateProfessional"]["userErrors"][0];
    assert_eq!(e["code"], "CONFLICT");
    assert_eq!(e["field"], json!(["input", "version"]));
    let data = ok(
        &app,
        &token,
        update,
        json!({"i": {"professionalId": "NOPE", "name": "X", "version": 1}}),
    )
    .await;
    assert_eq!(codes(&data["updateProfessional"]), ["NOT_FOUND"]);
    let data = ok(
        &app,
        &token,
        update,
        json!({"i": {"professionalId": "M0", "email": "not-an-email", "version": 2}}),
    )
    .await;
    assert_eq!(
        data["updateProfessional"]["userErrors"][0]["field"],
        json!(["input", "email"])
    );
    let data = ok(
        &app,
        &token,
        "mutation { createProfessional(input: {professionalId: \"M1\", name: \"Twin\"}) { userErrors { field code } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data["createProfessional"]["userErrors"],
        json!([{"field": ["input", "professionalId"], "code": "CONFLICT"}])
    );
    let data = ok(
        &app,
        &token,
        "mutation { addCertification(input: {professionalId: \"M1\", code: \"XX-999\", earnedOn: \"2023-01-01\"}) { userErrors { field code } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data["addCertification"]["userErrors"],
        json!([{"field": ["input", "code"], "code": "NOT_FOUND"}])
    );
    let data = ok(
        &app,
        &token,
        "mutation { addCertification(input: {professionalId: \"M1\", code: \"SC-300\", earnedOn: \"2023-05-01\", expiresOn: \"2023-01-01\"}) { userErrors { field code } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data["addCertification"]["userErrors"],
        json!([{"field": ["input", "expiresOn"], "code": "BAD_USER_INPUT"}])
    );
    let data = ok(
        &app,
        &token,
        "mutation { addCertification(input: {professionalId: \"M1\", code: \"AZ-500\", earnedOn: \"2023-03-01\"}) { userErrors { field code } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        codes(&data["addCertification"]),
        ["CONFLICT"],
        "already held"
    );
    let link = association(&app, &token, "P", "M2").await;
    let data = ok(
        &app,
        &token,
        END,
        json!({"i": {"associationId": link["id"], "removedOn": "2022-12-31", "version": 1}}),
    )
    .await;
    assert_eq!(
        data["endAssociation"]["userErrors"],
        json!([{"field": ["input", "removedOn"], "message": "must be on or after the association's start (2023-01-01)", "code": "BAD_USER_INPUT"}])
    );
    let data = ok(
        &app,
        &token,
        END,
        json!({"i": {"associationId": "bm90LWFuLWlk", "removedOn": "2024-01-01", "version": 1}}),
    )
    .await;
    assert_eq!(codes(&data["endAssociation"]), ["NOT_FOUND"]);
    assert_eq!(counts(&app).await, before, "nothing changed");
}

/// A partner `B1` with `n` professionals `B1-0000..` holding AZ-500, none associated yet.
fn write_unassociated(dir: &Path, n: usize) {
    let mut pros = String::from("professional_id,name,email\n");
    let mut certs = String::from("professional_id,certification,earned_on,expires_on\n");
    for i in 0..n {
        let _ = writeln!(pros, "B1-{i:04},Person {i},");
        let _ = writeln!(certs, "B1-{i:04},AZ-500,2023-03-01,");
    }
    std::fs::write(
        dir.join("partners.csv"),
        "partner_id,name,country,anniversary_date\nB1,Bulk One,US,\n",
    )
    .unwrap();
    std::fs::write(dir.join("professionals.csv"), pros).unwrap();
    std::fs::write(dir.join("professional_certifications.csv"), certs).unwrap();
}

#[tokio::test]
async fn a_bulk_dry_run_reports_every_row_and_writes_nothing() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    certified_professional(&app, &token, "FREE").await;
    let before = counts(&app).await;
    let rows = json!([
        {"professionalId": "FREE", "action": "ASSOCIATE", "date": "2024-01-01", "line": 2},
        {"professionalId": "P001-M0", "action": "END", "date": "2024-02-01", "line": 3},
        {"professionalId": "P001-M1", "action": "ASSOCIATE", "date": "2024-01-01", "line": 4},
    ]);
    let data = ok(
        &app,
        &token,
        BULK,
        json!({"i": {"partnerId": "P001", "dryRun": true, "rows": rows}}),
    )
    .await;
    let p = &data["bulkAssociate"];
    assert_eq!(p["dryRun"], true);
    assert_eq!(p["applied"], 0);
    assert_eq!(p["userErrors"], json!([]));
    let outcomes: Vec<(i64, &str)> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_i64().unwrap(), r["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [(2, "WOULD_APPLY"), (3, "WOULD_APPLY"), (4, "SKIPPED")]
    );
    assert!(
        p["rows"][2]["message"]
            .as_str()
            .unwrap()
            .contains("already associated")
    );
    assert_eq!(p["scoreImpact"].as_array().unwrap().len(), 6);
    assert_eq!(
        counts(&app).await,
        before,
        "a dry run writes nothing, not even audit"
    );
}

#[tokio::test]
async fn a_bulk_with_one_bad_row_writes_nothing_and_names_that_row() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    certified_professional(&app, &token, "FREE").await;
    let before = counts(&app).await;
    let rows = json!([
        {"professionalId": "FREE", "action": "ASSOCIATE", "date": "2024-01-01"},
        {"professionalId": "P002-M0", "action": "ASSOCIATE", "date": "2024-01-01"},
        {"professionalId": "P001-M0", "action": "END", "date": "2024-02-01"},
        {"professionalId": "GHOST", "action": "END", "date": "2024-02-01"},
        {"professionalId": "P002-M1", "action": "END", "date": "2024-02-01"},
    ]);
    let data = ok(
        &app,
        &token,
        BULK,
        json!({"i": {"partnerId": "P001", "dryRun": false, "rows": rows}}),
    )
    .await;
    let p = &data["bulkAssociate"];
    assert_eq!(p["applied"], 0);
    let outcomes: Vec<&str> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["WOULD_APPLY", "ERROR", "WOULD_APPLY", "ERROR", "ERROR"]
    );
    let errors: Vec<(Value, &str)> = p["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].clone(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (json!(["input", "rows", "1", "professionalId"]), "CONFLICT"),
            (json!(["input", "rows", "3", "professionalId"]), "NOT_FOUND"),
            (json!(["input", "rows", "4", "professionalId"]), "NOT_FOUND"),
        ],
        "another partner's professionals are refused (Z4)"
    );
    assert_eq!(p["scoreImpact"], json!([]));
    assert_eq!(counts(&app).await, before, "nothing written");
    assert_no_leak(p);
}

#[tokio::test]
async fn a_good_bulk_applies_every_row_in_one_transaction_with_an_audit_event_per_row() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 1);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    for code in ["FREE1", "FREE2"] {
        certified_professional(&app, &token, code).await;
    }
    let audit_before = count(&app, "audit_events").await;
    let rows = json!([
        {"professionalId": "FREE1", "action": "ASSOCIATE", "date": "2024-01-01"},
        {"professionalId": "FREE2", "action": "ASSOCIATE", "date": "2024-01-01"},
        {"professionalId": "P001-M0", "action": "END", "date": "2024-02-01"},
        {"professionalId": "P001-M1", "action": "ASSOCIATE", "date": "2024-02-01"},
    ]);
    let data = ok(
        &app,
        &token,
        BULK,
        json!({"i": {"partnerId": "P001", "dryRun": false, "rows": rows}}),
    )
    .await;
    let p = &data["bulkAssociate"];
    assert_eq!(p["userErrors"], json!([]));
    assert_eq!(p["applied"], 3);
    let outcomes: Vec<&str> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["APPLIED", "APPLIED", "APPLIED", "SKIPPED"]);
    assert_eq!(
        associations_of(&app, "P001-M0").await[0]
            .removed_on
            .map(|d| d.to_string()),
        Some("2024-02-01".into())
    );
    assert_eq!(associations_of(&app, "FREE2").await.len(), 1);
    // One event per applied row, and one for the request with its score impact.
    assert_eq!(count(&app, "audit_events").await, audit_before + 4);
    let data = ok(
        &app,
        &token,
        "{ auditEvents(filter: {action: \"bulk.associate\"}) { nodes { entityKey after scoreImpact } } }",
        json!({}),
    )
    .await;
    let bulk = &data["auditEvents"]["nodes"][0];
    let after: Value = serde_json::from_str(bulk["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["applied"], 3);
    assert_eq!(after["skipped"], 1);
    let rows = ok(
        &app,
        &token,
        "{ auditEvents(filter: {professionalId: \"FREE1\", action: \"professional.associate\"}) { nodes { after } } }",
        json!({}),
    )
    .await;
    let row_after: Value =
        serde_json::from_str(rows["auditEvents"]["nodes"][0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(
        row_after["bulk"], bulk["entityKey"],
        "each row's event names its request"
    );
}

#[tokio::test]
async fn a_thousand_row_bulk_finishes_quickly() {
    const ROWS: usize = 1000;
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_unassociated(dir.path(), ROWS);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    let rows: Vec<Value> = (0..ROWS)
        .map(|i| json!({"professionalId": format!("B1-{i:04}"), "action": "ASSOCIATE", "date": "2024-01-01"}))
        .collect();
    let started = Instant::now();
    let data = ok(
        &app,
        &token,
        BULK,
        json!({"i": {"partnerId": "B1", "dryRun": true, "rows": rows}}),
    )
    .await;
    assert_eq!(
        data["bulkAssociate"]["rows"].as_array().unwrap().len(),
        ROWS
    );
    let dry = started.elapsed();
    let started = Instant::now();
    let data = ok(
        &app,
        &token,
        BULK,
        json!({"i": {"partnerId": "B1", "dryRun": false, "rows": rows}}),
    )
    .await;
    let real = started.elapsed();
    assert_eq!(data["bulkAssociate"]["applied"], ROWS);
    assert_eq!(count(&app, "professional_associations").await, ROWS as i64);
    assert_eq!(count(&app, "audit_events").await, ROWS as i64 + 1);
    eprintln!("1000 rows: dry run {dry:?}, applied {real:?}");
    assert!(real < Duration::from_secs(10), "1000 rows took {real:?}");
    // Ending them all again is one more request.
    let rows: Vec<Value> = (0..ROWS)
        .map(|i| json!({"professionalId": format!("B1-{i:04}"), "action": "END", "date": "2024-03-01"}))
        .collect();
    let data = ok(
        &app,
        &token,
        BULK,
        json!({"i": {"partnerId": "B1", "dryRun": false, "rows": rows}}),
    )
    .await;
    assert_eq!(data["bulkAssociate"]["applied"], ROWS);
    let open = professional_associations::Entity::find()
        .filter(professional_associations::Column::RemovedOn.is_null())
        .all(&app.t.db)
        .await
        .unwrap();
    assert!(open.is_empty());
}

#[tokio::test]
async fn a_write_racing_another_transaction_for_the_open_association_is_a_conflict() {
    use sea_orm::{ActiveModelTrait, Set, TransactionTrait};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 2);
    app.import(dir.path()).await;
    let token = admin(&app).await;
    certified_professional(&app, &token, "RACE").await;
    let pro = professionals::Entity::find()
        .filter(professionals::Column::ProfessionalId.eq("RACE"))
        .one(&app.t.db)
        .await
        .unwrap()
        .unwrap();
    let p002 = entities::partners::Entity::find()
        .filter(entities::partners::Column::PartnerId.eq("P002"))
        .one(&app.t.db)
        .await
        .unwrap()
        .unwrap();
    // Another writer (an import, say) opens an association and has not committed yet: the API's
    // checks cannot see it, so on PostgreSQL its insert meets the partial unique index.
    let other = app.t.db.begin().await.unwrap();
    let now = chrono::Utc::now();
    professional_associations::ActiveModel {
        professional_id: Set(pro.id),
        partner_id: Set(p002.id),
        associated_on: Set(NaiveDate::from_ymd_opt(2024, 2, 1).unwrap()),
        removed_on: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&other)
    .await
    .unwrap();
    let (res, ()) = tokio::join!(
        app.graphql(
            Some(&token),
            ASSOCIATE,
            json!({"i": {"professionalId": "RACE", "partnerId": "P001", "associatedOn": "2024-01-01"}}),
        ),
        async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            other.commit().await.unwrap();
        }
    );
    assert_no_leak(&res.body);
    let payload = &res.data()["associateProfessional"];
    assert_eq!(codes(payload), ["CONFLICT"], "{payload}");
    let message = payload["userErrors"][0]["message"].as_str().unwrap();
    if partnergraph_tests::backend() == partnergraph_tests::Backend::Postgres {
        // The insert met the unique index: the lost race is told in our words.
        assert!(message.contains("meanwhile"), "{message}");
    } else {
        // SQLite's writer waited for the other transaction, then saw its row.
        assert!(message.contains("moveProfessional"), "{message}");
    }
    let rows = associations_of(&app, "RACE").await;
    assert_eq!(rows.len(), 1, "only the other writer's row");
    assert_eq!(rows[0].partner_id, p002.id);
}
