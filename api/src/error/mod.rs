//! The application's error type. Internals are logged where they happen; what a caller sees is a
//! stable kind and a message that never carries database text.
//!
//! [`write`] holds the errors of the writes: field-by-field problems a caller can fix, a refusal, or
//! an [`AppError`].

pub mod write;

pub use write::{Problem, ProblemCode, WriteError};

/// Everything that can go wrong, by what the caller should do about it.
#[derive(Debug, Clone, thiserror::Error)]
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
    /// The database did not answer in time (no free connection, a statement or lock timeout, the
    /// server unreachable): nothing is wrong with the request, and trying again later may work.
    #[error(
        "the service is busy or the database did not answer in time; try again (id {error_id})"
    )]
    Unavailable {
        /// Correlates the client's message with the log line.
        error_id: String,
        /// Why.
        kind: Busy,
    },
}

/// Why the database could not serve in time, when that is the reason it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// No connection came free within the acquire timeout.
    Pool,
    /// A statement or a lock wait ran past its timeout.
    Statement,
    /// The database could not be reached.
    Unreachable,
    /// The database undid the transaction to resolve contention with a concurrent one (PostgreSQL
    /// 40P01 deadlock, 40001 serialization failure): running it again is safe.
    Contention,
}

/// Whether a database error means "not in time" rather than "failed", and which kind.
pub fn busy(err: &sea_orm::DbErr) -> Option<Busy> {
    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};
    let sqlx = match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => return Some(Busy::Pool),
        DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed) => {
            return Some(Busy::Unreachable);
        }
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return None,
    };
    match sqlx.as_ref() {
        sea_orm::sqlx::Error::PoolTimedOut => Some(Busy::Pool),
        sea_orm::sqlx::Error::Io(_)
        | sea_orm::sqlx::Error::PoolClosed
        | sea_orm::sqlx::Error::Tls(_) => Some(Busy::Unreachable),
        sea_orm::sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // PostgreSQL: 57014 statement timeout (query cancelled), 55P03 lock timeout, 57P01..3
            // the server shutting down or restarting. SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6),
            // with their extended codes, once the busy timeout has passed.
            let sqlite_busy = code.parse::<u32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
            match code.as_ref() {
                "57014" | "55P03" => Some(Busy::Statement),
                "57P01" | "57P02" | "57P03" => Some(Busy::Unreachable),
                "40P01" | "40001" => Some(Busy::Contention),
                _ if sqlite_busy => Some(Busy::Statement),
                _ => None,
            }
        }
        _ => None,
    }
}

fn error_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

impl AppError {
    /// Logs a database error with a fresh id and returns the client-safe error.
    pub fn database(err: impl std::fmt::Display) -> Self {
        let error_id = error_id();
        tracing::error!(%error_id, error = %err, "database error");
        AppError::Database { error_id }
    }

    /// Logs (as a warning: the service, not the code, is at its limit) that the database could not
    /// serve in time, counts it, and returns the client-safe error.
    pub fn unavailable(kind: Busy, err: impl std::fmt::Display) -> Self {
        let error_id = error_id();
        let metrics = &crate::metrics::METRICS;
        match kind {
            Busy::Pool => metrics.pool_timeouts.inc(),
            Busy::Statement => metrics.statement_timeouts.inc(),
            Busy::Unreachable | Busy::Contention => {}
        }
        if kind == Busy::Contention {
            tracing::warn!(%error_id, error = %err, "a transaction was undone to resolve contention");
        } else {
            tracing::warn!(%error_id, ?kind, error = %err, "database did not answer in time");
        }
        AppError::Unavailable { error_id, kind }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        match busy(&err) {
            Some(kind) => AppError::unavailable(kind, err),
            None => AppError::database(err),
        }
    }
}
