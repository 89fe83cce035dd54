//! The indexer against a live chain: `testkit::play_season` on a fresh anvil, indexed
//! in-process, then the read model checked row by row against the season's expected
//! state and the chain itself; the audit (clean, then one corrupted row); logs the
//! indexer cannot decode (counted and skipped, the rest of their batch kept); and head
//! following over WebSocket (in-process and the `indexer` binary).
//!
//! Needs MariaDB/MySQL: `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p
//! indexer --test chain` (every test creates and drops databases of its own).

mod live;

use alloy::{
    primitives::{Address, B256, Bytes, U256, keccak256},
    providers::{Provider, ProviderBuilder},
    rpc::types::{Filter, TransactionRequest},
    sol_types::SolEvent,
};
use bindings::{
    Communities, CommunityPoints, Deployment, PointExchange, PointMall, Profiles,
    TaskMarket::TaskPaid,
};
use indexer::{
    audit::{Diff, audit},
    db,
    model::{
        BALANCE, COMMENT, COMMUNITY, ESCROW_CREDIT, ITEM, MEMBER, OFFER, ORDERS, POINT, POST,
        POST_LIKE, RECOVERY_REQUEST, REVIEW, ROLE_MEMBER, Row, SETTING, TABLES, TASK, TASK_RELEASE,
        TOKEN, TRANSACTION, TableSpec, USER, Val,
    },
    sync::{Indexer, SyncOptions},
};
use live::{TestDb, event_counts, index_to, options, provider, state, task_label};
use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::{Arc, atomic::Ordering::Relaxed},
    time::{Duration, Instant},
};
use testkit::{PLAYER_NAMES, Season, play_season, send, start_chain, status};

/// An address as the read model stores it, derived independently of the indexer:
/// lowercase `0x` hex.
fn lower(a: Address) -> String {
    a.to_checksum(None).to_lowercase()
}

/// A hash as stored.
fn hex(h: B256) -> String {
    format!("{h:#x}")
}

/// Every current row of `spec`, by key.
async fn rows(pool: &db::Pool, spec: &'static TableSpec) -> Vec<Row> {
    let mut conn = pool.acquire().await.expect("a connection");
    db::all_rows(&mut conn, spec)
        .await
        .expect("reading a table")
}

/// The row whose `col` is `v` (exactly one).
fn find<'a>(rows: &'a [Row], col: &str, v: impl Into<Val>) -> &'a Row {
    let v = v.into();
    let found: Vec<&Row> = rows.iter().filter(|r| r.get(col) == &v).collect();
    assert_eq!(found.len(), 1, "one row with {col} = {v:?}: {found:?}");
    found[0]
}

fn order_label(s: u8) -> &'static str {
    match s {
        status::ORDER_ORDERED => "已下单",
        status::ORDER_PAID => "已支付",
        status::ORDER_COMPLETED => "已完成",
        status::ORDER_CANCELLED => "已取消",
        other => panic!("order status {other}"),
    }
}

fn offer_label(s: u8) -> &'static str {
    match s {
        status::OFFER_OPEN => "open",
        status::OFFER_FILLED => "filled",
        status::OFFER_CANCELLED => "cancelled",
        other => panic!("offer status {other}"),
    }
}

fn comment_label(kind: u8) -> &'static str {
    match kind {
        0 => "任务",
        1 => "社区",
        2 => "帖子",
        other => panic!("comment target kind {other}"),
    }
}

/// A signed decimal ledger amount.
fn signed(v: &str) -> i128 {
    v.parse()
        .unwrap_or_else(|_| panic!("a ledger amount: {v:?}"))
}

/// `user_id` of each season account: registration order is `PLAYER_NAMES[..11]`, and
/// the recovery moved `wangwu`'s id to `wangwu_new`'s address.
fn user_ids(season: &Season) -> HashMap<Address, u64> {
    PLAYER_NAMES[..11]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let u = season.user(name).expect("a season user");
            (u.address, i as u64 + 1)
        })
        .collect()
}

/// A fresh chain with a season played, indexed in-process up to its last block.
struct Indexed {
    chain: testkit::Chain,
    season: Season,
    db: TestDb,
    metrics: Arc<indexer::metrics::Metrics>,
}

async fn season_indexed(tag: &str) -> Indexed {
    let chain = start_chain()
        .await
        .expect("anvil starts and the system deploys");
    let season = play_season(&chain).await.expect("the season plays");
    let db = TestDb::create(tag).await;
    let metrics = index_to(&chain, &chain.deployment, &db.pool, season.last_block).await;
    Indexed {
        chain,
        season,
        db,
        metrics,
    }
}

