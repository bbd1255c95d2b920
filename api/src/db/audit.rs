//! The audit trail: one row per change (who, when, what, the values before and after, the score
//! impact, the request), written in the transaction of the change; read newest first within the
//! caller's [`Scope`], a page at a time or as a whole for the CSV export. Also the list of user
//! accounts the trail's actors come from.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use entities::{audit_events, partners, professionals, users};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::partners::Scope;
use crate::auth::Caller;
use crate::error::AppError;

/// Who makes a change, and in which request: what every audit event records about its author.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The authenticated caller (its label and user id go into the trail; its role decides).
    pub caller: &'a Caller,
    /// The request id of the HTTP request, when the transport passed it on.
    pub request_id: Option<&'a str>,
}

/// The request id of the current request, put in the GraphQL request data by the transport.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// One change to record.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// What was done, `entity.verb`: `professional.associate`, `association.end`, …
    pub action: String,
    /// The kind of thing changed: `professional`, `certification`, `association`, `user`, `bulk`.
    pub entity_type: String,
    /// Its natural key (profile id, `profile/code/earned-on`, association id, email).
    pub entity_key: String,
    /// The partner whose data changed (database id), if any.
    pub partner_id: Option<i64>,
    /// The professional concerned (database id), if any.
    pub professional_id: Option<i64>,
    /// The values before (`None` for a creation).
    pub before: Option<serde_json::Value>,
    /// The values after (`None` for a removal).
    pub after: Option<serde_json::Value>,
    /// The score impact, per partner and designation.
    pub score_impact: Option<serde_json::Value>,
}

/// Writes events, in the caller's transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: Actor<'_>,
    events: Vec<NewEvent>,
) -> Result<(), AppError> {
    if events.is_empty() {
        return Ok(());
    }
    // Whole microseconds: both databases store that precision, so what is read back equals what a
    // cursor or a time filter compares against.
    let now = Utc::now().trunc_subsecs(6);
    let text = |v: Option<serde_json::Value>| v.map(|v| v.to_string());
    let rows: Vec<audit_events::ActiveModel> = events
        .into_iter()
        .map(|e| audit_events::ActiveModel {
            occurred_at: Set(now),
            actor_user_id: Set(actor.caller.user_id),
            actor: Set(actor.caller.label.clone()),
            action: Set(e.action),
            entity_type: Set(e.entity_type),
            entity_key: Set(e.entity_key),
            partner_id: Set(e.partner_id),
            professional_id: Set(e.professional_id),
            before_state: Set(text(e.before)),
            after_state: Set(text(e.after)),
            score_impact: Set(text(e.score_impact)),
            request_id: Set(actor.request_id.map(str::to_string)),
            ..Default::default()
        })
        .collect();
    // 12 values a row: far below the bind-parameter limits of both databases.
    for chunk in rows.chunks(500) {
        audit_events::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Which events to read. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// The partner whose data changed (database id).
    pub partner: Option<i64>,
    /// The professional concerned (database id).
    pub professional: Option<i64>,
    /// The actor's label (an email, any case; or `token:NAME`, exactly).
    pub actor: Option<String>,
    /// Events at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant.
    pub to: Option<DateTime<Utc>>,
    /// The action, exactly (`professional.associate`, …).
    pub action: Option<String>,
}

/// A filter as clients send it: natural keys instead of database ids.
#[derive(Debug, Clone, Default)]
pub struct FilterKeys {
    /// PartnerID.
    pub partner_id: Option<String>,
    /// Certification profile id.
    pub professional_id: Option<String>,
    /// The actor's label.
    pub actor: Option<String>,
    /// Events at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant.
    pub to: Option<DateTime<Utc>>,
    /// The action.
    pub action: Option<String>,
}

/// What a filter of natural keys means for a caller.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// Read the events matching this filter (within the caller's scope).
    Filter(AuditFilter),
    /// No event can match (an unknown professional, or partner for a caller who reads every partner).
    Nothing,
    /// A partner admin asked for another partner's events.
    Forbidden,
}

