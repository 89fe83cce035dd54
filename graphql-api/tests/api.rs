//! The API over the indexer's real output: anvil → a season of play → the indexer →
//! MySQL → `POST /graphql` through the router. Needs DATABASE_URL (a MySQL server on
//! which `#[sqlx::test]` makes a fresh database), e.g. mysql://root@127.0.0.1:3306/test.

use alloy::{
    primitives::U256,
    providers::{Provider, ProviderBuilder},
};
use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use indexer::{
    metrics::Metrics,
    sync::{Indexer, SyncOptions},
};
use serde_json::{Value, json};
use sqlx::MySqlPool;
use std::{sync::Arc, time::Duration};
use testkit::{Season, status};
use tower::ServiceExt;

mod support;

async fn gql(app: &axum::Router, query: &str, variables: Value) -> Value {
    let body = json!({"query": query, "variables": variables}).to_string();
    let response = app
        .clone()
        .oneshot(
            Request::post("/graphql")
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

fn code(v: &Value) -> &str {
    v["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

async fn indexed_season(pool: &MySqlPool) -> (testkit::Chain, Season) {
    let chain = testkit::start_chain().await.unwrap();
    let season = testkit::play_season(&chain).await.unwrap();
    let provider = ProviderBuilder::new()
        .connect_http(chain.endpoint().parse().unwrap())
        .erased();
    let opts = SyncOptions {
        reorg_depth: 64,
        log_range: 2_000,
        max_log_range: 100_000,
        batch_logs: 5_000,
        poll_interval: Duration::from_millis(50),
        stop_at_block: Some(season.last_block),
    };
    Indexer::new(
        pool.clone(),
        provider,
        chain.deployment.clone(),
        opts,
        Arc::new(Metrics::default()),
    )
    .run(None)
    .await
    .unwrap();
    (chain, season)
}

fn status_name(s: u8) -> &'static str {
    match s {
        status::TASK_OPEN => "OPEN",
        status::TASK_CLAIMED => "CLAIMED",
        status::TASK_SUBMITTED => "SUBMITTED",
        status::TASK_COMPLETED => "COMPLETED",
        status::TASK_EXPIRED => "EXPIRED",
        status::TASK_CANCELLED => "CANCELLED",
        status::TASK_DISPUTED => "DISPUTED",
        _ => "?",
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_api_answers_from_the_indexed_season(pool: MySqlPool) {
    let (_chain, season) = indexed_season(&pool).await;
    let app = graphql_api::app(pool.clone());

    // Every task, with its status, as a connection with a total.
    let all = gql(
        &app,
        "{ tasks(first: 100) { totalCount edges { node { id status } } } }",
        json!({}),
    )
    .await;
    assert!(all["errors"].is_null(), "{all}");
    assert_eq!(all["data"]["tasks"]["totalCount"], season.tasks.len());
    for t in &season.tasks {
        let edge = all["data"]["tasks"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["id"].as_str() == Some(t.id.to_string().as_str()))
            .unwrap_or_else(|| panic!("task {} missing", t.id));
        assert_eq!(
            edge["node"]["status"],
            status_name(t.status),
            "task {}",
            t.id
        );
    }

    // A filter, and pages that chain through cursors.
    let open: Vec<String> = season
        .tasks
        .iter()
        .filter(|t| t.status == status::TASK_OPEN)
        .map(|t| t.id.to_string())
        .collect();
    let v = gql(
        &app,
        "{ tasks(filter: {status: OPEN}, orderBy: {field: CREATED_AT, direction: ASC}) { totalCount edges { node { id } } } }",
        json!({}),
    )
    .await;
    let got: Vec<String> = v["data"]["tasks"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, open);
    let page = |after: Value| {
        let app = app.clone();
        async move {
            gql(
                &app,
                "query($after: String) { tasks(first: 5, after: $after, orderBy: {field: CREATED_AT, direction: ASC}) { edges { cursor node { id } } pageInfo { hasNextPage } } }",
                json!({"after": after}),
            )
            .await
        }
    };
    let first = page(Value::Null).await;
    let edges = first["data"]["tasks"]["edges"].as_array().unwrap().clone();
    assert_eq!(edges.len(), 5);
    assert_eq!(first["data"]["tasks"]["pageInfo"]["hasNextPage"], true);
    let second = page(edges[4]["cursor"].clone()).await;
    let next = second["data"]["tasks"]["edges"].as_array().unwrap();
    assert_eq!(
        next[0]["node"]["id"],
        (edges[4]["node"]["id"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            + 1)
        .to_string()
    );

    // One task in full, with its relations and provenance.
    let t = season
        .tasks
        .iter()
        .find(|t| t.status == status::TASK_COMPLETED)
        .unwrap();
    let v = gql(
        &app,
        "query($id: String!) { task(id: $id) { title reward publisherAddress rewardToken specHash deadline \
           community { id name memberCount } publisher { username } source { blockNumber txHash logIndex } } }",
        json!({"id": t.id.to_string()}),
    )
    .await;
    let task = &v["data"]["task"];
    // Sorted by reward within one token: exactly that token's tasks, numerically, largest
    // first (amounts of 1 and 10 and 9 wei would sort 9, 10, 1 as text).
    let tokens: std::collections::BTreeSet<_> =
        season.tasks.iter().map(|t| t.reward_token).collect();
    for token in tokens {
        let mut want: Vec<U256> = season
            .tasks
            .iter()
            .filter(|t| t.reward_token == token)
            .map(|t| t.reward)
            .collect();
        want.sort_unstable_by(|a, b| b.cmp(a));
        let d = gql(
            &app,
            "query($t: String!) { tasks(filter: { rewardToken: $t }, orderBy: { field: REWARD, direction: DESC }, first: 100) { nodes { reward } } }",
            json!({ "t": token.to_checksum(None) }),
        )
        .await;
        let got: Vec<U256> = d["data"]["tasks"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{d}"))
            .iter()
            .map(|n| n["reward"].as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(got, want, "{token}");
    }
    assert_eq!(task["title"], t.title);
    assert_eq!(task["reward"], t.reward.to_string());
    assert_eq!(task["publisherAddress"], t.publisher.to_checksum(None));
    assert_eq!(task["rewardToken"], t.reward_token.to_checksum(None));
    assert_eq!(task["specHash"], format!("{:#x}", t.spec_hash));
    assert_eq!(task["deadline"], t.deadline);
    assert_eq!(task["community"]["id"], t.community_id.to_string());
    let community = season
        .communities
        .iter()
        .find(|c| c.id == t.community_id)
        .unwrap();
    assert_eq!(task["community"]["name"], community.name);
    assert_eq!(task["community"]["memberCount"], community.member_count());
    let publisher = season
        .users
        .iter()
        .find(|u| u.address == t.publisher)
        .map(|u| u.username.clone());
    assert_eq!(
        task["publisher"]["username"].as_str().map(str::to_owned),
        publisher
    );
    assert!(task["source"]["txHash"].as_str().unwrap().starts_with("0x"));
    let changed_at = task["source"]["blockNumber"].as_u64().unwrap();
    assert!(changed_at >= season.first_block && changed_at <= season.last_block);

    // Time travel: before its last change the task was not yet completed.
    let v = gql(
        &app,
        "query($id: String!, $b: Int!) { task(id: $id, block: {number: $b}) { status } }",
        json!({"id": t.id.to_string(), "b": changed_at - 1}),
    )
    .await;
    assert_ne!(v["data"]["task"]["status"], "COMPLETED", "{v}");
    let v = gql(
        &app,
        "{ tasks(block: {number: 1}) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(v["data"]["tasks"]["totalCount"], 0);

    // Communities and users.
    let v = gql(&app, "{ communities(orderBy: {field: MEMBER_COUNT, direction: DESC}) { totalCount edges { node { id memberCount } } } }", json!({})).await;
    assert_eq!(
        v["data"]["communities"]["totalCount"],
        season.communities.len()
    );
    let counts: Vec<u64> = v["data"]["communities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["memberCount"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let u = &season.users[1];
    let v = gql(
        &app,
        "query($a: String!) { user(address: $a) { username address verified } }",
        json!({"a": format!("{:#x}", u.address)}),
    )
    .await;
    assert_eq!(v["data"]["user"]["username"], u.username);
    assert_eq!(v["data"]["user"]["address"], u.address.to_checksum(None));
    assert_eq!(v["data"]["user"]["verified"], u.verified);
    let v = gql(
        &app,
        "query($n: String!) { userByName(username: $n) { address } }",
        json!({"n": u.username}),
    )
    .await;
    assert_eq!(
        v["data"]["userByName"]["address"],
        u.address.to_checksum(None)
    );
    let v = gql(&app, "{ users { totalCount } }", json!({})).await;
    assert_eq!(v["data"]["users"]["totalCount"], season.users.len());

    // Posts: removed ones hidden unless asked for; counts and flags as played.
    let visible = season.posts.iter().filter(|p| !p.removed).count();
    let v = gql(&app, "{ posts(first: 100) { totalCount } all: posts(first: 100, filter: {includeRemoved: true}) { totalCount } }", json!({})).await;
    assert!(v["errors"].is_null(), "{v}");
    assert_eq!(v["data"]["posts"]["totalCount"], visible);
    assert_eq!(v["data"]["all"]["totalCount"], season.posts.len());
    for p in &season.posts {
        let v = gql(
            &app,
            "query($id: String!) { post(id: $id) { title communityId authorAddress contentHash removed pinned likeCount commentCount author { username } source { txHash } } }",
            json!({"id": p.id.to_string()}),
        )
        .await;
        let post = &v["data"]["post"];
        assert_eq!(post["title"], p.title, "post {}", p.id);
        assert_eq!(post["communityId"], p.community_id.to_string());
        assert_eq!(post["authorAddress"], p.author.to_checksum(None));
        assert_eq!(post["contentHash"], format!("{:#x}", p.content_hash));
        assert_eq!(post["removed"], p.removed);
        assert_eq!(post["likeCount"], p.likers.len(), "likes of post {}", p.id);
        let comments = season
            .comments
            .iter()
            .filter(|c| c.target_kind == 2 && c.target_id == p.id && c.removed_by.is_none())
            .count();
        assert_eq!(post["commentCount"], comments, "comments of post {}", p.id);
        let pinned = season
            .communities
            .iter()
            .any(|c| c.id == p.community_id && c.pinned.contains(&p.id));
        assert_eq!(post["pinned"], pinned, "pin of post {}", p.id);
        assert!(post["source"]["txHash"].as_str().unwrap().starts_with("0x"));
    }
    let by_likes = gql(&app, "{ posts(orderBy: {field: LIKE_COUNT, direction: DESC}, first: 100) { edges { node { likeCount } } } }", json!({})).await;
    let likes: Vec<u64> = by_likes["data"]["posts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["likeCount"].as_u64().unwrap())
        .collect();
    assert!(likes.windows(2).all(|w| w[0] >= w[1]), "{likes:?}");
    let c = &season.communities[0];
    let v = gql(&app, "query($c: String!) { posts(filter: {communityId: $c, includeRemoved: true}, first: 100) { totalCount } }", json!({"c": c.id.to_string()})).await;
    assert_eq!(
        v["data"]["posts"]["totalCount"],
        season
            .posts
            .iter()
            .filter(|p| p.community_id == c.id)
            .count()
    );

    // Mall items and point offers, as played.
    let v = gql(
        &app,
        "{ items(includeInactive: true, first: 100) { totalCount } }",
        json!({}),
    )
    .await;
    assert!(v["errors"].is_null(), "{v}");
    assert_eq!(v["data"]["items"]["totalCount"], season.items.len());
    for it in &season.items {
        let v = gql(
            &app,
            "query($id: String!) { item(id: $id) { name communityId token price stock active ratingCount rating } }",
            json!({"id": it.id.to_string()}),
        )
        .await;
        let item = &v["data"]["item"];
        assert_eq!(item["name"], it.name);
        assert_eq!(item["communityId"], it.community_id.to_string());
        assert_eq!(item["token"], it.token.to_checksum(None));
        assert_eq!(item["price"], it.price.to_string());
        assert_eq!(item["stock"], it.stock);
        assert_eq!(item["active"], it.active);
        assert_eq!(item["ratingCount"], it.rating_count);
        if it.rating_count > 0 {
            let avg = it.rating_sum as f64 / it.rating_count as f64;
            assert!((item["rating"].as_f64().unwrap() - avg).abs() < 1e-9);
        } else {
            assert!(item["rating"].is_null());
        }
    }
    let active = season.items.iter().filter(|i| i.active).count();
    let v = gql(&app, "{ items(first: 100) { totalCount } }", json!({})).await;
    assert_eq!(v["data"]["items"]["totalCount"], active);
    let v = gql(&app, "{ offers(first: 100) { totalCount edges { node { id status maker giveAmount wantAmount taker } } } }", json!({})).await;
    assert_eq!(v["data"]["offers"]["totalCount"], season.offers.len());
    for o in &season.offers {
        let node = &v["data"]["offers"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["id"].as_str() == Some(o.id.to_string().as_str()))
            .unwrap()["node"];
        let status = match o.status {
            status::OFFER_OPEN => "OPEN",
            status::OFFER_FILLED => "FILLED",
            _ => "CANCELLED",
        };
        assert_eq!(node["status"], status, "offer {}", o.id);
        assert_eq!(node["maker"], o.maker.to_checksum(None));
        assert_eq!(node["giveAmount"], o.give_amount.to_string());
        assert_eq!(node["wantAmount"], o.want_amount.to_string());
        assert_eq!(
            node["taker"].as_str().map(str::to_owned),
            o.taker.map(|t| t.to_checksum(None))
        );
    }
    let open = season
        .offers
        .iter()
        .filter(|o| o.status == status::OFFER_OPEN)
        .count();
    let v = gql(&app, "{ offers(status: OPEN) { totalCount } }", json!({})).await;
    assert_eq!(v["data"]["offers"]["totalCount"], open);

    // The indexer's progress.
    let v = gql(
        &app,
        "{ indexerStatus { chainId indexedBlock lagBlocks stateDigest } }",
        json!({}),
    )
    .await;
    assert_eq!(v["data"]["indexerStatus"]["chainId"], 31337);
    assert_eq!(
        v["data"]["indexerStatus"]["indexedBlock"],
        season.last_block
    );
    assert!(
        v["data"]["indexerStatus"]["stateDigest"]
            .as_str()
            .unwrap()
            .len()
            == 66
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn bad_input_gets_a_clear_error_code(pool: MySqlPool) {
    let app = graphql_api::app(pool);
    let v = gql(&app, r#"{ task(id: "abc") { id } }"#, json!({})).await;
    assert_eq!(code(&v), "BAD_INPUT", "{v}");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not an id")
    );
    let v = gql(&app, "{ tasks(first: 500) { totalCount } }", json!({})).await;
    assert_eq!(code(&v), "BAD_INPUT");
    let v = gql(
        &app,
        r#"{ tasks(after: "garbage") { totalCount } }"#,
        json!({}),
    )
    .await;
    assert_eq!(code(&v), "BAD_INPUT");
    let v = gql(
        &app,
        r#"{ user(address: "0x123") { username } }"#,
        json!({}),
    )
    .await;
    assert_eq!(code(&v), "BAD_INPUT");
    // Rewards compare within one token only.
    let v = gql(
        &app,
        "{ tasks(orderBy: { field: REWARD, direction: DESC }) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(code(&v), "BAD_INPUT", "{v}");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("rewardToken"),
        "{v}"
    );
    // Unknown ids are null, not errors; an empty read model answers empty lists.
    let v = gql(&app, r#"{ task(id: "99") { id } tasks { totalCount edges { cursor } } indexerStatus { chainId } }"#, json!({})).await;
    assert!(v["errors"].is_null(), "{v}");
    assert!(v["data"]["task"].is_null());
    assert_eq!(v["data"]["tasks"]["totalCount"], 0);
    assert!(v["data"]["indexerStatus"].is_null());
    // Queries nested past the depth limit are refused before they run.
    let normal =
        "{ tasks { edges { node { community { creator { source { blockNumber } } } } } } }";
    let v = gql(&app, normal, json!({})).await;
    assert!(v["errors"].is_null(), "a normal nesting passes: {v}");
    let too_deep = format!(
        "{{ __schema {{ types {{ fields {{ type {{ {} name {} }} }} }} }} }}",
        "ofType { ".repeat(12),
        "}".repeat(12)
    );
    let v = gql(&app, &too_deep, json!({})).await;
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("nested too deep"),
        "{v}"
    );
}

#[test]
fn schema_graphql_at_the_repository_root_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let current = graphql_api::schema::sdl();
    if committed != current {
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, current).unwrap();
        } else {
            panic!(
                "schema.graphql is stale: run `UPDATE_SCHEMA=1 cargo test -p graphql-api schema_graphql` or `graphql-api schema > schema.graphql`"
            );
        }
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn comments_members_reviews_points_and_admin_queues_from_the_indexed_season(pool: MySqlPool) {
    let (_chain, season) = indexed_season(&pool).await;
    let app = graphql_api::app(pool.clone());
    let ok = |v: &Value| {
        assert!(v["errors"].is_null(), "{v}");
        v["data"].clone()
    };

    // Comments on every target, oldest first, each with its author.
    for (kind, name) in [(0u8, "TASK"), (1, "COMMUNITY"), (2, "POST")] {
        let mut targets: Vec<u64> = season
            .comments
            .iter()
            .filter(|c| c.target_kind == kind)
            .map(|c| c.target_id)
            .collect();
        targets.dedup();
        assert!(!targets.is_empty(), "the season comments on a {name}");
        for target in targets {
            let want: Vec<String> = season
                .comments
                .iter()
                .filter(|c| c.target_kind == kind && c.target_id == target)
                .filter(|c| c.removed_by.is_none())
                .map(|c| c.id.to_string())
                .collect();
            let d = ok(&gql(
                &app,
                "query($t: CommentTarget!, $id: String!) { comments(target: $t, targetId: $id) { totalCount nodes { id target authorAddress author { username } content { verified } } } }",
                json!({ "t": name, "id": target.to_string() }),
            )
            .await);
            let got: Vec<String> = d["comments"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(got, want, "{name} {target}");
            assert_eq!(d["comments"]["nodes"][0]["target"], name);
        }
    }
    // A list under something that does not exist is NOT_FOUND, not an empty page.
    for q in [
        "{ comments(target: TASK, targetId: \"999\") { totalCount } }",
        "{ members(communityId: \"999\") { totalCount } }",
        "{ reviews(itemId: \"999\") { totalCount } }",
    ] {
        let r = gql(&app, q, json!({})).await;
        assert_eq!(code(&r), "NOT_FOUND", "{q}: {r}");
    }

    // Reviews carry the stars the buyers gave.
    for item in &season.items {
        let mut want: Vec<(String, u64)> = season
            .orders
            .iter()
            .filter(|o| o.item_id == item.id && o.stars.is_some())
            .map(|o| (o.id.to_string(), u64::from(o.stars.unwrap())))
            .collect();
        want.reverse(); // newest first
        let d = ok(&gql(
            &app,
            "query($id: String!) { reviews(itemId: $id) { nodes { orderId stars } } }",
            json!({ "id": item.id.to_string() }),
        )
        .await);
        let got: Vec<(String, u64)> = d["reviews"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["orderId"].as_str().unwrap().to_owned(),
                    n["stars"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, want, "item {}", item.id);
    }

    // Point history sums to the balance, per player and token; the other side is named
    // when it is a registered player, and only then.
    let names: std::collections::HashMap<String, &str> = season
        .users
        .iter()
        .map(|u| (format!("{:#x}", u.address), u.username.as_str()))
        .collect();
    let (mut named, mut unnamed) = (0, 0);
    for ((token, account), balance) in &season.balances {
        if !season.communities.iter().any(|c| c.points == Some(*token)) {
            continue;
        }
        let d = ok(&gql(
            &app,
            "query($a: String!) { pointHistory(account: $a, first: 100) { totalCount nodes { token amount counterparty counterpartyUser { username } } } }",
            json!({ "a": format!("{account:#x}") }),
        )
        .await);
        for n in d["pointHistory"]["nodes"].as_array().unwrap() {
            let other = n["counterparty"].as_str().unwrap().to_lowercase();
            match names.get(&other) {
                Some(name) => {
                    assert_eq!(n["counterpartyUser"]["username"], *name, "{n}");
                    named += 1;
                }
                None => {
                    assert!(n["counterpartyUser"].is_null(), "{n}");
                    unnamed += 1;
                }
            }
        }
        let sum: i128 = d["pointHistory"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| {
                n["token"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(&format!("{token:#x}"))
            })
            .map(|n| n["amount"].as_str().unwrap().parse::<i128>().unwrap())
            .sum();
        assert_eq!(sum.to_string(), balance.to_string(), "{account} in {token}");
    }
    // The season has player-to-player transfers and contract-side movements both.
    assert!(named > 0 && unnamed > 0, "named {named}, unnamed {unnamed}");

    // The admin queues: one approved and one rejected recovery, the publisher application.
    let d = ok(&gql(
        &app,
        "{ recoveryRequests { nodes { username status evidence { verified } } } publisherApplications { totalCount nodes { granted } } settings { name value } tokens { symbol } }",
        json!({}),
    )
    .await);
    let mut recoveries: Vec<(String, String)> = d["recoveryRequests"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["username"].as_str().unwrap().to_owned(),
                n["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    recoveries.sort();
    assert_eq!(
        recoveries,
        [
            ("alice".into(), "REJECTED".into()),
            ("wangwu".into(), "APPROVED".into())
        ]
    );
    assert!(d["publisherApplications"]["totalCount"].as_u64().unwrap() >= 1);
    // Profiles was paused and unpaused: its row says running.
    assert!(
        d["settings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "paused" && s["value"] == "false"),
        "{d}"
    );
    assert_eq!(
        d["tokens"].as_array().unwrap().len(),
        season
            .communities
            .iter()
            .filter(|c| c.points.is_some())
            .count()
    );
}

/// The fields the hardened contracts added, through the indexer's real output: work and
/// dispute deadlines, released claimers (also as of an earlier block), order expiry,
/// since when each admin has been one (moved by the recovery), and removed comments
/// hidden from lists and counts (but there as of a block before their removal).
#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn deadlines_releases_expiry_admin_since_and_hidden_comments(pool: MySqlPool) {
    let (chain, season) = indexed_season(&pool).await;
    let app = graphql_api::app(pool.clone());
    let ok = |v: &Value| {
        assert!(v["errors"].is_null(), "{v}");
        v["data"].clone()
    };

    // Tasks: deadlines while they run, released claimers for ever.
    let d = ok(&gql(
        &app,
        "{ tasks(first: 100) { nodes { id status claimedAt workDeadline disputeDeadline releasedClaimers source { blockNumber } } } }",
        json!({}),
    )
    .await);
    let nodes = d["tasks"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), season.tasks.len());
    for t in &season.tasks {
        let n = nodes
            .iter()
            .find(|n| id_of(n) == t.id)
            .unwrap_or_else(|| panic!("task {}", t.id));
        assert_eq!(n["workDeadline"], json!(t.work_deadline), "task {}", t.id);
        assert_eq!(
            n["disputeDeadline"],
            json!(t.dispute_deadline),
            "task {}",
            t.id
        );
        let released: Vec<String> = t.released.iter().map(|a| a.to_checksum(None)).collect();
        assert_eq!(n["releasedClaimers"], json!(released), "task {}", t.id);
        // The claim's time: set while the task has a claimer, the work period (7 days
        // in the default deployment) before the claim's work deadline.
        assert_eq!(
            n["claimedAt"].is_null(),
            t.claimer == alloy::primitives::Address::ZERO,
            "task {}",
            t.id
        );
        if let Some(deadline) = t.work_deadline {
            assert_eq!(n["claimedAt"], deadline - 7 * 86_400, "task {}", t.id);
        }
    }
    assert!(nodes.iter().any(|n| !n["disputeDeadline"].is_null()));
    let released = season
        .tasks
        .iter()
        .find(|t| !t.released.is_empty())
        .expect("the season releases a claim");
    // The task changed last when it was claimed again, the block after the release.
    let n = nodes.iter().find(|n| id_of(n) == released.id).unwrap();
    let reclaimed = n["source"]["blockNumber"].as_u64().unwrap();
    let at = |b: u64| {
        let app = app.clone();
        let id = released.id.to_string();
        async move {
            gql(
                &app,
                "query($id: String!, $b: Int!) { task(id: $id, block: {number: $b}) { status workDeadline releasedClaimers } }",
                json!({"id": id, "b": b}),
            )
            .await
        }
    };
    let just_released = ok(&at(reclaimed - 1).await);
    let old: Vec<String> = released
        .released
        .iter()
        .map(|a| a.to_checksum(None))
        .collect();
    assert_eq!(
        just_released["task"],
        json!({"status": "OPEN", "workDeadline": null, "releasedClaimers": old})
    );
    let before = ok(&at(reclaimed - 2).await);
    assert_eq!(before["task"]["status"], "CLAIMED");
    assert_eq!(before["task"]["releasedClaimers"], json!([]));
    let first_deadline = before["task"]["workDeadline"].as_i64().unwrap();
    assert!(first_deadline < released.work_deadline.unwrap() as i64);

    // Orders (the system admin reads them all): when an unpaid one expires.
    let admin = support::sign_in(&app, &support::signer(0)).await;
    let v = support::call(
        &app,
        "{ orders(first: 100) { totalCount nodes { id status expiresAt createdAt paidAt completedAt cancelledAt } } }",
        json!({}),
        Some(&admin),
    )
    .await;
    let d = ok(&v);
    assert_eq!(d["orders"]["totalCount"], season.orders.len());
    for o in &season.orders {
        let n = d["orders"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| id_of(n) == o.id)
            .unwrap();
        assert_eq!(n["expiresAt"], o.expires_at, "order {}", o.id);
        assert!(n["expiresAt"].as_i64().unwrap() > n["createdAt"].as_i64().unwrap());
        // Each state's time is recorded when the order reaches it, in order.
        let at = |k: &str| n[k].as_i64();
        let created = at("createdAt").unwrap();
        match n["status"].as_str().unwrap() {
            "ORDERED" => assert_eq!(
                (at("paidAt"), at("completedAt"), at("cancelledAt")),
                (None, None, None)
            ),
            "PAID" => {
                assert!(at("paidAt").unwrap() >= created, "{n}");
                assert_eq!((at("completedAt"), at("cancelledAt")), (None, None), "{n}");
            }
            "COMPLETED" => {
                assert!(at("completedAt").unwrap() >= at("paidAt").unwrap(), "{n}");
                assert!(at("paidAt").unwrap() >= created, "{n}");
                assert_eq!(at("cancelledAt"), None, "{n}");
            }
            "CANCELLED" => {
                assert!(at("cancelledAt").unwrap() >= created, "{n}");
                assert_eq!(at("completedAt"), None, "{n}");
            }
            other => panic!("status {other}"),
        }
    }
    assert!(
        d["orders"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["status"] == "COMPLETED"),
        "the season completes an order"
    );

    // Members: since when each admin has been one; null for the others.
    for c in &season.communities {
        let d = ok(&gql(
            &app,
            "query($c: String!) { members(communityId: $c, first: 100) { nodes { account isAdmin adminSince } } }",
            json!({"c": c.id.to_string()}),
        )
        .await);
        for n in d["members"]["nodes"].as_array().unwrap() {
            let account: alloy::primitives::Address =
                n["account"].as_str().unwrap().parse().unwrap();
            assert_eq!(
                n["adminSince"],
                json!(c.admin_since.get(&account)),
                "{account} in {}",
                c.name
            );
            assert_eq!(n["isAdmin"], c.admins.contains(&account));
        }
    }
    // wangwu's seat in Minecraft moved to his new address with its time.
    let new = chain.player("wangwu_new").unwrap().address;
    let minecraft = season
        .communities
        .iter()
        .find(|c| c.admins.contains(&new))
        .expect("the recovery moved an admin seat");
    let d = ok(&gql(
        &app,
        "query($c: String!, $a: String!) { members(communityId: $c, account: $a) { nodes { status adminSince } } }",
        json!({"c": minecraft.id.to_string(), "a": format!("{:#x}", chain.player("wangwu").unwrap().address)}),
    )
    .await);
    assert_eq!(
        d["members"]["nodes"],
        json!([{"status": "LEFT", "adminSince": null}])
    );

    // Removed comments: hidden from the list and the counts, there before removal.
    let removed = season
        .comments
        .iter()
        .find(|c| c.removed_by.is_some())
        .expect("the season removes a comment");
    assert_eq!(removed.target_kind, 2, "a comment on a post");
    let post = removed.target_id.to_string();
    let visible = season
        .comments
        .iter()
        .filter(|c| c.target_kind == 2 && c.target_id == removed.target_id)
        .filter(|c| c.removed_by.is_none())
        .count();
    let q = "query($p: String!) { comments(target: POST, targetId: $p, first: 100) { totalCount nodes { id } } }";
    let q_at = "query($p: String!, $b: Int!) { comments(target: POST, targetId: $p, first: 100, block: {number: $b}) { totalCount nodes { id } } }";
    let now = ok(&gql(&app, q, json!({"p": post})).await);
    assert_eq!(now["comments"]["totalCount"], visible);
    assert!(
        now["comments"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| id_of(n) != removed.id)
    );
    let d = ok(&gql(
        &app,
        "query($p: String!) { post(id: $p) { commentCount source { blockNumber } } }",
        json!({"p": post}),
    )
    .await);
    assert_eq!(d["post"]["commentCount"], visible);
    // The post last changed when the comment was removed: just before, it was listed.
    let removal = d["post"]["source"]["blockNumber"].as_u64().unwrap();
    let then = ok(&gql(&app, q_at, json!({"p": post, "b": removal - 1})).await);
    assert_eq!(then["comments"]["totalCount"], visible + 1);
    assert!(
        then["comments"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| id_of(n) == removed.id)
    );
    // A task's and a community's counts leave removed comments out too (none removed
    // there in the season: they equal the lists).
    for c in season.comments.iter().filter(|c| c.target_kind != 2) {
        let (field, target) = if c.target_kind == 0 {
            ("task", "TASK")
        } else {
            ("community", "COMMUNITY")
        };
        let q = format!(
            "query($id: String!) {{ {field}(id: $id) {{ commentCount }} comments(target: {target}, targetId: $id) {{ totalCount }} }}"
        );
        let d = ok(&gql(&app, &q, json!({"id": c.target_id.to_string()})).await);
        assert_eq!(d[field]["commentCount"], d["comments"]["totalCount"]);
    }
}

/// A node's `id` as a number.
fn id_of(n: &Value) -> u64 {
    n["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX)
}
