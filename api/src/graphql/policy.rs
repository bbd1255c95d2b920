//! Who may call each root field: one table, checked by one guard, and a test that fails when a root
//! field of the schema has no entry.

use async_graphql::{Context, Guard};

use super::context::caller;
use super::error::{code, coded, forbidden};
use crate::auth::Role;

/// Who may call a root field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the catalogue, `login`).
    Anyone,
    /// Any signed-in caller; data is limited to the caller's scope.
    SignedIn,
    /// Administrators and analysts (every partner), not partner admins.
    AllPartnersReaders,
    /// Administrators and partner admins (within their partner); never analysts.
    Writers,
    /// Administrators only.
    Admin,
}

/// The rule of every root field, `Type.field`.
pub const POLICY: &[(&str, Access)] = &[
    ("Query.node", Access::SignedIn),
    ("Query.partner", Access::SignedIn),
    ("Query.partners", Access::SignedIn),
    ("Query.designations", Access::Anyone),
    ("Query.designation", Access::Anyone),
    ("Query.specializations", Access::Anyone),
    ("Query.benefits", Access::Anyone),
    ("Query.certifications", Access::Anyone),
    ("Query.workloads", Access::Anyone),
    ("Query.ruleSets", Access::Anyone),
    ("Query.capabilityScores", Access::SignedIn),
    ("Query.latestMonth", Access::SignedIn),
    ("Query.viewer", Access::Anyone),
    ("Mutation.login", Access::Anyone),
    ("Query.simulateScore", Access::SignedIn),
    ("Query.auditEvents", Access::SignedIn),
    ("Query.users", Access::Admin),
    ("Mutation.createProfessional", Access::Writers),
    ("Mutation.updateProfessional", Access::Writers),
    ("Mutation.addCertification", Access::Writers),
    ("Mutation.removeCertification", Access::Writers),
    ("Mutation.associateProfessional", Access::Writers),
    ("Mutation.endAssociation", Access::Writers),
    ("Mutation.moveProfessional", Access::Writers),
    ("Mutation.bulkAssociate", Access::Writers),
    ("Mutation.createUser", Access::Admin),
    ("Mutation.disableUser", Access::Admin),
    ("Mutation.resetPassword", Access::Admin),
    ("Mutation.clearLoginThrottle", Access::Admin),
];

/// The rule of a root field, if it has one.
pub fn rule(field: &str) -> Option<Access> {
    POLICY.iter().find(|(f, _)| *f == field).map(|(_, a)| *a)
}

/// Whether a caller with `role` (None = anonymous) may call a field with rule `access`.
pub fn allows(access: Access, role: Option<Role>) -> bool {
    match access {
        Access::Anyone => true,
        Access::SignedIn => role.is_some(),
        Access::AllPartnersReaders => matches!(role, Some(Role::Admin | Role::Analyst)),
        Access::Writers => matches!(role, Some(Role::Admin | Role::PartnerAdmin)),
        Access::Admin => role == Some(Role::Admin),
    }
}

/// The guard every root field carries: `#[graphql(guard = "Policy(\"Query.partners\")")]`.
pub struct Policy(pub &'static str);

impl Guard for Policy {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let Some(access) = rule(self.0) else {
            // A field without a rule is refused for everyone (and the policy test fails).
            return Err(forbidden());
        };
        let role = caller(ctx)?.role;
        if allows(access, role) {
            Ok(())
        } else if role.is_none() {
            Err(coded(code::UNAUTHENTICATED, "sign in to do this"))
        } else {
            Err(forbidden())
        }
    }
}
