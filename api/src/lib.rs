//! partnergraph: partners, their Solutions Partner designations, and exactly why their partner
//! capability score is what it is.
//!
//! - [`domain`]: plain value types (months, codes) shared by every layer.
//! - [`score`]: the pure score engine: rule sets in, explained scores out.
//! - [`import`]: the CSV folder importer (validate everything, then write all or nothing).
//! - [`db`]: connection, migrations and the query helpers of each domain.
//! - [`server`]: the HTTP server.
//! - [`demo`]: the deterministic demo-data generator.
//! - [`cli`]: the command line.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod import;
pub mod metrics;
pub mod report;
pub mod score;
pub mod server;
pub mod telemetry;

use anyhow::Context;

/// Runs the server until SIGTERM or Ctrl-C, after migrating (and loading demo data when asked).
pub async fn serve(config: &config::Config, serve: &config::ServeConfig) -> anyhow::Result<()> {
    serve_with(config, serve, true).await
}

/// Runs the server until SIGTERM or Ctrl-C. With `migrate`, pending migrations are applied first
/// (and a missing SQLite file created); without, a database that is missing or behind this binary
/// is refused, naming the command that upgrades it.
pub async fn serve_with(
    config: &config::Config,
    serve: &config::ServeConfig,
    migrate: bool,
) -> anyhow::Result<()> {
    let config = &config::Config {
        bound_statements: true,
        ..config.clone()
    };
    let db = if migrate {
        let (db, report) = db::open_and_migrate(config).await?;
        if !report.applied.is_empty() {
            tracing::info!(migrations = %report.applied.join(", "), "database migrated");
        }
        db
    } else {
        db::open_existing(config).await?
    };
    if let Some(partners) = serve.demo {
        demo::ensure_demo_data(&db, partners).await?;
        demo_sign_in(&db).await?;
    }
    let state = server::AppState::new(db.clone(), config, serve.production).await?;
    // Scores made stale before a crash, by an interrupted import, another replica or a new month of
    // data are recomputed in the background, by whichever replica claims them first.
    let drainer = server::drain::spawn(
        db.clone(),
        state.graphql.engine.clone(),
        server::drain::PERIOD,
    );
    // Webhook deliveries queued by any replica's refreshes, before a crash included.
    let deliverer = server::webhooks::spawn(db.clone(), serve.webhooks)
        .context("cannot start the webhook deliverer")?;
    let running =
        server::build(state, serve).with_context(|| format!("cannot listen on {}", serve.bind))?;
    tracing::info!(addr = %running.addr, "listening");
    let served = running.server.await.context("server failed");
    drainer
        .stop(std::time::Duration::from_secs(serve.shutdown_timeout_secs))
        .await;
    deliverer
        .stop(std::time::Duration::from_secs(serve.shutdown_timeout_secs))
        .await;
    served?;
    tracing::info!("stopped");
    Ok(())
}

/// With demo data and no account yet, creates a demo administrator with a random password and prints
/// it once, so the admin UI can be opened right away.
async fn demo_sign_in(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    use rand::Rng;
    if db::users::count(db).await? > 0 {
        return Ok(());
    }
    let email = "admin@demo.partnergraph.local";
    let password: String = rand::rng()
        .sample_iter(&rand::distr::Alphanumeric)
        .take(20)
        .map(char::from)
        .collect();
    auth::create_user(db, email, &password, auth::Role::Admin, None)
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the demo administrator: {e}"))?;
    // Standard output may be closed (a supervisor that discards it): that must not stop the server.
    use std::io::Write;
    let _ = writeln!(
        std::io::stdout(),
        "demo administrator for the admin UI: {email} / {password} (shown once)"
    );
    Ok(())
}
