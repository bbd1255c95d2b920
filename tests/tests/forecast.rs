//! The forecast: a partner's scores for the coming months if nothing new happens, checked against the
//! scores computed once those months are imported with usage held flat.

use partnergraph::auth::Role;
use partnergraph_tests::{example, spawn_app};

const FORECAST: &str = r#"query($d: DesignationCode!) { partner(partnerId: "P") {
    forecast(designation: $d, months: 3) {
        asOf ruleSet total meetsRequirements
        metrics { metric points value facts { subject outcome detail } }
    } } }"#;

const SCORE: &str = r#"query($d: DesignationCode!, $m: Month!) { partner(partnerId: "P") {
    capabilityScore(designation: $d, asOf: $m) {
        asOf ruleSet total meetsRequirements
        metrics { metric points value facts { subject outcome detail } }
    } } }"#;

/// The usage rows of `last` in `usage_csv`, repeated for each of `months` (a folder's
/// `customer_usage.csv` with the same header).
fn held_usage(usage_csv: &str, last: &str, months: &[&str]) -> String {
    let mut lines = usage_csv.lines();
    let header = lines.next().unwrap_or_default();
    assert_eq!(header.split(',').nth(1), Some("month"));
    let rows: Vec<&str> = lines
        .filter(|l| l.split(',').nth(1) == Some(last))
        .collect();
    assert!(!rows.is_empty(), "the example has rows of {last}");
    let mut out = format!("{header}\n");
    for m in months {
        for r in &rows {
            let mut cells: Vec<&str> = r.split(',').collect();
            cells[1] = m;
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

#[tokio::test]
async fn a_forecast_equals_the_scores_computed_when_its_months_arrive_with_usage_held_flat() {
    let app = spawn_app().await;
    let folder = example("security-2023-worked");
    app.import(&folder).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let months = ["2024-07", "2024-08", "2024-09"];
    let designations = ["SECURITY", "MODERN_WORK", "DATA_AI_AZURE"];
    let mut forecasts = Vec::new();
    for designation in designations {
        let vars = serde_json::json!({ "d": designation });
        let res = app.graphql(Some(&token), FORECAST, vars).await;
        assert!(res.body.get("errors").is_none(), "{}", res.body);
        let forecast = res.data()["partner"]["forecast"]
            .as_array()
            .unwrap()
            .clone();
        let as_of: Vec<&str> = forecast
            .iter()
            .map(|s| s["asOf"].as_str().unwrap())
            .collect();
        assert_eq!(
            as_of, months,
            "{designation}: the three months after the latest"
        );
        forecasts.push(forecast);
    }
    // The months arrive: the last month's usage repeated, nothing else new.
    let dir = tempfile::tempdir().unwrap();
    let usage = std::fs::read_to_string(folder.join("customer_usage.csv")).unwrap();
    std::fs::write(
        dir.path().join("customer_usage.csv"),
        held_usage(&usage, "2024-06", &months),
    )
    .unwrap();
    app.import(dir.path()).await;
    for (designation, forecast) in designations.iter().zip(&forecasts) {
        for (i, m) in months.iter().enumerate() {
            let vars = serde_json::json!({ "d": designation, "m": m });
            let res = app.graphql(Some(&token), SCORE, vars).await;
            assert!(res.body.get("errors").is_none(), "{}", res.body);
            assert_eq!(
                res.data()["partner"]["capabilityScore"],
                forecast[i],
                "{designation} {m}: the forecast and the score computed from the imported month"
            );
        }
    }
}

#[tokio::test]
async fn a_forecast_is_bounded_and_scoped_like_the_partner() {
    let app = spawn_app().await;
    app.import(&example("security-2023-worked")).await;
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    let too_far = app
        .graphql(
            Some(&admin),
            r#"{ partner(partnerId: "P") { forecast(designation: SECURITY, months: 13) { total } } }"#,
            serde_json::Value::Null,
        )
        .await;
    assert_eq!(
        too_far.error_code(),
        Some("BAD_USER_INPUT"),
        "{}",
        too_far.body
    );
    // A partner admin of another partner cannot reach this one's forecast: the partner is not found.
    let dir = tempfile::tempdir().unwrap();
    partnergraph_tests::write_partners_folder(dir.path(), 1);
    app.import(dir.path()).await;
    let other = app
        .token_for("other@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    let res = app
        .graphql(
            Some(&other),
            r#"{ partner(partnerId: "P") { forecast(designation: SECURITY) { total } } }"#,
            serde_json::Value::Null,
        )
        .await;
    assert!(res.data()["partner"].is_null(), "{}", res.body);
    // Its own partner's forecast has the six months of the default.
    let own = app
        .graphql(
            Some(&other),
            r#"{ partner(partnerId: "P001") { forecast(designation: SECURITY) { asOf } } }"#,
            serde_json::Value::Null,
        )
        .await;
    assert_eq!(
        own.data()["partner"]["forecast"].as_array().map(Vec::len),
        Some(6),
        "{}",
        own.body
    );
}

const RISK: &str = r#"{ partner(partnerId: "P") {
    standing { designations { designation attained atRisk firstMonthAtRisk } }
    forecast(designation: MODERN_WORK, months: 6) { asOf meetsRequirements }
} }"#;

fn modern_work(body: &serde_json::Value) -> Option<serde_json::Value> {
    let list = body["data"]["partner"]["standing"]["designations"].as_array();
    list.and_then(|l| l.iter().find(|d| d["designation"] == "MODERN_WORK"))
        .cloned()
}

#[tokio::test]
async fn a_designation_met_now_and_lost_by_the_anniversary_under_the_forecast_is_at_risk() {
    // MW-T6 meets Modern Work (SMB, 72 points) at 2024-06; the partner has no anniversary date, so
    // the risk reads six months ahead.
    let app = spawn_app().await;
    app.import(&example("mw-t6")).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let res = app
        .graphql(Some(&token), RISK, serde_json::Value::Null)
        .await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    let mw = modern_work(&res.body).unwrap();
    let forecast = res.data()["partner"]["forecast"]
        .as_array()
        .unwrap()
        .clone();
    // The risk agrees with the forecast's last month.
    assert_eq!(
        mw["atRisk"],
        !forecast[5]["meetsRequirements"].as_bool().unwrap(),
        "{mw}"
    );

    // Both advanced certifications expire in August: the SMB track loses its advanced metric then.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("professional_certifications.csv"),
        "professional_id,certification,earned_on,expires_on\n\
         Q1,MS-102,2023-03-01,2024-08-15\n\
         Q2,TEAMS-MTR-TA,2023-03-01,2024-08-15\n",
    )
    .unwrap();
    app.import(dir.path()).await;
    let res = app
        .graphql(Some(&token), RISK, serde_json::Value::Null)
        .await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    let mw = modern_work(&res.body).unwrap();
    assert_eq!(mw["atRisk"], true, "{mw}");
    assert_eq!(mw["firstMonthAtRisk"], "2024-08", "{mw}");
    let forecast = res.data()["partner"]["forecast"].as_array().unwrap();
    assert_eq!(
        forecast[0]["meetsRequirements"], true,
        "July still meets: {forecast:?}"
    );
    assert_eq!(
        forecast[1]["meetsRequirements"], false,
        "August does not: {forecast:?}"
    );
    // A designation not met now is never at risk.
    let security = res.data()["partner"]["standing"]["designations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["designation"] == "SECURITY")
        .cloned()
        .unwrap();
    assert_eq!(security["atRisk"], false);
    assert!(security["firstMonthAtRisk"].is_null());
}

#[tokio::test]
async fn demo_partners_forecasts_equal_their_scores_once_the_months_arrive_with_usage_held_flat() {
    use partnergraph::demo::{DemoArgs, write_folder};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let args = DemoArgs::with_partners(8).unwrap();
    let generated = write_folder(&args.plan(), dir.path()).unwrap();
    app.import(dir.path()).await;
    let token = app.token_for("admin@example.com", Role::Admin, None).await;
    let last = args.as_of.to_string();
    let months = [
        args.as_of.plus(1).to_string(),
        args.as_of.plus(2).to_string(),
    ];
    let fields = "asOf ruleSet total meetsRequirements metrics { metric points value }";
    let designations = [
        "BUSINESS_APPLICATIONS",
        "DATA_AI_AZURE",
        "DIGITAL_APP_INNOVATION_AZURE",
        "INFRASTRUCTURE_AZURE",
        "MODERN_WORK",
        "SECURITY",
    ];
    let forecast_query = format!(
        "query($p: String!) {{ partner(partnerId: $p) {{ {} }} }}",
        designations
            .iter()
            .map(|d| format!("{d}: forecast(designation: {d}, months: 2) {{ {fields} }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut forecasts = Vec::new();
    for (partner, _) in &generated.profiles {
        let res = app
            .graphql(
                Some(&token),
                &forecast_query,
                serde_json::json!({ "p": partner }),
            )
            .await;
        assert!(res.body.get("errors").is_none(), "{}", res.body);
        forecasts.push((partner.clone(), res.data()["partner"].clone()));
    }
    let usage = std::fs::read_to_string(dir.path().join("customer_usage.csv")).unwrap();
    let next = tempfile::tempdir().unwrap();
    let month_refs: Vec<&str> = months.iter().map(String::as_str).collect();
    std::fs::write(
        next.path().join("customer_usage.csv"),
        held_usage(&usage, &last, &month_refs),
    )
    .unwrap();
    app.import(next.path()).await;
    let score_query = format!(
        "query($p: String!, $m: Month!) {{ partner(partnerId: $p) {{ {} }} }}",
        designations
            .iter()
            .map(|d| format!("{d}: capabilityScore(designation: {d}, asOf: $m) {{ {fields} }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut met = 0;
    for (partner, forecast) in &forecasts {
        for (i, m) in months.iter().enumerate() {
            let res = app
                .graphql(
                    Some(&token),
                    &score_query,
                    serde_json::json!({ "p": partner, "m": m }),
                )
                .await;
            assert!(res.body.get("errors").is_none(), "{}", res.body);
            for d in designations {
                let later = &res.data()["partner"][d];
                assert_eq!(later, &forecast[d][i], "{partner} {d} {m}");
                met += i64::from(later["meetsRequirements"] == true);
            }
        }
    }
    // The demo designs some partners to meet requirements: the comparison covers met scores too.
    assert!(met > 0, "no demo score meets requirements");
}
