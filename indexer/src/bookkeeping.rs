//! The indexer's own tables, beside the read model it writes: `indexer_state` (one row:
//! the chain, the last indexed block, its hash and the state digest after it) and
//! `indexed_block` (the recent blocks, for reorg detection, and every block with
//! events, for the digests). Only this module writes them.

use crate::{
    db::{self, Pool},
    model::TABLES,
    store::{BlockRecord, digest_hex},
};
use alloy::primitives::B256;
use sqlx::{MySqlConnection, Row as _};

/// `indexer_state` as committed.
#[derive(Debug, Clone)]
pub struct State {
    /// The chain the read model was built from.
    pub chain_id: u64,
    /// The last indexed block.
    pub indexed: u64,
    /// Its hash.
    pub hash: String,
    /// The state digest after it.
    pub digest: String,
}

/// The committed state, if anything was indexed yet.
pub async fn state(pool: &Pool) -> Result<Option<State>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT chain_id, indexed_block, indexed_hash, state_digest FROM indexer_state WHERE id = 1",
    )
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(State {
            chain_id: r.try_get(0)?,
            indexed: r.try_get(1)?,
            hash: r.try_get(2)?,
            digest: r.try_get(3)?,
        })
    })
    .transpose()
}

/// The last indexed block and the state digest after it, if anything was indexed.
pub async fn indexed(pool: &Pool) -> Result<Option<(u64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT indexed_block, state_digest FROM indexer_state WHERE id = 1")
        .fetch_optional(pool)
        .await
}

/// The state digest committed last.
pub async fn state_digest(conn: &mut MySqlConnection) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT state_digest FROM indexer_state WHERE id = 1")
        .fetch_one(conn)
        .await
}

/// The hash `indexed_block` holds for block `n`, if any.
pub async fn stored_hash(pool: &Pool, n: u64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT block_hash FROM indexed_block WHERE block_number = ?")
        .bind(n)
        .fetch_optional(pool)
        .await
}

/// The recorded blocks in `[floor, from]`, newest first, with their hashes.
pub async fn stored_hashes(
    pool: &Pool,
    floor: u64,
    from: u64,
) -> Result<Vec<(u64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT block_number, block_hash FROM indexed_block WHERE block_number BETWEEN ? AND ? ORDER BY block_number DESC")
        .bind(floor)
        .bind(from)
        .fetch_all(pool)
        .await
}

/// Records `records` in `indexed_block` (replacing what a height held before).
pub async fn record_blocks(
    conn: &mut MySqlConnection,
    records: &[BlockRecord],
) -> Result<(), sqlx::Error> {
    for chunk in records.chunks(5_000) {
        let values = vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "REPLACE INTO indexed_block (block_number, block_hash, parent_hash, block_time, event_count, state_digest) VALUES {values}"
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(r.number)
                .bind(&r.hash)
                .bind(&r.parent_hash)
                .bind(r.time)
                .bind(r.events)
                .bind(digest_hex(&r.digest));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Forgets the blocks without events below `keep_from` (too deep for a reorg).
pub async fn prune_blocks(conn: &mut MySqlConnection, keep_from: u64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM indexed_block WHERE block_number < ? AND event_count = 0")
        .bind(keep_from)
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the cursor: block `indexed` (hash `hash`) is indexed, `digest` the state after
/// it, `head` the node's head as last seen.
pub async fn write_state(
    conn: &mut MySqlConnection,
    chain_id: u64,
    indexed: u64,
    hash: &str,
    digest: &B256,
    head: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "REPLACE INTO indexer_state (id, chain_id, indexed_block, indexed_hash, state_digest, head_block, updated_at) \
         VALUES (1, ?, ?, ?, ?, ?, UNIX_TIMESTAMP())",
    )
    .bind(chain_id)
    .bind(indexed)
    .bind(hash)
    .bind(digest_hex(digest))
    .bind(head)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rolls the read model and the bookkeeping back to their state after block
/// `ancestor` (before `start_block`, or with no block of ours left at `ancestor`: to
/// nothing indexed). Returns the block indexed before.
pub async fn rewind(
    conn: &mut MySqlConnection,
    ancestor: u64,
    start_block: u64,
) -> Result<u64, sqlx::Error> {
    let indexed: u64 = sqlx::query_scalar("SELECT indexed_block FROM indexer_state WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    db::rollback_tables(conn, &TABLES, ancestor).await?;
    sqlx::query("DELETE FROM indexed_block WHERE block_number > ?")
        .bind(ancestor)
        .execute(&mut *conn)
        .await?;
    let prev = sqlx::query("SELECT block_hash, state_digest FROM indexed_block WHERE block_number <= ? ORDER BY block_number DESC LIMIT 1")
        .bind(ancestor)
        .fetch_optional(&mut *conn)
        .await?;
    let at_ancestor = sqlx::query_scalar::<_, String>(
        "SELECT block_hash FROM indexed_block WHERE block_number = ?",
    )
    .bind(ancestor)
    .fetch_optional(&mut *conn)
    .await?;
    let digest = prev
        .as_ref()
        .map(|r| r.try_get::<String, _>(1))
        .transpose()?
        .unwrap_or_else(|| digest_hex(&B256::ZERO));
    if ancestor < start_block || at_ancestor.is_none() {
        // Nothing of ours before the ancestor: start over.
        sqlx::query("DELETE FROM indexer_state WHERE id = 1")
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query("UPDATE indexer_state SET indexed_block = ?, indexed_hash = ?, state_digest = ? WHERE id = 1")
            .bind(ancestor)
            .bind(at_ancestor.unwrap_or_default())
            .bind(digest)
            .execute(&mut *conn)
            .await?;
    }
    Ok(indexed)
}
