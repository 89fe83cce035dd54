//! The read model's generation: the indexed block and its hash (the indexer commits
//! them with the block's rows, and a reorg changes the hash) and the API's write
//! counter (`api_epoch`). Identical reads at one generation get identical answers.
//!
//! It is read once per request, before anything is served: a block committed (or an
//! API write finished) before a request arrives is seen by that request.

use sqlx::MySqlPool;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// A generation, and when it was read (a process-wide sequence: a later read is never
/// older than an earlier one that had finished before it began).
#[derive(Debug, Clone)]
pub struct Generation {
    /// The last indexed block.
    pub block: u64,
    /// Its hash.
    pub hash: String,
    /// The API's write counter.
    pub epoch: u64,
    pub(super) seq: u64,
}

impl PartialEq for Generation {
    fn eq(&self, o: &Self) -> bool {
        self.block == o.block && self.epoch == o.epoch && self.hash == o.hash
    }
}

impl Eq for Generation {}

tokio::task_local! {
    /// The generation the running request read (set while a request executes with the
    /// cache on; `None`: nothing indexed): what it computes once per generation
    /// (`repo::cache`) uses it instead of reading it again.
    pub static CURRENT: Option<Generation>;
}

impl Generation {
    /// The generation as one string: block, hash and write counter.
    pub fn token(&self) -> String {
        format!("{}:{}:{}", self.block, self.hash, self.epoch)
    }

    /// A generation read by hand (tests).
    pub fn new(block: u64, hash: &str, epoch: u64) -> Self {
        Self {
            block,
            hash: hash.into(),
            epoch,
            seq: next_seq(),
        }
    }
}

fn next_seq() -> u64 {
    static SEQ: AtomicU64 = AtomicU64::new(1);
    SEQ.fetch_add(1, Relaxed)
}

/// The current generation; `None` while nothing is indexed (nothing is kept then).
/// A database without `api_epoch` (the API's tables not migrated) reads as `None`
/// too: nothing is kept rather than something kept without its writes' counter.
pub async fn read(pool: &MySqlPool) -> Option<Generation> {
    let row: Result<Option<(u64, String, u64)>, _> = sqlx::query_as(
        "SELECT s.indexed_block, CAST(s.indexed_hash AS CHAR), e.epoch \
         FROM indexer_state s JOIN api_epoch e ON e.id = 1 WHERE s.id = 1",
    )
    .fetch_optional(pool)
    .await;
    match row {
        Ok(Some((block, hash, epoch))) => Some(Generation {
            block,
            hash,
            epoch,
            seq: next_seq(),
        }),
        Ok(None) => None,
        Err(e) => {
            tracing::debug!(target: "graphql_api::cache", error = %e, "no generation: answers are not kept");
            None
        }
    }
}
