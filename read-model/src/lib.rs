//! The MySQL read model shared by the indexer (which writes it) and the API (which
//! reads it): one declaration per table ([`tables`]) yields its spec, its typed row and
//! its SELECT list; [`db`] holds the pool, the migrations in `read-model/migrations`
//! and the table-generic statements; [`twins`] derives each versioned table's
//! `_history` twin; [`status`] the status labels; [`search`] the full-text tokenizer
//! both sides write and query with.

#[macro_use]
pub mod model;
pub mod db;
pub mod search;
pub mod status;
pub mod tables;
pub mod twins;

pub use model::{Key, Kind, Row, TableSpec, Val};
pub use status::{
    CommentTarget, MemberStatus, ModerationKind, NotificationKind, NotificationObject, OfferStatus,
    OrderStatus, RecoveryStatus, TaskStatus, order_status, task_status,
};
pub use tables::*;
