//! Configuration: flags, each with an environment variable and a default.

use clap::{Args, Parser, Subcommand};
use std::{net::SocketAddr, path::PathBuf};

/// The GraphQL API over the read model.
#[derive(Debug, Parser)]
#[command(name = "graphql-api", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The API's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve POST /graphql, /graphql/ws, GraphiQL, the web client, /metrics, /healthz.
    Serve(Box<ServeArgs>),
    /// Print the schema (SDL); `schema.graphql` at the repository root is its output.
    Schema,
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The read model (the indexer's database), mysql://user:pass@host:port/db.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
    /// Address to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Largest number of database connections.
    #[arg(long, env = "DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,
    /// The web client's built files (`web/dist`), served at `/` with history-mode
    /// fallback to `index.html`.
    #[arg(long, env = "WEB_DIR")]
    pub web_dir: Option<PathBuf>,
    /// Signs session tokens (at least 32 bytes). Without it a random key is made and
    /// sessions end when the process does.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Earlier secrets, comma-separated: their tokens stay valid after a rotation.
    #[arg(
        long,
        env = "JWT_PREVIOUS_SECRETS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub jwt_previous_secrets: Vec<String>,
    /// How long a session lasts, in seconds.
    #[arg(long, env = "SESSION_TTL", default_value_t = 7 * 24 * 3600)]
    pub session_ttl: u64,
    /// The domain Sign-In with Ethereum messages must name (default: the listen address).
    #[arg(long, env = "SIWE_DOMAIN")]
    pub siwe_domain: Option<String>,
    /// The web client's public URL, for links in mail (default: http://<listen>).
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,
    /// SMTP server for mail, e.g. smtp://user:pass@mail.example.com:587. Without it,
    /// mail is written to MAIL_DIR and logged.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Folder for mail when there is no SMTP_URL.
    #[arg(long, env = "MAIL_DIR", default_value = ".data/mail")]
    pub mail_dir: PathBuf,
    /// The From address of mail.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Game Community <no-reply@localhost>"
    )]
    pub mail_from: String,
    /// `deployments/<chainId>.json`, served to the web client at `/config.json`.
    #[arg(long, env = "DEPLOYMENTS")]
    pub deployments: Option<PathBuf>,
    /// The chain's RPC URL as wallets should reach it (in `/config.json`).
    #[arg(long, env = "PUBLIC_RPC_URL", default_value = "http://127.0.0.1:8545")]
    pub public_rpc_url: String,
    /// How often subscriptions poll the indexer's progress, in milliseconds.
    #[arg(long, env = "LIVE_POLL_MS", default_value_t = 50)]
    pub live_poll_ms: u64,
}
