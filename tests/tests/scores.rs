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
