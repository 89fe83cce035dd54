//! Full-text search over tasks, communities and posts (see `indexer::search`).

use std::collections::HashMap;

use read_model::{CommunityRow, POST, PostRow, TASK, TableSpec, TaskRow};
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

/// Full-text search (see `indexer::search`): tasks, communities and posts whose titles,
/// names or themes (and, for posts, stored bodies) contain every word of `against`,
/// best match first.
pub async fn search(
    pool: &MySqlPool,
    against: &str,
    limit: u64,
) -> Result<(Vec<TaskRow>, Vec<CommunityRow>, Vec<PostRow>), sqlx::Error> {
    let key = format!("search|{against}|{limit}");
    let (task_ids, community_ids, post_ids) = cached(pool, &key, async {
        search_hits(pool, against, limit).await
    })
    .await?;
    let order = |ids: &[u64], id: u64| ids.iter().position(|&x| x == id).unwrap_or(usize::MAX);
    let mut tasks = tasks_by_id(pool, &task_ids).await?;
    tasks.sort_by_key(|t| order(&task_ids, t.task_id));
    let mut communities = communities_by_id(pool, &community_ids).await?;
    communities.sort_by_key(|c| order(&community_ids, c.community_id));
    let mut posts = posts_by_id(pool, &post_ids).await?;
    posts.sort_by_key(|p| order(&post_ids, p.post_id));
    Ok((tasks, communities, posts))
}
