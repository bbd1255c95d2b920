//! The `partnergraph users …` and `partnergraph tokens …` commands.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use chrono::{Duration, Utc};
use clap::Subcommand;

use super::Role;
use crate::config::Config;

/// `partnergraph users …`
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user. The password comes from --password or, better, one line of standard input.
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
    /// Disable a user: logins and tokens already issued are refused.
    Disable {
        /// The user's email.
        #[arg(long)]
        email: String,
    },
    /// Set a new password (from --password or one line of standard input); tokens issued before are
    /// refused.
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
    List,
    /// Revoke the active token of this name.
    Revoke {
        /// The token's name.
        #[arg(long)]
        name: String,
    },
}

/// Runs a `users` command.
pub async fn users(config: &Config, command: UsersCommand) -> anyhow::Result<()> {
    let db = crate::db::connect_and_migrate(config).await?;
    match command {
        UsersCommand::Add {
            email,
            role,
            partner,
            password,
        } => {
            let password = password_from(password)?;
            let user = super::create_user(&db, &email, &password, role, partner.as_deref())
                .await
                .context("cannot add the user")?;
            match &user.partner {
                Some((_, pid)) => println!(
                    "user {} created (id {}, {} of partner {pid})",
                    user.email, user.id, user.role
                ),
                None => println!(
                    "user {} created (id {}, {})",
                    user.email, user.id, user.role
                ),
            }
        }
        UsersCommand::Disable { email } => {
            super::disable_user(&db, &email)
                .await
                .context("cannot disable the user")?;
            println!("user {} disabled", super::users::normalize_email(&email));
        }
        UsersCommand::ResetPassword { email, password } => {
            let password = password_from(password)?;
            super::reset_password(&db, &email, &password)
                .await
                .context("cannot reset the password")?;
            println!(
                "password of {} reset",
                super::users::normalize_email(&email)
            );
        }
    }
    Ok(())
}

/// Runs a `tokens` command.
pub async fn tokens(config: &Config, command: TokensCommand) -> anyhow::Result<()> {
    let db = crate::db::connect_and_migrate(config).await?;
    match command {
        TokensCommand::Create {
            name,
            role,
            partner,
            expires_in_days,
        } => {
            let expires_at = expires_in_days.map(|d| Utc::now() + Duration::days(i64::from(d)));
            let created =
                super::create_service_token(&db, &name, role, partner.as_deref(), expires_at, None)
                    .await
                    .context("cannot create the token")?;
            eprintln!(
                "service token {:?} created (id {}); it is shown only now, store it safely:",
                created.name, created.id
            );
            println!("{}", created.token);
        }
        TokensCommand::List => {
            let tokens = super::list_service_tokens(&db).await?;
            if tokens.is_empty() {
                println!("no service tokens");
            }
            for t in tokens {
                let state = match (t.revoked_at, t.expires_at) {
                    (Some(at), _) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
                    (None, Some(e)) if e <= Utc::now() => {
                        format!("expired {}", e.format("%Y-%m-%d"))
                    }
                    (None, Some(e)) => format!("active until {}", e.format("%Y-%m-%d")),
                    (None, None) => "active".to_owned(),
                };
                let partner = t.partner.map(|(_, p)| format!(" {p}")).unwrap_or_default();
                let used = t
                    .last_used_at
                    .map(|u| u.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "never".into());
                println!(
                    "{}\t{}\t{}{partner}\t{state}\tlast used {used}",
                    t.id, t.name, t.role
                );
            }
        }
        TokensCommand::Revoke { name } => {
            super::revoke_service_token(&db, &name)
                .await
                .context("cannot revoke the token")?;
            println!("service token {:?} revoked", name.trim());
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
