//! The list of user accounts (administrators only).

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object};

use crate::db::users;
use crate::graphql::context::db;
use crate::graphql::error::GqlResult;
use crate::graphql::object::audit::User;
use crate::graphql::object::partner::Totals;
use crate::graphql::policy::Policy;
use crate::graphql::relay::{MAX_PAGE, decode_cursor, encode_cursor, page_size, selects_total};

/// User queries.
#[derive(Default)]
pub struct UsersQuery;

#[Object]
impl UsersQuery {
    /// Every user account, by email (`first` at most 100).
    #[graphql(
        guard = "Policy(\"Query.users\")",
        complexity = "crate::graphql::limits::page(first, 20, 100, child_complexity)"
    )]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, User, Totals>> {
        let limit = page_size(first, MAX_PAGE)?;
        let after_email: Option<String> = after
            .as_deref()
            .map(|c| decode_cursor(c, "after"))
            .transpose()?;
        let db = db(ctx)?;
        let total = if selects_total(ctx) {
            users::count(db).await.gql()?
        } else {
            0
        };
        let (rows, more) = users::page(db, after_email.as_deref(), limit).await.gql()?;
        let mut conn = Connection::with_additional_fields(
            after_email.is_some(),
            more,
            Totals {
                total_count: total as i64,
            },
        );
        conn.edges.extend(rows.into_iter().filter_map(|r| {
            let cursor = encode_cursor(&r.email);
            User::from_row(r).map(|u| Edge::new(cursor, u))
        }));
        Ok(conn)
    }
}
