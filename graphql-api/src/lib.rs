//! The GraphQL API over the MySQL read model. It reads MySQL, never the chain: the
//! indexer keeps the read model faithful to the contracts. It alone writes the
//! off-chain data (contacts, password hashes, sessions, content documents).

pub mod auth;
pub mod banners;
pub mod config;
pub mod content;
pub mod error;
pub mod http;
pub mod limits;
pub mod live;
pub mod media;
pub mod metrics;
pub mod migrations;
pub mod notifications;
pub mod outbox;
pub mod pool;
pub mod relayer;
pub mod repo;
pub mod reports;
pub mod response_cache;
pub mod schema;
pub mod server;
pub mod siwe;
pub mod unsubscribe;
pub mod ws;

use async_graphql::{Data, http::ALL_WEBSOCKET_PROTOCOLS};
use async_graphql_axum::GraphQLProtocol;
use auth::{Auth, RequestInfo};
use axum::{
    Extension, Json, Router,
    body::Body,
    extract::{ConnectInfo, Query, State, WebSocketUpgrade},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use limits::QueryLimits;
use schema::ApiSchema;
use sqlx::MySqlPool;
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

/// The request, query and WebSocket limits (see the README's Security section).
#[derive(Debug)]
pub struct Limits {
    /// The largest `POST /graphql` body, in bytes (`MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive (`BODY_READ_TIMEOUT_SECS`).
    pub body_read_timeout: Duration,
    /// Query cost per operation and per IP.
    pub query: QueryLimits,
    /// WebSocket limits.
    pub ws: ws::WsLimits,
    /// The content store's byte budgets.
    pub content: content::ContentLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            body_read_timeout: Duration::from_secs(30),
            query: QueryLimits::default(),
            ws: ws::WsLimits::default(),
            content: content::ContentLimits::default(),
        }
    }
}

/// What the HTTP application needs besides the database.
pub struct AppConfig {
    /// Accounts and sessions.
    pub auth: Auth,
    /// The web client's built files.
    pub web_dir: Option<PathBuf>,
    /// `/config.json` for the web client (the deployment plus the public RPC URL).
    pub client_config: Option<serde_json::Value>,
    /// How often subscriptions poll the indexer's progress.
    pub live_poll: Duration,
    /// Request, query and WebSocket limits.
    pub limits: Limits,
    /// The relayer of sponsored requests, when one runs (`RELAYER_KEY`).
    pub relayer: Option<Arc<relayer::Relayer>>,
    /// The response cache's budget in bytes (`RESPONSE_CACHE_MB`; 0: no answer is kept).
    pub response_cache_bytes: usize,
}

impl AppConfig {
    /// A local configuration: a random session key, SIWE domain `localhost`, mail
    /// written to a temporary folder, no web client, the default limits.
    pub fn local() -> Self {
        Self {
            auth: Auth {
                keys: auth::jwt::Keys::random(),
                siwe_domain: "localhost".into(),
                siwe_origin: None,
                session_ttl: Duration::from_secs(24 * 3600),
                nonce_ttl: Duration::from_secs(600),
                public_url: "http://localhost".into(),
                mailer: auth::mail::Mailer::new(
                    None,
                    std::env::temp_dir().join("graphql-api-mail"),
                    "Game Community <no-reply@localhost>",
                )
                .expect("a valid From address"),
                limiter: Default::default(),
                backoff: Default::default(),
            },
            web_dir: None,
            client_config: None,
            live_poll: Duration::from_millis(50),
            limits: Limits::default(),
            relayer: None,
            response_cache_bytes: 64 << 20,
        }
    }
}

#[derive(Clone)]
struct AppState {
    pool: MySqlPool,
    schema: ApiSchema,
    auth: Arc<Auth>,
    client_config: Option<Arc<serde_json::Value>>,
    max_body_bytes: usize,
    body_read_timeout: Duration,
    query: Arc<QueryLimits>,
    quota: Arc<content::Quota>,
    ws: ws::WsLimits,
    slots: Arc<ws::IpSlots>,
    sessions: ws::SessionWatch,
    relayer: Option<Arc<relayer::Relayer>>,
    reads: Arc<response_cache::Reads>,
}

