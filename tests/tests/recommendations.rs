//! Recommendations and the path to the threshold, checked through the API against `simulateScore` and
//! the real mutations: for every worked example and for demo partners, each recommendation's
//! `pointsGained` is the delta `simulateScore` gives for its `changes`, passed back as they are.

use partnergraph::auth::Role;
use partnergraph_tests::{TestApp, example, examples_dir, spawn_app};
use serde_json::{Value, json};

const DESIGNATIONS: [&str; 6] = [
    "BUSINESS_APPLICATIONS",
    "DATA_AI_AZURE",
    "DIGITAL_APP_INNOVATION_AZURE",
    "INFRASTRUCTURE_AZURE",
    "MODERN_WORK",
    "SECURITY",
];

const CHANGE: &str = "kind professionalId certification date expiresOn tenantId associationType workload measure amount";

fn search_query() -> String {
    format!(
        r#"query($p: String!, $d: DesignationCode!, $m: Month) {{ partner(partnerId: $p) {{
        capabilityScore(designation: $d, asOf: $m) {{ total meetsRequirements }}
        recommendations(designation: $d, asOf: $m) {{
            changes {{ {CHANGE} }} pointsGained totalAfter meetsAfter metric cost detail raisesBlockedMetric }}
        pathToThreshold(designation: $d, asOf: $m) {{
            changes {{ {CHANGE} }} totalAfter actions {{ pointsGained totalAfter }} }}
        pathToThresholdShortfall(designation: $d, asOf: $m) }} }}"#
    )
}

/// One document simulating each list of changes under an alias `s0`, `s1`, ...
fn simulations(count: usize) -> String {
    let vars: Vec<String> = (0..count)
        .map(|i| format!("$c{i}: [ScoreChangeInput!]!"))
        .collect();
    let fields: Vec<String> = (0..count)
        .map(|i| {
            format!(
                "s{i}: simulateScore(partnerId: $p, changes: $c{i}, asOf: $m) {{ designation before after delta meetsAfter }}"
            )
        })
        .collect();
    format!(
        "query($p: String!, $m: Month, {}) {{ {} }}",
        vars.join(", "),
        fields.join(" ")
    )
}

/// The impact on `designation` in a `simulateScore` answer.
fn impact<'a>(list: &'a Value, designation: &str) -> Option<&'a Value> {
    list.as_array()?
        .iter()
        .find(|i| i["designation"] == designation)
}

/// Checks every recommendation and the path of one partner and designation against `simulateScore`;
/// returns how many recommendations were checked and whether a path was found.
async fn check(
    app: &TestApp,
    token: &str,
    partner: &str,
    designation: &str,
    month: Option<&str>,
) -> Option<(usize, Option<Value>)> {
    let vars = json!({ "p": partner, "d": designation, "m": month });
    let res = app.graphql(Some(token), &search_query(), vars).await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    let p = &res.data()["partner"];
    let total = p["capabilityScore"]["total"].as_f64()?;
    let recommendations = p["recommendations"].as_array()?.clone();
    let path = p["pathToThreshold"].clone();
    let mut lists: Vec<Value> = recommendations
        .iter()
        .map(|r| r["changes"].clone())
        .collect();
    if !path.is_null() {
        lists.push(path["changes"].clone());
    }
    // At most 30 aliases a document: simulate in batches.
    let mut simulated = Vec::new();
    for chunk in lists.chunks(25) {
        let mut vars = json!({ "p": partner, "m": month });
        for (i, c) in chunk.iter().enumerate() {
            vars[format!("c{i}")] = c.clone();
        }
        let res = app
            .graphql(Some(token), &simulations(chunk.len()), vars)
            .await;
        assert!(res.body.get("errors").is_none(), "{}", res.body);
        for i in 0..chunk.len() {
            simulated.push(impact(&res.data()[format!("s{i}")], designation)?.clone());
        }
    }
    for (r, s) in recommendations.iter().zip(&simulated) {
        let what = format!("{partner} {designation}: {}", r["detail"]);
        assert!(r["pointsGained"].as_f64()? > 0.0, "{what}");
        assert_eq!(s["delta"], r["pointsGained"], "{what}");
        assert_eq!(s["after"], r["totalAfter"], "{what}");
        assert_eq!(s["before"].as_f64()?, total, "{what}");
        assert_eq!(s["meetsAfter"], r["meetsAfter"], "{what}");
    }
    // Blocked metrics first, then by points gained.
    let blocked = recommendations
        .iter()
        .take_while(|r| r["raisesBlockedMetric"] == true)
        .count();
    for pair in recommendations[blocked..].windows(2) {
        assert!(pair[0]["pointsGained"].as_f64()? >= pair[1]["pointsGained"].as_f64()?);
    }
    if path.is_null() {
        let shortfall = p["pathToThresholdShortfall"].as_str()?;
        assert!(!shortfall.is_empty());
    } else {
        assert!(p["pathToThresholdShortfall"].is_null());
        let s = simulated.last()?;
        assert_eq!(
            s["after"], path["totalAfter"],
            "{partner} {designation} path"
        );
        assert_eq!(s["meetsAfter"], true, "{partner} {designation} path");
    }
    Some((recommendations.len(), (!path.is_null()).then_some(path)))
}

