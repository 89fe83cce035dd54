//! Every event of every contract through `Projector::apply`, the way the indexer runs it:
//! prefetch, a `LogCtx` per log, `end_block`, `flush` inside a transaction, commit. Then
//! the exact rows, values and provenance, read back with SQL.
//!
//! Needs MariaDB/MySQL at test time: every `#[sqlx::test]` gets a fresh database, created
//! through `DATABASE_URL=mysql://root@127.0.0.1:3306/test cargo test -p indexer`.

mod common;

use alloy::primitives::{Address, B256, U256, keccak256};
use bindings::{
    Communities as Cm, CommunityPoints as Cp, PointExchange as Px, PointMall as Pm, Posts as Po,
    Profiles as Pr, TaskMarket as Tm,
};
use common::{
    ALICE, ALICE2, At, BOB, CAROL, COMMUNITIES, DAVE, Ev, POINT_EXCHANGE, POINT_MALL, POSTS,
    PROFILES, TASK_MARKET, TOKEN, TOKEN2, World, a, block_time as t, h, hs, points, want,
};
use indexer::{
    db,
    decode::Event,
    model::{
        BALANCE, COMMENT, COMMUNITY, ESCROW_CREDIT, ITEM, Key, MEMBER, OFFER, ORDERS, POINT, POST,
        POST_LIKE, PUBLISHER_APPLICATION, RECOVERY_REQUEST, REVIEW, ROLE_MEMBER, Row, SETTING,
        TABLES, TASK, TASK_RELEASE, TOKEN as TOKEN_TABLE, TRANSACTION, TableSpec, USER, Val,
    },
    project::{Directory, Outcome},
    store::key_of,
};
use sqlx::{Connection as _, MySqlPool};

// ---- Events ----

fn u(n: u64) -> U256 {
    U256::from(n)
}

/// 10^k.
fn pow10(k: u64) -> U256 {
    U256::from(10u64).pow(U256::from(k))
}

const ETH: Address = Address::ZERO;
const DEADLINE: u64 = common::T0 + 100_000;
const EXPIRY: u64 = common::T0 + 50_000;
/// `TaskClaimed.workDeadline` of the tests' claims.
const WORK_DEADLINE: u64 = common::T0 + 7 * 86_400;
/// `DisputeOpened.disputeDeadline` of the tests' disputes.
const DISPUTE_DEADLINE: u64 = common::T0 + 14 * 86_400;
/// `OrderPlaced.expiresAt` of the tests' orders.
const ORDER_EXPIRY: u64 = common::T0 + 2 * 86_400;

fn register(account: Address, name: &str) -> Event {
    Pr::UserRegistered {
        account,
        username: name.into(),
        profileHash: h(&format!("profile {name}")),
    }
    .ev()
}

fn verified(account: Address, verified: bool) -> Event {
    Pr::VerificationChanged {
        account,
        verified,
        verifier: ALICE,
    }
    .ev()
}

fn community_created(id: u64, creator: Address, name: &str) -> Event {
    Cm::CommunityCreated {
        id: u(id),
        creator,
        name: name.into(),
        theme: "genshin".into(),
        descriptionHash: h(&format!("description {id}")),
    }
    .ev()
}

fn joined(id: u64, account: Address, count: u64) -> Event {
    Cm::MemberJoined {
        id: u(id),
        account,
        memberCount: u(count),
    }
    .ev()
}

fn admin_set(id: u64, account: Address, is_admin: bool) -> Event {
    Cm::CommunityAdminSet {
        id: u(id),
        account,
        isAdmin: is_admin,
        by: ALICE,
    }
    .ev()
}

fn points_created(id: u64, token: Address) -> Event {
    Cm::PointsCreated {
        id: u(id),
        token,
        name: "Guild Points".into(),
        symbol: "GP".into(),
    }
    .ev()
}

fn transfer_of(token: Address, from: Address, to: Address, value: U256) -> Event {
    points(
        token,
        1,
        Cp::CommunityPointsEvents::Transfer(Cp::Transfer { from, to, value }),
    )
}

fn transfer(from: Address, to: Address, value: u64) -> Event {
    transfer_of(TOKEN, from, to, u(value))
}

fn awarded(to: Address, amount: u64, source: &str) -> Event {
    Cm::PointsAwarded {
        id: u(1),
        to,
        amount: u(amount),
        source: source.into(),
        by: ALICE,
    }
    .ev()
}

fn post_created(id: u64, author: Address, title: &str) -> Event {
    Po::PostCreated {
        postId: u(id),
        communityId: u(1),
        author,
        title: title.into(),
        contentHash: h(&format!("post {id}")),
    }
    .ev()
}

fn liked(id: u64, account: Address, like: bool) -> Event {
    if like {
        Po::PostLiked {
            postId: u(id),
            account,
        }
        .ev()
    } else {
        Po::PostUnliked {
            postId: u(id),
            account,
        }
        .ev()
    }
}

fn comment(id: u64, kind: u8, target: u64, author: Address) -> Event {
    Po::CommentCreated {
        commentId: u(id),
        targetKind: kind,
        targetId: u(target),
        author,
        contentHash: h(&format!("comment {id}")),
    }
    .ev()
}

fn published(id: u64, token: Address, reward: U256) -> Event {
    Tm::TaskPublished {
        id: u(id),
        communityId: u(1),
        publisher: ALICE,
        title: format!("Boss raid {id}"),
        specHash: h(&format!("spec {id}")),
        rewardToken: token,
        reward,
        deadline: DEADLINE,
    }
    .ev()
}

fn claimed(id: u64) -> Event {
    Tm::TaskClaimed {
        id: u(id),
        claimer: BOB,
        workDeadline: WORK_DEADLINE,
    }
    .ev()
}

fn submitted(id: u64, proof: &str) -> Event {
    Tm::WorkSubmitted {
        id: u(id),
        claimer: BOB,
        proofHash: h(proof),
    }
    .ev()
}

fn rejected(id: u64) -> Event {
    Tm::WorkRejected {
        id: u(id),
        publisher: ALICE,
        reasonHash: h("not enough"),
    }
    .ev()
}

fn claim_released(id: u64, claimer: Address) -> Event {
    Tm::TaskClaimReleased {
        taskId: u(id),
        claimer,
    }
    .ev()
}

fn dispute_opened(id: u64) -> Event {
    Tm::DisputeOpened {
        id: u(id),
        claimer: BOB,
        reasonHash: h("unfair"),
        disputeDeadline: DISPUTE_DEADLINE,
    }
    .ev()
}

/// Nobody arbitrated task `id`'s one-ether escrow: 50/50.
fn dispute_expired(id: u64) -> Event {
    Tm::DisputeExpired {
        id: u(id),
        by: CAROL,
        claimerAmount: pow10(18) / u(2),
        publisherAmount: pow10(18) / u(2),
    }
    .ev()
}

fn task_paid(id: u64, to: Address, amount: U256) -> Event {
    Tm::TaskPaid {
        taskId: u(id),
        from: ALICE,
        to,
        token: ETH,
        amount,
    }
    .ev()
}

fn item_listed(id: u64, price: U256, stock: u32) -> Event {
    Pm::ItemListed {
        itemId: u(id),
        communityId: u(1),
        token: TOKEN,
        name: "Legendary Skin".into(),
        metadataHash: h(&format!("item {id}")),
        price,
        stock,
        by: ALICE,
    }
    .ev()
}

fn order_placed(order: u64, buyer: Address, quantity: u32, amount: u64, left: u32) -> Event {
    Pm::OrderPlaced {
        orderId: u(order),
        itemId: u(1),
        buyer,
        quantity,
        amount: u(amount),
        stockLeft: left,
        expiresAt: ORDER_EXPIRY,
    }
    .ev()
}

fn order_paid(order: u64, amount: u64) -> Event {
    Pm::OrderPaid {
        orderId: u(order),
        buyer: BOB,
        token: TOKEN,
        amount: u(amount),
    }
    .ev()
}

fn offer_created(id: u64, maker: Address, give: U256, counterparty: Address) -> Event {
    Px::OfferCreated {
        offerId: u(id),
        maker,
        giveToken: TOKEN,
        giveAmount: give,
        wantToken: ETH,
        wantAmount: u(1_000_000_000_000_000),
        counterparty,
        expiry: EXPIRY,
    }
    .ev()
}

// ---- Fixtures ----

fn applied(n: usize) -> Vec<Outcome> {
    vec![Outcome::Applied; n]
}

fn is_skip(o: &Outcome) -> bool {
    matches!(o, Outcome::Skipped(_))
}

/// A row of `spec` expected with provenance `at`.
fn row(spec: &'static TableSpec, at: At, f: impl FnOnce(&mut Row)) -> Row {
    let mut r = want(spec, at);
    f(&mut r);
    r
}

fn key2(a: u64, b: Address) -> Key {
    key_of([Val::U(a), Val::S(common::a(b))])
}

fn akey(x: Address, y: Address) -> Key {
    key_of([Val::S(a(x)), Val::S(a(y))])
}