/// Turns natural keys into a filter of database ids, within `scope`: a partner admin naming any
/// partner but its own (or one that does not exist) is refused, never answered with an empty list
/// that would tell which partners exist.
pub async fn resolve_filter(
    db: &impl ConnectionTrait,
    scope: Scope,
    keys: FilterKeys,
) -> Result<Resolved, AppError> {
    let mut filter = AuditFilter {
        actor: keys.actor.filter(|a| !a.trim().is_empty()),
        from: keys.from,
        to: keys.to,
        action: keys.action.filter(|a| !a.trim().is_empty()),
        ..Default::default()
    };
    if let Some(code) = keys.partner_id.filter(|c| !c.trim().is_empty()) {
        match (partner_db_id(db, code.trim()).await?, scope) {
            (Some(id), s) if s.includes(id) => filter.partner = Some(id),
            (_, Scope::Partner(_)) => return Ok(Resolved::Forbidden),
            (None, Scope::All) | (Some(_), Scope::All) => return Ok(Resolved::Nothing),
        }
    }
    if let Some(code) = keys.professional_id.filter(|c| !c.trim().is_empty()) {
        match professional_db_id(db, code.trim()).await? {
            Some(id) => filter.professional = Some(id),
            None => return Ok(Resolved::Nothing),
        }
    }
    Ok(Resolved::Filter(filter))
}

/// An event with the natural keys of the partner and professional it refers to.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// The stored event.
    pub event: audit_events::Model,
    /// The PartnerID of `event.partner_id`.
    pub partner_code: Option<String>,
    /// The profile id of `event.professional_id`.
    pub professional_code: Option<String>,
}

