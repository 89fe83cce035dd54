//! Subscriptions (§3.4) over real WebSockets against two `graphql-api serve`
//! processes sharing one database: both push what the indexer commits.

mod support;

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use sqlx::MySqlPool;
use std::time::{Duration, Instant};
use support::*;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest as _},
};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// The replicas' shared session key.
const SECRET: &str = "a-shared-secret-for-both-replicas-0123456789";

async fn replica(database_url: &str) -> Served {
    serve(database_url, &[("JWT_SECRET", SECRET)]).await
}

async fn connect(addr: &str, token: Option<&str>) -> Ws {
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = connect_async(req).await.unwrap();
    let payload = match token {
        Some(t) => json!({"Authorization": format!("Bearer {t}")}),
        None => json!({}),
    };
    ws.send(Message::text(
        json!({"type": "connection_init", "payload": payload}).to_string(),
    ))
    .await
    .unwrap();
    let ack = next_json(&mut ws).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    ws
}

async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a message within 10 s")
            .expect("the socket stays open")
            .unwrap();
        if let Message::Text(t) = m {
            let v: Value = serde_json::from_str(&t).unwrap();
            if v["type"] != "ping" && v["type"] != "pong" {
                return v;
            }
        }
    }
}

async fn subscribe(ws: &mut Ws, id: &str, query: &str) {
    ws.send(Message::text(
        json!({"id": id, "type": "subscribe", "payload": {"query": query}}).to_string(),
    ))
    .await
    .unwrap();
}

/// What the indexer does when it commits a block: the rows, then its bookkeeping.
async fn commit_block(pool: &MySqlPool, n: u64) {
    indexer_at(pool, n, &format!("0x{:064x}", n)).await;
}

/// The next message on `ws` within `within`, if any (pings and pongs skipped).
async fn try_next_json(ws: &mut Ws, within: Duration) -> Option<Value> {
    tokio::time::timeout(within, next_json(ws)).await.ok()
}

/// Commits empty blocks after `last` until every socket in `sockets` (each subscribed to
/// `blockIndexed` under the id "blocks") has been pushed one: only then is each
/// process's poller known to be running with a starting point, so whatever is committed
/// next is pushed. Returns the last block committed, which every socket has seen (the
/// `blockIndexed` messages up to it are consumed).
async fn wait_until_live(pool: &MySqlPool, sockets: &mut [&mut Ws], mut last: u64) -> u64 {
    let mut seen = vec![None; sockets.len()];
    let started = Instant::now();
    while seen.iter().any(Option::is_none) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the pollers pushed no block within 20 s"
        );
        last += 1;
        commit_block(pool, last).await;
        for (ws, seen) in sockets.iter_mut().zip(&mut seen) {
            if seen.is_some() {
                continue;
            }
            if let Some(m) = try_next_json(ws, Duration::from_millis(300)).await {
                assert_eq!(m["id"], "blocks", "only blocks are committed: {m}");
                *seen = m["payload"]["data"]["blockIndexed"]["number"].as_u64();
            }
        }
    }
    // A socket that went live early was pushed the later empty blocks too.
    for (ws, seen) in sockets.iter_mut().zip(&seen) {
        let mut at = seen.expect("every socket saw a block");
        while at < last {
            let m = next_json(ws).await;
            assert_eq!(m["id"], "blocks", "only blocks are committed: {m}");
            at = m["payload"]["data"]["blockIndexed"]["number"]
                .as_u64()
                .expect("a block number");
        }
    }
    last
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn two_api_processes_push_what_the_indexer_commits(pool: MySqlPool) {
    let url = database_url(&pool).await;
    community(&pool, 1, "原神", "Genshin").await;
    task(&pool, 1, "代练", "发布", 1).await;
    commit_block(&pool, 1).await;
    let (a, b) = (replica(&url).await, replica(&url).await);

    let mut subs = Vec::new();
    for api in [&a, &b] {
        let mut ws = connect(&api.1, None).await;
        subscribe(
            &mut ws,
            "blocks",
            "subscription { blockIndexed { number hash stateDigest } }",
        )
        .await;
        subscribe(
            &mut ws,
            "task",
            "subscription { taskChanged(id: \"1\") { id status } }",
        )
        .await;
        subscribe(
            &mut ws,
            "posts",
            "subscription { postCreated(communityId: \"1\") { id title } }",
        )
        .await;
        subs.push(ws);
    }
    // Both pollers run, each from a starting point of its own.
    let live = {
        let mut sockets: Vec<&mut Ws> = subs.iter_mut().collect();
        wait_until_live(&pool, &mut sockets, 1).await
    };
    let (claimed, quiet) = (live + 1, live + 2);

    // Block `claimed` claims the task and adds a post to community 1 (and one elsewhere).
    let started = Instant::now();
    task(&pool, 1, "代练", "领取", claimed).await;
    post(
        &pool,
        1,
        2,
        "elsewhere",
        &format!("0x{}", "11".repeat(32)),
        claimed,
    )
    .await;
    post(
        &pool,
        2,
        1,
        "新帖",
        &format!("0x{}", "22".repeat(32)),
        claimed,
    )
    .await;
    commit_block(&pool, claimed).await;

    for ws in &mut subs {
        let mut got = std::collections::BTreeMap::new();
        while got.len() < 3 {
            let m = next_json(ws).await;
            assert_eq!(m["type"], "next", "{m}");
            got.insert(
                m["id"].as_str().unwrap().to_owned(),
                m["payload"]["data"].clone(),
            );
        }
        assert_eq!(got["blocks"]["blockIndexed"]["number"], claimed);
        assert_eq!(
            got["blocks"]["blockIndexed"]["hash"],
            format!("0x{claimed:064x}")
        );
        assert_eq!(
            got["task"]["taskChanged"],
            json!({"id": "1", "status": "CLAIMED"})
        );
        assert_eq!(
            got["posts"]["postCreated"],
            json!({"id": "2", "title": "新帖"})
        );
    }
    let latency = started.elapsed();
    eprintln!("both processes pushed block {claimed} after {latency:?}");
    assert!(latency < Duration::from_secs(5), "{latency:?}");

    // A block that does not touch task 1 or community 1 only reaches blockIndexed.
    commit_block(&pool, quiet).await;
    for ws in &mut subs {
        let m = next_json(ws).await;
        assert_eq!(m["id"], "blocks", "{m}");
        assert_eq!(m["payload"]["data"]["blockIndexed"]["number"], quiet);
    }

    // A bad argument ends that subscription with a clear error; a bad token is refused
    // at connection_init.
    let mut ws = connect(&a.1, None).await;
    subscribe(
        &mut ws,
        "bad",
        "subscription { taskChanged(id: \"x\") { id } }",
    )
    .await;
    let m = next_json(&mut ws).await;
    assert_eq!(
        m["payload"]["errors"][0]["extensions"]["code"], "BAD_INPUT",
        "{m}"
    );
    let mut req = format!("ws://{}/graphql/ws", a.1)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = connect_async(req).await.unwrap();
    ws.send(Message::text(
        json!({"type": "connection_init", "payload": {"Authorization": "Bearer forged"}})
            .to_string(),
    ))
    .await
    .unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .unwrap();
    assert!(
        matches!(closed, Some(Ok(Message::Close(_))) | None | Some(Err(_))),
        "{closed:?}"
    );
}

