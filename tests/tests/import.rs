//! The importer end to end on a real, migrated database (SQLite, or PostgreSQL with
//! `PARTNERGRAPH_TEST_BACKEND=postgres`): the shared examples load, a re-import changes nothing, a bad
//! folder writes nothing and names every bad cell, updates are counted and stored, and the partners
//! whose scores change are queued.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use entities::{
    customer_associations, customer_usage, customers, partner_specializations, partners,
    professional_associations, professional_certifications, professionals, score_refresh_queue,
};
use partnergraph::import::{FileCounts, ImportError, ImportReport, Progress, import_folder};
use partnergraph_tests::{example, examples_dir, test_db};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    Statement,
};

/// The tables an import writes, in load order, then the queue.
const PROGRAM_TABLES: [&str; 9] = [
    "partners",
    "customers",
    "customer_associations",
    "customer_usage",
    "professionals",
    "professional_certifications",
    "professional_associations",
    "partner_specializations",
    "score_refresh_queue",
];

/// Every row of every program table, in key order.
#[derive(Debug, PartialEq)]
struct Dump {
    partners: Vec<partners::Model>,
    customers: Vec<customers::Model>,
    customer_associations: Vec<customer_associations::Model>,
    customer_usage: Vec<customer_usage::Model>,
    professionals: Vec<professionals::Model>,
    professional_certifications: Vec<professional_certifications::Model>,
    professional_associations: Vec<professional_associations::Model>,
    partner_specializations: Vec<partner_specializations::Model>,
    score_refresh_queue: Vec<score_refresh_queue::Model>,
}

async fn dump(db: &DatabaseConnection) -> Dump {
    Dump {
        partners: partners::Entity::find()
            .order_by_asc(partners::Column::Id)
            .all(db)
            .await
            .unwrap(),
        customers: customers::Entity::find()
            .order_by_asc(customers::Column::Id)
            .all(db)
            .await
            .unwrap(),
        customer_associations: customer_associations::Entity::find()
            .order_by_asc(customer_associations::Column::Id)
            .all(db)
            .await
            .unwrap(),
        customer_usage: customer_usage::Entity::find()
            .order_by_asc(customer_usage::Column::CustomerId)
            .order_by_asc(customer_usage::Column::Month)
            .order_by_asc(customer_usage::Column::WorkloadCode)
            .all(db)
            .await
            .unwrap(),
        professionals: professionals::Entity::find()
            .order_by_asc(professionals::Column::Id)
            .all(db)
            .await
            .unwrap(),
        professional_certifications: professional_certifications::Entity::find()
            .order_by_asc(professional_certifications::Column::Id)
            .all(db)
            .await
            .unwrap(),
        professional_associations: professional_associations::Entity::find()
            .order_by_asc(professional_associations::Column::Id)
            .all(db)
            .await
            .unwrap(),
        partner_specializations: partner_specializations::Entity::find()
            .order_by_asc(partner_specializations::Column::Id)
            .all(db)
            .await
            .unwrap(),
        score_refresh_queue: score_refresh_queue::Entity::find()
            .order_by_asc(score_refresh_queue::Column::PartnerId)
            .all(db)
            .await
            .unwrap(),
    }
}

async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn import(db: &DatabaseConnection, folder: &Path) -> ImportReport {
    match import_folder(db, folder, Progress::silent()).await {
        Ok(report) => report,
        Err(e) => panic!("import of {} failed: {e}", folder.display()),
    }
}

/// The data rows of each import file of a folder (none of the examples has multi-line cells).
fn rows_per_file(folder: &Path) -> Vec<(String, u64)> {
    let mut rows = Vec::new();
    for name in [
        "partners.csv",
        "customers.csv",
        "customer_associations.csv",
        "customer_usage.csv",
        "professionals.csv",
        "professional_certifications.csv",
        "professional_associations.csv",
    ] {
        if let Ok(text) = std::fs::read_to_string(folder.join(name)) {
            let n = text.lines().filter(|l| !l.trim().is_empty()).count() as u64 - 1;
            rows.push((name.to_string(), n));
        }
    }
    rows
}

fn counts(file: &str, inserted: u64, updated: u64, unchanged: u64) -> FileCounts {
    FileCounts {
        file: file.to_string(),
        inserted,
        updated,
        unchanged,
    }
}

