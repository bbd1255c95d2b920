//! The specializations Microsoft granted partners: `partner_specializations.csv` through the real
//! importer (validated like every file, all or nothing, idempotent) and what a partner's standing says
//! of them over GraphQL: held at a month, admitted by an attained designation, and the benefits
//! granted within the group's stacking cap, with the reason when they are not.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use partnergraph::auth::Role;
use partnergraph::demo::{DemoArgs, write_folder};
use partnergraph::domain::DesignationCode;
use partnergraph::import::{ImportError, Progress, import_folder};
use partnergraph_tests::{TestApp, spawn_app_on, test_db};
use serde_json::{Value, json};

const STANDING: &str = "query($p: String!, $asOf: Month) { partner(partnerId: $p) {
    standing(asOf: $asOf) {
        designations { designation attained }
        specializations { code held prerequisiteMet benefitsGranted detail }
        benefits { code source }
    }
    specializationGrants(activeOnly: false) {
        code grantedOn expiresOn validation specialization { name stackingCap }
    }
} }";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A server over 30 demo partners without the demo's own specializations, and the PartnerID of one
/// that attains Security at the demo's month (2024-06).
async fn demo_with_a_security_partner() -> (TestApp, tempfile::TempDir, String) {
    let t = test_db().await;
    let app = spawn_app_on(t, false).await;
    let dir = tempfile::tempdir().unwrap();
    let args = DemoArgs::with_partners(30).unwrap();
    let generated = write_folder(&args.plan(), dir.path()).unwrap();
    std::fs::remove_file(dir.path().join("partner_specializations.csv")).unwrap();
    app.import(dir.path()).await;
    let security = generated
        .profiles
        .iter()
        .find(|(_, p)| p.designed_to_meet().contains(&DesignationCode::Security))
        .map(|(id, _)| id.clone())
        .expect("30 demo partners include one designed for Security");
    (app, dir, security)
}

async fn standing(app: &TestApp, token: &str, partner: &str, as_of: &str) -> Value {
    let res = app
        .graphql(Some(token), STANDING, json!({"p": partner, "asOf": as_of}))
        .await;
    assert!(res.body["errors"].is_null(), "{}", res.body);
    res.data()["partner"].clone()
}

fn specialization<'a>(standing: &'a Value, code: &str) -> &'a Value {
    standing["standing"]["specializations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .unwrap_or_else(|| panic!("{code} is not in the standing"))
}

