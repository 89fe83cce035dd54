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

impl Paging {
    /// (offset, limit).
    fn slice(&self) -> (u64, u64) {
        (self.offset, self.limit)
    }
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

fn opt_int(r: &MySqlRow, col: &str) -> Result<Option<i64>, sqlx::Error> {
    Ok(r.try_get_unchecked::<Option<u64>, _>(col)?
        .map(|v| v as i64))
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
    /// The last submission's proof document hash.
    pub proof_hash: Option<String>,
    /// When work was last submitted.
    pub submitted_at: Option<i64>,
    /// The last rejection's reason document hash.
    pub rejection_hash: Option<String>,
    /// The dispute's reason document hash.
    pub dispute_hash: Option<String>,
    /// When the current claim was made (unix seconds), while the task has a claimer.
    pub claimed_at: Option<i64>,
    /// While a claim runs (claimed or submitted): unix seconds after which, with no
    /// submission, the publisher may release it.
    pub work_deadline: Option<i64>,
    /// While disputed: unix seconds after which anyone may split the escrow 50/50.
    pub dispute_deadline: Option<i64>,
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
    CAST(proof_hash AS CHAR) AS proof_hash, submitted_at, \
    CAST(rejection_hash AS CHAR) AS rejection_hash, CAST(dispute_hash AS CHAR) AS dispute_hash, \
    claimed_at, work_deadline, dispute_deadline, created_at, updated_at, block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

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
        proof_hash: opt_text(r, "proof_hash")?,
        rejection_hash: opt_text(r, "rejection_hash")?,
        dispute_hash: opt_text(r, "dispute_hash")?,
        submitted_at: opt_int(r, "submitted_at")?,
        claimed_at: opt_int(r, "claimed_at")?,
        work_deadline: opt_int(r, "work_deadline")?,
        dispute_deadline: opt_int(r, "dispute_deadline")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
        source: provenance(r)?,
    })
}

/// The claimers whose claims on each of `tasks` were released, as the read model held
/// them at each task row's own block: `(task id, block of the task's version)` →
/// lowercase addresses, in release order. A release always writes its task in the same
/// log, so the releases at or before a task version's block are exactly those that had
/// happened while that version held (current and time-travelled rows alike).
pub async fn released_claimers(
    pool: &MySqlPool,
    tasks: &[(u64, u64)],
) -> Result<Vec<((u64, u64), Vec<String>)>, sqlx::Error> {
    if tasks.is_empty() {
        return Ok(vec![]);
    }
    let mut ids: Vec<u64> = tasks.iter().map(|t| t.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let sql = format!(
        "SELECT task_id, CAST(claimer AS CHAR), block_number FROM TaskRelease \
         WHERE task_id IN ({}) ORDER BY task_id, block_number, log_index",
        vec!["?"; ids.len()].join(",")
    );
    let mut q = sqlx::query_as::<_, (u64, String, u64)>(&sql);
    for id in &ids {
        q = q.bind(id);
    }
    let rows = q.fetch_all(pool).await?;
    Ok(tasks
        .iter()
        .map(|&(task, block)| {
            let claimers = rows
                .iter()
                .filter(|(t, _, b)| *t == task && *b <= block)
                .map(|(_, c, _)| c.clone())
                .collect();
            ((task, block), claimers)
        })
        .collect())
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

#[derive(Debug)]
enum Bind {
    U(u64),
    S(String),
}

/// The read model changes only when the indexer commits a block, and it commits its
/// bookkeeping (`indexer_state`: block number and hash) in the same transaction. So a
/// result computed at one (block, hash) stays exact until they change: counts and
/// search hits are kept for as long as they do (a reorg changes the hash). Without an
/// `indexer_state` row (nothing indexed, or tests writing rows by hand) nothing is kept.
mod memo {
    use std::{
        any::Any,
        collections::HashMap,
        sync::{Arc, Mutex, OnceLock},
    };

    type Entry = (String, Arc<dyn Any + Send + Sync>);

    /// Entries kept at most (then all are dropped; they refill in one block).
    const MAX_ENTRIES: usize = 20_000;

    fn map() -> &'static Mutex<HashMap<String, Entry>> {
        static M: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();
        M.get_or_init(Default::default)
    }

    pub(super) fn get<T: Clone + 'static>(key: &str, generation: &str) -> Option<T> {
        let m = map().lock().expect("memo lock");
        let (g, v) = m.get(key)?;
        (g == generation).then(|| v.downcast_ref::<T>().cloned())?
    }

    pub(super) fn put<T: Send + Sync + 'static>(key: String, generation: String, v: T) {
        let mut m = map().lock().expect("memo lock");
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(key, (generation, Arc::new(v)));
    }
}

