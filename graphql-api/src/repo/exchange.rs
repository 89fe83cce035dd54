//! PointExchange: point-trade offers.

use read_model::OfferRow;
use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
};

/// A page of offers, newest first, optionally of one status and maker.
pub async fn offers(
    pool: &MySqlPool,
    status: Option<&str>,
    maker: Option<String>,
    paging: Paging,
) -> Result<Page<OfferRow>, sqlx::Error> {
    let order = query::order_by("offer_id", "offer_id", paging.descending);
    let filter = |qb: &mut Sql| {
        qb.eq("status", status.map(str::to_owned))
            .eq("maker", maker.clone());
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
