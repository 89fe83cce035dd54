//! `head-lag`: with an indexer following the chain `gen-chain` built, mines `--blocks`
//! blocks at a steady pace, each with a few transactions (a post, a like and a comment
//! on the previous block's post, an award), and measures for every block the time from
//! `evm_mine` returning to the indexer's commit of that block (`indexer_state.indexed_block`
//! polled every `--poll-ms` on its own MySQL connection). Prints p50/p95/p99/max.

use alloy::{
    primitives::{B256, U256, keccak256},
    providers::Provider,
    sol_types::SolCall,
};
use bench::{Node, Wallets, World, check_receipts, percentile};
use bindings::{Communities, Posts};
use clap::Parser;
use eyre::{Context, bail};
use sqlx::{Connection, MySqlConnection};
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Measures the indexer's head lag: block mined → block committed.
#[derive(Debug, Parser)]
#[command(name = "head-lag")]
struct Args {
    /// anvil's JSON-RPC URL (automine off: this tool mines).
    #[arg(long, env = "RPC_URL")]
    rpc_url: String,
    /// The indexer's database.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// The world file `gen-chain` wrote.
    #[arg(long, default_value = "target/bench/world.json")]
    world: PathBuf,
    /// Blocks to mine.
    #[arg(long, default_value_t = 1_000)]
    blocks: u64,
    /// Milliseconds between blocks.
    #[arg(long, default_value_t = 150)]
    interval_ms: u64,
    /// Milliseconds between polls of `indexer_state`.
    #[arg(long, default_value_t = 2)]
    poll_ms: u64,
    /// Seconds to wait for the indexer to catch up before starting, and to finish after.
    #[arg(long, default_value_t = 120)]
    wait_s: u64,
    /// Where to write the result (JSON).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn doc(text: &str) -> B256 {
    keccak256(text.as_bytes())
}

