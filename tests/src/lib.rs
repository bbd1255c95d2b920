//! Helpers shared by the end-to-end tests: a fresh, migrated database per test on the backend the run
//! is for, the shared example folders, and a real server on port 0.
//!
//! The backend comes from `PARTNERGRAPH_TEST_BACKEND` (`sqlite`, the default, or `postgres`).
//! PostgreSQL tests create one database per test through `PARTNERGRAPH_TEST_PG_ADMIN_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`). When PostgreSQL is asked for but cannot be
//! reached, tests fail: a missing database is never a silent skip.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use partnergraph::config::Config;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// Which database a test run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file in a temporary folder.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// The backend of this run.
pub fn backend() -> Backend {
    match std::env::var("PARTNERGRAPH_TEST_BACKEND").as_deref() {
        Ok("postgres") | Ok("pg") => Backend::Postgres,
        Ok("sqlite") | Ok("") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("PARTNERGRAPH_TEST_BACKEND must be sqlite or postgres, got {other:?}"),
    }
}

/// A fresh, migrated database that lives as long as this value.
pub struct TestDb {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Its URL, for starting the binary or a second pool.
    pub url: String,
    /// The configuration a command would use for it.
    pub config: Config,
    _dir: tempfile::TempDir,
}

fn pg_admin_url() -> String {
    std::env::var("PARTNERGRAPH_TEST_PG_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A configuration pointing at `url`, with its data folder in `dir`.
pub fn config_for(url: &str, dir: &std::path::Path) -> Config {
    Config {
        database_url: Some(url.to_string()),
        data_dir: dir.to_path_buf(),
        log_format: partnergraph::config::LogFormat::Human,
        database_max_connections: 5,
        database_acquire_timeout_secs: 5,
    }
}

/// Creates a fresh database on this run's backend and migrates it.
pub async fn test_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = match backend() {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
        Backend::Postgres => {
            let admin_url = pg_admin_url();
            let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is required for this run but {admin_url} is unreachable: {e}")
            });
            drop_stale_databases(&admin).await;
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let name = format!("pgtest_{now}_{}", uuid::Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin_url.clone());
            format!("{base}/{name}")
        }
    };
    let config = config_for(&url, dir.path());
    let db = partnergraph::db::connect_and_migrate(&config)
        .await
        .expect("connect and migrate");
    TestDb {
        db,
        url,
        config,
        _dir: dir,
    }
}

/// Test databases from runs more than two hours old; a crashed run must not fill the server.
async fn drop_stale_databases(admin: &DatabaseConnection) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'pgtest_%'",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let born: u64 = name
            .split('_')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(now);
        if now.saturating_sub(born) > 7200 {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

/// The folder of the specs' worked examples (`shared/spec/examples`, beside the repository).
pub fn examples_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/examples");
    assert!(
        dir.is_dir(),
        "the shared examples are missing at {}",
        dir.display()
    );
    dir
}

/// One example folder by name, e.g. `security-2023-worked`.
pub fn example(name: &str) -> PathBuf {
    examples_dir().join(name)
}
