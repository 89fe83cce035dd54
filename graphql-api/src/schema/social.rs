//! Comments, memberships, point history, and the admin queues (recovery requests and
//! publisher applications), plus contract settings.

use super::{
    content::Document,
    loaders::UserLoader,
    types::{BlockInput, Source, Total, at, checksum, connection, page, parse_address, parse_id},
    user::User,
};
use crate::{
    error::{ApiResult, internal, not_found},
    repo::{self, ApplicationRow, CommentRow, MemberRow, Paging, PointRow, RecoveryRow},
};
use async_graphql::{
    Context, Enum, Object, SimpleObject,
    connection::{Connection, EmptyFields},
    dataloader::DataLoader,
};
use sqlx::MySqlPool;

/// What a comment is on (the seed's `comment_object_type`).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CommentTarget {
    /// 任务: a task.
    Task,
    /// 社区: a community.
    Community,
    /// 帖子: a post.
    Post,
}

impl CommentTarget {
    fn label(self) -> &'static str {
        match self {
            CommentTarget::Task => "任务",
            CommentTarget::Community => "社区",
            CommentTarget::Post => "帖子",
        }
    }
    fn from_label(l: &str) -> Option<Self> {
        [
            CommentTarget::Task,
            CommentTarget::Community,
            CommentTarget::Post,
        ]
        .into_iter()
        .find(|t| t.label() == l)
    }
}

/// A comment on a task, a community or a post.
pub struct Comment(pub CommentRow);

#[Object]
impl Comment {
    /// The comment's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// What it is on.
    async fn target(&self) -> Option<CommentTarget> {
        CommentTarget::from_label(&self.0.target)
    }
    /// The id of what it is on.
    async fn target_id(&self) -> String {
        self.0.target_id.to_string()
    }
    /// The author's address (checksummed).
    async fn author_address(&self) -> String {
        checksum(&self.0.author)
    }
    /// The author's account.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let loader = ctx.data_unchecked::<DataLoader<UserLoader>>();
        Ok(loader.load_one(self.0.author.clone()).await?.map(User))
    }
    /// keccak256 of the body document.
    async fn content_hash(&self) -> &str {
        &self.0.content_hash
    }
    /// The body document.
    async fn content(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.content_hash).await
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        self.0.created_at
    }
    /// The `Commented` log.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// Where a member stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum MemberStatus {
    /// A member.
    Member,
    /// Left.
    Left,
    /// Banned by an admin.
    Banned,
}

/// A membership of a community.
pub struct Member(pub MemberRow);

#[Object]
impl Member {
    /// The community's id.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// The community.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<super::community::Community>> {
        let loader = ctx.data_unchecked::<DataLoader<super::loaders::CommunityLoader>>();
        Ok(loader
            .load_one(self.0.community_id)
            .await?
            .map(super::community::Community))
    }
    /// The member's address (checksummed).
    async fn account(&self) -> String {
        checksum(&self.0.account)
    }
    /// The member's account.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let loader = ctx.data_unchecked::<DataLoader<UserLoader>>();
        Ok(loader.load_one(self.0.account.clone()).await?.map(User))
    }
    /// A community admin.
    async fn is_admin(&self) -> bool {
        self.0.is_admin
    }
    /// Member, left or banned.
    async fn status(&self) -> MemberStatus {
        match self.0.status.as_str() {
            "member" => MemberStatus::Member,
            "banned" => MemberStatus::Banned,
            _ => MemberStatus::Left,
        }
    }
    /// Unix seconds of (the last) joining.
    async fn joined_at(&self) -> i64 {
        self.0.joined_at
    }
    /// Unix seconds since when it has been an admin of the community (kept through
    /// re-appointments and recoveries; a dispute's arbiter must have been one before the
    /// task was claimed); `null` if not an admin.
    async fn admin_since(&self) -> Option<i64> {
        self.0.admin_since
    }
    /// The log that last changed the membership.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// A movement of community points (the seed's `Point`).
pub struct PointEntry(pub PointRow);

#[Object]
impl PointEntry {
    /// Row id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Whose points moved.
    async fn account(&self) -> String {
        checksum(&self.0.account)
    }
    /// The community.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// The point token.
    async fn token(&self) -> String {
        checksum(&self.0.token)
    }
    /// Signed: positive received, negative sent or spent.
    async fn amount(&self) -> &str {
        &self.0.amount
    }
    /// The other side (`0x000…0` for minting and burning).
    async fn counterparty(&self) -> String {
        checksum(&self.0.counterparty)
    }
    /// Why (an award's source).
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        self.0.created_at
    }
    /// The `Transfer` log.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// A recovery request's state.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RecoveryStatus {
    /// Waiting for the system admin.
    Pending,
    /// Approved: the account moved.
    Approved,
    /// Rejected.
    Rejected,
}

impl RecoveryStatus {
    fn label(self) -> &'static str {
        match self {
            RecoveryStatus::Pending => "pending",
            RecoveryStatus::Approved => "approved",
            RecoveryStatus::Rejected => "rejected",
        }
    }
}

