//! `graphql-api serve | schema`: see `graphql-api --help`.

use clap::Parser;
use eyre::Context;
use graphql_api::config::{Cli, Command};
use sqlx::mysql::MySqlPoolOptions;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

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
            let pool = MySqlPoolOptions::new()
                .max_connections(a.db_max_connections)
                .acquire_timeout(Duration::from_secs(5))
                .connect(&a.database_url)
                .await
                .context("connecting to DATABASE_URL")?;
            let listener = tokio::net::TcpListener::bind(a.listen)
                .await
                .with_context(|| format!("binding {}", a.listen))?;
            tracing::info!(target: "graphql_api", listen = %a.listen, "serving POST /graphql");
            axum::serve(listener, graphql_api::app(pool)).await?;
        }
    }
    Ok(())
}
