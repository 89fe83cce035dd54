//! The sync loop: backfill in adaptive `eth_getLogs` ranges (fetching the next range
//! while the current one is written), then follow the head block by block with parent
//! hash checks, rolling back to the common ancestor on a reorg. Each batch of whole
//! blocks commits in one MySQL transaction together with the cursor, so a crash at any
//! moment leaves the read model at a block boundary and a restart continues from it.
//!
//! Each round of the loop looks at the node's head and the cursor and picks one
//! [`State`]: wait for a block, backfill, follow the head, or roll back a reorg. Backfill
//! and follow differ only in how they fetch ([`fetch`]); both hand the range to the
//! same pipeline ([`pipeline`]: decode → prefetch → project → commit). Both ways a
//! reorg is noticed (the head replaced, or a fetched block not on top of the cursor)
//! lead to the one rollback, [`Indexer::reorg`].

mod fetch;
mod pipeline;

use crate::{
    bookkeeping,
    db::Pool,
    metrics::Metrics,
    project::{Directory, hash},
    store::{Carry, parse_digest},
};
use alloy::{
    eips::BlockNumberOrTag,
    primitives::B256,
    providers::{DynProvider, Provider},
};
use bindings::Deployment;
use fetch::{Fetched, discover_tokens, split};
use pipeline::InFlight;
use std::{
    collections::HashMap,
    sync::{Arc, atomic::Ordering::Relaxed},
    time::{Duration, Instant},
};
use tokio::{sync::Notify, task::JoinHandle};
use tracing::{debug, info, warn};

/// What can stop the loop (everything else is retried).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// The node failed.
    #[error("rpc: {0}")]
    Rpc(String),
    /// The chain reorganized deeper than the kept history.
    #[error("reorg deeper than {depth} blocks below block {at}: re-index from scratch")]
    ReorgTooDeep {
        /// The configured depth.
        depth: u64,
        /// Where the mismatch was found.
        at: u64,
    },
    /// The database holds another chain's read model.
    #[error("the database indexes chain {found}, the node is chain {expected}")]
    WrongChain {
        /// The node's chain.
        expected: u64,
        /// The database's chain.
        found: u64,
    },
}

/// Tunables of the loop.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Blocks of recent history kept for reorg detection.
    pub reorg_depth: u64,
    /// First backfill range.
    pub log_range: u64,
    /// Largest backfill range.
    pub max_log_range: u64,
    /// Logs per batch (a block's logs are never split).
    pub batch_logs: u64,
    /// Head poll interval.
    pub poll_interval: Duration,
    /// Stop once this block is indexed.
    pub stop_at_block: Option<u64>,
}

/// The indexer's cursor, as committed.
#[derive(Debug, Clone)]
pub struct Cursor {
    /// The next block to index.
    pub next: u64,
    /// The hash of block `next - 1`, if indexed.
    pub last_hash: Option<B256>,
    /// The state digest after block `next - 1`.
    pub digest: B256,
}

/// Reads the cursor, or starts one at the deployment's start block.
pub async fn load_cursor(
    pool: &Pool,
    chain_id: u64,
    start_block: u64,
) -> Result<Cursor, SyncError> {
    Ok(match bookkeeping::state(pool).await? {
        None => Cursor {
            next: start_block,
            last_hash: None,
            digest: B256::ZERO,
        },
        Some(s) if s.chain_id != chain_id => {
            return Err(SyncError::WrongChain {
                expected: chain_id,
                found: s.chain_id,
            });
        }
        Some(s) => Cursor {
            next: s.indexed + 1,
            last_hash: s.hash.parse().ok(),
            digest: parse_digest(&s.digest),
        },
    })
}

/// The indexer: one writer per chain and database.
pub struct Indexer {
    pool: Pool,
    provider: DynProvider,
    deployment: Deployment,
    opts: SyncOptions,
    metrics: Arc<Metrics>,
    names: HashMap<B256, &'static str>,
}

fn rpc<E: std::fmt::Display>(e: E) -> SyncError {
    SyncError::Rpc(e.to_string())
}

