//! The response cache through the router, on a real MySQL: an answer served from the
//! cache is never stale (a block commit, a reorg and an API write are each visible to
//! the next read) and never another caller's (private fields, `me`, refused tokens).
//! Also: persisted queries, `ETag`/`If-None-Match`, `GET /graphql`, and the IP budget
//! still charged for answers served from the cache.

use axum::{
    Router,
    body::Body,
    http::{Request, Response, StatusCode, header},
};
use graphql_api::{AppConfig, limits::QueryLimits};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use sqlx::MySqlPool;
use tower::ServiceExt as _;

mod support;
use support::{addr, code, indexer_at, sign_in, signer, task, user};

const TASKS: &str = "{ tasks(first: 5) { totalCount nodes { id title status } } }";

async fn post(app: &Router, body: Value, headers: &[(&str, &str)]) -> Response<Body> {
    let mut req = Request::post("/graphql").header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap()
}

async fn json_of(r: Response<Body>) -> Value {
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&bytes)))
}

async fn ask(app: &Router, query: &str, token: Option<&str>) -> (Value, Option<String>, String) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
    let r = post(app, json!({ "query": query }), &headers).await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r
        .headers()
        .get(header::ETAG)
        .map(|v| v.to_str().unwrap().to_owned());
    let cc = r
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (json_of(r).await, etag, cc)
}

