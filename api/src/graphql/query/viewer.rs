//! Who is calling.

use async_graphql::{Context, Object, SimpleObject};

use crate::graphql::context::caller;
use crate::graphql::object::enums::Role;
use crate::graphql::policy::Policy;

/// The signed-in caller.
#[derive(SimpleObject)]
pub struct Viewer {
    /// E-mail or token name.
    pub label: String,
    /// Role.
    pub role: Role,
    /// PartnerID of a partner admin.
    pub partner_id: Option<String>,
}

/// Viewer queries.
#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The signed-in caller, or `null` when anonymous.
    #[graphql(guard = "Policy(\"Query.viewer\")")]
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Viewer>> {
        let c = caller(ctx)?;
        Ok(c.role.map(|role| Viewer {
            label: c.label.clone(),
            role: role.into(),
            partner_id: c.partner.as_ref().map(|(_, p)| p.clone()),
        }))
    }
}
