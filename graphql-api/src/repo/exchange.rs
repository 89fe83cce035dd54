//! PointExchange: point-trade offers.

use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
    row::Table,
};

/// PointExchange's offers.
const OFFER: Table = Table::versioned("Offer");

row! {
    /// A point-trade offer row.
    pub struct OfferRow in OFFER {
        /// On-chain id.
        pub id: u64 = col("offer_id"),
        /// Maker (lowercase hex).
        pub maker: String = text("maker"),
        /// Token given (`0x0…0` = ETH).
        pub give_token: String = text("give_token"),
        /// Amount given, decimal.
        pub give_amount: String = text("give_amount"),
        /// Token wanted.
        pub want_token: String = text("want_token"),
        /// Amount wanted, decimal.
        pub want_amount: String = text("want_amount"),
        /// The only allowed taker (`0x0…0` = anyone).
        pub counterparty: String = text("counterparty"),
        /// Unix seconds after which it cannot be accepted.
        #[sqlx(try_from = "u64")]
        pub expiry: i64 = col("expiry"),
        /// open, filled or cancelled.
        pub status: String = text("status"),
        /// Who filled it.
        pub taker: Option<String> = text("taker"),
    }
}

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
