//! The `partnergraph` command line: one binary for serving, importing, generating demo data and
//! printing scores. Every command reads the same configuration.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::{Config, ServeConfig};

/// partnergraph: Solutions Partner designations, their capability scores and why.
#[derive(Debug, Parser)]
#[command(name = "partnergraph", version, about)]
pub struct Cli {
    #[command(flatten)]
    config: Config,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (health at /healthz and /readyz). Migrations run at start.
    Serve(ServeConfig),
    /// Load a folder of CSV files, all or nothing.
    Import {
        /// The folder holding partners.csv, customers.csv, ... (any subset).
        folder: PathBuf,
    },
    /// Generate deterministic demo data and load it through the importer.
    Demo(crate::demo::DemoArgs),
    /// Print a partner's capability scores with the facts behind every point.
    Score(ScoreArgs),
    /// Recompute stale stored scores (or, with --all, every partner's) and report the time taken.
    Recompute(RecomputeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage users: add, disable, reset a password.
    #[command(subcommand)]
    Users(crate::auth::cli::UsersCommand),
    /// Manage service tokens for reporting tools: create, list, revoke.
    #[command(subcommand)]
    Tokens(crate::auth::cli::TokensCommand),
}

#[derive(Debug, clap::Args)]
struct ScoreArgs {
    /// The partner's PartnerID.
    #[arg(long)]
    partner: String,
    /// The month to score as of (YYYY-MM); default: the latest month with data.
    #[arg(long)]
    as_of: Option<crate::domain::Month>,
    /// Only this designation, e.g. SECURITY.
    #[arg(long)]
    designation: Option<crate::domain::DesignationCode>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Leave out the facts in the text output.
    #[arg(long)]
    no_facts: bool,
}

#[derive(Debug, clap::Args)]
struct RecomputeArgs {
    /// Recompute every partner, not only stale ones.
    #[arg(long)]
    all: bool,
    /// With --all: the first month (default: the start of the stored history).
    #[arg(long, requires = "all")]
    from: Option<crate::domain::Month>,
    /// With --all: the last month (default: the latest month with data).
    #[arg(long, requires = "all")]
    to: Option<crate::domain::Month>,
    /// With --all: read and compute but write nothing (measures the cost of reading and computing).
    #[arg(long, requires = "all")]
    dry_run: bool,
}

/// Parses the command line and runs the command.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    crate::telemetry::init(cli.config.log_format);
    match cli.command {
        Command::Serve(serve) => crate::serve(&cli.config, &serve).await,
        Command::Import { folder } => {
            let db = crate::db::connect_and_migrate(&cli.config).await?;
            let report =
                crate::import::import_folder(&db, &folder, crate::import::Progress::terminal())
                    .await
                    .with_context(|| format!("import of {} failed", folder.display()))?;
            println!("{report}");
            refresh_scores(&db).await
        }
        Command::Demo(args) => {
            let db = crate::db::connect_and_migrate(&cli.config).await?;
            let report = crate::demo::run(&db, &args).await?;
            println!("{report}");
            if args.no_import {
                return Ok(());
            }
            refresh_scores(&db).await
        }
        Command::Score(args) => score(&cli.config, &args).await,
        Command::Recompute(args) => {
            let db = crate::db::connect_and_migrate(&cli.config).await?;
            let engine = crate::db::scores::Engine::load(&db).await?;
            let report = if args.all {
                let (first, last) = crate::db::scores::stored_months(&db).await?;
                let (first, last) = (args.from.unwrap_or(first), args.to.unwrap_or(last));
                crate::db::scores::recompute_all(&db, &engine, first, last, !args.dry_run).await?
            } else {
                crate::db::scores::refresh(&db, &engine).await?
            };
            println!("{report}");
            Ok(())
        }
        Command::Migrate => {
            crate::db::connect_and_migrate(&cli.config).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Users(command) => crate::auth::cli::users(&cli.config, command).await,
        Command::Tokens(command) => crate::auth::cli::tokens(&cli.config, command).await,
    }
}

async fn score(config: &Config, args: &ScoreArgs) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let db = crate::db::connect_and_migrate(config).await?;
    let engine = crate::db::scores::Engine::load(&db).await?;
    let partner = entities::partners::Entity::find()
        .filter(entities::partners::Column::PartnerId.eq(args.partner.as_str()))
        .one(&db)
        .await?
        .with_context(|| format!("no partner {:?}", args.partner))?;
    let as_of = match args.as_of {
        Some(m) => m,
        None => crate::db::scores::stored_months(&db).await?.1,
    };
    let scores =
        crate::db::scores::scores_of(&db, &engine, partner.id, as_of, args.designation).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        print!(
            "{}",
            crate::report::render(
                &format!("{} ({})", partner.name, partner.partner_id),
                &scores,
                !args.no_facts
            )
        );
    }
    Ok(())
}

/// Recomputes the scores an import made stale, and says how long it took.
async fn refresh_scores(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let engine = crate::db::scores::Engine::load(db).await?;
    let refreshed = crate::db::scores::refresh(db, &engine).await?;
    println!("scores recomputed: {refreshed}");
    Ok(())
}
