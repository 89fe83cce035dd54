//! Notifications and the moderation log, derived from logs in the same batch as the rows
//! they describe: every kind from the event that causes it, to the right recipient,
//! never to whoever did it; a post's likes batched into one row; a reorg takes away
//! exactly the notifications (and like counts) of the blocks that vanished.
//!
//! Needs MariaDB/MySQL: `DATABASE_URL=mysql://root@127.0.0.1:3306/test`.

mod common;

use alloy::primitives::{Address, U256, keccak256};
use bindings::{
    Communities as Cm, CommunityPoints as Cp, PointExchange as Px, PointMall as Pm, Posts as Po,
    Profiles as Pr, TaskMarket as Tm,
};
use common::{ALICE, ALICE2, BOB, CAROL, DAVE, Ev, TOKEN, World, a, h, points};
use indexer::{
    db,
    decode::Event,
    model::{MODERATION_ACTION, NOTIFICATION, TABLES},
};
use read_model::NotificationKind;
use sqlx::{Connection as _, MySqlPool, Row as _};
use std::collections::BTreeSet;

fn u(n: u64) -> U256 {
    U256::from(n)
}

const ETH: Address = Address::ZERO;
const FAR: u64 = common::T0 + 1_000_000;

fn register(account: Address, name: &str) -> Event {
    Pr::UserRegistered {
        account,
        username: name.into(),
        profileHash: h(name),
    }
    .ev()
}

fn joined(account: Address, count: u64) -> Event {
    Cm::MemberJoined {
        id: u(1),
        account,
        memberCount: u(count),
    }
    .ev()
}

fn admin_set(account: Address, is_admin: bool, by: Address) -> Event {
    Cm::CommunityAdminSet {
        id: u(1),
        account,
        isAdmin: is_admin,
        by,
    }
    .ev()
}

fn post(id: u64, author: Address) -> Event {
    Po::PostCreated {
        postId: u(id),
        communityId: u(1),
        author,
        title: format!("攻略 {id}"),
        contentHash: h("post"),
    }
    .ev()
}

fn like(id: u64, account: Address) -> Event {
    Po::PostLiked {
        postId: u(id),
        account,
    }
    .ev()
}

fn comment(id: u64, kind: u8, target: u64, author: Address) -> Event {
    Po::CommentCreated {
        commentId: u(id),
        targetKind: kind,
        targetId: u(target),
        author,
        contentHash: h("comment"),
    }
    .ev()
}

fn task(id: u64) -> Event {
    Tm::TaskPublished {
        id: u(id),
        communityId: u(1),
        publisher: ALICE,
        title: format!("代练 {id}"),
        specHash: h("spec"),
        rewardToken: ETH,
        reward: u(1000),
        deadline: FAR,
    }
    .ev()
}

fn claim(id: u64, claimer: Address) -> Event {
    Tm::TaskClaimed {
        id: u(id),
        claimer,
        workDeadline: FAR,
    }
    .ev()
}

fn submit(id: u64) -> Event {
    Tm::WorkSubmitted {
        id: u(id),
        claimer: BOB,
        proofHash: h("proof"),
    }
    .ev()
}

fn order(id: u64) -> Vec<Event> {
    vec![
        Pm::OrderPlaced {
            orderId: u(id),
            itemId: u(1),
            buyer: BOB,
            quantity: 1,
            amount: u(10),
            stockLeft: 9,
            expiresAt: FAR,
        }
        .ev(),
        Pm::OrderPaid {
            orderId: u(id),
            buyer: BOB,
            token: TOKEN,
            amount: u(10),
        }
        .ev(),
    ]
}

fn offer(id: u64) -> Event {
    Px::OfferCreated {
        offerId: u(id),
        maker: BOB,
        giveToken: TOKEN,
        giveAmount: u(5),
        wantToken: ETH,
        wantAmount: u(7),
        counterparty: Address::ZERO,
        expiry: FAR,
    }
    .ev()
}

/// (recipient, kind, actor, object type, object id) of every notification.
type Told = (String, &'static str, Option<String>, &'static str, u64);

