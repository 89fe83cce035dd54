//! The read model changes only when the indexer commits a block, and it commits its
//! bookkeeping (`indexer_state`: block number and hash) in the same transaction. So a
//! result computed at one (block, hash) stays exact until they change: counts and
//! search hits are kept for as long as they do (a reorg changes the hash). Without an
//! `indexer_state` row (nothing indexed, or tests writing rows by hand) nothing is kept.

use sqlx::MySqlPool;

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

/// `compute`'s value for `key` at the read model's current generation, computed once
/// per generation (and database).
pub(super) async fn cached<T: Clone + Send + Sync + 'static>(
    pool: &MySqlPool,
    key: &str,
    compute: impl std::future::Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, sqlx::Error> {
    // The request's own generation when it read one (the response cache's), else ours.
    let generation = match crate::response_cache::generation::CURRENT
        .try_with(|g| g.as_ref().map(|g| g.token()))
    {
        Ok(g) => g,
        Err(_) => generation(pool).await?,
    };
    let Some(generation) = generation else {
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
