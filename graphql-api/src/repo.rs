//! Every SQL statement the API runs. Resolvers call these; none builds SQL from input:
//! table and column names come from fixed lists, values are bound.
//!
//! Time travel: with `at = Some(block)`, mutable tables are read from their
//! `<table>_history` twin (`valid_from <= block < valid_to`), append-only ones by
//! `block_number <= block`.

use sqlx::{MySqlPool, Row as _, mysql::MySqlRow};

/// One page of rows and the total that matched.
#[derive(Debug)]
pub struct Page<T> {
    /// The rows.
    pub rows: Vec<T>,
    /// How many rows matched in all.
    pub total: i64,
}

/// Which slice of a sorted list to read, and as of which block.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
    /// Largest first.
    pub descending: bool,
    /// Time travel: the block to read at (`None`: now).
    pub at: Option<u64>,
}

/// Where a row came from.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// Block number.
    pub block_number: i64,
    /// Block hash.
    pub block_hash: String,
    /// Transaction hash.
    pub tx_hash: String,
    /// Log index.
    pub log_index: i64,
}

fn provenance(r: &MySqlRow) -> Result<Provenance, sqlx::Error> {
    Ok(Provenance {
        block_number: r.try_get_unchecked::<u64, _>("block_number")? as i64,
        block_hash: text(r, "block_hash")?,
        tx_hash: text(r, "tx_hash")?,
        log_index: r.try_get_unchecked::<u64, _>("log_index")? as i64,
    })
}

fn text(r: &MySqlRow, col: &str) -> Result<String, sqlx::Error> {
    Ok(r.try_get_unchecked::<Option<String>, _>(col)?
        .unwrap_or_default())
}

fn opt_text(r: &MySqlRow, col: &str) -> Result<Option<String>, sqlx::Error> {
    r.try_get_unchecked::<Option<String>, _>(col)
}

fn int(r: &MySqlRow, col: &str) -> Result<i64, sqlx::Error> {
    Ok(r.try_get_unchecked::<Option<u64>, _>(col)?
        .unwrap_or_default() as i64)
}

/// The rows of `table` valid at `at` (the current table when `None`), as a SQL source
/// with its bound parameters.
fn source(table: &'static str, versioned: bool, at: Option<u64>) -> (String, Vec<u64>) {
    match (at, versioned) {
        (None, _) => (format!("`{table}`"), vec![]),
        (Some(b), true) => (
            format!(
                "(SELECT * FROM `{table}_history` WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)) AS t"
            ),
            vec![b, b],
        ),
        (Some(b), false) => (
            format!("(SELECT * FROM `{table}` WHERE block_number <= ?) AS t"),
            vec![b],
        ),
    }
}

/// A task row.
#[derive(Debug, Clone)]
pub struct TaskRow {
    /// On-chain id.
    pub id: u64,
    /// Title.
    pub title: String,
    /// The seed's status label.
    pub status: String,
    /// Community id.
    pub community_id: u64,
    /// Publisher (lowercase hex).
    pub publisher: String,
    /// Claimer, if any.
    pub claimer: Option<String>,
    /// Reward token (`0x0…0` = ETH).
    pub reward_token: String,
    /// Reward, decimal.
    pub reward: String,
    /// Spec document hash.
    pub spec_hash: String,
    /// Deadline, unix seconds.
    pub deadline: i64,
    /// Whether the last submission was rejected.
    pub rejected: bool,
    /// Created, unix seconds.
    pub created_at: i64,
    /// Last change, unix seconds.
    pub updated_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const TASK_COLS: &str = "task_id, task_name, CAST(task_price AS CHAR) AS task_price, CAST(task_status AS CHAR) AS task_status, \
    community_id, CAST(publisher AS CHAR) AS publisher, CAST(claimer AS CHAR) AS claimer, \
    CAST(reward_token AS CHAR) AS reward_token, CAST(spec_hash AS CHAR) AS spec_hash, deadline, rejected, \
    created_at, updated_at, block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn task_row(r: &MySqlRow) -> Result<TaskRow, sqlx::Error> {
    Ok(TaskRow {
        id: int(r, "task_id")? as u64,
        title: text(r, "task_name")?,
        status: text(r, "task_status")?,
        community_id: int(r, "community_id")? as u64,
        publisher: text(r, "publisher")?,
        claimer: opt_text(r, "claimer")?,
        reward_token: text(r, "reward_token")?,
        reward: text(r, "task_price")?,
        spec_hash: text(r, "spec_hash")?,
        deadline: int(r, "deadline")?,
        rejected: r.try_get_unchecked::<i8, _>("rejected")? != 0,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
        source: provenance(r)?,
    })
}

