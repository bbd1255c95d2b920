//! The specializations Microsoft granted partners: the one rule of which are held at a month, and
//! the administrators' writes of a grant (record one, renew it to a later end, end it earlier). Each
//! write is one transaction holding the change, the version check, and the audit event with the
//! values before and after and its impact on the partner's standing as of the latest month with data
//! (the window's verdicts read once, the standing computed before and after); specializations earn
//! no points, so no score changes and nothing is queued.

use chrono::{NaiveDate, Utc};
use entities::{partner_specializations as ps, partners};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::{Value, json};

use super::audit::{Actor, NewEvent};
use super::catalogue::Catalogue;
use super::links::specializations_of;
use super::partners::{self as partner_queries, Scope};
use super::professionals::{begin, commit_with_event, retrying};
use super::scores::{self, Detail, Engine, ScoreKey};
use crate::auth::Access;
use crate::domain::{Month, SpecializationValidation};
use crate::error::{AppError, Problem, WriteError};
use crate::score::enrollment::verdict_months;
use crate::score::specialization_progress::{SpecializationProgress, specialization_progress};
use crate::score::status::{MonthlyVerdict, PartnerStatus, partner_status};

/// A grant as stored.
pub type Grant = ps::Model;

/// Whether a grant is in force on a day: granted on or before it and expiring on or after it (its
/// `expires_on` is the last day it counts).
pub fn in_force(g: &Grant, day: NaiveDate) -> bool {
    g.granted_on <= day && g.expires_on.is_none_or(|e| e >= day)
}

/// The codes of the specializations held at a month: those with a grant in force on its last day.
pub fn held_at(grants: &[Grant], month: Month) -> Vec<String> {
    let mut held: Vec<String> = grants
        .iter()
        .filter(|g| in_force(g, month.last_day()))
        .map(|g| g.specialization_code.clone())
        .collect();
    held.sort_unstable();
    held.dedup();
    held
}

/// The score keys a partner's standing as of `month` is computed from: its qualification window ending
/// at `month`, and with an `anniversary` back to the window of the latest anniversary's check (what
/// its enrollment reads, [`crate::score::enrollment::verdict_months`]).
pub fn window_keys(
    engine: &Engine,
    partner: i64,
    month: Month,
    anniversary: Option<NaiveDate>,
) -> Vec<ScoreKey> {
    let rules = engine.rules_for(month);
    let (from, to) = verdict_months(anniversary, rules.qualification_window_months, month);
    from.through(to)
        .map(|m| ScoreKey { partner, month: m })
        .collect()
}

/// The verdicts of a partner's qualification window ending at `month`, through the one score read
/// path.
async fn window_verdicts(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    partner: i64,
    month: Month,
) -> Result<Vec<MonthlyVerdict>, AppError> {
    // A grant's impact is on specializations and benefits only: the qualification window suffices.
    let keys = window_keys(engine, partner, month, None);
    let loaded = scores::scores_for(conn, engine, &keys, None, Detail::Points).await?;
    Ok(loaded
        .values()
        .flat_map(|v| v.iter().map(MonthlyVerdict::from))
        .collect())
}

/// A partner's standing as of a month, from its window's verdicts, the grants held then and its
/// anniversary date (for each designation's enrollment).
pub fn standing(
    engine: &Engine,
    catalogue: &Catalogue,
    verdicts: &[MonthlyVerdict],
    month: Month,
    grants: &[Grant],
    anniversary: Option<NaiveDate>,
) -> PartnerStatus {
    partner_status(
        engine.rules_for(month),
        verdicts,
        month,
        &catalogue.program(),
        &held_at(grants, month),
        anniversary,
    )
}

/// A partner's progress toward the requirements each specialization has under the rule set in force at
/// `month` (none when the partner does not exist), from the rows the scores read.
pub async fn progress(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    partner: i64,
    month: Month,
) -> Result<Vec<SpecializationProgress>, AppError> {
    let rules = engine.rules_for(month);
    let (from, to) = rules.usage_window(month);
    let data = super::score_input::load(conn, &[partner], from, to).await?;
    Ok(data.get(&partner).map_or_else(Vec::new, |d| {
        specialization_progress(rules, engine.certifications(), d, month)
    }))
}

