//! The indexer's progress, contract settings, and existence checks.

use read_model::{COMMUNITY, ITEM, POST, SettingRow, TASK};
use sqlx::MySqlPool;

use super::query;

/// The indexer's progress.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusRow {
    /// Chain id.
    #[sqlx(try_from = "u64")]
    pub chain_id: i64,
    /// Head as the indexer last saw it.
    #[sqlx(try_from = "u64")]
    pub head_block: i64,
    /// Last indexed block.
    #[sqlx(try_from = "u64")]
    pub indexed_block: i64,
    /// State digest after it.
    pub state_digest: String,
}

/// Reads `indexer_state`.
pub async fn status(pool: &MySqlPool) -> Result<Option<StatusRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT chain_id, head_block, indexed_block, CAST(state_digest AS CHAR) AS state_digest \
         FROM indexer_state WHERE id = 1",
    )
    .fetch_optional(pool)
    .await
}

/// Contract settings (`paused`, thresholds), by contract and name (the stored
/// columns' order, not their text aliases').
pub async fn settings(pool: &MySqlPool) -> Result<Vec<SettingRow>, sqlx::Error> {
    let mut qb = query::select::<SettingRow>(None);
    qb.push(" ORDER BY Setting.contract, Setting.name");
    qb.build_query_as().fetch_all(pool).await
}

/// Whether the object a list hangs off exists (now): `kind` is `Task`, `Community`,
/// `Post` or `Item`.
pub async fn exists(pool: &MySqlPool, kind: &str, id: u64) -> Result<bool, sqlx::Error> {
    let (table, col) = match kind {
        "Task" => (&TASK, "task_id"),
        "Community" => (&COMMUNITY, "community_id"),
        "Post" => (&POST, "post_id"),
        _ => (&ITEM, "item_id"),
    };
    Ok(
        sqlx::query(&format!("SELECT 1 FROM `{}` WHERE {col} = ?", table.name))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}
