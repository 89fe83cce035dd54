//! Reports (举报) and the moderation queue's storage (`report`, off chain), and the
//! chain-derived moderation log (`ModerationAction`). Who may see or handle what is
//! `schema::moderation`.
//!
//! A report is never marked "handled" by a button: it is `actioned` when the chain shows
//! the object gone (the post or comment removed, the item taken off sale, the task
//! cancelled or expired) or its author banned from the community, read from the chain
//! tables at query time; only a dismissal (with the moderator's note) is written here.

use crate::repo::Page;
use read_model::ModerationActionRow;
use sqlx::{MySql, MySqlPool, QueryBuilder};

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A post.
    Post,
    /// A comment.
    Comment,
    /// A task.
    Task,
    /// A mall item.
    Item,
    /// A player.
    User,
}

impl Target {
    /// The stored label.
    pub fn label(self) -> &'static str {
        match self {
            Target::Post => "post",
            Target::Comment => "comment",
            Target::Task => "task",
            Target::Item => "item",
            Target::User => "user",
        }
    }

    /// The target a stored label names.
    pub fn from_label(s: &str) -> Option<Self> {
        [
            Target::Post,
            Target::Comment,
            Target::Task,
            Target::Item,
            Target::User,
        ]
        .into_iter()
        .find(|t| t.label() == s)
    }
}

/// A report with what the chain says of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Report {
    /// Its id.
    pub id: u64,
    /// Who reported (lowercase 0x hex).
    pub reporter: String,
    /// `post`, `comment`, `task`, `item` or `user`.
    pub target: String,
    /// The object's id, or the user's address.
    pub target_id: String,
    /// The community the object belongs to.
    pub community_id: Option<u64>,
    /// The object's author (the user, for a user).
    pub target_author: Option<String>,
    /// `spam`, `abuse`, `cheating`, `scam`, `illegal` or `other`.
    pub reason: String,
    /// The reporter's note.
    pub note: Option<String>,
    /// Unix seconds.
    pub created_at: u64,
    /// When a moderator dismissed it.
    pub dismissed_at: Option<u64>,
    /// Who dismissed it.
    pub dismissed_by: Option<String>,
    /// Why.
    pub dismiss_note: Option<String>,
    /// `open`, `actioned` or `dismissed`.
    pub status: String,
    /// The object's title or name now.
    pub target_title: Option<String>,
    /// For a comment: what it is on (`帖子`, `任务`, `社区`).
    pub parent_type: Option<String>,
    /// For a comment: the id of what it is on.
    pub parent_id: Option<u64>,
    /// For a post or a comment: its body document's hash (what the moderator reads).
    pub target_content: Option<String>,
}

/// The report's columns and, computed from the chain tables, its status, the object's
/// title and (for a comment) its parent.
const SELECT: &str = "SELECT r.id, CAST(r.reporter AS CHAR) AS reporter, CAST(r.target AS CHAR) AS target, \
    CAST(r.target_id AS CHAR) AS target_id, r.community_id, CAST(r.target_author AS CHAR) AS target_author, \
    CAST(r.reason AS CHAR) AS reason, CAST(r.note AS CHAR) AS note, r.created_at, r.dismissed_at, \
    CAST(r.dismissed_by AS CHAR) AS dismissed_by, CAST(r.dismiss_note AS CHAR) AS dismiss_note, \
    CAST(CASE \
      WHEN r.dismissed_at IS NOT NULL THEN 'dismissed' \
      WHEN (r.target = 'post' AND EXISTS (SELECT 1 FROM Post p WHERE p.post_id = r.target_num AND p.removed = 1)) \
        OR (r.target = 'comment' AND EXISTS (SELECT 1 FROM Comment c WHERE c.comment_id = r.target_num AND c.removed = 1)) \
        OR (r.target = 'item' AND EXISTS (SELECT 1 FROM Item i WHERE i.item_id = r.target_num AND i.active = 0)) \
        OR (r.target = 'task' AND EXISTS (SELECT 1 FROM Task t WHERE t.task_id = r.target_num AND t.task_status IN ('已取消', '过期'))) \
        OR (r.target_author IS NOT NULL AND r.community_id IS NOT NULL AND EXISTS ( \
              SELECT 1 FROM Member m WHERE m.community_id = r.community_id AND m.account = r.target_author AND m.status = 'banned')) \
      THEN 'actioned' ELSE 'open' END AS CHAR) AS status, \
    CAST(CASE r.target \
      WHEN 'post' THEN (SELECT post_title FROM Post WHERE post_id = r.target_num) \
      WHEN 'comment' THEN (SELECT COALESCE(p.post_title, t.task_name) FROM Comment c \
          LEFT JOIN Post p ON c.comment_object_type = '帖子' AND p.post_id = c.target_id \
          LEFT JOIN Task t ON c.comment_object_type = '任务' AND t.task_id = c.target_id \
          WHERE c.comment_id = r.target_num) \
      WHEN 'task' THEN (SELECT task_name FROM Task WHERE task_id = r.target_num) \
      WHEN 'item' THEN (SELECT name FROM Item WHERE item_id = r.target_num) \
      ELSE (SELECT username FROM `User` WHERE ethereum_address = r.target_id) END AS CHAR) AS target_title, \
    (SELECT CAST(c.comment_object_type AS CHAR) FROM Comment c WHERE r.target = 'comment' AND c.comment_id = r.target_num) AS parent_type, \
    (SELECT c.target_id FROM Comment c WHERE r.target = 'comment' AND c.comment_id = r.target_num) AS parent_id, \
    CAST(CASE r.target \
      WHEN 'post' THEN (SELECT content_hash FROM Post WHERE post_id = r.target_num) \
      WHEN 'comment' THEN (SELECT content_hash FROM Comment WHERE comment_id = r.target_num) \
      END AS CHAR) AS target_content \
    FROM report r";

