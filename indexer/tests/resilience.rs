//! Resilience of the `indexer` binary, run as a real process against a real anvil and
//! MariaDB:
//!
//! - `kill -9` at random moments (seeded; the seed is printed, replay it with
//!   `RESILIENCE_SEED=<seed>`), during backfill and while following a moving head, then
//!   a full dump of the read model (every table, its `_history` twin, the cursor and
//!   `indexed_block`) must equal an uninterrupted run's, and the indexer-assigned ids
//!   must be dense;
//! - an RPC outage (anvil stopped, restarted from its saved state on the same port):
//!   `/healthz` turns 503, the process keeps running, retries with a growing backoff,
//!   resumes by itself and, after a second, short outage, recovers as quickly as after
//!   the first blip (the backoff starts over once the indexer is healthy again);
//! - a database outage (a TCP proxy in front of MariaDB stops, refusing connections and
//!   cutting live ones, then starts again on the same port): `/healthz` turns 503, the
//!   indexer catches up after the proxy returns, `indexer audit` finds nothing, and the
//!   dump equals an uninterrupted run's;
//! - a node serving headers that do not link up: the indexer must say so on `/healthz`
//!   rather than spin, and go on once the node is consistent again;
//! - `kill -9` during the very first migration: the next start must still work.
//!
//! Needs MariaDB/MySQL: `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p
//! indexer --test resilience -- --nocapture` (each test creates and drops databases
//! named `resil_<pid>_<tag>`), and anvil from `npm ci`.

#[macro_use]
mod resilience_support;

use alloy::{primitives::U256, providers::Provider};
use bindings::Posts;
use resilience_support::{
    RunConfig, TestDb,
    anvil::{start_anvil, stop_anvil},
    caught_up, degraded,
    dump::{assert_dense_ids, assert_same_as_reference},
    eventually, free_port,
    proxy::Proxy,
    retries, scratch_dir, server_addr,
    tamper::Tamper,
    traffic::Traffic,
};
use sqlx::{Connection as _, MySqlConnection};
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};
use testkit::Player;
use testkit::deploy::DeployConfig;