#[tokio::test]
async fn every_example_s_recommendations_gain_what_simulate_score_says_their_changes_gain() {
    let mut checked = 0;
    let mut paths = 0;
    let mut folders: Vec<_> = std::fs::read_dir(examples_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    folders.sort();
    assert!(folders.len() >= 30, "{} example folders", folders.len());
    for folder in folders {
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(folder.join("expected.json")).unwrap())
                .unwrap();
        let month = expected["as_of"].as_str().unwrap().to_string();
        let app = spawn_app().await;
        app.import(&folder).await;
        let token = app.token_for("admin@example.com", Role::Admin, None).await;
        let partners: Vec<String> = expected["partners"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for partner in &partners {
            for d in DESIGNATIONS {
                let (n, path) = check(&app, &token, partner, d, Some(&month))
                    .await
                    .unwrap_or_else(|| panic!("{} {partner} {d}", folder.display()));
                checked += n;
                paths += usize::from(path.is_some());
            }
        }
        // Its server idles from here: give its database connections back.
        app.t.db.clone().close().await.unwrap();
    }
    assert!(checked > 100, "{checked} recommendations checked");
    assert!(paths > 0, "no path found in any example");
}

#[tokio::test]
async fn demo_partners_recommendations_gain_what_simulate_score_says() {
    use partnergraph::demo::{DemoArgs, write_folder};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let args = DemoArgs::with_partners(8).unwrap();
    let generated = write_folder(&args.plan(), dir.path()).unwrap();
    app.import(dir.path()).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let mut checked = 0;
    for (partner, _) in &generated.profiles {
        for d in DESIGNATIONS {
            let (n, _) = check(&app, &token, partner, d, None)
                .await
                .unwrap_or_else(|| panic!("{partner} {d}"));
            checked += n;
        }
    }
    assert!(checked > 20, "{checked} demo recommendations checked");
}

/// Imports FREE-1, associated with no partner, holding AZ-500, SC-200 and SC-100.
async fn import_free_professional(app: &TestApp) -> Option<()> {
    let free = tempfile::tempdir().ok()?;
    std::fs::write(
        free.path().join("professionals.csv"),
        "professional_id,name,email\nFREE-1,Free One,free1@example.com\n",
    )
    .ok()?;
    std::fs::write(
        free.path().join("professional_certifications.csv"),
        "professional_id,certification,earned_on,expires_on\n\
         FREE-1,AZ-500,2023-05-01,\nFREE-1,SC-200,2023-05-01,\nFREE-1,SC-100,2023-05-01,\n",
    )
    .ok()?;
    app.import(free.path()).await;
    Some(())
}

const SCORE: &str = r#"query($p: String!, $d: DesignationCode!, $m: Month) { partner(partnerId: $p) {
    capabilityScore(designation: $d, asOf: $m) { total meetsRequirements } } }"#;

