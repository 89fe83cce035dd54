//! `graphql-api serve | schema`: see `graphql-api --help`.

use clap::Parser;
use eyre::{Context, eyre};
use graphql_api::{
    AppConfig, Limits,
    auth::{Auth, jwt::Keys, mail::Mailer},
    config::{Cli, Command, ServeArgs},
    limits::QueryLimits,
    server::ConnLimits,
    ws::WsLimits,
};
use sqlx::mysql::MySqlPoolOptions;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// What a relayer is made of: the node and sponsor key, the deployment's contracts by
/// name, the settings.
type RelayerParts = (
    graphql_api::relayer::chain::Chain,
    Vec<(&'static str, alloy::primitives::Address)>,
    graphql_api::relayer::Settings,
);

/// The relayer's node connection and settings, when RELAYER_KEY is set. Needs the
/// deployment (DEPLOYMENTS) to name a Forwarder.
fn relayer_parts(
    a: &ServeArgs,
    deployment: Option<&serde_json::Value>,
) -> eyre::Result<Option<RelayerParts>> {
    let Some(key) = a.relayer_key.as_deref() else {
        return Ok(None);
    };
    // The key's text never reaches an error message or a log line.
    let signer: alloy::signers::local::PrivateKeySigner = key
        .trim()
        .parse()
        .map_err(|_| eyre!("RELAYER_KEY is not a private key (0x + 64 hex digits)"))?;
    let d =
        deployment.ok_or_else(|| eyre!("RELAYER_KEY needs DEPLOYMENTS (the deployment file)"))?;
    let chain_id = d["chainId"]
        .as_u64()
        .ok_or_else(|| eyre!("DEPLOYMENTS has no chainId"))?;
    let mut contracts = Vec::new();
    for name in &bindings::CONTRACT_NAMES {
        if let Some(addr) = d["contracts"][*name].as_str() {
            let addr = addr
                .parse()
                .map_err(|_| eyre!("DEPLOYMENTS: contracts.{name} is not an address"))?;
            contracts.push((*name, addr));
        }
    }
    let forwarder = contracts
        .iter()
        .find(|(n, _)| *n == "Forwarder")
        .map(|(_, a)| *a)
        .ok_or_else(|| eyre!("RELAYER_KEY is set but the deployment names no Forwarder (redeploy with scripts/deploy)"))?;
    let rpc = a.relayer_rpc_url.as_deref().unwrap_or(&a.public_rpc_url);
    let chain = graphql_api::relayer::chain::Chain::new(rpc, signer, forwarder, chain_id)?;
    let settings = graphql_api::relayer::Settings {
        quota_per_account: a.relayer_quota_per_account,
        quota_per_ip: a.relayer_quota_per_ip,
        min_balance: a
            .relayer_min_balance_wei
            .parse()
            .map_err(|_| eyre!("RELAYER_MIN_BALANCE_WEI must be a whole number of wei"))?,
        poll: Duration::from_millis(a.relayer_poll_ms.max(20)),
        bump_after: Duration::from_secs(a.relayer_bump_secs.max(1)),
    };
    Ok(Some((chain, contracts, settings)))
}

fn app_config(a: &ServeArgs) -> eyre::Result<AppConfig> {
    let keys = match &a.jwt_secret {
        Some(s) => {
            let previous: Vec<String> = a
                .jwt_previous_secrets
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect();
            Keys::new(s, &previous).map_err(|e| eyre!("JWT_SECRET: {e}"))?
        }
        None => {
            tracing::warn!(target: "graphql_api", "JWT_SECRET is not set: using a random key; sessions end when this process stops and other replicas will not accept them");
            Keys::random()
        }
    };
    let listen = a.listen.to_string();
    let mailer = Mailer::new(a.smtp_url.as_deref(), a.mail_dir.clone(), &a.mail_from)
        .map_err(|e| eyre!(e))?;
    let client_config = match &a.deployments {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading DEPLOYMENTS {}", path.display()))?;
            let mut v: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("parsing DEPLOYMENTS {}", path.display()))?;
            v["rpcUrl"] = serde_json::Value::String(a.public_rpc_url.clone());
            Some(v)
        }
    };
    Ok(AppConfig {
        auth: Auth {
            keys,
            siwe_domain: a.siwe_domain.clone().unwrap_or_else(|| listen.clone()),
            siwe_origin: match &a.siwe_origin {
                None => None,
                Some(o) => Some(
                    graphql_api::http::origin(o)
                        .ok_or_else(|| eyre!("SIWE_ORIGIN {o:?} is not an http(s) origin"))?,
                ),
            },
            session_ttl: Duration::from_secs(a.session_ttl),
            nonce_ttl: Duration::from_secs(600),
            public_url: a
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{listen}"))
                .trim_end_matches('/')
                .to_owned(),
            mailer,
            limiter: Default::default(),
            backoff: Default::default(),
        },
        web_dir: a.web_dir.clone(),
        client_config,
        relayer: None,
        response_cache_bytes: a.response_cache_mb.saturating_mul(1 << 20),
        live_poll: Duration::from_millis(a.live_poll_ms.max(10)),
        limits: Limits {
            max_body_bytes: a.max_body_bytes,
            body_read_timeout: Duration::from_secs(a.body_read_timeout_secs.max(1)),
            query: {
                let mut q = QueryLimits::new(a.max_query_cost, a.query_cost_per_ip_minute)
                    .with_heavy(a.heavy_query_cost, a.heavy_queries_at_once);
                q.introspection = a.introspection;
                q
            },
            ws: WsLimits {
                max_operations: a.ws_max_operations,
                max_per_ip: a.ws_max_per_ip,
                session_check: Duration::from_millis(a.ws_session_check_ms.max(100)),
            },
            content: graphql_api::content::ContentLimits {
                bytes_per_account_hour: a.content_bytes_per_account_hour,
                bytes_per_ip_hour: a.content_bytes_per_ip_hour,
                max_total_bytes: a.content_max_total_bytes,
            },
        },
    })
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::Schema => print!("{}", graphql_api::schema::sdl()),
        Command::Migrate(m) => {
            let pool = MySqlPoolOptions::new()
                .max_connections(2)
                .connect(&m.database_url)
                .await
                .context("connecting to DATABASE_URL")?;
            graphql_api::migrations::migrate(&pool)
                .await
                .context("applying the API's migrations")?;
        }
        Command::PruneContent(p) => {
            let pool = MySqlPoolOptions::new()
                .max_connections(2)
                .connect(&p.database_url)
                .await
                .context("connecting to DATABASE_URL")?;
            let r =
                graphql_api::content::prune(&pool, Duration::from_secs(p.grace_secs), p.dry_run)
                    .await
                    .context("pruning the content store")?;
            println!(
                "{} {} of {} documents older than {} s ({} bytes): no chain-derived row names them",
                if p.dry_run { "would remove" } else { "removed" },
                r.removed,
                r.examined,
                p.grace_secs,
                r.bytes
            );
            if !p.dry_run {
                graphql_api::response_cache::scope::bump_epoch(&pool).await;
            }
            // Then the images: those no remaining document (nor banner) names.
            let m = graphql_api::media::prune(&pool, Duration::from_secs(p.grace_secs), p.dry_run)
                .await
                .context("pruning the images")?;
            println!(
                "{} {} of {} images older than {} s ({} bytes): no stored document or banner names them",
                if p.dry_run { "would remove" } else { "removed" },
                m.removed,
                m.examined,
                p.grace_secs,
                m.bytes
            );
        }
        Command::Serve(a) => {
            let mut cfg = app_config(&a)?;
            let relayer = relayer_parts(&a, cfg.client_config.as_ref())?;
            if let Some(dir) = &cfg.web_dir
                && !dir.join("index.html").is_file()
            {
                return Err(eyre!(
                    "WEB_DIR {} has no index.html (build the web client: cd web && npm run build)",
                    dir.display()
                ));
            }
            let pool = MySqlPoolOptions::new()
                .max_connections(a.db_max_connections)
                .acquire_timeout(Duration::from_secs(5))
                // One line per interval from the watcher below instead of one per request.
                .acquire_slow_level(log::LevelFilter::Off)
                .connect(&a.database_url)
                .await
                .context("connecting to DATABASE_URL")?;
            graphql_api::migrations::migrate(&pool)
                .await
                .context("applying the API's migrations")?;
            // Histogram observations wait in a queue until folded in (see metrics::upkeep).
            graphql_api::metrics::spawn_upkeep(Duration::from_secs(5));
            graphql_api::pool::watch_starvation(
                pool.clone(),
                a.db_max_connections,
                Duration::from_millis(100),
                Duration::from_secs(10),
            );
            let listener = tokio::net::TcpListener::bind(a.listen)
                .await
                .with_context(|| format!("binding {}", a.listen))?;
            // A busy METRICS_ADDR (the indexer reads the same variable) costs the
            // metrics, not the API.
            if let Some(addr) = a.metrics_addr {
                match tokio::net::TcpListener::bind(addr).await {
                    Ok(metrics) => {
                        tracing::info!(target: "graphql_api", metrics_addr = %addr, "serving /metrics");
                        tokio::spawn(async move {
                            if let Err(e) = axum::serve(metrics, graphql_api::metrics_app()).await {
                                tracing::error!(target: "graphql_api", error = %e, "the metrics listener failed");
                            }
                        });
                    }
                    Err(e) => {
                        tracing::error!(target: "graphql_api", metrics_addr = %addr, error = %e, "cannot listen on METRICS_ADDR; serving without /metrics");
                    }
                }
            }
            tracing::info!(target: "graphql_api", listen = %a.listen, siwe_domain = %cfg.auth.siwe_domain, "serving /graphql (GraphiQL on GET), /graphql/ws, /healthz{}",
                if cfg.web_dir.is_some() { " and the web client at /" } else { "" });
            if a.mail_notifications {
                let outbox = graphql_api::outbox::OutboxConfig {
                    poll: Duration::from_millis(a.mail_poll_ms.max(50)),
                    lease: Duration::from_secs(a.mail_lease_secs.max(1)),
                    pause: Duration::from_millis(a.mail_pause_ms),
                    public_url: cfg.auth.public_url.clone(),
                };
                tokio::spawn(graphql_api::outbox::run(
                    pool.clone(),
                    cfg.auth.mailer.clone(),
                    outbox,
                ));
            }
            if let Some((chain, contracts, settings)) = relayer {
                tracing::info!(target: "graphql_api::relayer", sponsor = %chain.sponsor, forwarder = %chain.forwarder, "relaying sponsored requests");
                let r = std::sync::Arc::new(graphql_api::relayer::Relayer::new(
                    pool.clone(),
                    chain,
                    &contracts,
                    settings,
                ));
                tokio::spawn(graphql_api::relayer::sender::run(r.clone()));
                cfg.relayer = Some(r);
            }
            let app = graphql_api::app_with(pool, cfg);
            let conn = ConnLimits {
                header_read_timeout: Duration::from_secs(a.header_read_timeout_secs.max(1)),
                idle_timeout: Duration::from_secs(a.idle_timeout_secs.max(1)),
            };
            graphql_api::server::serve(listener, app, conn, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        }
    }
    Ok(())
}
