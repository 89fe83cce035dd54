//! Row declarations: each read-model table the API reads is declared once, with the
//! [`row!`] macro, as a struct whose fields name their columns. The macro derives the
//! struct's `sqlx::FromRow` decoding and writes its `SELECT` list from the same
//! declaration, so a column is named in one place.

use sqlx::{
    Decode, MySql, Type, ValueRef as _,
    error::BoxDynError,
    mysql::{MySqlRow, MySqlTypeInfo, MySqlValueRef},
};

/// A read-model table: its name and whether it keeps a `<name>_history` twin (a
/// mutable table) or only grows (append-only, read by `block_number` when time
/// travelling).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    /// The table's name.
    pub(crate) name: &'static str,
    /// Whether its rows change (and so have a history twin).
    pub(crate) versioned: bool,
}

impl Table {
    /// A mutable table (with a `_history` twin).
    pub(crate) const fn versioned(name: &'static str) -> Self {
        Self {
            name,
            versioned: true,
        }
    }

    /// An append-only table.
    pub(crate) const fn append_only(name: &'static str) -> Self {
        Self {
            name,
            versioned: false,
        }
    }
}

/// A row type declared with [`row!`]: its table and `SELECT` list.
pub(crate) trait Read: for<'r> sqlx::FromRow<'r, MySqlRow> + Send + Unpin + 'static {
    /// The table it is read from.
    const TABLE: Table;
    /// The `SELECT` list its `FromRow` decodes.
    const SELECT: &'static str;
}

/// Where a row came from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Provenance {
    /// Block number.
    #[sqlx(try_from = "u64")]
    pub block_number: i64,
    /// Block hash.
    pub block_hash: String,
    /// Transaction hash.
    pub tx_hash: String,
    /// Log index.
    #[sqlx(try_from = "u64")]
    pub log_index: i64,
}

/// A nullable unsigned column read as `Option<i64>` (`#[sqlx(try_from = …)]` on such
/// a field).
pub(crate) struct NullableU64(Option<u64>);

impl Type<MySql> for NullableU64 {
    fn type_info() -> MySqlTypeInfo {
        <u64 as Type<MySql>>::type_info()
    }

    fn compatible(ty: &MySqlTypeInfo) -> bool {
        <u64 as Type<MySql>>::compatible(ty)
    }
}

impl<'r> Decode<'r, MySql> for NullableU64 {
    fn decode(value: MySqlValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.is_null() {
            return Ok(Self(None));
        }
        <u64 as Decode<MySql>>::decode(value).map(|v| Self(Some(v)))
    }
}

impl TryFrom<NullableU64> for Option<i64> {
    type Error = std::num::TryFromIntError;

    fn try_from(v: NullableU64) -> Result<Self, Self::Error> {
        v.0.map(i64::try_from).transpose()
    }
}

/// One column's `SELECT` expression: `col("c")` as stored, `text("c")` cast to the
/// connection's character set (the tables' binary collation would otherwise make
/// their text columns binary strings). The alias is the column's own name, so
/// `ORDER BY c` means the same as it always has.
macro_rules! select_expr {
    (col $c:tt) => {
        $c
    };
    (text $c:tt) => {
        concat!("CAST(", $c, " AS CHAR) AS ", $c)
    };
}

/// The provenance columns every chain-derived row ends with.
macro_rules! provenance_select {
    () => {
        "block_number, CAST(block_hash AS CHAR) AS block_hash, CAST(tx_hash AS CHAR) AS tx_hash, log_index"
    };
}

/// Declares a row struct read from `table` (a [`Table`](crate::repo::row::Table) in
/// scope): each field `name: Type = kind("column")` (`col` or `text`, see
/// [`select_expr!`]), then an optional `extra { … }` of computed columns, named by their
/// alias in the given SQL expression. Every row ends with its [`Provenance`].
macro_rules! row {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $table:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty = $kind:ident($col:tt)
            ),* $(,)?
        }
        $(extra $extra:tt {
            $(#[$xmeta:meta])*
            pub $xfield:ident : $xty:ty
        })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, sqlx::FromRow)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[sqlx(rename = $col)]
                pub $field: $ty,
            )*
            $(
                $(#[$xmeta])*
                pub $xfield: $xty,
            )?
            /// Provenance.
            #[sqlx(flatten)]
            pub source: $crate::repo::Provenance,
        }

        impl $crate::repo::row::Read for $name {
            const TABLE: $crate::repo::row::Table = $table;
            const SELECT: &'static str = concat!(
                $(select_expr!($kind $col), ", ",)*
                $($extra, ", ",)?
                provenance_select!()
            );
        }
    };
}