/// Where the loop is, decided afresh each round from the node's head and the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Everything up to the head (or the stop block) is indexed: wait for a block.
    Wait,
    /// Far below the head: large ranges, the next one fetched while this one commits.
    Backfill {
        /// The head the round saw (capped at the stop block).
        head: u64,
        /// The newest block no reorg is expected to replace.
        safe: u64,
    },
    /// Near the head: up to 100 blocks at a time, every header, each on its parent.
    Follow {
        /// The head the round saw (capped at the stop block).
        head: u64,
    },
    /// The chain no longer holds what was indexed: roll back to the newest block at or
    /// below `from` the chain still agrees with, no deeper than the kept history under
    /// `indexed`.
    Reorg {
        /// Where the search for the common ancestor starts.
        from: u64,
        /// The last indexed block.
        indexed: u64,
    },
}

/// What following the head read.
enum Followed {
    /// Blocks on top of the cursor, linked up: for the pipeline.
    Blocks(Fetched),
    /// The first block is not on top of the cursor: a reorg (see [`State::Reorg`]).
    Reorg { from: u64, indexed: u64 },
    /// The chain moved while it was read: nothing this round.
    Retry,
}

/// The backfill range being fetched ahead, on its own task, by its first block.
type Ahead = Option<(u64, JoinHandle<Result<Fetched, SyncError>>)>;

/// What the loop carries from round to round.
struct Run {
    chain_id: u64,
    cursor: Cursor,
    dir: Directory,
    /// The next backfill range's length.
    range: u64,
    ahead: Ahead,
    /// Times in a row the headers near the head did not link up.
    unlinked: u32,
    progress: Progress,
    new_heads: Option<Arc<Notify>>,
    /// The batch being written while the next one is projected.
    in_flight: Option<InFlight>,
    /// The rows the last projected batch changed (see [`crate::store::Batch::continuing`]).
    carry: Carry,
    /// When the last batch committed (the interval to the next one is logged).
    last_commit: Instant,
}

impl Run {
    /// Stops the range being fetched ahead, if any.
    fn abort_ahead(&mut self) {
        if let Some((_, h)) = self.ahead.take() {
            h.abort();
        }
    }
}

/// Backfill progress, logged every two seconds.
struct Progress {
    started: Instant,
    start_next: u64,
    last_report: Instant,
    events_done: u64,
}

impl Progress {
    fn new(start_next: u64) -> Self {
        Self {
            started: Instant::now(),
            start_next,
            last_report: Instant::now(),
            events_done: 0,
        }
    }

    /// Counts a committed range of `logs` logs; reports while the head is ahead.
    fn committed(&mut self, logs: u64, next: u64, head: u64) {
        self.events_done += logs;
        if self.last_report.elapsed() < Duration::from_secs(2) || next > head {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let blocks = (next - self.start_next) as f64 / secs;
        let left = head.saturating_sub(next) as f64;
        info!(target: "indexer::sync",
            indexed = next - 1, head,
            blocks_per_s = blocks as u64,
            events_per_s = (self.events_done as f64 / secs) as u64,
            eta_s = if blocks > 0.0 { (left / blocks) as u64 } else { 0 },
            "backfilling");
        self.last_report = Instant::now();
    }
}

impl Indexer {
    /// An indexer over `pool` and `provider` for `deployment`.
    pub fn new(
        pool: Pool,
        provider: DynProvider,
        deployment: Deployment,
        opts: SyncOptions,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            pool,
            provider,
            deployment,
            opts,
            metrics,
            names: crate::decode::event_names(),
        }
    }

