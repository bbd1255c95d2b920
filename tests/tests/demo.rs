//! `partnergraph demo` end to end: the generated folder goes through the real importer into the run's
//! database (SQLite or PostgreSQL), every row of the files arrives, usage spans more than two years, and
//! the partners designed to qualify do qualify when scored from the database as the server does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use partnergraph::db::scores::{self, Engine};
use partnergraph::demo::{DemoArgs, ensure_demo_data, run, write_folder};
use partnergraph::domain::Month;
use partnergraph::import::format::FILES;
use partnergraph::import::{Progress, import_folder};
use partnergraph_tests::test_db;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

/// Data rows of each import file of a folder, in load order (no generated field holds a line break,
/// so a row is a line).
fn file_rows(folder: &Path) -> Vec<(&'static str, u64)> {
    FILES
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(folder.join(file.name)).unwrap();
            (file.name, text.lines().count() as u64 - 1)
        })
        .collect()
}

/// Rows of each program-data table, in the order of the files that fill them.
async fn table_rows(db: &DatabaseConnection) -> Vec<u64> {
    use entities::*;
    vec![
        partners::Entity::find().count(db).await.unwrap(),
        customers::Entity::find().count(db).await.unwrap(),
        customer_associations::Entity::find()
            .count(db)
            .await
            .unwrap(),
        customer_usage::Entity::find().count(db).await.unwrap(),
        professionals::Entity::find().count(db).await.unwrap(),
        professional_certifications::Entity::find()
            .count(db)
            .await
            .unwrap(),
        professional_associations::Entity::find()
            .count(db)
            .await
            .unwrap(),
        partner_specializations::Entity::find()
            .count(db)
            .await
            .unwrap(),
    ]
}

#[tokio::test]
async fn twenty_demo_partners_load_through_the_importer_with_every_row_of_the_files() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let mut args = DemoArgs::with_partners(20).unwrap();
    args.out = Some(dir.path().to_path_buf());

    let summary = run(&t.db, &args).await.unwrap();

    let files = file_rows(dir.path());
    let tables = table_rows(&t.db).await;
    for ((file, in_file), in_db) in files.iter().zip(&tables) {
        assert!(*in_file > 0, "{file} is empty");
        assert_eq!(
            in_file, in_db,
            "{file}: {in_file} rows in the file, {in_db} in the database"
        );
        assert!(
            summary.contains(file),
            "the summary does not mention {file}:\n{summary}"
        );
    }
    assert_eq!(files[0].1, 20);
    assert!(
        summary.contains("inserted"),
        "no import report in:\n{summary}"
    );

    // Usage covers every month of 2022-04..2024-06: at least 24 months.
    let months: BTreeSet<NaiveDate> = entities::customer_usage::Entity::find()
        .select_only()
        .column(entities::customer_usage::Column::Month)
        .distinct()
        .into_tuple::<NaiveDate>()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let first = Month::of(*months.first().unwrap());
    let last = Month::of(*months.last().unwrap());
    assert!(months.len() >= 24, "usage spans {} months", months.len());
    assert_eq!(
        last.months_since(first) + 1,
        months.len() as i32,
        "a month is missing"
    );
    assert_eq!(last.to_string(), "2024-06");

    // The same seed writes the same files, so importing them again changes nothing.
    let again = import_folder(&t.db, dir.path(), Progress::silent())
        .await
        .unwrap();
    for counts in &again.files {
        assert_eq!(
            (counts.inserted, counts.updated),
            (0, 0),
            "{}: a second import of the same files changed rows",
            counts.file
        );
    }
    assert_eq!(table_rows(&t.db).await, tables);
}

#[tokio::test]
async fn partners_designed_to_qualify_meet_requirements_when_scored_from_the_database() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let mut args = DemoArgs::with_partners(40).unwrap();
    args.out = Some(dir.path().to_path_buf());
    // The profiles come from the generator; `run` writes the very same files and imports them.
    let generated = write_folder(&args.plan(), dir.path()).unwrap();
    run(&t.db, &args).await.unwrap();

    let engine = Engine::load(&t.db).await.unwrap();
    let mut meeting = 0;
    let mut below = 0;
    let mut designed = 0;
    for (partner_id, profile) in &generated.profiles {
        let row = entities::partners::Entity::find()
            .filter(entities::partners::Column::PartnerId.eq(partner_id.as_str()))
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
        let computed = scores::scores_of(&t.db, &engine, row.id, args.as_of, None)
            .await
            .unwrap();
        assert_eq!(computed.len(), 6, "{partner_id}");
        for code in profile.designed_to_meet() {
            designed += 1;
            let s = computed.iter().find(|s| s.designation == code).unwrap();
            assert!(
                s.meets_requirements,
                "{partner_id} is designed to meet {code} but scores {} ({:?})",
                s.total,
                s.metrics
                    .iter()
                    .map(|m| (m.metric, m.points))
                    .collect::<Vec<_>>()
            );
        }
        if computed.iter().any(|s| s.meets_requirements) {
            meeting += 1;
        }
        below += computed.iter().filter(|s| !s.meets_requirements).count();
    }
    assert!(designed >= 5, "only {designed} designed qualifications");
    assert!(
        (5..20).contains(&meeting),
        "{meeting} of 40 partners meet requirements"
    );
    assert!(below > 150, "{below} scores below requirements");
}

#[tokio::test]
async fn demo_data_is_loaded_only_into_a_database_without_partners() {
    let t = test_db().await;
    ensure_demo_data(&t.db, 5).await.unwrap();
    let loaded = table_rows(&t.db).await;
    assert_eq!(loaded[0], 5);
    assert!(loaded[3] > 0, "no usage was loaded");

    ensure_demo_data(&t.db, 8).await.unwrap();
    assert_eq!(
        table_rows(&t.db).await,
        loaded,
        "demo data was loaded twice"
    );
}
