//! `Posts`: posts in communities, their likes, and the comments on posts, tasks and
//! communities.

use super::{
    content::Document,
    loaders::{self, Community, User},
    types::{
        BlockInput, Direction, Source, Total, at, checksum, connection, int, page, paging,
        parse_address, parse_id,
    },
};
use crate::{
    error::{ApiResult, internal, not_found},
    repo::{self, CommentRow, PostFilter as RepoFilter, PostRow, PostSort},
};
use async_graphql::{
    Context, Enum, InputObject, Object,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

/// A post in a community. Its title is on chain (in the event); its body is a document
/// in the content store behind `contentHash`.
pub struct Post(pub PostRow);

#[Object]
impl Post {
    /// The post's on-chain id.
    async fn id(&self) -> String {
        self.0.post_id.to_string()
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.post_title
    }
    /// Its community's id.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// Its community.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        loaders::community(ctx, self.0.community_id).await
    }
    /// The author's address (checksummed).
    async fn author_address(&self) -> String {
        checksum(&self.0.author)
    }
    /// The author's account.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        loaders::user(ctx, &self.0.author).await
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
        int(self.0.like_count)
    }
    /// How many comments it has.
    async fn comment_count(&self) -> i64 {
        int(self.0.comment_count)
    }
    /// Unix seconds of publication.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// Unix seconds of the last edit.
    async fn edited_at(&self) -> Option<i64> {
        self.0.edited_at.map(int)
    }
    /// The body document (its body only when it matches `contentHash`).
    async fn content(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.content_hash).await
    }
    /// Whether `account` likes the post.
    async fn liked_by(&self, ctx: &Context<'_>, account: String) -> ApiResult<bool> {
        let account = parse_address(&account)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        repo::liked(pool, self.0.post_id, &account, None)
            .await
            .map_err(internal)
    }
    /// The log that last changed the post.
    async fn source(&self) -> Source {
        Source::of(&self.0)
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
    /// Only posts in communities this address is a member of now (a player's feed).
    member_of: Option<String>,
    /// Published at or after (unix seconds).
    created_from: Option<i64>,
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
            member_of: f.member_of.as_deref().map(parse_address).transpose()?,
            created_from: f.created_from.map(|t| t.max(0) as u64),
            hidden_authors: hidden_authors(ctx).await?,
        };
        let order = order_by.unwrap_or_default();
        let sort = match order.field {
            PostOrderField::CreatedAt => PostSort::CreatedAt,
            PostOrderField::LikeCount => PostSort::Likes,
        };
        let paging = paging(offset, limit, order.direction == Direction::Desc, block);
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::posts(pool, &repo_filter, sort, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Post))
    }
}

/// The authors a signed-in reader blocked (whose posts and comments it does not see);
/// none for visitors.
async fn hidden_authors(ctx: &Context<'_>) -> ApiResult<Vec<String>> {
    match &super::context::info(ctx).caller {
        Some(c) => {
            crate::notifications::blocked_addresses(ctx.data_unchecked::<MySqlPool>(), &c.address)
                .await
                .map_err(internal)
        }
        None => Ok(vec![]),
    }
}

/// What a comment is on (the seed's `comment_object_type`).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::CommentTarget")]
pub enum CommentTarget {
    /// 任务: a task.
    Task,
    /// 社区: a community.
    Community,
    /// 帖子: a post.
    Post,
}

impl CommentTarget {
    /// The label stored in the read model (declared once in `read_model::CommentTarget`).
    fn label(self) -> &'static str {
        read_model::CommentTarget::from(self).label()
    }

    fn from_label(label: &str) -> Option<Self> {
        read_model::CommentTarget::from_label(label).map(Self::from)
    }
}

/// A comment on a task, a community or a post.
pub struct Comment(pub CommentRow);

#[Object]
impl Comment {
    /// The comment's on-chain id.
    async fn id(&self) -> String {
        self.0.comment_id.to_string()
    }
    /// What it is on.
    async fn target(&self) -> Option<CommentTarget> {
        CommentTarget::from_label(&self.0.comment_object_type)
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
        loaders::user(ctx, &self.0.author).await
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
        int(self.0.created_at)
    }
    /// The `Commented` log.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// The comments query.
#[derive(Default)]
pub struct CommentQuery;

#[Object]
impl CommentQuery {
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
        let hidden = hidden_authors(ctx).await?;
        let p = repo::comments(
            pool,
            target.label(),
            id,
            &hidden,
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
}
