//! The content store (§3.3), `verified` document fields, search, and the HTTP routes
//! beside /graphql (GraphiQL, assets, /metrics, /config.json, web files), and the
//! query limits.

mod support;

use axum::{body::Body, http::Request};
use graphql_api::AppConfig;
use http_body_util::BodyExt as _;
use serde_json::json;
use sqlx::MySqlPool;
use support::*;
use tower::ServiceExt as _;

const PUT: &str = "mutation($j: String!) { putContent(json: $j) }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn documents_are_stored_under_their_keccak_and_checked_on_the_way_out(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let token = sign_in(&app, &signer(1)).await;
    let doc = r##"{"text":"# 攻略\n**Boss** guide <script>alert(1)</script>"}"##;
    let r = call(&app, PUT, json!({"j": doc}), Some(&token)).await;
    let hash = r["data"]["putContent"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned();
    assert_eq!(
        hash,
        format!("{:#x}", alloy::primitives::keccak256(doc.as_bytes()))
    );
    // Idempotent.
    let r = call(&app, PUT, json!({"j": doc}), Some(&token)).await;
    assert_eq!(r["data"]["putContent"], hash);
    let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n.0, 1);

    // Not JSON, too large: refused, nothing stored.
    for (bad, why) in [("not json", "not JSON"), ("{\"a\":", "not JSON")] {
        let r = call(&app, PUT, json!({"j": bad}), Some(&token)).await;
        assert_eq!(code(&r), "BAD_INPUT", "{r}");
        assert!(
            r["errors"][0]["message"].as_str().unwrap().contains(why),
            "{r}"
        );
    }
    let big = format!("{{\"text\":\"{}\"}}", "x".repeat(64 * 1024));
    let r = call(&app, PUT, json!({"j": big}), Some(&token)).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n.0, 1);

    // A post whose hash matches shows its body, verified; one whose stored body was
    // tampered with (or is missing) shows none.
    community(&pool, 1, "原神", "Genshin").await;
    post(&pool, 1, 1, "攻略", &hash, 5).await;
    let missing = format!("0x{}", "ab".repeat(32));
    post(&pool, 2, 1, "missing", &missing, 5).await;
    let q = "query($id: String!) { post(id: $id) { content { hash json text verified } } }";
    let r = call(&app, q, json!({"id": "1"}), None).await;
    assert_eq!(
        r["data"]["post"]["content"],
        json!({"hash": hash, "json": doc, "text": "# 攻略\n**Boss** guide <script>alert(1)</script>", "verified": true}),
        "{r}"
    );
    let r = call(&app, q, json!({"id": "2"}), None).await;
    assert_eq!(r["data"]["post"]["content"]["verified"], false, "{r}");
    assert_eq!(r["data"]["post"]["content"]["json"], json!(null));
    sqlx::query("UPDATE content SET body = '{\"text\":\"changed\"}'")
        .execute(&pool)
        .await
        .unwrap();
    let r = call(&app, q, json!({"id": "1"}), None).await;
    assert_eq!(
        r["data"]["post"]["content"]["verified"], false,
        "tampered: {r}"
    );
    assert_eq!(r["data"]["post"]["content"]["text"], json!(null));

    let r = call(
        &app,
        "query($h: String!) { document(hash: $h) { verified } }",
        json!({"h": "0x12"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn signed_out_writers_get_a_small_rate(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    for i in 0..10 {
        let r = call(&app, PUT, json!({"j": format!("{{\"n\":{i}}}")}), None).await;
        assert!(r["data"]["putContent"].is_string(), "{r}");
    }
    let r = call(&app, PUT, json!({"j": "{\"n\":11}"}), None).await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");
    // A signed-in player is counted separately.
    let token = sign_in(&app, &signer(1)).await;
    let r = call(&app, PUT, json!({"j": "{\"n\":12}"}), Some(&token)).await;
    assert!(r["data"]["putContent"].is_string(), "{r}");
}

const SEARCH: &str = "query($q: String!) { search(query: $q) { tasks { id title } communities { id name } posts { id title } } }";

fn ids(v: &serde_json::Value, kind: &str) -> Vec<String> {
    v["data"]["search"][kind]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn search_finds_chinese_and_english_ranked(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    community(&pool, 1, "原神攻略组", "Genshin Impact").await;
    community(&pool, 2, "Dota 2 Guild", "Dota").await;
    task(&pool, 1, "代练深渊十二层 Abyss carry", "发布", 3).await;
    task(&pool, 2, "Translate a guide", "发布", 3).await;
    let body = r#"{"text":"今天深渊打得很顺利，分享配队"}"#;
    let h = graphql_api::content::put(&pool, body, None).await.unwrap();
    post(&pool, 1, 1, "配队心得", &h, 4).await;
    post(
        &pool,
        2,
        1,
        "深渊 深渊 攻略",
        &format!("0x{}", "cd".repeat(32)),
        4,
    )
    .await;
    post(
        &pool,
        3,
        2,
        "Guild war tonight",
        &format!("0x{}", "ce".repeat(32)),
        4,
    )
    .await;

    // Two Chinese characters find titles and bodies containing them; a title hit
    // ranks above a body hit.
    let r = call(&app, SEARCH, json!({"q": "深渊"}), None).await;
    assert_eq!(ids(&r, "tasks"), ["1"], "{r}");
    assert_eq!(ids(&r, "posts"), ["2", "1"], "{r}");
    // One character, English prefixes, mixed case, several words.
    let r = call(&app, SEARCH, json!({"q": "原"}), None).await;
    assert_eq!(ids(&r, "communities"), ["1"], "{r}");
    let r = call(&app, SEARCH, json!({"q": "GUI"}), None).await;
    assert_eq!(ids(&r, "communities"), ["2"], "{r}");
    assert_eq!(ids(&r, "tasks"), ["2"], "{r}");
    assert_eq!(ids(&r, "posts"), ["3"], "{r}");
    let r = call(&app, SEARCH, json!({"q": "guild war"}), None).await;
    assert_eq!(ids(&r, "posts"), ["3"], "{r}");
    let r = call(&app, SEARCH, json!({"q": "abyss 代练"}), None).await;
    assert_eq!(ids(&r, "tasks"), ["1"], "{r}");
    // Nothing searchable, nothing found; too long is bad input.
    let r = call(&app, SEARCH, json!({"q": " ,. "}), None).await;
    assert_eq!(
        r["data"]["search"],
        json!({"tasks": [], "communities": [], "posts": []})
    );
    let r = call(&app, SEARCH, json!({"q": "x".repeat(101)}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    // A removed post is not found.
    sqlx::query("UPDATE Post SET removed = 1 WHERE post_id = 2")
        .execute(&pool)
        .await
        .unwrap();
    let r = call(&app, SEARCH, json!({"q": "深渊"}), None).await;
    assert_eq!(ids(&r, "posts"), ["1"], "{r}");
}

async fn get(app: &axum::Router, path: &str) -> (u16, String, axum::http::HeaderMap) {
    let resp = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), headers)
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn graphiql_metrics_config_and_web_files(pool: MySqlPool) {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><div id=app></div>",
    )
    .unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/app.js"), "console.log(1)").unwrap();
    let mut cfg = AppConfig::local();
    cfg.web_dir = Some(web.path().to_owned());
    cfg.client_config =
        Some(json!({"chainId": 31337, "contracts": {}, "rpcUrl": "http://127.0.0.1:8545"}));
    let app = graphql_api::app_with(pool, cfg);

    // GraphiQL: its page and every asset it loads come from this server.
    let (s, page, _) = get(&app, "/graphql").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("GraphiQL") && !page.contains("://"),
        "no CDN URL: {page}"
    );
    for src in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        assert!(page.contains(&format!("/graphql/assets/{src}")));
        let (s, body, h) = get(&app, &format!("/graphql/assets/{src}")).await;
        assert_eq!(s, 200, "{src}");
        assert_eq!(h["content-encoding"], "gzip");
        assert!(body.len() > 1000);
    }
    assert_eq!(get(&app, "/graphql/assets/nope.js").await.0, 404);

    // The web client, with history-mode fallback.
    let (s, body, _) = get(&app, "/assets/app.js").await;
    assert_eq!((s, body.as_str()), (200, "console.log(1)"));
    for path in ["/", "/task-market/", "/product-page/?productId=3"] {
        let (s, body, _) = get(&app, path).await;
        assert_eq!(s, 200, "{path}");
        assert!(body.contains("id=app"), "{path}: {body}");
    }

    let (s, body, _) = get(&app, "/config.json").await;
    assert_eq!(s, 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["chainId"],
        31337
    );

    call(&app, "{ indexerStatus { chainId } }", json!({}), None).await;
    call(&app, "{ nope }", json!({}), None).await;
    // /metrics is not on the API's port, only on its own listener (METRICS_ADDR).
    // (With a web client, the path falls back to its index.html.)
    assert!(
        !get(&app, "/metrics")
            .await
            .1
            .contains("api_graphql_requests_total")
    );
    let (s, m, _) = get(&graphql_api::metrics_app(), "/metrics").await;
    assert_eq!(s, 200);
    for name in [
        "api_graphql_requests_total",
        "api_graphql_request_errors_total",
        "api_graphql_request_seconds_bucket",
        "api_ws_connections",
    ] {
        assert!(m.contains(name), "{name} in {m}");
    }
    let total = m
        .lines()
        .find(|l| l.starts_with("api_graphql_requests_total "))
        .unwrap();
    assert!(
        total.split(' ').nth(1).unwrap().parse::<u64>().unwrap() >= 2,
        "{total}"
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn aliases_are_limited(pool: MySqlPool) {
    let app = graphql_api::app(pool);
    let q = |n: usize| {
        let fields: Vec<String> = (0..n)
            .map(|i| format!("a{i}: indexerStatus {{ chainId }}"))
            .collect();
        format!("{{ {} }}", fields.join(" "))
    };
    let ok = call(&app, &q(30), json!({}), None).await;
    assert!(ok.get("errors").is_none(), "{ok}");
    let r = call(&app, &q(31), json!({}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("aliases"),
        "{r}"
    );
}
