//! The indexer's progress as the read model records it.

use crate::{
    error::{ApiResult, internal},
    repo,
};
use async_graphql::{Context, Object, SimpleObject};
use sqlx::MySqlPool;

/// How far the read model is behind the chain, and its state digest.
#[derive(SimpleObject)]
pub struct IndexerStatus {
    /// The chain's id.
    pub chain_id: i64,
    /// The chain's head as the indexer last saw it.
    pub head_block: i64,
    /// The last block in the read model.
    pub indexed_block: i64,
    /// `headBlock - indexedBlock`.
    pub lag_blocks: i64,
    /// The read model's state digest after `indexedBlock` (two indexers agree on it).
    pub state_digest: String,
}

/// The indexer status query.
#[derive(Default)]
pub struct StatusQuery;

#[Object]
impl StatusQuery {
    /// The indexer's progress (`null` before it indexed anything).
    async fn indexer_status(&self, ctx: &Context<'_>) -> ApiResult<Option<IndexerStatus>> {
        // The chain's head moves without a block being indexed: never kept.
        crate::response_cache::scope::read_volatile(ctx);
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::status(pool)
            .await
            .map_err(internal)?
            .map(|s| IndexerStatus {
                chain_id: s.chain_id,
                head_block: s.head_block,
                indexed_block: s.indexed_block,
                lag_blocks: (s.head_block - s.indexed_block).max(0),
                state_digest: s.state_digest,
            }))
    }
}
