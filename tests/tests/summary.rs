//! The program summary: per designation, partners meeting requirements and near misses, equal to what
//! the partners' own scores say, within each role's scope.

use std::collections::BTreeMap;

use partnergraph::auth::Role;
use partnergraph_tests::{example, spawn_app, write_partners_folder};

const SUMMARY: &str = r#"query($m: Month) { programSummary(asOf: $m) {
    asOf designations { designation partners meetingRequirements nearMiss } } }"#;

const SCORES: &str = r#"query($m: Month!) { capabilityScores(asOf: $m, first: 1000) {
    nodes { designationCode total meetsRequirements } } }"#;

/// `(partners, meeting, near miss)` per designation, counted from the bulk score list.
fn from_scores(body: &serde_json::Value) -> BTreeMap<String, (i64, i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for n in body["data"]["capabilityScores"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let e = out
            .entry(
                n["designationCode"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
            .or_default();
        let meets = n["meetsRequirements"].as_bool().unwrap_or_default();
        let total = n["total"].as_f64().unwrap_or_default();
        e.0 += 1;
        e.1 += i64::from(meets);
        e.2 += i64::from(!meets && total >= 65.0);
    }
    out
}

fn from_summary(body: &serde_json::Value) -> BTreeMap<String, (i64, i64, i64)> {
    body["data"]["programSummary"]["designations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["designation"].as_str().unwrap_or_default().to_string(),
                (
                    d["partners"].as_i64().unwrap_or_default(),
                    d["meetingRequirements"].as_i64().unwrap_or_default(),
                    d["nearMiss"].as_i64().unwrap_or_default(),
                ),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_program_summary_counts_what_the_partners_scores_say_in_each_scope() {
    let app = spawn_app().await;
    // MW-T6 meets Modern Work at 2024-06, beside three partners that meet nothing.
    app.import(&example("mw-t6")).await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 3);
    app.import(dir.path()).await;
    let month = serde_json::json!({ "m": "2024-06" });
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    let pa = app
        .token_for("pa@example.com", Role::PartnerAdmin, Some("P001"))
        .await;
    for token in [&admin, &pa] {
        let summary = app.graphql(Some(token), SUMMARY, month.clone()).await;
        assert!(summary.body.get("errors").is_none(), "{}", summary.body);
        let scores = app.graphql(Some(token), SCORES, month.clone()).await;
        assert!(scores.body.get("errors").is_none(), "{}", scores.body);
        assert_eq!(from_summary(&summary.body), from_scores(&scores.body));
    }
    let all = from_summary(&app.graphql(Some(&admin), SUMMARY, month.clone()).await.body);
    assert_eq!(all.len(), 6);
    assert_eq!(all["MODERN_WORK"], (4, 1, 0), "{all:?}");
    // A partner admin's summary is its own partner only.
    let own = from_summary(&app.graphql(Some(&pa), SUMMARY, month).await.body);
    assert!(
        own.values().all(|(partners, _, _)| *partners == 1),
        "{own:?}"
    );
    // Signed out: refused.
    let anonymous = app.graphql(None, SUMMARY, serde_json::Value::Null).await;
    assert_eq!(
        anonymous.error_code(),
        Some("UNAUTHENTICATED"),
        "{}",
        anonymous.body
    );
    // Without asOf: the latest month with data.
    let latest = app
        .graphql(Some(&admin), SUMMARY, serde_json::Value::Null)
        .await;
    assert_eq!(latest.data()["programSummary"]["asOf"], "2024-12");
}

const STANDINGS: &str = r#"query($after: String) { partners(first: 5, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { partnerId standing { microsoftCloudBadge designations { designation atRisk } } } } }"#;

const RISK_SUMMARY: &str = r#"{ programSummary {
    microsoftCloudBadges designations { designation atRisk } } }"#;

/// `(badges, at risk per designation)` from every partner's own standing.
async fn from_standings(
    app: &partnergraph_tests::TestApp,
    token: &str,
) -> Option<(i64, BTreeMap<String, i64>)> {
    let mut badges = 0;
    let mut risk: BTreeMap<String, i64> = BTreeMap::new();
    let mut after = serde_json::Value::Null;
    loop {
        let res = app
            .graphql(
                Some(token),
                STANDINGS,
                serde_json::json!({ "after": after }),
            )
            .await;
        assert!(res.body.get("errors").is_none(), "{}", res.body);
        let page = &res.data()["partners"];
        for p in page["nodes"].as_array()? {
            badges += i64::from(p["standing"]["microsoftCloudBadge"] == true);
            for d in p["standing"]["designations"].as_array()? {
                *risk
                    .entry(d["designation"].as_str()?.to_string())
                    .or_default() += i64::from(d["atRisk"] == true);
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return Some((badges, risk));
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

fn risk_of_summary(body: &serde_json::Value) -> Option<(i64, BTreeMap<String, i64>)> {
    let s = &body["data"]["programSummary"];
    let risk = s["designations"]
        .as_array()?
        .iter()
        .map(|d| {
            Some((
                d["designation"].as_str()?.to_string(),
                d["atRisk"].as_i64()?,
            ))
        })
        .collect::<Option<BTreeMap<_, _>>>()?;
    Some((s["microsoftCloudBadges"].as_i64()?, risk))
}

#[tokio::test]
async fn the_summary_s_badges_and_partners_at_risk_are_what_the_partners_standings_say() {
    use partnergraph::demo::{DemoArgs, write_folder};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let args = DemoArgs::with_partners(30).unwrap();
    let generated = write_folder(&args.plan(), dir.path()).unwrap();
    app.import(dir.path()).await;
    let admin = app.token_for("admin@example.com", Role::Admin, None).await;
    // The demo designs its sixth partner to meet all six designations.
    let cloud = generated.profiles[5].0.clone();
    let pa = app
        .token_for("pa@example.com", Role::PartnerAdmin, Some(&cloud))
        .await;
    let analyst = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    let mut seen = Vec::new();
    for token in [&admin, &pa, &analyst] {
        let res = app
            .graphql(Some(token), RISK_SUMMARY, serde_json::Value::Null)
            .await;
        assert!(res.body.get("errors").is_none(), "{}", res.body);
        let summary = risk_of_summary(&res.body).unwrap();
        let standings = from_standings(&app, token).await.unwrap();
        assert_eq!(summary, standings);
        seen.push(summary);
    }
    let (all, own) = (&seen[0], &seen[1]);
    assert_eq!(
        &seen[2], all,
        "an analyst reads every partner, like an administrator"
    );
    assert!(all.0 >= 1, "a demo partner holds the badge: {all:?}");
    assert!(
        all.1.values().sum::<i64>() > 0,
        "demo partners are at risk: {all:?}"
    );
    assert_eq!(
        own.0, 1,
        "the partner admin's partner holds the badge: {own:?}"
    );
    assert!(all.1.iter().all(|(d, n)| own.1[d] <= *n));
    // A partner queued for a refresh is counted through its standing, not its stored verdicts.
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let id = entities::partners::Entity::find()
        .filter(entities::partners::Column::PartnerId.eq(cloud.as_str()))
        .one(&app.t.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    entities::score_refresh_queue::ActiveModel {
        partner_id: Set(id),
        from_month: Set("2023-01-01".parse().unwrap()),
        queued_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.t.db)
    .await
    .unwrap();
    let res = app
        .graphql(Some(&admin), RISK_SUMMARY, serde_json::Value::Null)
        .await;
    assert!(res.body.get("errors").is_none(), "{}", res.body);
    assert_eq!(risk_of_summary(&res.body).unwrap().0, all.0);
    // Another month than the latest: no forecast, so no at-risk count.
    let earlier = app
        .graphql(
            Some(&admin),
            r#"{ programSummary(asOf: "2024-01") { designations { atRisk } } }"#,
            serde_json::Value::Null,
        )
        .await;
    assert!(earlier.body.get("errors").is_none(), "{}", earlier.body);
    let designations = earlier.data()["programSummary"]["designations"].clone();
    assert!(
        designations
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["atRisk"].is_null()),
        "{designations}"
    );
}
