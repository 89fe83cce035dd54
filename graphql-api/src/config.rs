//! Configuration: flags, each with an environment variable and a default.

use clap::{ArgAction, Args, Parser, Subcommand};
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
    /// Serve POST /graphql, /graphql/ws, GraphiQL, the web client, /healthz (and
    /// /metrics on METRICS_ADDR).
    Serve(Box<ServeArgs>),
    /// Print the schema (SDL); `schema.graphql` at the repository root is its output.
    Schema,
    /// Create or update the API's off-chain tables (`serve` does it at start too).
    Migrate(MigrateArgs),
    /// Remove content documents that no chain-derived row names, then images that no
    /// remaining document or banner names, once older than the grace period (run it
    /// from cron; `--dry-run` counts only).
    PruneContent(PruneArgs),
}

/// Options of `migrate`.
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// The read model, mysql://user:pass@host:port/db.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
}

/// Options of `prune-content`.
#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// The read model, mysql://user:pass@host:port/db.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
    /// Seconds a document is kept before it may be pruned (time to send the
    /// transaction that names it, and for the indexer to see it).
    #[arg(long, env = "CONTENT_PRUNE_GRACE_SECS", default_value_t = 7 * 24 * 3600)]
    pub grace_secs: u64,
    /// Count what would be removed, remove nothing.
    #[arg(long)]
    pub dry_run: bool,
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
    /// Megabytes of answers the response cache keeps (answers are kept per indexed
    /// block and API write; 0 keeps none).
    #[arg(long, env = "RESPONSE_CACHE_MB", default_value_t = 64)]
    pub response_cache_mb: usize,
    /// Mail notifications to the accounts that asked for them (the outbox producers and
    /// sender; several API processes share the work). `false` leaves it to others.
    #[arg(long, env = "MAIL_NOTIFICATIONS", default_value_t = true, action = ArgAction::Set)]
    pub mail_notifications: bool,
    /// How often the outbox looks for mail to make and send, in milliseconds.
    #[arg(long, env = "MAIL_POLL_MS", default_value_t = 2000)]
    pub mail_poll_ms: u64,
    /// How long a sender holds a claimed mail before another may take it, in seconds.
    #[arg(long, env = "MAIL_LEASE_SECS", default_value_t = 60)]
    pub mail_lease_secs: u64,
    /// A pause after each notification mail, in milliseconds (an SMTP provider's rate).
    #[arg(long, env = "MAIL_PAUSE_MS", default_value_t = 0)]
    pub mail_pause_ms: u64,
    /// Serves `/metrics` (Prometheus) on this separate address; without it there are
    /// no metrics over HTTP (never on the public LISTEN_ADDR).
    #[arg(long, env = "METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// The origin a Sign-In with Ethereum message's `URI` must have, e.g.
    /// `https://game.example` (default: http:// or https:// and SIWE_DOMAIN).
    #[arg(long, env = "SIWE_ORIGIN")]
    pub siwe_origin: Option<String>,
    /// The largest POST /graphql body, in bytes (413 beyond, before it is read).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Seconds a request body may take to arrive (408 beyond).
    #[arg(long, env = "BODY_READ_TIMEOUT_SECS", default_value_t = 30)]
    pub body_read_timeout_secs: u64,
    /// Seconds a request's head (request line and headers) may take to arrive; also
    /// how long a kept-alive connection may wait for its next request.
    #[arg(long, env = "HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    pub header_read_timeout_secs: u64,
    /// Seconds a connection may move no byte before it is closed.
    #[arg(long, env = "IDLE_TIMEOUT_SECS", default_value_t = 60)]
    pub idle_timeout_secs: u64,
    /// The largest cost of one operation (`first:` multiplies nested lists).
    #[arg(long, env = "MAX_QUERY_COST", default_value_t = 10_000)]
    pub max_query_cost: u64,
    /// The query cost one IP may spend a minute (0: unlimited).
    #[arg(long, env = "QUERY_COST_PER_IP_MINUTE", default_value_t = 1_000_000)]
    pub query_cost_per_ip_minute: u64,
    /// Operations costing at least this many run HEAVY_QUERIES_AT_ONCE at a time.
    #[arg(long, env = "HEAVY_QUERY_COST", default_value_t = 2_000)]
    pub heavy_query_cost: u64,
    /// How many expensive operations (HEAVY_QUERY_COST) run at a time.
    #[arg(long, env = "HEAVY_QUERIES_AT_ONCE", default_value_t = 1)]
    pub heavy_queries_at_once: usize,
    /// Operations running at once on one WebSocket.
    #[arg(long, env = "WS_MAX_OPERATIONS", default_value_t = 100)]
    pub ws_max_operations: usize,
    /// WebSockets open at once from one IP.
    #[arg(long, env = "WS_MAX_PER_IP", default_value_t = 50)]
    pub ws_max_per_ip: usize,
    /// How often the sessions of signed-in WebSockets are re-checked, in milliseconds
    /// (a signed-out session's sockets close within this).
    #[arg(long, env = "WS_SESSION_CHECK_MS", default_value_t = 2000)]
    pub ws_session_check_ms: u64,
    /// Whether introspection (`__schema`, `__type`), GraphiQL and "did you mean"
    /// suggestions are on. The schema is public (`schema.graphql`), so on by default.
    #[arg(long, env = "INTROSPECTION", default_value_t = true, action = ArgAction::Set)]
    pub introspection: bool,
    /// Bytes of content documents one signed-in account may store an hour.
    #[arg(long, env = "CONTENT_BYTES_PER_ACCOUNT_HOUR", default_value_t = 4 * 1024 * 1024)]
    pub content_bytes_per_account_hour: u32,
    /// Bytes of content documents one IP may store an hour.
    #[arg(long, env = "CONTENT_BYTES_PER_IP_HOUR", default_value_t = 16 * 1024 * 1024)]
    pub content_bytes_per_ip_hour: u32,
    /// Bytes the content store may hold in all (QUOTA_EXCEEDED beyond).
    #[arg(long, env = "CONTENT_MAX_TOTAL_BYTES", default_value_t = 2 * 1024 * 1024 * 1024)]
    pub content_max_total_bytes: u64,
    /// The sponsor's private key (0x + 64 hex): with it (and a deployment that names a
    /// Forwarder) this process relays sponsored requests and pays their gas. Never logged.
    #[arg(long, env = "RELAYER_KEY", hide_env_values = true)]
    pub relayer_key: Option<String>,
    /// The node the relayer sends through (default: PUBLIC_RPC_URL).
    #[arg(long, env = "RELAYER_RPC_URL")]
    pub relayer_rpc_url: Option<String>,
    /// Sponsored requests one account may make per UTC day.
    #[arg(long, env = "RELAYER_QUOTA_PER_ACCOUNT", default_value_t = 200)]
    pub relayer_quota_per_account: u64,
    /// Sponsored requests one IP may make per UTC day.
    #[arg(long, env = "RELAYER_QUOTA_PER_IP", default_value_t = 2000)]
    pub relayer_quota_per_ip: u64,
    /// Below this sponsor balance (wei) `/healthz` says "degraded" and the
    /// `api_relayer_sponsor_balance_low` gauge is 1.
    #[arg(
        long,
        env = "RELAYER_MIN_BALANCE_WEI",
        default_value = "100000000000000000"
    )]
    pub relayer_min_balance_wei: String,
    /// Seconds a sponsored transaction may wait unmined before it is replaced with
    /// higher fees (same nonce).
    #[arg(long, env = "RELAYER_BUMP_SECS", default_value_t = 30)]
    pub relayer_bump_secs: u64,
    /// How often the relayer looks for requests to send, in milliseconds.
    #[arg(long, env = "RELAYER_POLL_MS", default_value_t = 250)]
    pub relayer_poll_ms: u64,
}
