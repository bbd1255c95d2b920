//! Stored scores stay current incrementally: a change recomputes the partners it touches, and only
//! those.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use partnergraph::db::scores::{Engine, refresh, scores_of, stored_months};
use partnergraph::domain::DesignationCode;
use partnergraph::import::{Progress, import_folder};
use partnergraph_tests::{test_db, write_partners_folder};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn one_changed_association_recomputes_one_partner() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 3);
    import_folder(&t.db, dir.path(), Progress::silent())
        .await
        .unwrap();
    let engine = Engine::load(&t.db).await.unwrap();
    let first = refresh(&t.db, &engine).await.unwrap();
    assert_eq!(first.partners, 3);
    assert_eq!(first.rows, 3 * 6 * 12, "twelve months of six designations");
    assert_eq!(
        refresh(&t.db, &engine).await.unwrap().partners,
        0,
        "nothing is stale any more"
    );

    let partner = |code: &'static str| {
        let db = t.db.clone();
        async move {
            entities::partners::Entity::find()
                .filter(entities::partners::Column::PartnerId.eq(code))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let (p1, p2) = (partner("P001").await, partner("P002").await);
    let (_, last) = stored_months(&t.db).await.unwrap();
    assert_eq!(last.to_string(), "2024-12");
    // MS-500 counts through 2024-06-30: read the Security skilling of June.
    let june: partnergraph::domain::Month = "2024-06".parse().unwrap();
    let before_p1 = entities::capability_scores::Entity::find()
        .filter(entities::capability_scores::Column::PartnerId.eq(p1))
        .all(&t.db)
        .await
        .unwrap();
    let security_before = scores_of(&t.db, &engine, p2, june, Some(DesignationCode::Security))
        .await
        .unwrap()[0]
        .clone();

    // P002's first professional leaves in 2024-02: one file, one row.
    let change = tempfile::tempdir().unwrap();
    std::fs::write(
        change.path().join("professional_associations.csv"),
        "professional_id,partner_id,associated_on,removed_on\nP002-M0,P002,2023-01-01,2024-02-15\n",
    )
    .unwrap();
    let report = import_folder(&t.db, change.path(), Progress::silent())
        .await
        .unwrap();
    assert_eq!(report.partners_queued, 1);
    let second = refresh(&t.db, &engine).await.unwrap();
    assert_eq!(
        second.partners, 1,
        "only the partner whose association changed is recomputed"
    );

    let security_after = scores_of(&t.db, &engine, p2, june, Some(DesignationCode::Security))
        .await
        .unwrap()[0]
        .clone();
    let intermediate = |s: &partnergraph::score::DesignationScore| {
        s.metric(partnergraph::domain::MetricCode::IntermediateCertifications)
            .unwrap()
            .value
    };
    assert_eq!(
        intermediate(&security_before) - intermediate(&security_after),
        rust_decimal::Decimal::ONE
    );
    let after_p1 = entities::capability_scores::Entity::find()
        .filter(entities::capability_scores::Column::PartnerId.eq(p1))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(
        before_p1, after_p1,
        "the other partners' stored scores were not touched"
    );
}

/// The Security total of each partner at a month, as one reader shows it (two decimals).
type Totals = std::collections::BTreeMap<String, String>;

fn two_decimals(v: f64) -> String {
    format!("{v:.2}")
}

