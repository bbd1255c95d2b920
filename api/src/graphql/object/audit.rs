//! The audit trail as clients read it, and the user accounts administrators manage.

use async_graphql::{ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::enums::Role;
use crate::db::audit::EventRow;
use crate::db::users::UserRow;
use crate::graphql::relay::global_id;

/// One recorded change: who, when, what, the values before and after, and the score impact.
pub struct AuditEvent(pub EventRow);

#[Object]
impl AuditEvent {
    /// Opaque id.
    async fn id(&self) -> ID {
        global_id("AuditEvent", &self.0.event.id.to_string())
    }

    /// When it happened.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.event.occurred_at
    }

    /// Who did it: the user's email, or `token:NAME` for a service token.
    async fn actor(&self) -> &str {
        &self.0.event.actor
    }

    /// What was done: `professional.create`, `professional.update`, `certification.add`,
    /// `certification.remove`, `professional.associate`, `association.end`, `professional.move`,
    /// `bulk.associate`, `user.create`, `user.disable`, `user.reset_password`, `user.clear_login_throttle`.
    async fn action(&self) -> &str {
        &self.0.event.action
    }

    /// The kind of thing changed: `professional`, `certification`, `association`, `bulk`, `user`.
    async fn entity_type(&self) -> &str {
        &self.0.event.entity_type
    }

    /// Its key: a profile id, `profile/code/earned-on`, an association number, a bulk id, an email.
    async fn entity_key(&self) -> &str {
        &self.0.event.entity_key
    }

    /// The partner whose data changed (PartnerID), if any.
    async fn partner_id(&self) -> Option<&str> {
        self.0.partner_code.as_deref()
    }

    /// The professional concerned (profile id), if any.
    async fn professional_id(&self) -> Option<&str> {
        self.0.professional_code.as_deref()
    }

    /// The values before, as a JSON document (null for a creation).
    async fn before(&self) -> Option<&str> {
        self.0.event.before_state.as_deref()
    }

    /// The values after, as a JSON document (null for a removal).
    async fn after(&self) -> Option<&str> {
        self.0.event.after_state.as_deref()
    }

    /// The score impact, as a JSON array of the designations that change:
    /// `[{partnerId, designation, before, after, delta, meetsBefore, meetsAfter, metrics}]`.
    async fn score_impact(&self) -> Option<&str> {
        self.0.event.score_impact.as_deref()
    }

    /// The id of the HTTP request that made the change, when known.
    async fn request_id(&self) -> Option<&str> {
        self.0.event.request_id.as_deref()
    }
}

/// A user account (never its password).
#[derive(SimpleObject, Clone, Debug)]
pub struct User {
    /// Opaque id.
    pub id: ID,
    /// Email (the login).
    pub email: String,
    /// Role.
    pub role: Role,
    /// PartnerID of a partner admin.
    pub partner_id: Option<String>,
    /// Whether logins and tokens of this user are refused.
    pub disabled: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl User {
    /// The object of a stored account (`None` for a role this build does not know).
    pub fn from_row(row: UserRow) -> Option<Self> {
        let role: crate::auth::Role = row.role.parse().ok()?;
        Some(Self {
            id: global_id("User", &row.id.to_string()),
            email: row.email,
            role: role.into(),
            partner_id: row.partner_code,
            disabled: row.disabled,
            created_at: row.created_at,
        })
    }
}