fn condition(scope: Scope, filter: &AuditFilter) -> Condition {
    let mut c = Condition::all();
    if let Scope::Partner(own) = scope {
        c = c.add(audit_events::Column::PartnerId.eq(own));
    }
    if let Some(p) = filter.partner {
        c = c.add(audit_events::Column::PartnerId.eq(p));
    }
    if let Some(p) = filter.professional {
        c = c.add(audit_events::Column::ProfessionalId.eq(p));
    }
    if let Some(a) = &filter.actor {
        // Emails are stored lowercase; a service token's `token:NAME` keeps its case.
        c = c.add(
            Condition::any()
                .add(audit_events::Column::Actor.eq(a.trim()))
                .add(audit_events::Column::Actor.eq(a.trim().to_lowercase())),
        );
    }
    if let Some(from) = filter.from {
        c = c.add(audit_events::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        c = c.add(audit_events::Column::OccurredAt.lt(to));
    }
    if let Some(a) = &filter.action {
        c = c.add(audit_events::Column::Action.eq(a.as_str()));
    }
    c
}

/// How many events match, in scope.
pub async fn count(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: &AuditFilter,
) -> Result<u64, AppError> {
    Ok(audit_events::Entity::find()
        .filter(condition(scope, filter))
        .count(db)
        .await?)
}

/// One page of matching events in scope, newest first (by the order they were recorded), after the
/// event with id `after`; and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: &AuditFilter,
    after: Option<i64>,
    limit: u64,
) -> Result<(Vec<EventRow>, bool), AppError> {
    let mut q = audit_events::Entity::find().filter(condition(scope, filter));
    if let Some(id) = after {
        q = q.filter(audit_events::Column::Id.lt(id));
    }
    let mut rows = q
        .order_by_desc(audit_events::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((with_keys(db, rows).await?, more))
}

/// Adds the partners' and professionals' natural keys to a page of events (two queries).
async fn with_keys(
    db: &impl ConnectionTrait,
    rows: Vec<audit_events::Model>,
) -> Result<Vec<EventRow>, AppError> {
    let mut partner_ids: Vec<i64> = rows.iter().filter_map(|r| r.partner_id).collect();
    partner_ids.sort_unstable();
    partner_ids.dedup();
    let mut professional_ids: Vec<i64> = rows.iter().filter_map(|r| r.professional_id).collect();
    professional_ids.sort_unstable();
    professional_ids.dedup();
    let partner_codes: HashMap<i64, String> = if partner_ids.is_empty() {
        HashMap::new()
    } else {
        partners::Entity::find()
            .select_only()
            .column(partners::Column::Id)
            .column(partners::Column::PartnerId)
            .filter(partners::Column::Id.is_in(partner_ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let professional_codes: HashMap<i64, String> = if professional_ids.is_empty() {
        HashMap::new()
    } else {
        professionals::Entity::find()
            .select_only()
            .column(professionals::Column::Id)
            .column(professionals::Column::ProfessionalId)
            .filter(professionals::Column::Id.is_in(professional_ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|event| EventRow {
            partner_code: event
                .partner_id
                .and_then(|id| partner_codes.get(&id).cloned()),
            professional_code: event
                .professional_id
                .and_then(|id| professional_codes.get(&id).cloned()),
            event,
        })
        .collect())
}

/// The database id of a partner by PartnerID.
pub async fn partner_db_id(db: &impl ConnectionTrait, code: &str) -> Result<Option<i64>, AppError> {
    Ok(partners::Entity::find()
        .select_only()
        .column(partners::Column::Id)
        .filter(partners::Column::PartnerId.eq(code))
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

/// The database id of a professional by profile id.
pub async fn professional_db_id(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<i64>, AppError> {
    Ok(professionals::Entity::find()
        .select_only()
        .column(professionals::Column::Id)
        .filter(professionals::Column::ProfessionalId.eq(code))
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

// ---------------------------------------------------------------- user accounts

/// A user account as listed to administrators (never the password hash).
#[derive(Debug, Clone)]
pub struct UserRow {
    /// Database id.
    pub id: i64,
    /// Email.
    pub email: String,
    /// Stored role name.
    pub role: String,
    /// The PartnerID of a partner admin.
    pub partner_code: Option<String>,
    /// Whether it is disabled.
    pub disabled: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// How many user accounts exist.
pub async fn count_users(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(users::Entity::find().count(db).await?)
}

/// One page of user accounts by email, after the account with email `after`; and whether more follow.
pub async fn users_page(
    db: &impl ConnectionTrait,
    after: Option<&str>,
    limit: u64,
) -> Result<(Vec<UserRow>, bool), AppError> {
    let mut q = users::Entity::find().find_also_related(partners::Entity);
    if let Some(email) = after {
        q = q.filter(users::Column::Email.gt(email));
    }
    let mut rows = q
        .order_by_asc(users::Column::Email)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((
        rows.into_iter()
            .map(|(u, p)| UserRow {
                id: u.id,
                email: u.email,
                role: u.role,
                partner_code: p.map(|p| p.partner_id),
                disabled: u.disabled,
                created_at: u.created_at,
            })
            .collect(),
        more,
    ))
}

/// One user account by email (normalized).
pub async fn user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<UserRow>, AppError> {
    let email = crate::auth::users::normalize_email(email);
    Ok(users::Entity::find()
        .find_also_related(partners::Entity)
        .filter(users::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|(u, p)| UserRow {
            id: u.id,
            email: u.email,
            role: u.role,
            partner_code: p.map(|p| p.partner_id),
            disabled: u.disabled,
            created_at: u.created_at,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_admin_scope_always_restricts_to_its_partner() {
        let c = condition(
            Scope::Partner(7),
            &AuditFilter {
                partner: Some(8),
                ..Default::default()
            },
        );
        let sql = sea_orm::QueryTrait::build(
            &audit_events::Entity::find().filter(c),
            sea_orm::DbBackend::Sqlite,
        )
        .to_string();
        assert!(sql.contains("\"partner_id\" = 7"), "{sql}");
        assert!(sql.contains("\"partner_id\" = 8"), "{sql}");
    }
}
