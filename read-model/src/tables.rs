//! One declaration per chain-derived table. Each yields the table's [`TableSpec`] (what
//! the indexer writes, rolls back, digests and audits), a typed row struct with one
//! field per column (named as the column; `sqlx::FromRow`), and that struct's SELECT
//! list (`<Row>::SELECT`). The test `tests/schema.rs` checks every declaration against
//! the migrated schema: names, types, nullability and the `_history` twins.
//!
//! Column kinds: `U` unsigned integer (`u64`), `S` text, CHAR or ENUM (`String`), `Dec`
//! `DECIMAL(65,0)` read as text (`String`), `B` `TINYINT(1)` (`bool`), `Time`
//! `TIMESTAMP` read as unix seconds (`u64`). An `Opt` prefix (`OptU`, `OptS`, …) marks
//! a NULL-able column; its field is an `Option`. Every table also carries the
//! provenance columns `block_number, block_hash, tx_hash, log_index`.
//!
//! `derived` columns are written by the indexer (and versioned, rolled back and checked
//! like the others) for the database's own use, such as the `search_terms` that full-text
//! indexes read; the row struct and its SELECT list leave them out, so a page of tasks
//! or posts does not carry its search tokens to the API.

use crate::model::{Kind, TableSpec};
use sqlx::mysql::MySqlRow;

/// The provenance columns every chain-derived table ends with.
pub(crate) const PROVENANCE: [(&str, Kind); 4] = [
    ("block_number", Kind::U),
    ("block_hash", Kind::S),
    ("tx_hash", Kind::S),
    ("log_index", Kind::U),
];

/// The provenance columns' part of every SELECT list.
macro_rules! provenance_select {
    () => {
        "`block_number`, CAST(`block_hash` AS CHAR) AS `block_hash`, \
         CAST(`tx_hash` AS CHAR) AS `tx_hash`, `log_index`"
    };
}

/// A typed row of a table: its spec and the SELECT list that decodes into it.
pub trait TableRow: for<'r> sqlx::FromRow<'r, MySqlRow> + Send + Unpin {
    /// The table's spec.
    const SPEC: &'static TableSpec;
    /// Every column under its own name, cast to decode into the struct's fields.
    const SELECT: &'static str;
    /// The log that last changed the row (its provenance columns).
    fn provenance(&self) -> Provenance;
    /// Decodes `row` as `FromRow` does, but with sqlx's type check of every value: the
    /// API reads through `FromRow`, which skips that check per value (it cost ~1% of a
    /// task page's instructions), and `tests/schema.rs` decodes every declaration both
    /// ways against the migrated schema.
    fn decode_checked(row: &MySqlRow) -> Result<Self, sqlx::Error>;
}

/// Where a row's current state came from: the log that last changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The block's number.
    pub block_number: u64,
    /// The block's hash.
    pub block_hash: String,
    /// The transaction's hash.
    pub tx_hash: String,
    /// The log's index in its block.
    pub log_index: u64,
}

macro_rules! col_kind {
    (U) => {
        Kind::U
    };
    (OptU) => {
        Kind::U
    };
    (S) => {
        Kind::S
    };
    (OptS) => {
        Kind::S
    };
    (Dec) => {
        Kind::Dec
    };
    (OptDec) => {
        Kind::Dec
    };
    (B) => {
        Kind::B
    };
    (OptB) => {
        Kind::B
    };
    (Time) => {
        Kind::Time
    };
    (OptTime) => {
        Kind::Time
    };
}

macro_rules! col_null {
    (U) => {
        false
    };
    (S) => {
        false
    };
    (Dec) => {
        false
    };
    (B) => {
        false
    };
    (Time) => {
        false
    };
    (OptU) => {
        true
    };
    (OptS) => {
        true
    };
    (OptDec) => {
        true
    };
    (OptB) => {
        true
    };
    (OptTime) => {
        true
    };
}

macro_rules! col_ty {
    (U) => { u64 }; (OptU) => { Option<u64> };
    (S) => { String }; (OptS) => { Option<String> };
    (Dec) => { String }; (OptDec) => { Option<String> };
    (B) => { bool }; (OptB) => { Option<bool> };
    (Time) => { u64 }; (OptTime) => { Option<u64> };
}

