//! The `partnergraph` command line: one binary for serving, importing, generating demo data, listing
//! partners and printing scores. Every command reads the same configuration (flags, the environment,
//! and a `.env` file in the working directory).
//!
//! Output goes through one buffered writer: a reader that closes early (`| head -1`) ends the command
//! quietly with exit code 0, never a panic. Commands that only read open the database with
//! [`db::open_existing`](crate::db::open_existing) and never create or migrate it; commands that write
//! data may create a new one; only `migrate` and `serve` upgrade an existing one.

pub mod accounts;
mod import;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser, Subcommand};
use serde_json::json;

use crate::config::{Config, ServeConfig};
use crate::domain::{DesignationCode, Month};

/// The writer every command prints to: standard output, buffered.
pub type Out = std::io::BufWriter<std::io::Stdout>;

/// Import problems printed at most without `--all-problems`.
pub const PROBLEMS_SHOWN: usize = 50;

/// partnergraph: Solutions Partner designations, their capability scores and why.
#[derive(Debug, Parser)]
#[command(
    name = "partnergraph",
    version,
    about,
    after_help = "Examples:\n  partnergraph import tests/examples/security-2023-worked\n  partnergraph partners --search contoso\n  partnergraph score --partner P --designation security\n  partnergraph serve --bind 0.0.0.0:8080\n\nA .env file in the working directory is read first; variables already set win."
)]
pub struct Cli {
    #[command(flatten)]
    config: Config,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (health at /healthz and /readyz). Pending migrations are applied at start
    /// unless --no-migrate.
    #[command(
        after_help = "Examples:\n  partnergraph serve\n  partnergraph serve --bind 0.0.0.0:8080 --production\n  PARTNERGRAPH_NO_MIGRATE=1 partnergraph serve   # refuse to start on a database that is behind"
    )]
    Serve(ServeArgs),
    /// Load a folder of CSV files, all or nothing, then recompute the scores it changed.
    #[command(
        after_help = "Examples:\n  partnergraph import exports/2024-06\n  partnergraph import exports/2024-06 --json\n  partnergraph import first-load --no-refresh && partnergraph recompute\n\nA new database is created and migrated; an existing one must be at this binary's schema\n(run `partnergraph migrate` first after an upgrade). Exit code 1 when a row is bad: nothing is written."
    )]
    Import(ImportArgs),
    /// Generate deterministic demo data and load it through the importer.
    #[command(
        after_help = "Examples:\n  partnergraph demo --partners 50\n  partnergraph demo --out demo-data --no-import"
    )]
    Demo(crate::demo::DemoArgs),
    /// List and find partners: PartnerID, name, country, designations attained.
    #[command(
        after_help = "Examples:\n  partnergraph partners\n  partnergraph partners --search contoso --limit 10\n  partnergraph partners --json"
    )]
    Partners(PartnersArgs),
    /// Print a partner's capability scores with the facts behind every point.
    #[command(
        after_help = "Examples:\n  partnergraph score --partner P\n  partnergraph score --partner P --designation security --as-of 2024-06\n  partnergraph score --partner P --json"
    )]
    Score(ScoreArgs),
    /// Recompute stale stored scores (or, with --all, every partner's) and report the time taken.
    #[command(
        after_help = "Examples:\n  partnergraph recompute\n  partnergraph recompute --all --from 2023-07 --to 2024-06\n  partnergraph recompute --all --dry-run --json"
    )]
    Recompute(RecomputeArgs),
    /// Create the database if needed and apply pending migrations, saying which.
    #[command(
        after_help = "Examples:\n  partnergraph migrate\n  DATABASE_URL=postgres://partnergraph@db/partnergraph partnergraph migrate"
    )]
    Migrate,
    /// Manage users: add, disable, reset a password.
    #[command(subcommand)]
    Users(accounts::UsersCommand),
    /// Manage service tokens for reporting tools: create, list, revoke.
    #[command(subcommand)]
    Tokens(accounts::TokensCommand),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  partnergraph completions bash > ~/.local/share/bash-completion/completions/partnergraph\n  partnergraph completions zsh > \"${fpath[1]}/_partnergraph\"\n  partnergraph completions fish > ~/.config/fish/completions/partnergraph.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    serve: ServeConfig,
    /// Never change the schema: refuse to start on a database that is behind this binary instead
    /// of upgrading it (then run `partnergraph migrate`). The variable takes 1/0, true/false, yes/no.
    #[arg(
        long,
        env = "PARTNERGRAPH_NO_MIGRATE",
        value_name = "BOOL",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::Set,
        num_args = 0..=1,
        require_equals = true,
        default_value = "false",
        default_missing_value = "true"
    )]
    no_migrate: bool,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The folder holding partners.csv, customers.csv, ... (any subset).
    folder: PathBuf,
    /// Print the summary (or, on failure, every problem) as JSON on standard output.
    #[arg(long)]
    json: bool,
    /// Print every problem, not only the first 50.
    #[arg(long)]
    all_problems: bool,
    /// Leave the partners whose scores the import changed queued instead of recomputing them now
    /// (for a large first load): until recomputed their scores are computed when read, and a
    /// running `serve` or `partnergraph recompute` recomputes them.
    #[arg(long)]
    no_refresh: bool,
}

