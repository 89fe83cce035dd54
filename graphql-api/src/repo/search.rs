//! Full-text search over tasks, communities and posts (see `indexer::search`), and
//! name lookups of mall items and users.

use std::collections::HashMap;

use read_model::{CommunityRow, ItemRow, POST, PostRow, TASK, TableSpec, TaskRow, UserRow};
use sqlx::{MySqlPool, QueryBuilder};

use super::{
    cache::cached, communities::communities_by_id, posts::posts_by_id, query::Sql,
    tasks::tasks_by_id,
};

/// Search hits of one kind: ids with their relevance, best first.
async fn search_ids(
    pool: &MySqlPool,
    sql: &str,
    q: &str,
    binds: usize,
    limit: u64,
) -> Result<Vec<u64>, sqlx::Error> {
    let mut query = sqlx::query_scalar(sql);
    for _ in 0..binds {
        query = query.bind(q);
    }
    query.bind(limit).fetch_all(pool).await
}

type Hits = (Vec<u64>, Vec<u64>, Vec<u64>);

/// How many of the newest rows [`recent_matches`] looks at.
const RECENT_ROWS: u64 = 20_000;

/// `LIKE` patterns for the tokens of a boolean `AGAINST` expression (`+tok` exact,
/// `+tok*` prefix), to match against `CONCAT(' ', search_terms, ' ')`.
fn like_patterns(against: &str) -> Vec<String> {
    against
        .split(' ')
        .filter_map(|t| {
            let t = t.strip_prefix('+')?;
            Some(match t.strip_suffix('*') {
                Some(prefix) => format!("% {prefix}%"),
                None => format!("% {t} %"),
            })
        })
        .collect()
}

/// The newest `limit` rows among the last [`RECENT_ROWS`] ids whose terms contain every
/// pattern, when there are that many (a common word); `None` otherwise.
async fn recent_matches(
    pool: &MySqlPool,
    (table, id_col): (&TableSpec, &str),
    extra: &str,
    patterns: &[String],
    limit: u64,
) -> Result<Option<Vec<u64>>, sqlx::Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let table = table.name;
    let max: Option<u64> = sqlx::query_scalar(&format!("SELECT MAX({id_col}) FROM `{table}`"))
        .fetch_one(pool)
        .await?;
    let Some(max) = max else {
        return Ok(None);
    };
    let mut qb: Sql =
        QueryBuilder::new(format!("SELECT {id_col} FROM `{table}` WHERE {id_col} > "));
    qb.push_bind(max.saturating_sub(RECENT_ROWS))
        .push(format_args!(" {extra}"));
    for p in patterns {
        qb.push(" AND CONCAT(' ', search_terms, ' ') LIKE ")
            .push_bind(p.clone());
    }
    qb.push(format_args!(" ORDER BY {id_col} DESC LIMIT "))
        .push_bind(limit);
    let ids: Vec<u64> = qb.build_query_scalar().fetch_all(pool).await?;
    Ok((ids.len() as u64 == limit).then_some(ids))
}