#[tokio::test]
async fn four_security_specializations_are_held_and_the_benefits_of_three_are_granted_saying_why_not_the_fourth()
 {
    let (app, _demo, partner) = demo_with_a_security_partner().await;
    let token = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "partner_specializations.csv",
        &format!(
            "partner_id,specialization,granted_on,expires_on,validation\n\
             {partner},THREAT_PROTECTION,2023-09-01,2025-08-31,CUSTOMER_REFERENCES\n\
             {partner},CLOUD_SECURITY,2024-02-10,2025-02-09,CUSTOMER_REFERENCES\n\
             {partner},IDENTITY_ACCESS_MANAGEMENT,2024-01-01,,AUDIT\n\
             {partner},INFORMATION_PROTECTION_GOVERNANCE,2024-06-30,2025-06-29,\n\
             {partner},SALES,2022-01-01,2023-12-31,NONE\n"
        ),
    );
    let report = import_folder(&app.t.db, folder.path(), Progress::silent())
        .await
        .unwrap();
    let counts = &report.files[0];
    assert_eq!(
        (
            counts.file.as_str(),
            counts.inserted,
            counts.updated,
            counts.unchanged
        ),
        ("partner_specializations.csv", 5, 0, 0)
    );
    assert_eq!(report.partners_queued, 0, "grants earn no points");

    let s = standing(&app, &token, &partner, "2024-06").await;
    let security = s["standing"]["designations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["designation"] == "SECURITY")
        .unwrap();
    assert_eq!(security["attained"], true, "{s}");

    let security_codes = [
        "CLOUD_SECURITY",
        "IDENTITY_ACCESS_MANAGEMENT",
        "INFORMATION_PROTECTION_GOVERNANCE",
        "THREAT_PROTECTION",
    ];
    for code in security_codes {
        let sp = specialization(&s, code);
        assert_eq!(sp["held"], true, "{code}: {sp}");
        assert_eq!(sp["prerequisiteMet"], true, "{code}: {sp}");
    }
    let granted: Vec<&str> = security_codes
        .iter()
        .copied()
        .filter(|c| specialization(&s, c)["benefitsGranted"] == true)
        .collect();
    assert_eq!(
        granted,
        [
            "CLOUD_SECURITY",
            "IDENTITY_ACCESS_MANAGEMENT",
            "INFORMATION_PROTECTION_GOVERNANCE"
        ],
        "the first three by code"
    );
    assert_eq!(
        specialization(&s, "THREAT_PROTECTION")["detail"],
        "held and admitted, but the benefits of at most 3 SECURITY specializations stack: those of CLOUD_SECURITY, IDENTITY_ACCESS_MANAGEMENT and INFORMATION_PROTECTION_GOVERNANCE are granted (the first by code)"
    );
    // Each granted specialization brings the group's benefits once: three of each.
    let benefits = s["standing"]["benefits"].as_array().unwrap();
    let from_specializations = |code: &str| {
        benefits
            .iter()
            .filter(|b| b["code"] == code)
            .map(|b| b["source"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        from_specializations("SEC_SPEC_AZURE_PROD_CREDITS"),
        granted,
        "{benefits:?}"
    );
    // SALES ran out before the month: not held.
    assert_eq!(specialization(&s, "SALES")["held"], false);

    // A month earlier, INFORMATION_PROTECTION_GOVERNANCE (granted 2024-06-30) is not yet in force;
    // the other three are.
    let may = standing(&app, &token, &partner, "2024-05").await;
    for (code, held) in [
        ("INFORMATION_PROTECTION_GOVERNANCE", false),
        ("CLOUD_SECURITY", true),
        ("IDENTITY_ACCESS_MANAGEMENT", true),
        ("THREAT_PROTECTION", true),
    ] {
        assert_eq!(
            specialization(&may, code)["held"],
            held,
            "{code} in 2024-05"
        );
    }

    // Every grant, oldest first, with the catalogue's facts.
    let grants = s["specializationGrants"].as_array().unwrap();
    let listed: Vec<(&str, &str, &Value, &str)> = grants
        .iter()
        .map(|g| {
            (
                g["code"].as_str().unwrap(),
                g["grantedOn"].as_str().unwrap(),
                &g["expiresOn"],
                g["validation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("SALES", "2022-01-01", &json!("2023-12-31"), "NONE"),
            (
                "THREAT_PROTECTION",
                "2023-09-01",
                &json!("2025-08-31"),
                "CUSTOMER_REFERENCES"
            ),
            (
                "IDENTITY_ACCESS_MANAGEMENT",
                "2024-01-01",
                &Value::Null,
                "AUDIT"
            ),
            (
                "CLOUD_SECURITY",
                "2024-02-10",
                &json!("2025-02-09"),
                "CUSTOMER_REFERENCES"
            ),
            (
                "INFORMATION_PROTECTION_GOVERNANCE",
                "2024-06-30",
                &json!("2025-06-29"),
                "NONE"
            ),
        ]
    );
    assert_eq!(grants[1]["specialization"]["stackingCap"], 3);

    // The same file again changes nothing.
    let again = import_folder(&app.t.db, folder.path(), Progress::silent())
        .await
        .unwrap();
    let counts = &again.files[0];
    assert_eq!(
        (counts.inserted, counts.updated, counts.unchanged),
        (0, 0, 5)
    );
}

#[tokio::test]
async fn bad_grants_are_refused_with_their_line_and_column_and_nothing_is_written() {
    let (app, _demo, partner) = demo_with_a_security_partner().await;
    let stored = tempfile::tempdir().unwrap();
    write(
        stored.path(),
        "partner_specializations.csv",
        &format!(
            "partner_id,specialization,granted_on,expires_on\n{partner},THREAT_PROTECTION,2024-01-01,2024-12-31\n"
        ),
    );
    import_folder(&app.t.db, stored.path(), Progress::silent())
        .await
        .unwrap();

    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "partner_specializations.csv",
        &format!(
            "partner_id,specialization,granted_on,expires_on,validation\n\
             {partner},CLOUD_SECURITY,2024-01-01,2024-06-30,AUDIT\n\
             {partner},CLOUD_SECURITY,2024-06-30,,AUDIT\n\
             {partner},THREAT_PROTECTION,2024-12-01,,\n\
             {partner},THREAT_PROTECTON,2024-01-01,,\n\
             NOBODY,SALES,2024-01-01,,\n\
             {partner},SALES,2024-05-01,2024-04-30,audit\n\
             {partner},FINANCE,2024-01-01,,NONE\n"
        ),
    );
    let Err(ImportError::Invalid(problems)) =
        import_folder(&app.t.db, folder.path(), Progress::silent()).await
    else {
        panic!("a folder with bad grants must be refused");
    };
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "partner_specializations.csv:3: granted_on: overlaps the grant of CLOUD_SECURITY to partner \"PARTNER\" from 2024-01-01 (line 2)".replace("PARTNER", &partner),
            "partner_specializations.csv:4: granted_on: overlaps the grant of THREAT_PROTECTION to partner \"PARTNER\" from 2024-01-01 (in the database)".replace("PARTNER", &partner),
            "partner_specializations.csv:5: specialization: unknown specialization \"THREAT_PROTECTON\" (not in the catalogue)".to_string(),
            "partner_specializations.csv:6: partner_id: unknown partner \"NOBODY\" (not in partners.csv nor in the database)".to_string(),
            "partner_specializations.csv:7: expires_on: must be on or after granted_on 2024-05-01, got \"2024-04-30\"".to_string(),
            "partner_specializations.csv:7: validation: must be one of AUDIT, CUSTOMER_REFERENCES, NONE, got \"audit\"".to_string(),
        ],
        "{shown:#?}"
    );
    // All or nothing: the valid FINANCE row was not written either; the stored grant is intact.
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let s = standing(&app, &token, &partner, "2024-06").await;
    let grants: Vec<&str> = s["specializationGrants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["code"].as_str().unwrap())
        .collect();
    assert_eq!(grants, ["THREAT_PROTECTION"]);

    // A file without `expires_on` keeps the stored expiry; a later grant the day after is a renewal.
    let renewal = tempfile::tempdir().unwrap();
    write(
        renewal.path(),
        "partner_specializations.csv",
        &format!(
            "partner_id,specialization,granted_on,validation\n\
             {partner},THREAT_PROTECTION,2024-01-01,CUSTOMER_REFERENCES\n\
             {partner},THREAT_PROTECTION,2025-01-01,AUDIT\n"
        ),
    );
    let report = import_folder(&app.t.db, renewal.path(), Progress::silent())
        .await
        .unwrap();
    let counts = &report.files[0];
    assert_eq!((counts.inserted, counts.updated), (1, 1));
    let s = standing(&app, &token, &partner, "2024-06").await;
    assert_eq!(s["specializationGrants"][0]["expiresOn"], "2024-12-31");
    assert_eq!(
        s["specializationGrants"][0]["validation"],
        "CUSTOMER_REFERENCES"
    );
    assert_eq!(s["specializationGrants"][1]["grantedOn"], "2025-01-01");
}

const RECORD: &str = "mutation($i: RecordSpecializationInput!) { recordSpecialization(input: $i) {
    grant { code grantedOn expiresOn validation version }
    userErrors { field code message }
    standingImpact { partnerId month code heldBefore heldAfter benefitsBefore benefitsAfter detail }
} }";

