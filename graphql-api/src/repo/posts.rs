//! Posts: posts, their comments and likes.

use read_model::{CommentRow, POST_LIKE, PostRow};
use sqlx::{MySqlPool, QueryBuilder};

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
};

/// Loads one post (removed ones too: the caller decides).
pub async fn post(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<PostRow>, sqlx::Error> {
    query::one(pool, "post_id", id, at).await
}

/// Loads posts by id, current state, in no particular order.
pub(super) async fn posts_by_id(
    pool: &MySqlPool,
    ids: &[u64],
) -> Result<Vec<PostRow>, sqlx::Error> {
    query::by_keys(pool, "post_id", ids).await
}

/// Filters of `posts`.
#[derive(Debug, Default, Clone)]
pub struct PostFilter {
    /// Community.
    pub community_id: Option<u64>,
    /// Author (lowercase hex).
    pub author: Option<String>,
    /// Title contains.
    pub title_contains: Option<String>,
    /// Only pinned posts.
    pub pinned: Option<bool>,
    /// Include removed posts (hidden by default).
    pub include_removed: bool,
    /// Only in communities this account (lowercase hex) is a member of now.
    pub member_of: Option<String>,
    /// Published at or after (unix seconds).
    pub created_from: Option<u64>,
    /// Authors left out (those the reader blocked, lowercase hex). Bound as values, so a
    /// changed block list is a different statement for the cached total.
    pub hidden_authors: Vec<String>,
}

/// ` AND author NOT IN (…)` when there are authors to leave out.
fn push_hidden(qb: &mut Sql, hidden: &[String]) {
    if !hidden.is_empty() {
        qb.push(" AND author NOT IN (");
        query::push_list(qb, hidden);
        qb.push(")");
    }
}

/// Sort keys of `posts`.
#[derive(Debug, Clone, Copy)]
pub enum PostSort {
    /// `created_at`.
    CreatedAt,
    /// `like_count`.
    Likes,
}

/// A page of posts.
pub async fn posts(
    pool: &MySqlPool,
    filter: &PostFilter,
    sort: PostSort,
    paging: Paging,
) -> Result<Page<PostRow>, sqlx::Error> {
    let order_col = match sort {
        PostSort::CreatedAt => "created_at",
        PostSort::Likes => "like_count",
    };
    let order = query::order_by(order_col, "post_id", paging.descending);
    let filter = |qb: &mut Sql| {
        if !filter.include_removed {
            qb.and("removed = 0");
        }
        qb.eq("community_id", filter.community_id)
            .eq("author", filter.author.clone())
            .eq("pinned", filter.pinned.map(u64::from))
            .contains("post_title", filter.title_contains.as_deref())
            .cmp("created_at", ">=", filter.created_from);
        if let Some(account) = &filter.member_of {
            // Membership as it is now (a feed follows who the player is today).
            qb.push(" AND community_id IN (SELECT community_id FROM Member WHERE account = ")
                .push_bind(account.clone())
                .push(" AND status = 'member')");
        }
        push_hidden(qb, &filter.hidden_authors);
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: &order,
        slice: paging.slice(),
    };
    query::page(pool, list).await
}

/// A page of the visible comments on one object, oldest first (removed comments are
/// hidden, as they were at `paging.at`, and those by `hidden_authors`).
pub async fn comments(
    pool: &MySqlPool,
    target: &str,
    target_id: u64,
    hidden_authors: &[String],
    paging: Paging,
) -> Result<Page<CommentRow>, sqlx::Error> {
    let order = query::order_by("comment_id", "comment_id", paging.descending);
    let filter = |qb: &mut Sql| {
        qb.eq("comment_object_type", Some(target.to_owned()))
            .eq("target_id", Some(target_id))
            .and("removed = 0");
        push_hidden(qb, hidden_authors);
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: &order,
        slice: paging.slice(),
    };
    query::page(pool, list).await
}

/// How many visible comments each of `ids` (of one target kind) has, for those with any.
pub async fn comment_counts(
    pool: &MySqlPool,
    target: &str,
    ids: &[u64],
) -> Result<Vec<(u64, i64)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb: Sql =
        QueryBuilder::new("SELECT target_id, COUNT(*) FROM Comment WHERE comment_object_type = ");
    qb.push_bind(target.to_owned())
        .push(" AND removed = 0 AND target_id IN (");
    query::push_list(&mut qb, ids);
    qb.push(") GROUP BY target_id");
    qb.build_query_as().fetch_all(pool).await
}

/// Whether `account` likes post `post_id` (as of `at`).
pub async fn liked(
    pool: &MySqlPool,
    post_id: u64,
    account: &str,
    at: Option<u64>,
) -> Result<bool, sqlx::Error> {
    let mut qb: Sql = QueryBuilder::new("SELECT liked FROM ");
    query::push_source(&mut qb, &POST_LIKE, at);
    qb.push(" WHERE post_id = ")
        .push_bind(post_id)
        .push(" AND account = ")
        .push_bind(account.to_owned());
    let liked: Option<bool> = qb.build_query_scalar().fetch_optional(pool).await?;
    Ok(liked.unwrap_or(false))
}
