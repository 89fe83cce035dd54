//! Notification mail through the outbox: what is mailed (the kinds an account asked for,
//! to its verified address, never from a blocked player), each mail stored once however
//! often a producer runs, and delivered exactly once even when the sending process is
//! killed with SIGKILL mid-send, again and again.

mod support;

use graphql_api::{
    auth::mail::Mailer,
    outbox::{OutboxConfig, produce_daily, produce_instant, send_due},
};
use sqlx::MySqlPool;
use std::{collections::BTreeMap, path::Path, time::Duration};
use support::*;

const ALICE: &str = "0x00000000000000000000000000000000000000a1";
const BOB: &str = "0x00000000000000000000000000000000000000b0";
const CAROL: &str = "0x00000000000000000000000000000000000000c4";

async fn account(pool: &MySqlPool, address: &str, email: &str, verified: bool) {
    sqlx::query(
        "INSERT INTO account (address, email, email_verified, updated_at) VALUES (?, ?, ?, 0)",
    )
    .bind(address)
    .bind(email)
    .bind(verified)
    .execute(pool)
    .await
    .unwrap();
}

async fn pref(pool: &MySqlPool, address: &str, kind: &str, mode: &str) {
    sqlx::query(
        "INSERT INTO notification_pref (account, kind, email, updated_at) VALUES (?, ?, ?, 0)",
    )
    .bind(address)
    .bind(kind)
    .bind(mode)
    .execute(pool)
    .await
    .unwrap();
}

async fn notification(pool: &MySqlPool, to: &str, kind: &str, actor: &str, block: u64, at: u64) {
    sqlx::query(
        "INSERT INTO Notification (recipient, ref_key, kind, actor, actor_count, object_type, object_id, task_id, title, community_id, created_at, updated_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, ?, ?, ?, 1, 'task', 7, 7, '代练上分', 1, ?, ?, ?, ?, ?, 0)",
    )
    .bind(to)
    .bind(format!("{block}.0.{kind}"))
    .bind(kind)
    .bind(actor)
    .bind(at)
    .bind(at)
    .bind(block)
    .bind(format!("0x{block:064x}"))
    .bind(format!("0x{:064x}", block + 5000))
    .execute(pool)
    .await
    .unwrap();
}

async fn outbox(pool: &MySqlPool) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT CAST(to_address AS CHAR), CAST(subject AS CHAR), CAST(body AS CHAR), CAST(dedupe_key AS CHAR) FROM mail_outbox ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

fn config(public_url: &str) -> OutboxConfig {
    OutboxConfig {
        poll: Duration::from_millis(50),
        lease: Duration::from_secs(1),
        pause: Duration::ZERO,
        public_url: public_url.into(),
    }
}

