//! `PointExchange`: peer-to-peer point offers.

use super::types::{
    BlockInput, Source, Total, checksum, connection, int, page, paging, parse_address,
};
use crate::{
    error::{ApiResult, internal},
    repo::{self, OfferRow},
};
use async_graphql::{
    Context, Enum, Object, SimpleObject,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

/// An offer's status.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::OfferStatus")]
pub enum OfferStatus {
    /// Waiting for a taker.
    Open,
    /// Taken.
    Filled,
    /// Cancelled, its escrow returned.
    Cancelled,
}

impl OfferStatus {
    /// The label stored in the read model (declared once in `read_model::OfferStatus`).
    fn label(self) -> &'static str {
        read_model::OfferStatus::from(self).label()
    }
}

// A peer-to-peer point trade ("积分交易").
// (Not a doc comment: that would become the type's description in `schema.graphql`,
// which has none for it.)
#[allow(missing_docs)]
#[derive(SimpleObject)]
pub struct Offer {
    /// The offer's on-chain id.
    pub id: String,
    /// The maker's address.
    pub maker: String,
    /// What the maker gives (`0x000…0` = ETH).
    pub give_token: String,
    /// How much, in the token's smallest unit.
    pub give_amount: String,
    /// What the maker wants (`0x000…0` = ETH).
    pub want_token: String,
    /// How much.
    pub want_amount: String,
    /// The only allowed taker (`0x000…0` = anyone).
    pub counterparty: String,
    /// Unix seconds after which it cannot be accepted.
    pub expiry: i64,
    /// Its status.
    pub status: Option<OfferStatus>,
    /// Who took it.
    pub taker: Option<String>,
    /// The log that last changed the offer.
    pub source: Source,
}

impl From<OfferRow> for Offer {
    fn from(r: OfferRow) -> Self {
        let source = Source::of(&r);
        Self {
            id: r.offer_id.to_string(),
            maker: checksum(&r.maker),
            give_token: checksum(&r.give_token),
            give_amount: r.give_amount,
            want_token: checksum(&r.want_token),
            want_amount: r.want_amount,
            counterparty: checksum(&r.counterparty),
            expiry: int(r.expiry),
            status: read_model::OfferStatus::from_label(&r.status).map(OfferStatus::from),
            taker: r.taker.as_deref().map(checksum),
            source,
        }
    }
}

/// Queries about point trades.
#[derive(Default)]
pub struct OfferQuery;

#[Object]
impl OfferQuery {
    /// Point-trade offers, newest first, of one status and maker if given.
    async fn offers(
        &self,
        ctx: &Context<'_>,
        status: Option<OfferStatus>,
        maker: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Offer, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let maker = maker.as_deref().map(parse_address).transpose()?;
        let paging = paging(offset, limit, true, block);
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::offers(pool, status.map(OfferStatus::label), maker, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Offer::from))
    }
}
