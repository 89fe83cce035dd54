//! TaskMarket: tasks and the claims released on them.

use read_model::{TaskReleaseRow, TaskRow};
use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
};

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
    let mut qb = query::select::<TaskReleaseRow>(None);
    qb.push(" WHERE task_id IN (");
    query::push_list(&mut qb, &ids);
    qb.push(") ORDER BY task_id, block_number, log_index");
    let rows: Vec<TaskReleaseRow> = qb.build_query_as().fetch_all(pool).await?;
    Ok(tasks
        .iter()
        .map(|&(task, block)| {
            let claimers = rows
                .iter()
                .filter(|r| r.task_id == task && r.block_number <= block)
                .map(|r| r.claimer.clone())
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
    /// Reward at least (a decimal string of digits).
    pub reward_min: Option<String>,
    /// Reward at most (a decimal string of digits).
    pub reward_max: Option<String>,
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

/// Loads one task.
pub async fn task(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<TaskRow>, sqlx::Error> {
    query::one(pool, "task_id", id, at).await
}

/// Loads tasks by id (for DataLoaders), in no particular order.
pub async fn tasks_by_id(pool: &MySqlPool, ids: &[u64]) -> Result<Vec<TaskRow>, sqlx::Error> {
    query::by_keys(pool, "task_id", ids).await
}

/// A page of tasks.
pub async fn tasks(
    pool: &MySqlPool,
    filter: &TaskFilter,
    sort: TaskSort,
    paging: Paging,
) -> Result<Page<TaskRow>, sqlx::Error> {
    // MariaDB 10.11 runs `COUNT(*) … WHERE task_status IN (?)` as a full table scan once
    // the connection has just run the page query (measured: ~30 ms instead of ~4 ms at
    // 100k tasks); the status index is always the right one for a status-only filter.
    let hint =
        if paging.at.is_none() && !filter.statuses.is_empty() && filter.community_id.is_none() {
            " FORCE INDEX (ix_task_status)"
        } else {
            ""
        };
    let order_col = match sort {
        TaskSort::CreatedAt => "created_at",
        TaskSort::Deadline => "deadline",
        TaskSort::Reward => "task_price",
    };
    let order = query::order_by(order_col, "task_id", paging.descending);
    let filter = |qb: &mut Sql| {
        qb.any_of("task_status", &filter.statuses)
            .eq("community_id", filter.community_id)
            .eq("publisher", filter.publisher.clone())
            .eq("claimer", filter.claimer.clone())
            .eq("reward_token", filter.reward_token.clone())
            .contains("task_name", filter.title_contains.as_deref())
            .cmp("deadline", ">=", filter.deadline_from)
            .cmp("deadline", "<=", filter.deadline_to);
        // Compared as DECIMAL: a string against a DECIMAL column compares as floating
        // point, which loses wei.
        for (op, bound) in [(">=", &filter.reward_min), ("<=", &filter.reward_max)] {
            if let Some(v) = bound {
                qb.push(format_args!(" AND task_price {op} CAST("))
                    .push_bind(v.clone())
                    .push(" AS DECIMAL(65,0))");
            }
        }
    };
    let list = List {
        at: paging.at,
        hint,
        filter,
        order: &order,
        slice: paging.slice(),
    };
    query::page(pool, list).await
}
