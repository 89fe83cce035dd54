//! The read model's tables as the indexer sees them: each table's key and the columns
//! the indexer writes (off-chain columns such as `User.email` are never touched), and
//! a generic row of named values. Flushing, rollback, the state digest and the audit
//! all work from these specs, so a table is described once.

use std::fmt::Write as _;

/// One column value. Amounts (`DECIMAL(65,0)`) travel as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Val {
    /// SQL NULL.
    Null,
    /// An unsigned integer.
    U(u64),
    /// A signed integer.
    I(i64),
    /// Text: names, addresses, hashes, enum labels and decimal amounts.
    S(String),
    /// A boolean (`TINYINT(1)`).
    B(bool),
}

impl Val {
    /// The value as it enters the state digest and the audit's comparison.
    pub fn canonical(&self, out: &mut String) {
        match self {
            Val::Null => out.push('∅'),
            Val::U(v) => write!(out, "{v}").expect("writing to a String"),
            Val::I(v) => write!(out, "{v}").expect("writing to a String"),
            Val::S(v) => out.push_str(v),
            Val::B(v) => out.push(if *v { '1' } else { '0' }),
        }
    }

    /// The unsigned integer inside, if any.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Val::U(v) => Some(*v),
            Val::I(v) => u64::try_from(*v).ok(),
            Val::B(v) => Some(u64::from(*v)),
            _ => None,
        }
    }

    /// The text inside, if any.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::S(v) => Some(v),
            _ => None,
        }
    }
}

impl From<u64> for Val {
    fn from(v: u64) -> Self {
        Val::U(v)
    }
}
impl From<u32> for Val {
    fn from(v: u32) -> Self {
        Val::U(v.into())
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::B(v)
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::S(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::S(v.to_owned())
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

/// How a column is read back from MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Unsigned integer columns.
    U,
    /// Text, enum and CHAR columns.
    S,
    /// `DECIMAL(65,0)`, read as text.
    Dec,
    /// `TINYINT(1)`.
    B,
    /// `TIMESTAMP`, written and read as unix seconds.
    Time,
}

/// A table of the read model.
#[derive(Debug)]
pub struct TableSpec {
    /// The table's name (also of its `<name>_history` twin when versioned).
    pub name: &'static str,
    /// The primary key's columns.
    pub key: &'static [&'static str],
    /// Every column the indexer writes, with how to read it. Includes the key and the
    /// provenance columns `block_number, block_hash, tx_hash, log_index`.
    pub cols: &'static [(&'static str, Kind)],
    /// Mutable tables keep every version in `<name>_history`; append-only tables roll
    /// back by `block_number`.
    pub versioned: bool,
}

impl TableSpec {
    /// The position of column `name`.
    ///
    /// # Panics
    /// When the table has no such column: a programming error the tests catch.
    pub fn index(&self, name: &str) -> usize {
        self.cols
            .iter()
            .position(|(c, _)| *c == name)
            .unwrap_or_else(|| panic!("table {} has no column {name}", self.name))
    }

    /// The column names, comma-separated and quoted, for SQL.
    pub fn col_list(&self) -> String {
        self.cols
            .iter()
            .map(|(c, _)| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl PartialEq for TableSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for TableSpec {}

/// A row of a table: one value per column of its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The table.
    pub spec: &'static TableSpec,
    /// Values in the spec's column order.
    pub vals: Vec<Val>,
}

impl Row {
    /// A row of NULLs, to be filled with [`Row::set`].
    pub fn new(spec: &'static TableSpec) -> Self {
        Self {
            spec,
            vals: vec![Val::Null; spec.cols.len()],
        }
    }

    /// Sets column `name`.
    pub fn set(&mut self, name: &str, val: impl Into<Val>) -> &mut Self {
        let i = self.spec.index(name);
        self.vals[i] = val.into();
        self
    }

    /// Column `name`.
    pub fn get(&self, name: &str) -> &Val {
        &self.vals[self.spec.index(name)]
    }

    /// Column `name` as an unsigned integer (0 when NULL).
    pub fn u64(&self, name: &str) -> u64 {
        self.get(name).as_u64().unwrap_or(0)
    }

    /// Column `name` as text ("" when NULL).
    pub fn str(&self, name: &str) -> &str {
        self.get(name).as_str().unwrap_or("")
    }

    /// The row's key, as used in the batch's maps.
    pub fn key(&self) -> Key {
        Key(self.spec.key.iter().map(|k| self.get(k).clone()).collect())
    }

    /// The row's canonical text (digest and audit): values joined by a unit separator.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        for (i, v) in self.vals.iter().enumerate() {
            if i > 0 {
                out.push('\u{1f}');
            }
            v.canonical(&mut out);
        }
        out
    }
}

