//! PointMall: items, orders and reviews.

use read_model::{ItemRow, OrderRow, ReviewRow};
use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
};

/// Loads one item.
pub async fn item(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<ItemRow>, sqlx::Error> {
    query::one(pool, "item_id", id, at).await
}

/// How `items` sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemSort {
    /// Listing time.
    Newest,
    /// Price.
    Price,
    /// Units delivered (best sellers).
    Sold,
}

/// A page of items of one community (or all), newest first, by price or by sales.
pub async fn items(
    pool: &MySqlPool,
    community_id: Option<u64>,
    active_only: bool,
    sort: ItemSort,
    paging: Paging,
) -> Result<Page<ItemRow>, sqlx::Error> {
    let order_col = match sort {
        ItemSort::Newest => "created_at",
        ItemSort::Price => "price",
        ItemSort::Sold => "sold",
    };
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