/// A copy of an example folder that a test may change.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(example(name)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn replace_in(dir: &Path, name: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    assert!(text.contains(from), "{name} has no {from:?}");
    std::fs::write(dir.join(name), text.replacen(from, to, 1)).unwrap();
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn partner_id(db: &DatabaseConnection, partner_id: &str) -> i64 {
    partners::Entity::find()
        .filter(partners::Column::PartnerId.eq(partner_id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn queued_from(db: &DatabaseConnection, partner: &str) -> Option<NaiveDate> {
    let id = partner_id(db, partner).await;
    score_refresh_queue::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .map(|q| q.from_month)
}

#[tokio::test]
async fn importing_the_security_example_twice_leaves_the_same_database_and_reports_every_row_unchanged()
 {
    let t = test_db().await;
    let folder = example("security-2023-worked");
    let expected = rows_per_file(&folder);

    let first = import(&t.db, &folder).await;
    let inserted: Vec<FileCounts> = expected.iter().map(|(f, n)| counts(f, *n, 0, 0)).collect();
    assert_eq!(first.files, inserted);
    assert_eq!(count(&t.db, "customer_usage").await, 172);
    let before = dump(&t.db).await;

    let second = import(&t.db, &folder).await;
    let unchanged: Vec<FileCounts> = expected.iter().map(|(f, n)| counts(f, 0, 0, *n)).collect();
    assert_eq!(second.files, unchanged);
    assert_eq!(second.partners_queued, 0);
    assert_eq!(dump(&t.db).await, before);
}

#[tokio::test]
async fn every_example_folder_imports_without_problems() {
    let mut folders: Vec<_> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(
        folders.len() >= 10,
        "only {} example folders",
        folders.len()
    );
    for folder in folders {
        let t = test_db().await;
        let report = import(&t.db, &folder).await;
        let inserted: Vec<FileCounts> = rows_per_file(&folder)
            .iter()
            .map(|(f, n)| counts(f, *n, 0, 0))
            .collect();
        assert_eq!(report.files, inserted, "{}", folder.display());
        assert!(
            report.partners_queued >= 1,
            "{}: nothing queued",
            folder.display()
        );
    }
}

const T1: &str = "00000000-0000-0000-0000-000000000001";

#[tokio::test]
async fn a_folder_with_bad_rows_writes_nothing_and_names_every_bad_cell() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "partners.csv",
        "partner_id,name,country,anniversary_date\nP,Partner P,US,\n",
    );
    write(
        d,
        "customers.csv",
        &format!("tenant_id,tpid,name,country\n{T1},,T1,US\n"),
    );
    write(
        d,
        "customer_associations.csv",
        &format!(
            "partner_id,tenant_id,association_type,workload,start_date,end_date\n\
             P,{T1},CPOR,,2022-01-01,\n\
             NOPE,{T1},PAL,,2022-01-01,\n\
             P,{T1},DPOR,,2022-02-30,\n\
             P,00000000-0000-0000-0000-000000000009,CPOR,,2022-01-01,\n"
        ),
    );
    write(
        d,
        "customer_usage.csv",
        &format!(
            "tenant_id,month,workload,paid_seats,protected_users,active_users,region\n\
             {T1},2023-01,MDE,30,3,3,EU\n\
             {T1},2023-02,MDX,30,3,3,EU\n\
             {T1},2023-03,MDE,-3,3,3,EU\n"
        ),
    );
    write(
        d,
        "professionals.csv",
        "professional_id,name,email\nM1,Pro 1,\nM2,Pro 2,\n",
    );
    write(
        d,
        "professional_certifications.csv",
        "professional_id,certification,earned_on,expires_on\nM1,AZ-500,2023-03-01,\nM2,XX-999,2023-03-01,\n",
    );
    write(
        d,
        "professional_associations.csv",
        "professional_id,partner_id,associated_on,removed_on\nM1,P,2023-01-01,\nM2,P,2023-01-01,\nM1,P,2023-06-01,\n",
    );

    let Err(ImportError::Invalid(problems)) = import_folder(&t.db, d, Progress::silent()).await
    else {
        panic!("the import must fail with the list of problems");
    };
    let places: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.file, p.line, p.column))
        .collect();
    assert_eq!(
        places,
        vec![
            "customer_associations.csv:3: partner_id",
            "customer_associations.csv:4: start_date",
            "customer_associations.csv:5: tenant_id",
            "customer_usage.csv:1: region",
            "customer_usage.csv:3: workload",
            "customer_usage.csv:4: paid_seats",
            "professional_certifications.csv:3: certification",
            "professional_associations.csv:4: associated_on",
        ],
        "{problems:#?}"
    );
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown[0],
        "customer_associations.csv:3: partner_id: unknown partner \"NOPE\" (not in partners.csv nor in the database)"
    );
    assert_eq!(
        shown[1],
        "customer_associations.csv:4: start_date: must be a date YYYY-MM-DD, got \"2022-02-30\""
    );
    assert_eq!(
        shown[2],
        "customer_associations.csv:5: tenant_id: unknown tenant \"00000000-0000-0000-0000-000000000009\" (not in customers.csv nor in the database)"
    );
    assert_eq!(
        shown[4],
        "customer_usage.csv:3: workload: unknown workload \"MDX\" (not in the catalogue)"
    );
    assert_eq!(
        shown[5],
        "customer_usage.csv:4: paid_seats: must be a whole number >= 0, got \"-3\""
    );
    assert_eq!(
        shown[6],
        "professional_certifications.csv:3: certification: unknown certification \"XX-999\" (not in the catalogue)"
    );
    assert!(
        shown[7].starts_with(
            "professional_associations.csv:4: associated_on: overlaps the association of professional \"M1\" with partner \"P\" from 2023-01-01 (line 2)"
        ),
        "{}",
        shown[7]
    );

    // The valid files of the folder were not written either.
    for table in PROGRAM_TABLES {
        assert_eq!(count(&t.db, table).await, 0, "{table} was written");
    }

    // What the command prints: every problem, one a line.
    let message = ImportError::Invalid(problems.clone()).to_string();
    assert!(
        message.starts_with("8 problem(s), nothing was written:\n"),
        "{message}"
    );
    for line in &shown {
        assert!(
            message.contains(line.as_str()),
            "{line} missing from {message}"
        );
    }
}

