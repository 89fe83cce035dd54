//! `CommunityPoints`: each community's point token, balances, and point movements.

use super::loaders::{User, user};
use super::types::{
    Source, Total, checksum, connection, int, page, paging, parse_address, parse_id,
};
use crate::{
    error::{ApiResult, internal},
    repo::{self, PointRow},
};
use async_graphql::{
    ComplexObject, Context, Object, SimpleObject,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

// A movement of community points (the seed's `Point`).
// (Not a doc comment: that would become the type's description in `schema.graphql`,
// which has none for it.)
#[allow(missing_docs)]
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct PointEntry {
    /// Row id.
    pub id: String,
    /// Whose points moved.
    pub account: String,
    /// The community.
    pub community_id: String,
    /// The point token.
    pub token: String,
    /// Signed: positive received, negative sent or spent.
    pub amount: String,
    /// The other side (`0x000…0` for minting and burning).
    pub counterparty: String,
    /// Why (an award's source).
    pub reason: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// The `Transfer` log.
    pub source: Source,
}

#[ComplexObject]
impl PointEntry {
    /// The registered player on the other side, if it is one (not a contract, the zero
    /// address of a mint or burn, or an unregistered account); one query per page.
    async fn counterparty_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        user(ctx, &self.counterparty.to_lowercase()).await
    }
}

impl From<PointRow> for PointEntry {
    fn from(r: PointRow) -> Self {
        let source = Source::of(&r);
        Self {
            id: r.point_id.to_string(),
            account: checksum(&r.account),
            community_id: r.community_id.to_string(),
            token: checksum(&r.token),
            amount: r.point_amount,
            counterparty: checksum(&r.counterparty),
            reason: r.source,
            created_at: int(r.created_at),
            source,
        }
    }
}

/// A community point balance.
#[derive(SimpleObject)]
pub struct Balance {
    /// The point token (checksummed).
    pub token: String,
    /// Its community.
    pub community_id: String,
    /// The token's symbol.
    pub symbol: String,
    /// The token's name.
    pub name: String,
    /// Whole points (a decimal string).
    pub balance: String,
}

/// A community point token (ERC-20, 0 decimals).
#[derive(SimpleObject)]
pub struct Token {
    /// Its address (checksummed).
    pub address: String,
    /// Its community.
    pub community_id: String,
    /// Its name.
    pub name: String,
    /// Its symbol.
    pub symbol: String,
    /// Points in circulation.
    pub total_supply: String,
}

/// The point history query.
#[derive(Default)]
pub struct PointHistoryQuery;

#[Object]
impl PointHistoryQuery {
    /// An account's point movements, newest first, of one community if given.
    async fn point_history(
        &self,
        ctx: &Context<'_>,
        account: String,
        community_id: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, PointEntry, Total, EmptyFields>> {
        let account = parse_address(&account)?;
        let community = community_id.as_deref().map(parse_id).transpose()?;
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::point_history(pool, &account, community, paging(offset, limit, true, None))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, PointEntry::from))
    }
}

/// The point tokens query.
#[derive(Default)]
pub struct TokenQuery;

#[Object]
impl TokenQuery {
    /// Every community point token (to name the tokens of offers and payments).
    async fn tokens(&self, ctx: &Context<'_>) -> ApiResult<Vec<Token>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::tokens(pool)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|t| Token {
                address: checksum(&t.token),
                community_id: t.community_id.to_string(),
                name: t.name,
                symbol: t.symbol,
                total_supply: t.total_supply,
            })
            .collect())
    }
}
