//! Posts in communities.

use super::{
    community::Community,
    content::Document,
    loaders::{CommunityLoader, UserLoader},
    types::{
        BlockInput, Direction, Source, Total, at, checksum, connection, page, parse_address,
        parse_id,
    },
    user::User,
};
use crate::{
    error::{ApiResult, internal},
    repo::{self, PostFilter as RepoFilter, PostRow, PostSort},
};
use async_graphql::{
    Context, Enum, InputObject, Object,
    connection::{Connection, EmptyFields},
    dataloader::DataLoader,
};
use sqlx::MySqlPool;

/// A post in a community. Its title is on chain (in the event); its body is a document
/// in the content store behind `contentHash`.
pub struct Post(pub PostRow);

#[Object]
impl Post {
    /// The post's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Its community's id.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// Its community.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        let loader = ctx.data_unchecked::<DataLoader<CommunityLoader>>();
        Ok(loader.load_one(self.0.community_id).await?.map(Community))
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
    /// Hidden by its author or a community admin (its history stays on chain).
    async fn removed(&self) -> bool {
        self.0.removed
    }
    /// Pinned in its community.
    async fn pinned(&self) -> bool {
        self.0.pinned
    }
    /// How many addresses like it.
    async fn like_count(&self) -> i64 {
        self.0.like_count
    }
    /// How many comments it has.
    async fn comment_count(&self) -> i64 {
        self.0.comment_count
    }
    /// Unix seconds of publication.
    async fn created_at(&self) -> i64 {
        self.0.created_at
    }
    /// Unix seconds of the last edit.
    async fn edited_at(&self) -> Option<i64> {
        self.0.edited_at
    }
    /// The body document (its body only when it matches `contentHash`).
    async fn content(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.content_hash).await
    }
    /// Whether `account` likes the post.
    async fn liked_by(&self, ctx: &Context<'_>, account: String) -> ApiResult<bool> {
        let account = parse_address(&account)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        repo::liked(pool, self.0.id, &account, None)
            .await
            .map_err(internal)
    }
    /// The log that last changed the post.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// Filters of `posts`; all given ones must hold.
#[derive(InputObject, Default)]
pub struct PostFilter {
    /// The community's id.
    community_id: Option<String>,
    /// The author's address.
    author: Option<String>,
    /// Title contains this text.
    title_contains: Option<String>,
    /// Only pinned (or only unpinned) posts.
    pinned: Option<bool>,
    /// Include removed posts (hidden by default).
    #[graphql(default)]
    include_removed: bool,
}

/// What `posts` sorts by.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
pub enum PostOrderField {
    /// Publication time.
    #[default]
    CreatedAt,
    /// Likes.
    LikeCount,
}

/// How `posts` is sorted.
#[derive(InputObject, Default)]
pub struct PostOrderBy {
    /// The key.
    #[graphql(default)]
    field: PostOrderField,
    /// The direction.
    #[graphql(default)]
    direction: Direction,
}

/// Queries about posts.
#[derive(Default)]
pub struct PostQuery;

#[Object]
impl PostQuery {
    /// One post by id (removed posts too, marked `removed`; `null` when there is none).
    async fn post(
        &self,
        ctx: &Context<'_>,
        id: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<Post>> {
        let id = parse_id(&id)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::post(pool, id, at(block))
            .await
            .map_err(internal)?
            .map(Post))
    }

    /// Posts, filtered and sorted, as a Relay connection (removed ones left out unless
    /// asked for).
    async fn posts(
        &self,
        ctx: &Context<'_>,
        filter: Option<PostFilter>,
        order_by: Option<PostOrderBy>,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Post, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let f = filter.unwrap_or_default();
        let repo_filter = RepoFilter {
            community_id: f.community_id.as_deref().map(parse_id).transpose()?,
            author: f.author.as_deref().map(parse_address).transpose()?,
            title_contains: f.title_contains,
            pinned: f.pinned,
            include_removed: f.include_removed,
        };
        let order = order_by.unwrap_or_default();
        let sort = match order.field {
            PostOrderField::CreatedAt => PostSort::CreatedAt,
            PostOrderField::LikeCount => PostSort::Likes,
        };
        let paging = repo::Paging {
            offset,
            limit,
            descending: order.direction == Direction::Desc,
            at: at(block),
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::posts(pool, &repo_filter, sort, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Post))
    }
}