#[tokio::test]
async fn changing_one_value_and_importing_again_updates_that_row_only() {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    replace_in(
        dir.path(),
        "customer_usage.csv",
        &format!("{T1},2022-05,MDE,30,3,3,"),
        &format!("{T1},2022-05,MDE,31,3,3,"),
    );

    let report = import(&t.db, dir.path()).await;
    let usage = report
        .files
        .iter()
        .find(|c| c.file == "customer_usage.csv")
        .unwrap();
    assert_eq!(
        (usage.inserted, usage.updated, usage.unchanged),
        (0, 1, 171)
    );
    for other in report
        .files
        .iter()
        .filter(|c| c.file != "customer_usage.csv")
    {
        assert_eq!((other.inserted, other.updated), (0, 0), "{other:?}");
    }
    assert_eq!(report.partners_queued, 1);

    let customer = customers::Entity::find()
        .filter(customers::Column::TenantId.eq(T1))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let row =
        customer_usage::Entity::find_by_id((customer.id, date("2022-05-01"), "MDE".to_string()))
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(row.paid_seats, Some(31));
    assert_eq!(row.protected_users, Some(3));
    assert_eq!(count(&t.db, "customer_usage").await, 172);
}

#[tokio::test]
async fn an_updated_partner_keeps_its_id_and_gets_a_new_version() {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    let before = partners::Entity::find().one(&t.db).await.unwrap().unwrap();
    replace_in(
        dir.path(),
        "partners.csv",
        "P,Partner P,US,",
        "P,Partner P Ltd,US,2023-07-01",
    );

    let report = import(&t.db, dir.path()).await;
    assert_eq!(report.files[0], counts("partners.csv", 0, 1, 0));
    let after = partners::Entity::find().one(&t.db).await.unwrap().unwrap();
    assert_eq!(
        (after.id, after.name.as_str(), after.anniversary_date),
        (before.id, "Partner P Ltd", Some(date("2023-07-01")))
    );
    assert_eq!((before.version, after.version), (1, 2));
    assert_eq!(after.created_at, before.created_at);
}

#[tokio::test]
async fn importing_an_example_queues_its_partner_from_the_earliest_month_it_touches() {
    let t = test_db().await;
    let report = import(&t.db, &example("security-2023-worked")).await;
    assert_eq!(report.partners_queued, 1);
    assert_eq!(count(&t.db, "score_refresh_queue").await, 1);
    // Associations start 2022-01-01, the earliest usage month is 2022-01.
    assert_eq!(queued_from(&t.db, "P").await, Some(date("2022-01-01")));
}

#[tokio::test]
async fn a_changed_usage_month_queues_the_partner_from_that_month_and_an_earlier_queue_entry_is_kept()
 {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    let p = partner_id(&t.db, "P").await;
    let set_queue = |month: &'static str| {
        let db = t.db.clone();
        async move {
            db.execute_raw(Statement::from_string(
                db.get_database_backend(),
                "DELETE FROM score_refresh_queue",
            ))
            .await
            .unwrap();
            let now = chrono::Utc::now();
            let row = score_refresh_queue::ActiveModel {
                partner_id: sea_orm::Set(p),
                from_month: sea_orm::Set(date(month)),
                queued_at: sea_orm::Set(now),
                ..Default::default()
            };
            score_refresh_queue::Entity::insert(row)
                .exec(&db)
                .await
                .unwrap();
        }
    };

    // Queued later than the change: moved back to the changed month.
    set_queue("2024-01-01").await;
    replace_in(
        dir.path(),
        "customer_usage.csv",
        &format!("{T1},2023-05,MDE,"),
        &format!("{T1},2023-05,MDE,4"),
    );
    import(&t.db, dir.path()).await;
    assert_eq!(queued_from(&t.db, "P").await, Some(date("2023-05-01")));

    // Queued earlier than the change: kept.
    set_queue("2021-06-01").await;
    replace_in(
        dir.path(),
        "customer_usage.csv",
        &format!("{T1},2023-06,MDE,"),
        &format!("{T1},2023-06,MDE,4"),
    );
    import(&t.db, dir.path()).await;
    assert_eq!(queued_from(&t.db, "P").await, Some(date("2021-06-01")));
}

