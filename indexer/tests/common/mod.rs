//! Shared helpers of the indexer's integration tests: fixed contract addresses, a
//! harness that projects blocks of events exactly as `Indexer::commit` does (prefetch,
//! `LogCtx` per log, `end_block`, `flush` inside a transaction, commit), and row
//! assertions that compare whole rows column by column.
//!
//! The tests need MariaDB/MySQL: `DATABASE_URL=mysql://root@127.0.0.1:3306/test`.
#![allow(dead_code)]

use alloy::primitives::{Address, B256, keccak256};
use bindings::Contracts;
use indexer::{
    db,
    decode::Event,
    model::{Key, Row, TableSpec, Val},
    project::{Directory, Outcome, Projector, hash, prefetch_keys, second_round_keys},
    store::{Batch, BlockRecord, LogCtx},
};
use sqlx::{Connection as _, MySql, MySqlConnection, MySqlPool, pool::PoolConnection};
use std::collections::BTreeMap;

/// `Profiles`.
pub(crate) const PROFILES: Address = Address::repeat_byte(0x01);
/// `Communities`.
pub(crate) const COMMUNITIES: Address = Address::repeat_byte(0x02);
/// `Posts`.
pub(crate) const POSTS: Address = Address::repeat_byte(0x03);
/// `TaskMarket`.
pub(crate) const TASK_MARKET: Address = Address::repeat_byte(0x04);
/// `PointMall`.
pub(crate) const POINT_MALL: Address = Address::repeat_byte(0x05);
/// `PointExchange`.
pub(crate) const POINT_EXCHANGE: Address = Address::repeat_byte(0x06);
/// `Forwarder` (ERC-2771; it emits nothing the indexer reads).
pub(crate) const FORWARDER: Address = Address::repeat_byte(0x07);
/// Community 1's point token.
pub(crate) const TOKEN: Address = Address::repeat_byte(0x70);
/// Community 2's point token.
pub(crate) const TOKEN2: Address = Address::repeat_byte(0x71);

/// Players.
pub(crate) const ALICE: Address = Address::repeat_byte(0xa1);
pub(crate) const BOB: Address = Address::repeat_byte(0xb0);
pub(crate) const CAROL: Address = Address::repeat_byte(0xc4);
/// Never registers.
pub(crate) const DAVE: Address = Address::repeat_byte(0xda);
/// Alice's replacement wallet (recovery).
pub(crate) const ALICE2: Address = Address::repeat_byte(0xa2);

/// The first block's time; block `n` is at `T0 + 12 n`.
pub(crate) const T0: u64 = 1_700_000_000;

/// The deployment every test uses.
pub(crate) fn contracts() -> Contracts {
    Contracts {
        Forwarder: FORWARDER,
        Profiles: PROFILES,
        Communities: COMMUNITIES,
        Posts: POSTS,
        TaskMarket: TASK_MARKET,
        PointMall: POINT_MALL,
        PointExchange: POINT_EXCHANGE,
    }
}

/// Lowercase 0x hex, as stored.
pub(crate) fn a(x: Address) -> String {
    indexer::project::addr(x)
}

/// A 32-byte hash of a label.
pub(crate) fn h(label: &str) -> B256 {
    keccak256(label.as_bytes())
}

/// `h(label)` as stored.
pub(crate) fn hs(label: &str) -> String {
    hash(h(label))
}

/// Block `n`'s hash, as stored.
pub(crate) fn block_hash(n: u64) -> String {
    hash(keccak256(format!("block {n}").as_bytes()))
}

/// The hash of transaction `i` of block `n`, as stored.
pub(crate) fn tx_hash(n: u64, i: usize) -> String {
    hash(keccak256(format!("tx {n}/{i}").as_bytes()))
}

/// Block `n`'s time.
pub(crate) fn block_time(n: u64) -> u64 {
    T0 + 12 * n
}

/// Where a row's latest state came from: block, transaction index in the block, log
/// index in the block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At(pub(crate) u64, pub(crate) usize, pub(crate) u64);