fn statuses(v: &Value) -> Vec<(String, String)> {
    v["data"]["tasks"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_owned(),
                t["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// What the indexer does for a block: its rows and its bookkeeping in one transaction.
async fn commit_block(pool: &MySqlPool, block: u64, hash: &str, task_id: u64, status: &str) {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("UPDATE Task SET task_status = ?, block_number = ? WHERE task_id = ?")
        .bind(status)
        .bind(block)
        .bind(task_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE indexer_state SET indexed_block = ?, indexed_hash = ?, head_block = ? WHERE id = 1",
    )
    .bind(block)
    .bind(hash)
    .bind(block)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn hash(n: u64) -> String {
    format!("0x{n:064x}")
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_block_commit_is_visible_to_the_next_read(pool: MySqlPool) {
    indexer_at(&pool, 10, &hash(0xa10)).await;
    task(&pool, 1, "Carry me through the raid", "发布", 10).await;
    task(&pool, 2, "Coach my ranked games", "发布", 10).await;
    let app = graphql_api::app(pool.clone());

    let (first, tag1, cc) = ask(&app, TASKS, None).await;
    assert_eq!(
        statuses(&first),
        [("2".into(), "OPEN".into()), ("1".into(), "OPEN".into())]
    );
    assert_eq!(
        cc, "public, no-cache",
        "an anonymous read that is kept says so"
    );
    let tag1 = tag1.expect("an anonymous kept answer has an ETag");
    // Served again (the same ETag: the same generation and request), and 304 for a
    // client that holds it.
    let (again, tag, _) = ask(&app, TASKS, None).await;
    assert_eq!((&again, tag.as_deref()), (&first, Some(tag1.as_str())));
    let r = post(&app, json!({ "query": TASKS }), &[("if-none-match", &tag1)]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.into_body().collect().await.unwrap().to_bytes().is_empty());

    // The indexer commits block 11 (task 1 claimed): the very next read sees it, under a
    // new ETag, and the old ETag no longer matches.
    commit_block(&pool, 11, &hash(0xa11), 1, "领取").await;
    let (after, tag2, _) = ask(&app, TASKS, None).await;
    assert_eq!(
        statuses(&after),
        [("2".into(), "OPEN".into()), ("1".into(), "CLAIMED".into())]
    );
    assert_ne!(tag2.as_deref(), Some(tag1.as_str()));
    let r = post(&app, json!({ "query": TASKS }), &[("if-none-match", &tag1)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(statuses(&json_of(r).await)[1].1, "CLAIMED");

    // A reorg replaces block 11 with another block 11 (task 1 back open, task 2
    // cancelled): same number, another hash, seen at once.
    commit_block(&pool, 11, &hash(0xb11), 1, "发布").await;
    commit_block(&pool, 11, &hash(0xb11), 2, "已取消").await;
    let (reorged, _, _) = ask(&app, TASKS, None).await;
    assert_eq!(
        statuses(&reorged),
        [
            ("2".into(), "CANCELLED".into()),
            ("1".into(), "OPEN".into())
        ]
    );

    // Something volatile is never kept: the chain's head moves with no block indexed.
    let status = "{ indexerStatus { headBlock indexedBlock } }";
    let (s1, tag, cc) = ask(&app, status, None).await;
    assert_eq!(s1["data"]["indexerStatus"]["headBlock"], 11);
    assert_eq!((tag, cc.as_str()), (None, "no-store"));
    sqlx::query("UPDATE indexer_state SET head_block = 15 WHERE id = 1")
        .execute(&pool)
        .await
        .unwrap();
    let (s2, _, _) = ask(&app, status, None).await;
    assert_eq!(s2["data"]["indexerStatus"]["headBlock"], 15);
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn an_api_write_is_visible_to_the_next_read(pool: MySqlPool) {
    indexer_at(&pool, 5, &hash(5)).await;
    let app = graphql_api::app(pool.clone());
    let token = sign_in(&app, &signer(1)).await;
    let doc = json!({"title": "攻略", "body": "Stage 3 boss: dodge left."}).to_string();
    let h = format!(
        "0x{}",
        hex::encode(alloy::primitives::keccak256(doc.as_bytes()))
    );
    let q = format!("{{ document(hash: \"{h}\") {{ hash text verified }} }}");
    let (before, _, _) = ask(&app, &q, None).await;
    assert_eq!(before["data"]["document"], Value::Null, "{before}");
    // The document arrives through the API at the same block: the next read has it.
    let put = support::call(
        &app,
        "mutation($j: String!) { putContent(json: $j) }",
        json!({ "j": doc }),
        Some(&token),
    )
    .await;
    assert_eq!(put["data"]["putContent"], h.as_str(), "{put}");
    let (after, _, _) = ask(&app, &q, None).await;
    assert_eq!(after["data"]["document"]["hash"], h.as_str(), "{after}");
    assert_eq!(after["data"]["document"]["verified"], true);
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_private_field_is_never_served_to_another_caller(pool: MySqlPool) {
    indexer_at(&pool, 3, &hash(3)).await;
    let (alice, bob) = (signer(1), signer(2));
    user(&pool, 1, &addr(&alice), "alice").await;
    user(&pool, 2, &addr(&bob), "bob").await;
    sqlx::query("INSERT INTO account (address, email, updated_at) VALUES (?, 'alice@example.com', 0), (?, 'bob@example.com', 0)")
        .bind(addr(&alice))
        .bind(addr(&bob))
        .execute(&pool)
        .await
        .unwrap();
    let app = graphql_api::app(pool.clone());
    let (ta, tb) = (sign_in(&app, &alice).await, sign_in(&app, &bob).await);
    let email = format!(
        "{{ user(address: \"{}\") {{ username email }} }}",
        addr(&alice)
    );

    // Alice reads her email; then the row changes behind the API's back (no block, no
    // API write), so an answer that still shows the old email came from the cache:
    // alice's second read does, proving her private answer is kept while bob and an
    // anonymous visitor ask the same query, and neither is ever served it.
    let (a, tag, cc) = ask(&app, &email, Some(&ta)).await;
    assert_eq!(a["data"]["user"]["email"], "alice@example.com", "{a}");
    assert_eq!(
        (tag, cc.as_str()),
        (None, "private, no-store"),
        "a signed-in answer is not for shared caches"
    );
    sqlx::query("UPDATE account SET email = 'changed@example.com' WHERE address = ?")
        .bind(addr(&alice))
        .execute(&pool)
        .await
        .unwrap();
    for _ in 0..2 {
        let (a, _, _) = ask(&app, &email, Some(&ta)).await;
        assert_eq!(
            a["data"]["user"]["email"], "alice@example.com",
            "served from the cache: {a}"
        );
        for (who, token) in [("bob", Some(tb.as_str())), ("anonymous", None)] {
            let (b, _, cc) = ask(&app, &email, token).await;
            assert!(
                !b.to_string().contains("example.com"),
                "{who} was served {b}"
            );
            assert_eq!(
                (code(&b), cc.as_str()),
                ("FORBIDDEN", "no-store"),
                "{who}: {b}"
            );
            assert_eq!(b["data"]["user"]["username"], "alice");
        }
    }
    // `me` is each caller's own, whoever asked first.
    for _ in 0..2 {
        for (token, name) in [
            (Some(&ta), Value::from("alice")),
            (Some(&tb), Value::from("bob")),
            (None, Value::Null),
        ] {
            let (m, _, _) = ask(&app, "{ me { username } }", token.map(|t| t.as_str())).await;
            assert_eq!(m["data"]["me"]["username"], name, "{m}");
        }
    }
    // A public answer asked for by alice is the same for bob and for anonymous.
    let public = "{ users(first: 5) { nodes { username } } }";
    let (pa, _, _) = ask(&app, public, Some(&ta)).await;
    let (pb, _, _) = ask(&app, public, Some(&tb)).await;
    let (pn, tag, _) = ask(&app, public, None).await;
    assert_eq!((&pa, &pb), (&pn, &pn));
    assert!(tag.is_some());
    // A refused token is never answered from the cache (nor kept): `me` is null for it,
    // and the email stays refused.
    let (bad, _, cc) = ask(&app, "{ me { username } }", Some("not-a-token")).await;
    assert_eq!(
        (&bad["data"]["me"], cc.as_str()),
        (&Value::Null, "no-store"),
        "{bad}"
    );
    let (bad, _, _) = ask(&app, &email, Some("not-a-token")).await;
    assert!(!bad.to_string().contains("example.com"), "{bad}");
    assert_eq!(code(&bad), "FORBIDDEN", "{bad}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn persisted_queries_get_and_the_ip_budget(pool: MySqlPool) {
    indexer_at(&pool, 3, &hash(3)).await;
    task(&pool, 1, "Speedrun route", "发布", 3).await;
    let mut cfg = AppConfig::local();
    // A budget of 40 a minute; the task page below costs 18 (tasks, totalCount, nodes,
    // and 5 × 3 fields).
    cfg.limits.query = QueryLimits::new(10_000, 40);
    let app = graphql_api::app_with(pool.clone(), cfg);

    // Persisted query: the hash alone is unknown; the text with its hash runs and is
    // kept; then the hash alone runs it. A text under another text's hash is refused.
    let sha = hex::encode(Sha256::digest(TASKS.as_bytes()));
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha } });
    let r = json_of(post(&app, json!({ "extensions": ext }), &[]).await).await;
    assert_eq!(code(&r), "PERSISTED_QUERY_NOT_FOUND", "{r}");
    let r = post(
        &app,
        json!({ "query": "{ me { username } }", "extensions": ext }),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = json_of(post(&app, json!({ "query": TASKS, "extensions": ext }), &[]).await).await;
    assert_eq!(r["data"]["tasks"]["totalCount"], 1, "{r}");
    let r = json_of(post(&app, json!({ "extensions": ext }), &[]).await).await;
    assert_eq!(
        r["data"]["tasks"]["nodes"][0]["title"], "Speedrun route",
        "{r}"
    );

    // The budget is spent by answers from the cache as by computed ones: the second
    // answer came from the cache (18 + 18), and a third would pass 40.
    let r = json_of(post(&app, json!({ "query": TASKS }), &[]).await).await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");

    // GET: a query runs (and is revalidated by its ETag); a mutation is refused, not run.
    let app = graphql_api::app(pool.clone());
    let url = format!("/graphql?query={}", urlencode(TASKS));
    let r = app
        .clone()
        .oneshot(Request::get(&url).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let tag = r.headers()[header::ETAG].clone();
    assert_eq!(json_of(r).await["data"]["tasks"]["totalCount"], 1);
    let r = app
        .clone()
        .oneshot(
            Request::get(&url)
                .header("if-none-match", tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    let m = format!("/graphql?query={}", urlencode("mutation { siweNonce }"));
    let r = app
        .clone()
        .oneshot(Request::get(&m).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(code(&json_of(r).await), "METHOD_NOT_ALLOWED");
    let nonces: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_token")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(nonces, 0, "the refused mutation did not run");
    let r = app
        .clone()
        .oneshot(
            Request::get("/graphql?query=%7B&variables=%5B")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Without a query: GraphiQL, as before.
    let r = app
        .clone()
        .oneshot(Request::get("/graphql").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(
        r.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

/// `s` as a URL query value.
fn urlencode(s: &str) -> String {
    let url =
        alloy::transports::http::reqwest::Url::parse_with_params("http://x/", [("q", s)]).unwrap();
    url.query().unwrap().trim_start_matches("q=").to_owned()
}
