//! The task state machine walked on a live chain and held against the read model after
//! every move: a seeded walk over tasks of one community takes every transition the
//! contract allows (open → claimed → submitted → rejected → abandoned, released,
//! disputed, resolved, expired, finalized …), with the clock moved past the review,
//! work and dispute periods, and after each successful transaction the indexer's
//! `Task` row must say what `TaskMarket.getTask` says: the status, the claimer and
//! whether the last submission was rejected; and `TaskRelease` must hold exactly the
//! claims the contract remembers as released. The walk fails if any transition was
//! never taken.
//!
//! Replay a walk with `TASK_WALK_SEED=<seed>` (the seed is printed). Needs MariaDB/MySQL:
//! `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p indexer --test task_walk`.

mod live;

use alloy::primitives::{Address, U256, keccak256};
use bindings::TaskMarket;
use indexer::db::Pool;
use live::{Follower, TestDb, task_label};
use rand::{Rng as _, SeedableRng as _, rngs::StdRng};
use sqlx::Row as _;
use std::collections::{BTreeMap, BTreeSet};
use testkit::{Chain, Player, send, start_chain, status};

/// One day in seconds.
const DAY: u64 = 24 * 3600;
/// The deployment's periods (`DeployConfig::new`).
const REVIEW: u64 = 3 * DAY;
const WORK: u64 = 7 * DAY;
const DISPUTE: u64 = 14 * DAY;
/// The walk ends once every transition was taken and it has made this many moves ...
const MIN_MOVES: usize = 60;
/// ... and fails if it needs more than this many attempts.
const MAX_ATTEMPTS: usize = 900;
/// Tasks the walk keeps alive (not completed, cancelled or expired) to choose from.
const LIVE_TASKS: usize = 4;

/// What a player does to a task, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Move {
    Claim,
    Abandon,
    Release,
    Submit,
    Approve,
    Reject,
    Dispute,
    Resolve,
    Cancel,
    Expire,
    Finalize,
}

/// Where a task is, as far as the moves allowed from it go: its status, and for a
/// claimed task whether its last submission was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    status: u8,
    rejected: bool,
}

/// Every transition the contract allows out of a live task.
fn transitions() -> BTreeSet<(Place, Move)> {
    use Move::*;
    let at = |status, rejected| Place { status, rejected };
    let open = at(status::TASK_OPEN, false);
    let claimed = at(status::TASK_CLAIMED, false);
    let rejected = at(status::TASK_CLAIMED, true);
    let submitted = at(status::TASK_SUBMITTED, false);
    let disputed = at(status::TASK_DISPUTED, true);
    BTreeSet::from([
        (open, Claim),
        (open, Cancel),
        (open, Expire),
        (claimed, Abandon),
        (claimed, Release),
        (claimed, Submit),
        (claimed, Expire),
        (rejected, Abandon),
        (rejected, Release),
        (rejected, Submit),
        (rejected, Dispute),
        (rejected, Expire),
        (submitted, Approve),
        (submitted, Reject),
        (submitted, Finalize),
        (disputed, Resolve),
        (disputed, Expire),
    ])
}

/// The moves worth trying from `from` (the contract decides whether one is allowed now).
fn moves(from: Place) -> Vec<Move> {
    transitions()
        .into_iter()
        .filter(|(f, _)| *f == from)
        .map(|(_, m)| m)
        .collect()
}

/// The players of the walk.
struct Cast<'a> {
    /// System admin: creates the community and resolves disputes.
    admin: &'a Player,
    /// Holds the publisher role.
    publisher: &'a Player,
    /// Claim tasks.
    claimers: Vec<&'a Player>,
}

/// Registers everyone, makes the publisher one, and creates the community (id 1).
async fn set_up(chain: &Chain) -> Cast<'_> {
    let c = chain.contracts();
    let p = |n: &str| chain.player(n).expect("a default player");
    let cast = Cast {
        admin: chain.admin(),
        publisher: p("xiaoming"),
        claimers: vec![p("alice"), p("bob"), p("carol")],
    };
    for who in [cast.admin, cast.publisher]
        .into_iter()
        .chain(cast.claimers.iter().copied())
    {
        send(
            who.profiles(&c)
                .register(who.name.clone(), keccak256(who.name.as_bytes())),
        )
        .await
        .expect("registering");
    }
    send(cast.admin.profiles(&c).grantRole(
        keccak256("TASK_PUBLISHER_ROLE".as_bytes()),
        cast.publisher.address,
    ))
    .await
    .expect("granting the publisher role");
    send(cast.admin.communities(&c).createCommunity(
        "状态机".into(),
        "walk".into(),
        keccak256("a community to walk tasks in"),
    ))
    .await
    .expect("creating the community");
    cast
}