/// A grant to record.
#[derive(Debug, Clone)]
pub struct NewGrant {
    /// PartnerID.
    pub partner_id: String,
    /// Specialization code.
    pub code: String,
    /// First day in force.
    pub granted_on: NaiveDate,
    /// Last day in force, if known.
    pub expires_on: Option<NaiveDate>,
    /// How Microsoft validated it.
    pub validation: SpecializationValidation,
}

/// A new end for a stored grant: a renewal moves it later (or removes it), an ending moves it
/// earlier.
#[derive(Debug, Clone)]
pub struct GrantEnd {
    /// PartnerID.
    pub partner_id: String,
    /// Specialization code.
    pub code: String,
    /// The grant's first day (with the partner and code, it names the grant).
    pub granted_on: NaiveDate,
    /// The new last day in force (`None`: no end, for a renewal only).
    pub expires_on: Option<NaiveDate>,
    /// A new validation (a renewal may come with a new audit), or the stored one.
    pub validation: Option<SpecializationValidation>,
    /// The grant's version as read; a stale one is a `CONFLICT`.
    pub version: i32,
}

/// How a write changes one specialization's standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecializationImpact {
    /// Specialization code.
    pub code: String,
    /// Held before and after.
    pub held: (bool, bool),
    /// Benefits granted before and after.
    pub benefits_granted: (bool, bool),
    /// Why, after the change.
    pub detail: String,
}

/// What a write did.
#[derive(Debug, Clone)]
pub struct GrantChange {
    /// The grant as stored now.
    pub grant: Grant,
    /// The grant as it was (none for a new one).
    pub previous: Option<Grant>,
    /// The partner.
    pub partner: partners::Model,
    /// The month the impact is computed as of (the latest with data).
    pub month: Month,
    /// The specializations whose standing changes (a grant over a stacking cap can move another's
    /// benefits).
    pub impact: Vec<SpecializationImpact>,
}

/// Records a specialization Microsoft granted a partner (administrators only).
pub async fn record(
    db: &DatabaseConnection,
    engine: &Engine,
    catalogue: &Catalogue,
    actor: Actor<'_>,
    input: NewGrant,
) -> Result<GrantChange, WriteError> {
    retrying(|| record_once(db, engine, catalogue, actor, input.clone())).await
}

