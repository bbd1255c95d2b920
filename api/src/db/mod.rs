//! Database access: connecting (SQLite or PostgreSQL), migrating, and the query helpers of each domain.

pub mod audit;
pub mod catalogue;
pub mod events;
pub mod links;
pub mod model;
pub mod partners;
pub mod professionals;
pub mod recommend;
pub mod score_input;
pub mod scores;
pub mod simulate;
pub mod specializations;
pub mod summary;
pub mod users;
pub mod webhooks;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

use crate::config::Config;
use crate::error::AppError;

/// How far the schema of a database is from the migrations of this binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaState {
    /// Migrations applied, in order.
    pub applied: Vec<String>,
    /// Migrations this binary has and the database has not, in order.
    pub pending: Vec<String>,
}

impl SchemaState {
    /// Whether no migration was ever applied (a new, empty database).
    pub fn is_new(&self) -> bool {
        self.applied.is_empty()
    }

    /// The error for a database that is behind this binary, naming the command that upgrades it.
    fn behind(&self) -> AppError {
        let needs = Migrator::migrations()
            .last()
            .map(|m| m.name().to_string())
            .unwrap_or_default();
        let at = match self.applied.last() {
            Some(m) => format!("is at migration {m}"),
            None => "has no partnergraph schema yet".to_string(),
        };
        AppError::Startup(format!(
            "the database {at}, this binary needs {needs}: run `partnergraph migrate`"
        ))
    }
}

/// What [`migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    /// The migrations applied now, in order (empty when the database was up to date).
    pub applied: Vec<String>,
    /// Every migration of this binary.
    pub total: usize,
}

impl std::fmt::Display for MigrateReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.applied.is_empty() {
            write!(f, "the database is up to date ({} migrations)", self.total)
        } else {
            write!(
                f,
                "applied {} migration{}: {}",
                self.applied.len(),
                if self.applied.len() == 1 { "" } else { "s" },
                self.applied.join(", ")
            )
        }
    }
}

/// Opens the pool and brings the schema up to date (what `migrate` and `serve` do).
pub async fn connect_and_migrate(config: &Config) -> Result<DatabaseConnection, AppError> {
    Ok(open_and_migrate(config).await?.0)
}

/// Opens the pool, creating an SQLite file when there is none, and applies every pending
/// migration; says which.
pub async fn open_and_migrate(
    config: &Config,
) -> Result<(DatabaseConnection, MigrateReport), AppError> {
    let db = connect(config, Create::Yes).await?;
    let report = migrate(&db).await?;
    Ok((db, report))
}

/// Opens a database that exists and whose schema is that of this binary, and changes neither: for
/// the commands that only read, and for `serve --no-migrate`. A missing SQLite file is an error
/// naming it (and is not created); a missing PostgreSQL database is the server's error.
pub async fn open_existing(config: &Config) -> Result<DatabaseConnection, AppError> {
    let url = config.database_url();
    if let Some(path) = sqlite_path(&url)
        && !path.is_file()
    {
        return Err(AppError::Startup(format!(
            "no database at {}; run `partnergraph import FOLDER` or `partnergraph migrate` first \
             (or point --data-dir or DATABASE_URL at the database)",
            path.display()
        )));
    }
    let db = connect(config, Create::No).await?;
    let state = schema_state(&db).await?;
    if !state.pending.is_empty() {
        return Err(state.behind());
    }
    Ok(db)
}

/// Opens a database for a command that writes data: a new one (no file, or no migration applied
/// yet) is created and migrated, as a first `import` or `demo` expects; an existing one must
/// already be at this binary's schema, since only `migrate` and `serve` upgrade a database.
pub async fn open_for_writing(config: &Config) -> Result<DatabaseConnection, AppError> {
    let db = connect(config, Create::Yes).await?;
    let state = schema_state(&db).await?;
    if state.is_new() {
        migrate(&db).await?;
    } else if !state.pending.is_empty() {
        return Err(state.behind());
    }
    Ok(db)
}

/// Which migrations the database has and lacks, read without writing anything (no migration table
/// is created). A database with migrations this binary does not know is an error: a newer
/// partnergraph upgraded it.
pub async fn schema_state(db: &DatabaseConnection) -> Result<SchemaState, AppError> {
    let unreadable = |e: DbErr| match e {
        DbErr::Custom(m) if m.contains("is missing") => AppError::Startup(format!(
            "the database has migrations this binary does not know, so a newer partnergraph \
             upgraded it; run that version ({})",
            m.lines().next().unwrap_or_default()
        )),
        e => AppError::Startup(format!("cannot read the database's migrations: {e}")),
    };
    let applied: Vec<String> = Migrator::get_applied_migrations_read_only(db)
        .await
        .map_err(unreadable)?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let pending: Vec<String> = Migrator::get_pending_migrations_read_only(db)
        .await
        .map_err(unreadable)?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Ok(SchemaState { applied, pending })
}

/// Whether [`connect`] may create a missing SQLite file (and its folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    /// Create the file when missing.
    Yes,
    /// Open only a file that exists.
    No,
}

