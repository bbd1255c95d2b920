//! Certified professionals: reading them, and every write of a professional, its certifications and
//! its associations with partners.
//!
//! - [`read`]: look-ups of professionals (within a scope), associations and certification records.
//! - [`write`]: creating and editing professionals, adding and removing certifications.
//! - [`associate`]: associating a professional with a partner, ending an association, moving one.
//! - [`bulk`]: associating or ending many professionals with one partner, planned then applied.
//! - [`impact`]: the score impact of a change; [`audit_json`]: what the audit trail records of it.
//!
//! Every write is one transaction holding the change, the optimistic version check
//! (`UPDATE … SET version = version + 1 WHERE id = ? AND version = ?`; no row means someone else won
//! and nothing is changed), the audit event with the values before and after and the score impact,
//! and the queueing of the partners whose stored scores went stale; it ends with
//! [`commit_with_event`]. After the commit the queue rows of those partners are drained
//! ([`scores::drain_partners`]) so stored scores are current when the caller reads them back.
//!
//! Authorization lives here, not in the resolvers, and its rules in `auth/policy.rs`: a function
//! that writes a partner's data takes the [`Caller`] (in its [`Actor`]) and refuses unless the caller
//! may write every partner it touches (a move needs both the old and the new partner). Partners are
//! looked up in the caller's write scope; a named partner outside it is `FORBIDDEN` when it exists.
//! Who may edit a professional (name, email, certifications) is [`Caller::can_edit_professional`].
//!
//! SQLite transactions start `IMMEDIATE` (the write lock is taken at `BEGIN`, so the reads that
//! decide a write are never stale by the time it happens); on PostgreSQL the version check in the
//! `WHERE` clause and the unique indexes decide races, and a lost race is a `CONFLICT`, never a
//! database message.

mod associate;
mod audit_json;
mod bulk;
mod impact;
mod read;
mod write;

use entities::{partners, professional_associations, professionals};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

pub use associate::{AssociationChange, associate, end_association, move_professional};
pub use bulk::{BulkAction, BulkOutcome, BulkReport, BulkRow, BulkRowReport, MAX_BULK_ROWS, bulk};
pub use impact::{PartnerImpact, remove_certification_changes};
pub use read::{by_code, visible_for_simulation};
pub use write::{
    CertificationChange, NewCertification, NewProfessional, ProfessionalEdit, add_certification,
    create_professional, remove_certification, update_professional,
};

use super::audit::{self, Actor, NewEvent};
use super::partners::{self as partner_queries, Scope};
use super::scores::{self, Engine};
use crate::auth::{Access, Caller, Reach};
use crate::error::{AppError, Busy, Problem, WriteError};

/// Starts the transaction of one write (SQLite: `BEGIN IMMEDIATE`).
pub(in crate::db) async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

/// The end of every write: records its audit events in its transaction, then commits.
pub(in crate::db) async fn commit_with_event(
    txn: DatabaseTransaction,
    actor: Actor<'_>,
    events: impl IntoIterator<Item = NewEvent>,
) -> Result<(), WriteError> {
    audit::record(&txn, actor, events.into_iter().collect()).await?;
    txn.commit().await?;
    Ok(())
}

/// How many times a write runs when the database undoes it to break contention.
const ATTEMPTS: u32 = 3;