/// An expected row of `spec` with the provenance `at`; fill the rest with `Row::set`.
pub(crate) fn want(spec: &'static TableSpec, at: At) -> Row {
    let mut r = Row::new(spec);
    r.set("block_number", at.0)
        .set("block_hash", block_hash(at.0))
        .set("tx_hash", tx_hash(at.0, at.1))
        .set("log_index", at.2);
    r
}

/// A row as (column, value) pairs, for readable assertion failures.
pub(crate) fn pairs(r: &Row) -> Vec<(&'static str, Val)> {
    r.spec
        .cols
        .iter()
        .map(|(c, _)| *c)
        .zip(r.vals.iter().cloned())
        .collect()
}

/// Who emitted `e`.
pub(crate) fn emitter(e: &Event, c: &Contracts) -> Address {
    match e {
        Event::Profiles(_) => c.Profiles,
        Event::Communities(_) => c.Communities,
        Event::Posts(_) => c.Posts,
        Event::TaskMarket(_) => c.TaskMarket,
        Event::PointMall(_) => c.PointMall,
        Event::PointExchange(_) => c.PointExchange,
        Event::Points { token, .. } => *token,
    }
}

/// Wraps a `sol!` event struct into the indexer's [`Event`].
pub(crate) trait Ev {
    /// The event as decoded from its contract's log.
    fn ev(self) -> Event;
}

macro_rules! ev {
    ($variant:ident, $module:ident :: $events:ident : $($e:ident),+ $(,)?) => {
        $(impl Ev for bindings::$module::$e {
            fn ev(self) -> Event {
                Event::$variant(bindings::$module::$events::$e(self))
            }
        })+
    };
}

ev!(Profiles, Profiles::ProfilesEvents: UserRegistered, ProfileUpdated, VerificationChanged,
    PublisherApplied, RecoveryRequested, RecoveryApproved, RecoveryRejected, RoleGranted,
    RoleRevoked, RoleAdminChanged, CommunitiesSet, Paused, Unpaused);
ev!(Communities, Communities::CommunitiesEvents: CommunityCreated, CommunityUpdated,
    MemberJoined, MemberLeft, MemberBanned, MemberUnbanned, CommunityAdminSet, PostPinned,
    PointsCreated, PointsAwarded, PopularityThresholdSet, PostsSet, MembershipMoved, Paused,
    Unpaused);
ev!(Posts, Posts::PostsEvents: PostCreated, PostEdited, PostRemoved, PostLiked, PostUnliked,
    CommentCreated, CommentRemoved, Paused, Unpaused);
ev!(TaskMarket, TaskMarket::TaskMarketEvents: TaskPublished, TaskClaimed, TaskAbandoned,
    WorkSubmitted, WorkApproved, WorkRejected, DisputeOpened, DisputeResolved, TaskCancelled,
    TaskExpired, TaskFinalized, TaskPaid, PayoutDeferred, Withdrawn, TaskClaimReleased,
    DisputeExpired, WithdrawnTo, Paused, Unpaused);
ev!(PointMall, PointMall::PointMallEvents: ItemListed, ItemUpdated, OrderPlaced, OrderPaid,
    OrderCompleted, OrderCancelled, OrderReviewed, PayoutDeferred, Withdrawn, WithdrawnTo, Paused,
    Unpaused);
ev!(PointExchange, PointExchange::PointExchangeEvents: OfferCreated, OfferAccepted,
    OfferCancelled, PayoutDeferred, Withdrawn, WithdrawnTo, Paused, Unpaused);

/// An event of community `community_id`'s point token `token`.
pub(crate) fn points(
    token: Address,
    community_id: u64,
    event: bindings::CommunityPoints::CommunityPointsEvents,
) -> Event {
    Event::Points {
        token,
        community_id,
        event,
    }
}

/// Makes the session work in UTC, as `db::connect` does for the indexer's pool.
pub(crate) async fn utc(conn: &mut MySqlConnection) {
    sqlx::query("SET SESSION time_zone = '+00:00'")
        .execute(conn)
        .await
        .expect("setting the session time zone");
}