#[derive(Debug, clap::Args)]
struct PartnersArgs {
    /// Only partners whose PartnerID or name contains this text (case-insensitive).
    #[arg(long)]
    search: Option<String>,
    /// How many partners to list at most.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    limit: u64,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ScoreArgs {
    /// The partner's PartnerID (`partnergraph partners` lists them).
    #[arg(long)]
    partner: String,
    /// The month to score as of (YYYY-MM); default: the latest month with data.
    #[arg(long, value_name = "YYYY-MM")]
    as_of: Option<Month>,
    /// Only this designation, e.g. security or MODERN_WORK (case-insensitive).
    #[arg(long, value_parser = designation)]
    designation: Option<DesignationCode>,
    /// Score under this rule set (e.g. 2023-07) instead of the one in force at the month: a what-if
    /// that stores nothing.
    #[arg(long, value_name = "CODE")]
    rule_set: Option<String>,
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
    #[arg(long, requires = "all", value_name = "YYYY-MM")]
    from: Option<Month>,
    /// With --all: the last month (default: the latest month with data, the last one allowed).
    #[arg(long, requires = "all", value_name = "YYYY-MM")]
    to: Option<Month>,
    /// With --all: read and compute but write nothing (measures the cost of reading and computing).
    #[arg(long, requires = "all")]
    dry_run: bool,
    /// Print what was done as JSON.
    #[arg(long)]
    json: bool,
}

/// A designation code as typed on a command line: any case, `-` or a space for `_`.
fn designation(s: &str) -> Result<DesignationCode, String> {
    let wanted = s.trim().to_ascii_uppercase().replace(['-', ' '], "_");
    wanted.parse::<DesignationCode>().map_err(|_| {
        format!(
            "must be one of {} (any case), got {s:?}",
            DesignationCode::TEXTS.join(", ")
        )
    })
}

/// An error already shown to the user (e.g. the problems of an import): exit 1 without repeating it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Reported(String);