async fn told(pool: &MySqlPool) -> BTreeSet<Told> {
    let rows = sqlx::query(
        "SELECT CAST(recipient AS CHAR), CAST(kind AS CHAR), CAST(actor AS CHAR), CAST(object_type AS CHAR), object_id FROM Notification",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let kinds = NotificationKind::ALL;
    let objects = read_model::NotificationObject::ALL;
    rows.iter()
        .map(|r| {
            let kind: String = r.get(1);
            let object: String = r.get(3);
            (
                r.get::<String, _>(0),
                kinds.iter().find(|k| k.label() == kind).unwrap().label(),
                r.get::<Option<String>, _>(2),
                objects
                    .iter()
                    .find(|o| o.label() == object)
                    .unwrap()
                    .label(),
                r.get::<u64, _>(4),
            )
        })
        .collect()
}

fn t(
    to: Address,
    kind: NotificationKind,
    by: Option<Address>,
    object: &'static str,
    id: u64,
) -> Told {
    (a(to), kind.label(), by.map(a), object, id)
}

/// Blocks 1–3: four players; alice's community 1, which the others join.
async fn community(w: &mut World) {
    let players = vec![
        register(ALICE, "alice"),
        register(BOB, "bob"),
        register(CAROL, "carol"),
        register(DAVE, "dave"),
    ];
    w.block(1, players).await;
    let created = Cm::CommunityCreated {
        id: u(1),
        creator: ALICE,
        name: "原神攻略组".into(),
        theme: "genshin".into(),
        descriptionHash: h("about"),
    }
    .ev();
    // The creator makes itself admin: no notice, no moderation.
    w.tx(
        2,
        vec![created, joined(ALICE, 1), admin_set(ALICE, true, ALICE)],
    )
    .await;
    w.block(3, vec![joined(BOB, 2), joined(CAROL, 3), joined(DAVE, 4)])
        .await;
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn every_kind_reaches_its_recipient_and_nobody_hears_of_their_own_acts(pool: MySqlPool) {
    use NotificationKind as K;
    let mut w = World::new(&pool).await;
    community(&mut w).await;
    // Community: carol is made admin.
    w.block(4, vec![admin_set(CAROL, true, ALICE)]).await;
    // Posts: bob's post, liked by carol, dave and bob himself; commented by carol.
    w.block(5, vec![post(1, BOB), like(1, CAROL), like(1, BOB)])
        .await;
    w.block(
        6,
        vec![
            like(1, DAVE),
            comment(1, 2, 1, CAROL),
            comment(2, 2, 1, BOB),
        ],
    )
    .await;
    // Tasks (alice publishes).
    let resolved = Tm::DisputeResolved {
        id: u(1),
        arbiter: CAROL,
        claimerShareBps: 5000,
        claimerAmount: u(500),
        publisherAmount: u(500),
    }
    .ev();
    let rejected = Tm::WorkRejected {
        id: u(1),
        publisher: ALICE,
        reasonHash: h("no"),
    }
    .ev();
    let disputed = Tm::DisputeOpened {
        id: u(1),
        claimer: BOB,
        reasonHash: h("unfair"),
        disputeDeadline: FAR,
    }
    .ev();
    w.block(7, vec![task(1), claim(1, BOB), comment(3, 0, 1, DAVE)])
        .await;
    w.block(8, vec![submit(1), rejected, disputed, resolved])
        .await;
    let approved = Tm::WorkApproved {
        id: u(2),
        publisher: ALICE,
    }
    .ev();
    w.block(9, vec![task(2), claim(2, BOB), submit(2), approved])
        .await;
    let abandoned = Tm::TaskAbandoned {
        id: u(3),
        claimer: BOB,
    }
    .ev();
    let released = Tm::TaskClaimReleased {
        taskId: u(3),
        claimer: DAVE,
    }
    .ev();
    w.block(
        10,
        vec![task(3), claim(3, BOB), abandoned, claim(3, DAVE), released],
    )
    .await;
    let expired = Tm::TaskExpired {
        id: u(4),
        by: CAROL,
    }
    .ev();
    w.block(11, vec![task(4), claim(4, BOB), expired]).await;
    w.block(12, vec![task(5), Tm::TaskCancelled { id: u(5) }.ev()])
        .await;
    let finalized = Tm::TaskFinalized {
        id: u(6),
        claimer: BOB,
    }
    .ev();
    w.block(13, vec![task(6), claim(6, BOB), submit(6), finalized])
        .await;
    // Points: alice awards bob (the mint's Transfer comes first in the transaction).
    let created = Cm::PointsCreated {
        id: u(1),
        token: TOKEN,
        name: "原石".into(),
        symbol: "YS".into(),
    }
    .ev();
    w.block(14, vec![created]).await;
    let mint = points(
        TOKEN,
        1,
        Cp::CommunityPointsEvents::Transfer(Cp::Transfer {
            from: Address::ZERO,
            to: BOB,
            value: u(50),
        }),
    );
    let awarded = Cm::PointsAwarded {
        id: u(1),
        to: BOB,
        amount: u(50),
        source: "活动奖励".into(),
        by: ALICE,
    }
    .ev();
    w.tx(15, vec![mint, awarded]).await;
    // Mall: alice lists; bob orders three times.
    let listed = Pm::ItemListed {
        itemId: u(1),
        communityId: u(1),
        token: TOKEN,
        name: "限定皮肤".into(),
        metadataHash: h("item"),
        price: u(10),
        stock: 10,
        by: ALICE,
    }
    .ev();
    w.block(16, vec![listed]).await;
    let mut mall = order(1);
    mall.push(
        Pm::OrderCompleted {
            orderId: u(1),
            by: CAROL,
            burned: u(10),
        }
        .ev(),
    );
    mall.push(
        Pm::OrderReviewed {
            orderId: u(1),
            itemId: u(1),
            buyer: BOB,
            stars: 5,
            contentHash: h("great"),
        }
        .ev(),
    );
    // Order 2: bob calls off a paid order (alice, the lister, hears of it); order 3:
    // alice cancels (bob hears of it).
    mall.extend(order(2));
    mall.push(
        Pm::OrderCancelled {
            orderId: u(2),
            by: BOB,
            refunded: u(10),
            stockLeft: 9,
        }
        .ev(),
    );
    mall.extend(order(3));
    mall.push(
        Pm::OrderCancelled {
            orderId: u(3),
            by: ALICE,
            refunded: u(10),
            stockLeft: 10,
        }
        .ev(),
    );
    w.block(17, mall).await;
    // Exchange: carol fills bob's offer 1; dave cancels bob's expired offer 2.
    let accepted = Px::OfferAccepted {
        offerId: u(1),
        maker: BOB,
        taker: CAROL,
    }
    .ev();
    let cancelled = Px::OfferCancelled {
        offerId: u(2),
        by: DAVE,
        refunded: u(5),
    }
    .ev();
    w.block(18, vec![offer(1), accepted, offer(2), cancelled])
        .await;
    // Profiles: dave verified and made a publisher.
    let verified = Pr::VerificationChanged {
        account: DAVE,
        verified: true,
        verifier: ALICE,
    }
    .ev();
    let publisher = Pr::RoleGranted {
        role: keccak256("TASK_PUBLISHER_ROLE"),
        account: DAVE,
        sender: ALICE,
    }
    .ev();
    w.block(19, vec![verified, publisher]).await;
    // Moderation: carol (admin) removes bob's post, alice removes carol's comment, bans
    // dave, pins a post; bob removes his own comment (no moderation).
    let moderation = vec![
        Po::PostRemoved {
            postId: u(1),
            by: CAROL,
        }
        .ev(),
        Po::CommentRemoved {
            commentId: u(1),
            by: ALICE,
        }
        .ev(),
        Po::CommentRemoved {
            commentId: u(2),
            by: BOB,
        }
        .ev(),
        Cm::MemberBanned {
            id: u(1),
            account: DAVE,
            by: ALICE,
            memberCount: u(3),
        }
        .ev(),
        post(2, CAROL),
        Cm::PostPinned {
            id: u(1),
            postId: u(2),
            pinned: true,
            by: ALICE,
        }
        .ev(),
    ];
    w.block(20, moderation).await;
    // Recovery: carol's request to move to ALICE2 is rejected, a second one approved.
    let request = |id: u64| {
        Pr::RecoveryRequested {
            requestId: u(id),
            username: "carol".into(),
            oldAccount: CAROL,
            newAccount: ALICE2,
            evidenceHash: h("evidence"),
        }
        .ev()
    };
    let recovery = vec![
        request(1),
        Pr::RecoveryRejected {
            requestId: u(1),
            admin: ALICE,
        }
        .ev(),
        request(2),
        Pr::RecoveryApproved {
            requestId: u(2),
            oldAccount: CAROL,
            newAccount: ALICE2,
            username: "carol".into(),
            profileHash: h("carol"),
            verified: false,
        }
        .ev(),
    ];
    w.block(21, recovery).await;

    let (al, bo, ca, da) = (Some(ALICE), Some(BOB), Some(CAROL), Some(DAVE));
    let want: BTreeSet<Told> = [
        t(CAROL, K::AdminGranted, al, "community", 1),
        t(BOB, K::PostLiked, da, "post", 1),
        t(BOB, K::PostCommented, ca, "comment", 1),
        t(ALICE, K::TaskClaimed, bo, "task", 1),
        t(ALICE, K::TaskCommented, da, "comment", 3),
        t(ALICE, K::TaskSubmitted, bo, "task", 1),
        t(BOB, K::TaskRejected, al, "task", 1),
        t(ALICE, K::TaskDisputed, bo, "task", 1),
        t(ALICE, K::TaskResolved, ca, "task", 1),
        t(BOB, K::TaskResolved, ca, "task", 1),
        t(ALICE, K::TaskClaimed, bo, "task", 2),
        t(ALICE, K::TaskSubmitted, bo, "task", 2),
        t(BOB, K::TaskApproved, al, "task", 2),
        t(ALICE, K::TaskClaimed, bo, "task", 3),
        t(ALICE, K::TaskAbandoned, bo, "task", 3),
        t(ALICE, K::TaskClaimed, da, "task", 3),
        t(DAVE, K::TaskClaimReleased, al, "task", 3),
        t(ALICE, K::TaskClaimed, bo, "task", 4),
        t(ALICE, K::TaskExpired, ca, "task", 4),
        t(BOB, K::TaskExpired, ca, "task", 4),
        t(ALICE, K::TaskCancelled, None, "task", 5),
        t(ALICE, K::TaskClaimed, bo, "task", 6),
        t(ALICE, K::TaskSubmitted, bo, "task", 6),
        t(BOB, K::TaskApproved, None, "task", 6),
        t(BOB, K::PointsAwarded, al, "community", 1),
        t(ALICE, K::OrderPaid, bo, "order", 1),
        t(BOB, K::OrderCompleted, ca, "order", 1),
        t(ALICE, K::ItemReviewed, bo, "item", 1),
        t(ALICE, K::OrderPaid, bo, "order", 2),
        t(ALICE, K::OrderCancelled, bo, "order", 2),
        t(ALICE, K::OrderPaid, bo, "order", 3),
        t(BOB, K::OrderCancelled, al, "order", 3),
        t(BOB, K::OfferAccepted, ca, "offer", 1),
        t(BOB, K::OfferExpired, da, "offer", 2),
        t(DAVE, K::Verified, al, "account", 0),
        t(DAVE, K::PublisherGranted, al, "account", 0),
        t(BOB, K::PostRemoved, ca, "post", 1),
        t(CAROL, K::CommentRemoved, al, "comment", 1),
        t(DAVE, K::MemberBanned, al, "community", 1),
        t(ALICE2, K::RecoveryRejected, al, "recovery", 1),
        t(ALICE2, K::RecoveryApproved, None, "recovery", 2),
    ]
    .into_iter()
    .collect();
    let got = told(&pool).await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM Notification")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, want.len() as i64, "one row per notice, none twice");
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    let kinds: BTreeSet<&str> = got.iter().map(|n| n.1).collect();
    let all: BTreeSet<&str> = K::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(kinds, all, "the scenario shows every kind");

    // The batched like: one row, the newest liker, two people (bob's own like counts on
    // the post but tells nobody).
    let like: (String, u64, String, u64, u64) = sqlx::query_as(
        "SELECT CAST(actor AS CHAR), actor_count, CAST(title AS CHAR), created_at, updated_at \
         FROM Notification WHERE kind = 'post_liked'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(like.0, a(DAVE));
    assert_eq!(like.1, 3, "the post's likes: carol, bob, dave");
    assert_eq!(like.2, "攻略 1");
    assert_eq!(
        (like.3, like.4),
        (common::block_time(5), common::block_time(6))
    );
    // Titles and amounts are the object's at the time.
    let award: (String, String, String) = sqlx::query_as(
        "SELECT CAST(title AS CHAR), CAST(amount AS CHAR), CAST(token AS CHAR) FROM Notification WHERE kind = 'points_awarded'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(award, ("活动奖励".into(), "50".into(), a(TOKEN)));
    let banned: (String, u64) = sqlx::query_as(
        "SELECT CAST(title AS CHAR), community_id FROM Notification WHERE kind = 'member_banned'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(banned, ("原神攻略组".into(), 1));
    // A comment notice names its post.
    let on_post: (Option<u64>, Option<u64>) =
        sqlx::query_as("SELECT post_id, task_id FROM Notification WHERE kind = 'post_commented'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(on_post, (Some(1), None));

    // The moderation log: others' content and standing only, in order.
    let log: Vec<(String, String, Option<String>, Option<u64>)> = sqlx::query_as(
        "SELECT CAST(kind AS CHAR), CAST(moderator AS CHAR), CAST(target_account AS CHAR), target_id \
         FROM ModerationAction ORDER BY action_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        log,
        [
            ("admin_granted".into(), a(ALICE), Some(a(CAROL)), None),
            ("post_removed".into(), a(CAROL), Some(a(BOB)), Some(1)),
            ("comment_removed".into(), a(ALICE), Some(a(CAROL)), Some(1)),
            ("member_banned".into(), a(ALICE), Some(a(DAVE)), None),
            ("post_pinned".into(), a(ALICE), Some(a(CAROL)), Some(2)),
        ]
    );
}

#[sqlx::test(migrator = "read_model::db::SCHEMA")]
async fn a_reorg_takes_back_the_notifications_of_vanished_blocks(pool: MySqlPool) {
    let mut w = World::new(&pool).await;
    community(&mut w).await;
    w.block(4, vec![post(1, BOB), like(1, CAROL)]).await;
    w.block(5, vec![like(1, DAVE), task(1), claim(1, BOB)])
        .await;
    w.block(
        6,
        vec![
            Po::PostRemoved {
                postId: u(1),
                by: ALICE,
            }
            .ev(),
        ],
    )
    .await;
    assert_eq!(w.count("Notification").await, 3, "like, claim, removal");
    assert_eq!(w.count("ModerationAction").await, 1);

    // Blocks 5 and 6 vanish.
    let mut tx = w.conn.begin().await.unwrap();
    db::rollback_tables(&mut tx, &TABLES, 4).await.unwrap();
    tx.commit().await.unwrap();
    let rows: Vec<(String, u64, String, u64)> = sqlx::query_as(
        "SELECT CAST(kind AS CHAR), actor_count, CAST(actor AS CHAR), block_number FROM Notification",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        [("post_liked".into(), 1, a(CAROL), 4)],
        "the like notice is back to its block-4 version; the claim and removal are gone"
    );
    assert_eq!(w.count("ModerationAction").await, 0);
    let history: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {} WHERE valid_from > 4",
        NOTIFICATION.versions()
    ))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(history, 0);

    // The other fork: dave claims instead; the next moderation action id is reused.
    let mut w = World::new(&pool).await;
    w.block(5, vec![task(1), claim(1, DAVE)]).await;
    w.block(
        6,
        vec![
            Cm::MemberBanned {
                id: u(1),
                account: BOB,
                by: ALICE,
                memberCount: u(3),
            }
            .ev(),
        ],
    )
    .await;
    let claimers: Vec<(String,)> =
        sqlx::query_as("SELECT CAST(actor AS CHAR) FROM Notification WHERE kind = 'task_claimed'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(claimers, [(a(DAVE),)]);
    let ids: Vec<(u64, String)> =
        sqlx::query_as("SELECT action_id, CAST(kind AS CHAR) FROM ModerationAction")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(ids, [(1, "member_banned".into())]);
    // Both tables are chain tables: rolled back, digested, audited like the rest.
    assert!(TABLES.iter().any(|t| t.name == NOTIFICATION.name));
    assert!(TABLES.iter().any(|t| t.name == MODERATION_ACTION.name));
}
