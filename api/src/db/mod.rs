//! Database access: connecting (SQLite or PostgreSQL), migrating, and the query helpers of each domain.

pub mod associations;
pub mod audit;
pub mod catalogue;
pub mod partners;
pub mod professionals;
pub mod score_input;
pub mod scores;
pub mod simulate;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::config::Config;
use crate::error::AppError;

/// Opens the pool and brings the schema up to date.
pub async fn connect_and_migrate(config: &Config) -> Result<DatabaseConnection, AppError> {
    let db = connect(config).await?;
    migrate(&db).await?;
    Ok(db)
}

/// Opens the connection pool. SQLite files get WAL journaling, full fsync and a busy timeout.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, AppError> {
    let url = config.database_url();
    if let Some(parent) = sqlite_path(&url).and_then(|p| p.parent().map(|p| p.to_path_buf()))
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(&parent)
            .map_err(|e| AppError::Startup(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(config.database_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(config.database_acquire_timeout_secs))
        .idle_timeout(Duration::from_secs(300))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's model; WAL lets readers go on while it writes, FULL makes an
        // acknowledged commit survive power loss, and the busy timeout queues writers instead of failing.
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
        });
    }
    Database::connect(options).await.map_err(|e| {
        tracing::error!(error = %e, "cannot connect to the database");
        AppError::Startup(format!(
            "cannot connect to the database at {}",
            redact(&url)
        ))
    })
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), AppError> {
    Migrator::up(db, None).await.map_err(|e| {
        tracing::error!(error = %e, "migration failed");
        AppError::Startup(format!("database migration failed: {e}"))
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
}
