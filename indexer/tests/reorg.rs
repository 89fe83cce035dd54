//! Reorgs against a live anvil: an indexer follows the head of a played season, the chain
//! replaces its last 1, 5 or 64 blocks (`anvil_reorg`) or returns to a snapshot and
//! takes other transactions (`evm_snapshot` / `evm_revert`), and once the follower has
//! caught up its read model must equal a fresh index of the new canonical chain: every
//! table row by row, every `_history` version, and the state digest. A reorg deeper than
//! REORG_DEPTH stops the indexer with `SyncError::ReorgTooDeep` and leaves its data as it
//! was.
//!
//! Needs MariaDB/MySQL: `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p
//! indexer --test reorg` (every test creates and drops databases of its own).

mod live;

use alloy::{
    primitives::{Address, U256, keccak256},
    providers::Provider,
    rpc::types::{Filter, TransactionRequest},
};
use indexer::{
    db::{self, Pool},
    model::TABLES,
    sync::{Indexer, SyncError},
};
use live::{Follower, TestDb, assert_same_read_model, head, index_to, options, provider, state};
use sqlx::Row as _;
use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{Arc, atomic::Ordering::Relaxed},
    time::Duration,
};
use testkit::{Chain, Season, play_season, send, start_chain};

/// Community 1 of the season (原神), where alice, hanmeimei are admins.
const GENSHIN: u64 = 1;
/// The season's first post (in 原神).
const NOTICE: u64 = 1;

/// A played season, and a follower that has indexed all of it.
struct Followed {
    chain: Chain,
    season: Season,
    live: TestDb,
    follower: Follower,
}

async fn season_followed(tag: &str, reorg_depth: u64) -> Followed {
    let chain = start_chain()
        .await
        .expect("anvil starts and the system deploys");
    let season = play_season(&chain).await.expect("the season plays");
    let live = TestDb::create(tag).await;
    let mut follower = Follower::start(&chain, &chain.deployment, &live.pool, reorg_depth).await;
    follower.wait_synced(&chain, &live.pool).await;
    Followed {
        chain,
        season,
        live,
        follower,
    }
}

/// Rows (over every table) that came from blocks after `block`.
async fn rows_after(pool: &Pool, block: u64) -> i64 {
    let mut n = 0;
    for spec in TABLES {
        let c: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM `{}` WHERE block_number > ?",
            spec.name
        ))
        .bind(block)
        .fetch_one(pool)
        .await
        .unwrap();
        n += c;
    }
    n
}

/// Asserts that every row of every table names a block of the canonical chain by its
/// canonical hash: nothing of a dropped branch is left.
async fn assert_rows_on_chain(pool: &Pool, chain: &Chain) {
    let mut hashes: BTreeMap<u64, String> = BTreeMap::new();
    for spec in TABLES {
        let rows = sqlx::query(&format!(
            "SELECT DISTINCT block_number, CAST(block_hash AS CHAR) FROM `{}`",
            spec.name
        ))
        .fetch_all(pool)
        .await
        .unwrap();
        for r in rows {
            let (n, h): (u64, String) = (r.get(0), r.get(1));
            if let std::collections::btree_map::Entry::Vacant(e) = hashes.entry(n) {
                let b = chain
                    .provider
                    .get_block_by_number(n.into())
                    .await
                    .unwrap()
                    .unwrap_or_else(|| panic!("{} row of block {n}: no such block", spec.name));
                e.insert(format!("{:#x}", b.header.hash));
            }
            assert_eq!(
                h, hashes[&n],
                "{} row of block {n} is from a dropped branch",
                spec.name
            );
        }
    }
}

/// Indexes the canonical chain afresh, up to its head, into a database of its own (with
/// the options: a chain this short is indexed near the head, block by block),
/// and asserts the follower's read model equals it.
async fn assert_matches_fresh_index(chain: &Chain, live: &Pool, what: &str) {
    let (n, _) = head(chain).await;
    let fresh = TestDb::create("fresh").await;
    let metrics = index_to(chain, &chain.deployment, &fresh.pool, n).await;
    assert_eq!(metrics.skipped_logs.load(Relaxed), 0, "{what}: fresh index");
    assert_same_read_model(&fresh.pool, live, what).await;
    assert_rows_on_chain(live, chain).await;
}

