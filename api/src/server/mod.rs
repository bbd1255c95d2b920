//! The HTTP server: health endpoints, request ids on every log line, graceful shutdown, and the
//! background drainer of the score refresh queue (`drain.rs`).

use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use sea_orm::DatabaseConnection;

use crate::config::ServeConfig;

pub mod admin;
pub mod admission;
pub mod client;
pub mod drain;
mod export;
mod export_scores;
pub mod graphql;
mod media;
mod metrics;
mod request_id;
mod session;
mod subscriptions;
pub mod webhooks;

pub use request_id::CurrentRequestId;

/// Shared state of every request.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The GraphQL schema, built once.
    pub schema: crate::graphql::Schemas,
    /// What the resolvers share (engine, catalogue, token keys).
    pub graphql: crate::graphql::Shared,
    /// Whether GET `/graphql` serves GraphiQL.
    pub graphiql: bool,
    /// Timeouts and sizes (from `serve`'s settings, set by [`build`]).
    pub limits: crate::config::Limits,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: std::sync::Arc<Vec<crate::config::ProxyRange>>,
    /// How long browser sessions last, and their cookie (from `serve`'s settings, set by [`build`]).
    pub sessions: crate::config::SessionSettings,
}

impl AppState {
    /// Loads the engine and catalogue, prepares the token keys and builds the schema.
    pub async fn new(
        db: DatabaseConnection,
        config: &crate::config::Config,
        production: bool,
    ) -> Result<Self, crate::error::AppError> {
        let engine = std::sync::Arc::new(crate::db::scores::Engine::load(&db).await?);
        let catalogue = std::sync::Arc::new(crate::db::catalogue::Catalogue::load(&db).await?);
        let secret = crate::auth::secret::load(config)?;
        let keys = std::sync::Arc::new(crate::auth::AuthKeys::new(
            &secret,
            Duration::from_secs(config.access_token_ttl_secs),
        )?);
        let shared = crate::graphql::Shared {
            db: db.clone(),
            engine,
            catalogue,
            keys,
            limiter: std::sync::Arc::new(crate::auth::LoginLimiter::default()),
            callers: std::sync::Arc::default(),
            feed: std::sync::Arc::new(crate::graphql::subscription::EventFeed::new(db.clone())),
        };
        let options = crate::graphql::SchemaOptions {
            introspection: !production,
            suggestions: !production,
        };
        let schema = crate::graphql::build_schema(&shared, options);
        Ok(Self {
            db,
            schema,
            graphql: shared,
            graphiql: !production,
            limits: crate::config::Limits::default(),
            trusted_proxies: std::sync::Arc::new(Vec::new()),
            sessions: crate::config::SessionSettings::default(),
        })
    }
}

/// A server bound to its port, ready to run.
pub struct Running {
    /// The server future; resolves when it has shut down (and the metrics listener with it).
    pub server: Server,
    /// The address it listens on (useful with port 0).
    pub addr: std::net::SocketAddr,
    /// The metrics listener's address, when one is configured.
    pub metrics_addr: Option<std::net::SocketAddr>,
}

/// Binds the server (and the metrics listener, when configured). Tests pass port 0 and read the
/// chosen port from [`Running::addr`].
pub fn build(mut state: AppState, config: &ServeConfig) -> std::io::Result<Running> {
    state.limits = config.limits;
    state.trusted_proxies = std::sync::Arc::new(config.trusted_proxies.clone());
    state.sessions = config.sessions;
    let metrics_server = match config.metrics_bind {
        Some(bind) => Some(metrics::build(
            bind,
            state.db.clone(),
            config.metrics_token.clone(),
        )?),
        None => None,
    };
    let data = web::Data::new(state);
    let admission = web::Data::new(std::sync::Arc::new(admission::Admission::new(
        &config.limits,
    )));
    let admin_ui = admin::AdminUi::new(config.admin_ui_dir.as_deref());
    let mut http = HttpServer::new(move || {
        // Only the work a caller can pile up is admitted through the queue; health and the UI's files
        // always answer.
        let admitted = web::scope("")
            .app_data(admission.clone())
            .wrap(actix_web::middleware::from_fn(admission::admit))
            // Answers are gzip, brotli or zstd as `Accept-Encoding` asks; a streamed export stays
            // streamed (each chunk is compressed as it is written).
            .wrap(actix_web::middleware::Compress::default())
            .route("/graphql", web::post().to(graphql::post))
            .route("/graphql", web::get().to(graphql::get))
            .route("/graphql", web::route().to(graphql::other_method))
            .route("/export/scores", web::get().to(export_scores::export))
            .configure(export::routes)
            .configure(session::routes);
        App::new()
            .app_data(data.clone())
            .wrap(request_id::RequestId)
            .route("/healthz", web::get().to(healthz))
            .route("/readyz", web::get().to(readyz))
            .configure(|c| admin_ui.routes(c))
            // Subscriptions wait on events for as long as they run: outside the admission queue.
            .service(
                web::resource("/graphql")
                    .guard(actix_web::guard::fn_guard(subscriptions::is_upgrade))
                    .route(web::get().to(subscriptions::upgrade)),
            )
            .service(admitted)
    })
    .shutdown_timeout(config.shutdown_timeout_secs)
    .client_request_timeout(Duration::from_secs(10));
    if let Some(workers) = config.workers {
        http = http.workers(workers.max(1));
    }
    let http = http.bind(config.bind)?;
    let addr = http.addrs().first().copied().unwrap_or(config.bind);
    let metrics_addr = metrics_server.map(|(server, addr)| {
        // Its own signal handling stops it on SIGTERM, with the main server.
        tokio::spawn(server);
        addr
    });
    Ok(Running {
        server: http.run(),
        addr,
        metrics_addr,
    })
}

/// A one-line plain-text answer, for the non-GraphQL endpoints.
pub(crate) fn plain(status: actix_web::http::StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/plain; charset=utf-8")
        .body(format!("{message}\n"))
}

/// The signed-in caller of a plain HTTP endpoint and the partners it may read, or the answer to send:
/// 401 without valid bearer credentials, 503 when they cannot be checked, 403 for an account without
/// a readable scope (`what` names what it may not read).
pub(crate) async fn bearer_scope(
    state: &AppState,
    req: &actix_web::HttpRequest,
    what: &str,
) -> Result<(crate::auth::Caller, crate::db::partners::Scope), HttpResponse> {
    use actix_web::http::StatusCode;
    let authorization = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let caller = match crate::auth::authenticate_cached(
        &state.db,
        &state.graphql.keys,
        &state.graphql.callers,
        authorization,
    )
    .await
    {
        Ok(c) if c.role.is_some() => c,
        Err(crate::auth::AuthError::Internal) => {
            return Err(plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "the service is unavailable; try again",
            ));
        }
        _ => {
            return Err(plain(
                StatusCode::UNAUTHORIZED,
                "authentication required: send Authorization: Bearer <token>",
            ));
        }
    };
    match crate::graphql::context::scope_of(&caller) {
        Ok(scope) => Ok((caller, scope)),
        Err(_) => Err(plain(
            StatusCode::FORBIDDEN,
            &format!("this account may not read {what}"),
        )),
    }
}

/// The process is up.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The database answers; 503 while it does not.
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if crate::db::ping(&state.db).await {
        HttpResponse::Ok().json(serde_json::json!({"status": "ready"}))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "unavailable", "reason": "database unreachable"}))
    }
}