/// What the object of a report is, as the chain tables have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The community it belongs to (a user belongs to none).
    pub community_id: Option<u64>,
    /// Its author, publisher, lister or the user.
    pub author: Option<String>,
}

/// The object a report would be about, or `None` when the chain tables lack it.
pub async fn object(
    pool: &MySqlPool,
    target: Target,
    id: &str,
) -> Result<Option<Object>, sqlx::Error> {
    let num = id.parse::<u64>().ok();
    let sql = match target {
        Target::Post => "SELECT community_id, CAST(author AS CHAR) FROM Post WHERE post_id = ?",
        Target::Task => "SELECT community_id, CAST(publisher AS CHAR) FROM Task WHERE task_id = ?",
        Target::Item => "SELECT community_id, CAST(listed_by AS CHAR) FROM Item WHERE item_id = ?",
        Target::Comment => {
            "SELECT CASE c.comment_object_type WHEN '帖子' THEN p.community_id WHEN '任务' THEN t.community_id \
             ELSE c.target_id END, CAST(c.author AS CHAR) FROM Comment c \
             LEFT JOIN Post p ON c.comment_object_type = '帖子' AND p.post_id = c.target_id \
             LEFT JOIN Task t ON c.comment_object_type = '任务' AND t.task_id = c.target_id \
             WHERE c.comment_id = ?"
        }
        Target::User => {
            let r: Option<(String,)> = sqlx::query_as(
                "SELECT CAST(ethereum_address AS CHAR) FROM `User` WHERE ethereum_address = ?",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            return Ok(r.map(|(a,)| Object {
                community_id: None,
                author: Some(a),
            }));
        }
    };
    let Some(num) = num else {
        return Ok(None);
    };
    let r: Option<(Option<u64>, Option<String>)> =
        sqlx::query_as(sql).bind(num).fetch_optional(pool).await?;
    Ok(r.map(|(community_id, author)| Object {
        community_id,
        author,
    }))
}

/// A report to store (checked by the caller).
#[derive(Debug)]
pub struct NewReport<'a> {
    /// Who reports.
    pub reporter: &'a str,
    /// What about.
    pub target: Target,
    /// The object's id or the user's address.
    pub target_id: &'a str,
    /// Where.
    pub community_id: Option<u64>,
    /// Whose.
    pub target_author: Option<&'a str>,
    /// Why (a stored reason label).
    pub reason: &'a str,
    /// The reporter's words.
    pub note: Option<&'a str>,
}

/// What [`create`] did.
#[derive(Debug)]
pub enum Created {
    /// Stored, with this id.
    Stored(u64),
    /// The reporter has an open report on this object already.
    Duplicate,
}

