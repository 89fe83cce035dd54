//! Relations resolve through DataLoaders: a page of tasks with their publishers,
//! communities and comment counts costs the same few SQL statements whatever its size;
//! counts and search hits are kept while the indexer's block stays the same.

mod support;

use serde_json::json;
use sqlx::MySqlPool;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use support::*;
use tracing_subscriber::{Layer, layer::SubscriberExt as _};

const PAGE: &str = "query($n: Int!) { tasks(first: $n) { totalCount nodes { id publisher { username } community { name } commentCount } } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_page_of_tasks_with_relations_is_a_fixed_number_of_statements(pool: MySqlPool) {
    for i in 1..=25u64 {
        let publisher = format!("0x{:040x}", 0xb000 + i);
        user(&pool, i as u32, &publisher, &format!("player_{i}")).await;
        community(&pool, i, &format!("社区 {i}"), "theme").await;
        task(&pool, i, &format!("任务 {i}"), "发布", 1).await;
        sqlx::query("UPDATE Task SET publisher = ?, community_id = ? WHERE task_id = ?")
            .bind(&publisher)
            .bind(i)
            .bind(i)
            .execute(&pool)
            .await
            .unwrap();
        for c in 0..(i % 3) {
            sqlx::query(
                "INSERT INTO Comment (comment_id, comment_object_type, target_id, author, content_hash, created_at, block_number, block_hash, tx_hash, log_index) \
                 VALUES (?, '任务', ?, '0x00000000000000000000000000000000000000bb', '0x00', 0, 1, '0x01', '0x02', 0)",
            )
            .bind(i * 10 + c)
            .bind(i)
            .execute(&pool)
            .await
            .unwrap();
        }
    }
    let count = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry().with(
        CountQueries(count.clone()).with_filter(tracing_subscriber::filter::LevelFilter::TRACE),
    );
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let app = graphql_api::app(pool.clone());

    let mut statements = Vec::new();
    for n in [5, 20] {
        count.store(0, Ordering::Relaxed);
        let r = call(&app, PAGE, json!({"n": n}), None).await;
        let nodes = r["data"]["tasks"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"));
        assert_eq!(nodes.len(), n as usize);
        for node in nodes {
            let i: u64 = node["id"].as_str().unwrap().parse().unwrap();
            assert_eq!(node["publisher"]["username"], format!("player_{i}"));
            assert_eq!(node["community"]["name"], format!("社区 {i}"));
            assert_eq!(node["commentCount"], i % 3);
        }
        statements.push(count.load(Ordering::Relaxed));
    }
    // The read model's generation, the page, its total, the publishers, the communities,
    // the comment counts.
    assert!(statements[0] > 0, "sqlx statements are counted");
    assert_eq!(
        statements[0], statements[1],
        "5 rows and 20 rows cost the same: {statements:?}"
    );
    assert!(statements[1] <= 6, "{statements:?}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn counts_and_search_hits_are_kept_until_the_indexer_commits_a_block(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let q = "{ tasks(filter: { status: OPEN }) { totalCount } search(query: \"代练\") { tasks { id } } }";
    let count = |v: &serde_json::Value| v["data"]["tasks"]["totalCount"].as_u64().unwrap();
    let hits = |v: &serde_json::Value| v["data"]["search"]["tasks"].as_array().unwrap().len();
    task(&pool, 1, "代练一", "发布", 1).await;
    indexer_at(&pool, 1, "0x01").await;
    let r = call(&app, q, json!({}), None).await;
    assert_eq!((count(&r), hits(&r)), (1, 1), "{r}");

    // A row that appears without a block being committed (only a test can do that)
    // is not seen: the answers of block 1 are kept...
    task(&pool, 2, "代练二", "发布", 2).await;
    let r = call(&app, q, json!({}), None).await;
    assert_eq!((count(&r), hits(&r)), (1, 1), "{r}");
    // ...until the indexer commits block 2, or a reorg replaces block 1.
    indexer_at(&pool, 2, "0x02").await;
    let r = call(&app, q, json!({}), None).await;
    assert_eq!((count(&r), hits(&r)), (2, 2), "{r}");
    task(&pool, 3, "代练三", "发布", 2).await;
    indexer_at(&pool, 2, "0x02bis").await;
    let r = call(&app, q, json!({}), None).await;
    assert_eq!((count(&r), hits(&r)), (3, 3), "{r}");
}