/// The relayer's part of `/healthz`: its sponsor and balance; a balance under
/// RELAYER_MIN_BALANCE_WEI makes the status "degraded" (still 200: reads work, only
/// sponsored writes are at risk).
fn relayer_health(r: &relayer::Relayer) -> (serde_json::Value, bool) {
    let b = r.balance();
    let low = b.is_some_and(|b| b.low);
    (
        serde_json::json!({
            "sponsor": r.chain.sponsor.to_checksum(None),
            "balanceWei": b.map(|b| b.wei.to_string()),
            "minBalanceWei": r.settings.min_balance.to_string(),
            "low": low,
        }),
        low,
    )
}

async fn healthz(State(st): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&st.pool).await {
        Ok(_) => {
            let mut body = serde_json::json!({"status": "ok"});
            if let Some(r) = &st.relayer {
                let (health, low) = relayer_health(r);
                body["relayer"] = health;
                if low {
                    body["status"] = "degraded".into();
                    body["warning"] = "the relayer's sponsor balance is low".into();
                }
            }
            (StatusCode::OK, Json(body))
        }
        Err(e) => {
            tracing::warn!(target: "graphql_api", error = %e, "database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "degraded", "error": "database unreachable"})),
            )
        }
    }
}

/// Who is asking: the peer's IP and, with a valid bearer token, the signed-in caller.
async fn request_info(
    st: &AppState,
    peer: Option<SocketAddr>,
    authorization: Option<&str>,
) -> RequestInfo {
    let mut info = RequestInfo {
        ip: peer_ip(peer),
        caller: None,
        token_error: None,
    };
    let Some(value) = authorization else {
        return info;
    };
    let Some(token) = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
    else {
        info.token_error = Some("the Authorization header must be `Bearer <token>`".into());
        return info;
    };
    match st.auth.authenticate(&st.pool, token.trim()).await {
        Ok(Ok(c)) => info.caller = Some(c),
        Ok(Err(why)) => info.token_error = Some(why),
        Err(e) => {
            tracing::error!(target: "graphql_api", error = %e, "checking a session failed");
            info.token_error = Some("the session could not be checked; try again".into());
        }
    }
    info
}

fn peer_ip(peer: Option<SocketAddr>) -> std::net::IpAddr {
    peer.map(|p| p.ip())
        .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
}

async fn graphql_post(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let req =
        match http::read_request(&headers, body, st.max_body_bytes, st.body_read_timeout).await {
            Ok(r) => r,
            Err(refusal) => {
                metrics::REQUESTS_REFUSED.inc();
                return refusal;
            }
        };
    answer(&st, peer, &headers, req, false).await
}

/// Runs a request read from a body or a query string (see [`response_cache::answer`]).
async fn answer(
    st: &AppState,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: &HeaderMap,
    req: async_graphql::Request,
    via_get: bool,
) -> Response {
    let authz = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let info = request_info(st, peer.map(|p| (p.0).0), authz).await;
    let exec = response_cache::Exec {
        pool: &st.pool,
        schema: &st.schema,
        query: &st.query,
        quota: &st.quota,
    };
    response_cache::answer(&st.reads, exec, req, info, via_get, headers).await
}

/// `GET /graphql`: a query in the URL (`?query=…&variables=…&operationName=…`, or a
/// persisted query's `extensions`), which anonymous callers and shared caches can
/// revalidate with its `ETag`; mutations are refused (405). Without one: GraphiQL.
async fn graphql_get(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let Some(qs) = uri.query().filter(|q| {
        q.split('&')
            .any(|kv| kv.starts_with("query=") || kv.starts_with("extensions="))
    }) else {
        return graphiql(State(st)).await;
    };
    if qs.len() > http::MAX_QUERY_BYTES {
        metrics::REQUESTS_REFUSED.inc();
        return http::refuse(
            StatusCode::URI_TOO_LONG,
            "URI_TOO_LONG",
            &format!(
                "the query string is longer than {} bytes; send it with POST",
                http::MAX_QUERY_BYTES
            ),
        );
    }
    let req = match async_graphql::http::parse_query_string(qs) {
        Ok(r) => r,
        Err(_) => {
            metrics::REQUESTS_REFUSED.inc();
            return http::refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the query string is not a GraphQL request (query, variables and extensions as JSON, operationName)",
            );
        }
    };
    answer(&st, peer, &headers, req, true).await
}