async fn indexed(conn: &mut MySqlConnection) -> eyre::Result<Option<u64>> {
    Ok(
        sqlx::query_scalar::<_, u64>("SELECT indexed_block FROM indexer_state WHERE id = 1")
            .fetch_optional(conn)
            .await?,
    )
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let args = Args::parse();
    let world = World::load(&args.world)?;
    let node = Node::connect(&args.rpc_url).await?;
    node.set_automine(false).await?;
    let cast = world.cast;
    let c = world.deployment.contracts;
    let mut wallets = Wallets::derive(&world.admin_key, &world.seed, cast, node.chain_id)?;
    wallets.sync_nonces(&node).await?;
    let posts = Posts::new(c.Posts, node.provider.clone());
    let post_base: u64 = posts.postCount().call().await?.to();

    // Wait for the indexer to reach the head.
    let mut conn = MySqlConnection::connect(&args.database_url)
        .await
        .context("connecting to DATABASE_URL")?;
    let head = node.provider.get_block_number().await?;
    let deadline = Instant::now() + Duration::from_secs(args.wait_s);
    loop {
        if indexed(&mut conn).await? >= Some(head) {
            break;
        }
        if Instant::now() > deadline {
            bail!(
                "the indexer did not reach block {head} within {}s",
                args.wait_s
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "head-lag: indexer at head {head}; mining {} blocks every {} ms",
        args.blocks, args.interval_ms
    );

    // The poller: the first time each block is seen committed.
    let n = args.blocks as usize;
    let committed: Arc<Mutex<Vec<Option<Instant>>>> = Arc::new(Mutex::new(vec![None; n]));
    let poller = {
        let committed = committed.clone();
        let poll = Duration::from_millis(args.poll_ms.max(1));
        let mut conn = MySqlConnection::connect(&args.database_url).await?;
        let wait = Duration::from_secs(args.wait_s);
        tokio::spawn(async move {
            let mut seen = head;
            let last = head + n as u64;
            let mut idle_since = Instant::now();
            while seen < last {
                let now_indexed = indexed(&mut conn).await?.unwrap_or(0);
                let now = Instant::now();
                if now_indexed > seen {
                    let mut c = committed.lock().expect("lock");
                    for b in seen + 1..=now_indexed.min(last) {
                        c[(b - head - 1) as usize] = Some(now);
                    }
                    seen = now_indexed;
                    idle_since = now;
                } else if now.duration_since(idle_since) > wait {
                    bail!("the indexer stopped at block {seen}");
                }
                tokio::time::sleep(poll).await;
            }
            Ok::<_, eyre::Report>(())
        })
    };

    // Mine at a steady pace.
    let mut mined: Vec<Instant> = Vec::with_capacity(n);
    let mut mine_ms: Vec<f64> = Vec::with_capacity(n);
    let mut sent = 0usize;
    let start = Instant::now();
    let interval = Duration::from_millis(args.interval_ms);
    let communities = &world.communities;
    for k in 0..args.blocks {
        tokio::time::sleep_until((start + interval * k as u32).into()).await;
        let community = &communities[k as usize % communities.len()];
        let members = &community.members;
        let author = members[(k as usize * 7) % members.len()];
        // The fan likes the previous block's post: a member of that post's community.
        let previous = &communities[(k as usize + communities.len() - 1) % communities.len()];
        let fan = previous.members[(k as usize * 7 + 3) % previous.members.len()];
        let mut txs = vec![wallets.call(
            author,
            c.Posts,
            Posts::createPostCall {
                communityId: U256::from(community.id),
                title: format!("Live report #{k}"),
                contentHash: doc(&format!("live {k}")),
            },
            200_000,
        )?];
        if k > 0 {
            // The post of the previous block (only this tool creates posts now).
            let prev = U256::from(post_base + k);
            txs.push(wallets.call(fan, c.Posts, Posts::likeCall { postId: prev }, 200_000)?);
            txs.push(
                wallets.sign(
                    fan,
                    c.Posts,
                    U256::ZERO,
                    Posts::commentCall {
                        targetKind: 2,
                        targetId: prev,
                        contentHash: doc(&format!("gg {k}")),
                    }
                    .abi_encode(),
                    200_000,
                )?,
            );
        }
        let to = wallets.accounts[author].address;
        txs.push(wallets.call(
            community.admin,
            c.Communities,
            Communities::awardCall {
                id: U256::from(community.id),
                to,
                amount: U256::from(5),
                source: "live event".into(),
            },
            200_000,
        )?);
        sent += txs.len();
        node.send_raw_batch(&txs).await?;
        let before = Instant::now();
        node.mine().await?;
        let after = Instant::now();
        mine_ms.push((after - before).as_secs_f64() * 1000.0);
        mined.push(after);
    }
    let mining_secs = start.elapsed().as_secs_f64();
    poller.await??;

    let committed = committed.lock().expect("lock").clone();
    let mut lags: Vec<f64> = mined
        .iter()
        .zip(&committed)
        .map(|(m, c)| {
            let c = c.expect("the poller saw every block");
            c.saturating_duration_since(*m).as_secs_f64() * 1000.0
        })
        .collect();
    lags.sort_by(f64::total_cmp);
    let receipts = node.block_receipts(head + 1, head + args.blocks).await?;
    check_receipts(&receipts, sent, "head-lag blocks")?;
    let logs: usize = receipts
        .iter()
        .flat_map(|(_, rs)| rs.iter())
        .map(|r| r.inner.logs().len())
        .sum();
    let mean = lags.iter().sum::<f64>() / lags.len() as f64;
    mine_ms.sort_by(f64::total_cmp);
    let (mine_p50, mine_p95) = (percentile(&mine_ms, 50.0), percentile(&mine_ms, 95.0));
    let effective_interval = mining_secs * 1000.0 / args.blocks as f64;
    let (p50, p95, p99, max) = (
        percentile(&lags, 50.0),
        percentile(&lags, 95.0),
        percentile(&lags, 99.0),
        lags.last().copied().unwrap_or(f64::NAN),
    );
    println!(
        "head-lag: {} blocks, {sent} txs, {logs} events in {mining_secs:.1}s; lag ms: p50 {p50:.1}  p95 {p95:.1}  p99 {p99:.1}  max {max:.1}  mean {mean:.1}  min {:.1}",
        args.blocks,
        lags.first().copied().unwrap_or(f64::NAN)
    );
    println!(
        "head-lag: evm_mine took p50 {mine_p50:.1} ms, p95 {mine_p95:.1} ms; one block every {effective_interval:.1} ms"
    );
    if let Some(out) = &args.out {
        let result = serde_json::json!({
            "blocks": args.blocks,
            "intervalMs": args.interval_ms,
            "pollMs": args.poll_ms,
            "transactions": sent,
            "events": logs,
            "firstBlock": head + 1,
            "lastBlock": head + args.blocks,
            "effectiveIntervalMs": effective_interval,
            "evmMineMs": {"p50": mine_p50, "p95": mine_p95},
            "lagMs": {"p50": p50, "p95": p95, "p99": p99, "max": max, "mean": mean,
                       "min": lags.first().copied().unwrap_or(f64::NAN)},
        });
        std::fs::write(out, serde_json::to_vec_pretty(&result)?)
            .with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(())
}