/// Runs `write` again, after a short random pause, when the database undid its transaction to
/// resolve contention with a concurrent write (a PostgreSQL deadlock or serialization failure):
/// nothing of the undone attempt was kept, so running it again is safe. After [`ATTEMPTS`] the
/// caller gets `UNAVAILABLE`, never `INTERNAL`.
pub(crate) async fn retrying<T, Fut>(mut write: impl FnMut() -> Fut) -> Result<T, WriteError>
where
    Fut: std::future::Future<Output = Result<T, WriteError>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(WriteError::App(AppError::Unavailable {
                kind: Busy::Contention,
                ..
            })) if attempt < ATTEMPTS => {
                let pause = 5 * u64::from(attempt) + rand::random_range(0..20u64);
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Drains the queue rows of the partners a write queued, after its commit, and wakes this process's
/// background drainer for anything else. A failure is logged and not returned: the write is
/// committed, the partner stays queued (a drainer of any replica takes it), and readers compute
/// queued partners' scores on demand.
async fn refresh_after(db: &DatabaseConnection, engine: &Engine, partners: &[i64]) {
    if let Err(e) = scores::drain_partners(db, engine, partners).await {
        tracing::warn!(error = %e, "score refresh after a write failed; the partner stays queued");
    }
    scores::wake_drainers();
}

/// Refuses callers whose role writes nothing.
fn writer(caller: &Caller) -> Result<(), WriteError> {
    if caller.may(Access::Writers) {
        Ok(())
    } else {
        Err(WriteError::Forbidden)
    }
}

/// The scope of the partners within `reach`; `None` when it holds none.
fn scope(reach: Reach) -> Option<Scope> {
    match reach {
        Reach::Every => Some(Scope::All),
        Reach::One(id) => Some(Scope::Partner(id)),
        Reach::Nothing => None,
    }
}

/// A partner by database id, if it is within `reach`.
async fn partner_by_id(
    conn: &impl ConnectionTrait,
    reach: Reach,
    id: i64,
) -> Result<Option<partners::Model>, AppError> {
    match scope(reach) {
        Some(scope) => Ok(partner_queries::by_ids(conn, scope, &[id]).await?.pop()),
        None => Ok(None),
    }
}

/// The partner a write names by PartnerID (argument `field`), looked up in the caller's write scope.
/// A partner outside it is `FORBIDDEN` (a write that touches another partner), one that does not
/// exist `NOT_FOUND`.
async fn writable_partner(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    code: &str,
    field: &str,
) -> Result<partners::Model, WriteError> {
    let code = code.trim();
    let reach = scope(caller.writes());
    if let Some(scope) = reach
        && let Some(partner) = partner_queries::by_code(conn, scope, code).await?
    {
        return Ok(partner);
    }
    if reach != Some(Scope::All)
        && partner_queries::by_code(conn, Scope::All, code)
            .await?
            .is_some()
    {
        return Err(WriteError::Forbidden);
    }
    Err(Problem::not_found(
        &["input", field],
        format!("no partner with PartnerID {code:?}"),
    )
    .into())
}

/// The partner (database id) of an association the write touches: `FORBIDDEN` unless the caller may
/// write it.
async fn written_partner(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: i64,
) -> Result<partners::Model, WriteError> {
    if !caller.can_write_partner(id) {
        return Err(WriteError::Forbidden);
    }
    partner_by_id(conn, caller.writes(), id)
        .await?
        .ok_or_else(|| {
            AppError::database(format!("association refers to missing partner {id}")).into()
        })
}

/// The professional a write names by profile id (argument `field`), whoever holds it: what the
/// caller may do with it is decided by the write (a partner admin edits its own and those nobody
/// held, associates any free one, and is told that another partner's is taken).
async fn require_professional(
    conn: &impl ConnectionTrait,
    code: &str,
    field: &str,
) -> Result<professionals::Model, WriteError> {
    let code = code.trim();
    read::by_code(conn, Scope::All, code).await?.ok_or_else(|| {
        Problem::not_found(
            &["input", field],
            format!("no professional with id {code:?}"),
        )
        .into()
    })
}

/// Refuses unless the caller may edit the professional (name, email, certifications); returns its
/// associations and the partner it is actively associated with, if any (the one whose score a
/// certification change moves).
async fn editable(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    professional: &professionals::Model,
) -> Result<
    (
        Vec<professional_associations::Model>,
        Option<partners::Model>,
    ),
    WriteError,
> {
    writer(caller)?;
    let links = read::associations_of(conn, professional.id).await?;
    let open = links
        .iter()
        .find(|a| a.removed_on.is_none())
        .map(|a| a.partner_id);
    if !caller.can_edit_professional(open, !links.is_empty()) {
        return Err(WriteError::Forbidden);
    }
    let partner = match open {
        Some(id) => Some(written_partner(conn, caller, id).await?),
        None => None,
    };
    Ok((links, partner))
}

/// The version of a professional's next association: one more than any of its associations ever had,
/// so "the version of the professional's current association" only grows, and a client holding the
/// version of an association that has since been replaced (moved, ended and re-associated) gets a
/// `CONFLICT`, never a write to the wrong association.
fn next_version(links: &[professional_associations::Model]) -> i32 {
    links.iter().map(|a| a.version).max().map_or(1, |v| v + 1)
}

/// Every partner a professional was ever associated with (their scores of past months count it).
fn partners_of(links: &[professional_associations::Model]) -> Vec<i64> {
    let mut ids: Vec<i64> = links.iter().map(|a| a.partner_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A stale version: someone else changed the thing since the caller read it.
fn stale(what: &str, current: i32, sent: i32) -> Problem {
    Problem::conflict(
        &["input", "version"],
        format!(
            "the {what} was changed by someone else (version {current} is current, you sent \
             {sent}); reload it and try again"
        ),
    )
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn contention() -> WriteError {
        WriteError::App(AppError::Unavailable {
            error_id: "x".into(),
            kind: Busy::Contention,
        })
    }

    #[tokio::test]
    async fn a_write_undone_by_contention_runs_again_and_its_second_answer_counts() {
        let runs = Cell::new(0);
        let answer = retrying(|| {
            runs.set(runs.get() + 1);
            let n = runs.get();
            async move { if n == 1 { Err(contention()) } else { Ok(n) } }
        })
        .await;
        assert!(matches!(answer, Ok(2)));
        assert_eq!(runs.get(), 2);
    }

    #[tokio::test]
    async fn contention_that_persists_ends_unavailable_after_three_runs() {
        let runs = Cell::new(0);
        let answer: Result<(), WriteError> = retrying(|| {
            runs.set(runs.get() + 1);
            async { Err(contention()) }
        })
        .await;
        assert_eq!(runs.get(), ATTEMPTS);
        assert!(matches!(
            answer,
            Err(WriteError::App(AppError::Unavailable {
                kind: Busy::Contention,
                ..
            }))
        ));
    }

    #[tokio::test]
    async fn other_failures_and_refusals_are_not_run_again() {
        for failure in [
            WriteError::Forbidden,
            WriteError::App(AppError::Unavailable {
                error_id: "x".into(),
                kind: Busy::Pool,
            }),
            WriteError::Problems(vec![Problem::conflict(&["input"], "stale")]),
        ] {
            let runs = Cell::new(0);
            let mut failure = Some(failure);
            let answer: Result<(), WriteError> = retrying(|| {
                runs.set(runs.get() + 1);
                let f = failure.take();
                async move { Err(f.unwrap_or(WriteError::Forbidden)) }
            })
            .await;
            assert!(answer.is_err());
            assert_eq!(runs.get(), 1);
        }
    }
}
