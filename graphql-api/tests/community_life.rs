//! Notifications, reports, blocks and the moderation log through the router: who may
//! read what (nobody another's notifications, reports or blocks), read state that only
//! moves forward, a report resolved by what the chain shows, and the limits.

mod support;

use serde_json::{Value, json};
use sqlx::MySqlPool;
use support::*;

const PROV: &str = "'0x00000000000000000000000000000000000000000000000000000000000000b7', '0x00000000000000000000000000000000000000000000000000000000000000a7'";

/// A notification row as the indexer writes it, at log (`block`, `log`).
async fn notification(
    pool: &MySqlPool,
    to: &str,
    kind: &str,
    actor: Option<&str>,
    block: u64,
    log: u64,
) -> String {
    let id = format!("{block}.{log}.{kind}");
    sqlx::query(&format!(
        "INSERT INTO Notification (recipient, ref_key, kind, actor, actor_count, object_type, object_id, task_id, title, community_id, created_at, updated_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, ?, ?, 1, 'task', 1, 1, '代练上分', 1, 1700000000, 1700000000, ?, {PROV}, ?)"
    ))
    .bind(to)
    .bind(&id)
    .bind(kind)
    .bind(actor)
    .bind(block)
    .bind(log)
    .execute(pool)
    .await
    .unwrap();
    id
}

async fn comment(pool: &MySqlPool, id: u64, post: u64, author: &str) {
    sqlx::query(&format!(
        "INSERT INTO Comment (comment_id, comment_time, comment_object_type, target_id, author, content_hash, created_at, removed, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, '2024-01-01 00:00:00', '帖子', ?, ?, '0x{:064x}', 1700000000, 0, 7, {PROV}, 0)", 1
    ))
    .bind(id)
    .bind(post)
    .bind(author)
    .execute(pool)
    .await
    .unwrap();
}

/// Post `id` in community 1 by `author`.
async fn post_by(pool: &MySqlPool, id: u64, author: &str) {
    post(
        pool,
        id,
        1,
        &format!("帖子 {id}"),
        &format!("0x{id:064x}"),
        7,
    )
    .await;
    sqlx::query("UPDATE Post SET author = ? WHERE post_id = ?")
        .bind(author)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
}

fn nodes<'a>(v: &'a Value, field: &str) -> &'a Vec<Value> {
    v["data"][field]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
}

