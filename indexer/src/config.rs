//! Configuration: flags, each with an environment variable and a default.

use clap::{Args, Parser, Subcommand};
use std::{net::SocketAddr, path::PathBuf};

/// Tails the contracts' logs into the MySQL read model.
#[derive(Debug, Parser)]
#[command(name = "indexer", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The indexer's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply the schema migrations.
    Migrate(DbArgs),
    /// Backfill from the deployment's startBlock, then follow the head.
    Run(RunArgs),
    /// Re-derive the read model from the chain's logs into a scratch database and
    /// report every row that differs from DATABASE_URL's (exit code 1 if any).
    Audit(RunArgs),
}

/// Where the read model lives.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// MySQL URL of the read model, e.g. mysql://root@127.0.0.1:3306/game.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
}

/// Options of `run` and `audit`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The read model.
    #[command(flatten)]
    pub db: DbArgs,
    /// JSON-RPC endpoint: http(s):// polls for new blocks, ws(s):// subscribes to newHeads.
    #[arg(long, env = "RPC_URL", default_value = "http://127.0.0.1:8545")]
    pub rpc_url: String,
    /// The deployment file written by scripts/deploy (deployments/<chainId>.json).
    #[arg(long, env = "DEPLOYMENTS")]
    pub deployments: PathBuf,
    /// Where /metrics and /healthz are served.
    #[arg(long, env = "METRICS_ADDR", default_value = "127.0.0.1:9100")]
    pub metrics_addr: SocketAddr,
    /// Milliseconds between head polls over HTTP (and the fallback with a subscription).
    #[arg(long, env = "POLL_INTERVAL_MS", default_value_t = 100)]
    pub poll_interval_ms: u64,
    /// Blocks of recent history kept for reorg detection; deeper reorgs stop the indexer.
    #[arg(long, env = "REORG_DEPTH", default_value_t = 64)]
    pub reorg_depth: u64,
    /// First eth_getLogs range in blocks during backfill (it adapts to about BATCH_LOGS logs
    /// a fetch).
    #[arg(long, env = "LOG_RANGE", default_value_t = 100)]
    pub log_range: u64,
    /// Largest eth_getLogs range in blocks.
    #[arg(long, env = "MAX_LOG_RANGE", default_value_t = 100_000)]
    pub max_log_range: u64,
    /// Logs per batch: each batch is projected in memory and committed in one
    /// transaction while the next is projected, so two are held at once.
    #[arg(long, env = "BATCH_LOGS", default_value_t = 3_000)]
    pub batch_logs: u64,
    /// Stop once this block is indexed (for audits, tests and benchmarks).
    #[arg(long, env = "STOP_AT_BLOCK")]
    pub stop_at_block: Option<u64>,
}

impl RunArgs {
    /// Checks values that parse but make no sense, with a one-line reason.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.rpc_url.starts_with("http://")
            || self.rpc_url.starts_with("https://")
            || self.rpc_url.starts_with("ws://")
            || self.rpc_url.starts_with("wss://"))
        {
            return Err(format!(
                "RPC_URL must be http(s):// or ws(s)://, not {:?}",
                self.rpc_url
            ));
        }
        if !self.db.database_url.starts_with("mysql://") {
            return Err("DATABASE_URL must be a mysql:// URL".into());
        }
        if self.reorg_depth == 0 {
            return Err("REORG_DEPTH must be at least 1".into());
        }
        if self.batch_logs == 0 {
            return Err("BATCH_LOGS must be at least 1".into());
        }
        if self.log_range == 0 || self.max_log_range < self.log_range {
            return Err("LOG_RANGE must be at least 1 and at most MAX_LOG_RANGE".into());
        }
        Ok(())
    }
}
