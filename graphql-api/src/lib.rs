//! The GraphQL API over the MySQL read model. It reads MySQL, never the chain: the
//! indexer keeps the read model faithful to the contracts. It alone writes the
//! off-chain data (contacts, password hashes, sessions, content documents).

pub mod auth;
pub mod config;
pub mod content;
pub mod error;
pub mod limits;
pub mod live;
pub mod metrics;
pub mod repo;
pub mod schema;
pub mod siwe;

use async_graphql::{Data, http::ALL_WEBSOCKET_PROTOCOLS};
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use auth::{Auth, RequestInfo};
use axum::{
    Extension, Json, Router,
    extract::{ConnectInfo, State, WebSocketUpgrade},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use schema::ApiSchema;
use sqlx::MySqlPool;
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

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
}

impl AppConfig {
    /// A local configuration: a random session key, SIWE domain `localhost`, mail
    /// written to a temporary folder, no web client.
    pub fn local() -> Self {
        Self {
            auth: Auth {
                keys: auth::jwt::Keys::random(),
                siwe_domain: "localhost".into(),
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
            },
            web_dir: None,
            client_config: None,
            live_poll: Duration::from_millis(50),
        }
    }
}

#[derive(Clone)]
struct AppState {
    pool: MySqlPool,
    schema: ApiSchema,
    auth: Arc<Auth>,
    client_config: Option<Arc<serde_json::Value>>,
}

async fn healthz(State(st): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&st.pool).await {
        Ok(_) => (StatusCode::OK, Json(serde_json::json!({"status": "ok"}))),
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
    let ip = peer
        .map(|p| p.ip())
        .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
    let mut info = RequestInfo {
        ip,
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

async fn graphql_post(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    req: GraphQLRequest,
) -> GraphQLResponse {
    let started = std::time::Instant::now();
    let authz = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let info = request_info(&st, peer.map(|p| (p.0).0), authz).await;
    let resp = st.schema.execute(req.into_inner().data(info)).await;
    metrics::REQUESTS.inc();
    if resp.is_err() {
        metrics::REQUEST_ERRORS.inc();
    }
    metrics::LATENCY.observe(started.elapsed());
    resp.into()
}

async fn graphql_ws(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let peer = peer.map(|p| (p.0).0);
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| async move {
            metrics::WS_CONNECTIONS.inc();
            let st2 = st.clone();
            GraphQLWebSocket::new(stream, st.schema.clone(), protocol)
                .on_connection_init(move |params| async move {
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
                    let mut data = Data::default();
                    data.insert(info);
                    Ok(data)
                })
                .keepalive_timeout(Duration::from_secs(30))
                .serve()
                .await;
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
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphql/assets/react.production.min.js"></script>
<script src="/graphql/assets/react-dom.production.min.js"></script>
<script src="/graphql/assets/graphiql.min.js"></script>
<script>
  const token = localStorage.getItem('session.token');
  const fetcher = GraphiQL.createFetcher({
    url: '/graphql',
    headers: token ? { Authorization: 'Bearer ' + token } : {},
  });
  ReactDOM.createRoot(document.getElementById('graphiql'))
    .render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
</script>
</body>
</html>
"#;

async fn graphiql() -> impl IntoResponse {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
        )],
        Html(GRAPHIQL_HTML),
    )
}

/// GraphiQL and React, vendored from npm (see `assets/graphiql/README.md`), gzipped.
fn graphiql_asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "graphiql.min.js" => (
            include_bytes!("../assets/graphiql/graphiql.min.js.gz").as_slice(),
            "text/javascript",
        ),
        "graphiql.min.css" => (
            include_bytes!("../assets/graphiql/graphiql.min.css.gz").as_slice(),
            "text/css",
        ),
        "react.production.min.js" => (
            include_bytes!("../assets/graphiql/react.production.min.js.gz").as_slice(),
            "text/javascript",
        ),
        "react-dom.production.min.js" => (
            include_bytes!("../assets/graphiql/react-dom.production.min.js.gz").as_slice(),
            "text/javascript",
        ),
        _ => return None,
    })
}

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    match graphiql_asset(&name) {
        Some((body, mime)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn prometheus() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics::render(),
    )
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
/// `/graphql/ws`, `/metrics`, `/healthz`, `/config.json`, and the web client at `/`.
pub fn app_with(pool: MySqlPool, cfg: AppConfig) -> Router {
    let auth = Arc::new(cfg.auth);
    let live = live::Live::new(pool.clone(), cfg.live_poll);
    let schema = schema::build(pool.clone(), auth.clone(), live);
    let st = AppState {
        pool,
        schema,
        auth,
        client_config: cfg.client_config.map(Arc::new),
    };
    let router = Router::new()
        .route("/graphql", get(graphiql).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/graphql/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
        .route("/metrics", get(prometheus))
        .route("/config.json", get(client_config))
        .with_state(st);
    match cfg.web_dir {
        Some(dir) => {
            let index = dir.join("index.html");
            router.fallback_service(
                tower_http::services::ServeDir::new(dir)
                    .fallback(tower_http::services::ServeFile::new(index)),
            )
        }
        None => router,
    }
}