/// Filters of `tasks`.
#[derive(Debug, Default, Clone)]
pub struct TaskFilter {
    /// Status labels (any of).
    pub statuses: Vec<String>,
    /// Community.
    pub community_id: Option<u64>,
    /// Publisher (lowercase hex).
    pub publisher: Option<String>,
    /// Claimer (lowercase hex).
    pub claimer: Option<String>,
    /// Title contains (case-insensitive for ASCII).
    pub title_contains: Option<String>,
    /// Reward token.
    pub reward_token: Option<String>,
    /// Deadline at or after.
    pub deadline_from: Option<u64>,
    /// Deadline at or before.
    pub deadline_to: Option<u64>,
}

/// Sort keys of `tasks`.
#[derive(Debug, Clone, Copy)]
pub enum TaskSort {
    /// `created_at`.
    CreatedAt,
    /// `deadline`.
    Deadline,
    /// `task_price` (mixes tokens: meaningful within one token).
    Reward,
}

enum Bind {
    U(u64),
    S(String),
}

fn bind_all<'q>(
    sql: &'q str,
    binds: &[Bind],
) -> sqlx::query::Query<'q, sqlx::MySql, sqlx::mysql::MySqlArguments> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = match b {
            Bind::U(v) => q.bind(*v),
            Bind::S(v) => q.bind(v.clone()),
        };
    }
    q
}

type Map<T> = fn(&MySqlRow) -> Result<T, sqlx::Error>;

/// One row of `table` by its key column, as of `at`.
async fn one<T>(
    pool: &MySqlPool,
    cols: &str,
    (table, versioned): (&'static str, bool),
    key_col: &str,
    key: Bind,
    at: Option<u64>,
    map: Map<T>,
) -> Result<Option<T>, sqlx::Error> {
    let (src, params) = source(table, versioned, at);
    let sql = format!("SELECT {cols} FROM {src} WHERE {key_col} = ?");
    let mut binds: Vec<Bind> = params.into_iter().map(Bind::U).collect();
    binds.push(key);
    bind_all(&sql, &binds)
        .fetch_optional(pool)
        .await?
        .map(|r| map(&r))
        .transpose()
}

/// Current rows of `table` whose key column is one of `keys` (DataLoaders).
async fn by_keys<T, K>(
    pool: &MySqlPool,
    cols: &str,
    table: &str,
    key_col: &str,
    keys: &[K],
    map: Map<T>,
) -> Result<Vec<T>, sqlx::Error>
where
    K: for<'q> sqlx::Encode<'q, sqlx::MySql> + sqlx::Type<sqlx::MySql> + Clone + Send + Sync,
{
    if keys.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {cols} FROM `{table}` WHERE {key_col} IN ({})",
        vec!["?"; keys.len()].join(",")
    );
    let mut q = sqlx::query(&sql);
    for k in keys {
        q = q.bind(k.clone());
    }
    q.fetch_all(pool).await?.iter().map(map).collect()
}

/// A sorted, filtered page and the total it was cut from.
struct PageQuery<'a> {
    cols: &'a str,
    src: &'a str,
    conds: &'a [String],
    binds: &'a [Bind],
    order: String,
    limit: u64,
    offset: u64,
}

