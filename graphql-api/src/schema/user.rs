//! Accounts (public fields; contacts come with sign-in).

use super::types::{BlockInput, Source, Total, at, checksum, connection, page, parse_address};
use crate::{
    error::{ApiResult, bad_input, internal},
    repo::{self, UserKey, UserRow},
};
use async_graphql::{
    Context, Object,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

/// A registered player.
pub struct User(pub UserRow);

#[Object]
impl User {
    /// The wallet address (checksummed).
    async fn address(&self) -> String {
        checksum(&self.0.address)
    }
    /// The unique handle.
    async fn username(&self) -> &str {
        &self.0.username
    }
    /// Whether a verifier verified the player (verified players create communities).
    async fn verified(&self) -> bool {
        self.0.verified
    }
    /// keccak256 of the profile document.
    async fn profile_hash(&self) -> &str {
        &self.0.profile_hash
    }
    /// Unix seconds of registration.
    async fn registered_at(&self) -> i64 {
        self.0.registered_at
    }
    /// The log that last changed the account.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// Queries about users.
#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// A user by wallet address (`null` for visitors).
    async fn user(
        &self,
        ctx: &Context<'_>,
        address: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<User>> {
        let address = parse_address(&address)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::user_by(pool, UserKey::Address, &address, at(block))
            .await
            .map_err(internal)?
            .map(User))
    }

    /// A user by username.
    async fn user_by_name(
        &self,
        ctx: &Context<'_>,
        username: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<User>> {
        if username.is_empty() || username.len() > 32 {
            return Err(bad_input("a username is 3 to 32 characters"));
        }
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::user_by(pool, UserKey::Username, &username, at(block))
            .await
            .map_err(internal)?
            .map(User))
    }

    /// Users in registration order, as a Relay connection.
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, User, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::users(pool, offset, limit, at(block))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, User))
    }
}
