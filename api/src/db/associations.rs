//! Writing certified professionals, their certifications and their associations with partners.
//!
//! Every write is one transaction holding the change, the optimistic version check
//! (`UPDATE … SET version = version + 1 WHERE id = ? AND version = ?`; no row means someone else won
//! and nothing is changed), the audit event with the values before and after and the score impact,
//! and the queueing of the partners whose stored scores went stale. After the commit the queue is
//! drained ([`scores::refresh`]) so stored scores are current when the caller reads them back.
//!
//! Authorization lives here, not in the resolvers: a function that writes a partner's data takes the
//! [`Caller`] and refuses unless `can_write_partner` holds for every partner it touches (a move needs
//! both the old and the new partner). A partner admin may edit a professional (name, email,
//! certifications) that is actively associated with its partner, or that is associated with no
//! partner at all (one it has just created).
//!
//! SQLite transactions start `IMMEDIATE` (the write lock is taken at `BEGIN`, so the reads that
//! decide a write are never stale by the time it happens); on PostgreSQL the version check in the
//! `WHERE` clause and the unique indexes decide races, and a lost race is a `CONFLICT`, never a
//! database message.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use entities::{
    certifications, partners, professional_associations, professional_certifications, professionals,
};
use rust_decimal::prelude::ToPrimitive;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Set, SqlErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use serde_json::{Value, json};

use super::audit::{self, Actor, NewEvent};
use super::score_input;
use super::scores::{self, Engine};
use super::simulate::{self, Change, Impact};
use crate::auth::{Caller, Role};
use crate::domain::Month;
use crate::error::AppError;
use crate::score::PartnerData;

/// Most rows of one bulk request.
pub const MAX_BULK_ROWS: usize = 5000;

/// The stable code of a problem the caller can fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemCode {
    /// The input is invalid.
    BadUserInput,
    /// Something named by the input does not exist.
    NotFound,
    /// A stale version, or a key or state someone else holds.
    Conflict,
}

impl ProblemCode {
    /// The contract's code.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::BadUserInput => "BAD_USER_INPUT",
            ProblemCode::NotFound => "NOT_FOUND",
            ProblemCode::Conflict => "CONFLICT",
        }
    }
}

/// One problem with the input: where (a path into the mutation's arguments), what, and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending argument, e.g. `["input", "earnedOn"]`.
    pub field: Vec<String>,
    /// What is wrong, for people.
    pub message: String,
    /// Stable code.
    pub code: ProblemCode,
}

impl Problem {
    fn new(code: ProblemCode, field: &[&str], message: impl Into<String>) -> Self {
        Self {
            field: field.iter().map(|s| s.to_string()).collect(),
            message: message.into(),
            code,
        }
    }

    fn bad(field: &[&str], message: impl Into<String>) -> Self {
        Self::new(ProblemCode::BadUserInput, field, message)
    }

    fn not_found(field: &[&str], message: impl Into<String>) -> Self {
        Self::new(ProblemCode::NotFound, field, message)
    }

    fn conflict(field: &[&str], message: impl Into<String>) -> Self {
        Self::new(ProblemCode::Conflict, field, message)
    }
}

/// Why a write did not happen. Nothing was written in any case.
#[derive(Debug)]
pub enum WriteError {
    /// The caller may not write the data of a partner the change touches.
    Forbidden,
    /// Problems with the input, reported field by field.
    Problems(Vec<Problem>),
    /// The database failed (logged with an error id).
    App(AppError),
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

impl From<DbErr> for WriteError {
    fn from(e: DbErr) -> Self {
        WriteError::App(AppError::database(e))
    }
}

impl From<Problem> for WriteError {
    fn from(p: Problem) -> Self {
        WriteError::Problems(vec![p])
    }
}

/// A unique-index violation is someone else's concurrent write: a `CONFLICT` with our own words.
/// Anything else is a database failure, logged with an id.
fn unique_or_db(e: DbErr, field: &[&str], message: &str) -> WriteError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            tracing::info!(error = %e, "write lost a unique-key race");
            Problem::conflict(field, message).into()
        }
        _ => e.into(),
    }
}

/// The score impact of a change on one partner: every designation, before and after.
#[derive(Debug, Clone)]
pub struct PartnerImpact {
    /// Partner database id.
    pub partner: i64,
    /// PartnerID.
    pub partner_code: String,
    /// One entry per designation.
    pub impacts: Vec<Impact>,
}

fn num(d: rust_decimal::Decimal) -> Value {
    json!(d.to_f64().unwrap_or(0.0))
}

/// The impact as recorded in the audit trail: the designations that change.
pub fn impact_json(list: &[PartnerImpact]) -> Value {
    let mut out = Vec::new();
    for p in list {
        for i in &p.impacts {
            if i.before == i.after && i.meets_before == i.meets_after && i.metrics.is_empty() {
                continue;
            }
            out.push(json!({
                "partnerId": p.partner_code,
                "designation": i.designation.as_str(),
                "before": num(i.before),
                "after": num(i.after),
                "delta": num(i.after - i.before),
                "meetsBefore": i.meets_before,
                "meetsAfter": i.meets_after,
                "metrics": i.metrics.iter().map(|(m, b, a)| json!({
                    "metric": m.as_str(), "before": num(*b), "after": num(*a),
                })).collect::<Vec<_>>(),
            }));
        }
    }
    Value::Array(out)
}

fn professional_json(p: &professionals::Model) -> Value {
    json!({"professionalId": p.professional_id, "name": p.name, "email": p.email, "version": p.version})
}

fn certification_json(pro: &str, c: &professional_certifications::Model) -> Value {
    json!({
        "professionalId": pro, "code": c.certification_code, "earnedOn": c.earned_on,
        "expiresOn": c.expires_on, "version": c.version,
    })
}

fn association_json(pro: &str, partner: &str, a: &professional_associations::Model) -> Value {
    json!({
        "associationId": a.id, "professionalId": pro, "partnerId": partner,
        "associatedOn": a.associated_on, "removedOn": a.removed_on, "version": a.version,
    })
}

fn certification_key(pro: &str, code: &str, earned_on: NaiveDate) -> String {
    format!("{pro}/{code}/{earned_on}")
}

fn stale(what: &str, current: i32, sent: i32) -> Problem {
    Problem::conflict(
        &["input", "version"],
        format!(
            "the {what} was changed by someone else (version {current} is current, you sent \
             {sent}); reload it and try again"
        ),
    )
}

// ---------------------------------------------------------------- shared steps

/// Starts the transaction of one write (SQLite: `BEGIN IMMEDIATE`).
async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