/// The read model's generation: the last indexed block and its hash.
async fn generation(pool: &MySqlPool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CONCAT(indexed_block, ':', CAST(indexed_hash AS CHAR)) FROM indexer_state WHERE id = 1",
    )
    .fetch_optional(pool)
    .await
}

fn count_key(sql: &str, binds: &[Bind]) -> String {
    format!("{sql}|{binds:?}")
}

/// `compute`'s value for `key` at the read model's current generation, computed once
/// per generation (and database).
async fn cached<T: Clone + Send + Sync + 'static>(
    pool: &MySqlPool,
    key: &str,
    compute: impl std::future::Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, sqlx::Error> {
    let Some(generation) = generation(pool).await? else {
        return compute.await;
    };
    let key = format!(
        "{}|{key}",
        pool.connect_options().get_database().unwrap_or_default()
    );
    if let Some(v) = memo::get::<T>(&key, &generation) {
        return Ok(v);
    }
    let v = compute.await?;
    memo::put(key, generation, v.clone());
    Ok(v)
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
    let total = cached(pool, &count_key(&count_sql, q.binds), async {
        let n: i64 = bind_all(&count_sql, q.binds)
            .fetch_one(pool)
            .await?
            .try_get(0)?;
        Ok(n)
    })
    .await?;
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
    let (mut src, params) = source("Task", true, paging.at);
    // MariaDB 10.11 runs `COUNT(*) … WHERE task_status IN (?)` as a full table scan once
    // the connection has just run the page query (measured: ~30 ms instead of ~4 ms at
    // 100k tasks); the status index is always the right one for a status-only filter.
    if paging.at.is_none() && !filter.statuses.is_empty() && filter.community_id.is_none() {
        src.push_str(" FORCE INDEX (ix_task_status)");
    }
    let mut c = Conds::at(params);
    c.any_of("task_status", &filter.statuses)
        .eq_u("community_id", filter.community_id)
        .eq_s("publisher", filter.publisher.as_deref())
        .eq_s("claimer", filter.claimer.as_deref())
        .eq_s("reward_token", filter.reward_token.as_deref())
        .contains("task_name", filter.title_contains.as_deref())
        .cmp_u("deadline", ">=", filter.deadline_from)
        .cmp_u("deadline", "<=", filter.deadline_to);
    let order_col = match sort {
        TaskSort::CreatedAt => "created_at",
        TaskSort::Deadline => "deadline",
        TaskSort::Reward => "task_price",
    };
    let order = order_by(order_col, "task_id", paging.descending);
    list(pool, TASK_COLS, &src, &c, &order, paging.slice(), task_row).await
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
    let (src, params) = source("Community", true, paging.at);
    let mut c = Conds::at(params);
    c.contains("community_name", name_contains)
        .eq_s("theme", theme);
    let order_col = match sort {
        CommunitySort::CreatedAt => "created_at",
        CommunitySort::Members => "member_count",
    };
    let order = order_by(order_col, "community_id", paging.descending);
    list(
        pool,
        COMMUNITY_COLS,
        &src,
        &c,
        &order,
        paging.slice(),
        community_row,
    )
    .await
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
    let (src, params) = source("Post", true, paging.at);
    let mut c = Conds::at(params);
    if !filter.include_removed {
        c.raw("removed = 0");
    }
    c.eq_u("community_id", filter.community_id)
        .eq_s("author", filter.author.as_deref())
        .eq_u("pinned", filter.pinned.map(u64::from))
        .contains("post_title", filter.title_contains.as_deref());
    let order_col = match sort {
        PostSort::CreatedAt => "created_at",
        PostSort::Likes => "like_count",
    };
    let order = order_by(order_col, "post_id", paging.descending);
    list(pool, POST_COLS, &src, &c, &order, paging.slice(), post_row).await
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
    let (src, params) = source("Item", true, paging.at);
    let mut c = Conds::at(params);
    if active_only {
        c.raw("active = 1");
    }
    c.eq_u("community_id", community_id);
    let order_col = if by_price { "price" } else { "created_at" };
    let order = order_by(order_col, "item_id", paging.descending);
    list(pool, ITEM_COLS, &src, &c, &order, paging.slice(), item_row).await
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
    let (src, params) = source("Offer", true, paging.at);
    let mut c = Conds::at(params);
    c.eq_s("status", status).eq_s("maker", maker.as_deref());
    let order = order_by("offer_id", "offer_id", paging.descending);
    list(
        pool,
        OFFER_COLS,
        &src,
        &c,
        &order,
        paging.slice(),
        offer_row,
    )
    .await
}

/// The `WHERE` parts and values of a list query, built up filter by filter.
#[derive(Default)]
struct Conds {
    conds: Vec<String>,
    binds: Vec<Bind>,
}