/// The `token` query parameter.
#[derive(serde::Deserialize)]
struct TokenParam {
    token: Option<String>,
}

/// `GET /unsubscribe?token=…`: the confirmation page.
async fn unsubscribe_page(State(st): State<AppState>, q: Query<TokenParam>) -> Response {
    unsubscribe::confirm(&st.pool, q.token.as_deref()).await
}

/// `POST /unsubscribe?token=…`: unsubscribes (the page's button, one-click clients).
async fn unsubscribe_post(State(st): State<AppState>, q: Query<TokenParam>) -> Response {
    let r = unsubscribe::apply(&st.pool, q.token.as_deref()).await;
    if r.status().is_success() {
        response_cache::scope::bump_epoch(&st.pool).await;
    }
    r
}

/// `POST /media`: a signed-in player's image (raw bytes, `Content-Type: image/…`),
/// re-encoded and stored; answers `{hash, contentType, width, height, byteSize}`.
/// Refusals carry the GraphQL error shape with a code (401, 413, 415, 422, 429).
async fn media_post(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let authz = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let info = request_info(&st, peer.map(|p| (p.0).0), authz).await;
    let Some(caller) = info.caller else {
        let why = info
            .token_error
            .unwrap_or_else(|| "sign in to upload images".into());
        return http::refuse(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", &why);
    };
    let declared = http::media_type(&headers);
    if !declared.as_deref().is_some_and(|t| t.starts_with("image/")) {
        return http::refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the image's bytes with Content-Type: image/png, image/jpeg, image/gif or image/webp",
        );
    }
    let key = format!("media:{}", caller.address);
    if let Err(wait) = st.auth.limiter.hit(&key, auth::rules::MEDIA_PER_ACCOUNT) {
        metrics::RATE_LIMITED.inc();
        return http::refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            &format!(
                "too many images from this account; try again in {} s",
                wait.as_secs().max(1)
            ),
        );
    }
    let bytes = match http::read_body(
        &headers,
        body,
        media::MAX_UPLOAD_BYTES,
        st.body_read_timeout,
    )
    .await
    {
        Ok(b) => b,
        Err(refusal) => return refusal,
    };
    // Decoding is CPU work: off the async threads, at most two at a time.
    static DECODERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let Ok(_permit) = DECODERS.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let normalized =
        tokio::task::spawn_blocking(move || media::normalize(&bytes, declared.as_deref())).await;
    let img = match normalized {
        Ok(Ok(img)) => img,
        Ok(Err(e)) => {
            let status = match &e {
                media::MediaError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                media::MediaError::Unsupported | media::MediaError::Mismatch { .. } => {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                }
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return http::refuse(status, e.code(), &e.to_string());
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let n = u32::try_from(img.bytes.len() + img.thumb.len()).unwrap_or(u32::MAX);
    let internal = |e: sqlx::Error| {
        tracing::error!(target: "graphql_api", error = %e, "storing an image failed");
        http::refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "the image could not be stored; try again",
        )
    };
    match content::charge(
        &st.pool,
        &st.auth.limiter,
        &st.quota,
        info.ip,
        Some(&caller.address),
        n,
    )
    .await
    {
        Err(e) => return internal(e),
        Ok(Err(refusal)) => {
            return http::refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "QUOTA_EXCEEDED",
                &refusal.message(),
            );
        }
        Ok(Ok(())) => {}
    }
    match media::put(&st.pool, &img, Some(&caller.address)).await {
        Ok(hash) => {
            st.quota.stored(u64::from(n));
            response_cache::scope::bump_epoch(&st.pool).await;
            Json(serde_json::json!({
                "hash": hash,
                "contentType": img.content_type,
                "width": img.width,
                "height": img.height,
                "byteSize": img.bytes.len(),
            }))
            .into_response()
        }
        Err(e) => internal(e),
    }
}

async fn media_full(st: State<AppState>, hash: axum::extract::Path<String>) -> Response {
    media_get(st, hash, false).await
}

async fn media_thumb(st: State<AppState>, hash: axum::extract::Path<String>) -> Response {
    media_get(st, hash, true).await
}

