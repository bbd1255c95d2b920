//! Why a write did not happen: the problems a caller can fix, each with the path of the argument and
//! a stable code (`userErrors` in the API), a refusal of the whole call, or a failure of the service.
//! Nothing was written in any case.

use sea_orm::{DbErr, SqlErr};

use super::AppError;

/// The stable code of a problem the caller can fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemCode {
    /// The input is invalid.
    BadUserInput,
    /// Something named by the input does not exist.
    NotFound,
    /// A stale version, or a key or state someone else holds.
    Conflict,
}

impl ProblemCode {
    /// The contract's code.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::BadUserInput => "BAD_USER_INPUT",
            ProblemCode::NotFound => "NOT_FOUND",
            ProblemCode::Conflict => "CONFLICT",
        }
    }
}

/// One problem with the input: where (a path into the mutation's arguments), what, and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending argument, e.g. `["input", "earnedOn"]`.
    pub field: Vec<String>,
    /// What is wrong, for people.
    pub message: String,
    /// Stable code.
    pub code: ProblemCode,
}

impl Problem {
    /// A problem with `code` at `field`.
    pub fn new(code: ProblemCode, field: &[&str], message: impl Into<String>) -> Self {
        Self {
            field: field.iter().map(|s| s.to_string()).collect(),
            message: message.into(),
            code,
        }
    }

    /// Invalid input at `field`.
    pub fn bad(field: &[&str], message: impl Into<String>) -> Self {
        Self::new(ProblemCode::BadUserInput, field, message)
    }

    /// `field` names something that does not exist.
    pub fn not_found(field: &[&str], message: impl Into<String>) -> Self {
        Self::new(ProblemCode::NotFound, field, message)
    }

    /// `field` collides with someone else's change or key.
    pub fn conflict(field: &[&str], message: impl Into<String>) -> Self {
        Self::new(ProblemCode::Conflict, field, message)
    }
}

/// Why a write did not happen. Nothing was written in any case.
#[derive(Debug)]
pub enum WriteError {
    /// The caller may not write the data of a partner the change touches.
    Forbidden,
    /// Problems with the input, reported field by field.
    Problems(Vec<Problem>),
    /// The database failed (logged with an error id).
    App(AppError),
}

impl WriteError {
    /// A unique-index violation is someone else's concurrent write: a `CONFLICT` at `field` with our
    /// own words. Anything else is a database failure, logged with an id.
    pub fn unique_or_db(e: DbErr, field: &[&str], message: &str) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                tracing::info!(error = %e, "write lost a unique-key race");
                Problem::conflict(field, message).into()
            }
            _ => e.into(),
        }
    }
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

impl From<DbErr> for WriteError {
    fn from(e: DbErr) -> Self {
        WriteError::App(AppError::from(e))
    }
}

impl From<Problem> for WriteError {
    fn from(p: Problem) -> Self {
        WriteError::Problems(vec![p])
    }
}