impl Conds {
    fn at(params: Vec<u64>) -> Self {
        Self {
            conds: vec![],
            binds: params.into_iter().map(Bind::U).collect(),
        }
    }
    fn eq_u(&mut self, col: &str, v: Option<u64>) -> &mut Self {
        if let Some(v) = v {
            self.conds.push(format!("{col} = ?"));
            self.binds.push(Bind::U(v));
        }
        self
    }
    fn eq_s(&mut self, col: &str, v: Option<&str>) -> &mut Self {
        if let Some(v) = v {
            self.conds.push(format!("{col} = ?"));
            self.binds.push(Bind::S(v.to_owned()));
        }
        self
    }
    fn raw(&mut self, cond: &str) -> &mut Self {
        self.conds.push(cond.to_owned());
        self
    }
    /// `col op ?` (a range bound) when `v` is given.
    fn cmp_u(&mut self, col: &str, op: &str, v: Option<u64>) -> &mut Self {
        if let Some(v) = v {
            self.conds.push(format!("{col} {op} ?"));
            self.binds.push(Bind::U(v));
        }
        self
    }
    /// `col IN (…)` when `values` is not empty.
    fn any_of(&mut self, col: &str, values: &[String]) -> &mut Self {
        if !values.is_empty() {
            self.conds
                .push(format!("{col} IN ({})", vec!["?"; values.len()].join(",")));
            self.binds.extend(values.iter().cloned().map(Bind::S));
        }
        self
    }
    /// Case-insensitive (for ASCII) "contains" on a text column, when `text` is given.
    fn contains(&mut self, col: &str, text: Option<&str>) -> &mut Self {
        if let Some(t) = text {
            self.conds
                .push(format!("LOWER(CAST({col} AS CHAR)) LIKE LOWER(?)"));
            self.binds.push(Bind::S(format!("%{}%", escape_like(t))));
        }
        self
    }
}

/// `ORDER BY` a key, ties broken by the id in the same direction.
fn order_by(col: &str, id_col: &str, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    if col == id_col {
        format!("{id_col} {dir}")
    } else {
        format!("{col} {dir}, {id_col} {dir}")
    }
}

async fn list<T>(
    pool: &MySqlPool,
    cols: &str,
    src: &str,
    c: &Conds,
    order: &str,
    (offset, limit): (u64, u64),
    map: Map<T>,
) -> Result<Page<T>, sqlx::Error> {
    fetch_page(
        pool,
        PageQuery {
            cols,
            src,
            conds: &c.conds,
            binds: &c.binds,
            order: order.to_owned(),
            limit,
            offset,
        },
        map,
    )
    .await
}

/// A mall order row.
#[derive(Debug, Clone)]
pub struct OrderRow {
    /// On-chain id.
    pub id: u64,
    /// Item id.
    pub item_id: u64,
    /// Item name at ordering.
    pub item_name: String,
    /// Community id.
    pub community_id: u64,
    /// Buyer (lowercase hex).
    pub buyer: String,
    /// Units.
    pub quantity: i64,
    /// Points in all, decimal.
    pub amount: String,
    /// Point token.
    pub token: String,
    /// The seed's status label.
    pub status: String,
    /// Reviewed.
    pub reviewed: bool,
    /// Created.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// Unix seconds after which, unpaid, anyone may cancel it.
    pub expires_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const ORDER_COLS: &str = "order_id, item_id, CAST(order_item AS CHAR) AS order_item, community_id, CAST(buyer AS CHAR) AS buyer, \
    quantity, CAST(order_amount AS CHAR) AS order_amount, CAST(token AS CHAR) AS token, CAST(order_status AS CHAR) AS order_status, \
    reviewed, created_at, updated_at, expires_at, block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn order_row(r: &MySqlRow) -> Result<OrderRow, sqlx::Error> {
    Ok(OrderRow {
        id: int(r, "order_id")? as u64,
        item_id: int(r, "item_id")? as u64,
        item_name: text(r, "order_item")?,
        community_id: int(r, "community_id")? as u64,
        buyer: text(r, "buyer")?,
        quantity: int(r, "quantity")?,
        amount: text(r, "order_amount")?,
        token: text(r, "token")?,
        status: text(r, "order_status")?,
        reviewed: r.try_get_unchecked::<i8, _>("reviewed")? != 0,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
        expires_at: int(r, "expires_at")?,
        source: provenance(r)?,
    })
}