/// Drains the refresh queue after a commit. A failure is logged and not returned: the write is
/// committed, the partner stays queued, and readers compute queued partners' scores on demand.
async fn refresh_after(db: &DatabaseConnection, engine: &Engine) {
    if let Err(e) = scores::refresh(db, engine).await {
        tracing::warn!(error = %e, "score refresh after a write failed; the partner stays queued");
    }
}

/// The month score impacts are computed as of: the latest stored month.
async fn impact_month(db: &impl ConnectionTrait) -> Result<Month, AppError> {
    Ok(scores::stored_months(db).await?.1)
}

fn writer(caller: &Caller) -> Result<(), WriteError> {
    match caller.role {
        Some(Role::Admin | Role::PartnerAdmin) => Ok(()),
        _ => Err(WriteError::Forbidden),
    }
}

async fn professional_by_code(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<professionals::Model>, AppError> {
    Ok(professionals::Entity::find()
        .filter(professionals::Column::ProfessionalId.eq(code.trim()))
        .one(conn)
        .await?)
}

async fn require_professional(
    conn: &impl ConnectionTrait,
    code: &str,
    field: &str,
) -> Result<professionals::Model, WriteError> {
    professional_by_code(conn, code).await?.ok_or_else(|| {
        Problem::not_found(
            &["input", field],
            format!("no professional with id {:?}", code.trim()),
        )
        .into()
    })
}

async fn partner_by_code(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<partners::Model>, AppError> {
    Ok(partners::Entity::find()
        .filter(partners::Column::PartnerId.eq(code.trim()))
        .one(conn)
        .await?)
}

async fn partner_by_id(conn: &impl ConnectionTrait, id: i64) -> Result<partners::Model, AppError> {
    partners::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::database(format!("association refers to missing partner {id}")))
}

/// Every association of a professional, oldest first.
async fn associations_of(
    conn: &impl ConnectionTrait,
    professional: i64,
) -> Result<Vec<professional_associations::Model>, AppError> {
    Ok(professional_associations::Entity::find()
        .filter(professional_associations::Column::ProfessionalId.eq(professional))
        .order_by_asc(professional_associations::Column::AssociatedOn)
        .all(conn)
        .await?)
}

/// Whether the caller may edit a professional (name, email, certifications); returns the partner it
/// is actively associated with, if any (the one whose score a certification change moves).
async fn may_edit_professional(
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
    let links = associations_of(conn, professional.id).await?;
    let open = links.iter().find(|a| a.removed_on.is_none());
    let partner = match open {
        Some(a) => Some(partner_by_id(conn, a.partner_id).await?),
        None => None,
    };
    let allowed = match (&partner, caller.role) {
        (_, Some(Role::Admin)) => true,
        (Some(p), _) => caller.can_write_partner(p.id),
        // A professional nobody holds (for example one the partner admin just created).
        (None, _) => links.is_empty(),
    };
    if allowed {
        Ok((links, partner))
    } else {
        Err(WriteError::Forbidden)
    }
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

/// The score impact of `changes` on a partner (see [`simulate::simulate`]).
async fn impact(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    partner: &partners::Model,
    month: Month,
    changes: &[Change],
) -> Result<PartnerImpact, AppError> {
    Ok(PartnerImpact {
        partner: partner.id,
        partner_code: partner.partner_id.clone(),
        impacts: simulate::simulate(conn, engine, partner.id, month, changes).await?,
    })
}

/// The score impact of an edit `simulate` has no change for (moving the end of a closed period).
async fn impact_with(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    partner: &partners::Model,
    month: Month,
    edit: impl FnOnce(&mut PartnerData),
) -> Result<PartnerImpact, AppError> {
    let (from, to) = engine.usage_window(month, month);
    let mut inputs = score_input::load(conn, &[partner.id], from, to).await?;
    let before = inputs
        .remove(&partner.id)
        .ok_or_else(|| AppError::NotFound("partner".into()))?;
    let mut after = before.clone();
    edit(&mut after);
    Ok(PartnerImpact {
        partner: partner.id,
        partner_code: partner.partner_id.clone(),
        impacts: simulate::compare(&engine.score(&before, month), &engine.score(&after, month)),
    })
}

/// The changes that remove one certification record (`simulate` removes every record of a code, so
/// the professional's other records of the same code are added back). With no `earned_on`, every
/// record of the code is removed.
pub async fn remove_certification_changes(
    conn: &impl ConnectionTrait,
    professional: &str,
    code: &str,
    earned_on: Option<NaiveDate>,
) -> Result<Vec<Change>, AppError> {
    let mut changes = vec![Change::RemoveCertification {
        professional_id: professional.to_string(),
        certification: code.to_string(),
    }];
    let Some(earned_on) = earned_on else {
        return Ok(changes);
    };
    let Some(pro) = professional_by_code(conn, professional).await? else {
        return Ok(changes);
    };
    let others = professional_certifications::Entity::find()
        .filter(professional_certifications::Column::ProfessionalId.eq(pro.id))
        .filter(professional_certifications::Column::CertificationCode.eq(code))
        .filter(professional_certifications::Column::EarnedOn.ne(earned_on))
        .all(conn)
        .await?;
    changes.extend(others.into_iter().map(|c| Change::AddCertification {
        professional_id: professional.to_string(),
        certification: c.certification_code,
        earned_on: c.earned_on,
        expires_on: c.expires_on,
    }));
    Ok(changes)
}

// ---------------------------------------------------------------- validation

fn check_professional_id(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 64 || t.chars().any(char::is_control) {
        return Err(Problem::bad(
            &["input", "professionalId"],
            "a professional id has 1 to 64 characters",
        ));
    }
    Ok(t.to_string())
}

fn check_name(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 200 || t.chars().any(char::is_control) {
        return Err(Problem::bad(
            &["input", "name"],
            "a name has 1 to 200 characters",
        ));
    }
    Ok(t.to_string())
}

/// An email, normalized; an empty text means "none".
fn check_email(text: &str) -> Result<Option<String>, Problem> {
    let e = crate::auth::users::normalize_email(text);
    if e.is_empty() {
        return Ok(None);
    }
    crate::auth::users::check_email(&e).map_err(|_| {
        Problem::bad(
            &["input", "email"],
            "the email must look like name@example.com",
        )
    })?;
    Ok(Some(e))
}

/// Checks that a new period from `on` overlaps none of the professional's closed periods.
fn check_no_overlap(
    links: &[professional_associations::Model],
    on: NaiveDate,
    field: &[&str],
) -> Result<(), Problem> {
    for a in links {
        if let Some(removed) = a.removed_on
            && (on < removed || on == a.associated_on)
        {
            return Err(Problem::bad(
                field,
                format!(
                    "overlaps an earlier association ({} to {removed}); start on or after {removed}",
                    a.associated_on
                ),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- professionals

/// A new professional.
#[derive(Debug, Clone)]
pub struct NewProfessional {
    /// Certification profile id.
    pub professional_id: String,
    /// Name.
    pub name: String,
    /// Email, if known.
    pub email: Option<String>,
}

/// Creates a professional (administrators and partner admins). A taken id is a `CONFLICT`.
pub async fn create_professional(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    input: NewProfessional,
) -> Result<professionals::Model, WriteError> {
    writer(actor.caller)?;
    let mut problems = Vec::new();
    let code = check_professional_id(&input.professional_id).map_err(|p| problems.push(p));
    let name = check_name(&input.name).map_err(|p| problems.push(p));
    let email =
        check_email(input.email.as_deref().unwrap_or_default()).map_err(|p| problems.push(p));
    let (Ok(code), Ok(name), Ok(email)) = (code, name, email) else {
        return Err(WriteError::Problems(problems));
    };
    let taken = || {
        Problem::conflict(
            &["input", "professionalId"],
            format!("a professional with id {code:?} already exists"),
        )
    };
    let txn = begin(db).await?;
    if professional_by_code(&txn, &code).await?.is_some() {
        return Err(taken().into());
    }
    let now = Utc::now();
    let row = professionals::ActiveModel {
        professional_id: Set(code.clone()),
        name: Set(name),
        email: Set(email),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_or_db(e, &["input", "professionalId"], &taken().message))?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "professional.create".into(),
            entity_type: "professional".into(),
            entity_key: row.professional_id.clone(),
            professional_id: Some(row.id),
            after: Some(professional_json(&row)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// An edit of a professional; `None` keeps a value, an empty email removes it.
#[derive(Debug, Clone)]
pub struct ProfessionalEdit {
    /// Certification profile id (the key; it does not change).
    pub professional_id: String,
    /// New name.
    pub name: Option<String>,
    /// New email (empty: none).
    pub email: Option<String>,
    /// The version the caller read.
    pub version: i32,
}

/// Edits a professional's name or email, if its version is still `version`.
pub async fn update_professional(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    input: ProfessionalEdit,
) -> Result<professionals::Model, WriteError> {
    writer(actor.caller)?;
    let mut problems = Vec::new();
    let name = input
        .name
        .as_deref()
        .map(check_name)
        .transpose()
        .map_err(|p| problems.push(p));
    let email = input
        .email
        .as_deref()
        .map(check_email)
        .transpose()
        .map_err(|p| problems.push(p));
    let (Ok(name), Ok(email)) = (name, email) else {
        return Err(WriteError::Problems(problems));
    };
    let txn = begin(db).await?;
    let before = require_professional(&txn, &input.professional_id, "professionalId").await?;
    let (_, partner) = may_edit_professional(&txn, actor.caller, &before).await?;
    if before.version != input.version {
        return Err(stale("professional", before.version, input.version).into());
    }
    let mut update = professionals::Entity::update_many()
        .col_expr(
            professionals::Column::Version,
            Expr::col(professionals::Column::Version).add(1),
        )
        .col_expr(professionals::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(name) = name {
        update = update.col_expr(professionals::Column::Name, Expr::value(name));
    }
    if let Some(email) = email {
        update = update.col_expr(professionals::Column::Email, Expr::value(email));
    }
    let done = update
        .filter(professionals::Column::Id.eq(before.id))
        .filter(professionals::Column::Version.eq(input.version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(stale("professional", before.version + 1, input.version).into());
    }
    let after = professionals::Entity::find_by_id(before.id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::database("professional vanished inside its transaction"))?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "professional.update".into(),
            entity_type: "professional".into(),
            entity_key: after.professional_id.clone(),
            partner_id: partner.map(|p| p.id),
            professional_id: Some(after.id),
            before: Some(professional_json(&before)),
            after: Some(professional_json(&after)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

// ---------------------------------------------------------------- certifications

/// A certification a professional earned.
#[derive(Debug, Clone)]
pub struct NewCertification {
    /// Certification profile id.
    pub professional_id: String,
    /// Certification code, e.g. `AZ-500`.
    pub code: String,
    /// Day earned.
    pub earned_on: NaiveDate,
    /// Last valid day, if it expires.
    pub expires_on: Option<NaiveDate>,
}

/// What a certification change did.
#[derive(Debug, Clone)]
pub struct CertificationChange {
    /// The record added, or the one removed.
    pub certification: professional_certifications::Model,
    /// The professional, as it is now.
    pub professional: professionals::Model,
    /// The impact on the partner the professional is actively associated with (if any).
    pub impacts: Vec<PartnerImpact>,
}

/// Records a certification a professional earned.
pub async fn add_certification(
    db: &DatabaseConnection,
    engine: &Engine,
    actor: Actor<'_>,
    input: NewCertification,
) -> Result<CertificationChange, WriteError> {
    writer(actor.caller)?;
    let code = input.code.trim().to_uppercase();
    let mut problems = Vec::new();
    if code.is_empty() {
        problems.push(Problem::bad(
            &["input", "code"],
            "a certification code is required",
        ));
    }
    if input.earned_on > Utc::now().date_naive() {
        problems.push(Problem::bad(
            &["input", "earnedOn"],
            "a certification cannot be earned in the future",
        ));
    }
    if let Some(expires) = input.expires_on
        && expires < input.earned_on
    {
        problems.push(Problem::bad(
            &["input", "expiresOn"],
            format!("must be on or after earnedOn ({})", input.earned_on),
        ));
    }
    if !problems.is_empty() {
        return Err(WriteError::Problems(problems));
    }
    let month = impact_month(db).await?;
    let txn = begin(db).await?;
    let pro = require_professional(&txn, &input.professional_id, "professionalId").await?;
    let (links, partner) = may_edit_professional(&txn, actor.caller, &pro).await?;
    if certifications::Entity::find_by_id(code.clone())
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(Problem::not_found(
            &["input", "code"],
            format!("{code} is not a certification of the catalogue"),
        )
        .into());
    }
    let taken = format!(
        "{} already has {code} earned on {}",
        pro.professional_id, input.earned_on
    );
    let exists = professional_certifications::Entity::find()
        .filter(professional_certifications::Column::ProfessionalId.eq(pro.id))
        .filter(professional_certifications::Column::CertificationCode.eq(code.as_str()))
        .filter(professional_certifications::Column::EarnedOn.eq(input.earned_on))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Err(Problem::conflict(&["input", "earnedOn"], taken).into());
    }
    let mut impacts = Vec::new();
    if let Some(p) = &partner {
        let change = Change::AddCertification {
            professional_id: pro.professional_id.clone(),
            certification: code.clone(),
            earned_on: input.earned_on,
            expires_on: input.expires_on,
        };
        impacts.push(impact(&txn, engine, p, month, &[change]).await?);
    }
    let now = Utc::now();
    let row = professional_certifications::ActiveModel {
        professional_id: Set(pro.id),
        certification_code: Set(code.clone()),
        earned_on: Set(input.earned_on),
        expires_on: Set(input.expires_on),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_or_db(e, &["input", "earnedOn"], &taken))?;
    scores::queue(&txn, &partners_of(&links), Month::of(input.earned_on)).await?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "certification.add".into(),
            entity_type: "certification".into(),
            entity_key: certification_key(&pro.professional_id, &code, input.earned_on),
            partner_id: partner.as_ref().map(|p| p.id),
            professional_id: Some(pro.id),
            after: Some(certification_json(&pro.professional_id, &row)),
            score_impact: Some(impact_json(&impacts)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    refresh_after(db, engine).await;
    Ok(CertificationChange {
        certification: row,
        professional: pro,
        impacts,
    })
}

/// Removes one certification record (a professional's code earned on a day), if its version is
/// still `version`.
pub async fn remove_certification(
    db: &DatabaseConnection,
    engine: &Engine,
    actor: Actor<'_>,
    professional_id: &str,
    code: &str,
    earned_on: NaiveDate,
    version: i32,
) -> Result<CertificationChange, WriteError> {
    writer(actor.caller)?;
    let code = code.trim().to_uppercase();
    let month = impact_month(db).await?;
    let txn = begin(db).await?;
    let pro = require_professional(&txn, professional_id, "professionalId").await?;
    let (links, partner) = may_edit_professional(&txn, actor.caller, &pro).await?;
    let Some(row) = professional_certifications::Entity::find()
        .filter(professional_certifications::Column::ProfessionalId.eq(pro.id))
        .filter(professional_certifications::Column::CertificationCode.eq(code.as_str()))
        .filter(professional_certifications::Column::EarnedOn.eq(earned_on))
        .one(&txn)
        .await?
    else {
        return Err(Problem::not_found(
            &["input", "code"],
            format!(
                "{} has no {code} earned on {earned_on}",
                pro.professional_id
            ),
        )
        .into());
    };
    if row.version != version {
        return Err(stale("certification", row.version, version).into());
    }
    let mut impacts = Vec::new();
    if let Some(p) = &partner {
        let changes =
            remove_certification_changes(&txn, &pro.professional_id, &code, Some(earned_on))
                .await?;
        impacts.push(impact(&txn, engine, p, month, &changes).await?);
    }
    let done = professional_certifications::Entity::delete_many()
        .filter(professional_certifications::Column::Id.eq(row.id))
        .filter(professional_certifications::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(stale("certification", row.version + 1, version).into());
    }
    scores::queue(&txn, &partners_of(&links), Month::of(earned_on)).await?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "certification.remove".into(),
            entity_type: "certification".into(),
            entity_key: certification_key(&pro.professional_id, &code, earned_on),
            partner_id: partner.as_ref().map(|p| p.id),
            professional_id: Some(pro.id),
            before: Some(certification_json(&pro.professional_id, &row)),
            score_impact: Some(impact_json(&impacts)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    refresh_after(db, engine).await;
    Ok(CertificationChange {
        certification: row,
        professional: pro,
        impacts,
    })
}

// ---------------------------------------------------------------- associations

/// What an association change did.
#[derive(Debug, Clone)]
pub struct AssociationChange {
    /// The association created or edited.
    pub association: professional_associations::Model,
    /// A move's ended association.
    pub previous: Option<professional_associations::Model>,
    /// The professional.
    pub professional: professionals::Model,
    /// The impact on each partner touched (a move: the old partner, then the new one).
    pub impacts: Vec<PartnerImpact>,
}

fn open_elsewhere(
    caller: &Caller,
    open: &professional_associations::Model,
    partner: &str,
) -> Problem {
    // Whom and since when are another partner's business: a caller who cannot read that partner
    // learns only that the professional is taken.
    let message = if caller.can_read_partner(open.partner_id) {
        format!(
            "the professional is associated with partner {partner} since {}; use moveProfessional to move them",
            open.associated_on
        )
    } else {
        "the professional is associated with another partner".to_string()
    };
    Problem::conflict(&["input", "professionalId"], message)
}

fn already_open_message() -> &'static str {
    "the professional was associated with a partner by someone else meanwhile; reload and try again"
}

/// Associates a professional with a partner from a day. A professional with an open association is
/// a `CONFLICT` (elsewhere: move it with [`move_professional`]).
pub async fn associate(
    db: &DatabaseConnection,
    engine: &Engine,
    actor: Actor<'_>,
    professional_id: &str,
    partner_id: &str,
    on: NaiveDate,
) -> Result<AssociationChange, WriteError> {
    writer(actor.caller)?;
    let month = impact_month(db).await?;
    let txn = begin(db).await?;
    let pro = require_professional(&txn, professional_id, "professionalId").await?;
    let Some(partner) = partner_by_code(&txn, partner_id).await? else {
        return Err(Problem::not_found(
            &["input", "partnerId"],
            format!("no partner with PartnerID {:?}", partner_id.trim()),
        )
        .into());
    };
    if !actor.caller.can_write_partner(partner.id) {
        return Err(WriteError::Forbidden);
    }
    let links = associations_of(&txn, pro.id).await?;
    if let Some(open) = links.iter().find(|a| a.removed_on.is_none()) {
        if open.partner_id == partner.id {
            return Err(Problem::conflict(
                &["input", "professionalId"],
                format!(
                    "the professional is already associated with {} since {}",
                    partner.partner_id, open.associated_on
                ),
            )
            .into());
        }
        let other = partner_by_id(&txn, open.partner_id).await?;
        return Err(open_elsewhere(actor.caller, open, &other.partner_id).into());
    }
    check_no_overlap(&links, on, &["input", "associatedOn"])?;
    let change = Change::AssociateProfessional {
        professional_id: pro.professional_id.clone(),
        on,
    };
    let impacts = vec![impact(&txn, engine, &partner, month, &[change]).await?];
    let now = Utc::now();
    let row = professional_associations::ActiveModel {
        professional_id: Set(pro.id),
        partner_id: Set(partner.id),
        associated_on: Set(on),
        removed_on: Set(None),
        version: Set(next_version(&links)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_or_db(e, &["input", "professionalId"], already_open_message()))?;
    scores::queue(&txn, &[partner.id], Month::of(on)).await?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "professional.associate".into(),
            entity_type: "association".into(),
            entity_key: row.id.to_string(),
            partner_id: Some(partner.id),
            professional_id: Some(pro.id),
            after: Some(association_json(
                &pro.professional_id,
                &partner.partner_id,
                &row,
            )),
            score_impact: Some(impact_json(&impacts)),
            ..Default::default()
        }],
    )
    .await?;
    txn.commit().await?;
    refresh_after(db, engine).await;
    Ok(AssociationChange {
        association: row,
        previous: None,
        professional: pro,
        impacts,
    })
}

/// Ends an association on a day (the professional no longer counts from that day), if its version is
/// still `version`. An association already ended gets the new end day (a correction).
pub async fn end_association(
    db: &DatabaseConnection,
    engine: &Engine,
    actor: Actor<'_>,
    association_id: i64,
    on: NaiveDate,
    version: i32,
) -> Result<AssociationChange, WriteError> {
    writer(actor.caller)?;
    let month = impact_month(db).await?;
    let txn = begin(db).await?;
    let Some(before) = professional_associations::Entity::find_by_id(association_id)
        .one(&txn)
        .await?
    else {
        return Err(Problem::not_found(&["input", "associationId"], "no such association").into());
    };
    if !actor.caller.can_write_partner(before.partner_id) {
        return Err(WriteError::Forbidden);
    }
    let partner = partner_by_id(&txn, before.partner_id).await?;
    let pro = professionals::Entity::find_by_id(before.professional_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::database("association refers to a missing professional"))?;
    if on < before.associated_on {
        return Err(Problem::bad(
            &["input", "removedOn"],
            format!(
                "must be on or after the association's start ({})",
                before.associated_on
            ),
        )
        .into());
    }
    let links = associations_of(&txn, pro.id).await?;
    if let Some(next) = links
        .iter()
        .filter(|a| a.id != before.id && a.associated_on > before.associated_on)
        .map(|a| a.associated_on)
        .min()
        && on > next
    {
        return Err(Problem::bad(
            &["input", "removedOn"],
            format!(
                "must be on or before the start of the professional's next association ({next})"
            ),
        )
        .into());
    }
    if before.version != version {
        return Err(stale("association", before.version, version).into());
    }
    let impacts = vec![match before.removed_on {
        None => {
            let change = Change::EndProfessionalAssociation {
                professional_id: pro.professional_id.clone(),
                on,
            };
            impact(&txn, engine, &partner, month, &[change]).await?
        }
        Some(old) => {
            let code = pro.professional_id.clone();
            let started = before.associated_on;
            impact_with(&txn, engine, &partner, month, move |data| {
                for a in data.professionals.iter_mut().filter(|a| {
                    a.professional_id == code
                        && a.associated_on == started
                        && a.removed_on == Some(old)
                }) {
                    a.removed_on = Some(on);
                }
            })
            .await?
        }
    }];
    let done = professional_associations::Entity::update_many()
        .col_expr(
            professional_associations::Column::RemovedOn,
            Expr::value(on),
        )
        .col_expr(
            professional_associations::Column::Version,
            Expr::col(professional_associations::Column::Version).add(1),
        )
        .col_expr(
            professional_associations::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .filter(professional_associations::Column::Id.eq(before.id))
        .filter(professional_associations::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(stale("association", before.version + 1, version).into());
    }
    let after = professional_associations::Entity::find_by_id(before.id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::database("association vanished inside its transaction"))?;
    let from = before.removed_on.map_or(on, |old| std::cmp::min(old, on));
    scores::queue(&txn, &[partner.id], Month::of(from)).await?;
    audit::record(
        &txn,
        actor,
        vec![NewEvent {
            action: "association.end".into(),
            entity_type: "association".into(),
            entity_key: before.id.to_string(),
            partner_id: Some(partner.id),
            professional_id: Some(pro.id),
            before: Some(association_json(
                &pro.professional_id,
                &partner.partner_id,
                &before,
            )),
            after: Some(association_json(
                &pro.professional_id,
                &partner.partner_id,
                &after,
            )),
            score_impact: Some(impact_json(&impacts)),
        }],
    )
    .await?;
    txn.commit().await?;
    refresh_after(db, engine).await;
    Ok(AssociationChange {
        association: after,
        previous: None,
        professional: pro,
        impacts,
    })
}

/// Moves a professional from the partner it is associated with to another, from a day: the open
/// association ends that day (if its version is still `version`) and a new one starts. The caller
/// must be allowed to write both partners.
pub async fn move_professional(
    db: &DatabaseConnection,
    engine: &Engine,
    actor: Actor<'_>,
    professional_id: &str,
    to_partner_id: &str,
    on: NaiveDate,
    version: i32,
) -> Result<AssociationChange, WriteError> {
    writer(actor.caller)?;
    let month = impact_month(db).await?;
    let txn = begin(db).await?;
    let pro = require_professional(&txn, professional_id, "professionalId").await?;
    let links = associations_of(&txn, pro.id).await?;
    let Some(current) = links.iter().find(|a| a.removed_on.is_none()).cloned() else {
        return Err(Problem::not_found(
            &["input", "professionalId"],
            "the professional has no open association to move; use associateProfessional",
        )
        .into());
    };
    let Some(to) = partner_by_code(&txn, to_partner_id).await? else {
        return Err(Problem::not_found(
            &["input", "toPartnerId"],
            format!("no partner with PartnerID {:?}", to_partner_id.trim()),
        )
        .into());
    };
    if !actor.caller.can_write_partner(current.partner_id) || !actor.caller.can_write_partner(to.id)
    {
        return Err(WriteError::Forbidden);
    }
    if current.version != version {
        return Err(stale("association", current.version, version).into());
    }
    let from = partner_by_id(&txn, current.partner_id).await?;
    if from.id == to.id {
        return Err(Problem::bad(
            &["input", "toPartnerId"],
            format!(
                "the professional is already associated with {}",
                to.partner_id
            ),
        )
        .into());
    }
    if on <= current.associated_on {
        return Err(Problem::bad(
            &["input", "movedOn"],
            format!(
                "must be after the current association's start ({})",
                current.associated_on
            ),
        )
        .into());
    }
    let code = pro.professional_id.clone();
    let impacts = vec![
        impact(
            &txn,
            engine,
            &from,
            month,
            &[Change::EndProfessionalAssociation {
                professional_id: code.clone(),
                on,
            }],
        )
        .await?,
        impact(
            &txn,
            engine,
            &to,
            month,
            &[Change::AssociateProfessional {
                professional_id: code.clone(),
                on,
            }],
        )
        .await?,
    ];
    let now = Utc::now();
    let done = professional_associations::Entity::update_many()
        .col_expr(
            professional_associations::Column::RemovedOn,
            Expr::value(on),
        )
        .col_expr(
            professional_associations::Column::Version,
            Expr::col(professional_associations::Column::Version).add(1),
        )
        .col_expr(
            professional_associations::Column::UpdatedAt,
            Expr::value(now),
        )
        .filter(professional_associations::Column::Id.eq(current.id))
        .filter(professional_associations::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(stale("association", current.version + 1, version).into());
    }
    let ended = professional_associations::Entity::find_by_id(current.id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::database("association vanished inside its transaction"))?;
    let row = professional_associations::ActiveModel {
        professional_id: Set(pro.id),
        partner_id: Set(to.id),
        associated_on: Set(on),
        removed_on: Set(None),
        version: Set(std::cmp::max(next_version(&links), ended.version + 1)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_or_db(e, &["input", "professionalId"], already_open_message()))?;
    scores::queue(&txn, &[from.id, to.id], Month::of(on)).await?;
    let moved = json!({"from": from.partner_id, "to": to.partner_id, "on": on});
    audit::record(
        &txn,
        actor,
        vec![
            NewEvent {
                action: "professional.move".into(),
                entity_type: "association".into(),
                entity_key: current.id.to_string(),
                partner_id: Some(from.id),
                professional_id: Some(pro.id),
                before: Some(association_json(&code, &from.partner_id, &current)),
                after: Some(json!({
                    "association": association_json(&code, &from.partner_id, &ended),
                    "move": moved,
                })),
                score_impact: Some(impact_json(&impacts[..1])),
            },
            NewEvent {
                action: "professional.move".into(),
                entity_type: "association".into(),
                entity_key: row.id.to_string(),
                partner_id: Some(to.id),
                professional_id: Some(pro.id),
                before: None,
                after: Some(json!({
                    "association": association_json(&code, &to.partner_id, &row),
                    "move": moved,
                })),
                score_impact: Some(impact_json(&impacts[1..])),
            },
        ],
    )
    .await?;
    txn.commit().await?;
    refresh_after(db, engine).await;
    Ok(AssociationChange {
        association: row,
        previous: Some(ended),
        professional: pro,
        impacts,
    })
}

// ---------------------------------------------------------------- bulk

/// What a bulk row asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    /// Associate the professional with the partner from `date`.
    Associate,
    /// End the professional's open association with the partner on `date`.
    End,
}

/// One row of a bulk request.
#[derive(Debug, Clone)]
pub struct BulkRow {
    /// The row's line, as the caller numbers them (a CSV line, or the position from 1).
    pub line: i32,
    /// Certification profile id.
    pub professional_id: String,
    /// What to do.
    pub action: BulkAction,
    /// The day.
    pub date: NaiveDate,
}

/// What happened (or would happen) to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkOutcome {
    /// The row is valid; nothing was written (a dry run, or another row has an error).
    WouldApply,
    /// Written.
    Applied,
    /// Nothing to do (already associated, already ended).
    Skipped,
    /// The row is invalid; nothing of the request was written.
    Error,
}

/// The report of one row.
#[derive(Debug, Clone)]
pub struct BulkRowReport {
    /// The row's line.
    pub line: i32,
    /// Certification profile id, as sent.
    pub professional_id: String,
    /// What was asked.
    pub action: BulkAction,
    /// What happened.
    pub outcome: BulkOutcome,
    /// Why, for skipped and invalid rows; what, for the others.
    pub message: String,
    /// The problem's code, for invalid rows.
    pub code: Option<ProblemCode>,
}

/// The report of a bulk request.
#[derive(Debug, Clone)]
pub struct BulkReport {
    /// Every row, in order.
    pub rows: Vec<BulkRowReport>,
    /// Rows written.
    pub applied: usize,
    /// Problems, one per invalid row (field `["input", "rows", INDEX, ARGUMENT]`).
    pub problems: Vec<Problem>,
    /// The impact of the rows that apply (or would).
    pub impacts: Vec<PartnerImpact>,
}

/// What the plan of one valid row does.
enum Step {
    Insert {
        professional: professionals::Model,
        on: NaiveDate,
        version: i32,
    },
    End {
        professional: professionals::Model,
        association: professional_associations::Model,
        on: NaiveDate,
    },
}

/// Associates or ends many professionals with one partner, all or nothing: any invalid row means
/// nothing is written and every row is reported. With `dry_run`, nothing is written either way.
/// Audit: one event per applied row, plus one `bulk.associate` event with the counts and the score
/// impact of the whole request.
pub async fn bulk(
    db: &DatabaseConnection,
    engine: &Engine,
    actor: Actor<'_>,
    partner_id: &str,
    rows: Vec<BulkRow>,
    dry_run: bool,
) -> Result<BulkReport, WriteError> {
    writer(actor.caller)?;
    if rows.is_empty() {
        return Err(Problem::bad(&["input", "rows"], "send at least one row").into());
    }
    if rows.len() > MAX_BULK_ROWS {
        return Err(Problem::bad(
            &["input", "rows"],
            format!("at most {MAX_BULK_ROWS} rows at once, got {}", rows.len()),
        )
        .into());
    }
    let month = impact_month(db).await?;
    let txn = begin(db).await?;
    let Some(partner) = partner_by_code(&txn, partner_id).await? else {
        return Err(Problem::not_found(
            &["input", "partnerId"],
            format!("no partner with PartnerID {:?}", partner_id.trim()),
        )
        .into());
    };
    if !actor.caller.can_write_partner(partner.id) {
        return Err(WriteError::Forbidden);
    }
    let (mut reports, problems, steps) = plan(&txn, actor.caller, &partner, &rows).await?;
    let changes: Vec<Change> = steps
        .iter()
        .map(|(_, s)| match s {
            Step::Insert {
                professional, on, ..
            } => Change::AssociateProfessional {
                professional_id: professional.professional_id.clone(),
                on: *on,
            },
            Step::End {
                professional, on, ..
            } => Change::EndProfessionalAssociation {
                professional_id: professional.professional_id.clone(),
                on: *on,
            },
        })
        .collect();
    let failed = !problems.is_empty();
    let impacts = if failed && !dry_run {
        Vec::new()
    } else {
        vec![impact(&txn, engine, &partner, month, &changes).await?]
    };
    if dry_run || failed || steps.is_empty() {
        txn.rollback().await?;
        return Ok(BulkReport {
            rows: reports,
            applied: 0,
            problems,
            impacts,
        });
    }
    let events = apply_steps(&txn, &partner, &steps).await?;
    let applied = steps.len();
    for (index, _) in &steps {
        if let Some(r) = reports.get_mut(*index) {
            r.outcome = BulkOutcome::Applied;
        }
    }
    let from = steps
        .iter()
        .map(|(_, s)| match s {
            Step::Insert { on, .. } | Step::End { on, .. } => *on,
        })
        .min()
        .map(Month::of)
        .unwrap_or(month);
    scores::queue(&txn, &[partner.id], from).await?;
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let mut all_events: Vec<NewEvent> = events
        .into_iter()
        .map(|mut e| {
            if let Some(Value::Object(after)) = e.after.as_mut() {
                after.insert("bulk".into(), Value::String(batch.clone()));
            }
            e
        })
        .collect();
    let associated = steps
        .iter()
        .filter(|(_, s)| matches!(s, Step::Insert { .. }))
        .count();
    all_events.push(NewEvent {
        action: "bulk.associate".into(),
        entity_type: "bulk".into(),
        entity_key: batch,
        partner_id: Some(partner.id),
        professional_id: None,
        before: None,
        after: Some(json!({
            "partnerId": partner.partner_id, "rows": rows.len(), "applied": applied,
            "associated": associated, "ended": applied - associated,
            "skipped": rows.len() - applied,
        })),
        score_impact: Some(impact_json(&impacts)),
    });
    audit::record(&txn, actor, all_events).await?;
    txn.commit().await?;
    refresh_after(db, engine).await;
    Ok(BulkReport {
        rows: reports,
        applied,
        problems,
        impacts,
    })
}

type Plan = (Vec<BulkRowReport>, Vec<Problem>, Vec<(usize, Step)>);

/// Decides every row against the database as it is: valid rows become steps, others are reported.
async fn plan(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    partner: &partners::Model,
    rows: &[BulkRow],
) -> Result<Plan, WriteError> {
    let codes: Vec<String> = rows
        .iter()
        .map(|r| r.professional_id.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut pros: HashMap<String, professionals::Model> = HashMap::new();
    for chunk in codes.chunks(1000) {
        for p in professionals::Entity::find()
            .filter(professionals::Column::ProfessionalId.is_in(chunk.iter().cloned()))
            .all(conn)
            .await?
        {
            pros.insert(p.professional_id.clone(), p);
        }
    }
    let ids: Vec<i64> = pros.values().map(|p| p.id).collect();
    let mut links: HashMap<i64, Vec<professional_associations::Model>> = HashMap::new();
    for chunk in ids.chunks(1000) {
        for a in professional_associations::Entity::find()
            .filter(professional_associations::Column::ProfessionalId.is_in(chunk.iter().copied()))
            .order_by_asc(professional_associations::Column::AssociatedOn)
            .all(conn)
            .await?
        {
            links.entry(a.professional_id).or_default().push(a);
        }
    }
    let mut seen: HashMap<String, i32> = HashMap::new();
    let mut reports = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    let mut steps = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let code = row.professional_id.trim().to_string();
        let decided = decide(caller, partner, row, &code, &pros, &links, &seen);
        seen.entry(code).or_insert(row.line);
        let (outcome, message, problem_code, step) = match decided {
            Ok(Some((message, step))) => (BulkOutcome::WouldApply, message, None, Some(step)),
            Ok(None) => (BulkOutcome::Skipped, String::new(), None, None),
            Err(Decision::Skip(message)) => (BulkOutcome::Skipped, message, None, None),
            Err(Decision::Invalid(code, field, message)) => {
                let index_text = index.to_string();
                problems.push(Problem::new(
                    code,
                    &["input", "rows", &index_text, field],
                    format!("line {}: {message}", row.line),
                ));
                (BulkOutcome::Error, message, Some(code), None)
            }
        };
        if let Some(step) = step {
            steps.push((index, step));
        }
        reports.push(BulkRowReport {
            line: row.line,
            professional_id: row.professional_id.clone(),
            action: row.action,
            outcome,
            message,
            code: problem_code,
        });
    }
    Ok((reports, problems, steps))
}

enum Decision {
    Skip(String),
    Invalid(ProblemCode, &'static str, String),
}

fn decide(
    caller: &Caller,
    partner: &partners::Model,
    row: &BulkRow,
    code: &str,
    pros: &HashMap<String, professionals::Model>,
    links: &HashMap<i64, Vec<professional_associations::Model>>,
    seen: &HashMap<String, i32>,
) -> Result<Option<(String, Step)>, Decision> {
    let invalid = |c, f, m: String| Err(Decision::Invalid(c, f, m));
    if code.is_empty() {
        return invalid(
            ProblemCode::BadUserInput,
            "professionalId",
            "a professional id is required".into(),
        );
    }
    if let Some(first) = seen.get(code) {
        return invalid(
            ProblemCode::BadUserInput,
            "professionalId",
            format!("{code} appears more than once (first on line {first})"),
        );
    }
    let Some(pro) = pros.get(code) else {
        return invalid(
            ProblemCode::NotFound,
            "professionalId",
            format!("no professional with id {code:?}"),
        );
    };
    let history = links.get(&pro.id).map(Vec::as_slice).unwrap_or_default();
    let open = history.iter().find(|a| a.removed_on.is_none());
    match row.action {
        BulkAction::Associate => match open {
            Some(a) if a.partner_id == partner.id => Err(Decision::Skip(format!(
                "already associated since {}",
                a.associated_on
            ))),
            Some(a) => {
                let message = if caller.can_read_partner(a.partner_id) {
                    format!(
                        "{code} is associated with another partner since {} (use moveProfessional)",
                        a.associated_on
                    )
                } else {
                    format!("{code} is associated with another partner")
                };
                invalid(ProblemCode::Conflict, "professionalId", message)
            }
            None => match check_no_overlap(history, row.date, &[]) {
                Err(p) => invalid(ProblemCode::BadUserInput, "date", p.message),
                Ok(()) => Ok(Some((
                    format!("associate from {}", row.date),
                    Step::Insert {
                        professional: pro.clone(),
                        on: row.date,
                        version: next_version(history),
                    },
                ))),
            },
        },
        BulkAction::End => match open {
            Some(a) if a.partner_id == partner.id => {
                if row.date < a.associated_on {
                    return invalid(
                        ProblemCode::BadUserInput,
                        "date",
                        format!(
                            "must be on or after the association's start ({})",
                            a.associated_on
                        ),
                    );
                }
                Ok(Some((
                    format!("end on {}", row.date),
                    Step::End {
                        professional: pro.clone(),
                        association: a.clone(),
                        on: row.date,
                    },
                )))
            }
            _ => match history
                .iter()
                .rev()
                .find(|a| a.partner_id == partner.id)
                .and_then(|a| a.removed_on)
            {
                Some(removed) => Err(Decision::Skip(format!("already ended on {removed}"))),
                None => invalid(
                    ProblemCode::NotFound,
                    "professionalId",
                    format!("{code} is not associated with {}", partner.partner_id),
                ),
            },
        },
    }
}

/// Writes the steps of a bulk request; returns one audit event per step.
async fn apply_steps(
    txn: &DatabaseTransaction,
    partner: &partners::Model,
    steps: &[(usize, Step)],
) -> Result<Vec<NewEvent>, WriteError> {
    let now = Utc::now();
    let mut events = Vec::with_capacity(steps.len());
    let inserts: Vec<(&professionals::Model, NaiveDate, i32)> = steps
        .iter()
        .filter_map(|(_, s)| match s {
            Step::Insert {
                professional,
                on,
                version,
            } => Some((professional, *on, *version)),
            Step::End { .. } => None,
        })
        .collect();
    for (_, step) in steps {
        let Step::End {
            professional,
            association,
            on,
        } = step
        else {
            continue;
        };
        let done = professional_associations::Entity::update_many()
            .col_expr(
                professional_associations::Column::RemovedOn,
                Expr::value(*on),
            )
            .col_expr(
                professional_associations::Column::Version,
                Expr::col(professional_associations::Column::Version).add(1),
            )
            .col_expr(
                professional_associations::Column::UpdatedAt,
                Expr::value(now),
            )
            .filter(professional_associations::Column::Id.eq(association.id))
            .filter(professional_associations::Column::Version.eq(association.version))
            .exec(txn)
            .await?;
        if done.rows_affected == 0 {
            return Err(Problem::conflict(
                &["input", "rows"],
                format!(
                    "the association of {} was changed by someone else meanwhile; reload and try again",
                    professional.professional_id
                ),
            )
            .into());
        }
        let mut after = association.clone();
        after.removed_on = Some(*on);
        after.version += 1;
        events.push(NewEvent {
            action: "association.end".into(),
            entity_type: "association".into(),
            entity_key: association.id.to_string(),
            partner_id: Some(partner.id),
            professional_id: Some(professional.id),
            before: Some(association_json(
                &professional.professional_id,
                &partner.partner_id,
                association,
            )),
            after: Some(association_json(
                &professional.professional_id,
                &partner.partner_id,
                &after,
            )),
            score_impact: None,
        });
    }
    // 7 values a row.
    for chunk in inserts.chunks(500) {
        let models = chunk
            .iter()
            .map(|(p, on, version)| professional_associations::ActiveModel {
                professional_id: Set(p.id),
                partner_id: Set(partner.id),
                associated_on: Set(*on),
                removed_on: Set(None),
                version: Set(*version),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        professional_associations::Entity::insert_many(models)
            .exec(txn)
            .await
            .map_err(|e| unique_or_db(e, &["input", "rows"], already_open_message()))?;
        // Read the new rows back for their ids (one query per chunk).
        let created = professional_associations::Entity::find()
            .filter(professional_associations::Column::PartnerId.eq(partner.id))
            .filter(professional_associations::Column::RemovedOn.is_null())
            .filter(
                professional_associations::Column::ProfessionalId
                    .is_in(chunk.iter().map(|(p, _, _)| p.id)),
            )
            .all(txn)
            .await?;
        for (pro, _, _) in chunk {
            let Some(row) = created.iter().find(|a| a.professional_id == pro.id) else {
                continue;
            };
            events.push(NewEvent {
                action: "professional.associate".into(),
                entity_type: "association".into(),
                entity_key: row.id.to_string(),
                partner_id: Some(partner.id),
                professional_id: Some(pro.id),
                before: None,
                after: Some(association_json(
                    &pro.professional_id,
                    &partner.partner_id,
                    row,
                )),
                score_impact: None,
            });
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn link(from: &str, to: Option<&str>) -> professional_associations::Model {
        professional_associations::Model {
            id: 1,
            professional_id: 1,
            partner_id: 1,
            associated_on: day(from),
            removed_on: to.map(day),
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_new_period_may_start_the_day_an_old_one_ended_but_not_before() {
        let links = [link("2023-01-01", Some("2023-06-01"))];
        assert!(check_no_overlap(&links, day("2023-06-01"), &["x"]).is_ok());
        assert!(check_no_overlap(&links, day("2024-01-01"), &["x"]).is_ok());
        let err = check_no_overlap(&links, day("2023-05-31"), &["input", "associatedOn"])
            .err()
            .map(|p| (p.code, p.field));
        assert_eq!(
            err,
            Some((
                ProblemCode::BadUserInput,
                vec!["input".to_string(), "associatedOn".to_string()]
            ))
        );
    }

    #[test]
    fn a_zero_length_period_still_blocks_its_start_day() {
        let links = [link("2023-06-01", Some("2023-06-01"))];
        assert!(check_no_overlap(&links, day("2023-06-01"), &["x"]).is_err());
    }

    #[test]
    fn professional_ids_names_and_emails_are_checked_and_normalized() {
        assert_eq!(check_professional_id("  M9 ").ok(), Some("M9".into()));
        assert!(check_professional_id("").is_err());
        assert!(check_professional_id(&"x".repeat(65)).is_err());
        assert!(check_name(" ").is_err());
        assert_eq!(
            check_email(" Ada@Example.com ").ok(),
            Some(Some("ada@example.com".into()))
        );
        assert_eq!(check_email("").ok(), Some(None));
        assert!(check_email("not-an-email").is_err());
    }

    #[test]
    fn the_audit_impact_keeps_only_designations_that_change() {
        use crate::domain::{DesignationCode, MetricCode};
        use rust_decimal::Decimal;
        let same = Impact {
            designation: DesignationCode::ModernWork,
            before: Decimal::new(1000, 2),
            after: Decimal::new(1000, 2),
            meets_before: false,
            meets_after: false,
            metrics: vec![],
        };
        let moved = Impact {
            designation: DesignationCode::Security,
            before: Decimal::new(6335, 2),
            after: Decimal::new(7001, 2),
            meets_before: false,
            meets_after: true,
            metrics: vec![(
                MetricCode::IntermediateCertifications,
                Decimal::new(2667, 2),
                Decimal::new(3333, 2),
            )],
        };
        let v = impact_json(&[PartnerImpact {
            partner: 1,
            partner_code: "P".into(),
            impacts: vec![same, moved],
        }]);
        assert_eq!(v.as_array().map(Vec::len), Some(1));
        assert_eq!(v[0]["designation"], "SECURITY");
        assert_eq!(v[0]["delta"], 6.66);
        assert_eq!(v[0]["metrics"][0]["after"], 33.33);
    }
}