/// The ids `search` returns, best first.
async fn search_hits(pool: &MySqlPool, against: &str, limit: u64) -> Result<Hits, sqlx::Error> {
    // Tasks and post titles: a word found in many rows (so among the newest ones) is
    // answered from those, newest first, by walking the primary key backwards; only
    // rarer words are ranked by the FULLTEXT index, whose cost grows with the number
    // of matches (it scores every one).
    let patterns = like_patterns(against);
    let task_ids = match recent_matches(pool, (&TASK, "task_id"), "", &patterns, limit).await? {
        Some(ids) => ids,
        None => {
            search_ids(
                pool,
                "SELECT task_id, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM Task \
                 WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) ORDER BY score DESC, task_id DESC LIMIT ?",
                against,
                2,
                limit,
            )
            .await?
        }
    };
    let community_ids = search_ids(
        pool,
        "SELECT community_id, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM Community \
         WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) ORDER BY score DESC, member_count DESC LIMIT ?",
        against,
        2,
        limit,
    )
    .await?;
    if let Some(post_ids) = recent_matches(
        pool,
        (&POST, "post_id"),
        "AND removed = 0",
        &patterns,
        limit,
    )
    .await?
    {
        return Ok((task_ids, community_ids, post_ids));
    }
    // Posts: the best title hits and the best body hits, each bounded, merged here (a
    // title hit weighs double). Joining every body hit to its post would cost one lookup
    // per matching document.
    let title_hits: Vec<(u64, f64)> = sqlx::query_as(
        "SELECT post_id, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM Post \
         WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AND removed = 0 \
         ORDER BY score DESC, post_id DESC LIMIT ?",
    )
    .bind(against)
    .bind(against)
    .bind(limit * 2)
    .fetch_all(pool)
    .await?;
    let body_hits: Vec<(u64, f64)> = sqlx::query_as(
        "SELECT p.post_id, c.score FROM ( \
           SELECT hash, MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) AS score FROM content \
           WHERE MATCH(search_terms) AGAINST(? IN BOOLEAN MODE) ORDER BY score DESC LIMIT ? \
         ) c JOIN Post p ON p.content_hash = c.hash WHERE p.removed = 0",
    )
    .bind(against)
    .bind(against)
    .bind(limit * 4)
    .fetch_all(pool)
    .await?;
    let mut scores: HashMap<u64, f64> = HashMap::new();
    for (id, score) in title_hits {
        *scores.entry(id).or_default() += 2.0 * score;
    }
    for (id, score) in body_hits {
        *scores.entry(id).or_default() += score;
    }
    let mut ranked: Vec<(u64, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let post_ids: Vec<u64> = ranked
        .into_iter()
        .take(limit as usize)
        .map(|(id, _)| id)
        .collect();
    Ok((task_ids, community_ids, post_ids))
}

/// `text` as a `LIKE` pattern matching it anywhere (`%`, `_` and `\\` taken literally).
fn like_anywhere(text: &str) -> String {
    format!("%{}%", super::query::escape_like(text))
}

/// Active mall items whose name contains `text` (ASCII case-insensitively), best
/// sellers first. Items are few next to posts (a community lists dozens), so a scan of
/// the active ones is bounded by the mall's size, not the chain's.
async fn item_ids(pool: &MySqlPool, text: &str, limit: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT item_id FROM Item WHERE active = 1 AND LOWER(name) LIKE LOWER(?) \
         ORDER BY sold DESC, item_id DESC LIMIT ?",
    )
    .bind(like_anywhere(text))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Users whose username starts with `text` as typed or with its first letter
/// capitalised (`ali` finds `Alice`), by the username index; shortest names first.
async fn user_ids(pool: &MySqlPool, text: &str, limit: u64) -> Result<Vec<u64>, sqlx::Error> {
    if text.contains(char::is_whitespace) {
        return Ok(vec![]);
    }
    let mut chars = text.chars();
    let capitalised: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let prefix = |t: &str| format!("{}%", super::query::escape_like(t));
    sqlx::query_scalar(
        "SELECT user_id FROM `User` WHERE username LIKE ? OR username LIKE ? \
         ORDER BY CHAR_LENGTH(username), username LIMIT ?",
    )
    .bind(prefix(text))
    .bind(prefix(&capitalised))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// What [`search`] found, each kind best first.
#[derive(Debug, Default)]
pub struct Found {
    /// Tasks.
    pub tasks: Vec<TaskRow>,
    /// Communities.
    pub communities: Vec<CommunityRow>,
    /// Posts.
    pub posts: Vec<PostRow>,
    /// Mall items.
    pub items: Vec<ItemRow>,
    /// Users.
    pub users: Vec<UserRow>,
}

/// Reorders `rows` (loaded by id in no order) as `ids`.
fn in_order<R>(ids: &[u64], mut rows: Vec<R>, id: impl Fn(&R) -> u64) -> Vec<R> {
    rows.sort_by_key(|r| ids.iter().position(|&x| x == id(r)).unwrap_or(usize::MAX));
    rows
}

/// Full-text search (see `indexer::search`): tasks, communities and posts whose titles,
/// names or themes (and, for posts, stored bodies) contain every word of `against`,
/// best match first; and mall items whose name contains `text`, and users whose
/// username starts with it.
pub async fn search(
    pool: &MySqlPool,
    against: &str,
    text: &str,
    limit: u64,
) -> Result<Found, sqlx::Error> {
    let text = text.trim();
    let key = format!("search|{against}|{text}|{limit}");
    let ((task_ids, community_ids, post_ids), item_hits, user_hits) = cached(pool, &key, async {
        let hits = search_hits(pool, against, limit).await?;
        let items = item_ids(pool, text, limit).await?;
        let users = user_ids(pool, text, limit).await?;
        Ok((hits, items, users))
    })
    .await?;
    let items = super::query::by_keys(pool, "item_id", &item_hits).await?;
    let users = super::query::by_keys(pool, "user_id", &user_hits).await?;
    Ok(Found {
        tasks: in_order(&task_ids, tasks_by_id(pool, &task_ids).await?, |t| {
            t.task_id
        }),
        communities: in_order(
            &community_ids,
            communities_by_id(pool, &community_ids).await?,
            |c| c.community_id,
        ),
        posts: in_order(&post_ids, posts_by_id(pool, &post_ids).await?, |p| {
            p.post_id
        }),
        items: in_order(&item_hits, items, |i: &ItemRow| i.item_id),
        users: in_order(&user_hits, users, |u: &UserRow| u.user_id),
    })
}

#[cfg(test)]
mod tests {
    use super::like_anywhere;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_anywhere("礼包"), "%礼包%");
        assert_eq!(like_anywhere("100%_"), "%100\\%\\_%");
    }
}