#[tokio::test]
async fn a_season_is_indexed_row_by_row() {
    let started = Instant::now();
    let Indexed {
        chain,
        season,
        db,
        metrics,
    } = season_indexed("season").await;
    let pool = &db.pool;
    let p = &chain.provider;
    let c = chain.contracts();
    let ids = user_ids(&season);
    let uid = |a: Address| ids.get(&a).map_or(Val::Null, |&i| Val::U(i));

    // The cursor is at the season's last block, with the chain's hash.
    let (indexed, indexed_hash, digest) = state(pool).await.expect("a cursor");
    assert_eq!(indexed, season.last_block);
    let last = p
        .get_block_by_number(season.last_block.into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(indexed_hash, hex(last.header.hash));
    assert_ne!(digest, hex(B256::ZERO));

    // Users: registration order, lowercase addresses, verification, profiles.
    let users = rows(pool, &USER).await;
    assert_eq!(users.len(), season.users.len());
    assert_eq!(users.len(), 11);
    for (i, name) in PLAYER_NAMES[..11].iter().enumerate() {
        let u = season.user(name).unwrap();
        let r = &users[i];
        assert_eq!(r.u64("user_id"), i as u64 + 1, "{name}'s user_id");
        assert_eq!(r.str("username"), *name);
        assert_eq!(r.str("ethereum_address"), lower(u.address), "{name}");
        assert_eq!(r.get("is_verified"), &Val::B(u.verified), "{name} verified");
        assert_eq!(
            r.str("profile_hash"),
            hex(u.profile_hash),
            "{name}'s profile"
        );
    }
    assert_eq!(
        find(&users, "username", "wangwu").str("ethereum_address"),
        lower(chain.player("wangwu_new").unwrap().address),
        "the recovery moved wangwu to his new address"
    );

    // Communities and their point tokens.
    let communities = rows(pool, &COMMUNITY).await;
    assert_eq!(communities.len(), season.communities.len());
    for sc in &season.communities {
        let r = find(&communities, "community_id", sc.id);
        assert_eq!(r.str("community_name"), sc.name);
        assert_eq!(r.str("theme"), sc.theme);
        assert_eq!(r.u64("member_count"), sc.member_count(), "{}", sc.name);
        assert_eq!(r.str("creator_address"), lower(sc.creator));
        assert_eq!(r.get("creator_id"), &uid(sc.creator));
        assert_eq!(r.str("description_hash"), hex(sc.description_hash));
        match sc.points {
            Some(token) => {
                let t = CommunityPoints::new(token, p);
                assert_eq!(r.str("community_contract_address"), lower(token));
                assert_eq!(r.str("points_name"), t.name().call().await.unwrap());
                assert_eq!(r.str("points_symbol"), t.symbol().call().await.unwrap());
            }
            None => {
                assert_eq!(r.get("community_contract_address"), &Val::Null);
                assert_eq!(r.get("points_name"), &Val::Null);
            }
        }
    }

    // Members: status and admin flag.
    let members = rows(pool, &MEMBER).await;
    for sc in &season.communities {
        let of = |status: &str| -> BTreeSet<String> {
            members
                .iter()
                .filter(|r| r.u64("community_id") == sc.id && r.str("status") == status)
                .map(|r| r.str("account").to_owned())
                .collect()
        };
        let set = |s: &BTreeSet<Address>| s.iter().map(|a| lower(*a)).collect::<BTreeSet<_>>();
        assert_eq!(of("member"), set(&sc.members), "members of {}", sc.name);
        assert_eq!(of("banned"), set(&sc.banned), "banned from {}", sc.name);
        let admins: BTreeSet<String> = members
            .iter()
            .filter(|r| r.u64("community_id") == sc.id && r.get("is_admin") == &Val::B(true))
            .map(|r| r.str("account").to_owned())
            .collect();
        assert_eq!(admins, set(&sc.admins), "admins of {}", sc.name);
        // Since when, as the season saw it and as the chain keeps it.
        let on_chain = Communities::new(c.Communities, p);
        for (admin, since) in &sc.admin_since {
            let r = members
                .iter()
                .find(|r| r.u64("community_id") == sc.id && r.str("account") == lower(*admin))
                .unwrap();
            assert_eq!(
                r.get("admin_since"),
                &Val::U(*since),
                "{admin} in {}",
                sc.name
            );
            let standing = on_chain
                .standingOf(U256::from(sc.id), *admin)
                .call()
                .await
                .unwrap();
            assert_eq!(standing.adminSince, *since);
        }
    }
    for r in &members {
        assert_eq!(
            r.get("admin_since") != &Val::Null,
            r.get("is_admin") == &Val::B(true),
            "{r:?}"
        );
    }
    // The recovery moved wangwu's seat in Minecraft: the old address holds nothing.
    let old = lower(chain.player("wangwu").unwrap().address);
    let old_rows: Vec<&Row> = members.iter().filter(|r| r.str("account") == old).collect();
    assert!(!old_rows.is_empty());
    for r in old_rows {
        assert_eq!(
            (r.str("status"), r.get("is_admin")),
            ("left", &Val::B(false))
        );
    }
    for r in &members {
        assert!(
            ["member", "left", "banned"].contains(&r.str("status")),
            "{r:?}"
        );
    }
    assert!(members.iter().any(|r| r.str("status") == "left"));

    // Posts, likes, pins, comment counts.
    let posts = rows(pool, &POST).await;
    let likes = rows(pool, &POST_LIKE).await;
    assert_eq!(posts.len(), season.posts.len());
    for sp in &season.posts {
        let r = find(&posts, "post_id", sp.id);
        let community = season.community(sp.community_id).unwrap();
        // A post counts its visible comments.
        let comments = season
            .comments
            .iter()
            .filter(|c| c.target_kind == 2 && c.target_id == sp.id && c.removed_by.is_none())
            .count() as u64;
        assert_eq!(r.str("post_title"), sp.title);
        assert_eq!(r.u64("community_id"), sp.community_id);
        assert_eq!(r.str("author"), lower(sp.author));
        assert_eq!(r.get("publisher_id"), &uid(sp.author));
        assert_eq!(r.str("content_hash"), hex(sp.content_hash));
        assert_eq!(
            r.get("removed"),
            &Val::B(sp.removed),
            "post {} removed",
            sp.id
        );
        assert_eq!(
            r.get("pinned"),
            &Val::B(community.pinned.contains(&sp.id)),
            "post {} pinned",
            sp.id
        );
        assert_eq!(
            r.u64("like_count"),
            sp.likers.len() as u64,
            "post {} likes",
            sp.id
        );
        assert_eq!(r.u64("comment_count"), comments, "post {} comments", sp.id);
        let likers: BTreeSet<String> = likes
            .iter()
            .filter(|l| l.u64("post_id") == sp.id && l.get("liked") == &Val::B(true))
            .map(|l| l.str("account").to_owned())
            .collect();
        let want: BTreeSet<String> = sp.likers.iter().map(|a| lower(*a)).collect();
        assert_eq!(likers, want, "likers of post {}", sp.id);
    }
    assert!(posts.iter().any(|r| r.get("removed") == &Val::B(true)));
    assert!(posts.iter().any(|r| r.get("pinned") == &Val::B(true)));

    // Comments, with the seed's object type labels.
    let comments = rows(pool, &COMMENT).await;
    assert_eq!(comments.len(), season.comments.len());
    for sc in &season.comments {
        let r = find(&comments, "comment_id", sc.id);
        assert_eq!(r.str("comment_object_type"), comment_label(sc.target_kind));
        assert_eq!(r.u64("target_id"), sc.target_id);
        assert_eq!(r.str("author"), lower(sc.author));
        assert_eq!(r.get("user_id"), &uid(sc.author));
        assert_eq!(r.get("removed"), &Val::B(sc.removed_by.is_some()));
        assert_eq!(r.get("removed_by"), &sc.removed_by.map(lower).into());
    }
    assert!(comments.iter().any(|r| r.get("removed") == &Val::B(true)));
    let labels: BTreeSet<&str> = comments
        .iter()
        .map(|r| r.str("comment_object_type"))
        .collect();
    assert_eq!(labels, BTreeSet::from(["任务", "社区", "帖子"]));

    // Tasks: every status label, claimer, price.
    let tasks = rows(pool, &TASK).await;
    assert_eq!(tasks.len(), season.tasks.len());
    for st in &season.tasks {
        let r = find(&tasks, "task_id", st.id);
        assert_eq!(r.str("task_name"), st.title);
        assert_eq!(
            r.str("task_status"),
            task_label(st.status),
            "task {}",
            st.id
        );
        assert_eq!(r.str("task_price"), st.reward.to_string(), "task {}", st.id);
        assert_eq!(r.str("reward_token"), lower(st.reward_token));
        assert_eq!(r.u64("community_id"), st.community_id);
        assert_eq!(r.str("publisher"), lower(st.publisher));
        assert_eq!(r.str("spec_hash"), hex(st.spec_hash));
        assert_eq!(r.u64("deadline"), st.deadline);
        let claimer = if st.claimer == Address::ZERO {
            Val::Null
        } else {
            Val::S(lower(st.claimer))
        };
        assert_eq!(r.get("claimer"), &claimer, "task {} claimer", st.id);
        assert_eq!(
            r.get("work_deadline"),
            &st.work_deadline.into(),
            "task {} work deadline",
            st.id
        );
        // The current claim's time, as the contract keeps it for the arbiter rule.
        let stored = bindings::TaskMarket::new(c.TaskMarket, p)
            .getTask(U256::from(st.id))
            .call()
            .await
            .unwrap()
            .claimedAt;
        assert_eq!(
            r.get("claimed_at"),
            &(stored != 0).then_some(u64::from(stored)).into(),
            "task {} claimed at",
            st.id
        );
        assert_eq!(
            r.get("dispute_deadline"),
            &st.dispute_deadline.into(),
            "task {} dispute deadline",
            st.id
        );
    }
    // Released claims, one row each.
    let releases = rows(pool, &TASK_RELEASE).await;
    let want: BTreeSet<(u64, String)> = season
        .tasks
        .iter()
        .flat_map(|t| t.released.iter().map(move |a| (t.id, lower(*a))))
        .collect();
    let got: BTreeSet<(u64, String)> = releases
        .iter()
        .map(|r| (r.u64("task_id"), r.str("claimer").to_owned()))
        .collect();
    assert_eq!(got, want);
    assert!(!got.is_empty());
    let labels: BTreeSet<&str> = tasks.iter().map(|r| r.str("task_status")).collect();
    assert_eq!(
        labels,
        BTreeSet::from(["发布", "领取", "已提交", "完成", "过期", "已取消", "争议中"])
    );

    // One Transaction row per TaskPaid log, in log order.
    let paid = p
        .get_logs(
            &Filter::new()
                .address(c.TaskMarket)
                .event_signature(TaskPaid::SIGNATURE_HASH)
                .from_block(0)
                .to_block(season.last_block),
        )
        .await
        .unwrap();
    let transactions = rows(pool, &TRANSACTION).await;
    assert_eq!(transactions.len(), paid.len());
    assert_eq!(paid.len(), season.event_counts["TaskPaid"]);
    for (r, log) in transactions.iter().zip(&paid) {
        let e = log.log_decode::<TaskPaid>().unwrap().inner.data;
        assert_eq!(r.u64("task_id"), e.taskId.to::<u64>());
        assert_eq!(r.str("sender"), lower(e.from));
        assert_eq!(r.str("receiver"), lower(e.to));
        assert_eq!(r.get("sender_id"), &uid(e.from));
        assert_eq!(r.get("receiver_id"), &uid(e.to));
        assert_eq!(r.str("transaction_amount"), e.amount.to_string());
        assert_eq!(r.str("token"), lower(e.token));
        assert_eq!(r.u64("block_number"), log.block_number.unwrap());
        assert_eq!(r.str("tx_hash"), hex(log.transaction_hash.unwrap()));
        assert_eq!(r.u64("log_index"), log.log_index.unwrap());
    }

    // Items, orders, reviews.
    let items = rows(pool, &ITEM).await;
    let orders = rows(pool, &ORDERS).await;
    let reviews = rows(pool, &REVIEW).await;
    assert_eq!(items.len(), season.items.len());
    assert_eq!(orders.len(), season.orders.len());
    for si in &season.items {
        let r = find(&items, "item_id", si.id);
        let sold: u64 = season
            .orders
            .iter()
            .filter(|o| o.item_id == si.id && o.status == status::ORDER_COMPLETED)
            .map(|o| u64::from(o.quantity))
            .sum();
        assert_eq!(r.str("name"), si.name);
        assert_eq!(r.u64("community_id"), si.community_id);
        assert_eq!(r.str("token"), lower(si.token));
        assert_eq!(r.str("metadata_hash"), hex(si.metadata_hash));
        assert_eq!(r.str("price"), si.price.to_string(), "item {}", si.id);
        assert_eq!(r.u64("stock"), u64::from(si.stock), "item {} stock", si.id);
        assert_eq!(r.get("active"), &Val::B(si.active), "item {} active", si.id);
        assert_eq!(r.u64("sold"), sold, "item {} sold", si.id);
        assert_eq!(r.u64("rating_sum"), si.rating_sum, "item {} rating", si.id);
        assert_eq!(
            r.u64("rating_count"),
            si.rating_count,
            "item {} ratings",
            si.id
        );
    }
    for so in &season.orders {
        let r = find(&orders, "order_id", so.id);
        let item = season.items.iter().find(|i| i.id == so.item_id).unwrap();
        assert_eq!(
            r.str("order_status"),
            order_label(so.status),
            "order {}",
            so.id
        );
        assert_eq!(r.str("order_item"), item.name);
        assert_eq!(r.str("order_amount"), so.amount.to_string());
        assert_eq!(r.u64("item_id"), so.item_id);
        assert_eq!(r.u64("community_id"), item.community_id);
        assert_eq!(r.str("buyer"), lower(so.buyer));
        assert_eq!(r.get("user_id"), &uid(so.buyer));
        assert_eq!(r.u64("quantity"), u64::from(so.quantity));
        assert_eq!(r.str("token"), lower(item.token));
        assert_eq!(r.get("reviewed"), &Val::B(so.stars.is_some()));
        assert_eq!(r.u64("expires_at"), so.expires_at, "order {}", so.id);
        match so.stars {
            Some(stars) => {
                let review = find(&reviews, "order_id", so.id);
                assert_eq!(review.u64("stars"), u64::from(stars));
                assert_eq!(review.u64("item_id"), so.item_id);
                assert_eq!(review.str("buyer"), lower(so.buyer));
            }
            None => assert!(reviews.iter().all(|r| r.u64("order_id") != so.id)),
        }
    }
    let labels: BTreeSet<&str> = orders.iter().map(|r| r.str("order_status")).collect();
    assert_eq!(
        labels,
        BTreeSet::from(["已下单", "已支付", "已完成", "已取消"])
    );
    assert_eq!(
        reviews.len(),
        season.orders.iter().filter(|o| o.stars.is_some()).count()
    );

    // Offers.
    let offers = rows(pool, &OFFER).await;
    assert_eq!(offers.len(), season.offers.len());
    for so in &season.offers {
        let r = find(&offers, "offer_id", so.id);
        assert_eq!(r.str("maker"), lower(so.maker));
        assert_eq!(r.str("give_token"), lower(so.give_token));
        assert_eq!(r.str("give_amount"), so.give_amount.to_string());
        assert_eq!(r.str("want_token"), lower(so.want_token));
        assert_eq!(r.str("want_amount"), so.want_amount.to_string());
        assert_eq!(r.str("counterparty"), lower(so.counterparty));
        assert_eq!(r.str("status"), offer_label(so.status), "offer {}", so.id);
        assert_eq!(
            r.get("taker"),
            &so.taker.map(lower).into(),
            "offer {}",
            so.id
        );
    }

    // Tokens: supply as the chain says.
    let tokens = rows(pool, &TOKEN).await;
    let created: Vec<_> = season
        .communities
        .iter()
        .filter(|c| c.points.is_some())
        .collect();
    assert_eq!(tokens.len(), created.len());
    for sc in created {
        let token = sc.points.unwrap();
        let t = CommunityPoints::new(token, p);
        let r = find(&tokens, "token", lower(token));
        assert_eq!(r.u64("community_id"), sc.id);
        assert_eq!(r.str("name"), t.name().call().await.unwrap());
        assert_eq!(r.str("symbol"), t.symbol().call().await.unwrap());
        assert_eq!(
            r.str("total_supply"),
            t.totalSupply().call().await.unwrap().to_string()
        );
    }

    // Balances: the season's fold of the Transfer logs, and balanceOf on chain.
    let balances = rows(pool, &BALANCE).await;
    assert_eq!(balances.len(), season.balances.len());
    let mut held = BTreeMap::new();
    for ((token, account), want) in &season.balances {
        let r = balances
            .iter()
            .find(|r| r.str("token") == lower(*token) && r.str("account") == lower(*account))
            .unwrap_or_else(|| panic!("no Balance row for {account} in {token}"));
        let on_chain = CommunityPoints::new(*token, p)
            .balanceOf(*account)
            .call()
            .await
            .unwrap();
        assert_eq!(*want, on_chain, "the season's fold agrees with the chain");
        assert_eq!(
            r.str("balance"),
            on_chain.to_string(),
            "{account} in {token}"
        );
        held.insert(
            (lower(*token), lower(*account)),
            i128::try_from(on_chain).unwrap(),
        );
    }
    // The point ledger sums to the balances.
    let mut sums: BTreeMap<(String, String), i128> = BTreeMap::new();
    for r in rows(pool, &POINT).await {
        *sums
            .entry((r.str("token").to_owned(), r.str("account").to_owned()))
            .or_default() += signed(r.str("point_amount"));
        assert!(!r.str("source").is_empty());
    }
    assert_eq!(
        sums, held,
        "Point ledger sums per (token, account) = balances"
    );

    // Profiles bookkeeping: recovery requests, roles, settings, escrow credits.
    let requests = rows(pool, &RECOVERY_REQUEST).await;
    let statuses: BTreeSet<&str> = requests.iter().map(|r| r.str("status")).collect();
    assert_eq!(statuses, BTreeSet::from(["approved", "rejected"]));
    let roles = rows(pool, &ROLE_MEMBER).await;
    let role = |name: &str, who: &str| -> Option<Val> {
        let a = lower(chain.player(who).unwrap().address);
        roles
            .iter()
            .find(|r| r.str("role") == name && r.str("account") == a)
            .map(|r| r.get("granted").clone())
    };
    assert_eq!(role("TASK_PUBLISHER", "xiaoming"), Some(Val::B(true)));
    assert_eq!(role("VERIFIER", "lisi"), Some(Val::B(false)));
    assert_eq!(role("PAUSER", "lisi"), Some(Val::B(false)));
    assert_eq!(role("SYSTEM_ADMIN", "admin"), Some(Val::B(true)));
    let settings = rows(pool, &SETTING).await;
    for (name, a) in c.named() {
        let paused = settings
            .iter()
            .find(|r| r.str("contract") == lower(a) && r.str("name") == "paused");
        assert_eq!(
            paused.map(|r| r.str("value")),
            Some("false"),
            "{name} was paused and unpaused"
        );
    }
    assert!(
        settings
            .iter()
            .any(|r| r.str("name") == "popularity_threshold" && r.str("value") == "5")
    );
    let credits = rows(pool, &ESCROW_CREDIT).await;
    assert_eq!(credits.len(), 2, "carol's deferred payouts: {credits:?}");
    for r in &credits {
        assert_eq!(r.str("owed"), "0", "withdrawn: {r:?}");
    }

    // Provenance: every row of every table names a block of the season's chain (with
    // that block's hash) and a transaction of that block.
    let mut blocks: BTreeMap<u64, (String, BTreeSet<String>)> = BTreeMap::new();
    for spec in TABLES {
        for r in rows(pool, spec).await {
            let n = r.u64("block_number");
            assert!(
                (season.start_block..=season.last_block).contains(&n),
                "{} row from block {n}: {r:?}",
                spec.name
            );
            for col in ["block_hash", "tx_hash"] {
                let v = r.str(col);
                assert!(
                    v.len() == 66 && v.starts_with("0x") && v != hex(B256::ZERO),
                    "{} {col} {v:?}",
                    spec.name
                );
            }
            if let std::collections::btree_map::Entry::Vacant(e) = blocks.entry(n) {
                let b = p.get_block_by_number(n.into()).await.unwrap().unwrap();
                let txs = b.transactions.hashes().map(hex).collect();
                e.insert((hex(b.header.hash), txs));
            }
            let (hash, txs) = &blocks[&n];
            assert_eq!(r.str("block_hash"), hash, "{} row's block hash", spec.name);
            assert!(
                txs.contains(r.str("tx_hash")),
                "{} row's tx_hash is in its block",
                spec.name
            );
        }
    }

    // Metrics: nothing skipped, every event of the season counted, by name.
    assert_eq!(metrics.skipped_logs.load(Relaxed), 0);
    assert!(
        metrics
            .render()
            .contains("\nindexer_skipped_logs_total 0\n")
    );
    let want: BTreeMap<String, u64> = season
        .event_counts
        .iter()
        .map(|(k, v)| (k.clone(), *v as u64))
        .collect();
    assert_eq!(event_counts(&metrics), want);
    assert_eq!(metrics.indexed_block.load(Relaxed), season.last_block);
    println!("season indexed and checked in {:?}", started.elapsed());
}

#[tokio::test]
async fn the_audit_agrees_then_names_the_one_corrupted_row() {
    let Indexed {
        chain, season, db, ..
    } = season_indexed("audit").await;
    let audit_now = async || {
        audit(
            &db.pool,
            &db.url,
            provider(&chain.endpoint()).await,
            chain.deployment.clone(),
            options(None),
        )
        .await
        .expect("the audit runs")
    };
    let diffs = audit_now().await;
    assert!(
        diffs.is_empty(),
        "a fresh index agrees with itself: {}",
        diffs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );

    // Corrupt one row: an open task shown as completed.
    let open = season
        .tasks
        .iter()
        .find(|t| t.status == status::TASK_OPEN)
        .expect("an open task")
        .id;
    let done = sqlx::query("UPDATE `Task` SET task_status = '完成' WHERE task_id = ?")
        .bind(open)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
    let diffs = audit_now().await;
    assert_eq!(diffs.len(), 1, "exactly the corrupted row: {diffs:?}");
    match &diffs[0] {
        Diff::Changed {
            table,
            expected,
            found,
        } => {
            assert_eq!(*table, "Task");
            let key = format!("{open}\u{1f}");
            assert!(expected.starts_with(&key) && found.starts_with(&key));
            assert!(expected.contains("\u{1f}发布\u{1f}"), "{expected}");
            assert!(found.contains("\u{1f}完成\u{1f}"), "{found}");
        }
        other => panic!("expected a changed Task row, got {other}"),
    }
    // Notifications are chain rows like the others: a lost one is named too.
    let lost = sqlx::query(
        "DELETE FROM `Notification` WHERE kind = 'task_claimed' ORDER BY block_number LIMIT 1",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        lost.rows_affected(),
        1,
        "the season's claims notify publishers"
    );
    let diffs = audit_now().await;
    assert_eq!(diffs.len(), 2, "the task and the notification: {diffs:?}");
    assert!(
        diffs.iter().any(|d| matches!(
            d,
            Diff::Missing { table: "Notification", expected } if expected.contains("task_claimed")
        )),
        "{diffs:?}"
    );
    // No scratch database is left behind.
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
    )
    .bind(format!("{}_audit_%", db.name))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(left.is_empty(), "{left:?}");
}