const RENEW: &str = "mutation($i: SpecializationEndInput!) { renewSpecialization(input: $i) {
    grant { code grantedOn expiresOn validation version }
    previousGrant { expiresOn version }
    userErrors { field code message }
    standingImpact { code heldBefore heldAfter benefitsBefore benefitsAfter }
} }";

const END: &str = "mutation($i: SpecializationEndInput!) { endSpecialization(input: $i) {
    grant { code expiresOn version }
    userErrors { field code message }
    standingImpact { code heldBefore heldAfter benefitsBefore benefitsAfter }
} }";

#[tokio::test]
async fn an_administrator_records_renews_and_ends_grants_and_sees_the_benefits_move_under_the_cap()
{
    let (app, _demo, partner) = demo_with_a_security_partner().await;
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    let record = |code: &'static str| {
        json!({"i": {"partnerId": partner, "code": code, "grantedOn": "2024-01-01",
                     "expiresOn": "2024-12-31", "validation": "CUSTOMER_REFERENCES"}})
    };
    for code in [
        "THREAT_PROTECTION",
        "IDENTITY_ACCESS_MANAGEMENT",
        "INFORMATION_PROTECTION_GOVERNANCE",
    ] {
        let res = app.graphql(Some(&admin), RECORD, record(code)).await;
        let p = &res.data()["recordSpecialization"];
        assert_eq!(p["userErrors"], json!([]), "{}", res.body);
        assert_eq!(p["grant"]["version"], 1);
        // Within the cap: each one held and granted from now on, and nothing else moves.
        assert_eq!(
            p["standingImpact"],
            json!([{"partnerId": partner, "month": "2024-06", "code": code,
                    "heldBefore": false, "heldAfter": true, "benefitsBefore": false, "benefitsAfter": true,
                    "detail": "held and admitted: its benefits are granted"}])
        );
    }
    // A fourth Security specialization, first by code: it takes THREAT_PROTECTION's place in the cap.
    let res = app
        .graphql(Some(&admin), RECORD, record("CLOUD_SECURITY"))
        .await;
    let impact: Vec<(String, bool, bool, bool, bool)> =
        res.data()["recordSpecialization"]["standingImpact"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["code"].as_str().unwrap().to_string(),
                    i["heldBefore"].as_bool().unwrap(),
                    i["heldAfter"].as_bool().unwrap(),
                    i["benefitsBefore"].as_bool().unwrap(),
                    i["benefitsAfter"].as_bool().unwrap(),
                )
            })
            .collect();
    assert_eq!(
        impact,
        [
            ("CLOUD_SECURITY".to_string(), false, true, false, true),
            ("THREAT_PROTECTION".to_string(), true, true, true, false),
        ],
        "{}",
        res.body
    );

    // An overlapping grant of the same specialization is a CONFLICT naming the one it meets.
    let res = app
        .graphql(Some(&admin), RECORD, record("CLOUD_SECURITY"))
        .await;
    let errors = &res.data()["recordSpecialization"]["userErrors"];
    assert_eq!(errors[0]["code"], "CONFLICT", "{}", res.body);
    assert_eq!(errors[0]["field"], json!(["input", "grantedOn"]));
    assert_eq!(
        errors[0]["message"],
        format!(
            "overlaps the grant of CLOUD_SECURITY to {partner} from 2024-01-01 through 2024-12-31"
        )
    );
    // An unknown code and a partner that does not exist are NOT_FOUND at their fields.
    let res = app
        .graphql(
            Some(&admin),
            RECORD,
            json!({"i": {"partnerId": "NOBODY", "code": "SALES", "grantedOn": "2024-01-01"}}),
        )
        .await;
    assert_eq!(
        res.data()["recordSpecialization"]["userErrors"][0]["field"],
        json!(["input", "partnerId"])
    );
    let res = app
        .graphql(
            Some(&admin),
            RECORD,
            json!({"i": {"partnerId": partner, "code": "NOT_A_CODE", "grantedOn": "2024-01-01"}}),
        )
        .await;
    let errors = &res.data()["recordSpecialization"]["userErrors"];
    assert_eq!(errors[0]["code"], "NOT_FOUND", "{}", res.body);
    assert_eq!(errors[0]["field"], json!(["input", "code"]));

    // Analysts and partner admins may not record grants: Microsoft grants them, operators record.
    let analyst = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let own = app
        .token_for("pa@example.com", Role::PartnerAdmin, Some(&partner))
        .await;
    for token in [&analyst, &own] {
        let res = app.graphql(Some(token), RECORD, record("SALES")).await;
        assert_eq!(res.error_code(), Some("FORBIDDEN"), "{}", res.body);
    }

    // Renew: a stale version is a CONFLICT; the current one moves the end and the version.
    let renew = |version: i32, expires: &str| {
        json!({"i": {"partnerId": partner, "code": "THREAT_PROTECTION", "grantedOn": "2024-01-01",
                     "expiresOn": expires, "validation": "AUDIT", "version": version}})
    };
    let res = app
        .graphql(Some(&admin), RENEW, renew(7, "2025-12-31"))
        .await;
    let errors = &res.data()["renewSpecialization"]["userErrors"];
    assert_eq!(errors[0]["code"], "CONFLICT", "{}", res.body);
    assert_eq!(errors[0]["field"], json!(["input", "version"]));
    let res = app
        .graphql(Some(&admin), RENEW, renew(1, "2024-06-30"))
        .await;
    assert_eq!(
        res.data()["renewSpecialization"]["userErrors"][0]["message"],
        "a renewal must end after the current end (2024-12-31), got 2024-06-30",
        "{}",
        res.body
    );
    let res = app
        .graphql(Some(&admin), RENEW, renew(1, "2025-12-31"))
        .await;
    let p = &res.data()["renewSpecialization"];
    assert_eq!(p["userErrors"], json!([]), "{}", res.body);
    assert_eq!(
        p["grant"],
        json!({"code": "THREAT_PROTECTION", "grantedOn": "2024-01-01", "expiresOn": "2025-12-31",
               "validation": "AUDIT", "version": 2})
    );
    assert_eq!(
        p["previousGrant"],
        json!({"expiresOn": "2024-12-31", "version": 1})
    );
    assert_eq!(p["standingImpact"], json!([]), "held before and after");

    // End it before the month: no longer held, and nothing else moves (it was over the cap).
    let res = app
        .graphql(
            Some(&admin),
            END,
            json!({"i": {"partnerId": partner, "code": "THREAT_PROTECTION", "grantedOn": "2024-01-01",
                         "expiresOn": "2024-03-31", "version": 2}}),
        )
        .await;
    let p = &res.data()["endSpecialization"];
    assert_eq!(p["userErrors"], json!([]), "{}", res.body);
    assert_eq!(p["grant"]["version"], 3);
    assert_eq!(
        p["standingImpact"],
        json!([{"code": "THREAT_PROTECTION", "heldBefore": true, "heldAfter": false,
                "benefitsBefore": false, "benefitsAfter": false}])
    );

    // Every write is in the audit trail, with its standing impact.
    let res = app
        .graphql(
            Some(&admin),
            "query($p: String) { auditEvents(filter: {partnerId: $p}, first: 50) {
                 nodes { action entityType entityKey scoreImpact } } }",
            json!({"p": partner}),
        )
        .await;
    let nodes: Vec<Value> = res.data()["auditEvents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["entityType"] == "specialization")
        .cloned()
        .collect();
    let actions: Vec<&str> = nodes
        .iter()
        .map(|n| n["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "specialization.end",
            "specialization.renew",
            "specialization.record",
            "specialization.record",
            "specialization.record",
            "specialization.record",
        ],
        "{}",
        res.body
    );
    assert_eq!(
        nodes[0]["entityKey"],
        format!("{partner}/THREAT_PROTECTION/2024-01-01")
    );
    let impact: Value = serde_json::from_str(nodes[2]["scoreImpact"].as_str().unwrap()).unwrap();
    assert_eq!(impact.as_array().unwrap().len(), 2, "{impact}");
    assert_eq!(impact[1]["specialization"], "THREAT_PROTECTION");
    assert_eq!(impact[1]["benefitsAfter"], false);
}

