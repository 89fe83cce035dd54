//! Live updates without an in-process event bus: each API process polls the indexer's
//! bookkeeping (`indexer_state`) and, when a new block is committed, reads what changed
//! in it from the read model and tells its own subscribers. Any number of API processes
//! behind one database push the same events.
//!
//! The poller runs only while someone is subscribed.

use sqlx::{MySqlPool, Row as _};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::broadcast;

/// Something that changed in the read model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A block was committed (or, after a reorg, re-committed).
    Block {
        /// Its number.
        number: u64,
        /// Its hash.
        hash: String,
        /// The read model's digest after it.
        state_digest: String,
    },
    /// A task's row changed.
    Task(u64),
    /// A notification was added (or a batched one grew) for `recipient`.
    Notification {
        /// Its recipient (lowercase 0x hex).
        recipient: String,
        /// Its id among the recipient's.
        ref_key: String,
    },
    /// A post was created.
    Post {
        /// Its id.
        id: u64,
        /// Its community.
        community_id: u64,
    },
}

/// The process's live feed.
#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    pool: MySqlPool,
    tx: broadcast::Sender<Event>,
    interval: Duration,
    running: Mutex<bool>,
}

/// How far back a reorg can reach when rescanning changed rows.
const REORG_RESCAN: u64 = 64;

impl Live {
    /// A feed over `pool`, polling every `interval`.
    pub fn new(pool: MySqlPool, interval: Duration) -> Self {
        let (tx, _) = broadcast::channel(4096);
        Self {
            inner: Arc::new(Inner {
                pool,
                tx,
                interval,
                running: Mutex::new(false),
            }),
        }
    }

    /// Subscribes to every event from now on (starting the poller if needed).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        let rx = self.inner.tx.subscribe();
        let mut running = self.inner.running.lock().expect("live lock");
        if !*running {
            *running = true;
            let inner = self.inner.clone();
            tokio::spawn(async move { poll(inner).await });
        }
        rx
    }
}

struct Seen {
    block: u64,
    hash: String,
    max_post: u64,
}

async fn head(pool: &MySqlPool) -> Result<Option<(u64, String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT indexed_block, CAST(indexed_hash AS CHAR) AS h, CAST(state_digest AS CHAR) AS d FROM indexer_state WHERE id = 1",
    )
    .fetch_optional(pool)
    .await?
    .map(|r| Ok((r.try_get_unchecked::<u64, _>(0)?, r.try_get_unchecked(1)?, r.try_get_unchecked(2)?)))
    .transpose()
}

async fn max_post(pool: &MySqlPool) -> Result<u64, sqlx::Error> {
    let r: (Option<u64>,) = sqlx::query_as("SELECT MAX(post_id) FROM Post")
        .fetch_one(pool)
        .await?;
    Ok(r.0.unwrap_or(0))
}

async fn poll(inner: Arc<Inner>) {
    let mut seen: Option<Seen> = None;
    let mut tick = tokio::time::interval(inner.interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        {
            let mut running = inner.running.lock().expect("live lock");
            if inner.tx.receiver_count() == 0 {
                *running = false;
                return;
            }
        }
        match step(&inner, &mut seen).await {
            Ok(()) => {}
            Err(e) => {
                tracing::warn!(target: "graphql_api::live", error = %e, "polling the read model failed; retrying");
            }
        }
    }
}

async fn step(inner: &Inner, seen: &mut Option<Seen>) -> Result<(), sqlx::Error> {
    let pool = &inner.pool;
    let Some((block, hash, digest)) = head(pool).await? else {
        return Ok(());
    };
    let Some(prev) = seen.as_mut() else {
        *seen = Some(Seen {
            block,
            hash,
            max_post: max_post(pool).await?,
        });
        return Ok(());
    };
    if block == prev.block && hash == prev.hash {
        return Ok(());
    }
    // Rows changed in (from, block]; after a reorg (the head moved back or sideways),
    // rescan the reorg window.
    let from = if block > prev.block {
        prev.block
    } else {
        block.saturating_sub(REORG_RESCAN)
    };
    let tasks: Vec<(u64,)> = sqlx::query_as(
        "SELECT task_id FROM Task WHERE block_number > ? AND block_number <= ? ORDER BY task_id",
    )
    .bind(from)
    .bind(block)
    .fetch_all(pool)
    .await?;
    let posts: Vec<(u64, u64)> =
        sqlx::query_as("SELECT post_id, community_id FROM Post WHERE post_id > ? ORDER BY post_id")
            .bind(prev.max_post)
            .fetch_all(pool)
            .await?;
    let notifications: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(recipient AS CHAR), CAST(ref_key AS CHAR) FROM Notification \
         WHERE block_number > ? AND block_number <= ? ORDER BY block_number, log_index",
    )
    .bind(from)
    .bind(block)
    .fetch_all(pool)
    .await?;
    for (id,) in tasks {
        let _ = inner.tx.send(Event::Task(id));
    }
    for (recipient, ref_key) in notifications {
        let _ = inner.tx.send(Event::Notification { recipient, ref_key });
    }
    for &(id, community_id) in &posts {
        let _ = inner.tx.send(Event::Post { id, community_id });
    }
    if let Some(&(id, _)) = posts.last() {
        prev.max_post = id;
    } else if block < prev.block {
        prev.max_post = max_post(pool).await?;
    }
    prev.block = block;
    prev.hash = hash.clone();
    let _ = inner.tx.send(Event::Block {
        number: block,
        hash,
        state_digest: digest,
    });
    Ok(())
}