/// Loads one order.
pub async fn order(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<OrderRow>, sqlx::Error> {
    one(
        pool,
        ORDER_COLS,
        ("Orders", true),
        "order_id",
        Bind::U(id),
        at,
        order_row,
    )
    .await
}

/// Filters of `orders`.
#[derive(Debug, Default, Clone)]
pub struct OrderFilter {
    /// Buyer (lowercase hex).
    pub buyer: Option<String>,
    /// Communities (any of; empty: all).
    pub communities: Option<Vec<u64>>,
    /// Item.
    pub item_id: Option<u64>,
    /// Status label.
    pub status: Option<String>,
}

/// A page of orders, newest first.
pub async fn orders(
    pool: &MySqlPool,
    f: &OrderFilter,
    paging: Paging,
) -> Result<Page<OrderRow>, sqlx::Error> {
    let (src, params) = source("Orders", true, paging.at);
    let mut c = Conds::at(params);
    c.eq_s("buyer", f.buyer.as_deref())
        .eq_u("item_id", f.item_id)
        .eq_s("order_status", f.status.as_deref());
    if let Some(ids) = &f.communities {
        if ids.is_empty() {
            c.raw("1 = 0");
        } else {
            c.conds.push(format!(
                "community_id IN ({})",
                vec!["?"; ids.len()].join(",")
            ));
            c.binds.extend(ids.iter().map(|&i| Bind::U(i)));
        }
    }
    let order = order_by("order_id", "order_id", paging.descending);
    list(
        pool,
        ORDER_COLS,
        &src,
        &c,
        &order,
        paging.slice(),
        order_row,
    )
    .await
}

/// The communities `address` is an admin of.
pub async fn admin_of(pool: &MySqlPool, address: &str) -> Result<Vec<u64>, sqlx::Error> {
    let rows: Vec<(u64,)> = sqlx::query_as(
        "SELECT community_id FROM Member WHERE account = ? AND is_admin = 1 AND status = 'member'",
    )
    .bind(address)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A comment row.
#[derive(Debug, Clone)]
pub struct CommentRow {
    /// On-chain id.
    pub id: u64,
    /// The seed's target label (任务, 社区, 帖子).
    pub target: String,
    /// Target id.
    pub target_id: u64,
    /// Author (lowercase hex).
    pub author: String,
    /// Body document hash.
    pub content_hash: String,
    /// Created.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const COMMENT_COLS: &str = "comment_id, CAST(comment_object_type AS CHAR) AS comment_object_type, target_id, CAST(author AS CHAR) AS author, \
    CAST(content_hash AS CHAR) AS content_hash, created_at, block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn comment_row(r: &MySqlRow) -> Result<CommentRow, sqlx::Error> {
    Ok(CommentRow {
        id: int(r, "comment_id")? as u64,
        target: text(r, "comment_object_type")?,
        target_id: int(r, "target_id")? as u64,
        author: text(r, "author")?,
        content_hash: text(r, "content_hash")?,
        created_at: int(r, "created_at")?,
        source: provenance(r)?,
    })
}

/// A page of the visible comments on one object, oldest first (removed comments are
/// hidden, as they were at `paging.at`).
pub async fn comments(
    pool: &MySqlPool,
    target: &str,
    target_id: u64,
    paging: Paging,
) -> Result<Page<CommentRow>, sqlx::Error> {
    let (src, params) = source("Comment", true, paging.at);
    let mut c = Conds::at(params);
    c.eq_s("comment_object_type", Some(target))
        .eq_u("target_id", Some(target_id))
        .raw("removed = 0");
    let order = order_by("comment_id", "comment_id", paging.descending);
    list(
        pool,
        COMMENT_COLS,
        &src,
        &c,
        &order,
        paging.slice(),
        comment_row,
    )
    .await
}

/// A membership row.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// Community.
    pub community_id: u64,
    /// Account (lowercase hex).
    pub account: String,
    /// member, left or banned.
    pub status: String,
    /// Community admin.
    pub is_admin: bool,
    /// Joined, unix seconds.
    pub joined_at: i64,
    /// Since when an admin (unix seconds), if one.
    pub admin_since: Option<i64>,
    /// Provenance.
    pub source: Provenance,
}

const MEMBER_COLS: &str = "community_id, CAST(account AS CHAR) AS account, CAST(status AS CHAR) AS status, is_admin, joined_at, admin_since, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn member_row(r: &MySqlRow) -> Result<MemberRow, sqlx::Error> {
    Ok(MemberRow {
        community_id: int(r, "community_id")? as u64,
        account: text(r, "account")?,
        status: text(r, "status")?,
        is_admin: r.try_get_unchecked::<i8, _>("is_admin")? != 0,
        joined_at: int(r, "joined_at")?,
        admin_since: opt_int(r, "admin_since")?,
        source: provenance(r)?,
    })
}

/// A page of a community's members (current ones unless `account` is given), admins
/// first, then by joining time.
pub async fn members(
    pool: &MySqlPool,
    community_id: u64,
    account: Option<&str>,
    admins_only: bool,
    paging: Paging,
) -> Result<Page<MemberRow>, sqlx::Error> {
    let (src, params) = source("Member", true, paging.at);
    let mut c = Conds::at(params);
    c.eq_u("community_id", Some(community_id))
        .eq_s("account", account);
    if account.is_none() {
        c.raw("status = 'member'");
    }
    if admins_only {
        c.raw("is_admin = 1");
    }
    list(
        pool,
        MEMBER_COLS,
        &src,
        &c,
        "is_admin DESC, joined_at ASC, account ASC",
        (paging.offset, paging.limit),
        member_row,
    )
    .await
}

/// Every community `account` has a membership row in (any status).
pub async fn memberships(pool: &MySqlPool, account: &str) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {MEMBER_COLS} FROM Member WHERE account = ? ORDER BY community_id"
    ))
    .bind(account)
    .fetch_all(pool)
    .await?
    .iter()
    .map(member_row)
    .collect()
}

