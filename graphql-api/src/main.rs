//! `graphql-api serve | schema`: see `graphql-api --help`.

use clap::Parser;
use eyre::{Context, eyre};
use graphql_api::{
    AppConfig,
    auth::{Auth, jwt::Keys, mail::Mailer},
    config::{Cli, Command, ServeArgs},
};
use sqlx::mysql::MySqlPoolOptions;
use std::{net::SocketAddr, time::Duration};
use tracing_subscriber::EnvFilter;

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
        },
        web_dir: a.web_dir.clone(),
        client_config,
        live_poll: Duration::from_millis(a.live_poll_ms.max(10)),
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
        Command::Serve(a) => {
            let cfg = app_config(&a)?;
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
                .connect(&a.database_url)
                .await
                .context("connecting to DATABASE_URL")?;
            let listener = tokio::net::TcpListener::bind(a.listen)
                .await
                .with_context(|| format!("binding {}", a.listen))?;
            tracing::info!(target: "graphql_api", listen = %a.listen, siwe_domain = %cfg.auth.siwe_domain, "serving /graphql (GraphiQL on GET), /graphql/ws, /metrics, /healthz{}",
                if cfg.web_dir.is_some() { " and the web client at /" } else { "" });
            let app = graphql_api::app_with(pool, cfg);
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        }
    }
    Ok(())
}
