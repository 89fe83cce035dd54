//! One batch through the pipeline's last four steps, in one MySQL transaction:
//! decode the fetched logs, prefetch every row they touch, project them block by
//! block, and commit the rows with the bookkeeping (blocks, cursor).

use super::{Cursor, Indexer, SyncError, fetch::Fetched};
use crate::{
    bookkeeping,
    decode::{Event, Watched},
    model::{Key, TableSpec},
    project::{Directory, Outcome, Projector, hash, prefetch_keys, second_round_keys},
    store::{Batch, BlockRecord, LogCtx},
};
use alloy::{rpc::types::Log, sol_types::SolEvent};
use bindings::Communities::PointsCreated;
use sqlx::MySqlConnection;
use std::{collections::HashMap, sync::atomic::Ordering::Relaxed};
use tracing::warn;

/// Each fetched log with its event, or `None` where it did not decode (skipped).
type Decoded = Vec<(usize, Option<Event>)>;

/// Keys to load, by table.
type KeysByTable = HashMap<&'static str, (&'static TableSpec, Vec<Key>)>;

fn group(keys: impl IntoIterator<Item = (&'static TableSpec, Key)>) -> KeysByTable {
    let mut by_table = KeysByTable::new();
    for (spec, key) in keys {
        by_table
            .entry(spec.name)
            .or_insert((spec, Vec::new()))
            .1
            .push(key);
    }
    by_table
}

impl Indexer {
    /// Decodes, prefetches, projects and commits `f`, moving `cursor` past it.
    pub(super) async fn commit(
        &self,
        f: &Fetched,
        cursor: &mut Cursor,
        dir: &mut Directory,
        near_head: bool,
    ) -> Result<(), SyncError> {
        let mut tx = self.pool.begin().await?;
        let decoded = self.decode(f, dir);
        let mut batch = Batch::new(cursor.digest);
        self.prefetch(&mut tx, &decoded, dir, &mut batch).await?;
        self.project(&mut tx, f, &decoded, dir, &mut batch, near_head)
            .await?;
        batch.flush(&mut tx).await?;
        self.metrics
            .prefetch_misses
            .fetch_add(batch.misses, Relaxed);
        let last = &f.headers[&f.to];
        self.record(&mut tx, f, &batch).await?;
        tx.commit().await?;
        cursor.next = f.to + 1;
        cursor.last_hash = Some(last.hash);
        cursor.digest = batch.digest();
        Ok(())
    }

    /// Decodes every log (tokens created in this range are watched from their creation
    /// on); a log that does not decode is skipped.
    fn decode(&self, f: &Fetched, dir: &Directory) -> Decoded {
        let mut watched = Watched {
            contracts: self.deployment.contracts,
            tokens: dir.tokens.clone(),
        };
        let mut decoded = Vec::with_capacity(f.logs.len());
        for (i, log) in f.logs.iter().enumerate() {
            if log.address() == self.deployment.contracts.Communities
                && let Ok(created) = PointsCreated::decode_log(&log.inner)
            {
                watched
                    .tokens
                    .insert(created.token, u64::try_from(created.id).unwrap_or(u64::MAX));
            }
            match watched.decode(log) {
                Ok(e) => decoded.push((i, Some(e))),
                Err(e) => {
                    self.skip(log, &e.to_string());
                    decoded.push((i, None));
                }
            }
        }
        decoded
    }

    /// Loads every row the events read in bulk: those their contract modules name,
    /// then those the loaded rows name.
    async fn prefetch(
        &self,
        conn: &mut MySqlConnection,
        decoded: &Decoded,
        dir: &Directory,
        batch: &mut Batch,
    ) -> Result<(), SyncError> {
        let events = || decoded.iter().filter_map(|(_, e)| e.as_ref());
        let contracts = &self.deployment.contracts;
        let first = group(events().flat_map(|e| prefetch_keys(e, contracts, dir)));
        for (_, (spec, keys)) in first {
            batch.prefetch(conn, spec, keys).await?;
        }
        let second = group(events().flat_map(|e| second_round_keys(e, batch)));
        for (_, (spec, keys)) in second {
            batch.prefetch(conn, spec, keys).await?;
        }
        Ok(())
    }

    /// Projects the events block by block, closing each block's digest: near the head
    /// every fetched block, in backfill those with logs.
    async fn project(
        &self,
        conn: &mut MySqlConnection,
        f: &Fetched,
        decoded: &Decoded,
        dir: &mut Directory,
        batch: &mut Batch,
        near_head: bool,
    ) -> Result<(), SyncError> {
        let blocks: Vec<u64> = if near_head {
            f.headers.keys().copied().collect()
        } else {
            let mut b: Vec<u64> = f.logs.iter().filter_map(|l| l.block_number).collect();
            b.dedup();
            b
        };
        let mut idx = 0;
        for block in blocks {
            let header = f
                .headers
                .get(&block)
                .cloned()
                .ok_or_else(|| SyncError::Rpc(format!("no header for block {block}")))?;
            let mut count = 0u32;
            while idx < decoded.len() && f.logs[decoded[idx].0].block_number == Some(block) {
                let log = &f.logs[decoded[idx].0];
                if let Some(event) = &decoded[idx].1 {
                    batch.ctx = LogCtx {
                        block_number: block,
                        block_hash: hash(header.hash),
                        block_time: header.time,
                        tx_hash: log.transaction_hash.map(hash).unwrap_or_default(),
                        log_index: log.log_index.unwrap_or_default(),
                    };
                    let mut p = Projector {
                        batch: &mut *batch,
                        conn: &mut *conn,
                        dir: &mut *dir,
                        contracts: &self.deployment.contracts,
                    };
                    match p.apply(event, log.address()).await? {
                        Outcome::Applied | Outcome::NewToken(_) => {
                            count += 1;
                            self.count_event(log);
                        }
                        Outcome::Skipped(why) => self.skip(log, &why),
                    }
                }
                idx += 1;
            }
            let (h, parent) = (hash(header.hash), hash(header.parent));
            batch.end_block(block, &h, &parent, header.time, count);
        }
        Ok(())
    }

    /// The bookkeeping of a batch: its blocks (every one near the head, for reorg
    /// detection; those with events always; and the range's last), the pruning of
    /// blocks too deep for a reorg, and the cursor.
    async fn record(
        &self,
        conn: &mut MySqlConnection,
        f: &Fetched,
        batch: &Batch,
    ) -> Result<(), SyncError> {
        let last = &f.headers[&f.to];
        let mut records: Vec<_> = batch.blocks().to_vec();
        if !records.iter().any(|r| r.number == f.to) {
            records.push(BlockRecord {
                number: f.to,
                hash: hash(last.hash),
                parent_hash: hash(last.parent),
                time: last.time,
                events: 0,
                digest: batch.digest(),
            });
        }
        bookkeeping::record_blocks(conn, &records).await?;
        bookkeeping::prune_blocks(conn, f.to.saturating_sub(self.opts.reorg_depth)).await?;
        let head = self.metrics.head_block.load(Relaxed);
        let chain_id = self.deployment.chain_id;
        let digest = batch.digest();
        bookkeeping::write_state(conn, chain_id, f.to, &hash(last.hash), &digest, head).await?;
        Ok(())
    }

    /// Counts a projected event under its name.
    fn count_event(&self, log: &Log) {
        let name = log
            .topic0()
            .and_then(|t| self.names.get(t))
            .copied()
            .unwrap_or("unknown");
        *self
            .metrics
            .events
            .lock()
            .expect("metrics lock")
            .entry(name)
            .or_default() += 1;
    }

    pub(super) fn skip(&self, log: &Log, why: &str) {
        self.metrics.skipped_logs.fetch_add(1, Relaxed);
        warn!(target: "indexer::project", block = log.block_number, tx = ?log.transaction_hash, log_index = log.log_index, address = %log.address(), reason = why, "log skipped");
    }
}