/// The `customer_usage.csv` column of a `UsageMeasure`.
fn usage_column(measure: &str) -> Option<&'static str> {
    Some(match measure {
        "PAID_SEATS" => "paid_seats",
        "PROTECTED_USERS" => "protected_users",
        "ACTIVE_USERS" => "active_users",
        "ACR_USD" => "acr_usd",
        "REVENUE_USD" => "revenue_usd",
        "PROFILES" => "profiles",
        _ => return None,
    })
}

/// Imports the usage a path adds: for each `ADD_USAGE` change, the row of `usage_csv` (the folder's
/// file) with its figure grown by the change's amount.
async fn import_usage(app: &TestApp, usage_csv: &str, changes: &[Value]) -> Option<usize> {
    let mut lines = usage_csv.lines();
    let header: Vec<&str> = lines.next()?.split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let mut grown: std::collections::BTreeMap<(String, String, String, &str), f64> =
        std::collections::BTreeMap::new();
    for c in changes.iter().filter(|c| c["kind"] == "ADD_USAGE") {
        let column = usage_column(c["measure"].as_str()?)?;
        let col = header.iter().position(|h| *h == column)?;
        let (tenant, workload) = (c["tenantId"].as_str()?, c["workload"].as_str()?);
        let month = c["date"].as_str()?.get(..7)?;
        let key = (
            tenant.to_string(),
            month.to_string(),
            workload.to_string(),
            column,
        );
        let stored = rows
            .iter()
            .find(|r| r[0] == tenant && r[1] == month && r[2] == workload)
            .and_then(|r| r.get(col)?.parse::<f64>().ok())
            .unwrap_or(0.0);
        *grown.entry(key).or_insert(stored) += c["amount"].as_f64()?;
    }
    for ((tenant, month, workload, column), value) in &grown {
        let dir = tempfile::tempdir().ok()?;
        std::fs::write(
            dir.path().join("customer_usage.csv"),
            format!("tenant_id,month,workload,{column}\n{tenant},{month},{workload},{value}\n"),
        )
        .ok()?;
        app.import(dir.path()).await;
    }
    Some(grown.len())
}

/// Writes one change of a path through the mutation that makes it real (usage comes from imports:
/// see [`import_usage`]).
async fn write(app: &TestApp, token: &str, partner: &str, change: &Value) -> Option<()> {
    let (query, input) = match change["kind"].as_str()? {
        "ADD_CERTIFICATION" => (
            "mutation($i: AddCertificationInput!) { addCertification(input: $i) { userErrors { message } } }",
            json!({ "professionalId": change["professionalId"], "code": change["certification"],
                    "earnedOn": change["date"], "expiresOn": change["expiresOn"] }),
        ),
        "ASSOCIATE_PROFESSIONAL" => (
            "mutation($i: AssociateProfessionalInput!) { associateProfessional(input: $i) { userErrors { message } } }",
            json!({ "professionalId": change["professionalId"], "partnerId": partner,
                    "associatedOn": change["date"] }),
        ),
        "ADD_USAGE" => return Some(()),
        _ => return None,
    };
    let res = app.graphql(Some(token), query, json!({ "i": input })).await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    let payload = res.data().as_object()?.values().next()?;
    assert_eq!(payload["userErrors"], json!([]), "{change}");
    Some(())
}

