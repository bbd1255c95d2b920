//! How errors reach GraphQL clients: a stable `extensions.code` and a message written for people;
//! never a database message or a stack trace (those are logged with an error id the client sees).

use async_graphql::{Error, ErrorExtensions};

use crate::auth::AuthError;
use crate::error::AppError;

/// The codes of the contract.
pub mod code {
    /// No or invalid credentials.
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// Authenticated, but not allowed.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// The thing does not exist (or is outside the caller's scope).
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// The input is invalid.
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    /// The request is too deep, complex or wide.
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    /// A stale write or a taken key.
    pub const CONFLICT: &str = "CONFLICT";
    /// Too many attempts; try later.
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    /// The server is overloaded or the database did not answer in time; retry after `Retry-After`.
    pub const UNAVAILABLE: &str = "UNAVAILABLE";
    /// Something failed on the server; the message carries an error id.
    pub const INTERNAL: &str = "INTERNAL";

    /// Every code, for matching a code read back from a response.
    pub const ALL: [&str; 9] = [
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        BAD_USER_INPUT,
        QUERY_TOO_COMPLEX,
        CONFLICT,
        RATE_LIMITED,
        UNAVAILABLE,
        INTERNAL,
    ];
}

/// An error with a contract code.
pub fn coded(code: &'static str, message: impl Into<String>) -> Error {
    Error::new(message.into()).extend_with(|_, e| e.set("code", code))
}

/// `FORBIDDEN` with the standard message.
pub fn forbidden() -> Error {
    coded(code::FORBIDDEN, "you are not allowed to do this")
}

/// `NOT_FOUND` for a named thing.
pub fn not_found(what: impl std::fmt::Display) -> Error {
    coded(code::NOT_FOUND, format!("{what} not found"))
}

/// `BAD_USER_INPUT` with a message that says what and where.
pub fn bad_input(message: impl Into<String>) -> Error {
    coded(code::BAD_USER_INPUT, message)
}

/// Maps an application error (async-graphql's blanket `From<Display>` would keep the text but drop
/// the code, so resolvers go through this or [`GqlResult::gql`]).
pub fn app(e: AppError) -> Error {
    {
        match e {
            AppError::BadInput(m) => bad_input(m),
            AppError::NotFound(what) => not_found(what),
            AppError::Conflict(m) => coded(code::CONFLICT, m),
            AppError::Startup(_) => coded(code::INTERNAL, "the service is not ready"),
            AppError::Database { error_id } => {
                Error::new(format!("internal error (id {error_id})")).extend_with(|_, ext| {
                    ext.set("code", code::INTERNAL);
                    ext.set("errorId", error_id.clone());
                })
            }
            AppError::Unavailable { error_id, .. } => Error::new(format!(
                "the service is busy or the database did not answer in time; try again (id {error_id})"
            ))
            .extend_with(|_, ext| {
                ext.set("code", code::UNAVAILABLE);
                ext.set("errorId", error_id.clone());
            }),
        }
    }
}

/// `.gql()` on results of the application's own errors.
pub trait GqlResult<T> {
    /// Converts the error with its contract code.
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, AppError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(app)
    }
}

impl<T> GqlResult<T> for Result<T, sea_orm::DbErr> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| app(AppError::from(e)))
    }
}

impl<T> GqlResult<T> for Result<T, AuthError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(from_auth)
    }
}

/// Whether an error without a code is async-graphql's report of an argument or variable value that
/// did not parse (a `Month` written `2024-13`, an `Int` below its minimum, a date that is not one):
/// the caller's mistake, found while the field ran.
fn is_input_error(message: &str) -> bool {
    message.starts_with("Failed to parse \"")
        || message.starts_with("Expected input type \"")
        || message.starts_with("Invalid value for argument")
        || message.contains("(occurred while parsing \"")
        || (message.starts_with("Variable ") && message.ends_with(" is not defined."))
}

/// `Failed to parse "Month": must be …` → `must be …`: the argument's name says more than its type.
fn input_message(message: &str) -> &str {
    message
        .strip_prefix("Failed to parse \"")
        .and_then(|rest| rest.split_once("\": "))
        .map_or(message, |(_, inner)| inner)
}

/// The last line of defence, run on every response: an error without a contract code is a request the
/// parser or validator refused (`BAD_USER_INPUT`, or `QUERY_TOO_COMPLEX` for the limits), an argument
/// that failed to parse while its field ran (`BAD_USER_INPUT`, named from `arguments`), or an
/// unexpected resolver failure, whose text is logged and replaced (`INTERNAL`).
pub fn finalize(response: &mut async_graphql::Response, arguments: &super::input::Arguments) {
    for err in &mut response.errors {
        let has_code = err
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        let limit = [
            "nested too deep",
            "too complex",
            "too many directives",
            "recursive depth",
        ]
        .iter()
        .any(|m| err.message.contains(m));
        let code = if limit {
            code::QUERY_TOO_COMPLEX
        } else if err.path.is_empty() {
            if err.message.ends_with("expected type \"Month\"") {
                err.message
                    .push_str(" (a month written YYYY-MM, such as \"2024-06\")");
            }
            code::BAD_USER_INPUT
        } else if is_input_error(&err.message) {
            let argument = err.locations.first().and_then(|pos| arguments.at(*pos));
            let inner = input_message(&err.message);
            err.message = match argument {
                Some(argument) => format!("{argument}: {inner}"),
                None => inner.to_string(),
            };
            tracing::debug!(message = %err.message, "bad argument");
            code::BAD_USER_INPUT
        } else {
            let error_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
            tracing::error!(%error_id, message = %err.message, "unexpected resolver error");
            err.message = format!("internal error (id {error_id})");
            err.extensions
                .get_or_insert_with(Default::default)
                .set("errorId", error_id);
            code::INTERNAL
        };
        err.extensions
            .get_or_insert_with(Default::default)
            .set("code", code);
    }
}

/// Maps an authentication or authorization failure.
pub fn from_auth(e: AuthError) -> Error {
    match e {
        AuthError::Unauthenticated => {
            coded(code::UNAUTHENTICATED, "authentication required or invalid")
        }
        AuthError::Forbidden => forbidden(),
        e @ AuthError::TooManyAttempts { retry_after_secs } => Error::new(e.to_string())
            .extend_with(|_, ext| {
                ext.set("code", code::RATE_LIMITED);
                ext.set("retryAfter", retry_after_secs);
            }),
        AuthError::BadInput(m) => bad_input(m),
        AuthError::Conflict(m) => coded(code::CONFLICT, m),
        AuthError::Internal => coded(code::INTERNAL, "internal error"),
    }
}