/// A primary key's values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub Vec<Val>);

impl PartialOrd for Val {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Val {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (mut a, mut b) = (String::new(), String::new());
        self.canonical(&mut a);
        other.canonical(&mut b);
        match (self.as_u64(), other.as_u64()) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => a.cmp(&b),
        }
    }
}

impl Key {
    /// A key of one unsigned integer (most tables: the on-chain id).
    pub fn id(id: u64) -> Self {
        Key(vec![Val::U(id)])
    }
}

const PROVENANCE: [(&str, Kind); 4] = [
    ("block_number", Kind::U),
    ("block_hash", Kind::S),
    ("tx_hash", Kind::S),
    ("log_index", Kind::U),
];

macro_rules! table {
    ($ident:ident, $name:literal, versioned: $v:expr, key: [$($k:literal),+], cols: [$(($c:literal, $kind:ident)),+ $(,)?]) => {
        #[doc = concat!("The `", $name, "` table.")]
        pub static $ident: TableSpec = TableSpec {
            name: $name,
            key: &[$($k),+],
            cols: &[
                $(($c, Kind::$kind)),+,
                PROVENANCE[0], PROVENANCE[1], PROVENANCE[2], PROVENANCE[3],
            ],
            versioned: $v,
        };
    };
}

table!(USER, "User", versioned: true, key: ["user_id"], cols: [
    ("user_id", U), ("username", S), ("ethereum_address", S), ("is_verified", B),
    ("profile_hash", S), ("registered_at", U),
]);
table!(COMMUNITY, "Community", versioned: true, key: ["community_id"], cols: [
    ("community_id", U), ("community_name", S), ("creator_id", U),
    ("community_contract_address", S), ("creator_address", S), ("theme", S),
    ("description_hash", S), ("member_count", U), ("points_name", S), ("points_symbol", S),
    ("created_at", U), ("search_terms", S),
]);
table!(POST, "Post", versioned: true, key: ["post_id"], cols: [
    ("post_id", U), ("post_title", S), ("post_time", Time), ("publisher_id", U),
    ("community_id", U), ("author", S), ("content_hash", S), ("removed", B), ("pinned", B),
    ("like_count", U), ("comment_count", U), ("created_at", U), ("edited_at", U),
    ("search_terms", S),
]);
table!(TASK, "Task", versioned: true, key: ["task_id"], cols: [
    ("task_id", U), ("task_name", S), ("task_price", Dec), ("task_status", S),
    ("community_id", U), ("publisher", S), ("claimer", S), ("reward_token", S),
    ("spec_hash", S), ("deadline", U), ("rejected", B), ("submitted_at", U),
    ("proof_hash", S), ("created_at", U), ("updated_at", U), ("search_terms", S),
    ("rejection_hash", S), ("dispute_hash", S), ("work_deadline", U), ("dispute_deadline", U),
    ("claimed_at", U),
]);
table!(TRANSACTION, "Transaction", versioned: false, key: ["transaction_id"], cols: [
    ("transaction_id", U), ("task_id", U), ("sender_id", U), ("receiver_id", U),
    ("transaction_amount", Dec), ("token", S), ("sender", S), ("receiver", S), ("created_at", U),
]);
table!(POINT, "Point", versioned: false, key: ["point_id"], cols: [
    ("point_id", U), ("user_id", U), ("point_amount", Dec), ("source", S),
    ("transaction_time", Time), ("account", S), ("token", S), ("community_id", U),
    ("counterparty", S), ("created_at", U),
]);
table!(COMMENT, "Comment", versioned: true, key: ["comment_id"], cols: [
    ("comment_id", U), ("user_id", U), ("comment_time", Time), ("comment_object_type", S),
    ("target_id", U), ("author", S), ("content_hash", S), ("created_at", U), ("removed", B),
    ("removed_by", S),
]);
table!(ORDERS, "Orders", versioned: true, key: ["order_id"], cols: [
    ("order_id", U), ("user_id", U), ("order_item", S), ("order_amount", Dec),
    ("order_status", S), ("item_id", U), ("community_id", U), ("buyer", S), ("quantity", U),
    ("token", S), ("reviewed", B), ("created_at", U), ("updated_at", U), ("expires_at", U),
]);
table!(MEMBER, "Member", versioned: true, key: ["community_id", "account"], cols: [
    ("community_id", U), ("account", S), ("status", S), ("is_admin", B), ("joined_at", U),
    ("admin_since", U),
]);
table!(POST_LIKE, "PostLike", versioned: true, key: ["post_id", "account"], cols: [
    ("post_id", U), ("account", S), ("liked", B),
]);
table!(ITEM, "Item", versioned: true, key: ["item_id"], cols: [
    ("item_id", U), ("community_id", U), ("token", S), ("name", S), ("metadata_hash", S),
    ("price", Dec), ("stock", U), ("active", B), ("rating_sum", U), ("rating_count", U),
    ("sold", U), ("created_at", U),
]);
table!(REVIEW, "Review", versioned: false, key: ["order_id"], cols: [
    ("order_id", U), ("item_id", U), ("buyer", S), ("stars", U), ("content_hash", S),
    ("created_at", U),
]);
table!(OFFER, "Offer", versioned: true, key: ["offer_id"], cols: [
    ("offer_id", U), ("maker", S), ("give_token", S), ("give_amount", Dec), ("want_token", S),
    ("want_amount", Dec), ("counterparty", S), ("expiry", U), ("status", S), ("taker", S),
    ("created_at", U), ("updated_at", U),
]);
table!(TOKEN, "Token", versioned: true, key: ["token"], cols: [
    ("token", S), ("community_id", U), ("name", S), ("symbol", S), ("total_supply", Dec),
    ("created_at", U),
]);
table!(BALANCE, "Balance", versioned: true, key: ["token", "account"], cols: [
    ("token", S), ("account", S), ("balance", Dec),
]);
table!(ROLE_MEMBER, "RoleMember", versioned: true, key: ["role", "account"], cols: [
    ("role", S), ("account", S), ("granted", B),
]);
table!(RECOVERY_REQUEST, "RecoveryRequest", versioned: true, key: ["request_id"], cols: [
    ("request_id", U), ("username", S), ("old_account", S), ("new_account", S),
    ("evidence_hash", S), ("status", S), ("created_at", U), ("updated_at", U),
]);
table!(PUBLISHER_APPLICATION, "PublisherApplication", versioned: false, key: ["application_id"], cols: [
    ("application_id", U), ("account", S), ("application_hash", S), ("created_at", U),
]);
table!(ESCROW_CREDIT, "EscrowCredit", versioned: true, key: ["contract", "account", "token"], cols: [
    ("contract", S), ("account", S), ("token", S), ("owed", Dec),
]);
table!(SETTING, "Setting", versioned: true, key: ["contract", "name"], cols: [
    ("contract", S), ("name", S), ("value", S),
]);
table!(TASK_RELEASE, "TaskRelease", versioned: true, key: ["task_id", "claimer"], cols: [
    ("task_id", U), ("claimer", S), ("released_at", U),
]);

/// Every chain-derived table, in a fixed order (flush, rollback, digest and audit
/// iterate in this order).
pub static TABLES: [&TableSpec; 21] = [
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
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_set_and_read_by_column_name() {
        let mut row = Row::new(&TASK);
        row.set("task_id", 7u64)
            .set("task_status", "发布")
            .set("claimer", Val::Null);
        assert_eq!(row.u64("task_id"), 7);
        assert_eq!(row.str("task_status"), "发布");
        assert_eq!(row.key(), Key::id(7));
        assert!(row.canonical().starts_with("7\u{1f}"));
    }

    #[test]
    #[should_panic(expected = "table Task has no column nope")]
    fn an_unknown_column_is_a_loud_programming_error() {
        Row::new(&TASK).set("nope", 1u64);
    }

    #[test]
    fn every_table_has_its_key_and_provenance_among_its_columns() {
        for spec in TABLES {
            for k in spec.key {
                spec.index(k);
            }
            for (c, _) in PROVENANCE {
                spec.index(c);
            }
        }
    }
}