/// A lost-wallet recovery of an account that is a member of two communities and the
/// admin of both: `MembershipMoved` moves each seat (with since when) to the new address,
/// the read model follows, and `indexer audit` re-derives exactly the same rows.
#[tokio::test]
async fn a_recovery_that_moves_memberships_and_admin_rights_audits_clean() {
    let chain = start_chain().await.unwrap();
    let c = chain.contracts();
    let p = |name: &str| chain.player(name).unwrap();
    let (admin, alice, bob, carol, bob_new) =
        (chain.admin(), p("alice"), p("bob"), p("carol"), p("dave"));
    for who in [alice, bob, carol] {
        send(
            who.profiles(&c)
                .register(who.name.clone(), keccak256(who.name.as_bytes())),
        )
        .await
        .unwrap();
    }
    for who in [alice, bob] {
        send(admin.profiles(&c).setVerified(who.address, true))
            .await
            .unwrap();
    }
    let doc = keccak256("about");
    send(
        alice
            .communities(&c)
            .createCommunity("原神".into(), "Genshin".into(), doc),
    )
    .await
    .unwrap();
    send(
        bob.communities(&c)
            .createCommunity("Minecraft".into(), "blocks".into(), doc),
    )
    .await
    .unwrap();
    let (one, two) = (U256::from(1), U256::from(2));
    send(bob.communities(&c).join(one)).await.unwrap();
    send(carol.communities(&c).join(one)).await.unwrap();
    send(carol.communities(&c).join(two)).await.unwrap();
    send(
        alice
            .communities(&c)
            .setCommunityAdmin(one, bob.address, true),
    )
    .await
    .unwrap();
    let r = send(
        bob_new
            .profiles(&c)
            .requestRecovery("bob".into(), keccak256("new phone")),
    )
    .await
    .unwrap();
    let request = r
        .decoded_log::<Profiles::RecoveryRequested>()
        .unwrap()
        .requestId;
    let r = send(admin.profiles(&c).approveRecovery(request))
        .await
        .unwrap();
    let moved: Vec<_> = r
        .inner
        .logs()
        .iter()
        .filter_map(|l| l.log_decode::<Communities::MembershipMoved>().ok())
        .collect();
    assert_eq!(moved.len(), 2, "one MembershipMoved per community");

    let head = chain.block_number().await.unwrap();
    let db = TestDb::create("recovery").await;
    index_to(&chain, &chain.deployment, &db.pool, head).await;

    // The read model: bob's old address holds nothing, the new one both seats.
    let members = rows(&db.pool, &MEMBER).await;
    let communities = Communities::new(c.Communities, &chain.provider);
    for id in [1u64, 2] {
        let row = |a: Address| {
            members
                .iter()
                .find(|r| r.u64("community_id") == id && r.str("account") == lower(a))
                .unwrap_or_else(|| panic!("a Member row for {a} in {id}"))
        };
        let old = row(bob.address);
        assert_eq!(
            (
                old.str("status"),
                old.get("is_admin"),
                old.get("admin_since")
            ),
            ("left", &Val::B(false), &Val::Null)
        );
        let new = row(bob_new.address);
        let standing = communities
            .standingOf(U256::from(id), bob_new.address)
            .call()
            .await
            .unwrap();
        assert!(standing.member && standing.adminSince != 0);
        assert_eq!(
            (
                new.str("status"),
                new.get("is_admin"),
                new.get("admin_since")
            ),
            ("member", &Val::B(true), &Val::U(standing.adminSince))
        );
    }
    let counts: Vec<u64> = rows(&db.pool, &COMMUNITY)
        .await
        .iter()
        .map(|r| r.u64("member_count"))
        .collect();
    assert_eq!(counts, [3, 2]);

    let diffs = audit(
        &db.pool,
        &db.url,
        provider(&chain.endpoint()).await,
        chain.deployment.clone(),
        options(None),
    )
    .await
    .expect("the audit runs");
    assert!(
        diffs.is_empty(),
        "the audit re-derives the recovery exactly: {}",
        diffs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// `PUSH1 0 CALLDATALOAD PUSH1 0 PUSH1 0 LOG1 STOP`: one log, topic0 = the first 32
/// bytes of the calldata, no data.
const LOG1_CODE: [u8; 9] = [0x60, 0x00, 0x35, 0x60, 0x00, 0x60, 0x00, 0xa1, 0x00];

/// `LOG3` with topics = calldata[0..96] and data = calldata[96..]:
/// `PUSH1 0x60 CALLDATASIZE SUB DUP1 PUSH1 0x60 PUSH1 0 CALLDATACOPY PUSH1 0x40
/// CALLDATALOAD PUSH1 0x20 CALLDATALOAD PUSH1 0 CALLDATALOAD DUP4 PUSH1 0 LOG3 STOP`.
const LOG3_CODE: [u8; 24] = [
    0x60, 0x60, 0x36, 0x03, 0x80, 0x60, 0x60, 0x60, 0x00, 0x37, 0x60, 0x40, 0x35, 0x60, 0x20, 0x35,
    0x60, 0x00, 0x35, 0x83, 0x60, 0x00, 0xa3, 0x00,
];

#[tokio::test]
async fn undecodable_logs_are_counted_and_skipped_and_their_blocks_kept() {
    let chain = start_chain().await.unwrap();
    let c = chain.contracts();
    let (log1, log3) = (Address::repeat_byte(0xe1), Address::repeat_byte(0xe3));
    chain
        .set_code(log1, Bytes::from_static(&LOG1_CODE))
        .await
        .unwrap();
    chain
        .set_code(log3, Bytes::from_static(&LOG3_CODE))
        .await
        .unwrap();
    // The deployment file the indexer reads names the log emitters as PointExchange and
    // PointMall.
    let dir = tempfile::tempdir().unwrap();
    let mut fake = chain.deployment.clone();
    fake.contracts.PointExchange = log1;
    fake.contracts.PointMall = log3;
    let path = fake.save(dir.path()).unwrap();
    let deployment = Deployment::load(&path).unwrap();
    assert_eq!(deployment, fake);

    let player = |n: &str| chain.player(n).unwrap().clone();
    let raw = |to: Address, data: Vec<u8>| {
        TransactionRequest::default()
            .to(to)
            .input(Bytes::from(data).into())
            .gas_limit(200_000)
    };
    let topics = |t: [B256; 3], data: &[u8]| {
        let mut v: Vec<u8> = t.iter().flat_map(|x| x.0).collect();
        v.extend_from_slice(data);
        v
    };
    let unknown = keccak256("NotAnEvent(uint256)");
    let order_cancelled = |data: &[u8]| {
        topics(
            [
                PointMall::OrderCancelled::SIGNATURE_HASH,
                B256::from(U256::from(1)),
                B256::left_padding_from(Address::repeat_byte(0xaa).as_slice()),
            ],
            data,
        )
    };

    // Block `first`: two registrations among three logs that cannot be decoded.
    // Block `last`: a profile update among three more logs that cannot be projected.
    chain.set_automine(false).await.unwrap();
    let mut pending = Vec::new();
    let mut sent = async |who: &str, tx: TransactionRequest| {
        let p = player(who);
        let hash = *p
            .provider
            .send_transaction(tx.from(p.address))
            .await
            .unwrap()
            .tx_hash();
        pending.push(hash);
        hash
    };
    let call = |tx: TransactionRequest| tx.gas_limit(300_000);
    // An unknown topic at PointExchange's address.
    let junk_unknown = sent("admin", raw(log1, unknown.to_vec())).await;
    sent(
        "alice",
        call(
            player("alice")
                .profiles(&c)
                .register("alice".into(), keccak256("alice"))
                .into_transaction_request(),
        ),
    )
    .await;
    // PointExchange's OfferCreated topic without its indexed topics and data.
    sent(
        "bob",
        raw(log1, PointExchange::OfferCreated::SIGNATURE_HASH.to_vec()),
    )
    .await;
    // PointMall's OrderCancelled with its topics but truncated data.
    sent("carol", raw(log3, order_cancelled(&[1, 2, 3, 4, 5]))).await;
    sent(
        "xiaohong",
        call(
            player("xiaohong")
                .profiles(&c)
                .register("xiaohong".into(), keccak256("xiaohong"))
                .into_transaction_request(),
        ),
    )
    .await;
    chain.mine(1).await.unwrap();
    let first = chain.block_number().await.unwrap();
    // A well-formed OrderCancelled of an order the read model does not have.
    sent("lilei", raw(log3, order_cancelled(&[0u8; 64]))).await;
    sent(
        "alice",
        call(
            player("alice")
                .profiles(&c)
                .updateProfile(keccak256("alice 2"))
                .into_transaction_request(),
        ),
    )
    .await;
    // OrderPaid with 7 bytes of data; an unknown topic with three topics.
    sent(
        "xiaoming",
        raw(
            log3,
            topics(
                [PointMall::OrderPaid::SIGNATURE_HASH, B256::ZERO, B256::ZERO],
                &[0u8; 7],
            ),
        ),
    )
    .await;
    sent(
        "zhangsan",
        raw(log3, topics([unknown, B256::ZERO, B256::ZERO], &[])),
    )
    .await;
    chain.mine(1).await.unwrap();
    chain.set_automine(true).await.unwrap();
    let last = chain.block_number().await.unwrap();
    for hash in &pending {
        let r = testkit::wait_for_receipt(&chain.provider, *hash)
            .await
            .unwrap();
        assert!(r.status(), "{hash} succeeded");
    }
    // The LOG1 contract does what it says.
    let r = testkit::wait_for_receipt(&chain.provider, junk_unknown)
        .await
        .unwrap();
    let logs = r.inner.logs();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].address(), log1);
    assert_eq!(logs[0].topics(), &[unknown]);
    assert!(logs[0].data().data.is_empty());
    assert_eq!(r.block_number, Some(first));

    let db = TestDb::create("badlogs").await;
    // The indexer's warnings, captured (the test's runtime runs on this thread).
    let logged = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logged.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    let metrics = index_to(&chain, &deployment, &db.pool, last).await;
    drop(guard);
    let logged = logged.text();
    assert_eq!(
        logged.matches("log skipped").count(),
        6,
        "every skipped log is logged:\n{logged}"
    );
    assert!(logged.contains(&format!("{junk_unknown:?}")), "{logged}");
    assert!(logged.contains("is not in the read model"), "{logged}");
    assert_eq!(
        metrics.skipped_logs.load(Relaxed),
        6,
        "every log that cannot be projected is counted"
    );
    assert!(
        metrics
            .render()
            .contains("\nindexer_skipped_logs_total 6\n")
    );
    assert_eq!(
        state(&db.pool).await.unwrap().0,
        last,
        "the indexer finished"
    );
    let users = rows(&db.pool, &USER).await;
    let names: Vec<&str> = users.iter().map(|r| r.str("username")).collect();
    assert_eq!(names, ["alice", "xiaohong"]);
    assert_eq!(users[0].u64("block_number"), last);
    assert_eq!(users[0].str("profile_hash"), hex(keccak256("alice 2")));
    assert_eq!(users[1].u64("block_number"), first);
    assert!(rows(&db.pool, &OFFER).await.is_empty());
    assert!(rows(&db.pool, &ORDERS).await.is_empty());
    // The blocks record the events they projected.
    let counted: Vec<(u64, u32)> = sqlx::query_as(
        "SELECT block_number, event_count FROM indexed_block WHERE block_number >= ? ORDER BY block_number",
    )
    .bind(first)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(counted, [(first, 2), (last, 1)]);
    let events = event_counts(&metrics);
    assert_eq!(events.get("UserRegistered"), Some(&2));
    assert_eq!(events.get("ProfileUpdated"), Some(&1));
    assert!(!events.contains_key("OfferCancelled") && !events.contains_key("unknown"));
}

