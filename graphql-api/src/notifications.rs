//! Notifications: the chain-derived `Notification` rows (the indexer writes them) read
//! for their recipient, and the per-account state the API owns: how far each account has
//! read (`notification_read`), which kinds it wants mailed (`notification_pref`), and
//! whom it blocked (`user_block`). Storage only; who may read what is `schema::notifications`.
//!
//! A recipient's notifications are ordered by the log that last changed them (block,
//! log index): a batched like that grows moves to the top and is unread again. "Read"
//! is a watermark: every notification at or before the account's position is read.

use crate::repo::Page;
use read_model::{NotificationKind, NotificationRow};
use sqlx::{MySql, MySqlPool, QueryBuilder};

/// A log position: (block number, log index).
pub type Position = (u64, u64);

/// The most accounts one account may block.
pub const MAX_BLOCKED: i64 = 500;

/// An account's read watermark ((0, 0) when it never read any).
pub async fn read_mark(pool: &MySqlPool, account: &str) -> Result<Position, sqlx::Error> {
    let r: Option<(u64, u64)> = sqlx::query_as(
        "SELECT block_number, CAST(log_index AS UNSIGNED) FROM notification_read WHERE account = ?",
    )
    .bind(account)
    .fetch_optional(pool)
    .await?;
    Ok(r.unwrap_or((0, 0)))
}

/// The accounts `account` blocked, in blocking order.
pub async fn blocked(pool: &MySqlPool, account: &str) -> Result<Vec<(String, u64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(blocked AS CHAR), created_at FROM user_block WHERE blocker = ? ORDER BY created_at, blocked",
    )
    .bind(account)
    .fetch_all(pool)
    .await
}

/// Just the addresses `account` blocked (what reads filter out for it).
pub async fn blocked_addresses(
    pool: &MySqlPool,
    account: &str,
) -> Result<Vec<String>, sqlx::Error> {
    Ok(blocked(pool, account)
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// What [`block`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Blocked {
    /// Blocked (or already was).
    Done,
    /// [`MAX_BLOCKED`] accounts are blocked already.
    Full,
}

/// `blocker` blocks `blocked` (idempotent).
pub async fn block(
    pool: &MySqlPool,
    blocker: &str,
    blocked: &str,
    now: u64,
) -> Result<Blocked, sqlx::Error> {
    // The cap is checked in the statement that inserts, under the blocker's rows' lock.
    let mut tx = pool.begin().await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_block WHERE blocker = ? FOR UPDATE")
        .bind(blocker)
        .fetch_one(&mut *tx)
        .await?;
    let exists: Option<u64> =
        sqlx::query_scalar("SELECT created_at FROM user_block WHERE blocker = ? AND blocked = ?")
            .bind(blocker)
            .bind(blocked)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_some() {
        return Ok(Blocked::Done);
    }
    if n >= MAX_BLOCKED {
        return Ok(Blocked::Full);
    }
    sqlx::query("INSERT INTO user_block (blocker, blocked, created_at) VALUES (?, ?, ?)")
        .bind(blocker)
        .bind(blocked)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Blocked::Done)
}

/// `blocker` unblocks `blocked`; whether it had been blocked.
pub async fn unblock(pool: &MySqlPool, blocker: &str, blocked: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM user_block WHERE blocker = ? AND blocked = ?")
        .bind(blocker)
        .bind(blocked)
        .execute(pool)
        .await?;
    Ok(r.rows_affected() > 0)
}

type Sql = QueryBuilder<'static, MySql>;

/// ` AND` the notification is after `mark`.
fn push_after(qb: &mut Sql, mark: Position) {
    qb.push(" AND (block_number > ")
        .push_bind(mark.0)
        .push(" OR (block_number = ")
        .push_bind(mark.0)
        .push(" AND log_index > ")
        .push_bind(mark.1)
        .push("))");
}

/// ` AND` the actor is none of `blocked`.
fn push_not_blocked(qb: &mut Sql, blocked: &[String]) {
    if blocked.is_empty() {
        return;
    }
    qb.push(" AND (actor IS NULL OR actor NOT IN (");
    let mut list = qb.separated(", ");
    for b in blocked {
        list.push_bind(b.clone());
    }
    qb.push("))");
}

/// A page of `account`'s notifications, newest first: unread ones only (after `mark`)
/// if `unread_only`, none whose actor it blocked.
pub async fn list(
    pool: &MySqlPool,
    account: &str,
    mark: Option<Position>,
    blocked: &[String],
    (offset, limit): (u64, u64),
) -> Result<Page<NotificationRow>, sqlx::Error> {
    let filter = |qb: &mut Sql| {
        qb.push(" WHERE recipient = ").push_bind(account.to_owned());
        if let Some(mark) = mark {
            push_after(qb, mark);
        }
        push_not_blocked(qb, blocked);
    };
    let mut rows: Sql = QueryBuilder::new(format!(
        "SELECT {} FROM Notification",
        NotificationRow::SELECT
    ));
    filter(&mut rows);
    rows.push(" ORDER BY block_number DESC, log_index DESC, ref_key DESC LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows: Vec<NotificationRow> = rows.build_query_as().fetch_all(pool).await?;
    let mut count: Sql = QueryBuilder::new("SELECT COUNT(*) FROM Notification");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    Ok(Page { rows, total })
}

/// One of `account`'s notifications by its id (`ref_key`).
pub async fn one(
    pool: &MySqlPool,
    account: &str,
    id: &str,
) -> Result<Option<NotificationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {} FROM Notification WHERE recipient = ? AND ref_key = ?",
        NotificationRow::SELECT
    ))
    .bind(account)
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The most unread notifications counted (a badge shows "99+" long before).
pub const MAX_UNREAD_COUNT: i64 = 1000;

