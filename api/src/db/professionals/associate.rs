//! A professional's associations with partners: associating it with a partner from a day, ending an
//! association (or correcting its end), and moving it from one partner to another. A professional
//! has at most one open association, and its periods never overlap.

use chrono::{NaiveDate, Utc};
use entities::{professional_associations, professionals};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::audit_json::{association_json, impact_json};
use super::impact::{PartnerImpact, impact, impact_month, impact_with};
use super::{
    begin, commit_with_event, next_version, partner_by_id, read, refresh_after,
    require_professional, retrying, stale, writable_partner, writer, written_partner,
};
use crate::db::audit::{Actor, NewEvent};
use crate::db::scores::{self, Engine};
use crate::domain::Month;
use crate::error::{AppError, Problem, WriteError};
use crate::score::what_if::Change;

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

/// Checks that a new period from `on` overlaps none of the professional's closed periods.
pub(super) fn check_no_overlap(
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

/// The professional is associated with another partner. Whom and since when are that partner's
/// business: a caller who cannot read it (`partner` is `None`) learns only that the professional is
/// taken.
fn open_elsewhere(open: &professional_associations::Model, partner: Option<&str>) -> Problem {
    let message = match partner {
        Some(partner) => format!(
            "the professional is associated with partner {partner} since {}; use moveProfessional to move them",
            open.associated_on
        ),
        None => "the professional is associated with another partner".to_string(),
    };
    Problem::conflict(&["input", "professionalId"], message)
}

/// Someone else opened an association of the professional between our check and our insert.
pub(super) fn already_open_message() -> &'static str {
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
    retrying(|| associate_once(db, engine, actor, professional_id, partner_id, on)).await
}

/// One attempt of [`associate`].
async fn associate_once(
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
    let partner = writable_partner(&txn, actor.caller, partner_id, "partnerId").await?;
    let links = read::associations_of(&txn, pro.id).await?;
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
        let other = partner_by_id(&txn, actor.caller.reads(), open.partner_id).await?;
        return Err(open_elsewhere(open, other.as_ref().map(|p| p.partner_id.as_str())).into());
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
    .map_err(|e| {
        WriteError::unique_or_db(e, &["input", "professionalId"], already_open_message())
    })?;
    scores::queue(&txn, &[partner.id], Month::of(on)).await?;
    let event = NewEvent {
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
    };
    commit_with_event(txn, actor, [event]).await?;
    refresh_after(db, engine, &[partner.id]).await;
    Ok(AssociationChange {
        association: row,
        previous: None,
        professional: pro,
        impacts,
    })
}

/// Sets the end day of an association whose version is still `version`, and bumps the version. No
/// row means someone else changed it first.
pub(super) async fn set_end(
    txn: &impl sea_orm::ConnectionTrait,
    association: i64,
    on: NaiveDate,
    version: i32,
    now: chrono::DateTime<Utc>,
) -> Result<bool, AppError> {
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
        .filter(professional_associations::Column::Id.eq(association))
        .filter(professional_associations::Column::Version.eq(version))
        .exec(txn)
        .await?;
    Ok(done.rows_affected > 0)
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
    retrying(|| end_association_once(db, engine, actor, association_id, on, version)).await
}

/// One attempt of [`end_association`].
async fn end_association_once(
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
    let Some(before) = read::association(&txn, association_id).await? else {
        return Err(Problem::not_found(&["input", "associationId"], "no such association").into());
    };
    let partner = written_partner(&txn, actor.caller, before.partner_id).await?;
    let pro = match super::scope(actor.caller.writes()) {
        Some(scope) => read::by_id(&txn, scope, before.professional_id).await?,
        None => None,
    }
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
    let links = read::associations_of(&txn, pro.id).await?;
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
    if !set_end(&txn, before.id, on, version, Utc::now()).await? {
        return Err(stale("association", before.version + 1, version).into());
    }
    let after = read::association(&txn, before.id)
        .await?
        .ok_or_else(|| AppError::database("association vanished inside its transaction"))?;
    let from = before.removed_on.map_or(on, |old| std::cmp::min(old, on));
    scores::queue(&txn, &[partner.id], Month::of(from)).await?;
    let event = NewEvent {
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
    };
    commit_with_event(txn, actor, [event]).await?;
    refresh_after(db, engine, &[partner.id]).await;
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
    retrying(|| {
        move_professional_once(
            db,
            engine,
            actor,
            professional_id,
            to_partner_id,
            on,
            version,
        )
    })
    .await
}

/// One attempt of [`move_professional`].
async fn move_professional_once(
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
    let links = read::associations_of(&txn, pro.id).await?;
    let Some(current) = links.iter().find(|a| a.removed_on.is_none()).cloned() else {
        return Err(Problem::not_found(
            &["input", "professionalId"],
            "the professional has no open association to move; use associateProfessional",
        )
        .into());
    };
    let to = writable_partner(&txn, actor.caller, to_partner_id, "toPartnerId").await?;
    if !actor.caller.can_write_partner(current.partner_id) {
        return Err(WriteError::Forbidden);
    }
    if current.version != version {
        return Err(stale("association", current.version, version).into());
    }
    let from = written_partner(&txn, actor.caller, current.partner_id).await?;
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
    if !set_end(&txn, current.id, on, version, now).await? {
        return Err(stale("association", current.version + 1, version).into());
    }
    let ended = read::association(&txn, current.id)
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
    .map_err(|e| {
        WriteError::unique_or_db(e, &["input", "professionalId"], already_open_message())
    })?;
    scores::queue(&txn, &[from.id, to.id], Month::of(on)).await?;
    let moved = json!({"from": from.partner_id, "to": to.partner_id, "on": on});
    let events = [
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
    ];
    commit_with_event(txn, actor, events).await?;
    refresh_after(db, engine, &[from.id, to.id]).await;
    Ok(AssociationChange {
        association: row,
        previous: Some(ended),
        professional: pro,
        impacts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemCode;

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
}
