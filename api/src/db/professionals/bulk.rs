//! Associating or ending many professionals with one partner in one request, all or nothing: every
//! row is planned against the database as it is (`plan` and `decide`: valid rows become steps,
//! the others are reported), and only when no row is invalid are the steps applied and audited.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use entities::{partners, professional_associations, professionals};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, Set};
use serde_json::{Value, json};

use super::associate::{already_open_message, check_no_overlap, set_end};
use super::audit_json::{association_json, impact_json};
use super::impact::{PartnerImpact, impact, impact_month};
use super::{
    begin, commit_with_event, next_version, read, refresh_after, retrying, writable_partner, writer,
};
use crate::auth::Caller;
use crate::db::audit::{Actor, NewEvent};
use crate::db::partners::Scope;
use crate::db::scores::{self, Engine};
use crate::domain::Month;
use crate::error::{Problem, ProblemCode, WriteError};
use crate::score::what_if::Change;

/// Most rows of one bulk request.
pub const MAX_BULK_ROWS: usize = 5000;

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
    retrying(|| bulk_once(db, engine, actor, partner_id, rows.clone(), dry_run)).await
}

/// One attempt of [`bulk`].
async fn bulk_once(
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
    let partner = writable_partner(&txn, actor.caller, partner_id, "partnerId").await?;
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
    commit_with_event(txn, actor, all_events).await?;
    refresh_after(db, engine, &[partner.id]).await;
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
    // Any professional, whoever holds it: `decide` tells the caller which rows it may not apply.
    let pros = read::by_codes(conn, Scope::All, &codes).await?;
    let ids: Vec<i64> = pros.values().map(|p| p.id).collect();
    let links = read::associations_of_many(conn, &ids).await?;
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

/// Why a row is not applied: nothing to do, or invalid (code, argument, message).
enum Decision {
    Skip(String),
    Invalid(ProblemCode, &'static str, String),
}

/// Decides one row: `Ok(Some)` a step and what it does, `Ok(None)` nothing to do, `Err` a skip or
/// an invalid row. `seen` holds the profile ids of the rows before, with their lines.
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
        if !set_end(txn, association.id, *on, association.version, now).await? {
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
            .map_err(|e| WriteError::unique_or_db(e, &["input", "rows"], already_open_message()))?;
        // Read the new rows back for their ids (one query per chunk).
        let ids: Vec<i64> = chunk.iter().map(|(p, _, _)| p.id).collect();
        let created = read::open_associations_with(txn, partner.id, &ids).await?;
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
