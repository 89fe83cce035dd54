//! `indexer migrate | run | audit`: see `indexer --help`.

use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use bindings::Deployment;
use clap::Parser;
use eyre::{Context, bail};
use indexer::{
    audit,
    config::{Cli, Command, RunArgs},
    db,
    metrics::{self, Metrics},
    sync::{Indexer, SyncOptions},
};
use std::{sync::Arc, time::Duration};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> eyre::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::Migrate(a) => {
            db::create_if_missing(&a.database_url)
                .await
                .context("creating the database DATABASE_URL names")?;
            let pool = db::connect(&a.database_url, 2)
                .await
                .context("connecting to DATABASE_URL")?;
            db::migrate(&pool).await.context("applying migrations")?;
            tracing::info!(target: "indexer", "schema is up to date");
        }
        Command::Run(a) => run(a).await?,
        Command::Audit(a) => {
            let (pool, provider, deployment, opts) = setup(&a).await?;
            let diffs = audit::audit(&pool, &a.db.database_url, provider, deployment, opts).await?;
            for d in &diffs {
                println!("{d}");
            }
            println!("indexer audit: {} difference(s)", diffs.len());
            if !diffs.is_empty() {
                std::process::exit(1);
            }
        }
    }
    Ok(())
}

async fn setup(a: &RunArgs) -> eyre::Result<(db::Pool, DynProvider, Deployment, SyncOptions)> {
    if let Err(why) = a.validate() {
        bail!(why);
    }
    let deployment = Deployment::load(&a.deployments)?;
    db::create_if_missing(&a.db.database_url)
        .await
        .context("creating the database DATABASE_URL names")?;
    let pool = db::connect(&a.db.database_url, 4)
        .await
        .context("connecting to DATABASE_URL")?;
    db::migrate(&pool).await.context("applying migrations")?;
    let provider = ProviderBuilder::new()
        .connect(&a.rpc_url)
        .await
        .with_context(|| format!("connecting to RPC_URL {}", a.rpc_url))?
        .erased();
    let opts = SyncOptions {
        reorg_depth: a.reorg_depth,
        log_range: a.log_range,
        max_log_range: a.max_log_range,
        batch_logs: a.batch_logs,
        poll_interval: Duration::from_millis(a.poll_interval_ms),
        stop_at_block: a.stop_at_block,
    };
    Ok((pool, provider, deployment, opts))
}

async fn run(a: RunArgs) -> eyre::Result<()> {
    let (pool, provider, deployment, opts) = setup(&a).await?;
    let m = Arc::new(Metrics::default());
    let listener = tokio::net::TcpListener::bind(a.metrics_addr)
        .await
        .with_context(|| format!("binding METRICS_ADDR {}", a.metrics_addr))?;
    let router = metrics::router(m.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let heads = if a.rpc_url.starts_with("ws") {
        let notify = Arc::new(tokio::sync::Notify::new());
        let (n, p) = (notify.clone(), provider.clone());
        tokio::spawn(async move {
            use futures::StreamExt;
            loop {
                match p.subscribe_blocks().await {
                    Ok(sub) => {
                        let mut s = sub.into_stream();
                        while s.next().await.is_some() {
                            n.notify_one();
                        }
                    }
                    Err(e) => {
                        tracing::warn!(target: "indexer::sync", error = %e, "newHeads subscription failed; polling")
                    }
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        Some(notify)
    } else {
        None
    };
    tracing::info!(target: "indexer", chain = deployment.chain_id, start_block = deployment.start_block, rpc = %a.rpc_url, metrics = %a.metrics_addr, "indexer starting");
    Indexer::new(pool, provider, deployment, opts, m)
        .run(heads)
        .await?;
    Ok(())
}
