//! `Profiles`: accounts (public fields; contacts come with sign-in), their roles, and
//! the system admin's queues (wallet-recovery requests and publisher applications).

use super::{
    communities::Member,
    content::Document,
    context::{caller_is_admin, info},
    loaders::{self, User},
    points::Balance,
    types::{BlockInput, Source, Total, at, checksum, connection, int, page, parse_address},
};
use crate::{
    auth::{self, Account},
    error::{ApiResult, bad_input, forbidden, internal},
    repo::{self, ApplicationRow, RecoveryRequestRow, UserKey},
};
use async_graphql::{
    Context, Enum, Object, SimpleObject,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

#[Object]
impl User {
    /// The wallet address (checksummed).
    async fn address(&self) -> String {
        checksum(&self.0.ethereum_address)
    }
    /// The unique handle.
    async fn username(&self) -> &str {
        &self.0.username
    }
    /// Whether a verifier verified the player (verified players create communities).
    async fn verified(&self) -> bool {
        self.0.is_verified
    }
    /// keccak256 of the profile document.
    async fn profile_hash(&self) -> &str {
        &self.0.profile_hash
    }
    /// Unix seconds of registration.
    async fn registered_at(&self) -> i64 {
        int(self.0.registered_at)
    }
    /// The profile document (`displayName`, `avatar`, `bio`; its body only when it
    /// matches `profileHash`).
    async fn profile(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.profile_hash).await
    }
    /// The roles the account holds.
    async fn roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<Role>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::roles(pool, &self.0.ethereum_address)
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
        Ok(repo::balances(pool, &self.0.ethereum_address)
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
        Ok(repo::memberships(pool, &self.0.ethereum_address)
            .await
            .map_err(internal)?
            .into_iter()
            .map(Member)
            .collect())
    }
    /// Payouts waiting in an escrow (call `withdraw(token)` on `contract`).
    async fn credits(&self, ctx: &Context<'_>) -> ApiResult<Vec<Credit>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::credits(pool, &self.0.ethereum_address)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| Credit {
                contract: checksum(&c.contract),
                token: checksum(&c.token),
                owed: c.owed,
            })
            .collect())
    }
    /// The log that last changed the account.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

impl User {
    /// The account's private data, for its owner and the system admin only.
    async fn private(&self, ctx: &Context<'_>) -> ApiResult<Account> {
        let own = info(ctx)
            .caller
            .as_ref()
            .is_some_and(|c| c.address == self.0.ethereum_address);
        if !own && !caller_is_admin(ctx).await? {
            return Err(forbidden(
                "contact details are visible to their owner and the system admin only",
            ));
        }
        let pool = ctx.data_unchecked::<MySqlPool>();
        auth::account(pool, &self.0.ethereum_address)
            .await
            .map_err(internal)
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

/// A recovery request's state.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::RecoveryStatus")]
pub enum RecoveryStatus {
    /// Waiting for the system admin.
    Pending,
    /// Approved: the account moved.
    Approved,
    /// Rejected.
    Rejected,
}

impl RecoveryStatus {
    /// The label stored in the read model (declared once in `read_model::RecoveryStatus`).
    fn label(self) -> &'static str {
        read_model::RecoveryStatus::from(self).label()
    }
}

/// A request to move an account to a new wallet.
pub struct RecoveryRequest(pub RecoveryRequestRow);

#[Object]
impl RecoveryRequest {
    /// The request's on-chain id.
    async fn id(&self) -> String {
        self.0.request_id.to_string()
    }
    /// The username to move.
    async fn username(&self) -> &str {
        &self.0.username
    }
    /// The lost wallet.
    async fn old_account(&self) -> String {
        checksum(&self.0.old_account)
    }
    /// The new wallet (who asked).
    async fn new_account(&self) -> String {
        checksum(&self.0.new_account)
    }
    /// The evidence document.
    async fn evidence(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.evidence_hash).await
    }
    /// Its state.
    async fn status(&self) -> RecoveryStatus {
        read_model::RecoveryStatus::from_label(&self.0.status)
            .unwrap_or(read_model::RecoveryStatus::Pending)
            .into()
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// The log that last changed it.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// A player's application for the task publisher role.
pub struct PublisherApplication(pub ApplicationRow);

#[Object]
impl PublisherApplication {
    /// The application's on-chain id.
    async fn id(&self) -> String {
        self.0.row.application_id.to_string()
    }
    /// The applicant's address.
    async fn account(&self) -> String {
        checksum(&self.0.row.account)
    }
    /// The applicant's account.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        loaders::user(ctx, &self.0.row.account).await
    }
    /// The application document.
    async fn application(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.row.application_hash).await
    }
    /// Whether the applicant holds the publisher role now.
    async fn granted(&self) -> bool {
        self.0.granted
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        int(self.0.row.created_at)
    }
    /// The `PublisherApplied` log.
    async fn source(&self) -> Source {
        Source::of(&self.0.row)
    }
}

/// The system admin's queues.
#[derive(Default)]
pub struct AdminQueueQuery;

#[Object]
impl AdminQueueQuery {
    /// Wallet-recovery requests, newest first (the system admin's queue).
    async fn recovery_requests(
        &self,
        ctx: &Context<'_>,
        status: Option<RecoveryStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, RecoveryRequest, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::recovery_requests(pool, status.map(RecoveryStatus::label), (offset, limit))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, RecoveryRequest))
    }

    /// Applications for the task publisher role, newest first.
    async fn publisher_applications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, PublisherApplication, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::publisher_applications(pool, (offset, limit))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, PublisherApplication))
    }
}
