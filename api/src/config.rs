//! Configuration, read once from flags and the environment and passed down.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Human,
    /// One JSON object per event.
    Json,
}

/// Settings every command shares (shown under "Global options", after a command's own).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Config {
    /// Database URL: `sqlite://PATH?mode=rwc` or `postgres://USER@HOST/DB`. Default: an SQLite file
    /// `partnergraph.db` in the data folder.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Folder for the embedded database and generated secrets.
    #[arg(
        long,
        env = "PARTNERGRAPH_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Log format.
    #[arg(
        long,
        env = "LOG_FORMAT",
        value_enum,
        default_value = "human",
        global = true
    )]
    pub log_format: LogFormat,

    /// Most database connections in the pool.
    #[arg(
        long,
        env = "DATABASE_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub database_max_connections: u32,

    /// Seconds to wait for a free database connection before a request fails.
    #[arg(
        long,
        env = "DATABASE_ACQUIRE_TIMEOUT_SECS",
        default_value_t = 3,
        global = true
    )]
    pub database_acquire_timeout_secs: u64,

    /// Secret that signs access tokens: at least 32 random bytes (`openssl rand -base64 48`). Prefer the
    /// environment: a flag shows in the process list. Unset with SQLite: generated once into
    /// `DATA_DIR/jwt-secret`; unset with PostgreSQL: start-up fails.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<crate::auth::Secret>,

    /// Seconds an access token (from `login`) stays valid.
    #[arg(
        long,
        env = "ACCESS_TOKEN_TTL_SECS",
        default_value_t = 900,
        value_parser = clap::value_parser!(u64).range(30..=86_400),
        global = true
    )]
    pub access_token_ttl_secs: u64,
}

impl Config {
    /// The database URL to use: the configured one, or the embedded SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("partnergraph.db").display()
            ),
        }
    }

    /// Whether the database is the embedded SQLite file (or any SQLite URL).
    pub fn is_sqlite(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }
}

/// Settings of `partnergraph serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Seconds in-flight requests get to finish after SIGTERM.
    #[arg(long, env = "SHUTDOWN_TIMEOUT_SECS", default_value_t = 20)]
    pub shutdown_timeout_secs: u64,

    /// Worker threads (default: one per core).
    #[arg(long, env = "WORKERS")]
    pub workers: Option<usize>,

    /// Production mode: no introspection, no field suggestions, no GraphiQL. The variable takes
    /// 1/0, true/false, yes/no, on/off.
    #[arg(
        long,
        env = "PARTNERGRAPH_PRODUCTION",
        value_name = "BOOL",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::Set,
        num_args = 0..=1,
        require_equals = true,
        default_value = "false",
        default_missing_value = "true"
    )]
    pub production: bool,

    /// Load generated demo data with this many partners before serving, when the database has no
    /// partners yet.
    #[arg(long, env = "DEMO_PARTNERS")]
    pub demo: Option<usize>,

    /// Folder of the built admin UI served at `/admin` (default: `admin-ui/dist` in the working
    /// directory or next to the executable).
    #[arg(long, env = "ADMIN_UI_DIR")]
    pub admin_ui_dir: Option<PathBuf>,
}
