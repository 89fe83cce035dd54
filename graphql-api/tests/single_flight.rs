//! When a block is committed, every client asking for the same page at once would
//! compute it at once (the page, its total, its relations): one computes, the others
//! wait for its answer. Counted in SQL statements, so the test does not depend on timing
//! (a follower that came late finds the answer kept and runs nothing either).

mod support;

use serde_json::json;
use sqlx::MySqlPool;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use support::*;
use tracing_subscriber::{Layer, layer::SubscriberExt as _};

const PAGE: &str = "{ tasks(filter: {status: OPEN}, first: 10) { totalCount nodes { id title publisher { username } community { name } } } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn concurrent_identical_reads_at_a_new_block_compute_once(pool: MySqlPool) {
    indexer_at(&pool, 1, &format!("0x{:064x}", 1)).await;
    for i in 1..=12u64 {
        task(&pool, i, &format!("组队副本 {i}"), "发布", 1).await;
    }
    let count = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry().with(
        CountQueries(count.clone()).with_filter(tracing_subscriber::filter::LevelFilter::TRACE),
    );
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let app = graphql_api::app(pool.clone());
    const N: usize = 12;

    for block in [2u64, 3] {
        // The indexer commits a block (task `block` claimed): a new generation.
        sqlx::query("UPDATE Task SET task_status = '领取', block_number = ? WHERE task_id = ?")
            .bind(block)
            .bind(block)
            .execute(&pool)
            .await
            .unwrap();
        indexer_at(&pool, block, &format!("0x{block:064x}")).await;
        count.store(0, Ordering::Relaxed);
        let answers =
            futures_util::future::join_all((0..N).map(|_| call(&app, PAGE, json!({}), None))).await;
        let statements = count.load(Ordering::Relaxed);
        for a in &answers {
            assert_eq!(a, &answers[0]);
        }
        assert_eq!(
            answers[0]["data"]["tasks"]["totalCount"],
            12 - (block - 1),
            "{}",
            answers[0]
        );
        // Each request reads the generation (N statements); the page, its total, the
        // publishers and the communities run once (4), not N times.
        assert!(
            (N..=N + 4).contains(&statements),
            "{N} identical reads at block {block} ran {statements} statements"
        );
    }
}
