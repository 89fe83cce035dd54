//! `PointMall`: items for sale in a community's point mall, orders (private: the buyer,
//! the item's community admins and the system admin) and item reviews (public).

use super::{
    content::Document,
    context::{caller, caller_is_admin},
    loaders::{self, Community, User},
    types::{
        BlockInput, Direction, Source, Total, at, checksum, connection, int, page, paging,
        parse_address, parse_id,
    },
};
use crate::{
    auth,
    error::{ApiResult, forbidden, internal},
    repo::{self, ItemRow, OrderFilter as RepoFilter, OrderRow, ReviewRow},
};
use async_graphql::{
    ComplexObject, Context, Enum, InputObject, Object, SimpleObject,
    connection::{Connection, EmptyFields},
};
use sqlx::MySqlPool;

// An item for sale in a community's point mall.
// (Not a doc comment: that would become the type's description in `schema.graphql`,
// which has none for it.)
#[allow(missing_docs)]
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Item {
    /// The item's on-chain id.
    pub id: String,
    /// Its community's id (prices are in that community's points).
    pub community_id: String,
    /// The community's point token (checksummed).
    pub token: String,
    /// Its name.
    pub name: String,
    /// keccak256 of its metadata document (image, description).
    pub metadata_hash: String,
    /// Points per unit (a decimal string).
    pub price: String,
    /// Units for sale.
    pub stock: i64,
    /// Whether it is for sale.
    pub active: bool,
    /// Reviews.
    pub rating_count: i64,
    /// Average stars (1–5), when reviewed.
    pub rating: Option<f64>,
    /// Units delivered.
    pub sold: i64,
    /// Unix seconds of listing.
    pub created_at: i64,
    /// The community's id, for `community`.
    #[graphql(skip)]
    pub community: u64,
    /// The log that last changed the item, for `source`.
    #[graphql(skip)]
    pub provenance: Source,
}

impl From<ItemRow> for Item {
    fn from(r: ItemRow) -> Self {
        let provenance = Source::of(&r);
        Self {
            id: r.item_id.to_string(),
            community_id: r.community_id.to_string(),
            token: checksum(&r.token),
            name: r.name,
            metadata_hash: r.metadata_hash,
            price: r.price,
            stock: int(r.stock),
            active: r.active,
            rating_count: int(r.rating_count),
            rating: (r.rating_count > 0).then(|| r.rating_sum as f64 / r.rating_count as f64),
            sold: int(r.sold),
            created_at: int(r.created_at),
            community: r.community_id,
            provenance,
        }
    }
}

#[ComplexObject]
impl Item {
    /// The metadata document (`text`, `image`; its body only when it matches
    /// `metadataHash`).
    async fn metadata(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.metadata_hash).await
    }
    /// The item's community.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        loaders::community(ctx, self.community).await
    }
    /// The log that last changed the item.
    async fn source(&self) -> Source {
        self.provenance.clone()
    }
}

/// Queries about the mall's items.
#[derive(Default)]
pub struct ItemQuery;

#[Object]
impl ItemQuery {
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
            .map(Item::from))
    }

    /// Mall items, newest first (or by price with `byPrice`, or best sellers first with
    /// `bySold`: units delivered), of one community if given, for sale only unless
    /// `includeInactive`.
    #[allow(clippy::too_many_arguments)]
    async fn items(
        &self,
        ctx: &Context<'_>,
        community_id: Option<String>,
        #[graphql(default)] include_inactive: bool,
        #[graphql(default)] by_price: bool,
        #[graphql(default)] by_sold: bool,
        #[graphql(default)] direction: Direction,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Item, Total, EmptyFields>> {
        let (offset, limit) = page(first, after)?;
        let community = community_id.as_deref().map(parse_id).transpose()?;
        let paging = paging(offset, limit, direction == Direction::Desc, block);
        let pool = ctx.data_unchecked::<MySqlPool>();
        if by_price && by_sold {
            return Err(crate::error::bad_input(
                "sort by price or by units sold, not both",
            ));
        }
        let sort = if by_sold {
            repo::ItemSort::Sold
        } else if by_price {
            repo::ItemSort::Price
        } else {
            repo::ItemSort::Newest
        };
        let p = repo::items(pool, community, !include_inactive, sort, paging)
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Item::from))
    }
}

