//! The `partnergraph users …` and `partnergraph tokens …` commands. Repeating `users disable` or
//! `tokens revoke` is not an error: it says the user is already disabled, the token already revoked,
//! and exits 0 like the first time.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use chrono::{Duration, Utc};
use clap::Subcommand;

use crate::auth::Role;
use crate::config::Config;

/// `partnergraph users …`
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user. The password comes from --password or, better, one line of standard input.
    #[command(
        after_help = "Examples:\n  partnergraph users add --email ana@example.com --role admin\n  printf '%s\\n' \"$PASSWORD\" | partnergraph users add --email pa@contoso.com --role partner-admin --partner P"
    )]
    Add {
        /// The email the user logs in with.
        #[arg(long)]
        email: String,
        /// ADMIN, PARTNER_ADMIN or ANALYST.
        #[arg(long)]
        role: Role,
        /// The PartnerID of a PARTNER_ADMIN's partner.
        #[arg(long)]
        partner: Option<String>,
        /// The password (at least 12 characters). Visible to other local users in the process list:
        /// prefer standard input.
        #[arg(long)]
        password: Option<String>,
    },
    /// Disable a user: logins and tokens already issued are refused. A user already disabled is left
    /// as is (exit 0).
    #[command(after_help = "Example:\n  partnergraph users disable --email ana@example.com")]
    Disable {
        /// The user's email.
        #[arg(long)]
        email: String,
    },
    /// Set a new password (from --password or one line of standard input); tokens issued before are
    /// refused.
    #[command(
        after_help = "Example:\n  printf '%s\\n' \"$PASSWORD\" | partnergraph users reset-password --email ana@example.com"
    )]
    ResetPassword {
        /// The user's email.
        #[arg(long)]
        email: String,
        /// The new password; prefer standard input.
        #[arg(long)]
        password: Option<String>,
    },
}

/// `partnergraph tokens …`
#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Create a service token and print it once (to standard output, alone on its line).
    #[command(
        after_help = "Examples:\n  partnergraph tokens create --name powerbi-finance\n  partnergraph tokens create --name contoso-sync --role partner-admin --partner P --expires-in-days 90"
    )]
    Create {
        /// A name that identifies the token among the active ones, e.g. `powerbi-finance`.
        #[arg(long)]
        name: String,
        /// ANALYST (read-only, every partner), PARTNER_ADMIN (with --partner) or ADMIN.
        #[arg(long, default_value = "ANALYST")]
        role: Role,
        /// The PartnerID of a PARTNER_ADMIN token's partner.
        #[arg(long)]
        partner: Option<String>,
        /// Days until the token stops working by itself; default: until revoked.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires_in_days: Option<u32>,
    },
    /// List service tokens (never their text).
    #[command(
        after_help = "Examples:\n  partnergraph tokens list\n  partnergraph tokens list --json"
    )]
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Revoke the active token of this name. A token already revoked is left as is (exit 0).
    #[command(after_help = "Example:\n  partnergraph tokens revoke --name powerbi-finance")]
    Revoke {
        /// The token's name.
        #[arg(long)]
        name: String,
    },
}

/// Runs a `users` command, printing to standard output.
pub async fn users(config: &Config, command: UsersCommand) -> anyhow::Result<()> {
    users_to(config, command, &mut std::io::stdout()).await
}

/// Runs a `users` command, printing to `out`.
pub async fn users_to(
    config: &Config,
    command: UsersCommand,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        UsersCommand::Add {
            email,
            role,
            partner,
            password,
        } => {
            let password = password_from(password)?;
            let db = crate::db::open_for_writing(config).await?;
            let user = crate::auth::create_user(&db, &email, &password, role, partner.as_deref())
                .await
                .context("cannot add the user")?;
            match &user.partner {
                Some((_, pid)) => writeln!(
                    out,
                    "user {} created (id {}, {} of partner {pid})",
                    user.email, user.id, user.role
                )?,
                None => writeln!(
                    out,
                    "user {} created (id {}, {})",
                    user.email, user.id, user.role
                )?,
            }
        }
        UsersCommand::Disable { email } => {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let db = crate::db::open_existing(config).await?;
            let email = crate::auth::users::normalize_email(&email);
            let user = entities::users::Entity::find()
                .filter(entities::users::Column::Email.eq(email.as_str()))
                .one(&db)
                .await?
                .with_context(|| format!("cannot disable the user: no user {email}"))?;
            if user.disabled {
                writeln!(out, "user {email} is already disabled")?;
            } else {
                crate::auth::disable_user(&db, &email)
                    .await
                    .context("cannot disable the user")?;
                writeln!(out, "user {email} disabled")?;
            }
        }
        UsersCommand::ResetPassword { email, password } => {
            let password = password_from(password)?;
            let db = crate::db::open_existing(config).await?;
            crate::auth::reset_password(&db, &email, &password)
                .await
                .context("cannot reset the password")?;
            writeln!(
                out,
                "password of {} reset",
                crate::auth::users::normalize_email(&email)
            )?;
        }
    }
    Ok(())
}

