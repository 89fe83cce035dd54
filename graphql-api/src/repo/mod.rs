//! Every SQL statement the API runs, one module per contract's tables. Resolvers call
//! these; none builds SQL from input: rows, their `SELECT` lists and table names come
//! from the read model's declarations (`read_model::tables`), values are bound through
//! sqlx's `QueryBuilder`.
//!
//! Time travel: with `at = Some(block)`, a mutable table's row is its current row when
//! that was written at or before `block`, else the closed version in its `<table>_history`
//! twin with `valid_from <= block < valid_to`; append-only tables are read by
//! `block_number <= block` (`TableSpec::source`).

mod cache;
mod communities;
mod exchange;
mod mall;
mod points;
mod posts;
mod profiles;
mod query;
mod search;
mod status;
mod tasks;

pub use communities::{
    CommunitySort, admin_of, communities, communities_by_id, community, members, memberships,
};
pub use exchange::offers;
pub use mall::{ItemSort, OrderFilter, item, items, order, orders, reviews};
pub use points::{BalanceRow, balances, credits, payments, point_history, tokens};
pub use posts::{PostFilter, PostSort, comment_counts, comments, liked, post, posts};
pub use profiles::{
    ApplicationRow, UserKey, publisher_applications, recovery_requests, roles, user_by, users,
    users_by_address,
};
pub use read_model::{
    CommentRow, CommunityRow, ItemRow, MemberRow, OfferRow, OrderRow, PointRow, PostRow,
    RecoveryRequestRow, ReviewRow, TaskRow, TransactionRow, UserRow,
};
pub use search::search;
pub use status::{StatusRow, exists, settings, status};
pub use tasks::{TaskFilter, TaskSort, released_claimers, task, tasks, tasks_by_id};

/// One page of rows and the total that matched.
#[derive(Debug)]
pub struct Page<T> {
    /// The rows.
    pub rows: Vec<T>,
    /// How many rows matched in all.
    pub total: i64,
}

/// Which slice of a sorted list to read, and as of which block.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
    /// Largest first.
    pub descending: bool,
    /// Time travel: the block to read at (`None`: now).
    pub at: Option<u64>,
}

impl Paging {
    /// (offset, limit).
    fn slice(&self) -> (u64, u64) {
        (self.offset, self.limit)
    }
}
