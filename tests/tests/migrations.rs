//! The migrations run forward from empty, again on an up-to-date database, and down and up again,
//! on the run's backend.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use migration::{Migrator, MigratorTrait};
use partnergraph_tests::{TestDb, example, test_db};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

/// A new pool on `t`'s database, for a schema change after program data was read and written: on
/// SQLite a pooled connection that last read before another connection changed the schema may still
/// parse with the old schema (a column it dropped seems to exist), so each schema change runs on
/// connections opened after the previous one, as a fresh `partnergraph migrate` would.
async fn reopened(t: &TestDb) -> DatabaseConnection {
    partnergraph::db::connect(&t.config, partnergraph::db::Create::No)
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_are_idempotent_and_reversible_and_keep_the_catalogue() {
    let t = test_db().await;
    // Already migrated by test_db: running them again changes nothing.
    Migrator::up(&t.db, None).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&t.db).await.unwrap().len(),
        0
    );
    assert_eq!(
        entities::designations::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        6
    );
    let workloads = entities::workloads::Entity::find()
        .count(&t.db)
        .await
        .unwrap();
    assert!(workloads > 90, "{workloads} workloads");
    assert!(
        entities::designation_metrics::Entity::find()
            .count(&t.db)
            .await
            .unwrap()
            >= 28
    );
    assert!(
        entities::workload_eligibility::Entity::find()
            .count(&t.db)
            .await
            .unwrap()
            > 0
    );
    assert!(
        entities::certification_eligibility::Entity::find()
            .count(&t.db)
            .await
            .unwrap()
            > 0
    );

    // Everything down and up again on an empty program.
    Migrator::down(&t.db, None).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&t.db).await.unwrap().len(),
        Migrator::migrations().len()
    );
    Migrator::up(&t.db, None).await.unwrap();
    assert_eq!(
        entities::designations::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        6
    );

    // With program data, taking the catalogue away is refused cleanly and nothing is lost.
    partnergraph::import::import_folder(
        &t.db,
        &example("security-2023-worked"),
        partnergraph::import::Progress::silent(),
    )
    .await
    .unwrap();
    // Down through the catalogue's migration (the later ones go first, and come back below).
    let through_catalogue = u32::try_from(Migrator::migrations().len() - 1).unwrap();
    let err = Migrator::down(&reopened(&t).await, Some(through_catalogue))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("program data"), "{err}");
    Migrator::up(&reopened(&t).await, None).await.unwrap();
    assert_eq!(
        entities::partners::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        entities::workloads::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        workloads
    );
    assert_eq!(
        Migrator::get_pending_migrations(&t.db).await.unwrap().len(),
        0
    );
}

#[tokio::test]
async fn the_database_refuses_a_second_open_association_for_one_professional() {
    use sea_orm::ConnectionTrait;
    let t = test_db().await;
    partnergraph::import::import_folder(
        &t.db,
        &example("security-2023-worked"),
        partnergraph::import::Progress::silent(),
    )
    .await
    .unwrap();
    // Whoever writes the row, the partial unique index keeps one open association per professional.
    let sql = "INSERT INTO professional_associations (professional_id, partner_id, associated_on, removed_on, version, created_at, updated_at) \
               SELECT professional_id, partner_id, '2024-01-01', NULL, 1, created_at, updated_at FROM professional_associations LIMIT 1";
    assert!(t.db.execute_unprepared(sql).await.is_err());
    // And a check constraint keeps counts non-negative.
    let bad = "UPDATE customer_usage SET paid_seats = -1";
    assert!(t.db.execute_unprepared(bad).await.is_err());
}

#[tokio::test]
async fn customers_stored_before_segments_have_none_and_the_column_takes_only_the_two_codes() {
    use sea_orm::ConnectionTrait;
    let t = test_db().await;
    // A database migrated before the segment column, with a customer.
    Migrator::down(&t.db, None).await.unwrap();
    let before_segments = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261203_000007_customer_segment")
        .unwrap();
    Migrator::up(&t.db, Some(u32::try_from(before_segments).unwrap()))
        .await
        .unwrap();
    t.db.execute_unprepared(
        "INSERT INTO customers (tenant_id, tpid, name, country, created_at, updated_at) \
         VALUES ('00000000-0000-0000-0000-000000000001', NULL, 'Contoso', 'US', \
         CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    )
    .await
    .unwrap();

    let db = reopened(&t).await;
    Migrator::up(&db, None).await.unwrap();
    let stored = entities::customers::Entity::find().all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].segment, None);
    let set = |segment: &'static str| {
        let db = db.clone();
        async move {
            db.execute_unprepared(&format!("UPDATE customers SET segment = {segment}"))
                .await
        }
    };
    for good in ["'SMB'", "'ENTERPRISE'", "NULL"] {
        assert!(set(good).await.is_ok(), "{good} was refused");
    }
    for bad in ["'smb'", "'MID_MARKET'", "''"] {
        assert!(set(bad).await.is_err(), "{bad} was stored");
    }
}

