//! Configuration: flags, each with an environment variable and a default.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;

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
    /// Serve POST /graphql and /healthz.
    Serve(ServeArgs),
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
}