#[tokio::test]
async fn a_changed_certification_queues_the_partners_of_its_professional() {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    t.db.execute_raw(Statement::from_string(
        t.db.get_database_backend(),
        "DELETE FROM score_refresh_queue",
    ))
    .await
    .unwrap();
    replace_in(
        dir.path(),
        "professional_certifications.csv",
        "M2,SC-200,2023-03-01,",
        "M2,SC-200,2023-03-01,2025-03-01",
    );

    let report = import(&t.db, dir.path()).await;
    let certs = report
        .files
        .iter()
        .find(|c| c.file == "professional_certifications.csv")
        .unwrap();
    assert_eq!((certs.inserted, certs.updated), (0, 1));
    assert_eq!(report.partners_queued, 1);
    assert_eq!(queued_from(&t.db, "P").await, Some(date("2023-03-01")));
}

#[tokio::test]
async fn rows_may_refer_to_partners_customers_and_professionals_already_in_the_database() {
    let t = test_db().await;
    import(&t.db, &example("security-2023-worked")).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "customer_associations.csv",
        &format!(
            "partner_id,tenant_id,association_type,workload,start_date,end_date\nP,{T1},PAL,MDE,2023-02-01,\n"
        ),
    );
    write(
        d,
        "customer_usage.csv",
        &format!("tenant_id,month,workload,paid_seats\n{T1},2024-07,MDE,40\n"),
    );
    write(
        d,
        "professional_certifications.csv",
        "professional_id,certification,earned_on,expires_on\nM0,SC-300,2024-01-10,\n",
    );

    let report = import(&t.db, d).await;
    assert_eq!(
        report.files,
        vec![
            counts("customer_associations.csv", 1, 0, 0),
            counts("customer_usage.csv", 1, 0, 0),
            counts("professional_certifications.csv", 1, 0, 0),
        ]
    );
}

#[tokio::test]
async fn an_association_for_all_workloads_is_updated_in_place_not_added_again() {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    replace_in(
        dir.path(),
        "customer_associations.csv",
        &format!("P,{T1},CPOR,,2022-01-01,"),
        &format!("P,{T1},CPOR,,2022-01-01,2023-12-31"),
    );

    let report = import(&t.db, dir.path()).await;
    let assoc = report
        .files
        .iter()
        .find(|c| c.file == "customer_associations.csv")
        .unwrap();
    assert_eq!((assoc.inserted, assoc.updated, assoc.unchanged), (0, 1, 10));
    assert_eq!(count(&t.db, "customer_associations").await, 11);
    let ended = customer_associations::Entity::find()
        .filter(customer_associations::Column::EndDate.is_not_null())
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(ended.len(), 1);
    assert_eq!(
        (ended[0].workload_code.as_deref(), ended[0].end_date),
        (None, Some(date("2023-12-31")))
    );
}

#[tokio::test]
async fn a_professional_may_move_to_another_partner_when_the_file_closes_the_stored_association() {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "partners.csv",
        "partner_id,name,country,anniversary_date\nQ,Partner Q,DE,\n",
    );
    // The stored open association of M1 is closed and the new one opens the same day; the closing row
    // comes last in the file, yet it must be written first (one open association per professional).
    write(
        d.path(),
        "professional_associations.csv",
        "professional_id,partner_id,associated_on,removed_on\nM1,Q,2024-02-01,\nM1,P,2023-01-01,2024-02-01\n",
    );
    let report = import(&t.db, d.path()).await;
    assert_eq!(
        report.files[1],
        counts("professional_associations.csv", 1, 1, 0)
    );
    assert_eq!(report.partners_queued, 2);
    assert_eq!(queued_from(&t.db, "Q").await, Some(date("2024-02-01")));

    // Opening a second association without closing the first is refused against the database.
    write(
        d.path(),
        "professional_associations.csv",
        "professional_id,partner_id,associated_on,removed_on\nM2,Q,2024-03-01,\n",
    );
    std::fs::remove_file(d.path().join("partners.csv")).unwrap();
    let Err(ImportError::Invalid(problems)) =
        import_folder(&t.db, d.path(), Progress::silent()).await
    else {
        panic!("a second open association must be refused");
    };
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![
            "professional_associations.csv:2: associated_on: overlaps the association of professional \"M2\" with partner \"P\" from 2023-01-01 (in the database), which is still active"
        ]
    );
}

