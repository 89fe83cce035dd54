//! The GraphQL schema: one object per domain, merged.

pub mod community;
pub mod loaders;
pub mod market;
pub mod post;
pub mod status;
pub mod task;
pub mod types;
pub mod user;

use async_graphql::{
    EmptyMutation, EmptySubscription, MergedObject, Schema, dataloader::DataLoader,
};
use sqlx::MySqlPool;

/// Every query.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    task::TaskQuery,
    community::CommunityQuery,
    post::PostQuery,
    market::MarketQuery,
    user::UserQuery,
    status::StatusQuery,
);

/// The schema type.
pub type ApiSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Query depth and complexity limits (a client cannot make the server do unbounded work).
pub const MAX_DEPTH: usize = 12;
/// See [`MAX_DEPTH`].
pub const MAX_COMPLEXITY: usize = 2_000;

/// Builds the schema over `pool`.
pub fn build(pool: MySqlPool) -> ApiSchema {
    Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription)
        .data(DataLoader::new(
            loaders::CommunityLoader(pool.clone()),
            tokio::spawn,
        ))
        .data(DataLoader::new(
            loaders::UserLoader(pool.clone()),
            tokio::spawn,
        ))
        .data(pool)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The schema in SDL (the repository's `schema.graphql`).
pub fn sdl() -> String {
    Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
