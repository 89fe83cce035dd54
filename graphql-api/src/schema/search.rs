//! `search`: tasks, communities and posts by relevance, Chinese and English; mall items
//! and users by name.

use super::{
    loaders::{Community, User},
    mall::Item,
    posts::Post,
    tasks::Task,
};
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
    /// Mall items for sale whose name contains the query, best sellers first.
    pub items: Vec<Item>,
    /// Users whose username starts with the query (its first letter in either case),
    /// shortest names first.
    pub users: Vec<User>,
}

/// The search query.
#[derive(Default)]
pub struct SearchQuery;

/// The longest query accepted, in characters.
const MAX_QUERY_CHARS: usize = 100;

#[Object]
impl SearchQuery {
    /// Tasks, communities and posts containing every word of `query` (English words
    /// match as prefixes; Chinese matches by characters), ranked by relevance; mall
    /// items whose name contains `query` and users whose username starts with it.
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
        let found = repo::search(pool, &against, &query, first as u64)
            .await
            .map_err(internal)?;
        Ok(SearchResults {
            tasks: found.tasks.into_iter().map(Task).collect(),
            communities: found.communities.into_iter().map(Community).collect(),
            posts: found.posts.into_iter().map(Post).collect(),
            items: found.items.into_iter().map(Item::from).collect(),
            users: found.users.into_iter().map(User).collect(),
        })
    }
}
