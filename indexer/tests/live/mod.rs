//! Shared helpers of the indexer's live-chain tests (`chain.rs`, `reorg.rs`): scratch
//! databases that drop themselves, the indexer run in-process against a testkit anvil
//! (to a block, or following the head in a task), and whole-read-model comparisons.
//!
//! The tests need MariaDB/MySQL: `DATABASE_URL=mysql://root@127.0.0.1:3306/test` names
//! the server (the database part is ignored; every test creates its own).
#![allow(dead_code)]

use alloy::{
    eips::BlockNumberOrTag,
    providers::{DynProvider, Provider, ProviderBuilder},
};
use bindings::Deployment;
use indexer::{
    audit::diff_rows,
    db::{self, Pool},
    metrics::Metrics,
    model::{TABLES, TableSpec},
    sync::{Indexer, SyncError, SyncOptions},
};
use sqlx::Row as _;
use std::{
    collections::BTreeMap,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering::Relaxed},
    },
    time::{Duration, Instant},
};
use testkit::Chain;
use tokio::task::JoinHandle;

/// The server part of `DATABASE_URL` (`mysql://user@host:port/`), with a trailing slash.
pub(crate) fn server_url() -> String {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".to_owned());
    let mut server = testkit::stack::MysqlUrl::parse(&url)
        .expect("DATABASE_URL is a mysql:// URL")
        .server();
    server.params = None;
    format!("{server}/")
}

/// A database of its own for one test, migrated; dropped when the value is dropped
/// (also when the test panics).
pub(crate) struct TestDb {
    /// The database's name.
    pub(crate) name: String,
    /// Its URL.
    pub(crate) url: String,
    /// A pool on it, as the indexer opens one (`db::connect`, UTC sessions).
    pub(crate) pool: Pool,
}

static NEXT_DB: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// Creates and migrates `idx_<tag>_<pid>_<n>`.
    pub(crate) async fn create(tag: &str) -> Self {
        let name = format!(
            "idx_{tag}_{}_{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Relaxed)
        );
        assert!(name.len() <= 40, "database name {name} is too long");
        let url = format!("{}{name}", server_url());
        let admin = db::connect(&format!("{}mysql", server_url()), 1)
            .await
            .expect("connecting to the MySQL server (set DATABASE_URL)");
        sqlx::query(&format!("DROP DATABASE IF EXISTS `{name}`"))
            .execute(&admin)
            .await
            .expect("dropping a stale test database");
        sqlx::query(&format!(
            "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        ))
        .execute(&admin)
        .await
        .expect("creating the test database");
        admin.close().await;
        let pool = db::connect(&url, 6)
            .await
            .expect("connecting to the test database");
        db::migrate(&pool)
            .await
            .expect("migrating the test database");
        Self { name, url, pool }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let server = format!("{}mysql", server_url());
        let name = self.name.clone();
        // Drop runs inside the test's runtime: do the async work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime to drop the test database");
            rt.block_on(async move {
                if let Ok(admin) = db::connect(&server, 1).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS `{name}`"))
                        .execute(&admin)
                        .await;
                    admin.close().await;
                }
            });
        })
        .join();
    }
}

/// An HTTP provider as the indexer's `main` builds one.
pub(crate) async fn provider(url: &str) -> DynProvider {
    ProviderBuilder::new()
        .connect(url)
        .await
        .unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
        .erased()
}

/// The options the issue names: REORG_DEPTH 64, ranges 2,000 to 100,000, 100 ms polls.
pub(crate) fn options(stop_at_block: Option<u64>) -> SyncOptions {
    SyncOptions {
        reorg_depth: 64,
        log_range: 2_000,
        max_log_range: 100_000,
        batch_logs: 5_000,
        poll_interval: Duration::from_millis(100),
        stop_at_block,
    }
}

/// Runs an indexer over `deployment` into `pool` until block `stop` is indexed.
pub(crate) async fn index_to(
    chain: &Chain,
    deployment: &Deployment,
    pool: &Pool,
    stop: u64,
) -> Arc<Metrics> {
    index_with(chain, deployment, pool, options(Some(stop))).await
}

/// Runs an indexer with `opts` (which must set `stop_at_block`) to its end.
pub(crate) async fn index_with(
    chain: &Chain,
    deployment: &Deployment,
    pool: &Pool,
    opts: SyncOptions,
) -> Arc<Metrics> {
    assert!(
        opts.stop_at_block.is_some(),
        "index_with needs a stop block"
    );
    let metrics = Arc::new(Metrics::default());
    let indexer = Indexer::new(
        pool.clone(),
        provider(&chain.endpoint()).await,
        deployment.clone(),
        opts,
        metrics.clone(),
    );
    tokio::time::timeout(Duration::from_secs(60), indexer.run(None))
        .await
        .expect("the indexer reaches its stop block within a minute")
        .expect("the indexer stops cleanly");
    metrics
}

