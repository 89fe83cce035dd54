//! Notification mail through an outbox (`mail_outbox`), so that a crash never loses a
//! mail and never sends one twice.
//!
//! Two producers fill the outbox, each in one transaction with its cursor
//! (`mail_cursor`), so a crash between them and their cursor cannot happen:
//! - **instant**: every notification of a kind its recipient mails `instant`, block by
//!   block up to what the indexer committed;
//! - **daily**: once a (UTC) day is over, one digest per account of that day's
//!   notifications of the kinds it mails `daily`.
//!
//! Each outbox row has a `dedupe_key` (the notification's version, the account's day),
//! so a producer that runs twice (two API processes, a rewind after a reorg) stores a
//! mail once. Any number of senders drain it: a sender claims a row with a lease
//! (`FOR UPDATE SKIP LOCKED`, then `claimed_until`), delivers it, then marks it sent; a
//! sender killed mid-send leaves the lease to run out and the row is taken again. The
//! delivery itself is idempotent per row: the mail folder holds `outbox-<id>.eml`,
//! written whole (a temporary file renamed), and a row whose file exists is only marked
//! sent. Over SMTP a mail carries `Message-ID: <outbox-<id>@…>`, so the one resend a
//! crash between the server's acceptance and the `sent_at` commit can cause is the same
//! message, which mail systems recognise.
//!
//! Every mail ends with an unsubscribe link (and `List-Unsubscribe` headers, RFC 8058):
//! a random per-account token (`mail_unsubscribe`) that turns the account's mail off.

use crate::{auth::mail::Mailer, notifications::EmailMode};
use read_model::NotificationKind;
use sqlx::{MySqlPool, Row as _};
use std::time::Duration;

/// How the outbox runs.
#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// How often the producers and the sender look for work.
    pub poll: Duration,
    /// How long a claimed mail is reserved for its sender.
    pub lease: Duration,
    /// A pause after each mail (to stay under an SMTP provider's rate).
    pub pause: Duration,
    /// The web client's public URL (links in mail).
    pub public_url: String,
}

/// Blocks a producer reads at most in one transaction.
const BLOCKS_PER_PASS: u64 = 500;
/// How many blocks before its cursor the instant producer looks at again (a reorg's
/// re-derived notifications).
const REORG_REWIND: u64 = 64;
/// Attempts before a mail is given up (its row keeps the last error).
const MAX_ATTEMPTS: u32 = 8;

fn now() -> u64 {
    crate::auth::now()
}

/// The Chinese sentence a notification mail says, from its row's fields.
pub fn sentence(
    kind: NotificationKind,
    actor: Option<&str>,
    count: u64,
    title: &str,
    amount: Option<&str>,
) -> String {
    use NotificationKind as K;
    let who = actor.unwrap_or("有人");
    let t = title;
    match kind {
        K::TaskClaimed => format!("{who} 领取了你的任务《{t}》"),
        K::TaskAbandoned => format!("{who} 放弃了你的任务《{t}》，任务已重新开放"),
        K::TaskSubmitted => format!("{who} 提交了任务《{t}》的成果，等你验收"),
        K::TaskApproved => format!("你在任务《{t}》的成果已通过，赏金已发放"),
        K::TaskRejected => format!("{who} 驳回了你在任务《{t}》的成果"),
        K::TaskDisputed => format!("{who} 对任务《{t}》的驳回发起了争议"),
        K::TaskResolved => format!("任务《{t}》的争议已裁决"),
        K::TaskClaimReleased => format!("任务《{t}》的发布者收回了你的领取"),
        K::TaskExpired => format!("任务《{t}》已过期"),
        K::TaskCancelled => format!("你的任务《{t}》已取消，赏金已退回"),
        K::TaskCommented => format!("{who} 评论了你的任务《{t}》"),
        K::PostCommented => format!("{who} 评论了你的帖子《{t}》"),
        K::PostLiked if count > 1 => format!("{who} 等 {count} 人赞了你的帖子《{t}》"),
        K::PostLiked => format!("{who} 赞了你的帖子《{t}》"),
        K::PostRemoved => format!("你的帖子《{t}》被管理员删除"),
        K::CommentRemoved => format!("你在《{t}》下的评论被管理员删除"),
        K::OrderPaid => format!("{who} 支付了「{t}」的订单，请尽快发货"),
        K::OrderCompleted => format!("你的订单「{t}」已发货"),
        K::OrderCancelled => format!("订单「{t}」已取消"),
        K::ItemReviewed => format!("{who} 评价了你上架的「{t}」"),
        K::OfferAccepted => format!("{who} 接受了你的积分交易报价"),
        K::OfferExpired => "你的积分交易报价已过期，托管的积分已退回".to_owned(),
        K::AdminGranted => format!("你成为了社区「{t}」的管理员"),
        K::MemberBanned => format!("你被社区「{t}」封禁"),
        K::Verified => "你的账号已通过认证".to_owned(),
        K::PublisherGranted => "你获得了任务发布权限".to_owned(),
        K::RecoveryApproved => format!("你的账号找回申请（{t}）已通过"),
        K::RecoveryRejected => format!("你的账号找回申请（{t}）被拒绝"),
        // Points have no decimals (`CommunityPoints.decimals()` is 0).
        K::PointsAwarded => format!("你获得了 {} 积分：{t}", amount.unwrap_or("若干")),
    }
}