#[tokio::test]
async fn files_larger_than_one_statement_and_one_lookup_are_written_in_batches() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 10 500 tenants: more than one IN list of look-ups; 21 000 usage rows: several statements on
    // both databases (SQLite's parameter limit, PostgreSQL's rows per statement).
    let n = 10_500;
    let (mut customers, mut assoc, mut usage) = (
        String::from("tenant_id,tpid,name,country\n"),
        String::from("partner_id,tenant_id,association_type,workload,start_date,end_date\n"),
        String::from("tenant_id,month,workload,paid_seats,active_users,acr_usd\n"),
    );
    for i in 0..n {
        let tenant = format!("{i:08x}-0000-4000-8000-000000000000");
        writeln!(customers, "{tenant},,Customer {i},US").unwrap();
        writeln!(assoc, "P{},{tenant},CSP_T1,,2023-01-01,", i % 3).unwrap();
        writeln!(usage, "{tenant},2024-01,MDE,{i},{},", i / 2).unwrap();
        writeln!(usage, "{tenant},2024-01,SENTINEL,,,{}.{:02}", i, i % 100).unwrap();
    }
    write(
        d,
        "partners.csv",
        "partner_id,name,country,anniversary_date\nP0,P0,US,\nP1,P1,US,\nP2,P2,US,\n",
    );
    write(d, "customers.csv", &customers);
    write(d, "customer_associations.csv", &assoc);
    write(d, "customer_usage.csv", &usage);

    let first = import(&t.db, d).await;
    assert_eq!(first.files[3], counts("customer_usage.csv", 21_000, 0, 0));
    assert_eq!(first.partners_queued, 3);
    assert_eq!(count(&t.db, "customer_usage").await, 21_000);
    let again = import(&t.db, d).await;
    assert_eq!(again.files[1], counts("customers.csv", 0, 0, n));
    assert_eq!(again.files[3], counts("customer_usage.csv", 0, 0, 21_000));

    // Exact cents: 10 499.99 dollars is 1 049 999 cents.
    let last = format!("{:08x}-0000-4000-8000-000000000000", n - 1);
    let customer = customers::Entity::find()
        .filter(customers::Column::TenantId.eq(last))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let row = customer_usage::Entity::find_by_id((
        customer.id,
        date("2024-01-01"),
        "SENTINEL".to_string(),
    ))
    .one(&t.db)
    .await
    .unwrap()
    .unwrap();
    assert_eq!(row.acr_cents, Some(1_049_999));
    // A value left empty is stored as NULL, not as zero.
    assert_eq!(row.paid_seats, None);
}

#[tokio::test]
async fn text_with_quotes_backslashes_braces_commas_or_the_word_null_is_stored_as_written() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let names = [
        r#"A "quoted" name"#,
        r"Back\slash \N",
        "{Braces}, and commas",
        "NULL",
        "null",
        "Zürich – 東京 'single'",
        "x'); DROP TABLE partners; --",
    ];
    let mut csv = String::from("partner_id,name,country\n");
    for (i, name) in names.iter().enumerate() {
        writeln!(csv, "P{i},\"{}\",US", name.replace('"', "\"\"")).unwrap();
    }
    write(dir.path(), "partners.csv", &csv);
    import(&t.db, dir.path()).await;
    let stored: Vec<String> = partners::Entity::find()
        .order_by_asc(partners::Column::PartnerId)
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(stored, names);
}

#[tokio::test]
async fn a_missing_folder_or_one_without_import_files_is_refused() {
    let t = test_db().await;
    // The server may run imports on spawned tasks: the future must be `Send`.
    fn assert_send<T: Send>(_: &T) {}
    let future = import_folder(&t.db, Path::new("."), Progress::silent());
    assert_send(&future);
    drop(future);
    let missing = Path::new("/nonexistent/partnergraph-import");
    assert!(matches!(
        import_folder(&t.db, missing, Progress::silent()).await,
        Err(ImportError::Folder(_))
    ));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.md", "nothing here\n");
    assert!(matches!(
        import_folder(&t.db, dir.path(), Progress::silent()).await,
        Err(ImportError::NoFiles(_))
    ));
}

