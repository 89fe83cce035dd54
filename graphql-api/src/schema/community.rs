//! Game communities.

use super::{
    content::Document,
    loaders::UserLoader,
    types::{BlockInput, Direction, Source, Total, at, checksum, connection, page, parse_id},
    user::User,
};
use crate::{
    error::{ApiResult, internal},
    repo::{self, CommunityRow, CommunitySort},
};
use async_graphql::{
    Context, Enum, InputObject, Object,
    connection::{Connection, EmptyFields},
    dataloader::DataLoader,
};
use sqlx::MySqlPool;

/// A game community.
pub struct Community(pub CommunityRow);

#[Object]
impl Community {
    /// The community's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
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
        self.0.member_count
    }
    /// The creator's address (checksummed).
    async fn creator_address(&self) -> String {
        checksum(&self.0.creator)
    }
    /// The creator's account, when registered.
    async fn creator(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let loader = ctx.data_unchecked::<DataLoader<UserLoader>>();
        Ok(loader.load_one(self.0.creator.clone()).await?.map(User))
    }
    /// The community's point token, once created.
    async fn points_token(&self) -> Option<String> {
        self.0.points_token.as_deref().map(checksum)
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
        self.0.created_at
    }
    /// How many comments it has (on the community itself, not its posts).
    async fn comment_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let loader = ctx.data_unchecked::<DataLoader<super::loaders::CommentCountLoader>>();
        Ok(loader
            .load_one((super::loaders::Commented::Community, self.0.id))
            .await?
            .unwrap_or(0))
    }
    /// The description document (its body only when it matches `descriptionHash`).
    async fn description(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.description_hash).await
    }
    /// The log that last changed the community.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
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
        let paging = repo::Paging {
            offset,
            limit,
            descending: order.direction == Direction::Desc,
            at: at(block),
        };
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