/// `indexer_state`: (indexed_block, indexed_hash, state_digest), if any.
pub(crate) async fn state(pool: &Pool) -> Option<(u64, String, String)> {
    sqlx::query("SELECT indexed_block, indexed_hash, state_digest FROM indexer_state WHERE id = 1")
        .fetch_optional(pool)
        .await
        .expect("reading indexer_state")
        .map(|r| {
            (
                r.get::<u64, _>(0),
                r.get::<String, _>(1),
                r.get::<String, _>(2),
            )
        })
}

/// The chain's head: (number, hash as stored).
pub(crate) async fn head(chain: &Chain) -> (u64, String) {
    let b = chain
        .provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .expect("reading the head")
        .expect("the node has a head");
    (b.header.number, format!("{:#x}", b.header.hash))
}

/// An indexer following the head in a task of its own, as `indexer run` does.
pub(crate) struct Follower {
    /// Its metrics.
    pub(crate) metrics: Arc<Metrics>,
    handle: Option<JoinHandle<Result<(), SyncError>>>,
}

impl Follower {
    /// Starts following with REORG_DEPTH `reorg_depth` and 50 ms head polls. Log ranges
    /// of 16 to 64 blocks: what lies deeper than `reorg_depth` below the head is
    /// backfilled (log-only ranges, prefetched), the rest followed block by block.
    pub(crate) async fn start(
        chain: &Chain,
        deployment: &Deployment,
        pool: &Pool,
        reorg_depth: u64,
    ) -> Self {
        let metrics = Arc::new(Metrics::default());
        let opts = SyncOptions {
            reorg_depth,
            log_range: 16,
            max_log_range: 64,
            batch_logs: 5_000,
            poll_interval: Duration::from_millis(50),
            stop_at_block: None,
        };
        let indexer = Indexer::new(
            pool.clone(),
            provider(&chain.endpoint()).await,
            deployment.clone(),
            opts,
            metrics.clone(),
        );
        let handle = tokio::spawn(async move { indexer.run(None).await });
        Self {
            metrics,
            handle: Some(handle),
        }
    }

    /// Waits until `indexer_state` holds the chain's head (number and hash).
    pub(crate) async fn wait_synced(&mut self, chain: &Chain, pool: &Pool) {
        if let Some(r) = self.wait_synced_or_stopped(chain, pool).await {
            panic!("the follower stopped: {r:?}");
        }
    }