async fn record_once(
    db: &DatabaseConnection,
    engine: &Engine,
    catalogue: &Catalogue,
    actor: Actor<'_>,
    input: NewGrant,
) -> Result<GrantChange, WriteError> {
    administrator(actor)?;
    let code = input.code.trim().to_uppercase();
    let mut problems = Vec::new();
    if !catalogue.specializations.iter().any(|s| s.code == code) {
        problems.push(Problem::not_found(
            &["input", "code"],
            format!("{code:?} is not a specialization of the catalogue"),
        ));
    }
    if let Some(e) = input.expires_on
        && e < input.granted_on
    {
        problems.push(Problem::bad(
            &["input", "expiresOn"],
            format!("must be on or after grantedOn ({})", input.granted_on),
        ));
    }
    if !problems.is_empty() {
        return Err(WriteError::Problems(problems));
    }
    let month = scores::stored_months(db).await?.1;
    let txn = begin(db).await?;
    let partner = partner_named(&txn, &input.partner_id).await?;
    let grants = grants_of(&txn, partner.id).await?;
    let now = Utc::now();
    let new = Grant {
        id: 0,
        partner_id: partner.id,
        specialization_code: code.clone(),
        granted_on: input.granted_on,
        expires_on: input.expires_on,
        validation: input.validation.as_str().to_string(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if let Some(other) = overlapping(&grants, &new) {
        return Err(
            Problem::conflict(&["input", "grantedOn"], overlap_message(&partner, other)).into(),
        );
    }
    let mut after = grants.clone();
    after.push(new.clone());
    let impact = impact(&txn, engine, catalogue, partner.id, month, &grants, &after).await?;
    let taken = format!(
        "{} already has a grant of {code} from {}",
        partner.partner_id, input.granted_on
    );
    let grant = ps::ActiveModel {
        partner_id: Set(partner.id),
        specialization_code: Set(code.clone()),
        granted_on: Set(input.granted_on),
        expires_on: Set(input.expires_on),
        validation: Set(new.validation.clone()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| WriteError::unique_or_db(e, &["input", "grantedOn"], &taken))?;
    let event = event(
        "specialization.record",
        &partner,
        None,
        &grant,
        month,
        &impact,
    );
    commit_with_event(txn, actor, [event]).await?;
    Ok(GrantChange {
        grant,
        previous: None,
        partner,
        month,
        impact,
    })
}

/// Renews a grant: a later `expires_on`, or none (administrators only).
pub async fn renew(
    db: &DatabaseConnection,
    engine: &Engine,
    catalogue: &Catalogue,
    actor: Actor<'_>,
    input: GrantEnd,
) -> Result<GrantChange, WriteError> {
    retrying(|| set_end_once(db, engine, catalogue, actor, input.clone(), Move::Later)).await
}

/// Ends a grant earlier: its last day in force becomes `expires_on` (administrators only).
pub async fn end(
    db: &DatabaseConnection,
    engine: &Engine,
    catalogue: &Catalogue,
    actor: Actor<'_>,
    input: GrantEnd,
) -> Result<GrantChange, WriteError> {
    retrying(|| set_end_once(db, engine, catalogue, actor, input.clone(), Move::Earlier)).await
}

/// Which way a write moves a grant's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Later,
    Earlier,
}

async fn set_end_once(
    db: &DatabaseConnection,
    engine: &Engine,
    catalogue: &Catalogue,
    actor: Actor<'_>,
    input: GrantEnd,
    way: Move,
) -> Result<GrantChange, WriteError> {
    administrator(actor)?;
    let code = input.code.trim().to_uppercase();
    let month = scores::stored_months(db).await?.1;
    let txn = begin(db).await?;
    let partner = partner_named(&txn, &input.partner_id).await?;
    let grants = grants_of(&txn, partner.id).await?;
    let Some(old) = grants
        .iter()
        .find(|g| g.specialization_code == code && g.granted_on == input.granted_on)
        .cloned()
    else {
        return Err(Problem::not_found(
            &["input", "grantedOn"],
            format!(
                "{} has no grant of {code} from {}",
                partner.partner_id, input.granted_on
            ),
        )
        .into());
    };
    if old.version != input.version {
        return Err(Problem::conflict(
            &["input", "version"],
            format!(
                "the grant was changed by someone else (version {} is current, you sent {}); reload it and try again",
                old.version, input.version
            ),
        )
        .into());
    }
    check_end(&old, input.expires_on, way)?;
    let mut new = old.clone();
    new.expires_on = input.expires_on;
    if let Some(v) = input.validation {
        new.validation = v.as_str().to_string();
    }
    let others: Vec<Grant> = grants.iter().filter(|g| g.id != old.id).cloned().collect();
    if let Some(other) = overlapping(&others, &new) {
        return Err(
            Problem::conflict(&["input", "expiresOn"], overlap_message(&partner, other)).into(),
        );
    }
    let mut after = others;
    after.push(new.clone());
    let impact = impact(&txn, engine, catalogue, partner.id, month, &grants, &after).await?;
    let now = Utc::now();
    let updated = ps::Entity::update_many()
        .col_expr(ps::Column::ExpiresOn, Expr::value(new.expires_on))
        .col_expr(ps::Column::Validation, Expr::value(new.validation.clone()))
        .col_expr(ps::Column::Version, Expr::value(old.version + 1))
        .col_expr(ps::Column::UpdatedAt, Expr::value(now))
        .filter(ps::Column::Id.eq(old.id))
        .filter(ps::Column::Version.eq(old.version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Problem::conflict(
            &["input", "version"],
            "the grant was changed by someone else; reload it and try again",
        )
        .into());
    }
    let grant = Grant {
        version: old.version + 1,
        updated_at: now,
        ..new
    };
    let action = match way {
        Move::Later => "specialization.renew",
        Move::Earlier => "specialization.end",
    };
    let event = event(action, &partner, Some(&old), &grant, month, &impact);
    commit_with_event(txn, actor, [event]).await?;
    Ok(GrantChange {
        grant,
        previous: Some(old),
        partner,
        month,
        impact,
    })
}

/// Refuses an end that does not move the grant the way the write says.
fn check_end(old: &Grant, end: Option<NaiveDate>, way: Move) -> Result<(), WriteError> {
    let field = &["input", "expiresOn"];
    let problem = match (way, old.expires_on, end) {
        (_, _, Some(e)) if e < old.granted_on => Some(format!(
            "must be on or after grantedOn ({})",
            old.granted_on
        )),
        (Move::Later, None, _) => Some(
            "the grant has no end: there is nothing to renew (end it, or record the next grant)"
                .to_string(),
        ),
        (Move::Later, Some(current), Some(e)) if e <= current => Some(format!(
            "a renewal must end after the current end ({current}), got {e}"
        )),
        (Move::Earlier, _, None) => Some("an ending needs the last day in force".to_string()),
        (Move::Earlier, Some(current), Some(e)) if e >= current => Some(format!(
            "an ending must be before the current end ({current}), got {e}; to extend it, renew it"
        )),
        _ => None,
    };
    match problem {
        Some(message) => Err(Problem::bad(field, message).into()),
        None => Ok(()),
    }
}

/// Refuses callers who are not administrators: Microsoft grants specializations, and the program's
/// operators record them.
fn administrator(actor: Actor<'_>) -> Result<(), WriteError> {
    if actor.caller.may(Access::Admin) {
        Ok(())
    } else {
        Err(WriteError::Forbidden)
    }
}

async fn partner_named(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<partners::Model, WriteError> {
    let code = code.trim();
    partner_queries::by_code(conn, Scope::All, code)
        .await?
        .ok_or_else(|| {
            Problem::not_found(
                &["input", "partnerId"],
                format!("no partner with PartnerID {code:?}"),
            )
            .into()
        })
}

async fn grants_of(conn: &impl ConnectionTrait, partner: i64) -> Result<Vec<Grant>, AppError> {
    Ok(specializations_of(conn, &[partner])
        .await?
        .remove(&partner)
        .unwrap_or_default())
}

/// Another grant of the same specialization whose days meet `g`'s.
fn overlapping<'a>(grants: &'a [Grant], g: &Grant) -> Option<&'a Grant> {
    let before = |a: &Grant, b: &Grant| a.expires_on.is_some_and(|e| e < b.granted_on);
    grants
        .iter()
        .filter(|o| o.specialization_code == g.specialization_code)
        .find(|o| !before(o, g) && !before(g, o))
}

fn overlap_message(partner: &partners::Model, other: &Grant) -> String {
    let through = match other.expires_on {
        Some(e) => format!("through {e}"),
        None => "with no end".to_string(),
    };
    format!(
        "overlaps the grant of {} to {} from {} {through}",
        other.specialization_code, partner.partner_id, other.granted_on
    )
}

/// The specializations whose standing differs between the two sets of grants.
async fn impact(
    conn: &impl ConnectionTrait,
    engine: &Engine,
    catalogue: &Catalogue,
    partner: i64,
    month: Month,
    before: &[Grant],
    after: &[Grant],
) -> Result<Vec<SpecializationImpact>, AppError> {
    let verdicts = window_verdicts(conn, engine, partner, month).await?;
    let was = standing(engine, catalogue, &verdicts, month, before, None);
    let is = standing(engine, catalogue, &verdicts, month, after, None);
    Ok(is
        .specializations
        .iter()
        .filter_map(|now| {
            let then = was.specializations.iter().find(|s| s.code == now.code);
            let held = (then.is_some_and(|s| s.held), now.held);
            let benefits = (
                then.is_some_and(|s| s.benefits_granted),
                now.benefits_granted,
            );
            (held.0 != held.1 || benefits.0 != benefits.1).then(|| SpecializationImpact {
                code: now.code.clone(),
                held,
                benefits_granted: benefits,
                detail: now.detail.clone(),
            })
        })
        .collect())
}

/// The audit event of a write: the grant before and after, and the standing impact per
/// specialization (the trail's impact list, beside the designations other writes record).
fn event(
    action: &str,
    partner: &partners::Model,
    before: Option<&Grant>,
    after: &Grant,
    month: Month,
    impact: &[SpecializationImpact],
) -> NewEvent {
    let json = |g: &Grant| {
        json!({
            "partnerId": partner.partner_id, "code": g.specialization_code,
            "grantedOn": g.granted_on, "expiresOn": g.expires_on,
            "validation": g.validation, "version": g.version,
        })
    };
    let impacts: Vec<Value> = impact
        .iter()
        .map(|i| {
            json!({
                "partnerId": partner.partner_id, "month": month.to_string(),
                "specialization": i.code,
                "heldBefore": i.held.0, "heldAfter": i.held.1,
                "benefitsBefore": i.benefits_granted.0, "benefitsAfter": i.benefits_granted.1,
            })
        })
        .collect();
    NewEvent {
        action: action.to_string(),
        entity_type: "specialization".into(),
        entity_key: format!(
            "{}/{}/{}",
            partner.partner_id, after.specialization_code, after.granted_on
        ),
        partner_id: Some(partner.id),
        professional_id: None,
        before: before.map(json),
        after: Some(json(after)),
        score_impact: Some(Value::Array(impacts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(code: &str, from: &str, to: Option<&str>) -> Grant {
        let now = Utc::now();
        Grant {
            id: 1,
            partner_id: 1,
            specialization_code: code.into(),
            granted_on: from.parse().unwrap(),
            expires_on: to.map(|t| t.parse().unwrap()),
            validation: "NONE".into(),
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn a_grant_is_held_at_a_month_when_in_force_on_its_last_day() {
        let grants = [
            grant("A", "2024-01-01", Some("2024-06-30")),
            grant("B", "2024-06-30", None),
            grant("C", "2024-01-01", Some("2024-06-29")),
            grant("D", "2024-07-01", None),
        ];
        let june: Month = "2024-06".parse().unwrap();
        assert_eq!(held_at(&grants, june), ["A", "B"]);
        let july: Month = "2024-07".parse().unwrap();
        assert_eq!(held_at(&grants, july), ["B", "D"]);
    }

    #[test]
    fn grants_of_one_specialization_may_follow_each_other_but_not_meet() {
        let stored = [grant("A", "2024-01-01", Some("2024-06-30"))];
        assert!(overlapping(&stored, &grant("A", "2024-07-01", None)).is_none());
        assert!(overlapping(&stored, &grant("B", "2024-03-01", None)).is_none());
        assert!(overlapping(&stored, &grant("A", "2024-06-30", None)).is_some());
        assert!(overlapping(&stored, &grant("A", "2023-01-01", None)).is_some());
        assert!(overlapping(&stored, &grant("A", "2023-01-01", Some("2023-12-31"))).is_none());
    }

    #[test]
    fn a_renewal_moves_the_end_later_and_an_ending_earlier() {
        let g = grant("A", "2024-01-01", Some("2024-12-31"));
        let day = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        assert!(check_end(&g, day("2025-12-31"), Move::Later).is_ok());
        assert!(check_end(&g, None, Move::Later).is_ok());
        assert!(check_end(&g, day("2024-12-31"), Move::Later).is_err());
        assert!(check_end(&g, day("2024-06-30"), Move::Earlier).is_ok());
        assert!(check_end(&g, day("2025-01-01"), Move::Earlier).is_err());
        assert!(check_end(&g, None, Move::Earlier).is_err());
        assert!(check_end(&g, day("2023-12-31"), Move::Earlier).is_err());
        let open = grant("A", "2024-01-01", None);
        assert!(check_end(&open, day("2025-01-01"), Move::Later).is_err());
        assert!(check_end(&open, day("2024-03-31"), Move::Earlier).is_ok());
    }
}
