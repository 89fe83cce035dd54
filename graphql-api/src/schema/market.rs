//! The point mall's items and the peer-to-peer point offers.

use super::community::Community;
use super::content::Document;
use super::loaders::CommunityLoader;
use super::types::{
    BlockInput, Direction, Source, Total, at, checksum, connection, page, parse_address, parse_id,
};
use crate::{
    error::{ApiResult, internal},
    repo::{self, ItemRow, OfferRow},
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{
    Context, Enum, Object,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

/// An item for sale in a community's point mall.
pub struct Item(pub ItemRow);

#[Object]
impl Item {
    /// The item's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its community's id (prices are in that community's points).
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// The community's point token (checksummed).
    async fn token(&self) -> String {
        checksum(&self.0.token)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// keccak256 of its metadata document (image, description).
    async fn metadata_hash(&self) -> &str {
        &self.0.metadata_hash
    }
    /// Points per unit (a decimal string).
    async fn price(&self) -> &str {
        &self.0.price
    }
    /// Units for sale.
    async fn stock(&self) -> i64 {
        self.0.stock
    }
    /// Whether it is for sale.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Reviews.
    async fn rating_count(&self) -> i64 {
        self.0.rating_count
    }
    /// Average stars (1–5), when reviewed.
    async fn rating(&self) -> Option<f64> {
        (self.0.rating_count > 0).then(|| self.0.rating_sum as f64 / self.0.rating_count as f64)
    }
    /// Units delivered.
    async fn sold(&self) -> i64 {
        self.0.sold
    }
    /// Unix seconds of listing.
    async fn created_at(&self) -> i64 {
        self.0.created_at
    }
    /// The metadata document (`text`, `image`; its body only when it matches
    /// `metadataHash`).
    async fn metadata(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.metadata_hash).await
    }
    /// The item's community.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        let loader = ctx.data_unchecked::<DataLoader<CommunityLoader>>();
        Ok(loader.load_one(self.0.community_id).await?.map(Community))
    }
    /// The log that last changed the item.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// An offer's status.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OfferStatus {
    /// Waiting for a taker.
    Open,
    /// Taken.
    Filled,
    /// Cancelled, its escrow returned.
    Cancelled,
}

impl OfferStatus {
    fn label(self) -> &'static str {
        match self {
            OfferStatus::Open => "open",
            OfferStatus::Filled => "filled",
            OfferStatus::Cancelled => "cancelled",
        }
    }
}

/// A peer-to-peer point trade ("积分交易").
pub struct Offer(pub OfferRow);

#[Object]
impl Offer {
    /// The offer's on-chain id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The maker's address.
    async fn maker(&self) -> String {
        checksum(&self.0.maker)
    }
    /// What the maker gives (`0x000…0` = ETH).
    async fn give_token(&self) -> String {
        checksum(&self.0.give_token)
    }
    /// How much, in the token's smallest unit.
    async fn give_amount(&self) -> &str {
        &self.0.give_amount
    }
    /// What the maker wants (`0x000…0` = ETH).
    async fn want_token(&self) -> String {
        checksum(&self.0.want_token)
    }
    /// How much.
    async fn want_amount(&self) -> &str {
        &self.0.want_amount
    }
    /// The only allowed taker (`0x000…0` = anyone).
    async fn counterparty(&self) -> String {
        checksum(&self.0.counterparty)
    }
    /// Unix seconds after which it cannot be accepted.
    async fn expiry(&self) -> i64 {
        self.0.expiry
    }
    /// Its status.
    async fn status(&self) -> Option<OfferStatus> {
        [
            OfferStatus::Open,
            OfferStatus::Filled,
            OfferStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.label() == self.0.status)
    }
    /// Who took it.
    async fn taker(&self) -> Option<String> {
        self.0.taker.as_deref().map(checksum)
    }
    /// The log that last changed the offer.
    async fn source(&self) -> Source {
        self.0.source.clone().into()
    }
}

/// Queries about the mall and point trades.
#[derive(Default)]
pub struct MarketQuery;

#[Object]
impl MarketQuery {
    /// One mall item by id (`null` when there is none).
    async fn item(
        &self,
        ctx: &Context<'_>,
        id: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<Item>> {
        let id = parse_id(&id)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::item(pool, id, at(block))
            .await
            .map_err(internal)?
            .map(Item))
    }

    /// Mall items, newest first (or by price with `byPrice`), of one community if given,
    /// for sale only unless `includeInactive`.
    #[allow(clippy::too_many_arguments)]
    async fn items(
        &self,
        ctx: &Context<'_>,
        community_id: Option<String>,
        #[graphql(default)] include_inactive: bool,
        #[graphql(default)] by_price: bool,
        #[graphql(default)] direction: Direction,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Item, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let community = community_id.as_deref().map(parse_id).transpose()?;
        let paging = repo::Paging {
            offset,
            limit,
            descending: direction == Direction::Desc,
            at: at(block),
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::items(pool, community, !include_inactive, by_price, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Item))
    }

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
        let paging = repo::Paging {
            offset,
            limit,
            descending: true,
            at: at(block),
        };
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::offers(pool, status.map(OfferStatus::label), maker, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Offer))
    }
}