    /// Waits until `indexer_state` holds the chain's head (`None`), or the follower
    /// stops on its own (`Some` of what it returned).
    pub(crate) async fn wait_synced_or_stopped(
        &mut self,
        chain: &Chain,
        pool: &Pool,
    ) -> Option<Result<(), SyncError>> {
        let started = Instant::now();
        loop {
            let (n, hash) = head(chain).await;
            if let Some((indexed, indexed_hash, _)) = state(pool).await
                && indexed == n
                && indexed_hash == hash
            {
                return None;
            }
            if self.handle.as_ref().is_some_and(JoinHandle::is_finished) {
                let r = self.handle.take().expect("a handle").await;
                return Some(r.expect("the follower's task does not panic"));
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the follower did not reach head {n} ({hash}) in 30 s; state {:?}, last error {:?}",
                state(pool).await,
                self.metrics.last_error.lock().expect("metrics lock")
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits for the follower to stop on its own (an error it does not retry).
    pub(crate) async fn wait_stopped(&mut self, within: Duration) -> Result<(), SyncError> {
        let mut handle = self.handle.take().expect("the follower runs");
        match tokio::time::timeout(within, &mut handle).await {
            Ok(r) => r.expect("the follower's task does not panic"),
            Err(_) => {
                handle.abort();
                let m = &self.metrics;
                panic!(
                    "the follower did not stop within {within:?}: indexed {}, head {}, reorgs {}, \
                     rolled back {}, rpc errors {}, db errors {}, last error {:?}",
                    m.indexed_block.load(Relaxed),
                    m.head_block.load(Relaxed),
                    m.reorgs.load(Relaxed),
                    m.rolled_back_blocks.load(Relaxed),
                    m.rpc_errors.load(Relaxed),
                    m.db_errors.load(Relaxed),
                    m.last_error.lock().expect("metrics lock")
                );
            }
        }
    }

    /// Stops the follower (it is idle at the head, waiting for a block).
    pub(crate) async fn stop(mut self) {
        if let Some(h) = self.handle.take() {
            h.abort();
            let _ = h.await;
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.abort();
        }
    }
}

/// One `_history` table's rows in a stable order: (canonical row, valid_from, valid_to).
async fn history(pool: &Pool, spec: &'static TableSpec) -> Vec<(String, u64, Option<u64>)> {
    let order = spec
        .key
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {}, valid_from, valid_to FROM `{}_history` ORDER BY {order}, valid_from",
        db::select_list(spec),
        spec.name
    );
    let n = spec.cols.len();
    sqlx::query(&sql)
        .fetch_all(pool)
        .await
        .expect("reading a history table")
        .iter()
        .map(|r| {
            let row = db::decode_row(spec, r).expect("decoding a history row");
            (
                row.canonical(),
                r.get::<u64, _>(n),
                r.get::<Option<u64>, _>(n + 1),
            )
        })
        .collect()
}

/// Asserts that two read models are the same: every table of `model::TABLES` row by
/// row (the audit's comparison), every `_history` table version by version, and the
/// cursor (`indexed_block`, `indexed_hash`, `state_digest`).
pub(crate) async fn assert_same_read_model(expected: &Pool, found: &Pool, what: &str) {
    let (mut a, mut b) = (
        expected.acquire().await.expect("a connection"),
        found.acquire().await.expect("a connection"),
    );
    let mut diffs = Vec::new();
    for spec in TABLES {
        let e = db::all_rows(&mut a, spec).await.expect("reading a table");
        let f = db::all_rows(&mut b, spec).await.expect("reading a table");
        diffs.extend(diff_rows(spec.name, &e, &f).iter().map(ToString::to_string));
    }
    drop((a, b));
    assert!(
        diffs.is_empty(),
        "{what}: {} row(s) differ from a fresh index:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    for spec in TABLES.iter().filter(|s| s.versioned) {
        let (e, f) = (history(expected, spec).await, history(found, spec).await);
        if e != f {
            let first = e
                .iter()
                .zip(&f)
                .position(|(x, y)| x != y)
                .unwrap_or(e.len().min(f.len()));
            panic!(
                "{what}: {}_history differs from a fresh index ({} vs {} versions); first \
                 difference at #{first}:\n  fresh: {:?}\n  found: {:?}",
                spec.name,
                e.len(),
                f.len(),
                e.get(first),
                f.get(first)
            );
        }
    }
    assert_eq!(
        state(found).await,
        state(expected).await,
        "{what}: indexer_state (indexed block, hash, state digest) differs from a fresh index"
    );
    // Blocks both recorded (the ones with events, and batch ends) agree on their hash,
    // event count and the digest after them: two indexers compare block by block.
    let (e, f) = (blocks(expected).await, blocks(found).await);
    let mut common = 0;
    for (n, want) in &e {
        if let Some(got) = f.get(n) {
            common += 1;
            assert_eq!(
                got, want,
                "{what}: indexed_block {n} differs from a fresh index"
            );
        }
    }
    for (n, (_, events, _)) in &e {
        if *events > 0 {
            assert!(
                f.contains_key(n),
                "{what}: block {n} with events is not in indexed_block"
            );
        }
    }
    assert!(common > 0, "{what}: no indexed block in common");
}

/// `indexed_block`: number → (hash, event count, state digest).
async fn blocks(pool: &Pool) -> BTreeMap<u64, (String, u32, String)> {
    sqlx::query("SELECT block_number, block_hash, event_count, state_digest FROM indexed_block")
        .fetch_all(pool)
        .await
        .expect("reading indexed_block")
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
        .collect()
}

/// Row counts of every table of `model::TABLES`.
pub(crate) async fn counts(pool: &Pool) -> BTreeMap<&'static str, i64> {
    let mut out = BTreeMap::new();
    for spec in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM `{}`", spec.name))
            .fetch_one(pool)
            .await
            .expect("counting rows");
        out.insert(spec.name, n);
    }
    out
}

/// Events projected, by name, as the metrics count them.
pub(crate) fn event_counts(m: &Metrics) -> BTreeMap<String, u64> {
    m.events
        .lock()
        .expect("metrics lock")
        .iter()
        .map(|(k, v)| ((*k).to_owned(), *v))
        .collect()
}

/// The seed's label of a task status as `TaskMarket` numbers it, written out here
/// independently of the indexer.
pub(crate) fn task_label(s: u8) -> &'static str {
    use testkit::status;
    match s {
        status::TASK_OPEN => "发布",
        status::TASK_CLAIMED => "领取",
        status::TASK_SUBMITTED => "已提交",
        status::TASK_COMPLETED => "完成",
        status::TASK_EXPIRED => "过期",
        status::TASK_CANCELLED => "已取消",
        status::TASK_DISPUTED => "争议中",
        other => panic!("task status {other}"),
    }
}