/// The in-app path a notification links to.
fn link(object_type: &str, object_id: u64, post_id: Option<u64>, task_id: Option<u64>) -> String {
    match object_type {
        "task" => format!("/task-market/{object_id}"),
        "post" => format!("/post/{object_id}"),
        "comment" => match (post_id, task_id) {
            (Some(p), _) => format!("/post/{p}"),
            (_, Some(t)) => format!("/task-market/{t}"),
            _ => "/notifications/".into(),
        },
        "order" => format!("/order/{object_id}"),
        "item" => format!("/product-page/?productId={object_id}"),
        "offer" => "/points-trading/".into(),
        "community" => format!("/game-community/{object_id}"),
        _ => "/notifications/".into(),
    }
}

/// The account's unsubscribe token (made on first use).
async fn unsubscribe_token(
    tx: &mut sqlx::MySqlConnection,
    account: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT IGNORE INTO mail_unsubscribe (account, token, created_at) VALUES (?, ?, ?)",
    )
    .bind(account)
    .bind(crate::auth::random_token())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    sqlx::query_scalar("SELECT CAST(token AS CHAR) FROM mail_unsubscribe WHERE account = ?")
        .bind(account)
        .fetch_one(&mut *tx)
        .await
}

/// The account an unsubscribe token belongs to.
pub async fn token_account(pool: &MySqlPool, token: &str) -> Result<Option<String>, sqlx::Error> {
    if token.len() > 128 {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT CAST(account AS CHAR) FROM mail_unsubscribe WHERE token = ?")
        .bind(token)
        .fetch_optional(pool)
        .await
}

/// A mail's closing lines: where to change settings, and the unsubscribe link.
fn footer(public_url: &str, token: &str) -> String {
    let base = public_url.trim_end_matches('/');
    format!(
        "\n\n——\n通知设置：{base}/settings/\n退订所有通知邮件：{base}/unsubscribe?token={token}\n"
    )
}

/// The unsubscribe URL a token names.
pub fn unsubscribe_url(public_url: &str, token: &str) -> String {
    format!(
        "{}/unsubscribe?token={token}",
        public_url.trim_end_matches('/')
    )
}

/// Where a producer is: `instant`'s last block mailed, `daily`'s last day (YYYYMMDD).
async fn cursor(
    tx: &mut sqlx::MySqlConnection,
    name: &str,
    start: u64,
) -> Result<u64, sqlx::Error> {
    sqlx::query("INSERT IGNORE INTO mail_cursor (name, block_number, log_index) VALUES (?, ?, 0)")
        .bind(name)
        .bind(start)
        .execute(&mut *tx)
        .await?;
    sqlx::query_scalar("SELECT block_number FROM mail_cursor WHERE name = ? FOR UPDATE")
        .bind(name)
        .fetch_one(&mut *tx)
        .await
}

async fn set_cursor(tx: &mut sqlx::MySqlConnection, name: &str, v: u64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mail_cursor SET block_number = ? WHERE name = ?")
        .bind(v)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// One mail to store.
struct Mail {
    dedupe_key: String,
    account: String,
    to: String,
    subject: String,
    body: String,
}

async fn store(tx: &mut sqlx::MySqlConnection, m: &Mail) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT IGNORE INTO mail_outbox (dedupe_key, account, to_address, subject, body, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&m.dedupe_key)
    .bind(&m.account)
    .bind(&m.to)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    Ok(r.rows_affected())
}

/// The notification columns a mail needs, with the recipient's address and setting.
const NOTICE_COLUMNS: &str = "CAST(n.recipient AS CHAR) AS recipient, CAST(n.ref_key AS CHAR) AS ref_key, \
    CAST(n.kind AS CHAR) AS kind, CAST(u.username AS CHAR) AS actor_name, n.actor_count, CAST(n.title AS CHAR) AS title, \
    CAST(n.amount AS CHAR) AS amount, CAST(n.object_type AS CHAR) AS object_type, n.object_id, n.post_id, \
    n.task_id, n.block_number, n.log_index, n.updated_at, CAST(a.email AS CHAR) AS email";

/// The joins that keep only notifications whose recipient has a verified email and
/// mails the kind in `mode`, and whose actor it did not block.
const NOTICE_JOINS: &str = "FROM Notification n \
    JOIN notification_pref p ON p.account = n.recipient AND p.kind = n.kind AND p.email = ? \
    JOIN account a ON a.address = n.recipient AND a.email_verified = 1 AND a.email IS NOT NULL \
    LEFT JOIN `User` u ON u.ethereum_address = n.actor \
    LEFT JOIN user_block b ON b.blocker = n.recipient AND b.blocked = n.actor \
    WHERE b.blocker IS NULL";

/// A notification as a line of mail.
fn notice_line(r: &sqlx::mysql::MySqlRow, public_url: &str) -> Result<Option<String>, sqlx::Error> {
    let Some(kind) = NotificationKind::from_label(&r.try_get::<String, _>("kind")?) else {
        return Ok(None);
    };
    let actor: Option<String> = r.try_get("actor_name")?;
    let title: Option<String> = r.try_get("title")?;
    let amount: Option<String> = r.try_get("amount")?;
    let text = sentence(
        kind,
        actor.as_deref(),
        r.try_get("actor_count")?,
        title.as_deref().unwrap_or(""),
        amount.as_deref(),
    );
    let path = link(
        &r.try_get::<String, _>("object_type")?,
        r.try_get("object_id")?,
        r.try_get("post_id")?,
        r.try_get("task_id")?,
    );
    Ok(Some(format!(
        "{text}\n{}{path}",
        public_url.trim_end_matches('/')
    )))
}

/// Moves `instant` mail from newly indexed blocks into the outbox; how many it stored.
pub async fn produce_instant(pool: &MySqlPool, public_url: &str) -> Result<u64, sqlx::Error> {
    let Some(head): Option<u64> =
        sqlx::query_scalar("SELECT indexed_block FROM indexer_state WHERE id = 1")
            .fetch_optional(pool)
            .await?
    else {
        return Ok(0);
    };
    let mut tx = pool.begin().await?;
    // A new outbox starts at the head (its floor): mail is for what happens from then on.
    let floor = cursor(&mut tx, "instant_floor", head).await?;
    let done = cursor(&mut tx, "instant", head).await?.min(head);
    // Each pass looks again at the last blocks before the cursor: a reorg re-derives
    // notifications there, which the dedupe keys store only if they are new facts.
    let from = done.saturating_sub(REORG_REWIND).max(floor);
    let to = head.min(done + BLOCKS_PER_PASS);
    if to <= from {
        set_cursor(&mut tx, "instant", to).await?;
        tx.commit().await?;
        return Ok(0);
    }
    let rows = sqlx::query(&format!(
        "SELECT {NOTICE_COLUMNS} {NOTICE_JOINS} AND n.block_number > ? AND n.block_number <= ? \
         ORDER BY n.block_number, n.log_index, n.recipient"
    ))
    .bind(EmailMode::Instant.label())
    .bind(from)
    .bind(to)
    .fetch_all(&mut *tx)
    .await?;
    let mut stored = 0;
    for r in &rows {
        let Some(line) = notice_line(r, public_url)? else {
            continue;
        };
        let account: String = r.try_get("recipient")?;
        let token = unsubscribe_token(&mut tx, &account).await?;
        let subject = line.lines().next().unwrap_or_default().to_owned();
        let mail = Mail {
            dedupe_key: format!(
                "n:{account}:{}@{}.{}",
                r.try_get::<String, _>("ref_key")?,
                r.try_get::<u64, _>("block_number")?,
                r.try_get::<u64, _>("log_index")?
            ),
            to: r.try_get("email")?,
            subject: format!("【游戏社区】{subject}"),
            body: format!("{line}{}", footer(public_url, &token)),
            account,
        };
        stored += store(&mut tx, &mail).await?;
    }
    set_cursor(&mut tx, "instant", to).await?;
    tx.commit().await?;
    Ok(stored)
}

/// A UTC day as YYYYMMDD, and the unix seconds it starts at.
fn day_of(unix: u64) -> (u64, u64) {
    let days = unix / 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    ((y * 10_000 + m * 100 + d) as u64, days * 86_400)
}

/// Once a UTC day is over, stores one digest per account of that day's notifications
/// of the kinds it mails `daily`; how many it stored.
pub async fn produce_daily(
    pool: &MySqlPool,
    public_url: &str,
    now: u64,
) -> Result<u64, sqlx::Error> {
    let (today, today_start) = day_of(now);
    let (yesterday, yesterday_start) = day_of(today_start - 1);
    let mut tx = pool.begin().await?;
    // A new outbox digests from yesterday on.
    let done = cursor(&mut tx, "daily", day_of(yesterday_start - 1).0).await?;
    if done >= yesterday || today <= done {
        tx.commit().await?;
        return Ok(0);
    }
    let rows = sqlx::query(&format!(
        "SELECT {NOTICE_COLUMNS} {NOTICE_JOINS} AND n.updated_at >= ? AND n.updated_at < ? \
         ORDER BY n.recipient, n.block_number, n.log_index"
    ))
    .bind(EmailMode::Daily.label())
    .bind(yesterday_start)
    .bind(today_start)
    .fetch_all(&mut *tx)
    .await?;
    let mut stored = 0;
    let mut i = 0;
    while i < rows.len() {
        let account: String = rows[i].try_get("recipient")?;
        let to: String = rows[i].try_get("email")?;
        let mut lines = Vec::new();
        while i < rows.len() && rows[i].try_get::<String, _>("recipient")? == account {
            if let Some(line) = notice_line(&rows[i], public_url)? {
                lines.push(line);
            }
            i += 1;
        }
        if lines.is_empty() {
            continue;
        }
        let token = unsubscribe_token(&mut tx, &account).await?;
        let date = format!(
            "{}-{:02}-{:02}",
            yesterday / 10_000,
            yesterday / 100 % 100,
            yesterday % 100
        );
        let mail = Mail {
            dedupe_key: format!("d:{account}:{yesterday}"),
            subject: format!("【游戏社区】{date} 的 {} 条通知", lines.len()),
            body: format!(
                "{date} 的通知：\n\n{}{}",
                lines.join("\n\n"),
                footer(public_url, &token)
            ),
            to,
            account,
        };
        stored += store(&mut tx, &mail).await?;
    }
    set_cursor(&mut tx, "daily", yesterday).await?;
    tx.commit().await?;
    Ok(stored)
}

/// A mail claimed for sending.
#[derive(Debug)]
struct Claimed {
    id: u64,
    to: String,
    subject: String,
    body: String,
    account: String,
}

/// Claims the oldest mail due (unsent, unleased, attempts left) for `lease`.
async fn claim(pool: &MySqlPool, lease: Duration) -> Result<Option<Claimed>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query(
        "SELECT id, CAST(to_address AS CHAR) AS to_address, CAST(subject AS CHAR) AS subject, \
         CAST(body AS CHAR) AS body, CAST(account AS CHAR) AS account FROM mail_outbox \
         WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?) AND attempts < ? \
         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .bind(now())
    .bind(MAX_ATTEMPTS)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        tx.commit().await?;
        return Ok(None);
    };
    let claimed = Claimed {
        id: row.try_get("id")?,
        to: row.try_get("to_address")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        account: row.try_get("account")?,
    };
    sqlx::query("UPDATE mail_outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id = ?")
        .bind(now() + lease.as_secs().max(1))
        .bind(claimed.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(claimed))
}