/// Stores a report (one open report per reporter and object).
pub async fn create(pool: &MySqlPool, r: &NewReport<'_>, now: u64) -> Result<Created, sqlx::Error> {
    let open_key = format!("{}:{}", r.target.label(), r.target_id);
    let result = sqlx::query(
        "INSERT INTO report (reporter, target, target_id, target_num, community_id, target_author, reason, note, open_key, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.reporter)
    .bind(r.target.label())
    .bind(r.target_id)
    .bind(r.target_id.parse::<u64>().ok().filter(|_| r.target != Target::User))
    .bind(r.community_id)
    .bind(r.target_author)
    .bind(r.reason)
    .bind(r.note)
    .bind(open_key)
    .bind(now)
    .execute(pool)
    .await;
    match result {
        Ok(done) => Ok(Created::Stored(done.last_insert_id())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Created::Duplicate),
        Err(e) => Err(e),
    }
}

/// One report.
pub async fn get(pool: &MySqlPool, id: u64) -> Result<Option<Report>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Whose reports a list shows.
#[derive(Debug, Clone)]
pub enum Scope {
    /// One reporter's own.
    Reporter(String),
    /// Those about one community's content.
    Community(u64),
    /// Those about the content of every community `account` is an admin of.
    AdminOf(String),
    /// All (the system admin).
    All,
}

/// A page of reports, newest first, of one status if given.
pub async fn list(
    pool: &MySqlPool,
    scope: &Scope,
    status: Option<&str>,
    (offset, limit): (u64, u64),
) -> Result<Page<Report>, sqlx::Error> {
    let inner = |qb: &mut QueryBuilder<'static, MySql>| {
        qb.push(SELECT).push(" WHERE 1 = 1");
        match scope {
            Scope::Reporter(a) => {
                qb.push(" AND r.reporter = ").push_bind(a.clone());
            }
            Scope::Community(c) => {
                qb.push(" AND r.community_id = ").push_bind(*c);
            }
            Scope::AdminOf(a) => {
                qb.push(
                    " AND r.community_id IN (SELECT community_id FROM Member WHERE is_admin = 1 AND status = 'member' AND account = ",
                )
                .push_bind(a.clone())
                .push(")");
            }
            Scope::All => {}
        }
    };
    let outer = |qb: &mut QueryBuilder<'static, MySql>| {
        if let Some(s) = status {
            qb.push(" WHERE q.status = ").push_bind(s.to_owned());
        }
    };
    let mut rows = QueryBuilder::new("SELECT * FROM (");
    inner(&mut rows);
    rows.push(") AS q");
    outer(&mut rows);
    rows.push(" ORDER BY q.id DESC LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows: Vec<Report> = rows.build_query_as().fetch_all(pool).await?;
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM (");
    inner(&mut count);
    count.push(") AS q");
    outer(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    Ok(Page { rows, total })
}

/// Dismisses an open report; whether it was open (not dismissed before).
pub async fn dismiss(
    pool: &MySqlPool,
    id: u64,
    by: &str,
    note: &str,
    now: u64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE report SET dismissed_at = ?, dismissed_by = ?, dismiss_note = ?, open_key = NULL \
         WHERE id = ? AND dismissed_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(note)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The moderation that acted on `report`, if the log has one: the removal of its post or
/// comment, or its author's ban from its community (the latest).
pub async fn action_on(
    pool: &MySqlPool,
    report: &Report,
) -> Result<Option<ModerationActionRow>, sqlx::Error> {
    let num = report.target_id.parse::<u64>().ok();
    let removal = match report.target.as_str() {
        "post" => Some("post_removed"),
        "comment" => Some("comment_removed"),
        _ => None,
    };
    let mut qb: QueryBuilder<'static, MySql> = QueryBuilder::new(format!(
        "SELECT {} FROM ModerationAction WHERE (1 = 0",
        ModerationActionRow::SELECT
    ));
    if let (Some(kind), Some(num)) = (removal, num) {
        qb.push(" OR (kind = ")
            .push_bind(kind)
            .push(" AND target_id = ")
            .push_bind(num)
            .push(")");
    }
    if let (Some(c), Some(author)) = (report.community_id, &report.target_author) {
        qb.push(" OR (kind = 'member_banned' AND community_id = ")
            .push_bind(c)
            .push(" AND target_account = ")
            .push_bind(author.clone())
            .push(")");
    }
    qb.push(") ORDER BY action_id DESC LIMIT 1");
    qb.build_query_as().fetch_optional(pool).await
}

/// A page of a community's moderation log, newest first.
pub async fn moderation_log(
    pool: &MySqlPool,
    community: u64,
    (offset, limit): (u64, u64),
) -> Result<Page<ModerationActionRow>, sqlx::Error> {
    let rows = sqlx::query_as(&format!(
        "SELECT {} FROM ModerationAction WHERE community_id = ? ORDER BY action_id DESC LIMIT ? OFFSET ?",
        ModerationActionRow::SELECT
    ))
    .bind(community)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ModerationAction WHERE community_id = ?")
            .bind(community)
            .fetch_one(pool)
            .await?;
    Ok(Page { rows, total })
}
