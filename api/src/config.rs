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

    /// Seconds one database statement of the server may run, or wait for a lock, before it is
    /// cancelled and the request answered 503 (PostgreSQL `statement_timeout`, SQLite's busy timeout).
    /// Only `serve` applies it: imports and recomputes run as long as they need.
    #[arg(
        long,
        env = "DATABASE_STATEMENT_TIMEOUT_SECS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        global = true
    )]
    pub database_statement_timeout_secs: u64,

    /// Whether connections apply the statement timeout (set by `serve`, not a flag).
    #[arg(skip)]
    pub bound_statements: bool,

    /// Secret that signs access tokens: at least 32 random bytes (`openssl rand -base64 48`). Prefer the
    /// environment: a flag shows in the process list. Unset with SQLite: generated once into
    /// `DATA_DIR/jwt-secret`; unset with PostgreSQL: start-up fails.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<crate::domain::secret::Secret>,

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

    #[command(flatten)]
    pub limits: Limits,

    /// Address of a second listener serving Prometheus metrics at `/metrics` (default: none). Keep it
    /// off the public network, or set `METRICS_TOKEN`.
    #[arg(long, env = "METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,

    /// Bearer token `/metrics` requires (default: none, for a listener only the monitoring system can
    /// reach).
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<crate::domain::secret::Secret>,

    /// Reverse proxies whose `X-Forwarded-For` is believed, comma-separated addresses or CIDR ranges
    /// (e.g. `10.0.0.0/8,127.0.0.1`). The client address (which login throttling keys on) is then the
    /// right-most forwarded address that is not one of them; by default the TCP peer is the client.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<ProxyRange>,

    #[command(flatten)]
    pub webhooks: WebhookSettings,

    #[command(flatten)]
    pub sessions: SessionSettings,
}

impl Default for ServeConfig {
    /// What `partnergraph serve` runs with when nothing is set.
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            shutdown_timeout_secs: 20,
            workers: None,
            production: false,
            demo: None,
            admin_ui_dir: None,
            limits: Limits::default(),
            metrics_bind: None,
            metrics_token: None,
            trusted_proxies: Vec::new(),
            webhooks: WebhookSettings::default(),
            sessions: SessionSettings::default(),
        }
    }
}

/// Browser sign-in sessions (`/auth/login`, `/auth/refresh`, `/auth/logout`): a refresh token in an
/// HttpOnly cookie that the admin UI exchanges for short-lived access tokens.
#[derive(Debug, Clone, Copy, Args)]
pub struct SessionSettings {
    /// Seconds a session lasts without being used before it ends.
    #[arg(
        long = "session-idle-secs",
        env = "SESSION_IDLE_SECS",
        default_value_t = 12 * 3600,
        value_parser = clap::value_parser!(u64).range(60..=30 * 86_400)
    )]
    pub idle_secs: u64,

    /// Seconds a session lasts at most, used or not, before its user signs in again.
    #[arg(
        long = "session-max-secs",
        env = "SESSION_MAX_SECS",
        default_value_t = 7 * 86_400,
        value_parser = clap::value_parser!(u64).range(60..=90 * 86_400)
    )]
    pub max_secs: u64,

    /// Mark the session cookie `Secure` on every answer. Off: it is `Secure` when the request came
    /// over HTTPS (directly, or as `X-Forwarded-Proto: https` from a proxy); set it behind a proxy
    /// that terminates TLS without saying so.
    #[arg(
        long = "session-cookie-secure",
        env = "SESSION_COOKIE_SECURE",
        value_name = "BOOL",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::Set,
        num_args = 0..=1,
        require_equals = true,
        default_value = "false",
        default_missing_value = "true"
    )]
    pub cookie_secure: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            idle_secs: 12 * 3600,
            max_secs: 7 * 86_400,
            cookie_secure: false,
        }
    }
}