/// A token's state in words: active, active until, expired, revoked.
fn token_state(t: &crate::auth::service_tokens::ServiceToken) -> String {
    match (t.revoked_at, t.expires_at) {
        (Some(at), _) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
        (None, Some(e)) if e <= Utc::now() => format!("expired {}", e.format("%Y-%m-%d")),
        (None, Some(e)) => format!("active until {}", e.format("%Y-%m-%d")),
        (None, None) => "active".to_owned(),
    }
}

/// Runs a `tokens` command, printing to standard output.
pub async fn tokens(config: &Config, command: TokensCommand) -> anyhow::Result<()> {
    tokens_to(config, command, &mut std::io::stdout()).await
}

/// Runs a `tokens` command, printing to `out`.
pub async fn tokens_to(
    config: &Config,
    command: TokensCommand,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        TokensCommand::Create {
            name,
            role,
            partner,
            expires_in_days,
        } => {
            let db = crate::db::open_for_writing(config).await?;
            let expires_at = expires_in_days.map(|d| Utc::now() + Duration::days(i64::from(d)));
            let created = crate::auth::create_service_token(
                &db,
                &name,
                role,
                partner.as_deref(),
                expires_at,
                None,
            )
            .await
            .context("cannot create the token")?;
            let _ = writeln!(
                std::io::stderr(),
                "service token {:?} created (id {}); it is shown only now, store it safely:",
                created.name,
                created.id
            );
            writeln!(out, "{}", created.token)?;
        }
        TokensCommand::List { json } => {
            let db = crate::db::open_existing(config).await?;
            let tokens = crate::auth::list_service_tokens(&db).await?;
            if json {
                let rows: Vec<serde_json::Value> = tokens
                    .iter()
                    .map(|t| {
                        serde_json::json!({
                            "id": t.id,
                            "name": t.name,
                            "role": t.role.as_str(),
                            "partner_id": t.partner.as_ref().map(|(_, p)| p),
                            "state": token_state(t),
                            "active": t.revoked_at.is_none()
                                && t.expires_at.is_none_or(|e| e > Utc::now()),
                            "created_at": t.created_at,
                            "expires_at": t.expires_at,
                            "revoked_at": t.revoked_at,
                            "last_used_at": t.last_used_at,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
                return Ok(());
            }
            if tokens.is_empty() {
                writeln!(
                    out,
                    "no service tokens; `partnergraph tokens create --name NAME` creates one"
                )?;
                return Ok(());
            }
            let name_width = tokens
                .iter()
                .map(|t| t.name.chars().count())
                .max()
                .unwrap_or(0)
                .max(4);
            writeln!(
                out,
                "{:>4}  {:<name_width$}  {:<13}  {:<10}  {:<27}  LAST USED",
                "ID", "NAME", "ROLE", "PARTNER", "STATE"
            )?;
            for t in &tokens {
                let partner = t.partner.as_ref().map_or("-", |(_, p)| p.as_str());
                let used = t
                    .last_used_at
                    .map(|u| u.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "never".into());
                writeln!(
                    out,
                    "{:>4}  {:<name_width$}  {:<13}  {:<10}  {:<27}  {used}",
                    t.id,
                    t.name,
                    t.role.as_str(),
                    partner,
                    token_state(t)
                )?;
            }
        }
        TokensCommand::Revoke { name } => {
            let db = crate::db::open_existing(config).await?;
            let name = name.trim();
            let tokens = crate::auth::list_service_tokens(&db).await?;
            let named: Vec<_> = tokens.iter().filter(|t| t.name == name).collect();
            if named.iter().any(|t| t.revoked_at.is_none()) {
                crate::auth::revoke_service_token(&db, name)
                    .await
                    .context("cannot revoke the token")?;
                writeln!(out, "service token {name:?} revoked")?;
            } else if let Some(at) = named.iter().filter_map(|t| t.revoked_at).max() {
                writeln!(
                    out,
                    "service token {name:?} is already revoked (since {})",
                    at.format("%Y-%m-%d %H:%M")
                )?;
            } else {
                anyhow::bail!(
                    "cannot revoke the token: no service token named {name:?}; `partnergraph tokens list` shows them"
                );
            }
        }
    }
    Ok(())
}

/// The password of `--password`, else one line of standard input (prompted for on a terminal).
fn password_from(flag: Option<String>) -> anyhow::Result<String> {
    if let Some(p) = flag {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("password (at least 12 characters; input is shown): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(
        !password.is_empty(),
        "no password: give --password or one line on standard input"
    );
    Ok(password)
}