#[tokio::test]
async fn a_queued_partner_reads_fresh_scores_and_an_unqueued_one_its_stored_row_through_every_reader()
 {
    use partnergraph::auth::Role;
    use partnergraph::db::score_input;
    use partnergraph::db::scores::queue;
    use partnergraph::domain::Month;
    use sea_orm::{ActiveModelTrait, Set};
    use serde_json::json;

    let app = partnergraph_tests::spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 3);
    app.import(dir.path()).await;
    let db = &app.t.db;
    let engine = Engine::load(db).await.unwrap();
    let token = app
        .token_for("report@example.com", Role::Analyst, None)
        .await;
    let (may, june): (Month, Month) = ("2024-05".parse().unwrap(), "2024-06".parse().unwrap());
    let partner = |code: &str| {
        let code = code.to_string();
        async move {
            entities::partners::Entity::find()
                .filter(entities::partners::Column::PartnerId.eq(code))
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let (p1, p2) = (partner("P001").await, partner("P002").await);
    let security = |scores: Vec<partnergraph::score::DesignationScore>| {
        let s = scores
            .into_iter()
            .find(|s| s.designation == DesignationCode::Security)
            .unwrap();
        format!("{:.2}", s.total)
    };
    // Nothing is queued yet: what any reader shows is the stored row.
    let mut stored = std::collections::HashMap::new();
    for p in [p1, p2] {
        for m in [may, june] {
            stored.insert(
                (p, m),
                security(scores_of(db, &engine, p, m, None).await.unwrap()),
            );
        }
    }

    // The first professional of P001 and of P002 leaves in 2024-02, written past the queue; then only
    // P002 is queued, from 2024-06, without a refresh.
    for code in ["P001-M0", "P002-M0"] {
        let pro = entities::professionals::Entity::find()
            .filter(entities::professionals::Column::ProfessionalId.eq(code))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let link = entities::professional_associations::Entity::find()
            .filter(entities::professional_associations::Column::ProfessionalId.eq(pro.id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut link: entities::professional_associations::ActiveModel = link.into();
        link.removed_on = Set(Some(chrono::NaiveDate::from_ymd_opt(2024, 2, 15).unwrap()));
        link.update(db).await.unwrap();
    }
    queue(db, &[p2], june).await.unwrap();
    // The engine's answer on the rows as they are now.
    let mut fresh = std::collections::HashMap::new();
    for p in [p1, p2] {
        for m in [may, june] {
            let (from, to) = engine.usage_window(m, m);
            let data = score_input::load(db, &[p], from, to).await.unwrap();
            fresh.insert((p, m), security(engine.score(&data[&p], m)));
        }
    }
    for key in [(p1, june), (p2, may), (p2, june)] {
        assert_ne!(
            stored[&key], fresh[&key],
            "the change moves the total of {key:?}"
        );
    }
    // Queued from June: P002's June is stale, its May still fresh; P001 is not queued at all.
    let expected = |m: Month| -> Totals {
        Totals::from([
            ("P001".to_string(), stored[&(p1, m)].clone()),
            (
                "P002".to_string(),
                if m == june {
                    fresh[&(p2, m)].clone()
                } else {
                    stored[&(p2, m)].clone()
                },
            ),
        ])
    };

    for m in [may, june] {
        // The graph, partner by partner.
        let mut graph = Totals::new();
        for code in ["P001", "P002"] {
            let res = app
                .graphql(
                    Some(&token),
                    "query($p: String!, $m: Month!) { partner(partnerId: $p) { capabilityScores(asOf: $m) { designationCode total } } }",
                    json!({"p": code, "m": m.to_string()}),
                )
                .await;
            let scores = res.data()["partner"]["capabilityScores"]
                .as_array()
                .unwrap()
                .clone();
            let s = scores
                .iter()
                .find(|s| s["designationCode"] == "SECURITY")
                .unwrap();
            graph.insert(code.to_string(), two_decimals(s["total"].as_f64().unwrap()));
        }
        assert_eq!(graph, expected(m), "partner {{ capabilityScores }} at {m}");

        // The bulk connection.
        let res = app
            .graphql(
                Some(&token),
                "query($m: Month!) { capabilityScores(asOf: $m, designation: SECURITY, first: 2) { totalCount edges { node { total partner { partnerId } } } } }",
                json!({"m": m.to_string()}),
            )
            .await;
        let bulk: Totals = res.data()["capabilityScores"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"]["partner"]["partnerId"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    two_decimals(e["node"]["total"].as_f64().unwrap()),
                )
            })
            .collect();
        assert_eq!(bulk, expected(m), "capabilityScores at {m}");
        assert_eq!(res.data()["capabilityScores"]["totalCount"], 3);

        // The export.
        let csv = app
            .client
            .get(format!(
                "{}/export/scores?asOf={m}&designation=SECURITY",
                app.base
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let export: Totals = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f[0] != "P003")
            .map(|f| (f[0].to_string(), f[6].to_string()))
            .collect();
        assert_eq!(export, expected(m), "/export/scores at {m}");

        // The command line's `score`.
        let mut cli = Totals::new();
        for (code, p) in [("P001", p1), ("P002", p2)] {
            let scores = scores_of(db, &engine, p, m, Some(DesignationCode::Security))
                .await
                .unwrap();
            cli.insert(code.to_string(), security(scores));
        }
        assert_eq!(cli, expected(m), "partnergraph score at {m}");
    }

    // The bulk filters judge a stale score by its fresh total: P002's June passes a bound only its
    // fresh total meets, and fails one only its stored total meets.
    let filtered = |min: &str, max: &str| {
        let query = format!(
            r#"{{ capabilityScores(asOf: "2024-06", designation: SECURITY, first: 10, filter: {{minTotal: {min}, maxTotal: {max}}}) {{ totalCount edges {{ node {{ partner {{ partnerId }} }} }} }} }}"#
        );
        let app = &app;
        let token = token.clone();
        async move {
            let res = app.graphql(Some(&token), &query, json!({})).await;
            let conn = res.data()["capabilityScores"].clone();
            let ids: Vec<String> = conn["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    e["node"]["partner"]["partnerId"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect();
            assert_eq!(
                conn["totalCount"],
                ids.len(),
                "totalCount counts what is listed"
            );
            ids
        }
    };
    let (p2_fresh, p2_stored) = (&fresh[&(p2, june)], &stored[&(p2, june)]);
    assert!(
        filtered(p2_fresh, p2_fresh)
            .await
            .contains(&"P002".to_string()),
        "P002's fresh total {p2_fresh} is within [{p2_fresh}, {p2_fresh}]"
    );
    assert!(
        !filtered(p2_stored, p2_stored)
            .await
            .contains(&"P002".to_string()),
        "P002's stored total {p2_stored} no longer counts"
    );
}

#[tokio::test]
async fn a_month_after_december_2023_is_scored_by_2023_12_and_a_what_if_by_2023_07() {
    use partnergraph::db::scores::{Detail, ScoreKey, scores_under};
    use partnergraph::domain::Month;
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 1);
    import_folder(&t.db, dir.path(), Progress::silent())
        .await
        .unwrap();
    let engine = Engine::load(&t.db).await.unwrap();
    refresh(&t.db, &engine).await.unwrap();
    // Every stored month (2024-01 … 2024-12) is 2023-12's.
    let rows = entities::capability_scores::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 6 * 12);
    assert!(rows.iter().all(|r| r.rule_set_code == "2023-12"));
    let p = rows[0].partner_id;
    // November 2023, outside the stored history, is computed by 2023-07; December by 2023-12.
    let (november, december): (Month, Month) =
        ("2023-11".parse().unwrap(), "2023-12".parse().unwrap());
    for (month, code) in [(november, "2023-07"), (december, "2023-12")] {
        let scores = scores_of(&t.db, &engine, p, month, None).await.unwrap();
        assert_eq!(scores.len(), 6);
        assert!(scores.iter().all(|s| s.rule_set == code), "{month}");
    }
    // A what-if under 2023-07 of a stored month is computed now and writes nothing.
    let june = ScoreKey {
        partner: p,
        month: "2024-06".parse().unwrap(),
    };
    let july = engine.rule_set("2023-07").unwrap();
    let what_if = scores_under(&t.db, &engine, &[june], july, None, Detail::Points)
        .await
        .unwrap();
    assert_eq!(what_if[&june].len(), 6);
    assert!(what_if[&june].iter().all(|s| s.rule_set == "2023-07"));
    let after = entities::capability_scores::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(after, rows, "a what-if stores nothing");
    // Under the rule set in force, the what-if path reads the stored row.
    let december_rules = engine.rule_set("2023-12").unwrap();
    let same = scores_under(
        &t.db,
        &engine,
        &[june],
        december_rules,
        None,
        Detail::Points,
    )
    .await
    .unwrap();
    let stored = scores_of(&t.db, &engine, p, june.month, None)
        .await
        .unwrap();
    assert_eq!(
        same[&june].iter().map(|s| s.total).collect::<Vec<_>>(),
        stored.iter().map(|s| s.total).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn the_score_input_carries_the_segments_of_the_partner_s_customers_and_a_what_if_s_new_customer()
 {
    use partnergraph::db::{score_input, simulate};
    use partnergraph::domain::{AssociationType, CustomerSegment, Month};
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let tenant = |i: u32| format!("00000000-0000-0000-0000-{i:012}");
    let (t1, t2, t3, t4) = (tenant(1), tenant(2), tenant(3), tenant(4));
    let files = [
        (
            "partners.csv",
            "partner_id,name,country\nP,Partner P,US\nQ,Partner Q,US\n".to_string(),
        ),
        (
            "customers.csv",
            format!(
                "tenant_id,tpid,name,country,segment\n{t1},,One,US,SMB\n{t2},,Two,US,ENTERPRISE\n\
                 {t3},,Three,US,\n{t4},,Four,US,SMB\n"
            ),
        ),
        (
            "customer_associations.csv",
            format!(
                "partner_id,tenant_id,association_type,start_date\nP,{t1},CPOR,2023-01-01\n\
                 P,{t2},PAL,2023-01-01\nP,{t3},CPOR,2023-01-01\nQ,{t1},PAL,2023-01-01\n\
                 Q,{t4},CPOR,2023-01-01\n"
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    import_folder(&t.db, dir.path(), Progress::silent())
        .await
        .unwrap();
    let id = |code: &'static str| {
        let db = t.db.clone();
        async move {
            entities::partners::Entity::find()
                .filter(entities::partners::Column::PartnerId.eq(code))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let (p, q) = (id("P").await, id("Q").await);
    let month: Month = "2024-06".parse().unwrap();
    let inputs = score_input::load(&t.db, &[p, q], month.minus(23), month)
        .await
        .unwrap();
    let segments = |partner: i64| -> Vec<(String, CustomerSegment)> {
        inputs[&partner]
            .segments
            .iter()
            .map(|(t, s)| (t.clone(), *s))
            .collect()
    };
    // Only associated customers, only those with a segment (the third has none); a shared one in both.
    assert_eq!(
        segments(p),
        [
            (t1.clone(), CustomerSegment::Smb),
            (t2.clone(), CustomerSegment::Enterprise)
        ]
    );
    assert_eq!(
        segments(q),
        [
            (t1.clone(), CustomerSegment::Smb),
            (t4.clone(), CustomerSegment::Smb)
        ]
    );

    // A what-if associating another customer reads that customer's segment too.
    let engine = Engine::load(&t.db).await.unwrap();
    let change = partnergraph::score::what_if::Change::AddCustomerAssociation {
        tenant_id: t4.clone(),
        association_type: AssociationType::Cpor,
        workload: None,
        start_date: "2024-01-01".parse().unwrap(),
    };
    let (before, after) = simulate::inputs(&t.db, &engine, p, month, &[change])
        .await
        .unwrap();
    assert_eq!(before.segments, inputs[&p].segments);
    assert_eq!(after.segments.get(&t4), Some(&CustomerSegment::Smb));
    assert_eq!(after.segments.len(), 3);
}
