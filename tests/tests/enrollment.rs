//! Enrollment status per designation over GraphQL, as Partner Center shows it: from the partner's
//! anniversary date (imported in `partners.csv`) and the monthly verdicts, through the standing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnergraph::auth::Role;
use partnergraph::demo::{DemoArgs, write_folder};
use partnergraph::domain::DesignationCode;
use partnergraph_tests::{TestApp, spawn_app_on, test_db};
use serde_json::{Value, json};

const ENROLLMENT: &str =
    "query($p: String!, $asOf: Month) { partner(partnerId: $p) { name country anniversaryDate
    standing(asOf: $asOf) { designations { designation attained enrollment enrollmentWindowStart
        enrollmentWindowEnd enrolledUntil enrollmentDetail metMonths attainedMonth lastMetMonth } } } }";

async fn designation(app: &TestApp, token: &str, partner: &str, as_of: &str, code: &str) -> Value {
    let res = app
        .graphql(
            Some(token),
            ENROLLMENT,
            json!({"p": partner, "asOf": as_of}),
        )
        .await;
    assert!(res.body["errors"].is_null(), "{}", res.body);
    res.data()["partner"]["standing"]["designations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["designation"] == code)
        .unwrap()
        .clone()
}

/// Sets the partner's anniversary date through the importer (`partners.csv`).
async fn set_anniversary(app: &TestApp, token: &str, partner: &str, anniversary: &str) {
    let res = app
        .graphql(
            Some(token),
            ENROLLMENT,
            json!({"p": partner, "asOf": "2024-06"}),
        )
        .await;
    let p = &res.data()["partner"];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("partners.csv"),
        format!(
            "partner_id,name,country,anniversary_date\n{partner},\"{}\",{},{anniversary}\n",
            p["name"].as_str().unwrap(),
            p["country"].as_str().unwrap()
        ),
    )
    .unwrap();
    app.import(dir.path()).await;
}

#[tokio::test]
async fn a_designation_is_qualified_enrolled_or_renewal_due_by_the_anniversary_and_its_windows() {
    let app = spawn_app_on(test_db().await, false).await;
    let dir = tempfile::tempdir().unwrap();
    let generated = write_folder(&DemoArgs::with_partners(30).unwrap().plan(), dir.path()).unwrap();
    app.import(dir.path()).await;
    let (partner, _) = generated
        .profiles
        .iter()
        .find(|(_, p)| {
            let meets = p.designed_to_meet();
            meets.contains(&DesignationCode::Security) && meets.len() < DesignationCode::ALL.len()
        })
        .expect("30 demo partners include one designed for Security and not for all six");
    let token = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;

    // Not enrolled (no anniversary date): met in the window, so qualified.
    set_anniversary(&app, &token, partner, "").await;
    let s = designation(&app, &token, partner, "2024-06", "SECURITY").await;
    assert_eq!(s["attained"], true);
    // Attained in the first month of the window it met requirements in, not the as-of month.
    let met = s["metMonths"].as_array().unwrap();
    assert!(met.len() > 1, "met in several months: {s}");
    assert_eq!(s["attainedMonth"], met[0], "{s}");
    assert_ne!(s["attainedMonth"], "2024-06", "{s}");
    assert_eq!(s["lastMetMonth"], met[met.len() - 1], "{s}");
    assert_eq!(
        (
            &s["enrollment"],
            &s["enrollmentWindowStart"],
            &s["enrollmentWindowEnd"],
            &s["enrolledUntil"]
        ),
        (
            &json!("QUALIFIED"),
            &json!("2024-01-01"),
            &json!("2024-06-30"),
            &Value::Null
        )
    );
    assert!(
        s["enrollmentDetail"]
            .as_str()
            .unwrap()
            .contains("has not enrolled"),
        "{s}"
    );
    // Every designation not attained is in progress, and a partner designed for Security does not
    // attain all six.
    let res = app
        .graphql(
            Some(&token),
            ENROLLMENT,
            json!({"p": partner, "asOf": "2024-06"}),
        )
        .await;
    let all = res.data()["partner"]["standing"]["designations"]
        .as_array()
        .unwrap()
        .clone();
    let open: Vec<&Value> = all.iter().filter(|d| d["attained"] == false).collect();
    assert!(
        !open.is_empty(),
        "some designation is not attained: {all:?}"
    );
    for d in open {
        assert_eq!(d["enrollment"], "IN_PROGRESS", "{d}");
    }

    // Anniversary 15 December: enrolled from 2023-12-15 to 2024-12-15, met in June.
    set_anniversary(&app, &token, partner, "2022-12-15").await;
    let s = designation(&app, &token, partner, "2024-06", "SECURITY").await;
    assert_eq!(
        (
            &s["enrollment"],
            &s["enrollmentWindowStart"],
            &s["enrollmentWindowEnd"],
            &s["enrolledUntil"]
        ),
        (
            &json!("ENROLLED"),
            &json!("2023-12-15"),
            &json!("2024-12-14"),
            &json!("2024-12-15")
        )
    );

    // Anniversary 15 September: the renewal window (April to September 2024) is open in June.
    set_anniversary(&app, &token, partner, "2022-09-15").await;
    let s = designation(&app, &token, partner, "2024-06", "SECURITY").await;
    assert_eq!(
        (
            &s["enrollment"],
            &s["enrollmentWindowStart"],
            &s["enrollmentWindowEnd"],
            &s["enrolledUntil"]
        ),
        (
            &json!("RENEWAL_DUE"),
            &json!("2024-04-01"),
            &json!("2024-09-30"),
            &json!("2024-09-15")
        )
    );
    assert!(
        s["enrollmentDetail"]
            .as_str()
            .unwrap()
            .contains("requirements were met in 2024-06"),
        "{s}"
    );
}