/// `notificationAdded` on two processes: each signed-in socket gets its own account's
/// notifications and nobody else's; a visitor's subscription is refused.
#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn notifications_reach_only_their_recipient_on_both_processes(pool: MySqlPool) {
    let url = database_url(&pool).await;
    commit_block(&pool, 1).await;
    let (p1, p2) = (replica(&url).await, replica(&url).await);
    // Sessions signed by the replicas' shared key (any process verifies them).
    let mut cfg = graphql_api::AppConfig::local();
    cfg.auth.keys = graphql_api::auth::jwt::Keys::new(SECRET, &[]).unwrap();
    let app = graphql_api::app_with(pool.clone(), cfg);
    let (alice, bob) = (signer(1), signer(2));
    let (ta, tb) = (sign_in(&app, &alice).await, sign_in(&app, &bob).await);
    let query = "subscription { notificationAdded { id kind actor read } }";
    let mut sockets = Vec::new();
    for (who, token) in [("alice", &ta), ("bob", &tb)] {
        for api in [&p1, &p2] {
            let mut ws = connect(&api.1, Some(token)).await;
            subscribe(&mut ws, "n", query).await;
            sockets.push((who, ws));
        }
    }
    let mut visitor = connect(&p1.1, None).await;
    subscribe(&mut visitor, "n", query).await;
    let m = next_json(&mut visitor).await;
    assert_eq!(
        m["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{m}"
    );
    // One block watcher per process: once each is pushed a block, that process's
    // poller runs (one poller serves all its sockets).
    let mut watchers = Vec::new();
    for api in [&p1, &p2] {
        let mut ws = connect(&api.1, None).await;
        subscribe(
            &mut ws,
            "blocks",
            "subscription { blockIndexed { number } }",
        )
        .await;
        watchers.push(ws);
    }
    let live = {
        let mut sockets: Vec<&mut Ws> = watchers.iter_mut().collect();
        wait_until_live(&pool, &mut sockets, 1).await
    };

    // One block tells alice; the next tells bob.
    let insert = async |to: &str, block: u64, kind: &str| {
        sqlx::query(
            "INSERT INTO Notification (recipient, ref_key, kind, actor, actor_count, object_type, object_id, created_at, updated_at, block_number, block_hash, tx_hash, log_index) \
             VALUES (?, ?, ?, NULL, 1, 'account', 0, 1700000000, 1700000000, ?, ?, ?, 0)",
        )
        .bind(to)
        .bind(format!("{block}.0.{kind}"))
        .bind(kind)
        .bind(block)
        .bind(format!("0x{block:064x}"))
        .bind(format!("0x{:064x}", block + 9000))
        .execute(&pool)
        .await
        .unwrap();
        commit_block(&pool, block).await;
    };
    insert(&addr(&alice), live + 1, "verified").await;
    insert(&addr(&bob), live + 2, "publisher_granted").await;
    for (who, ws) in &mut sockets {
        // The first notification each socket receives is its own account's.
        let m = next_json(ws).await;
        assert_eq!(m["type"], "next", "{who}: {m}");
        let n = &m["payload"]["data"]["notificationAdded"];
        let want = if *who == "alice" {
            json!({"id": format!("{}.0.verified", live + 1), "kind": "VERIFIED", "actor": null, "read": false})
        } else {
            json!({"id": format!("{}.0.publisher_granted", live + 2), "kind": "PUBLISHER_GRANTED", "actor": null, "read": false})
        };
        assert_eq!(n, &want, "{who}");
    }
}