/// How webhook deliveries are sent and retried.
#[derive(Debug, Clone, Copy, Args)]
pub struct WebhookSettings {
    /// Let webhooks reach loopback, private, link-local and other non-public addresses (a receiver
    /// on this machine or the internal network). Off by default: a webhook URL is chosen by its
    /// registrant, and the server would otherwise reach into its own network for them.
    #[arg(
        long = "webhook-allow-private-targets",
        env = "WEBHOOK_ALLOW_PRIVATE_TARGETS",
        value_name = "BOOL",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::Set,
        num_args = 0..=1,
        require_equals = true,
        default_value = "false",
        default_missing_value = "true"
    )]
    pub allow_private_targets: bool,

    /// Seconds before the second attempt of a failed delivery; each later wait doubles, up to
    /// `WEBHOOK_MAX_WAIT_SECS`.
    #[arg(
        long = "webhook-retry-base-secs",
        env = "WEBHOOK_RETRY_BASE_SECS",
        default_value_t = 10.0
    )]
    pub retry_base_secs: f64,

    /// Longest wait between two attempts, in seconds.
    #[arg(long = "webhook-max-wait-secs", env = "WEBHOOK_MAX_WAIT_SECS", default_value_t = 6 * 3600)]
    pub max_wait_secs: u64,

    /// Attempts before a delivery is marked failed.
    #[arg(
        long = "webhook-max-attempts",
        env = "WEBHOOK_MAX_ATTEMPTS",
        default_value_t = 16,
        value_parser = clap::value_parser!(i32).range(1..=100)
    )]
    pub max_attempts: i32,

    /// Seconds a receiver has to answer one delivery.
    #[arg(
        long = "webhook-timeout-secs",
        env = "WEBHOOK_TIMEOUT_SECS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=60)
    )]
    pub timeout_secs: u64,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow_private_targets: false,
            retry_base_secs: 10.0,
            max_wait_secs: 6 * 3600,
            max_attempts: 16,
            timeout_secs: 10,
        }
    }
}

/// How much the server takes on at once, and how long anything may take.
#[derive(Debug, Clone, Copy, Args)]
pub struct Limits {
    /// Seconds a request may run before it is cut off with 503 and `Retry-After`.
    #[arg(
        long,
        env = "REQUEST_TIMEOUT_SECS",
        default_value_t = 15,
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub request_timeout_secs: u64,

    /// Requests executing at once (GraphQL and exports); more wait in the queue. Default: 4 per CPU
    /// core (a request is mostly CPU once its rows are read; more at once only makes each slower).
    #[arg(
        long,
        env = "CONCURRENCY_LIMIT",
        value_parser = clap::value_parser!(u32).range(1..=10_000)
    )]
    pub concurrency_limit: Option<u32>,

    /// Requests that may wait for a free slot; one more is refused at once with 503.
    #[arg(long, env = "QUEUE_LIMIT", default_value_t = 32)]
    pub queue_limit: u32,

    /// Milliseconds a request waits for a free slot before it is refused with 503.
    #[arg(long, env = "QUEUE_TIMEOUT_MS", default_value_t = 500)]
    pub queue_timeout_ms: u64,

    /// Largest GraphQL answer in bytes; a larger one is refused with `QUERY_TOO_COMPLEX`.
    #[arg(
        long,
        env = "MAX_RESPONSE_BYTES",
        default_value_t = 16 * 1024 * 1024,
        value_parser = clap::value_parser!(u64).range(1024..)
    )]
    pub max_response_bytes: u64,
}

impl Limits {
    /// The requests executing at once: as configured, or 4 per CPU core.
    pub fn concurrency(&self) -> u32 {
        self.concurrency_limit.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            u32::try_from(cores.saturating_mul(4)).unwrap_or(64).max(4)
        })
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            request_timeout_secs: 15,
            concurrency_limit: None,
            queue_limit: 32,
            queue_timeout_ms: 500,
            max_response_bytes: 16 * 1024 * 1024,
        }
    }
}

/// A trusted proxy: one address or a CIDR range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange(ipnet::IpNet);

impl ProxyRange {
    /// Whether `ip` is in the range.
    pub fn contains(&self, ip: &std::net::IpAddr) -> bool {
        self.0.contains(ip)
    }
}

impl std::str::FromStr for ProxyRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(net) = s.parse::<ipnet::IpNet>() {
            return Ok(Self(net.trunc()));
        }
        s.parse::<std::net::IpAddr>()
            .map(|ip| Self(ipnet::IpNet::from(ip)))
            .map_err(|_| {
                format!("must be an IP address or CIDR range such as 10.0.0.0/8, got {s:?}")
            })
    }
}
