//! Issue 11, "API and web server hardening", against a real server: the API's router
//! behind its own connection loop (`graphql_api::server::serve`) on a loopback port,
//! spoken to over raw TCP and real WebSockets.

mod support;

use futures_util::{SinkExt as _, StreamExt as _};
use graphql_api::{AppConfig, limits::QueryLimits, server::ConnLimits};
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
    tungstenite::{Message, client::IntoClientRequest as _, protocol::frame::coding::CloseCode},
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
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
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
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes())
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

#[sqlx::test(migrations = "../indexer/migrations")]
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

#[sqlx::test(migrations = "../indexer/migrations")]
async fn the_body_limit_is_configurable(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.max_body_bytes = 100;
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;
    let small = gql("{ indexerStatus { chainId } }");
    assert!(small.len() < 100);
    assert_eq!(post(addr, Some("application/json"), &small).await.status, 200);
    let big = gql(&format!("{{ indexerStatus {{ chainId }} }} #{}", "x".repeat(100)));
    assert_eq!(post(addr, Some("application/json"), &big).await.status, 413);
}

// ---------------------------------------------------------------------------------
// 13. Only JSON posts run: no cross-site "simple" requests.

#[sqlx::test(migrations = "../indexer/migrations")]
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

#[sqlx::test(migrations = "../indexer/migrations")]
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

#[sqlx::test(migrations = "../indexer/migrations")]
async fn metrics_are_served_apart_from_the_api(pool: MySqlPool) {
    let addr = start(graphql_api::app(pool), ConnLimits::default()).await;
    assert_eq!(post(addr, Some("application/json"), &gql("{ indexerStatus { chainId } }")).await.status, 200);
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

#[sqlx::test(migrations = "../indexer/migrations")]
async fn introspection_and_suggestions_follow_the_flag(pool: MySqlPool) {
    let on = start(graphql_api::app(pool.clone()), ConnLimits::default()).await;
    let r = post(on, Some("application/json"), &gql("{ __schema { queryType { name } } }")).await;
    assert_eq!(r.json()["data"]["__schema"]["queryType"]["name"], "QueryRoot", "{r:?}");
    let r = post(on, Some("application/json"), &gql("{ tsks { totalCount } }")).await;
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
    let r = post(off, Some("application/json"), &gql("{ tsks { totalCount } }")).await;
    let m = message(&r.json()).to_owned();
    assert!(m.contains("tsks") && !m.contains("Did you mean"), "{m}");
    let r = post(off, Some("application/json"), &gql("{ __typename indexerStatus { chainId } }")).await;
    assert!(r.json().get("errors").is_none(), "{r:?}");
    assert_eq!(get(off, "/graphql").await.status, 404);
}

// ---------------------------------------------------------------------------------
// 12. Security headers.

#[sqlx::test(migrations = "../indexer/migrations")]
async fn pages_carry_a_strict_policy_and_graphiql_runs_no_inline_script(pool: MySqlPool) {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><div id=app></div><script type=module src=/assets/app.js></script>",
    )
    .unwrap();
    let mut cfg = AppConfig::local();
    cfg.web_dir = Some(web.path().to_owned());
    cfg.client_config = Some(json!({"chainId": 31337, "contracts": {}, "rpcUrl": "https://rpc.example.org:8545/key"}));
    let addr = start(graphql_api::app_with(pool, cfg), ConnLimits::default()).await;

    for path in ["/", "/task-market/"] {
        let r = get(addr, path).await;
        assert_eq!(r.status, 200, "{path}");
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{path}: {r:?}"));
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
    let r = post(addr, Some("application/json"), &gql("{ indexerStatus { chainId } }")).await;
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
    assert!(get(addr, "/graphql/assets/init.js").await.body.contains("createFetcher"));
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

#[sqlx::test(migrations = "../indexer/migrations")]
async fn slow_and_idle_connections_are_closed(pool: MySqlPool) {
    let mut cfg = AppConfig::local();
    cfg.limits.body_read_timeout = Duration::from_secs(1);
    let addr = start(graphql_api::app_with(pool, cfg), SLOW).await;

    // Headers trickled a byte at a time: cut off after the header timeout.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /graphql HTTP/1.1\r\nHost: localhost\r\n").await.unwrap();
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
    assert_eq!(post(addr, Some("application/json"), &gql("{ indexerStatus { chainId } }")).await.status, 200);
}