#[tokio::test]
async fn the_four_security_specializations_show_each_requirement_s_value_target_and_validation() {
    let app = spawn_app_on(test_db().await, false).await;
    let example = partnergraph_tests::example("security-2023-worked");
    app.import(&example).await;
    let token = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let query =
        "{ partner(partnerId: \"P\") { specializationProgress(asOf: \"2024-06\") { code ruleSet met
        validationRequired customerReferencesRequired validatedBy validUntil
        requirements { label value target met detail options { label value target met } } } } }";
    let progress = |body: &Value| -> Vec<Value> {
        assert!(body["errors"].is_null(), "{body}");
        body["data"]["partner"]["specializationProgress"]
            .as_array()
            .unwrap()
            .clone()
    };
    let list = progress(&app.graphql(Some(&token), query, json!({})).await.body);
    let codes: Vec<&str> = list.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "CLOUD_SECURITY",
            "IDENTITY_ACCESS_MANAGEMENT",
            "INFORMATION_PROTECTION_GOVERNANCE",
            "THREAT_PROTECTION"
        ]
    );
    assert!(list.iter().all(|s| s["ruleSet"] == "2023-12"
        && s["validationRequired"] == "CUSTOMER_REFERENCES"
        && s["customerReferencesRequired"] == 3));

    // The Sentinel ACR the example's PAL customer brought over 2023-07 … 2024-06, read from the file.
    let usage = std::fs::read_to_string(example.join("customer_usage.csv")).unwrap();
    let sentinel: f64 = usage
        .lines()
        .filter(|l| l.contains(",SENTINEL,"))
        .filter(|l| {
            let month = l.split(',').nth(1).unwrap();
            ("2023-07"..="2024-06").contains(&month)
        })
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(sentinel > 0.0);
    let by = |code: &str| list.iter().find(|s| s["code"] == code).unwrap().clone();
    let cloud = by("CLOUD_SECURITY");
    let req = cloud["requirements"].as_array().unwrap();
    assert_eq!(
        (
            req[0]["value"].as_f64().unwrap(),
            req[0]["target"].as_f64().unwrap()
        ),
        (sentinel, 200_000.0)
    );
    assert_eq!(req[0]["met"], false);
    // M0 … M3 hold AZ-500 and SC-200: six AZ-500 holders are needed, four SC-200 holders are enough.
    assert_eq!(
        (&req[1]["value"], &req[1]["met"]),
        (&json!(4.0), &json!(false))
    );
    assert_eq!(
        (&req[2]["value"], &req[2]["met"]),
        (&json!(4.0), &json!(true))
    );
    assert_eq!(req[2]["detail"], "held by M0, M1, M2, M3");
    assert_eq!(cloud["met"], false);
    let threat = by("THREAT_PROTECTION");
    let choice = &threat["requirements"][0];
    assert_eq!(choice["options"][1]["value"].as_f64().unwrap(), sentinel);
    assert_eq!(
        choice["options"][0]["value"], 0.0,
        "no Defender for Identity usage"
    );
    assert_eq!(threat["validatedBy"], Value::Null, "not held");

    // Once granted, the validation and its expiry are shown beside the requirements.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "partner_specializations.csv",
        "partner_id,specialization,granted_on,expires_on,validation\nP,THREAT_PROTECTION,2024-01-01,2025-12-31,CUSTOMER_REFERENCES\n",
    );
    app.import(dir.path()).await;
    let list = progress(&app.graphql(Some(&token), query, json!({})).await.body);
    let threat = list
        .iter()
        .find(|s| s["code"] == "THREAT_PROTECTION")
        .unwrap();
    assert_eq!(
        (&threat["validatedBy"], &threat["validUntil"]),
        (&json!("CUSTOMER_REFERENCES"), &json!("2025-12-31"))
    );
    // 2023-07 records no specialization requirements: nothing to show for November 2023.
    let res = app
        .graphql(
            Some(&token),
            "{ partner(partnerId: \"P\") { specializationProgress(asOf: \"2023-11\") { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(res.data()["partner"]["specializationProgress"], json!([]));
}