/// A review row.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    /// Order.
    pub order_id: u64,
    /// Item.
    pub item_id: u64,
    /// Buyer (lowercase hex).
    pub buyer: String,
    /// 1–5.
    pub stars: i64,
    /// Body document hash.
    pub content_hash: String,
    /// Created.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const REVIEW_COLS: &str = "order_id, item_id, CAST(buyer AS CHAR) AS buyer, stars, CAST(content_hash AS CHAR) AS content_hash, created_at, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn review_row(r: &MySqlRow) -> Result<ReviewRow, sqlx::Error> {
    Ok(ReviewRow {
        order_id: int(r, "order_id")? as u64,
        item_id: int(r, "item_id")? as u64,
        buyer: text(r, "buyer")?,
        stars: int(r, "stars")?,
        content_hash: text(r, "content_hash")?,
        created_at: int(r, "created_at")?,
        source: provenance(r)?,
    })
}

/// A page of an item's reviews, newest first.
pub async fn reviews(
    pool: &MySqlPool,
    item_id: u64,
    paging: Paging,
) -> Result<Page<ReviewRow>, sqlx::Error> {
    let (src, params) = source("Review", false, paging.at);
    let mut c = Conds::at(params);
    c.eq_u("item_id", Some(item_id));
    list(
        pool,
        REVIEW_COLS,
        &src,
        &c,
        "order_id DESC",
        (paging.offset, paging.limit),
        review_row,
    )
    .await
}

/// A point movement row (the seed's `Point`).
#[derive(Debug, Clone)]
pub struct PointRow {
    /// Row id.
    pub id: u64,
    /// Account (lowercase hex).
    pub account: String,
    /// Community.
    pub community_id: u64,
    /// Token.
    pub token: String,
    /// Signed amount, decimal.
    pub amount: String,
    /// The other side.
    pub counterparty: String,
    /// Why (an award's source, or the movement's kind).
    pub reason: Option<String>,
    /// Created.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

const POINT_COLS: &str = "point_id, CAST(account AS CHAR) AS account, community_id, CAST(token AS CHAR) AS token, \
    CAST(point_amount AS CHAR) AS point_amount, CAST(counterparty AS CHAR) AS counterparty, CAST(source AS CHAR) AS reason, created_at, \
    block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index";

fn point_row(r: &MySqlRow) -> Result<PointRow, sqlx::Error> {
    Ok(PointRow {
        id: int(r, "point_id")? as u64,
        account: text(r, "account")?,
        community_id: int(r, "community_id")? as u64,
        token: text(r, "token")?,
        amount: text(r, "point_amount")?,
        counterparty: text(r, "counterparty")?,
        reason: opt_text(r, "reason")?,
        created_at: int(r, "created_at")?,
        source: provenance(r)?,
    })
}

/// A page of `account`'s point movements, newest first.
pub async fn point_history(
    pool: &MySqlPool,
    account: &str,
    community_id: Option<u64>,
    paging: Paging,
) -> Result<Page<PointRow>, sqlx::Error> {
    let (src, params) = source("Point", false, paging.at);
    let mut c = Conds::at(params);
    c.eq_s("account", Some(account))
        .eq_u("community_id", community_id);
    list(
        pool,
        POINT_COLS,
        &src,
        &c,
        "point_id DESC",
        (paging.offset, paging.limit),
        point_row,
    )
    .await
}

/// A payout row (the seed's `Transaction`).
#[derive(Debug, Clone)]
pub struct PaymentRow {
    /// Task.
    pub task_id: u64,
    /// Payer (the escrow).
    pub from: String,
    /// Payee.
    pub to: String,
    /// Token.
    pub token: String,
    /// Amount, decimal.
    pub amount: String,
    /// Created.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

/// A task's payouts, oldest first.
pub async fn payments(
    pool: &MySqlPool,
    task_id: u64,
    at: Option<u64>,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    let (src, params) = source("Transaction", false, at);
    let sql = format!(
        "SELECT task_id, CAST(sender AS CHAR) AS sender, CAST(receiver AS CHAR) AS receiver, CAST(token AS CHAR) AS token, \
         CAST(transaction_amount AS CHAR) AS amount, created_at, block_number, CAST(block_hash AS CHAR) AS block_hash, \
         CAST(tx_hash AS CHAR) AS tx_hash, log_index FROM {src} WHERE task_id = ? ORDER BY transaction_id"
    );
    let mut q = sqlx::query(&sql);
    for p in params {
        q = q.bind(p);
    }
    q.bind(task_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(PaymentRow {
                task_id: int(r, "task_id")? as u64,
                from: text(r, "sender")?,
                to: text(r, "receiver")?,
                token: text(r, "token")?,
                amount: text(r, "amount")?,
                created_at: int(r, "created_at")?,
                source: provenance(r)?,
            })
        })
        .collect()
}

/// A point balance with its community.
#[derive(Debug, Clone)]
pub struct BalanceRow {
    /// Token.
    pub token: String,
    /// Community.
    pub community_id: u64,
    /// Token name.
    pub name: String,
    /// Token symbol.
    pub symbol: String,
    /// Balance, decimal.
    pub balance: String,
}

/// `account`'s non-zero community point balances.
pub async fn balances(pool: &MySqlPool, account: &str) -> Result<Vec<BalanceRow>, sqlx::Error> {
    sqlx::query(
        "SELECT CAST(b.token AS CHAR) AS token, t.community_id, CAST(t.name AS CHAR) AS name, CAST(t.symbol AS CHAR) AS symbol, \
         CAST(b.balance AS CHAR) AS balance FROM Balance b JOIN Token t ON t.token = b.token \
         WHERE b.account = ? AND b.balance > 0 ORDER BY t.community_id",
    )
    .bind(account)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(BalanceRow {
            token: text(r, "token")?,
            community_id: int(r, "community_id")? as u64,
            name: text(r, "name")?,
            symbol: text(r, "symbol")?,
            balance: text(r, "balance")?,
        })
    })
    .collect()
}

