//! Expensive operations take turns (`HEAVY_QUERY_COST`, `HEAVY_QUERIES_AT_ONCE`): while
//! the turns are taken, another expensive query waits and then is refused with
//! `SERVER_BUSY`, nothing of it run; cheap queries and cached answers are not held up.

use graphql_api::{AppConfig, limits::QueryLimits};
use serde_json::json;
use sqlx::MySqlPool;
use std::time::{Duration, Instant};

mod support;
use support::{call, code, indexer_at, task};

/// Cost 1 + 1 + 50 × 2 = 102 (over the 100 set below); the cheap one costs 3 + 5 × 1.
const HEAVY: &str = "query($m: String) { tasks(first: 50, filter: {rewardToken: \"0x0000000000000000000000000000000000000000\", rewardMin: $m}) { nodes { id title } } }";
const CHEAP: &str = "{ tasks(first: 5) { nodes { id } } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn expensive_queries_wait_their_turn_and_cheap_ones_do_not(pool: MySqlPool) {
    indexer_at(&pool, 2, &format!("0x{:064x}", 2)).await;
    task(&pool, 1, "Daily quest carry", "发布", 2).await;
    let limits = QueryLimits::new(10_000, 0)
        .with_heavy(100, 1)
        .with_heavy_wait(Duration::from_millis(300));
    let turns = limits.heavy_turns();
    let mut cfg = AppConfig::local();
    cfg.limits.query = limits;
    let app = graphql_api::app_with(pool.clone(), cfg);

    // A turn free: the expensive query runs.
    let r = call(&app, HEAVY, json!({"m": "1"}), None).await;
    assert_eq!(
        r["data"]["tasks"]["nodes"][0]["title"], "Daily quest carry",
        "{r}"
    );
    assert_eq!(
        turns.available_permits(),
        1,
        "its turn is given back when it ends"
    );

    // The only turn is taken (another expensive query running): a new one waits, then is
    // refused; cheap ones answer at once, and so does the expensive answer kept above.
    let running = turns.clone().try_acquire_owned().unwrap();
    let t0 = Instant::now();
    let r = call(&app, HEAVY, json!({"m": "2"}), None).await;
    assert_eq!(code(&r), "SERVER_BUSY", "{r}");
    assert!(r["data"].is_null(), "nothing of it ran: {r}");
    assert!(
        t0.elapsed() >= Duration::from_millis(300),
        "it waited for a turn"
    );
    let t0 = Instant::now();
    let r = call(&app, CHEAP, json!({}), None).await;
    assert_eq!(r["data"]["tasks"]["nodes"][0]["id"], "1", "{r}");
    let r = call(&app, HEAVY, json!({"m": "1"}), None).await;
    assert_eq!(r["data"]["tasks"]["nodes"][0]["id"], "1", "{r}");
    assert!(
        t0.elapsed() < Duration::from_millis(300),
        "neither waited for a turn"
    );

    // The turn comes free while one waits (or just before it asks): it runs.
    let waiting = tokio::spawn({
        let app = app.clone();
        async move { call(&app, HEAVY, json!({"m": "3"}), None).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(running);
    let r = waiting.await.unwrap();
    assert_eq!(r["data"]["tasks"]["nodes"][0]["id"], "1", "{r}");
}
