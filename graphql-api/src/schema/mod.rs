//! The GraphQL schema: one object per domain, merged.

pub mod account;
pub mod community;
pub mod content;
pub mod context;
pub mod live;
pub mod loaders;
pub mod market;
pub mod order;
pub mod post;
pub mod search;
pub mod social;
pub mod status;
pub mod task;
pub mod types;
pub mod user;

use crate::{auth::Auth, limits::AliasLimit};
use async_graphql::{MergedObject, Schema, dataloader::DataLoader};
use sqlx::MySqlPool;
use std::sync::Arc;

/// Every query.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    task::TaskQuery,
    community::CommunityQuery,
    post::PostQuery,
    market::MarketQuery,
    order::OrderQuery,
    social::SocialQuery,
    user::UserQuery,
    account::AccountQuery,
    search::SearchQuery,
    content::ContentQuery,
    status::StatusQuery,
);

/// Every mutation: accounts and the content store (chain writes go to the wallet).
#[derive(MergedObject, Default)]
pub struct MutationRoot(account::AccountMutation, content::ContentMutation);

/// The schema type.
pub type ApiSchema = Schema<QueryRoot, MutationRoot, live::SubscriptionRoot>;

/// Query depth and complexity limits (a client cannot make the server do unbounded work).
pub const MAX_DEPTH: usize = 12;
/// See [`MAX_DEPTH`].
pub const MAX_COMPLEXITY: usize = 2_000;

/// Builds the schema over `pool`.
pub fn build(pool: MySqlPool, auth: Arc<Auth>, live: crate::live::Live) -> ApiSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    .data(DataLoader::new(
        loaders::CommunityLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        loaders::UserLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        content::ContentLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        loaders::CommentCountLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        task::ReleasedClaimersLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(pool)
    .data(auth)
    .data(live)
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .extension(AliasLimit(crate::limits::MAX_ALIASES))
    .extension(crate::limits::QueryCost)
    .finish()
}

/// The schema in SDL (the repository's `schema.graphql`).
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    .finish()
    .sdl()
}
