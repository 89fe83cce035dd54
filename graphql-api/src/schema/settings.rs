//! Contract settings (`paused` per contract, thresholds) as the indexer recorded them.

use super::types::checksum;
use crate::{
    error::{ApiResult, internal},
    repo,
};
use async_graphql::{Context, Object, SimpleObject};
use sqlx::MySqlPool;

/// A contract setting (`paused`, `popularityThreshold`, ...).
#[derive(SimpleObject)]
pub struct Setting {
    /// The contract (checksummed).
    pub contract: String,
    /// The setting.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// The contract settings query.
#[derive(Default)]
pub struct SettingQuery;

#[Object]
impl SettingQuery {
    /// Contract settings: `paused` per contract, thresholds. A contract never paused has
    /// no `paused` row (it is running).
    async fn settings(&self, ctx: &Context<'_>) -> ApiResult<Vec<Setting>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::settings(pool)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| Setting {
                contract: checksum(&s.contract),
                name: s.name,
                value: s.value,
            })
            .collect())
    }
}