/// The `.eml` files in `dir`, by name.
fn mails(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap())
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn instant_mail_is_what_was_asked_for_and_stored_once(pool: MySqlPool) {
    user(&pool, 1, BOB, "小明").await;
    indexer_at(&pool, 10, "0x0a").await;
    // The first pass starts the cursor at the head: earlier notifications are history.
    notification(&pool, ALICE, "task_claimed", BOB, 9, 1_700_000_000).await;
    account(&pool, ALICE, "alice@example.com", true).await;
    account(&pool, CAROL, "carol@example.com", false).await;
    pref(&pool, ALICE, "task_claimed", "instant").await;
    pref(&pool, CAROL, "task_claimed", "instant").await;
    let url = "https://game.example";
    assert_eq!(produce_instant(&pool, url).await.unwrap(), 0);

    notification(&pool, ALICE, "task_claimed", BOB, 11, 1_700_000_100).await;
    notification(&pool, ALICE, "task_submitted", BOB, 11, 1_700_000_100).await; // not asked for
    notification(&pool, CAROL, "task_claimed", BOB, 11, 1_700_000_100).await; // unverified
    indexer_at(&pool, 11, "0x0b").await;
    assert_eq!(produce_instant(&pool, url).await.unwrap(), 1);
    assert_eq!(
        produce_instant(&pool, url).await.unwrap(),
        0,
        "a second pass stores nothing"
    );
    let stored = outbox(&pool).await;
    assert_eq!(stored.len(), 1);
    let (to, subject, body, key) = &stored[0];
    assert_eq!(to, "alice@example.com");
    assert_eq!(subject, "【游戏社区】小明 领取了你的任务《代练上分》");
    assert!(
        body.contains("https://game.example/task-market/7"),
        "{body}"
    );
    let token: String =
        sqlx::query_scalar("SELECT CAST(token AS CHAR) FROM mail_unsubscribe WHERE account = ?")
            .bind(ALICE)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        body.contains(&format!("https://game.example/unsubscribe?token={token}")),
        "{body}"
    );
    assert_eq!(key, &format!("n:{ALICE}:11.0.task_claimed@11.0"));

    // A reorg rewinds the cursor; what was stored is not stored again.
    indexer_at(&pool, 8, "0x08").await;
    assert_eq!(produce_instant(&pool, url).await.unwrap(), 0);
    indexer_at(&pool, 11, "0x0b").await;
    assert_eq!(produce_instant(&pool, url).await.unwrap(), 0);
    // A blocked actor mails nobody.
    sqlx::query("INSERT INTO user_block (blocker, blocked, created_at) VALUES (?, ?, 0)")
        .bind(ALICE)
        .bind(BOB)
        .execute(&pool)
        .await
        .unwrap();
    notification(&pool, ALICE, "task_claimed", BOB, 12, 1_700_000_200).await;
    indexer_at(&pool, 12, "0x0c").await;
    assert_eq!(produce_instant(&pool, url).await.unwrap(), 0);
    assert_eq!(outbox(&pool).await.len(), 1);
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_daily_digest_collects_yesterday_once(pool: MySqlPool) {
    account(&pool, ALICE, "alice@example.com", true).await;
    pref(&pool, ALICE, "task_claimed", "daily").await;
    pref(&pool, ALICE, "task_submitted", "daily").await;
    // 2026-12-05 (UTC) and 2026-12-06.
    let dec5 = 1_796_428_800;
    let dec6 = dec5 + 86_400;
    notification(&pool, ALICE, "task_claimed", BOB, 5, dec5 + 3600).await;
    notification(&pool, ALICE, "task_submitted", BOB, 6, dec5 + 7200).await;
    notification(&pool, ALICE, "task_claimed", BOB, 7, dec6 + 60).await; // today
    let url = "https://game.example";
    assert_eq!(produce_daily(&pool, url, dec6 + 3600).await.unwrap(), 1);
    assert_eq!(
        produce_daily(&pool, url, dec6 + 7200).await.unwrap(),
        0,
        "once a day"
    );
    let stored = outbox(&pool).await;
    assert_eq!(stored[0].1, "【游戏社区】2026-12-05 的 2 条通知");
    assert!(stored[0].2.contains("领取了你的任务") && stored[0].2.contains("提交了任务"));
    assert!(
        !stored[0].2.contains("unsubscribe?token=\n"),
        "{}",
        stored[0].2
    );
    assert_eq!(stored[0].3, format!("d:{ALICE}:20261205"));
    // The next day digests the 6th.
    assert_eq!(
        produce_daily(&pool, url, dec6 + 86_400 + 10).await.unwrap(),
        1
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn a_mail_delivered_before_a_crash_is_not_delivered_again(pool: MySqlPool) {
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::new(None, dir.path().to_owned(), "Game <no-reply@game.example>").unwrap();
    for i in 0..3 {
        sqlx::query(
            "INSERT INTO mail_outbox (dedupe_key, account, to_address, subject, body, created_at) VALUES (?, ?, 'alice@example.com', '主题', '正文', 0)",
        )
        .bind(format!("k{i}"))
        .bind(ALICE)
        .execute(&pool)
        .await
        .unwrap();
    }
    // Mail 1 was delivered, then the sender died before recording it (its lease ran out).
    mailer
        .deliver(1, "alice@example.com", "主题", "正文", None)
        .await
        .unwrap();
    sqlx::query("UPDATE mail_outbox SET attempts = 1, claimed_until = 1 WHERE id = 1")
        .execute(&pool)
        .await
        .unwrap();
    let before = std::fs::metadata(dir.path().join("outbox-1.eml"))
        .unwrap()
        .modified()
        .unwrap();
    let sent = send_due(&pool, &mailer, &config("https://game.example"))
        .await
        .unwrap();
    assert_eq!(sent, 3, "all three are recorded as sent");
    let files = mails(dir.path());
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["outbox-1.eml", "outbox-2.eml", "outbox-3.eml"]
    );
    let after = std::fs::metadata(dir.path().join("outbox-1.eml"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "mail 1 was not written a second time");
    assert!(
        files["outbox-2.eml"].contains("Message-ID: <outbox-2@game.example>"),
        "{}",
        files["outbox-2.eml"]
    );
    assert_eq!(send_due(&pool, &mailer, &config("x")).await.unwrap(), 0);
}

async fn sender(database_url: &str, mail_dir: &Path) -> Served {
    let dir = mail_dir.to_string_lossy();
    let env = [
        ("MAIL_DIR", dir.as_ref()),
        ("MAIL_POLL_MS", "50"),
        ("MAIL_LEASE_SECS", "1"),
        // Slow enough that a kill lands mid-run, between writing a mail and recording it.
        ("MAIL_PAUSE_MS", "15"),
    ];
    serve(database_url, &env).await
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn kill_9_mid_send_loses_no_mail_and_doubles_none(pool: MySqlPool) {
    let url = database_url(&pool).await;
    const MAILS: u64 = 120;
    for i in 0..MAILS {
        sqlx::query(
            "INSERT INTO mail_outbox (dedupe_key, account, to_address, subject, body, created_at) VALUES (?, ?, ?, ?, '正文', 0)",
        )
        .bind(format!("k{i}"))
        .bind(ALICE)
        .bind(format!("player{i}@example.com"))
        .bind(format!("通知 {i}"))
        .execute(&pool)
        .await
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let sent = async || -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    // Kill the sender with SIGKILL each time it has made progress, until it is done.
    let mut kills = 0;
    loop {
        let mut api = sender(&url, dir.path()).await;
        let start = sent().await;
        let mut done = false;
        for _ in 0..400 {
            tokio::time::sleep(Duration::from_millis(25)).await;
            let now = sent().await;
            if now as u64 == MAILS {
                done = true;
                break;
            }
            if now >= start + 7 && kills < 8 {
                break;
            }
        }
        api.0.kill().unwrap(); // SIGKILL
        api.0.wait().unwrap();
        if done {
            break;
        }
        kills += 1;
        assert!(kills < 40, "the outbox makes no progress");
        // The killed process's lease must run out before another takes its mail.
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    assert!(kills >= 8, "the sender was killed mid-run {kills} times");
    let files = mails(dir.path());
    let delivered: Vec<&String> = files.keys().filter(|n| n.ends_with(".eml")).collect();
    assert_eq!(
        delivered.len() as u64,
        MAILS,
        "one file per mail: {delivered:?}"
    );
    for id in 1..=MAILS {
        let mail = &files[&format!("outbox-{id}.eml")];
        assert!(
            mail.contains(&format!("player{}@example.com", id - 1)),
            "{mail}"
        );
    }
    let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_unsubscribe_link_asks_then_turns_mail_off(pool: MySqlPool) {
    use axum::{body::Body, http::Request};
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    account(&pool, ALICE, "alice@example.com", true).await;
    pref(&pool, ALICE, "task_claimed", "instant").await;
    pref(&pool, ALICE, "post_liked", "daily").await;
    pref(&pool, BOB, "post_liked", "daily").await;
    let token = "ab".repeat(32);
    sqlx::query("INSERT INTO mail_unsubscribe (account, token, created_at) VALUES (?, ?, 0)")
        .bind(ALICE)
        .bind(&token)
        .execute(&pool)
        .await
        .unwrap();
    let app = graphql_api::app(pool.clone());
    let send = async |method: &str, query: &str| {
        let req = Request::builder()
            .method(method)
            .uri(format!("/unsubscribe{query}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("List-Unsubscribe=One-Click"))
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    };
    let prefs = async || -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM notification_pref")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    // Opening the link (as a mail scanner would) changes nothing.
    let (status, page) = send("GET", &format!("?token={token}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("确认退订") && page.contains("method=\"post\""),
        "{page}"
    );
    assert_eq!(prefs().await, 3);
    // Bad and unknown tokens.
    assert_eq!(send("POST", "?token=xyz").await.0, 400);
    assert_eq!(send("POST", "").await.0, 400);
    assert_eq!(
        send("POST", &format!("?token={}", "cd".repeat(32))).await.0,
        404
    );
    assert_eq!(prefs().await, 3);
    // One click: alice's mail is off, bob's untouched.
    let (status, page) = send("POST", &format!("?token={token}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已退订"));
    let left: Vec<(String,)> =
        sqlx::query_as("SELECT CAST(account AS CHAR) FROM notification_pref")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(left, [(BOB.to_owned(),)]);
}