/// Sends what is due, one mail at a time; how many it sent.
pub async fn send_due(
    pool: &MySqlPool,
    mailer: &Mailer,
    cfg: &OutboxConfig,
) -> Result<u64, sqlx::Error> {
    let mut sent = 0;
    while let Some(m) = claim(pool, cfg.lease).await? {
        let token: Option<String> = sqlx::query_scalar(
            "SELECT CAST(token AS CHAR) FROM mail_unsubscribe WHERE account = ?",
        )
        .bind(&m.account)
        .fetch_optional(pool)
        .await?;
        let unsubscribe = token.map(|t| unsubscribe_url(&cfg.public_url, &t));
        match mailer
            .deliver(m.id, &m.to, &m.subject, &m.body, unsubscribe.as_deref())
            .await
        {
            Ok(()) => {
                sqlx::query("UPDATE mail_outbox SET sent_at = ?, claimed_until = NULL, last_error = NULL WHERE id = ?")
                    .bind(now())
                    .bind(m.id)
                    .execute(pool)
                    .await?;
                crate::metrics::MAIL_SENT.inc();
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(target: "graphql_api::outbox", id = m.id, error = %e, "mail not delivered; it is retried");
                let e: String = e.chars().take(500).collect();
                // Back off: the lease, doubled per attempt, before another try.
                sqlx::query(
                    "UPDATE mail_outbox SET last_error = ?, claimed_until = ? + (? << LEAST(attempts, 10)) WHERE id = ?",
                )
                .bind(e)
                .bind(now())
                .bind(cfg.lease.as_secs().max(1))
                .bind(m.id)
                .execute(pool)
                .await?;
            }
        }
        if !cfg.pause.is_zero() {
            tokio::time::sleep(cfg.pause).await;
        }
    }
    Ok(sent)
}

