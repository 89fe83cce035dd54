//! The read model's tables: each table's key and the columns the indexer writes
//! (off-chain columns such as `User.email` are never touched), and a generic row of
//! named values. Flushing, rollback, the state digest and the audit all work from these
//! specs; the API reads the typed rows declared beside them ([`crate::tables`]), so a
//! table is described once.

pub use crate::tables::*;

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
    /// Whether each column of `cols` (same order) may be NULL.
    pub nulls: &'static [bool],
    /// The columns of `cols` written for the database's own use (the `search_terms` that
    /// full-text indexes read), left out of the row struct and `select`.
    pub derived: &'static [&'static str],
    /// Mutable tables keep every version in `<name>_history`; append-only tables roll
    /// back by `block_number`.
    pub versioned: bool,
    /// The SELECT list of the table's typed row struct (e.g. [`crate::TaskRow`]): every
    /// column but the `derived` ones under its own name, cast so it decodes into the
    /// field's type.
    pub select: &'static str,
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

    /// How column `name` is read and written.
    ///
    /// # Panics
    /// When the table has no such column.
    pub fn kind(&self, name: &str) -> Kind {
        self.cols[self.index(name)].1
    }

    /// Whether column `name` may be NULL.
    ///
    /// # Panics
    /// When the table has no such column.
    pub fn nullable(&self, name: &str) -> bool {
        self.nulls[self.index(name)]
    }

    /// The rows valid at block `at` (the current table when `None`), as a SQL source
    /// (a table name or a derived table `t`) with its bound parameters. A versioned
    /// table's row valid at `at` is its current row if that was written at or before
    /// `at`, else the closed version of its `_history` twin whose range holds `at`
    /// (`valid_from <= at < valid_to`); an append-only table's rows are those written up
    /// to `at`.
    pub fn source(&self, at: Option<u64>) -> (String, Vec<u64>) {
        let table = self.name;
        match (at, self.versioned) {
            (None, _) => (format!("`{table}`"), vec![]),
            (Some(b), true) => {
                let cols = self.col_list();
                (
                    format!(
                        "(SELECT {cols} FROM `{table}` WHERE block_number <= ? UNION ALL \
                         SELECT {cols} FROM `{table}_history` WHERE valid_from <= ? AND valid_to > ?) AS t"
                    ),
                    vec![b, b, b],
                )
            }
            (Some(b), false) => (
                format!("(SELECT * FROM `{table}` WHERE block_number <= ?) AS t"),
                vec![b],
            ),
        }
    }

    /// Every version of a versioned table's rows as a SQL source `v`: the spec's columns,
    /// `valid_from` and `valid_to` (`NULL` while current). The `_history` twin holds the
    /// closed versions; the open one of each row is the current table's (its
    /// `block_number` is where it started).
    pub fn versions(&self) -> String {
        let (table, cols) = (self.name, self.col_list());
        format!(
            "(SELECT {cols}, `valid_from`, `valid_to` FROM `{table}_history` UNION ALL \
             SELECT {cols}, `block_number` AS `valid_from`, CAST(NULL AS UNSIGNED) AS `valid_to` \
             FROM `{table}`) AS v"
        )
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
            for (c, _) in crate::tables::PROVENANCE {
                spec.index(c);
            }
        }
    }
}