macro_rules! col_select {
    (U, $c:ident) => {
        concat!("`", stringify!($c), "`")
    };
    (OptU, $c:ident) => {
        col_select!(U, $c)
    };
    (B, $c:ident) => {
        col_select!(U, $c)
    };
    (OptB, $c:ident) => {
        col_select!(U, $c)
    };
    (S, $c:ident) => {
        concat!(
            "CAST(`",
            stringify!($c),
            "` AS CHAR) AS `",
            stringify!($c),
            "`"
        )
    };
    (OptS, $c:ident) => {
        col_select!(S, $c)
    };
    (Dec, $c:ident) => {
        col_select!(S, $c)
    };
    (OptDec, $c:ident) => {
        col_select!(S, $c)
    };
    (Time, $c:ident) => {
        concat!(
            "CAST(UNIX_TIMESTAMP(`",
            stringify!($c),
            "`) AS UNSIGNED) AS `",
            stringify!($c),
            "`"
        )
    };
    (OptTime, $c:ident) => {
        col_select!(Time, $c)
    };
}

/// `Ok(Self { col: row.$get("col")?, … })` over the columns and the provenance.
macro_rules! decode_fields {
    ($row:ident, $get:ident, $($c:ident),+) => {
        Ok(Self {
            $($c: $row.$get(stringify!($c))?,)+
            block_number: $row.$get("block_number")?,
            block_hash: $row.$get("block_hash")?,
            tx_hash: $row.$get("tx_hash")?,
            log_index: $row.$get("log_index")?,
        })
    };
}

macro_rules! table {
    (
        $ident:ident, $row:ident, $name:literal, versioned: $v:expr, key: [$($k:ident),+],
        cols: { $($c:ident: $kind:ident),+ $(,)? }
        $(, derived: { $($d:ident: $dkind:ident),+ $(,)? })? $(,)?
    ) => {
        #[doc = concat!("The `", $name, "` table.")]
        pub static $ident: TableSpec = TableSpec {
            name: $name,
            key: &[$(stringify!($k)),+],
            cols: &[
                $((stringify!($c), col_kind!($kind)),)+
                $($((stringify!($d), col_kind!($dkind)),)+)?
                PROVENANCE[0], PROVENANCE[1], PROVENANCE[2], PROVENANCE[3],
            ],
            nulls: &[$(col_null!($kind),)+ $($(col_null!($dkind),)+)? false, false, false, false],
            derived: &[$($(stringify!($d)),+)?],
            versioned: $v,
            select: $row::SELECT,
        };

        #[doc = concat!("A row of `", $name, "`, selected with [`", stringify!($row), "::SELECT`].")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $row {
            $(
                #[doc = concat!("`", stringify!($c), "`.")]
                pub $c: col_ty!($kind),
            )+
            /// The block of the row's latest state.
            pub block_number: u64,
            /// That block's hash.
            pub block_hash: String,
            /// The transaction that last changed the row.
            pub tx_hash: String,
            /// The log that last changed the row.
            pub log_index: u64,
        }

        impl $row {
            /// The table's spec.
            pub const SPEC: &'static TableSpec = &$ident;
            /// Every column under its own name, cast to decode into this struct.
            pub const SELECT: &'static str =
                concat!($(col_select!($kind, $c), ", ",)+ provenance_select!());
        }

        impl<'r> sqlx::FromRow<'r, MySqlRow> for $row {
            /// Decodes without sqlx's per-value type check ([`TableRow::decode_checked`]
            /// keeps it; `tests/schema.rs` proves both read the same).
            fn from_row(row: &'r MySqlRow) -> Result<Self, sqlx::Error> {
                use sqlx::Row as _;
                decode_fields!(row, try_get_unchecked, $($c),+)
            }
        }

        impl TableRow for $row {
            const SPEC: &'static TableSpec = &$ident;
            const SELECT: &'static str = $row::SELECT;

            fn decode_checked(row: &MySqlRow) -> Result<Self, sqlx::Error> {
                use sqlx::Row as _;
                decode_fields!(row, try_get, $($c),+)
            }

            fn provenance(&self) -> Provenance {
                Provenance {
                    block_number: self.block_number,
                    block_hash: self.block_hash.clone(),
                    tx_hash: self.tx_hash.clone(),
                    log_index: self.log_index,
                }
            }
        }
    };
}

