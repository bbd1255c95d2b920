//! The migrations run forward from empty, again on an up-to-date database, and down and up again,
//! on the run's backend.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use migration::{Migrator, MigratorTrait};
use partnergraph_tests::{example, test_db};
use sea_orm::{EntityTrait, PaginatorTrait};

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
    let err = Migrator::down(&t.db, Some(through_catalogue))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("program data"), "{err}");
    Migrator::up(&t.db, None).await.unwrap();
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