/// An order's status (the seed's 已下单 已支付 已完成 已取消).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::OrderStatus")]
pub enum OrderStatus {
    /// 已下单: placed, stock reserved, not paid.
    Ordered,
    /// 已支付: points in escrow.
    Paid,
    /// 已完成: delivered; the points were burned.
    Completed,
    /// 已取消: cancelled; stock and points returned.
    Cancelled,
}

impl OrderStatus {
    /// The label stored in the read model (declared once in `read_model::OrderStatus`).
    fn label(self) -> &'static str {
        read_model::OrderStatus::from(self).label()
    }

    fn from_label(label: &str) -> Option<Self> {
        read_model::OrderStatus::from_label(label).map(Self::from)
    }
}

/// A mall order.
pub struct Order(pub OrderRow);

#[Object]
impl Order {
    /// The order's on-chain id.
    async fn id(&self) -> String {
        self.0.order_id.to_string()
    }
    /// The item's id.
    async fn item_id(&self) -> String {
        self.0.item_id.to_string()
    }
    /// The item (as it is now).
    async fn item(&self, ctx: &Context<'_>) -> ApiResult<Option<Item>> {
        let pool = ctx.data_unchecked::<MySqlPool>();
        Ok(repo::item(pool, self.0.item_id, None)
            .await
            .map_err(internal)?
            .map(Item::from))
    }
    /// The item's name when ordered.
    async fn item_name(&self) -> &str {
        &self.0.order_item
    }
    /// The community whose points pay.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// The buyer's address.
    async fn buyer(&self) -> String {
        checksum(&self.0.buyer)
    }
    /// Units.
    async fn quantity(&self) -> i64 {
        int(self.0.quantity)
    }
    /// Points in all (a decimal string).
    async fn amount(&self) -> &str {
        &self.0.order_amount
    }
    /// The point token.
    async fn token(&self) -> String {
        checksum(&self.0.token)
    }
    /// Its status.
    async fn status(&self) -> Option<OrderStatus> {
        OrderStatus::from_label(&self.0.order_status)
    }
    /// Whether the buyer reviewed it.
    async fn reviewed(&self) -> bool {
        self.0.reviewed
    }
    /// Unix seconds of ordering.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// Unix seconds of the last change.
    async fn updated_at(&self) -> i64 {
        int(self.0.updated_at)
    }
    /// Unix seconds after which an unpaid order may be cancelled by anyone (the stock
    /// returns); `PointMall.orderTtl()` after ordering.
    async fn expires_at(&self) -> i64 {
        int(self.0.expires_at)
    }
    /// Unix seconds of payment (`null` while unpaid).
    async fn paid_at(&self) -> Option<i64> {
        self.0.paid_at.map(int)
    }
    /// Unix seconds of completion: delivered, the points paid out (`null` until then).
    async fn completed_at(&self) -> Option<i64> {
        self.0.completed_at.map(int)
    }
    /// Unix seconds of cancellation (`null` unless cancelled; a paid order's points went
    /// back to the buyer then).
    async fn cancelled_at(&self) -> Option<i64> {
        self.0.cancelled_at.map(int)
    }
    /// The log that last changed the order.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// A buyer's review of an item.
pub struct Review(pub ReviewRow);

#[Object]
impl Review {
    /// The reviewed order.
    async fn order_id(&self) -> String {
        self.0.order_id.to_string()
    }
    /// The item.
    async fn item_id(&self) -> String {
        self.0.item_id.to_string()
    }
    /// The buyer's address.
    async fn buyer(&self) -> String {
        checksum(&self.0.buyer)
    }
    /// The buyer's account.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        loaders::user(ctx, &self.0.buyer).await
    }
    /// 1 to 5.
    async fn stars(&self) -> i64 {
        int(self.0.stars)
    }
    /// The review's text document.
    async fn content(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        Document::load(ctx, &self.0.content_hash).await
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// The `Reviewed` log.
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

/// Filters of `orders`; all given ones must hold.
#[derive(InputObject, Default)]
pub struct OrderFilter {
    /// The buyer (others than the caller: admins only).
    pub buyer: Option<String>,
    /// The community (its admins see all its orders).
    pub community_id: Option<String>,
    /// The item.
    pub item_id: Option<String>,
    /// The status.
    pub status: Option<OrderStatus>,
}

/// Order and review queries.
#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// One order: for its buyer, the admins of its item's community and the system
    /// admin (`FORBIDDEN` for anyone else, `null` when there is none).
    async fn order(
        &self,
        ctx: &Context<'_>,
        id: String,
        block: Option<BlockInput>,
    ) -> ApiResult<Option<Order>> {
        let id = parse_id(&id)?;
        let c = caller(ctx)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let Some(o) = repo::order(pool, id, at(block)).await.map_err(internal)? else {
            return Ok(None);
        };
        if o.buyer != c.address
            && !auth::is_community_admin(pool, o.community_id, &c.address)
                .await
                .map_err(internal)?
            && !caller_is_admin(ctx).await?
        {
            return Err(forbidden(
                "an order is visible to its buyer, the community's admins and the system admin",
            ));
        }
        Ok(Some(Order(o)))
    }

    /// Orders, newest first. The system admin sees all; a community admin sees their
    /// communities' orders; everyone else sees their own.
    async fn orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrderFilter>,
        first: Option<i32>,
        after: Option<String>,
        block: Option<BlockInput>,
    ) -> ApiResult<Connection<String, Order, Total, EmptyFields>> {
        let c = caller(ctx)?;
        let f = filter.unwrap_or_default();
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let mut rf = RepoFilter {
            buyer: f.buyer.as_deref().map(parse_address).transpose()?,
            communities: f
                .community_id
                .as_deref()
                .map(parse_id)
                .transpose()?
                .map(|c| vec![c]),
            item_id: f.item_id.as_deref().map(parse_id).transpose()?,
            status: f.status.map(|s| s.label().to_owned()),
        };
        if !caller_is_admin(ctx).await? {
            let own = rf.buyer.as_deref() == Some(c.address.as_str());
            if !own {
                // Not only their own orders: limited to the communities they admin.
                let admin_of = repo::admin_of(pool, &c.address).await.map_err(internal)?;
                match (&rf.communities, rf.buyer.is_some()) {
                    (Some(ids), _) if ids.iter().all(|i| admin_of.contains(i)) => {}
                    (Some(_), _) => {
                        return Err(forbidden(
                            "only that community's admins may list its orders",
                        ));
                    }
                    (None, true) => {
                        if admin_of.is_empty() {
                            return Err(forbidden("you may list only your own orders"));
                        }
                        rf.communities = Some(admin_of);
                    }
                    (None, false) => rf.buyer = Some(c.address.clone()),
                }
            }
        }
        let p = repo::orders(pool, &rf, paging(offset, limit, true, block))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Order))
    }

    /// An item's reviews, newest first (`NOT_FOUND` when there is no such item).
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        item_id: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Review, Total, EmptyFields>> {
        let id = parse_id(&item_id)?;
        let (offset, limit) = page(first, after)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let p = repo::reviews(pool, id, paging(offset, limit, true, None))
            .await
            .map_err(internal)?;
        if p.total == 0 && !repo::exists(pool, "Item", id).await.map_err(internal)? {
            return Err(crate::error::not_found(format!("there is no item {id}")));
        }
        Ok(connection(p, offset, Review))
    }
}
