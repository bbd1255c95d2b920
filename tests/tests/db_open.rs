//! How commands open the database, on the run's backend: read-only and writing commands refuse a
//! database whose schema is behind and leave it as it is; only the full migration upgrades it and
//! says which migrations it applied.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use migration::{Migrator, MigratorTrait};
use partnergraph::db::{open_and_migrate, open_existing, open_for_writing, schema_state};
use partnergraph_tests::test_db;

#[tokio::test]
async fn a_database_behind_the_binary_is_refused_unchanged_until_it_is_migrated() {
    let t = test_db().await;
    let state = schema_state(&t.db).await.unwrap();
    assert!(state.pending.is_empty());
    assert_eq!(state.applied.len(), Migrator::migrations().len());
    assert!(open_existing(&t.config).await.is_ok());
    assert!(open_for_writing(&t.config).await.is_ok());

    // The newest migration undone: the database is one behind.
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let (newest, at) = (&names[names.len() - 1], &names[names.len() - 2]);
    Migrator::down(&t.db, Some(1)).await.unwrap();
    let expected = format!(
        "the database is at migration {at}, this binary needs {newest}: run `partnergraph migrate`"
    );
    for result in [
        open_existing(&t.config).await.map(|_| ()),
        open_for_writing(&t.config).await.map(|_| ()),
    ] {
        assert_eq!(result.unwrap_err().to_string(), expected);
    }
    let state = schema_state(&t.db).await.unwrap();
    assert_eq!(state.applied, names[..names.len() - 1].to_vec());
    assert_eq!(state.pending, vec![newest.clone()]);

    let (_, report) = open_and_migrate(&t.config).await.unwrap();
    assert_eq!(report.to_string(), format!("applied 1 migration: {newest}"));
    let (_, report) = open_and_migrate(&t.config).await.unwrap();
    assert_eq!(
        report.to_string(),
        format!("the database is up to date ({} migrations)", names.len())
    );
}

#[tokio::test]
async fn a_database_without_any_migration_is_created_by_a_writing_command_but_not_by_a_reading_one()
{
    let t = test_db().await;
    Migrator::down(&t.db, None).await.unwrap();
    let err = open_existing(&t.config).await.unwrap_err().to_string();
    assert!(
        err.starts_with("the database has no partnergraph schema yet"),
        "{err}"
    );
    assert!(schema_state(&t.db).await.unwrap().applied.is_empty());
    open_for_writing(&t.config).await.unwrap();
    assert!(schema_state(&t.db).await.unwrap().pending.is_empty());
}