/// A request to move an account to a new wallet.
pub struct RecoveryRequest(pub RecoveryRow);

#[Object]
impl RecoveryRequest {
    /// The request's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
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
        match self.0.status.as_str() {
            "approved" => RecoveryStatus::Approved,
            "rejected" => RecoveryStatus::Rejected,
            _ => RecoveryStatus::Pending,
        }
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        self.0.created_at
    }
    /// The log that last changed it.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// A player's application for the task publisher role.
pub struct PublisherApplication(pub ApplicationRow);

#[Object]
impl PublisherApplication {
    /// The application's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The applicant's address.
    async fn account(&self) -> String {
        checksum(&self.0.account)
    }
    /// The applicant's account.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let loader = ctx.data_unchecked::<DataLoader<UserLoader>>();
        Ok(loader.load_one(self.0.account.clone()).await?.map(User))
    }
    /// The application document.
    async fn application(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.application_hash).await
    }
    /// Whether the applicant holds the publisher role now.
    async fn granted(&self) -> bool {
        self.0.granted
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        self.0.created_at
    }
    /// The `PublisherApplied` log.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// A community point token (ERC-20, 0 decimals).
#[derive(SimpleObject)]
pub struct Token {
    /// Its address (checksummed).
    pub address: String,
    /// Its community.
    pub community_id: String,
    /// Its name.
    pub name: String,
    /// Its symbol.
    pub symbol: String,
    /// Points in circulation.
    pub total_supply: String,
}

/// A contract setting (`paused`, `popularityThreshold`, ...).
#[derive(SimpleObject)]
pub struct Setting {
    /// The contract (checksummed).
    pub contract: String,
    /// The setting.
    pub name: String,
    /// Its value.
    pub value: String,
}

fn paging(offset: u64, limit: u64, descending: bool, block: Option<BlockInput>) -> Paging {
    Paging {
        offset,
        limit,
        descending,
        at: at(block),
    }
}

/// Social and admin queries.
#[derive(Default)]
pub struct SocialQuery;

#[Object]
impl SocialQuery {
    /// The comments on one task, community or post, oldest first (`NOT_FOUND` when
    /// there is no such object).
    async fn comments(
        &self,
        ctx: &Context<'_>,
        target: CommentTarget,
        target_id: String,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Comment, Total, EmptyFields>> {
        let id = parse_id(&target_id)?;
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::comments(
            pool,
            target.label(),
            id,
            paging(offset, limit, false, block),
        )
        .await
        .map_err(internal)?;
        let kind = match target {
            CommentTarget::Task => "Task",
            CommentTarget::Community => "Community",
            CommentTarget::Post => "Post",
        };
        if p.total == 0 && !repo::exists(pool, kind, id).await.map_err(internal)? {
            return Err(not_found(format!(
                "there is no {} {id}",
                kind.to_lowercase()
            )));
        }
        Ok(connection(p, offset, Comment))
    }

    /// A community's members (admins first), or one account's membership when
    /// `account` is given (then left and banned ones too). `NOT_FOUND` when there is
    /// no such community.
    #[allow(clippy::too_many_arguments)]
    async fn members(
        &self,
        ctx: &Context<'_>,
        community_id: String,
        account: Option<String>,
        #[graphql(default = false)] admins_only: bool,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Member, Total, EmptyFields>> {
        let id = parse_id(&community_id)?;
        let account = account.as_deref().map(parse_address).transpose()?;
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::members(
            pool,
            id,
            account.as_deref(),
            admins_only,
            paging(offset, limit, false, block),
        )
        .await
        .map_err(internal)?;
        if p.total == 0
            && !repo::exists(pool, "Community", id)
                .await
                .map_err(internal)?
        {
            return Err(not_found(format!("there is no community {id}")));
        }
        Ok(connection(p, offset, Member))
    }

    /// An account's point movements, newest first, of one community if given.
    async fn point_history(
        &self,
        ctx: &Context<'_>,
        account: String,
        community_id: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, PointEntry, Total, EmptyFields>> {
        let account = parse_address(&account)?;
        let community = community_id.as_deref().map(parse_id).transpose()?;
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::point_history(pool, &account, community, paging(offset, limit, true, None))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, PointEntry))
    }

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

    /// Every community point token (to name the tokens of offers and payments).
    async fn tokens(&self, ctx: &Context<'_>) -> ApiResult<Vec<Token>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::tokens(pool)
            .await
            .map_err(internal)?
            .into_iter()
            .map(
                |(address, community_id, name, symbol, total_supply)| Token {
                    address: checksum(&address),
                    community_id: community_id.to_string(),
                    name,
                    symbol,
                    total_supply,
                },
            )
            .collect())
    }

    /// Contract settings: `paused` per contract, thresholds. A contract never paused has
    /// no `paused` row (it is running).
    async fn settings(&self, ctx: &Context<'_>) -> ApiResult<Vec<Setting>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::settings(pool)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(contract, name, value)| Setting {
                contract: checksum(&contract),
                name,
                value,
            })
            .collect())
    }
}