/// A task as the chain holds it.
async fn on_chain(chain: &Chain, id: u64) -> TaskMarket::Task {
    TaskMarket::new(chain.contracts().TaskMarket, &chain.provider)
        .getTask(U256::from(id))
        .call()
        .await
        .expect("getTask")
}

/// Publishes a task paying 0.01 ETH with a deadline 20 to 60 days ahead.
async fn publish(chain: &Chain, cast: &Cast<'_>, rng: &mut StdRng, n: u64) -> u64 {
    let c = chain.contracts();
    let now = chain.timestamp().await.expect("the chain's time");
    let deadline = now + rng.gen_range(20..=60) * DAY;
    let reward = U256::from(10_000_000_000_000_000u64);
    let r = send(
        cast.publisher
            .market(&c)
            .publishTask(
                U256::from(1),
                format!("走一遍 walk task {n}"),
                keccak256(format!("spec {n}")),
                Address::ZERO,
                reward,
                deadline,
            )
            .value(reward),
    )
    .await
    .expect("publishing");
    let published = r
        .decoded_log::<TaskMarket::TaskPublished>()
        .expect("a TaskPublished log");
    published.data.id.to::<u64>()
}

/// Tries `m` on task `id` as whoever may do it (a claimer not yet released from it, for
/// a claim); `Err` holds the revert.
async fn attempt(
    chain: &Chain,
    cast: &Cast<'_>,
    rng: &mut StdRng,
    id: u64,
    task: &TaskMarket::Task,
    m: Move,
) -> eyre::Result<()> {
    let c = chain.contracts();
    let tid = U256::from(id);
    let claimer = cast.claimers.iter().find(|p| p.address == task.claimer);
    let as_claimer = || claimer.copied().ok_or_else(|| eyre::eyre!("no claimer"));
    let hash = keccak256(format!("{m:?} {id} {}", rng.r#gen::<u64>()));
    let publisher = cast.publisher.market(&c);
    match m {
        Move::Claim => {
            let market = TaskMarket::new(c.TaskMarket, &chain.provider);
            let mut free = Vec::new();
            for p in &cast.claimers {
                if !market.wasReleased(tid, p.address).call().await? {
                    free.push(*p);
                }
            }
            if free.is_empty() {
                eyre::bail!("every claimer was released from task {id}");
            }
            let who = free[rng.gen_range(0..free.len())];
            send(who.market(&c).claimTask(tid)).await?
        }
        Move::Abandon => send(as_claimer()?.market(&c).abandonTask(tid)).await?,
        Move::Submit => send(as_claimer()?.market(&c).submitWork(tid, hash)).await?,
        Move::Dispute => send(as_claimer()?.market(&c).openDispute(tid, hash)).await?,
        Move::Finalize => send(as_claimer()?.market(&c).finalizeUnreviewed(tid)).await?,
        Move::Release => send(publisher.releaseClaim(tid)).await?,
        Move::Approve => send(publisher.approveWork(tid)).await?,
        Move::Reject => send(publisher.rejectWork(tid, hash)).await?,
        Move::Cancel => send(publisher.cancelTask(tid)).await?,
        Move::Resolve => {
            let share = rng.gen_range(0..=10_000u16);
            send(cast.admin.market(&c).resolveDispute(tid, share)).await?
        }
        Move::Expire => {
            // Anyone may: the first claimer, whoever holds the task.
            send(cast.claimers[0].market(&c).expireTask(tid)).await?
        }
    };
    Ok(())
}

/// Asserts the read model's row of task `id` says what the chain says, and its
/// released claims are the ones the contract remembers.
async fn assert_row_is_chain(chain: &Chain, cast: &Cast<'_>, pool: &Pool, id: u64, after: &str) {
    let t = on_chain(chain, id).await;
    let row = sqlx::query(
        "SELECT CAST(task_status AS CHAR), CAST(claimer AS CHAR), rejected FROM Task WHERE task_id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .expect("reading the task row")
    .unwrap_or_else(|| panic!("task {id}: no row after {after}"));
    let (label, claimer, rejected): (String, Option<String>, bool) =
        (row.get(0), row.get(1), row.get(2));
    let want_claimer = (t.claimer != Address::ZERO).then(|| format!("{:#x}", t.claimer));
    assert_eq!(
        (label.as_str(), claimer.as_deref(), rejected),
        (task_label(t.status), want_claimer.as_deref(), t.rejected),
        "task {id} after {after}: the read model (left) differs from the chain (right) \
         in (status, claimer, rejected)"
    );
    let market = TaskMarket::new(chain.contracts().TaskMarket, &chain.provider);
    let mut released = BTreeSet::new();
    for p in &cast.claimers {
        if market
            .wasReleased(U256::from(id), p.address)
            .call()
            .await
            .expect("wasReleased")
        {
            released.insert(format!("{:#x}", p.address));
        }
    }
    let rows: BTreeSet<String> =
        sqlx::query_scalar("SELECT CAST(claimer AS CHAR) FROM TaskRelease WHERE task_id = ?")
            .bind(id)
            .fetch_all(pool)
            .await
            .expect("reading TaskRelease")
            .into_iter()
            .collect();
    assert_eq!(rows, released, "task {id} after {after}: released claims");
}

#[tokio::test]
async fn every_task_transition_leaves_the_read_model_equal_to_the_chain() {
    let seed = std::env::var("TASK_WALK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(18);
    eprintln!("task walk: seed {seed} (replay with TASK_WALK_SEED={seed})");
    let mut rng = StdRng::seed_from_u64(seed);
    let chain = start_chain()
        .await
        .expect("anvil starts and the system deploys");
    let cast = set_up(&chain).await;
    let db = TestDb::create("walk").await;
    let mut follower = Follower::start(&chain, &chain.deployment, &db.pool, 64).await;

    let mut tasks: Vec<u64> = Vec::new();
    let mut taken: BTreeMap<(Place, Move), u32> = BTreeMap::new();
    let (mut moved, mut attempts, mut misses) = (0usize, 0usize, 0u32);
    let all = transitions();
    while moved < MIN_MOVES || taken.len() < all.len() {
        attempts += 1;
        assert!(
            attempts <= MAX_ATTEMPTS,
            "after {attempts} attempts ({moved} moves) these transitions were never taken: \
             {:?}",
            all.iter()
                .filter(|t| !taken.contains_key(t))
                .collect::<Vec<_>>()
        );
        // Tasks to choose from: the live ones, and new ones while there are too few.
        let mut live = Vec::new();
        for &id in &tasks {
            let t = on_chain(&chain, id).await;
            if matches!(
                t.status,
                status::TASK_OPEN
                    | status::TASK_CLAIMED
                    | status::TASK_SUBMITTED
                    | status::TASK_DISPUTED
            ) {
                live.push((id, t));
            }
        }
        if live.len() < LIVE_TASKS {
            let id = publish(&chain, &cast, &mut rng, tasks.len() as u64 + 1).await;
            tasks.push(id);
            follower.wait_synced(&chain, &db.pool).await;
            assert_row_is_chain(&chain, &cast, &db.pool, id, "publishTask").await;
            continue;
        }
        // After a few refusals in a row (most wait for time), time moves on: past the
        // review, work or dispute period, or a little.
        if misses >= 3 {
            misses = 0;
            let step = [3600, REVIEW + 1, WORK + 1, DISPUTE + 1][rng.gen_range(0..4)];
            chain.increase_time(step).await.expect("evm_increaseTime");
            chain.mine(1).await.expect("mining");
            continue;
        }
        // Mostly a transition not yet taken, else any.
        let options: Vec<(u64, &TaskMarket::Task, Place, Move)> = live
            .iter()
            .flat_map(|(id, t)| {
                let from = Place {
                    status: t.status,
                    rejected: t.rejected,
                };
                moves(from).into_iter().map(move |m| (*id, t, from, m))
            })
            .collect();
        let fresh: Vec<_> = options
            .iter()
            .filter(|(_, _, f, m)| !taken.contains_key(&(*f, *m)))
            .collect();
        let &(id, task, from, m) = if !fresh.is_empty() && rng.gen_bool(0.75) {
            fresh[rng.gen_range(0..fresh.len())]
        } else {
            &options[rng.gen_range(0..options.len())]
        };
        let task = task.clone();
        match attempt(&chain, &cast, &mut rng, id, &task, m).await {
            Ok(()) => {
                misses = 0;
                moved += 1;
                *taken.entry((from, m)).or_default() += 1;
                follower.wait_synced(&chain, &db.pool).await;
                let after = format!("move {moved}: {m:?} from {from:?}");
                assert_row_is_chain(&chain, &cast, &db.pool, id, &after).await;
            }
            Err(_) => misses += 1,
        }
    }
    // Every task, once more, at the end.
    for &id in &tasks {
        assert_row_is_chain(&chain, &cast, &db.pool, id, "the walk").await;
    }
    eprintln!(
        "task walk: {moved} moves in {attempts} attempts over {} tasks; taken {taken:?}",
        tasks.len()
    );
    follower.stop().await;
}