/// An image by its hash: immutable (the hash names exactly these bytes), sandboxed so a
/// browser never runs it as a page.
async fn media_get(
    State(st): State<AppState>,
    axum::extract::Path(hash): axum::extract::Path<String>,
    thumb: bool,
) -> Response {
    if schema::content::parse_hash(&hash).is_err() {
        return (StatusCode::NOT_FOUND, "no such image").into_response();
    }
    match media::get(&st.pool, &hash, thumb).await {
        Ok(Some((content_type, bytes))) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(&content_type)
                        .unwrap_or(HeaderValue::from_static("application/octet-stream")),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("default-src 'none'; sandbox"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("inline"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such image").into_response(),
        Err(e) => {
            tracing::error!(target: "graphql_api", error = %e, "reading an image failed");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}

async fn graphql_ws(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let peer = peer.map(|p| (p.0).0);
    let Some(slot) = st.slots.acquire(peer_ip(peer), st.ws.max_per_ip) else {
        metrics::RATE_LIMITED.inc();
        return http::refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            &format!(
                "at most {} WebSockets may be open from one address",
                st.ws.max_per_ip
            ),
        );
    };
    let transport_ws = headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(ws::is_transport_ws);
    // A WebSocket message is held whole like a body: the same limit.
    upgrade
        .max_message_size(st.max_body_bytes)
        .max_frame_size(st.max_body_bytes)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let _slot = slot;
            metrics::WS_CONNECTIONS.inc();
            let (caller_tx, caller_rx) = tokio::sync::oneshot::channel();
            let st2 = st.clone();
            let init = move |params: serde_json::Value| async move {
                let authz = params
                    .get("Authorization")
                    .or_else(|| params.get("authorization"))
                    .and_then(|v| v.as_str())
                    .map(str::to_owned);
                let info = request_info(&st2, peer, authz.as_deref()).await;
                if authz.is_some() && info.caller.is_none() {
                    return Err(async_graphql::Error::new(
                        info.token_error.unwrap_or_else(|| "invalid token".into()),
                    ));
                }
                if let Some(c) = &info.caller {
                    let _ = caller_tx.send(c.clone());
                }
                let mut data = Data::default();
                data.insert(info);
                data.insert(st2.query.clone());
                data.insert(st2.quota.clone());
                Ok(data)
            };
            let setup = ws::Setup {
                schema: st.schema.clone(),
                protocol,
                transport_ws,
                sessions: st.sessions.clone(),
                limits: st.ws,
                suggestions: st.query.introspection,
            };
            ws::run(socket, setup, init, caller_rx).await;
            metrics::WS_CONNECTIONS.dec();
        })
}

const GRAPHIQL_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · Game Community API</title>
<link rel="stylesheet" href="/graphql/assets/graphiql.min.css">
<link rel="stylesheet" href="/graphql/assets/page.css">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphql/assets/react.production.min.js"></script>
<script src="/graphql/assets/react-dom.production.min.js"></script>
<script src="/graphql/assets/graphiql.min.js"></script>
<script src="/graphql/assets/init.js"></script>
</body>
</html>
"#;

/// GraphiQL's start-up, a file of its own so that the page's policy allows no inline
/// script.
const GRAPHIQL_INIT: &str = r#"(function () {
  const token = localStorage.getItem('session.token');
  const fetcher = GraphiQL.createFetcher({
    url: '/graphql',
    headers: token ? { Authorization: 'Bearer ' + token } : {},
  });
  ReactDOM.createRoot(document.getElementById('graphiql'))
    .render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
})();
"#;

const GRAPHIQL_PAGE_CSS: &str = "html,body,#graphiql{height:100%;margin:0}\n";

async fn graphiql(State(st): State<AppState>) -> Response {
    if !st.query.introspection {
        return (
            StatusCode::NOT_FOUND,
            "GraphiQL is off on this server (INTROSPECTION=false)",
        )
            .into_response();
    }
    (
        [(header::CONTENT_SECURITY_POLICY, http::GRAPHIQL_CSP)],
        Html(GRAPHIQL_HTML),
    )
        .into_response()
}

