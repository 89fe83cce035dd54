//! CommunityPoints and the escrows' payouts: point movements, balances, tokens, task
//! payments and withdrawable credits.

use read_model::{EscrowCreditRow, PointRow, TokenRow, TransactionRow};
use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
};

/// A point balance with its community.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BalanceRow {
    /// Token.
    pub token: String,
    /// Community.
    pub community_id: u64,
    /// Token name.
    pub name: String,
    /// Token symbol.
    pub symbol: String,
    /// Balance, decimal.
    pub balance: String,
}

/// A page of `account`'s point movements, newest first.
pub async fn point_history(
    pool: &MySqlPool,
    account: &str,
    community_id: Option<u64>,
    paging: Paging,
) -> Result<Page<PointRow>, sqlx::Error> {
    let filter = |qb: &mut Sql| {
        qb.eq("account", Some(account.to_owned()))
            .eq("community_id", community_id);
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: "point_id DESC",
        slice: paging.slice(),
    };
    query::page(pool, list).await
}

/// A task's payouts, oldest first.
pub async fn payments(
    pool: &MySqlPool,
    task_id: u64,
    at: Option<u64>,
) -> Result<Vec<TransactionRow>, sqlx::Error> {
    let mut qb = query::select::<TransactionRow>(at);
    qb.push(" WHERE task_id = ")
        .push_bind(task_id)
        .push(" ORDER BY transaction_id");
    qb.build_query_as().fetch_all(pool).await
}

/// `account`'s non-zero community point balances.
pub async fn balances(pool: &MySqlPool, account: &str) -> Result<Vec<BalanceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(b.token AS CHAR) AS token, t.community_id, CAST(t.name AS CHAR) AS name, CAST(t.symbol AS CHAR) AS symbol, \
         CAST(b.balance AS CHAR) AS balance FROM Balance b JOIN Token t ON t.token = b.token \
         WHERE b.account = ? AND b.balance > 0 ORDER BY t.community_id",
    )
    .bind(account)
    .fetch_all(pool)
    .await
}

/// Every point token, by community.
pub async fn tokens(pool: &MySqlPool) -> Result<Vec<TokenRow>, sqlx::Error> {
    let mut qb = query::select::<TokenRow>(None);
    qb.push(" ORDER BY community_id");
    qb.build_query_as().fetch_all(pool).await
}

/// `account`'s withdrawable escrow payouts, by contract and token (the stored
/// columns' order, not their text aliases').
pub async fn credits(pool: &MySqlPool, account: &str) -> Result<Vec<EscrowCreditRow>, sqlx::Error> {
    let mut qb = query::select::<EscrowCreditRow>(None);
    qb.push(" WHERE account = ")
        .push_bind(account.to_owned())
        .push(" AND owed > 0 ORDER BY EscrowCredit.contract, EscrowCredit.token");
    qb.build_query_as().fetch_all(pool).await
}
