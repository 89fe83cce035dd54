//! DataLoaders: relations resolve in one query per page, not one per object.

use crate::repo::{self, CommunityRow, UserRow};
use async_graphql::dataloader::Loader;
use sqlx::MySqlPool;
use std::{collections::HashMap, sync::Arc};

/// Communities by id.
pub struct CommunityLoader(pub MySqlPool);

impl Loader<u64> for CommunityLoader {
    type Value = CommunityRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[u64]) -> Result<HashMap<u64, CommunityRow>, Self::Error> {
        let rows = repo::communities_by_id(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
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
        Ok(rows.into_iter().map(|r| (r.address.clone(), r)).collect())
    }
}