/// A log sink for a `tracing` subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Waits until `username` is in the read model; returns how long it took.
async fn wait_for_user(pool: &db::Pool, username: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let found: Option<u64> =
            sqlx::query_scalar("SELECT user_id FROM `User` WHERE username = ?")
                .bind(username)
                .fetch_optional(pool)
                .await
                .unwrap();
        if found.is_some() {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "{username} did not appear within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the read model has indexed block `n`.
async fn wait_for_block(pool: &db::Pool, n: u64, within: Duration) {
    let started = Instant::now();
    while state(pool).await.is_none_or(|(b, _, _)| b < n) {
        assert!(
            started.elapsed() < within,
            "block {n} not indexed within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Polls `check` until it holds; panics naming `what` after `within`.
async fn wait_until<F: Future<Output = bool>>(
    within: Duration,
    what: &str,
    mut check: impl FnMut() -> F,
) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < within, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A counter or gauge without labels from the Prometheus text a process serves at
/// `addr`/metrics (`None` while it does not answer or lacks it).
async fn metric(addr: std::net::SocketAddr, name: &str) -> Option<u64> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).await.ok()?;
    body.lines().find_map(|l| {
        let (key, value) = l.split_once(' ')?;
        (key == name).then(|| value.trim().parse::<f64>().ok().map(|v| v as u64))?
    })
}

#[tokio::test]
async fn new_heads_over_websocket_wake_the_indexer_in_process() {
    let chain = start_chain().await.unwrap();
    let c = chain.contracts();
    let db = TestDb::create("ws").await;
    let provider = ProviderBuilder::new()
        .connect(&chain.ws_endpoint())
        .await
        .unwrap()
        .erased();
    // As `indexer run` with a ws:// RPC_URL: newHeads wake the loop.
    let notify = Arc::new(tokio::sync::Notify::new());
    let (n, p) = (notify.clone(), provider.clone());
    let heads = tokio::spawn(async move {
        use futures::StreamExt;
        let mut s = p.subscribe_blocks().await.unwrap().into_stream();
        while s.next().await.is_some() {
            n.notify_one();
        }
    });
    // A poll interval far longer than the test waits: only the subscription can wake it.
    let opts = SyncOptions {
        poll_interval: Duration::from_secs(10),
        ..options(None)
    };
    let metrics = Arc::new(indexer::metrics::Metrics::default());
    let indexer = Indexer::new(
        db.pool.clone(),
        provider,
        chain.deployment.clone(),
        opts,
        metrics.clone(),
    );
    let run = tokio::spawn(async move { indexer.run(Some(notify)).await });
    wait_for_block(
        &db.pool,
        chain.block_number().await.unwrap(),
        Duration::from_secs(10),
    )
    .await;
    // Idle at the head (no block comes while it catches up, so a wait is one at the
    // head); a registration is a new block, which only the subscription announces.
    wait_until(
        Duration::from_secs(10),
        "the indexer waits at the head",
        || {
            let waits = metrics.head_waits.load(Relaxed);
            async move { waits > 0 }
        },
    )
    .await;
    let dave = chain.player("dave").unwrap();
    send(dave.profiles(&c).register("dave".into(), keccak256("dave")))
        .await
        .unwrap();
    let took = wait_for_user(&db.pool, "dave", Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(5));
    run.abort();
    heads.abort();
}

#[tokio::test]
async fn the_indexer_binary_follows_the_head_over_websocket() {
    let chain = start_chain().await.unwrap();
    let c = chain.contracts();
    let db = TestDb::create("wsbin").await;
    let dir = tempfile::tempdir().unwrap();
    let path = chain.deployment.save(dir.path()).unwrap();
    let metrics_addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_indexer"))
        .arg("run")
        .env("RPC_URL", chain.ws_endpoint())
        .env("DATABASE_URL", &db.url)
        .env("DEPLOYMENTS", &path)
        .env("METRICS_ADDR", metrics_addr.to_string())
        // Polls every 10 s without a subscription: the head must come over ws.
        .env("POLL_INTERVAL_MS", "10000")
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .expect("spawning the indexer binary");
    wait_for_block(
        &db.pool,
        chain.block_number().await.unwrap(),
        Duration::from_secs(20),
    )
    .await;
    wait_until(
        Duration::from_secs(10),
        "the indexer binary waits at the head",
        || async move {
            metric(metrics_addr, "indexer_head_waits_total")
                .await
                .is_some_and(|n| n > 0)
        },
    )
    .await;
    let erin = chain.player("erin").unwrap();
    let receipt = send(erin.profiles(&c).register("erin".into(), keccak256("erin")))
        .await
        .unwrap();
    wait_for_user(&db.pool, "erin", Duration::from_secs(5)).await;
    wait_for_block(
        &db.pool,
        receipt.block_number.unwrap(),
        Duration::from_secs(1),
    )
    .await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the indexer keeps running"
    );
    child.kill().await.unwrap();
    let profiles = Profiles::new(c.Profiles, &chain.provider);
    assert_eq!(
        profiles.usernameOf(erin.address).call().await.unwrap(),
        "erin"
    );
}

/// The state digest as `store.rs` defines it, recomputed from what the tables hold:
/// `digest(b) = keccak256(digest(b-1) ‖ keccak256(changes of b))`, the changes being the
/// canonical images of the rows written in `b` — for versioned tables the version that
/// starts at `b` (`valid_from = b` among its versions, closed or current), in table then
/// key order; then the
/// append-only rows of `b`, in table then log order. Returns the digest after every
/// block that changed something.
async fn digests_from_tables(pool: &db::Pool) -> BTreeMap<u64, B256> {
    type Image = (usize, indexer::model::Key, String);
    let mut changed: BTreeMap<u64, Vec<Image>> = BTreeMap::new();
    let mut appended: BTreeMap<u64, Vec<(u64, Image)>> = BTreeMap::new();
    for (i, spec) in TABLES.iter().enumerate() {
        if spec.versioned {
            let sql = format!(
                "SELECT {}, valid_from FROM {}",
                db::select_list(spec),
                spec.versions()
            );
            for r in sqlx::query(&sql).fetch_all(pool).await.unwrap() {
                let row = db::decode_row(spec, &r).unwrap();
                let from: u64 = sqlx::Row::get(&r, spec.cols.len());
                changed
                    .entry(from)
                    .or_default()
                    .push((i, row.key(), row.canonical()));
            }
        } else {
            for row in rows(pool, spec).await {
                appended
                    .entry(row.u64("block_number"))
                    .or_default()
                    .push((row.u64("log_index"), (i, row.key(), row.canonical())));
            }
        }
    }
    let blocks: BTreeSet<u64> = changed.keys().chain(appended.keys()).copied().collect();
    let mut digest = B256::ZERO;
    let mut out = BTreeMap::new();
    for b in blocks {
        let mut text = String::new();
        let mut push = |i: usize, image: &str| {
            text.push_str(TABLES[i].name);
            text.push('\u{1e}');
            text.push_str(image);
            text.push('\u{1d}');
        };
        let mut versions = changed.remove(&b).unwrap_or_default();
        versions.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
        for (i, _, image) in &versions {
            push(*i, image);
        }
        let mut rows = appended.remove(&b).unwrap_or_default();
        rows.sort_by(|x, y| (x.1.0, x.0, &x.1.1).cmp(&(y.1.0, y.0, &y.1.1)));
        for (_, (i, _, image)) in &rows {
            push(*i, image);
        }
        let mut both = digest.to_vec();
        both.extend_from_slice(keccak256(text.as_bytes()).as_slice());
        digest = keccak256(both);
        out.insert(b, digest);
    }
    out
}

#[tokio::test]
async fn the_state_digest_is_a_digest_of_what_the_tables_hold() {
    let Indexed { db, .. } = season_indexed("digest").await;
    let recomputed = digests_from_tables(&db.pool).await;
    let recorded: Vec<(u64, String)> = sqlx::query_as(
        "SELECT block_number, state_digest FROM indexed_block WHERE event_count > 0 ORDER BY block_number",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(!recorded.is_empty());
    for (b, d) in &recorded {
        // Blocks whose events change no row (approvals) keep the digest before them.
        let want = recomputed.range(..=*b).next_back().map(|(_, d)| hex(*d));
        assert_eq!(
            want.as_deref(),
            Some(d.as_str()),
            "the digest recorded after block {b} is not the digest of the rows the tables \
             hold for it (the first block that disagrees)"
        );
    }
    let (_, _, last) = state(&db.pool).await.unwrap();
    assert_eq!(
        recomputed.values().last().map(|d| hex(*d)),
        Some(last),
        "indexer_state.state_digest"
    );
}

#[tokio::test]
async fn backfill_in_small_ranges_builds_the_same_read_model_as_following_the_head() {
    // The options index a season this short block by block near the head (every
    // header, continuity checked); REORG_DEPTH 4 with ranges of 5 to 20 blocks takes
    // the backfill path instead: log-only ranges, the next one fetched while the
    // current one is written, point tokens discovered inside a range.
    let Indexed {
        chain, season, db, ..
    } = season_indexed("headmode").await;
    let backfilled = TestDb::create("backfill").await;
    let opts = SyncOptions {
        reorg_depth: 4,
        log_range: 5,
        max_log_range: 20,
        // Small batches: most ranges are cut in several, each projected while the one
        // before is written.
        batch_logs: 7,
        poll_interval: Duration::from_millis(100),
        stop_at_block: Some(season.last_block),
    };
    let metrics = live::index_with(&chain, &chain.deployment, &backfilled.pool, opts).await;
    assert_eq!(metrics.skipped_logs.load(Relaxed), 0);
    assert!(
        metrics.batches.load(Relaxed) >= 10,
        "many small batches: {}",
        metrics.batches.load(Relaxed)
    );
    live::assert_same_read_model(&db.pool, &backfilled.pool, "backfill in small ranges").await;
}
