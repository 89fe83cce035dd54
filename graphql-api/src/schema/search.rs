//! `search`: tasks, communities and posts by relevance, Chinese and English.

use super::{loaders::Community, posts::Post, tasks::Task};
use crate::{
    error::{ApiResult, bad_input, internal},
    repo,
};
use async_graphql::{Context, Object, SimpleObject};
use sqlx::MySqlPool;

/// What matched, best first.
#[derive(SimpleObject, Default)]
pub struct SearchResults {
    /// Tasks whose title matches.
    pub tasks: Vec<Task>,
    /// Communities whose name or theme matches.
    pub communities: Vec<Community>,
    /// Posts whose title or body matches (removed ones left out).
    pub posts: Vec<Post>,
}

/// The search query.
#[derive(Default)]
pub struct SearchQuery;

/// The longest query accepted, in characters.
const MAX_QUERY_CHARS: usize = 100;

#[Object]
impl SearchQuery {
    /// Tasks, communities and posts containing every word of `query` (English words
    /// match as prefixes; Chinese matches by characters), ranked by relevance.
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        #[graphql(default = 10)] first: i32,
    ) -> ApiResult<SearchResults> {
        if !(1..=50).contains(&first) {
            return Err(bad_input("first must be between 1 and 50"));
        }
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(bad_input(format!(
                "a search query has at most {MAX_QUERY_CHARS} characters"
            )));
        }
        let Some(against) = read_model::search::query(&query) else {
            return Ok(SearchResults::default());
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        let (tasks, communities, posts) = repo::search(pool, &against, first as u64)
            .await
            .map_err(internal)?;
        Ok(SearchResults {
            tasks: tasks.into_iter().map(Task).collect(),
            communities: communities.into_iter().map(Community).collect(),
            posts: posts.into_iter().map(Post).collect(),
        })
    }
}