/// One connection of the test's pool, in UTC.
pub(crate) async fn connection(pool: &MySqlPool) -> PoolConnection<MySql> {
    let mut conn = pool.acquire().await.expect("a connection of the test pool");
    utc(&mut conn).await;
    conn
}

/// What projecting one batch did.
#[derive(Debug)]
pub(crate) struct Applied {
    /// One per log, in order.
    pub(crate) outcomes: Vec<Outcome>,
    /// Rows loaded one by one (no prefetch covered them).
    pub(crate) misses: u64,
    /// The blocks closed.
    pub(crate) blocks: Vec<BlockRecord>,
}

/// A read model being built batch by batch, the way `Indexer::commit` builds it.
pub(crate) struct World {
    /// The test's connection.
    pub(crate) conn: PoolConnection<MySql>,
    /// Users, tokens and ids.
    pub(crate) dir: Directory,
    /// The deployment.
    pub(crate) contracts: Contracts,
    /// The state digest after the last batch.
    pub(crate) digest: B256,
    /// Whether batches prefetch `prefetch_keys` first (the indexer always does).
    pub(crate) prefetch: bool,
}

impl World {
    /// An empty read model (the test's fresh database), its directory loaded from it.
    pub(crate) async fn new(pool: &MySqlPool) -> Self {
        let mut conn = connection(pool).await;
        let dir = Directory::load(&mut conn)
            .await
            .expect("loading the directory");
        Self {
            conn,
            dir,
            contracts: contracts(),
            digest: B256::ZERO,
            prefetch: true,
        }
    }

