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
    /// Apply pending migrations and exit.
    Migrate,
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
            Ok(())
        }
        Command::Demo(args) => {
            let db = crate::db::connect_and_migrate(&cli.config).await?;
            let report = crate::demo::run(&db, &args).await?;
            println!("{report}");
            Ok(())
        }
        Command::Migrate => {
            crate::db::connect_and_migrate(&cli.config).await?;
            println!("database is up to date");
            Ok(())
        }
    }
}