/// A request to be mined by anvil as `from`.
fn as_from(tx: TransactionRequest, from: Address) -> TransactionRequest {
    tx.from(from)
}

/// Transactions valid at any point after the season's point tokens exist, that touch
/// new and existing rows: dave registers, joins 原神 and gets points; alice posts; bob
/// likes the notice; carol comments on it. Spread over `depth` new blocks.
fn replacement(chain: &Chain, depth: u64, tag: &str) -> Vec<(TransactionRequest, u64)> {
    let c = chain.contracts();
    let p = |n: &str| chain.player(n).unwrap();
    let (dave, alice, bob, carol, hanmeimei) =
        (p("dave"), p("alice"), p("bob"), p("carol"), p("hanmeimei"));
    let txs = vec![
        as_from(
            dave.profiles(&c)
                .register("dave".into(), keccak256(format!("dave {tag}")))
                .into_transaction_request(),
            dave.address,
        ),
        as_from(
            alice
                .posts(&c)
                .createPost(
                    U256::from(GENSHIN),
                    format!("重组 reorg post {tag}"),
                    keccak256(tag),
                )
                .into_transaction_request(),
            alice.address,
        ),
        as_from(
            bob.posts(&c)
                .like(U256::from(NOTICE))
                .into_transaction_request(),
            bob.address,
        ),
        as_from(
            dave.communities(&c)
                .join(U256::from(GENSHIN))
                .into_transaction_request(),
            dave.address,
        ),
        as_from(
            hanmeimei
                .communities(&c)
                .award(
                    U256::from(GENSHIN),
                    dave.address,
                    U256::from(42),
                    format!("reorg bonus {tag}"),
                )
                .into_transaction_request(),
            hanmeimei.address,
        ),
        as_from(
            carol
                .posts(&c)
                .comment(2, U256::from(NOTICE), keccak256(format!("comment {tag}")))
                .into_transaction_request(),
            carol.address,
        ),
    ];
    let last = txs.len() as u64 - 1;
    txs.into_iter()
        .enumerate()
        .map(|(i, tx)| (tx, i as u64 * (depth - 1) / last))
        .collect()
}

/// Replaces the last `depth` blocks of a followed season with `replacement` blocks,
/// lets the follower catch up at the same height and after one more block, and holds
/// its read model against a fresh index.
async fn reorg_of_depth(depth: u64, reorg_depth: u64) {
    let Followed {
        chain,
        live,
        mut follower,
        ..
    } = season_followed(&format!("reorg{depth}_{reorg_depth}"), reorg_depth).await;
    let (top, old_hash) = head(&chain).await;
    let ancestor = top - depth;
    // The blocks to be replaced hold events, and the read model holds their rows.
    let logs = chain
        .provider
        .get_logs(&Filter::new().from_block(ancestor + 1).to_block(top))
        .await
        .unwrap();
    let with_logs: BTreeSet<u64> = logs.iter().filter_map(|l| l.block_number).collect();
    assert_eq!(
        with_logs.len() as u64,
        depth,
        "every replaced block holds events"
    );
    assert!(rows_after(&live.pool, ancestor).await > 0);
    let digest_before = state(&live.pool).await.unwrap().2;

    chain
        .reorg(depth, replacement(&chain, depth, &format!("depth {depth}")))
        .await
        .expect("anvil_reorg");
    let (same, new_hash) = head(&chain).await;
    assert_eq!(same, top, "anvil_reorg keeps the height");
    assert_ne!(new_hash, old_hash);
    // Caught up at the same height (a reorg that adds no block) ...
    follower.wait_synced(&chain, &live.pool).await;
    assert!(follower.metrics.reorgs.load(Relaxed) >= 1);
    assert!(follower.metrics.rolled_back_blocks.load(Relaxed) >= depth);
    assert_ne!(state(&live.pool).await.unwrap().2, digest_before);
    // ... and after one more block.
    chain.mine(1).await.unwrap();
    follower.wait_synced(&chain, &live.pool).await;
    assert_eq!(follower.metrics.skipped_logs.load(Relaxed), 0);
    follower.stop().await;

    // The replaced blocks' rows are gone, the new ones are there.
    let users: Vec<String> =
        sqlx::query_scalar("SELECT CAST(username AS CHAR) FROM `User` WHERE username = 'dave'")
            .fetch_all(&live.pool)
            .await
            .unwrap();
    assert_eq!(users, ["dave"]);
    let posts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM `Post` WHERE post_title = ?")
        .bind(format!("重组 reorg post depth {depth}"))
        .fetch_one(&live.pool)
        .await
        .unwrap();
    assert_eq!(posts, 1);
    assert_matches_fresh_index(&chain, &live.pool, &format!("a reorg of depth {depth}")).await;
}