#[tokio::test]
async fn a_database_scored_under_2023_07_is_requeued_for_2023_12() {
    use partnergraph::db::scores;
    use partnergraph::domain::Month;
    let t = test_db().await;
    // A database as it was before rule set 2023-12 shipped: only rule set 2023-07 stored, open-ended,
    // and the migrations that add later rule sets not yet run; its scores stored by 2023-07. (The
    // importer needs today's columns, so the schema is today's and the catalogue is taken back.)
    {
        use sea_orm::ConnectionTrait;
        for sql in [
            "DELETE FROM certification_eligibility WHERE rule_set_code <> '2023-07'",
            "DELETE FROM workload_eligibility WHERE rule_set_code <> '2023-07'",
            "DELETE FROM designation_metrics WHERE rule_set_code <> '2023-07'",
            "DELETE FROM rule_sets WHERE code <> '2023-07'",
            "UPDATE rule_sets SET effective_to = NULL",
            "DELETE FROM seaql_migrations WHERE version IN \
             ('m20261202_000006_rule_set_2023_12', 'm20261203_000008_rule_set_2026_07')",
        ] {
            t.db.execute_unprepared(sql).await.unwrap();
        }
    }
    partnergraph::import::import_folder(
        &t.db,
        &example("security-2023-worked"),
        partnergraph::import::Progress::silent(),
    )
    .await
    .unwrap();
    let old = scores::Engine::load(&t.db).await.unwrap();
    assert_eq!(old.rule_sets().len(), 1);
    scores::refresh(&t.db, &old).await.unwrap();
    assert_eq!(
        entities::score_refresh_queue::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        0
    );
    let june: Month = "2024-06".parse().unwrap();
    let partner = entities::partners::Entity::find()
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let stored = scores::scores_of(&t.db, &old, partner.id, june, None)
        .await
        .unwrap();
    assert!(stored.iter().all(|s| s.rule_set == "2023-07"));

    // Migrating on adds 2023-12 and queues the partner: its June 2024 scores are 2023-12's at once.
    Migrator::up(&reopened(&t).await, None).await.unwrap();
    let queued = entities::score_refresh_queue::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].partner_id, partner.id);
    assert!(queued[0].from_month >= "2023-12-01".parse().unwrap());
    let engine = scores::Engine::load(&t.db).await.unwrap();
    let codes: Vec<&str> = engine.rule_sets().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["2023-07", "2023-12", "2026-07"]);
    assert_eq!(
        engine.rule_set("2023-07").unwrap().effective_to,
        "2023-11-30".parse().ok()
    );
    let now = scores::scores_of(&t.db, &engine, partner.id, june, None)
        .await
        .unwrap();
    assert!(!now.is_empty());
    assert!(now.iter().all(|s| s.rule_set == "2023-12"), "{now:?}");
    // SC-100 and MDCA, which 2023-12 reads, are in the catalogue.
    assert!(
        entities::certifications::Entity::find_by_id("SC-100".to_string())
            .one(&t.db)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        entities::workloads::Entity::find_by_id("MDCA".to_string())
            .one(&t.db)
            .await
            .unwrap()
            .is_some()
    );
    // Running the migrations again changes nothing.
    Migrator::up(&t.db, None).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&t.db).await.unwrap().len(),
        0
    );
}

#[tokio::test]
async fn a_database_migrated_before_2026_07_gets_its_rule_set_and_the_2026_retirement_dates() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let t = test_db().await;
    // A database migrated before rule set 2026-07 shipped: through the migration before 000008, with
    // AZ-500 not retired and 2023-12 open-ended (on a new database migration 000006 already stores
    // the catalogue as it now ships).
    Migrator::down(&t.db, None).await.unwrap();
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261203_000008_rule_set_2026_07")
        .unwrap();
    Migrator::up(&t.db, Some(u32::try_from(before).unwrap()))
        .await
        .unwrap();
    let db = reopened(&t).await;
    let mut dec = entities::rule_sets::Entity::find_by_id("2023-12".to_string())
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    dec.effective_to = Set(None);
    dec.update(&db).await.unwrap();
    let mut az = entities::certifications::Entity::find_by_id("AZ-500".to_string())
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    az.retired_on = Set(None);
    az.update(&db).await.unwrap();

    Migrator::up(&db, None).await.unwrap();
    let engine = partnergraph::db::scores::Engine::load(&db).await.unwrap();
    let codes: Vec<&str> = engine.rule_sets().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["2023-07", "2023-12", "2026-07"]);
    assert_eq!(
        engine.rule_set("2023-12").unwrap().effective_to,
        "2026-06-30".parse().ok()
    );
    let az = entities::certifications::Entity::find_by_id("AZ-500".to_string())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(az.retired_on, "2026-08-31".parse().ok());
    assert!(
        entities::certifications::Entity::find_by_id("SC-401".to_string())
            .one(&db)
            .await
            .unwrap()
            .is_some()
    );
}