/// `account`'s granted roles (their names as the indexer stores them).
pub async fn roles(pool: &MySqlPool, account: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT CAST(role AS CHAR) FROM RoleMember WHERE account = ? AND granted = 1 ORDER BY role",
    )
    .bind(account)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Withdrawable escrow payouts: (contract, token, owed).
pub async fn credits(
    pool: &MySqlPool,
    account: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(contract AS CHAR), CAST(token AS CHAR), CAST(owed AS CHAR) FROM EscrowCredit WHERE account = ? AND owed > 0 ORDER BY contract, token",
    )
    .bind(account)
    .fetch_all(pool)
    .await
}

/// A wallet-recovery request row.
#[derive(Debug, Clone)]
pub struct RecoveryRow {
    /// Id.
    pub id: u64,
    /// Username to move.
    pub username: String,
    /// Old address.
    pub old_account: String,
    /// New address.
    pub new_account: String,
    /// Evidence document hash.
    pub evidence_hash: String,
    /// pending, approved, rejected.
    pub status: String,
    /// Created.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

/// A page of recovery requests, newest first.
pub async fn recovery_requests(
    pool: &MySqlPool,
    status: Option<&str>,
    (offset, limit): (u64, u64),
) -> Result<Page<RecoveryRow>, sqlx::Error> {
    let mut c = Conds::default();
    c.eq_s("status", status);
    list(
        pool,
        "request_id, CAST(username AS CHAR) AS username, CAST(old_account AS CHAR) AS old_account, CAST(new_account AS CHAR) AS new_account, \
         CAST(evidence_hash AS CHAR) AS evidence_hash, CAST(status AS CHAR) AS status, created_at, block_number, \
         CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index",
        "`RecoveryRequest`",
        &c,
        "request_id DESC",
        (offset, limit),
        |r| {
            Ok(RecoveryRow {
                id: int(r, "request_id")? as u64,
                username: text(r, "username")?,
                old_account: text(r, "old_account")?,
                new_account: text(r, "new_account")?,
                evidence_hash: text(r, "evidence_hash")?,
                status: text(r, "status")?,
                created_at: int(r, "created_at")?,
                source: provenance(r)?,
            })
        },
    )
    .await
}

/// A publisher application row.
#[derive(Debug, Clone)]
pub struct ApplicationRow {
    /// Id.
    pub id: u64,
    /// Applicant.
    pub account: String,
    /// Application document hash.
    pub application_hash: String,
    /// Whether the applicant holds the publisher role now.
    pub granted: bool,
    /// Created.
    pub created_at: i64,
    /// Provenance.
    pub source: Provenance,
}

/// A page of publisher applications, newest first.
pub async fn publisher_applications(
    pool: &MySqlPool,
    (offset, limit): (u64, u64),
) -> Result<Page<ApplicationRow>, sqlx::Error> {
    list(
        pool,
        "a.application_id, CAST(a.account AS CHAR) AS account, CAST(a.application_hash AS CHAR) AS application_hash, a.created_at, \
         (SELECT COUNT(*) FROM RoleMember r WHERE r.role = 'TASK_PUBLISHER' AND r.account = a.account AND r.granted = 1) AS granted, \
         a.block_number, CAST(a.block_hash AS CHAR) AS block_hash, CAST(a.tx_hash AS CHAR) AS tx_hash, a.log_index",
        "`PublisherApplication` a",
        &Conds::default(),
        "a.application_id DESC",
        (offset, limit),
        |r| {
            Ok(ApplicationRow {
                id: int(r, "application_id")? as u64,
                account: text(r, "account")?,
                application_hash: text(r, "application_hash")?,
                granted: r.try_get_unchecked::<i64, _>("granted")? > 0,
                created_at: int(r, "created_at")?,
                source: provenance(r)?,
            })
        },
    )
    .await
}

/// Contract settings (`paused`, thresholds): (contract, name, value).
pub async fn settings(pool: &MySqlPool) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(contract AS CHAR), CAST(name AS CHAR), CAST(value AS CHAR) FROM Setting ORDER BY contract, name",
    )
    .fetch_all(pool)
    .await
}