#[tokio::test]
async fn a_reorg_of_one_block_is_rolled_back_and_replayed() {
    reorg_of_depth(1, 64).await;
}

#[tokio::test]
async fn a_reorg_of_five_blocks_is_rolled_back_and_replayed() {
    reorg_of_depth(5, 64).await;
}

#[tokio::test]
async fn a_reorg_of_sixty_four_blocks_is_rolled_back_and_replayed() {
    reorg_of_depth(64, 64).await;
}

#[tokio::test]
async fn a_reorg_as_deep_as_reorg_depth_is_handled_after_a_backfill() {
    // REORG_DEPTH 4: the follower backfilled all but the season's last blocks in log
    // ranges, and the reorg reaches exactly to the oldest block it keeps for reorg
    // detection.
    reorg_of_depth(4, 4).await;
}

#[tokio::test]
async fn a_revert_to_a_snapshot_then_other_transactions_is_followed() {
    let Followed {
        chain,
        live,
        mut follower,
        ..
    } = season_followed("revert", 64).await;
    let c = chain.contracts();
    let p = |n: &str| chain.player(n).unwrap();
    let (admin, bob, carol, xiaohong, lilei, hanmeimei, dave, newcomer) = (
        p("admin"),
        p("bob"),
        p("carol"),
        p("xiaohong"),
        p("lilei"),
        p("hanmeimei"),
        p("dave"),
        p("player16"),
    );
    const MINECRAFT: u64 = 3;
    let snapshot = chain.snapshot().await.unwrap();
    let (before, _) = head(&chain).await;

    // Branch A: Minecraft grows to five members and creates its points; bob gets and
    // sends some; dave registers; lilei's account moves to a new wallet; a task is
    // published and cancelled (its refund is the newest Transaction).
    for who in [xiaohong, lilei] {
        send(who.communities(&c).join(U256::from(MINECRAFT)))
            .await
            .unwrap();
    }
    let token_a = create_points(&chain, MINECRAFT, "MC Points", "MC").await;
    send(admin.communities(&c).award(
        U256::from(MINECRAFT),
        bob.address,
        U256::from(100),
        "branch A".into(),
    ))
    .await
    .unwrap();
    send(bob.points(token_a).transfer(carol.address, U256::from(10)))
        .await
        .unwrap();
    send(
        dave.profiles(&c)
            .register("dave".into(), keccak256("dave A")),
    )
    .await
    .unwrap();
    let r = send(
        newcomer
            .profiles(&c)
            .requestRecovery("lilei".into(), keccak256("lost my phone")),
    )
    .await
    .unwrap();
    let request = r
        .decoded_log::<bindings::Profiles::RecoveryRequested>()
        .unwrap()
        .data
        .requestId;
    send(admin.profiles(&c).approveRecovery(request))
        .await
        .unwrap();
    let task_a = publish_and_cancel(&chain, "branch A task", 3).await;
    follower.wait_synced(&chain, &live.pool).await;
    assert_eq!(head(&chain).await.0, before + 10);
    let names: Vec<String> =
        sqlx::query_scalar("SELECT CAST(name AS CHAR) FROM `Token` ORDER BY community_id")
            .fetch_all(&live.pool)
            .await
            .unwrap();
    assert_eq!(names.last().map(String::as_str), Some("MC Points"));
    assert_eq!(
        user(&live.pool, "lilei").await.1,
        format!("{:#x}", newcomer.address)
    );
    assert_eq!(refund(&live.pool).await.0, task_a);

    // Branch B, from the snapshot: other joins, other points, other holders; lilei, at
    // her old address again, posts; another task's refund is the newest Transaction (the
    // same id as A's). Shorter
    // than A at first (the follower sees the head go back), longer in the end.
    assert!(chain.revert(snapshot).await.unwrap());
    assert_eq!(head(&chain).await.0, before);
    send(
        dave.profiles(&c)
            .register("dave".into(), keccak256("dave B")),
    )
    .await
    .unwrap();
    for who in [dave, hanmeimei] {
        send(who.communities(&c).join(U256::from(MINECRAFT)))
            .await
            .unwrap();
    }
    let token_b = create_points(&chain, MINECRAFT, "Creeper Coins", "CC").await;
    send(admin.communities(&c).award(
        U256::from(MINECRAFT),
        carol.address,
        U256::from(7),
        "branch B".into(),
    ))
    .await
    .unwrap();
    send(lilei.posts(&c).createPost(
        U256::from(GENSHIN),
        "branch B post".into(),
        keccak256("branch B post"),
    ))
    .await
    .unwrap();
    let task_b = publish_and_cancel(&chain, "branch B task", 5).await;
    assert_eq!(task_b, task_a, "the same task id on the other branch");
    chain.mine(3).await.unwrap();
    assert_eq!(head(&chain).await.0, before + 11);
    follower.wait_synced(&chain, &live.pool).await;
    assert!(follower.metrics.reorgs.load(Relaxed) >= 1);
    assert_eq!(follower.metrics.skipped_logs.load(Relaxed), 0);
    follower.stop().await;

    let tokens: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(token AS CHAR), CAST(name AS CHAR) FROM `Token` WHERE community_id = ?",
    )
    .bind(MINECRAFT)
    .fetch_all(&live.pool)
    .await
    .unwrap();
    assert_eq!(
        tokens,
        [(format!("{token_b:#x}"), "Creeper Coins".to_owned())]
    );
    let held: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(account AS CHAR), CAST(balance AS CHAR) FROM `Balance` WHERE token = ? \
         ORDER BY account",
    )
    .bind(format!("{token_b:#x}"))
    .fetch_all(&live.pool)
    .await
    .unwrap();
    assert_eq!(held, [(format!("{:#x}", carol.address), "7".to_owned())]);
    let profile: String =
        sqlx::query_scalar("SELECT CAST(profile_hash AS CHAR) FROM `User` WHERE username = 'dave'")
            .fetch_one(&live.pool)
            .await
            .unwrap();
    assert_eq!(profile, format!("{:#x}", keccak256("dave B")));
    let (lilei_id, address) = user(&live.pool, "lilei").await;
    assert_eq!(
        address,
        format!("{:#x}", lilei.address),
        "the recovery is undone"
    );
    let publisher: Option<u32> =
        sqlx::query_scalar("SELECT publisher_id FROM `Post` WHERE post_title = 'branch B post'")
            .fetch_one(&live.pool)
            .await
            .unwrap();
    assert_eq!(
        publisher,
        Some(lilei_id),
        "lilei's old address is hers again"
    );
    let requests: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM `RecoveryRequest` WHERE request_id = ?")
            .bind(request.to::<u64>())
            .fetch_one(&live.pool)
            .await
            .unwrap();
    assert_eq!(requests, 0, "branch A's recovery request is gone");
    assert_eq!(refund(&live.pool).await, (task_b, milli_eth(5).to_string()));
    assert_matches_fresh_index(&chain, &live.pool, "a revert to a snapshot").await;
}