/// Runs the producers and the sender forever (each API process may: they share the
/// work through the database).
pub async fn run(pool: MySqlPool, mailer: Mailer, cfg: OutboxConfig) {
    let mut tick = tokio::time::interval(cfg.poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let pass = async {
            produce_instant(&pool, &cfg.public_url).await?;
            produce_daily(&pool, &cfg.public_url, now()).await?;
            send_due(&pool, &mailer, &cfg).await
        };
        if let Err(e) = pass.await {
            tracing::warn!(target: "graphql_api::outbox", error = %e, "the mail outbox pass failed; retrying");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_calendar_dates() {
        assert_eq!(day_of(0), (19_700_101, 0));
        // 2026-12-06 12:00 UTC.
        assert_eq!(day_of(1_796_558_400).0, 20_261_206);
        assert_eq!(day_of(951_782_400).0, 20_000_229);
        assert_eq!(day_of(951_868_799).0, 20_000_229);
        assert_eq!(day_of(951_868_800).0, 20_000_301);
    }

    #[test]
    fn sentences_name_the_actor_and_the_object() {
        let s = sentence(
            NotificationKind::TaskClaimed,
            Some("小明"),
            1,
            "代练上分",
            None,
        );
        assert_eq!(s, "小明 领取了你的任务《代练上分》");
        let s = sentence(NotificationKind::PostLiked, Some("小红"), 3, "攻略", None);
        assert_eq!(s, "小红 等 3 人赞了你的帖子《攻略》");
        let s = sentence(
            NotificationKind::PointsAwarded,
            None,
            1,
            "活动奖励",
            Some("50"),
        );
        assert_eq!(s, "你获得了 50 积分：活动奖励");
        for k in NotificationKind::ALL {
            assert!(!sentence(*k, Some("a"), 2, "t", Some("1")).is_empty());
        }
    }

    #[test]
    fn links_go_to_the_object_page() {
        assert_eq!(link("task", 7, None, Some(7)), "/task-market/7");
        assert_eq!(link("comment", 9, Some(3), None), "/post/3");
        assert_eq!(link("comment", 9, None, Some(4)), "/task-market/4");
        assert_eq!(link("account", 0, None, None), "/notifications/");
    }
}