    /// Projects `blocks` (number, transactions, each a list of logs) as one batch and
    /// commits it.
    pub(crate) async fn batch(&mut self, blocks: Vec<(u64, Vec<Vec<Event>>)>) -> Applied {
        let Self {
            conn,
            dir,
            contracts,
            digest,
            prefetch,
        } = self;
        let mut tx = conn.begin().await.expect("begin");
        let mut batch = Batch::new(*digest);
        if *prefetch {
            // As `Indexer::commit`: every key of every event, with the directory as it
            // is before the batch, loaded table by table.
            let mut keys: BTreeMap<&'static str, (&'static TableSpec, Vec<Key>)> = BTreeMap::new();
            for (_, txs) in &blocks {
                for e in txs.iter().flatten() {
                    for (spec, key) in prefetch_keys(e, contracts, dir) {
                        keys.entry(spec.name)
                            .or_insert((spec, Vec::new()))
                            .1
                            .push(key);
                    }
                }
            }
            for (_, (spec, ks)) in keys {
                batch.prefetch(&mut tx, spec, ks).await.expect("prefetch");
            }
            // The second round: rows named by rows the first round loaded.
            let mut second: BTreeMap<&'static str, (&'static TableSpec, Vec<Key>)> =
                BTreeMap::new();
            for (_, txs) in &blocks {
                for e in txs.iter().flatten() {
                    for (spec, key) in second_round_keys(e, &batch) {
                        second
                            .entry(spec.name)
                            .or_insert((spec, Vec::new()))
                            .1
                            .push(key);
                    }
                }
            }
            for (_, (spec, ks)) in second {
                batch.prefetch(&mut tx, spec, ks).await.expect("prefetch");
            }
        }
        let mut outcomes = Vec::new();
        for (n, txs) in &blocks {
            let mut log_index = 0u64;
            let mut count = 0u32;
            for (ti, logs) in txs.iter().enumerate() {
                for e in logs {
                    batch.ctx = LogCtx {
                        block_number: *n,
                        block_hash: block_hash(*n),
                        block_time: block_time(*n),
                        tx_hash: tx_hash(*n, ti),
                        log_index,
                    };
                    let mut p = Projector {
                        batch: &mut batch,
                        conn: &mut tx,
                        dir: &mut *dir,
                        contracts: &*contracts,
                    };
                    let o = p.apply(e, emitter(e, contracts)).await.expect("apply");
                    if !matches!(o, Outcome::Skipped(_)) {
                        count += 1;
                    }
                    outcomes.push(o);
                    log_index += 1;
                }
            }
            batch.end_block(
                *n,
                &block_hash(*n),
                &block_hash(n.saturating_sub(1)),
                block_time(*n),
                count,
            );
        }
        batch.flush(&mut tx).await.expect("flush");
        tx.commit().await.expect("commit");
        *digest = batch.digest();
        Applied {
            outcomes,
            misses: batch.misses,
            blocks: batch.blocks().to_vec(),
        }
    }

    /// One batch of one block in which every event is its own transaction: event `i`
    /// has provenance `At(n, i, i)`.
    pub(crate) async fn block(&mut self, n: u64, events: Vec<Event>) -> Vec<Outcome> {
        let txs = events.into_iter().map(|e| vec![e]).collect();
        self.batch(vec![(n, txs)]).await.outcomes
    }

    /// One batch of one block holding one transaction: event `i` has provenance
    /// `At(n, 0, i)`.
    pub(crate) async fn tx(&mut self, n: u64, events: Vec<Event>) -> Vec<Outcome> {
        self.batch(vec![(n, vec![events])]).await.outcomes
    }

    /// The current row of `spec` with `key`.
    pub(crate) async fn row(&mut self, spec: &'static TableSpec, key: Key) -> Option<Row> {
        db::load(&mut self.conn, spec, &[key])
            .await
            .expect("loading a row")
            .pop()
    }

    /// Asserts that the table holds exactly `expected` under its key.
    pub(crate) async fn assert_row(&mut self, expected: &Row) {
        let got = self.row(expected.spec, expected.key()).await;
        assert_eq!(
            got.as_ref().map(pairs),
            Some(pairs(expected)),
            "{} {:?}",
            expected.spec.name,
            expected.key().0
        );
    }

    /// Every row of `spec`, by key.
    pub(crate) async fn rows(&mut self, spec: &'static TableSpec) -> Vec<Row> {
        db::all_rows(&mut self.conn, spec)
            .await
            .expect("reading a table")
    }

    /// `SELECT COUNT(*) FROM table`.
    pub(crate) async fn count(&mut self, table: &str) -> i64 {
        count(&mut self.conn, table).await
    }

    /// A query's single value, as text.
    pub(crate) async fn text(&mut self, sql: &str) -> Option<String> {
        text(&mut self.conn, sql).await
    }

    /// The versions of `spec`'s rows whose key columns match `cond` (SQL), ordered by
    /// `valid_from`: (valid_from, valid_to), the open one (current) last with `None`.
    pub(crate) async fn history(
        &mut self,
        spec: &'static TableSpec,
        cond: &str,
    ) -> Vec<(u64, Option<u64>)> {
        history(&mut self.conn, spec, cond).await
    }
}

/// `SELECT COUNT(*) FROM table`.
pub(crate) async fn count(conn: &mut MySqlConnection, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM `{table}`"))
        .fetch_one(conn)
        .await
        .expect("counting rows")
}

/// A query's single value, as text (`None`: no row or NULL).
pub(crate) async fn text(conn: &mut MySqlConnection, sql: &str) -> Option<String> {
    let v: Option<Option<String>> = sqlx::query_scalar(sql)
        .fetch_optional(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    v.flatten()
}

/// The versions of `spec`'s rows matching `cond` ([`TableSpec::versions`]: the closed ones
/// in `_history`, the open one current): (valid_from, valid_to).
pub(crate) async fn history(
    conn: &mut MySqlConnection,
    spec: &'static TableSpec,
    cond: &str,
) -> Vec<(u64, Option<u64>)> {
    sqlx::query_as(&format!(
        "SELECT valid_from, valid_to FROM {} WHERE {cond} ORDER BY valid_from",
        spec.versions()
    ))
    .fetch_all(conn)
    .await
    .expect("reading history")
}