table!(USER, UserRow, "User", versioned: true, key: [user_id], cols: {
    user_id: U, username: S, ethereum_address: S, is_verified: B, profile_hash: S,
    registered_at: U,
});
table!(COMMUNITY, CommunityRow, "Community", versioned: true, key: [community_id], cols: {
    community_id: U, community_name: S, creator_id: OptU, community_contract_address: OptS,
    creator_address: S, theme: S, description_hash: S, member_count: U, points_name: OptS,
    points_symbol: OptS, created_at: U,
}, derived: { search_terms: OptS });
table!(POST, PostRow, "Post", versioned: true, key: [post_id], cols: {
    post_id: U, post_title: S, post_time: Time, publisher_id: OptU, community_id: U,
    author: S, content_hash: S, removed: B, pinned: B, like_count: U, comment_count: U,
    created_at: U, edited_at: OptU,
}, derived: { search_terms: OptS });
table!(TASK, TaskRow, "Task", versioned: true, key: [task_id], cols: {
    task_id: U, task_name: S, task_price: Dec, task_status: S, community_id: U, publisher: S,
    claimer: OptS, reward_token: S, spec_hash: S, deadline: U, rejected: B,
    submitted_at: OptU, proof_hash: OptS, created_at: U, updated_at: U,
    rejection_hash: OptS, dispute_hash: OptS, work_deadline: OptU, dispute_deadline: OptU,
    claimed_at: OptU,
}, derived: { search_terms: OptS });
table!(TRANSACTION, TransactionRow, "Transaction", versioned: false, key: [transaction_id], cols: {
    transaction_id: U, task_id: U, sender_id: OptU, receiver_id: OptU,
    transaction_amount: Dec, token: S, sender: S, receiver: S, created_at: U,
});
table!(POINT, PointRow, "Point", versioned: false, key: [point_id], cols: {
    point_id: U, user_id: OptU, point_amount: Dec, source: OptS, transaction_time: Time,
    account: S, token: S, community_id: U, counterparty: S, created_at: U,
});
table!(COMMENT, CommentRow, "Comment", versioned: true, key: [comment_id], cols: {
    comment_id: U, user_id: OptU, comment_time: Time, comment_object_type: S, target_id: U,
    author: S, content_hash: S, created_at: U, removed: B, removed_by: OptS,
});
table!(ORDERS, OrderRow, "Orders", versioned: true, key: [order_id], cols: {
    order_id: U, user_id: OptU, order_item: S, order_amount: Dec, order_status: S,
    item_id: U, community_id: U, buyer: S, quantity: U, token: S, reviewed: B,
    created_at: U, updated_at: U, expires_at: U, paid_at: OptU, completed_at: OptU,
    cancelled_at: OptU,
});
table!(MEMBER, MemberRow, "Member", versioned: true, key: [community_id, account], cols: {
    community_id: U, account: S, status: S, is_admin: B, joined_at: U, admin_since: OptU,
});
table!(POST_LIKE, PostLikeRow, "PostLike", versioned: true, key: [post_id, account], cols: {
    post_id: U, account: S, liked: B,
});
table!(ITEM, ItemRow, "Item", versioned: true, key: [item_id], cols: {
    item_id: U, community_id: U, token: S, name: S, metadata_hash: S, price: Dec, stock: U,
    active: B, rating_sum: U, rating_count: U, sold: U, created_at: U, listed_by: OptS,
});
table!(REVIEW, ReviewRow, "Review", versioned: false, key: [order_id], cols: {
    order_id: U, item_id: U, buyer: S, stars: U, content_hash: S, created_at: U,
});
table!(OFFER, OfferRow, "Offer", versioned: true, key: [offer_id], cols: {
    offer_id: U, maker: S, give_token: S, give_amount: Dec, want_token: S, want_amount: Dec,
    counterparty: S, expiry: U, status: S, taker: OptS, created_at: U, updated_at: U,
});
table!(TOKEN, TokenRow, "Token", versioned: true, key: [token], cols: {
    token: S, community_id: U, name: S, symbol: S, total_supply: Dec, created_at: U,
});
table!(BALANCE, BalanceRow, "Balance", versioned: true, key: [token, account], cols: {
    token: S, account: S, balance: Dec,
});
table!(ROLE_MEMBER, RoleMemberRow, "RoleMember", versioned: true, key: [role, account], cols: {
    role: S, account: S, granted: B,
});
table!(RECOVERY_REQUEST, RecoveryRequestRow, "RecoveryRequest", versioned: true, key: [request_id], cols: {
    request_id: U, username: S, old_account: S, new_account: S, evidence_hash: S, status: S,
    created_at: U, updated_at: U,
});
table!(PUBLISHER_APPLICATION, PublisherApplicationRow, "PublisherApplication", versioned: false,
    key: [application_id], cols: {
    application_id: U, account: S, application_hash: S, created_at: U,
});
table!(ESCROW_CREDIT, EscrowCreditRow, "EscrowCredit", versioned: true, key: [contract, account, token], cols: {
    contract: S, account: S, token: S, owed: Dec,
});
table!(SETTING, SettingRow, "Setting", versioned: true, key: [contract, name], cols: {
    contract: S, name: S, value: S,
});
table!(TASK_RELEASE, TaskReleaseRow, "TaskRelease", versioned: true, key: [task_id, claimer], cols: {
    task_id: U, claimer: S, released_at: U,
});

