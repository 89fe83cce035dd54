//! DataLoaders: relations resolve in one query per page, not one per object.
//!
//! The two objects every domain links to, [`User`] and [`Community`], are declared here,
//! beside the loaders that fetch them, so that a domain module links to them without
//! importing another domain module: their fields are resolved in `profiles.rs` and
//! `communities.rs`, and no schema module imports another in a circle.

use crate::{
    error::ApiResult,
    repo::{self, CommunityRow, UserRow},
};
use async_graphql::{
    Context,
    dataloader::{DataLoader, Loader},
};
use sqlx::MySqlPool;
use std::{collections::HashMap, sync::Arc};

/// A registered player (its fields: `profiles.rs`).
pub struct User(pub UserRow);

/// A game community (its fields: `communities.rs`).
pub struct Community(pub CommunityRow);

/// The account registered at `address` (stored lowercase form), through the page's loader.
pub async fn user(ctx: &Context<'_>, address: &str) -> ApiResult<Option<User>> {
    let loader = ctx.data_unchecked::<DataLoader<UserLoader>>();
    Ok(loader.load_one(address.to_owned()).await?.map(User))
}

/// The community `id`, through the page's loader.
pub async fn community(ctx: &Context<'_>, id: u64) -> ApiResult<Option<Community>> {
    let loader = ctx.data_unchecked::<DataLoader<CommunityLoader>>();
    Ok(loader.load_one(id).await?.map(Community))
}

/// How many comments the task or community `id` has, through the page's loader.
pub async fn comment_count(ctx: &Context<'_>, kind: Commented, id: u64) -> ApiResult<i64> {
    let loader = ctx.data_unchecked::<DataLoader<CommentCountLoader>>();
    Ok(loader.load_one((kind, id)).await?.unwrap_or(0))
}

/// Communities by id.
pub struct CommunityLoader(pub MySqlPool);

impl Loader<u64> for CommunityLoader {
    type Value = CommunityRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[u64]) -> Result<HashMap<u64, CommunityRow>, Self::Error> {
        let rows = repo::communities_by_id(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|r| (r.community_id, r)).collect())
    }
}

/// Users by lowercase address.
pub struct UserLoader(pub MySqlPool);

impl Loader<String> for UserLoader {
    type Value = UserRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, UserRow>, Self::Error> {
        let rows = repo::users_by_address(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows
            .into_iter()
            .map(|r| (r.ethereum_address.clone(), r))
            .collect())
    }
}

/// What comments are on, as the `CommentCountLoader` keys it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Commented {
    /// A task.
    Task,
    /// A community.
    Community,
}

impl Commented {
    fn label(self) -> &'static str {
        match self {
            Commented::Task => "任务",
            Commented::Community => "社区",
        }
    }
}

/// Comment counts by (target kind, target id).
pub struct CommentCountLoader(pub MySqlPool);

impl Loader<(Commented, u64)> for CommentCountLoader {
    type Value = i64;
    type Error = Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[(Commented, u64)],
    ) -> Result<HashMap<(Commented, u64), i64>, Self::Error> {
        let mut out: HashMap<(Commented, u64), i64> = keys.iter().map(|k| (*k, 0)).collect();
        let mut kinds: Vec<Commented> = keys.iter().map(|k| k.0).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for kind in kinds {
            let ids: Vec<u64> = keys.iter().filter(|k| k.0 == kind).map(|k| k.1).collect();
            for (id, n) in repo::comment_counts(&self.0, kind.label(), &ids)
                .await
                .map_err(Arc::new)?
            {
                out.insert((kind, id), n);
            }
        }
        Ok(out)
    }
}
