//! Issue 11, "API and web server hardening", against a real server: the API's router
//! behind its own connection loop (`graphql_api::server::serve`) on a loopback port,
//! spoken to over raw TCP and real WebSockets.

mod support;

use futures_util::{SinkExt as _, StreamExt as _};
use graphql_api::{AppConfig, auth::mail::Mailer, limits::QueryLimits, server::ConnLimits};
use serde_json::{Value, json};
use sqlx::MySqlPool;
use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};
use support::*;
use tokio::{
    io::{AsyncReadExt as _, AsyncWriteExt as _},
    net::{TcpListener, TcpStream},
};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest as _},
};

/// Serves `app` on a fresh loopback port with `limits`.
async fn start(app: axum::Router, limits: ConnLimits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(graphql_api::server::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    addr
}

/// A response read off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {self:?}"))
    }
}

/// Reads one response (the connection is `Connection: close`) within 10 s.
async fn read_reply(s: &mut TcpStream) -> Reply {
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        let mut chunk = [0u8; 8192];
        loop {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .expect("the server answered and closed within 10 s");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        head: head.to_owned(),
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// POSTs a GraphQL request from source address `src` (any 127.x.y.z), with a token.
async fn gql_from(
    addr: SocketAddr,
    src: [u8; 4],
    query: &str,
    variables: Value,
    token: Option<&str>,
) -> Value {
    let sock = tokio::net::TcpSocket::new_v4().unwrap();
    sock.bind(SocketAddr::from((src, 0))).unwrap();
    let mut s = sock.connect(addr).await.unwrap();
    let body = json!({ "query": query, "variables": variables }).to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    s.write_all(
        format!(
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    read_reply(&mut s).await.json()
}

/// POSTs `body` to /graphql with `content_type` and returns the reply.
async fn post(addr: SocketAddr, content_type: Option<&str>, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = content_type {
        head.push_str(&format!("Content-Type: {t}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    // The server may answer (and close) before the whole body is sent.
    let _ = s.write_all(body).await;
    read_reply(&mut s).await
}

async fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    read_reply(&mut s).await
}

fn gql(query: &str) -> Vec<u8> {
    json!({ "query": query }).to_string().into_bytes()
}

fn message(v: &Value) -> &str {
    v["errors"][0]["message"].as_str().unwrap_or("")
}

// ---------------------------------------------------------------------------------
// 1. Request bodies: a limit, enforced before buffering; no multipart.

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn bodies_over_the_limit_are_refused_before_they_are_read(pool: MySqlPool) {
    let addr = start(graphql_api::app(pool), ConnLimits::default()).await;

    // A 300 MB body announced by Content-Length: 413 at once, with not a byte sent.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /graphql HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 300000000\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let r = read_reply(&mut s).await;
    assert_eq!(r.status, 413, "{r:?}");
    assert_eq!(code(&r.json()), "PAYLOAD_TOO_LARGE", "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(3));

    // A chunked body (no length announced) is cut off once it passes the limit.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /graphql HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        .await
        .unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..40 {
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
        if s.write_all(&frame).await.is_err() {
            break;
        }
    }
    let r = read_reply(&mut s).await;
    assert_eq!(r.status, 413, "{r:?}");

    // Just under the limit, padding and all, still runs.
    let padded = json!({
        "query": "{ indexerStatus { chainId } }",
        "extensions": { "pad": "x".repeat(1000 * 1000) }
    })
    .to_string();
    let r = post(addr, Some("application/json"), padded.as_bytes()).await;
    assert_eq!(r.status, 200, "{r:?}");

    // Multipart (uploads) is refused whatever its size.
    let r = post(
        addr,
        Some("multipart/form-data; boundary=x"),
        b"--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n--x--\r\n",
    )
    .await;
    assert_eq!(r.status, 415, "{r:?}");
    assert_eq!(code(&r.json()), "UNSUPPORTED_MEDIA_TYPE");
    assert!(message(&r.json()).contains("multipart"), "{r:?}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_body_limit_is_configurable(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.max_body_bytes = 100;
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;
    let small = gql("{ indexerStatus { chainId } }");
    assert!(small.len() < 100);
    assert_eq!(
        post(addr, Some("application/json"), &small).await.status,
        200
    );
    let big = gql(&format!(
        "{{ indexerStatus {{ chainId }} }} #{}",
        "x".repeat(100)
    ));
    assert_eq!(post(addr, Some("application/json"), &big).await.status, 413);
}

// ---------------------------------------------------------------------------------
// 13. Only JSON posts run: no cross-site "simple" requests.

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn only_json_posts_are_executed(pool: MySqlPool) {
    let addr = start(graphql_api::app(pool.clone()), ConnLimits::default()).await;
    let mutation = gql("mutation { putContent(json: \"{}\") }");
    for ct in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let r = post(addr, ct, &mutation).await;
        assert_eq!(r.status, 415, "{ct:?}: {r:?}");
        assert_eq!(code(&r.json()), "UNSUPPORTED_MEDIA_TYPE", "{ct:?}");
    }
    let stored: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored.0, 0, "no refused request ran its mutation");
    for ct in [
        "application/json",
        "application/json; charset=utf-8",
        "application/graphql-response+json",
    ] {
        let r = post(addr, Some(ct), &gql("{ indexerStatus { chainId } }")).await;
        assert_eq!(r.status, 200, "{ct}: {r:?}");
    }
}

// ---------------------------------------------------------------------------------
// 15. Short, stable error messages; nothing echoed whole; metrics apart; a flag for
//     introspection and suggestions.

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn malformed_requests_get_short_stable_messages(pool: MySqlPool) {
    let addr = start(graphql_api::app(pool), ConnLimits::default()).await;
    for body in [
        br#"{"query": "{ a }\ud800x"}"#.as_slice(),
        b"{\"query\": ",
        b"[1, 2]",
        b"{\"query\": 5}",
        b"\xff\xfe",
    ] {
        let r = post(addr, Some("application/json"), body).await;
        assert_eq!(r.status, 400, "{r:?}");
        let v = r.json();
        assert_eq!(code(&v), "BAD_REQUEST", "{v}");
        let m = message(&v);
        assert!(m.len() < 200, "{m}");
        for internal in ["InvalidRequest", "Error(", "ParseRequestError", "serde"] {
            assert!(!m.contains(internal), "{m}");
        }
    }
    // A huge invalid query is not echoed back: every message is capped.
    let garbage = format!("{{ {} }}", "é".repeat(30_000));
    let r = post(addr, Some("application/json"), &gql(&garbage)).await;
    assert_eq!(r.status, 200, "{r:?}");
    for e in r.json()["errors"].as_array().unwrap() {
        let m = e["message"].as_str().unwrap();
        assert!(m.chars().count() <= 301, "{} chars", m.chars().count());
    }
    let unknown = format!("{{ {} }}", "x".repeat(5_000));
    let r = post(addr, Some("application/json"), &gql(&unknown)).await;
    assert!(r.body.len() < 2_000, "{} bytes back", r.body.len());
    // A query document over 64 KiB is refused as such.
    let long = format!("{{ indexerStatus {{ chainId }} }} #{}", "x".repeat(70_000));
    let r = post(addr, Some("application/json"), &gql(&long)).await;
    assert_eq!(r.status, 400, "{r:?}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn metrics_are_served_apart_from_the_api(pool: MySqlPool) {
    let addr = start(graphql_api::app(pool), ConnLimits::default()).await;
    assert_eq!(
        post(
            addr,
            Some("application/json"),
            &gql("{ indexerStatus { chainId } }")
        )
        .await
        .status,
        200
    );
    let r = get(addr, "/metrics").await;
    assert_eq!(r.status, 404, "/metrics is not on the public port: {r:?}");
    let metrics = start(graphql_api::metrics_app(), ConnLimits::default()).await;
    let r = get(metrics, "/metrics").await;
    assert_eq!(r.status, 200);
    for name in [
        "api_graphql_requests_total",
        "api_requests_refused_total",
        "api_db_pool_timeouts_total",
        "api_ws_connections",
    ] {
        assert!(r.body.contains(name), "{name} in {}", r.body);
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn introspection_and_suggestions_follow_the_flag(pool: MySqlPool) {
    let on = start(graphql_api::app(pool.clone()), ConnLimits::default()).await;
    let r = post(
        on,
        Some("application/json"),
        &gql("{ __schema { queryType { name } } }"),
    )
    .await;
    assert_eq!(
        r.json()["data"]["__schema"]["queryType"]["name"],
        "QueryRoot",
        "{r:?}"
    );
    let r = post(
        on,
        Some("application/json"),
        &gql("{ tsks { totalCount } }"),
    )
    .await;
    assert!(message(&r.json()).contains("Did you mean"), "{r:?}");
    assert_eq!(get(on, "/graphql").await.status, 200);

    let mut cfg = AppConfig::local();
    cfg.limits.query.introspection = false;
    let off = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;
    for q in [
        "{ __schema { queryType { name } } }",
        "{ __type(name: \"Task\") { name } }",
        "query { ...F } fragment F on QueryRoot { __schema { types { name } } }",
    ] {
        let r = post(off, Some("application/json"), &gql(q)).await;
        let v = r.json();
        assert_eq!(code(&v), "BAD_INPUT", "{q}: {v}");
        assert!(v["data"].is_null(), "{v}");
    }
    let r = post(
        off,
        Some("application/json"),
        &gql("{ tsks { totalCount } }"),
    )
    .await;
    let m = message(&r.json()).to_owned();
    assert!(m.contains("tsks") && !m.contains("Did you mean"), "{m}");
    let r = post(
        off,
        Some("application/json"),
        &gql("{ __typename indexerStatus { chainId } }"),
    )
    .await;
    assert!(r.json().get("errors").is_none(), "{r:?}");
    assert_eq!(get(off, "/graphql").await.status, 404);
}

// ---------------------------------------------------------------------------------
// 12. Security headers.

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn pages_carry_a_strict_policy_and_graphiql_runs_no_inline_script(pool: MySqlPool) {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><div id=app></div><script type=module src=/assets/app.js></script>",
    )
    .unwrap();
    let mut cfg = AppConfig::local();
    cfg.web_dir = Some(web.path().to_owned());
    cfg.client_config = Some(
        json!({"chainId": 31337, "contracts": {}, "rpcUrl": "https://rpc.example.org:8545/key"}),
    );
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;

    for path in ["/", "/task-market/"] {
        let r = get(addr, path).await;
        assert_eq!(r.status, 200, "{path}");
        let csp = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: {r:?}"));
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("{name} in {csp}"))
                .to_owned()
        };
        assert_eq!(directive("script-src"), "script-src 'self'", "{csp}");
        assert_eq!(
            directive("connect-src"),
            "connect-src 'self' https://rpc.example.org:8545",
            "{csp}"
        );
        assert_eq!(directive("frame-ancestors"), "frame-ancestors 'none'");
        assert_eq!(directive("object-src"), "object-src 'none'");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
    }
    // Non-HTML answers carry nosniff and the referrer policy too.
    let r = post(
        addr,
        Some("application/json"),
        &gql("{ indexerStatus { chainId } }"),
    )
    .await;
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));

    // GraphiQL: no inline script, and its policy allows none.
    let r = get(addr, "/graphql").await;
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").unwrap();
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(!script_src.contains("unsafe-eval"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let inline_scripts = r
        .body
        .split("<script")
        .skip(1)
        .filter(|tag| !tag.split('>').next().unwrap_or("").contains("src="))
        .count();
    assert_eq!(inline_scripts, 0, "{}", r.body);
    assert!(!r.body.contains("<style"), "{}", r.body);
    for asset in ["/graphql/assets/init.js", "/graphql/assets/page.css"] {
        let r = get(addr, asset).await;
        assert_eq!(r.status, 200, "{asset}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    assert!(
        get(addr, "/graphql/assets/init.js")
            .await
            .body
            .contains("createFetcher")
    );
}

// ---------------------------------------------------------------------------------
// 10. Slow and idle connections.

const SLOW: ConnLimits = ConnLimits {
    header_read_timeout: Duration::from_secs(1),
    idle_timeout: Duration::from_secs(2),
};

/// Whether the server closed `s` within `within` while the client kept trickling
/// `drip` (if any) every 200 ms.
async fn closed_within(s: &mut TcpStream, within: Duration, drip: Option<&[u8]>) -> bool {
    let deadline = Instant::now() + within;
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        if let Some(d) = drip
            && s.write_all(d).await.is_err()
        {
            return true;
        }
        match tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
            Err(_) => {}
        }
    }
    false
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn slow_and_idle_connections_are_closed(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.body_read_timeout = Duration::from_secs(1);
    let addr = start(graphql_api::app_with(pool, cfg), SLOW).await;

    // Headers trickled a byte at a time: cut off after the header timeout.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /graphql HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    assert!(closed_within(&mut s, Duration::from_secs(4), Some(b"X")).await);
    assert!(started.elapsed() >= Duration::from_millis(800));

    // A connection that never says anything.
    let mut s = TcpStream::connect(addr).await.unwrap();
    assert!(closed_within(&mut s, Duration::from_secs(4), None).await);

    // A body trickled after complete headers: 408 once the body deadline passes.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /graphql HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").await.unwrap();
    let trickle = async {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if s.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(1500), trickle).await;
    let r = read_reply(&mut s).await;
    assert_eq!(r.status, 408, "{r:?}");
    assert_eq!(code(&r.json()), "REQUEST_TIMEOUT");

    // A kept-alive connection that asks nothing more is closed as well.
    let mut s = TcpStream::connect(addr).await.unwrap();
    let body = gql("{ indexerStatus { chainId } }");
    s.write_all(
        format!(
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    s.write_all(&body).await.unwrap();
    let mut first = [0u8; 12];
    s.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert!(closed_within(&mut s, Duration::from_secs(4), None).await);

    // Many trickling connections at once are all let go.
    let mut conns = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        conns.push(s);
    }
    let results = futures_util::future::join_all(
        conns
            .iter_mut()
            .map(|s| closed_within(s, Duration::from_secs(5), Some(b"X"))),
    )
    .await;
    assert!(results.iter().all(|c| *c), "{results:?}");

    // And a normal request still works.
    assert_eq!(
        post(
            addr,
            Some("application/json"),
            &gql("{ indexerStatus { chainId } }")
        )
        .await
        .status,
        200
    );
}

// ---------------------------------------------------------------------------------
// 3. Query cost grows with `first:`; a per-IP budget; pool starvation logged once.

/// 30 aliases of tasks(first: 100) → publisher → memberships → community → creator.
fn thirty_alias_query() -> String {
    let fields: Vec<String> = (0..30)
        .map(|i| {
            format!(
                "a{i}: tasks(first: 100) {{ nodes {{ publisher {{ memberships {{ community {{ creator {{ username }} }} }} }} }} }}"
            )
        })
        .collect();
    format!("{{ {} }}", fields.join(" "))
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn query_cost_multiplies_page_sizes_down_nested_lists(pool: MySqlPool) {
    let app = graphql_api::app(pool);
    let r = call(&app, &thirty_alias_query(), json!({}), None).await;
    assert_eq!(code(&r), "QUERY_TOO_COMPLEX", "{r}");
    assert!(r["data"].is_null(), "{r}");

    // The same shape once, or with small pages, is fine; a variable `first` counts
    // as its value.
    let one = "{ tasks(first: 100) { nodes { publisher { memberships { community { creator { username } } } } } } }";
    let r = call(&app, one, json!({}), None).await;
    assert!(r.get("errors").is_none(), "{r}");
    let nested = "query($n: Int) { communities(first: $n) { nodes { id name creator { memberships { community { creator { memberships { communityId } } } } } } } }";
    let r = call(&app, nested, json!({"n": 5}), None).await;
    assert!(r.get("errors").is_none(), "{r}");
    let r = call(&app, nested, json!({"n": 100}), None).await;
    assert_eq!(code(&r), "QUERY_TOO_COMPLEX", "{r}");
    assert!(message(&r).contains("first"), "{r}");

    // The web client's heaviest pages stay far below the budget.
    let tasks_page = "query($first: Int) { tasks(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { id title status communityId community { id name theme pointsToken pointsSymbol } publisherAddress publisher { address username verified } claimerAddress reward rewardToken deadline createdAt updatedAt commentCount spec { hash json text verified } source { blockNumber txHash } } } }";
    let r = call(&app, tasks_page, json!({"first": 100}), None).await;
    assert!(r.get("errors").is_none(), "{r}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn each_address_has_a_query_budget(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.query = QueryLimits::new(10_000, 500);
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;
    // 100 tasks with two fields each: about 200 a query.
    let q = gql("{ tasks(first: 100) { nodes { id title } } }");
    for _ in 0..2 {
        let r = post(addr, Some("application/json"), &q).await;
        assert!(r.json().get("errors").is_none(), "{r:?}");
    }
    let r = post(addr, Some("application/json"), &q).await;
    assert_eq!(code(&r.json()), "RATE_LIMITED", "{r:?}");
    // Cheap queries still fit what is left.
    let r = post(
        addr,
        Some("application/json"),
        &gql("{ indexerStatus { chainId } }"),
    )
    .await;
    assert!(r.json().get("errors").is_none(), "{r:?}");
}

/// Log lines of one target, collected.
#[derive(Clone, Default)]
struct Lines(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Lines {
    fn on_event(&self, e: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if e.metadata().target() == "graphql_api::pool" {
            let fields: Vec<&str> = e.metadata().fields().iter().map(|f| f.name()).collect();
            self.0.lock().unwrap().push(fields.join(","));
        }
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn pool_starvation_is_logged_once_per_interval(pool: MySqlPool) {
    use tracing_subscriber::layer::SubscriberExt as _;
    let lines = Lines::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(lines.clone()));
    let opts = pool.connect_options();
    let small = sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_millis(100))
        .connect_with((*opts).clone())
        .await
        .unwrap();
    graphql_api::pool::watch_starvation(
        small.clone(),
        1,
        Duration::from_millis(20),
        Duration::from_millis(400),
    );
    let app = graphql_api::app(small.clone());
    let held = small.acquire().await.unwrap();
    let started = Instant::now();
    let mut internal = 0;
    for _ in 0..20 {
        let r = call(&app, "{ tasks(first: 1) { totalCount } }", json!({}), None).await;
        if code(&r) == "INTERNAL" {
            internal += 1;
        }
    }
    tokio::time::sleep(Duration::from_millis(900)).await;
    let intervals = (started.elapsed().as_millis() / 400) as usize + 1;
    drop(held);
    assert_eq!(internal, 20, "every request found the pool exhausted");
    let lines = lines.0.lock().unwrap().clone();
    // The timeouts: one line (then one per 10 s), not one per request.
    let timeouts = lines.iter().filter(|l| l.contains("suppressed")).count();
    assert_eq!(timeouts, 1, "{lines:?}");
    // The watcher: at most one line per 400 ms interval.
    let watcher = lines.iter().filter(|l| l.contains("busy_samples")).count();
    assert!(
        (1..=intervals).contains(&watcher),
        "{watcher} lines in {intervals} intervals: {lines:?}"
    );
}

// ---------------------------------------------------------------------------------
// 8. Crafted cursors.

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn crafted_cursors_are_bad_input_not_a_panic(pool: MySqlPool) {
    let app = graphql_api::app(pool);
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    for cursor in [
        "bzoxODQ0Njc0NDA3MzcwOTU1MTYxNQ".to_owned(), // o:18446744073709551615
        b64("o:18446744073709551614"),
        b64("o:99999999999999999999999"),
        b64("o:-1"),
        b64("o:"),
        "%%%".to_owned(),
        "A".repeat(5000),
    ] {
        for q in [
            "query($c: String) { tasks(after: $c) { totalCount nodes { id } } }",
            "query($c: String) { users(after: $c) { nodes { address } } }",
            "query($c: String) { posts(first: 100, after: $c) { pageInfo { hasNextPage endCursor } } }",
        ] {
            let r = call(&app, q, json!({"c": cursor}), None).await;
            assert_eq!(code(&r), "BAD_INPUT", "{cursor}: {r}");
        }
    }
}

// ---------------------------------------------------------------------------------
// 11 and 2. WebSockets: limits, duplicate ids, and sessions that end.

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn ws_connect(addr: SocketAddr, protocol: &str, token: Option<&str>) -> Result<Ws, String> {
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("sec-websocket-protocol", protocol.parse().unwrap());
    let (mut ws, _) = connect_async(req).await.map_err(|e| e.to_string())?;
    let payload = match token {
        Some(t) => json!({"Authorization": format!("Bearer {t}")}),
        None => json!({}),
    };
    ws.send(Message::text(
        json!({"type": "connection_init", "payload": payload}).to_string(),
    ))
    .await
    .unwrap();
    let ack = ws_next(&mut ws).await;
    assert_eq!(ack.unwrap()["type"], "connection_ack");
    Ok(ws)
}

/// The next JSON message, or `Err(close code)` when the server closes.
async fn ws_next(ws: &mut Ws) -> Result<Value, u16> {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a message within 10 s");
        match m {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if !matches!(v["type"].as_str(), Some("ping" | "pong" | "ka")) {
                    return Ok(v);
                }
            }
            Some(Ok(Message::Close(frame))) => {
                return Err(frame.map(|f| u16::from(f.code)).unwrap_or(1005));
            }
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return Err(1006),
        }
    }
}

async fn ws_subscribe(ws: &mut Ws, kind: &str, id: &str, query: &str) {
    ws.send(Message::text(
        json!({"id": id, "type": kind, "payload": {"query": query}}).to_string(),
    ))
    .await
    .unwrap();
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn websockets_are_limited_per_socket_and_per_address(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.ws.max_operations = 3;
    cfg.limits.ws.max_per_ip = 2;
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;

    let mut ws = ws_connect(addr, "graphql-transport-ws", None)
        .await
        .unwrap();
    for i in 0..3 {
        ws_subscribe(
            &mut ws,
            "subscribe",
            &format!("s{i}"),
            "subscription { blockIndexed { number } }",
        )
        .await;
    }
    ws_subscribe(
        &mut ws,
        "subscribe",
        "s3",
        "subscription { blockIndexed { number } }",
    )
    .await;
    let m = ws_next(&mut ws).await.unwrap();
    assert_eq!(
        (m["type"].as_str(), m["id"].as_str()),
        (Some("error"), Some("s3")),
        "{m}"
    );
    assert_eq!(
        m["payload"][0]["extensions"]["code"], "TOO_MANY_OPERATIONS",
        "{m}"
    );
    // Completing one frees its place.
    ws.send(Message::text(
        json!({"id": "s0", "type": "complete"}).to_string(),
    ))
    .await
    .unwrap();
    let m = ws_next(&mut ws).await.unwrap();
    assert_eq!(
        (m["type"].as_str(), m["id"].as_str()),
        (Some("complete"), Some("s0")),
        "{m}"
    );
    ws_subscribe(&mut ws, "subscribe", "q1", "{ indexerStatus { chainId } }").await;
    let m = ws_next(&mut ws).await.unwrap();
    assert_eq!(
        (m["type"].as_str(), m["id"].as_str()),
        (Some("next"), Some("q1")),
        "{m}"
    );
    assert_eq!(ws_next(&mut ws).await.unwrap()["type"], "complete");

    // A second socket is fine, a third from the same address is refused, and a
    // closed one gives its place back.
    let second = ws_connect(addr, "graphql-transport-ws", None)
        .await
        .unwrap();
    let third = ws_connect(addr, "graphql-transport-ws", None).await;
    assert!(third.unwrap_err().contains("429"));
    drop(second);
    let mut again = None;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Ok(ws) = ws_connect(addr, "graphql-transport-ws", None).await {
            again = Some(ws);
            break;
        }
    }
    assert!(again.is_some(), "a closed socket's place is given back");

    // A duplicate id closes the socket with 4409 (graphql-transport-ws).
    ws_subscribe(
        &mut ws,
        "subscribe",
        "s1",
        "subscription { blockIndexed { number } }",
    )
    .await;
    assert_eq!(ws_next(&mut ws).await, Err(4409));
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn websocket_messages_have_the_body_limit_and_capped_errors(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.max_body_bytes = 10_000;
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;
    let mut ws = ws_connect(addr, "graphql-transport-ws", None)
        .await
        .unwrap();
    // An unknown field with a long name: the error comes back, its message capped.
    let long = format!("{{ {} }}", "x".repeat(5_000));
    ws_subscribe(&mut ws, "subscribe", "a", &long).await;
    let m = ws_next(&mut ws).await.unwrap();
    let msg = m["payload"]["errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{m}"));
    assert!(msg.chars().count() <= 301, "{} chars", msg.chars().count());
    // A message over the limit is not run, and ends the socket.
    ws_subscribe(
        &mut ws,
        "subscribe",
        "b",
        &format!("{{ indexerStatus {{ chainId }} }} #{}", "x".repeat(20_000)),
    )
    .await;
    while let Ok(m) = ws_next(&mut ws).await {
        assert_ne!(m["id"], "b", "{m}");
    }
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_older_protocol_gets_an_error_for_a_duplicate_id(pool: MySqlPool) {
    let addr = start(graphql_api::app(pool), ConnLimits::default()).await;
    let mut ws = ws_connect(addr, "graphql-ws", None).await.unwrap();
    ws_subscribe(
        &mut ws,
        "start",
        "a",
        "subscription { blockIndexed { number } }",
    )
    .await;
    ws_subscribe(
        &mut ws,
        "start",
        "a",
        "subscription { blockIndexed { number } }",
    )
    .await;
    let m = ws_next(&mut ws).await.unwrap();
    assert_eq!(
        (m["type"].as_str(), m["id"].as_str()),
        (Some("error"), Some("a")),
        "{m}"
    );
    assert_eq!(
        m["payload"][0]["extensions"]["code"],
        "DUPLICATE_OPERATION_ID"
    );
    // The socket and the first operation live on.
    ws_subscribe(&mut ws, "start", "b", "{ indexerStatus { chainId } }").await;
    let m = ws_next(&mut ws).await.unwrap();
    assert_eq!(
        (m["type"].as_str(), m["id"].as_str()),
        (Some("data"), Some("b")),
        "{m}"
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn signing_out_closes_the_sessions_open_sockets(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.ws.session_check = Duration::from_millis(200);
    let app = graphql_api::app_with(pool.clone(), cfg);
    let at = start(app.clone(), ConnLimits::default()).await;
    let me = signer(1);
    user(&pool, 1, &addr(&me), "alice").await;

    // Signed out: every socket of that session closes within a few seconds.
    let token = sign_in(&app, &me).await;
    let mut a = ws_connect(at, "graphql-transport-ws", Some(&token))
        .await
        .unwrap();
    let mut b = ws_connect(at, "graphql-ws", Some(&token)).await.unwrap();
    ws_subscribe(&mut a, "subscribe", "me", "{ me { username } }").await;
    assert_eq!(
        ws_next(&mut a).await.unwrap()["payload"]["data"]["me"]["username"],
        "alice"
    );
    assert_eq!(ws_next(&mut a).await.unwrap()["type"], "complete");
    let other = sign_in(&app, &me).await;
    let mut kept = ws_connect(at, "graphql-transport-ws", Some(&other))
        .await
        .unwrap();
    let r = call(&app, "mutation { signOut }", json!({}), Some(&token)).await;
    assert_eq!(r["data"]["signOut"], true, "{r}");
    let started = Instant::now();
    assert_eq!(ws_next(&mut a).await, Err(4403));
    assert_eq!(ws_next(&mut b).await, Err(4403));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Another session of the same account keeps its socket.
    ws_subscribe(&mut kept, "subscribe", "me", "{ me { username } }").await;
    assert_eq!(
        ws_next(&mut kept).await.unwrap()["payload"]["data"]["me"]["username"],
        "alice"
    );

    // Expired (or revoked by a password change or reset: the same row): closed too.
    sqlx::query("UPDATE session SET expires_at = 1")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(ws_next(&mut kept).await.unwrap()["type"], "complete");
    assert_eq!(ws_next(&mut kept).await, Err(4403));
    // A socket without a token is not affected.
    let mut anon = ws_connect(at, "graphql-transport-ws", None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    ws_subscribe(&mut anon, "subscribe", "s", "{ indexerStatus { chainId } }").await;
    assert_eq!(ws_next(&mut anon).await.unwrap()["type"], "next");
}

// ---------------------------------------------------------------------------------
// 5, 6, 14 and part of 4: passwords, reset links, SIWE, contact changes.

const LOGIN: &str =
    "mutation($l: String!, $p: String!) { signInWithPassword(login: $l, password: $p) { token } }";

/// An account with a verified email, a phone and a password, straight into the tables.
async fn account(pool: &MySqlPool, address: &str, email: &str, phone: &str, password: &str) {
    sqlx::query("INSERT INTO account (address, email, email_verified, phone, password_hash, updated_at) VALUES (?, ?, 1, ?, ?, 0)")
        .bind(address)
        .bind(email)
        .bind(phone)
        .bind(graphql_api::auth::password::hash(password).unwrap())
        .execute(pool)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_password_budget_is_the_accounts_whatever_the_spelling(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let at = start(app, ConnLimits::default()).await;
    let alice = signer(1);
    user(&pool, 1, &addr(&alice), "alice").await;
    account(
        &pool,
        &addr(&alice),
        "alice@example.com",
        "+8613800138000",
        "the right one",
    )
    .await;

    // A stranger at 127.0.0.2 guesses five times on the email...
    for i in 0..5 {
        let r = gql_from(
            at,
            [127, 0, 0, 2],
            LOGIN,
            json!({"l": "alice@example.com", "p": format!("guess {i}")}),
            None,
        )
        .await;
        assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    }
    // ...and gets no fresh guesses through other spellings of the same account.
    for login in [
        "ALICE@example.com",
        "+86 138 0013 8000",
        "+86-13800138000",
        "+86 (138) 0013-8000",
        "alice",
        "Alice",
    ] {
        let r = gql_from(
            at,
            [127, 0, 0, 2],
            LOGIN,
            json!({"l": login, "p": "another guess"}),
            None,
        )
        .await;
        assert_eq!(code(&r), "RATE_LIMITED", "{login}: {r}");
    }
    // The owner, elsewhere, is not locked out, by any spelling.
    let r = gql_from(
        at,
        [127, 0, 0, 3],
        LOGIN,
        json!({"l": "+86 138 0013 8000", "p": "the right one"}),
        None,
    )
    .await;
    assert!(r["data"]["signInWithPassword"]["token"].is_string(), "{r}");

    // Strangers at many addresses: past ten failures the account's next attempt waits
    // (1 s, 2 s, … up to 5 min), a delay rather than a lock.
    for ip in 4..6u8 {
        for i in 0..5 {
            let r = gql_from(
                at,
                [127, 0, 0, ip],
                LOGIN,
                json!({"l": "alice", "p": format!("guess {i}")}),
                None,
            )
            .await;
            assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
        }
    }
    let r = gql_from(
        at,
        [127, 0, 0, 6],
        LOGIN,
        json!({"l": "alice", "p": "guess"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "the 11th failure: {r}");
    let r = gql_from(
        at,
        [127, 0, 0, 7],
        LOGIN,
        json!({"l": "alice", "p": "the right one"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");
    assert!(message(&r).contains("try again in 1 s"), "{r}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = gql_from(
        at,
        [127, 0, 0, 7],
        LOGIN,
        json!({"l": "alice", "p": "the right one"}),
        None,
    )
    .await;
    assert!(r["data"]["signInWithPassword"]["token"].is_string(), "{r}");
}

/// The reset links mailed to `dir` so far, oldest first.
fn reset_tokens(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let mail = std::fs::read_to_string(f).unwrap();
            let flat = mail
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=");
            let at = flat
                .find("token=")
                .unwrap_or_else(|| panic!("no link in {mail}"))
                + 6;
            flat[at..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect()
        })
        .collect()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_reset_or_a_password_change_voids_every_other_reset_link(pool: MySqlPool) {
    let mail = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::local();
    cfg.auth.mailer =
        Mailer::new(None, mail.path().to_owned(), "Game <no-reply@localhost>").unwrap();
    let app = graphql_api::app_with(pool.clone(), cfg);
    let alice = signer(1);
    user(&pool, 1, &addr(&alice), "alice").await;
    account(
        &pool,
        &addr(&alice),
        "alice@example.com",
        "+8613800138000",
        "first password",
    )
    .await;
    let request = "mutation { requestPasswordReset(email: \"alice@example.com\") }";
    let reset = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }";

    call(&app, request, json!({}), None).await;
    call(&app, request, json!({}), None).await;
    let tokens = reset_tokens(mail.path());
    assert_eq!(tokens.len(), 2);
    let r = call(
        &app,
        reset,
        json!({"t": tokens[1], "p": "second password"}),
        None,
    )
    .await;
    assert_eq!(r["data"]["resetPassword"], true, "{r}");
    let r = call(
        &app,
        reset,
        json!({"t": tokens[0], "p": "attacker password"}),
        None,
    )
    .await;
    assert_eq!(
        code(&r),
        "BAD_INPUT",
        "the older link died with the reset: {r}"
    );

    // A password change voids outstanding links too.
    call(&app, request, json!({}), None).await;
    let t3 = reset_tokens(mail.path())[2].clone();
    let token = sign_in(&app, &alice).await;
    let r = call(
        &app,
        "mutation { setPassword(password: \"third password\", currentPassword: \"second password\") }",
        json!({}),
        Some(&token),
    )
    .await;
    assert_eq!(r["data"]["setPassword"], true, "{r}");
    let r = call(
        &app,
        reset,
        json!({"t": t3, "p": "attacker password"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let r = call(
        &app,
        LOGIN,
        json!({"l": "alice", "p": "third password"}),
        None,
    )
    .await;
    assert!(r["data"]["signInWithPassword"]["token"].is_string(), "{r}");
}

/// A fresh nonce.
async fn nonce(app: &axum::Router) -> String {
    let n = call(app, "mutation { siweNonce }", json!({}), None).await;
    n["data"]["siweNonce"].as_str().unwrap().to_owned()
}

const SIGN_IN: &str =
    "mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn siwe_checks_the_uri_origin_and_refuses_high_s_signatures(pool: MySqlPool) {
    let app = graphql_api::app(pool);
    let who = signer(2);
    // The URI must be on the SIWE domain, over http(s).
    for uri in [
        "https://evil.example/login",
        "ftp://localhost/",
        "http://localhost.evil.example/",
        "urn:localhost",
    ] {
        let msg = siwe_message(&who, "localhost", 31337, &nonce(&app).await)
            .replace("URI: http://localhost", &format!("URI: {uri}"));
        let r = call(
            &app,
            SIGN_IN,
            json!({"m": msg, "s": sign(&who, &msg)}),
            None,
        )
        .await;
        assert_eq!(code(&r), "UNAUTHENTICATED", "{uri}: {r}");
        assert!(message(&r).contains("URI"), "{r}");
    }
    let msg = siwe_message(&who, "localhost", 31337, &nonce(&app).await).replace(
        "URI: http://localhost",
        "URI: https://localhost/sign-in?next=/tasks",
    );
    let r = call(
        &app,
        SIGN_IN,
        json!({"m": msg, "s": sign(&who, &msg)}),
        None,
    )
    .await;
    assert!(r["data"]["signIn"]["token"].is_string(), "{r}");

    // The same signature in its high-s form (s' = n - s, v flipped) recovers the same
    // signer, and is refused.
    let msg = siwe_message(&who, "localhost", 31337, &nonce(&app).await);
    let low = hex::decode(sign(&who, &msg).trim_start_matches("0x")).unwrap();
    let n = alloy::primitives::U256::from_str_radix(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        16,
    )
    .unwrap();
    let s = alloy::primitives::U256::from_be_slice(&low[32..64]);
    let mut high = low.clone();
    high[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    high[64] = if low[64] == 27 { 28 } else { 27 };
    let r = call(
        &app,
        SIGN_IN,
        json!({"m": msg, "s": format!("0x{}", hex::encode(&high))}),
        None,
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    assert!(message(&r).contains("EIP-2"), "{r}");
    let r = call(
        &app,
        SIGN_IN,
        json!({"m": msg, "s": format!("0x{}", hex::encode(&low))}),
        None,
    )
    .await;
    assert!(
        r["data"]["signIn"]["token"].is_string(),
        "the low-s form still works: {r}"
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn contact_changes_are_rate_limited(pool: MySqlPool) {
    let app = graphql_api::app(pool);
    let token = sign_in(&app, &signer(1)).await;
    let q = "mutation($p: String) { updateContact(phone: $p) { phone } }";
    for i in 0..10 {
        let r = call(
            &app,
            q,
            json!({"p": format!("1380013800{i}")}),
            Some(&token),
        )
        .await;
        assert!(r.get("errors").is_none(), "{r}");
    }
    let r = call(&app, q, json!({"p": "13800138011"}), Some(&token)).await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");
}

// ---------------------------------------------------------------------------------
// 4 and 9: contacts reveal no owner; an unverified claim never blocks the owner; mail
// to one address is limited whoever asks.

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn contact_claims_reveal_no_owner_and_never_block_the_verified_owner(pool: MySqlPool) {
    let mail = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::local();
    cfg.auth.mailer =
        Mailer::new(None, mail.path().to_owned(), "Game <no-reply@localhost>").unwrap();
    let app = graphql_api::app_with(pool.clone(), cfg);
    let (victim, squatter) = (signer(1), signer(2));
    user(&pool, 1, &addr(&victim), "victim").await;
    user(&pool, 2, &addr(&squatter), "squatter").await;
    let tv = sign_in(&app, &victim).await;
    let ts = sign_in(&app, &squatter).await;
    let contact = "mutation { updateContact(email: \"owner@example.com\", phone: \"+86 138 0013 8000\") { email phone emailVerified } }";

    // The squatter claims the victim's email and phone first; the victim's own claim
    // is answered exactly like anyone's (nothing says someone else has them).
    let a = call(&app, contact, json!({}), Some(&ts)).await;
    let b = call(&app, contact, json!({}), Some(&tv)).await;
    assert!(a.get("errors").is_none(), "{a}");
    assert_eq!(a, b);

    // The owner verifies; the squatter's unverified claim does not stand in the way.
    let r = call(
        &app,
        "mutation { requestEmailVerification }",
        json!({}),
        Some(&tv),
    )
    .await;
    assert_eq!(r["data"]["requestEmailVerification"], true, "{r}");
    let t = reset_tokens(mail.path()).pop().unwrap();
    let r = call(
        &app,
        "mutation($t: String!) { verifyEmail(token: $t) }",
        json!({"t": t}),
        None,
    )
    .await;
    assert_eq!(r["data"]["verifyEmail"], true, "{r}");

    // Both set passwords; the email signs in its verified owner only.
    for (token, pw) in [(&tv, "victim password"), (&ts, "squatter password")] {
        let r = call(
            &app,
            "mutation($p: String!) { setPassword(password: $p) }",
            json!({"p": pw}),
            Some(token),
        )
        .await;
        assert_eq!(r["data"]["setPassword"], true, "{r}");
    }
    let who = "mutation($l: String!, $p: String!) { signInWithPassword(login: $l, password: $p) { address } }";
    let r = call(
        &app,
        who,
        json!({"l": "owner@example.com", "p": "victim password"}),
        None,
    )
    .await;
    assert_eq!(
        r["data"]["signInWithPassword"]["address"],
        victim.address().to_checksum(None),
        "{r}"
    );
    let r = call(
        &app,
        who,
        json!({"l": "owner@example.com", "p": "squatter password"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    // A shared phone number signs in whichever account the password opens.
    let r = call(
        &app,
        who,
        json!({"l": "+8613800138000", "p": "squatter password"}),
        None,
    )
    .await;
    assert_eq!(
        r["data"]["signInWithPassword"]["address"],
        squatter.address().to_checksum(None),
        "{r}"
    );
    let r = call(
        &app,
        who,
        json!({"l": "+86-138-0013-8000", "p": "victim password"}),
        None,
    )
    .await;
    assert_eq!(
        r["data"]["signInWithPassword"]["address"],
        victim.address().to_checksum(None),
        "{r}"
    );

    // A verified email has one owner.
    let before = reset_tokens(mail.path()).len();
    let r = call(
        &app,
        "mutation { requestEmailVerification }",
        json!({}),
        Some(&ts),
    )
    .await;
    assert_eq!(r["data"]["requestEmailVerification"], true, "{r}");
    let t = reset_tokens(mail.path()).pop().unwrap();
    let r = call(
        &app,
        "mutation($t: String!) { verifyEmail(token: $t) }",
        json!({"t": t}),
        None,
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");

    // Mail to one address: three an hour, however many accounts ask.
    let r = call(
        &app,
        "mutation { requestEmailVerification }",
        json!({}),
        Some(&ts),
    )
    .await;
    assert_eq!(r["data"]["requestEmailVerification"], true, "{r}");
    let r = call(
        &app,
        "mutation { requestEmailVerification }",
        json!({}),
        Some(&ts),
    )
    .await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");
    assert_eq!(reset_tokens(mail.path()).len(), before + 2);
}

// ---------------------------------------------------------------------------------
// 7. The content store: byte budgets, a total cap, and pruning documents no chain
//    row names.

fn doc(tag: &str, bytes: usize) -> String {
    format!("{{\"tag\":\"{tag}\",\"text\":\"{}\"}}", "x".repeat(bytes))
}

const PUT: &str = "mutation($j: String!) { putContent(json: $j) }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_content_store_has_byte_budgets_and_a_total_cap(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.content = graphql_api::content::ContentLimits {
        bytes_per_account_hour: 200_000,
        bytes_per_ip_hour: 300_000,
        max_total_bytes: 10_000_000,
    };
    let app = graphql_api::app_with(pool.clone(), cfg);
    let (t1, t2) = (
        sign_in(&app, &signer(1)).await,
        sign_in(&app, &signer(2)).await,
    );
    for i in 0..3 {
        let r = call(
            &app,
            PUT,
            json!({"j": doc(&format!("a{i}"), 60_000)}),
            Some(&t1),
        )
        .await;
        assert!(r["data"]["putContent"].is_string(), "{r}");
    }
    let r = call(&app, PUT, json!({"j": doc("a3", 60_000)}), Some(&t1)).await;
    assert_eq!(code(&r), "QUOTA_EXCEEDED", "{r}");
    assert!(message(&r).contains("account"), "{r}");
    // A fresh account on the same address meets the address's budget.
    let r = call(&app, PUT, json!({"j": doc("b0", 60_000)}), Some(&t2)).await;
    assert!(r["data"]["putContent"].is_string(), "{r}");
    let r = call(&app, PUT, json!({"j": doc("b1", 60_000)}), Some(&t2)).await;
    assert_eq!(code(&r), "QUOTA_EXCEEDED", "{r}");
    assert!(message(&r).contains("address"), "{r}");

    // The whole store's cap.
    let mut cfg = AppConfig::local();
    cfg.limits.content.max_total_bytes = 300_000;
    let full = graphql_api::app_with(pool.clone(), cfg);
    let t3 = sign_in(&full, &signer(3)).await;
    let r = call(&full, PUT, json!({"j": doc("c0", 60_000)}), Some(&t3)).await;
    assert_eq!(code(&r), "QUOTA_EXCEEDED", "{r}");
    assert!(message(&r).contains("full"), "{r}");
    let r = call(&full, PUT, json!({"j": doc("c1", 10)}), Some(&t3)).await;
    assert!(
        r["data"]["putContent"].is_string(),
        "a small one still fits: {r}"
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn prune_content_removes_old_documents_no_chain_row_names(pool: MySqlPool) {
    use graphql_api::content::put;
    let named = put(&pool, &doc("named by a post", 10), None).await.unwrap();
    let profile = put(&pool, &doc("named by a profile", 10), None)
        .await
        .unwrap();
    let orphan = put(&pool, &doc("named by nothing", 1000), None)
        .await
        .unwrap();
    let recent = put(&pool, &doc("too recent to prune", 10), None)
        .await
        .unwrap();
    community(&pool, 1, "c", "t").await;
    support::post(&pool, 1, 1, "title", &named, 5).await;
    user(
        &pool,
        1,
        "0x00000000000000000000000000000000000000cc",
        "carol",
    )
    .await;
    sqlx::query("UPDATE `User` SET profile_hash = ?")
        .bind(&profile)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE content SET created_at = 1000 WHERE hash <> ?")
        .bind(&recent)
        .execute(&pool)
        .await
        .unwrap();

    let db = pool.connect_options().get_database().unwrap().to_owned();
    let base = std::env::var("DATABASE_URL").unwrap();
    let url = format!("{}/{db}", base.rsplit_once('/').unwrap().0);
    let run = |dry: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_graphql-api"));
        c.arg("prune-content")
            .env("DATABASE_URL", &url)
            .env("CONTENT_PRUNE_GRACE_SECS", "3600");
        if dry {
            c.arg("--dry-run");
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let out = run(true);
    assert!(out.contains("would remove 1 of 3"), "{out}");
    let left = |pool: MySqlPool| async move {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT CAST(hash AS CHAR) FROM content ORDER BY hash")
                .fetch_all(&pool)
                .await
                .unwrap();
        rows.into_iter().map(|r| r.0).collect::<Vec<_>>()
    };
    assert_eq!(
        left(pool.clone()).await.len(),
        4,
        "a dry run removes nothing"
    );
    let out = run(false);
    assert!(out.contains("removed 1 of 3"), "{out}");
    let mut expected = vec![named, profile, recent];
    expected.sort();
    assert_eq!(left(pool.clone()).await, expected);
    assert!(!left(pool).await.contains(&orphan));
}

// ---------------------------------------------------------------------------------
// 16. Memory after a hostile phase.

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn memory_stays_bounded_through_a_hostile_phase(pool: MySqlPool) {
    let db = pool.connect_options().get_database().unwrap().to_owned();
    let base = std::env::var("DATABASE_URL").unwrap();
    let url = format!("{}/{db}", base.rsplit_once('/').unwrap().0);
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_graphql-api"))
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("LISTEN_ADDR", listen.to_string())
        .env("RUST_LOG", "error")
        .env("QUERY_COST_PER_IP_MINUTE", "0")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let pid = child.id();
    let _kill = Kill(child);
    for _ in 0..200 {
        if TcpStream::connect(listen).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ok = post(
        listen,
        Some("application/json"),
        &gql("{ indexerStatus { chainId } }"),
    )
    .await;
    assert_eq!(ok.status, 200);
    let before = status_kb(pid, "VmRSS:");

    // 40 clients each push 50 MB (announced, then chunked), 40 multipart bodies, 40
    // alias bombs and 100 sockets, all at once.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        tasks.spawn(async move {
            let mut s = TcpStream::connect(listen).await.unwrap();
            let head = if i % 2 == 0 {
                "POST /graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n".to_owned()
            } else {
                "POST /graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned()
            };
            s.write_all(head.as_bytes()).await.unwrap();
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..50 {
                let frame = if i % 2 == 0 {
                    chunk.clone()
                } else {
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat()
                };
                if s.write_all(&frame).await.is_err() {
                    break;
                }
            }
        });
        tasks.spawn(async move {
            post(
                listen,
                Some("multipart/form-data; boundary=x"),
                &vec![b'x'; 2 << 20],
            )
            .await;
        });
        tasks.spawn(async move {
            post(
                listen,
                Some("application/json"),
                &gql(&thirty_alias_query()),
            )
            .await;
        });
    }
    for _ in 0..100 {
        tasks.spawn(async move {
            let _ = ws_connect(listen, "graphql-transport-ws", None).await;
        });
    }
    while tasks.join_next().await.is_some() {}
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = status_kb(pid, "VmRSS:");
    let peak = status_kb(pid, "VmHWM:");
    eprintln!("RSS before {before} kB, after {after} kB, peak {peak} kB");
    // 2 GB were sent; the server held at most a body limit's worth per request.
    assert!(
        peak < 200 * 1024,
        "peak RSS {peak} kB (before: {before} kB)"
    );
    assert!(
        after < before + 100 * 1024,
        "RSS after {after} kB, before {before} kB"
    );
    let ok = post(
        listen,
        Some("application/json"),
        &gql("{ indexerStatus { chainId } }"),
    )
    .await;
    assert_eq!(ok.status, 200, "still serving");
}
