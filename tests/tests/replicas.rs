//! Several `serve` replicas on one database: the refresh queue is drained by all of them without
//! double work or lost partners, and failed sign-ins on one replica throttle the others.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use entities::{capability_scores, login_failures, partners, score_refresh_queue as queue};
use partnergraph::auth::Role;
use partnergraph::db::scores::{
    Engine, LEASE, claim, drain, drain_while, queue as queue_partners, queue_unscored, settle,
    stored_months,
};
use partnergraph::import::{Progress, import_folder};
use partnergraph_tests::{TestDb, replica_of, spawn_app_on, test_db, write_partners_folder};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// A database with `n` imported partners, nothing scored yet, and all of them queued.
async fn queued_partners(n: usize) -> (TestDb, Engine) {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), n);
    import_folder(&t.db, dir.path(), Progress::silent())
        .await
        .unwrap();
    queue_unscored(&t.db).await.unwrap();
    let engine = Engine::load(&t.db).await.unwrap();
    (t, engine)
}

async fn queued(t: &TestDb) -> Vec<queue::Model> {
    queue::Entity::find()
        .order_by_asc(queue::Column::PartnerId)
        .all(&t.db)
        .await
        .unwrap()
}

async fn partner_id(t: &TestDb, code: &str) -> i64 {
    partners::Entity::find()
        .filter(partners::Column::PartnerId.eq(code))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Every partner has its six designations stored for each of the twelve stored months, computed
/// no earlier than `since`.
async fn all_fresh(t: &TestDb, n: usize, since: chrono::DateTime<chrono::Utc>) {
    let (first, last) = stored_months(&t.db).await.unwrap();
    let rows = capability_scores::Entity::find()
        .filter(capability_scores::Column::Month.between(first.first_day(), last.first_day()))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), n * 6 * 12);
    assert!(rows.iter().all(|r| r.computed_at >= since));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_drainers_at_once_recompute_every_queued_partner_exactly_once() {
    let n = 24;
    let (t, engine) = queued_partners(n).await;
    assert_eq!(queued(&t).await.len(), n);
    let replica = replica_of(&t).await;
    let since = chrono::Utc::now();
    // Small claims, so the two take turns over the queue.
    let (a, b) = tokio::join!(
        drain_while(&t.db, &engine, 2, &|| true),
        drain_while(&replica.db, &engine, 2, &|| true),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.partners + b.partners, n, "{a} / {b}");
    assert!(queued(&t).await.is_empty());
    all_fresh(&t, n, since).await;
}

#[tokio::test]
async fn a_drainer_skips_the_partners_another_has_claimed() {
    let n = 6;
    let (t, engine) = queued_partners(n).await;
    let replica = replica_of(&t).await;
    let since = chrono::Utc::now();
    // One replica holds the first two partners while the other drains.
    let held = claim(&t.db, 2, LEASE, None).await.unwrap();
    assert_eq!(held.partners().len(), 2);
    let other = drain(&replica.db, &engine).await.unwrap();
    assert_eq!(other.partners, n - 2);
    assert_eq!(queued(&t).await.len(), 2, "the held partners stay queued");
    let mut mine = Default::default();
    settle(&t.db, &engine, held, &mut mine).await.unwrap();
    assert_eq!(mine.partners, 2);
    assert!(queued(&t).await.is_empty());
    all_fresh(&t, n, since).await;
}

