//! Logging through `tracing`: human-readable or JSON lines, filtered by `RUST_LOG`, coloured only on a
//! terminal and never when `NO_COLOR` is set (<https://no-color.org>).

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// What is logged without `RUST_LOG`. actix-http logs a client's malformed request (a header with a
/// NUL byte, a broken chunk) at ERROR although it is the caller's mistake, already answered 400:
/// those lines are left out, so an ERROR line always means the server has a problem.
pub const DEFAULT_FILTER: &str =
    "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,actix_http::h1::dispatcher=off";

/// Installs the global subscriber. Safe to call more than once (later calls do nothing).
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    use std::io::IsTerminal;
    // Colours only for people at a terminal; files and log collectors get plain text.
    let ansi = use_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let _ = match format {
        LogFormat::Human => builder.with_target(false).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
}

/// Whether log lines get ANSI colours: on a terminal, unless `NO_COLOR` is set to anything but the
/// empty string.
pub fn use_colour(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_turns_colours_off_and_only_a_terminal_gets_them() {
        use std::ffi::OsStr;
        assert!(use_colour(true, None));
        assert!(!use_colour(true, Some(OsStr::new("1"))));
        assert!(!use_colour(true, Some(OsStr::new("true"))));
        assert!(use_colour(true, Some(OsStr::new(""))));
        assert!(!use_colour(false, None));
    }
}
