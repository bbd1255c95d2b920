//! Writing a professional and its certifications: creating and editing a professional (name,
//! email), recording a certification it earned, removing one record. Each write checks its input
//! field by field, the caller's rights, and the version the caller read, and ends with
//! [`commit_with_event`](super::commit_with_event).

use chrono::{NaiveDate, Utc};
use entities::{certifications, professional_certifications, professionals};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::audit_json::{certification_json, certification_key, impact_json, professional_json};
use super::impact::{PartnerImpact, impact, impact_month, remove_certification_changes};
use super::{
    begin, commit_with_event, editable, partners_of, read, refresh_after, require_professional,
    retrying, stale, writer,
};
use crate::db::audit::{Actor, NewEvent};
use crate::db::partners::Scope;
use crate::db::scores::{self, Engine};
use crate::domain::{Email, Month, ProfessionalId};
use crate::error::{AppError, Problem, WriteError};
use crate::score::what_if::Change;

/// A profile id as sent, trimmed.
fn check_professional_id(text: &str) -> Result<String, Problem> {
    ProfessionalId::parse(text.trim())
        .map(ProfessionalId::into_string)
        .map_err(|e| Problem::bad(&["input", "professionalId"], e.to_string()))
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

/// An email, trimmed and lower-cased; an empty text means "none".
fn check_email(text: &str) -> Result<Option<String>, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Email::parse(t)
        .map(|e| Some(e.into_string()))
        .map_err(|e| Problem::bad(&["input", "email"], e.to_string()))
}

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
    retrying(|| create_professional_once(db, actor, input.clone())).await
}

/// One attempt of [`create_professional`].
async fn create_professional_once(
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
    if read::by_code(&txn, Scope::All, &code).await?.is_some() {
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
    .map_err(|e| WriteError::unique_or_db(e, &["input", "professionalId"], &taken().message))?;
    let event = NewEvent {
        action: "professional.create".into(),
        entity_type: "professional".into(),
        entity_key: row.professional_id.clone(),
        professional_id: Some(row.id),
        after: Some(professional_json(&row)),
        ..Default::default()
    };
    commit_with_event(txn, actor, [event]).await?;
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
    retrying(|| update_professional_once(db, actor, input.clone())).await
}

/// One attempt of [`update_professional`].
async fn update_professional_once(
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
    let (_, partner) = editable(&txn, actor.caller, &before).await?;
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
    let after = read::by_id(&txn, Scope::All, before.id)
        .await?
        .ok_or_else(|| AppError::database("professional vanished inside its transaction"))?;
    let event = NewEvent {
        action: "professional.update".into(),
        entity_type: "professional".into(),
        entity_key: after.professional_id.clone(),
        partner_id: partner.map(|p| p.id),
        professional_id: Some(after.id),
        before: Some(professional_json(&before)),
        after: Some(professional_json(&after)),
        ..Default::default()
    };
    commit_with_event(txn, actor, [event]).await?;
    Ok(after)
}

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
    retrying(|| add_certification_once(db, engine, actor, input.clone())).await
}

/// One attempt of [`add_certification`].
async fn add_certification_once(
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
    let (links, partner) = editable(&txn, actor.caller, &pro).await?;
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
    if read::certification(&txn, pro.id, &code, input.earned_on)
        .await?
        .is_some()
    {
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
    .map_err(|e| WriteError::unique_or_db(e, &["input", "earnedOn"], &taken))?;
    let queued = partners_of(&links);
    scores::queue(&txn, &queued, Month::of(input.earned_on)).await?;
    let event = NewEvent {
        action: "certification.add".into(),
        entity_type: "certification".into(),
        entity_key: certification_key(&pro.professional_id, &code, input.earned_on),
        partner_id: partner.as_ref().map(|p| p.id),
        professional_id: Some(pro.id),
        after: Some(certification_json(&pro.professional_id, &row)),
        score_impact: Some(impact_json(&impacts)),
        ..Default::default()
    };
    commit_with_event(txn, actor, [event]).await?;
    refresh_after(db, engine, &queued).await;
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
    retrying(|| {
        remove_certification_once(db, engine, actor, professional_id, code, earned_on, version)
    })
    .await
}

/// One attempt of [`remove_certification`].
async fn remove_certification_once(
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
    let (links, partner) = editable(&txn, actor.caller, &pro).await?;
    let Some(row) = read::certification(&txn, pro.id, &code, earned_on).await? else {
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
    let queued = partners_of(&links);
    scores::queue(&txn, &queued, Month::of(earned_on)).await?;
    let event = NewEvent {
        action: "certification.remove".into(),
        entity_type: "certification".into(),
        entity_key: certification_key(&pro.professional_id, &code, earned_on),
        partner_id: partner.as_ref().map(|p| p.id),
        professional_id: Some(pro.id),
        before: Some(certification_json(&pro.professional_id, &row)),
        score_impact: Some(impact_json(&impacts)),
        ..Default::default()
    };
    commit_with_event(txn, actor, [event]).await?;
    refresh_after(db, engine, &queued).await;
    Ok(CertificationChange {
        certification: row,
        professional: pro,
        impacts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn professional_ids_names_and_emails_are_checked_and_normalized() {
        assert_eq!(check_professional_id("  M9 ").ok(), Some("M9".into()));
        assert!(check_professional_id("").is_err());
        assert!(check_professional_id(&"x".repeat(65)).is_err());
        assert_eq!(
            check_professional_id("M\u{1}9").err().map(|p| p.message),
            Some("a professional id has 1 to 64 characters".into())
        );
        assert!(check_name(" ").is_err());
        assert_eq!(
            check_email(" Ada@Example.com ").ok(),
            Some(Some("ada@example.com".into()))
        );
        assert_eq!(check_email("").ok(), Some(None));
        assert_eq!(
            check_email("not-an-email")
                .err()
                .map(|p| (p.field, p.message)),
            Some((
                vec!["input".to_string(), "email".to_string()],
                "the email must look like name@example.com".to_string()
            ))
        );
    }
}