const LIST: &str = "query($u: Boolean!) { notifications(unreadOnly: $u) { totalCount nodes { id kind actor read actorUser { username } title source { blockNumber } } } unreadNotificationCount }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn notifications_are_their_recipients_alone_and_read_state_only_grows(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let (alice, bob, carol) = (signer(1), signer(2), signer(3));
    let (a, b, c) = (addr(&alice), addr(&bob), addr(&carol));
    user(&pool, 1, &b, "小明").await;
    let first = notification(&pool, &a, "task_claimed", Some(&b), 10, 1).await;
    let second = notification(&pool, &a, "task_submitted", Some(&b), 11, 0).await;
    let third = notification(&pool, &a, "task_commented", Some(&c), 12, 3).await;
    let bobs = notification(&pool, &b, "task_approved", Some(&a), 12, 4).await;
    let (ta, tb) = (sign_in(&app, &alice).await, sign_in(&app, &bob).await);

    // Visitors have no notifications to read.
    let r = call(&app, LIST, json!({"u": false}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");

    let r = call(&app, LIST, json!({"u": false}), Some(&ta)).await;
    let list = nodes(&r, "notifications");
    let ids: Vec<&str> = list.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [third.as_str(), &second, &first], "newest first: {r}");
    assert_eq!(list[1]["actorUser"]["username"], "小明");
    assert_eq!(list[1]["kind"], "TASK_SUBMITTED");
    assert_eq!(list[0]["source"]["blockNumber"], 12);
    assert_eq!(r["data"]["unreadNotificationCount"], 3);
    // Bob sees his one, never alice's.
    let r = call(&app, LIST, json!({"u": false}), Some(&tb)).await;
    let ids: Vec<&str> = nodes(&r, "notifications")
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [bobs.as_str()]);

    // Reading up to the second one; then an older mark changes nothing.
    let mark = "mutation($id: String) { markNotificationsRead(upTo: $id) }";
    let r = call(&app, mark, json!({"id": second}), Some(&ta)).await;
    assert_eq!(r["data"]["markNotificationsRead"], 1, "{r}");
    let r = call(&app, mark, json!({"id": first}), Some(&ta)).await;
    assert_eq!(
        r["data"]["markNotificationsRead"], 1,
        "the mark never goes back: {r}"
    );
    let r = call(&app, LIST, json!({"u": true}), Some(&ta)).await;
    let unread: Vec<&str> = nodes(&r, "notifications")
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(unread, [third.as_str()]);
    let r = call(&app, LIST, json!({"u": false}), Some(&ta)).await;
    let read: Vec<bool> = nodes(&r, "notifications")
        .iter()
        .map(|n| n["read"].as_bool().unwrap())
        .collect();
    assert_eq!(read, [false, true, true]);
    // Someone else's id is no notification of mine; an absurd one is refused.
    let r = call(&app, mark, json!({"id": bobs}), Some(&ta)).await;
    assert_eq!(code(&r), "NOT_FOUND", "{r}");
    let r = call(&app, mark, json!({"id": "x".repeat(101)}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    // Marking bob's own read did not touch alice's.
    let r = call(&app, mark, json!({"id": null}), Some(&tb)).await;
    assert_eq!(r["data"]["markNotificationsRead"], 0);
    let r = call(&app, LIST, json!({"u": true}), Some(&ta)).await;
    assert_eq!(r["data"]["unreadNotificationCount"], 1);

    // A blocked actor's notices disappear for the blocker (list and count).
    let block = "mutation($a: String!) { blockUser(address: $a) }";
    let r = call(&app, block, json!({"a": c}), Some(&ta)).await;
    assert_eq!(r["data"]["blockUser"], true, "{r}");
    let r = call(&app, LIST, json!({"u": false}), Some(&ta)).await;
    assert_eq!(nodes(&r, "notifications").len(), 2);
    assert_eq!(r["data"]["unreadNotificationCount"], 0);
    // All of them, when no id is given.
    notification(&pool, &a, "post_commented", Some(&b), 13, 0).await;
    let r = call(&app, mark, json!({"id": null}), Some(&ta)).await;
    assert_eq!(r["data"]["markNotificationsRead"], 0, "{r}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn mail_settings_default_off_and_are_per_account(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let (ta, tb) = (
        sign_in(&app, &signer(1)).await,
        sign_in(&app, &signer(2)).await,
    );
    let get = "{ notificationSettings { kind email } }";
    let r = call(&app, get, json!({}), Some(&ta)).await;
    let all = r["data"]["notificationSettings"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(all.len(), read_model::NotificationKind::ALL.len());
    assert!(all.iter().all(|s| s["email"] == "OFF"));
    let set = "mutation($s: [NotificationSettingInput!]!) { setNotificationSettings(settings: $s) { kind email } }";
    let r = call(
        &app,
        set,
        json!({"s": [{"kind": "TASK_CLAIMED", "email": "INSTANT"}, {"kind": "POST_LIKED", "email": "DAILY"}]}),
        Some(&ta),
    )
    .await;
    let mine = r["data"]["setNotificationSettings"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    let of = |k: &str| mine.iter().find(|s| s["kind"] == k).unwrap()["email"].clone();
    assert_eq!(
        (of("TASK_CLAIMED"), of("POST_LIKED"), of("ORDER_PAID")),
        (json!("INSTANT"), json!("DAILY"), json!("OFF"))
    );
    // Off again deletes; bob's stay untouched by alice's.
    let r = call(
        &app,
        set,
        json!({"s": [{"kind": "TASK_CLAIMED", "email": "OFF"}]}),
        Some(&ta),
    )
    .await;
    assert!(r["errors"].is_null(), "{r}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notification_pref")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let r = call(&app, get, json!({}), Some(&tb)).await;
    assert!(
        r["data"]["notificationSettings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["email"] == "OFF")
    );
    // More settings than kinds: refused.
    let many: Vec<Value> = (0..40)
        .map(|_| json!({"kind": "TASK_CLAIMED", "email": "DAILY"}))
        .collect();
    let r = call(&app, set, json!({"s": many}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let r = call(&app, get, json!({}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_blocked_author_vanishes_for_the_blocker_alone(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let (alice, bob, carol) = (signer(1), signer(2), signer(3));
    let (b, c) = (addr(&bob), addr(&carol));
    community(&pool, 1, "原神", "Genshin").await;
    post_by(&pool, 1, &b).await;
    post_by(&pool, 2, &c).await;
    comment(&pool, 1, 2, &b).await;
    comment(&pool, 2, 2, &c).await;
    let (ta, tc) = (sign_in(&app, &alice).await, sign_in(&app, &carol).await);
    let q = "{ posts { totalCount nodes { id } } comments(target: POST, targetId: \"2\") { totalCount nodes { id } } }";
    let ids = |r: &Value, f: &str| -> Vec<String> {
        nodes(r, f)
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = call(&app, q, json!({}), Some(&ta)).await;
    assert_eq!(
        (ids(&r, "posts"), ids(&r, "comments")),
        (
            vec!["2".to_owned(), "1".into()],
            vec!["1".to_owned(), "2".into()]
        )
    );

    let block = "mutation($a: String!) { blockUser(address: $a) }";
    let r = call(
        &app,
        block,
        json!({"a": b.to_uppercase().replace("0X", "0x")}),
        Some(&ta),
    )
    .await;
    assert_eq!(r["data"]["blockUser"], true, "{r}");
    let r = call(&app, q, json!({}), Some(&ta)).await;
    assert_eq!(
        (ids(&r, "posts"), ids(&r, "comments")),
        (vec!["2".to_owned()], vec!["2".to_owned()]),
        "{r}"
    );
    assert_eq!(
        r["data"]["posts"]["totalCount"], 1,
        "the total follows the block at once"
    );
    // Carol and visitors still see bob.
    for token in [Some(tc.as_str()), None] {
        let r = call(&app, q, json!({}), token).await;
        assert_eq!(ids(&r, "posts").len(), 2);
    }
    // Only alice knows whom she blocked.
    let r = call(&app, "{ blockedUsers { address } }", json!({}), Some(&ta)).await;
    assert_eq!(r["data"]["blockedUsers"][0]["address"], b.as_str());
    let r = call(&app, "{ blockedUsers { address } }", json!({}), Some(&tc)).await;
    assert_eq!(r["data"]["blockedUsers"], json!([]));
    // Bad input, then unblocking.
    let r = call(&app, block, json!({"a": addr(&alice)}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT", "not oneself: {r}");
    let r = call(&app, block, json!({"a": "0x123"}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT");
    let r = call(&app, block, json!({"a": c}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
    // At most 500 blocked players: the 501st is refused and nothing is stored.
    for i in 0..graphql_api::notifications::MAX_BLOCKED {
        sqlx::query("INSERT INTO user_block (blocker, blocked, created_at) VALUES (?, ?, 0)")
            .bind(addr(&alice))
            .bind(format!("0x{i:040x}"))
            .execute(&pool)
            .await
            .unwrap();
    }
    let r = call(&app, block, json!({"a": c}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT", "over the cap: {r}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_block WHERE blocked = ?")
        .bind(&c)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    sqlx::query("DELETE FROM user_block WHERE blocked LIKE '0x0000%'")
        .execute(&pool)
        .await
        .unwrap();
    let r = call(
        &app,
        "mutation($a: String!) { unblockUser(address: $a) }",
        json!({"a": b}),
        Some(&ta),
    )
    .await;
    assert_eq!(r["data"]["unblockUser"], true);
    let r = call(&app, q, json!({}), Some(&ta)).await;
    assert_eq!(ids(&r, "posts").len(), 2);
}

const REPORT: &str = "mutation($t: ReportTarget!, $id: String!, $r: ReportReason!, $n: String, $c: String) { createReport(target: $t, targetId: $id, reason: $r, note: $n, communityId: $c) { id status targetTitle targetAuthor reporter communityId postId targetContent { hash } } }";
const QUEUE: &str = "query($c: String, $s: ReportStatus! = OPEN) { moderationQueue(communityId: $c, status: $s) { totalCount nodes { id status target targetId reason note resolutionNote resolvedBy resolvedAt action { kind moderator source { txHash } } } } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn reports_reach_their_communitys_moderators_and_close_on_the_chains_word(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let (root, alice, bob, carol) = (signer(0), signer(1), signer(2), signer(3));
    let (r0, a, b, c) = (addr(&root), addr(&alice), addr(&bob), addr(&carol));
    role(&pool, "SYSTEM_ADMIN", &r0).await;
    community(&pool, 1, "原神", "Genshin").await;
    community(&pool, 2, "我的世界", "Minecraft").await;
    member(&pool, 1, &a, true).await; // alice moderates community 1
    member(&pool, 2, &c, true).await; // carol moderates community 2
    user(&pool, 1, &b, "bob").await;
    post_by(&pool, 1, &b).await;
    comment(&pool, 5, 1, &b).await;
    let (t0, ta, tb, tc) = (
        sign_in(&app, &root).await,
        sign_in(&app, &alice).await,
        sign_in(&app, &bob).await,
        sign_in(&app, &carol).await,
    );

    // Carol reports bob's post.
    let r = call(
        &app,
        REPORT,
        json!({"t": "POST", "id": "1", "r": "SPAM", "n": " 刷广告 "}),
        Some(&tc),
    )
    .await;
    let report = &r["data"]["createReport"];
    assert_eq!(report["status"], "OPEN", "{r}");
    assert_eq!(
        report["targetContent"]["hash"],
        format!("0x{:064x}", 1),
        "the post's body"
    );
    assert_eq!(
        (
            report["targetTitle"].as_str(),
            report["targetAuthor"].as_str()
        ),
        (Some("帖子 1"), Some(b.as_str()))
    );
    assert_eq!(
        (report["communityId"].as_str(), report["postId"].as_str()),
        (Some("1"), Some("1"))
    );
    let id = report["id"].as_i64().unwrap();
    // Once per object while open; not one's own; not what does not exist; notes ≤ 500.
    let r = call(
        &app,
        REPORT,
        json!({"t": "POST", "id": "1", "r": "ABUSE"}),
        Some(&tc),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    assert_eq!(r["errors"][0]["extensions"]["reason"], "DUPLICATE");
    let r = call(
        &app,
        REPORT,
        json!({"t": "POST", "id": "1", "r": "ABUSE"}),
        Some(&tb),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "own post: {r}");
    assert_eq!(r["errors"][0]["extensions"]["reason"], "OWN_CONTENT");
    let r = call(
        &app,
        REPORT,
        json!({"t": "TASK", "id": "99", "r": "SCAM"}),
        Some(&tc),
    )
    .await;
    assert_eq!(code(&r), "NOT_FOUND", "{r}");
    let r = call(
        &app,
        REPORT,
        json!({"t": "POST", "id": "abc", "r": "SCAM"}),
        Some(&tc),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT");
    let r = call(
        &app,
        REPORT,
        json!({"t": "COMMENT", "id": "5", "r": "OTHER", "n": "长".repeat(501)}),
        Some(&tc),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let r = call(
        &app,
        REPORT,
        json!({"t": "POST", "id": "1", "r": "SPAM"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
    // A player is reported with the community where it happened.
    let r = call(
        &app,
        REPORT,
        json!({"t": "USER", "id": b, "r": "CHEATING", "c": "1"}),
        Some(&tc),
    )
    .await;
    assert_eq!(r["data"]["createReport"]["targetTitle"], "bob", "{r}");
    let r = call(
        &app,
        REPORT,
        json!({"t": "COMMENT", "id": "5", "r": "ABUSE", "c": "2"}),
        Some(&tc),
    )
    .await;
    assert_eq!(
        code(&r),
        "BAD_INPUT",
        "content names its own community: {r}"
    );

    // Alice (community 1's admin) sees both; carol (community 2's) sees none of them and
    // may not open community 1's queue; bob none; the system admin all.
    let count = |r: &Value| r["data"]["moderationQueue"]["totalCount"].as_i64();
    let r = call(&app, QUEUE, json!({"c": "1"}), Some(&ta)).await;
    assert_eq!(count(&r), Some(2), "{r}");
    let r = call(&app, QUEUE, json!({}), Some(&ta)).await;
    assert_eq!(count(&r), Some(2));
    let r = call(&app, QUEUE, json!({}), Some(&tc)).await;
    assert_eq!(count(&r), Some(0));
    let r = call(&app, QUEUE, json!({"c": "1"}), Some(&tc)).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = call(&app, QUEUE, json!({"c": "1"}), Some(&tb)).await;
    assert_eq!(code(&r), "FORBIDDEN");
    let r = call(&app, QUEUE, json!({}), Some(&t0)).await;
    assert_eq!(count(&r), Some(2));
    // Reporters see their own reports only.
    let mine = "{ myReports { totalCount } }";
    let r = call(&app, mine, json!({}), Some(&tc)).await;
    assert_eq!(r["data"]["myReports"]["totalCount"], 2);
    let r = call(&app, mine, json!({}), Some(&ta)).await;
    assert_eq!(r["data"]["myReports"]["totalCount"], 0);

    // The button does nothing: the chain does. The indexer shows the post removed by
    // alice; the report is actioned, with the transaction.
    sqlx::query("UPDATE Post SET removed = 1 WHERE post_id = 1")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(&format!(
        "INSERT INTO ModerationAction (action_id, community_id, kind, moderator, target_account, target_id, title, created_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (1, 1, 'post_removed', ?, ?, 1, '帖子 1', 1700000100, 8, {PROV}, 0)"
    ))
    .bind(&a)
    .bind(&b)
    .execute(&pool)
    .await
    .unwrap();
    let r = call(&app, QUEUE, json!({"c": "1", "s": "ACTIONED"}), Some(&ta)).await;
    let handled = &nodes(&r, "moderationQueue")[0];
    assert_eq!(handled["id"].as_i64(), Some(id), "{r}");
    assert_eq!(handled["action"]["kind"], "POST_REMOVED");
    assert_eq!(handled["action"]["moderator"], a.as_str());
    assert_eq!(handled["resolvedAt"], 1700000100);
    let r = call(&app, QUEUE, json!({"c": "1"}), Some(&ta)).await;
    assert_eq!(
        count(&r),
        Some(1),
        "the open queue keeps the player report: {r}"
    );
    // An actioned report cannot be dismissed; the open one can, by its moderators only.
    let dismiss = "mutation($id: Int!, $n: String!) { dismissReport(id: $id, note: $n) { status resolutionNote resolvedBy } }";
    let r = call(&app, dismiss, json!({"id": id, "n": "已处理"}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let open = nodes(
        &call(&app, QUEUE, json!({"c": "1"}), Some(&ta)).await,
        "moderationQueue",
    )[0]["id"]
        .as_i64()
        .unwrap();
    let r = call(
        &app,
        dismiss,
        json!({"id": open, "n": "证据不足"}),
        Some(&tc),
    )
    .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = call(&app, dismiss, json!({"id": open, "n": "  "}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT", "a reason is required: {r}");
    let r = call(
        &app,
        dismiss,
        json!({"id": open, "n": "证据不足"}),
        Some(&ta),
    )
    .await;
    let d = &r["data"]["dismissReport"];
    assert_eq!(
        (
            d["status"].as_str(),
            d["resolutionNote"].as_str(),
            d["resolvedBy"].as_str()
        ),
        (Some("DISMISSED"), Some("证据不足"), Some(a.as_str())),
        "{r}"
    );
    let r = call(&app, dismiss, json!({"id": open, "n": "again"}), Some(&ta)).await;
    assert_eq!(code(&r), "BAD_INPUT");
    let r = call(&app, dismiss, json!({"id": 999, "n": "x"}), Some(&ta)).await;
    assert_eq!(code(&r), "NOT_FOUND");
    // Dismissed, the reporter may report the player again.
    let r = call(
        &app,
        REPORT,
        json!({"t": "USER", "id": b, "r": "CHEATING", "c": "1"}),
        Some(&tc),
    )
    .await;
    assert_eq!(r["data"]["createReport"]["status"], "OPEN", "{r}");

    // The moderation log is public.
    let log = "{ moderationLog(communityId: \"1\") { nodes { kind moderatorUser { username } targetAccount title source { txHash } } } }";
    let r = call(&app, log, json!({}), None).await;
    let entry = &nodes(&r, "moderationLog")[0];
    assert_eq!(
        (
            entry["kind"].as_str(),
            entry["targetAccount"].as_str(),
            entry["title"].as_str()
        ),
        (Some("POST_REMOVED"), Some(b.as_str()), Some("帖子 1")),
        "{r}"
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn reporting_is_rate_limited(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    community(&pool, 1, "原神", "Genshin").await;
    for id in 1..=12 {
        post_by(&pool, id, "0x00000000000000000000000000000000000000bb").await;
    }
    let t = sign_in(&app, &signer(1)).await;
    let mut codes = Vec::new();
    for id in 1..=12 {
        let r = call(
            &app,
            REPORT,
            // A client may repeat the content's own community.
            json!({"t": "POST", "id": id.to_string(), "r": "SPAM", "c": "1"}),
            Some(&t),
        )
        .await;
        codes.push(code(&r).to_owned());
    }
    assert!(codes[..10].iter().all(String::is_empty), "{codes:?}");
    assert_eq!(codes[10], "RATE_LIMITED");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 10, "nothing stored past the limit");
}
