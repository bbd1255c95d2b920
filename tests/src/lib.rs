//! Helpers shared by the end-to-end tests: a fresh, migrated database per test on the backend the run
//! is for, the worked example folders (`tests/examples`), and a real server on port 0.
//!
//! The backend comes from `PARTNERGRAPH_TEST_BACKEND` (`sqlite`, the default, or `postgres`).
//! PostgreSQL tests create one database per test through `PARTNERGRAPH_TEST_PG_ADMIN_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`). When PostgreSQL is asked for but cannot be
//! reached, tests fail: a missing database is never a silent skip.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod receiver;

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
        database_max_connections: 10,
        // Generous: a loaded CI machine fsyncs slowly, and these tests check correctness, not latency.
        database_acquire_timeout_secs: 30,
        // Generous too: parallel tests queue SQLite writers; the timeout tests set their own.
        database_statement_timeout_secs: 30,
        // The server's own bound, as `serve` applies it.
        bound_statements: true,
        // A fixed strong test secret, so PostgreSQL runs (which refuse to generate one) can sign tokens.
        jwt_secret: Some(partnergraph::auth::Secret::from(TEST_JWT_SECRET)),
        access_token_ttl_secs: 900,
    }
}

/// The signing secret of [`config_for`]: for tests only.
pub const TEST_JWT_SECRET: &str = "test-only-9fQ2xL7vR4mZ8kW1pN6cT3bY5hJ0dS";

/// Creates a fresh database on this run's backend and migrates it.
pub async fn test_db() -> TestDb {
    test_db_on(backend()).await
}

/// Creates a fresh database on `backend` and migrates it.
pub async fn test_db_on(backend: Backend) -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = match backend {
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

/// A second connection pool on `t`'s database, as another `serve` replica opens it.
pub async fn replica_of(t: &TestDb) -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let config = config_for(&t.url, dir.path());
    let db = partnergraph::db::open_existing(&config)
        .await
        .expect("open the shared database");
    TestDb {
        db,
        url: t.url.clone(),
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

/// The folder of the scoring rules' worked examples (`tests/examples`), one import folder each.
pub fn examples_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    assert!(
        dir.is_dir(),
        "the worked examples are missing at {}",
        dir.display()
    );
    dir
}

/// One example folder by name, e.g. `security-2023-worked`.
pub fn example(name: &str) -> PathBuf {
    examples_dir().join(name)
}

/// A real server on port 0 over a fresh database, and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The metrics listener's `http://127.0.0.1:PORT`, when one was asked for.
    pub metrics: Option<String>,
    /// The database behind it.
    pub t: TestDb,
    /// An HTTP client.
    pub client: reqwest::Client,
}

/// What a GraphQL request returned.
#[derive(Debug)]
pub struct GqlResponse {
    /// HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: serde_json::Value,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
}

impl GqlResponse {
    /// `data`, after asserting there are no errors.
    pub fn data(&self) -> &serde_json::Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        &self.body["data"]
    }

    /// The `extensions.code` of the first error, if any.
    pub fn error_code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }
}

/// Starts the server (development mode: introspection on) over a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(test_db().await, false).await
}

/// Starts the server over `t`; `production` turns introspection, suggestions and GraphiQL off.
pub async fn spawn_app_on(t: TestDb, production: bool) -> TestApp {
    spawn_app_with(t, production, partnergraph::config::ServeConfig::default()).await
}

/// Starts the server over `t` with `config`'s limits, metrics, proxies and admin UI folder (its bind
/// address and workers are the tests' own).
pub async fn spawn_app_with(
    t: TestDb,
    production: bool,
    config: partnergraph::config::ServeConfig,
) -> TestApp {
    // The server's log lines go to the test's captured output, shown when a test fails.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
    let state = partnergraph::server::AppState::new(t.db.clone(), &t.config, production)
        .await
        .expect("app state");
    let config = partnergraph::config::ServeConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        shutdown_timeout_secs: 1,
        workers: Some(2),
        demo: None,
        production,
        ..config
    };
    let running = partnergraph::server::build(state, &config).expect("bind");
    let base = format!("http://{}", running.addr);
    let metrics = running.metrics_addr.map(|a| format!("http://{a}"));
    tokio::spawn(running.server);
    TestApp {
        base,
        metrics,
        t,
        client: reqwest::Client::new(),
    }
}

