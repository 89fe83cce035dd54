//! Profiles: users, their roles, wallet recoveries and publisher applications.

use sqlx::{MySqlPool, QueryBuilder};

use super::{
    Page,
    query::{self, Filter as _, List, Sql},
    row::Table,
};

/// Profiles' users.
const USER: Table = Table::versioned("User");
/// Profiles' wallet-recovery requests.
const RECOVERY_REQUEST: Table = Table::versioned("RecoveryRequest");
/// Profiles' publisher applications.
const PUBLISHER_APPLICATION: Table = Table::append_only("PublisherApplication");

row! {
    /// A user row (public fields only).
    pub struct UserRow in USER {
        /// The user's id in the read model.
        pub user_id: u64 = col("user_id"),
        /// Username.
        pub username: String = text("username"),
        /// Address (lowercase hex).
        pub address: String = text("ethereum_address"),
        /// Verified.
        pub verified: bool = col("is_verified"),
        /// Profile document hash.
        pub profile_hash: String = text("profile_hash"),
        /// Registered, unix seconds.
        #[sqlx(try_from = "u64")]
        pub registered_at: i64 = col("registered_at"),
    }
}

row! {
    /// A wallet-recovery request row.
    pub struct RecoveryRow in RECOVERY_REQUEST {
        /// Id.
        pub id: u64 = col("request_id"),
        /// Username to move.
        pub username: String = text("username"),
        /// Old address.
        pub old_account: String = text("old_account"),
        /// New address.
        pub new_account: String = text("new_account"),
        /// Evidence document hash.
        pub evidence_hash: String = text("evidence_hash"),
        /// pending, approved, rejected.
        pub status: String = text("status"),
        /// Created.
        #[sqlx(try_from = "u64")]
        pub created_at: i64 = col("created_at"),
    }
}

row! {
    /// A publisher application row.
    pub struct ApplicationRow in PUBLISHER_APPLICATION {
        /// Id.
        pub id: u64 = col("application_id"),
        /// Applicant.
        pub account: String = text("account"),
        /// Application document hash.
        pub application_hash: String = text("application_hash"),
        /// Created.
        #[sqlx(try_from = "u64")]
        pub created_at: i64 = col("created_at"),
    }
    extra "EXISTS(SELECT 1 FROM RoleMember r WHERE r.role = 'TASK_PUBLISHER' \
        AND r.account = PublisherApplication.account AND r.granted = 1) AS granted" {
        /// Whether the applicant holds the publisher role now.
        pub granted: bool
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
    query::push_source(&mut count, USER, at);
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
) -> Result<Page<RecoveryRow>, sqlx::Error> {
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
