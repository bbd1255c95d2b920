//! The application's error type. Internals are logged where they happen; what a caller sees is a
//! stable kind and a message that never carries database text.

/// Everything that can go wrong, by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Start-up cannot continue (configuration, database unreachable, migration failed).
    #[error("{0}")]
    Startup(String),
    /// The input is invalid; the message says what and where.
    #[error("{0}")]
    BadInput(String),
    /// A named thing does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The write lost a race (stale version, unique key taken).
    #[error("{0}")]
    Conflict(String),
    /// The database failed; the detail is in the log under `error_id`.
    #[error("internal error (id {error_id})")]
    Database {
        /// Correlates the client's message with the log line.
        error_id: String,
    },
}

impl AppError {
    /// Logs a database error with a fresh id and returns the client-safe error.
    pub fn database(err: impl std::fmt::Display) -> Self {
        let error_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        tracing::error!(%error_id, error = %err, "database error");
        AppError::Database { error_id }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::database(err)
    }
}
