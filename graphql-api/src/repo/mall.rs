//! PointMall: items, orders and reviews.

use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
    row::Table,
};

/// PointMall's items.
pub(super) const ITEM: Table = Table::versioned("Item");
/// PointMall's orders.
const ORDERS: Table = Table::versioned("Orders");
/// PointMall's reviews.
const REVIEW: Table = Table::append_only("Review");

row! {
    /// A mall item row.
    pub struct ItemRow in ITEM {
        /// On-chain id.
        pub id: u64 = col("item_id"),
        /// Community id (prices are in its points).
        pub community_id: u64 = col("community_id"),
        /// The point token (lowercase hex).
        pub token: String = text("token"),
        /// Name.
        pub name: String = text("name"),
        /// Metadata document hash.
        pub metadata_hash: String = text("metadata_hash"),
        /// Points per unit, decimal.
        pub price: String = text("price"),
        /// Units for sale.
        #[sqlx(try_from = "u64")]
        pub stock: i64 = col("stock"),
        /// For sale.
        pub active: bool = col("active"),
        /// Sum of review stars.
        #[sqlx(try_from = "u64")]
        pub rating_sum: i64 = col("rating_sum"),
        /// Reviews.
        #[sqlx(try_from = "u64")]
        pub rating_count: i64 = col("rating_count"),
        /// Units delivered.
        #[sqlx(try_from = "u64")]
        pub sold: i64 = col("sold"),
        /// Listed, unix seconds.
        #[sqlx(try_from = "u64")]
        pub created_at: i64 = col("created_at"),
    }
}

row! {
    /// A mall order row.
    pub struct OrderRow in ORDERS {
        /// On-chain id.
        pub id: u64 = col("order_id"),
        /// Item id.
        pub item_id: u64 = col("item_id"),
        /// Item name at ordering.
        pub item_name: String = text("order_item"),
        /// Community id.
        pub community_id: u64 = col("community_id"),
        /// Buyer (lowercase hex).
        pub buyer: String = text("buyer"),
        /// Units.
        #[sqlx(try_from = "u64")]
        pub quantity: i64 = col("quantity"),
        /// Points in all, decimal.
        pub amount: String = text("order_amount"),
        /// Point token.
        pub token: String = text("token"),
        /// The seed's status label.
        pub status: String = text("order_status"),
        /// Reviewed.
        pub reviewed: bool = col("reviewed"),
        /// Created.
        #[sqlx(try_from = "u64")]
        pub created_at: i64 = col("created_at"),
        /// Last change.
        #[sqlx(try_from = "u64")]
        pub updated_at: i64 = col("updated_at"),
        /// Unix seconds after which, unpaid, anyone may cancel it.
        #[sqlx(try_from = "u64")]
        pub expires_at: i64 = col("expires_at"),
    }
}

row! {
    /// A review row.
    pub struct ReviewRow in REVIEW {
        /// Order.
        pub order_id: u64 = col("order_id"),
        /// Item.
        pub item_id: u64 = col("item_id"),
        /// Buyer (lowercase hex).
        pub buyer: String = text("buyer"),
        /// 1–5.
        #[sqlx(try_from = "u64")]
        pub stars: i64 = col("stars"),
        /// Body document hash.
        pub content_hash: String = text("content_hash"),
        /// Created.
        #[sqlx(try_from = "u64")]
        pub created_at: i64 = col("created_at"),
    }
}

/// Loads one item.
pub async fn item(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<ItemRow>, sqlx::Error> {
    query::one(pool, "item_id", id, at).await
}

/// A page of items of one community (or all), newest first or by price.
pub async fn items(
    pool: &MySqlPool,
    community_id: Option<u64>,
    active_only: bool,
    by_price: bool,
    paging: Paging,
) -> Result<Page<ItemRow>, sqlx::Error> {
    let order_col = if by_price { "price" } else { "created_at" };
    let order = query::order_by(order_col, "item_id", paging.descending);
    let filter = |qb: &mut Sql| {
        if active_only {
            qb.and("active = 1");
        }
        qb.eq("community_id", community_id);
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: &order,
        slice: paging.slice(),
    };
    query::page(pool, list).await
}

/// Loads one order.
pub async fn order(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<OrderRow>, sqlx::Error> {
    query::one(pool, "order_id", id, at).await
}

/// Filters of `orders`.
#[derive(Debug, Default, Clone)]
pub struct OrderFilter {
    /// Buyer (lowercase hex).
    pub buyer: Option<String>,
    /// Communities (any of; empty: all).
    pub communities: Option<Vec<u64>>,
    /// Item.
    pub item_id: Option<u64>,
    /// Status label.
    pub status: Option<String>,
}

/// A page of orders, newest first.
pub async fn orders(
    pool: &MySqlPool,
    f: &OrderFilter,
    paging: Paging,
) -> Result<Page<OrderRow>, sqlx::Error> {
    let order = query::order_by("order_id", "order_id", paging.descending);
    let filter = |qb: &mut Sql| {
        qb.eq("buyer", f.buyer.clone())
            .eq("item_id", f.item_id)
            .eq("order_status", f.status.clone());
        match f.communities.as_deref() {
            Some([]) => {
                qb.and("1 = 0");
            }
            Some(ids) => {
                qb.any_of("community_id", ids);
            }
            None => {}
        }
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: &order,
        slice: paging.slice(),
    };
    query::page(pool, list).await
}

/// A page of an item's reviews, newest first.
pub async fn reviews(
    pool: &MySqlPool,
    item_id: u64,
    paging: Paging,
) -> Result<Page<ReviewRow>, sqlx::Error> {
    let filter = |qb: &mut Sql| {
        qb.eq("item_id", Some(item_id));
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: "order_id DESC",
        slice: paging.slice(),
    };
    query::page(pool, list).await
}