/// GraphiQL and React, vendored from npm (see `assets/graphiql/README.md`), gzipped;
/// and the page's own script and style.
fn graphiql_asset(name: &str) -> Option<(&'static [u8], &'static str, bool)> {
    Some(match name {
        "graphiql.min.js" => (
            include_bytes!("../assets/graphiql/graphiql.min.js.gz").as_slice(),
            "text/javascript",
            true,
        ),
        "graphiql.min.css" => (
            include_bytes!("../assets/graphiql/graphiql.min.css.gz").as_slice(),
            "text/css",
            true,
        ),
        "react.production.min.js" => (
            include_bytes!("../assets/graphiql/react.production.min.js.gz").as_slice(),
            "text/javascript",
            true,
        ),
        "react-dom.production.min.js" => (
            include_bytes!("../assets/graphiql/react-dom.production.min.js.gz").as_slice(),
            "text/javascript",
            true,
        ),
        "init.js" => (GRAPHIQL_INIT.as_bytes(), "text/javascript", false),
        "page.css" => (GRAPHIQL_PAGE_CSS.as_bytes(), "text/css", false),
        _ => return None,
    })
}

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    match graphiql_asset(&name) {
        Some((body, mime, gzipped)) => {
            let mut r = (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=86400"),
                    ),
                ],
                body,
            )
                .into_response();
            if gzipped {
                r.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            r
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn prometheus() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics::render(),
    )
}

/// `/metrics` alone, for the separate listener on `METRICS_ADDR` (never the public
/// port).
pub fn metrics_app() -> Router {
    Router::new().route("/metrics", get(prometheus))
}

async fn client_config(State(st): State<AppState>) -> Response {
    match &st.client_config {
        Some(c) => Json(c.as_ref().clone()).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "no deployment configured (DEPLOYMENTS)",
        )
            .into_response(),
    }
}

/// The HTTP application with a local configuration ([`AppConfig::local`]).
pub fn app(pool: MySqlPool) -> Router {
    app_with(pool, AppConfig::local())
}

/// The HTTP application: `POST /graphql`, GraphiQL at `GET /graphql`, subscriptions at
/// `/graphql/ws`, `/healthz`, `/config.json`, and the web client at `/`. Every response
/// carries `nosniff`, `Referrer-Policy: no-referrer` and `X-Frame-Options: DENY`; web
/// pages a Content-Security-Policy. (`/metrics` is [`metrics_app`], served apart.)
pub fn app_with(pool: MySqlPool, cfg: AppConfig) -> Router {
    let auth = Arc::new(cfg.auth);
    let live = live::Live::new(pool.clone(), cfg.live_poll);
    let schema = schema::build(pool.clone(), auth.clone(), live, cfg.relayer.clone());
    let rpc_url = cfg
        .client_config
        .as_ref()
        .and_then(|c| c.get("rpcUrl"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let csp = HeaderValue::from_str(&http::app_csp(rpc_url.as_deref()))
        .expect("the policy is built from checked origins");
    let st = AppState {
        sessions: ws::SessionWatch::new(pool.clone(), cfg.limits.ws.session_check),
        pool,
        schema,
        auth,
        client_config: cfg.client_config.map(Arc::new),
        max_body_bytes: cfg.limits.max_body_bytes,
        body_read_timeout: cfg.limits.body_read_timeout,
        query: Arc::new(cfg.limits.query),
        quota: Arc::new(content::Quota::new(cfg.limits.content)),
        ws: cfg.limits.ws,
        slots: Arc::default(),
        relayer: cfg.relayer,
        reads: Arc::new(response_cache::Reads {
            cache: response_cache::ResponseCache::new(cfg.response_cache_bytes),
            docs: response_cache::Documents::new(16 << 20),
            flights: Arc::default(),
        }),
    };
    let router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/graphql/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
        .route("/config.json", get(client_config))
        .route("/unsubscribe", get(unsubscribe_page).post(unsubscribe_post))
        .route("/media", post(media_post))
        .route("/media/{hash}", get(media_full))
        .route("/media/{hash}/thumb", get(media_thumb))
        .with_state(st);
    let router = match cfg.web_dir {
        Some(dir) => {
            let index = dir.join("index.html");
            router.fallback_service(
                tower_http::services::ServeDir::new(dir)
                    .fallback(tower_http::services::ServeFile::new(index)),
            )
        }
        None => router,
    };
    router.layer(axum::middleware::map_response(move |mut r: Response| {
        let csp = csp.clone();
        async move {
            http::secure(&mut r, &csp);
            r
        }
    }))
}