async fn fetch_page<T>(
    pool: &MySqlPool,
    q: PageQuery<'_>,
    map: Map<T>,
) -> Result<Page<T>, sqlx::Error> {
    let where_ = if q.conds.is_empty() {
        "1 = 1".to_owned()
    } else {
        q.conds.join(" AND ")
    };
    let page_sql = format!(
        "SELECT {} FROM {} WHERE {where_} ORDER BY {} LIMIT ? OFFSET ?",
        q.cols, q.src, q.order
    );
    let count_sql = format!("SELECT COUNT(*) FROM {} WHERE {where_}", q.src);
    let rows = bind_all(&page_sql, q.binds)
        .bind(q.limit)
        .bind(q.offset)
        .fetch_all(pool)
        .await?;
    let total: i64 = bind_all(&count_sql, q.binds)
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok(Page {
        rows: rows.iter().map(map).collect::<Result<_, _>>()?,
        total,
    })
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Loads one task.
pub async fn task(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<TaskRow>, sqlx::Error> {
    one(
        pool,
        TASK_COLS,
        ("Task", true),
        "task_id",
        Bind::U(id),
        at,
        task_row,
    )
    .await
}

/// Loads tasks by id (for DataLoaders), in no particular order.
pub async fn tasks_by_id(pool: &MySqlPool, ids: &[u64]) -> Result<Vec<TaskRow>, sqlx::Error> {
    by_keys(pool, TASK_COLS, "Task", "task_id", ids, task_row).await
}

/// A page of tasks.
pub async fn tasks(
    pool: &MySqlPool,
    filter: &TaskFilter,
    sort: TaskSort,
    paging: Paging,
) -> Result<Page<TaskRow>, sqlx::Error> {
    let Paging {
        offset,
        limit,
        descending,
        at,
    } = paging;
    let (src, params) = source("Task", true, at);
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = params.into_iter().map(Bind::U).collect();
    if !filter.statuses.is_empty() {
        conds.push(format!(
            "task_status IN ({})",
            vec!["?"; filter.statuses.len()].join(",")
        ));
        binds.extend(filter.statuses.iter().cloned().map(Bind::S));
    }
    if let Some(c) = filter.community_id {
        conds.push("community_id = ?".into());
        binds.push(Bind::U(c));
    }
    for (col, v) in [
        ("publisher", &filter.publisher),
        ("claimer", &filter.claimer),
        ("reward_token", &filter.reward_token),
    ] {
        if let Some(v) = v {
            conds.push(format!("{col} = ?"));
            binds.push(Bind::S(v.clone()));
        }
    }
    if let Some(t) = &filter.title_contains {
        conds.push("LOWER(CAST(task_name AS CHAR)) LIKE LOWER(?)".into());
        binds.push(Bind::S(format!("%{}%", escape_like(t))));
    }
    if let Some(d) = filter.deadline_from {
        conds.push("deadline >= ?".into());
        binds.push(Bind::U(d));
    }
    if let Some(d) = filter.deadline_to {
        conds.push("deadline <= ?".into());
        binds.push(Bind::U(d));
    }
    let order_col = match sort {
        TaskSort::CreatedAt => "created_at",
        TaskSort::Deadline => "deadline",
        TaskSort::Reward => "task_price",
    };
    let dir = if descending { "DESC" } else { "ASC" };
    let query = PageQuery {
        cols: TASK_COLS,
        src: &src,
        conds: &conds,
        binds: &binds,
        order: format!("{order_col} {dir}, task_id {dir}"),
        limit,
        offset,
    };
    fetch_page(pool, query, task_row).await
}

/// A community row.
#[derive(Debug, Clone)]
pub struct CommunityRow {
    /// On-chain id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Theme.
    pub theme: String,
    /// Description document hash.
    pub description_hash: String,
    /// Members.
    pub member_count: i64,
    /// Creator (lowercase hex).
    pub creator: String,
    /// Point token, once created.
    pub points_token: Option<String>,
    /// Point token name.
    pub points_name: Option<String>,
    /// Point token symbol.
    pub points_symbol: Option<String>,
    /// Created, unix seconds.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const COMMUNITY_COLS: &str = "community_id, community_name, theme, CAST(description_hash AS CHAR) AS description_hash, \
    member_count, CAST(creator_address AS CHAR) AS creator_address, \
    CAST(community_contract_address AS CHAR) AS community_contract_address, points_name, points_symbol, created_at, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn community_row(r: &MySqlRow) -> Result<CommunityRow, sqlx::Error> {
    Ok(CommunityRow {
        id: int(r, "community_id")? as u64,
        name: text(r, "community_name")?,
        theme: text(r, "theme")?,
        description_hash: text(r, "description_hash")?,
        member_count: int(r, "member_count")?,
        creator: text(r, "creator_address")?,
        points_token: opt_text(r, "community_contract_address")?,
        points_name: opt_text(r, "points_name")?,
        points_symbol: opt_text(r, "points_symbol")?,
        created_at: int(r, "created_at")?,
        source: provenance(r)?,
    })
}

/// Loads one community.
pub async fn community(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<CommunityRow>, sqlx::Error> {
    one(
        pool,
        COMMUNITY_COLS,
        ("Community", true),
        "community_id",
        Bind::U(id),
        at,
        community_row,
    )
    .await
}

/// Loads communities by id (DataLoader), current state.
pub async fn communities_by_id(
    pool: &MySqlPool,
    ids: &[u64],
) -> Result<Vec<CommunityRow>, sqlx::Error> {
    by_keys(
        pool,
        COMMUNITY_COLS,
        "Community",
        "community_id",
        ids,
        community_row,
    )
    .await
}

/// Sort keys of `communities`.
#[derive(Debug, Clone, Copy)]
pub enum CommunitySort {
    /// `created_at`.
    CreatedAt,
    /// `member_count`.
    Members,
}

/// A page of communities.
pub async fn communities(
    pool: &MySqlPool,
    name_contains: Option<&str>,
    theme: Option<&str>,
    sort: CommunitySort,
    paging: Paging,
) -> Result<Page<CommunityRow>, sqlx::Error> {
    let Paging {
        offset,
        limit,
        descending,
        at,
    } = paging;
    let (src, params) = source("Community", true, at);
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = params.into_iter().map(Bind::U).collect();
    if let Some(n) = name_contains {
        conds.push("LOWER(CAST(community_name AS CHAR)) LIKE LOWER(?)".into());
        binds.push(Bind::S(format!("%{}%", escape_like(n))));
    }
    if let Some(t) = theme {
        conds.push("theme = ?".into());
        binds.push(Bind::S(t.to_owned()));
    }
    let order_col = match sort {
        CommunitySort::CreatedAt => "created_at",
        CommunitySort::Members => "member_count",
    };
    let dir = if descending { "DESC" } else { "ASC" };
    let query = PageQuery {
        cols: COMMUNITY_COLS,
        src: &src,
        conds: &conds,
        binds: &binds,
        order: format!("{order_col} {dir}, community_id {dir}"),
        limit,
        offset,
    };
    fetch_page(pool, query, community_row).await
}

/// A user row (public fields only).
#[derive(Debug, Clone)]
pub struct UserRow {
    /// The user's id in the read model.
    pub user_id: u64,
    /// Username.
    pub username: String,
    /// Address (lowercase hex).
    pub address: String,
    /// Verified.
    pub verified: bool,
    /// Profile document hash.
    pub profile_hash: String,
    /// Registered, unix seconds.
    pub registered_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const USER_COLS: &str = "user_id, CAST(username AS CHAR) AS username, CAST(ethereum_address AS CHAR) AS ethereum_address, \
    is_verified, CAST(profile_hash AS CHAR) AS profile_hash, registered_at, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn user_row(r: &MySqlRow) -> Result<UserRow, sqlx::Error> {
    Ok(UserRow {
        user_id: int(r, "user_id")? as u64,
        username: text(r, "username")?,
        address: text(r, "ethereum_address")?,
        verified: r.try_get_unchecked::<i8, _>("is_verified")? != 0,
        profile_hash: text(r, "profile_hash")?,
        registered_at: int(r, "registered_at")?,
        source: provenance(r)?,
    })
}

/// Loads a user by address or username.
pub async fn user_by(
    pool: &MySqlPool,
    column: UserKey,
    value: &str,
    at: Option<u64>,
) -> Result<Option<UserRow>, sqlx::Error> {
    let col = match column {
        UserKey::Address => "ethereum_address",
        UserKey::Username => "username",
    };
    let key = Bind::S(value.to_owned());
    one(pool, USER_COLS, ("User", true), col, key, at, user_row).await
}

/// Loads users by address (DataLoader), current state.
pub async fn users_by_address(
    pool: &MySqlPool,
    addresses: &[String],
) -> Result<Vec<UserRow>, sqlx::Error> {
    by_keys(
        pool,
        USER_COLS,
        "User",
        "ethereum_address",
        addresses,
        user_row,
    )
    .await
}

/// How a user is looked up.
#[derive(Debug, Clone, Copy)]
pub enum UserKey {
    /// By address.
    Address,
    /// By username.
    Username,
}

/// A page of users, in registration order.
pub async fn users(
    pool: &MySqlPool,
    offset: u64,
    limit: u64,
    at: Option<u64>,
) -> Result<Page<UserRow>, sqlx::Error> {
    let (src, params) = source("User", true, at);
    let page_sql = format!("SELECT {USER_COLS} FROM {src} ORDER BY user_id LIMIT ? OFFSET ?");
    let count_sql = format!("SELECT COUNT(*) FROM {src}");
    let mut q = sqlx::query(&page_sql);
    let mut c = sqlx::query(&count_sql);
    for p in params {
        q = q.bind(p);
        c = c.bind(p);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(pool).await?;
    let total: i64 = c.fetch_one(pool).await?.try_get(0)?;
    Ok(Page {
        rows: rows.iter().map(user_row).collect::<Result<_, _>>()?,
        total,
    })
}

/// The indexer's progress.
#[derive(Debug, Clone)]
pub struct StatusRow {
    /// Chain id.
    pub chain_id: i64,
    /// Head as the indexer last saw it.
    pub head_block: i64,
    /// Last indexed block.
    pub indexed_block: i64,
    /// State digest after it.
    pub state_digest: String,
}

/// Reads `indexer_state`.
pub async fn status(pool: &MySqlPool) -> Result<Option<StatusRow>, sqlx::Error> {
    sqlx::query(
        "SELECT chain_id, head_block, indexed_block, state_digest FROM indexer_state WHERE id = 1",
    )
    .fetch_optional(pool)
    .await?
    .map(|r| {
        Ok(StatusRow {
            chain_id: int(&r, "chain_id")?,
            head_block: int(&r, "head_block")?,
            indexed_block: int(&r, "indexed_block")?,
            state_digest: text(&r, "state_digest")?,
        })
    })
    .transpose()
}

/// A post row.
#[derive(Debug, Clone)]
pub struct PostRow {
    /// On-chain id.
    pub id: u64,
    /// Title.
    pub title: String,
    /// Community id.
    pub community_id: u64,
    /// Author (lowercase hex).
    pub author: String,
    /// Body document hash.
    pub content_hash: String,
    /// Hidden by its author or a community admin.
    pub removed: bool,
    /// Pinned in its community.
    pub pinned: bool,
    /// Likes.
    pub like_count: i64,
    /// Comments.
    pub comment_count: i64,
    /// Created, unix seconds.
    pub created_at: i64,
    /// Last edit, unix seconds.
    pub edited_at: Option<i64>,
    /// Provenance.
    pub source: Provenance,
}

const POST_COLS: &str = "post_id, CAST(post_title AS CHAR) AS post_title, community_id, CAST(author AS CHAR) AS author, \
    CAST(content_hash AS CHAR) AS content_hash, removed, pinned, like_count, comment_count, created_at, edited_at, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn post_row(r: &MySqlRow) -> Result<PostRow, sqlx::Error> {
    Ok(PostRow {
        id: int(r, "post_id")? as u64,
        title: text(r, "post_title")?,
        community_id: int(r, "community_id")? as u64,
        author: text(r, "author")?,
        content_hash: text(r, "content_hash")?,
        removed: r.try_get_unchecked::<i8, _>("removed")? != 0,
        pinned: r.try_get_unchecked::<i8, _>("pinned")? != 0,
        like_count: int(r, "like_count")?,
        comment_count: int(r, "comment_count")?,
        created_at: int(r, "created_at")?,
        edited_at: r
            .try_get_unchecked::<Option<u64>, _>("edited_at")?
            .map(|v| v as i64),
        source: provenance(r)?,
    })
}

/// Loads one post (removed ones too: the caller decides).
pub async fn post(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<PostRow>, sqlx::Error> {
    one(
        pool,
        POST_COLS,
        ("Post", true),
        "post_id",
        Bind::U(id),
        at,
        post_row,
    )
    .await
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
    let Paging {
        offset,
        limit,
        descending,
        at,
    } = paging;
    let (src, params) = source("Post", true, at);
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = params.into_iter().map(Bind::U).collect();
    if !filter.include_removed {
        conds.push("removed = 0".into());
    }
    if let Some(c) = filter.community_id {
        conds.push("community_id = ?".into());
        binds.push(Bind::U(c));
    }
    if let Some(a) = &filter.author {
        conds.push("author = ?".into());
        binds.push(Bind::S(a.clone()));
    }
    if let Some(p) = filter.pinned {
        conds.push("pinned = ?".into());
        binds.push(Bind::U(u64::from(p)));
    }
    if let Some(t) = &filter.title_contains {
        conds.push("LOWER(CAST(post_title AS CHAR)) LIKE LOWER(?)".into());
        binds.push(Bind::S(format!("%{}%", escape_like(t))));
    }
    let order_col = match sort {
        PostSort::CreatedAt => "created_at",
        PostSort::Likes => "like_count",
    };
    let dir = if descending { "DESC" } else { "ASC" };
    let query = PageQuery {
        cols: POST_COLS,
        src: &src,
        conds: &conds,
        binds: &binds,
        order: format!("{order_col} {dir}, post_id {dir}"),
        limit,
        offset,
    };
    fetch_page(pool, query, post_row).await
}

/// A mall item row.
#[derive(Debug, Clone)]
pub struct ItemRow {
    /// On-chain id.
    pub id: u64,
    /// Community id (prices are in its points).
    pub community_id: u64,
    /// The point token (lowercase hex).
    pub token: String,
    /// Name.
    pub name: String,
    /// Metadata document hash.
    pub metadata_hash: String,
    /// Points per unit, decimal.
    pub price: String,
    /// Units for sale.
    pub stock: i64,
    /// For sale.
    pub active: bool,
    /// Sum of review stars.
    pub rating_sum: i64,
    /// Reviews.
    pub rating_count: i64,
    /// Units delivered.
    pub sold: i64,
    /// Listed, unix seconds.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const ITEM_COLS: &str = "item_id, community_id, CAST(token AS CHAR) AS token, CAST(name AS CHAR) AS name, \
    CAST(metadata_hash AS CHAR) AS metadata_hash, CAST(price AS CHAR) AS price, stock, active, rating_sum, rating_count, \
    sold, created_at, block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn item_row(r: &MySqlRow) -> Result<ItemRow, sqlx::Error> {
    Ok(ItemRow {
        id: int(r, "item_id")? as u64,
        community_id: int(r, "community_id")? as u64,
        token: text(r, "token")?,
        name: text(r, "name")?,
        metadata_hash: text(r, "metadata_hash")?,
        price: text(r, "price")?,
        stock: int(r, "stock")?,
        active: r.try_get_unchecked::<i8, _>("active")? != 0,
        rating_sum: int(r, "rating_sum")?,
        rating_count: int(r, "rating_count")?,
        sold: int(r, "sold")?,
        created_at: int(r, "created_at")?,
        source: provenance(r)?,
    })
}

/// Loads one item.
pub async fn item(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<ItemRow>, sqlx::Error> {
    one(
        pool,
        ITEM_COLS,
        ("Item", true),
        "item_id",
        Bind::U(id),
        at,
        item_row,
    )
    .await
}

/// A page of items of one community (or all), newest first or by price.
pub async fn items(
    pool: &MySqlPool,
    community_id: Option<u64>,
    active_only: bool,
    by_price: bool,
    paging: Paging,
) -> Result<Page<ItemRow>, sqlx::Error> {
    let Paging {
        offset,
        limit,
        descending,
        at,
    } = paging;
    let (src, params) = source("Item", true, at);
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = params.into_iter().map(Bind::U).collect();
    if active_only {
        conds.push("active = 1".into());
    }
    if let Some(c) = community_id {
        conds.push("community_id = ?".into());
        binds.push(Bind::U(c));
    }
    let order_col = if by_price { "price" } else { "created_at" };
    let dir = if descending { "DESC" } else { "ASC" };
    let query = PageQuery {
        cols: ITEM_COLS,
        src: &src,
        conds: &conds,
        binds: &binds,
        order: format!("{order_col} {dir}, item_id {dir}"),
        limit,
        offset,
    };
    fetch_page(pool, query, item_row).await
}

/// A point-trade offer row.
#[derive(Debug, Clone)]
pub struct OfferRow {
    /// On-chain id.
    pub id: u64,
    /// Maker (lowercase hex).
    pub maker: String,
    /// Token given (`0x0…0` = ETH).
    pub give_token: String,
    /// Amount given, decimal.
    pub give_amount: String,
    /// Token wanted.
    pub want_token: String,
    /// Amount wanted, decimal.
    pub want_amount: String,
    /// The only allowed taker (`0x0…0` = anyone).
    pub counterparty: String,
    /// Unix seconds after which it cannot be accepted.
    pub expiry: i64,
    /// open, filled or cancelled.
    pub status: String,
    /// Who filled it.
    pub taker: Option<String>,
    /// Provenance.
    pub source: Provenance,
}

const OFFER_COLS: &str = "offer_id, CAST(maker AS CHAR) AS maker, CAST(give_token AS CHAR) AS give_token, \
    CAST(give_amount AS CHAR) AS give_amount, CAST(want_token AS CHAR) AS want_token, CAST(want_amount AS CHAR) AS want_amount, \
    CAST(counterparty AS CHAR) AS counterparty, expiry, CAST(status AS CHAR) AS status, CAST(taker AS CHAR) AS taker, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn offer_row(r: &MySqlRow) -> Result<OfferRow, sqlx::Error> {
    Ok(OfferRow {
        id: int(r, "offer_id")? as u64,
        maker: text(r, "maker")?,
        give_token: text(r, "give_token")?,
        give_amount: text(r, "give_amount")?,
        want_token: text(r, "want_token")?,
        want_amount: text(r, "want_amount")?,
        counterparty: text(r, "counterparty")?,
        expiry: int(r, "expiry")?,
        status: text(r, "status")?,
        taker: opt_text(r, "taker")?,
        source: provenance(r)?,
    })
}

/// A page of offers, newest first, optionally of one status and maker.
pub async fn offers(
    pool: &MySqlPool,
    status: Option<&str>,
    maker: Option<String>,
    paging: Paging,
) -> Result<Page<OfferRow>, sqlx::Error> {
    let Paging {
        offset,
        limit,
        descending,
        at,
    } = paging;
    let (src, params) = source("Offer", true, at);
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = params.into_iter().map(Bind::U).collect();
    if let Some(st) = status {
        conds.push("status = ?".into());
        binds.push(Bind::S(st.to_owned()));
    }
    if let Some(m) = maker {
        conds.push("maker = ?".into());
        binds.push(Bind::S(m));
    }
    let dir = if descending { "DESC" } else { "ASC" };
    let query = PageQuery {
        cols: OFFER_COLS,
        src: &src,
        conds: &conds,
        binds: &binds,
        order: format!("offer_id {dir}"),
        limit,
        offset,
    };
    fetch_page(pool, query, offer_row).await
}
