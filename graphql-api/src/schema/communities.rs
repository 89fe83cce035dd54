//! `Communities`: game communities and their memberships.

use super::{
    content::Document,
    loaders::{self, Commented, Community, User},
    types::{
        BlockInput, Direction, Source, Total, at, checksum, connection, int, page, paging,
        parse_address, parse_id,
    },
};
use crate::{
    error::{ApiResult, internal, not_found},
    repo::{self, CommunitySort, MemberRow},
};
use async_graphql::{
    Context, Enum, InputObject, Object,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

#[Object]
impl Community {
    /// The community's on-chain id.
    async fn id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.community_name
    }
    /// Its theme (the game).
    async fn theme(&self) -> &str {
        &self.0.theme
    }
    /// keccak256 of its description document.
    async fn description_hash(&self) -> &str {
        &self.0.description_hash
    }
    /// How many members it has.
    async fn member_count(&self) -> i64 {
        int(self.0.member_count)
    }
    /// The creator's address (checksummed).
    async fn creator_address(&self) -> String {
        checksum(&self.0.creator_address)
    }
    /// The creator's account, when registered.
    async fn creator(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        loaders::user(ctx, &self.0.creator_address).await
    }
    /// The community's point token, once created.
    async fn points_token(&self) -> Option<String> {
        self.0.community_contract_address.as_deref().map(checksum)
    }
    /// The point token's name.
    async fn points_name(&self) -> Option<&str> {
        self.0.points_name.as_deref()
    }
    /// The point token's symbol.
    async fn points_symbol(&self) -> Option<&str> {
        self.0.points_symbol.as_deref()
    }
    /// Unix seconds of creation.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// How many comments it has (on the community itself, not its posts).
    async fn comment_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        loaders::comment_count(ctx, Commented::Community, self.0.community_id).await
    }
    /// The description document (its body only when it matches `descriptionHash`).
    async fn description(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.description_hash).await
    }
    /// The log that last changed the community.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// Filters of `communities`.
#[derive(InputObject, Default)]
pub struct CommunityFilter {
    /// Name contains this text.
    name_contains: Option<String>,
    /// Exactly this theme.
    theme: Option<String>,
}

/// What `communities` sorts by.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
pub enum CommunityOrderField {
    /// Creation time.
    #[default]
    CreatedAt,
    /// Member count.
    MemberCount,
}

/// How `communities` is sorted.
#[derive(InputObject, Default)]
pub struct CommunityOrderBy {
    /// The key.
    #[graphql(default)]
    field: CommunityOrderField,
    /// The direction.
    #[graphql(default)]
    direction: Direction,
}

/// Queries about communities.
#[derive(Default)]
pub struct CommunityQuery;

#[Object]
impl CommunityQuery {
    /// One community by id (`null` when there is none).
    async fn community(
        &self,
        ctx: &Context<'_>,
        id: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<Community>> {
        let id = parse_id(&id)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::community(pool, id, at(block))
            .await
            .map_err(internal)?
            .map(Community))
    }

    /// Communities, filtered and sorted, as a Relay connection.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        filter: Option<CommunityFilter>,
        order_by: Option<CommunityOrderBy>,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Community, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let f = filter.unwrap_or_default();
        let order = order_by.unwrap_or_default();
        let sort = match order.field {
            CommunityOrderField::CreatedAt => CommunitySort::CreatedAt,
            CommunityOrderField::MemberCount => CommunitySort::Members,
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        let paging = paging(offset, limit, order.direction == Direction::Desc, block);
        let p = repo::communities(
            pool,
            f.name_contains.as_deref(),
            f.theme.as_deref(),
            sort,
            paging,
        )
        .await
        .map_err(internal)?;
        Ok(connection(p, offset, Community))
    }
}

/// Where a member stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::MemberStatus")]
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
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        loaders::community(ctx, self.0.community_id).await
    }
    /// The member's address (checksummed).
    async fn account(&self) -> String {
        checksum(&self.0.account)
    }
    /// The member's account.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        loaders::user(ctx, &self.0.account).await
    }
    /// A community admin.
    async fn is_admin(&self) -> bool {
        self.0.is_admin
    }
    /// Member, left or banned.
    async fn status(&self) -> MemberStatus {
        read_model::MemberStatus::from_label(&self.0.status)
            .unwrap_or(read_model::MemberStatus::Left)
            .into()
    }
    /// Unix seconds of (the last) joining.
    async fn joined_at(&self) -> i64 {
        int(self.0.joined_at)
    }
    /// Unix seconds since when it has been an admin of the community (kept through
    /// re-appointments and recoveries; a dispute's arbiter must have been one before the
    /// task was claimed); `null` if not an admin.
    async fn admin_since(&self) -> Option<i64> {
        self.0.admin_since.map(int)
    }
    /// The log that last changed the membership.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// The members query.
#[derive(Default)]
pub struct MemberQuery;

#[Object]
impl MemberQuery {
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
}
