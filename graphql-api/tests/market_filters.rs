//! The task market's reward range and the mall's best sellers.

mod support;

use serde_json::json;
use sqlx::MySqlPool;
use support::*;

const ETH: &str = "0x0000000000000000000000000000000000000000";
const GEM: &str = "0x00000000000000000000000000000000000000aa";

async fn task_paying(pool: &MySqlPool, id: u64, token: &str, amount: &str) {
    sqlx::query(
        "INSERT INTO Task (task_id, task_name, task_price, task_status, community_id, publisher, reward_token, spec_hash, deadline, rejected, created_at, updated_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, CAST(? AS DECIMAL(65,0)), '发布', 1, '0x00000000000000000000000000000000000000bb', ?, ?, 1900000000, 0, 1700000000, 1700000000, 1, ?, ?, 0)",
    )
    .bind(id)
    .bind(format!("任务 {id}"))
    .bind(amount)
    .bind(token)
    .bind(format!("0x{id:064x}"))
    .bind(format!("0x{:064x}", 1))
    .bind(format!("0x{:064x}", 5000 + id))
    .execute(pool)
    .await
    .unwrap();
}

const TASKS: &str = "query($f: TaskFilter, $o: TaskOrderBy) { tasks(filter: $f, orderBy: $o) { nodes { id reward } } }";

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["data"]["tasks"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_reward_range_compares_exact_amounts_of_one_token(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    // 0.1 ETH, 0.100000000000000001 ETH (one wei more: equal as a double), 0.02 ETH;
    // and 500 points.
    task_paying(&pool, 1, ETH, "100000000000000000").await;
    task_paying(&pool, 2, ETH, "100000000000000001").await;
    task_paying(&pool, 3, ETH, "20000000000000000").await;
    task_paying(&pool, 4, GEM, "500").await;
    let by_reward = json!({"field": "REWARD", "direction": "ASC"});

    let r = call(
        &app,
        TASKS,
        json!({"f": {"rewardToken": ETH, "rewardMin": "100000000000000001"}, "o": by_reward}),
        None,
    )
    .await;
    assert_eq!(ids(&r), ["2"], "one wei decides: {r}");
    let r = call(
        &app,
        TASKS,
        json!({"f": {"rewardToken": ETH, "rewardMax": "100000000000000000"}, "o": by_reward}),
        None,
    )
    .await;
    assert_eq!(ids(&r), ["3", "1"]);
    let r = call(
        &app,
        TASKS,
        json!({"f": {"rewardToken": GEM, "rewardMin": "0100", "rewardMax": "500"}}),
        None,
    )
    .await;
    assert_eq!(ids(&r), ["4"]);

    // A range without its token, or not an amount: BAD_INPUT.
    for f in [
        json!({"rewardMin": "1"}),
        json!({"rewardToken": ETH, "rewardMin": "-1"}),
        json!({"rewardToken": ETH, "rewardMax": "1e18"}),
        json!({"rewardToken": ETH, "rewardMax": "9".repeat(66)}),
        json!({"rewardToken": ETH, "rewardMin": ""}),
    ] {
        let r = call(&app, TASKS, json!({"f": f}), None).await;
        assert_eq!(code(&r), "BAD_INPUT", "{f}: {r}");
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn best_sellers_come_first(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    for (id, sold) in [(1u64, 3u64), (2, 40), (3, 0)] {
        sqlx::query(
            "INSERT INTO Item (item_id, community_id, token, name, metadata_hash, price, stock, active, rating_sum, rating_count, sold, created_at, block_number, block_hash, tx_hash, log_index) \
             VALUES (?, 1, ?, ?, ?, 10, 5, 1, 0, 0, ?, ?, 1, ?, ?, 0)",
        )
        .bind(id)
        .bind(GEM)
        .bind(format!("商品 {id}"))
        .bind(format!("0x{id:064x}"))
        .bind(sold)
        .bind(1_700_000_000 + id)
        .bind(format!("0x{:064x}", 1))
        .bind(format!("0x{:064x}", 7000 + id))
        .execute(&pool)
        .await
        .unwrap();
    }
    let q = "query($s: Boolean!, $p: Boolean!) { items(bySold: $s, byPrice: $p) { nodes { id } } }";
    let r = call(&app, q, json!({"s": true, "p": false}), None).await;
    assert_eq!(
        r["data"]["items"]["nodes"],
        json!([{"id": "2"}, {"id": "1"}, {"id": "3"}]),
        "{r}"
    );
    let r = call(&app, q, json!({"s": false, "p": false}), None).await;
    assert_eq!(
        r["data"]["items"]["nodes"][0]["id"], "3",
        "newest first by default: {r}"
    );
    let r = call(&app, q, json!({"s": true, "p": true}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
}