/// Runs the command line: reads `.env`, parses, runs, prints the error (one line, with its causes)
/// and turns the outcome into the exit code. A closed standard output ends the command quietly
/// with 0.
pub async fn main() -> ExitCode {
    if let Err(err) = load_dotenv() {
        let _ = writeln!(std::io::stderr(), "partnergraph: {err:#}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let result = run(cli, &mut out).await;
    let result = result.and_then(|()| out.flush().map_err(anyhow::Error::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader is gone: nothing more to say, and nowhere to say it.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Whatever was printed before the error still goes out, unless the reader left.
            let _ = out.flush();
            if err.downcast_ref::<Reported>().is_none() {
                let _ = writeln!(std::io::stderr(), "partnergraph: {err:#}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Reads `.env` from the working directory when there is one; variables already set win.
fn load_dotenv() -> anyhow::Result<()> {
    let path = std::path::Path::new(".env");
    if !path.is_file() {
        return Ok(());
    }
    dotenvy::from_path(path).context("cannot read .env in the working directory")?;
    Ok(())
}

/// Whether an error comes from writing to a reader that closed its end.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs the parsed command, printing to `out`.
async fn run(cli: Cli, out: &mut Out) -> anyhow::Result<()> {
    crate::telemetry::init(cli.config.log_format);
    let config = &cli.config;
    match cli.command {
        Command::Serve(args) => {
            out.flush()?;
            crate::serve_with(config, &args.serve, !args.no_migrate).await
        }
        Command::Import(args) => import::import(config, &args, out).await,
        Command::Demo(args) => {
            let db = crate::db::open_for_writing(config).await?;
            let report = crate::demo::run(&db, &args).await?;
            writeln!(out, "{report}")?;
            if args.no_import {
                return Ok(());
            }
            let refreshed = refresh_scores(&db).await?;
            writeln!(out, "scores recomputed: {refreshed}")?;
            Ok(())
        }
        Command::Partners(args) => partners(config, &args, out).await,
        Command::Score(args) => score(config, &args, out).await,
        Command::Recompute(args) => recompute(config, &args, out).await,
        Command::Migrate => {
            let (_, report) = crate::db::open_and_migrate(config).await?;
            writeln!(out, "{report}")?;
            Ok(())
        }
        Command::Users(command) => accounts::users_to(config, command, out).await,
        Command::Tokens(command) => accounts::tokens_to(config, command, out).await,
        Command::Completions { shell } => {
            // Generated into memory first: the generator panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "partnergraph", &mut script);
            out.write_all(&script)?;
            Ok(())
        }
    }
}

fn refresh_json(r: &crate::db::scores::RefreshReport) -> serde_json::Value {
    json!({
        "partners": r.partners,
        "rows": r.rows,
        "read_seconds": r.read_seconds,
        "compute_seconds": r.compute_seconds,
        "write_seconds": r.write_seconds,
    })
}

/// The latest month with usage data, or the error saying there is none yet.
async fn latest_month(db: &sea_orm::DatabaseConnection, what: &str) -> anyhow::Result<Month> {
    crate::db::scores::latest_data_month(db)
        .await?
        .with_context(|| {
            format!(
                "the database holds no usage data yet, so {what}; import customer_usage.csv first"
            )
        })
}

async fn score(config: &Config, args: &ScoreArgs, out: &mut Out) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let db = crate::db::open_existing(config).await?;
    let engine = crate::db::scores::Engine::load(&db).await?;
    let partner = entities::partners::Entity::find()
        .filter(entities::partners::Column::PartnerId.eq(args.partner.as_str()))
        .one(&db)
        .await?
        .with_context(|| {
            format!(
                "no partner {:?}; `partnergraph partners --search TEXT` finds a PartnerID",
                args.partner
            )
        })?;
    let (as_of, defaulted) = match args.as_of {
        Some(m) => (m, false),
        None => (
            latest_month(
                &db,
                "there is no month to score as of (or give --as-of YYYY-MM)",
            )
            .await?,
            true,
        ),
    };
    let scores = match &args.rule_set {
        None => {
            crate::db::scores::scores_of(&db, &engine, partner.id, as_of, args.designation).await?
        }
        Some(code) => {
            let rules = engine.rule_set(code).with_context(|| {
                let known: Vec<&str> = engine.rule_sets().iter().map(|r| r.code.as_str()).collect();
                format!(
                    "no rule set {code:?}; the rule sets are {}",
                    known.join(", ")
                )
            })?;
            let key = crate::db::scores::ScoreKey {
                partner: partner.id,
                month: as_of,
            };
            crate::db::scores::scores_under(
                &db,
                &engine,
                &[key],
                rules,
                args.designation,
                crate::db::scores::Detail::Facts,
            )
            .await?
            .remove(&key)
            .unwrap_or_default()
        }
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&scores)?)?;
    } else {
        let title = format!("{} ({})", partner.name, partner.partner_id);
        if defaulted {
            writeln!(
                out,
                "as of {as_of}, the latest month with data (--as-of YYYY-MM for another)\n"
            )?;
        }
        write!(
            out,
            "{}",
            crate::report::render(&title, &scores, !args.no_facts)
        )?;
    }
    Ok(())
}

async fn partners(config: &Config, args: &PartnersArgs, out: &mut Out) -> anyhow::Result<()> {
    use crate::db::partners::{PartnerFilter, PartnerOrder, Scope, count, page};

    let db = crate::db::open_existing(config).await?;
    let filter = PartnerFilter {
        search: args.search.clone(),
        ..PartnerFilter::default()
    };
    let total = count(&db, Scope::All, &filter).await?;
    let (rows, _) = page(
        &db,
        Scope::All,
        &filter,
        PartnerOrder::PartnerId,
        None,
        args.limit,
    )
    .await?;
    let latest = crate::db::scores::latest_data_month(&db).await?;
    let ids: Vec<i64> = rows.iter().map(|(p, _)| p.id).collect();
    let attained = match latest {
        Some(month) => attained_designations(&db, &ids, month).await?,
        None => Default::default(),
    };
    let designations_of =
        |id: i64| -> Vec<DesignationCode> { attained.get(&id).cloned().unwrap_or_default() };
    if args.json {
        let value = json!({
            "total": total,
            "shown": rows.len(),
            "as_of": latest.map(|m| m.to_string()),
            "partners": rows.iter().map(|(p, _)| json!({
                "partner_id": p.partner_id,
                "name": p.name,
                "country": p.country,
                "designations_attained": designations_of(p.id),
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    if rows.is_empty() {
        match &args.search {
            Some(s) => writeln!(out, "no partner matches {s:?}")?,
            None => writeln!(
                out,
                "no partners yet; `partnergraph import FOLDER` loads some"
            )?,
        }
        return Ok(());
    }
    let designations_heading = match latest {
        Some(m) => format!("DESIGNATIONS ATTAINED ({m})"),
        None => "DESIGNATIONS ATTAINED".to_string(),
    };
    let id_width = rows
        .iter()
        .map(|(p, _)| p.partner_id.chars().count())
        .max()
        .unwrap_or(0)
        .max("PARTNER ID".len());
    let name_width = rows
        .iter()
        .map(|(p, _)| p.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp("NAME".len(), 40);
    writeln!(
        out,
        "{:<id_width$}  {:<name_width$}  COUNTRY  {designations_heading}",
        "PARTNER ID", "NAME"
    )?;
    for (p, _) in &rows {
        let attained = designations_of(p.id);
        let attained = if attained.is_empty() {
            if latest.is_some() { "none" } else { "-" }.to_string()
        } else {
            attained
                .iter()
                .map(|d| crate::report::designation_name(*d))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            out,
            "{:<id_width$}  {:<name_width$}  {:<7}  {attained}",
            p.partner_id,
            crate::report::clip(&p.name, name_width),
            p.country
        )?;
    }
    if (rows.len() as u64) < total {
        writeln!(
            out,
            "{} of {total} partners shown; --limit or --search to see others",
            rows.len()
        )?;
    } else {
        writeln!(out, "{total} partner{}", if total == 1 { "" } else { "s" })?;
    }
    Ok(())
}

/// The designations each partner attained as of `month`: requirements met in a month of the
/// qualification window ending at `month`, read as every other reader reads scores
/// ([`scores_for`](crate::db::scores::scores_for): stored when fresh, computed when stale).
async fn attained_designations(
    db: &sea_orm::DatabaseConnection,
    partners: &[i64],
    month: Month,
) -> anyhow::Result<std::collections::HashMap<i64, Vec<DesignationCode>>> {
    use crate::db::scores::{Detail, ScoreKey, scores_for};

    let engine = crate::db::scores::Engine::load(db).await?;
    let window = engine.rules_for(month).qualification_window_months.max(1);
    let keys: Vec<ScoreKey> = partners
        .iter()
        .flat_map(|&partner| {
            (0..window).map(move |back| ScoreKey {
                partner,
                month: month.minus(back),
            })
        })
        .collect();
    let mut attained: std::collections::HashMap<i64, Vec<DesignationCode>> = Default::default();
    for (key, scores) in scores_for(db, &engine, &keys, None, Detail::Points).await? {
        let met = scores.iter().filter(|s| s.meets_requirements);
        attained
            .entry(key.partner)
            .or_default()
            .extend(met.map(|s| s.designation));
    }
    for codes in attained.values_mut() {
        codes.sort();
        codes.dedup();
    }
    Ok(attained)
}

async fn recompute(config: &Config, args: &RecomputeArgs, out: &mut Out) -> anyhow::Result<()> {
    let db = crate::db::open_existing(config).await?;
    let engine = crate::db::scores::Engine::load(&db).await?;
    if !args.all {
        let report = crate::db::scores::refresh(&db, &engine).await?;
        if args.json {
            let value = json!({"mode": "stale", "written": true, "report": refresh_json(&report)});
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        } else if report.partners == 0 {
            writeln!(out, "no stale scores: nothing to recompute")?;
        } else {
            writeln!(out, "recomputed stale scores: {report}")?;
        }
        return Ok(());
    }
    let latest = latest_month(&db, "there is no month to recompute").await?;
    let (first, last) = crate::db::scores::stored_months(&db).await?;
    let (from, to) = (args.from.unwrap_or(first), args.to.unwrap_or(last));
    for (flag, month) in [("--from", from), ("--to", to)] {
        anyhow::ensure!(
            month <= latest,
            "{flag} {month} is after {latest}, the latest month with data: scores of later months would have no usage behind them"
        );
    }
    anyhow::ensure!(
        from <= to,
        "--from {from} is after --to {to}: give the first month first"
    );
    let write = !args.dry_run;
    let report = crate::db::scores::recompute_all(&db, &engine, from, to, write).await?;
    let months = to.months_since(from) + 1;
    if args.json {
        let value = json!({
            "mode": "all",
            "from": from.to_string(),
            "to": to.to_string(),
            "months": months,
            "written": write,
            "report": refresh_json(&report),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else if write {
        writeln!(
            out,
            "recomputed {from} to {to} ({months} month{}): {report}",
            if months == 1 { "" } else { "s" }
        )?;
    } else {
        writeln!(
            out,
            "dry run, nothing written: computed {from} to {to} ({months} month{}): {report}",
            if months == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// Recomputes the scores an import made stale.
async fn refresh_scores(
    db: &sea_orm::DatabaseConnection,
) -> anyhow::Result<crate::db::scores::RefreshReport> {
    let engine = crate::db::scores::Engine::load(db).await?;
    Ok(crate::db::scores::refresh(db, &engine).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn designations_are_read_in_any_case_with_dashes_or_spaces() {
        assert_eq!(designation("security"), Ok(DesignationCode::Security));
        assert_eq!(designation("Modern-Work"), Ok(DesignationCode::ModernWork));
        assert_eq!(
            designation("data ai azure"),
            Ok(DesignationCode::DataAiAzure)
        );
        assert!(designation("securty").unwrap_err().contains("SECURITY"));
    }
}