    /// Runs until `stop_at_block` is indexed (or for ever), retrying outages with backoff.
    pub async fn run(&self, new_heads: Option<Arc<Notify>>) -> Result<(), SyncError> {
        const FIRST_RETRY: Duration = Duration::from_millis(250);
        let mut backoff = FIRST_RETRY;
        loop {
            let batches_before = self.metrics.batches.load(Relaxed);
            let started = Instant::now();
            let result = self.run_once(new_heads.clone()).await;
            // Progress, or a healthy stretch, since the last failure: the next one is a
            // new outage and starts from the first retry.
            if self.metrics.batches.load(Relaxed) > batches_before
                || started.elapsed() > Duration::from_secs(10)
            {
                backoff = FIRST_RETRY;
            }
            match result {
                Ok(()) => return Ok(()),
                Err(e @ (SyncError::ReorgTooDeep { .. } | SyncError::WrongChain { .. })) => {
                    self.metrics.degraded(e.to_string());
                    return Err(e);
                }
                Err(e) => {
                    match &e {
                        SyncError::Db(_) => self.metrics.db_errors.fetch_add(1, Relaxed),
                        _ => self.metrics.rpc_errors.fetch_add(1, Relaxed),
                    };
                    warn!(target: "indexer::sync", error = %e, retry_in_ms = backoff.as_millis() as u64, "sync failed; retrying");
                    self.metrics.degraded(e.to_string());
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
    }

    /// One run from what MySQL holds until the stop block or the first error. A batch
    /// still being written when the run ends (either way) is waited for, so the next run
    /// starts from what MySQL holds once nothing of this one is in flight.
    async fn run_once(&self, new_heads: Option<Arc<Notify>>) -> Result<(), SyncError> {
        let mut run = self.start(new_heads).await?;
        let result = self.rounds(&mut run).await;
        run.abort_ahead();
        let written = self.written(&mut run).await;
        result.and(written)
    }

    async fn rounds(&self, run: &mut Run) -> Result<(), SyncError> {
        loop {
            if let Some(stop) = self.opts.stop_at_block
                && run.cursor.next > stop
            {
                return Ok(());
            }
            let state = self.observe(run).await?;
            // Only the backfill writes while it projects; every other state starts from
            // what MySQL holds.
            if !matches!(state, State::Backfill { .. }) {
                self.written(run).await?;
            }
            match state {
                State::Wait => self.wait(run.new_heads.as_deref()).await,
                State::Reorg { from, indexed } => self.reorg(run, from, indexed).await?,
                State::Backfill { head, safe } => {
                    let fetched = self.backfill(run, safe).await?;
                    self.commit_range(run, fetched, false, head).await?;
                }
                State::Follow { head } => match self.follow(run, head).await? {
                    Followed::Blocks(fetched) => {
                        self.commit_range(run, fetched, true, head).await?;
                        self.written(run).await?;
                    }
                    Followed::Reorg { from, indexed } => self.reorg(run, from, indexed).await?,
                    Followed::Retry => {}
                },
            }
        }
    }

    /// Checks the node serves the deployment's chain and loads the cursor and the
    /// directory.
    async fn start(&self, new_heads: Option<Arc<Notify>>) -> Result<Run, SyncError> {
        let chain_id = self.provider.get_chain_id().await.map_err(rpc)?;
        if chain_id != self.deployment.chain_id {
            return Err(SyncError::WrongChain {
                expected: self.deployment.chain_id,
                found: chain_id,
            });
        }
        let cursor = load_cursor(&self.pool, chain_id, self.deployment.start_block).await?;
        // What is already indexed, before any new batch commits (a restart at the head).
        self.metrics
            .indexed_block
            .store(cursor.next.saturating_sub(1), Relaxed);
        let dir = self.directory().await?;
        self.metrics.ok();
        Ok(Run {
            chain_id,
            progress: Progress::new(cursor.next),
            cursor,
            dir,
            range: self.opts.log_range,
            ahead: None,
            unlinked: 0,
            new_heads,
            in_flight: None,
            carry: Carry::new(),
            last_commit: Instant::now(),
        })
    }

    async fn directory(&self) -> Result<Directory, SyncError> {
        let mut conn = self.pool.acquire().await?;
        Ok(Directory::load(&mut conn).await?)
    }

    /// Reads the node's head and picks the round's state.
    async fn observe(&self, run: &mut Run) -> Result<State, SyncError> {
        let latest = self
            .provider
            .get_block_by_number(BlockNumberOrTag::Latest)
            .await
            .map_err(rpc)?
            .ok_or_else(|| SyncError::Rpc("the node has no latest block".into()))?;
        let head = latest.header.number;
        self.metrics.head_block.store(head, Relaxed);
        self.metrics.ok();
        // Caught up, yet the chain is shorter than what we indexed, or its head is
        // not the block we indexed at that height: a reorg that added no block.
        let indexed = run.cursor.next.checked_sub(1);
        let replaced = match indexed {
            // A node behind us (a lagging replica) is no reorg: if its head is the
            // block we hold at that height, wait for it to catch up.
            Some(i) if i > head => {
                // The stored hash must be there: the batch in flight lands first.
                self.written(run).await?;
                bookkeeping::stored_hash(&self.pool, head).await? != Some(hash(latest.header.hash))
            }
            Some(i) if i == head => run
                .cursor
                .last_hash
                .is_some_and(|h| h != latest.header.hash),
            _ => false,
        };
        if let Some(indexed) = indexed
            && replaced
            && indexed >= self.deployment.start_block
        {
            let from = indexed.min(head);
            return Ok(State::Reorg { from, indexed });
        }
        let head = self.opts.stop_at_block.map_or(head, |s| s.min(head));
        if run.cursor.next > head {
            return Ok(State::Wait);
        }
        let safe = head.saturating_sub(self.opts.reorg_depth);
        Ok(if run.cursor.next + run.range <= safe {
            State::Backfill { head, safe }
        } else {
            State::Follow { head }
        })
    }

    /// Waits for a new head: its notification if subscribed (or ten polls at most),
    /// else one poll interval.
    async fn wait(&self, new_heads: Option<&Notify>) {
        // Counted before waiting: a head announced from here on is not missed
        // (`notify_one` keeps a permit for the next `notified`).
        self.metrics.head_waits.fetch_add(1, Relaxed);
        match new_heads {
            Some(n) => {
                let _ = tokio::time::timeout(self.opts.poll_interval * 10, n.notified()).await;
            }
            None => tokio::time::sleep(self.opts.poll_interval).await,
        }
    }

    /// Reads the next backfill range (the one fetched ahead, if it is that one and
    /// still below `safe`), sizes the range after it, and starts fetching that.
    async fn backfill(&self, run: &mut Run, safe: u64) -> Result<Fetched, SyncError> {
        let next = run.cursor.next;
        let ready = match run.ahead.take() {
            Some((from, handle)) if from == next => match handle.await {
                Ok(Ok(f)) if f.to <= safe => Some(f),
                _ => None,
            },
            Some((_, handle)) => {
                handle.abort();
                None
            }
            None => None,
        };
        let fetched = match ready {
            Some(f) => f,
            None => {
                let to = next + run.range - 1;
                self.fetch_adaptive(next, to, &run.dir.tokens, &mut run.range)
                    .await?
            }
        };
        // Aim at about a batch of logs a fetch: memory and transaction size stay
        // bounded on dense chains, and sparse ones grow to large ranges.
        let batch_logs = self.opts.batch_logs;
        let logs = fetched.logs.len() as u64;
        let span = fetched.to - fetched.from + 1;
        run.range = if logs < batch_logs / 2 {
            (span * 2).min(self.opts.max_log_range)
        } else {
            (span * batch_logs / logs.max(1)).clamp(1, self.opts.max_log_range)
        };
        let next_from = fetched.to + 1;
        let next_to = next_from + run.range - 1;
        if next_to <= safe {
            let mut tokens = run.dir.tokens.clone();
            tokens.extend(discover_tokens(&self.deployment, &fetched.logs));
            let this = self.fetcher(tokens);
            let handle = tokio::spawn(async move { this.fetch(next_from, next_to, false).await });
            run.ahead = Some((next_from, handle));
        }
        Ok(fetched)
    }

    /// Reads up to 100 blocks from the cursor to `head` with every header, and checks
    /// they continue what was indexed and link up among themselves.
    async fn follow(&self, run: &mut Run, head: u64) -> Result<Followed, SyncError> {
        run.abort_ahead();
        let next = run.cursor.next;
        let to = head.min(next + 99);
        let fetched = self
            .fetcher(run.dir.tokens.clone())
            .fetch(next, to, true)
            .await?;
        if let Some(last) = run.cursor.last_hash
            && fetched.headers[&next].parent != last
        {
            let at = next - 1;
            return Ok(Followed::Reorg {
                from: at,
                indexed: at,
            });
        }
        if !fetched.linked() {
            // The chain moved while we read it: read again, but a node that keeps
            // serving headers that do not link up is an RPC fault.
            run.unlinked += 1;
            if run.unlinked >= 3 {
                return Err(SyncError::Rpc(format!(
                    "headers {}..={} do not link up (asked {} times)",
                    fetched.from, fetched.to, run.unlinked
                )));
            }
            debug!(target: "indexer::sync", from = fetched.from, to = fetched.to, "headers changed during fetch; refetching");
            tokio::time::sleep(self.opts.poll_interval).await;
            return Ok(Followed::Retry);
        }
        run.unlinked = 0;
        Ok(Followed::Blocks(fetched))
    }

    /// Projects a fetched range in batches of whole blocks and starts writing each, the
    /// batch before it having committed first (see [`pipeline`]).
    async fn commit_range(
        &self,
        run: &mut Run,
        fetched: Fetched,
        near_head: bool,
        head: u64,
    ) -> Result<(), SyncError> {
        let batch_logs = usize::try_from(self.opts.batch_logs).unwrap_or(usize::MAX);
        for part in split(fetched, batch_logs) {
            let t0 = Instant::now();
            let carry = std::mem::take(&mut run.carry);
            let projected = self
                .project_batch(&part, &run.cursor, &mut run.dir, near_head, carry)
                .await;
            // The batch before must have committed before this one is written; if it
            // failed, this one was projected on rows that never landed.
            let written = self.written(run).await;
            let (batch, carry) = match (projected, written) {
                (Ok(p), Ok(())) => p,
                (Err(e), _) | (_, Err(e)) => {
                    // The directory may hold this batch's changes, so the retry (`run`)
                    // starts over from what MySQL holds.
                    run.abort_ahead();
                    return Err(e);
                }
            };
            run.carry = carry;
            let logs = part.logs.len() as u64;
            run.in_flight = Some(self.start_write(&part, batch, &mut run.cursor, t0, logs));
            run.progress.committed(logs, run.cursor.next, head);
        }
        Ok(())
    }

    /// Waits for the batch being written, if any, and counts it.
    async fn written(&self, run: &mut Run) -> Result<(), SyncError> {
        let Some(in_flight) = run.in_flight.take() else {
            return Ok(());
        };
        let (to, logs, started) = (in_flight.to, in_flight.logs, in_flight.started);
        if let Err(e) = in_flight.done().await {
            run.carry.clear();
            return Err(e);
        }
        let micros = started.elapsed().as_micros() as u64;
        // Since the batch before committed: with batches overlapping, what each costs.
        let interval_micros = run.last_commit.elapsed().as_micros() as u64;
        run.last_commit = Instant::now();
        self.metrics.batches.fetch_add(1, Relaxed);
        self.metrics.batch_micros.fetch_add(micros, Relaxed);
        self.metrics.last_batch_micros.store(micros, Relaxed);
        self.metrics.indexed_block.store(to, Relaxed);
        debug!(target: "indexer::sync", to, logs, micros, interval_micros, "batch committed");
        Ok(())
    }

    /// Rolls back to the common ancestor and reloads the cursor and the directory.
    async fn reorg(&self, run: &mut Run, from: u64, indexed: u64) -> Result<(), SyncError> {
        let ancestor = self.find_ancestor_below(from, indexed).await?;
        self.rollback(ancestor).await?;
        run.cursor = load_cursor(&self.pool, run.chain_id, self.deployment.start_block).await?;
        run.dir = self.directory().await?;
        run.carry.clear();
        Ok(())
    }

    /// Walks back from `from` to the newest block whose stored hash the chain agrees
    /// with, no further than `reorg_depth` below `indexed` (deeper is an error).
    async fn find_ancestor_below(&self, from: u64, indexed: u64) -> Result<u64, SyncError> {
        let floor = indexed.saturating_sub(self.opts.reorg_depth);
        for (n, stored) in bookkeeping::stored_hashes(&self.pool, floor, from).await? {
            let chain = self
                .provider
                .get_block_by_number(BlockNumberOrTag::Number(n))
                .await
                .map_err(rpc)?;
            if let Some(b) = chain
                && hash(b.header.hash) == stored
            {
                return Ok(n);
            }
        }
        if floor <= self.deployment.start_block {
            return Ok(self.deployment.start_block.saturating_sub(1));
        }
        Err(SyncError::ReorgTooDeep {
            depth: self.opts.reorg_depth,
            at: from,
        })
    }

    /// Rolls the read model back to its state after block `ancestor`.
    pub async fn rollback(&self, ancestor: u64) -> Result<(), SyncError> {
        let mut tx = self.pool.begin().await?;
        let indexed = bookkeeping::rewind(&mut tx, ancestor, self.deployment.start_block).await?;
        tx.commit().await?;
        let rolled_back = indexed.saturating_sub(ancestor);
        self.metrics.reorgs.fetch_add(1, Relaxed);
        self.metrics
            .rolled_back_blocks
            .fetch_add(rolled_back, Relaxed);
        warn!(target: "indexer::reorg", ancestor, rolled_back, "reorg: rolled back to the common ancestor");
        Ok(())
    }
}
