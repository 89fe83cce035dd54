//! Communities: communities and their members.

use read_model::{CommunityRow, MemberRow};
use sqlx::MySqlPool;

use super::{
    Page, Paging,
    query::{self, Filter as _, List, Sql},
};

/// Loads one community.
pub async fn community(
    pool: &MySqlPool,
    id: u64,
    at: Option<u64>,
) -> Result<Option<CommunityRow>, sqlx::Error> {
    query::one(pool, "community_id", id, at).await
}

/// Loads communities by id (DataLoader), current state.
pub async fn communities_by_id(
    pool: &MySqlPool,
    ids: &[u64],
) -> Result<Vec<CommunityRow>, sqlx::Error> {
    query::by_keys(pool, "community_id", ids).await
}

/// Sort keys of `communities`.
#[derive(Debug, Clone, Copy)]
pub enum CommunitySort {
    /// `created_at`.
    CreatedAt,
    /// `member_count`.
    Members,
}

/// A page of communities.
pub async fn communities(
    pool: &MySqlPool,
    name_contains: Option<&str>,
    theme: Option<&str>,
    sort: CommunitySort,
    paging: Paging,
) -> Result<Page<CommunityRow>, sqlx::Error> {
    let order_col = match sort {
        CommunitySort::CreatedAt => "created_at",
        CommunitySort::Members => "member_count",
    };
    let order = query::order_by(order_col, "community_id", paging.descending);
    let filter = |qb: &mut Sql| {
        qb.contains("community_name", name_contains)
            .eq("theme", theme.map(str::to_owned));
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

/// The communities `address` is an admin of.
pub async fn admin_of(pool: &MySqlPool, address: &str) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT community_id FROM Member WHERE account = ? AND is_admin = 1 AND status = 'member'",
    )
    .bind(address)
    .fetch_all(pool)
    .await
}

/// A page of a community's members (current ones unless `account` is given), admins
/// first, then by joining time.
pub async fn members(
    pool: &MySqlPool,
    community_id: u64,
    account: Option<&str>,
    admins_only: bool,
    paging: Paging,
) -> Result<Page<MemberRow>, sqlx::Error> {
    let filter = |qb: &mut Sql| {
        qb.eq("community_id", Some(community_id))
            .eq("account", account.map(str::to_owned));
        if account.is_none() {
            qb.and("status = 'member'");
        }
        if admins_only {
            qb.and("is_admin = 1");
        }
    };
    let list = List {
        at: paging.at,
        hint: "",
        filter,
        order: "is_admin DESC, joined_at ASC, account ASC",
        slice: paging.slice(),
    };
    query::page(pool, list).await
}

/// Every community `account` has a membership row in (any status).
pub async fn memberships(pool: &MySqlPool, account: &str) -> Result<Vec<MemberRow>, sqlx::Error> {
    let mut qb = query::select::<MemberRow>(None);
    qb.push(" WHERE account = ")
        .push_bind(account.to_owned())
        .push(" ORDER BY community_id");
    qb.build_query_as().fetch_all(pool).await
}