/// Block 1: alice, bob and carol register (users 1, 2, 3).
async fn players(w: &mut World) {
    let out = w
        .block(
            1,
            vec![
                register(ALICE, "alice"),
                register(BOB, "bob"),
                register(CAROL, "carol"),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
}

/// Blocks 1–3: the players; alice creates community 1 (as the contract emits it: created,
/// joined, admin); bob and carol join.
async fn guild(w: &mut World) {
    players(w).await;
    let out = w
        .tx(
            2,
            vec![
                community_created(1, ALICE, "Genshin Guild"),
                joined(1, ALICE, 1),
                admin_set(1, ALICE, true),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    let out = w
        .block(3, vec![joined(1, BOB, 2), joined(1, CAROL, 3)])
        .await;
    assert_eq!(out, applied(2));
}

/// Blocks 1–4: the guild, and its point token `TOKEN`.
async fn guild_with_points(w: &mut World) {
    guild(w).await;
    let out = w.block(4, vec![points_created(1, TOKEN)]).await;
    assert_eq!(out, [Outcome::NewToken(TOKEN)]);
}

fn user_row(id: u64, account: Address, name: &str, at: At, registered: u64) -> Row {
    row(&USER, at, |r| {
        r.set("user_id", id)
            .set("username", name)
            .set("ethereum_address", a(account))
            .set("is_verified", false)
            .set("profile_hash", hs(&format!("profile {name}")))
            .set("registered_at", t(registered));
    })
}

fn task_row(id: u64, at: At, created: u64, f: impl FnOnce(&mut Row)) -> Row {
    row(&TASK, at, |r| {
        r.set("task_id", id)
            .set("task_name", format!("Boss raid {id}"))
            .set(
                "search_terms",
                indexer::search::terms(&format!("Boss raid {id}")),
            )
            .set("task_price", "1000000000000000000")
            .set("task_status", "发布")
            .set("community_id", 1u64)
            .set("publisher", a(ALICE))
            .set("claimer", Val::Null)
            .set("reward_token", a(ETH))
            .set("spec_hash", hs(&format!("spec {id}")))
            .set("deadline", DEADLINE)
            .set("rejected", false)
            .set("submitted_at", Val::Null)
            .set("proof_hash", Val::Null)
            .set("created_at", t(created))
            .set("updated_at", t(created));
        f(r);
    })
}

fn one_eth() -> U256 {
    pow10(18)
}

// ---- Profiles ----

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn user_registered_assigns_ids_in_registration_order(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    players(&mut w).await;
    for (i, (acct, name)) in [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]
        .into_iter()
        .enumerate()
    {
        let id = i as u64 + 1;
        w.assert_row(&user_row(id, acct, name, At(1, i, i as u64), 1))
            .await;
        assert_eq!(w.dir.user(acct), Some(id));
        assert_eq!(
            w.history(&USER, &format!("user_id = {id}")).await,
            [(1, None)]
        );
    }
    // The seed's columns: ids in order, the API's columns untouched.
    let users: Vec<(u32, String, Option<String>)> = sqlx::query_as(
        "SELECT user_id, CAST(username AS CHAR), CAST(email AS CHAR) FROM `User` ORDER BY user_id",
    )
    .fetch_all(&mut *w.conn)
    .await
    .unwrap();
    assert_eq!(
        users,
        [
            (1, "alice".to_owned(), None),
            (2, "bob".to_owned(), None),
            (3, "carol".to_owned(), None)
        ]
    );
    assert_eq!(w.dir.user(DAVE), None);

    // A directory reloaded from the tables (as after a restart) goes on numbering.
    w.dir = Directory::load(&mut w.conn).await.unwrap();
    assert_eq!(w.dir.user(BOB), Some(2));
    assert_eq!(w.block(5, vec![register(DAVE, "dave")]).await, applied(1));
    w.assert_row(&user_row(4, DAVE, "dave", At(5, 0, 0), 5))
        .await;
}

/// `Directory::default()` is the directory of an empty read model: it must number users
/// (and the other indexer-assigned ids) from 1, as `Directory::load` does on empty tables.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_default_directory_numbers_from_one_like_an_empty_database(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    w.dir = Directory::default();
    guild_with_points(&mut w).await;
    let out = w
        .block(
            5,
            vec![
                transfer(ETH, BOB, 5),
                task_paid(1, BOB, u(5)),
                Pr::PublisherApplied {
                    account: BOB,
                    applicationHash: h("a"),
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    let ids: Vec<u32> = sqlx::query_scalar("SELECT user_id FROM `User` ORDER BY user_id")
        .fetch_all(&mut *w.conn)
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3], "user ids start at 1 (0 means none)");
    assert_eq!(w.dir.user(ALICE), Some(1));
    for (table, id) in [
        ("Point", "point_id"),
        ("Transaction", "transaction_id"),
        ("PublisherApplication", "application_id"),
    ] {
        let first: Option<u64> = sqlx::query_scalar(&format!("SELECT MIN({id}) FROM `{table}`"))
            .fetch_one(&mut *w.conn)
            .await
            .unwrap();
        assert_eq!(first, Some(1), "{table}.{id}");
    }
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn profile_updates_and_verification_change_the_user(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    players(&mut w).await;
    let out = w
        .block(
            5,
            vec![
                Pr::ProfileUpdated {
                    account: BOB,
                    profileHash: h("profile bob v2"),
                }
                .ev(),
                verified(BOB, true),
            ],
        )
        .await;
    assert_eq!(out, applied(2));
    let mut bob = user_row(2, BOB, "bob", At(5, 1, 1), 1);
    bob.set("profile_hash", hs("profile bob v2"))
        .set("is_verified", true);
    w.assert_row(&bob).await;
    assert_eq!(
        w.history(&USER, "user_id = 2").await,
        [(1, Some(5)), (5, None)]
    );

    // Unverified again in a later batch; an unregistered account is skipped.
    let out = w
        .block(
            6,
            vec![
                verified(BOB, false),
                Pr::ProfileUpdated {
                    account: DAVE,
                    profileHash: h("x"),
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(out[0], Outcome::Applied);
    assert!(is_skip(&out[1]), "{out:?}");
    bob.set("is_verified", false)
        .set("block_number", 6u64)
        .set("block_hash", common::block_hash(6))
        .set("tx_hash", common::tx_hash(6, 0))
        .set("log_index", 0u64);
    w.assert_row(&bob).await;
    assert_eq!(w.count("User").await, 3);
    assert_eq!(
        w.history(&USER, "user_id = 2").await,
        [(1, Some(5)), (5, Some(6)), (6, None)]
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn publisher_applications_are_numbered_in_order(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    players(&mut w).await;
    let apply = |account: Address, n: u32| {
        Pr::PublisherApplied {
            account,
            applicationHash: h(&format!("application {n}")),
        }
        .ev()
    };
    assert_eq!(
        w.block(4, vec![apply(BOB, 1), apply(CAROL, 2)]).await,
        applied(2)
    );
    assert_eq!(w.block(5, vec![apply(BOB, 3)]).await, applied(1));
    let rows = w.rows(&PUBLISHER_APPLICATION).await;
    let expected = [
        (1u64, BOB, At(4, 0, 0)),
        (2, CAROL, At(4, 1, 1)),
        (3, BOB, At(5, 0, 0)),
    ]
    .map(|(id, account, at)| {
        row(&PUBLISHER_APPLICATION, at, |r| {
            r.set("application_id", id)
                .set("account", a(account))
                .set("application_hash", hs(&format!("application {id}")))
                .set("created_at", t(at.0));
        })
    });
    assert_eq!(
        rows.iter().map(common::pairs).collect::<Vec<_>>(),
        expected.iter().map(common::pairs).collect::<Vec<_>>()
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn recovery_moves_the_user_to_the_new_address(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    players(&mut w).await;
    assert_eq!(w.block(4, vec![verified(ALICE, true)]).await, applied(1));
    let requested = |id: u64, name: &str, old: Address, new: Address| {
        Pr::RecoveryRequested {
            requestId: u(id),
            username: name.into(),
            oldAccount: old,
            newAccount: new,
            evidenceHash: h(&format!("evidence {id}")),
        }
        .ev()
    };
    let out = w
        .block(
            5,
            vec![
                requested(1, "alice", ALICE, ALICE2),
                requested(2, "bob", BOB, DAVE),
            ],
        )
        .await;
    assert_eq!(out, applied(2));
    let request = |id: u64, name: &str, old: Address, new: Address, status: &str, at: At| {
        row(&RECOVERY_REQUEST, at, |r| {
            r.set("request_id", id)
                .set("username", name)
                .set("old_account", a(old))
                .set("new_account", a(new))
                .set("evidence_hash", hs(&format!("evidence {id}")))
                .set("status", status)
                .set("created_at", t(5))
                .set("updated_at", t(at.0));
        })
    };
    w.assert_row(&request(1, "alice", ALICE, ALICE2, "pending", At(5, 0, 0)))
        .await;
    w.assert_row(&request(2, "bob", BOB, DAVE, "pending", At(5, 1, 1)))
        .await;

    // The admin approves alice's request and rejects bob's.
    let out = w
        .block(
            6,
            vec![
                Pr::RecoveryApproved {
                    requestId: u(1),
                    oldAccount: ALICE,
                    newAccount: ALICE2,
                    username: "alice".into(),
                    profileHash: h("profile alice"),
                    verified: true,
                }
                .ev(),
                Pr::RecoveryRejected {
                    requestId: u(2),
                    admin: ALICE,
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(out, applied(2));
    w.assert_row(&request(1, "alice", ALICE, ALICE2, "approved", At(6, 0, 0)))
        .await;
    w.assert_row(&request(2, "bob", BOB, DAVE, "rejected", At(6, 1, 1)))
        .await;
    // Same user id, new address, verification carried over.
    let mut alice = user_row(1, ALICE2, "alice", At(6, 0, 0), 1);
    alice.set("is_verified", true);
    w.assert_row(&alice).await;
    assert_eq!(w.dir.user(ALICE2), Some(1));
    assert_eq!(w.dir.user(ALICE), None);
    assert_eq!(w.count("User").await, 3);

    // The new address acts as user 1; the old one is a visitor and may register anew.
    let out = w
        .block(
            7,
            vec![
                Pr::ProfileUpdated {
                    account: ALICE2,
                    profileHash: h("profile alice v2"),
                }
                .ev(),
                Pr::ProfileUpdated {
                    account: ALICE,
                    profileHash: h("nope"),
                }
                .ev(),
                register(ALICE, "alice_old"),
            ],
        )
        .await;
    assert_eq!(out[0], Outcome::Applied);
    assert!(is_skip(&out[1]), "{out:?}");
    assert_eq!(out[2], Outcome::Applied);
    alice
        .set("profile_hash", hs("profile alice v2"))
        .set("block_number", 7u64)
        .set("block_hash", common::block_hash(7))
        .set("tx_hash", common::tx_hash(7, 0));
    w.assert_row(&alice).await;
    w.assert_row(&user_row(4, ALICE, "alice_old", At(7, 2, 2), 7))
        .await;
    // A reloaded directory agrees.
    let dir = Directory::load(&mut w.conn).await.unwrap();
    assert_eq!((dir.user(ALICE2), dir.user(ALICE)), (Some(1), Some(4)));
    assert_eq!(
        w.history(&USER, "user_id = 1").await,
        [(1, Some(4)), (4, Some(6)), (6, Some(7)), (7, None)]
    );
}

fn role_id(name: &str) -> B256 {
    if name == "DEFAULT_ADMIN_ROLE" {
        B256::ZERO
    } else {
        keccak256(name)
    }
}

fn role_event(grant: bool, role: &str, account: Address) -> Event {
    if grant {
        Pr::RoleGranted {
            role: role_id(role),
            account,
            sender: ALICE,
        }
        .ev()
    } else {
        Pr::RoleRevoked {
            role: role_id(role),
            account,
            sender: ALICE,
        }
        .ev()
    }
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn roles_are_granted_and_revoked_by_name(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let out = w
        .block(
            1,
            vec![
                role_event(true, "DEFAULT_ADMIN_ROLE", ALICE),
                role_event(true, "VERIFIER_ROLE", BOB),
                role_event(true, "TASK_PUBLISHER_ROLE", CAROL),
                role_event(true, "PAUSER_ROLE", ALICE),
            ],
        )
        .await;
    assert_eq!(out, applied(4));
    let out = w
        .block(
            2,
            vec![
                role_event(false, "VERIFIER_ROLE", BOB),
                Pr::RoleAdminChanged {
                    role: role_id("VERIFIER_ROLE"),
                    previousAdminRole: B256::ZERO,
                    newAdminRole: role_id("PAUSER_ROLE"),
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(
        out,
        applied(2),
        "RoleAdminChanged changes nothing, but is no skip"
    );
    let member = |role: &str, account: Address, granted: bool, at: At| {
        row(&ROLE_MEMBER, at, |r| {
            r.set("role", role)
                .set("account", a(account))
                .set("granted", granted);
        })
    };
    let expected = [
        member("PAUSER", ALICE, true, At(1, 3, 3)),
        member("SYSTEM_ADMIN", ALICE, true, At(1, 0, 0)),
        member("TASK_PUBLISHER", CAROL, true, At(1, 2, 2)),
        member("VERIFIER", BOB, false, At(2, 0, 0)),
    ];
    let rows = w.rows(&ROLE_MEMBER).await;
    assert_eq!(
        rows.iter().map(common::pairs).collect::<Vec<_>>(),
        expected.iter().map(common::pairs).collect::<Vec<_>>()
    );
    assert_eq!(
        w.history(
            &ROLE_MEMBER,
            &format!("role = 'VERIFIER' AND account = '{}'", a(BOB))
        )
        .await,
        [(1, Some(2)), (2, None)]
    );
}

/// The system admin administers every role, so `grantRole(keccak256("ANY"), x)` is a
/// valid transaction; its `RoleGranted` is stored under the role's 0x id (66 chars).
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn an_unknown_role_is_stored_under_its_id(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let out = w
        .block(1, vec![role_event(true, "MODERATOR_ROLE", DAVE)])
        .await;
    assert_eq!(out, applied(1));
    let expected = row(&ROLE_MEMBER, At(1, 0, 0), |r| {
        r.set("role", format!("{:#x}", keccak256("MODERATOR_ROLE")))
            .set("account", a(DAVE))
            .set("granted", true);
    });
    w.assert_row(&expected).await;
}

// ---- Settings: Paused / Unpaused of every contract, Communities' wiring ----

fn paused(contract: Address, pause: bool) -> Event {
    macro_rules! p {
        ($m:ident) => {
            if pause {
                $m::Paused { account: ALICE }.ev()
            } else {
                $m::Unpaused { account: ALICE }.ev()
            }
        };
    }
    match contract {
        PROFILES => p!(Pr),
        COMMUNITIES => p!(Cm),
        POSTS => p!(Po),
        TASK_MARKET => p!(Tm),
        POINT_MALL => p!(Pm),
        _ => p!(Px),
    }
}

const ALL: [Address; 6] = [
    PROFILES,
    COMMUNITIES,
    POSTS,
    TASK_MARKET,
    POINT_MALL,
    POINT_EXCHANGE,
];

fn setting(contract: Address, name: &str, value: &str, at: At) -> Row {
    row(&SETTING, at, |r| {
        r.set("contract", a(contract))
            .set("name", name)
            .set("value", value);
    })
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn pauses_and_settings_are_recorded_per_contract(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let mut block1: Vec<Vec<Event>> = ALL.iter().map(|c| vec![paused(*c, true)]).collect();
    block1.push(vec![
        Cm::PopularityThresholdSet { threshold: u(5) }.ev(),
        Cm::PostsSet { posts: POSTS }.ev(),
    ]);
    // Two blocks in one batch: everything paused, then everything but Posts unpaused.
    let block2: Vec<Vec<Event>> = ALL
        .iter()
        .filter(|c| **c != POSTS)
        .map(|c| vec![paused(*c, false)])
        .collect();
    let done = w.batch(vec![(1, block1), (2, block2)]).await;
    assert!(done.outcomes.iter().all(|o| *o == Outcome::Applied));
    for (i, c) in ALL.iter().enumerate() {
        let expected = if *c == POSTS {
            setting(*c, "paused", "true", At(1, i, i as u64))
        } else {
            let j = ALL
                .iter()
                .filter(|x| **x != POSTS)
                .position(|x| x == c)
                .unwrap();
            setting(*c, "paused", "false", At(2, j, j as u64))
        };
        w.assert_row(&expected).await;
    }
    w.assert_row(&setting(
        COMMUNITIES,
        "popularity_threshold",
        "5",
        At(1, 6, 6),
    ))
    .await;
    w.assert_row(&setting(COMMUNITIES, "posts", &a(POSTS), At(1, 6, 7)))
        .await;
    let cond = format!("contract = '{}' AND name = 'paused'", a(TASK_MARKET));
    assert_eq!(w.history(&SETTING, &cond).await, [(1, Some(2)), (2, None)]);
}

/// A setting changed in a later batch must close the version the earlier batch left open
/// (the indexer never loads `Setting` rows before writing them), so that time travel sees
/// one value per block and a rollback restores the earlier value.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_setting_changed_in_a_later_batch_closes_its_version(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    assert_eq!(
        w.block(10, vec![paused(TASK_MARKET, true)]).await,
        applied(1)
    );
    assert_eq!(
        w.block(20, vec![paused(TASK_MARKET, false)]).await,
        applied(1)
    );
    w.assert_row(&setting(TASK_MARKET, "paused", "false", At(20, 0, 0)))
        .await;
    let cond = format!("contract = '{}' AND name = 'paused'", a(TASK_MARKET));
    assert_eq!(
        w.history(&SETTING, &cond).await,
        [(10, Some(20)), (20, None)],
        "one open version"
    );
    let mut tx = w.conn.begin().await.unwrap();
    db::rollback_tables(&mut tx, &TABLES, 15).await.unwrap();
    tx.commit().await.unwrap();
    w.assert_row(&setting(TASK_MARKET, "paused", "true", At(10, 0, 0)))
        .await;
}

// ---- Communities ----

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn communities_are_created_with_their_creator_as_admin_and_updated(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    let community = |at: At, name: &str, description: u64, members: u64| {
        row(&COMMUNITY, at, |r| {
            r.set("community_id", 1u64)
                .set("community_name", name)
                .set("creator_id", 1u64)
                .set("community_contract_address", Val::Null)
                .set("creator_address", a(ALICE))
                .set("theme", "genshin")
                .set(
                    "description_hash",
                    hs(&format!("description {description}")),
                )
                .set("member_count", members)
                .set("points_name", Val::Null)
                .set("points_symbol", Val::Null)
                .set("created_at", t(2))
                .set(
                    "search_terms",
                    indexer::search::terms(&format!("{name} genshin")),
                );
        })
    };
    w.assert_row(&community(At(3, 1, 1), "Genshin Guild", 1, 3))
        .await;
    let member = |account: Address, admin: bool, at: At| {
        row(&MEMBER, at, |r| {
            r.set("community_id", 1u64)
                .set("account", a(account))
                .set("status", "member")
                .set("is_admin", admin)
                .set("joined_at", t(at.0))
                .set("admin_since", admin.then(|| t(at.0)));
        })
    };
    let mut alice = member(ALICE, true, At(2, 0, 2));
    alice.set("joined_at", t(2));
    w.assert_row(&alice).await;
    w.assert_row(&member(BOB, false, At(3, 0, 0))).await;
    w.assert_row(&member(CAROL, false, At(3, 1, 1))).await;
    // Within the creating transaction the row went through three states in block 2: one
    // version for the block.
    assert_eq!(
        w.history(&COMMUNITY, "community_id = 1").await,
        [(2, Some(3)), (3, None)]
    );

    let out = w
        .block(
            4,
            vec![
                Cm::CommunityUpdated {
                    id: u(1),
                    by: ALICE,
                    name: "Genshin Guild EU".into(),
                    theme: "genshin".into(),
                    descriptionHash: h("description 9"),
                }
                .ev(),
                // An admin who never registered: no creator id.
                community_created(2, DAVE, "Visitors"),
                Cm::CommunityUpdated {
                    id: u(99),
                    by: ALICE,
                    name: "nope".into(),
                    theme: "nope".into(),
                    descriptionHash: B256::ZERO,
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(out[..2], applied(2));
    assert!(is_skip(&out[2]));
    w.assert_row(&community(At(4, 0, 0), "Genshin Guild EU", 9, 3))
        .await;
    let visitors = w.row(&COMMUNITY, Key::id(2)).await.unwrap();
    assert_eq!(visitors.get("creator_id"), &Val::Null);
    assert_eq!(visitors.str("creator_address"), a(DAVE));
    assert_eq!(w.count("Community").await, 2);
    // The seed's description column stays for the API (the body is off chain).
    assert_eq!(
        w.text("SELECT CAST(community_description AS CHAR) FROM Community WHERE community_id = 1")
            .await,
        None
    );
}

/// `admin_since` is the block's time the account became an admin (as the contract
/// stores it); appointing an admin again keeps it; removal, leaving and bans clear it.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn admin_since_is_kept_on_reappointment_and_cleared_on_removal(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    let since = async |w: &mut World, who: Address| {
        w.row(&MEMBER, key2(1, who))
            .await
            .unwrap()
            .get("admin_since")
            .clone()
    };
    assert_eq!(since(&mut w, ALICE).await, Val::U(t(2)), "the creator");
    assert_eq!(since(&mut w, BOB).await, Val::Null);
    assert_eq!(w.block(4, vec![admin_set(1, BOB, true)]).await, applied(1));
    assert_eq!(w.block(5, vec![admin_set(1, BOB, true)]).await, applied(1));
    assert_eq!(since(&mut w, BOB).await, Val::U(t(4)), "kept");
    assert_eq!(w.block(6, vec![admin_set(1, BOB, false)]).await, applied(1));
    assert_eq!(since(&mut w, BOB).await, Val::Null);
    assert_eq!(w.block(7, vec![admin_set(1, BOB, true)]).await, applied(1));
    assert_eq!(since(&mut w, BOB).await, Val::U(t(7)), "a new appointment");
    let left = Cm::MemberLeft {
        id: u(1),
        account: BOB,
        memberCount: u(2),
    }
    .ev();
    assert_eq!(
        w.tx(8, vec![admin_set(1, BOB, false), left]).await,
        applied(2)
    );
    let bob = w.row(&MEMBER, key2(1, BOB)).await.unwrap();
    assert_eq!(
        (
            bob.str("status"),
            bob.get("is_admin"),
            bob.get("admin_since")
        ),
        ("left", &Val::B(false), &Val::Null)
    );
}

/// `MembershipMoved` (a recovery, right after `RecoveryApproved`): the old address is
/// left with nothing (its row says `left`, no admin), the new one takes the standing the
/// event states, with the old admin time, and the community its member count. A ban
/// wins and drops admin rights; an address that gets nothing gets no row.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn membership_moved_retires_the_old_address_and_moves_admin_rights(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    // Community 2: carol creates it at block 4; bob joins and is banned at block 5.
    let out = w
        .tx(
            4,
            vec![
                community_created(2, CAROL, "Honor"),
                joined(2, CAROL, 1),
                admin_set(2, CAROL, true),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    let banned = Cm::MemberBanned {
        id: u(2),
        account: BOB,
        by: CAROL,
        memberCount: u(1),
    }
    .ev();
    assert_eq!(w.tx(5, vec![joined(2, BOB, 2), banned]).await, applied(2));

    let moved = |id: u64, from: Address, to: Address, standing: u8, since: u64, count: u64| {
        Cm::MembershipMoved {
            id: u(id),
            from,
            to,
            standing,
            adminSince: since,
            memberCount: u(count),
        }
        .ev()
    };
    // alice recovers to ALICE2: community 1 (member, admin since block 2). The same
    // transaction also shows a merge (as when the new address already had a standing):
    // carol's admin seat in community 2 meets bob's ban there, and the ban wins.
    let requested = Pr::RecoveryRequested {
        requestId: u(1),
        username: "alice".into(),
        oldAccount: ALICE,
        newAccount: ALICE2,
        evidenceHash: h("evidence"),
    }
    .ev();
    assert_eq!(w.block(6, vec![requested]).await, applied(1));
    let approved = Pr::RecoveryApproved {
        requestId: u(1),
        oldAccount: ALICE,
        newAccount: ALICE2,
        username: "alice".into(),
        profileHash: h("profile alice"),
        verified: false,
    }
    .ev();
    let out = w
        .tx(
            7,
            vec![
                approved,
                moved(1, ALICE, ALICE2, 1, t(2), 3),
                moved(2, CAROL, BOB, 2, 0, 0),
                // DAVE never took part in community 1 and gets nothing there.
                moved(1, DAVE, CAROL, 0, 0, 3),
            ],
        )
        .await;
    assert_eq!(out, applied(4));
    let member = |id: u64, account: Address, status: &str, since: Option<u64>, joined: u64, at| {
        row(&MEMBER, at, |r| {
            r.set("community_id", id)
                .set("account", a(account))
                .set("status", status)
                .set("is_admin", since.is_some())
                .set("joined_at", t(joined))
                .set("admin_since", since);
        })
    };
    w.assert_row(&member(1, ALICE, "left", None, 2, At(7, 0, 1)))
        .await;
    w.assert_row(&member(1, ALICE2, "member", Some(t(2)), 2, At(7, 0, 1)))
        .await;
    w.assert_row(&member(2, CAROL, "left", None, 4, At(7, 0, 2)))
        .await;
    w.assert_row(&member(2, BOB, "banned", None, 5, At(7, 0, 2)))
        .await;
    assert!(w.row(&MEMBER, key2(1, DAVE)).await.is_none());
    let count = async |w: &mut World, id: u64| {
        w.row(&COMMUNITY, Key::id(id))
            .await
            .unwrap()
            .u64("member_count")
    };
    assert_eq!(count(&mut w, 1).await, 3);
    assert_eq!(count(&mut w, 2).await, 0);
    // The user row moved too; the Member versions chain.
    assert_eq!(w.dir.user(ALICE2), Some(1));
    let cond = format!("community_id = 1 AND account = '{}'", a(ALICE2));
    assert_eq!(w.history(&MEMBER, &cond).await, [(7, None)]);
    let cond = format!("community_id = 1 AND account = '{}'", a(ALICE));
    assert_eq!(w.history(&MEMBER, &cond).await, [(2, Some(7)), (7, None)]);
}

/// `Profiles.CommunitiesSet` (once, at deployment) is a setting of `Profiles`.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn communities_set_is_a_profiles_setting(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let set = Pr::CommunitiesSet {
        communities: COMMUNITIES,
    }
    .ev();
    assert_eq!(w.block(1, vec![set]).await, applied(1));
    w.assert_row(&row(&SETTING, At(1, 0, 0), |r| {
        r.set("contract", a(PROFILES))
            .set("name", "communities")
            .set("value", a(COMMUNITIES));
    }))
    .await;
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn members_join_leave_are_banned_unbanned_and_made_admins(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    let member = |account: Address, status: &str, admin: bool, joined: u64, at: At| {
        row(&MEMBER, at, |r| {
            r.set("community_id", 1u64)
                .set("account", a(account))
                .set("status", status)
                .set("is_admin", admin)
                .set("joined_at", t(joined))
                .set("admin_since", admin.then(|| t(at.0)));
        })
    };
    let members = async |w: &mut World| {
        w.row(&COMMUNITY, Key::id(1))
            .await
            .unwrap()
            .u64("member_count")
    };

    assert_eq!(w.block(4, vec![admin_set(1, BOB, true)]).await, applied(1));
    w.assert_row(&member(BOB, "member", true, 3, At(4, 0, 0)))
        .await;

    // Carol leaves; bob loses admin and is banned (the contract emits both, in one tx).
    let out = w
        .batch(vec![(
            5,
            vec![
                vec![
                    Cm::MemberLeft {
                        id: u(1),
                        account: CAROL,
                        memberCount: u(2),
                    }
                    .ev(),
                ],
                vec![
                    admin_set(1, BOB, false),
                    Cm::MemberBanned {
                        id: u(1),
                        account: BOB,
                        by: ALICE,
                        memberCount: u(1),
                    }
                    .ev(),
                ],
            ],
        )])
        .await;
    assert_eq!(out.outcomes, applied(3));
    w.assert_row(&member(CAROL, "left", false, 3, At(5, 0, 0)))
        .await;
    w.assert_row(&member(BOB, "banned", false, 3, At(5, 1, 2)))
        .await;
    assert_eq!(members(&mut w).await, 1);

    let unbanned = Cm::MemberUnbanned {
        id: u(1),
        account: BOB,
        by: ALICE,
    }
    .ev();
    assert_eq!(w.block(6, vec![unbanned]).await, applied(1));
    w.assert_row(&member(BOB, "left", false, 3, At(6, 0, 0)))
        .await;
    assert_eq!(members(&mut w).await, 1);

    assert_eq!(w.block(7, vec![joined(1, BOB, 2)]).await, applied(1));
    w.assert_row(&member(BOB, "member", false, 7, At(7, 0, 0)))
        .await;
    assert_eq!(members(&mut w).await, 2);
    let cond = format!("community_id = 1 AND account = '{}'", a(BOB));
    assert_eq!(
        w.history(&MEMBER, &cond).await,
        [
            (3, Some(4)),
            (4, Some(5)),
            (5, Some(6)),
            (6, Some(7)),
            (7, None)
        ]
    );
    let community = w.row(&COMMUNITY, Key::id(1)).await.unwrap();
    assert_eq!(community.u64("block_number"), 7);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn points_created_adds_a_token_to_watch(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    let community = w.row(&COMMUNITY, Key::id(1)).await.unwrap();
    assert_eq!(
        (
            community.str("community_contract_address"),
            community.str("points_name"),
            community.str("points_symbol"),
            community.u64("block_number"),
        ),
        (a(TOKEN).as_str(), "Guild Points", "GP", 4)
    );
    w.assert_row(&row(&TOKEN_TABLE, At(4, 0, 0), |r| {
        r.set("token", a(TOKEN))
            .set("community_id", 1u64)
            .set("name", "Guild Points")
            .set("symbol", "GP")
            .set("total_supply", "0")
            .set("created_at", t(4));
    }))
    .await;
    assert_eq!(w.dir.tokens.get(&TOKEN), Some(&1));
    let dir = Directory::load(&mut w.conn).await.unwrap();
    assert_eq!(dir.tokens.get(&TOKEN), Some(&1));

    // For a community the read model does not have: skipped, no token.
    let out = w.block(5, vec![points_created(9, TOKEN2)]).await;
    assert!(is_skip(&out[0]), "{out:?}");
    assert_eq!(w.count("Token").await, 1);
    assert!(!w.dir.tokens.contains_key(&TOKEN2));
}

fn point_row(id: u64, at: At, f: impl FnOnce(&mut Row)) -> Row {
    row(&POINT, at, |r| {
        r.set("point_id", id)
            .set("token", a(TOKEN))
            .set("community_id", 1u64)
            .set("transaction_time", t(at.0))
            .set("created_at", t(at.0));
        f(r);
    })
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn points_awarded_names_the_source_of_its_mint(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    // `award` mints (the token's Transfer) and then emits PointsAwarded, in one tx.
    let out = w
        .batch(vec![(
            5,
            vec![
                vec![transfer(ETH, BOB, 50), awarded(BOB, 50, "daily quest")],
                vec![transfer(ETH, CAROL, 20), awarded(CAROL, 20, "tournament")],
                vec![transfer(ETH, CAROL, 5)],
            ],
        )])
        .await;
    assert_eq!(out.outcomes, applied(5));
    let mint = |id: u64, to: Address, user: u64, amount: &str, source: &str, at: At| {
        point_row(id, at, |r| {
            r.set("user_id", user)
                .set("point_amount", amount)
                .set("source", source)
                .set("account", a(to))
                .set("counterparty", a(ETH));
        })
    };
    w.assert_row(&mint(1, BOB, 2, "50", "daily quest", At(5, 0, 0)))
        .await;
    w.assert_row(&mint(2, CAROL, 3, "20", "tournament", At(5, 1, 2)))
        .await;
    w.assert_row(&mint(3, CAROL, 3, "5", "mint", At(5, 2, 4)))
        .await;

    // An award whose mint is not in its transaction changes nothing.
    let before = w.digest;
    let out = w.block(6, vec![awarded(BOB, 50, "orphan")]).await;
    assert!(is_skip(&out[0]), "{out:?}");
    assert_eq!(w.digest, before);
    assert_eq!(
        w.text("SELECT CAST(source AS CHAR) FROM Point WHERE point_id = 1")
            .await
            .as_deref(),
        Some("daily quest")
    );
}

/// `Communities.award` takes any `source` string (no length check), and `Point.source` is
/// `VARCHAR(255)`: a community admin's long source must not make the batch fail to flush
/// (which would stop the indexer on that block for good). The mint stays recorded, with
/// the source (or a prefix of it).
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_long_award_source_does_not_stop_the_indexer(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    let source = "活动".repeat(200);
    let out = w
        .tx(5, vec![transfer(ETH, BOB, 50), awarded(BOB, 50, &source)])
        .await;
    assert_eq!(out[0], Outcome::Applied);
    let stored = w
        .text("SELECT CAST(source AS CHAR) FROM Point WHERE point_id = 1")
        .await
        .unwrap_or_default();
    assert!(
        !stored.is_empty() && source.starts_with(&stored),
        "source {stored:?}"
    );
    w.assert_row(&balance(BOB, "50", At(5, 0, 0))).await;
}

// ---- CommunityPoints ----

fn balance(account: Address, amount: &str, at: At) -> Row {
    row(&BALANCE, at, |r| {
        r.set("token", a(TOKEN))
            .set("account", a(account))
            .set("balance", amount);
    })
}

fn supply(total: &str, at: At) -> Row {
    row(&TOKEN_TABLE, at, |r| {
        r.set("token", a(TOKEN))
            .set("community_id", 1u64)
            .set("name", "Guild Points")
            .set("symbol", "GP")
            .set("total_supply", total)
            .set("created_at", t(4));
    })
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn transfers_write_a_signed_ledger_balances_and_the_supply(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    let out = w
        .block(5, vec![transfer(ETH, ALICE, 100), transfer(ETH, DAVE, 40)])
        .await;
    assert_eq!(out, applied(2));
    assert_eq!(w.block(6, vec![transfer(ALICE, BOB, 30)]).await, applied(1));
    assert_eq!(w.block(7, vec![transfer(BOB, ETH, 10)]).await, applied(1));

    let ledger =
        |id: u64, acct: Address, user: Option<u64>, amt: &str, src: &str, cp: Address, at: At| {
            point_row(id, at, |r| {
                r.set("user_id", user)
                    .set("point_amount", amt)
                    .set("source", src)
                    .set("account", a(acct))
                    .set("counterparty", a(cp));
            })
        };
    let expected = [
        ledger(1, ALICE, Some(1), "100", "mint", ETH, At(5, 0, 0)),
        ledger(2, DAVE, None, "40", "mint", ETH, At(5, 1, 1)),
        ledger(3, ALICE, Some(1), "-30", "transfer", BOB, At(6, 0, 0)),
        ledger(4, BOB, Some(2), "30", "transfer", ALICE, At(6, 0, 0)),
        ledger(5, BOB, Some(2), "-10", "burn", ETH, At(7, 0, 0)),
    ];
    let rows = w.rows(&POINT).await;
    assert_eq!(
        rows.iter().map(common::pairs).collect::<Vec<_>>(),
        expected.iter().map(common::pairs).collect::<Vec<_>>()
    );
    w.assert_row(&balance(ALICE, "70", At(6, 0, 0))).await;
    w.assert_row(&balance(BOB, "20", At(7, 0, 0))).await;
    w.assert_row(&balance(DAVE, "40", At(5, 1, 1))).await;
    assert_eq!(w.count("Balance").await, 3, "no balance row for address(0)");
    w.assert_row(&supply("130", At(7, 0, 0))).await;
    let cond = format!("account = '{}'", a(ALICE));
    assert_eq!(w.history(&BALANCE, &cond).await, [(5, Some(6)), (6, None)]);
    // The ledger sums to the balances; the seed's TIMESTAMP holds the block time (UTC).
    assert_eq!(
        w.text(&format!(
            "SELECT CAST(SUM(point_amount) AS CHAR) FROM Point WHERE account = '{}'",
            a(BOB)
        ))
        .await
        .as_deref(),
        Some("20")
    );
    assert_eq!(
        w.text("SELECT CAST(transaction_time AS CHAR) FROM Point WHERE point_id = 1")
            .await
            .as_deref(),
        Some("2023-11-14 22:14:20")
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn transfer_sources_name_the_contract_on_the_other_side(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    assert_eq!(
        w.block(5, vec![transfer(ETH, ALICE, 1000)]).await,
        applied(1)
    );
    let moves = [
        (ALICE, TASK_MARKET, 100, "task escrow"),
        (TASK_MARKET, BOB, 60, "task payout"),
        (ALICE, POINT_MALL, 50, "mall payment"),
        (POINT_MALL, ALICE, 20, "mall refund"),
        (POINT_MALL, ETH, 30, "mall redemption"),
        (ALICE, POINT_EXCHANGE, 40, "exchange escrow"),
        (POINT_EXCHANGE, BOB, 40, "exchange"),
        (ALICE, BOB, 5, "transfer"),
        (BOB, ETH, 5, "burn"),
    ];
    let events = moves
        .iter()
        .map(|(from, to, v, _)| transfer(*from, *to, *v))
        .collect();
    assert_eq!(w.block(6, events).await, applied(moves.len()));
    let got: Vec<(u64, String, String, String)> = sqlx::query_as(
        "SELECT point_id, CAST(account AS CHAR), CAST(point_amount AS CHAR), CAST(source AS CHAR) \
         FROM Point WHERE block_number = 6 ORDER BY point_id",
    )
    .fetch_all(&mut *w.conn)
    .await
    .unwrap();
    let mut expected = Vec::new();
    let mut id = 2;
    for (from, to, v, source) in moves {
        for (account, sign) in [(from, "-"), (to, "")] {
            if account != ETH {
                expected.push((id, a(account), format!("{sign}{v}"), source.to_owned()));
                id += 1;
            }
        }
    }
    assert_eq!(got, expected);
    // Contracts hold points like anyone; they have no user id.
    w.assert_row(&balance(TASK_MARKET, "40", At(6, 1, 1))).await;
    w.assert_row(&balance(POINT_MALL, "0", At(6, 4, 4))).await;
    w.assert_row(&balance(ALICE, "825", At(6, 7, 7))).await;
    w.assert_row(&supply("965", At(6, 8, 8))).await;
    assert_eq!(
        w.text(&format!(
            "SELECT CAST(COUNT(*) AS CHAR) FROM Point WHERE account = '{}' AND user_id IS NULL",
            a(TASK_MARKET)
        ))
        .await
        .as_deref(),
        Some("2")
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn transfers_that_cannot_be_projected_are_skipped_whole(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    assert_eq!(
        w.block(5, vec![transfer(ETH, ALICE, 100)]).await,
        applied(1)
    );
    let after_mint = w.digest;
    let max = pow10(65) - u(1);
    let out = w
        .block(
            6,
            vec![
                // More than alice holds.
                transfer(ALICE, BOB, 101),
                // Beyond DECIMAL(65,0).
                transfer_of(TOKEN, ETH, BOB, pow10(65)),
                transfer_of(TOKEN, ALICE, BOB, U256::MAX),
                // Fits a balance, but the supply would leave DECIMAL(65,0).
                transfer_of(TOKEN, ETH, BOB, max - u(99)),
                // Nothing the read model keeps.
                points(
                    TOKEN,
                    1,
                    Cp::CommunityPointsEvents::Approval(Cp::Approval {
                        owner: ALICE,
                        spender: POINT_MALL,
                        value: U256::MAX,
                    }),
                ),
                points(
                    TOKEN,
                    1,
                    Cp::CommunityPointsEvents::EIP712DomainChanged(Cp::EIP712DomainChanged {}),
                ),
            ],
        )
        .await;
    assert!(out[..4].iter().all(is_skip), "{out:?}");
    assert_eq!(out[4..], applied(2));
    // Nothing was written: no ledger row, no balance for bob, the supply as it was, and
    // so the digest of block 6 is the digest of block 5.
    assert_eq!(w.count("Point").await, 1);
    assert_eq!(w.count("Balance").await, 1);
    w.assert_row(&balance(ALICE, "100", At(5, 0, 0))).await;
    w.assert_row(&supply("100", At(5, 0, 0))).await;
    assert_eq!(w.digest, after_mint);

    // The ledger's ids go on without a gap; the supply may reach the maximum exactly.
    let out = w
        .block(
            7,
            vec![
                transfer(ALICE, BOB, 100),
                transfer_of(TOKEN, ETH, CAROL, max - u(100)),
            ],
        )
        .await;
    assert_eq!(out, applied(2));
    let ids: Vec<u64> = sqlx::query_scalar("SELECT point_id FROM Point ORDER BY point_id")
        .fetch_all(&mut *w.conn)
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3, 4]);
    w.assert_row(&supply(&max.to_string(), At(7, 1, 1))).await;
    w.assert_row(&balance(CAROL, &(max - u(100)).to_string(), At(7, 1, 1)))
        .await;
}

/// ERC-20 lets an account send to itself: the balance must not change.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_transfer_to_oneself_leaves_the_balance_unchanged(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild_with_points(&mut w).await;
    assert_eq!(
        w.block(5, vec![transfer(ETH, ALICE, 100)]).await,
        applied(1)
    );
    assert_eq!(
        w.block(6, vec![transfer(ALICE, ALICE, 40)]).await,
        applied(1)
    );
    let amounts: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(point_amount AS CHAR) FROM Point WHERE block_number = 6 ORDER BY point_id",
    )
    .fetch_all(&mut *w.conn)
    .await
    .unwrap();
    assert_eq!(amounts, ["-40", "40"]);
    let alice = w.row(&BALANCE, akey(TOKEN, ALICE)).await.unwrap();
    assert_eq!(alice.str("balance"), "100");
    // And sending oneself more than one holds is refused like any overdraft.
    let out = w.block(7, vec![transfer(ALICE, ALICE, 101)]).await;
    assert!(is_skip(&out[0]), "{out:?}");
}

// ---- Posts ----

fn post_row(id: u64, author: Address, title: &str, at: At, f: impl FnOnce(&mut Row)) -> Row {
    row(&POST, at, |r| {
        r.set("post_id", id)
            .set("post_title", title)
            .set("search_terms", indexer::search::terms(title))
            .set("post_time", t(4))
            .set("publisher_id", Val::Null)
            .set("community_id", 1u64)
            .set("author", a(author))
            .set("content_hash", hs(&format!("post {id}")))
            .set("removed", false)
            .set("pinned", false)
            .set("like_count", 0u64)
            .set("comment_count", 0u64)
            .set("created_at", t(4))
            .set("edited_at", Val::Null);
        f(r);
    })
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn posts_are_created_edited_pinned_and_removed(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    let out = w
        .block(
            4,
            vec![
                post_created(1, BOB, "First clear!"),
                post_created(2, DAVE, "Hello from a visitor"),
            ],
        )
        .await;
    assert_eq!(out, applied(2));
    w.assert_row(&post_row(1, BOB, "First clear!", At(4, 0, 0), |r| {
        r.set("publisher_id", 2u64);
    }))
    .await;
    w.assert_row(&post_row(
        2,
        DAVE,
        "Hello from a visitor",
        At(4, 1, 1),
        |_| {},
    ))
    .await;
    assert_eq!(
        w.text("SELECT CAST(post_time AS CHAR) FROM Post WHERE post_id = 1")
            .await
            .as_deref(),
        Some("2023-11-14 22:14:08")
    );

    let pin = |pinned: bool| {
        Cm::PostPinned {
            id: u(1),
            postId: u(1),
            pinned,
            by: ALICE,
        }
        .ev()
    };
    let out = w
        .block(
            5,
            vec![
                Po::PostEdited {
                    postId: u(1),
                    contentHash: h("post 1 v2"),
                }
                .ev(),
                pin(true),
                Po::PostEdited {
                    postId: u(99),
                    contentHash: h("x"),
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(out[..2], applied(2));
    assert!(is_skip(&out[2]));
    w.assert_row(&post_row(1, BOB, "First clear!", At(5, 1, 1), |r| {
        r.set("publisher_id", 2u64)
            .set("content_hash", hs("post 1 v2"))
            .set("edited_at", t(5))
            .set("pinned", true);
    }))
    .await;

    let removed = Po::PostRemoved {
        postId: u(2),
        by: ALICE,
    }
    .ev();
    assert_eq!(w.block(6, vec![removed, pin(false)]).await, applied(2));
    w.assert_row(&post_row(
        2,
        DAVE,
        "Hello from a visitor",
        At(6, 0, 0),
        |r| {
            r.set("removed", true);
        },
    ))
    .await;
    let first = w.row(&POST, Key::id(1)).await.unwrap();
    assert_eq!(first.get("pinned"), &Val::B(false));
    assert_eq!(
        w.history(&POST, "post_id = 1").await,
        [(4, Some(5)), (5, Some(6)), (6, None)]
    );
    // A removed post stays (hidden), with its history.
    assert_eq!(w.count("Post").await, 2);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn likes_and_unlikes_count_once_per_account(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    assert_eq!(
        w.block(4, vec![post_created(1, BOB, "t")]).await,
        applied(1)
    );
    let likes = async |w: &mut World| w.row(&POST, Key::id(1)).await.unwrap().u64("like_count");
    assert_eq!(
        w.block(5, vec![liked(1, BOB, true), liked(1, CAROL, true)])
            .await,
        applied(2)
    );
    assert_eq!(likes(&mut w).await, 2);
    assert_eq!(w.block(6, vec![liked(1, BOB, false)]).await, applied(1));
    assert_eq!(likes(&mut w).await, 1);
    assert_eq!(w.block(7, vec![liked(1, BOB, true)]).await, applied(1));
    assert_eq!(likes(&mut w).await, 2);
    let like = |account: Address, on: bool, at: At| {
        row(&POST_LIKE, at, |r| {
            r.set("post_id", 1u64)
                .set("account", a(account))
                .set("liked", on);
        })
    };
    w.assert_row(&like(BOB, true, At(7, 0, 0))).await;
    w.assert_row(&like(CAROL, true, At(5, 1, 1))).await;
    let post = w.row(&POST, Key::id(1)).await.unwrap();
    assert_eq!(post.u64("block_number"), 7);
    let cond = format!("post_id = 1 AND account = '{}'", a(BOB));
    assert_eq!(
        w.history(&POST_LIKE, &cond).await,
        [(5, Some(6)), (6, Some(7)), (7, None)]
    );
    assert_eq!(w.count("PostLike").await, 2);
    // A like of a post the read model lacks is skipped.
    let out = w.block(8, vec![liked(99, BOB, true)]).await;
    assert!(is_skip(&out[0]));
    assert!(w.row(&POST_LIKE, key2(99, BOB)).await.is_none());
}

/// `CommentRemoved`: the comment is marked (and by whom), a new version in
/// `Comment_history`; a post counts only its visible comments.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_removed_comment_is_marked_and_leaves_its_posts_count(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    assert_eq!(
        w.block(4, vec![post_created(1, BOB, "Abyss guide")]).await,
        applied(1)
    );
    let out = w
        .block(
            5,
            vec![
                comment(1, 2, 1, BOB),
                comment(2, 2, 1, CAROL),
                comment(3, 1, 1, CAROL),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    let removed = |id: u64| {
        Po::CommentRemoved {
            commentId: u(id),
            by: ALICE,
        }
        .ev()
    };
    let out = w
        .block(
            6,
            vec![
                removed(2),
                removed(3),
                // Not in the read model: skipped.
                removed(9),
            ],
        )
        .await;
    assert_eq!(out[..2], applied(2));
    assert!(is_skip(&out[2]), "{out:?}");
    let comment_row = |id: u64, kind: &str, author: Address, by: Option<Address>, at: At| {
        row(&COMMENT, at, |r| {
            r.set("comment_id", id)
                .set("user_id", if author == BOB { 2u64 } else { 3 })
                .set("comment_time", t(5))
                .set("comment_object_type", kind)
                .set("target_id", 1u64)
                .set("author", a(author))
                .set("content_hash", hs(&format!("comment {id}")))
                .set("created_at", t(5))
                .set("removed", by.is_some())
                .set("removed_by", by.map(a));
        })
    };
    w.assert_row(&comment_row(1, "帖子", BOB, None, At(5, 0, 0)))
        .await;
    w.assert_row(&comment_row(2, "帖子", CAROL, Some(ALICE), At(6, 0, 0)))
        .await;
    w.assert_row(&comment_row(3, "社区", CAROL, Some(ALICE), At(6, 1, 1)))
        .await;
    let post = w.row(&POST, Key::id(1)).await.unwrap();
    assert_eq!(post.u64("comment_count"), 1, "one visible comment");
    assert_eq!(post.u64("block_number"), 6);
    assert_eq!(
        w.history(&COMMENT, "comment_id = 2").await,
        [(5, Some(6)), (6, None)]
    );
    assert_eq!(w.history(&COMMENT, "comment_id = 1").await, [(5, None)]);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn comments_on_tasks_communities_and_posts(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    assert_eq!(
        w.block(4, vec![post_created(1, BOB, "t")]).await,
        applied(1)
    );
    let out = w
        .block(
            5,
            vec![
                comment(1, 2, 1, BOB),
                comment(2, 1, 1, CAROL),
                comment(3, 0, 7, DAVE),
                comment(4, 2, 1, CAROL),
                comment(5, 3, 1, BOB),
            ],
        )
        .await;
    assert_eq!(out[..4], applied(4));
    assert!(is_skip(&out[4]), "target kind 3 is unknown");
    let expected = [
        (1u64, Some(2u64), "帖子", 1u64, BOB),
        (2, Some(3), "社区", 1, CAROL),
        (3, None, "任务", 7, DAVE),
        (4, Some(3), "帖子", 1, CAROL),
    ]
    .map(|(id, user, kind, target, author)| {
        row(&COMMENT, At(5, id as usize - 1, id - 1), |r| {
            r.set("comment_id", id)
                .set("user_id", user)
                .set("comment_time", t(5))
                .set("comment_object_type", kind)
                .set("target_id", target)
                .set("author", a(author))
                .set("content_hash", hs(&format!("comment {id}")))
                .set("created_at", t(5))
                .set("removed", false)
                .set("removed_by", Val::Null);
        })
    });
    let rows = w.rows(&COMMENT).await;
    assert_eq!(
        rows.iter().map(common::pairs).collect::<Vec<_>>(),
        expected.iter().map(common::pairs).collect::<Vec<_>>()
    );
    let post = w.row(&POST, Key::id(1)).await.unwrap();
    assert_eq!(
        (
            post.u64("comment_count"),
            post.u64("block_number"),
            post.u64("log_index")
        ),
        (2, 5, 3)
    );
    let community = w.row(&COMMUNITY, Key::id(1)).await.unwrap();
    assert_eq!(
        community.u64("block_number"),
        3,
        "a community comment counts nowhere"
    );
}

// ---- TaskMarket ----

/// Blocks 1–4: the guild, and alice's task 1 (1 ETH).
async fn task_world(w: &mut World) {
    guild(w).await;
    assert_eq!(
        w.block(4, vec![published(1, ETH, one_eth())]).await,
        applied(1)
    );
}

fn transaction_row(id: u64, task: u64, to: Address, to_id: u64, amount: U256, at: At) -> Row {
    row(&TRANSACTION, at, |r| {
        r.set("transaction_id", id)
            .set("task_id", task)
            .set("sender_id", 1u64)
            .set("receiver_id", to_id)
            .set("transaction_amount", amount.to_string())
            .set("token", a(ETH))
            .set("sender", a(ALICE))
            .set("receiver", a(to))
            .set("created_at", t(at.0));
    })
}

async fn statuses(w: &mut World, task: u64) -> Vec<(u64, String)> {
    sqlx::query_as(&format!(
        "SELECT valid_from, CAST(task_status AS CHAR) FROM {} WHERE task_id = ? \
         ORDER BY valid_from",
        TASK.versions()
    ))
    .bind(task)
    .fetch_all(&mut *w.conn)
    .await
    .unwrap()
}

fn s(v: &[(u64, &str)]) -> Vec<(u64, String)> {
    v.iter().map(|(b, l)| (*b, (*l).to_owned())).collect()
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_task_is_published_claimed_submitted_approved_and_paid(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    w.assert_row(&task_row(1, At(4, 0, 0), 4, |_| {})).await;

    assert_eq!(w.block(5, vec![claimed(1)]).await, applied(1));
    // The claim carries its work deadline; it runs while the work is under review.
    w.assert_row(&task_row(1, At(5, 0, 0), 4, |r| {
        r.set("task_status", "领取")
            .set("claimer", a(BOB))
            .set("claimed_at", t(5))
            .set("work_deadline", WORK_DEADLINE)
            .set("updated_at", t(5));
    }))
    .await;

    assert_eq!(w.block(6, vec![submitted(1, "proof")]).await, applied(1));
    let submitted_row = |r: &mut Row| {
        r.set("task_status", "已提交")
            .set("claimer", a(BOB))
            .set("claimed_at", t(5))
            .set("submitted_at", t(6))
            .set("proof_hash", hs("proof"))
            .set("work_deadline", WORK_DEADLINE)
            .set("updated_at", t(6));
    };
    w.assert_row(&task_row(1, At(6, 0, 0), 4, submitted_row))
        .await;

    // approveWork: WorkApproved, then the payout's TaskPaid, in one transaction.
    let out = w
        .tx(
            7,
            vec![
                Tm::WorkApproved {
                    id: u(1),
                    publisher: ALICE,
                }
                .ev(),
                task_paid(1, BOB, one_eth()),
            ],
        )
        .await;
    assert_eq!(out, applied(2));
    // Completed: the claim ended, no deadline runs.
    w.assert_row(&task_row(1, At(7, 0, 0), 4, |r| {
        submitted_row(r);
        r.set("task_status", "完成")
            .set("work_deadline", Val::Null)
            .set("updated_at", t(7));
    }))
    .await;
    w.assert_row(&transaction_row(1, 1, BOB, 2, one_eth(), At(7, 0, 1)))
        .await;
    assert_eq!(
        statuses(&mut w, 1).await,
        s(&[(4, "发布"), (5, "领取"), (6, "已提交"), (7, "完成")])
    );
    // The seed's columns read as the seed wrote them.
    let seed: (String, String, Option<String>) = sqlx::query_as(
        "SELECT CAST(task_status AS CHAR), CAST(task_price AS CHAR), CAST(task_description AS CHAR) \
         FROM Task WHERE task_id = 1",
    )
    .fetch_one(&mut *w.conn)
    .await
    .unwrap();
    assert_eq!(seed, ("完成".into(), "1000000000000000000".into(), None));
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_rejected_task_is_disputed_and_resolved(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    assert_eq!(w.block(5, vec![claimed(1)]).await, applied(1));
    assert_eq!(w.block(6, vec![submitted(1, "proof 1")]).await, applied(1));
    assert_eq!(w.block(7, vec![rejected(1)]).await, applied(1));
    let base = |r: &mut Row| {
        r.set("claimer", a(BOB))
            .set("claimed_at", t(5))
            .set("submitted_at", t(6))
            .set("proof_hash", hs("proof 1"));
    };
    // A rejection keeps the claim, and its work deadline.
    w.assert_row(&task_row(1, At(7, 0, 0), 4, |r| {
        base(r);
        r.set("task_status", "领取")
            .set("rejected", true)
            .set("rejection_hash", hs("not enough"))
            .set("work_deadline", WORK_DEADLINE)
            .set("updated_at", t(7));
    }))
    .await;

    // A new submission clears the rejection; a second rejection sets it again.
    assert_eq!(w.block(8, vec![submitted(1, "proof 2")]).await, applied(1));
    let again = w.row(&TASK, Key::id(1)).await.unwrap();
    assert_eq!(
        (
            again.get("rejected"),
            again.u64("submitted_at"),
            again.str("proof_hash")
        ),
        (&Val::B(false), t(8), hs("proof 2").as_str())
    );
    assert_eq!(w.block(9, vec![rejected(1)]).await, applied(1));

    let opened = Tm::DisputeOpened {
        id: u(1),
        claimer: BOB,
        reasonHash: h("unfair"),
        disputeDeadline: DISPUTE_DEADLINE,
    }
    .ev();
    assert_eq!(w.block(10, vec![opened]).await, applied(1));
    let disputed = w.row(&TASK, Key::id(1)).await.unwrap();
    assert_eq!(
        (
            disputed.str("task_status"),
            disputed.get("rejected"),
            disputed.str("rejection_hash"),
            disputed.str("dispute_hash")
        ),
        (
            "争议中",
            &Val::B(true),
            hs("not enough").as_str(),
            hs("unfair").as_str()
        )
    );
    // The dispute's deadline runs; the claim's work deadline no longer does.
    assert_eq!(
        (
            disputed.get("dispute_deadline"),
            disputed.get("work_deadline")
        ),
        (&Val::U(DISPUTE_DEADLINE), &Val::Null)
    );

    // resolveDispute(60%): DisputeResolved, then one TaskPaid per side.
    let claimer_share = u(600_000_000_000_000_000);
    let publisher_share = u(400_000_000_000_000_000);
    let out = w
        .tx(
            11,
            vec![
                Tm::DisputeResolved {
                    id: u(1),
                    arbiter: ALICE,
                    claimerShareBps: 6000,
                    claimerAmount: claimer_share,
                    publisherAmount: publisher_share,
                }
                .ev(),
                task_paid(1, BOB, claimer_share),
                task_paid(1, ALICE, publisher_share),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    w.assert_row(&task_row(1, At(11, 0, 0), 4, |r| {
        base(r);
        r.set("task_status", "完成")
            .set("rejected", true)
            .set("rejection_hash", hs("not enough"))
            .set("dispute_hash", hs("unfair"))
            .set("submitted_at", t(8))
            .set("proof_hash", hs("proof 2"))
            .set("updated_at", t(11));
    }))
    .await;
    w.assert_row(&transaction_row(1, 1, BOB, 2, claimer_share, At(11, 0, 1)))
        .await;
    w.assert_row(&transaction_row(
        2,
        1,
        ALICE,
        1,
        publisher_share,
        At(11, 0, 2),
    ))
    .await;
    assert_eq!(
        statuses(&mut w, 1).await,
        s(&[
            (4, "发布"),
            (5, "领取"),
            (6, "已提交"),
            (7, "领取"),
            (8, "已提交"),
            (9, "领取"),
            (10, "争议中"),
            (11, "完成")
        ])
    );
}

/// `TaskClaimReleased`: the task is open again with no claimer and no work deadline, and
/// the released claimer is remembered (`TaskRelease`, with history) so the API can say
/// who may never claim it again. A rollback below the release undoes both exactly.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_released_claim_reopens_the_task_and_is_remembered(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    assert_eq!(w.block(5, vec![claimed(1)]).await, applied(1));
    assert_eq!(w.block(6, vec![claim_released(1, BOB)]).await, applied(1));
    w.assert_row(&task_row(1, At(6, 0, 0), 4, |r| {
        r.set("updated_at", t(6));
    }))
    .await;
    let release = row(&TASK_RELEASE, At(6, 0, 0), |r| {
        r.set("task_id", 1u64)
            .set("claimer", a(BOB))
            .set("released_at", t(6));
    });
    w.assert_row(&release).await;
    assert_eq!(
        statuses(&mut w, 1).await,
        s(&[(4, "发布"), (5, "领取"), (6, "发布")])
    );
    let cond = format!("task_id = 1 AND claimer = '{}'", a(BOB));
    assert_eq!(w.history(&TASK_RELEASE, &cond).await, [(6, None)]);

    // Another player claims it: a new work deadline runs; the release stays.
    let carol_claims = Tm::TaskClaimed {
        id: u(1),
        claimer: CAROL,
        workDeadline: WORK_DEADLINE + 60,
    }
    .ev();
    assert_eq!(w.block(7, vec![carol_claims]).await, applied(1));
    let task = w.row(&TASK, Key::id(1)).await.unwrap();
    assert_eq!(
        (
            task.str("claimer"),
            task.get("claimed_at"),
            task.get("work_deadline")
        ),
        (
            a(CAROL).as_str(),
            &Val::U(t(7)),
            &Val::U(WORK_DEADLINE + 60)
        )
    );
    w.assert_row(&release).await;

    // A reorg back to block 5: claimed by bob, nobody released.
    let mut tx = w.conn.begin().await.unwrap();
    db::rollback_tables(&mut tx, &TABLES, 5).await.unwrap();
    tx.commit().await.unwrap();
    w.assert_row(&task_row(1, At(5, 0, 0), 4, |r| {
        r.set("task_status", "领取")
            .set("claimer", a(BOB))
            .set("claimed_at", t(5))
            .set("work_deadline", WORK_DEADLINE)
            .set("updated_at", t(5));
    }))
    .await;
    assert_eq!(w.count("TaskRelease").await, 0);
    assert_eq!(w.count("TaskRelease_history").await, 0);
}

/// `DisputeExpired`: nobody arbitrated within the dispute period; the task is 过期, no
/// deadline runs, and the two `TaskPaid` that follow are the 50/50 split.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn an_expired_dispute_expires_the_task_and_pays_both_halves(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    for (n, e) in [
        (5, claimed(1)),
        (6, submitted(1, "proof")),
        (7, rejected(1)),
        (8, dispute_opened(1)),
    ] {
        assert_eq!(w.block(n, vec![e]).await, applied(1));
    }
    let half = pow10(18) / u(2);
    let out = w
        .tx(
            9,
            vec![
                dispute_expired(1),
                task_paid(1, BOB, half),
                task_paid(1, ALICE, half),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    w.assert_row(&task_row(1, At(9, 0, 0), 4, |r| {
        r.set("task_status", "过期")
            .set("claimer", a(BOB))
            .set("claimed_at", t(5))
            .set("rejected", true)
            .set("rejection_hash", hs("not enough"))
            .set("dispute_hash", hs("unfair"))
            .set("submitted_at", t(6))
            .set("proof_hash", hs("proof"))
            .set("updated_at", t(9));
    }))
    .await;
    w.assert_row(&transaction_row(1, 1, BOB, 2, half, At(9, 0, 1)))
        .await;
    w.assert_row(&transaction_row(2, 1, ALICE, 1, half, At(9, 0, 2)))
        .await;
    assert_eq!(
        statuses(&mut w, 1).await,
        s(&[
            (4, "发布"),
            (5, "领取"),
            (6, "已提交"),
            (7, "领取"),
            (8, "争议中"),
            (9, "过期")
        ])
    );
    let deadlines: Vec<(u64, Option<u64>, Option<u64>)> = sqlx::query_as(&format!(
        "SELECT valid_from, work_deadline, dispute_deadline FROM {} \
         WHERE task_id = 1 ORDER BY valid_from",
        TASK.versions()
    ))
    .fetch_all(&mut *w.conn)
    .await
    .unwrap();
    let (work, dispute) = (Some(WORK_DEADLINE), Some(DISPUTE_DEADLINE));
    assert_eq!(
        deadlines,
        [
            (4, None, None),
            (5, work, None),
            (6, work, None),
            (7, work, None),
            (8, None, dispute),
            (9, None, None)
        ]
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn tasks_are_abandoned_cancelled_expired_and_finalized(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    let out = w
        .block(
            5,
            vec![
                published(2, ETH, one_eth()),
                published(3, ETH, one_eth()),
                published(4, ETH, one_eth()),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    assert_eq!(
        w.block(6, vec![claimed(1), claimed(3), claimed(4)]).await,
        applied(3)
    );
    let out = w
        .batch(vec![(
            7,
            vec![
                vec![
                    Tm::TaskAbandoned {
                        id: u(1),
                        claimer: BOB,
                    }
                    .ev(),
                ],
                vec![
                    Tm::TaskCancelled { id: u(2) }.ev(),
                    task_paid(2, ALICE, one_eth()),
                ],
                vec![
                    Tm::TaskExpired {
                        id: u(3),
                        by: CAROL,
                    }
                    .ev(),
                    task_paid(3, ALICE, one_eth()),
                ],
                vec![submitted(4, "proof 4")],
            ],
        )])
        .await;
    assert_eq!(out.outcomes, applied(6));
    let out = w
        .tx(
            8,
            vec![
                Tm::TaskFinalized {
                    id: u(4),
                    claimer: BOB,
                }
                .ev(),
                task_paid(4, BOB, one_eth()),
            ],
        )
        .await;
    assert_eq!(out, applied(2));

    // Abandoned: open again, nobody's.
    w.assert_row(&task_row(1, At(7, 0, 0), 4, |r| {
        r.set("updated_at", t(7));
    }))
    .await;
    w.assert_row(&task_row(2, At(7, 1, 1), 5, |r| {
        r.set("task_status", "已取消").set("updated_at", t(7));
    }))
    .await;
    w.assert_row(&task_row(3, At(7, 2, 3), 5, |r| {
        r.set("task_status", "过期")
            .set("claimer", a(BOB))
            .set("claimed_at", t(6))
            .set("updated_at", t(7));
    }))
    .await;
    w.assert_row(&task_row(4, At(8, 0, 0), 5, |r| {
        r.set("task_status", "完成")
            .set("claimer", a(BOB))
            .set("claimed_at", t(6))
            .set("submitted_at", t(7))
            .set("proof_hash", hs("proof 4"))
            .set("updated_at", t(8));
    }))
    .await;
    // Refunds and the payout: one Transaction each, numbered in order.
    w.assert_row(&transaction_row(1, 2, ALICE, 1, one_eth(), At(7, 1, 2)))
        .await;
    w.assert_row(&transaction_row(2, 3, ALICE, 1, one_eth(), At(7, 2, 4)))
        .await;
    w.assert_row(&transaction_row(3, 4, BOB, 2, one_eth(), At(8, 0, 1)))
        .await;
    assert_eq!(
        statuses(&mut w, 1).await,
        s(&[(4, "发布"), (6, "领取"), (7, "发布")])
    );
    // Events about a task the read model lacks are skipped.
    let out = w
        .block(9, vec![claimed(99), Tm::TaskCancelled { id: u(98) }.ev()])
        .await;
    assert!(out.iter().all(is_skip), "{out:?}");
    assert_eq!(w.count("Task").await, 4);
}

fn deferred(contract: Address, account: Address, token: Address, amount: u64, add: bool) -> Event {
    let (account, token, amount) = (account, token, u(amount));
    macro_rules! e {
        ($m:ident) => {
            if add {
                $m::PayoutDeferred {
                    account,
                    token,
                    amount,
                }
                .ev()
            } else {
                $m::Withdrawn {
                    account,
                    token,
                    amount,
                }
                .ev()
            }
        };
    }
    match contract {
        TASK_MARKET => e!(Tm),
        POINT_MALL => e!(Pm),
        _ => e!(Px),
    }
}

/// `withdrawTo(token, to)` on `contract`: `account`'s credit went to DAVE.
fn withdrawn_to(contract: Address, account: Address, token: Address, amount: u64) -> Event {
    let (to, amount) = (DAVE, u(amount));
    macro_rules! e {
        ($m:ident) => {
            $m::WithdrawnTo {
                account,
                token,
                to,
                amount,
            }
            .ev()
        };
    }
    match contract {
        TASK_MARKET => e!(Tm),
        POINT_MALL => e!(Pm),
        _ => e!(Px),
    }
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn withdrawn_to_clears_the_credit_like_withdrawn(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let out = w
        .block(
            1,
            vec![
                deferred(TASK_MARKET, BOB, ETH, 100, true),
                deferred(POINT_MALL, BOB, TOKEN, 7, true),
                deferred(POINT_EXCHANGE, CAROL, ETH, 3, true),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    let out = w
        .block(
            2,
            vec![
                withdrawn_to(TASK_MARKET, BOB, ETH, 100),
                withdrawn_to(POINT_MALL, BOB, TOKEN, 7),
                withdrawn_to(POINT_EXCHANGE, CAROL, ETH, 3),
                // More than is owed: skipped, like a Withdrawn.
                withdrawn_to(POINT_EXCHANGE, CAROL, ETH, 1),
            ],
        )
        .await;
    assert_eq!(out[..3], applied(3));
    assert!(is_skip(&out[3]), "{out:?}");
    let credit = |contract: Address, account: Address, token: Address, at: At| {
        row(&ESCROW_CREDIT, at, |r| {
            r.set("contract", a(contract))
                .set("account", a(account))
                .set("token", a(token))
                .set("owed", "0");
        })
    };
    for e in [
        credit(TASK_MARKET, BOB, ETH, At(2, 0, 0)),
        credit(POINT_MALL, BOB, TOKEN, At(2, 1, 1)),
        credit(POINT_EXCHANGE, CAROL, ETH, At(2, 2, 2)),
    ] {
        w.assert_row(&e).await;
    }
    // The credit was the account's: the recipient gets no row.
    let dave = format!("account = '{}'", a(DAVE));
    assert_eq!(
        w.text(&format!(
            "SELECT CAST(COUNT(*) AS CHAR) FROM EscrowCredit WHERE {dave}"
        ))
        .await
        .as_deref(),
        Some("0")
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn deferred_payouts_and_withdrawals_track_escrow_credits(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let out = w
        .block(
            1,
            vec![
                deferred(TASK_MARKET, BOB, ETH, 100, true),
                deferred(TASK_MARKET, BOB, ETH, 50, true),
                deferred(POINT_MALL, BOB, TOKEN, 7, true),
                deferred(POINT_EXCHANGE, CAROL, ETH, 3, true),
                deferred(POINT_EXCHANGE, BOB, ETH, 9, true),
            ],
        )
        .await;
    assert_eq!(out, applied(5));
    let credit = |contract: Address, account: Address, token: Address, owed: &str, at: At| {
        row(&ESCROW_CREDIT, at, |r| {
            r.set("contract", a(contract))
                .set("account", a(account))
                .set("token", a(token))
                .set("owed", owed);
        })
    };
    w.assert_row(&credit(TASK_MARKET, BOB, ETH, "150", At(1, 1, 1)))
        .await;
    let out = w
        .block(
            2,
            vec![
                deferred(TASK_MARKET, BOB, ETH, 150, false),
                deferred(POINT_MALL, BOB, TOKEN, 7, false),
                // More than is owed: skipped.
                deferred(POINT_EXCHANGE, CAROL, ETH, 4, false),
            ],
        )
        .await;
    assert_eq!(out[..2], applied(2));
    assert!(is_skip(&out[2]), "{out:?}");
    let expected = [
        credit(TASK_MARKET, BOB, ETH, "0", At(2, 0, 0)),
        credit(POINT_MALL, BOB, TOKEN, "0", At(2, 1, 1)),
        credit(POINT_EXCHANGE, CAROL, ETH, "3", At(1, 3, 3)),
        credit(POINT_EXCHANGE, BOB, ETH, "9", At(1, 4, 4)),
    ];
    for e in &expected {
        w.assert_row(e).await;
    }
    assert_eq!(w.count("EscrowCredit").await, 4);
    let cond = format!("contract = '{}'", a(TASK_MARKET));
    assert_eq!(
        w.history(&ESCROW_CREDIT, &cond).await,
        [(1, Some(2)), (2, None)]
    );
}

// ---- PointMall ----

/// Blocks 1–5: the guild with points, and alice's item 1 (price 200, stock 10).
async fn mall_world(w: &mut World) {
    guild_with_points(w).await;
    assert_eq!(
        w.block(5, vec![item_listed(1, u(200), 10)]).await,
        applied(1)
    );
}

fn item_row(at: At, f: impl FnOnce(&mut Row)) -> Row {
    row(&ITEM, at, |r| {
        r.set("item_id", 1u64)
            .set("community_id", 1u64)
            .set("token", a(TOKEN))
            .set("name", "Legendary Skin")
            .set("metadata_hash", hs("item 1"))
            .set("price", "200")
            .set("stock", 10u64)
            .set("active", true)
            .set("rating_sum", 0u64)
            .set("rating_count", 0u64)
            .set("sold", 0u64)
            .set("created_at", t(5))
            .set("listed_by", a(ALICE));
        f(r);
    })
}

fn order_row(id: u64, status: &str, at: At, f: impl FnOnce(&mut Row)) -> Row {
    row(&ORDERS, at, |r| {
        r.set("order_id", id)
            .set("user_id", 2u64)
            .set("order_item", "Legendary Skin")
            .set("order_amount", "400")
            .set("order_status", status)
            .set("item_id", 1u64)
            .set("community_id", 1u64)
            .set("buyer", a(BOB))
            .set("quantity", 2u64)
            .set("token", a(TOKEN))
            .set("reviewed", false)
            .set("created_at", t(6))
            .set("updated_at", t(at.0))
            .set("expires_at", ORDER_EXPIRY);
        f(r);
    })
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn items_are_listed_and_updated(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    mall_world(&mut w).await;
    w.assert_row(&item_row(At(5, 0, 0), |_| {})).await;
    let update = |id: u64, price: U256| {
        Pm::ItemUpdated {
            itemId: u(id),
            price,
            stock: 8,
            active: false,
            by: ALICE,
        }
        .ev()
    };
    let out = w
        .block(
            6,
            vec![
                update(1, u(250)),
                update(9, u(1)),
                update(1, pow10(65)),
                item_listed(2, pow10(65), 1),
            ],
        )
        .await;
    assert_eq!(out[0], Outcome::Applied);
    assert!(out[1..].iter().all(is_skip), "{out:?}");
    w.assert_row(&item_row(At(6, 0, 0), |r| {
        r.set("price", "250")
            .set("stock", 8u64)
            .set("active", false);
    }))
    .await;
    assert_eq!(w.count("Item").await, 1);
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn orders_are_placed_paid_completed_and_reviewed(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    mall_world(&mut w).await;
    assert_eq!(
        w.block(6, vec![order_placed(1, BOB, 2, 400, 8)]).await,
        applied(1)
    );
    w.assert_row(&order_row(1, "已下单", At(6, 0, 0), |_| {}))
        .await;
    w.assert_row(&item_row(At(6, 0, 0), |r| {
        r.set("stock", 8u64);
    }))
    .await;

    assert_eq!(w.block(7, vec![order_paid(1, 400)]).await, applied(1));
    // Each state records the block time it was reached (the order page's timeline).
    w.assert_row(&order_row(1, "已支付", At(7, 0, 0), |r| {
        r.set("paid_at", t(7));
    }))
    .await;

    let completed = Pm::OrderCompleted {
        orderId: u(1),
        by: ALICE,
        burned: u(400),
    }
    .ev();
    assert_eq!(w.block(8, vec![completed]).await, applied(1));
    w.assert_row(&order_row(1, "已完成", At(8, 0, 0), |r| {
        r.set("paid_at", t(7)).set("completed_at", t(8));
    }))
    .await;
    w.assert_row(&item_row(At(8, 0, 0), |r| {
        r.set("stock", 8u64).set("sold", 2u64);
    }))
    .await;

    let reviewed = Pm::OrderReviewed {
        orderId: u(1),
        itemId: u(1),
        buyer: BOB,
        stars: 4,
        contentHash: h("review 1"),
    }
    .ev();
    assert_eq!(w.block(9, vec![reviewed]).await, applied(1));
    w.assert_row(&order_row(1, "已完成", At(9, 0, 0), |r| {
        r.set("reviewed", true)
            .set("paid_at", t(7))
            .set("completed_at", t(8));
    }))
    .await;
    w.assert_row(&item_row(At(9, 0, 0), |r| {
        r.set("stock", 8u64)
            .set("sold", 2u64)
            .set("rating_sum", 4u64)
            .set("rating_count", 1u64);
    }))
    .await;
    w.assert_row(&row(&REVIEW, At(9, 0, 0), |r| {
        r.set("order_id", 1u64)
            .set("item_id", 1u64)
            .set("buyer", a(BOB))
            .set("stars", 4u64)
            .set("content_hash", hs("review 1"))
            .set("created_at", t(9));
    }))
    .await;
    let history: Vec<(u64, String)> = sqlx::query_as(&format!(
        "SELECT valid_from, CAST(order_status AS CHAR) FROM {} ORDER BY valid_from",
        ORDERS.versions()
    ))
    .fetch_all(&mut *w.conn)
    .await
    .unwrap();
    assert_eq!(
        history,
        s(&[(6, "已下单"), (7, "已支付"), (8, "已完成"), (9, "已完成")])
    );

    // A checkout: two orders placed and paid in one transaction; a visitor's order has no
    // user id.
    let out = w
        .tx(
            10,
            vec![
                order_placed(2, CAROL, 1, 200, 7),
                order_paid(2, 200),
                order_placed(3, DAVE, 3, 600, 4),
            ],
        )
        .await;
    assert_eq!(out, applied(3));
    let stock = w.row(&ITEM, Key::id(1)).await.unwrap().u64("stock");
    assert_eq!(stock, 4, "the last stockLeft of the block");
    let dave = w.row(&ORDERS, Key::id(3)).await.unwrap();
    assert_eq!(
        (dave.get("user_id"), dave.str("buyer")),
        (&Val::Null, a(DAVE).as_str())
    );
    assert_eq!(
        w.row(&ORDERS, Key::id(2))
            .await
            .unwrap()
            .str("order_status"),
        "已支付"
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn cancelled_orders_return_their_stock(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    mall_world(&mut w).await;
    assert_eq!(
        w.block(6, vec![order_placed(1, BOB, 2, 400, 8)]).await,
        applied(1)
    );
    assert_eq!(w.block(7, vec![order_paid(1, 400)]).await, applied(1));
    let cancelled = |id: u64, left: u32| {
        Pm::OrderCancelled {
            orderId: u(id),
            by: BOB,
            refunded: u(400),
            stockLeft: left,
        }
        .ev()
    };
    let out = w.block(8, vec![cancelled(1, 10), cancelled(99, 1)]).await;
    assert_eq!(out[0], Outcome::Applied);
    assert!(is_skip(&out[1]));
    // A paid order cancelled: both times kept (the page shows the payment, then the refund).
    w.assert_row(&order_row(1, "已取消", At(8, 0, 0), |r| {
        r.set("paid_at", t(7)).set("cancelled_at", t(8));
    }))
    .await;
    w.assert_row(&item_row(At(8, 0, 0), |_| {})).await;
}

// ---- PointExchange ----

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn offers_are_created_accepted_and_cancelled(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let out = w
        .block(
            2,
            vec![
                offer_created(1, ALICE, u(100), ETH),
                offer_created(2, BOB, u(5), CAROL),
                offer_created(3, BOB, pow10(65), ETH),
            ],
        )
        .await;
    assert_eq!(out[..2], applied(2));
    assert!(is_skip(&out[2]));
    let offer = |id: u64, maker: Address, give: &str, cp: Address, at: At, f: &dyn Fn(&mut Row)| {
        row(&OFFER, at, |r| {
            r.set("offer_id", id)
                .set("maker", a(maker))
                .set("give_token", a(TOKEN))
                .set("give_amount", give)
                .set("want_token", a(ETH))
                .set("want_amount", "1000000000000000")
                .set("counterparty", a(cp))
                .set("expiry", EXPIRY)
                .set("status", "open")
                .set("taker", Val::Null)
                .set("created_at", t(2))
                .set("updated_at", t(at.0));
            f(r);
        })
    };
    w.assert_row(&offer(1, ALICE, "100", ETH, At(2, 0, 0), &|_| {}))
        .await;
    let out = w
        .block(
            3,
            vec![
                Px::OfferAccepted {
                    offerId: u(1),
                    maker: ALICE,
                    taker: CAROL,
                }
                .ev(),
                Px::OfferCancelled {
                    offerId: u(2),
                    by: BOB,
                    refunded: u(5),
                }
                .ev(),
                Px::OfferAccepted {
                    offerId: u(9),
                    maker: ALICE,
                    taker: CAROL,
                }
                .ev(),
            ],
        )
        .await;
    assert_eq!(out[..2], applied(2));
    assert!(is_skip(&out[2]));
    w.assert_row(&offer(1, ALICE, "100", ETH, At(3, 0, 0), &|r| {
        r.set("status", "filled").set("taker", a(CAROL));
    }))
    .await;
    w.assert_row(&offer(2, BOB, "5", CAROL, At(3, 1, 1), &|r| {
        r.set("status", "cancelled");
    }))
    .await;
    assert_eq!(w.count("Offer").await, 2);
}

// ---- Skips ----

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn amounts_beyond_decimal_65_are_skipped_and_the_maximum_fits(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    let max = pow10(65) - u(1);
    let done = w
        .batch(vec![(
            5,
            vec![
                vec![published(2, ETH, pow10(65))],
                vec![published(3, TOKEN, max)],
                vec![task_paid(1, BOB, pow10(65))],
                vec![task_paid(1, BOB, max)],
            ],
        )])
        .await;
    assert!(
        is_skip(&done.outcomes[0]) && is_skip(&done.outcomes[2]),
        "{done:?}"
    );
    assert_eq!(done.outcomes[1], Outcome::Applied);
    assert_eq!(done.outcomes[3], Outcome::Applied);
    assert_eq!(done.blocks[0].events, 2, "skipped logs are not counted");
    assert!(w.row(&TASK, Key::id(2)).await.is_none());
    w.assert_row(&task_row(3, At(5, 1, 1), 5, |r| {
        r.set("task_price", max.to_string())
            .set("reward_token", a(TOKEN));
    }))
    .await;
    // The skipped payout took no id.
    w.assert_row(&transaction_row(1, 1, BOB, 2, max, At(5, 3, 3)))
        .await;
    assert_eq!(w.count("Transaction").await, 1);
}

/// A skipped log is not projected: the rows it would have written must not be written
/// either (the block's event count leaves it out, the digest must too).
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_skipped_log_writes_nothing(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    guild(&mut w).await;
    let before = w.digest;
    let out = w
        .block(
            4,
            vec![
                // A comment on a post the read model lacks.
                comment(1, 2, 99, BOB),
                // A join of a community the read model lacks.
                joined(99, BOB, 1),
            ],
        )
        .await;
    assert!(out.iter().all(is_skip), "{out:?}");
    assert_eq!(
        w.count("Comment").await,
        0,
        "no comment for the skipped log"
    );
    assert!(
        w.row(&MEMBER, key2(99, BOB)).await.is_none(),
        "no membership for the skipped log"
    );
    assert_eq!(w.digest, before);
}

// ---- Prefetch ----

/// Every event of a season, each in a batch of its own: after `prefetch_keys` and the
/// bulk prefetch, projecting it loads no row one by one.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn prefetch_covers_every_row_an_event_reads(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    let requested = |id: u64, old: Address, new: Address, name: &str| {
        Pr::RecoveryRequested {
            requestId: u(id),
            username: name.into(),
            oldAccount: old,
            newAccount: new,
            evidenceHash: h("e"),
        }
        .ev()
    };
    let season: Vec<(&str, Event)> = vec![
        ("UserRegistered", register(ALICE, "alice")),
        ("UserRegistered", register(BOB, "bob")),
        ("UserRegistered", register(CAROL, "carol")),
        (
            "ProfileUpdated",
            Pr::ProfileUpdated {
                account: BOB,
                profileHash: h("p"),
            }
            .ev(),
        ),
        ("VerificationChanged", verified(ALICE, true)),
        (
            "PublisherApplied",
            Pr::PublisherApplied {
                account: BOB,
                applicationHash: h("a"),
            }
            .ev(),
        ),
        ("RoleGranted", role_event(true, "TASK_PUBLISHER_ROLE", BOB)),
        ("RoleRevoked", role_event(false, "TASK_PUBLISHER_ROLE", BOB)),
        ("RecoveryRequested", requested(1, CAROL, DAVE, "carol")),
        (
            "RecoveryRejected",
            Pr::RecoveryRejected {
                requestId: u(1),
                admin: ALICE,
            }
            .ev(),
        ),
        ("RecoveryRequested", requested(2, CAROL, DAVE, "carol")),
        (
            "RecoveryApproved",
            Pr::RecoveryApproved {
                requestId: u(2),
                oldAccount: CAROL,
                newAccount: DAVE,
                username: "carol".into(),
                profileHash: h("profile carol"),
                verified: false,
            }
            .ev(),
        ),
        ("CommunityCreated", community_created(1, ALICE, "Guild")),
        ("MemberJoined", joined(1, ALICE, 1)),
        ("CommunityAdminSet", admin_set(1, ALICE, true)),
        (
            "CommunityUpdated",
            Cm::CommunityUpdated {
                id: u(1),
                by: ALICE,
                name: "Guild 2".into(),
                theme: "t".into(),
                descriptionHash: h("d"),
            }
            .ev(),
        ),
        ("MemberJoined", joined(1, BOB, 2)),
        ("MemberJoined", joined(1, DAVE, 3)),
        (
            "MemberLeft",
            Cm::MemberLeft {
                id: u(1),
                account: DAVE,
                memberCount: u(2),
            }
            .ev(),
        ),
        (
            "MemberBanned",
            Cm::MemberBanned {
                id: u(1),
                account: DAVE,
                by: ALICE,
                memberCount: u(2),
            }
            .ev(),
        ),
        (
            "MemberUnbanned",
            Cm::MemberUnbanned {
                id: u(1),
                account: DAVE,
                by: ALICE,
            }
            .ev(),
        ),
        ("PointsCreated", points_created(1, TOKEN)),
        ("Transfer", transfer(ETH, BOB, 1000)),
        ("Transfer", transfer(BOB, ALICE, 10)),
        ("PostCreated", post_created(1, BOB, "t")),
        (
            "PostEdited",
            Po::PostEdited {
                postId: u(1),
                contentHash: h("c"),
            }
            .ev(),
        ),
        (
            "PostPinned",
            Cm::PostPinned {
                id: u(1),
                postId: u(1),
                pinned: true,
                by: ALICE,
            }
            .ev(),
        ),
        ("PostLiked", liked(1, ALICE, true)),
        ("PostUnliked", liked(1, ALICE, false)),
        ("CommentCreated", comment(1, 2, 1, ALICE)),
        (
            "CommentRemoved",
            Po::CommentRemoved {
                commentId: u(1),
                by: ALICE,
            }
            .ev(),
        ),
        (
            "MembershipMoved",
            Cm::MembershipMoved {
                id: u(1),
                from: BOB,
                to: ALICE2,
                standing: 1,
                adminSince: 0,
                memberCount: u(2),
            }
            .ev(),
        ),
        (
            "CommunitiesSet",
            Pr::CommunitiesSet {
                communities: COMMUNITIES,
            }
            .ev(),
        ),
        (
            "PostRemoved",
            Po::PostRemoved {
                postId: u(1),
                by: ALICE,
            }
            .ev(),
        ),
        ("TaskPublished", published(1, ETH, one_eth())),
        ("TaskClaimed", claimed(1)),
        (
            "TaskAbandoned",
            Tm::TaskAbandoned {
                id: u(1),
                claimer: BOB,
            }
            .ev(),
        ),
        ("TaskClaimed", claimed(1)),
        ("TaskClaimReleased", claim_released(1, BOB)),
        ("TaskClaimed", claimed(1)),
        ("WorkSubmitted", submitted(1, "p")),
        ("WorkRejected", rejected(1)),
        (
            "DisputeOpened",
            Tm::DisputeOpened {
                id: u(1),
                claimer: BOB,
                reasonHash: h("r"),
                disputeDeadline: DISPUTE_DEADLINE,
            }
            .ev(),
        ),
        (
            "DisputeResolved",
            Tm::DisputeResolved {
                id: u(1),
                arbiter: ALICE,
                claimerShareBps: 10_000,
                claimerAmount: one_eth(),
                publisherAmount: u(0),
            }
            .ev(),
        ),
        ("TaskPaid", task_paid(1, BOB, one_eth())),
        ("TaskPublished", published(2, ETH, one_eth())),
        ("TaskCancelled", Tm::TaskCancelled { id: u(2) }.ev()),
        ("TaskPublished", published(3, ETH, one_eth())),
        ("TaskExpired", Tm::TaskExpired { id: u(3), by: BOB }.ev()),
        ("TaskPublished", published(4, ETH, one_eth())),
        ("TaskClaimed", claimed(4)),
        ("WorkSubmitted", submitted(4, "p")),
        (
            "TaskFinalized",
            Tm::TaskFinalized {
                id: u(4),
                claimer: BOB,
            }
            .ev(),
        ),
        ("TaskPublished", published(5, ETH, one_eth())),
        ("TaskClaimed", claimed(5)),
        ("WorkSubmitted", submitted(5, "p")),
        (
            "WorkApproved",
            Tm::WorkApproved {
                id: u(5),
                publisher: ALICE,
            }
            .ev(),
        ),
        ("PayoutDeferred", deferred(TASK_MARKET, BOB, ETH, 5, true)),
        ("Withdrawn", deferred(TASK_MARKET, BOB, ETH, 5, false)),
        ("PayoutDeferred", deferred(POINT_MALL, BOB, TOKEN, 5, true)),
        ("Withdrawn", deferred(POINT_MALL, BOB, TOKEN, 5, false)),
        (
            "PayoutDeferred",
            deferred(POINT_EXCHANGE, BOB, ETH, 5, true),
        ),
        ("Withdrawn", deferred(POINT_EXCHANGE, BOB, ETH, 5, false)),
        ("PayoutDeferred", deferred(TASK_MARKET, BOB, ETH, 5, true)),
        ("WithdrawnTo", withdrawn_to(TASK_MARKET, BOB, ETH, 5)),
        ("PayoutDeferred", deferred(POINT_MALL, BOB, TOKEN, 5, true)),
        ("WithdrawnTo", withdrawn_to(POINT_MALL, BOB, TOKEN, 5)),
        (
            "PayoutDeferred",
            deferred(POINT_EXCHANGE, BOB, ETH, 5, true),
        ),
        ("WithdrawnTo", withdrawn_to(POINT_EXCHANGE, BOB, ETH, 5)),
        ("TaskPublished", published(6, ETH, one_eth())),
        ("TaskClaimed", claimed(6)),
        ("WorkSubmitted", submitted(6, "p")),
        ("WorkRejected", rejected(6)),
        ("DisputeOpened", dispute_opened(6)),
        ("DisputeExpired", dispute_expired(6)),
        ("ItemListed", item_listed(1, u(200), 10)),
        (
            "ItemUpdated",
            Pm::ItemUpdated {
                itemId: u(1),
                price: u(100),
                stock: 10,
                active: true,
                by: ALICE,
            }
            .ev(),
        ),
        ("OrderPlaced", order_placed(1, BOB, 2, 200, 8)),
        ("OrderPaid", order_paid(1, 200)),
        ("OrderPlaced", order_placed(2, BOB, 1, 100, 7)),
        ("OrderPaid", order_paid(2, 100)),
        ("OfferCreated", offer_created(1, ALICE, u(10), ETH)),
        (
            "OfferAccepted",
            Px::OfferAccepted {
                offerId: u(1),
                maker: ALICE,
                taker: BOB,
            }
            .ev(),
        ),
        ("OfferCreated", offer_created(2, ALICE, u(10), ETH)),
        (
            "OfferCancelled",
            Px::OfferCancelled {
                offerId: u(2),
                by: ALICE,
                refunded: u(10),
            }
            .ev(),
        ),
        ("Paused", paused(POSTS, true)),
        ("Unpaused", paused(POSTS, false)),
        (
            "PopularityThresholdSet",
            Cm::PopularityThresholdSet { threshold: u(3) }.ev(),
        ),
        ("PostsSet", Cm::PostsSet { posts: POSTS }.ev()),
        (
            "PointsAwarded",
            // Its mint comes first in the same transaction; see below.
            awarded(BOB, 1, "quest"),
        ),
    ];
    let mut missed = Vec::new();
    for (i, (name, event)) in season.into_iter().enumerate() {
        let n = i as u64 + 1;
        let txs = if name == "PointsAwarded" {
            vec![vec![transfer(ETH, BOB, 1), event]]
        } else {
            vec![vec![event]]
        };
        let done = w.batch(vec![(n, txs)]).await;
        assert!(
            done.outcomes.iter().all(|o| !is_skip(o)),
            "{name} in block {n}: {:?}",
            done.outcomes
        );
        if done.misses != 0 {
            missed.push((name, done.misses));
        }
    }
    assert_eq!(missed, [], "events that loaded rows one by one");
    // The season left what it should: e.g. carol's account moved to dave.
    assert_eq!(w.dir.user(DAVE), Some(3));
    assert_eq!(w.count("Transaction").await, 1);
}

/// `OrderCompleted` and `OrderCancelled` read the order's Item, whose id is in the Orders
/// row, not in the event: the second prefetch round loads it with the rest.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn prefetch_covers_the_item_an_order_completion_reads(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    mall_world(&mut w).await;
    assert_eq!(
        w.block(6, vec![order_placed(1, BOB, 2, 400, 8)]).await,
        applied(1)
    );
    assert_eq!(
        w.block(7, vec![order_placed(2, BOB, 1, 200, 7)]).await,
        applied(1)
    );
    assert_eq!(w.block(8, vec![order_paid(1, 400)]).await, applied(1));
    let completed = Pm::OrderCompleted {
        orderId: u(1),
        by: ALICE,
        burned: u(400),
    }
    .ev();
    let done = w.batch(vec![(9, vec![vec![completed]])]).await;
    assert_eq!(done.misses, 0, "OrderCompleted");
    let cancelled = Pm::OrderCancelled {
        orderId: u(2),
        by: BOB,
        refunded: u(0),
        stockLeft: 8,
    }
    .ev();
    let done = w.batch(vec![(10, vec![vec![cancelled]])]).await;
    assert_eq!(done.misses, 0, "OrderCancelled");
}

/// The directory of a read model survives a restart: ids continue where the tables end.
#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_reloaded_directory_continues_every_numbering(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    task_world(&mut w).await;
    let events = || {
        vec![
            transfer_of(TOKEN, ETH, BOB, u(5)),
            task_paid(1, BOB, u(5)),
            Pr::PublisherApplied {
                account: BOB,
                applicationHash: h("a"),
            }
            .ev(),
        ]
    };
    assert_eq!(
        w.block(5, vec![points_created(1, TOKEN)]).await,
        [Outcome::NewToken(TOKEN)]
    );
    assert_eq!(w.block(6, events()).await, applied(3));
    w.dir = Directory::load(&mut w.conn).await.unwrap();
    assert_eq!(w.block(7, events()).await, applied(3));
    assert_eq!(w.block(8, vec![register(DAVE, "dave")]).await, applied(1));
    for (table, id) in [
        ("Point", "point_id"),
        ("Transaction", "transaction_id"),
        ("PublisherApplication", "application_id"),
    ] {
        let ids: Vec<u64> =
            sqlx::query_scalar(&format!("SELECT {id} FROM `{table}` ORDER BY {id}"))
                .fetch_all(&mut *w.conn)
                .await
                .unwrap();
        assert_eq!(ids, [1, 2], "{table}");
    }
    assert_eq!(w.dir.user(DAVE), Some(4));
}
