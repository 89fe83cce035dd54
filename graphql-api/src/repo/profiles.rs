//! Profiles: users, their roles, wallet recoveries and publisher applications.

use std::borrow::Cow;

use read_model::{PublisherApplicationRow, RecoveryRequestRow, TableSpec, USER, UserRow};
use sqlx::{MySqlPool, QueryBuilder};

use super::{
    Page,
    query::{self, Filter as _, List, Read, Sql},
};

/// A publisher application, and whether its applicant holds the publisher role now
/// (an API-only column the query computes from `RoleMember`; read through `query::page`,
/// whose source is `t`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationRow {
    /// The application.
    #[sqlx(flatten)]
    pub row: PublisherApplicationRow,
    /// Whether the applicant holds the publisher role now.
    pub granted: bool,
}

impl Read for ApplicationRow {
    const SPEC: &'static TableSpec = PublisherApplicationRow::SPEC;

    fn select() -> Cow<'static, str> {
        Cow::Owned(format!(
            "{}, EXISTS(SELECT 1 FROM RoleMember r WHERE r.role = 'TASK_PUBLISHER' \
             AND r.account = t.account AND r.granted = 1) AS granted",
            PublisherApplicationRow::SELECT
        ))
    }
}

/// How a user is looked up.
#[derive(Debug, Clone, Copy)]
pub enum UserKey {
    /// By address.
    Address,
    /// By username.
    Username,
}

/// Loads a user by address or username.
pub async fn user_by(
    pool: &MySqlPool,
    column: UserKey,
    value: &str,
    at: Option<u64>,
) -> Result<Option<UserRow>, sqlx::Error> {
    let col = match column {
        UserKey::Address => "ethereum_address",
        UserKey::Username => "username",
    };
    query::one(pool, col, value.to_owned(), at).await
}

/// Loads users by address (DataLoader), current state.
pub async fn users_by_address(
    pool: &MySqlPool,
    addresses: &[String],
) -> Result<Vec<UserRow>, sqlx::Error> {
    query::by_keys(pool, "ethereum_address", addresses).await
}

/// A page of users, in registration order.
pub async fn users(
    pool: &MySqlPool,
    offset: u64,
    limit: u64,
    at: Option<u64>,
) -> Result<Page<UserRow>, sqlx::Error> {
    let mut rows = query::select::<UserRow>(at);
    rows.push(" ORDER BY user_id LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows = rows.build_query_as().fetch_all(pool).await?;
    let mut count: Sql = QueryBuilder::new("SELECT COUNT(*) FROM ");
    query::push_source(&mut count, &USER, at);
    let total = count.build_query_scalar().fetch_one(pool).await?;
    Ok(Page { rows, total })
}

/// `account`'s granted roles (their names as the indexer stores them).
pub async fn roles(pool: &MySqlPool, account: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(role AS CHAR) FROM RoleMember WHERE account = ? AND granted = 1 ORDER BY role",
    )
    .bind(account)
    .fetch_all(pool)
    .await
}

/// A page of recovery requests, newest first.
pub async fn recovery_requests(
    pool: &MySqlPool,
    status: Option<&str>,
    slice: (u64, u64),
) -> Result<Page<RecoveryRequestRow>, sqlx::Error> {
    let filter = |qb: &mut Sql| {
        qb.eq("status", status.map(str::to_owned));
    };
    let list = List {
        at: None,
        hint: "",
        filter,
        order: "request_id DESC",
        slice,
    };
    query::page(pool, list).await
}

/// A page of publisher applications, newest first.
pub async fn publisher_applications(
    pool: &MySqlPool,
    slice: (u64, u64),
) -> Result<Page<ApplicationRow>, sqlx::Error> {
    let list = List {
        at: None,
        hint: "",
        filter: |_: &mut Sql| {},
        order: "application_id DESC",
        slice,
    };
    query::page(pool, list).await
}
