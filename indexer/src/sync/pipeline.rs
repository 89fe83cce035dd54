//! One batch through the pipeline's last four steps: decode the fetched logs, prefetch
//! every row they touch, project them block by block, and write the rows with the
//! bookkeeping (blocks, cursor) in one MySQL transaction. The write runs on its own
//! connection and task ([`InFlight`]) while the next batch is decoded and projected, so
//! the indexer's work and the database's overlap; batches still commit one at a time,
//! in order, each with its cursor.

use super::{Cursor, Indexer, SyncError, fetch::Fetched};
use crate::{
    bookkeeping,
    db::Pool,
    decode::{Event, Watched},
    model::{Key, TableSpec},
    project::{Directory, Outcome, Projector, hash, prefetch_keys, second_round_keys},
    store::{Batch, BlockRecord, Carry, LogCtx},
};
use alloy::{primitives::B256, rpc::types::Log, sol_types::SolEvent};
use bindings::Communities::PointsCreated;
use sqlx::MySqlConnection;
use std::{collections::HashMap, sync::atomic::Ordering::Relaxed, time::Instant};
use tokio::task::JoinHandle;
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

/// A batch projected and on its way to MySQL: written and committed on a connection
/// of its own while the loop projects the next batch on another.
pub(super) struct InFlight {
    handle: JoinHandle<Result<(), SyncError>>,
    /// Its last block (the cursor's once it commits).
    pub(super) to: u64,
    /// Its logs.
    pub(super) logs: u64,
    /// When its projection started.
    pub(super) started: Instant,
}

impl InFlight {
    /// Waits until the batch committed (or failed).
    pub(super) async fn done(self) -> Result<(), SyncError> {
        match self.handle.await {
            Ok(r) => r,
            Err(e) => Err(SyncError::Db(sqlx::Error::Protocol(format!(
                "the batch writer stopped: {e}"
            )))),
        }
    }
}

/// What a batch writes after its rows: the blocks it records, the pruning floor and the
/// cursor.
struct Tail {
    records: Vec<BlockRecord>,
    prune_below: u64,
    chain_id: u64,
    to: u64,
    hash: String,
    digest: B256,
    head: u64,
}

/// Writes `batch` and its `tail` in one transaction.
async fn write(pool: Pool, mut batch: Batch, tail: Tail) -> Result<(), SyncError> {
    let mut tx = pool.begin().await?;
    batch.flush(&mut tx).await?;
    bookkeeping::record_blocks(&mut tx, &tail.records).await?;
    bookkeeping::prune_blocks(&mut tx, tail.prune_below).await?;
    let t = &tail;
    bookkeeping::write_state(&mut tx, t.chain_id, t.to, &t.hash, &t.digest, t.head).await?;
    tx.commit().await?;
    Ok(())
}

impl Indexer {
    /// Decodes, prefetches and projects `f` on top of `cursor` and the rows the batch
    /// before changed (`carry`); returns the batch and what it carries to the next one.
    /// The batch before may still be in flight: the rows it changed come from `carry`,
    /// everything else from MySQL, where every earlier batch has committed. The caller
    /// waits for the batch before (`InFlight::done`) before it starts this one's writer
    /// ([`Indexer::start_write`]), so batches commit in order, one at a time.
    pub(super) async fn project_batch(
        &self,
        f: &Fetched,
        cursor: &Cursor,
        dir: &mut Directory,
        near_head: bool,
        carry: Carry,
    ) -> Result<(Batch, Carry), SyncError> {
        let mut conn = self.pool.acquire().await?;
        let decoded = self.decode(f, dir);
        let mut batch = Batch::continuing(cursor.digest, carry);
        self.prefetch(&mut conn, &decoded, dir, &mut batch).await?;
        self.project(&mut conn, f, &decoded, dir, &mut batch, near_head)
            .await?;
        batch.read_unread(&mut conn).await?;
        self.metrics
            .prefetch_misses
            .fetch_add(batch.misses, Relaxed);
        let carry = batch.carry();
        Ok((batch, carry))
    }

    /// Starts writing a projected batch of `f` and moves `cursor` past it.
    pub(super) fn start_write(
        &self,
        f: &Fetched,
        batch: Batch,
        cursor: &mut Cursor,
        started: Instant,
        logs: u64,
    ) -> InFlight {
        let last = &f.headers[&f.to];
        let tail = Tail {
            records: self.records(f, &batch),
            prune_below: f.to.saturating_sub(self.opts.reorg_depth),
            chain_id: self.deployment.chain_id,
            to: f.to,
            hash: hash(last.hash),
            digest: batch.digest(),
            head: self.metrics.head_block.load(Relaxed),
        };
        cursor.next = f.to + 1;
        cursor.last_hash = Some(last.hash);
        cursor.digest = batch.digest();
        InFlight {
            handle: tokio::spawn(write(self.pool.clone(), batch, tail)),
            to: f.to,
            logs,
            started,
        }
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

    /// The blocks a batch records: every one near the head (for reorg detection), those
    /// with events always, and the range's last.
    fn records(&self, f: &Fetched, batch: &Batch) -> Vec<BlockRecord> {
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
        records
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