/// Opens the connection pool. SQLite files get WAL journaling, full fsync and a busy timeout. The
/// error says where and why: `cannot connect to the database at URL: CAUSE`, without the password.
pub async fn connect(config: &Config, create: Create) -> Result<DatabaseConnection, AppError> {
    let url = config.database_url();
    let fail = |cause: String| {
        AppError::Startup(format!(
            "cannot connect to the database at {}: {cause}",
            redact(&url)
        ))
    };
    let scheme = url.split_once(':').map_or("", |(s, _)| s);
    if !matches!(scheme, "sqlite" | "postgres" | "postgresql") {
        return Err(fail(format!(
            "unsupported URL scheme {scheme:?}; use sqlite://PATH or postgres://USER@HOST/DB"
        )));
    }
    if create == Create::Yes
        && let Some(parent) = sqlite_path(&url).and_then(|p| p.parent().map(|p| p.to_path_buf()))
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(&parent)
            .map_err(|e| fail(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(config.database_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(config.database_acquire_timeout_secs))
        .idle_timeout(Duration::from_secs(300))
        .sqlx_logging(false);
    // The server bounds every statement; a command (an import of a million rows) does not.
    let statement_timeout = config
        .bound_statements
        .then(|| Duration::from_secs(config.database_statement_timeout_secs));
    if scheme != "sqlite"
        && let Some(limit) = statement_timeout
    {
        let ms = limit.as_millis().to_string();
        options.map_sqlx_postgres_opts(move |o| o.options([("statement_timeout", ms.as_str())]));
    }
    if scheme == "sqlite" {
        // One writer at a time is SQLite's model; WAL lets readers go on while it writes, FULL makes an
        // acknowledged commit survive power loss, and the busy timeout queues writers instead of failing
        // (for as long as a statement may take).
        let busy = statement_timeout.unwrap_or(Duration::from_secs(30));
        options.map_sqlx_sqlite_opts(move |o| {
            let o = o
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                .busy_timeout(busy)
                .foreign_keys(true);
            if create == Create::No {
                o.create_if_missing(false)
            } else {
                o
            }
        });
    }
    match Database::connect(options).await {
        Ok(db) => Ok(db),
        Err(e) => {
            tracing::debug!(error = %e, "cannot connect to the database");
            let mut cause = connect_cause(&e, &url);
            // The pool only says it timed out; one direct attempt says why (refused, unknown host).
            if scheme != "sqlite"
                && cause.contains("timed out")
                && let Some(why) = probe_postgres(&url).await
            {
                cause = why;
            }
            Err(fail(cause))
        }
    }
}

/// Why a single PostgreSQL connection to `url` fails, if it does (within 5 seconds).
async fn probe_postgres(url: &str) -> Option<String> {
    use sea_orm::sqlx::Connection;
    let attempt = sea_orm::sqlx::PgConnection::connect(url);
    match tokio::time::timeout(Duration::from_secs(5), attempt).await {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => Some(connect_cause(&DbErr::Custom(e.to_string()), url)),
        Err(_) => Some("no answer within 5 seconds".to_string()),
    }
}

/// The reason of a connection failure in one line, without the `Connection Error:` wrapper or the
/// password.
fn connect_cause(err: &DbErr, url: &str) -> String {
    let text = err.to_string();
    let text = text
        .strip_prefix("Connection Error: ")
        .or_else(|| text.strip_prefix("Custom Error: "))
        .unwrap_or(&text)
        .replace(url, &redact(url));
    let text = match password(url) {
        Some(p) if !p.is_empty() => text.replace(p, "***"),
        _ => text,
    };
    text.lines().next().unwrap_or_default().trim().to_string()
}

/// Applies every pending migration and says which it applied.
pub async fn migrate(db: &DatabaseConnection) -> Result<MigrateReport, AppError> {
    let failed = |e: DbErr| {
        tracing::debug!(error = %e, "migration failed");
        AppError::Startup(format!("database migration failed: {e}"))
    };
    let pending: Vec<String> = Migrator::get_pending_migrations(db)
        .await
        .map_err(failed)?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Migrator::up(db, None).await.map_err(failed)?;
    Ok(MigrateReport {
        applied: pending,
        total: Migrator::migrations().len(),
    })
}

/// Whether the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// The backend of a connection.
pub fn backend(db: &impl ConnectionTrait) -> DbBackend {
    db.get_database_backend()
}

fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

/// The password of a database URL, if it has one.
fn password(url: &str) -> Option<&str> {
    let scheme = url.find("://")?;
    let at = url.rfind('@')?;
    let creds = url.get(scheme + 3..at)?;
    creds.split_once(':').map(|(_, p)| p)
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_database_messages() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://data/x.db?mode=rwc"),
            "sqlite://data/x.db?mode=rwc"
        );
    }

    #[test]
    fn the_sqlite_file_path_is_read_from_the_url() {
        assert_eq!(
            sqlite_path("sqlite://data/pg.db?mode=rwc"),
            Some("data/pg.db".into())
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn a_connection_cause_never_carries_the_password() {
        let url = "postgres://u:s3cret@h/db";
        let err = DbErr::Conn(sea_orm::RuntimeErr::Internal(format!(
            "cannot reach {url}: password s3cret refused"
        )));
        let cause = connect_cause(&err, url);
        assert!(!cause.contains("s3cret"), "{cause}");
        assert!(cause.contains("postgres://u:***@h/db"), "{cause}");
    }

    #[test]
    fn migrate_says_what_it_applied() {
        let applied = MigrateReport {
            applied: vec!["m1".into(), "m2".into()],
            total: 2,
        };
        assert_eq!(applied.to_string(), "applied 2 migrations: m1, m2");
        let none = MigrateReport {
            applied: vec![],
            total: 2,
        };
        assert_eq!(
            none.to_string(),
            "the database is up to date (2 migrations)"
        );
    }
}
