//! The same data gives the same scores on SQLite and on PostgreSQL. Runs in the PostgreSQL run of the
//! suite (`PARTNERGRAPH_TEST_BACKEND=postgres`), where both databases are at hand.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use std::collections::BTreeMap;

use partnergraph::db::scores::{Engine, refresh};
use partnergraph::import::{Progress, import_folder};
use partnergraph_tests::{Backend, backend, test_db_on};
use sea_orm::{DatabaseConnection, EntityTrait};

async fn stored_scores(
    db: &DatabaseConnection,
) -> BTreeMap<(String, String, chrono::NaiveDate), serde_json::Value> {
    let partners: BTreeMap<i64, String> = entities::partners::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.partner_id))
        .collect();
    entities::capability_scores::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                (partners[&r.partner_id].clone(), r.designation_code, r.month),
                serde_json::json!({
                    "breakdown": serde_json::from_str::<serde_json::Value>(&r.breakdown).unwrap(),
                    "summary": serde_json::from_str::<serde_json::Value>(&r.summary).unwrap(),
                }),
            )
        })
        .collect()
}

#[tokio::test]
async fn sqlite_and_postgresql_store_the_same_scores_for_the_same_data() {
    if backend() != Backend::Postgres {
        eprintln!("this comparison runs in the PostgreSQL run of the suite");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let gen_db = test_db_on(Backend::Sqlite).await;
    let mut args = partnergraph::demo::DemoArgs::with_partners(60).unwrap();
    args.out = Some(folder.path().to_path_buf());
    args.no_import = true;
    partnergraph::demo::run(&gen_db.db, &args).await.unwrap();

    let mut results = Vec::new();
    for b in [Backend::Sqlite, Backend::Postgres] {
        let t = test_db_on(b).await;
        import_folder(&t.db, folder.path(), Progress::silent())
            .await
            .unwrap();
        let engine = Engine::load(&t.db).await.unwrap();
        refresh(&t.db, &engine).await.unwrap();
        results.push(stored_scores(&t.db).await);
    }
    let (sqlite, postgres) = (&results[0], &results[1]);
    assert_eq!(
        sqlite.len(),
        60 * 6 * 12,
        "60 partners x 6 designations x 12 months"
    );
    assert_eq!(
        sqlite.keys().collect::<Vec<_>>(),
        postgres.keys().collect::<Vec<_>>()
    );
    let differing: Vec<_> = sqlite
        .iter()
        .filter(|(k, v)| postgres.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .take(5)
        .collect();
    if let Some(k) = differing.first() {
        let (a, b) = (sqlite[*k].to_string(), postgres[*k].to_string());
        let at = a
            .bytes()
            .zip(b.bytes())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "scores differ between SQLite and PostgreSQL for {differing:?}; first at byte {at}:\n  sqlite:   {}\n  postgres: {}",
            &a[at.saturating_sub(300)..(at + 300).min(a.len())],
            &b[at.saturating_sub(300)..(at + 300).min(b.len())]
        );
    }
    let meets = sqlite
        .values()
        .filter(|v| v["breakdown"]["meets_requirements"] == true)
        .count();
    assert!(
        meets > 0,
        "the comparison should include partners that meet requirements"
    );
}