/// A folder in which every column of every file holds a value somewhere, so that a column left out
/// of a later file has something to keep.
fn full_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "partners.csv",
        "partner_id,name,country,anniversary_date\nP,Partner P,US,2023-07-01\n",
    );
    write(
        d,
        "customers.csv",
        &format!("tenant_id,tpid,name,country,segment\n{T1},TP1,Contoso,US,ENTERPRISE\n"),
    );
    write(
        d,
        "customer_associations.csv",
        &format!(
            "partner_id,tenant_id,association_type,workload,start_date,end_date\n\
             P,{T1},CPOR,,2022-01-01,2024-12-31\n\
             P,{T1},PAL,MDE,2022-01-01,2025-06-30\n"
        ),
    );
    write(
        d,
        "customer_usage.csv",
        &format!(
            "tenant_id,month,workload,paid_seats,protected_users,active_users,acr_usd,revenue_usd,profiles\n\
             {T1},2023-01,MDE,30,3,4,,,\n\
             {T1},2023-01,SENTINEL,,,,12.50,,\n\
             {T1},2023-01,POWER_BI,,,7,,99.99,\n\
             {T1},2023-01,D365_CUSTOMER_INSIGHTS,,,,,,8\n"
        ),
    );
    write(
        d,
        "professionals.csv",
        "professional_id,name,email\nM1,Pro 1,m1@example.com\n",
    );
    write(
        d,
        "professional_certifications.csv",
        "professional_id,certification,earned_on,expires_on\nM1,AZ-500,2023-03-01,2025-03-01\n",
    );
    // The first period is closed: were it cleared, it would overlap the second.
    write(
        d,
        "professional_associations.csv",
        "professional_id,partner_id,associated_on,removed_on\nM1,P,2023-01-01,2024-01-01\nM1,P,2024-01-01,\n",
    );
    dir
}

/// The file names of [`full_folder`] with the columns each must have, as the import format says.
const REQUIRED_COLUMNS: [(&str, &[&str]); 7] = [
    ("partners.csv", &["partner_id", "name", "country"]),
    ("customers.csv", &["tenant_id", "name", "country"]),
    (
        "customer_associations.csv",
        &["partner_id", "tenant_id", "association_type", "start_date"],
    ),
    ("customer_usage.csv", &["tenant_id", "month", "workload"]),
    ("professionals.csv", &["professional_id", "name"]),
    (
        "professional_certifications.csv",
        &["professional_id", "certification", "earned_on"],
    ),
    (
        "professional_associations.csv",
        &["professional_id", "partner_id", "associated_on"],
    ),
];

/// Removes one column (header and cells) from a file without quoted cells.
fn drop_column(dir: &Path, file: &str, column: &str) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|c| *c == column).unwrap();
    let mut out = String::new();
    for line in std::iter::once(header.join(",")).chain(lines.map(str::to_string)) {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells.remove(i);
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(dir.join(file), out).unwrap();
}

fn copy_dir(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

#[tokio::test]
async fn a_file_missing_any_required_column_is_refused_on_line_one_and_writes_nothing() {
    let t = test_db().await;
    let full = full_folder();
    import(&t.db, full.path()).await;
    let before = dump(&t.db).await;
    for (file, columns) in REQUIRED_COLUMNS {
        for column in columns {
            let dir = copy_dir(full.path());
            drop_column(dir.path(), file, column);
            let Err(ImportError::Invalid(problems)) =
                import_folder(&t.db, dir.path(), Progress::silent()).await
            else {
                panic!("{file} without {column} must be refused");
            };
            let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let expected =
                format!("{file}:1: {column}: missing column; {file} must have the columns ");
            assert!(
                shown.iter().any(|p| p.starts_with(&expected)),
                "{file} without {column}: {shown:#?}"
            );
            assert_eq!(dump(&t.db).await, before, "{file} without {column} wrote");
        }
    }
}

#[tokio::test]
async fn a_column_left_out_of_a_file_leaves_every_stored_value_of_it_unchanged() {
    let t = test_db().await;
    let full = full_folder();
    import(&t.db, full.path()).await;
    let before = dump(&t.db).await;
    let optional: [(&str, &[&str]); 7] = [
        ("partners.csv", &["anniversary_date"]),
        ("customers.csv", &["tpid", "segment"]),
        ("customer_associations.csv", &["end_date"]),
        (
            "customer_usage.csv",
            &[
                "paid_seats",
                "protected_users",
                "active_users",
                "acr_usd",
                "revenue_usd",
                "profiles",
            ],
        ),
        ("professionals.csv", &["email"]),
        ("professional_certifications.csv", &["expires_on"]),
        ("professional_associations.csv", &["removed_on"]),
    ];
    for (file, columns) in optional {
        for column in columns {
            let dir = copy_dir(full.path());
            drop_column(dir.path(), file, column);
            let report = match import_folder(&t.db, dir.path(), Progress::silent()).await {
                Ok(report) => report,
                Err(e) => panic!("{file} without {column}: {e}"),
            };
            for c in &report.files {
                assert_eq!(
                    (c.inserted, c.updated),
                    (0, 0),
                    "{file} without {column}: {c:?}"
                );
            }
            assert_eq!(report.partners_queued, 0, "{file} without {column}");
            assert_eq!(dump(&t.db).await, before, "{file} without {column}");
        }
    }

    // A new row of a file without the column gets no value; the existing row keeps its own.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "partners.csv",
        "partner_id,name,country\nP,Partner P,US\nQ,Partner Q,DE\n",
    );
    let report = import(&t.db, dir.path()).await;
    assert_eq!(report.files, vec![counts("partners.csv", 1, 0, 1)]);
    let stored = partners::Entity::find()
        .order_by_asc(partners::Column::PartnerId)
        .all(&t.db)
        .await
        .unwrap();
    let anniversaries: Vec<_> = stored
        .iter()
        .map(|p| (p.partner_id.as_str(), p.anniversary_date))
        .collect();
    assert_eq!(
        anniversaries,
        vec![("P", Some(date("2023-07-01"))), ("Q", None)]
    );

    // A value the file does carry is still written, next to a column it leaves out.
    let dir = copy_dir(full.path());
    drop_column(dir.path(), "customer_usage.csv", "paid_seats");
    replace_in(
        dir.path(),
        "customer_usage.csv",
        &format!("{T1},2023-01,MDE,3,4"),
        &format!("{T1},2023-01,MDE,5,4"),
    );
    let report = import(&t.db, dir.path()).await;
    let usage = report
        .files
        .iter()
        .find(|c| c.file == "customer_usage.csv")
        .unwrap();
    assert_eq!((usage.updated, usage.unchanged), (1, 3));
    let customer = customers::Entity::find()
        .filter(customers::Column::TenantId.eq(T1))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let row =
        customer_usage::Entity::find_by_id((customer.id, date("2023-01-01"), "MDE".to_string()))
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
    assert_eq!((row.paid_seats, row.protected_users), (Some(30), Some(5)));
}

