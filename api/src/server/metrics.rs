//! The metrics listener (`METRICS_BIND`): `GET /metrics` in the Prometheus text format, on its own
//! address so it stays off the public listener, optionally behind `METRICS_TOKEN`. The pool and
//! refresh-queue gauges are read at each scrape.

use std::net::SocketAddr;

use actix_web::dev::Server;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::auth::Secret;
use crate::metrics::METRICS;

struct Scrape {
    db: DatabaseConnection,
    token: Option<Secret>,
}

/// Binds the metrics listener; the future serves until SIGTERM.
pub fn build(
    bind: SocketAddr,
    db: DatabaseConnection,
    token: Option<Secret>,
) -> std::io::Result<(Server, SocketAddr)> {
    let data = web::Data::new(Scrape { db, token });
    let http = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/metrics", web::get().to(metrics))
    })
    .workers(1)
    .bind(bind)?;
    let addr = http.addrs().first().copied().unwrap_or(bind);
    Ok((http.run(), addr))
}

fn authorized(req: &HttpRequest, token: &Secret) -> bool {
    use subtle::ConstantTimeEq;
    let Some(given) = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    given.as_bytes().ct_eq(token.expose()).into()
}

async fn metrics(state: web::Data<Scrape>, req: HttpRequest) -> HttpResponse {
    if let Some(token) = &state.token
        && !authorized(&req, token)
    {
        return HttpResponse::Unauthorized()
            .insert_header(("WWW-Authenticate", "Bearer"))
            .body("send Authorization: Bearer <METRICS_TOKEN>\n");
    }
    read_gauges(&state.db).await;
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(METRICS.render())
}

/// The pool's connections, the refresh queue and the pending webhook deliveries, as they are now.
async fn read_gauges(db: &DatabaseConnection) {
    let (size, idle, max) = pool_state(db);
    METRICS.pool.with_label_values(&["in_use"]).set(size - idle);
    METRICS.pool.with_label_values(&["idle"]).set(idle);
    METRICS.pool_max.set(max);
    let backend = db.get_database_backend();
    let sql = "SELECT COUNT(*), MIN(queued_at) FROM score_refresh_queue";
    if let Ok(Some(row)) = db.query_one_raw(Statement::from_string(backend, sql)).await {
        let depth: i64 = row.try_get_by_index(0).unwrap_or(0);
        let oldest: Option<chrono::DateTime<chrono::Utc>> = row.try_get_by_index(1).ok().flatten();
        METRICS.queue_depth.set(depth);
        METRICS
            .queue_age
            .set(oldest.map_or(0, |t| (chrono::Utc::now() - t).num_seconds().max(0)));
    }
    let sql = "SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE status = 'PENDING'";
    if let Ok(Some(row)) = db.query_one_raw(Statement::from_string(backend, sql)).await {
        let pending: i64 = row.try_get_by_index(0).unwrap_or(0);
        let oldest: Option<chrono::DateTime<chrono::Utc>> = row.try_get_by_index(1).ok().flatten();
        METRICS.deliveries_pending.set(pending);
        METRICS
            .deliveries_age
            .set(oldest.map_or(0, |t| (chrono::Utc::now() - t).num_seconds().max(0)));
    }
}

fn pool_state(db: &DatabaseConnection) -> (i64, i64, i64) {
    let as_i64 = |n: u32| i64::from(n);
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                as_i64(pool.size()),
                i64::try_from(pool.num_idle()).unwrap_or(0),
                as_i64(pool.options().get_max_connections()),
            )
        }
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                as_i64(pool.size()),
                i64::try_from(pool.num_idle()).unwrap_or(0),
                as_i64(pool.options().get_max_connections()),
            )
        }
        _ => (0, 0, 0),
    }
}