/// A user's (user_id, address).
async fn user(pool: &Pool, username: &str) -> (u32, String) {
    sqlx::query_as("SELECT user_id, CAST(ethereum_address AS CHAR) FROM `User` WHERE username = ?")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The newest Transaction (the season's payouts come first): (task_id, amount).
async fn refund(pool: &Pool) -> (u64, String) {
    sqlx::query_as(
        "SELECT task_id, CAST(transaction_amount AS CHAR) FROM `Transaction` \
         ORDER BY transaction_id DESC LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The system admin creates community `id`'s points; returns the token.
async fn create_points(chain: &Chain, id: u64, name: &str, symbol: &str) -> Address {
    let c = chain.contracts();
    let r = send(chain.admin().communities(&c).createPoints(
        U256::from(id),
        name.into(),
        symbol.into(),
    ))
    .await
    .unwrap();
    r.decoded_log::<bindings::Communities::PointsCreated>()
        .unwrap()
        .data
        .token
}

/// `n` thousandths of an ether.
fn milli_eth(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000_000_000_000u64)
}

/// xiaoming publishes an ETH task of `reward` milli-ether in 原神 and cancels it (a
/// refund, so a `TaskPaid`); returns its id.
async fn publish_and_cancel(chain: &Chain, title: &str, reward: u64) -> u64 {
    let c = chain.contracts();
    let xiaoming = chain.player("xiaoming").unwrap();
    let deadline = chain.timestamp().await.unwrap() + 30 * 24 * 3600;
    let r = send(
        xiaoming
            .market(&c)
            .publishTask(
                U256::from(GENSHIN),
                title.into(),
                keccak256(title),
                Address::ZERO,
                milli_eth(reward),
                deadline,
            )
            .value(milli_eth(reward)),
    )
    .await
    .unwrap();
    let id = r
        .decoded_log::<bindings::TaskMarket::TaskPublished>()
        .unwrap()
        .data
        .id;
    send(xiaoming.market(&c).cancelTask(id)).await.unwrap();
    id.to::<u64>()
}

#[tokio::test]
async fn a_reorg_that_drops_an_unpause_restores_the_pause() {
    // Pause and unpause land in blocks the follower commits one by one; the reorg drops
    // the unpause. The Setting row must go back to `paused = true` (of the pause's
    // block), as a fresh index of the new chain has it.
    let Followed {
        chain,
        live,
        mut follower,
        ..
    } = season_followed("unpause", 64).await;
    let c = chain.contracts();
    let admin = chain.admin();
    send(admin.posts(&c).pause()).await.unwrap();
    follower.wait_synced(&chain, &live.pool).await;
    send(admin.posts(&c).unpause()).await.unwrap();
    follower.wait_synced(&chain, &live.pool).await;
    let dave = chain.player("dave").unwrap();
    let register = dave
        .profiles(&c)
        .register("dave".into(), keccak256("dave"))
        .into_transaction_request()
        .from(dave.address);
    chain.reorg(1, vec![(register, 0)]).await.unwrap();
    chain.mine(1).await.unwrap();
    follower.wait_synced(&chain, &live.pool).await;
    follower.stop().await;
    let paused: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(value AS CHAR) FROM `Setting` WHERE contract = ? AND name = 'paused'",
    )
    .bind(format!("{:#x}", c.Posts))
    .fetch_all(&live.pool)
    .await
    .unwrap();
    assert_eq!(paused, ["true"], "Posts is paused on the new chain");
    assert_matches_fresh_index(&chain, &live.pool, "a reorg that drops an unpause").await;
}

/// Every row of every table, canonical, and the cursor.
async fn dump(
    pool: &Pool,
) -> (
    BTreeMap<&'static str, Vec<String>>,
    Option<(u64, String, String)>,
) {
    let mut conn = pool.acquire().await.unwrap();
    let mut out = BTreeMap::new();
    for spec in TABLES {
        let rows = db::all_rows(&mut conn, spec).await.unwrap();
        out.insert(spec.name, rows.iter().map(|r| r.canonical()).collect());
    }
    drop(conn);
    (out, state(pool).await)
}

/// A follower with REORG_DEPTH 4 (started on `pool`).
async fn follower4(chain: &Chain, pool: &Pool) -> Follower {
    Follower::start(chain, &chain.deployment, pool, 4).await
}

#[tokio::test]
async fn a_reorg_deeper_than_reorg_depth_stops_with_a_clear_error() {
    let Followed {
        chain,
        live,
        follower,
        season,
    } = season_followed("deep", 4).await;
    // The indexer is down while the chain replaces its last 8 blocks (so that it never
    // sees the shortened chain anvil shows for a moment, see the next test).
    follower.stop().await;
    let before = dump(&live.pool).await;
    assert_eq!(before.1.as_ref().unwrap().0, season.last_block);
    chain
        .reorg(8, replacement(&chain, 8, "deep"))
        .await
        .expect("anvil_reorg");
    chain.mine(1).await.unwrap();

    let mut follower = follower4(&chain, &live.pool).await;
    let err = follower
        .wait_stopped(Duration::from_secs(20))
        .await
        .expect_err("the indexer stops on a reorg deeper than REORG_DEPTH");
    assert!(
        matches!(err, SyncError::ReorgTooDeep { depth: 4, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("reorg deeper than 4 blocks"),
        "{err}"
    );
    assert!(!follower.metrics.healthy.load(Relaxed));
    assert_eq!(
        follower.metrics.last_error.lock().unwrap().as_deref(),
        Some(err.to_string().as_str())
    );
    assert_eq!(follower.metrics.reorgs.load(Relaxed), 0);
    assert!(before == dump(&live.pool).await, "nothing was written");

    // A restart refuses the same way, and still writes nothing.
    let opts = indexer::sync::SyncOptions {
        reorg_depth: 4,
        ..options(None)
    };
    let again = Indexer::new(
        live.pool.clone(),
        provider(&chain.endpoint()).await,
        chain.deployment.clone(),
        opts,
        Arc::new(indexer::metrics::Metrics::default()),
    );
    let err = tokio::time::timeout(Duration::from_secs(20), again.run(None))
        .await
        .expect("the restarted indexer stops")
        .expect_err("the restarted indexer refuses");
    assert!(
        matches!(err, SyncError::ReorgTooDeep { depth: 4, .. }),
        "{err:?}"
    );
    assert!(before == dump(&live.pool).await, "nothing was written");
}

#[tokio::test]
async fn a_deep_reorg_seen_while_following_never_corrupts_the_read_model() {
    // While anvil replaces 8 blocks it shows the common ancestor as its head for a
    // moment. A follower that polls then sees a chain that got shorter (a block it
    // knows at the head) and rolls back to it, correctly; one that polls later finds
    // no common block within REORG_DEPTH 4 and stops. Either way its data is right.
    let Followed {
        chain,
        live,
        mut follower,
        ..
    } = season_followed("deeplive", 4).await;
    let before = dump(&live.pool).await;
    chain
        .reorg(8, replacement(&chain, 8, "deep live"))
        .await
        .expect("anvil_reorg");
    chain.mine(1).await.unwrap();
    match follower.wait_synced_or_stopped(&chain, &live.pool).await {
        Some(Err(SyncError::ReorgTooDeep { depth: 4, .. })) => {
            assert!(before == dump(&live.pool).await, "nothing was written");
        }
        None => {
            assert_eq!(follower.metrics.rolled_back_blocks.load(Relaxed), 8);
            follower.stop().await;
            assert_matches_fresh_index(&chain, &live.pool, "a deep reorg while following").await;
        }
        Some(other) => panic!("the follower stopped with {other:?}"),
    }
}
