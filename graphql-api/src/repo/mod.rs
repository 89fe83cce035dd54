//! Every SQL statement the API runs, one module per contract's tables. Resolvers call
//! these; none builds SQL from input: table and column names come from the row
//! declarations ([`row!`]), values are bound through sqlx's `QueryBuilder`.
//!
//! Time travel: with `at = Some(block)`, mutable tables are read from their
//! `<table>_history` twin (`valid_from <= block < valid_to`), append-only ones by
//! `block_number <= block`.

#[macro_use]
mod row;
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
    CommunityRow, CommunitySort, MemberRow, admin_of, communities, communities_by_id, community,
    members, memberships,
};
pub use exchange::{OfferRow, offers};
pub use mall::{ItemRow, OrderFilter, OrderRow, ReviewRow, item, items, order, orders, reviews};
pub use points::{
    BalanceRow, PaymentRow, PointRow, balances, credits, payments, point_history, tokens,
};
pub use posts::{
    CommentRow, PostFilter, PostRow, PostSort, comment_counts, comments, liked, post, posts,
};
pub use profiles::{
    ApplicationRow, RecoveryRow, UserKey, UserRow, publisher_applications, recovery_requests,
    roles, user_by, users, users_by_address,
};
pub use row::Provenance;
pub use search::search;
pub use status::{StatusRow, exists, settings, status};
pub use tasks::{TaskFilter, TaskRow, TaskSort, released_claimers, task, tasks, tasks_by_id};

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