/// Kills while the indexer backfills (it is far behind the head) ...
const BACKFILL_KILLS: u32 = 14;
/// ... and while it follows a head that moves on.
const HEAD_KILLS: u32 = 10;
/// A small reorg window, so that nearly the whole season is backfilled in small
/// `eth_getLogs` ranges (`LOG_RANGE=1`, `MAX_LOG_RANGE=2`): many batches to land in.
const REORG_DEPTH: u64 = 4;
/// Transactions sent after the season and before the first start (one block each).
const EXTRA_TXS: u64 = 900;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_backfill_and_head_following_changes_nothing() {
    let mut rng = resilience_support::Rng::from_env("crash");
    let dir = scratch_dir("crash");
    let chain = testkit::start_chain().await.expect("starting anvil");
    let season = testkit::play_season(&chain)
        .await
        .expect("playing a season");
    progress!(
        "crash: season played: {} transactions, blocks {}..={}",
        season.tx_count,
        season.first_block,
        season.last_block
    );
    // More blocks with events after the season, so the backfill has many batches.
    let mut warm = Traffic::after_season(&chain.players, chain.contracts());
    for _ in 0..EXTRA_TXS {
        warm.step()
            .await
            .expect("sending traffic before the backfill");
    }
    progress!(
        "crash: {EXTRA_TXS} more transactions, head {}",
        chain.block_number().await.expect("head")
    );
    let db = &TestDb::new("crash").await;
    let cfg = RunConfig {
        database_url: db.url(),
        rpc_url: format!("http://127.0.0.1:{}", chain.port()),
        deployments: chain.deployment.save(&dir).expect("writing the deployment"),
        env: vec![
            ("REORG_DEPTH", REORG_DEPTH.to_string()),
            ("LOG_RANGE", "1".into()),
            ("MAX_LOG_RANGE", "2".into()),
            ("POLL_INTERVAL_MS", "20".into()),
        ],
        log: dir.join("crash.log"),
    };
    // The schema first, uninterrupted: the kills are about batches, not DDL.
    let (status, out) = cfg.run_to_end("migrate", Duration::from_secs(60)).await;
    assert!(status.success(), "indexer migrate failed:\n{out}");

    // ---- Backfill: far behind the head, many small batches --------------------------
    let head0 = chain.block_number().await.expect("head");
    let (mut kills, mut mid_backfill) = (0u32, 0u32);
    for _ in 0..BACKFILL_KILLS {
        let before = db.indexed().await.unwrap_or(0);
        if before + REORG_DEPTH + 2 >= head0 {
            break; // backfilled: the head phase makes up the count
        }
        let mut p = cfg.spawn();
        let at_start = rng.range(0, 3) == 0;
        if at_start {
            // Somewhere in start-up: connecting, checking the schema, first fetches.
            tokio::time::sleep(rng.millis(0, 300)).await;
        } else {
            // Somewhere among the batches.
            let moved = eventually(Duration::from_secs(30), move || async move {
                db.indexed().await.filter(|&i| i > before)
            })
            .await;
            assert!(
                moved.is_some(),
                "no progress after a restart at block {before}; log:\n{}",
                p.log_tail(30)
            );
            tokio::time::sleep(rng.millis(0, 100)).await;
        }
        assert!(
            p.running(),
            "the indexer exited by itself; log:\n{}",
            p.log_tail(30)
        );
        p.kill9();
        kills += 1;
        let after = db.indexed().await.unwrap_or(0);
        if after + REORG_DEPTH < head0 {
            mid_backfill += 1;
        }
        progress!(
            "crash: kill -9 #{kills} ({}): indexed {before} -> {after} of head {head0}",
            if at_start { "start-up" } else { "backfill" }
        );
    }

    // ---- Following the head while transactions keep coming -------------------------
    let stop = Arc::new(AtomicBool::new(false));
    let traffic = tokio::spawn({
        let (stop, mut t) = (stop.clone(), warm);
        async move {
            while !stop.load(Ordering::Relaxed) {
                t.step().await?;
                // About 30 blocks a second: the indexer keeps up, mostly near the head.
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            eyre::Ok(t.sent - EXTRA_TXS)
        }
    });
    let head_kills = BACKFILL_KILLS + HEAD_KILLS - kills;
    let mut near_head = 0;
    for round in 0..head_kills {
        let before = db.indexed().await.unwrap_or(0);
        // The first time, let it catch up with the head the backfill aimed at.
        let target = if round == 0 {
            head0.max(before + 1)
        } else {
            before + 1
        };
        let mut p = cfg.spawn();
        let moved = eventually(Duration::from_secs(60), move || async move {
            db.indexed().await.filter(|&i| i >= target)
        })
        .await;
        assert!(
            moved.is_some(),
            "no progress after a restart at block {before}; log:\n{}",
            p.log_tail(30)
        );
        tokio::time::sleep(rng.millis(0, 300)).await;
        assert!(
            p.running(),
            "the indexer exited by itself; log:\n{}",
            p.log_tail(30)
        );
        p.kill9();
        kills += 1;
        let after = db.indexed().await.unwrap_or(0);
        let head = chain.block_number().await.expect("head");
        if after + REORG_DEPTH + 2 >= head {
            near_head += 1;
        }
        progress!("crash: kill -9 #{kills} (head): indexed {before} -> {after}, head {head}");
        // Down for a while: the chain moves on, the restart backfills a little.
        tokio::time::sleep(rng.millis(0, 300)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let sent = traffic
        .await
        .expect("traffic task")
        .expect("sending traffic");
    let head = chain.block_number().await.expect("head");
    let p = cfg.spawn();
    let took = caught_up(db, &p, head, Duration::from_secs(60)).await;
    drop(p);
    progress!(
        "crash: {kills} kills ({mid_backfill} mid-backfill, {head_kills} following the head, \
         {near_head} of them within {REORG_DEPTH} + 2 blocks of it), \
         {sent} transactions during the head phase; last restart caught up to {head} in {took:?}"
    );
    assert!(kills >= 20, "only {kills} kills");
    assert!(
        mid_backfill >= BACKFILL_KILLS / 2,
        "only {mid_backfill} kills landed mid-backfill: the backfill is too short"
    );

    // ---- Same read model as an uninterrupted run -------------------------------------
    let ids = assert_dense_ids(&mut db.connect().await).await;
    progress!("crash: dense ids {ids:?}");
    let comments = Posts::new(chain.contracts().Posts, chain.provider.clone())
        .commentCount()
        .call()
        .await
        .expect("Posts.commentCount");
    let indexed_comments = ids.iter().find(|(t, _)| *t == "Comment").map(|(_, n)| *n);
    assert_eq!(
        indexed_comments.map(U256::from),
        Some(comments),
        "one Comment row per comment on chain"
    );
    assert_same_as_reference("crash", db, &cfg, head).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rpc_outage_degrades_then_resumes_by_itself() {
    let dir = scratch_dir("rpc");
    let port = free_port();
    let state = dir.join("anvil-state.json");
    let _ = std::fs::remove_file(&state);
    let anvil = start_anvil(port, &state);
    let rpc = format!("http://127.0.0.1:{port}");
    let chain_id = anvil.chain_id();
    let players: Vec<Player> = anvil
        .keys()
        .iter()
        .zip(["admin", "alice", "bob"])
        .map(|(key, name)| {
            Player::new(
                name,
                key.clone().into(),
                rpc.parse().expect("url"),
                chain_id,
            )
        })
        .collect();
    let node = players[0].provider.clone();
    let deployment = testkit::deploy::deploy_all(
        players[0].provider.clone(),
        DeployConfig::new(players[0].address),
    )
    .await
    .expect("deploying");
    let mut traffic = Traffic::warm_up(&players, deployment.contracts)
        .await
        .expect("warming up");
    let db = TestDb::new("rpc").await;
    // Anvil sometimes gives block 0 a new hash when it reloads its state (block 1 keeps
    // the old parent); starting at block 1 keeps the reference run clear of that.
    let deployment = bindings::Deployment {
        start_block: deployment.start_block.max(1),
        ..deployment
    };
    let cfg = RunConfig {
        database_url: db.url(),
        rpc_url: rpc,
        deployments: deployment.save(&dir).expect("writing the deployment"),
        env: vec![],
        log: dir.join("rpc.log"),
    };
    let mut p = cfg.spawn();
    let head = node.get_block_number().await.expect("head");
    caught_up(&db, &p, head, Duration::from_secs(30)).await;
    progress!("rpc: indexed to {head}; stopping anvil");

    // ---- Outage 1: long enough for the retry backoff to grow -----------------------
    stop_anvil(anvil).await;
    let down = Instant::now();
    let error = degraded(&p, Duration::from_secs(15)).await;
    progress!("rpc: degraded after {:?}: {error}", down.elapsed());
    assert!(
        error.contains("rpc"),
        "the error should name the RPC: {error}"
    );
    tokio::time::sleep(Duration::from_millis(4_500).saturating_sub(down.elapsed())).await;
    assert!(
        p.running(),
        "the indexer exited during the outage; log:\n{}",
        p.log_tail(30)
    );
    assert!(
        p.health().await.is_some_and(|h| h.degraded()),
        "still degraded"
    );
    let anvil = start_anvil(port, &state);
    let back = Instant::now();
    assert_eq!(
        node.get_block_number().await.expect("head"),
        head,
        "anvil restored its chain"
    );
    for _ in 0..3 {
        traffic.step().await.expect("sending after the restart");
    }
    let head = node.get_block_number().await.expect("head");
    caught_up(&db, &p, head, Duration::from_secs(60)).await;
    let recovery1 = back.elapsed();
    progress!("rpc: anvil back; resumed and indexed to {head} after {recovery1:?}");
    let waits = retries(&std::fs::read_to_string(&cfg.log).unwrap_or_default());
    progress!("rpc: retry waits (ms) during outage 1: {waits:?}");
    assert!(
        waits.len() >= 3 && waits.windows(2).all(|w| w[1] > w[0]),
        "retries back off: {waits:?}"
    );

    // ---- Outage 2: a blip ------------------------------------------------------------
    stop_anvil(anvil).await;
    let error = degraded(&p, Duration::from_secs(15)).await;
    assert!(
        error.contains("rpc"),
        "the error should name the RPC: {error}"
    );
    let anvil = start_anvil(port, &state);
    let back = Instant::now();
    traffic.step().await.expect("sending after the restart");
    let head = node.get_block_number().await.expect("head");
    caught_up(&db, &p, head, Duration::from_secs(60)).await;
    let recovery2 = back.elapsed();
    progress!("rpc: blip over; resumed and indexed to {head} after {recovery2:?}");
    assert!(p.running(), "still running");
    drop(p);

    assert_same_as_reference("rpc", &db, &cfg, head).await;
    drop(anvil);
    // A blip after a long-past outage must not wait out the old, grown backoff.
    assert!(
        recovery2 < Duration::from_secs(5),
        "after a 0.5 s blip the indexer took {recovery2:?} to resume: the retry backoff \
         (sync.rs `Indexer::run`) is not reset after a successful recovery, so it still \
         waits the backoff grown during the first outage (retry waits: {:?})",
        retries(&std::fs::read_to_string(&cfg.log).unwrap_or_default())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn database_outage_degrades_then_catches_up() {
    let dir = scratch_dir("db");
    let chain = testkit::start_chain().await.expect("starting anvil");
    let mut traffic = Traffic::warm_up(&chain.players, chain.contracts())
        .await
        .expect("warming up");
    let db = TestDb::new("dbout").await;
    let mut proxy = Proxy::start(free_port(), server_addr()).await;
    let cfg = RunConfig {
        database_url: db.url_via(proxy.port),
        rpc_url: format!("http://127.0.0.1:{}", chain.port()),
        deployments: chain.deployment.save(&dir).expect("writing the deployment"),
        env: vec![],
        log: dir.join("db.log"),
    };
    let p = cfg.spawn();
    let head = chain.block_number().await.expect("head");
    caught_up(&db, &p, head, Duration::from_secs(30)).await;
    progress!("db: indexed to {head} through the proxy; stopping the proxy");

    proxy.stop().await;
    let down = Instant::now();
    // The indexer only needs the database when there is something to write.
    for _ in 0..3 {
        traffic.step().await.expect("sending during the outage");
    }
    let error = degraded(&p, Duration::from_secs(40)).await;
    progress!("db: degraded after {:?}: {error}", down.elapsed());
    assert!(
        error.contains("database"),
        "the error should name the database: {error}"
    );
    for _ in 0..3 {
        traffic.step().await.expect("sending during the outage");
    }
    let mut p = p;
    assert!(
        p.running(),
        "the indexer exited during the outage; log:\n{}",
        p.log_tail(30)
    );
    assert!(
        db.indexed().await < Some(chain.block_number().await.expect("head")),
        "nothing was indexed while the database was away"
    );

    proxy.resume().await;
    let back = Instant::now();
    let head = chain.block_number().await.expect("head");
    caught_up(&db, &p, head, Duration::from_secs(60)).await;
    progress!(
        "db: proxy back; caught up to {head} after {:?} (outage {:?})",
        back.elapsed(),
        back - down
    );
    drop(p);
    drop(proxy);
    let log = std::fs::read_to_string(&cfg.log).unwrap_or_default();
    let waits = retries(&log);
    progress!("db: retry waits (ms): {waits:?}");
    assert!(
        !waits.is_empty() && log.contains("error=database"),
        "the database failures were retried (and logged as such)"
    );

    let audit = RunConfig {
        database_url: db.url(),
        ..cfg.clone()
    };
    let (status, out) = audit
        .try_run_to_end("audit", Duration::from_secs(30))
        .await
        .unwrap_or_else(|log| {
            panic!(
                "`indexer audit` did not finish within 30 s (it re-derives {head} blocks in \
                 about a second). audit.rs closes its scratch pool while its own connection \
                 `a` is still checked out; sqlx's Pool::close waits for it, for ever, unless \
                 the pool happened to hold an idle connection. Log:\n{log}"
            )
        });
    assert!(status.success(), "indexer audit found differences:\n{out}");
    progress!(
        "db: {}",
        out.lines()
            .rfind(|l| l.contains("difference"))
            .unwrap_or("audit passed")
    );
    let ids = assert_dense_ids(&mut db.connect().await).await;
    progress!("db: dense ids {ids:?}");
    assert_same_as_reference("db", &db, &audit, head).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_node_serving_unlinked_headers_is_reported_not_spun_on() {
    let dir = scratch_dir("tamper");
    let chain = testkit::start_chain().await.expect("starting anvil");
    Traffic::warm_up(&chain.players, chain.contracts())
        .await
        .expect("warming up");
    let head = chain.block_number().await.expect("head");
    // Block head-2 claims a parent that is not block head-3: the node's chain does not
    // link up, and re-reading it does not help.
    let tamper = Tamper::start(format!("http://127.0.0.1:{}", chain.port()), head - 2).await;
    let db = TestDb::new("tamper").await;
    let cfg = RunConfig {
        database_url: db.url(),
        rpc_url: format!("http://{}", tamper.addr),
        deployments: chain.deployment.save(&dir).expect("writing the deployment"),
        env: vec![],
        log: dir.join("tamper.log"),
    };
    let p = cfg.spawn();
    // What an operator needs: the indexer says it is stuck (and why) instead of
    // reporting healthy while it re-reads the same blocks in a tight loop.
    let error = eventually(Duration::from_secs(15), || async {
        p.health().await.filter(|h| h.degraded()).map(|h| h.error())
    })
    .await;
    // Stuck, it backs off: over a measured stretch it uses a small share of one core.
    const WINDOW: Duration = Duration::from_secs(3);
    let cpu0 = p.cpu_time();
    tokio::time::sleep(WINDOW).await;
    let cpu = p.cpu_time().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
    let health = p.health().await;
    progress!(
        "tamper: headers {}..={head} do not link at {}: indexed {:?}, /healthz {:?}, \
         CPU used in {WINDOW:?}: {cpu:?}",
        head - 3,
        head - 2,
        db.indexed().await,
        health.as_ref().map(|h| (h.code, h.body.to_string()))
    );
    let cpu = cpu.expect("the indexer's CPU time is readable from /proc");
    assert!(
        cpu < WINDOW / 10,
        "while the node served headers that do not link up, the indexer used {cpu:?} of CPU \
         in {WINDOW:?}: it spins instead of backing off"
    );
    tamper.heal();
    // Once the node serves a consistent chain, the indexer goes on by itself.
    caught_up(&db, &p, head, Duration::from_secs(60)).await;
    progress!("tamper: node healed; indexed to {head}");
    let error = error.unwrap_or_else(|| {
        panic!(
            "while the node served headers that do not link up (block {} -> {}), the indexer \
             made no progress yet /healthz stayed 200 ok for 15 s (CPU used in 2 s: {cpu:?}): \
             sync.rs re-fetches at once, for ever, logging only at debug level",
            head - 3,
            head - 2
        )
    });
    progress!("tamper: degraded with: {error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_the_first_migration_leaves_a_startable_database() {
    let mut rng = resilience_support::Rng::from_env("migrate");
    let dir = scratch_dir("migrate");
    let (mut attempts, mut landed) = (0, 0);
    // Kill `indexer migrate` on a fresh database at random moments until three kills
    // have landed inside a migration (MariaDB's DDL is not transactional, so those
    // leave a migration half applied).
    while landed < 3 && attempts < 30 {
        attempts += 1;
        let db = TestDb::new(&format!("mig{attempts}")).await;
        let cfg = RunConfig {
            database_url: db.url(),
            rpc_url: "http://127.0.0.1:9".into(),
            deployments: dir.join("unused.json"),
            env: vec![],
            log: dir.join(format!("migrate-{attempts}.log")),
        };
        let mut p = cfg.spawn_sub("migrate");
        let delay = rng.millis(20, 250);
        tokio::time::sleep(delay).await;
        p.kill9();
        // The database itself may not exist yet; then nothing is half done either.
        let dirty: i64 = match MySqlConnection::connect(&db.url()).await {
            Ok(mut conn) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 0")
                    .fetch_one(&mut conn)
                    .await
                    .unwrap_or(0)
            }
            Err(_) => 0,
        };
        if dirty == 0 {
            continue; // before or after the DDL: nothing half done
        }
        landed += 1;
        let (status, out) = cfg.run_to_end("migrate", Duration::from_secs(60)).await;
        progress!(
            "migrate: kill -9 after {delay:?} left a migration half applied; restart: {status}"
        );
        assert!(
            status.success(),
            "after a kill -9 inside the first migration (after {delay:?}), `indexer migrate` \
             (and so `indexer run`) refuses to start until someone repairs the database by \
             hand:\n{}",
            out.lines()
                .filter(|l| !l.trim_start().starts_with("at ") && !l.contains(": 0x"))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    progress!("migrate: {attempts} kills, {landed} inside a migration, all restarted");
    // Kills that all fell before or after the DDL would prove nothing.
    assert!(
        landed > 0,
        "none of {attempts} kills landed inside a migration: the test checked nothing"
    );
}