/// Whether `account` likes post `post_id` (as of `at`).
pub async fn liked(
    pool: &MySqlPool,
    post_id: u64,
    account: &str,
    at: Option<u64>,
) -> Result<bool, sqlx::Error> {
    let (src, params) = source("PostLike", true, at);
    let sql = format!("SELECT liked FROM {src} WHERE post_id = ? AND account = ?");
    let mut q = sqlx::query(&sql);
    for p in params {
        q = q.bind(p);
    }
    Ok(q.bind(post_id)
        .bind(account)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get_unchecked::<i8, _>(0))
        .transpose()?
        .is_some_and(|v| v != 0))
}

/// Search hits of one kind: ids with their relevance, best first.
async fn search_ids(
    pool: &MySqlPool,
    sql: &str,
    q: &str,
    binds: usize,
    limit: u64,
) -> Result<Vec<u64>, sqlx::Error> {
    let mut query = sqlx::query(sql);
    for _ in 0..binds {
        query = query.bind(q);
    }
    query
        .bind(limit)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get_unchecked::<u64, _>(0))
        .collect()
}

type Hits = (Vec<u64>, Vec<u64>, Vec<u64>);

/// How many of the newest rows [`recent_matches`] looks at.
const RECENT_ROWS: u64 = 20_000;

/// `LIKE` patterns for the tokens of a boolean `AGAINST` expression (`+tok` exact,
/// `+tok*` prefix), to match against `CONCAT(' ', search_terms, ' ')`.
fn like_patterns(against: &str) -> Vec<String> {
    against
        .split(' ')
        .filter_map(|t| {
            let t = t.strip_prefix('+')?;
            Some(match t.strip_suffix('*') {
                Some(prefix) => format!("% {prefix}%"),
                None => format!("% {t} %"),
            })
        })
        .collect()
}

/// The newest `limit` rows among the last [`RECENT_ROWS`] ids whose terms contain every
/// pattern, when there are that many (a common word); `None` otherwise.
async fn recent_matches(
    pool: &MySqlPool,
    table: &str,
    id_col: &str,
    extra: &str,
    patterns: &[String],
    limit: u64,
) -> Result<Option<Vec<u64>>, sqlx::Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let max: Option<u64> = sqlx::query_scalar(&format!("SELECT MAX({id_col}) FROM `{table}`"))
        .fetch_one(pool)
        .await?;
    let Some(max) = max else {
        return Ok(None);
    };
    let likes = vec!["CONCAT(' ', search_terms, ' ') LIKE ?"; patterns.len()].join(" AND ");
    let sql = format!(
        "SELECT {id_col} FROM `{table}` WHERE {id_col} > ? {extra} AND {likes} ORDER BY {id_col} DESC LIMIT ?"
    );
    let mut q = sqlx::query_scalar::<_, u64>(&sql).bind(max.saturating_sub(RECENT_ROWS));
    for p in patterns {
        q = q.bind(p);
    }
    let ids = q.bind(limit).fetch_all(pool).await?;
    Ok((ids.len() as u64 == limit).then_some(ids))
}