#[tokio::test]
async fn applying_the_path_through_the_real_mutations_gives_exactly_the_predicted_total() {
    // The worked example's partner (36.68 points at 2024-06 under 2023-12) is short in skilling and
    // just short in usage growth; a free professional holding the Security set can join. The path's
    // certifications and professionals are written through the mutations, its usage imported.
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    import_free_professional(&app).await.unwrap();
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let month = Some("2024-06");
    let (_, path) = check(&app, &token, "P", "SECURITY", month).await.unwrap();
    let Some(path) = path else {
        let vars = json!({ "p": "P", "d": "SECURITY", "m": month });
        let res = app.graphql(Some(&token), &search_query(), vars).await;
        panic!("no path: {:#}", res.data()["partner"]);
    };
    let changes = path["changes"].as_array().unwrap().clone();
    assert!(!changes.is_empty());
    for c in &changes {
        write(&app, &token, "P", c)
            .await
            .unwrap_or_else(|| panic!("no mutation writes {c}"));
    }
    let usage = std::fs::read_to_string(example("security-2023-worked").join("customer_usage.csv"))
        .unwrap();
    import_usage(&app, &usage, &changes).await.unwrap();
    let vars = json!({ "p": "P", "d": "SECURITY", "m": month });
    let res = app.graphql(Some(&token), SCORE, vars).await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    let score = &res.data()["partner"]["capabilityScore"];
    assert_eq!(score["total"], path["totalAfter"]);
    assert_eq!(score["meetsRequirements"], true);
    // Met now: the path is empty and there is nothing short.
    let (_, again) = check(&app, &token, "P", "SECURITY", month).await.unwrap();
    let again = again.expect("an empty path once requirements are met");
    assert_eq!(again["changes"], json!([]));
    assert_eq!(again["totalAfter"], path["totalAfter"]);
}

#[tokio::test]
async fn a_partner_admin_is_not_told_of_professionals_it_never_had() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    import_free_professional(&app).await.unwrap();
    let joins = |body: &Value| {
        body["data"]["partner"]["recommendations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["cost"] == "NEW_PROFESSIONAL")
            .count()
    };
    let vars = json!({ "p": "P", "d": "SECURITY", "m": "2024-06" });
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    let res = app
        .graphql(Some(&admin), &search_query(), vars.clone())
        .await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    assert_eq!(
        joins(&res.body),
        1,
        "the administrator sees the free professional"
    );
    let pa = app
        .token_for("pa@example.com", Role::PartnerAdmin, Some("P"))
        .await;
    let res = app.graphql(Some(&pa), &search_query(), vars).await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    assert_eq!(joins(&res.body), 0, "the partner admin does not");
    assert!(!res.body.to_string().contains("FREE-1"), "{}", res.body);
}

#[tokio::test]
async fn a_usage_change_names_what_is_missing_or_wrong_and_simulates_only_what_it_says() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let query = r#"query($c: [ScoreChangeInput!]!) {
        simulateScore(partnerId: "P", changes: $c, asOf: "2024-06") { designation delta } }"#;
    let tenant = "00000000-0000-0000-0000-000000000001";
    let usage = |extra: Value| {
        let mut c = json!({ "kind": "ADD_USAGE", "tenantId": tenant, "workload": "MDE",
                            "date": "2024-06-01", "measure": "PAID_SEATS", "amount": 10 });
        for (k, v) in extra.as_object().into_iter().flatten() {
            c[k] = v.clone();
        }
        json!({ "c": [c] })
    };
    for (extra, message) in [
        (
            json!({ "measure": null }),
            "changes[0].measure: required for ADD_USAGE",
        ),
        (
            json!({ "amount": 0 }),
            "changes[0].amount: must be between 1 and 1000000000, got 0",
        ),
        (
            json!({ "workload": "NOPE" }),
            "changes[0].workload: NOPE is not in the catalogue",
        ),
        (
            json!({ "workload": null }),
            "changes[0].workload: required for ADD_USAGE",
        ),
    ] {
        let res = app.graphql(Some(&token), query, usage(extra.clone())).await;
        let errors = res.body["errors"].to_string();
        assert!(errors.contains(message), "{extra}: {}", res.body);
    }
    let res = app.graphql(Some(&token), query, usage(json!({}))).await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    // The stored rows are untouched: the score as stored is the simulation's `before`.
    let again = app
        .graphql(
            Some(&token),
            SCORE,
            json!({ "p": "P", "d": "SECURITY", "m": "2024-06" }),
        )
        .await;
    assert_eq!(again.data()["partner"]["capabilityScore"]["total"], 36.68);
}