/// How many of `account`'s notifications are unread (at most [`MAX_UNREAD_COUNT`]).
pub async fn unread_count(
    pool: &MySqlPool,
    account: &str,
    blocked: &[String],
) -> Result<i64, sqlx::Error> {
    let mark = read_mark(pool, account).await?;
    let mut qb: Sql =
        QueryBuilder::new("SELECT COUNT(*) FROM (SELECT 1 FROM Notification WHERE recipient = ");
    qb.push_bind(account.to_owned());
    push_after(&mut qb, mark);
    push_not_blocked(&mut qb, blocked);
    qb.push(" LIMIT ")
        .push_bind(MAX_UNREAD_COUNT)
        .push(") AS unread");
    qb.build_query_scalar().fetch_one(pool).await
}

/// The newest position among `account`'s notifications.
async fn newest(pool: &MySqlPool, account: &str) -> Result<Option<Position>, sqlx::Error> {
    sqlx::query_as(
        "SELECT block_number, CAST(log_index AS UNSIGNED) FROM Notification WHERE recipient = ? \
         ORDER BY block_number DESC, log_index DESC LIMIT 1",
    )
    .bind(account)
    .fetch_optional(pool)
    .await
}

/// What [`mark_read`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Marked {
    /// The watermark is at least this far now.
    Done,
    /// `up_to` names no notification of the account.
    NotFound,
}

/// Marks read every notification of `account` up to and including `up_to` (its id), or
/// all of them. The watermark only moves forward: a page marking an older entry after a
/// newer one was marked changes nothing.
pub async fn mark_read(
    pool: &MySqlPool,
    account: &str,
    up_to: Option<&str>,
    now: u64,
) -> Result<Marked, sqlx::Error> {
    let position = match up_to {
        Some(id) => match one(pool, account, id).await? {
            Some(n) => Some((n.block_number, n.log_index)),
            None => return Ok(Marked::NotFound),
        },
        None => newest(pool, account).await?,
    };
    let Some((block, log)) = position else {
        return Ok(Marked::Done);
    };
    // `log_index` is assigned first, while `block_number` still holds the old value.
    sqlx::query(
        "INSERT INTO notification_read (account, block_number, log_index, updated_at) VALUES (?, ?, ?, ?) \
         ON DUPLICATE KEY UPDATE \
           log_index = IF(block_number < VALUES(block_number) OR (block_number = VALUES(block_number) AND log_index < VALUES(log_index)), VALUES(log_index), log_index), \
           block_number = GREATEST(block_number, VALUES(block_number)), \
           updated_at = VALUES(updated_at)",
    )
    .bind(account)
    .bind(block)
    .bind(log)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(Marked::Done)
}

/// How a kind of notification is mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailMode {
    /// Not mailed (the default).
    Off,
    /// One mail per notification, as it happens.
    Instant,
    /// Collected into one mail a day.
    Daily,
}

impl EmailMode {
    /// The stored label.
    pub fn label(self) -> &'static str {
        match self {
            EmailMode::Off => "off",
            EmailMode::Instant => "instant",
            EmailMode::Daily => "daily",
        }
    }

    /// The mode a stored label names.
    pub fn from_label(s: &str) -> Option<Self> {
        [EmailMode::Off, EmailMode::Instant, EmailMode::Daily]
            .into_iter()
            .find(|m| m.label() == s)
    }
}

/// `account`'s mail setting for every kind (`Off` where it set none).
pub async fn prefs(
    pool: &MySqlPool,
    account: &str,
) -> Result<Vec<(NotificationKind, EmailMode)>, sqlx::Error> {
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, CAST(email AS CHAR) FROM notification_pref WHERE account = ?")
            .bind(account)
            .fetch_all(pool)
            .await?;
    Ok(NotificationKind::ALL
        .iter()
        .map(|k| {
            let mode = stored
                .iter()
                .find(|(kind, _)| kind == k.label())
                .and_then(|(_, m)| EmailMode::from_label(m))
                .unwrap_or(EmailMode::Off);
            (*k, mode)
        })
        .collect())
}

/// Sets `account`'s mail settings for these kinds (others unchanged), in one transaction.
pub async fn set_prefs(
    pool: &MySqlPool,
    account: &str,
    settings: &[(NotificationKind, EmailMode)],
    now: u64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for (kind, mode) in settings {
        if *mode == EmailMode::Off {
            sqlx::query("DELETE FROM notification_pref WHERE account = ? AND kind = ?")
                .bind(account)
                .bind(kind.label())
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query(
                "INSERT INTO notification_pref (account, kind, email, updated_at) VALUES (?, ?, ?, ?) \
                 ON DUPLICATE KEY UPDATE email = VALUES(email), updated_at = VALUES(updated_at)",
            )
            .bind(account)
            .bind(kind.label())
            .bind(mode.label())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

/// Turns every kind `account` mails off (the unsubscribe link), or just `kind`.
pub async fn unsubscribe(
    pool: &MySqlPool,
    account: &str,
    kind: Option<NotificationKind>,
) -> Result<(), sqlx::Error> {
    match kind {
        Some(k) => {
            sqlx::query("DELETE FROM notification_pref WHERE account = ? AND kind = ?")
                .bind(account)
                .bind(k.label())
                .execute(pool)
                .await?
        }
        None => {
            sqlx::query("DELETE FROM notification_pref WHERE account = ?")
                .bind(account)
                .execute(pool)
                .await?
        }
    };
    Ok(())
}
