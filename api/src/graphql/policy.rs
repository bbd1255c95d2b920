//! Who may call each root field: one table of [`Access`] classes, checked by one guard, and a test
//! that fails when a root field of the schema has no entry. What each class admits is stated once in
//! `auth/policy.rs`, which the writes in `db/` ask too.

use async_graphql::{Context, Guard};

use super::context::caller;
use super::error::{code, coded, forbidden};
pub use crate::auth::policy::{Access, allows};

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
    ("Query.programSummary", Access::SignedIn),
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
    ("Mutation.recordSpecialization", Access::Admin),
    ("Mutation.renewSpecialization", Access::Admin),
    ("Mutation.endSpecialization", Access::Admin),
    ("Mutation.createUser", Access::Admin),
    ("Mutation.disableUser", Access::Admin),
    ("Mutation.enableUser", Access::Admin),
    ("Mutation.resetPassword", Access::Admin),
    ("Mutation.clearLoginThrottle", Access::Admin),
    ("Query.webhooks", Access::Writers),
    ("Query.webhook", Access::Writers),
    ("Mutation.createWebhook", Access::Writers),
    ("Mutation.updateWebhook", Access::Writers),
    ("Mutation.deleteWebhook", Access::Writers),
    ("Mutation.sendTestWebhookEvent", Access::Writers),
    ("Mutation.redeliverWebhookDelivery", Access::Writers),
    ("Subscription.scoreEvents", Access::SignedIn),
];

/// The rule of a root field, if it has one.
pub fn rule(field: &str) -> Option<Access> {
    POLICY.iter().find(|(f, _)| *f == field).map(|(_, a)| *a)
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