/// The stored segment of each customer, by tenant id.
async fn segments(db: &DatabaseConnection) -> Vec<(String, Option<String>)> {
    customers::Entity::find()
        .order_by_asc(customers::Column::TenantId)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.tenant_id, c.segment))
        .collect()
}

#[tokio::test]
async fn a_customer_s_segment_is_stored_updated_kept_when_left_out_and_refused_when_unknown() {
    const T2: &str = "00000000-0000-0000-0000-000000000002";
    const T3: &str = "00000000-0000-0000-0000-000000000003";
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "partners.csv",
        "partner_id,name,country\nP,Partner P,US\n",
    );
    write(
        d,
        "customers.csv",
        &format!("tenant_id,tpid,name,country,segment\n{T1},,One,US,SMB\n{T2},,Two,US,\n"),
    );
    write(
        d,
        "customer_associations.csv",
        &format!(
            "partner_id,tenant_id,association_type,start_date\n\
             P,{T1},CPOR,2022-03-15\n\
             P,{T2},CPOR,2023-02-01\n"
        ),
    );
    import(&t.db, d).await;
    let one = |s: Option<&str>| (T1.to_string(), s.map(str::to_string));
    let two = |s: Option<&str>| (T2.to_string(), s.map(str::to_string));
    assert_eq!(segments(&t.db).await, vec![one(Some("SMB")), two(None)]);

    // A re-import with other segments updates them and queues the customers' partner from the
    // start of their earliest association, as a changed TPID does.
    t.db.execute_raw(Statement::from_string(
        t.db.get_database_backend(),
        "DELETE FROM score_refresh_queue",
    ))
    .await
    .unwrap();
    write(
        d,
        "customers.csv",
        &format!(
            "tenant_id,tpid,name,country,segment\n{T1},,One,US,ENTERPRISE\n{T2},,Two,US,SMB\n"
        ),
    );
    let report = import(&t.db, d).await;
    assert_eq!(report.files[1], counts("customers.csv", 0, 2, 0));
    assert_eq!(report.partners_queued, 1);
    assert_eq!(queued_from(&t.db, "P").await, Some(date("2022-03-01")));
    assert_eq!(
        segments(&t.db).await,
        vec![one(Some("ENTERPRISE")), two(Some("SMB"))]
    );

    // Without the column, the stored segments stay; a new customer gets none.
    t.db.execute_raw(Statement::from_string(
        t.db.get_database_backend(),
        "DELETE FROM score_refresh_queue",
    ))
    .await
    .unwrap();
    write(
        d,
        "customers.csv",
        &format!("tenant_id,tpid,name,country\n{T1},,One,US\n{T2},,Two,US\n{T3},,Three,US\n"),
    );
    let report = import(&t.db, d).await;
    assert_eq!(report.files[1], counts("customers.csv", 1, 0, 2));
    assert_eq!(report.partners_queued, 0);
    assert_eq!(
        segments(&t.db).await,
        vec![
            one(Some("ENTERPRISE")),
            two(Some("SMB")),
            (T3.to_string(), None)
        ]
    );

    // An unknown segment (the codes are exact capitals) is reported at its line and column, and
    // nothing of the folder is written, not even its valid rows.
    let before = dump(&t.db).await;
    write(
        d,
        "partners.csv",
        "partner_id,name,country\nP,Partner P renamed,US\n",
    );
    write(
        d,
        "customers.csv",
        &format!(
            "tenant_id,tpid,name,country,segment\n{T1},,One,US,SMB\n{T2},,Two,US,smb\n{T3},,Three,US,MID_MARKET\n"
        ),
    );
    let Err(ImportError::Invalid(problems)) = import_folder(&t.db, d, Progress::silent()).await
    else {
        panic!("an unknown segment must be refused");
    };
    let places: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.file, p.line, p.column))
        .collect();
    assert_eq!(
        places,
        ["customers.csv:3: segment", "customers.csv:4: segment"],
        "{problems:#?}"
    );
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "customers.csv:3: segment: must be one of SMB, ENTERPRISE, got \"smb\"",
            "customers.csv:4: segment: must be one of SMB, ENTERPRISE, got \"MID_MARKET\"",
        ]
    );
    assert_eq!(dump(&t.db).await, before);
}