impl TestApp {
    /// POSTs a GraphQL request, with a bearer token when given.
    pub async fn graphql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: serde_json::Value,
    ) -> GqlResponse {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&serde_json::json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let retry_after = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = res.json().await.unwrap_or(serde_json::Value::Null);
        GqlResponse {
            status,
            body,
            retry_after,
        }
    }

    /// Creates a user with `role` (and partner, for partner admins) and returns a fresh access token.
    pub async fn token_for(
        &self,
        email: &str,
        role: partnergraph::auth::Role,
        partner: Option<&str>,
    ) -> String {
        let password = "correct horse battery staple";
        partnergraph::auth::create_user(&self.t.db, email, password, role, partner)
            .await
            .expect("create user");
        let res = self
            .graphql(
                None,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
                serde_json::json!({"e": email, "p": password}),
            )
            .await;
        res.data()["login"]["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// Imports an example folder through the importer and recomputes scores.
    pub async fn import(&self, folder: &std::path::Path) {
        partnergraph::import::import_folder(
            &self.t.db,
            folder,
            partnergraph::import::Progress::silent(),
        )
        .await
        .expect("import");
        let engine = partnergraph::db::scores::Engine::load(&self.t.db)
            .await
            .unwrap();
        partnergraph::db::scores::refresh(&self.t.db, &engine)
            .await
            .unwrap();
    }
}

/// Writes an import folder with `n` partners `P001..`, each with three certified professionals and one
/// customer with a year of Microsoft 365 usage: enough for nested pages with scores, professionals and
/// facts.
pub fn write_partners_folder(dir: &std::path::Path, n: usize) {
    use std::fmt::Write as _;
    let (mut partners, mut customers, mut assoc, mut usage) = (
        String::from("partner_id,name,country,anniversary_date\n"),
        String::from("tenant_id,tpid,name,country\n"),
        String::from("partner_id,tenant_id,association_type,workload,start_date,end_date\n"),
        String::from("tenant_id,month,workload,paid_seats,protected_users,active_users,acr_usd\n"),
    );
    let (mut pros, mut certs, mut links) = (
        String::from("professional_id,name,email\n"),
        String::from("professional_id,certification,earned_on,expires_on\n"),
        String::from("professional_id,partner_id,associated_on,removed_on\n"),
    );
    for i in 1..=n {
        let p = format!("P{i:03}");
        let tenant = format!("{i:08x}-0000-4000-8000-000000000000");
        let _ = writeln!(
            partners,
            "{p},Partner {i:03},{},",
            if i % 2 == 0 { "US" } else { "DE" }
        );
        let _ = writeln!(customers, "{tenant},,Customer {i},US");
        let _ = writeln!(assoc, "{p},{tenant},CPOR,,2022-01-01,");
        for m in 1..=12 {
            let _ = writeln!(
                usage,
                "{tenant},2024-{m:02},MDE,{},{},,",
                20 + i * 5 + m,
                4 + i + m
            );
        }
        for k in 0..3 {
            let pro = format!("{p}-M{k}");
            let _ = writeln!(
                pros,
                "{pro},Professional {pro},{}@example.com",
                pro.to_lowercase()
            );
            // Counted under 2023-07 (MS-500, AZ-500 and an SC exam) and 2023-12 (steps 1, 2 and 3) alike.
            for c in ["MS-500", "AZ-500", "SC-400"] {
                let _ = writeln!(certs, "{pro},{c},2023-03-01,");
            }
            let _ = writeln!(links, "{pro},{p},2023-01-01,");
        }
    }
    for (name, text) in [
        ("partners.csv", partners),
        ("customers.csv", customers),
        ("customer_associations.csv", assoc),
        ("customer_usage.csv", usage),
        ("professionals.csv", pros),
        ("professional_certifications.csv", certs),
        ("professional_associations.csv", links),
    ] {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }
}