#[tokio::test]
async fn a_crashed_drainers_claims_are_taken_over_once_their_lease_has_passed() {
    let n = 4;
    let (t, engine) = queued_partners(n).await;
    // A drainer claims everything and dies before settling: while its lease holds, nobody else
    // recomputes those partners.
    let _alive = claim(&t.db, 100, LEASE, None).await.unwrap();
    assert_eq!(drain(&t.db, &engine).await.unwrap().partners, 0);
    assert_eq!(queued(&t).await.len(), n);

    // Another one claimed them with a lease that has passed by now: they are taken over.
    let ids: Vec<i64> = queued(&t).await.iter().map(|q| q.partner_id).collect();
    queue::Entity::update_many()
        .col_expr(
            queue::Column::ClaimedUntil,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .filter(queue::Column::PartnerId.is_in(ids))
        .exec(&t.db)
        .await
        .unwrap();
    let since = chrono::Utc::now();
    assert_eq!(drain(&t.db, &engine).await.unwrap().partners, n);
    assert!(queued(&t).await.is_empty());
    all_fresh(&t, n, since).await;
}

#[tokio::test]
async fn a_crashed_drainer_with_an_expired_lease_loses_its_claim_and_stores_nothing() {
    let (t, engine) = queued_partners(2).await;
    // A lease of zero has passed as soon as it is taken.
    let crashed = claim(&t.db, 100, std::time::Duration::ZERO, None)
        .await
        .unwrap();
    assert_eq!(crashed.partners().len(), 2);
    assert_eq!(drain(&t.db, &engine).await.unwrap().partners, 2);
    assert!(queued(&t).await.is_empty());
    // The first drainer wakes up and settles: its partners were taken over, so it leaves them alone.
    let before = capability_scores::Entity::find().all(&t.db).await.unwrap();
    let mut late = Default::default();
    settle(&t.db, &engine, crashed, &mut late).await.unwrap();
    let after = capability_scores::Entity::find().all(&t.db).await.unwrap();
    assert_eq!(
        before, after,
        "nothing stored by a drainer that lost its claim"
    );
}

#[tokio::test]
async fn a_partner_re_queued_during_a_drain_stays_queued_for_the_next_one() {
    let (t, engine) = queued_partners(3).await;
    drain(&t.db, &engine).await.unwrap();
    let (p1, p2) = (partner_id(&t, "P001").await, partner_id(&t, "P002").await);
    let june: partnergraph::domain::Month = "2024-06".parse().unwrap();
    queue_partners(&t.db, &[p1, p2], june).await.unwrap();
    let security = |p: i64| {
        let db = t.db.clone();
        async move {
            capability_scores::Entity::find()
                .filter(capability_scores::Column::PartnerId.eq(p))
                .filter(capability_scores::Column::DesignationCode.eq("SECURITY"))
                .filter(capability_scores::Column::Month.eq(june.first_day()))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .breakdown
        }
    };
    let before = security(p2).await;

    let held = claim(&t.db, 100, LEASE, None).await.unwrap();
    assert_eq!(held.partners(), vec![p1, p2]);
    // While it is claimed, P002's first professional leaves in 2024-02: the import re-queues it.
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
    // The re-queue keeps the claim: no second drainer recomputes P002 meanwhile.
    assert_eq!(drain(&t.db, &engine).await.unwrap().partners, 0);

    let mut first = Default::default();
    settle(&t.db, &engine, held, &mut first).await.unwrap();
    let left = queued(&t).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(
        left[0].partner_id, p2,
        "the re-queued partner survives the drain"
    );
    assert_eq!(
        left[0].claimed_by, None,
        "and is given back to every drainer"
    );
    assert_eq!(left[0].claimed_until, None);

    assert_eq!(drain(&t.db, &engine).await.unwrap().partners, 1);
    assert!(queued(&t).await.is_empty());
    assert_ne!(
        security(p2).await,
        before,
        "the change reached the stored scores"
    );
}

#[tokio::test]
async fn failed_sign_ins_on_one_replica_throttle_sign_ins_on_another() {
    let t = test_db().await;
    let replica = replica_of(&t).await;
    let one = spawn_app_on(t, false).await;
    let two = spawn_app_on(replica, false).await;
    let admin = two.token_for("root@example.com", Role::Admin, None).await;
    let _user = one.token_for("typo@example.com", Role::Analyst, None).await;
    let login =
        "mutation($p: String!) { login(email: \"typo@example.com\", password: $p) { token } }";
    // Five failures, spread over both replicas.
    for app in [&one, &two, &one, &two, &one] {
        let res = app
            .graphql(None, login, json!({"p": "wrong password!!"}))
            .await;
        assert_eq!(res.error_code(), Some("UNAUTHENTICATED"), "{}", res.body);
    }
    let res = two
        .graphql(None, login, json!({"p": "correct horse battery staple"}))
        .await;
    assert_eq!(res.error_code(), Some("RATE_LIMITED"), "{}", res.body);
    assert_eq!(res.body["errors"][0]["extensions"]["retryAfter"], 1);

    // An administrator on one replica clears it for every replica.
    let cleared = two
        .graphql(
            Some(&admin),
            "mutation { clearLoginThrottle(email: \"typo@example.com\") { user { email } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        cleared.data()["clearLoginThrottle"]["user"]["email"],
        "typo@example.com"
    );
    let res = one
        .graphql(None, login, json!({"p": "correct horse battery staple"}))
        .await;
    assert!(res.data()["login"]["token"].is_string(), "{}", res.body);
}

#[tokio::test]
async fn an_address_spraying_accounts_across_replicas_is_slowed_on_all_of_them() {
    let t = test_db().await;
    let replica = replica_of(&t).await;
    let one = spawn_app_on(t, false).await;
    let two = spawn_app_on(replica, false).await;
    let attempt = |app: &partnergraph_tests::TestApp, i: usize| {
        let query = format!(
            "mutation {{ login(email: \"spray{i}@example.com\", password: \"wrong password!!\") {{ token }} }}"
        );
        let app_base = app.base.clone();
        let client = app.client.clone();
        async move {
            let res = client
                .post(format!("{app_base}/graphql"))
                .json(&json!({"query": query}))
                .send()
                .await
                .unwrap();
            let body: serde_json::Value = res.json().await.unwrap();
            body["errors"][0]["extensions"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        }
    };
    // Twenty failures from 127.0.0.1, half on each replica, each for another made-up account.
    for i in 0..20 {
        let app = if i % 2 == 0 { &one } else { &two };
        assert_eq!(attempt(app, i).await, "UNAUTHENTICATED");
    }
    assert_eq!(attempt(&one, 20).await, "RATE_LIMITED");
    assert_eq!(attempt(&two, 21).await, "RATE_LIMITED");
}

#[tokio::test]
async fn forgotten_failures_are_pruned_and_count_for_nothing() {
    let t = test_db().await;
    let keys = partnergraph::auth::AuthKeys::from_config(&t.config).unwrap();
    let limiter = partnergraph::auth::LoginLimiter::default();
    let long_ago = chrono::Utc::now() - chrono::Duration::minutes(16);
    // Many failures, all more than fifteen minutes old: one for an account, many for made-up ones.
    let old = (0..50).map(|i| login_failures::ActiveModel {
        key: Set(format!("account:old{i}@example.com")),
        failures: Set(40),
        last_failure_at: Set(long_ago),
    });
    login_failures::Entity::insert_many(old)
        .exec(&t.db)
        .await
        .unwrap();
    login_failures::Entity::insert(login_failures::ActiveModel {
        key: Set("account:ada@example.com".into()),
        failures: Set(40),
        last_failure_at: Set(long_ago),
    })
    .exec(&t.db)
    .await
    .unwrap();
    // Old failures do not slow the next attempt; a new failure counts as the first, and prunes the
    // forgotten rows.
    let res = partnergraph::auth::login(
        &t.db,
        &keys,
        &limiter,
        "ada@example.com",
        "wrong password!!",
        None,
    )
    .await;
    assert!(
        matches!(res, Err(partnergraph::auth::AuthError::Unauthenticated)),
        "{res:?}"
    );
    let rows = login_failures::Entity::find().all(&t.db).await.unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].key, "account:ada@example.com");
    assert_eq!(rows[0].failures, 1);
    assert_eq!(
        login_failures::Entity::find().count(&t.db).await.unwrap(),
        1
    );
}