table!(NOTIFICATION, NotificationRow, "Notification", versioned: true, key: [recipient, ref_key], cols: {
    recipient: S, ref_key: S, kind: S, actor: OptS, actor_count: U, object_type: S,
    object_id: U, post_id: OptU, task_id: OptU, title: OptS, community_id: OptU,
    amount: OptDec, token: OptS, created_at: U, updated_at: U,
});
table!(MODERATION_ACTION, ModerationActionRow, "ModerationAction", versioned: false,
    key: [action_id], cols: {
    action_id: U, community_id: U, kind: S, moderator: S, target_account: OptS,
    target_id: OptU, title: OptS, created_at: U,
});

/// Every chain-derived table, in a fixed order (flush, rollback, digest and audit
/// iterate in this order).
pub static TABLES: [&TableSpec; 23] = [
    &USER,
    &COMMUNITY,
    &POST,
    &TASK,
    &TRANSACTION,
    &POINT,
    &COMMENT,
    &ORDERS,
    &MEMBER,
    &POST_LIKE,
    &ITEM,
    &REVIEW,
    &OFFER,
    &TOKEN,
    &BALANCE,
    &ROLE_MEMBER,
    &RECOVERY_REQUEST,
    &PUBLISHER_APPLICATION,
    &ESCROW_CREDIT,
    &SETTING,
    &TASK_RELEASE,
    &NOTIFICATION,
    &MODERATION_ACTION,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_lists_name_every_column_in_spec_order() {
        for spec in TABLES {
            let parts: Vec<&str> = spec.select.split(", ").collect();
            let read: Vec<_> = spec
                .cols
                .iter()
                .filter(|(c, _)| !spec.derived.contains(c))
                .collect();
            assert_eq!(parts.len(), read.len(), "{}", spec.name);
            for (part, (c, _)) in parts.iter().zip(read) {
                assert!(part.ends_with(&format!("`{c}`")), "{}: {part}", spec.name);
            }
        }
        assert!(TaskRow::SELECT.starts_with("`task_id`, CAST(`task_name` AS CHAR) AS `task_name`"));
        assert!(!TaskRow::SELECT.contains("search_terms"));
        assert!(TASK.cols.iter().any(|(c, _)| *c == "search_terms"));
        assert!(
            PostRow::SELECT
                .contains("CAST(UNIX_TIMESTAMP(`post_time`) AS UNSIGNED) AS `post_time`")
        );
    }

    #[test]
    fn nullability_is_recorded_per_column() {
        assert!(TASK.nullable("claimer"));
        assert!(!TASK.nullable("task_status"));
        assert!(!TASK.nullable("block_hash"));
        assert_eq!(TASK.nulls.len(), TASK.cols.len());
    }

    #[test]
    fn sources_travel_through_history_or_block_number() {
        assert_eq!(TASK.source(None), ("`Task`".to_owned(), vec![]));
        let (sql, binds) = TASK.source(Some(9));
        let cols = TASK.col_list();
        assert_eq!(
            sql,
            format!(
                "(SELECT {cols} FROM `Task` WHERE block_number <= ? UNION ALL SELECT {cols} \
                 FROM `Task_history` WHERE valid_from <= ? AND valid_to > ?) AS t"
            )
        );
        assert_eq!(binds, vec![9, 9, 9]);
        assert_eq!(
            POINT.source(Some(9)),
            (
                "(SELECT * FROM `Point` WHERE block_number <= ?) AS t".to_owned(),
                vec![9]
            )
        );
    }
}