/// The ids `search` returns, best first.
async fn search_hits(pool: &MySqlPool, against: &str, limit: u64) -> Result<Hits, sqlx::Error> {
    // Tasks and post titles: a word found in many rows (so among the newest ones) is
    // answered from those, newest first, by walking the primary key backwards; only
    // rarer words are ranked by the FULLTEXT index, whose cost grows with the number
    // of matches (it scores every one).
    let patterns = like_patterns(against);
    let task_ids = match recent_matches(pool, "Task", "task_id", "", &patterns, limit).await? {
        Some(ids) => ids,
        None => {
            search_ids(
                pool,
                "SELECT task_id, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM Task \
                 WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) ORDER BY score DESC, task_id DESC LIMIT ?",
                against,
                2,
                limit,
            )
            .await?
        }
    };
    let community_ids = search_ids(
        pool,
        "SELECT community_id, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM Community \
         WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) ORDER BY score DESC, member_count DESC LIMIT ?",
        against,
        2,
        limit,
    )
    .await?;
    if let Some(post_ids) =
        recent_matches(pool, "Post", "post_id", "AND removed = 0", &patterns, limit).await?
    {
        return Ok((task_ids, community_ids, post_ids));
    }
    // Posts: the best title hits and the best body hits, each bounded, merged here (a
    // title hit weighs double). Joining every body hit to its post would cost one lookup
    // per matching document.
    let title_hits: Vec<(u64, f64)> = sqlx::query_as(
        "SELECT post_id, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM Post \
         WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AND removed = 0 \
         ORDER BY score DESC, post_id DESC LIMIT ?",
    )
    .bind(against)
    .bind(against)
    .bind(limit * 2)
    .fetch_all(pool)
    .await?;
    let body_hits: Vec<(u64, f64)> = sqlx::query_as(
        "SELECT p.post_id, c.score FROM ( \
           SELECT hash, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM content \
           WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) ORDER BY score DESC LIMIT ? \
         ) c JOIN Post p ON p.content_hash = c.hash WHERE p.removed = 0",
    )
    .bind(against)
    .bind(against)
    .bind(limit * 4)
    .fetch_all(pool)
    .await?;
    let mut scores: std::collections::HashMap<u64, f64> = std::collections::HashMap::new();
    for (id, score) in title_hits {
        *scores.entry(id).or_default() += 2.0 * score;
    }
    for (id, score) in body_hits {
        *scores.entry(id).or_default() += score;
    }
    let mut ranked: Vec<(u64, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let post_ids: Vec<u64> = ranked
        .into_iter()
        .take(limit as usize)
        .map(|(id, _)| id)
        .collect();
    Ok((task_ids, community_ids, post_ids))
}

/// Full-text search (see `indexer::search`): tasks, communities and posts whose titles,
/// names or themes (and, for posts, stored bodies) contain every word of `against`,
/// best match first.
pub async fn search(
    pool: &MySqlPool,
    against: &str,
    limit: u64,
) -> Result<(Vec<TaskRow>, Vec<CommunityRow>, Vec<PostRow>), sqlx::Error> {
    let key = format!("search|{against}|{limit}");
    let (task_ids, community_ids, post_ids) = cached(pool, &key, async {
        search_hits(pool, against, limit).await
    })
    .await?;
    let order = |ids: &[u64], id: u64| ids.iter().position(|&x| x == id).unwrap_or(usize::MAX);
    let mut tasks = tasks_by_id(pool, &task_ids).await?;
    tasks.sort_by_key(|t| order(&task_ids, t.id));
    let mut communities = communities_by_id(pool, &community_ids).await?;
    communities.sort_by_key(|c| order(&community_ids, c.id));
    let mut posts = by_keys(pool, POST_COLS, "Post", "post_id", &post_ids, post_row).await?;
    posts.sort_by_key(|p| order(&post_ids, p.id));
    Ok((tasks, communities, posts))
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
    let sql = format!(
        "SELECT target_id, COUNT(*) FROM Comment WHERE comment_object_type = ? AND removed = 0 AND target_id IN ({}) GROUP BY target_id",
        vec!["?"; ids.len()].join(",")
    );
    let mut q = sqlx::query_as::<_, (u64, i64)>(&sql).bind(target);
    for id in ids {
        q = q.bind(id);
    }
    q.fetch_all(pool).await
}

/// Every point token: (address, community, name, symbol, total supply).
pub async fn tokens(
    pool: &MySqlPool,
) -> Result<Vec<(String, u64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(token AS CHAR), community_id, CAST(name AS CHAR), CAST(symbol AS CHAR), CAST(total_supply AS CHAR) FROM Token ORDER BY community_id",
    )
    .fetch_all(pool)
    .await
}

/// Whether the object a list hangs off exists (now): `kind` is `Task`, `Community`,
/// `Post` or `Item`.
pub async fn exists(pool: &MySqlPool, kind: &str, id: u64) -> Result<bool, sqlx::Error> {
    let (table, col) = match kind {
        "Task" => ("Task", "task_id"),
        "Community" => ("Community", "community_id"),
        "Post" => ("Post", "post_id"),
        _ => ("Item", "item_id"),
    };
    Ok(
        sqlx::query(&format!("SELECT 1 FROM `{table}` WHERE {col} = ?"))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}