#[tokio::test]
async fn the_security_example_without_its_paid_seats_column_changes_no_row_and_no_score() {
    use partnergraph::db::scores::{Detail, Engine, ScoreKey, refresh, scores_under};
    use partnergraph::domain::{DesignationCode, Month};

    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    import(&t.db, dir.path()).await;
    let engine = Engine::load(&t.db).await.unwrap();
    refresh(&t.db, &engine).await.unwrap();
    let p = partner_id(&t.db, "P").await;
    let june: Month = "2024-06".parse().unwrap();
    // The worked example's numbers are rule set 2023-07's.
    let security = || async {
        let key = ScoreKey {
            partner: p,
            month: june,
        };
        let rules = engine.rule_set("2023-07").unwrap();
        let scores = scores_under(
            &t.db,
            &engine,
            &[key],
            rules,
            Some(DesignationCode::Security),
            Detail::Points,
        )
        .await
        .unwrap();
        scores[&key][0].total
    };
    assert_eq!(security().await.to_string(), "63.35");
    let before = dump(&t.db).await;

    drop_column(dir.path(), "customer_usage.csv", "paid_seats");
    let report = import(&t.db, dir.path()).await;
    let usage = report
        .files
        .iter()
        .find(|c| c.file == "customer_usage.csv")
        .unwrap();
    assert_eq!(
        (usage.inserted, usage.updated, usage.unchanged),
        (0, 0, 172)
    );
    refresh(&t.db, &engine).await.unwrap();
    assert_eq!(security().await.to_string(), "63.35");
    assert_eq!(dump(&t.db).await, before);
}

#[tokio::test]
async fn a_csv_file_that_is_not_an_import_file_is_refused_and_other_files_are_ignored() {
    let t = test_db().await;
    let dir = copy_of("security-2023-worked");
    // The example folder already holds a README.md and an expected.json: they are not CSV.
    assert!(dir.path().join("README.md").is_file());
    write(
        dir.path(),
        "partner.csv",
        "partner_id,name,country\nQ,Q,US\n",
    );
    let Err(ImportError::Invalid(problems)) =
        import_folder(&t.db, dir.path(), Progress::silent()).await
    else {
        panic!("an unknown CSV file must be refused");
    };
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].starts_with(
            "partner.csv:0: -: not an import file (expected one of partners.csv, customers.csv,"
        ),
        "{}",
        shown[0]
    );
    assert!(
        shown[0].ends_with("professional_associations.csv, partner_specializations.csv)"),
        "{}",
        shown[0]
    );
    for table in PROGRAM_TABLES {
        assert_eq!(count(&t.db, table).await, 0, "{table} was written");
    }

    // Alone in a folder, an unknown CSV is reported the same way, not as "nothing to import".
    let alone = tempfile::tempdir().unwrap();
    write(alone.path(), "Partners.CSV", "partner_id,name,country\n");
    let Err(ImportError::Invalid(problems)) =
        import_folder(&t.db, alone.path(), Progress::silent()).await
    else {
        panic!("a misspelt file name must be refused");
    };
    assert_eq!(problems[0].file, "Partners.CSV");
}

#[tokio::test]
async fn a_nul_character_is_refused_before_the_database_and_a_leading_tab_is_stored_as_written() {
    let t = test_db().await;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "partners.csv",
        "partner_id,name,country\nP,Partner\0P,US\nQ,Partner Q,DE\n",
    );
    let Err(ImportError::Invalid(problems)) =
        import_folder(&t.db, dir.path(), Progress::silent()).await
    else {
        panic!("a NUL character must be refused");
    };
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        vec!["partners.csv:2: name: must not contain NUL characters, got \"Partner\\\\0P\""]
    );
    assert_eq!(count(&t.db, "partners").await, 0);

    write(
        dir.path(),
        "partners.csv",
        "partner_id,name,country\nP, \t=1+1 ,US\n",
    );
    import(&t.db, dir.path()).await;
    let stored = partners::Entity::find().one(&t.db).await.unwrap().unwrap();
    assert_eq!(stored.name, "\t=1+1");
}
