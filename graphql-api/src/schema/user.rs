//! Accounts (public fields; contacts come with sign-in).

use super::{
    content::Document,
    context::{caller_is_admin, info},
    social::Member,
    types::{BlockInput, Source, Total, at, checksum, connection, page, parse_address},
};
use crate::{
    auth::{self, Account},
    error::{ApiResult, bad_input, forbidden, internal},
    repo::{self, UserKey, UserRow},
};
use async_graphql::{
    Context, Enum, Object, SimpleObject,
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
    /// The profile document (`displayName`, `avatar`, `bio`; its body only when it
    /// matches `profileHash`).
    async fn profile(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.profile_hash).await
    }
    /// The roles the account holds.
    async fn roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<Role>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::roles(pool, &self.0.address)
            .await
            .map_err(internal)?
            .iter()
            .filter_map(|r| Role::from_label(r))
            .collect())
    }
    /// Email (only the owner and the system admin may read it).
    async fn email(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.private(ctx).await?.email)
    }
    /// Phone (only the owner and the system admin may read it).
    async fn phone(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.private(ctx).await?.phone)
    }
    /// Whether the email was confirmed (owner and system admin only).
    async fn email_verified(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(self.private(ctx).await?.email_verified)
    }
    /// Whether a password login is set up (owner and system admin only).
    async fn has_password(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(self.private(ctx).await?.password_hash.is_some())
    }
    /// Community point balances (non-zero).
    async fn balances(&self, ctx: &Context<'_>) -> ApiResult<Vec<Balance>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::balances(pool, &self.0.address)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|b| Balance {
                token: checksum(&b.token),
                community_id: b.community_id.to_string(),
                symbol: b.symbol,
                name: b.name,
                balance: b.balance,
            })
            .collect())
    }
    /// The communities the account joined, left or was banned from.
    async fn memberships(&self, ctx: &Context<'_>) -> ApiResult<Vec<Member>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::memberships(pool, &self.0.address)
            .await
            .map_err(internal)?
            .into_iter()
            .map(Member)
            .collect())
    }
    /// Payouts waiting in an escrow (call `withdraw(token)` on `contract`).
    async fn credits(&self, ctx: &Context<'_>) -> ApiResult<Vec<Credit>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::credits(pool, &self.0.address)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(contract, token, owed)| Credit {
                contract: checksum(&contract),
                token: checksum(&token),
                owed,
            })
            .collect())
    }
    /// The log that last changed the account.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

impl User {
    /// The account's private data, for its owner and the system admin only.
    async fn private(&self, ctx: &Context<'_>) -> ApiResult<Account> {
        let own = info(ctx)
            .caller
            .as_ref()
            .is_some_and(|c| c.address == self.0.address);
        if !own && !caller_is_admin(ctx).await? {
            return Err(forbidden(
                "contact details are visible to their owner and the system admin only",
            ));
        }
        let pool = ctx.data_unchecked::<MySqlPool>();
        auth::account(pool, &self.0.address).await.map_err(internal)
    }
}

/// A role held in `Profiles`.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum Role {
    /// The system admin (`DEFAULT_ADMIN_ROLE`).
    SystemAdmin,
    /// Verifies players.
    Verifier,
    /// Publishes tasks.
    TaskPublisher,
    /// Pauses the contracts.
    Pauser,
}

impl Role {
    fn from_label(label: &str) -> Option<Self> {
        Some(match label {
            "SYSTEM_ADMIN" => Role::SystemAdmin,
            "VERIFIER" => Role::Verifier,
            "TASK_PUBLISHER" => Role::TaskPublisher,
            "PAUSER" => Role::Pauser,
            _ => return None,
        })
    }
}

/// A community point balance.
#[derive(SimpleObject)]
pub struct Balance {
    /// The point token (checksummed).
    pub token: String,
    /// Its community.
    pub community_id: String,
    /// The token's symbol.
    pub symbol: String,
    /// The token's name.
    pub name: String,
    /// Whole points (a decimal string).
    pub balance: String,
}

/// A payout waiting in an escrow contract.
#[derive(SimpleObject)]
pub struct Credit {
    /// The contract holding it.
    pub contract: String,
    /// The token (`0x000…0` = ETH).
    pub token: String,
    /// The amount owed.
    pub owed: String,
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
